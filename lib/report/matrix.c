/*
 * The framework matrix (tx-matrix): cases as rows, grouped by an
 * attribute, themes as columns, and in each cell the case's best quotes
 * on the theme (chosen and trimmed by quote.c, as tx-report's), a count
 * of its segments, or nothing for the team's summary. Written as TSV,
 * CSV, Markdown or one HTML page.
 *
 * Read in one pass. Held: the cases and themes (each once, in an arena)
 * and, for each case and theme that meet, the count and the best quotes
 * (their text): the matrix itself, never the stream.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "coder.h"
#include "intern.h"
#include "out.h"
#include "tsv.h"
#include "table.h"
#include "report/report.h"

struct mrow {
	const char *group, *cas;        /* in the arena */
};

struct mcell {
	uint32_t row, col;
	long segs;
	long lastseg;           /* the last segment counted */
	struct quote_cell q;
};

struct matrix {
	const struct matrix_options *o;
	struct report_options ro;
	struct report r;        /* the pens' and quote_put's: format, width, codebook */
	struct chunk *arena;
	struct strset rowkey, colkey, cellkey, cbpath;
	struct mrow *row;
	size_t nrow, caprow;
	struct report_code *col;
	size_t ncol, capcol;
	struct mcell *cell;
	size_t ncell, capcell;
	size_t *roworder, *colorder;
	struct buf key, tag, prevdoc, prevseg;
	long segid;
	struct coder_pick cp;
	char **colname;         /* the columns' names, TSV and CSV */
	char *title;
	int read;               /* the input had a header */
};

static const char hint[] = "not a codings stream (a segments stream? code "
    "it with tx-code first)";

static uint32_t
add_col(struct matrix *m, const char *path, size_t len)
{
	int isnew;
	uint32_t k = strset_add(&m->colkey, &m->arena, path, len, &isnew);
	struct report_code *rc;
	long cb;

	if (!isnew)
		return k;
	if (m->ncol == m->capcol) {
		m->capcol = m->capcol ? 2 * m->capcol : 32;
		m->col = xrealloc(m->col, m->capcol * sizeof(*m->col));
	}
	rc = &m->col[m->ncol++];
	memset(rc, 0, sizeof(*rc));
	rc->path = (char *)m->colkey.ent[k].s;
	rc->len = len;
	rc->name = rc->path;
	rc->cc = -1;
	cb = strset_find(&m->cbpath, path, len);
	rc->cb = cb >= 0 ? &m->r.cb.code[cb] : NULL;
	return k;
}

/*
 * With a codebook, its themes are the columns in its order, whether coded
 * or not: each code cut to the depth, but for a theme that only declares
 * a level (no pattern, codes below it) at a depth below its own.
 */
static void
codebook_cols(struct matrix *m)
{
	const struct codebook *cb = &m->r.cb;
	int isnew;

	for (size_t i = 0; i < cb->ncode; i++)
		strset_add(&m->cbpath, &m->arena, cb->code[i].path,
		    strlen(cb->code[i].path), &isnew);
	for (size_t i = 0; i < cb->ncode; i++) {
		const struct cb_code *c = &cb->code[i];
		int parent = i + 1 < cb->ncode && cb->code[i + 1].parent == (long)i;

		if (parent && c->npat == 0 && c->depth + 1 < m->o->depth)
			continue;
		add_col(m, c->path, code_path_cut(c->path, strlen(c->path),
		    m->o->depth));
	}
}

static uint32_t
row_of(struct matrix *m, struct tsv *t, int cby, int ccase)
{
	int isnew;
	uint32_t i;

	m->key.n = 0;
	if (cby >= 0)
		buf_add(&m->key, t->field[cby], t->flen[cby]);
	buf_char(&m->key, '\0');
	buf_add(&m->key, t->field[ccase], t->flen[ccase]);
	i = strset_add(&m->rowkey, &m->arena, m->key.s, m->key.n, &isnew);
	if (isnew) {
		if (m->nrow == m->caprow) {
			m->caprow = m->caprow ? 2 * m->caprow : 64;
			m->row = xrealloc(m->row, m->caprow * sizeof(*m->row));
		}
		m->row[i].group = m->rowkey.ent[i].s;
		m->row[i].cas = m->rowkey.ent[i].s + strlen(m->rowkey.ent[i].s) + 1;
		m->nrow++;
	}
	return i;
}

