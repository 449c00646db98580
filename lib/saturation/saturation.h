/*
 * saturation.h: thematic saturation of a codings stream (tx-saturation).
 *
 * The documents, in interview order (the values of an order column, or
 * the order of the input), each with the codes it carries; per document
 * the codes seen, the new ones and the cumulative count; and the
 * assessment of Guest, Namey and Chen (2020), "A simple method to assess
 * and report thematic saturation in qualitative research", PLOS ONE
 * 15(5): e0232076, doi:10.1371/journal.pone.0232076:
 *
 *   base        the first b documents; base_codes, the codes they carry
 *   run         k documents after the base, i .. i + k - 1 (i > b)
 *   run_new     the codes first seen in the run (not in documents 1 .. i-1)
 *   run_pct     100 * run_new / base_codes, the run's new information
 *   saturation  the first run whose run_pct is at or under the threshold:
 *               saturation at i - 1 documents, the run confirming it
 *
 * Runs start at every document after the base (b + 1, b + 2, ...), the
 * base staying the denominator. With permutations, the cumulative curve
 * over random orders of the documents (its mean and 2.5% and 97.5%
 * quantiles at each position), or the saturation point over them (as
 * Guest and colleagues bootstrapped their datasets' orders).
 *
 *   struct saturation *s = sat_new(&o);
 *   if (sat_read(s, t))                  t from tsv_open
 *       sat_write_table(s);  or sat_write_summary(s), sat_write_permutations(s, n, seed)
 *   sat_free(s);
 *
 * Memory: the documents (id, order value) and the codes (paths, once
 * each) in an arena, and one (document, code) pair for each code a
 * document carries: not the text, and not a row per segment.
 */
#ifndef TX_SATURATION_H
#define TX_SATURATION_H

#include <stddef.h>
#include <stdint.h>

#include "tsv.h"

/* The most permutations (--permutations): each walks every pair once. */
#define SAT_MAX_PERMUTATIONS 100000

struct sat_options {
	const char *order;      /* --order COL; NULL: the order of the input */
	const char *coder;      /* --coder; NULL: the stream's one coder */
	const char *codebook;   /* --codebook: a code it lacks is an error */
	int depth;              /* --depth: code paths cut to this many levels; 0: as written */
	long base, run;         /* documents */
	double threshold;       /* percent of the base's codes */
};

struct saturation;

/* A saturation to read into; --codebook is loaded (exit 2 if it fails). */
struct saturation *sat_new(const struct sat_options *o);
/*
 * Read the codings stream t (tsv_open) to its end; 0 for empty input (no
 * bytes). Bad input ends the tool: a stream without doc or code (exit
 * 1), an order column it lacks, an empty order value, one document with
 * two, two documents with one, a code the codebook lacks (exit 2).
 */
int sat_read(struct saturation *s, struct tsv *t);

/* One row per document, in order: SATURATION_COLS (streams.h). */
void sat_write_table(const struct saturation *s);
/*
 * The assessment, one row: SATURATION_SUMMARY_COLS; with permutations,
 * then SATURATION_SUMMARY_PERM_COLS: how many of that many random orders
 * reach saturation, and the median, 2.5% and 97.5% quantiles of where.
 */
void sat_write_summary(const struct saturation *s, long permutations,
    uint64_t seed);
/* The curve over n random orders from seed: SATURATION_PERM_COLS. */
void sat_write_permutations(const struct saturation *s, long n, uint64_t seed);

void sat_free(struct saturation *s);

/*
 * The random numbers of the permutations: splitmix64 (Steele, Lea and
 * Flood 2014; the generator Vigna recommends for seeding): the state
 * advances by 0x9e3779b97f4a7c15 and each output is the state mixed by
 * mix64 (intern.h). sat_rng_below draws uniformly from 0 .. m - 1 by
 * rejection (no modulo bias); the shuffle is Fisher-Yates from the last
 * place down, on one array shuffled again for each permutation.
 */
struct sat_rng {
	uint64_t state;
};
uint64_t sat_rng_next(struct sat_rng *r);
uint64_t sat_rng_below(struct sat_rng *r, uint64_t m);

#endif
