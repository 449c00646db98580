/*
 * zipio.c: archives with libzip. An archive is opened from memory and its
 * entries read by name into memory, counting the bytes as they inflate
 * (an entry's header may lie about its size), with lib/office's
 * office_zip_open and office_zip_read; nothing is extracted to a path.
 * Archives are written in memory, every entry dated alike with
 * zip_file_set_dostime (zip_file_set_mtime's bytes would depend on the
 * time zone), so the same entries give the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "tx.h"
#include "office/office.h"
#include "refi/refi.h"

/* 2000-01-01 00:00:00 as MS-DOS writes it. */
#define DOS_DATE ((unsigned)(((2000 - 1980) << 9) | (1 << 5) | 1))
#define DOS_TIME 0u

struct refi_zip {
	zip_t *za;
};

struct refi_zipw {
	zip_t *za;
	int store;
	zip_source_t *src;      /* the archive, in memory */
};

struct refi_zip *
zipio_open(const void *data, size_t n, char *why, size_t whylen)
{
	struct refi_zip *z;
	zip_error_t err;
	zip_t *za;

	zip_error_init(&err);
	if ((za = office_zip_open(data, n, &err)) == NULL) {
		snprintf(why, whylen, "not a zip archive, or a damaged one (%s)",
		    zip_error_strerror(&err));
		zip_error_fini(&err);
		return NULL;
	}
	zip_error_fini(&err);
	z = xmalloc(sizeof(*z));
	z->za = za;
	return z;
}

void
zipio_close(struct refi_zip *z)
{
	if (z == NULL)
		return;
	zip_discard(z->za);
	free(z);
}

size_t
zipio_count(struct refi_zip *z)
{
	zip_int64_t n = zip_get_num_entries(z->za, 0);

	return n < 0 ? 0 : (size_t)n;
}

const char *
zipio_name(struct refi_zip *z, size_t i)
{
	const char *name = zip_get_name(z->za, (zip_uint64_t)i, 0);

	return name ? name : "";
}

long
zipio_find(struct refi_zip *z, const char *name)
{
	zip_int64_t i = zip_name_locate(z->za, name, ZIP_FL_NOCASE);

	return i < 0 ? -1 : (long)i;
}

/* A chunk of an entry added to the buffer. */
static int
take(void *arg, const char *s, size_t n)
{
	buf_add(arg, s, n);
	return 0;
}

int
zipio_read(struct refi_zip *z, size_t i, size_t max, struct buf *b,
    char *why, size_t whylen)
{
	char err[256];

	b->n = 0;
	buf_reserve(b, 0);
	b->s[0] = '\0';
	switch (office_zip_read(z->za, (zip_uint64_t)i, max, take, b, err,
	    sizeof(err))) {
	case 0:
		return 0;
	case OFFICE_ZIP_BIG:
		snprintf(why, whylen, "inflates to more than %zu bytes "
		    "(refused; --max-entry sets the limit)", max);
		return -1;
	default:
		snprintf(why, whylen, "cannot be read (%s)", err);
		return -1;
	}
}

struct refi_zipw *
zipw_new(int store)
{
	struct refi_zipw *w = xmalloc(sizeof(*w));
	zip_error_t err;

	w->store = store;
	zip_error_init(&err);
	if ((w->src = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL ||
	    (zip_source_keep(w->src), (w->za = zip_open_from_source(w->src,
	    ZIP_TRUNCATE, &err)) == NULL))
		tx_die(EXIT_DATA, NULL, 0, "cannot make an archive: %s",
		    zip_error_strerror(&err));
	zip_error_fini(&err);
	return w;
}

void
zipw_add(struct refi_zipw *w, const char *name, const void *data, size_t n)
{
	void *copy = xmalloc(n ? n : 1);
	zip_source_t *src;
	zip_int64_t i;

	memcpy(copy, data, n);
	if ((src = zip_source_buffer(w->za, copy, n, 1)) == NULL ||
	    (i = zip_file_add(w->za, name, src, ZIP_FL_ENC_UTF_8)) < 0)
		tx_die(EXIT_DATA, NULL, 0, "%s: %s", name, zip_strerror(w->za));
	if (zip_file_set_dostime(w->za, (zip_uint64_t)i, DOS_TIME, DOS_DATE, 0) != 0 ||
	    zip_set_file_compression(w->za, (zip_uint64_t)i, w->store ?
	    ZIP_CM_STORE : ZIP_CM_DEFLATE, w->store ? 0 : 9) != 0 ||
	    zip_file_set_external_attributes(w->za, (zip_uint64_t)i, 0,
	    ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) != 0)
		tx_die(EXIT_DATA, NULL, 0, "%s: %s", name, zip_strerror(w->za));
}

void
zipw_finish(struct refi_zipw *w, struct buf *out)
{
	zip_stat_t st;
	zip_int64_t got;

	out->n = 0;
	if (zip_close(w->za) != 0)
		tx_die(EXIT_DATA, NULL, 0, "cannot make the archive: %s",
		    zip_strerror(w->za));
	if (zip_source_stat(w->src, &st) != 0 || zip_source_open(w->src) != 0)
		tx_die(EXIT_DATA, NULL, 0, "cannot make the archive");
	buf_reserve(out, (size_t)st.size);
	got = zip_source_read(w->src, out->s, st.size);
	if (got < 0 || (zip_uint64_t)got != st.size)
		tx_die(EXIT_DATA, NULL, 0, "cannot make the archive");
	out->n = (size_t)got;
	out->s[out->n] = '\0';
	zip_source_close(w->src);
	zip_source_free(w->src);
	free(w);
}

int
refi_write_file(const char *path, const char *s, size_t n)
{
	size_t len = strlen(path) + 8;
	char *tmp = xmalloc(len);
	FILE *fp;
	int bad;

	snprintf(tmp, len, "%s.tmp~", path);
	if ((fp = fopen(tmp, "w")) == NULL) {
		tx_warn(tmp, 0, "cannot write: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	bad = (n > 0 && fwrite(s, 1, n, fp) != n);
	bad |= fclose(fp) != 0;
	if (bad || rename(tmp, path) != 0) {
		tx_warn(path, 0, "cannot write: %s", strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
