/*
 * The codings stream (tx-code): every input column, with code, hits, match
 * and coder inserted before text (or, --no-text, in its place); a segment
 * appears once for every code it carries, in codebook order, and once with
 * an empty code if it carries none.
 *
 * Records are coded in batches. This thread reads lines, unsplit; the
 * thread that codes a batch splits its lines (records_prep), laying their
 * texts out joined by newlines so that Hyperscan scans the batch in one
 * call, codes them and formats their rows. With -j 1 that is this thread,
 * and a batch is the lines whole in the reader's buffer, where they stay;
 * with -j N, a pool of N threads, each batch holding a copy of its lines,
 * and this thread writes the batches' rows in input order, so the output
 * is that of -j 1. A fault in a line is found by the thread that splits
 * it and reported when the rows before it have been written, as -j 1 does.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "out.h"
#include "streams.h"
#include "tsv.h"
#include "tx.h"
#include "codebook.h"
#include "excerpts.h"

/* The stream being coded, and the record whose rows are being written. */
struct coding {
	struct tsv *t;
	size_t ncol;
	int text, doc, seg;     /* column indexes; doc and seg may be -1 */
	int speaker;            /* for the codebook's speakers rules, or -1 */
	const char *coder;
	int coded_only, notext;         /* struct coding_options */
	const struct codebook *book;
	int undecided;          /* a match hit a limit: exit 1 at the end */
	/* The record: its line as written, where its fields start in it
	 * (ncol + 1, as tsv_keep_raw gives them), its decoded text. */
	const char *raw;
	const size_t *rawstart;
	size_t rawlen;
	const char *text_of;
	const char *name;
	long lineno;
	const char *front;      /* the record's columns but text, each + TAB */
	size_t frontlen;
	char *frontbuf;         /* front, when text is not the last column */
	size_t frontcap;
	const char *rawtext;    /* the text column as written */
	size_t rawtextlen;
	int textplain;          /* it has no escape: nor has a match in it */
	struct buf field;       /* a field decoded for a message */
	const char **path;      /* name_lengths */
	size_t *pathlen;
	char *plain;
};

/*
 * The current record's columns as written: those before text and those
 * after it (contiguous in the raw line once text is cut out), and text.
 * Each row the record makes repeats them, so they are escaped no more.
 */
static void
record_parts(struct coding *cd)
{
	size_t ts = cd->rawstart[cd->text], te = cd->rawstart[cd->text + 1];
	size_t after;

	cd->rawtext = cd->raw + ts;
	cd->rawtextlen = te - ts - 1;
	cd->front = cd->raw;
	cd->frontlen = ts;
	if ((size_t)cd->text + 1 == cd->ncol)
		return;         /* text is the last column, as it should be */
	after = cd->rawlen - te;
	if (ts + after + 1 > cd->frontcap) {
		cd->frontcap = 2 * (ts + after + 1);
		cd->frontbuf = xrealloc(cd->frontbuf, cd->frontcap);
	}
	memcpy(cd->frontbuf, cd->raw, ts);
	memcpy(cd->frontbuf + ts, cd->raw + te, after);
	cd->frontbuf[ts + after] = '\t';
	cd->front = cd->frontbuf;
	cd->frontlen = ts + after + 1;
}

/*
 * Each code's path (index ncode: the empty code; ncode + 1: the coder),
 * with its length and whether it needs escaping (seldom): row after row
 * repeats them.
 */
static void
name_lengths(struct coding *cd)
{
	size_t n = cd->book->ncode;

	cd->path = xcalloc(n + 2, sizeof(*cd->path));
	cd->pathlen = xcalloc(n + 2, sizeof(*cd->pathlen));
	cd->plain = xcalloc(n + 2, 1);
	for (size_t i = 0; i <= n + 1; i++) {
		cd->path[i] = i < n ? cd->book->code[i].path : i == n ? "" :
		    cd->coder;
		cd->pathlen[i] = strlen(cd->path[i]);
		cd->plain[i] = strpbrk(cd->path[i], "\t\n\r\\") == NULL;
	}
}

