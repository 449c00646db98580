/*
 * stats: unit tests of lib/stats.c against published values, case by case
 * (tests/unit/unit.h: stats CASE, stats list).
 *
 * Every expected value names its source. "Published" values come from R
 * (its documentation, or R output quoted in the test suites of scipy and
 * others) or from scipy's documentation; a value's tolerance follows the
 * digits it was published with. Where no published value exists, the
 * expected value is an exact identity or was computed independently in
 * Python (fractions / math.comb for exact hypergeometric sums), and the
 * comment says so.
 *
 * Tables are written as in the sources, [[a, b], [c, d]] (rows x columns);
 * the library takes a 2 x k table by columns (groups): a[i] is the top
 * cell of column i, n[i] its column total.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "out.h"
#include "stats.h"
#include "tx.h"
#include "unit.h"

#define LIMIT 5000000L          /* max_tables for cases that should fit */

/* The 2 x k table given by its two rows, top[] and bottom[], as columns. */
static void
columns(const long *top, const long *bottom, int k, long *a, long *n)
{
	for (int i = 0; i < k; i++) {
		a[i] = top[i];
		n[i] = top[i] + bottom[i];
	}
}

/* Two-sided Fisher on [[a, b], [c, d]]. */
static double
fisher22(long a, long b, long c, long d)
{
	long top[2] = { a, b }, bottom[2] = { c, d }, x[2], n[2];
	double p = NAN;

	columns(top, bottom, 2, x, n);
	if (stat_fisher(x, n, 2, LIMIT, &p) != 0)
		return -1;
	return p;
}

/* Fisher (1935), the lady tasting tea, [[3, 1], [1, 3]]: two-sided
 * 0.4857143 and one-sided (greater) 0.2428571, as R's ?fisher.test example
 * TeaTasting (whose doc comment gives p = 0.2429). Exactly 34/70, 17/70. */
static void
case_tea(void)
{
	check("tea two-sided", 0.4857143, fisher22(3, 1, 1, 3), 1e-6, 0);
	check("tea greater", 0.2428571,
	    stat_fisher_2x2_one_sided(3, 1, 1, 3, 1), 1e-6, 0);
	check("tea two-sided exact 34/70", 34.0 / 70, fisher22(3, 1, 1, 3), 1e-12, 0);
	check("tea greater exact 17/70", 17.0 / 70,
	    stat_fisher_2x2_one_sided(3, 1, 1, 3, 1), 1e-12, 0);
	check("tea less exact 69/70", 69.0 / 70,
	    stat_fisher_2x2_one_sided(3, 1, 1, 3, 0), 1e-12, 0);
}

/* R: x <- matrix(c(12, 5, 7, 7), ncol = 2), i.e. [[12, 7], [5, 7]]:
 * chisq.test(x)$p.value = 0.4233054 (Yates), fisher.test(x)$p.value =
 * 0.2883081. X^2 = 0.6411202638950317 and the exact Fisher p
 * 0.2883081040125099 were computed independently in Python. */
static void
case_r_chisq_2x2(void)
{
	long top[2] = { 12, 7 }, bottom[2] = { 5, 7 }, a[2], n[2];
	double x2, df, p;

	columns(top, bottom, 2, a, n);
	stat_chi2(a, n, 2, 1, &x2, &df, &p);
	check("Yates p (R chisq.test)", 0.4233054, p, 1e-6, 0);
	check("Yates X^2 (Python)", 0.6411202638950317, x2, 1e-12, 0);
	check("df", 1, df, 0, 0);
	check("Fisher p (R fisher.test)", 0.2883081, fisher22(12, 7, 5, 7), 1e-6, 0);
	check("Fisher p (Python, exact)", 0.2883081040125099,
	    fisher22(12, 7, 5, 7), 1e-12, 0);
}

/* Agresti (2007) p.39, R's ?chisq.test example M (party by gender),
 * [[762, 327, 468], [484, 239, 477]]: X-squared = 30.07015, df = 2,
 * p = 2.953589e-07. G^2 = 30.016692613239655 computed in Python. */
static void
case_agresti(void)
{
	long top[3] = { 762, 327, 468 }, bottom[3] = { 484, 239, 477 };
	long a[3], n[3];
	double x2, df, p;

	columns(top, bottom, 3, a, n);
	stat_chi2(a, n, 3, 1, &x2, &df, &p);
	check("X^2", 30.07015, x2, 1e-6, 0);
	check("df", 2, df, 0, 0);
	check("p", 2.953589e-07, p, 1e-6, 0);
	stat_g2(a, n, 3, &x2, &df, &p);
	check("G^2 (Python)", 30.016692613239655, x2, 1e-12, 0);
	check("G^2 p = exp(-G^2/2) for df 2", exp(-30.016692613239655 / 2), p,
	    1e-10, 0);
}

/* The fifteen p-values of Benjamini & Hochberg (1995), JRSS B 57:289, sec. 4.
 * At q = 0.05 the procedure rejects 4. The adjusted values are those of
 * scipy.stats.false_discovery_control's documentation example (the same
 * p-values), printed there to 8 decimals. */
static void
case_bh_1995(void)
{
	static const double p[15] = { 0.0001, 0.0004, 0.0019, 0.0095, 0.0201,
	    0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528,
	    0.7590, 1.000 };
	static const double want[15] = { 0.0015, 0.003, 0.0095, 0.035625,
	    0.0603, 0.06385714, 0.06385714, 0.0645, 0.0765, 0.486, 0.58118182,
	    0.714875, 0.75323077, 0.81321429, 1. };
	double q[15];
	long rejected = 0;
	char what[32];

	stat_bh(p, 15, q);
	for (int i = 0; i < 15; i++) {
		snprintf(what, sizeof what, "q[%d]", i);
		check(what, want[i], q[i], 0, 5e-9);
		rejected += q[i] <= 0.05;
	}
	check_int("rejections at 0.05 (B&H 1995)", 4, rejected);
}

