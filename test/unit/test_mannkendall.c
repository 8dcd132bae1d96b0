/*
 * test_mannkendall.c — unit tests of src/core/mannkendall.c.
 *
 * Sources of the expected values:
 *   - pyMannKendall's test vector arbitrary_1d_data (analytics.md §3.3;
 *     mmhs013/pyMannKendall tests), read from
 *     test/reference/pymannkendall_arbitrary_1d.txt;
 *   - sfdep's published example (analytics.md §3.2): n = 10, S = 27 gives
 *     p = 0.020044670 (= 2 Phi(-26 / sqrt(125)));
 *   - the small hand-checkable vectors of analytics.md §3.3;
 *   - hand calculation where a comment says so.
 */
#include "unit.h"

#include <stdlib.h>

#include "core/mannkendall.h"

#define TOL 1e-9

static MkResult
run(const double *x, size_t n)
{
	MkPoint    *p = calloc(n ? n : 1, sizeof(MkPoint));
	double	   *w = calloc(mk_work_doubles(n), sizeof(double));
	MkResult	r;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		p[i].t = (double) (i + 1);
		p[i].x = x[i];
	}
	mk_test(p, n, 0.05, w, &r);
	free(p);
	free(w);
	return r;
}

/* the pyMannKendall vector: NaN dropped, positions kept as t = 0..359 */
static size_t
load_pymk(MkPoint *p, int seasons)
{
	FILE	   *f = fopen("test/reference/pymannkendall_arbitrary_1d.txt", "r");
	char		line[128];
	size_t		n = 0;
	int			i = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
	{
		double		v;

		if (line[0] == '#')
			continue;
		v = strtod(line, NULL);
		if (!isnan(v))
		{
			p[n].t = i;
			p[n].x = v;
			p[n].season = seasons ? i % 12 : 0;
			n++;
		}
		i++;
	}
	fclose(f);
	return n;
}

static void
test_pymannkendall(void)
{
	MkPoint    *p = calloc(360, sizeof(MkPoint));
	double	   *w = calloc(mk_work_doubles(360), sizeof(double));
	MkResult	r;
	size_t		n = load_pymk(p, 0);

	CHECK_EQ_INT(n, 353);
	/* shuffle the order: the test sorts by time itself */
	if (n == 353)
	{
		MkPoint		tmp = p[0];

		p[0] = p[352];
		p[352] = tmp;
	}
	mk_test(p, n, 0.05, w, &r);
	CHECK(r.valid);
	CHECK_EQ_INT(r.n, 353);
	CHECK_NEAR(r.s, -1959, 0);
	CHECK_NEAR(r.var_s, 4889800.333333333, 1e-6);
	CHECK_NEAR(r.z, -0.8854562842589916, TOL);
	CHECK_NEAR(r.p, 0.37591058740506833, TOL);
	CHECK_NEAR(r.tau_a, -0.03153167653875869, TOL);
	CHECK(r.tau_b_valid);
	CHECK_NEAR(r.tau_b, -0.0319538969, 1e-10);
	CHECK(r.slope_valid);
	CHECK_NEAR(r.slope, -0.006369426751592357, TOL);
	CHECK_NEAR(r.intercept, 96.15286624203821, TOL);
	CHECK_EQ_INT(r.direction, 0);

	/* seasonal, period 12: analytics.md §3.3 */
	n = load_pymk(p, 1);
	mk_seasonal(p, n, 0.05, w, &r);
	CHECK(r.valid);
	CHECK_NEAR(r.s, -399, 0);
	CHECK_NEAR(r.var_s, 34702.333333333336, 1e-8);
	CHECK_NEAR(r.z, -2.136504114534638, TOL);
	CHECK_NEAR(r.p, 0.03263834596177739, TOL);
	CHECK_EQ_INT(r.direction, -1);
	CHECK(!r.tau_b_valid);
	free(p);
	free(w);
}

