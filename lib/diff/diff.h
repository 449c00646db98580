/*
 * diff.h: what a codebook change did (tx-diff). The codes of two
 * codebooks paired (by a guid column when both have one, else by path;
 * then a code of each left over, by the same name elsewhere or the same
 * patterns, excludes and description), what changed in each pair, and,
 * from the codings of each version, the segments each code gained and
 * lost.
 *
 *   struct cbdiff d;
 *   cbdiff_pair(&d, &old, &new, tb);          codebooks loaded
 *   cbdiff_effect(&d, "old.tsv", "new.tsv");  optional: the codings
 *   cbdiff_patterns(&d, "locality");          optional: tx-compare's
 *   cbdiff_write(&d, CBDIFF_TSV);             or _MD, _SEGMENTS
 *   cbdiff_free(&d);
 *
 * Memory: the codebooks, and per codings row a few numbers (segment,
 * code, and where its match lies); no text but the matches.
 */
#ifndef TX_DIFF_H
#define TX_DIFF_H

#include <stddef.h>

struct codebook;

enum { CBDIFF_TSV, CBDIFF_MD, CBDIFF_SEGMENTS };
/* What changed in a pair: bits. */
enum { CH_ADDED = 1, CH_REMOVED = 2, CH_RENAMED = 4, CH_MOVED = 8,
	CH_PATTERNS = 16, CH_EXCLUDES = 32, CH_DESCRIPTION = 64 };

/* One stream of codings: per row, its segment, code and match. */
struct cbdiff_row {
	unsigned seg, doc;      /* ids, shared by both streams */
	long code;              /* index in its codebook; -1: no code */
	size_t match;           /* offset of the match in the text arena */
};
struct cbdiff_codings {
	struct cbdiff_row *row;
	size_t nrow, caprow;
	unsigned char *has_seg; /* by segment id: the stream has it */
};

/* A code of either codebook, or both. */
struct cbdiff_pair {
	long old, new;          /* indexes, -1 where absent */
	int change;             /* CH_* */
	/* The effect, with codings; -1 where not known. */
	long segs_old, segs_new, gained, lost, docs_old, docs_new;
	char *other;            /* added or removed: the other coding's codes
				   of its segments, "path (n); ..." */
	char *pattern_old, *pattern_new;    /* with --by */
};

struct cbdiff_impl;

struct cbdiff {
	const struct codebook *old, *new;
	struct cbdiff_pair *pair;       /* new codebook order, removed after */
	size_t npair;
	int by_guid;
	const char *by;                 /* --by */
	int effect;                     /* codings were read: */
	const char *old_codings, *new_codings;
	struct cbdiff_codings co[2];    /* old, new */
	struct cbdiff_impl *impl;
};

/* tb: each codebook's sheet, as read for it (its guid column). */
struct table;
void cbdiff_pair(struct cbdiff *d, const struct codebook *old,
    const struct codebook *new, const struct table *tb[2]);
/*
 * Code the segments of files (standard input when none) with both
 * codebooks (a segment's by column kept when by is not NULL), into two
 * codings streams read back by the names it gives; the exit status.
 */
int cbdiff_code(struct cbdiff *d, struct codebook *cb[2], const char *by,
    int nfiles, char **files, char names[2][32]);
/* Read the two codings streams; the exit status (1: unreadable). */
int cbdiff_effect(struct cbdiff *d, const char *old, const char *new);
/* tx-compare's pattern of each code by column by, before and after. */
int cbdiff_patterns(struct cbdiff *d, const char *by, const char *old,
    const char *new);
void cbdiff_write(const struct cbdiff *d, int form);
void cbdiff_free(struct cbdiff *d);

#endif
