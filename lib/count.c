/*
 * Counting codings into per-group, per-code tallies.
 *
 * Groups, codes and documents are interned once, into an arena, and named
 * by their index from then on; a segment is named by its document's index
 * and its number. A cell is a group and a code. What makes counts distinct
 * (a segment or a document once per group, once per cell) is kept in
 * arrays indexed by segment or document where the input comes in its
 * usual order, and in open hash maps of two indexes packed into 64 bits
 * where it does not (struct member, struct runset). A record costs no
 * allocation unless it brings a new key; the text is never kept.
 *
 * A stream grouped as tx-code writes it needs none of that (struct flat):
 * it is counted with stamps per group and per cell, in memory that does
 * not grow with its segments.
 *
 * Cases other than documents (counts_set_case) are interned like them,
 * and counted with the same structures: their rows are not together (a
 * witness speaks, then the chair), so their runs end in the maps, which
 * hold one entry per distinct (cell, case) pair, never one per segment.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "out.h"
#include "tsv.h"
#include "coder.h"
#include "count.h"
#include "intern.h"
#include "streams.h"

/* A map from two indexes packed in 64 bits to a 32-bit value. */
#define PAIRKEY(hi, lo) (((uint64_t)(hi) << 32) | (uint32_t)(lo))
#define EMPTYKEY UINT64_MAX

struct idmap {
	uint64_t *key;
	uint32_t *val;
	size_t cap, n;
};

static void
idmap_grow(struct idmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 1024;
	uint64_t *key = xmalloc(cap * sizeof(*key));
	uint32_t *val = xmalloc(cap * sizeof(*val));

	memset(key, 0xff, cap * sizeof(*key));
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (m->key[i] == EMPTYKEY)
			continue;
		for (j = mix64(m->key[i]) & (cap - 1); key[j] != EMPTYKEY;
		    j = (j + 1) & (cap - 1))
			;
		key[j] = m->key[i];
		val[j] = m->val[i];
	}
	free(m->key);
	free(m->val);
	m->key = key;
	m->val = val;
	m->cap = cap;
}

/*
 * The value of k, added with value v if absent (*isnew then 1). The pointer
 * holds until the next idmap_add on the same map.
 */
static uint32_t *
idmap_add(struct idmap *m, uint64_t k, uint32_t v, int *isnew)
{
	size_t j;

	if (2 * (m->n + 1) > m->cap)
		idmap_grow(m);
	for (j = mix64(k) & (m->cap - 1); m->key[j] != EMPTYKEY;
	    j = (j + 1) & (m->cap - 1))
		if (m->key[j] == k) {
			*isnew = 0;
			return &m->val[j];
		}
	m->key[j] = k;
	m->val[j] = v;
	m->n++;
	*isnew = 1;
	return &m->val[j];
}

/* The value of k, or NULL if absent. */
static uint32_t *
idmap_find(const struct idmap *m, uint64_t k)
{
	for (size_t j = m->cap ? mix64(k) & (m->cap - 1) : 0;
	    m->cap && m->key[j] != EMPTYKEY; j = (j + 1) & (m->cap - 1))
		if (m->key[j] == k)
			return &m->val[j];
	return NULL;
}

static void
idmap_free(struct idmap *m)
{
	free(m->key);
	free(m->val);
}

/* A segment carrying a code, kept for --cooccur. */
struct carry {
	uint32_t cell, seg;
};

/*
 * Which groups a segment (or document) is in, and whether it is coded
 * there: the first group in arrays indexed by its id, any other group
 * (a segment under two coders with --by coder) in a map.
 */
struct member {
	uint32_t *group;
	uint8_t *coded;
	size_t cap;
	struct idmap other;             /* group, id -> coded flag */
};

/*
 * The pairs (cell, id) seen, id a segment or a document. A codings stream
 * keeps each segment's rows together and each document's segments
 * together, so an id's rows mostly come in one run: during that first run
 * a cell stamped with the id has been seen, and the cells of the run are
 * logged; should the id come back after another, its log moves into a map
 * that answers for it from then on. Exact for any input order; no hashing
 * for the usual one.
 */
struct runset {
	uint32_t cur;                   /* the id in its first run */
	uint32_t *stamp;                /* cell -> last id that carried it */
	size_t capstamp;
	uint32_t *log;                  /* cells of the ids' first runs */
	size_t nlog, caplog;
	struct span {
		size_t start, len;
		int state;              /* 0 unseen, 1 first run, 2 in the map */
	} *span;
	size_t capspan;
	struct idmap map;               /* cell, id of ids that came back */
};

struct counts_maps {
	struct chunk *arena;
	struct strset groups, codes, docs, segnames;
	struct strset cases;            /* values of the case column, unless doc */
	int unit_fixed;                 /* counts_set_case, or a table, said it */
	struct idmap segs;              /* doc, seg number -> seg */
	struct segvec {                 /* or, for small numbers, by doc */
		uint32_t *id;           /* seg number -> seg + 1 */
		size_t cap;
		size_t n;               /* segments in id[] */
	} *docsegs;
	size_t capdocsegs;
	uint32_t nseg;
	struct idmap cells;             /* group, code -> cell */
	struct member gsegs, gdocs;
	struct runset csegs, cdocs;
	uint32_t *seg_doc;              /* seg -> case (its doc by default) */
	size_t capseg_doc;
	struct carry *carry;
	size_t ncarry, capcarry;
	size_t *gstart;                 /* first cell of each group, after finish */
	struct idmap gcases, ccases;    /* group or cell, case -> gcase, ccase */
	size_t capgcase, capccase;
	size_t *gcstart, *ccstart;      /* first case of each group, cell */
	char *key;                      /* group key being built */
	size_t capkey;
};

/* Grow an array of elements of size sz to hold index i, to at least first
 * elements; new ones zeroed. */
static void *
grow(void *p, size_t *cap, size_t i, size_t sz, size_t first)
{
	size_t cap2 = *cap ? *cap : first;

	if (i < *cap)
		return p;
	while (cap2 <= i)
		cap2 *= 2;
	p = xrealloc(p, cap2 * sz);
	memset((char *)p + *cap * sz, 0, (cap2 - *cap) * sz);
	*cap = cap2;
	return p;
}

/* Enter id into group g; 1 if it is new there. *became_coded: it was not
 * coded there and now is. */
static int
member_add(struct member *m, uint32_t id, uint32_t g, int coded,
    int *became_coded)
{
	size_t cap = m->cap;
	uint32_t *flag;
	int isnew;

	m->group = grow(m->group, &cap, id, sizeof(*m->group), 1024);
	m->coded = grow(m->coded, &m->cap, id, sizeof(*m->coded), 1024);
	*became_coded = 0;
	if (m->group[id] == 0 || m->group[id] == g + 1) {
		isnew = m->group[id] == 0;
		m->group[id] = g + 1;           /* 0: in no group yet */
		if (coded && !m->coded[id])
			*became_coded = m->coded[id] = 1;
		return isnew;
	}
	flag = idmap_add(&m->other, PAIRKEY(g, id), 0, &isnew);
	if (coded && *flag == 0)
		*became_coded = *flag = 1;
	return isnew;
}

