/*
 * test_fdr.c — unit tests of src/core/fdr.c: Benjamini–Hochberg cut-offs worked by hand.
 *
 * Ten p-values, sorted: 0.001 0.008 0.012 0.020 0.030 0.041 0.060 0.074 0.205 0.900 (n = 10).
 * Critical values k * alpha / n:
 *   alpha 0.10: 0.01 0.02 0.03 0.04 0.05 0.06 0.07 0.08 0.09 0.10
 *     p_(k) <= k*0.01? k=8: 0.074 <= 0.08 yes (k=9: 0.205 > 0.09, k=10: 0.9 > 0.1) -> p* = 0.074
 *     (note k=7: 0.060 <= 0.07, and k=2..6 pass too; the step-up takes the largest k = 8)
 *   alpha 0.05: 0.005 0.010 0.015 0.020 0.025 0.030 0.035 0.040 0.045 0.050
 *     k=4: 0.020 <= 0.020 yes; k=5..10 fail (0.030 > 0.025, 0.041 > 0.030, ...) -> p* = 0.020
 *   alpha 0.01: 0.001 0.002 0.003 ...: k=1: 0.001 <= 0.001 yes; k=2: 0.008 > 0.002 -> p* = 0.001
 */
#include "unit.h"

#include "core/fdr.h"

void		suite_fdr(void);

void
suite_fdr(void)
{
	double		p[11] = {0.205, 0.012, 0.900, 0.001, 0.060, 0.041, 0.020, 0.074, 0.030, 0.008, NAN};
	double		work[11];
	double		cut[3];
	double		none[3] = {0.5, 0.6, 0.7};

	CHECK_NEAR(fdr_cutoff(p, 11, 0.10, work), 0.074, 0);
	CHECK_NEAR(fdr_cutoff(p, 11, 0.05, work), 0.020, 0);
	CHECK_NEAR(fdr_cutoff(p, 11, 0.01, work), 0.001, 0);
	fdr_cutoffs(p, 11, work, cut);
	CHECK_NEAR(cut[0], 0.074, 0);
	CHECK_NEAR(cut[1], 0.020, 0);
	CHECK_NEAR(cut[2], 0.001, 0);
	/* nothing qualifies: -1 */
	CHECK_NEAR(fdr_cutoff(none, 3, 0.10, work), -1, 0);
	CHECK_NEAR(fdr_cutoff(none, 0, 0.10, work), -1, 0);

	/* bins: the sign of z times the strictest level passed */
	CHECK_EQ_INT(fdr_bin(3.3, 0.001, cut), 3);
	CHECK_EQ_INT(fdr_bin(-2.4, 0.015, cut), -2);	/* 0.015 <= p*(0.05) = 0.020, > p*(0.01) */
	CHECK_EQ_INT(fdr_bin(2.0, 0.074, cut), 1);
	CHECK_EQ_INT(fdr_bin(1.8, 0.075, cut), 0);
	CHECK_EQ_INT(fdr_bin(NAN, NAN, cut), 0);
	/* without FDR the cut-offs are the levels themselves */
	CHECK_EQ_INT(fdr_bin(-2.0, 0.0455, fdr_levels), -2);
	CHECK_EQ_INT(fdr_bin(1.7, 0.0891, fdr_levels), 1);
	CHECK_EQ_INT(fdr_bin(2.6, 0.0093, fdr_levels), 3);
}