/* scipy test_morestats.py test_against_TileStats: BH-adjusted values of
 * eight p-values, to 0.001. Input in shuffled order to check that q is
 * returned in the original order. */
static void
case_bh_tilestats(void)
{
	static const double p[8] = { 0.361, 0.005, 0.101, 0.009, 0.387, 0.019,
	    0.051, 0.022 };
	static const double want[8] = { 0.387, 0.036, 0.135, 0.036, 0.387,
	    0.044, 0.082, 0.044 };
	double q[8];
	char what[32];

	stat_bh(p, 8, q);
	for (int i = 0; i < 8; i++) {
		snprintf(what, sizeof what, "q[%d]", i);
		check(what, want[i], q[i], 0, 0.001);
	}
}

/* NaN is left out of the count, as R's p.adjust (its n defaults to the
 * number of non-NA p): R p.adjust(c(0.01, NA, 0.04, 0.03), "BH") gives
 * 0.03 NA 0.04 0.04 by its rule (computed by hand: 0.01 * 3 / 1,
 * min(0.03 * 3 / 2, 0.04), 0.04 * 3 / 3). */
static void
case_bh_nan(void)
{
	static const double p[4] = { 0.01, NAN, 0.04, 0.03 };
	static const double want[4] = { 0.03, NAN, 0.04, 0.04 };
	static const double none[2] = { NAN, NAN };
	static const double ties[3] = { 0.02, 0.02, 0.9 };
	double q[4];

	stat_bh(p, 4, q);
	for (int i = 0; i < 4; i++) {
		char what[32];
		snprintf(what, sizeof what, "q[%d]", i);
		check(what, want[i], q[i], 1e-15, 0);
	}
	stat_bh(none, 2, q);
	check("all NaN: q[0]", NAN, q[0], 0, 0);
	check("all NaN: q[1]", NAN, q[1], 0, 0);
	q[0] = 7;
	stat_bh(none, 0, q);
	check("empty input writes nothing", 7, q[0], 0, 0);
	/* Ties: both 0.02 * 3 / 2 = 0.03; the cap at 1 is never exceeded. */
	stat_bh(ties, 3, q);
	check("tie q[0]", 0.03, q[0], 1e-15, 0);
	check("tie q[1]", 0.03, q[1], 1e-15, 0);
	check("q[2] = 0.9 * 3 / 3", 0.9, q[2], 1e-15, 0);
}

/* scipy.stats.chi2_contingency documentation, the 2 x 3 example
 * [[10, 10, 20], [20, 20, 20]]: statistic 2.7777777777777777, pvalue
 * 0.24935220877729619, dof 2; with lambda_="log-likelihood" (the G-test)
 * 2.7688587616781319, pvalue 0.25046668010954165. */
static void
case_scipy_2x3(void)
{
	long top[3] = { 10, 10, 20 }, bottom[3] = { 20, 20, 20 }, a[3], n[3];
	double s, df, p;

	columns(top, bottom, 3, a, n);
	stat_chi2(a, n, 3, 1, &s, &df, &p);
	check("X^2", 2.7777777777777777, s, 1e-12, 0);
	check("X^2 p", 0.24935220877729619, p, 1e-10, 0);
	check("df", 2, df, 0, 0);
	stat_g2(a, n, 3, &s, &df, &p);
	check("G^2", 2.7688587616781319, s, 1e-12, 0);
	check("G^2 p", 0.25046668010954165, p, 1e-10, 0);
	check("G^2 df", 2, df, 0, 0);
	check("min expected (12)", 12, stat_min_expected(a, n, 3), 1e-15, 0);
}

/* scipy.stats.chi2_contingency documentation, aspirin and ischemic stroke
 * (Berger et al. 2006), [[176, 230], [21035, 21018]], Yates corrected:
 * statistic 6.892569132546561, pvalue 0.008655478161175739. */
static void
case_scipy_aspirin(void)
{
	long top[2] = { 176, 230 }, bottom[2] = { 21035, 21018 }, a[2], n[2];
	double x2, df, p;

	columns(top, bottom, 2, a, n);
	stat_chi2(a, n, 2, 1, &x2, &df, &p);
	check("Yates X^2", 6.892569132546561, x2, 1e-10, 0);
	check("Yates p", 0.008655478161175739, p, 1e-9, 0);
}

/* scipy test_contingency.py test_chi2_contingency_yates_gh13875: the
 * correction never exceeds |O - E| (R's rule), so [[1573, 3], [4, 0]]
 * gives X^2 = 0 and p = 1 (rtol 1e-12). Without the correction it must
 * not be 0. */
static void
case_yates_cap(void)
{
	long top[2] = { 1573, 3 }, bottom[2] = { 4, 0 }, a[2], n[2];
	double x2, df, p;

	columns(top, bottom, 2, a, n);
	stat_chi2(a, n, 2, 1, &x2, &df, &p);
	check("capped Yates X^2", 0, x2, 0, 1e-12);
	check("capped Yates p", 1, p, 1e-12, 0);
	stat_chi2(a, n, 2, 0, &x2, &df, &p);
	check_int("uncorrected X^2 > 0", 1, x2 > 0);
}

