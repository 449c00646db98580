/*
 * The Hyperscan prefilter (see prefilter.h). Built only with -DTX_HYPERSCAN;
 * otherwise prefilter_new() says there is none and PCRE2 matches alone.
 *
 * Two databases. The byte database (ASCII and neutral text, shape.h) holds
 * the regexes of ASCII source without UTF-8 and UCP, each exact where
 * Hyperscan takes it: there, Hyperscan's reports are the ends of the
 * regex's matches. The UTF-8 database holds every regex in UCP prefilter
 * mode, for any text, with the hazards below.
 *
 * Soundness: Hyperscan's prefilter mode promises a superset of PCRE's
 * matches for the syntax it takes, but its Unicode tables are older than
 * PCRE2's (about 29,000 code points are \w to PCRE2 10.42 and not to
 * Hyperscan 5.4, two the other way; Cherokee case pairs are missing), so
 * each regex gets a hazard class from what its source uses:
 *
 *   FOLD   only literal ASCII: rerun when the text holds U+212A (KELVIN
 *          SIGN) or U+017F (LONG S), the two characters that fold to
 *          ASCII letters;
 *   WORD   \w \W \b \B \d \D \s \S \h \H \v \V: rerun, besides, when the
 *          text holds a character outside Latin (U+0000-U+02FF, U+1E00-
 *          U+1EFF), General Punctuation and Currency Symbols, the ranges
 *          where the tables of both agree;
 *   ASCII  a non-ASCII character, a numeric escape (\x \o \0-\9 \N),
 *          \p \P \X or a POSIX class: rerun when the text holds any
 *          non-ASCII character.
 *
 * "Rerun" means: name the regex as a candidate whatever the scan says, so
 * PCRE2 decides. The three hazards are expressions of the same database,
 * so finding them costs nothing more than the one scan.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "codebook.h"
#include "prefilter.h"
#include "shape.h"

#ifndef TX_HYPERSCAN

struct prefilter *
prefilter_new(const struct codebook *cb, int verbose, int nocache,
    const char **why)
{
	(void)cb, (void)verbose, (void)nocache;
	*why = "this build has no Hyperscan";
	return NULL;
}

void prefilter_free(struct prefilter *pf) { (void)pf; }
struct pf_scratch *prefilter_scratch(const struct prefilter *pf) { (void)pf; return NULL; }
void prefilter_scratch_free(struct pf_scratch *s) { (void)s; }

void
prefilter_scan(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len, uint64_t *re_bits, uint64_t *code_bits)
{
	(void)pf, (void)s, (void)text, (void)len, (void)re_bits, (void)code_bits;
}

int
prefilter_scan_bytes(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len, int cls, uint64_t *code_bits)
{
	(void)pf, (void)s, (void)text, (void)len, (void)cls, (void)code_bits;
	return -1;
}

int prefilter_batches(const struct prefilter *pf) { (void)pf; return 0; }

int
prefilter_scan_batch(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len)
{
	(void)pf, (void)s, (void)text, (void)len;
	return -1;
}

void
prefilter_take(const struct prefilter *pf, struct pf_scratch *s, size_t off,
    size_t len, int cls, uint64_t *code_bits)
{
	(void)pf, (void)s, (void)off, (void)len, (void)cls, (void)code_bits;
}

int prefilter_kind(const struct prefilter *pf, size_t id, int cls) { (void)pf, (void)id, (void)cls; return PF_UTF; }
unsigned prefilter_width(const struct prefilter *pf, size_t id, int bytes) { (void)pf, (void)id, (void)bytes; return 0; }

const uint32_t *
prefilter_ends(const struct pf_scratch *s, size_t id, size_t *n)
{
	(void)s, (void)id;
	*n = 0;
	return NULL;
}

const char *prefilter_version(void) { return NULL; }

#else /* TX_HYPERSCAN */

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hs.h>
#include <stdarg.h>

#include "sha256.h"

enum { HZ_FOLD, HZ_WORD, HZ_ASCII, HZ_N };

static const char *const hazard_src[HZ_N] = {
	"[\\x{212A}\\x{17F}]",
	("[^\\x{0}-\\x{2FF}\\x{1E00}-\\x{1EFF}\\x{2000}-\\x{203E}"
	    "\\x{2041}-\\x{2053}\\x{2055}-\\x{206F}\\x{20A0}-\\x{20CF}]"),
	"[^\\x{0}-\\x{7F}]",
};

/* Every end is reported: PCRE2 then searches just before each. */
#define RE_FLAGS (HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_UCP | \
	HS_FLAG_PREFILTER)
#define HZ_FLAGS (HS_FLAG_UTF8 | HS_FLAG_SINGLEMATCH)
/* The byte database: exact where Hyperscan can, else a prefilter. */
#define BYTE_EXACT HS_FLAG_CASELESS
#define BYTE_PRE (HS_FLAG_CASELESS | HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH)
/* Bump when what goes into a database changes: old cache files go stale. */
#define CACHE_FORMAT "txhs 6"

struct prefilter {
	hs_database_t *db;      /* UTF-8 and UCP, prefilter: any text */
	hs_database_t *bdb;     /* bytes: ASCII and neutral text */
	unsigned char *kind;    /* PF_* of each regex in bdb */
	unsigned *width;        /* PF_WINDOW: longest match of its expression */
	unsigned *uwidth;       /* the same in db, in bytes (UINT_MAX: no bound) */
	unsigned char *closed;  /* shape_closed */
	uint64_t *bytes_code[2];        /* codes to try on every ASCII, neutral text */
	size_t nre, ncode, nwre, nwcode;
	size_t *code_of;        /* code of each regex */
	char **rejected;        /* Hyperscan's message for a regex it took not */
	char **expr;            /* what Hyperscan compiles for each regex */
	char **bexpr;           /* the same in bdb */
	uint64_t *always_re, *always_code;
	uint64_t *hz_re[HZ_N], *hz_code[HZ_N];
	uint64_t *all_re, *all_code;
	int batch;              /* prefilter_scan_batch may be used */
};

/*
 * One thread's scan state. A byte scan collects the ends each regex
 * reported (ev), then sorts them by regex: the ends of regex id are
 * ends[start[id], start[id] + cnt[id]), in order.
 */