static struct mcell *
cell_of(struct matrix *m, uint32_t row, uint32_t col)
{
	uint32_t key[2] = { row, col };
	int isnew;
	uint32_t i = strset_add(&m->cellkey, &m->arena, (const char *)key,
	    sizeof(key), &isnew);

	if (isnew) {
		if (m->ncell == m->capcell) {
			m->capcell = m->capcell ? 2 * m->capcell : 256;
			m->cell = xrealloc(m->cell, m->capcell * sizeof(*m->cell));
		}
		memset(&m->cell[i], 0, sizeof(m->cell[i]));
		m->cell[i].row = row;
		m->cell[i].col = col;
		m->cell[i].lastseg = -1;
		m->ncell++;
	}
	return &m->cell[i];
}

/* A new segment when doc or seg differ from the last record's. */
static void
next_segment(struct matrix *m, struct tsv *t, int cdoc, int cseg)
{
	if (m->segid >= 0 && m->prevdoc.n == t->flen[cdoc] &&
	    memcmp(m->prevdoc.s, t->field[cdoc], m->prevdoc.n) == 0 &&
	    m->prevseg.n == t->flen[cseg] &&
	    memcmp(m->prevseg.s, t->field[cseg], m->prevseg.n) == 0)
		return;
	m->segid++;
	m->prevdoc.n = m->prevseg.n = 0;
	buf_add(&m->prevdoc, t->field[cdoc], t->flen[cdoc]);
	buf_add(&m->prevseg, t->field[cseg], t->flen[cseg]);
}

static void
read_codings(struct matrix *m, struct tsv *t)
{
	const struct matrix_options *o = m->o;
	int cdoc = tsv_need(t, "doc", hint), cseg = tsv_need(t, "seg", hint);
	int ccode = tsv_need(t, "code", hint), chits = -1, ctext = -1;
	int cby = o->by != NULL ? tsv_need_by(t, o->by) : -1, ccase = cdoc;
	int cspk = tsv_col(t, "speaker"), cmatch = tsv_col(t, "match");
	size_t order = 0;

	if (o->casecol != NULL && (ccase = tsv_col(t, o->casecol)) < 0)
		tx_die(EXIT_USAGE, t->hdrname, 1, "--case %s: the stream has no "
		    "column of that name", o->casecol);
	if (o->cell == MATRIX_QUOTES) {
		chits = tsv_need(t, "hits", hint);
		ctext = tsv_need(t, "text", "the quotes are the segments' text "
		    "(code without --no-text, or use --cell count)");
	}
	coder_start(&m->cp, t);
	while (tsv_next(t)) {
		struct mcell *c;
		struct quote q;
		uint32_t r, k;
		size_t len;
		long cb = -1, col;

		order++;
		if (!coder_keep(&m->cp, t))
			continue;
		r = row_of(m, t, cby, ccase);
		next_segment(m, t, cdoc, cseg);
		if (t->flen[ccode] == 0)
			continue;
		len = code_path_cut(t->field[ccode], t->flen[ccode], o->depth);
		if (o->codebook != NULL) {
			/* its columns are all made, from the codebook */
			cb = code_in_codebook(&m->cbpath, t, ccode, o->codebook);
			if ((col = strset_find(&m->colkey, t->field[ccode],
			    len)) < 0)
				continue;       /* a level it only declares */
			k = (uint32_t)col;
		} else
			k = add_col(m, t->field[ccode], len);
		c = cell_of(m, r, k);
		if (c->lastseg != m->segid) {
			c->segs++;
			c->lastseg = m->segid;
		}
		if (o->cell != MATRIX_QUOTES)
			continue;
		m->tag.n = 0;
		buf_add(&m->tag, t->field[cdoc], t->flen[cdoc]);
		buf_char(&m->tag, '#');
		buf_add(&m->tag, t->field[cseg], t->flen[cseg]);
		memset(&q, 0, sizeof(q));
		q.text = t->field[ctext];
		q.len = t->flen[ctext];
		q.doc = m->tag.s;
		q.speaker = cspk >= 0 ? t->field[cspk] : "";
		/* The document as its one speaker is not shown; kept for
		 * the codebook's speakers rules (quote.c's marks). */
		q.speaker_doc = strcmp(q.speaker, t->field[cdoc]) == 0;
		if (o->codebook != NULL)        /* marked with its patterns */
			q.code = &m->r.cb.code[cb];
		q.match = cmatch >= 0 ? t->field[cmatch] : "";
		q.hits = count_parse(t->field[chits], t->flen[chits]);
		q.order = order;
		quote_offer(&c->q, (size_t)o->quotes, &q);
	}
	coder_end(&m->cp, t);
}

