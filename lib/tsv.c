/*
 * The TSV stream: one reader, one writer.
 *
 * Records are read ahead into one buffer (TSV_CHUNK bytes, more for a
 * longer line) and split and decoded where they lie, so a record costs
 * no copy and no allocation. One pass over a line checks its bytes and
 * finds its fields (scan_fields); only a line where it finds something amiss
 * goes the slow way, which names the fault. The reader reads with read(2)
 * itself, not getline(3), so that it can refuse a runaway field
 * (tsv_max_field) before holding it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "out.h"
#include "tsv.h"
#include "utf8.h"
#include "tx.h"

/* 256 KiB: fewer read(2)s, and lines seldom straddle two reads. */
#define TSV_CHUNK (256 * 1024)
#define TSV_PAD 64

size_t tsv_max_field = (size_t)256 << 20;

static const char *
shown(const char *name)
{
	return strcmp(name, "-") == 0 ? "<stdin>" : name;
}

struct tsv *
tsv_open(int nfiles, char **files)
{
	static char *stdin_only[] = { "-" };
	struct tsv *t = xcalloc(1, sizeof(*t));

	if (nfiles == 0) {
		nfiles = 1;
		files = stdin_only;
	}
	t->files = files;
	t->nfiles = nfiles;
	t->fileno = -1;
	return t;
}

void
tsv_die(struct tsv *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (t->fault != NULL) {         /* tsv_split_line's caller says it */
		vsnprintf(t->faultmsg, sizeof(t->faultmsg), fmt, ap);
		va_end(ap);
		longjmp(*t->fault, 1);
	}
	tx_vwarn(t->name, t->lineno, fmt, ap);
	va_end(ap);
	tx_exit(out_close(EXIT_DATA));
}

void
tsv_set_max_field(const char *opt, const char *arg)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(arg, &end, 10);
	switch (*end) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	}
	if (*arg < '0' || *arg > '9' || *end != '\0' || errno != 0 || v == 0 ||
	    v > (SIZE_MAX >> 1) >> shift)
		tx_usage_error("%s: \"%s\" is not a size in bytes "
		    "(a number, or with K, M or G)", opt, arg);
	tsv_max_field = (size_t)v << shift;
}

