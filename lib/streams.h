/*
 * streams.h: the columns of each stream (../shared/design.md), listed
 * once, for the tools that write a stream and those that read it back.
 */
#ifndef TX_STREAMS_H
#define TX_STREAMS_H

/*
 * Segments (tx-segment): these, with any --attrs columns before text,
 * which is last.
 */
static const char *const SEGMENT_COLS[] = {
	"doc", "seg", "speaker", "time", "section", "line", "start", "end",
	"text"
};

/*
 * Codings (tx-code): the segments' columns but text, then these, then
 * text (left out with --no-text). A stream with one of them is coded.
 */
static const char *const CODINGS_ADDED_COLS[] = {
	"code", "hits", "match", "coder"
};

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
 * Spans (tx-refi --from qdpx --spans writes them, tx-code --spans reads
 * them): one row per coded selection and code, start and end byte offsets
 * into the document's text (end exclusive), text the selection's text.
 */
static const char *const SPANS_COLS[] = {
	"doc", "start", "end", "code", "coder", "text"
};

/*
 * Keyword in context (tx-kwic): the input's columns but for text, start,
 * end and these names (and, from a codings stream, hits and coder), then
 * these. coded_by (the coders whose rows of the segment carry the code)
 * only from a codings stream with --code; code and vetoed_by only with
 * --code. start and end are the match's byte offsets in the source file.
 */
static const char *const KWIC_COLS[] = {
	"coded_by", "code", "pattern", "vetoed_by", "start", "end", "left",
	"match", "right"
};

/*
 * What a codebook change did (tx-diff): one row per code of either
 * codebook, code being its path in the new one (the old one's when it
 * was removed). The counts and other_codes (for a code added or removed,
 * the codes its segments carry in the other coding) only with the
 * codings of both versions; the patterns only with --by. With --segments, DIFF_SEGMENT_COLS: one row
 * per segment a code gained or lost, with the match that made it.
 */
static const char *const DIFF_COLS[] = {
	"code", "old_code", "change", "segments_old", "segments_new", "gained",
	"lost", "docs_old", "docs_new", "other_codes", "pattern_old",
	"pattern_new"
};
static const char *const DIFF_SEGMENT_COLS[] = {
	"code", "old_code", "doc", "seg", "change", "match"
};

/*
 * Saturation (tx-saturation): one row per document in interview order;
 * run_new and run_pct on the row that ends a run of the assessment
 * (lib/saturation/saturation.h), empty on the others.
 */
static const char *const SATURATION_COLS[] = {
	"position", "doc", "codes", "new", "cumulative", "run_new", "run_pct"
};
/* tx-saturation --summary: the assessment in one row. */
static const char *const SATURATION_SUMMARY_COLS[] = {
	"docs", "codes", "base", "base_codes", "run", "threshold", "run_from",
	"run_to", "run_new", "run_pct", "saturation"
};
/* tx-saturation --summary --permutations N: then these, over the orders:
 * how many reach saturation, the median, 2.5% and 97.5% of where. */
static const char *const SATURATION_SUMMARY_PERM_COLS[] = {
	"permutations", "reached", "median", "lower", "upper"
};
/* tx-saturation --permutations: the cumulative curve, the input's order
 * and over random orders (mean, 2.5% and 97.5% quantiles). */
static const char *const SATURATION_PERM_COLS[] = {
	"position", "cumulative", "mean", "lower", "upper"
};

/* What tx-refi --check finds in a .qdc or .qdpx: one row a quirk. */
static const char *const REFI_CHECK_COLS[] = {
	"entry", "line", "quirk", "detail"
};

#endif
