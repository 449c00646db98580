/*
 * coder.h: one coder's rows of a codings stream. A stream may hold the
 * codings of several coders (tx-code's auto beside a person's, rows of
 * another coder); a tool that reads one coder's codings keeps the rows of
 * the coder named (--coder), or, with none named, requires the stream to
 * hold one coder only.
 *
 *   struct coder_pick p = { .want = o->coder, .hint = "..." };
 *   coder_start(&p, t);                  after tsv_header
 *   while (tsv_next(t)) if (coder_keep(&p, t)) ...
 *   coder_end(&p, t);                    a --coder with no rows: exit 2
 */
#ifndef TX_CODER_H
#define TX_CODER_H

#include <stddef.h>

#include "tsv.h"

struct coder_pick {
	const char *want;       /* --coder, or NULL: the one coder there is */
	const char *hint;       /* what to do about two coders, for the message */
	int col;                /* the coder column, -1 if none */
	char *first;            /* the first coder seen */
	size_t firstlen;
	long rows, kept;        /* rows seen, rows kept */
};

/* Find the coder column: --coder on a stream without one is exit 2. */
void coder_start(struct coder_pick *p, struct tsv *t);
/*
 * Is the current record one of the coder's? Without --coder, a second
 * coder is an error naming both (exit 2).
 */
int coder_keep(struct coder_pick *p, struct tsv *t);
/* At the end: --coder named a coder that no row has (exit 2); frees. */
void coder_end(struct coder_pick *p, struct tsv *t);

#endif
