/*
 * tx-segment: cut transcripts into segments.
 *
 * Reads transcripts (plain text, reStructuredText and Markdown hearings,
 * Otter exports, WebVTT, SubRip) and writes the segment stream: doc seg
 * speaker time section line start end, the attribute columns, then text.
 *
 * Each file is read whole into one reused buffer, checked (NUL bytes,
 * UTF-8) before any of its segments is written, then walked line by line.
 * For text and otter a segment's text is the source bytes [start,end)
 * themselves, written straight from the buffer; nothing is copied per
 * segment. Memory is one file plus small per-turn state.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tx.h"

enum format { FMT_AUTO, FMT_TEXT, FMT_OTTER, FMT_VTT, FMT_SRT };
enum unit { UNIT_TURN, UNIT_PARAGRAPH, UNIT_SENTENCE, UNIT_LINE };
enum unlabelled { UNLAB_CONTINUE, UNLAB_EMPTY, UNLAB_NAME };

static const char *const format_names[] = { "auto", "text", "otter", "vtt",
	"srt", NULL };
static const char *const unit_names[] = { "turn", "paragraph", "sentence",
	"line", NULL };
static const char *segment_cols[] = { "doc", "seg", "speaker", "time",
	"section", "line", "start", "end", "text" };

#define TIMELEN 64              /* "hh:mm:ss", or a --label-regex time as written */
#define MAXSTYLES 32            /* heading styles told apart in one file */

struct buf {
	char *s;
	size_t n, cap;
};

/* A file's bytes: mapped, or read into buf. */
struct source {
	const char *s;
	size_t n;
	void *map;
	struct buf buf;
};

/* A regex and its match data, compiled once. */
struct regex {
	pcre2_code *re;
	pcre2_match_data *md;
};

static struct {
	enum format from;
	enum unit unit;
	enum unlabelled unlab;
	const char *unlab_name;
	struct regex label, speakers, exclude, docid;
	uint32_t label_speaker, label_time;     /* group numbers, 0: none */
	int lossy;
	int attrs_missing_empty;
	struct table attrs;
	int has_attrs;
	size_t *attr_col;       /* sheet columns appended, in order */
	char **attr_name;       /* their stream names */
	size_t nattr;
} opt;

/* One input: its path, document id and attribute row. */
struct input {
	const char *path;
	char *doc;
	const struct table_row *row;
};

/* A label found at the start of a line; offsets relative to the line. */
struct label {
	size_t sp, sn;          /* speaker */
	size_t rest;            /* where the turn's text begins */
	char time[TIMELEN];     /* normalised, or "" */
};

/* A heading style: underline character, overline, or ATX level. */
struct hstyle {
	char c;
	char over;
	int atx;
	long count;
};

/* The document being segmented. */
struct doc {
	const struct input *in;
	const char *name;       /* for messages */
	const char *b;          /* the file's bytes */
	size_t n, bom;
	enum format fmt;
	int has_cr, lossy;
	long seg;
	/* lines: offset and number of the last one counted */
	size_t lc_off;
	long lc_line;
	/* text format */
	int bold_only;
	struct hstyle style[MAXSTYLES];
	int nstyle, sect_rank;
	size_t body;            /* otter: where the header block ends */
	/* the turn */
	struct buf speaker, section;
	char turn_time[TIMELEN], cur_time[TIMELEN];
	int turn_started, turn_labelled, keep;
	int para_pending, label_pending;
	/* the open segment */
	int open;
	size_t start, end;
	long line, lineno;      /* its first line; the line being read */
	/* vtt and srt: the segment's text built, with source offsets */
	struct buf tb;
	size_t *ms, *me, mcap;
	struct buf lb;          /* one cue line, tags removed */
	size_t *lms, *lme, lmcap;
	struct buf voice;
};

static _Noreturn void usage(int status);

/* Small helpers */

static void
buf_set(struct buf *b, const char *s, size_t n)
{
	if (n + 1 > b->cap) {
		b->cap = n + 64;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s, s, n);
	b->s[n] = '\0';
	b->n = n;
}

static int
isws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Trim white space: [*p,*q) */
static void
trim(const char *s, size_t *p, size_t *q)
{
	while (*p < *q && isws((unsigned char)s[*p]))
		(*p)++;
	while (*q > *p && isws((unsigned char)s[*q - 1]))
		(*q)--;
}

static int
has_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(s, pre, k) == 0;
}

/* Regexes */

/*
 * Every match runs under limits, as tx-code's do: backtracking (match),
 * and the interpreter's depth and heap, so that a catastrophic
 * --label-regex on a long line is an error rather than a hang or memory
 * exhausted. regex_doc is the document being read, for messages.
 */
#define RX_MATCH_LIMIT 10000000u
#define RX_DEPTH_LIMIT 10000000u
#define RX_HEAP_LIMIT  65536u   /* KiB: 64 MiB */

static pcre2_match_context *regex_mctx;
static const struct doc *regex_doc;

static void
regex_compile(struct regex *rx, const char *what, const char *pat,
    uint32_t flags)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;

	rx->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    flags | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (rx->re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		tx_die(EXIT_USAGE, NULL, 0, "%s \"%s\": %s at offset %zu", what,
		    pat, (char *)msg, (size_t)off);
	}
	rx->md = pcre2_match_data_create_from_pattern(rx->re, NULL);
	if (regex_mctx == NULL) {
		regex_mctx = pcre2_match_context_create(NULL);
		if (regex_mctx == NULL || rx->md == NULL)
			tx_die(EXIT_DATA, NULL, 0, "out of memory");
		pcre2_set_match_limit(regex_mctx, RX_MATCH_LIMIT);
		pcre2_set_depth_limit(regex_mctx, RX_DEPTH_LIMIT);
		pcre2_set_heap_limit(regex_mctx, RX_HEAP_LIMIT);
	}
}

/* Match at (anchored) or from the start of s; the number of groups set, or 0. */
static int
regex_match(struct regex *rx, const char *s, size_t n, uint32_t flags)
{
	int rc = pcre2_match(rx->re, (PCRE2_SPTR)s, n, 0, flags, rx->md,
	    regex_mctx);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		tx_die(EXIT_DATA, regex_doc ? regex_doc->name : NULL,
		    regex_doc ? regex_doc->lineno : 0, "regex match failed: %s",
		    (char *)msg);
	}
	return rc == 0 ? 1 : rc;
}

/* Group g of the last match: 1 if it took part. */
static int
regex_group(struct regex *rx, uint32_t g, size_t *a, size_t *b)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rx->md);

	if (g >= pcre2_get_ovector_count(rx->md) || ov[2 * g] == PCRE2_UNSET)
		return 0;
	*a = ov[2 * g];
	*b = ov[2 * g + 1];
	return 1;
}

