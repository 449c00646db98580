/*
 * The names list (CSV or TSV: text, category, replacement), made into a
 * few big alternations of literal words, longest first.  A name's title
 * ("Dr", "Mrs.") is not part of it: "Dr Okonkwo", "Nurse Okonkwo" and
 * "Okonkwo" are one person; --titles says whether the title is replaced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"
#include "table.h"
#include "utf8.h"
#include "tx.h"
#include "redact/redact.h"

#define MAX_LABEL       64      /* longest replacement */
#define NAMES_CHUNK     16000   /* bytes of names pattern per compiled regex */

/* The titles a name may have (a fixed list); "stop": may take a full stop. */
static const struct title {
	const char *word;
	int stop;
} titles[] = {
	{ "Dr", 1 }, { "Mr", 1 }, { "Mrs", 1 }, { "Ms", 1 }, { "Miss", 0 },
	{ "Prof", 1 }, { "Nurse", 0 }, { "Sister", 0 }, { "Cllr", 1 }
};
#define NTITLES (sizeof(titles) / sizeof(titles[0]))

/*
 * Letters and digits in s[0..n), a character outside ASCII counting as
 * one (so is the first byte of a run of stray continuation bytes).
 */
static size_t
letters(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80)
			count += (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
			    (c | 0x20) <= 'z');
		else
			count += c >= 0xc0 || i == 0 ||
			    (unsigned char)s[i - 1] < 0x80;
	}
	return count;
}

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
	if (letters(e->text, strlen(e->text)) == 0 ||
	    strpbrk(e->text, "\t\r\n\\[]") != NULL)
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
	/* At a label's place it must still read as one: "[the nurse]:". */
	if (strpbrk(e->replacement, ":*<>") != NULL)
		tx_die(EXIT_USAGE, e->file, e->line, "replacement \"%s\": no "
		    "\":\", \"*\", \"<\" or \">\", which would break a speaker "
		    "label such as \"[%s]:\"", e->replacement, e->replacement);
}

/*
 * Bytes of a title at the start of the string s (of n bytes), with its
 * full stop and the spaces after it, when a name of two letters or more
 * follows; else 0.  "Dr A" keeps its title: "A" alone would be every "a"
 * of the text.
 */
static size_t
title_len(const char *s, size_t n)
{
	for (size_t t = 0; t < NTITLES; t++) {
		size_t i = strlen(titles[t].word);

		if (n <= i || strncasecmp(s, titles[t].word, i) != 0)
			continue;
		if (titles[t].stop && s[i] == '.')
			i++;
		if (i == n || redact_space_len(s + i) == 0)
			continue;
		while (i < n && redact_space_len(s + i) > 0)
			i += redact_space_len(s + i);
		if (letters(s + i, n - i) >= 2)
			return i;
	}
	return 0;
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
		e->title = title_len(e->text, strlen(e->text));
		if (e->replacement)
			strmap_put(&r->replabel, e->replacement,
			    strlen(e->replacement), 1);
	}
	table_free(&tb);
}

static const struct entry *sort_entries;

/* Longest first, so that "Jane Jones" is tried before "Jones". */
static int
by_length(const void *a, const void *b)
{
	const struct entry *ea = &sort_entries[*(const size_t *)a];
	const struct entry *eb = &sort_entries[*(const size_t *)b];
	size_t la = utf8_chars(ea->text + ea->title, strlen(ea->text + ea->title));
	size_t lb = utf8_chars(eb->text + eb->title, strlen(eb->text + eb->title));

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

/*
 * The start of an alternation: a word begins, and with --titles replace,
 * a title may come first ("(?:(?:Dr\.?|...|Miss)[ \x{a0}]+)?").
 */
static void
begin_alternation(const struct run *r, struct buf *pat)
{
	buf_str(pat, "(?<!\\w)");
	if (r->titles == TITLES_REPLACE) {
		buf_str(pat, "(?:(?:");
		for (size_t t = 0; t < NTITLES; t++) {
			buf_str(pat, t ? "|" : "");
			buf_str(pat, titles[t].word);
			buf_str(pat, titles[t].stop ? "\\.?" : "");
		}
		buf_str(pat, ")[ \\x{a0}]+)?");
	}
	buf_str(pat, "(?:");
}

/*
 * One entry as an alternative: its name, without the title, in literal
 * words with any run of spaces between.
 */
static void
add_alternative(const struct run *r, struct buf *pat, const struct entry *e,
    size_t idx)
{
	char mark[32];
	const char *p = e->text + e->title;

	if (pat->n)
		buf_str(pat, "|");
	else
		begin_alternation(r, pat);
	buf_str(pat, "\\Q");
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
static long
whole_name(const struct run *r, const char *s, size_t n)
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

/*
 * The entry of s, a name with or without its title ("Dr Jones" in a key
 * made with --titles replace, read with keep), or -1.
 */
long
redact_name_of(const struct run *r, const char *s, size_t n)
{
	long e = whole_name(r, s, n);
	size_t t;

	if (e < 0 && (t = title_len(s, n)) > 0)
		e = whole_name(r, s + t, n - t);
	return e;
}

static int
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/*
 * The names as a few big alternations (one would outgrow PCRE2's limit on
 * a compiled pattern), then each entry's canonical twin: "smith" or
 * "Dr Smith" listed after "Smith" is the same name, and must not say
 * otherwise.
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
		add_alternative(r, &pat, &r->entry[order[i]], order[i]);
		if (pat.n > NAMES_CHUNK || i + 1 == r->nentry) {
			buf_str(&pat, ")(?!\\w)");
			redact_add_matcher(r, K_NAME, NULL, pat.s, PCRE2_CASELESS);
			pat.n = 0;
		}
	}
	free(pat.s);
	free(order);
	for (size_t i = 0; i < r->nentry; i++) {
		struct entry *e = &r->entry[i];
		long c = redact_name_of(r, e->text + e->title,
		    strlen(e->text + e->title));

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
