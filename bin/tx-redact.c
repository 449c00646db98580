/*
 * tx-redact: pseudonymise transcripts before anyone codes them, and undo it.
 *
 * It works on the raw bytes of each file: what it finds (names from a list,
 * e-mail addresses, UK telephone, NHS numbers, postcodes, dates) becomes a
 * placeholder such as [PERSON-3] and every other byte is copied, so labels,
 * timestamps, cue timings, CRLF and a byte-order mark survive.  The key
 * (TSV: category number placeholder original) has one row for every
 * distinct original spelling; "Smith" and "SMITH" are one person, [PERSON-1]
 * and [PERSON-1.2], which is what lets --reverse give back every byte.
 *
 * A file is read whole (transcripts are small), checked, redacted in
 * memory and written to a temporary file in the output folder.  Only when
 * every input is done is the key saved, and then the outputs are renamed
 * into place: a failure leaves no half-written file, and no placeholder
 * that the key does not hold.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tx.h"

#define NONE            SIZE_MAX
#define MAX_PLACEHOLDER 128     /* longest "[...]" that may be a placeholder */
#define MAX_LABEL       64      /* longest replacement */
#define NAMES_CHUNK     16000   /* bytes of names pattern per compiled regex */
#define CONTEXT_MAX     160     /* longest context line of --suggest */
#define MAX_WORDS       32      /* words of a --suggest phrase */
#define DICT_DIR        "/usr/share/dict/"

enum mode { REDACT, REVERSE, SUGGEST };
enum kind { K_EMAIL, K_NHS, K_PHONE, K_POSTCODE, K_DATE, K_NAME };

#define MONTH "(?:January|February|March|April|May|June|July|August|" \
	"September|October|November|December|" \
	"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?)"
#define DAY "(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
#define YEAR "[0-9]{4}"

/* The built-in patterns, in the order that breaks ties. */
static const struct builtin {
	enum kind kind;
	const char *category;
	const char *pattern;
} builtin[] = {
	{ K_EMAIL, "EMAIL",
	  "(?<![\\w.%+-])[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+" },
	{ K_NHS, "NHS-NUMBER",
	  "(?<!\\w)[0-9]{3}( ?)[0-9]{3}\\1[0-9]{4}(?!\\w)" },
	{ K_PHONE, "PHONE",
	  "(?<![\\w+])(?:(?:\\+44 ?(?:\\(0\\) ?)?|0)[0-9](?: ?[0-9]){8,9}"
	  "|\\(0[0-9]{2,4}\\) ?[0-9](?: ?[0-9]){4,7})(?!\\w)" },
	{ K_POSTCODE, "POSTCODE",
	  "(?<!\\w)(?:GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}"
	  "|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?) ?[0-9][A-Z]{2})(?!\\w)" },
	{ K_DATE, "DATE",
	  "(?<!\\w)(?:" DAY " (?:of )?" MONTH "(?:,? " YEAR ")?"
	  "|" MONTH " " DAY ",? " YEAR "|" MONTH " " YEAR
	  "|[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})"
	  "|[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}"
	  "|[0-9]{4}-[0-9]{2}-[0-9]{2})(?!\\w)" },
};
#define NBUILTIN (sizeof(builtin) / sizeof(*builtin))

/* A capitalised word, and a run of them: the candidates of --suggest. */
#define CAPWORD "\\p{Lu}[\\p{L}\\p{M}]*(?:['\\x{2019}-]\\p{L}[\\p{L}\\p{M}]*)*"
#define PHRASE "(?<![\\p{L}\\p{M}\\p{N}'\\x{2019}-])" CAPWORD \
	"(?:(?:(?<=Mr|Mrs|Ms|Dr|St|Prof|Rev)\\.)?[ \\x{a0}]" CAPWORD ")*"

struct buf {
	char *p;
	size_t len, cap;
};

/* Strings to numbers; the key strings belong to the caller. */
struct map {
	const char **key;
	long *val;
	size_t cap, n;
};

struct matcher {
	enum kind kind;
	const char *category;   /* built-ins; a name has its entry's */
	pcre2_code *re;
	pcre2_match_data *md;
	size_t start, end;      /* the next match; start NONE: there is none */
	long entry;             /* K_NAME: the entry of that match */
};

/* A row of the names list. */
struct entry {
	char *text, *category, *replacement;    /* replacement may be NULL */
	const char *file;
	long line;
	long canon;             /* the entry whose pattern matches this text */
};

/* A row of the key: one spelling of one thing. */
struct row {
	char *category, *placeholder, *original;
	long number;
};

/* What a placeholder stands for, less the spelling: "PERSON-1", "Dr A". */
struct label {
	char *name;
	long number, variants;
};

struct key {
	const char *path;
	int exists;
	struct row *row;
	size_t nrow, nold, rowcap;
	struct label *lab;
	size_t nlab, labcap;
	struct map by_placeholder;      /* "[PERSON-1.2]" -> row */
	struct map by_exact;            /* "PERSON\tSMITH" -> row */
	struct map by_ident;            /* "PERSON\tn3" -> label */
	struct map by_label;            /* "PERSON-1" -> label */
	struct map maxnum;              /* "PERSON" -> highest number */
};

struct cand {
	char *text, *where, *context;
	long count;
};

struct run {
	enum mode mode;
	int force, use[NBUILTIN];
	const char *outdir;
	char **names, **dicts;
	size_t nnames, ndicts;
	struct entry *entry;
	size_t nentry;
	struct map replabel;            /* replacements of the names list */
	struct matcher *m;
	size_t nm;
	struct key key;
	struct buf scratch;
	/* --suggest */
	struct map dict, seen;
	struct cand *cand;
	size_t ncand, candcap;
	pcre2_code *phrase;
	pcre2_match_data *phrase_md;
};

/* Temporary files to remove if the run fails. */
struct pending {
	char *tmp, *path;
};
static struct pending *pend;
static size_t npend;
static char *keytmp;

