/*
 * tx-report: the results section as a page. A corpus summary, a heatmap of
 * codes by group, and for each theme a table of its codes and quotes, as
 * one self-contained HTML file (inline CSS and SVG, no script) or Markdown.
 *
 * The codings are read twice: once counted with lib/count.c and compared
 * with lib/compare.c, as tx-compare counts and compares them; once for the
 * quotes, keeping only the best few of each code and group. Standard input
 * and pipes, which cannot be read twice, are first copied to an unlinked
 * temporary file that takes their place. Nothing is written before
 * everything has been read, so an error leaves no half page.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "codebook.h"
#include "compare.h"
#include "count.h"
#include "sha256.h"
#include "tx.h"

enum format { F_HTML, F_MD };

struct options {
	char *by;
	const char *compare;    /* --compare FILE: a tx-compare output */
	const char *codebook;
	const char *title;
	char **groups;          /* --groups, NULL for all */
	size_t ngroups;
	long quotes;            /* per code and group */
	long width;             /* a quote's length, in characters */
	int format;
	int argc;               /* the command line, echoed */
	char **argv;
};

/* A quote kept while it is among the best of its code and group. */
struct quote {
	char *text, *doc, *speaker, *match;
	size_t len, cap, chars;
	long hits;
	size_t order;           /* record number in the stream */
};

/* The best quotes of one code in one group, best first. */
struct qcell {
	struct quote *q;
	size_t n;
};

/* A candidate: the current record's fields. */
struct cand {
	const char *text, *doc, *speaker, *match;
	size_t len, doclen, spklen, matchlen, chars;
	long hits;
	size_t order;
};

/* A column of the report: one group. */
struct group {
	char *label;
	size_t cg;              /* index into counts->group */
	long total;             /* its documents (or the comparison's unit) */
};

/* One code compared: from lib/compare.c or from --compare FILE. */
struct crow {
	char *path;
	long *a, *n;
	char *test;
	double p, q;
	char *pattern;
};

/* A code as the report shows it. */
struct rcode {
	char *path;
	size_t len;
	const char *name;       /* the last level */
	int depth;
	size_t rank, theme_rank;
	long cc;                /* index into counts->code, or -1 */
	const struct cb_code *cb;
	const struct crow *row; /* its comparison, or NULL */
	long *a;                /* k counts */
};

struct report {
	const struct options *o;
	struct counts *c;
	struct codebook cb;
	int have_cb;
	char sha[65];           /* the codebook's SHA-256, hex */
	struct group *group;
	int k;
	const char *unit;       /* "documents" or "segments" */
	struct crow *row;
	size_t nrow;
	struct rcode *code;     /* path order */
	size_t ncode;
	size_t *order;          /* report order: indexes into code */
	struct qcell *cell;     /* counts codes x counts groups */
	char **coder;
	size_t ncoder;
	int computed;           /* the comparison is lib/compare.c's */
	char date[16];
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

static void usage(int status);

/* ------------------------------------------------------------------ */
/* Options */

static void
parse_options(struct options *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "compare", required_argument, NULL, 'C' },
		{ "codebook", required_argument, NULL, 'c' },
		{ "groups", required_argument, NULL, 'g' },
		{ "quotes", required_argument, NULL, 'q' },
		{ "width", required_argument, NULL, 'w' },
		{ "to", required_argument, NULL, 'T' },
		{ "title", required_argument, NULL, 't' },
		{ "max-field", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "html", "md", NULL };  /* F_* */
	int ch;

