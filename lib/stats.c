/*
 * stats.c: the statistics of tx-compare on a 2 x k table (see stats.h).
 *
 * Row 0 of the table is "carrying" (a[i]), row 1 "not carrying"
 * (n[i] - a[i]); column i is group i.
 *
 * The chi-square tail is the regularised upper incomplete gamma function:
 * its series below a + 1, its continued fraction above (Numerical Recipes
 * 6.2, as Cephes igam/igamc), so that a small p is computed directly and
 * never as 1 - P. Fisher's test sums hypergeometric probabilities in log
 * space and divides by the sum over all tables, as R's fisher.test does,
 * so that rounding in the log-factorials cannot push p above 1.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "tx.h"

#define GAMMA_ITER  100000          /* far beyond what df <= 1000 needs */
#define GAMMA_TINY  (DBL_MIN / DBL_EPSILON)
#define FISHER_REL  1e-7            /* R's relErr: near-ties count as ties */

/* The margins of the table. */
struct margins {
	double total;                   /* N */
	double carry;                   /* row 0: sum of a[i] */
	double rest;                    /* row 1: N - carry */
	long small;                     /* the smaller row total */
};

/* Fill m; 0 if the table is not a 2 x k table of counts (k < 2, a[i] < 0,
 * a[i] > n[i]). */
static int
table_margins(const long *a, const long *n, int k, struct margins *m)
{
	long carry = 0, total = 0;

	if (k < 2)
		return 0;
	for (int i = 0; i < k; i++) {
		if (a[i] < 0 || a[i] > n[i])
			return 0;
		/* a table whose margins would wrap is no table of counts */
		if (__builtin_add_overflow(carry, a[i], &carry) ||
		    __builtin_add_overflow(total, n[i], &total))
			return 0;
	}
	m->total = total;
	m->carry = carry;
	m->rest = total - carry;
	m->small = carry < total - carry ? carry : total - carry;
	return 1;
}

/* Whether X^2 and G^2 are defined: a valid table with no row or column
 * all zero (an expected count of zero makes them 0/0). */
static int
table_complete(const long *a, const long *n, int k, struct margins *m)
{
	if (!table_margins(a, n, k, m) || m->carry == 0 || m->rest == 0)
		return 0;
	for (int i = 0; i < k; i++)
		if (n[i] == 0)
			return 0;
	return 1;
}

/* Observed and expected count of cell (row, i), E as R: outer(sr, sc) / n. */
static void
cell(const long *a, const long *n, int i, int row, const struct margins *m,
    double *o, double *e)
{
	*o = row == 0 ? a[i] : n[i] - a[i];
	*e = (row == 0 ? m->carry : m->rest) * n[i] / m->total;
}

/* Pearson's X^2, with R's capped Yates correction if yates; NaN if undefined. */
static double
pearson(const long *a, const long *n, int k, int yates)
{
	struct margins m;
	double o, e, d, corr = 0, x2 = 0;

	if (!table_complete(a, n, k, &m))
		return NAN;
	if (yates) {
		corr = 0.5;
		for (int i = 0; i < k; i++)
			for (int row = 0; row < 2; row++) {
				cell(a, n, i, row, &m, &o, &e);
				corr = fmin(corr, fabs(o - e));
			}
	}
	for (int i = 0; i < k; i++)
		for (int row = 0; row < 2; row++) {
			cell(a, n, i, row, &m, &o, &e);
			d = fabs(o - e) - corr;
			x2 += d * d / e;
		}
	return x2;
}

/* P(a, x) by its series; for x < a + 1 only, where it converges fast. */
static double
gamma_p_series(double a, double x)
{
	double ap = a, term = 1 / a, sum = term;

	for (int i = 0; i < GAMMA_ITER; i++) {
		ap += 1;
		term *= x / ap;
		sum += term;
		if (fabs(term) < fabs(sum) * DBL_EPSILON)
			break;
	}
	return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Q(a, x) by its continued fraction (modified Lentz); for x >= a + 1.
 * The prefactor and the fraction meet inside one exp() so that a tail
 * near the bottom of the double range does not underflow early. */
static double
gamma_q_fraction(double a, double x)
{
	double b = x + 1 - a, c = 1 / GAMMA_TINY, d = 1 / b, h = d;
	double an, delta;

	for (int i = 1; i < GAMMA_ITER; i++) {
		an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < GAMMA_TINY)
			d = GAMMA_TINY;
		c = b + an / c;
		if (fabs(c) < GAMMA_TINY)
			c = GAMMA_TINY;
		d = 1 / d;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1) < DBL_EPSILON)
			break;
	}
	return exp(-x + a * log(x) - lgamma(a) + log(h));
}