static void
member_free(struct member *m)
{
	free(m->group);
	free(m->coded);
	idmap_free(&m->other);
}

/* Has (cell, id) been seen? Enter it; 1 if it is new. */
static int
runset_add(struct runset *rs, uint32_t cell, uint32_t id)
{
	struct span *sp;
	int isnew;

	if (id != rs->cur) {
		rs->span = grow(rs->span, &rs->capspan, id, sizeof(*rs->span), 1024);
		if (rs->cur != COUNT_NONE)
			rs->span[rs->cur].len = rs->nlog - rs->span[rs->cur].start;
		sp = &rs->span[id];
		rs->cur = COUNT_NONE;
		if (sp->state == 0) {
			sp->state = 1;
			sp->start = rs->nlog;
			rs->cur = id;
		} else if (sp->state == 1) {
			for (size_t i = sp->start; i < sp->start + sp->len; i++)
				idmap_add(&rs->map, PAIRKEY(rs->log[i], id), 0, &isnew);
			sp->state = 2;
		}
	}
	if (rs->cur != id) {
		idmap_add(&rs->map, PAIRKEY(cell, id), 0, &isnew);
		return isnew;
	}
	if (cell >= rs->capstamp) {
		size_t old = rs->capstamp;

		rs->stamp = grow(rs->stamp, &rs->capstamp, cell, sizeof(*rs->stamp), 1024);
		memset(rs->stamp + old, 0xff, (rs->capstamp - old) * sizeof(*rs->stamp));
	}
	if (rs->stamp[cell] == id)
		return 0;
	rs->stamp[cell] = id;
	rs->log = grow(rs->log, &rs->caplog, rs->nlog, sizeof(*rs->log), 1024);
	rs->log[rs->nlog++] = cell;
	return 1;
}

static void
runset_free(struct runset *rs)
{
	free(rs->stamp);
	free(rs->log);
	free(rs->span);
	idmap_free(&rs->map);
}

struct counts *
counts_new(char **by, size_t nby, int flags)
{
	struct counts *c = xcalloc(1, sizeof(*c));

	c->by = by;
	c->nby = nby;
	c->flags = flags;
	c->maps = xcalloc(1, sizeof(*c->maps));
	c->maps->csegs.cur = c->maps->cdocs.cur = COUNT_NONE;
	c->unit = xstrdup("doc");
	return c;
}

void
counts_free(struct counts *c)
{
	struct counts_maps *m = c->maps;

	strset_free(&m->groups);
	strset_free(&m->codes);
	strset_free(&m->docs);
	strset_free(&m->segnames);
	strset_free(&m->cases);
	idmap_free(&m->gcases);
	idmap_free(&m->ccases);
	free(m->gcstart);
	free(m->ccstart);
	free(c->gcase);
	free(c->ccase);
	free(c->unit);
	idmap_free(&m->segs);
	for (size_t i = 0; i < m->capdocsegs; i++)
		free(m->docsegs[i].id);
	free(m->docsegs);
	idmap_free(&m->cells);
	member_free(&m->gsegs);
	member_free(&m->gdocs);
	runset_free(&m->csegs);
	runset_free(&m->cdocs);
	free(m->seg_doc);
	free(m->carry);
	free(m->gstart);
	free(m->key);
	arena_free(m->arena);
	free(m);
	free(c->group);
	free(c->code);
	free(c->cell);
	free(c->pair);
	free(c);
}

char **
count_split(char *s, size_t *n)
{
	char **v = xcalloc(strlen(s) + 1, sizeof(*v));
	size_t k = 0;

	for (char *p = strtok(s, ","); p != NULL; p = strtok(NULL, ","))
		v[k++] = p;
	*n = k;
	return v;
}

long
count_parse(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (LONG_MAX - 9) / 10)
			return -1;
		v = 10 * v + (s[i] - '0');
	}
	return v;
}

/* Index of the group whose key is in m->key (keylen bytes). */
static uint32_t
group_id(struct counts *c, size_t keylen)
{
	struct counts_maps *m = c->maps;
	uint32_t g;
	int isnew;

	g = strset_add(&m->groups, &m->arena, m->key, keylen, &isnew);
	if (isnew) {
		if (c->ngroup == c->capgroup) {
			c->capgroup = c->capgroup ? 2 * c->capgroup : 16;
			c->group = xrealloc(c->group, c->capgroup * sizeof(*c->group));
		}
		memset(&c->group[g], 0, sizeof(c->group[g]));
		c->group[g].key = (char *)m->groups.ent[g].s;
		c->group[g].keylen = keylen;
		c->ngroup++;
	}
	return g;
}

/* Build the group key of the current record into m->key; its length. */
static size_t
group_key(struct counts *c, const struct tsv *t, const int *bycol)
{
	struct counts_maps *m = c->maps;
	size_t n = 0;

	if (m->key == NULL)
		m->key = xmalloc(m->capkey = 64);
	for (size_t i = 0; i < c->nby; i++) {
		size_t len = t->flen[bycol[i]];

		if (n + len + 1 > m->capkey) {
			m->capkey = 2 * (n + len + 1);
			m->key = xrealloc(m->key, m->capkey);
		}
		if (i > 0)
			m->key[n++] = '\0';
		memcpy(m->key + n, t->field[bycol[i]], len);
		n += len;
	}
	return n;
}

/*
 * Index of a code path; with roll-up its ancestors are entered too. A
 * new path deeper than COUNT_MAX_DEPTH levels is exit 1 naming t's line.
 */
static uint32_t
code_id(struct counts *c, struct tsv *t, const char *path, size_t len)
{
	struct counts_maps *m = c->maps;
	uint32_t k, parent = COUNT_NONE;
	const char *slash;
	size_t levels = 1;
	int isnew;

	k = strset_add(&m->codes, &m->arena, path, len, &isnew);
	if (!isnew)
		return k;
	for (const char *p = path; (p = memchr(p, '/', len - (size_t)(p - path)))
	    != NULL; p++)
		levels++;
	if (levels > COUNT_MAX_DEPTH)
		tsv_die(t, "a code of %zu levels, more than %d: a code path "
		    "this deep is refused (its counts grow with the square of "
		    "its depth)", levels, COUNT_MAX_DEPTH);
	if (c->ncode == c->capcode) {
		c->capcode = c->capcode ? 2 * c->capcode : 64;
		c->code = xrealloc(c->code, c->capcode * sizeof(*c->code));
	}
	c->code[k].path = (char *)m->codes.ent[k].s;
	c->code[k].len = len;
	c->code[k].parent = COUNT_NONE;
	c->ncode++;
	for (slash = path + len; slash > path && slash[-1] != '/'; slash--)
		;
	/* "A/B" rolls up into "A"; a leading '/' has no parent. */
	if ((c->flags & COUNT_ROLLUP) && slash - 1 > path)
		parent = code_id(c, t, path, (size_t)(slash - 1 - path));
	c->code[k].parent = parent;
	return k;
}

