/* utf8.h: UTF-8 checks and counts. */
#ifndef TX_UTF8_H
#define TX_UTF8_H

#include <stddef.h>

/* UTF-8: offset of the first byte of an invalid sequence, or n if all valid. */
size_t utf8_check(const char *s, size_t n);
/* The characters of valid UTF-8 s[0..n): bytes that do not continue one. */
size_t utf8_chars(const char *s, size_t n);

#endif