	while ((ch = getopt_long(argc, argv, "b:C:c:g:hq:t:T:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b': o->by = optarg; break;
		case 'C': o->compare = optarg; break;
		case 'c': o->codebook = optarg; break;
		case 'g':
			free(o->groups);
			o->groups = count_split(optarg, &o->ngroups);
			break;
		case 'h': usage(EXIT_OK); break;
		case 'M': tsv_set_max_field("--max-field", optarg); break;
		case 'q': o->quotes = (long)opt_whole("--quotes", optarg, 0, 100); break;
		case 't': o->title = optarg; break;
		case 'T': o->format = opt_word("--to", optarg, formats); break;
		case 'w': o->width = (long)opt_whole("--width", optarg, 40, 100000); break;
		case 'V': tx_version();
		default: usage(EXIT_USAGE);
		}
	}
	if (o->by == NULL)
		tx_usage_error("--by COL is required");
	if (strchr(o->by, ',') != NULL)
		tx_usage_error("--by %s: a report compares the groups of one "
		    "column", o->by);
	if (strcmp(o->by, "code") == 0)
		tx_usage_error("--by %s: codes are the rows of the report",
		    o->by);
	if (o->groups != NULL && o->ngroups == 0)
		tx_usage_error("--groups: no group named");
	if (o->groups != NULL && o->compare != NULL)
		tx_usage_error("--groups: the groups are those of --compare %s "
		    "(make it with tx-compare --groups)", o->compare);
}

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

/* ------------------------------------------------------------------ */
/* Inputs read twice */

/* Copy descriptor fd to an unlinked temporary file; its descriptor, at 0. */
static int
spool_fd(int fd, const char *name)
{
	const char *dir = getenv("TMPDIR");
	char path[4096], buf[1 << 16];
	ssize_t r, w, off;
	int tmp;

	snprintf(path, sizeof(path), "%s/tx-report.XXXXXX",
	    dir && *dir ? dir : "/tmp");
	if ((tmp = mkstemp(path)) < 0)
		tx_die(EXIT_DATA, path, 0, "%s (a temporary copy of %s)",
		    strerror(errno), name);
	unlink(path);
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
/* Pass 1: counts and the comparison */

static const char codings_hint[] =
    "not a codings stream with its text (tx-code output)";

static struct counts *
count_pass(const struct options *o, int nfiles, char **files, int *status)
{
	static char *by[1];
	struct counts *c;
	struct tsv *t = tsv_open(nfiles, files);

	if (!tsv_header(t)) {
		*status = tsv_close(t);
		return NULL;
	}
	tsv_need(t, "text", codings_hint);
	by[0] = o->by;
	c = counts_new(by, 1, COUNT_ROLLUP);
	counts_add_codings(c, t, "keep one coder first (grep, awk), or "
	    "report on coders with --by coder");
	counts_finish(c);
	*status = tsv_close(t);
	return c;
}

static int
count_code_cmp(const void *x, const void *y)
{
	const struct count_code *a = x, *b = y;

	return code_path_cmp(a->path, a->len, b->path, b->len);
}

/* Groups sorted as counts_finish sorts them: keys byte by byte. */
static int
count_group_cmp(const void *x, const void *y)
{
	const struct count_group *a = x, *b = y;
	int r = memcmp(a->key, b->key, a->keylen < b->keylen ? a->keylen : b->keylen);

	return r != 0 ? r : (a->keylen > b->keylen) - (a->keylen < b->keylen);
}

/* Index of a code in counts (path order), or -1. */
static long
counts_code_index(const struct counts *c, const char *path, size_t len)
{
	struct count_code key = { .path = (char *)path, .len = len };
	const struct count_code *hit = c->ncode == 0 ? NULL :
	    bsearch(&key, c->code, c->ncode, sizeof(*c->code), count_code_cmp);

	return hit ? hit - c->code : -1;
}

/* Index of a group (one by value) in counts, or -1. */
static long
counts_group_index(const struct counts *c, const char *value, size_t len)
{
	struct count_group key = { .key = (char *)value, .keylen = len };
	const struct count_group *hit = c->ngroup == 0 ? NULL :
	    bsearch(&key, c->group, c->ngroup, sizeof(*c->group), count_group_cmp);

	return hit ? hit - c->group : -1;
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
compute_comparison(struct report *r, struct compare_options *co)
{
	struct compare cm;

	co->by = r->o->by;
	co->groups = r->o->groups;
	co->ngroups = r->o->ngroups;
	compare_run(&cm, r->c, co);
	r->k = cm.k;
	r->group = xcalloc((size_t)cm.k, sizeof(*r->group));
	for (int i = 0; i < cm.k; i++) {
		r->group[i].label = xstrdup(cm.label[i]);
		r->group[i].cg = cm.group[i];
		r->group[i].total = r->c->group[cm.group[i]].total_docs;
	}
	r->row = xcalloc(cm.nrow + 1, sizeof(*r->row));
	for (size_t j = 0; j < cm.nrow; j++) {
		struct compare_row *cr = &cm.row[j];
		struct crow *w = &r->row[r->nrow++];

		w->path = xstrdup(r->c->code[cr->code].path);
		w->pattern = compare_pattern(&cm, cr);
		w->a = cr->a;           /* taken over */
		w->n = cr->n;
		cr->a = cr->n = NULL;
		w->test = xstrdup(cr->test);
		w->p = cr->p;
		w->q = cr->q;
	}
	r->computed = 1;
	compare_free(&cm);
}

/* ------------------------------------------------------------------ */
/* --compare FILE */

static double
parse_real(struct tsv *t, int col)
{
	char *end;
	double v;

	if (t->flen[col] == 0)
		return NAN;
	errno = 0;
	v = strtod(t->field[col], &end);
	if (*end != '\0' || errno == ERANGE)
		tsv_die(t, "%s \"%s\" is not a number", t->col[col], t->field[col]);
	return v;
}

static long
parse_field_count(struct tsv *t, int col)
{
	long v = count_parse(t->field[col], t->flen[col]);

	if (v < 0)
		tsv_die(t, "%s \"%s\" is not a count", t->col[col], t->field[col]);
	return v;
}

/* The wide form's groups: count_<name> columns, matched to by values. */
static int *
wide_groups(struct report *r, struct tsv *t)
{
	int *col = xcalloc(t->ncol * 2 + 2, sizeof(*col));
	struct counts *c = r->c;

	r->group = xcalloc(t->ncol + 1, sizeof(*r->group));
	for (size_t i = 0; i < t->ncol; i++) {
		const char *name = t->col[i] + 6;
		char want[512];
		long g = -1;

		if (strncmp(t->col[i], "count_", 6) != 0)
			continue;
		snprintf(want, sizeof(want), "total_%s", name);
		for (size_t j = 0; j < c->ngroup && g < 0; j++) {
			char *label = xstrndup(c->group[j].key, c->group[j].keylen);
			char *cn = colname(label);

			if (strcmp(cn, name) == 0)
				g = (long)j;
			free(cn);
			free(label);
		}
		if (g < 0)
			tx_die(EXIT_USAGE, t->hdrname, 1, "column %s: no value of "
			    "%s in the codings makes the name \"%s\"", t->col[i],
			    r->o->by, name);
		col[2 * r->k] = (int)i;
		col[2 * r->k + 1] = tsv_need(t, want, "not a tx-compare output");
		r->group[r->k].label = xstrndup(c->group[g].key, c->group[g].keylen);
		r->group[r->k].cg = (size_t)g;
		r->group[r->k].total = -1;
		r->k++;
	}
	return col;
}

/* Read a tx-compare output (wide, as tx-compare writes it by default). */
static int
read_comparison(struct report *r, const char *file)
{
	static const char hint[] = "not a tx-compare output";
	char *files[1] = { (char *)file };
	struct tsv *t = tsv_open(1, files);
	int ccode, ctest, cp, cq, cpat, *col, status;

	if (!tsv_header(t)) {           /* empty: no comparison */
		status = tsv_close(t);
		all_groups(r);
		return status;
	}
	if (tsv_col(t, "group") >= 0)
		tx_die(EXIT_USAGE, t->hdrname, 1, "a long-form comparison "
		    "(tx-compare --long): give the wide form");
	ccode = tsv_need(t, "code", hint);
	ctest = tsv_need(t, "test", hint);
	cp = tsv_need(t, "p", hint);
	cq = tsv_need(t, "q", hint);
	cpat = tsv_need(t, "pattern", hint);
	col = wide_groups(r, t);
	while (tsv_next(t)) {
		struct crow *w;

		if (r->nrow % 64 == 0)
			r->row = xrealloc(r->row, (r->nrow + 64) * sizeof(*r->row));
		w = &r->row[r->nrow++];
		w->path = xstrndup(t->field[ccode], t->flen[ccode]);
		w->a = xcalloc((size_t)r->k + 1, sizeof(*w->a));
		w->n = xcalloc((size_t)r->k + 1, sizeof(*w->n));
		for (int i = 0; i < r->k; i++) {
			w->a[i] = parse_field_count(t, col[2 * i]);
			w->n[i] = parse_field_count(t, col[2 * i + 1]);
			if (r->group[i].total < 0)
				r->group[i].total = w->n[i];
		}
		w->test = xstrndup(t->field[ctest], t->flen[ctest]);
		w->p = parse_real(t, cp);
		w->q = parse_real(t, cq);
		w->pattern = xstrndup(t->field[cpat], t->flen[cpat]);
	}
	free(col);
	status = tsv_close(t);
	for (int i = 0; i < r->k; i++)
		if (r->group[i].total < 0)
			r->group[i].total = r->c->group[r->group[i].cg].total_docs;
	return status;
}

/* The unit of the counts: documents, unless the totals are segments. */
static const char *
unit_of(const struct report *r)
{
	int docs = 1, segs = 1;

	for (int i = 0; i < r->k; i++) {
		const struct count_group *g = &r->c->group[r->group[i].cg];

		docs &= r->group[i].total == g->total_docs;
		segs &= r->group[i].total == g->total_segs;
	}
	return !docs && segs ? "segments" : "documents";
}

/* ------------------------------------------------------------------ */
/* The codes of the report, and their order */

static int
rcode_cmp(const void *x, const void *y)
{
	const struct rcode *a = x, *b = y;

	return code_path_cmp(a->path, a->len, b->path, b->len);
}

static long
rcode_find(const struct report *r, const char *path, size_t len)
{
	struct rcode key = { .path = (char *)path, .len = len };
	const struct rcode *hit = r->ncode == 0 ? NULL :
	    bsearch(&key, r->code, r->ncode, sizeof(*r->code), rcode_cmp);

	return hit ? hit - r->code : -1;
}

/* A path and all its ancestors, added (duplicates are removed later). */
static void
add_path(struct report *r, size_t *cap, const char *path)
{
	size_t len = strlen(path);

	for (size_t n = len; n > 0; ) {
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

	for (size_t i = 0; i < r->c->ncode; i++)
		add_path(r, &cap, r->c->code[i].path);
	for (size_t i = 0; r->have_cb && i < r->cb.ncode; i++)
		add_path(r, &cap, r->cb.code[i].path);
	for (size_t i = 0; i < r->nrow; i++)
		if (r->row[i].path[0] != '\0')
			add_path(r, &cap, r->row[i].path);
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
		struct rcode *rc = &r->code[i];
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
		struct rcode *rc = &r->code[i];
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
	const struct rcode *a = &ordering->code[*(const size_t *)x];
	const struct rcode *b = &ordering->code[*(const size_t *)y];

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
	for (size_t j = 0; j < r->nrow; j++) {
		long at = rcode_find(r, r->row[j].path, strlen(r->row[j].path));

		if (at >= 0)
			r->code[at].row = &r->row[j];
	}
	for (size_t i = 0; i < r->ncode; i++) {
		struct rcode *rc = &r->code[i];

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
/* Pass 2: the quotes */

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t chars = 0;

	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars;
}

/* Is the candidate better than quote b: more hits, shorter, earlier? */
static int
better(const struct cand *a, const struct quote *b)
{
	if (a->hits != b->hits)
		return a->hits > b->hits;
	if (a->chars != b->chars)
		return a->chars < b->chars;
	return a->order < b->order;
}

static void
set_str(char **dst, const char *s, size_t n)
{
	*dst = xrealloc(*dst, n + 1);
	memcpy(*dst, s, n);
	(*dst)[n] = '\0';
}

static void
quote_set(struct quote *q, const struct cand *c)
{
	if (c->len + 1 > q->cap) {
		q->cap = c->len + 1;
		q->text = xrealloc(q->text, q->cap);
	}
	memcpy(q->text, c->text, c->len);
	q->text[c->len] = '\0';
	q->len = c->len;
	q->chars = c->chars;
	set_str(&q->doc, c->doc, c->doclen);
	set_str(&q->speaker, c->speaker, c->spklen);
	set_str(&q->match, c->match, c->matchlen);
	q->hits = c->hits;
	q->order = c->order;
}

/*
 * Keep the candidate if it is among the best max of its cell, one quote
 * per document (its best segment), so that the quotes show the range.
 */
static void
consider(struct qcell *cell, size_t max, struct cand *c)
{
	size_t at = cell->n;
	struct quote tmp;

	for (size_t i = 0; i < cell->n; i++)
		if (strlen(cell->q[i].doc) == c->doclen &&
		    memcmp(cell->q[i].doc, c->doc, c->doclen) == 0) {
			if (!better(c, &cell->q[i]))
				return;
			at = i;
			break;
		}
	if (at == cell->n && cell->n == max) {
		if (!better(c, &cell->q[max - 1]))
			return;
		at = max - 1;
	}
	if (cell->q == NULL)
		cell->q = xcalloc(max, sizeof(*cell->q));
	if (at == cell->n)
		cell->n++;
	quote_set(&cell->q[at], c);
	for (; at > 0 && better(c, &cell->q[at - 1]); at--) {
		tmp = cell->q[at];
		cell->q[at] = cell->q[at - 1];
		cell->q[at - 1] = tmp;
	}
}

static void
add_coder(struct report *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->ncoder; i++)
		if (strlen(r->coder[i]) == n && memcmp(r->coder[i], s, n) == 0)
			return;
	r->coder = xrealloc(r->coder, (r->ncoder + 1) * sizeof(*r->coder));
	r->coder[r->ncoder++] = xstrndup(s, n);
}

static int quote_records(struct report *, struct tsv *);

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
	status = quote_records(r, t);
	free(files);
	return status;
}

/* Read the codings again, keeping the best quotes of each code and group. */
static int
quote_records(struct report *r, struct tsv *t)
{
	struct counts *c = r->c;
	size_t order = 0;
	int cdoc, cspk, ccode, chits, cmatch, ccoder, ctext, cby;

	if (!tsv_header(t))
		return tsv_close(t);
	cdoc = tsv_need(t, "doc", codings_hint);
	ccode = tsv_need(t, "code", codings_hint);
	chits = tsv_need(t, "hits", codings_hint);
	ctext = tsv_need(t, "text", codings_hint);
	cby = tsv_need(t, r->o->by, codings_hint);
	cspk = tsv_col(t, "speaker");
	cmatch = tsv_col(t, "match");
	ccoder = tsv_col(t, "coder");
	r->cell = xcalloc(c->ncode * c->ngroup + 1, sizeof(*r->cell));
	while (tsv_next(t)) {
		struct cand cd = { 0 };
		long k, g;

		order++;
		if (ccoder >= 0)
			add_coder(r, t->field[ccoder], t->flen[ccoder]);
		if (t->flen[ccode] == 0 || r->o->quotes == 0)
			continue;
		k = counts_code_index(c, t->field[ccode], t->flen[ccode]);
		g = counts_group_index(c, t->field[cby], t->flen[cby]);
		if (k < 0 || g < 0)
			continue;
		cd.text = t->field[ctext];
		cd.len = t->flen[ctext];
		cd.doc = t->field[cdoc];
		cd.doclen = t->flen[cdoc];
		cd.speaker = cspk >= 0 ? t->field[cspk] : "";
		cd.spklen = cspk >= 0 ? t->flen[cspk] : 0;
		cd.match = cmatch >= 0 ? t->field[cmatch] : "";
		cd.matchlen = cmatch >= 0 ? t->flen[cmatch] : 0;
		cd.hits = count_parse(t->field[chits], t->flen[chits]);
		cd.chars = utf8_chars(cd.text, cd.len);
		cd.order = order;
		consider(&r->cell[(size_t)k * c->ngroup + (size_t)g],
		    (size_t)r->o->quotes, &cd);
	}
	return tsv_close(t);
}

/* ------------------------------------------------------------------ */
/* The codebook's checksum: SHA-256, as sha256sum prints it */

/* The SHA-256 of a file, in hex; exit 2 if it cannot be read. */
static void
sha256_file(const char *path, char hex[65])
{
	struct sha256 s;
	unsigned char buf[1 << 14], d[SHA256_LEN];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		tx_die(EXIT_USAGE, path, 0, "%s", strerror(errno));
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sha256_add(&s, buf, n);
	if (ferror(fp))
		tx_die(EXIT_USAGE, path, 0, "read error");
	fclose(fp);
	sha256_end(&s, d);
	sha256_hex(d, hex);
}

/* ------------------------------------------------------------------ */
/* Text out: escaped for HTML or Markdown, white space collapsed */

/* A writer of running text: white space runs become one space, and a
 * mark opens and closes around non-space text only. */
struct pen {
	int fmt;
	int any, space;
	int want_mark, in_mark;
};

static void
pen_mark_open(struct pen *p)
{
	p->want_mark = 1;
}

static void
pen_mark_close(struct pen *p)
{
	if (p->in_mark)
		out_str(p->fmt == F_HTML ? "</mark>" : "**");
	p->in_mark = p->want_mark = 0;
}

/* One character of s (at *i, which it advances), escaped. */
static void
pen_char(struct pen *p, const char *s, size_t n, size_t *i)
{
	unsigned char ch = (unsigned char)s[*i];
	size_t len = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;

	if (len > n - *i)
		len = n - *i;
	if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\v' || ch == '\f') {
		p->space = p->any;
		(*i)++;
		return;
	}
	if (p->space) {
		out_char(' ');
		p->space = 0;
	}
	if (p->want_mark && !p->in_mark) {
		out_str(p->fmt == F_HTML ? "<mark>" : "**");
		p->in_mark = 1;
	}
	p->any = 1;
	*i += len;
	/* Characters XML does not allow: C0 controls, U+FFFE, U+FFFF. */
	if (ch < 0x20 || ch == 0x7f || (len == 3 && ch == 0xef &&
	    (unsigned char)s[*i - 2] == 0xbf && (unsigned char)s[*i - 1] >= 0xbe)) {
		out_str("\xef\xbf\xbd");
		return;
	}
	if (p->fmt == F_HTML) {
		switch (ch) {
		case '&': out_str("&amp;"); return;
		case '<': out_str("&lt;"); return;
		case '>': out_str("&gt;"); return;
		case '"': out_str("&quot;"); return;
		case '\'': out_str("&#39;"); return;
		}
	} else if (ch < 0x80 && strchr("\\`*_[<|&#~", ch) != NULL)
		out_char('\\');
	out_write(s + *i - len, len);
}

static void
pen_write(struct pen *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; )
		pen_char(p, s, n, &i);
}

/* Text, escaped, white space collapsed and trimmed. */
static void
put_text(int fmt, const char *s)
{
	struct pen p = { .fmt = fmt };

	pen_write(&p, s, strlen(s));
}

/* Text of at most max characters; a longer one ends in an ellipsis. */
static void
put_short(int fmt, const char *s, size_t max)
{
	struct pen p = { .fmt = fmt };
	size_t n = strlen(s), i = 0, chars = 0;

	if (utf8_chars(s, n) <= max) {
		pen_write(&p, s, n);
		return;
	}
	while (i < n && chars + 1 < max) {
		pen_char(&p, s, n, &i);
		chars++;
	}
	out_str("\xe2\x80\xa6");
}

/* ------------------------------------------------------------------ */
/* Quotes: marked, trimmed around the first match */

struct span {
	size_t from, to;
};

struct marks {
	struct span *s;
	size_t n, cap;
};

static void
mark_add(struct marks *m, size_t from, size_t to)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->s = xrealloc(m->s, m->cap * sizeof(*m->s));
	}
	m->s[m->n].from = from;
	m->s[m->n++].to = to;
}