/* ------------------------------------------------------------------ */
/* Order */

static struct matrix *sorting;

static int
row_cmp(const void *x, const void *y)
{
	const struct mrow *a = &sorting->row[*(const size_t *)x];
	const struct mrow *b = &sorting->row[*(const size_t *)y];
	int c = strcmp(a->group, b->group);

	if (c != 0)
		return c;
	return (*(const size_t *)x > *(const size_t *)y) -
	    (*(const size_t *)x < *(const size_t *)y);
}

static int
col_cmp(const void *x, const void *y)
{
	const struct report_code *a = &sorting->col[*(const size_t *)x];
	const struct report_code *b = &sorting->col[*(const size_t *)y];

	return code_path_cmp(a->path, a->len, b->path, b->len);
}

/* Rows by group (byte order), cases in order of appearance; themes in
 * codebook order, or in path order. */
static void
put_in_order(struct matrix *m)
{
	m->roworder = xmalloc((m->nrow + 1) * sizeof(*m->roworder));
	m->colorder = xmalloc((m->ncol + 1) * sizeof(*m->colorder));
	for (size_t i = 0; i < m->nrow; i++)
		m->roworder[i] = i;
	for (size_t i = 0; i < m->ncol; i++)
		m->colorder[i] = i;
	sorting = m;
	if (m->nrow > 1)
		qsort(m->roworder, m->nrow, sizeof(*m->roworder), row_cmp);
	if (m->o->codebook == NULL && m->ncol > 1)
		qsort(m->colorder, m->ncol, sizeof(*m->colorder), col_cmp);
}

/* ------------------------------------------------------------------ */
/* Output */

static const struct mcell *
find_cell(const struct matrix *m, size_t row, size_t col)
{
	uint32_t key[2] = { (uint32_t)row, (uint32_t)col };
	long i = strset_find(&m->cellkey, (const char *)key, sizeof(key));

	return i < 0 ? NULL : &m->cell[i];
}

/* A quote as plain text: trimmed as quote_put trims it, white space
 * collapsed, then its tag and speaker. */
static void
plain_quote(struct matrix *m, const struct report_code *rc,
    const struct quote *q, struct buf *b)
{
	size_t from, to, i;
	int space = 0;

	quote_span(&m->r, rc, q, &from, &to);
	buf_char(b, '"');
	for (i = from; i < to && strchr(" \t\n\r\v\f", q->text[i]) != NULL; i++)
		;
	if (i > 0)
		buf_str(b, "\xe2\x80\xa6 ");
	for (; i < to; i++) {
		if (strchr(" \t\n\r\v\f", q->text[i]) != NULL) {
			space = 1;
			continue;
		}
		if (space)
			buf_char(b, ' ');
		space = 0;
		buf_char(b, q->text[i]);
	}
	while (to < q->len && strchr(" \t\n\r\v\f", q->text[to]) != NULL)
		to++;
	if (to < q->len)
		buf_str(b, " \xe2\x80\xa6");
	buf_str(b, "\" (");
	buf_str(b, q->doc);
	if (*q->speaker != '\0' && !q->speaker_doc) {
		buf_str(b, ", ");
		buf_str(b, q->speaker);
	}
	buf_char(b, ')');
}

