/*
 * codebook.h: the coding framework, loaded once and shared by the tools
 * (tx-code matches with it; tx-compare, tx-report and tx-agree read its
 * code order and descriptions).
 *
 *   struct codebook cb;
 *   if (codebook_load(&cb, "codebook.csv") != 0)
 *       exit(2);                         every error has been reported
 *   for (size_t i = 0; i < cb.ncode; i++)
 *       use cb.code[i].path, .pat[], .excl[], .desc
 *   codebook_free(&cb);
 *
 * To match, prepare once (JIT, limits, engine), then call codebook_match
 * per text:
 *
 *   codebook_prepare(&cb, NULL);         NULL: default limits, JIT, engine auto
 *   codebook_match(&cb, text, len, on_code, arg);
 *
 * With Hyperscan (built with -DTX_HYPERSCAN, lib/codebook/prefilter.c), every regex
 * goes into one database that scans each text once and names the regexes
 * that may match; only those run through PCRE2, which alone decides what
 * matches, so the results are the same with either engine. Another thread
 * matches with its own state (codebook_matcher, codebook_match_with), or
 * hands batches of texts to a pool of threads (codebook_pool).
 *
 * Codebook order is the tree in depth-first order: a code comes before its
 * children, and siblings come in the order in which the file first names
 * them or one of their descendants. A file written as a tree (each theme's
 * codes together) is therefore read in file order; an ancestor declared
 * after its children, or with no row at all, takes the place of its first
 * descendant.
 */
#ifndef TX_CODEBOOK_H
#define TX_CODEBOOK_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* One regex of the codebook, as written, with the line of its row. */
struct cb_pattern {
	char *src;
	long line;
	pcre2_code *re;
	/*
	 * 1: re runs as JIT code; 0: in the interpreter; -1: not decided
	 * yet (codebook_jit compiles it at its first search).
	 */
	atomic_int jit;
	pcre2_code *bre;        /* without UTF, for ASCII and neutral text
	                           (lib/codebook/shape.h); NULL if none */
	atomic_int bjit;        /* as jit, for bre */
	size_t id;              /* index among all regexes, codebook order */
	size_t code;            /* index of its code */
	struct rule_row *rule;  /* its row's rule columns (rules.c); NULL: none */
};

struct cb_code {
	char *path;             /* levels trimmed, joined by "/" */
	const char *name;       /* the last level (points into path) */
	int depth;              /* 0 for a top-level code */
	long parent;            /* index in codebook order, -1 at the top */
	long line;              /* first row naming it; 0 if it has none */
	char *desc;             /* descriptions of its rows, joined by "\n"; NULL if none */
	struct cb_pattern *pat; /* alternatives (OR), in row order */
	size_t npat;
	struct cb_pattern *excl;
	size_t nexcl;
	struct cb_rule *rule;   /* rules (rules.c): NULL for a code without */
};

/* Limits of one match attempt; see pcre2_set_match_limit(3) and friends. */
struct cb_limits {
	uint32_t match;         /* pcre2_set_match_limit */
	uint32_t depth;         /* pcre2_set_depth_limit (interpreter only) */
	uint32_t heap_kib;      /* pcre2_set_heap_limit; also the JIT stack's size */
	int nojit;              /* 1: use the interpreter only */
};
enum { CB_ENGINE_AUTO, CB_ENGINE_PCRE2, CB_ENGINE_HYPERSCAN };
#define CB_MATCH_LIMIT 10000000u
#define CB_DEPTH_LIMIT 10000000u
#define CB_HEAP_LIMIT  65536u   /* KiB: 64 MiB */
/*
 * PCRE2's match limit holds for one start position of one call, so a long
 * segment of runs that each fail just under it could take minutes. A
 * regex may spend CB_TOTAL_TIMES the match limit on one segment, counted
 * (deterministically) at the start positions that need more than
 * CB_CHEAP_LIMIT; beyond it the result is CB_ERROR_TOTAL.
 */
#define CB_TOTAL_TIMES 10u
#define CB_CHEAP_LIMIT 1024u
#define CB_ERROR_TOTAL (-1000)  /* below PCRE2's error codes */