struct pf_event {
	uint32_t id, end;
};

struct pf_scratch {
	hs_scratch_t *hs;
	const struct prefilter *pf;
	uint64_t *code_bits;
	uint32_t *cnt, *start, *touched;
	size_t ntouched;
	struct pf_event *ev;
	size_t nev, evcap;
	uint32_t *ends;
	size_t endcap;
	unsigned hazards;
	struct pf_event *bev;   /* a batch scan's reports, by end */
	size_t nbev, bevcap, bnext;
};

static void
setbit(uint64_t *bits, size_t i)
{
	bits[i / 64] |= (uint64_t)1 << (i % 64);
}

/* The hazard class of a regex, from its source (see the top of the file). */
static int
hazard_of(const char *src)
{
	const unsigned char *p = (const unsigned char *)src;
	int hz = HZ_FOLD;

	for (; *p != '\0'; p++) {
		if (*p >= 0x80 || (p[0] == '[' && p[1] == ':'))
			return HZ_ASCII;
		if (*p != '\\' || p[1] == '\0')
			continue;
		p++;
		if (strchr("pPXxoN0123456789", *p) != NULL)
			return HZ_ASCII;
		if (strchr("wWbBdDsShHvV", *p) != NULL)
			hz = HZ_WORD;
	}
	return hz;
}

/* The masks of regexes and codes that scans add to what they find. */
static void
make_masks(struct prefilter *pf, const struct codebook *cb)
{
	pf->always_re = xcalloc(pf->nwre, sizeof(uint64_t));
	pf->always_code = xcalloc(pf->nwcode, sizeof(uint64_t));
	pf->all_re = xcalloc(pf->nwre, sizeof(uint64_t));
	pf->all_code = xcalloc(pf->nwcode, sizeof(uint64_t));
	pf->bytes_code[0] = xcalloc(pf->nwcode, sizeof(uint64_t));
	pf->bytes_code[1] = xcalloc(pf->nwcode, sizeof(uint64_t));
	for (int h = 0; h < HZ_N; h++) {
		pf->hz_re[h] = xcalloc(pf->nwre, sizeof(uint64_t));
		pf->hz_code[h] = xcalloc(pf->nwcode, sizeof(uint64_t));
	}
	for (size_t id = 0; id < pf->nre; id++) {
		const struct cb_pattern *p = cb->re[id];
		int hz = hazard_of(p->src);

		setbit(pf->all_re, id);
		setbit(pf->all_code, pf->code_of[id]);
		if (pf->rejected[id] != NULL) {
			setbit(pf->always_re, id);
			setbit(pf->always_code, pf->code_of[id]);
		}
		if (pf->kind[id] == PF_UTF || pf->kind[id] == PF_ALWAYS ||
		    pf->bdb == NULL)
			setbit(pf->bytes_code[0], pf->code_of[id]);
		if (pf->kind[id] == PF_UTF || pf->kind[id] == PF_ALWAYS ||
		    pf->bdb == NULL || !pf->closed[id])
			setbit(pf->bytes_code[1], pf->code_of[id]);
		/* A text with hazard h reruns every regex of class h or above. */
		for (int h = 0; h <= hz; h++) {
			setbit(pf->hz_re[h], id);
			setbit(pf->hz_code[h], pf->code_of[id]);
		}
	}
}

/*
 * The expression Hyperscan gets for a regex: the regex, without a \w* or
 * .* at its very end. Whether a regex matches does not depend on them (if
 * X\w* matches, X matches where it starts), and they cost Hyperscan
 * dearly in compile time under UCP. A \ before them must not be escaped.
 */
static char *
prefilter_expr(const char *src)
{
	size_t n = strlen(src), k, slashes = 0;

	if (n > 3 && strcmp(src + n - 3, "\\w*") == 0)
		k = n - 3;
	else if (n > 2 && strcmp(src + n - 2, ".*") == 0)
		k = n - 2;
	else
		return xstrdup(src);
	while (slashes < k && src[k - 1 - slashes] == '\\')
		slashes++;
	if (slashes % 2 != 0)
		return xstrdup(src);
	return xstrndup(src, k);
}

/*
 * Regexes Hyperscan refuses even as a prefilter, checked one by one
 * without UCP, which makes the check 20 times slower; what UCP alone
 * refuses, compile() finds. And the longest match of each.
 */
static void
check_each(struct prefilter *pf)
{
	hs_expr_info_t *info;
	hs_compile_error_t *ce;

	for (size_t id = 0; id < pf->nre; id++) {
		pf->uwidth[id] = UINT_MAX;
		if (hs_expression_info(pf->expr[id], RE_FLAGS & ~HS_FLAG_UCP,
		    &info, &ce) != HS_SUCCESS) {
			pf->rejected[id] = xstrdup(ce->message);
			hs_free_compile_error(ce);
			continue;
		}
		/*
		 * Without UCP, \w \d \s are one byte; with it, a character
		 * of up to four. The number of characters is the same.
		 */
		if (info->max_width < UINT_MAX / 4)
			pf->uwidth[id] = 4 * info->max_width;
		free(info);
	}
}

/*
 * Compile the regexes not rejected, and the hazards. A regex that fails
 * the whole compile is rejected in turn and the compile tried again.
 * 0, or -1 with the reason in *why.
 */
static int
compile(struct prefilter *pf, const char **why)
{
	size_t n = pf->nre + HZ_N;
	const char **expr = xcalloc(n, sizeof(*expr));
	unsigned *flags = xcalloc(n, sizeof(*flags)), *ids = xcalloc(n, sizeof(*ids));
	hs_compile_error_t *ce;
	static char msg[512];
	size_t k;
	int rc = -1;

	for (;;) {
		k = 0;
		for (size_t id = 0; id < pf->nre; id++)
			if (pf->rejected[id] == NULL) {
				expr[k] = pf->expr[id];
				flags[k] = RE_FLAGS;
				ids[k++] = (unsigned)id;
			}
		for (int h = 0; h < HZ_N; h++) {
			expr[k] = hazard_src[h];
			flags[k] = HZ_FLAGS;
			ids[k++] = (unsigned)(pf->nre + (size_t)h);
		}
		if (hs_compile_multi(expr, flags, ids, (unsigned)k, HS_MODE_BLOCK,
		    NULL, &pf->db, &ce) == HS_SUCCESS) {
			rc = 0;
			break;
		}
		if (ce->expression < 0 || (size_t)ce->expression >= k - HZ_N) {
			snprintf(msg, sizeof(msg), "Hyperscan: %s", ce->message);
			*why = msg;
			hs_free_compile_error(ce);
			break;
		}
		pf->rejected[ids[ce->expression]] = xstrdup(ce->message);
		hs_free_compile_error(ce);
	}
	free(expr);
	free(flags);
	free(ids);
	return rc;
}

