/*
 * office: lib/office from the command line, for tests/office.bats.
 *
 *   office FILE    the text of FILE (a .docx or .odt, by its extension) on
 *                  standard output; else "office: FILE: why", exit 1
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "file.h"
#include "tx.h"
#include "office/office.h"

int
main(int argc, char *argv[])
{
	struct buf data = { 0 };
	char why[256], *text;
	size_t len;
	int f;

	tx_init(argv, NULL);
	if (argc != 2) {
		tx_warn(NULL, 0, "usage: office FILE.docx | FILE.odt");
		return EXIT_USAGE;
	}
	if ((f = office_format_of(argv[1])) < 0) {
		tx_warn(argv[1], 0, "not a .docx or .odt file name");
		return EXIT_USAGE;
	}
	if (file_read(argv[1], &data) != 0)
		return EXIT_DATA;
	if (office_text(data.s, data.n, f, &text, &len, why, sizeof(why)) != 0) {
		tx_warn(argv[1], 0, "%s", why);
		buf_free(&data);
		return EXIT_DATA;
	}
	out_write(text, len);
	free(text);
	buf_free(&data);
	return out_close(EXIT_OK);
}
