/*
 * gistar.h — Getis–Ord Gi* (self included) with binary weights, in pure C.
 *
 * Formula (../shared/reference/analytics.md §2.1; R spdep localG with include.self):
 *   xbar = (1/n) Σ x_j,   S = sqrt((1/n) Σ (x_j − xbar)²)          population SD, two passes
 *   W_i = Σ_j w_ij,  S1_i = Σ_j w_ij²  (= W_i for binary weights)   sums include j = i
 *   z_i = (Σ_j w_ij x_j − xbar W_i) / (S sqrt((n S1_i − W_i²) / (n − 1)))
 *   p_i = 2 (1 − Φ(|z_i|)) = erfc(|z_i| / √2)
 * z is undefined (returned as NAN, which the server turns into NULL) when n < 2, S = 0, or
 * n S1_i − W_i² <= 0 (a neighbourhood that covers the whole study area).
 */
#ifndef EST_CORE_GISTAR_H
#define EST_CORE_GISTAR_H

#include <stdbool.h>
#include <stdint.h>

/* why a whole layer (step) has no z */
typedef enum GistarNote
{
	GISTAR_OK = 0,
	GISTAR_TOO_FEW,				/* fewer than 2 cells in the study area */
	GISTAR_SD_ZERO				/* every cell of the study area has the same value */
} GistarNote;

typedef struct GistarLayer
{
	int64_t		n;				/* cells in the study area */
	double		mean;
	double		sd;				/* population SD */
	GistarNote	note;
} GistarLayer;

/* z from the sufficient statistics; NAN when undefined (sd <= 0, n < 2, zero variance) */
extern double gistar_z(double local_sum, double weight_sum, double weight_sq_sum, int64_t n,
					   double mean, double sd);
/* two-sided normal p of z; NAN for NAN */
extern double gistar_p(double z);

/*
 * The neighbourhood as row offsets dr = -R..R (the reach R = floor(distance / cell), capped
 * at max_reach: offsets beyond the grid do not matter) and, per row offset, the half-width
 * half[dr + R] = largest |dc| with cell * sqrt(dc² + dr²) <= distance, capped at max_half
 * (-1 if none).  A relative tolerance of 1e-9 absorbs rounding, so a centre at exactly
 * `distance` is a neighbour.  gistar_reach returns -1 for a negative or non-finite distance.
 */
extern int	gistar_reach(double distance, double cell, int max_reach);
extern void gistar_halfwidths(double distance, double cell, int reach, int32_t max_half,
							  int32_t *half);
/* one half-width: largest |dc| with cell * sqrt(dc² + dr²) <= distance (same tolerance), capped */
extern int32_t gistar_halfwidth(double distance, double cell, int64_t dr, int32_t max_half);

/*
 * Gi* over a dense ncols × nrows layer (row-major): x = values, in = 1 for cells of the study
 * area (cells outside are neither tested nor neighbours).  half/reach from above.  Writes z
 * (NAN where undefined or outside), p, and the neighbour count W_i; work holds
 * 2 (ncols + 1) nrows doubles.  Returns the layer's statistics.
 */
extern GistarLayer gistar_layer(int32_t ncols, int32_t nrows, const double *x,
								const unsigned char *in, int reach, const int32_t *half,
								double *work, double *z, double *p, int32_t *wsum);

#endif