/*
 * The kind of regex id in the byte database before compiling: its word
 * shape, else found where it ends (PF_WINDOW) when Hyperscan takes it as
 * it is, else a prefilter, else PCRE2 always; PF_UTF if its source is
 * not ASCII (it never goes into the byte database).
 */
static void
byte_kind(struct prefilter *pf, const struct codebook *cb, size_t id)
{
	static const unsigned char kind_of_shape[] = {
		[SHAPE_OTHER] = PF_WINDOW, [SHAPE_WHOLE] = PF_WHOLE,
		[SHAPE_PREFIX] = PF_PREFIX, [SHAPE_START] = PF_START,
	};
	const char *src = cb->re[id]->src;
	int shape = shape_of(src);
	hs_expr_info_t *info;
	hs_compile_error_t *ce;

	/*
	 * A whole-word regex goes in without its last \b, which costs
	 * Hyperscan dearly: count_words keeps the ends that end a word.
	 */
	pf->bexpr[id] = shape == SHAPE_WHOLE ? xstrndup(src, strlen(src) - 2) :
	    xstrdup(pf->expr[id]);
	pf->width[id] = UINT_MAX;
	if (!shape_ascii(src)) {
		pf->kind[id] = PF_UTF;
		return;
	}
	if (hs_expression_info(pf->bexpr[id], BYTE_EXACT, &info, &ce) ==
	    HS_SUCCESS) {
		pf->kind[id] = kind_of_shape[shape];
		pf->width[id] = info->max_width;
		free(info);
		return;
	}
	hs_free_compile_error(ce);
	if (hs_expression_info(pf->bexpr[id], BYTE_PRE, &info, &ce) ==
	    HS_SUCCESS) {
		pf->kind[id] = PF_CAND;
		free(info);
		return;
	}
	hs_free_compile_error(ce);
	pf->kind[id] = PF_ALWAYS;
}

/*
 * Whether regex id keeps the byte database from scanning a batch of texts
 * at once: it is in the database, and not exact (a prefilter reports
 * only its first match) or not edge-safe.
 */
static int
blocks_batch(const struct prefilter *pf, const struct codebook *cb,
    size_t id)
{
	if (pf->kind[id] == PF_UTF || pf->kind[id] == PF_ALWAYS)
		return 0;
	return pf->kind[id] == PF_CAND || !shape_edge_safe(cb->re[id]->src);
}

/*
 * A rule's regex (near, not_near) that would block batches is searched
 * whole instead, as before the rules' regexes were scanned for: it is
 * not to slow every text of the codebook.
 */
static void
spare_batches(struct prefilter *pf, const struct codebook *cb, size_t id)
{
	if (id >= cb->npattern && blocks_batch(pf, cb, id)) {
		pf->kind[id] = PF_ALWAYS;
		pf->width[id] = UINT_MAX;
	}
}

/*
 * Compile the byte database: a regex that fails the whole compile is
 * demoted (exact to prefilter to PCRE2 always) and the compile tried
 * again. 0, or -1 when there is no byte database (bdb NULL).
 */
static int
compile_bytes(struct prefilter *pf, const struct codebook *cb)
{
	const char **expr = xcalloc(pf->nre + 1, sizeof(*expr));
	unsigned *flags = xcalloc(pf->nre + 1, sizeof(*flags));
	unsigned *ids = xcalloc(pf->nre + 1, sizeof(*ids));
	hs_compile_error_t *ce;
	unsigned k, bad;
	int rc = -1;

	for (size_t id = 0; id < pf->nre; id++) {
		byte_kind(pf, cb, id);
		spare_batches(pf, cb, id);
	}
	for (;;) {
		k = 0;
		for (size_t id = 0; id < pf->nre; id++) {
			if (pf->kind[id] == PF_UTF || pf->kind[id] == PF_ALWAYS)
				continue;
			expr[k] = pf->bexpr[id];
			flags[k] = pf->kind[id] == PF_CAND ? BYTE_PRE : BYTE_EXACT;
			ids[k++] = (unsigned)id;
		}
		if (k == 0)
			break;
		if (hs_compile_multi(expr, flags, ids, k, HS_MODE_BLOCK, NULL,
		    &pf->bdb, &ce) == HS_SUCCESS) {
			rc = 0;
			break;
		}
		if (ce->expression < 0 || (unsigned)ce->expression >= k) {
			hs_free_compile_error(ce);
			break;
		}
		bad = ids[ce->expression];
		hs_free_compile_error(ce);
		pf->kind[bad] = pf->kind[bad] == PF_CAND ? PF_ALWAYS : PF_CAND;
		pf->width[bad] = UINT_MAX;
		spare_batches(pf, cb, bad);
	}
	free(expr);
	free(flags);
	free(ids);
	return rc;
}

/*
 * The cache: one file per database, named by the SHA-256 of everything
 * that went into it (the format, Hyperscan's version, the flags, every
 * expression). A file holds a header line, the rejected regexes ("id TAB
 * message" lines), and the serialized database.
 *
 * A cache file is code for hs_scan: Hyperscan trusts a database it is
 * given, so a forged one crashes tx-code or changes its codings. Hence:
 * the folder is used only if it is a real folder owned by this user and
 * writable by no one else; every file in it is opened through the
 * folder's descriptor (openat), without following links and without
 * blocking, and only a regular file owned by this user is read; new files
 * are created under unguessable names with O_EXCL and renamed into place;
 * and each file carries an HMAC-SHA-256, under a key kept in the folder
 * (mode 0600), over its name's digest, its meta and its database bytes,
 * so that a file this user's tx-code did not write is never loaded.
 */
