/*
 * attrs.c: the stream's columns. The segment columns, and the attribute
 * columns of --attrs joined on doc, or on doc and speaker where the sheet
 * has both columns (a joint interview's nurse and manager).
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "streams.h"
#include "tsv.h"
#include "table.h"
#include "tx.h"
#include "segment/internal.h"

/*
 * The key columns by_key compares (qsort and bsearch take no context):
 * doc, and speaker unless NOSPEAKER.
 */
#define NOSPEAKER ((size_t)-1)
static size_t attr_key, attr_speaker = NOSPEAKER;

static int
by_doc(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;

	return strcmp(x->f[attr_key], y->f[attr_key]);
}

static int
by_key(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;
	int r = strcmp(x->f[attr_key], y->f[attr_key]);

	if (r != 0 || attr_speaker == NOSPEAKER)
		return r;
	return strcmp(x->f[attr_speaker], y->f[attr_speaker]);
}

/*
 * Load --attrs: the key column ("doc", else the first), the others made
 * stream names with colname(); names that clash are errors.
 */
void
seg_attrs_load(struct seg_attrs *a, const char *path)
{
	struct table *tb = &a->sheet;
	int have_doc = 0;

	if (table_load(tb, path) != 0)
		tx_exit(out_close(EXIT_USAGE));
	a->loaded = 1;
	a->col = xcalloc(tb->ncol, sizeof(*a->col));
	a->name = xcalloc(tb->ncol, sizeof(*a->name));
	attr_key = 0;
	attr_speaker = NOSPEAKER;
	for (size_t i = 0; i < tb->ncol; i++) {
		char *c = colname(tb->col[i]);

		if (strcmp(c, "doc") == 0) {
			attr_key = i;
			have_doc = 1;
		} else if (strcmp(c, "speaker") == 0 && attr_speaker == NOSPEAKER)
			attr_speaker = i;
		free(c);
	}
	if (!have_doc)
		attr_speaker = NOSPEAKER;       /* a speaker column needs doc */
	a->key = attr_key;
	a->by_speaker = attr_speaker != NOSPEAKER;
	a->speaker = attr_speaker;
	a->used = xcalloc(tb->nrow ? tb->nrow : 1, 1);
	a->keyf = xcalloc(tb->ncol, sizeof(*a->keyf));
	for (size_t i = 0; i < tb->ncol; i++) {
		char *c;

		if (i == attr_key || i == attr_speaker)
			continue;
		c = colname(tb->col[i]);
		for (size_t k = 0; k < sizeof(SEGMENT_COLS) / sizeof(*SEGMENT_COLS); k++)
			if (strcmp(c, SEGMENT_COLS[k]) == 0)
				tx_die(EXIT_USAGE, path, 1, "column \"%s\" clashes with "
				    "the segment column \"%s\"", tb->col[i], c);
		for (size_t k = 0; k < a->n; k++)
			if (strcmp(c, a->name[k]) == 0)
				tx_die(EXIT_USAGE, path, 1, "columns \"%s\" and \"%s\" "
				    "both become \"%s\"", tb->col[a->col[k]],
				    tb->col[i], c);
		a->col[a->n] = i;
		a->name[a->n++] = c;
	}
	if (tb->nrow > 0)       /* a sheet of a header alone has row NULL */
		qsort(tb->row, tb->nrow, sizeof(*tb->row), by_key);
	for (size_t r = 1; r < tb->nrow; r++)
		if (by_key(&tb->row[r], &tb->row[r - 1]) == 0) {
			long x = tb->row[r - 1].line, y = tb->row[r].line;

			if (a->by_speaker)
				tx_die(EXIT_USAGE, path, x > y ? x : y, "doc \"%s\" "
				    "speaker \"%s\" appears twice (also line %ld)",
				    tb->row[r].f[attr_key],
				    tb->row[r].f[attr_speaker], x > y ? y : x);
			tx_die(EXIT_USAGE, path, x > y ? x : y, "%s \"%s\" appears "
			    "twice (also line %ld)", tb->col[attr_key],
			    tb->row[r].f[attr_key], x > y ? y : x);
		}
}

