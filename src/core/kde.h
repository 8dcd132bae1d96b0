/*
 * kde.h — kernel density on the cells of a grid, in pure C (no PostgreSQL headers).
 *
 * The points are the cube's bins: each bin's summed weight w_i sits at its cell centre.  The
 * density at the centre of cell j is
 *     kde_j = Σ_i w_i K(d_ij / h)        (× the scale s(h) when scaled)
 * with d_ij the distance between the centres and h the bandwidth.  Kernels, u = d / h:
 *     quartic       (1 − u²)²            u < 1     s = 3 / (π h²)
 *     triangular    1 − u                u < 1     s = 3 / (π h²)
 *     uniform       1                    u <= 1    s = 1 / (π h²)
 *     epanechnikov  1 − u²               u < 1     s = 2 / (π h²)
 *     normal        exp(−u² / 2)         u <= 4    s = 1 / (2 π h²)   (h is the standard
 *                                                   deviation; truncated at 4h)
 * The raw forms are QGIS's (qgskde.cpp, decay 0 for the triangular kernel).  With the scale
 * the kernel integrates to 1 over the plane (the normal kernel to 1 − e^−8), so a scaled kde
 * is a density in weight per CRS unit² (per m²).  QGIS scales its quartic kernel by
 * 116 / (5 π h²) · 15/16 = 21.75 / (π h²) instead, 7.25 times 3 / (π h²): its "scaled"
 * quartic output integrates to 7.25, not 1 (docs/hotspot.md).  "u <= 1" is inclusive with a
 * relative tolerance of 1e-9, as est's Gi* distances are.
 */
#ifndef EST_CORE_KDE_H
#define EST_CORE_KDE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum KdeKernel
{
	KDE_QUARTIC = 0,
	KDE_TRIANGULAR,
	KDE_UNIFORM,
	KDE_EPANECHNIKOV,
	KDE_NORMAL
} KdeKernel;

#define KDE_NKERNELS 5

/* the kernel of a name (lower case, as in SQL); false if unknown */
extern bool kde_kernel_from_name(const char *name, KdeKernel *k);
extern const char *kde_kernel_name(KdeKernel k);
/* the raw kernel as a formula, for reports */
extern const char *kde_kernel_formula(KdeKernel k);

/* the distance beyond which the kernel is 0: h, or 4h for the normal kernel */
extern double kde_support(KdeKernel k, double h);
/* the raw kernel at squared relative distance u2 = (d / h)² */
extern double kde_kernel(KdeKernel k, double u2);
/* the scale s(h) that makes the raw kernel integrate to 1 over the plane */
extern double kde_scale(KdeKernel k, double h);

/*
 * Reach R in cells: floor(support / cell) (with the 1e-9 tolerance); -1 when it would exceed
 * max_reach.
 */
extern int64_t kde_reach(KdeKernel k, double h, double cell, int64_t max_reach);

/*
 * The (2R + 1)² weights of a point on the cells around it, row-major from offset (−R, −R):
 * w[(dr + R)(2R + 1) + dc + R] = K(cell · sqrt(dc² + dr²) / h) (× the scale when scaled).
 */
extern void kde_stencil(KdeKernel k, double h, double cell, int reach, bool scaled, double *w);

/*
 * Adds weight · stencil around cell (col, row) of a dense ncols × nrows layer (row-major);
 * the stencil must fit (the layer is the extent grown by the reach).
 */
extern void kde_add(double *layer, int32_t ncols, int32_t col, int32_t row, double weight,
					const double *stencil, int reach);

#endif
