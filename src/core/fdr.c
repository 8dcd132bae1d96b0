/*
 * fdr.c — Benjamini–Hochberg step-up cut-offs and confidence bins (see fdr.h).
 */
#include "core/fdr.h"

#include <math.h>
#include <stdlib.h>

const double fdr_levels[3] = {0.10, 0.05, 0.01};

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * The number m of valid (non-NaN) p-values, and those at most limit sorted into
 * sorted[0..*s-1].  A p-value above the largest level tested can never be a cut-off (at rank k
 * the test is p <= k alpha / m <= alpha), and all of them rank above the ones kept, so the kept
 * ones have the same ranks as in a sort of all m: the cut-offs are the same, for a sort of the
 * few small p-values instead of all of them.
 */
static int64_t
sort_valid(const double *p, int64_t n, double limit, double *sorted, int64_t *s)
{
	int64_t		m = 0;
	int64_t		k = 0;
	int64_t		i;

	for (i = 0; i < n; i++)
		if (!isnan(p[i]))
		{
			m++;
			if (p[i] <= limit)
				sorted[k++] = p[i];
		}
	qsort(sorted, (size_t) k, sizeof(double), cmp_double);
	*s = k;
	return m;
}

/* step-up over the sorted smallest s of m p-values, from the largest down */
static double
cutoff_sorted(const double *sorted, int64_t s, int64_t m, double alpha)
{
	int64_t		k;

	for (k = s; k >= 1; k--)
		if (sorted[k - 1] <= (double) k * alpha / (double) m)
			return sorted[k - 1];
	return -1.0;
}

double
fdr_cutoff(const double *p, int64_t n, double alpha, double *sorted)
{
	int64_t		s;
	int64_t		m = sort_valid(p, n, alpha, sorted, &s);

	return cutoff_sorted(sorted, s, m, alpha);
}

void
fdr_cutoffs(const double *p, int64_t n, double *sorted, double cut[3])
{
	int64_t		s;
	int64_t		m = sort_valid(p, n, fdr_levels[0], sorted, &s);
	int			l;

	for (l = 0; l < 3; l++)
		cut[l] = cutoff_sorted(sorted, s, m, fdr_levels[l]);
}

int
fdr_bin(double z, double p, const double cut[3])
{
	int			level = 0;
	int			l;

	if (isnan(z) || isnan(p))
		return 0;
	for (l = 0; l < 3; l++)
		if (cut[l] >= 0 && p <= cut[l])
			level = l + 1;
	return z > 0 ? level : (z < 0 ? -level : 0);
}
