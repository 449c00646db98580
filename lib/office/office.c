/*
 * office.c: the plain text of a .docx or .odt (what it is: office.h).
 *
 * libzip finds the document part in the archive held in memory; expat
 * parses the part as it is inflated, chunk by chunk, and stops at a
 * DOCTYPE. Which element means what is docx_start()'s and odt_start()'s
 * business; the rest (the open elements, the lines, the limits) is shared.
 * The archive's opening and reading and the parser's guards are tx-refi's
 * too (office.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#include "buf.h"
#include "tx.h"
#include "office/office.h"

/* expat gives a name in a namespace as the URI, NSSEP, the local name. */
#define NSSEP      "\n"
#define W_NS       "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS      "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define OFFICE_NS  "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS    "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

/* What an open element is, as far as the text goes. */
enum kind {
	K_OTHER,                /* nothing of its own */
	K_SKIP,                 /* left out, with all it holds */
	K_PARA,                 /* a paragraph: a line */
	K_RUN,                  /* docx w:r: where w:t, w:tab, w:br mean text */
	K_TEXT,                 /* its character data is text (docx w:t, odt text:*) */
	K_PPR,                  /* docx w:pPr of a paragraph */
	K_MARK,                 /* docx w:rPr of a w:pPr: the paragraph mark's */
	K_ALT,                  /* docx mc:AlternateContent, no mc:Choice read yet */
	K_ALT_READ              /* ... one read: the others are skipped */
};

/*
 * The text made at one depth of paragraphs. lines[0] is the document's;
 * a paragraph open n deep (n - 1 text boxes in) writes into lines[n - 1],
 * and the paragraphs of the text boxes it anchors into lines[n], which
 * follow its own line when it ends.
 */
struct lines {
	struct buf b;           /* the text, NUL-terminated */
	int joined;             /* the open paragraph's mark is deleted */
};

struct reader {
	struct office_xml x;    /* first: expat's user data */
	enum office_format format;
	const char *part;
	unsigned char kind[OFFICE_DEPTH + 1];   /* [1..depth]: open elements */
	size_t depth;
	size_t skip;            /* depth of the element left out, or 0 */
	struct lines lines[OFFICE_NEST + 1];
	size_t npara;           /* paragraphs open */
	size_t total;           /* bytes of text in lines[] */
	int failed;
	char *why;
	size_t whylen;
};

static void say(char *, size_t, const char *, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct reader *, int, const char *, ...)
	__attribute__((format(printf, 3, 4)));

static void
say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* The first error only, with the part and the line if at_line; parsing stops. */
static void
fail(struct reader *r, int at_line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (r->failed)
		return;
	r->failed = 1;
	if (at_line)
		n = snprintf(r->why, r->whylen, "%s:%lu: ", r->part,
		    (unsigned long)XML_GetCurrentLineNumber(r->x.xp));
	if (n >= 0 && (size_t)n < r->whylen) {
		va_start(ap, fmt);
		vsnprintf(r->why + n, r->whylen - n, fmt, ap);
		va_end(ap);
	}
	XML_StopParser(r->x.xp, XML_FALSE);
}

/* Room for n more bytes at the end of l, taken: where they go. */
static char *
grow(struct lines *l, size_t n)
{
	if (l->b.cap - l->b.n < n + 1)
		buf_reserve(&l->b, n);
	l->b.n += n;
	l->b.s[l->b.n] = '\0';
	return l->b.s + l->b.n - n;
}

/* n bytes of text at the end of l, counted against OFFICE_MAX; NULL past it. */
static char *
add(struct reader *r, struct lines *l, size_t n)
{
	if (n > OFFICE_MAX - r->total) {
		fail(r, 0, "the text passes %zu MiB", OFFICE_MAX >> 20);
		return NULL;
	}
	r->total += n;
	return grow(l, n);
}