static uint32_t
cell_id(struct counts *c, uint32_t g, uint32_t k)
{
	uint32_t *v;
	int isnew;

	v = idmap_add(&c->maps->cells, PAIRKEY(g, k), (uint32_t)c->ncell, &isnew);
	if (isnew) {
		if (c->ncell == c->capcell) {
			c->capcell = c->capcell ? 2 * c->capcell : 256;
			c->cell = xrealloc(c->cell, c->capcell * sizeof(*c->cell));
		}
		memset(&c->cell[c->ncell], 0, sizeof(c->cell[c->ncell]));
		c->cell[c->ncell].group = g;
		c->cell[c->ncell].code = k;
		c->ncell++;
	}
	return *v;
}

static void
keep_carry(struct counts_maps *m, uint32_t cell, uint32_t seg)
{
	if (m->ncarry == m->capcarry) {
		m->capcarry = m->capcarry ? 2 * m->capcarry : 1024;
		m->carry = xrealloc(m->carry, m->capcarry * sizeof(*m->carry));
	}
	m->carry[m->ncarry].cell = cell;
	m->carry[m->ncarry++].seg = seg;
}

/* One more segment of case d in group or cell at (COUNT_CLUSTERS). */
static void
case_seg(struct idmap *map, struct count_case **v, size_t *n, size_t *cap,
    uint32_t at, uint32_t d)
{
	uint32_t *i;
	int isnew;

	i = idmap_add(map, PAIRKEY(at, d), (uint32_t)*n, &isnew);
	if (isnew) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 256;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[*n].at = at;
		(*v)[*n].id = d;
		(*v)[(*n)++].segs = 0;
	}
	(*v)[*i].segs++;
}

/* *sum += v, or exit 1 naming the record: a total is never wrapped. */
static void
add_checked(struct tsv *t, long *sum, long v, const char *what)
{
	if (__builtin_add_overflow(*sum, v, sum))
		tsv_die(t, "%s add up to more than %ld: the counts cannot be "
		    "summed (split the input, or check this row)", what, LONG_MAX);
}

/* One codings record: segment s of case d in group g carries code k0
 * (COUNT_NONE: no code). */
static void
count_record(struct counts *c, struct tsv *t, uint32_t g, uint32_t d,
    uint32_t s, uint32_t k0, long hits)
{
	struct counts_maps *m = c->maps;
	struct count_group *gr = &c->group[g];
	uint32_t k;
	int isnew, coded;

	isnew = member_add(&m->gsegs, s, g, k0 != COUNT_NONE, &coded);
	gr->total_segs += isnew;
	if (isnew && (c->flags & COUNT_CLUSTERS))
		case_seg(&m->gcases, &c->gcase, &c->ngcase, &m->capgcase, g, d);
	gr->coded_segs += coded;
	gr->total_docs += member_add(&m->gdocs, d, g, k0 != COUNT_NONE, &coded);
	gr->coded_docs += coded;
	if (k0 == COUNT_NONE) {
		add_checked(t, &gr->nocode_hits, hits, "hits");
		return;
	}
	for (k = k0; k != COUNT_NONE; k = c->code[k].parent) {
		uint32_t cell = cell_id(c, g, k);

		isnew = runset_add(&m->csegs, cell, s);
		c->cell[cell].segs += isnew;
		if (isnew && (c->flags & COUNT_PAIRS))
			keep_carry(m, cell, s);
		if (isnew && (c->flags & COUNT_CLUSTERS))
			case_seg(&m->ccases, &c->ccase, &c->nccase,
			    &m->capccase, cell, d);
		c->cell[cell].docs += runset_add(&m->cdocs, cell, d);
		add_checked(t, &c->cell[cell].hits, hits, "hits");
	}
}

/* The by columns of the stream, or exit 2 naming the one it lacks. */
static int *
by_columns(const struct counts *c, const struct tsv *t)
{
	int *col = xcalloc(c->nby, sizeof(*col));

	for (size_t i = 0; i < c->nby; i++)
		col[i] = tsv_need_by(t, c->by[i]);
	return col;
}

/* Last document, segment and case seen: consecutive records share them. */
struct recent {
	char *doc, *seg, *cas;
	size_t doclen, seglen, caslen, capdoc, capseg, capcas;
	uint32_t docid, segid, caseid;
	int valid, casevalid;
};

static int
same(const char *kept, size_t keptlen, const char *s, size_t n)
{
	return keptlen == n && memcmp(kept, s, n) == 0;
}

static void
keep(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
	if (n + 1 > *cap) {
		*cap = 2 * (n + 1);
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf, s, n);
	*len = n;
}

/* Index of a seg that is not a plain number, interned with its doc. */
static uint32_t
seg_name(struct counts_maps *m, uint32_t d, const char *seg, size_t seglen)
{
	char small[256], *key = seglen + 4 > sizeof(small) ? xmalloc(seglen + 4) : small;
	uint32_t sid;
	int isnew;

	memcpy(key, &d, 4);
	memcpy(key + 4, seg, seglen);
	sid = strset_add(&m->segnames, &m->arena, key, seglen + 4, &isnew);
	if (key != small)
		free(key);
	if (sid >= 0x80000000u)
		tx_die(EXIT_DATA, NULL, 0, "more than %u segments", 0x80000000u);
	return sid;
}

/*
 * The index of segment num of document d, m->nseg if it is new (*isnew).
 * Segments are numbered from 1 in each document, so small numbers index an
 * array of the document's; others go to a map. The array grows to a number
 * no further than twice the segments it holds: its length follows the
 * input, never a number in it. A number the map took while the array was
 * shorter stays there.
 */
static uint32_t
seg_index(struct counts_maps *m, uint32_t d, long num, int *isnew)
{
	struct segvec *v;
	uint32_t *in_map;

	m->docsegs = grow(m->docsegs, &m->capdocsegs, d, sizeof(*m->docsegs), 1024);
	v = &m->docsegs[d];
	if ((size_t)num >= v->cap && (size_t)num > 2 * v->n + 16)
		return *idmap_add(&m->segs, PAIRKEY(d, num), m->nseg, isnew);
	v->id = grow(v->id, &v->cap, (size_t)num, sizeof(*v->id), 16);
	if (v->id[num] == 0 && m->segs.n > 0 &&
	    (in_map = idmap_find(&m->segs, PAIRKEY(d, num))) != NULL) {
		*isnew = 0;
		return *in_map;
	}
	*isnew = v->id[num] == 0;
	if (*isnew) {
		v->id[num] = m->nseg + 1;       /* 0: no segment yet */
		v->n++;
	}
	return v->id[num] - 1;
}

