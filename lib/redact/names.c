/*
 * The names list (CSV or TSV: text, category, replacement), made into a
 * few big alternations of literal words, longest first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "redact/redact.h"

#define MAX_LABEL       64      /* longest replacement */
#define NAMES_CHUNK     16000   /* bytes of names pattern per compiled regex */

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
	if (!redact_is_category(e->category))
		tx_die(EXIT_USAGE, e->file, e->line, "category \"%s\": use up to 32 "
		    "letters, digits and single hyphens, such as PERSON, PLACE, "
		    "ORG",
		    e->category);
	if (e->replacement == NULL)
		return;
	if (strlen(e->replacement) > MAX_LABEL ||
	    strpbrk(e->replacement, "\t\r\n\\[]") != NULL ||
	    redact_strip_variant(e->replacement, strlen(e->replacement)) !=
	    strlen(e->replacement))
		tx_die(EXIT_USAGE, e->file, e->line, "replacement \"%s\": at most "
		    "%d bytes, no tab, backslash or [ ], and no \".N\" at the end",
		    e->replacement, MAX_LABEL);
}

void
redact_names_load(struct run *r, const char *path)
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
			strmap_put(&r->replabel, e->replacement,
			    strlen(e->replacement), 1);
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

/* A space or a no-break space at p: its length, else 0. */
size_t
redact_space_len(const char *p)
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
		if (redact_space_len(p) == 0) {
			buf_add(pat, p++, 1);
			continue;
		}
		while (redact_space_len(p) > 0)
			p += redact_space_len(p);
		buf_str(pat, "\\E[ \\x{a0}]+\\Q");
	}
	snprintf(mark, sizeof(mark), "\\E(*MARK:%zu)", idx);
	buf_str(pat, mark);
}

/*
 * The entry whose alternative matches the whole of s first, or -1.  Not
 * PCRE2_ANCHORED: that would forgo the JIT, and this runs once per entry.
 */
long
redact_name_of(const struct run *r, const char *s, size_t n)
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
void
redact_names_build(struct run *r)
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
			redact_add_matcher(r, K_NAME, NULL, pat.p, PCRE2_CASELESS);
			pat.len = 0;
		}
	}
	free(pat.p);
	free(order);
	for (size_t i = 0; i < r->nentry; i++) {
		struct entry *e = &r->entry[i];
		long c = redact_name_of(r, e->text, strlen(e->text));

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