static void
test_small_vectors(void)
{
	static const double a[] = {1, 2, 3, 4, 5};
	static const double b[] = {1, 2, 2, 3, 3, 3, 4};
	static const double c[] = {0, 0, 0, 0, 1, 0, 2, 3, 2, 4};
	static const double d[] = {2, 2, 2, 2};
	static const double e[] = {-0.5, 0.3, 1.2, 0.9, 1.8, 2.1, 1.7, 2.6, 2.4, 3.1};
	static const double sfdep[] = {10, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	MkResult	r;

	r = run(a, 5);
	CHECK_NEAR(r.s, 10, 0);
	CHECK_NEAR(r.var_s, 50.0 / 3.0, 1e-12);
	CHECK_NEAR(r.z, 2.2045407685, 1e-10);
	CHECK_NEAR(r.p, 0.0274863361, 1e-10);
	CHECK_NEAR(r.tau_a, 1, TOL);
	CHECK_NEAR(r.tau_b, 1, TOL);
	CHECK_NEAR(r.slope, 1, TOL);
	/* intercept: median(x) - median(t) * slope = 3 - 3 * 1 (t = 1..5) */
	CHECK_NEAR(r.intercept, 0, TOL);
	CHECK_EQ_INT(r.direction, 1);

	r = run(b, 7);
	CHECK_NEAR(r.s, 17, 0);
	CHECK_NEAR(r.var_s, 39.6666666667, 1e-9);
	CHECK_NEAR(r.z, 2.5404293953, 1e-10);
	CHECK_NEAR(r.p, 0.0110716446, 1e-10);
	CHECK_NEAR(r.tau_a, 0.8095238, 1e-7);
	CHECK_NEAR(r.tau_b, 0.8997354, 1e-7);
	CHECK_NEAR(r.slope, 0.5, TOL);

	r = run(c, 10);
	CHECK_NEAR(r.s, 30, 0);
	CHECK_NEAR(r.var_s, 107.3333333333, 1e-9);
	CHECK_NEAR(r.z, 2.7991791166, 1e-10);
	CHECK_NEAR(r.p, 0.0051232709, 1e-10);
	CHECK_NEAR(r.tau_a, 0.6666667, 1e-7);
	CHECK_NEAR(r.tau_b, 0.7669650, 1e-7);
	CHECK_NEAR(r.slope, 0.4285714, 1e-7);

	/* constant series: Var S = 0, S = 0 -> z = 0, p = 1, tau_b undefined */
	r = run(d, 4);
	CHECK(r.valid);
	CHECK_NEAR(r.s, 0, 0);
	CHECK_NEAR(r.var_s, 0, 0);
	CHECK_NEAR(r.z, 0, 0);
	CHECK_NEAR(r.p, 1, 0);
	CHECK(!r.tau_b_valid);
	CHECK_NEAR(r.slope, 0, 0);
	CHECK_NEAR(r.intercept, 2, 0);
	CHECK_EQ_INT(r.direction, 0);

	r = run(e, 10);
	CHECK_NEAR(r.s, 37, 0);
	CHECK_NEAR(r.var_s, 125, 1e-12);
	CHECK_NEAR(r.z, 3.2199378876, 1e-10);
	CHECK_NEAR(r.p, 0.0012821837, 1e-10);
	CHECK_NEAR(r.slope, 0.3, 1e-12);

	/* sfdep: n = 10, S = 27 -> p = 0.020044670 */
	r = run(sfdep, 10);
	CHECK_NEAR(r.s, 27, 0);
	CHECK_NEAR(r.var_s, 125, 1e-12);
	/* published to 9 digits by R Kendall, which computes in single precision */
	CHECK_NEAR(r.p, 0.020044670, 2e-9);
	CHECK_NEAR(r.p, 0.02004466862262744, 1e-12);	/* SciPy 2*norm.sf */

	/* fewer than 3 points: n only */
	r = run(a, 2);
	CHECK(!r.valid);
	CHECK_EQ_INT(r.n, 2);
	r = run(a, 0);
	CHECK(!r.valid);
	CHECK_EQ_INT(r.n, 0);
}

static void
test_time_ties(void)
{
	/*
	 * Hand calculation: points (t, x) = (1, 1), (1, 2), (2, 3), (3, 3).
	 * Pairs across different t: (1,1)-(2,3) +, (1,1)-(3,3) +, (1,2)-(2,3) +,
	 * (1,2)-(3,3) +, (2,3)-(3,3) 0; the pair at equal t contributes 0:
	 * S = 4.  Ties: x has one pair (3, 3), t has one pair (1, 1); n = 4,
	 * m = 12: Var S = (12 * 13 - 18 - 18) / 18 + 2 * 1 * 1 / 12 + 0
	 * = 120 / 18 + 1 / 6 = 6.8333...  Slopes 2, 1, 1, 0.5, 0 -> median 1.
	 * tau_b = 4 / sqrt((6 - 1) (6 - 1)) = 0.8 (SciPy kendalltau: 0.8, and
	 * its p 0.12597 = 2 Phi(-4 / sqrt(6.8333)) confirms the variance).
	 */
	MkPoint		p[4] = {{3, 3, 0, 0}, {1, 2, 0, 0}, {2, 3, 0, 0}, {1, 1, 0, 0}};
	double		w[16];
	MkResult	r;
	double		slope, lo, hi;
	bool		lo_ok, hi_ok;

	mk_test(p, 4, 0.05, w, &r);
	CHECK_NEAR(r.s, 4, 0);
	CHECK_NEAR(r.var_s, 120.0 / 18.0 + 1.0 / 6.0, 1e-12);
	CHECK_NEAR(r.tau_b, 0.8, 1e-12);
	CHECK_NEAR(r.slope, 1, 0);
	/* intercept = median(x) - median(t) * 1 = 2.5 - 1.5 */
	CHECK_NEAR(r.intercept, 1, 1e-12);

	/* all t equal: no slope, S = 0, Var S = 0 */
	{
		MkPoint		q[3] = {{5, 1, 0, 0}, {5, 2, 0, 0}, {5, 3, 0, 0}};

		mk_test(q, 3, 0.05, w, &r);
		CHECK(r.valid);
		CHECK_NEAR(r.s, 0, 0);
		CHECK_NEAR(r.var_s, 0, 0);
		CHECK_NEAR(r.p, 1, 0);
		CHECK(!r.slope_valid);
		CHECK(!mk_sen_ci(q, 3, 0.95, w, &slope, &lo, &lo_ok, &hi, &hi_ok));
	}
}

static void
test_sen_ci(void)
{
	/*
	 * x = -0.5 .. 3.1 above (no ties), n = 10: N' = 45, Var S = 125,
	 * C = 1.959964 * 11.18034 = 21.9131; ranks round((45 - 21.9131) / 2)
	 * = round(11.54) = 12 and round((45 + 21.9131) / 2 + 1) = round(34.46)
	 * = 34 (hand calculation, Gilbert 1987 / R trend::sens.slope rule).
	 * The 12th and 34th smallest of the 45 slopes (sorted by hand with
	 * Python's sorted()): 0.26 and 0.4666...
	 */
	MkPoint		p[10];
	static const double e[] = {-0.5, 0.3, 1.2, 0.9, 1.8, 2.1, 1.7, 2.6, 2.4, 3.1};
	double		w[64];
	double		slope, lo, hi;
	bool		lo_ok, hi_ok;
	int			i;

	for (i = 0; i < 10; i++)
	{
		p[i].t = i + 1;
		p[i].x = e[i];
	}
	CHECK(mk_sen_ci(p, 10, 0.95, w, &slope, &lo, &lo_ok, &hi, &hi_ok));
	CHECK_NEAR(slope, 0.3, 1e-12);
	CHECK(lo_ok && hi_ok);
	CHECK_NEAR(lo, 0.26, 1e-12);
	CHECK_NEAR(hi, 1.4 / 3.0, 1e-12);

	/* a very high level puts the ranks outside 1..N': bounds left out */
	CHECK(mk_sen_ci(p, 10, 0.9999999, w, &slope, &lo, &lo_ok, &hi, &hi_ok));
	CHECK(!lo_ok);
	CHECK(!hi_ok);
}

static void
test_helpers(void)
{
	double		a[] = {5, 1, 4, 1, 3, 9, 2, 6};
	double		b[] = {2, 2, 2, 1, 2, 3};

	CHECK_NEAR(mk_median(a, 8), 3.5, 0);
	CHECK_NEAR(mk_median(b, 6), 2, 0);
	CHECK_NEAR(mk_select(b, 6, 0), 1, 0);
	CHECK_NEAR(mk_select(b, 6, 5), 3, 0);
	/* R: qnorm(0.975) = 1.959963984540054, qnorm(0.05) = -1.644853626951472 */
	CHECK_NEAR(mk_norm_quantile(0.975), 1.959963984540054, 1e-14);
	CHECK_NEAR(mk_norm_quantile(0.05), -1.644853626951472, 1e-14);
}

void
suite_mannkendall(void)
{
	test_pymannkendall();
	test_small_vectors();
	test_time_ties();
	test_sen_ci();
	test_helpers();
}
