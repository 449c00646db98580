/*
 * What a regex's source says about matching it byte by byte (shape.h).
 *
 * Why byte matching is exact on ASCII and neutral text. Compiled without
 * UTF and UCP, PCRE2 reads a byte as a character and takes \w \d \s and
 * case from its built-in tables, which know ASCII only; Hyperscan without
 * HS_FLAG_UTF8 and HS_FLAG_UCP does the same. On ASCII text every
 * character is one byte, and PCRE2's Unicode rules agree with the tables
 * on ASCII, so both modes find the same matches at the same byte offsets,
 * provided the regex names no character beyond ASCII (shape_ascii). On
 * neutral text a non-ASCII character is, to PCRE2 with UCP, neither a word
 * character, a digit nor a space, and no ASCII letter folds to it; each
 * of its bytes is none of these to the tables either. A closed regex
 * (shape_closed) only ever consumes or tests ASCII characters, words,
 * digits and spaces, so it fails on such a character in either mode,
 * and its \b sees a non-word character on that side in either mode.
 * The bytes 0x85 and 0xA0, which occur inside UTF-8 characters, are what
 * \v \h and \R match without UTF: those are not closed.
 */
#include <stdint.h>
#include <string.h>

#include "shape.h"

/* A backslash at src[i] escapes the next character: an odd run of them. */
static int
escaped(const char *src, size_t i)
{
	size_t n = 0;

	while (n < i && src[i - 1 - n] == '\\')
		n++;
	return n % 2 == 1;
}

/*
 * Whether src has what makes it not ASCII (a byte beyond, a POSIX class,
 * a (*VERB), an escape that names a character or a property), or, when
 * closed is asked for, what can consume any character.
 */
static int
src_has(const char *src, int closed)
{
	const unsigned char *p = (const unsigned char *)src;

	for (; *p != '\0'; p++) {
		if (*p >= 0x80 || (p[0] == '[' && p[1] == ':') ||
		    (p[0] == '(' && p[1] == '*'))
			return 1;
		if (closed && (*p == '.' || (p[0] == '[' && p[1] == '^')))
			return 1;
		if (*p != '\\' || p[1] == '\0')
			continue;
		p++;
		if (strchr("pPXxoNcCuU0123456789", *p) != NULL ||
		    (closed && strchr("WSDHVhvR", *p) != NULL))
			return 1;
	}
	return 0;
}

int
shape_ascii(const char *src)
{
	return !src_has(src, 0);
}

int
shape_closed(const char *src)
{
	return !src_has(src, 1);
}

/*
 * A recursive descent over R (see shape.h): each call returns the least
 * number of characters its part matches, or -1 if it is not of R's kind.
 */
struct parse {
	const char *p;
	int depth;
};

static long alternatives(struct parse *ps);

static int
wordch(char c)
{
	return shape_word((unsigned char)c);
}

/* The same run of word characters: a-z, A-Z or 0-9 (for a range). */
static int
same_run(char a, char b)
{
	return a <= b && ((a >= 'a' && b <= 'z') || (a >= 'A' && b <= 'Z') ||
	    (a >= '0' && b <= '9'));
}

/* [...] of word characters, ranges of them, \w and \d. */
static long
class(struct parse *ps)
{
	const char *p = ps->p + 1;
	int n = 0;

	for (; *p != ']'; n++) {
		if (p[0] == '\\' && (p[1] == 'w' || p[1] == 'd'))
			p += 2;
		else if (wordch(p[0]) && p[1] == '-' && p[2] != ']') {
			if (!same_run(p[0], p[2]))
				return -1;
			p += 3;
		} else if (wordch(p[0]))
			p++;
		else
			return -1;
	}
	if (n == 0)
		return -1;
	ps->p = p + 1;
	return 1;
}

static long
atom(struct parse *ps)
{
	const char *p = ps->p;
	long min;

	if (wordch(*p) || (p[0] == '\\' && (p[1] == 'w' || p[1] == 'd'))) {
		ps->p += *p == '\\' ? 2 : 1;
		return 1;
	}
	if (*p == '[')
		return class(ps);
	if (*p != '(' || ps->depth > 32)
		return -1;
	ps->p += p[1] == '?' && p[2] == ':' ? 3 : 1;
	if (*ps->p == '?')
		return -1;
	ps->depth++;
	min = alternatives(ps);
	ps->depth--;
	if (min < 0 || *ps->p != ')')
		return -1;
	ps->p++;
	return min;
}

/* ? * + {m} {m,} {m,n}, maybe lazy, never possessive: the factor of min. */
static long
quantifier(struct parse *ps)
{
	const char *p = ps->p;
	long m = 1;

	if (*p == '?' || *p == '*')
		m = 0, p++;
	else if (*p == '+')
		p++;
	else if (*p == '{' && p[1] >= '0' && p[1] <= '9') {
		for (m = 0, p++; *p >= '0' && *p <= '9' && m < 100000; p++)
			m = 10 * m + (*p - '0');
		if (*p == ',')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (*p++ != '}')
			return -1;
	} else
		return 1;
	if (*p == '+')
		return -1;
	if (*p == '?')
		p++;
	ps->p = p;
	return m;
}

static long
sequence(struct parse *ps)
{
	long min = 0, a, q;

	while (*ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		if ((a = atom(ps)) < 0 || (q = quantifier(ps)) < 0)
			return -1;
		min += a * q;
	}
	return min;
}

