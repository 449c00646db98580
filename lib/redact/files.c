/*
 * Files: each input read whole (transcripts are small), each output and
 * the key written to a private temporary file, and the outputs renamed
 * into place only when every input is done.
 */
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tx.h"
#include "redact/redact.h"

/* Temporary files to remove if the run fails. */
struct pending {
	char *tmp, *path;
};
static struct pending *pend;
static size_t npend;
static char *keytmp;

const char *
redact_shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Read a whole file ("-": standard input) into b; exit 1 if it cannot be. */
void
redact_read_input(const char *path, struct buf *b)
{
	if (file_read(path, b) != 0)
		tx_exit(EXIT_DATA);
}

/* Text is UTF-8 without NUL bytes: --reverse must give back what it got. */
void
redact_check_text(const char *name, const char *s, size_t n)
{
	const char *what;
	size_t bad = text_check(s, n, &what);

	if (bad != n)
		tx_die(EXIT_DATA, name, line_of(s, bad), "%s", what);
}

static void
write_all(int fd, const char *path, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			tx_die(EXIT_DATA, path, 0, "write error: %s", strerror(errno));
		s += w;
		n -= (size_t)w;
	}
}

/* A new file only its owner can read, whatever the umask. */
static int
private_temp(char *template)
{
	int fd = mkstemp(template);

	if (fd < 0)
		return -1;
	if (fchmod(fd, 0600) != 0) {
		close(fd);
		unlink(template);
		return -1;
	}
	return fd;
}

/*
 * b to path, through a private temporary file beside it, synced, given
 * mode and renamed over the old file; why starts each message. Its name
 * is in keytmp while it exists, so that a signal or a failure removes it.
 */
static void
replace_file(const char *path, mode_t mode, const char *why,
    const struct buf *b)
{
	char *tmp = xmalloc(strlen(path) + 16);
	int fd;

	sprintf(tmp, "%s.XXXXXX", path);
	keytmp = tmp;   /* only once it is a name: a signal may read it */
	if ((fd = private_temp(keytmp)) < 0) {
		free(keytmp);
		keytmp = NULL;
		tx_die(EXIT_DATA, path, 0, "%s%s", why, strerror(errno));
	}
	write_all(fd, path, b->s, b->n);
	if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0)
		tx_die(EXIT_DATA, path, 0, "%s%s", why, strerror(errno));
	if (rename(keytmp, path) != 0)
		tx_die(EXIT_DATA, path, 0, "%s%s", why, strerror(errno));
	keytmp = NULL;
	free(tmp);
}

/* The key's text to path; only its owner may read it. */
void
redact_write_key(const char *path, const struct buf *b)
{
	replace_file(path, 0600, "cannot write the key: ", b);
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The folder of path, resolved (realpath), or NULL. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real;

	if (slash == NULL)
		return realpath(".", NULL);
	dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	real = realpath(dir, NULL);
	free(dir);
	return real;
}

/* At exit: a failed run leaves no temporary file behind. */
void
redact_cleanup(void)
{
	for (size_t i = 0; i < npend; i++)
		if (pend[i].tmp)
			unlink(pend[i].tmp);
	if (keytmp)
		unlink(keytmp);
}

/*
 * SIGINT, SIGTERM, SIGHUP: the temporaries (redacted text or, reversing,
 * restored originals; the key's) are removed before the signal ends the
 * tool as it would have. unlink(2) is safe in a handler; the list it
 * walks is complete whenever a name is set.
 */
static void
on_signal(int sig)
{
	redact_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
redact_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction old;

		/* An ignored signal (nohup, a background job) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		(void)sigaction(sigs[i], &sa, NULL);
	}
}

/*
 * Whether path names the key: the same file, or (the key not yet written)
 * the same name in the same folder.
 */
static int
is_key(const char *path, const char *key)
{
	struct stat sp, sk;
	char *dp, *dk;
	int same;

	if (stat(key, &sk) == 0)
		return stat(path, &sp) == 0 && sp.st_dev == sk.st_dev &&
		    sp.st_ino == sk.st_ino;
	if (strcmp(base_of(path), base_of(key)) != 0)
		return 0;
	dp = folder_of(path);
	dk = folder_of(key);
	same = dp != NULL && dk != NULL && strcmp(dp, dk) == 0;
	free(dp);
	free(dk);
	return same;
}

static int
same_file(const char *a, const struct stat *sb)
{
	struct stat sa;

	return stat(a, &sa) == 0 && sa.st_dev == sb->st_dev &&
	    sa.st_ino == sb->st_ino;
}

/* Folder dir's KEY_ID_FILE. */
static char *
key_id_path(const char *dir)
{
	char *path = xmalloc(strlen(dir) + sizeof(KEY_ID_FILE) + 2);

	sprintf(path, "%s/%s", dir, KEY_ID_FILE);
	return path;
}

/*
 * The key id in folder dir's KEY_ID_FILE: 1 (id holds it), 0 if there is
 * none, -1 if it is not one (a message names it).
 */
static int
folder_key_id(const char *dir, char id[33], char **path)
{
	char buf[64];
	ssize_t n;
	int fd;

	*path = key_id_path(dir);
	if ((fd = open(*path, O_RDONLY | O_NONBLOCK)) < 0)
		return errno == ENOENT ? 0 : -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != 33 || buf[32] != '\n' || strspn(buf, "0123456789abcdef") != 32)
		return -1;
	memcpy(id, buf, 32);
	id[32] = '\0';
	return 1;
}

