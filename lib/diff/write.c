/*
 * write.c: the diff as a stream (one row per code, or per segment gained
 * or lost) or as a change log in Markdown for a methods appendix.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "streams.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "diff/internal.h"

#define NDIFF_COLS (sizeof(DIFF_COLS) / sizeof(*DIFF_COLS))
#define NDIFF_SEGMENT_COLS (sizeof(DIFF_SEGMENT_COLS) / sizeof(*DIFF_SEGMENT_COLS))

static const char *const change_words[] = { "added", "removed", "renamed",
	"moved", "patterns", "excludes", "description" };      /* CH_* bits */

static const char *
path_of(const struct codebook *cb, long i)
{
	return i >= 0 ? cb->code[i].path : "";
}

static const char *
code_of(const struct cbdiff *d, const struct cbdiff_pair *p)
{
	return p->new >= 0 ? path_of(d->new, p->new) : path_of(d->old, p->old);
}

static void
write_change(int change, const char *sep)
{
	int first = 1;

	if (change == 0)
		out_str("unchanged");
	for (size_t b = 0; b < sizeof(change_words) / sizeof(*change_words);
	    b++)
		if (change & (1 << b)) {
			out_str(first ? "" : sep);
			out_str(change_words[b]);
			first = 0;
		}
}

static void
write_count(long v)
{
	tsv_sep();
	if (v >= 0)
		out_long(v);
}

static void
write_rows(const struct cbdiff *d)
{
	size_t ncol = d->by ? NDIFF_COLS : d->effect ? NDIFF_COLS - 2 : 3;

	for (size_t c = 0; c < ncol; c++) {
		tsv_write_str(DIFF_COLS[c]);
		out_char(c + 1 < ncol ? '\t' : '\n');
	}
	/* No segments (empty input, or a header alone): a header alone. */
	if (d->effect && d->co[0].nrow == 0 && d->co[1].nrow == 0)
		return;
	for (size_t i = 0; i < d->npair; i++) {
		const struct cbdiff_pair *p = &d->pair[i];

		tsv_write_str(code_of(d, p));
		tsv_sep();
		tsv_write_str(path_of(d->old, p->old));
		tsv_sep();
		write_change(p->change, ",");
		if (d->effect) {
			write_count(p->segs_old);
			write_count(p->segs_new);
			write_count(p->gained);
			write_count(p->lost);
			write_count(p->docs_old);
			write_count(p->docs_new);
			tsv_sep();
			tsv_write_str(p->other ? p->other : "");
		}
		if (d->by) {
			tsv_sep();
			tsv_write_str(p->pattern_old ? p->pattern_old : "");
			tsv_sep();
			tsv_write_str(p->pattern_new ? p->pattern_new : "");
		}
		tsv_end();
	}
}

/* One gained or lost segment: its doc and seg, and the match. */
static void
write_segment(const struct cbdiff *d, const struct cbdiff_pair *p,
    const struct cbdiff_row *r, const char *change)
{
	const char *key = d->impl->segs.ent[r->seg].s;
	const char *tab = strchr(key, '\t');

	tsv_write_str(code_of(d, p));
	tsv_sep();
	tsv_write_str(path_of(d->old, p->old));
	tsv_sep();
	tsv_write_field(key, (size_t)(tab - key));
	tsv_sep();
	tsv_write_str(tab + 1);
	tsv_sep();
	out_str(change);
	tsv_sep();
	tsv_write_str(d->impl->text.s + r->match);
	tsv_end();
}

static void
write_segments(const struct cbdiff *d)
{
	for (size_t c = 0; c < NDIFF_SEGMENT_COLS; c++) {
		tsv_write_str(DIFF_SEGMENT_COLS[c]);
		out_char(c + 1 < NDIFF_SEGMENT_COLS ? '\t' : '\n');
	}
	for (size_t i = 0; d->effect && i < d->npair; i++) {
		const struct cbdiff_pair *p = &d->pair[i];
		struct cbdiff_row *so, *sn;
		size_t no = cbdiff_segments(d, 0, p->old, &so);
		size_t nn = cbdiff_segments(d, 1, p->new, &sn);
		size_t a = 0, b = 0;

		while (a < no || b < nn) {
			if (b == nn || (a < no && so[a].seg < sn[b].seg))
				write_segment(d, p, &so[a++], "lost");
			else if (a == no || sn[b].seg < so[a].seg)
				write_segment(d, p, &sn[b++], "gained");
			else
				a++, b++;
		}
		free(so);
		free(sn);
	}
}

/* Text in a Markdown table cell or list: | and newlines made harmless. */
static void
md_text(const char *s)
{
	for (; *s; s++)
		if (*s == '|')
			out_str("\\|");
		else if (*s == '\n')
			out_char(' ');
		else
			out_char(*s);
}

/* A code span outside a table: | stays as written. */
static void
md_code(const char *s)
{
	out_char('`');
	for (; *s; s++)
		out_char(*s == '\n' ? ' ' : *s);
	out_char('`');
}

