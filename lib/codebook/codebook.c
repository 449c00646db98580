/*
 * The codebook: loaded from a CSV or TSV sheet (table_load), checked
 * whole (every error is reported before giving up), and matched with PCRE2.
 *
 * Matching lives behind codebook_match() alone: with a prefilter
 * (prefilter.c, Hyperscan), one scan of a text reports where the regexes'
 * matches may end, and PCRE2 searches only just before those ends (or,
 * for a word regex on ASCII text, the words found are the matches: see
 * shape.h); the tools do not know which engine runs. Threads match with a state each (cb_matcher), in
 * a pool that codes batches of texts (codebook_pool).
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "table.h"
#include "tx.h"
#include "codebook.h"
#include "intern.h"
#include "prefilter.h"
#include "rules.h"
#include "shape.h"

/*
 * Caseless, UTF and UCP, so that \w, \b and case folding know é, ß and
 * curly quotes; (?-i) in a pattern turns caselessness off. \C could match
 * half a character and put invalid UTF-8 in the match column: forbidden.
 * An offset limit lets a search start only where the prefilter says a
 * match may begin (find_limited); unset, it searches the whole text.
 */
#define CB_COMPILE_OPTIONS (PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | \
	PCRE2_NEVER_BACKSLASH_C | PCRE2_USE_OFFSET_LIMIT)
/*
 * No UTF check: the TSV reader checked each line, and decoding the four
 * escapes only turns ASCII pairs into ASCII bytes, so the decoded text is
 * valid UTF-8 too; start offsets stay on character boundaries because they
 * are match ends. No empty match, ever (see add_regex).
 */
#define CB_MATCH_OPTIONS (PCRE2_NO_UTF_CHECK | PCRE2_NOTEMPTY)
/*
 * The byte variant of a regex of ASCII source, for ASCII and neutral
 * text (shape.h); (*UTF) and (*UCP) cannot turn it back. An offset limit
 * lets a search start only where the prefilter says a match may begin.
 */
#define CB_BYTE_OPTIONS (PCRE2_CASELESS | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | \
	PCRE2_NEVER_BACKSLASH_C | PCRE2_USE_OFFSET_LIMIT)

/* What loading needs beyond the codebook itself. */
struct build {
	struct codebook *cb;
	const char *file;
	size_t capcode;
	long *first_child, *next_sibling, *last_child;
	struct strset paths;    /* index i: the path of code i, creation order */
	struct chunk *arena;
	int err;
};

char *
codebook_trimmed(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return xstrndup(s, n);
}

/* Index of a header column, matched caselessly and trimmed; -1 if none. */
int
codebook_column(const struct table *tb, const char *name)
{
	int found = -1;

	for (size_t i = 0; i < tb->ncol && found < 0; i++) {
		char *c = codebook_trimmed(tb->col[i], strlen(tb->col[i]));

		if (strcasecmp(c, name) == 0)
			found = (int)i;
		free(c);
	}
	return found;
}

char *
codebook_path(const char *raw)
{
	char *path = xmalloc(strlen(raw) + 1), *level;
	const char *p = raw, *slash;
	size_t n = 0;

	for (;;) {
		slash = strchr(p, '/');
		level = codebook_trimmed(p, slash ? (size_t)(slash - p) :
		    strlen(p));
		if (*level == '\0') {
			free(level);
			free(path);
			return NULL;
		}
		if (n > 0)
			path[n++] = '/';
		memcpy(path + n, level, strlen(level));
		n += strlen(level);
		free(level);
		if (slash == NULL)
			break;
		p = slash + 1;
	}
	path[n] = '\0';
	return path;
}

/* The code path of a row; NULL (and the error reported) if a level is empty. */
static char *
parse_path(struct build *b, const char *raw, long line)
{
	char *path = codebook_path(raw);

	if (path == NULL) {
		tx_warn(b->file, line, "code \"%s\": empty level", raw);
		b->err = 1;
	}
	return path;
}

/*
 * Index of the code with this path (len bytes of it), or -1. The set
 * numbers paths as add_code numbers codes: new paths become new codes.
 */
static long
lookup(struct build *b, const char *path, size_t len)
{
	int isnew;
	uint32_t i = strset_add(&b->paths, &b->arena, path, len, &isnew);

	return isnew ? -1 : (long)i;
}

/* A new code at the end of the creation order, child of parent. */
static long
add_code(struct build *b, const char *path, size_t len, long parent)
{
	struct codebook *cb = b->cb;
	struct cb_code *c;
	long i = (long)cb->ncode;

	if (cb->ncode == b->capcode) {
		b->capcode = b->capcode ? 2 * b->capcode : 32;
		cb->code = xrealloc(cb->code, b->capcode * sizeof(*cb->code));
		b->first_child = xrealloc(b->first_child, b->capcode * sizeof(long));
		b->next_sibling = xrealloc(b->next_sibling, b->capcode * sizeof(long));
		b->last_child = xrealloc(b->last_child, b->capcode * sizeof(long));
	}
	c = &cb->code[cb->ncode++];
	memset(c, 0, sizeof(*c));
	c->path = xstrndup(path, len);
	c->name = strrchr(c->path, '/') ? strrchr(c->path, '/') + 1 : c->path;
	c->depth = parent < 0 ? 0 : cb->code[parent].depth + 1;
	c->parent = parent;
	b->first_child[i] = b->next_sibling[i] = b->last_child[i] = -1;
	if (parent >= 0) {
		if (b->last_child[parent] < 0)
			b->first_child[parent] = i;
		else
			b->next_sibling[b->last_child[parent]] = i;
		b->last_child[parent] = i;
	}
	return i;
}