static void
write_name(const struct coding *cd, size_t i)
{
	if (cd->plain[i])
		out_write(cd->path[i], cd->pathlen[i]);
	else
		tsv_write_field(cd->path[i], cd->pathlen[i]);
}

static char *
put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/*
 * One row: the record's other columns, code (c: index of the code, or
 * ncode for none) hits match coder, its text. Where nothing needs
 * escaping (nearly always), the parts before the text are copied into
 * the output at once.
 */
static void
write_row(const struct coding *cd, size_t c, long hits, const char *match,
    size_t mlen)
{
	size_t coder = cd->book->ncode + 1;
	int notext = cd->notext;
	char *p;

	if (cd->plain[c] && cd->plain[coder] && (cd->textplain ||
	    tsv_plain_run(match, mlen) == mlen) && (p = out_room(cd->frontlen + cd->pathlen[c] + mlen +
	    cd->pathlen[coder] + 24)) != NULL) {
		p = put(p, cd->front, cd->frontlen);
		p = put(p, cd->path[c], cd->pathlen[c]);
		*p++ = '\t';
		p = out_put_long(p, hits);
		*p++ = '\t';
		p = put(p, match, mlen);
		*p++ = '\t';
		p = put(p, cd->path[coder], cd->pathlen[coder]);
		*p++ = notext ? '\n' : '\t';
		out_commit(p);
		if (!notext) {
			out_ref(cd->rawtext, cd->rawtextlen);
			out_char('\n');
		}
		return;
	}
	out_write(cd->front, cd->frontlen);
	write_name(cd, c);
	out_char('\t');
	out_long(hits);
	out_char('\t');
	tsv_write_field(match, mlen);
	out_char('\t');
	write_name(cd, coder);
	if (!notext) {
		out_char('\t');
		out_ref(cd->rawtext, cd->rawtextlen);  /* out_release: records_write */
	}
	out_char('\n');
}

/* Field col of the record, decoded, for a message (a fault there: as written). */
static const char *
record_field(struct coding *cd, int col)
{
	size_t s, bad;
	long n;

	if (col < 0)
		return "";
	s = cd->rawstart[col];
	cd->field.n = 0;
	buf_add(&cd->field, cd->raw + s, cd->rawstart[col + 1] - 1 - s);
	if ((n = tsv_unescape(cd->field.s, cd->field.n, &bad)) >= 0)
		cd->field.s[n] = '\0';
	return cd->field.s;
}

/* A match that hit a limit: say where, and count the code as not carried. */
static void
report(struct coding *cd, const struct cb_result *r)
{
	const struct cb_code *c = r->code;
	char *doc = xstrdup(record_field(cd, cd->doc));

	tx_warn(cd->name, cd->lineno, "doc \"%s\" seg \"%s\" code \"%s\": %s "
	    "(%s at %s:%ld): counted as not matched", doc,
	    record_field(cd, cd->seg), c->path,
	    codebook_strerror(r->error), r->errcol ? r->errcol :
	    r->errexcl ? "exclude" : "pattern",
	    cd->book->name, r->errpat->line);
	free(doc);
	cd->undecided = 1;
}

static void
on_code(const struct cb_result *r, void *arg)
{
	struct coding *cd = arg;

	if (r->error != 0) {
		report(cd, r);
		return;
	}
	write_row(cd, (size_t)(r->code - cd->book->code), r->hits,
	    cd->text_of + r->mstart, r->mlen);
}

/*
 * Check that t holds segments, not codings, and write the codings' header
 * (notext: without text); the text column's index.
 */
