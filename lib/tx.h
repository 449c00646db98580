/*
 * tx.h: what the tx tools share.
 *
 *   out_*      checked, buffered standard output (a full disk is exit 1,
 *              a closed pipe ends the tool quietly with exit 0)
 *   tx_warn    the one way to report: "tx-code: file:line: message"
 *   tsv_*      the stream reader (header, columns by name, escapes) and writer
 *   utf8_*     validation
 *   table_*    CSV or TSV sheets read raw (codebooks, attribute sheets)
 *   colname    a value made into a column name
 */
#ifndef TX_H
#define TX_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define TX_VERSION "0.1.0"

/* Exit statuses of every tool. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

extern const char *progname;

/*
 * Set progname from argv[0], and argv[0] to progname so that getopt's own
 * messages name the tool ("tx-code: unrecognized option '--x'"); keep the
 * tool's usage function (NULL: none) for tx_usage_error; ignore SIGPIPE
 * (EPIPE is handled on write).
 */
void tx_init(char *argv[], void (*usage)(int status));

/* "progname: file:line: message\n" on stderr; file may be NULL, line 0 omits it. */
void tx_warn(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tx_vwarn(const char *file, long line, const char *fmt, va_list ap);
/* tx_warn, flush the complete records written so far, exit with status. */
_Noreturn void tx_die(int status, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * exit(status). Built with -DTX_FUZZ (the fuzz targets of tests/fuzz), it
 * longjmps to *tx_fuzz_jmp instead when that is set; otherwise it is exit.
 */
_Noreturn void tx_exit(int status);
/* Out of memory is not a data error: report and exit 1. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A tool's usage(status) calls tx_usage. --help (status 0): synopsis and
 * text to stdout, exit 0. A usage error (status 2): the synopsis and
 * "Try 'progname --help'." to stderr, exit 2. text may be NULL.
 */
_Noreturn void tx_usage(int status, const char *synopsis, const char *text);

/*
 * A usage error is a command line wrong in itself, whatever the input: an
 * unknown option, an option without its argument or with a bad one, a
 * missing operand, options that do not go together. tx_usage_error says
 * what as tx_warn does ("tx-count: --value: ..."), then ends the tool
 * through its usage(EXIT_USAGE), as getopt's errors do.
 */
_Noreturn void tx_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * An option's argument, else a usage error naming opt and what was given:
 * a whole number (opt_whole, digits only) or a number (opt_real) from lo
 * to hi; or one of words (opt_word, a NULL-terminated list), as its index.
 */
long long opt_whole(const char *opt, const char *s, long long lo, long long hi);
double opt_real(const char *opt, const char *s, double lo, double hi);
int opt_word(const char *opt, const char *s, const char *const *words);

/* Print "progname VERSION" to stdout and exit 0. */
_Noreturn void tx_version(void);

/*
 * Standard output. Every byte goes through one buffer; errors are caught
 * at the write that fails. out_close() flushes and closes stdout and returns
 * the status to exit with (status, or EXIT_DATA if the close failed).
 */
void out_write(const void *p, size_t n);
void out_str(const char *s);
void out_char(int c);
/* A number in decimal, as out_printf("%ld") writes it but without parsing a format. */
void out_long(long v);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_flush(void);
int out_close(int status);

/*
 * A pipe (stdout, or a TSV input) is asked for a TX_PIPE_SIZE buffer
 * (Linux F_SETPIPE_SZ): the default 64 KiB makes a gigabyte cross in tens
 * of thousands of context switches. Anything else, or a refusal, is left
 * as it is.
 */
#define TX_PIPE_SIZE (1 << 20)
void tx_grow_pipe(int fd);

/* UTF-8: offset of the first byte of an invalid sequence, or n if all valid. */
size_t utf8_check(const char *s, size_t n);
/* The characters of valid UTF-8 s[0..n): bytes that do not continue one. */
size_t utf8_chars(const char *s, size_t n);

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
/* A whole row of n fields. */
void tsv_write_row(char **f, const size_t *len, size_t n);

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
int table_col(const struct table *tb, const char *name);
void table_free(struct table *tb);

/*
 * A value made into a column name: lower-cased, every run of characters
 * other than [a-z0-9] made one '_', '_' trimmed at both ends, empty gives
 * "x". Returns a new string.
 */
char *colname(const char *value);

#endif
