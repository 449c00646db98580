/*
 * effect.c: what the change did to the codings. Each stream is counted by
 * lib/count.c (segments and documents per code, a code counting for its
 * ancestors, one coder per stream) and read once more here for the
 * segments each code gained and lost and the match of each; with --by,
 * each is compared by lib/compare.c as tx-compare would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "compare.h"
#include "intern.h"
#include "out.h"
#include "tsv.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "diff/internal.h"

static const char coder_hint[] = "tx-diff compares one coder's codings "
    "with one coder's: keep one coder's rows (awk -F'\\t' '$col == "
    "\"team\"')";

/* The codebook index of a code path; -1 if the codebook has none. */
static long
code_index(const struct codebook *cb, const char *path)
{
	for (size_t i = 0; i < cb->ncode; i++)
		if (strcmp(cb->code[i].path, path) == 0)
			return (long)i;
	return -1;
}

/* One row of the stream: its segment, document, code and match. */
static void
add_row(struct cbdiff *d, struct cbdiff_codings *co,
    const struct codebook *cb, struct tsv *t, const int col[5])
{
	struct cbdiff_impl *im = d->impl;
	struct cbdiff_row *r;
	int isnew;

	if (co->nrow == co->caprow) {
		co->caprow = co->caprow ? 2 * co->caprow : 1024;
		co->row = xrealloc(co->row, co->caprow * sizeof(*co->row));
	}
	r = &co->row[co->nrow];
	im->key.n = 0;
	buf_add(&im->key, t->field[col[0]], t->flen[col[0]]);
	buf_char(&im->key, '\t');
	buf_add(&im->key, t->field[col[1]], t->flen[col[1]]);
	r->seg = strset_add(&im->segs, &im->arena, im->key.s, im->key.n,
	    &isnew);
	r->doc = strset_add(&im->docs, &im->arena, t->field[col[0]],
	    t->flen[col[0]], &isnew);
	r->code = -1;
	if (t->flen[col[2]] > 0 &&
	    (r->code = code_index(cb, t->field[col[2]])) < 0)
		tx_die(EXIT_USAGE, t->name, t->lineno, "code \"%s\" is not in "
		    "%s: give the codings made with that codebook", t->field[col[2]],
		    cb->name);
	r->match = im->text.n;
	if (col[3] >= 0)
		buf_add(&im->text, t->field[col[3]], t->flen[col[3]]);
	buf_char(&im->text, '\0');
	co->nrow++;
}

/* Read one codings stream: counted by count.c, and row by row here. */
static int
read_codings(struct cbdiff *d, int which, const struct codebook *cb,
    const char *file)
{
	const char *hint = "not a codings stream (code the segments with "
	    "tx-code first)";
	char *files[1] = { (char *)file };
	struct tsv *t;
	int col[5], status;

	t = tsv_open(1, files);
	if (tsv_header(t)) {
		d->impl->counts[which] = counts_of_codings(NULL, 0, t,
		    coder_hint);
	}
	if ((status = tsv_close(t)) != 0)
		return status;
	t = tsv_open(1, files);
	if (tsv_header(t)) {
		col[0] = tsv_need(t, "doc", hint);
		col[1] = tsv_need(t, "seg", hint);
		col[2] = tsv_need(t, "code", hint);
		col[3] = tsv_col(t, "match");
		while (tsv_next(t))
			add_row(d, &d->co[which], cb, t, col);
	}
	return tsv_close(t);
}

static int
by_seg(const void *x, const void *y)
{
	const struct cbdiff_row *a = x, *b = y;

	return a->seg < b->seg ? -1 : a->seg > b->seg;
}

/* Where the codes below code i end, in codebook order. */
static long
subtree_end(const struct codebook *cb, long i)
{
	long e = i + 1;

	while ((size_t)e < cb->ncode && cb->code[e].depth > cb->code[i].depth)
		e++;
	return e;
}

size_t
cbdiff_segments(const struct cbdiff *d, int which, long code,
    struct cbdiff_row **out)
{
	const struct cbdiff_codings *co = &d->co[which];
	const struct codebook *cb = which ? d->new : d->old;
	long end;
	size_t n = 0, k = 0;

	*out = NULL;
	if (code < 0)
		return 0;
	end = subtree_end(cb, code);
	*out = xcalloc(co->nrow + 1, sizeof(**out));
	for (size_t i = 0; i < co->nrow; i++)
		if (co->row[i].code >= code && co->row[i].code < end)
			(*out)[n++] = co->row[i];
	qsort(*out, n, sizeof(**out), by_seg);  /* ties: any match of the segment */
	for (size_t i = 0; i < n; i++)
		if (k == 0 || (*out)[k - 1].seg != (*out)[i].seg)
			(*out)[k++] = (*out)[i];
	return k;
}

/* The count of code (by path) in stream which: segments and documents. */
static void
counted(const struct cbdiff *d, int which, long code, long *segs, long *docs)
{
	const struct codebook *cb = which ? d->new : d->old;
	const struct counts *c = d->impl->counts[which];
	const struct count_cell *cl;
	long k;

	*segs = *docs = 0;
	if (code < 0 || c == NULL || c->ngroup == 0)
		return;
	k = counts_code_index(c, cb->code[code].path,
	    strlen(cb->code[code].path));
	if (k >= 0 && (cl = counts_cell(c, 0, (size_t)k)) != NULL) {
		*segs = cl->segs;
		*docs = cl->docs;
	}
}

