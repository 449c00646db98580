/* tsv.h: the TSV stream reader and writer, and column names. */
#ifndef TX_TSV_H
#define TX_TSV_H

#include <setjmp.h>
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
	size_t readsize;        /* tsv_read_size(); 0: as much as rbuf takes */
	int keepraw;            /* tsv_keep_raw() */
	int rawcr;              /* the line holds a literal CR */
	char *raw;              /* with tsv_keep_raw(): the record as written */
	size_t rawlen, rawcap;
	size_t *rawstart;       /* ncol + 1 offsets into raw */
	size_t *fstart;         /* ncol + 1: where each field starts in line */
	unsigned char *fbits;   /* ncol: TSV_* bits of each field */
	jmp_buf *fault;         /* a view's: where tsv_die goes, saying */
	char faultmsg[512];     /* this */
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
/*
 * What the reader's one pass over a line saw in each field (t->fbits[i]
 * after tsv_next): an escape, a byte beyond ASCII, a control character
 * other than TAB and CR. A field with none of the last two is printable
 * ASCII once decoded (escapes give only TAB, LF, CR and backslash), so
 * its text class needs no second look (lib/codebook/shape.h). A field
 * of a line that was not split the fast way has both.
 */
enum { TSV_ESCAPE = 1, TSV_WIDE = 2, TSV_CONTROL = 4 };
/*
 * Split elsewhere (tx-code's batches, coded on other threads): the next
 * data line into t->line (t->linelen bytes, NUL-terminated), t->name and
 * t->lineno, unsplit and valid until the next call; a later input's
 * header and a repeated header are checked and skipped as by tsv_next.
 * buffered: only a line already whole in the read buffer, so that the
 * lines returned before it stay where they are; else 0.
 */
int tsv_next_line(struct tsv *t, int buffered);
/*
 * Hand over the read buffer, with every line read since the last hand-over
 * where it lies, and read on in spare (NULL: a new buffer), into which the
 * part of a line read ahead is moved. *cap: spare's capacity, on return
 * that of the buffer handed over. tx-code -j: a batch keeps its lines.
 */
char *tsv_hand_over(struct tsv *t, char *spare, size_t *cap);
/* Read at most n bytes at a time (0: as many as the buffer takes). */
void tsv_read_size(struct tsv *t, size_t n);
/*
 * A view: a reader of t's columns that reads nothing, for splitting lines
 * on another thread; it keeps raw records (tsv_keep_raw).
 */
struct tsv *tsv_view(const struct tsv *t);
void tsv_view_free(struct tsv *v);
/*
 * The fast way, changing nothing: where each field of line[0, n) starts
 * (v->rawstart, as after tsv_keep_raw) and what it holds (v->fbits). 0
 * if the line has anything amiss or a literal CR: then tsv_split_line.
 */
int tsv_scan_line(struct tsv *v, const char *line, size_t n);
/*
 * Split line[0, n) in place into v->field, v->flen, v->raw and
 * v->rawstart, as tsv_next splits a record. Bad data ends the tool
 * naming v->name and v->lineno, or, with v->fault set, longjmps there
 * with the message in v->faultmsg.
 */
void tsv_split_line(struct tsv *v, char *line, size_t n);
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
/* How many bytes at s need no escape: n if s[0..n) is written as it is. */
size_t tsv_plain_run(const char *s, size_t n);
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