/* The code of a path, made with its missing ancestors. */
static long
intern(struct build *b, const char *path)
{
	long parent = -1, i;
	const char *slash = path;

	for (;;) {
		slash = strchr(slash, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		if ((i = lookup(b, path, len)) < 0)
			i = add_code(b, path, len, parent);
		if (slash == NULL)
			return i;
		parent = i;
		slash++;
	}
}

/*
 * Compile one regex of code c. A regex that can match the empty string
 * is refused: it would carry every segment (or, as an exclude, none).
 * PCRE2_INFO_MATCHEMPTY is the test, not PCRE2_INFO_MINLENGTH (the
 * shortest subject, so 1 for (?=x), which matches empty) nor matching ""
 * (x*\b and (?=x) match nothing in "" but match empty in text). It errs
 * on the cautious side: a rare pattern that never matches empty, such as
 * (a)?\1, is refused too. What it cannot see, a \K at the end, is kept
 * from matching empty by PCRE2_NOTEMPTY at match time.
 */
pcre2_code *
codebook_compile(const char *file, long line, const char *path,
    const char *what, const char *src)
{
	int named = strcmp(what, "pattern") != 0;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t empty;
	pcre2_code *re;
	int ec;

	re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    CB_COMPILE_OPTIONS, &ec, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		tx_warn(file, line, "code \"%s\": %s%s%s at offset %zu",
		    path, named ? what : "", named ? ": " : "",
		    (char *)msg, (size_t)off);
		return NULL;
	}
	if (pcre2_pattern_info(re, PCRE2_INFO_MATCHEMPTY, &empty) == 0 &&
	    empty) {
		tx_warn(file, line, "code \"%s\": %s \"%s\" can match the "
		    "empty string", path, what, src);
		pcre2_code_free(re);
		return NULL;
	}
	return re;
}

static void
add_regex(struct build *b, struct cb_code *c, const char *src, long line,
    int is_excl)
{
	struct cb_pattern **list = is_excl ? &c->excl : &c->pat;
	size_t *n = is_excl ? &c->nexcl : &c->npat;
	pcre2_code *re;

	if ((re = codebook_compile(b->file, line, c->path,
	    is_excl ? "exclude" : "pattern", src)) == NULL) {
		b->err = 1;
		return;
	}
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[*n].src = xstrdup(src);
	(*list)[*n].line = line;
	(*list)[*n].re = re;
	(*list)[*n].jit = 0;
	(*list)[*n].bre = NULL;
	(*list)[*n].bjit = 0;
	(*list)[*n].rule = NULL;
	(*n)++;
	b->cb->npattern++;
}

static void
add_desc(struct cb_code *c, const char *d)
{
	size_t n;

	if (*d == '\0')
		return;
	if (c->desc == NULL) {
		c->desc = xstrdup(d);
		return;
	}
	n = strlen(c->desc);
	c->desc = xrealloc(c->desc, n + 1 + strlen(d) + 1);
	c->desc[n] = '\n';
	strcpy(c->desc + n + 1, d);
}

/* A row without a code: only an all-empty row is allowed. */
static void
no_code(struct build *b, long line, const char *pat, const char *excl,
    const char *desc)
{
	if (*pat)
		tx_warn(b->file, line, "pattern \"%s\" has no code", pat);
	else if (*excl)
		tx_warn(b->file, line, "exclude \"%s\" has no code", excl);
	else if (*desc)
		tx_warn(b->file, line, "description has no code");
	else
		return;
	b->err = 1;
}

/* One row of the sheet; col[] gives code, pattern, exclude, description. */
static void
add_row(struct build *b, char **f, long line, const int col[4])
{
	static char empty[] = "";
	char *code = codebook_trimmed(f[col[0]], strlen(f[col[0]]));
	char *pat = codebook_trimmed(f[col[1]], strlen(f[col[1]]));
	char *excl = col[2] >= 0 ?
	    codebook_trimmed(f[col[2]], strlen(f[col[2]])) : empty;
	char *desc = col[3] >= 0 ?
	    codebook_trimmed(f[col[3]], strlen(f[col[3]])) : empty;
	char *path;
	struct cb_code *c;
	size_t npat;

	if (*code == '\0') {
		no_code(b, line, pat, excl, desc);
		if (b->cb->rules != NULL)       /* rules.c */
			rules_row(b->cb, f, line, -1, NULL, *pat != '\0', &b->err);
	} else if ((path = parse_path(b, code, line)) != NULL) {
		long i = intern(b, path);      /* may move the codes */

		c = &b->cb->code[i];
		if (c->line == 0)
			c->line = line;
		npat = c->npat;
		if (*pat)
			add_regex(b, c, pat, line, 0);
		if (*excl)
			add_regex(b, c, excl, line, 1);
		add_desc(c, desc);
		free(path);
		if (b->cb->rules != NULL)       /* rules.c */
			rules_row(b->cb, f, line, i, c->npat > npat ?
			    &c->pat[npat] : NULL, *pat != '\0', &b->err);
	}
	free(code);
	free(pat);
	if (excl != empty)
		free(excl);
	if (desc != empty)
		free(desc);
}

/* Put the codes in depth-first order, siblings in order of creation. */
static void
preorder(struct build *b, long i, struct cb_code *out, size_t *n, long *where)
{
	where[i] = (long)*n;
	out[(*n)++] = b->cb->code[i];
	for (long k = b->first_child[i]; k >= 0; k = b->next_sibling[k])
		preorder(b, k, out, n, where);
}

static void
reorder(struct build *b)
{
	struct codebook *cb = b->cb;
	struct cb_code *out = xcalloc(cb->ncode, sizeof(*out));
	long *where = xcalloc(cb->ncode, sizeof(*where));
	size_t n = 0;

	for (size_t i = 0; i < cb->ncode; i++)
		if (cb->code[i].parent < 0)
			preorder(b, (long)i, out, &n, where);
	for (size_t i = 0; i < n; i++)
		if (out[i].parent >= 0)
			out[i].parent = where[out[i].parent];
	free(cb->code);
	free(where);
	cb->code = out;
}

/* Codes with an exclude but nothing to match are a mistake. */
static void
check_codes(struct build *b)
{
	for (size_t i = 0; i < b->cb->ncode; i++) {
		struct cb_code *c = &b->cb->code[i];

		if (c->nexcl > 0 && c->npat == 0) {
			tx_warn(b->file, c->excl[0].line, "code \"%s\": exclude "
			    "but no pattern", c->path);
			b->err = 1;
		}
	}
}

