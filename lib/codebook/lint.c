/*
 * --check's lints: what a codebook says that will surprise its author,
 * as warnings (the codebook still codes). Without segments: a letter
 * followed by * (NVivo's wildcard, which in a regex repeats the letter),
 * and the rules' (rules.c: a near that never holds, a within or rule
 * operand no segment can carry). With --sample: each pattern's matches
 * that lie inside longer words, when they are most of them, with the
 * share and three of the words; and each near that no match satisfied.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tsv.h"
#include "tx.h"
#include "codebook.h"
#include "rules.h"

#define EXAMPLES 3

/* What a pattern matched in the sample. */
struct tally {
	unsigned long all, inside;
	char *ex[EXAMPLES];
	size_t nex;
};

/*
 * An NVivo wildcard: a letter, then * at the end of the pattern or of an
 * alternative. The letters before it, or NULL.
 */
static char *
wildcard(const char *src)
{
	size_t n = strlen(src), a;

	for (size_t i = 1; i < n; i++) {
		if (src[i] != '*' || (i + 1 < n && src[i + 1] != '|' &&
		    src[i + 1] != ')'))
			continue;
		for (a = i; a > 0 && ((src[a - 1] | 0x20) >= 'a' &&
		    (src[a - 1] | 0x20) <= 'z'); a--)
			;
		if (a == i || (a > 0 && src[a - 1] == '\\'))
			continue;
		return xstrndup(src + a, i - a);
	}
	return NULL;
}

static size_t
static_lints(const struct codebook *cb)
{
	size_t n = 0;
	char *w;

	for (size_t i = 0; i < cb->ncode; i++)
		for (size_t k = 0; k < cb->code[i].npat; k++) {
			const struct cb_pattern *p = &cb->code[i].pat[k];

			if ((w = wildcard(p->src)) == NULL)
				continue;
			tx_warn(cb->name, p->line, "code \"%s\": warning: pattern "
			    "\"%s\": in a regex * repeats the letter before it "
			    "(\"%.*s\", \"%s\", \"%s%c\" ...), inside words too; "
			    "for the words that begin with \"%s\" write \\b%s\\w*",
			    cb->code[i].path, p->src, (int)strlen(w) - 1, w, w, w,
			    w[strlen(w) - 1], w, w);
			free(w);
			n++;
		}
	return n;
}

/* Whether the character at byte i (a start of one) is a word character. */
static int
word_at(const pcre2_code *wre, pcre2_match_data *md, const char *s,
    size_t len, size_t i)
{
	return i < len && pcre2_match(wre, (PCRE2_SPTR)s, len, i,
	    PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, md, NULL) > 0;
}

static size_t
char_before(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && (s[i] & 0xc0) == 0x80);
	return i;
}

