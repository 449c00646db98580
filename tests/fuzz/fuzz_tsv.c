/*
 * The TSV reader and its escapes: the stream as one or two inputs, every
 * record written back through the writer, and split again as tx-code's
 * batches split it (tsv_scan_line, tsv_split_line on a view), which must
 * agree with tsv_next; tsv_unescape on the raw bytes.
 * The first byte chooses: bit 0 a small --max-field (second byte + 1),
 * bit 1 the same file given twice (header repeated).
 */
#include "tsv.h"
#include "fuzz.h"

/* Printable ASCII but TAB, LF and CR, as a field without TSV_WIDE and TSV_CONTROL is. */
static int
plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			return 0;
	}
	return 1;
}

/* The record split again from its raw line, as tx-code's batches split it. */
static void
split_again(const struct tsv *t, struct tsv *v)
{
	char *copy = malloc(t->rawlen + 1);

	memcpy(copy, t->raw, t->rawlen + 1);
	if (tsv_scan_line(v, copy, t->rawlen)) {
		for (size_t i = 0; i <= t->ncol; i++)
			if (v->rawstart[i] != t->rawstart[i])
				abort();
		for (size_t i = 0; i < t->ncol; i++)
			if (!(v->fbits[i] & (TSV_WIDE | TSV_CONTROL)) &&
			    !plain(t->field[i], t->flen[i]))
				abort();
	}
	tsv_split_line(v, copy, t->rawlen);     /* may not fail: t took it */
	for (size_t i = 0; i < t->ncol; i++)
		if (v->flen[i] != t->flen[i] ||
		    memcmp(v->field[i], t->field[i], t->flen[i]) != 0 ||
		    !(t->fbits[i] & (TSV_WIDE | TSV_CONTROL)) != !(v->fbits[i] &
		    (TSV_WIDE | TSV_CONTROL)))
			abort();
	if (v->rawlen != t->rawlen || memcmp(v->raw, t->raw, t->rawlen) != 0)
		abort();
	free(copy);
}

static void
read_all(const char *path, int twice)
{
	char *files[2] = { (char *)path, (char *)path };
	struct tsv *volatile t = tsv_open(twice ? 2 : 1, files);
	struct tsv *volatile v = NULL;

	tsv_keep_raw(t);
	FUZZ_TRY(
		if (tsv_header(t)) {
			v = tsv_view(t);
			for (size_t i = 0; i < t->ncol; i++)
				tsv_write_str(t->col[i]);
			while (tsv_next(t)) {
				if (t->nfield != t->ncol)
					abort();
				for (size_t i = 0; i < t->nfield; i++)
					if (strlen(t->field[i]) != t->flen[i])
						abort();        /* NUL inside */
				split_again(t, v);
				tsv_write_row(t->field, t->flen, t->nfield);
			}
		}
	);
	tsv_view_free(v);
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
