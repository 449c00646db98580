/*
 * The codebook loader (lib/codebook): a CSV or TSV codebook, checked and
 * compiled; if it loads, prepared for matching (the interpreter, to keep
 * runs short) and matched against a fixed text.
 */
#include "fuzz.h"
#include "codebook/codebook.h"

static const char text[] = "Ms Smith said the GP surgery is a business, "
    "and the waiting list at the care home was long \xe2\x80\x94 caf\xc3\xa9 "
    "na\xc3\xafve \xc3\x9f\n\ttabs and\\backslashes (4B) 10:20:00";

static void
on_code(const struct cb_result *r, void *arg)
{
	(void)arg;
	if (r->error == 0 && (r->hits < 1 || r->mstart + r->mlen > sizeof(text) - 1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const char *ext[] = { ".csv", ".tsv", "", ".tab" };
	static const struct cb_limits lim = { 100000, 1000, 4096, 1 };
	struct codebook cb;
	const char *path;

	if (n == 0)
		return 0;
	path = fuzz_file(data + 1, n - 1, ext[data[0] & 3]);
	FUZZ_TRY(
		if (codebook_load(&cb, path) == 0) {
			cb.nocache = 1;         /* no file in ~/.cache per input */
			codebook_prepare(&cb, &lim);
			codebook_match(&cb, text, sizeof(text) - 1, on_code, NULL);
			codebook_free(&cb);
		}
	);
	return 0;
}