int
coding_header(struct tsv *t, int notext)
{
	const size_t nadded = sizeof(CODINGS_ADDED_COLS) /
	    sizeof(*CODINGS_ADDED_COLS);
	int text;

	for (size_t k = 0; k < nadded; k++)
		if (tsv_col(t, CODINGS_ADDED_COLS[k]) >= 0)
			tx_die(EXIT_DATA, t->hdrname, 1, "the input already has "
			    "a \"%s\" column: it is a codings stream, not "
			    "segments (cut code, hits, match and coder to "
			    "code it again)", CODINGS_ADDED_COLS[k]);
	text = tsv_need(t, "text", "tx-code reads segments, as tx-segment "
	    "writes them");
	for (size_t i = 0; i < t->ncol; i++)
		if ((int)i != text) {
			tsv_write_str(t->col[i]);
			tsv_sep();
		}
	for (size_t k = 0; k < nadded; k++) {
		tsv_write_str(CODINGS_ADDED_COLS[k]);
		if (k + 1 < nadded || !notext)
			tsv_sep();
	}
	if (!notext)
		tsv_write_str("text");
	tsv_end();
	return text;
}

/*
 * Open the segments for coding and write the codings' header: 0 for an
 * empty input (no header, nothing to write).
 */
static int
coding_open(struct coding *cd, int nfiles, char **files)
{
	cd->t = tsv_open(nfiles, files);
	name_lengths(cd);
	if (!tsv_header(cd->t))
		return 0;
	cd->ncol = cd->t->ncol;
	cd->speaker = !codebook_uses_speakers(cd->book) ? -1 :   /* rules.c */
	    tsv_need(cd->t, "speaker", "the codebook has speakers rules, which read it");
	cd->text = coding_header(cd->t, cd->notext);
	cd->doc = tsv_col(cd->t, "doc");
	cd->seg = tsv_col(cd->t, "seg");
	return 1;
}

/* Close the segments; the exit status. */
static int
coding_close(struct coding *cd)
{
	int status;

	free(cd->frontbuf);
	free(cd->path);
	free(cd->pathlen);
	free(cd->plain);
	buf_free(&cd->field);
	status = tsv_close(cd->t);
	return status != EXIT_OK ? status : cd->undecided ? EXIT_DATA : EXIT_OK;
}

/*
 * A batch takes in about BATCH_BYTES of lines. Its rows wait for their
 * turn in memory, and with many codes they are tens of times its input (a
 * long segment carrying 300 codes makes 25 MB). The pool formats rows up
 * to about OUT_BYTES a batch, and this thread writes the rest itself; a
 * batch takes in what should make about OUT_BYTES of rows, judged by the
 * last one written (from MIN_BATCH to BATCH_BYTES of input).
 */
#define BATCH_BYTES (256 * 1024)
#define OUT_BYTES (512 * 1024)
#define MIN_BATCH (8 * 1024)
/* Defined bytes after the joined texts: PCRE2's JIT reads ahead in words. */
#define JOINED_PAD 64

/*
 * A line of a batch: where it was read (with a pool, in the read buffer
 * the batch holds), and as records_prep splits it: its
 * text decoded in cat, its speaker in side, and the line itself in side
 * when a literal CR had to be written \r (sideraw, else SIZE_MAX).
 */
struct record {
	const char *raw;
	size_t rawlen;
	long line;
	const char *name;
	size_t textoff, textlen, spkoff, spklen, sideraw;
	int ascii;              /* the text is printable ASCII */
	int plain;              /* as written, it has no escape */
};

struct records {
	struct cb_batch b;      /* the texts, and their codes once coded */
	char *buf;              /* with a pool: the read buffer of the lines */
	size_t bufcap;
	size_t buflen;          /* the lines' bytes */
	struct record *rec;
	size_t nrec, cap;
	size_t *rawstart;       /* nrec * (ncol + 1): each field's start */
	struct buf cat, side, scratch;
	struct tsv *view;
	size_t nok;             /* lines split: a fault in line nok if < nrec */
	struct coding cd;       /* the writer's, with a front of its own */
	struct out_held out;    /* the batch's rows, formatted by the pool */
	size_t nformatted;      /* records whose rows are in out */
	size_t outsize;         /* the rows of all records, about */
	size_t nerr;            /* matches that hit a limit, in out's records */
};