/* Open the next input that can be read; 0 when there are none left. */
static int
next_file(struct tsv *t)
{
	struct stat st;
	const char *f;

	if (t->fp && t->fp != stdin)
		fclose(t->fp);
	t->fp = NULL;
	t->rpos = t->rlen = 0;
	while (++t->fileno < t->nfiles) {
		f = t->files[t->fileno];
		t->name = shown(f);
		t->lineno = 0;
		if (strcmp(f, "-") == 0) {
			t->fp = stdin;
			tx_grow_pipe(STDIN_FILENO);
			return 1;
		}
		if ((t->fp = fopen(f, "r")) == NULL) {
			tx_warn(f, 0, "%s", strerror(errno));
			t->status = EXIT_DATA;
			continue;
		}
		if (fstat(fileno(t->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			tx_warn(f, 0, "is a directory");
			fclose(t->fp);
			t->fp = NULL;
			t->status = EXIT_DATA;
			continue;
		}
		tx_grow_pipe(fileno(t->fp));
		return 1;
	}
	return 0;
}


/* Read ahead: the bytes read, 0 at the end of the input. */
static size_t
fill(struct tsv *t)
{
	size_t room = t->rcap - t->rlen;
	ssize_t r;

	if (t->readsize > 0 && room > t->readsize)
		room = t->readsize;
	do
		r = read(fileno(t->fp), t->rbuf + t->rlen, room);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		tsv_die(t, "read error: %s", strerror(errno));
	t->rlen += (size_t)r;
	return (size_t)r;
}

/* Start afresh: the bytes read, 0 at the end of the input. */
static size_t
refill(struct tsv *t)
{
	if (t->rbuf == NULL) {
		t->rcap = TSV_CHUNK;
		/*
		 * Defined bytes past a field's end, and TSV_PAD of them past
		 * the buffer's: PCRE2's JIT reads ahead of the subject in
		 * words, and valgrind would report each such read.
		 */
		t->rbuf = xcalloc(1, t->rcap + TSV_PAD);
	}
	t->rpos = t->rlen = 0;
	return fill(t);
}

/*
 * The fields of line[0, n) may be no longer than tsv_max_field; the last
 * may not be whole yet. Only called once the line is that long.
 */
static void
check_fields(struct tsv *t, const char *line, size_t n)
{
	const char *p = line, *end = line + n, *tab;

	for (;; p = tab + 1) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if ((size_t)((tab ? tab : end) - p) > tsv_max_field)
			tsv_die(t, "field longer than %zu bytes (--max-field)",
			    tsv_max_field);
		if (tab == NULL)
			break;
	}
}

/*
 * More of the line that starts at rpos and has no LF yet: moved to the
 * front of the buffer, which grows if the line fills it (once its fields
 * have been checked against tsv_max_field). The bytes read, 0 at the end.
 */
static size_t
more(struct tsv *t)
{
	size_t have = t->rlen - t->rpos;

	if (t->rpos > 0) {
		memmove(t->rbuf, t->rbuf + t->rpos, have);
		t->rpos = 0;
		t->rlen = have;
	}
	if (t->rlen == t->rcap) {
		if (have > tsv_max_field)
			check_fields(t, t->rbuf, have);
		t->rbuf = xrealloc(t->rbuf, 2 * t->rcap + TSV_PAD);
		memset(t->rbuf + t->rcap, 0, t->rcap + TSV_PAD);
		t->rcap *= 2;
	}
	return fill(t);
}

/*
 * The next line into t->line, where it lies in the read buffer, without
 * its LF and NUL-terminated: its length, or -1 at the end of the input.
 * buffered: only a line whole in the buffer already, else -2.
 */
static ssize_t
take_line(struct tsv *t, int buffered)
{
	size_t scanned = 0, n;
	char *nl;

	if (t->rpos == t->rlen) {
		if (buffered)
			return -2;
		if (refill(t) == 0)
			return -1;
	}
	for (;;) {
		n = t->rlen - t->rpos;
		nl = memchr(t->rbuf + t->rpos + scanned, '\n', n - scanned);
		if (nl != NULL) {
			n = (size_t)(nl - (t->rbuf + t->rpos));
			break;
		}
		if (buffered)
			return -2;
		scanned = n;
		if (more(t) == 0)
			break;          /* the last line has no LF */
	}
	t->lineno++;
	t->line = t->rbuf + t->rpos;
	t->rpos += n + (nl != NULL);
	if (n > tsv_max_field)
		check_fields(t, t->line, n);
	t->line[n] = '\0';      /* the LF, or the byte after the input */
	return (ssize_t)n;
}

/*
 * Read one line of the current input into t->line, without its LF (and
 * the CR of a CRLF); a BOM on a file's first line is dropped. Its bytes
 * are checked when it is split. 0 at the end of the input; buffered (see
 * take_line): -1 if the next line is not whole in the buffer.
 */
static int
read_line(struct tsv *t, int buffered)
{
	ssize_t n;

	if ((n = take_line(t, buffered)) < 0)
		return n == -2 ? -1 : 0;
	if (n > 0 && t->line[n - 1] == '\r')
		t->line[--n] = '\0';
	if (t->lineno == 1 && n >= 3 && memcmp(t->line, "\xef\xbb\xbf", 3) == 0) {
		t->line += 3;
		n -= 3;
	}
	t->linelen = (size_t)n;
	return 1;
}

/* No NUL byte, and valid UTF-8: else exit 1 saying where. */
static void
check_bytes(struct tsv *t)
{
	char *p = t->line, *nul = memchr(p, '\0', t->linelen);
	size_t bad;

	if (nul != NULL)
		tsv_die(t, "NUL byte at byte %zu of the line",
		    (size_t)(nul - p) + 1);
	if ((bad = utf8_check(p, t->linelen)) != t->linelen)
		tsv_die(t, "invalid UTF-8 at byte %zu of the line", bad + 1);
}

long
tsv_unescape(char *s, size_t n, size_t *bad)
{
	char *w, *r = memchr(s, '\\', n), *end = s + n;

	if (r == NULL)
		return (long)n;
	for (w = r; r < end; r++) {
		if (*r != '\\') {
			/* Copy up to the next backslash at once. */
			char *next = memchr(r, '\\', (size_t)(end - r));
			size_t run = (size_t)((next ? next : end) - r);

			memmove(w, r, run);
			w += run;
			r += run - 1;
			continue;
		}
		switch (r + 1 < end ? r[1] : '\0') {
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case '\\': *w++ = '\\'; break;
		default:
			*bad = (size_t)(r - s);
			return -1;
		}
		r++;
	}
	*w = '\0';
	return (long)(w - s);
}


/*
 * Split t->line at TABs into t->field, decoding each field in place,
 * checking as it goes: the slow way, and the one that says what is wrong.
 */
static void
split_checked(struct tsv *t, size_t want)
{
	char *p = t->line, *end = t->line + t->linelen, *tab;
	size_t bad, nf = 0;
	long len;

	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (tab == NULL)
			tab = end;
		if (nf == want)
			tsv_die(t, "%zu fields where the header has %zu", nf + 1 +
			    (size_t)(tab < end ? 1 : 0), want);
		*tab = '\0';
		if ((len = tsv_unescape(p, (size_t)(tab - p), &bad)) < 0)
			tsv_die(t, "field %zu (%s): unknown escape \"%.2s\" "
			    "(a backslash must be written \\\\)", nf + 1,
			    nf < t->ncol ? t->col[nf] : "?", p + bad);
		t->field[nf] = p;
		t->flen[nf++] = (size_t)len;
		if (tab == end)
			break;
		p = tab + 1;
	}
	if (nf != want)
		tsv_die(t, "%zu fields where the header has %zu", nf, want);
	t->nfield = nf;
}

