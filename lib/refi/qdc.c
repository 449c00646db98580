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

/* The table row of a line of the file, or NULL. */
static const struct table_row *
row_at(const struct table *tb, long line)
{
	for (size_t r = 0; r < tb->nrow; r++)
		if (tb->row[r].line == line)
			return &tb->row[r];
	return NULL;
}

/*
 * The rule columns (tx-code(1), "Rules"), kept in the block as
 * "name: value" after their row's pattern, in this order.
 */
static const char *const rule_col[] = { "near", "not_near", "window",
	"direction", "within", "speakers", "rule", "requires" };
#define NRULE (sizeof(rule_col) / sizeof(rule_col[0]))

/* A regex or value for the block: one line of text. */
static void
block_value(struct refi_cbook *cb, struct buf *b, const char *what,
    const char *v, long line, const char *code)
{
	if (strpbrk(v, "\r\n") != NULL)
		tx_die(EXIT_USAGE, cb->file, line, "code \"%s\": a %s on "
		    "several lines cannot be kept in a .qdc (write it on one)",
		    code, what);
	buf_str(b, what);
	buf_str(b, ": ");
	buf_str(b, v);
	buf_char(b, '\n');
}

static void
block_line(struct refi_cbook *cb, struct buf *b, const char *what,
    const struct cb_pattern *pt, const char *code)
{
	block_value(cb, b, what, pt->src, pt->line, code);
}

/* The rule columns of the row at line, those not empty. */
static void
block_rules(struct refi_cbook *cb, struct buf *b, const struct table *tb,
    const int *rcol, long line, const char *code)
{
	const struct table_row *r = row_at(tb, line);

	for (size_t j = 0; r != NULL && j < NRULE; j++)
		if (rcol[j] >= 0 && *r->f[rcol[j]] != '\0')
			block_value(cb, b, rule_col[j], r->f[rcol[j]], line, code);
}

/* Whether the row at line has a rule column that is not empty. */
static int
has_rules(const struct table *tb, const int *rcol, long line)
{
	const struct table_row *r = row_at(tb, line);

	for (size_t j = 0; r != NULL && j < NRULE; j++)
		if (rcol[j] >= 0 && *r->f[rcol[j]] != '\0')
			return 1;
	return 0;
}

/*
 * The code's rows as the block holds them, in the file's order, each
 * row's rule columns after its pattern (and exclude); a row of the code's
 * own with rules and no pattern (a Boolean code's rule) first, as an
 * empty pattern.
 */
static char *
make_block(struct refi_cbook *cb, const struct cb_code *k,
    const struct table *tb, const int *rcol)
{
	struct buf b = { 0 };
	size_t ip = 0, ie = 0;
	int own = k->line > 0 && has_rules(tb, rcol, k->line);

	for (size_t i = 0; own && i < k->npat; i++)
		own = k->pat[i].line != k->line;
	for (size_t i = 0; own && i < k->nexcl; i++)
		own = k->excl[i].line != k->line;
	if (own) {
		buf_str(&b, "pattern:\n");
		block_rules(cb, &b, tb, rcol, k->line, k->path);
	}
	while (ip < k->npat || ie < k->nexcl) {
		long lp = ip < k->npat ? k->pat[ip].line : -1;
		long le = ie < k->nexcl ? k->excl[ie].line : -1;

		if (lp >= 0 && (le < 0 || lp <= le)) {
			block_line(cb, &b, "pattern", &k->pat[ip++], k->path);
			if (le == lp)
				block_line(cb, &b, "exclude", &k->excl[ie++], k->path);
			block_rules(cb, &b, tb, rcol, lp, k->path);
		} else {
			buf_str(&b, "pattern:\n");
			block_line(cb, &b, "exclude", &k->excl[ie++], k->path);
			block_rules(cb, &b, tb, rcol, le, k->path);
		}
	}
	return b.s;
}

/* The first non-empty value of column col among the code's rows. */
static const char *
column_of(const struct table *tb, int col, const struct cb_code *k)
{
	const struct table_row *r;

	if (col < 0)
		return NULL;
	if (k->line > 0 && (r = row_at(tb, k->line)) && *r->f[col])
		return r->f[col];
	for (size_t i = 0; i < k->npat; i++)
		if ((r = row_at(tb, k->pat[i].line)) && *r->f[col])
			return r->f[col];
	for (size_t i = 0; i < k->nexcl; i++)
		if ((r = row_at(tb, k->excl[i].line)) && *r->f[col])
			return r->f[col];
	return NULL;
}

static int
find_col(const struct table *tb, const char *a, const char *b)
{
	for (size_t i = 0; i < tb->ncol; i++)
		if (strcasecmp(tb->col[i], a) == 0 || (b && strcasecmp(tb->col[i], b) == 0))
			return (int)i;
	return -1;
}

