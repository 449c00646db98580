/*
 * tx-agree: agreement between coders on the same segments.
 *
 * Reads a codings stream with two or more coders, holds who judged which
 * segment and who applied which code (never the text, unless
 * --disagreements asks for it), then writes per code the agreement
 * statistics of lib/agree.c, or the segments where the coders differ.
 *
 * A unit is a segment (doc and seg), or with --case a case (the values of
 * a column: a document, a participant). A code is a binary variable on it:
 * applied by the coder (1) or not (0), where the coder judged the segment
 * (has any row for it). Most units carry no code, so each code's
 * statistics start from the all-zero units, computed once, and only the
 * units where someone applied the code are taken out and added back as
 * they are.
 */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "file.h"
#include "out.h"
#include "table.h"
#include "tsv.h"
#include "opt.h"
#include "agree.h"
#include "cases.h"
#include "count.h"
#include "intern.h"
#include "tx.h"

struct app {                    /* a coder applied a code to a unit */
	uint32_t code, unit, coder;
	uint32_t exact;         /* as written, not only by roll-up */
};

struct code {
	uint32_t parent;        /* UINT32_MAX at the top */
	size_t first, napp;     /* its applications, after sorting */
	int scope;              /* --codes: listed (or an ancestor of one) */
};

struct options {
	const char *reference, *codes;
	const char *casecol;    /* --case: units are its values, not segments */
	char **domain;
	size_t ndomain;
	int disagreements, rollup, multi_skip;
};

struct data {
	struct strset units, codes, coders;
	struct chunk *arena;     /* their keys, and the texts kept */
	struct code *code;
	size_t capcode;
	struct app *app;
	size_t napp, capapp;
	uint64_t *judged;       /* unit << 32 | coder, sorted: CSR by unit */
	size_t njudged, capjudged;
	size_t *ustart;         /* unit u's coders: judged[ustart[u] .. ustart[u+1]) */
	uint64_t *texthash;     /* per unit, 0: not seen */
	uint32_t *textcoder;
	char **text;            /* per unit, --disagreements only */
	size_t capunit;
	int has_text;
	char **colname;         /* per coder */
	int reference;
	int scoped;             /* --codes: only the codes in scope compared */
	const char *casecol;    /* --case, or NULL: the units are segments */
};

struct disagreement {
	uint32_t unit, code;    /* code: a rank, or a domain's index */
};

static void usage(int status);

/* The code's index, with its ancestors interned too ("A/B" rolls up into "A"). */
static uint32_t
code_id(struct data *d, const char *path, size_t len)
{
	int isnew;
	uint32_t k = strset_add(&d->codes, &d->arena, path, len, &isnew), parent = UINT32_MAX;
	const char *slash;

	if (!isnew)
		return k;
	if (k == d->capcode) {
		d->capcode = d->capcode ? 2 * d->capcode : 64;
		d->code = xrealloc(d->code, d->capcode * sizeof(*d->code));
	}
	for (slash = path + len; slash > path && slash[-1] != '/'; slash--)
		;
	if (slash > path + 1)
		parent = code_id(d, path, (size_t)(slash - 1 - path));
	d->code[k].parent = parent;
	d->code[k].first = d->code[k].napp = 0;
	d->code[k].scope = 0;
	return k;
}

static void
add_app(struct data *d, uint32_t code, uint32_t unit, uint32_t coder, int exact)
{
	if (d->napp == d->capapp) {
		d->capapp = d->capapp ? 2 * d->capapp : 4096;
		d->app = xrealloc(d->app, d->capapp * sizeof(*d->app));
	}
	d->app[d->napp++] = (struct app){ code, unit, coder, (uint32_t)exact };
}

static void
add_judged(struct data *d, uint32_t unit, uint32_t coder)
{
	if (d->njudged == d->capjudged) {
		d->capjudged = d->capjudged ? 2 * d->capjudged : 4096;
		d->judged = xrealloc(d->judged, d->capjudged * sizeof(*d->judged));
	}
	d->judged[d->njudged++] = (uint64_t)unit << 32 | coder;
}

/* A new unit's per-unit state. */
static void
unit_added(struct data *d, uint32_t u)
{
	if (u == d->capunit) {
		d->capunit = d->capunit ? 2 * d->capunit : 1024;
		d->texthash = xrealloc(d->texthash, d->capunit * sizeof(*d->texthash));
		d->textcoder = xrealloc(d->textcoder, d->capunit * sizeof(*d->textcoder));
		d->text = xrealloc(d->text, d->capunit * sizeof(*d->text));
	}
	d->texthash[u] = 0;
	d->text[u] = NULL;
}

