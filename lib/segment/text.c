/*
 * text.c: plain text, reStructuredText and Markdown transcripts (the
 * hearings). Headings set the section; time markers, italic and bracketed
 * lines are markup that ends a segment; everything else is labels and text.
 */
#include <string.h>

#include "segment/internal.h"

#define MAXSTYLES 32            /* heading styles told apart in one file */

/* A heading style: underline character, overline, or ATX level. */
struct hstyle {
	char c;
	char over;
	int atx;
	long count;
};

/* What the text parser knows of its document, from a first pass (survey). */
struct text {
	struct hstyle style[MAXSTYLES];
	int nstyle, sect_rank;
};

/* A character that may underline a reStructuredText title. */
static int
adorn_char(int c)
{
	switch (c) {
	case '=': case '-': case '^': case '~': case '*': case '+': case '#':
	case '"': case '\'': case '_': case ':': case '<': case '>': case '`':
		return 1;
	}
	return 0;
}

/* A line of one repeated adornment character, three or more: the char. */
static int
adornment(const char *s, size_t p, size_t q)
{
	char c = s[p];

	if (q - p < 3 || !adorn_char(c))
		return 0;
	for (size_t i = p; i < q; i++)
		if (s[i] != c)
			return 0;
	return c;
}

/*
 * A heading at the line [p,q) (ending at next): "# Title", a title with
 * an underline, or an overline, title and underline; the title's bounds,
 * its style and where the lines after it start. 2 for a lone adornment
 * line (a transition), 0 for none.
 */
static int
heading(const struct doc *d, size_t p, size_t q, size_t next, int prev_blank,
    size_t *tp, size_t *tq, struct hstyle *st, size_t *after)
{
	const char *s = d->b;
	size_t p1, q1, n1, p2, q2, n2;
	int c, k = 0;

	memset(st, 0, sizeof(*st));
	while (p + k < q && s[p + k] == '#' && k < 7)
		k++;
	if (k >= 1 && k <= 6 && (p + k == q || isws(s[p + k]))) {
		*tp = p + k;
		*tq = q;
		while (*tq > *tp && s[*tq - 1] == '#')
			(*tq)--;
		trim(s, tp, tq);
		st->atx = k;
		*after = next;
		return 1;
	}
	if ((c = adornment(s, p, q)) != 0) {
		if (prev_blank && seg_peek_line(s, d->n, next, &p1, &q1, &n1) &&
		    q1 > p1 && !adornment(s, p1, q1) &&
		    seg_peek_line(s, d->n, n1, &p2, &q2, &n2) &&
		    adornment(s, p2, q2) == c) {
			*tp = p1;
			*tq = q1;
			st->c = (char)c;
			st->over = 1;
			*after = n2;
			return 1;
		}
		*after = next;
		return 2;
	}
	if (!prev_blank || next >= d->n || !adorn_char(s[next]))
		return 0;
	if (seg_peek_line(s, d->n, next, &p1, &q1, &n1) && p1 == next &&
	    (c = adornment(s, p1, q1)) != 0) {
		*tp = p;
		*tq = q;
		st->c = (char)c;
		*after = n1;
		return 1;
	}
	return 0;
}

/* The rank of a heading style, from 1, adding it when counting. */
static int
style_rank(struct text *t, const struct hstyle *st, int add)
{
	int i;

	for (i = 0; i < t->nstyle; i++)
		if (t->style[i].c == st->c && t->style[i].over == st->over &&
		    t->style[i].atx == st->atx)
			break;
	if (i == t->nstyle) {
		if (!add || i == MAXSTYLES)
			return MAXSTYLES + 1;
		t->style[t->nstyle++] = *st;
	}
	if (add)
		t->style[i].count++;
	return i + 1;
}

/* A line wholly in italics (not bold): "*(Pause)*", "_sworn_". */
static int
italic_line(const char *s, size_t p, size_t q)
{
	char c = s[p];

	if (q - p < 3 || (c != '*' && c != '_') || s[q - 1] != c ||
	    s[p + 1] == c || s[q - 2] == c || isws(s[p + 1]))
		return 0;
	return memchr(s + p + 1, c, q - p - 2) == NULL;
}

/* A line wholly in brackets: the bracket it opens with closes at its end. */
static int
bracket_line(const char *s, size_t p, size_t q)
{
	char open = s[p], close;
	int depth = 0;

	if (open != '(' && open != '[')
		return 0;
	close = open == '(' ? ')' : ']';
	for (size_t i = p; i < q; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			return i == q - 1;
	}
	return 0;
}

