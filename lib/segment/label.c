/*
 * label.c: speaker labels at the start of a line. "Name:", "Name
 * (00:12:31):", "**Name**:", "**Name:**", each maybe behind a timestamp,
 * and --label-regex.
 */
#include <stdio.h>
#include <string.h>

#include "segment/internal.h"

/*
 * A tx-redact placeholder stands for a name, so a redacted label still
 * starts a turn: any text in brackets, "[PERSON-1]", "[Participant 4]",
 * "[the nurse]". Its length, or 0.
 */
static size_t
placeholder(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 3 || s[0] != '[' || s[1] == ' ' || s[1] == ']')
		return 0;
	while (i < n && i <= 40 && s[i] != ']' && s[i] != '[' && s[i] != '\n')
		i++;
	if (i >= n || s[i] != ']' || s[i - 1] == ' ')
		return 0;
	return i + 1;
}

/* w[0..n) is one of the words (lower case), caseless. */
static int
word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++) {
		size_t k = 0;

		while (k < n && (*list)[k] == lower((unsigned char)w[k]))
			k++;
		if (k == n && (*list)[k] == '\0')
			return 1;
	}
	return 0;
}

/* Lower-case words that may stand inside a name ("Secretary of State"). */
static int
name_particle(const char *w, size_t n)
{
	static const char *const particles[] = { "of", "the", "and", "for",
	    "de", "del", "der", "van", "von", "da", "di", "du", "le", "la", "y",
	    "al", "bin", "on", NULL };

	return word_in(w, n, particles);
}

/* A title before a name: "Dr", "Dr.", "Mrs", "Prof", "Lady". */
static int
title_word(const char *w, size_t n)
{
	static const char *const titles[] = { "dr", "mr", "mrs", "ms", "miss",
	    "mx", "prof", "professor", "sir", "dame", "lady", "lord", "rev",
	    "cllr", "nurse", "sister", "father", "fr", "judge", "hon", "capt",
	    "sgt", "det", "insp", "supt", NULL };

	if (n > 1 && w[n - 1] == '.')
		n--;
	return word_in(w, n, titles);
}

/* A role that names a speaker alone: "Patient:", "Interviewer (I):". */
static int
role_word(const char *w, size_t n)
{
	static const char *const roles[] = { "interviewer", "interviewee",
	    "participant", "respondent", "moderator", "facilitator",
	    "researcher", "patient", "nurse", "doctor", "carer", "manager",
	    "chair", "witness", "speaker", "question", "answer", NULL };

	return word_in(w, n, roles);
}

/* A word prose starts with, not a name: "The main thing is this:". */
static int
prose_word(const char *w, size_t n)
{
	static const char *const prose[] = { "the", "a", "an", "and", "but",
	    "so", "then", "i", "you", "he", "she", "we", "they", "it", "this",
	    "that", "what", "when", "where", "which", "who", "why", "how",
	    "my", "our", "your", "his", "her", "their", "there", "here", "in",
	    "on", "at", "to", "for", "of", "with", "as", "if", "because",
	    "well", "yes", "no", "ok", "okay", "just", "also", "not", "one",
	    "all", "some", "now", "like", "can", "could", "would", "do", "did",
	    "does", "is", "are", "was", "were", "over", "first", "next", "let",
	    "finally", "again", "after", "before", "from", "by", NULL };

	return word_in(w, n, prose);
}

/* A verb of reported speech: "Nicola Sturgeon replies:" is prose. */
static int
speech_verb(const char *w, size_t n)
{
	static const char *const verbs[] = { "say", "says", "said", "saying",
	    "reply", "replies", "replied", "replying", "write", "writes",
	    "wrote", "ask", "asks", "asked", "add", "adds", "added",
	    "continue", "continues", "continued", "state", "states", "stated",
	    "note", "notes", "noted", "explain", "explains", "explained",
	    "tell", "tells", "told", "respond", "responds", "responded", NULL };

	return word_in(w, n, verbs);
}

