/*
 * guid.c: GUIDs. tx derives them from names, so that a code, source or
 * coder keeps its GUID from one export to the next and a tool that merges
 * projects by GUID sees the same thing twice as one.
 *
 * Why version 8 with SHA-256 and not version 5 with SHA-1: RFC 9562
 * (section 5.8, appendix B.2) gives UUIDv8 for name-based UUIDs made with
 * a hash other than MD5 or SHA-1, and tx already has SHA-256 (lib/sha256.h),
 * while SHA-1 would be new code for a hash no new design should use. The
 * REFI schema's GUIDType is a pattern of hex digits and takes any version.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sha256.h"
#include "tx.h"
#include "refi/refi.h"

/* tx-refi's namespace, a random UUID fixed once (b706a257-a2c9-446d-9be8-34ab8ade705e). */
static const unsigned char ns[16] = {
	0xb7, 0x06, 0xa2, 0x57, 0xa2, 0xc9, 0x44, 0x6d,
	0x9b, 0xe8, 0x34, 0xab, 0x8a, 0xde, 0x70, 0x5e
};

void
refi_guid(char out[REFI_GUID_LEN + 1], const char *kind, const char *name)
{
	unsigned char d[SHA256_LEN];
	struct sha256 s;
	char *p = out;

	sha256_init(&s);
	sha256_add(&s, ns, sizeof(ns));
	sha256_add(&s, kind, strlen(kind));
	sha256_add(&s, ":", 1);
	sha256_add(&s, name, strlen(name));
	sha256_end(&s, d);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x80);   /* version 8 */
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);   /* variant 10 */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", d[i]);
	}
	*p = '\0';
}

/* Whether s is 8-4-4-4-12 hex digits exactly. */
static int
plain_guid(const char *s, size_t n)
{
	if (n != REFI_GUID_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

char *
refi_guid_key(const char *s, int *quirk)
{
	size_t n = strlen(s);
	char *k;

	*quirk = 0;
	if (n == REFI_GUID_LEN + 2 && s[0] == '{' && s[n - 1] == '}' &&
	    plain_guid(s + 1, n - 2)) {
		s++;
		n -= 2;
		*quirk = 1;
	} else if (!plain_guid(s, n))
		*quirk = 3;
	k = xstrndup(s, n);
	for (char *c = k; *c; c++)
		if (isupper((unsigned char)*c)) {
			*c = (char)tolower((unsigned char)*c);
			if (*quirk == 0)
				*quirk = 2;
		}
	return k;
}
