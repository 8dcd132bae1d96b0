/*
 * test_ehsa.c — unit tests of src/core/ehsa.c (and mk_test_series in src/core/mannkendall.c).
 *
 * Sources of the expected values:
 *   - the pattern rules: the unit-test table of ../shared/reference/analytics.md §1.4 (expected
 *     labels as given there; z = ±3 significant, 0 not), their cold mirrors, and hand-worked
 *     cases of the rules (90 % boundaries, T = 1, T = 2, ties);
 *   - mk_test_series: the hand-checkable vectors of analytics.md §3.3;
 *   - space-time Gi*: R spdep 1.2.7 localG on the space-time neighbour list, and by hand in R for
 *     the 'step' and 'neighborhood' windows (test/reference/ehsa.R -> ehsa_bins.csv, read here;
 *     the runner starts in the repository root).
 */
#include "unit.h"

#include <stdlib.h>

#include "core/ehsa.h"
#include "core/gistar.h"
#include "core/fdr.h"

void		suite_ehsa(void);

/* classify a series whose significance is |z| >= 1 (the tests use ±3 and 0) */
static EhsaCategory
cls(const double *z, int T, EhsaClass *out)
{
	unsigned char sig[64];
	double		work[64];
	EhsaClass	tmp;
	int			t;

	for (t = 0; t < T; t++)
		sig[t] = !isnan(z[t]) && fabs(z[t]) >= 1;
	ehsa_classify(z, sig, T, 0.10, work, out ? out : &tmp);
	return (out ? out : &tmp)->category;
}

static const char *
name(const double *z, int T)
{
	return ehsa_category_name(cls(z, T, NULL));
}

/* the mirror image of a series: hot <-> cold */
static const char *
mirror(const double *z, int T)
{
	double		m[64];
	int			t;

	for (t = 0; t < T; t++)
		m[t] = -z[t];
	return name(m, T);
}