/* Text of the innermost open paragraph (there is one). */
static void
put(struct reader *r, const char *s, size_t n)
{
	char *p;

	if ((p = add(r, &r->lines[r->npara - 1], n)) != NULL)
		memcpy(p, s, n);
}

static void
put_spaces(struct reader *r, size_t n)
{
	char *p;

	if ((p = add(r, &r->lines[r->npara - 1], n)) != NULL)
		memset(p, ' ', n);
}

/* l's last line ended, if it has text. */
static void
end_line(struct reader *r, struct lines *l)
{
	char *p;

	if (l->b.n > 0 && l->b.s[l->b.n - 1] != '\n' && (p = add(r, l, 1)) != NULL)
		*p = '\n';
}

static int
para_open(struct reader *r)
{
	if (r->npara == OFFICE_NEST) {
		fail(r, 1, "paragraphs (text boxes) nested more than %d deep "
		    "(refused)", OFFICE_NEST);
		return 0;
	}
	r->lines[r->npara++].joined = 0;
	return 1;
}

/*
 * The paragraph's line ends (unless its mark was deleted: it runs on into
 * the next), then come the lines of the text boxes anchored in it.
 */
static void
para_close(struct reader *r)
{
	struct lines *l = &r->lines[r->npara - 1], *boxes = &r->lines[r->npara];

	if (!l->joined || boxes->b.n > 0)
		put(r, "\n", 1);
	end_line(r, boxes);
	if (boxes->b.n > 0 && !r->failed) {
		memcpy(grow(l, boxes->b.n), boxes->b.s, boxes->b.n);
		boxes->b.n = 0;
	}
	r->npara--;
}

/* The local name of an expat name in namespace uri, else NULL. */
static const char *
local(const char *name, const char *uri)
{
	size_t n = strlen(uri);

	if (strncmp(name, uri, n) == 0 && name[n] == NSSEP[0])
		return name + n + 1;
	return NULL;
}

/*
 * Word: text is w:t's, inside w:r; a w:tab there is a TAB, while the w:tab
 * of w:pPr's w:tabs is a tab stop. w:del and w:moveFrom hold deleted text
 * (w:delText), and one in the paragraph mark's w:rPr deletes the mark.
 */
static int
docx_start(struct reader *r, const char *name)
{
	unsigned char *parent = &r->kind[r->depth - 1];
	const char *w, *mc;

	if ((w = local(name, W_NS)) != NULL ||
	    (w = local(name, W_NS_STRICT)) != NULL) {
		if (strcmp(w, "p") == 0)
			return K_PARA;
		if (strcmp(w, "r") == 0)
			return K_RUN;
		if (strcmp(w, "pPr") == 0)
			return *parent == K_PARA ? K_PPR : K_OTHER;
		if (strcmp(w, "rPr") == 0)
			return *parent == K_PPR ? K_MARK : K_OTHER;
		if (strcmp(w, "del") == 0 || strcmp(w, "moveFrom") == 0) {
			if (*parent == K_MARK)
				r->lines[r->npara - 1].joined = 1;
			return K_SKIP;
		}
		if (strcmp(w, "delText") == 0)
			return K_SKIP;
		if (*parent != K_RUN || r->npara == 0)
			return K_OTHER;
		if (strcmp(w, "t") == 0)
			return K_TEXT;
		if (strcmp(w, "tab") == 0 || strcmp(w, "ptab") == 0)
			put(r, "\t", 1);
		else if (strcmp(w, "br") == 0 || strcmp(w, "cr") == 0)
			put(r, "\n", 1);
		else if (strcmp(w, "noBreakHyphen") == 0)
			put(r, "-", 1);
		return K_OTHER;
	}
	/* Word writes a text box once for itself, once for older readers. */
	if ((mc = local(name, MC_NS)) != NULL) {
		if (strcmp(mc, "AlternateContent") == 0)
			return K_ALT;
		if (strcmp(mc, "Choice") == 0 && *parent == K_ALT) {
			*parent = K_ALT_READ;
			return K_OTHER;
		}
		if ((strcmp(mc, "Choice") == 0 || strcmp(mc, "Fallback") == 0) &&
		    *parent == K_ALT_READ)
			return K_SKIP;
	}
	return K_OTHER;
}

