/*
 * Spans of another tool's coding (tx-refi --spans) onto segments, by
 * overlap (tx-code --spans).
 *
 * The spans are held: a team's hand coding is small next to the segments.
 * They keep the stream's order for the messages, and are indexed per
 * document by start, with the running maximum of their ends, so that the
 * spans a segment overlaps are found by a binary search and a scan. The
 * segments are never held: each segment's rows are written as it is read,
 * so its documents need not come together.
 *
 * On a segment, a coder's spans of one code count together: the segment
 * gets the code when their union covers at least min_overlap of its bytes
 * (any byte, by default). A coder judged every segment of the documents
 * it has spans in, so each of those segments gets a row of the coder's,
 * with an empty code when it carries none of the coder's codes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codebook/codebook.h"
#include "excerpts.h"
#include "intern.h"
#include "out.h"
#include "spans.h"
#include "streams.h"
#include "tsv.h"
#include "tx.h"

enum { COL_DOC, COL_START, COL_END, COL_CODE, COL_CODER, COL_TEXT, NCOL };

struct span {
	const char *file;       /* where its row is */
	long line;
	uint64_t start, end;
	uint32_t doc, code, coder;      /* indexes in spans.docs, ... */
	const char *text;       /* in the arena; "" when none */
	unsigned overlaps : 1;  /* overlaps a segment */
	unsigned placed : 1;    /* codes a segment */
	unsigned checked : 1;   /* its text was compared with a segment's */
	char *differs;          /* when not the same: where and what, else NULL */
};

struct span_doc {
	size_t first, n;        /* its spans, at order[first ..] */
	uint32_t *coder;        /* the coders with spans in it, in coder order */
	size_t ncoder;
	int seen;               /* a segment of it was read */
};

struct spans {
	struct span *sp;        /* in the stream's order */
	size_t n, cap;
	size_t *order;          /* by doc, start, stream order */
	uint64_t *maxend;       /* per order[]: the largest end so far in its doc */
	struct strset docs, codes, coders;
	struct chunk *arena;
	struct span_doc *doc;
	size_t *hit;            /* a segment's spans */
	size_t nhit, caphit;
	double min_overlap;
};

int
spans_offset(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = 10 * x + (uint64_t)(s[i] - '0');
	}
	*v = x;
	return 0;
}

static uint32_t
intern(struct spans *x, struct strset *ss, const char *s)
{
	int isnew;

	return strset_add(ss, &x->arena, s, strlen(s), &isnew);
}

/* The record of t as a span; -1 once what is wrong with it is reported. */
static int
add_span(struct spans *x, struct tsv *t, const int *col)
{
	char **f = t->field;
	struct span sp = { t->name, t->lineno, 0, 0, 0, 0, 0, "", 0, 0, 0,
	    NULL };
	char *path;

	if (spans_offset(f[col[COL_START]], t->flen[col[COL_START]],
	    &sp.start) != 0 || spans_offset(f[col[COL_END]],
	    t->flen[col[COL_END]], &sp.end) != 0) {
		tx_warn(t->name, t->lineno, "start \"%s\", end \"%s\": byte "
		    "offsets are whole numbers from 0", f[col[COL_START]],
		    f[col[COL_END]]);
		return -1;
	}
	if (sp.end < sp.start) {
		tx_warn(t->name, t->lineno, "end %llu is before start %llu",
		    (unsigned long long)sp.end, (unsigned long long)sp.start);
		return -1;
	}
	if (*f[col[COL_DOC]] == '\0' || *f[col[COL_CODER]] == '\0') {
		tx_warn(t->name, t->lineno, "empty %s: every span names its "
		    "document and its coder", *f[col[COL_DOC]] == '\0' ?
		    "doc" : "coder");
		return -1;
	}
	if ((path = codebook_path(f[col[COL_CODE]])) == NULL) {
		tx_warn(t->name, t->lineno, "code \"%s\": %s", f[col[COL_CODE]],
		    *f[col[COL_CODE]] ? "a level of the path is empty" :
		    "empty: every span needs a code");
		return -1;
	}
	sp.doc = intern(x, &x->docs, f[col[COL_DOC]]);
	sp.code = intern(x, &x->codes, path);
	sp.coder = intern(x, &x->coders, f[col[COL_CODER]]);
	free(path);
	if (col[COL_TEXT] >= 0)
		sp.text = arena_copy(&x->arena, f[col[COL_TEXT]],
		    t->flen[col[COL_TEXT]]);
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 256;
		x->sp = xrealloc(x->sp, x->cap * sizeof(*x->sp));
	}
	x->sp[x->n++] = sp;
	return 0;
}