static void
records_room(struct records *r, size_t ncol)
{
	if (r->nrec < r->cap)
		return;
	r->cap = r->cap ? 2 * r->cap : 256;
	r->rec = xrealloc(r->rec, r->cap * sizeof(*r->rec));
	r->rawstart = xrealloc(r->rawstart, r->cap * (ncol + 1) *
	    sizeof(*r->rawstart));
}

/* The reader's current line into the batch, where it lies. */
static void
records_put(struct records *r, const struct tsv *t)
{
	struct record *rec;

	records_room(r, t->ncol);
	rec = &r->rec[r->nrec++];
	rec->raw = t->line;
	rec->rawlen = t->linelen;
	rec->line = t->lineno;
	rec->name = t->name;
	r->buflen += t->linelen + 1;
}

/* Decoded field s[0, n) (esc: it has escapes) appended to b; its offset. */
static size_t
put_decoded(struct buf *b, const char *s, size_t n, int esc)
{
	size_t off = b->n, bad;
	long len;

	buf_add(b, s, n);
	if (esc && (len = tsv_unescape(b->s + off, n, &bad)) >= 0)
		b->n = off + (size_t)len;
	return off;
}

/* tsv_split_line, a fault caught: 0, the message in v->faultmsg. */
static int
split_caught(struct tsv *v, char *line, size_t n)
{
	jmp_buf fault;

	if (setjmp(fault) != 0) {
		v->fault = NULL;
		return 0;
	}
	v->fault = &fault;
	tsv_split_line(v, line, n);
	v->fault = NULL;
	return 1;
}

/*
 * Split line k of the batch: where its fields start, its text decoded into
 * cat followed by a newline, its speaker into side. A line the fast scan
 * takes is not copied; another is split from a copy, the slow way, which
 * rewrites a literal CR and names a fault (0).
 */
static int
prep_line(struct records *r, size_t k)
{
	struct tsv *v = r->view;
	struct record *rec = &r->rec[k];
	const struct coding *cd = &r->cd;
	size_t ncol = cd->ncol, *rs = r->rawstart + k * (ncol + 1), s;
	int text = cd->text, spk = cd->speaker;

	if (tsv_scan_line(v, rec->raw, rec->rawlen)) {
		memcpy(rs, v->rawstart, (ncol + 1) * sizeof(*rs));
		s = rs[text];
		rec->textoff = put_decoded(&r->cat, rec->raw + s,
		    rs[text + 1] - 1 - s, v->fbits[text] & TSV_ESCAPE);
		rec->ascii = (v->fbits[text] & (TSV_WIDE | TSV_CONTROL)) == 0;
		rec->plain = (v->fbits[text] & TSV_ESCAPE) == 0;
		if (spk >= 0) {
			s = rs[spk];
			rec->spkoff = put_decoded(&r->side, rec->raw + s,
			    rs[spk + 1] - 1 - s, v->fbits[spk] & TSV_ESCAPE);
			rec->spklen = r->side.n - rec->spkoff;
		}
		rec->sideraw = SIZE_MAX;
	} else {
		r->scratch.n = 0;
		buf_add(&r->scratch, rec->raw, rec->rawlen);
		v->name = rec->name;
		v->lineno = rec->line;
		if (!split_caught(v, r->scratch.s, rec->rawlen))
			return 0;
		memcpy(rs, v->rawstart, (ncol + 1) * sizeof(*rs));
		rec->sideraw = r->side.n;
		rec->rawlen = v->rawlen;
		buf_add(&r->side, v->raw, v->rawlen);
		buf_char(&r->side, '\0');
		rec->textoff = put_decoded(&r->cat, v->field[text],
		    v->flen[text], 0);
		rec->ascii = rec->plain = 0;
		if (spk >= 0) {
			rec->spkoff = put_decoded(&r->side, v->field[spk],
			    v->flen[spk], 0);
			rec->spklen = v->flen[spk];
		}
	}
	rec->textlen = r->cat.n - rec->textoff;
	buf_char(&r->cat, '\n');
	return 1;
}

/*
 * On the thread that codes the batch (cb_batch.prep): split its lines,
 * up to a fault, and add their texts, joined.
 */
