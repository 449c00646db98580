/*
 * tx-segment on one format (FORMAT, set by the fuzz_segment_*.c that
 * includes this): the library (lib/segment/) as the tool drives it, run on
 * the input as a file. The first byte chooses the unit (bits 0-1), --lossy
 * (bit 2), --unlabelled empty (bit 3) and --label-report (bit 4). The options are made anew for
 * every run, and everything is freed after it, whether it ended or "exited".
 */
#include "fuzz.h"
#include "segment/segment.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	/* static: set inside FUZZ_TRY, read after it */
	static struct seg_opts opt;
	static struct seg_input in;
	static struct seg *sg;

	if (n == 0)
		return 0;
	memset(&opt, 0, sizeof(opt));
	opt.from = FORMAT;
	opt.unit = (enum seg_unit)(data[0] & 3);
	opt.lossy = (data[0] & 4) != 0;
	if (data[0] & 8)
		opt.unlab = SEG_EMPTY;
	opt.label_report = (data[0] & 16) != 0;
	in.path = fuzz_file(data + 1, n - 1, ".in");
	FUZZ_TRY(
		in.doc = seg_doc_id(&opt, in.path, NULL);
		if (opt.label_report)
			seg_report_header();
		else
			seg_header(&opt.attrs);
		sg = seg_new(&opt);
		seg_file(sg, &in);
	);
	seg_free(sg);
	sg = NULL;
	free(in.doc);
	in.doc = NULL;
	seg_opts_free(&opt);
	return 0;
}
