/*
 * test_gistar.c — unit tests of src/core/gistar.c.
 *
 * The 4 x 3 grid (cell 100; rows from the bottom)
 *     row 2:  0 2 1 0
 *     row 1:  3 8 5 1
 *     row 0:  0 1 2 0
 * has n = 12, Σx = 23, Σx² = 109, mean = 23/12, population S² = 109/12 - (23/12)² = 779/144.
 * Cell (0,0) at distance 100: neighbours self, (1,0), (0,1): Σ = 0 + 1 + 3 = 4, W = 3, so
 *     z = (4 - 3·23/12) / (sqrt(779/144) · sqrt((12·3 - 9)/11)) = -1.75 / (2.32588 · 1.56670)
 *       = -0.480247...   (hand calculation; R spdep localG gives -0.48024740450479275,
 *                          test/reference/gistar_small.csv, as do the other values below)
 */
#include "unit.h"

#include <stdlib.h>

#include "core/gistar.h"

void		suite_gistar(void);

static const double small[12] = {0, 1, 2, 0, 3, 8, 5, 1, 0, 2, 1, 0};

/* R spdep 1.2.7 localG(include.self(dnearneigh(centres, 0, d))), test/reference/gistar_small.csv */
static const double z100[12] = {
	-0.48024740450479275, 0.84025792238052399, 0.08402579223805233, -0.75467449279324572, 0.84025792238052399, 2.2697186961909224, 1.7876545483273636, -0.42012896119026211, -0.20582031621633975, 0.84025792238052399, 0.08402579223805233, -1.0291015810816988};
static const double z150[12] = {
	1.0923352990946813, 1.7824562245829647, 1.3071345646941741, 0.08402579223805233, 0.5941520748609882, 1.3035286693701518, 0.75467449279324572, -0.5941520748609882, 1.3444126758088384, 1.7824562245829647, 1.3071345646941741, -0.16805158447610488};

static void
run_layer(const double *x, const unsigned char *in, int ncols, int nrows, double distance,
		  double *z, double *p, int32_t *w, GistarLayer *st)
{
	int			reach = gistar_reach(distance, 100, nrows);
	int32_t		half[64];
	double	   *work = malloc(sizeof(double) * 2 * (ncols + 1) * nrows);

	gistar_halfwidths(distance, 100, reach, ncols, half);
	*st = gistar_layer(ncols, nrows, x, in, reach, half, work, z, p, w);
	free(work);
}

void
suite_gistar(void)
{
	double		z[12], p[12];
	int32_t		w[12];
	unsigned char all[12];
	GistarLayer st;
	int32_t		half[9];
	int			i;

	memset(all, 1, sizeof(all));

	/* the formula by hand (cell (0,0) above) */
	CHECK_NEAR(gistar_z(4, 3, 3, 12, 23.0 / 12, sqrt(779.0 / 144)), -0.48024740450479275, 1e-12);
	/* undefined: sd = 0, n < 2, neighbourhood of the whole area */
	CHECK(isnan(gistar_z(4, 3, 3, 12, 1, 0)));
	CHECK(isnan(gistar_z(4, 1, 1, 1, 1, 1)));
	CHECK(isnan(gistar_z(4, 12, 12, 12, 1, 1)));
	/* p: two-sided, 1.959964 -> 0.05, 0 -> 1 */
	CHECK_NEAR(gistar_p(1.959963984540054), 0.05, 1e-12);
	CHECK_NEAR(gistar_p(-1.959963984540054), 0.05, 1e-12);
	CHECK_NEAR(gistar_p(0), 1.0, 0);
	CHECK(isnan(gistar_p(NAN)));

	/* neighbourhoods: distance 500 at 100 m reaches 5 rows; (3,4) at exactly 500 is included */
	CHECK_EQ_INT(gistar_reach(500, 100, 1000), 5);
	CHECK_EQ_INT(gistar_reach(499.9, 100, 1000), 4);
	CHECK_EQ_INT(gistar_reach(500, 100, 3), 3);
	CHECK_EQ_INT(gistar_reach(-1, 100, 3), -1);
	gistar_halfwidths(500, 100, 4, 1000, half);
	CHECK_EQ_INT(half[4], 5);	/* dr = 0 */
	CHECK_EQ_INT(half[0], 3);	/* dr = -4: 3² + 4² = 25 */
	CHECK_EQ_INT(half[1], 4);	/* dr = -3 */
	CHECK_EQ_INT(half[3], 4);	/* dr = -1: 4² + 1 = 17 <= 25, 5² + 1 > 25 */
	gistar_halfwidths(150, 100, 1, 1000, half);
	CHECK(half[0] == 1 && half[1] == 1 && half[2] == 1);	/* queen: diagonal 141 m */
	gistar_halfwidths(1e9, 100, 2, 7, half);
	CHECK(half[0] == 7 && half[2] == 7);	/* capped */

	/* the small grid against R spdep */
	run_layer(small, all, 4, 3, 100, z, p, w, &st);
	CHECK_EQ_INT(st.n, 12);
	CHECK_NEAR(st.mean, 23.0 / 12, 1e-15);
	CHECK_NEAR(st.sd, sqrt(779.0 / 144), 1e-15);
	CHECK_EQ_INT(st.note, GISTAR_OK);
	for (i = 0; i < 12; i++)
		CHECK_NEAR(z[i], z100[i], 1e-12);
	CHECK_EQ_INT(w[0], 3);
	CHECK_EQ_INT(w[5], 5);
	CHECK_NEAR(p[5], erfc(fabs(z100[5]) / sqrt(2.0)), 1e-15);
	run_layer(small, all, 4, 3, 150, z, p, w, &st);
	for (i = 0; i < 12; i++)
		CHECK_NEAR(z[i], z150[i], 1e-12);
	CHECK_EQ_INT(w[5], 9);

	/* study area: cells outside are neither tested nor neighbours */
	{
		unsigned char in[12] = {1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0};
		double		sub[9] = {0, 1, 2, 3, 8, 5, 0, 2, 1};
		unsigned char all9[9];
		double		z9[9], p9[9];
		int32_t		w9[9];
		GistarLayer st9;

		memset(all9, 1, 9);
		run_layer(small, in, 4, 3, 100, z, p, w, &st);
		run_layer(sub, all9, 3, 3, 100, z9, p9, w9, &st9);
		CHECK_EQ_INT(st.n, 9);
		CHECK(isnan(z[3]) && isnan(z[7]) && w[3] == 0);
		CHECK_NEAR(z[2], z9[2], 1e-15);
		CHECK_NEAR(z[6], z9[5], 1e-15);
		CHECK_EQ_INT(w[2], 3);
	}

	/* all equal: sd = 0, every z undefined */
	{
		double		flat[12];

		for (i = 0; i < 12; i++)
			flat[i] = 2;
		run_layer(flat, all, 4, 3, 100, z, p, w, &st);
		CHECK_EQ_INT(st.note, GISTAR_SD_ZERO);
		CHECK_NEAR(st.sd, 0, 0);
		CHECK(isnan(z[0]) && isnan(z[11]) && isnan(p[5]));
		run_layer(flat, all, 1, 1, 100, z, p, w, &st);
		CHECK_EQ_INT(st.note, GISTAR_TOO_FEW);
	}
}
