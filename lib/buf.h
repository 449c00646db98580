/*
 * A growable byte buffer, reused from record to record: clear it with
 * b->n = 0, never free it between records. s is NUL-terminated after
 * every buf_add (s[n] == '\0'), so a buffer's text is a C string too.
 */
#ifndef TX_BUF_H
#define TX_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *s;
	size_t n, cap;
};

/* Room for more bytes and the NUL after them. */
void buf_reserve(struct buf *b, size_t more);

static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->n < n + 1)
		buf_reserve(b, n);
	if (n > 0)              /* p may be NULL then (an empty field) */
		memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static inline void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static inline void
buf_char(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_free(struct buf *b);

#endif
