/* One coder's rows of a codings stream: see coder.h. */
#include <stdlib.h>
#include <string.h>

#include "coder.h"
#include "out.h"
#include "tx.h"

void
coder_start(struct coder_pick *p, struct tsv *t)
{
	p->col = tsv_col(t, "coder");
	p->first = NULL;
	p->firstlen = 0;
	p->rows = p->kept = 0;
	if (p->want != NULL && p->col < 0)
		tx_die(EXIT_USAGE, t->hdrname, 1, "--coder %s: the stream has no "
		    "coder column", p->want);
}

int
coder_keep(struct coder_pick *p, struct tsv *t)
{
	const char *v;
	size_t n;

	p->rows++;
	if (p->col < 0) {
		p->kept++;
		return 1;
	}
	v = t->field[p->col];
	n = t->flen[p->col];
	if (p->want != NULL) {
		if (strlen(p->want) != n || memcmp(p->want, v, n) != 0)
			return 0;
		p->kept++;
		return 1;
	}
	if (p->first == NULL) {
		p->first = xstrndup(v, n);
		p->firstlen = n;
	} else if (p->firstlen != n || memcmp(p->first, v, n) != 0) {
		tx_warn(t->name, t->lineno, "coders \"%s\" and \"%.*s\" in one "
		    "stream: %s", p->first, (int)n, v, p->hint);
		tx_exit(out_close(EXIT_USAGE));
	}
	p->kept++;
	return 1;
}

void
coder_end(struct coder_pick *p, struct tsv *t)
{
	free(p->first);
	p->first = NULL;
	if (p->want != NULL && p->kept == 0 && p->rows > 0)
		tx_die(EXIT_USAGE, t->hdrname, 1, "--coder %s: no row of the "
		    "stream has that coder", p->want);
}
