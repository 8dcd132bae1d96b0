/*
 * test_period.c — unit tests of src/core/period.c.
 *
 * Every expected value below was worked out by hand from the Gregorian
 * calendar (and a printed 2024 calendar for weekdays and ISO weeks): day
 * numbers count from 2000-01-01 (a Saturday); 2024 is a leap year starting
 * on a Monday; ISO week 1 is the week holding the year's first Thursday.
 */
#include "unit.h"

#include "core/period.h"

static int64_t
day_of(int y, int m, int d)
{
	return period_days_from_civil(y, m, d);
}

/* local wall-clock microseconds of y-m-d h:mi:s.us */
static int64_t
local_of(int y, int m, int d, int h, int mi, int s, int us)
{
	return day_of(y, m, d) * PERIOD_USECS_PER_DAY +
		((int64_t) h * 3600 + mi * 60 + s) * INT64_C(1000000) + us;
}

static int32_t
tertial_of(int year, int n)
{
	int32_t		code = -1;

	period_tertial_make(year, n, &code);
	return code;
}

static void
test_civil(void)
{
	int64_t		y;
	int			m;
	int			d;
	int64_t		day;
	int			ok = 1;

	/* 2000-01-01 is day 0; 1970-01-01 is 30 years of 365 days + 7 leap days before */
	CHECK_EQ_INT(day_of(2000, 1, 1), 0);
	CHECK_EQ_INT(day_of(1970, 1, 1), -10957);
	/* 2024-01-01: 24 * 365 + 6 leap days (2000..2020) = 8766; +31 (Jan) +28 = 29 Feb */
	CHECK_EQ_INT(day_of(2024, 1, 1), 8766);
	CHECK_EQ_INT(day_of(2024, 2, 29), 8825);
	CHECK_EQ_INT(day_of(2024, 3, 1), 8826);
	/* 0001-01-01: 1999 * 365 + 484 leap days; 10000-01-01: 8000 * 365 + 1940 */
	CHECK_EQ_INT(day_of(1, 1, 1), -730119);
	CHECK_EQ_INT(day_of(10000, 1, 1), 2921940);
	CHECK_EQ_INT(PERIOD_LOCAL_MIN, day_of(1, 1, 1) * PERIOD_USECS_PER_DAY);
	CHECK_EQ_INT(PERIOD_LOCAL_END, day_of(10000, 1, 1) * PERIOD_USECS_PER_DAY);

	period_civil_from_days(8825, &y, &m, &d);
	CHECK(y == 2024 && m == 2 && d == 29);
	period_civil_from_days(-1, &y, &m, &d);
	CHECK(y == 1999 && m == 12 && d == 31);
	period_civil_from_days(-730120, &y, &m, &d);	/* the day before 0001-01-01 */
	CHECK(y == 0 && m == 12 && d == 31);

	/* round trip and continuity over years 0..10000 */
	for (day = day_of(0, 1, 1); day < day_of(10001, 1, 1); day++)
	{
		int64_t		y2;
		int			m2;
		int			d2;

		period_civil_from_days(day, &y, &m, &d);
		if (day_of(y, m, d) != day || d < 1 || d > period_days_in_month(y, m))
			ok = 0;
		period_civil_from_days(day + 1, &y2, &m2, &d2);
		if (!((y2 == y && m2 == m && d2 == d + 1) ||
			  (y2 == y && m2 == m + 1 && d2 == 1 && d == period_days_in_month(y, m)) ||
			  (y2 == y + 1 && m2 == 1 && d2 == 1 && m == 12 && d == 31)))
			ok = 0;
	}
	CHECK(ok);

	CHECK(period_is_leap_year(2024));
	CHECK(period_is_leap_year(2000));
	CHECK(!period_is_leap_year(1900));
	CHECK(!period_is_leap_year(2023));
	CHECK_EQ_INT(period_days_in_month(2024, 2), 29);
	CHECK_EQ_INT(period_days_in_month(2023, 2), 28);
	CHECK_EQ_INT(period_days_in_month(2100, 2), 28);
	CHECK_EQ_INT(period_days_in_month(2024, 4), 30);
	CHECK_EQ_INT(period_days_in_month(2024, 12), 31);

	CHECK_EQ_INT(period_floor_div(-1, 7), -1);
	CHECK_EQ_INT(period_floor_mod(-1, 7), 6);
	CHECK_EQ_INT(period_floor_div(14, 7), 2);
	CHECK_EQ_INT(period_floor_div(-14, 7), -2);
}

