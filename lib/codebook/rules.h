/*
 * rules.h: codebook rows with rules (rules.c), and what codebook.c lends
 * them. Only lib/codebook/ uses it.
 *
 * Loading: rules_columns after the header is read, rules_row for each
 * row (after its pattern, if any, was added), rules_finish once the codes
 * are in codebook order (or, after errors, in the order of creation).
 * Matching: codebook_match_with hands a text to rules_match, which has
 * the codes without rules matched as before (codebook_match_plain),
 * telling it through rules_candidate which codes with rules the
 * prefilter names, evaluates the codes with rules in dependency order on
 * every match of their patterns (codebook_search), and reports every code
 * in codebook order.
 */
#ifndef TX_RULES_H
#define TX_RULES_H

#include "codebook.h"
#include "table.h"

struct rule_state;

/* Matches, as byte ranges [s, e), in a list that grows. */
struct span {
	size_t s, e;
};
struct spans {
	struct span *v;
	size_t n, cap;
};
void spans_put(struct spans *sp, size_t s, size_t e);

/* The sheet's rule columns and requires; cb->rules is set if there are any. */
void rules_columns(struct codebook *cb, const struct table *tb, int *err);
/*
 * Row f of the sheet (line), of the code at index code in the order of
 * creation (-1: none), whose pattern, if one was added, is pat.
 * haspat: the row has a pattern, compiled or not.
 */
void rules_row(struct codebook *cb, char **f, long line, long code,
    struct cb_pattern *pat, int haspat, int *err);
void rules_finish(struct codebook *cb, int *err);
/*
 * The rules' near and not_near regexes, in the order of their rows, into
 * out (NULL: only counted), each given its row's code; their number.
 */
size_t rules_regexes(const struct codebook *cb, struct cb_pattern **out);
void rules_prepare(struct codebook *cb);
/*
 * --check's warnings about rules, their number: without a sample, what
 * the codebook shows (a near that never holds, a within or rule operand
 * no segment can carry); after one was coded, each near that held for no
 * match in it.
 */
size_t rules_lint(const struct codebook *cb, const char *sample);
void rules_free(struct codebook *cb);

struct rule_state *rules_state(const struct codebook *cb);
void rules_state_free(struct rule_state *rs);
/*
 * Code (with rules) may be carried: its patterns' matches are found now,
 * while the prefilter's scan of the text holds (codebook_spans).
 */
void rules_candidate(struct rule_state *rs, struct cb_matcher *m, size_t code,
    const char *text, size_t len);
void rules_speaker(struct rule_state *rs, const char *s, size_t n);
size_t rules_match(struct rule_state *rs, struct cb_matcher *m,
    const char *text, size_t len, cb_match_fn *fn, void *arg);
/* codebook_match_kept's, for a pattern p with rules. */
int rules_kept(struct rule_state *rs, struct cb_matcher *m,
    const struct cb_pattern *p, const char *text, size_t len, size_t ms,
    size_t me);

/* codebook.c's, for rules.c and lint.c. */
size_t codebook_match_plain(struct cb_matcher *m, const char *text,
    size_t len, cb_match_fn *fn, void *arg);
/*
 * Every match of pattern p, left to right, not overlapping, added to out,
 * as codebook_match finds them (from within codebook_match_plain only:
 * it reads the prefilter's scan): 0 or a PCRE2 error.
 */
int codebook_spans(struct cb_matcher *m, const struct cb_pattern *p,
    const char *text, size_t len, struct spans *out);
/*
 * Whether codebook_spans finds p's matches in the current text from the
 * prefilter's scan (around the ends it reported, or counted from them),
 * not by a search of the whole text (within codebook_match_plain only).
 */
int codebook_scanned(const struct cb_matcher *m, const struct cb_pattern *p);
/*
 * Whether exclude p matches text, as a code without rules decides it
 * (within codebook_match_plain only): 1, 0, or a PCRE2 error.
 */
int codebook_exclude_matches(struct cb_matcher *m, const struct cb_pattern *p,
    const char *text, size_t len);
/*
 * Every match of pattern p in text (bytes: with its byte variant, shape.h)
 * into out, emptied first: left to right, not overlapping, from searches
 * of the whole text as codebook_match makes them without a prefilter, up
 * to the first that begins at or after upto (SIZE_MAX: all; any_near
 * needs none beyond the first after its last match). 0, or a PCRE2
 * error; out then holds the matches before it.
 */
int spans_find(struct cb_matcher *m, const struct cb_pattern *p, int bytes,
    const char *text, size_t len, size_t upto, struct spans *out);
/*
 * The class (text_class, shape.h) of text, the text being matched: the
 * one the matcher worked out for it, or else worked out now, once a text.
 */
int codebook_class(struct cb_matcher *m, const char *text, size_t len);
/*
 * A PCRE2 search of the whole text with re (bytes: its byte variant), from at,
 * under the limits; fresh: a new regex or text, whose total starts anew.
 * rc as pcre2_match's; on a match, [*ms, *me).
 */
int codebook_search(struct cb_matcher *m, const pcre2_code *re, int jit,
    int bytes, const char *text, size_t len, size_t at, int fresh,
    size_t *ms, size_t *me);
/*
 * The byte variant of an ASCII regex (shape.h: for ASCII text, and for
 * neutral text if the regex is closed), compiled and, if jit, JIT
 * compiled (*jitted); NULL for other regexes.
 */
pcre2_code *codebook_compile_bytes(const char *src, int jit,
    atomic_int *jitted);
/*
 * Compile a regex of code path's row at line as the codebook does
 * (caseless, UTF, UCP; never an empty match); what: the column, named in
 * messages unless it is "pattern". NULL once the error is reported.
 */
pcre2_code *codebook_compile(const char *file, long line, const char *path,
    const char *what, const char *src);

#endif