/* "*(10.20 am)*", "(10.20 am)", "[00:12:31]": a time marker line. */
static int
time_marker(const char *s, size_t p, size_t q, char out[TIMELEN])
{
	if (italic_line(s, p, q)) {
		p++;
		q--;
	}
	if (q - p >= 3 && bracket_line(s, p, q))
		return seg_parse_time(s + p + 1, q - p - 2, out);
	return 0;
}

/*
 * First pass over a text document: its heading styles in order of
 * appearance with their counts (the top style is the title when it occurs
 * once, and sections are the level below it), its speaker list, and its
 * label candidates, for the survey to decide.
 */
static void
survey(struct doc *d, struct text *t)
{
	size_t pos = d->bom, p, q, next, tp, tq, l;
	struct hstyle st;
	struct label lab;
	unsigned form;
	int prev_blank = 1, h, para = 1, list = 0;
	char tm[TIMELEN];

	seg_survey_reset(&d->sv);
	for (; seg_peek_line(d->b, d->n, pos, &p, &q, &next); pos = next) {
		if (p == q) {
			para += !prev_blank;
			prev_blank = 1;
			list = 0;
			continue;
		}
		if ((h = heading(d, p, q, next, prev_blank, &tp, &tq, &st,
		    &next)) != 0) {
			if (h == 1)
				style_rank(t, &st, 1);
			para++;
			prev_blank = 0;
			continue;
		}
		prev_blank = 0;
		if (time_marker(d->b, p, q, tm) || italic_line(d->b, p, q) ||
		    bracket_line(d->b, p, q)) {
			para++;
			continue;
		}
		if (list) {
			seg_survey_list(&d->sv, d->b, p, q);
			seg_survey_text(&d->sv, para);
			continue;
		}
		if ((l = seg_speaker_list(d->b, p, q)) != 0) {
			seg_survey_list(&d->sv, d->b, l, q);
			list = l == q;
		}
		d->lineno = seg_line_of(d, pos);        /* for messages */
		if (seg_find_label(d, d->b + pos, q - pos, &lab, &form))
			seg_survey_add(d, pos, para, d->b + pos + lab.sp, lab.sn,
			    form);
		else
			seg_survey_text(&d->sv, para);
	}
	t->sect_rank = t->nstyle > 0 && t->style[0].count == 1 ? 2 : 1;
	seg_survey_decide(d);
}

/* A heading at the section level sets section; a higher one clears it. */
static void
set_section(struct doc *d, struct text *t, const struct hstyle *st, size_t tp,
    size_t tq)
{
	int rank = style_rank(t, st, 0);

	if (rank == t->sect_rank)
		buf_set(&d->section, d->b + tp, tq - tp);
	else if (rank < t->sect_rank)
		buf_set(&d->section, "", 0);
}

void
seg_text(struct doc *d)
{
	struct text t = { 0 };
	size_t pos, p, q, next, tp, tq;
	struct hstyle st;
	struct label lab;
	unsigned form;
	int prev_blank = 1, h;
	char tm[TIMELEN];

	survey(d, &t);
	d->para_pending = 1;
	d->lineno = seg_line_of(d, d->bom) - 1;
	for (pos = d->bom; seg_peek_line(d->b, d->n, pos, &p, &q, &next);
	    pos = next) {
		d->lineno++;
		if (p == q) {
			d->para_pending = prev_blank = 1;
			continue;
		}
		if ((h = heading(d, p, q, next, prev_blank, &tp, &tq, &st,
		    &next)) != 0) {
			seg_boundary(d);
			if (h == 1)
				set_section(d, &t, &st, tp, tq);
			for (size_t k = q; k + 1 < next; k++)
				d->lineno += d->b[k] == '\n';
			prev_blank = 0;
			continue;
		}
		prev_blank = 0;
		if (time_marker(d->b, p, q, tm)) {
			seg_boundary(d);
			memcpy(d->cur_time, tm, TIMELEN);
			memcpy(d->turn_time, tm, TIMELEN);
			continue;
		}
		if (italic_line(d->b, p, q) || bracket_line(d->b, p, q)) {
			seg_boundary(d);
			if (d->opt->keep_directions && italic_line(d->b, p, q))
				seg_direction(d, p + 1, q - 1);
			else if (d->opt->keep_directions)
				seg_direction(d, p, q);
			continue;
		}
		/* labels see the line without its CR LF */
		seg_turn_line(d, pos, p, q, seg_survey_taken(d, pos) &&
		    seg_find_label(d, d->b + pos, q - pos, &lab, &form) ?
		    &lab : NULL);
	}
	seg_flush(d);
}
