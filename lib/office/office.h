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

#endif
