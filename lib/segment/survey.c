/*
 * survey.c: which label candidates of a document are speakers. A first
 * pass over the document (the format's) adds every candidate, a short run
 * before a colon at a line start; seg_survey_decide then takes those that
 * have a label's form (bold, a placeholder, an ID, capitals, a title, a
 * role, a name of the speaker list) or recur as a line-start label, or are
 * a name before a sentence, and not header lines or prose; the second pass
 * asks whether each line's candidate was taken. The report (--label-report)
 * and the warnings come from here too.
 */
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "segment/internal.h"

/* The survey of a new document. */
void
seg_survey_reset(struct survey *sv)
{
	sv->n = sv->cur = 0;
	sv->names.n = sv->listed.n = 0;
	sv->first_para = 0;
	sv->first_para_text = 0;
	sv->bold_only = 0;
}

void
seg_survey_free(struct survey *sv)
{
	free(sv->c);
	free(sv->order);
	free(sv->names.s);
	free(sv->listed.s);
}

/* A candidate at the line that starts at pos; its name is name[0..len). */
void
seg_survey_add(struct doc *d, size_t pos, int para, const char *name,
    size_t len, unsigned form)
{
	struct survey *sv = &d->sv;
	struct cand *c;

	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 64;
		sv->c = xrealloc(sv->c, sv->cap * sizeof(*sv->c));
	}
	c = &sv->c[sv->n++];
	memset(c, 0, sizeof(*c));
	c->pos = pos;
	c->line = seg_line_of(d, pos);
	c->para = para;
	c->name = sv->names.n;
	c->len = len;
	c->form = form;
	buf_add(&sv->names, name, len);
	if (sv->first_para == 0 && para > 0)
		sv->first_para = para;
}

/* A text line of paragraph para that is no candidate. */
void
seg_survey_text(struct survey *sv, int para)
{
	if (sv->first_para == 0)
		sv->first_para = para;
	if (para == sv->first_para)
		sv->first_para_text = 1;
}

/*
 * The speaker list of s[p..q) ("Speakers: Ann, Bob" or, after a line
 * "SPEAKERS", a line "Ann, Bob"): each name added, NUL-ended.
 */
void
seg_survey_list(struct survey *sv, const char *s, size_t p, size_t q)
{
	size_t a = p, z, x, y;

	while (a < q) {
		for (z = a; z < q && s[z] != ','; z++)
			;
		x = a;
		y = z;
		trim(s, &x, &y);
		if (y > x) {
			buf_add(&sv->listed, s + x, y - x);
			sv->listed.n++;         /* keep the NUL */
		}
		a = z + 1;
	}
}

/* "SPEAKERS" or "Speakers:" at s[p..q): where its names start, or 0. */
size_t
seg_speaker_list(const char *s, size_t p, size_t q)
{
	static const char key[] = "speakers";
	size_t k;

	if (q - p < 8)
		return 0;
	for (k = 0; k < 8; k++)
		if (lower((unsigned char)s[p + k]) != key[k])
			return 0;
	if (p + 8 < q && s[p + 8] != ':')
		return 0;
	return p + 8 + (p + 8 < q);
}

static int
listed(const struct survey *sv, const char *name, size_t len)
{
	for (size_t i = 0; i < sv->listed.n; i += strlen(sv->listed.s + i) + 1)
		if (strlen(sv->listed.s + i) == len &&
		    memcmp(sv->listed.s + i, name, len) == 0)
			return 1;
	return 0;
}

/* The names by_name compares (qsort takes no context). */
static const struct survey *sorting;

