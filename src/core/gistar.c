/*
 * gistar.c — Getis–Ord Gi* over a dense grid layer (see gistar.h).
 *
 * Neighbour sums use row prefix sums: the neighbourhood of a cell is, for each row offset
 * dr, a contiguous run of columns |dc| <= half[dr], so each sum costs 2R+1 lookups whatever
 * the distance.  Prefix sums of integer counts are exact in double up to 2^53.
 */
#include "core/gistar.h"

#include <math.h>

double
gistar_z(double local_sum, double weight_sum, double weight_sq_sum, int64_t n,
		 double mean, double sd)
{
	double		v;
	double		num;

	if (n < 2 || !(sd > 0) || !isfinite(sd) || !isfinite(local_sum) || !isfinite(mean))
		return NAN;
	v = ((double) n * weight_sq_sum - weight_sum * weight_sum) / (double) (n - 1);
	if (!(v > 0) || !isfinite(v))
		return NAN;
	num = local_sum - mean * weight_sum;
	return num / (sd * sqrt(v));
}

double
gistar_p(double z)
{
	if (isnan(z))
		return NAN;
	return erfc(fabs(z) / sqrt(2.0));
}

int
gistar_reach(double distance, double cell, int max_reach)
{
	double		r;

	if (!(distance >= 0) || !(cell > 0) || !isfinite(distance))
		return -1;
	r = floor(distance / cell * (1.0 + 1e-9));
	if (r > (double) max_reach)
		return max_reach;
	return (int) r;
}

int32_t
gistar_halfwidth(double distance, double cell, int64_t dr, int32_t max_half)
{
	double		lim = (distance / cell) * (distance / cell) * (1.0 + 2e-9);
	double		rest = lim - (double) dr * (double) dr;
	double		s = rest >= 0 ? floor(sqrt(rest)) : -1;
	int32_t		h;

	if (s > (double) max_half)
		return max_half;
	h = (int32_t) s;

	/* sqrt may round just below an exact integer */
	while ((double) (h + 1) * (h + 1) <= rest)
		h++;
	while (h >= 0 && (double) h * h > rest)
		h--;
	return h;
}

void
gistar_halfwidths(double distance, double cell, int reach, int32_t max_half, int32_t *half)
{
	int			dr;

	for (dr = -reach; dr <= reach; dr++)
		half[dr + reach] = gistar_halfwidth(distance, cell, dr, max_half);
}

GistarLayer
gistar_layer(int32_t ncols, int32_t nrows, const double *x, const unsigned char *in,
			 int reach, const int32_t *half, double *work, double *z, double *p, int32_t *wsum)
{
	GistarLayer st = {0, 0.0, 0.0, GISTAR_OK};
	int64_t		ncells = (int64_t) ncols * nrows;
	int64_t		i;
	long double sum = 0.0L;
	long double ss = 0.0L;
	double	   *px = work;		/* prefix sums of x, ncols + 1 per row */
	double	   *pc = work + (int64_t) (ncols + 1) * nrows;	/* prefix counts of in */
	int32_t		r;

	for (i = 0; i < ncells; i++)
		if (in[i])
		{
			st.n++;
			sum += x[i];
		}
	if (st.n > 0)
		st.mean = (double) (sum / st.n);
	for (i = 0; i < ncells; i++)
		if (in[i])
		{
			long double d = (long double) x[i] - st.mean;

			ss += d * d;
		}
	if (st.n > 0)
		st.sd = sqrt((double) (ss / st.n));
	if (st.n < 2)
		st.note = GISTAR_TOO_FEW;
	else if (!(st.sd > 0))
		st.note = GISTAR_SD_ZERO;

	for (r = 0; r < nrows; r++)
	{
		double	   *ax = px + (int64_t) r * (ncols + 1);
		double	   *ac = pc + (int64_t) r * (ncols + 1);
		const double *xr = x + (int64_t) r * ncols;
		const unsigned char *ir = in + (int64_t) r * ncols;
		int32_t		c;

		ax[0] = 0.0;
		ac[0] = 0.0;
		for (c = 0; c < ncols; c++)
		{
			ax[c + 1] = ax[c] + (ir[c] ? xr[c] : 0.0);
			ac[c + 1] = ac[c] + (ir[c] ? 1.0 : 0.0);
		}
	}

	for (r = 0; r < nrows; r++)
	{
		int32_t		c;

		for (c = 0; c < ncols; c++)
		{
			int64_t		k = (int64_t) r * ncols + c;
			double		ls = 0.0;
			double		w = 0.0;
			int			dr;

			if (!in[k])
			{
				z[k] = NAN;
				p[k] = NAN;
				wsum[k] = 0;
				continue;
			}
			for (dr = -reach; dr <= reach; dr++)
			{
				int32_t		rr = r + dr;
				int32_t		h = half[dr + reach];
				int32_t		lo;
				int32_t		hi;
				const double *ax;
				const double *ac;

				if (rr < 0 || rr >= nrows || h < 0)
					continue;
				lo = c - h < 0 ? 0 : c - h;
				hi = c + h >= ncols ? ncols - 1 : c + h;
				ax = px + (int64_t) rr * (ncols + 1);
				ac = pc + (int64_t) rr * (ncols + 1);
				ls += ax[hi + 1] - ax[lo];
				w += ac[hi + 1] - ac[lo];
			}
			wsum[k] = (int32_t) w;
			z[k] = st.note == GISTAR_OK ? gistar_z(ls, w, w, st.n, st.mean, st.sd) : NAN;
			p[k] = gistar_p(z[k]);
		}
	}
	return st;
}
