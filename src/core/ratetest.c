/*
 * ratetest.c — exact two-sample Poisson rate test (conditional binomial).
 *
 * Pure C.  The procedure is R's poisson.test for two samples: given the
 * total N = x1 + x2, x1 is binomial(N, p0) with p0 = t1 / (t1 + t2) under
 * equal rates; the p-value and the Clopper–Pearson interval for p are those
 * of binom.test, and the interval maps to the rate ratio by p / (1 - p) *
 * t2 / t1.  The two-sided p-value sums the probabilities of all outcomes no
 * more likely than the observed one (with R's relative tolerance 1 + 1e-7).
 */
#include "core/ratetest.h"

#include <math.h>
#include <string.h>

#define CF_EPS		1e-16
#define CF_TINY		1e-300
#define CF_MAX_ITER 100000

bool
rt_alternative_parse(const char *text, RtAlternative *alt)
{
	if (strcmp(text, "two.sided") == 0 || strcmp(text, "two_sided") == 0)
		*alt = RT_TWO_SIDED;
	else if (strcmp(text, "less") == 0)
		*alt = RT_LESS;
	else if (strcmp(text, "greater") == 0)
		*alt = RT_GREATER;
	else
		return false;
	return true;
}

/*
 * Continued fraction for I_x(a, b) (valid when x < (a + 1) / (a + b + 2)):
 * I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * 1 / (1 + d1 / (1 + d2 / (1 + ...)))
 * with d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
 * d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)), evaluated by Lentz's method.
 */
static double
ibeta_cf(double x, double a, double b)
{
	double		c = 1.0;
	double		d = 1.0 - (a + b) * x / (a + 1.0);
	double		f;
	int			m;

	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1.0 / d;
	f = d;
	for (m = 1; m <= CF_MAX_ITER; m++)
	{
		double		m2 = 2.0 * m;
		double		num;
		double		delta;

		/* even step */
		num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		d = 1.0 + num * d;
		c = 1.0 + num / c;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		f *= d * c;
		/* odd step */
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		d = 1.0 + num * d;
		c = 1.0 + num / c;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		delta = d * c;
		f *= delta;
		if (fabs(delta - 1.0) < CF_EPS)
			break;
	}
	return f;
}

static double
ibeta_front(double x, double a, double b)
{
	return exp(lgamma(a + b) - lgamma(a) - lgamma(b) +
			   a * log(x) + b * log1p(-x));
}

double
rt_ibeta(double x, double a, double b)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	if (x < (a + 1.0) / (a + b + 2.0))
		return ibeta_front(x, a, b) * ibeta_cf(x, a, b) / a;
	return 1.0 - ibeta_front(1.0 - x, b, a) * ibeta_cf(1.0 - x, b, a) / b;
}

/* upper tail 1 - I_x(a, b), computed without cancellation when it is small */
static double
ibeta_upper(double x, double a, double b)
{
	if (x <= 0)
		return 1;
	if (x >= 1)
		return 0;
	return rt_ibeta(1.0 - x, b, a);
}

double
rt_qbeta(double p, double a, double b)
{
	double		lo = 0.0;
	double		hi = 1.0;
	int			i;

	if (p <= 0)
		return 0;
	if (p >= 1)
		return 1;
	/* bisection down to adjacent doubles (at most ~1100 halvings near 0) */
	for (i = 0; i < 2200; i++)
	{
		double		mid = lo + (hi - lo) / 2.0;

		if (mid <= lo || mid >= hi)
			break;
		if (rt_ibeta(mid, a, b) < p)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2.0;
}

double
rt_dbinom(double k, double n, double p)
{
	if (k < 0 || k > n)
		return 0;
	if (p == 0)
		return k == 0 ? 1 : 0;
	if (p == 1)
		return k == n ? 1 : 0;
	return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) +
			   k * log(p) + (n - k) * log1p(-p));
}