static int
by_name(const void *a, const void *b)
{
	const struct cand *x = &sorting->c[*(const size_t *)a];
	const struct cand *y = &sorting->c[*(const size_t *)b];
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(sorting->names.s + x->name, sorting->names.s + y->name, n);

	if (r != 0 || x->len != y->len)
		return r != 0 ? r : x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Candidates order[i] and order[j] have one name. */
static int
by_name_eq(const struct survey *sv, size_t i, size_t j)
{
	const struct cand *x = &sv->c[sv->order[i]], *y = &sv->c[sv->order[j]];

	return x->len == y->len && memcmp(sv->names.s + x->name,
	    sv->names.s + y->name, x->len) == 0;
}

/*
 * The first paragraph is a header block: all short "Key: value" lines,
 * one of them with fields, a header word ("Date") or a value that is
 * initials or an id ("Interviewer: KW"), and labels after it.
 */
static int
header_block(const struct survey *sv)
{
	int key = 0, n = 0, initials = 0;

	if (sv->first_para == 0 || sv->first_para_text)
		return 0;
	for (size_t i = 0; i < sv->n && sv->c[i].para == sv->first_para; i++) {
		const struct cand *c = &sv->c[i];

		if (!(c->form & (LF_SHORT | LF_FIELDS)) || (c->form & LF_BOLD))
			return 0;
		key |= (c->form & (LF_FIELDS | LF_HEADWORD)) != 0;
		initials |= (c->form & LF_INITIALS) != 0;
		n++;
	}
	if (n == 0 || (size_t)n == sv->n)
		return 0;
	return key || initials;
}

/* Whether c is a speaker, and why (or why not), bold_only aside. */
static void
decide(const struct survey *sv, struct cand *c, int in_header)
{
	unsigned f = c->form;

	c->taken = 1;
	if (f & (LF_REGEX | LF_OTTER))
		c->why = f & LF_REGEX ? "label-regex" : "otter";
	else if (in_header || (f & LF_FIELDS))
		c->why = "header";
	else if (f & LF_BOLD)
		c->why = "bold";
	else if (f & LF_PROSE)
		c->why = "prose";
	else if (f & LF_PLACEHOLDER)
		c->why = "placeholder";
	else if (f & LF_ID)
		c->why = "id";
	else if (f & LF_CAPS)
		c->why = "capitals";
	else if (f & LF_TITLE)
		c->why = "title";
	else if (f & LF_ROLE)
		c->why = "role";
	else if (listed(sv, sv->names.s + c->name, c->len))
		c->why = "listed";
	else if (c->count > 1)
		c->why = "recurs";
	else if ((f & LF_NAME) && (f & LF_OPENS))
		c->why = "name";
	else
		c->why = "once";
	if (strcmp(c->why, "header") == 0 || strcmp(c->why, "prose") == 0 ||
	    strcmp(c->why, "once") == 0)
		c->taken = 0;
}

/*
 * A document with no label taken takes its names after all, one-off and
 * followed by lower case ("Bob: we waited"), as a short exchange writes them.
 */
static void
no_other_label(struct survey *sv)
{
	size_t i;

	for (i = 0; i < sv->n && !sv->c[i].taken; i++)
		;
	if (i < sv->n)
		return;
	for (i = 0; i < sv->n; i++)
		if ((sv->c[i].form & LF_NAME) && strcmp(sv->c[i].why, "once") == 0) {
			sv->c[i].taken = 1;
			sv->c[i].why = "no-other-label";
		}
}

/*
 * After the first pass: count each name's line starts, decide each
 * candidate, and whether the document's labels are bold (most of those
 * taken are): then plain ones are text, as "You say:" in the hearings.
 */
void
seg_survey_decide(struct doc *d)
{
	struct survey *sv = &d->sv;
	size_t i, j, nbold = 0, nplain = 0;
	int head = header_block(sv);

	sv->order = xrealloc(sv->order, (sv->n ? sv->n : 1) * sizeof(*sv->order));
	for (i = 0; i < sv->n; i++)
		sv->order[i] = i;
	sorting = sv;
	if (sv->n > 0)
		qsort(sv->order, sv->n, sizeof(*sv->order), by_name);
	for (i = 0; i < sv->n; i = j) {
		for (j = i + 1; j < sv->n && by_name_eq(sv, i, j); j++)
			;
		for (size_t k = i; k < j; k++)
			sv->c[sv->order[k]].count = (int)(j - i);
	}
	for (i = 0; i < sv->n; i++)
		decide(sv, &sv->c[i], head && sv->c[i].para == sv->first_para);
	no_other_label(sv);
	for (i = 0; i < sv->n; i++) {
		struct cand *c = &sv->c[i];

		if (c->taken && (c->form & LF_BOLD))
			nbold++;
		else if (c->taken && !(c->form & (LF_REGEX | LF_OTTER)))
			nplain++;
	}
	sv->bold_only = nbold > nplain;
	for (i = 0; sv->bold_only && i < sv->n; i++) {
		struct cand *c = &sv->c[i];

		if (c->taken && !(c->form & (LF_BOLD | LF_REGEX | LF_OTTER))) {
			c->taken = 0;
			c->why = "bold-document";
		}
	}
	sv->cur = 0;
}

/*
 * The second pass: whether the candidate at the line that starts at pos
 * (if any) was taken. Lines are asked in order, so a cursor finds it.
 */
int
seg_survey_taken(struct doc *d, size_t pos)
{
	struct survey *sv = &d->sv;

	while (sv->cur < sv->n && sv->c[sv->cur].pos < pos)
		sv->cur++;
	return sv->cur < sv->n && sv->c[sv->cur].pos == pos &&
	    sv->c[sv->cur].taken;
}

/* The report's header (--label-report). */
void
seg_report_header(void)
{
	out_str("doc\tline\tlabel\ttaken\tcount\twhy\n");
}

/* The report's rows for the document: every candidate, in line order. */
static void
report(const struct doc *d)
{
	const struct survey *sv = &d->sv;

	for (size_t i = 0; i < sv->n; i++) {
		const struct cand *c = &sv->c[i];

		tsv_write_str(d->in->doc);
		tsv_sep();
		out_long(c->line);
		tsv_sep();
		tsv_write_field(sv->names.s + c->name, c->len);
		tsv_sep();
		out_str(c->taken ? "yes" : "no");
		tsv_sep();
		out_long(c->count);
		tsv_sep();
		out_str(c->why);
		tsv_end();
	}
}

/*
 * The document is done: its report rows, and the warnings: one speaker
 * only, or a candidate that recurs but was not taken (once per name).
 */
void
seg_survey_end(struct doc *d)
{
	struct survey *sv = &d->sv;
	size_t i, j;

	if (d->opt->label_report)
		report(d);
	if (d->seg > 0 && d->nspk == 0)
		tx_warn(d->name, 0, "no speaker label taken: one speaker only "
		    "(see --label-report)");
	else if (d->seg > 0 && d->nspk == 1)
		tx_warn(d->name, 0, "one speaker only, \"%s\" (see "
		    "--label-report)", d->spk1.s);
	for (i = 0; i < sv->n; i = j) {
		struct cand *first = NULL;

		for (j = i + 1; j < sv->n && by_name_eq(sv, i, j); j++)
			;
		for (size_t k = i; k < j && first == NULL; k++)
			if (!sv->c[sv->order[k]].taken)
				first = &sv->c[sv->order[k]];
		/* prose and headers do not look like labels: no warning */
		if (first && first->count > 1 && strcmp(first->why, "header") != 0 &&
		    strcmp(first->why, "prose") != 0)
			first->warn = 1;
	}
	for (i = 0; i < sv->n; i++) {
		const struct cand *c = &sv->c[i];

		if (c->warn)
			tx_warn(d->name, c->line, "\"%.*s\" starts %d lines "
			    "but is not taken as a label (%s; see --label-report)",
			    (int)c->len, sv->names.s + c->name, c->count, c->why);
	}
}
