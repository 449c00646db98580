/*
 * The comparison of tx-compare (and tx-report): groups chosen and named,
 * every code's 2 x k table tested, q across codes, effect sizes, and the
 * pattern rules; the comparison written, and read back. See compare.h.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "out.h"
#include "tsv.h"
#include "compare.h"
#include "stats.h"
#include "streams.h"
#include "tx.h"

/* Places in COMPARE_COLS (streams.h). */
enum {
	COL_CODE, COL_COUNT, COL_TOTAL, COL_PCT, COL_TEST, COL_STATISTIC, COL_DF,
	COL_P, COL_Q, COL_DIFF, COL_LOG_RATIO, COL_CRAMERS_V, COL_H, COL_ONLY_IN,
	COL_PATTERN
};

/* The groups compared: all, or those --groups names, in its order. */
static void
choose_groups(struct compare *cm, const struct compare_options *o)
{
	struct counts *c = cm->c;

	cm->group = xcalloc(c->ngroup + o->ngroups + 1, sizeof(*cm->group));
	if (o->groups == NULL) {
		for (size_t g = 0; g < c->ngroup; g++)
			cm->group[cm->k++] = g;
	}
	for (size_t i = 0; i < o->ngroups; i++) {
		size_t g;

		for (g = 0; g < c->ngroup; g++)
			if (strcmp(c->group[g].key, o->groups[i]) == 0 &&
			    c->group[g].keylen == strlen(o->groups[i]))
				break;
		if (g == c->ngroup)
			tx_die(EXIT_USAGE, NULL, 0, "--groups: no group \"%s\" "
			    "in column %s", o->groups[i], o->by);
		for (int j = 0; j < cm->k; j++)
			if (cm->group[j] == g)
				tx_die(EXIT_USAGE, NULL, 0, "--groups names \"%s\" "
				    "twice", o->groups[i]);
		cm->group[cm->k++] = g;
	}
	if (cm->k < 2)
		tx_die(EXIT_USAGE, NULL, 0, "%s %d group%s of %s: a comparison "
		    "needs two or more", o->groups ? "--groups names" : "only",
		    cm->k, cm->k == 1 ? "" : "s", o->by);
}

/* Group values and their column names; two values making one name clash. */
static void
name_groups(struct compare *cm)
{
	size_t j;
	long i;

	cm->label = xcalloc((size_t)cm->k, sizeof(*cm->label));
	cm->name = xcalloc((size_t)cm->k, sizeof(*cm->name));
	for (int g = 0; g < cm->k; g++) {
		const struct count_group *gr = &cm->c->group[cm->group[g]];

		cm->label[g] = xstrndup(gr->key, gr->keylen);
		cm->name[g] = colname(cm->label[g]);
	}
	if ((i = colname_clash(cm->name, (size_t)cm->k, &j)) >= 0)
		tx_die(EXIT_DATA, NULL, 0, "groups \"%s\" and \"%s\" "
		    "both make the column name \"%s\"",
		    cm->label[j], cm->label[i], cm->name[i]);
}

/*
 * The groups with cases. A group of none (a counts table made by hand or
 * elsewhere) has no percentage: it would make a test's table degenerate
 * and join "more in" by 0 * n == a * 0, so it takes no part.
 */
static void
live_groups(struct compare *cm, const struct compare_options *o)
{
	cm->live = xcalloc((size_t)cm->k, sizeof(*cm->live));
	for (int i = 0; i < cm->k; i++) {
		const struct count_group *gr = &cm->c->group[cm->group[i]];

		if ((o->segments ? gr->total_segs : gr->total_docs) > 0)
			cm->live[cm->nlive++] = i;
		else
			tx_warn(NULL, 0, "group \"%s\" of %s has no %s: it takes "
			    "no part in the tests and patterns", cm->label[i],
			    o->by, o->segments ? "segments" : "cases");
	}
	if (cm->nlive < 2)
		tx_die(EXIT_DATA, NULL, 0, "%d group%s of %s ha%s cases: a "
		    "comparison needs two or more", cm->nlive,
		    cm->nlive == 1 ? "" : "s", o->by, cm->nlive == 1 ? "s" : "ve");
}