static long
alternatives(struct parse *ps)
{
	long min = -1, s;

	for (;;) {
		if ((s = sequence(ps)) < 0)
			return -1;
		if (min < 0 || s < min)
			min = s;
		if (*ps->p != '|')
			return min;
		ps->p++;
	}
}

/*
 * Whether src[0, n) is an R that never matches the empty string. Its
 * alternatives must be in a group: in \bcare|nurse\b the \b belong to
 * one alternative each, so it is no word shape.
 */
static int
word_regex(const char *src, size_t n)
{
	char buf[1024];
	struct parse ps = { buf, 0 };

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, src, n);
	buf[n] = '\0';
	return sequence(&ps) > 0 && *ps.p == '\0';
}

int
shape_of(const char *src)
{
	size_t n = strlen(src);

	if (n < 3 || strncmp(src, "\\b", 2) != 0)
		return SHAPE_OTHER;
	if (n > 5 && strcmp(src + n - 3, "\\w*") == 0 && !escaped(src, n - 3))
		return word_regex(src + 2, n - 5) ? SHAPE_PREFIX : SHAPE_OTHER;
	if (n > 4 && strcmp(src + n - 2, "\\b") == 0 && !escaped(src, n - 2))
		return word_regex(src + 2, n - 4) ? SHAPE_WHOLE : SHAPE_OTHER;
	return word_regex(src + 2, n - 2) ? SHAPE_START : SHAPE_OTHER;
}

#define W4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
#define W8(c) W4(c), W4(c + 4)
const unsigned char shape_word_byte[256] = {
	W8('0'), ['8'] = 1, ['9'] = 1, ['_'] = 1,
	W8('A'), W8('I'), W8('Q'), ['Y'] = 1, ['Z'] = 1,
	W8('a'), W8('i'), W8('q'), ['y'] = 1, ['z'] = 1,
};
#undef W4
#undef W8

/*
 * Neutral characters: Latin-1 punctuation and symbols (not the letters
 * ª µ º, the digits ² ³ ¹ ¼ ½ ¾ nor the space U+00A0), General
 * Punctuation from U+2010 (dashes, quotes, bullets, ellipsis) but not
 * U+2028/U+2029 or the connectors U+203F, U+2040, U+2054, and Currency
 * Symbols.
 */
static int
neutral(unsigned long c)
{
	static const unsigned long range[][2] = {
		{ 0xA1, 0xA9 }, { 0xAB, 0xB1 }, { 0xB4, 0xB4 }, { 0xB6, 0xB8 },
		{ 0xBB, 0xBB }, { 0xBF, 0xBF }, { 0xD7, 0xD7 }, { 0xF7, 0xF7 },
		{ 0x2010, 0x2027 }, { 0x2030, 0x203E }, { 0x2041, 0x2053 },
		{ 0x2055, 0x205E }, { 0x20A0, 0x20CF },
	};

	for (size_t i = 0; i < sizeof(range) / sizeof(range[0]); i++)
		if (c >= range[i][0] && c <= range[i][1])
			return 1;
	return 0;
}

/* Whether the 8 bytes at p are all printable ASCII (0x20 to 0x7E or DEL). */
static int
printable8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	if ((w & 0x8080808080808080ULL) != 0)
		return 0;
	/* No carries: each byte is below 0x80, so byte + 0x60 < 0xE0. */
	return ((w + 0x6060606060606060ULL) & 0x8080808080808080ULL) ==
	    0x8080808080808080ULL;
}

/* Control characters but TAB, LF and CR make a text OTHER, to be safe. */
int
text_class(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int cls = TEXT_ASCII;
	unsigned long c;

	while (p < end) {
		if (end - p >= 8 && printable8(p)) {
			p += 8;
			continue;
		}
		if ((*p >= 0x20 && *p < 0x80) || *p == '\t' || *p == '\n' ||
		    *p == '\r') {
			p++;
			continue;
		}
		if (*p < 0xC2 || *p >= 0xF0 || end - p < (*p >= 0xE0 ? 3 : 2))
			return TEXT_OTHER;
		if (*p < 0xE0) {
			c = ((unsigned long)(*p & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
		} else {
			c = ((unsigned long)(*p & 0x0F) << 12) |
			    ((unsigned long)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			p += 3;
		}
		if (!neutral(c))
			return TEXT_OTHER;
		cls = TEXT_NEUTRAL;
	}
	return cls;
}

/*
 * Whether a regex finds the same ends in a text alone as in the text
 * between two newlines (a batch scan, prefilter_scan_batch): yes unless
 * it looks at where the text begins or ends (^ $ \A \z \Z \G), or
 * around its match (lookarounds, \K, conditions, verbs). \b and \B see
 * the same either way, a newline being no word character, as the ends
 * of the text are not; a match that takes in the newline ends where no
 * match of the text alone can, and is a false report only. Any ^ but
 * one that opens a class is taken for an anchor: a doubt is a no.
 */
int
shape_edge_safe(const char *src)
{
	for (const char *p = src; *p != '\0'; p++)
		switch (*p) {
		case '\\':
			if (p[1] == '\0' || strchr("AzZGKQc", p[1]) != NULL)
				return 0;
			p++;
			break;
		case '[':
			if (p[1] == '^')
				p++;
			break;
		case '^':
		case '$':
			return 0;
		case '(':
			if (p[1] == '*' || (p[1] == '?' && (p[2] == '=' ||
			    p[2] == '!' || p[2] == '(' || (p[2] == '<' &&
			    (p[3] == '=' || p[3] == '!')))))
				return 0;
			break;
		}
	return 1;
}