/* Enter segment num of document d (seg_index's num); its index. */
static uint32_t
seg_enter(struct counts_maps *m, uint32_t d, long num)
{
	uint32_t s;
	int isnew;

	s = seg_index(m, d, num, &isnew);
	if (isnew) {
		if (m->nseg == UINT32_MAX - 1)
			tx_die(EXIT_DATA, NULL, 0, "more than %u segments", m->nseg);
		m->nseg++;
		if (s >= m->capseg_doc) {
			m->capseg_doc = m->capseg_doc ? 2 * m->capseg_doc : 1024;
			m->seg_doc = xrealloc(m->seg_doc,
			    m->capseg_doc * sizeof(*m->seg_doc));
		}
		m->seg_doc[s] = d;
	}
	return s;
}

/* A seg that is a number as tx-segment writes them (no leading zero,
 * below 2^31): its value; -1 if it is not one. */
static long
seg_number(const char *seg, size_t seglen)
{
	long num = seglen > 0 && (seg[0] != '0' || seglen == 1) ?
	    count_parse(seg, seglen) : -1;

	return num < 0x80000000L ? num : -1;
}

/* Intern the record's document and segment. */
static void
doc_seg_id(struct counts *c, struct recent *r, const char *doc, size_t doclen,
    const char *seg, size_t seglen)
{
	struct counts_maps *m = c->maps;
	uint32_t d;
	long num;
	int isnew;

	if (r->valid && same(r->doc, r->doclen, doc, doclen) &&
	    same(r->seg, r->seglen, seg, seglen))
		return;
	if (r->valid && same(r->doc, r->doclen, doc, doclen))
		d = r->docid;
	else
		d = strset_add(&m->docs, &m->arena, doc, doclen, &isnew);
	/* A segment number is its own key; any other seg is interned. */
	if ((num = seg_number(seg, seglen)) < 0)
		num = 0x80000000L | seg_name(m, d, seg, seglen);
	r->segid = seg_enter(m, d, num);
	r->docid = d;
	keep(&r->doc, &r->capdoc, &r->doclen, doc, doclen);
	keep(&r->seg, &r->capseg, &r->seglen, seg, seglen);
	r->valid = 1;
}

/* Intern the record's case (not a doc); the segment is the case's. */
static void
case_id(struct counts *c, struct recent *r, const char *v, size_t n)
{
	struct counts_maps *m = c->maps;
	int isnew;

	if (!r->casevalid || !same(r->cas, r->caslen, v, n)) {
		r->caseid = strset_add(&m->cases, &m->arena, v, n, &isnew);
		keep(&r->cas, &r->capcas, &r->caslen, v, n);
		r->casevalid = 1;
	}
	m->seg_doc[r->segid] = r->caseid;
}

void
counts_set_case(struct counts *c, const char *col)
{
	free(c->unit);
	c->unit = xstrdup(col);
	c->maps->unit_fixed = 1;
}

int
counts_case_is_doc(const struct counts *c)
{
	return strcmp(c->unit, "doc") == 0;
}

/*
 * A stream grouped as tx-code writes it (a document's rows together, its
 * segments in increasing number, a segment's rows together) is counted
 * without memory per segment: a group or cell stamped with the current
 * segment's (or document's) run has counted it. Memory follows the
 * groups, codes and cells, and the documents' names (to see one come
 * back) and, for --cases, their groups. Whether the stream is grouped
 * shows only as it is read, so each record is also written, in 24 bytes,
 * to a temporary file; at the first record out of that order the counts
 * start again from it with the maps (memory per segment), and go on with
 * them: the same counts either way.
 */
struct flat {
	uint32_t segrun, docrun;        /* the current runs, from 1 */
	long lastseg;                   /* the current segment's number */
	struct {                        /* the runs that counted the group */
		uint32_t seg, segcoded, doc, doccoded;
	} *gs;
	size_t capgs;
	struct {                        /* the runs that counted the cell */
		uint32_t seg, doc;
	} *cs;
	size_t capcs;
	FILE *spool;                    /* NULL: not counting flat */
	int spoolerr;                   /* errno of a failed write, or 0 */
};

struct spooled {
	uint32_t g, d, k, seg;          /* seg: its number */
	long hits;
};

