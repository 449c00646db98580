/*
 * tx-compare: what the groups of one column share and where they differ.
 *
 * Reads a counts table (tx-count output) or a codings stream, which it
 * counts first with lib/count.c exactly as tx-count does; then, for every
 * code, tests the 2 x k table "carrying / not carrying x groups"
 * (lib/stats.c), adjusts p across codes (Benjamini-Hochberg), measures
 * the effect (Cohen's h) and labels the code with the first pattern rule
 * that applies, and writes the
 * comparison (lib/compare.c, which tx-report shares). What is left here:
 * options and order.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "codebook/codebook.h"
#include "cases.h"
#include "compare.h"
#include "count.h"
#include "tx.h"

enum sort { S_DEFAULT, S_P, S_CODE, S_DIFF };

struct options {
	char *by;
	const char *casecol;    /* --case; NULL: doc, or the table's */
	const char *cases;      /* --cases FILE: every case and its groups */
	struct compare_options cmp;     /* what lib/compare.c compares by */
	int long_form, sort;
	const char *codebook;
};

static void usage(int status);

/* Counts: a counts table made with --by COL alone, or codings counted. */
static struct counts *
read_counts(const struct options *o, struct tsv *t)
{
	static char *by[1];
	struct counts *c;

	by[0] = o->by;
	if (counts_is_table(t) && tsv_col(t, "seg") < 0) {
		size_t nby;
		char **tby = counts_table_by(t, &nby);
		int ok = nby == 1 && strcmp(tby[0], o->by) == 0;

		if (nby == 1 && strcasecmp(tby[0], o->by) == 0)
			tsv_need_by(t, o->by);  /* differs in case: says so */
		for (size_t i = 0; i < nby; i++)
			free(tby[i]);
		free(tby);
		if (o->cases != NULL)
			tx_die(EXIT_USAGE, t->hdrname, 1, "a counts table: "
			    "--cases needs the codings stream (or give it to "
			    "tx-count)");
		if (!ok)
			tx_die(EXIT_USAGE, t->hdrname, 1, "counts made %s: "
			    "tx-compare --by %s needs counts made with "
			    "tx-count --by %s (or the codings stream)",
			    tsv_col(t, o->by) < 0 ? "without that column" :
			    "with other --by columns too", o->by, o->by);
		c = counts_new(by, 1, 0);
		if (o->casecol != NULL)
			counts_set_case(c, o->casecol);
		counts_add_table(c, t);
		counts_finish(c);
		return c;
	}
	/* Segments are tested in their cases: keep each case's segments. */
	return cases_count_codings(by, 1, COUNT_ROLLUP |
	    (o->cmp.segments ? COUNT_CLUSTERS : 0), o->casecol, o->cases, t,
	    "keep one coder first, or compare coders with tx-count --by coder");
}

/*
 * The test of segments: Rao-Scott's, cases as clusters, unless a test is
 * named; a counts table has no segments per case, so there the segments
 * are tested as if independent, and a warning says so.
 */
static void
choose_test(struct options *o, const struct counts *c)
{
	int clusters = (c->flags & COUNT_CLUSTERS) != 0;

	if (o->cmp.test == COMPARE_RAO_SCOTT && !clusters)
		tx_die(EXIT_USAGE, NULL, 0, "--test rao-scott needs the segments "
		    "of each case: give the codings stream, not a counts table");
	if (!o->cmp.segments || o->cmp.test != COMPARE_AUTO)
		return;
	if (clusters)
		o->cmp.test = COMPARE_RAO_SCOTT;
	else
		tx_warn(NULL, 0, "a counts table has no segments per %s: "
		    "Rao-Scott is unavailable, and segments are tested as "
		    "independent units (the test column names the test; give "
		    "the codings stream to test them in their cases)", c->unit);
}

/* Rank of every code in the codebook's order; codes it lacks come last. */
static void
codebook_ranks(const struct counts *c, const char *file, size_t *rank)
{
	struct codebook cb;

	if (codebook_load(&cb, file) != 0)
		exit(out_close(EXIT_USAGE));
	for (size_t k = 0; k < c->ncode; k++) {
		rank[k] = cb.ncode + k;         /* absent: after, in path order */
		for (size_t i = 0; i < cb.ncode; i++)
			if (strcmp(cb.code[i].path, c->code[k].path) == 0) {
				rank[k] = i;
				break;
			}
	}
	codebook_free(&cb);
}

