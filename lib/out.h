/* out.h: checked, buffered standard output. */
#ifndef TX_OUT_H
#define TX_OUT_H

#include <stddef.h>

#include "buf.h"

/*
 * Standard output. Every byte goes through one buffer; errors are caught
 * at the write that fails. out_close() flushes and closes stdout and returns
 * the status to exit with (status, or EXIT_DATA if the close failed).
 */
void out_write(const void *p, size_t n);
void out_str(const char *s);
void out_char(int c);
/* A number in decimal, as out_printf("%ld") writes it but without parsing a format. */
void out_long(long v);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* v in decimal at p (at most 20 bytes), as out_long writes it; the end. */
char *out_put_long(char *p, long v);
/*
 * Room for up to n bytes of output, filled by the caller and taken with
 * out_commit(the end of what it wrote): a row of many small parts copied
 * once. NULL if n is more than the buffer holds.
 */
char *out_room(size_t n);
void out_commit(char *end);
void out_flush(void);
int out_close(int status);
/*
 * n bytes at p that stay where they are until the next out_release():
 * written from there (writev) rather than copied, when long enough for
 * that to pay. tx-code's rows repeat a segment's text once per code.
 */
void out_ref(const void *p, size_t n);
#define OUT_REF_MIN 256         /* a shorter stretch costs less copied */
/* Write what out_ref referred to: its memory is about to change. */
void out_release(void);

/*
 * Output held for later: bytes, and stretches of memory out_ref referred
 * to. A worker formats its share into one (out_to), which the thread that
 * owns standard output writes in order (out_held_write; tx-code -j).
 */
struct out_piece {
	const char *ref;        /* NULL: the next n bytes of bytes */
	size_t n;
};
struct out_held {
	struct buf bytes;
	struct out_piece *piece;
	size_t npiece, cap;
	size_t open;            /* bytes from here are in no piece yet */
};
/* The calling thread's output goes to h instead, until out_to(NULL). */
void out_to(struct out_held *h);
void out_held_clear(struct out_held *h);
void out_held_write(struct out_held *h);
void out_held_free(struct out_held *h);

/*
 * A pipe (stdout, or a TSV input) is asked for a TX_PIPE_SIZE buffer
 * (Linux F_SETPIPE_SZ): the default 64 KiB makes a gigabyte cross in tens
 * of thousands of context switches. Anything else, or a refusal, is left
 * as it is.
 */
#define TX_PIPE_SIZE (1 << 20)
void tx_grow_pipe(int fd);

#endif