static void
records_prep(struct cb_batch *b, void *arg)
{
	struct records *r = arg;
	int spk = r->cd.speaker;

	r->cat.n = r->side.n = 0;
	for (r->nok = 0; r->nok < r->nrec; r->nok++)
		if (!prep_line(r, r->nok))
			break;          /* r->view->faultmsg says what */
	buf_reserve(&r->cat, JOINED_PAD);
	memset(r->cat.s + r->cat.n, 0, JOINED_PAD);
	b->n = 0;
	for (size_t k = 0; k < r->nok; k++) {
		struct record *rec = &r->rec[k];

		if (rec->sideraw != SIZE_MAX)
			rec->raw = r->side.s + rec->sideraw;
		codebook_batch_add(b, r->cat.s + rec->textoff, rec->textlen,
		    rec->ascii);
		if (spk >= 0)   /* rules.c */
			codebook_batch_speaker(b, r->side.s + rec->spkoff,
			    rec->spklen);
	}
	b->joined = r->cat.s;
	b->joinedlen = r->cat.n;
}

/* Point the writer at record k of the batch. */
static void
records_view(struct records *r, size_t k)
{
	const struct record *rec = &r->rec[k];

	r->cd.raw = rec->raw;
	r->cd.rawlen = rec->rawlen;
	r->cd.rawstart = r->rawstart + k * (r->cd.ncol + 1);
	r->cd.text_of = r->cat.s + rec->textoff;
	r->cd.name = rec->name;
	r->cd.lineno = rec->line;
	r->cd.textplain = rec->plain;
}

/*
 * The rows of record k of a coded batch. A match that hit a limit is
 * reported; deferred (on the pool's threads), counted in r->nerr for
 * records_write to report in input order.
 */
static void
records_row(struct records *r, size_t k, int defer)
{
	struct coding *cd = &r->cd;
	size_t carried = 0;

	records_view(r, k);
	record_parts(cd);
	for (size_t j = r->b.first[k]; j < r->b.first[k + 1]; j++) {
		if (r->b.res[j].error != 0 && defer) {
			r->nerr++;
			continue;
		}
		carried += r->b.res[j].error == 0;
		on_code(&r->b.res[j], cd);
	}
	if (carried == 0 && !cd->coded_only)
		write_row(cd, cd->book->ncode, 0, "", 0);
}

/* What a row of record k holds in memory, about: its text is referred to. */
static size_t
row_bytes(const struct records *r, size_t k)
{
	const size_t *rs = r->rawstart + k * (r->cd.ncol + 1);
	size_t text = rs[r->cd.text + 1] - 1 - rs[r->cd.text];
	size_t n = r->rec[k].rawlen + 128;

	return r->cd.notext || text >= OUT_REF_MIN ? n - text : n;
}

/*
 * On the thread that coded the batch (cb_batch.then): the rows of its
 * first records, into r->out, up to about OUT_BYTES.
 */
static void
records_format(struct cb_batch *b, void *arg)
{
	struct records *r = arg;
	int full = 0;

	out_held_clear(&r->out);
	r->nerr = 0;
	r->nformatted = 0;
	r->outsize = 0;
	out_to(&r->out);
	for (size_t k = 0; k < r->nok; k++) {
		size_t rows = b->first[k + 1] - b->first[k];
		size_t size = (rows ? rows : 1) * row_bytes(r, k);

		r->outsize += size;
		if (full || (full = r->out.bytes.n + size > OUT_BYTES))
			continue;
		records_row(r, k, 1);
		r->nformatted = k + 1;
	}
	out_to(NULL);
}

/* Make r the next batch of the stream coded by cd. */
static void
records_start(struct records *r, const struct coding *cd, int pooled)
{
	char *frontbuf = r->cd.frontbuf;
	size_t frontcap = r->cd.frontcap;
	struct buf field = r->cd.field;

	r->cd = *cd;
	r->cd.frontbuf = frontbuf;
	r->cd.frontcap = frontcap;
	r->cd.field = field;
	r->cd.undecided = 0;
	if (r->view == NULL)
		r->view = tsv_view(cd->t);
	r->b.prep = records_prep;
	r->b.then = pooled ? records_format : NULL;
	r->b.arg = r;
	r->nformatted = r->nerr = r->outsize = 0;
	out_held_clear(&r->out);
}