/* R fisher.test two-sided p-values quoted in scipy's test_stats.py
 * (TestFisherExact.test_precise, "results from R", 16 digits). */
static void
case_fisher_r_precise(void)
{
	static const struct { long t[4]; double p; } r[] = {
		{ { 100, 2, 1000, 5 }, 1.300759363430016e-001 },
		{ { 2, 7, 8, 2 }, 2.301413756522114e-002 },
		{ { 5, 1, 10, 10 }, 1.973244147157190e-001 },
		{ { 5, 15, 20, 20 }, 9.580440012477637e-002 },
		{ { 5, 16, 20, 25 }, 1.725864953812994e-001 },
		{ { 10, 5, 10, 1 }, 1.973244147157190e-001 },
		{ { 10, 5, 10, 0 }, 6.126482213438734e-002 },
		{ { 5, 0, 1, 4 }, 4.761904761904762e-002 },
		{ { 0, 5, 1, 4 }, 1.000000000000000e+000 },
		{ { 5, 1, 0, 4 }, 4.761904761904758e-002 },
		{ { 0, 1, 3, 2 }, 1.000000000000000e+000 },
	};
	char what[64];

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		const long *t = r[i].t;
		snprintf(what, sizeof what, "[[%ld, %ld], [%ld, %ld]]",
		    t[0], t[1], t[2], t[3]);
		check(what, r[i].p, fisher22(t[0], t[1], t[2], t[3]), 1e-9, 0);
	}
}

/* One-sided R values quoted in scipy's test_stats.py
 * (TestFisherExact.test_less_greater: "from R", then exact values),
 * compared there to rtol 1e-7. */
static void
case_fisher_r_one_sided(void)
{
	static const struct { long t[4]; double less, greater; } r[] = {
		{ { 2, 7, 8, 2 }, 0.018521725952066501, 0.9990149169715733 },
		{ { 200, 7, 8, 300 }, 1.0, 2.0056578803889148e-122 },
		{ { 28, 21, 6, 1957 }, 1.0, 5.7284374608319831e-44 },
		{ { 190, 800, 200, 900 }, 0.7416227, 0.2959826 },
		{ { 0, 2, 3, 0 }, 0.1, 1.0 },
		{ { 1, 1, 2, 1 }, 0.7, 0.9 },
		{ { 2, 0, 1, 2 }, 1.0, 0.3 },
		{ { 0, 1, 2, 3 }, 2. / 3, 1.0 },
		{ { 1, 0, 1, 4 }, 1.0, 1. / 3 },
	};
	char what[80];

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		const long *t = r[i].t;
		snprintf(what, sizeof what, "less [[%ld, %ld], [%ld, %ld]]",
		    t[0], t[1], t[2], t[3]);
		check(what, r[i].less,
		    stat_fisher_2x2_one_sided(t[0], t[1], t[2], t[3], 0), 1e-7, 0);
		snprintf(what, sizeof what, "greater [[%ld, %ld], [%ld, %ld]]",
		    t[0], t[1], t[2], t[3]);
		check(what, r[i].greater,
		    stat_fisher_2x2_one_sided(t[0], t[1], t[2], t[3], 1), 1e-7, 0);
	}
}

/* R 3.2.2 fisher.test, sprintf("%.16f"): less, greater, two-sided, from
 * the test suite of brentp/fishers_exact_test (tests.py), compared there
 * to an absolute 1e-10. */
static void
case_fisher_r_brentp(void)
{
	static const struct { long t[4]; double less, greater, two; } r[] = {
		{ { 100, 2, 1000, 5 }, 0.1300759363430016, 0.9797904453147230,
		    0.1300759363430016 },
		{ { 2, 100, 5, 1000 }, 0.9797904453147230, 0.1300759363430016,
		    0.1300759363430016 },
		{ { 2, 7, 8, 2 }, 0.0185217259520665, 0.9990149169715733,
		    0.0230141375652212 },
		{ { 5, 1, 10, 10 }, 0.9782608695652173, 0.1652173913043478,
		    0.1973244147157191 },
		{ { 5, 15, 20, 20 }, 0.0562577507439996, 0.9849086665340765,
		    0.0958044001247763 },
		{ { 5, 16, 20, 25 }, 0.0891382278309642, 0.9723490195633506,
		    0.1725864953812995 },
		{ { 10, 5, 10, 1 }, 0.1652173913043479, 0.9782608695652174,
		    0.1973244147157192 },
		{ { 10, 5, 10, 0 }, 0.0565217391304348, 1.0000000000000000,
		    0.0612648221343874 },
		{ { 5, 0, 1, 4 }, 1.0000000000000000, 0.0238095238095238,
		    0.0476190476190476 },
		{ { 0, 5, 1, 4 }, 0.5000000000000000, 1.0000000000000000,
		    1.0000000000000000 },
		{ { 5, 1, 0, 4 }, 1.0000000000000000, 0.0238095238095238,
		    0.0476190476190476 },
		{ { 0, 1, 3, 2 }, 0.4999999999999999, 1.0000000000000000,
		    1.0000000000000000 },
	};
	char what[80];

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		const long *t = r[i].t;
		snprintf(what, sizeof what, "[[%ld, %ld], [%ld, %ld]] less",
		    t[0], t[1], t[2], t[3]);
		check(what, r[i].less,
		    stat_fisher_2x2_one_sided(t[0], t[1], t[2], t[3], 0), 0, 1e-10);
		snprintf(what, sizeof what, "[[%ld, %ld], [%ld, %ld]] greater",
		    t[0], t[1], t[2], t[3]);
		check(what, r[i].greater,
		    stat_fisher_2x2_one_sided(t[0], t[1], t[2], t[3], 1), 0, 1e-10);
		snprintf(what, sizeof what, "[[%ld, %ld], [%ld, %ld]] two-sided",
		    t[0], t[1], t[2], t[3]);
		check(what, r[i].two, fisher22(t[0], t[1], t[2], t[3]), 0, 1e-10);
	}
}

