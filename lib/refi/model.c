/*
 * model.c: a .qdc or a project's project.qde read with expat into struct
 * refi_project, with its sources' text from the archive.
 *
 * Accepted as real files write them, and noted as quirks: any one *.qde
 * at the archive's root, sources/ or Sources/, plainTextPath with or
 * without internal://, PlainTextContent inline, braced or upper-case
 * GUIDs, a source without a name, NVivo's "Nodes" top level, codings that
 * name a case, selections with a description and no coding, codings of a
 * whole source. Refused: a DOCTYPE (so any entity), malformed XML, an
 * entry past the size limit, a CRC error.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "file.h"
#include "intern.h"
#include "tx.h"
#include "utf8.h"
#include "refi/refi.h"

#define GROW(arr, n, cap) do {                                          \
	if ((n) == (cap)) {                                             \
		(cap) = (cap) ? 2 * (cap) : 16;                         \
		(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));        \
	}                                                               \
	memset(&(arr)[(n)], 0, sizeof(*(arr)));                         \
} while (0)

enum kind {
	E_OTHER, E_ROOT, E_USERS, E_CODEBOOK, E_CODES, E_CODE, E_DESC,
	E_VARIABLES, E_CASES, E_CASE, E_VALUE, E_LEAF, E_SOURCES, E_TEXTSRC,
	E_CONTENT, E_SEL, E_CODING, E_SETS
};

struct rd {
	XML_Parser xp;
	struct refi_project *p;
	const char *entry;
	unsigned char kind[REFI_DEPTH + 1];
	long idx[REFI_DEPTH + 1];       /* the code, case, source ... opened there */
	size_t depth, skip;
	struct buf text;                /* character data of a DESC, CONTENT, LEAF */
	size_t nset;                    /* Set elements in the open Sets */
	int failed;
	char why[512];
};

static void
fail(struct rd *r, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = 1;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	XML_StopParser(r->xp, XML_FALSE);
}

void
refi_quirk(struct refi_project *p, const char *entry, long line,
    const char *kind, const char *fmt, ...)
{
	struct refi_quirk *q;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	GROW(p->quirk, p->nquirk, p->capquirk);
	q = &p->quirk[p->nquirk++];
	q->entry = entry;
	q->line = line;
	q->kind = kind;
	q->detail = xstrdup(msg);
}

static long
line(struct rd *r)
{
	return (long)XML_GetCurrentLineNumber(r->xp);
}

