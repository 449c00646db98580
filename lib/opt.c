/*
 * Numbers and words given to options. A bad one is a usage error (exit 2)
 * that names the option, what was given and what would do, the same in
 * every tool.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "tx.h"
#include "utf8.h"

long long
opt_whole(const char *opt, const char *s, long long lo, long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < lo || v > hi)
		tx_usage_error("%s: \"%s\" is not a number from "
		    "%lld to %lld", opt, s, lo, hi);
	return v;
}

double
opt_real(const char *opt, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !(v >= lo && v <= hi))
		tx_usage_error("%s: \"%s\" is not a number from "
		    "%g to %g", opt, s, lo, hi);
	return v;
}

int
opt_word(const char *opt, const char *s, const char *const *words)
{
	char *list;
	size_t n = 1;
	int i;

	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(s, words[i]) == 0)
			return i;
		n += strlen(words[i]) + 2;
	}
	/* "html, md": the choices in the order the tool gives them. */
	list = xmalloc(n);
	list[0] = '\0';
	for (i = 0; words[i] != NULL; i++) {
		if (i > 0)
			strcat(list, ", ");
		strcat(list, words[i]);
	}
	tx_usage_error("%s: \"%s\" is not one of %s", opt, s, list);
}

/* s with each byte of an invalid UTF-8 sequence written as \xHH. */
static char *
escaped(const char *s)
{
	size_t n = strlen(s), i = 0, ok, o = 0;
	char *e = xmalloc(4 * n + 1);

	while (i < n) {
		ok = utf8_check(s + i, n - i);
		memcpy(e + o, s + i, ok);
		o += ok;
		if ((i += ok) < n) {
			snprintf(e + o, 5, "\\x%02x", (unsigned char)s[i++]);
			o += 4;
		}
	}
	e[o] = '\0';
	return e;
}

void
opt_utf8(const char *opt, const char *s)
{
	if (utf8_check(s, strlen(s)) != strlen(s))
		tx_usage_error("%s: \"%s\" is not UTF-8", opt, escaped(s));
}

void
opt_utf8_path(const char *path)
{
	if (utf8_check(path, strlen(path)) != strlen(path))
		tx_die(EXIT_USAGE, NULL, 0, "%s: the file name is not UTF-8; "
		    "rename it (convmv -f latin1 -t utf8)", escaped(path));
}
