/*
 * intern.h: interned strings for the tools that aggregate, and a map from
 * strings to numbers (tx-redact's key and word lists).
 *
 *   struct chunk *arena = NULL;
 *   struct strset ss = { 0 };
 *   uint32_t i = strset_add(&ss, &arena, s, n, &isnew);   ss.ent[i].s is a copy
 *   strset_free(&ss); arena_free(arena);
 *
 *   struct strmap m = { 0 };            strings to numbers, its own arena
 *   strmap_put(&m, s, n, 42); long v = strmap_get(&m, s, n);   -1: none
 *   strmap_free(&m);
 */
#ifndef TX_INTERN_H
#define TX_INTERN_H

#include <stddef.h>
#include <stdint.h>

/* An arena: strings that live as long as whatever keys on them. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	char mem[];
};

/* A NUL-terminated copy of s[0..n) in the arena. */
char *arena_copy(struct chunk **arena, const char *s, size_t n);
void arena_free(struct chunk *arena);

/* The splitmix64 finaliser, and a 64-bit hash of bytes made with it. */
uint64_t mix64(uint64_t x);
uint64_t hash_bytes(const char *s, size_t n);

/*
 * Index i names ent[i]. slot[] holds index + 1, 0 for an empty slot; the
 * table is kept at most half full.
 */
struct strset {
	uint32_t *slot;
	size_t cap;
	struct strent {
		const char *s;
		size_t len;
		uint64_t hash;
	} *ent;
	size_t n, capent;
};

/* Index of s, added (copied into the arena) if new; *isnew says which. */
uint32_t strset_add(struct strset *ss, struct chunk **arena, const char *s,
    size_t n, int *isnew);
/* Index of s, or -1 if the set does not hold it. */
long strset_find(const struct strset *ss, const char *s, size_t n);
void strset_free(struct strset *ss);

/*
 * Strings to numbers: a set that owns copies of the strings, and the value
 * of each index. The values are the caller's; strmap_get's -1 means none,
 * so a map that stores -1 cannot tell it from a string it lacks.
 */
struct strmap {
	struct strset set;
	struct chunk *arena;
	long *val;              /* val[i] is the value of set.ent[i] */
	size_t capval;
};

long strmap_get(const struct strmap *m, const char *s, size_t n);
void strmap_put(struct strmap *m, const char *s, size_t n, long val);
void strmap_free(struct strmap *m);

#endif
