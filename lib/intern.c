/*
 * Interned strings: an arena that owns their bytes, and a set that gives
 * each distinct string a small index. What the aggregating tools key on
 * (groups, codes, documents, coders) is interned once, never the text.
 * A map from strings to numbers is such a set with a value per index.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "tx.h"

char *
arena_copy(struct chunk **arena, const char *s, size_t n)
{
	struct chunk *ch = *arena;
	char *p;

	if (ch == NULL || ch->cap - ch->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;

		ch = xmalloc(sizeof(*ch) + cap);
		ch->next = *arena;
		ch->used = 0;
		ch->cap = cap;
		*arena = ch;
	}
	p = ch->mem + ch->used;
	memcpy(p, s, n);
	p[n] = '\0';
	ch->used += n + 1;
	return p;
}

void
arena_free(struct chunk *ch)
{
	while (ch) {
		struct chunk *next = ch->next;

		free(ch);
		ch = next;
	}
}

/* A 64-bit hash of bytes, eight at a time (the mixing of splitmix64). */
uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ mix64(w)) * 0x100000001b3ULL;
	}
	w = 0;
	memcpy(&w, s, n);
	return mix64(h ^ w);
}

static void
strset_grow(struct strset *ss)
{
	size_t cap = ss->cap ? 2 * ss->cap : 256;
	uint32_t *slot = xcalloc(cap, sizeof(*slot));

	for (size_t i = 0; i < ss->n; i++) {
		size_t j = ss->ent[i].hash & (cap - 1);

		while (slot[j] != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(ss->slot);
	ss->slot = slot;
	ss->cap = cap;
}

/* The slot of s (hash h): where it is, or the empty one where it would go. */
static size_t
strset_slot(const struct strset *ss, const char *s, size_t n, uint64_t h)
{
	size_t j;

	for (j = h & (ss->cap - 1); ss->slot[j] != 0; j = (j + 1) & (ss->cap - 1)) {
		const struct strent *e = &ss->ent[ss->slot[j] - 1];

		if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0)
			break;
	}
	return j;
}

/* Index of s, added (copied into the arena) if new; *isnew says which. */
uint32_t
strset_add(struct strset *ss, struct chunk **arena, const char *s, size_t n,
    int *isnew)
{
	uint64_t h = hash_bytes(s, n);
	size_t j;

	if (2 * (ss->n + 1) > ss->cap)
		strset_grow(ss);
	j = strset_slot(ss, s, n, h);
	if (ss->slot[j] != 0) {
		*isnew = 0;
		return ss->slot[j] - 1;
	}
	if (ss->n == UINT32_MAX - 1)
		tx_die(EXIT_DATA, NULL, 0, "more than %u distinct keys", UINT32_MAX - 1);
	if (ss->n == ss->capent) {
		ss->capent = ss->capent ? 2 * ss->capent : 256;
		ss->ent = xrealloc(ss->ent, ss->capent * sizeof(*ss->ent));
	}
	ss->ent[ss->n].s = arena_copy(arena, s, n);
	ss->ent[ss->n].len = n;
	ss->ent[ss->n].hash = h;
	ss->slot[j] = (uint32_t)ss->n + 1;
	*isnew = 1;
	return (uint32_t)ss->n++;
}

/* Index of s, or -1 if the set does not hold it. */
long
strset_find(const struct strset *ss, const char *s, size_t n)
{
	size_t j;

	if (ss->n == 0)
		return -1;
	j = strset_slot(ss, s, n, hash_bytes(s, n));
	return ss->slot[j] != 0 ? (long)ss->slot[j] - 1 : -1;
}

void
strset_free(struct strset *ss)
{
	free(ss->slot);
	free(ss->ent);
}

/* A map's value of s, or -1 if it has none. */
long
strmap_get(const struct strmap *m, const char *s, size_t n)
{
	long i = strset_find(&m->set, s, n);

	return i < 0 ? -1 : m->val[i];
}

/* Set s's value, copying s into the map's arena if it is new. */
void
strmap_put(struct strmap *m, const char *s, size_t n, long val)
{
	int isnew;
	uint32_t i = strset_add(&m->set, &m->arena, s, n, &isnew);

	if (i >= m->capval) {
		m->capval = m->set.capent;
		m->val = xrealloc(m->val, m->capval * sizeof(*m->val));
	}
	m->val[i] = val;
}

void
strmap_free(struct strmap *m)
{
	strset_free(&m->set);
	arena_free(m->arena);
	free(m->val);
}
