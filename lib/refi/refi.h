/*
 * refi.h: REFI-QDA 1.0 exchange (tx-refi): codebooks (.qdc) and projects
 * (.qdpx, a zip of project.qde and the sources' plain text).
 *
 *   xml.c     the XML writer (escaping); the expat reader's guards and
 *             the archive's opening and reading are lib/office's
 *   zipio.c   archives: entries read by name into memory under a size
 *             limit, written with fixed dates (same input, same bytes)
 *   guid.c    GUIDs: checked, compared, and derived from names
 *   textmap.c Unicode code points <-> bytes of a document
 *   parse.c   a .qdc or project.qde parsed into struct refi_project
 *   sources.c a .qdc or .qdpx read whole: archive, sources, positions
 *   qdc.c     tx's codebook <-> .qdc
 *   import.c  a project's sources, spans and attributes
 *   export.c  codings and transcripts -> .qdpx
 *   check.c   what other tools trip on, as TSV
 *
 * Safety: an archive is read whole into memory and its entries by name;
 * nothing is ever extracted to a path taken from the archive. An entry
 * larger than the limit (counted as inflated, not taken from the header),
 * a CRC error, a DOCTYPE (so any entity) or malformed XML ends the tool
 * with exit 1, a message naming the file and entry, and nothing written.
 */
#ifndef TX_REFI_H
#define TX_REFI_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define REFI_MAX_ENTRY ((size_t)64 << 20)    /* default --max-entry */
#define REFI_DEPTH     256                   /* elements open at once */

/* ---- GUIDs (guid.c) ---- */

#define REFI_GUID_LEN 36
/*
 * A name-based GUID: UUID version 8 (RFC 9562, section 5.8 and appendix
 * B.2) made of SHA-256 over tx-refi's namespace and kind ":" name, so a
 * code keeps its GUID from one export to the next. out gets 36 characters
 * and a NUL.
 */
void refi_guid(char out[REFI_GUID_LEN + 1], const char *kind, const char *name);
/*
 * The GUID as compared: braces dropped, lower case; a new string. *quirk
 * gets 0 for a GUID as the schema wants it, 1 braced, 2 upper case, 3 not
 * a GUID at all.
 */
char *refi_guid_key(const char *s, int *quirk);

/* ---- XML writing (xml.c) ---- */

/*
 * s[0..n) escaped into b: & < > " always; in an attribute (attr 1) TAB,
 * LF and CR as character references so they survive attribute-value
 * normalisation; in content CR as &#13;. -1 (nothing more added) at a C0
 * control other than TAB, LF and CR, which XML 1.0 cannot hold.
 */
int xml_escape(struct buf *b, const char *s, size_t n, int attr);
/* name="value" with a space before it; -1 as xml_escape. */
int xml_attr(struct buf *b, const char *name, const char *value);

/* ---- archives (zipio.c) ---- */

struct refi_zip;
/* The archive held in data (kept by the caller); NULL and why if not one. */
struct refi_zip *zipio_open(const void *data, size_t n, char *why, size_t whylen);
void zipio_close(struct refi_zip *z);
size_t zipio_count(struct refi_zip *z);
const char *zipio_name(struct refi_zip *z, size_t i);
/* Index of the entry named name, compared caselessly; -1 if none. */
long zipio_find(struct refi_zip *z, const char *name);
/*
 * Entry i whole into b (NUL-terminated): 0, or -1 and why (larger than max
 * bytes inflated, a CRC error, a damaged entry).
 */
int zipio_read(struct refi_zip *z, size_t i, size_t max, struct buf *b,
    char *why, size_t whylen);

/* An archive made in memory: entries added, then its bytes. */
struct refi_zipw;
struct refi_zipw *zipw_new(int store);
/* Add a copy of data as entry name (deflated unless store, the fixed date). */
void zipw_add(struct refi_zipw *w, const char *name, const void *data, size_t n);
/* The archive's bytes into out; w is freed. */
void zipw_finish(struct refi_zipw *w, struct buf *out);
/* n bytes to path through a temporary file renamed into place; 0 or -1 said. */
int refi_write_file(const char *path, const char *s, size_t n);

/* ---- positions (textmap.c) ---- */

/*
 * The byte offsets out[] of the code points cp[] (n of them, ascending)
 * in s[0..len): a position at the end gives len, one past it SIZE_MAX.
 * With crlf_one a CR LF counts as one code point (as ATLAS.ti counts),
 * else as two. Returns the number of code points.
 */