double
stat_gamma_q(double a, double x)
{
	if (isnan(a) || isnan(x) || a <= 0 || x < 0)
		return NAN;
	if (x == 0)
		return 1;
	if (isinf(x))
		return 0;
	if (x < a + 1)
		return 1 - gamma_p_series(a, x);
	return gamma_q_fraction(a, x);
}

double
stat_chi2_sf(double x, double df)
{
	if (isnan(x) || isnan(df) || df <= 0)
		return NAN;
	if (x <= 0)
		return 1;
	return stat_gamma_q(df / 2, x / 2);
}

double
stat_min_expected(const long *a, const long *n, int k)
{
	struct margins m;
	long least;

	if (!table_margins(a, n, k, &m) || m.total == 0)
		return NAN;
	least = n[0];
	for (int i = 1; i < k; i++)
		if (n[i] < least)
			least = n[i];
	return (double)m.small * least / m.total;
}

/* Undefined tables give x2 = p = NaN; df is k - 1 whenever k >= 2 (as R). */
void
stat_chi2(const long *a, const long *n, int k, int yates,
    double *x2, double *df, double *p)
{
	*x2 = pearson(a, n, k, yates && k == 2);
	*df = k >= 2 ? k - 1 : NAN;
	*p = isnan(*x2) ? NAN : stat_chi2_sf(*x2, *df);
}

void
stat_g2(const long *a, const long *n, int k,
    double *g2, double *df, double *p)
{
	struct margins m;
	double o, e, sum = 0;

	*df = k >= 2 ? k - 1 : NAN;
	if (!table_complete(a, n, k, &m)) {
		*g2 = *p = NAN;
		return;
	}
	for (int i = 0; i < k; i++)
		for (int row = 0; row < 2; row++) {
			cell(a, n, i, row, &m, &o, &e);
			if (o > 0)
				sum += o * log(o / e);
		}
	/* An independent table can round to -1e-16; G^2 is never negative. */
	*g2 = sum > 0 ? 2 * sum : 0;
	*p = stat_chi2_sf(*g2, *df);
}

/* log of the binomial coefficient C(n, x). */
static double
lchoose(long n, long x)
{
	return lgamma(n + 1.0) - lgamma(x + 1.0) - lgamma(n - x + 1.0);
}

enum tail { TAIL_LESS, TAIL_GREATER, TAIL_TWO };

/*
 * Fisher on a 2 x 2 table: X, the top-left cell, is hypergeometric with
 * column totals m and nn and top row total rows. The tail of the observed
 * x: P(X <= x), P(X >= x), or the sum over the support of the
 * probabilities no larger than that of x (times 1 + 1e-7), as R.
 */
static double
fisher_2x2(long x, long m, long nn, long rows, enum tail t)
{
	long lo = rows - nn > 0 ? rows - nn : 0, hi = rows < m ? rows : m;
	double off = lchoose(m + nn, rows);
	double cut = lchoose(m, x) + lchoose(nn, rows - x) + log1p(FISHER_REL);
	double w, pr, all = 0, tail = 0;
	int keep;

	for (long y = lo; y <= hi; y++) {
		w = lchoose(m, y) + lchoose(nn, rows - y);
		pr = exp(w - off);
		all += pr;
		keep = t == TAIL_LESS ? y <= x : t == TAIL_GREATER ? y >= x : w <= cut;
		if (keep)
			tail += pr;
		if (y == hi)            /* hi may be LONG_MAX */
			break;
	}
	return tail / all;
}

