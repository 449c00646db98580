/* UTF-8 validation (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "tx.h"

size_t
utf8_check(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, need;
	uint64_t w;
	unsigned c;

	while (i < n) {
		/* ASCII runs eight bytes at a time: most text is ASCII. */
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3;
		else
			return i;
		if (n - i <= need)
			return i;
		for (size_t k = 1; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
		if (c == 0xe0 && s[i + 1] < 0xa0)
			return i;       /* overlong */
		if (c == 0xed && s[i + 1] > 0x9f)
			return i;       /* surrogate */
		if (c == 0xf0 && s[i + 1] < 0x90)
			return i;       /* overlong */
		if (c == 0xf4 && s[i + 1] > 0x8f)
			return i;       /* above U+10FFFF */
		i += need + 1;
	}
	return n;
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t chars = 0;

	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars;
}