/* The spans qsort sorts indexes of (qsort has no argument for them). */
static const struct span *order_base;

static int
by(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

/* Span indexes by document, then start, then the stream's order. */
static int
order_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct span *p = &order_base[i], *q = &order_base[j];

	return p->doc != q->doc ? by(p->doc, q->doc) :
	    p->start != q->start ? by(p->start, q->start) : by(i, j);
}

static int
coder_cmp(const void *a, const void *b)
{
	return by(*(const uint32_t *)a, *(const uint32_t *)b);
}

/* Each document's spans by start, their running largest end, its coders. */
static void
index_spans(struct spans *x)
{
	size_t ndoc = x->docs.n;
	uint32_t *last = xcalloc(x->coders.n + 1, sizeof(*last));

	x->order = xmalloc((x->n + 1) * sizeof(*x->order));
	x->maxend = xmalloc((x->n + 1) * sizeof(*x->maxend));
	x->doc = xcalloc(ndoc + 1, sizeof(*x->doc));
	for (size_t i = 0; i < x->n; i++)
		x->order[i] = i;
	order_base = x->sp;
	if (x->n > 0)
		qsort(x->order, x->n, sizeof(*x->order), order_cmp);
	for (size_t k = 0; k < x->n; k++) {
		const struct span *sp = &x->sp[x->order[k]];
		struct span_doc *d = &x->doc[sp->doc];

		if (d->n++ == 0) {
			d->first = k;
			d->coder = xmalloc((x->coders.n + 1) * sizeof(*d->coder));
		}
		x->maxend[k] = d->n > 1 && x->maxend[k - 1] > sp->end ?
		    x->maxend[k - 1] : sp->end;
		if (last[sp->coder] != sp->doc + 1) {
			last[sp->coder] = sp->doc + 1;
			d->coder[d->ncoder++] = sp->coder;
		}
	}
	for (size_t i = 0; i < ndoc; i++)
		if (x->doc[i].ncoder > 1)
			qsort(x->doc[i].coder, x->doc[i].ncoder,
			    sizeof(*x->doc[i].coder), coder_cmp);
	free(last);
}

/* Read every span; 0, or EXIT_DATA once every bad row is reported. */
static int
load_spans(struct spans *x, const struct spans_options *o)
{
	struct tsv *t = tsv_open((int)o->nfiles, o->files);
	int col[NCOL], bad = 0, status;

	if (tsv_header(t)) {
		for (int k = 0; k < COL_TEXT; k++)
			col[k] = tsv_need(t, SPANS_COLS[k], "a spans stream "
			    "has doc, start, end, code, coder and text, as "
			    "tx-refi --spans writes it");
		col[COL_TEXT] = tsv_col(t, SPANS_COLS[COL_TEXT]);
		while (tsv_next(t))
			if (add_span(x, t, col) != 0)
				bad++;
	}
	status = tsv_close(t);
	if (bad > 0)
		tx_warn(NULL, 0, "%d bad span%s: nothing written", bad,
		    bad == 1 ? "" : "s");
	if (bad > 0 || status != EXIT_OK)
		return EXIT_DATA;
	index_spans(x);
	return EXIT_OK;
}

