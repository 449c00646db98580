/*
 * agree: unit tests of lib/agree.c, case by case (tests/unit/unit.h:
 * agree CASE, agree list).
 *
 * The published values (Cohen 1960, Krippendorff 2011) are checked through
 * the tool too (tests/tx-agree.bats); here the library's own promises are
 * checked: undefined statistics are NaN, a unit taken out (sign -1) leaves
 * what was there before, accumulators add up, and the precision and
 * recall of nominal categories count as the header says.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "agree.h"
#include "tx.h"
#include "unit.h"

/* A unit of two coders, values a and b. */
static void
pair(struct agree *a, int va, int vb, int sign)
{
	int coder[2] = { 0, 1 }, value[2] = { va, vb };

	agree_add(a, coder, value, 2, sign);
}

/* Every statistic of a and b, compared. */
static void
same(const char *what, const struct agree *a, const struct agree *b)
{
	char buf[128];
	double (*const f[])(const struct agree *) = { agree_percent,
	    agree_cohen, agree_fleiss, agree_alpha };
	const char *const name[] = { "percent", "cohen", "fleiss", "alpha" };

	for (size_t i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "%s: %s", what, name[i]);
		check(buf, f[i](a), f[i](b), 0, 1e-12);
	}
	snprintf(buf, sizeof(buf), "%s: bp", what);
	check(buf, agree_bp(a, a->ncat), agree_bp(b, b->ncat), 0, 1e-12);
}

/* Cohen (1960) p.45, added unit by unit: 29/59. */
static void
case_cohen_1960(void)
{
	static const int t[3][3] = { { 88, 14, 18 }, { 10, 40, 10 }, { 2, 6, 12 } };
	struct agree a;

	agree_init(&a, 2, 3, -1);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			for (int n = 0; n < t[i][j]; n++)
				pair(&a, i, j, 1);
	check("kappa = 29/59", 29.0 / 59, agree_cohen(&a), 0, 1e-15);
	check("agreement 70%", 70, agree_percent(&a), 0, 1e-12);
	check("units", 200, (double)a.units, 0, 0);
	agree_free(&a);
}

/* Krippendorff (2011) section C: 4 coders, missing values, alpha 0.743421. */
static void
case_krippendorff_2011(void)
{
	static const int v[12][4] = {   /* 0: not judged */
		{ 1, 1, 0, 1 }, { 2, 2, 3, 2 }, { 3, 3, 3, 3 }, { 3, 3, 3, 3 },
		{ 2, 2, 2, 2 }, { 1, 2, 3, 4 }, { 4, 4, 4, 4 }, { 1, 1, 2, 1 },
		{ 2, 2, 2, 2 }, { 0, 5, 5, 5 }, { 0, 0, 1, 1 }, { 0, 0, 3, 0 },
	};
	struct agree a;

	agree_init(&a, 4, 6, -1);
	for (int u = 0; u < 12; u++) {
		int coder[4], value[4], m = 0;

		for (int c = 0; c < 4; c++)
			if (v[u][c] != 0) {
				coder[m] = c;
				value[m++] = v[u][c];
			}
		agree_add(&a, coder, value, m, 1);
	}
	/* 1 - (n - 1) D_o / D_e = 1 - 39 * 4 / 608 exactly (n = 40). */
	check("alpha", 1 - 39.0 * 4 / 608, agree_alpha(&a), 0, 1e-15);
	check("alpha published", 0.743, agree_alpha(&a), 0, 5e-4);
	check("bp (q = 5): (9/11 - 1/5) / (4/5)", (9.0 / 11 - 0.2) / 0.8,
	    agree_bp(&a, 5), 0, 1e-15);
	check("pairable units", 11, (double)a.units, 0, 0);
	check("complete units", 8, (double)a.complete, 0, 0);
	agree_free(&a);
}

