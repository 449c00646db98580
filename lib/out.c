/*
 * Checked, buffered standard output and error reporting.
 *
 * Output goes through one buffer written with write(2), so that a failed
 * write is seen where it happens: EPIPE (the reader went away, as with
 * `| head`) ends the tool quietly with exit 0; anything else (ENOSPC on a
 * full disk) is reported and ends it with exit 1.
 */
#define _GNU_SOURCE             /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "buf.h"
#include "out.h"
#include "tx.h"

#ifdef TX_FUZZ
#include <setjmp.h>
/*
 * Fuzz targets (tests/fuzz, built with -DTX_FUZZ) set this around one run,
 * so that an error that would end the tool returns to them instead.
 */
jmp_buf *tx_fuzz_jmp;
#endif

const char *progname = "tx";
static void (*tool_usage)(int status);  /* for tx_usage_error */

/*
 * 256 KiB: a codings stream is a gigabyte for a corpus of 50 MB, and each
 * write(2) into a pipe costs the more the smaller it is.
 */
static char outbuf[1 << 18];
static size_t outlen;
static int outpiped;            /* stdout's pipe grown (or not a pipe) */

void
tx_grow_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	/* Only an optimisation: a refusal (a user's pipe quota) is ignored. */
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, TX_PIPE_SIZE);
#else
	(void)fd;
#endif
}

void
tx_init(char *argv[], void (*usage)(int status))
{
	const char *slash = strrchr(argv[0], '/');

	progname = slash ? slash + 1 : argv[0];
	argv[0] = (char *)progname;
	tool_usage = usage;
	signal(SIGPIPE, SIG_IGN);
}

void
tx_vwarn(const char *file, long line, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	if (file && line > 0)
		fprintf(stderr, "%s:%ld: ", file, line);
	else if (file)
		fprintf(stderr, "%s: ", file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
tx_warn(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tx_vwarn(file, line, fmt, ap);
	va_end(ap);
}

void
tx_die(int status, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tx_vwarn(file, line, fmt, ap);
	va_end(ap);
	tx_exit(out_close(status));
}

void
tx_exit(int status)
{
#ifdef TX_FUZZ
	if (tx_fuzz_jmp != NULL)
		longjmp(*tx_fuzz_jmp, 256 + status);    /* never 0 */
#endif
	exit(status);
}

void
tx_version(void)
{
	out_printf("%s %s\n", progname, TX_VERSION);
	tx_exit(out_close(EXIT_OK));
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_DATA);
	}
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_DATA);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(EXIT_DATA);
	}
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* What a failed write means: EPIPE exit 0, others exit 1. */
static void
write_failed(void)
{
	if (errno == EPIPE)
		_exit(EXIT_OK);
	fprintf(stderr, "%s: write error: standard output: %s\n", progname,
	    strerror(errno));
	_exit(EXIT_DATA);
}

