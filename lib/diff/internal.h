/*
 * internal.h: what the files of lib/diff share (diff.h is the API).
 *
 *   pair.c     the codes of two codebooks paired, and what changed
 *   code.c     segments coded with both, into two codings streams
 *   effect.c   the codings of each version: counts, gains, losses
 *   write.c    the result as TSV, gained and lost segments, Markdown
 */
#ifndef TX_DIFF_INTERNAL_H
#define TX_DIFF_INTERNAL_H

#include <stdio.h>

#include "buf.h"
#include "intern.h"
#include "diff/diff.h"

struct counts;

struct cbdiff_impl {
	struct strset segs, docs;       /* "doc\tseg" and doc, both streams */
	struct chunk *arena;
	struct buf text;                /* the matches, NUL after each */
	struct buf key;
	struct counts *counts[2];       /* lib/count.c's, old and new */
	FILE *tmp[2];                   /* code.c's codings, old and new */
};

/*
 * The segments of stream which (0 old, 1 new) carrying code or a code
 * below it, by segment id, once each: a new array (free it), its length.
 */
size_t cbdiff_segments(const struct cbdiff *d, int which, long code,
    struct cbdiff_row **out);

#endif
