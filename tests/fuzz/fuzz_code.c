/*
 * tx-code's matching on random text with a fixed codebook: every text the
 * reader would pass (valid UTF-8, no NUL) is matched with JIT and with the
 * interpreter, which must agree wherever neither hit a limit, and every
 * match must lie inside the text.
 */
#include "utf8.h"
#include "fuzz.h"
#include "codebook/codebook.h"

static const char book[] =
    "code,pattern,exclude,description\n"
    "Financial issues,,,money\n"
    "Financial issues/GPs as businesses,\\bbusiness(es)?\\b,,\n"
    "Financial issues/GPs as businesses,\\bprofit|\\bpartners?\\b,\\bnot for profit,\n"
    "Financial issues/Funding,fund(ing|ed)?|\\bmoney\\b,,\n"
    "Access/Waiting,\\bwait(ing)?\\b.{0,40}\\b(list|weeks?)\\b,,\n"
    "Access/Phones,(?<!mobile )phone|8 ?am,,\n"
    "Care homes,care ?homes?|\\bresidents?\\b,,\n"
    "Care homes/Staff,(?-i)\\bNHS\\b|staff(ing)?,\\bagency,\n"
    "Unicode,caf\xc3\xa9|na\xc3\xafve|stra\xc3\x9f""e|\\p{Lu}{3},,\n"
    "Nested,(a|b|ab)+c|(\\w+\\s?)+!,,\n"
    "Anchors,^\\s*yes\\b|\\bno\\s*$|\\d{2}:\\d{2},,\n";

static struct codebook jit, interp;

struct got {
	struct cb_result r[32];
	size_t n;
	size_t len;
};

/* The only errors a match may end with: a limit (PCRE2's, or the total
 * budget of a segment and pattern, CB_ERROR_TOTAL). */
static int
limit(int error)
{
	return error == CB_ERROR_TOTAL || error == PCRE2_ERROR_MATCHLIMIT || error == PCRE2_ERROR_DEPTHLIMIT ||
	    error == PCRE2_ERROR_HEAPLIMIT || error == PCRE2_ERROR_JIT_STACKLIMIT ||
	    error == PCRE2_ERROR_NOMEMORY;
}

static void
on_code(const struct cb_result *r, void *arg)
{
	struct got *g = arg;

	if (r->error != 0 && !limit(r->error))
		abort();

	if (r->error == 0 && (r->hits < 1 || r->mstart + r->mlen > g->len ||
	    r->mlen == 0))
		abort();
	if (g->n < 32)
		g->r[g->n++] = *r;
}

static void
load(struct codebook *cb, int nojit)
{
	/* Lower than tx-code's limits, to keep runs short; the same for both. */
	struct cb_limits lim = { 100000, 100000, 4096, nojit };

	if (codebook_load(cb, fuzz_file((const uint8_t *)book,
	    sizeof(book) - 1, nojit ? ".1.csv" : ".0.csv")) != 0)
		abort();
	cb->nocache = 1;
	codebook_prepare(cb, &lim);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	const char *s = (const char *)data;
	struct got a = { .len = n }, b = { .len = n };
	int hard = 0;

	if (jit.ncode == 0) {
		load(&jit, 0);
		load(&interp, 1);
	}
	if (memchr(s, '\0', n) != NULL || utf8_check(s, n) != n)
		return 0;
	FUZZ_TRY(
		codebook_match(&jit, s, n, on_code, &a);
		codebook_match(&interp, s, n, on_code, &b);
	);
	for (size_t i = 0; i < a.n; i++)
		hard |= a.r[i].error != 0;
	for (size_t i = 0; i < b.n; i++)
		hard |= b.r[i].error != 0;
	if (hard)
		return 0;
	if (a.n != b.n)
		abort();
	for (size_t i = 0; i < a.n; i++)
		if (a.r[i].code != b.r[i].code - interp.code + jit.code ||
		    a.r[i].hits != b.r[i].hits || a.r[i].mstart != b.r[i].mstart ||
		    a.r[i].mlen != b.r[i].mlen)
			abort();
	return 0;
}
