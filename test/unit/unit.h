/*
 * unit.h — a very small assertion runner for the pure-C core (src/core).
 *
 * Each test file test/unit/test_<module>.c defines `void suite_<module>(void)`
 * and lists it in UNIT_SUITES below.  Every CHECK counts as one test; the
 * runner prints failures with file:line and ends with "unit: N passed, N failed".
 */
#ifndef EST_UNIT_H
#define EST_UNIT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

extern int	unit_passed;
extern int	unit_failed;

void		unit_report(int ok, const char *file, int line, const char *what);

#define CHECK(cond) unit_report((cond) ? 1 : 0, __FILE__, __LINE__, #cond)

#define CHECK_EQ_INT(a, b) do { \
	long long _a = (long long) (a), _b = (long long) (b); \
	if (_a != _b) fprintf(stderr, "  %s = %lld, expected %lld\n", #a, _a, _b); \
	unit_report(_a == _b, __FILE__, __LINE__, #a " == " #b); \
} while (0)

#define CHECK_EQ_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	int _ok = _a && _b && strcmp(_a, _b) == 0; \
	if (!_ok) fprintf(stderr, "  %s = \"%s\", expected \"%s\"\n", #a, _a ? _a : "(null)", _b ? _b : "(null)"); \
	unit_report(_ok, __FILE__, __LINE__, #a " == " #b); \
} while (0)

#define CHECK_NEAR(a, b, tol) do { \
	double _a = (a), _b = (b); \
	int _ok = fabs(_a - _b) <= (tol); \
	if (!_ok) fprintf(stderr, "  %s = %.17g, expected %.17g (tol %g)\n", #a, _a, _b, (double) (tol)); \
	unit_report(_ok, __FILE__, __LINE__, #a " ~ " #b); \
} while (0)

/*
 * The suites, one per src/core module.  They are weak symbols: a suite whose
 * test file does not exist yet is simply not run, so modules can be added
 * without touching this list.
 */
#define UNIT_SUITES(X) \
	X(period) X(grid) X(gistar) X(fdr) X(mask) X(ehsa) X(kde) X(pai) X(mannkendall) X(ratetest) \
	X(profile) X(grade) X(csv) X(suppress) X(cubewire) X(square) X(binpack)

#define UNIT_DECLARE(name) void suite_##name(void) __attribute__((weak));
UNIT_SUITES(UNIT_DECLARE)

#endif