#define CACHE_MAX ((off_t)1 << 30)      /* a larger file is not ours */

struct cache_key {
	unsigned char d[SHA256_LEN];
};

/* The key of database which (0: UTF-8, 1: bytes) of this codebook. */
static struct cache_key
cache_key(const struct prefilter *pf, const struct codebook *cb, int which)
{
	struct cache_key k;
	struct sha256 s;
	unsigned flags[5] = { RE_FLAGS, HZ_FLAGS, BYTE_EXACT, BYTE_PRE,
	    (unsigned)which };
	/* Where the rules' regexes begin: their kinds are chosen otherwise. */
	uint64_t npattern = cb->npattern;
	const char *v = hs_version();

	sha256_init(&s);
	sha256_add(&s, CACHE_FORMAT, sizeof(CACHE_FORMAT));
	sha256_add(&s, v, strlen(v) + 1);
	sha256_add(&s, flags, sizeof(flags));
	sha256_add(&s, &npattern, sizeof(npattern));
	for (size_t id = 0; id < pf->nre; id++)
		sha256_add(&s, cb->re[id]->src, strlen(cb->re[id]->src) + 1);
	for (int h = 0; h < HZ_N; h++)
		sha256_add(&s, hazard_src[h], strlen(hazard_src[h]) + 1);
	sha256_end(&s, k.d);
	return k;
}

/* The file's name in the cache folder. */
static void
cache_name(const struct cache_key *k, char name[64])
{
	char hex[65];

	sha256_hex(k->d, hex);
	snprintf(name, 64, "hs-%.32s.db", hex);
}

/*
 * --verbose's word on the cache, each message once: the folder is looked
 * at for every database read and written.
 */