/* A key of a transcript's header lines: "Date:", "Site:". */
static int
header_word(const char *w, size_t n)
{
	static const char *const keys[] = { "date", "time", "site", "location",
	    "place", "venue", "duration", "length", "study", "project", "file",
	    "transcript", "transcriber", "transcribed", "recorded", "recording",
	    "setting", "mode", "id", "speakers", "attendees", "present", NULL };

	return word_in(w, n, keys);
}

/*
 * The shape of a label's name, s[0..n): one to six words, each of letters
 * (any script), digits and .-'&_ or a placeholder, one space apart, maybe
 * with a parenthesis at the end ("R1 (female, 52)", "Sarah Khan (she/her)").
 * A number alone ("1:") is no name. 0 if not a name; else 1 and the forms
 * that make it a speaker wherever it stands (LF_ID, LF_CAPS ...).
 */
static int
label_shape(const char *s, size_t n, unsigned *form)
{
	size_t i = 0, k, w0, first = 0;
	int words = 0, upper = 0, lowr = 0, numbered = 0, titled = 0;
	size_t last = 0, lastn = 0;     /* the last word, if not a placeholder */
	int named = 1;          /* every word capitalised, or a particle */
	const char *o;

	if (n > 2 && s[n - 1] == ')' && (o = memchr(s, '(', n)) != NULL &&
	    o > s + 1 && o[-1] == ' ' && (size_t)(s + n - o) <= 42 &&
	    o[1] != ')' && memchr(o + 1, '(', (size_t)(s + n - o) - 1) == NULL &&
	    memchr(o + 1, ')', (size_t)(s + n - o) - 2) == NULL)
		n = (size_t)(o - s) - 1;
	if (n == 0 || n > 60)
		return 0;
	while (i < n) {
		if (++words > 6)
			return 0;
		numbered = 0;
		lastn = 0;
		if ((k = placeholder(s + i, n - i)) > 0) {
			i += k;
			if (i == n)     /* "[the nurse]", "Dr [PERSON-1]" */
				*form |= LF_PLACEHOLDER;
		} else {
			int dig = 0, let = 0;

			w0 = i;
			while (i < n && s[i] != ' ') {
				unsigned char c = (unsigned char)s[i];

				if (isdig(c))
					dig = 1;
				else if (c >= 'A' && c <= 'Z')
					let = upper = 1;
				else if (c >= 'a' && c <= 'z')
					let = lowr = 1;
				else if (c >= 0x80)
					let = 1;
				else if (c != '.' && c != '-' && c != '\'' &&
				    c != '&' && c != '_')
					return 0;
				else if (i == w0)
					return 0;       /* a word starts with one */
				i++;
			}
			if (dig && let)
				*form |= LF_ID;         /* 9A, P01, admin-1 */
			if (s[w0] >= 'a' && s[w0] <= 'z' &&
			    (words == 1 || !name_particle(s + w0, i - w0)))
				named = 0;
			last = w0;
			lastn = i - w0;
			numbered = dig && !let;
			if (words == 1) {
				first = i;
				if (numbered && i == n)
					return 0;       /* "1:" */
				titled = title_word(s, i);
				if (role_word(s, i))
					*form |= LF_ROLE;
				if (header_word(s, i))
					*form |= LF_HEADWORD;
			}
		}
		if (i < n && (s[i] != ' ' || i + 1 == n || s[i + 1] == ' '))
			return 0;       /* one space between words */
		if (i < n)
			i++;
	}
	if (numbered && words <= 3)
		*form |= LF_ID;         /* "Speaker 1", "Interviewer 2" */
	if (titled && words > 1)
		*form |= LF_TITLE;
	if (named)
		*form |= LF_NAME;
	if (upper && !lowr)
		*form |= LF_CAPS;       /* "DR SMITH", "I", "MODERATOR" */
	else if ((first > 0 && prose_word(s, first)) ||
	    (words > 1 && lastn > 0 && speech_verb(s + last, lastn)))
		*form |= LF_PROSE;
	return 1;
}

