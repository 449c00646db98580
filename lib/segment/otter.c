/*
 * otter.c: Otter exports. A header block, then turns that each start with
 * a line "Speaker Name  12:34", and maybe Otter's footer.
 */
#include <string.h>

#include "segment/internal.h"

/* "Speaker Name  12:34": Otter's turn line. */
int
seg_otter_label(const char *s, size_t n, struct label *lab)
{
	size_t q = n, t, p = 0;

	trim(s, &p, &q);
	t = q;
	while (t > p && (isdig(s[t - 1]) || s[t - 1] == ':'))
		t--;
	if (t == q || t < p + 3 || s[t - 1] != ' ' || s[t - 2] != ' ')
		return 0;
	if (!seg_parse_time(s + t, q - t, lab->time) ||
	    memchr(s + t, ':', q - t) == NULL)
		return 0;
	while (t > p && s[t - 1] == ' ')
		t--;
	if (t - p > 80 || memchr(s + p, ':', t - p) != NULL)
		return 0;
	lab->sp = p;
	lab->sn = t - p;
	lab->rest = n;
	return 1;
}

/* A turn line at the start of s[0..n): by --label-regex if given. */
static int
find_turn(const struct doc *d, const char *s, size_t n, struct label *lab)
{
	lab->time[0] = '\0';
	if (d->opt->label.re)
		return seg_regex_label(d, s, n, lab);
	return seg_otter_label(s, n, lab);
}

/* Where the header block ends: at the first turn line (none: no header). */
static size_t
body(const struct doc *d)
{
	size_t pos = d->bom, p, q, next;
	struct label lab;

	while (seg_peek_line(d->b, d->n, pos, &p, &q, &next)) {
		if (p != q && find_turn(d, d->b + pos, q - pos, &lab))
			return pos;
		pos = next;
	}
	return d->bom;          /* no turn line: all of it is text */
}

static int
otter_footer(const char *s, size_t p, size_t q)
{
	return has_prefix(s + p, q - p, "Transcribed by https://otter.ai");
}

/* The turn lines, for the survey: Otter's, or --label-regex's. */
static void
survey(struct doc *d, size_t from)
{
	size_t pos, p, q, next;
	struct label lab;

	seg_survey_reset(&d->sv);
	for (pos = from; seg_peek_line(d->b, d->n, pos, &p, &q, &next);
	    pos = next) {
		if (p == q || otter_footer(d->b, p, q))
			continue;
		d->lineno = seg_line_of(d, pos);        /* for messages */
		if (find_turn(d, d->b + pos, q - pos, &lab))
			seg_survey_add(d, pos, 0, d->b + pos + lab.sp, lab.sn,
			    d->opt->label.re ? LF_REGEX : LF_OTTER);
	}
	seg_survey_decide(d);
}

void
seg_otter(struct doc *d)
{
	size_t pos, p, q, next, from = body(d);
	struct label lab;

	survey(d, from);

	d->para_pending = 1;
	d->lineno = seg_line_of(d, from) - 1;
	for (pos = from; seg_peek_line(d->b, d->n, pos, &p, &q, &next);
	    pos = next) {
		d->lineno++;
		if (p == q) {
			d->para_pending = 1;
			continue;
		}
		if (otter_footer(d->b, p, q)) {
			seg_boundary(d);
			continue;
		}
		/* labels see the line without its CR LF */
		seg_turn_line(d, pos, p, q,
		    find_turn(d, d->b + pos, q - pos, &lab) ? &lab : NULL);
	}
	seg_flush(d);
}
