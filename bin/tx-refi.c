/*
 * tx-refi: exchange codebooks and coded projects with NVivo, ATLAS.ti,
 * MAXQDA and QualCoder through REFI-QDA 1.0: a codebook (.qdc) to and
 * from tx's codebook CSV; tx's codings and transcripts to a project
 * (.qdpx); a project's sources, coded spans and cases out of it; and a
 * check of what in a file other tools trip on. What it does lives in
 * lib/refi/ (refi.h); here are options, main and usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "out.h"
#include "tx.h"
#include "refi/refi.h"

static void usage(int status);

enum { FMT_NONE = -1, FMT_QDC, FMT_QDPX };

enum {
	OPT_ALL_CODABLE = 256, OPT_ATTRS, OPT_CHECK, OPT_CRLF, OPT_DOC_ID,
	OPT_KEEP_NODES, OPT_MAX_ENTRY, OPT_SPANS, OPT_SOURCES, OPT_VERSION
};

struct options {
	int to, from, check, spans, attrs, verbose;
	const char *sources;
	struct refi_read_opts rd;
	struct refi_export_opts ex;
};

static void
parse_options(struct options *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "output", required_argument, NULL, 'o' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "sources", required_argument, NULL, OPT_SOURCES },
		{ "spans", no_argument, NULL, OPT_SPANS },
		{ "attrs", no_argument, NULL, OPT_ATTRS },
		{ "all-codable", no_argument, NULL, OPT_ALL_CODABLE },
		{ "crlf", required_argument, NULL, OPT_CRLF },
		{ "keep-nodes", no_argument, NULL, OPT_KEEP_NODES },
		{ "max-entry", required_argument, NULL, OPT_MAX_ENTRY },
		{ "doc-id", required_argument, NULL, OPT_DOC_ID },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "qdc", "qdpx", NULL };
	static const char *const crlf[] = { "two", "one", NULL };
	int ch;

	while ((ch = getopt_long(argc, argv, "c:f:ho:t:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 't': o->to = opt_word("--to", optarg, formats); break;
		case 'f': o->from = opt_word("--from", optarg, formats); break;
		case OPT_CHECK: o->check = 1; break;
		case 'o':
			if (*optarg == '\0')
				tx_usage_error("--output: empty file name");
			o->ex.output = optarg;
			break;
		case 'c': o->ex.codebook = optarg; break;
		case OPT_SOURCES:
			if (*optarg == '\0')
				tx_usage_error("--sources: empty folder name");
			o->sources = optarg;
			break;
		case OPT_SPANS: o->spans = 1; break;
		case OPT_ATTRS: o->attrs = 1; break;
		case OPT_ALL_CODABLE: o->ex.qdc.all_codable = 1; break;
		case OPT_CRLF: o->rd.crlf = opt_word("--crlf", optarg, crlf); break;
		case OPT_KEEP_NODES: o->rd.keep_nodes = 1; break;
		case OPT_MAX_ENTRY:
			o->rd.max_entry = (size_t)opt_whole("--max-entry", optarg,
			    1, 4096) << 20;
			break;
		case OPT_DOC_ID: o->ex.doc_id = optarg; break;
		case 'v': o->verbose = 1; break;
		case 'h': usage(EXIT_OK); break;
		case OPT_VERSION: tx_version();
		default: usage(EXIT_USAGE);
		}
	}
	if ((o->to != FMT_NONE) + (o->from != FMT_NONE) + o->check != 1)
		tx_usage_error("say one of --to FORMAT, --from FORMAT or --check");
	if (o->from == FMT_QDPX && !o->spans && !o->attrs && !o->sources)
		tx_usage_error("--from qdpx: say what to take: --sources DIR, "
		    "--spans or --attrs");
	if (o->spans && o->attrs)
		tx_usage_error("--spans and --attrs both write to standard "
		    "output: run them one at a time");
	if ((o->spans || o->attrs || o->sources) && o->from != FMT_QDPX)
		tx_usage_error("--sources, --spans and --attrs go with --from qdpx");
	if (o->to == FMT_QDPX && o->ex.output == NULL)
		tx_usage_error("--to qdpx needs -o FILE (-o - for standard "
		    "output)");
	if (o->to != FMT_QDPX && (o->ex.output || o->ex.codebook || o->ex.doc_id))
		tx_usage_error("-o, --codebook and --doc-id go with --to qdpx");
	if (o->ex.qdc.all_codable && o->to == FMT_NONE)
		tx_usage_error("--all-codable goes with --to");
}

/* The one file operand, else a usage error. */
static const char *
one_file(int argc, char *argv[], const char *what)
{
	if (argc != 1)
		tx_usage_error("%s takes one file", what);
	return argv[0];
}

