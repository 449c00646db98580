/*
 * tx.h: what every tool shares: exit statuses, messages (tx_warn, the one
 * way to report: "tx-code: file:line: message"), allocation, usage and
 * version. The rest has a header of its own: out.h (checked output),
 * tsv.h (the streams), table.h (sheets), opt.h (option arguments),
 * utf8.h, file.h and buf.h (whole files), intern.h, sha256.h, streams.h.
 */
#ifndef TX_H
#define TX_H

#include <stdarg.h>
#include <stddef.h>

#define TX_VERSION "0.1.0"

/* Exit statuses of every tool. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

extern const char *progname;

/*
 * Set progname from argv[0], and argv[0] to progname so that getopt's own
 * messages name the tool ("tx-code: unrecognized option '--x'"); keep the
 * tool's usage function (NULL: none) for tx_usage_error; ignore SIGPIPE
 * (EPIPE is handled on write).
 */
void tx_init(char *argv[], void (*usage)(int status));

/* "progname: file:line: message\n" on stderr; file may be NULL, line 0 omits it. */
void tx_warn(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tx_vwarn(const char *file, long line, const char *fmt, va_list ap);
/* tx_warn, flush the complete records written so far, exit with status. */
_Noreturn void tx_die(int status, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * exit(status). Built with -DTX_FUZZ (the fuzz targets of tests/fuzz), it
 * longjmps to *tx_fuzz_jmp instead when that is set; otherwise it is exit.
 */
_Noreturn void tx_exit(int status);
/* Out of memory is not a data error: report and exit 1. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A tool's usage(status) calls tx_usage. --help (status 0): synopsis and
 * text to stdout, exit 0. A usage error (status 2): the synopsis and
 * "Try 'progname --help'." to stderr, exit 2. text may be NULL.
 */
_Noreturn void tx_usage(int status, const char *synopsis, const char *text);

/*
 * A usage error is a command line wrong in itself, whatever the input: an
 * unknown option, an option without its argument or with a bad one, a
 * missing operand, options that do not go together. tx_usage_error says
 * what as tx_warn does ("tx-count: --value: ..."), then ends the tool
 * through its usage(EXIT_USAGE), as getopt's errors do.
 */
_Noreturn void tx_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Print "progname VERSION" to stdout and exit 0. */
_Noreturn void tx_version(void);

#endif
