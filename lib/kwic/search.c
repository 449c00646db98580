/*
 * search.c: the matches of each probe in a segment's text, non-overlapping
 * and from left to right as tx-code counts them, each made one row: the
 * segment's columns, the probe, the exclude that vetoes its code, the
 * match's source offsets, and its context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "kwic/internal.h"

#define KWIC_MATCH_OPTIONS (PCRE2_NOTEMPTY | PCRE2_NO_UTF_CHECK)

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
continuation(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* One match: rc > 0 and [*a,*b); 0 none; < 0 a PCRE2 error (reported). */
static int
match_at(const struct kwic *k, struct kwic_out *o, const struct kwic_seg *s,
    const struct kwic_probe *p, size_t at, size_t *a, size_t *b)
{
	int rc = pcre2_match(p->re, (PCRE2_SPTR)s->text.s, s->text.n, at,
	    KWIC_MATCH_OPTIONS, k->md, k->mctx);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		tx_warn(s->name, s->line, "pattern \"%s\": %s", p->src,
		    codebook_strerror(rc));
		o->status = EXIT_DATA;
		return rc;
	}
	*a = ov[0];
	*b = ov[1];
	return 1;
}

/* The index of the exclude of code c that matches the text, or -1. */
static long
veto(const struct kwic *k, struct kwic_out *o, const struct kwic_seg *s,
    long c)
{
	const struct cb_code *code = &k->cb->code[c];
	struct kwic_probe ex;
	size_t a, b;

	if (o->vgen[c] == o->gen)
		return o->veto[c];
	o->vgen[c] = o->gen;
	o->veto[c] = -1;
	for (size_t j = 0; j < code->nexcl; j++) {
		ex.src = code->excl[j].src;
		ex.re = code->excl[j].re;
		if (match_at(k, o, s, &ex, 0, &a, &b) > 0) {
			o->veto[c] = (long)j;
			break;
		}
	}
	return o->veto[c];
}

/* Where the context left of byte a begins. */
static size_t
left_from(const struct kwic *k, const char *t, size_t a)
{
	size_t p = a;

	if (k->chars > 0) {
		for (int n = 0; n < k->chars && p > 0; n++)
			while (--p > 0 && continuation(t[p]))
				;
		return p;
	}
	for (int n = 0; n < k->words && p > 0; n++) {
		while (p > 0 && space(t[p - 1]))
			p--;
		while (p > 0 && !space(t[p - 1]))
			p--;
	}
	return p;
}

/* Where the context right of byte b ends. */
static size_t
right_to(const struct kwic *k, const char *t, size_t len, size_t b)
{
	size_t p = b;

	if (k->chars > 0) {
		for (int n = 0; n < k->chars && p < len; n++)
			while (++p < len && continuation(t[p]))
				;
		return p;
	}
	for (int n = 0; n < k->words && p < len; n++) {
		while (p < len && space(t[p]))
			p++;
		while (p < len && !space(t[p]))
			p++;
	}
	return p;
}

/* s[0..n) into b, white space trimmed and each run of it one space. */
static void
collapse(struct buf *b, const char *s, size_t n)
{
	int gap = 0;

	b->n = 0;
	buf_add(b, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (space(s[i])) {
			gap = b->n > 0;
			continue;
		}
		if (gap)
			buf_char(b, ' ');
		gap = 0;
		buf_char(b, s[i]);
	}
}

static void
add_lower(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_char(b, lower(s[i]));
}

/* The left context's words, nearest the match first. */
static void
key_left(struct buf *key, const char *s, size_t n)
{
	size_t e = n;

	for (size_t i = n; i-- > 0; )
		if (s[i] == ' ' || i == 0) {
			size_t w = s[i] == ' ' ? i + 1 : i;

			add_lower(key, s + w, e - w);
			buf_char(key, '\1');
			e = i;
		}
}

/* The source offset of text byte i, or -1. */
static long
source_offset(const struct kwic_seg *s, size_t i)
{
	long nl = 0;

	if (s->map == MAP_NONE)
		return -1;
	for (size_t j = 0; s->map == MAP_CRLF && j < i; j++)
		nl += s->text.s[j] == '\n';
	return s->start + (long)i + nl;
}