static int
span_cmp(const void *x, const void *y)
{
	const struct span *a = x, *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return (a->to > b->to) - (a->to < b->to);
}

/*
 * Every match of the code's patterns (with --codebook), else every
 * occurrence of the match text (ASCII case ignored).
 */
static void
find_marks(struct report *r, const struct rcode *rc, const struct quote *q,
    struct marks *m)
{
	PCRE2_SIZE *ov;
	size_t n = 0, mlen, found;

	m->n = 0;
	for (size_t k = 0; rc->cb != NULL && k < rc->cb->npat; k++) {
		size_t at = 0;

		ov = pcre2_get_ovector_pointer(r->md);
		while (at < q->len && pcre2_match(rc->cb->pat[k].re,
		    (PCRE2_SPTR)q->text, q->len, at, PCRE2_NOTEMPTY, r->md,
		    r->mctx) >= 0) {
			mark_add(m, ov[0], ov[1]);
			at = ov[1] > at ? ov[1] : at + 1;
			while (at < q->len && (q->text[at] & 0xc0) == 0x80)
				at++;
		}
	}
	mlen = strlen(q->match);
	found = m->n;
	for (size_t i = 0; found == 0 && mlen > 0 && i + mlen <= q->len; i++)
		if (strncasecmp(q->text + i, q->match, mlen) == 0) {
			mark_add(m, i, i + mlen);
			i += mlen - 1;
		}
	if (m->n > 1)
		qsort(m->s, m->n, sizeof(*m->s), span_cmp);
	for (size_t i = 0; i < m->n; i++) {     /* merge overlaps */
		if (n > 0 && m->s[i].from <= m->s[n - 1].to) {
			if (m->s[i].to > m->s[n - 1].to)
				m->s[n - 1].to = m->s[i].to;
			continue;
		}
		m->s[n++] = m->s[i];
	}
	m->n = n;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Byte offset n characters back from at (not before 0). */
static size_t
back_chars(const char *s, size_t at, size_t n)
{
	while (at > 0 && n > 0) {
		at--;
		if (((unsigned char)s[at] & 0xc0) != 0x80)
			n--;
	}
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/* Byte offset n characters on from at (not past len). */
static size_t
on_chars(const char *s, size_t len, size_t at, size_t n)
{
	while (at < len && n > 0) {
		at++;
		while (at < len && ((unsigned char)s[at] & 0xc0) == 0x80)
			at++;
		n--;
	}
	return at;
}

/* Does a sentence end just before byte i ("." "?" "!" then space or end)? */
static int
sentence_end(const char *s, size_t len, size_t i)
{
	return i > 0 && strchr(".?!", s[i - 1]) != NULL &&
	    (i == len || is_space(s[i])) && !(i > 1 && s[i - 2] == '.');
}

/* Does a sentence start at byte i (after ". ", "? ", "! " or a line)? */
static int
sentence_start(const char *s, size_t len, size_t i)
{
	size_t j = i;

	if (i == 0)
		return 1;
	if (is_space(s[i]) || !is_space(s[i - 1]))
		return 0;
	while (j > 0 && is_space(s[j - 1]))
		if (s[--j] == '\n')
			return 1;
	return sentence_end(s, len, j);
}

/* The earliest sentence start before f from which the rest fits in width. */
static size_t
earliest_start(const char *s, size_t len, size_t f, size_t width)
{
	size_t chars = utf8_chars(s + f, len - f), best = f;

	for (size_t i = f; i > 0 && chars <= width; ) {
		i--;
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
		if (chars <= width && sentence_start(s, len, i))
			best = i;
	}
	return best;
}

/*
 * The part of a long text to quote, [*from, *to): at most width
 * characters, from the start of the sentence that holds the first match
 * (or a little before the match, when that sentence starts far back),
 * ending at a sentence end after the match when there is one, else at a
 * word break.
 */
static void
quote_window(const char *s, size_t len, size_t width, const struct marks *m,
    size_t *from, size_t *to)
{
	size_t m0 = m->n ? m->s[0].from : 0, m1 = m->n ? m->s[0].to : 0;
	size_t f = m0, t, best = 0;

	*from = 0;
	*to = len;
	if (utf8_chars(s, len) <= width)
		return;
	while (f > 0 && !sentence_end(s, len, f) && s[f - 1] != '\n')
		f--;
	if (utf8_chars(s + f, m0 - f) > width / 2) {
		f = back_chars(s, m0, width / 3);
		while (f < m0 && !is_space(s[f]))
			f++;
	}
	t = on_chars(s, len, f, width);
	if (t == len)           /* the end is in reach: earlier sentences too */
		f = earliest_start(s, len, f, width);
	for (size_t i = m1 + 1; i <= t && t < len; i++)
		if (sentence_end(s, len, i))
			best = i;
	if (t < len && best > 0)
		t = best;
	else if (t < len) {
		size_t w = t;

		while (w > m1 && !is_space(s[w]))
			w--;
		if (w > m1)
			t = w;
	}
	*from = f;
	*to = t;
}

/* A quote: "...text..." with its marks, trimmed; then (doc, speaker). */
static void
put_quote(struct report *r, const struct rcode *rc, const struct quote *q)
{
	static struct marks m;
	struct pen p = { .fmt = r->o->format };
	size_t from, to, mi = 0, i;

	find_marks(r, rc, q, &m);
	quote_window(q->text, q->len, (size_t)r->o->width, &m, &from, &to);
	out_char('"');
	for (i = from; i < to && is_space(q->text[i]); i++)
		;
	if (i > 0)
		out_str("\xe2\x80\xa6 ");
	while (i < to) {
		while (mi < m.n && m.s[mi].to <= i)
			mi++;
		if (mi < m.n && m.s[mi].from <= i && !p.want_mark)
			pen_mark_open(&p);
		else if (p.want_mark && (mi == m.n || m.s[mi].from > i))
			pen_mark_close(&p);
		pen_char(&p, q->text, to, &i);
	}
	pen_mark_close(&p);
	while (to < q->len && is_space(q->text[to]))
		to++;
	if (to < q->len)
		out_str(" \xe2\x80\xa6");
	out_str("\" (");
	put_text(r->o->format, q->doc);
	if (*q->speaker != '\0' && strcmp(q->speaker, q->doc) != 0) {
		out_str(", ");
		put_text(r->o->format, q->speaker);
	}
	out_char(')');
}

/* ------------------------------------------------------------------ */
/* Numbers and words */

static double
pct(long a, long n)
{
	return n > 0 ? 100.0 * (double)a / (double)n : NAN;
}

/* p or q: three decimals, "<0.001", or a dash when undefined. */
static void
put_p(int fmt, double v)
{
	if (isnan(v))
		out_str("\xe2\x80\x93");
	else if (v < 0.001)
		out_str(fmt == F_HTML ? "&lt;0.001" : "<0.001");
	else
		out_printf("%.3f", v);
}

/* The pattern a code shows: the comparison's, "not found", or "". */
static const char *
pattern_of(const struct report *r, const struct rcode *rc)
{
	if (rc->row != NULL)
		return rc->row->pattern;
	for (int g = 0; g < r->k; g++)
		if (rc->a[g] > 0)
			return "";
	return "not found";
}

static int
is_difference(const char *pattern)
{
	return strncmp(pattern, "more in ", 8) == 0 ||
	    strncmp(pattern, "only in ", 8) == 0;
}

/* The path below its theme, levels joined by " / ". */
static void
put_subpath(int fmt, const struct rcode *rc)
{
	const char *p = strchr(rc->path, '/');
	struct pen pen = { .fmt = fmt };

	if (p == NULL) {
		put_text(fmt, rc->path);
		return;
	}
	for (p++; *p != '\0'; p++) {
		if (*p == '/') {
			out_str(" / ");
			pen.any = pen.space = 0;
			continue;
		}
		size_t i = 0;

		pen_char(&pen, p, strlen(p), &i);
		p += i - 1;
	}
}

/* A code in a table: a theme by its name, a code by its path below it. */
static void
put_code_name(int fmt, const struct rcode *rc)
{
	if (rc->depth == 0)
		put_text(fmt, rc->path);
	else
		put_subpath(fmt, rc);
}

/*
 * The cells of a theme table after the code's: per group the count out of
 * the total and the %, then p, q and the pattern.
 */
static void
put_row_cells(const struct report *r, const struct rcode *rc, int fmt)
{
	const char *open = fmt == F_HTML ? "<td>" : " ";
	const char *close = fmt == F_HTML ? "</td>" : " |";
	const char *pattern = pattern_of(r, rc);

	for (int g = 0; g < r->k; g++) {
		double v = pct(rc->a[g], r->group[g].total);

		out_printf("%s%ld/%ld%s%s", open, rc->a[g], r->group[g].total,
		    close, open);
		if (isnan(v))
			out_str("\xe2\x80\x93");
		else
			out_printf("%.1f", v);
		out_str(close);
	}
	out_str(open);
	put_p(fmt, rc->row ? rc->row->p : NAN);
	out_printf("%s%s", close, open);
	put_p(fmt, rc->row ? rc->row->q : NAN);
	out_str(close);
	if (fmt == F_HTML)
		out_printf("<td class=\"pattern%s\">", is_difference(pattern) ?
		    " diff" : "");
	else
		out_str(open);
	put_text(fmt, *pattern ? pattern : "\xe2\x80\x93");
	out_str(close);
}

/* A growing string (the command line). */
struct buf {
	char *s;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = 2 * (b->n + n + 1);
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* One word quoted for a POSIX shell (bash's $'...' for control characters). */
static void
shell_word(struct buf *b, const char *w)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
	    "QRSTUVWXYZ0123456789_@%+=:,./-";
	int control = 0;

	for (const char *p = w; *p; p++)
		control |= (unsigned char)*p < 0x20 || *p == 0x7f;
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
		} else
			buf_add(b, p, 1);
	}
	buf_add(b, "'", 1);
}

/* The command line, as a shell would take it back. */
static char *
command_line(const struct options *o)
{
	struct buf b = { 0 };

	buf_add(&b, progname, strlen(progname));
	for (int i = 1; i < o->argc; i++) {
		buf_add(&b, " ", 1);
		shell_word(&b, o->argv[i]);
	}
	return b.s;
}

static size_t
count_themes(const struct report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ncode; i++)
		n += r->code[i].depth == 0;
	return n;
}

