/*
 * input.c: the inputs. Their document ids; each file read whole, checked,
 * and handed to its format's parser; the lines every parser walks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "opt.h"
#include "utf8.h"
#include "office/office.h"
#include "tx.h"
#include "segment/internal.h"

/* The line after the one ending at next: trimmed bounds; 0 at the end. */
int
seg_peek_line(const char *s, size_t n, size_t next, size_t *p, size_t *q,
    size_t *after)
{
	const char *nl;

	if (next >= n)
		return 0;
	nl = memchr(s + next, '\n', n - next);
	*p = next;
	*q = nl ? (size_t)(nl - s) : n;
	*after = nl ? *q + 1 : n;
	trim(s, p, q);
	return 1;
}

/* The line of byte offset off, counting on from the last one asked. */
long
seg_line_of(struct doc *d, size_t off)
{
	const char *p, *end = d->b + off;

	if (off < d->lc_off) {
		d->lc_off = 0;
		d->lc_line = 1;
	}
	for (p = d->b + d->lc_off; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		d->lc_line++;
	d->lc_off = off;
	return d->lc_line;
}

/* The document id of a path: --doc-id's match, else the base name. */
static char *
doc_id(const struct seg_opts *o, const char *path, const char *stdin_name)
{
	const char *base, *dot;
	size_t a = 0, b = 0;

	if (strcmp(path, "-") == 0)
		return xstrdup(stdin_name ? stdin_name : "stdin");
	if (o->docid.re) {
		if (!seg_regex_match(&o->docid, NULL, path, strlen(path), 0))
			tx_die(EXIT_USAGE, path, 0, "--doc-id does not match the path");
		if (!seg_regex_group(&o->docid, 1, &a, &b))
			seg_regex_group(&o->docid, 0, &a, &b);
		if (a == b)
			tx_die(EXIT_USAGE, path, 0, "--doc-id gives an empty id");
		return xstrndup(path + a, b - a);
	}
	base = strrchr(path, '/');
	base = base && base[1] ? base + 1 : path;
	dot = strrchr(base, '.');
	return xstrndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
}

/*
 * The document id of a path, from a path that is UTF-8: a file name that
 * is not (caf\xe9.txt, as a Windows zip unpacks) would make an id that is
 * not, and --doc-id cannot match it; exit 2 before the stream begins.
 */
char *
seg_doc_id(const struct seg_opts *o, const char *path, const char *stdin_name)
{
	opt_utf8_path(path);
	return doc_id(o, path, stdin_name);
}

static int
by_doc(const void *a, const void *b)
{
	const struct seg_input *x = *(const struct seg_input *const *)a;
	const struct seg_input *y = *(const struct seg_input *const *)b;

	return strcmp(x->doc, y->doc);
}

/* Two inputs with one id are an error naming both. */
void
seg_check_ids(struct seg_input *in, size_t n)
{
	const struct seg_input **sorted = xcalloc(n, sizeof(*sorted));

	for (size_t i = 0; i < n; i++)
		sorted[i] = &in[i];
	qsort(sorted, n, sizeof(*sorted), by_doc);
	for (size_t i = 1; i < n; i++)
		if (strcmp(sorted[i]->doc, sorted[i - 1]->doc) == 0)
			tx_die(EXIT_USAGE, NULL, 0, "%s and %s have the same doc id "
			    "\"%s\" (see --doc-id)", sorted[i - 1]->path,
			    sorted[i]->path, sorted[i]->doc);
	free(sorted);
}

/*
 * A whole file, read (never mapped: a file cut short while it is read is
 * an error, never a SIGBUS and half a record) into one reused buffer.
 * -1 (reported) if it cannot be read.
 */
static int
slurp(const char *path, struct source *src)
{
	if (file_read(path, &src->buf) != 0)
		return -1;
	src->s = src->buf.s;
	src->n = src->buf.n;
	return 0;
}

/* NUL bytes and UTF-8: 0, or EXIT_DATA (reported). */
static int
check_bytes(struct doc *d)
{
	const char *nul;
	size_t bad;

	if ((nul = memchr(d->b, '\0', d->n)) != NULL) {
		bad = (size_t)(nul - d->b);
		tx_warn(d->name, seg_line_of(d, bad),
		    "NUL byte at byte offset %zu", bad);
		return EXIT_DATA;
	}
	d->lossy = 0;
	if ((bad = utf8_check(d->b, d->n)) != d->n) {
		if (!d->opt->lossy) {
			tx_warn(d->name, seg_line_of(d, bad),
			    "invalid UTF-8 at byte offset %zu", bad);
			return EXIT_DATA;
		}
		d->lossy = 1;
	}
	return 0;
}

struct seg *
seg_new(const struct seg_opts *o)
{
	struct seg *sg = xcalloc(1, sizeof(*sg));

	sg->opt = o;
	sg->doc.opt = o;
	return sg;
}

/*
 * --text-out DIR: the text a Word or ODT file was read as, written to
 * DIR/DOC.txt (folders made for a doc id with /), so that start and end
 * lead back to the words. 0, or -1 reported.
 */
static int
write_text(const char *dir, const char *doc, const char *s, size_t n)
{
	size_t len = strlen(dir) + strlen(doc) + 6;
	char *path = xmalloc(len), *slash;
	ssize_t w;
	size_t done = 0;
	int fd, rc = -1;

	snprintf(path, len, "%s/%s.txt", dir, doc);
	(void)mkdir(dir, 0777);
	for (slash = path + strlen(dir) + 1; (slash = strchr(slash, '/')) != NULL;
	    slash++) {
		*slash = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			tx_warn(path, 0, "cannot make the folder: %s",
			    strerror(errno));
			free(path);
			return -1;
		}
		*slash = '/';
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) <
	    0) {
		tx_warn(path, 0, "%s", strerror(errno));
		free(path);
		return -1;
	}
	while (done < n && ((w = write(fd, s + done, n - done)) > 0 ||
	    (w < 0 && errno == EINTR)))
		if (w > 0)
			done += (size_t)w;
	if (done != n)
		tx_warn(path, 0, "write error: %s", strerror(errno));
	else if (close(fd) != 0)
		tx_warn(path, 0, "write error: %s", strerror(errno));
	else
		rc = 0;
	if (done != n)
		close(fd);
	free(path);
	return rc;
}

