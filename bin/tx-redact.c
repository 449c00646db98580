/*
 * tx-redact: pseudonymise transcripts before anyone codes them, and undo it.
 *
 * It works on the raw bytes of each file: what it finds (names from a list,
 * e-mail addresses, UK telephone, NHS numbers, postcodes, dates) becomes a
 * placeholder such as [PERSON-3] and every other byte is copied, so labels,
 * timestamps, cue timings, CRLF and a byte-order mark survive.  The key
 * (TSV: category number placeholder original) has one row for every
 * distinct original spelling; "Smith" and "SMITH" are one person, [PERSON-1]
 * and [PERSON-1.2], which is what lets --reverse give back every byte.
 *
 * A file is read whole (transcripts are small), checked, redacted in
 * memory and written to a temporary file in the output folder.  Only when
 * every input is done is the key saved, and then the outputs are renamed
 * into place: a failure leaves no half-written file, and no placeholder
 * that the key does not hold.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "opt.h"
#include "tx.h"
#include "redact/redact.h"

static void usage(int status);

enum {
	OPT_DATES = 256, OPT_NO_EMAIL, OPT_NO_NHS, OPT_NO_PHONE,
	OPT_NO_POSTCODE, OPT_TITLES, OPT_VERSION
};

static void
refuse(int given, const char *option, const char *mode)
{
	if (given)
		tx_usage_error("%s does not go with %s", option, mode);
}

static void
check_options(const struct run *r, int argc, char **argv, int patterns,
    int titles)
{
	int std = argc == 0 || (argc == 1 && strcmp(argv[0], "-") == 0);

	if (r->mode == SUGGEST) {
		refuse(r->key.path != NULL, "--key", "--suggest");
		refuse(r->outdir != NULL, "--out", "--suggest");
		refuse(r->force, "--force", "--suggest");
		refuse(patterns, "--dates and --no-*", "--suggest");
		refuse(titles, "--titles", "--suggest");
		return;
	}
	refuse(r->ndicts > 0, "--dict", "redacting or --reverse");
	if (r->mode == REVERSE) {
		refuse(r->nnames > 0, "--names", "--reverse");
		refuse(patterns, "--dates and --no-*", "--reverse");
		refuse(titles, "--titles", "--reverse");
	}
	if (r->key.path == NULL)
		tx_usage_error("--key KEYFILE is required");
	if (!std && r->outdir == NULL)
		tx_usage_error("--out DIR is required with files (standard "
		    "input goes to standard output)");
	if (std && r->outdir != NULL)
		tx_usage_error("--out needs files: standard input has no name "
		    "to write under %s", r->outdir);
	refuse(std && r->force, "--force", "standard output");
	for (int i = 0; i < argc && !std; i++)
		if (strcmp(argv[i], "-") == 0)
			tx_usage_error("\"-\" (standard input) cannot be "
			    "written under --out");
}

/* Turn a built-in pattern on or off; 1, for "an option about patterns". */
static int
use(struct run *r, enum kind kind, int on)
{
	for (size_t i = 0; i < NBUILTIN; i++)
		if (redact_builtin[i].kind == kind)
			r->use[i] = on;
	return 1;
}

