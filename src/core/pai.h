/*
 * pai.h — the Predictive Accuracy Index and hit rate of a hotspot map, in pure C.
 *
 * Chainey, Tompson & Uhlig (2008, Security Journal 21:4–28), as restated in
 * ../shared/reference/analytics.md §5:
 *     hit rate    = n / N              n: later incidents inside the hotspots, N: all later
 *                                      incidents in the study area
 *     area share  = a / A              a: hotspot area inside the study area, A: study area
 *     PAI         = (n / N) / (a / A)  (the percentages of the paper cancel)
 * Undefined values are NAN (NULL in SQL), with the reason in the note:
 *     N = 0: hit rate and PAI undefined (no incidents to predict);
 *     a = 0: PAI undefined (no hotspot area; the hit rate is then 0).
 * The counts may be weights (a cube's aoristic shares), so they are doubles.
 */
#ifndef EST_CORE_PAI_H
#define EST_CORE_PAI_H

#include <stdbool.h>
#include <stdint.h>

typedef enum PaiNote
{
	PAI_OK = 0,
	PAI_NO_INCIDENTS,			/* N = 0 */
	PAI_NO_HOTSPOT_AREA			/* a = 0 */
} PaiNote;

typedef enum PaiCheck
{
	PAI_VALID = 0,
	PAI_BAD_COUNTS,				/* not finite, negative, or n > N */
	PAI_BAD_AREAS				/* not finite, A <= 0, a < 0, or a > A */
} PaiCheck;

typedef struct PaiResult
{
	double		hit_rate;		/* NAN when undefined */
	double		area_share;
	double		pai;			/* NAN when undefined */
	PaiNote		note;
} PaiResult;

/* n > N and a > A are tolerated up to a relative 1e-9 (sums of weights, clipped areas) */
extern PaiCheck pai_compute(double n_inside, double n_total, double area_hot, double area_study,
							PaiResult *r);
/* the note as text; NULL for PAI_OK */
extern const char *pai_note_text(PaiNote note);

/* sorts ids ascending and removes repeats in place; returns the new length */
extern int64_t pai_sort_unique(int64_t *ids, int64_t n);
/* whether a sorted array holds id */
extern bool pai_contains(const int64_t *sorted, int64_t n, int64_t id);
/* the ids of sorted unique a that are in sorted unique b, written to out (may be a); count */
extern int64_t pai_intersect(const int64_t *a, int64_t na, const int64_t *b, int64_t nb,
							 int64_t *out);

#endif
