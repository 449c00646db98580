/*
 * tx-code: apply a coding framework to segments.
 *
 * Reads the segment stream, writes the codings stream: every input column,
 * with code, hits, match and coder inserted before text. A segment appears
 * once for every code it carries, in codebook order, and once with an empty
 * code if it carries none.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "excerpts.h"
#include "spans.h"

static _Noreturn void usage(int status);

/* tx-code --spans: the options that go with it checked; the exit status. */
static int
code_spans(struct spans_options *sp, int argc, char **argv, int other,
    const char *coder, int coded_only, int allow_missing)
{
	int status, segstdin = argc == 0;

	if (other)
		tx_usage_error("--spans codes without a codebook: not with "
		    "--excerpts, --check or --list");
	if (coder != NULL)
		tx_usage_error("--coder: the spans name their coders");
	for (int i = 0; i < argc; i++)
		segstdin |= strcmp(argv[i], "-") == 0;
	for (size_t i = 0; i < sp->nfiles; i++)
		if (segstdin && strcmp(sp->files[i], "-") == 0)
			tx_usage_error("--spans -: the segments must then "
			    "come from files");
	sp->coded_only = coded_only;
	sp->allow_missing = allow_missing;
	status = spans_code(sp, argc, argv);
	free(sp->files);
	return out_close(status);
}