/* R 4.5.2 fisher.test values in the tests of pystatistics
 * (tests/.../test_fisher.py, "All R reference values verified against
 * R 4.5.2"), including a 2 x 3 table:
 * fisher.test(matrix(c(10,5,8,12,6,7), nrow=2)) = 0.3770904526630931.
 * (Python, exact enumeration: 0.37709045266308666 over 204 tables.) */
static void
case_fisher_r452(void)
{
	long top[3] = { 10, 8, 6 }, bottom[3] = { 5, 12, 7 }, a[3], n[3];
	double p = NAN;

	check("[[1, 5], [3, 2]] two-sided", 0.24242424242424254,
	    fisher22(1, 5, 3, 2), 1e-10, 0);
	check("[[1, 5], [3, 2]] less", 0.1969696969696971,
	    stat_fisher_2x2_one_sided(1, 5, 3, 2, 0), 1e-10, 0);
	check("[[1, 5], [3, 2]] greater", 0.98484848484848486,
	    stat_fisher_2x2_one_sided(1, 5, 3, 2, 1), 1e-10, 0);
	check("[[10, 8], [5, 12]]", 0.17558317615385832,
	    fisher22(10, 8, 5, 12), 1e-10, 0);
	check("[[0, 8], [5, 12]]", 0.13992094861660076,
	    fisher22(0, 8, 5, 12), 1e-10, 0);
	check("[[3, 1], [1, 3]] (tea)", 0.4857142857142856,
	    fisher22(3, 1, 1, 3), 1e-10, 0);
	columns(top, bottom, 3, a, n);
	check_int("2 x 3 returns 0", 0, stat_fisher(a, n, 3, LIMIT, &p));
	check("[[10, 8, 6], [5, 12, 7]] (Freeman-Halton)", 0.3770904526630931,
	    p, 1e-9, 0);
}

/* Freeman-Halton on a 3 x 2 table (here its transpose, 2 x 3): the R
 * package contingencytables (Fagerland, Lydersen & Laake 2017), test
 * test-issue13.R: Exact_cond_midP_tests_rxc(matrix(c(196, 398, 287, 3,
 * 10, 14), 3)) prints "Exact Fisher-Freeman-Halton: P = 0.1100976".
 * (Python, exact enumeration: 0.11009761216584643 over 406 tables.)
 * Either row may be the "carrying" one: the p is the same. */
static void
case_ffh_2x3(void)
{
	long a[3] = { 196, 398, 287 }, n[3] = { 199, 408, 301 };
	long b[3] = { 3, 10, 14 };
	double p = NAN;

	check_int("returns 0", 0, stat_fisher(a, n, 3, LIMIT, &p));
	check("P (contingencytables)", 0.1100976, p, 1e-6, 0);
	check("P (Python, exact)", 0.11009761216584643, p, 1e-10, 0);
	p = NAN;
	stat_fisher(b, n, 3, LIMIT, &p);
	check("other row carrying", 0.11009761216584643, p, 1e-10, 0);
	check_int("406 tables are within a limit of 406", 0,
	    stat_fisher(a, n, 3, 406, &p));
	check_int("but not within 405", -1, stat_fisher(a, n, 3, 405, &p));
}

/* Tables with others of exactly the same probability (Python, exact
 * fractions over every table): R counts a table as "no more probable"
 * within a relative 1e-7, and without that the rounding in the log
 * weights drops tying tables (the first gives 0.4235 then, not 0.5068). */
static void
case_fisher_ties(void)
{
	static const struct { long a[5], n[5]; int k; double p; } t[] = {
		{ { 2, 3, 2 }, { 6, 5, 8 }, 3, 12769.0 / 25194 },
		{ { 0, 1, 1 }, { 2, 3, 7 }, 3, 1 },
		{ { 6, 2, 1 }, { 8, 5, 7 }, 3, 705.0 / 8398 },
		{ { 1, 2, 0, 2 }, { 3, 5, 3, 8 }, 4, 288.0 / 323 },
		{ { 0, 2, 1, 0, 1 }, { 1, 8, 2, 1, 1 }, 5, 41.0 / 55 },
	};
	char what[64];

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		double p = NAN;

		stat_fisher(t[i].a, t[i].n, t[i].k, LIMIT, &p);
		snprintf(what, sizeof what, "table %zu (k = %d)", i + 1, t[i].k);
		check(what, t[i].p, p, 1e-12, 0);
	}
}

/* Large 2 x 2 tables, R values to 4 significant digits quoted in scipy's
 * test_stats.py (TestFisherExact.test_large_numbers), and scipy issue
 * #4130, [[345, 455], [260, 345]]: R 0.9567, a table with near-ties that
 * needs R's relative tolerance (Python, exact: 0.9566778639926435). */
static void
case_fisher_large(void)
{
	check("[[17704, 496], [1065, 75]]", 5.56e-11,
	    fisher22(17704, 496, 1065, 75), 5e-3, 0);
	check("[[17704, 496], [1065, 76]]", 2.666e-11,
	    fisher22(17704, 496, 1065, 76), 5e-4, 0);
	check("[[17704, 496], [1065, 77]]", 1.363e-11,
	    fisher22(17704, 496, 1065, 77), 5e-4, 0);
	check("[[18000, 80000], [20000, 90000]]", 0.2751,
	    fisher22(18000, 80000, 20000, 90000), 5e-4, 0);
	check("[[345, 455], [260, 345]] (R)", 0.9567,
	    fisher22(345, 455, 260, 345), 0, 5e-5);
	check("[[345, 455], [260, 345]] (Python)", 0.9566778639926435,
	    fisher22(345, 455, 260, 345), 1e-10, 0);
}

