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

/* One character of s (at *i, which it advances), escaped. */
void
pen_char(struct pen *p, const char *s, size_t n, size_t *i)
{
	unsigned char ch = (unsigned char)s[*i];
	size_t len = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;

	if (len > n - *i)
		len = n - *i;
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

/* Text, escaped, white space collapsed and trimmed. */
void
pen_text(int fmt, const char *s)
{
	struct pen p = { .fmt = fmt };

	pen_write(&p, s, strlen(s));
}

/* Text of at most max characters; a longer one ends in an ellipsis. */
void
pen_short(int fmt, const char *s, size_t max)
{
	struct pen p = { .fmt = fmt };
	size_t n = strlen(s), i = 0, chars = 0;

	if (utf8_chars(s, n) <= max) {
		pen_write(&p, s, n);
		return;
	}
	while (i < n && chars + 1 < max) {
		pen_char(&p, s, n, &i);
		chars++;
	}
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
	struct pen pen = { .fmt = fmt };

	if (p == NULL) {
		pen_text(fmt, rc->path);
		return;
	}
	for (p++; *p != '\0'; p++) {
		if (*p == '/') {
			out_str(" / ");
			pen.any = pen.space = 0;
			continue;
		}
		size_t i = 0;

		pen_char(&pen, p, strlen(p), &i);
		p += i - 1;
	}
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
		out_str(" (tx-compare output), with its tests and patterns");
		return;
	}
	out_str("as tx-compare --by ");
	pen_text(fmt, r->o->by);
	out_printf(" makes it: documents carrying each code in each group; "
	    "Fisher's exact test where an expected count is below 5, else "
	    "chi-square%s; q, Benjamini-Hochberg across the %zu codes; pattern: "
	    "only in, more in (q %s 0.05), shared (%s 50%% in every group), "
	    "rare (%s 10%% in every group), else similar",
	    r->k == 2 ? " with Yates' correction" : "", r->cmp.nrow,
	    fmt == REPORT_HTML ? "&lt;" : "<", "\xe2\x89\xa5",
	    fmt == REPORT_HTML ? "&lt;" : "<");
}