struct codebook {
	const char *name;       /* file, as given */
	struct cb_code *code;   /* codebook order */
	size_t ncode;
	size_t npattern;        /* patterns and excludes, in all */
	/*
	 * Regexes with ids (re): the npattern first, then the rules' near
	 * and not_near, which the prefilter scans for too but which name
	 * no code (rules.c).
	 */
	size_t nregex;
	/* How to match: set, if at all, between codebook_load and _prepare. */
	int engine;             /* CB_ENGINE_AUTO (0), _PCRE2 or _HYPERSCAN */
	int verbose;            /* 1: say on stderr how the regexes are matched */
	int nocache;            /* 1: neither read nor write the database cache */
	/* Made by codebook_prepare. */
	struct cb_pattern **re; /* every regex, by id */
	struct cb_limits lim;
	int jit;
	struct prefilter *pf;   /* NULL: PCRE2 alone */
	struct cb_matcher *m;   /* codebook_match's state */
	struct cb_rules *rules; /* rule columns (rules.c); NULL: none */
};

/*
 * What codebook_match reports for one code: the code carried (error 0,
 * hits >= 1, the leftmost match at [mstart, mstart + mlen)), or a match
 * that could not be decided (error is a PCRE2 error code such as
 * PCRE2_ERROR_MATCHLIMIT, errpat the regex that hit it, errexcl 1 if that
 * is an exclude; the code counts as not carried).
 */
struct cb_result {
	const struct cb_code *code;
	long hits;
	size_t mstart, mlen;
	int error;
	const struct cb_pattern *errpat;
	int errexcl;
	const char *errcol;     /* a rule column's name, if errpat is one's */
};
typedef void cb_match_fn(const struct cb_result *r, void *arg);

/*
 * Whether pattern p's regex (bytes: its byte variant) runs as JIT code.
 * A prepared codebook's patterns are JIT-compiled at their first search,
 * here (thread-safe): call it before matching p->re yourself.
 */
int codebook_jit(const struct cb_pattern *p, int bytes);

/* 0, or -1 once every error of the file has been reported. */
int codebook_load(struct codebook *cb, const char *path);
/* The same from a sheet already read (tx-refi reads its other columns). */
struct table;
int codebook_from_table(struct codebook *cb, const struct table *tb,
    const char *path);
/*
 * Compile for matching (JIT unless lim->nojit), set the limits, and build
 * the prefilter (engine auto: when built with Hyperscan and it works;
 * engine hyperscan without it is an error: exit 2).
 */
void codebook_prepare(struct codebook *cb, const struct cb_limits *lim);
/* "hyperscan" or "pcre2": what codebook_prepare chose. */
const char *codebook_engine(const struct codebook *cb);
/* Whether this build has Hyperscan; its version, or NULL. */
const char *codebook_hyperscan_version(void);
/*
 * Match valid UTF-8 text of len bytes: fn is called, in codebook order,
 * for every code the text carries and every code whose match failed.
 * Returns the number of codes carried.
 */
size_t codebook_match(struct codebook *cb, const char *text, size_t len,
    cb_match_fn *fn, void *arg);
/*
 * Matching state for one thread (PCRE2 match data and JIT stack, Hyperscan
 * scratch): codebook_match_with is codebook_match on another thread.
 */
struct cb_matcher *codebook_matcher(const struct codebook *cb);
size_t codebook_match_with(struct cb_matcher *m, const char *text, size_t len,
    cb_match_fn *fn, void *arg);
void codebook_matcher_free(struct cb_matcher *m);

/*
 * A pool of threads that match batches of texts. The caller fills a batch
 * (n texts), submits it, and later waits for it; batches are done in any
 * order, but each is whole when codebook_pool_wait returns. The results of
 * text i are res[first[i]] .. res[first[i + 1] - 1], in codebook order,
 * as codebook_match reports them. A batch's arrays are reused. With the
 * Hyperscan engine, a batch whose texts lie joined is scanned at once: one
 * call instead of one a text (see prefilter.h). codebook_batch_run codes a
 * batch on the calling thread, with the codebook's own matcher (-j 1).
 */
struct cb_batch {
	size_t n, cap;          /* texts, and room for them */
	const char **text;
	size_t *len;
	unsigned char *ascii;   /* the text is known to be printable ASCII */
	/* If set, the texts lie in order in joined[0, joinedlen), each
	 * followed by a newline and nothing else, and are scanned there;
	 * else each text is scanned alone. */
	const char *joined;
	size_t joinedlen;
	/* If set, run by the thread that codes the batch, before it does:
	 * it adds the texts (tx-code splits its lines there). */
	void (*prep)(struct cb_batch *b, void *arg);
	struct cb_result *res;  /* filled by the pool */
	size_t nres, capres;
	size_t *first;          /* n + 1 */
	const char **speaker;   /* codebook_batch_speaker's, or NULL */
	size_t *speakerlen, capspeaker;
	/* If set, run by the thread that coded the batch, once it is coded
	 * (tx-code formats its rows there). */
	void (*then)(struct cb_batch *b, void *arg);
	void *arg;
	int done;               /* private to the pool */
	struct cb_batch *next;
};
struct cb_pool *codebook_pool(const struct codebook *cb, int nthreads);
/* ascii: 1 if text is known to be printable ASCII but TAB, LF and CR. */
void codebook_batch_add(struct cb_batch *b, const char *text, size_t len,
    int ascii);