/* scipy.stats.contingency.association documentation: Cramer's V of the
 * 4 x 2 table [[100, 150], [203, 322], [420, 700], [320, 210]] is
 * 0.18617813077483678 (V is the same for the transpose, our 2 x 4). */
static void
case_cramers_v(void)
{
	long a[4] = { 100, 203, 420, 320 }, n[4] = { 250, 525, 1120, 530 };
	long tea[2] = { 3, 1 }, tean[2] = { 4, 4 };

	check("V (scipy association)", 0.18617813077483678,
	    stat_cramers_v(a, n, 4), 1e-10, 0);
	/* 2 x 2: V = |phi| = sqrt(X^2 / N), X^2 = 2 for the tea table. */
	check("tea V = sqrt(2/8)", 0.5, stat_cramers_v(tea, tean, 2), 1e-12, 0);
}

/* The chi-square density, for the tolerance of a rounded quantile. */
static double
chi2_pdf(double x, double df)
{
	double h = df / 2;

	return exp((h - 1) * log(x) - x / 2 - h * log(2) - lgamma(h));
}

/* Chi-square upper tail at published quantiles and values. */
static void
case_chi2_sf(void)
{
	/* z(0.975) = 1.959963984540054 (normal quantile, e.g. Abramowitz &
	 * Stegun 26.2; R qnorm(0.975)): chi2(1) sf at z^2 is 0.05. */
	double z = 1.959963984540054;

	check("sf(z975^2, 1)", 0.05, stat_chi2_sf(z * z, 1), 1e-12, 0);
	/* R qchisq(0.95, 1) printed to 7 digits: 3.841459 (the brief). */
	check("sf(3.841459, 1)", 0.05, stat_chi2_sf(3.841459, 1), 1e-6, 0);
	/* df 2 is exponential: sf(x, 2) = exp(-x / 2) exactly. */
	check("sf(-2 ln 0.05, 2)", 0.05, stat_chi2_sf(-2 * log(0.05), 2), 1e-12, 0);
	/* The usual table of upper critical values of chi-square, to 5
	 * decimals (as in Pearson & Hartley's Biometrika Tables and textbook
	 * appendices). A half unit of the 5th decimal in x moves p by up to
	 * 5e-6 times the density at x: that is the tolerance. */
	static const struct { double x, df, p; } table[] = {
		{ 3.84146, 1, 0.05 }, { 5.99146, 2, 0.05 }, { 7.81473, 3, 0.05 },
		{ 9.48773, 4, 0.05 }, { 11.07050, 5, 0.05 }, { 12.59159, 6, 0.05 },
		{ 14.06714, 7, 0.05 }, { 18.30704, 10, 0.05 },
		{ 19.67514, 11, 0.05 }, { 6.63490, 1, 0.01 }, { 9.21034, 2, 0.01 },
		{ 13.27670, 4, 0.01 }, { 15.08627, 5, 0.01 }, { 7.87944, 1, 0.005 },
		{ 2.70554, 1, 0.10 }, { 4.60517, 2, 0.10 }, { 0.45494, 1, 0.50 },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char what[48];
		snprintf(what, sizeof what, "sf(%g, %g) (table)", table[i].x,
		    table[i].df);
		check(what, table[i].p, stat_chi2_sf(table[i].x, table[i].df),
		    0, 5e-6 * chi2_pdf(table[i].x, table[i].df));
	}
	/* scipy chi2_contingency documentation, the 2x2x2x2 example:
	 * statistic 8.7584514426741897, dof 11, pvalue 0.64417725029295503. */
	check("sf(8.7584514426741897, 11)", 0.64417725029295503,
	    stat_chi2_sf(8.7584514426741897, 11), 1e-10, 0);
	check("sf(0, 3) = 1", 1, stat_chi2_sf(0, 3), 0, 0);
	check("sf(x, 0) undefined", NAN, stat_chi2_sf(1, 0), 0, 0);
	check("sf(NaN, 1)", NAN, stat_chi2_sf(NAN, 1), 0, 0);
	check("sf(inf, 4) = 0", 0, stat_chi2_sf(INFINITY, 4), 0, 0);
	check("Q(a, x < 0) undefined", NAN, stat_gamma_q(1, -1), 0, 0);
}

/* log of the closed-form Q(a, x) for a = df / 2, df = 1..: the identities
 * Q(m, x) = e^-x sum_{j<m} x^j / j! and Q(m + 1/2, x) = erfc(sqrt x) +
 * e^-x sum_{j<m} x^(j+1/2) / Gamma(j + 3/2) (Abramowitz & Stegun 6.5.13,
 * 26.4.4, 26.4.5). All terms are positive: no cancellation. */
static double
closed_q(int df, double x)
{
	int m = df / 2;
	double sum = df % 2 ? erfc(sqrt(x)) : 0;

	for (int j = 0; j < m; j++) {
		double e = df % 2 ? j + 0.5 : j;
		sum += exp(-x + e * log(x) - lgamma(e + 1));
	}
	return sum;
}

/* stat_gamma_q against the closed forms, df 1..50, x (chi-square) from
 * 0.001 to 3000: the brief asks 1e-10 relative wherever Q is a normal
 * double. Prints the failures and the largest error. */
