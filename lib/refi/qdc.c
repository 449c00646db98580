/*
 * qdc.c: tx's codebook as REFI-QDA codes, and back.
 *
 * Code paths become nested Code elements in codebook order; a theme (a
 * code without patterns) is isCodable="false" unless all_codable; the
 * description goes in Description with the patterns in tx's block after
 * it (refi.h); a guid column gives a code's GUID, else it is derived from
 * the path (refi_guid), so a re-export keeps identities; a color column
 * must hold #RRGGBB. Back, the block gives the rows again; a guid column
 * is written only when some GUID is not the one tx would derive (the
 * codebook came from another tool), a color column only when some code
 * has one.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codebook/codebook.h"
#include "intern.h"
#include "out.h"
#include "table.h"
#include "tx.h"
#include "refi/refi.h"

struct cbk_code {
	char *path;
	const char *name;
	long parent;
	char *desc;             /* NULL if none */
	char guid[REFI_GUID_LEN + 1];
	char *color;            /* NULL if none */
	int patterns;           /* has any: codable */
	char *block;            /* NULL if no pattern or exclude */
	long line;
};

struct refi_cbook {
	const char *file;
	struct cbk_code *c;
	size_t n, cap;
	struct strmap idx;
};

size_t qdc_ncode(const struct refi_cbook *cb) { return cb->n; }
const char *qdc_path(const struct refi_cbook *cb, size_t i) { return cb->c[i].path; }
const char *qdc_guid(const struct refi_cbook *cb, size_t i) { return cb->c[i].guid; }

long
qdc_find(const struct refi_cbook *cb, const char *path)
{
	return strmap_get(&cb->idx, path, strlen(path));
}

static long
append(struct refi_cbook *cb, const char *path, long parent)
{
	struct cbk_code *c;
	const char *slash;

	if (cb->n == cb->cap) {
		cb->cap = cb->cap ? 2 * cb->cap : 32;
		cb->c = xrealloc(cb->c, cb->cap * sizeof(*cb->c));
	}
	c = memset(&cb->c[cb->n], 0, sizeof(*c));
	c->path = xstrdup(path);
	c->name = (slash = strrchr(c->path, '/')) ? slash + 1 : c->path;
	c->parent = parent;
	refi_guid(c->guid, "code", path);
	strmap_put(&cb->idx, path, strlen(path), (long)cb->n);
	return (long)cb->n++;
}

/*
 * A code the codings name and the codebook lacks, with its ancestors. It
 * goes after its last sibling's descendants (codebook order stays a tree):
 * the array is rebuilt in depth-first order by qdc_write's walk anyway.
 */
long
qdc_add(struct refi_cbook *cb, const char *path, int codable)
{
	char *p = xstrdup(path), *slash = p;
	long parent = -1, i;

	for (;;) {
		slash = strchr(slash, '/');
		if (slash)
			*slash = '\0';
		if ((i = qdc_find(cb, p)) < 0)
			i = append(cb, p, parent);
		if (slash == NULL)
			break;
		*slash++ = '/';
		parent = i;
	}
	cb->c[i].patterns |= codable;
	free(p);
	return i;
}

/* The block's columns: pattern first (it starts a row), then these. */
enum { BLOCK_PATTERN, BLOCK_EXCLUDE, BLOCK_RULE, BLOCK_NCOL =
	BLOCK_RULE + CB_RULE_COLUMNS };

static const char *
block_name(int j)
{
	return j == BLOCK_PATTERN ? "pattern" : j == BLOCK_EXCLUDE ? "exclude" :
	    codebook_rule_columns[j - BLOCK_RULE];
}

/* A column of a row for the block: one line of text. */
static void
block_line(struct refi_cbook *cb, struct buf *b, const char *what,
    const char *value, long line, const char *code)
{
	if (strpbrk(value, "\r\n") != NULL)
		tx_die(EXIT_USAGE, cb->file, line, "code \"%s\": a %s on "
		    "several lines cannot be kept in a .qdc (write it on one)",
		    code, what);
	buf_str(b, what);
	buf_str(b, *value ? ": " : ":");
	buf_str(b, value);
	buf_char(b, '\n');
}