struct segment {                /* the segment being coded */
	struct tsv *t;
	int doc, seg, start, end, text;         /* column indexes */
	uint64_t s, e;          /* its bytes */
	const char *body;       /* its text, when it is the bytes [s, e) */
};

/*
 * Row of the segment: its columns but text, code hits match coder text.
 * The segment's columns go out as they were read (tsv_keep_raw), already
 * escaped: a segment of many rows is not escaped again for each.
 */
static void
write_row(const struct segment *g, const char *code, size_t hits,
    const char *match, size_t mlen, const char *coder)
{
	const struct tsv *t = g->t;
	size_t ts = t->rawstart[g->text], te = t->rawstart[g->text + 1];

	out_write(t->raw, ts);          /* the columns before text, TABs too */
	if (te <= t->rawlen) {          /* and those after it */
		out_write(t->raw + te, t->rawlen - te);
		tsv_sep();
	}
	tsv_write_str(code);
	out_printf("\t%zu\t", hits);
	tsv_write_field(match, mlen);
	tsv_sep();
	tsv_write_str(coder);
	tsv_sep();
	out_write(t->raw + ts, te - ts - 1);
	tsv_end();
}

/*
 * The span's part of the segment's text, widened to whole characters
 * (offsets typed by hand may fall inside one); 0 when the text is not
 * the segment's bytes (vtt, srt, CRLF) and so cannot be cut by offsets.
 */
static size_t
part(const struct segment *g, const struct span *sp, const char **at)
{
	uint64_t a = sp->start > g->s ? sp->start - g->s : 0;
	uint64_t b = (sp->end < g->e ? sp->end : g->e) - g->s;
	const unsigned char *u = (const unsigned char *)g->body;

	*at = "";
	if (g->body == NULL)
		return 0;
	while (a > 0 && (u[a] & 0xc0) == 0x80)
		a--;
	while (b < g->e - g->s && (u[b] & 0xc0) == 0x80)
		b++;
	*at = g->body + a;
	return (size_t)(b - a);
}

/*
 * A span that lies in the segment: does its text, where it has one, read
 * as the segment's text there? Kept for the report when not.
 */
static void
check_text(const struct segment *g, struct span *sp)
{
	const char *at, *seg;
	size_t n, len;
	char mine[64], theirs[64], *s;

	if (sp->checked || *sp->text == '\0' || g->body == NULL ||
	    sp->start < g->s || sp->end > g->e)
		return;
	sp->checked = 1;
	n = part(g, sp, &at);
	if (excerpt_same_text(sp->text, strlen(sp->text), at, n))
		return;
	s = xstrndup(at, n);
	excerpt_preview(sp->text, mine);
	excerpt_preview(s, theirs);
	free(s);
	seg = g->seg >= 0 ? g->t->field[g->seg] : "?";
	len = strlen(seg) + strlen(mine) + strlen(theirs) + 64;
	sp->differs = xmalloc(len);
	snprintf(sp->differs, len, "seg %s has \"%s\" there, the span \"%s\"",
	    seg, theirs, mine);
}

/* The spans of document d that overlap the segment, into x->hit. */
static void
find_hits(struct spans *x, const struct span_doc *d, const struct segment *g)
{
	size_t lo = d->first, hi = d->first + d->n;

	while (lo < hi) {               /* the first whose running end > s */
		size_t mid = lo + (hi - lo) / 2;

		if (x->maxend[mid] <= g->s)
			lo = mid + 1;
		else
			hi = mid;
	}
	x->nhit = 0;
	for (size_t k = lo; k < d->first + d->n; k++) {
		size_t i = x->order[k];
		struct span *sp = &x->sp[i];

		if (sp->start >= g->e)
			break;
		if (sp->end <= g->s || sp->start == sp->end)
			continue;
		if (x->nhit == x->caphit) {
			x->caphit = x->caphit ? 2 * x->caphit : 64;
			x->hit = xrealloc(x->hit, x->caphit * sizeof(*x->hit));
		}
		x->hit[x->nhit++] = i;
		sp->overlaps = 1;
		check_text(g, sp);
	}
}

