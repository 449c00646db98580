/*
 * compare.h: the comparison of tx-compare, shared with tx-report so that a
 * report states exactly what tx-compare would: for every code, the 2 x k
 * table "carrying / not carrying x groups" tested (lib/stats.c), p adjusted
 * across codes (Benjamini-Hochberg), effect sizes, and the pattern label.
 *
 *   struct compare_options o = COMPARE_OPTIONS_INIT;
 *   struct compare cm;
 *   o.by = "locality";
 *   compare_run(&cm, counts, &o);       counts after counts_finish
 *   ... cm.row[i], cm.label[j], compare_pattern(&cm, &cm.row[i]) ...
 *   compare_free(&cm);                  the counts stay the caller's
 *
 * tx-compare writes the comparison (compare_write); tx-report reads it
 * back (compare_read) or takes it as computed (compare_to_table).
 */
#ifndef TX_COMPARE_H
#define TX_COMPARE_H

#include <stddef.h>

#include "tsv.h"
#include "count.h"

enum compare_test { COMPARE_AUTO, COMPARE_CHI2, COMPARE_FISHER, COMPARE_G2,
	COMPARE_RAO_SCOTT };    /* segments in cases: counts with COUNT_CLUSTERS */

#define COMPARE_FISHER_LIMIT 5000000L

struct compare_options {
	const char *by;         /* the column whose groups are compared */
	char **groups;          /* --groups, in its order; NULL for all */
	size_t ngroups;
	int segments;           /* measure segments, not documents */
	int test;               /* enum compare_test */
	int yates;              /* continuity correction for chi2 on 2 groups */
	long fisher_limit;      /* tables Fisher's test may enumerate */
	double alpha;           /* q below this is a difference */
	double min_effect;      /* and Cohen's h at least this */
	double shared_min;      /* shared: at least this % in every group */
	double rare_max;        /* rare: below this % in every group */
};

#define COMPARE_OPTIONS_INIT { .yates = 1, \
	.fisher_limit = COMPARE_FISHER_LIMIT, .alpha = 0.05, \
	.min_effect = 0.2, .shared_min = 50, .rare_max = 10 }

/* One code compared across the chosen groups. */
struct compare_row {
	size_t code;            /* index into counts->code (path order) */
	long *a, *n;            /* k counts and totals */
	const char *test;       /* "fisher", "chi2 (yates)", ... */
	double stat, df, p, q;  /* NaN where undefined */
	double ddf;             /* rao-scott: the F's second df */
	double diff, log_ratio, cramers_v;
	double h;               /* Cohen's h, highest and lowest group */
};

struct compare {
	const struct compare_options *o;
	struct counts *c;
	size_t *group;          /* k chosen groups: indexes into c->group */
	int k;
	char **label;           /* group values */
	char **name;            /* and as column names (colname) */
	int *live;              /* the groups with cases, which alone take
				   part in the tests and the pattern */
	int nlive;
	struct compare_row *row;        /* path order; codes no chosen group has are left out */
	size_t nrow;
	/* rao-scott: the cases with segments in the groups with cases,
	 * numbered 0 .. ncl - 1 (clidx by case id, -1 for none), and their
	 * segments in each such group (clm[case * nlive + j]) */
	long *clidx, *clm;
	size_t ncl;
	char *uncorrectable;    /* why not: the test column says so */
};

/*
 * Choose and name the groups (exit 2 for a --groups name that is not a
 * group, or fewer than two groups; exit 1 for two values making one column
 * name, or fewer than two groups with cases), then compare every code.
 * A group with no cases (of a counts table made by hand) is warned of and
 * takes no part in the tests and the pattern. c must have groups.
 */
void compare_run(struct compare *cm, struct counts *c,
    const struct compare_options *o);

/* Percentage a of n; NaN when n is 0. */
double compare_pct(long a, long n);

/*
 * The pattern, by the first rule that applies, over the groups with cases:
 * a difference, where q is below alpha and h at least min_effect: "only in
 * G" if G alone carries the code, else "more in G" (G the highest, ties
 * joined by ", "); "shared" (at least shared_min % in every group); "rare"
 * (below rare_max % in every group); "similar". A new string.
 */
char *compare_pattern(const struct compare *cm, const struct compare_row *r);

/* The group (index into cm->label) that alone carries the code, with or
 * without evidence; -1 if none or several do. */
int compare_only_in(const struct compare *cm, const struct compare_row *r);

/* Free what compare_run made; the counts are not freed. */
void compare_free(struct compare *cm);

/*
 * The comparison as tx-compare writes it (the columns of lib/streams.h):
 * wide, one row per code, or long (long_form), one row per code and group.
 * Of no groups (cm zeroed, for a header-only input): the header alone, with
 * the effect sizes of two groups.
 */
void compare_write(const struct compare *cm, int long_form);

/*
 * A comparison as the wide form holds it, for a reader: computed
 * (compare_to_table) or read back from tx-compare's output (compare_read).
 */
struct compare_result {
	char *code;             /* the code's path */
	long *a, *n;            /* k counts and totals */
	char *test;
	double p, q;            /* NaN where undefined */
	double h;               /* Cohen's h */
	char *pattern;
};

struct compare_table {
	int empty;              /* compare_read: the file had no bytes */
	int k;
	size_t *group;          /* k groups: indexes into the counts' groups */
	struct compare_result *row;
	size_t nrow;
};

/* The rows of cm with their patterns; takes the rows' counts over. */
void compare_to_table(struct compare_table *tb, struct compare *cm);

/*
 * Read a comparison tx-compare wrote (the wide form) from file: its groups
 * are the count_<name> columns, each the group of c whose value makes that
 * name (none: exit 2, naming by, the column the groups are values of).
 * A long-form comparison is exit 2; a column missing, a count or number
 * that is not one, exit 1; and, naming the line, exit 1 for a p, q or h
 * out of its range (0 to 1; h 0 to pi) or not finite, a percentage out of
 * 0 to 100 or not count/total, a count above its total, or a group's total
 * that differs from the first row's. Returns the status tsv_close gives.
 */
int compare_read(struct compare_table *tb, const char *file,
    const struct counts *c, const char *by);

void compare_table_free(struct compare_table *tb);

#endif