struct refi_cbook *
qdc_load(const char *path)
{
	struct refi_cbook *cb = xcalloc(1, sizeof(*cb));
	struct codebook k;
	struct table tb;
	struct strmap guids = { 0 };
	int gcol, ccol, rcol[NRULE];

	cb->file = path;
	if (codebook_load(&k, path) != 0)
		tx_exit(EXIT_USAGE);
	if (table_load(&tb, path) != 0)
		tx_exit(EXIT_USAGE);
	gcol = find_col(&tb, "guid", NULL);
	ccol = find_col(&tb, "color", "colour");
	for (size_t j = 0; j < NRULE; j++)
		rcol[j] = find_col(&tb, rule_col[j], NULL);
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
		if (kc->npat + kc->nexcl > 0 ||
		    (kc->line > 0 && has_rules(&tb, rcol, kc->line)))
			c->block = make_block(cb, kc, &tb, rcol);
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

void
csv_field(const char *s, int sep)
{
	size_t n = strlen(s);

	if (strpbrk(s, ",\"\r\n") != NULL || (n > 0 && (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[n - 1])))) {
		out_char('"');
		for (; *s; s++) {
			if (*s == '"')
				out_char('"');
			out_char(*s);
		}
		out_char('"');
	} else
		out_str(s);
	if (sep)
		out_char(sep);
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
 * A row of the CSV: the rule columns the sheet has (rv, those with rcol
 * set) before description, guid and color after it when it has them.
 */
static void
csv_row(const char *code, const char *pat, const char *excl,
    const char *const *rv, const int *rcol, const char *desc,
    const char *guid, const char *color, int gcol, int ccol)
{
	csv_field(code, ',');
	csv_field(pat, ',');
	csv_field(excl, ',');
	for (size_t j = 0; j < NRULE; j++)
		if (rcol[j])
			csv_field(rv[j] ? rv[j] : "", ',');
	csv_field(desc, gcol || ccol ? ',' : '\n');
	if (gcol)
		csv_field(guid, ccol ? ',' : '\n');
	if (ccol)
		csv_field(color, '\n');
}

/* Which rule column a block line gives ("near: v"), or -1. */
static int
rule_line(const char *line, const char **value)
{
	for (size_t j = 0; j < NRULE; j++) {
		size_t n = strlen(rule_col[j]);

		if (strncmp(line, rule_col[j], n) == 0 && line[n] == ':') {
			*value = line + n + 1 + (line[n + 1] == ' ');
			return (int)j;
		}
	}
	return -1;
}

void
qdc_to_csv(const struct refi_project *p)
{
	int gcol = 0, ccol = 0, rcol[NRULE] = { 0 };
	const char *v;

	for (size_t i = 0; i < p->ncode; i++) {
		const char *line = p->code[i].block;

		gcol |= own_guid(&p->code[i]) != NULL;
		ccol |= p->code[i].color != NULL;
		for (; line && *line; line = strchr(line, '\n') ?
		    strchr(line, '\n') + 1 : line + strlen(line)) {
			int j = rule_line(line, &v);

			if (j >= 0)
				rcol[j] = 1;
		}
	}
	out_str("code,pattern,exclude");
	for (size_t j = 0; j < NRULE; j++)
		if (rcol[j]) {
			out_char(',');
			out_str(rule_col[j]);
		}
	out_str(",description");
	out_str(gcol ? ",guid" : "");
	out_str(ccol ? ",color\n" : "\n");
	for (size_t i = 0; i < p->ncode; i++) {
		const struct refi_code *c = &p->code[i];
		const char *desc = c->desc ? c->desc : "";
		const char *guid = own_guid(c), *color = c->color;
		char *block = c->block ? xstrdup(c->block) : NULL;
		char *line, *next, *pat = NULL, *excl = NULL;
		const char *rv[NRULE] = { 0 };
		int rows = 0, j;

		guid = guid ? guid : "";
		color = color ? color : "";
#define FLUSH() do { \
		csv_row(c->path, pat ? pat : "", excl ? excl : "", rv, rcol, \
		    desc, guid, color, gcol, ccol); \
		desc = guid = color = ""; \
		memset(rv, 0, sizeof(rv)); \
		rows++; \
	} while (0)
		for (line = block; line && *line; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			else
				next = line + strlen(line);
			if (strncmp(line, "pattern:", 8) == 0) {
				if (pat || excl)
					FLUSH();
				pat = line + 8 + (line[8] == ' ');
				excl = NULL;
			} else if (strncmp(line, "exclude:", 8) == 0) {
				if (excl) {
					FLUSH();
					pat = NULL;
				}
				excl = line + 8 + (line[8] == ' ');
			} else if ((j = rule_line(line, &v)) >= 0)
				rv[j] = v;
		}
		if (pat || excl || rows == 0)
			FLUSH();
#undef FLUSH
		free(block);
	}
}
