/* tsv.h: the TSV stream reader and writer, and column names. */
#ifndef TX_TSV_H
#define TX_TSV_H

#include <stddef.h>
#include <stdio.h>

#include "out.h"

/*
 * TSV stream reader. One reader walks a list of inputs ("-" or none is
 * standard input) as one stream: headers must be identical, a repeated header
 * line is skipped, fields are decoded in place in one reused buffer.
 *
 *   struct tsv *t = tsv_open(argc, argv);
 *   if (tsv_header(t)) {           0: empty input (no bytes at all)
 *       int ci = tsv_need(t, "text");   exits 1 naming the column if absent
 *       while (tsv_next(t)) use t->field[ci], t->flen[ci];
 *   }
 *   status = tsv_close(t);         EXIT_DATA if an input could not be read
 *
 * Bad data (ragged row, bad escape, invalid UTF-8, NUL byte, differing
 * headers) ends the tool with a message naming file and line, exit 1.
 * A missing file or a directory is reported and skipped; tsv_close() then
 * returns EXIT_DATA.
 */
struct tsv {
	char **files;
	int nfiles, fileno;
	FILE *fp;
	const char *name;       /* current input, "-" shown as "<stdin>" */
	const char *hdrname;    /* input the header came from */
	long lineno;            /* line of the current record in name */
	char *line;             /* the current line, inside rbuf */
	size_t linelen;
	char *hdr;              /* raw header line as first read */
	size_t hdrlen;
	char **col;             /* column names */
	size_t ncol;
	char **field;           /* decoded fields of the current record */
	size_t *flen;
	size_t nfield;
	int status;
	char *rbuf;             /* read buffer: lines are decoded where read */
	size_t rcap, rpos, rlen;
	int keepraw;            /* tsv_keep_raw() */
	int rawcr;              /* the line holds a literal CR */
	char *raw;              /* with tsv_keep_raw(): the record as written */
	size_t rawlen, rawcap;
	size_t *rawstart;       /* ncol + 1 offsets into raw */
};

/*
 * The longest field the reader takes, in bytes as written (default 256 MiB):
 * a longer one is an error naming file and line (exit 1) before the line is
 * held whole, rather than memory exhausted. tsv_set_max_field() sets it from
 * an option's argument ("4096", "64K", "16M", "1G"); a bad one is a usage
 * error.
 */
extern size_t tsv_max_field;
void tsv_set_max_field(const char *opt, const char *arg);

struct tsv *tsv_open(int nfiles, char **files);
int tsv_header(struct tsv *t);
int tsv_col(const struct tsv *t, const char *name);          /* index or -1 */
int tsv_need(struct tsv *t, const char *name, const char *hint);
/*
 * The column a --by names (tx-count, tx-compare, tx-report), else exit 2:
 * no column to group by, and where one differs from it only in case,
 * "columns are lower-case: did you mean 'locality'?".
 */
int tsv_need_by(const struct tsv *t, const char *by);
int tsv_next(struct tsv *t);
int tsv_close(struct tsv *t);
/*
 * The current record as it was written, for a tool that passes fields
 * through unchanged (tx-code) and so need not escape them again. After
 * tsv_keep_raw(t), each record also fills t->raw (t->rawlen bytes, TABs
 * between fields, NUL-terminated) and t->rawstart: field i is the
 * rawstart[i + 1] - rawstart[i] - 1 bytes at raw + rawstart[i]. The raw
 * bytes are exactly what tsv_write_field() makes of the decoded fields
 * (the one non-canonical form, a literal CR, is written \r there too).
 * Tools that do not ask pay nothing.
 */
void tsv_keep_raw(struct tsv *t);
/* Data error at the current record: message, then exit 1. */
_Noreturn void tsv_die(struct tsv *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Decode the four escapes in place; returns new length or -1 (bad escape at *bad). */
long tsv_unescape(char *s, size_t n, size_t *bad);

/* Writer: one field, escaped; the separator or line end after it. */
void tsv_write_field(const char *s, size_t n);
void tsv_write_str(const char *s);
#define tsv_sep() out_char('\t')
#define tsv_end() out_char('\n')
/* s[0..n) escaped as tsv_write_field writes it, appended to b. */
struct buf;
void tsv_escape(struct buf *b, const char *s, size_t n);
/* A whole row of n fields. */
void tsv_write_row(char **f, const size_t *len, size_t n);


/*
 * A value made into a column name: lower-cased, every run of characters
 * other than [a-z0-9] made one '_', '_' trimmed at both ends, empty gives
 * "x". Returns a new string.
 */
char *colname(const char *value);

/*
 * Column names made from values: the index of the first name equal to an
 * earlier one (*earlier: that one's), or -1 if they are distinct. Hashed,
 * so a million groups are checked in one pass, not pair by pair.
 */
long colname_clash(char *const *name, size_t n, size_t *earlier);

#endif