/* An unnamed temporary file (tmp_fd); NULL if none. */
static FILE *
spool_open(void)
{
	FILE *f;
	int fd;

	if ((fd = tmp_fd()) < 0)
		return NULL;
	if ((f = fdopen(fd, "w+")) == NULL)
		close(fd);
	else    /* a write(2) a megabyte, not every 4 KB */
		setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

/*
 * Is the record's segment the current one, or the next in the order of a
 * grouped stream? Begin its run (and its document's) if it is the next.
 */
static int
flat_enter(struct counts *c, struct flat *fl, struct recent *r,
    const char *doc, size_t doclen, const char *seg, size_t seglen)
{
	struct counts_maps *m = c->maps;
	long num;
	int isnew;

	if (r->valid && same(r->doc, r->doclen, doc, doclen) &&
	    same(r->seg, r->seglen, seg, seglen))
		return 1;
	if ((num = seg_number(seg, seglen)) < 0 || fl->segrun == UINT32_MAX)
		return 0;
	if (r->valid && same(r->doc, r->doclen, doc, doclen)) {
		if (num <= fl->lastseg)
			return 0;
	} else {
		r->docid = strset_add(&m->docs, &m->arena, doc, doclen, &isnew);
		if (!isnew)
			return 0;
		fl->docrun++;
		keep(&r->doc, &r->capdoc, &r->doclen, doc, doclen);
	}
	fl->segrun++;
	fl->lastseg = num;
	keep(&r->seg, &r->capseg, &r->seglen, seg, seglen);
	r->valid = 1;
	return 1;
}

/* Stamp *at with run; 1 if it was not yet. */
static int
stamp(uint32_t *at, uint32_t run)
{
	if (*at == run)
		return 0;
	*at = run;
	return 1;
}

/* count_record for the current segment of a grouped stream. */
static void
flat_count(struct counts *c, struct tsv *t, struct flat *fl, uint32_t g,
    uint32_t d, uint32_t k, long hits)
{
	struct count_group *gr = &c->group[g];
	struct spooled rec = { g, d, k, (uint32_t)fl->lastseg, hits };
	int coded = k != COUNT_NONE, coded_now;

	/* One thread: no lock a record (fwrite takes the stream's each call). */
	if (fl->spoolerr == 0 &&
	    fwrite_unlocked(&rec, sizeof(rec), 1, fl->spool) != 1)
		fl->spoolerr = errno ? errno : EIO;
	fl->gs = grow(fl->gs, &fl->capgs, g, sizeof(*fl->gs), 16);
	gr->total_segs += stamp(&fl->gs[g].seg, fl->segrun);
	if (stamp(&fl->gs[g].doc, fl->docrun)) {
		gr->total_docs++;
		/* --cases checks its sheet against these: memory per case */
		if (c->flags & COUNT_MEMBERS)
			member_add(&c->maps->gdocs, d, g, 0, &coded_now);
	}
	if (coded) {
		gr->coded_segs += stamp(&fl->gs[g].segcoded, fl->segrun);
		gr->coded_docs += stamp(&fl->gs[g].doccoded, fl->docrun);
	}
	if (!coded) {
		add_checked(t, &gr->nocode_hits, hits, "hits");
		return;
	}
	for (; k != COUNT_NONE; k = c->code[k].parent) {
		uint32_t cell = cell_id(c, g, k);

		fl->cs = grow(fl->cs, &fl->capcs, cell, sizeof(*fl->cs), 256);
		c->cell[cell].segs += stamp(&fl->cs[cell].seg, fl->segrun);
		c->cell[cell].docs += stamp(&fl->cs[cell].doc, fl->docrun);
		add_checked(t, &c->cell[cell].hits, hits, "hits");
	}
}

/*
 * The stream is not grouped at t's record: count what came before it
 * again, from the spool, with the maps.
 */
static void
flat_replay(struct counts *c, struct flat *fl, struct tsv *t)
{
	struct spooled rec;

	if (c->flags & COUNT_VERBOSE)
		tx_warn(t->name, t->lineno, "note: the codings are not grouped "
		    "by document and segment (as tx-code writes them): counting "
		    "with memory per segment from here");
	if (fl->spoolerr == 0 && (fflush(fl->spool) != 0 ||
	    fseek(fl->spool, 0, SEEK_SET) != 0))
		fl->spoolerr = errno ? errno : EIO;
	if (fl->spoolerr != 0)
		tx_die(EXIT_DATA, t->name, t->lineno, "the codings are not "
		    "grouped by document and segment, and the temporary file "
		    "to count them again failed: %s (set TMPDIR to a folder "
		    "with room)", strerror(fl->spoolerr));
	for (size_t g = 0; g < c->ngroup; g++) {
		struct count_group *gr = &c->group[g];

		gr->total_segs = gr->total_docs = gr->nocode_hits = 0;
		gr->coded_segs = gr->coded_docs = 0;
	}
	for (size_t i = 0; i < c->ncell; i++)
		c->cell[i].segs = c->cell[i].docs = c->cell[i].hits = 0;
	/* count_record enters the documents in their groups anew */
	member_free(&c->maps->gdocs);
	memset(&c->maps->gdocs, 0, sizeof(c->maps->gdocs));
	while (fread(&rec, sizeof(rec), 1, fl->spool) == 1)
		count_record(c, t, rec.g, rec.d, seg_enter(c->maps, rec.d,
		    rec.seg), rec.k, rec.hits);
	if (ferror(fl->spool))
		tx_die(EXIT_DATA, t->name, t->lineno, "reading the temporary "
		    "file again: %s", strerror(errno));
	fclose(fl->spool);
	fl->spool = NULL;
}

static void
flat_free(struct flat *fl)
{
	if (fl->spool != NULL)
		fclose(fl->spool);
	free(fl->gs);
	free(fl->cs);
}

void
counts_add_codings(struct counts *c, struct tsv *t, const char *coder_hint)
{
	const char *hint = "not a codings stream (a segments stream? code it "
	    "with tx-code first)";
	int cdoc = tsv_need(t, "doc", hint), cseg = tsv_need(t, "seg", hint);
	int ccode = tsv_need(t, "code", hint), chits = tsv_need(t, "hits", hint);
	int *bycol = by_columns(c, t);
	int ccase = counts_case_is_doc(c) ? -1 : tsv_col(t, c->unit);
	struct coder_pick cp = { .hint = coder_hint };
	struct recent r = { 0 };
	struct flat fl = { 0 };
	size_t keylen, lastlen = 0;
	uint32_t g = 0, k;
	int haveg = 0;
	long hits;

	coder_start(&cp, t);
	/* A coder that is a --by column may vary: each is its own group. */
	for (size_t i = 0; i < c->nby; i++)
		if (cp.col == bycol[i])
			cp.col = -1;
	if (ccase < 0 && !counts_case_is_doc(c))
		tx_die(EXIT_USAGE, t->hdrname, 1, "no column \"%s\" to count as "
		    "the cases (--case)", c->unit);
	if (ccase < 0 && !(c->flags & (COUNT_PAIRS | COUNT_CLUSTERS)))
		fl.spool = spool_open();
	if (fl.spool == NULL && (c->flags & COUNT_VERBOSE))
		tx_warn(t->hdrname, 1, "note: counting with memory per segment "
		    "(%s)", ccase >= 0 ? "--case" : c->flags & COUNT_PAIRS ?
		    "--cooccur" : c->flags & COUNT_CLUSTERS ? "segments in cases" :
		    "no temporary file");
	while (tsv_next(t)) {
		keylen = group_key(c, t, bycol);
		if (!haveg || keylen != lastlen ||
		    memcmp(c->group[g].key, c->maps->key, keylen) != 0) {
			g = group_id(c, keylen);
			lastlen = keylen;
			haveg = 1;
		}
		if ((hits = count_parse(t->field[chits], t->flen[chits])) < 0)
			tsv_die(t, "hits \"%s\" is not a count", t->field[chits]);
		coder_keep(&cp, t);
		k = t->flen[ccode] > 0 ? code_id(c, t,
		    t->field[ccode], t->flen[ccode]) : COUNT_NONE;
		if (fl.spool != NULL) {
			if (flat_enter(c, &fl, &r, t->field[cdoc], t->flen[cdoc],
			    t->field[cseg], t->flen[cseg])) {
				flat_count(c, t, &fl, g, r.docid, k, hits);
				continue;
			}
			flat_replay(c, &fl, t);
			r.valid = 0;
		}
		doc_seg_id(c, &r, t->field[cdoc], t->flen[cdoc],
		    t->field[cseg], t->flen[cseg]);
		if (ccase >= 0)
			case_id(c, &r, t->field[ccase], t->flen[ccase]);
		count_record(c, t, g, ccase >= 0 ? r.caseid : r.docid, r.segid,
		    k, hits);
	}
	flat_free(&fl);
	c->ncase = ccase >= 0 ? c->maps->cases.n : c->maps->docs.n;
	free(r.doc);
	free(r.seg);
	free(r.cas);
	coder_end(&cp, t);
	free(bycol);
}

/* The columns of a counts table after its group columns (streams.h). */
#define NCOUNTS_COLS (sizeof(COUNTS_COLS) / sizeof(*COUNTS_COLS))
#define NCASE_COLS (sizeof(COUNTS_CASE_COLS) / sizeof(*COUNTS_CASE_COLS))

int
counts_is_table(const struct tsv *t)
{
	if (tsv_col(t, "segments") < 0 || tsv_col(t, "total_segments") < 0)
		return 0;
	return (tsv_col(t, "docs") >= 0 && tsv_col(t, "total_docs") >= 0) ||
	    (tsv_col(t, "cases") >= 0 && tsv_col(t, "total_cases") >= 0 &&
	    tsv_col(t, "case") >= 0);
}

/* Is name a column of a counts table of either unit? */
static int
counts_own_col(const char *name)
{
	for (size_t j = 0; j < NCOUNTS_COLS; j++)
		if (strcmp(name, COUNTS_COLS[j]) == 0)
			return 1;
	for (size_t j = 0; j < NCASE_COLS; j++)
		if (strcmp(name, COUNTS_CASE_COLS[j]) == 0)
			return 1;
	return 0;
}

char **
counts_table_by(const struct tsv *t, size_t *nby)
{
	char **by = xcalloc(t->ncol, sizeof(*by));
	size_t n = 0;

	for (size_t i = 0; i < t->ncol; i++)
		if (!counts_own_col(t->col[i]))
			by[n++] = xstrdup(t->col[i]);
	*nby = n;
	return by;
}

long
count_field(struct tsv *t, int col)
{
	long v = count_parse(t->field[col], t->flen[col]);

	if (v < 0)
		tsv_die(t, "%s \"%s\" is not a count", t->col[col], t->field[col]);
	return v;
}

/*
 * A group's totals are those of its empty-code rows: no code, and not the
 * empty code either, may have more segments or documents than that, or
 * every percentage after it is wrong. (Exit 1: the table is not tx-count's.)
 */
static void
check_table_totals(const struct counts *c, const struct tsv *t)
{
	const struct count_group *gr;
	const struct count_cell *cl;

	for (size_t g = 0; g < c->ngroup; g++) {
		gr = &c->group[g];
		if (gr->nocode_segs > gr->total_segs || gr->nocode_docs > gr->total_docs)
			tx_die(EXIT_DATA, t->hdrname, 0, "the empty code has %ld "
			    "segments in %ld docs, more than its group's total_segments "
			    "%ld or total_docs %ld: the counts do not add up",
			    gr->nocode_segs, gr->nocode_docs, gr->total_segs,
			    gr->total_docs);
	}
	for (size_t i = 0; i < c->ncell; i++) {
		cl = &c->cell[i];
		gr = &c->group[cl->group];
		if (!gr->has_empty_row)         /* counts_finish says so */
			continue;
		if (cl->segs > gr->total_segs || cl->docs > gr->total_docs)
			tx_die(EXIT_DATA, t->hdrname, 0, "code \"%.*s\" has %ld segments "
			    "in %ld docs, more than its group's total_segments %ld or "
			    "total_docs %ld: the counts do not add up",
			    (int)c->code[cl->code].len, c->code[cl->code].path,
			    cl->segs, cl->docs,
			    gr->total_segs, gr->total_docs);
	}
}

/* The unit of a table's row: doc, or its case column's value; a table of
 * another unit than c's is exit 2. */
static void
table_unit(struct counts *c, struct tsv *t, int ccase)
{
	const char *u = ccase < 0 ? "doc" : t->field[ccase];
	size_t n = ccase < 0 ? 3 : t->flen[ccase];

	if (strlen(c->unit) == n && memcmp(c->unit, u, n) == 0) {
		c->maps->unit_fixed = 1;
		return;
	}
	if (c->maps->unit_fixed)
		tx_die(EXIT_USAGE, t->name, t->lineno, "counts of %s and of "
		    "%.*s: counts of two units (--case) neither add up nor "
		    "compare; count both by one", c->unit, (int)n, u);
	if (n == 0)
		tsv_die(t, "case is empty: not a counts table (tx-count output)");
	free(c->unit);
	c->unit = xstrndup(u, n);
	c->maps->unit_fixed = 1;
}

void
counts_add_table(struct counts *c, struct tsv *t)
{
	const char *hint = "not a counts table (tx-count output)";
	int bydoc = tsv_col(t, "cases") < 0;
	const char *const *cols = bydoc ? COUNTS_COLS : COUNTS_CASE_COLS;
	int col[NCOUNTS_COLS], ccase, *bycol = by_columns(c, t);
	long v[NCOUNTS_COLS];
	uint32_t g;

	for (size_t i = 0; i < NCOUNTS_COLS; i++)
		col[i] = tsv_need(t, cols[i], hint);
	ccase = bydoc ? -1 : tsv_need(t, "case", hint);
	c->flags |= COUNT_MERGED;
	while (tsv_next(t)) {
		table_unit(c, t, ccase);
		g = group_id(c, group_key(c, t, bycol));
		for (size_t i = 1; i < NCOUNTS_COLS; i++)
			v[i] = count_field(t, col[i]);
		if (t->flen[col[0]] == 0) {
			struct count_group *gr = &c->group[g];

			add_checked(t, &gr->nocode_segs, v[1], cols[1]);
			add_checked(t, &gr->nocode_docs, v[2], cols[2]);
			add_checked(t, &gr->nocode_hits, v[3], cols[3]);
			add_checked(t, &gr->total_segs, v[4], cols[4]);
			add_checked(t, &gr->total_docs, v[5], cols[5]);
			gr->has_empty_row = 1;
		} else {
			uint32_t k = code_id(c, t, t->field[col[0]], t->flen[col[0]]);
			uint32_t cell = cell_id(c, g, k);       /* may move c->cell */
			struct count_cell *cl = &c->cell[cell];

			add_checked(t, &cl->segs, v[1], cols[1]);
			add_checked(t, &cl->docs, v[2], cols[2]);
			add_checked(t, &cl->hits, v[3], cols[3]);
		}
	}
	free(bycol);
	check_table_totals(c, t);
}

int
code_path_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *aend = a + alen, *bend = b + blen;

	while (a < aend && b < bend) {
		const char *as = memchr(a, '/', (size_t)(aend - a));
		const char *bs = memchr(b, '/', (size_t)(bend - b));
		size_t al = (as ? as : aend) - a, bl = (bs ? bs : bend) - b;
		int r = memcmp(a, b, al < bl ? al : bl);

		if (r != 0)
			return r;
		if (al != bl)
			return al < bl ? -1 : 1;
		a += al + (as != NULL);
		b += bl + (bs != NULL);
	}
	/* The shorter path is the ancestor and comes first. */
	return (a < aend) - (b < bend);
}