/*
 * Two coders' rows for one segment must carry the same text (where both
 * have one): else they were segmented differently and seg numbers do not
 * name the same text.
 */
static void
check_text(struct data *d, struct tsv *t, int ti, uint32_t u, uint32_t c,
    int keep)
{
	uint64_t h;

	if (ti < 0 || t->flen[ti] == 0)
		return;
	h = hash_bytes(t->field[ti], t->flen[ti]) | 1;
	if (d->texthash[u] == 0) {
		d->texthash[u] = h;
		d->textcoder[u] = c;
		if (keep)
			d->text[u] = arena_copy(&d->arena, t->field[ti],
			    t->flen[ti]);
	} else if (d->texthash[u] != h)
		tsv_die(t, "doc \"%s\" seg \"%s\": coder \"%s\" has another "
		    "text for this segment than coder \"%s\": were they coded "
		    "from the same segments?", d->units.ent[u].s,
		    d->units.ent[u].s + strlen(d->units.ent[u].s) + 1, d->coders.ent[c].s,
		    d->coders.ent[d->textcoder[u]].s);
}

static void
read_codings(struct data *d, struct tsv *t, const struct options *o)
{
	static const char hint[] = "tx-agree reads codings (tx-code output)";
	int di = tsv_need(t, "doc", hint), si = tsv_need(t, "seg", hint);
	int ki = tsv_need(t, "code", hint), ci = tsv_need(t, "coder", hint);
	int ti = tsv_col(t, "text");
	char *key = NULL;
	size_t keycap = 0;

	/* With --case a unit is a case: its key the value, with no seg, and
	 * its segments' texts differ, so none is checked or kept. */
	if (o->casecol != NULL) {
		if ((di = tsv_col(t, o->casecol)) < 0)
			tx_die(EXIT_USAGE, t->hdrname, 1, "no column \"%s\" to "
			    "take as the cases (--case)", o->casecol);
		ti = -1;
		d->casecol = o->casecol;
	}
	d->has_text = ti >= 0;
	while (tsv_next(t)) {
		size_t dl = t->flen[di], sl = o->casecol ? 0 : t->flen[si];
		size_t n = dl + 1 + sl;
		uint32_t u, c, k;
		int isnew;

		if (t->flen[ci] == 0)
			tsv_die(t, "empty coder: every row needs one");
		if (o->casecol != NULL && dl == 0)
			tsv_die(t, "%s is empty: with --case every row needs "
			    "its case", o->casecol);
		if (n > keycap) {
			keycap = 2 * n;
			key = xrealloc(key, keycap);
		}
		memcpy(key, t->field[di], dl);
		key[dl] = '\0';
		memcpy(key + dl + 1, t->field[si], sl);
		u = strset_add(&d->units, &d->arena, key, n, &isnew);
		if (isnew)
			unit_added(d, u);
		c = strset_add(&d->coders, &d->arena, t->field[ci], t->flen[ci], &isnew);
		add_judged(d, u, c);
		check_text(d, t, ti, u, c, o->disagreements);
		if (t->flen[ki] == 0)
			continue;
		k = code_id(d, t->field[ki], t->flen[ki]);
		/*
		 * --codes: a code out of scope counts for its nearest
		 * ancestor in scope (with roll-up), else for none; the row
		 * stays a judgement that the segment carries none of them.
		 */
		while (d->scoped && k != UINT32_MAX && !d->code[k].scope)
			k = o->rollup ? d->code[k].parent : UINT32_MAX;
		if (k == UINT32_MAX)
			continue;
		add_app(d, k, u, c, 1);
		for (k = d->code[k].parent; o->rollup && k != UINT32_MAX;
		    k = d->code[k].parent)
			add_app(d, k, u, c, 0);
	}
	free(key);
}

static int
u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

static int
app_cmp(const void *x, const void *y)
{
	const struct app *a = x, *b = y;

	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	return (a->coder > b->coder) - (a->coder < b->coder);
}

/* Sort and deduplicate what was read; index units and codes. */
static void
index_data(struct data *d)
{
	size_t n = 0;

	if (d->njudged > 0)
		qsort(d->judged, d->njudged, sizeof(*d->judged), u64_cmp);
	for (size_t i = 0; i < d->njudged; i++)
		if (n == 0 || d->judged[i] != d->judged[n - 1])
			d->judged[n++] = d->judged[i];
	d->njudged = n;
	d->ustart = xcalloc(d->units.n + 1, sizeof(*d->ustart));
	for (size_t i = 0; i < n; i++)
		d->ustart[(d->judged[i] >> 32) + 1]++;
	for (size_t u = 0; u < d->units.n; u++)
		d->ustart[u + 1] += d->ustart[u];

	if (d->napp > 0)
		qsort(d->app, d->napp, sizeof(*d->app), app_cmp);
	n = 0;
	for (size_t i = 0; i < d->napp; i++) {
		struct app *a = &d->app[i];

		if (n > 0 && a->code == d->app[n - 1].code &&
		    a->unit == d->app[n - 1].unit && a->coder == d->app[n - 1].coder)
			d->app[n - 1].exact |= a->exact;
		else
			d->app[n++] = *a;
	}
	d->napp = n;
	for (size_t i = n; i-- > 0; ) {
		d->code[d->app[i].code].first = i;
		d->code[d->app[i].code].napp++;
	}
}

