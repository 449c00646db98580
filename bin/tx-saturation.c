/*
 * tx-saturation: would more interviews add codes? The documents of a
 * codings stream in interview order, the codes each adds, and the
 * assessment of Guest, Namey and Chen (2020, PLOS ONE 15(5): e0232076).
 *
 * What it computes is lib/saturation/ (saturation.h); what is left here:
 * options, main and usage.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "opt.h"
#include "saturation/saturation.h"
#include "tx.h"

static void usage(int status);

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "order", required_argument, NULL, 'O' },
		{ "coder", required_argument, NULL, 'C' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "depth", required_argument, NULL, 'd' },
		{ "base", required_argument, NULL, 'b' },
		{ "run", required_argument, NULL, 'r' },
		{ "threshold", required_argument, NULL, 't' },
		{ "summary", no_argument, NULL, 's' },
		{ "permutations", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 'S' },
		{ "max-field", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct sat_options o = { .base = 4, .run = 2, .threshold = 5 };
	struct saturation *s;
	struct tsv *t;
	long permutations = 0;
	uint64_t seed = 1;
	int ch, summary = 0, seeded = 0, status;

	tx_init(argv, usage);
	while ((ch = getopt_long(argc, argv, "b:c:d:hr:st:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b': o.base = (long)opt_whole("--base", optarg, 1, 1000000); break;
		case 'c': o.codebook = optarg; break;
		case 'C':
			opt_utf8("--coder", optarg);
			o.coder = optarg;
			break;
		case 'd': o.depth = (int)opt_whole("--depth", optarg, 1, 1000); break;
		case 'h': usage(EXIT_OK); break;
		case 'M': tsv_set_max_field("--max-field", optarg); break;
		case 'O': o.order = optarg; break;
		case 'p':
			permutations = (long)opt_whole("--permutations", optarg, 1,
			    SAT_MAX_PERMUTATIONS);
			break;
		case 'r': o.run = (long)opt_whole("--run", optarg, 1, 1000000); break;
		case 's': summary = 1; break;
		case 'S':
			seed = (uint64_t)opt_whole("--seed", optarg, 0, INT64_MAX);
			seeded = 1;
			break;
		case 't': o.threshold = opt_real("--threshold", optarg, 0, 100); break;
		case 'V': tx_version();
		default: usage(EXIT_USAGE);
		}
	}
	if (seeded && permutations == 0)
		tx_usage_error("--seed applies to --permutations");
	if (o.order != NULL && o.order[0] == '\0')
		tx_usage_error("--order: no column named");
	s = sat_new(&o);
	t = tsv_open(argc - optind, argv + optind);
	if (sat_read(s, t)) {
		if (summary)
			sat_write_summary(s, permutations, seed);
		else if (permutations > 0)
			sat_write_permutations(s, permutations, seed);
		else
			sat_write_table(s);
	}
	status = tsv_close(t);
	sat_free(s);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-saturation [--order col] [--coder name] [-c codebook] [-d depth]\n"
	    "                     [-b n] [-r n] [-t pct] [-s] [--permutations n [--seed s]]\n"
	    "                     [--max-field size] [file ...]\n";
	static const char text[] =
	    "  -c, --codebook FILE   a code it lacks is an error (codings of another version)\n"
	    "  -d, --depth N         codes cut to N levels (1: themes; default: as coded)\n"
	    "  -b, --base N          base size, in documents (4)\n"
	    "  -r, --run N           run length, in documents (2)\n"
	    "  -t, --threshold PCT   new information threshold, percent of the base's\n"
	    "                        codes (5)\n"
	    "      --order COL       interview order: the values of COL, numbers or\n"
	    "                        text, one per document (default: input order)\n"
	    "      --coder NAME      the codings of this coder (where there are several)\n"
	    "  -s, --summary         the assessment in one row: the first run at or\n"
	    "                        under the threshold\n"
	    "      --permutations N  the cumulative curve over N random orders (at most\n"
	    "                        100000): mean, 2.5% and 97.5% quantiles; with -s,\n"
	    "                        where those orders reach saturation\n"
	    "      --seed S          the random orders' seed (1)\n"
	    "      --max-field N     longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n";

	tx_usage(status, synopsis, text);
}
