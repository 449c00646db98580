/*
 * tx-diff: what a codebook change did. The codes of two codebooks paired
 * and what changed in each; with the codings each version made, the
 * segments and documents each code gained and lost; with --by, tx-compare's
 * pattern before and after. What it does lives in lib/diff.
 */
#include <getopt.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "table.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "diff/diff.h"

static _Noreturn void usage(int status);

enum { OPT_SEGMENTS = 256, OPT_OLD_CODINGS, OPT_NEW_CODINGS, OPT_MAX_FIELD,
	OPT_VERSION };

static const struct option longopts[] = {
	{ "by",        required_argument, NULL, 'b' },
	{ "to",        required_argument, NULL, 't' },
	{ "segments",  no_argument,       NULL, OPT_SEGMENTS },
	{ "structure", no_argument,       NULL, 's' },
	{ "old-codings", required_argument, NULL, OPT_OLD_CODINGS },
	{ "new-codings", required_argument, NULL, OPT_NEW_CODINGS },
	{ "max-field", required_argument, NULL, OPT_MAX_FIELD },
	{ "help",      no_argument,       NULL, 'h' },
	{ "version",   no_argument,       NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	static const char *const forms[] = { "tsv", "md", NULL };
	struct codebook old, new, *cb[2] = { &old, &new };
	struct cbdiff d;
	const char *by = NULL, *codings[2] = { NULL, NULL };
	char names[2][32];
	int ch, form = CBDIFF_TSV, segments = 0, structure = 0;
	int status = EXIT_OK, loaded[2];
	struct table sheet[2];
	const struct table *tb[2] = { &sheet[0], &sheet[1] };

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "b:hst:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			if (*optarg == '\0' || strchr(optarg, ',') != NULL)
				tx_usage_error("--by: one column");
			by = optarg;
			break;
		case 't':
			form = opt_word("--to", optarg, forms);
			break;
		case OPT_SEGMENTS:
			segments = 1;
			break;
		case 's':
			structure = 1;
			break;
		case OPT_OLD_CODINGS:
		case OPT_NEW_CODINGS:
			if (strcmp(optarg, "-") == 0)
				tx_usage_error("--%s-codings: codings are read "
				    "twice: give a file, not -", ch ==
				    OPT_OLD_CODINGS ? "old" : "new");
			codings[ch == OPT_NEW_CODINGS] = optarg;
			break;
		case OPT_MAX_FIELD:
			tsv_set_max_field("--max-field", optarg);
			break;
		case 'h':
			usage(EXIT_OK);
		case OPT_VERSION:
			tx_version();
		default:
			usage(EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		tx_usage_error("two codebooks: the old one and the new one");
	if ((codings[0] == NULL) != (codings[1] == NULL))
		tx_usage_error("--old-codings and --new-codings go together");
	if ((structure || codings[0] != NULL) && argc > 2)
		tx_usage_error("%s: no segments to read", structure ?
		    "--structure" : "--old-codings");
	if (structure && (by != NULL || segments || codings[0] != NULL))
		tx_usage_error("--structure reads no codings: not with %s",
		    by ? "--by" : segments ? "--segments" : "--old-codings");
	if (segments && form == CBDIFF_MD)
		tx_usage_error("--segments is a stream: not with --to md");
	/* Each sheet read once: a codebook may come from a pipe (<(git show ...)). */
	for (int k = 0; k < 2; k++)
		if ((loaded[k] = table_load(&sheet[k], argv[k]) == 0) &&
		    codebook_from_table(cb[k], &sheet[k], argv[k]) != 0) {
			table_free(&sheet[k]);
			loaded[k] = 0;
		}
	if (!loaded[0] || !loaded[1]) {
		for (int k = 0; k < 2; k++)
			if (loaded[k]) {
				table_free(&sheet[k]);
				codebook_free(cb[k]);
			}
		return out_close(EXIT_USAGE);
	}
	cbdiff_pair(&d, &old, &new, tb);
	table_free(&sheet[0]);
	table_free(&sheet[1]);
	if (!structure && codings[0] == NULL) {
		status = cbdiff_code(&d, cb, by, argc - 2, argv + 2, names);
		codings[0] = names[0];
		codings[1] = names[1];
	}
	if (status == EXIT_OK && !structure)
		status = cbdiff_effect(&d, codings[0], codings[1]);
	if (status == EXIT_OK && by != NULL)
		status = cbdiff_patterns(&d, by, codings[0], codings[1]);
	if (status == EXIT_OK)
		cbdiff_write(&d, segments ? CBDIFF_SEGMENTS : form);
	cbdiff_free(&d);
	codebook_free(&old);
	codebook_free(&new);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-diff [-b col] [-t tsv|md | --segments] [--max-field size]\n"
	    "               old-codebook new-codebook [file ...]\n"
	    "       tx-diff [-b col] [-t tsv|md | --segments] [--max-field size]\n"
	    "               --old-codings file --new-codings file\n"
	    "               old-codebook new-codebook\n"
	    "       tx-diff -s [-t tsv|md] old-codebook new-codebook\n";
	static const char text[] =
	    "\n"
	    "What a codebook change did: the codes of the two codebooks paired\n"
	    "(by a guid column when both have one, else by path, else by name or\n"
	    "content) with what changed in each (change: added, removed, renamed,\n"
	    "moved, patterns, excludes, description, or unchanged); and, coding\n"
	    "the segments of each file (standard input when none or \"-\") with\n"
	    "both, or from the codings each version made (a coder's too), the\n"
	    "segments and documents each code had before and after, and the\n"
	    "segments it gained and lost.\n"
	    "\n"
	    "  -s, --structure      the codebooks only: read no segments\n"
	    "      --old-codings file  the codings the old codebook made, and\n"
	    "      --new-codings file  the new one's, in place of segments\n"
	    "  -b, --by col         tx-compare's pattern by col, before and after\n"
	    "  -t, --to form        tsv (default) or md, a change log\n"
	    "      --segments       each segment gained or lost, with its match\n"
	    "      --max-field size longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help           this help\n"
	    "      --version        the version\n";

	tx_usage(status, synopsis, text);
}
