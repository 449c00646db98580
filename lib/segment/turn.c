/*
 * turn.c: the turn state machine every format drives, and the rows it
 * writes. A label starts a turn; text joins the open segment; a markup
 * line, a new paragraph (unless --unit turn) or line (--unit line) ends it.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "utf8.h"
#include "tx.h"
#include "segment/internal.h"

/* Source bytes as a field: the CR of a CRLF dropped. */
static void
put_crlf(const struct doc *d, const char *s, size_t n)
{
	const char *cr;

	while (d->has_cr && (cr = memchr(s, '\r', n)) != NULL) {
		size_t k = (size_t)(cr - s);

		tsv_write_field(s, k + 1 < n && cr[1] == '\n' ? k : k + 1);
		s += k + 1;
		n -= k + 1;
	}
	tsv_write_field(s, n);
}

/* Source bytes as a field; with --lossy each invalid byte is U+FFFD. */
static void
put_src(const struct doc *d, const char *s, size_t n)
{
	size_t ok;

	while (d->lossy && (ok = utf8_check(s, n)) < n) {
		put_crlf(d, s, ok);
		out_write("\xef\xbf\xbd", 3);
		s += ok + 1;
		n -= ok + 1;
	}
	put_crlf(d, s, n);
}

/* One segment row; text NULL means the source bytes [start,end). */
static void
emit(struct doc *d, long line, size_t start, size_t end, const char *text,
    size_t tlen)
{
	d->seg++;
	if (!d->keep || d->opt->label_report)
		return;
	tsv_write_str(d->in->doc);
	tsv_sep();
	out_long(d->seg);
	tsv_sep();
	put_src(d, d->speaker.s, d->speaker.n);
	tsv_sep();
	out_str(d->turn_time);
	tsv_sep();
	put_src(d, d->section.s, d->section.n);
	tsv_sep();
	out_long(line);
	tsv_sep();
	out_long((long)start);
	tsv_sep();
	out_long((long)end);
	tsv_sep();
	for (size_t i = 0; i < d->opt->attrs.n; i++) {
		if (d->row)
			tsv_write_str(d->row->f[d->opt->attrs.col[i]]);
		tsv_sep();
	}
	if (text)
		put_src(d, text, tlen);
	else
		put_src(d, d->b + start, end - start);
	tsv_end();
}

/* The open segment, written out (cut into sentences with --unit sentence). */
void
seg_flush(struct doc *d)
{
	const struct mapped *built = d->built;
	const char *s = built ? built->text.s : d->b + d->start;
	size_t n = built ? built->text.n : d->end - d->start;
	size_t i = 0, i0 = 0, a, z;
	long line = d->line;

	if (!d->open)
		return;
	d->open = 0;
	if (d->opt->unit != SEG_SENTENCE) {
		if (built)
			emit(d, d->line, built->ms[0], built->me[n - 1], s, n);
		else
			emit(d, d->line, d->start, d->end, NULL, 0);
		return;
	}
	while (seg_sentence(s, n, &i, &a, &z)) {
		if (built) {
			emit(d, seg_line_of(d, built->ms[a]), built->ms[a],
			    built->me[z - 1], s + a, z - a);
		} else {
			for (; i0 < a; i0++)
				line += s[i0] == '\n';
			emit(d, line, d->start + a, d->start + z, NULL, 0);
		}
	}
}

/* A new turn: the open segment ends. */
void
seg_start_turn(struct doc *d, const char *sp, size_t sn, const char *time,
    int labelled)
{
	seg_flush(d);
	buf_set(&d->speaker, sp, sn);
	if (time != d->turn_time)
		seg_set_time(d->turn_time, time);
	d->turn_started = 1;
	d->turn_labelled = labelled;
	if (sn > 0 && d->nspk < 2 && (d->nspk == 0 || sn != d->spk1.n ||
	    memcmp(sp, d->spk1.s, sn) != 0)) {
		if (d->nspk++ == 0)
			buf_set(&d->spk1, sp, sn);
	}
	d->row = seg_attrs_row(d);
	d->keep = 1;
	if (d->opt->speakers.re)
		d->keep = seg_regex_match(&d->opt->speakers, d, sp, sn, 0) > 0;
	if (d->keep && d->opt->exclude.re)
		d->keep = seg_regex_match(&d->opt->exclude, d, sp, sn, 0) == 0;
}

