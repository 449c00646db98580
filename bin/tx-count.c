/*
 * tx-count: tally a codings stream by group and code.
 *
 * The counting itself is lib/count.c (tx-compare counts with it too);
 * this file holds the options and the three ways to write the result:
 * the long counts table, the co-occurrence table and the crosstab.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "cases.h"
#include "count.h"
#include "streams.h"
#include "tx.h"

#define NCOUNTS_COLS (sizeof(COUNTS_COLS) / sizeof(*COUNTS_COLS))
#define NCOOCCUR_COLS (sizeof(COOCCUR_COLS) / sizeof(*COOCCUR_COLS))

enum value { V_DOCS, V_SEGS, V_HITS, V_PCT };

struct options {
	char **by;
	size_t nby;
	const char *casecol;    /* --case; NULL: doc, or the table's */
	const char *cases;      /* --cases FILE: every case and its groups */
	int by_owned;           /* the names are ours to free (--merge) */
	int merge, cooccur, wide, all_codes, rollup, verbose;
	int value;              /* -1: not given */
};

static void usage(int status);

/* The by columns must be names, once each, and not the output's own. */
static void
check_by(const struct options *o)
{
	if (o->nby == 0)
		tx_usage_error("--by: no column named");
	for (size_t i = 0; i < o->nby; i++) {
		for (size_t j = 0; j < NCOUNTS_COLS + NCOOCCUR_COLS; j++) {
			const char *own = j < NCOUNTS_COLS ? COUNTS_COLS[j] :
			    COOCCUR_COLS[j - NCOUNTS_COLS];

			if (strcmp(o->by[i], own) == 0)
				tx_usage_error("--by %s: the output has a "
				    "column of that name", own);
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(o->by[i], o->by[j]) == 0)
				tx_usage_error("--by names \"%s\" twice",
				    o->by[i]);
	}
}

/* A case column other than doc: the output has cases, total_cases, case. */
static int
case_not_doc(const struct options *o)
{
	return o->casecol != NULL && strcmp(o->casecol, "doc") != 0;
}

static void
check_options(const struct options *o)
{
	if (o->by != NULL)
		check_by(o);
	for (size_t i = 0; case_not_doc(o) && i < o->nby; i++)
		if (strcmp(o->by[i], "case") == 0 ||
		    strcmp(o->by[i], "cases") == 0 ||
		    strcmp(o->by[i], "total_cases") == 0)
			tx_usage_error("--by %s: with --case the output has a "
			    "column of that name", o->by[i]);
	cases_check_column(o->casecol, NULL);
	if (o->cases != NULL && (o->merge || o->cooccur))
		tx_usage_error("--cases applies when counting codings, not to "
		    "%s", o->merge ? "--merge (give it to the tx-count that "
		    "counts the whole corpus)" : "--cooccur");
	if (o->merge && o->cooccur)
		tx_usage_error("--cooccur needs a codings stream; "
		    "co-occurrence tables do not merge");
	if (o->merge && !o->rollup)
		tx_usage_error("--no-rollup applies when counting codings, "
		    "not to --merge");
	if (o->cooccur && (o->wide || o->all_codes))
		tx_usage_error("--cooccur does not go with %s",
		    o->wide ? "--wide" : "--all-codes");
	if (o->value >= 0 && !o->wide)
		tx_usage_error("--value applies to --wide");
}

/* With --merge the groups are the table's; --by, if given, must agree. */
static void
merge_by(struct options *o, const struct tsv *t)
{
	size_t nby;
	char **by = counts_table_by(t, &nby);
	int agree = o->by == NULL || o->nby == nby;

	for (size_t i = 0; agree && o->by != NULL && i < nby; i++)
		agree = strcmp(o->by[i], by[i]) == 0;
	if (!agree)
		tx_die(EXIT_USAGE, t->hdrname, 1, "--merge: the table's groups "
		    "are its columns before code; --by must name the same "
		    "columns or be left out");
	free(o->by);
	o->by = by;
	o->nby = nby;
	o->by_owned = 1;
}

static void
write_group(const struct counts *c, size_t g)
{
	for (size_t i = 0; i < c->nby; i++) {
		size_t n;
		const char *v = counts_group_value(c, g, i, &n);

		tsv_write_field(v, n);
		tsv_sep();
	}
}

/* The header: the by columns, then the table's own. */
static void
write_header(const struct counts *c, const char *const *col, size_t ncol)
{
	for (size_t i = 0; i < c->nby; i++) {
		out_str(c->by[i]);
		tsv_sep();
	}
	for (size_t i = 0; i < ncol; i++) {
		if (i > 0)
			tsv_sep();
		out_str(col[i]);
	}
	tsv_end();
}

/* A case column's name on the row (a counts table by another case). */
static void
write_unit(const struct counts *c)
{
	if (counts_case_is_doc(c))
		return;
	tsv_sep();
	tsv_write_str(c->unit);
}

