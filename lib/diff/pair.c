/*
 * pair.c: the codes of two codebooks paired, and what changed in each
 * pair. A code keeps its identity through a rename or a move by its guid
 * (a column the codebook loader ignores, read here from the sheet); without
 * one, by its path; a code left over on each side is taken as renamed or
 * moved when exactly one on the other side has its name (moved), or its
 * patterns, excludes and description, not all empty (renamed).
 */
#include <string.h>

#include "buf.h"
#include "table.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "diff/diff.h"

/* The guid of a row of the sheet, by line; NULL if none. */
static const char *
guid_at(const struct table *tb, long gcol, long line)
{
	const struct table_row *r = line > 0 ? table_row_at(tb, line) : NULL;

	return r != NULL && *r->f[gcol] ? r->f[gcol] : NULL;
}

/*
 * Each code's guid from the sheet's guid column, NULL without one: that
 * of the first of the code's rows (the one that names it, then those of
 * its patterns and excludes) that gives one. Rows are found by line, as
 * the loader numbers them, so a path is never parsed twice.
 */
static char **
load_guids(const struct codebook *cb, const struct table *tb)
{
	long gcol = codebook_column(tb, "guid");
	char **guid;

	if (gcol < 0)
		return NULL;
	guid = xcalloc(cb->ncode, sizeof(*guid));
	for (size_t i = 0; i < cb->ncode; i++) {
		const struct cb_code *c = &cb->code[i];
		const char *g = guid_at(tb, gcol, c->line);

		for (size_t k = 0; g == NULL && k < c->npat; k++)
			g = guid_at(tb, gcol, c->pat[k].line);
		for (size_t k = 0; g == NULL && k < c->nexcl; k++)
			g = guid_at(tb, gcol, c->excl[k].line);
		if (g != NULL)
			guid[i] = xstrdup(g);
	}
	return guid;
}

static void
free_list(char **s, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		free(s[i]);
	free(s);
}

/* The regexes of a list, each followed by a newline. */
static void
add_regexes(struct buf *b, const struct cb_pattern *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_str(b, p[i].src);
		buf_char(b, '\n');
	}
}

static int
same_regexes(const struct cb_pattern *a, size_t na, const struct cb_pattern *b,
    size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].src, b[i].src) != 0)
			return 0;
	return 1;
}

/* What a code says, patterns, excludes and description; NULL if nothing. */
static char *
content(const struct cb_code *c)
{
	struct buf b = { 0 };

	add_regexes(&b, c->pat, c->npat);
	buf_char(&b, '\1');
	add_regexes(&b, c->excl, c->nexcl);
	buf_char(&b, '\1');
	if (c->desc)
		buf_str(&b, c->desc);
	if (b.n == 2) {
		buf_free(&b);
		return NULL;
	}
	return b.s;
}

/* The length of the path above the code's name (0 at the top). */
static size_t
parent_len(const struct cb_code *c)
{
	return (size_t)(c->name - c->path);
}

static int
change_of(const struct cb_code *o, const struct cb_code *n)
{
	int ch = 0;

	if (strcmp(o->name, n->name) != 0)
		ch |= CH_RENAMED;
	if (parent_len(o) != parent_len(n) ||
	    strncmp(o->path, n->path, parent_len(o)) != 0)
		ch |= CH_MOVED;
	if (!same_regexes(o->pat, o->npat, n->pat, n->npat))
		ch |= CH_PATTERNS;
	if (!same_regexes(o->excl, o->nexcl, n->excl, n->nexcl))
		ch |= CH_EXCLUDES;
	if (strcmp(o->desc ? o->desc : "", n->desc ? n->desc : "") != 0)
		ch |= CH_DESCRIPTION;
	return ch;
}

/* Pair the left-over codes that key says are one: when exactly one each. */
static void
pair_unique(const struct cbdiff *d, long *of_new, long *of_old, char **ko,
    char **kn)
{
	for (size_t j = 0; j < d->new->ncode; j++) {
		long found = -1, nfound = 0;

		if (of_new[j] >= 0 || kn[j] == NULL)
			continue;
		for (size_t i = 0; i < d->old->ncode; i++)
			if (of_old[i] < 0 && ko[i] && strcmp(ko[i], kn[j]) == 0)
				found = (long)i, nfound++;
		for (size_t k = 0; nfound == 1 && k < d->new->ncode; k++)
			if (k != j && of_new[k] < 0 && kn[k] &&
			    strcmp(kn[k], kn[j]) == 0)
				nfound++;
		if (nfound == 1) {
			of_new[j] = found;
			of_old[found] = (long)j;
		}
	}
}

/* Pair by a key each code has (guid or path); NULL keys pair nothing. */
static void
pair_keys(const struct cbdiff *d, long *of_new, long *of_old, char **ko,
    char **kn)
{
	for (size_t j = 0; j < d->new->ncode; j++)
		for (size_t i = 0; of_new[j] < 0 && kn[j] &&
		    i < d->old->ncode; i++)
			if (of_old[i] < 0 && ko[i] && strcmp(ko[i], kn[j]) == 0) {
				of_new[j] = (long)i;
				of_old[i] = (long)j;
			}
}

static char **
keys(const struct codebook *cb, int what)
{
	char **k = xcalloc(cb->ncode, sizeof(*k));

	for (size_t i = 0; i < cb->ncode; i++)
		k[i] = what == 0 ? xstrdup(cb->code[i].path) : what == 1 ?
		    xstrdup(cb->code[i].name) : content(&cb->code[i]);
	return k;
}

static void
add_pair(struct cbdiff *d, long o, long n, int change)
{
	struct cbdiff_pair *p;

	d->pair = xrealloc(d->pair, (d->npair + 1) * sizeof(*d->pair));
	p = &d->pair[d->npair++];
	memset(p, 0, sizeof(*p));
	p->old = o;
	p->new = n;
	p->change = change;
	p->segs_old = p->segs_new = p->gained = p->lost = p->docs_old =
	    p->docs_new = -1;
}

void
cbdiff_pair(struct cbdiff *d, const struct codebook *old,
    const struct codebook *new, const struct table *tb[2])
{
	long *of_new = xcalloc(new->ncode + 1, sizeof(*of_new));
	long *of_old = xcalloc(old->ncode + 1, sizeof(*of_old));
	char **go = load_guids(old, tb[0]), **gn = load_guids(new, tb[1]);
	char **ko, **kn;

	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = new;
	for (size_t j = 0; j < new->ncode; j++)
		of_new[j] = -1;
	for (size_t i = 0; i < old->ncode; i++)
		of_old[i] = -1;
	if (go != NULL && gn != NULL) {
		d->by_guid = 1;
		pair_keys(d, of_new, of_old, go, gn);
	}
	for (int what = 0; what < 3; what++) {  /* path, name, content */
		ko = keys(old, what);
		kn = keys(new, what);
		if (what == 0)
			pair_keys(d, of_new, of_old, ko, kn);
		else
			pair_unique(d, of_new, of_old, ko, kn);
		free_list(ko, old->ncode);
		free_list(kn, new->ncode);
	}
	for (size_t j = 0; j < new->ncode; j++)
		add_pair(d, of_new[j], (long)j, of_new[j] < 0 ? CH_ADDED :
		    change_of(&old->code[of_new[j]], &new->code[j]));
	for (size_t i = 0; i < old->ncode; i++)
		if (of_old[i] < 0)
			add_pair(d, (long)i, -1, CH_REMOVED);
	free_list(go, old->ncode);
	free_list(gn, new->ncode);
	free(of_new);
	free(of_old);
}
