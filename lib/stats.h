/*
 * stats.h: the statistics of tx-compare (and later tools), on a 2 x k table.
 *
 * The table is given by groups: in group i, a[i] units (documents or
 * segments) carry the code, out of n[i]. Rows are "carrying" and "not
 * carrying" (n[i] - a[i]); columns are the k groups.
 *
 * Where a statistic is undefined (a row or column of the table is all
 * zero, for chi2 and G2 and Cramer's V), the functions return NaN; the
 * tool writes an empty field.
 */
#ifndef TX_STATS_H
#define TX_STATS_H

#include <stddef.h>

/* Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x). */
double stat_gamma_q(double a, double x);
/* Upper tail of the chi-square distribution: P(X >= x) with df degrees. */
double stat_chi2_sf(double x, double df);

/* Smallest expected count of the table (for the auto rule: < 5 -> Fisher). */
double stat_min_expected(const long *a, const long *n, int k);

/*
 * Pearson's X^2 with df = k - 1. For k = 2 and yates != 0, Yates'
 * continuity correction as R's chisq.test applies it:
 * YATES = min(0.5, abs(O - E)) taken over all cells.
 */
void stat_chi2(const long *a, const long *n, int k, int yates,
    double *x2, double *df, double *p);

/* Likelihood-ratio G^2 = 2 sum O ln(O/E), cells with O = 0 contribute 0. */
void stat_g2(const long *a, const long *n, int k,
    double *g2, double *df, double *p);

/*
 * Fisher's exact test, two-sided: the sum of the probabilities of all
 * tables with the observed margins that are no more probable than the
 * observed one, within a relative tolerance of 1e-7 (as R). For k > 2 the
 * Freeman-Halton extension, by full enumeration. Returns 0, or -1 when
 * more than max_tables tables would have to be enumerated (*p untouched).
 */
int stat_fisher(const long *a, const long *n, int k, long max_tables, double *p);

/* One-sided Fisher for the 2x2 table [[a, b], [c, d]]: greater != 0 gives
 * P(X >= a) (R's alternative = "greater"), else P(X <= a). */
double stat_fisher_2x2_one_sided(long a, long b, long c, long d, int greater);

/* Benjamini-Hochberg adjusted p-values, as R's p.adjust(p, "BH"):
 * monotone, capped at 1. NaN inputs are left out and give NaN. */
void stat_bh(const double *p, size_t n, double *q);

/* Cramer's V = sqrt(X^2 / (N * (min(2, k) - 1))), X^2 without correction. */
double stat_cramers_v(const long *a, const long *n, int k);

/* log2 of the ratio of two proportions a1/n1 over a2/n2, a zero count
 * replaced by 0.5 (Hardie 2014). */
double stat_log_ratio(long a1, long n1, long a2, long n2);

/* Cohen's h = |2 asin(sqrt(p1)) - 2 asin(sqrt(p2))|, the difference of two
 * proportions on the arcsine scale (Cohen 1988, ch. 6: 0.2 small, 0.5
 * medium, 0.8 large); NaN if either is not a proportion. */
double stat_cohen_h(double p1, double p2);

/* Upper tail of the F distribution with df1 and df2 degrees (any real). */
double stat_f_sf(double f, double df1, double df2);

/*
 * Rao and Scott's second-order corrected Pearson test (Annals of
 * Statistics 12(1), 1984) of the 2 x k table of segments nested in ncl
 * clusters (cases), as R's survey::svychisq(~carries + group,
 * svydesign(ids = ~case, data = segments)) with its default statistic
 * "F": m[c * k + j] segments of cluster c are in group j, y[c * k + j] of
 * them carry the code. Gives F, its ndf and ddf and p; all NaN where
 * undefined (X^2 undefined, fewer than two clusters).
 */
void stat_rao_scott(const long *m, const long *y, size_t ncl, int k,
    double *f, double *ndf, double *ddf, double *p);

#endif
