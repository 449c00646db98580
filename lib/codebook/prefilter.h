/*
 * prefilter.h: the Hyperscan prefilter behind codebook_match (prefilter.c).
 * Only lib/codebook/codebook.c uses it.
 *
 * A block-mode database holds every regex of a codebook (ids = the
 * regexes' ids), compiled in prefilter mode: a scan of a text reports
 * the end of every match of each regex (and maybe more), and PCRE2
 * decides. Regexes that Hyperscan rejects, and those whose match could
 * depend on Unicode tables or case folding that Hyperscan may see
 * otherwise than PCRE2 when the text holds such characters, are named to
 * be searched whole (see prefilter.c). A second database scans ASCII and
 * neutral text byte by byte (prefilter_scan_bytes).
 */
#ifndef TX_PREFILTER_H
#define TX_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct codebook;
struct prefilter;
struct pf_scratch;

/*
 * The prefilter of a prepared codebook (every regex has its id), or NULL
 * with the reason in *why when there is none: a build without Hyperscan,
 * a CPU it does not run on, or a database it could not compile. verbose:
 * say on stderr which regexes always run through PCRE2 and why; nocache:
 * neither read nor write the cache of compiled databases.
 */
struct prefilter *prefilter_new(const struct codebook *cb, int verbose,
    int nocache, const char **why);
void prefilter_free(struct prefilter *pf);

/* Scan state for one thread. */
struct pf_scratch *prefilter_scratch(const struct prefilter *pf);
void prefilter_scratch_free(struct pf_scratch *s);

/*
 * Scan text of any class: keep the ends of every regex's reports (see
 * prefilter_ends), set in re_bits the ids of the regexes whose reports
 * cannot be trusted on this text (Hyperscan refused them, or the text
 * holds one of their hazards), and in code_bits the codes of both
 * (bitmaps of 64-bit words, cleared by the caller). On any doubt, every
 * regex is in re_bits.
 */
void prefilter_scan(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len, uint64_t *re_bits, uint64_t *code_bits);

/*
 * The byte scan, for text of class TEXT_ASCII or TEXT_NEUTRAL (shape.h):
 * a second database holds every regex of ASCII source, compiled without
 * UTF-8 and UCP, exact where Hyperscan can match it as it is, so that
 * each report is where a match of the regex (without a trailing \w* or
 * .*) ends. It sets in code_bits the codes to try (those with reports,
 * and those with regexes that run through PCRE2 on such text whatever
 * the scan found), and keeps the reports for prefilter_ends.
 * 0, or -1 when there is no byte database or the scan failed: then scan
 * with prefilter_scan.
 */
int prefilter_scan_bytes(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len, int cls, uint64_t *code_bits);

/*
 * A batch: ASCII and neutral texts joined by newlines, scanned once with
 * the byte database; then prefilter_take for each text in turn, in
 * order, leaves the scratch as prefilter_scan_bytes of that text alone
 * would. 0, or -1 when this codebook's regexes cannot be scanned so (see
 * prefilter.c) or the scan failed: then scan each text.
 */
int prefilter_batches(const struct prefilter *pf);
int prefilter_scan_batch(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len);
/* The text at off, len bytes, of class cls, in the last batch scanned. */
void prefilter_take(const struct prefilter *pf, struct pf_scratch *s,
    size_t off, size_t len, int cls, uint64_t *code_bits);

/* How regex id is matched on text of class cls after a byte scan. */
enum {
	PF_UTF,         /* PCRE2 with UTF, over the whole text */
	PF_ALWAYS,      /* PCRE2 without UTF, over the whole text */
	PF_CAND,        /* as PF_ALWAYS, but only if the scan named it */
	PF_WINDOW,      /* PCRE2 without UTF, just before each end found */
	PF_WHOLE,       /* count the words found (shape.h) */
	PF_PREFIX,
	PF_START,
	PF_NKIND
};
int prefilter_kind(const struct prefilter *pf, size_t id, int cls);
/*
 * The longest match of regex id's expression, in bytes (UINT_MAX: no
 * bound), in the byte database (bytes) or the UTF-8 one.
 */
unsigned prefilter_width(const struct prefilter *pf, size_t id, int bytes);
/*
 * The ends the last scan found for regex id, ascending; *n of them. After
 * prefilter_scan, these are the ends of a superset of its matches, unless
 * its bit is set in re_bits: then PCRE2 must search the whole text.
 */
const uint32_t *prefilter_ends(const struct pf_scratch *s, size_t id,
    size_t *n);

/* Hyperscan's version, or NULL in a build without it. */
const char *prefilter_version(void);

#endif
