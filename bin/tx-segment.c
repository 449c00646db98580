/*
 * tx-segment: cut transcripts into segments.
 *
 * Reads transcripts (plain text, reStructuredText and Markdown hearings,
 * Otter exports, WebVTT, SubRip) and writes the segment stream: doc seg
 * speaker time section line start end, the attribute columns, then text.
 * The segmenting is lib/segment/'s; this is its options.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "opt.h"
#include "tx.h"
#include "segment/segment.h"

static const char *const format_names[] = { "auto", "text", "otter", "vtt",
	"srt", "docx", "odt", NULL };                   /* enum seg_format */
static const char *const unit_names[] = { "turn", "paragraph", "sentence",
	"line", NULL };                                 /* enum seg_unit */

static struct seg_opts opt;

static _Noreturn void usage(int status);

enum { OPT_UNLABELLED = 256, OPT_LABEL_REGEX, OPT_DOC_ID, OPT_DOC,
	OPT_ATTRS_MISSING, OPT_LOSSY, OPT_TEXT_OUT, OPT_LABEL_REPORT,
	OPT_KEEP_DIRECTIONS, OPT_VERSION };

static const struct option longopts[] = {
	{ "from",             required_argument, NULL, 'f' },
	{ "unit",             required_argument, NULL, 'u' },
	{ "unlabelled",       required_argument, NULL, OPT_UNLABELLED },
	{ "label-regex",      required_argument, NULL, OPT_LABEL_REGEX },
	{ "doc-id",           required_argument, NULL, OPT_DOC_ID },
	{ "doc",              required_argument, NULL, OPT_DOC },
	{ "speakers",         required_argument, NULL, 's' },
	{ "exclude-speakers", required_argument, NULL, 'x' },
	{ "attrs",            required_argument, NULL, 'a' },
	{ "attrs-missing",    required_argument, NULL, OPT_ATTRS_MISSING },
	{ "lossy",            no_argument,       NULL, OPT_LOSSY },
	{ "text-out",         required_argument, NULL, OPT_TEXT_OUT },
	{ "label-report",     no_argument,       NULL, OPT_LABEL_REPORT },
	{ "keep-directions",  no_argument,       NULL, OPT_KEEP_DIRECTIONS },
	{ "help",             no_argument,       NULL, 'h' },
	{ "version",          no_argument,       NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	static char *stdin_only[] = { "-" };
	static const char *const attrs_missing[] = { "error", "empty", NULL };
	const char *attrs = NULL, *stdin_name = NULL;
	struct seg_input *in;
	struct seg *sg;
	int ch, status = EXIT_OK;
	size_t nin;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "a:f:hs:u:x:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			opt.from = (enum seg_format)opt_word("--from", optarg,
			    format_names);
			break;
		case 'u':
			opt.unit = (enum seg_unit)opt_word("--unit", optarg,
			    unit_names);
			break;
		case OPT_UNLABELLED:
			if (strcmp(optarg, "continue") == 0)
				opt.unlab = SEG_CONTINUE;
			else if (strcmp(optarg, "empty") == 0)
				opt.unlab = SEG_EMPTY;
			else if (*optarg == '\0')
				tx_usage_error("--unlabelled: empty name");
			else {
				opt_utf8("--unlabelled", optarg);
				opt.unlab = SEG_NAME;
				opt.unlab_name = optarg;
			}
			break;
		case OPT_LABEL_REGEX:
			seg_label_regex(&opt, optarg);
			break;
		case OPT_DOC_ID:
			seg_regex_compile(&opt.docid, "--doc-id", optarg, 0);
			break;
		case OPT_DOC:
			if (*optarg == '\0')
				tx_usage_error("--doc: empty name");
			opt_utf8("--doc", optarg);
			stdin_name = optarg;
			break;
		case 's':
			seg_regex_compile(&opt.speakers, "--speakers", optarg,
			    PCRE2_CASELESS | PCRE2_UCP);
			break;
		case 'x':
			seg_regex_compile(&opt.exclude, "--exclude-speakers", optarg,
			    PCRE2_CASELESS | PCRE2_UCP);
			break;
		case 'a':
			attrs = optarg;
			break;
		case OPT_KEEP_DIRECTIONS:
			opt.keep_directions = 1;
			break;
		case OPT_ATTRS_MISSING:
			opt.attrs.missing_empty = opt_word("--attrs-missing",
			    optarg, attrs_missing);
			break;
		case OPT_TEXT_OUT:
			if (*optarg == '\0')
				tx_usage_error("--text-out: empty folder name");
			opt.text_out = optarg;
			break;
		case OPT_LOSSY:
			opt.lossy = 1;
			break;
		case OPT_LABEL_REPORT:
			opt.label_report = 1;
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
	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	nin = (size_t)argc;
	in = xcalloc(nin, sizeof(*in));
	for (size_t i = 0; i < nin; i++) {
		in[i].path = argv[i];
		in[i].doc = seg_doc_id(&opt, argv[i], stdin_name);
	}
	seg_check_ids(in, nin);
	if (attrs) {
		seg_attrs_load(&opt.attrs, attrs);
		seg_attrs_join(&opt.attrs, in, nin, attrs);
	}

	if (opt.label_report)
		seg_report_header();
	else
		seg_header(&opt.attrs);
	sg = seg_new(&opt);
	for (size_t i = 0; i < nin; i++)
		if (seg_file(sg, &in[i]) != 0)
			status = EXIT_DATA;
	seg_attrs_unmatched(&opt.attrs, in, nin, attrs);
	seg_free(sg);
	for (size_t i = 0; i < nin; i++)
		free(in[i].doc);
	free(in);
	seg_opts_free(&opt);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-segment [-f format] [-u unit] [--unlabelled mode]\n"
	    "                  [--label-regex regex] [--doc-id regex] [--doc name]\n"
	    "                  [-s regex] [-x regex] [-a file] [--attrs-missing how]\n"
	    "                  [--keep-directions] [--lossy] [--text-out dir]\n"
	    "                  [--label-report] [file ...]\n";
	static const char text[] =
	    "\n"
	    "Cut transcripts into segments (standard input when no file or \"-\")\n"
	    "and write the segment stream: doc seg speaker time section line start\n"
	    "end, attribute columns, text.\n"
	    "\n"
	    "  -f, --from format          auto (default), text, otter, vtt, srt,\n"
	    "                             docx or odt (auto: by extension, else\n"
	    "                             by content)\n"
	    "  -u, --unit unit            turn (default), paragraph, sentence or line\n"
	    "      --unlabelled mode      text without a label: continue (default),\n"
	    "                             empty, or a speaker's name\n"
	    "      --label-regex regex    speaker labels: PCRE2 matched at line start,\n"
	    "                             groups (?<speaker>...) and (?<time>...)\n"
	    "      --doc-id regex         doc id from the path: group 1, else the match\n"
	    "      --doc name             doc id of standard input (default stdin)\n"
	    "  -s, --speakers regex       keep turns whose speaker matches (caseless)\n"
	    "  -x, --exclude-speakers regex  drop turns whose speaker matches\n"
	    "  -a, --attrs file           CSV or TSV sheet of attributes, keyed on doc\n"
	    "      --attrs-missing how    a doc without a row: error (default) or empty\n"
	    "      --keep-directions      stage directions, \"(Pause)\", as segments of\n"
	    "                             their own with an empty speaker\n"
	    "      --lossy                write U+FFFD for invalid UTF-8, not an error\n"
	    "      --text-out dir         write each Word or ODT file's text to\n"
	    "                             dir/DOC.txt: start and end count in it\n"
	    "      --label-report         not the segments but each document's label\n"
	    "                             candidates: doc line label taken count why\n"
	    "  -h, --help                 this help\n"
	    "      --version              the version\n";

	tx_usage(status, synopsis, text);
}
