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

#include "fuzz.h"
#include "refi/refi.h"

static const char source[] = "\xef\xbb\xbfHello\r\nCaf\xc3\xa9 trust here\r\n"
    "End \xf0\x9f\x98\x80 of the text.\n";

/* An archive of data as project.qde and source as sources/a.txt, stored. */
static void
archive_of(const uint8_t *data, size_t n, struct buf *b)
{
	struct refi_zipw *w = zipw_new(1);

	zipw_add(w, "project.qde", data, n);
	zipw_add(w, "sources/a.txt", source, sizeof(source) - 1);
	zipw_finish(w, b);
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
	static struct buf zip;

	read_one(fuzz_file(data, n, ".qdc"), -1);
	if (n < 2 || memcmp(data, "PK", 2) != 0) {
		archive_of(data, n, &zip);
		read_one(fuzz_file((const uint8_t *)zip.s, zip.n, ".qdpx"), 1);
		read_one(fuzz_file((const uint8_t *)zip.s, zip.n, ".qdpx"), 0);
	}
	return 0;
}
