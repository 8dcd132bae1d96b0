/*
 * test_ratetest.c — unit tests of src/core/ratetest.c.
 *
 * Expected values: R 4.2.2 (Debian r-base-core), stats::poisson.test for
 * every case of test/reference/rate_test.tsv (made by rate_test.R), and
 * single R calls quoted next to the checks below.  p-values to 1e-9
 * absolute, interval bounds and estimates to 1e-9 relative.
 */
#include "unit.h"

#include <stdlib.h>

#include "core/ratetest.h"

#define CHECK_REL(a, b) do { \
	double _e = (b); \
	if (isinf(_e)) CHECK(isinf((a)) && (a) > 0); \
	else CHECK_NEAR((a), _e, 1e-9 * (fabs(_e) > 1 ? fabs(_e) : 1)); \
} while (0)

static void
test_against_r_table(void)
{
	FILE	   *f = fopen("test/reference/rate_test.tsv", "r");
	char		line[512];
	int			cases = 0;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
	{
		double		x1, t1, x2, t2, conf;
		char		alt[32], est[64], pv[64], lo[64], hi[64];
		RtAlternative a;
		RtResult	r;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%lf\t%lf\t%lf\t%lf\t%31s\t%lf\t%63s\t%63s\t%63s\t%63s",
				   &x1, &t1, &x2, &t2, alt, &conf, est, pv, lo, hi) != 10)
		{
			CHECK(!"unreadable line in rate_test.tsv");
			continue;
		}
		cases++;
		CHECK(rt_alternative_parse(alt, &a));
		rt_rate_test(x1, t1, x2, t2, a, conf, &r);
		CHECK_NEAR(r.p_value, strtod(pv, NULL), 1e-9);
		/* the p-value alone is the very same number */
		CHECK(rt_rate_p(x1, t1, x2, t2, a) == r.p_value);
		CHECK(rt_binom_p(x1, x1 + x2, t1 / (t1 + t2), a) == r.p_value);
		CHECK_REL(r.conf_low, strtod(lo, NULL));
		CHECK_REL(r.conf_high, strtod(hi, NULL));
		if (strcmp(est, "NA") == 0)
			CHECK(!r.estimate_valid);
		else
		{
			CHECK(r.estimate_valid);
			CHECK_REL(r.estimate, strtod(est, NULL));
		}
	}
	fclose(f);
	CHECK_EQ_INT(cases, 22);
}

static void
test_distributions(void)
{
	/* R: pbeta(0.3, 2.5, 4) = 0.352197585906767; qbeta(0.025, 12, 5) = 0.476229180103872 */
	CHECK_NEAR(rt_ibeta(0.3, 2.5, 4), 0.352197585906767, 1e-14);
	CHECK_NEAR(rt_qbeta(0.025, 12, 5), 0.476229180103872, 1e-14);
	CHECK_NEAR(rt_ibeta(rt_qbeta(0.025, 12, 5), 12, 5), 0.025, 1e-14);
	/* R: pbinom(3, 10, 0.5) = 0.171875 (= 176 / 1024), dbinom(3, 10, 0.5) = 0.1171875 */
	CHECK_NEAR(rt_pbinom(3, 10, 0.5, true), 0.171875, 1e-15);
	CHECK_NEAR(rt_pbinom(3, 10, 0.5, false), 0.828125, 1e-15);
	CHECK_NEAR(rt_dbinom(3, 10, 0.5), 0.1171875, 1e-15);
	/* R: binom.test(7, 20, 0.3)$p.value = 0.629497966676677 */
	{
		RtResult	r;

		rt_binom_test(7, 20, 0.3, RT_TWO_SIDED, 0.95, &r);
		CHECK_NEAR(r.p_value, 0.629497966676677, 1e-14);
	}
	{
		RtAlternative a;

		CHECK(!rt_alternative_parse("bigger", &a));
		CHECK(rt_alternative_parse("two_sided", &a) && a == RT_TWO_SIDED);
	}
}

void
suite_ratetest(void)
{
	test_against_r_table();
	test_distributions();
}