static int
by_line(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/*
 * The code's rows as the block holds them, in the file's order: each row
 * that has a pattern, an exclude or a rule column is a "pattern:" line
 * (empty if it has none), then a line for each other column it fills.
 * col[j] is the table's column of block column j, or -1.
 */
static char *
make_block(struct refi_cbook *cb, const struct table *tb,
    const struct cb_code *k, const int *col)
{
	struct buf b = { 0 };
	size_t n = 0;
	long *lines = xcalloc(1 + k->npat + k->nexcl, sizeof(*lines));

	if (k->line > 0)
		lines[n++] = k->line;
	for (size_t i = 0; i < k->npat; i++)
		lines[n++] = k->pat[i].line;
	for (size_t i = 0; i < k->nexcl; i++)
		lines[n++] = k->excl[i].line;
	qsort(lines, n, sizeof(*lines), by_line);
	for (size_t i = 0; i < n; i++) {
		const struct table_row *r;
		int any = 0;

		if ((i > 0 && lines[i] == lines[i - 1]) ||
		    (r = table_row_at(tb, lines[i])) == NULL)
			continue;
		for (int j = 0; j < BLOCK_NCOL; j++)
			any |= col[j] >= 0 && *r->f[col[j]] != '\0';
		if (!any)
			continue;
		block_line(cb, &b, "pattern", col[BLOCK_PATTERN] >= 0 ?
		    r->f[col[BLOCK_PATTERN]] : "", lines[i], k->path);
		for (int j = BLOCK_EXCLUDE; j < BLOCK_NCOL; j++)
			if (col[j] >= 0 && *r->f[col[j]] != '\0')
				block_line(cb, &b, block_name(j), r->f[col[j]],
				    lines[i], k->path);
	}
	free(lines);
	return b.s;
}

/* The first non-empty value of column col among the code's rows. */
static const char *
column_of(const struct table *tb, int col, const struct cb_code *k)
{
	const struct table_row *r;

	if (col < 0)
		return NULL;
	if (k->line > 0 && (r = table_row_at(tb, k->line)) && *r->f[col])
		return r->f[col];
	for (size_t i = 0; i < k->npat; i++)
		if ((r = table_row_at(tb, k->pat[i].line)) && *r->f[col])
			return r->f[col];
	for (size_t i = 0; i < k->nexcl; i++)
		if ((r = table_row_at(tb, k->excl[i].line)) && *r->f[col])
			return r->f[col];
	return NULL;
}


struct refi_cbook *
qdc_load(const char *path)
{
	struct refi_cbook *cb = xcalloc(1, sizeof(*cb));
	struct codebook k;
	struct table tb;
	struct strmap guids = { 0 };
	int gcol, ccol, bcol[BLOCK_NCOL];

	cb->file = path;
	if (table_load(&tb, path) != 0 || codebook_from_table(&k, &tb,
	    path) != 0)
		tx_exit(EXIT_USAGE);
	gcol = codebook_column(&tb, "guid");
	if ((ccol = codebook_column(&tb, "color")) < 0)
		ccol = codebook_column(&tb, "colour");
	for (int j = 0; j < BLOCK_NCOL; j++)
		bcol[j] = codebook_column(&tb, block_name(j));
	if (k.ncode == 0)
		tx_die(EXIT_USAGE, path, 0, "no codes (a .qdc holds at least one)");
	for (size_t i = 0; i < k.ncode; i++) {
		const struct cb_code *kc = &k.code[i];
		long at = append(cb, kc->path, kc->parent);
		struct cbk_code *c = &cb->c[at];
		const char *g = column_of(&tb, gcol, kc);
		const char *color = column_of(&tb, ccol, kc);
		long line = kc->line ? kc->line : kc->npat ? kc->pat[0].line : 0;

		c->line = line;
		c->desc = kc->desc ? xstrdup(kc->desc) : NULL;
		c->patterns = kc->npat > 0;
		c->block = make_block(cb, &tb, kc, bcol);
		if (g != NULL) {
			int q;
			char *key = refi_guid_key(g, &q);

			if (q == 3)
				tx_die(EXIT_USAGE, path, line, "code \"%s\": guid "
				    "\"%s\" is not a GUID (8-4-4-4-12 hex digits)",
				    c->path, g);
			snprintf(c->guid, sizeof(c->guid), "%s", key);
			free(key);
		}
		if (strmap_get(&guids, c->guid, strlen(c->guid)) >= 0)
			tx_die(EXIT_USAGE, path, line, "code \"%s\": guid %s is "
			    "given to another code too", c->path, c->guid);
		strmap_put(&guids, c->guid, strlen(c->guid), (long)at);
		if (color != NULL) {
			size_t n = strlen(color), d = 1;

			while (d < n && isxdigit((unsigned char)color[d]))
				d++;
			if (n != 7 || color[0] != '#' || d != 7)
				tx_die(EXIT_USAGE, path, line, "code \"%s\": color "
				    "\"%s\" is not #RRGGBB", c->path, color);
			c->color = xstrdup(color);
		}
	}
	strmap_free(&guids);
	table_free(&tb);
	codebook_free(&k);
	return cb;
}

struct refi_cbook *
qdc_new(void)
{
	return xcalloc(1, sizeof(struct refi_cbook));
}

void
qdc_free(struct refi_cbook *cb)
{
	if (cb == NULL)
		return;
	for (size_t i = 0; i < cb->n; i++) {
		free(cb->c[i].path), free(cb->c[i].desc);
		free(cb->c[i].color), free(cb->c[i].block);
	}
	free(cb->c);
	strmap_free(&cb->idx);
	free(cb);
}

static void
indent(struct buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_str(b, "  ");
}

/* Code i and its children, depth-first. */
static void
write_code(struct buf *b, const struct refi_cbook *cb, size_t i, int depth,
    const struct refi_qdc_opts *o, const char *file)
{
	const struct cbk_code *c = &cb->c[i];
	int kids = 0;

	indent(b, depth);
	buf_str(b, "<Code");
	xml_attr(b, "guid", c->guid);
	if (xml_attr(b, "name", c->name) != 0)
		tx_die(EXIT_USAGE, file, c->line, "code \"%s\": a control "
		    "character XML cannot hold", c->path);
	xml_attr(b, "isCodable", c->patterns || o->all_codable ? "true" : "false");
	if (c->color)
		xml_attr(b, "color", c->color);
	if (c->desc || c->block) {
		buf_str(b, ">\n");
		indent(b, depth + 1);
		buf_str(b, "<Description>");
		if (c->desc && xml_escape(b, c->desc, strlen(c->desc), 0) != 0)
			tx_die(EXIT_USAGE, file, c->line, "code \"%s\": its "
			    "description has a control character XML cannot "
			    "hold", c->path);
		if (c->block) {
			if (c->desc)
				buf_str(b, "\n\n");
			buf_str(b, REFI_BLOCK_OPEN "\n");
			if (xml_escape(b, c->block, strlen(c->block), 0) != 0)
				tx_die(EXIT_USAGE, file, c->line, "code \"%s\": a "
				    "pattern has a control character XML cannot "
				    "hold (write it as an escape, \\x01)", c->path);
			buf_str(b, REFI_BLOCK_CLOSE);
		}
		buf_str(b, "</Description>\n");
		kids = 1;
	}
	for (size_t k = i + 1; k < cb->n; k++)
		if (cb->c[k].parent == (long)i) {
			if (!kids)
				buf_str(b, ">\n");
			kids = 1;
			write_code(b, cb, k, depth + 1, o, file);
		}
	if (kids) {
		indent(b, depth);
		buf_str(b, "</Code>\n");
	} else
		buf_str(b, "/>\n");
}

void
qdc_write(struct buf *b, const struct refi_cbook *cb,
    const struct refi_qdc_opts *o, int project, const char *file)
{
	int depth = project ? 1 : 0;

	if (!project) {
		buf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		buf_str(b, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"");
		xml_attr(b, "origin", "tx-refi " TX_VERSION);
		buf_str(b, ">\n");
	} else {
		indent(b, depth);
		buf_str(b, "<CodeBook>\n");
	}
	indent(b, depth + 1);
	buf_str(b, "<Codes>\n");
	for (size_t i = 0; i < cb->n; i++)
		if (cb->c[i].parent < 0)
			write_code(b, cb, i, depth + 2, o, file);
	indent(b, depth + 1);
	buf_str(b, "</Codes>\n");
	indent(b, depth);
	buf_str(b, "</CodeBook>\n");
}

/* The GUID tx-refi --to qdc would write for the code, if it is another. */
static const char *
own_guid(const struct refi_code *c)
{
	char derived[REFI_GUID_LEN + 1];
	int q;
	char *k;

	if (c->guid == NULL)
		return NULL;
	k = refi_guid_key(c->guid, &q);
	refi_guid(derived, "code", c->path);
	free(k);
	if (q == 3 || strcmp(c->key, derived) == 0)
		return NULL;
	return c->key;
}

/*
 * A row of the CSV: code, pattern, exclude, the rule columns some code
 * uses (use[j]), description, then guid and color when the sheet has them.
 */
static void
csv_row(const char *code, char *const *v, const int *use, const char *desc,
    const char *guid, const char *color, int gcol, int ccol)
{
	table_write_field(code, strlen(code));
	for (int j = 0; j < BLOCK_NCOL; j++)
		if (use[j]) {
			out_char(',');
			if (v[j] != NULL)
				table_write_field(v[j], strlen(v[j]));
		}
	out_char(',');
	table_write_field(desc, strlen(desc));
	if (gcol) {
		out_char(',');
		table_write_field(guid, strlen(guid));
	}
	if (ccol) {
		out_char(',');
		table_write_field(color, strlen(color));
	}
	out_char('\n');
}

/*
 * The block's column a line names ("exclude: x"), its value in *value;
 * -1 for a line of another kind.
 */
static int
block_column(char *line, char **value)
{
	for (int j = 0; j < BLOCK_NCOL; j++) {
		const char *name = block_name(j);
		size_t n = strlen(name);

		if (strncmp(line, name, n) == 0 && line[n] == ':') {
			*value = line + n + 1 + (line[n + 1] == ' ');
			return j;
		}
	}
	return -1;
}

/*
 * Each code's block as rows: a "pattern:" line starts a row, the other
 * lines fill its columns. fn(arg, v) for each row, or once with v NULL
 * for a code with none; returns the number of rows.
 */
static size_t
block_rows(const struct refi_code *c, void (*fn)(void *, const struct
    refi_code *, char *const *), void *arg)
{
	char *block = c->block ? xstrdup(c->block) : NULL;
	char *v[BLOCK_NCOL] = { 0 }, *line, *next, *value;
	size_t rows = 0;
	int open = 0, j;

	for (line = block; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((j = block_column(line, &value)) < 0)
			continue;
		if (open && (j == BLOCK_PATTERN || v[j] != NULL)) {
			fn(arg, c, v), rows++;
			memset(v, 0, sizeof(v));
		}
		v[j] = value;
		open = 1;
	}
	if (open)
		fn(arg, c, v), rows++;
	free(block);
	return rows;
}

static void
mark_used(void *arg, const struct refi_code *c, char *const *v)
{
	int *use = arg;

	(void)c;
	for (int j = BLOCK_RULE; j < BLOCK_NCOL; j++)
		use[j] |= v[j] != NULL;
}

struct csv_state {
	const int *use;
	int gcol, ccol;
	size_t rows;            /* of the code, so far */
};

static void
write_row(void *arg, const struct refi_code *c, char *const *v)
{
	struct csv_state *st = arg;
	const char *guid = own_guid(c);

	/* description, guid and color on the code's first row only */
	if (st->rows++ == 0)
		csv_row(c->path, v, st->use, c->desc ? c->desc : "",
		    guid ? guid : "", c->color ? c->color : "", st->gcol,
		    st->ccol);
	else
		csv_row(c->path, v, st->use, "", "", "", st->gcol, st->ccol);
}

void
qdc_to_csv(const struct refi_project *p)
{
	int gcol = 0, ccol = 0, use[BLOCK_NCOL] = { 1, 1 };
	char *none[BLOCK_NCOL] = { 0 };

	for (size_t i = 0; i < p->ncode; i++) {
		gcol |= own_guid(&p->code[i]) != NULL;
		ccol |= p->code[i].color != NULL;
		block_rows(&p->code[i], mark_used, use);
	}
	out_str("code");
	for (int j = 0; j < BLOCK_NCOL; j++)
		if (use[j]) {
			out_char(',');
			out_str(block_name(j));
		}
	out_str(",description");
	out_str(gcol ? ",guid" : "");
	out_str(ccol ? ",color\n" : "\n");
	for (size_t i = 0; i < p->ncode; i++) {
		struct csv_state st = { use, gcol, ccol, 0 };

		if (block_rows(&p->code[i], write_row, &st) == 0)
			write_row(&st, &p->code[i], none);
	}
}
