/*
 * Text out, escaped for HTML or Markdown, white space collapsed; and the
 * numbers and words that the HTML and Markdown pages share.
 */
#include <math.h>
#include <string.h>

#include "out.h"
#include "utf8.h"
#include "report/report.h"

/* ------------------------------------------------------------------ */
/* Text out: escaped for HTML or Markdown, white space collapsed */

void
pen_mark_open(struct pen *p)
{
	p->want_mark = 1;
}

void
pen_mark_close(struct pen *p)
{
	if (p->in_mark)
		out_str(p->fmt == REPORT_HTML ? "</mark>" : "**");
	p->in_mark = p->want_mark = 0;
}

/*
 * Directional controls: a string of the transcripts, the codebook or the
 * command line may open an embedding or override (U+202A-U+202E) or an
 * isolate (U+2066-U+2069) and never close it, and then reverse what
 * follows it on the page (a quote's attribution). The pen keeps those a
 * string opens, drops a closer with nothing of its kind open, and closes
 * what is left open at the end of the string (pen_end).
 */
int
pen_bidi_control(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n < 3 || u[0] != 0xe2)
		return 0;
	if (u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae)
		return u[2] == 0xac ? BIDI_POP_EMBED : BIDI_EMBED;
	if (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)
		return u[2] == 0xa9 ? BIDI_POP_ISOLATE : BIDI_ISOLATE;
	return 0;
}

/* Does the control c (pen_bidi_control) stay, kept on the pen's stack? */
static int
bidi_keep(struct pen *p, int c)
{
	if (c == BIDI_EMBED || c == BIDI_ISOLATE) {
		if (p->ndir == sizeof(p->dir))
			return 0;
		p->dir[p->ndir++] = (unsigned char)c;
		return 1;
	}
	if (p->ndir == 0 || p->dir[p->ndir - 1] + 1 != c)
		return 0;
	p->ndir--;
	return 1;
}

/* Close the directional controls the string left open. */
void
pen_bidi_close(struct pen *p)
{
	while (p->ndir > 0)
		out_str(p->dir[--p->ndir] == BIDI_EMBED ? "\xe2\x80\xac" :
		    "\xe2\x81\xa9");
}

/*
 * The string starts: an isolate around it, so that its direction neither
 * takes from nor gives to the text around it: <bdi> in HTML, or U+2068
 * FIRST STRONG ISOLATE (where an element cannot be: <title>, SVG text, and
 * Markdown).
 */
void
pen_begin(struct pen *p)
{
	if (p->iso == PEN_BDI)
		out_str("<bdi>");
	else if (p->iso == PEN_FSI)
		out_str("\xe2\x81\xa8");
}

/* The string ends: its mark and directional controls closed, its isolate. */
void
pen_end(struct pen *p)
{
	pen_mark_close(p);
	pen_bidi_close(p);
	if (p->iso == PEN_BDI)
		out_str("</bdi>");
	else if (p->iso == PEN_FSI)
		out_str("\xe2\x81\xa9");
}

/* One character of s (at *i, which it advances), escaped. */
void
pen_char(struct pen *p, const char *s, size_t n, size_t *i)
{
	unsigned char ch = (unsigned char)s[*i];
	size_t len = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
	int bidi;

	if (len > n - *i)
		len = n - *i;
	if ((bidi = pen_bidi_control(s + *i, len)) != 0 && !bidi_keep(p, bidi)) {
		*i += len;
		return;
	}
	if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f') {
		p->space = p->any;
		(*i)++;
		return;
	}
	if (p->space) {
		out_char(' ');
		p->space = 0;
	}
	if (p->want_mark && !p->in_mark) {
		out_str(p->fmt == REPORT_HTML ? "<mark>" : "**");
		p->in_mark = 1;
	}
	p->any = 1;
	*i += len;
	/* Characters XML does not allow: C0 controls, U+FFFE, U+FFFF. */
	if (ch < 0x20 || ch == 0x7f || (len == 3 && ch == 0xef &&
	    (unsigned char)s[*i - 2] == 0xbf && (unsigned char)s[*i - 1] >= 0xbe)) {
		out_str("\xef\xbf\xbd");
		return;
	}
	if (p->fmt == REPORT_HTML) {
		switch (ch) {
		case '&': out_str("&amp;"); return;
		case '<': out_str("&lt;"); return;
		case '>': out_str("&gt;"); return;
		case '"': out_str("&quot;"); return;
		case '\'': out_str("&#39;"); return;
		}
	} else if (ch < 0x80 && strchr("\\`*_[<|&#~", ch) != NULL)
		out_char('\\');
	out_write(s + *i - len, len);
}

