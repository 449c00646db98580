/*
 * Sheets (codebooks, attribute sheets): CSV through libcsv, or TSV, read
 * whole into memory; they are small. Fields are raw: the stream escapes do
 * not apply, so a codebook's "\b" reaches PCRE2 as written.
 */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tsv.h"
#include "table.h"
#include "file.h"
#include "intern.h"
#include "out.h"
#include "tx.h"

struct loader {
	struct table *tb;
	char **f;               /* fields of the row being built */
	size_t nf, capf;
	long line, rowline;
	int err;
};

static void
add_field(struct loader *ld, const char *s, size_t n)
{
	if (ld->nf == ld->capf) {
		ld->capf = ld->capf ? 2 * ld->capf : 8;
		ld->f = xrealloc(ld->f, ld->capf * sizeof(*ld->f));
	}
	ld->f[ld->nf++] = xstrndup(s ? s : "", s ? n : 0);
}

/* End of a row: the first is the header, the rest are padded to it. */
static void
end_row(struct loader *ld)
{
	struct table *tb = ld->tb;
	struct table_row *r;

	if (tb->col == NULL) {
		tb->col = ld->f;
		tb->ncol = ld->nf;
		ld->f = NULL;
		ld->nf = ld->capf = 0;
		return;
	}
	if (ld->nf > tb->ncol) {
		for (size_t i = tb->ncol; i < ld->nf; i++)
			if (ld->f[i][0] != '\0') {
				tx_warn(tb->name, ld->rowline, "%zu fields where the "
				    "header has %zu", ld->nf, tb->ncol);
				ld->err = 1;
				break;
			}
		for (size_t i = tb->ncol; i < ld->nf; i++)
			free(ld->f[i]);
		ld->nf = tb->ncol;
	}
	while (ld->nf < tb->ncol)
		add_field(ld, "", 0);
	tb->row = xrealloc(tb->row, (tb->nrow + 1) * sizeof(*tb->row));
	r = &tb->row[tb->nrow++];
	r->f = ld->f;
	r->line = ld->rowline;
	ld->f = NULL;
	ld->nf = ld->capf = 0;
}

static void
csv_field_cb(void *s, size_t n, void *data)
{
	add_field(data, s, n);
}

static void
csv_row_cb(int c, void *data)
{
	(void)c;
	end_row(data);
}

static int
is_tsv(const char *path, const char *buf, size_t n)
{
	const char *dot = strrchr(path, '.'), *nl;

	if (dot && strcmp(dot, ".csv") == 0)
		return 0;
	if (dot && (strcmp(dot, ".tsv") == 0 || strcmp(dot, ".tab") == 0))
		return 1;
	nl = memchr(buf, '\n', n);
	return memchr(buf, '\t', nl ? (size_t)(nl - buf) : n) != NULL;
}

/* Feed the CSV parser line by line, to know where each row starts. */
static void
load_csv(struct loader *ld, const char *buf, size_t n)
{
	struct csv_parser p;
	const char *line = buf, *end = buf + n, *nl;

	csv_init(&p, CSV_APPEND_NULL);
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		nl = nl ? nl + 1 : end;
		ld->line++;
		if (p.pstate == 0)      /* ROW_NOT_BEGUN */
			ld->rowline = ld->line;
		if (csv_parse(&p, line, (size_t)(nl - line), csv_field_cb,
		    csv_row_cb, ld) != (size_t)(nl - line)) {
			tx_warn(ld->tb->name, ld->line, "%s",
			    csv_strerror(csv_error(&p)));
			ld->err = 1;
			break;
		}
		line = nl;
	}
	if (!ld->err && p.pstate == 2 && p.quoted) {    /* FIELD_BEGUN */
		tx_warn(ld->tb->name, ld->rowline, "quoted field not closed");
		ld->err = 1;
	}
	csv_fini(&p, csv_field_cb, csv_row_cb, ld);
	csv_free(&p);
}