static void
test_weeks(void)
{
	int64_t		iy;
	int			w;

	/* weekdays: 2000-01-01 Saturday, 1970-01-01 Thursday, 2024-01-01 Monday,
	 * 2024-02-29 Thursday, 2024-03-31 Sunday, 2024-10-27 Sunday */
	CHECK_EQ_INT(period_iso_weekday(day_of(2000, 1, 1)), 6);
	CHECK_EQ_INT(period_iso_weekday(day_of(1970, 1, 1)), 4);
	CHECK_EQ_INT(period_iso_weekday(day_of(2024, 1, 1)), 1);
	CHECK_EQ_INT(period_iso_weekday(day_of(2024, 2, 29)), 4);
	CHECK_EQ_INT(period_iso_weekday(day_of(2024, 3, 31)), 7);
	CHECK_EQ_INT(period_iso_weekday(day_of(2024, 10, 27)), 7);

	/* 2024-01-01 is a Monday in week 1; 2024-01-09 (Tuesday) in week 2 */
	period_iso_week(day_of(2024, 1, 1), &iy, &w);
	CHECK(iy == 2024 && w == 1);
	period_iso_week(day_of(2024, 1, 9), &iy, &w);
	CHECK(iy == 2024 && w == 2);
	/* 2021-01-03 is a Sunday in the last week of 2020, which has 53 weeks */
	period_iso_week(day_of(2021, 1, 3), &iy, &w);
	CHECK(iy == 2020 && w == 53);
	/* 2024-12-30 is a Monday; its Thursday is 2025-01-02: week 2025-W01 */
	period_iso_week(day_of(2024, 12, 30), &iy, &w);
	CHECK(iy == 2025 && w == 1);
	/* 2026 starts on a Thursday: 2027-01-01 (Friday) is still 2026-W53 */
	period_iso_week(day_of(2027, 1, 1), &iy, &w);
	CHECK(iy == 2026 && w == 53);
	/* 2024-12-29 Sunday: 2024-W52 */
	period_iso_week(day_of(2024, 12, 29), &iy, &w);
	CHECK(iy == 2024 && w == 52);
}

static void
test_local_add(void)
{
	int64_t		r = 0;

	/* 31 January 2024 + 1 month is clamped to 29 February (leap year) */
	CHECK(period_local_add(local_of(2024, 1, 31, 0, 0, 0, 0), 1, 0, 0, &r));
	CHECK_EQ_INT(r, local_of(2024, 2, 29, 0, 0, 0, 0));
	/* 31 March 2024 - 1 month = 29 February */
	CHECK(period_local_add(local_of(2024, 3, 31, 8, 0, 0, 0), -1, 0, 0, &r));
	CHECK_EQ_INT(r, local_of(2024, 2, 29, 8, 0, 0, 0));
	/* Norrtälje: Tuesday 13:00 + 1 day 2 hours = Wednesday 15:00 */
	CHECK(period_local_add(local_of(2024, 1, 9, 13, 0, 0, 0), 0, 1,
						   INT64_C(7200000000), &r));
	CHECK_EQ_INT(r, local_of(2024, 1, 10, 15, 0, 0, 0));
	/* months, then days: 2024-01-31 + (1 month 1 day) = 2024-03-01 */
	CHECK(period_local_add(local_of(2024, 1, 31, 0, 0, 0, 0), 1, 1, 0, &r));
	CHECK_EQ_INT(r, local_of(2024, 3, 1, 0, 0, 0, 0));
	/* 2^31 - 1 months is about 179 million years: refused */
	CHECK(!period_local_add(0, INT32_MAX, 0, 0, &r));
	CHECK(!period_local_add(PERIOD_USECS_PER_DAY, 0, 0, INT64_MAX, &r));
	CHECK(!period_local_add(-PERIOD_USECS_PER_DAY, 0, 0, INT64_MIN, &r));
}

