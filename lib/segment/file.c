/*
 * file.c: the inputs. Their document ids; each file read whole, checked,
 * and handed to its format's parser; the lines every parser walks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
char *
seg_doc_id(const struct seg_opts *o, const char *path, const char *stdin_name)
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
 * A whole file: a regular file is mapped, anything else (standard input,
 * a pipe) read into one reused buffer. -1 (reported) if it cannot be read.
 */
static int
slurp(const char *path, struct source *src)
{
	struct stat st;
	struct buf *b = &src->buf;
	ssize_t r;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);

	src->map = NULL;
	if (fd < 0) {
		tx_warn(path, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		tx_warn(path, 0, "is a directory");
		close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (src->map = mmap(NULL,
	    (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)) !=
	    MAP_FAILED) {
		src->s = src->map;
		src->n = (size_t)st.st_size;
		close(fd);
		return 0;
	}
	src->map = NULL;
	b->n = 0;
	for (;;) {
		if (b->cap - b->n < 65536) {
			b->cap = b->cap ? 2 * b->cap : 65536;
			b->s = xrealloc(b->s, b->cap);
		}
		r = read(fd, b->s + b->n, b->cap - b->n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			tx_warn(path, 0, "read error: %s", strerror(errno));
			if (fd != STDIN_FILENO)
				close(fd);
			return -1;
		}
		if (r == 0)
			break;
		b->n += (size_t)r;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	src->s = b->s;
	src->n = b->n;
	return 0;
}

static void
unmap(struct source *src)
{
	if (src->map)
		munmap(src->map, src->n);
	src->map = NULL;
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
	d->b = sg->file.s;
	d->n = sg->file.n;
	d->lc_off = 0;
	d->lc_line = 1;
	if ((status = check_bytes(d)) == 0) {
		d->bom = has_prefix(d->b, d->n, "\xef\xbb\xbf") ? 3 : 0;
		d->has_cr = memchr(d->b, '\r', d->n) != NULL;
		fmt = sg->opt->from != SEG_AUTO ? sg->opt->from :
		    seg_sniff(in->path, d->b, d->n);
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
	unmap(&sg->file);
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
	seg_cue_free(sg->cue);
	free(sg);
}
