/*
 * The page in HTML: one self-contained file (inline CSS and SVG, no
 * script), with the heatmap of codes by group drawn in SVG.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "utf8.h"
#include "report/report.h"

static const char css[] =
    "@page { size: A4; margin: 18mm 16mm 20mm; }\n"
    "html { font: 10.5pt/1.45 \"DejaVu Serif\", Georgia, serif; color: #111; "
    "background: #fff; }\n"
    "body { max-width: 178mm; margin: 0 auto; padding: 8mm 4mm; }\n"
    "h1, h2, h3, th, .meta, figcaption, dt { font-family: \"DejaVu Sans\", "
    "Helvetica, Arial, sans-serif; }\n"
    "h1 { font-size: 18pt; margin: 0 0 .2em; }\n"
    "h2 { font-size: 13.5pt; margin: 1.6em 0 .4em; border-bottom: 1px solid #999; }\n"
    "h3 { font-size: 11pt; margin: 1.1em 0 .3em; }\n"
    "h1, h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
    ".meta { color: #444; font-size: 9pt; margin: 0 0 1em; }\n"
    "dl.about { display: grid; grid-template-columns: max-content auto; "
    "gap: .15em 1em; font-size: 9.5pt; }\n"
    "dl.about dt { font-weight: bold; } dl.about dd { margin: 0; }\n"
    "code { font: 8.5pt/1.3 \"DejaVu Sans Mono\", monospace; "
    "overflow-wrap: anywhere; }\n"
    "table { border-collapse: collapse; margin: .4em 0 .8em; font-size: 9pt; }\n"
    "table, tr, figure, li, .group { break-inside: avoid; "
    "page-break-inside: avoid; }\n"
    "th, td { padding: .15em .5em; border-bottom: 1px solid #ccc; "
    "text-align: right; vertical-align: top; }\n"
    "th { border-bottom: 1px solid #666; font-size: 8.5pt; "
    "vertical-align: bottom; }\n"
    "th:first-child, td:first-child, .pattern { text-align: left; }\n"
    "th[colspan] { text-align: center; }\n"
    "tr.theme td { font-weight: bold; }\n"
    "td.diff { font-weight: bold; }\n"
    "figure { margin: .6em 0 1em; }\n"
    "figure svg { max-width: 100%; height: auto; }\n"
    "figcaption { font-size: 8.5pt; color: #444; }\n"
    ".desc { font-size: 9pt; color: #333; margin: .2em 0 .5em; }\n"
    ".group { font-weight: bold; font-size: 9.5pt; margin: .5em 0 .1em; "
    "font-family: \"DejaVu Sans\", Helvetica, Arial, sans-serif; }\n"
    ".group span { font-weight: normal; color: #555; }\n"
    "ul.quotes { margin: 0 0 .4em; padding-left: 1.4em; }\n"
    "ul.quotes li { margin: .15em 0; }\n"
    "p.none { margin: 0 0 .4em 1.4em; color: #666; font-style: italic; }\n"
    "mark { background: #fde68a; color: inherit; font-weight: bold; "
    "-webkit-print-color-adjust: exact; print-color-adjust: exact; }\n";

/* A page's head, with its style, up to the title as <h1>. */
void
html_page_head(const char *title, const char *style)
{
	out_str("<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	    "<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"generator\" content=\"");
	out_str(progname);
	out_str(" " TX_VERSION "\"/>\n<title>");
	pen_bare(REPORT_HTML, title);
	out_str("</title>\n<style>\n");
	out_str(style);
	out_str("</style>\n</head>\n<body>\n<h1>");
	pen_text(REPORT_HTML, title);
	out_str("</h1>\n");
}

static void
html_head(struct report *r, const char *title)
{
	html_page_head(title, css);
	out_printf("<p class=\"meta\">Made on %s by tx-report " TX_VERSION
	    " from %s codings.</p>\n", r->date, r->c && r->c->ngroup ?
	    "the" : "empty");
}

