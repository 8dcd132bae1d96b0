/*
 * period.c — civil-date arithmetic, tertials and reporting cycles.
 *
 * Pure C: no PostgreSQL headers.  See period.h for the conventions (day
 * numbers since 2000-01-01, local wall-clock microseconds since 2000-01-01).
 */
#include "core/period.h"

#include <stdio.h>
#include <string.h>

/* Days in 400 Gregorian years, and day number of 0000-03-01. */
#define DAYS_PER_400Y	INT64_C(146097)
#define EPOCH_0000_03_01 INT64_C(-730425)

/* Bounds for period_local_add: |day number| <= this keeps µs in int64. */
#define LOCAL_DAY_LIMIT INT64_C(100000000)

int64_t
period_floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t
period_floor_mod(int64_t a, int64_t b)
{
	return a - period_floor_div(a, b) * b;
}

/* ---------------------------------------------------------------- dates */

bool
period_is_leap_year(int64_t year)
{
	return period_floor_mod(year, 4) == 0 &&
		(period_floor_mod(year, 100) != 0 || period_floor_mod(year, 400) == 0);
}

int
period_days_in_month(int64_t year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && period_is_leap_year(year))
		return 29;
	return days[month - 1];
}

/*
 * Count from 1 March of year 0 so that the leap day is the last day of the
 * counting year; months March..February then have a fixed cumulative length
 * given by (153 * m + 2) / 5 for m = 0 (March) .. 11 (February).
 */
int64_t
period_days_from_civil(int64_t year, int month, int day)
{
	int64_t		y = (month <= 2) ? year - 1 : year;
	int			m = (month <= 2) ? month + 9 : month - 3;
	int64_t		era = period_floor_div(y, 400);
	int64_t		yoe = y - era * 400;	/* 0 .. 399 */
	int64_t		doy = (153 * m + 2) / 5 + day - 1;	/* 0 .. 365 */
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * DAYS_PER_400Y + doe + EPOCH_0000_03_01;
}

void
period_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t		z = days - EPOCH_0000_03_01;
	int64_t		era = period_floor_div(z, DAYS_PER_400Y);
	int64_t		doe = z - era * DAYS_PER_400Y;	/* 0 .. 146096 */
	int64_t		yoe;
	int64_t		doy;
	int			m;

	/* years of era: remove the leap days before doe, then divide by 365 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (yoe * 365 + yoe / 4 - yoe / 100);
	m = (int) ((5 * doy + 2) / 153);	/* 0 = March .. 11 = February */
	*day = (int) (doy - (153 * m + 2) / 5 + 1);
	*month = (m < 10) ? m + 3 : m - 9;
	*year = era * 400 + yoe + (*month <= 2 ? 1 : 0);
}

int
period_iso_weekday(int64_t days)
{
	/* 2000-01-01 was a Saturday (6) */
	return (int) period_floor_mod(days + 5, 7) + 1;
}

void
period_iso_week(int64_t days, int64_t *iso_year, int *week)
{
	/* An ISO week belongs to the year that holds its Thursday. */
	int64_t		thursday = days - period_iso_weekday(days) + 4;
	int			month;
	int			day;

	period_civil_from_days(thursday, iso_year, &month, &day);
	*week = (int) ((thursday - period_days_from_civil(*iso_year, 1, 1)) / 7) + 1;
}

bool
period_local_add(int64_t local, int32_t months, int32_t days, int64_t usecs,
				 int64_t *result)
{
	int64_t		day = period_floor_div(local, PERIOD_USECS_PER_DAY);
	int64_t		tod = local - day * PERIOD_USECS_PER_DAY;
	int64_t		base;

	if (months != 0)
	{
		int64_t		y;
		int			m;
		int			d;
		int64_t		mi;
		int			dim;

		period_civil_from_days(day, &y, &m, &d);
		mi = y * 12 + (m - 1) + months;
		y = period_floor_div(mi, 12);
		m = (int) period_floor_mod(mi, 12) + 1;
		dim = period_days_in_month(y, m);
		if (d > dim)
			d = dim;
		day = period_days_from_civil(y, m, d);
	}
	day += days;
	if (day > LOCAL_DAY_LIMIT || day < -LOCAL_DAY_LIMIT)
		return false;
	base = day * PERIOD_USECS_PER_DAY + tod;
	if ((usecs > 0 && base > INT64_MAX - usecs) ||
		(usecs < 0 && base < INT64_MIN - usecs))
		return false;
	*result = base + usecs;
	return true;
}

/* ------------------------------------------------------------- tertials */

bool
period_tertial_valid(int64_t code)
{
	return code >= PERIOD_TERTIAL_MIN && code <= PERIOD_TERTIAL_MAX;
}

bool
period_tertial_make(int64_t year, int64_t n, int32_t *code)
{
	if (year < PERIOD_TERTIAL_MIN_YEAR || year > PERIOD_TERTIAL_MAX_YEAR ||
		n < 1 || n > 3)
		return false;
	*code = (int32_t) (year * 3 + (n - 1));
	return true;
}

int
period_tertial_year(int32_t code)
{
	return code / 3;
}

int
period_tertial_number(int32_t code)
{
	return code % 3 + 1;
}

bool
period_tertial_of_month(int64_t year, int month, int32_t *code)
{
	return period_tertial_make(year, (month - 1) / 4 + 1, code);
}