static void
add_offset(struct buf *b, long v)
{
	char num[32];

	if (v >= 0)
		buf_add(b, num, (size_t)snprintf(num, sizeof(num), "%ld", v));
	buf_char(b, '\t');
}

/* The sort key of the row: see kwic(1), --sort. */
static void
make_key(struct kwic_out *o, const struct kwic_seg *s, const char *left,
    size_t llen, const char *m, size_t mlen, size_t a)
{
	const char *tab = memchr(s->key.s ? s->key.s : "", '\t', s->key.n);
	char num[48];

	o->key.n = 0;
	buf_add(&o->key, "", 0);
	switch (o->sort) {
	case KWIC_SORT_LEFT:
		key_left(&o->key, left, llen);
		break;
	case KWIC_SORT_MATCH:
		add_lower(&o->key, m, mlen);
		buf_char(&o->key, '\1');
		/* FALLTHROUGH */
	case KWIC_SORT_RIGHT:
		add_lower(&o->key, o->scratch.s, o->scratch.n);
		break;
	case KWIC_SORT_DOC:
		if (tab == NULL)
			break;
		buf_add(&o->key, s->key.s, (size_t)(tab - s->key.s));
		buf_char(&o->key, '\1');
		buf_add(&o->key, num, (size_t)snprintf(num, sizeof(num),
		    "%020ld%020zu", strtol(tab + 1, NULL, 10), a));
		break;
	}
}

/* One row: the match [a,b) of probe p, or (p NULL) a segment without one. */
static void
make_row(const struct kwic *k, struct kwic_out *o, const struct kwic_seg *s,
    const struct kwic_probe *p, size_t a, size_t b)
{
	const char *t = s->text.s;
	size_t la;
	long v;

	o->row.n = 0;
	buf_add(&o->row, s->pass.s, s->pass.n);
	if (o->coded_by) {
		tsv_escape(&o->row, s->coders.s, s->coders.n);
		buf_char(&o->row, '\t');
	}
	if (o->withcode) {
		if (p != NULL)
			tsv_escape(&o->row, k->cb->code[p->code].path,
			    strlen(k->cb->code[p->code].path));
		buf_char(&o->row, '\t');
	}
	if (p != NULL)
		tsv_escape(&o->row, p->src, strlen(p->src));
	buf_char(&o->row, '\t');
	if (o->withcode) {
		if (p != NULL && (v = veto(k, o, s, p->code)) >= 0)
			tsv_escape(&o->row, k->cb->code[p->code].excl[v].src,
			    strlen(k->cb->code[p->code].excl[v].src));
		buf_char(&o->row, '\t');
	}
	if (p == NULL) {
		buf_add(&o->row, "\t\t\t\t\n", 5);
		o->scratch.n = 0;
		make_key(o, s, "", 0, "", 0, 0);
		kwic_out_row(o);
		return;
	}
	add_offset(&o->row, source_offset(s, a));
	add_offset(&o->row, source_offset(s, b));
	la = left_from(k, t, a);
	collapse(&o->left, t + la, a - la);
	tsv_escape(&o->row, o->left.s, o->left.n);
	buf_char(&o->row, '\t');
	tsv_escape(&o->row, t + a, b - a);
	buf_char(&o->row, '\t');
	collapse(&o->scratch, t + b, right_to(k, t, s->text.n, b) - b);
	tsv_escape(&o->row, o->scratch.s, o->scratch.n);
	buf_char(&o->row, '\n');
	make_key(o, s, o->left.s, o->left.n, t + a, b - a, a);
	kwic_out_row(o);
}

void
kwic_search(struct kwic *k, struct kwic_seg *s, struct kwic_out *o)
{
	size_t found = 0, at, a, b;

	o->gen++;
	buf_add(&s->text, "", 0);       /* s->text.s is never NULL */
	for (size_t i = 0; i < k->nprobe; i++)
		for (at = 0; at < s->text.n &&
		    match_at(k, o, s, &k->probe[i], at, &a, &b) > 0; found++) {
			make_row(k, o, s, &k->probe[i], a, b);
			at = b > at ? b : at + 1;
			while (at < s->text.n && continuation(s->text.s[at]))
				at++;
		}
	if (found == 0 && o->coded_by && s->coders.n > 0)
		make_row(k, o, s, NULL, 0, 0);
}
