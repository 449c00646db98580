/*
 * internal.h: what the modules of lib/segment/ share, and no tool sees.
 *
 *   input.c    the inputs: ids, reading, checking; seg_file and its lines
 *   turn.c     the turn state machine and the rows it writes
 *   time.c     times, normalised to hh:mm:ss
 *   label.c    label candidates (plain, bold, --label-regex) and their form
 *   survey.c   which candidates are speakers; the label report, warnings
 *   regex.c    option regexes, matched under limits
 *   text.c     plain text, reStructuredText and Markdown
 *   otter.c    Otter exports
 *   cue.c      WebVTT and SubRip
 *   sniff.c    a file's format
 *   sentence.c the sentence rule
 *   attrs.c    the stream's columns and the attribute join
 *
 * A function one module gives another is named seg_*, as the API's are,
 * so that no name in libtx.a clashes with another domain's.
 */
#ifndef TX_SEGMENT_INTERNAL_H
#define TX_SEGMENT_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "tx.h"
#include "segment/segment.h"

/* A time: "hh:mm:ss", or a --label-regex time as written. */
#define TIMELEN 64

/* A file's bytes: mapped, or read into buf. */
struct source {
	const char *s;
	size_t n;
	struct buf buf;
};

/* Text built from pieces of the source, byte i from its bytes [ms[i],me[i]). */
struct mapped {
	struct buf text;
	size_t *ms, *me, cap;
};

/* A label found at the start of a line; offsets relative to the line. */
struct label {
	size_t sp, sn;          /* speaker */
	size_t rest;            /* where the turn's text begins */
	char time[TIMELEN];     /* normalised, or "" */
};

/*
 * What a label candidate looks like: the forms that make it a speaker
 * wherever it stands, and what makes it a header line or prose.
 */
enum {
	LF_BOLD = 1 << 0,       /* **Name**: */
	LF_PLACEHOLDER = 1 << 1,        /* [PERSON-1], [the nurse] */
	LF_ID = 1 << 2,         /* 9A, P01, admin-1, Speaker 1 */
	LF_CAPS = 1 << 3,       /* DR SMITH, I */
	LF_TITLE = 1 << 4,      /* Dr Patel, Mrs O'Brien */
	LF_REGEX = 1 << 5,      /* --label-regex */
	LF_OTTER = 1 << 6,      /* Otter's turn line */
	LF_PROSE = 1 << 7,      /* starts with a word of prose: The, You */
	LF_FIELDS = 1 << 8,     /* another "Key: value" follows: a header */
	LF_SHORT = 1 << 9,      /* a short value, no sentence: "KW" */
	LF_HEADWORD = 1 << 10,  /* a header's key: Date, Site, Location */
	LF_ROLE = 1 << 11,      /* a role: Interviewer, Patient, Nurse */
	LF_NAME = 1 << 12,      /* capitalised words: Smith, Ann Bee */
	LF_OPENS = 1 << 13,     /* what follows opens a sentence, or nothing */
	LF_INITIALS = 1 << 14   /* the value is initials or an id: "KW", "R1" */
};

/*
 * A label candidate: a line of the document that starts like a label.
 * The second pass finds a taken one's label again (seg_find_label).
 */
struct cand {
	size_t pos;             /* where its line starts: the second pass's key */
	size_t name;            /* its name, in survey.names */
	long line;
	const char *why;        /* why taken, or not */
	unsigned len, form;
	int para;               /* its paragraph, from 1 (text), else 0 */
	int count;              /* line starts with this name in the document */
	unsigned char taken, warn;
};

/* The labels of the document, from a first pass over it. */
struct survey {
	struct cand *c;
	size_t n, cap, cur;     /* cur: the second pass's cursor */
	size_t *order;          /* candidates by name */
	struct buf names;       /* their names, one after another */
	struct buf listed;      /* the speaker list, each name NUL-ended */
	int first_para, first_para_text;
	int bold_only;          /* most labels taken are bold */
};