/* P(X <= k) = I_{1-p}(n - k, k + 1); P(X > k) = I_p(k + 1, n - k) */
double
rt_pbinom(double k, double n, double p, bool lower_tail)
{
	double		lower;

	if (k < 0)
		return lower_tail ? 0 : 1;
	if (k >= n)
		return lower_tail ? 1 : 0;
	if (p <= 0)
		return lower_tail ? 1 : 0;
	if (p >= 1)
		return lower_tail ? 0 : 1;
	if (lower_tail)
	{
		lower = rt_ibeta(1.0 - p, n - k, k + 1.0);
		return lower;
	}
	return ibeta_upper(1.0 - p, n - k, k + 1.0);
}

static double
binom_two_sided(double x, double n, double p)
{
	const double rel_err = 1 + 1e-7;
	double		d;
	double		m;
	double		y = 0;
	double		i;
	double		pval;

	if (p == 0)
		return x == 0 ? 1 : 0;
	if (p == 1)
		return x == n ? 1 : 0;
	d = rt_dbinom(x, n, p);
	m = n * p;
	if (x == m)
		return 1;
	if (x < m)
	{
		for (i = ceil(m); i <= n; i++)
			if (rt_dbinom(i, n, p) <= d * rel_err)
				y++;
		pval = rt_pbinom(x, n, p, true) + rt_pbinom(n - y, n, p, false);
	}
	else
	{
		for (i = 0; i <= floor(m); i++)
			if (rt_dbinom(i, n, p) <= d * rel_err)
				y++;
		pval = rt_pbinom(y - 1, n, p, true) + rt_pbinom(x - 1, n, p, false);
	}
	return pval < 1 ? pval : 1;
}

double
rt_binom_p(double x, double n, double p, RtAlternative alt)
{
	switch (alt)
	{
		case RT_LESS:
			return rt_pbinom(x, n, p, true);
		case RT_GREATER:
			return rt_pbinom(x - 1, n, p, false);
		default:
			return binom_two_sided(x, n, p);
	}
}

void
rt_binom_test(double x, double n, double p, RtAlternative alt, double conf,
			  RtResult *r)
{
	double		alpha;

	r->p_value = rt_binom_p(x, n, p, alt);
	switch (alt)
	{
		case RT_LESS:
			alpha = 1 - conf;
			r->conf_low = 0;
			r->conf_high = x == n ? 1 : rt_qbeta(1 - alpha, x + 1, n - x);
			break;
		case RT_GREATER:
			alpha = 1 - conf;
			r->conf_low = x == 0 ? 0 : rt_qbeta(alpha, x, n - x + 1);
			r->conf_high = 1;
			break;
		default:
			alpha = (1 - conf) / 2;
			r->conf_low = x == 0 ? 0 : rt_qbeta(alpha, x, n - x + 1);
			r->conf_high = x == n ? 1 : rt_qbeta(1 - alpha, x + 1, n - x);
			break;
	}
	r->estimate_valid = n > 0;
	r->estimate = n > 0 ? x / n : 0;
}

static double
odds_to_ratio(double q, double t1, double t2)
{
	if (q >= 1)
		return INFINITY;
	return q / (1 - q) * t2 / t1;
}

double
rt_rate_p(double x1, double t1, double x2, double t2, RtAlternative alt)
{
	return rt_binom_p(x1, x1 + x2, t1 / (t1 + t2), alt);
}

void
rt_rate_test(double x1, double t1, double x2, double t2, RtAlternative alt,
			 double conf, RtResult *r)
{
	rt_binom_test(x1, x1 + x2, t1 / (t1 + t2), alt, conf, r);
	r->conf_low = odds_to_ratio(r->conf_low, t1, t2);
	r->conf_high = odds_to_ratio(r->conf_high, t1, t2);
	r->estimate_valid = x1 + x2 > 0;
	if (x2 == 0)
		r->estimate = x1 > 0 ? INFINITY : 0;
	else
		r->estimate = (x1 / t1) / (x2 / t2);
}
