/*
 * The codings stream (tx-code): every input column, with code, hits, match
 * and coder inserted before text (or, --no-text, in its place); a segment appears once for every code it
 * carries, in codebook order, and once with an empty code if it carries
 * none. One thread, or -j N: a pool of N threads coding batches, with the
 * output of one thread.
 */
#include <errno.h>
#include <inttypes.h>
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

/* The columns tx-code adds; a stream that has one is already coded. */

struct coding {
	struct tsv *t;          /* with tsv_keep_raw(): rows are written raw */
	int text, doc, seg;     /* column indexes; doc and seg may be -1 */
	int speaker;            /* for the codebook's speakers rules, or -1 */
	const char *coder;
	const struct codebook *book;
	int undecided;          /* a match hit a limit: exit 1 at the end */
	const char *front;      /* the record's columns but text, each + TAB */
	size_t frontlen;
	char *frontbuf;         /* front, when text is not the last column */
	size_t frontcap;
	const char *rawtext;    /* the text column as written */
	size_t rawtextlen;
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
	const struct tsv *t = cd->t;
	size_t ts = t->rawstart[cd->text], te = t->rawstart[cd->text + 1];
	size_t after;

	cd->rawtext = t->raw + ts;
	cd->rawtextlen = te - ts - 1;
	cd->front = t->raw;
	cd->frontlen = ts;
	if ((size_t)cd->text + 1 == t->ncol)
		return;         /* text is the last column, as it should be */
	after = t->rawlen - te;
	if (ts + after + 1 > cd->frontcap) {
		cd->frontcap = 2 * (ts + after + 1);
		cd->frontbuf = xrealloc(cd->frontbuf, cd->frontcap);
	}
	memcpy(cd->frontbuf, t->raw, ts);
	memcpy(cd->frontbuf + ts, t->raw + te, after);
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

/*
 * One row: the record's other columns, code (c: index of the code, or
 * ncode for none) hits match coder, its text.
 */
static void
write_row(const struct coding *cd, size_t c, long hits, const char *match,
    size_t mlen)
{
	size_t coder = cd->book->ncode + 1;

	out_write(cd->front, cd->frontlen);
	write_name(cd, c);
	out_char('\t');
	out_long(hits);
	out_char('\t');
	tsv_write_field(match, mlen);
	out_char('\t');
	write_name(cd, coder);
	if (!cd->book->notext) {
		out_char('\t');
		out_write(cd->rawtext, cd->rawtextlen);
	}
	out_char('\n');
}

/* A match that hit a limit: say where, and count the code as not carried. */
static void
report(struct coding *cd, const struct cb_result *r)
{
	const struct tsv *t = cd->t;
	const struct cb_code *c = r->code;

	tx_warn(t->name, t->lineno, "doc \"%s\" seg \"%s\" code \"%s\": %s "
	    "(%s at %s:%ld): counted as not matched",
	    cd->doc >= 0 ? t->field[cd->doc] : "",
	    cd->seg >= 0 ? t->field[cd->seg] : "", c->path,
	    codebook_strerror(r->error), r->errcol ? r->errcol :
	    r->errexcl ? "exclude" : "pattern",
	    cd->book->name, r->errpat->line);
	cd->undecided = 1;
}

static void
on_code(const struct cb_result *r, void *arg)
{
	struct coding *cd = arg;
	const struct tsv *t = cd->t;

	if (r->error != 0) {
		report(cd, r);
		return;
	}
	write_row(cd, (size_t)(r->code - cd->book->code), r->hits,
	    t->field[cd->text] + r->mstart,
	    r->mlen);
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
	tsv_keep_raw(cd->t);
	name_lengths(cd);
	if (!tsv_header(cd->t))
		return 0;
	cd->speaker = !codebook_uses_speakers(cd->book) ? -1 :   /* rules.c */
	    tsv_need(cd->t, "speaker", "the codebook has speakers rules, which read it");
	cd->text = coding_header(cd->t, cd->book->notext);
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
	status = tsv_close(cd->t);
	return status != EXIT_OK ? status : cd->undecided ? EXIT_DATA : EXIT_OK;
}

static int
code_stream(struct codebook *cb, int nfiles, char **files,
    const char *coder, int coded_only)
{
	struct coding cd = { .coder = coder, .book = cb };

	if (coding_open(&cd, nfiles, files)) {
		while (tsv_next(cd.t)) {
			record_parts(&cd);
			if (cd.speaker >= 0)    /* rules.c */
				codebook_matcher_speaker(cb->m,
				    cd.t->field[cd.speaker], cd.t->flen[cd.speaker]);
			if (codebook_match(cb, cd.t->field[cd.text],
			    cd.t->flen[cd.text], on_code, &cd) == 0 &&
			    !coded_only)
				write_row(&cd, cb->ncode, 0, "", 0);
		}
	}
	return coding_close(&cd);
}

/*
 * -j N: a pool of N threads codes batches of records (lib/codebook/codebook.c)
 * and formats their rows (records_format); this thread reads them, copying
 * each record's fields into its batch, and writes each batch's rows in
 * input order once it is done, so the output is that of -j 1.
 */
#define BATCH_BYTES (256 * 1024)
/*
 * A batch's rows wait for their turn in memory, and with many codes they
 * are tens of times its input (a long segment carrying 300 codes makes
 * 25 MB). The pool formats rows up to about OUT_BYTES a batch, and this
 * thread writes the rest itself; a batch takes in what should make about
 * OUT_BYTES of rows, judged by the last one written (from MIN_BATCH to
 * BATCH_BYTES of input).
 */
#define OUT_BYTES (512 * 1024)
#define MIN_BATCH (8 * 1024)

struct records {
	struct cb_batch b;      /* the texts, and their codes once coded */
	char *buf;              /* every field, each followed by a NUL, */
	size_t buflen, bufcap;  /* then the raw record and a NUL */
	size_t *off, *flen;     /* nrec * ncol: each field's offset and length */
	size_t *rawoff, *rawlen;        /* nrec: the raw record's */
	size_t *rawstart;       /* nrec * (ncol + 1): as the reader's */
	long *line;
	const char **name;
	size_t nrec, cap;
	char **field;           /* ncol: one record's fields, when written */
	struct coding cd;       /* the writer's, with a front of its own */
	struct tsv view;        /* a record of the batch, as the reader's */
	struct buf out;         /* the batch's rows, formatted by the pool */
	size_t nformatted;      /* records whose rows are in out */
	size_t outsize;         /* the rows of all records, about */
	size_t nerr;            /* matches that hit a limit, in out's records */
	int coded_only;
};

static void
records_put(struct records *r, const struct tsv *t)
{
	size_t need = t->rawlen + 1, ns = t->ncol + 1;

	for (size_t i = 0; i < t->ncol; i++)
		need += t->flen[i] + 1;
	if (r->buflen + need > r->bufcap) {
		r->bufcap = r->bufcap ? r->bufcap : BATCH_BYTES;
		while (r->buflen + need > r->bufcap)
			r->bufcap *= 2;
		r->buf = xrealloc(r->buf, r->bufcap);
	}
	if (r->nrec == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->off = xrealloc(r->off, r->cap * t->ncol * sizeof(*r->off));
		r->flen = xrealloc(r->flen, r->cap * t->ncol * sizeof(*r->flen));
		r->rawoff = xrealloc(r->rawoff, r->cap * sizeof(*r->rawoff));
		r->rawlen = xrealloc(r->rawlen, r->cap * sizeof(*r->rawlen));
		r->rawstart = xrealloc(r->rawstart, r->cap * ns *
		    sizeof(*r->rawstart));
		r->line = xrealloc(r->line, r->cap * sizeof(*r->line));
		r->name = xrealloc(r->name, r->cap * sizeof(*r->name));
	}
	for (size_t i = 0; i < t->ncol; i++) {
		r->off[r->nrec * t->ncol + i] = r->buflen;
		r->flen[r->nrec * t->ncol + i] = t->flen[i];
		memcpy(r->buf + r->buflen, t->field[i], t->flen[i] + 1);
		r->buflen += t->flen[i] + 1;
	}
	r->rawoff[r->nrec] = r->buflen;
	r->rawlen[r->nrec] = t->rawlen;
	memcpy(r->buf + r->buflen, t->raw, t->rawlen + 1);
	r->buflen += t->rawlen + 1;
	memcpy(r->rawstart + r->nrec * ns, t->rawstart, ns * sizeof(*r->rawstart));
	r->line[r->nrec] = t->lineno;
	r->name[r->nrec++] = t->name;
}

/* Point r's view at its record k, as the reader held it. */
static void
records_view(struct records *r, size_t k)
{
	size_t ncol = r->view.ncol;

	for (size_t i = 0; i < ncol; i++)
		r->field[i] = r->buf + r->off[k * ncol + i];
	r->view.flen = r->flen + k * ncol;
	r->view.raw = r->buf + r->rawoff[k];
	r->view.rawlen = r->rawlen[k];
	r->view.rawstart = r->rawstart + k * (ncol + 1);
	r->view.name = r->name[k];
	r->view.lineno = r->line[k];
}

/*
 * The rows of record k of a coded batch, as code_stream writes them. A
 * match that hit a limit is reported; deferred (on the pool's threads),
 * counted in r->nerr for records_write to report in input order.
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
	if (carried == 0 && !r->coded_only)
		write_row(cd, cd->book->ncode, 0, "", 0);
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

	r->out.n = 0;
	r->nerr = 0;
	r->nformatted = 0;
	r->outsize = 0;
	out_to(&r->out);
	for (size_t k = 0; k < r->nrec; k++) {
		size_t rows = b->first[k + 1] - b->first[k];
		size_t size = (rows ? rows : 1) * (r->rawlen[k] + 128);

		r->outsize += size;
		if (full || (full = r->out.n + size > OUT_BYTES))
			continue;
		records_row(r, k, 1);
		r->nformatted = k + 1;
	}
	out_to(NULL);
}

/* Hand the records to the pool: the texts are where they will stay. */
static void
records_submit(struct records *r, struct cb_pool *pool, const struct coding *cd,
    int coded_only)
{
	size_t ncol = cd->t->ncol, text = (size_t)cd->text;
	char *frontbuf = r->cd.frontbuf;
	size_t frontcap = r->cd.frontcap;

	r->cd = *cd;
	r->cd.frontbuf = frontbuf;
	r->cd.frontcap = frontcap;
	r->cd.t = &r->view;
	r->view = *cd->t;
	r->field = xrealloc(r->field, ncol * sizeof(*r->field));
	r->view.field = r->field;
	r->coded_only = coded_only;
	r->b.n = 0;
	for (size_t k = 0; k < r->nrec; k++) {
		codebook_batch_add(&r->b, r->buf + r->off[k * ncol + text],
		    r->flen[k * ncol + text]);
		if (cd->speaker >= 0)   /* rules.c */
			codebook_batch_speaker(&r->b, r->buf + r->off[k * ncol +
			    (size_t)cd->speaker], r->flen[k * ncol +
			    (size_t)cd->speaker]);
	}
	r->b.then = records_format;
	r->b.arg = r;
	codebook_pool_submit(pool, &r->b);
}

/*
 * Wait for the records to be coded and formatted; report, and write them.
 * The input a batch should take next.
 */
static size_t
records_write(struct cb_pool *pool, struct records *r, struct coding *cd)
{
	size_t next = BATCH_BYTES;

	codebook_pool_wait(pool, &r->b);
	for (size_t k = 0; r->nerr > 0 && k < r->nformatted; k++)
		for (size_t j = r->b.first[k]; j < r->b.first[k + 1]; j++)
			if (r->b.res[j].error != 0) {
				records_view(r, k);
				report(&r->cd, &r->b.res[j]);
			}
	out_write(r->out.s, r->out.n);
	for (size_t k = r->nformatted; k < r->nrec; k++)
		records_row(r, k, 0);
	cd->undecided |= r->cd.undecided;
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
	free(r->off);
	free(r->flen);
	free(r->rawoff);
	free(r->rawlen);
	free(r->rawstart);
	free(r->line);
	free(r->name);
	free(r->field);
	free(r->cd.frontbuf);
	buf_free(&r->out);
}

static int
code_parallel(struct codebook *cb, int nfiles, char **files,
    const char *coder, int coded_only, int jobs)
{
	struct coding cd = { .coder = coder, .book = cb };
	size_t nslot = 2 * (size_t)jobs + 1, head = 0, tail = 0;
	size_t limit = BATCH_BYTES;
	struct records *slot = xcalloc(nslot, sizeof(*slot)), *cur = slot;
	struct cb_pool *pool;

	if (coding_open(&cd, nfiles, files)) {
		pool = codebook_pool(cb, jobs);
		while (tsv_next(cd.t)) {
			records_put(cur, cd.t);
			if (cur->buflen < limit)
				continue;
			records_submit(cur, pool, &cd, coded_only);
			if (++tail - head == nslot)     /* all busy: the oldest */
				limit = records_write(pool, &slot[head++ % nslot],
				    &cd);
			cur = &slot[tail % nslot];
		}
		if (cur->nrec > 0) {
			records_submit(cur, pool, &cd, coded_only);
			tail++;
		}
		while (head < tail)
			records_write(pool, &slot[head++ % nslot], &cd);
		codebook_pool_free(pool);
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
coding_run(struct codebook *cb, int nfiles, char **files, const char *coder,
    int coded_only, int jobs)
{
	return jobs > 1 ?
	    code_parallel(cb, nfiles, files, coder, coded_only, jobs) :
	    code_stream(cb, nfiles, files, coder, coded_only);
}
