/* Whole files, read one way (file.h), and the buffer they are read into. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utf8.h"
#include "file.h"
#include "tx.h"

void
buf_reserve(struct buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;

	if (more > (size_t)-1 / 2 - b->n)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	while (cap - b->n < more + 1)
		cap *= 2;
	if (cap != b->cap) {
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
}

int
file_read(const char *path, struct buf *b)
{
	int in = strcmp(path, "-") == 0;
	int fd = in ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	struct stat st, after;
	ssize_t r;

	b->n = 0;
	if (fd < 0) {
		tx_warn(path, 0, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		tx_warn(path, 0, "is a directory");
		if (!in)
			close(fd);
		return -1;
	}
	for (;;) {
		if (b->cap - b->n < 65536)
			buf_reserve(b, 65536);
		r = read(fd, b->s + b->n, b->cap - b->n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			tx_warn(path, 0, "read error: %s", strerror(errno));
			if (!in)
				close(fd);
			return -1;
		}
		if (r == 0)
			break;
		b->n += (size_t)r;
	}
	b->s[b->n] = '\0';
	/* A regular file written to or cut while read: its bytes are not
	 * one version of it. */
	if (!in && S_ISREG(st.st_mode) && (fstat(fd, &after) != 0 ||
	    after.st_size != st.st_size || (size_t)after.st_size != b->n ||
	    after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != st.st_mtim.tv_nsec)) {
		tx_warn(path, 0, "changed while it was read (%zu bytes read, "
		    "%lld at the start); read it again when it is written",
		    b->n, (long long)st.st_size);
		if (!in)
			close(fd);
		return -1;
	}
	if (!in)
		close(fd);
	return 0;
}

long
line_of(const char *s, size_t off)
{
	long line = 1;
	const char *p = s, *end = s + off;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

size_t
text_check(const char *s, size_t n, const char **what)
{
	const char *nul = memchr(s, '\0', n);
	size_t bad = utf8_check(s, nul != NULL ? (size_t)(nul - s) : n);

	if (nul != NULL && bad == (size_t)(nul - s)) {
		*what = "NUL byte";
		return bad;
	}
	if (bad != (nul != NULL ? (size_t)(nul - s) : n)) {
		*what = "invalid UTF-8";
		return bad;
	}
	*what = NULL;
	return n;
}

const char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

int
tmp_fd(void)
{
	const char *dir = tmp_dir();
	char *path = xmalloc(strlen(dir) + sizeof("/tx-XXXXXX"));
	int fd, e;

	strcpy(path, dir);
	strcat(path, "/tx-XXXXXX");
	if ((fd = mkstemp(path)) >= 0 && unlink(path) != 0) {
		e = errno;
		close(fd);
		errno = e;
		fd = -1;
	}
	free(path);
	return fd;
}
