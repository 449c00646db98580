/*
 * The sheet loader (table_load) as --attrs uses it: CSV, TSV or sniffed by
 * the first byte's choice of extension; every column made a column name.
 * Then --attrs itself (seg_attrs_load: the key column, the stream names
 * and their clashes, keys that repeat), the header, and a join on the
 * first row's key, which must find its row, or with a speaker column a
 * row of that doc (bit 2: --attrs-missing empty).
 */
#include <string.h>

#include "tsv.h"
#include "table.h"
#include "fuzz.h"
#include "segment/segment.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const char *ext[] = { ".csv", ".tsv", "", ".txt" };
	/* static: set inside FUZZ_TRY, read after it */
	static struct seg_attrs a;
	static struct seg_input in;
	struct table tb;
	const char *path;

	if (n == 0)
		return 0;
	path = fuzz_file(data + 1, n - 1, ext[data[0] & 3]);
	FUZZ_TRY(
		if (table_load(&tb, path) == 0) {
			for (size_t i = 0; i < tb.ncol; i++) {
				char *c = colname(tb.col[i]);

				if (table_col(&tb, tb.col[i]) < 0 || *c == '\0')
					abort();
				free(c);
			}
			for (size_t r = 0; r < tb.nrow; r++)
				for (size_t i = 0; i < tb.ncol; i++)
					if (tb.row[r].f[i] == NULL || tb.row[r].line < 1)
						abort();
			table_free(&tb);
		}
	);
	memset(&a, 0, sizeof(a));
	a.missing_empty = (data[0] & 4) != 0;
	in.path = path;
	FUZZ_TRY(
		seg_attrs_load(&a, path);
		in.doc = a.sheet.nrow > 0 ? a.sheet.row[0].f[a.key] : "";
		seg_attrs_join(&a, &in, 1, path);
		/* a doc's row; with a speaker column, any row of the doc */
		if (a.sheet.nrow > 0 && (in.row == NULL || (a.by_speaker ?
		    strcmp(in.row->f[a.key], in.doc) != 0 :
		    in.row != &a.sheet.row[0])))
			abort();
		seg_header(&a);
	);
	seg_attrs_free(&a);
	return 0;
}