static void
html_corpus(struct report *r, const char *cmd)
{
	out_str("<section id=\"corpus\">\n<h2>Corpus</h2>\n<table class=\"corpus\">\n"
	    "<thead><tr><th>");
	pen_text(REPORT_HTML, r->o->by);
	out_str("</th><th>");
	pen_corpus_cases(r);
	out_str("</th><th>segments</th>"
	    "<th>coded segments</th></tr></thead>\n<tbody>\n");
	for (int g = 0; g < r->k; g++) {
		const struct count_group *cg = &r->c->group[r->group[g].cg];

		out_str("<tr><td>");
		pen_text(REPORT_HTML, r->group[g].label);
		out_printf("</td><td>%ld</td>", cg->total_docs);
		if (r->o->cases != NULL)
			out_printf("<td>%ld</td>", cg->nosegs_docs);
		out_printf("<td>%ld</td><td>%ld</td></tr>\n", cg->total_segs,
		    cg->coded_segs);
	}
	out_str("</tbody>\n</table>\n<dl class=\"about\">\n<dt>Coders</dt><dd>");
	pen_coders(r);
	out_str("</dd>\n<dt>Codebook</dt><dd>");
	pen_codebook_words(r);
	out_str("</dd>\n<dt>Comparison</dt><dd>");
	pen_comparison_words(r);
	out_str("</dd>\n<dt>Inputs</dt><dd>");
	pen_inputs(r);
	out_printf("</dd>\n<dt>Made</dt><dd>%s, tx " TX_VERSION "</dd>\n"
	    "<dt>Command</dt><dd><code>", r->date);
	pen_text(REPORT_HTML, cmd);
	out_str("</code></dd>\n<dt>Provenance</dt><dd>");
	pen_provenance_words(r);
	out_str("</dd>\n</dl>\n</section>\n");
}

/*
 * ColorBrewer's single-hue "Blues" (Brewer, colorbrewer2.org), from light
 * to dark: its lightness falls steadily, so it reads in greyscale and for
 * every kind of colour blindness.
 */
static const unsigned char blues[9][3] = {
	{ 0xf7, 0xfb, 0xff }, { 0xde, 0xeb, 0xf7 }, { 0xc6, 0xdb, 0xef },
	{ 0x9e, 0xca, 0xe1 }, { 0x6b, 0xae, 0xd6 }, { 0x42, 0x92, 0xc6 },
	{ 0x21, 0x71, 0xb5 }, { 0x08, 0x51, 0x9c }, { 0x08, 0x30, 0x6b }
};

/*
 * The top of the scale: the highest cell, rounded up to a round number, so
 * that codes raised by a few percent are not all white (a scale fixed at
 * 0-100 hid them); 100 when no cell has a percentage.
 */
static double
scale_top(const struct report *r)
{
	static const double round[] = { 1, 2, 5, 10, 20, 30, 40, 50, 60, 80, 100 };
	double top = 0;

	for (size_t i = 0; i < r->ncode; i++)
		for (int g = 0; g < r->k; g++) {
			double v = compare_pct(r->code[i].a[g], r->group[g].total);

			if (!isnan(v) && v > top)
				top = v;
		}
	for (size_t i = 0; i < sizeof(round) / sizeof(round[0]); i++)
		if (top <= round[i])
			return top > 0 ? round[i] : 100;
	return 100;
}

/*
 * The colour of a percentage on a scale from 0 to top, "#rrggbb"; *dark
 * when white text reads better.
 */
static void
scale_colour(double v, double top, char out[8], int *dark)
{
	double x = (isnan(v) ? 0 : v < 0 ? 0 : v > top ? top : v) / top * 8;
	int i = x >= 8 ? 7 : (int)x;
	double f = x - i, lum = 0;
	unsigned rgb[3];

	for (int c = 0; c < 3; c++) {
		rgb[c] = (unsigned)lround(blues[i][c] + f * (blues[i + 1][c] -
		    blues[i][c]));
		lum += (c == 0 ? 0.2126 : c == 1 ? 0.7152 : 0.0722) *
		    pow(rgb[c] / 255.0, 2.2);
	}
	snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
	*dark = lum < 0.2;
}

/* The heatmap's geometry, in px at 12px type. */
#define HM_ROW 20
#define HM_HEAD 34
#define HM_INDENT 14
#define HM_BOLD 7.8         /* and in bold */
#define HM_GAP 8
#define HM_SWATCH 40        /* a swatch of the legend */

struct hm {
	double top;             /* the scale's top, a percentage */
	int label_w, cell_w, pattern_w, width, height;
	size_t label_chars, group_chars, pattern_chars;
};

static void
hm_layout(const struct report *r, struct hm *h)
{
	size_t lab = 8, grp = 4, pat = 7;
	int legend;

	for (size_t i = 0; i < r->ncode; i++) {
		const struct report_code *rc = &r->code[i];
		size_t n = utf8_chars(rc->name, strlen(rc->name)) +
		    (size_t)rc->depth * 2;
		const char *pattern = report_pattern(r, rc);
		size_t p = utf8_chars(pattern, strlen(pattern));

		lab = n > lab ? n : lab;
		pat = p > pat ? p : pat;
	}
	for (int g = 0; g < r->k; g++) {
		size_t n = utf8_chars(r->group[g].label, strlen(r->group[g].label));

		grp = n > grp ? n : grp;
	}
	h->label_chars = lab > 44 ? 44 : lab;
	h->group_chars = grp > 18 ? 18 : grp;
	h->pattern_chars = pat > 30 ? 30 : pat;
	h->label_w = (int)(h->label_chars * HM_BOLD) + 12;
	h->cell_w = (int)(h->group_chars * HM_BOLD) + 14;
	if (h->cell_w < 52)
		h->cell_w = 52;
	h->pattern_w = (int)(h->pattern_chars * HM_BOLD) + 8;
	h->width = h->label_w + r->k * h->cell_w + 10 + h->pattern_w;
	legend = h->label_w + 6 * HM_SWATCH + 6 +
	    (int)((5 + strlen(r->unit)) * 7) + 4;
	if (h->width < legend)  /* the legend and its unit fit */
		h->width = legend;
	h->height = HM_HEAD + (int)r->ncode * HM_ROW +
	    (int)(report_themes(r) > 0 ? report_themes(r) - 1 : 0) * HM_GAP + 52;
}