/* A segment's span indexes by coder, code, then as order_cmp. */
static int
hit_cmp(const void *a, const void *b)
{
	const struct span *p = &order_base[*(const size_t *)a];
	const struct span *q = &order_base[*(const size_t *)b];

	return p->coder != q->coder ? by(p->coder, q->coder) :
	    p->code != q->code ? by(p->code, q->code) : order_cmp(a, b);
}

/*
 * The hits [k, end) of one coder and code, by start: does their union
 * cover enough of the segment? If so they are placed and the row written.
 */
static int
code_group(struct spans *x, const struct segment *g, size_t k, size_t end)
{
	uint64_t covered = 0, upto = g->s;
	const struct span *first = &x->sp[x->hit[k]];
	const char *match;
	size_t mlen;

	for (size_t h = k; h < end; h++) {
		const struct span *sp = &x->sp[x->hit[h]];
		uint64_t a = sp->start > upto ? sp->start : upto;
		uint64_t b = sp->end < g->e ? sp->end : g->e;

		if (b > a) {
			covered += b - a;
			upto = b;
		}
	}
	if (covered == 0 || (double)covered / (double)(g->e - g->s) <
	    x->min_overlap)
		return 0;
	for (size_t h = k; h < end; h++)
		x->sp[x->hit[h]].placed = 1;
	mlen = part(g, first, &match);
	write_row(g, x->codes.ent[first->code].s, end - k, match, mlen,
	    x->coders.ent[first->coder].s);
	return 1;
}

/* The current segment: its rows, each coder of its document in turn. */
static void
code_segment(struct spans *x, struct segment *g, int coded_only)
{
	struct tsv *t = g->t;
	long di;
	struct span_doc *d;
	size_t k = 0;

	if (spans_offset(t->field[g->start], t->flen[g->start], &g->s) != 0 ||
	    spans_offset(t->field[g->end], t->flen[g->end], &g->e) != 0)
		tsv_die(t, "start \"%s\", end \"%s\": byte offsets are whole "
		    "numbers from 0", t->field[g->start], t->field[g->end]);
	if (g->e < g->s)
		tsv_die(t, "end %llu is before start %llu",
		    (unsigned long long)g->e, (unsigned long long)g->s);
	if ((di = strset_find(&x->docs, t->field[g->doc],
	    t->flen[g->doc])) < 0)
		return;         /* no coder judged it */
	d = &x->doc[di];
	d->seen = 1;
	g->body = t->flen[g->text] == g->e - g->s ? t->field[g->text] : NULL;
	find_hits(x, d, g);
	order_base = x->sp;
	if (x->nhit > 1)
		qsort(x->hit, x->nhit, sizeof(*x->hit), hit_cmp);
	for (size_t c = 0; c < d->ncoder; c++) {
		uint32_t coder = d->coder[c];
		int coded = 0;

		while (k < x->nhit && x->sp[x->hit[k]].coder == coder) {
			uint32_t code = x->sp[x->hit[k]].code;
			size_t end = k;

			while (end < x->nhit && x->sp[x->hit[end]].coder ==
			    coder && x->sp[x->hit[end]].code == code)
				end++;
			coded |= code_group(x, g, k, end);
			k = end;
		}
		if (!coded && !coded_only)
			write_row(g, "", 0, "", 0, x->coders.ent[coder].s);
	}
}

/* The span's row in a message: file, line, what it is, then detail or
 * else the start of its text. */
