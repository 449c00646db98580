/*
 * Rules: what a codebook row states beyond one regex (codebook.h).
 *
 *   near       a match of the row's pattern counts only if a match of near
 *              lies within the window, in the direction
 *   not_near   a match is dropped if a match of not_near lies so
 *   window     Nw (at most N words between the two matches), sentence
 *              (tx-segment's sentence rule), segment (the default)
 *   direction  any (the default), before, after: where the other match lies
 *   within     a code path: the row counts only in segments that carry it
 *   speakers   a regex on the speaker column: the row counts only there
 *   rule       a Boolean code: code paths with & | ! and parentheses
 *   requires   the codebook version the codebook needs (CB_VERSION)
 *
 * A code with such a row is matched here, after the others, in dependency
 * order (within and rule name codes; a cycle is an error): every match of
 * each of its patterns, with its bytes, then the rules. Codes without
 * rules are matched by codebook.c as before and only buffered here, so
 * that every code is reported in codebook order.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "out.h"
#include "tx.h"
#include "codebook.h"
#include "rules.h"
#include "segment/segment.h"
#include "shape.h"

enum { RC_NEAR, RC_NOT_NEAR, RC_WINDOW, RC_DIRECTION, RC_WITHIN, RC_SPEAKERS,
	RC_RULE, RC_REQUIRES, RC_N };
const char *const codebook_rule_columns[CB_RULE_COLUMNS] = { "near",
	"not_near", "window", "direction", "within", "speakers", "rule",
	"requires" };
#define rule_col codebook_rule_columns

enum { WIN_SEGMENT = -2, WIN_SENTENCE = -1 };
enum { DIR_ANY, DIR_BEFORE, DIR_AFTER, DIR_N };
/* As the direction column and -l write them. */
static const char *const dir_name[DIR_N] = { "any", "before", "after" };
#define MAX_WORDS 1000
#define MAX_NESTING 64

/* The rule columns of one pattern row. */
struct rule_row {
	long line;
	size_t idx;             /* among all rows */
	size_t code;
	struct cb_pattern near, not_near, speakers;     /* .re NULL: none */
	int window, dir;
	int closed;             /* near's and not_near's byte variants fit
	                         * neutral text too (bit 0, bit 1) */
	char *within;           /* a path, or NULL */
	long wcode;             /* its code */
	atomic_ulong matched, lost_near, lost_not_near; /* --verbose */
};

/* A Boolean code's expression, in postfix. */
enum { OP_CODE, OP_NOT, OP_AND, OP_OR };
struct rnode {
	int op;
	char *path;             /* OP_CODE */
	size_t off;             /* in the source, for messages */
	long code;
};

/* What a code with rules has: its rule rows, or an expression. */
struct cb_rule {
	size_t code;
	struct rule_row **rows;
	size_t nrows;
	long line;              /* the rule row, 0: none */
	char *src;
	struct rnode *rpn;
	size_t nrpn;
	long *oper;             /* distinct operands, in order */
	size_t noper;
	long *dep;              /* codes with rules it waits for */
	size_t ndep;
	int mark;
};

struct cb_rules {
	int col[RC_N];
	struct rule_row **rows;
	size_t nrows;
	struct cb_rule **codes; /* in order of creation */
	size_t ncodes;
	size_t *order;          /* codes with rules, dependency order */
	size_t norder;
	size_t *end;            /* per code: the end of its subtree */
	int speakers;
	size_t maxrpn;          /* the longest expression */
	pcre2_code *words;
};

struct rule_state {
	const struct codebook *cb;
	struct cb_result *res;
	uint64_t *carried, *failed, *cand, *cerr;
	struct spans *pspans;   /* by pattern id: a candidate's matches */
	uint64_t *opset;        /* a Boolean code's operands present */
	uint64_t *seen;         /* rules_kept: the codes its text carries, */
	struct buf seenkey;     /* for this text and speaker */
	int seenok;
	int *stack;             /* its evaluation's */
	size_t nw;
	const char *speaker;
	size_t speakerlen;
	unsigned long gen;      /* the text's number, for the memos */
	unsigned long *spk_gen;
	int *spk_in;
	struct spans other;
	/*
	 * The sentence ends (seg_sentence_ends_at) in text[from, upto), in
	 * order: each byte is tried at most once per text (gen), however
	 * many windows ask.
	 */
	size_t *ends;
	size_t nends, capends, ends_from, ends_upto;
	unsigned long ends_gen;
	/*
	 * By a rule regex's id less npattern: its matches in the text of
	 * gen, found while the prefilter's scan of it held, or the PCRE2
	 * error that stopped them.
	 */
	struct spans *rspans;
	int *rrc;
	unsigned long *rgen;
	/* By an exclude's id: whether it matched (or its error), so found. */
	int *xrc;
	unsigned long *xgen;
	pcre2_match_data *md;
};

static char *
trim(const char *s)
{
	return codebook_trimmed(s, strlen(s));
}

/* A code path as written (n bytes, not a C string): codebook_path. */
static char *
norm_path(const char *s, size_t n)
{
	char *raw = xstrndup(s, n), *path = codebook_path(raw);

	free(raw);
	return path;
}

static long
code_of(const struct codebook *cb, const char *path)
{
	for (size_t i = 0; i < cb->ncode; i++)
		if (strcmp(cb->code[i].path, path) == 0)
			return (long)i;
	return -1;
}

/* Whether code d is c or below it. */
static int
below(const struct codebook *cb, long d, long c)
{
	for (; d >= 0; d = cb->code[d].parent)
		if (d == c)
			return 1;
	return 0;
}

void
rules_columns(struct codebook *cb, const struct table *tb, int *err)
{
	struct cb_rules *r = xcalloc(1, sizeof(*r));
	int any = 0, req;
	char *v, *end;
	long n;

	for (int k = 0; k < RC_N; k++)
		any |= (r->col[k] = codebook_column(tb, rule_col[k])) >= 0;
	if (!any) {
		free(r);
		return;
	}
	cb->rules = r;
	if ((req = r->col[RC_REQUIRES]) < 0)
		return;
	for (size_t i = 0; i < tb->nrow; i++) {
		v = trim(tb->row[i].f[req]);
		n = strtol(v, &end, 10);
		if (*v != '\0' && (*end != '\0' || n < 1 || v[0] == '+')) {
			tx_warn(cb->name, tb->row[i].line, "requires \"%s\": not "
			    "a codebook version (a whole number from 1)", v);
			*err = 1;
		} else if (*v != '\0' && n > CB_VERSION) {
			tx_warn(cb->name, tb->row[i].line, "requires codebook "
			    "version %ld; this tx-code reads versions 1 to %d "
			    "(install a newer tx)", n, CB_VERSION);
			*err = 1;
		}
		free(v);
	}
}