static void
test_tertials(void)
{
	int32_t		t = 0;
	char		buf[PERIOD_TERTIAL_TEXT_LEN];

	/* code = year * 3 + (n - 1): 2024-T2 = 6072 + 1 */
	CHECK_EQ_INT(tertial_of(2024, 2), 6073);
	CHECK(period_tertial_parse("2024-T2", &t) && t == 6073);
	CHECK(period_tertial_parse("2024T2", &t) && t == 6073);
	CHECK(period_tertial_parse("  2024-t3 ", &t) && t == 6074);
	CHECK(period_tertial_parse("\t2024t1\n", &t) && t == 6072);
	CHECK(period_tertial_parse("0001-T1", &t) && t == 3);
	CHECK(period_tertial_parse("9999-T3", &t) && t == 29999);
	CHECK(!period_tertial_parse("2024-T4", &t));
	CHECK(!period_tertial_parse("2024-T0", &t));
	CHECK(!period_tertial_parse("24-T1", &t));
	CHECK(!period_tertial_parse("", &t));
	CHECK(!period_tertial_parse("   ", &t));
	CHECK(!period_tertial_parse("T2-2024", &t));
	CHECK(!period_tertial_parse("2024-2", &t));
	CHECK(!period_tertial_parse("0000-T1", &t));
	CHECK(!period_tertial_parse("12024-T1", &t));
	CHECK(!period_tertial_parse("+202-T1", &t));
	CHECK(!period_tertial_parse("2024--T1", &t));
	CHECK(!period_tertial_parse("2024 -T1", &t));
	CHECK(!period_tertial_parse("2024-T12", &t));
	CHECK(!period_tertial_parse("2024-T2x", &t));
	CHECK(!period_tertial_parse("2024-T2 x", &t));

	period_tertial_format(6073, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "2024-T2");
	period_tertial_format(3, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "0001-T1");
	period_tertial_format(29999, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "9999-T3");

	CHECK(!period_tertial_make(0, 1, &t));
	CHECK(!period_tertial_make(10000, 1, &t));
	CHECK(!period_tertial_make(2024, 4, &t));
	CHECK(!period_tertial_make(2024, 0, &t));
	CHECK_EQ_INT(period_tertial_year(6074), 2024);
	CHECK_EQ_INT(period_tertial_number(6074), 3);

	/* months: April is T1, May T2, August T2, September T3, December T3 */
	CHECK(period_tertial_of_month(2024, 4, &t) && t == tertial_of(2024, 1));
	CHECK(period_tertial_of_month(2024, 5, &t) && t == tertial_of(2024, 2));
	CHECK(period_tertial_of_month(2024, 8, &t) && t == tertial_of(2024, 2));
	CHECK(period_tertial_of_month(2024, 9, &t) && t == tertial_of(2024, 3));
	CHECK(period_tertial_of_month(2024, 12, &t) && t == tertial_of(2024, 3));
	CHECK(!period_tertial_of_month(0, 12, &t));

	/* bounds: [1 May, 1 Sep), [1 Sep, 1 Jan next year) */
	CHECK_EQ_INT(period_tertial_first_day(tertial_of(2024, 1)), day_of(2024, 1, 1));
	CHECK_EQ_INT(period_tertial_end_day(tertial_of(2024, 1)), day_of(2024, 5, 1));
	CHECK_EQ_INT(period_tertial_first_day(tertial_of(2024, 2)), day_of(2024, 5, 1));
	CHECK_EQ_INT(period_tertial_end_day(tertial_of(2024, 2)), day_of(2024, 9, 1));
	CHECK_EQ_INT(period_tertial_end_day(tertial_of(2024, 3)), day_of(2025, 1, 1));
	CHECK_EQ_INT(period_tertial_end_day(tertial_of(9999, 3)), day_of(10000, 1, 1));
	/* T1 2024 has 31 + 29 + 31 + 30 = 121 days, T2 123, T3 122 */
	CHECK_EQ_INT(period_tertial_end_day(tertial_of(2024, 1)) -
				 period_tertial_first_day(tertial_of(2024, 1)), 121);
	CHECK_EQ_INT(period_tertial_end_day(tertial_of(2023, 1)) -
				 period_tertial_first_day(tertial_of(2023, 1)), 120);

	/* arithmetic */
	CHECK(period_tertial_add(tertial_of(2024, 3), 1, &t) && t == tertial_of(2025, 1));
	CHECK(period_tertial_add(tertial_of(2024, 1), -1, &t) && t == tertial_of(2023, 3));
	CHECK(period_tertial_add(tertial_of(2024, 2), 6, &t) && t == tertial_of(2026, 2));
	CHECK(!period_tertial_add(tertial_of(9999, 3), 1, &t));
	CHECK(!period_tertial_add(tertial_of(1, 1), -1, &t));
	CHECK(!period_tertial_add(tertial_of(2024, 1), INT32_MAX, &t));
	CHECK(!period_tertial_add(tertial_of(2024, 1), INT32_MIN, &t));
	CHECK_EQ_INT(period_tertial_diff(tertial_of(2025, 1), tertial_of(2024, 2)), 2);
	CHECK_EQ_INT(period_tertial_diff(tertial_of(2023, 3), tertial_of(2024, 3)), -3);
}

