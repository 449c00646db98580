/*
 * Quotes: chosen while the codings are read again (the best few of each
 * code and group, one per document), then marked where the code matched
 * and trimmed to a window around the first match.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"
#include "tsv.h"
#include "utf8.h"
#include "report/report.h"
#include "segment/segment.h"

/* ------------------------------------------------------------------ */
/* Quotes: chosen, the best few of each code and group */

/* A candidate: the current record's fields. */
struct cand {
	const char *text, *doc, *speaker, *match;
	size_t len, doclen, spklen, matchlen, chars;
	long hits;
	size_t order;
	int speaker_doc;
	const struct cb_code *code;
};

/* Is the candidate better than quote b: more hits, shorter, earlier? */
static int
better(const struct cand *a, const struct quote *b)
{
	if (a->hits != b->hits)
		return a->hits > b->hits;
	if (a->chars != b->chars)
		return a->chars < b->chars;
	return a->order < b->order;
}

static void
set_str(char **dst, const char *s, size_t n)
{
	*dst = xrealloc(*dst, n + 1);
	memcpy(*dst, s, n);
	(*dst)[n] = '\0';
}

static void
quote_set(struct quote *q, const struct cand *c)
{
	if (c->len + 1 > q->cap) {
		q->cap = c->len + 1;
		q->text = xrealloc(q->text, q->cap);
	}
	memcpy(q->text, c->text, c->len);
	q->text[c->len] = '\0';
	q->len = c->len;
	q->chars = c->chars;
	set_str(&q->doc, c->doc, c->doclen);
	set_str(&q->speaker, c->speaker, c->spklen);
	set_str(&q->match, c->match, c->matchlen);
	q->hits = c->hits;
	q->order = c->order;
	q->speaker_doc = c->speaker_doc;
	q->code = c->code;
}

/*
 * Keep the candidate if it is among the best max of its cell, one quote
 * per document (its best segment), so that the quotes show the range.
 */
static void
consider(struct quote_cell *cell, size_t max, struct cand *c)
{
	size_t at = cell->n;
	struct quote tmp;

	for (size_t i = 0; i < cell->n; i++)
		if (strlen(cell->q[i].doc) == c->doclen &&
		    memcmp(cell->q[i].doc, c->doc, c->doclen) == 0) {
			if (!better(c, &cell->q[i]))
				return;
			at = i;
			break;
		}
	if (at == cell->n && cell->n == max) {
		if (!better(c, &cell->q[max - 1]))
			return;
		at = max - 1;
	}
	if (cell->q == NULL)
		cell->q = xcalloc(max, sizeof(*cell->q));
	if (at == cell->n)
		cell->n++;
	quote_set(&cell->q[at], c);
	for (; at > 0 && better(c, &cell->q[at - 1]); at--) {
		tmp = cell->q[at];
		cell->q[at] = cell->q[at - 1];
		cell->q[at - 1] = tmp;
	}
}

/*
 * Offer q (its strings NUL-terminated; cap and chars unused) to cell:
 * kept if among its best max, one per q->doc. The framework matrix
 * offers its quotes with a segment's tag as doc: one quote per segment.
 */
void
quote_offer(struct quote_cell *cell, size_t max, const struct quote *q)
{
	struct cand c = { .text = q->text, .len = q->len, .doc = q->doc,
	    .doclen = strlen(q->doc), .speaker = q->speaker,
	    .spklen = strlen(q->speaker), .match = q->match,
	    .matchlen = strlen(q->match), .chars = utf8_chars(q->text, q->len),
	    .hits = q->hits, .order = q->order,
	    .speaker_doc = q->speaker_doc, .code = q->code };

	if (max > 0)
		consider(cell, max, &c);
}

void
quote_cell_free(struct quote_cell *cell)
{
	for (size_t j = 0; j < cell->n; j++) {
		free(cell->q[j].text);
		free(cell->q[j].doc);
		free(cell->q[j].speaker);
		free(cell->q[j].match);
	}
	free(cell->q);
}