/* What the comparison is and where it comes from, in words. */
static void
put_comparison_words(const struct report *r)
{
	int fmt = r->o->format;

	if (r->nrow == 0 && !r->computed) {
		out_str(r->o->compare ? "none in " : "none: a comparison needs "
		    "two or more groups");
		if (r->o->compare)
			put_text(fmt, r->o->compare);
		return;
	}
	if (!r->computed) {
		out_printf("%zu codes from ", r->nrow);
		put_text(fmt, r->o->compare);
		out_str(" (tx-compare output), with its tests and patterns");
		return;
	}
	out_str("as tx-compare --by ");
	put_text(fmt, r->o->by);
	out_printf(" makes it: documents carrying each code in each group; "
	    "Fisher's exact test where an expected count is below 5, else "
	    "chi-square%s; q, Benjamini-Hochberg across the %zu codes; pattern: "
	    "only in, more in (q %s 0.05), shared (%s 50%% in every group), "
	    "rare (%s 10%% in every group), else similar",
	    r->k == 2 ? " with Yates' correction" : "", r->nrow,
	    fmt == F_HTML ? "&lt;" : "<", "\xe2\x89\xa5",
	    fmt == F_HTML ? "&lt;" : "<");
}

/* ------------------------------------------------------------------ */
/* HTML */

