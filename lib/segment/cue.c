/*
 * cue.c: WebVTT and SubRip captions. Each cue is a paragraph; its lines'
 * tags are removed (a voice tag names the speaker), so a segment's text is
 * built, each byte mapped to the source bytes it came from.
 */
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "segment/internal.h"

/* The cue parser's state, kept from one file to the next for its buffers. */
struct cue {
	struct mapped text;     /* the segment's text, with source offsets */
	struct mapped line;     /* one cue line, tags removed */
	struct buf voice;
	int vtt;                /* WebVTT, not SubRip */
};

static void
grow_map(struct mapped *m, size_t need)
{
	if (need <= m->cap)
		return;
	m->cap = need + need / 2 + 64;
	m->ms = xrealloc(m->ms, m->cap * sizeof(*m->ms));
	m->me = xrealloc(m->me, m->cap * sizeof(*m->me));
}

/* Append bytes of a cue line, all mapped to the source bytes [ms,me). */
static void
line_add(struct cue *c, const char *s, size_t n, size_t ms, size_t me)
{
	struct mapped *l = &c->line;

	grow_map(l, l->text.n + n);
	if (l->text.n + n + 1 > l->text.cap) {
		l->text.cap = l->text.n + n + 256;
		l->text.s = xrealloc(l->text.s, l->text.cap);
	}
	for (size_t k = 0; k < n; k++) {
		l->text.s[l->text.n] = s[k];
		l->ms[l->text.n] = ms;
		l->me[l->text.n++] = me;
	}
}