/* The text of a cell in TSV or CSV: quotes one a line, or a count. */
static void
plain_cell(struct matrix *m, size_t row, size_t col, struct buf *b)
{
	const struct mcell *c = find_cell(m, row, col);

	b->n = 0;
	buf_char(b, '\0');
	b->n = 0;
	if (m->o->cell == MATRIX_COUNT) {
		char num[32];

		snprintf(num, sizeof(num), "%ld", c != NULL ? c->segs : 0);
		buf_str(b, num);
	}
	for (size_t i = 0; m->o->cell == MATRIX_QUOTES && c != NULL &&
	    i < c->q.n; i++) {
		if (i > 0)
			buf_char(b, '\n');
		plain_quote(m, &m->col[col], &c->q.q[i], b);
	}
}

static void
plain_field(int fmt, const char *s, size_t n, int first)
{
	if (!first)
		out_char(fmt == MATRIX_CSV ? ',' : '\t');
	if (fmt == MATRIX_CSV)
		table_write_field(s, n);
	else
		tsv_write_field(s, n);
}

/* The columns' names: values made names (tsv.h colname); a clash is an error. */
static char **
col_names(struct matrix *m, const char *casecol)
{
	char **name = m->colname = xcalloc(m->ncol + 1, sizeof(*name));
	size_t by = m->ncol, h;
	long j;

	for (size_t i = 0; i < m->ncol; i++) {
		name[i] = colname(m->col[m->colorder[i]].path);
		if (by == m->ncol && ((m->o->by != NULL &&
		    strcmp(name[i], m->o->by) == 0) ||
		    strcmp(name[i], casecol) == 0))
			by = i;
	}
	/* The first column at fault is named; at one column, the --by or
	 * --case clash before a clash with an earlier theme. */
	if ((j = colname_clash(name, m->ncol, &h)) >= 0 && (size_t)j < by)
		tx_die(EXIT_DATA, NULL, 0, "themes \"%s\" and \"%s\" "
		    "both make the column name \"%s\"",
		    m->col[m->colorder[h]].path, m->col[m->colorder[j]].path,
		    name[j]);
	if (by < m->ncol)
		tx_die(EXIT_DATA, NULL, 0, "theme \"%s\" makes the column "
		    "name \"%s\", which the matrix has already",
		    m->col[m->colorder[by]].path, name[by]);
	return name;
}

static void
write_plain(struct matrix *m, const char *casecol)
{
	int fmt = m->o->format;
	char **name = col_names(m, casecol);
	struct buf b = { 0 };

	if (m->o->by != NULL)
		plain_field(fmt, m->o->by, strlen(m->o->by), 1);
	plain_field(fmt, casecol, strlen(casecol), m->o->by == NULL);
	for (size_t j = 0; j < m->ncol; j++)
		plain_field(fmt, name[j], strlen(name[j]), 0);
	out_char('\n');
	for (size_t i = 0; i < m->nrow; i++) {
		const struct mrow *r = &m->row[m->roworder[i]];

		if (m->o->by != NULL)
			plain_field(fmt, r->group, strlen(r->group), 1);
		plain_field(fmt, r->cas, strlen(r->cas), m->o->by == NULL);
		for (size_t j = 0; j < m->ncol; j++) {
			plain_cell(m, m->roworder[i], m->colorder[j], &b);
			plain_field(fmt, b.s, b.n, 0);
		}
		out_char('\n');
	}
	buf_free(&b);
}