static void
case_gamma_q(void)
{
	static const double xs[] = { 0.001, 0.01, 0.1, 0.5, 1, 2, 3, 5, 8, 10,
	    15, 20, 30, 40, 49, 50, 51, 60, 75, 100, 150, 200, 300, 500, 750,
	    1000, 1380, 2000, 3000 };
	double worst = 0, worst_x = 0;
	int worst_df = 0, compared = 0;

	for (int df = 1; df <= 50; df++)
		for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
			double y = xs[i] / 2, want = closed_q(df, y);
			double got = stat_chi2_sf(xs[i], df), err;
			char what[64];

			if (want < DBL_MIN)
				continue;
			compared++;
			err = fabs(got - want) / want;
			if (err > worst) {
				worst = err;
				worst_x = xs[i];
				worst_df = df;
			}
			if (err > 1e-10) {
				snprintf(what, sizeof what, "sf(%g, %d)", xs[i], df);
				check(what, want, got, 1e-10, 0);
			}
		}
	out_printf("compared %d values; largest relative error %.3g at "
	    "sf(%g, %d)\n", compared, worst, worst_x, worst_df);
	check("largest relative error <= 1e-10", 0, worst, 0, 1e-10);
	check_int("compared more than 1300 values", 1, compared > 1300);
}

/* A p of order 1e-300 is representable and must not become 0 (nor be
 * lost to 1 - P): sf(1380, 1) = erfc(sqrt 690) = 4.6611584556735e-302
 * (Python math.erfc), and sf(1300, 50) against the closed form. */
static void
case_tiny_p(void)
{
	double p = stat_chi2_sf(1380, 1);

	check("sf(1380, 1)", 4.6611584556735e-302, p, 1e-10, 0);
	check("sf(1380, 1) = erfc(sqrt 690)", erfc(sqrt(690)), p, 1e-10, 0);
	check("sf(1300, 50)", closed_q(50, 650), stat_chi2_sf(1300, 50), 1e-10, 0);
	check_int("sf(1300, 50) > 0", 1, stat_chi2_sf(1300, 50) > 0);
	/* Below the double range the answer is 0, not NaN. */
	check("sf(3000, 1) underflows to 0", 0, stat_chi2_sf(3000, 1), 0, 0);
}

/* Undefined statistics are NaN: a row all zero (nobody carries the code,
 * or everybody does), a column all zero (an empty group), no units. */
static void
case_edge_nan(void)
{
	static const struct { const char *what; long a[3], n[3]; int k; } t[] = {
		{ "no unit carries", { 0, 0, 0 }, { 5, 7, 9 }, 3 },
		{ "every unit carries", { 5, 7, 9 }, { 5, 7, 9 }, 3 },
		{ "an empty group", { 2, 0, 3 }, { 5, 0, 9 }, 3 },
		{ "no units at all", { 0, 0 }, { 0, 0 }, 2 },
		{ "2 x 2 with a zero row", { 0, 0 }, { 4, 6 }, 2 },
		{ "a count above its total", { 6, 1 }, { 5, 4 }, 2 },
		{ "a negative count", { -1, 1 }, { 5, 4 }, 2 },
		{ "one group only", { 1 }, { 5 }, 1 },
	};
	char what[96];
	double s, df, p;

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		stat_chi2(t[i].a, t[i].n, t[i].k, 1, &s, &df, &p);
		snprintf(what, sizeof what, "%s: X^2", t[i].what);
		check(what, NAN, s, 0, 0);
		snprintf(what, sizeof what, "%s: X^2 p", t[i].what);
		check(what, NAN, p, 0, 0);
		stat_g2(t[i].a, t[i].n, t[i].k, &s, &df, &p);
		snprintf(what, sizeof what, "%s: G^2", t[i].what);
		check(what, NAN, s, 0, 0);
		snprintf(what, sizeof what, "%s: G^2 p", t[i].what);
		check(what, NAN, p, 0, 0);
		snprintf(what, sizeof what, "%s: Cramer's V", t[i].what);
		check(what, NAN, stat_cramers_v(t[i].a, t[i].n, t[i].k), 0, 0);
	}
	stat_chi2(t[0].a, t[0].n, 3, 1, &s, &df, &p);
	check("df stays k - 1 when X^2 is undefined (as R)", 2, df, 0, 0);
	/* An exactly independent table: X^2 = G^2 = 0, p = 1, never < 0. */
	{
		long a[2] = { 2, 4 }, n[2] = { 10, 20 };
		stat_g2(a, n, 2, &s, &df, &p);
		check("independent: G^2", 0, s, 0, 1e-12);
		check("independent: G^2 p", 1, p, 1e-9, 0);
		stat_chi2(a, n, 2, 0, &s, &df, &p);
		check("independent: X^2", 0, s, 0, 1e-12);
		check("independent: V", 0, stat_cramers_v(a, n, 2), 0, 1e-12);
	}
}

/* Fisher on degenerate tables (one table has the margins): p = 1; the
 * enumeration limit; invalid tables. */