void codebook_batch_run(struct codebook *cb, struct cb_batch *b);
void codebook_pool_submit(struct cb_pool *p, struct cb_batch *b);
void codebook_pool_wait(struct cb_pool *p, struct cb_batch *b);
/* Wait for the threads to finish what was submitted and end them. */
void codebook_pool_free(struct cb_pool *p);
void codebook_batch_free(struct cb_batch *b);

/*
 * Rules (lib/codebook/rules.c): the codebook columns near, not_near,
 * window, direction, within, speakers and rule, and requires, which
 * declares the codebook version a codebook needs (CB_VERSION: the newest
 * this reader knows). Rows with rules are evaluated after the others, on
 * every match of their patterns; a codebook without them is matched as
 * before. A codebook with a speakers rule needs each text's speaker:
 * give it with codebook_matcher_speaker before each match, or
 * codebook_batch_speaker after each codebook_batch_add.
 */
#define CB_VERSION 2
int codebook_uses_speakers(const struct codebook *cb);
void codebook_matcher_speaker(struct cb_matcher *m, const char *s, size_t n);
void codebook_batch_speaker(struct cb_batch *b, const char *s, size_t n);
/*
 * Whether the rules of pattern p's row (near, not_near, window,
 * direction, within, speakers) keep its match [ms, me) in text, the whole
 * segment, as codebook_match counts it: 1, 0, or a PCRE2 error (< 0). The
 * speaker is codebook_matcher_speaker's; a row without rules keeps every
 * match. m: a matcher of the prepared codebook. tx-report marks in its
 * quotes only the matches kept.
 */
int codebook_match_kept(struct cb_matcher *m, const struct cb_pattern *p,
    const char *text, size_t len, size_t ms, size_t me);
/* -l: a pattern's rules (p), or a Boolean code's (p NULL), if any. */
void codebook_list_rules(const struct cb_code *c, const struct cb_pattern *p,
    int indent);
/* --verbose: what each rule row kept and dropped, on stderr. */
void codebook_rules_report(const struct codebook *cb);
/*
 * --check's lints (lib/codebook/lint.c): warnings on stderr about what
 * will surprise, *nwarn of them; sample, if not NULL, a segments file to
 * try the patterns on (cb is then prepared, with PCRE2). The exit status
 * of reading the sample.
 */
int codebook_lint(struct codebook *cb, const char *sample, size_t *nwarn);

/* The message of a PCRE2 error code or CB_ERROR_TOTAL, in a static buffer. */
const char *codebook_strerror(int error);
void codebook_free(struct codebook *cb);

/* s (n bytes) without spaces, tabs, CRs and LFs at both ends: a new string. */
char *codebook_trimmed(const char *s, size_t n);

/*
 * A code path as written, each level trimmed (codebook_trimmed) and joined
 * by "/": a new string; NULL if a level is empty. Codebooks, rules and
 * excerpts' and spans' code columns all name a code this one way.
 */
char *codebook_path(const char *raw);

/*
 * The codings stream (lib/codebook/coding.c): the segments of files coded
 * against cb, with one thread or, jobs > 1, a pool; or another tool's
 * excerpts found in them (--excerpts); and the framework as a tree (-l).
 * Exit statuses.
 */
struct excerpt_columns;
/* A codebook sheet's column, its header trimmed and in any case; -1. */
struct table;
int codebook_column(const struct table *tb, const char *name);

struct tsv;
int coding_header(struct tsv *t, int notext);
/* How tx-code writes codings. */
struct coding_options {
	const char *coder;      /* the coder column's value */
	int coded_only;         /* no row for a segment without a code */
	int notext;             /* codings without text (--no-text) */
	int jobs;               /* threads (-j) */
};
int coding_run(struct codebook *cb, int nfiles, char **files,
    const struct coding_options *o);
int coding_excerpts(char **sheets, size_t nsheets,
    const struct excerpt_columns *cols, int nfiles, char **files,
    const char *coder, int coded_only, int allow_missing);
void codebook_list(const struct codebook *cb);

/*
 * The rule columns (tx-code(1), "Rules"), in the order a codebook is
 * written with them: tx-refi keeps them in a .qdc's description block.
 */
enum { CB_RULE_COLUMNS = 8 };
extern const char *const codebook_rule_columns[CB_RULE_COLUMNS];

#endif
