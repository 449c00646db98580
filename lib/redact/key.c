/*
 * The key (TSV: category number placeholder original): what a placeholder
 * looks like, reading the key, a placeholder for each new match, saving.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "tx.h"
#include "redact/redact.h"

int
redact_is_category(const char *s)
{
	if (!(*s >= 'A' && *s <= 'Z') || strlen(s) > 32)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    (*s == '-' && s[1] != '\0' && s[1] != '-')))
			return 0;
	return 1;
}

/* Length of s less a ".N" variant suffix, if it has one. */
size_t
redact_strip_variant(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	return i < n && i > 1 && s[i - 1] == '.' ? i - 1 : n;
}

/* "PERSON-12" or "NHS-NUMBER-3.2": a label as tx-redact makes them. */
int
redact_is_auto_label(const char *s, size_t n)
{
	size_t i = redact_strip_variant(s, n), j = i;

	while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9')
		j--;
	if (j == i || j < 2 || s[j - 1] != '-' || !(s[0] >= 'A' && s[0] <= 'Z'))
		return 0;
	for (size_t k = 0; k < j; k++)
		if (!((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
		    s[k] == '-'))
			return 0;
	return 1;
}

/* Bytes that no original or placeholder may hold: they would need escapes. */
static int
has_unsafe(const char *s)
{
	return strpbrk(s, "\t\n\r\\") != NULL;
}

/* ---- the key ---- */

static long
label_add(struct key *k, const char *name, long number)
{
	struct label *l;

	if (k->nlab == k->labcap) {
		k->labcap = k->labcap ? 2 * k->labcap : 64;
		k->lab = xrealloc(k->lab, k->labcap * sizeof(*k->lab));
	}
	l = &k->lab[k->nlab];
	l->name = xstrdup(name);
	l->number = number;
	l->variants = 0;
	strmap_put(&k->by_label, l->name, strlen(l->name), (long)k->nlab);
	return (long)k->nlab++;
}

static long
row_add(struct key *k, const char *category, long number,
    const char *placeholder, const char *original)
{
	struct row *w;
	char *exact;

	if (k->nrow == k->rowcap) {
		k->rowcap = k->rowcap ? 2 * k->rowcap : 64;
		k->row = xrealloc(k->row, k->rowcap * sizeof(*k->row));
	}
	w = &k->row[k->nrow];
	w->category = xstrdup(category);
	w->number = number;
	w->placeholder = xstrdup(placeholder);
	w->original = xstrdup(original);
	exact = xmalloc(strlen(category) + strlen(original) + 2);
	sprintf(exact, "%s\t%s", category, original);
	strmap_put(&k->by_exact, exact, strlen(exact), (long)k->nrow);
	free(exact);
	strmap_put(&k->by_placeholder, w->placeholder, strlen(w->placeholder),
	    (long)k->nrow);
	if (strmap_get(&k->maxnum, w->category, strlen(w->category)) < number)
		strmap_put(&k->maxnum, w->category, strlen(w->category), number);
	return (long)k->nrow++;
}

/* "CATEGORY\tident": what makes a match the same thing as another. */
static void
ident(const struct run *r, struct buf *b, const char *category, long entry,
    enum kind kind, const char *s, size_t n)
{
	b->n = 0;
	buf_str(b, category);
	buf_add(b, "\t", 1);
	if (entry >= 0) {
		const struct entry *e = &r->entry[r->entry[entry].canon];

		if (e->replacement) {
			buf_add(b, "r", 1);
			buf_str(b, e->replacement);
		} else {
			char num[32];

			snprintf(num, sizeof(num), "n%ld", e->canon);
			buf_str(b, num);
		}
	} else if (kind != K_NAME) {
		buf_add(b, "b", 1);
		redact_normalise(kind, s, n, b);
	} else {
		buf_add(b, "x", 1);
		buf_add(b, s, n);
	}
}

/* The entity of a row read from the key, so that new spellings join it. */
static void
bind_loaded(struct run *r, const struct row *w, long lab)
{
	enum kind kind = K_NAME;
	long e = redact_name_of(r, w->original, strlen(w->original));

	if (e >= 0 && strcmp(r->entry[e].category, w->category) != 0)
		e = -1;
	for (size_t i = 0; i < NBUILTIN && e < 0; i++)
		if (strcmp(redact_builtin[i].category, w->category) == 0)
			kind = redact_builtin[i].kind;
	ident(r, &r->scratch, w->category, e, kind, w->original,
	    strlen(w->original));
	if (strmap_get(&r->key.by_ident, r->scratch.s, r->scratch.n) < 0)
		strmap_put(&r->key.by_ident, r->scratch.s, r->scratch.n, lab);
}

/*
 * A "[...]" a transcript holds as text: kept in the rows (the key is
 * saved whole) and in its own map, never among the placeholders, so that
 * --reverse replaces nothing with it.
 */
static void
literal_add(struct key *k, long number, const char *text)
{
	char ph[64];
	struct row *w;

	if (k->nrow == k->rowcap) {
		k->rowcap = k->rowcap ? 2 * k->rowcap : 64;
		k->row = xrealloc(k->row, k->rowcap * sizeof(*k->row));
	}
	if (number <= 0)
		number = k->nliteral + 1;
	if (number > k->nliteral)
		k->nliteral = number;
	snprintf(ph, sizeof(ph), "[%s-%ld]", KEY_LITERAL, number);
	w = &k->row[k->nrow];
	w->category = xstrdup(KEY_LITERAL);
	w->number = number;
	w->placeholder = xstrdup(ph);
	w->original = xstrdup(text);
	strmap_put(&k->literal, text, strlen(text), (long)k->nrow++);
}

void
redact_key_literal(struct run *r, const char *s, size_t n)
{
	char *text = xstrndup(s, n);

	if (!has_unsafe(text) && strmap_get(&r->key.literal, text, n) < 0)
		literal_add(&r->key, 0, text);
	free(text);
}

/* The id of a new key: 128 random bits, hex. */
static void
key_id_new(struct key *k)
{
	unsigned char b[16];
	FILE *fp = fopen("/dev/urandom", "rb");

	if (fp == NULL || fread(b, 1, sizeof(b), fp) != sizeof(b))
		tx_die(EXIT_DATA, "/dev/urandom", 0, "cannot read a key id");
	fclose(fp);
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(k->id + 2 * i, 3, "%02x", b[i]);
	k->id_new = 1;
}

static void
key_row_loaded(struct run *r, struct tsv *t, const int *col)
{
	struct key *k = &r->key;
	char *cat = t->field[col[0]], *num = t->field[col[1]];
	char *ph = t->field[col[2]], *orig = t->field[col[3]], *end;
	size_t phn = strlen(ph), base;
	long number = strtol(num, &end, 10), lab, row;

	if (!redact_is_category(cat))
		tsv_die(t, "category \"%s\" is not one tx-redact writes", cat);
	if (*num == '\0' || *end != '\0' || number < 1)
		tsv_die(t, "number \"%s\" is not a positive whole number", num);
	if (phn < 3 || phn > MAX_PLACEHOLDER || ph[0] != '[' ||
	    ph[phn - 1] != ']' || strpbrk(ph + 1, "[") != NULL ||
	    strchr(ph, ']') != ph + phn - 1 || has_unsafe(ph))
		tsv_die(t, "placeholder \"%s\" is not one tx-redact writes", ph);
	if (*orig == '\0' || has_unsafe(orig))
		tsv_die(t, "original is empty or holds a tab, line end or "
		    "backslash");
	if (strmap_get(&k->by_placeholder, ph, phn) >= 0)
		tsv_die(t, "placeholder %s is in the key twice", ph);
	if (strcmp(cat, KEY_ID) == 0) {
		if (k->id[0] != '\0' || strlen(orig) != 32 ||
		    strspn(orig, "0123456789abcdef") != 32)
			tsv_die(t, "a key id is 32 hex digits, once");
		memcpy(k->id, orig, 33);
		return;
	}
	if (strcmp(cat, KEY_LITERAL) == 0) {
		literal_add(k, number, orig);
		return;
	}
	row = row_add(k, cat, number, ph, orig);
	base = redact_strip_variant(ph + 1, phn - 2);
	r->scratch.n = 0;
	buf_add(&r->scratch, ph + 1, base);
	if ((lab = strmap_get(&k->by_label, r->scratch.s, r->scratch.n)) < 0)
		lab = label_add(k, r->scratch.s, number);
	if (base < phn - 2) {
		long v = strtol(ph + 1 + base + 1, NULL, 10);

		if (v > k->lab[lab].variants)
			k->lab[lab].variants = v;
	} else if (k->lab[lab].variants < 1)
		k->lab[lab].variants = 1;
	bind_loaded(r, &k->row[row], lab);
}

/* The key must be its owner's alone: it undoes the pseudonymisation. */
static int
key_check(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		tx_die(EXIT_USAGE, path, 0, "%s", strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		tx_die(EXIT_USAGE, path, 0, "the key is not a regular file");
	if (st.st_mode & 077)
		tx_die(EXIT_USAGE, path, 0, "mode %04o: others may read or "
		    "change the key; make it its owner's alone: chmod 600 %s",
		    (unsigned)(st.st_mode & 07777), path);
	return 1;
}

static void key_id_ensure(struct run *r);

void
redact_key_load(struct run *r)
{
	struct key *k = &r->key;
	static const char *const need[] = { "category", "number", "placeholder",
	    "original" };
	char *files[1] = { (char *)k->path };
	struct tsv *t;
	int col[4];

	if (!(k->exists = key_check(k->path))) {
		key_id_ensure(r);
		return;
	}
	t = tsv_open(1, files);
	if (tsv_header(t)) {
		for (int i = 0; i < 4; i++)
			col[i] = tsv_need(t, need[i], "is this a tx-redact key?");
		while (tsv_next(t)) {
			r->scratch.n = 0;
			buf_str(&r->scratch, t->field[col[0]]);
			buf_add(&r->scratch, "\t", 1);
			buf_str(&r->scratch, t->field[col[3]]);
			if (strmap_get(&k->by_exact, r->scratch.s,
			    r->scratch.n) >= 0)
				tsv_die(t, "%s \"%s\" is in the key twice",
				    t->field[col[0]], t->field[col[3]]);
			key_row_loaded(r, t, col);
		}
	}
	if (tsv_close(t) != EXIT_OK)
		exit(out_close(EXIT_DATA));
	k->nold = k->nrow;
	key_id_ensure(r);
}

/* A key made before keys had ids gets one when it is next extended. */
static void
key_id_ensure(struct run *r)
{
	if (r->mode == REDACT && r->key.id[0] == '\0')
		key_id_new(&r->key);
}

/* The key is replaced whole, never appended to: a crash keeps the old one. */
void
redact_key_save(struct run *r)
{
	struct key *k = &r->key;
	struct buf out = { 0 };
	char num[32];

	if (k->exists && k->nrow == k->nold && !k->id_new)
		return;
	buf_str(&out, "category\tnumber\tplaceholder\toriginal\n");
	if (k->id[0] != '\0') {
		buf_str(&out, KEY_ID "\t1\t[" KEY_ID "]\t");
		buf_str(&out, k->id);
		buf_add(&out, "\n", 1);
	}
	for (size_t i = 0; i < k->nrow; i++) {
		const struct row *w = &k->row[i];

		snprintf(num, sizeof(num), "\t%ld\t", w->number);
		buf_str(&out, w->category);
		buf_str(&out, num);
		buf_str(&out, w->placeholder);
		buf_add(&out, "\t", 1);
		buf_str(&out, w->original);
		buf_add(&out, "\n", 1);
	}
	redact_write_key(k->path, &out);
	free(out.s);
}

/* A new label: the replacement, or the category's next number. */
static long
label_new(struct run *r, const char *category, const char *replacement)
{
	struct key *k = &r->key;
	long number = strmap_get(&k->maxnum, category, strlen(category)), lab;
	char name[MAX_PLACEHOLDER];

	number = number < 0 ? 1 : number + 1;
	if (replacement != NULL) {
		if ((lab = strmap_get(&k->by_label, replacement,
		    strlen(replacement))) >= 0)
			return lab;
		snprintf(name, sizeof(name), "%s", replacement);
	} else {
		for (;;) {
			snprintf(name, sizeof(name), "%s-%ld", category, number);
			if (strmap_get(&k->by_label, name, strlen(name)) < 0)
				break;
			number++;
		}
	}
	strmap_put(&k->maxnum, category, strlen(category), number);
	return label_add(k, name, number);
}

/* The placeholder of a match, made (and put in the key) on first sight. */
const char *
redact_placeholder(struct run *r, const struct matcher *m, const char *s,
    size_t n)
{
	struct key *k = &r->key;
	const struct entry *e = m->kind == K_NAME ? &r->entry[m->entry] : NULL;
	const char *category = e ? e->category : m->category;
	char ph[MAX_PLACEHOLDER + 32], *orig;
	long row, lab;
	struct label *l;

	r->scratch.n = 0;
	buf_str(&r->scratch, category);
	buf_add(&r->scratch, "\t", 1);
	buf_add(&r->scratch, s, n);
	if ((row = strmap_get(&k->by_exact, r->scratch.s, r->scratch.n)) >= 0)
		return k->row[row].placeholder;
	ident(r, &r->scratch, category, e ? m->entry : -1, m->kind, s, n);
	if ((lab = strmap_get(&k->by_ident, r->scratch.s, r->scratch.n)) < 0) {
		lab = label_new(r, category, e ? r->entry[e->canon].replacement :
		    NULL);
		strmap_put(&k->by_ident, r->scratch.s, r->scratch.n, lab);
	}
	l = &k->lab[lab];
	if (++l->variants == 1)
		snprintf(ph, sizeof(ph), "[%s]", l->name);
	else
		snprintf(ph, sizeof(ph), "[%s.%ld]", l->name, l->variants);
	orig = xstrndup(s, n);
	if (has_unsafe(orig))   /* the patterns cannot match these */
		tx_die(EXIT_DATA, NULL, 0, "internal error: \"%s\"", orig);
	/* A placeholder must mean one thing in every file of the key. */
	if (strmap_get(&k->literal, ph, strlen(ph)) >= 0)
		tx_die(EXIT_USAGE, NULL, 0, "\"%s\" would become %s, but a "
		    "transcript redacted earlier with the key %s holds %s as its "
		    "own text, which --reverse would then replace: give \"%s\" "
		    "another replacement in the names list", orig, ph, k->path,
		    ph, orig);
	row = row_add(k, category, l->number, ph, orig);
	free(orig);
	return k->row[row].placeholder;
}