int
codebook_load(struct codebook *cb, const char *path)
{
	struct table tb;
	int rc;

	memset(cb, 0, sizeof(*cb));
	if (table_load(&tb, path) != 0)
		return -1;
	rc = codebook_from_table(cb, &tb, path);
	table_free(&tb);
	return rc;
}

int
codebook_from_table(struct codebook *cb, const struct table *tb,
    const char *path)
{
	struct build b = { .cb = cb, .file = path };
	static const char *names[4] = { "code", "pattern", "exclude", "description" };
	int col[4];

	memset(cb, 0, sizeof(*cb));
	cb->name = path;
	for (int k = 0; k < 4; k++)
		if ((col[k] = codebook_column(tb, names[k])) < 0 && k < 2) {
			tx_warn(path, 1, "no \"%s\" column (a codebook's header "
			    "needs code and pattern)", names[k]);
			b.err = 1;
		}
	rules_columns(cb, tb, &b.err);          /* rules.c */
	for (size_t r = 0; r < tb->nrow && col[0] >= 0 && col[1] >= 0; r++)
		add_row(&b, tb->row[r].f, tb->row[r].line, col);
	check_codes(&b);
	if (!b.err)
		reorder(&b);
	if (cb->rules != NULL)                  /* rules.c */
		rules_finish(cb, &b.err);
	free(b.first_child);
	free(b.next_sibling);
	free(b.last_child);
	strset_free(&b.paths);
	arena_free(b.arena);
	if (b.err) {
		codebook_free(cb);
		return -1;
	}
	return 0;
}

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Whether p's regex (bytes: its byte variant) runs as JIT code, compiled
 * at its first search: on ASCII text most patterns never run through
 * PCRE2 (a word pattern is counted from the scan), and compiling them all
 * up front was half of a large codebook's start-up, which -j N cannot
 * share out. Once, under a lock; a regex JIT cannot take runs in the
 * interpreter. The state is a cache, so p may be shared and const.
 */
int
codebook_jit(const struct cb_pattern *p, int bytes)
{
	struct cb_pattern *w = (struct cb_pattern *)p;
	atomic_int *st = bytes ? &w->bjit : &w->jit;
	int s = atomic_load_explicit(st, memory_order_acquire);

	if (s >= 0)
		return s;
	pthread_mutex_lock(&jit_lock);
	if ((s = atomic_load_explicit(st, memory_order_relaxed)) < 0) {
		s = pcre2_jit_compile(bytes ? w->bre : w->re,
		    PCRE2_JIT_COMPLETE) == 0;
		atomic_store_explicit(st, s, memory_order_release);
	}
	pthread_mutex_unlock(&jit_lock);
	return s;
}

/*
 * The byte variants, where the prefilter will use them (word patterns on
 * ASCII text are counted without PCRE2). One that does not compile (it
 * should not: it is the same regex) stays NULL, and the regex runs with
 * UTF.
 */
static void
byte_compile(struct codebook *cb)
{
	PCRE2_SIZE off;
	int ec, kind;

	for (size_t id = 0; id < cb->npattern; id++) {
		struct cb_pattern *p = cb->re[id];

		kind = prefilter_kind(cb->pf, id, TEXT_ASCII);
		if (!shape_ascii(p->src) || kind == PF_WHOLE || kind == PF_PREFIX)
			continue;
		p->bre = pcre2_compile((PCRE2_SPTR)p->src, PCRE2_ZERO_TERMINATED,
		    CB_BYTE_OPTIONS, &ec, &off, NULL);
		p->bjit = p->bre != NULL && cb->jit ? -1 : 0;
	}
}

/*
 * The state of one thread's matching: PCRE2's match data, match context
 * and JIT stack, the prefilter's scratch, and the bitmaps of the regexes
 * and codes a scan names.
 */
struct cb_matcher {
	const struct codebook *cb;
	pcre2_match_context *mctx;      /* limits; an offset limit per search */
	pcre2_match_data *md;
	pcre2_jit_stack *jstack;
	struct pf_scratch *scratch;
	struct rule_state *rs;  /* rules.c's, if the codebook has rules */
	struct spans *sink;     /* codebook_spans: every match goes here */
	int cls;                /* class of the text being matched */
	int tclass;             /* its text_class if worked out, else -1:
				 * cls is TEXT_OTHER for a failed scan too */
	uint64_t spent;         /* match limit spent by this regex on this text */
	uint64_t *re_bits, *code_bits;
	size_t nwre, nwcode;
	/* A batch scanned at once (run_batch): the next text's place in it. */
	int pre, pre_cls;
	size_t pre_off;
	int hint_cls;           /* the next text's class if known, else -1 */
	size_t *off;            /* each text's place in the batch's joined */
	int *tcls;              /* each text's class */
	size_t capoff;
};

/*
 * One PCRE2 call, from at, for a match that begins no later than lim
 * (PCRE2_UNSET: anywhere), within limit at each start position.
 * pcre2_jit_match() skips pcre2_match()'s checks of its arguments, which
 * are the same for every call here; it never checks UTF, which
 * CB_MATCH_OPTIONS says is not needed.
 */
static int
call(struct cb_matcher *m, const pcre2_code *re, int jit, const char *text,
    size_t len, size_t at, size_t lim, uint32_t limit)
{
	pcre2_set_offset_limit(m->mctx, lim);
	pcre2_set_match_limit(m->mctx, limit);
	if (jit)
		return pcre2_jit_match(re, (PCRE2_SPTR)text, len, at,
		    CB_MATCH_OPTIONS, m->md, m->mctx);
	return pcre2_match(re, (PCRE2_SPTR)text, len, at, CB_MATCH_OPTIONS,
	    m->md, m->mctx);
}

/*
 * One start position p alone, with limits that double from cheap up to
 * the match limit or what is left of the regex's total, whichever is
 * less; each limit reached is spent. *dear: p needed more than cheap.
 */
