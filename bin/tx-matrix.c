/*
 * tx-matrix: the framework matrix. Cases (documents, or speakers) grouped
 * by an attribute as rows, themes as columns, and in each cell the case's
 * best quotes on the theme, a count, or room for the team's summary; as
 * TSV, CSV, Markdown or an HTML page.
 *
 * What it does is lib/report/matrix.c (report.h), which chooses and trims
 * quotes as tx-report does; what is left here: options, main and usage.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "report/report.h"
#include "cases.h"
#include "tx.h"

static void usage(int status);

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "case", required_argument, NULL, 'k' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "coder", required_argument, NULL, 'C' },
		{ "depth", required_argument, NULL, 'd' },
		{ "cell", required_argument, NULL, 'e' },
		{ "quotes", required_argument, NULL, 'q' },
		{ "width", required_argument, NULL, 'w' },
		{ "to", required_argument, NULL, 'T' },
		{ "title", required_argument, NULL, 't' },
		{ "max-field", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cells[] = { "quotes", "count", "summary",
	    NULL };             /* enum matrix_cell */
	static const char *const formats[] = { "tsv", "csv", "md", "html",
	    NULL };             /* enum matrix_format */
	struct matrix_options o = { .depth = 1, .quotes = 2, .width = 240 };
	struct matrix *m;
	struct tsv *t;
	int ch, status;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "b:c:d:hq:t:T:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b': o.by = optarg; break;
		case 'c': o.codebook = optarg; break;
		case 'C':
			opt_utf8("--coder", optarg);
			o.coder = optarg;
			break;
		case 'd': o.depth = (int)opt_whole("--depth", optarg, 1, 1000); break;
		case 'e': o.cell = opt_word("--cell", optarg, cells); break;
		case 'h': usage(EXIT_OK); break;
		case 'k': o.casecol = optarg; break;
		case 'M': tsv_set_max_field("--max-field", optarg); break;
		case 'q': o.quotes = (long)opt_whole("--quotes", optarg, 1, 100); break;
		case 't':
			opt_utf8("--title", optarg);
			o.title = optarg;
			break;
		case 'T': o.format = opt_word("--to", optarg, formats); break;
		case 'w': o.width = (long)opt_whole("--width", optarg, 40, 100000); break;
		case 'V': tx_version();
		default: usage(EXIT_USAGE);
		}
	}
	if (o.by != NULL && (o.by[0] == '\0' || strchr(o.by, ',') != NULL))
		tx_usage_error("--by %s: the rows are grouped by one column", o.by);
	if (o.by != NULL && strcmp(o.by, "code") == 0)
		tx_usage_error("--by code: themes are the matrix's columns");
	cases_check_column(o.casecol, NULL);
	if (o.by != NULL && o.casecol != NULL && strcmp(o.by, o.casecol) == 0)
		tx_usage_error("--by and --case name one column: %s", o.by);
	m = matrix_new(&o);
	t = tsv_open(argc - optind, argv + optind);
	matrix_read(m, t);
	matrix_write(m);
	status = tsv_close(t);
	matrix_free(m);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-matrix [-b col] [--case col] [-c codebook] [-d depth]\n"
	    "                 [--cell quotes|count|summary] [-q n] [-w chars]\n"
	    "                 [-T tsv|csv|md|html] [-t title] [--coder name]\n"
	    "                 [--max-field size] [file ...]\n";
	static const char text[] =
	    "  -b, --by COL          group the rows (cases) by this column\n"
	    "      --case COL        the cases: doc (default), or the values of COL\n"
	    "  -c, --codebook FILE   themes in its order, coded or not; a code it\n"
	    "                        lacks is an error\n"
	    "  -d, --depth N         a theme is a code's first N levels (1)\n"
	    "      --cell WHAT       quotes (default): the case's best on the theme;\n"
	    "                        count: its segments; summary: empty, to fill in\n"
	    "  -q, --quotes N        quotes per cell, 1 to 100 (2)\n"
	    "  -w, --width N         a quote's length in characters, 40 or more (240)\n"
	    "  -T, --to FORMAT       tsv (default), csv, md, or html (one page)\n"
	    "  -t, --title TEXT      the title of md and html (\"Framework matrix by COL\")\n"
	    "      --coder NAME      the codings of this coder (where there are several)\n"
	    "      --max-field N     longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n";

	tx_usage(status, synopsis, text);
}