/* Coders as column names: distinct, and not a name the output has. */
static void
coder_columns(struct data *d, const struct options *o)
{
	const char *own[] = { "doc", "seg", "code", "text" };
	size_t b;
	long c2;

	if (d->casecol != NULL)
		own[0] = d->casecol;
	d->colname = xcalloc(d->coders.n, sizeof(*d->colname));
	for (size_t c = 0; c < d->coders.n; c++) {
		d->colname[c] = colname(d->coders.ent[c].s);
		for (size_t i = 0; o->disagreements && i < 4; i++)
			if (strcmp(d->colname[c], own[i]) == 0)
				tx_die(EXIT_DATA, NULL, 0, "coder \"%s\" makes the "
				    "column name \"%s\", which --disagreements "
				    "writes already", d->coders.ent[c].s, own[i]);
	}
	if ((c2 = colname_clash(d->colname, d->coders.n, &b)) >= 0)
		tx_die(EXIT_DATA, NULL, 0, "coders \"%s\" and \"%s\" "
		    "both make the column name \"%s\"",
		    d->coders.ent[b].s, d->coders.ent[c2].s, d->colname[c2]);
}

/*
 * The values of unit u's coders for one code: 1 where the code's
 * applications ap[0 .. n) (sorted by unit and coder, all of unit u) name
 * the coder, else 0. Fills coder[] and value[]; returns the count.
 */
static int
unit_values(const struct data *d, uint32_t u, const struct app *ap, size_t n,
    int exact_only, int *coder, int *value)
{
	int m = 0;
	size_t j = 0;

	for (size_t i = d->ustart[u]; i < d->ustart[u + 1]; i++, m++) {
		uint32_t c = (uint32_t)d->judged[i];

		while (j < n && (ap[j].coder < c || (exact_only && !ap[j].exact)))
			j++;
		coder[m] = (int)c;
		value[m] = j < n && ap[j].coder == c;
	}
	return m;
}

/* Are the values not all equal? */
static int
differ(const int *value, int m)
{
	for (int i = 1; i < m; i++)
		if (value[i] != value[0])
			return 1;
	return 0;
}

/* Every unit with every coder's value 0: where each code starts from. */
static void
all_zero(const struct data *d, struct agree *a, int *coder, int *value)
{
	for (uint32_t u = 0; u < d->units.n; u++) {
		int m = unit_values(d, u, NULL, 0, 0, coder, value);

		agree_add(a, coder, value, m, 1);
	}
}

/*
 * One code: the all-zero units with those that carry it replaced. With
 * exact_only, roll-up's applications do not count (the pooled row). Units
 * where the coders differ are appended to *dis when dis is not NULL.
 */
static void
code_agree(const struct data *d, uint32_t k, int exact_only,
    const struct agree *zero, struct agree *a, int *coder, int *value,
    struct disagreement **dis, size_t *ndis, size_t *capdis, uint32_t rank)
{
	const struct app *ap = d->app + d->code[k].first;
	size_t n = d->code[k].napp;

	agree_init(a, (int)d->coders.n, 2, d->reference);
	agree_sum(a, zero);
	for (size_t i = 0, j; i < n; i = j) {
		uint32_t u = ap[i].unit;
		int m;

		for (j = i; j < n && ap[j].unit == u; j++)
			;
		m = unit_values(d, u, NULL, 0, 0, coder, value);
		agree_add(a, coder, value, m, -1);
		m = unit_values(d, u, ap + i, j - i, exact_only, coder, value);
		agree_add(a, coder, value, m, 1);
		if (dis != NULL && m >= 2 && differ(value, m)) {
			if (*ndis == *capdis) {
				*capdis = *capdis ? 2 * *capdis : 256;
				*dis = xrealloc(*dis, *capdis * sizeof(**dis));
			}
			(*dis)[(*ndis)++] = (struct disagreement){ u, rank };
		}
	}
}