/* Whether the scan must look at byte c, a TAB aside: see special_bits. */
#define SPECIAL(c) ((unsigned char)(c) < 0x20 || (unsigned char)(c) >= 0x80 || \
	(c) == '\\')

/*
 * The bytes of the n <= 64 at s that the line scan must look at: bit i
 * of *tabs set where s[i] is a TAB, of *other where it is a backslash, a
 * NUL, a CR or another control character, or a byte beyond ASCII.
 * Sixteen bytes at a time with SSE2 (a signed compare catches bytes >=
 * 0x80 with those below 0x20), so that a line's fields are found bit by
 * bit, not by a search for each.
 */
static inline void
special_bits(const char *s, size_t n, uint64_t *tabs, uint64_t *other)
{
	uint64_t t = 0, o = 0;
	size_t i = 0;
#ifdef __SSE2__
	const __m128i low = _mm_set1_epi8(0x20), bs = _mm_set1_epi8('\\'),
	    tab = _mm_set1_epi8('\t');

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i ist = _mm_cmpeq_epi8(v, tab);

		t |= (uint64_t)(unsigned)_mm_movemask_epi8(ist) << i;
		o |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_andnot_si128(ist, _mm_cmplt_epi8(v, low)),
		    _mm_cmpeq_epi8(v, bs))) << i;
	}
#endif
	for (; i < n; i++) {
		if (s[i] == '\t')
			t |= (uint64_t)1 << i;
		else if (SPECIAL(s[i]))
			o |= (uint64_t)1 << i;
	}
	*tabs = t;
	*other = o;
}

/*
 * One pass over line[0, n), changing nothing: where each of the want
 * fields starts (start[i]; start[want] is n + 1) and what it holds
 * (bits[i]: TSV_ESCAPE, TSV_WIDE, TSV_CONTROL); *cr if a literal CR.
 * 0 if anything is amiss (NUL, invalid UTF-8, a bad escape, want fields
 * not found): split_checked() then says what. A block of 64 bytes with
 * nothing but TABs to look at (most) is done TAB by TAB.
 */
static int
scan_fields(const char *line, size_t n, size_t want, size_t *start,
    unsigned char *bits, int *cr)
{
	size_t nf = 0, next = 0, j, q;
	uint64_t tabs, other, m;

	start[0] = 0;
	bits[0] = 0;
	for (size_t base = 0; base < n; base += 64) {
		special_bits(line + base, n - base < 64 ? n - base : 64, &tabs,
		    &other);
		/* Bytes taken with one before (an escape, a run beyond ASCII). */
		if (next > base)
			other &= next - base >= 64 ? 0 :
			    ~(((uint64_t)1 << (next - base)) - 1);
		if (other == 0) {
			for (; tabs != 0; tabs &= tabs - 1) {
				if (++nf == want)
					return 0;
				start[nf] = base + (size_t)__builtin_ctzll(tabs) + 1;
				bits[nf] = 0;
			}
			continue;
		}
		for (m = tabs | other; m != 0; m &= m - 1) {
			if ((j = base + (size_t)__builtin_ctzll(m)) < next)
				continue;
			switch (line[j]) {
			case '\t':
				if (++nf == want)
					return 0;
				start[nf] = j + 1;
				bits[nf] = 0;
				break;
			case '\\':
				if (j + 1 == n || (line[j + 1] != 't' &&
				    line[j + 1] != 'n' && line[j + 1] != 'r' &&
				    line[j + 1] != '\\'))
					return 0;
				bits[nf] |= TSV_ESCAPE;
				next = j + 2;
				break;
			case '\0':
				return 0;
			case '\r':
				*cr = 1;
				break;
			default:
				if ((unsigned char)line[j] < 0x80) {
					bits[nf] |= TSV_CONTROL;
					break;
				}
				/* A run of non-ASCII bytes is whole sequences. */
				for (q = j; q < n && (unsigned char)line[q] >= 0x80; q++)
					;
				if (utf8_check(line + j, q - j) != q - j)
					return 0;
				bits[nf] |= TSV_WIDE;
				next = q;
			}
		}
	}
	start[want] = n + 1;
	return nf + 1 == want;
}