double
stat_fisher_2x2_one_sided(long a, long b, long c, long d, int greater)
{
	long t;

	if (a < 0 || b < 0 || c < 0 || d < 0 ||
	    __builtin_add_overflow(a, b, &t) || __builtin_add_overflow(c, d, &t) ||
	    __builtin_add_overflow(a + b, c + d, &t))
		return NAN;
	return fisher_2x2(a, a + c, b + d, a + b, greater ? TAIL_GREATER : TAIL_LESS);
}

/*
 * The number of ways to spread r units over groups with capacities cap[],
 * saturated at limit + 1: a count over the last i groups is computed from
 * the counts over the groups after it, by prefix sums. Saturating each
 * count keeps it exact up to limit + 1 and the sums far from overflow.
 */
static double
count_tables(const long *cap, int k, long r, double limit)
{
	double *ways = xcalloc(r + 1, sizeof *ways);
	double *sum = xmalloc((r + 2) * sizeof *sum);
	double result;

	for (long s = 0; s <= r && s <= cap[k - 1]; s++)
		ways[s] = 1;
	for (int i = k - 2; i >= 0; i--) {
		sum[0] = 0;
		for (long s = 0; s <= r; s++)
			sum[s + 1] = sum[s] + ways[s];
		for (long s = 0; s <= r; s++) {
			long from = s - cap[i] > 0 ? s - cap[i] : 0;
			ways[s] = fmin(sum[s + 1] - sum[from], limit + 1);
		}
	}
	result = ways[r];
	free(ways);
	free(sum);
	return result;
}

/* The state of a Freeman-Halton enumeration over the 2 x k tables with the
 * observed margins, as the vector of counts y[i] in the smaller row. */
struct walk {
	int k;
	const long *cap;                /* n[i] */
	long *after;                    /* after[i]: sum of cap[j], j > i */
	long *lo;                       /* lo[i]: the least y[i] of any table */
	double **lc;                    /* lc[i][y - lo[i]] = log C(cap[i], y) */
	double cut;                     /* log weight of observed, with tolerance */
	double off;                     /* log C(N, r), keeps exp() near 1 */
	double all, tail;               /* sums of probability */
};

/* Visit every table: r units remain for groups i.., w is the log weight so far. */
static void
walk_tables(struct walk *f, int i, long r, double w)
{
	long lo, hi;
	double pr;

	if (i == f->k - 1) {
		w += f->lc[i][r - f->lo[i]];
		pr = exp(w - f->off);
		f->all += pr;
		if (w <= f->cut)
			f->tail += pr;
		return;
	}
	lo = r - f->after[i] > 0 ? r - f->after[i] : 0;
	hi = r < f->cap[i] ? r : f->cap[i];
	for (long y = lo; y <= hi; y++)
		walk_tables(f, i + 1, r - y, w + f->lc[i][y - f->lo[i]]);
}

/* Freeman-Halton p for k > 2 by full enumeration; y[] the observed
 * counts of the row with r units. */
static double
fisher_2xk(const long *y, const long *n, int k, long r)
{
	struct walk f = { .k = k, .cap = n };
	double obs = 0;
	long sum = 0;                   /* N, as the margins checked it */

	for (int i = 0; i < k; i++)
		sum += n[i];

	f.after = xmalloc(k * sizeof *f.after);
	f.lo = xmalloc(k * sizeof *f.lo);
	f.lc = xmalloc(k * sizeof *f.lc);
	f.after[k - 1] = 0;
	for (int i = k - 1; i > 0; i--)
		f.after[i - 1] = f.after[i] + n[i];
	/* y[i] of any table lies in [lo, top]: no more values than tables */
	for (int i = 0; i < k; i++) {
		long top = n[i] < r ? n[i] : r;
		long rest = sum - n[i];

		f.lo[i] = r - rest > 0 ? r - rest : 0;
		f.lc[i] = xmalloc((top - f.lo[i] + 1) * sizeof **f.lc);
		for (long x = f.lo[i]; x <= top; x++)
			f.lc[i][x - f.lo[i]] = lchoose(n[i], x);
		obs += f.lc[i][y[i] - f.lo[i]];
	}
	f.cut = obs + log1p(FISHER_REL);
	f.off = lchoose(sum, r);
	walk_tables(&f, 0, r, 0);
	for (int i = 0; i < k; i++)
		free(f.lc[i]);
	free(f.lc);
	free(f.lo);
	free(f.after);
	return f.tail / f.all;
}