static int
parse_window(const char *s)
{
	char *end;
	long n;

	if (*s == '\0' || strcasecmp(s, "segment") == 0)
		return WIN_SEGMENT;
	if (strcasecmp(s, "sentence") == 0)
		return WIN_SENTENCE;
	if (*s < '0' || *s > '9')
		return -3;
	n = strtol(s, &end, 10);
	if ((*end != 'w' && *end != 'W') || end[1] != '\0' || n > MAX_WORDS)
		return -3;
	return (int)n;
}

static int
parse_direction(const char *s)
{
	if (*s == '\0')
		return DIR_ANY;
	for (int k = 0; k < DIR_N; k++)
		if (strcasecmp(s, dir_name[k]) == 0)
			return k;
	return -1;
}

/* The Boolean expression parser: recursive descent to postfix. */
struct parser {
	const char *s;
	size_t i, n;
	struct rnode *v;
	size_t nv, cap;
	const char *err;
	size_t erroff;
	int depth;
};

static void
emit(struct parser *p, int op, char *path, size_t off)
{
	if (p->nv == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->nv].op = op;
	p->v[p->nv].path = path;
	p->v[p->nv].off = off;
	p->v[p->nv++].code = -1;
}

static char
peek(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
	return p->i < p->n ? p->s[p->i] : '\0';
}

static int
fail(struct parser *p, const char *err)
{
	if (p->err == NULL) {
		p->err = err;
		p->erroff = p->i;
	}
	return -1;
}

static int parse_or(struct parser *p);

static int
parse_factor(struct parser *p)
{
	char c = peek(p);
	size_t a = p->i;
	char *path;
	int rc;

	if (++p->depth > MAX_NESTING)
		return fail(p, "nested too deeply");
	if (c == '!') {
		p->i++;
		if ((rc = parse_factor(p)) == 0)
			emit(p, OP_NOT, NULL, a);
	} else if (c == '(') {
		p->i++;
		if ((rc = parse_or(p)) == 0 && peek(p) != ')')
			rc = fail(p, "\")\" expected");
		p->i++;
	} else {
		while (p->i < p->n && strchr("&|!()", p->s[p->i]) == NULL)
			p->i++;
		if (p->i == a)
			return fail(p, "a code expected");
		if ((path = norm_path(p->s + a, p->i - a)) == NULL) {
			p->i = a;
			return fail(p, "a code with an empty level");
		}
		emit(p, OP_CODE, path, a);
		rc = 0;
	}
	p->depth--;
	return rc;
}

/* Level 1: factors joined by &; level 0: those joined by |. */
static int
parse_binary(struct parser *p, int level)
{
	char op = level == 0 ? '|' : '&';
	int first = 1;

	do {
		if (!first)
			p->i++;
		if ((level == 0 ? parse_binary(p, 1) : parse_factor(p)) != 0)
			return -1;
		if (!first)
			emit(p, level == 0 ? OP_OR : OP_AND, NULL, 0);
		first = 0;
	} while (peek(p) == op);
	return 0;
}

static int
parse_or(struct parser *p)
{
	return parse_binary(p, 0);
}

static void
free_rpn(struct rnode *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k].path);
	free(v);
}

/* The rules of code (index in creation order), made on first use. */
static struct cb_rule *
rule_of(struct codebook *cb, long code)
{
	struct cb_rules *r = cb->rules;
	struct cb_code *c = &cb->code[code];

	if (c->rule == NULL) {
		c->rule = xcalloc(1, sizeof(*c->rule));
		r->codes = xrealloc(r->codes, (r->ncodes + 1) * sizeof(*r->codes));
		r->codes[r->ncodes++] = c->rule;
	}
	return c->rule;
}

/* A rule row: the Boolean expression of code. */
static void
rule_expr(struct codebook *cb, long code, const char *src, long line,
    int *err)
{
	struct parser p = { .s = src, .n = strlen(src) };
	const char *path = cb->code[code].path;
	struct cb_rule *cr;

	if (parse_or(&p) == 0 && peek(&p) != '\0')
		fail(&p, "an operator (& | !) or the end expected");
	if (p.err != NULL) {
		tx_warn(cb->name, line, "code \"%s\": rule \"%s\": %s at offset "
		    "%zu", path, src, p.err, p.erroff);
		*err = 1;
		free_rpn(p.v, p.nv);
		return;
	}
	cr = rule_of(cb, code);
	if (cr->line != 0) {
		tx_warn(cb->name, line, "code \"%s\": a second rule (the first "
		    "is on line %ld): join them with |", path, cr->line);
		*err = 1;
		free_rpn(p.v, p.nv);
		return;
	}
	cr->line = line;
	if (p.nv > cb->rules->maxrpn)
		cb->rules->maxrpn = p.nv;
	cr->src = xstrdup(src);
	cr->rpn = p.v;
	cr->nrpn = p.nv;
}

static void
free_row(struct rule_row *w)
{
	pcre2_code_free(w->near.re);
	pcre2_code_free(w->not_near.re);
	pcre2_code_free(w->near.bre);
	pcre2_code_free(w->not_near.bre);
	pcre2_code_free(w->speakers.re);
	free(w->near.src);
	free(w->not_near.src);
	free(w->speakers.src);
	free(w->within);
	free(w);
}

static void
row_regex(struct codebook *cb, struct cb_pattern *p, const char *path,
    const char *what, const char *src, long line, int *err)
{
	if (*src == '\0')
		return;
	if ((p->re = codebook_compile(cb->name, line, path, what, src)) == NULL)
		*err = 1;
	p->src = xstrdup(src);
	p->line = line;
}

void
rules_row(struct codebook *cb, char **f, long line, long code,
    struct cb_pattern *pat, int haspat, int *err)
{
	struct cb_rules *r = cb->rules;
	char *v[RC_N];
	const char *path;
	struct rule_row *w;
	struct cb_rule *cr;
	int first = -1, bad = 0;