/* After scan_fields: end each field with a NUL and decode those with escapes. */
static void
cut_fields(struct tsv *t, size_t nf)
{
	size_t bad;

	for (size_t i = 0; i < nf; i++) {
		char *s = t->line + t->fstart[i];
		char *e = t->line + t->fstart[i + 1] - 1;

		*e = '\0';
		t->field[i] = s;
		t->flen[i] = t->fbits[i] & TSV_ESCAPE ?
		    (size_t)tsv_unescape(s, (size_t)(e - s), &bad) :
		    (size_t)(e - s);
	}
	t->nfield = nf;
}

/*
 * t->rawstart from the TABs of t->raw, after a literal CR has been written
 * \r there: the one byte the writer would not give back as it came.
 */
static void
raw_escape_cr(struct tsv *t)
{
	size_t ncr = 0, w, nf = 0;

	for (size_t i = 0; i < t->rawlen; i++)
		ncr += t->raw[i] == '\r';
	if (t->rawlen + ncr + 1 > t->rawcap) {
		t->rawcap = 2 * (t->rawlen + ncr + 1);
		t->raw = xrealloc(t->raw, t->rawcap);
	}
	w = t->rawlen + ncr;
	t->raw[w] = '\0';
	for (size_t i = t->rawlen; i-- > 0; ) {
		if (t->raw[i] == '\r') {
			t->raw[--w] = 'r';
			t->raw[--w] = '\\';
		} else
			t->raw[--w] = t->raw[i];
	}
	t->rawlen += ncr;
	t->rawstart[0] = 0;
	for (size_t i = 0; i < t->rawlen; i++)
		if (t->raw[i] == '\t')
			t->rawstart[++nf] = i + 1;
	t->rawstart[nf + 1] = t->rawlen + 1;
}

/* With tsv_keep_raw(): the line as it is before it is decoded. */
static void
copy_raw(struct tsv *t)
{
	if (t->linelen + 1 > t->rawcap) {
		t->rawcap = 2 * (t->linelen + 1);
		t->raw = xrealloc(t->raw, t->rawcap);
	}
	memcpy(t->raw, t->line, t->linelen + 1);
	t->rawlen = t->linelen;
}

/*
 * Split t->line into want fields, decoded in place (decoding never
 * lengthens a field). A field starts where it did in the raw line, which
 * gives t->rawstart.
 */
static void
split(struct tsv *t, size_t want)
{
	t->rawcr = 0;
	if (t->keepraw)
		copy_raw(t);
	if (scan_fields(t->line, t->linelen, want, t->fstart, t->fbits,
	    &t->rawcr))
		cut_fields(t, want);
	else {
		check_bytes(t);
		split_checked(t, want);
		/* Not known: raw_escape_cr() and text_class() look. */
		t->rawcr = 1;
		memset(t->fbits, TSV_WIDE | TSV_CONTROL, want);
	}
	if (!t->keepraw)
		return;
	if (t->rawcr) {
		raw_escape_cr(t);
		return;
	}
	memcpy(t->rawstart, t->fstart, (want + 1) * sizeof(*t->rawstart));
}