static const char css[] =
    "@page { size: A4; margin: 18mm 16mm 20mm; }\n"
    "html { font: 10.5pt/1.45 \"DejaVu Serif\", Georgia, serif; color: #111; "
    "background: #fff; }\n"
    "body { max-width: 178mm; margin: 0 auto; padding: 8mm 4mm; }\n"
    "h1, h2, h3, th, .meta, figcaption, dt { font-family: \"DejaVu Sans\", "
    "Helvetica, Arial, sans-serif; }\n"
    "h1 { font-size: 18pt; margin: 0 0 .2em; }\n"
    "h2 { font-size: 13.5pt; margin: 1.6em 0 .4em; border-bottom: 1px solid #999; }\n"
    "h3 { font-size: 11pt; margin: 1.1em 0 .3em; }\n"
    "h1, h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
    ".meta { color: #444; font-size: 9pt; margin: 0 0 1em; }\n"
    "dl.about { display: grid; grid-template-columns: max-content auto; "
    "gap: .15em 1em; font-size: 9.5pt; }\n"
    "dl.about dt { font-weight: bold; } dl.about dd { margin: 0; }\n"
    "code { font: 8.5pt/1.3 \"DejaVu Sans Mono\", monospace; "
    "overflow-wrap: anywhere; }\n"
    "table { border-collapse: collapse; margin: .4em 0 .8em; font-size: 9pt; }\n"
    "table, tr, figure, li, .group { break-inside: avoid; "
    "page-break-inside: avoid; }\n"
    "th, td { padding: .15em .5em; border-bottom: 1px solid #ccc; "
    "text-align: right; vertical-align: top; }\n"
    "th { border-bottom: 1px solid #666; font-size: 8.5pt; "
    "vertical-align: bottom; }\n"
    "th:first-child, td:first-child, .pattern { text-align: left; }\n"
    "th[colspan] { text-align: center; }\n"
    "tr.theme td { font-weight: bold; }\n"
    "td.diff { font-weight: bold; }\n"
    "figure { margin: .6em 0 1em; }\n"
    "figure svg { max-width: 100%; height: auto; }\n"
    "figcaption { font-size: 8.5pt; color: #444; }\n"
    ".desc { font-size: 9pt; color: #333; margin: .2em 0 .5em; }\n"
    ".group { font-weight: bold; font-size: 9.5pt; margin: .5em 0 .1em; "
    "font-family: \"DejaVu Sans\", Helvetica, Arial, sans-serif; }\n"
    ".group span { font-weight: normal; color: #555; }\n"
    "ul.quotes { margin: 0 0 .4em; padding-left: 1.4em; }\n"
    "ul.quotes li { margin: .15em 0; }\n"
    "p.none { margin: 0 0 .4em 1.4em; color: #666; font-style: italic; }\n"
    "mark { background: #fde68a; color: inherit; font-weight: bold; "
    "-webkit-print-color-adjust: exact; print-color-adjust: exact; }\n";

static void
html_head(struct report *r, const char *title)
{
	out_str("<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
	    "<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"generator\" content=\"tx-report " TX_VERSION "\"/>\n"
	    "<title>");
	put_text(F_HTML, title);
	out_str("</title>\n<style>\n");
	out_str(css);
	out_str("</style>\n</head>\n<body>\n<h1>");
	put_text(F_HTML, title);
	out_printf("</h1>\n<p class=\"meta\">Made on %s by tx-report " TX_VERSION
	    " from %s codings.</p>\n", r->date, r->c && r->c->ngroup ?
	    "the" : "empty");
}

