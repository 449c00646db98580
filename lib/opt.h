/* opt.h: option arguments, checked the same way in every tool. */
#ifndef TX_OPT_H
#define TX_OPT_H

#include <stddef.h>

/*
 * An option's argument, else a usage error naming opt and what was given:
 * a whole number (opt_whole, digits only) or a number (opt_real) from lo
 * to hi; or one of words (opt_word, a NULL-terminated list), as its index.
 */
long long opt_whole(const char *opt, const char *s, long long lo, long long hi);
double opt_real(const char *opt, const char *s, double lo, double hi);
int opt_word(const char *opt, const char *s, const char *const *words);

/*
 * A value that a stream or page will carry must be UTF-8. opt_utf8: an
 * option's value, else a usage error. opt_utf8_path: a file name that
 * becomes a value (a doc id, a where), else exit 2 naming it. Both show
 * the bad bytes as \xe9, so that the message itself is UTF-8.
 */
void opt_utf8(const char *opt, const char *s);
void opt_utf8_path(const char *path);

#endif