/* A fault in the input, once the rows before it are written. */
static _Noreturn void
die_at(const char *name, long line, const char *msg)
{
	tx_warn(name, line, "%s", msg);
	tx_exit(out_close(EXIT_DATA));
}

/*
 * Once the records are coded (and, with a pool, formatted): report, and
 * write them; then a fault in a line. The input a batch should take next.
 */
static size_t
records_write(struct records *r, struct coding *cd)
{
	size_t next = BATCH_BYTES;

	for (size_t k = 0; r->nerr > 0 && k < r->nformatted; k++)
		for (size_t j = r->b.first[k]; j < r->b.first[k + 1]; j++)
			if (r->b.res[j].error != 0) {
				records_view(r, k);
				report(&r->cd, &r->b.res[j]);
			}
	out_held_write(&r->out);
	for (size_t k = r->nformatted; k < r->nok; k++)
		records_row(r, k, 0);
	out_release();          /* the batch's lines are about to go */
	cd->undecided |= r->cd.undecided;
	if (r->nok < r->nrec)
		die_at(r->rec[r->nok].name, r->rec[r->nok].line,
		    r->view->faultmsg);
	if (r->outsize > OUT_BYTES) {
		next = (size_t)((double)r->buflen * OUT_BYTES / r->outsize);
		next = next < MIN_BATCH ? MIN_BATCH : next;
	}
	r->nrec = r->buflen = 0;
	return next;
}

static void
records_free(struct records *r)
{
	codebook_batch_free(&r->b);
	free(r->buf);
	free(r->rec);
	free(r->rawstart);
	buf_free(&r->cat);
	buf_free(&r->side);
	buf_free(&r->scratch);
	tsv_view_free(r->view);
	free(r->cd.frontbuf);
	buf_free(&r->cd.field);
	out_held_free(&r->out);
}

/*
 * The next line, unsplit (tsv_next_line); a fault in reading is caught
 * (1 in *fault, the message in t->faultmsg; t->name and t->lineno say
 * where), so that the batches before it are written first.
 */
static int
next_line_caught(struct tsv *t, int buffered, int *fault)
{
	jmp_buf jb;

	if (setjmp(jb) != 0) {
		t->fault = NULL;
		*fault = 1;
		return 0;
	}
	t->fault = &jb;
	if (!tsv_next_line(t, buffered)) {
		t->fault = NULL;
		return 0;
	}
	t->fault = NULL;
	return 1;
}

/* -j 1: batches of the lines whole in the reader's buffer. */
static int
code_stream(struct codebook *cb, int nfiles, char **files,
    const struct coding_options *o)
{
	struct coding cd = { .coder = o->coder, .coded_only = o->coded_only,
	    .notext = o->notext, .book = cb };
	struct records r = { 0 };
	int fault = 0;

	if (coding_open(&cd, nfiles, files)) {
		while (next_line_caught(cd.t, 0, &fault)) {
			records_start(&r, &cd, 0);
			do
				records_put(&r, cd.t);
			while (r.buflen < BATCH_BYTES &&
			    next_line_caught(cd.t, 1, &fault));
			codebook_batch_run(cb, &r.b);
			records_write(&r, &cd);
			if (fault)
				break;
		}
		if (fault)
			die_at(cd.t->name, cd.t->lineno, cd.t->faultmsg);
	}
	records_free(&r);
	return coding_close(&cd);
}

/*
 * -j N: the batches go to the pool, each with the read buffer its lines
 * lie in (tsv_hand_over), so that this thread copies none of them. The
 * reader reads as much as a batch should take in.
 */
