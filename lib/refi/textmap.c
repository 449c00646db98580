/*
 * textmap.c: REFI counts positions in Unicode code points from 0, end
 * exclusive; tx in bytes. Positions are mapped in one pass over the text
 * with the positions sorted, so memory grows with the selections, not
 * with the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "refi/refi.h"

size_t
refi_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

void
refi_sort_sizes(size_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_size);
}

size_t
textmap_bytes(const char *s, size_t len, int crlf_one, const size_t *cp,
    size_t *out, size_t n)
{
	size_t k = 0, q = 0;

	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;       /* continues a character */
		if (crlf_one && s[i] == '\n' && i > 0 && s[i - 1] == '\r')
			continue;       /* the CR stood for both */
		while (q < n && cp[q] == k)
			out[q++] = i;
		k++;
	}
	while (q < n && cp[q] == k)
		out[q++] = len;
	while (q < n)
		out[q++] = SIZE_MAX;
	return k;
}