/*
 * A bound on the number of tables, computed without allocation: the
 * choices of every group but the largest (the others fix its count), and
 * at most the ways to spread r units over k groups, C(r + k - 1, k - 1).
 * In double: a bound past the range of long is infinite, never wrapped.
 */
static double
tables_bound(const long *cap, int k, long r)
{
	double choices = 1, spreads = 1;
	int big = 0;

	if (k == 2) {                   /* exact: the top-left cell's range */
		long lo = r - cap[1] > 0 ? r - cap[1] : 0;

		return (double)(r < cap[0] ? r : cap[0]) - (double)lo + 1;
	}

	for (int i = 1; i < k; i++)
		if (cap[i] > cap[big])
			big = i;
	for (int i = 0; i < k; i++)
		if (i != big)
			choices *= (double)(cap[i] < r ? cap[i] : r) + 1;
	for (int i = 1; i < k; i++)
		spreads *= ((double)r + i) / i;
	return fmin(choices, spreads);
}

/* count_tables's arrays, at most (8 bytes each): 32 MB of doubles */
#define FISHER_COUNT_CELLS (1 << 22)

int
stat_fisher(const long *a, const long *n, int k, long max_tables, double *p)
{
	struct margins m;
	long *y;
	int flip;

	if (!table_margins(a, n, k, &m)) {
		*p = NAN;
		return 0;
	}
	/*
	 * Enumerate the smaller row: the same tables, fewer of them to skip.
	 * Whether they are too many is decided from a bound first; only a
	 * bound over the limit for a small row is refined by counting them.
	 */
	if (tables_bound(n, k, m.small) > (double)max_tables &&
	    (k == 2 || ((double)m.small + 2) * k > FISHER_COUNT_CELLS ||
	    count_tables(n, k, m.small, max_tables) > max_tables))
		return -1;
	if (k == 2) {
		*p = fisher_2x2(a[0], n[0], n[1], a[0] + a[1], TAIL_TWO);
		return 0;
	}
	flip = m.small != m.carry;
	y = xmalloc(k * sizeof *y);
	for (int i = 0; i < k; i++)
		y[i] = flip ? n[i] - a[i] : a[i];
	*p = fisher_2xk(y, n, k, m.small);
	free(y);
	return 0;
}

struct ranked {
	double p;
	size_t at;
};

static int
by_p(const void *x, const void *y)
{
	const struct ranked *u = x, *v = y;

	return (u->p > v->p) - (u->p < v->p);
}

/* As R: q_(i) = min over j >= i of p_(j) * m / j, capped at 1, where m is
 * the number of p that are not NaN. Ties need no care: cummin evens them. */
void
stat_bh(const double *p, size_t n, double *q)
{
	struct ranked *r = xmalloc((n ? n : 1) * sizeof *r);
	size_t m = 0;
	double run = 1;

	for (size_t i = 0; i < n; i++) {
		q[i] = NAN;
		if (!isnan(p[i]))
			r[m++] = (struct ranked){ p[i], i };
	}
	qsort(r, m, sizeof *r, by_p);
	for (size_t j = m; j > 0; j--) {
		double v = (double)m / j * r[j - 1].p;
		if (v < run)
			run = v;
		q[r[j - 1].at] = run;
	}
	free(r);
}

double
stat_cramers_v(const long *a, const long *n, int k)
{
	double x2 = pearson(a, n, k, 0), total = 0;

	if (isnan(x2))
		return NAN;
	for (int i = 0; i < k; i++)
		total += n[i];
	return sqrt(x2 / (total * ((k < 2 ? k : 2) - 1)));
}

double
stat_log_ratio(long a1, long n1, long a2, long n2)
{
	double x1 = a1 == 0 ? 0.5 : a1, x2 = a2 == 0 ? 0.5 : a2;

	if (n1 <= 0 || n2 <= 0 || a1 < 0 || a2 < 0 || a1 > n1 || a2 > n2)
		return NAN;
	return log2(x1 / n1) - log2(x2 / n2);
}