/* A cell in Markdown or HTML. */
static void
page_cell(struct matrix *m, size_t row, size_t col)
{
	const struct mcell *c = find_cell(m, row, col);
	int html = m->o->format == MATRIX_HTML;

	if (m->o->cell == MATRIX_COUNT) {
		out_long(c != NULL ? c->segs : 0);
		return;
	}
	for (size_t i = 0; m->o->cell == MATRIX_QUOTES && c != NULL &&
	    i < c->q.n; i++) {
		if (html)
			out_str(i == 0 ? "<ul><li>" : "</li><li>");
		else if (i > 0)
			out_str("<br>");
		quote_put(&m->r, &m->col[col], &c->q.q[i]);
		if (html && i + 1 == c->q.n)
			out_str("</li></ul>");
	}
}

static const char *
cell_words(const struct matrix *m)
{
	switch (m->o->cell) {
	case MATRIX_COUNT:
		return "segments of the case that carry the theme";
	case MATRIX_SUMMARY:
		return "left empty, for the team's summary of the case on the theme";
	default:
		return "the case's best quotes on the theme (most matches, then "
		    "shortest, one per segment), each tagged document#segment";
	}
}

static void
write_md(struct matrix *m, const char *casecol, const char *title)
{
	out_str("# ");
	pen_text(REPORT_MD, title);
	out_str("\n\nEach cell: ");
	out_str(cell_words(m));
	out_str(".\n\n|");
	if (m->o->by != NULL) {
		out_char(' ');
		pen_text(REPORT_MD, m->o->by);
		out_str(" |");
	}
	out_char(' ');
	pen_text(REPORT_MD, casecol);
	out_str(" |");
	for (size_t j = 0; j < m->ncol; j++) {
		out_char(' ');
		pen_text(REPORT_MD, m->col[m->colorder[j]].path);
		out_str(" |");
	}
	out_str("\n|");
	for (size_t j = 0; j < m->ncol + 1 + (m->o->by != NULL); j++)
		out_str("---|");
	out_char('\n');
	for (size_t i = 0; i < m->nrow; i++) {
		const struct mrow *r = &m->row[m->roworder[i]];

		out_str("|");
		if (m->o->by != NULL) {
			out_char(' ');
			pen_isolated(REPORT_MD, r->group);
			out_str(" |");
		}
		out_char(' ');
		pen_isolated(REPORT_MD, r->cas);
		out_str(" |");
		for (size_t j = 0; j < m->ncol; j++) {
			out_char(' ');
			page_cell(m, m->roworder[i], m->colorder[j]);
			out_str(" |");
		}
		out_char('\n');
	}
}