/* Check a column name of the header. */
static void
check_colname(struct tsv *t, const char *c)
{
	if (*c == '\0')
		tsv_die(t, "empty column name in the header");
	for (const char *p = c; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			tsv_die(t, "column name \"%s\" is not [a-z0-9_]+ "
			    "(is the first line a header?)", c);
}

/* Room for a record of n fields, split. */
static void
alloc_fields(struct tsv *t, size_t n)
{
	t->ncol = n;
	t->field = xcalloc(n, sizeof(*t->field));
	t->flen = xcalloc(n, sizeof(*t->flen));
	t->fbits = xcalloc(n, 1);
	t->fstart = xcalloc(n + 1, sizeof(*t->fstart));
	t->rawstart = xcalloc(n + 1, sizeof(*t->rawstart));
}

int
tsv_header(struct tsv *t)
{
	size_t n = 1, first;
	long twice;

	while (t->fp == NULL || read_line(t, 0) <= 0) {
		if (!next_file(t))
			return 0;
	}
	t->hdr = xstrndup(t->line, t->linelen);
	t->hdrlen = t->linelen;
	t->hdrname = xstrdup(t->name);
	for (size_t i = 0; i < t->linelen; i++)
		n += t->line[i] == '\t';
	t->col = xcalloc(n, sizeof(*t->col));
	alloc_fields(t, n);
	split(t, n);
	for (size_t i = 0; i < n; i++) {
		check_colname(t, t->field[i]);
		t->col[i] = xstrdup(t->field[i]);
	}
	if ((twice = colname_clash(t->col, n, &first)) >= 0)
		tsv_die(t, "column \"%s\" appears twice in the header",
		    t->col[twice]);
	return 1;
}

int
tsv_col(const struct tsv *t, const char *name)
{
	for (size_t i = 0; i < t->ncol; i++)
		if (strcmp(t->col[i], name) == 0)
			return (int)i;
	return -1;
}

int
tsv_need_by(const struct tsv *t, const char *by)
{
	int c = tsv_col(t, by);
	const char *like = NULL;

	if (c >= 0)
		return c;
	for (size_t i = 0; i < t->ncol && like == NULL; i++)
		if (strcasecmp(t->col[i], by) == 0)
			like = t->col[i];
	if (like == NULL)
		tx_die(EXIT_USAGE, t->hdrname, 1, "no column \"%s\" to group by "
		    "(--by)", by);
	tx_die(EXIT_USAGE, t->hdrname, 1, "no column \"%s\" to group by "
	    "(--by); %sdid you mean '%s'?", by, strpbrk(like,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == NULL ? "columns are lower-case: " :
	    "", like);
}

int
tsv_need(struct tsv *t, const char *name, const char *hint)
{
	int c = tsv_col(t, name);

	if (c < 0) {
		tx_warn(t->hdrname, 1, "no column \"%s\"%s%s", name,
		    hint ? ": " : "", hint ? hint : "");
		tx_exit(out_close(EXIT_DATA));
	}
	return c;
}

/* The next data line, unsplit: see tsv.h. */
int
tsv_next_line(struct tsv *t, int buffered)
{
	int r;

	for (;;) {
		if ((r = t->fp != NULL ? read_line(t, buffered) : 0) < 0)
			return 0;
		if (r == 0) {
			if (buffered || !next_file(t))
				return 0;
			/* A later input's first line must be the same header. */
			if (read_line(t, 0) <= 0)
				continue;
			if (t->linelen != t->hdrlen ||
			    memcmp(t->line, t->hdr, t->hdrlen) != 0) {
				check_bytes(t);         /* that fault first */
				tsv_die(t, "header differs from that of %s",
				    t->hdrname);
			}
			continue;
		}
		if (t->linelen == t->hdrlen &&
		    memcmp(t->line, t->hdr, t->hdrlen) == 0)
			continue;       /* cat a.tsv b.tsv */
		return 1;
	}
}

char *
tsv_hand_over(struct tsv *t, char *spare, size_t *cap)
{
	char *held = t->rbuf;
	size_t heldcap = t->rcap, ahead = t->rlen - t->rpos;

	if (spare == NULL || *cap < ahead + TSV_CHUNK) {
		free(spare);
		*cap = ahead + TSV_CHUNK;
		/* Defined bytes past the end: see refill. */
		spare = xcalloc(1, *cap + TSV_PAD);
	}
	if (ahead > 0)
		memcpy(spare, held + t->rpos, ahead);
	t->rbuf = spare;
	t->rcap = *cap;
	t->rpos = 0;
	t->rlen = ahead;
	*cap = heldcap;
	return held;
}

void
tsv_read_size(struct tsv *t, size_t n)
{
	t->readsize = n;
}

int
tsv_next(struct tsv *t)
{
	if (!tsv_next_line(t, 0))
		return 0;
	split(t, t->ncol);
	return 1;
}

int
tsv_scan_line(struct tsv *v, const char *line, size_t n)
{
	int cr = 0;

	return scan_fields(line, n, v->ncol, v->rawstart, v->fbits, &cr) &&
	    !cr;
}

void
tsv_split_line(struct tsv *v, char *line, size_t n)
{
	v->line = line;
	v->linelen = n;
	split(v, v->ncol);
}

struct tsv *
tsv_view(const struct tsv *t)
{
	struct tsv *v = xcalloc(1, sizeof(*v));

	v->col = t->col;
	v->hdrname = t->hdrname;
	v->name = t->name;
	v->keepraw = 1;
	alloc_fields(v, t->ncol);
	return v;
}

void
tsv_view_free(struct tsv *v)
{
	if (v == NULL)
		return;
	free(v->field);
	free(v->flen);
	free(v->fbits);
	free(v->fstart);
	free(v->rawstart);
	free(v->raw);
	free(v);
}

void
tsv_keep_raw(struct tsv *t)
{
	t->keepraw = 1;
}

int
tsv_close(struct tsv *t)
{
	int status = t->status;

	if (t->fp && t->fp != stdin)
		fclose(t->fp);
	for (size_t i = 0; i < t->ncol; i++)
		free(t->col[i]);
	free(t->col);
	free(t->field);
	free(t->flen);
	free(t->rbuf);
	free(t->raw);
	free(t->rawstart);
	free(t->fstart);
	free(t->fbits);
	free(t->hdr);
	free((char *)t->hdrname);
	free(t);
	return status;
}

/*
 * How many bytes at s need no escape (TAB, LF, CR, backslash): sixteen
 * (SSE2) or eight at a time while no byte is below 0x0e or a backslash,
 * since most text has none.
 */
size_t
tsv_plain_run(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	uint64_t w, bs;
	size_t i = 0;
#ifdef __SSE2__
	const __m128i c0d = _mm_set1_epi8(0x0d), back = _mm_set1_epi8('\\');

	/* Sixteen at a time: a byte <= 0x0d (unsigned) or a backslash stops. */
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(_mm_min_epu8(v, c0d), v),
		    _mm_cmpeq_epi8(v, back)));

		if (m != 0) {
			i += (size_t)__builtin_ctz(m);
			break;
		}
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		bs = w ^ (ones * '\\');
		if ((((w - ones * 0x0e) & ~w) | ((bs - ones) & ~bs)) & highs)
			break;
	}
	while (i < n && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
	    s[i] != '\\')
		i++;
	return i;
}