static void
load_tsv(struct loader *ld, char *buf, size_t n)
{
	char *line = buf, *end = buf + n, *nl, *tab, *p;

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		ld->rowline = ++ld->line;
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*line != '\0') {
			for (p = line; (tab = strchr(p, '\t')) != NULL; p = tab + 1)
				add_field(ld, p, (size_t)(tab - p));
			add_field(ld, p, strlen(p));
			end_row(ld);
		}
		line = nl + 1;
	}
}

int
table_load(struct table *tb, const char *path)
{
	struct buf file = { 0 };
	int rc;

	memset(tb, 0, sizeof(*tb));
	tb->name = path;
	if (file_read(path, &file) != 0) {
		buf_free(&file);
		return -1;
	}
	rc = table_parse(tb, path, file.s, file.n);
	buf_free(&file);
	return rc;
}

int
table_parse(struct table *tb, const char *path, char *text, size_t n)
{
	struct loader ld = { .tb = tb };
	const char *what;
	size_t bad;

	memset(tb, 0, sizeof(*tb));
	tb->name = path;
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		n -= 3;
	}
	if ((bad = text_check(text, n, &what)) != n) {
		tx_warn(path, line_of(text, bad), "%s", what);
		return -1;
	}
	if (is_tsv(path, text, n))
		load_tsv(&ld, text, n);
	else
		load_csv(&ld, text, n);
	for (size_t i = 0; i < ld.nf; i++)
		free(ld.f[i]);
	free(ld.f);
	if (!ld.err && tb->col == NULL) {
		tx_warn(path, 0, "empty: a header is required");
		ld.err = 1;
	}
	for (size_t i = 0; i < tb->ncol && !ld.err; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(tb->col[i], tb->col[j]) == 0) {
				tx_warn(path, 1, "column \"%s\" appears twice",
				    tb->col[i]);
				ld.err = 1;
				break;
			}
	if (ld.err) {
		table_free(tb);
		return -1;
	}
	return 0;
}

const struct table_row *
table_row_at(const struct table *tb, long line)
{
	size_t lo = 0, hi = tb->nrow;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tb->row[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tb->nrow && tb->row[lo].line == line ? &tb->row[lo] : NULL;
}

int
table_col(const struct table *tb, const char *name)
{
	for (size_t i = 0; i < tb->ncol; i++)
		if (strcmp(tb->col[i], name) == 0)
			return (int)i;
	return -1;
}

void
table_free(struct table *tb)
{
	for (size_t r = 0; r < tb->nrow; r++) {
		for (size_t i = 0; i < tb->ncol; i++)
			free(tb->row[r].f[i]);
		free(tb->row[r].f);
	}
	free(tb->row);
	for (size_t i = 0; i < tb->ncol; i++)
		free(tb->col[i]);
	free(tb->col);
	memset(tb, 0, sizeof(*tb));
}

char *
colname(const char *value)
{
	size_t n = strlen(value), o = 0;
	char *out = xmalloc(n + 2);
	int gap = 0;

	for (const char *p = value; *p; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && o > 0)
				out[o++] = '_';
			out[o++] = c;
			gap = 0;
		} else
			gap = 1;
	}
	if (o == 0)
		out[o++] = 'x';
	out[o] = '\0';
	return out;
}

long
colname_clash(char *const *name, size_t n, size_t *earlier)
{
	struct strset seen = { 0 };
	struct chunk *arena = NULL;
	long at = -1;
	int isnew;

	for (size_t i = 0; i < n && at < 0; i++) {
		/* the names before i are distinct: index j is name j */
		uint32_t j = strset_add(&seen, &arena, name[i], strlen(name[i]),
		    &isnew);

		if (!isnew) {
			*earlier = j;
			at = (long)i;
		}
	}
	strset_free(&seen);
	arena_free(arena);
	return at;
}

void
table_write_field(const char *s, size_t n)
{
	int quote = n > 0 && (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[n - 1]));

	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (!quote) {
		out_write(s, n);
		return;
	}
	out_char('"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			out_char('"');
		out_char(s[i]);
	}
	out_char('"');
}
