/*
 * kwic.c: every match of the probes in each segment's text, written with
 * its context (context.c) as one row, in input order or sorted (sort.c).
 *
 * A codings stream has a row per segment and code, the rows of a segment
 * together (tx-code writes them so): the rows of one document and segment
 * that follow each other are one segment here, searched once.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "streams.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "kwic/internal.h"

#define NKWIC_COLS (sizeof(KWIC_COLS) / sizeof(*KWIC_COLS))

/*
 * The limits tx-code matches under (codebook.h), so no match runs away,
 * and a JIT stack as large as its heap limit.
 */
static void
make_match_state(struct kwic *k)
{
	k->md = pcre2_match_data_create(1, NULL);
	k->mctx = pcre2_match_context_create(NULL);
	k->jstack = pcre2_jit_stack_create(32 * 1024, CB_HEAP_LIMIT * 1024,
	    NULL);
	if (k->md == NULL || k->mctx == NULL || k->jstack == NULL)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	pcre2_set_match_limit(k->mctx, CB_MATCH_LIMIT);
	pcre2_set_depth_limit(k->mctx, CB_DEPTH_LIMIT);
	pcre2_set_heap_limit(k->mctx, CB_HEAP_LIMIT);
	pcre2_jit_stack_assign(k->mctx, NULL, k->jstack);
}

/*
 * JIT, where it can be had: PCRE2 10.42's interpreter looks for a caseless
 * first letter in both cases with memchr to the end of the text, so that
 * finding every match in a long segment would take time in the square of
 * its length. The same regex interpreted finds the same matches.
 */
static void
jit(pcre2_code *re)
{
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

static void
add_probe(struct kwic *k, const char *src, pcre2_code *re, long code)
{
	k->probe = xrealloc(k->probe, (k->nprobe + 1) * sizeof(*k->probe));
	k->probe[k->nprobe].src = src;
	k->probe[k->nprobe].re = re;
	k->probe[k->nprobe].code = code;
	k->nprobe++;
}

/*
 * Compiled with a codebook's options (lib/codebook/codebook.c), not with
 * tx-segment's seg_regex_compile, whose PCRE2_MATCH_INVALID_UTF has every
 * search check the text from where it starts to its end.
 */
void
kwic_regex(struct kwic *k, const char *src)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	uint32_t empty;
	int err;

	re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C,
	    &err, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		tx_die(EXIT_USAGE, NULL, 0, "-e \"%s\": %s at offset %zu", src,
		    (char *)msg, (size_t)off);
	}
	if (pcre2_pattern_info(re, PCRE2_INFO_MATCHEMPTY, &empty) == 0 &&
	    empty)
		tx_die(EXIT_USAGE, NULL, 0, "-e \"%s\": can match the empty "
		    "string", src);
	jit(re);
	add_probe(k, src, re, -1);
}

/* Whether code path c is p or lies below it. */
static int
under(const char *c, size_t clen, const char *p)
{
	size_t n = strlen(p);

	return clen >= n && memcmp(c, p, n) == 0 && (clen == n || c[n] == '/');
}

void
kwic_code(struct kwic *k, struct codebook *cb, const char *path)
{
	size_t found = 0;

	k->cb = cb;
	k->code = path;
	for (size_t i = 0; i < cb->ncode; i++) {
		const struct cb_code *c = &cb->code[i];

		if (!under(c->path, strlen(c->path), path))
			continue;
		found++;
		for (size_t j = 0; j < c->npat; j++) {
			jit(c->pat[j].re);
			add_probe(k, c->pat[j].src, c->pat[j].re, (long)i);
		}
		for (size_t j = 0; j < c->nexcl; j++)
			jit(c->excl[j].re);
	}
	if (found == 0)
		tx_die(EXIT_USAGE, cb->name, 0, "no code \"%s\" (tx-code -l %s "
		    "lists the codes)", path, cb->name);
	if (k->nprobe == 0)
		tx_die(EXIT_USAGE, cb->name, 0, "code \"%s\" has no pattern, "
		    "nor has any code below it", path);
}

/* The columns of the input that the output passes on. */
static int
passed(const struct tsv *t, size_t i, int codings)
{
	const char *c = t->col[i];

	if (strcmp(c, "text") == 0 || (codings && (strcmp(c, "hits") == 0 ||
	    strcmp(c, "coder") == 0)))
		return 0;
	for (size_t j = 0; j < NKWIC_COLS; j++)
		if (strcmp(c, KWIC_COLS[j]) == 0)
			return 0;
	return 1;
}

static void
write_header(const struct kwic *k, const struct tsv *t, int codings)
{
	for (size_t i = 0; i < t->ncol; i++)
		if (passed(t, i, codings)) {
			tsv_write_str(t->col[i]);
			tsv_sep();
		}
	for (size_t j = 0; j < NKWIC_COLS; j++) {
		const char *c = KWIC_COLS[j];

		if ((strcmp(c, "coded_by") == 0 && !(codings && k->cb)) ||
		    ((strcmp(c, "code") == 0 || strcmp(c, "vetoed_by") == 0) &&
		    k->cb == NULL))
			continue;
		tsv_write_str(c);
		out_char(j + 1 < NKWIC_COLS ? '\t' : '\n');
	}
}

/* A byte offset field: digits, or empty (-1); else a data error. */
static long
offset_field(struct tsv *t, int ci)
{
	long v = 0;

	if (ci < 0 || t->flen[ci] == 0)
		return -1;
	for (size_t i = 0; i < t->flen[ci]; i++) {
		char ch = t->field[ci][i];

		if (ch < '0' || ch > '9' || v > (1L << 52))
			tsv_die(t, "%s \"%s\" is not a byte offset",
			    t->col[ci], t->field[ci]);
		v = v * 10 + (ch - '0');
	}
	return v;
}