static void
write_count_row(const struct counts *c, size_t g, const char *code,
    size_t codelen, long segs, long docs, long hits)
{
	const struct count_group *gr = &c->group[g];

	write_group(c, g);
	tsv_write_field(code, codelen);
	out_printf("\t%ld\t%ld\t%ld\t%ld\t%ld", segs, docs, hits,
	    gr->total_segs, gr->total_docs);
	write_unit(c);
	tsv_end();
}

/* The counts table: per group its empty-code row, then codes in path order. */
static void
write_long(const struct counts *c, int all_codes)
{
	if (counts_case_is_doc(c))
		write_header(c, COUNTS_COLS, NCOUNTS_COLS);
	else
		write_header(c, COUNTS_CASE_COLS, NCOUNTS_COLS + 1);
	for (size_t g = 0; g < c->ngroup; g++) {
		const struct count_group *gr = &c->group[g];
		size_t n, j = 0;
		const struct count_cell *cl = counts_group_cells(c, g, &n);

		write_count_row(c, g, "", 0, gr->nocode_segs, gr->nocode_docs,
		    gr->nocode_hits);
		for (size_t k = 0; k < c->ncode; k++) {
			const struct count_code *code = &c->code[k];

			if (j < n && cl[j].code == k) {
				write_count_row(c, g, code->path, code->len,
				    cl[j].segs, cl[j].docs, cl[j].hits);
				j++;
			} else if (all_codes)
				write_count_row(c, g, code->path, code->len, 0, 0, 0);
		}
	}
}

static void
write_cooccur(const struct counts *c)
{
	if (counts_case_is_doc(c))
		write_header(c, COOCCUR_COLS, NCOOCCUR_COLS);
	else
		write_header(c, COOCCUR_CASE_COLS, NCOOCCUR_COLS + 1);
	for (size_t i = 0; i < c->npair; i++) {
		const struct count_pair *p = &c->pair[i];
		const struct count_code *a = &c->code[p->code_a];
		const struct count_code *b = &c->code[p->code_b];
		long sa = counts_cell(c, p->group, p->code_a)->segs;
		long sb = counts_cell(c, p->group, p->code_b)->segs;

		write_group(c, p->group);
		tsv_write_field(a->path, a->len);
		tsv_sep();
		tsv_write_field(b->path, b->len);
		out_printf("\t%ld\t%ld\t%.6g", p->segs, p->docs,
		    (double)p->segs / (double)(sa + sb - p->segs));
		write_unit(c);
		tsv_end();
	}
}

