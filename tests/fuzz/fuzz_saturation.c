/*
 * Saturation (lib/saturation): a codings stream read in interview order
 * and written as tx-saturation writes it. The first byte chooses: bit 0
 * --order ord, bit 1 --depth 1, bit 2 --coder auto, bits 3-4 the table,
 * --summary, 3 --permutations, or both; bits 5-7 the base and run.
 */
#include "tsv.h"
#include "fuzz.h"
#include "saturation/saturation.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *files[1];
	struct sat_options o = { .threshold = 5 };
	struct saturation *volatile s;
	struct tsv *volatile t;
	int flags;

	if (n == 0)
		return 0;
	flags = data[0];
	o.order = flags & 1 ? "ord" : NULL;
	o.depth = flags & 2 ? 1 : 0;
	o.coder = flags & 4 ? "auto" : NULL;
	o.base = 1 + (flags >> 5);
	o.run = 1 + ((flags >> 5) & 3);
	files[0] = (char *)fuzz_file(data + 1, n - 1, ".tsv");
	tsv_max_field = (size_t)256 << 20;
	s = sat_new(&o);
	t = tsv_open(1, files);
	FUZZ_TRY(
		if (sat_read(s, t)) {
			switch ((flags >> 3) & 3) {
			case 1: sat_write_summary(s, 0, 0); break;
			case 3: sat_write_summary(s, 3, (uint64_t)flags); break;
			case 2: sat_write_permutations(s, 3, (uint64_t)flags); break;
			default: sat_write_table(s); break;
			}
		}
	);
	sat_free(s);
	tsv_close(t);
	return 0;
}