static void
test_rules(void)
{
	/* analytics.md §1.4 table, T = 10 */
	static const double new_hot[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 3};
	static const double consecutive[10] = {0, 0, 0, 0, 0, 0, 0, 0, 3, 3};
	static const double sporadic[10] = {0, 0, 0, 0, 0, 0, 0, 3, 0, 3};
	static const double oscillating[10] = {-3, 0, 0, 0, 0, 0, 0, 0, 0, 3};
	static const double historical[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 0};
	static const double intensifying[10] = {3, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9};
	static const double persistent[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	static const double none[10] = {0};
	/* more */
	static const double diminishing[10] = {3.9, 3.8, 3.7, 3.6, 3.5, 3.4, 3.3, 3.2, 3.1, 3};
	static const double persistent_wobble[10] = {3, 3.2, 3.1, 3, 3.2, 3.1, 3, 3.2, 3.1, 3};
	static const double nine_of_ten[10] = {0, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	static const double eight_of_ten[10] = {0, 0, 3, 3, 3, 3, 3, 3, 3, 3};
	static const double eight_broken[10] = {3, 0, 0, 3, 3, 3, 3, 3, 3, 3};
	static const double hist_eight[10] = {3, 3, 3, 3, 3, 3, 3, 3, 0, 0};
	static const double run_not_all[10] = {3, 0, 0, 0, 0, 0, 0, 0, 3, 3};
	static const double cold_then_run[10] = {-3, 0, 0, 0, 0, 0, 0, 0, 3, 3};
	static const double five_of_five[5] = {3, 3, 3, 3, 3};
	static const double four_of_five[5] = {0, 3, 3, 3, 3};
	static const double t1_hot[1] = {3};
	static const double t1_cold[1] = {-3};
	static const double t1_none[1] = {0};
	static const double t2_new[2] = {0, 3};
	static const double t2_both[2] = {3, 3};
	static const double t2_stopped[2] = {3, 0};
	static const double t2_osc[2] = {-3, 3};
	static const double undefined[4] = {NAN, NAN, 3, 3};
	EhsaClass	c;
	int			T;

	CHECK_EQ_STR(name(new_hot, 10), "new hot spot");
	CHECK_EQ_STR(name(consecutive, 10), "consecutive hot spot");
	CHECK_EQ_STR(name(sporadic, 10), "sporadic hot spot");
	CHECK_EQ_STR(name(oscillating, 10), "oscillating hot spot");
	CHECK_EQ_STR(name(historical, 10), "historical hot spot");
	CHECK_EQ_STR(name(intensifying, 10), "intensifying hot spot");
	CHECK_EQ_STR(name(persistent, 10), "persistent hot spot");
	CHECK_EQ_STR(name(none, 10), "no pattern detected");
	/* cold mirrors: z falling = clustering of low values intensifying */
	CHECK_EQ_STR(mirror(new_hot, 10), "new cold spot");
	CHECK_EQ_STR(mirror(consecutive, 10), "consecutive cold spot");
	CHECK_EQ_STR(mirror(sporadic, 10), "sporadic cold spot");
	CHECK_EQ_STR(mirror(oscillating, 10), "oscillating cold spot");
	CHECK_EQ_STR(mirror(historical, 10), "historical cold spot");
	CHECK_EQ_STR(mirror(intensifying, 10), "intensifying cold spot");
	CHECK_EQ_STR(mirror(persistent, 10), "persistent cold spot");
	CHECK_EQ_STR(mirror(none, 10), "no pattern detected");
	CHECK_EQ_STR(name(diminishing, 10), "diminishing hot spot");
	CHECK_EQ_STR(mirror(diminishing, 10), "diminishing cold spot");

	/* trend statistics: 3.0 .. 3.9 rising, S = 45, Var S = 10·9·25/18 = 125, Z = 44/sqrt(125) */
	cls(intensifying, 10, &c);
	CHECK(c.trend.valid);
	CHECK_NEAR(c.trend.s, 45, 0);
	CHECK_NEAR(c.trend.z, 44 / sqrt(125.0), 1e-12);
	CHECK_EQ_INT(c.hot, 10);
	CHECK_EQ_INT(c.cold, 0);
	CHECK_EQ_INT(c.run, 10);
	/* ties: 3 values each 3 or 4 times; S = 3·... by hand: Var S with tie groups 4, 3, 3 */
	cls(persistent_wobble, 10, &c);
	CHECK_NEAR(c.trend.var_s, (10 * 9 * 25 - 4 * 3 * 13 - 2 * (3 * 2 * 11)) / 18.0, 1e-12);
	CHECK(c.trend.p >= 0.10);
	CHECK_EQ_STR(ehsa_category_name(c.category), "persistent hot spot");
	/* a constant z series: S = 0, Var S = 0, Z = 0, p = 1: no trend */
	cls(persistent, 10, &c);
	CHECK(c.trend.valid && c.trend.s == 0 && c.trend.var_s == 0 && c.trend.z == 0 && c.trend.p == 1);

	/* 90 %: T = 10 needs 9 (10·9 >= 9·10), 8 is not enough */
	CHECK_EQ_STR(name(nine_of_ten, 10), "persistent hot spot");
	CHECK_EQ_STR(name(eight_of_ten, 10), "consecutive hot spot");
	CHECK_EQ_STR(name(eight_broken, 10), "sporadic hot spot");
	CHECK_EQ_STR(name(hist_eight, 10), "no pattern detected");
	/* T = 5 needs all 5 (0.9·5 = 4.5) */
	CHECK_EQ_STR(name(five_of_five, 5), "persistent hot spot");
	CHECK_EQ_STR(name(four_of_five, 5), "consecutive hot spot");
	CHECK_EQ_STR(mirror(four_of_five, 5), "consecutive cold spot");
	/* the hot steps must all be in the final run, and no cold step before */
	CHECK_EQ_STR(name(run_not_all, 10), "sporadic hot spot");
	CHECK_EQ_STR(name(cold_then_run, 10), "oscillating hot spot");
	cls(run_not_all, 10, &c);
	CHECK_EQ_INT(c.run, 2);
	CHECK_EQ_INT(c.hot, 3);

	/* T = 1: one hot step is 100 % of the steps -> persistent (no trend with one value) */
	CHECK_EQ_STR(name(t1_hot, 1), "persistent hot spot");
	CHECK_EQ_STR(name(t1_cold, 1), "persistent cold spot");
	CHECK_EQ_STR(name(t1_none, 1), "no pattern detected");
	cls(t1_hot, 1, &c);
	CHECK(!c.trend.valid);
	/* T = 2 */
	CHECK_EQ_STR(name(t2_new, 2), "new hot spot");
	CHECK_EQ_STR(name(t2_both, 2), "persistent hot spot");
	CHECK_EQ_STR(name(t2_stopped, 2), "no pattern detected");	/* 1 of 2 < 90 % */
	CHECK_EQ_STR(name(t2_osc, 2), "oscillating hot spot");
	CHECK_EQ_STR(mirror(t2_osc, 2), "oscillating cold spot");
	cls(t2_both, 2, &c);
	CHECK(!c.trend.valid);
	/* undefined z (NAN): not significant, left out of the trend test */
	cls(undefined, 4, &c);
	CHECK_EQ_INT(c.hot, 2);
	CHECK_EQ_INT(c.trend.n, 2);
	CHECK(!c.trend.valid);
	CHECK_EQ_STR(ehsa_category_name(c.category), "consecutive hot spot");

	/* significance comes from sig[], not from |z|: a large z without sig is not hot */
	{
		double		z[3] = {3, 3, 3};
		unsigned char sig[3] = {0, 0, 1};
		double		work[3];

		ehsa_classify(z, sig, 3, 0.10, work, &c);
		CHECK_EQ_STR(ehsa_category_name(c.category), "new hot spot");
	}
	for (T = 0; T < EHSA_CATEGORIES; T++)
		CHECK(ehsa_category_name((EhsaCategory) T) != NULL);
	CHECK(ehsa_category_name((EhsaCategory) EHSA_CATEGORIES) == NULL);
}

static void
test_mk_series(void)
{
	/* analytics.md §3.3 hand-checkable vectors */
	static const double a[5] = {1, 2, 3, 4, 5};
	static const double a_gaps[7] = {1, NAN, 2, 3, NAN, 4, 5};
	static const double b[7] = {1, 2, 2, 3, 3, 3, 4};
	static const double c[10] = {0, 0, 0, 0, 1, 0, 2, 3, 2, 4};
	static const double d[4] = {2, 2, 2, 2};
	double		work[16];
	MkResult	r;

	mk_test_series(a, 5, 0.05, work, &r);
	CHECK(r.valid && r.n == 5 && r.s == 10);
	CHECK_NEAR(r.var_s, 16.666666666666668, 1e-12);
	CHECK_NEAR(r.z, 2.2045407685, 1e-10);
	CHECK_NEAR(r.p, 0.0274863361, 1e-10);
	CHECK_EQ_INT(r.direction, 1);
	mk_test_series(a_gaps, 7, 0.05, work, &r);
	CHECK(r.valid && r.n == 5 && r.s == 10);
	CHECK_NEAR(r.z, 2.2045407685, 1e-10);
	mk_test_series(b, 7, 0.05, work, &r);
	CHECK(r.s == 17);
	CHECK_NEAR(r.var_s, 39.666666666666664, 1e-12);
	CHECK_NEAR(r.z, 2.5404293953, 1e-10);
	CHECK_NEAR(r.p, 0.0110716446, 1e-10);
	CHECK_NEAR(r.tau_a, 0.8095238, 1e-7);
	CHECK_NEAR(r.tau_b, 0.8997354, 1e-7);
	mk_test_series(c, 10, 0.05, work, &r);
	CHECK(r.s == 30);
	CHECK_NEAR(r.var_s, 107.33333333333333, 1e-12);
	CHECK_NEAR(r.z, 2.7991791166, 1e-10);
	CHECK_NEAR(r.p, 0.0051232709, 1e-10);
	CHECK_NEAR(r.tau_b, 0.7669650, 1e-7);
	mk_test_series(d, 4, 0.05, work, &r);
	CHECK(r.valid && r.s == 0 && r.var_s == 0 && r.z == 0 && r.p == 1 && r.direction == 0);
	CHECK(!r.tau_b_valid);
	mk_test_series(d, 2, 0.05, work, &r);
	CHECK(!r.valid && r.n == 2);
}

static void
test_neighbours(void)
{
	/* a 3 × 3 block with the centre missing (8 cells) and one far cell (10, 1) */
	static const int32_t col[9] = {0, 1, 2, 0, 2, 10, 0, 1, 2};
	static const int32_t row[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
	int64_t		start[10];
	int32_t		nb[128];
	int64_t		total;

	/* 150 at cell 100: queen; corner (0,0) has self, (1,0), (0,1) [centre absent] */
	total = ehsa_neighbours(9, col, row, 150, 100, start, NULL);
	CHECK_EQ_INT(total, 3 + 5 + 3 + 5 + 5 + 1 + 3 + 5 + 3);
	total = ehsa_neighbours(9, col, row, 150, 100, start, nb);
	CHECK_EQ_INT(start[1] - start[0], 3);
	CHECK(nb[0] == 0 && nb[1] == 1 && nb[2] == 3);
	/* (0,1): self, (0,0), (1,0), (0,2), (1,2) = 5 */
	CHECK_EQ_INT(start[4] - start[3], 5);
	/* (10,1) is alone */
	CHECK_EQ_INT(start[6] - start[5], 1);
	CHECK_EQ_INT(nb[start[5]], 5);
	/* 100: rook only; a centre at exactly the distance counts */
	ehsa_neighbours(9, col, row, 100, 100, start, nb);
	CHECK_EQ_INT(start[1] - start[0], 3);	/* self, (1,0), (0,1) */
	CHECK_EQ_INT(start[2] - start[1], 3);	/* (1,0): self, (0,0), (2,0) */
	/* 99.9: self only */
	total = ehsa_neighbours(9, col, row, 99.9, 100, start, nb);
	CHECK_EQ_INT(total, 9);
	/* 200, inclusive: (0,0) has self, (1,0), (2,0) and (0,1), (0,2) at exactly 200; not (1,2)
	 * at sqrt(5)·100 = 224 */
	ehsa_neighbours(9, col, row, 200, 100, start, nb);
	CHECK_EQ_INT(start[1] - start[0], 5);
	/* a huge distance: every location */
	total = ehsa_neighbours(9, col, row, 1e6, 100, start, nb);
	CHECK_EQ_INT(total, 81);
	CHECK_EQ_INT(ehsa_neighbours(0, col, row, 100, 100, start, nb), 0);
}

/* ---------------------------------------------------------------- R spdep reference */

#define MAXB 512
#define NRUNS 4

typedef struct RefBins
{
	int			nbins;
	int32_t		col[MAXB], row[MAXB], step[MAXB];
	double		n[MAXB];
	double		z[NRUNS][MAXB];
	int			bin[NRUNS][MAXB];
} RefBins;

static int
read_reference(RefBins *rb)
{
	FILE	   *f = fopen("test/reference/ehsa_bins.csv", "r");
	char		line[1024];

	rb->nbins = 0;
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
	{
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f) && rb->nbins < MAXB)
	{
		int			k = rb->nbins;
		char	   *s = line;
		char	   *end;
		int			r;

		rb->col[k] = (int32_t) strtol(s, &end, 10);
		s = end + 1;
		rb->row[k] = (int32_t) strtol(s, &end, 10);
		s = end + 1;
		rb->step[k] = (int32_t) strtol(s, &end, 10);
		s = end + 1;
		rb->n[k] = strtod(s, &end);
		s = end + 1;
		for (r = 0; r < NRUNS; r++)
		{
			rb->z[r][k] = (*s == ',') ? NAN : strtod(s, &end);
			if (*s != ',')
				s = end;
			s++;
			rb->bin[r][k] = (int) strtol(s, &end, 10);
			s = end + 1;
		}
		rb->nbins++;
	}
	fclose(f);
	return rb->nbins;
}

/* runs the engine as the server does: returns the largest |z - z_R| and bins that differ */
static double
run_engine(const RefBins *rb, int nloc, int T, double distance, int N, EhsaWindow w,
		   const double *zref, const int *binref, int *bin_diff, bool tail_only)
{
	EhsaCube	c;
	int64_t		start[MAXB + 1];
	int32_t		nb[MAXB * 32];
	double		x[MAXB], z[MAXB], p[MAXB], sorted[MAXB], ring[MAXB];
	long double win[MAXB];
	EhsaStepStats stats[64];
	EhsaMoments mom[64];
	double		cut[3], worst = 0;
	int			t, k;

	for (k = 0; k < nloc * T; k++)
		x[k] = rb->n[k];
	ehsa_neighbours(nloc, rb->col, rb->row, distance, 100, start, nb);
	c.nloc = nloc;
	c.nsteps = T;
	c.time_steps = N;
	c.window = w;
	c.x = x;
	c.start = start;
	c.nb = nb;
	c.stats = stats;
	c.moments = mom;
	c.ring = ring;
	c.win = win;
	c.z = z;
	c.p = p;
	c.p_tail_only = tail_only;
	for (t = 0; t < T; t++)
		ehsa_step_stats(&c, t);
	ehsa_moments(&c);
	for (t = 0; t < T; t++)
		ehsa_gistar_step(&c, t);
	fdr_cutoffs(p, nloc * T, sorted, cut);
	*bin_diff = 0;
	for (k = 0; k < nloc * T; k++)
	{
		double		d = fabs(z[k] - zref[k]);

		if (!(d <= worst))
			worst = d;			/* NAN propagates as a failure */
		if (fdr_bin(z[k], p[k], cut) != binref[k])
			(*bin_diff)++;
	}
	return worst;
}

static void
test_reference(void)
{
	static RefBins rb;
	int			nloc = 0, T, diff;

	CHECK(read_reference(&rb) > 0);
	if (rb.nbins == 0)
		return;
	while (nloc < rb.nbins && rb.step[nloc] == 0)
		nloc++;
	T = rb.nbins / nloc;
	CHECK_EQ_INT(nloc, 28);		/* 30 cells, two never have a point */
	CHECK_EQ_INT(T, 10);
	/* exact p everywhere, and p only in the tail (|z| >= 1.6, else 1): the same bins */
	for (int tail = 0; tail < 2; tail++)
	{
		CHECK(run_engine(&rb, nloc, T, 150, 1, EHSA_WINDOW_CUBE, rb.z[0], rb.bin[0], &diff, tail) <= 1e-12);
		CHECK_EQ_INT(diff, 0);
		CHECK(run_engine(&rb, nloc, T, 150, 1, EHSA_WINDOW_STEP, rb.z[1], rb.bin[1], &diff, tail) <= 1e-12);
		CHECK_EQ_INT(diff, 0);
		CHECK(run_engine(&rb, nloc, T, 150, 1, EHSA_WINDOW_NEIGHBORHOOD, rb.z[2], rb.bin[2], &diff, tail) <= 1e-12);
		CHECK_EQ_INT(diff, 0);
		CHECK(run_engine(&rb, nloc, T, 200, 2, EHSA_WINDOW_CUBE, rb.z[3], rb.bin[3], &diff, tail) <= 1e-12);
		CHECK_EQ_INT(diff, 0);
	}
}

/*
 * ehsa_has_pattern agrees with ehsa_classify on 200 000 random series (lengths 1–40, z from
 * a few values with ties, zeros and undefined steps, random significance, alpha 0.10), and
 * p_tail_only's threshold: every |z| below EHSA_Z_TAIL has p > 0.10
 */
static void
test_has_pattern(void)
{
	static const double zs[7] = {-2.5, -1.7, -0.3, 0, 0.4, 1.8, 3.1};
	double		z[40], work[40];
	unsigned char sig[40];
	unsigned int seed = 12345;
	int			k, bad = 0, patterns = 0;

	for (k = 0; k < 200000; k++)
	{
		int32_t		T = 1 + (int32_t) (k % 40), t;
		int			sig_pct = 20 + (k % 7) * 13;
		EhsaClass	cl;

		for (t = 0; t < T; t++)
		{
			seed = seed * 1103515245u + 12345u;
			z[t] = (seed >> 8) % 23 == 0 ? NAN : zs[(seed >> 12) % 7];
			seed = seed * 1103515245u + 12345u;
			sig[t] = (int) ((seed >> 8) % 100) < sig_pct;
		}
		ehsa_classify(z, sig, T, 0.10, work, &cl);
		if (ehsa_has_pattern(z, sig, T) != (cl.category != EHSA_NO_PATTERN))
			bad++;
		patterns += cl.category != EHSA_NO_PATTERN;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(patterns > 20000 && patterns < 180000);	/* both kinds well represented */
	CHECK(gistar_p(EHSA_Z_TAIL) > 0.10);
	CHECK(gistar_p(-EHSA_Z_TAIL) > 0.10);
}

/* the window moments by hand: two steps of two locations, values {1, 3} and {5, 5} */
static void
test_moments(void)
{
	double		x[4] = {1, 3, 5, 5};
	EhsaStepStats st[2];
	EhsaMoments m[2];
	EhsaCube	c = {0};

	c.nloc = 2;
	c.nsteps = 2;
	c.time_steps = 1;
	c.x = x;
	c.stats = st;
	c.moments = m;
	ehsa_step_stats(&c, 0);
	ehsa_step_stats(&c, 1);
	c.window = EHSA_WINDOW_CUBE;	/* 1 3 5 5: mean 3.5, var (6.25 + 0.25 + 2.25 + 2.25) / 4 */
	ehsa_moments(&c);
	CHECK(m[0].n == 4 && m[1].n == 4);
	CHECK_NEAR(m[1].mean, 3.5, 0);
	CHECK_NEAR(m[1].sd, sqrt(11.0 / 4), 1e-15);
	c.window = EHSA_WINDOW_STEP;	/* step 1 is constant: sd exactly 0 */
	ehsa_moments(&c);
	CHECK(m[0].n == 2 && m[0].mean == 2 && m[0].sd == 1);
	CHECK(m[1].n == 2 && m[1].mean == 5 && m[1].sd == 0);
	c.window = EHSA_WINDOW_NEIGHBORHOOD;	/* step 0 alone, step 1 with step 0 */
	ehsa_moments(&c);
	CHECK(m[0].n == 2 && m[0].sd == 1);
	CHECK(m[1].n == 4 && m[1].mean == 3.5);
	CHECK_EQ_INT(ehsa_ring_steps(10, 1), 2);
	CHECK_EQ_INT(ehsa_ring_steps(10, 0), 1);
	CHECK_EQ_INT(ehsa_ring_steps(3, 99), 3);
	CHECK_EQ_INT(ehsa_ring_steps(1, 1), 1);
	{
		EhsaWindow	w;

		CHECK(ehsa_window_parse("neighborhood", &w) && w == EHSA_WINDOW_NEIGHBORHOOD);
		CHECK(ehsa_window_parse("step", &w) && w == EHSA_WINDOW_STEP);
		CHECK(ehsa_window_parse("cube", &w) && w == EHSA_WINDOW_CUBE);
		CHECK(!ehsa_window_parse("slice", &w));
		CHECK(!ehsa_window_parse(NULL, &w));
		CHECK_EQ_STR(ehsa_window_name(EHSA_WINDOW_STEP), "step");
	}
}

void
suite_ehsa(void)
{
	test_rules();
	test_mk_series();
	test_neighbours();
	test_moments();
	test_reference();
	test_has_pattern();
}