int
code_is_ancestor(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen < blen && memcmp(a, b, alen) == 0 && b[alen] == '/';
}

const char *
counts_group_value(const struct counts *c, size_t g, size_t i, size_t *n)
{
	const char *p = c->group[g].key, *end = p + c->group[g].keylen, *z;

	for (; i > 0; i--)
		p += strlen(p) + 1;     /* values hold no NUL */
	z = memchr(p, '\0', (size_t)(end - p));
	*n = (size_t)((z ? z : end) - p);
	return p;
}

/* qsort(3) has no context argument: the counts being sorted. */
static const struct counts *sorting;

static int
group_cmp(const void *x, const void *y)
{
	const struct count_group *a = x, *b = y;
	int r = memcmp(a->key, b->key, a->keylen < b->keylen ? a->keylen : b->keylen);

	if (r != 0)
		return r;
	return (a->keylen > b->keylen) - (a->keylen < b->keylen);
}

static int
code_cmp(const void *x, const void *y)
{
	const struct count_code *a = x, *b = y;

	return code_path_cmp(a->path, a->len, b->path, b->len);
}

static int
cell_cmp(const void *x, const void *y)
{
	const struct count_cell *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return (a->code > b->code) - (a->code < b->code);
}

/* A carry made sortable: group and code ranks, the segment. */
struct carry_key {
	uint32_t group, seg, code, cell;
};

