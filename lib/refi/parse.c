/*
 * parse.c: a .qdc or a project's project.qde read with expat into struct
 * refi_project: users, the code tree, variables, cases, text sources,
 * their selections and codings, each with its line. What other tools
 * would trip on is noted as a quirk (braced or upper-case GUIDs, a name
 * with "/", NVivo's "Nodes" top level, an empty <Sets/>, ...); a DOCTYPE
 * (so any entity), malformed XML or elements nested too deep end the
 * tool, naming the file and entry.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>

#include "intern.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "office/office.h"
#include "refi/refi.h"

#define GROW REFI_GROW

enum kind {
	E_OTHER, E_ROOT, E_USERS, E_CODEBOOK, E_CODES, E_CODE, E_DESC,
	E_VARIABLES, E_CASES, E_CASE, E_VALUE, E_LEAF, E_SOURCES, E_TEXTSRC,
	E_CONTENT, E_SEL, E_CODING, E_SETS
};

struct rd {
	struct office_xml x;            /* first: expat's user data */
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
	XML_StopParser(r->x.xp, XML_FALSE);
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
	return (long)XML_GetCurrentLineNumber(r->x.xp);
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

/*
 * Text is trimmed of XML's white space (codebook_trimmed's: space, TAB, CR,
 * LF); expat never passes the other C0 controls.
 */
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
		char *t = codebook_trimmed(r->text.s ? r->text.s : "", r->text.n);

		p->sel[upi].comment = *t != '\0';
		free(t);
	} else if (k == E_CONTENT) {
		free(p->src[upi].content);
		p->src[upi].content = xstrndup(r->text.s ? r->text.s : "", r->text.n);
	} else if (k == E_LEAF) {
		free(p->value[upi].value);
		p->value[upi].value = codebook_trimmed(r->text.s ? r->text.s :
		    "", r->text.n);
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

/* lib/office's refusals, in tx-refi's words for a DOCTYPE. */
static void
refuse(struct office_xml *x, enum office_refusal what, const char *words)
{
	if (what == OFFICE_REFUSE_DOCTYPE)
		fail((struct rd *)x, "XML declares a DOCTYPE (refused: no DTD "
		    "or entity is read)");
	else
		fail((struct rd *)x, "%s", words);
}

_Noreturn void
refi_die(const struct refi_project *p, const char *entry, long ln,
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

void
refi_parse(struct refi_project *p, const char *s, size_t n)
{
	struct rd r = { .p = p, .entry = p->entry };

	if (office_xml_new(&r.x, '\0', refuse) != 0)
		tx_die(EXIT_DATA, p->file, 0, "out of memory");
	XML_SetElementHandler(r.x.xp, on_start, on_end);
	XML_SetCharacterDataHandler(r.x.xp, on_text);
	if (n > (size_t)1 << 30)
		fail(&r, "more than 1 GiB of XML");
	else if (XML_Parse(r.x.xp, s, (int)n, 1) == XML_STATUS_ERROR && !r.failed)
		fail(&r, "%s", XML_ErrorString(XML_GetErrorCode(r.x.xp)));
	if (r.failed) {
		long ln = (long)XML_GetCurrentLineNumber(r.x.xp);

		buf_free(&r.text);
		XML_ParserFree(r.x.xp);
		refi_die(p, p->entry, ln, "%s", r.why);
	}
	buf_free(&r.text);
	XML_ParserFree(r.x.xp);
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
	text = codebook_trimmed(d, strlen(d));
	free(c->desc);
	c->desc = *text ? text : NULL;
	if (c->desc == NULL)
		free(text);
}

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
				refi_die(p, p->entry, c->line, "code \"%s\" (guid %s) "
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

void
refi_codes(struct refi_project *p, const struct refi_read_opts *o)
{
	if (!o->keep_nodes)
		drop_nodes(p);
	paths(p, o);
}
