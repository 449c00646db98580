/*
 * codebook: the lib/codebook.h API as later tools see it.
 *
 *   codebook FILE          every code in codebook order: index, parent,
 *                          depth, line, path, name, patterns and excludes
 *                          with their lines, description
 *   codebook FILE TEXT     the codes TEXT carries: path, hits, match
 *
 * Exit 0, or 2 if the codebook has an error (reported by codebook_load).
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tsv.h"
#include "tx.h"
#include "codebook/codebook.h"

static void
dump(const struct codebook *cb)
{
	out_printf("%zu codes, %zu regexes\n", cb->ncode, cb->npattern);
	for (size_t i = 0; i < cb->ncode; i++) {
		const struct cb_code *c = &cb->code[i];

		out_printf("%zu parent=%ld depth=%d line=%ld path=%s name=%s\n",
		    i, c->parent, c->depth, c->line, c->path, c->name);
		for (size_t k = 0; k < c->npat; k++)
			out_printf("  pattern %ld %s\n", c->pat[k].line, c->pat[k].src);
		for (size_t k = 0; k < c->nexcl; k++)
			out_printf("  exclude %ld %s\n", c->excl[k].line, c->excl[k].src);
		if (c->desc) {
			out_str("  description ");
			tsv_write_str(c->desc);
			out_char('\n');
		}
	}
}

static void
on_code(const struct cb_result *r, void *arg)
{
	const char *text = arg;

	out_printf("%s hits=%ld match=%.*s error=%d\n", r->code->path, r->hits,
	    (int)r->mlen, text + r->mstart, r->error);
}

int
main(int argc, char *argv[])
{
	struct codebook cb;
	size_t n;

	tx_init(argv, NULL);
	if (argc < 2 || argc > 3)
		tx_die(EXIT_USAGE, NULL, 0, "usage: codebook file [text]");
	if (codebook_load(&cb, argv[1]) != 0)
		return out_close(EXIT_USAGE);
	if (argc == 2)
		dump(&cb);
	else {
		codebook_prepare(&cb, NULL);
		n = codebook_match(&cb, argv[2], strlen(argv[2]), on_code, argv[2]);
		out_printf("%zu carried\n", n);
	}
	codebook_free(&cb);
	return out_close(EXIT_OK);
}
