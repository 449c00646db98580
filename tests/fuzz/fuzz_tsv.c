/*
 * The TSV reader and its escapes: the stream as one or two inputs, every
 * record written back through the writer; tsv_unescape on the raw bytes.
 * The first byte chooses: bit 0 a small --max-field (second byte + 1),
 * bit 1 the same file given twice (header repeated).
 */
#include "tsv.h"
#include "fuzz.h"

static void
read_all(const char *path, int twice)
{
	char *files[2] = { (char *)path, (char *)path };
	struct tsv *volatile t = tsv_open(twice ? 2 : 1, files);

	FUZZ_TRY(
		if (tsv_header(t)) {
			for (size_t i = 0; i < t->ncol; i++)
				tsv_write_str(t->col[i]);
			while (tsv_next(t)) {
				if (t->nfield != t->ncol)
					abort();
				for (size_t i = 0; i < t->nfield; i++)
					if (strlen(t->field[i]) != t->flen[i])
						abort();        /* NUL inside */
				tsv_write_row(t->field, t->flen, t->nfield);
			}
		}
	);
	tsv_close(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	size_t bad;
	char *copy;
	long len;
	int flags = n > 0 ? data[0] : 0;

	tsv_max_field = (size_t)256 << 20;
	if (n >= 2 && (flags & 1)) {
		tsv_max_field = (size_t)data[1] + 1;
		data += 2, n -= 2;
	} else if (n >= 1)
		data++, n--;
	read_all(fuzz_file(data, n, ".tsv"), flags & 2);

	copy = malloc(n + 1);
	memcpy(copy, data, n);
	copy[n] = '\0';
	len = tsv_unescape(copy, n, &bad);
	if (len > (long)n || (len < 0 && (bad >= n || copy[bad] != '\\')))
		abort();
	free(copy);
	return 0;
}
