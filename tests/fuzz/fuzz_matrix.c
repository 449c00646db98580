/*
 * The framework matrix (lib/report/matrix.c): a codings stream read and
 * written as tx-matrix writes it. The first byte chooses: bits 0-1 the
 * format (tsv, csv, md, html), bits 2-3 the cell (quotes, count,
 * summary), bit 4 --by grp, bit 5 --case speaker, bit 6 --depth 2, bit 7
 * --coder auto.
 */
#include "tsv.h"
#include "fuzz.h"
#include "report/report.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *files[1];
	struct matrix_options o = { .depth = 1, .quotes = 2, .width = 40 };
	struct matrix *volatile m;
	struct tsv *volatile t;
	int flags;

	if (n == 0)
		return 0;
	flags = data[0];
	o.format = flags & 3;
	o.cell = (flags >> 2) & 3;
	if (o.cell > MATRIX_SUMMARY)
		o.cell = MATRIX_QUOTES;
	o.by = flags & 16 ? "grp" : NULL;
	o.casecol = flags & 32 ? "speaker" : NULL;
	o.depth = flags & 64 ? 2 : 1;
	o.coder = flags & 128 ? "auto" : NULL;
	files[0] = (char *)fuzz_file(data + 1, n - 1, ".tsv");
	tsv_max_field = (size_t)256 << 20;
	m = matrix_new(&o);
	t = tsv_open(1, files);
	FUZZ_TRY(
		matrix_read(m, t);
		matrix_write(m);
	);
	matrix_free(m);
	tsv_close(t);
	return 0;
}
