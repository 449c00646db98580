/*
 * time.c: a turn's time as written in a transcript ("10.20 am", "[00:12:31]",
 * SubRip's "00:00:01,000"), normalised to 24-hour hh:mm:ss.
 */
#include <stdio.h>
#include <string.h>

#include "segment/internal.h"

/* Up to max digits at s[*i]; -1 if none. */
static long
digits(const char *s, size_t n, size_t *i, int max)
{
	long v = 0;
	int k = 0;

	while (*i < n && isdig(s[*i]) && k < max) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k ? v : -1;
}

/* "am"/"pm"/"a.m."/"p.m." at s[i..n) and nothing after: 1 am, 2 pm, 0 none. */
static int
meridiem(const char *s, size_t n, size_t i)
{
	int m;

	while (i < n && isws(s[i]))
		i++;
	if (i >= n)
		return 0;
	m = lower(s[i]) == 'a' ? 1 : lower(s[i]) == 'p' ? 2 : 0;
	if (m == 0)
		return -1;
	i++;
	if (i < n && s[i] == '.')
		i++;
	if (i >= n || lower(s[i]) != 'm')
		return -1;
	i++;
	if (i < n && s[i] == '.')
		i++;
	return i == n ? m : -1;
}

/*
 * A time in s[0..n), normalised to 24-hour hh:mm:ss, fractions dropped:
 * "10.20 am" 10:20:00, "2 pm" 14:00:00, "12:34" (mm:ss) 00:12:34,
 * "1:02:03.500" 01:02:03, "00:00:01,000" (SubRip) 00:00:01.
 * A dotted time needs am or pm. 0 if s is not a time.
 */
int
seg_parse_time(const char *s, size_t n, char out[TIMELEN])
{
	long part[3], h, m, sec;
	size_t i = 0;
	int np = 0, dotted = 0, mer;

	while (n > 0 && isws(s[n - 1]))
		n--;
	while (i < n && isws(s[i]))
		i++;
	if ((part[np++] = digits(s, n, &i, 3)) < 0)
		return 0;
	/* "10. 01 am", as the hearings sometimes write it: one space may follow */
	while (np < 3 && i + 2 < n && (s[i] == ':' || s[i] == '.') &&
	    (isdig(s[i + 1]) || (s[i + 1] == ' ' && isdig(s[i + 2])))) {
		size_t at = i + 1 + (s[i + 1] == ' '), from = at;
		long v;

		if (s[i] == '.' && np == 2)
			break;          /* a fraction */
		dotted |= s[i] == '.';
		v = digits(s, n, &at, 2);
		if (at - from != 2 || v > 59)
			return 0;
		part[np++] = v;
		i = at;
	}
	if (i < n && (s[i] == '.' || s[i] == ',') && np >= 2) {
		i++;
		while (i < n && isdig(s[i]))
			i++;
	}
	if ((mer = meridiem(s, n, i)) < 0)
		return 0;
	if (mer) {
		if (part[0] < 1 || part[0] > 12)
			return 0;
		h = part[0] % 12 + (mer == 2 ? 12 : 0);
		m = np > 1 ? part[1] : 0;
		sec = np > 2 ? part[2] : 0;
	} else if (dotted || np < 2) {
		return 0;
	} else if (np == 2) {
		h = part[0] / 60;
		m = part[0] % 60;
		sec = part[1];
	} else {
		h = part[0];
		m = part[1];
		sec = part[2];
	}
	snprintf(out, TIMELEN, "%02ld:%02ld:%02ld", h, m, sec);
	return 1;
}

/* A time in brackets or parentheses at s[i]: 1 and *end after it. */
int
seg_bracketed_time(const char *s, size_t n, size_t i, size_t *end,
    char out[TIMELEN])
{
	const char *close;
	char want;

	if (i >= n || (s[i] != '[' && s[i] != '('))
		return 0;
	want = s[i] == '[' ? ']' : ')';
	if ((close = memchr(s + i, want, n - i)) == NULL ||
	    !seg_parse_time(s + i + 1, (size_t)(close - s) - i - 1, out))
		return 0;
	*end = (size_t)(close - s) + 1;
	return 1;
}

/* A time copied, cut to TIMELEN. */
void
seg_set_time(char to[TIMELEN], const char *from)
{
	size_t n = strlen(from);

	memcpy(to, from, n < TIMELEN ? n + 1 : TIMELEN);
	to[TIMELEN - 1] = '\0';
}
