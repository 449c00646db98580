/*
 * Whole files: transcripts, names lists, codebooks and sheets are read
 * whole, one way. Files are read with read(2), never mapped, so that a
 * file cut short while it is read gives what was read (checked below),
 * never a SIGBUS and a half-written record.
 */
#ifndef TX_FILE_H
#define TX_FILE_H

#include <stddef.h>

#include "buf.h"

/*
 * The whole of path ("-": standard input) into b, replacing what it held
 * (b->s NUL-terminated). 0; or -1 after a message naming the file (missing,
 * a directory, a read error, or a regular file that changed size while it
 * was read).
 */
int file_read(const char *path, struct buf *b);

/* The line (from 1) of byte offset off in s. */
long line_of(const char *s, size_t off);

/*
 * Text as the tools take it: no NUL byte and valid UTF-8. n, or the offset
 * of the first fault, with *what saying which ("NUL byte", "invalid UTF-8").
 */
size_t text_check(const char *s, size_t n, const char **what);

/* Where temporary files go: $TMPDIR, else /tmp. */
const char *tmp_dir(void);

/*
 * A new temporary file in tmp_dir(), already removed, open for reading and
 * writing: its descriptor; or -1 with errno set (the caller's message).
 */
int tmp_fd(void);

#endif