static int
code_parallel(struct codebook *cb, int nfiles, char **files,
    const struct coding_options *o)
{
	struct coding cd = { .coder = o->coder, .coded_only = o->coded_only,
	    .notext = o->notext, .book = cb };
	size_t nslot = 2 * (size_t)o->jobs + 1, head = 0, tail = 0;
	struct records *slot = xcalloc(nslot, sizeof(*slot)), *cur;
	struct cb_pool *pool;
	int fault = 0;

	if (coding_open(&cd, nfiles, files)) {
		pool = codebook_pool(cb, o->jobs);
		while (!fault && next_line_caught(cd.t, 0, &fault)) {
			cur = &slot[tail % nslot];      /* written: free */
			records_start(cur, &cd, 1);
			do
				records_put(cur, cd.t);
			while (next_line_caught(cd.t, 1, &fault));
			cur->buf = tsv_hand_over(cd.t, cur->buf, &cur->bufcap);
			codebook_pool_submit(pool, &cur->b);
			if (++tail - head == nslot) {   /* all busy: the oldest */
				codebook_pool_wait(pool, &slot[head % nslot].b);
				tsv_read_size(cd.t, records_write(
				    &slot[head++ % nslot], &cd));
			}
		}
		while (head < tail) {
			codebook_pool_wait(pool, &slot[head % nslot].b);
			records_write(&slot[head++ % nslot], &cd);
		}
		codebook_pool_free(pool);
		if (fault)
			die_at(cd.t->name, cd.t->lineno, cd.t->faultmsg);
	}
	for (size_t i = 0; i < nslot; i++)
		records_free(&slot[i]);
	free(slot);
	return coding_close(&cd);
}

/*
 * --excerpts: another tool's coding, each excerpt found in the segments
 * (lib/excerpts.c). Excerpts found nowhere are listed; they make the exit
 * status 1 unless allowed.
 */
int
coding_excerpts(char **sheets, size_t nsheets, const struct excerpt_columns *cols,
    int nfiles, char **files, const char *coder, int coded_only,
    int allow_missing)
{
	struct excerpts x;
	struct tsv *t;
	int status, any;

	if (excerpts_load(&x, sheets, nsheets, cols) != 0)
		return EXIT_USAGE;
	t = tsv_open(nfiles, files);
	if ((any = tsv_header(t)) != 0) {
		tsv_need(t, "doc", "--excerpts finds each excerpt in its "
		    "document's segments");
		excerpts_code(&x, t, coding_header(t, 0), coder, coded_only);
	}
	status = tsv_close(t);
	if (any && excerpts_report(&x) > 0 && !allow_missing &&
	    status == EXIT_OK)
		status = EXIT_DATA;
	excerpts_free(&x);
	return status;
}

/* Lines of s, each after indent and the first after label. */
static void
list_text(int indent, const char *label, const char *s)
{
	const char *nl;
	int pad = (int)strlen(label);

	for (int first = 1; ; first = 0) {
		nl = strchr(s, '\n');
		out_printf("%*s%-*s%.*s\n", indent, "", pad, first ? label : "",
		    nl ? (int)(nl - s) : (int)strlen(s), s);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

/* The framework as an indented tree, for a coding meeting. */
void
codebook_list(const struct codebook *cb)
{
	for (size_t i = 0; i < cb->ncode; i++) {
		const struct cb_code *c = &cb->code[i];
		int in = 2 * c->depth;

		out_printf("%*s%s\n", in, "", c->name);
		for (size_t k = 0; k < c->npat; k++) {
			list_text(in + 4, "pattern: ", c->pat[k].src);
			codebook_list_rules(c, &c->pat[k], in + 6);     /* rules.c */
		}
		codebook_list_rules(c, NULL, in + 4);
		for (size_t k = 0; k < c->nexcl; k++)
			list_text(in + 4, "exclude: ", c->excl[k].src);
		if (c->desc)
			list_text(in + 4, "description: ", c->desc);
	}
}

int
coding_run(struct codebook *cb, int nfiles, char **files,
    const struct coding_options *o)
{
	return o->jobs > 1 ? code_parallel(cb, nfiles, files, o) :
	    code_stream(cb, nfiles, files, o);
}
