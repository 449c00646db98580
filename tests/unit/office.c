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
#include "tx.h"
#include "office/office.h"

/* The whole of path, in memory; NULL (reported) if it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) != 0) {
		tx_warn(path, 0, "%s", strerror(errno));
		if (fp != NULL)
			fclose(fp);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, fp);
	if (ferror(fp) || *len != (size_t)st.st_size) {
		tx_warn(path, 0, "read error");
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	return buf;
}

int
main(int argc, char *argv[])
{
	char why[256], *data, *text;
	size_t size, len;
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
	if ((data = slurp(argv[1], &size)) == NULL)
		return EXIT_DATA;
	if (office_text(data, size, f, &text, &len, why, sizeof(why)) != 0) {
		tx_warn(argv[1], 0, "%s", why);
		free(data);
		return EXIT_DATA;
	}
	out_write(text, len);
	free(text);
	free(data);
	return out_close(EXIT_OK);
}