/* A statistic: %.6g, empty where undefined. */
static void
write_stat(double x)
{
	out_char('\t');
	if (isnan(x))
		return;
	out_printf("%.6g", x == 0 ? 0.0 : x);
}

static void
write_header(const struct data *d)
{
	out_str("code\tunits");
	if (d->coders.n == 2)
		out_printf("\tboth\tonly_%s\tonly_%s\tneither", d->colname[0],
		    d->colname[1]);
	out_str("\tagreement\tcohen_kappa\tfleiss_kappa\tkrippendorff_alpha"
	    "\tbrennan_prediger");
	for (size_t c = 0; d->reference >= 0 && c < d->coders.n; c++)
		if ((int)c != d->reference)
			out_printf("\tprecision_%s\trecall_%s\tf1_%s", d->colname[c],
			    d->colname[c], d->colname[c]);
	out_char('\n');
}

/* pool: the pooled row, whose Cohen's kappa is De Vries et al.'s. */
static void
write_row(const struct data *d, const char *code, size_t len,
    const struct agree *a, int q, const struct agree_pool *pool)
{
	double pct = agree_percent(a);

	tsv_write_field(code, len);
	out_printf("\t%ld", a->units);
	if (d->coders.n == 2) {
		long both = 0, only0 = 0, only1 = 0, k = a->ncat;

		for (long i = 1; i < k; i++) {
			only0 += a->cohen[i * k];
			only1 += a->cohen[i];
			for (long j = 1; j < k; j++)
				both += a->cohen[i * k + j];
		}
		out_printf("\t%ld\t%ld\t%ld\t%ld", both, only0, only1, a->cohen[0]);
	}
	out_char('\t');
	if (!isnan(pct))
		out_printf("%.1f", pct);
	write_stat(pool != NULL ? agree_pool_kappa(pool) : agree_cohen(a));
	write_stat(agree_fleiss(a));
	write_stat(agree_alpha(a));
	write_stat(agree_bp(a, q));
	for (int c = 0; d->reference >= 0 && c < (int)d->coders.n; c++)
		if (c != d->reference) {
			write_stat(agree_precision(a, c));
			write_stat(agree_recall(a, c));
			write_stat(agree_f1(a, c));
		}
	out_char('\n');
}

/* qsort(3) has no context argument: the data whose codes are sorted. */
static const struct data *sorting;

static int
rank_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return code_path_cmp(sorting->codes.ent[a].s, sorting->codes.ent[a].len,
	    sorting->codes.ent[b].s, sorting->codes.ent[b].len);
}

/* The codes that carry applications (--codes: those in scope), in path
 * order. */
static uint32_t *
code_order(const struct data *d, size_t *n)
{
	uint32_t *order = xmalloc((d->codes.n + 1) * sizeof(*order));

	*n = 0;
	for (uint32_t k = 0; k < d->codes.n; k++)
		if (d->scoped ? d->code[k].scope : d->code[k].napp > 0)
			order[(*n)++] = k;
	sorting = d;
	qsort(order, *n, sizeof(*order), rank_cmp);
	return order;
}

static int
dis_cmp(const void *x, const void *y)
{
	const struct disagreement *a = x, *b = y;

	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	return (a->code > b->code) - (a->code < b->code);
}

static void
write_dis_header(const struct data *d)
{
	if (d->casecol != NULL) {
		out_str(d->casecol);
		out_str("\tcode");
	} else
		out_str("doc\tseg\tcode");
	for (size_t c = 0; c < d->coders.n; c++)
		out_printf("\t%s", d->colname[c]);
	out_str(d->has_text ? "\ttext\n" : "\n");
}

/* The start of a disagreement row: doc, seg, code (--case: case, code). */
static void
write_dis_front(const struct data *d, uint32_t u, const char *code, size_t len)
{
	const char *doc = d->units.ent[u].s;
	size_t dl = strlen(doc);

	tsv_write_field(doc, dl);
	tsv_sep();
	if (d->casecol == NULL) {
		tsv_write_field(doc + dl + 1, d->units.ent[u].len - dl - 1);
		tsv_sep();
	}
	tsv_write_field(code, len);
}

static void
write_dis_text(const struct data *d, uint32_t u)
{
	if (d->has_text) {
		tsv_sep();
		if (d->text[u] != NULL)
			tsv_write_str(d->text[u]);
	}
	tsv_end();
}

