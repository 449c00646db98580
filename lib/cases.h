/*
 * cases.h: --cases FILE, every case of the corpus with its groups (an
 * attribute sheet or manifest, CSV or TSV, read with lib/table.c), for
 * tx-count, tx-compare and tx-report: a case the sheet lists with no
 * segment in the codings (a hearing day whose turns were all filtered
 * out) still counts in its group's total, as a case with no coded segment.
 *
 *   counts_add_codings(c, t, hint);
 *   cases_add_sheet(c, "manifest.tsv");
 *   counts_finish(c);
 *
 * The sheet has a column named as the case column (c->unit: doc, or the
 * --case column) and one for each --by column (its header made a column
 * name as tx-segment --attrs makes it: "Locality" is locality); other
 * columns are ignored. One row per case.
 */
#ifndef TX_CASES_H
#define TX_CASES_H

#include "count.h"

/*
 * A group the sheet alone has is warned of (a manifest of more than the
 * corpus would add its groups). Exit 2 for a sheet that cannot be read, lacks a column, has a case
 * twice or an empty case; exit 1 where the sheet and the data disagree: a
 * case of the data the sheet lacks, or a case the data has in another
 * group than the sheet gives it.
 */
void cases_add_sheet(struct counts *c, const char *path);

/*
 * A codings stream counted in one: counts_new(by, nby, flags), the case
 * column casecol (NULL: doc), counts_add_codings, the sheet of cases
 * (NULL: none) and counts_finish.
 */
struct counts *cases_count_codings(char **by, size_t nby, int flags,
    const char *casecol, const char *sheet, struct tsv *t,
    const char *coder_hint);

/*
 * --case COL: a column whose values are the cases. code, seg, also (the
 * tool's own column, NULL: none) and an empty name are a usage error
 * (exit 2); col NULL, no --case, passes.
 */
void cases_check_column(const char *col, const char *also);

#endif