static void
html_corpus(struct report *r, const char *cmd)
{
	out_str("<section id=\"corpus\">\n<h2>Corpus</h2>\n<table class=\"corpus\">\n"
	    "<thead><tr><th>");
	put_text(F_HTML, r->o->by);
	out_str("</th><th>documents</th><th>segments</th>"
	    "<th>coded segments</th></tr></thead>\n<tbody>\n");
	for (int g = 0; g < r->k; g++) {
		const struct count_group *cg = &r->c->group[r->group[g].cg];

		out_str("<tr><td>");
		put_text(F_HTML, r->group[g].label);
		out_printf("</td><td>%ld</td><td>%ld</td><td>%ld</td></tr>\n",
		    cg->total_docs, cg->total_segs, cg->coded_segs);
	}
	out_str("</tbody>\n</table>\n<dl class=\"about\">\n<dt>Coders</dt><dd>");
	for (size_t i = 0; i < r->ncoder; i++) {
		out_str(i ? ", " : "");
		put_text(F_HTML, r->coder[i]);
	}
	if (r->ncoder == 0)
		out_str("\xe2\x80\x93");
	out_str("</dd>\n<dt>Codebook</dt><dd>");
	if (r->have_cb) {
		put_text(F_HTML, r->o->codebook);
		out_printf(": %zu codes in %zu themes, in its order; SHA-256 "
		    "<code>%s</code></dd>\n", r->cb.ncode, count_themes(r), r->sha);
	} else
		out_str("none given: codes in path order</dd>\n");
	out_str("<dt>Comparison</dt><dd>");
	put_comparison_words(r);
	out_printf("</dd>\n<dt>Made</dt><dd>%s, tx " TX_VERSION "</dd>\n"
	    "<dt>Command</dt><dd><code>", r->date);
	put_text(F_HTML, cmd);
	out_str("</code></dd>\n</dl>\n</section>\n");
}

/*
 * ColorBrewer's single-hue "Blues" (Brewer, colorbrewer2.org), from light
 * to dark: its lightness falls steadily, so it reads in greyscale and for
 * every kind of colour blindness.
 */
static const unsigned char blues[9][3] = {
	{ 0xf7, 0xfb, 0xff }, { 0xde, 0xeb, 0xf7 }, { 0xc6, 0xdb, 0xef },
	{ 0x9e, 0xca, 0xe1 }, { 0x6b, 0xae, 0xd6 }, { 0x42, 0x92, 0xc6 },
	{ 0x21, 0x71, 0xb5 }, { 0x08, 0x51, 0x9c }, { 0x08, 0x30, 0x6b }
};

/* The colour of a percentage, "#rrggbb"; *dark when white text reads better. */
static void
scale_colour(double v, char out[8], int *dark)
{
	double x = (isnan(v) ? 0 : v < 0 ? 0 : v > 100 ? 100 : v) / 100 * 8;
	int i = x >= 8 ? 7 : (int)x;
	double f = x - i, lum = 0;
	unsigned rgb[3];

	for (int c = 0; c < 3; c++) {
		rgb[c] = (unsigned)lround(blues[i][c] + f * (blues[i + 1][c] -
		    blues[i][c]));
		lum += (c == 0 ? 0.2126 : c == 1 ? 0.7152 : 0.0722) *
		    pow(rgb[c] / 255.0, 2.2);
	}
	snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
	*dark = lum < 0.2;
}

/* The heatmap's geometry, in px at 12px type. */
#define HM_ROW 20
#define HM_HEAD 34
#define HM_INDENT 14
#define HM_BOLD 7.8         /* and in bold */
#define HM_GAP 8

struct hm {
	int label_w, cell_w, pattern_w, width, height;
	size_t label_chars, group_chars, pattern_chars;
};

static void
hm_layout(const struct report *r, struct hm *h)
{
	size_t lab = 8, grp = 4, pat = 7;

	for (size_t i = 0; i < r->ncode; i++) {
		const struct rcode *rc = &r->code[i];
		size_t n = utf8_chars(rc->name, strlen(rc->name)) +
		    (size_t)rc->depth * 2;
		size_t p = utf8_chars(pattern_of(r, rc), strlen(pattern_of(r, rc)));

		lab = n > lab ? n : lab;
		pat = p > pat ? p : pat;
	}
	for (int g = 0; g < r->k; g++) {
		size_t n = utf8_chars(r->group[g].label, strlen(r->group[g].label));

		grp = n > grp ? n : grp;
	}
	h->label_chars = lab > 44 ? 44 : lab;
	h->group_chars = grp > 18 ? 18 : grp;
	h->pattern_chars = pat > 30 ? 30 : pat;
	h->label_w = (int)(h->label_chars * HM_BOLD) + 12;
	h->cell_w = (int)(h->group_chars * HM_BOLD) + 14;
	if (h->cell_w < 52)
		h->cell_w = 52;
	h->pattern_w = (int)(h->pattern_chars * HM_BOLD) + 8;
	h->width = h->label_w + r->k * h->cell_w + 10 + h->pattern_w;
	h->height = HM_HEAD + (int)r->ncode * HM_ROW +
	    (int)(count_themes(r) > 0 ? count_themes(r) - 1 : 0) * HM_GAP + 52;
}

static void
hm_cell(const struct report *r, const struct rcode *rc, int g, int x, int y,
    int w)
{
	double v = pct(rc->a[g], r->group[g].total);
	char colour[8];
	int dark;

	scale_colour(v, colour, &dark);
	out_str("<g><title>");
	put_text(F_HTML, r->group[g].label);
	out_printf(": %ld of %ld %s</title>", rc->a[g], r->group[g].total, r->unit);
	out_printf("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"%s\"/>", x + 1, y + 1, w - 2, HM_ROW - 2, colour);
	out_printf("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
	    x + w / 2, y + 14, dark ? "#fff" : "#000");
	if (isnan(v))
		out_str("\xe2\x80\x93");
	else
		out_printf("%.0f%%", v);
	out_str("</text></g>\n");
}

static void
hm_legend(const struct report *r, const struct hm *h, int y)
{
	int x = h->label_w;

	out_printf("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#333\">"
	    "%% of %s</text>\n", x - 8, y + 14, r->unit);
	for (int i = 0; i <= 5; i++) {
		char colour[8];
		int dark;

		scale_colour(i * 20.0, colour, &dark);
		out_printf("<rect x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\" "
		    "fill=\"%s\" stroke=\"#999\" stroke-width=\"0.5\"/>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">"
		    "%d</text>\n", x + 40 * i, y + 1, HM_ROW - 2, colour,
		    x + 40 * i + 20, y + 14, dark ? "#fff" : "#000", i * 20);
	}
}

static void
html_heatmap(struct report *r)
{
	struct hm h;
	int y = HM_HEAD, first = 1;

	hm_layout(r, &h);
	out_str("<section id=\"heatmap\">\n<h2>Codes by ");
	put_text(F_HTML, r->o->by);
	out_printf("</h2>\n<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
	    "font-size=\"12\">\n<title>Heatmap: %% of %s carrying each code, by ",
	    h.width, h.height, h.width, h.height, r->unit);
	put_text(F_HTML, r->o->by);
	out_str("</title>\n");
	for (int g = 0; g < r->k; g++) {
		out_printf("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		    "font-weight=\"bold\">", h.label_w + g * h.cell_w + h.cell_w / 2,
		    HM_HEAD - 10);
		put_short(F_HTML, r->group[g].label, h.group_chars);
		out_str("</text>\n");
	}
	out_printf("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">pattern</text>\n",
	    h.label_w + r->k * h.cell_w + 10, HM_HEAD - 10);
	for (size_t i = 0; i < r->ncode; i++) {
		const struct rcode *rc = &r->code[r->order[i]];
		const char *pattern = pattern_of(r, rc);

		if (rc->depth == 0 && !first)
			y += HM_GAP;
		first = 0;
		out_printf("<text x=\"%d\" y=\"%d\"%s>", 4 + rc->depth * HM_INDENT,
		    y + 14, rc->depth == 0 ? " font-weight=\"bold\"" : "");
		put_short(F_HTML, rc->name, h.label_chars - (size_t)rc->depth * 2);
		out_str("</text>\n");
		for (int g = 0; g < r->k; g++)
			hm_cell(r, rc, g, h.label_w + g * h.cell_w, y, h.cell_w);
		out_printf("<text x=\"%d\" y=\"%d\"%s>", h.label_w + r->k * h.cell_w +
		    10, y + 14, is_difference(pattern) ? " font-weight=\"bold\"" : "");
		put_short(F_HTML, pattern, h.pattern_chars);
		out_str("</text>\n");
		y += HM_ROW;
	}
	hm_legend(r, &h, y + 18);
	out_printf("</svg>\n<figcaption>Each cell: the %% of the group's %s "
	    "that carry the code (a theme counts every document carrying any "
	    "of its codes); darker is more. Beside each row, the comparison's "
	    "pattern.</figcaption>\n</figure>\n</section>\n", r->unit);
}

