/*
 * mannkendall.c — Mann–Kendall trend test, Sen's slope, seasonal variant.
 *
 * Pure C: no PostgreSQL headers.  Formulas in analytics.md §3.1 and in
 * mannkendall.h.  The pair loop is O(n^2), which is what the test costs
 * anyway for the series lengths of EST (tens to a few hundred cycles).
 */
#include "core/mannkendall.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

size_t
mk_work_doubles(size_t n)
{
	return (n < 2 ? 0 : n * (n - 1) / 2) + n + 1;
}

/* ---------------------------------------------------------------- helpers */

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * Sorts doubles (no NaN) ascending: insertion sort for the short series of a location's
 * trend (an emerging hot-spot analysis runs one per location), qsort beyond.  Only the values
 * matter, not which of equal ones comes first.
 */
static void
sort_doubles(double *v, size_t n)
{
	size_t		i;

	if (n > 48)
	{
		qsort(v, n, sizeof(double), cmp_double);
		return;
	}
	for (i = 1; i < n; i++)
	{
		double		x = v[i];
		size_t		j = i;

		while (j > 0 && v[j - 1] > x)
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static int
cmp_point_t(const void *a, const void *b)
{
	const MkPoint *p = a;
	const MkPoint *q = b;

	if (p->t != q->t)
		return (p->t > q->t) - (p->t < q->t);
	return (p->x > q->x) - (p->x < q->x);
}

static int
cmp_point_season(const void *a, const void *b)
{
	const MkPoint *p = a;
	const MkPoint *q = b;

	if (p->season != q->season)
		return (p->season > q->season) - (p->season < q->season);
	return cmp_point_t(a, b);
}

double
mk_select(double *a, size_t n, size_t k)
{
	ptrdiff_t	lo = 0;
	ptrdiff_t	hi = (ptrdiff_t) n - 1;
	ptrdiff_t	kk = (ptrdiff_t) k;

	/*
	 * Quickselect with a three-way partition (many slopes are equal, e.g.
	 * zero for count data): a[lo..lt-1] < pivot, a[lt..gt] = pivot,
	 * a[gt+1..hi] > pivot.
	 */
	while (lo < hi)
	{
		double		pivot = a[lo + (hi - lo) / 2];
		ptrdiff_t	lt = lo;
		ptrdiff_t	gt = hi;
		ptrdiff_t	i = lo;

		while (i <= gt)
		{
			double		v = a[i];

			if (v < pivot)
			{
				a[i++] = a[lt];
				a[lt++] = v;
			}
			else if (v > pivot)
			{
				a[i] = a[gt];
				a[gt--] = v;
			}
			else
				i++;
		}
		if (kk < lt)
			hi = lt - 1;
		else if (kk > gt)
			lo = gt + 1;
		else
			return pivot;
	}
	return a[kk];
}

double
mk_median(double *a, size_t n)
{
	double		hi = mk_select(a, n, n / 2);
	double		lo;
	size_t		i;

	if (n % 2 == 1)
		return hi;
	/* after selection, a[0 .. n/2-1] are <= hi: the lower middle is their max */
	lo = a[0];
	for (i = 1; i < n / 2; i++)
		if (a[i] > lo)
			lo = a[i];
	return (lo + hi) / 2.0;
}

double
mk_norm_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

/* The z with P(Z <= z) = p (0 < p < 1), by bisection to full precision. */
double
mk_norm_quantile(double p)
{
	double		lo = -40.0;
	double		hi = 40.0;
	int			i;

	for (i = 0; i < 200; i++)
	{
		double		mid = (lo + hi) / 2.0;

		if (mid == lo || mid == hi)
			break;
		if (mk_norm_sf(-mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2.0;
}

/* Tie sums over sorted values: sum g(g-1)/2, sum g(g-1)(g-2), sum g(g-1)(2g+5) */
typedef struct TieSums
{
	double		pairs;
	double		cube;
	double		mk;
} TieSums;

static void
tie_sums_add(TieSums *ts, double g)
{
	if (g < 2)
		return;
	ts->pairs += g * (g - 1) / 2.0;
	ts->cube += g * (g - 1) * (g - 2);
	ts->mk += g * (g - 1) * (2 * g + 5);
}

static void
tie_sums_sorted(const double *v, size_t n, TieSums *ts)
{
	size_t		i = 0;

	ts->pairs = ts->cube = ts->mk = 0;
	while (i < n)
	{
		size_t		j = i + 1;

		while (j < n && v[j] == v[i])
			j++;
		tie_sums_add(ts, (double) (j - i));
		i = j;
	}
}

/*
 * S, Var S and the tie sums of one series sorted by t; appends its slopes
 * to slopes[*nslopes ..]; xs is scratch for n doubles.
 */
typedef struct SeriesStats
{
	int64_t		s;
	double		var_s;
	double		pairs;			/* n (n - 1) / 2 */
	TieSums		tx;
	TieSums		tt;
} SeriesStats;

static void
series_stats(const MkPoint *p, size_t n, double *xs, double *slopes,
			 size_t *nslopes, SeriesStats *st)
{
	size_t		i;
	size_t		first_later = 0;
	int64_t		s = 0;
	size_t		ns = *nslopes;
	double		dn = (double) n;
	double		m = dn * (dn - 1);

	for (i = 0; i < n; i++)
	{
		double		ti = p[i].t;
		double		xi = p[i].x;
		size_t		j;

		if (first_later <= i)
			first_later = i + 1;
		while (first_later < n && p[first_later].t == ti)
			first_later++;
		for (j = first_later; j < n; j++)
		{
			double		d = p[j].x - xi;

			s += (d > 0) - (d < 0);
			slopes[ns++] = d / (p[j].t - ti);
		}
	}
	*nslopes = ns;
	st->s = s;

	for (i = 0; i < n; i++)
		xs[i] = p[i].x;
	sort_doubles(xs, n);
	tie_sums_sorted(xs, n, &st->tx);
	for (i = 0; i < n; i++)
		xs[i] = p[i].t;
	tie_sums_sorted(xs, n, &st->tt);

	st->pairs = m / 2.0;
	st->var_s = 0;
	if (n >= 2)
	{
		st->var_s = (m * (2 * dn + 5) - st->tx.mk - st->tt.mk) / 18.0 +
			2.0 * st->tx.pairs * st->tt.pairs / m;
		if (n > 2)
			st->var_s += st->tx.cube * st->tt.cube / (9.0 * m * (dn - 2));
	}
	if (st->var_s < 0)			/* only rounding can bring it below 0 */
		st->var_s = 0;
}

static void
finish(MkResult *r, int64_t s, double var_s, double alpha)
{
	r->s = (double) s;
	r->var_s = var_s;
	if (s == 0 || !(var_s > 0))
		r->z = 0;
	else if (s > 0)
		r->z = ((double) s - 1) / sqrt(var_s);
	else
		r->z = ((double) s + 1) / sqrt(var_s);
	r->p = 2.0 * mk_norm_sf(fabs(r->z));
	if (r->p > 1)
		r->p = 1;
	r->direction = 0;
	if (r->p < alpha)
		r->direction = r->z > 0 ? 1 : -1;
}

/* slope median and intercept median(x) - median(t) * slope */
static void
finish_slope(MkResult *r, const MkPoint *p, size_t n, double *slopes,
			 size_t nslopes, double *xs)
{
	size_t		i;
	double		mx;
	double		mt;

	r->slope_valid = nslopes > 0;
	if (!r->slope_valid)
		return;
	r->slope = mk_median(slopes, nslopes);
	for (i = 0; i < n; i++)
		xs[i] = p[i].x;
	mx = mk_median(xs, n);
	for (i = 0; i < n; i++)
		xs[i] = p[i].t;
	mt = mk_median(xs, n);
	r->intercept = mx - mt * r->slope;
}

static void
reset(MkResult *r, size_t n)
{
	r->n = (int64_t) n;
	r->valid = false;
	r->tau_b_valid = false;
	r->slope_valid = false;
	r->s = r->var_s = r->z = r->p = r->tau_a = r->tau_b = 0;
	r->slope = r->intercept = 0;
	r->direction = 0;
}

/* ---------------------------------------------------------------- tests */

void
mk_test(MkPoint *pts, size_t n, double alpha, double *work, MkResult *r)
{
	double	   *xs = work;
	double	   *slopes = work + n + 1;
	size_t		nslopes = 0;
	SeriesStats st;
	double		d;

	reset(r, n);
	if (n < 3)
		return;
	qsort(pts, n, sizeof(MkPoint), cmp_point_t);
	series_stats(pts, n, xs, slopes, &nslopes, &st);
	r->valid = true;
	finish(r, st.s, st.var_s, alpha);
	r->tau_a = (double) st.s / st.pairs;
	d = (st.pairs - st.tx.pairs) * (st.pairs - st.tt.pairs);
	r->tau_b_valid = d > 0;
	if (r->tau_b_valid)
		r->tau_b = (double) st.s / sqrt(d);
	finish_slope(r, pts, n, slopes, nslopes, xs);
}

void
mk_seasonal(MkPoint *pts, size_t n, double alpha, double *work, MkResult *r)
{
	double	   *xs = work;
	double	   *slopes = work + n + 1;
	size_t		nslopes = 0;
	int64_t		s = 0;
	double		var_s = 0;
	double		pairs = 0;
	size_t		i = 0;

	reset(r, n);
	if (n < 3)
		return;
	qsort(pts, n, sizeof(MkPoint), cmp_point_season);
	while (i < n)
	{
		size_t		j = i + 1;
		SeriesStats st;

		while (j < n && pts[j].season == pts[i].season)
			j++;
		if (j - i >= 2)
		{
			series_stats(pts + i, j - i, xs, slopes, &nslopes, &st);
			s += st.s;
			var_s += st.var_s;
			pairs += st.pairs;
		}
		i = j;
	}
	r->valid = true;
	finish(r, s, var_s, alpha);
	r->tau_a = pairs > 0 ? (double) s / pairs : 0;
	finish_slope(r, pts, n, slopes, nslopes, xs);
}

bool
mk_sen_ci(MkPoint *pts, size_t n, double level, double *work,
		  double *slope, double *lower, bool *lower_valid,
		  double *upper, bool *upper_valid)
{
	double	   *xs = work;
	double	   *slopes = work + n + 1;
	size_t		nslopes = 0;
	SeriesStats st;
	double		c;
	double		rank_lo;
	double		rank_up;

	*lower_valid = *upper_valid = false;
	if (n < 2)
		return false;
	qsort(pts, n, sizeof(MkPoint), cmp_point_t);
	series_stats(pts, n, xs, slopes, &nslopes, &st);
	if (nslopes == 0)
		return false;
	qsort(slopes, nslopes, sizeof(double), cmp_double);
	if (nslopes % 2 == 1)
		*slope = slopes[nslopes / 2];
	else
		*slope = (slopes[nslopes / 2 - 1] + slopes[nslopes / 2]) / 2.0;
	c = mk_norm_quantile(1.0 - (1.0 - level) / 2.0) * sqrt(st.var_s);
	rank_lo = rint(((double) nslopes - c) / 2.0);
	rank_up = rint(((double) nslopes + c) / 2.0 + 1.0);
	if (rank_lo >= 1 && rank_lo <= (double) nslopes)
	{
		*lower = slopes[(size_t) rank_lo - 1];
		*lower_valid = true;
	}
	if (rank_up >= 1 && rank_up <= (double) nslopes)
	{
		*upper = slopes[(size_t) rank_up - 1];
		*upper_valid = true;
	}
	return true;
}

/* ---------------------------------------------------------------- equally spaced series */

/*
 * The test alone for x[0..n-1] observed at times 0..n-1 (see mannkendall.h): no sort by time,
 * no slopes, so it costs n (n - 1) / 2 comparisons and one sort of the values for the ties.
 */
void
mk_test_series(const double *x, size_t n, double alpha, double *work, MkResult *r)
{
	size_t		m = 0;
	size_t		i;
	int64_t		s = 0;
	TieSums		tx;
	double		dm;
	double		pairs;
	double		var_s;
	double		d;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]))
			work[m++] = x[i];
	reset(r, m);
	if (m < 3)
		return;
	/* S over the valid values in time order (work still holds them in order) */
	for (i = 0; i + 1 < m; i++)
	{
		double		xi = work[i];
		size_t		j;

		for (j = i + 1; j < m; j++)
			s += (work[j] > xi) - (work[j] < xi);
	}
	sort_doubles(work, m);
	tie_sums_sorted(work, m, &tx);
	dm = (double) m;
	pairs = dm * (dm - 1) / 2.0;
	var_s = (dm * (dm - 1) * (2 * dm + 5) - tx.mk) / 18.0;
	if (var_s < 0)
		var_s = 0;
	r->valid = true;
	finish(r, s, var_s, alpha);
	r->tau_a = (double) s / pairs;
	d = (pairs - tx.pairs) * pairs;
	r->tau_b_valid = d > 0;
	if (r->tau_b_valid)
		r->tau_b = (double) s / sqrt(d);
}
