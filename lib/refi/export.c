/*
 * export.c: tx's codings and their transcripts as a REFI-QDA project
 * (.qdpx): project.qde and each transcript's plain text as
 * sources/<guid>.txt.
 *
 * The project holds one User per coder, the codebook's codes (and any the
 * codings name beyond it), a Variable per attribute column whose value is
 * one per document (Integer, Float or Text by its values), a Case per
 * document with its values, a TextSource per transcript, and a
 * PlainTextSelection per coded segment with a Coding per code and coder.
 * Positions are Unicode code points of the text in the archive: a plain
 * transcript's bytes with the byte-order mark dropped and CRLF written LF;
 * a Word or ODT file's text as tx-segment reads it; a WebVTT or SubRip
 * file's segments as the codings hold them, one "Speaker: text" line each.
 * Everything comes in a fixed order, GUIDs are derived from names and no
 * date is written but the archive's fixed one: the same inputs give the
 * same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "out.h"
#include "spans.h"
#include "streams.h"
#include "intern.h"
#include "tsv.h"
#include "tx.h"
#include "utf8.h"
#include "office/office.h"
#include "segment/segment.h"
#include "refi/refi.h"

#define NAME_CHARS 60   /* of a selection's text, as its name */

/* A segment of a rendered document (WebVTT, SubRip, no transcript). */
struct rseg {
	size_t start, end;      /* bytes of the source file */
	char *speaker, *text;
	size_t cstart, cend;    /* code points of the rendered text */
	size_t bstart, bend;    /* bytes of the rendered text */
	size_t seq;             /* stream order: the first of a range is kept */
};

/* A byte offset of the source, and where it is in the archive's text. */
struct where {
	size_t off;             /* byte of the transcript (tx's start, end) */
	size_t cp;              /* code point of the text */
	size_t at;              /* byte of the text */
};

struct xdoc {
	const char *path;       /* NULL: no transcript, rendered from the codings */
	char *doc;
	int rendered;           /* its text is its segments', a line each */
	char guid[REFI_GUID_LEN + 1];
	char *text;             /* as the archive holds it */
	size_t len;
	struct buf file;        /* the transcript, read to sniff, until its text */
	struct where *w;        /* the starts and ends of its coded rows */
	size_t nw;
	struct rseg *seg;
	size_t nseg, capseg;
	char **attr;            /* the first value of each attribute column */
};

struct xrow {
	size_t doc, start, end;
	long code;
	size_t coder;
	long line;
};

struct exp {
	const struct refi_export_opts *o;
	const char *codings;
	struct xdoc *d;
	size_t nd, capd, ngiven;        /* documents; those with a transcript */
	struct strmap docs, coders;
	char **coder;
	char (*uguid)[REFI_GUID_LEN + 1];       /* each coder's User GUID */
	size_t ncoder;
	struct xrow *row;
	size_t nrow, caprow;
	struct refi_cbook *cb;
	int *acol;              /* stream columns that are attributes */
	size_t nacol;
	char **aname;
	int *varies;            /* the column's value differs within a document */
};

/* A document the codings name and no transcript given is: rendered. */
static long
add_doc(struct exp *x, const char *doc, const char *path)
{
	struct xdoc *d;

	if (x->nd == x->capd) {
		x->capd = x->capd ? 2 * x->capd : 32;
		x->d = xrealloc(x->d, x->capd * sizeof(*x->d));
	}
	d = memset(&x->d[x->nd], 0, sizeof(*d));
	d->path = path;
	d->doc = xstrdup(doc);
	d->rendered = path == NULL;
	refi_guid(d->guid, "source", d->doc);
	strmap_put(&x->docs, doc, strlen(doc), (long)x->nd);
	return (long)x->nd++;
}

