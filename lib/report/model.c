/*
 * The report's model: the codings read twice, once counted with
 * lib/count.c and compared with lib/compare.c, as tx-compare counts and
 * compares them (or the comparison read from tx-compare's output), once
 * for the quotes (quote.c keeps only the best few of each code and
 * group); then the codes of the counts, the codebook and the comparison,
 * in the report's order. Standard input and pipes, which cannot be read
 * twice, are first copied to an unlinked temporary file that takes their
 * place. Nothing is written before everything has been read, so an error
 * leaves no half page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "intern.h"
#include "out.h"
#include "tsv.h"
#include "report/report.h"
#include "cases.h"
#include "sha256.h"

const char report_codings_hint[] =
    "not a codings stream with its text (tx-code output)";
const char report_text_hint[] =
    "tx-report quotes the segments' text: code them without tx-code --no-text";

/* The date of the report: SOURCE_DATE_EPOCH when set, else now; UTC. */
static void
report_date(char *buf, size_t size)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t when = time(NULL);
	struct tm tm;

	if (e != NULL && *e != '\0') {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(e, &end, 10);
		if (*e < '0' || *e > '9' || *end != '\0' || errno != 0 ||
		    v > 253402300799LL)         /* 9999-12-31 */
			tx_die(EXIT_USAGE, NULL, 0, "SOURCE_DATE_EPOCH \"%s\": "
			    "expected seconds since 1970-01-01", e);
		when = (time_t)v;
	}
	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		tx_die(EXIT_USAGE, NULL, 0, "the date cannot be written");
}

/* SHA-256 of what descriptor fd holds, from its start (pread: the offset
 * stays); 0, or -1 if it cannot be read. */