/* One row of a theme's table. */
static void
html_code_row(struct report *r, const struct rcode *rc)
{
	out_printf("<tr%s><td", rc->depth == 0 ? " class=\"theme\"" : "");
	if (rc->depth > 1)
		out_printf(" style=\"padding-left: %.1fem\"", 0.5 + 1.2 * (rc->depth - 1));
	out_str(">");
	put_code_name(F_HTML, rc);
	out_str("</td>");
	put_row_cells(r, rc, F_HTML);
	out_str("</tr>\n");
}

static void
html_table(struct report *r, size_t from, size_t to)
{
	out_str("<table class=\"codes\">\n<thead><tr><th rowspan=\"2\">code</th>");
	for (int g = 0; g < r->k; g++) {
		out_str("<th colspan=\"2\">");
		put_text(F_HTML, r->group[g].label);
		out_str("</th>");
	}
	out_str("<th rowspan=\"2\">p</th><th rowspan=\"2\">q</th>"
	    "<th rowspan=\"2\" class=\"pattern\">pattern</th></tr>\n<tr>");
	for (int g = 0; g < r->k; g++)
		out_printf("<th>%s</th><th>%%</th>", r->unit);
	out_str("</tr></thead>\n<tbody>\n");
	for (size_t i = from; i < to; i++)
		html_code_row(r, &r->code[r->order[i]]);
	out_str("</tbody>\n</table>\n");
}

static int
has_quotes(const struct report *r, const struct rcode *rc)
{
	for (int g = 0; rc->cc >= 0 && g < r->k; g++)
		if (r->cell[(size_t)rc->cc * r->c->ngroup + r->group[g].cg].n > 0)
			return 1;
	return 0;
}

static void
html_quotes(struct report *r, const struct rcode *rc)
{
	out_str("<h3>");
	put_subpath(F_HTML, rc);
	out_str("</h3>\n");
	if (rc->depth > 0 && rc->cb != NULL && rc->cb->desc != NULL) {
		out_str("<p class=\"desc\">");
		put_text(F_HTML, rc->cb->desc);
		out_str("</p>\n");
	}
	for (int g = 0; g < r->k; g++) {
		const struct qcell *cell = rc->cc < 0 ? NULL :
		    &r->cell[(size_t)rc->cc * r->c->ngroup + r->group[g].cg];

		out_str("<p class=\"group\">");
		put_text(F_HTML, r->group[g].label);
		out_printf(" <span>(%ld of %ld %s)</span></p>\n", rc->a[g],
		    r->group[g].total, r->unit);
		if (cell == NULL || cell->n == 0) {
			out_str("<p class=\"none\">No segments.</p>\n");
			continue;
		}
		out_str("<ul class=\"quotes\">\n");
		for (size_t i = 0; i < cell->n; i++) {
			out_str("<li>");
			put_quote(r, rc, &cell->q[i]);
			out_str("</li>\n");
		}
		out_str("</ul>\n");
	}
}

/* The end of the theme that starts at report position from. */
static size_t
theme_end(const struct report *r, size_t from)
{
	size_t to = from + 1;

	while (to < r->ncode && r->code[r->order[to]].depth > 0)
		to++;
	return to;
}

static void
html_themes(struct report *r)
{
	size_t n = 0;

	for (size_t from = 0, to; from < r->ncode; from = to) {
		const struct rcode *theme = &r->code[r->order[from]];

		to = theme_end(r, from);
		out_printf("<section class=\"theme\" id=\"theme-%zu\">\n<h2>", ++n);
		put_text(F_HTML, theme->path);
		out_str("</h2>\n");
		if (theme->cb != NULL && theme->cb->desc != NULL) {
			out_str("<p class=\"desc\">");
			put_text(F_HTML, theme->cb->desc);
			out_str("</p>\n");
		}
		html_table(r, from, to);
		for (size_t i = from; i < to && r->o->quotes > 0; i++) {
			const struct rcode *rc = &r->code[r->order[i]];

			if (rc->depth > 0 || has_quotes(r, rc))
				html_quotes(r, rc);
		}
		out_str("</section>\n");
	}
}

static void
write_html(struct report *r, const char *title, const char *cmd)
{
	html_head(r, title);
	if (r->c != NULL) {
		html_corpus(r, cmd);
		if (r->ncode > 0)
			html_heatmap(r);
		else
			out_str("<p>No segment carries a code.</p>\n");
		html_themes(r);
	} else {
		out_str("<p>The input is empty: there is nothing to report.</p>\n"
		    "<p class=\"meta\"><code>");
		put_text(F_HTML, cmd);
		out_str("</code></p>\n");
	}
	out_str("</body>\n</html>\n");
}

/* ------------------------------------------------------------------ */
/* Markdown */

/*
 * Blocks (paragraphs, tables, lists) are separated by one blank line:
 * each starts with md_block(), which writes the blank line the previous
 * block left owing, so the page ends with one line end.
 */
static int md_owing;

static void
md_block(void)
{
	if (md_owing)
		out_char('\n');
	md_owing = 1;
}

static void
md_corpus(struct report *r, const char *cmd)
{
	md_block();
	out_str("## Corpus\n");
	md_block();
	out_str("| ");
	put_text(F_MD, r->o->by);
	out_str(" | documents | segments | coded segments |\n|---|--:|--:|--:|\n");
	for (int g = 0; g < r->k; g++) {
		const struct count_group *cg = &r->c->group[r->group[g].cg];

		out_str("| ");
		put_text(F_MD, r->group[g].label);
		out_printf(" | %ld | %ld | %ld |\n", cg->total_docs, cg->total_segs,
		    cg->coded_segs);
	}
	md_block();
	out_str("- Coders: ");
	for (size_t i = 0; i < r->ncoder; i++) {
		out_str(i ? ", " : "");
		put_text(F_MD, r->coder[i]);
	}
	if (r->ncoder == 0)
		out_str("\xe2\x80\x93");
	out_str("\n- Codebook: ");
	if (r->have_cb) {
		put_text(F_MD, r->o->codebook);
		out_printf(": %zu codes in %zu themes, in its order; SHA-256 `%s`\n",
		    r->cb.ncode, count_themes(r), r->sha);
	} else
		out_str("none given: codes in path order\n");
	out_str("- Comparison: ");
	put_comparison_words(r);
	out_printf("\n- Made: %s, tx " TX_VERSION "\n- Command:\n", r->date);
	md_block();
	out_printf("    %s\n", cmd);
}

static void
md_heatmap(struct report *r)
{
	md_block();
	out_str("## Codes by ");
	put_text(F_MD, r->o->by);
	out_char('\n');
	md_block();
	out_printf("%% of each group's %s that carry the code.\n", r->unit);
	md_block();
	out_str("| code |");
	for (int g = 0; g < r->k; g++) {
		out_char(' ');
		put_text(F_MD, r->group[g].label);
		out_str(" |");
	}
	out_str(" pattern |\n|---|");
	for (int g = 0; g < r->k; g++)
		out_str("--:|");
	out_str("---|\n");
	for (size_t i = 0; i < r->ncode; i++) {
		const struct rcode *rc = &r->code[r->order[i]];

		out_str(rc->depth == 0 ? "| **" : "| ");
		put_code_name(F_MD, rc);
		out_str(rc->depth == 0 ? "** |" : " |");
		for (int g = 0; g < r->k; g++) {
			double v = pct(rc->a[g], r->group[g].total);

			if (isnan(v))
				out_str(" \xe2\x80\x93 |");
			else
				out_printf(" %.0f%% |", v);
		}
		out_char(' ');
		put_text(F_MD, pattern_of(r, rc));
		out_str(" |\n");
	}
}