int64_t
period_tertial_first_day(int32_t code)
{
	return period_days_from_civil(period_tertial_year(code),
								  (period_tertial_number(code) - 1) * 4 + 1, 1);
}

int64_t
period_tertial_end_day(int32_t code)
{
	int			year = period_tertial_year(code);
	int			n = period_tertial_number(code);

	if (n == 3)
		return period_days_from_civil(year + 1, 1, 1);
	return period_days_from_civil(year, n * 4 + 1, 1);
}

bool
period_tertial_add(int32_t code, int64_t delta, int32_t *result)
{
	/* callers pass int32 deltas; codes are < 30000, so no overflow here */
	int64_t		sum = (int64_t) code + delta;

	if (!period_tertial_valid(sum))
		return false;
	*result = (int32_t) sum;
	return true;
}

int32_t
period_tertial_diff(int32_t a, int32_t b)
{
	return a - b;
}

static bool
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		c == '\f';
}

static bool
is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
period_tertial_parse(const char *text, int32_t *code)
{
	const char *p = text;
	int			year = 0;
	int			n;
	int			i;

	while (is_ascii_space(*p))
		p++;
	for (i = 0; i < 4; i++, p++)
	{
		if (!is_ascii_digit(*p))
			return false;
		year = year * 10 + (*p - '0');
	}
	if (*p == '-')
		p++;
	if (*p != 'T' && *p != 't')
		return false;
	p++;
	if (*p < '1' || *p > '3')
		return false;
	n = *p - '0';
	p++;
	while (is_ascii_space(*p))
		p++;
	if (*p != '\0')
		return false;
	return period_tertial_make(year, n, code);
}

void
period_tertial_format(int32_t code, char *buf, size_t buflen)
{
	snprintf(buf, buflen, "%04d-T%d",
			 period_tertial_year(code), period_tertial_number(code));
}

/* --------------------------------------------------------------- cycles */

bool
period_cycle_length_parse(const char *text, PeriodCycleLength *length)
{
	if (strcmp(text, "weekly") == 0)
		*length = PERIOD_CYCLE_WEEKLY;
	else if (strcmp(text, "fortnightly") == 0)
		*length = PERIOD_CYCLE_FORTNIGHTLY;
	else if (strcmp(text, "monthly") == 0)
		*length = PERIOD_CYCLE_MONTHLY;
	else
		return false;
	return true;
}

const char *
period_cycle_length_name(PeriodCycleLength length)
{
	switch (length)
	{
		case PERIOD_CYCLE_WEEKLY:
			return "weekly";
		case PERIOD_CYCLE_FORTNIGHTLY:
			return "fortnightly";
		case PERIOD_CYCLE_MONTHLY:
			return "monthly";
	}
	return "?";
}

static int64_t
cycle_step_days(PeriodCycleLength length)
{
	return length == PERIOD_CYCLE_FORTNIGHTLY ? 14 : 7;
}

int64_t
period_cycle_cutoff(const PeriodCycleRule *rule, int64_t k)
{
	int64_t		day;

	if (rule->length == PERIOD_CYCLE_MONTHLY)
	{
		int64_t		ay;
		int			am;
		int			ad;
		int64_t		mi;
		int64_t		y;
		int			m;
		int			dim;

		period_civil_from_days(rule->anchor_day, &ay, &am, &ad);
		mi = ay * 12 + (am - 1) + k;
		y = period_floor_div(mi, 12);
		m = (int) period_floor_mod(mi, 12) + 1;
		dim = period_days_in_month(y, m);
		day = period_days_from_civil(y, m, ad < dim ? ad : dim);
	}
	else
		day = rule->anchor_day + k * cycle_step_days(rule->length);

	return day * PERIOD_USECS_PER_DAY + rule->cutoff_usecs;
}

int64_t
period_cycle_index(const PeriodCycleRule *rule, int64_t local)
{
	int64_t		k;

	if (rule->length == PERIOD_CYCLE_MONTHLY)
	{
		int64_t		ay;
		int64_t		y;
		int			am;
		int			m;
		int			d;

		period_civil_from_days(rule->anchor_day, &ay, &am, &d);
		period_civil_from_days(period_floor_div(local, PERIOD_USECS_PER_DAY),
							   &y, &m, &d);
		/* the cut-off in local's own month; before it, the previous one */
		k = (y * 12 + (m - 1)) - (ay * 12 + (am - 1));
		if (local < period_cycle_cutoff(rule, k))
			k--;
	}
	else
	{
		int64_t		base = rule->anchor_day * PERIOD_USECS_PER_DAY +
			rule->cutoff_usecs;

		k = period_floor_div(local - base,
							 cycle_step_days(rule->length) * PERIOD_USECS_PER_DAY);
	}
	return k;
}

void
period_cycle_label(PeriodCycleLength length, int64_t last_local, char *buf,
				   size_t buflen)
{
	int64_t		day = period_floor_div(last_local, PERIOD_USECS_PER_DAY);

	if (length == PERIOD_CYCLE_MONTHLY)
	{
		int64_t		y;
		int			m;
		int			d;

		period_civil_from_days(day, &y, &m, &d);
		snprintf(buf, buflen, "%04lld-%02d", (long long) y, m);
	}
	else
	{
		int64_t		iso_year;
		int			week;

		period_iso_week(day, &iso_year, &week);
		snprintf(buf, buflen, "%04lld-W%02d", (long long) iso_year, week);
	}
}