double
stat_cohen_h(double p1, double p2)
{
	if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1))
		return NAN;
	return fabs(2 * asin(sqrt(p1)) - 2 * asin(sqrt(p2)));
}

/*
 * The regularised incomplete beta I_x(a, b) by its continued fraction
 * (Numerical Recipes 6.4, modified Lentz), taken where it converges fast
 * and by symmetry elsewhere.
 */
/* One step of Lentz's method with coefficient aa: the factor h takes. */
static double
lentz_step(double aa, double *c, double *d)
{
	*d = 1 + aa * *d;
	*c = 1 + aa / *c;
	if (fabs(*d) < GAMMA_TINY)
		*d = GAMMA_TINY;
	if (fabs(*c) < GAMMA_TINY)
		*c = GAMMA_TINY;
	*d = 1 / *d;
	return *d * *c;
}

static double
beta_fraction(double a, double b, double x)
{
	double c = 1, d = 1 - (a + b) * x / (a + 1), h, del;

	if (fabs(d) < GAMMA_TINY)
		d = GAMMA_TINY;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= GAMMA_ITER; m++) {
		h *= lentz_step(m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
		    &c, &d);
		del = lentz_step(-(a + m) * (a + b + m) * x /
		    ((a + 2 * m) * (a + 2 * m + 1)), &c, &d);
		h *= del;
		if (fabs(del - 1) < DBL_EPSILON)
			break;
	}
	return h;
}