/* Times */

/* Up to max digits at s[*i]; -1 if none. */
static long
digits(const char *s, size_t n, size_t *i, int max)
{
	long v = 0;
	int k = 0;

	while (*i < n && isdig(s[*i]) && k < max) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k ? v : -1;
}

/* "am"/"pm"/"a.m."/"p.m." at s[i..n) and nothing after: 1 am, 2 pm, 0 none. */
static int
meridiem(const char *s, size_t n, size_t i)
{
	int m;

	while (i < n && isws(s[i]))
		i++;
	if (i >= n)
		return 0;
	m = lower(s[i]) == 'a' ? 1 : lower(s[i]) == 'p' ? 2 : 0;
	if (m == 0)
		return -1;
	i++;
	if (i < n && s[i] == '.')
		i++;
	if (i >= n || lower(s[i]) != 'm')
		return -1;
	i++;
	if (i < n && s[i] == '.')
		i++;
	return i == n ? m : -1;
}

/*
 * A time in s[0..n), normalised to 24-hour hh:mm:ss, fractions dropped:
 * "10.20 am" 10:20:00, "2 pm" 14:00:00, "12:34" (mm:ss) 00:12:34,
 * "1:02:03.500" 01:02:03, "00:00:01,000" (SubRip) 00:00:01.
 * A dotted time needs am or pm. 0 if s is not a time.
 */
static int
parse_time(const char *s, size_t n, char out[TIMELEN])
{
	long part[3], h, m, sec;
	size_t i = 0;
	int np = 0, dotted = 0, mer;

	while (n > 0 && isws(s[n - 1]))
		n--;
	while (i < n && isws(s[i]))
		i++;
	if ((part[np++] = digits(s, n, &i, 3)) < 0)
		return 0;
	/* "10. 01 am", as the hearings sometimes write it: one space may follow */
	while (np < 3 && i + 2 < n && (s[i] == ':' || s[i] == '.') &&
	    (isdig(s[i + 1]) || (s[i + 1] == ' ' && isdig(s[i + 2])))) {
		size_t at = i + 1 + (s[i + 1] == ' '), from = at;
		long v;

		if (s[i] == '.' && np == 2)
			break;          /* a fraction */
		dotted |= s[i] == '.';
		v = digits(s, n, &at, 2);
		if (at - from != 2 || v > 59)
			return 0;
		part[np++] = v;
		i = at;
	}
	if (i < n && (s[i] == '.' || s[i] == ',') && np >= 2) {
		i++;
		while (i < n && isdig(s[i]))
			i++;
	}
	if ((mer = meridiem(s, n, i)) < 0)
		return 0;
	if (mer) {
		if (part[0] < 1 || part[0] > 12)
			return 0;
		h = part[0] % 12 + (mer == 2 ? 12 : 0);
		m = np > 1 ? part[1] : 0;
		sec = np > 2 ? part[2] : 0;
	} else if (dotted || np < 2) {
		return 0;
	} else if (np == 2) {
		h = part[0] / 60;
		m = part[0] % 60;
		sec = part[1];
	} else {
		h = part[0];
		m = part[1];
		sec = part[2];
	}
	snprintf(out, TIMELEN, "%02ld:%02ld:%02ld", h, m, sec);
	return 1;
}

/* A time in brackets or parentheses at s[i]: 1 and *end after it. */
static int
bracketed_time(const char *s, size_t n, size_t i, size_t *end, char out[TIMELEN])
{
	const char *close;
	char want;

	if (i >= n || (s[i] != '[' && s[i] != '('))
		return 0;
	want = s[i] == '[' ? ']' : ')';
	if ((close = memchr(s + i, want, n - i)) == NULL ||
	    !parse_time(s + i + 1, (size_t)(close - s) - i - 1, out))
		return 0;
	*end = (size_t)(close - s) + 1;
	return 1;
}

/* Labels */

/* Lower-case words that may stand inside a name ("Secretary of State"). */
static int
name_particle(const char *w, size_t n)
{
	static const char *particles[] = { "of", "the", "and", "for", "de",
	    "del", "der", "van", "von", "da", "di", "du", "le", "la", "y",
	    "al", "bin", "on", NULL };

	for (const char **p = particles; *p; p++)
		if (strlen(*p) == n && memcmp(*p, w, n) == 0)
			return 1;
	return 0;
}

/*
 * A plain speaker label: one to six words, the first starting with a
 * capital (or a non-ASCII letter), the others capitalised, numbers or
 * particles, and no sentence punctuation: "Interviewer 1", "P4",
 * "DR SMITH", "Dr. Jane Doe". "Heat map" and "So I said" are not.
 */
/*
 * A tx-redact placeholder such as [PERSON-1] or [PERSON-2.2] stands for a
 * name, so a redacted label still starts a turn. Its length, or 0.
 */
static size_t
placeholder(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 5 || s[0] != '[' || !(s[1] >= 'A' && s[1] <= 'Z'))
		return 0;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || isdig((unsigned char)s[i]) ||
	    s[i] == '-'))
		i++;
	if (i < n && s[i] == '.' && s[i - 1] != '-')
		for (i++; i < n && isdig((unsigned char)s[i]); i++)
			;
	if (i >= n || s[i] != ']' || !isdig((unsigned char)s[i - 1]))
		return 0;
	return i + 1;
}

static int
plain_name(const char *s, size_t n)
{
	size_t i = 0, w0, k;
	int words = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (++words > 6)
			return 0;
		if ((k = placeholder(s + i, n - i)) > 0) {
			i += k;
			if (i < n && (s[i] != ' ' || i + 1 == n || s[i + 1] == ' '))
				return 0;
			if (i < n)
				i++;
			continue;
		}
		if (!(c >= 'A' && c <= 'Z') && c < 0x80 &&
		    !(words > 1 && isdig(c)) && !(c >= 'a' && c <= 'z'))
			return 0;
		w0 = i;
		while (i < n && s[i] != ' ') {
			c = (unsigned char)s[i];
			if (!(c >= 0x80 || (c >= 'A' && c <= 'Z') ||
			    (c >= 'a' && c <= 'z') || isdig(c) || c == '.' ||
			    c == '-' || c == '\'' || c == '&'))
				return 0;
			i++;
		}
		if (s[w0] >= 'a' && s[w0] <= 'z' &&
		    (words == 1 || !name_particle(s + w0, i - w0)))
			return 0;
		if (i < n && (i + 1 == n || s[i + 1] == ' '))
			return 0;       /* one space between words */
		if (i < n)
			i++;
	}
	return words > 0;
}