static int
carry_cmp(const void *x, const void *y)
{
	const struct carry_key *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->seg != b->seg)
		return a->seg < b->seg ? -1 : 1;
	return (a->code > b->code) - (a->code < b->code);
}

static int
pair_cmp(const void *x, const void *y)
{
	const struct count_pair *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->code_a != b->code_a)
		return a->code_a < b->code_a ? -1 : 1;
	return (a->code_b > b->code_b) - (a->code_b < b->code_b);
}

/* Rank of each index after sorting arr (elements of size sz, index at 0). */
static uint32_t *
sort_ranks(void *arr, size_t n, size_t sz, int (*cmp)(const void *, const void *),
    uint32_t (*index_of)(const void *))
{
	uint32_t *rank = xcalloc(n, sizeof(*rank));

	if (n > 1)
		qsort(arr, n, sz, cmp);
	for (size_t i = 0; i < n; i++)
		rank[index_of((char *)arr + i * sz)] = (uint32_t)i;
	return rank;
}

/* Groups and codes know their old index through their interned string. */
static uint32_t
group_index(const void *p)
{
	const struct count_group *gr = p;
	struct strset *ss = &sorting->maps->groups;
	int isnew;

	return strset_add(ss, &sorting->maps->arena, gr->key, gr->keylen, &isnew);
}

static uint32_t
code_index(const void *p)
{
	const struct count_code *k = p;
	struct strset *ss = &sorting->maps->codes;
	int isnew;

	return strset_add(ss, &sorting->maps->arena, k->path, k->len, &isnew);
}

/* The pairs of codes carried by one segment (--cooccur). */
static void
make_pairs(struct counts *c, const uint32_t *cellpos)
{
	struct counts_maps *m = c->maps;
	struct carry_key *ck = xcalloc(m->ncarry, sizeof(*ck));
	struct idmap pairs = { 0 }, pdocs = { 0 };
	size_t cap = 0, i, j, end;

	for (i = 0; i < m->ncarry; i++) {
		const struct count_cell *cl = &c->cell[cellpos[m->carry[i].cell]];

		ck[i].group = cl->group;
		ck[i].code = cl->code;
		ck[i].seg = m->carry[i].seg;
		ck[i].cell = cellpos[m->carry[i].cell];
	}
	if (m->ncarry > 1)
		qsort(ck, m->ncarry, sizeof(*ck), carry_cmp);
	for (i = 0; i < m->ncarry; i = end) {
		for (end = i + 1; end < m->ncarry && ck[end].group == ck[i].group &&
		    ck[end].seg == ck[i].seg; end++)
			;
		for (size_t a = i; a < end; a++)
			for (size_t b = a + 1; b < end; b++) {
				const struct count_code *ka = &c->code[ck[a].code];
				const struct count_code *kb = &c->code[ck[b].code];
				uint32_t *p;
				int isnew;

				if (code_is_ancestor(ka->path, ka->len, kb->path, kb->len))
					continue;
				p = idmap_add(&pairs, PAIRKEY(ck[a].cell, ck[b].code),
				    (uint32_t)c->npair, &isnew);
				if (isnew) {
					if (c->npair == cap) {
						cap = cap ? 2 * cap : 256;
						c->pair = xrealloc(c->pair, cap * sizeof(*c->pair));
					}
					j = c->npair++;
					c->pair[j].group = ck[a].group;
					c->pair[j].code_a = ck[a].code;
					c->pair[j].code_b = ck[b].code;
					c->pair[j].segs = c->pair[j].docs = 0;
				}
				j = *p;
				c->pair[j].segs++;
				idmap_add(&pdocs, PAIRKEY(j, m->seg_doc[ck[a].seg]), 0, &isnew);
				c->pair[j].docs += isnew;
			}
	}
	if (c->npair > 1)
		qsort(c->pair, c->npair, sizeof(*c->pair), pair_cmp);
	idmap_free(&pairs);
	idmap_free(&pdocs);
	free(ck);
}

