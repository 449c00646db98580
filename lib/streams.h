/*
 * streams.h: the columns of each stream (../shared/design.md), listed
 * once, for the tools that write a stream and those that read it back.
 */
#ifndef TX_STREAMS_H
#define TX_STREAMS_H

/* Counts (tx-count): the --by columns, then these. */
static const char *const COUNTS_COLS[] = {
	"code", "segments", "docs", "hits", "total_segments", "total_docs"
};

/* Co-occurrences (tx-count --cooccur): the --by columns, then these. */
static const char *const COOCCUR_COLS[] = {
	"code_a", "code_b", "segments", "docs", "jaccard"
};

/*
 * Comparisons (tx-compare), the wide form: code; for each group, count_,
 * total_ and pct_, each followed by the group's column name; test,
 * statistic, df, p, q; the effect sizes, diff and log_ratio for two groups
 * or cramers_v for more, then h (Cohen's, highest and lowest group);
 * only_in (the group that alone carries the code, evidence or not);
 * pattern. The long form (--long) has
 * COMPARE_LONG_COLS after code in place of the groups' columns, one row
 * per code and group. lib/compare.c names the places in COMPARE_COLS.
 */
static const char *const COMPARE_COLS[] = {
	"code", "count_", "total_", "pct_", "test", "statistic", "df", "p", "q",
	"diff", "log_ratio", "cramers_v", "h", "only_in", "pattern"
};
static const char *const COMPARE_LONG_COLS[] = {
	"group", "count", "total", "pct"
};

#endif