static int
one_start(struct cb_matcher *m, const pcre2_code *re, int jit,
    const char *text, size_t len, size_t p, uint32_t cheap, int *dear)
{
	uint64_t total = (uint64_t)CB_TOTAL_TIMES * m->cb->lim.match, left;
	uint32_t limit = cheap, top;
	int rc;

	for (;;) {
		left = total - m->spent;
		if (left == 0)
			return CB_ERROR_TOTAL;
		top = left < m->cb->lim.match ? (uint32_t)left : m->cb->lim.match;
		if (limit > top)
			limit = top;
		if ((rc = call(m, re, jit, text, len, p, p, limit)) !=
		    PCRE2_ERROR_MATCHLIMIT)
			return rc;
		m->spent += limit;
		if (limit == m->cb->lim.match)
			return rc;
		if (limit == left)
			return CB_ERROR_TOTAL;
		*dear = 1;
		limit = limit > UINT32_MAX / 2 ? UINT32_MAX : 2 * limit;
	}
}

/*
 * A search as one PCRE2 call would make it, from at, for a match that
 * begins no later than lim, within the match limit at each start position
 * and the regex's total on this text (CB_TOTAL_TIMES). The call is made
 * with the cheap limit; if a start position needs more, the positions are
 * tried one at a time from at (one_start) up to the first that needs more,
 * and the search goes on from the next with one call again. utf: start
 * positions are characters.
 */
static int
search(struct cb_matcher *m, const pcre2_code *re, int jit, int utf,
    const char *text, size_t len, size_t at, size_t lim)
{
	uint32_t cheap = m->cb->lim.match < CB_CHEAP_LIMIT ? m->cb->lim.match :
	    CB_CHEAP_LIMIT;
	uint64_t total = (uint64_t)CB_TOTAL_TIMES * m->cb->lim.match;
	size_t end = lim < len ? lim : len, p;
	int rc, dear;

	for (;;) {
		rc = call(m, re, jit, text, len, at, lim, cheap);
		if (rc != PCRE2_ERROR_MATCHLIMIT)
			return rc;
		m->spent = total - m->spent > cheap ? m->spent + cheap : total;
		for (p = at, dear = 0; !dear; ) {
			rc = one_start(m, re, jit, text, len, p, cheap, &dear);
			if (rc != PCRE2_ERROR_NOMATCH)
				return rc;
			if (p >= end)
				return rc;
			p++;
			while (utf && p < len && (text[p] & 0xc0) == 0x80)
				p++;
		}
		at = p;
	}
}

/* A search of the whole text with the UTF variant. */
static int
find(struct cb_matcher *m, const struct cb_pattern *p, const char *text,
    size_t len, size_t at)
{
	return search(m, p->re, codebook_jit(p, 0), 1, text, len, at,
	    PCRE2_UNSET);
}

static _Noreturn void
nomem(void)
{
	tx_die(EXIT_DATA, NULL, 0, "out of memory");
}

/*
 * Every regex by id, and each one's id and code: the patterns and
 * excludes in codebook order, then the rules' near and not_near.
 */
static void
number_regexes(struct codebook *cb)
{
	size_t id = 0;

	cb->nregex = cb->npattern + rules_regexes(cb, NULL);
	cb->re = xcalloc(cb->nregex + 1, sizeof(*cb->re));
	for (size_t i = 0; i < cb->ncode; i++) {
		struct cb_code *c = &cb->code[i];

		for (size_t k = 0; k < c->npat + c->nexcl; k++) {
			struct cb_pattern *p = k < c->npat ? &c->pat[k] :
			    &c->excl[k - c->npat];

			p->id = id;
			p->code = i;
			cb->re[id++] = p;
		}
	}
	rules_regexes(cb, cb->re + id);
	for (; id < cb->nregex; id++)
		cb->re[id]->id = id;
}

/* The prefilter the engine asks for, if any. */
static void
choose_engine(struct codebook *cb)
{
	const char *why = NULL;

	if (cb->engine == CB_ENGINE_PCRE2)
		return;
	cb->pf = prefilter_new(cb, cb->verbose, cb->nocache, &why);
	if (cb->pf != NULL)
		return;
	if (cb->engine == CB_ENGINE_HYPERSCAN)
		tx_die(EXIT_USAGE, NULL, 0, "--engine hyperscan: %s", why);
	if (cb->verbose)
		tx_warn(NULL, 0, "engine pcre2: %s", why);
}

void
codebook_prepare(struct codebook *cb, const struct cb_limits *lim)
{
	static const struct cb_limits def = { CB_MATCH_LIMIT, CB_DEPTH_LIMIT,
	    CB_HEAP_LIMIT, 0 };

	cb->lim = lim != NULL ? *lim : def;
	cb->jit = !cb->lim.nojit;
	number_regexes(cb);
	for (size_t id = 0; id < cb->npattern; id++)
		cb->re[id]->jit = cb->jit ? -1 : 0;     /* codebook_jit */
	choose_engine(cb);
	if (cb->pf != NULL)
		byte_compile(cb);
	if (cb->rules != NULL)
		rules_prepare(cb);
	cb->m = codebook_matcher(cb);
}

const char *
codebook_engine(const struct codebook *cb)
{
	return cb->pf != NULL ? "hyperscan" : "pcre2";
}

const char *
codebook_hyperscan_version(void)
{
	return prefilter_version();
}

struct cb_matcher *
codebook_matcher(const struct codebook *cb)
{
	struct cb_matcher *m = xcalloc(1, sizeof(*m));
	size_t stack;

	m->cb = cb;
	m->hint_cls = -1;
	m->tclass = -1;
	if ((m->mctx = pcre2_match_context_create(NULL)) == NULL)
		nomem();
	pcre2_set_match_limit(m->mctx, cb->lim.match);
	pcre2_set_depth_limit(m->mctx, cb->lim.depth);
	pcre2_set_heap_limit(m->mctx, cb->lim.heap_kib);
	/*
	 * JIT ignores the depth and heap limits: its memory is its stack,
	 * so the heap limit sizes the one JIT stack instead.
	 */
	if (cb->jit) {
		stack = (size_t)cb->lim.heap_kib * 1024;
		m->jstack = pcre2_jit_stack_create(stack < 32768 ? stack : 32768,
		    stack, NULL);
		if (m->jstack == NULL)
			nomem();
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	}
	/* One pair: only the whole match is wanted. */
	if ((m->md = pcre2_match_data_create(1, NULL)) == NULL)
		nomem();
	if (cb->pf != NULL) {
		m->scratch = prefilter_scratch(cb->pf);
		m->nwre = (cb->nregex + 63) / 64 + 1;
		m->nwcode = (cb->ncode + 63) / 64 + 1;
		m->re_bits = xcalloc(m->nwre, sizeof(uint64_t));
		m->code_bits = xcalloc(m->nwcode, sizeof(uint64_t));
	}
	if (cb->rules != NULL)
		m->rs = rules_state(cb);
	return m;
}