/* The columns every segment or coding has: not attributes. */
static int
known_col(const char *c)
{
	for (size_t i = 0; i < sizeof(SEGMENT_COLS) / sizeof(*SEGMENT_COLS); i++)
		if (strcmp(c, SEGMENT_COLS[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(CODINGS_ADDED_COLS) /
	    sizeof(*CODINGS_ADDED_COLS); i++)
		if (strcmp(c, CODINGS_ADDED_COLS[i]) == 0)
			return 1;
	return 0;
}

static size_t
whole(struct tsv *t, int col, const char *what)
{
	uint64_t v;

	if (t->flen[col] == 0)
		tsv_die(t, "%s is empty", what);
	if (spans_offset(t->field[col], t->flen[col], &v) != 0)
		tsv_die(t, "%s \"%s\" is not a byte offset", what,
		    t->field[col]);
	return (size_t)v;
}

static void
add_rseg(struct xdoc *d, size_t start, size_t end, const char *speaker,
    const char *text)
{
	struct rseg *r;

	if (d->nseg == d->capseg) {
		d->capseg = d->capseg ? 2 * d->capseg : 64;
		d->seg = xrealloc(d->seg, d->capseg * sizeof(*d->seg));
	}
	r = &d->seg[d->nseg++];
	r->start = start;
	r->end = end;
	r->seq = d->nseg - 1;
	r->speaker = xstrdup(speaker);
	r->text = xstrdup(text);
}

/* The codings: coded rows, coders, segments of rendered documents, attributes. */
static void
read_codings(struct exp *x)
{
	char *files[1] = { (char *)x->codings };
	struct tsv *t = tsv_open(1, files);
	int cdoc, cstart, cend, ccode, ccoder, cspeaker, ctext;

	if (!tsv_header(t)) {
		if (tsv_close(t) != EXIT_OK)
			tx_exit(EXIT_DATA);
		return;
	}
	cdoc = tsv_need(t, "doc", NULL);
	cstart = tsv_need(t, "start", NULL);
	cend = tsv_need(t, "end", NULL);
	ccode = tsv_need(t, "code", NULL);
	ccoder = tsv_need(t, "coder", NULL);
	cspeaker = tsv_col(t, "speaker");
	ctext = tsv_col(t, "text");
	x->acol = xcalloc(t->ncol + 1, sizeof(*x->acol));
	x->aname = xcalloc(t->ncol + 1, sizeof(*x->aname));
	for (size_t c = 0; c < t->ncol; c++)
		if (!known_col(t->col[c])) {
			x->aname[x->nacol] = xstrdup(t->col[c]);
			x->acol[x->nacol++] = (int)c;
		}
	x->varies = xcalloc(x->nacol + 1, sizeof(*x->varies));
	while (tsv_next(t)) {
		long di = strmap_get(&x->docs, t->field[cdoc], t->flen[cdoc]);
		size_t start = whole(t, cstart, "start"), end = whole(t, cend, "end");
		const char *coder = *t->field[ccoder] ? t->field[ccoder] : "unknown";
		struct xdoc *d;
		long ci;

		if (di < 0) {
			if (x->ngiven > 0)
				tx_warn(x->codings, t->lineno, "doc \"%s\" has no "
				    "transcript among the files given: its source is "
				    "its segments' text (or --doc-id as tx-segment "
				    "had it)", t->field[cdoc]);
			di = add_doc(x, t->field[cdoc], NULL);
		}
		d = &x->d[di];
		if (end < start)
			tsv_die(t, "end %zu is before start %zu", end, start);
		if (d->attr == NULL) {
			d->attr = xcalloc(x->nacol + 1, sizeof(*d->attr));
			for (size_t a = 0; a < x->nacol; a++)
				d->attr[a] = xstrdup(t->field[x->acol[a]]);
		} else
			for (size_t a = 0; a < x->nacol; a++)
				x->varies[a] |= strcmp(d->attr[a], t->field[x->acol[a]]) != 0;
		if (d->rendered) {
			if (ctext < 0)
				tsv_die(t, "no text column: a WebVTT or SubRip "
				    "transcript, or a document without one, is "
				    "exported as its segments' text");
			add_rseg(d, start, end, cspeaker >= 0 ? t->field[cspeaker] : "",
			    t->field[ctext]);
		}
		if ((ci = strmap_get(&x->coders, coder, strlen(coder))) < 0) {
			ci = (long)x->ncoder;
			strmap_put(&x->coders, coder, strlen(coder), ci);
			x->coder = xrealloc(x->coder, (x->ncoder + 1) * sizeof(*x->coder));
			x->coder[x->ncoder++] = xstrdup(coder);
		}
		if (*t->field[ccode] == '\0')
			continue;
		if (x->nrow == x->caprow) {
			x->caprow = x->caprow ? 2 * x->caprow : 256;
			x->row = xrealloc(x->row, x->caprow * sizeof(*x->row));
		}
		x->row[x->nrow] = (struct xrow){ .doc = (size_t)di, .start = start,
		    .end = end, .coder = (size_t)ci, .line = t->lineno };
		if ((x->row[x->nrow].code = qdc_find(x->cb, t->field[ccode])) < 0) {
			if (x->o->codebook != NULL)
				tx_warn(x->codings, t->lineno, "code \"%s\" is not in "
				    "%s: exported as a code of its own",
				    t->field[ccode], x->o->codebook);
			x->row[x->nrow].code = qdc_add(x->cb, t->field[ccode], 1);
		}
		x->nrow++;
	}
	if (tsv_close(t) != EXIT_OK)
		tx_exit(EXIT_DATA);
	for (size_t a = 0; a < x->nacol; a++)
		if (x->varies[a])
			tx_warn(x->codings, 0, "column %s differs within a document: "
			    "not a case variable (left out)", x->aname[a]);
}

static int
where_cmp(const void *a, const void *b)
{
	const struct where *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* The starts and ends of the document's coded rows (row[0, n)), sorted. */
static void
collect_offsets(struct xdoc *d, const struct xrow *row, size_t n)
{
	d->w = xcalloc(2 * n + 1, sizeof(*d->w));
	d->nw = 0;
	for (size_t i = 0; i < n; i++) {
		d->w[d->nw++].off = row[i].start;
		d->w[d->nw++].off = row[i].end;
	}
	qsort(d->w, d->nw, sizeof(*d->w), where_cmp);
}

/*
 * A plain transcript: its BOM dropped, CRLF written LF; where each
 * offset asked for lands. An offset inside a CRLF or a character lands
 * where its character does.
 */
static void
plain_text(struct xdoc *d, const char *s, size_t n)
{
	size_t bom = refi_bom(s, n), k = 0, o = 0, q = 0;

	d->text = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		for (; q < d->nw && d->w[q].off == i; q++) {
			d->w[q].cp = k;
			d->w[q].at = o;
		}
		if (i < bom || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			continue;
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
		d->text[o++] = s[i];
	}
	for (; q < d->nw && d->w[q].off == n; q++) {
		d->w[q].cp = k;
		d->w[q].at = o;
	}
	if (q < d->nw)
		tx_die(EXIT_DATA, NULL, 0, "doc \"%s\": offset %zu is past the "
		    "end of %s (%zu bytes): is it the transcript the codings were "
		    "made from?", d->doc, d->w[q].off, d->path, n);
	d->text[o] = '\0';
	d->len = o;
}

static int
rseg_cmp(const void *a, const void *b)
{
	const struct rseg *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start ? 1 :
	    x->end < y->end ? -1 : x->end > y->end ? 1 :
	    x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The segments by range, each range once: as the stream first gave it. */
static void
sort_rsegs(struct xdoc *d)
{
	size_t n = 0;

	if (d->nseg > 1)
		qsort(d->seg, d->nseg, sizeof(*d->seg), rseg_cmp);
	for (size_t i = 0; i < d->nseg; i++) {
		if (n > 0 && d->seg[n - 1].start == d->seg[i].start &&
		    d->seg[n - 1].end == d->seg[i].end) {
			free(d->seg[i].speaker);
			free(d->seg[i].text);
			continue;
		}
		d->seg[n++] = d->seg[i];
	}
	d->nseg = n;
}

/* A rendered document: its segments, "Speaker: text" a line. */
static void
rendered_text(struct xdoc *d)
{
	struct buf b = { 0 };
	size_t k = 0;

	sort_rsegs(d);
	buf_reserve(&b, 0);
	for (size_t i = 0; i < d->nseg; i++) {
		struct rseg *r = &d->seg[i];

		if (*r->speaker) {
			buf_str(&b, r->speaker);
			buf_str(&b, ": ");
			k += utf8_chars(r->speaker, strlen(r->speaker)) + 2;
		}
		r->cstart = k;
		r->bstart = b.n;
		buf_str(&b, r->text);
		k += utf8_chars(r->text, strlen(r->text));
		r->cend = k;
		r->bend = b.n;
		buf_char(&b, '\n');
		k++;
	}
	d->text = b.s;
	d->len = b.n;
}

static void
load_transcript(struct xdoc *d)
{
	struct buf b = { 0 };
	const char *what;
	char why[256];
	size_t bad;

	if (d->rendered) {
		buf_free(&d->file);
		rendered_text(d);
		return;
	}
	/* A plain transcript was read to sniff its format: not read again. */
	if (d->file.s != NULL) {
		b = d->file;
		d->file = (struct buf){ 0 };
	} else if (file_read(d->path, &b) != 0)
		tx_exit(EXIT_DATA);
	if (office_format_of(d->path) >= 0) {
		char *text;
		size_t len;

		if (office_text(b.s, b.n, (enum office_format)office_format_of(d->path),
		    &text, &len, why, sizeof(why)) != 0)
			tx_die(EXIT_DATA, d->path, 0, "%s", why);
		plain_text(d, text, len);
		free(text);
	} else {
		if ((bad = text_check(b.s, b.n, &what)) != b.n)
			tx_die(EXIT_DATA, d->path, line_of(b.s, bad), "%s", what);
		plain_text(d, b.s, b.n);
	}
	buf_free(&b);
}

/* Where a byte offset of the document landed (it was collected). */
static const struct where *
where_of(const struct xdoc *d, size_t off)
{
	size_t lo = 0, hi = d->nw;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->w[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &d->w[lo];
}

/* A coded row's code points, and bytes of the archive's text. */
static void
positions(const struct exp *x, const struct xrow *r, size_t *a, size_t *z,
    size_t *ba, size_t *bz)
{
	const struct xdoc *d = &x->d[r->doc];

	if (d->rendered) {
		size_t lo = 0, hi = d->nseg;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct rseg *m = &d->seg[mid];

			if (m->start < r->start || (m->start == r->start &&
			    m->end < r->end))
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < d->nseg && d->seg[lo].start == r->start &&
		    d->seg[lo].end == r->end) {
			*a = d->seg[lo].cstart, *z = d->seg[lo].cend;
			*ba = d->seg[lo].bstart, *bz = d->seg[lo].bend;
			return;
		}
	}
	*a = where_of(d, r->start)->cp, *ba = where_of(d, r->start)->at;
	*z = where_of(d, r->end)->cp, *bz = where_of(d, r->end)->at;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct xrow *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return x->coder < y->coder ? -1 : x->coder > y->coder;
}

/* Integer, Float or Text: what every value of the column is. */
static const char *
var_type(const struct exp *x, size_t a)
{
	int integer = 1, decimal = 1, any = 0;

	for (size_t i = 0; i < x->nd; i++) {
		const char *v = x->d[i].attr ? x->d[i].attr[a] : "";
		const char *s = v + (*v == '-');
		size_t digits = 0, dots = 0;

		if (*v == '\0')
			continue;
		any = 1;
		for (; *s; s++)
			if (*s >= '0' && *s <= '9')
				digits++;
			else if (*s == '.')
				dots++;
			else
				integer = decimal = 0;
		if (digits == 0 || dots > 1 || strlen(v) > 18)
			integer = decimal = 0;
		if (dots)
			integer = 0;
	}
	return !any ? "Text" : integer ? "Integer" : decimal ? "Float" : "Text";
}

static void
indent(struct buf *b, int n)
{
	while (n-- > 0)
		buf_str(b, "  ");
}

/* Text made safe for XML: C0 controls but TAB, LF, CR as spaces. */
static void
attr_text(struct buf *b, const char *name, const char *s, size_t n)
{
	char *t = xstrndup(s, n);

	for (char *c = t; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\t' && *c != '\n' && *c != '\r')
			*c = ' ';
	xml_attr(b, name, t);
	free(t);
}

static void
write_users(struct buf *b, const struct exp *x)
{
	if (x->ncoder == 0)
		return;
	buf_str(b, "  <Users>\n");
	for (size_t i = 0; i < x->ncoder; i++) {
		buf_str(b, "    <User");
		xml_attr(b, "guid", x->uguid[i]);
		attr_text(b, "name", x->coder[i], strlen(x->coder[i]));
		buf_str(b, "/>\n");
	}
	buf_str(b, "  </Users>\n");
}

static void
write_cases(struct buf *b, const struct exp *x, const char **types)
{
	char g[REFI_GUID_LEN + 1];
	size_t nvar = 0;

	for (size_t a = 0; a < x->nacol; a++)
		nvar += !x->varies[a];
	if (nvar > 0) {
		buf_str(b, "  <Variables>\n");
		for (size_t a = 0; a < x->nacol; a++) {
			if (x->varies[a])
				continue;
			refi_guid(g, "variable", x->aname[a]);
			buf_str(b, "    <Variable");
			xml_attr(b, "guid", g);
			xml_attr(b, "name", x->aname[a]);
			xml_attr(b, "typeOfVariable", types[a]);
			buf_str(b, "/>\n");
		}
		buf_str(b, "  </Variables>\n");
	}
	if (x->nd == 0)
		return;
	buf_str(b, "  <Cases>\n");
	for (size_t i = 0; i < x->nd; i++) {
		const struct xdoc *d = &x->d[i];

		refi_guid(g, "case", d->doc);
		buf_str(b, "    <Case");
		xml_attr(b, "guid", g);
		attr_text(b, "name", d->doc, strlen(d->doc));
		buf_str(b, ">\n");
		for (size_t a = 0; d->attr && a < x->nacol; a++) {
			const char *v = d->attr[a];

			if (x->varies[a] || *v == '\0')
				continue;
			refi_guid(g, "variable", x->aname[a]);
			buf_str(b, "      <VariableValue><VariableRef");
			xml_attr(b, "targetGUID", g);
			buf_str(b, "/><");
			buf_str(b, types[a]);
			buf_str(b, "Value>");
			if (xml_escape(b, v, strlen(v), 0) != 0)
				tx_die(EXIT_DATA, x->codings, 0, "doc %s: column %s "
				    "holds a control character XML cannot hold",
				    d->doc, x->aname[a]);
			buf_str(b, "</");
			buf_str(b, types[a]);
			buf_str(b, "Value></VariableValue>\n");
		}
		buf_str(b, "      <SourceRef");
		xml_attr(b, "targetGUID", d->guid);
		buf_str(b, "/>\n    </Case>\n");
	}
	buf_str(b, "  </Cases>\n");
}

/* The selection of rows [i, j) (one doc, start and end): its codings. */
static void
write_selection(struct buf *b, const struct exp *x, size_t i, size_t j)
{
	const struct xrow *r = &x->row[i];
	const struct xdoc *d = &x->d[r->doc];
	char g[REFI_GUID_LEN + 1], key[512];
	size_t a, z, na, nz, name_end, chars = 0;
	char num[32];

	positions(x, r, &a, &z, &na, &nz);
	/* by code points, so a transcript's line ends do not change it */
	snprintf(key, sizeof(key), "%s\t%zu\t%zu", d->doc, a, z);
	refi_guid(g, "selection", key);
	indent(b, 3);
	buf_str(b, "<PlainTextSelection");
	xml_attr(b, "guid", g);
	/* its first characters, as other tools name a selection */
	for (name_end = na; name_end < nz; name_end++)
		if (((unsigned char)d->text[name_end] & 0xc0) != 0x80 &&
		    chars++ == NAME_CHARS)
			break;
	attr_text(b, "name", d->text + na, name_end - na);
	snprintf(num, sizeof(num), "%zu", a);
	xml_attr(b, "startPosition", num);
	snprintf(num, sizeof(num), "%zu", z);
	xml_attr(b, "endPosition", num);
	buf_str(b, ">\n");
	for (size_t k = i; k < j; k++) {
		const struct xrow *c = &x->row[k];
		const char *code = qdc_path(x->cb, (size_t)c->code);
		if (k > i && c->code == x->row[k - 1].code &&
		    c->coder == x->row[k - 1].coder)
			continue;
		snprintf(key, sizeof(key), "%s\t%zu\t%zu\t%s\t%s", d->doc, a, z,
		    code, x->coder[c->coder]);
		refi_guid(g, "coding", key);
		indent(b, 4);
		buf_str(b, "<Coding");
		xml_attr(b, "guid", g);
		xml_attr(b, "creatingUser", x->uguid[c->coder]);
		buf_str(b, "><CodeRef");
		xml_attr(b, "targetGUID", qdc_guid(x->cb, (size_t)c->code));
		buf_str(b, "/></Coding>\n");
	}
	indent(b, 3);
	buf_str(b, "</PlainTextSelection>\n");
}

static void
write_sources(struct buf *b, const struct exp *x)
{
	size_t i = 0;
	char path[64];

	if (x->nd == 0)
		return;
	buf_str(b, "  <Sources>\n");
	for (size_t di = 0; di < x->nd; di++) {
		const struct xdoc *d = &x->d[di];

		snprintf(path, sizeof(path), "internal://%s.txt", d->guid);
		buf_str(b, "    <TextSource");
		xml_attr(b, "guid", d->guid);
		attr_text(b, "name", d->doc, strlen(d->doc));
		xml_attr(b, "plainTextPath", path);
		buf_str(b, ">\n");
		while (i < x->nrow && x->row[i].doc == di) {
			size_t j = i + 1;

			while (j < x->nrow && x->row[j].doc == di &&
			    x->row[j].start == x->row[i].start &&
			    x->row[j].end == x->row[i].end)
				j++;
			write_selection(b, x, i, j);
			i = j;
		}
		buf_str(b, "    </TextSource>\n");
	}
	buf_str(b, "  </Sources>\n");
}

/* The project's name: the output's base name without its extension. */
static char *
project_name(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name = xstrdup(base ? base + 1 : path), *dot = strrchr(name, '.');

	if (dot != NULL && dot != name)
		*dot = '\0';
	return name;
}

int
refi_export(const struct refi_export_opts *o, const char *codings,
    char **transcripts, size_t ntranscripts)
{
	struct exp x = { .o = o, .codings = codings, .ngiven = ntranscripts };
	struct seg_opts so = { 0 };
	struct seg_input *in = xcalloc(ntranscripts + 1, sizeof(*in));
	struct buf b = { 0 }, zip = { 0 };
	struct refi_zipw *w;
	const char **types;
	char *name;
	int status = EXIT_OK;

	x.cb = o->codebook ? qdc_load(o->codebook) : qdc_new();
	if (o->doc_id)
		seg_regex_compile(&so.docid, "--doc-id", o->doc_id, 0);
	for (size_t i = 0; i < ntranscripts; i++) {
		in[i].path = transcripts[i];
		in[i].doc = seg_doc_id(&so, transcripts[i], NULL);
	}
	seg_check_ids(in, ntranscripts);
	for (size_t i = 0; i < ntranscripts; i++) {
		long di = add_doc(&x, in[i].doc, transcripts[i]);
		struct buf *file = &x.d[di].file;
		enum seg_format f;

		if (office_format_of(transcripts[i]) >= 0)
			continue;
		if (file_read(transcripts[i], file) != 0)
			tx_exit(EXIT_DATA);
		f = seg_sniff(transcripts[i], file->s, file->n);
		x.d[di].rendered = f == SEG_VTT || f == SEG_SRT;
	}
	read_codings(&x);
	/* A hash each, once: every coding names its coder's. */
	x.uguid = xcalloc(x.ncoder + 1, sizeof(*x.uguid));
	for (size_t i = 0; i < x.ncoder; i++)
		refi_guid(x.uguid[i], "user", x.coder[i]);
	/* By doc first: each document's rows are one run. */
	if (x.nrow > 1)
		qsort(x.row, x.nrow, sizeof(*x.row), row_cmp);
	for (size_t i = 0, r = 0; i < x.nd; i++) {
		size_t e = r;

		while (e < x.nrow && x.row[e].doc == i)
			e++;
		collect_offsets(&x.d[i], x.row + r, e - r);
		r = e;
		load_transcript(&x.d[i]);
	}

	types = xcalloc(x.nacol + 1, sizeof(*types));
	for (size_t a = 0; a < x.nacol; a++)
		types[a] = var_type(&x, a);
	name = project_name(strcmp(o->output, "-") == 0 ? "project" : o->output);
	buf_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_str(&b, "<Project xmlns=\"urn:QDA-XML:project:1.0\"");
	attr_text(&b, "name", name, strlen(name));
	xml_attr(&b, "origin", "tx-refi " TX_VERSION);
	buf_str(&b, ">\n");
	write_users(&b, &x);
	if (qdc_ncode(x.cb) > 0)
		qdc_write(&b, x.cb, &o->qdc, 1, o->codebook ? o->codebook : codings);
	write_cases(&b, &x, types);
	write_sources(&b, &x);
	buf_str(&b, "</Project>\n");

	w = zipw_new(0);
	zipw_add(w, "project.qde", b.s, b.n);
	for (size_t i = 0; i < x.nd; i++) {
		char entry[64];

		snprintf(entry, sizeof(entry), "sources/%s.txt", x.d[i].guid);
		zipw_add(w, entry, x.d[i].text, x.d[i].len);
	}
	zipw_finish(w, &zip);
	if (strcmp(o->output, "-") == 0)
		out_write(zip.s, zip.n);
	else if (refi_write_file(o->output, zip.s, zip.n) != 0)
		status = EXIT_DATA;

	for (size_t i = 0; i < x.nd; i++) {
		struct xdoc *d = &x.d[i];

		free(d->doc), free(d->text), free(d->w);
		for (size_t k = 0; k < d->nseg; k++)
			free(d->seg[k].speaker), free(d->seg[k].text);
		free(d->seg);
		for (size_t a = 0; d->attr && a < x.nacol; a++)
			free(d->attr[a]);
		free(d->attr);
	}
	for (size_t i = 0; i < ntranscripts; i++)
		free(in[i].doc);
	for (size_t i = 0; i < x.ncoder; i++)
		free(x.coder[i]);
	for (size_t a = 0; a < x.nacol; a++)
		free(x.aname[a]);
	free(x.aname), free(x.acol), free(x.varies), free(x.coder), free(x.uguid);
	free(x.row), free(x.d), free(in), free(types), free(name);
	strmap_free(&x.docs);
	strmap_free(&x.coders);
	qdc_free(x.cb);
	seg_opts_free(&so);
	buf_free(&b);
	buf_free(&zip);
	return status;
}