/* A group's value as one string, the by values joined with a space. */
static char *
group_label(const struct counts *c, size_t g)
{
	char *s = xmalloc(c->group[g].keylen + 1);

	memcpy(s, c->group[g].key, c->group[g].keylen);
	for (size_t i = 0; i < c->group[g].keylen; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	s[c->group[g].keylen] = '\0';
	return s;
}

/* Column names of the crosstab, one per group; a clash is an error. */
static char **
wide_names(const struct counts *c)
{
	char **name = xcalloc(c->ngroup + 1, sizeof(*name));
	size_t h;
	long g2;

	for (size_t g = 0; g < c->ngroup; g++) {
		char *label = group_label(c, g);

		name[g] = c->nby == 0 ? xstrdup("all") : colname(label);
		if (strcmp(name[g], "code") == 0)
			tx_die(EXIT_DATA, NULL, 0, "group \"%s\" makes the column "
			    "name \"code\", which the crosstab has already", label);
		free(label);
	}
	if ((g2 = colname_clash(name, c->ngroup, &h)) >= 0)
		tx_die(EXIT_DATA, NULL, 0, "groups \"%s\" and \"%s\" both make "
		    "the column name \"%s\"", group_label(c, h),
		    group_label(c, (size_t)g2), name[g2]);
	return name;
}

static void
write_value(int value, long segs, long docs, long hits, long total_docs)
{
	out_char('\t');
	switch (value) {
	case V_SEGS: out_printf("%ld", segs); break;
	case V_HITS: out_printf("%ld", hits); break;
	case V_PCT:
		if (total_docs > 0)
			out_printf("%.1f", 100.0 * (double)docs / (double)total_docs);
		break;
	default: out_printf("%ld", docs); break;
	}
}

/* The crosstab: one row per code (the empty code first), a column per group. */
static void
write_wide(const struct counts *c, int value)
{
	char **name = wide_names(c);

	out_str("code");
	for (size_t g = 0; g < c->ngroup; g++) {
		out_char('\t');
		out_str(name[g]);
		free(name[g]);
	}
	out_char('\n');
	free(name);
	if (c->ngroup == 0)
		return;
	for (size_t g = 0; g < c->ngroup; g++) {
		const struct count_group *gr = &c->group[g];

		write_value(value, gr->nocode_segs, gr->nocode_docs,
		    gr->nocode_hits, gr->total_docs);
	}
	out_char('\n');
	for (size_t k = 0; k < c->ncode; k++) {
		tsv_write_field(c->code[k].path, c->code[k].len);
		for (size_t g = 0; g < c->ngroup; g++) {
			const struct count_cell *cl = counts_cell(c, g, k);

			if (cl != NULL)
				write_value(value, cl->segs, cl->docs, cl->hits,
				    c->group[g].total_docs);
			else
				write_value(value, 0, 0, 0, c->group[g].total_docs);
		}
		out_char('\n');
	}
}

/* Read the input into counts; NULL for empty input (no bytes). */
static struct counts *
count_input(struct options *o, struct tsv *t)
{
	struct counts *c;

	if (!tsv_header(t))
		return NULL;
	if (o->merge) {
		for (size_t i = 0; i < NCOUNTS_COLS; i++)
			tsv_need(t, (tsv_col(t, "cases") >= 0 ? COUNTS_CASE_COLS :
			    COUNTS_COLS)[i], "--merge reads counts tables "
			    "(tx-count output)");
		merge_by(o, t);
		c = counts_new(o->by, o->nby, 0);
		if (o->casecol != NULL)
			counts_set_case(c, o->casecol);
		counts_add_table(c, t);
	} else {
		if (counts_is_table(t) && tsv_col(t, "seg") < 0)
			tx_die(EXIT_DATA, t->hdrname, 1, "a counts table "
			    "(tx-count output): %s", o->cooccur ? "--cooccur "
			    "needs the codings stream (tx-code output)" :
			    "use --merge to add counts tables up");
		return cases_count_codings(o->by, o->nby, (o->rollup ?
		    COUNT_ROLLUP : 0) | (o->cooccur ? COUNT_PAIRS : 0) |
		    (o->verbose ? COUNT_VERBOSE : 0),
		    o->casecol, o->cases, t, "add coder to --by, or keep one "
		    "coder first (awk -F'\\t' '$col == \"auto\"')");
	}
	counts_finish(c);
	return c;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "case", required_argument, NULL, 'k' },
		{ "cases", required_argument, NULL, 'K' },
		{ "merge", no_argument, NULL, 'm' },
		{ "cooccur", no_argument, NULL, 'C' },  /* no -c: that is a codebook */
		{ "wide", no_argument, NULL, 'w' },
		{ "value", required_argument, NULL, 'v' },
		{ "all-codes", no_argument, NULL, 'a' },
		{ "no-rollup", no_argument, NULL, 'R' },
		{ "max-field", required_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const values[] = { "docs", "segments", "hits", "pct",
	    NULL };             /* V_* */
	struct options o = { .rollup = 1, .value = -1 };
	struct counts *c;
	struct tsv *t;
	int ch, status;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "ab:hmRv:w", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': o.all_codes = 1; break;
		case 'B': o.verbose = 1; break;
		case 'b':
			free(o.by);
			o.by = count_split(optarg, &o.nby);
			break;
		case 'C': o.cooccur = 1; break;
		case 'h': usage(EXIT_OK); break;
		case 'k': o.casecol = optarg; break;
		case 'K': o.cases = optarg; break;
		case 'm': o.merge = 1; break;
		case 'M': tsv_set_max_field("--max-field", optarg); break;
		case 'R': o.rollup = 0; break;
		case 'v': o.value = opt_word("--value", optarg, values); break;
		case 'V': tx_version();
		case 'w': o.wide = 1; break;
		default: usage(EXIT_USAGE);
		}
	}
	check_options(&o);
	t = tsv_open(argc - optind, argv + optind);
	c = count_input(&o, t);
	status = tsv_close(t);
	if (c == NULL) {
		free(o.by);
		return out_close(status);
	}
	if (o.cooccur)
		write_cooccur(c);
	else if (o.wide)
		write_wide(c, o.value < 0 ? V_DOCS : o.value);
	else
		write_long(c, o.all_codes);
	counts_free(c);
	for (size_t i = 0; o.by_owned && i < o.nby; i++)
		free(o.by[i]);
	free(o.by);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-count [-b col[,col...]] [--case col] [--cases file] [-aR]\n"
	    "                [--cooccur | -w [-v value]] [--verbose] [file ...]\n"
	    "       tx-count -m [--case col] [-a] [-w [-v value]] [counts ...]\n";
	static const char text[] =
	    "  -b, --by COLS      group by these columns (default: the whole corpus)\n"
	    "      --case COL     the cases counted: doc (default), or the values of\n"
	    "                     COL (speaker: witnesses); written as cases,\n"
	    "                     total_cases and case = COL\n"
	    "      --cases FILE   every case (CSV or TSV: the case column and the\n"
	    "                     --by columns): a case with no segment still counts\n"
	    "                     in its group's total\n"
	    "  -a, --all-codes    list every code in every group, with zeros\n"
	    "  -R, --no-rollup    count codes as written, not for their ancestors\n"
	    "      --cooccur      pairs of codes carried by one segment\n"
	    "  -w, --wide         one row per code, one column per group\n"
	    "  -v, --value WHAT   --wide cells: docs (default; cases with --case),\n"
	    "                     segments, hits, pct\n"
	    "  -m, --merge        sum counts tables (shards split by document)\n"
	    "      --max-field N  longest field read, in bytes (K, M, G; default 256M)\n"
	    "      --verbose      say when codings are counted with memory per\n"
	    "                     segment (not grouped as tx-code writes them)\n"
	    "  -h, --help         this help\n"
	    "      --version      print the version\n";

	tx_usage(status, synopsis, text);
}
