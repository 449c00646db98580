/*
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104). On x86-64 processors
 * with the SHA extensions, blocks are hashed with them (several times
 * faster: tx-code checks the signature of every cached database it
 * loads, megabytes at 1,000 codes); else in portable C.
 */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

int sha256_portable;

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
sha_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], v[8], t1, t2;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3)) + w[i - 7] + (ROR(w[i - 2], 17) ^
		    ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) +
		    ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha_k[i] + w[i];
		t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) +
		    ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(*v));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

#ifdef SHA_NI
/* Whether the processor has the SHA extensions, and SSSE3 and SSE4.1 with them. */
static int
has_sha_ni(void)
{
	/*
	 * Asked once: CPUID traps to the hypervisor in a virtual machine,
	 * and tx-refi hashes a name per GUID. 0 unknown, 1 no, 2 yes; a race
	 * only asks twice.
	 */
	static _Atomic int known;
	unsigned a, b, c, d;
	int yes;

	if (known != 0)
		return known == 2;
	yes = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) &&
	    (c & bit_SSE4_1) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
	    (b & bit_SHA);
	known = yes ? 2 : 1;
	return yes;
}

/*
 * n blocks with the SHA extensions: four rounds at a time (sha256rnds2
 * twice), the message schedule four words at a time (sha256msg1,
 * sha256msg2), in Intel's arrangement of the state (ABEF, CDGH).
 */
__attribute__((target("sha,ssse3,sse4.1")))
static void
sha_blocks_ni(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i st0, st1, tmp, msg, w[4], save0, save1;

	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)h),
	    0xB1);                                      /* CDAB */
	st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)
	    (h + 4)), 0x1B);                            /* EFGH */
	st0 = _mm_alignr_epi8(tmp, st1, 8);             /* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);          /* CDGH */
	for (; n > 0; n--, p += 64) {
		save0 = st0;
		save1 = st1;
		for (int i = 0; i < 4; i++)
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
			    (const void *)(p + 16 * i)), swap);
		for (int g = 0; g < 16; g++) {
			msg = _mm_add_epi32(w[g % 4], _mm_loadu_si128(
			    (const __m128i *)(const void *)(sha_k + 4 * g)));
			st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
			st0 = _mm_sha256rnds2_epu32(st0, st1,
			    _mm_shuffle_epi32(msg, 0x0E));
			if (g >= 12)
				continue;
			/* W[4g + 16 ..]: from W[4g ..], W[4g + 4 ..], W[4g + 9 ..], W[4g + 12 ..]. */
			tmp = _mm_add_epi32(_mm_sha256msg1_epu32(w[g % 4],
			    w[(g + 1) % 4]), _mm_alignr_epi8(w[(g + 3) % 4],
			    w[(g + 2) % 4], 4));
			w[g % 4] = _mm_sha256msg2_epu32(tmp, w[(g + 3) % 4]);
		}
		st0 = _mm_add_epi32(st0, save0);
		st1 = _mm_add_epi32(st1, save1);
	}
	tmp = _mm_shuffle_epi32(st0, 0x1B);             /* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);             /* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);          /* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);             /* HGFE */
	_mm_storeu_si128((__m128i *)(void *)h, st0);
	_mm_storeu_si128((__m128i *)(void *)(h + 4), st1);
}
#endif

/* n blocks of 64 bytes at p. */
static void
sha_blocks(struct sha256 *s, const unsigned char *p, size_t n)
{
#ifdef SHA_NI
	if (s->hw) {
		sha_blocks_ni(s->h, p, n);
		return;
	}
#endif
	for (; n > 0; n--, p += 64)
		sha_block(s->h, p);
}

void
sha256_init(struct sha256 *s)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	    0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, h0, sizeof(h0));
#ifdef SHA_NI
	/* Decided once a hash: sha256_portable may change between hashes. */
	s->hw = !sha256_portable && has_sha_ni();
#else
	s->hw = 0;
#endif
	s->len = 0;
	s->n = 0;
}

void
sha256_add(struct sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->len += n;
	while (n > 0) {
		size_t take = 64 - s->n < n ? 64 - s->n : n;

		if (s->n == 0 && n >= 64) {     /* whole blocks where they lie */
			sha_blocks(s, p, n / 64);
			take = n / 64 * 64;
			p += take;
			n -= take;
			continue;
		}
		memcpy(s->buf + s->n, p, take);
		s->n += take;
		p += take;
		n -= take;
		if (s->n == 64) {
			sha_blocks(s, s->buf, 1);
			s->n = 0;
		}
	}
}

void
sha256_end(struct sha256 *s, unsigned char out[SHA256_LEN])
{
	unsigned char pad[72] = { 0x80 };
	uint64_t bits = s->len * 8;
	size_t n = (s->n < 56 ? 56 : 120) - s->n;

	for (int i = 0; i < 8; i++)
		pad[n + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_add(s, pad, n + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void
hmac_sha256_init(struct hmac_sha256 *m, const void *key, size_t keylen)
{
	unsigned char k[64] = { 0 }, pad[64];

	if (keylen > sizeof(k)) {
		struct sha256 s;

		sha256_init(&s);
		sha256_add(&s, key, keylen);
		sha256_end(&s, k);
	} else
		memcpy(k, key, keylen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&m->inner);
	sha256_add(&m->inner, pad, sizeof(pad));
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&m->outer);
	sha256_add(&m->outer, pad, sizeof(pad));
}

void
hmac_sha256_add(struct hmac_sha256 *m, const void *p, size_t n)
{
	sha256_add(&m->inner, p, n);
}

void
hmac_sha256_end(struct hmac_sha256 *m, unsigned char out[SHA256_LEN])
{
	unsigned char inner[SHA256_LEN];

	sha256_end(&m->inner, inner);
	sha256_add(&m->outer, inner, sizeof(inner));
	sha256_end(&m->outer, out);
}

void
sha256_hex(const unsigned char d[SHA256_LEN], char hex[65])
{
	static const char digit[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_LEN; i++) {
		hex[2 * i] = digit[d[i] >> 4];
		hex[2 * i + 1] = digit[d[i] & 15];
	}
	hex[64] = '\0';
}