/*
 * Rao-Scott: number the cases that have segments in the groups with cases
 * and keep their segments by group. A group of fewer than two cases has no
 * variance between cases to estimate: no code can be tested, and every
 * row says why.
 */
static void
prepare_clusters(struct compare *cm)
{
	const struct counts *c = cm->c;
	const struct count_case *v;
	size_t n, nl = (size_t)cm->nlive;
	char buf[512];

	cm->clidx = xmalloc((c->ncase + 1) * sizeof(*cm->clidx));
	for (size_t i = 0; i < c->ncase; i++)
		cm->clidx[i] = -1;
	for (int j = 0; j < cm->nlive; j++) {
		v = counts_group_cases(c, cm->group[cm->live[j]], &n);
		if (n < 2 && cm->uncorrectable == NULL) {
			snprintf(buf, sizeof(buf), "rao-scott unavailable: %zu "
			    "case%s of %s in group %s", n, n == 1 ? "" : "s",
			    c->unit, cm->label[cm->live[j]]);
			cm->uncorrectable = xstrdup(buf);
			tx_warn(NULL, 0, "%s: segments nested in cases cannot "
			    "be tested (--test chi2 tests them as independent)",
			    buf);
		}
		for (size_t i = 0; i < n; i++)
			if (cm->clidx[v[i].id] < 0)
				cm->clidx[v[i].id] = (long)cm->ncl++;
	}
	cm->clm = xcalloc(cm->ncl * nl + 1, sizeof(*cm->clm));
	for (int j = 0; j < cm->nlive; j++) {
		v = counts_group_cases(c, cm->group[cm->live[j]], &n);
		for (size_t i = 0; i < n; i++)
			cm->clm[(size_t)cm->clidx[v[i].id] * nl + (size_t)j] = v[i].segs;
	}
}

/* Rao-Scott's F for row r: the carrying segments of each case and group. */
static void
rao_scott(const struct compare *cm, struct compare_row *r)
{
	const struct counts *c = cm->c;
	size_t nl = (size_t)cm->nlive, n;
	long *y;

	r->test = cm->uncorrectable;
	if (cm->uncorrectable != NULL)
		return;
	r->test = "rao-scott";
	y = xcalloc(cm->ncl * nl + 1, sizeof(*y));
	for (size_t j = 0; j < nl; j++) {
		const struct count_cell *cl = counts_cell(c, cm->group[cm->live[j]],
		    r->code);
		const struct count_case *v = cl ? counts_cell_cases(c, cl, &n) : NULL;

		for (size_t i = 0; v != NULL && i < n; i++)
			y[(size_t)cm->clidx[v[i].id] * nl + j] = v[i].segs;
	}
	stat_rao_scott(cm->clm, y, cm->ncl, cm->nlive, &r->stat, &r->df,
	    &r->ddf, &r->p);
	free(y);
}

/*
 * The test of one code's table, as the options ask: a and n are the
 * counts of the k groups with cases.
 */
static void
run_test(const struct compare *cm, const struct compare_options *o,
    struct compare_row *r, const long *a, const long *n, int k,
    const char *code)
{
	int test = o->test;

	r->stat = r->df = r->ddf = r->p = NAN;
	if (test == COMPARE_RAO_SCOTT) {
		rao_scott(cm, r);
		return;
	}
	if (test == COMPARE_AUTO)
		test = stat_min_expected(a, n, k) < 5 ? COMPARE_FISHER :
		    COMPARE_CHI2;
	if (test == COMPARE_FISHER) {
		r->test = "fisher";
		if (stat_fisher(a, n, k, o->fisher_limit, &r->p) == 0)
			return;
		tx_warn(NULL, 0, "code \"%s\": Fisher's test would enumerate more "
		    "than %ld tables (--fisher-limit); chi2 used instead", code,
		    o->fisher_limit);
		stat_chi2(a, n, k, o->yates, &r->stat, &r->df, &r->p);
		r->test = "chi2 (fisher limit)";
		return;
	}
	if (test == COMPARE_G2) {
		r->test = "g2";
		stat_g2(a, n, k, &r->stat, &r->df, &r->p);
		return;
	}
	r->test = o->yates && k == 2 ? "chi2 (yates)" : "chi2";
	stat_chi2(a, n, k, o->yates, &r->stat, &r->df, &r->p);
}

