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

#endif
