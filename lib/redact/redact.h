/*
 * redact.h: pseudonymising transcripts and undoing it (tx-redact).
 *
 *   builtin.c   the built-in patterns (e-mail, UK telephone, NHS number,
 *               postcode, date) and what each accepts
 *   names.c     the names list, made into a few big alternations, and
 *               the titles (Dr, Mrs, ...) a name may have
 *   key.c       the key: placeholders, reading it, adding to it, saving it
 *   redact.c    the matchers; replacing (redacting) and reversing
 *   suggest.c   --suggest: the candidate names of a text
 *   files.c     inputs read whole; outputs and the key written privately,
 *               renamed into place only when the whole run has succeeded
 *
 *   static struct run r;                 r.mode, r.key.path, r.names, ...
 *   atexit(redact_cleanup);
 *   redact_prepare(&r);                  names, patterns, the key
 *   redact_read_input(path, &in);
 *   redact_process(&r, path, &in, &out); redacted or reversed text in out
 *   redact_key_save(&r);                 then out_write, or, with --out,
 *                                        redact_plan_outputs, _write_temp
 *                                        and _commit
 *   return redact_suggest(&r, argc, argv);   for --suggest instead
 */
#ifndef TX_REDACT_H
#define TX_REDACT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <sys/types.h>

#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "intern.h"
#include "file.h"
#include "tx.h"

#define MAX_PLACEHOLDER 128     /* longest "[...]" that may be a placeholder */
#define DICT_DIR        "/usr/share/dict/"

enum mode { REDACT, REVERSE, SUGGEST };
enum titles { TITLES_KEEP, TITLES_REPLACE };    /* --titles */
enum kind { K_EMAIL, K_NHS, K_PHONE, K_POSTCODE, K_DATE, K_NAME };

/* The built-in patterns, in the order that breaks ties. */
#define NBUILTIN 5
struct builtin {
	enum kind kind;
	const char *category;
	const char *pattern;
};
extern const struct builtin redact_builtin[NBUILTIN];

struct matcher {
	enum kind kind;
	const char *category;   /* built-ins; a name has its entry's */
	pcre2_code *re;
	pcre2_match_data *md;
	size_t start, end;      /* the next match; start NONE: there is none */
	long entry;             /* K_NAME: the entry of that match */
};

/* A row of the names list. */
struct entry {
	char *text, *category, *replacement;    /* replacement may be NULL */
	const char *file;
	long line;
	size_t title;           /* bytes of a leading "Dr " and the like */
	long canon;             /* the entry whose pattern matches this text */
};

/* A row of the key: one spelling of one thing. */
struct row {
	char *category, *placeholder, *original;
	long number;
};

/* What a placeholder stands for, less the spelling: "PERSON-1", "Dr A". */
struct label {
	char *name;
	long number, variants;
};

struct key {
	const char *path;
	int exists;
	struct row *row;
	size_t nrow, nold, rowcap;
	struct label *lab;
	size_t nlab, labcap;
	struct strmap by_placeholder;   /* "[PERSON-1.2]" -> row */
	struct strmap by_exact;         /* "PERSON\tSMITH" -> row */
	struct strmap by_ident;         /* "PERSON\tn3" -> label */
	struct strmap by_label;         /* "PERSON-1" -> label */
	struct strmap maxnum;           /* "PERSON" -> highest number */
	struct strmap literal;          /* "[the nurse]" left as text: row */
	long nliteral;
	char id[33];                    /* the key's id, hex; "" if none yet */
	int id_new;                     /* made by this run: save the key */
};

/*
 * Rows of the key that are no placeholders, and never replaced: the key's
 * id (KEY-ID 1 [KEY-ID] <32 hex digits>), and each "[...]" a transcript
 * held as its own text (LITERAL-TEXT n [LITERAL-TEXT-n] [the nurse]).
 * The id is written beside the outputs, in KEY_ID_FILE of --out's folder.
 */
#define KEY_ID          "KEY-ID"
#define KEY_LITERAL     "LITERAL-TEXT"
#define KEY_ID_FILE     ".tx-redact-key"

struct cand;                    /* a candidate of --suggest (suggest.c) */

struct run {
	enum mode mode;
	enum titles titles;
	int force, use[NBUILTIN];
	const char *outdir;
	char **names, **dicts;
	size_t nnames, ndicts;
	struct entry *entry;
	size_t nentry;
	struct strmap replabel;         /* replacements of the names list */
	struct matcher *m;
	size_t nm;
	struct key key;
	struct buf scratch;
	/* --suggest */
	struct strmap dict, seen;
	struct cand *cand;
	size_t ncand, candcap;
	pcre2_code *phrase;
	pcre2_match_data *phrase_md;
};

/* builtin.c */
int redact_valid(enum kind kind, const char *s, size_t n);
void redact_normalise(enum kind kind, const char *s, size_t n, struct buf *b);

/* names.c */
void redact_names_load(struct run *r, const char *path);
void redact_names_build(struct run *r);
long redact_name_of(const struct run *r, const char *s, size_t n);
size_t redact_space_len(const char *p);

/* key.c */
int redact_is_category(const char *s);
size_t redact_strip_variant(const char *s, size_t n);
int redact_is_auto_label(const char *s, size_t n);
void redact_key_load(struct run *r);
void redact_key_save(struct run *r);
const char *redact_placeholder(struct run *r, const struct matcher *m,
    const char *s, size_t n);
/* A "[...]" left as text (s[0..n)), recorded so no later run makes it a
 * placeholder. */
void redact_key_literal(struct run *r, const char *s, size_t n);

/* redact.c */
void redact_add_matcher(struct run *r, enum kind kind, const char *category,
    const char *pattern, uint32_t flags);
void redact_prepare(struct run *r);
size_t redact_bracket_at(const char *s, size_t n, size_t i);
void redact_process(struct run *r, const char *name, const struct buf *in,
    struct buf *out);

/* suggest.c */
int redact_suggest(struct run *r, int argc, char **argv);

/* files.c */
const char *redact_shown(const char *path);
void redact_read_input(const char *path, struct buf *b);
void redact_check_text(const char *name, const char *s, size_t n);
void redact_write_key(const char *path, const struct buf *b);
void redact_cleanup(void);
/* Remove the temporaries on SIGINT, SIGTERM and SIGHUP too. */
void redact_catch_signals(void);
void redact_plan_outputs(const struct run *r, int argc, char **argv);
void redact_write_temp(const struct run *r, size_t i, const struct buf *b,
    mode_t mode);
void redact_commit(const struct run *r);
/* --reverse: the key id beside path (KEY_ID_FILE), if any, is the key's. */
void redact_check_key_id(const struct run *r, const char *path);

#endif
