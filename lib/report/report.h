/*
 * report.h: tx-report's results section as a page. A corpus summary, a
 * heatmap of codes by group, and for each theme a table of its codes and
 * quotes, as one self-contained HTML file (inline CSS and SVG, no script)
 * or Markdown.
 *
 *   struct report r;
 *   report_init(&r, &o);                the date and the codebook
 *   status = report_read(&r, nfiles, files);
 *   cmd = report_command_line(&o);
 *   report_html(&r, title, cmd);        or report_md
 *   report_free(&r);
 *
 * The modules: model.c reads the codings (counted with lib/count.c and
 * compared with lib/compare.c, or the comparison read from tx-compare's
 * output) into the report's model of groups and codes, and records every
 * input with its SHA-256; quote.c chooses each code's quotes and trims
 * them; pen.c writes text escaped for HTML or Markdown, each string
 * isolated and its directional controls closed; html.c (with the SVG
 * heatmap) and md.c write the page.
 */
#ifndef TX_REPORT_H
#define TX_REPORT_H

#include <stddef.h>
#include <sys/stat.h>

#include "tsv.h"
#include "codebook/codebook.h"
#include "compare.h"
#include "count.h"
#include "tx.h"

enum report_format { REPORT_HTML, REPORT_MD };

struct report_options {
	char *by;
	const char *casecol;    /* --case COL: the cases, doc by default */
	const char *cases;      /* --cases FILE: every case and its groups */
	const char *compare;    /* --compare FILE: a tx-compare output */
	const char *codebook;
	const char *title;
	char **groups;          /* --groups, NULL for all */
	size_t ngroups;
	long quotes;            /* per code and group */
	long width;             /* a quote's length, in characters */
	int format;             /* enum report_format */
	int argc;               /* the command line, echoed */
	char **argv;
};

/* A quote kept while it is among the best of its code and group. */
struct quote {
	char *text, *doc, *speaker, *match;
	size_t len, cap, chars;
	long hits;
	size_t order;           /* record number in the stream */
	int speaker_doc;        /* the speaker is the document: not shown */
	const struct cb_code *code;     /* the code it was coded with, if not
					   the column's (a theme's quote) */
};

/* The best quotes of one code in one group, best first. */
struct quote_cell {
	struct quote *q;
	size_t n;
};

/* A column of the report: one group. */
struct report_group {
	char *label;
	size_t cg;              /* index into counts->group */
	long total;             /* its documents (or the comparison's unit) */
};

/* A code as the report shows it. */
struct report_code {
	char *path;
	size_t len;
	const char *name;       /* the last level */
	int depth;
	size_t rank, theme_rank;
	long cc;                /* index into counts->code, or -1 */
	const struct cb_code *cb;
	const struct compare_result *row;       /* its comparison, or NULL */
	long *a;                /* k counts */
};

/* An input as the page lists it, for its provenance. */
struct report_input {
	char *name;             /* as given: a file, "-", /dev/fd/N */
	const char *path;       /* as read (a pipe's copy), for check_unchanged */
	const char *role;       /* "codings" or "--compare" */
	char sha[65];           /* SHA-256 of the bytes read, hex; "" if unread */
	int pipe;               /* not a regular file: copied, then read */
	int regular;            /* read as it is: checked unchanged (st) */
	struct stat st;         /* as it was hashed */
};