static int
sha256_fd(int fd, char hex[65])
{
	struct sha256 s;
	unsigned char buf[1 << 14], d[SHA256_LEN];
	ssize_t n;
	off_t off = 0;

	sha256_init(&s);
	while ((n = pread(fd, buf, sizeof(buf), off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		sha256_add(&s, buf, (size_t)n);
		off += n;
	}
	sha256_end(&s, d);
	sha256_hex(d, hex);
	return 0;
}

/* A regular file is still what st says it was: the same file, size and
 * modification time. */
static int
unchanged(const char *path, int fd, const struct stat *st)
{
	struct stat now;

	if ((fd >= 0 ? fstat(fd, &now) : stat(path, &now)) != 0)
		return 0;
	return now.st_dev == st->st_dev && now.st_ino == st->st_ino &&
	    now.st_size == st->st_size &&
	    now.st_mtim.tv_sec == st->st_mtim.tv_sec &&
	    now.st_mtim.tv_nsec == st->st_mtim.tv_nsec;
}

static int spool_inputs(int nfiles, char **files);
static int fd_of_name(const char *f);

/*
 * The codebook: its order, descriptions, checksum and patterns. The
 * checksum is of the bytes loaded: a pipe or FIFO (-c <(...)) is copied
 * once and both read from the copy (/dev/fd/N keeps its name; a named
 * FIFO is then named by its copy's /dev/fd/N); a regular file must be the
 * same file, size and modification time after both reads, or exit 1.
 */
static void
load_codebook(struct report *r, const char *file)
{
	char *f[1] = { (char *)file };
	const char *path;
	struct stat st;
	int fd, regular, target;

	/* standard input as a file is read as it is, as any file is */
	if (strcmp(file, "-") != 0 || (fstat(0, &st) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
		spool_inputs(1, f);
	path = f[0];
	target = strcmp(path, "-") == 0 ? 0 : fd_of_name(path);
	fd = target >= 0 ? target : open(path, O_RDONLY);
	regular = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (regular && sha256_fd(fd, r->sha) != 0)
		tx_die(EXIT_USAGE, file, 0, "read error: %s", strerror(errno));
	if (fd >= 0 && target < 0)
		close(fd);
	if (codebook_load(&r->cb, path) != 0)  /* it names what is wrong */
		tx_exit(out_close(EXIT_USAGE));
	r->have_cb = 1;
	if (r->cb.rules != NULL) {      /* quote.c marks what the rules keep */
		/* The interpreter, as quote.c's own searches use it. */
		static const struct cb_limits lim = { CB_MATCH_LIMIT,
		    CB_DEPTH_LIMIT, CB_HEAP_LIMIT, 1 };

		r->cb.engine = CB_ENGINE_PCRE2;
		r->cb.nocache = 1;
		codebook_prepare(&r->cb, &lim);
	}
	if (regular && !unchanged(path, target, &st))
		tx_die(EXIT_DATA, file, 0, "changed while it was read (its size "
		    "or modification time); report with a copy that does not "
		    "change");
	if (f[0] != file)       /* a named FIFO's copy, /dev/fd/T */
		free(f[0]);
	if ((r->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (r->mctx = pcre2_match_context_create(NULL)) == NULL)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	pcre2_set_match_limit(r->mctx, CB_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, CB_DEPTH_LIMIT);
	pcre2_set_heap_limit(r->mctx, CB_HEAP_LIMIT);
}

void
report_init(struct report *r, const struct report_options *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->unit = "documents";
	report_date(r->date, sizeof(r->date));
	if (o->codebook != NULL)
		load_codebook(r, o->codebook);
}

/* ------------------------------------------------------------------ */
/* Inputs read twice */

/* Copy descriptor fd to an unlinked temporary file; its descriptor, at 0. */
static int
spool_fd(int fd, const char *name)
{
	char buf[1 << 16];
	ssize_t r, w, off;
	int tmp;

	if ((tmp = tmp_fd()) < 0)
		tx_die(EXIT_DATA, tmp_dir(), 0, "%s (a temporary copy of %s)",
		    strerror(errno), name);
	for (;;) {
		while ((r = read(fd, buf, sizeof(buf))) < 0 && errno == EINTR)
			;
		if (r < 0)
			tx_die(EXIT_DATA, name, 0, "read error: %s", strerror(errno));
		if (r == 0)
			break;
		for (off = 0; off < r; off += w)
			if ((w = write(tmp, buf + off, (size_t)(r - off))) < 0 &&
			    errno != EINTR)
				tx_die(EXIT_DATA, NULL, 0, "a temporary copy of %s: %s",
				    name, strerror(errno));
			else if (w < 0)
				w = 0;
	}
	if (lseek(tmp, 0, SEEK_SET) != 0)
		tx_die(EXIT_DATA, NULL, 0, "a temporary copy of %s: %s", name,
		    strerror(errno));
	return tmp;
}

/* The descriptor a name stands for (/dev/stdin, /dev/fd/N), or -1. */
static int
fd_of_name(const char *f)
{
	const char *n = NULL;
	char *end;
	long v;

	if (strcmp(f, "/dev/stdin") == 0)
		return 0;
	if (strncmp(f, "/dev/fd/", 8) == 0)
		n = f + 8;
	else if (strncmp(f, "/proc/self/fd/", 14) == 0)
		n = f + 14;
	if (n == NULL || *n < '0' || *n > '9')
		return -1;
	v = strtol(n, &end, 10);
	return *end == '\0' && v < 1024 ? (int)v : -1;
}

/*
 * Standard input and every input that is not a regular file (a pipe, a
 * FIFO) is copied to a temporary file that takes its place: "-" and
 * /dev/fd/N by becoming descriptor 0 or N, so that messages still name
 * them; another name by becoming /dev/fd/T. Returns 1 if standard input
 * was copied (it is rewound before each pass).
 */
static int
spool_inputs(int nfiles, char **files)
{
	int spooled_stdin = 0;

	for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *f = nfiles ? files[i] : "-";
		int fd, tmp, target;
		struct stat st;

		if (strcmp(f, "-") == 0) {
			if (spooled_stdin)
				continue;
			tmp = spool_fd(0, "<stdin>");
			dup2(tmp, 0);
			close(tmp);
			spooled_stdin = 1;
			continue;
		}
		if (stat(f, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
			continue;       /* read as it is; tsv reports a missing one */
		if ((fd = open(f, O_RDONLY)) < 0)
			continue;
		tmp = spool_fd(fd, f);
		close(fd);
		if ((target = fd_of_name(f)) >= 0) {
			dup2(tmp, target);
			close(tmp);
			spooled_stdin |= target == 0;
		} else {
			char name[32];

			snprintf(name, sizeof(name), "/dev/fd/%d", tmp);
			files[i] = xstrdup(name);
		}
	}
	return spooled_stdin;
}

/* ------------------------------------------------------------------ */
/* The inputs' provenance */

/*
 * The inputs as given, before they are copied: their names, and which are
 * pipes (not regular files), whose bytes no command line can read again.
 */
static void
name_inputs(struct report *r, int nfiles, char **files)
{
	int n = nfiles ? nfiles : 1;

	r->input = xcalloc((size_t)n + 3, sizeof(*r->input));
	for (int i = 0; i < n; i++) {
		struct report_input *in = &r->input[r->ninput++];
		const char *f = nfiles ? files[i] : "-";
		struct stat st;

		in->name = xstrdup(f);
		in->role = "codings";
		if (strcmp(f, "-") == 0)
			in->pipe = fstat(0, &st) == 0 && !S_ISREG(st.st_mode);
		else
			in->pipe = stat(f, &st) == 0 && !S_ISREG(st.st_mode) &&
			    !S_ISDIR(st.st_mode);
	}
}

/* SHA-256 of an input as read (of its copy, for a pipe); "" if unread. */
static void
hash_input(struct report_input *in, const char *path)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
	struct stat st;

	in->sha[0] = '\0';
	in->path = path;
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		in->st = st;
		in->regular = 1;
		if (sha256_fd(fd, in->sha) != 0)
			in->sha[0] = '\0';
	}
	if (fd != 0)
		close(fd);
}

/*
 * The inputs read more than once (hashed, counted, quoted) are what they
 * were when hashed: a file changed between passes would mix two versions
 * in one page (exit 1). Copies of pipes are tx-report's own.
 */
static void
check_unchanged(const struct report *r)
{
	for (size_t i = 0; i < r->ninput; i++) {
		const struct report_input *in = &r->input[i];

		if (in->regular && !unchanged(in->path, strcmp(in->path, "-") ==
		    0 ? 0 : -1, &in->st))
			tx_die(EXIT_DATA, in->name, 0, "changed while it was read "
			    "(its size or modification time); report on a copy "
			    "that does not change");
	}
}

/*
 * --compare FILE, --cases FILE: a pipe is copied first, as the codings
 * are, so that its bytes can be hashed and then read; recorded as an
 * input of that role. Returns the name to read it by (new).
 */
static char *
side_input(struct report *r, const char *file, const char *role)
{
	struct report_input *in = &r->input[r->ninput++];
	char *f[1] = { (char *)file };
	char *name;
	struct stat st;

	in->name = xstrdup(file);
	in->role = role;
	in->pipe = stat(f[0], &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode);
	if (strcmp(f[0], "-") != 0)
		spool_inputs(1, f);
	name = f[0] == file ? xstrdup(f[0]) : f[0];
	hash_input(in, name);
	return name;
}

/* ------------------------------------------------------------------ */
/* Pass 1: counts and the comparison */

static struct counts *
count_pass(const struct report_options *o, const char *cases, int nfiles,
    char **files, int *status)
{
	static char *by[1];
	struct counts *c;
	struct tsv *t = tsv_open(nfiles, files);

	if (!tsv_header(t)) {
		*status = tsv_close(t);
		return NULL;
	}
	tsv_need(t, "text", report_text_hint);
	by[0] = o->by;
	c = cases_count_codings(by, 1, COUNT_ROLLUP, o->casecol, cases, t,
	    "keep one coder first (grep, awk), or report on coders with --by "
	    "coder");
	*status = tsv_close(t);
	return c;
}

/* The groups as they are, for a report without a comparison. */
static void
all_groups(struct report *r)
{
	struct counts *c = r->c;

	r->k = (int)c->ngroup;
	r->group = xcalloc(c->ngroup + 1, sizeof(*r->group));
	for (size_t g = 0; g < c->ngroup; g++) {
		r->group[g].label = xstrndup(c->group[g].key, c->group[g].keylen);
		r->group[g].cg = g;
		r->group[g].total = c->group[g].total_docs;
	}
}

/* The comparison tx-compare --by COL [--groups ...] makes. */
static void
compute_comparison(struct report *r)
{
	struct compare_options co = COMPARE_OPTIONS_INIT;
	struct compare cm;

	co.by = r->o->by;
	co.groups = r->o->groups;
	co.ngroups = r->o->ngroups;
	r->co = co;             /* the page states its thresholds */
	compare_run(&cm, r->c, &co);
	compare_to_table(&r->cmp, &cm);
	r->computed = 1;
	compare_free(&cm);
}

/*
 * The groups of the comparison: a group's total is that of the comparison
 * (documents, or segments if tx-compare counted them), else its documents.
 */
static void
comparison_groups(struct report *r)
{
	struct counts *c = r->c;

	r->k = r->cmp.k;
	r->group = xcalloc((size_t)r->k + 1, sizeof(*r->group));
	for (int i = 0; i < r->k; i++) {
		const struct count_group *gr = &c->group[r->cmp.group[i]];

		r->group[i].label = xstrndup(gr->key, gr->keylen);
		r->group[i].cg = r->cmp.group[i];
		r->group[i].total = r->cmp.nrow > 0 ? r->cmp.row[0].n[i] :
		    gr->total_docs;
	}
}

/*
 * The unit of the counts. Computed here, documents (tx-compare's default
 * measure), or cases with --case. Read with --compare, the wide form names
 * no measure, but its totals tell it: the groups' documents (or cases), or
 * their segments (when they are equal, each document is one segment and
 * documents it is); totals that are neither are "cases", and the page says
 * the unit is unknown.
 */
static const char *
unit_of(struct report *r)
{
	const char *cases = counts_case_is_doc(r->c) ? "documents" : "cases";
	int docs = 1, segs = 1;

	r->unit_known = 1;
	if (r->computed || r->o->compare == NULL)
		return cases;
	for (int i = 0; i < r->k; i++) {
		const struct count_group *g = &r->c->group[r->group[i].cg];

		docs &= r->group[i].total == g->total_docs;
		segs &= r->group[i].total == g->total_segs;
	}
	if (docs || segs)
		return docs ? cases : "segments";
	r->unit_known = 0;
	return "cases";
}

/* ------------------------------------------------------------------ */
/* The codes of the report, and their order */

static int
rcode_cmp(const void *x, const void *y)
{
	const struct report_code *a = x, *b = y;

	return code_path_cmp(a->path, a->len, b->path, b->len);
}

static long
rcode_find(const struct report *r, const char *path, size_t len)
{
	struct report_code key = { .path = (char *)path, .len = len };
	const struct report_code *hit = r->ncode == 0 ? NULL :
	    bsearch(&key, r->code, r->ncode, sizeof(*r->code), rcode_cmp);

	return hit ? hit - r->code : -1;
}

/* The paths added so far, so that each is added once. */
struct seen_paths {
	struct strset set;
	struct chunk *arena;
};

/*
 * A path and its ancestors, added. An ancestor seen before ends the walk
 * (its own are in), so a hierarchy costs the length of its paths, not
 * the cube of its depth.
 */
static void
add_path(struct report *r, size_t *cap, struct seen_paths *seen,
    const char *path)
{
	size_t len = strlen(path);
	int isnew;

	for (size_t n = len; n > 0; ) {
		strset_add(&seen->set, &seen->arena, path, n, &isnew);
		if (!isnew)
			break;
		if (r->ncode == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			r->code = xrealloc(r->code, *cap * sizeof(*r->code));
		}
		memset(&r->code[r->ncode], 0, sizeof(r->code[0]));
		r->code[r->ncode].path = xstrndup(path, n);
		r->code[r->ncode++].len = n;
		while (n > 0 && path[n - 1] != '/')
			n--;
		if (n > 0)
			n--;            /* the parent, without its '/' */
	}
}

/* The codes of the counts, the codebook and the comparison, in path order. */
static void
collect_codes(struct report *r)
{
	size_t cap = 0, n = 0;
	struct seen_paths seen = { 0 };

	for (size_t i = 0; i < r->c->ncode; i++)
		add_path(r, &cap, &seen, r->c->code[i].path);
	for (size_t i = 0; r->have_cb && i < r->cb.ncode; i++)
		add_path(r, &cap, &seen, r->cb.code[i].path);
	for (size_t i = 0; i < r->cmp.nrow; i++)
		if (r->cmp.row[i].code[0] != '\0')
			add_path(r, &cap, &seen, r->cmp.row[i].code);
	strset_free(&seen.set);
	arena_free(seen.arena);
	if (r->ncode > 1)
		qsort(r->code, r->ncode, sizeof(*r->code), rcode_cmp);
	for (size_t i = 0; i < r->ncode; i++) {     /* remove duplicates */
		if (n > 0 && rcode_cmp(&r->code[n - 1], &r->code[i]) == 0) {
			free(r->code[i].path);
			continue;
		}
		r->code[n++] = r->code[i];
	}
	r->ncode = n;
}

/* Ranks: the codebook's order, then codes it lacks in path order. */
static void
rank_codes(struct report *r)
{
	size_t ncb = r->have_cb ? r->cb.ncode : 0;

	for (size_t i = 0; i < r->ncode; i++) {
		struct report_code *rc = &r->code[i];
		const char *slash = strrchr(rc->path, '/');

		rc->name = slash ? slash + 1 : rc->path;
		for (const char *p = rc->path; (p = strchr(p, '/')) != NULL; p++)
			rc->depth++;
		rc->rank = ncb + i;
		rc->cc = counts_code_index(r->c, rc->path, rc->len);
	}
	for (size_t i = 0; i < ncb; i++) {
		const struct cb_code *cb = &r->cb.code[i];
		long at = rcode_find(r, cb->path, strlen(cb->path));

		if (at >= 0) {
			r->code[at].cb = cb;
			r->code[at].rank = i;
		}
	}
	for (size_t i = 0; i < r->ncode; i++) {
		struct report_code *rc = &r->code[i];
		const char *slash = strchr(rc->path, '/');
		long theme = rcode_find(r, rc->path,
		    slash ? (size_t)(slash - rc->path) : rc->len);

		rc->theme_rank = theme >= 0 ? r->code[theme].rank : rc->rank;
	}
}

static const struct report *ordering;

static int
order_cmp(const void *x, const void *y)
{
	const struct report_code *a = &ordering->code[*(const size_t *)x];
	const struct report_code *b = &ordering->code[*(const size_t *)y];

	if (a->theme_rank != b->theme_rank)
		return a->theme_rank < b->theme_rank ? -1 : 1;
	if (a->depth == 0 || b->depth == 0)     /* the theme first */
		return (a->depth > 0) - (b->depth > 0);
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return rcode_cmp(a, b);
}

/* Each code's comparison row and counts; then the report's order. */
static void
order_codes(struct report *r)
{
	for (size_t j = 0; j < r->cmp.nrow; j++) {
		const char *code = r->cmp.row[j].code;
		long at = rcode_find(r, code, strlen(code));

		if (at >= 0)
			r->code[at].row = &r->cmp.row[j];
	}
	for (size_t i = 0; i < r->ncode; i++) {
		struct report_code *rc = &r->code[i];

		rc->a = xcalloc((size_t)r->k + 1, sizeof(*rc->a));
		for (int g = 0; g < r->k; g++) {
			const struct count_cell *cl = rc->cc < 0 ? NULL :
			    counts_cell(r->c, r->group[g].cg, (size_t)rc->cc);

			if (rc->row != NULL)
				rc->a[g] = rc->row->a[g];
			else if (cl != NULL)
				rc->a[g] = strcmp(r->unit, "segments") == 0 ?
				    cl->segs : cl->docs;
		}
	}
	r->order = xcalloc(r->ncode + 1, sizeof(*r->order));
	for (size_t i = 0; i < r->ncode; i++)
		r->order[i] = i;
	ordering = r;
	if (r->ncode > 1)
		qsort(r->order, r->ncode, sizeof(*r->order), order_cmp);
	ordering = NULL;
}

/* ------------------------------------------------------------------ */
/* Pass 2: the quotes (quote.c) */

/*
 * The inputs the first pass could read: it has reported the others (a
 * missing file, a directory), which the second pass leaves out.
 */
static char **
readable(int nfiles, char **files, int *n)
{
	char **keep = xcalloc((size_t)nfiles + 1, sizeof(*keep));
	struct stat st;

	*n = 0;
	for (int i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") == 0 || (stat(files[i], &st) == 0 &&
		    !S_ISDIR(st.st_mode)))
			keep[(*n)++] = files[i];
	return keep;
}

static int
quote_pass(struct report *r, int nall, char **all)
{
	int nfiles, status;
	char **files = readable(nall, all, &nfiles);
	struct tsv *t;

	if (nall > 0 && nfiles == 0) {
		free(files);
		return EXIT_OK;
	}
	t = tsv_open(nfiles, files);
	status = quotes_read(r, t);
	free(files);
	return status;
}

int
report_read(struct report *r, int nfiles, char **files)
{
	int status, st2, spooled;

	name_inputs(r, nfiles, files);
	spooled = spool_inputs(nfiles, files);
	for (size_t i = 0; i < r->ninput; i++)
		hash_input(&r->input[i], nfiles ? files[i] : "-");
	if (r->o->cases != NULL)
		r->cases_file = side_input(r, r->o->cases, "--cases");
	r->c = count_pass(r->o, r->cases_file, nfiles, files, &status);
	if (r->c == NULL)
		return status;
	st2 = EXIT_OK;
	if (r->o->compare != NULL) {
		r->compare_file = side_input(r, r->o->compare, "--compare");
		st2 = compare_read(&r->cmp, r->compare_file, r->c, r->o->by);
	}
	else if (r->c->ngroup >= 2 || r->o->groups != NULL)
		compute_comparison(r);
	if (r->computed || (r->o->compare != NULL && !r->cmp.empty))
		comparison_groups(r);
	else            /* no comparison, or an empty file */
		all_groups(r);
	status = status ? status : st2;
	r->unit = unit_of(r);
	check_unchanged(r);
	if (spooled)
		lseek(0, 0, SEEK_SET);
	st2 = quote_pass(r, nfiles, files);
	status = status ? status : st2;
	check_unchanged(r);
	collect_codes(r);
	rank_codes(r);
	order_codes(r);
	return status;
}

/* ------------------------------------------------------------------ */
/* What the model tells the page */

/* The pattern a code shows: the comparison's, "not found", or "". */
const char *
report_pattern(const struct report *r, const struct report_code *rc)
{
	if (rc->row != NULL)
		return rc->row->pattern;
	for (int g = 0; g < r->k; g++)
		if (rc->a[g] > 0)
			return "";
	return "not found";
}

int
report_is_difference(const char *pattern)
{
	return strncmp(pattern, "more in ", 8) == 0 ||
	    strncmp(pattern, "only in ", 8) == 0;
}

size_t
report_themes(const struct report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ncode; i++)
		n += r->code[i].depth == 0;
	return n;
}

/* The end of the theme that starts at report position from. */
size_t
report_theme_end(const struct report *r, size_t from)
{
	size_t to = from + 1;

	while (to < r->ncode && r->code[r->order[to]].depth > 0)
		to++;
	return to;
}

/*
 * One word quoted for a POSIX shell (bash's $'...' for control characters,
 * and for directional controls, which would show the word other than it
 * is: their bytes are written as \xHH).
 */
static void
shell_word(struct buf *b, const char *w)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
	    "QRSTUVWXYZ0123456789_@%+=:,./-";
	size_t wlen = strlen(w);
	int control = 0;

	for (const char *p = w; *p; p++)
		control |= (unsigned char)*p < 0x20 || *p == 0x7f ||
		    pen_bidi_control(p, wlen - (size_t)(p - w)) != 0;
	if (*w != '\0' && strspn(w, safe) == strlen(w)) {
		buf_add(b, w, strlen(w));
		return;
	}
	buf_add(b, control ? "$'" : "'", control ? 2 : 1);
	for (const char *p = w; *p; p++) {
		char esc[8];

		if (!control && *p == '\'')
			buf_add(b, "'\\''", 4);
		else if (control && (*p == '\'' || *p == '\\')) {
			snprintf(esc, sizeof(esc), "\\%c", *p);
			buf_add(b, esc, 2);
		} else if (control && ((unsigned char)*p < 0x20 || *p == 0x7f)) {
			snprintf(esc, sizeof(esc), "\\x%02x", (unsigned char)*p);
			buf_add(b, esc, 4);
		} else if (control && pen_bidi_control(p, wlen -
		    (size_t)(p - w)) != 0) {
			for (int k = 0; k < 3; k++, p++) {
				snprintf(esc, sizeof(esc), "\\x%02x",
				    (unsigned char)*p);
				buf_add(b, esc, 4);
			}
			p--;
		} else
			buf_add(b, p, 1);
	}
	buf_add(b, "'", 1);
}

/* The command line, as a shell would take it back. */
char *
report_command_line(const struct report_options *o)
{
	struct buf b = { 0 };

	buf_add(&b, progname, strlen(progname));
	for (int i = 1; i < o->argc; i++) {
		buf_add(&b, " ", 1);
		shell_word(&b, o->argv[i]);
	}
	return b.s;
}

void
report_free(struct report *r)
{
	quotes_free(r);
	for (size_t i = 0; i < r->ncode; i++) {
		free(r->code[i].path);
		free(r->code[i].a);
	}
	free(r->code);
	free(r->order);
	compare_table_free(&r->cmp);
	for (int g = 0; g < r->k; g++)
		free(r->group[g].label);
	free(r->group);
	for (size_t i = 0; i < r->ncoder; i++)
		free(r->coder[i]);
	free(r->coder);
	if (r->have_cb)
		codebook_free(&r->cb);
	if (r->md != NULL)
		pcre2_match_data_free(r->md);
	if (r->mctx != NULL)
		pcre2_match_context_free(r->mctx);
	if (r->c != NULL)
		counts_free(r->c);
	for (size_t i = 0; i < r->ninput; i++)
		free(r->input[i].name);
	free(r->input);
	free(r->compare_file);
	free(r->cases_file);
}
