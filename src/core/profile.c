/*
 * profile.c — aoristic week (7 x 24) and month (12) profiles.
 *
 * Pure C; see profile.h.  Calendar arithmetic from core/period.c.
 */
#include "core/profile.h"

#include "core/period.h"

#define USECS_PER_HOUR	INT64_C(3600000000)
#define USECS_PER_WEEK	(7 * PERIOD_USECS_PER_DAY)

int
profile_week_cell(int64_t local)
{
	int64_t		day = period_floor_div(local, PERIOD_USECS_PER_DAY);
	int64_t		hour = period_floor_mod(local, PERIOD_USECS_PER_DAY) / USECS_PER_HOUR;

	return (period_iso_weekday(day) - 1) * 24 + (int) hour;
}

int
profile_month_cell(int64_t local)
{
	int64_t		year;
	int			month;
	int			day;

	period_civil_from_days(period_floor_div(local, PERIOD_USECS_PER_DAY),
						   &year, &month, &day);
	return month - 1;
}

void
profile_week_add(double *cells, int64_t lo, int64_t hi, double weight_per_usec)
{
	int64_t		weeks = (hi - lo) / USECS_PER_WEEK;

	if (weeks > 0)
	{
		/* every cell gets one hour per whole week */
		double		add = (double) weeks * (double) USECS_PER_HOUR * weight_per_usec;
		int			i;

		for (i = 0; i < PROFILE_WEEK_CELLS; i++)
			cells[i] += add;
		lo += weeks * USECS_PER_WEEK;
	}
	while (lo < hi)
	{
		int64_t		next = (period_floor_div(lo, USECS_PER_HOUR) + 1) * USECS_PER_HOUR;

		if (next > hi)
			next = hi;
		cells[profile_week_cell(lo)] += (double) (next - lo) * weight_per_usec;
		lo = next;
	}
}

void
profile_month_add(double *cells, int64_t lo, int64_t hi, double weight_per_usec)
{
	while (lo < hi)
	{
		int64_t		year;
		int			month;
		int			day;
		int64_t		next;

		period_civil_from_days(period_floor_div(lo, PERIOD_USECS_PER_DAY),
							   &year, &month, &day);
		next = (month == 12 ? period_days_from_civil(year + 1, 1, 1)
				: period_days_from_civil(year, month + 1, 1)) * PERIOD_USECS_PER_DAY;
		if (next > hi)
			next = hi;
		cells[month - 1] += (double) (next - lo) * weight_per_usec;
		lo = next;
	}
}