struct report {
	const struct report_options *o;
	struct counts *c;
	struct codebook cb;
	int have_cb;
	char sha[65];           /* the codebook's SHA-256, hex */
	struct report_group *group;
	int k;
	const char *unit;       /* "documents", "segments" or "cases" (--case,
				   or a comparison's unknown unit) */
	int unit_known;         /* the comparison's totals told the unit */
	struct compare_table cmp;       /* the comparison: lib/compare.c's, or read */
	struct report_code *code;       /* path order */
	size_t ncode;
	size_t *order;          /* report order: indexes into code */
	struct quote_cell *cell;        /* counts codes x counts groups */
	char **coder;
	size_t ncoder;
	int computed;           /* the comparison is lib/compare.c's */
	struct compare_options co;      /* made with these, if computed */
	char date[16];
	struct report_input *input;     /* the codings, then --compare */
	size_t ninput;
	char *compare_file;     /* --compare, or its copy if a pipe */
	char *cases_file;       /* --cases, or its copy if a pipe */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

/*
 * The report's date (SOURCE_DATE_EPOCH when set, else now; UTC) and, with
 * --codebook, the codebook: usage errors (exit 2) before any input is read.
 */
void report_init(struct report *r, const struct report_options *o);

/*
 * Read the codings (standard input when nfiles is 0) twice: counted and
 * compared, then for the quotes; pipes are first copied to a temporary
 * file (files[i] may be replaced). Nothing is written. Returns the exit
 * status the inputs leave (a missing file: EXIT_DATA).
 */
int report_read(struct report *r, int nfiles, char **files);

/* The command line, as a shell would take it back: a new string. */
char *report_command_line(const struct report_options *o);

/* The page. */
void report_html(struct report *r, const char *title, const char *cmd);
/* An HTML page's head and style, up to its title as <h1> (html.c). */
void html_page_head(const char *title, const char *style);
void report_md(struct report *r, const char *title, const char *cmd);

void report_free(struct report *r);

/*
 * The framework matrix (tx-matrix; matrix.c): cases (documents, or the
 * values of --case) grouped by --by as rows, themes (codes cut to depth
 * levels) as columns, each cell the case's best quotes on the theme (one
 * per segment, tagged doc#seg, chosen and trimmed as the report's), its
 * count of segments, or empty for a summary. Reads the codings once, then
 * writes:
 *
 *   struct matrix *m = matrix_new(&o);
 *   matrix_read(m, t);  matrix_write(m);  matrix_free(m);
 */
enum matrix_cell { MATRIX_QUOTES, MATRIX_COUNT, MATRIX_SUMMARY };
enum matrix_format { MATRIX_TSV, MATRIX_CSV, MATRIX_MD, MATRIX_HTML };

struct matrix_options {
	const char *by;         /* NULL: one group */
	const char *casecol;    /* NULL: doc */
	const char *codebook;   /* themes in its order; other codes: exit 2 */
	const char *coder;
	const char *title;
	int depth;              /* levels of a theme (1) */
	int cell;               /* enum matrix_cell */
	int format;             /* enum matrix_format */
	long quotes, width;
};

struct matrix;
/* A matrix to read into; --codebook is loaded (exit 2 if it fails). */
struct matrix *matrix_new(const struct matrix_options *o);
/* Read the codings stream t (tsv_open) to its end; 0 for empty input. */
int matrix_read(struct matrix *m, struct tsv *t);
/* Write it in its format (empty input: TSV and CSV nothing, a page empty). */
void matrix_write(struct matrix *m);
void matrix_free(struct matrix *m);

/* ------------------------------------------------------------------ */
/* Between the modules of lib/report */

/* model.c. What a codings stream without a needed column is told. */
extern const char report_codings_hint[];
/* And one without text (tx-code --no-text). */
extern const char report_text_hint[];
/* The pattern a code shows: the comparison's, "not found", or "". */
const char *report_pattern(const struct report *r,
    const struct report_code *rc);
/* Is the pattern a difference ("more in", "only in")? */
int report_is_difference(const char *pattern);
/* The number of themes (top-level codes). */
size_t report_themes(const struct report *r);
/* The end of the theme that starts at report position from. */
size_t report_theme_end(const struct report *r, size_t from);

/*
 * quote.c. quotes_read reads the codings again, keeping the best quotes of
 * each code and group (r->cell); quotes_of gives those of code rc in the
 * report's group g (NULL for a code the counts lack); quote_put writes one,
 * marked and trimmed.
 */
int quotes_read(struct report *r, struct tsv *t);
const struct quote_cell *quotes_of(const struct report *r,
    const struct report_code *rc, int g);
int quotes_any(const struct report *r, const struct report_code *rc);
void quote_put(struct report *r, const struct report_code *rc,
    const struct quote *q);
void quotes_free(struct report *r);
/*
 * quote_offer offers a quote to a cell of one's own (the framework
 * matrix: its tag as doc); quote_span gives the part of its text that
 * quote_put shows, for a writer of plain text; quote_cell_free frees it.
 */
void quote_offer(struct quote_cell *cell, size_t max, const struct quote *q);
void quote_span(struct report *r, const struct report_code *rc,
    const struct quote *q, size_t *from, size_t *to);
void quote_cell_free(struct quote_cell *cell);

/*
 * pen.c: a writer of running text: white space runs become one space, and
 * a mark opens and closes around non-space text only.
 */
enum pen_isolate { PEN_NONE, PEN_BDI, PEN_FSI };
/* Directional controls: openers, and their closers (opener + 1). */
enum { BIDI_EMBED = 1, BIDI_POP_EMBED, BIDI_ISOLATE, BIDI_POP_ISOLATE };

struct pen {
	int fmt;
	int iso;                /* enum pen_isolate: around the string */
	int any, space;
	int want_mark, in_mark;
	unsigned char dir[32];  /* the directional controls open */
	size_t ndir;
};

/* The directional control that s starts with (BIDI_*), or 0. */
int pen_bidi_control(const char *s, size_t n);
void pen_bidi_close(struct pen *p);
/* A string begins (its isolate) and ends (mark, controls, isolate closed). */
void pen_begin(struct pen *p);
void pen_end(struct pen *p);
void pen_mark_open(struct pen *p);
void pen_mark_close(struct pen *p);
/* One character of s (at *i, which it advances), escaped. */
void pen_char(struct pen *p, const char *s, size_t n, size_t *i);
/* Text, escaped, white space collapsed and trimmed; in HTML, in <bdi>. */
void pen_text(int fmt, const char *s);
/* The same, isolated in Markdown too (U+2068 ... U+2069). */
void pen_isolated(int fmt, const char *s);
/* The same, isolated by U+2068 ... U+2069 (<title>, SVG text). */
void pen_bare(int fmt, const char *s);
/* Text of at most max characters; a longer one ends in an ellipsis. */
void pen_short(int fmt, const char *s, size_t max);
/* A code in a table: a theme by its name, a code by its path below it. */
void pen_code_name(int fmt, const struct report_code *rc);
/* The path below its theme, levels joined by " / ". */
void pen_subpath(int fmt, const struct report_code *rc);
/* A theme table's cells after the code's. */
void pen_row_cells(const struct report *r, const struct report_code *rc,
    int fmt);
/* The words of the corpus section, in the report's format. */
void pen_coders(const struct report *r);
void pen_codebook_words(const struct report *r);
void pen_comparison_words(const struct report *r);
/* The inputs with their SHA-256; where they come from, in words. */
void pen_inputs(const struct report *r);
void pen_provenance_words(const struct report *r);
/* A percentage in a heatmap cell: whole, one decimal under 10, "<0.1%". */
void pen_pct(int fmt, double v);
/* The tests of the comparison's rows from, to (report positions), named. */
void pen_tests(const struct report *r, size_t from, size_t to);
/* The corpus table's column of cases: "documents", or "cases (COL)";
 * with --cases, and the column of cases without segments. */
void pen_corpus_cases(const struct report *r);
/* What a theme's table shows, in words. */
void pen_table_caption(const struct report *r, size_t from, size_t to);

#endif
