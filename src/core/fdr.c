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

static int64_t
sort_valid(const double *p, int64_t n, double *sorted)
{
	int64_t		m = 0;
	int64_t		i;

	for (i = 0; i < n; i++)
		if (!isnan(p[i]))
			sorted[m++] = p[i];
	qsort(sorted, (size_t) m, sizeof(double), cmp_double);
	return m;
}

/* step-up over sorted[0..m-1], from the largest p down */
static double
cutoff_sorted(const double *sorted, int64_t m, double alpha)
{
	int64_t		k;

	for (k = m; k >= 1; k--)
		if (sorted[k - 1] <= (double) k * alpha / (double) m)
			return sorted[k - 1];
	return -1.0;
}

double
fdr_cutoff(const double *p, int64_t n, double alpha, double *sorted)
{
	int64_t		m = sort_valid(p, n, sorted);

	return cutoff_sorted(sorted, m, alpha);
}

void
fdr_cutoffs(const double *p, int64_t n, double *sorted, double cut[3])
{
	int64_t		m = sort_valid(p, n, sorted);
	int			l;

	for (l = 0; l < 3; l++)
		cut[l] = cutoff_sorted(sorted, m, fdr_levels[l]);
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