/*
 * After the name: [spaces] [timestamp] [spaces] ':' (unless the colon was
 * inside the bold), then white space or the end of the line.
 */
static int
label_tail(const char *s, size_t n, size_t i, int colon_done, struct label *lab)
{
	size_t e;

	if (!colon_done) {
		while (i < n && s[i] == ' ')
			i++;
		if (lab->time[0] == '\0' && bracketed_time(s, n, i, &e, lab->time)) {
			i = e;
			while (i < n && s[i] == ' ')
				i++;
		}
		if (i >= n || s[i] != ':')
			return 0;
		i++;
	}
	if (i < n && !isws(s[i]))
		return 0;
	while (i < n && isws(s[i]))
		i++;
	lab->rest = i;
	return 1;
}

/* "**Name**:" or "**Name:**" at s[i], with a timestamp before or after. */
static int
bold_label(const char *s, size_t n, size_t i, struct label *lab)
{
	size_t a = i + 2, b;
	const char *end;
	int colon_in = 0;

	if (n - i < 5 || s[i] != '*' || s[i + 1] != '*')
		return 0;
	end = memchr(s + a, '*', n - a < 200 ? n - a : 200);
	if (end == NULL || (size_t)(end - s) + 1 >= n || end[1] != '*')
		return 0;
	b = (size_t)(end - s);
	if (b > a && s[b - 1] == ':') {
		colon_in = 1;
		b--;
	}
	trim(s, &a, &b);
	if (a == b)
		return 0;
	lab->sp = a;
	lab->sn = b - a;
	return label_tail(s, n, (size_t)(end - s) + 2, colon_in, lab);
}

/* "Name:", "Name (00:12:31):" at s[i]. */
static int
plain_label(const char *s, size_t n, size_t i, struct label *lab)
{
	size_t lim = n - i < 120 ? n : i + 120, c, b, o;
	const char *colon = s + i;

	for (;;) {
		colon = memchr(colon, ':', lim - (size_t)(colon - s));
		if (colon == NULL)
			return 0;
		c = (size_t)(colon - s);
		if (c + 1 >= n || isws(s[c + 1]))
			break;
		colon++;
	}
	b = c;
	while (b > i && s[b - 1] == ' ')
		b--;
	if (b > i && (s[b - 1] == ')' || s[b - 1] == ']') && !lab->time[0]) {
		char open = s[b - 1] == ')' ? '(' : '[';

		for (o = b - 1; o > i && s[o] != open; o--)
			;
		if (s[o] == open && parse_time(s + o + 1, b - o - 2, lab->time)) {
			b = o;
			while (b > i && s[b - 1] == ' ')
				b--;
		}
	}
	if (b == i || !plain_name(s + i, b - i)) {
		lab->time[0] = '\0';
		return 0;
	}
	lab->sp = i;
	lab->sn = b - i;
	return label_tail(s, n, c, 0, lab);
}

