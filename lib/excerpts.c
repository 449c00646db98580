/*
 * Excerpts of another tool's coding, found again in the segments.
 *
 * The segment stream is read one document at a time (a document's
 * segments come together, as tx-segment writes them): its rows are held,
 * their texts folded and joined with a space into one string, and each
 * of the document's excerpts, folded the same way, is looked for in it.
 * Folding records for every byte it writes the offset, in the segment's
 * text, of the character it came from, so that what an excerpt covers is
 * known segment by segment and its part of each can be written as the
 * match.
 *
 * An excerpt's text can occur more than once in a document ("Yes."), and
 * where it lands must not depend on the order of the sheet's rows. Every
 * place is found; a speaker label in the excerpt ("MODERATOR: Yes") keeps
 * only the places where the text after it is in that speaker's segment.
 * Of the places left, those that fit best count: whole segments, else
 * whole words ("Yes" in "Yes, and" before "Yesterday"). An excerpt left
 * with one place is placed there and is an anchor; one with several takes
 * a place no excerpt of the same text took, the one nearest its
 * neighbours in the sheet (the anchors before and after it), the first
 * in the document among places equally near, and is then listed as
 * ambiguous.
 */
#include <stdlib.h>
#include <string.h>

#include "codebook/codebook.h"
#include "out.h"
#include "tsv.h"
#include "table.h"
#include "excerpts.h"

/* Folded text; with track, src[i] is where s[i] came from. */
struct fbuf {
	char *s;
	size_t *src;
	size_t len, cap;
	int track;
};

struct cover {                  /* an excerpt's part of one segment */
	size_t seg, code, ex;
	size_t mstart, mlen;    /* in the segment's text */
};

struct place {                  /* where an excerpt's folded text occurs */
	int kind;               /* in joined[kind] */
	size_t at, len;         /* there */
	size_t from, to;        /* in the document's texts end to end */
	int fit;                /* 2: whole segments, 1: whole words, 0: not */
	int taken;              /* chosen for an excerpt */
};

struct labels {                 /* the speaker labels of an excerpt */
	size_t *at;             /* folded offset of the text after each */
	size_t *name;           /* offset of the speaker's name in spk */
	size_t n, cap;
};

struct excerpt_doc {
	char *id;               /* the document being read */
	size_t idlen, idcap;
	/* Rows held: field f of row r at buf + off[r * ncol + f]. */
	char *buf;
	size_t len, cap;
	size_t *off, *flen;
	size_t nrow, caprow, ncol;
	int doccol, speaker, text;      /* column indexes; speaker may be -1 */
	struct joined {         /* the segments folded and joined */
		struct fbuf f;
		size_t *segstart, *segend;      /* each segment's range in f */
		size_t capseg;
		int built;
	} joined[2];            /* as written; without stage directions */
	struct fbuf ex;
	struct labels lab;      /* the excerpt's labels */
	size_t *base;           /* per row: its text's offset, texts end to end */
	size_t capbase;
	int seg;                /* the seg column, or -1 */
	struct place *place;    /* every excerpt's places, by d->list */
	size_t nplace, capplace;
	size_t *pfirst, *pnum;  /* per d->list entry */
	size_t cappl;
	char *spk;              /* speakers' names, each NUL-terminated */
	size_t spklen, spkcap;
	struct cover *cover;
	size_t ncover, capcover;
	size_t *list;           /* the document's excerpts */
	size_t nlist, caplist;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap = *cap ? 2 * *cap : 64;
	return xrealloc(p, *cap * size);
}

static void
put(struct fbuf *f, char c, size_t from)
{
	if (f->len == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 1024;
		f->s = xrealloc(f->s, f->cap);
		if (f->track)
			f->src = xrealloc(f->src, f->cap * sizeof(*f->src));
	}
	if (f->track)
		f->src[f->len] = from;
	f->s[f->len++] = c;
}

/* Bytes of the UTF-8 character that starts with c. */
static size_t
utf8_len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* White space (ASCII, no-break, the Unicode spaces): its length, or 0. */
static size_t
space_len(const unsigned char *s, size_t n)
{
	if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 ||
	    s[2] == 0xaf))
		return 3;
	if (n >= 3 && ((s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) ||
	    (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)))
		return 3;
	return 0;
}

/*
 * Typographic characters and what they fold to: curly and low quotes,
 * primes, guillemets, the modifier apostrophe; en and em dashes; the
 * ellipsis. NULL if s does not start with one.
 */
