/*
 * ehsa.h — Emerging Hot Spot Analysis (Esri EHSA) in pure C: space-time Getis–Ord Gi* over the
 * bins (location × time step) of a cube and the classification of each location into the 17
 * Esri patterns.  Definitions: ../shared/reference/analytics.md §1.3, §1.4, §2.1, §3.
 *
 * Locations are the analysed grid cells, sorted by (row, column), unique.  Values are stored
 * step-major: x[t * nloc + i] is the count (or summed weight) of location i in step t (zeros
 * filled in).
 *
 * Space-time Gi* with binary weights: the neighbours of bin (i, t) are the bins (j, u) with j a
 * location whose centre is within `distance` of i's (inclusive, i itself included; the spatial
 * neighbour list, built once) and u in max(0, t − N) .. t (N = time_steps).  So
 *     W_it = |S(i)| · k_t,   k_t = min(t, N) + 1,     L_it = Σ_{u = t−k_t+1..t} Σ_{j ∈ S(i)} x_ju
 *     z_it = (L_it − mean · W_it) / (sd · sqrt((n · W_it − W_it²) / (n − 1)))     (S1 = W, binary)
 * with n, mean and the population sd over the bins of the global window:
 *     EHSA_WINDOW_CUBE          every analysed bin (n = nloc · nsteps; Esri ENTIRE_CUBE, default)
 *     EHSA_WINDOW_NEIGHBORHOOD  the bins of steps t − k_t + 1 .. t (n = nloc · k_t; Esri
 *                               NEIGHBORHOOD_TIME_STEP)
 *     EHSA_WINDOW_STEP          the bins of step t (n = nloc; Esri INDIVIDUAL_TIME_STEP, sfdep)
 * z is NAN (undefined) when n < 2, sd = 0 or n · W − W² <= 0; p = 2 (1 − Φ(|z|)).
 */
#ifndef EST_CORE_EHSA_H
#define EST_CORE_EHSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mannkendall.h"

typedef enum EhsaWindow
{
	EHSA_WINDOW_CUBE = 0,
	EHSA_WINDOW_NEIGHBORHOOD,
	EHSA_WINDOW_STEP
} EhsaWindow;

/* 'cube', 'neighborhood', 'step' -> window; false for any other name */
extern bool ehsa_window_parse(const char *name, EhsaWindow *window);
extern const char *ehsa_window_name(EhsaWindow window);

/* the 17 Esri patterns; hot and cold in the same order, cold = hot + 8 */
typedef enum EhsaCategory
{
	EHSA_NO_PATTERN = 0,
	EHSA_NEW_HOT,
	EHSA_CONSECUTIVE_HOT,
	EHSA_INTENSIFYING_HOT,
	EHSA_PERSISTENT_HOT,
	EHSA_DIMINISHING_HOT,
	EHSA_SPORADIC_HOT,
	EHSA_OSCILLATING_HOT,
	EHSA_HISTORICAL_HOT,
	EHSA_NEW_COLD,
	EHSA_CONSECUTIVE_COLD,
	EHSA_INTENSIFYING_COLD,
	EHSA_PERSISTENT_COLD,
	EHSA_DIMINISHING_COLD,
	EHSA_SPORADIC_COLD,
	EHSA_OSCILLATING_COLD,
	EHSA_HISTORICAL_COLD
} EhsaCategory;

#define EHSA_CATEGORIES 17

/* 'new hot spot', ..., 'historical cold spot', 'no pattern detected' */
extern const char *ehsa_category_name(EhsaCategory category);

/* ---------------------------------------------------------------- neighbour lists */

/*
 * Spatial neighbour lists (CSR) of nloc locations sorted by (row, col), unique, on a grid of
 * square cells of side `cell`: j is a neighbour of i when their centres are within distance
 * (inclusive with the 1e-9 relative tolerance of gistar_halfwidth; i itself always).
 * Fills start[0..nloc] (start[nloc] = total) and, if nb is not NULL, nb[start[i] ..
 * start[i+1] − 1] with the neighbours' indices in ascending order.  Call once with nb = NULL to
 * size nb, then again with it.  Returns the total number of entries.  Cost: for each location,
 * one binary search per occupied row within reach.
 */
extern int64_t ehsa_neighbours(int64_t nloc, const int32_t *col, const int32_t *row,
							   double distance, double cell, int64_t *start, int32_t *nb);