static void
cache_say(const char *fmt, ...)
{
	static char last[4][PATH_MAX + 128];
	static int n;
	char msg[PATH_MAX + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (int i = 0; i < n; i++)
		if (strcmp(last[i], msg) == 0)
			return;
	if (n < 4)
		memcpy(last[n++], msg, sizeof(msg));
	tx_warn(NULL, 0, "prefilter: %s", msg);
}

/* Why a cache folder or file may not be used, for --verbose; NULL if it may. */
static const char *
not_ours(const struct stat *st, mode_t type, mode_t others)
{
	static char why[96];

	if ((st->st_mode & S_IFMT) != type)
		return type == S_IFDIR ? "not a folder" : "not a regular file";
	if (st->st_uid != geteuid()) {
		snprintf(why, sizeof(why), "owned by uid %lu, not by you (uid "
		    "%lu)", (unsigned long)st->st_uid, (unsigned long)geteuid());
		return why;
	}
	if (st->st_mode & others) {
		snprintf(why, sizeof(why), "open to others (mode %04o)",
		    (unsigned)(st->st_mode & 07777));
		return why;
	}
	return NULL;
}

/*
 * The cache folder, opened: a descriptor, or -1 when there is none or it
 * may not be used (--verbose says why). With create, it is made (0700)
 * with its parent when missing.
 */
static int
cache_dir(int create, int verbose)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *why;
	char dir[PATH_MAX];
	struct stat st;
	size_t n;
	int fd;

	if (xdg != NULL && xdg[0] == '/')
		n = (size_t)snprintf(dir, sizeof(dir), "%s/tx", xdg);
	else if (home != NULL && home[0] == '/')
		n = (size_t)snprintf(dir, sizeof(dir), "%s/.cache/tx", home);
	else
		return -1;
	if (n >= sizeof(dir))
		return -1;
	if (create) {
		/* The parent (~/.cache) may be missing too. */
		char *slash = strrchr(dir, '/');

		*slash = '\0';
		(void)mkdir(dir, 0700);
		*slash = '/';
		(void)mkdir(dir, 0700);
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (verbose && errno != ENOENT)
			cache_say("the cache folder %s is not "
			    "used: %s", dir, errno == ELOOP || errno == ENOTDIR ?
			    "not a folder (or a link)" : strerror(errno));
		return -1;
	}
	why = fstat(fd, &st) != 0 ? strerror(errno) :
	    not_ours(&st, S_IFDIR, S_IWGRP | S_IWOTH);
	if (why != NULL) {
		if (verbose)
			cache_say("the cache folder %s is not "
			    "used: %s", dir, why);
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The whole of file name in folder dir if it is a regular file of this
 * user's that others may not write (others: the mode bits refused), of
 * 1 to max bytes; else NULL (--verbose says why unless it is missing).
 */
static char *
cache_slurp(int dir, const char *name, off_t max, mode_t others,
    size_t *len, int verbose)
{
	int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	const char *why;
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t r;

	if (fd < 0) {
		if (verbose && errno != ENOENT)
			cache_say("the cache file %s is not "
			    "read: %s", name, errno == ELOOP ? "a link" :
			    strerror(errno));
		return NULL;
	}
	why = fstat(fd, &st) != 0 ? strerror(errno) :
	    not_ours(&st, S_IFREG, others);
	if (why == NULL && (st.st_size <= 0 || st.st_size > max))
		why = "not of a cache file's size";
	if (why != NULL) {
		if (verbose)
			cache_say("the cache file %s is not "
			    "read: %s", name, why);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	    ((r = read(fd, buf + got, (size_t)st.st_size - got)) > 0 ||
	    (r < 0 && errno == EINTR)))
		if (r > 0)
			got += (size_t)r;
	close(fd);
	if (got != (size_t)st.st_size) {         /* shrank, or a read error */
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/*
 * Create file name in folder dir holding p[0..n), atomically: written
 * under an unguessable name created with O_EXCL (so never through a
 * link another user planted), then renamed into place. 0 or -1.
 */
static int
cache_put(int dir, const char *name, const void *p, size_t n)
{
	unsigned char rnd[8];
	char tmp[128];
	size_t done = 0;
	ssize_t w;
	int fd, ok, e;

	if (getentropy(rnd, sizeof(rnd)) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), ".%s.%02x%02x%02x%02x%02x%02x%02x%02x.tmp",
	    name, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6],
	    rnd[7]);
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (done < n && ((w = write(fd, (const char *)p + done,
	    n - done)) > 0 || (w < 0 && errno == EINTR)))
		if (w > 0)
			done += (size_t)w;
	ok = done == n;
	e = errno;
	ok = close(fd) == 0 && ok;
	if (ok && renameat(dir, tmp, dir, name) == 0)
		return 0;
	e = errno ? errno : e;
	(void)unlinkat(dir, tmp, 0);
	errno = e;
	return -1;
}

/*
 * The key that signs this user's cache files: 32 random bytes in the
 * file "key" of the folder, readable by this user alone, made on first
 * use (with create). 0, or -1 when there is none: then nothing is read
 * from the cache, nor written to it.
 */
static int
cache_secret(int dir, int create, unsigned char key[32], int verbose)
{
	unsigned char mine[32];
	size_t len = 0;
	char *buf;

	for (int tries = 0; tries < 2; tries++) {
		buf = cache_slurp(dir, "key", 32, 077, &len, verbose);
		if (buf != NULL) {
			int ok = len == 32;

			if (ok)
				memcpy(key, buf, 32);
			free(buf);
			return ok ? 0 : -1;
		}
		if (!create || getentropy(mine, sizeof(mine)) != 0)
			return -1;
		/*
		 * Made under another name and linked into place, so that of
		 * two processes making it at once one wins and the other
		 * reads the winner's key on its next pass.
		 */
		if (cache_put(dir, "key.new", mine, sizeof(mine)) != 0)
			return -1;
		if (linkat(dir, "key.new", dir, "key", 0) != 0 &&
		    errno != EEXIST) {
			(void)unlinkat(dir, "key.new", 0);
			return -1;
		}
		(void)unlinkat(dir, "key.new", 0);
	}
	return -1;
}

/* The HMAC that signs a cache file: its key's digest, meta and database. */
static void
cache_mac(const unsigned char secret[32], const struct cache_key *k,
    const char *body, size_t metalen, size_t dblen, char hex[65])
{
	struct hmac_sha256 m;
	unsigned char d[SHA256_LEN];
	char lens[48];

	hmac_sha256_init(&m, secret, 32);
	hmac_sha256_add(&m, k->d, sizeof(k->d));
	snprintf(lens, sizeof(lens), "%zu %zu", metalen, dblen);
	hmac_sha256_add(&m, lens, strlen(lens) + 1);
	hmac_sha256_add(&m, body, metalen + dblen);
	hmac_sha256_end(&m, d);
	sha256_hex(d, hex);
}

/* Whether a serialized database is one this Hyperscan made for block mode. */
static int
database_fits(const char *p, size_t n)
{
	const char *v = hs_version(), *sp = strchr(v, ' ');
	size_t vlen = sp != NULL ? (size_t)(sp - v) : strlen(v), size;
	char *info = NULL;
	int ok;

	if (hs_serialized_database_info(p, n, &info) != HS_SUCCESS)
		return 0;
	ok = strncmp(info, "Version: ", 9) == 0 &&
	    strncmp(info + 9, v, vlen) == 0 && info[9 + vlen] == ' ' &&
	    strstr(info, "Mode: BLOCK") != NULL &&
	    hs_serialized_database_size(p, n, &size) == HS_SUCCESS &&
	    size < ((size_t)1 << 31);
	free(info);
	return ok;
}

/*
 * A cache file: a header line (format, lengths, HMAC), lines of what
 * the database's regexes became (meta), and the serialized database.
 * The meta text (NUL-terminated, to be freed) and the database, or -1
 * when the file is missing, torn, stale, not signed with this user's
 * key, or not this user's: then it is rebuilt.
 */
static int
cache_read(const struct cache_key *k, char **meta, hs_database_t **db,
    int verbose)
{
	unsigned long long metalen, dblen;
	unsigned char secret[32];
	char name[64], mac[65], want[65], *buf, *nl, *body;
	size_t len = 0;
	int dir, hdr, rc = -1;

	if ((dir = cache_dir(0, verbose)) < 0)
		return -1;
	if (cache_secret(dir, 0, secret, verbose) != 0) {
		close(dir);
		return -1;
	}
	cache_name(k, name);
	buf = cache_slurp(dir, name, CACHE_MAX, S_IWGRP | S_IWOTH, &len,
	    verbose);
	close(dir);
	if (buf == NULL)
		return -1;
	if ((nl = memchr(buf, '\n', len)) != NULL &&
	    sscanf(buf, CACHE_FORMAT " %llu %llu %64[0-9a-f]%n", &metalen,
	    &dblen, mac, &hdr) == 3 && buf + hdr == nl &&
	    metalen <= len && dblen <= len &&
	    metalen + dblen == (unsigned long long)(buf + len - nl - 1)) {
		body = nl + 1;
		cache_mac(secret, k, body, (size_t)metalen, (size_t)dblen, want);
		if (strcmp(mac, want) != 0) {
			if (verbose)
				cache_say("the cache file %s is "
				    "not read: its signature does not match", name);
		} else if (memchr(body, '\0', (size_t)metalen) == NULL &&
		    database_fits(body + metalen, (size_t)dblen) &&
		    hs_deserialize_database(body + metalen, (size_t)dblen, db) ==
		    HS_SUCCESS) {
			*meta = xstrndup(body, (size_t)metalen);
			rc = 0;
		}
	}
	free(buf);
	return rc;
}

/* Write a cache file, atomically; failures are ignored. */
static void
cache_write(const struct cache_key *k, const char *meta,
    const hs_database_t *db, int verbose)
{
	unsigned char secret[32];
	char *ser = NULL, *file, name[64], mac[65];
	size_t serlen, metalen = strlen(meta), hdrlen;
	int dir;

	if ((dir = cache_dir(1, verbose)) < 0)
		return;
	if (hs_serialize_database(db, &ser, &serlen) != HS_SUCCESS ||
	    cache_secret(dir, 1, secret, verbose) != 0) {
		free(ser);
		close(dir);
		return;
	}
	file = xmalloc(128 + metalen + serlen);
	memcpy(file + 128, meta, metalen);
	memcpy(file + 128 + metalen, ser, serlen);
	cache_mac(secret, k, file + 128, metalen, serlen, mac);
	hdrlen = (size_t)snprintf(file, 128, CACHE_FORMAT " %zu %zu %s\n",
	    metalen, serlen, mac);
	memmove(file + hdrlen, file + 128, metalen + serlen);
	cache_name(k, name);
	if (cache_put(dir, name, file, hdrlen + metalen + serlen) != 0 &&
	    verbose)
		cache_say("cannot write the cache file %s: %s",
		    name, strerror(errno));
	close(dir);
	free(file);
	free(ser);
}

/*
 * A database's meta, a line for each regex. UTF-8 (which 0): its width,
 * and after a TAB Hyperscan's message if it refused the regex. Bytes
 * (which 1): its kind and width.
 */
static char *
meta_text(const struct prefilter *pf, int which)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (mem == NULL)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	for (size_t id = 0; id < pf->nre; id++)
		if (which)
			fprintf(mem, "%u %u\n", pf->kind[id], pf->width[id]);
		else if (pf->rejected[id] != NULL)
			fprintf(mem, "%u\t%s\n", pf->uwidth[id], pf->rejected[id]);
		else
			fprintf(mem, "%u\n", pf->uwidth[id]);
	if (fclose(mem) != 0)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	return text;
}

/* Parse the UTF-8 database's meta_text; 0, or -1 (nothing kept) if it is not well formed. */
static int
read_rejected(struct prefilter *pf, const char *p)
{
	char *end, *nl;
	unsigned long w;

	for (size_t id = 0; id < pf->nre; id++, p = nl + 1) {
		errno = 0;
		w = strtoul(p, &end, 10);
		if (errno != 0 || w > UINT_MAX || (*end != '\t' && *end != '\n') ||
		    (nl = strchr(end, '\n')) == NULL)
			goto bad;
		pf->uwidth[id] = (unsigned)w;
		if (*end == '\t')
			pf->rejected[id] = xstrndup(end + 1, (size_t)(nl - end - 1));
	}
	if (*p == '\0')
		return 0;
bad:
	for (size_t i = 0; i < pf->nre; i++) {
		free(pf->rejected[i]);
		pf->rejected[i] = NULL;
	}
	return -1;
}

static int
read_kinds(struct prefilter *pf, const char *p)
{
	unsigned long k, w;
	char *end;

	for (size_t id = 0; id < pf->nre; id++) {
		k = strtoul(p, &end, 10);
		if (*end != ' ' || k >= PF_NKIND)
			return -1;
		w = strtoul(end + 1, &end, 10);
		if (*end != '\n' || w > UINT_MAX)
			return -1;
		pf->kind[id] = (unsigned char)k;
		pf->width[id] = (unsigned)w;
		p = end + 1;
	}
	return *p == '\0' ? 0 : -1;
}

/*
 * What keeps the byte database from scanning a batch of texts at once:
 * the id of the first of its regexes that blocks it; nre if none.
 */
static size_t
batch_blocker(const struct prefilter *pf, const struct codebook *cb)
{
	for (size_t id = 0; id < pf->nre; id++)
		if (blocks_batch(pf, cb, id))
			return id;
	return pf->nre;
}

/* --verbose: whether a batch of texts is scanned at once, or why not. */
static void
say_batch(const struct prefilter *pf, const struct codebook *cb)
{
	size_t id;

	if (pf->bdb == NULL)
		return;
	if (pf->batch) {
		tx_warn(NULL, 0, "prefilter: ASCII and neutral texts are "
		    "scanned a batch at a time");
		return;
	}
	id = batch_blocker(pf, cb);
	tx_warn(cb->name, cb->re[id]->line, "code \"%s\": regex \"%s\" %s: "
	    "each text is scanned alone",
	    cb->code[cb->re[id]->code].path, cb->re[id]->src, pf->kind[id] == PF_CAND ? "is only prefiltered" :
	    "looks at the ends of the text or around its match");
}

/* --verbose: which regexes run through PCRE2 on every text, and the classes. */
static void
say_plan(const struct prefilter *pf, const struct codebook *cb, int cached)
{
	size_t nrej = 0, nhz[HZ_N] = { 0 }, nk[PF_NKIND] = { 0 };

	for (size_t id = 0; id < pf->nre; id++) {
		const struct cb_pattern *p = cb->re[id];

		nhz[hazard_of(p->src)]++;
		nk[pf->kind[id]]++;
		if (pf->rejected[id] == NULL)
			continue;
		nrej++;
		tx_warn(cb->name, p->line, "code \"%s\": regex \"%s\" runs "
		    "through PCRE2 on every text (Hyperscan: %s)",
		    cb->code[p->code].path, p->src, pf->rejected[id]);
	}
	tx_warn(NULL, 0, "prefilter: Hyperscan %s, %s databases: %zu of %zu "
	    "regexes prefiltered, %zu through PCRE2 always; run through PCRE2 "
	    "on a text with U+212A or U+017F: %zu (ASCII only), also with "
	    "a character beyond Latin and punctuation: %zu (\\w \\b \\d \\s "
	    "...), also with any non-ASCII character: %zu (non-ASCII, \\x "
	    "\\p ...)", hs_version(), cached ? "cached" : "compiled",
	    pf->nre - nrej, pf->nre, nrej, nhz[HZ_FOLD], nhz[HZ_WORD],
	    nhz[HZ_ASCII]);
	tx_warn(NULL, 0, "prefilter: on ASCII and neutral text, regexes "
	    "counted by whole words: %zu, beginning words: %zu; found by "
	    "Hyperscan and confirmed by PCRE2 where they end: %zu; "
	    "prefiltered: %zu; through PCRE2 always: %zu (bytes), %zu "
	    "(non-ASCII source)", nk[PF_WHOLE] + nk[PF_PREFIX], nk[PF_START],
	    nk[PF_WINDOW], nk[PF_CAND], nk[PF_ALWAYS], nk[PF_UTF]);
	say_batch(pf, cb);
}

/*
 * Database which (0: UTF-8, 1: bytes): read from the cache (1), or
 * compiled (0) and cached; -1 when it cannot be compiled (*why says why
 * for the UTF-8 one; without the byte one, every text is scanned whole).
 */
static int
database(struct prefilter *pf, const struct codebook *cb, int which,
    int verbose, int nocache, const char **why)
{
	hs_database_t **db = which ? &pf->bdb : &pf->db;
	struct cache_key key;
	char *meta = NULL;
	int rc = -1;

	if (!nocache) {
		key = cache_key(pf, cb, which);
		if (cache_read(&key, &meta, db, verbose) == 0) {
			rc = which ? read_kinds(pf, meta) :
			    read_rejected(pf, meta);
			if (rc != 0) {
				hs_free_database(*db);
				*db = NULL;
			}
		}
	}
	free(meta);
	if (rc == 0)
		return 1;
	if (which)
		rc = compile_bytes(pf, cb);
	else {
		check_each(pf);
		rc = compile(pf, why);
	}
	if (rc != 0)
		return -1;
	if (!nocache) {
		meta = meta_text(pf, which);
		cache_write(&key, meta, *db, verbose);
		free(meta);
	}
	return 0;
}

struct prefilter *
prefilter_new(const struct codebook *cb, int verbose, int nocache,
    const char **why)
{
	struct prefilter *pf;
	int cached;

	if (hs_valid_platform() != HS_SUCCESS) {
		*why = "Hyperscan does not run on this CPU (it needs SSSE3)";
		return NULL;
	}
	pf = xcalloc(1, sizeof(*pf));
	pf->nre = cb->nregex;
	pf->ncode = cb->ncode;
	pf->nwre = (pf->nre + 63) / 64 + 1;
	pf->nwcode = (pf->ncode + 63) / 64 + 1;
	pf->rejected = xcalloc(pf->nre + 1, sizeof(char *));
	pf->code_of = xcalloc(pf->nre + 1, sizeof(size_t));
	pf->expr = xcalloc(pf->nre + 1, sizeof(char *));
	pf->bexpr = xcalloc(pf->nre + 1, sizeof(char *));
	pf->kind = xcalloc(pf->nre + 1, 1);
	pf->width = xcalloc(pf->nre + 1, sizeof(unsigned));
	pf->uwidth = xcalloc(pf->nre + 1, sizeof(unsigned));
	pf->closed = xcalloc(pf->nre + 1, 1);
	for (size_t id = 0; id < pf->nre; id++) {
		/* A rule's regex names no code: the bit past the last. */
		pf->code_of[id] = id < cb->npattern ? cb->re[id]->code :
		    cb->ncode;
		pf->expr[id] = prefilter_expr(cb->re[id]->src);
		pf->closed[id] = (unsigned char)shape_closed(cb->re[id]->src);
	}
	if ((cached = database(pf, cb, 0, verbose, nocache, why)) < 0) {
		prefilter_free(pf);
		return NULL;
	}
	if (database(pf, cb, 1, verbose, nocache, why) != 1)
		cached = 0;
	make_masks(pf, cb);
	pf->batch = pf->bdb != NULL && batch_blocker(pf, cb) == pf->nre;
	if (verbose)
		say_plan(pf, cb, cached);
	return pf;
}

void
prefilter_free(struct prefilter *pf)
{
	if (pf == NULL)
		return;
	hs_free_database(pf->db);
	hs_free_database(pf->bdb);
	for (size_t id = 0; id < pf->nre; id++) {
		free(pf->rejected[id]);
		free(pf->expr[id]);
		free(pf->bexpr[id]);
	}
	free(pf->rejected);
	free(pf->expr);
	free(pf->bexpr);
	free(pf->code_of);
	free(pf->kind);
	free(pf->width);
	free(pf->uwidth);
	free(pf->closed);
	free(pf->always_re);
	free(pf->always_code);
	free(pf->all_re);
	free(pf->all_code);
	free(pf->bytes_code[0]);
	free(pf->bytes_code[1]);
	for (int h = 0; h < HZ_N; h++) {
		free(pf->hz_re[h]);
		free(pf->hz_code[h]);
	}
	free(pf);
}

struct pf_scratch *
prefilter_scratch(const struct prefilter *pf)
{
	struct pf_scratch *s = xcalloc(1, sizeof(*s));

	/* One scratch serves both databases once allocated for each. */
	if (hs_alloc_scratch(pf->db, &s->hs) != HS_SUCCESS ||
	    (pf->bdb != NULL && hs_alloc_scratch(pf->bdb, &s->hs) != HS_SUCCESS))
		tx_die(EXIT_DATA, NULL, 0, "Hyperscan: cannot allocate scratch "
		    "space: out of memory");
	s->pf = pf;
	s->cnt = xcalloc(pf->nre + 1, sizeof(uint32_t));
	s->start = xcalloc(pf->nre + 1, sizeof(uint32_t));
	s->touched = xcalloc(pf->nre + 1, sizeof(uint32_t));
	return s;
}

void
prefilter_scratch_free(struct pf_scratch *s)
{
	if (s == NULL)
		return;
	hs_free_scratch(s->hs);
	free(s->cnt);
	free(s->start);
	free(s->touched);
	free(s->ev);
	free(s->bev);
	free(s->ends);
	free(s);
}

static void
or_bits(uint64_t *to, const uint64_t *from, size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		to[i] |= from[i];
}

static void
push_event(struct pf_event **ev, size_t *n, size_t *cap, unsigned id,
    unsigned long long end)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		*ev = xrealloc(*ev, *cap * sizeof(**ev));
	}
	(*ev)[*n].id = id;
	(*ev)[(*n)++].end = (uint32_t)end;
}

