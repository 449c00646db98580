/*
 * regex.c: the regexes of tx-segment's options (--label-regex, --speakers,
 * --exclude-speakers, --doc-id), compiled once and matched under limits.
 */
#include <stdlib.h>

#include "tx.h"
#include "segment/internal.h"

/*
 * Every match runs under limits, as tx-code's do: backtracking (match),
 * and the interpreter's depth and heap, so that a catastrophic
 * --label-regex on a long line is an error rather than a hang or memory
 * exhausted.
 */
#define RX_MATCH_LIMIT 10000000u
#define RX_DEPTH_LIMIT 10000000u
#define RX_HEAP_LIMIT  65536u   /* KiB: 64 MiB */

static pcre2_match_context *regex_mctx;

void
seg_regex_compile(struct seg_regex *rx, const char *what, const char *pat,
    uint32_t flags)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;

	rx->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    flags | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (rx->re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		tx_die(EXIT_USAGE, NULL, 0, "%s \"%s\": %s at offset %zu", what,
		    pat, (char *)msg, (size_t)off);
	}
	rx->md = pcre2_match_data_create_from_pattern(rx->re, NULL);
	if (regex_mctx == NULL) {
		regex_mctx = pcre2_match_context_create(NULL);
		if (regex_mctx == NULL || rx->md == NULL)
			tx_die(EXIT_DATA, NULL, 0, "out of memory");
		pcre2_set_match_limit(regex_mctx, RX_MATCH_LIMIT);
		pcre2_set_depth_limit(regex_mctx, RX_DEPTH_LIMIT);
		pcre2_set_heap_limit(regex_mctx, RX_HEAP_LIMIT);
	}
}

/* Match at (anchored) or from the start of s; the number of groups set, or 0. */
int
seg_regex_match(const struct seg_regex *rx, const struct doc *d, const char *s,
    size_t n, uint32_t flags)
{
	int rc = pcre2_match(rx->re, (PCRE2_SPTR)s, n, 0, flags, rx->md,
	    regex_mctx);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		tx_die(EXIT_DATA, d ? d->name : NULL, d ? d->lineno : 0,
		    "regex match failed: %s", (char *)msg);
	}
	return rc == 0 ? 1 : rc;
}

/* Group g of the last match: 1 if it took part. */
int
seg_regex_group(const struct seg_regex *rx, uint32_t g, size_t *a, size_t *b)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rx->md);

	if (g >= pcre2_get_ovector_count(rx->md) || ov[2 * g] == PCRE2_UNSET)
		return 0;
	*a = ov[2 * g];
	*b = ov[2 * g + 1];
	return 1;
}

static uint32_t
named_group(const struct seg_regex *rx, const char *name)
{
	int g = pcre2_substring_number_from_name(rx->re, (PCRE2_SPTR)name);

	return g > 0 ? (uint32_t)g : 0;
}

void
seg_label_regex(struct seg_opts *o, const char *pat)
{
	seg_regex_compile(&o->label, "--label-regex", pat, 0);
	if ((o->label_speaker = named_group(&o->label, "speaker")) == 0)
		tx_die(EXIT_USAGE, NULL, 0, "--label-regex \"%s\": no "
		    "group (?<speaker>...)", pat);
	o->label_time = named_group(&o->label, "time");
}

static void
regex_free(struct seg_regex *rx)
{
	pcre2_match_data_free(rx->md);
	pcre2_code_free(rx->re);
}

void
seg_opts_free(struct seg_opts *o)
{
	regex_free(&o->label);
	regex_free(&o->speakers);
	regex_free(&o->exclude);
	regex_free(&o->docid);
	pcre2_match_context_free(regex_mctx);
	regex_mctx = NULL;
	seg_attrs_free(&o->attrs);
}