static void
case_edge_fisher(void)
{
	long zero[3] = { 0, 0, 0 }, all[3] = { 4, 2, 3 }, n[3] = { 4, 2, 3 };
	long one[3] = { 0, 3, 0 }, onen[3] = { 0, 5, 0 };
	long big[4] = { 20, 20, 20, 20 }, bign[4] = { 40, 40, 40, 40 };
	long bad[2] = { 5, 1 }, badn[2] = { 4, 4 };
	double p;

	p = NAN;
	check_int("no unit carries: 0", 0, stat_fisher(zero, n, 3, LIMIT, &p));
	check("no unit carries: p", 1, p, 1e-15, 0);
	p = NAN;
	stat_fisher(all, n, 3, LIMIT, &p);
	check("every unit carries: p", 1, p, 1e-15, 0);
	p = NAN;
	stat_fisher(one, onen, 3, LIMIT, &p);
	check("one non-empty group: p", 1, p, 1e-15, 0);
	p = NAN;
	stat_fisher(zero, n, 2, LIMIT, &p);
	check("2 x 2 with a zero row: p", 1, p, 1e-15, 0);
	/* 2 x 4, 40 per group, 80 carrying: 41^3-ish tables, far above 1000. */
	p = 0.125;
	check_int("past max_tables: -1", -1, stat_fisher(big, bign, 4, 1000, &p));
	check("past max_tables: *p untouched", 0.125, p, 0, 0);
	check_int("within a larger limit: 0", 0,
	    stat_fisher(big, bign, 4, LIMIT, &p));
	/* Observed is the most probable table: p = 1 exactly, by symmetry of
	 * the sum; Python (exact) gives 1.0. */
	check("balanced 2 x 4: p", 1, p, 1e-12, 0);
	p = 0.5;
	stat_fisher(bad, badn, 2, LIMIT, &p);
	check("a count above its total: p", NAN, p, 0, 0);
	check("one-sided with a negative count", NAN,
	    stat_fisher_2x2_one_sided(-1, 2, 3, 4, 1), 0, 0);
}

/* Hardie (2014), "Log Ratio - an informal introduction" (CASS): the
 * binary log of the ratio of relative frequencies, a zero frequency
 * replaced by 0.5. Values by that definition. */
static void
case_log_ratio(void)
{
	check("10/100 vs 5/100 = 1", 1, stat_log_ratio(10, 100, 5, 100), 1e-15, 0);
	check("5/100 vs 10/100 = -1", -1, stat_log_ratio(5, 100, 10, 100), 1e-15, 0);
	check("equal proportions = 0", 0, stat_log_ratio(3, 10, 6, 20), 0, 1e-15);
	check("zero replaced by 0.5: 4/8 vs 0/8 = 3", 3,
	    stat_log_ratio(4, 8, 0, 8), 1e-15, 0);
	check("0/8 vs 4/8 = -3", -3, stat_log_ratio(0, 8, 4, 8), 1e-15, 0);
	check("both zero, sizes 8 and 16: log2(2) = 1", 1,
	    stat_log_ratio(0, 8, 0, 16), 1e-15, 0);
	check("empty group: NaN", NAN, stat_log_ratio(0, 0, 1, 4), 0, 0);
}

/* Cohen (1988), Statistical Power Analysis for the Behavioral Sciences,
 * 2nd ed., ch. 6, table 6.2.1: phi = 2 arcsin sqrt(P), phi(.50) = 1.5708,
 * phi(.30) = 1.1593, so h(.50, .30) = .4115 (to the table's 4 places).
 * The rest computed with python3 -c 'import math; h = lambda a, b:
 * abs(2*math.asin(math.sqrt(a)) - 2*math.asin(math.sqrt(b))); print(h(a, b))'. */
static void
case_cohen_h(void)
{
	check("Cohen table 6.2.1: h(.50, .30) = .4115", 0.4115,
	    stat_cohen_h(0.50, 0.30), 0, 1e-4);
	check("python: h(.50, .30)", 0.4115168460674883,
	    stat_cohen_h(0.50, 0.30), 1e-12, 0);
	check("symmetric: h(.30, .50)", 0.4115168460674883,
	    stat_cohen_h(0.30, 0.50), 1e-12, 0);
	check("python: h(.9, .1)", 1.8545904360032246,
	    stat_cohen_h(0.9, 0.1), 1e-12, 0);
	check("python: h(1/30, 0)", 0.36720802055783713,
	    stat_cohen_h(1.0 / 30, 0), 1e-12, 0);
	check("python: h(.55, .45) just above 0.2", 0.2003348423231197,
	    stat_cohen_h(0.55, 0.45), 1e-12, 0);
	check("h(1, 0) = pi", 3.141592653589793, stat_cohen_h(1, 0), 1e-15, 0);
	check("equal proportions: 0", 0, stat_cohen_h(0.05, 0.05), 0, 1e-15);
	check("not a proportion: NaN", NAN, stat_cohen_h(1.5, 0.5), 0, 0);
	check("NaN in: NaN", NAN, stat_cohen_h(NAN, 0.5), 0, 0);
}

/* Smallest expected count, E = row total * column total / N. */
static void
case_min_expected(void)
{
	long a[2] = { 3, 1 }, n[2] = { 4, 4 };
	long b[3] = { 762, 327, 468 }, bn[3] = { 1246, 566, 945 };
	long z[2] = { 0, 0 }, zn[2] = { 0, 0 };

	check("tea: 4 * 4 / 8", 2, stat_min_expected(a, n, 2), 1e-15, 0);
	check("Agresti: 1200 * 566 / 2757", 1200.0 * 566 / 2757,
	    stat_min_expected(b, bn, 3), 1e-15, 0);
	check("no units: NaN", NAN, stat_min_expected(z, zn, 2), 0, 0);
}

/* Not a test of the library: proves that a wrong value fails the case
 * (bats expects this one to exit 1). */
static void
case_must_fail(void)
{
	check("1 is not 2", 2, 1, 1e-6, 0);
}