/* Per code, then pooled; or the segments where coders differ on a code. */
static void
agree_codes(const struct data *d, const struct options *o)
{
	size_t n, ndis = 0, capdis = 0, nc = d->coders.n;
	uint32_t *order = code_order(d, &n);
	int *coder = xmalloc((nc + 1) * sizeof(*coder));
	int *value = xmalloc((nc + 1) * sizeof(*value));
	struct agree zero, a, pool, exact;
	struct agree_pool kappas = { 0, 0, 0 };
	struct disagreement *dis = NULL;

	agree_init(&zero, (int)nc, 2, d->reference);
	all_zero(d, &zero, coder, value);
	agree_init(&pool, (int)nc, 2, d->reference);
	if (!o->disagreements)
		write_header(d);
	for (size_t r = 0; r < n; r++) {
		uint32_t k = order[r];
		size_t e = 0;

		code_agree(d, k, 0, &zero, &a, coder, value,
		    o->disagreements ? &dis : NULL, &ndis, &capdis, (uint32_t)r);
		if (!o->disagreements)
			write_row(d, d->codes.ent[k].s, d->codes.ent[k].len, &a, 2,
			    NULL);
		agree_free(&a);
		/* The pool takes each code as written, once. */
		while (e < d->code[k].napp && !d->app[d->code[k].first + e].exact)
			e++;
		if (e == d->code[k].napp || o->disagreements)
			continue;
		code_agree(d, k, 1, &zero, &exact, coder, value, NULL, NULL,
		    NULL, 0);
		agree_sum(&pool, &exact);
		agree_pool_add(&kappas, &exact);
		agree_free(&exact);
	}
	if (!o->disagreements && nc > 0)
		write_row(d, "*", 1, &pool, 2, &kappas);
	if (o->disagreements) {
		write_dis_header(d);
		if (ndis > 0)
			qsort(dis, ndis, sizeof(*dis), dis_cmp);
		for (size_t i = 0; i < ndis; i++) {
			uint32_t u = dis[i].unit, k = order[dis[i].code];
			const struct app *ap = d->app + d->code[k].first;
			size_t lo = 0, hi = d->code[k].napp;
			int m;

			while (lo < hi) {       /* the code's first app of u */
				size_t mid = (lo + hi) / 2;

				if (ap[mid].unit < u)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (hi = lo; hi < d->code[k].napp && ap[hi].unit == u; hi++)
				;
			write_dis_front(d, u, d->codes.ent[k].s, d->codes.ent[k].len);
			m = unit_values(d, u, ap + lo, hi - lo, 0, coder, value);
			for (size_t c = 0, j = 0; c < nc; c++) {
				tsv_sep();
				if (j < (size_t)m && coder[j] == (int)c)
					out_char(value[j++] ? '1' : '0');
			}
			write_dis_text(d, u);
		}
	}
	agree_free(&zero);
	agree_free(&pool);
	free(dis);
	free(coder);
	free(value);
	free(order);
}

/*
 * A domain: the children of path are the categories (1, 2, ... in path
 * order; 0 is none). val[] holds each judged pair's category, parallel
 * to d->judged; skip[u] marks units left out under --multi skip.
 */
struct domain {
	const char *path;
	uint32_t *child;        /* code indexes */
	size_t nchild;
	int *val;
	char *skip;
	long nskip;
};

static void
domain_children(const struct data *d, struct domain *dm)
{
	size_t plen = strlen(dm->path), n;
	uint32_t *order = code_order(d, &n);

	dm->child = xmalloc((n + 1) * sizeof(*dm->child));
	dm->nchild = 0;
	for (size_t r = 0; r < n; r++) {
		const char *s = d->codes.ent[order[r]].s;
		size_t len = d->codes.ent[order[r]].len;

		if (code_is_ancestor(dm->path, plen, s, len) &&
		    memchr(s + plen + 1, '/', len - plen - 1) == NULL)
			dm->child[dm->nchild++] = order[r];
	}
	free(order);
}

static _Noreturn void
multi_error(const struct data *d, const struct domain *dm, uint32_t u,
    uint32_t c, int v1, int v2)
{
	const char *doc = d->units.ent[u].s;

	tx_die(EXIT_DATA, NULL, 0, "doc \"%s\" seg \"%s\": coder \"%s\" applied "
	    "two codes of the domain \"%s\": \"%s\" and \"%s\" (--multi skip "
	    "leaves such segments out)", doc, doc + strlen(doc) + 1,
	    d->coders.ent[c].s, dm->path, d->codes.ent[dm->child[v1 - 1]].s,
	    d->codes.ent[dm->child[v2 - 1]].s);
}

/* Each judged pair's category; two or more: an error, or skip the unit. */
static void
domain_values(const struct data *d, struct domain *dm, int multi_skip)
{
	dm->val = xcalloc(d->njudged + 1, sizeof(*dm->val));
	dm->skip = xcalloc(d->units.n + 1, 1);
	dm->nskip = 0;
	for (size_t v = 1; v <= dm->nchild; v++) {
		const struct code *k = &d->code[dm->child[v - 1]];

		for (size_t i = k->first; i < k->first + k->napp; i++) {
			const struct app *ap = &d->app[i];
			size_t j = d->ustart[ap->unit];

			while ((uint32_t)d->judged[j] != ap->coder)
				j++;
			if (dm->val[j] == 0)
				dm->val[j] = (int)v;
			else if (!multi_skip)
				multi_error(d, dm, ap->unit, ap->coder, dm->val[j],
				    (int)v);
			else if (!dm->skip[ap->unit]) {
				dm->skip[ap->unit] = 1;
				dm->nskip++;
			}
		}
	}
}

/* The unit's coders and their categories in the domain. */
static int
domain_unit(const struct data *d, const struct domain *dm, uint32_t u,
    int *coder, int *value)
{
	int m = 0;

	for (size_t i = d->ustart[u]; i < d->ustart[u + 1]; i++, m++) {
		coder[m] = (int)(uint32_t)d->judged[i];
		value[m] = dm->val[i];
	}
	return m;
}

static void
write_category(const struct data *d, const struct domain *dm, int v)
{
	const char *s;

	if (v == 0) {
		out_str("none");
		return;
	}
	s = d->codes.ent[dm->child[v - 1]].s;
	tsv_write_str(s + strlen(dm->path) + 1);
}

static void
domain_disagreements(const struct data *d, const struct domain *dm,
    int *coder, int *value)
{
	size_t plen = strlen(dm->path), nc = d->coders.n;

	for (uint32_t u = 0; u < d->units.n; u++) {
		int m;

		if (dm->skip[u])
			continue;
		m = domain_unit(d, dm, u, coder, value);
		if (m < 2 || !differ(value, m))
			continue;
		write_dis_front(d, u, dm->path, plen);
		for (size_t c = 0, j = 0; c < nc; c++) {
			tsv_sep();
			if (j < (size_t)m && coder[j] == (int)c)
				write_category(d, dm, value[j++]);
		}
		write_dis_text(d, u);
	}
}

/* One domain's row. */
static void
domain_row(const struct data *d, const struct domain *dm, int *coder,
    int *value)
{
	char *seen = xcalloc(dm->nchild + 1, 1);
	struct agree a;
	int q = 0;

	/* Brennan-Prediger's q: the categories that occur, or with --codes
	 * every category the codes give, none included. */

	agree_init(&a, (int)d->coders.n, (int)dm->nchild + 1, d->reference);
	for (uint32_t u = 0; u < d->units.n; u++) {
		int m;

		if (dm->skip[u])
			continue;
		m = domain_unit(d, dm, u, coder, value);
		for (int j = 0; j < m; j++)
			if (!seen[value[j]]++)
				q++;
		agree_add(&a, coder, value, m, 1);
	}
	write_row(d, dm->path, strlen(dm->path), &a,
	    d->scoped ? (int)dm->nchild + 1 : q, NULL);
	agree_free(&a);
	free(seen);
}

/*
 * One row per domain, or its disagreements. Every domain's values are
 * found (and two codes on a segment reported) before anything is written.
 */
static void
agree_domains(const struct data *d, const struct options *o)
{
	size_t nc = d->coders.n;
	int *coder = xmalloc((nc + 1) * sizeof(*coder));
	int *value = xmalloc((nc + 1) * sizeof(*value));
	struct domain *dm = xcalloc(o->ndomain, sizeof(*dm));

	agree_check_size((int)nc, 2, NULL);     /* before any output */
	for (size_t i = 0; i < o->ndomain; i++) {
		dm[i].path = o->domain[i];
		domain_children(d, &dm[i]);
		if (dm[i].nchild == 0)
			tx_warn(NULL, 0, "--domain \"%s\": no code below it in "
			    "the input", dm[i].path);
		/* before any output */
		agree_check_size((int)nc, (int)dm[i].nchild + 1, dm[i].path);
		domain_values(d, &dm[i], o->multi_skip);
		if (dm[i].nskip > 0)
			tx_warn(NULL, 0, "--domain \"%s\": %ld segment%s left "
			    "out: a coder applied two or more of its codes",
			    dm[i].path, dm[i].nskip, dm[i].nskip > 1 ? "s" : "");
	}
	if (o->disagreements)
		write_dis_header(d);
	else
		write_header(d);
	for (size_t i = 0; i < o->ndomain; i++) {
		if (o->disagreements)
			domain_disagreements(d, &dm[i], coder, value);
		else
			domain_row(d, &dm[i], coder, value);
		free(dm[i].child);
		free(dm[i].val);
		free(dm[i].skip);
	}
	free(dm);
	free(coder);
	free(value);
}

static int
find_coder(const struct data *d, const char *name)
{
	for (size_t c = 0; c < d->coders.n; c++)
		if (strcmp(d->coders.ent[c].s, name) == 0)
			return (int)c;
	return -1;
}

static void
check_coders(struct data *d, const struct options *o)
{
	if (d->coders.n == 1)
		tx_die(EXIT_DATA, NULL, 0, "one coder only (\"%s\"): agreement "
		    "needs the codings of two or more on the same segments "
		    "(cat auto.tsv human.tsv | tx-agree)", d->coders.ent[0].s);
	d->reference = -1;
	if (o->reference != NULL && d->coders.n > 0) {
		d->reference = find_coder(d, o->reference);
		if (d->reference < 0)
			tx_die(EXIT_USAGE, NULL, 0, "--reference \"%s\": no such "
			    "coder in the input", o->reference);
	}
	coder_columns(d, o);
}

static void
free_data(struct data *d)
{
	for (size_t c = 0; d->colname != NULL && c < d->coders.n; c++)
		free(d->colname[c]);
	free(d->colname);
	strset_free(&d->units);
	strset_free(&d->codes);
	strset_free(&d->coders);
	arena_free(d->arena);
	free(d->code);
	free(d->app);
	free(d->judged);
	free(d->ustart);
	free(d->texthash);
	free(d->textcoder);
	free(d->text);
}

/* s[0 .. n) without blanks at both ends. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++, (*n)--;
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' ||
	    s[*n - 1] == '\r'))
		(*n)--;
	return s;
}

/*
 * One code of --codes, its levels trimmed, put in scope; with roll-up its
 * ancestors too, since the codes below them count for them.
 */
static void
scope_add(struct data *d, const char *raw, size_t n, const char *file,
    long line, int rollup, struct buf *path)
{
	const char *p = raw, *end = raw + n;
	uint32_t k;

	path->n = 0;
	for (;;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t len = (size_t)((slash ? slash : end) - p);
		const char *level = trim(p, &len);

		if (len == 0)
			tx_die(EXIT_USAGE, file, line, "--codes: code \"%.*s\": "
			    "a level of the path is empty", (int)n, raw);
		if (path->n > 0)
			buf_char(path, '/');
		buf_add(path, level, len);
		if (slash == NULL)
			break;
		p = slash + 1;
	}
	k = code_id(d, path->s, path->n);
	d->code[k].scope = 1;
	for (k = d->code[k].parent; rollup && k != UINT32_MAX;
	    k = d->code[k].parent)
		d->code[k].scope = 1;
}

/* Does the first line name a column "code" (a codebook's header)? */
static int
has_code_column(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n), *end = nl ? nl : s + n;
	char sep = memchr(s, '\t', (size_t)(end - s)) ? '\t' : ',';

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s <= end) {
		const char *f = memchr(s, sep, (size_t)(end - s));
		size_t len = (size_t)((f ? f : end) - s);
		const char *name = trim(s, &len);

		if (len >= 2 && name[0] == '"' && name[len - 1] == '"')
			name++, len -= 2;
		if (len == 4 && strncasecmp(name, "code", 4) == 0)
			return 1;
		if (f == NULL)
			break;
		s = f + 1;
	}
	return 0;
}

