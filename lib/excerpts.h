/*
 * excerpts.h: another tool's coding imported as a codings stream
 * (tx-code --excerpts).
 *
 * An excerpt sheet (CSV or TSV) has a row per coded excerpt: the document,
 * the code and the excerpt's text. Each excerpt is looked for in its
 * document's segments, joined in order, with speaker labels dropped (an
 * excerpt's must match the speaker of the segment it lands in) and white
 * space, quotes, dashes and ellipses folded; every segment the excerpt
 * covers gets its code. Where it lands does not depend on the sheet's
 * row order (excerpts.c says how).
 *
 *   struct excerpts x;
 *   if (excerpts_load(&x, files, nfiles, &cols) != 0)
 *       exit(2);                          every error has been reported
 *   ... read the segment stream's header, write the codings header ...
 *   excerpts_code(&x, t, text, coder, coded_only);
 *   missing = excerpts_report(&x);        excerpts found nowhere, listed
 *   excerpts_free(&x);
 */
#ifndef TX_EXCERPTS_H
#define TX_EXCERPTS_H

#include <stddef.h>
#include <stdint.h>

#include "tsv.h"
#include "table.h"
#include "tx.h"

/* The sheet's column names. */
struct excerpt_columns {
	const char *doc, *code, *text;
};

struct excerpt {
	const char *file;
	long line;              /* where the row starts in file */
	long row;               /* the row's number, the header being row 1 */
	const char *doc;        /* as written */
	const char *text;       /* as written */
	uint32_t code;          /* index in excerpts.code */
	int state;              /* EXCERPT_UNTRIED, ... */
	size_t ties;            /* found: places equally near its neighbours
	                           (0 or 1: placed without doubt) */
	char *where;            /* with ties: the seg placed in, or NULL */
};

enum {
	EXCERPT_UNTRIED,        /* its document was not in the input */
	EXCERPT_FOUND,
	EXCERPT_MISSING,        /* not in its document's segments */
	EXCERPT_EMPTY,          /* nothing left once folded */
};

struct excerpt_key {            /* a name an excerpt's document goes by */
	const char *name;
	size_t ex;
};

struct excerpt_doc;             /* one document's segments (excerpts.c) */

struct excerpts {
	struct table *sheet;    /* the sheets, kept for their strings */
	size_t nsheet;
	struct excerpt *ex;
	size_t n;
	char **code;            /* in the order the sheets first name them */
	size_t ncode;
	char **stripped;        /* each excerpt's document less extension */
	struct excerpt_key *key;        /* sorted by name, then ex */
	size_t nkey;
	struct excerpt_doc *doc;
};

/* 0, or -1 once every error has been reported (exit 2). */
int excerpts_load(struct excerpts *x, char **files, size_t nfiles,
    const struct excerpt_columns *cols);
/*
 * Read the segment stream t (after its header) to its end and write the
 * codings stream's rows: each segment once per code its excerpts give it
 * (hits: how many; match: the first excerpt's text within the segment),
 * or once with an empty code. text is the text column's index.
 */
void excerpts_code(struct excerpts *x, struct tsv *t, int text,
    const char *coder, int coded_only);
/* List on stderr the excerpts found in no segment, and those placed among
 * equal places; the number of the first. */
size_t excerpts_report(const struct excerpts *x);
void excerpts_free(struct excerpts *x);

/* Shared with lib/spans.c (tx-code --spans). */
/* At most 60 bytes of text folded as excerpts are, cut at a character. */
void excerpt_preview(const char *text, char buf[64]);
/* Do a and b read the same once folded as excerpts are (white space one
 * space and trimmed; quotes, dashes and the ellipsis made ASCII)? */
int excerpt_same_text(const char *a, size_t alen, const char *b,
    size_t blen);

#endif
