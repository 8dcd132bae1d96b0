/*
 * fdr.h — Benjamini–Hochberg step-up cut-offs and Gi* confidence bins, in pure C.
 *
 * For n p-values sorted ascending p_(1) <= ... <= p_(n) and a level alpha
 * (../shared/reference/analytics.md §1.2, as Esri's fdrTransform applies it):
 *     k* = max{ k : p_(k) <= k alpha / n },   cut-off p*(alpha) = p_(k*)
 * a unit is significant at alpha iff p <= p*(alpha); if no k qualifies nothing is.
 * Bins: ±3 at alpha 0.01, ±2 at 0.05, ±1 at 0.10 (sign of z), 0 otherwise.
 */
#ifndef EST_CORE_FDR_H
#define EST_CORE_FDR_H

#include <stdint.h>

/* the levels of bins 1, 2, 3 */
extern const double fdr_levels[3];

/*
 * The BH cut-off p*(alpha) over the n values of p that are not NAN; -1 when no p qualifies
 * (or none is given).  sorted must hold n doubles (scratch).
 */
extern double fdr_cutoff(const double *p, int64_t n, double alpha, double *sorted);
/* the three cut-offs of fdr_levels at once (one sort) */
extern void fdr_cutoffs(const double *p, int64_t n, double *sorted, double cut[3]);
/* the bin −3..3 of (z, p) against cut-offs cut[0..2] for levels 0.10, 0.05, 0.01 */
extern int	fdr_bin(double z, double p, const double cut[3]);

#endif
