/* table.h: CSV and TSV sheets (codebooks, attribute sheets), read raw. */
#ifndef TX_TABLE_H
#define TX_TABLE_H

#include <stddef.h>

/*
 * Sheets: CSV (libcsv) or TSV, by extension (.csv, .tsv, .tab, .txt), else
 * sniffed from the first line (a TAB means TSV). Read raw: no escapes.
 * A byte-order mark and CRLF line ends are dropped; short rows are padded
 * with empty fields; a row with more fields than the header is an error.
 * Blank lines are skipped.
 */
struct table_row {
	char **f;               /* ncol fields, never NULL */
	long line;              /* line of the file where the row starts */
};
struct table {
	const char *name;
	char **col;
	size_t ncol;
	struct table_row *row;
	size_t nrow;
};
/* 0 on success; otherwise the error has been reported and -1 returned. */
int table_load(struct table *tb, const char *path);
/*
 * The same from text[0, n), read from path already, so that a pipe is
 * read once; text is cut up in the parsing (a TSV sheet's).
 */
int table_parse(struct table *tb, const char *path, char *text, size_t n);
int table_col(const struct table *tb, const char *name);
/* The row that starts on line of the file, or NULL (rows are in line order). */
const struct table_row *table_row_at(const struct table *tb, long line);
void table_free(struct table *tb);
/*
 * The n bytes at s as one CSV field on standard output (out.h), quoted
 * where they hold a comma, quote or line end, and also where they begin or
 * end with white space, which table_load would trim. No separator.
 */
void table_write_field(const char *s, size_t n);

#endif