size_t textmap_bytes(const char *s, size_t len, int crlf_one, const size_t *cp,
    size_t *out, size_t n);
/* v[0..n) in ascending order. */
void refi_sort_sizes(size_t *v, size_t n);
/* The number of bytes of a UTF-8 byte-order mark at s, 0 if none. */
size_t refi_bom(const char *s, size_t n);

/* ---- the model (parse.c, sources.c) ---- */

struct refi_code {
	char *name;             /* as written, a "/" made U+2215 */
	char *guid, *key;       /* as written; refi_guid_key's */
	char *desc;             /* trimmed, tx's block taken out; NULL if none */
	char *block;            /* tx's block of patterns (its lines); NULL */
	char *color;            /* #RRGGBB as written; NULL if none or bad */
	int codable;
	long parent;            /* index, -1 at the top; parents come first */
	long line;
	char *path;             /* names joined by "/" */
};

struct refi_user { char *guid, *key, *name, *id; long line; };
struct refi_var { char *key, *name, *type; long line; };
struct refi_value { long cas; long src; char *var; char *value; };
struct refi_case { char *key, *name; long line; };
/* A case's member: a SourceRef, or a coding of the source with the case. */
struct refi_member { long cas; char *src; };

struct refi_source {
	char *guid, *key, *name, *path;
	char *content;          /* PlainTextContent, NULL if none */
	long line;
	char *doc;              /* the file name --sources gives it, unique */
	char *text;             /* its plain text, BOM dropped; NULL: none */
	size_t len;
	size_t bom;             /* bytes of a BOM dropped */
	const char *entry;      /* the archive entry it came from */
};

struct refi_sel {
	long src;
	long long start, end;   /* code points */
	char *name;
	char *user;             /* its creatingUser's key, NULL if none */
	int comment;            /* a Description */
	size_t ncoding;
	long line;
	int ok;                 /* positions within its source's text */
	size_t bstart, bend;    /* then: bytes of the source's text */
};

struct refi_coding {
	long src, sel;          /* sel -1: the whole source */
	char *target, *user;    /* keys; user (else the selection's) NULL if none */
	long line;
	long code;              /* the code it names, -1 if none */
};

struct refi_quirk {
	const char *entry;
	long line;
	const char *kind;
	char *detail;
};

#define REFI_ARRAY(T, name) T *name; size_t n##name, cap##name
/* Room for arr[n], zeroed (n itself not moved). */
#define REFI_GROW(arr, n, cap) do {                                     \
	if ((n) == (cap)) {                                             \
		(cap) = (cap) ? 2 * (cap) : 16;                         \
		(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));        \
	}                                                               \
	memset(&(arr)[(n)], 0, sizeof(*(arr)));                         \
} while (0)

struct refi_project {
	const char *file;       /* as given */
	const char *entry;      /* the XML's entry name; NULL for a bare .qdc */
	int codebook_only;      /* the root was CodeBook */
	char *origin, *name;
	REFI_ARRAY(struct refi_code, code);
	REFI_ARRAY(struct refi_user, user);
	REFI_ARRAY(struct refi_var, var);
	REFI_ARRAY(struct refi_value, value);
	REFI_ARRAY(struct refi_case, cas);
	REFI_ARRAY(struct refi_member, member);
	REFI_ARRAY(struct refi_source, src);
	REFI_ARRAY(struct refi_sel, sel);
	REFI_ARRAY(struct refi_coding, coding);
	REFI_ARRAY(struct refi_quirk, quirk);
	size_t nother;          /* picture, PDF, audio, video sources */
	size_t empty_sets;
	struct refi_zip *zip;
	struct buf data, xml;   /* the file; the XML entry */
	char **entries;         /* names of the source entries read */
	size_t nentries;
};

struct refi_read_opts {
	size_t max_entry;       /* bytes an entry may inflate to */
	int crlf;               /* -1: by origin (ATLAS.ti: one), 0: two, 1: one */
	int keep_nodes;         /* keep NVivo's "Nodes" top level */
	int check;              /* --check: duplicate siblings are a quirk */
};

/*
 * Read a .qdc or .qdpx (by content: a zip or XML) with its sources' text.
 * What other tools trip on is noted in p->quirk; what cannot be read ends
 * the tool (exit 1) naming the file and entry. Duplicate sibling names are
 * an error naming both (exit 1).
 */
