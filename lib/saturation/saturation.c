/*
 * Saturation: the documents of a codings stream in interview order, the
 * codes each carries, and Guest, Namey and Chen's assessment (saturation.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codebook/codebook.h"
#include "coder.h"
#include "count.h"
#include "intern.h"
#include "out.h"
#include "streams.h"
#include "tsv.h"
#include "tx.h"
#include "saturation/saturation.h"

struct sat_doc {
	const char *id, *order; /* in the arena */
	size_t idlen, orderlen;
	double num;             /* the order value as a number, if it is one */
	const char *file;       /* where the order value was first read */
	long line;
	long codes, fresh;      /* codes carried, codes new here */
};

struct sat_pair {
	uint32_t doc, code;     /* doc: its place in input order, then in order */
};

struct saturation {
	const struct sat_options *o;
	struct chunk *arena;
	struct strset docs, codes;
	struct strset known;    /* the codebook's paths, with --codebook */
	struct sat_doc *doc;    /* in interview order after sat_read */
	size_t ndoc, capdoc;
	struct sat_pair *pair;  /* by doc (in order), then code, once each */
	size_t npair, cappair;
	uint32_t *place;        /* put_in_order's: input place to order */
	long *cum;              /* cum[i]: the codes of documents 1 .. i + 1 */
	struct coder_pick cp;
};

/* A document seen for the first time: its order value, if there is one. */
static void
add_doc(struct saturation *s, struct tsv *t, int cord, int isnew, uint32_t d)
{
	struct sat_doc *dc;
	const char *v = cord >= 0 ? t->field[cord] : "";
	size_t n = cord >= 0 ? t->flen[cord] : 0;

	if (cord >= 0 && n == 0)
		tx_die(EXIT_USAGE, t->name, t->lineno, "--order %s: document "
		    "\"%s\" has no value: every document needs one",
		    s->o->order, s->docs.ent[d].s);
	if (!isnew) {
		dc = &s->doc[d];
		if (cord >= 0 && (n != dc->orderlen || memcmp(v, dc->order, n) != 0))
			tx_die(EXIT_USAGE, t->name, t->lineno, "--order %s: "
			    "document \"%s\" has the values \"%s\" (%s:%ld) and "
			    "\"%.*s\": one document, one value", s->o->order,
			    dc->id, dc->order, dc->file, dc->line, (int)n, v);
		return;
	}
	if (s->ndoc == s->capdoc) {
		s->capdoc = s->capdoc ? 2 * s->capdoc : 64;
		s->doc = xrealloc(s->doc, s->capdoc * sizeof(*s->doc));
	}
	dc = &s->doc[s->ndoc++];
	memset(dc, 0, sizeof(*dc));
	dc->id = s->docs.ent[d].s;
	dc->idlen = s->docs.ent[d].len;
	dc->order = arena_copy(&s->arena, v, n);
	dc->orderlen = n;
	dc->file = t->name;
	dc->line = t->lineno;
}

static void
add_pair(struct saturation *s, uint32_t d, uint32_t k)
{
	if (s->npair == s->cappair) {
		s->cappair = s->cappair ? 2 * s->cappair : 256;
		s->pair = xrealloc(s->pair, s->cappair * sizeof(*s->pair));
	}
	s->pair[s->npair].doc = d;
	s->pair[s->npair++].code = k;
}

/* Are all order values numbers? Then they are ordered as numbers. */
static int
order_numeric(struct saturation *s)
{
	for (size_t i = 0; i < s->ndoc; i++) {
		char *end;

		s->doc[i].num = strtod(s->doc[i].order, &end);
		if (*end != '\0' || end == s->doc[i].order ||
		    !isfinite(s->doc[i].num))
			return 0;
	}
	return 1;
}

static int numeric_order;

static int
doc_cmp(const void *x, const void *y)
{
	const struct sat_doc *a = x, *b = y;
	size_t n = a->orderlen < b->orderlen ? a->orderlen : b->orderlen;
	int c;

	if (numeric_order)
		return (a->num > b->num) - (a->num < b->num);
	if ((c = memcmp(a->order, b->order, n)) != 0)
		return c;
	return (a->orderlen > b->orderlen) - (a->orderlen < b->orderlen);
}

static int
pair_cmp(const void *x, const void *y)
{
	const struct sat_pair *a = x, *b = y;

	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return (a->code > b->code) - (a->code < b->code);
}