/* -j N: 0 is the number of processors. */
static int
parse_jobs(const char *s)
{
	long nproc, v = (long)opt_whole("--jobs", s, 0, 256);

	if (v == 0)
		v = (nproc = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ? nproc : 1;
	return (int)v;
}

static int
parse_engine(const char *s)
{
	static const char *const engines[] = { "auto", "pcre2", "hyperscan",
	    NULL };             /* CB_ENGINE_* */
	int engine = opt_word("--engine", s, engines);

	if (engine == CB_ENGINE_HYPERSCAN &&
	    codebook_hyperscan_version() == NULL)
		tx_die(EXIT_USAGE, NULL, 0, "--engine hyperscan: this tx-code "
		    "was built without Hyperscan (install libhyperscan-dev and "
		    "rebuild)");
	return engine;
}

enum { OPT_CHECK = 256, OPT_CODED_ONLY, OPT_MATCH_LIMIT, OPT_DEPTH_LIMIT,
	OPT_HEAP_LIMIT, OPT_NO_JIT, OPT_MAX_FIELD, OPT_VERSION, OPT_DOC_COLUMN,
	OPT_CODE_COLUMN, OPT_TEXT_COLUMN, OPT_ALLOW_MISSING, OPT_ENGINE,
	OPT_NO_CACHE, OPT_VERBOSE, OPT_SPANS, OPT_MIN_OVERLAP,
	OPT_SAMPLE, OPT_NO_TEXT };

static const struct option longopts[] = {
	{ "check",       no_argument,       NULL, OPT_CHECK },
	{ "coded-only",  no_argument,       NULL, OPT_CODED_ONLY },
	{ "coder",       required_argument, NULL, 'C' },
	{ "list",        no_argument,       NULL, 'l' },
	{ "match-limit", required_argument, NULL, OPT_MATCH_LIMIT },
	{ "depth-limit", required_argument, NULL, OPT_DEPTH_LIMIT },
	{ "heap-limit",  required_argument, NULL, OPT_HEAP_LIMIT },
	{ "no-jit",      no_argument,       NULL, OPT_NO_JIT },
	{ "max-field",   required_argument, NULL, OPT_MAX_FIELD },
	{ "excerpts",    required_argument, NULL, 'e' },
	{ "doc-column",  required_argument, NULL, OPT_DOC_COLUMN },
	{ "code-column", required_argument, NULL, OPT_CODE_COLUMN },
	{ "text-column", required_argument, NULL, OPT_TEXT_COLUMN },
	{ "allow-missing", no_argument,     NULL, OPT_ALLOW_MISSING },
	{ "spans",       required_argument, NULL, OPT_SPANS },
	{ "min-overlap", required_argument, NULL, OPT_MIN_OVERLAP },
	{ "help",        no_argument,       NULL, 'h' },
	{ "version",     no_argument,       NULL, OPT_VERSION },
	{ "engine",      required_argument, NULL, OPT_ENGINE },
	{ "jobs",        required_argument, NULL, 'j' },
	{ "no-cache",    no_argument,       NULL, OPT_NO_CACHE },
	{ "verbose",     no_argument,       NULL, OPT_VERBOSE },
	{ "sample",      required_argument, NULL, OPT_SAMPLE },
	{ "no-text",     no_argument,       NULL, OPT_NO_TEXT },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct cb_limits lim = { CB_MATCH_LIMIT, CB_DEPTH_LIMIT, CB_HEAP_LIMIT, 0 };
	struct codebook cb;
	const char *coder = NULL;
	int ch, check = 0, listing = 0, coded_only = 0, status;
	struct excerpt_columns cols = { "doc", "code", "text" };
	char **sheets = NULL;
	size_t nsheets = 0;
	int allow_missing = 0;
	int engine = CB_ENGINE_AUTO, verbose = 0, nocache = 0, jobs = 1;
	struct spans_options sp = { NULL, 0, 0, 0, 0 };
	const char *min_overlap = NULL;
	const char *sample = NULL;
	size_t nwarn;
	int notext = 0;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "e:hj:l", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			if (*optarg == '\0')
				tx_usage_error("--coder: empty name");
			opt_utf8("--coder", optarg);
			coder = optarg;
			break;
		case 'l':
			listing = 1;
			break;
		case 'h':
			usage(EXIT_OK);
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_CODED_ONLY:
			coded_only = 1;
			break;
		case OPT_MATCH_LIMIT:
			lim.match = (uint32_t)opt_whole("--match-limit", optarg, 1, UINT32_MAX);
			break;
		case OPT_DEPTH_LIMIT:
			lim.depth = (uint32_t)opt_whole("--depth-limit", optarg, 1, UINT32_MAX);
			break;
		case OPT_HEAP_LIMIT:
			lim.heap_kib = (uint32_t)opt_whole("--heap-limit", optarg, 1, UINT32_MAX);
			break;
		case OPT_NO_JIT:
			lim.nojit = 1;
			break;
		case OPT_MAX_FIELD:
			tsv_set_max_field("--max-field", optarg);
			break;
		case 'e':
			sheets = xrealloc(sheets, (nsheets + 1) * sizeof(*sheets));
			sheets[nsheets++] = optarg;
			break;
		case OPT_DOC_COLUMN:
			cols.doc = optarg;
			break;
		case OPT_CODE_COLUMN:
			cols.code = optarg;
			break;
		case OPT_TEXT_COLUMN:
			cols.text = optarg;
			break;
		case OPT_ALLOW_MISSING:
			allow_missing = 1;
			break;
		case OPT_ENGINE:
			engine = parse_engine(optarg);
			break;
		case 'j':
			jobs = parse_jobs(optarg);
			break;
		case OPT_NO_CACHE:
			nocache = 1;
			break;
		case OPT_VERBOSE:
			verbose = 1;
			break;
		case OPT_SPANS:
			sp.files = xrealloc(sp.files, (sp.nfiles + 1) *
			    sizeof(*sp.files));
			sp.files[sp.nfiles++] = optarg;
			break;
		case OPT_MIN_OVERLAP:
			sp.min_overlap = opt_real("--min-overlap", optarg, 0, 1);
			min_overlap = optarg;
			break;
		case OPT_SAMPLE:
			sample = optarg;
			break;
		case OPT_NO_TEXT:
			notext = 1;
			break;
		case OPT_VERSION:
			tx_version();
		default:
			usage(EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (sample != NULL && !check)
		tx_usage_error("--sample goes with --check");
	if (sp.nfiles > 0 && notext)
		tx_usage_error("--no-text codes with a codebook, not --spans "
		    "(cut the text column of the codings)");
	if (sp.nfiles > 0)
		return code_spans(&sp, argc, argv, nsheets > 0 || check ||
		    listing, coder, coded_only, allow_missing);
	if (min_overlap != NULL)
		tx_usage_error("--min-overlap: only with --spans");
	if (nsheets > 0) {
		if (notext)
			tx_usage_error("--no-text codes with a codebook, not "
			    "--excerpts (cut the text column of the codings)");
		if (check || listing)
			tx_usage_error("--%s reads a codebook, not --excerpts",
			    check ? "check" : "list");
		status = coding_excerpts(sheets, nsheets, &cols, argc, argv,
		    coder ? coder : "excerpts", coded_only, allow_missing);
		free(sheets);
		return out_close(status);
	}
	if (coder == NULL)
		coder = "auto";
	if (argc < 1)
		usage(EXIT_USAGE);
	if ((check || listing) && argc > 1)
		tx_usage_error("--%s takes the codebook only",
		    check ? "check" : "list");
	if (codebook_load(&cb, argv[0]) != 0)
		return out_close(EXIT_USAGE);
	if (listing)
		codebook_list(&cb);
	if (check) {
		status = codebook_lint(&cb, sample, &nwarn);
		codebook_free(&cb);
		return out_close(status);
	}
	if (listing) {
		codebook_free(&cb);
		return out_close(EXIT_OK);
	}
	cb.engine = engine;
	cb.verbose = verbose;
	cb.nocache = nocache;
	codebook_prepare(&cb, &lim);
	status = coding_run(&cb, argc - 1, argv + 1, &(struct coding_options){
	    .coder = coder, .coded_only = coded_only, .notext = notext,
	    .jobs = jobs });
	if (verbose)
		codebook_rules_report(&cb);
	codebook_free(&cb);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-code [--coder name] [--coded-only] [--match-limit n]\n"
	    "               [--depth-limit n] [--heap-limit kib] [--no-jit]\n"
	    "               [--max-field size] [--engine engine] [-j n]\n"
	    "               [--no-cache] [--no-text] [--verbose] codebook [file ...]\n"
	    "       tx-code -e sheet [-e sheet ...] [--coder name] [--coded-only]\n"
	    "               [--doc-column col] [--code-column col] [--text-column col]\n"
	    "               [--allow-missing] [file ...]\n"
	    "       tx-code --spans spans [--spans spans ...] [--min-overlap share]\n"
	    "               [--coded-only] [--allow-missing] [file ...]\n"
	    "       tx-code --check [--sample file] codebook\n"
	    "       tx-code -l codebook\n";
	static const char text[] =
	    "\n"
	    "Code the segments of each file (standard input when none or \"-\")\n"
	    "against a codebook (CSV or TSV: code, pattern, exclude, description;\n"
	    "rules: near, not_near, window, direction, within, speakers, rule).\n"
	    "\n"
	    "      --coder name     the coder column's value (default auto;\n"
	    "                       with --excerpts, excerpts)\n"
	    "      --coded-only     drop the rows of segments that carry no code\n"
	    "      --no-text        leave the text column out: codings for counting\n"
	    "                       (tx-count, tx-compare, tx-agree), not quoting\n"
	    "      --check          check the codebook, warn of what will surprise, exit\n"
	    "      --sample file    with --check: try the patterns on these segments\n"
	    "  -l, --list           print the codebook as an indented tree\n"
	    "      --match-limit n  PCRE2 match limit (default 10000000)\n"
	    "      --depth-limit n  PCRE2 depth limit, interpreter only (default 10000000)\n"
	    "      --heap-limit kib PCRE2 heap limit and JIT stack size (default 65536)\n"
	    "      --no-jit         match with the PCRE2 interpreter, not JIT\n"
	    "      --max-field size longest field read, in bytes (K, M, G; default 256M)\n"
	    "      --engine engine  auto (default), hyperscan or pcre2: the same codings\n"
	    "  -j, --jobs n         code on n threads (0: one per processor)\n"
	    "      --no-cache       do not cache the compiled Hyperscan database\n"
	    "      --verbose        say how the patterns are matched, and what\n"
	    "                       each near and not_near dropped\n"
	    "  -e, --excerpts sheet code with another tool's excerpts (CSV or TSV:\n"
	    "                       doc, code, text) instead of a codebook\n"
	    "      --doc-column col   the sheet's document column (default doc)\n"
	    "      --code-column col  the sheet's code column (default code)\n"
	    "      --text-column col  the sheet's excerpt column (default text)\n"
	    "      --allow-missing  excerpts (spans) found in no segment: exit 0, not 1\n"
	    "      --spans spans    code with spans (doc, start, end, code, coder,\n"
	    "                       text; as tx-refi --spans writes) instead of a\n"
	    "                       codebook: every segment a span overlaps\n"
	    "      --min-overlap share  with --spans, the least share of a segment's\n"
	    "                       bytes a coder's spans of a code must cover (0-1;\n"
	    "                       default 0: any byte)\n"
	    "  -h, --help           this help\n"
	    "      --version        the version\n";

	tx_usage(status, synopsis, text);
}