static const char *
typographic(const unsigned char *s, size_t n, size_t *len)
{
	static const struct { const char *utf8, *to; } map[] = {
		{ "\u2018", "'" }, { "\u2019", "'" }, { "\u201a", "'" },
		{ "\u201b", "'" }, { "\u2032", "'" }, { "\u02bc", "'" },
		{ "\u201c", "\"" }, { "\u201d", "\"" }, { "\u201e", "\"" },
		{ "\u201f", "\"" }, { "\u2033", "\"" }, { "\u00ab", "\"" },
		{ "\u00bb", "\"" }, { "\u2013", "-" }, { "\u2014", "-" },
		{ "\u2026", "..." },
	};

	if (*s < 0xc0)
		return NULL;
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++) {
		size_t l = strlen(map[i].utf8);

		if (l <= n && memcmp(s, map[i].utf8, l) == 0) {
			*len = l;
			return map[i].to;
		}
	}
	return NULL;
}

/* A speaker's label ("NAME:") at s: its length, or 0; *name, where the
 * name is in d->spk. */
static size_t
label_len(const struct excerpt_doc *d, const char *s, size_t n, size_t *name)
{
	for (size_t i = 0; i < d->spklen; ) {
		const char *sp = d->spk + i;
		size_t l = strlen(sp);

		if (l < n && memcmp(s, sp, l) == 0 && s[l] == ':') {
			*name = i;
			return l + 1;
		}
		i += l + 1;
	}
	return 0;
}

/*
 * A stage direction at s: "(...)" or "[...]", brackets nested, perhaps in
 * italics ("*(Pause)*"); its length, or 0. tx-segment leaves lines wholly
 * in brackets out of the segments.
 */
static size_t
stage_len(const char *s, size_t n)
{
	size_t i = 0;
	char open, close, italic = 0;
	int depth = 0;

	if (n > 1 && (s[0] == '*' || s[0] == '_'))
		italic = s[i++];
	open = s[i];
	if (open != '(' && open != '[')
		return 0;
	close = open == '(' ? ')' : ']';
	for (; i < n; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			break;
	}
	if (i == n)
		return 0;
	if (italic)
		return i + 1 < n && s[i + 1] == italic ? i + 2 : 0;
	return i + 1;
}

/*
 * Fold s[0 .. n) onto the end of f: the document's speaker labels (at the
 * start or after white space) dropped, and with stages, stage directions
 * too; each run of white space made one space and trimmed at both ends;
 * typographic characters made ASCII. With lab, the labels are noted.
 */
static void
fold(const struct excerpt_doc *d, const char *s, size_t n, struct fbuf *f,
    int stages, struct labels *lab)
{
	size_t i = 0, start = f->len, l, name;
	int space = 0;

	while (i < n) {
		const unsigned char *u = (const unsigned char *)s + i;
		const char *to;

		if ((space || i == 0) && (l = label_len(d, s + i, n - i,
		    &name)) != 0 && lab != NULL) {
			lab->at = grow(lab->at, &lab->cap, lab->n + 1,
			    sizeof(*lab->at));
			lab->name = xrealloc(lab->name, lab->cap *
			    sizeof(*lab->name));
			lab->at[lab->n] = f->len;
			lab->name[lab->n++] = name;
		}
		if ((l = space_len(u, n - i)) != 0 ||
		    ((space || i == 0) && (l = label_len(d, s + i, n - i,
		    &name)) != 0) ||
		    (stages && (l = stage_len(s + i, n - i)) != 0)) {
			space = 1;
			i += l;
			continue;
		}
		if (space && f->len > start)
			put(f, ' ', i);
		space = 0;
		if ((to = typographic(u, n - i, &l)) != NULL) {
			for (; *to != '\0'; to++)
				put(f, *to, i);
		} else {
			l = utf8_len(*u);
			if (l > n - i)
				l = n - i;
			for (size_t k = 0; k < l; k++)
				put(f, s[i + k], i);
		}
		i += l;
	}
}