static const char *
attr(const XML_Char **atts, const char *name)
{
	for (size_t i = 0; atts[i] != NULL; i += 2) {
		const char *colon = strchr(atts[i], ':');

		if (strcmp(colon ? colon + 1 : atts[i], name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* A GUID attribute's key, its quirks noted; NULL if absent. */
static char *
key_of(struct rd *r, const char *value, const char *what)
{
	static const char *const kinds[] = { NULL, "braced-guid",
	    "uppercase-guid", "bad-guid" };
	static const char *const says[] = { NULL, "in braces",
	    "in upper case", "not a GUID (the schema wants 8-4-4-4-12 hex digits)" };
	int q;
	char *k;

	if (value == NULL) {
		refi_quirk(r->p, r->entry, line(r), "bad-guid", "%s without a "
		    "guid", what);
		return NULL;
	}
	k = refi_guid_key(value, &q);
	if (q != 0)
		refi_quirk(r->p, r->entry, line(r), kinds[q], "%s guid \"%s\": %s",
		    what, value, says[q]);
	return k;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A whole number attribute; -1 (noted) if absent or not one. */
static long long
position(struct rd *r, const char *v, const char *name)
{
	long long n = 0;

	if (v == NULL || *v == '\0') {
		refi_quirk(r->p, r->entry, line(r), "bad-position", "selection "
		    "without %s", name);
		return -1;
	}
	for (const char *c = v; *c; c++) {
		if (!isdigit((unsigned char)*c) || n > (1LL << 50)) {
			refi_quirk(r->p, r->entry, line(r), "bad-position",
			    "%s=\"%s\" is not a whole number", name, v);
			return -1;
		}
		n = n * 10 + (*c - '0');
	}
	return n;
}

static void
add_code(struct rd *r, const XML_Char **atts, long parent)
{
	struct refi_project *p = r->p;
	const char *name = attr(atts, "name"), *cod = attr(atts, "isCodable");
	const char *color = attr(atts, "color");
	struct refi_code *c;

	GROW(p->code, p->ncode, p->capcode);
	c = &p->code[p->ncode];
	c->line = line(r);
	c->parent = parent;
	c->guid = dup_or_null(attr(atts, "guid"));
	c->key = key_of(r, c->guid, "code");
	c->codable = cod == NULL || strcmp(cod, "true") == 0 || strcmp(cod, "1") == 0;
	if (name == NULL || *name == '\0') {
		refi_quirk(p, r->entry, c->line, "no-name", "code without a name: "
		    "named by its guid");
		name = c->guid ? c->guid : "unnamed";
	}
	c->name = xstrdup(name);
	if (color != NULL) {
		size_t n = strlen(color), k = 1;

		while (k < n && isxdigit((unsigned char)color[k]))
			k++;
		if (color[0] == '#' && n == 7 && k == 7)
			c->color = xstrdup(color);
		else
			refi_quirk(p, r->entry, c->line, "bad-color", "code \"%s\": "
			    "color \"%s\" is not #RRGGBB (left out)", name, color);
	}
	r->idx[r->depth] = (long)p->ncode++;
}

static void
add_source(struct rd *r, const XML_Char **atts)
{
	struct refi_project *p = r->p;
	struct refi_source *s;

	GROW(p->src, p->nsrc, p->capsrc);
	s = &p->src[p->nsrc];
	s->line = line(r);
	s->guid = dup_or_null(attr(atts, "guid"));
	s->key = key_of(r, s->guid, "source");
	s->name = dup_or_null(attr(atts, "name"));
	s->path = dup_or_null(attr(atts, "plainTextPath"));
	r->idx[r->depth] = (long)p->nsrc++;
}

static void
add_selection(struct rd *r, const XML_Char **atts, long src)
{
	struct refi_project *p = r->p;
	struct refi_sel *s;

	GROW(p->sel, p->nsel, p->capsel);
	s = &p->sel[p->nsel];
	s->src = src;
	s->line = line(r);
	s->name = dup_or_null(attr(atts, "name"));
	s->user = attr(atts, "creatingUser") ? key_of(r, attr(atts, "creatingUser"),
	    "creatingUser") : NULL;
	s->start = position(r, attr(atts, "startPosition"), "startPosition");
	s->end = position(r, attr(atts, "endPosition"), "endPosition");
	free(key_of(r, attr(atts, "guid"), "selection"));
	r->idx[r->depth] = (long)p->nsel++;
}

static void
add_coding(struct rd *r, const XML_Char **atts, long src, long sel)
{
	struct refi_project *p = r->p;
	const char *user = attr(atts, "creatingUser");
	struct refi_coding *c;

	GROW(p->coding, p->ncoding, p->capcoding);
	c = &p->coding[p->ncoding];
	c->src = src;
	c->sel = sel;
	c->line = line(r);
	c->code = -1;
	c->user = user ? key_of(r, user, "creatingUser") : NULL;
	if (c->user == NULL && sel >= 0 && p->sel[sel].user != NULL)
		c->user = xstrdup(p->sel[sel].user);
	free(key_of(r, attr(atts, "guid"), "coding"));
	if (sel >= 0)
		p->sel[sel].ncoding++;
	r->idx[r->depth] = (long)p->ncoding++;
}

static const char *
local_name(const char *name)
{
	const char *colon = strchr(name, ':');

	return colon ? colon + 1 : name;
}

static void XMLCALL
on_start(void *arg, const XML_Char *qname, const XML_Char **atts)
{
	struct rd *r = arg;
	struct refi_project *p = r->p;
	const char *name = local_name(qname);
	int up = r->kind[r->depth], k = E_OTHER;
	long upi = r->idx[r->depth];

	if (r->depth == REFI_DEPTH) {
		fail(r, "elements nested more than %d deep (refused)", REFI_DEPTH);
		return;
	}
	r->depth++;
	r->idx[r->depth] = -1;
	if (r->skip) {
		r->kind[r->depth] = E_OTHER;
		return;
	}
	if (r->depth == 1) {
		if (strcmp(name, "Project") == 0)
			k = E_ROOT;
		else if (strcmp(name, "CodeBook") == 0) {
			k = E_CODEBOOK;
			p->codebook_only = 1;
		} else {
			fail(r, "the root element is %s, not Project or CodeBook",
			    name);
			return;
		}
		p->origin = dup_or_null(attr(atts, "origin"));
		p->name = dup_or_null(attr(atts, "name"));
	} else if (up == E_ROOT && strcmp(name, "Users") == 0)
		k = E_USERS;
	else if (up == E_USERS && strcmp(name, "User") == 0) {
		struct refi_user *u;

		GROW(p->user, p->nuser, p->capuser);
		u = &p->user[p->nuser++];
		u->line = line(r);
		u->guid = dup_or_null(attr(atts, "guid"));
		u->key = key_of(r, u->guid, "user");
		u->name = dup_or_null(attr(atts, "name"));
		u->id = dup_or_null(attr(atts, "id"));
	} else if (up == E_ROOT && strcmp(name, "CodeBook") == 0)
		k = E_CODEBOOK;
	else if (up == E_CODEBOOK && strcmp(name, "Codes") == 0)
		k = E_CODES;
	else if ((up == E_CODES || up == E_CODE) && strcmp(name, "Code") == 0) {
		k = E_CODE;
		add_code(r, atts, up == E_CODE ? upi : -1);
	} else if ((up == E_CODE || up == E_SEL) && strcmp(name, "Description") == 0) {
		k = E_DESC;
		r->text.n = 0;
	} else if ((up == E_ROOT || up == E_CODEBOOK) && strcmp(name, "Sets") == 0) {
		k = E_SETS;
		r->nset = 0;
	} else if (up == E_SETS && strcmp(name, "Set") == 0)
		r->nset++;
	else if (up == E_ROOT && strcmp(name, "Variables") == 0)
		k = E_VARIABLES;
	else if (up == E_VARIABLES && strcmp(name, "Variable") == 0) {
		struct refi_var *v;

		GROW(p->var, p->nvar, p->capvar);
		v = &p->var[p->nvar++];
		v->line = line(r);
		v->key = key_of(r, attr(atts, "guid"), "variable");
		v->name = xstrdup(attr(atts, "name") ? attr(atts, "name") : "");
		v->type = xstrdup(attr(atts, "typeOfVariable") ?
		    attr(atts, "typeOfVariable") : "Text");
	} else if (up == E_ROOT && strcmp(name, "Cases") == 0)
		k = E_CASES;
	else if (up == E_CASES && strcmp(name, "Case") == 0) {
		struct refi_case *c;

		k = E_CASE;
		GROW(p->cas, p->ncas, p->capcas);
		c = &p->cas[p->ncas];
		c->line = line(r);
		c->key = key_of(r, attr(atts, "guid"), "case");
		c->name = xstrdup(attr(atts, "name") ? attr(atts, "name") : "");
		r->idx[r->depth] = (long)p->ncas++;
	} else if ((up == E_CASE || up == E_TEXTSRC) &&
	    strcmp(name, "VariableValue") == 0) {
		struct refi_value *v;

		k = E_VALUE;
		GROW(p->value, p->nvalue, p->capvalue);
		v = &p->value[p->nvalue];
		v->cas = up == E_CASE ? upi : -1;
		v->src = up == E_TEXTSRC ? upi : -1;
		r->idx[r->depth] = (long)p->nvalue++;
	} else if (up == E_VALUE && strcmp(name, "VariableRef") == 0) {
		free(p->value[upi].var);
		p->value[upi].var = key_of(r, attr(atts, "targetGUID"), "VariableRef");
	} else if (up == E_VALUE && strstr(name, "Value") != NULL) {
		k = E_LEAF;
		r->idx[r->depth] = upi;
		r->text.n = 0;
	} else if (up == E_CASE && strcmp(name, "SourceRef") == 0) {
		struct refi_member *m;

		GROW(p->member, p->nmember, p->capmember);
		m = &p->member[p->nmember++];
		m->cas = upi;
		m->src = key_of(r, attr(atts, "targetGUID"), "SourceRef");
	} else if (up == E_ROOT && strcmp(name, "Sources") == 0)
		k = E_SOURCES;
	else if (up == E_SOURCES && strcmp(name, "TextSource") == 0) {
		k = E_TEXTSRC;
		add_source(r, atts);
	} else if (up == E_SOURCES) {
		p->nother++;
		refi_quirk(p, r->entry, line(r), "not-text", "a %s: tx reads "
		    "text sources only (left out)", name);
		r->skip = r->depth;
	} else if (up == E_TEXTSRC && strcmp(name, "PlainTextContent") == 0) {
		k = E_CONTENT;
		r->idx[r->depth] = upi;
		r->text.n = 0;
	} else if (up == E_TEXTSRC && strcmp(name, "PlainTextSelection") == 0) {
		k = E_SEL;
		add_selection(r, atts, upi);
	} else if ((up == E_SEL || up == E_TEXTSRC) && strcmp(name, "Coding") == 0) {
		k = E_CODING;
		if (up == E_SEL)
			add_coding(r, atts, p->sel[upi].src, upi);
		else
			add_coding(r, atts, upi, -1);
	} else if (up == E_CODING && strcmp(name, "CodeRef") == 0) {
		free(p->coding[upi].target);
		p->coding[upi].target = key_of(r, attr(atts, "targetGUID"), "CodeRef");
	}
	r->kind[r->depth] = (unsigned char)k;
	if (k == E_OTHER || k == E_DESC || k == E_CONTENT || k == E_LEAF ||
	    k == E_SETS)
		return;
	r->idx[r->depth] = r->idx[r->depth] < 0 ? upi : r->idx[r->depth];
}

/* s without white space at both ends, as a new string. */
static char *
trim_copy(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct rd *r = arg;
	struct refi_project *p = r->p;
	int k = r->kind[r->depth], up = r->kind[r->depth - 1];
	long upi = r->idx[r->depth - 1];

	(void)name;
	if (r->skip == r->depth)
		r->skip = 0;
	if (k == E_DESC && up == E_CODE) {
		free(p->code[upi].desc);
		p->code[upi].desc = xstrndup(r->text.s ? r->text.s : "", r->text.n);
	} else if (k == E_DESC && up == E_SEL) {
		char *t = trim_copy(r->text.s ? r->text.s : "", r->text.n);

		p->sel[upi].comment = *t != '\0';
		free(t);
	} else if (k == E_CONTENT) {
		free(p->src[upi].content);
		p->src[upi].content = xstrndup(r->text.s ? r->text.s : "", r->text.n);
	} else if (k == E_LEAF) {
		free(p->value[upi].value);
		p->value[upi].value = trim_copy(r->text.s ? r->text.s : "", r->text.n);
	} else if (k == E_SETS && r->nset == 0) {
		p->empty_sets++;
		refi_quirk(p, r->entry, line(r), "empty-sets", "an empty <Sets/> "
		    "(the schema wants at least one Set)");
	}
	r->depth--;
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int n)
{
	struct rd *r = arg;
	int k = r->kind[r->depth];

	if (!r->skip && (k == E_DESC || k == E_CONTENT || k == E_LEAF))
		buf_add(&r->text, s, (size_t)n);
}

static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	fail(arg, "XML declares a DOCTYPE (refused: no DTD or entity is read)");
}

static void XMLCALL
on_entity(void *arg, const XML_Char *name, int param, const XML_Char *value,
    int len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	(void)name, (void)param, (void)value, (void)len, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	fail(arg, "XML declares an entity (refused)");
}

/* Where messages say a thing is: "file: entry" or "file". */
static _Noreturn void
die_at(const struct refi_project *p, const char *entry, long ln,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (entry != NULL && ln > 0)
		tx_die(EXIT_DATA, p->file, 0, "%s:%ld: %s", entry, ln, msg);
	if (entry != NULL)
		tx_die(EXIT_DATA, p->file, 0, "%s: %s", entry, msg);
	tx_die(EXIT_DATA, p->file, ln, "%s", msg);
}

static void
parse(struct refi_project *p, const char *s, size_t n)
{
	struct rd r = { .p = p, .entry = p->entry };

	if ((r.xp = XML_ParserCreate(NULL)) == NULL)
		tx_die(EXIT_DATA, p->file, 0, "out of memory");
	XML_SetUserData(r.xp, &r);
	XML_SetElementHandler(r.xp, on_start, on_end);
	XML_SetCharacterDataHandler(r.xp, on_text);
	XML_SetStartDoctypeDeclHandler(r.xp, on_doctype);
	XML_SetEntityDeclHandler(r.xp, on_entity);
	if (n > (size_t)1 << 30)
		fail(&r, "more than 1 GiB of XML");
	else if (XML_Parse(r.xp, s, (int)n, 1) == XML_STATUS_ERROR && !r.failed)
		fail(&r, "%s", XML_ErrorString(XML_GetErrorCode(r.xp)));
	if (r.failed) {
		long ln = (long)XML_GetCurrentLineNumber(r.xp);

		buf_free(&r.text);
		XML_ParserFree(r.xp);
		die_at(p, p->entry, ln, "%s", r.why);
	}
	buf_free(&r.text);
	XML_ParserFree(r.xp);
}

/* NVivo puts every code under one top-level "Nodes": taken away. */
static void
drop_nodes(struct refi_project *p)
{
	long root = -1;
	size_t top = 0;

	for (size_t i = 0; i < p->ncode; i++)
		if (p->code[i].parent < 0) {
			top++;
			root = (long)i;
		}
	if (top != 1 || strcasecmp(p->code[root].name, "Nodes") != 0)
		return;
	refi_quirk(p, p->entry, p->code[root].line, "nodes-root", "every code "
	    "is under one top-level \"Nodes\" (NVivo's): taken away "
	    "(--keep-nodes keeps it)");
	free(p->code[root].name);
	free(p->code[root].guid);
	free(p->code[root].key);
	free(p->code[root].desc);
	free(p->code[root].color);
	memmove(&p->code[root], &p->code[root + 1],
	    (p->ncode - (size_t)root - 1) * sizeof(*p->code));
	p->ncode--;
	for (size_t i = 0; i < p->ncode; i++)
		if (p->code[i].parent == root)
			p->code[i].parent = -1;
		else if (p->code[i].parent > root)
			p->code[i].parent--;
}


static void
split_desc(struct refi_code *c)
{
	char *open, *close, *d = c->desc, *text;

	if (d == NULL)
		return;
	if ((open = strstr(d, REFI_BLOCK_OPEN)) != NULL &&
	    (close = strstr(open, REFI_BLOCK_CLOSE)) != NULL) {
		char *lines = open + strlen(REFI_BLOCK_OPEN);

		if (*lines == '\n')
			lines++;
		c->block = xstrndup(lines, (size_t)(close - lines));
		*open = '\0';
	}
	text = trim_copy(d, strlen(d));
	free(c->desc);
	c->desc = *text ? text : NULL;
	if (c->desc == NULL)
		free(text);
}

/* Paths, "/" inside a name made U+2215, duplicate sibling names found. */
static void
paths(struct refi_project *p, const struct refi_read_opts *o)
{
	struct strmap seen = { 0 };
	struct buf b = { 0 };

	for (size_t i = 0; i < p->ncode; i++) {
		struct refi_code *c = &p->code[i];
		long other;

		split_desc(c);
		if (strchr(c->name, '/') != NULL) {
			b.n = 0;
			for (const char *s = c->name; *s; s++)
				if (*s == '/')
					buf_str(&b, "\xe2\x88\x95");
				else
					buf_char(&b, *s);
			refi_quirk(p, p->entry, c->line, "slash-in-name", "code "
			    "\"%s\": \"/\" separates levels in tx, so it becomes "
			    "\"\xe2\x88\x95\" (U+2215)", c->name);
			free(c->name);
			c->name = xstrdup(b.s);
		}
		b.n = 0;
		if (c->parent >= 0) {
			buf_str(&b, p->code[c->parent].path);
			buf_char(&b, '/');
		}
		buf_str(&b, c->name);
		c->path = xstrdup(b.s);
		if ((other = strmap_get(&seen, b.s, b.n)) >= 0) {
			if (!o->check)
				die_at(p, p->entry, c->line, "code \"%s\" (guid %s) "
				    "has the same name as its sibling at line %ld "
				    "(guid %s): rename one in the tool that wrote it",
				    c->path, c->guid ? c->guid : "none",
				    p->code[other].line, p->code[other].guid ?
				    p->code[other].guid : "none");
			refi_quirk(p, p->entry, c->line, "duplicate-sibling",
			    "code \"%s\" has the same name as its sibling at line "
			    "%ld", c->path, p->code[other].line);
		} else
			strmap_put(&seen, b.s, b.n, (long)i);
	}
	strmap_free(&seen);
	buf_free(&b);
}

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
			die_at(p, NULL, 0, "two projects in the archive, %s and %s "
			    "(a .qdpx holds one .qde)", zipio_name(p->zip,
			    (size_t)found), name);
		found = (long)i;
	}
	if (found < 0)
		die_at(p, NULL, 0, "no .qde at the archive's root (not a REFI-QDA "
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
				die_at(p, s->entry, 0, "%s", why);
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
			die_at(p, NULL, 0, "%s", why);
		qde = find_qde(p);
		p->entry = zipio_name(p->zip, (size_t)qde);
		if (zipio_read(p->zip, (size_t)qde, o->max_entry, &p->xml, why,
		    sizeof(why)) != 0)
			die_at(p, p->entry, 0, "%s", why);
		parse(p, p->xml.s, p->xml.n);
	} else {
		if (p->data.n > o->max_entry)
			die_at(p, NULL, 0, "more than %zu bytes (refused; "
			    "--max-entry sets the limit)", o->max_entry);
		parse(p, p->data.s, p->data.n);
	}
	if (!o->keep_nodes)
		drop_nodes(p);
	paths(p, o);
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