double
compare_pct(long a, long n)
{
	return n > 0 ? 100.0 * (double)a / (double)n : NAN;
}

/*
 * Test and effect sizes of row r, over the groups with cases (their
 * counts copied to la, ln). h is that of the highest and lowest group.
 */
static void
measure_row(struct compare *cm, const struct compare_options *o,
    struct compare_row *r, long *la, long *ln)
{
	int top = 0, low = 0;

	for (int j = 0; j < cm->nlive; j++) {
		la[j] = r->a[cm->live[j]];
		ln[j] = r->n[cm->live[j]];
		/* la[j]/ln[j] against the highest and lowest, exactly */
		if ((double)la[j] * ln[top] > (double)la[top] * ln[j])
			top = j;
		if ((double)la[j] * ln[low] < (double)la[low] * ln[j])
			low = j;
	}
	run_test(cm, o, r, la, ln, cm->nlive, cm->c->code[r->code].path);
	r->diff = compare_pct(r->a[0], r->n[0]) - compare_pct(r->a[1], r->n[1]);
	r->log_ratio = stat_log_ratio(r->a[0], r->n[0], r->a[1], r->n[1]);
	r->cramers_v = stat_cramers_v(la, ln, cm->nlive);
	r->h = stat_cohen_h((double)la[top] / (double)ln[top],
	    (double)la[low] / (double)ln[low]);
}

/* One row per code: counts, test, effect sizes; then q across the rows. */
static void
compare_codes(struct compare *cm, const struct compare_options *o)
{
	struct counts *c = cm->c;
	int k = cm->k;
	double *p, *q;
	long present, total, *la, *ln;

	cm->row = xcalloc(c->ncode + 1, sizeof(*cm->row));
	la = xcalloc((size_t)k, sizeof(*la));
	ln = xcalloc((size_t)k, sizeof(*ln));
	for (size_t i = 0; i < c->ncode; i++) {
		struct compare_row *r = &cm->row[cm->nrow];

		r->code = i;
		r->a = xcalloc((size_t)k, sizeof(*r->a));
		r->n = xcalloc((size_t)k, sizeof(*r->n));
		present = total = 0;
		for (int j = 0; j < k; j++) {
			const struct count_group *gr = &c->group[cm->group[j]];
			const struct count_cell *cl = counts_cell(c, cm->group[j], i);

			r->n[j] = o->segments ? gr->total_segs : gr->total_docs;
			r->a[j] = cl == NULL ? 0 : o->segments ? cl->segs : cl->docs;
			/* the tests sum them: refused rather than wrapped */
			if (__builtin_add_overflow(present, r->a[j], &present) ||
			    __builtin_add_overflow(total, r->n[j], &total))
				tx_die(EXIT_DATA, NULL, 0, "code \"%s\": the groups' "
				    "counts add up to more than %ld, past what the "
				    "statistics can take", c->code[i].path, LONG_MAX);
		}
		if (present == 0) {     /* only in groups --groups left out */
			free(r->a);
			free(r->n);
			continue;
		}
		cm->nrow++;
		measure_row(cm, o, r, la, ln);
	}
	free(la);
	free(ln);
	p = xcalloc(cm->nrow + 1, sizeof(*p));
	q = xcalloc(cm->nrow + 1, sizeof(*q));
	for (size_t i = 0; i < cm->nrow; i++)
		p[i] = cm->row[i].p;
	stat_bh(p, cm->nrow, q);
	for (size_t i = 0; i < cm->nrow; i++)
		cm->row[i].q = q[i];
	free(p);
	free(q);
}

