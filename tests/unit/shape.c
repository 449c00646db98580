/*
 * shape: lib/codebook/shape.h from the command line, for tests/tx-code-engines.bats.
 *
 *   shape REGEX...    one line each: ascii closed shape
 *   shape -t          each line of standard input (\n, \t decoded): its class
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook/shape.h"

static const char *const shapes[] = { "other", "whole", "prefix", "start" };
static const char *const classes[] = { "other", "ascii", "neutral" };

static void
decode(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; r++) {
		if (r[0] == '\\' && r[1] == 'n')
			*w++ = '\n', r++;
		else if (r[0] == '\\' && r[1] == 't')
			*w++ = '\t', r++;
		else
			*w++ = *r;
	}
	*w = '\0';
}

int
main(int argc, char *argv[])
{
	char line[4096];

	if (argc == 2 && strcmp(argv[1], "-t") == 0) {
		while (fgets(line, sizeof(line), stdin) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			decode(line);
			printf("%s\n", classes[text_class(line, strlen(line))]);
		}
		return 0;
	}
	for (int i = 1; i < argc; i++)
		printf("%d %d %s\t%s\n", shape_ascii(argv[i]),
		    shape_closed(argv[i]), shapes[shape_of(argv[i])], argv[i]);
	return fflush(stdout) == 0 ? 0 : 1;
}