static void
test_cycles(void)
{
	PeriodCycleLength len;
	PeriodCycleRule weekly = {PERIOD_CYCLE_WEEKLY, 0, INT64_C(13) * 3600 * 1000000};
	PeriodCycleRule fortnightly;
	PeriodCycleRule monthly;
	char		label[16];

	CHECK(period_cycle_length_parse("weekly", &len) && len == PERIOD_CYCLE_WEEKLY);
	CHECK(period_cycle_length_parse("fortnightly", &len) && len == PERIOD_CYCLE_FORTNIGHTLY);
	CHECK(period_cycle_length_parse("monthly", &len) && len == PERIOD_CYCLE_MONTHLY);
	CHECK(!period_cycle_length_parse("Weekly", &len));
	CHECK(!period_cycle_length_parse("biweekly", &len));
	CHECK(!period_cycle_length_parse("", &len));
	CHECK_EQ_STR(period_cycle_length_name(PERIOD_CYCLE_FORTNIGHTLY), "fortnightly");

	/* Weekly, anchor Tuesday 2024-01-02, cut-off 13:00 (Norrtälje). */
	weekly.anchor_day = day_of(2024, 1, 2);
	CHECK_EQ_INT(period_iso_weekday(weekly.anchor_day), 2);
	CHECK_EQ_INT(period_cycle_cutoff(&weekly, 0), local_of(2024, 1, 2, 13, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_cutoff(&weekly, 1), local_of(2024, 1, 9, 13, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_cutoff(&weekly, -1), local_of(2023, 12, 26, 13, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2024, 1, 2, 13, 0, 0, 0)), 0);
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2024, 1, 9, 12, 59, 59, 999999)), 0);
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2024, 1, 9, 13, 0, 0, 0)), 1);
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2024, 1, 9, 13, 0, 0, 1)), 1);
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2024, 1, 2, 12, 59, 59, 999999)), -1);
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2023, 12, 26, 13, 0, 0, 0)), -1);
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2023, 12, 26, 12, 0, 0, 0)), -2);
	/* 2024-03-31 (DST change) lies in the cycle from Tue 26 March = k 12 */
	CHECK_EQ_INT(period_cycle_index(&weekly, local_of(2024, 3, 31, 2, 30, 0, 0)), 12);
	/* cycle 0 ends Tue 2024-01-09 13:00: its last instant is in ISO week 2 */
	period_cycle_label(PERIOD_CYCLE_WEEKLY, local_of(2024, 1, 9, 12, 59, 59, 999999),
					   label, sizeof(label));
	CHECK_EQ_STR(label, "2024-W02");
	/* a cycle ending Tue 2024-12-31 13:00 lies in week 2025-W01 */
	period_cycle_label(PERIOD_CYCLE_WEEKLY, local_of(2024, 12, 31, 12, 59, 59, 999999),
					   label, sizeof(label));
	CHECK_EQ_STR(label, "2025-W01");

	/* Fortnightly from the same anchor. */
	fortnightly = weekly;
	fortnightly.length = PERIOD_CYCLE_FORTNIGHTLY;
	CHECK_EQ_INT(period_cycle_cutoff(&fortnightly, 1), local_of(2024, 1, 16, 13, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_index(&fortnightly, local_of(2024, 1, 15, 23, 0, 0, 0)), 0);
	CHECK_EQ_INT(period_cycle_index(&fortnightly, local_of(2024, 1, 16, 13, 0, 0, 0)), 1);
	CHECK_EQ_INT(period_cycle_index(&fortnightly, local_of(2023, 12, 19, 13, 0, 0, 0)), -1);
	CHECK_EQ_INT(period_cycle_index(&fortnightly, local_of(2023, 12, 19, 12, 0, 0, 0)), -2);

	/* Monthly on the 31st at 00:00: clamped to 29 Feb 2024, 30 Apr, 30 Nov 2023. */
	monthly.length = PERIOD_CYCLE_MONTHLY;
	monthly.anchor_day = day_of(2024, 1, 31);
	monthly.cutoff_usecs = 0;
	CHECK_EQ_INT(period_cycle_cutoff(&monthly, 1), local_of(2024, 2, 29, 0, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_cutoff(&monthly, 2), local_of(2024, 3, 31, 0, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_cutoff(&monthly, 3), local_of(2024, 4, 30, 0, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_cutoff(&monthly, -2), local_of(2023, 11, 30, 0, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_cutoff(&monthly, 13), local_of(2025, 2, 28, 0, 0, 0, 0));
	CHECK_EQ_INT(period_cycle_index(&monthly, local_of(2024, 2, 28, 23, 59, 59, 999999)), 0);
	CHECK_EQ_INT(period_cycle_index(&monthly, local_of(2024, 2, 29, 0, 0, 0, 0)), 1);
	CHECK_EQ_INT(period_cycle_index(&monthly, local_of(2024, 3, 15, 0, 0, 0, 0)), 1);
	CHECK_EQ_INT(period_cycle_index(&monthly, local_of(2024, 3, 31, 0, 0, 0, 0)), 2);
	CHECK_EQ_INT(period_cycle_index(&monthly, local_of(2023, 12, 31, 0, 0, 0, 0)), -1);
	CHECK_EQ_INT(period_cycle_index(&monthly, local_of(2023, 12, 30, 0, 0, 0, 0)), -2);
	period_cycle_label(PERIOD_CYCLE_MONTHLY, local_of(2024, 2, 28, 23, 59, 59, 999999),
					   label, sizeof(label));
	CHECK_EQ_STR(label, "2024-02");
}

/* Consecutive cut-offs are strictly increasing and index() inverts cutoff(). */
static void
test_cycle_consistency(void)
{
	PeriodCycleRule rule;
	int			lengths[3] = {PERIOD_CYCLE_WEEKLY, PERIOD_CYCLE_FORTNIGHTLY, PERIOD_CYCLE_MONTHLY};
	int			i;
	int64_t		k;
	int			ok = 1;

	rule.anchor_day = day_of(2023, 8, 30);
	rule.cutoff_usecs = INT64_C(23) * 3600 * 1000000 + 1;
	for (i = 0; i < 3; i++)
	{
		rule.length = (PeriodCycleLength) lengths[i];
		for (k = -400; k < 400; k++)
		{
			int64_t		c0 = period_cycle_cutoff(&rule, k);
			int64_t		c1 = period_cycle_cutoff(&rule, k + 1);

			if (!(c0 < c1) ||
				period_cycle_index(&rule, c0) != k ||
				period_cycle_index(&rule, c1 - 1) != k ||
				period_cycle_index(&rule, (c0 + c1) / 2) != k)
				ok = 0;
		}
	}
	CHECK(ok);
}

void
suite_period(void)
{
	test_civil();
	test_weeks();
	test_local_add();
	test_tertials();
	test_cycles();
	test_cycle_consistency();
}
