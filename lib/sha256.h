/*
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104): the codebook's digest
 * in tx-report and the key that binds tx-code's cache files to their user.
 */
#ifndef TX_SHA256_H
#define TX_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
	int hw;         /* with the processor's SHA extensions */
};

void sha256_init(struct sha256 *s);
/* Tests: 1 makes the portable code hash, where the processor has SHA extensions. */
extern int sha256_portable;
void sha256_add(struct sha256 *s, const void *p, size_t n);
void sha256_end(struct sha256 *s, unsigned char out[SHA256_LEN]);

/* out = HMAC-SHA-256(key, the parts given in turn); n ends with 0. */
struct hmac_sha256 {
	struct sha256 inner, outer;
};
void hmac_sha256_init(struct hmac_sha256 *m, const void *key, size_t keylen);
void hmac_sha256_add(struct hmac_sha256 *m, const void *p, size_t n);
void hmac_sha256_end(struct hmac_sha256 *m, unsigned char out[SHA256_LEN]);

/* A digest as sha256sum prints it: 64 lower-case hex digits and a NUL. */
void sha256_hex(const unsigned char d[SHA256_LEN], char hex[65]);

#endif