static void usage(int status);

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n + 1) {
		while (b->cap - b->len < n + 1)
			b->cap = b->cap ? 2 * b->cap : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t
map_slot(const struct map *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);

	while (m->key[i] != NULL && strcmp(m->key[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static long
map_get(const struct map *m, const char *key)
{
	size_t i;

	if (m->n == 0)
		return -1;
	i = map_slot(m, key);
	return m->key[i] ? m->val[i] : -1;
}

static void
map_put(struct map *m, const char *key, long val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct map big = { 0 };

		big.cap = m->cap ? 2 * m->cap : 64;
		big.key = xcalloc(big.cap, sizeof(*big.key));
		big.val = xcalloc(big.cap, sizeof(*big.val));
		for (size_t j = 0; j < m->cap; j++)
			if (m->key[j] != NULL) {
				i = map_slot(&big, m->key[j]);
				big.key[i] = m->key[j];
				big.val[i] = m->val[j];
			}
		big.n = m->n;
		free(m->key);
		free(m->val);
		*m = big;
	}
	i = map_slot(m, key);
	if (m->key[i] == NULL) {
		m->key[i] = key;
		m->n++;
	}
	m->val[i] = val;
}

/* Line of byte offset off, from 1. */
static long
line_at(const char *s, size_t off)
{
	long line = 1;

	for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))) != NULL; p++)
		line++;
	return line;
}

