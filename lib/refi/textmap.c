/*
 * textmap.c: REFI counts positions in Unicode code points from 0, end
 * exclusive; tx in bytes. A document's table of where each code point
 * starts maps both ways.
 */
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "refi/refi.h"

size_t
refi_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

void
textmap_build(struct refi_textmap *m, const char *s, size_t n, int crlf_one)
{
	size_t k = 0;

	m->at = xrealloc(m->at, (n + 1) * sizeof(*m->at));
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;       /* continues a character */
		if (crlf_one && s[i] == '\n' && i > 0 && s[i - 1] == '\r')
			continue;       /* the CR stood for both */
		m->at[k++] = i;
	}
	m->at[k] = n;
	m->ncp = k;
}

void
textmap_free(struct refi_textmap *m)
{
	free(m->at);
	m->at = NULL;
	m->ncp = 0;
}
