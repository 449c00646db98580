/*
 * The counts reader (lib/count): a codings stream counted, or a counts
 * table merged, as tx-count and tx-compare read them. The first byte
 * chooses: bit 0 group by "grp", bit 1 no rollup, bit 2 pairs (--cooccur).
 */
#include "tsv.h"
#include "fuzz.h"
#include "count.h"

static char *by_grp[] = { "grp" };

static void
walk(const struct counts *c)
{
	size_t nc;
	struct count_cell *cell;

	for (size_t g = 0; g < c->ngroup; g++) {
		cell = counts_group_cells(c, g, &nc);
		for (size_t i = 0; i < nc; i++)
			if (cell[i].segs < 0 || cell[i].docs < 0 ||
			    cell[i].segs > c->group[g].total_segs)
				abort();
		for (size_t k = 0; k < c->ncode; k++)
			(void)counts_cell(c, g, k);
		for (size_t i = 0; i < c->nby; i++)
			(void)counts_group_value(c, g, i, &nc);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *files[1];
	struct tsv *volatile t;
	struct counts *volatile c = NULL;
	char **volatile tby = NULL;
	volatile size_t ntby = 0;
	int flags;

	if (n == 0)
		return 0;
	flags = data[0];
	files[0] = (char *)fuzz_file(data + 1, n - 1, ".tsv");
	tsv_max_field = (size_t)256 << 20;
	t = tsv_open(1, files);
	FUZZ_TRY(
		if (tsv_header(t)) {
			if (counts_is_table(t)) {
				size_t nb;

				tby = counts_table_by(t, &nb);
				ntby = nb;
				c = counts_new(tby, nb, 0);
				counts_add_table(c, t);
			} else {
				c = counts_new(by_grp, flags & 1,
				    (flags & 2 ? 0 : COUNT_ROLLUP) |
				    (flags & 4 ? COUNT_PAIRS : 0));
				counts_add_codings(c, t, "hint");
			}
			counts_finish(c);
			walk(c);
		}
	);
	if (c != NULL)
		counts_free(c);
	for (size_t i = 0; i < ntby; i++)
		free(tby[i]);
	free(tby);
	tsv_close(t);
	return 0;
}