static int
parse_options(struct run *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dates", no_argument, NULL, OPT_DATES },
		{ "dict", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "names", required_argument, NULL, 'n' },
		{ "no-email", no_argument, NULL, OPT_NO_EMAIL },
		{ "no-nhs", no_argument, NULL, OPT_NO_NHS },
		{ "no-phone", no_argument, NULL, OPT_NO_PHONE },
		{ "no-postcode", no_argument, NULL, OPT_NO_POSTCODE },
		{ "out", required_argument, NULL, 'o' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "suggest", no_argument, NULL, 's' },
		{ "titles", required_argument, NULL, OPT_TITLES },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const title_words[] = { "keep", "replace",
	    NULL };                                     /* enum titles */
	int ch, patterns = 0, titles = 0;

	for (size_t i = 0; i < NBUILTIN; i++)
		r->use[i] = redact_builtin[i].kind != K_DATE;
	r->names = xcalloc((size_t)argc, sizeof(*r->names));
	r->dicts = xcalloc((size_t)argc, sizeof(*r->dicts));
	while ((ch = getopt_long(argc, argv, "d:fhk:n:o:rs", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			r->dicts[r->ndicts++] = optarg;
			break;
		case 'f':
			r->force = 1;
			break;
		case 'h':
			usage(EXIT_OK);
			break;
		case 'k':
			r->key.path = optarg;
			break;
		case 'n':
			r->names[r->nnames++] = optarg;
			break;
		case 'o':
			r->outdir = optarg;
			break;
		case 'r':
			if (r->mode == SUGGEST)
				tx_usage_error("--reverse does not go with "
				    "--suggest");
			r->mode = REVERSE;
			break;
		case 's':
			if (r->mode == REVERSE)
				tx_usage_error("--reverse does not go with "
				    "--suggest");
			r->mode = SUGGEST;
			break;
		case OPT_DATES:
			patterns = use(r, K_DATE, 1);
			break;
		case OPT_NO_EMAIL:
			patterns = use(r, K_EMAIL, 0);
			break;
		case OPT_NO_NHS:
			patterns = use(r, K_NHS, 0);
			break;
		case OPT_NO_PHONE:
			patterns = use(r, K_PHONE, 0);
			break;
		case OPT_NO_POSTCODE:
			patterns = use(r, K_POSTCODE, 0);
			break;
		case OPT_TITLES:
			r->titles = (enum titles)opt_word("--titles", optarg,
			    title_words);
			titles = 1;
			break;
		case OPT_VERSION:
			tx_version();
		default:
			usage(EXIT_USAGE);
		}
	}
	check_options(r, argc - optind, argv + optind, patterns, titles);
	return optind;
}

int
main(int argc, char *argv[])
{
	static struct run r;    /* static: what it holds lives to the end */
	struct buf in = { 0 }, out = { 0 };
	mode_t um;

	tx_init(argv, usage);
	atexit(redact_cleanup);
	redact_catch_signals();
	argv += parse_options(&r, argc, argv);
	argc = 0;
	while (argv[argc] != NULL)
		argc++;
	redact_prepare(&r);
	if (r.mode == SUGGEST)
		return redact_suggest(&r, argc, argv);
	if (r.outdir == NULL) {         /* standard input to standard output */
		redact_read_input("-", &in);
		redact_process(&r, "<stdin>", &in, &out);
		if (r.mode == REDACT)
			redact_key_save(&r);
		out_write(out.s, out.n);
		free(in.s);
		free(out.s);
		return out_close(EXIT_OK);
	}
	redact_plan_outputs(&r, argc, argv);
	um = umask(0);
	umask(um);
	for (int i = 0; i < argc; i++) {
		redact_read_input(argv[i], &in);
		redact_process(&r, argv[i], &in, &out);
		/* Restored originals are as private as the key. */
		redact_write_temp(&r, (size_t)i, &out,
		    r.mode == REVERSE ? 0600 : 0666 & ~um);
	}
	if (r.mode == REDACT)
		redact_key_save(&r);
	redact_commit(&r);
	free(in.s);
	free(out.s);
	return out_close(EXIT_OK);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-redact [-f] [-n names] [--titles keep|replace] [--dates]\n"
	    "                 [--no-email] [--no-nhs] [--no-phone] [--no-postcode]\n"
	    "                 -k key -o dir file ...\n"
	    "       tx-redact -r [-f] -k key -o dir file ...\n"
	    "       tx-redact -s [-d dict] [-n names] [file ...]\n";
	const char *text =
	    "\n"
	    "Pseudonymise transcripts: write each file to --out DIR under its own\n"
	    "name with names, e-mail addresses, telephone and NHS numbers and\n"
	    "postcodes replaced by placeholders such as [PERSON-1], recorded in\n"
	    "the key; --reverse puts the originals back byte for byte.  With no\n"
	    "file (or \"-\"), standard input goes to standard output.\n"
	    "\n"
	    "  -k, --key file       the key: TSV, mode 0600, created or extended\n"
	    "  -o, --out dir        folder for the outputs (never over an input)\n"
	    "  -f, --force          replace output files that exist\n"
	    "  -n, --names file     CSV or TSV list: text, category, replacement\n"
	    "      --titles how     a name's title (Dr, Mrs, ...): keep (default:\n"
	    "                       Dr [PERSON-1]) or replace ([PERSON-1])\n"
	    "      --dates          replace dates too (off by default)\n"
	    "      --no-email       leave e-mail addresses\n"
	    "      --no-nhs         leave NHS numbers\n"
	    "      --no-phone       leave UK telephone numbers\n"
	    "      --no-postcode    leave UK postcodes\n"
	    "  -r, --reverse        restore the originals with the key\n"
	    "  -s, --suggest        list candidate names (TSV) instead: text,\n"
	    "                       count, where, context\n"
	    "  -d, --dict file      word list for --suggest (default: "
	    DICT_DIR "\n"
	    "                       british-english and american-english)\n"
	    "  -h, --help           this help\n"
	    "      --version        the version\n";

	tx_usage(status, synopsis, text);
}
