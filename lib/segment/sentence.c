/*
 * sentence.c: the sentence rule (--unit sentence), for any tool that wants
 * a text's sentences.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "segment/internal.h"

/*
 * "Dr." and the like: a full stop after it does not end a sentence. A
 * month ("Apr.") or "No." does not before a number.
 */
static int
abbreviation(const char *s, size_t i, size_t dot, size_t n)
{
	static const char *always[] = { "dr", "mr", "mrs", "ms", "mx", "prof",
	    "st", "jr", "sr", "vs", "cf", "eg", "ie", "approx", "rev", "hon",
	    "gen", "col", "capt", "sgt", "lt", "mt", "al", "cllr", "fr", "rt",
	    "supt", "insp", "det", "messrs", NULL };
	/* numbers and months: "No. 10", "3 Apr. 2020", "Apr. 3" */
	static const char *before_number[] = { "no", "nos", "p", "pp",
	    "para", "paras", "vol", "fig", "art", "ch", "jan", "feb", "mar",
	    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	    NULL };
	size_t w = dot, m = dot + 1;
	char word[8];

	while (w > i && !isws(s[w - 1]))
		w--;
	while (w < dot && strchr("(\"'[", s[w]) != NULL)
		w++;            /* opening quotes, not "Mary's." */
	if (dot - w == 1 || memchr(s + w, '.', dot - w) != NULL)
		return 1;       /* an initial, "e.g.", "U.S." */
	if (dot - w >= sizeof(word))
		return 0;
	for (size_t k = w; k < dot; k++)
		word[k - w] = (char)lower(s[k]);
	word[dot - w] = '\0';
	for (const char **a = always; *a; a++)
		if (strcmp(word, *a) == 0)
			return 1;
	while (m < n && isws(s[m]))
		m++;
	for (const char **a = before_number; *a; a++)
		if (strcmp(word, *a) == 0 && m < n && isdig(s[m]))
			return 1;
	return 0;
}

/* Closing quotes and brackets after a sentence's end. */
static size_t
closers(const char *s, size_t n, size_t j)
{
	for (;;) {
		if (j < n && strchr("\"')]", s[j]) != NULL && s[j] != '\0')
			j++;
		else if (has_prefix(s + j, n - j, "\xe2\x80\x9d") ||
		    has_prefix(s + j, n - j, "\xe2\x80\x99"))
			j += 3;
		else if (has_prefix(s + j, n - j, "\xc2\xbb"))
			j += 2;
		else
			return j;
	}
}

/*
 * Where the sentence starting at s[i] ends: after a full stop, question
 * or exclamation mark and its closing quotes, before white space and a
 * next sentence that does not start in lower case; not at an ellipsis
 * ("...", "…"), a decimal point or an abbreviation. n if it runs on.
 */
size_t
seg_sentence_end(const char *s, size_t n, size_t i)
{
	for (size_t k = i; k < n; k++) {
		size_t j = k, m;
		int dots = 0, marks = 0;

		if (s[k] != '.' && s[k] != '!' && s[k] != '?')
			continue;
		while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?')) {
			dots += s[j] == '.';
			marks += s[j] != '.';
			j++;
		}
		if ((dots >= 2 && !marks) ||
		    (dots == 1 && !marks && abbreviation(s, i, k, n))) {
			k = j - 1;
			continue;
		}
		j = closers(s, n, j);
		if (j >= n)
			return n;
		m = j;
		while (m < n && (isws(s[m]) || s[m] == '\n'))
			m++;
		if (m == j || (m < n && s[m] >= 'a' && s[m] <= 'z')) {
			k = j - 1;
			continue;
		}
		return j;
	}
	return n;
}

/* The next sentence from *i on, white space around it left out. */
int
seg_sentence(const char *s, size_t n, size_t *i, size_t *a, size_t *z)
{
	size_t k = *i;

	while (k < n && (isws(s[k]) || s[k] == '\n'))
		k++;
	*i = k;
	if (k >= n)
		return 0;
	*a = k;
	*z = *i = seg_sentence_end(s, n, k);
	while (*z > *a && (isws(s[*z - 1]) || s[*z - 1] == '\n'))
		(*z)--;
	return 1;
}

/* The bytes a sentence end may follow: a mark, a closer's last (’ ” »). */
static const char end_marks[] = ".!?\"')]\x99\x9d\xbb";

/*
 * Whether a sentence may end just before byte i, by the bytes around it:
 * white space or the end follows, and one of end_marks comes before.
 * Most bytes are ruled out here.
 */
static inline int
may_end_at(const char *s, size_t n, size_t i)
{
	if (i == 0 || i > n || (i < n && !isws(s[i]) && s[i] != '\n'))
		return 0;
	return s[i - 1] != '\0' && strchr(end_marks, s[i - 1]) != NULL;
}

/* The rest of seg_sentence_ends_at, once may_end_at(s, n, i). */
static int
ends_at(const char *s, size_t n, size_t i)
{
	size_t from = i > 16 ? i - 16 : 0;

	for (size_t k = from; k < i; k++) {
		size_t j = k, m;
		int dots = 0, marks = 0;

		if ((s[k] != '.' && s[k] != '!' && s[k] != '?') ||
		    (k > 0 && (s[k - 1] == '.' || s[k - 1] == '!' ||
		    s[k - 1] == '?')))
			continue;
		while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?')) {
			dots += s[j] == '.';
			marks += s[j] != '.';
			j++;
		}
		if (closers(s, n, j) != i)
			continue;
		if ((dots >= 2 && !marks) ||
		    (dots == 1 && !marks && abbreviation(s, 0, k, n)))
			return 0;
		m = i;
		while (m < n && (isws(s[m]) || s[m] == '\n'))
			m++;
		return !(m < n && s[m] >= 'a' && s[m] <= 'z');
	}
	return 0;
}

/*
 * Whether a sentence ends just before byte i: a full stop, question or
 * exclamation mark (and its closing quotes) ends there, as
 * seg_sentence_end would find it, and white space or the end follows.
 */
int
seg_sentence_ends_at(const char *s, size_t n, size_t i)
{
	return may_end_at(s, n, i) && ends_at(s, n, i);
}

/*
 * The ends lie after one of end_marks (may_end_at), about
 * one byte in fifty of running text: the bytes before them are found
 * sixteen at a time with SSE2, and only those are tried.
 */
size_t
seg_next_sentence_end(const char *s, size_t n, size_t from, size_t to)
{
	size_t j = from > 0 ? from - 1 : 0;     /* the byte before an end */
	size_t stop = to < n ? to : n;          /* ... lies before stop */

#ifdef __SSE2__
	while (j + 16 <= stop) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		__m128i hit = _mm_setzero_si128();
		unsigned m;

		for (size_t k = 0; k < sizeof(end_marks) - 1; k++)
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v,
			    _mm_set1_epi8(end_marks[k])));
		for (m = (unsigned)_mm_movemask_epi8(hit); m != 0; m &= m - 1) {
			size_t i = j + (size_t)__builtin_ctz(m) + 1;

			if (i >= from && may_end_at(s, n, i) && ends_at(s, n, i))
				return i;
		}
		j += 16;
	}
#endif
	for (; j < stop; j++)
		if (j + 1 >= from && may_end_at(s, n, j + 1) &&
		    ends_at(s, n, j + 1))
			return j + 1;
	return to + 1;
}