/* A code no one applied: kappas and alpha NaN, agreement 100, BP 1. */
static void
case_undefined(void)
{
	struct agree a;

	agree_init(&a, 2, 2, 1);
	for (int n = 0; n < 5; n++)
		pair(&a, 0, 0, 1);
	check("cohen", NAN, agree_cohen(&a), 0, 0);
	check("fleiss", NAN, agree_fleiss(&a), 0, 0);
	check("alpha", NAN, agree_alpha(&a), 0, 0);
	check("percent", 100, agree_percent(&a), 0, 0);
	check("bp", 1, agree_bp(&a, 2), 0, 0);
	check("bp with one category", NAN, agree_bp(&a, 1), 0, 0);
	check("precision (no positives)", NAN, agree_precision(&a, 0), 0, 0);
	check("recall (no positives)", NAN, agree_recall(&a, 0), 0, 0);
	check("f1", NAN, agree_f1(&a, 0), 0, 0);
	agree_free(&a);
	/* Every unit applied by both: the same. */
	agree_init(&a, 2, 2, -1);
	pair(&a, 1, 1, 1);
	check("all applied: cohen", NAN, agree_cohen(&a), 0, 0);
	agree_free(&a);
	/* No unit: everything undefined. */
	agree_init(&a, 3, 2, -1);
	check("empty: percent", NAN, agree_percent(&a), 0, 0);
	check("empty: bp", NAN, agree_bp(&a, 2), 0, 0);
	check("empty: fleiss", NAN, agree_fleiss(&a), 0, 0);
	check("3 coders: cohen", NAN, agree_cohen(&a), 0, 0);
	agree_free(&a);
}

/* Units of three coders with missing values, for the next cases. */
static void
add_three(struct agree *a, int from, int to, int sign)
{
	static const int v[8][3] = {
		{ 1, 1, 0 }, { 0, 1, 1 }, { 1, 1, 1 }, { 0, 0, -1 },
		{ 2, 1, 0 }, { 2, 2, 2 }, { -1, 0, 2 }, { 0, 0, 0 },
	};

	for (int u = from; u < to; u++) {
		int coder[3], value[3], m = 0;

		for (int c = 0; c < 3; c++)
			if (v[u][c] >= 0) {
				coder[m] = c;
				value[m++] = v[u][c];
			}
		agree_add(a, coder, value, m, sign);
	}
}

/* A unit added and taken out again leaves the statistics as they were. */
static void
case_take_out(void)
{
	struct agree a, b;

	agree_init(&a, 3, 3, 0);
	agree_init(&b, 3, 3, 0);
	add_three(&a, 0, 8, 1);
	add_three(&a, 4, 6, -1);
	add_three(&b, 0, 4, 1);
	add_three(&b, 6, 8, 1);
	same("taken out", &a, &b);
	check("units", (double)b.units, (double)a.units, 0, 0);
	check("tp", (double)b.tp[1], (double)a.tp[1], 0, 0);
	agree_free(&a);
	agree_free(&b);
}

/* Accumulators of two halves add up to the whole. */
static void
case_sum(void)
{
	struct agree whole, h1, h2;

	agree_init(&whole, 3, 3, 0);
	agree_init(&h1, 3, 3, 0);
	agree_init(&h2, 3, 3, 0);
	add_three(&whole, 0, 8, 1);
	add_three(&h1, 0, 3, 1);
	add_three(&h2, 3, 8, 1);
	agree_sum(&h1, &h2);
	same("sum", &whole, &h1);
	agree_free(&whole);
	agree_free(&h1);
	agree_free(&h2);
}

/*
 * Precision and recall against coder 0 over add_three's units (1-based):
 * coder 1 shares with coder 0 units 1-6 and 8: (1,1) tp, (0,1) fp, (1,1)
 * tp, (0,0), (2,1) fp and fn (two categories), (2,2) tp, (0,0):
 * tp 3, fp 2, fn 1. Coder 2 with coder 0 on units 1,2,3,5,6,8: (1,0) fn,
 * (0,1) fp, (1,1) tp, (2,0) fn, (2,2) tp, (0,0): tp 2, fp 1, fn 2.
 */
