/*
 * test_profile.c — unit tests of src/core/profile.c.
 *
 * Expected values by hand from the calendar: 2024-03-01 is a Friday (2024
 * starts on a Monday; January 31 + February 29 days = 60 days = 8 weeks + 4
 * days after Monday 1 January), so its cells are (5 - 1) * 24 + hour.
 */
#include "unit.h"

#include "core/period.h"
#include "core/profile.h"

#define HOUR INT64_C(3600000000)

static int64_t
local_of(int y, int m, int d, int h, int mi)
{
	return period_days_from_civil(y, m, d) * PERIOD_USECS_PER_DAY +
		(int64_t) h * HOUR + (int64_t) mi * 60 * INT64_C(1000000);
}

static double
sum(const double *c, int n)
{
	double		s = 0;
	int			i;

	for (i = 0; i < n; i++)
		s += c[i];
	return s;
}

static void
test_cells(void)
{
	CHECK_EQ_INT(profile_week_cell(local_of(2024, 1, 1, 0, 0)), 0);	/* Monday 00 */
	CHECK_EQ_INT(profile_week_cell(local_of(2024, 3, 1, 22, 30)), 4 * 24 + 22);
	CHECK_EQ_INT(profile_week_cell(local_of(2024, 3, 3, 23, 59)), 167);	/* Sunday 23 */
	CHECK_EQ_INT(profile_week_cell(local_of(1999, 12, 31, 23, 0)), 4 * 24 + 23);	/* a Friday */
	CHECK_EQ_INT(profile_month_cell(local_of(2024, 2, 29, 12, 0)), 1);
	CHECK_EQ_INT(profile_month_cell(local_of(1999, 12, 31, 23, 0)), 11);
}

static void
test_week(void)
{
	double		c[PROFILE_WEEK_CELLS] = {0};
	int64_t		lo = local_of(2024, 3, 1, 22, 0);
	int64_t		hi = local_of(2024, 3, 2, 2, 0);
	int			i;
	int			nonzero = 0;

	/* Friday 22:00 - Saturday 02:00: a quarter in each of four hours */
	profile_week_add(c, lo, hi, 1.0 / (double) (hi - lo));
	CHECK_NEAR(c[4 * 24 + 22], 0.25, 1e-15);
	CHECK_NEAR(c[4 * 24 + 23], 0.25, 1e-15);
	CHECK_NEAR(c[5 * 24 + 0], 0.25, 1e-15);
	CHECK_NEAR(c[5 * 24 + 1], 0.25, 1e-15);
	for (i = 0; i < PROFILE_WEEK_CELLS; i++)
		nonzero += c[i] != 0;
	CHECK_EQ_INT(nonzero, 4);

	/* 13:30 - 14:15 on the Friday: 2/3 in hour 13, 1/3 in hour 14 */
	for (i = 0; i < PROFILE_WEEK_CELLS; i++)
		c[i] = 0;
	lo = local_of(2024, 3, 1, 13, 30);
	hi = local_of(2024, 3, 1, 14, 15);
	profile_week_add(c, lo, hi, 1.0 / (double) (hi - lo));
	CHECK_NEAR(c[4 * 24 + 13], 2.0 / 3.0, 1e-15);
	CHECK_NEAR(c[4 * 24 + 14], 1.0 / 3.0, 1e-15);

	/* two weeks and one hour from Monday 00:00: 2/337 everywhere, 3/337 in cell 0 */
	for (i = 0; i < PROFILE_WEEK_CELLS; i++)
		c[i] = 0;
	lo = local_of(2024, 1, 1, 0, 0);
	hi = lo + (2 * 168 + 1) * HOUR;
	profile_week_add(c, lo, hi, 1.0 / (double) (hi - lo));
	CHECK_NEAR(c[0], 3.0 / 337.0, 1e-15);
	CHECK_NEAR(c[1], 2.0 / 337.0, 1e-15);
	CHECK_NEAR(c[167], 2.0 / 337.0, 1e-15);
	CHECK_NEAR(sum(c, PROFILE_WEEK_CELLS), 1.0, 1e-13);
}

static void
test_month(void)
{
	double		c[PROFILE_MONTH_CELLS] = {0};
	int64_t		lo = local_of(2024, 1, 31, 12, 0);
	int64_t		hi = local_of(2024, 2, 1, 12, 0);
	int			i;

	profile_month_add(c, lo, hi, 1.0 / (double) (hi - lo));
	CHECK_NEAR(c[0], 0.5, 1e-15);
	CHECK_NEAR(c[1], 0.5, 1e-15);

	/* the whole leap year 2024: each month its days / 366 */
	for (i = 0; i < PROFILE_MONTH_CELLS; i++)
		c[i] = 0;
	lo = local_of(2024, 1, 1, 0, 0);
	hi = local_of(2025, 1, 1, 0, 0);
	profile_month_add(c, lo, hi, 1.0 / (double) (hi - lo));
	CHECK_NEAR(c[0], 31.0 / 366.0, 1e-15);
	CHECK_NEAR(c[1], 29.0 / 366.0, 1e-15);
	CHECK_NEAR(c[11], 31.0 / 366.0, 1e-15);
	CHECK_NEAR(sum(c, PROFILE_MONTH_CELLS), 1.0, 1e-13);
}

void
suite_profile(void)
{
	test_cells();
	test_week();
	test_month();
}