static const char css[] =
    "@page { size: A4 landscape; margin: 14mm 12mm; }\n"
    "html { font: 9.5pt/1.4 \"DejaVu Serif\", Georgia, serif; color: #111; "
    "background: #fff; }\n"
    "body { margin: 0 auto; padding: 6mm 4mm; }\n"
    "h1, th, .meta { font-family: \"DejaVu Sans\", Helvetica, Arial, sans-serif; }\n"
    "h1 { font-size: 16pt; margin: 0 0 .2em; }\n"
    ".meta { color: #444; font-size: 9pt; margin: 0 0 1em; }\n"
    "table { border-collapse: collapse; width: 100%; }\n"
    "th, td { border: 1px solid #bbb; padding: .3em .45em; text-align: left; "
    "vertical-align: top; }\n"
    "thead th { background: #eee; font-size: 8.5pt; }\n"
    "tr.group th { background: #f6f6f6; font-size: 9.5pt; }\n"
    "tbody th { font-size: 9pt; white-space: nowrap; }\n"
    "td.count { text-align: right; }\n"
    "td.summary { min-width: 8em; height: 4em; }\n"
    "td ul { margin: 0; padding-left: 1.1em; }\n"
    "td li { margin: 0 0 .3em; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "mark { background: #fde68a; color: inherit; font-weight: bold; "
    "-webkit-print-color-adjust: exact; print-color-adjust: exact; }\n";

static void
write_html(struct matrix *m, const char *casecol, const char *title)
{
	const char *cls = m->o->cell == MATRIX_COUNT ? "count" :
	    m->o->cell == MATRIX_SUMMARY ? "summary" : "quotes";
	const char *group = NULL;

	html_page_head(title, css);
	out_str("<p class=\"meta\">Each cell: ");
	out_str(cell_words(m));
	out_str(".</p>\n<table>\n<thead><tr><th>");
	pen_text(REPORT_HTML, casecol);
	out_str("</th>");
	for (size_t j = 0; j < m->ncol; j++) {
		out_str("<th>");
		pen_text(REPORT_HTML, m->col[m->colorder[j]].path);
		out_str("</th>");
	}
	out_str("</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < m->nrow; i++) {
		const struct mrow *r = &m->row[m->roworder[i]];

		if (m->o->by != NULL && (group == NULL || strcmp(group, r->group) != 0)) {
			group = r->group;
			out_printf("<tr class=\"group\"><th colspan=\"%zu\">",
			    m->ncol + 1);
			pen_text(REPORT_HTML, m->o->by);
			out_str(": ");
			pen_text(REPORT_HTML, r->group);
			out_str("</th></tr>\n");
		}
		out_str("<tr><th>");
		pen_text(REPORT_HTML, r->cas);
		out_str("</th>");
		for (size_t j = 0; j < m->ncol; j++) {
			out_printf("<td class=\"%s\">", cls);
			page_cell(m, m->roworder[i], m->colorder[j]);
			out_str("</td>");
		}
		out_str("</tr>\n");
	}
	out_str("</tbody>\n</table>\n</body>\n</html>\n");
}

void
matrix_free(struct matrix *m)
{
	if (m == NULL)
		return;
	for (size_t j = 0; m->colname != NULL && j < m->ncol; j++)
		free(m->colname[j]);
	free(m->colname);
	free(m->title);
	free(m->cp.first);
	for (size_t i = 0; i < m->ncell; i++)
		quote_cell_free(&m->cell[i].q);
	free(m->cell);
	free(m->row);
	free(m->col);
	free(m->roworder);
	free(m->colorder);
	strset_free(&m->rowkey);
	strset_free(&m->colkey);
	strset_free(&m->cellkey);
	strset_free(&m->cbpath);
	arena_free(m->arena);
	buf_free(&m->key);
	buf_free(&m->tag);
	buf_free(&m->prevdoc);
	buf_free(&m->prevseg);
	report_free(&m->r);
	free(m);
}

struct matrix *
matrix_new(const struct matrix_options *o)
{
	struct matrix *m = xcalloc(1, sizeof(*m));

	m->o = o;
	m->segid = -1;
	m->cp.want = o->coder;
	m->cp.hint = "pick one with --coder NAME";
	m->ro.codebook = o->codebook;
	m->ro.quotes = o->quotes;
	m->ro.width = o->width;
	m->ro.format = o->format == MATRIX_HTML ? REPORT_HTML : REPORT_MD;
	report_init(&m->r, &m->ro);
	if (o->codebook != NULL)
		codebook_cols(m);
	return m;
}

int
matrix_read(struct matrix *m, struct tsv *t)
{
	if (!tsv_header(t))
		return 0;
	read_codings(m, t);
	m->read = 1;
	return 1;
}

void
matrix_write(struct matrix *m)
{
	const struct matrix_options *o = m->o;
	const char *casecol = o->casecol != NULL ? o->casecol : "doc";

	if (!m->read && (o->format == MATRIX_TSV || o->format == MATRIX_CSV))
		return;         /* empty input: nothing */
	put_in_order(m);
	if (o->title != NULL)
		m->title = xstrdup(o->title);
	else {
		m->title = xmalloc(strlen(o->by ? o->by : "") + 32);
		sprintf(m->title, "Framework matrix%s%s", o->by ? " by " : "",
		    o->by ? o->by : "");
	}
	if (o->format == MATRIX_MD)
		write_md(m, casecol, m->title);
	else if (o->format == MATRIX_HTML)
		write_html(m, casecol, m->title);
	else
		write_plain(m, casecol);
}