/* text:s's count of spaces: text:c, 1 if absent (held below 10 * OFFICE_MAX). */
static size_t
odt_spaces(const char **attr)
{
	const char *s;
	size_t n = 0;

	for (; attr[0] != NULL; attr += 2)
		if (strcmp(attr[0], TEXT_NS NSSEP "c") == 0) {
			s = attr[1];
			if (*s < '0' || *s > '9')
				return 1;
			for (; *s >= '0' && *s <= '9'; s++)
				if (n <= OFFICE_MAX)
					n = 10 * n + (size_t)(*s - '0');
			return n;
		}
	return 1;
}

/*
 * OpenDocument: text is the character data of text: elements inside a
 * paragraph (spans, links, fields), not of a frame's svg:title, say.
 * text:tracked-changes holds the deleted text, text:note the notes.
 */
static int
odt_start(struct reader *r, const char *name, const char **attr)
{
	const char *t, *o;

	if ((t = local(name, TEXT_NS)) != NULL) {
		if (strcmp(t, "p") == 0 || strcmp(t, "h") == 0)
			return K_PARA;
		if (strcmp(t, "tracked-changes") == 0 || strcmp(t, "note") == 0)
			return K_SKIP;
		if (r->npara == 0)
			return K_OTHER;
		if (strcmp(t, "tab") == 0)
			put(r, "\t", 1);
		else if (strcmp(t, "line-break") == 0)
			put(r, "\n", 1);
		else if (strcmp(t, "s") == 0)
			put_spaces(r, odt_spaces(attr));
		return K_TEXT;
	}
	if ((o = local(name, OFFICE_NS)) != NULL && strcmp(o, "annotation") == 0)
		return K_SKIP;
	return K_OTHER;
}

static void XMLCALL
on_start(void *u, const XML_Char *name, const XML_Char **attr)
{
	struct reader *r = u;
	int k;

	if (r->failed)
		return;
	if (r->depth == OFFICE_DEPTH) {
		fail(r, 1, "elements nested more than %d deep (refused)",
		    OFFICE_DEPTH);
		return;
	}
	r->kind[++r->depth] = K_OTHER;
	if (r->skip)
		return;
	if (r->format == OFFICE_DOCX)
		k = docx_start(r, name);
	else
		k = odt_start(r, name, attr);
	if (k == K_SKIP)
		r->skip = r->depth;
	else if (k != K_PARA || para_open(r))
		r->kind[r->depth] = k;
}

static void XMLCALL
on_end(void *u, const XML_Char *name)
{
	struct reader *r = u;

	(void)name;
	if (r->failed)
		return;
	if (r->skip == r->depth)
		r->skip = 0;
	else if (!r->skip && r->kind[r->depth] == K_PARA)
		para_close(r);
	r->depth--;
}

static void XMLCALL
on_text(void *u, const XML_Char *s, int len)
{
	struct reader *r = u;
	int k = r->kind[r->depth];

	if (r->failed || r->skip || r->npara == 0)
		return;
	/* A docx w:p's own character data is the markup's indentation. */
	if (k == K_TEXT || (k == K_PARA && r->format == OFFICE_ODT))
		put(r, s, (size_t)len);
}

/* The words office_xml's refusals have here. */
static void
refuse(struct office_xml *x, enum office_refusal what, const char *words)
{
	(void)what;
	fail((struct reader *)x, 1, "%s", words);
}

