/* out.h: checked, buffered standard output. */
#ifndef TX_OUT_H
#define TX_OUT_H

#include <stddef.h>

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
void out_flush(void);
int out_close(int status);
/*
 * The calling thread's output goes to b (appended) instead, until
 * out_to(NULL): a worker formats its share, which the thread that owns
 * standard output writes in order (tx-code -j).
 */
struct buf;
void out_to(struct buf *b);

/*
 * A pipe (stdout, or a TSV input) is asked for a TX_PIPE_SIZE buffer
 * (Linux F_SETPIPE_SZ): the default 64 KiB makes a gigabyte cross in tens
 * of thousands of context switches. Anything else, or a refusal, is left
 * as it is.
 */
#define TX_PIPE_SIZE (1 << 20)
void tx_grow_pipe(int fd);

#endif