void
codebook_matcher_free(struct cb_matcher *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jstack);
	prefilter_scratch_free(m->scratch);
	free(m->re_bits);
	free(m->code_bits);
	free(m->off);
	free(m->tcls);
	rules_state_free(m->rs);
	free(m);
}

/* How regex p cannot match on this text: the scan found no end of it. */
enum { NO_MATCH = PF_NKIND };

/*
 * How regex p is matched on the current text: PF_UTF (searched whole
 * with UTF: no prefilter, a scan that cannot be trusted for p, or no byte
 * variant), PF_ALWAYS (whole, without UTF), PF_WINDOW (just before the
 * ends the scan found; with UTF on text of class TEXT_OTHER), a word
 * shape (counted from the ends), or NO_MATCH.
 */
static int
how(const struct cb_matcher *m, const struct cb_pattern *p)
{
	size_t n;
	int kind;

	if (m->re_bits == NULL)
		return PF_UTF;
	if (m->cls == TEXT_OTHER) {
		if (m->re_bits[p->id / 64] & ((uint64_t)1 << (p->id % 64)))
			return PF_UTF;
		kind = PF_WINDOW;
	} else {
		kind = prefilter_kind(m->cb->pf, p->id, m->cls);
		if (kind == PF_UTF || (p->bre == NULL && kind != PF_WHOLE &&
		    kind != PF_PREFIX))
			return PF_UTF;
		if (kind == PF_ALWAYS)
			return kind;
	}
	if (prefilter_ends(m->scratch, p->id, &n), n == 0)
		return NO_MATCH;
	return kind == PF_CAND ? PF_ALWAYS : kind;
}

/*
 * One attempt with the byte variant (bytes) or the UTF one with an offset
 * limit, from at, for a match that begins no later than lim (PCRE2_UNSET:
 * anywhere).
 */
static int
find_limited(struct cb_matcher *m, const struct cb_pattern *p, int bytes,
    const char *text, size_t len, size_t at, size_t lim)
{
	return bytes ? search(m, p->bre, codebook_jit(p, 1), 0, text, len, at,
	    lim) : search(m, p->re, codebook_jit(p, 0), 1, text, len, at, lim);
}

#define find_bytes(m, p, text, len, at, lim) \
	find_limited(m, p, 1, text, len, at, lim)

/*
 * Count the non-overlapping matches of one regex over the whole text,
 * left to right, with UTF or (bytes) without; the first is the leftmost.
 * Each goes to m->sink if set. The count ends after the first match that
 * begins at or after upto (0: the first will do; SIZE_MAX: none ends it).
 * Returns 0 or a PCRE2 error code.
 */
static int
count_all(struct cb_matcher *m, const struct cb_pattern *p, int bytes,
    const char *text, size_t len, size_t upto, long *hits, size_t *first,
    size_t *flen)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	size_t at = 0;
	int rc;

	*hits = 0;
	while (at <= len) {
		rc = bytes ? find_bytes(m, p, text, len, at, PCRE2_UNSET) :
		    find(m, p, text, len, at);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0)             /* rc 0 (ovector too small) is a match */
			return rc;
		if ((*hits)++ == 0) {
			*first = ov[0];
			*flen = ov[1] - ov[0];
		}
		if (m->sink != NULL)            /* rules.c wants them all */
			spans_put(m->sink, ov[0], ov[1]);
		if (ov[0] >= upto)
			break;
		if (ov[1] > at)
			at = ov[1];
		else {                  /* empty match: cannot be, but never loop */
			at++;
			while (at < len && (text[at] & 0xc0) == 0x80)
				at++;
		}
	}
	return 0;
}

/* Every match of p, up to upto: see rules.h. */
int
spans_find(struct cb_matcher *m, const struct cb_pattern *p, int bytes,
    const char *text, size_t len, size_t upto, struct spans *out)
{
	size_t first, flen;
	long hits;
	int rc;

	out->n = 0;
	m->spent = 0;
	m->sink = out;
	rc = count_all(m, p, bytes, text, len, upto, &hits, &first, &flen);
	m->sink = NULL;
	return rc;
}

/*
 * The same count from the ends the byte scan found (PF_WINDOW). A match
 * that begins at or after at ends at or after the first end t beyond at,
 * and begins no earlier than t - w (w: the longest match), so a search
 * from there that may begin no later than t - 1 finds it; if none begins
 * by then, none begins before t. stop: the first match will do.
 */
static int
count_window(struct cb_matcher *m, const struct cb_pattern *p, int bytes,
    const char *text, size_t len, int stop, long *hits, size_t *first,
    size_t *flen)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	unsigned w = prefilter_width(m->cb->pf, p->id, bytes);
	size_t n, at = 0, t, o;
	const uint32_t *end = prefilter_ends(m->scratch, p->id, &n);
	int rc;

	*hits = 0;
	for (size_t k = 0; k < n; k++) {
		if ((t = end[k]) <= at)
			continue;
		o = w != UINT_MAX && t - at > w ? t - w : at;
		/* With UTF, a search starts on a character: at is one. */
		while (!bytes && o > at && (text[o] & 0xc0) == 0x80)
			o--;
		rc = find_limited(m, p, bytes, text, len, o, t - 1);
		if (rc == PCRE2_ERROR_NOMATCH) {
			at = t;
			continue;
		}
		if (rc < 0)
			return rc;
		if ((*hits)++ == 0) {
			*first = ov[0];
			*flen = ov[1] - ov[0];
		}
		if (m->sink != NULL)            /* rules.c wants them all */
			spans_put(m->sink, ov[0], ov[1]);
		at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		if (stop)
			break;
	}
	return 0;
}

