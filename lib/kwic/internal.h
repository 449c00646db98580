/*
 * internal.h: what the files of lib/kwic share (kwic.h is the API).
 *
 *   kwic.c     the probes, the stream read segment by segment
 *   search.c   the matches of a segment, their context, their rows
 *   sort.c     the rows written as they come, or held and sorted
 */
#ifndef TX_KWIC_INTERNAL_H
#define TX_KWIC_INTERNAL_H

#include "buf.h"
#include "kwic/kwic.h"

enum { MAP_NONE, MAP_SAME, MAP_CRLF };

/* The input columns kwic reads; -1 where absent. */
struct kwic_cols {
	int text, start, end, doc, seg, code, coder;
};

/* One segment: its passed columns as written (each followed by a TAB). */
struct kwic_seg {
	struct buf pass, text, coders, key;
	long start, end;        /* in the source; -1: not known */
	int map;                /* MAP_*: how text offsets become source ones */
	const char *name;       /* input and line, for messages */
	long line;
	int have;
};

/* Where rows go: out as they come, or held for sorting. */
struct kwic_out {
	int sort, coded_by, withcode;
	int status;
	struct buf row, key;    /* the row being made, and its sort key */
	struct buf store;       /* sorted: every row and key */
	struct kwic_held *held;
	size_t nheld, capheld;
	struct buf left, scratch;       /* the contexts, collapsed */
	unsigned gen;           /* vetoes known for this segment: */
	unsigned *vgen;         /* vgen[code] == gen */
	long *veto;             /* the exclude that matched, -1 none */
};

/* search.c */
void kwic_search(struct kwic *k, struct kwic_seg *s, struct kwic_out *o);
/* sort.c */
void kwic_out_start(struct kwic_out *o, const struct kwic *k);
void kwic_out_row(struct kwic_out *o);
void kwic_out_end(struct kwic_out *o);

#endif
