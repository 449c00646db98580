/* xml.c: XML written by hand, escaped as XML 1.0 requires. */
#include <string.h>

#include "buf.h"
#include "refi/refi.h"

int
xml_escape(struct buf *b, const char *s, size_t n, int attr)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\r': rep = "&#13;"; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		default:
			if (c < 0x20)
				return -1;
		}
		if (rep != NULL) {
			buf_add(b, s + run, i - run);
			buf_str(b, rep);
			run = i + 1;
		}
	}
	buf_add(b, s + run, n - run);
	return 0;
}

int
xml_attr(struct buf *b, const char *name, const char *value)
{
	buf_char(b, ' ');
	buf_str(b, name);
	buf_str(b, "=\"");
	if (xml_escape(b, value, strlen(value), 1) != 0)
		return -1;
	buf_char(b, '"');
	return 0;
}