void
compare_run(struct compare *cm, struct counts *c,
    const struct compare_options *o)
{
	memset(cm, 0, sizeof(*cm));
	cm->o = o;
	cm->c = c;
	choose_groups(cm, o);
	name_groups(cm);
	live_groups(cm, o);
	if (o->test == COMPARE_RAO_SCOTT)
		prepare_clusters(cm);
	compare_codes(cm, o);
}

/* Append s to the string being built in *buf. */
static void
append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

int
compare_only_in(const struct compare *cm, const struct compare_row *r)
{
	int only = -1;

	for (int j = 0; j < cm->nlive; j++)
		if (r->a[cm->live[j]] > 0) {
			if (only >= 0)
				return -1;
			only = cm->live[j];
		}
	return only;
}

char *
compare_pattern(const struct compare *cm, const struct compare_row *r)
{
	const struct compare_options *o = cm->o;
	int top = cm->live[0], shared = 1, rare = 1, only;
	char *s = NULL;
	size_t len = 0;

	for (int j = 0; j < cm->nlive; j++) {
		int i = cm->live[j];

		/* a[i]/n[i] > a[top]/n[top], exactly */
		if ((double)r->a[i] * r->n[top] > (double)r->a[top] * r->n[i])
			top = i;
		shared &= 100.0 * r->a[i] >= o->shared_min * r->n[i];
		rare &= 100.0 * r->a[i] < o->rare_max * r->n[i];
	}
	/* A difference needs evidence (q) and a size worth naming (h). */
	if (!(r->q < o->alpha && r->h >= o->min_effect))
		append(&s, &len, shared ? "shared" : rare ? "rare" : "similar");
	else if ((only = compare_only_in(cm, r)) >= 0) {
		append(&s, &len, "only in ");
		append(&s, &len, cm->label[only]);
	} else {
		append(&s, &len, "more in ");
		for (int j = 0, first = 1; j < cm->nlive; j++) {
			int i = cm->live[j];

			if ((double)r->a[i] * r->n[top] != (double)r->a[top] * r->n[i])
				continue;
			if (!first)
				append(&s, &len, ", ");
			append(&s, &len, cm->label[i]);
			first = 0;
		}
	}
	return s;
}

void
compare_free(struct compare *cm)
{
	for (size_t j = 0; j < cm->nrow; j++) {
		free(cm->row[j].a);
		free(cm->row[j].n);
	}
	for (int i = 0; i < cm->k; i++) {
		free(cm->label[i]);
		free(cm->name[i]);
	}
	free(cm->row);
	free(cm->label);
	free(cm->name);
	free(cm->group);
	free(cm->live);
	free(cm->clidx);
	free(cm->clm);
	free(cm->uncorrectable);
	memset(cm, 0, sizeof(*cm));
}

/* ------------------------------------------------------------------ */
/* The comparison written: tx-compare's output */

/*
 * A number for the output; NaN or infinity (undefined) is an empty field.
 * A negative value that rounds to zero is written without its sign.
 */
static void
write_num(const char *fmt, double v)
{
	char buf[64];

	out_char('\t');
	if (!isfinite(v))
		return;
	snprintf(buf, sizeof(buf), fmt, v);
	out_str(buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1) ?
	    buf + 1 : buf);
}

/* Does the comparison have the ddf column (rao-scott)? */
static int
has_ddf(const struct compare *cm)
{
	return cm->o != NULL && cm->o->test == COMPARE_RAO_SCOTT;
}

