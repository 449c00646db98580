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

/*
 * Counts by a case column other than doc (tx-count --case COL): cases and
 * total_cases in place of docs and total_docs, and last the column case,
 * naming on every row the column whose values were counted, so that a
 * count of witnesses is never read as one of documents.
 */
static const char *const COUNTS_CASE_COLS[] = {
	"code", "segments", "cases", "hits", "total_segments", "total_cases",
	"case"
};

/* Co-occurrences (tx-count --cooccur): the --by columns, then these. */
static const char *const COOCCUR_COLS[] = {
	"code_a", "code_b", "segments", "docs", "jaccard"
};
static const char *const COOCCUR_CASE_COLS[] = {
	"code_a", "code_b", "segments", "cases", "jaccard", "case"
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
 * With the rao-scott test, COMPARE_DDF_COL follows df: the F's two
 * degrees of freedom are df (numerator) and ddf (denominator).
 */
static const char *const COMPARE_COLS[] = {
	"code", "count_", "total_", "pct_", "test", "statistic", "df", "p", "q",
	"diff", "log_ratio", "cramers_v", "h", "only_in", "pattern"
};
static const char COMPARE_DDF_COL[] = "ddf";
static const char *const COMPARE_LONG_COLS[] = {
	"group", "count", "total", "pct"
};

/*
 * Spans (tx-refi --from qdpx --spans): one row per coded selection and
 * code, start and end bytes of the text tx-refi --sources writes; tx-code
 * --spans makes them codings by overlap with segments.
 */
static const char *const SPANS_COLS[] = {
	"doc", "start", "end", "code", "coder", "text"
};

/* What tx-refi --check finds in a .qdc or .qdpx: one row a quirk. */
static const char *const REFI_CHECK_COLS[] = {
	"entry", "line", "quirk", "detail"
};

#endif
