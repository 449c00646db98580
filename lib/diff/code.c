/*
 * code.c: segments coded with both codebooks, as tx-code would code them,
 * into two codings streams in temporary files (removed at once, read back
 * through /dev/fd), so that the rest of tx-diff reads codings, and counts
 * and compares them with lib/count.c and lib/compare.c, whatever it was
 * given. Only the columns tx-diff reads are written: doc, seg, the --by
 * column, code, hits, match and coder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "tsv.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "diff/internal.h"

struct coding {
	struct tsv *t;
	const struct codebook *cb;
	int col[4];             /* doc, seg, by (or -1), text */
	struct buf *row;
	int undecided;
};

static void
add_field(struct buf *b, const char *s, size_t n, char end)
{
	tsv_escape(b, s, n);
	buf_char(b, end);
}

/* One row of the codings: the segment's doc, seg and by, then code. */
static void
add_row(struct coding *cd, const char *code, long hits, const char *m,
    size_t mlen)
{
	const struct tsv *t = cd->t;
	char num[24];

	for (int k = 0; k < 3; k++)
		if (cd->col[k] >= 0)
			add_field(cd->row, t->field[cd->col[k]],
			    t->flen[cd->col[k]], '\t');
	add_field(cd->row, code, strlen(code), '\t');
	add_field(cd->row, num, (size_t)snprintf(num, sizeof(num), "%ld",
	    hits), '\t');
	add_field(cd->row, m, mlen, '\t');
	add_field(cd->row, "auto", 4, '\n');
}

static void
on_code(const struct cb_result *r, void *arg)
{
	struct coding *cd = arg;
	const struct tsv *t = cd->t;

	if (r->error != 0) {
		tx_warn(t->name, t->lineno, "code \"%s\" of %s: %s (%s at "
		    "%s:%ld): counted as not matched", r->code->path,
		    cd->cb->name, codebook_strerror(r->error), r->errexcl ?
		    "exclude" : "pattern", cd->cb->name, r->errpat->line);
		cd->undecided = 1;
		return;
	}
	add_row(cd, r->code->path, r->hits, t->field[cd->col[3]] + r->mstart,
	    r->mlen);
}

/* A temporary file, already removed, open for writing and reading. */
static FILE *
temporary(char *name, size_t size)
{
	FILE *fp;
	int fd;

	if ((fd = tmp_fd()) < 0 || (fp = fdopen(fd, "w")) == NULL)
		tx_die(EXIT_DATA, tmp_dir(), 0, "cannot make a temporary file: %s "
		    "(set TMPDIR)", strerror(errno));
	snprintf(name, size, "/dev/fd/%d", fd);
	return fp;
}

int
cbdiff_code(struct cbdiff *d, struct codebook *cb[2], const char *by,
    int nfiles, char **files, char names[2][32])
{
	struct tsv *t = tsv_open(nfiles, files);
	struct coding cd[2];
	struct buf row = { 0 };
	int status;

	if (d->impl == NULL)
		d->impl = xcalloc(1, sizeof(*d->impl));
	for (int w = 0; w < 2; w++)
		d->impl->tmp[w] = temporary(names[w], sizeof(names[w]));
	memset(cd, 0, sizeof(cd));
	if (tsv_header(t)) {
		cd[0].t = t;
		cd[0].col[0] = tsv_need(t, "doc", NULL);
		cd[0].col[1] = tsv_need(t, "seg", NULL);
		cd[0].col[2] = by ? tsv_need_by(t, by) : -1;
		cd[0].col[3] = tsv_need(t, "text", "tx-diff codes segments "
		    "with their text");
		cd[0].row = &row;
		cd[1] = cd[0];
		buf_str(&row, "doc\tseg\t");
		if (by) {
			buf_str(&row, by);
			buf_char(&row, '\t');
		}
		buf_str(&row, "code\thits\tmatch\tcoder\n");
		for (int w = 0; w < 2; w++) {
			cd[w].cb = cb[w];
			codebook_prepare(cb[w], NULL);
			fwrite(row.s, 1, row.n, d->impl->tmp[w]);
		}
		while (tsv_next(t))
			for (int w = 0; w < 2; w++) {
				row.n = 0;
				if (codebook_match(cb[w], t->field[cd[w].col[3]],
				    t->flen[cd[w].col[3]], on_code, &cd[w]) == 0)
					add_row(&cd[w], "", 0, "", 0);
				fwrite(row.s, 1, row.n, d->impl->tmp[w]);
			}
	}
	buf_free(&row);
	for (int w = 0; w < 2; w++)
		if (fflush(d->impl->tmp[w]) != 0 || ferror(d->impl->tmp[w]))
			tx_die(EXIT_DATA, NULL, 0, "cannot write a temporary "
			    "file: %s (set TMPDIR)", strerror(errno));
	status = tsv_close(t);
	return status != 0 ? status : cd[0].undecided || cd[1].undecided ?
	    EXIT_DATA : EXIT_OK;
}
