/*
 * sniff.c: a file's format, by extension, else by content: WebVTT's
 * header, a SubRip cue number and timing, an Otter turn line; else text.
 */
#include <string.h>

#include "segment/internal.h"

static int
all_digits(const char *s, size_t p, size_t q)
{
	while (p < q && isdig(s[p]))
		p++;
	return p == q;
}

/* The format of a file by extension, else by content. */
enum seg_format
seg_sniff(const char *path, const char *s, size_t n)
{
	const char *base = strrchr(path, '/'), *dot;
	struct label lab;
	size_t pos = 0, p, q, next, p2, q2, n2;
	char t[TIMELEN];
	int lines = 0;

	dot = strrchr(base ? base + 1 : path, '.');
	if (dot && strcmp(dot, ".vtt") == 0)
		return SEG_VTT;
	if (dot && strcmp(dot, ".srt") == 0)
		return SEG_SRT;
	if (dot && (strcmp(dot, ".rst") == 0 || strcmp(dot, ".md") == 0 ||
	    strcmp(dot, ".markdown") == 0))
		return SEG_TEXT;
	if (has_prefix(s, n, "\xef\xbb\xbf"))
		pos = 3;
	if (has_prefix(s + pos, n - pos, "WEBVTT"))
		return SEG_VTT;
	while (seg_peek_line(s, n, pos, &p, &q, &next) && lines < 40) {
		if (p == q) {
			pos = next;
			continue;
		}
		if (lines++ == 0 && seg_peek_line(s, n, next, &p2, &q2, &n2) &&
		    seg_timing_line(s, p2, q2, t) && all_digits(s, p, q))
			return SEG_SRT;
		if (seg_otter_label(s + pos, q - pos, &lab))
			return SEG_OTTER;
		pos = next;
	}
	return SEG_TEXT;
}

