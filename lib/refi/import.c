/*
 * import.c: what tx takes out of a project: each text source as a file,
 * the coded selections as spans (byte offsets into those files), the
 * cases and variables as an attribute sheet, and a report of what was
 * read and what was left out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "intern.h"
#include "out.h"
#include "streams.h"
#include "table.h"
#include "tsv.h"
#include "tx.h"
#include "refi/refi.h"

int
refi_write_sources(const struct refi_project *p, const char *dir)
{
	struct stat st;
	struct buf path = { 0 };
	int status = 0;

	if (mkdir(dir, 0777) != 0 && (errno != EEXIST || stat(dir, &st) != 0 ||
	    !S_ISDIR(st.st_mode))) {
		tx_warn(dir, 0, "cannot make the folder: %s", strerror(errno));
		return EXIT_DATA;
	}
	for (size_t i = 0; i < p->nsrc && status == 0; i++) {
		const struct refi_source *s = &p->src[i];

		if (s->text == NULL)
			continue;
		path.n = 0;
		buf_str(&path, dir);
		buf_char(&path, '/');
		buf_str(&path, s->doc);
		buf_str(&path, ".txt");
		if (refi_write_file(path.s, s->text, s->len) != 0)
			status = EXIT_DATA;
	}
	buf_free(&path);
	return status;
}

/* The name a coding's coder goes by: the user's name, id or GUID. */
static const char *
coder_of(const struct refi_project *p, const struct refi_coding *c)
{
	long u = refi_find_user(p, c->user);

	if (u < 0)
		return c->user ? c->user : "";
	if (p->user[u].name && *p->user[u].name)
		return p->user[u].name;
	if (p->user[u].id && *p->user[u].id)
		return p->user[u].id;
	return p->user[u].key ? p->user[u].key : "";
}

struct span {
	const struct refi_coding *c;
	size_t start, end;
};

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->c->src != y->c->src)
		return x->c->src < y->c->src ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->c->code != y->c->code)
		return x->c->code < y->c->code ? -1 : 1;
	return x->c < y->c ? -1 : x->c > y->c;
}

void
refi_write_spans(struct refi_project *p, const struct refi_read_opts *o)
{
	struct span *sp = xcalloc(p->ncoding + 1, sizeof(*sp));
	size_t n = 0;

	(void)o;
	for (size_t i = 0; i < p->ncoding; i++) {
		const struct refi_coding *c = &p->coding[i];
		const struct refi_source *s = &p->src[c->src];

		if (c->code < 0 || s->text == NULL)
			continue;
		if (c->sel >= 0 && !p->sel[c->sel].ok)
			continue;
		sp[n].c = c;
		sp[n].start = c->sel >= 0 ? p->sel[c->sel].bstart : 0;
		sp[n].end = c->sel >= 0 ? p->sel[c->sel].bend : s->len;
		n++;
	}
	qsort(sp, n, sizeof(*sp), span_cmp);
	for (size_t k = 0; k < sizeof(SPANS_COLS) / sizeof(*SPANS_COLS); k++) {
		out_str(SPANS_COLS[k]);
		out_char(k + 1 < sizeof(SPANS_COLS) / sizeof(*SPANS_COLS) ? '\t' : '\n');
	}
	for (size_t i = 0; i < n; i++) {
		const struct refi_source *s = &p->src[sp[i].c->src];

		tsv_write_str(s->doc);
		tsv_sep();
		out_long((long)sp[i].start);
		tsv_sep();
		out_long((long)sp[i].end);
		tsv_sep();
		tsv_write_str(p->code[sp[i].c->code].path);
		tsv_sep();
		tsv_write_str(coder_of(p, sp[i].c));
		tsv_sep();
		tsv_write_field(s->text + sp[i].start, sp[i].end - sp[i].start);
		tsv_end();
	}
	free(sp);
}

/* The value of variable v for source i: its own, else its first case's. */
static const char *
value_of(const struct refi_project *p, size_t i, const char *var,
    const long *cases, size_t ncases)
{
	for (size_t k = 0; k < p->nvalue; k++)
		if (p->value[k].src == (long)i && p->value[k].var &&
		    strcmp(p->value[k].var, var) == 0 && p->value[k].value)
			return p->value[k].value;
	for (size_t c = 0; c < ncases; c++)
		for (size_t k = 0; k < p->nvalue; k++)
			if (p->value[k].cas == cases[c] && p->value[k].var &&
			    strcmp(p->value[k].var, var) == 0 && p->value[k].value)
				return p->value[k].value;
	return "";
}