/*
 * How the text maps to the source bytes [start,end): byte for byte when
 * the lengths agree; as a CRLF file's, each LF after a CR tx-segment
 * dropped, when they differ by the LFs; else not known (cue formats build
 * their text, --lossy widens bad bytes), and offsets are left empty.
 */
static void
map_source(struct kwic_seg *s)
{
	size_t nl = 0;

	s->map = MAP_NONE;
	if (s->start < 0 || s->end < s->start)
		return;
	for (const char *p = s->text.s; (p = memchr(p, '\n',
	    s->text.n - (size_t)(p - s->text.s))) != NULL; p++)
		nl++;
	if ((size_t)(s->end - s->start) == s->text.n)
		s->map = MAP_SAME;
	else if ((size_t)(s->end - s->start) == s->text.n + nl)
		s->map = MAP_CRLF;
}

/* The segment of the current row: passed columns, text, offsets. */
static void
load_seg(struct kwic_seg *s, struct tsv *t, const struct kwic_cols *kc,
    int codings)
{
	s->pass.n = s->text.n = s->coders.n = s->key.n = 0;
	for (size_t i = 0; i < t->ncol; i++)
		if (passed(t, i, codings)) {
			buf_add(&s->pass, t->raw + t->rawstart[i],
			    t->rawstart[i + 1] - t->rawstart[i] - 1);
			buf_char(&s->pass, '\t');
		}
	buf_add(&s->text, t->field[kc->text], t->flen[kc->text]);
	s->start = offset_field(t, kc->start);
	s->end = offset_field(t, kc->end);
	map_source(s);
	s->name = t->name;
	s->line = t->lineno;
	if (kc->doc >= 0 && kc->seg >= 0) {
		buf_add(&s->key, t->field[kc->doc], t->flen[kc->doc]);
		buf_char(&s->key, '\t');
		buf_add(&s->key, t->field[kc->seg], t->flen[kc->seg]);
	}
	s->have = 1;
}

/* A codings row of the segment: its coder, if the row carries the code. */
static void
note_coder(struct kwic_seg *s, const struct kwic *k, const struct tsv *t,
    const struct kwic_cols *kc)
{
	const char *who = t->field[kc->coder];
	size_t n = t->flen[kc->coder];
	const char *p = s->coders.s;

	if (!under(t->field[kc->code], t->flen[kc->code], k->code))
		return;
	for (size_t i = 0; p != NULL && i <= s->coders.n; i++)
		if (i == s->coders.n || s->coders.s[i] == ',') {
			if ((size_t)(s->coders.s + i - p) == n &&
			    memcmp(p, who, n) == 0)
				return;
			p = s->coders.s + i + 1;
		}
	if (s->coders.n > 0)
		buf_char(&s->coders, ',');
	buf_add(&s->coders, who, n);
}

/* Whether row t continues the pending segment (same doc and seg). */
static int
same_seg(const struct kwic_seg *s, const struct tsv *t,
    const struct kwic_cols *kc)
{
	return s->have && kc->doc >= 0 && kc->seg >= 0 &&
	    s->key.n == t->flen[kc->doc] + 1 + t->flen[kc->seg] &&
	    memcmp(s->key.s, t->field[kc->doc], t->flen[kc->doc]) == 0 &&
	    memcmp(s->key.s + t->flen[kc->doc] + 1, t->field[kc->seg],
	    t->flen[kc->seg]) == 0;
}

int
kwic_run(struct kwic *k, int nfiles, char **files)
{
	struct tsv *t = tsv_open(nfiles, files);
	struct kwic_seg seg = { 0 };
	struct kwic_cols kc;
	struct kwic_out ko = { 0 };
	int codings, status;

	make_match_state(k);
	tsv_keep_raw(t);
	if (!tsv_header(t))
		return tsv_close(t);
	kc.text = tsv_need(t, "text", "tx-kwic reads segments or codings "
	    "with their text");
	kc.start = tsv_col(t, "start");
	kc.end = tsv_col(t, "end");
	kc.doc = tsv_col(t, "doc");
	kc.seg = tsv_col(t, "seg");
	kc.code = tsv_col(t, "code");
	kc.coder = tsv_col(t, "coder");
	codings = kc.code >= 0;
	ko.coded_by = codings && k->cb != NULL;
	if (ko.coded_by)
		kc.coder = tsv_need(t, "coder", "a codings stream names its "
		    "coder");
	write_header(k, t, codings);
	kwic_out_start(&ko, k);
	while (tsv_next(t)) {
		if (codings && same_seg(&seg, t, &kc)) {
			if (ko.coded_by)
				note_coder(&seg, k, t, &kc);
			continue;
		}
		if (seg.have)
			kwic_search(k, &seg, &ko);
		load_seg(&seg, t, &kc, codings);
		if (ko.coded_by)
			note_coder(&seg, k, t, &kc);
		if (!codings)
			kwic_search(k, &seg, &ko);
		seg.have = codings;
	}
	if (seg.have)
		kwic_search(k, &seg, &ko);
	status = tsv_close(t);
	kwic_out_end(&ko);
	buf_free(&seg.pass);
	buf_free(&seg.text);
	buf_free(&seg.coders);
	buf_free(&seg.key);
	return status | ko.status;
}

void
kwic_free(struct kwic *k)
{
	for (size_t i = 0; i < k->nprobe; i++)
		if (k->probe[i].code < 0)
			pcre2_code_free(k->probe[i].re);
	free(k->probe);
	pcre2_match_data_free(k->md);
	pcre2_match_context_free(k->mctx);
	pcre2_jit_stack_free(k->jstack);
}