static void
hm_cell(const struct report *r, const struct hm *h,
    const struct report_code *rc, int g, int x, int y)
{
	double v = compare_pct(rc->a[g], r->group[g].total);
	char colour[8];
	int dark, w = h->cell_w;

	scale_colour(v, h->top, colour, &dark);
	out_str("<g><title>");
	pen_bare(REPORT_HTML, r->group[g].label);
	out_printf(": %ld of %ld %s</title>", rc->a[g], r->group[g].total, r->unit);
	out_printf("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"%s\"/>", x + 1, y + 1, w - 2, HM_ROW - 2, colour);
	out_printf("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
	    x + w / 2, y + 14, dark ? "#fff" : "#000");
	pen_pct(REPORT_HTML, v);
	out_str("</text></g>\n");
}

static void
hm_legend(const struct report *r, const struct hm *h, int y)
{
	int x = h->label_w;

	/* after the swatches: the label column may be narrower than it */
	out_printf("<text x=\"%d\" y=\"%d\" fill=\"#333\">%% of %s</text>\n",
	    x + 6 * HM_SWATCH + 6, y + 14, r->unit);
	for (int i = 0; i <= 5; i++) {
		char colour[8];
		int dark;

		scale_colour(i * h->top / 5, h->top, colour, &dark);
		out_printf("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"%s\" stroke=\"#999\" stroke-width=\"0.5\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">"
		    "%g%s</text>\n", x + HM_SWATCH * i, y + 1, HM_SWATCH,
		    HM_ROW - 2, colour, x + HM_SWATCH * i + HM_SWATCH / 2, y + 14,
		    dark ? "#fff" : "#000",
		    i * h->top / 5, i == 5 ? "%" : "");
	}
}

static void
html_heatmap(struct report *r)
{
	struct hm h;
	int y = HM_HEAD, first = 1;

	hm_layout(r, &h);
	h.top = scale_top(r);
	out_str("<section id=\"heatmap\">\n<h2>Codes by ");
	pen_text(REPORT_HTML, r->o->by);
	out_printf("</h2>\n<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
	    "font-size=\"12\">\n<title>Heatmap: %% of %s carrying each code, by ",
	    h.width, h.height, h.width, h.height, r->unit);
	pen_bare(REPORT_HTML, r->o->by);
	out_str("</title>\n");
	for (int g = 0; g < r->k; g++) {
		out_printf("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		    "font-weight=\"bold\">", h.label_w + g * h.cell_w + h.cell_w / 2,
		    HM_HEAD - 10);
		pen_short(REPORT_HTML, r->group[g].label, h.group_chars);
		out_str("</text>\n");
	}
	out_printf("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">pattern</text>\n",
	    h.label_w + r->k * h.cell_w + 10, HM_HEAD - 10);
	for (size_t i = 0; i < r->ncode; i++) {
		const struct report_code *rc = &r->code[r->order[i]];
		const char *pattern = report_pattern(r, rc);

		if (rc->depth == 0 && !first)
			y += HM_GAP;
		first = 0;
		out_printf("<text x=\"%d\" y=\"%d\"%s>", 4 + rc->depth * HM_INDENT,
		    y + 14, rc->depth == 0 ? " font-weight=\"bold\"" : "");
		pen_short(REPORT_HTML, rc->name, h.label_chars - (size_t)rc->depth * 2);
		out_str("</text>\n");
		for (int g = 0; g < r->k; g++)
			hm_cell(r, &h, rc, g, h.label_w + g * h.cell_w, y);
		out_printf("<text x=\"%d\" y=\"%d\"%s>", h.label_w + r->k * h.cell_w +
		    10, y + 14, report_is_difference(pattern) ? " font-weight=\"bold\"" : "");
		pen_short(REPORT_HTML, pattern, h.pattern_chars);
		out_str("</text>\n");
		y += HM_ROW;
	}
	hm_legend(r, &h, y + 18);
	out_printf("</svg>\n<figcaption>Each cell: the %% of the group's %s "
	    "that carry the code (a theme counts the %s carrying any of its "
	    "codes); darker is more, on a scale from 0 to %g%%%s. Beside each "
	    "row, the comparison's pattern (", r->unit, r->unit, h.top,
	    h.top < 100 ? " (the highest cell, rounded up), not to 100%" : "");
	pen_tests(r, 0, r->ncode);
	out_str(r->unit_known ? "" : "; the unit is unknown: see Comparison");
	out_str(").</figcaption>\n</figure>\n</section>\n");
}