/* test statistic df [ddf] p q, the effect columns, only_in and the pattern. */
static void
write_stats(const struct compare *cm, const struct compare_row *r)
{
	char *pattern = compare_pattern(cm, r);
	int only = compare_only_in(cm, r);

	out_char('\t');
	out_str(r->test);
	write_num("%.6g", r->stat);
	write_num("%.6g", r->df);
	if (has_ddf(cm))
		write_num("%.6g", r->ddf);
	write_num("%.6g", r->p);
	write_num("%.6g", r->q);
	if (cm->k == 2) {
		write_num("%.1f", r->diff);
		write_num("%.6g", r->log_ratio);
	} else
		write_num("%.6g", r->cramers_v);
	write_num("%.3f", r->h);
	tsv_sep();
	if (only >= 0)
		tsv_write_str(cm->label[only]);
	tsv_sep();
	tsv_write_str(pattern);
	tsv_end();
	free(pattern);
}

/* A column of the header after the first: TAB, name and suffix. */
static void
write_col(int col, const char *suffix)
{
	tsv_sep();
	out_str(COMPARE_COLS[col]);
	out_str(suffix);
}

/* The header's columns from test on; with no groups, those of two. */
static void
write_stats_header(const struct compare *cm)
{
	for (int i = COL_TEST; i <= COL_Q; i++) {
		write_col(i, "");
		if (i == COL_DF && has_ddf(cm)) {
			tsv_sep();
			out_str(COMPARE_DDF_COL);
		}
	}
	if (cm->k > 2)
		write_col(COL_CRAMERS_V, "");
	else {
		write_col(COL_DIFF, "");
		write_col(COL_LOG_RATIO, "");
	}
	for (int i = COL_H; i <= COL_PATTERN; i++)
		write_col(i, "");
	tsv_end();
}

static void
write_wide(const struct compare *cm)
{
	out_str(COMPARE_COLS[COL_CODE]);
	for (int i = 0; i < cm->k; i++)
		for (int j = COL_COUNT; j <= COL_PCT; j++)
			write_col(j, cm->name[i]);
	write_stats_header(cm);
	for (size_t j = 0; j < cm->nrow; j++) {
		const struct compare_row *r = &cm->row[j];
		const struct count_code *code = &cm->c->code[r->code];

		tsv_write_field(code->path, code->len);
		for (int i = 0; i < cm->k; i++) {
			out_printf("\t%ld\t%ld", r->a[i], r->n[i]);
			write_num("%.1f", compare_pct(r->a[i], r->n[i]));
		}
		write_stats(cm, r);
	}
}

static void
write_long(const struct compare *cm)
{
	out_str(COMPARE_COLS[COL_CODE]);
	for (size_t i = 0; i < sizeof(COMPARE_LONG_COLS) /
	    sizeof(*COMPARE_LONG_COLS); i++) {
		tsv_sep();
		out_str(COMPARE_LONG_COLS[i]);
	}
	write_stats_header(cm);
	for (size_t j = 0; j < cm->nrow; j++) {
		const struct compare_row *r = &cm->row[j];
		const struct count_code *code = &cm->c->code[r->code];

		for (int i = 0; i < cm->k; i++) {
			tsv_write_field(code->path, code->len);
			tsv_sep();
			tsv_write_str(cm->label[i]);
			out_printf("\t%ld\t%ld", r->a[i], r->n[i]);
			write_num("%.1f", compare_pct(r->a[i], r->n[i]));
			write_stats(cm, r);
		}
	}
}

void
compare_write(const struct compare *cm, int long_form)
{
	if (long_form)
		write_long(cm);
	else
		write_wide(cm);
}

/* ------------------------------------------------------------------ */
/* The comparison as a table: computed, or read back */