/* A chunk of the part parsed; nonzero once parsing stopped. */
static int
take(void *u, const char *s, size_t n)
{
	struct reader *r = u;
	void *buf;

	if ((buf = XML_GetBuffer(r->x.xp, OFFICE_CHUNK)) == NULL) {
		say(r->why, r->whylen, "%s: out of memory", r->part);
		return -1;
	}
	memcpy(buf, s, n);
	if (XML_ParseBuffer(r->x.xp, (int)n, n == 0) != XML_STATUS_OK &&
	    !r->failed)
		fail(r, 1, "%s", XML_ErrorString(XML_GetErrorCode(r->x.xp)));
	return r->failed;
}

/* Parse entry i, the part, as it is inflated; 0, or -1 with r->why set. */
static int
parse(struct reader *r, zip_t *za, zip_uint64_t i)
{
	char err[256];

	XML_SetElementHandler(r->x.xp, on_start, on_end);
	XML_SetCharacterDataHandler(r->x.xp, on_text);
	switch (office_zip_read(za, i, OFFICE_MAX, take, r, err, sizeof(err))) {
	case 0:
		break;
	case OFFICE_ZIP_OPEN:
		say(r->why, r->whylen, "%s cannot be read from the archive "
		    "(%s)", r->part, err);
		return -1;
	case OFFICE_ZIP_READ:
		say(r->why, r->whylen, "%s is corrupt in the archive (%s)",
		    r->part, err);
		return -1;
	case OFFICE_ZIP_BIG:
		say(r->why, r->whylen, "%s expands past %zu MiB (refused)",
		    r->part, OFFICE_MAX >> 20);
		return -1;
	default:
		return -1;
	}
	end_line(r, &r->lines[0]);
	return r->failed ? -1 : 0;
}

/* The archive could not be opened: why, in words for the user. */
static void
bad_archive(const void *data, size_t size, enum office_format f,
    zip_error_t *ze, char *why, size_t whylen)
{
	if (size == 0 || zip_error_code_zip(ze) == ZIP_ER_NOZIP) {
		/* A zip's first entry begins "PK\3\4"; its directory, at the end, is gone. */
		if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
			say(why, whylen, "a corrupt zip archive (no central "
			    "directory: truncated?)");
		else
			say(why, whylen, "not a zip archive (%s is one)",
			    f == OFFICE_DOCX ? "a .docx" : "an .odt");
	} else
		say(why, whylen, "a corrupt zip archive (%s)",
		    zip_error_strerror(ze));
}

int
office_text(const void *data, size_t size, enum office_format f,
    char **text, size_t *len, char *why, size_t whylen)
{
	const char *part = f == OFFICE_DOCX ? "word/document.xml" : "content.xml";
	struct reader *r;
	zip_error_t ze;
	zip_int64_t i;
	zip_t *za;
	int status;

	zip_error_init(&ze);
	if (size == 0 || (za = office_zip_open(data, size, &ze)) == NULL) {
		bad_archive(data, size, f, &ze, why, whylen);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	if ((i = zip_name_locate(za, part, ZIP_FL_NOCASE)) < 0) {
		say(why, whylen, "no %s in the archive", part);
		zip_discard(za);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	r->format = f;
	r->part = part;
	r->why = why;
	r->whylen = whylen;
	if (office_xml_new(&r->x, NSSEP[0], refuse) != 0) {
		say(why, whylen, "%s: out of memory", part);
		status = -1;
	} else
		status = parse(r, za, (zip_uint64_t)i);
	if (status == 0) {
		grow(&r->lines[0], 0);         /* a buffer even for no text */
		*text = r->lines[0].b.s;
		*len = r->lines[0].b.n;
	} else
		buf_free(&r->lines[0].b);
	for (size_t k = 1; k <= OFFICE_NEST; k++)
		buf_free(&r->lines[k].b);
	if (r->x.xp != NULL)
		XML_ParserFree(r->x.xp);
	free(r);
	zip_discard(za);
	return status;
}

int
office_format_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return -1;
	if (strcasecmp(dot, ".docx") == 0)
		return OFFICE_DOCX;
	if (strcasecmp(dot, ".odt") == 0)
		return OFFICE_ODT;
	return -1;
}

zip_t *
office_zip_open(const void *data, size_t size, zip_error_t *ze)
{
	zip_source_t *src;
	zip_t *za;

	if ((src = zip_source_buffer_create(data, size, 0, ze)) == NULL)
		return NULL;
	if ((za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    ze)) == NULL)
		zip_source_free(src);
	return za;
}