static int
case_cmp(const void *x, const void *y)
{
	const struct count_case *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Where each of n places (groups, cells) starts in v, sorted by place. */
static size_t *
case_starts(struct count_case *v, size_t nv, size_t n)
{
	size_t *start = xcalloc(n + 2, sizeof(*start));

	if (nv > 1)
		qsort(v, nv, sizeof(*v), case_cmp);
	for (size_t i = 0; i < nv; i++)
		start[v[i].at + 1]++;
	for (size_t i = 0; i < n; i++)
		start[i + 1] += start[i];
	return start;
}

/* The segments of each case by group and by cell, at their new places. */
static void
sort_cases(struct counts *c, const uint32_t *grank, const uint32_t *cellpos)
{
	for (size_t i = 0; i < c->ngcase; i++)
		c->gcase[i].at = grank[c->gcase[i].at];
	for (size_t i = 0; i < c->nccase; i++)
		c->ccase[i].at = cellpos[c->ccase[i].at];
	c->maps->gcstart = case_starts(c->gcase, c->ngcase, c->ngroup);
	c->maps->ccstart = case_starts(c->ccase, c->nccase, c->ncell);
}

const struct count_case *
counts_group_cases(const struct counts *c, size_t g, size_t *n)
{
	const size_t *st = c->maps->gcstart;

	*n = st == NULL ? 0 : st[g + 1] - st[g];
	return *n > 0 ? c->gcase + st[g] : NULL;
}

const struct count_case *
counts_cell_cases(const struct counts *c, const struct count_cell *cl,
    size_t *n)
{
	const size_t *st = c->maps->ccstart;
	size_t i = (size_t)(cl - c->cell);

	*n = st == NULL ? 0 : st[i + 1] - st[i];
	return *n > 0 ? c->ccase + st[i] : NULL;
}

void
counts_finish(struct counts *c)
{
	struct counts_maps *m = c->maps;
	uint32_t *grank, *crank, *cellpos;
	struct count_cell *old;

	for (size_t g = 0; g < c->ngroup; g++) {
		struct count_group *gr = &c->group[g];

		if (gr->has_empty_row)
			continue;       /* from a counts table: summed as read */
		if (c->flags & COUNT_MERGED)
			tx_die(EXIT_DATA, NULL, 0, "group \"%s\" has no row with an "
			    "empty code: not a whole counts table (tx-count output)",
			    gr->key);
		gr->nocode_segs = gr->total_segs - gr->coded_segs;
		gr->nocode_docs = gr->total_docs - gr->coded_docs;
	}
	sorting = c;
	grank = sort_ranks(c->group, c->ngroup, sizeof(*c->group), group_cmp,
	    group_index);
	crank = sort_ranks(c->code, c->ncode, sizeof(*c->code), code_cmp,
	    code_index);
	for (size_t k = 0; k < c->ncode; k++)
		if (c->code[k].parent != COUNT_NONE)
			c->code[k].parent = crank[c->code[k].parent];
	/* Cells: ranks for indexes, sorted; cellpos maps old to new place. */
	old = xcalloc(c->ncell ? c->ncell : 1, sizeof(*old));
	for (size_t i = 0; i < c->ncell; i++) {
		c->cell[i].group = grank[c->cell[i].group];
		c->cell[i].code = crank[c->cell[i].code];
		old[i] = c->cell[i];
	}
	if (c->ncell > 1)
		qsort(c->cell, c->ncell, sizeof(*c->cell), cell_cmp);
	cellpos = xcalloc(c->ncell ? c->ncell : 1, sizeof(*cellpos));
	for (size_t i = 0; i < c->ncell; i++) {
		const struct count_cell *hit = bsearch(&old[i], c->cell, c->ncell,
		    sizeof(*c->cell), cell_cmp);

		cellpos[i] = (uint32_t)(hit - c->cell);
	}
	m->gstart = xcalloc(c->ngroup + 1, sizeof(*m->gstart));
	for (size_t i = 0; i < c->ncell; i++)
		m->gstart[c->cell[i].group + 1]++;
	for (size_t g = 0; g < c->ngroup; g++)
		m->gstart[g + 1] += m->gstart[g];
	if (c->flags & COUNT_PAIRS)
		make_pairs(c, cellpos);
	if (c->flags & COUNT_CLUSTERS)
		sort_cases(c, grank, cellpos);
	sorting = NULL;
	free(old);
	free(cellpos);
	free(grank);
	free(crank);
}

struct count_cell *
counts_group_cells(const struct counts *c, size_t g, size_t *n)
{
	*n = c->maps->gstart[g + 1] - c->maps->gstart[g];
	/* With no cells at all c->cell is NULL, and NULL + 0 is undefined. */
	return *n > 0 ? c->cell + c->maps->gstart[g] : c->cell;
}

const struct count_cell *
counts_cell(const struct counts *c, size_t g, size_t k)
{
	struct count_cell key = { .group = (uint32_t)g, .code = (uint32_t)k };
	size_t n;
	struct count_cell *first = counts_group_cells(c, g, &n);

	if (n == 0)             /* bsearch's base may not be NULL */
		return NULL;
	return bsearch(&key, first, n, sizeof(*first), cell_cmp);
}

/* Index of key in the sorted array base, or -1. */
static long
sorted_index(const void *key, const void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	const char *hit = n == 0 ? NULL : bsearch(key, base, n, size, cmp);

	return hit ? (long)((size_t)(hit - (const char *)base) / size) : -1;
}

long
counts_code_index(const struct counts *c, const char *path, size_t len)
{
	struct count_code key = { .path = (char *)path, .len = len };

	return sorted_index(&key, c->code, c->ncode, sizeof(*c->code), code_cmp);
}

long
counts_group_index(const struct counts *c, const char *key, size_t len)
{
	struct count_group k = { .key = (char *)key, .keylen = len };

	return sorted_index(&k, c->group, c->ngroup, sizeof(*c->group),
	    group_cmp);
}

/* The interned cases: the documents, or the values of the case column. */
static const struct strset *
case_set(const struct counts *c)
{
	return counts_case_is_doc(c) ? &c->maps->docs : &c->maps->cases;
}

long
counts_case_id(const struct counts *c, const char *v, size_t n)
{
	return strset_find(case_set(c), v, n);
}

const char *
counts_case_name(const struct counts *c, uint32_t id, size_t *n)
{
	*n = case_set(c)->ent[id].len;
	return case_set(c)->ent[id].s;
}

long
counts_group_find(const struct counts *c, const char *key, size_t len)
{
	return strset_find(&c->maps->groups, key, len);
}

int
counts_case_in(const struct counts *c, uint32_t id, uint32_t g)
{
	const struct member *mb = &c->maps->gdocs;

	if (id < mb->cap && mb->group[id] == g + 1)
		return 1;
	return idmap_find(&mb->other, PAIRKEY(g, id)) != NULL;
}

void
counts_add_empty_case(struct counts *c, const char *key, size_t len)
{
	struct counts_maps *m = c->maps;
	uint32_t g;

	if (m->capkey < len + 1) {
		m->capkey = 2 * (len + 1);
		m->key = xrealloc(m->key, m->capkey);
	}
	memcpy(m->key, key, len);
	g = group_id(c, len);
	c->group[g].total_docs++;
	c->group[g].nosegs_docs++;
}

struct counts *
counts_of_codings(char **by, size_t nby, struct tsv *t, const char *coder_hint)
{
	struct counts *c = counts_new(by, nby, COUNT_ROLLUP);

	counts_add_codings(c, t, coder_hint);
	counts_finish(c);
	return c;
}

size_t
code_path_cut(const char *s, size_t n, int depth)
{
	int level = 1;

	for (size_t i = 0; depth > 0 && i < n; i++)
		if (s[i] == '/' && level++ == depth)
			return i;
	return n;
}

long
code_in_codebook(const struct strset *known, struct tsv *t, int ccode,
    const char *codebook)
{
	long k = strset_find(known, t->field[ccode], t->flen[ccode]);

	if (k < 0)
		tx_die(EXIT_USAGE, t->name, t->lineno, "code \"%s\" is not in "
		    "the codebook %s", t->field[ccode], codebook);
	return k;
}