/*
 * --codes FILE: a codebook (CSV or TSV whose header has a column "code")
 * or a list, one code path a line. Only the codes it names are compared;
 * the rows of other codes stay judgements (see read_codings).
 */
static void
load_scope(struct data *d, const char *file, int rollup)
{
	struct buf b = { 0 }, path = { 0 };
	long listed = 0;

	if (file_read(file, &b) != 0)
		exit(EXIT_USAGE);
	if (has_code_column(b.s, b.n)) {
		struct table tb;
		int c = -1;

		if (table_parse(&tb, file, b.s, b.n) != 0)
			exit(EXIT_USAGE);
		for (size_t i = 0; i < tb.ncol && c < 0; i++) {
			size_t len = strlen(tb.col[i]);
			const char *name = trim(tb.col[i], &len);

			if (len == 4 && strncasecmp(name, "code", 4) == 0)
				c = (int)i;
		}
		for (size_t r = 0; c >= 0 && r < tb.nrow; r++) {
			size_t len = strlen(tb.row[r].f[c]);

			(void)trim(tb.row[r].f[c], &len);
			if (len == 0)
				continue;       /* a row that adds to the code above */
			scope_add(d, tb.row[r].f[c], strlen(tb.row[r].f[c]), file,
			    tb.row[r].line, rollup, &path);
			listed++;
		}
		table_free(&tb);
	} else {
		long line = 1;

		for (const char *s = b.s, *end = b.s + b.n; s < end; line++) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t len = (size_t)((nl ? nl : end) - s);

			if (line == 1 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
				s += 3, len -= 3;
			(void)trim(s, &len);
			if (len > 0) {
				scope_add(d, s, (size_t)((nl ? nl : end) - s), file,
				    line, rollup, &path);
				listed++;
			}
			s = nl ? nl + 1 : end;
		}
	}
	if (listed == 0)
		tx_die(EXIT_USAGE, file, 0, "--codes: no code in it (a "
		    "codebook with a column \"code\", or one code a line)");
	d->scoped = 1;
	free(b.s);
	free(path.s);
}

