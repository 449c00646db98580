/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz share (make fuzz).
 *
 * The library is built with -DTX_FUZZ, so that tx_exit() -- every error
 * path that would end a tool -- longjmps back here instead: FUZZ_TRY runs
 * its body once and comes back whether the body returns or "exits".
 * Standard output goes to /dev/null; out_close() closes it, so it is put
 * back before every run. Inputs reach the code under test as a file,
 * because that is how the tools read them.
 */
#ifndef TX_FUZZ_H
#define TX_FUZZ_H

#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "tx.h"

extern jmp_buf *tx_fuzz_jmp;
static jmp_buf fuzz_jmp;

/* Standard output to /dev/null, before every run. */
static void
fuzz_stdout(void)
{
	static int null = -1;

	if (null < 0 && (null = open("/dev/null", O_WRONLY)) < 0)
		abort();
	if (dup2(null, STDOUT_FILENO) < 0)
		abort();
}

/*
 * Run body; an error that would exit the tool comes back here. Locals
 * changed in body and read after it must be volatile.
 */
#define FUZZ_TRY(body) do {                                     \
	fuzz_stdout();                                          \
	tx_fuzz_jmp = &fuzz_jmp;                                \
	if (setjmp(fuzz_jmp) == 0) {                            \
		body;                                           \
	}                                                       \
	tx_fuzz_jmp = NULL;                                     \
	out_flush();                                            \
} while (0)

/*
 * data[0, n) as the file fuzz.<pid><ext> in $TMPDIR (default /tmp): the
 * same path every time, rewritten.
 */
static const char *
fuzz_file(const uint8_t *data, size_t n, const char *ext)
{
	static char path[4][256];
	static int next;
	const char *dir = getenv("TMPDIR");
	char *p = path[next++ % 4];
	FILE *fp;

	snprintf(p, sizeof(path[0]), "%s/fuzz.%ld.%d%s", dir ? dir : "/tmp",
	    (long)getpid(), next % 4, ext);
	if ((fp = fopen(p, "w")) == NULL || (n > 0 && fwrite(data, 1, n, fp) != n) ||
	    fclose(fp) != 0)
		abort();
	return p;
}

#endif
