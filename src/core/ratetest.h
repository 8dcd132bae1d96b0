/*
 * ratetest.h — exact comparison of two Poisson rates, conditional on the
 * total count (the two-sample case of R's poisson.test), and the exact
 * binomial test and Clopper–Pearson interval it rests on (R's binom.test).
 *
 * Pure C: no PostgreSQL headers.  Written from the definitions: the
 * binomial tail is the regularised incomplete beta function I_x(a, b),
 * evaluated by its continued fraction (modified Lentz), and the beta
 * quantile is found by bisection on it.
 */
#ifndef EST_CORE_RATETEST_H
#define EST_CORE_RATETEST_H

#include <stdbool.h>

typedef enum RtAlternative
{
	RT_TWO_SIDED,
	RT_LESS,
	RT_GREATER
} RtAlternative;

/* "two.sided" (or "two_sided"), "less", "greater"; false otherwise */
extern bool rt_alternative_parse(const char *text, RtAlternative *alt);

/* regularised incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1 */
extern double rt_ibeta(double x, double a, double b);
/* the x with I_x(a, b) = p, 0 <= p <= 1 */
extern double rt_qbeta(double p, double a, double b);
/* binomial probability, distribution function P(X <= k) or P(X > k) */
extern double rt_dbinom(double k, double n, double p);
extern double rt_pbinom(double k, double n, double p, bool lower_tail);

typedef struct RtResult
{
	double		p_value;
	double		conf_low;
	double		conf_high;
	bool		estimate_valid;	/* false when both counts are 0 */
	double		estimate;
} RtResult;

/*
 * binom.test(x, n, p, alternative, conf.level): p-value and the
 * Clopper–Pearson interval for the success probability; estimate x / n.
 * x, n integers with 0 <= x <= n, 0 <= p <= 1, 0 < conf < 1.
 */
extern void rt_binom_test(double x, double n, double p, RtAlternative alt,
						  double conf, RtResult *r);
/* its p-value alone (no interval): the same number as rt_binom_test's */
extern double rt_binom_p(double x, double n, double p, RtAlternative alt);

/*
 * poisson.test(c(x1, x2), c(t1, t2), r = 1, alternative, conf.level):
 * counts x1, x2 non-negative integers, exposures t1, t2 > 0.  estimate is
 * the rate ratio (x1 / t1) / (x2 / t2) (+infinity when x2 = 0 < x1; not
 * valid when both are 0), conf_low / conf_high bound the rate ratio
 * (conf_high may be +infinity).
 */
extern void rt_rate_test(double x1, double t1, double x2, double t2,
						 RtAlternative alt, double conf, RtResult *r);
/* its p-value alone (no interval, so a fraction of the cost): the same number as rt_rate_test's */
extern double rt_rate_p(double x1, double t1, double x2, double t2, RtAlternative alt);

#endif							/* EST_CORE_RATETEST_H */