void
refi_write_attrs(const struct refi_project *p)
{
	long *cases = xcalloc(p->ncas + 1, sizeof(*cases));
	struct buf names = { 0 };

	out_str("doc,case");
	for (size_t v = 0; v < p->nvar; v++) {
		out_char(',');
		table_write_field(p->var[v].name, strlen(p->var[v].name));
	}
	out_char('\n');
	for (size_t i = 0; i < p->nsrc; i++) {
		const struct refi_source *s = &p->src[i];
		size_t nc = 0;

		names.n = 0;
		for (size_t m = 0; m < p->nmember; m++) {
			long c = p->member[m].cas;
			int seen = 0;

			if (s->key == NULL || p->member[m].src == NULL ||
			    strcmp(p->member[m].src, s->key) != 0)
				continue;
			for (size_t k = 0; k < nc; k++)
				seen |= cases[k] == c;
			if (seen)
				continue;
			cases[nc++] = c;
			if (names.n)
				buf_str(&names, "; ");
			buf_str(&names, p->cas[c].name);
		}
		table_write_field(s->doc, strlen(s->doc));
		out_char(',');
		table_write_field(names.n ? names.s : "", names.n);
		for (size_t v = 0; v < p->nvar; v++) {
			const char *val = value_of(p, i,
			    p->var[v].key ? p->var[v].key : "", cases, nc);

			out_char(',');
			table_write_field(val, strlen(val));
		}
		out_char('\n');
	}
	buf_free(&names);
	free(cases);
}

/* Quirks that change or lose what is read: always said. */
static int
loses(const char *kind)
{
	static const char *const quiet[] = { "braced-guid", "uppercase-guid",
	    "no-internal-path", "inline-text", "sources-dir", "bom", "crlf",
	    "whole-source", "unknown-user", "empty-sets", NULL };

	for (size_t i = 0; quiet[i]; i++)
		if (strcmp(kind, quiet[i]) == 0)
			return 0;
	return 1;
}

void
refi_report(const struct refi_project *p, int verbose)
{
	struct strmap count = { 0 };    /* kind: quirks of it */

	for (size_t i = 0; i < p->nquirk; i++) {
		const char *kind = p->quirk[i].kind;
		long n = strmap_get(&count, kind, strlen(kind));

		strmap_put(&count, kind, strlen(kind), n < 0 ? 1 : n + 1);
	}
	for (size_t i = 0; i < p->nquirk; i++) {
		const struct refi_quirk *q = &p->quirk[i];
		long n = strmap_get(&count, q->kind, strlen(q->kind));

		if (n < 0 || (!verbose && !loses(q->kind)))
			continue;
		strmap_put(&count, q->kind, strlen(q->kind), -1);   /* said */
		if (n == 1)
			tx_warn(p->file, 0, "%s%s%s: %s", q->entry ? q->entry : "",
			    q->entry ? ": " : "", q->kind, q->detail);
		else
			tx_warn(p->file, 0, "%s%s%s (%ld times, first): %s",
			    q->entry ? q->entry : "", q->entry ? ": " : "",
			    q->kind, n, q->detail);
	}
	strmap_free(&count);
	if (verbose && !p->codebook_only) {
		size_t texts = 0, sels = 0, codings = 0;

		for (size_t i = 0; i < p->nsrc; i++)
			texts += p->src[i].text != NULL;
		for (size_t i = 0; i < p->nsel; i++)
			sels += p->sel[i].ok;
		for (size_t i = 0; i < p->ncoding; i++)
			codings += p->coding[i].code >= 0 &&
			    p->src[p->coding[i].src].text != NULL &&
			    (p->coding[i].sel < 0 || p->sel[p->coding[i].sel].ok);
		tx_warn(p->file, 0, "%s: %zu codes, %zu users, %zu of %zu text "
		    "sources with text, %zu of %zu selections, %zu of %zu "
		    "codings on text (spans), %zu cases, %zu variables",
		    p->origin ? p->origin : "no origin", p->ncode, p->nuser,
		    texts, p->nsrc, sels, p->nsel, codings, p->ncoding, p->ncas,
		    p->nvar);
	}
}