/*
 * A regex of a word shape (shape.h): its matches are the words that hold
 * an end the scan found, one each; the first is the first such word. A
 * whole-word regex was scanned for without its last \b: of its ends, only
 * those that end a word count.
 */
static void
count_words(const struct cb_matcher *m, const struct cb_pattern *p,
    int kind, const char *text, size_t len, int stop, long *hits,
    size_t *ws, size_t *we)
{
	size_t n, wend = 0, s, e;
	const uint32_t *end = prefilter_ends(m->scratch, p->id, &n);

	*hits = 0;
	for (size_t k = 0; k < n; k++) {
		if ((*hits > 0 && end[k] <= wend) || (kind == PF_WHOLE &&
		    end[k] < len && shape_word((unsigned char)text[end[k]])))
			continue;
		for (e = end[k]; e < len && shape_word((unsigned char)text[e]); )
			e++;
		if (m->sink != NULL || *hits == 0) {    /* where the word starts */
			for (s = end[k]; s > 0 &&
			    shape_word((unsigned char)text[s - 1]); )
				s--;
			if (m->sink != NULL)    /* rules.c: the word is the match */
				spans_put(m->sink, s, e);
			if (*hits == 0) {
				*ws = s;
				*we = e;
			}
		}
		(*hits)++;
		wend = e;
		if (stop)
			break;
	}
}

/*
 * Count the non-overlapping matches of one regex, left to right; the
 * first is the leftmost. stop: the first match will do. Returns 0 or a
 * PCRE2 error code.
 */
static int
count(struct cb_matcher *m, const struct cb_pattern *p, const char *text,
    size_t len, int stop, long *hits, size_t *first, size_t *flen)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	size_t ws = 0, we = 0;
	int rc, kind = how(m, p);

	*hits = 0;
	m->spent = 0;
	switch (kind) {
	case NO_MATCH:
		return 0;
	case PF_UTF:
	case PF_ALWAYS:
		return count_all(m, p, kind == PF_ALWAYS, text, len,
		    stop ? 0 : SIZE_MAX, hits, first, flen);
	case PF_WINDOW:
		return count_window(m, p, m->cls != TEXT_OTHER, text, len, stop,
		    hits, first, flen);
	case PF_START:                  /* where each ends is PCRE2's to say */
		if (m->sink != NULL)
			return count_all(m, p, 1, text, len, stop ? 0 :
			    SIZE_MAX, hits, first, flen);
	}
	count_words(m, p, kind, text, len, stop, hits, &ws, &we);
	*first = ws;
	*flen = we - ws;
	if (*hits == 0 || kind != PF_START)
		return 0;
	/* Where the first ends is PCRE2's to say: a search that must begin at ws. */
	if ((rc = find_bytes(m, p, text, len, ws, ws)) < 0)
		return rc == PCRE2_ERROR_NOMATCH ? count_all(m, p, 1, text, len,
		    stop ? 0 : SIZE_MAX, hits, first, flen) : rc;
	*flen = ov[1] - ov[0];
	return 0;
}

/* Whether regex p of an exclude matches: 1, 0, or a PCRE2 error code. */
int
codebook_exclude_matches(struct cb_matcher *m, const struct cb_pattern *p,
    const char *text, size_t len)
{
	size_t first, flen;
	long hits;
	int rc = count(m, p, text, len, 1, &hits, &first, &flen);

	return rc < 0 ? rc : hits > 0;
}

/* Whether an exclude of c matches: 1, 0, or a PCRE2 error code (< 0). */
static int
excluded(struct cb_matcher *m, const struct cb_code *c, const char *text,
    size_t len, const struct cb_pattern **errpat)
{
	int rc;

	for (size_t k = 0; k < c->nexcl; k++) {
		if ((rc = codebook_exclude_matches(m, &c->excl[k], text,
		    len)) == 0)
			continue;
		if (rc < 0)
			*errpat = &c->excl[k];
		return rc;
	}
	return 0;
}

/* Match one code: r->hits > 0 if carried, r->error if undecided. */
static void
match_code(struct cb_matcher *m, const struct cb_code *c, const char *text,
    size_t len, struct cb_result *r)
{
	size_t first = 0, flen = 0;
	long hits;
	int rc;

	memset(r, 0, sizeof(*r));
	r->code = c;
	for (size_t k = 0; k < c->npat; k++) {
		if ((rc = count(m, &c->pat[k], text, len, 0, &hits, &first,
		    &flen)) != 0) {
			r->error = rc;
			r->errpat = &c->pat[k];
			return;
		}
		if (hits > 0 && (r->hits == 0 || first < r->mstart)) {
			r->mstart = first;
			r->mlen = flen;
		}
		r->hits += hits;
	}
	if (r->hits > 0 && c->nexcl > 0 &&
	    (rc = excluded(m, c, text, len, &r->errpat)) != 0) {
		if (rc < 0) {
			r->error = rc;
			r->errexcl = 1;
		}
		r->hits = 0;
	}
}

/* Match code i and report it; 1 if carried. */
static size_t
try_code(struct cb_matcher *m, size_t i, const char *text, size_t len,
    cb_match_fn *fn, void *arg)
{
	struct cb_result r;

	if (m->rs != NULL && m->cb->code[i].rule != NULL) {
		rules_candidate(m->rs, m, i, text, len);        /* rules.c */
		return 0;
	}
	match_code(m, &m->cb->code[i], text, len, &r);
	if (r.error == 0 && r.hits == 0)
		return 0;
	if (r.error != 0)
		r.hits = 0;
	fn(&r, arg);
	return r.error == 0;
}

/*
 * With a prefilter: scan once (ASCII and neutral text byte by byte, other
 * text with UTF-8), then try only the codes it names, in codebook order
 * (the order of their bits), and clear the bitmaps.
 */
