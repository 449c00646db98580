/*
 * count.h: a codings stream counted into per-group, per-code tallies (the
 * counts of ../shared/design.md), shared by tx-count, tx-compare and
 * tx-report so that all count with the same code. The columns of a counts
 * table are listed in streams.h.
 *
 *   struct counts *c = counts_new(by, nby, COUNT_ROLLUP);
 *   counts_add_codings(c, t);     after tsv_header(t); reads to the end
 *   counts_finish(c);             sorts groups and codes, fills the totals
 *   ... c->group[i], c->code[j], counts_cell(c, i, j) ...
 *   counts_free(c);
 *
 * counts_add_table() reads counts tables (tx-count output) instead and sums
 * them (tx-count --merge). Groups are the values of the by columns, joined
 * with NUL (a decoded field never holds one), so that comparing two keys
 * byte by byte compares the columns in order.
 *
 * The case is the unit whose presence is counted (the docs fields below):
 * a document unless counts_set_case names another column, such as
 * speaker. With COUNT_CLUSTERS the segments of each case are kept too, per
 * group and per cell, for a test of segments clustered in cases.
 */
#ifndef TX_COUNT_H
#define TX_COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "tsv.h"
#include "tx.h"

enum {
	COUNT_ROLLUP = 1,       /* a code counts for each of its ancestors */
	COUNT_PAIRS = 2,        /* keep what --cooccur needs */
	COUNT_MERGED = 4,       /* set by counts_add_table */
	COUNT_CLUSTERS = 8,     /* keep the segments of each case */
	COUNT_VERBOSE = 16,     /* say on stderr how codings are counted */
	COUNT_MEMBERS = 32,     /* keep each group's cases (--cases checks them) */
};

struct count_group {
	char *key;              /* by values joined with NUL */
	size_t keylen;
	long total_segs, total_docs;    /* docs: cases (documents by default) */
	long nocode_segs, nocode_docs, nocode_hits;    /* the empty-code row */
	long coded_segs, coded_docs;
	int has_empty_row;      /* merging: the table had its empty-code row */
	long nosegs_docs;       /* cases of --cases with no segment (in total_docs) */
};

struct count_code {
	char *path;
	size_t len;
	uint32_t parent;        /* COUNT_NONE for a top-level code */
};

struct count_cell {
	uint32_t group, code;   /* indexes before counts_finish, ranks after */
	long segs, docs, hits;
};

struct count_pair {             /* two codes carried by one segment */
	uint32_t group, code_a, code_b;
	long segs, docs;
};

#define COUNT_NONE UINT32_MAX
/* The most levels a code path may have: the counts of a path and of its
 * ancestors (and --cooccur's pairs) grow with the square of its depth. */
#define COUNT_MAX_DEPTH 100

/* COUNT_CLUSTERS: the segments of one case in a group, or in a cell. */
struct count_case {
	uint32_t at;            /* group, or cell (its place after finish) */
	uint32_t id;            /* the case: 0 .. ncase - 1 */
	long segs;
};

struct counts_maps;

struct counts {
	char **by;              /* group column names */
	size_t nby;
	int flags;
	struct count_group *group;      /* sorted by key after counts_finish */
	size_t ngroup, capgroup;
	struct count_code *code;        /* in path order after counts_finish */
	size_t ncode, capcode;
	struct count_cell *cell;        /* by group, then code, after finish */
	size_t ncell, capcell;
	struct count_pair *pair;        /* by group, code_a, code_b */
	size_t npair;
	char *unit;             /* the case column: "doc" by default */
	size_t ncase;
	struct count_case *gcase;       /* by group, case, after finish */
	size_t ngcase;
	struct count_case *ccase;       /* by cell, case, after finish */
	size_t nccase;
	struct counts_maps *maps;
};

/* by[] is kept, not copied. */
struct counts *counts_new(char **by, size_t nby, int flags);
void counts_free(struct counts *c);

/* Count the values of column col as the cases (before counts_add_*). */
void counts_set_case(struct counts *c, const char *col);
/* Is the unit the document (the doc column)? */
int counts_case_is_doc(const struct counts *c);

