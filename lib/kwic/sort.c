/*
 * sort.c: rows written as they are made, or (--sort) held in one buffer
 * with their keys and written sorted, ties in input order.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tx.h"
#include "codebook/codebook.h"
#include "kwic/internal.h"

const char *const kwic_sort_words[] = { "left", "right", "match", "doc",
	NULL };

/* A held row: its bytes and its key in the store. */
struct kwic_held {
	size_t row, rowlen, key, keylen;
};

void
kwic_out_start(struct kwic_out *o, const struct kwic *k)
{
	o->sort = k->sort;
	o->withcode = k->cb != NULL;
	if (o->withcode) {
		o->vgen = xcalloc(k->cb->ncode, sizeof(*o->vgen));
		o->veto = xcalloc(k->cb->ncode, sizeof(*o->veto));
	}
}

void
kwic_out_row(struct kwic_out *o)
{
	struct kwic_held *h;

	if (o->sort == KWIC_SORT_NONE) {
		out_write(o->row.s, o->row.n);
		return;
	}
	if (o->nheld == o->capheld) {
		o->capheld = o->capheld ? 2 * o->capheld : 1024;
		o->held = xrealloc(o->held, o->capheld * sizeof(*o->held));
	}
	h = &o->held[o->nheld++];
	h->row = o->store.n;
	h->rowlen = o->row.n;
	buf_add(&o->store, o->row.s, o->row.n);
	h->key = o->store.n;
	h->keylen = o->key.n;
	buf_add(&o->store, o->key.s ? o->key.s : "", o->key.n);
}

static const char *sorted_store;        /* for by_key */

static int
by_key(const void *x, const void *y)
{
	const struct kwic_held *a = x, *b = y;
	size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
	int c = memcmp(sorted_store + a->key, sorted_store + b->key, n);

	if (c != 0)
		return c;
	if (a->keylen != b->keylen)
		return a->keylen < b->keylen ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;  /* input order */
}

void
kwic_out_end(struct kwic_out *o)
{
	if (o->nheld > 0) {
		sorted_store = o->store.s;
		qsort(o->held, o->nheld, sizeof(*o->held), by_key);
		for (size_t i = 0; i < o->nheld; i++)
			out_write(o->store.s + o->held[i].row,
			    o->held[i].rowlen);
	}
	free(o->held);
	free(o->vgen);
	free(o->veto);
	buf_free(&o->row);
	buf_free(&o->key);
	buf_free(&o->store);
	buf_free(&o->left);
	buf_free(&o->scratch);
}
