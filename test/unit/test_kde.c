/*
 * test_kde.c — unit tests of src/core/kde.c, by hand.
 *
 * Cell 100, bandwidth h = 250, quartic kernel (1 − u²)², u = d / h: the reach is
 * floor(250 / 100) = 2 cells, and the stencil holds, for offsets (dc, dr):
 *     (0,0) u² = 0     K = 1
 *     (1,0) u² = 0.16  K = 0.84² = 0.7056
 *     (1,1) u² = 0.32  K = 0.68² = 0.4624
 *     (2,0) u² = 0.64  K = 0.36² = 0.1296
 *     (2,1) u² = 0.80  K = 0.20² = 0.04
 *     (2,2) u² = 1.28  K = 0
 * Points: weight 1 in cell (2,2) and weight 3 in cell (4,2) of a 7 x 5 layer, so
 *     kde(3,2) = 1 · 0.7056 + 3 · 0.7056 = 2.8224
 *     kde(2,2) = 1 + 3 · 0.1296 = 1.3888,   kde(4,2) = 3 + 0.1296 = 3.1296
 *     kde(3,3) = 0.4624 + 3 · 0.4624 = 1.8496,   kde(0,2) = 0.1296,  kde(0,0) = 0
 */
#include "unit.h"

#include "core/kde.h"

void		suite_kde(void);

void
suite_kde(void)
{
	double		st[25], layer[35] = {0};
	KdeKernel	k;
	int			i;
	double		sum;

	CHECK(kde_kernel_from_name("quartic", &k) && k == KDE_QUARTIC);
	CHECK(kde_kernel_from_name("normal", &k) && k == KDE_NORMAL);
	CHECK(!kde_kernel_from_name("gaussian", &k));
	CHECK_EQ_STR(kde_kernel_name(KDE_EPANECHNIKOV), "epanechnikov");

	/* kernel values at u = 0.4 (u² = 0.16) and at the support */
	CHECK_NEAR(kde_kernel(KDE_QUARTIC, 0.16), 0.7056, 1e-15);
	CHECK_NEAR(kde_kernel(KDE_TRIANGULAR, 0.16), 0.6, 1e-15);
	CHECK_NEAR(kde_kernel(KDE_UNIFORM, 0.16), 1, 0);
	CHECK_NEAR(kde_kernel(KDE_EPANECHNIKOV, 0.16), 0.84, 1e-15);
	CHECK_NEAR(kde_kernel(KDE_NORMAL, 1), 0.60653065971263342, 1e-15);	/* e^-0.5 */
	CHECK_NEAR(kde_kernel(KDE_QUARTIC, 1), 0, 0);
	CHECK_NEAR(kde_kernel(KDE_TRIANGULAR, 1), 0, 0);
	CHECK_NEAR(kde_kernel(KDE_UNIFORM, 1), 1, 0);		/* d = h is inside */
	CHECK_NEAR(kde_kernel(KDE_UNIFORM, 1.01), 0, 0);
	CHECK_NEAR(kde_kernel(KDE_NORMAL, 16), 0.00033546262790251185, 1e-18);	/* e^-8 at 4h */
	CHECK_NEAR(kde_kernel(KDE_NORMAL, 16.01), 0, 0);

	/* scales: 3/(π h²), 1/(π h²), 2/(π h²), 1/(2 π h²) at h = 250 */
	CHECK_NEAR(kde_scale(KDE_QUARTIC, 250), 1.5278874536821951e-05, 1e-20);
	CHECK_NEAR(kde_scale(KDE_UNIFORM, 250), 5.0929581789406508e-06, 1e-20);
	CHECK_NEAR(kde_scale(KDE_EPANECHNIKOV, 250), 1.0185916357881302e-05, 1e-20);
	CHECK_NEAR(kde_scale(KDE_NORMAL, 250), 2.5464790894703254e-06, 1e-20);

	/* each scaled kernel integrates to 1 (normal: 1 − e^−8): a midpoint sum on cells of h/400 */
	for (i = 0; i < KDE_NKERNELS; i++)
	{
		double		h = 1, c = h / 400;
		int64_t		r = kde_reach((KdeKernel) i, h, c, 100000), a, b;

		sum = 0;
		for (a = -r; a <= r; a++)
			for (b = -r; b <= r; b++)
				sum += kde_kernel((KdeKernel) i, ((double) a * a + (double) b * b) * c * c);
		sum *= kde_scale((KdeKernel) i, h) * c * c;
		CHECK_NEAR(sum, i == KDE_NORMAL ? 1 - exp(-8) : 1, 2e-4);
	}

	/* reach: floor(support / cell); 4h for the normal kernel; too large: -1 */
	CHECK_EQ_INT(kde_reach(KDE_QUARTIC, 250, 100, 1000), 2);
	CHECK_EQ_INT(kde_reach(KDE_QUARTIC, 300, 100, 1000), 3);	/* exactly 3 cells: in */
	CHECK_EQ_INT(kde_reach(KDE_NORMAL, 250, 100, 1000), 10);
	CHECK_EQ_INT(kde_reach(KDE_QUARTIC, 50, 100, 1000), 0);
	CHECK_EQ_INT(kde_reach(KDE_QUARTIC, 1e9, 1, 1000), -1);

	/* the stencil of the header, and the two-point layer */
	kde_stencil(KDE_QUARTIC, 250, 100, 2, false, st);
	CHECK_NEAR(st[12], 1, 0);
	CHECK_NEAR(st[13], 0.7056, 1e-15);
	CHECK_NEAR(st[18], 0.4624, 1e-15);
	CHECK_NEAR(st[14], 0.1296, 1e-15);
	CHECK_NEAR(st[19], 0.04, 1e-15);
	CHECK_NEAR(st[24], 0, 0);
	CHECK_NEAR(st[0], 0, 0);
	kde_add(layer, 7, 2, 2, 1, st, 2);
	kde_add(layer, 7, 4, 2, 3, st, 2);
	CHECK_NEAR(layer[2 * 7 + 3], 2.8224, 1e-14);
	CHECK_NEAR(layer[2 * 7 + 2], 1.3888, 1e-14);
	CHECK_NEAR(layer[2 * 7 + 4], 3.1296, 1e-14);
	CHECK_NEAR(layer[3 * 7 + 3], 1.8496, 1e-14);
	CHECK_NEAR(layer[2 * 7 + 0], 0.1296, 1e-15);
	CHECK_NEAR(layer[0], 0, 0);
	sum = 0;
	for (i = 0; i < 35; i++)
		sum += layer[i];
	/* the total is (1 + 3) × the stencil's sum: 4 × (1 + 4·0.7056 + 4·0.4624 + 4·0.1296 + 8·0.04) */
	CHECK_NEAR(sum, 4 * (1 + 4 * 0.7056 + 4 * 0.4624 + 4 * 0.1296 + 8 * 0.04), 1e-13);

	/* scaled: the same times 3/(π h²) */
	kde_stencil(KDE_QUARTIC, 250, 100, 2, true, st);
	CHECK_NEAR(st[13], 0.7056 * 1.5278874536821951e-05, 1e-20);
	/* triangular and normal stencils at offset (1,0): 1 − 0.4 and e^(−0.08) */
	kde_stencil(KDE_TRIANGULAR, 250, 100, 2, false, st);
	CHECK_NEAR(st[13], 0.6, 1e-15);
	kde_stencil(KDE_NORMAL, 250, 100, 2, false, st);
	CHECK_NEAR(st[13], exp(-0.08), 1e-15);
}