/* Write all of iov[0, n) (consumed as it goes). */
static void
writev_all(struct iovec *iov, int n)
{
	ssize_t w;

	if (!outpiped) {
		tx_grow_pipe(STDOUT_FILENO);
		outpiped = 1;
	}
	while (n > 0) {
		w = writev(STDOUT_FILENO, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			write_failed();
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
}

static void
write_all(const char *buf, size_t n)
{
	struct iovec iov = { (void *)buf, n };

	writev_all(&iov, 1);
}

/*
 * Pieces of standard output not yet written: stretches of outbuf and
 * memory out_ref referred to, in order. outbuf from outmark on is in none.
 */
static struct iovec outvec[1024];       /* Linux's IOV_MAX */
static int noutvec;
static size_t outmark;

static _Thread_local struct out_held *sink;     /* out_to */

void
out_to(struct out_held *h)
{
	sink = h;
}

void
out_flush(void)
{
	if (noutvec == 0) {
		if (outlen > 0)
			write_all(outbuf, outlen);
	} else {
		if (outlen > outmark)
			outvec[noutvec++] = (struct iovec){ outbuf + outmark,
			    outlen - outmark };
		writev_all(outvec, noutvec);
		noutvec = 0;
	}
	outlen = outmark = 0;
}

void
out_release(void)
{
	if (noutvec > 0)
		out_flush();
}

static void
held_add(struct out_held *h, const char *ref, size_t n)
{
	if (h->npiece == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->piece = xrealloc(h->piece, h->cap * sizeof(*h->piece));
	}
	h->piece[h->npiece++] = (struct out_piece){ ref, n };
}

/* Close the bytes h holds from h->open into a piece. */
static void
held_close(struct out_held *h)
{
	if (h->bytes.n > h->open)
		held_add(h, NULL, h->bytes.n - h->open);
	h->open = h->bytes.n;
}

void
out_ref(const void *p, size_t n)
{
	if (n < OUT_REF_MIN) {
		out_write(p, n);
		return;
	}
	if (sink != NULL) {
		held_close(sink);
		held_add(sink, p, n);
		return;
	}
	/* Two pieces here, and out_flush's last stretch of outbuf. */
	if (noutvec + 3 > (int)(sizeof(outvec) / sizeof(outvec[0])))
		out_flush();
	if (outlen > outmark)
		outvec[noutvec++] = (struct iovec){ outbuf + outmark,
		    outlen - outmark };
	outmark = outlen;
	outvec[noutvec++] = (struct iovec){ (void *)p, n };
}

void
out_held_clear(struct out_held *h)
{
	h->bytes.n = h->open = h->npiece = 0;
}

void
out_held_write(struct out_held *h)
{
	const char *bytes = h->bytes.s;

	held_close(h);
	if (h->npiece == 0)
		return;
	out_flush();
	for (size_t i = 0; i < h->npiece; i++) {
		const struct out_piece *pc = &h->piece[i];

		if (noutvec == (int)(sizeof(outvec) / sizeof(outvec[0]))) {
			writev_all(outvec, noutvec);
			noutvec = 0;
		}
		outvec[noutvec++] = (struct iovec){ pc->ref ? (void *)pc->ref :
		    (void *)bytes, pc->n };
		if (pc->ref == NULL)
			bytes += pc->n;
	}
	writev_all(outvec, noutvec);
	noutvec = 0;
}

void
out_held_free(struct out_held *h)
{
	buf_free(&h->bytes);
	free(h->piece);
	memset(h, 0, sizeof(*h));
}

void
out_write(const void *p, size_t n)
{
	if (sink != NULL) {
		buf_add(&sink->bytes, p, n);
		return;
	}
	if (n > sizeof(outbuf) - outlen) {
		out_flush();
		if (n >= sizeof(outbuf)) {
			write_all(p, n);
			return;
		}
	}
	memcpy(outbuf + outlen, p, n);
	outlen += n;
}

void
out_str(const char *s)
{
	out_write(s, strlen(s));
}

void
out_char(int c)
{
	if (sink != NULL) {
		buf_char(&sink->bytes, (char)c);
		return;
	}
	if (outlen == sizeof(outbuf))
		out_flush();
	outbuf[outlen++] = (char)c;
}

char *
out_put_long(char *to, long v)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	size_t n;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	n = (size_t)(digits + sizeof(digits) - p);
	memcpy(to, p, n);
	return to + n;
}

void
out_long(long v)
{
	char digits[24];

	out_write(digits, (size_t)(out_put_long(digits, v) - digits));
}

char *
out_room(size_t n)
{
	if (sink != NULL) {
		buf_reserve(&sink->bytes, n);
		return sink->bytes.s + sink->bytes.n;
	}
	if (n > sizeof(outbuf))
		return NULL;
	if (n > sizeof(outbuf) - outlen)
		out_flush();
	return outbuf + outlen;
}

void
out_commit(char *end)
{
	if (sink != NULL) {
		sink->bytes.n = (size_t)(end - sink->bytes.s);
		*end = '\0';           /* as buf_add leaves it */
	} else
		outlen = (size_t)(end - outbuf);
}

void
out_printf(const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out_write(small, (size_t)n);
		return;
	}
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_write(big, (size_t)n);
	free(big);
}

int
out_close(int status)
{
	out_flush();
	if (close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR) {
		fprintf(stderr, "%s: close error: standard output: %s\n",
		    progname, strerror(errno));
		return EXIT_DATA;
	}
	return status;
}

void
tx_usage(int status, const char *synopsis, const char *text)
{
	if (status == EXIT_OK) {
		out_str(synopsis);
		if (text)
			out_str(text);
		tx_exit(out_close(EXIT_OK));
	}
	fputs(synopsis, stderr);
	fprintf(stderr, "Try '%s --help'.\n", progname);
	tx_exit(out_close(status));
}

void
tx_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tx_vwarn(NULL, 0, fmt, ap);
	va_end(ap);
	if (tool_usage != NULL)
		tool_usage(EXIT_USAGE);
	tx_exit(out_close(EXIT_USAGE));
}