/* qsort(3) has no context argument: the comparison being sorted. */
static const struct compare *sorting;
static int sort_key;
static size_t *code_rank;

/* NaN sorts last; otherwise ascending (p) or descending (effects). */
static int
by_value(double x, double y, int descending)
{
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	if (x == y)
		return 0;
	return (x < y) == !descending ? -1 : 1;
}

static int
row_cmp(const void *x, const void *y)
{
	const struct compare_row *a = x, *b = y;
	int r = 0;

	if (sort_key == S_P)
		r = by_value(a->p, b->p, 0);
	else if (sort_key == S_DIFF && sorting->k == 2)
		r = by_value(fabs(a->diff), fabs(b->diff), 1);
	else if (sort_key == S_DIFF)
		r = by_value(a->cramers_v, b->cramers_v, 1);
	if (r != 0)
		return r;
	if (code_rank != NULL && sort_key != S_CODE)
		return (code_rank[a->code] > code_rank[b->code]) -
		    (code_rank[a->code] < code_rank[b->code]);
	return (a->code > b->code) - (a->code < b->code);
}

static void
sort_rows(struct compare *cm, const struct options *o)
{
	size_t *rank = NULL;

	if (o->codebook != NULL) {
		rank = xcalloc(cm->c->ncode + 1, sizeof(*rank));
		codebook_ranks(cm->c, o->codebook, rank);
	}
	sorting = cm;
	sort_key = o->sort;
	code_rank = rank;
	if (cm->nrow > 1)
		qsort(cm->row, cm->nrow, sizeof(*cm->row), row_cmp);
	sorting = NULL;
	code_rank = NULL;
	free(rank);
}