/*
 * Rao-Scott F (second-order, as R's survey::svychisq default statistic
 * "F") on segments nested in cases. Each fixture lists its cases: case,
 * group, segments m, of them carrying y; the expected values are R 4's
 * (survey package), printed with options(digits = 15):
 *
 *   library(survey)
 *   d <- data.frame(case, group, carries)   one row per segment
 *   r <- svychisq(~carries + group, svydesign(ids = ~case, data = d))
 *   r$statistic; r$parameter; r$p.value
 *
 * f1: cases a b c | d e f in groups x | y, m = 5 3 4 6 2 7, y = 4 1 3 1 0 2
 * f2: a b c | d e | f g h in x | y | z, m = 4 6 3 5 5 2 8 4,
 *     y = 1 2 0 4 3 1 2 1
 * f3: case a in x and y; a b c in x (m 3 4 2, y 2 1 2), a d e in y
 *     (m 2 5 3, y 0 0 0): ddf counts a once.
 */
static void
rao_scott_check(const char *what, const long *m, const long *y, size_t ncl,
    int k, double wf, double wndf, double wddf, double wp)
{
	double f, ndf, ddf, p;
	char name[64];

	stat_rao_scott(m, y, ncl, k, &f, &ndf, &ddf, &p);
	snprintf(name, sizeof(name), "%s F", what);
	check(name, wf, f, 1e-6, 0);
	snprintf(name, sizeof(name), "%s ndf", what);
	check(name, wndf, ndf, 1e-6, 0);
	snprintf(name, sizeof(name), "%s ddf", what);
	check(name, wddf, ddf, 1e-6, 0);
	snprintf(name, sizeof(name), "%s p", what);
	check(name, wp, p, 1e-6, 0);
}

static void
case_rao_scott(void)
{
	/* clusters by row, groups by column */
	static const long m1[] = { 5, 0, 3, 0, 4, 0, 0, 6, 0, 2, 0, 7 };
	static const long y1[] = { 4, 0, 1, 0, 3, 0, 0, 1, 0, 0, 0, 2 };
	static const long m2[] = { 4, 0, 0, 6, 0, 0, 3, 0, 0, 0, 5, 0,
	    0, 5, 0, 0, 0, 2, 0, 0, 8, 0, 0, 4 };
	static const long y2[] = { 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 4, 0,
	    0, 3, 0, 0, 0, 1, 0, 0, 2, 0, 0, 1 };
	static const long m3[] = { 3, 2, 4, 0, 2, 0, 0, 5, 0, 3 };
	static const long y3[] = { 2, 0, 1, 0, 2, 0, 0, 0, 0, 0 };
	long one_m[] = { 5, 3 }, one_y[] = { 2, 1 };
	double f, ndf, ddf, p;

	rao_scott_check("f1", m1, y1, 6, 2, 12.5559440559441, 1, 5,
	    0.0165021708266835);
	rao_scott_check("f2", m2, y2, 8, 3, 11.0201640656045, 1.8303127743494,
	    12.8121894204458, 0.00194753509332914);
	rao_scott_check("f3", m3, y3, 5, 2, 4.42859637460728, 1, 4,
	    0.103137173572069);
	/* one cluster: no design variance to speak of */
	stat_rao_scott(one_m, one_y, 1, 2, &f, &ndf, &ddf, &p);
	check("one cluster: p undefined", NAN, p, 0, 0);
	/* R: options(digits = 15); pf(x, df1, df2, lower.tail = FALSE) */
	check("F sf(4, 2, 10)", 0.0529221494013447, stat_f_sf(4, 2, 10), 1e-12, 0);
	check("F sf(0.5, 3, 20)", 0.686518612836403, stat_f_sf(0.5, 3, 20),
	    1e-12, 0);
	check("F sf(60, 1.5, 40), small", 2.42349184015278e-11,
	    stat_f_sf(60, 1.5, 40), 1e-9, 0);
	check("F sf(0, 1, 5) = 1", 1, stat_f_sf(0, 1, 5), 0, 0);
	check("F sf(1, 0, 5) undefined", NAN, stat_f_sf(1, 0, 5), 0, 0);
}

static const struct unit_case cases[] = {
	{ "tea", case_tea },
	{ "r-chisq-2x2", case_r_chisq_2x2 },
	{ "agresti", case_agresti },
	{ "bh-1995", case_bh_1995 },
	{ "bh-tilestats", case_bh_tilestats },
	{ "bh-nan", case_bh_nan },
	{ "scipy-2x3", case_scipy_2x3 },
	{ "scipy-aspirin", case_scipy_aspirin },
	{ "yates-cap", case_yates_cap },
	{ "fisher-r-precise", case_fisher_r_precise },
	{ "fisher-r-one-sided", case_fisher_r_one_sided },
	{ "fisher-r-brentp", case_fisher_r_brentp },
	{ "fisher-r452", case_fisher_r452 },
	{ "ffh-2x3", case_ffh_2x3 },
	{ "fisher-ties", case_fisher_ties },
	{ "fisher-large", case_fisher_large },
	{ "cramers-v", case_cramers_v },
	{ "chi2-sf", case_chi2_sf },
	{ "gamma-q", case_gamma_q },
	{ "tiny-p", case_tiny_p },
	{ "edge-nan", case_edge_nan },
	{ "edge-fisher", case_edge_fisher },
	{ "log-ratio", case_log_ratio },
	{ "min-expected", case_min_expected },
	{ "cohen-h", case_cohen_h },
	{ "must-fail", case_must_fail },
	{ "rao-scott", case_rao_scott },
};

int
main(int argc, char *argv[])
{
	return unit_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}
