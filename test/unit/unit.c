/* unit.c — runs every suite listed in UNIT_SUITES (see unit.h). */
#include "unit.h"

int			unit_passed = 0;
int			unit_failed = 0;

void
unit_report(int ok, const char *file, int line, const char *what)
{
	if (ok)
		unit_passed++;
	else
	{
		unit_failed++;
		fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
	}
}

int
main(void)
{
#define UNIT_RUN(name) if (suite_##name != NULL) { \
	int p0 = unit_passed, f0 = unit_failed; \
	suite_##name(); \
	printf("unit %-12s %d passed, %d failed\n", #name, unit_passed - p0, unit_failed - f0); \
}
	UNIT_SUITES(UNIT_RUN)
	printf("unit: %d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}
