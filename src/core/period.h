/*
 * period.h — calendar arithmetic for est: civil dates, ISO weeks, tertials
 * and reporting cycles, in pure C (no PostgreSQL headers).
 *
 * Conventions shared with PostgreSQL so that the fmgr wrappers pass values
 * straight through:
 *   - a day number counts days since 2000-01-01 (PostgreSQL's date epoch),
 *     proleptic Gregorian calendar, negative before the epoch;
 *   - a local wall-clock value counts microseconds since 2000-01-01 00:00 in
 *     some time zone, like PostgreSQL's timestamp without time zone.  The core
 *     never converts between local values and instants: the wrapper does
 *     that with the time zone database.
 *
 * A tertial is a third of a year: T1 = January–April, T2 = May–August,
 * T3 = September–December.  It is coded as year * 3 + (n - 1), for years
 * PERIOD_TERTIAL_MIN_YEAR .. PERIOD_TERTIAL_MAX_YEAR.
 */
#ifndef EST_CORE_PERIOD_H
#define EST_CORE_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PERIOD_USECS_PER_DAY	INT64_C(86400000000)

/* ---- civil dates ---- */
extern bool period_is_leap_year(int64_t year);
extern int	period_days_in_month(int64_t year, int month);
extern int64_t period_days_from_civil(int64_t year, int month, int day);
extern void period_civil_from_days(int64_t days, int64_t *year, int *month,
								   int *day);
extern int	period_iso_weekday(int64_t days);	/* 1 = Monday .. 7 = Sunday */
extern void period_iso_week(int64_t days, int64_t *iso_year, int *week);

/* floor division and the matching non-negative remainder (b > 0) */
extern int64_t period_floor_div(int64_t a, int64_t b);
extern int64_t period_floor_mod(int64_t a, int64_t b);

/*
 * Add an interval to a local wall-clock value with PostgreSQL's rules for
 * timestamp + interval: months first (day clamped to the month's last day),
 * then days, then microseconds.  Returns false if the result would leave
 * about +-270 000 years (the caller then reports "out of range").
 */
extern bool period_local_add(int64_t local, int32_t months, int32_t days,
							 int64_t usecs, int64_t *result);

/* ---- tertials ---- */
#define PERIOD_TERTIAL_MIN_YEAR 1
#define PERIOD_TERTIAL_MAX_YEAR 9999
#define PERIOD_TERTIAL_MIN	((int32_t) (PERIOD_TERTIAL_MIN_YEAR * 3))
#define PERIOD_TERTIAL_MAX	((int32_t) (PERIOD_TERTIAL_MAX_YEAR * 3 + 2))
/* "9999-T3" plus a terminating zero */
#define PERIOD_TERTIAL_TEXT_LEN 8

extern bool period_tertial_valid(int64_t code);
extern bool period_tertial_make(int64_t year, int64_t n, int32_t *code);
extern int	period_tertial_year(int32_t code);
extern int	period_tertial_number(int32_t code);
/* tertial of a month of a year (month 1..12); false if the year is outside */
extern bool period_tertial_of_month(int64_t year, int month, int32_t *code);
/* first day, and first day of the next tertial (exclusive end) */
extern int64_t period_tertial_first_day(int32_t code);
extern int64_t period_tertial_end_day(int32_t code);
extern bool period_tertial_add(int32_t code, int64_t delta, int32_t *result);
extern int32_t period_tertial_diff(int32_t a, int32_t b);

/*
 * Parse "YYYY-Tn" or "YYYYTn" (T or t, n = 1..3, four-digit year 0001..9999,
 * optional surrounding ASCII white space).  Returns false on anything else.
 */
extern bool period_tertial_parse(const char *text, int32_t *code);
/* Writes "YYYY-Tn" into buf (at least PERIOD_TERTIAL_TEXT_LEN bytes). */
extern void period_tertial_format(int32_t code, char *buf, size_t buflen);

/* ---- reporting cycles ---- */
typedef enum PeriodCycleLength
{
	PERIOD_CYCLE_WEEKLY,
	PERIOD_CYCLE_FORTNIGHTLY,
	PERIOD_CYCLE_MONTHLY
} PeriodCycleLength;

typedef struct PeriodCycleRule
{
	PeriodCycleLength length;
	int64_t		anchor_day;		/* day number of the anchor date */
	int64_t		cutoff_usecs;	/* local time of day, 0 <= x < 1 day */
} PeriodCycleRule;

/* Local values the cycle functions accept: 0001-01-01 .. 9999-12-31. */
#define PERIOD_LOCAL_MIN	(INT64_C(-730119) * PERIOD_USECS_PER_DAY)
#define PERIOD_LOCAL_END	(INT64_C(2921940) * PERIOD_USECS_PER_DAY)

/* "weekly", "fortnightly", "monthly" (exactly); false on anything else */
extern bool period_cycle_length_parse(const char *text,
									  PeriodCycleLength *length);
extern const char *period_cycle_length_name(PeriodCycleLength length);

/*
 * Local wall-clock value of cut-off k: anchor + 7k (or 14k) days at the
 * cut-off time; monthly, the anchor's day of month in the k-th month after
 * the anchor's month, clamped to that month's last day.  Requires |k| small
 * enough to stay within about +-200 000 years.
 */
extern int64_t period_cycle_cutoff(const PeriodCycleRule *rule, int64_t k);

/*
 * The k with cutoff(k) <= local < cutoff(k + 1), on local wall-clock values.
 * The wrapper re-checks the answer on instants (a cut-off inside a skipped
 * or repeated hour) and steps k by one if needed.
 */
extern int64_t period_cycle_index(const PeriodCycleRule *rule, int64_t local);

/*
 * Label of a cycle from the local wall-clock value of its last instant:
 * the ISO week "2024-W02" for weekly and fortnightly cycles, the month
 * "2024-01" for monthly ones.  buf holds at least 16 bytes.
 */
extern void period_cycle_label(PeriodCycleLength length, int64_t last_local,
							   char *buf, size_t buflen);

#endif							/* EST_CORE_PERIOD_H */
