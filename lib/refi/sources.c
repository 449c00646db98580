/*
 * sources.c: a .qdc or .qdpx read whole (refi_read): the archive opened
 * in memory, its one *.qde at the root parsed (parse.c), each text
 * source's text found by name (sources/ or Sources/, with or without
 * internal://, or inline), its byte-order mark dropped, and every
 * selection's code points mapped to bytes of that text; codings matched
 * to their codes, or to cases. An entry past the size limit or with a
 * CRC error ends the tool, naming the file and entry.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file.h"
#include "intern.h"
#include "tx.h"
#include "refi/refi.h"

#define GROW REFI_GROW

/* Index of the element of arr (n of size bytes) whose key at keyoff is key. */
static long
find_key(const void *arr, size_t n, size_t size, size_t keyoff, const char *key)
{
	for (size_t i = 0; key && i < n; i++) {
		const char *k = *(char *const *)((const char *)arr + i * size + keyoff);

		if (k && strcmp(k, key) == 0)
			return (long)i;
	}
	return -1;
}

long
refi_find_case(const struct refi_project *p, const char *key)
{
	return find_key(p->cas, p->ncas, sizeof(*p->cas),
	    offsetof(struct refi_case, key), key);
}

long
refi_find_user(const struct refi_project *p, const char *key)
{
	return find_key(p->user, p->nuser, sizeof(*p->user),
	    offsetof(struct refi_user, key), key);
}

int
refi_crlf_one(const struct refi_project *p, const struct refi_read_opts *o)
{
	if (o->crlf >= 0)
		return o->crlf;
	for (const char *s = p->origin; s && *s; s++)
		if (strncasecmp(s, "atlas", 5) == 0)
			return 1;
	return 0;
}

/* The archive's one *.qde at its root. */
static long
find_qde(struct refi_project *p)
{
	long found = -1;
	size_t n = zipio_count(p->zip);

	for (size_t i = 0; i < n; i++) {
		const char *name = zipio_name(p->zip, i);
		size_t len = strlen(name);

		if (strchr(name, '/') != NULL || len < 4 ||
		    strcasecmp(name + len - 4, ".qde") != 0)
			continue;
		if (found >= 0)
			refi_die(p, NULL, 0, "two projects in the archive, %s and %s "
			    "(a .qdpx holds one .qde)", zipio_name(p->zip,
			    (size_t)found), name);
		found = (long)i;
	}
	if (found < 0)
		refi_die(p, NULL, 0, "no .qde at the archive's root (not a REFI-QDA "
		    "project)");
	return found;
}

/* A file name for the source: its name, else its path's, else its guid. */
static void
name_doc(struct refi_project *p, struct refi_source *s, struct strmap *docs)
{
	struct buf b = { 0 };
	const char *from = s->name;
	size_t n;

	if (from == NULL || *from == '\0') {
		const char *slash;

		refi_quirk(p, p->entry, s->line, "no-name", "a text source "
		    "without a name (NVivo leaves it empty): named by its %s",
		    s->path ? "plainTextPath" : "guid");
		from = s->path ? s->path : s->guid ? s->guid : "source";
		if (strncmp(from, "internal://", 11) == 0)
			from += 11;
		if ((slash = strrchr(from, '/')) != NULL)
			from = slash + 1;
		buf_str(&b, from);
		if (b.n > 4 && b.s[b.n - 4] == '.')
			b.s[b.n -= 4] = '\0';
	} else
		buf_str(&b, from);
	for (size_t i = 0; i < b.n; i++) {
		unsigned char c = (unsigned char)b.s[i];

		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' ||
		    (i == 0 && c == '.'))
			b.s[i] = '_';
	}
	if (b.n == 0)
		buf_str(&b, "source");
	n = b.n;
	for (int k = 2; strmap_get(docs, b.s, b.n) >= 0; k++) {
		char num[24];

		b.n = n;
		snprintf(num, sizeof(num), "-%d", k);
		buf_str(&b, num);
	}
	if (b.n != n)
		refi_quirk(p, p->entry, s->line, "duplicate-name", "two sources "
		    "named \"%.*s\": this one is %s", (int)n, b.s, b.s);
	strmap_put(docs, b.s, b.n, 1);
	s->doc = xstrdup(b.s);
	buf_free(&b);
}