static void
md_table(struct report *r, size_t from, size_t to)
{
	md_block();
	out_str("| code |");
	for (int g = 0; g < r->k; g++) {
		out_char(' ');
		put_text(F_MD, r->group[g].label);
		out_printf(" %s | %% |", r->unit);
	}
	out_str(" p | q | pattern |\n|---|");
	for (int g = 0; g < r->k; g++)
		out_str("--:|--:|");
	out_str("--:|--:|---|\n");
	for (size_t i = from; i < to; i++) {
		const struct rcode *rc = &r->code[r->order[i]];

		out_str(rc->depth == 0 ? "| **" : "| ");
		put_code_name(F_MD, rc);
		out_str(rc->depth == 0 ? "** |" : " |");
		put_row_cells(r, rc, F_MD);
		out_char('\n');
	}
}

static void
md_quotes(struct report *r, const struct rcode *rc)
{
	md_block();
	out_str("### ");
	put_subpath(F_MD, rc);
	out_char('\n');
	if (rc->depth > 0 && rc->cb != NULL && rc->cb->desc != NULL) {
		md_block();
		out_char('*');
		put_text(F_MD, rc->cb->desc);
		out_str("*\n");
	}
	for (int g = 0; g < r->k; g++) {
		const struct qcell *cell = rc->cc < 0 ? NULL :
		    &r->cell[(size_t)rc->cc * r->c->ngroup + r->group[g].cg];

		md_block();
		put_text(F_MD, r->group[g].label);
		out_printf(" (%ld of %ld %s):\n", rc->a[g], r->group[g].total,
		    r->unit);
		md_block();
		if (cell == NULL || cell->n == 0) {
			out_str("- no segments\n");
			continue;
		}
		for (size_t i = 0; i < cell->n; i++) {
			out_str("- ");
			put_quote(r, rc, &cell->q[i]);
			out_char('\n');
		}
	}
}

static void
write_md(struct report *r, const char *title, const char *cmd)
{
	md_block();
	out_str("# ");
	put_text(F_MD, title);
	out_char('\n');
	md_block();
	out_printf("Made on %s by tx-report " TX_VERSION ".\n", r->date);
	if (r->c == NULL) {
		md_block();
		out_str("The input is empty: there is nothing to report.\n");
		md_block();
		out_printf("    %s\n", cmd);
		return;
	}
	md_corpus(r, cmd);
	if (r->ncode > 0)
		md_heatmap(r);
	else {
		md_block();
		out_str("No segment carries a code.\n");
	}
	for (size_t from = 0, to; from < r->ncode; from = to) {
		const struct rcode *theme = &r->code[r->order[from]];

		to = theme_end(r, from);
		md_block();
		out_str("## ");
		put_text(F_MD, theme->path);
		out_char('\n');
		if (theme->cb != NULL && theme->cb->desc != NULL) {
			md_block();
			put_text(F_MD, theme->cb->desc);
			out_char('\n');
		}
		md_table(r, from, to);
		for (size_t i = from; i < to && r->o->quotes > 0; i++) {
			const struct rcode *rc = &r->code[r->order[i]];

			if (rc->depth > 0 || has_quotes(r, rc))
				md_quotes(r, rc);
		}
	}
}

/* ------------------------------------------------------------------ */

static void
report_free(struct report *r)
{
	for (size_t i = 0; r->c != NULL && i < r->c->ncode * r->c->ngroup; i++) {
		for (size_t j = 0; j < r->cell[i].n; j++) {
			free(r->cell[i].q[j].text);
			free(r->cell[i].q[j].doc);
			free(r->cell[i].q[j].speaker);
			free(r->cell[i].q[j].match);
		}
		free(r->cell[i].q);
	}
	free(r->cell);
	for (size_t i = 0; i < r->ncode; i++) {
		free(r->code[i].path);
		free(r->code[i].a);
	}
	free(r->code);
	free(r->order);
	for (size_t j = 0; j < r->nrow; j++) {
		free(r->row[j].path);
		free(r->row[j].a);
		free(r->row[j].n);
		free(r->row[j].test);
		free(r->row[j].pattern);
	}
	free(r->row);
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
}

/* The codebook: its order, descriptions, checksum and patterns. */
static void
load_codebook(struct report *r, const char *file)
{
	if (codebook_load(&r->cb, file) != 0)
		tx_exit(out_close(EXIT_USAGE));
	r->have_cb = 1;
	sha256_file(file, r->sha);
	if ((r->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (r->mctx = pcre2_match_context_create(NULL)) == NULL)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	pcre2_set_match_limit(r->mctx, CB_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, CB_DEPTH_LIMIT);
	pcre2_set_heap_limit(r->mctx, CB_HEAP_LIMIT);
}

int
main(int argc, char *argv[])
{
	struct options o = { .quotes = 2, .width = 240, .format = F_HTML };
	struct compare_options co = COMPARE_OPTIONS_INIT;
	struct report r = { .o = &o, .unit = "documents" };
	char *title, *cmd;
	int status, st2, spooled, nfiles;
	char **files;

	tx_init(argv, usage);
	o.argc = argc;
	o.argv = argv;
	parse_options(&o, argc, argv);
	report_date(r.date, sizeof(r.date));
	if (o.codebook != NULL)
		load_codebook(&r, o.codebook);
	nfiles = argc - optind;
	files = argv + optind;
	spooled = spool_inputs(nfiles, files);
	r.c = count_pass(&o, nfiles, files, &status);
	if (r.c != NULL) {
		if (o.compare != NULL)
			st2 = read_comparison(&r, o.compare);
		else if (r.c->ngroup >= 2 || o.groups != NULL) {
			compute_comparison(&r, &co);
			st2 = EXIT_OK;
		} else {
			all_groups(&r);
			st2 = EXIT_OK;
		}
		status = status ? status : st2;
		r.unit = unit_of(&r);
		if (spooled)
			lseek(0, 0, SEEK_SET);
		st2 = quote_pass(&r, nfiles, files);
		status = status ? status : st2;
		collect_codes(&r);
		rank_codes(&r);
		order_codes(&r);
	}
	if (o.title != NULL)
		title = xstrdup(o.title);
	else {
		title = xmalloc(strlen(o.by) + 16);
		sprintf(title, "Themes by %s", o.by);
	}
	cmd = command_line(&o);
	if (o.format == F_HTML)
		write_html(&r, title, cmd);
	else
		write_md(&r, title, cmd);
	free(title);
	free(cmd);
	report_free(&r);
	free(o.groups);
	return out_close(status);
}

static void
usage(int status)
{
	static const char synopsis[] =
	    "usage: tx-report -b col [-C comparison.tsv] [-c codebook] [-g a,b,...]\n"
	    "                 [-q n] [-w chars] [-T html|md] [-t title]\n"
	    "                 [--max-field size] [file ...]\n";
	static const char text[] =
	    "  -b, --by COL          the column whose groups are compared (required)\n"
	    "  -C, --compare FILE    take the comparison from FILE (tx-compare's wide\n"
	    "                        output) instead of computing it as tx-compare does\n"
	    "  -c, --codebook FILE   themes and codes in its order, with descriptions,\n"
	    "                        checksum, and every match of a code marked\n"
	    "  -g, --groups A,B,...  compare these groups, in this order (default: all)\n"
	    "  -q, --quotes N        quotes per code and group, 0 to 100 (2)\n"
	    "  -w, --width N         a quote's length in characters, 40 or more (240)\n"
	    "  -T, --to FORMAT       html (default): one self-contained page; or md\n"
	    "  -t, --title TEXT      the title (default: \"Themes by COL\")\n"
	    "      --max-field N     longest field read, in bytes (K, M, G; default 256M)\n"
	    "  -h, --help            this help\n"
	    "      --version         print the version\n";

	tx_usage(status, synopsis, text);
}