/* One row of a theme's table. */
static void
html_code_row(struct report *r, const struct report_code *rc)
{
	out_printf("<tr%s><td", rc->depth == 0 ? " class=\"theme\"" : "");
	if (rc->depth > 1)
		out_printf(" style=\"padding-left: %.1fem\"", 0.5 + 1.2 * (rc->depth - 1));
	out_str(">");
	pen_code_name(REPORT_HTML, rc);
	out_str("</td>");
	pen_row_cells(r, rc, REPORT_HTML);
	out_str("</tr>\n");
}

static void
html_table(struct report *r, size_t from, size_t to)
{
	out_str("<table class=\"codes\">\n<caption>");
	pen_table_caption(r, from, to);
	out_str("</caption>\n<thead><tr><th rowspan=\"2\">code</th>");
	for (int g = 0; g < r->k; g++) {
		out_str("<th colspan=\"2\">");
		pen_text(REPORT_HTML, r->group[g].label);
		out_str("</th>");
	}
	out_str("<th rowspan=\"2\">p</th><th rowspan=\"2\">q</th>"
	    "<th rowspan=\"2\">h</th><th rowspan=\"2\" class=\"pattern\">pattern</th></tr>\n<tr>");
	for (int g = 0; g < r->k; g++)
		out_printf("<th>%s</th><th>%%</th>", r->unit);
	out_str("</tr></thead>\n<tbody>\n");
	for (size_t i = from; i < to; i++)
		html_code_row(r, &r->code[r->order[i]]);
	out_str("</tbody>\n</table>\n");
}

static void
html_quotes(struct report *r, const struct report_code *rc)
{
	out_str("<h3>");
	pen_subpath(REPORT_HTML, rc);
	out_str("</h3>\n");
	if (rc->depth > 0 && rc->cb != NULL && rc->cb->desc != NULL) {
		out_str("<p class=\"desc\">");
		pen_text(REPORT_HTML, rc->cb->desc);
		out_str("</p>\n");
	}
	for (int g = 0; g < r->k; g++) {
		const struct quote_cell *cell = quotes_of(r, rc, g);

		out_str("<p class=\"group\">");
		pen_text(REPORT_HTML, r->group[g].label);
		out_printf(" <span>(%ld of %ld %s)</span></p>\n", rc->a[g],
		    r->group[g].total, r->unit);
		if (cell == NULL || cell->n == 0) {
			out_str("<p class=\"none\">No segments.</p>\n");
			continue;
		}
		out_str("<ul class=\"quotes\">\n");
		for (size_t i = 0; i < cell->n; i++) {
			out_str("<li>");
			quote_put(r, rc, &cell->q[i]);
			out_str("</li>\n");
		}
		out_str("</ul>\n");
	}
}

static void
html_themes(struct report *r)
{
	size_t n = 0;

	for (size_t from = 0, to; from < r->ncode; from = to) {
		const struct report_code *theme = &r->code[r->order[from]];

		to = report_theme_end(r, from);
		out_printf("<section class=\"theme\" id=\"theme-%zu\">\n<h2>", ++n);
		pen_text(REPORT_HTML, theme->path);
		out_str("</h2>\n");
		if (theme->cb != NULL && theme->cb->desc != NULL) {
			out_str("<p class=\"desc\">");
			pen_text(REPORT_HTML, theme->cb->desc);
			out_str("</p>\n");
		}
		html_table(r, from, to);
		for (size_t i = from; i < to && r->o->quotes > 0; i++) {
			const struct report_code *rc = &r->code[r->order[i]];

			if (rc->depth > 0 || quotes_any(r, rc))
				html_quotes(r, rc);
		}
		out_str("</section>\n");
	}
}

void
report_html(struct report *r, const char *title, const char *cmd)
{
	html_head(r, title);
	if (r->c != NULL) {
		html_corpus(r, cmd);
		if (r->ncode > 0)
			html_heatmap(r);
		else
			out_str("<p>No segment carries a code.</p>\n");
		html_themes(r);
	} else {
		out_str("<p>The input is empty: there is nothing to report.</p>\n"
		    "<p class=\"meta\"><code>");
		pen_text(REPORT_HTML, cmd);
		out_str("</code></p>\n");
	}
	out_str("</body>\n</html>\n");
}