/* Each input's attribute row; a document without one is an error. */
void
seg_attrs_join(const struct seg_attrs *a, struct seg_input *in, size_t n,
    const char *path)
{
	struct table_row key;
	char **f;

	if (!a->loaded)
		return;
	f = xcalloc(a->sheet.ncol, sizeof(*f));
	key.f = f;
	attr_key = a->key;
	for (size_t i = 0; i < n; i++) {
		f[attr_key] = in[i].doc;
		/* with speakers: a row of the doc, which seg_attrs_row refines */
		in[i].row = a->sheet.nrow == 0 ? NULL : bsearch(&key,
		    a->sheet.row, a->sheet.nrow, sizeof(*a->sheet.row), by_doc);
		if (in[i].row == NULL && !a->missing_empty)
			tx_die(EXIT_USAGE, path, 0, "no row for doc \"%s\" (%s); "
			    "--attrs-missing empty leaves its columns empty",
			    in[i].doc, in[i].path);
	}
	free(f);
}

/*
 * The attributes of the turn of d->speaker: its document's row, or
 * with a speaker sheet the row of its doc and speaker, else of its doc and
 * an empty speaker, else none (empty columns).
 */
const struct table_row *
seg_attrs_row(const struct doc *d)
{
	const struct seg_attrs *a = &d->opt->attrs;
	struct table_row key, *row = NULL;

	if (!a->by_speaker || d->in->row == NULL)
		return d->in->row;
	attr_key = a->key;
	attr_speaker = a->speaker;
	key.f = a->keyf;
	key.f[attr_key] = d->in->doc;
	for (int k = 0; k < 2 && row == NULL; k++) {
		key.f[attr_speaker] = k == 0 ? d->speaker.s : (char *)"";
		row = bsearch(&key, a->sheet.row, a->sheet.nrow,
		    sizeof(*a->sheet.row), by_key);
	}
	if (row)
		a->used[row - a->sheet.row] = 1;
	return row;
}

/*
 * With a speaker sheet, after all inputs: a row of an input's doc that
 * matched no turn is a warning naming its doc and speaker.
 */
void
seg_attrs_unmatched(const struct seg_attrs *a, const struct seg_input *in,
    size_t n, const char *path)
{
	if (!a->loaded || !a->by_speaker)
		return;
	for (size_t r = 0; r < a->sheet.nrow; r++) {
		const struct table_row *row = &a->sheet.row[r];
		size_t i;

		if (a->used[r])
			continue;
		for (i = 0; i < n && strcmp(in[i].doc, row->f[a->key]) != 0; i++)
			;
		if (i < n)
			tx_warn(path, row->line, "doc \"%s\" speaker \"%s\" "
			    "matches no segment", row->f[a->key],
			    row->f[a->speaker]);
	}
}

void
seg_attrs_free(struct seg_attrs *a)
{
	free(a->used);
	free(a->keyf);
	for (size_t i = 0; i < a->n; i++)
		free(a->name[i]);
	free(a->name);
	free(a->col);
	if (a->loaded)
		table_free(&a->sheet);
}

/* The header: the segment columns, the attributes' before text. */
void
seg_header(const struct seg_attrs *a)
{
	size_t ncol = sizeof(SEGMENT_COLS) / sizeof(*SEGMENT_COLS);

	for (size_t k = 0; k + 1 < ncol; k++) {
		out_str(SEGMENT_COLS[k]);
		tsv_sep();
	}
	for (size_t i = 0; i < a->n; i++) {
		out_str(a->name[i]);
		tsv_sep();
	}
	out_str(SEGMENT_COLS[ncol - 1]);
	out_char('\n');
}