static size_t
char_after(const char *s, size_t len, size_t i)
{
	i++;
	while (i < len && (s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* Tally one match [ms, me) of text: inside a word, and the word. */
static void
tally(struct tally *t, const pcre2_code *wre, pcre2_match_data *md,
    const char *s, size_t len, size_t ms, size_t me)
{
	size_t a = ms, z = me, last = char_before(s, me);

	t->all++;
	if (!((ms > 0 && word_at(wre, md, s, len, ms) &&
	    word_at(wre, md, s, len, char_before(s, ms))) ||
	    (me < len && word_at(wre, md, s, len, me) &&
	    word_at(wre, md, s, len, last))))
		return;
	t->inside++;
	if (t->nex == EXAMPLES)
		return;
	while (a > 0 && word_at(wre, md, s, len, char_before(s, a)))
		a = char_before(s, a);
	while (z < len && word_at(wre, md, s, len, z))
		z = char_after(s, len, z);
	for (size_t k = 0; k < t->nex; k++)
		if (strlen(t->ex[k]) == z - a && memcmp(t->ex[k], s + a, z - a) == 0)
			return;
	t->ex[t->nex++] = xstrndup(s + a, z - a);
}

/*
 * Every match of pattern p in the text, tallied (sp: room for them); a
 * search that fails (a limit) ends them, and what it found is tallied.
 */
static void
try_pattern(struct codebook *cb, const struct cb_pattern *p, struct tally *ta,
    const pcre2_code *wre, pcre2_match_data *md, const char *s, size_t len,
    struct spans *sp)
{
	spans_find(cb->m, p, 0, s, len, SIZE_MAX, sp);
	for (size_t k = 0; k < sp->n; k++)
		tally(&ta[p->id], wre, md, s, len, sp->v[k].s, sp->v[k].e);
}

static void
ignore(const struct cb_result *r, void *arg)
{
	(void)r;
	(void)arg;
}

static size_t
sample_lints(struct codebook *cb, struct tally *ta, const char *sample,
    int *status)
{
	pcre2_code *wre;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	struct tsv *t;
	PCRE2_SIZE off;
	int ec, text, spk = -1;
	size_t n = 0;
	struct buf ex = { 0 };
	struct spans sp = { 0 };
	char *files[1] = { (char *)sample };

	wre = pcre2_compile((PCRE2_SPTR)"\\w", 2, PCRE2_UTF | PCRE2_UCP, &ec,
	    &off, NULL);
	t = tsv_open(1, files);
	if (tsv_header(t)) {
		text = tsv_need(t, "text", "--sample takes segments, as "
		    "tx-segment writes them");
		if (codebook_uses_speakers(cb))
			spk = tsv_col(t, "speaker");
		while (tsv_next(t)) {
			const char *s = t->field[text];
			size_t len = t->flen[text];

			for (size_t i = 0; i < cb->ncode; i++)
				for (size_t k = 0; k < cb->code[i].npat; k++)
					try_pattern(cb, &cb->code[i].pat[k], ta, wre,
					    md, s, len, &sp);
			if (spk >= 0)
				codebook_matcher_speaker(cb->m, t->field[spk],
				    t->flen[spk]);
			if (cb->rules != NULL)
				codebook_match(cb, s, len, ignore, NULL);
		}
	}
	*status = tsv_close(t);
	for (size_t id = 0; id < cb->npattern; id++) {
		const struct cb_pattern *p = cb->re[id];
		struct tally *q = &ta[id];

		if (q->inside > 0 && 2 * q->inside > q->all) {
			ex.n = 0;
			for (size_t k = 0; k < q->nex; k++) {
				buf_str(&ex, k > 0 ? ", \"" : "\"");
				buf_str(&ex, q->ex[k]);
				buf_char(&ex, '"');
			}
			tx_warn(cb->name, p->line, "code \"%s\": warning: pattern "
			    "\"%s\": %lu of its %lu matches in %s (%.0f%%) lie "
			    "inside longer words, as %s", cb->code[p->code].path,
			    p->src, q->inside, q->all, sample, 100.0 *
			    (double)q->inside / (double)q->all, ex.s);
			n++;
		}
		for (size_t k = 0; k < q->nex; k++)
			free(q->ex[k]);
	}
	buf_free(&ex);
	free(sp.v);
	pcre2_code_free(wre);
	pcre2_match_data_free(md);
	return n;
}

int
codebook_lint(struct codebook *cb, const char *sample, size_t *nwarn)
{
	static const struct cb_limits lim = { CB_MATCH_LIMIT, CB_DEPTH_LIMIT,
	    CB_HEAP_LIMIT, 0 };
	struct tally *ta;
	int status = EXIT_OK;

	*nwarn = static_lints(cb) + rules_lint(cb, NULL);
	if (sample == NULL)
		return status;
	cb->engine = CB_ENGINE_PCRE2;
	cb->verbose = 1;        /* the rules count what they drop */
	codebook_prepare(cb, &lim);
	ta = xcalloc(cb->npattern + 1, sizeof(*ta));
	*nwarn += sample_lints(cb, ta, sample, &status);
	*nwarn += rules_lint(cb, sample);
	free(ta);
	return status;
}