	for (int k = 0; k < RC_N; k++) {
		v[k] = trim(r->col[k] >= 0 ? f[r->col[k]] : "");
		if (*v[k] != '\0' && k != RC_REQUIRES && first < 0)
			first = k;
	}
	if (first < 0)
		goto done;
	if (code < 0) {
		tx_warn(cb->name, line, "%s \"%s\" has no code", rule_col[first],
		    v[first]);
		*err = 1;
		goto done;
	}
	path = cb->code[code].path;
	if (*v[RC_RULE] != '\0') {
		if (haspat || first != RC_RULE) {
			tx_warn(cb->name, line, "code \"%s\": a rule row has no "
			    "%s (a Boolean code is its rule alone; give the "
			    "other columns to its codes' rows)", path,
			    haspat ? "pattern" : rule_col[first]);
			*err = 1;
		} else
			rule_expr(cb, code, v[RC_RULE], line, err);
		goto done;
	}
	if (!haspat) {
		tx_warn(cb->name, line, "code \"%s\": %s but no pattern on the "
		    "row (a rule qualifies its row's pattern)", path,
		    rule_col[first]);
		*err = 1;
		goto done;
	}
	w = xcalloc(1, sizeof(*w));
	w->line = line;
	w->wcode = -1;
	if ((w->window = parse_window(v[RC_WINDOW])) == -3) {
		tx_warn(cb->name, line, "code \"%s\": window \"%s\": not Nw (N "
		    "words, 0 to %d), sentence or segment", path, v[RC_WINDOW],
		    MAX_WORDS);
		bad = 1;
	}
	if ((w->dir = parse_direction(v[RC_DIRECTION])) < 0) {
		tx_warn(cb->name, line, "code \"%s\": direction \"%s\": not any, "
		    "before or after", path, v[RC_DIRECTION]);
		bad = 1;
	}
	if ((*v[RC_WINDOW] != '\0' || *v[RC_DIRECTION] != '\0') &&
	    *v[RC_NEAR] == '\0' && *v[RC_NOT_NEAR] == '\0') {
		tx_warn(cb->name, line, "code \"%s\": %s without near or "
		    "not_near", path, *v[RC_WINDOW] ? "window" : "direction");
		bad = 1;
	}
	row_regex(cb, &w->near, path, "near", v[RC_NEAR], line, &bad);
	row_regex(cb, &w->not_near, path, "not_near", v[RC_NOT_NEAR], line, &bad);
	row_regex(cb, &w->speakers, path, "speakers", v[RC_SPEAKERS], line, &bad);
	if (*v[RC_WITHIN] != '\0' &&
	    (w->within = norm_path(v[RC_WITHIN], strlen(v[RC_WITHIN]))) == NULL) {
		tx_warn(cb->name, line, "code \"%s\": within \"%s\": a code "
		    "with an empty level", path, v[RC_WITHIN]);
		bad = 1;
	}
	if (bad || pat == NULL) {
		*err |= bad;
		free_row(w);
		goto done;
	}
	r->speakers |= w->speakers.re != NULL;
	w->idx = r->nrows;
	r->rows = xrealloc(r->rows, (r->nrows + 1) * sizeof(*r->rows));
	r->rows[r->nrows++] = w;
	pat->rule = w;
	cr = rule_of(cb, code);
	cr->rows = xrealloc(cr->rows, (cr->nrows + 1) * sizeof(*cr->rows));
	cr->rows[cr->nrows++] = w;
done:
	for (int k = 0; k < RC_N; k++)
		free(v[k]);
}

/* The value of an expression with the operands in set (a bitmap of codes). */
static int
eval(const struct cb_rule *cr, const uint64_t *set, int *stack)
{
	size_t sp = 0;

	for (size_t k = 0; k < cr->nrpn; k++) {
		const struct rnode *nd = &cr->rpn[k];

		switch (nd->op) {
		case OP_CODE:
			stack[sp++] = set != NULL && ((set[nd->code / 64] >>
			    (nd->code % 64)) & 1);
			break;
		case OP_NOT:
			stack[sp - 1] = !stack[sp - 1];
			break;
		case OP_AND:
			sp--;
			stack[sp - 1] = stack[sp - 1] && stack[sp];
			break;
		case OP_OR:
			sp--;
			stack[sp - 1] = stack[sp - 1] || stack[sp];
			break;
		}
	}
	return stack[0];
}

static void
add_dep(struct cb_rule *cr, long d)
{
	for (size_t k = 0; k < cr->ndep; k++)
		if (cr->dep[k] == d)
			return;
	cr->dep = xrealloc(cr->dep, (cr->ndep + 1) * sizeof(*cr->dep));
	cr->dep[cr->ndep++] = d;
}

/* Code x waits for the codes with rules at or below c, but itself. */
static void
depends(const struct codebook *cb, struct cb_rule *cr, long c)
{
	for (size_t i = 0; i < cb->ncode; i++)
		if (cb->code[i].rule != NULL && (long)i != (long)cr->code &&
		    below(cb, (long)i, c))
			add_dep(cr, (long)i);
}

/* Resolve the names of code i's rules; 0, or -1 with the errors reported. */
static int
resolve(struct codebook *cb, size_t i)
{
	struct cb_code *c = &cb->code[i];
	struct cb_rule *cr = c->rule;
	int bad = 0;

	cr->code = i;
	for (size_t k = 0; k < cr->nrows; k++) {
		struct rule_row *w = cr->rows[k];

		w->code = i;
		if (w->within == NULL)
			continue;
		if ((w->wcode = code_of(cb, w->within)) < 0) {
			tx_warn(cb->name, w->line, "code \"%s\": within \"%s\": "
			    "no such code", c->path, w->within);
			bad = 1;
		} else if (w->wcode == (long)i) {
			tx_warn(cb->name, w->line, "code \"%s\": within its own "
			    "code (a cycle)", c->path);
			bad = 1;
		}
	}
	if (cr->line == 0)
		return -bad;
	if (c->npat > 0) {
		tx_warn(cb->name, cr->line, "code \"%s\": a rule and patterns "
		    "(line %ld): a Boolean code has its rule alone", c->path,
		    c->pat[0].line);
		bad = 1;
	}
	for (size_t k = 0; k < cr->nrpn; k++) {
		struct rnode *nd = &cr->rpn[k];
		size_t j;

		if (nd->op != OP_CODE)
			continue;
		if ((nd->code = code_of(cb, nd->path)) < 0) {
			tx_warn(cb->name, cr->line, "code \"%s\": rule \"%s\": "
			    "\"%s\" is no code (offset %zu)", c->path, cr->src,
			    nd->path, nd->off);
			bad = 1;
			continue;
		}
		if (nd->code == (long)i) {
			tx_warn(cb->name, cr->line, "code \"%s\": rule \"%s\" "
			    "names its own code (a cycle)", c->path, cr->src);
			bad = 1;
			continue;
		}
		for (j = 0; j < cr->noper && cr->oper[j] != nd->code; j++)
			;
		if (j == cr->noper) {
			cr->oper = xrealloc(cr->oper, (j + 1) * sizeof(*cr->oper));
			cr->oper[cr->noper++] = nd->code;
		}
	}
	if (!bad) {
		int *stack = xcalloc(cr->nrpn + 1, sizeof(*stack));

		if (eval(cr, NULL, stack)) {
			tx_warn(cb->name, cr->line, "code \"%s\": rule \"%s\" "
			    "holds in a segment that carries none of its codes "
			    "(it would code every such segment): add a code it "
			    "needs, as A & !B", c->path, cr->src);
			bad = 1;
		}
		free(stack);
	}
	return -bad;
}

/*
 * Depth-first: codes in dependency order. A cycle is reported once, as
 * the path of codes (stack: the codes being visited).
 */