/*
 * The escapes of a field (\t \n \r \\), each plain run and escape
 * handed to put(arg, bytes, n): one rule for tsv_write_field and
 * tsv_escape.
 */
static inline void
escape_field(const char *s, size_t n, void (*put)(void *, const void *,
    size_t), void *arg)
{
	size_t k;

	while ((k = tsv_plain_run(s, n)) < n) {
		put(arg, s, k);
		switch (s[k]) {
		case '\t': put(arg, "\\t", 2); break;
		case '\n': put(arg, "\\n", 2); break;
		case '\r': put(arg, "\\r", 2); break;
		default: put(arg, "\\\\", 2); break;
		}
		s += k + 1;
		n -= k + 1;
	}
	put(arg, s, n);
}

static void
put_out(void *arg, const void *p, size_t n)
{
	(void)arg;
	out_write(p, n);
}

static void
put_buf(void *arg, const void *p, size_t n)
{
	buf_add(arg, p, n);
}

/* Into room reserved for the whole field (*to moves on). */
static void
put_at(void *arg, const void *p, size_t n)
{
	char **to = arg;

	memcpy(*to, p, n);
	*to += n;
}

void
tsv_write_field(const char *s, size_t n)
{
	char *to;

	/*
	 * Straight into the output, not piece by piece through out_write,
	 * when it has room for twice the field (no field grows more when
	 * escaped; a longer one is not worth the room).
	 */
	if (n <= 65536 && (to = out_room(2 * n)) != NULL) {
		escape_field(s, n, put_at, &to);
		out_commit(to);
	} else
		escape_field(s, n, put_out, NULL);
}

void
tsv_escape(struct buf *b, const char *s, size_t n)
{
	escape_field(s, n, put_buf, b);
}

void
tsv_write_str(const char *s)
{
	tsv_write_field(s, strlen(s));
}

void
tsv_write_row(char **f, const size_t *len, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			tsv_sep();
		tsv_write_field(f[i], len[i]);
	}
	tsv_end();
}
