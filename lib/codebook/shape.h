/*
 * shape.h: what a codebook regex's source says about how it may be
 * matched fast (shape.c). Used by lib/codebook/prefilter.c and lib/codebook/codebook.c.
 *
 * Text that is ASCII, or whose only non-ASCII characters are "neutral"
 * (punctuation and symbols that are neither \w, \d nor \s to PCRE2 with
 * UCP, and fold to nothing: curly quotes, dashes, the pound sign ...),
 * can be matched byte by byte: a regex of ASCII source compiled without
 * UTF and UCP finds exactly what it finds with them, on ASCII text; and
 * on neutral text too, when the regex is "closed": nothing in it can
 * consume or test a non-ASCII byte (no ., no [^...], no \W \S \D \H \V
 * \h \v \R, no \p). See shape.c for the argument.
 *
 * A regex of one of the word shapes below matches whole words, or begins
 * at a word's start and stays inside it, where R is made of ASCII word
 * characters, \w, \d, classes of them, groups, alternatives and
 * quantifiers, and never matches the empty string:
 *
 *   SHAPE_WHOLE   \bR\b     every match is one whole word in R's language
 *   SHAPE_PREFIX  \bR\w*    every match is one whole word that begins with
 *                           a string of R's language
 *   SHAPE_START   \bR       every match begins a word that begins with a
 *                           string of R's language; where it ends is
 *                           PCRE2's to say
 *
 * so that counting its non-overlapping matches is counting such words.
 */
#ifndef TX_SHAPE_H
#define TX_SHAPE_H

#include <stddef.h>

enum { SHAPE_OTHER, SHAPE_WHOLE, SHAPE_PREFIX, SHAPE_START };

/* Text classes, from text_class(). */
enum { TEXT_OTHER, TEXT_ASCII, TEXT_NEUTRAL };

/* Whether src is ASCII without escapes that name other characters. */
int shape_ascii(const char *src);
/* Whether an ASCII src is closed (see above). */
int shape_closed(const char *src);
/* The word shape of src. */
int shape_of(const char *src);
/*
 * Whether src finds the same ends in a text alone as in the text between
 * two newlines (a batch scan): see shape.c.
 */
int shape_edge_safe(const char *src);
/* The class of valid UTF-8 text of n bytes. */
int text_class(const char *s, size_t n);
/*
 * Whether the byte c is a word character in ASCII (PCRE2's \w without
 * UCP): a table, as counting words walks every letter of every hit.
 */
extern const unsigned char shape_word_byte[256];
#define shape_word(c) (shape_word_byte[(unsigned char)(c)])

#endif