static void
add_coder(struct report *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->ncoder; i++)
		if (strlen(r->coder[i]) == n && memcmp(r->coder[i], s, n) == 0)
			return;
	r->coder = xrealloc(r->coder, (r->ncoder + 1) * sizeof(*r->coder));
	r->coder[r->ncoder++] = xstrndup(s, n);
}

/* Read the codings again, keeping the best quotes of each code and group. */
int
quotes_read(struct report *r, struct tsv *t)
{
	struct counts *c = r->c;
	size_t order = 0;
	int cdoc, cspk, ccode, chits, cmatch, ccoder, ctext, cby;

	if (!tsv_header(t))
		return tsv_close(t);
	cdoc = tsv_need(t, "doc", report_codings_hint);
	ccode = tsv_need(t, "code", report_codings_hint);
	chits = tsv_need(t, "hits", report_codings_hint);
	ctext = tsv_need(t, "text", report_text_hint);
	cby = tsv_need_by(t, r->o->by);
	cspk = tsv_col(t, "speaker");
	cmatch = tsv_col(t, "match");
	ccoder = tsv_col(t, "coder");
	r->cell = xcalloc(c->ncode * c->ngroup + 1, sizeof(*r->cell));
	while (tsv_next(t)) {
		struct cand cd = { 0 };
		long k, g;

		order++;
		if (ccoder >= 0)
			add_coder(r, t->field[ccoder], t->flen[ccoder]);
		if (t->flen[ccode] == 0 || r->o->quotes == 0)
			continue;
		k = counts_code_index(c, t->field[ccode], t->flen[ccode]);
		g = counts_group_index(c, t->field[cby], t->flen[cby]);
		if (k < 0 || g < 0)
			continue;
		cd.text = t->field[ctext];
		cd.len = t->flen[ctext];
		cd.doc = t->field[cdoc];
		cd.doclen = t->flen[cdoc];
		cd.speaker = cspk >= 0 ? t->field[cspk] : "";
		cd.spklen = cspk >= 0 ? t->flen[cspk] : 0;
		cd.match = cmatch >= 0 ? t->field[cmatch] : "";
		cd.matchlen = cmatch >= 0 ? t->flen[cmatch] : 0;
		cd.hits = count_parse(t->field[chits], t->flen[chits]);
		cd.chars = utf8_chars(cd.text, cd.len);
		cd.order = order;
		consider(&r->cell[(size_t)k * c->ngroup + (size_t)g],
		    (size_t)r->o->quotes, &cd);
	}
	return tsv_close(t);
}

const struct quote_cell *
quotes_of(const struct report *r, const struct report_code *rc, int g)
{
	if (rc->cc < 0)
		return NULL;
	return &r->cell[(size_t)rc->cc * r->c->ngroup + r->group[g].cg];
}

int
quotes_any(const struct report *r, const struct report_code *rc)
{
	for (int g = 0; rc->cc >= 0 && g < r->k; g++)
		if (quotes_of(r, rc, g)->n > 0)
			return 1;
	return 0;
}

void
quotes_free(struct report *r)
{
	for (size_t i = 0; r->c != NULL && i < r->c->ncode * r->c->ngroup; i++)
		quote_cell_free(&r->cell[i]);
	free(r->cell);
}

/* ------------------------------------------------------------------ */
/* Quotes: marked, trimmed around the first match */

struct span {
	size_t from, to;
};

struct marks {
	struct span *s;
	size_t n, cap;
};

static void
mark_add(struct marks *m, size_t from, size_t to)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->s = xrealloc(m->s, m->cap * sizeof(*m->s));
	}
	m->s[m->n].from = from;
	m->s[m->n++].to = to;
}

static int
span_cmp(const void *x, const void *y)
{
	const struct span *a = x, *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return (a->to > b->to) - (a->to < b->to);
}