static int
visit(struct codebook *cb, struct cb_rule *cr, size_t *stack, size_t depth)
{
	struct cb_rules *r = cb->rules;
	struct buf msg = { 0 };
	size_t k;

	if (cr->mark == 2)
		return 0;
	if (cr->mark == 1) {
		for (k = 0; stack[k] != cr->code; k++)
			;
		for (; k < depth; k++) {
			buf_str(&msg, cb->code[stack[k]].path);
			buf_str(&msg, " -> ");
		}
		buf_str(&msg, cb->code[cr->code].path);
		tx_warn(cb->name, cr->line ? cr->line : cr->rows[0]->line,
		    "code \"%s\": a cycle of within and rule: %s",
		    cb->code[cr->code].path, msg.s);
		buf_free(&msg);
		return -1;
	}
	cr->mark = 1;
	stack[depth] = cr->code;
	for (k = 0; k < cr->ndep; k++)
		if (visit(cb, cb->code[cr->dep[k]].rule, stack, depth + 1) != 0)
			break;
	cr->mark = 2;
	if (k < cr->ndep)
		return -1;
	r->order[r->norder++] = cr->code;
	return 0;
}

void
rules_finish(struct codebook *cb, int *err)
{
	struct cb_rules *r = cb->rules;
	size_t *stack;
	int bad = 0;

	for (size_t i = 0; i < cb->ncode; i++)
		if (cb->code[i].rule != NULL && resolve(cb, i) != 0)
			bad = 1;
	/* Dependencies, and cycles, among the names that resolved. */
	for (size_t k = 0; k < r->ncodes; k++) {
		struct cb_rule *cr = r->codes[k];

		for (size_t j = 0; j < cr->nrows; j++)
			if (cr->rows[j]->wcode >= 0)
				depends(cb, cr, cr->rows[j]->wcode);
		for (size_t j = 0; j < cr->noper; j++)
			depends(cb, cr, cr->oper[j]);
	}
	r->order = xcalloc(r->ncodes + 1, sizeof(*r->order));
	stack = xcalloc(r->ncodes + 1, sizeof(*stack));
	for (size_t i = 0; i < cb->ncode; i++)
		if (cb->code[i].rule != NULL && visit(cb, cb->code[i].rule,
		    stack, 0) != 0)
			bad = 1;
	free(stack);
	if (bad || *err) {
		*err = 1;
		return;
	}
	if (r->ncodes == 0) {
		rules_free(cb);
		return;
	}
	r->end = xcalloc(cb->ncode, sizeof(*r->end));
	for (size_t i = cb->ncode; i-- > 0; ) {
		r->end[i] = r->end[i] > i + 1 ? r->end[i] : i + 1;
		if (cb->code[i].parent >= 0 &&
		    r->end[cb->code[i].parent] < r->end[i])
			r->end[cb->code[i].parent] = r->end[i];
	}
}

size_t
rules_regexes(const struct codebook *cb, struct cb_pattern **out)
{
	size_t n = 0;

	for (size_t k = 0; cb->rules != NULL && k < cb->rules->nrows; k++) {
		struct rule_row *w = cb->rules->rows[k];
		struct cb_pattern *p[2] = { &w->near, &w->not_near };

		for (int i = 0; i < 2; i++) {
			if (p[i]->re == NULL)
				continue;
			p[i]->code = w->code;
			if (out != NULL)
				out[n] = p[i];
			n++;
		}
	}
	return n;
}

static void
jit(struct cb_pattern *p, int on)
{
	p->jit = on && p->re != NULL &&
	    pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE) == 0;
}