/* The document being segmented and its turn: what every parser shares. */
struct doc {
	const struct seg_opts *opt;
	const struct seg_input *in;
	const char *name;       /* for messages */
	const char *b;          /* the file's bytes */
	size_t n, bom;
	int has_cr, lossy;
	long seg;
	/* lines: offset and number of the last one counted */
	size_t lc_off;
	long lc_line;
	/* the turn */
	struct buf speaker, section;
	char turn_time[TIMELEN], cur_time[TIMELEN];
	int turn_started, turn_labelled, keep;
	int para_pending, label_pending;
	/* the open segment */
	int open;
	size_t start, end;
	long line, lineno;      /* its first line; the line being read */
	const struct mapped *built;     /* vtt, srt: the text built, else NULL */
	struct survey sv;
	struct buf spk1;        /* the first speaker named, of nspk (0, 1, 2+) */
	int nspk;
	const struct table_row *row;    /* the turn's attributes */
};

struct cue;                     /* cue.c's */

/* What seg_new makes: the document, the file, and the cue parser's state. */
struct seg {
	const struct seg_opts *opt;
	struct doc doc;
	struct source file;
	struct cue *cue;        /* made by cue.c on the first cue file */
	char *office;           /* a Word or ODT file's text, the source */
};

static inline void
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

static inline int
isws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Trim white space: [*p,*q) */
static inline void
trim(const char *s, size_t *p, size_t *q)
{
	while (*p < *q && isws((unsigned char)s[*p]))
		(*p)++;
	while (*q > *p && isws((unsigned char)s[*q - 1]))
		(*q)--;
}

static inline int
has_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(s, pre, k) == 0;
}

/* input.c */
/* The line of s[0..n) that starts at next: trimmed bounds; 0 at the end. */
int seg_peek_line(const char *s, size_t n, size_t next, size_t *p, size_t *q,
    size_t *after);
long seg_line_of(struct doc *d, size_t off);

/* regex.c: match in s[0..n) (d: the document, for messages, or NULL) */
int seg_regex_match(const struct seg_regex *rx, const struct doc *d,
    const char *s, size_t n, uint32_t flags);
int seg_regex_group(const struct seg_regex *rx, uint32_t g, size_t *a,
    size_t *b);

/* time.c */
int seg_parse_time(const char *s, size_t n, char out[TIMELEN]);
int seg_bracketed_time(const char *s, size_t n, size_t i, size_t *end,
    char out[TIMELEN]);
void seg_set_time(char to[TIMELEN], const char *from);

/* label.c */
int seg_find_label(const struct doc *d, const char *s, size_t n,
    struct label *lab, unsigned *form);
int seg_regex_label(const struct doc *d, const char *s, size_t n,
    struct label *lab);

/* survey.c */
void seg_survey_reset(struct survey *sv);
void seg_survey_free(struct survey *sv);
void seg_survey_add(struct doc *d, size_t pos, int para, const char *name,
    size_t len, unsigned form);
void seg_survey_text(struct survey *sv, int para);
void seg_survey_list(struct survey *sv, const char *s, size_t p, size_t q);
size_t seg_speaker_list(const char *s, size_t p, size_t q);
void seg_survey_decide(struct doc *d);
int seg_survey_taken(struct doc *d, size_t pos);
void seg_survey_end(struct doc *d);

/* turn.c */
void seg_start_turn(struct doc *d, const char *sp, size_t sn, const char *time,
    int labelled);
int seg_piece_begin(struct doc *d, int para);
void seg_piece_end(struct doc *d);
void seg_boundary(struct doc *d);
void seg_direction(struct doc *d, size_t p, size_t q);
void seg_turn_line(struct doc *d, size_t pos, size_t p, size_t q,
    const struct label *lab);
void seg_flush(struct doc *d);

/* attrs.c */
const struct table_row *seg_attrs_row(const struct doc *d);

/* the formats */
void seg_text(struct doc *d);
void seg_otter(struct doc *d);
int seg_otter_label(const char *s, size_t n, struct label *lab);
void seg_cues(struct doc *d, struct cue **state, int vtt);
int seg_timing_line(const char *s, size_t p, size_t q, char out[TIMELEN]);
void seg_cue_free(struct cue *state);

#endif