static void
pen_write(struct pen *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; )
		pen_char(p, s, n, &i);
}

/* Text, escaped, white space collapsed and trimmed, within an isolate. */
static void
pen_string(int fmt, int iso, const char *s)
{
	struct pen p = { .fmt = fmt, .iso = iso };

	pen_begin(&p);
	pen_write(&p, s, strlen(s));
	pen_end(&p);
}

/* Text, escaped, white space collapsed and trimmed; in HTML, in <bdi>. */
void
pen_text(int fmt, const char *s)
{
	pen_string(fmt, fmt == REPORT_HTML ? PEN_BDI : PEN_NONE, s);
}

/* Text isolated in either format: running text in Markdown too. */
void
pen_isolated(int fmt, const char *s)
{
	pen_string(fmt, fmt == REPORT_HTML ? PEN_BDI : PEN_FSI, s);
}

/* Text where no element may be (<title>, SVG text), isolated by U+2068. */
void
pen_bare(int fmt, const char *s)
{
	pen_string(fmt, PEN_FSI, s);
}

/* Text of at most max characters; a longer one ends in an ellipsis. For
 * SVG text: isolated by U+2068. */
void
pen_short(int fmt, const char *s, size_t max)
{
	struct pen p = { .fmt = fmt, .iso = PEN_FSI };
	size_t n = strlen(s), i = 0, chars = 0;

	pen_begin(&p);
	if (utf8_chars(s, n) <= max) {
		pen_write(&p, s, n);
		pen_end(&p);
		return;
	}
	while (i < n && chars + 1 < max) {
		pen_char(&p, s, n, &i);
		chars++;
	}
	pen_end(&p);
	out_str("\xe2\x80\xa6");
}

/* ------------------------------------------------------------------ */
/* Numbers and words, in either format */

/* p or q: three decimals, "<0.001", or a dash when undefined. */
static void
put_p(int fmt, double v)
{
	if (isnan(v))
		out_str("\xe2\x80\x93");
	else if (v < 0.001)
		out_str(fmt == REPORT_HTML ? "&lt;0.001" : "<0.001");
	else
		out_printf("%.3f", v);
}

/* The path below its theme, levels joined by " / ". */
void
pen_subpath(int fmt, const struct report_code *rc)
{
	const char *p = strchr(rc->path, '/');
	struct pen pen = { .fmt = fmt,
	    .iso = fmt == REPORT_HTML ? PEN_BDI : PEN_NONE };

	if (p == NULL) {
		pen_text(fmt, rc->path);
		return;
	}
	pen_begin(&pen);
	for (p++; *p != '\0'; p++) {
		if (*p == '/') {
			pen_bidi_close(&pen);   /* a level reverses no other */
			out_str(" / ");
			pen.any = pen.space = 0;
			continue;
		}
		size_t i = 0;

		pen_char(&pen, p, strlen(p), &i);
		p += i - 1;
	}
	pen_end(&pen);
}

/* A code in a table: a theme by its name, a code by its path below it. */
void
pen_code_name(int fmt, const struct report_code *rc)
{
	if (rc->depth == 0)
		pen_text(fmt, rc->path);
	else
		pen_subpath(fmt, rc);
}

/*
 * The cells of a theme table after the code's: per group the count out of
 * the total and the %, then p, q, Cohen's h and the pattern.
 */
