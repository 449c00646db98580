/*
 * lib/refi: the project reader. The bytes are read as tx-refi reads a
 * file: a zip archive if they begin "PK", else XML (a .qdc or a bare
 * project.qde). XML is also put in an archive as project.qde, beside a
 * source sources/a.txt that it may name (both stored), so that the XML gets fuzzed
 * with sources to map (almost any change to an archive fails its CRC).
 * What is read must hold together: every selection taken lies within its
 * source's text, every coding taken names a code; then the spans, the
 * attributes, the codebook CSV and the check are written (to /dev/null).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "fuzz.h"
#include "refi/refi.h"

static const char source[] = "\xef\xbb\xbfHello\r\nCaf\xc3\xa9 trust here\r\n"
    "End \xf0\x9f\x98\x80 of the text.\n";

/* An archive of data as project.qde and source as sources/a.txt, stored; malloc'd. */
static void *
archive_of(const uint8_t *data, size_t n, size_t *len)
{
	static const char *const name[] = { "project.qde", "sources/a.txt" };
	const void *part[] = { data, source };
	size_t size[] = { n, sizeof(source) - 1 };
	zip_source_t *out, *src;
	zip_stat_t st;
	zip_int64_t i;
	zip_t *za;
	void *buf;

	if ((out = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL)
		abort();
	zip_source_keep(out);
	if ((za = zip_open_from_source(out, ZIP_TRUNCATE, NULL)) == NULL)
		abort();
	for (size_t k = 0; k < 2; k++) {
		if ((src = zip_source_buffer_create(part[k], size[k], 0, NULL)) == NULL ||
		    (i = zip_file_add(za, name[k], src, 0)) < 0)
			abort();
		zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
	}
	if (zip_close(za) != 0 || zip_source_stat(out, &st) != 0 ||
	    zip_source_open(out) != 0)
		abort();
	buf = malloc(st.size);
	if (zip_source_read(out, buf, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(out);
	zip_source_free(out);
	*len = st.size;
	return buf;
}

static void
check(const struct refi_project *p)
{
	for (size_t i = 0; i < p->nsel; i++) {
		const struct refi_sel *s = &p->sel[i];

		if (s->ok && (s->bstart > s->bend || p->src[s->src].text == NULL ||
		    s->bend > p->src[s->src].len))
			abort();
	}
	for (size_t i = 0; i < p->ncoding; i++)
		if (p->coding[i].code >= (long)p->ncode)
			abort();
	for (size_t i = 0; i < p->ncode; i++)
		if (p->code[i].parent >= (long)i || p->code[i].path == NULL)
			abort();
}

static void
read_one(const char *path, int crlf)
{
	static struct refi_project p;
	struct refi_read_opts o = { .max_entry = 1 << 20, .crlf = crlf,
	    .check = crlf != 0 };

	/* an error ends refi_read with p whole as far as it got: freed too */
	FUZZ_TRY(
		refi_read(&p, path, &o);
		check(&p);
		refi_write_spans(&p, &o);
		refi_write_attrs(&p);
		qdc_to_csv(&p);
		refi_write_check(&p);
	);
	refi_free(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	void *zip = NULL;
	size_t len;

	read_one(fuzz_file(data, n, ".qdc"), -1);
	if (n < 2 || memcmp(data, "PK", 2) != 0) {
		zip = archive_of(data, n, &len);
		read_one(fuzz_file(zip, len, ".qdpx"), 1);
		read_one(fuzz_file(zip, len, ".qdpx"), 0);
		free(zip);
	}
	return 0;
}
