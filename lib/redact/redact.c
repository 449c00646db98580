/*
 * Redacting: every match of the patterns becomes its placeholder, every
 * other byte is copied.  Reversing: every placeholder of the key becomes
 * its original again.
 */
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "redact/redact.h"

#define NONE            SIZE_MAX

/* A compiled pattern, added to those that redact. */
void
redact_add_matcher(struct run *r, enum kind kind, const char *category,
    const char *pattern, uint32_t flags)
{
	struct matcher *m;
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];

	r->m = xrealloc(r->m, (r->nm + 1) * sizeof(*r->m));
	m = &r->m[r->nm++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->category = category;
	m->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | flags, &err, &off, NULL);
	if (m->re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		tx_die(EXIT_USAGE, NULL, 0, "%s pattern: %s at offset %zu",
		    kind == K_NAME ? "names" : category, (char *)msg, (size_t)off);
	}
	pcre2_jit_compile(m->re, PCRE2_JIT_COMPLETE);
	m->md = pcre2_match_data_create_from_pattern(m->re, NULL);
}

/* The names list, the patterns in use and the key, before any input. */
void
redact_prepare(struct run *r)
{
	for (size_t i = 0; i < r->nnames; i++)
		redact_names_load(r, r->names[i]);
	if (r->mode == REDACT)
		for (size_t i = 0; i < NBUILTIN; i++)
			if (r->use[i])
				redact_add_matcher(r, redact_builtin[i].kind,
				    redact_builtin[i].category,
				    redact_builtin[i].pattern, 0);
	if (r->nentry > 0)
		redact_names_build(r);
	if (r->mode == SUGGEST)
		return;
	redact_key_load(r);
	if (r->mode == REVERSE && !r->key.exists)
		tx_die(EXIT_USAGE, r->key.path, 0, "no such key");
}

/* The next valid match of m at or after off. */
static void
matcher_next(struct matcher *m, const char *name, const char *s, size_t n,
    size_t off)
{
	PCRE2_SIZE *ov;
	int rc;

	for (;;) {
		rc = pcre2_match(m->re, (PCRE2_SPTR)s, n, off, PCRE2_NO_UTF_CHECK,
		    m->md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH) {
			m->start = NONE;
			return;
		}
		if (rc < 0) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(rc, msg, sizeof(msg));
			tx_die(EXIT_DATA, name, line_of(s, off), "%s",
			    (char *)msg);
		}
		ov = pcre2_get_ovector_pointer(m->md);
		if (redact_valid(m->kind, s + ov[0], ov[1] - ov[0])) {
			m->start = ov[0];
			m->end = ov[1];
			if (m->kind == K_NAME)
				m->entry = strtol((const char *)
				    pcre2_get_mark(m->md), NULL, 10);
			return;
		}
		off = ov[0] + 1;
		while (off < n && (s[off] & 0xc0) == 0x80)
			off++;
	}
}

static void
redact(struct run *r, const char *name, const char *s, size_t n,
    struct buf *out)
{
	size_t pos = 0;
	struct matcher *best;

	for (size_t i = 0; i < r->nm; i++)
		matcher_next(&r->m[i], name, s, n, 0);
	for (;;) {
		best = NULL;
		for (size_t i = 0; i < r->nm; i++) {
			struct matcher *m = &r->m[i];

			if (m->start != NONE && m->start < pos)
				matcher_next(m, name, s, n, pos);
			if (m->start == NONE)
				continue;
			/* Leftmost, then longest, then the first listed. */
			if (best == NULL || m->start < best->start ||
			    (m->start == best->start && m->end > best->end))
				best = m;
		}
		if (best == NULL)
			break;
		buf_add(out, s + pos, best->start - pos);
		buf_str(out, redact_placeholder(r, best, s + best->start,
		    best->end - best->start));
		pos = best->end;
	}
	buf_add(out, s + pos, n - pos);
}

/* Length of the "[...]" at s[i] that could be a placeholder, or 0. */
size_t
redact_bracket_at(const char *s, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n && j - i < MAX_PLACEHOLDER; j++) {
		if (s[j] == ']')
			return j - i + 1;
		if (s[j] == '[' || s[j] == '\n' || s[j] == '\r')
			return 0;
	}
	return 0;
}

static int
is_label(const struct run *r, const char *s)
{
	return strmap_get(&r->key.by_label, s, strlen(s)) >= 0 ||
	    strmap_get(&r->replabel, s, strlen(s)) >= 0;
}

/*
 * Could the "[...]" in scratch be one of our placeholders: [CAPITALS-N],
 * or a label of the key or a replacement of the list, with or without a
 * ".N"?  It cuts the text in scratch short.
 */
static int
reserved(struct run *r, size_t len)
{
	char *inner = r->scratch.s + 1;
	size_t n = len - 2, base = redact_strip_variant(inner, n);

	if (redact_is_auto_label(inner, n))
		return 1;
	inner[n] = '\0';
	if (is_label(r, inner))
		return 1;
	inner[base] = '\0';
	return is_label(r, inner);
}

/*
 * Redacting: a placeholder typed in the transcript would come back as a
 * name.  Reversing: a placeholder the key lacks means the wrong key.
 */
static void
brackets(struct run *r, const char *name, const char *s, size_t n,
    struct buf *out)
{
	const char *p;
	size_t i = 0, copied = 0, len;
	long row;

	while ((p = memchr(s + i, '[', n - i)) != NULL) {
		i = (size_t)(p - s);
		if ((len = redact_bracket_at(s, n, i)) == 0) {
			i++;
			continue;
		}
		r->scratch.n = 0;
		buf_add(&r->scratch, s + i, len);
		if (out && (row = strmap_get(&r->key.by_placeholder,
		    r->scratch.s, r->scratch.n)) >= 0) {
			buf_add(out, s + copied, i - copied);
			buf_str(out, r->key.row[row].original);
			copied = i += len;
			continue;
		}
		if (!reserved(r, len)) {
			if (!out)       /* text: no later run may make it ours */
				redact_key_literal(r, s + i, len);
			i++;
			continue;
		}
		if (out)
			tx_die(EXIT_DATA, name, line_of(s, i), "placeholder "
			    "%.*s is not in the key %s", (int)len, s + i,
			    r->key.path);
		tx_die(EXIT_DATA, name, line_of(s, i), "%.*s is in the "
		    "text and looks like a placeholder, which --reverse would "
		    "replace; change it (say to (%.*s)) and run again",
		    (int)len, s + i, (int)len - 2, s + i + 1);
	}
	if (out)
		buf_add(out, s + copied, n - copied);
}

void
redact_process(struct run *r, const char *name, const struct buf *in,
    struct buf *out)
{
	out->n = 0;
	redact_check_text(name, in->s, in->n);
	if (r->mode == REVERSE)
		redact_check_key_id(r, name);
	if (r->mode == REDACT) {
		brackets(r, name, in->s, in->n, NULL);
		redact(r, name, in->s, in->n, out);
	} else
		brackets(r, name, in->s, in->n, out);
	if (out->s == NULL)
		buf_add(out, "", 0);

}
