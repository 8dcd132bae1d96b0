/*
 * mannkendall.h — Mann–Kendall trend test, Sen's slope and its confidence
 * interval, and the seasonal (Hirsch–Slack) variant, in pure C.
 *
 * Definitions follow ../shared/reference/analytics.md §3.  A series is a set
 * of points (t, x) in any order; the functions sort it by time.  A pair of
 * points with equal t is not ordered in time: it contributes 0 to S and
 * gives no slope, and ties in t enter Var S through Kendall's tie
 * correction for both variables (the variance SciPy's kendalltau uses),
 * which reduces to the usual Mann–Kendall variance when no two t are equal.
 */
#ifndef EST_CORE_MANNKENDALL_H
#define EST_CORE_MANNKENDALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One observation.  season is used by the seasonal test only. */
typedef struct MkPoint
{
	double		t;
	double		x;
	int32_t		season;
	int32_t		pad;
} MkPoint;

/*
 * Largest series the test accepts: Sen's slope keeps every pairwise slope,
 * n (n - 1) / 2 doubles (8 million, 64 MB, at the limit).
 */
#define MK_MAX_POINTS 4000

typedef struct MkResult
{
	int64_t		n;				/* points used */
	bool		valid;			/* n >= 3: s .. p, tau_a are set */
	double		s;
	double		var_s;
	double		z;
	double		p;
	double		tau_a;
	bool		tau_b_valid;	/* false when a variable is constant */
	double		tau_b;
	bool		slope_valid;	/* false when no two points differ in t */
	double		slope;
	double		intercept;
	int			direction;		/* +1 increasing, -1 decreasing, 0 none */
} MkResult;

/* Scratch space (in doubles) that mk_test / mk_seasonal need for n points. */
extern size_t mk_work_doubles(size_t n);

/*
 * The test over n points (sorted in place by time).  direction is decided
 * at the two-sided level alpha (p < alpha).  work holds mk_work_doubles(n).
 */
extern void mk_test(MkPoint *pts, size_t n, double alpha, double *work,
					MkResult *r);

/*
 * Seasonal Mann–Kendall (Hirsch–Slack): S and Var S summed over seasons,
 * tau_a = sum S / sum n_s (n_s - 1) / 2, tau_b not defined (tau_b_valid
 * false), Sen's slope = median of all within-season slopes, intercept =
 * median(x) - median(t) * slope.  Points are sorted in place by season, t.
 */
extern void mk_seasonal(MkPoint *pts, size_t n, double alpha, double *work,
						MkResult *r);

/*
 * Sen's slope with its confidence interval (Gilbert 1987, as R trend's
 * sens.slope): with N' slopes and C = z(1 - (1 - level)/2) sqrt(Var S),
 * lower = slope of rank round((N' - C) / 2), upper = rank
 * round((N' + C) / 2 + 1), ranks 1-based in ascending order.  A rank outside
 * 1..N' leaves that bound invalid.  Returns false if there is no slope.
 */
extern bool mk_sen_ci(MkPoint *pts, size_t n, double level, double *work,
					  double *slope, double *lower, bool *lower_valid,
					  double *upper, bool *upper_valid);

/*
 * The test alone (S, Var S, Z, p, tau_a, tau_b, direction; no Sen's slope) for a series
 * x[0..n-1] observed at the distinct, equally spaced times 0..n-1, as in est's emerging hot
 * spots (Mann–Kendall on a location's Gi* z-scores).  NAN values are left out and the others
 * keep their time order; r->n is the number used, and r->valid needs at least 3.  Same S,
 * Var S, Z and p as mk_test on the points (t, x).  work holds n doubles.
 */
extern void mk_test_series(const double *x, size_t n, double alpha, double *work,
						   MkResult *r);

/* ---- helpers, exported for the tests and the other core modules ---- */

/* k-th smallest (0-based) of a[0..n-1]; reorders a */
extern double mk_select(double *a, size_t n, size_t k);
/* median of a[0..n-1] (n > 0); reorders a */
extern double mk_median(double *a, size_t n);
/* standard normal upper tail and quantile */
extern double mk_norm_sf(double z);
extern double mk_norm_quantile(double p);

#endif							/* EST_CORE_MANNKENDALL_H */