/* ---------------------------------------------------------------- space-time Gi* */

/* the values of one step: count, mean, sum of squared deviations, whether all are equal */
typedef struct EhsaStepStats
{
	int64_t		n;
	long double sum;
	double		mean;
	long double m2;
	bool		constant;
	double		value;			/* the common value when constant */
} EhsaStepStats;

/* n, mean and population sd of a global window */
typedef struct EhsaMoments
{
	int64_t		n;
	double		mean;
	double		sd;
} EhsaMoments;

typedef struct EhsaCube
{
	int64_t		nloc;
	int32_t		nsteps;
	int32_t		time_steps;		/* N >= 0 */
	EhsaWindow	window;
	const double *x;			/* nsteps × nloc, step-major */
	const int64_t *start;		/* CSR neighbour lists (ehsa_neighbours) */
	const int32_t *nb;
	EhsaStepStats *stats;		/* nsteps */
	EhsaMoments *moments;		/* nsteps: the global window of each step */
	double	   *ring;			/* ehsa_ring_steps() × nloc: spatial sums of recent steps */
	long double *win;			/* nloc: the time-window sums */
	double	   *z;				/* nsteps × nloc: z (NAN where undefined) */
	double	   *p;				/* nsteps × nloc: two-sided p (NAN where z is) */
	bool		p_tail_only;	/* p only where it can be <= 0.10 (|z| >= EHSA_Z_TAIL), else 1 */
} EhsaCube;

/*
 * |z| below which the two-sided p exceeds 0.10 for certain (2 (1 − Φ(1.6)) = 0.1096): with
 * p_tail_only such bins get p = 1 instead of the exact p, which no Benjamini–Hochberg cut-off
 * at 0.10 or below can reach either, so the significant bins are the same; it saves the erfc
 * of most bins when only significance is wanted.
 */
#define EHSA_Z_TAIL 1.6

/* rows of ring needed: min(time_steps, nsteps − 1) + 1 */
extern int32_t ehsa_ring_steps(int32_t nsteps, int32_t time_steps);

/* statistics of step t's values (call for every t before ehsa_moments) */
extern void ehsa_step_stats(EhsaCube *c, int32_t t);
/* the global-window moments of every step, from the step statistics (exact pooling) */
extern void ehsa_moments(EhsaCube *c);

/*
 * z and p of every bin of step t; call for t = 0, 1, ..., nsteps − 1 in this order (the time
 * window is carried in ring and win).
 */
extern void ehsa_gistar_step(EhsaCube *c, int32_t t);

/* ---------------------------------------------------------------- classification */

typedef struct EhsaClass
{
	EhsaCategory category;
	int32_t		hot;			/* significant hot steps (sig and z > 0) */
	int32_t		cold;			/* significant cold steps (sig and z < 0) */
	int32_t		run;			/* length of the run of the final step's kind ending there */
	MkResult	trend;			/* Mann–Kendall on the defined z (trend.valid: >= 3 of them) */
} EhsaClass;

/*
 * The pattern of one location from its z series z[0..T−1] (NAN = undefined, never
 * significant, left out of the trend test) and the significance of each step (sig[t] != 0:
 * significant at the 90 % level or better), with the trend significant at level alpha.
 * Rules of analytics.md §1.4 (final step decides the family; 90 % as 10 n >= 9 T):
 *   final step hot:   10 nH >= 9 T: trend up -> intensifying, down -> diminishing, else
 *                     persistent; else nH = 1 and nC = 0 -> new; else the hot steps form one
 *                     run ending at T of length >= 2 and nC = 0 -> consecutive; else nC > 0
 *                     -> oscillating; else sporadic
 *   final step cold:  the same with hot and cold swapped; intensifying cold = trend down,
 *                     diminishing cold = trend up
 *   otherwise:        10 nH >= 9 T -> historical hot; 10 nC >= 9 T -> historical cold;
 *                     else no pattern
 * work holds T doubles.  T >= 1.
 */
extern void ehsa_classify(const double *z, const unsigned char *sig, int32_t T, double alpha,
						  double *work, EhsaClass *out);

/*
 * Whether ehsa_classify would give the series a pattern (any category but no pattern
 * detected), without its trend test: the trend only tells apart patterns of a location
 * whose final step is significant, so this needs sig and the signs of z alone.
 */
extern bool ehsa_has_pattern(const double *z, const unsigned char *sig, int32_t T);

#endif
