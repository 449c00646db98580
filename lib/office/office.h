/*
 * office.h: the plain text of Word (.docx) and OpenDocument (.odt) files.
 *
 * The archive is read with libzip and its one document part (a .docx's
 * word/document.xml, an .odt's content.xml) with expat; nothing else in
 * the archive is looked at. What the text is:
 *
 *   - each paragraph is one line, in document order (.docx w:p; .odt
 *     text:p and text:h, list items included);
 *   - a tab is a TAB, a line break within a paragraph a LF (.docx w:tab,
 *     w:ptab, w:br of any type, w:cr; .odt text:tab, text:line-break), a
 *     non-breaking hyphen "-", .odt's text:s N spaces;
 *   - the text is the XML's character data as expat decodes it, UTF-8,
 *     with no whitespace stripped or collapsed (a .docx's only from w:t,
 *     an .odt's only from text: elements inside a paragraph);
 *   - tracked changes are taken as accepted: insertions kept, deletions
 *     and moved-away text left out (.docx w:del, w:moveFrom, and a
 *     paragraph mark deleted joins its paragraph to the next; .odt
 *     text:tracked-changes, which holds the deleted text);
 *   - comments and footnotes or endnotes are left out (in a .docx they
 *     are other parts; .odt office:annotation, text:note), as are headers
 *     and footers, and list numbers (computed by the word processor, not
 *     stored as text);
 *   - a table gives its cells' paragraphs one a line, row by row. Every
 *     cell holds at least one paragraph (both formats require it), so an
 *     empty cell gives an empty line; a cell merged away (.odt
 *     table:covered-table-cell) gives nothing;
 *   - a text box (or a shape's text) is kept: its paragraphs are lines of
 *     their own, after the line of the paragraph it is anchored in. Of a
 *     .docx's mc:AlternateContent only the first mc:Choice is read (Word
 *     writes each text box twice, the second time for old readers).
 *
 * Refused, as an error: a DOCTYPE (so any entity declaration, internal or
 * external, and any "billion laughs"), more than OFFICE_MAX bytes of XML
 * in the part (counted as read, not taken from the archive's header), more
 * than OFFICE_MAX bytes of text, elements nested OFFICE_DEPTH deep or
 * paragraphs (text boxes in text boxes) OFFICE_NEST deep.
 */
#ifndef OFFICE_H
#define OFFICE_H

#include <stddef.h>

#include <expat.h>
#include <zip.h>

#define OFFICE_MAX   ((size_t)64 << 20)  /* bytes of XML read, of text made */
#define OFFICE_DEPTH 1024               /* elements open at once */
#define OFFICE_NEST  16                 /* paragraphs open at once */

enum office_format { OFFICE_DOCX, OFFICE_ODT };

/*
 * The plain text (UTF-8, LF line ends, every line ended) of a document
 * held in memory. Returns 0 and sets *text (malloc'd, NUL-terminated, for
 * the caller to free) and *len; or returns -1 and why[] says what is wrong,
 * without the file's name (e.g. "not a zip archive (a .docx is one)",
 * "no word/document.xml in the archive", "word/document.xml:12: XML
 * declares a DOCTYPE (refused)", "the text passes 64 MiB").
 */
int office_text(const void *data, size_t size, enum office_format f,
    char **text, size_t *len, char *why, size_t whylen);

/* OFFICE_DOCX or OFFICE_ODT from a file name's extension (case-insensitive), else -1. */
int office_format_of(const char *path);

/*
 * What reads a zip of XML parts shares (here and tx-refi's .qdpx): the
 * archive opened from memory, an entry inflated under a limit, and an
 * expat parser that refuses what could read other files or blow up.
 */

#define OFFICE_CHUNK 65536      /* bytes inflated at a time */

/*
 * The zip archive data[0..size) (kept by the caller), read-only, its
 * central directory checked against the local headers (ZIP_CHECKCONS);
 * NULL and *ze set if it is not one or a damaged one.
 */
zip_t *office_zip_open(const void *data, size_t size, zip_error_t *ze);

/* How office_zip_read failed. */
enum office_zip_fail {
	OFFICE_ZIP_OPEN = 1,    /* the entry cannot be opened */
	OFFICE_ZIP_READ,        /* a damaged entry, a CRC error */
	OFFICE_ZIP_BIG,         /* it inflates past max */
	OFFICE_ZIP_TAKE         /* take() said stop */
};

/*
 * Entry i inflated OFFICE_CHUNK bytes at a time, each chunk given to
 * take(arg, s, n), then take(arg, "", 0) at its end. The bytes are counted
 * as they inflate (an entry's header may lie about its size): a chunk that
 * would pass max bytes is refused, not taken. Returns 0, or an
 * office_zip_fail with libzip's words in err (OFFICE_ZIP_OPEN, _READ);
 * take returns nonzero to stop.
 */
int office_zip_read(zip_t *za, zip_uint64_t i, size_t max,
    int (*take)(void *arg, const char *s, size_t n), void *arg,
    char *err, size_t errlen);

/* What an office_xml parser refused. */
enum office_refusal {
	OFFICE_REFUSE_DOCTYPE,  /* a DOCTYPE: any entity is declared in one */
	OFFICE_REFUSE_ENTITY,   /* an entity declaration */
	OFFICE_REFUSE_EXTERNAL  /* a reference to an external entity */
};

/*
 * An expat parser whose user data is the struct office_xml, so the
 * caller's struct begins with one and its handlers get the whole. A DOCTYPE
 * (so any entity, internal or external, and any "billion laughs"), an
 * entity declaration, a reference to an external entity call
 * refuse(x, what, words), words the usual ("XML declares a DOCTYPE
 * (refused)"); refuse must stop the parser (XML_StopParser). Parameter
 * entities are never parsed.
 */
struct office_xml {
	XML_Parser xp;
	void (*refuse)(struct office_xml *x, enum office_refusal what,
	    const char *words);
};
/* x->xp made, names split at nssep (0: not split), guarded; 0, or -1 out of memory. */
int office_xml_new(struct office_xml *x, char nssep,
    void (*refuse)(struct office_xml *, enum office_refusal, const char *));

#endif
