/*
 * The built-in patterns (e-mail, UK telephone, NHS number, postcode, date),
 * what each accepts beyond its regex, and what makes two of its spellings
 * one thing.
 */
#include <stdlib.h>
#include <string.h>

#include "tx.h"
#include "redact/redact.h"

#define MONTH "(?:January|February|March|April|May|June|July|August|" \
	"September|October|November|December|" \
	"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?)"
#define DAY "(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
#define YEAR "[0-9]{4}"

/* As many as redact.h says: the declaration there has NBUILTIN. */
const struct builtin redact_builtin[] = {
	{ K_EMAIL, "EMAIL",
	  "(?<![\\w.%+-])[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+" },
	{ K_NHS, "NHS-NUMBER",
	  "(?<!\\w)[0-9]{3}( ?)[0-9]{3}\\1[0-9]{4}(?!\\w)" },
	{ K_PHONE, "PHONE",
	  "(?<![\\w+])(?:(?:\\+44 ?(?:\\(0\\) ?)?|0)[0-9](?: ?[0-9]){8,9}"
	  "|\\(0[0-9]{2,4}\\) ?[0-9](?: ?[0-9]){4,7})(?!\\w)" },
	{ K_POSTCODE, "POSTCODE",
	  "(?<!\\w)(?:GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}"
	  "|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?) ?[0-9][A-Z]{2})(?!\\w)" },
	{ K_DATE, "DATE",
	  "(?<!\\w)(?:" DAY " (?:of )?" MONTH "(?:,? " YEAR ")?"
	  "|" MONTH " " DAY ",? " YEAR "|" MONTH " " YEAR
	  "|[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})"
	  "|[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}"
	  "|[0-9]{4}-[0-9]{2}-[0-9]{2})(?!\\w)" },
};

/* ---- what the built-in patterns accept ---- */

static size_t
digits_of(const char *s, size_t n, char *d, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (s[i] >= '0' && s[i] <= '9')
			d[k++] = s[i];
	d[k] = '\0';
	return k;
}

/* NHS numbers: modulus 11, weights 10 to 2; a check of 10 is no number. */
static int
valid_nhs(const char *s, size_t n)
{
	char d[16];
	int sum = 0, check;

	if (digits_of(s, n, d, sizeof(d)) != 10)
		return 0;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == d[9] - '0';
}

/* The national number: its digits after the trunk 0 or +44 (and a "(0)"). */
static const char *
phone_national(const char *s, size_t n, char *d, size_t cap)
{
	size_t k = digits_of(s, n, d, cap);

	if (s[0] == '+') {
		if (memchr(s, '(', n) != NULL)     /* +44 (0)20 ... */
			return k > 3 ? d + 3 : d + k;
		return k > 2 ? d + 2 : d + k;
	}
	return k > 1 ? d + 1 : d + k;
}

static int
valid_phone(const char *s, size_t n)
{
	char d[32];
	const char *nat = phone_national(s, n, d, sizeof(d));
	size_t len = strlen(nat);

	return (len == 9 || len == 10) && nat[0] != '0';
}

static int
valid_date(const char *s, size_t n)
{
	long a, b, c;
	char *end;

	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			return 1;       /* a month's name */
	a = strtol(s, &end, 10);
	b = strtol(end + 1, &end, 10);
	c = strtol(end + 1, &end, 10);
	if (a > 999)            /* 2021-03-12 */
		return b >= 1 && b <= 12 && c >= 1 && c <= 31;
	return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

int
redact_valid(enum kind kind, const char *s, size_t n)
{
	switch (kind) {
	case K_NHS:
		return valid_nhs(s, n);
	case K_PHONE:
		return valid_phone(s, n);
	case K_DATE:
		return valid_date(s, n);
	default:
		return 1;
	}
}

/* What makes two spellings one thing: 020 7946 0000 is +44 20 7946 0000. */
void
redact_normalise(enum kind kind, const char *s, size_t n, struct buf *b)
{
	char d[32];

	switch (kind) {
	case K_NHS:
		digits_of(s, n, d, sizeof(d));
		buf_str(b, d);
		return;
	case K_PHONE:
		buf_add(b, "0", 1);
		buf_str(b, phone_national(s, n, d, sizeof(d)));
		return;
	default:
		break;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' && kind == K_POSTCODE)
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf_add(b, &c, 1);
	}
}