/* Documents in interview order; two with one value: exit 2. */
static void
put_in_order(struct saturation *s)
{
	uint32_t *place;

	if (s->o->order == NULL)
		return;
	numeric_order = order_numeric(s);
	for (size_t i = 0; i < s->ndoc; i++)    /* remember the input place */
		s->doc[i].codes = (long)i;
	if (s->ndoc > 1)
		qsort(s->doc, s->ndoc, sizeof(*s->doc), doc_cmp);
	for (size_t i = 1; i < s->ndoc; i++) {
		const struct sat_doc *a = &s->doc[i - 1], *b = &s->doc[i];

		if (doc_cmp(a, b) == 0)
			tx_die(EXIT_USAGE, b->file, b->line, "--order %s: "
			    "documents \"%s\" and \"%s\" have the same value "
			    "\"%s\"%s: the order needs one value per document",
			    s->o->order, a->id, b->id, b->order, numeric_order &&
			    strcmp(a->order, b->order) != 0 ? " (as numbers)" : "");
	}
	place = s->place = xmalloc((s->ndoc + 1) * sizeof(*place));
	for (size_t i = 0; i < s->ndoc; i++) {
		place[s->doc[i].codes] = (uint32_t)i;
		s->doc[i].codes = 0;
	}
	for (size_t i = 0; i < s->npair; i++)
		s->pair[i].doc = place[s->pair[i].doc];
}

/* Each pair once; per document its codes and its new codes. */
static void
tally(struct saturation *s)
{
	char *seen = xcalloc(s->codes.n + 1, 1);
	size_t n = 0;

	if (s->npair > 1)
		qsort(s->pair, s->npair, sizeof(*s->pair), pair_cmp);
	for (size_t i = 0; i < s->npair; i++) {
		const struct sat_pair *p = &s->pair[i];

		if (n > 0 && s->pair[n - 1].doc == p->doc &&
		    s->pair[n - 1].code == p->code)
			continue;
		s->pair[n++] = *p;
		s->doc[p->doc].codes++;
		if (!seen[p->code]) {
			seen[p->code] = 1;
			s->doc[p->doc].fresh++;
		}
	}
	s->npair = n;
	free(seen);
	s->cum = xmalloc((s->ndoc + 1) * sizeof(*s->cum));
	for (size_t i = 0; i < s->ndoc; i++)
		s->cum[i] = (i > 0 ? s->cum[i - 1] : 0) + s->doc[i].fresh;
}

/* The codebook's code paths, to check the stream's codes against. */
static void
load_codebook(struct saturation *s, const char *file)
{
	struct codebook cb;
	int isnew;

	if (codebook_load(&cb, file) != 0)
		tx_exit(out_close(EXIT_USAGE));
	for (size_t i = 0; i < cb.ncode; i++)
		strset_add(&s->known, &s->arena, cb.code[i].path,
		    strlen(cb.code[i].path), &isnew);
	codebook_free(&cb);
}

struct saturation *
sat_new(const struct sat_options *o)
{
	struct saturation *s = xcalloc(1, sizeof(*s));

	s->o = o;
	s->cp.want = o->coder;
	s->cp.hint = "pick one with --coder NAME";
	if (o->codebook != NULL)
		load_codebook(s, o->codebook);
	return s;
}

int
sat_read(struct saturation *s, struct tsv *t)
{
	const struct sat_options *o = s->o;
	const char *hint = "not a codings stream (a segments stream? code it "
	    "with tx-code first)";
	int cdoc, ccode, cord = -1, isnew;
	uint32_t d, k, lastd = UINT32_MAX, lastk = UINT32_MAX;

	if (!tsv_header(t))
		return 0;
	cdoc = tsv_need(t, "doc", hint);
	ccode = tsv_need(t, "code", hint);
	if (o->order != NULL && (cord = tsv_col(t, o->order)) < 0)
		tx_die(EXIT_USAGE, t->hdrname, 1, "--order %s: the stream has no "
		    "column of that name", o->order);
	coder_start(&s->cp, t);
	while (tsv_next(t)) {
		if (!coder_keep(&s->cp, t))
			continue;
		d = strset_add(&s->docs, &s->arena, t->field[cdoc],
		    t->flen[cdoc], &isnew);
		add_doc(s, t, cord, isnew, d);
		if (t->flen[ccode] == 0)
			continue;
		if (o->codebook != NULL)
			code_in_codebook(&s->known, t, ccode, o->codebook);
		k = strset_add(&s->codes, &s->arena, t->field[ccode],
		    code_path_cut(t->field[ccode], t->flen[ccode], o->depth), &isnew);
		if (d != lastd || k != lastk)   /* a segment's codes come together */
			add_pair(s, d, k);
		lastd = d;
		lastk = k;
	}
	coder_end(&s->cp, t);
	put_in_order(s);
	tally(s);
	return 1;
}

/* Column names, TAB between them; the line's end is the caller's. */
static void
write_cols(const char *const *col, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			tsv_sep();
		out_str(col[i]);
	}
}

static void
write_header(const char *const *col, size_t n)
{
	write_cols(col, n);
	tsv_end();
}