void
redact_check_key_id(const struct run *r, const char *path)
{
	char id[33], *dir, *idpath;
	int got;

	if (strcmp(path, "-") == 0 || strcmp(path, "<stdin>") == 0)
		return;         /* a text without a folder: nothing to check */
	dir = folder_of(path);
	got = folder_key_id(dir ? dir : ".", id, &idpath);
	if (got < 0)
		tx_die(EXIT_DATA, idpath, 0, "not a key id (32 hex digits and "
		    "a line end) that tx-redact wrote");
	if (got > 0 && strcmp(id, r->key.id) != 0)
		tx_die(EXIT_DATA, path, 0, "was redacted with another key (%s "
		    "says %s; the key %s is %s): reverse it with the key that "
		    "redacted it", idpath, id, r->key.path,
		    r->key.id[0] ? r->key.id : "a key without an id");
	free(idpath);
	free(dir);
}

/* Where each output goes; every reason not to write there, before work. */
void
redact_plan_outputs(const struct run *r, int argc, char **argv)
{
	struct stat st;

	if (stat(r->outdir, &st) != 0)
		tx_die(EXIT_USAGE, NULL, 0, "--out %s: %s", r->outdir,
		    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		tx_die(EXIT_USAGE, NULL, 0, "--out %s: not a directory",
		    r->outdir);
	if (r->mode == REDACT) {        /* one folder, one key */
		char id[33], *idpath;
		int got = folder_key_id(r->outdir, id, &idpath);

		if (!r->force && (got < 0 ||
		    (got > 0 && strcmp(id, r->key.id) != 0)))
			tx_die(EXIT_USAGE, idpath, 0, "the outputs there were "
			    "redacted with another key: give --out another "
			    "folder, or --force to make it this key's");
		free(idpath);
	}
	pend = xcalloc((size_t)argc, sizeof(*pend));
	for (int i = 0; i < argc; i++) {
		const char *base = base_of(argv[i]);
		char *path;

		if (*base == '\0' || strcmp(base, ".") == 0 ||
		    strcmp(base, "..") == 0)
			tx_die(EXIT_USAGE, argv[i], 0, "not a file name");
		path = xmalloc(strlen(r->outdir) + strlen(base) + 2);
		sprintf(path, "%s/%s", r->outdir, base);
		for (int j = 0; j < i; j++)
			if (strcmp(base_of(argv[j]), base) == 0)
				tx_die(EXIT_USAGE, NULL, 0, "%s and %s would both "
				    "be written to %s", argv[j], argv[i], path);
		if (stat(path, &st) == 0)
			for (int j = 0; j < argc; j++)
				if (same_file(argv[j], &st))
					tx_die(EXIT_USAGE, path, 0, "is the input "
					    "%s: --out must not write over its "
					    "input", argv[j]);
		if (r->key.path != NULL && is_key(path, r->key.path))
			tx_die(EXIT_USAGE, path, 0, "is the key %s: --out must not "
			    "write over the key", r->key.path);
		if (lstat(path, &st) == 0 && !r->force)
			tx_die(EXIT_USAGE, path, 0, "exists; remove it, or give "
			    "--force to replace it");
		pend[i].path = path;
	}
	npend = (size_t)argc;
}

/* Output i to a temporary file beside where it goes, with that mode. */
void
redact_write_temp(const struct run *r, size_t i, const struct buf *b,
    mode_t mode)
{
	struct pending *p = &pend[i];
	char *tmp;
	int fd;

	tmp = xmalloc(strlen(r->outdir) + 32);
	sprintf(tmp, "%s/.tx-redact-XXXXXX", r->outdir);
	p->tmp = tmp;   /* only once it is a name: a signal may read it */
	if ((fd = private_temp(p->tmp)) < 0) {
		free(p->tmp);
		p->tmp = NULL;
		tx_die(EXIT_DATA, r->outdir, 0, "%s", strerror(errno));
	}
	write_all(fd, p->path, b->s, b->n);
	if (fchmod(fd, mode) != 0 || close(fd) != 0)
		tx_die(EXIT_DATA, p->path, 0, "%s", strerror(errno));
}

/* The key id beside the outputs, so that --reverse can check its key. */
static void
write_key_id(const struct run *r)
{
	struct buf b = { 0 };
	char *path = key_id_path(r->outdir);

	buf_str(&b, r->key.id);
	buf_add(&b, "\n", 1);
	replace_file(path, 0644, "", &b);
	free(path);
	free(b.s);
}

/* Without --force, link(2) refuses a file that has appeared since. */
void
redact_commit(const struct run *r)
{
	if (r->mode == REDACT)
		write_key_id(r);
	for (size_t i = 0; i < npend; i++) {
		struct pending *p = &pend[i];
		char *tmp;
		int rc;

		if (r->force)
			rc = rename(p->tmp, p->path);
		else if ((rc = link(p->tmp, p->path)) == 0)
			unlink(p->tmp);
		else if (errno != EEXIST)
			rc = rename(p->tmp, p->path);
		if (rc != 0)
			tx_die(EXIT_DATA, p->path, 0, "%s", strerror(errno));
		tmp = p->tmp;
		p->tmp = NULL;  /* before the free: a signal may read it */
		free(tmp);
	}
}