void
rules_prepare(struct codebook *cb)
{
	struct cb_rules *r = cb->rules;
	PCRE2_SIZE off;
	int ec;

	for (size_t k = 0; k < r->nrows; k++) {
		struct rule_row *w = r->rows[k];

		jit(&w->near, cb->jit);
		jit(&w->not_near, cb->jit);
		jit(&w->speakers, cb->jit);
		/* On ASCII (or neutral) text, without UTF: shape.h. */
		if (w->near.re != NULL) {
			w->near.bre = codebook_compile_bytes(w->near.src, cb->jit,
			    &w->near.bjit);
			w->closed |= shape_closed(w->near.src);
		}
		if (w->not_near.re != NULL) {
			w->not_near.bre = codebook_compile_bytes(w->not_near.src,
			    cb->jit, &w->not_near.bjit);
			w->closed |= shape_closed(w->not_near.src) << 1;
		}
	}
	/* A word: letters, digits, marks, with ' or ’ inside ("don't"). */
	r->words = pcre2_compile((PCRE2_SPTR)"\\w+(?:['\xe2\x80\x99]\\w+)*",
	    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	if (r->words == NULL)
		tx_die(EXIT_DATA, NULL, 0, "cannot compile the word regex");
	pcre2_jit_compile(r->words, PCRE2_JIT_COMPLETE);
}

void
rules_free(struct codebook *cb)
{
	struct cb_rules *r = cb->rules;

	if (r == NULL)
		return;
	for (size_t k = 0; k < r->nrows; k++)
		free_row(r->rows[k]);
	for (size_t k = 0; k < r->ncodes; k++) {
		struct cb_rule *cr = r->codes[k];

		free_rpn(cr->rpn, cr->nrpn);
		free(cr->src);
		free(cr->rows);
		free(cr->oper);
		free(cr->dep);
		free(cr);
	}
	for (size_t i = 0; i < cb->ncode; i++)
		cb->code[i].rule = NULL;
	for (size_t i = 0; i < cb->ncode; i++)
		for (size_t k = 0; k < cb->code[i].npat; k++)
			cb->code[i].pat[k].rule = NULL;
	pcre2_code_free(r->words);
	free(r->rows);
	free(r->codes);
	free(r->order);
	free(r->end);
	free(r);
	cb->rules = NULL;
}

int
codebook_uses_speakers(const struct codebook *cb)
{
	return cb->rules != NULL && cb->rules->speakers;
}

/* --- matching --- */

struct rule_state *
rules_state(const struct codebook *cb)
{
	struct rule_state *rs = xcalloc(1, sizeof(*rs));
	size_t n;

	rs->cb = cb;
	rs->nw = (cb->ncode + 63) / 64 + 1;
	rs->res = xcalloc(cb->ncode, sizeof(*rs->res));
	/* Six bitmaps of the codes, in one block. */
	rs->carried = xcalloc(6 * rs->nw, sizeof(uint64_t));
	rs->failed = rs->carried + rs->nw;
	rs->cand = rs->failed + rs->nw;
	rs->cerr = rs->cand + rs->nw;
	rs->opset = rs->cerr + rs->nw;
	rs->seen = rs->opset + rs->nw;
	rs->pspans = xcalloc(cb->npattern + 1, sizeof(*rs->pspans));
	n = cb->nregex - cb->npattern + 1;
	rs->rspans = xcalloc(n, sizeof(*rs->rspans));
	rs->rrc = xcalloc(n, sizeof(*rs->rrc));
	rs->rgen = xcalloc(n, sizeof(*rs->rgen));
	rs->xrc = xcalloc(cb->npattern + 1, sizeof(*rs->xrc));
	rs->xgen = xcalloc(cb->npattern + 1, sizeof(*rs->xgen));
	rs->stack = xcalloc(cb->rules->maxrpn + 1, sizeof(*rs->stack));
	rs->spk_gen = xcalloc(cb->rules->nrows + 1, sizeof(*rs->spk_gen));
	rs->spk_in = xcalloc(cb->rules->nrows + 1, sizeof(*rs->spk_in));
	if ((rs->md = pcre2_match_data_create(1, NULL)) == NULL)
		tx_die(EXIT_DATA, NULL, 0, "out of memory");
	return rs;
}

void
rules_state_free(struct rule_state *rs)
{
	if (rs == NULL)
		return;
	free(rs->res);
	free(rs->carried);      /* and the other bitmaps */
	for (size_t id = 0; id < rs->cb->npattern; id++)
		free(rs->pspans[id].v);
	free(rs->pspans);
	for (size_t j = 0; j < rs->cb->nregex - rs->cb->npattern; j++)
		free(rs->rspans[j].v);
	free(rs->rspans);
	free(rs->rrc);
	free(rs->rgen);
	free(rs->xrc);
	free(rs->xgen);
	free(rs->stack);
	free(rs->spk_gen);
	free(rs->spk_in);
	free(rs->other.v);
	free(rs->ends);
	buf_free(&rs->seenkey);
	pcre2_match_data_free(rs->md);
	free(rs);
}

void
rules_candidate(struct rule_state *rs, struct cb_matcher *m, size_t code,
    const char *text, size_t len)
{
	const struct cb_code *c = &rs->cb->code[code];
	int rc, any = 0;

	rs->cand[code / 64] |= (uint64_t)1 << (code % 64);
	for (size_t k = 0; k < c->npat; k++) {
		rs->pspans[c->pat[k].id].n = 0;
		if ((rc = codebook_spans(m, &c->pat[k], text, len,
		    &rs->pspans[c->pat[k].id])) < 0) {
			memset(&rs->res[code], 0, sizeof(rs->res[code]));
			rs->res[code].code = c;
			rs->res[code].error = rc;
			rs->res[code].errpat = &c->pat[k];
			rs->cerr[code / 64] |= (uint64_t)1 << (code % 64);
			return;
		}
	}
	if (rs->cb->pf == NULL)
		return;
	/*
	 * The matches of near and not_near, from the same scan, for the
	 * rows whose pattern matched: row_filter reads them if it gets
	 * that far (an error among them is its to report). One searched
	 * over the whole text is left to row_filter, which stops the search
	 * where it has what it needs, as --engine pcre2 does, so that the
	 * engines reach the same limits.
	 */
	for (size_t k = 0; k < c->npat; k++) {
		const struct rule_row *w = c->pat[k].rule;
		const struct cb_pattern *p[2];

		if (w == NULL || rs->pspans[c->pat[k].id].n == 0)
			continue;
		p[0] = &w->near;
		p[1] = &w->not_near;
		for (int i = 0; i < 2; i++) {
			size_t j = p[i]->id - rs->cb->npattern;

			if (p[i]->re == NULL || !codebook_scanned(m, p[i]))
				continue;
			rs->rspans[j].n = 0;
			rs->rrc[j] = codebook_spans(m, p[i], text, len,
			    &rs->rspans[j]);
			rs->rgen[j] = rs->gen;
		}
	}
	/* The excludes, so too, for match_ruled, if a pattern matched. */
	for (size_t k = 0; k < c->npat && !any; k++)
		any = rs->pspans[c->pat[k].id].n > 0;
	for (size_t k = 0; k < c->nexcl && any; k++) {
		const struct cb_pattern *x = &c->excl[k];

		if (!codebook_scanned(m, x))
			continue;
		rs->xrc[x->id] = codebook_exclude_matches(m, x, text, len);
		rs->xgen[x->id] = rs->gen;
	}
}

void
rules_speaker(struct rule_state *rs, const char *s, size_t n)
{
	rs->speaker = s;
	rs->speakerlen = n;
}

#define BIT(v, i) (((v)[(i) / 64] >> ((i) % 64)) & 1)

void
spans_put(struct spans *sp, size_t s, size_t e)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 16;
		sp->v = xrealloc(sp->v, sp->cap * sizeof(*sp->v));
	}
	sp->v[sp->n].s = s;
	sp->v[sp->n++].e = e;
}

/*
 * Where the word regex's match that begins at i ends, on ASCII or neutral
 * text: there a word character is an ASCII one (shape.h), and ' or ’
 * (E2 80 99) joins two runs of them.
 */
static size_t
word_end(const char *text, size_t len, size_t i)
{
	const unsigned char *t = (const unsigned char *)text;

	for (;;) {
		while (i < len && shape_word(t[i]))
			i++;
		if (i + 1 < len && t[i] == '\'' && shape_word(t[i + 1]))
			i += 1;
		else if (i + 3 < len && t[i] == 0xe2 && t[i + 1] == 0x80 &&
		    t[i + 2] == 0x99 && shape_word(t[i + 3]))
			i += 3;
		else
			return i;
	}
}

/*
 * Whether more than n words lie wholly in text[a, z): a word is a match
 * of the word regex (letters, digits, marks, _ and ' or ’ inside),
 * found byte by byte on ASCII and neutral text.
 */
static int
more_words(struct rule_state *rs, struct cb_matcher *m, const char *text,
    size_t len, size_t a, size_t z, int n)
{
	const pcre2_code *re = rs->cb->rules->words;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
	size_t e;

	if (codebook_class(m, text, len) != TEXT_OTHER) {
		while (a < z) {
			while (a < z && !shape_word((unsigned char)text[a]))
				a++;
			if (a == z || (e = word_end(text, len, a)) > z)
				return 0;
			if (n-- == 0)
				return 1;
			a = e;
		}
		return 0;
	}
	while (a < z && pcre2_match(re, (PCRE2_SPTR)text, len, a,
	    PCRE2_NO_UTF_CHECK, rs->md, NULL) > 0 && ov[1] <= z) {
		if (n-- == 0)
			return 1;
		a = ov[1];
	}
	return 0;
}

static void
end_put(struct rule_state *rs, size_t i)
{
	if (rs->nends == rs->capends) {
		rs->capends = rs->capends ? 2 * rs->capends : 16;
		rs->ends = xrealloc(rs->ends, rs->capends * sizeof(*rs->ends));
	}
	rs->ends[rs->nends++] = i;
}