#define NCOLS(a) (sizeof(a) / sizeof(*(a)))

/* The codes the first n documents carry (cum[i]: those of the first i + 1). */
static long
cumulative(const long *cum, size_t ndoc, size_t n)
{
	return n == 0 || ndoc == 0 ? 0 : cum[(n < ndoc ? n : ndoc) - 1];
}

/*
 * The run that ends at document end (1-based) of an order whose
 * cumulative counts are cum: the codes first seen in it, as a percentage
 * of the base's codes in *pct (NaN if the base has none). 0 if no run
 * ends there (end < base + run).
 */
static int
run_ending(const struct sat_options *o, const long *cum, size_t ndoc,
    size_t end, long *fresh, double *pct)
{
	long base = cumulative(cum, ndoc, (size_t)o->base);

	if (end < (size_t)(o->base + o->run) || end > ndoc)
		return 0;
	*fresh = cumulative(cum, ndoc, end) -
	    cumulative(cum, ndoc, end - (size_t)o->run);
	*pct = base > 0 ? 100.0 * (double)*fresh / (double)base : NAN;
	return 1;
}

/* The first run at or under the threshold: the document it ends at, or 0. */
static size_t
first_saturated_run(const struct sat_options *o, const long *cum, size_t ndoc)
{
	long fresh;
	double pct;

	for (size_t end = 1; end <= ndoc; end++)
		if (run_ending(o, cum, ndoc, end, &fresh, &pct) && !isnan(pct) &&
		    pct <= o->threshold + 1e-9)
			return end;
	return 0;
}

/* A percentage: one decimal; empty where undefined. */
static void
write_pct(double v)
{
	if (!isnan(v))
		out_printf("%.1f", v);
}

void
sat_write_table(const struct saturation *s)
{
	long fresh;
	double pct;

	write_header(SATURATION_COLS, NCOLS(SATURATION_COLS));
	for (size_t i = 0; i < s->ndoc; i++) {
		const struct sat_doc *d = &s->doc[i];

		out_long((long)i + 1);
		tsv_sep();
		tsv_write_field(d->id, d->idlen);
		out_printf("\t%ld\t%ld\t%ld\t", d->codes, d->fresh, s->cum[i]);
		if (run_ending(s->o, s->cum, s->ndoc, i + 1, &fresh, &pct)) {
			out_long(fresh);
			tsv_sep();
			write_pct(pct);
		} else
			tsv_sep();
		tsv_end();
	}
}

void
sat_free(struct saturation *s)
{
	if (s == NULL)
		return;
	strset_free(&s->docs);
	strset_free(&s->codes);
	strset_free(&s->known);
	free(s->place);
	free(s->cum);
	free(s->cp.first);
	arena_free(s->arena);
	free(s->doc);
	free(s->pair);
	free(s);
}

/* ------------------------------------------------------------------ */
/* Random orders */

uint64_t
sat_rng_next(struct sat_rng *r)
{
	r->state += 0x9e3779b97f4a7c15ULL;
	return mix64(r->state);
}

uint64_t
sat_rng_below(struct sat_rng *r, uint64_t m)
{
	uint64_t least = (0 - m) % m, x;        /* 2^64 mod m */

	do
		x = sat_rng_next(r);
	while (x < least);
	return x % m;
}

/* The order statistic k (from 0) of the values counted in hist[0..nv). */
static size_t
hist_kth(const uint32_t *hist, size_t nv, long k)
{
	long seen = 0;
	size_t v = 0;

	while (v + 1 < nv && seen + (long)hist[v] <= k)
		seen += hist[v++];
	return v;
}

/*
 * The value at probability p of the n values counted in hist, as R's
 * quantile(type = 7): the order statistics at floor and ceiling of
 * (n - 1) p, interpolated.
 */
static double
hist_quantile(const uint32_t *hist, size_t nv, long n, double p)
{
	double h = (double)(n - 1) * p, lo = floor(h);
	size_t a = hist_kth(hist, nv, (long)lo);
	size_t b = (long)lo + 1 < n ? hist_kth(hist, nv, (long)lo + 1) : a;

	return (double)a + (h - lo) * ((double)b - (double)a);
}

/* What the random orders give. */
struct sat_perm {
	long n;
	size_t nv;              /* cumulative values: 0 .. codes */
	uint32_t *hist;         /* per position, the orders with each value */
	double *sum;            /* per position, the sum of the values */
	uint32_t *sat;          /* per point 0 .. ndoc, the orders saturated there */
	long reached;           /* the orders that reach saturation */
};