void refi_read(struct refi_project *p, const char *path,
    const struct refi_read_opts *o);
void refi_free(struct refi_project *p);
/* Within lib/refi: the XML of s into p (exit 1 on what cannot be read). */
void refi_parse(struct refi_project *p, const char *s, size_t n);
/* NVivo's "Nodes" taken away (unless o->keep_nodes), paths made, siblings checked. */
void refi_codes(struct refi_project *p, const struct refi_read_opts *o);
/* "file: entry:line: message" (entry NULL: "file:line: "), exit 1. */
_Noreturn void refi_die(const struct refi_project *p, const char *entry,
    long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A note of what the file holds that another tool may trip on. */
void refi_quirk(struct refi_project *p, const char *entry, long line,
    const char *kind, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Index of the case or user with that key, -1 if none. */
long refi_find_case(const struct refi_project *p, const char *key);
long refi_find_user(const struct refi_project *p, const char *key);
/* Whether a text source uses CRLF as one code point (see refi_read_opts). */
int refi_crlf_one(const struct refi_project *p, const struct refi_read_opts *o);

/* ---- codebooks (qdc.c) ---- */

/*
 * Patterns and excludes have no place in REFI: they go in a block at the
 * end of a code's Description, one line per regex, "pattern: " starting a
 * row of the codebook and "exclude: " the row's exclude, then the row's
 * rule columns that are not empty ("near: ", "window: ", ...; a Boolean
 * code's "rule: " after an empty "pattern:"), so that tx -> qdc -> tx
 * gives the codebook's rows back.
 */
#define REFI_BLOCK_OPEN  "-- tx patterns (tx-refi keeps them here; leave this block as it is) --"
#define REFI_BLOCK_CLOSE "-- end of tx patterns --"

struct refi_qdc_opts {
	int all_codable;        /* every code isCodable, themes too */
};
/*
 * tx's codebook (CSV or TSV, as tx-code reads it; an optional guid and
 * color column) as a .qdc on standard output, or into b (the Project's
 * <CodeBook> when project is 1). Exit 2 on a codebook that is wrong.
 */
struct refi_cbook;
struct refi_cbook *qdc_load(const char *path);
/* An empty codebook, for codings exported without one. */
struct refi_cbook *qdc_new(void);
void qdc_free(struct refi_cbook *cb);
/* Codes in the codebook's order; the GUID of a path, NULL if it has none. */
size_t qdc_ncode(const struct refi_cbook *cb);
const char *qdc_path(const struct refi_cbook *cb, size_t i);
const char *qdc_guid(const struct refi_cbook *cb, size_t i);
long qdc_find(const struct refi_cbook *cb, const char *path);
/* Add a code (and its ancestors) that the codings name and the codebook lacks. */
long qdc_add(struct refi_cbook *cb, const char *path, int codable);
void qdc_write(struct buf *b, const struct refi_cbook *cb,
    const struct refi_qdc_opts *o, int project, const char *file);
/* The codes of a .qdc or project read, as a codebook CSV on standard output. */
void qdc_to_csv(const struct refi_project *p);

/* ---- import (import.c) ---- */

/* Each text source as dir/<doc>.txt; 0 or EXIT_DATA reported. */
int refi_write_sources(const struct refi_project *p, const char *dir);
/* The spans stream (streams.h SPANS_COLS) on standard output. */
void refi_write_spans(struct refi_project *p, const struct refi_read_opts *o);
/* Cases and variables as CSV, one row per source: doc, case, variables. */
void refi_write_attrs(const struct refi_project *p);
/* What was read and left out, on standard error (tx_warn). */
void refi_report(const struct refi_project *p, int verbose);

/* ---- export (export.c) ---- */

struct refi_export_opts {
	const char *output;     /* -o */
	const char *codebook;   /* --codebook, or NULL */
	const char *doc_id;     /* --doc-id REGEX, or NULL */
	struct refi_qdc_opts qdc;
};
/* codings and transcripts -> o->output; 0, or EXIT_DATA reported. */
int refi_export(const struct refi_export_opts *o, const char *codings,
    char **transcripts, size_t ntranscripts);

/* ---- check (check.c) ---- */

/* p's quirks as TSV (streams.h CHECK_COLS) on standard output. */
void refi_write_check(const struct refi_project *p);

#endif
