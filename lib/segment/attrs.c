/*
 * attrs.c: the stream's columns. The segment columns, and the attribute
 * columns of --attrs joined on doc.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "table.h"
#include "tx.h"
#include "segment/internal.h"

static const char *segment_cols[] = { "doc", "seg", "speaker", "time",
	"section", "line", "start", "end", "text" };

/* The key column by_key compares (qsort and bsearch take no context). */
static size_t attr_key;

static int
by_key(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;

	return strcmp(x->f[attr_key], y->f[attr_key]);
}

/*
 * Load --attrs: the key column ("doc", else the first), the others made
 * stream names with colname(); names that clash are errors.
 */
void
seg_attrs_load(struct seg_attrs *a, const char *path)
{
	struct table *tb = &a->sheet;

	if (table_load(tb, path) != 0)
		tx_exit(out_close(EXIT_USAGE));
	a->loaded = 1;
	a->col = xcalloc(tb->ncol, sizeof(*a->col));
	a->name = xcalloc(tb->ncol, sizeof(*a->name));
	attr_key = 0;
	for (size_t i = 0; i < tb->ncol; i++) {
		char *c = colname(tb->col[i]);

		if (strcmp(c, "doc") == 0)
			attr_key = i;
		free(c);
	}
	a->key = attr_key;
	for (size_t i = 0; i < tb->ncol; i++) {
		char *c;

		if (i == attr_key)
			continue;
		c = colname(tb->col[i]);
		for (size_t k = 0; k < sizeof(segment_cols) / sizeof(*segment_cols); k++)
			if (strcmp(c, segment_cols[k]) == 0)
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
		if (strcmp(tb->row[r].f[attr_key], tb->row[r - 1].f[attr_key]) == 0) {
			long x = tb->row[r - 1].line, y = tb->row[r].line;

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
		in[i].row = a->sheet.nrow == 0 ? NULL : bsearch(&key,
		    a->sheet.row, a->sheet.nrow, sizeof(*a->sheet.row), by_key);
		if (in[i].row == NULL && !a->missing_empty)
			tx_die(EXIT_USAGE, path, 0, "no row for doc \"%s\" (%s); "
			    "--attrs-missing empty leaves its columns empty",
			    in[i].doc, in[i].path);
	}
	free(f);
}

void
seg_attrs_free(struct seg_attrs *a)
{
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
	size_t ncol = sizeof(segment_cols) / sizeof(*segment_cols);

	for (size_t k = 0; k + 1 < ncol; k++) {
		out_str(segment_cols[k]);
		tsv_sep();
	}
	for (size_t i = 0; i < a->n; i++) {
		out_str(a->name[i]);
		tsv_sep();
	}
	out_str(segment_cols[ncol - 1]);
	out_char('\n');
}