static const char *
shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Read a whole file ("-": standard input) into b; exit 1 if it cannot be. */
static void
read_input(const char *path, struct buf *b)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	struct stat st;
	ssize_t got;

	if (fd < 0)
		tx_die(EXIT_DATA, path, 0, "%s", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		tx_die(EXIT_DATA, path, 0, "is a directory");
	b->len = 0;
	for (;;) {
		if (b->cap - b->len < 65536) {
			b->cap = b->cap ? 2 * b->cap : 65536;
			b->p = xrealloc(b->p, b->cap);
		}
		got = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			tx_die(EXIT_DATA, shown(path), 0, "read error: %s",
			    strerror(errno));
		if (got == 0)
			break;
		b->len += (size_t)got;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	b->p[b->len] = '\0';
}

/* Text is UTF-8 without NUL bytes: --reverse must give back what it got. */
static void
check_text(const char *name, const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	size_t bad;

	if (nul != NULL)
		tx_die(EXIT_DATA, name, line_at(s, (size_t)(nul - s)), "NUL byte");
	if ((bad = utf8_check(s, n)) != n)
		tx_die(EXIT_DATA, name, line_at(s, bad), "invalid UTF-8");
}

static int
is_category(const char *s)
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
static size_t
strip_variant(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	return i < n && i > 1 && s[i - 1] == '.' ? i - 1 : n;
}

/* "PERSON-12" or "NHS-NUMBER-3.2": a label as tx-redact makes them. */
static int
is_auto_label(const char *s, size_t n)
{
	size_t i = strip_variant(s, n), j = i;

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

/* ---- the names list ---- */

static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

static void
check_entry(const struct entry *e)
{
	int alnum = 0;

	for (const unsigned char *p = (const unsigned char *)e->text; *p; p++)
		alnum |= (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' &&
		    (*p | 0x20) <= 'z') || *p >= 0x80;
	if (!alnum || strpbrk(e->text, "\t\r\n\\[]") != NULL)
		tx_die(EXIT_USAGE, e->file, e->line, "text \"%s\": a name needs a "
		    "letter or digit, and no tab, backslash or [ ]", e->text);
	if (!is_category(e->category))
		tx_die(EXIT_USAGE, e->file, e->line, "category \"%s\": use up to 32 "
		    "letters, digits and single hyphens, such as PERSON, PLACE, "
		    "ORG",
		    e->category);
	if (e->replacement == NULL)
		return;
	if (strlen(e->replacement) > MAX_LABEL ||
	    strpbrk(e->replacement, "\t\r\n\\[]") != NULL ||
	    strip_variant(e->replacement, strlen(e->replacement)) !=
	    strlen(e->replacement))
		tx_die(EXIT_USAGE, e->file, e->line, "replacement \"%s\": at most "
		    "%d bytes, no tab, backslash or [ ], and no \".N\" at the end",
		    e->replacement, MAX_LABEL);
}

static void
names_load(struct run *r, const char *path)
{
	struct table tb;
	int ct, cc, cr;

	if (table_load(&tb, path) != 0)
		exit(out_close(EXIT_USAGE));
	if ((ct = table_col(&tb, "text")) < 0)
		tx_die(EXIT_USAGE, path, 1, "no column \"text\" (a names list "
		    "has the columns text, category and replacement)");
	cc = table_col(&tb, "category");
	cr = table_col(&tb, "replacement");
	r->entry = xrealloc(r->entry, (r->nentry + tb.nrow) * sizeof(*r->entry));
	for (size_t i = 0; i < tb.nrow; i++) {
		struct entry *e = &r->entry[r->nentry++];
		char **f = tb.row[i].f;

		e->file = path;
		e->line = tb.row[i].line;
		e->text = trimmed(f[ct]);
		e->category = trimmed(cc >= 0 && f[cc][0] ? f[cc] : "PERSON");
		for (char *p = e->category; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		e->replacement = cr >= 0 ? trimmed(f[cr]) : NULL;
		if (e->replacement && e->replacement[0] == '\0') {
			free(e->replacement);
			e->replacement = NULL;
		}
		check_entry(e);
		if (e->replacement)
			map_put(&r->replabel, e->replacement, 1);
	}
	table_free(&tb);
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += (*s & 0xc0) != 0x80;
	return n;
}

static const struct entry *sort_entries;

/* Longest first, so that "Dr Jones" is tried before "Jones". */
static int
by_length(const void *a, const void *b)
{
	const struct entry *ea = &sort_entries[*(const size_t *)a];
	const struct entry *eb = &sort_entries[*(const size_t *)b];
	size_t la = utf8_chars(ea->text), lb = utf8_chars(eb->text);

	if (la != lb)
		return la > lb ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void
add_matcher(struct run *r, enum kind kind, const char *category,
    const char *pattern, uint32_t flags)
{
	struct matcher *m;
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	r->m = xrealloc(r->m, (r->nm + 1) * sizeof(*r->m));
	m = &r->m[r->nm++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->category = category;
	m->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | flags, &err, &off, NULL);
	if (m->re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		tx_die(EXIT_USAGE, NULL, 0, "%s pattern: %s at offset %zu",
		    kind == K_NAME ? "names" : category, (char *)msg, (size_t)off);
	}
	pcre2_jit_compile(m->re, PCRE2_JIT_COMPLETE);
	m->md = pcre2_match_data_create_from_pattern(m->re, NULL);
}

/* A space or a no-break space at p: its length, else 0. */
static size_t
space_len(const char *p)
{
	if (*p == ' ')
		return 1;
	return strncmp(p, "\xc2\xa0", 2) == 0 ? 2 : 0;
}

/* One entry as an alternative: literal words, any run of spaces between. */
static void
add_alternative(struct buf *pat, const struct entry *e, size_t idx)
{
	char mark[32];
	const char *p = e->text;

	buf_str(pat, pat->len ? "|\\Q" : "(?<!\\w)(?:\\Q");
	while (*p) {
		if (space_len(p) == 0) {
			buf_add(pat, p++, 1);
			continue;
		}
		while (space_len(p) > 0)
			p += space_len(p);
		buf_str(pat, "\\E[ \\x{a0}]+\\Q");
	}
	snprintf(mark, sizeof(mark), "\\E(*MARK:%zu)", idx);
	buf_str(pat, mark);
}

/*
 * The entry whose alternative matches the whole of s first, or -1.  Not
 * PCRE2_ANCHORED: that would forgo the JIT, and this runs once per entry.
 */
static long
name_of(const struct run *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->nm; i++) {
		const struct matcher *m = &r->m[i];
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);

		if (m->kind != K_NAME)
			continue;
		if (pcre2_match(m->re, (PCRE2_SPTR)s, n, 0, 0, m->md, NULL) >= 0 &&
		    ov[0] == 0 && ov[1] == n)
			return strtol((const char *)pcre2_get_mark(m->md), NULL, 10);
	}
	return -1;
}

static int
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * The names as a few big alternations (one would outgrow PCRE2's limit on
 * a compiled pattern), then each entry's canonical twin: "smith" listed
 * after "Smith" is the same name, and must not say otherwise.
 */
static void
names_build(struct run *r)
{
	size_t *order = xcalloc(r->nentry, sizeof(*order));
	struct buf pat = { 0 };

	for (size_t i = 0; i < r->nentry; i++)
		order[i] = i;
	sort_entries = r->entry;
	qsort(order, r->nentry, sizeof(*order), by_length);
	for (size_t i = 0; i < r->nentry; i++) {
		add_alternative(&pat, &r->entry[order[i]], order[i]);
		if (pat.len > NAMES_CHUNK || i + 1 == r->nentry) {
			buf_str(&pat, ")(?!\\w)");
			add_matcher(r, K_NAME, NULL, pat.p, PCRE2_CASELESS);
			pat.len = 0;
		}
	}
	free(pat.p);
	free(order);
	for (size_t i = 0; i < r->nentry; i++) {
		struct entry *e = &r->entry[i];
		long c = name_of(r, e->text, strlen(e->text));

		e->canon = c < 0 ? (long)i : c;
		if (e->canon != (long)i && (strcmp(e->category,
		    r->entry[c].category) != 0 || !same_str(e->replacement,
		    r->entry[c].replacement)))
			tx_die(EXIT_USAGE, e->file, e->line, "\"%s\" is listed "
			    "before, at %s:%ld, with another category or "
			    "replacement", e->text, r->entry[c].file,
			    r->entry[c].line);
	}
}

/* ---- what the built-in patterns accept ---- */

static size_t
digits_of(const char *s, size_t n, char *d, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (s[i] >= '0' && s[i] <= '9')
			d[k++] = s[i];
	d[k] = '\0';
	return k;
}

/* NHS numbers: modulus 11, weights 10 to 2; a check of 10 is no number. */
static int
valid_nhs(const char *s, size_t n)
{
	char d[16];
	int sum = 0, check;

	if (digits_of(s, n, d, sizeof(d)) != 10)
		return 0;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == d[9] - '0';
}

/* The national number: its digits after the trunk 0 or +44 (and a "(0)"). */
static const char *
phone_national(const char *s, size_t n, char *d, size_t cap)
{
	size_t k = digits_of(s, n, d, cap);

	if (s[0] == '+') {
		if (memchr(s, '(', n) != NULL)     /* +44 (0)20 ... */
			return k > 3 ? d + 3 : d + k;
		return k > 2 ? d + 2 : d + k;
	}
	return k > 1 ? d + 1 : d + k;
}

static int
valid_phone(const char *s, size_t n)
{
	char d[32];
	const char *nat = phone_national(s, n, d, sizeof(d));
	size_t len = strlen(nat);

	return (len == 9 || len == 10) && nat[0] != '0';
}

static int
valid_date(const char *s, size_t n)
{
	long a, b, c;
	char *end;

	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			return 1;       /* a month's name */
	a = strtol(s, &end, 10);
	b = strtol(end + 1, &end, 10);
	c = strtol(end + 1, &end, 10);
	if (a > 999)            /* 2021-03-12 */
		return b >= 1 && b <= 12 && c >= 1 && c <= 31;
	return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

static int
valid(enum kind kind, const char *s, size_t n)
{
	switch (kind) {
	case K_NHS:
		return valid_nhs(s, n);
	case K_PHONE:
		return valid_phone(s, n);
	case K_DATE:
		return valid_date(s, n);
	default:
		return 1;
	}
}

/* What makes two spellings one thing: 020 7946 0000 is +44 20 7946 0000. */
static void
normalise(enum kind kind, const char *s, size_t n, struct buf *b)
{
	char d[32];

	switch (kind) {
	case K_NHS:
		digits_of(s, n, d, sizeof(d));
		buf_str(b, d);
		return;
	case K_PHONE:
		buf_add(b, "0", 1);
		buf_str(b, phone_national(s, n, d, sizeof(d)));
		return;
	default:
		break;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' && kind == K_POSTCODE)
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf_add(b, &c, 1);
	}
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
	map_put(&k->by_label, l->name, (long)k->nlab);
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
	map_put(&k->by_exact, exact, (long)k->nrow);
	map_put(&k->by_placeholder, w->placeholder, (long)k->nrow);
	if (map_get(&k->maxnum, w->category) < number)
		map_put(&k->maxnum, w->category, number);
	return (long)k->nrow++;
}

/* "CATEGORY\tident": what makes a match the same thing as another. */
static void
ident(const struct run *r, struct buf *b, const char *category, long entry,
    enum kind kind, const char *s, size_t n)
{
	b->len = 0;
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
		normalise(kind, s, n, b);
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
	long e = name_of(r, w->original, strlen(w->original));

	if (e >= 0 && strcmp(r->entry[e].category, w->category) != 0)
		e = -1;
	for (size_t i = 0; i < NBUILTIN && e < 0; i++)
		if (strcmp(builtin[i].category, w->category) == 0)
			kind = builtin[i].kind;
	ident(r, &r->scratch, w->category, e, kind, w->original,
	    strlen(w->original));
	if (map_get(&r->key.by_ident, r->scratch.p) < 0)
		map_put(&r->key.by_ident, xstrdup(r->scratch.p), lab);
}

static void
key_row_loaded(struct run *r, struct tsv *t, const int *col)
{
	struct key *k = &r->key;
	char *cat = t->field[col[0]], *num = t->field[col[1]];
	char *ph = t->field[col[2]], *orig = t->field[col[3]], *end;
	size_t phn = strlen(ph), base;
	long number = strtol(num, &end, 10), lab, row;

	if (!is_category(cat))
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
	if (map_get(&k->by_placeholder, ph) >= 0)
		tsv_die(t, "placeholder %s is in the key twice", ph);
	row = row_add(k, cat, number, ph, orig);
	base = strip_variant(ph + 1, phn - 2);
	r->scratch.len = 0;
	buf_add(&r->scratch, ph + 1, base);
	if ((lab = map_get(&k->by_label, r->scratch.p)) < 0)
		lab = label_add(k, r->scratch.p, number);
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

static void
key_load(struct run *r)
{
	struct key *k = &r->key;
	static const char *const need[] = { "category", "number", "placeholder",
	    "original" };
	char *files[1] = { (char *)k->path };
	struct tsv *t;
	int col[4];

	if (!(k->exists = key_check(k->path)))
		return;
	t = tsv_open(1, files);
	if (tsv_header(t)) {
		for (int i = 0; i < 4; i++)
			col[i] = tsv_need(t, need[i], "is this a tx-redact key?");
		while (tsv_next(t)) {
			r->scratch.len = 0;
			buf_str(&r->scratch, t->field[col[0]]);
			buf_add(&r->scratch, "\t", 1);
			buf_str(&r->scratch, t->field[col[3]]);
			if (map_get(&k->by_exact, r->scratch.p) >= 0)
				tsv_die(t, "%s \"%s\" is in the key twice",
				    t->field[col[0]], t->field[col[3]]);
			key_row_loaded(r, t, col);
		}
	}
	if (tsv_close(t) != EXIT_OK)
		exit(out_close(EXIT_DATA));
	k->nold = k->nrow;
}

static void
write_all(int fd, const char *path, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			tx_die(EXIT_DATA, path, 0, "write error: %s", strerror(errno));
		s += w;
		n -= (size_t)w;
	}
}

/* A new file only its owner can read, whatever the umask. */
static int
private_temp(char *template)
{
	int fd = mkstemp(template);

	if (fd < 0)
		return -1;
	if (fchmod(fd, 0600) != 0) {
		close(fd);
		unlink(template);
		return -1;
	}
	return fd;
}

/* The key is replaced whole, never appended to: a crash keeps the old one. */
static void
key_save(struct run *r)
{
	struct key *k = &r->key;
	struct buf out = { 0 };
	char num[32];
	int fd;

	if (k->exists && k->nrow == k->nold)
		return;
	buf_str(&out, "category\tnumber\tplaceholder\toriginal\n");
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
	keytmp = xmalloc(strlen(k->path) + 16);
	sprintf(keytmp, "%s.XXXXXX", k->path);
	if ((fd = private_temp(keytmp)) < 0) {
		free(keytmp);
		keytmp = NULL;
		tx_die(EXIT_DATA, k->path, 0, "cannot write the key: %s",
		    strerror(errno));
	}
	write_all(fd, keytmp, out.p, out.len);
	if (fsync(fd) != 0 || close(fd) != 0)
		tx_die(EXIT_DATA, k->path, 0, "cannot write the key: %s",
		    strerror(errno));
	if (rename(keytmp, k->path) != 0)
		tx_die(EXIT_DATA, k->path, 0, "cannot write the key: %s",
		    strerror(errno));
	free(keytmp);
	keytmp = NULL;
	free(out.p);
}

/* ---- redacting and reversing ---- */

/* The next valid match of m at or after off. */
static void
matcher_next(struct matcher *m, const char *name, const char *s, size_t n,
    size_t off)
{
	PCRE2_SIZE *ov;
	int rc;

	for (;;) {
		rc = pcre2_match(m->re, (PCRE2_SPTR)s, n, off, PCRE2_NO_UTF_CHECK,
		    m->md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH) {
			m->start = NONE;
			return;
		}
		if (rc < 0) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(rc, msg, sizeof(msg));
			tx_die(EXIT_DATA, name, line_at(s, off), "%s", (char *)msg);
		}
		ov = pcre2_get_ovector_pointer(m->md);
		if (valid(m->kind, s + ov[0], ov[1] - ov[0])) {
			m->start = ov[0];
			m->end = ov[1];
			if (m->kind == K_NAME)
				m->entry = strtol((const char *)
				    pcre2_get_mark(m->md), NULL, 10);
			return;
		}
		off = ov[0] + 1;
		while (off < n && (s[off] & 0xc0) == 0x80)
			off++;
	}
}

/* A new label: the replacement, or the category's next number. */
static long
label_new(struct run *r, const char *category, const char *replacement)
{
	struct key *k = &r->key;
	long number = map_get(&k->maxnum, category), lab;
	char name[MAX_PLACEHOLDER];

	number = number < 0 ? 1 : number + 1;
	if (replacement != NULL) {
		if ((lab = map_get(&k->by_label, replacement)) >= 0)
			return lab;
		snprintf(name, sizeof(name), "%s", replacement);
	} else {
		for (;;) {
			snprintf(name, sizeof(name), "%s-%ld", category, number);
			if (map_get(&k->by_label, name) < 0)
				break;
			number++;
		}
	}
	map_put(&k->maxnum, category, number);
	return label_add(k, name, number);
}

/* The placeholder of a match, made (and put in the key) on first sight. */
static const char *
placeholder(struct run *r, const struct matcher *m, const char *s, size_t n)
{
	struct key *k = &r->key;
	const struct entry *e = m->kind == K_NAME ? &r->entry[m->entry] : NULL;
	const char *category = e ? e->category : m->category;
	char ph[MAX_PLACEHOLDER + 32], *orig;
	long row, lab;
	struct label *l;

	r->scratch.len = 0;
	buf_str(&r->scratch, category);
	buf_add(&r->scratch, "\t", 1);
	buf_add(&r->scratch, s, n);
	if ((row = map_get(&k->by_exact, r->scratch.p)) >= 0)
		return k->row[row].placeholder;
	ident(r, &r->scratch, category, e ? m->entry : -1, m->kind, s, n);
	if ((lab = map_get(&k->by_ident, r->scratch.p)) < 0) {
		char *id = xstrdup(r->scratch.p);

		lab = label_new(r, category, e ? r->entry[e->canon].replacement :
		    NULL);
		map_put(&k->by_ident, id, lab);
	}
	l = &k->lab[lab];
	if (++l->variants == 1)
		snprintf(ph, sizeof(ph), "[%s]", l->name);
	else
		snprintf(ph, sizeof(ph), "[%s.%ld]", l->name, l->variants);
	orig = xstrndup(s, n);
	if (has_unsafe(orig))   /* the patterns cannot match these */
		tx_die(EXIT_DATA, NULL, 0, "internal error: \"%s\"", orig);
	row = row_add(k, category, l->number, ph, orig);
	free(orig);
	return k->row[row].placeholder;
}

static void
redact(struct run *r, const char *name, const char *s, size_t n,
    struct buf *out)
{
	size_t pos = 0;
	struct matcher *best;

	for (size_t i = 0; i < r->nm; i++)
		matcher_next(&r->m[i], name, s, n, 0);
	for (;;) {
		best = NULL;
		for (size_t i = 0; i < r->nm; i++) {
			struct matcher *m = &r->m[i];

			if (m->start != NONE && m->start < pos)
				matcher_next(m, name, s, n, pos);
			if (m->start == NONE)
				continue;
			/* Leftmost, then longest, then the first listed. */
			if (best == NULL || m->start < best->start ||
			    (m->start == best->start && m->end > best->end))
				best = m;
		}
		if (best == NULL)
			break;
		buf_add(out, s + pos, best->start - pos);
		buf_str(out, placeholder(r, best, s + best->start,
		    best->end - best->start));
		pos = best->end;
	}
	buf_add(out, s + pos, n - pos);
}

/* Length of the "[...]" at s[i] that could be a placeholder, or 0. */
static size_t
bracket_at(const char *s, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n && j - i < MAX_PLACEHOLDER; j++) {
		if (s[j] == ']')
			return j - i + 1;
		if (s[j] == '[' || s[j] == '\n' || s[j] == '\r')
			return 0;
	}
	return 0;
}

static int
is_label(const struct run *r, const char *s)
{
	return map_get(&r->key.by_label, s) >= 0 ||
	    map_get(&r->replabel, s) >= 0;
}

/*
 * Could the "[...]" in scratch be one of our placeholders: [CAPITALS-N],
 * or a label of the key or a replacement of the list, with or without a
 * ".N"?  It cuts the text in scratch short.
 */
static int
reserved(struct run *r, size_t len)
{
	char *inner = r->scratch.p + 1;
	size_t n = len - 2, base = strip_variant(inner, n);

	if (is_auto_label(inner, n))
		return 1;
	inner[n] = '\0';
	if (is_label(r, inner))
		return 1;
	inner[base] = '\0';
	return is_label(r, inner);
}

/*
 * Redacting: a placeholder typed in the transcript would come back as a
 * name.  Reversing: a placeholder the key lacks means the wrong key.
 */
static void
brackets(struct run *r, const char *name, const char *s, size_t n,
    struct buf *out)
{
	const char *p;
	size_t i = 0, copied = 0, len;
	long row;

	while ((p = memchr(s + i, '[', n - i)) != NULL) {
		i = (size_t)(p - s);
		if ((len = bracket_at(s, n, i)) == 0) {
			i++;
			continue;
		}
		r->scratch.len = 0;
		buf_add(&r->scratch, s + i, len);
		if (out && (row = map_get(&r->key.by_placeholder,
		    r->scratch.p)) >= 0) {
			buf_add(out, s + copied, i - copied);
			buf_str(out, r->key.row[row].original);
			copied = i += len;
			continue;
		}
		if (!reserved(r, len)) {
			i++;
			continue;
		}
		if (out)
			tx_die(EXIT_DATA, name, line_at(s, i), "placeholder %.*s "
			    "is not in the key %s", (int)len, s + i, r->key.path);
		tx_die(EXIT_DATA, name, line_at(s, i), "%.*s is in the text "
		    "and looks like a placeholder, which --reverse would "
		    "replace; change it (say to (%.*s)) and run again",
		    (int)len, s + i, (int)len - 2, s + i + 1);
	}
	if (out)
		buf_add(out, s + copied, n - copied);
}

static void
process(struct run *r, const char *name, const struct buf *in,
    struct buf *out)
{
	out->len = 0;
	check_text(name, in->p, in->len);
	if (r->mode == REDACT) {
		brackets(r, name, in->p, in->len, NULL);
		redact(r, name, in->p, in->len, out);
	} else
		brackets(r, name, in->p, in->len, out);
	if (out->p == NULL)
		buf_add(out, "", 0);
}

/* ---- output files ---- */

static void
cleanup(void)
{
	for (size_t i = 0; i < npend; i++)
		if (pend[i].tmp)
			unlink(pend[i].tmp);
	if (keytmp)
		unlink(keytmp);
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
same_file(const char *a, const struct stat *sb)
{
	struct stat sa;

	return stat(a, &sa) == 0 && sa.st_dev == sb->st_dev &&
	    sa.st_ino == sb->st_ino;
}

/* Where each output goes; every reason not to write there, before work. */
static void
plan_outputs(const struct run *r, int argc, char **argv)
{
	struct stat st;

	if (stat(r->outdir, &st) != 0)
		tx_die(EXIT_USAGE, NULL, 0, "--out %s: %s", r->outdir,
		    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		tx_die(EXIT_USAGE, NULL, 0, "--out %s: not a directory",
		    r->outdir);
	pend = xcalloc((size_t)argc, sizeof(*pend));
	for (int i = 0; i < argc; i++) {
		const char *base = base_name(argv[i]);
		char *path;

		if (*base == '\0' || strcmp(base, ".") == 0 ||
		    strcmp(base, "..") == 0)
			tx_die(EXIT_USAGE, argv[i], 0, "not a file name");
		path = xmalloc(strlen(r->outdir) + strlen(base) + 2);
		sprintf(path, "%s/%s", r->outdir, base);
		for (int j = 0; j < i; j++)
			if (strcmp(base_name(argv[j]), base) == 0)
				tx_die(EXIT_USAGE, NULL, 0, "%s and %s would both "
				    "be written to %s", argv[j], argv[i], path);
		if (stat(path, &st) == 0)
			for (int j = 0; j < argc; j++)
				if (same_file(argv[j], &st))
					tx_die(EXIT_USAGE, path, 0, "is the input "
					    "%s: --out must not write over its "
					    "input", argv[j]);
		if (lstat(path, &st) == 0 && !r->force)
			tx_die(EXIT_USAGE, path, 0, "exists; remove it, or give "
			    "--force to replace it");
		pend[i].path = path;
	}
	npend = (size_t)argc;
}

static void
write_temp(const struct run *r, struct pending *p, const struct buf *b,
    mode_t mode)
{
	int fd;

	p->tmp = xmalloc(strlen(r->outdir) + 32);
	sprintf(p->tmp, "%s/.tx-redact-XXXXXX", r->outdir);
	if ((fd = private_temp(p->tmp)) < 0) {
		free(p->tmp);
		p->tmp = NULL;
		tx_die(EXIT_DATA, r->outdir, 0, "%s", strerror(errno));
	}
	write_all(fd, p->path, b->p, b->len);
	if (fchmod(fd, mode) != 0 || close(fd) != 0)
		tx_die(EXIT_DATA, p->path, 0, "%s", strerror(errno));
}

/* Without --force, link(2) refuses a file that has appeared since. */
static void
commit(const struct run *r)
{
	for (size_t i = 0; i < npend; i++) {
		struct pending *p = &pend[i];
		int rc;

		if (r->force)
			rc = rename(p->tmp, p->path);
		else if ((rc = link(p->tmp, p->path)) == 0)
			unlink(p->tmp);
		else if (errno != EEXIST)
			rc = rename(p->tmp, p->path);
		if (rc != 0)
			tx_die(EXIT_DATA, p->path, 0, "%s", strerror(errno));
		free(p->tmp);
		p->tmp = NULL;
	}
}

/* ---- --suggest ---- */

static void
dict_load(struct run *r, const char *path)
{
	struct buf b = { 0 };
	char *line, *nl;

	if (access(path, R_OK) != 0)    /* a word list is configuration */
		tx_die(EXIT_USAGE, path, 0, "%s", strerror(errno));
	read_input(path, &b);
	for (line = b.p; line < b.p + b.len; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(b.p + b.len - line))) == NULL)
			nl = b.p + b.len;
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*line)
			map_put(&r->dict, line, 1);
	}
	/* The words stay in b for the life of the run. */
}

