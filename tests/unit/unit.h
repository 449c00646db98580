/*
 * unit.h: what the case-by-case unit-test programs of tests/unit share
 * (stats.c, agree.c): the comparisons, each printed "ok  " or "FAIL" and
 * counted, and main's dispatch:
 *
 *   PROGRAM CASE   run one case: print every comparison, exit 0 if all
 *                  hold, 1 if any fails
 *   PROGRAM list   print the case names, one a line
 *
 * Each program is built alone from its .c (make units), so the code is
 * here, static; a program calls what it needs.
 */
#ifndef UNIT_H
#define UNIT_H

#include <math.h>
#include <string.h>

#include "out.h"
#include "tx.h"

struct unit_case {
	const char *name;
	void (*run)(void);
};

static int unit_failures;

/*
 * Compare got with want: |got - want| <= max(atol, rtol * |want|); NaN
 * only matches NaN.
 */
static inline void
check(const char *what, double want, double got, double rtol, double atol)
{
	int ok;

	if (isnan(want))
		ok = isnan(got);
	else
		ok = !isnan(got) && fabs(got - want) <= fmax(atol, rtol * fabs(want));
	out_printf("%s %s: want %.10g got %.17g (rtol %g atol %g)\n",
	    ok ? "ok  " : "FAIL", what, want, got, rtol, atol);
	if (!ok)
		unit_failures++;
}

static inline void
check_int(const char *what, long want, long got)
{
	out_printf("%s %s: want %ld got %ld\n", want == got ? "ok  " : "FAIL",
	    what, want, got);
	if (want != got)
		unit_failures++;
}

/* main: run the case argv[1] names, or list them. */
static inline int
unit_main(int argc, char *argv[], const struct unit_case *cases, size_t ncases)
{
	tx_init(argv, NULL);
	if (argc != 2) {
		tx_warn(NULL, 0, "usage: %s CASE | list", progname);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "list") == 0) {
		for (size_t i = 0; i < ncases; i++)
			out_printf("%s\n", cases[i].name);
		return out_close(EXIT_OK);
	}
	for (size_t i = 0; i < ncases; i++)
		if (strcmp(argv[1], cases[i].name) == 0) {
			cases[i].run();
			out_printf("%s: %s\n", cases[i].name,
			    unit_failures ? "FAILED" : "passed");
			return out_close(unit_failures ? EXIT_DATA : EXIT_OK);
		}
	tx_warn(NULL, 0, "no case named %s (try: %s list)", argv[1], progname);
	return EXIT_USAGE;
}

#endif
