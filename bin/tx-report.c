/*
 * tx-report: the results section as a page. A corpus summary, a heatmap of
 * codes by group, and for each theme a table of its codes and quotes, as
 * one self-contained HTML file (inline CSS and SVG, no script) or Markdown.
 *
 * What the page holds and how it is written is lib/report/ (report.h);
 * the codings are counted with lib/count.c and compared with
 * lib/compare.c, as tx-compare counts and compares them. What is left
 * here: options, main and usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "report/report.h"
#include "cases.h"
#include "tx.h"

static void usage(int status);


static void
parse_options(struct report_options *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "case", required_argument, NULL, 'k' },
		{ "cases", required_argument, NULL, 'K' },
		{ "compare", required_argument, NULL, 'C' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "groups", required_argument, NULL, 'g' },
		{ "quotes", required_argument, NULL, 'q' },
		{ "width", required_argument, NULL, 'w' },
		{ "to", required_argument, NULL, 'T' },
		{ "title", required_argument, NULL, 't' },
		{ "max-field", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "html", "md", NULL };  /* enum report_format */
	int ch;

	while ((ch = getopt_long(argc, argv, "b:C:c:g:hq:t:T:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b': o->by = optarg; break;
		case 'C': o->compare = optarg; break;
		case 'c': o->codebook = optarg; break;
		case 'g':
			free(o->groups);
			o->groups = count_split(optarg, &o->ngroups);
			break;
		case 'h': usage(EXIT_OK); break;
		case 'k': o->casecol = optarg; break;
		case 'K': o->cases = optarg; break;
		case 'M': tsv_set_max_field("--max-field", optarg); break;
		case 'q': o->quotes = (long)opt_whole("--quotes", optarg, 0, 100); break;
		case 't': o->title = optarg; break;
		case 'T': o->format = (enum report_format)opt_word("--to", optarg,
		    formats); break;
		case 'w': o->width = (long)opt_whole("--width", optarg, 40, 100000); break;
		case 'V': tx_version();
		default: usage(EXIT_USAGE);
		}
	}
	if (o->by == NULL)
		tx_usage_error("--by COL is required");
	/* every argument reaches the page (the title, the inputs, the
	 * command line): the page is UTF-8 */
	opt_utf8("--by", o->by);
	if (o->title != NULL)
		opt_utf8("--title", o->title);
	for (size_t i = 0; i < o->ngroups; i++)
		opt_utf8("--groups", o->groups[i]);
	if (o->codebook != NULL)
		opt_utf8_path(o->codebook);
	if (o->compare != NULL)
		opt_utf8_path(o->compare);
	for (int i = optind; i < argc; i++)
		opt_utf8_path(argv[i]);
	if (strchr(o->by, ',') != NULL)
		tx_usage_error("--by %s: a report compares the groups of one "
		    "column", o->by);
	if (strcmp(o->by, "code") == 0)
		tx_usage_error("--by %s: codes are the rows of the report",
		    o->by);
	cases_check_column(o->casecol, NULL);
	if (o->groups != NULL && o->ngroups == 0)
		tx_usage_error("--groups: no group named");
	if (o->groups != NULL && o->compare != NULL)
		tx_usage_error("--groups: the groups are those of --compare %s "
		    "(make it with tx-compare --groups)", o->compare);
}

int
main(int argc, char *argv[])
{
	struct report_options o = { .quotes = 2, .width = 240,
	    .format = REPORT_HTML };
	struct report r;
	char *title, *cmd;
	int status;

	tx_init(argv, usage);
	o.argc = argc;
	o.argv = argv;
	parse_options(&o, argc, argv);
	report_init(&r, &o);
	status = report_read(&r, argc - optind, argv + optind);
	if (o.title != NULL)
		title = xstrdup(o.title);
	else {
		title = xmalloc(strlen(o.by) + 16);
		sprintf(title, "Themes by %s", o.by);
	}
	cmd = report_command_line(&o);
	if (o.format == REPORT_HTML)
		report_html(&r, title, cmd);
	else
		report_md(&r, title, cmd);
	free(title);
	free(cmd);
	report_free(&r);
	free(o.groups);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-report -b col [--case col] [--cases file] [-C comparison.tsv]\n"
	    "                 [-c codebook] [-g a,b,...] [-q n] [-w chars]\n"
	    "                 [-T html|md] [-t title]\n"
	    "                 [--max-field size] [file ...]\n";
	static const char text[] =
	    "  -b, --by COL          the column whose groups are compared (required)\n"
	    "      --case COL        the cases: doc (default), or the values of COL\n"
	    "                        (speaker: witnesses), counted as tx-compare --case\n"
	    "      --cases FILE      every case (CSV or TSV: the case column and the\n"
	    "                        --by column): a case with no segment still\n"
	    "                        counts, and the corpus table shows it\n"
	    "  -C, --compare FILE    take the comparison from FILE (tx-compare's wide\n"
	    "                        output) instead of computing it as tx-compare does\n"
	    "  -c, --codebook FILE   themes and codes in its order, with descriptions,\n"
	    "                        checksum, and every match of a code marked\n"
	    "  -g, --groups A,B,...  compare these groups, in this order (default: all)\n"
	    "  -q, --quotes N        quotes per code and group, 0 to 100 (2)\n"
	    "  -w, --width N         a quote's length in characters, 40 or more (240)\n"
	    "  -T, --to FORMAT       html (default): one self-contained page; or md\n"
	    "  -t, --title TEXT      the title (default: \"Themes by COL\")\n"
	    "      --max-field N     longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n";

	tx_usage(status, synopsis, text);
}