void
compare_to_table(struct compare_table *tb, struct compare *cm)
{
	memset(tb, 0, sizeof(*tb));
	tb->k = cm->k;
	tb->group = xcalloc((size_t)cm->k, sizeof(*tb->group));
	memcpy(tb->group, cm->group, (size_t)cm->k * sizeof(*tb->group));
	tb->row = xcalloc(cm->nrow + 1, sizeof(*tb->row));
	for (size_t j = 0; j < cm->nrow; j++) {
		struct compare_row *cr = &cm->row[j];
		struct compare_result *w = &tb->row[tb->nrow++];

		w->code = xstrdup(cm->c->code[cr->code].path);
		w->pattern = compare_pattern(cm, cr);
		w->a = cr->a;           /* taken over */
		w->n = cr->n;
		cr->a = cr->n = NULL;
		w->test = xstrdup(cr->test);
		w->p = cr->p;
		w->q = cr->q;
		w->h = cr->h;
	}
}

/*
 * A number of the comparison, empty (undefined: NaN) or finite and in
 * [lo, hi], as tx-compare writes it: a p of 42, a percentage of 250 or a
 * "nan" would be shown as if it were one (exit 1, naming the line).
 */
static double
parse_real(struct tsv *t, int col, double lo, double hi)
{
	char *end;
	double v;

	if (t->flen[col] == 0)
		return NAN;
	errno = 0;
	v = strtod(t->field[col], &end);
	if (*end != '\0' || errno == ERANGE || !isfinite(v))
		tsv_die(t, "%s \"%s\" is not a number", t->col[col], t->field[col]);
	if (v < lo || v > hi)
		tsv_die(t, "%s %s is out of range: %s is from %g to %g",
		    t->col[col], t->field[col], t->col[col], lo, hi);
	return v;
}

/*
 * A group's count, total and percentage on one row: the count at most the
 * total, the total that of the first row (a group has one size), the
 * percentage count/total as tx-compare rounds it.
 */
static void
check_group(struct tsv *t, const int *col, long a, long n, long first_n)
{
	double pct = parse_real(t, col[2], 0, 100);

	if (a > n)
		tsv_die(t, "%s %ld is more than %s %ld: the counts do not add up",
		    t->col[col[0]], a, t->col[col[1]], n);
	if (first_n >= 0 && n != first_n)
		tsv_die(t, "%s %ld differs from the first row's %ld: a group has "
		    "one size", t->col[col[1]], n, first_n);
	if (n > 0 && !(fabs(pct - 100.0 * (double)a / (double)n) <= 0.051))
		tsv_die(t, "%s %s is not %s/%s (%ld of %ld)", t->col[col[2]],
		    t->field[col[2]], t->col[col[0]], t->col[col[1]], a, n);
	if (n == 0 && !isnan(pct))
		tsv_die(t, "%s %s: a group of no cases has no percentage",
		    t->col[col[2]], t->field[col[2]]);
}

/*
 * Column name, looked for first at i, where tx-compare writes it (a
 * group's total_ and pct_ follow its count_), so that a header of many
 * groups is not searched once per group; else anywhere, or exit 1.
 */
static int
next_col(struct tsv *t, size_t i, const char *name)
{
	if (i < t->ncol && strcmp(t->col[i], name) == 0)
		return (int)i;
	return tsv_need(t, name, "not a tx-compare output");
}

/*
 * The wide form's groups: count_<name> columns, matched to by values;
 * their columns, count, total and pct of each, in *col.
 */
