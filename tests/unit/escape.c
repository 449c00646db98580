/*
 * escape: lib/tsv.c's tsv_plain_run (how many bytes need no escape)
 * against the plain rule, byte by byte, for tests/tsv-escape.bats: every
 * length to 80, with each byte that stops it (TAB, LF, CR, backslash) and
 * each that does not but is looked at closely (0x01, 0x0c, 0x0d's
 * neighbours, bytes beyond ASCII) at every position, over a run of
 * ordinary text. Prints the number of cases and exits 0, or the first
 * that differs and exits 1.
 */
#include <stdio.h>
#include <string.h>

#include "tsv.h"

static size_t
plain_rule(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
	    s[i] != '\\')
		i++;
	return i;
}

int
main(void)
{
	static const unsigned char probe[] = { '\t', '\n', '\r', '\\', 0x01,
	    0x0c, 0x0e, 0x1f, ' ', 0x7f, 0x80, 0xc3, 0xff };
	char s[96];
	long cases = 0;

	for (size_t n = 0; n <= 80; n++)
		for (size_t k = 0; k < sizeof(probe); k++)
			for (size_t at = 0; at <= n; at++) {
				for (size_t i = 0; i < n; i++)
					s[i] = (char)('a' + i % 26);
				if (at < n)
					s[at] = (char)probe[k];
				/* a second stop later on, past the first */
				if (at + 17 < n)
					s[at + 17] = '\\';
				cases++;
				if (tsv_plain_run(s, n) != plain_rule(s, n)) {
					printf("differ: length %zu, byte 0x%02x at %zu: "
					    "%zu, not %zu\n", n, probe[k], at,
					    tsv_plain_run(s, n), plain_rule(s, n));
					return 1;
				}
			}
	printf("%ld cases agree\n", cases);
	return 0;
}