/*
 * Every match of the code's patterns (with --codebook) that its row's
 * rules keep in the whole segment (codebook_match_kept), else every
 * occurrence of the match text (ASCII case ignored). A matrix's theme
 * quote marks the matches of the code it was coded with that are its
 * match's text. A code with rules has only its kept matches marked: a
 * Boolean code, none.
 */
static void
find_marks(struct report *r, const struct report_code *rc,
    const struct quote *q, struct marks *m)
{
	const struct cb_code *c = q->code != NULL ? q->code : rc->cb;
	PCRE2_SIZE *ov;
	size_t n = 0, mlen, ms, me;

	m->n = 0;
	if (c != NULL && c->rule != NULL)
		codebook_matcher_speaker(r->cb.m, q->speaker,
		    strlen(q->speaker));
	for (size_t k = 0; c != NULL && k < c->npat; k++) {
		const struct cb_pattern *p = &c->pat[k];
		size_t at = 0;

		codebook_jit(p, 0);     /* as tx-code matches it */
		ov = pcre2_get_ovector_pointer(r->md);
		while (at < q->len && pcre2_match(p->re, (PCRE2_SPTR)q->text,
		    q->len, at, PCRE2_NOTEMPTY, r->md, r->mctx) >= 0) {
			ms = ov[0];
			me = ov[1];
			if (p->rule == NULL || codebook_match_kept(r->cb.m, p,
			    q->text, q->len, ms, me) == 1)
				mark_add(m, ms, me);
			at = me > at ? me : at + 1;
			while (at < q->len && (q->text[at] & 0xc0) == 0x80)
				at++;
		}
	}
	mlen = strlen(q->match);
	if (c != NULL && c != rc->cb) {   /* a theme's quote: its match's text */
		for (size_t i = 0; i < m->n; i++)
			if (m->s[i].to - m->s[i].from == mlen &&
			    strncasecmp(q->text + m->s[i].from, q->match,
			    mlen) == 0)
				m->s[n++] = m->s[i];
		m->n = n;
		n = 0;
	}
	if (m->n > 0 || (c != NULL && c->rule != NULL))
		mlen = 0;
	for (size_t i = 0; mlen > 0 && i + mlen <= q->len; i++)
		if (strncasecmp(q->text + i, q->match, mlen) == 0) {
			mark_add(m, i, i + mlen);
			i += mlen - 1;
		}
	if (m->n > 1)
		qsort(m->s, m->n, sizeof(*m->s), span_cmp);
	for (size_t i = 0; i < m->n; i++) {     /* merge overlaps */
		if (n > 0 && m->s[i].from <= m->s[n - 1].to) {
			if (m->s[i].to > m->s[n - 1].to)
				m->s[n - 1].to = m->s[i].to;
			continue;
		}
		m->s[n++] = m->s[i];
	}
	m->n = n;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Byte offset n characters back from at (not before 0). */
static size_t
back_chars(const char *s, size_t at, size_t n)
{
	while (at > 0 && n > 0) {
		at--;
		if (((unsigned char)s[at] & 0xc0) != 0x80)
			n--;
	}
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/* Byte offset n characters on from at (not past len). */
static size_t
on_chars(const char *s, size_t len, size_t at, size_t n)
{
	while (at < len && n > 0) {
		at++;
		while (at < len && ((unsigned char)s[at] & 0xc0) == 0x80)
			at++;
		n--;
	}
	return at;
}

/*
 * Does a sentence end just before byte i? tx-segment's sentence rule
 * (abbreviations, ellipses, closing quotes), so that a quote is cut where
 * --unit sentence would cut: every trimming below asks it.
 */
static int
sentence_end(const char *s, size_t len, size_t i)
{
	return seg_sentence_ends_at(s, len, i);
}

/* Does a sentence start at byte i (after ". ", "? ", "! " or a line)? */
static int
sentence_start(const char *s, size_t len, size_t i)
{
	size_t j = i;

	if (i == 0)
		return 1;
	if (is_space(s[i]) || !is_space(s[i - 1]))
		return 0;
	while (j > 0 && is_space(s[j - 1]))
		if (s[--j] == '\n')
			return 1;
	return sentence_end(s, len, j);
}

/* The earliest sentence start before f from which the rest fits in width. */
static size_t
earliest_start(const char *s, size_t len, size_t f, size_t width)
{
	size_t chars = utf8_chars(s + f, len - f), best = f;

	for (size_t i = f; i > 0 && chars <= width; ) {
		i--;
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
		if (chars <= width && sentence_start(s, len, i))
			best = i;
	}
	return best;
}

/*
 * The part of a long text to quote, [*from, *to): at most width
 * characters, from the start of the sentence that holds the first match
 * (or a little before the match, when that sentence starts far back),
 * ending at a sentence end after the match when there is one, else at a
 * word break.
 */
static void
quote_window(const char *s, size_t len, size_t width, const struct marks *m,
    size_t *from, size_t *to)
{
	size_t m0 = m->n ? m->s[0].from : 0, m1 = m->n ? m->s[0].to : 0;
	size_t f = m0, t, best = 0;

	*from = 0;
	*to = len;
	if (utf8_chars(s, len) <= width)
		return;
	while (f > 0 && !sentence_end(s, len, f) && s[f - 1] != '\n')
		f--;
	if (utf8_chars(s + f, m0 - f) > width / 2) {
		f = back_chars(s, m0, width / 3);
		while (f < m0 && !is_space(s[f]))
			f++;
	}
	t = on_chars(s, len, f, width);
	if (t == len)           /* the end is in reach: earlier sentences too */
		f = earliest_start(s, len, f, width);
	for (size_t i = m1 + 1; i <= t && t < len; i++)
		if (sentence_end(s, len, i))
			best = i;
	if (t < len && best > 0)
		t = best;
	else if (t < len) {
		size_t w = t;

		while (w > m1 && !is_space(s[w]))
			w--;
		if (w > m1)
			t = w;
	}
	*from = f;
	*to = t;
}

/* The part of q's text that quote_put shows, [*from, *to). */
void
quote_span(struct report *r, const struct report_code *rc,
    const struct quote *q, size_t *from, size_t *to)
{
	static struct marks m;

	find_marks(r, rc, q, &m);
	quote_window(q->text, q->len, (size_t)r->o->width, &m, from, to);
}

/* A quote: "...text..." with its marks, trimmed; then (doc, speaker). */
void
quote_put(struct report *r, const struct report_code *rc,
    const struct quote *q)
{
	static struct marks m;
	struct pen p = { .fmt = r->o->format,
	    .iso = r->o->format == REPORT_HTML ? PEN_BDI : PEN_FSI };
	size_t from, to, mi = 0, i;

	find_marks(r, rc, q, &m);
	quote_window(q->text, q->len, (size_t)r->o->width, &m, &from, &to);
	out_char('"');
	for (i = from; i < to && is_space(q->text[i]); i++)
		;
	if (i > 0)
		out_str("\xe2\x80\xa6 ");
	pen_begin(&p);
	while (i < to) {
		while (mi < m.n && m.s[mi].to <= i)
			mi++;
		if (mi < m.n && m.s[mi].from <= i && !p.want_mark)
			pen_mark_open(&p);
		else if (p.want_mark && (mi == m.n || m.s[mi].from > i))
			pen_mark_close(&p);
		pen_char(&p, q->text, to, &i);
	}
	pen_end(&p);
	while (to < q->len && is_space(q->text[to]))
		to++;
	if (to < q->len)
		out_str(" \xe2\x80\xa6");
	out_str("\" (");
	pen_isolated(r->o->format, q->doc);
	if (*q->speaker != '\0' && !q->speaker_doc &&
	    strcmp(q->speaker, q->doc) != 0) {
		out_str(", ");
		pen_isolated(r->o->format, q->speaker);
	}
	out_char(')');
}