/*
 * A Word or ODT file: its text becomes the source that is segmented (and,
 * with --text-out, is written out). 0, or EXIT_DATA reported.
 */
static int
office_source(struct seg *sg, const struct seg_input *in, const char *name,
    enum seg_format fmt)
{
	char why[256], *text;
	size_t len;

	if (office_text(sg->file.s, sg->file.n, fmt == SEG_DOCX ? OFFICE_DOCX :
	    OFFICE_ODT, &text, &len, why, sizeof(why)) != 0) {
		tx_warn(name, 0, "%s", why);
		return EXIT_DATA;
	}
	free(sg->office);
	sg->office = text;
	sg->file.s = text;
	sg->file.n = len;
	if (sg->opt->text_out != NULL &&
	    write_text(sg->opt->text_out, in->doc, text, len) != 0)
		return EXIT_DATA;
	return 0;
}

/* A zip archive given as text: most likely a Word or ODT file misnamed. */
static int
zip_as_text(const struct source *f, const char *name)
{
	if (f->n < 4 || memcmp(f->s, "PK\003\004", 4) != 0)
		return 0;
	tx_warn(name, 0, "a zip archive, not text: a Word or OpenDocument file "
	    "is read when named .docx or .odt, or with --from docx or "
	    "--from odt");
	return 1;
}

/*
 * Check and segment one file. The whole file is checked before any of its
 * segments is written: a file with bad bytes gives none (EXIT_DATA).
 */
int
seg_file(struct seg *sg, const struct seg_input *in)
{
	struct doc *d = &sg->doc;
	enum seg_format fmt;
	int status;

	if (slurp(in->path, &sg->file) != 0)
		return EXIT_DATA;
	d->in = in;
	d->name = strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
	fmt = sg->opt->from;
	if (fmt == SEG_AUTO)
		switch (office_format_of(in->path)) {
		case OFFICE_DOCX: fmt = SEG_DOCX; break;
		case OFFICE_ODT:  fmt = SEG_ODT; break;
		default:          break;
		}
	if (fmt == SEG_DOCX || fmt == SEG_ODT) {
		if ((status = office_source(sg, in, d->name, fmt)) != 0)
			return status;
		fmt = SEG_AUTO;         /* the text's own format, sniffed */
	} else if (zip_as_text(&sg->file, d->name))
		return EXIT_DATA;
	d->b = sg->file.s;
	d->n = sg->file.n;
	d->lc_off = 0;
	d->lc_line = 1;
	if ((status = check_bytes(d)) == 0) {
		d->bom = has_prefix(d->b, d->n, "\xef\xbb\xbf") ? 3 : 0;
		d->has_cr = memchr(d->b, '\r', d->n) != NULL;
		if (fmt == SEG_AUTO)
			fmt = seg_sniff(in->path, d->b, d->n);
		d->seg = 0;
		d->turn_started = d->turn_labelled = d->open = 0;
		d->label_pending = 0;
		d->keep = 1;
		d->turn_time[0] = d->cur_time[0] = '\0';
		d->built = NULL;
		d->nspk = 0;
		d->row = in->row;
		buf_set(&d->speaker, "", 0);
		buf_set(&d->section, "", 0);
		if (fmt == SEG_VTT || fmt == SEG_SRT)
			seg_cues(d, &sg->cue, fmt == SEG_VTT);
		else if (fmt == SEG_OTTER)
			seg_otter(d);
		else
			seg_text(d);
		seg_survey_end(d);
	}
	return status;
}

void
seg_free(struct seg *sg)
{
	if (sg == NULL)
		return;
	free(sg->doc.speaker.s);
	free(sg->doc.section.s);
	free(sg->doc.spk1.s);
	seg_survey_free(&sg->doc.sv);
	free(sg->file.buf.s);
	free(sg->office);
	seg_cue_free(sg->cue);
	free(sg);
}