static void
reverse(size_t *v, size_t n)
{
	for (size_t k = 0; k < n / 2; k++) {
		size_t t = v[k];

		v[k] = v[n - 1 - k];
		v[n - 1 - k] = t;
	}
}

/*
 * Whether a sentence ends in text[a, z] (tx-segment's rule), from the
 * ends found so far in this text, which grow to cover [a, z].
 */
static int
sentence_ends(struct rule_state *rs, const char *text, size_t len, size_t a,
    size_t z)
{
	size_t lo = 0, hi, old;

	if (a == 0)
		a = 1;
	if (a > z)
		return 0;
	if (rs->ends_gen != rs->gen) {
		rs->ends_gen = rs->gen;
		rs->nends = 0;
		rs->ends_from = rs->ends_upto = a;
	}
	if (a < rs->ends_from) {        /* the ends before come first */
		old = rs->nends;
		for (size_t i = a; (i = seg_next_sentence_end(text, len, i,
		    rs->ends_from - 1)) < rs->ends_from; i++)
			end_put(rs, i);
		reverse(rs->ends, old);
		reverse(rs->ends + old, rs->nends - old);
		reverse(rs->ends, rs->nends);
		rs->ends_from = a;
	}
	for (; (rs->ends_upto = seg_next_sentence_end(text, len,
	    rs->ends_upto, z)) <= z; rs->ends_upto++)
		end_put(rs, rs->ends_upto);
	hi = rs->nends;
	while (lo < hi) {       /* the first end at a or later */
		size_t mid = (lo + hi) / 2;

		if (rs->ends[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rs->nends && rs->ends[lo] <= z;
}

/* Whether o lies within w's window of the match a. */
static int
within_window(struct rule_state *rs, struct cb_matcher *m,
    const struct rule_row *w, struct span a, struct span o, const char *text,
    size_t len)
{
	struct span x = a, y = o;

	if (w->window == WIN_SEGMENT)
		return 1;
	if (o.s < a.s)
		x = o, y = a;
	if (y.s < x.e)          /* they overlap */
		return 1;
	if (w->window == WIN_SENTENCE)
		return !sentence_ends(rs, text, len, x.e, y.s);
	return !more_words(rs, m, text, len, x.e, y.s, w->window);
}

/* The first span of sp whose start (by_end: end) is at least x. */
static size_t
first_at(const struct spans *sp, size_t x, int by_end)
{
	size_t lo = 0, hi = sp->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if ((by_end ? sp->v[mid].e : sp->v[mid].s) < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Whether a match of other lies within the window of a, in the direction.
 * other is sorted and its spans do not overlap, so starts and ends both
 * ascend, and the nearest on each side decides: a window only widens
 * with distance.
 */
static int
any_near(struct rule_state *rs, struct cb_matcher *m,
    const struct rule_row *w, struct span a, const struct spans *other,
    const char *text, size_t len)
{
	size_t j;

	if (other->n == 0)
		return 0;
	if (w->dir == DIR_BEFORE) {     /* the last that ends by a.s */
		j = first_at(other, a.s + 1, 1);
		return j > 0 && within_window(rs, m, w, a, other->v[j - 1],
		    text, len);
	}
	if (w->dir == DIR_AFTER) {      /* the first that begins at a.e */
		j = first_at(other, a.e, 0);
		return j < other->n && within_window(rs, m, w, a,
		    other->v[j], text, len);
	}
	j = first_at(other, a.s, 0);
	return (j > 0 && within_window(rs, m, w, a, other->v[j - 1], text,
	    len)) || (j < other->n && within_window(rs, m, w, a, other->v[j],
	    text, len));
}

/* Whether any code at or below c (but x) is in carried. */
static int
present(const struct rule_state *rs, const uint64_t *carried, long c,
    size_t x)
{
	size_t end = rs->cb->rules->end[c];

	for (size_t i = (size_t)c; i < end; i++)
		if (i != x && BIT(carried, i))
			return 1;
	return 0;
}

/* The leftmost match at or below c (but x); at a tie, the first code. */
static const struct cb_result *
leftmost(const struct rule_state *rs, long c, size_t x)
{
	const struct cb_result *best = NULL;
	size_t end = rs->cb->rules->end[c];

	for (size_t i = (size_t)c; i < end; i++)
		if (i != x && BIT(rs->carried, i) &&
		    (best == NULL || rs->res[i].mstart < best->mstart))
			best = &rs->res[i];
	return best;
}

static void
fail_on(struct cb_result *r, int rc, const struct cb_pattern *p,
    const char *col)
{
	r->error = rc;
	r->errpat = p;
	r->errcol = col;
	r->hits = 0;
}

/* Whether w's speakers take this text's speaker: 1, 0, or a PCRE2 error. */
static int
speaker_in(struct rule_state *rs, struct cb_matcher *m,
    const struct rule_row *w)
{
	size_t ms, me;
	int rc;

	if (rs->spk_gen[w->idx] == rs->gen)
		return rs->spk_in[w->idx];
	rc = codebook_search(m, w->speakers.re, w->speakers.jit, 0,
	    rs->speaker ? rs->speaker : "", rs->speakerlen, 0, 1, &ms, &me);
	rc = rc == PCRE2_ERROR_NOMATCH ? 0 : rc < 0 ? rc : 1;
	rs->spk_gen[w->idx] = rs->gen;
	rs->spk_in[w->idx] = rc;
	return rc;
}

/*
 * Whether regex p (near: bit 1, not_near: bit 2 of w->closed) runs
 * without UTF on this text: shape.h.
 */
static int
bytes(struct cb_matcher *m, const struct rule_row *w,
    const struct cb_pattern *p, int bit, const char *text, size_t len)
{
	int cls;

	if (p->bre == NULL)
		return 0;
	cls = codebook_class(m, text, len);
	return cls == TEXT_ASCII || (cls == TEXT_NEUTRAL && (w->closed & bit));
}

/*
 * Whether row w counts in this text: its within code carried (in
 * carried), its speakers taking the speaker. 1, 0, or a PCRE2 error (r
 * says which regex).
 */
static int
row_applies(struct rule_state *rs, struct cb_matcher *m,
    const struct rule_row *w, const uint64_t *carried, struct cb_result *r)
{
	int rc;

	if (w->wcode >= 0 && !present(rs, carried, w->wcode, w->code))
		return 0;
	if (w->speakers.re != NULL && (rc = speaker_in(rs, m, w)) <= 0) {
		if (rc < 0)
			fail_on(r, rc, &w->speakers, "speakers");
		return rc;
	}
	return 1;
}

/*
 * The matches of w's near (bit 1) or not_near (bit 2) in text, up to the
 * first that begins at or after upto (spans_find) or beyond: those
 * rules_candidate found, or else found now. 0, or a PCRE2 error.
 */
static int
near_spans(struct rule_state *rs, struct cb_matcher *m,
    const struct rule_row *w, int bit, const char *text, size_t len,
    size_t upto, const struct spans **out)
{
	const struct cb_pattern *p = bit == 1 ? &w->near : &w->not_near;
	size_t j = p->id - rs->cb->npattern;

	if (rs->rgen[j] == rs->gen) {   /* rules_candidate found them */
		*out = &rs->rspans[j];
		return rs->rrc[j];
	}
	*out = &rs->other;
	return spans_find(m, p, bytes(m, w, p, bit, text, len), text, len,
	    upto, &rs->other);
}

/*
 * Keep in pat the matches of w's pattern that its near and not_near let
 * stand; lost[0] and lost[1], how many each dropped. 0, or a PCRE2 error
 * (r says which regex).
 */
static int
row_filter(struct rule_state *rs, struct cb_matcher *m,
    const struct rule_row *w, struct spans *pat, const char *text,
    size_t len, struct cb_result *r, size_t lost[2])
{
	const struct spans *other;
	size_t kept;
	int rc;

	lost[0] = lost[1] = 0;
	if (w->near.re != NULL && pat->n > 0) {
		if ((rc = near_spans(rs, m, w, 1, text, len,
		    pat->v[pat->n - 1].e, &other)) != 0) {
			fail_on(r, rc, &w->near, "near");
			return rc;
		}
		kept = 0;
		for (size_t k = 0; k < pat->n; k++)
			if (any_near(rs, m, w, pat->v[k], other, text, len))
				pat->v[kept++] = pat->v[k];
		lost[0] = pat->n - kept;
		pat->n = kept;
	}
	if (w->not_near.re != NULL && pat->n > 0) {
		if ((rc = near_spans(rs, m, w, 2, text, len,
		    pat->v[pat->n - 1].e, &other)) != 0) {
			fail_on(r, rc, &w->not_near, "not_near");
			return rc;
		}
		kept = 0;
		for (size_t k = 0; k < pat->n; k++)
			if (!any_near(rs, m, w, pat->v[k], other, text, len))
				pat->v[kept++] = pat->v[k];
		lost[1] = pat->n - kept;
		pat->n = kept;
	}
	return 0;
}

/*
 * One pattern row of a code with rules: its surviving matches added to r.
 * 0, or a PCRE2 error (r says which regex).
 */
static int
match_row(struct rule_state *rs, struct cb_matcher *m,
    const struct cb_pattern *p, const char *text, size_t len,
    struct cb_result *r)
{
	const struct rule_row *w = p->rule;
	struct spans *pat = &rs->pspans[p->id];
	size_t found, lost[2];
	int rc;

	if (w != NULL && (rc = row_applies(rs, m, w, rs->carried, r)) <= 0)
		return rc;
	if (pat->n == 0)
		return 0;
	found = pat->n;
	if (w != NULL && (rc = row_filter(rs, m, w, pat, text, len, r,
	    lost)) != 0)
		return rc;
	if (w != NULL && rs->cb->verbose) {
		atomic_fetch_add(&((struct rule_row *)w)->matched, found);
		atomic_fetch_add(&((struct rule_row *)w)->lost_near, lost[0]);
		atomic_fetch_add(&((struct rule_row *)w)->lost_not_near,
		    lost[1]);
	}
	if (pat->n > 0 && (r->hits == 0 || pat->v[0].s < r->mstart)) {
		r->mstart = pat->v[0].s;
		r->mlen = pat->v[0].e - pat->v[0].s;
	}
	r->hits += (long)pat->n;
	return 0;
}

/* A code with rule rows: as match_code, on the surviving matches. */
static void
match_ruled(struct rule_state *rs, struct cb_matcher *m, size_t i,
    const char *text, size_t len, struct cb_result *r)
{
	const struct cb_code *c = &rs->cb->code[i];
	size_t ms, me;
	int rc;

	for (size_t k = 0; k < c->npat; k++)
		if (match_row(rs, m, &c->pat[k], text, len, r) != 0)
			return;
	for (size_t k = 0; k < c->nexcl && r->hits > 0; k++) {
		const struct cb_pattern *x = &c->excl[k];

		if (rs->xgen[x->id] == rs->gen)        /* rules_candidate */
			rc = rs->xrc[x->id] == 0 ? PCRE2_ERROR_NOMATCH :
			    rs->xrc[x->id];
		else
			rc = codebook_search(m, x->re, codebook_jit(x, 0), 0,
			    text, len, 0, 1, &ms, &me);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0) {
			fail_on(r, rc, &c->excl[k], NULL);
			r->errexcl = 1;
		}
		r->hits = 0;
	}
}

/* A Boolean code: hits, its operands present; match, the first one's. */
static void
match_boolean(struct rule_state *rs, const struct cb_rule *cr,
    struct cb_result *r)
{
	uint64_t *set = rs->opset;
	const struct cb_result *first = NULL;

	/* The operands' presence, as a bitmap the expression reads. */
	for (size_t k = 0; k < cr->noper; k++)
		if (present(rs, rs->carried, cr->oper[k], cr->code))
			set[cr->oper[k] / 64] |= (uint64_t)1 << (cr->oper[k] % 64);
	if (eval(cr, set, rs->stack)) {
		for (size_t k = 0; k < cr->noper; k++) {
			if (!BIT(set, cr->oper[k]))
				continue;
			r->hits++;
			if (first == NULL)
				first = leftmost(rs, cr->oper[k], cr->code);
		}
		if (first != NULL) {
			r->mstart = first->mstart;
			r->mlen = first->mlen;
		}
	}
	for (size_t k = 0; k < cr->noper; k++)
		set[cr->oper[k] / 64] = 0;
}

static void
collect(const struct cb_result *r, void *arg)
{
	struct rule_state *rs = arg;
	size_t i = (size_t)(r->code - rs->cb->code);

	rs->res[i] = *r;
	if (r->error != 0)
		rs->failed[i / 64] |= (uint64_t)1 << (i % 64);
	else
		rs->carried[i / 64] |= (uint64_t)1 << (i % 64);
}

size_t
rules_match(struct rule_state *rs, struct cb_matcher *m, const char *text,
    size_t len, cb_match_fn *fn, void *arg)
{
	const struct codebook *cb = rs->cb;
	const struct cb_rules *ru = cb->rules;
	size_t n = 0;

	rs->gen++;
	codebook_match_plain(m, text, len, collect, rs);
	for (size_t k = 0; k < ru->norder; k++) {
		size_t i = ru->order[k];
		const struct cb_rule *cr = cb->code[i].rule;
		struct cb_result r = { .code = &cb->code[i] };

		if (cr->line != 0)
			match_boolean(rs, cr, &r);
		else if (BIT(rs->cerr, i))
			r = rs->res[i];
		else if (BIT(rs->cand, i))
			match_ruled(rs, m, i, text, len, &r);
		if (r.error != 0 || r.hits > 0)
			collect(&r, rs);
	}
	for (size_t w = 0; w < rs->nw; w++) {
		uint64_t bits = rs->carried[w] | rs->failed[w];

		while (bits != 0) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

			bits &= bits - 1;
			fn(&rs->res[i], arg);
			n += BIT(rs->carried, i);
		}
		rs->carried[w] = rs->failed[w] = rs->cand[w] = rs->cerr[w] = 0;
	}
	return n;
}

static void
seen_code(const struct cb_result *r, void *arg)
{
	struct rule_state *rs = arg;
	size_t i = (size_t)(r->code - rs->cb->code);

	if (r->error == 0)
		rs->seen[i / 64] |= (uint64_t)1 << (i % 64);
}

/*
 * The codes text carries with the current speaker, in rs->seen: matched
 * anew only when the text or the speaker changed.
 */
static void
seen_in(struct rule_state *rs, struct cb_matcher *m, const char *text,
    size_t len)
{
	struct buf *key = &rs->seenkey;
	size_t sn = rs->speakerlen;

	if (rs->seenok && key->n == len + 1 + sn &&
	    memcmp(key->s, text, len) == 0 &&
	    (sn == 0 || memcmp(key->s + len + 1, rs->speaker, sn) == 0))
		return;
	memset(rs->seen, 0, rs->nw * sizeof(*rs->seen));
	rules_match(rs, m, text, len, seen_code, rs);
	key->n = 0;
	buf_add(key, text, len);
	buf_char(key, '\0');
	buf_add(key, rs->speaker != NULL ? rs->speaker : "", sn);
	rs->seenok = 1;
}

int
rules_kept(struct rule_state *rs, struct cb_matcher *m,
    const struct cb_pattern *p, const char *text, size_t len, size_t ms,
    size_t me)
{
	const struct rule_row *w = p->rule;
	struct span a = { ms, me };
	struct spans one = { &a, 1, 1 };
	struct cb_result r = { 0 };
	size_t lost[2];
	int rc;

	if (w == NULL)
		return 1;
	if (w->wcode >= 0)
		seen_in(rs, m, text, len);
	rs->gen++;              /* a text and speaker for the memos */
	if ((rc = row_applies(rs, m, w, rs->seen, &r)) <= 0)
		return rc;
	if ((rc = row_filter(rs, m, w, &one, text, len, &r, lost)) != 0)
		return rc;
	return one.n == 1;
}

void
codebook_rules_report(const struct codebook *cb)
{
	const struct cb_rules *r = cb->rules;
	char near[80], not_near[80];

	for (size_t k = 0; r != NULL && k < r->nrows; k++) {
		const struct rule_row *w = r->rows[k];
		unsigned long n = w->matched, a = w->lost_near,
		    b = w->lost_not_near;

		if (w->near.re == NULL && w->not_near.re == NULL)
			continue;
		snprintf(near, sizeof(near), "; near dropped %lu (no match of "
		    "near in the window)", a);
		snprintf(not_near, sizeof(not_near), "; not_near dropped %lu", b);
		tx_warn(cb->name, w->line, "code \"%s\": kept %lu of the "
		    "pattern's %lu matches in the segments it was tried on%s%s",
		    cb->code[w->code].path, n - a - b, n,
		    w->near.re ? near : "", w->not_near.re ? not_near : "");
	}
}

/* Whether some code at or below c, but x, has a pattern or a rule. */
static int
can_carry(const struct codebook *cb, long c, size_t x)
{
	for (size_t i = (size_t)c; i < cb->rules->end[c]; i++)
		if (i != x && (cb->code[i].npat > 0 || (cb->code[i].rule != NULL &&
		    cb->code[i].rule->line != 0)))
			return 1;
	return 0;
}

size_t
rules_lint(const struct codebook *cb, const char *sample)
{
	const struct cb_rules *r = cb->rules;
	size_t n = 0;

	for (size_t k = 0; r != NULL && k < r->nrows; k++) {
		const struct rule_row *w = r->rows[k];
		const char *path = cb->code[w->code].path;
		unsigned long m = w->matched;

		if (sample != NULL) {
			if (w->near.re != NULL && m > 0 && w->lost_near == m) {
				tx_warn(cb->name, w->line, "code \"%s\": warning: "
				    "near \"%s\" held for none of the pattern's %lu "
				    "matches in %s", path, w->near.src, m, sample);
				n++;
			}
			continue;
		}
		if (w->near.re != NULL && w->not_near.re != NULL &&
		    strcmp(w->near.src, w->not_near.src) == 0) {
			tx_warn(cb->name, w->line, "code \"%s\": warning: near "
			    "can never hold: not_near is the same regex, and "
			    "drops every match near lets in", path);
			n++;
		}
		if (w->wcode >= 0 && !can_carry(cb, w->wcode, w->code)) {
			tx_warn(cb->name, w->line, "code \"%s\": warning: within "
			    "\"%s\", which no segment can carry (it has no "
			    "pattern or rule, nor any code below it)", path,
			    w->within);
			n++;
		}
	}
	for (size_t k = 0; sample == NULL && r != NULL && k < r->ncodes; k++) {
		const struct cb_rule *cr = r->codes[k];

		for (size_t j = 0; j < cr->noper; j++)
			if (!can_carry(cb, cr->oper[j], cr->code)) {
				tx_warn(cb->name, cr->line, "code \"%s\": warning: "
				    "rule \"%s\": \"%s\" is a code no segment can "
				    "carry (it has no pattern or rule, nor any code "
				    "below it)", cb->code[cr->code].path, cr->src,
				    cb->code[cr->oper[j]].path);
				n++;
			}
	}
	return n;
}

void
codebook_list_rules(const struct cb_code *c, const struct cb_pattern *p,
    int indent)
{
	static const char *const win[] = { "segment", "sentence" };
	const struct rule_row *w = p != NULL ? p->rule : NULL;
	char n[32];

	if (p == NULL) {
		if (c->rule != NULL && c->rule->line != 0)
			out_printf("%*srule: %s\n", indent, "", c->rule->src);
		return;
	}
	if (w == NULL)
		return;
	if (w->near.src != NULL)
		out_printf("%*snear: %s\n", indent, "", w->near.src);
	if (w->not_near.src != NULL)
		out_printf("%*snot_near: %s\n", indent, "", w->not_near.src);
	if (w->near.src != NULL || w->not_near.src != NULL) {
		snprintf(n, sizeof(n), "%dw", w->window);
		out_printf("%*swindow: %s, direction: %s\n", indent, "",
		    w->window < 0 ? win[w->window + 2] : n, dir_name[w->dir]);
	}
	if (w->within != NULL)
		out_printf("%*swithin: %s\n", indent, "", w->within);
	if (w->speakers.src != NULL)
		out_printf("%*sspeakers: %s\n", indent, "", w->speakers.src);
}
