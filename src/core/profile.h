/*
 * profile.h — aoristic time profiles: each incident's time window is spread
 * over the cells it covers, in proportion to the time it spends in each.
 *
 * Pure C: no PostgreSQL headers.  The core works on local wall-clock values
 * (microseconds since 2000-01-01 00:00 in the zone, as in core/period.h);
 * the fmgr wrapper cuts an incident's window at the zone's UTC-offset
 * changes and passes each piece in local time, so an hour skipped in spring
 * receives nothing and the hour repeated in autumn receives both passes.
 *
 * Week profile: 168 cells, cell (weekday - 1) * 24 + hour with ISO weekday
 * 1 = Monday .. 7 = Sunday and hour 0 .. 23 (cell 0 = Monday 00:00–01:00).
 * Month profile (the "årshjul"): 12 cells, cell month - 1.
 */
#ifndef EST_CORE_PROFILE_H
#define EST_CORE_PROFILE_H

#include <stdint.h>

#define PROFILE_WEEK_CELLS	168
#define PROFILE_MONTH_CELLS 12

/* the cell of a local wall-clock value */
extern int	profile_week_cell(int64_t local);
extern int	profile_month_cell(int64_t local);

/*
 * Add weight_per_usec * (time spent in the cell) to every cell the local
 * interval [lo, hi) meets (lo < hi).  Whole weeks are added in one step;
 * the month profile walks month by month.
 */
extern void profile_week_add(double *cells, int64_t lo, int64_t hi,
							 double weight_per_usec);
extern void profile_month_add(double *cells, int64_t lo, int64_t hi,
							  double weight_per_usec);

#endif							/* EST_CORE_PROFILE_H */
