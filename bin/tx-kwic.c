/*
 * tx-kwic: keyword in context. Every match of one or more regexes, or of
 * the patterns of a code of a codebook, in a segments or codings stream:
 * one row per match with its context and its byte offsets in the source.
 * What it does lives in lib/kwic.
 */
#include <getopt.h>
#include <stdlib.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "kwic/kwic.h"

static _Noreturn void usage(int status);

enum { OPT_CODE = 256, OPT_CHARS, OPT_MAX_FIELD, OPT_VERSION };

static const struct option longopts[] = {
	{ "regexp",    required_argument, NULL, 'e' },
	{ "codebook",  required_argument, NULL, 'c' },
	{ "code",      required_argument, NULL, OPT_CODE },
	{ "words",     required_argument, NULL, 'w' },
	{ "chars",     required_argument, NULL, OPT_CHARS },
	{ "sort",      required_argument, NULL, 's' },
	{ "max-field", required_argument, NULL, OPT_MAX_FIELD },
	{ "help",      no_argument,       NULL, 'h' },
	{ "version",   no_argument,       NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct kwic k = { .words = 5 };
	struct codebook cb;
	const char *codebook = NULL, *code = NULL;
	char **regex = NULL;
	size_t nregex = 0;
	int ch, status, words = 0;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "c:e:hs:w:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'e':
			opt_utf8("--regexp", optarg);
			regex = xrealloc(regex, (nregex + 1) * sizeof(*regex));
			regex[nregex++] = optarg;
			break;
		case 'c':
			codebook = optarg;
			break;
		case OPT_CODE:
			opt_utf8("--code", optarg);
			code = optarg;
			break;
		case 'w':
			k.words = (int)opt_whole("--words", optarg, 0, 1000);
			words = 1;
			break;
		case OPT_CHARS:
			k.chars = (int)opt_whole("--chars", optarg, 1, 100000);
			break;
		case 's':
			k.sort = 1 + opt_word("--sort", optarg,
			    kwic_sort_words);
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
	if (words && k.chars > 0)
		tx_usage_error("--words and --chars: give one");
	if (nregex > 0 && (code != NULL || codebook != NULL))
		tx_usage_error("-e and --code: give one");
	if ((code == NULL) != (codebook == NULL))
		tx_usage_error("--code and --codebook go together");
	if (nregex == 0 && code == NULL)
		tx_usage_error("nothing to look for: give -e regex, or "
		    "--code path with --codebook file");
	for (size_t i = 0; i < nregex; i++)
		kwic_regex(&k, regex[i]);
	if (code != NULL) {
		if (codebook_load(&cb, codebook) != 0)
			return out_close(EXIT_USAGE);
		kwic_code(&k, &cb, code);
	}
	status = kwic_run(&k, argc, argv);
	kwic_free(&k);
	if (code != NULL)
		codebook_free(&cb);
	free(regex);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-kwic -e regex [-e regex ...] [-w n | --chars n]\n"
	    "               [-s left|right|match|doc] [--max-field size] [file ...]\n"
	    "       tx-kwic -c codebook --code path [-w n | --chars n]\n"
	    "               [-s left|right|match|doc] [--max-field size] [file ...]\n";
	static const char text[] =
	    "\n"
	    "Every match, in context, of the regexes (caseless, UTF and UCP, as\n"
	    "a codebook's) or of the patterns of a code and the codes below it,\n"
	    "in the text of a segments or codings stream (standard input when\n"
	    "no file or \"-\"). Columns: the input's, then coded_by (codings with\n"
	    "--code), code, pattern, vetoed_by (--code), start and end (the\n"
	    "match's bytes in the source file), left, match, right.\n"
	    "\n"
	    "  -e, --regexp regex   a regex to find; repeat for more\n"
	    "  -c, --codebook file  the codebook of --code\n"
	    "      --code path      the code whose patterns to find, with the\n"
	    "                       excludes that veto it\n"
	    "  -w, --words n        context of n words each side (default 5)\n"
	    "      --chars n        context of n characters each side\n"
	    "  -s, --sort key       left (the words nearest the match first),\n"
	    "                       right, match or doc; holds every row\n"
	    "      --max-field size longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help           this help\n"
	    "      --version        the version\n";

	tx_usage(status, synopsis, text);
}