/*
 * After the name: [spaces] [timestamp] [spaces] ':' (unless the colon was
 * inside the bold), then white space or the end of the line.
 */
static int
label_tail(const char *s, size_t n, size_t i, int colon_done, struct label *lab)
{
	size_t e;

	if (!colon_done) {
		while (i < n && s[i] == ' ')
			i++;
		if (lab->time[0] == '\0' &&
		    seg_bracketed_time(s, n, i, &e, lab->time)) {
			i = e;
			while (i < n && s[i] == ' ')
				i++;
		}
		if (i >= n || s[i] != ':')
			return 0;
		i++;
	}
	if (i < n && !isws(s[i]))
		return 0;
	while (i < n && isws(s[i]))
		i++;
	lab->rest = i;
	return 1;
}

/* "**Name**:" or "**Name:**" at s[i], with a timestamp before or after. */
static int
bold_label(const char *s, size_t n, size_t i, struct label *lab)
{
	size_t a = i + 2, b;
	const char *end;
	int colon_in = 0;

	if (n - i < 5 || s[i] != '*' || s[i + 1] != '*')
		return 0;
	end = memchr(s + a, '*', n - a < 200 ? n - a : 200);
	if (end == NULL || (size_t)(end - s) + 1 >= n || end[1] != '*')
		return 0;
	b = (size_t)(end - s);
	if (b > a && s[b - 1] == ':') {
		colon_in = 1;
		b--;
	}
	trim(s, &a, &b);
	if (a == b)
		return 0;
	lab->sp = a;
	lab->sn = b - a;
	return label_tail(s, n, (size_t)(end - s) + 2, colon_in, lab);
}

/* "Name:", "Name (00:12:31):" at s[i]. */
static int
plain_label(const char *s, size_t n, size_t i, struct label *lab,
    unsigned *form)
{
	size_t lim = n - i < 120 ? n : i + 120, c, b, o;
	const char *colon = s + i;

	for (;;) {
		colon = memchr(colon, ':', lim - (size_t)(colon - s));
		if (colon == NULL)
			return 0;
		c = (size_t)(colon - s);
		if (c + 1 >= n || isws(s[c + 1]))
			break;
		colon++;
	}
	b = c;
	while (b > i && s[b - 1] == ' ')
		b--;
	if (b > i && (s[b - 1] == ')' || s[b - 1] == ']') && !lab->time[0]) {
		char open = s[b - 1] == ')' ? '(' : '[';

		for (o = b - 1; o > i && s[o] != open; o--)
			;
		if (s[o] == open &&
		    seg_parse_time(s + o + 1, b - o - 2, lab->time)) {
			b = o;
			while (b > i && s[b - 1] == ' ')
				b--;
		}
	}
	if (b == i || !label_shape(s + i, b - i, form)) {
		lab->time[0] = '\0';
		return 0;
	}
	lab->sp = i;
	lab->sn = b - i;
	return label_tail(s, n, c, 0, lab);
}

/* A label given by --label-regex. */
int
seg_regex_label(const struct doc *d, const char *s, size_t n, struct label *lab)
{
	const struct seg_opts *o = d->opt;
	size_t a = 0, b = 0;

	lab->time[0] = '\0';
	if (!seg_regex_match(&o->label, d, s, n, PCRE2_ANCHORED))
		return 0;
	seg_regex_group(&o->label, 0, &a, &b);
	lab->rest = b;
	while (lab->rest < n && isws(s[lab->rest]))
		lab->rest++;
	lab->sp = lab->sn = 0;
	if (seg_regex_group(&o->label, o->label_speaker, &a, &b)) {
		trim(s, &a, &b);
		lab->sp = a;
		lab->sn = b - a;
	}
	if (o->label_time &&
	    seg_regex_group(&o->label, o->label_time, &a, &b) &&
	    !seg_parse_time(s + a, b - a, lab->time)) {
		trim(s, &a, &b);
		snprintf(lab->time, TIMELEN, "%.*s", (int)(b - a), s + a);
	}
	return 1;
}