/*
 * Read a codings stream to its end. Needs doc, seg, code and hits (exit 1
 * naming the column), the by columns (exit 2). A stream with more than one
 * coder while coder is not a by column is an error (exit 2): coder_hint
 * says what to do about it.
 */
void counts_add_codings(struct counts *c, struct tsv *t, const char *coder_hint);
/* A codings stream counted by by[0..nby), each code for its ancestors too:
 * counts_new, counts_add_codings and counts_finish in one. */
struct counts *counts_of_codings(char **by, size_t nby, struct tsv *t,
    const char *coder_hint);

/*
 * Is the stream a counts table? (It has segments, docs, total_segments and
 * total_docs; or, counted by another case column, cases, total_cases and
 * case.) Its group columns are the others.
 */
int counts_is_table(const struct tsv *t);
/* The group columns of a counts table: a new array of new strings. */
char **counts_table_by(const struct tsv *t, size_t *nby);
/* Read counts tables to their end, summing them. Their unit (doc, or the
 * value of their case column) becomes c's; tables of two units: exit 2. */
void counts_add_table(struct counts *c, struct tsv *t);

/*
 * Every case of the corpus (--cases, lib/cases.c), after counts_add_codings
 * and before counts_finish. The id of case v in the data, or -1; the
 * data's cases are 0 .. c->ncase - 1, and counts_case_name names one. The
 * index of the group whose key is key, or -1. Is case id in group g?
 * A case with no segment, counted in group key's total_docs (and in its
 * documents with no coded segment), the group made if need be.
 */
long counts_case_id(const struct counts *c, const char *v, size_t n);
const char *counts_case_name(const struct counts *c, uint32_t id, size_t *n);
long counts_group_find(const struct counts *c, const char *key, size_t len);
int counts_case_in(const struct counts *c, uint32_t id, uint32_t g);
void counts_add_empty_case(struct counts *c, const char *key, size_t len);

/* Sort groups, codes, cells and pairs; fill each group's empty-code row. */
void counts_finish(struct counts *c);

/* The cells of group g (after counts_finish): first and count. */
struct count_cell *counts_group_cells(const struct counts *c, size_t g, size_t *n);
/* COUNT_CLUSTERS, after counts_finish: the cases of group g, or of a
 * cell, with their segments (sorted by case). */
const struct count_case *counts_group_cases(const struct counts *c, size_t g,
    size_t *n);
const struct count_case *counts_cell_cases(const struct counts *c,
    const struct count_cell *cl, size_t *n);
/* Cell of group g and code k after counts_finish, or NULL if none. */
const struct count_cell *counts_cell(const struct counts *c, size_t g, size_t k);

/*
 * After counts_finish: the index of a code (path order), or of a group
 * (its key: the by values joined with NUL, as counts_finish sorts them);
 * -1 if there is none.
 */
long counts_code_index(const struct counts *c, const char *path, size_t len);
long counts_group_index(const struct counts *c, const char *key, size_t len);

/* The i-th value of a group key (its length in *n). */
const char *counts_group_value(const struct counts *c, size_t g, size_t i, size_t *n);

/*
 * Code paths compared level by level (levels split at '/'): a theme comes
 * directly before its own codes, so "Financial issues/GPs" sorts before
 * "Financial issues and costs". The empty path comes first.
 */
int code_path_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* The code path s (n bytes) cut to depth levels (0: whole): its length. */
size_t code_path_cut(const char *s, size_t n, int depth);
struct strset;
/*
 * Field ccode of t's current record looked up in the codebook's paths
 * known: its index; not there, a usage error (exit 2) naming codebook.
 */
long code_in_codebook(const struct strset *known, struct tsv *t, int ccode,
    const char *codebook);
/* Is a a proper ancestor of b ("A" of "A/B")? */
int code_is_ancestor(const char *a, size_t alen, const char *b, size_t blen);

/* "a,b,c" split in place at commas: a new array of the parts (--by, --groups). */
char **count_split(char *s, size_t *n);

/* A count field: decimal digits only; -1 if it is not one (empty gives 0). */
long count_parse(const char *s, size_t n);
/* Field col of t's current record as a count; not one: a data error (exit 1). */
long count_field(struct tsv *t, int col);

#endif