/* The entry holding a source's text, -1 if none (noted). */
static long
source_entry(struct refi_project *p, struct refi_source *s, int *said_dir)
{
	const char *path = s->path;
	struct buf b = { 0 };
	long i;

	if (path == NULL || *path == '\0') {
		refi_quirk(p, p->entry, s->line, "no-text", "source \"%s\" has "
		    "neither PlainTextContent nor a plainTextPath", s->doc);
		return -1;
	}
	if (strncmp(path, "internal://", 11) == 0)
		path += 11;
	else {
		refi_quirk(p, p->entry, s->line, "no-internal-path", "source "
		    "\"%s\": plainTextPath \"%s\" without internal:// (NVivo "
		    "returns such sources empty)", s->doc, path);
		if (strstr(path, "://") != NULL || path[0] == '/' ||
		    (path[0] && path[1] == ':')) {
			refi_quirk(p, p->entry, s->line, "external-path", "source "
			    "\"%s\": its text is outside the archive (%s)", s->doc,
			    path);
			return -1;
		}
	}
	buf_str(&b, "sources/");
	buf_str(&b, path);
	if ((i = zipio_find(p->zip, b.s)) < 0)
		i = zipio_find(p->zip, path);
	buf_free(&b);
	if (i < 0) {
		refi_quirk(p, p->entry, s->line, "missing-text", "source \"%s\": "
		    "no entry sources/%s in the archive", s->doc, path);
		return -1;
	}
	if (strncmp(zipio_name(p->zip, (size_t)i), "Sources/", 8) == 0 &&
	    !*said_dir) {
		*said_dir = 1;
		refi_quirk(p, zipio_name(p->zip, (size_t)i), 0, "sources-dir",
		    "sources are in Sources/, not sources/ (read either way)");
	}
	return i;
}

static int
has_crlf(const char *s, size_t n)
{
	const char *cr;

	while ((cr = memchr(s, '\r', n)) != NULL) {
		n -= (size_t)(cr - s) + 1;
		s = cr + 1;
		if (n > 0 && *s == '\n')
			return 1;
	}
	return 0;
}

/* Each source's text, its byte-order mark dropped; what it holds noted. */
static void
load_texts(struct refi_project *p, const struct refi_read_opts *o)
{
	struct strmap docs = { 0 };
	struct buf b = { 0 };
	int said_dir = 0;
	char why[256];

	p->entries = xcalloc(p->nsrc + 1, sizeof(*p->entries));
	for (size_t k = 0; k < p->nsrc; k++) {
		struct refi_source *s = &p->src[k];
		const char *what;
		size_t bad, lead = 0;
		long i;

		name_doc(p, s, &docs);
		if (s->content != NULL) {
			refi_quirk(p, p->entry, s->line, "inline-text", "source "
			    "\"%s\": its text is inline (PlainTextContent)", s->doc);
			s->entry = "PlainTextContent";
			b.n = 0;
			buf_str(&b, s->content);
		} else if (p->zip == NULL || (i = source_entry(p, s, &said_dir)) < 0)
			continue;
		else {
			s->entry = p->entries[p->nentries++] =
			    xstrdup(zipio_name(p->zip, (size_t)i));
			if (zipio_read(p->zip, (size_t)i, o->max_entry, &b, why,
			    sizeof(why)) != 0)
				refi_die(p, s->entry, 0, "%s", why);
		}
		if ((bad = text_check(b.s, b.n, &what)) != b.n) {
			refi_quirk(p, s->entry, line_of(b.s, bad), "bad-text",
			    "source \"%s\": %s at byte %zu (left out)", s->doc, what,
			    bad);
			continue;
		}
		if ((s->bom = refi_bom(b.s, b.n)) > 0)
			refi_quirk(p, s->entry, 1, "bom", "source \"%s\" begins with "
			    "a byte-order mark (dropped before counting)", s->doc);
		if (has_crlf(b.s, b.n))
			refi_quirk(p, s->entry, 0, "crlf", "source \"%s\" has CRLF "
			    "line ends, counted as %s character%s (--crlf sets it)",
			    s->doc, refi_crlf_one(p, o) ? "one" : "two",
			    refi_crlf_one(p, o) ? "" : "s");
		while (lead < b.n - s->bom && isspace((unsigned char)b.s[s->bom + lead]))
			lead++;
		if (lead == b.n - s->bom)
			refi_quirk(p, s->entry, 0, "empty-source", "source \"%s\" "
			    "has no text (%zu byte%s)", s->doc, b.n,
			    b.n == 1 ? "" : "s");
		s->len = b.n - s->bom;
		s->text = xstrndup(b.s + s->bom, s->len);
	}
	strmap_free(&docs);
	buf_free(&b);
}