/* An entity WebVTT writes for a character: its text, or NULL. */
static const char *
entity(const char *s, size_t n, size_t *len)
{
	static const char *ent[][2] = { { "&amp;", "&" }, { "&lt;", "<" },
	    { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" },
	    { "&nbsp;", "\xc2\xa0" }, { NULL, NULL } };

	for (int i = 0; ent[i][0]; i++)
		if (has_prefix(s, n, ent[i][0])) {
			*len = strlen(ent[i][0]);
			return ent[i][1];
		}
	return NULL;
}

/*
 * A cue line [p,q) with its tags ("<i>", "<v Name>", "{\an8}") removed
 * and, for WebVTT, entities decoded, into c->line; a voice tag's name goes
 * to c->voice.
 */
static void
strip_tags(const struct doc *d, struct cue *c, size_t p, size_t q)
{
	const char *s = d->b, *gt, *rep;
	size_t i = p, len, a, z;

	c->line.text.n = 0;
	while (i < q) {
		char close = s[i] == '<' ? '>' : s[i] == '{' && i + 1 < q &&
		    s[i + 1] == '\\' ? '}' : 0;

		if (close && (gt = memchr(s + i, close, q - i)) != NULL) {
			if (s[i + 1] == 'v' && (s[i + 2] == ' ' || s[i + 2] == '.')) {
				a = i + 2;
				while (a < (size_t)(gt - s) && s[a] != ' ')
					a++;
				z = (size_t)(gt - s);
				trim(s, &a, &z);
				buf_set(&c->voice, s + a, z - a);
			}
			i = (size_t)(gt - s) + 1;
		} else if (c->vtt && s[i] == '&' &&
		    (rep = entity(s + i, q - i, &len)) != NULL) {
			line_add(c, rep, strlen(rep), i, i + len);
			i += len;
		} else {
			line_add(c, s + i, 1, i, i + 1);
			i++;
		}
	}
}

/*
 * Cue text [a,z) of c->line joins the segment; each cue is a paragraph,
 * whose time is its own.
 */
static void
cue_piece(struct doc *d, struct cue *c, size_t a, size_t z,
    const char *cue_time)
{
	struct mapped *t = &c->text;
	const struct mapped *l = &c->line;
	size_t need;
	int para = d->para_pending;

	d->para_pending = 0;
	if (seg_piece_begin(d, para)) {
		t->text.n = 0;
		d->line = seg_line_of(d, l->ms[a]);
		/* a cue or its line is a segment: the cue's own time */
		if (cue_time[0] && (d->opt->unit == SEG_PARAGRAPH ||
		    d->opt->unit == SEG_LINE))
			seg_set_time(d->turn_time, cue_time);
	}
	need = t->text.n + (z - a) + 1;
	grow_map(t, need);
	if (need + 1 > t->text.cap) {
		t->text.cap = need + need / 2 + 256;
		t->text.s = xrealloc(t->text.s, t->text.cap);
	}
	if (t->text.n > 0) {
		t->ms[t->text.n] = t->me[t->text.n] = t->me[t->text.n - 1];
		t->text.s[t->text.n++] = '\n';
	}
	memcpy(t->text.s + t->text.n, l->text.s + a, z - a);
	memcpy(t->ms + t->text.n, l->ms + a, (z - a) * sizeof(size_t));
	memcpy(t->me + t->text.n, l->me + a, (z - a) * sizeof(size_t));
	t->text.n += z - a;
	seg_piece_end(d);
}

/*
 * A cue line [p,q) without its tags, trimmed to c->line's [*a,*z), and
 * whether it has a label candidate (a voice tag has none): 1, lab, form.
 */
static int
cue_text(struct doc *d, struct cue *c, size_t p, size_t q, size_t *a,
    size_t *z, struct label *lab, unsigned *form)
{
	buf_set(&c->voice, "", 0);
	strip_tags(d, c, p, q);
	*a = 0;
	*z = c->line.text.n;
	trim(c->line.text.s, a, z);
	d->lineno = seg_line_of(d, p);          /* for messages */
	return c->voice.n == 0 && *a < *z && seg_find_label(d,
	    c->line.text.s + *a, *z - *a, lab, form);
}

/* One line of cue text; first: the cue's first line. */
static void
cue_line(struct doc *d, struct cue *c, size_t p, size_t q, int first,
    const char *cue_time)
{
	const struct seg_opts *o = d->opt;
	const char *line, *sp = NULL;
	struct label lab;
	size_t a, z, sn = 0;
	unsigned form;
	int cand = cue_text(d, c, p, q, &a, &z, &lab, &form);

	line = c->line.text.s;
	if (c->voice.n > 0) {
		sp = c->voice.s;
		sn = c->voice.n;
	} else if (cand && seg_survey_taken(d, p)) {
		sp = line + a + lab.sp;
		sn = lab.sn;
		a += lab.rest;
	} else if (first && (o->unlab != SEG_CONTINUE || !d->turn_started)) {
		sp = o->unlab == SEG_NAME ? o->unlab_name : "";
		sn = strlen(sp);
	}
	if (sp && (!d->turn_started || sn != d->speaker.n ||
	    memcmp(sp, d->speaker.s, sn) != 0))
		seg_start_turn(d, sp, sn, cue_time, 1);
	if (a < z)
		cue_piece(d, c, a, z, cue_time);
}

/* The first pass: a cue line's label candidate, for the survey. */
static void
cue_survey(struct doc *d, struct cue *c, size_t p, size_t q)
{
	struct label lab;
	size_t a, z;
	unsigned form;

	if (cue_text(d, c, p, q, &a, &z, &lab, &form))
		seg_survey_add(d, p, 0, c->line.text.s + a + lab.sp, lab.sn,
		    form);
}

/* A timing line "start --> end ...": the start time. */
int
seg_timing_line(const char *s, size_t p, size_t q, char out[TIMELEN])
{
	size_t a;

	for (a = p; a + 3 <= q && memcmp(s + a, "-->", 3) != 0; a++)
		;
	if (a + 3 > q)
		return 0;
	if (!seg_parse_time(s + p, a - p, out))
		out[0] = '\0';
	return 1;
}

static int
word_line(const char *s, size_t p, size_t q, const char *w)
{
	size_t k = strlen(w);

	return q - p >= k && memcmp(s + p, w, k) == 0 &&
	    (q - p == k || isws(s[p + k]));
}

/* One pass over the cues: the survey's (first) or the segments'. */
static void
walk(struct doc *d, struct cue *c, int vtt, int first_pass)
{
	size_t pos = d->bom, p, q, next, p2, q2, n2;
	char cue_time[TIMELEN] = "";
	int block_start = 1, skip = 0, first = 0;

	for (; seg_peek_line(d->b, d->n, pos, &p, &q, &next); pos = next) {
		if (p == q) {
			block_start = 1;
			skip = 0;
			continue;
		}
		if (skip)
			continue;
		if (block_start) {
			block_start = 0;
			if (vtt && ((pos == d->bom &&
			    has_prefix(d->b + p, q - p, "WEBVTT")) ||
			    word_line(d->b, p, q, "NOTE") ||
			    word_line(d->b, p, q, "STYLE") ||
			    word_line(d->b, p, q, "REGION"))) {
				skip = 1;
				continue;
			}
			if (seg_timing_line(d->b, p, q, cue_time)) {
				first = d->para_pending = 1;
				continue;
			}
			if (seg_peek_line(d->b, d->n, next, &p2, &q2, &n2) &&
			    seg_timing_line(d->b, p2, q2, cue_time)) {
				next = n2;      /* a cue identifier and its timing */
				first = d->para_pending = 1;
				continue;
			}
		}
		if (first_pass)
			cue_survey(d, c, p, q);
		else
			cue_line(d, c, p, q, first, cue_time);
		first = 0;
	}
}

void
seg_cues(struct doc *d, struct cue **state, int vtt)
{
	struct cue *c;

	if (*state == NULL)
		*state = xcalloc(1, sizeof(**state));
	c = *state;
	c->vtt = vtt;
	seg_survey_reset(&d->sv);
	walk(d, c, vtt, 1);
	seg_survey_decide(d);
	d->para_pending = 0;
	d->built = &c->text;
	walk(d, c, vtt, 0);
	seg_flush(d);
	d->built = NULL;
}

void
seg_cue_free(struct cue *c)
{
	if (c == NULL)
		return;
	free(c->text.text.s);
	free(c->text.ms);
	free(c->text.me);
	free(c->line.text.s);
	free(c->line.ms);
	free(c->line.me);
	free(c->voice.s);
	free(c);
}

