/* check.c: what in a .qdc or .qdpx other tools trip on, one row a quirk. */
#include "out.h"
#include "streams.h"
#include "tsv.h"
#include "refi/refi.h"

void
refi_write_check(const struct refi_project *p)
{
	size_t ncol = sizeof(REFI_CHECK_COLS) / sizeof(*REFI_CHECK_COLS);

	for (size_t k = 0; k < ncol; k++) {
		out_str(REFI_CHECK_COLS[k]);
		out_char(k + 1 < ncol ? '\t' : '\n');
	}
	if (p->origin != NULL) {
		tsv_write_str(p->entry ? p->entry : "");
		out_str("\t\torigin\t");
		tsv_write_str(p->origin);
		tsv_end();
	}
	for (size_t i = 0; i < p->nquirk; i++) {
		const struct refi_quirk *q = &p->quirk[i];

		tsv_write_str(q->entry ? q->entry : "");
		tsv_sep();
		if (q->line > 0)
			out_long(q->line);
		tsv_sep();
		out_str(q->kind);
		tsv_sep();
		tsv_write_str(q->detail);
		tsv_end();
	}
}