int
office_zip_read(zip_t *za, zip_uint64_t i, size_t max,
    int (*take)(void *, const char *, size_t), void *arg,
    char *err, size_t errlen)
{
	size_t read = 0;
	zip_file_t *zf;
	zip_int64_t n;
	char *chunk;

	if ((zf = zip_fopen_index(za, i, 0)) == NULL) {
		snprintf(err, errlen, "%s", zip_strerror(za));
		return OFFICE_ZIP_OPEN;
	}
	chunk = xmalloc(OFFICE_CHUNK);
	for (;;) {
		if ((n = zip_fread(zf, chunk, OFFICE_CHUNK)) < 0) {
			snprintf(err, errlen, "%s", zip_file_strerror(zf));
			break;
		}
		if (n == 0)
			break;
		/* Counted as read: the archive's sizes are the archive's word. */
		if ((size_t)n > max - read) {
			free(chunk);
			zip_fclose(zf);
			return OFFICE_ZIP_BIG;
		}
		read += (size_t)n;
		if (take(arg, chunk, (size_t)n) != 0) {
			free(chunk);
			zip_fclose(zf);
			return OFFICE_ZIP_TAKE;
		}
	}
	free(chunk);
	if (n < 0) {
		zip_fclose(zf);
		return OFFICE_ZIP_READ;
	}
	/* Its error, if any, is a read's: a damaged entry. */
	if (zip_fclose(zf) != 0) {
		snprintf(err, errlen, "%s", zip_strerror(za));
		return OFFICE_ZIP_READ;
	}
	return take(arg, "", 0) != 0 ? OFFICE_ZIP_TAKE : 0;
}

static void XMLCALL
on_doctype(void *u, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	struct office_xml *x = u;

	(void)name, (void)sysid, (void)pubid, (void)internal;
	/* An entity is declared only in a DOCTYPE: refusing it refuses all. */
	x->refuse(x, OFFICE_REFUSE_DOCTYPE, "XML declares a DOCTYPE (refused)");
}

static void XMLCALL
on_entity(void *u, const XML_Char *name, int param, const XML_Char *value,
    int len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	struct office_xml *x = u;

	(void)name, (void)param, (void)value, (void)len, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	x->refuse(x, OFFICE_REFUSE_ENTITY, "XML declares an entity (refused)");
}

static int XMLCALL
on_external(XML_Parser xp, const XML_Char *context, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid)
{
	struct office_xml *x = XML_GetUserData(xp);

	(void)context, (void)base, (void)sysid, (void)pubid;
	x->refuse(x, OFFICE_REFUSE_EXTERNAL,
	    "XML refers to an external entity (refused)");
	return XML_STATUS_ERROR;
}

int
office_xml_new(struct office_xml *x, char nssep,
    void (*refuse)(struct office_xml *, enum office_refusal, const char *))
{
	x->refuse = refuse;
	x->xp = nssep ? XML_ParserCreateNS(NULL, nssep) : XML_ParserCreate(NULL);
	if (x->xp == NULL)
		return -1;
	XML_SetUserData(x->xp, x);
	XML_SetStartDoctypeDeclHandler(x->xp, on_doctype);
	XML_SetEntityDeclHandler(x->xp, on_entity);
	XML_SetExternalEntityRefHandler(x->xp, on_external);
	XML_SetParamEntityParsing(x->xp, XML_PARAM_ENTITY_PARSING_NEVER);
	return 0;
}
