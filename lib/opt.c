/*
 * Numbers and words given to options. A bad one is a usage error (exit 2)
 * that names the option, what was given and what would do, the same in
 * every tool.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "tx.h"

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