static void
add_domain(struct options *o, const char *arg)
{
	size_t len = strlen(arg);

	if (len == 0 || arg[0] == '/' || arg[len - 1] == '/')
		tx_usage_error("--domain \"%s\": expected a code path such as "
		    "\"Theme\" or \"Theme/Subtheme\"", arg);
	o->domain = xrealloc(o->domain, (o->ndomain + 1) * sizeof(*o->domain));
	o->domain[o->ndomain++] = (char *)arg;
}

enum { OPT_MULTI = 256, OPT_MAX_FIELD, OPT_CASE, OPT_VERSION };

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "reference", required_argument, NULL, 'r' },
		{ "disagreements", no_argument, NULL, 'd' },
		{ "domain", required_argument, NULL, 'D' },
		{ "codes", required_argument, NULL, 'c' },
		{ "case", required_argument, NULL, OPT_CASE },
		{ "multi", required_argument, NULL, OPT_MULTI },
		{ "no-rollup", no_argument, NULL, 'R' },
		{ "max-field", required_argument, NULL, OPT_MAX_FIELD },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const multis[] = { "error", "skip", NULL };
	struct options o = { .rollup = 1 };
	struct data d = { .reference = -1 };
	struct tsv *t;
	int ch, status, any;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "c:dD:hRr:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o.codes = optarg; break;
		case 'd': o.disagreements = 1; break;
		case 'D': add_domain(&o, optarg); break;
		case 'h': usage(EXIT_OK); break;
		case 'r': o.reference = optarg; break;
		case 'R': o.rollup = 0; break;
		case OPT_CASE: o.casecol = optarg; break;
		case OPT_MULTI:
			o.multi_skip = opt_word("--multi", optarg, multis);
			break;
		case OPT_MAX_FIELD: tsv_set_max_field("--max-field", optarg); break;
		case OPT_VERSION: tx_version();
		default: usage(EXIT_USAGE);
		}
	}
	if (o.reference != NULL && o.disagreements)
		tx_usage_error("--reference does not go with --disagreements");
	cases_check_column(o.casecol, "coder");
	if (o.casecol != NULL && o.ndomain > 0)
		tx_usage_error("--case does not go with --domain: a case holds "
		    "many segments, and so several categories of a domain");
	if (o.codes != NULL)
		load_scope(&d, o.codes, o.rollup);
	t = tsv_open(argc - optind, argv + optind);
	any = tsv_header(t);
	if (any) {
		read_codings(&d, t, &o);
		check_coders(&d, &o);
	}
	status = tsv_close(t);
	if (any) {
		index_data(&d);
		if (o.ndomain > 0)
			agree_domains(&d, &o);
		else
			agree_codes(&d, &o);
	}
	free_data(&d);
	free(o.domain);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-agree [-R] [-c file] [--case col] [-r coder | -d]\n"
	    "                [-D path ... [--multi how]] [--max-field size] [file ...]\n";
	static const char text[] =
	    "\n"
	    "Agreement between the coders of a codings stream (cat auto.tsv\n"
	    "human.tsv | tx-agree): per code, and pooled over codes (*).\n"
	    "\n"
	    "  -c, --codes file       compare only these codes (a codebook, or one\n"
	    "                         a line); rows of others stay judgements\n"
	    "      --case col         units are the values of col (doc: documents),\n"
	    "                         a code present where any segment carries it\n"
	    "  -r, --reference coder  precision, recall, F1 of the others against it\n"
	    "  -d, --disagreements    the segments and codes on which coders differ\n"
	    "  -D, --domain path      the codes below path as one nominal variable\n"
	    "      --multi how        two codes of a domain on a segment: error\n"
	    "                         (default) or skip the segment\n"
	    "  -R, --no-rollup        codes as written, not for their ancestors\n"
	    "      --max-field size   longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n";

	tx_usage(status, synopsis, text);
}