static int *
wide_groups(struct compare_table *tb, struct tsv *t, const struct counts *c,
    const char *by)
{
	const char *count = COMPARE_COLS[COL_COUNT], *total = COMPARE_COLS[COL_TOTAL];
	const char *pct = COMPARE_COLS[COL_PCT];
	size_t countlen = strlen(count);
	int *col = xcalloc(t->ncol * 3 + 3, sizeof(*col));
	struct strmap names = { 0 };    /* column name: the first group making it */

	for (size_t j = c->ngroup; j-- > 0; ) {
		char *label = xstrndup(c->group[j].key, c->group[j].keylen);
		char *cn = colname(label);

		strmap_put(&names, cn, strlen(cn), (long)j);
		free(cn);
		free(label);
	}
	tb->group = xcalloc(t->ncol + 1, sizeof(*tb->group));
	for (size_t i = 0; i < t->ncol; i++) {
		const char *name = t->col[i] + countlen;
		char want[512], wantpct[512];
		long g;

		if (strncmp(t->col[i], count, countlen) != 0)
			continue;
		snprintf(want, sizeof(want), "%s%s", total, name);
		snprintf(wantpct, sizeof(wantpct), "%s%s", pct, name);
		g = strmap_get(&names, name, strlen(name));
		if (g < 0)
			tx_die(EXIT_USAGE, t->hdrname, 1, "column %s: no value of "
			    "%s in the codings makes the name \"%s\"", t->col[i],
			    by, name);
		col[3 * tb->k] = (int)i;
		col[3 * tb->k + 1] = next_col(t, i + 1, want);
		col[3 * tb->k + 2] = next_col(t, i + 2, wantpct);
		tb->group[tb->k++] = (size_t)g;
	}
	strmap_free(&names);
	return col;
}

int
compare_read(struct compare_table *tb, const char *file,
    const struct counts *c, const char *by)
{
	static const char hint[] = "not a tx-compare output";
	char *files[1] = { (char *)file };
	struct tsv *t = tsv_open(1, files);
	int ccode, ctest, cp, cq, ch, cpat, *col;

	memset(tb, 0, sizeof(*tb));
	if (!tsv_header(t)) {           /* empty: no comparison */
		tb->empty = 1;
		return tsv_close(t);
	}
	if (tsv_col(t, COMPARE_LONG_COLS[0]) >= 0)
		tx_die(EXIT_USAGE, t->hdrname, 1, "a long-form comparison "
		    "(tx-compare --long): give the wide form");
	ccode = tsv_need(t, COMPARE_COLS[COL_CODE], hint);
	ctest = tsv_need(t, COMPARE_COLS[COL_TEST], hint);
	cp = tsv_need(t, COMPARE_COLS[COL_P], hint);
	cq = tsv_need(t, COMPARE_COLS[COL_Q], hint);
	ch = tsv_need(t, COMPARE_COLS[COL_H], hint);
	cpat = tsv_need(t, COMPARE_COLS[COL_PATTERN], hint);
	col = wide_groups(tb, t, c, by);
	while (tsv_next(t)) {
		struct compare_result *w;

		if (tb->nrow % 64 == 0)
			tb->row = xrealloc(tb->row, (tb->nrow + 64) * sizeof(*tb->row));
		w = &tb->row[tb->nrow++];
		w->code = xstrndup(t->field[ccode], t->flen[ccode]);
		w->a = xcalloc((size_t)tb->k + 1, sizeof(*w->a));
		w->n = xcalloc((size_t)tb->k + 1, sizeof(*w->n));
		for (int i = 0; i < tb->k; i++) {
			w->a[i] = count_field(t, col[3 * i]);
			w->n[i] = count_field(t, col[3 * i + 1]);
			check_group(t, &col[3 * i], w->a[i], w->n[i],
			    tb->nrow > 1 ? tb->row[0].n[i] : -1);
		}
		w->test = xstrndup(t->field[ctest], t->flen[ctest]);
		w->p = parse_real(t, cp, 0, 1);
		w->q = parse_real(t, cq, 0, 1);
		/* Cohen's h: from 0 to pi, written to three decimals */
		w->h = parse_real(t, ch, 0, 3.142);
		w->pattern = xstrndup(t->field[cpat], t->flen[cpat]);
	}
	free(col);
	return tsv_close(t);
}

void
compare_table_free(struct compare_table *tb)
{
	for (size_t j = 0; j < tb->nrow; j++) {
		free(tb->row[j].code);
		free(tb->row[j].a);
		free(tb->row[j].n);
		free(tb->row[j].test);
		free(tb->row[j].pattern);
	}
	free(tb->row);
	free(tb->group);
	memset(tb, 0, sizeof(*tb));
}