/* Whether name, less a trailing "..." or U+2026, begins text. */
static int
name_is_text(const char *name, const char *text, size_t len)
{
	size_t n = strlen(name);

	if (n >= 3 && strcmp(name + n - 3, "...") == 0)
		n -= 3;
	else if (n >= 3 && strcmp(name + n - 3, "\xe2\x80\xa6") == 0)
		n -= 3;
	while (n > 0 && isspace((unsigned char)name[n - 1]))
		n--;
	return n > 0 && n <= len && memcmp(name, text, n) == 0;
}

/* The byte offset of code point cp, among the sorted cps[] mapped to at[]. */
static size_t
byte_of(const size_t *cps, const size_t *at, size_t n, size_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cps[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return at[lo];
}

/* Selections [i, j) of one source: their positions as bytes of its text. */
static void
map_selections(struct refi_project *p, const struct refi_read_opts *o,
    size_t i, size_t j, size_t *named, size_t *match, long *first_miss)
{
	struct refi_source *src = &p->src[p->sel[i].src];
	size_t n = 0, *cps = xcalloc(2 * (j - i) + 1, sizeof(*cps));
	size_t *at = xcalloc(2 * (j - i) + 1, sizeof(*at)), ncp;

	for (size_t k = i; k < j; k++)
		if (p->sel[k].start >= 0 && p->sel[k].end >= 0) {
			cps[n++] = (size_t)p->sel[k].start;
			cps[n++] = (size_t)p->sel[k].end;
		}
	refi_sort_sizes(cps, n);
	ncp = textmap_bytes(src->text, src->len, refi_crlf_one(p, o), cps, at, n);
	for (size_t k = i; k < j; k++) {
		struct refi_sel *s = &p->sel[k];

		if (s->start < 0 || s->end < 0 || s->start > s->end ||
		    (unsigned long long)s->end > ncp) {
			refi_quirk(p, p->entry, s->line, "bad-position", "selection "
			    "%lld-%lld of source \"%s\" (%zu characters) is out of "
			    "range (left out)", s->start, s->end, src->doc, ncp);
			continue;
		}
		s->ok = 1;
		s->bstart = byte_of(cps, at, n, (size_t)s->start);
		s->bend = byte_of(cps, at, n, (size_t)s->end);
		if (s->ncoding == 0 && s->comment)
			refi_quirk(p, p->entry, s->line, "comment", "a selection "
			    "with a description and no coding (a comment: not a "
			    "span)");
		if (s->name != NULL && *s->name != '\0' && s->start != s->end) {
			(*named)++;
			if (name_is_text(s->name, src->text + s->bstart,
			    s->bend - s->bstart) || name_is_text(src->text +
			    s->bstart, s->name, strlen(s->name)))
				(*match)++;
			else if (*first_miss == 0)
				*first_miss = s->line;
		}
	}
	free(cps);
	free(at);
}

/* Selections' positions to bytes; codings' codes and cases. */
static void
resolve(struct refi_project *p, const struct refi_read_opts *o)
{
	struct strmap codes = { 0 };
	size_t named = 0, match = 0;
	long first_miss = 0;

	for (size_t i = 0, j; i < p->nsel; i = j) {
		for (j = i + 1; j < p->nsel && p->sel[j].src == p->sel[i].src; j++)
			;
		if (p->src[p->sel[i].src].text != NULL)
			map_selections(p, o, i, j, &named, &match, &first_miss);
	}
	if (match > 0 && match < named)
		refi_quirk(p, p->entry, first_miss, "text-mismatch", "%zu of %zu "
		    "selections named with their text do not show it at their "
		    "positions (first here): if they drift by lines, try --crlf "
		    "%s", named - match, named, refi_crlf_one(p, o) ? "two" : "one");
	for (size_t i = p->ncode; i-- > 0; )      /* the first of a key wins */
		if (p->code[i].key)
			strmap_put(&codes, p->code[i].key, strlen(p->code[i].key),
			    (long)i);
	for (size_t i = 0; i < p->ncoding; i++) {
		struct refi_coding *c = &p->coding[i];
		long cas;

		c->code = c->target ? strmap_get(&codes, c->target,
		    strlen(c->target)) : -1;
		if (c->code >= 0) {
			if (c->sel < 0)
				refi_quirk(p, p->entry, c->line, "whole-source",
				    "a coding of the whole source \"%s\"",
				    p->src[c->src].doc);
		} else if ((cas = refi_find_case(p, c->target)) >= 0) {
			struct refi_member *mb;

			refi_quirk(p, p->entry, c->line, "case-coding", "a coding "
			    "names case \"%s\", not a code (taken as the case's "
			    "source, not a span)", p->cas[cas].name);
			GROW(p->member, p->nmember, p->capmember);
			mb = &p->member[p->nmember++];
			mb->cas = cas;
			mb->src = xstrdup(p->src[c->src].key ? p->src[c->src].key : "");
		} else
			refi_quirk(p, p->entry, c->line, "unknown-code", "a coding "
			    "names %s, neither a code nor a case (left out)",
			    c->target ? c->target : "nothing");
		if (c->user != NULL && refi_find_user(p, c->user) < 0)
			refi_quirk(p, p->entry, c->line, "unknown-user", "a coding's "
			    "creatingUser %s is not among the Users", c->user);
	}
	strmap_free(&codes);
	if (!p->codebook_only && p->nsel + p->ncoding == 0)
		refi_quirk(p, p->entry, 0, "no-codings", "the project has %zu "
		    "code%s and %zu source%s but no coding", p->ncode,
		    p->ncode == 1 ? "" : "s", p->nsrc, p->nsrc == 1 ? "" : "s");
}

void
refi_read(struct refi_project *p, const char *path,
    const struct refi_read_opts *o)
{
	char why[256];
	long qde;

	memset(p, 0, sizeof(*p));
	p->file = path;
	if (file_read(path, &p->data) != 0)
		tx_exit(EXIT_DATA);
	if (p->data.n >= 2 && memcmp(p->data.s, "PK", 2) == 0) {
		if ((p->zip = zipio_open(p->data.s, p->data.n, why,
		    sizeof(why))) == NULL)
			refi_die(p, NULL, 0, "%s", why);
		qde = find_qde(p);
		p->entry = zipio_name(p->zip, (size_t)qde);
		if (zipio_read(p->zip, (size_t)qde, o->max_entry, &p->xml, why,
		    sizeof(why)) != 0)
			refi_die(p, p->entry, 0, "%s", why);
		refi_parse(p, p->xml.s, p->xml.n);
	} else {
		if (p->data.n > o->max_entry)
			refi_die(p, NULL, 0, "more than %zu bytes (refused; "
			    "--max-entry sets the limit)", o->max_entry);
		refi_parse(p, p->data.s, p->data.n);
	}
	refi_codes(p, o);
	if (!p->codebook_only) {
		load_texts(p, o);
		resolve(p, o);
	}
}

void
refi_free(struct refi_project *p)
{
	for (size_t i = 0; i < p->ncode; i++) {
		struct refi_code *c = &p->code[i];

		free(c->name), free(c->guid), free(c->key), free(c->desc);
		free(c->block), free(c->color), free(c->path);
	}
	for (size_t i = 0; i < p->nuser; i++) {
		free(p->user[i].guid), free(p->user[i].key);
		free(p->user[i].name), free(p->user[i].id);
	}
	for (size_t i = 0; i < p->nvar; i++)
		free(p->var[i].key), free(p->var[i].name), free(p->var[i].type);
	for (size_t i = 0; i < p->nvalue; i++)
		free(p->value[i].var), free(p->value[i].value);
	for (size_t i = 0; i < p->ncas; i++)
		free(p->cas[i].key), free(p->cas[i].name);
	for (size_t i = 0; i < p->nmember; i++)
		free(p->member[i].src);
	for (size_t i = 0; i < p->nsrc; i++) {
		struct refi_source *s = &p->src[i];

		free(s->guid), free(s->key), free(s->name), free(s->path);
		free(s->content), free(s->doc), free(s->text);
	}
	for (size_t i = 0; i < p->nsel; i++)
		free(p->sel[i].name), free(p->sel[i].user);
	for (size_t i = 0; i < p->ncoding; i++)
		free(p->coding[i].target), free(p->coding[i].user);
	for (size_t i = 0; i < p->nquirk; i++)
		free(p->quirk[i].detail);
	for (size_t i = 0; i < p->nentries; i++)
		free(p->entries[i]);
	free(p->entries);
	free(p->code), free(p->user), free(p->var), free(p->value);
	free(p->cas), free(p->member), free(p->src), free(p->sel);
	free(p->coding), free(p->quirk);
	free(p->origin), free(p->name);
	zipio_close(p->zip);
	buf_free(&p->data);
	buf_free(&p->xml);
}