static void
parse_options(struct options *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "case", required_argument, NULL, 'k' },
		{ "cases", required_argument, NULL, 'K' },
		{ "groups", required_argument, NULL, 'g' },
		{ "measure", required_argument, NULL, 'm' },
		{ "test", required_argument, NULL, 't' },
		{ "no-yates", no_argument, NULL, 'Y' },
		{ "fisher-limit", required_argument, NULL, 'F' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "min-effect", required_argument, NULL, 'E' },
		{ "shared-min", required_argument, NULL, 's' },
		{ "rare-max", required_argument, NULL, 'r' },
		{ "long", no_argument, NULL, 'l' },
		{ "sort", required_argument, NULL, 'S' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "max-field", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const measures[] = { "docs", "segments", NULL };
	static const char *const tests[] = { "auto", "chi2", "fisher", "g2",
	    "rao-scott", NULL };        /* enum compare_test */
	static const char *const sorts[] = { "p", "code", "diff", NULL };
	int ch;

	while ((ch = getopt_long(argc, argv, "a:b:c:F:g:hlm:r:s:S:t:Y", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a': o->cmp.alpha = opt_real("--alpha", optarg, 0, 1); break;
		case 'b': o->by = optarg; break;
		case 'c': o->codebook = optarg; break;
		case 'E':
			/* h runs from 0 to pi (2 asin 1) */
			o->cmp.min_effect = opt_real("--min-effect", optarg, 0,
			    M_PI);
			break;
		case 'F':
			o->cmp.fisher_limit = (long)opt_whole("--fisher-limit",
			    optarg, 1, 1000000000000000LL);
			break;
		case 'g':
			free(o->cmp.groups);
			o->cmp.groups = count_split(optarg, &o->cmp.ngroups);
			break;
		case 'h': usage(EXIT_OK); break;
		case 'k': o->casecol = optarg; break;
		case 'K': o->cases = optarg; break;
		case 'l': o->long_form = 1; break;
		case 'M': tsv_set_max_field("--max-field", optarg); break;
		case 'm':
			o->cmp.segments = opt_word("--measure", optarg,
			    measures) == 1;
			break;
		case 'r': o->cmp.rare_max = opt_real("--rare-max", optarg, 0, 100); break;
		case 's': o->cmp.shared_min = opt_real("--shared-min", optarg, 0, 100); break;
		case 'S': o->sort = opt_word("--sort", optarg, sorts) + 1; break;
		case 't': o->cmp.test = opt_word("--test", optarg, tests); break;
		case 'V': tx_version();
		case 'Y': o->cmp.yates = 0; break;
		default: usage(EXIT_USAGE);
		}
	}
	if (o->by == NULL)
		tx_usage_error("--by COL is required");
	o->cmp.by = o->by;
	if (strchr(o->by, ',') != NULL)
		tx_usage_error("--by %s: tx-compare compares the groups of one "
		    "column", o->by);
	if (strcmp(o->by, "code") == 0)
		tx_usage_error("--by %s: codes are the rows of the comparison",
		    o->by);
	if (o->cmp.groups != NULL && o->cmp.ngroups == 0)
		tx_usage_error("--groups: no group named");
	if (o->cmp.test == COMPARE_RAO_SCOTT && !o->cmp.segments)
		tx_usage_error("--test rao-scott: for --measure segments (with "
		    "--measure docs, the cases are the units)");
	cases_check_column(o->casecol, NULL);
}

int
main(int argc, char *argv[])
{
	struct options o = { .cmp = COMPARE_OPTIONS_INIT };
	struct compare cm = { 0 };
	struct counts *c;
	struct tsv *t;
	int status;

	tx_init(argv, usage);
	parse_options(&o, argc, argv);
	t = tsv_open(argc - optind, argv + optind);
	if (!tsv_header(t)) {
		status = tsv_close(t);
		free(o.cmp.groups);
		return out_close(status);
	}
	c = read_counts(&o, t);
	status = tsv_close(t);
	if (c->ngroup == 0) {           /* header only: header only */
		choose_test(&o, c);     /* its columns follow the test */
		cm.o = &o.cmp;
		compare_write(&cm, o.long_form);
		counts_free(c);
		free(o.cmp.groups);
		return out_close(status);
	}
	choose_test(&o, c);
	compare_run(&cm, c, &o.cmp);
	sort_rows(&cm, &o);
	compare_write(&cm, o.long_form);
	compare_free(&cm);
	counts_free(c);
	free(o.cmp.groups);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-compare -b col [-l] [-g a,b,...] [--case col] [--cases file]\n"
	    "                  [-m docs|segments] [-t auto|chi2|fisher|g2|rao-scott]\n"
	    "                  [-Y] [-F n] [-a alpha] [--min-effect h] [-s pct] [-r pct]\n"
	    "                  [-S p|code|diff] [-c codebook] [file ...]\n";
	static const char text[] =
	    "  -b, --by COL          the column whose groups are compared (required)\n"
	    "  -g, --groups A,B,...  compare these groups, in this order (default: all)\n"
	    "      --case COL        the cases: doc (default), or the values of COL\n"
	    "                        (speaker: witnesses)\n"
	    "      --cases FILE      every case (CSV or TSV: the case column and the\n"
	    "                        --by column): a case with no segment still\n"
	    "                        counts in its group's total\n"
	    "  -m, --measure WHAT    docs (default: the cases, documents unless --case)\n"
	    "                        or segments carrying each code\n"
	    "  -t, --test TEST       auto (default: for cases, fisher if an expected\n"
	    "                        count < 5, else chi2; for segments, rao-scott:\n"
	    "                        Rao-Scott's F, segments clustered in cases),\n"
	    "                        chi2, fisher, g2 or rao-scott\n"
	    "  -Y, --no-yates        no continuity correction for chi2 on two groups\n"
	    "  -F, --fisher-limit N  tables Fisher's test may enumerate (5000000)\n"
	    "  -a, --alpha Q         q below this is a difference (0.05)\n"
	    "      --min-effect H    and Cohen's h at least this (0.2, 'small')\n"
	    "  -s, --shared-min PCT  shared: at least PCT% in every group (50)\n"
	    "  -r, --rare-max PCT    rare: below PCT% in every group (10)\n"
	    "  -l, --long            one row per code and group\n"
	    "  -S, --sort KEY        p, code or diff (default: code order)\n"
	    "  -c, --codebook FILE   codes in the codebook's order\n"
	    "      --max-field N     longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n";

	tx_usage(status, synopsis, text);
}