/* The first n bytes of needle in hay[0 .. len), or NULL (memmem is GNU). */
static const char *
search(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *p = hay, *end = hay + len;

	while (n <= (size_t)(end - p) &&
	    (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (memcmp(p, needle, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The speakers of the rows held, once each. */
static void
collect_speakers(struct excerpt_doc *d)
{
	d->spklen = 0;
	for (size_t r = 0; d->speaker >= 0 && r < d->nrow; r++) {
		size_t f = r * d->ncol + (size_t)d->speaker, i = 0, n = d->flen[f];
		const char *name = d->buf + d->off[f];

		if (n == 0 || memchr(name, ':', n) != NULL)
			continue;
		while (i < d->spklen && !(strlen(d->spk + i) == n &&
		    memcmp(d->spk + i, name, n) == 0))
			i += strlen(d->spk + i) + 1;
		if (i < d->spklen)
			continue;
		d->spk = grow(d->spk, &d->spkcap, d->spklen + n + 1, 1);
		memcpy(d->spk + d->spklen, name, n);
		d->spk[d->spklen + n] = '\0';
		d->spklen += n + 1;
	}
}

/* The held segments folded (with stages, stage directions dropped) and
 * joined with a space. */
static void
join_segments(struct excerpt_doc *d, struct joined *j, int stages)
{
	j->f.len = 0;
	j->f.track = 1;
	j->built = 1;
	if (d->nrow > j->capseg) {
		j->capseg = 2 * d->nrow;
		j->segstart = xrealloc(j->segstart, j->capseg * sizeof(size_t));
		j->segend = xrealloc(j->segend, j->capseg * sizeof(size_t));
	}
	for (size_t r = 0; r < d->nrow; r++) {
		size_t f = r * d->ncol + (size_t)d->text, before = j->f.len;

		if (before > 0)
			put(&j->f, ' ', 0);
		fold(d, d->buf + d->off[f], d->flen[f], &j->f, stages, NULL);
		if (j->f.len == before + (before > 0))
			j->f.len = before;      /* nothing: no separator either */
		j->segstart[r] = j->f.len == before ? before :
		    before + (before > 0);
		j->segend[r] = j->f.len;
	}
}

static void
add_cover(struct excerpt_doc *d, const struct joined *j, size_t seg,
    size_t code, size_t ex, size_t a, size_t b)
{
	size_t f = seg * d->ncol + (size_t)d->text;
	const char *text = d->buf + d->off[f];
	size_t last = j->f.src[b - 1];
	size_t end = last + utf8_len((unsigned char)text[last]);

	if (end > d->flen[f])
		end = d->flen[f];
	d->cover = grow(d->cover, &d->capcover, d->ncover + 1, sizeof(*d->cover));
	d->cover[d->ncover++] = (struct cover){ seg, code, ex, j->f.src[a],
	    end - j->f.src[a] };
}

/* The segments that [start, end) of j covers; the first of them. */
static size_t
cover_segments(struct excerpt_doc *d, const struct joined *j, size_t code,
    size_t ex, size_t start, size_t end)
{
	size_t lo = 0, hi = d->nrow;

	while (lo < hi) {               /* the first segment ending after start */
		size_t mid = (lo + hi) / 2;

		if (j->segend[mid] <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t r = lo; r < d->nrow && j->segstart[r] < end; r++) {
		size_t a = start > j->segstart[r] ? start : j->segstart[r];
		size_t b = end < j->segend[r] ? end : j->segend[r];

		if (a < b)
			add_cover(d, j, r, code, ex, a, b);
	}
	return lo;
}

/* The excerpts whose document is d->id (by name, or name less extension). */
static void
find_excerpts(const struct excerpts *x, struct excerpt_doc *d)
{
	size_t lo = 0, hi = x->nkey;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *k = x->key[mid].name;
		size_t kl = strlen(k);
		int c = memcmp(k, d->id, kl < d->idlen ? kl : d->idlen);

		if (c < 0 || (c == 0 && kl < d->idlen))
			lo = mid + 1;
		else
			hi = mid;
	}
	d->nlist = 0;
	for (; lo < x->nkey && strlen(x->key[lo].name) == d->idlen &&
	    memcmp(x->key[lo].name, d->id, d->idlen) == 0; lo++) {
		d->list = grow(d->list, &d->caplist, d->nlist + 1, sizeof(*d->list));
		d->list[d->nlist++] = x->key[lo].ex;
	}
}

/* The segment that offset off of j is in. */
static size_t
segment_at(const struct excerpt_doc *d, const struct joined *j, size_t off)
{
	size_t lo = 0, hi = d->nrow;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (j->segend[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nrow ? lo : d->nrow - 1;
}

/* Does the text after each of the excerpt's labels, placed at at in j,
 * lie in a segment of that label's speaker? */
static int
speakers_match(const struct excerpt_doc *d, const struct joined *j, size_t at)
{
	for (size_t i = 0; i < d->lab.n; i++) {
		size_t p = d->lab.at[i], r, f;
		const char *name = d->spk + d->lab.name[i];

		if (p < d->ex.len && d->ex.s[p] == ' ')
			p++;
		if (p >= d->ex.len)
			continue;       /* a label with nothing after it */
		r = segment_at(d, j, at + p);
		f = r * d->ncol + (size_t)d->speaker;
		if (d->flen[f] != strlen(name) ||
		    memcmp(d->buf + d->off[f], name, d->flen[f]) != 0)
			return 0;
	}
	return 1;
}

static int
word_byte(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' &&
	    (u | 0x20) <= 'z');
}

/* How well [a, b) of j fits: whole segments 2, whole words 1, else 0. */
static int
fit(const struct excerpt_doc *d, const struct joined *j, size_t a, size_t b)
{
	if (j->segstart[segment_at(d, j, a)] == a &&
	    j->segend[segment_at(d, j, b - 1)] == b)
		return 2;
	return (a == 0 || !word_byte(j->f.s[a - 1]) || !word_byte(j->f.s[a])) &&
	    (b == j->f.len || !word_byte(j->f.s[b]) || !word_byte(j->f.s[b - 1]));
}

/* Where offset off of j is in the document's texts end to end. */
static size_t
document_offset(const struct excerpt_doc *d, const struct joined *j,
    size_t off)
{
	return d->base[segment_at(d, j, off)] + j->f.src[off];
}

/*
 * The excerpt folded into d->ex (with stages, without its stage
 * directions): every place in the joined segments where its speakers
 * match, added to d->place; their number.
 */
static size_t
find_places(struct excerpt_doc *d, const char *text, int stages)
{
	struct joined *j = &d->joined[stages];
	const char *at;
	size_t from = 0, n = 0, first = d->nplace;
	int best = 0;

	d->ex.len = 0;
	d->lab.n = 0;
	fold(d, text, strlen(text), &d->ex, stages, &d->lab);
	if (d->ex.len == 0)
		return 0;
	while (from + d->ex.len <= j->f.len && (at = search(j->f.s + from,
	    j->f.len - from, d->ex.s, d->ex.len)) != NULL) {
		size_t a = (size_t)(at - j->f.s);

		from = a + 1;
		if (!speakers_match(d, j, a))
			continue;
		d->place = grow(d->place, &d->capplace, d->nplace + 1,
		    sizeof(*d->place));
		d->place[d->nplace++] = (struct place){ stages, a, d->ex.len,
		    document_offset(d, j, a),
		    document_offset(d, j, a + d->ex.len - 1) + 1,
		    fit(d, j, a, a + d->ex.len), 0 };
		if (d->place[d->nplace - 1].fit > best)
			best = d->place[d->nplace - 1].fit;
		n++;
	}
	n = 0;                  /* keep those that fit best */
	for (size_t i = first; i < d->nplace; i++)
		if (d->place[i].fit == best)
			d->place[first + n++] = d->place[i];
	d->nplace = first + n;
	return n;
}

/* How far apart two places are in the document: 0 if they overlap. */
static size_t
gap(const struct place *a, const struct place *b)
{
	if (a->to <= b->from)
		return b->from - a->to;
	if (b->to <= a->from)
		return a->from - b->to;
	return 0;
}

/* Each text row's offset in the document's texts end to end. */
static void
document_bases(struct excerpt_doc *d)
{
	size_t at = 0;

	d->base = grow(d->base, &d->capbase, d->nrow + 1, sizeof(*d->base));
	for (size_t r = 0; r < d->nrow; r++) {
		d->base[r] = at;
		at += d->flen[r * d->ncol + (size_t)d->text] + 1;
	}
}

/*
 * Every place of each of the document's excerpts: as written, else with
 * stage directions dropped from it and from the segments (tx-segment
 * leaves those that stand alone out of every segment, and keeps those
 * within a paragraph).
 */
static void
find_all_places(struct excerpts *x, struct excerpt_doc *d, struct tsv *t)
{
	d->nplace = 0;
	d->pfirst = grow(d->pfirst, &d->cappl, d->nlist + 1, sizeof(*d->pfirst));
	d->pnum = xrealloc(d->pnum, d->cappl * sizeof(*d->pnum));
	for (size_t i = 0; i < d->nlist; i++) {
		struct excerpt *e = &x->ex[d->list[i]];

		if (e->state != EXCERPT_UNTRIED)
			tsv_die(t, "doc \"%s\" comes again after another document: "
			    "a document's segments must come together, as "
			    "tx-segment writes them", e->doc);
		d->pfirst[i] = d->nplace;
		d->pnum[i] = find_places(d, e->text, 0);
		if (d->pnum[i] == 0 && d->ex.len > 0) {
			if (!d->joined[1].built)
				join_segments(d, &d->joined[1], 1);
			d->pnum[i] = find_places(d, e->text, 1);
		}
		if (d->pnum[i] == 0)
			e->state = d->ex.len > 0 ? EXCERPT_MISSING :
			    EXCERPT_EMPTY;
	}
}

/* Has an excerpt before been placed at p (the same text, placed)? */
static int
taken(const struct excerpt_doc *d, const struct place *p)
{
	for (size_t i = 0; i < d->nplace; i++)
		if (d->place[i].taken && d->place[i].kind == p->kind &&
		    d->place[i].at == p->at && d->place[i].len == p->len)
			return 1;
	return 0;
}

/*
 * Of excerpt i's places, the one nearest the anchors before and after it
 * (list indexes, SIZE_MAX: none), the first of those equally near, not
 * one an excerpt of the same text took unless no other is left; *ties:
 * how many were equally near.
 */
static struct place *
choose_place(struct excerpt_doc *d, size_t i, size_t before, size_t after,
    size_t *ties)
{
	struct place *p = d->place + d->pfirst[i], *best = p;
	size_t bestgap = SIZE_MAX, untaken = 0;
	char *skip = xcalloc(d->pnum[i], 1);

	for (size_t k = 0; k < d->pnum[i]; k++)
		if (!(skip[k] = (char)taken(d, &p[k])))
			untaken++;
	if (untaken == 0)
		memset(skip, 0, d->pnum[i]);
	*ties = 0;
	for (size_t k = 0; k < d->pnum[i]; k++) {
		size_t g = SIZE_MAX, h;

		if (skip[k])
			continue;
		if (before != SIZE_MAX)
			g = gap(&p[k], &d->place[d->pfirst[before]]);
		if (after != SIZE_MAX && (h = gap(&p[k],
		    &d->place[d->pfirst[after]])) < g)
			g = h;
		if (g < bestgap || *ties == 0) {
			bestgap = g;
			best = &p[k];
			*ties = 1;
		} else if (g == bestgap)
			(*ties)++;
	}
	free(skip);
	return best;
}

/* Excerpt i placed at p: the segments it covers; ambiguous, noted. */
static void
place_excerpt(struct excerpts *x, struct excerpt_doc *d, size_t i,
    struct place *p, size_t ties)
{
	struct excerpt *e = &x->ex[d->list[i]];
	size_t seg = cover_segments(d, &d->joined[p->kind], e->code, d->list[i],
	    p->at, p->at + p->len);

	p->taken = 1;
	e->state = EXCERPT_FOUND;
	if (ties > 1) {
		size_t f = seg * d->ncol + (size_t)d->seg;

		e->ties = ties;
		e->where = d->seg >= 0 ? xstrndup(d->buf + d->off[f],
		    d->flen[f]) : NULL;
	}
}

/*
 * Every excerpt with places is placed: the anchors (one place) first,
 * then the others, each nearest the anchors before and after it in the
 * sheet.
 */
static void
match_excerpts(struct excerpts *x, struct excerpt_doc *d, struct tsv *t)
{
	size_t *before = xmalloc((d->nlist + 2) * sizeof(*before));
	size_t *after = xmalloc((d->nlist + 2) * sizeof(*after));
	size_t ties;

	d->joined[0].built = d->joined[1].built = 0;
	join_segments(d, &d->joined[0], 0);
	document_bases(d);
	find_all_places(x, d, t);
	/* before[i + 1], after[i]: the nearest anchor before i, from i on */
	before[0] = after[d->nlist] = SIZE_MAX;
	for (size_t i = 0; i < d->nlist; i++)
		before[i + 1] = d->pnum[i] == 1 ? i : before[i];
	for (size_t i = d->nlist; i-- > 0; )
		after[i] = d->pnum[i] == 1 ? i : after[i + 1];
	for (size_t i = 0; i < d->nlist; i++)
		if (d->pnum[i] == 1)
			place_excerpt(x, d, i, &d->place[d->pfirst[i]], 1);
	for (size_t i = 0; i < d->nlist; i++) {
		struct place *p;

		if (d->pnum[i] < 2)
			continue;
		p = choose_place(d, i, before[i], after[i + 1], &ties);
		place_excerpt(x, d, i, p, ties);
	}
	free(before);
	free(after);
}

static int
cover_cmp(const void *x, const void *y)
{
	const struct cover *a = x, *b = y;

	if (a->seg != b->seg)
		return a->seg < b->seg ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->mstart != b->mstart)
		return a->mstart < b->mstart ? -1 : 1;
	return (a->ex > b->ex) - (a->ex < b->ex);
}

/* Row r with its code: every column but text, code hits match coder text. */
static void
write_row(const struct excerpt_doc *d, size_t r, const char *code, size_t hits,
    size_t mstart, size_t mlen, const char *coder)
{
	const size_t *off = d->off + r * d->ncol, *len = d->flen + r * d->ncol;

	for (size_t f = 0; f < d->ncol; f++)
		if ((int)f != d->text) {
			tsv_write_field(d->buf + off[f], len[f]);
			tsv_sep();
		}
	tsv_write_str(code);
	out_printf("\t%zu\t", hits);
	tsv_write_field(d->buf + off[d->text] + mstart, mlen);
	tsv_sep();
	tsv_write_str(coder);
	tsv_sep();
	tsv_write_field(d->buf + off[d->text], len[d->text]);
	tsv_end();
}

/* The document held: its excerpts found, its rows written, then let go. */
static void
flush_document(struct excerpts *x, struct excerpt_doc *d, struct tsv *t,
    const char *coder, int coded_only)
{
	size_t c = 0;

	collect_speakers(d);
	find_excerpts(x, d);
	d->ncover = 0;
	match_excerpts(x, d, t);
	if (d->ncover > 0)
		qsort(d->cover, d->ncover, sizeof(*d->cover), cover_cmp);
	for (size_t r = 0; r < d->nrow; r++) {
		int coded = 0;

		while (c < d->ncover && d->cover[c].seg == r) {
			const struct cover *first = &d->cover[c];
			size_t hits = 0;

			for (; c < d->ncover && d->cover[c].seg == r &&
			    d->cover[c].code == first->code; c++)
				hits++;
			write_row(d, r, x->code[first->code], hits, first->mstart,
			    first->mlen, coder);
			coded = 1;
		}
		if (!coded && !coded_only)
			write_row(d, r, "", 0, 0, 0, coder);
	}
	d->nrow = d->len = 0;
}

/* Hold the current record of t. */
static void
hold_row(struct excerpt_doc *d, const struct tsv *t)
{
	size_t base = d->nrow * d->ncol, need = d->len;

	for (size_t f = 0; f < d->ncol; f++)
		need += t->flen[f];
	d->buf = grow(d->buf, &d->cap, need + 1, 1);
	if (d->nrow == d->caprow) {
		d->caprow = d->caprow ? 2 * d->caprow : 256;
		d->off = xrealloc(d->off, d->caprow * d->ncol * sizeof(*d->off));
		d->flen = xrealloc(d->flen, d->caprow * d->ncol * sizeof(*d->flen));
	}
	for (size_t f = 0; f < d->ncol; f++) {
		memcpy(d->buf + d->len, t->field[f], t->flen[f]);
		d->off[base + f] = d->len;
		d->flen[base + f] = t->flen[f];
		d->len += t->flen[f];
	}
	d->nrow++;
}

void
excerpts_code(struct excerpts *x, struct tsv *t, int text, const char *coder,
    int coded_only)
{
	struct excerpt_doc *d = x->doc;

	d->ncol = t->ncol;
	d->text = text;
	d->doccol = tsv_need(t, "doc", "tx-code --excerpts finds each "
	    "excerpt in the segments of its document");
	d->speaker = tsv_col(t, "speaker");
	d->seg = tsv_col(t, "seg");
	d->nrow = d->len = 0;
	while (tsv_next(t)) {
		const char *id = t->field[d->doccol];
		size_t idlen = t->flen[d->doccol];

		if (d->nrow > 0 && (idlen != d->idlen ||
		    memcmp(id, d->id, idlen) != 0))
			flush_document(x, d, t, coder, coded_only);
		if (d->nrow == 0) {
			d->id = grow(d->id, &d->idcap, idlen + 1, 1);
			memcpy(d->id, id, idlen);
			d->id[idlen] = '\0';
			d->idlen = idlen;
		}
		hold_row(d, t);
	}
	if (d->nrow > 0)
		flush_document(x, d, t, coder, coded_only);
}

/* The name without its extension ("P2.odt" is "P2"); NULL if it has none. */
static char *
strip_extension(const char *name)
{
	const char *base = strrchr(name, '/'), *dot;

	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return NULL;
	return xstrndup(name, (size_t)(dot - name));
}

static void
add_key(struct excerpts *x, const char *name, size_t ex, size_t *cap)
{
	x->key = grow(x->key, cap, x->nkey + 1, sizeof(*x->key));
	x->key[x->nkey++] = (struct excerpt_key){ name, ex };
}

static int
key_cmp(const void *a, const void *b)
{
	const struct excerpt_key *ka = a, *kb = b;
	int c = strcmp(ka->name, kb->name);

	return c ? c : (ka->ex > kb->ex) - (ka->ex < kb->ex);
}

/* The column of a sheet, or -1 once reported. */
static int
sheet_col(const struct table *tb, const char *name, const char *option)
{
	int c = table_col(tb, name);

	if (c < 0)
		tx_warn(tb->name, 1, "no column \"%s\" (%s names the column "
		    "to use)", name, option);
	return c;
}

/* The code's index: codes are numbered in the order first named. */
static int
code_index(struct excerpts *x, const struct table *tb, long line,
    const char *raw, size_t *capcode, uint32_t *index)
{
	char *path = codebook_path(raw);
	size_t k;

	if (path == NULL) {
		tx_warn(tb->name, line, "code \"%s\": %s", raw, *raw ? "a level "
		    "of the path is empty" : "empty: every excerpt needs a code");
		return -1;
	}
	/* Codes are few next to excerpts: the last one named comes first. */
	for (k = x->ncode; k-- > 0; )
		if (strcmp(x->code[k], path) == 0)
			break;
	if (k != (size_t)-1) {
		free(path);
		*index = (uint32_t)k;
		return 0;
	}
	x->code = grow(x->code, capcode, x->ncode + 1, sizeof(*x->code));
	x->code[x->ncode] = path;
	*index = (uint32_t)x->ncode++;
	return 0;
}

/* One sheet's rows as excerpts. */
static int
load_sheet(struct excerpts *x, struct table *tb,
    const struct excerpt_columns *cols, size_t *capex, size_t *capcode)
{
	int dc = sheet_col(tb, cols->doc, "--doc-column");
	int kc = sheet_col(tb, cols->code, "--code-column");
	int tc = sheet_col(tb, cols->text, "--text-column");
	int err = 0;

	if (dc < 0 || kc < 0 || tc < 0)
		return -1;
	x->ex = grow(x->ex, capex, x->n + tb->nrow, sizeof(*x->ex));
	for (size_t r = 0; r < tb->nrow; r++) {
		struct excerpt *e = &x->ex[x->n];
		char **f = tb->row[r].f;

		*e = (struct excerpt){ tb->name, tb->row[r].line, (long)r + 2,
		    f[dc], f[tc], 0, EXCERPT_UNTRIED, 0, NULL };
		if (code_index(x, tb, e->line, f[kc], capcode, &e->code) != 0)
			err = -1;
		else
			x->n++;
	}
	return err;
}

int
excerpts_load(struct excerpts *x, char **files, size_t nfiles,
    const struct excerpt_columns *cols)
{
	size_t capex = 0, capcode = 0, capkey = 0;
	int err = 0;

	memset(x, 0, sizeof(*x));
	x->sheet = xcalloc(nfiles, sizeof(*x->sheet));
	x->doc = xcalloc(1, sizeof(*x->doc));
	for (size_t i = 0; i < nfiles; i++) {
		if (table_load(&x->sheet[i], files[i]) != 0) {
			err = -1;
			continue;
		}
		if (load_sheet(x, &x->sheet[i], cols, &capex, &capcode) != 0)
			err = -1;
	}
	x->nsheet = nfiles;
	if (err) {
		excerpts_free(x);
		return -1;
	}
	x->stripped = xcalloc(x->n + 1, sizeof(*x->stripped));
	for (size_t i = 0; i < x->n; i++) {
		add_key(x, x->ex[i].doc, i, &capkey);
		if ((x->stripped[i] = strip_extension(x->ex[i].doc)) != NULL)
			add_key(x, x->stripped[i], i, &capkey);
	}
	if (x->nkey > 0)
		qsort(x->key, x->nkey, sizeof(*x->key), key_cmp);
	return 0;
}

void
excerpt_preview(const char *text, char buf[64])
{
	struct excerpt_doc none = { 0 };
	struct fbuf f = { 0 };
	size_t n;

	fold(&none, text, strlen(text), &f, 0, NULL);
	n = f.len;
	if (n > 60) {
		for (n = 57; n > 0 && ((unsigned char)f.s[n] & 0xc0) == 0x80; n--)
			;
		memcpy(buf, f.s, n);
		memcpy(buf + n, "...", 4);
	} else {
		memcpy(buf, f.s ? f.s : "", n);
		buf[n] = '\0';
	}
	free(f.s);
}

int
excerpt_same_text(const char *a, size_t alen, const char *b, size_t blen)
{
	struct excerpt_doc none = { 0 };
	struct fbuf fa = { 0 }, fb = { 0 };
	int same;

	fold(&none, a, alen, &fa, 0, NULL);
	fold(&none, b, blen, &fb, 0, NULL);
	same = fa.len == fb.len && (fa.len == 0 || memcmp(fa.s, fb.s,
	    fa.len) == 0);
	free(fa.s);
	free(fb.s);
	return same;
}

size_t
excerpts_report(const struct excerpts *x)
{
	static const char *const why[] = {
		[EXCERPT_UNTRIED] = "no document of that name in the input",
		[EXCERPT_MISSING] = "not found in the document's segments",
		[EXCERPT_EMPTY] = "nothing but white space, speaker labels or "
		    "stage directions, which are in no segment (tx-segment "
		    "--keep-directions keeps directions as segments)",
	};
	size_t missing = 0, ambiguous = 0;
	char buf[64];

	for (size_t i = 0; i < x->n; i++) {
		const struct excerpt *e = &x->ex[i];

		if (e->state == EXCERPT_FOUND && e->ties < 2)
			continue;
		excerpt_preview(e->text, buf);
		if (e->state == EXCERPT_FOUND) {
			ambiguous++;
			tx_warn(e->file, e->line, "row %ld: doc \"%s\", code "
			    "\"%s\": placed in seg %s, the first of %zu places "
			    "equally near its neighbours in the sheet: \"%s\"",
			    e->row, e->doc, x->code[e->code],
			    e->where ? e->where : "?", e->ties, buf);
			continue;
		}
		missing++;
		tx_warn(e->file, e->line, "row %ld: doc \"%s\", code \"%s\": %s: "
		    "\"%s\"", e->row, e->doc, x->code[e->code], why[e->state], buf);
	}
	if (missing > 0)
		tx_warn(NULL, 0, "%zu of %zu excerpts not found in the segments",
		    missing, x->n);
	if (ambiguous > 0)
		tx_warn(NULL, 0, "%zu of %zu excerpts placed among equal places",
		    ambiguous, x->n);
	return missing;
}

void
excerpts_free(struct excerpts *x)
{
	struct excerpt_doc *d = x->doc;

	for (size_t i = 0; i < x->nsheet; i++)
		table_free(&x->sheet[i]);
	free(x->sheet);
	for (size_t i = 0; i < x->ncode; i++)
		free(x->code[i]);
	free(x->code);
	for (size_t i = 0; x->stripped != NULL && i < x->n; i++)
		free(x->stripped[i]);
	free(x->stripped);
	for (size_t i = 0; x->ex != NULL && i < x->n; i++)
		free(x->ex[i].where);
	free(x->ex);
	free(x->key);
	if (d != NULL) {
		free(d->id);
		free(d->buf);
		free(d->off);
		free(d->flen);
		for (int k = 0; k < 2; k++) {
			free(d->joined[k].f.s);
			free(d->joined[k].f.src);
			free(d->joined[k].segstart);
			free(d->joined[k].segend);
		}
		free(d->ex.s);
		free(d->lab.at);
		free(d->lab.name);
		free(d->base);
		free(d->place);
		free(d->pfirst);
		free(d->pnum);
		free(d->spk);
		free(d->cover);
		free(d->list);
		free(d);
	}
}