/* n random orders from seed: their curves and saturation points. */
static void
permute(const struct saturation *s, long n, uint64_t seed, struct sat_perm *p)
{
	struct sat_rng rng = { seed };
	uint32_t *perm = xmalloc((s->ndoc + 1) * sizeof(*perm));
	size_t *first = xmalloc((s->ndoc + 1) * sizeof(*first));
	long *cum = xmalloc((s->ndoc + 1) * sizeof(*cum));
	long *stamp;

	p->n = n;
	p->nv = s->codes.n + 1;
	p->hist = xcalloc(s->ndoc * p->nv + 1, sizeof(*p->hist));
	p->sum = xcalloc(s->ndoc + 1, sizeof(*p->sum));
	p->sat = xcalloc(s->ndoc + 1, sizeof(*p->sat));
	p->reached = 0;
	stamp = xmalloc(p->nv * sizeof(*stamp));
	for (size_t i = 0, j = 0; i <= s->ndoc; i++) {  /* each doc's pairs */
		while (j < s->npair && s->pair[j].doc < i)
			j++;
		first[i] = j;
	}
	for (size_t i = 0; i < s->ndoc; i++)
		perm[i] = (uint32_t)i;
	for (size_t v = 0; v < p->nv; v++)
		stamp[v] = -1;
	for (long r = 0; r < n; r++) {
		long c = 0;
		size_t end;

		for (size_t i = s->ndoc; i > 1; i--) {
			size_t j = (size_t)sat_rng_below(&rng, i);
			uint32_t tmp = perm[i - 1];

			perm[i - 1] = perm[j];
			perm[j] = tmp;
		}
		for (size_t i = 0; i < s->ndoc; i++) {
			for (size_t j = first[perm[i]]; j < first[perm[i] + 1]; j++)
				if (stamp[s->pair[j].code] != r) {
					stamp[s->pair[j].code] = r;
					c++;
				}
			cum[i] = c;
			p->hist[i * p->nv + (size_t)c]++;
			p->sum[i] += (double)c;
		}
		if ((end = first_saturated_run(s->o, cum, s->ndoc)) > 0) {
			p->sat[end - (size_t)s->o->run]++;
			p->reached++;
		}
	}
	free(perm);
	free(first);
	free(cum);
	free(stamp);
}

static void
perm_free(struct sat_perm *p)
{
	free(p->hist);
	free(p->sum);
	free(p->sat);
}

void
sat_write_summary(const struct saturation *s, long permutations,
    uint64_t seed)
{
	size_t end = first_saturated_run(s->o, s->cum, s->ndoc);
	struct sat_perm p;
	long fresh;
	double pct;

	write_cols(SATURATION_SUMMARY_COLS, NCOLS(SATURATION_SUMMARY_COLS));
	if (permutations > 0) {
		tsv_sep();
		write_cols(SATURATION_SUMMARY_PERM_COLS,
		    NCOLS(SATURATION_SUMMARY_PERM_COLS));
	}
	tsv_end();
	out_printf("%zu\t%zu\t%ld\t", s->ndoc, s->codes.n, s->o->base);
	if (s->ndoc >= (size_t)s->o->base)
		out_long(cumulative(s->cum, s->ndoc, (size_t)s->o->base));
	out_printf("\t%ld\t%g\t", s->o->run, s->o->threshold);
	if (end > 0 && run_ending(s->o, s->cum, s->ndoc, end, &fresh, &pct)) {
		out_printf("%zu\t%zu\t%ld\t", end - (size_t)s->o->run + 1, end,
		    fresh);
		write_pct(pct);
		out_printf("\t%zu", end - (size_t)s->o->run);
	} else
		out_str("\t\t\t\t");
	if (permutations > 0) {
		permute(s, permutations, seed, &p);
		out_printf("\t%ld\t%ld\t", permutations, p.reached);
		if (p.reached > 0)
			out_printf("%.6g\t%.6g\t%.6g",
			    hist_quantile(p.sat, s->ndoc + 1, p.reached, 0.5),
			    hist_quantile(p.sat, s->ndoc + 1, p.reached, 0.025),
			    hist_quantile(p.sat, s->ndoc + 1, p.reached, 0.975));
		else
			out_str("\t\t");
		perm_free(&p);
	}
	tsv_end();
}

void
sat_write_permutations(const struct saturation *s, long n, uint64_t seed)
{
	struct sat_perm p;

	permute(s, n, seed, &p);
	write_header(SATURATION_PERM_COLS, NCOLS(SATURATION_PERM_COLS));
	for (size_t i = 0; i < s->ndoc; i++)
		out_printf("%zu\t%ld\t%.6g\t%.6g\t%.6g\n", i + 1, s->cum[i],
		    p.sum[i] / (double)n,
		    hist_quantile(p.hist + i * p.nv, p.nv, n, 0.025),
		    hist_quantile(p.hist + i * p.nv, p.nv, n, 0.975));
	perm_free(&p);
}
