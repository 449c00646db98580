/*
 * kwic.h: keyword in context (tx-kwic). Every match of one or more
 * regexes, or of a code's patterns, in the text of a segments or codings
 * stream, with its context and its byte offsets in the source file.
 *
 *   struct kwic k = { .words = 5 };
 *   kwic_regex(&k, "trust\\w*");              -e, once per regex; or
 *   kwic_code(&k, &cb, "Trust");              --code (cb loaded, not prepared)
 *   status = kwic_run(&k, nfiles, files);     writes the stream
 *   kwic_free(&k);
 *
 * Memory: unsorted, one segment (and, on a codings stream, the rows of
 * one segment) at a time; sorted (--sort), every output row, since the
 * first row to write may be the last found.
 */
#ifndef TX_KWIC_H
#define TX_KWIC_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>

struct codebook;

enum { KWIC_SORT_NONE, KWIC_SORT_LEFT, KWIC_SORT_RIGHT, KWIC_SORT_MATCH,
	KWIC_SORT_DOC };
/* The --sort words, in KWIC_SORT_* order from KWIC_SORT_LEFT. */
extern const char *const kwic_sort_words[];

/* One regex searched: -e's, or a pattern of a code. */
struct kwic_probe {
	const char *src;        /* as written */
	pcre2_code *re;
	long code;              /* index in the codebook, -1 for -e */
};

struct kwic {
	int words;              /* context in words (default 5), or */
	int chars;              /* in characters, when > 0 */
	int sort;               /* KWIC_SORT_* */
	struct kwic_probe *probe;
	size_t nprobe;
	struct codebook *cb;    /* --code: the codebook, and */
	const char *code;       /* the code path: it and its descendants */
	/* Set by kwic_run. */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
};

/* -e: a regex, caseless, UTF and UCP as a codebook's; a bad one exits 2. */
void kwic_regex(struct kwic *k, const char *src);
/*
 * --code: the patterns of path and of every code below it; exits 2 when
 * the codebook has no such code, or none with a pattern there.
 */
void kwic_code(struct kwic *k, struct codebook *cb, const char *path);
/* Read the streams, write the matches; the exit status. */
int kwic_run(struct kwic *k, int nfiles, char **files);
void kwic_free(struct kwic *k);

#endif