static int
seg_in(const struct cbdiff_row *s, size_t n, unsigned seg)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].seg == seg)
			return 1;
		if (s[mid].seg < seg)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * A code added (which 1) or removed (which 0): the codes of the other
 * coding that its n segments s carry, most segments first, then in
 * codebook order, as "path (n); path (n)"; NULL if none.
 */
static char *
other_codes(const struct cbdiff *d, int which, const struct cbdiff_row *s,
    size_t n)
{
	const struct cbdiff_codings *co = &d->co[!which];
	const struct codebook *cb = which ? d->old : d->new;
	long *tally = xcalloc(cb->ncode + 1, sizeof(*tally)), best;
	struct buf b = { 0 };
	char num[32];

	for (size_t i = 0; i < co->nrow; i++)
		if (co->row[i].code >= 0 && seg_in(s, n, co->row[i].seg))
			tally[co->row[i].code]++;
	for (;;) {
		best = -1;
		for (size_t k = 0; k < cb->ncode; k++)
			if (tally[k] > 0 && (best < 0 || tally[k] > tally[best]))
				best = (long)k;
		if (best < 0)
			break;
		if (b.n > 0)
			buf_str(&b, "; ");
		buf_str(&b, cb->code[best].path);
		snprintf(num, sizeof(num), " (%ld)", tally[best]);
		buf_str(&b, num);
		tally[best] = 0;
	}
	free(tally);
	return b.s;
}

int
cbdiff_effect(struct cbdiff *d, const char *old, const char *new)
{
	int status;

	d->effect = 1;
	d->old_codings = old;
	d->new_codings = new;
	if (d->impl == NULL)
		d->impl = xcalloc(1, sizeof(*d->impl));
	buf_char(&d->impl->text, '\0');         /* offset 0: no match */
	if ((status = read_codings(d, 0, d->old, old)) != 0 ||
	    (status = read_codings(d, 1, d->new, new)) != 0)
		return status;
	for (size_t i = 0; i < d->npair; i++) {
		struct cbdiff_pair *p = &d->pair[i];
		struct cbdiff_row *so, *sn;
		size_t no = cbdiff_segments(d, 0, p->old, &so);
		size_t nn = cbdiff_segments(d, 1, p->new, &sn);
		size_t a = 0, b = 0;

		counted(d, 0, p->old, &p->segs_old, &p->docs_old);
		counted(d, 1, p->new, &p->segs_new, &p->docs_new);
		p->gained = p->lost = 0;
		while (a < no || b < nn) {
			if (b == nn || (a < no && so[a].seg < sn[b].seg))
				p->lost++, a++;
			else if (a == no || sn[b].seg < so[a].seg)
				p->gained++, b++;
			else
				a++, b++;
		}
		if (p->change & CH_REMOVED)
			p->other = other_codes(d, 0, so, no);
		if (p->change & CH_ADDED)
			p->other = other_codes(d, 1, sn, nn);
		free(so);
		free(sn);
	}
	return EXIT_OK;
}

/* Each code's pattern by column by in one stream, into the pairs. */
static int
patterns_of(struct cbdiff *d, int which, const char *by, const char *file)
{
	struct compare_options o = COMPARE_OPTIONS_INIT;
	const struct codebook *cb = which ? d->new : d->old;
	char *files[1] = { (char *)file }, *byv[1] = { (char *)by };
	struct compare cm;
	struct counts *c;
	struct tsv *t = tsv_open(1, files);

	if (!tsv_header(t))
		return tsv_close(t);
	tsv_need_by(t, by);
	c = counts_of_codings(byv, 1, t, coder_hint);
	o.by = by;
	compare_run(&cm, c, &o);
	for (size_t r = 0; r < cm.nrow; r++) {
		const char *path = c->code[cm.row[r].code].path;
		long k = code_index(cb, path);

		for (size_t i = 0; k >= 0 && i < d->npair; i++)
			if ((which ? d->pair[i].new : d->pair[i].old) == k) {
				char **pat = which ? &d->pair[i].pattern_new :
				    &d->pair[i].pattern_old;

				free(*pat);
				*pat = compare_pattern(&cm, &cm.row[r]);
			}
	}
	compare_free(&cm);
	counts_free(c);
	return tsv_close(t);
}

int
cbdiff_patterns(struct cbdiff *d, const char *by, const char *old,
    const char *new)
{
	int status;

	d->by = by;
	if ((status = patterns_of(d, 0, by, old)) != 0)
		return status;
	return patterns_of(d, 1, by, new);
}

void
cbdiff_free(struct cbdiff *d)
{
	for (size_t i = 0; i < d->npair; i++) {
		free(d->pair[i].other);
		free(d->pair[i].pattern_old);
		free(d->pair[i].pattern_new);
	}
	free(d->pair);
	for (int w = 0; w < 2; w++)
		free(d->co[w].row);
	if (d->impl != NULL) {
		for (int w = 0; w < 2; w++)
			if (d->impl->counts[w] != NULL)
				counts_free(d->impl->counts[w]);
		strset_free(&d->impl->segs);
		strset_free(&d->impl->docs);
		arena_free(d->impl->arena);
		buf_free(&d->impl->text);
		buf_free(&d->impl->key);
		for (int w = 0; w < 2; w++)
			if (d->impl->tmp[w] != NULL)
				fclose(d->impl->tmp[w]);
		free(d->impl);
	}
}