static size_t
match_prefiltered(struct cb_matcher *m, const char *text, size_t len,
    cb_match_fn *fn, void *arg)
{
	size_t n = 0;

	if (m->pre) {                   /* run_batch scanned it */
		m->pre = 0;
		m->cls = m->tclass = m->pre_cls;
		prefilter_take(m->cb->pf, m->scratch, m->pre_off, len, m->cls,
		    m->code_bits);
	} else if ((m->cls = m->tclass = m->hint_cls >= 0 ? m->hint_cls :
	    text_class(text, len)) == TEXT_OTHER ||
	    prefilter_scan_bytes(m->cb->pf, m->scratch,
	    text, len, m->cls, m->code_bits) != 0) {
		m->cls = TEXT_OTHER;
		prefilter_scan(m->cb->pf, m->scratch, text, len, m->re_bits,
		    m->code_bits);
	}
	/* The rules' regexes name the bit past the last code: none. */
	m->code_bits[m->cb->ncode / 64] &= ~((uint64_t)1 << m->cb->ncode % 64);
	for (size_t w = 0; w < m->nwcode; w++) {
		uint64_t bits = m->code_bits[w];

		while (bits != 0) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

			bits &= bits - 1;
			n += try_code(m, i, text, len, fn, arg);
		}
		m->code_bits[w] = 0;
	}
	memset(m->re_bits, 0, m->nwre * sizeof(uint64_t));
	return n;
}

size_t
codebook_match_plain(struct cb_matcher *m, const char *text, size_t len,
    cb_match_fn *fn, void *arg)
{
	size_t n = 0;

	if (m->cb->pf != NULL)
		return match_prefiltered(m, text, len, fn, arg);
	m->tclass = m->hint_cls;
	for (size_t i = 0; i < m->cb->ncode; i++)
		if (m->cb->code[i].npat > 0)
			n += try_code(m, i, text, len, fn, arg);
	return n;
}

size_t
codebook_match_with(struct cb_matcher *m, const char *text, size_t len,
    cb_match_fn *fn, void *arg)
{
	if (m->rs != NULL)                      /* rules.c */
		return rules_match(m->rs, m, text, len, fn, arg);
	return codebook_match_plain(m, text, len, fn, arg);
}

/* The byte variant of a rule's regex: see rules.h. */
pcre2_code *
codebook_compile_bytes(const char *src, int jit, atomic_int *jitted)
{
	PCRE2_SIZE off;
	pcre2_code *re;
	int ec;

	*jitted = 0;
	if (!shape_ascii(src))
		return NULL;
	re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    CB_BYTE_OPTIONS, &ec, &off, NULL);
	if (re != NULL && jit)
		*jitted = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
	return re;
}

/* Whether p's matches come from the scan: see rules.h. */
int
codebook_scanned(const struct cb_matcher *m, const struct cb_pattern *p)
{
	int kind = how(m, p);

	return kind == NO_MATCH || kind == PF_WINDOW || kind == PF_WHOLE ||
	    kind == PF_PREFIX;
}

/* Every match of pattern p of a code being tried: see rules.h. */
int
codebook_spans(struct cb_matcher *m, const struct cb_pattern *p,
    const char *text, size_t len, struct spans *out)
{
	size_t first, flen;
	long hits;
	int rc;

	m->sink = out;
	rc = count(m, p, text, len, 0, &hits, &first, &flen);
	m->sink = NULL;
	return rc;
}

/* The class of the text being matched: see rules.h. */
int
codebook_class(struct cb_matcher *m, const char *text, size_t len)
{
	if (m->tclass < 0)
		m->tclass = text_class(text, len);
	return m->tclass;
}

/* rules.c's search: see rules.h. */
int
codebook_search(struct cb_matcher *m, const pcre2_code *re, int jit,
    int bytes, const char *text, size_t len, size_t at, int fresh,
    size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	int rc;

	if (fresh)
		m->spent = 0;
	if ((rc = search(m, re, jit, !bytes, text, len, at, PCRE2_UNSET)) >= 0) {
		*ms = ov[0];
		*me = ov[1];
	}
	return rc;
}

void
codebook_matcher_speaker(struct cb_matcher *m, const char *s, size_t n)
{
	if (m->rs != NULL)
		rules_speaker(m->rs, s, n);
}

int
codebook_match_kept(struct cb_matcher *m, const struct cb_pattern *p,
    const char *text, size_t len, size_t ms, size_t me)
{
	if (m->rs == NULL || p->rule == NULL)
		return 1;
	m->tclass = -1;                 /* a text of its own */
	return rules_kept(m->rs, m, p, text, len, ms, me);     /* rules.c */
}

void
codebook_batch_speaker(struct cb_batch *b, const char *s, size_t n)
{
	if (b->capspeaker < b->cap) {
		b->capspeaker = b->cap;
		b->speaker = xrealloc(b->speaker, b->cap * sizeof(*b->speaker));
		b->speakerlen = xrealloc(b->speakerlen, b->cap *
		    sizeof(*b->speakerlen));
	}
	b->speaker[b->n - 1] = s;
	b->speakerlen[b->n - 1] = n;
}

size_t
codebook_match(struct codebook *cb, const char *text, size_t len,
    cb_match_fn *fn, void *arg)
{
	return codebook_match_with(cb->m, text, len, fn, arg);
}

/*
 * The pool: worker threads take submitted batches in order from one queue,
 * each matching with its own state; the caller waits for each batch.
 */
struct cb_pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct cb_batch *head, *tail;   /* submitted, not yet taken */
	int stop;
	int nthr;
	pthread_t *thr;
	struct cb_matcher **m;
};

struct worker {
	struct cb_pool *p;
	struct cb_matcher *m;
};

/* Room for one more text, and first[n + 1]. */
static void
batch_room(struct cb_batch *b)
{
	if (b->n + 1 >= b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->text = xrealloc(b->text, b->cap * sizeof(*b->text));
		b->len = xrealloc(b->len, b->cap * sizeof(*b->len));
		b->ascii = xrealloc(b->ascii, b->cap);
		b->first = xrealloc(b->first, b->cap * sizeof(*b->first));
	}
}

void
codebook_batch_add(struct cb_batch *b, const char *text, size_t len,
    int ascii)
{
	batch_room(b);
	b->text[b->n] = text;
	b->ascii[b->n] = (unsigned char)ascii;
	b->len[b->n++] = len;
}