/* A turn of the --unlabelled speaker ("" for continue and empty). */
static void
start_unlabelled(struct doc *d)
{
	const char *name = d->opt->unlab == SEG_NAME ? d->opt->unlab_name : "";

	seg_start_turn(d, name, strlen(name), d->cur_time, 0);
}

/*
 * A piece of text is to join the segment (para: it starts a paragraph),
 * which ends before it with --unit line, or at a paragraph unless --unit
 * turn: 1 if the piece opens a new segment.
 */
int
seg_piece_begin(struct doc *d, int para)
{
	if (d->opt->unit == SEG_LINE || (para && d->opt->unit != SEG_TURN))
		seg_flush(d);
	if (d->open)
		return 0;
	d->open = 1;
	return 1;
}

/* The piece has joined: with --unit line it is a segment of its own. */
void
seg_piece_end(struct doc *d)
{
	if (d->opt->unit == SEG_LINE)
		seg_flush(d);
}

/*
 * A stage direction kept (--keep-directions): [p,q) is a segment of its
 * own, whole (not cut into sentences), with no speaker, since no one says
 * it, and kept whatever --speakers says; the turn it interrupts goes on
 * after it, as it does after a direction left out.
 */
void
seg_direction(struct doc *d, size_t p, size_t q)
{
	struct buf speaker = d->speaker;
	const struct table_row *row = d->row;
	int keep = d->keep;

	seg_flush(d);
	d->speaker = (struct buf){ 0 };
	buf_set(&d->speaker, "", 0);
	d->row = seg_attrs_row(d);
	d->keep = 1;
	emit(d, d->lineno, p, q, NULL, 0);
	free(d->speaker.s);
	d->speaker = speaker;
	d->row = row;
	d->keep = keep;
	d->para_pending = 1;
}

/* Text or otter: the trimmed text [p,q) of a line joins the segment. */
static void
piece(struct doc *d, size_t p, size_t q, int para)
{
	if (seg_piece_begin(d, para)) {
		d->start = p;
		d->line = d->lineno;
	}
	d->end = q;
	seg_piece_end(d);
}

/* A markup line: it ends the segment it interrupts. */
void
seg_boundary(struct doc *d)
{
	seg_flush(d);
	d->para_pending = 1;
}

/* A text line that is not a label: maybe a turn of its own. */
static void
text_line(struct doc *d, size_t p, size_t q)
{
	int para = d->para_pending;

	d->para_pending = 0;
	if (para) {
		if (d->label_pending)
			d->label_pending = 0;
		else if (!d->turn_started ||
		    (d->opt->unlab != SEG_CONTINUE && d->turn_labelled))
			start_unlabelled(d);
	}
	piece(d, p, q, para);
}

static void
label_line(struct doc *d, size_t p, size_t q, const struct label *lab)
{
	const char *s = d->b + p;

	if (lab->time[0])
		seg_set_time(d->cur_time, lab->time);
	seg_start_turn(d, s + lab->sp, lab->sn, d->cur_time, 1);
	d->para_pending = 0;
	d->label_pending = 1;
	if (p + lab->rest < q) {
		d->label_pending = 0;
		piece(d, p + lab->rest, q, 1);
	}
}

/*
 * A text or otter line [p,q) that is no markup (pos: where it starts,
 * untrimmed): lab, its label, starts a turn; without one the text joins.
 */
void
seg_turn_line(struct doc *d, size_t pos, size_t p, size_t q,
    const struct label *lab)
{
	if (lab)
		label_line(d, pos, q, lab);
	else
		text_line(d, p, q);
}
