/*
 * kde.c — kernel density on grid cells (see kde.h).
 */
#include "core/kde.h"

#include <math.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char *const kernel_names[KDE_NKERNELS] = {
	"quartic", "triangular", "uniform", "epanechnikov", "normal"
};

static const char *const kernel_formulas[KDE_NKERNELS] = {
	"(1 - (d/h)^2)^2 for d < h",
	"1 - d/h for d < h",
	"1 for d <= h",
	"1 - (d/h)^2 for d < h",
	"exp(-(d/h)^2 / 2) for d <= 4h"
};

/* relative tolerance of "d <= support" */
#define KDE_TOL 1e-9

bool
kde_kernel_from_name(const char *name, KdeKernel *k)
{
	int			i;

	for (i = 0; i < KDE_NKERNELS; i++)
		if (strcmp(name, kernel_names[i]) == 0)
		{
			*k = (KdeKernel) i;
			return true;
		}
	return false;
}

const char *
kde_kernel_name(KdeKernel k)
{
	return kernel_names[k];
}

const char *
kde_kernel_formula(KdeKernel k)
{
	return kernel_formulas[k];
}

double
kde_support(KdeKernel k, double h)
{
	return k == KDE_NORMAL ? 4.0 * h : h;
}

double
kde_kernel(KdeKernel k, double u2)
{
	switch (k)
	{
		case KDE_QUARTIC:
			return u2 < 1 ? (1 - u2) * (1 - u2) : 0;
		case KDE_TRIANGULAR:
			return u2 < 1 ? 1 - sqrt(u2) : 0;
		case KDE_UNIFORM:
			return u2 <= 1 + 2 * KDE_TOL ? 1 : 0;
		case KDE_EPANECHNIKOV:
			return u2 < 1 ? 1 - u2 : 0;
		case KDE_NORMAL:
			return u2 <= 16 * (1 + 2 * KDE_TOL) ? exp(-u2 / 2) : 0;
	}
	return 0;
}

double
kde_scale(KdeKernel k, double h)
{
	double		a = M_PI * h * h;

	switch (k)
	{
		case KDE_QUARTIC:
		case KDE_TRIANGULAR:
			return 3 / a;
		case KDE_UNIFORM:
			return 1 / a;
		case KDE_EPANECHNIKOV:
			return 2 / a;
		case KDE_NORMAL:
			return 1 / (2 * a);
	}
	return 0;
}

int64_t
kde_reach(KdeKernel k, double h, double cell, int64_t max_reach)
{
	double		r = floor(kde_support(k, h) / cell * (1 + KDE_TOL));

	if (!(r >= 0) || r > (double) max_reach)
		return -1;
	return (int64_t) r;
}

void
kde_stencil(KdeKernel k, double h, double cell, int reach, bool scaled, double *w)
{
	int			dr, dc, side = 2 * reach + 1;
	double		q = (cell / h) * (cell / h);
	double		s = scaled ? kde_scale(k, h) : 1;

	for (dr = -reach; dr <= reach; dr++)
		for (dc = -reach; dc <= reach; dc++)
			w[(dr + reach) * side + dc + reach] =
				s * kde_kernel(k, ((double) dc * dc + (double) dr * dr) * q);
}

void
kde_add(double *layer, int32_t ncols, int32_t col, int32_t row, double weight,
		const double *stencil, int reach)
{
	int			dr, dc, side = 2 * reach + 1;

	for (dr = -reach; dr <= reach; dr++)
	{
		double	   *out = layer + (int64_t) (row + dr) * ncols + col - reach;
		const double *w = stencil + (dr + reach) * side;

		for (dc = 0; dc < side; dc++)
			out[dc] += weight * w[dc];
	}
}