int
main(int argc, char *argv[])
{
	struct options o = { .to = FMT_NONE, .from = FMT_NONE,
	    .rd = { .max_entry = REFI_MAX_ENTRY, .crlf = -1 } };
	struct refi_project p;
	int status = EXIT_OK;

	tx_init(argv, usage);
	parse_options(&o, argc, argv);
	argc -= optind;
	argv += optind;

	if (o.to == FMT_QDC) {
		struct refi_cbook *cb = qdc_load(one_file(argc, argv, "--to qdc"));
		struct buf b = { 0 };

		qdc_write(&b, cb, &o.ex.qdc, 0, argv[0]);
		out_write(b.s, b.n);
		buf_free(&b);
		qdc_free(cb);
	} else if (o.to == FMT_QDPX) {
		status = refi_export(&o.ex, argc > 0 ? argv[0] : "-",
		    argv + (argc > 0), argc > 0 ? (size_t)argc - 1 : 0);
	} else {
		const char *file = one_file(argc, argv, o.check ? "--check" :
		    "--from");

		o.rd.check = o.check;
		refi_read(&p, file, &o.rd);
		if (o.check)
			refi_write_check(&p);
		else {
			refi_report(&p, o.verbose);
			if (o.from == FMT_QDC)
				qdc_to_csv(&p);
			if (o.sources)
				status = refi_write_sources(&p, o.sources);
			if (status == EXIT_OK && o.spans)
				refi_write_spans(&p, &o.rd);
			if (status == EXIT_OK && o.attrs)
				refi_write_attrs(&p);
		}
		refi_free(&p);
	}
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-refi --to qdc [--all-codable] codebook.csv\n"
	    "       tx-refi --to qdpx -o file.qdpx [-c codebook.csv] [--all-codable]\n"
	    "               [--doc-id regex] [codings.tsv [transcript ...]]\n"
	    "       tx-refi --from qdc file.qdc|file.qdpx\n"
	    "       tx-refi --from qdpx [--sources dir] [--spans | --attrs]\n"
	    "               [--crlf one|two] [--keep-nodes] [-v] file.qdpx\n"
	    "       tx-refi --check file.qdc|file.qdpx\n";
	static const char text[] =
	    "\n"
	    "Exchange codebooks and coded projects with NVivo, ATLAS.ti, MAXQDA\n"
	    "and QualCoder (REFI-QDA 1.0).\n"
	    "\n"
	    "  -t, --to format        qdc: the codebook as a .qdc on standard output;\n"
	    "                         qdpx: codings and transcripts as a project\n"
	    "  -f, --from format      qdc: a .qdc's (or a project's) codes as a\n"
	    "                         codebook CSV; qdpx: what --sources, --spans\n"
	    "                         and --attrs say\n"
	    "      --check            what in the file other tools trip on, as TSV:\n"
	    "                         entry line quirk detail\n"
	    "  -o, --output file      the .qdpx to write (--to qdpx; - for standard\n"
	    "                         output)\n"
	    "  -c, --codebook file    the codebook of the codings (--to qdpx)\n"
	    "      --all-codable      every code isCodable, themes too\n"
	    "      --doc-id regex     a transcript's doc id from its path, as\n"
	    "                         tx-segment --doc-id\n"
	    "      --sources dir      write each text source as dir/NAME.txt\n"
	    "      --spans            the coded selections: doc start end code\n"
	    "                         coder text (bytes of the --sources text)\n"
	    "      --attrs            cases and variables as CSV, for tx-segment\n"
	    "                         --attrs: doc, case, one column a variable\n"
	    "      --crlf how         a CRLF counts as one or two characters\n"
	    "                         (default: one if ATLAS.ti wrote the file)\n"
	    "      --keep-nodes       keep NVivo's top-level \"Nodes\" code\n"
	    "      --max-entry MiB    the most an archive entry may inflate to\n"
	    "                         (default 64)\n"
	    "  -v, --verbose          say what was read on standard error\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n";

	tx_usage(status, synopsis, text);
}
