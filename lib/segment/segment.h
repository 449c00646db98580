/*
 * segment.h: transcripts cut into segments (tx-segment).
 *
 * Reads transcripts (plain text, reStructuredText and Markdown hearings,
 * Otter exports, WebVTT, SubRip) and writes the segment stream: doc seg
 * speaker time section line start end, the attribute columns, then text.
 *
 *   struct seg_opts o = { .unit = SEG_TURN };       the options
 *   seg_label_regex(&o, "^(?<speaker>...):");       regexes, when given
 *   seg_attrs_load(&o.attrs, "participants.csv");   attributes, when given
 *   in[i].path = path; in[i].doc = seg_doc_id(&o, path, NULL);
 *   seg_check_ids(in, n); seg_attrs_join(&o.attrs, in, n, sheet);
 *   seg_header(&o.attrs);      (o.label_report: seg_report_header())
 *   struct seg *sg = seg_new(&o);
 *   for each input: status |= seg_file(sg, &in[i]);  0 or EXIT_DATA (reported)
 *   seg_attrs_unmatched(&o.attrs, in, n, sheet);
 *   seg_free(sg); seg_opts_free(&o);
 *
 * Each file is read whole into one reused buffer, checked (NUL bytes,
 * UTF-8) before any of its segments is written, then walked line by line.
 * For text and otter a segment's text is the source bytes [start,end)
 * themselves, written straight from the buffer; nothing is copied per
 * segment. Memory is one file plus small per-turn state.
 *
 * The sentence rule (seg_sentence) is the one --unit sentence cuts with,
 * for any tool that wants a text's sentences.
 */
#ifndef TX_SEGMENT_H
#define TX_SEGMENT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "tsv.h"
#include "table.h"
#include "tx.h"

enum seg_format { SEG_AUTO, SEG_TEXT, SEG_OTTER, SEG_VTT, SEG_SRT, SEG_DOCX,
    SEG_ODT };
enum seg_unit { SEG_TURN, SEG_PARAGRAPH, SEG_SENTENCE, SEG_LINE };
/* Text without a label: continue the turn, an empty speaker, or a name. */
enum seg_unlabelled { SEG_CONTINUE, SEG_EMPTY, SEG_NAME };

/* A regex and its match data, compiled once. */
struct seg_regex {
	pcre2_code *re;
	pcre2_match_data *md;
};

/* --attrs: the sheet, and the columns it adds to every row. */
struct seg_attrs {
	struct table sheet;
	int loaded;
	int missing_empty;      /* a doc without a row: empty columns */
	size_t key;             /* the sheet's key column */
	int by_speaker;         /* keyed on doc and speaker, */
	size_t speaker;         /* this column */
	unsigned char *used;    /* rows that matched a turn */
	char **keyf;            /* a key row, for bsearch */
	size_t *col;            /* sheet columns appended, in order */
	char **name;            /* their stream names */
	size_t n;
};

struct seg_opts {
	enum seg_format from;
	enum seg_unit unit;
	enum seg_unlabelled unlab;
	const char *unlab_name;
	struct seg_regex label, speakers, exclude, docid;
	uint32_t label_speaker, label_time;     /* group numbers, 0: none */
	int lossy;
	const char *text_out;   /* --text-out: a Word or ODT file's text */
	int label_report;       /* the labels, not the segments */
	int keep_directions;    /* stage directions as segments, no speaker */
	struct seg_attrs attrs;
};

/* One input: its path, document id and attribute row. */
struct seg_input {
	const char *path;
	char *doc;
	const struct table_row *row;
};

/*
 * A regex of an option (what names it in messages), compiled with UTF and
 * matched under limits; a bad one is a usage error.
 */
void seg_regex_compile(struct seg_regex *rx, const char *what, const char *pat,
    uint32_t flags);
/* --label-regex: compiled, with its groups (?<speaker>...) and (?<time>...). */
void seg_label_regex(struct seg_opts *o, const char *pat);
/* The regexes, their match context and the attributes. */
void seg_opts_free(struct seg_opts *o);

/*
 * The document id of a path: --doc-id's match, else the base name without
 * extension; standard input ("-") is stdin_name, else "stdin". A new string.
 */
char *seg_doc_id(const struct seg_opts *o, const char *path,
    const char *stdin_name);
/* Two inputs with one id are an error naming both. */
void seg_check_ids(struct seg_input *in, size_t n);

/*
 * Load --attrs: the key column ("doc", else the first), the others made
 * stream names with colname(); names that clash are errors (exit 2).
 */
void seg_attrs_load(struct seg_attrs *a, const char *path);
/*
 * Each input's attribute row; a document without one is an error. With a
 * speaker column (and doc), each turn's row is its doc's and speaker's.
 */
void seg_attrs_join(const struct seg_attrs *a, struct seg_input *in, size_t n,
    const char *path);
/* With a speaker column: warn of each row of an input that matched no turn. */
void seg_attrs_unmatched(const struct seg_attrs *a, const struct seg_input *in,
    size_t n, const char *path);
void seg_attrs_free(struct seg_attrs *a);
/* The stream's header line: the segment columns and a's. */
void seg_header(const struct seg_attrs *a);
/*
 * --label-report: for each document, its label candidates, taken or not
 * and why, in place of the segments: doc line label taken count why.
 */
void seg_report_header(void);

/* What segments files, with buffers reused from one file to the next. */
struct seg;
struct seg *seg_new(const struct seg_opts *o);
/*
 * Check and segment one file, writing its rows. The whole file is checked
 * before any of its segments is written: a file with bad bytes (or one that
 * cannot be read) gives none and EXIT_DATA, reported.
 */
int seg_file(struct seg *sg, const struct seg_input *in);
void seg_free(struct seg *sg);

/* The format of a file by extension, else by content. */
enum seg_format seg_sniff(const char *path, const char *s, size_t n);

/*
 * Where the sentence starting at s[i] ends, after its closing quotes and
 * brackets ("Dr.", "e.g.", "3.5" and "..." end none); n if it runs on.
 */
size_t seg_sentence_end(const char *s, size_t n, size_t i);
/*
 * The next sentence of s[0..n) from *i on: 1 and its bounds [*a,*z), white
 * space around it left out, and *i moved past it; 0 when none is left.
 */
int seg_sentence(const char *s, size_t n, size_t *i, size_t *a, size_t *z);
/* Whether a sentence ends just before byte i (the same rule). */
int seg_sentence_ends_at(const char *s, size_t n, size_t i);
/* The first i in [from, to] where one ends so (to < SIZE_MAX), else to + 1. */
size_t seg_next_sentence_end(const char *s, size_t n, size_t from, size_t to);

#endif