/* A report: keep the end, and name the regex's code. */
static int
on_end(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *arg)
{
	struct pf_scratch *s = arg;

	(void)from, (void)flags;
	push_event(&s->ev, &s->nev, &s->evcap, id, to);
	if (s->cnt[id]++ == 0) {
		s->touched[s->ntouched++] = id;
		setbit(s->code_bits, s->pf->code_of[id]);
	}
	return 0;
}

/* A UTF-8 scan's report: the end of a regex's match, or a hazard. */
static int
on_hit(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *arg)
{
	struct pf_scratch *s = arg;

	if (id < s->pf->nre)
		return on_end(id, from, to, flags, arg);
	s->hazards |= 1u << (id - s->pf->nre);
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * Lay out ev[0, n), counted by regex (cnt, touched), in ends grouped by
 * regex, each regex's in the order of ev, less off.
 */
static void
place_ends(struct pf_scratch *s, const struct pf_event *ev, size_t n,
    uint32_t off)
{
	size_t pos = 0;

	if (n > s->endcap) {
		s->endcap = n;
		s->ends = xrealloc(s->ends, s->endcap * sizeof(*s->ends));
	}
	for (size_t i = 0; i < s->ntouched; i++) {
		s->start[s->touched[i]] = (uint32_t)pos;
		pos += s->cnt[s->touched[i]];
	}
	for (size_t i = 0; i < n; i++)
		s->ends[s->start[ev[i].id]++] = ev[i].end - off;
	for (size_t i = 0; i < s->ntouched; i++)
		s->start[s->touched[i]] -= s->cnt[s->touched[i]];
}

/* Group the ends by regex, each regex's in ascending order. */
static void
sort_ends(struct pf_scratch *s)
{
	place_ends(s, s->ev, s->nev, 0);
	for (size_t i = 0; i < s->ntouched; i++) {
		uint32_t id = s->touched[i], n = s->cnt[id];
		uint32_t *e = s->ends + s->start[id];

		for (uint32_t k = 1; k < n; k++)
			if (e[k] < e[k - 1]) {
				qsort(e, n, sizeof(*e), cmp_u32);
				break;
			}
	}
}

/* Forget the last scan's reports. */
static void
reset(struct pf_scratch *s, uint64_t *code_bits)
{
	for (size_t i = 0; i < s->ntouched; i++)
		s->cnt[s->touched[i]] = 0;
	s->ntouched = s->nev = 0;
	s->hazards = 0;
	s->code_bits = code_bits;
}

void
prefilter_scan(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len, uint64_t *re_bits, uint64_t *code_bits)
{
	reset(s, code_bits);
	if (len > UINT_MAX || hs_scan(pf->db, text, (unsigned)len, 0, s->hs,
	    on_hit, s) != HS_SUCCESS) {
		or_bits(re_bits, pf->all_re, pf->nwre);
		or_bits(code_bits, pf->all_code, pf->nwcode);
		return;
	}
	sort_ends(s);
	or_bits(re_bits, pf->always_re, pf->nwre);
	or_bits(code_bits, pf->always_code, pf->nwcode);
	for (int h = 0; h < HZ_N; h++)
		if (s->hazards & (1u << h)) {
			or_bits(re_bits, pf->hz_re[h], pf->nwre);
			or_bits(code_bits, pf->hz_code[h], pf->nwcode);
		}
}

int
prefilter_scan_bytes(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len, int cls, uint64_t *code_bits)
{
	reset(s, code_bits);
	if (pf->bdb == NULL || len > UINT_MAX)
		return -1;
	if (hs_scan(pf->bdb, text, (unsigned)len, 0, s->hs, on_end, s) !=
	    HS_SUCCESS)
		return -1;
	sort_ends(s);
	or_bits(code_bits, pf->bytes_code[cls == TEXT_NEUTRAL], pf->nwcode);
	return 0;
}

/* A batch scan's report: kept with its end in the concatenation. */
static int
on_batch(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *arg)
{
	struct pf_scratch *s = arg;

	(void)from, (void)flags;
	push_event(&s->bev, &s->nbev, &s->bevcap, id, to);
	return 0;
}

static int
cmp_end(const void *a, const void *b)
{
	const struct pf_event *x = a, *y = b;

	return (x->end > y->end) - (x->end < y->end);
}

/* Whether prefilter_scan_batch may be used (see batch_blocker). */
int
prefilter_batches(const struct prefilter *pf)
{
	return pf->batch;
}

int
prefilter_scan_batch(const struct prefilter *pf, struct pf_scratch *s,
    const char *text, size_t len)
{
	s->nbev = s->bnext = 0;
	if (!pf->batch || pf->bdb == NULL || len > UINT_MAX)
		return -1;
	if (hs_scan(pf->bdb, text, (unsigned)len, 0, s->hs, on_batch, s) !=
	    HS_SUCCESS)
		return -1;
	for (size_t i = 1; i < s->nbev; i++)
		if (s->bev[i].end < s->bev[i - 1].end) {
			qsort(s->bev, s->nbev, sizeof(*s->bev), cmp_end);
			break;
		}
	return 0;
}

/*
 * The reports of the text at off, len bytes, as prefilter_scan_bytes
 * would have found them: those that end in (off, off + len]. A report
 * that ends at off ended on the separator before the text: no match of
 * the text alone ends there. The batch's reports are in order of their
 * ends, so each regex's are too once laid out.
 */
void
prefilter_take(const struct prefilter *pf, struct pf_scratch *s, size_t off,
    size_t len, int cls, uint64_t *code_bits)
{
	size_t first;

	reset(s, code_bits);
	while (s->bnext < s->nbev && s->bev[s->bnext].end <= off)
		s->bnext++;
	for (first = s->bnext; s->bnext < s->nbev &&
	    s->bev[s->bnext].end <= off + len; s->bnext++) {
		unsigned id = s->bev[s->bnext].id;

		if (s->cnt[id]++ == 0) {
			s->touched[s->ntouched++] = id;
			setbit(code_bits, pf->code_of[id]);
		}
	}
	place_ends(s, s->bev + first, s->bnext - first, (uint32_t)off);
	or_bits(code_bits, pf->bytes_code[cls == TEXT_NEUTRAL], pf->nwcode);
}

int
prefilter_kind(const struct prefilter *pf, size_t id, int cls)
{
	if (cls == TEXT_NEUTRAL && !pf->closed[id])
		return PF_UTF;
	return pf->kind[id];
}

unsigned
prefilter_width(const struct prefilter *pf, size_t id, int bytes)
{
	return bytes ? pf->width[id] : pf->uwidth[id];
}

const uint32_t *
prefilter_ends(const struct pf_scratch *s, size_t id, size_t *n)
{
	*n = s->cnt[id];
	return *n > 0 ? s->ends + s->start[id] : NULL;
}

const char *
prefilter_version(void)
{
	return hs_version();
}

#endif /* TX_HYPERSCAN */
