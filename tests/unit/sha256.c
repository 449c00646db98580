/*
 * sha256: lib/sha256.c from the command line, for tests/limits.bats.
 *
 *   sha256 [-p] [file]      the SHA-256 of the file (or standard input),
 *                           as sha256sum prints it; -p: with the portable
 *                           code, where the processor has SHA extensions
 *   sha256 -m key [file]    HMAC-SHA-256 under key (its bytes)
 */
#include <stdio.h>
#include <string.h>

#include "sha256.h"

int
main(int argc, char *argv[])
{
	unsigned char buf[65536 + 7], d[SHA256_LEN];
	char hex[65];
	const char *key = NULL;
	struct sha256 s;
	struct hmac_sha256 m;
	FILE *fp = stdin;
	size_t n, part;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		sha256_portable = 1;
		argv++, argc--;
	} else if (argc > 2 && strcmp(argv[1], "-m") == 0) {
		key = argv[2];
		argv += 2, argc -= 2;
	}
	if (argc > 1 && (fp = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	if (key)
		hmac_sha256_init(&m, key, strlen(key));
	else
		sha256_init(&s);
	/* Odd-sized parts, so that blocks straddle them. */
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		for (size_t at = 0; at < n; at += part) {
			part = n - at < 4099 ? n - at : 4099;
			if (key)
				hmac_sha256_add(&m, buf + at, part);
			else
				sha256_add(&s, buf + at, part);
		}
	if (key)
		hmac_sha256_end(&m, d);
	else
		sha256_end(&s, d);
	sha256_hex(d, hex);
	printf("%s\n", hex);
	return 0;
}