static void
case_precision(void)
{
	struct agree a;

	agree_init(&a, 3, 3, 0);
	add_three(&a, 0, 8, 1);
	check("coder 1 precision 3/5", 0.6, agree_precision(&a, 1), 0, 1e-15);
	check("coder 1 recall 3/4", 0.75, agree_recall(&a, 1), 0, 1e-15);
	check("coder 1 f1 6/9", 6.0 / 9, agree_f1(&a, 1), 0, 1e-15);
	check("coder 2 precision 2/3", 2.0 / 3, agree_precision(&a, 2), 0,
	    1e-15);
	check("coder 2 recall 2/4", 0.5, agree_recall(&a, 2), 0, 1e-15);
	agree_free(&a);
}

/* Percent agreement: the mean over pairs, each over its shared units. */
static void
case_percent(void)
{
	struct agree a;

	agree_init(&a, 3, 3, -1);
	add_three(&a, 0, 8, 1);
	/* 0-1: 7 shared, agree on 1,3,4,6,8 (5/7); 0-2: 6 shared, agree on
	 * 3,6,8 (3/6); 1-2: 7 shared, agree on 2,3,6,8 (4/7). */
	check("percent", 100 * (5.0 / 7 + 3.0 / 6 + 4.0 / 7) / 3,
	    agree_percent(&a), 0, 1e-12);
	agree_free(&a);
}

/*
 * De Vries et al. (2008), worked by hand: code A over 5 units (x on 1 2
 * 3, y on 1 2 4) p_o 3/5, p_e 13/25; code B (x on 1, y on 1 5) p_o 4/5,
 * p_e 14/25. Pooled: (7/10 - 27/50) / (1 - 27/50) = 8/23; the stacked
 * table (A and B as 10 units) gives 2/5, the mean of the kappas 47/132.
 */
static void
case_pooled(void)
{
	static const int x[2][5] = { { 1, 1, 1, 0, 0 }, { 1, 0, 0, 0, 0 } };
	static const int y[2][5] = { { 1, 1, 0, 1, 0 }, { 1, 0, 0, 0, 1 } };
	struct agree code[2], stacked;
	struct agree_pool p = { 0, 0, 0 }, none = { 0, 0, 0 }, one = { 0, 0, 0 };

	agree_init(&stacked, 2, 2, -1);
	for (int k = 0; k < 2; k++) {
		agree_init(&code[k], 2, 2, -1);
		for (int u = 0; u < 5; u++)
			pair(&code[k], x[k][u], y[k][u], 1);
		agree_pool_add(&p, &code[k]);
		agree_sum(&stacked, &code[k]);
	}
	check("A: kappa 1/6", 1.0 / 6, agree_cohen(&code[0]), 0, 1e-15);
	check("B: kappa 6/11", 6.0 / 11, agree_cohen(&code[1]), 0, 1e-15);
	check("pooled 8/23", 8.0 / 23, agree_pool_kappa(&p), 0, 1e-15);
	check("stacked 2/5", 0.4, agree_cohen(&stacked), 0, 1e-15);
	check("no code: NaN", NAN, agree_pool_kappa(&none), 1, 0);
	/* A code no one applied: p_e = 1, undefined pooled alone. */
	agree_free(&stacked);
	agree_init(&stacked, 2, 2, -1);
	pair(&stacked, 0, 0, 1);
	agree_pool_add(&one, &stacked);
	check("p_e 1: NaN", NAN, agree_pool_kappa(&one), 1, 0);
	agree_free(&stacked);
	agree_free(&code[0]);
	agree_free(&code[1]);
}

/* A check that must fail, so that a runner that ignores failures is seen. */
static void
case_must_fail(void)
{
	check("1 is not 2", 2, 1, 0, 0);
}

static const struct unit_case cases[] = {
	{ "cohen-1960", case_cohen_1960 },
	{ "krippendorff-2011", case_krippendorff_2011 },
	{ "undefined", case_undefined },
	{ "take-out", case_take_out },
	{ "sum", case_sum },
	{ "precision", case_precision },
	{ "percent", case_percent },
	{ "pooled", case_pooled },
	{ "must-fail", case_must_fail },
};

int
main(int argc, char *argv[])
{
	return unit_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}
