/* The page in Markdown. */
#include <string.h>

#include "out.h"
#include "report/report.h"


/*
 * Blocks (paragraphs, tables, lists) are separated by one blank line:
 * each starts with md_block(), which writes the blank line the previous
 * block left owing, so the page ends with one line end.
 */
static int md_owing;

static void
md_block(void)
{
	if (md_owing)
		out_char('\n');
	md_owing = 1;
}

static void
md_corpus(struct report *r, const char *cmd)
{
	md_block();
	out_str("## Corpus\n");
	md_block();
	out_str("| ");
	pen_text(REPORT_MD, r->o->by);
	out_str(" | ");
	pen_corpus_cases(r);
	out_printf(" | segments | coded segments |\n|---|--:|--:|--:|%s\n",
	    r->o->cases != NULL ? "--:|" : "");
	for (int g = 0; g < r->k; g++) {
		const struct count_group *cg = &r->c->group[r->group[g].cg];

		out_str("| ");
		pen_text(REPORT_MD, r->group[g].label);
		out_printf(" | %ld", cg->total_docs);
		if (r->o->cases != NULL)
			out_printf(" | %ld", cg->nosegs_docs);
		out_printf(" | %ld | %ld |\n", cg->total_segs, cg->coded_segs);
	}
	md_block();
	out_str("- Coders: ");
	pen_coders(r);
	out_str("\n- Codebook: ");
	pen_codebook_words(r);
	out_str("\n- Comparison: ");
	pen_comparison_words(r);
	out_str("\n- Inputs: ");
	pen_inputs(r);
	out_str("\n- Provenance: ");
	pen_provenance_words(r);
	out_printf("\n- Made: %s, tx " TX_VERSION "\n- Command:\n", r->date);
	md_block();
	out_printf("    %s\n", cmd);
}

static void
md_heatmap(struct report *r)
{
	md_block();
	out_str("## Codes by ");
	pen_text(REPORT_MD, r->o->by);
	out_char('\n');
	md_block();
	out_printf("%% of each group's %s that carry the code; beside each "
	    "row, the comparison's pattern (", r->unit);
	pen_tests(r, 0, r->ncode);
	out_str(r->unit_known ? "" : "; the unit is unknown: see Comparison");
	out_str(").\n");
	md_block();
	out_str("| code |");
	for (int g = 0; g < r->k; g++) {
		out_char(' ');
		pen_text(REPORT_MD, r->group[g].label);
		out_str(" |");
	}
	out_str(" pattern |\n|---|");
	for (int g = 0; g < r->k; g++)
		out_str("--:|");
	out_str("---|\n");
	for (size_t i = 0; i < r->ncode; i++) {
		const struct report_code *rc = &r->code[r->order[i]];

		out_str(rc->depth == 0 ? "| **" : "| ");
		pen_code_name(REPORT_MD, rc);
		out_str(rc->depth == 0 ? "** |" : " |");
		for (int g = 0; g < r->k; g++) {
			out_char(' ');
			pen_pct(REPORT_MD, compare_pct(rc->a[g], r->group[g].total));
			out_str(" |");
		}
		out_char(' ');
		pen_text(REPORT_MD, report_pattern(r, rc));
		out_str(" |\n");
	}
}

static void
md_table(struct report *r, size_t from, size_t to)
{
	md_block();
	pen_table_caption(r, from, to);
	out_char('\n');
	md_block();
	out_str("| code |");
	for (int g = 0; g < r->k; g++) {
		out_char(' ');
		pen_text(REPORT_MD, r->group[g].label);
		out_printf(" %s | %% |", r->unit);
	}
	out_str(" p | q | h | pattern |\n|---|");
	for (int g = 0; g < r->k; g++)
		out_str("--:|--:|");
	out_str("--:|--:|--:|---|\n");
	for (size_t i = from; i < to; i++) {
		const struct report_code *rc = &r->code[r->order[i]];

		out_str(rc->depth == 0 ? "| **" : "| ");
		pen_code_name(REPORT_MD, rc);
		out_str(rc->depth == 0 ? "** |" : " |");
		pen_row_cells(r, rc, REPORT_MD);
		out_char('\n');
	}
}

static void
md_quotes(struct report *r, const struct report_code *rc)
{
	md_block();
	out_str("### ");
	pen_subpath(REPORT_MD, rc);
	out_char('\n');
	if (rc->depth > 0 && rc->cb != NULL && rc->cb->desc != NULL) {
		md_block();
		out_char('*');
		pen_text(REPORT_MD, rc->cb->desc);
		out_str("*\n");
	}
	for (int g = 0; g < r->k; g++) {
		const struct quote_cell *cell = quotes_of(r, rc, g);

		md_block();
		pen_isolated(REPORT_MD, r->group[g].label);
		out_printf(" (%ld of %ld %s):\n", rc->a[g], r->group[g].total,
		    r->unit);
		md_block();
		if (cell == NULL || cell->n == 0) {
			out_str("- no segments\n");
			continue;
		}
		for (size_t i = 0; i < cell->n; i++) {
			out_str("- ");
			quote_put(r, rc, &cell->q[i]);
			out_char('\n');
		}
	}
}

void
report_md(struct report *r, const char *title, const char *cmd)
{
	md_block();
	out_str("# ");
	pen_text(REPORT_MD, title);
	out_char('\n');
	md_block();
	out_printf("Made on %s by tx-report " TX_VERSION ".\n", r->date);
	if (r->c == NULL) {
		md_block();
		out_str("The input is empty: there is nothing to report.\n");
		md_block();
		out_printf("    %s\n", cmd);
		return;
	}
	md_corpus(r, cmd);
	if (r->ncode > 0)
		md_heatmap(r);
	else {
		md_block();
		out_str("No segment carries a code.\n");
	}
	for (size_t from = 0, to; from < r->ncode; from = to) {
		const struct report_code *theme = &r->code[r->order[from]];

		to = report_theme_end(r, from);
		md_block();
		out_str("## ");
		pen_text(REPORT_MD, theme->path);
		out_char('\n');
		if (theme->cb != NULL && theme->cb->desc != NULL) {
			md_block();
			pen_text(REPORT_MD, theme->cb->desc);
			out_char('\n');
		}
		md_table(r, from, to);
		for (size_t i = from; i < to && r->o->quotes > 0; i++) {
			const struct report_code *rc = &r->code[r->order[i]];

			if (rc->depth > 0 || quotes_any(r, rc))
				md_quotes(r, rc);
		}
	}
}