static void
dicts_load(struct run *r)
{
	static const char *const dflt[] = { DICT_DIR "british-english",
	    DICT_DIR "american-english" };
	int any = 0;

	for (size_t i = 0; i < r->ndicts; i++)
		dict_load(r, r->dicts[i]);
	if (r->ndicts > 0)
		return;
	for (size_t i = 0; i < 2; i++)
		if (access(dflt[i], R_OK) == 0) {
			dict_load(r, dflt[i]);
			any = 1;
		}
	if (!any)
		tx_die(EXIT_USAGE, NULL, 0, "no word list in " DICT_DIR " "
		    "(install wbritish or wamerican, or give --dict FILE)");
}

static int
is_calendar(const char *w)
{
	static const char *const names[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December", "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(w, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * An ordinary word, capitalised only by its place: the list has it in
 * lower case and not as a proper noun ("Smith" and "smith" are both there,
 * and Smith is a name).  "I", and months and weekdays, are ordinary too.
 */
static int
ordinary(const struct run *r, const char *s, size_t n)
{
	char raw[128], low[128], cap[128];
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < sizeof(raw); i++) {
		if (i + 2 < n && memcmp(s + i, "\xe2\x80\x99", 3) == 0) {
			raw[k++] = '\'';
			i += 2;
		} else
			raw[k++] = s[i];
	}
	raw[k] = '\0';
	if (strcmp(raw, "I") == 0 || strncmp(raw, "I'", 2) == 0)
		return 1;
	for (size_t i = 0; i <= k; i++) {
		char c = raw[i];

		low[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		cap[i] = i == 0 ? c : low[i];
	}
	if (is_calendar(cap))
		return 1;
	return map_get(&r->dict, low) >= 0 && map_get(&r->dict, cap) < 0 &&
	    map_get(&r->dict, raw) < 0;
}

/*
 * At the start of a sentence: the text's or a paragraph's start, after
 * . ! ? : or an ellipsis, or on a line after a time or a cue number.
 * Quotes, brackets and markup (**Name**) in between do not count.
 */
static int
sentence_start(const char *s, size_t at)
{
	int nl = 0;

	while (at > 0) {
		unsigned char c = (unsigned char)s[at - 1];

		if (c == '\n' && ++nl >= 2)
			return 1;
		if (c == '\n' || c == ' ' || c == '\t' || c == '\r' ||
		    strchr("\"'*_([<>-", c) != NULL) {
			at--;
			continue;
		}
		if (at >= 3 && (memcmp(s + at - 3, "\xe2\x80\x9c", 3) == 0 ||
		    memcmp(s + at - 3, "\xe2\x80\x98", 3) == 0 ||
		    memcmp(s + at - 3, "\xe2\x80\x94", 3) == 0 ||
		    memcmp(s + at - 3, "\xe2\x80\x93", 3) == 0)) {
			at -= 3;
			continue;
		}
		if (at >= 3 && memcmp(s + at - 3, "\xe2\x80\xa6", 3) == 0)
			return 1;
		return strchr(".!?:", c) != NULL || (nl && c >= '0' && c <= '9');
	}
	return 1;
}

/* Is a listed name in the phrase?  Then the list already has it. */
static int
listed(struct run *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->nm; i++)
		if (pcre2_match(r->m[i].re, (PCRE2_SPTR)s, n, 0,
		    PCRE2_NO_UTF_CHECK, r->m[i].md, NULL) >= 0)
			return 1;
	return 0;
}

/* The line around s[at, at+n), trimmed, cut to CONTEXT_MAX bytes. */
static char *
context(const char *s, size_t len, size_t at, size_t n)
{
	size_t a = at, b = at + n;
	struct buf c = { 0 };

	while (a > 0 && s[a - 1] != '\n')
		a--;
	while (b < len && s[b] != '\n')
		b++;
	if (b > a && s[b - 1] == '\r')
		b--;
	while (a < at && (s[a] == ' ' || s[a] == '\t'))
		a++;
	if (b - a > CONTEXT_MAX) {
		size_t from = at > a + 60 ? at - 60 : a;
		size_t to = at + n + 60 < b ? at + n + 60 : b;

		while (from > a && (s[from] & 0xc0) == 0x80)
			from--;
		while (to < b && (s[to] & 0xc0) == 0x80)
			to++;
		if (from > a)
			buf_str(&c, "\xe2\x80\xa6");
		buf_add(&c, s + from, to - from);
		if (to < b)
			buf_str(&c, "\xe2\x80\xa6");
	} else
		buf_add(&c, s + a, b - a);
	return c.p ? c.p : xstrdup("");
}

static void
count(struct run *r, const char *name, const char *s, size_t len,
    size_t at, size_t n)
{
	char *text = xstrndup(s + at, n), where[512];
	long i = map_get(&r->seen, text);
	struct cand *c;

	if (i >= 0) {
		r->cand[i].count++;
		free(text);
		return;
	}
	if (r->ncand == r->candcap) {
		r->candcap = r->candcap ? 2 * r->candcap : 256;
		r->cand = xrealloc(r->cand, r->candcap * sizeof(*r->cand));
	}
	c = &r->cand[r->ncand];
	snprintf(where, sizeof(where), "%s:%ld", name, line_at(s, at));
	c->text = text;
	c->count = 1;
	c->where = xstrdup(where);
	c->context = context(s, len, at, n);
	map_put(&r->seen, c->text, (long)r->ncand++);
}

/* Split a phrase into its words, at the spaces (after "Dr." too). */
static size_t
words(const char *s, size_t a, size_t b, size_t *at, size_t *wn)
{
	size_t nw = 0, i = a;

	while (i < b && nw < MAX_WORDS) {
		size_t j = i;

		while (j < b && space_len(s + j) == 0 && !(s[j] == '.' && j + 1 < b))
			j++;
		at[nw] = i;
		wn[nw++] = j - i;
		if (j < b && s[j] == '.')
			j++;
		i = j < b ? j + space_len(s + j) : b;
	}
	return nw;
}

static void
phrase(struct run *r, const char *name, const char *s, size_t len,
    size_t a, size_t b)
{
	size_t at[MAX_WORDS], wn[MAX_WORDS], nw, first = 0, end, blen;
	int any = 0;

	if (a > 0 && s[a - 1] == '[' && (blen = bracket_at(s, len, a - 1)) > 0 &&
	    is_auto_label(s + a, blen - 2))
		return;         /* [PERSON-1]: what is left after redacting */
	nw = words(s, a, b, at, wn);
	end = at[nw - 1] + wn[nw - 1];
	if (end - at[nw - 1] > 2 && s[end - 2] == '\'' && s[end - 1] == 's')
		end -= 2;
	else if (end - at[nw - 1] > 4 && memcmp(s + end - 4, "\xe2\x80\x99s", 4)
	    == 0)
		end -= 4;
	wn[nw - 1] = end - at[nw - 1];
	if (sentence_start(s, a)) {
		if (nw == 1)
			return;
		if (ordinary(r, s + at[0], wn[0]))
			first = 1;
	}
	for (size_t i = first; i < nw; i++)
		any |= !ordinary(r, s + at[i], wn[i]);
	if (!any || listed(r, s + at[first], end - at[first]))
		return;
	count(r, name, s, len, at[first], end - at[first]);
}

static void
suggest_text(struct run *r, const char *name, const char *s, size_t n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->phrase_md);
	size_t off = 0;
	int rc;

	while ((rc = pcre2_match(r->phrase, (PCRE2_SPTR)s, n, off,
	    PCRE2_NO_UTF_CHECK, r->phrase_md, NULL)) >= 0) {
		phrase(r, name, s, n, ov[0], ov[1]);
		off = ov[1];
	}
	if (rc != PCRE2_ERROR_NOMATCH)
		tx_die(EXIT_DATA, name, 0, "matching failed (%d)", rc);
}

static int
by_count(const void *a, const void *b)
{
	const struct cand *ca = a, *cb = b;

	if (ca->count != cb->count)
		return ca->count > cb->count ? -1 : 1;
	return strcmp(ca->text, cb->text);
}

static int
suggest(struct run *r, int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct buf in = { 0 };
	int err;
	PCRE2_SIZE off;

	dicts_load(r);
	r->phrase = pcre2_compile((PCRE2_SPTR)PHRASE, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (r->phrase == NULL)
		tx_die(EXIT_USAGE, NULL, 0, "internal error: phrase pattern");
	pcre2_jit_compile(r->phrase, PCRE2_JIT_COMPLETE);
	r->phrase_md = pcre2_match_data_create_from_pattern(r->phrase, NULL);
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (int i = 0; i < argc; i++) {
		read_input(argv[i], &in);
		check_text(shown(argv[i]), in.p, in.len);
		suggest_text(r, shown(argv[i]), in.p, in.len);
	}
	qsort(r->cand, r->ncand, sizeof(*r->cand), by_count);
	out_str("text\tcount\twhere\tcontext\n");
	for (size_t i = 0; i < r->ncand; i++) {
		tsv_write_str(r->cand[i].text);
		out_printf("\t%ld\t", r->cand[i].count);
		tsv_write_str(r->cand[i].where);
		tsv_sep();
		tsv_write_str(r->cand[i].context);
		tsv_end();
	}
	free(in.p);
	return out_close(EXIT_OK);
}

/* ---- main ---- */

enum {
	OPT_DATES = 256, OPT_NO_EMAIL, OPT_NO_NHS, OPT_NO_PHONE,
	OPT_NO_POSTCODE, OPT_VERSION
};

static void
refuse(int given, const char *option, const char *mode)
{
	if (given)
		tx_usage_error("%s does not go with %s", option, mode);
}

static void
check_options(const struct run *r, int argc, char **argv, int patterns)
{
	int std = argc == 0 || (argc == 1 && strcmp(argv[0], "-") == 0);

	if (r->mode == SUGGEST) {
		refuse(r->key.path != NULL, "--key", "--suggest");
		refuse(r->outdir != NULL, "--out", "--suggest");
		refuse(r->force, "--force", "--suggest");
		refuse(patterns, "--dates and --no-*", "--suggest");
		return;
	}
	refuse(r->ndicts > 0, "--dict", "redacting or --reverse");
	if (r->mode == REVERSE) {
		refuse(r->nnames > 0, "--names", "--reverse");
		refuse(patterns, "--dates and --no-*", "--reverse");
	}
	if (r->key.path == NULL)
		tx_usage_error("--key KEYFILE is required");
	if (!std && r->outdir == NULL)
		tx_usage_error("--out DIR is required with files (standard "
		    "input goes to standard output)");
	if (std && r->outdir != NULL)
		tx_usage_error("--out needs files: standard input has no name "
		    "to write under %s", r->outdir);
	refuse(std && r->force, "--force", "standard output");
	for (int i = 0; i < argc && !std; i++)
		if (strcmp(argv[i], "-") == 0)
			tx_usage_error("\"-\" (standard input) cannot be "
			    "written under --out");
}

/* Turn a built-in pattern on or off; 1, for "an option about patterns". */
static int
use(struct run *r, enum kind kind, int on)
{
	for (size_t i = 0; i < NBUILTIN; i++)
		if (builtin[i].kind == kind)
			r->use[i] = on;
	return 1;
}

static int
parse_options(struct run *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dates", no_argument, NULL, OPT_DATES },
		{ "dict", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "names", required_argument, NULL, 'n' },
		{ "no-email", no_argument, NULL, OPT_NO_EMAIL },
		{ "no-nhs", no_argument, NULL, OPT_NO_NHS },
		{ "no-phone", no_argument, NULL, OPT_NO_PHONE },
		{ "no-postcode", no_argument, NULL, OPT_NO_POSTCODE },
		{ "out", required_argument, NULL, 'o' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "suggest", no_argument, NULL, 's' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int ch, patterns = 0;

	for (size_t i = 0; i < NBUILTIN; i++)
		r->use[i] = builtin[i].kind != K_DATE;
	r->names = xcalloc((size_t)argc, sizeof(*r->names));
	r->dicts = xcalloc((size_t)argc, sizeof(*r->dicts));
	while ((ch = getopt_long(argc, argv, "d:fhk:n:o:rs", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			r->dicts[r->ndicts++] = optarg;
			break;
		case 'f':
			r->force = 1;
			break;
		case 'h':
			usage(EXIT_OK);
			break;
		case 'k':
			r->key.path = optarg;
			break;
		case 'n':
			r->names[r->nnames++] = optarg;
			break;
		case 'o':
			r->outdir = optarg;
			break;
		case 'r':
			if (r->mode == SUGGEST)
				tx_usage_error("--reverse does not go with "
				    "--suggest");
			r->mode = REVERSE;
			break;
		case 's':
			if (r->mode == REVERSE)
				tx_usage_error("--reverse does not go with "
				    "--suggest");
			r->mode = SUGGEST;
			break;
		case OPT_DATES:
			patterns = use(r, K_DATE, 1);
			break;
		case OPT_NO_EMAIL:
			patterns = use(r, K_EMAIL, 0);
			break;
		case OPT_NO_NHS:
			patterns = use(r, K_NHS, 0);
			break;
		case OPT_NO_PHONE:
			patterns = use(r, K_PHONE, 0);
			break;
		case OPT_NO_POSTCODE:
			patterns = use(r, K_POSTCODE, 0);
			break;
		case OPT_VERSION:
			tx_version();
		default:
			usage(EXIT_USAGE);
		}
	}
	check_options(r, argc - optind, argv + optind, patterns);
	return optind;
}

static void
prepare(struct run *r)
{
	for (size_t i = 0; i < r->nnames; i++)
		names_load(r, r->names[i]);
	if (r->mode == REDACT)
		for (size_t i = 0; i < NBUILTIN; i++)
			if (r->use[i])
				add_matcher(r, builtin[i].kind, builtin[i].category,
				    builtin[i].pattern, 0);
	if (r->nentry > 0)
		names_build(r);
	if (r->mode == SUGGEST)
		return;
	key_load(r);
	if (r->mode == REVERSE && !r->key.exists)
		tx_die(EXIT_USAGE, r->key.path, 0, "no such key");
}

int
main(int argc, char *argv[])
{
	static struct run r;    /* static: what it holds lives to the end */
	struct buf in = { 0 }, out = { 0 };
	mode_t um;

	tx_init(argv, usage);
	atexit(cleanup);
	argv += parse_options(&r, argc, argv);
	argc = 0;
	while (argv[argc] != NULL)
		argc++;
	prepare(&r);
	if (r.mode == SUGGEST)
		return suggest(&r, argc, argv);
	if (r.outdir == NULL) {         /* standard input to standard output */
		read_input("-", &in);
		process(&r, "<stdin>", &in, &out);
		if (r.mode == REDACT)
			key_save(&r);
		out_write(out.p, out.len);
		free(in.p);
		free(out.p);
		return out_close(EXIT_OK);
	}
	plan_outputs(&r, argc, argv);
	um = umask(0);
	umask(um);
	for (int i = 0; i < argc; i++) {
		read_input(argv[i], &in);
		process(&r, argv[i], &in, &out);
		/* Restored originals are as private as the key. */
		write_temp(&r, &pend[i], &out,
		    r.mode == REVERSE ? 0600 : 0666 & ~um);
	}
	if (r.mode == REDACT)
		key_save(&r);
	commit(&r);
	free(in.p);
	free(out.p);
	return out_close(EXIT_OK);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-redact [-f] [-n names] [--dates] [--no-email] [--no-nhs]\n"
	    "                 [--no-phone] [--no-postcode] -k key -o dir file ...\n"
	    "       tx-redact -r [-f] -k key -o dir file ...\n"
	    "       tx-redact -s [-d dict] [-n names] [file ...]\n";
	const char *text =
	    "\n"
	    "Pseudonymise transcripts: write each file to --out DIR under its own\n"
	    "name with names, e-mail addresses, telephone and NHS numbers and\n"
	    "postcodes replaced by placeholders such as [PERSON-1], recorded in\n"
	    "the key; --reverse puts the originals back byte for byte.  With no\n"
	    "file (or \"-\"), standard input goes to standard output.\n"
	    "\n"
	    "  -k, --key file       the key: TSV, mode 0600, created or extended\n"
	    "  -o, --out dir        folder for the outputs (never over an input)\n"
	    "  -f, --force          replace output files that exist\n"
	    "  -n, --names file     CSV or TSV list: text, category, replacement\n"
	    "      --dates          replace dates too (off by default)\n"
	    "      --no-email       leave e-mail addresses\n"
	    "      --no-nhs         leave NHS numbers\n"
	    "      --no-phone       leave UK telephone numbers\n"
	    "      --no-postcode    leave UK postcodes\n"
	    "  -r, --reverse        restore the originals with the key\n"
	    "  -s, --suggest        list candidate names (TSV) instead: text,\n"
	    "                       count, where, context\n"
	    "  -d, --dict file      word list for --suggest (default: "
	    DICT_DIR "\n"
	    "                       british-english and american-english)\n"
	    "  -h, --help           this help\n"
	    "      --version        the version\n";

	tx_usage(status, synopsis, text);
}
