/*
 * label.c: speaker labels at the start of a line. "Name:", "Name
 * (00:12:31):", "**Name**:", "**Name:**", each maybe behind a timestamp,
 * and --label-regex.
 */
#include <stdio.h>
#include <string.h>

#include "segment/internal.h"

/* Lower-case words that may stand inside a name ("Secretary of State"). */
static int
name_particle(const char *w, size_t n)
{
	static const char *particles[] = { "of", "the", "and", "for", "de",
	    "del", "der", "van", "von", "da", "di", "du", "le", "la", "y",
	    "al", "bin", "on", NULL };

	for (const char **p = particles; *p; p++)
		if (strlen(*p) == n && memcmp(*p, w, n) == 0)
			return 1;
	return 0;
}

/*
 * A tx-redact placeholder such as [PERSON-1] or [PERSON-2.2] stands for a
 * name, so a redacted label still starts a turn. Its length, or 0.
 */
static size_t
placeholder(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 5 || s[0] != '[' || !(s[1] >= 'A' && s[1] <= 'Z'))
		return 0;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || isdig((unsigned char)s[i]) ||
	    s[i] == '-'))
		i++;
	if (i < n && s[i] == '.' && s[i - 1] != '-')
		for (i++; i < n && isdig((unsigned char)s[i]); i++)
			;
	if (i >= n || s[i] != ']' || !isdig((unsigned char)s[i - 1]))
		return 0;
	return i + 1;
}

/*
 * A plain speaker label: one to six words, the first starting with a
 * capital (or a non-ASCII letter), the others capitalised, numbers or
 * particles, and no sentence punctuation: "Interviewer 1", "P4",
 * "DR SMITH", "Dr. Jane Doe". "Heat map" and "So I said" are not.
 */
static int
plain_name(const char *s, size_t n)
{
	size_t i = 0, w0, k;
	int words = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (++words > 6)
			return 0;
		if ((k = placeholder(s + i, n - i)) > 0) {
			i += k;
			if (i < n && (s[i] != ' ' || i + 1 == n || s[i + 1] == ' '))
				return 0;
			if (i < n)
				i++;
			continue;
		}
		if (!(c >= 'A' && c <= 'Z') && c < 0x80 &&
		    !(words > 1 && isdig(c)) && !(c >= 'a' && c <= 'z'))
			return 0;
		w0 = i;
		while (i < n && s[i] != ' ') {
			c = (unsigned char)s[i];
			if (!(c >= 0x80 || (c >= 'A' && c <= 'Z') ||
			    (c >= 'a' && c <= 'z') || isdig(c) || c == '.' ||
			    c == '-' || c == '\'' || c == '&'))
				return 0;
			i++;
		}
		if (s[w0] >= 'a' && s[w0] <= 'z' &&
		    (words == 1 || !name_particle(s + w0, i - w0)))
			return 0;
		if (i < n && (i + 1 == n || s[i + 1] == ' '))
			return 0;       /* one space between words */
		if (i < n)
			i++;
	}
	return words > 0;
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
plain_label(const char *s, size_t n, size_t i, struct label *lab)
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
	if (b == i || !plain_name(s + i, b - i)) {
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

/* A bold label, maybe behind a timestamp, at s[p..q). */
int
seg_bold_at(const char *s, size_t p, size_t q, struct label *lab)
{
	size_t e;

	lab->time[0] = '\0';
	if (seg_bracketed_time(s, q, p, &e, lab->time)) {
		p = e;
		while (p < q && s[p] == ' ')
			p++;
	}
	return bold_label(s, q, p, lab);
}

/*
 * A speaker label at the start of the line s[0..n): by --label-regex if
 * given, else the bold or plain rule (bold only where the document has
 * bold labels). Otter's turn line is otter.c's.
 */
int
seg_find_label(const struct doc *d, const char *s, size_t n, int bold_only,
    struct label *lab)
{
	size_t i = 0, e;

	lab->time[0] = '\0';
	if (d->opt->label.re)
		return seg_regex_label(d, s, n, lab);
	while (i < n && isws(s[i]))
		i++;
	if (seg_bracketed_time(s, n, i, &e, lab->time)) {
		i = e;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (bold_label(s, n, i, lab))
		return 1;
	if (bold_only) {
		lab->time[0] = '\0';
		return 0;
	}
	return plain_label(s, n, i, lab);
}