void
pen_row_cells(const struct report *r, const struct report_code *rc, int fmt)
{
	const char *open = fmt == REPORT_HTML ? "<td>" : " ";
	const char *close = fmt == REPORT_HTML ? "</td>" : " |";
	const char *pattern = report_pattern(r, rc);
	double h;

	for (int g = 0; g < r->k; g++) {
		double v = compare_pct(rc->a[g], r->group[g].total);

		out_printf("%s%ld/%ld%s%s", open, rc->a[g], r->group[g].total,
		    close, open);
		if (isnan(v))
			out_str("\xe2\x80\x93");
		else
			out_printf("%.1f", v);
		out_str(close);
	}
	out_str(open);
	put_p(fmt, rc->row ? rc->row->p : NAN);
	out_printf("%s%s", close, open);
	put_p(fmt, rc->row ? rc->row->q : NAN);
	out_printf("%s%s", close, open);
	h = rc->row ? rc->row->h : NAN;
	if (isnan(h))
		out_str("\xe2\x80\x93");
	else
		out_printf("%.2f", h);
	out_str(close);
	if (fmt == REPORT_HTML)
		out_printf("<td class=\"pattern%s\">",
		    report_is_difference(pattern) ? " diff" : "");
	else
		out_str(open);
	pen_text(fmt, *pattern ? pattern : "\xe2\x80\x93");
	out_str(close);
}

/* The coders the codings name, or a dash for none. */
void
pen_coders(const struct report *r)
{
	for (size_t i = 0; i < r->ncoder; i++) {
		out_str(i ? ", " : "");
		pen_text(r->o->format, r->coder[i]);
	}
	if (r->ncoder == 0)
		out_str("\xe2\x80\x93");
}

/* The codebook: its name, size, order and checksum; or that there is none. */
void
pen_codebook_words(const struct report *r)
{
	int html = r->o->format == REPORT_HTML;

	if (!r->have_cb) {
		out_str("none given: codes in path order");
		return;
	}
	pen_text(r->o->format, r->o->codebook);
	out_printf(": %zu codes in %zu themes, in its order; SHA-256 %s%s%s",
	    r->cb.ncode, report_themes(r), html ? "<code>" : "`", r->sha,
	    html ? "</code>" : "`");
}

/* What the comparison is and where it comes from, in words. */
void
pen_comparison_words(const struct report *r)
{
	int fmt = r->o->format;

	if (r->cmp.nrow == 0 && !r->computed) {
		out_str(r->o->compare ? "none in " : "none: a comparison needs "
		    "two or more groups");
		if (r->o->compare)
			pen_text(fmt, r->o->compare);
		return;
	}
	if (!r->computed) {
		out_printf("%zu codes from ", r->cmp.nrow);
		pen_text(fmt, r->o->compare);
		out_str(" (tx-compare output), with its tests and patterns; ");
		if (r->unit_known)
			out_printf("its totals are the groups' %s", r->unit);
		else
			out_str("its totals are neither the groups' documents nor "
			    "their segments in these codings: the unit is unknown, "
			    "and the page calls it cases");
		return;
	}
	out_str("as tx-compare --by ");
	pen_text(fmt, r->o->by);
	if (r->o->casecol != NULL && !counts_case_is_doc(r->c)) {
		out_str(" --case ");
		pen_text(fmt, r->o->casecol);
		out_str(" makes it: cases (the values of ");
		pen_text(fmt, r->o->casecol);
		out_str(")");
	} else
		out_str(" makes it: documents");
	/* the thresholds are those of the comparison computed (r->co) */
	out_printf(" carrying each code in each group; "
	    "Fisher's exact test where an expected count is below 5, else "
	    "chi-square%s; q, Benjamini-Hochberg across the %zu codes; pattern: "
	    "only in, more in (q %s %g and Cohen's h %s %g), shared (%s %g%% "
	    "in every group), rare (%s %g%% in every group), else similar",
	    r->k == 2 ? " with Yates' correction" : "", r->cmp.nrow,
	    fmt == REPORT_HTML ? "&lt;" : "<", r->co.alpha, "\xe2\x89\xa5",
	    r->co.min_effect, "\xe2\x89\xa5", r->co.shared_min,
	    fmt == REPORT_HTML ? "&lt;" : "<", r->co.rare_max);
}

/*
 * The inputs, each with its SHA-256 (of the bytes read: of the copy, for a
 * pipe): a line each in HTML, separated by "; " in Markdown.
 */