static double
beta_i(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
	    b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_fraction(a, b, x) / a;
	return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double
stat_f_sf(double f, double df1, double df2)
{
	if (isnan(f) || isnan(df1) || isnan(df2) || df1 <= 0 || df2 <= 0)
		return NAN;
	if (f <= 0)
		return 1;
	if (isinf(f))
		return 0;
	/* P(F > f) = I_{df2 / (df2 + df1 f)}(df2 / 2, df1 / 2); the other
	 * side for the small x, so that a small p is not 1 - (1 - p). */
	if (df1 * f > df2)
		return beta_i(df2 / 2, df1 / 2, df2 / (df2 + df1 * f));
	return 1 - beta_i(df1 / 2, df2 / 2, df1 * f / (df2 + df1 * f));
}

/* Solve s x = b in place for r right-hand sides (columns of b), by Gauss
 * elimination with partial pivoting; 0 if s is singular. s is d x d. */
static int
solve(double *s, double *b, int d, int r)
{
	for (int i = 0; i < d; i++) {
		int piv = i;

		for (int j = i + 1; j < d; j++)
			if (fabs(s[j * d + i]) > fabs(s[piv * d + i]))
				piv = j;
		if (fabs(s[piv * d + i]) < 1e-300)
			return 0;
		for (int j = 0; j < d && piv != i; j++) {
			double t = s[i * d + j];

			s[i * d + j] = s[piv * d + j];
			s[piv * d + j] = t;
		}
		for (int j = 0; j < r && piv != i; j++) {
			double t = b[i * r + j];

			b[i * r + j] = b[piv * r + j];
			b[piv * r + j] = t;
		}
		for (int j = i + 1; j < d; j++) {
			double f = s[j * d + i] / s[i * d + i];

			for (int l = i; l < d; l++)
				s[j * d + l] -= f * s[i * d + l];
			for (int l = 0; l < r; l++)
				b[j * r + l] -= f * b[i * r + l];
		}
	}
	for (int i = d - 1; i >= 0; i--)
		for (int l = 0; l < r; l++) {
			double v = b[i * r + l];

			for (int j = i + 1; j < d; j++)
				v -= s[i * d + j] * b[j * r + l];
			b[i * r + l] = v / s[i * d + i];
		}
	return 1;
}

/*
 * As R's survey::svychisq, statistic "F", for svydesign(ids = ~case):
 * with p the cell proportions of the 2 x k table, D = diag(p), V the
 * design covariance of p (clusters as PSUs, with replacement, one
 * stratum: n / (n - 1) times the sum over clusters of the outer products
 * of their influence totals e_c / N), and C a basis of the interaction
 * contrasts (the orthogonal complement of the main effects), Delta =
 * (C' D^-1 C / N)^-1 C' D^-1 V D^-1 C. F = X^2 / tr Delta on
 * d0 = tr(Delta)^2 / tr(Delta^2) and d0 (n - 1) degrees of freedom.
 * Contrast j (j < k - 1) is +1 at (carry, j) and (not, k - 1), -1 at
 * (not, j) and (carry, k - 1): any basis of that space gives the same
 * traces. Cells of p = 0 take 0 for 1 / p, as svychisq does.
 */
void
stat_rao_scott(const long *m, const long *y, size_t ncl, int k,
    double *f, double *ndf, double *ddf, double *p)
{
	long *a = xcalloc((size_t)k, sizeof(*a)), *n = xcalloc((size_t)k, sizeof(*n));
	double *p1 = xcalloc((size_t)k, sizeof(*p1)), *p0 = xcalloc((size_t)k, sizeof(*p0));
	double *i1 = xcalloc((size_t)k, sizeof(*i1)), *i0 = xcalloc((size_t)k, sizeof(*i0));
	int d = k - 1;
	double *den = xcalloc((size_t)(d * d + 1), sizeof(*den));
	double *num = xcalloc((size_t)(d * d + 1), sizeof(*num));
	double *w = xcalloc((size_t)(d + 1), sizeof(*w));
	double x2, total = 0, t1 = 0, t2 = 0;

	*f = *ndf = *ddf = *p = NAN;
	for (size_t c = 0; c < ncl; c++)
		for (int j = 0; j < k; j++) {
			a[j] += y[c * k + j];
			n[j] += m[c * k + j];
		}
	x2 = pearson(a, n, k, 0);
	if (isnan(x2) || ncl < 2)
		goto done;
	for (int j = 0; j < k; j++)
		total += n[j];
	for (int j = 0; j < k; j++) {
		p1[j] = a[j] / total;
		p0[j] = (n[j] - a[j]) / total;
		i1[j] = p1[j] > 0 ? 1 / p1[j] : 0;
		i0[j] = p0[j] > 0 ? 1 / p0[j] : 0;
	}
	for (int i = 0; i < d; i++)
		for (int j = 0; j < d; j++)
			den[i * d + j] = ((i == j ? i1[i] + i0[i] : 0) + i1[d] +
			    i0[d]) / total;
	for (size_t c = 0; c < ncl; c++) {
		double mc = 0, e1, e0, ek;

		for (int j = 0; j < k; j++)
			mc += m[c * k + j];
		/* w = C' D^-1 e_c; the 1 / N of the influence comes below */
		e1 = y[c * k + d] - mc * p1[d];
		e0 = m[c * k + d] - y[c * k + d] - mc * p0[d];
		ek = -e1 * i1[d] + e0 * i0[d];
		for (int j = 0; j < d; j++) {
			e1 = y[c * k + j] - mc * p1[j];
			e0 = m[c * k + j] - y[c * k + j] - mc * p0[j];
			w[j] = e1 * i1[j] - e0 * i0[j] + ek;
		}
		for (int i = 0; i < d; i++)
			for (int j = 0; j < d; j++)
				num[i * d + j] += w[i] * w[j];
	}
	for (int i = 0; i < d * d; i++)
		num[i] *= (double)ncl / (double)(ncl - 1) / (total * total);
	if (!solve(den, num, d, d))
		goto done;
	for (int i = 0; i < d; i++) {
		t1 += num[i * d + i];
		for (int j = 0; j < d; j++)
			t2 += num[i * d + j] * num[j * d + i];
	}
	if (!(t1 > 0) || !(t2 > 0))
		goto done;
	*f = x2 / t1;
	*ndf = t1 * t1 / t2;
	*ddf = *ndf * (double)(ncl - 1);
	*p = stat_f_sf(*f, *ndf, *ddf);
done:
	free(a);
	free(n);
	free(p1);
	free(p0);
	free(i1);
	free(i0);
	free(den);
	free(num);
	free(w);
}