static void
span_warn(const struct spans *x, const struct span *sp, const char *what,
    const char *detail)
{
	char buf[64];

	*buf = '\0';
	if (detail == NULL)
		excerpt_preview(sp->text, buf);
	tx_warn(sp->file, sp->line, "doc \"%s\", code \"%s\", coder \"%s\", "
	    "bytes %llu-%llu: %s%s%s%s%s", x->docs.ent[sp->doc].s,
	    x->codes.ent[sp->code].s, x->coders.ent[sp->coder].s,
	    (unsigned long long)sp->start, (unsigned long long)sp->end, what,
	    detail ? detail : "", *buf ? ": \"" : "", buf, *buf ? "\"" : "");
}

/*
 * List the spans that code no segment, in the stream's order (a document
 * not in the segments once, at its first span), and those whose text is
 * not the segment's; the number of the first.
 */
static size_t
report(const struct spans *x)
{
	size_t missing = 0, differ = 0;
	char *told = xcalloc(x->docs.n + 1, 1), share[80];

	snprintf(share, sizeof(share), "covers less than --min-overlap %g of "
	    "each segment it overlaps", x->min_overlap);
	for (size_t i = 0; i < x->n; i++) {
		const struct span *sp = &x->sp[i];
		const struct span_doc *d = &x->doc[sp->doc];

		if (sp->differs != NULL) {
			differ++;
			span_warn(x, sp, "its text is not the segment's: ",
			    sp->differs);
		}
		if (sp->placed)
			continue;
		missing++;
		if (!d->seen) {
			if (!told[sp->doc])
				tx_warn(sp->file, sp->line, "doc \"%s\": no "
				    "document of that name in the segments: "
				    "%zu span%s nothing",
				    x->docs.ent[sp->doc].s, d->n,
				    d->n == 1 ? " codes" : "s code");
			told[sp->doc] = 1;
		} else if (sp->start == sp->end)
			span_warn(x, sp, "empty (start = end): it covers no "
			    "byte", NULL);
		else if (sp->overlaps)
			span_warn(x, sp, share, NULL);
		else
			span_warn(x, sp, "in no segment (between segments, "
			    "or past the last)", NULL);
	}
	if (missing > 0)
		tx_warn(NULL, 0, "%zu of %zu spans code no segment", missing,
		    x->n);
	if (differ > 0)
		tx_warn(NULL, 0, "%zu of %zu spans have a text that is not the "
		    "segment's", differ, x->n);
	free(told);
	return missing;
}

static void
spans_free(struct spans *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->sp[i].differs);
	for (size_t i = 0; x->doc != NULL && i < x->docs.n; i++)
		free(x->doc[i].coder);
	free(x->doc);
	free(x->sp);
	free(x->order);
	free(x->maxend);
	free(x->hit);
	strset_free(&x->docs);
	strset_free(&x->codes);
	strset_free(&x->coders);
	arena_free(x->arena);
}

int
spans_code(const struct spans_options *o, int nseg, char **segfiles)
{
	struct spans x = { 0 };
	struct segment g = { 0 };
	struct tsv *t;
	int status, any;
	const char *hint = "tx-code --spans places spans by the segments' "
	    "byte offsets, as tx-segment writes them";

	x.min_overlap = o->min_overlap;
	if ((status = load_spans(&x, o)) != EXIT_OK) {
		spans_free(&x);
		return status;
	}
	t = tsv_open(nseg, segfiles);
	if ((any = tsv_header(t)) != 0) {
		g = (struct segment){ t, tsv_need(t, "doc", hint),
		    tsv_col(t, "seg"), tsv_need(t, "start", hint),
		    tsv_need(t, "end", hint), -1, 0, 0, NULL };
		g.text = coding_header(t, 0);
		tsv_keep_raw(t);
		while (tsv_next(t))
			code_segment(&x, &g, o->coded_only);
	}
	status = tsv_close(t);
	if (any && report(&x) > 0 && !o->allow_missing && status == EXIT_OK)
		status = EXIT_DATA;
	spans_free(&x);
	return status;
}