void
pen_inputs(const struct report *r)
{
	int html = r->o->format == REPORT_HTML;

	for (size_t i = 0; i < r->ninput; i++) {
		const struct report_input *in = &r->input[i];

		if (i > 0)
			out_str(html ? "<br/>" : "; ");
		if (strcmp(in->name, "-") == 0)
			out_str("standard input");
		else
			pen_isolated(r->o->format, in->name);
		out_printf(" (%s%s)", in->role, in->pipe ? ", a pipe" : "");
		if (in->sha[0] == '\0')
			out_str(": not read");
		else
			out_printf(": SHA-256 %s%s%s", html ? "<code>" : "`",
			    in->sha, html ? "</code>" : "`");
	}
}

void
pen_corpus_cases(const struct report *r)
{
	int fmt = r->o->format;
	const char *sep = fmt == REPORT_HTML ? "</th><th>" : " | ";

	if (counts_case_is_doc(r->c))
		out_str("documents");
	else {
		out_str("cases (");
		pen_text(fmt, r->c->unit);
		out_str(")");
	}
	if (r->o->cases != NULL)
		out_printf("%sof them, with no segment", sep);
}

/*
 * Where the inputs come from. The streams carry no comments and name no
 * command that made them, so the page says so; a pipe's bytes are gone
 * once read, and the page says that its command line alone cannot make
 * it again.
 */
void
pen_provenance_words(const struct report *r)
{
	int pipe = 0;

	for (size_t i = 0; i < r->ninput; i++)
		pipe |= r->input[i].pipe;
	if (pipe)
		out_str("Made from a pipe: the command line alone cannot make "
		    "this page again; the SHA-256 above is of the bytes read. ");
	out_str("The streams do not record the commands that made them (tx "
	    TX_VERSION "): keep those (a Makefile, a script) with this page.");
}

/*
 * A percentage in a heatmap cell: whole, but one decimal under 10 (so
 * that 0.3% is not shown as 0%), "<0.1%" under 0.05, "0%" for none.
 */
void
pen_pct(int fmt, double v)
{
	if (isnan(v))
		out_str("\xe2\x80\x93");
	else if (v == 0)
		out_str("0%");
	else if (v < 0.05)
		out_str(fmt == REPORT_HTML ? "&lt;0.1%" : "<0.1%");
	else if (v < 9.95)
		out_printf("%.1f%%", v);
	else
		out_printf("%.0f%%", v);
}

/* A test as the comparison names it, in words; NULL for another. */
static const char *
test_words(const char *test)
{
	static const char *const names[][2] = {
		{ "fisher", "Fisher's exact test" },
		{ "chi2 (yates)", "chi-square with Yates' correction" },
		{ "chi2", "chi-square" },
		{ "chi2 (fisher limit)", "chi-square (too many tables for Fisher's)" },
		{ "g2", "the G-test" },
		{ "rao-scott", "Rao-Scott's F (segments nested in cases)" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(test, names[i][0]) == 0)
			return names[i][1];
	return NULL;
}

/*
 * The tests of the comparison's rows at report positions from to to, each
 * named once, in the order first met; "no test" if no row has one.
 */
void
pen_tests(const struct report *r, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i++) {
		const struct compare_result *row = r->code[r->order[i]].row;
		size_t j;

		if (row == NULL || *row->test == '\0')
			continue;
		for (j = from; j < i; j++) {
			const struct compare_result *o = r->code[r->order[j]].row;

			if (o != NULL && strcmp(o->test, row->test) == 0)
				break;
		}
		if (j < i)
			continue;
		out_str(n++ ? ", " : "");
		if (test_words(row->test) != NULL)
			out_str(test_words(row->test));
		else            /* a test --compare names: its own words */
			pen_text(r->o->format, row->test);
	}
	if (n == 0)
		out_str("no test");
}

/* What a theme's table shows: the unit, the test, q and h, in words. */
void
pen_table_caption(const struct report *r, size_t from, size_t to)
{
	out_printf("%c%s carrying each code in each group, of the group's %s, "
	    "and the %%; p: ", r->unit[0] - 'a' + 'A', r->unit + 1, r->unit);
	pen_tests(r, from, to);
	out_str("; q: p adjusted across the codes (Benjamini-Hochberg); h: "
	    "Cohen's h, the effect size, between the highest and lowest "
	    "group");
	if (!r->unit_known)
		out_str(" (the unit is unknown: see Comparison)");
	out_char('.');
}