/* s[p..q) is a short value, no sentence: LF_SHORT, else 0. */
static unsigned
short_value(const char *s, size_t p, size_t q)
{
	size_t k;

	trim(s, &p, &q);
	if (!(q > p && q - p <= 40 && strchr(".?!", s[q - 1]) == NULL))
		return 0;
	/* Two to four capitals and digits, a letter first: an interviewer's
	 * initials or a participant's id, as a header line gives them. */
	for (k = p; k < q && ((s[k] >= 'A' && s[k] <= 'Z') || isdig(s[k])); k++)
		;
	if (k == q && q - p >= 2 && q - p <= 4 && s[p] >= 'A' && s[p] <= 'Z')
		return LF_SHORT | LF_INITIALS;
	return LF_SHORT;
}

/*
 * What follows a label: another "Key: value" field after two spaces or a
 * tab (a header line, "Participant: R1   Site: Northbridge"), or a short
 * value that is no sentence ("KW", "4 May 2023").
 */
static unsigned
after_label(const char *s, size_t n, size_t rest)
{
	size_t i, k;
	unsigned form;

	for (i = rest; i + 2 < n && i <= rest + 40; i++) {
		if (!(s[i] == '\t' || (s[i] == ' ' && s[i + 1] == ' ')))
			continue;
		if (i == rest || strchr(".?!", s[i - 1]) != NULL)
			return short_value(s, rest, n);
		while (i < n && isws(s[i]))
			i++;
		for (k = i; k < n && k < i + 40 && s[k] != ':'; k++)
			;
		form = 0;
		if (k < n && s[k] == ':' && (k + 1 == n || isws(s[k + 1])) &&
		    s[i] >= 'A' && s[i] <= 'Z' && label_shape(s + i, k - i, &form) &&
		    !(form & LF_PROSE))
			return LF_FIELDS;
		i--;
	}
	return short_value(s, rest, n);
}

/* A bare time at s[i]: "00:01:14 Interviewer:". 1 and *end after it. */
static int
bare_time(const char *s, size_t n, size_t i, size_t *end, char out[TIMELEN])
{
	size_t e = i;

	while (e < n && (isdig(s[e]) || s[e] == ':' || s[e] == '.'))
		e++;
	if (e == i || e >= n || s[e] != ' ' || memchr(s + i, ':', e - i) == NULL ||
	    !seg_parse_time(s + i, e - i, out))
		return 0;
	*end = e;
	return 1;
}

/*
 * A label candidate at the start of the line s[0..n): by --label-regex if
 * given (LF_REGEX), else a bold or plain label behind an optional
 * timestamp; *form says what it looks like. Whether it is taken is the
 * survey's to decide. Otter's turn line is otter.c's.
 */
int
seg_find_label(const struct doc *d, const char *s, size_t n, struct label *lab,
    unsigned *form)
{
	size_t i = 0, e;

	lab->time[0] = '\0';
	*form = 0;
	if (d->opt->label.re) {
		*form = LF_REGEX;
		return seg_regex_label(d, s, n, lab);
	}
	while (i < n && isws(s[i]))
		i++;
	if (seg_bracketed_time(s, n, i, &e, lab->time) ||
	    bare_time(s, n, i, &e, lab->time)) {
		i = e;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (bold_label(s, n, i, lab)) {
		*form = LF_BOLD | short_value(s, lab->rest, n);
		return 1;
	}
	if (!plain_label(s, n, i, lab, form))
		return 0;
	*form |= after_label(s, n, lab->rest);
	if (lab->rest >= n || !(s[lab->rest] >= 'a' && s[lab->rest] <= 'z'))
		*form |= LF_OPENS;      /* a capital, a quote, or nothing */
	return 1;
}