/* "Speaker Name  12:34": Otter's turn line. */
static int
otter_label(const char *s, size_t n, struct label *lab)
{
	size_t q = n, t, p = 0;

	trim(s, &p, &q);
	t = q;
	while (t > p && (isdig(s[t - 1]) || s[t - 1] == ':'))
		t--;
	if (t == q || t < p + 3 || s[t - 1] != ' ' || s[t - 2] != ' ')
		return 0;
	if (!parse_time(s + t, q - t, lab->time) || memchr(s + t, ':', q - t) == NULL)
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

/* A label given by --label-regex. */
static int
regex_label(const char *s, size_t n, struct label *lab)
{
	size_t a = 0, b = 0;

	if (!regex_match(&opt.label, s, n, PCRE2_ANCHORED))
		return 0;
	regex_group(&opt.label, 0, &a, &b);
	lab->rest = b;
	while (lab->rest < n && isws(s[lab->rest]))
		lab->rest++;
	lab->sp = lab->sn = 0;
	if (regex_group(&opt.label, opt.label_speaker, &a, &b)) {
		trim(s, &a, &b);
		lab->sp = a;
		lab->sn = b - a;
	}
	if (opt.label_time && regex_group(&opt.label, opt.label_time, &a, &b) &&
	    !parse_time(s + a, b - a, lab->time)) {
		trim(s, &a, &b);
		snprintf(lab->time, TIMELEN, "%.*s", (int)(b - a), s + a);
	}
	return 1;
}

/* A bold label, maybe behind a timestamp, at s[p..q). */
static int
bold_at(const char *s, size_t p, size_t q, struct label *lab)
{
	size_t e;

	lab->time[0] = '\0';
	if (bracketed_time(s, q, p, &e, lab->time)) {
		p = e;
		while (p < q && s[p] == ' ')
			p++;
	}
	return bold_label(s, q, p, lab);
}

/*
 * A speaker label at the start of the line s[0..n): by --label-regex if
 * given, else Otter's turn line, else the bold or plain rule (bold only
 * where the document has bold labels).
 */
static int
find_label(const struct doc *d, const char *s, size_t n, struct label *lab)
{
	size_t i = 0, e;

	lab->time[0] = '\0';
	if (opt.label.re)
		return regex_label(s, n, lab);
	if (d->fmt == FMT_OTTER)
		return otter_label(s, n, lab);
	while (i < n && isws(s[i]))
		i++;
	if (bracketed_time(s, n, i, &e, lab->time)) {
		i = e;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (bold_label(s, n, i, lab))
		return 1;
	if (d->bold_only) {
		lab->time[0] = '\0';
		return 0;
	}
	return plain_label(s, n, i, lab);
}

/* Markup lines of the text format */

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

/* The line after the one ending at next: trimmed bounds; 0 at the end. */
static int
peek_line(const struct doc *d, size_t next, size_t *p, size_t *q, size_t *after)
{
	const char *nl;

	if (next >= d->n)
		return 0;
	nl = memchr(d->b + next, '\n', d->n - next);
	*p = next;
	*q = nl ? (size_t)(nl - d->b) : d->n;
	*after = nl ? *q + 1 : d->n;
	trim(d->b, p, q);
	return 1;
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
		if (prev_blank && peek_line(d, next, &p1, &q1, &n1) && q1 > p1 &&
		    !adornment(s, p1, q1) && peek_line(d, n1, &p2, &q2, &n2) &&
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
	if (peek_line(d, next, &p1, &q1, &n1) && p1 == next &&
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
style_rank(struct doc *d, const struct hstyle *st, int add)
{
	int i;

	for (i = 0; i < d->nstyle; i++)
		if (d->style[i].c == st->c && d->style[i].over == st->over &&
		    d->style[i].atx == st->atx)
			break;
	if (i == d->nstyle) {
		if (!add || i == MAXSTYLES)
			return MAXSTYLES + 1;
		d->style[d->nstyle++] = *st;
	}
	if (add)
		d->style[i].count++;
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
		return parse_time(s + p + 1, q - p - 2, out);
	return 0;
}

/* Output */


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

static void
put_num(size_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do
		tmp[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	out_write(tmp + i, sizeof(tmp) - i);
}

/* The line of byte offset off, counting on from the last one asked. */
static long
line_of(struct doc *d, size_t off)
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

/* One segment row; text NULL means the source bytes [start,end). */
static void
emit(struct doc *d, long line, size_t start, size_t end, const char *text,
    size_t tlen)
{
	d->seg++;
	if (!d->keep)
		return;
	tsv_write_str(d->in->doc);
	tsv_sep();
	put_num((size_t)d->seg);
	tsv_sep();
	put_src(d, d->speaker.s, d->speaker.n);
	tsv_sep();
	out_str(d->turn_time);
	tsv_sep();
	put_src(d, d->section.s, d->section.n);
	tsv_sep();
	put_num((size_t)line);
	tsv_sep();
	put_num(start);
	tsv_sep();
	put_num(end);
	tsv_sep();
	for (size_t i = 0; i < opt.nattr; i++) {
		if (d->in->row)
			tsv_write_str(d->in->row->f[opt.attr_col[i]]);
		tsv_sep();
	}
	if (text)
		put_src(d, text, tlen);
	else
		put_src(d, d->b + start, end - start);
	tsv_end();
}

/* Sentences */

/* "Dr." and the like: a full stop after it does not end a sentence. */
static int
abbreviation(const char *s, size_t i, size_t dot, size_t n)
{
	static const char *always[] = { "dr", "mr", "mrs", "ms", "prof", "st",
	    "jr", "sr", "vs", "cf", "eg", "ie", "approx", "rev", "hon",
	    "gen", "col", "capt", "sgt", "lt", "mt", "al", NULL };
	static const char *before_number[] = { "no", "nos", "p", "pp",
	    "para", "paras", "vol", "fig", "art", "ch", NULL };
	size_t w = dot, m = dot + 1;
	char word[8];

	while (w > i && !isws(s[w - 1]) && strchr("(\"'[", s[w - 1]) == NULL)
		w--;
	if (dot - w == 1 || memchr(s + w, '.', dot - w) != NULL)
		return 1;       /* an initial, "e.g.", "U.S." */
	if (dot - w >= sizeof(word))
		return 0;
	for (size_t k = w; k < dot; k++)
		word[k - w] = (char)lower(s[k]);
	word[dot - w] = '\0';
	for (const char **a = always; *a; a++)
		if (strcmp(word, *a) == 0)
			return 1;
	while (m < n && isws(s[m]))
		m++;
	for (const char **a = before_number; *a; a++)
		if (strcmp(word, *a) == 0 && m < n && isdig(s[m]))
			return 1;
	return 0;
}

/* Closing quotes and brackets after a sentence's end. */
static size_t
closers(const char *s, size_t n, size_t j)
{
	for (;;) {
		if (j < n && strchr("\"')]", s[j]) != NULL && s[j] != '\0')
			j++;
		else if (has_prefix(s + j, n - j, "\xe2\x80\x9d") ||
		    has_prefix(s + j, n - j, "\xe2\x80\x99"))
			j += 3;
		else if (has_prefix(s + j, n - j, "\xc2\xbb"))
			j += 2;
		else
			return j;
	}
}

/*
 * Where the sentence starting at s[i] ends: after a full stop, question
 * or exclamation mark and its closing quotes, before white space and a
 * next sentence that does not start in lower case; not at an ellipsis
 * ("...", "…"), a decimal point or an abbreviation. n if it runs on.
 */
static size_t
sentence_end(const char *s, size_t n, size_t i)
{
	for (size_t k = i; k < n; k++) {
		size_t j = k, m;
		int dots = 0, marks = 0;

		if (s[k] != '.' && s[k] != '!' && s[k] != '?')
			continue;
		while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?')) {
			dots += s[j] == '.';
			marks += s[j] != '.';
			j++;
		}
		if ((dots >= 2 && !marks) ||
		    (dots == 1 && !marks && abbreviation(s, i, k, n))) {
			k = j - 1;
			continue;
		}
		j = closers(s, n, j);
		if (j >= n)
			return n;
		m = j;
		while (m < n && (isws(s[m]) || s[m] == '\n'))
			m++;
		if (m == j || (m < n && s[m] >= 'a' && s[m] <= 'z')) {
			k = j - 1;
			continue;
		}
		return j;
	}
	return n;
}

/* Segments */

/* The open segment, written out (cut into sentences with --unit sentence). */
static void
flush(struct doc *d)
{
	int built = d->fmt == FMT_VTT || d->fmt == FMT_SRT;
	const char *s = built ? d->tb.s : d->b + d->start;
	size_t n = built ? d->tb.n : d->end - d->start, i = 0, i0 = 0, e, a, z;
	long line = d->line;

	if (!d->open)
		return;
	d->open = 0;
	if (opt.unit != UNIT_SENTENCE) {
		if (built)
			emit(d, d->line, d->ms[0], d->me[n - 1], s, n);
		else
			emit(d, d->line, d->start, d->end, NULL, 0);
		return;
	}
	while (i < n) {
		while (i < n && (isws(s[i]) || s[i] == '\n'))
			i++;
		if (i >= n)
			break;
		e = sentence_end(s, n, i);
		a = i;
		z = e;
		while (z > a && (isws(s[z - 1]) || s[z - 1] == '\n'))
			z--;
		if (built) {
			emit(d, line_of(d, d->ms[a]), d->ms[a], d->me[z - 1],
			    s + a, z - a);
		} else {
			for (; i0 < a; i0++)
				line += s[i0] == '\n';
			emit(d, line, d->start + a, d->start + z, NULL, 0);
		}
		i = e;
	}
}

static void
set_time(char to[TIMELEN], const char *from)
{
	size_t n = strlen(from);

	memcpy(to, from, n < TIMELEN ? n + 1 : TIMELEN);
	to[TIMELEN - 1] = '\0';
}

/* A new turn: the open segment ends. */
static void
start_turn(struct doc *d, const char *sp, size_t sn, const char *time,
    int labelled)
{
	flush(d);
	buf_set(&d->speaker, sp, sn);
	if (time != d->turn_time)
		set_time(d->turn_time, time);
	d->turn_started = 1;
	d->turn_labelled = labelled;
	d->keep = 1;
	if (opt.speakers.re)
		d->keep = regex_match(&opt.speakers, sp, sn, 0) > 0;
	if (d->keep && opt.exclude.re)
		d->keep = regex_match(&opt.exclude, sp, sn, 0) == 0;
}

/* A turn of the --unlabelled speaker ("" for continue and empty). */
static void
start_unlabelled(struct doc *d)
{
	const char *name = opt.unlab == UNLAB_NAME ? opt.unlab_name : "";

	start_turn(d, name, strlen(name), d->cur_time, 0);
}

/* Text or otter: the trimmed text [p,q) of a line joins the segment. */
static void
piece(struct doc *d, size_t p, size_t q, int para)
{
	if (opt.unit == UNIT_LINE || (para && opt.unit != UNIT_TURN))
		flush(d);
	if (!d->open) {
		d->open = 1;
		d->start = p;
		d->line = d->lineno;
	}
	d->end = q;
	if (opt.unit == UNIT_LINE)
		flush(d);
}

/* A markup line: it ends the segment it interrupts. */
static void
boundary(struct doc *d)
{
	flush(d);
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
		    (opt.unlab != UNLAB_CONTINUE && d->turn_labelled))
			start_unlabelled(d);
	}
	piece(d, p, q, para);
}

static void
label_line(struct doc *d, size_t p, size_t q, const struct label *lab)
{
	const char *s = d->b + p;

	if (lab->time[0])
		set_time(d->cur_time, lab->time);
	start_turn(d, s + lab->sp, lab->sn, d->cur_time, 1);
	d->para_pending = 0;
	d->label_pending = 1;
	if (p + lab->rest < q) {
		d->label_pending = 0;
		piece(d, p + lab->rest, q, 1);
	}
}

/* Text and otter */

/*
 * First pass over a text document: whether it has bold labels, and its
 * heading styles in order of appearance with their counts; the top style
 * is the title when it occurs once, and sections are the level below it.
 * For otter, where the header block ends.
 */
static void
survey(struct doc *d)
{
	size_t pos = d->bom, p, q, next, tp, tq;
	struct hstyle st;
	struct label lab;
	int prev_blank = 1, h;

	d->body = d->bom;
	while (peek_line(d, pos, &p, &q, &next)) {
		if (p == q) {
			prev_blank = 1;
			pos = next;
			continue;
		}
		if (d->fmt == FMT_OTTER) {
			if (find_label(d, d->b + pos, q - pos, &lab)) {
				d->body = pos;
				return;
			}
		} else if ((h = heading(d, p, q, next, prev_blank, &tp, &tq, &st,
		    &next)) == 1) {
			style_rank(d, &st, 1);
		} else if (h == 0 && !d->bold_only && !opt.label.re &&
		    bold_at(d->b, p, q, &lab)) {
			d->bold_only = 1;
		}
		prev_blank = 0;
		pos = next;
	}
	if (d->fmt == FMT_OTTER)
		d->body = d->bom;       /* no turn line: all of it is text */
	d->sect_rank = d->nstyle > 0 && d->style[0].count == 1 ? 2 : 1;
}

/* A heading at the section level sets section; a higher one clears it. */
static void
set_section(struct doc *d, const struct hstyle *st, size_t tp, size_t tq)
{
	int rank = style_rank(d, st, 0);

	if (rank == d->sect_rank)
		buf_set(&d->section, d->b + tp, tq - tp);
	else if (rank < d->sect_rank)
		buf_set(&d->section, "", 0);
}

static int
otter_footer(const char *s, size_t p, size_t q)
{
	return has_prefix(s + p, q - p, "Transcribed by https://otter.ai");
}

static void
segment_lines(struct doc *d)
{
	size_t pos, p, q, next, end, tp, tq;
	struct hstyle st;
	struct label lab;
	int prev_blank = 1, h;
	char t[TIMELEN];

	survey(d);
	d->para_pending = 1;
	d->lineno = line_of(d, d->body) - 1;
	for (pos = d->body; peek_line(d, pos, &p, &q, &next); pos = next) {
		d->lineno++;
		if (p == q) {
			d->para_pending = prev_blank = 1;
			continue;
		}
		end = q;        /* the line without its CR LF, for labels */
		if (d->fmt == FMT_TEXT) {
			if ((h = heading(d, p, q, next, prev_blank, &tp, &tq, &st,
			    &next)) != 0) {
				boundary(d);
				if (h == 1)
					set_section(d, &st, tp, tq);
				for (size_t k = q; k + 1 < next; k++)
					d->lineno += d->b[k] == '\n';
				prev_blank = 0;
				continue;
			}
			prev_blank = 0;
			if (time_marker(d->b, p, q, t)) {
				boundary(d);
				memcpy(d->cur_time, t, TIMELEN);
				memcpy(d->turn_time, t, TIMELEN);
				continue;
			}
			if (italic_line(d->b, p, q) || bracket_line(d->b, p, q)) {
				boundary(d);
				continue;
			}
		} else if (otter_footer(d->b, p, q)) {
			boundary(d);
			continue;
		}
		if (find_label(d, d->b + pos, end - pos, &lab))
			label_line(d, pos, q, &lab);
		else
			text_line(d, p, q);
	}
	flush(d);
}

/* WebVTT and SubRip */

static void
grow_map(size_t **a, size_t **b, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	*cap = need + need / 2 + 64;
	*a = xrealloc(*a, *cap * sizeof(**a));
	*b = xrealloc(*b, *cap * sizeof(**b));
}

/* Append bytes of a cue line, all mapped to the source bytes [ms,me). */
static void
lb_add(struct doc *d, const char *s, size_t n, size_t ms, size_t me)
{
	grow_map(&d->lms, &d->lme, &d->lmcap, d->lb.n + n);
	if (d->lb.n + n + 1 > d->lb.cap) {
		d->lb.cap = d->lb.n + n + 256;
		d->lb.s = xrealloc(d->lb.s, d->lb.cap);
	}
	for (size_t k = 0; k < n; k++) {
		d->lb.s[d->lb.n] = s[k];
		d->lms[d->lb.n] = ms;
		d->lme[d->lb.n++] = me;
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
 * and, for WebVTT, entities decoded, into d->lb; a voice tag's name goes
 * to d->voice.
 */
static void
strip_tags(struct doc *d, size_t p, size_t q)
{
	const char *s = d->b, *gt, *rep;
	size_t i = p, len, a, z;

	d->lb.n = 0;
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
				buf_set(&d->voice, s + a, z - a);
			}
			i = (size_t)(gt - s) + 1;
		} else if (d->fmt == FMT_VTT && s[i] == '&' &&
		    (rep = entity(s + i, q - i, &len)) != NULL) {
			lb_add(d, rep, strlen(rep), i, i + len);
			i += len;
		} else {
			lb_add(d, s + i, 1, i, i + 1);
			i++;
		}
	}
}

/* Cue text [a,z) of d->lb joins the segment; each cue is a paragraph. */
static void
cue_piece(struct doc *d, size_t a, size_t z)
{
	size_t need;
	int para = d->para_pending;

	d->para_pending = 0;
	if (opt.unit == UNIT_LINE || (para && opt.unit != UNIT_TURN))
		flush(d);
	if (!d->open) {
		d->open = 1;
		d->tb.n = 0;
		d->line = line_of(d, d->lms[a]);
	}
	need = d->tb.n + (z - a) + 1;
	grow_map(&d->ms, &d->me, &d->mcap, need);
	if (need + 1 > d->tb.cap) {
		d->tb.cap = need + need / 2 + 256;
		d->tb.s = xrealloc(d->tb.s, d->tb.cap);
	}
	if (d->tb.n > 0) {
		d->ms[d->tb.n] = d->me[d->tb.n] = d->me[d->tb.n - 1];
		d->tb.s[d->tb.n++] = '\n';
	}
	memcpy(d->tb.s + d->tb.n, d->lb.s + a, z - a);
	memcpy(d->ms + d->tb.n, d->lms + a, (z - a) * sizeof(size_t));
	memcpy(d->me + d->tb.n, d->lme + a, (z - a) * sizeof(size_t));
	d->tb.n += z - a;
	if (opt.unit == UNIT_LINE)
		flush(d);
}

/* One line of cue text; first: the cue's first line. */
static void
cue_line(struct doc *d, size_t p, size_t q, int first, const char *cue_time)
{
	struct label lab;
	size_t a = 0, z;
	const char *sp = NULL;
	size_t sn = 0;

	buf_set(&d->voice, "", 0);
	strip_tags(d, p, q);
	z = d->lb.n;
	trim(d->lb.s, &a, &z);
	if (d->voice.n > 0) {
		sp = d->voice.s;
		sn = d->voice.n;
	} else if (a < z && find_label(d, d->lb.s + a, z - a, &lab)) {
		sp = d->lb.s + a + lab.sp;
		sn = lab.sn;
		a += lab.rest;
	} else if (first && (opt.unlab != UNLAB_CONTINUE || !d->turn_started)) {
		sp = opt.unlab == UNLAB_NAME ? opt.unlab_name : "";
		sn = strlen(sp);
	}
	if (sp && (!d->turn_started || sn != d->speaker.n ||
	    memcmp(sp, d->speaker.s, sn) != 0))
		start_turn(d, sp, sn, cue_time, 1);
	if (a < z)
		cue_piece(d, a, z);
}

/* A timing line "start --> end ...": the start time. */
static int
timing_line(const char *s, size_t p, size_t q, char out[TIMELEN])
{
	size_t a;

	for (a = p; a + 3 <= q && memcmp(s + a, "-->", 3) != 0; a++)
		;
	if (a + 3 > q)
		return 0;
	if (!parse_time(s + p, a - p, out))
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

static void
segment_cues(struct doc *d)
{
	size_t pos = d->bom, p, q, next, p2, q2, n2;
	char cue_time[TIMELEN] = "";
	int block_start = 1, skip = 0, first = 0;

	for (; peek_line(d, pos, &p, &q, &next); pos = next) {
		if (p == q) {
			block_start = 1;
			skip = 0;
			continue;
		}
		if (skip)
			continue;
		if (block_start) {
			block_start = 0;
			if (d->fmt == FMT_VTT && ((pos == d->bom &&
			    has_prefix(d->b + p, q - p, "WEBVTT")) ||
			    word_line(d->b, p, q, "NOTE") ||
			    word_line(d->b, p, q, "STYLE") ||
			    word_line(d->b, p, q, "REGION"))) {
				skip = 1;
				continue;
			}
			if (timing_line(d->b, p, q, cue_time)) {
				first = d->para_pending = 1;
				continue;
			}
			if (peek_line(d, next, &p2, &q2, &n2) &&
			    timing_line(d->b, p2, q2, cue_time)) {
				next = n2;      /* a cue identifier and its timing */
				first = d->para_pending = 1;
				continue;
			}
		}
		cue_line(d, p, q, first, cue_time);
		first = 0;
	}
	flush(d);
}

/* Inputs */

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

static int
all_digits(const char *s, size_t p, size_t q)
{
	while (p < q && isdig(s[p]))
		p++;
	return p == q;
}

/* The format of a file by extension, else by content. */
static enum format
sniff(const char *path, const char *s, size_t n)
{
	const char *base = strrchr(path, '/'), *dot;
	struct doc probe = { .b = s, .n = n, .fmt = FMT_OTTER };
	struct label lab;
	size_t pos = 0, p, q, next, p2, q2, n2;
	char t[TIMELEN];
	int lines = 0;

	dot = strrchr(base ? base + 1 : path, '.');
	if (dot && strcmp(dot, ".vtt") == 0)
		return FMT_VTT;
	if (dot && strcmp(dot, ".srt") == 0)
		return FMT_SRT;
	if (dot && (strcmp(dot, ".rst") == 0 || strcmp(dot, ".md") == 0 ||
	    strcmp(dot, ".markdown") == 0))
		return FMT_TEXT;
	if (has_prefix(s, n, "\xef\xbb\xbf"))
		pos = 3;
	if (has_prefix(s + pos, n - pos, "WEBVTT"))
		return FMT_VTT;
	while (peek_line(&probe, pos, &p, &q, &next) && lines < 40) {
		if (p == q) {
			pos = next;
			continue;
		}
		if (lines++ == 0 && peek_line(&probe, next, &p2, &q2, &n2) &&
		    timing_line(s, p2, q2, t) && all_digits(s, p, q))
			return FMT_SRT;
		if (otter_label(s + pos, q - pos, &lab))
			return FMT_OTTER;
		pos = next;
	}
	return FMT_TEXT;
}

/* NUL bytes and UTF-8: 0, or EXIT_DATA (reported). */
static int
check_bytes(struct doc *d)
{
	const char *nul;
	size_t bad;

	if ((nul = memchr(d->b, '\0', d->n)) != NULL) {
		bad = (size_t)(nul - d->b);
		tx_warn(d->name, line_of(d, bad), "NUL byte at byte offset %zu",
		    bad);
		return EXIT_DATA;
	}
	d->lossy = 0;
	if ((bad = utf8_check(d->b, d->n)) != d->n) {
		if (!opt.lossy) {
			tx_warn(d->name, line_of(d, bad),
			    "invalid UTF-8 at byte offset %zu", bad);
			return EXIT_DATA;
		}
		d->lossy = 1;
	}
	return 0;
}

/*
 * Check and segment one file. The whole file is checked before any of its
 * segments is written: a file with bad bytes gives none (EXIT_DATA).
 */
static int
segment_file(struct doc *d, const struct input *in, struct source *file)
{
	int status;

	if (slurp(in->path, file) != 0)
		return EXIT_DATA;
	d->in = in;
	d->name = strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
	d->b = file->s;
	d->n = file->n;
	d->lc_off = 0;
	d->lc_line = 1;
	regex_doc = d;
	if ((status = check_bytes(d)) == 0) {
		d->bom = has_prefix(d->b, d->n, "\xef\xbb\xbf") ? 3 : 0;
		d->has_cr = memchr(d->b, '\r', d->n) != NULL;
		d->fmt = opt.from != FMT_AUTO ? opt.from :
		    sniff(in->path, d->b, d->n);
		d->seg = 0;
		d->bold_only = d->nstyle = 0;
		d->sect_rank = 1;
		d->turn_started = d->turn_labelled = d->open = 0;
		d->label_pending = 0;
		d->keep = 1;
		d->turn_time[0] = d->cur_time[0] = '\0';
		buf_set(&d->speaker, "", 0);
		buf_set(&d->section, "", 0);
		if (d->fmt == FMT_VTT || d->fmt == FMT_SRT)
			segment_cues(d);
		else
			segment_lines(d);
	}
	unmap(file);
	regex_doc = NULL;
	return status;
}

/* The document id of a path: --doc-id's match, else the base name. */
static char *
doc_id(const char *path, const char *stdin_name)
{
	const char *base, *dot;
	size_t a = 0, b = 0;

	if (strcmp(path, "-") == 0)
		return xstrdup(stdin_name ? stdin_name : "stdin");
	if (opt.docid.re) {
		if (!regex_match(&opt.docid, path, strlen(path), 0))
			tx_die(EXIT_USAGE, path, 0, "--doc-id does not match the path");
		if (!regex_group(&opt.docid, 1, &a, &b))
			regex_group(&opt.docid, 0, &a, &b);
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
	const struct input *x = *(const struct input *const *)a;
	const struct input *y = *(const struct input *const *)b;

	return strcmp(x->doc, y->doc);
}

/* Two inputs with one id are an error naming both. */
static void
check_ids(struct input *in, size_t n)
{
	const struct input **sorted = xcalloc(n, sizeof(*sorted));

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

/* Attributes */

static size_t attr_key;

static int
by_key(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;

	return strcmp(x->f[attr_key], y->f[attr_key]);
}

/*
 * Load --attrs: the key column ("doc", else the first), the others made
 * stream names with colname(); names that clash are errors.
 */
static void
load_attrs(const char *path)
{
	struct table *tb = &opt.attrs;

	if (table_load(tb, path) != 0)
		exit(out_close(EXIT_USAGE));
	opt.has_attrs = 1;
	opt.attr_col = xcalloc(tb->ncol, sizeof(*opt.attr_col));
	opt.attr_name = xcalloc(tb->ncol, sizeof(*opt.attr_name));
	attr_key = 0;
	for (size_t i = 0; i < tb->ncol; i++) {
		char *c = colname(tb->col[i]);

		if (strcmp(c, "doc") == 0)
			attr_key = i;
		free(c);
	}
	for (size_t i = 0; i < tb->ncol; i++) {
		char *c;

		if (i == attr_key)
			continue;
		c = colname(tb->col[i]);
		for (size_t k = 0; k < sizeof(segment_cols) / sizeof(*segment_cols); k++)
			if (strcmp(c, segment_cols[k]) == 0)
				tx_die(EXIT_USAGE, path, 1, "column \"%s\" clashes with "
				    "the segment column \"%s\"", tb->col[i], c);
		for (size_t k = 0; k < opt.nattr; k++)
			if (strcmp(c, opt.attr_name[k]) == 0)
				tx_die(EXIT_USAGE, path, 1, "columns \"%s\" and \"%s\" "
				    "both become \"%s\"", tb->col[opt.attr_col[k]],
				    tb->col[i], c);
		opt.attr_col[opt.nattr] = i;
		opt.attr_name[opt.nattr++] = c;
	}
	qsort(tb->row, tb->nrow, sizeof(*tb->row), by_key);
	for (size_t r = 1; r < tb->nrow; r++)
		if (strcmp(tb->row[r].f[attr_key], tb->row[r - 1].f[attr_key]) == 0) {
			long a = tb->row[r - 1].line, b = tb->row[r].line;

			tx_die(EXIT_USAGE, path, a > b ? a : b, "%s \"%s\" appears "
			    "twice (also line %ld)", tb->col[attr_key],
			    tb->row[r].f[attr_key], a > b ? b : a);
		}
}

/* Each input's attribute row; a document without one is an error. */
static void
join_attrs(struct input *in, size_t n, const char *path)
{
	struct table_row key;
	char **f;

	if (!opt.has_attrs)
		return;
	f = xcalloc(opt.attrs.ncol, sizeof(*f));
	key.f = f;
	for (size_t i = 0; i < n; i++) {
		f[attr_key] = in[i].doc;
		in[i].row = bsearch(&key, opt.attrs.row, opt.attrs.nrow,
		    sizeof(*opt.attrs.row), by_key);
		if (in[i].row == NULL && !opt.attrs_missing_empty)
			tx_die(EXIT_USAGE, path, 0, "no row for doc \"%s\" (%s); "
			    "--attrs-missing empty leaves its columns empty",
			    in[i].doc, in[i].path);
	}
	free(f);
}

/* Options */

static uint32_t
named_group(struct regex *rx, const char *name)
{
	int g = pcre2_substring_number_from_name(rx->re, (PCRE2_SPTR)name);

	return g > 0 ? (uint32_t)g : 0;
}

static void
regex_free(struct regex *rx)
{
	pcre2_match_data_free(rx->md);
	pcre2_code_free(rx->re);
}

static void
free_all(struct doc *d, struct source *file, struct input *in, size_t nin)
{
	char *bufs[] = { d->speaker.s, d->section.s, d->tb.s, d->lb.s,
	    d->voice.s, file->buf.s };
	size_t *maps[] = { d->ms, d->me, d->lms, d->lme };

	for (size_t i = 0; i < sizeof(bufs) / sizeof(*bufs); i++)
		free(bufs[i]);
	for (size_t i = 0; i < sizeof(maps) / sizeof(*maps); i++)
		free(maps[i]);
	for (size_t i = 0; i < nin; i++)
		free(in[i].doc);
	free(in);
	regex_free(&opt.label);
	regex_free(&opt.speakers);
	regex_free(&opt.exclude);
	regex_free(&opt.docid);
	pcre2_match_context_free(regex_mctx);
	regex_mctx = NULL;
	for (size_t i = 0; i < opt.nattr; i++)
		free(opt.attr_name[i]);
	free(opt.attr_name);
	free(opt.attr_col);
	if (opt.has_attrs)
		table_free(&opt.attrs);
}

enum { OPT_UNLABELLED = 256, OPT_LABEL_REGEX, OPT_DOC_ID, OPT_DOC,
	OPT_ATTRS_MISSING, OPT_LOSSY, OPT_VERSION };

static const struct option longopts[] = {
	{ "from",             required_argument, NULL, 'f' },
	{ "unit",             required_argument, NULL, 'u' },
	{ "unlabelled",       required_argument, NULL, OPT_UNLABELLED },
	{ "label-regex",      required_argument, NULL, OPT_LABEL_REGEX },
	{ "doc-id",           required_argument, NULL, OPT_DOC_ID },
	{ "doc",              required_argument, NULL, OPT_DOC },
	{ "speakers",         required_argument, NULL, 's' },
	{ "exclude-speakers", required_argument, NULL, 'x' },
	{ "attrs",            required_argument, NULL, 'a' },
	{ "attrs-missing",    required_argument, NULL, OPT_ATTRS_MISSING },
	{ "lossy",            no_argument,       NULL, OPT_LOSSY },
	{ "help",             no_argument,       NULL, 'h' },
	{ "version",          no_argument,       NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	static char *stdin_only[] = { "-" };
	static const char *const attrs_missing[] = { "error", "empty", NULL };
	const char *attrs = NULL, *stdin_name = NULL;
	struct input *in;
	struct doc d;
	struct source file = { 0 };
	int ch, status = EXIT_OK;
	size_t nin;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "a:f:hs:u:x:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			opt.from = (enum format)opt_word("--from", optarg,
			    format_names);
			break;
		case 'u':
			opt.unit = (enum unit)opt_word("--unit", optarg,
			    unit_names);
			break;
		case OPT_UNLABELLED:
			if (strcmp(optarg, "continue") == 0)
				opt.unlab = UNLAB_CONTINUE;
			else if (strcmp(optarg, "empty") == 0)
				opt.unlab = UNLAB_EMPTY;
			else if (*optarg == '\0')
				tx_usage_error("--unlabelled: empty name");
			else {
				opt.unlab = UNLAB_NAME;
				opt.unlab_name = optarg;
			}
			break;
		case OPT_LABEL_REGEX:
			regex_compile(&opt.label, "--label-regex", optarg, 0);
			if ((opt.label_speaker = named_group(&opt.label,
			    "speaker")) == 0)
				tx_die(EXIT_USAGE, NULL, 0, "--label-regex \"%s\": no "
				    "group (?<speaker>...)", optarg);
			opt.label_time = named_group(&opt.label, "time");
			break;
		case OPT_DOC_ID:
			regex_compile(&opt.docid, "--doc-id", optarg, 0);
			break;
		case OPT_DOC:
			if (*optarg == '\0')
				tx_usage_error("--doc: empty name");
			stdin_name = optarg;
			break;
		case 's':
			regex_compile(&opt.speakers, "--speakers", optarg,
			    PCRE2_CASELESS | PCRE2_UCP);
			break;
		case 'x':
			regex_compile(&opt.exclude, "--exclude-speakers", optarg,
			    PCRE2_CASELESS | PCRE2_UCP);
			break;
		case 'a':
			attrs = optarg;
			break;
		case OPT_ATTRS_MISSING:
			opt.attrs_missing_empty = opt_word("--attrs-missing",
			    optarg, attrs_missing);
			break;
		case OPT_LOSSY:
			opt.lossy = 1;
			break;
		case 'h':
			usage(EXIT_OK);
		case OPT_VERSION:
			tx_version();
		default:
			usage(EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	nin = (size_t)argc;
	in = xcalloc(nin, sizeof(*in));
	for (size_t i = 0; i < nin; i++) {
		in[i].path = argv[i];
		in[i].doc = doc_id(argv[i], stdin_name);
	}
	check_ids(in, nin);
	if (attrs) {
		load_attrs(attrs);
		join_attrs(in, nin, attrs);
	}

	out_str("doc\tseg\tspeaker\ttime\tsection\tline\tstart\tend\t");
	for (size_t i = 0; i < opt.nattr; i++) {
		out_str(opt.attr_name[i]);
		tsv_sep();
	}
	out_str("text\n");
	memset(&d, 0, sizeof(d));
	for (size_t i = 0; i < nin; i++)
		if (segment_file(&d, &in[i], &file) != 0)
			status = EXIT_DATA;
	free_all(&d, &file, in, nin);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-segment [-f format] [-u unit] [--unlabelled mode]\n"
	    "                  [--label-regex regex] [--doc-id regex] [--doc name]\n"
	    "                  [-s regex] [-x regex] [-a file] [--attrs-missing how]\n"
	    "                  [--lossy] [file ...]\n";
	static const char text[] =
	    "\n"
	    "Cut transcripts into segments (standard input when no file or \"-\")\n"
	    "and write the segment stream: doc seg speaker time section line start\n"
	    "end, attribute columns, text.\n"
	    "\n"
	    "  -f, --from format          auto (default), text, otter, vtt or srt\n"
	    "  -u, --unit unit            turn (default), paragraph, sentence or line\n"
	    "      --unlabelled mode      text without a label: continue (default),\n"
	    "                             empty, or a speaker's name\n"
	    "      --label-regex regex    speaker labels: PCRE2 matched at line start,\n"
	    "                             groups (?<speaker>...) and (?<time>...)\n"
	    "      --doc-id regex         doc id from the path: group 1, else the match\n"
	    "      --doc name             doc id of standard input (default stdin)\n"
	    "  -s, --speakers regex       keep turns whose speaker matches (caseless)\n"
	    "  -x, --exclude-speakers regex  drop turns whose speaker matches\n"
	    "  -a, --attrs file           CSV or TSV sheet of attributes, keyed on doc\n"
	    "      --attrs-missing how    a doc without a row: error (default) or empty\n"
	    "      --lossy                write U+FFFD for invalid UTF-8, not an error\n"
	    "  -h, --help                 this help\n"
	    "      --version              the version\n";

	tx_usage(status, synopsis, text);
}