static void
collect(const struct cb_result *r, void *arg)
{
	struct cb_batch *b = arg;

	if (b->nres == b->capres) {
		b->capres = b->capres ? 2 * b->capres : 1024;
		b->res = xrealloc(b->res, b->capres * sizeof(*b->res));
	}
	b->res[b->nres++] = *r;
}

/* The class of text i of a batch: known printable ASCII, or looked at. */
static int
batch_class(const struct cb_batch *b, size_t i)
{
	return b->ascii[i] ? TEXT_ASCII : text_class(b->text[i], b->len[i]);
}

/*
 * Scan the batch's texts at once where they lie joined (b->joined), by
 * newlines (prefilter_scan_batch): one call instead of one a text. What
 * it reports in a text that is neither ASCII nor neutral is passed over
 * (prefilter_take): such a text is scanned again alone. 1 if done.
 */
static int
scan_batch(struct cb_matcher *m, const struct cb_batch *b)
{
	if (b->joined == NULL || m->cb->pf == NULL ||
	    !prefilter_batches(m->cb->pf))
		return 0;
	if (b->n > m->capoff) {
		m->capoff = b->cap;
		m->off = xrealloc(m->off, m->capoff * sizeof(*m->off));
		m->tcls = xrealloc(m->tcls, m->capoff * sizeof(*m->tcls));
	}
	for (size_t i = 0; i < b->n; i++) {
		m->tcls[i] = batch_class(b, i);
		m->off[i] = (size_t)(b->text[i] - b->joined);
	}
	return prefilter_scan_batch(m->cb->pf, m->scratch, b->joined,
	    b->joinedlen) == 0;
}

static void
run_batch(struct cb_matcher *m, struct cb_batch *b)
{
	int scanned;

	if (b->prep != NULL)
		b->prep(b, b->arg);
	batch_room(b);                  /* first[n], if no text */
	scanned = scan_batch(m, b);
	b->nres = 0;
	for (size_t i = 0; i < b->n; i++) {
		b->first[i] = b->nres;
		if (b->speaker != NULL)         /* rules.c */
			codebook_matcher_speaker(m, b->speaker[i], b->speakerlen[i]);
		/* Known: the batch scan's class, or the reader's "ASCII". */
		m->hint_cls = scanned ? m->tcls[i] : b->ascii[i] ? TEXT_ASCII : -1;
		if (scanned && m->tcls[i] != TEXT_OTHER) {
			m->pre = 1;
			m->pre_cls = m->tcls[i];
			m->pre_off = m->off[i];
		}
		codebook_match_with(m, b->text[i], b->len[i], collect, b);
		m->pre = 0;
		m->hint_cls = -1;
	}
	b->first[b->n] = b->nres;
	if (b->then != NULL)
		b->then(b, b->arg);
}

void
codebook_batch_run(struct codebook *cb, struct cb_batch *b)
{
	run_batch(cb->m, b);
}

static void *
worker(void *arg)
{
	struct worker *w = arg;
	struct cb_pool *p = w->p;
	struct cb_batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->head == NULL && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		if ((b = p->head) == NULL)
			break;
		if ((p->head = b->next) == NULL)
			p->tail = NULL;
		pthread_mutex_unlock(&p->mu);
		run_batch(w->m, b);
		pthread_mutex_lock(&p->mu);
		b->done = 1;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	free(w);
	return NULL;
}

struct cb_pool *
codebook_pool(const struct codebook *cb, int nthreads)
{
	struct cb_pool *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->nthr = nthreads;
	p->thr = xcalloc((size_t)nthreads, sizeof(*p->thr));
	p->m = xcalloc((size_t)nthreads, sizeof(*p->m));
	for (int i = 0; i < nthreads; i++) {
		struct worker *w = xmalloc(sizeof(*w));

		w->p = p;
		w->m = p->m[i] = codebook_matcher(cb);
		if (pthread_create(&p->thr[i], NULL, worker, w) != 0)
			tx_die(EXIT_DATA, NULL, 0, "cannot start a thread");
	}
	return p;
}

void
codebook_pool_submit(struct cb_pool *p, struct cb_batch *b)
{
	pthread_mutex_lock(&p->mu);
	b->done = 0;
	b->next = NULL;
	if (p->tail != NULL)
		p->tail->next = b;
	else
		p->head = b;
	p->tail = b;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

void
codebook_pool_wait(struct cb_pool *p, struct cb_batch *b)
{
	pthread_mutex_lock(&p->mu);
	while (!b->done)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void
codebook_pool_free(struct cb_pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nthr; i++) {
		pthread_join(p->thr[i], NULL);
		codebook_matcher_free(p->m[i]);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p->thr);
	free(p->m);
	free(p);
}

void
codebook_batch_free(struct cb_batch *b)
{
	free(b->text);
	free(b->len);
	free(b->ascii);
	free(b->first);
	free(b->res);
	free(b->speaker);
	free(b->speakerlen);
	memset(b, 0, sizeof(*b));
}

const char *
codebook_strerror(int error)
{
	static PCRE2_UCHAR msg[256];

	if (error == CB_ERROR_TOTAL)
		return "total match limit exceeded (10 times --match-limit "
		    "over the segment)";
	if (pcre2_get_error_message(error, msg, sizeof(msg)) < 0)
		return "unknown PCRE2 error";
	return (const char *)msg;
}

static void
free_list(struct cb_pattern *list, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(list[k].src);
		pcre2_code_free(list[k].re);
		pcre2_code_free(list[k].bre);
	}
	free(list);
}

void
codebook_free(struct codebook *cb)
{
	rules_free(cb);                         /* rules.c: before the codes */
	for (size_t i = 0; i < cb->ncode; i++) {
		free(cb->code[i].path);
		free(cb->code[i].desc);
		free_list(cb->code[i].pat, cb->code[i].npat);
		free_list(cb->code[i].excl, cb->code[i].nexcl);
	}
	free(cb->code);
	free(cb->re);
	codebook_matcher_free(cb->m);
	prefilter_free(cb->pf);
	memset(cb, 0, sizeof(*cb));
}