static void
md_regexes(const struct cb_pattern *p, size_t n)
{
	if (n == 0)
		out_str("none");
	for (size_t i = 0; i < n; i++) {
		out_str(i > 0 ? ", " : "");
		md_code(p[i].src);
	}
}

static size_t
md_count(const struct cbdiff *d, int bit)
{
	size_t n = 0;

	for (size_t i = 0; i < d->npair; i++)
		n += (d->pair[i].change & bit) != 0;
	return n;
}

/* The list of pairs whose change has one of bits, each as a bullet. */
static void
md_list(const struct cbdiff *d, const char *title, int bits)
{
	size_t n = md_count(d, bits);

	if (n == 0)
		return;
	out_printf("\n## %s (%zu)\n\n", title, n);
	for (size_t i = 0; i < d->npair; i++) {
		const struct cbdiff_pair *p = &d->pair[i];
		const struct cb_code *o = p->old >= 0 ? &d->old->code[p->old] : NULL;
		const struct cb_code *c = p->new >= 0 ? &d->new->code[p->new] : o;

		if (!(p->change & bits))
			continue;
		out_str("- ");
		if (o != NULL && c != o && (p->change & (CH_RENAMED | CH_MOVED))) {
			md_code(o->path);
			out_str(" → ");
		}
		md_code(c->path);
		if (bits & CH_PATTERNS) {
			out_str(": ");
			write_change(p->change & ~(CH_RENAMED | CH_MOVED), ", ");
		}
		if ((p->change & (CH_ADDED | CH_REMOVED)) && c->desc != NULL) {
			out_str(": ");
			md_text(c->desc);
		}
		out_char('\n');
		if (p->other != NULL) {
			out_str(p->change & CH_ADDED ? "  - its segments were "
			    "coded before: " : "  - its segments are coded now: ");
			md_text(p->other);
			out_char('\n');
		}
		if (o != NULL && c != o && (p->change & CH_PATTERNS)) {
			out_str("  - patterns: ");
			md_regexes(o->pat, o->npat);
			out_str(" → ");
			md_regexes(c->pat, c->npat);
			out_char('\n');
		}
		if (o != NULL && c != o && (p->change & CH_EXCLUDES)) {
			out_str("  - excludes: ");
			md_regexes(o->excl, o->nexcl);
			out_str(" → ");
			md_regexes(c->excl, c->nexcl);
			out_char('\n');
		}
	}
}

static void
md_num(long v)
{
	out_str(" | ");
	if (v >= 0)
		out_long(v);
}

static void
md_effect(const struct cbdiff *d)
{
	out_printf("\n## Effect on the codings\n\n| Code | Change | Segments "
	    "before | after | Gained | Lost | Documents before | after |%s\n"
	    "|---|---|--:|--:|--:|--:|--:|--:|%s\n",
	    d->by ? " Pattern before | after |" : "",
	    d->by ? "---|---|" : "");
	for (size_t i = 0; i < d->npair; i++) {
		const struct cbdiff_pair *p = &d->pair[i];

		if (p->change == 0 && p->gained == 0 && p->lost == 0)
			continue;
		out_str("| ");
		md_text(code_of(d, p));
		out_str(" | ");
		write_change(p->change, ", ");
		md_num(p->segs_old);
		md_num(p->segs_new);
		md_num(p->gained);
		md_num(p->lost);
		md_num(p->docs_old);
		md_num(p->docs_new);
		if (d->by) {
			out_str(" | ");
			md_text(p->pattern_old ? p->pattern_old : "");
			out_str(" | ");
			md_text(p->pattern_new ? p->pattern_new : "");
		}
		out_str(" |\n");
	}
}

static void
write_md(const struct cbdiff *d)
{
	out_str("# Codebook changes: ");
	md_code(d->old->name);
	out_str(" → ");
	md_code(d->new->name);
	out_printf("\n\n%zu codes before, %zu after, paired by %s: %zu added, "
	    "%zu removed, %zu renamed, %zu moved, %zu with other patterns, "
	    "excludes or description.\n", d->old->ncode, d->new->ncode,
	    d->by_guid ? "guid" : "path (else name, else content)",
	    md_count(d, CH_ADDED), md_count(d, CH_REMOVED),
	    md_count(d, CH_RENAMED), md_count(d, CH_MOVED),
	    md_count(d, CH_PATTERNS | CH_EXCLUDES | CH_DESCRIPTION));
	md_list(d, "Added", CH_ADDED);
	md_list(d, "Removed", CH_REMOVED);
	md_list(d, "Renamed or moved", CH_RENAMED | CH_MOVED);
	md_list(d, "Changed", CH_PATTERNS | CH_EXCLUDES | CH_DESCRIPTION);
	if (d->effect)
		md_effect(d);
}

void
cbdiff_write(const struct cbdiff *d, int form)
{
	if (form == CBDIFF_MD)
		write_md(d);
	else if (form == CBDIFF_SEGMENTS)
		write_segments(d);
	else
		write_rows(d);
}
