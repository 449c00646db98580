/*
 * cases.c: --cases FILE, the sheet of every case and its groups, laid
 * over the counts of a codings stream: the cases the data lacks are
 * counted in their groups' totals, and the sheet is checked against the
 * data, case by case, so that no total rests on a sheet that is not the
 * corpus's.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "table.h"
#include "intern.h"
#include "cases.h"
#include "tx.h"

/* The sheet's column named col (its header made a column name), or -1. */
static int
sheet_col(const struct table *tb, const char *col)
{
	for (size_t i = 0; i < tb->ncol; i++) {
		char *name = colname(tb->col[i]);
		int same = strcmp(name, col) == 0;

		free(name);
		if (same)
			return (int)i;
	}
	return -1;
}

static int
need_col(const struct table *tb, const char *col, const char *what)
{
	int i = sheet_col(tb, col);

	if (i < 0)
		tx_die(EXIT_USAGE, tb->name, 1, "no column \"%s\" (%s): a sheet "
		    "of cases (--cases) has the case column and every --by "
		    "column", col, what);
	return i;
}

/* A group key of row r (the by values joined with NUL) into *key. */
static size_t
row_key(const struct table_row *r, const int *bycol, size_t nby,
    char **key, size_t *cap)
{
	size_t n = 0;

	for (size_t i = 0; i < nby; i++) {
		size_t len = strlen(r->f[bycol[i]]);

		if (n + len + 2 > *cap) {
			*cap = 2 * (n + len + 2);
			*key = xrealloc(*key, *cap);
		}
		if (i > 0)
			(*key)[n++] = '\0';
		memcpy(*key + n, r->f[bycol[i]], len);
		n += len;
	}
	return n;
}

/* A group as the messages name it: its values joined with ", ". */
static char *
group_words(const char *key, size_t len)
{
	char *s = xmalloc(2 * len + 1), *p = s;

	for (size_t i = 0; i < len; i++)
		if (key[i] == '\0') {
			*p++ = ',';
			*p++ = ' ';
		} else
			*p++ = key[i];
	*p = '\0';
	return s;
}

/* The data has case id in a group other than the sheet's row r says. */
static void
check_groups(const struct counts *c, const struct table *tb,
    const struct table_row *r, int casecol, uint32_t id, long sheetg,
    const char *key, size_t keylen)
{
	for (size_t g = 0; g < c->ngroup; g++) {
		char *data, *sheet;

		if ((long)g == sheetg || !counts_case_in(c, id, (uint32_t)g))
			continue;
		data = group_words(c->group[g].key, c->group[g].keylen);
		sheet = group_words(key, keylen);
		tx_die(EXIT_DATA, tb->name, r->line, "%s \"%s\" is in group "
		    "\"%s\" in the codings, \"%s\" here: one row per case, "
		    "its groups as the codings have them", c->unit,
		    r->f[casecol], data, sheet);
	}
}

void
cases_add_sheet(struct counts *c, const char *path)
{
	struct table tb;
	struct strmap row = { 0 };
	int casecol, *bycol;
	char *key = NULL;
	size_t cap = 0, ngroup = c->ngroup;

	if (table_load(&tb, path) != 0)
		tx_exit(out_close(EXIT_USAGE));
	casecol = need_col(&tb, c->unit, "the cases, --case");
	bycol = xcalloc(c->nby + 1, sizeof(*bycol));
	for (size_t i = 0; i < c->nby; i++)
		bycol[i] = need_col(&tb, c->by[i], "a --by column");
	for (size_t i = 0; i < tb.nrow; i++) {
		const char *v = tb.row[i].f[casecol];
		long first = strmap_get(&row, v, strlen(v));

		if (*v == '\0')
			tx_die(EXIT_USAGE, path, tb.row[i].line, "%s is empty: "
			    "every row is a case", c->unit);
		if (first >= 0)
			tx_die(EXIT_USAGE, path, tb.row[i].line, "%s \"%s\" again "
			    "(first on line %ld): one row per case", c->unit, v,
			    tb.row[first].line);
		strmap_put(&row, v, strlen(v), (long)i);
	}
	for (uint32_t id = 0; id < c->ncase; id++) {
		size_t n;
		const char *v = counts_case_name(c, id, &n);

		if (strmap_get(&row, v, n) < 0)
			tx_die(EXIT_DATA, path, 0, "%s \"%.*s\" of the codings "
			    "is not in the sheet: --cases lists every case, one "
			    "row each", c->unit, (int)n, v);
	}
	for (size_t i = 0; i < tb.nrow; i++) {
		const struct table_row *r = &tb.row[i];
		size_t keylen = row_key(r, bycol, c->nby, &key, &cap);
		long id = counts_case_id(c, r->f[casecol], strlen(r->f[casecol]));

		if (id < 0)
			counts_add_empty_case(c, key, keylen);
		else
			check_groups(c, &tb, r, casecol, (uint32_t)id,
			    counts_group_find(c, key, keylen), key, keylen);
	}
	/* A whole manifest given for part of the corpus: say so. */
	for (size_t g = ngroup; g < c->ngroup; g++) {
		char *w = group_words(c->group[g].key, c->group[g].keylen);

		tx_warn(path, 0, "group \"%s\" has no segment in the codings: "
		    "its %ld cases count, with no code (if they are not of "
		    "this corpus, leave their rows out of the sheet)", w,
		    c->group[g].total_docs);
		free(w);
	}
	free(key);
	free(bycol);
	strmap_free(&row);
	table_free(&tb);
}

struct counts *
cases_count_codings(char **by, size_t nby, int flags, const char *casecol,
    const char *sheet, struct tsv *t, const char *coder_hint)
{
	/* the sheet is checked against each group's cases: keep them */
	struct counts *c = counts_new(by, nby, flags | (sheet != NULL ?
	    COUNT_MEMBERS : 0));

	if (casecol != NULL)
		counts_set_case(c, casecol);
	counts_add_codings(c, t, coder_hint);
	if (sheet != NULL)
		cases_add_sheet(c, sheet);
	counts_finish(c);
	return c;
}

void
cases_check_column(const char *col, const char *also)
{
	if (col == NULL)
		return;
	if (col[0] == '\0' || strcmp(col, "code") == 0 ||
	    strcmp(col, "seg") == 0 || (also != NULL && strcmp(col, also) == 0))
		tx_usage_error("--case %s: the cases are the values of a column "
		    "such as doc or speaker", col);
}
