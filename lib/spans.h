/*
 * spans.h: hand-coded spans made a codings stream (tx-code --spans).
 *
 * A span (streams.h, SPANS_COLS) is a document, a byte range [start, end)
 * of its text, a code and a coder, as tx-refi --spans writes them from
 * another tool's project. Every segment whose [start, end) the span
 * overlaps gets the code for that coder; each coder has a row for every
 * segment of the documents it has spans in, with an empty code where it
 * gave none, so that tx-agree counts those segments as judged.
 *
 *   struct spans_options o = { files, nfiles, 0.5, coded_only, allow };
 *   status = spans_code(&o, nseg, segfiles);   the exit status
 */
#ifndef TX_SPANS_H
#define TX_SPANS_H

#include <stddef.h>
#include <stdint.h>

struct spans_options {
	char **files;           /* the spans streams, read as one */
	size_t nfiles;
	double min_overlap;     /* least share of a segment's bytes covered
	                           (0: any byte) */
	int coded_only;         /* no rows with an empty code */
	int allow_missing;      /* spans that code no segment: still exit 0 */
};

/*
 * Read the spans, then the segment stream (nseg files, standard input when
 * none), and write the codings stream; list on stderr the spans that code
 * no segment and those whose text is not the segment's. The exit status:
 * EXIT_DATA, before anything is written, when a span is bad.
 */
int spans_code(const struct spans_options *o, int nseg, char **segfiles);

/*
 * The n bytes at s as a byte offset into *v: digits only, at most 18 of
 * them (no overflow); -1 if they are not one.
 */
int spans_offset(const char *s, size_t n, uint64_t *v);

#endif
