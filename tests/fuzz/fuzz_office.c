/*
 * lib/office: the bytes given to office_text() as a .docx and as an .odt.
 * An input that does not begin "PK" (a zip's first bytes) is taken for the
 * document part itself and stored in an archive first, as
 * word/document.xml and as content.xml, so that the XML gets fuzzed, not
 * only the reading of archives (where almost every change fails a CRC).
 * The text made must be what office.h promises: no NUL, valid UTF-8, at
 * most OFFICE_MAX bytes, every line ended; a refusal must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "utf8.h"
#include "tx.h"
#include "office/office.h"

/* An archive of data[0, n) stored as both document parts; malloc'd. */
static void *
archive_of(const uint8_t *data, size_t n, size_t *len)
{
	static const char *const parts[] = { "word/document.xml", "content.xml" };
	zip_source_t *out, *part;
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
		if ((part = zip_source_buffer_create(data, n, 0, NULL)) == NULL)
			abort();
		if ((i = zip_file_add(za, parts[k], part, 0)) < 0)
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
check(const void *data, size_t n, enum office_format f)
{
	char why[256] = "", *text;
	size_t len;

	if (office_text(data, n, f, &text, &len, why, sizeof(why)) != 0) {
		if (why[0] == '\0')
			abort();
		return;
	}
	if (strlen(text) != len || utf8_check(text, len) != len ||
	    len > OFFICE_MAX || (len > 0 && text[len - 1] != '\n'))
		abort();
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	void *zip = NULL;
	size_t len = n;

	if (n < 2 || memcmp(data, "PK", 2) != 0)
		data = zip = archive_of(data, n, &len);
	check(data, len, OFFICE_DOCX);
	check(data, len, OFFICE_ODT);
	free(zip);
	return 0;
}
