/*
 * sentence: lib/segment/sentence.c's seg_next_sentence_end (which looks
 * sixteen bytes at a time for a byte an end may follow) against the rule
 * tried at every byte (seg_sentence_ends_at), for tests/tx-code-rules.bats:
 * texts holding every mark, closer and abbreviation the rule knows, at
 * every shift of sixteen, every length, and windows [from, to] that start
 * at every byte and end at it, just past it, sixteen on, or past the end.
 * Prints the number of cases and exits 0, or the first that differs and
 * exits 1.
 */
#include <stdio.h>
#include <string.h>

#include "segment/segment.h"

static size_t
brute(const char *s, size_t n, size_t from, size_t to)
{
	for (size_t i = from; i <= to; i++)
		if (seg_sentence_ends_at(s, n, i))
			return i;
	return to + 1;
}

int
main(void)
{
	static const char *const texts[] = {
		"We share. Dr. Lee said no! Did he? \"Yes.\" (Fine.) 'So.' "
		    "[End.] Wait... ok e.g. this. Go?! Now.",
		"Is it\xe2\x80\x99s fine.\xe2\x80\x99 She said \xe2\x80\x9cno."
		    "\xe2\x80\x9d Then \xc2\xabnon.\xc2\xbb Done.\nNext line. a",
		"No end here at all, just words and words and more words ok",
		"...?!.. . .\t.\n!x? y. Z.",
	};
	char s[256];
	long cases = 0;

	for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++)
		for (size_t shift = 0; shift < 16; shift++) {
			size_t len = strlen(texts[t]);

			memset(s, 'a', shift);
			memcpy(s + shift, texts[t], len);
			for (size_t n = shift; n <= shift + len; n++)
				for (size_t from = 0; from <= n; from++) {
					size_t tos[] = { from, from + 1, from + 16,
					    from + 17, n, n + 2 };

					for (size_t k = 0; k < 6; k++) {
						size_t to = tos[k], got, want;

						cases++;
						got = seg_next_sentence_end(s, n, from, to);
						want = brute(s, n, from, to);
						if (got != want) {
							printf("differ: text %zu, shift %zu, "
							    "length %zu, [%zu, %zu]: %zu, not "
							    "%zu\n", t, shift, n, from, to, got,
							    want);
							return 1;
						}
					}
				}
		}
	printf("%ld cases agree\n", cases);
	return 0;
}
