/*
 * --suggest: the capitalised words and phrases of a text that the names
 * list lacks and a word list does not know as ordinary words.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opt.h"
#include "out.h"
#include "tsv.h"
#include "tx.h"
#include "redact/redact.h"

#define CONTEXT_MAX     160     /* longest context line of --suggest */
#define MAX_WORDS       32      /* words of a --suggest phrase */

/* A capitalised word, and a run of them: the candidates of --suggest. */
#define CAPWORD "\\p{Lu}[\\p{L}\\p{M}]*(?:['\\x{2019}-]\\p{L}[\\p{L}\\p{M}]*)*"
#define PHRASE "(?<![\\p{L}\\p{M}\\p{N}'\\x{2019}-])" CAPWORD \
	"(?:(?:(?<=Mr|Mrs|Ms|Dr|St|Prof|Rev)\\.)?[ \\x{a0}]" CAPWORD ")*"

struct cand {
	char *text, *where, *context;
	long count;
};

static void
dict_load(struct run *r, const char *path)
{
	struct buf b = { 0 };
	char *line, *nl;

	if (access(path, R_OK) != 0)    /* a word list is configuration */
		tx_die(EXIT_USAGE, path, 0, "%s", strerror(errno));
	redact_read_input(path, &b);
	for (line = b.s; line < b.s + b.n; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(b.s + b.n - line))) == NULL)
			nl = b.s + b.n;
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*line)
			strmap_put(&r->dict, line, strlen(line), 1);
	}
	free(b.s);              /* the map holds its own copies of the words */
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
	return strmap_get(&r->dict, low, strlen(low)) >= 0 &&
	    strmap_get(&r->dict, cap, strlen(cap)) < 0 &&
	    strmap_get(&r->dict, raw, strlen(raw)) < 0;
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
	return c.s ? c.s : xstrdup("");
}

static void
count(struct run *r, const char *name, const char *s, size_t len,
    size_t at, size_t n)
{
	char where[512];
	long i = strmap_get(&r->seen, s + at, n);
	struct cand *c;

	if (i >= 0) {
		r->cand[i].count++;
		return;
	}
	if (r->ncand == r->candcap) {
		r->candcap = r->candcap ? 2 * r->candcap : 256;
		r->cand = xrealloc(r->cand, r->candcap * sizeof(*r->cand));
	}
	c = &r->cand[r->ncand];
	snprintf(where, sizeof(where), "%s:%ld", name, line_of(s, at));
	c->text = xstrndup(s + at, n);
	c->count = 1;
	c->where = xstrdup(where);
	c->context = context(s, len, at, n);
	strmap_put(&r->seen, c->text, n, (long)r->ncand++);
}

/* Split a phrase into its words, at the spaces (after "Dr." too). */
static size_t
words(const char *s, size_t a, size_t b, size_t *at, size_t *wn)
{
	size_t nw = 0, i = a;

	while (i < b && nw < MAX_WORDS) {
		size_t j = i;

		while (j < b && redact_space_len(s + j) == 0 &&
		    !(s[j] == '.' && j + 1 < b))
			j++;
		at[nw] = i;
		wn[nw++] = j - i;
		if (j < b && s[j] == '.')
			j++;
		i = j < b ? j + redact_space_len(s + j) : b;
	}
	return nw;
}

static void
phrase(struct run *r, const char *name, const char *s, size_t len,
    size_t a, size_t b)
{
	size_t at[MAX_WORDS], wn[MAX_WORDS], nw, first = 0, end, blen;
	int any = 0;

	if (a > 0 && s[a - 1] == '[' &&
	    (blen = redact_bracket_at(s, len, a - 1)) > 0 &&
	    redact_is_auto_label(s + a, blen - 2))
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

int
redact_suggest(struct run *r, int argc, char **argv)
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
	/* A name that is not UTF-8 would make a where that is not. */
	for (int i = 0; i < argc; i++)
		opt_utf8_path(argv[i]);
	for (int i = 0; i < argc; i++) {
		redact_read_input(argv[i], &in);
		redact_check_text(redact_shown(argv[i]), in.s, in.n);
		suggest_text(r, redact_shown(argv[i]), in.s, in.n);
	}
	if (r->ncand > 0)         /* qsort of NULL is undefined, even of 0 */
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
	free(in.s);
	return out_close(EXIT_OK);
}

