/*
 * agree.h: agreement between coders on one nominal variable (tx-agree).
 *
 * Units (segments, or segment-and-code pairs) are added one at a time,
 * each with the values of the coders who judged it: coder indexes from 0
 * to ncoder - 1, values from 0 to ncat - 1. Value 0 is the negative one
 * ("not applied", or "none" of a domain's codes): precision and recall
 * count the others as positives. A coder with no value for a unit has not
 * judged it (a missing value).
 *
 *   struct agree a;
 *   agree_init(&a, ncoder, ncat, reference);     reference -1: none
 *   agree_add(&a, coder, value, m, 1);           for every unit
 *   k = agree_cohen(&a);                         NaN when undefined
 *   agree_free(&a);
 *
 * Everything kept is a sum over units, so accumulators add up
 * (agree_sum) and a unit can be taken out again (agree_add with sign -1).
 * Which units each statistic uses:
 *
 *   agreement, brennan_prediger, krippendorff_alpha: units with >= 2 values
 *   cohen_kappa: units both coders judged (exactly two coders)
 *   fleiss_kappa: units every coder judged
 *   precision, recall: units the coder and the reference both judged
 */
#ifndef TX_AGREE_H
#define TX_AGREE_H

#include <stddef.h>

struct agree {
	int ncoder, ncat, reference;
	long units;             /* units with two or more values */
	double pa_sum;          /* sum over them of the unit's agreeing pairs
	                           / all its pairs (Gwet's p_a) */
	long *cohen;            /* ncat x ncat: coder 0's value by coder 1's */
	long complete;          /* units every coder judged */
	long *fleiss_n;         /* ncat: values over complete units */
	long fleiss_sq;         /* sum over complete units of n_uk^2 */
	double *coinc;          /* ncat x ncat coincidences (Krippendorff) */
	long *kr_n;             /* ncat: pairable values (n_c) */
	long *pair_n, *pair_agree;      /* ncoder x ncoder, a < b used */
	long *tp, *fp, *fn;     /* ncoder: against the reference */
	long *count;            /* ncat scratch: a unit's values by category */
	int *cats;              /* ncat scratch: a unit's distinct values */
};

/* The most coders (and codes in a domain): the tables of pairs grow with
 * the square, 16 MB a table at 1000. More is exit 1, said in words. */
#define AGREE_MAX_CODERS 1000

/*
 * More coders or categories than that: exit 1, said in words; domain, if
 * not NULL, is the --domain whose codes are the categories.
 */
void agree_check_size(int ncoder, int ncat, const char *domain);
void agree_init(struct agree *a, int ncoder, int ncat, int reference);
void agree_free(struct agree *a);
/* Add (sign 1) or take out (sign -1) a unit: m coders, in increasing order. */
void agree_add(struct agree *a, const int *coder, const int *value, int m,
    int sign);
/* dst += src; both made with the same ncoder, ncat and reference. */
void agree_sum(struct agree *dst, const struct agree *src);

/* Percent agreement: the mean over pairs of coders who share a unit of
 * the share of their shared units on which they agree, times 100. */
double agree_percent(const struct agree *a);
double agree_cohen(const struct agree *a);
double agree_fleiss(const struct agree *a);
double agree_alpha(const struct agree *a);
/* Brennan-Prediger with q categories. */
double agree_bp(const struct agree *a, int q);
/* Of coder c against the reference. */
double agree_precision(const struct agree *a, int c);
double agree_recall(const struct agree *a, int c);
double agree_f1(const struct agree *a, int c);

/*
 * De Vries, Elliott, Kanouse and Teleki (2008): Cohen's kappa pooled over
 * variables (codes), two coders: (mean p_o - mean p_e) / (1 - mean p_e),
 * each variable's p_o and p_e over the units both coders judged. Not the
 * kappa of the variables' tables stacked, nor the mean of their kappas.
 */
struct agree_pool {
	double po, pe;          /* sums over the variables added */
	long n;                 /* variables with a unit both judged */
};
void agree_pool_add(struct agree_pool *p, const struct agree *a);
double agree_pool_kappa(const struct agree_pool *p);

#endif
