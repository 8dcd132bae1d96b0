/*
 * test_grid.c — unit tests of src/core/grid.c.  Expected values are worked out by hand.
 */
#include "unit.h"

#include <stdlib.h>

#include "core/grid.h"

static void *
test_alloc(size_t size, void *ctx)
{
	(void) ctx;
	return calloc(1, size);
}

static void
test_free(void *ptr, void *ctx)
{
	(void) ctx;
	free(ptr);
}

void		suite_grid(void);

void
suite_grid(void)
{
	int32_t		i = 7, col, row, k = 0;
	GridMap		m;
	GridBin		out[4];
	int			j;

	/* cell edges at multiples of the cell size; negative coordinates floor down */
	CHECK(grid_index(249.999, 250, &i) && i == 0);
	CHECK(grid_index(250, 250, &i) && i == 1);
	CHECK(grid_index(-0.5, 250, &i) && i == -1);
	CHECK(grid_index(490320.299, 250, &i) && i == 1961);
	CHECK(!grid_index(NAN, 250, &i));
	CHECK(!grid_index(1e300, 1, &i));
	CHECK(!grid_index(10, 0, &i));
	CHECK_NEAR(grid_centre(1961, 250), 490375.0, 0);
	CHECK_NEAR(grid_centre(-1, 100), -50.0, 0);

	/* ids: row * 2^32 + col + 2^31, and back */
	CHECK_EQ_INT(grid_cell_id(0, 0), INT64_C(2147483648));
	CHECK_EQ_INT(grid_cell_id(1, 1), INT64_C(6442450945));
	CHECK_EQ_INT(grid_cell_id(-1, -1), INT64_C(-4294967296) + INT64_C(2147483647));
	grid_cell_decode(grid_cell_id(-5, -7), &col, &row);
	CHECK(col == -5 && row == -7);
	grid_cell_decode(grid_cell_id(INT32_MIN, INT32_MAX), &col, &row);
	CHECK(col == INT32_MIN && row == INT32_MAX);
	grid_cell_decode(grid_cell_id(INT32_MAX, INT32_MIN), &col, &row);
	CHECK(col == INT32_MAX && row == INT32_MIN);

	/* steps: floor division from the origin */
	CHECK(grid_step_index(100, 0, 10, &k) && k == 10);
	CHECK(grid_step_index(99, 0, 10, &k) && k == 9);
	CHECK(grid_step_index(-1, 0, 10, &k) && k == -1);
	CHECK(grid_step_index(-10, 0, 10, &k) && k == -1);
	CHECK(grid_step_index(-11, 0, 10, &k) && k == -2);
	CHECK(!grid_step_index(INT64_MAX, -100, 1, &k));
	CHECK(!grid_step_index(5, 0, 0, &k));

	/* aoristic: a window [5, 25) over steps of 10 from 0 spreads 1/4, 1/2, 1/4 */
	CHECK_NEAR(grid_aoristic_share(5, 25, 0, 10, 0), 0.25, 1e-15);
	CHECK_NEAR(grid_aoristic_share(5, 25, 0, 10, 1), 0.5, 1e-15);
	CHECK_NEAR(grid_aoristic_share(5, 25, 0, 10, 2), 0.25, 1e-15);
	CHECK_NEAR(grid_aoristic_share(5, 25, 0, 10, 3), 0.0, 0);
	CHECK_NEAR(grid_aoristic_share(10, 20, 0, 10, 1), 1.0, 0);

	CHECK_NEAR(grid_extent_cells(0, 9, 0, 9, 0, 0), 100, 0);
	/* 0,0 and a point in Sweden at 10 m: 67 400 x 658 000 cells */
	CHECK_NEAR(grid_extent_cells(0, 67399, 0, 657999, 0, 0), 67400.0 * 658000.0, 0);
	CHECK_NEAR(grid_extent_cells(INT32_MIN, INT32_MAX, INT32_MIN, INT32_MAX, 0, 0),
			   18446744073709551616.0, 0);

	/* the map sums weights per bin, grows, and packs sorted by step, row, column */
	grid_map_init(&m, 1, test_alloc, test_free, NULL);
	CHECK_EQ_INT(m.cap, 64);
	for (j = 0; j < 1000; j++)
		grid_map_add(&m, j % 2, 0, 1, 1.0);
	CHECK_EQ_INT(m.n, 2);
	CHECK(grid_map_add(&m, 5, -3, 0, 2.5));
	CHECK(grid_map_add(&m, 4, -3, 0, 0.5));
	CHECK_EQ_INT(m.n, 4);
	for (j = 0; j < 200; j++)
		grid_map_add(&m, 100 + j, 7, 2, 1.0);
	CHECK_EQ_INT(m.n, 204);
	CHECK(m.cap >= 408);
	test_free(m.slots, NULL);

	grid_map_init(&m, 1, test_alloc, test_free, NULL);
	grid_map_add(&m, 1, 0, 1, 1.0);
	grid_map_add(&m, 0, 0, 1, 1.0);
	grid_map_add(&m, 5, -3, 0, 2.5);
	grid_map_add(&m, 0, 0, 1, 1.0);
	grid_map_add(&m, 4, -3, 0, 0.5);
	grid_map_pack(&m, out);
	CHECK(out[0].step == 0 && out[0].row == -3 && out[0].col == 4 && out[0].w == 0.5);
	CHECK(out[1].step == 0 && out[1].col == 5 && out[1].w == 2.5);
	CHECK(out[2].step == 1 && out[2].col == 0 && out[2].w == 2.0);
	CHECK(out[3].step == 1 && out[3].col == 1 && out[3].w == 1.0);
	test_free(m.slots, NULL);
}
