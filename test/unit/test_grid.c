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

/* the bins of a map, packed (sorted); caller frees */
static GridBin *
packed(GridMap *m)
{
	GridBin    *out = calloc(grid_map_count(m) + 1, sizeof(GridBin));

	grid_map_pack(m, out);
	return out;
}

/* same bins, keys and weights bit for bit */
static int
same_bins(const GridBin *a, const GridBin *b, uint32_t n)
{
	uint32_t	i;

	for (i = 0; i < n; i++)
		if (a[i].col != b[i].col || a[i].row != b[i].row || a[i].step != b[i].step ||
			memcmp(&a[i].w, &b[i].w, sizeof(double)) != 0)
			return 0;
	return 1;
}

/*
 * The dense window against the hash (tested above by hand): the same points give the same
 * packed bins in both, whether the window stays dense, grows in every direction, or turns into
 * the hash at its limit.
 */
static void
suite_grid_dense(void)
{
	GridMap		d, h, small, win, hb;
	GridBin    *pd, *ph, *ps, *pw, *phb;
	uint32_t	inwin = 0, inhash = 0;
	GridBin		out[8];
	uint64_t	seed = 12345;
	int			j;

	grid_map_init_dense(&d, 1 << 20, test_alloc, test_free, NULL);
	grid_map_init_dense(&small, 5000, test_alloc, test_free, NULL);
	grid_map_init(&h, 1, test_alloc, test_free, NULL);
	CHECK(grid_map_is_dense(&d));
	CHECK(!grid_map_is_dense(&h));
	for (j = 0; j < 20000; j++)
	{
		int32_t		col, row, step;
		double		w;

		seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		col = (int32_t) ((seed >> 33) % 200) - 100 + (j / 1000) * 7;	/* drifts east */
		row = (int32_t) ((seed >> 20) % 150) - (j / 500);	/* and south */
		step = (int32_t) ((seed >> 50) % 3) + j / 4000;		/* and later */
		w = (j % 7 == 0) ? -1.0 : 0.25 * (double) (j % 5);	/* zero and negative weights too */
		grid_map_add(&d, col, row, step, w);
		grid_map_add(&small, col, row, step, w);
		grid_map_add(&h, col, row, step, w);
	}
	CHECK(!grid_map_is_dense(&small));	/* went past 5000 cells: now the hash */
	CHECK_EQ_INT(d.n, h.n);
	CHECK_EQ_INT(small.n, h.n);
	pd = packed(&d);
	ph = packed(&h);
	ps = packed(&small);
	CHECK(same_bins(pd, ph, h.n));
	{
		/* the hash's radix sort against qsort of its bins */
		GridBin    *pq = calloc(h.n + 1, sizeof(GridBin));

		grid_map_copy(&h, pq);
		qsort(pq, h.n, sizeof(GridBin), grid_bin_cmp);
		CHECK(same_bins(pq, ph, h.n));
		free(pq);
	}
	CHECK(same_bins(ps, ph, h.n));
	free(pd);
	free(ph);
	free(ps);
	grid_map_free(&d);
	grid_map_free(&small);
	grid_map_free(&h);
	CHECK(d.dw == NULL && d.slots == NULL && d.n == 0);

	/*
	 * a compact grid stays dense; the same sums as the hash, also through the hot path
	 * (grid_map_add_batched: adds pending, applied in batches of GRID_PENDING_MAX once the
	 * window passes 1 MB: 400 x 400 cells); then a hash as big, batched too
	 */
	grid_map_init_dense(&d, 1 << 20, test_alloc, test_free, NULL);
	grid_map_init_dense(&win, 1 << 20, test_alloc, test_free, NULL);
	grid_map_init(&h, 1, test_alloc, test_free, NULL);
	for (j = 0; j < 50000; j++)
	{
		int32_t		col, row;
		double		w = (j % 11 == 0) ? -0.3 : 0.1;

		seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		col = (int32_t) ((seed >> 33) % 400);
		row = (int32_t) ((seed >> 45) % 400);
		grid_map_add(&d, col, row, 7, w);
		grid_map_add(&h, col, row, 7, w);
		if (grid_map_add_batched(&win, col, row, 7, w))
			inwin++;
		else
			grid_map_add(&win, col, row, 7, w);
	}
	CHECK(grid_map_is_dense(&d));
	CHECK_EQ_INT(d.n, h.n);
	CHECK(inwin > 40000);		/* all but the first rows, before the window was big */
	CHECK(win.npend > 0 && win.npend < GRID_PENDING_MAX);
	CHECK_EQ_INT(grid_map_count(&win), h.n);
	CHECK_EQ_INT(win.npend, 0);
	pd = packed(&d);
	ph = packed(&h);
	pw = packed(&win);
	CHECK(same_bins(pd, ph, h.n));
	CHECK(same_bins(pw, ph, h.n));
	/* a pending add to a bin there is, then an add outside the window: applied first, in order */
	CHECK(grid_map_add_batched(&win, ph[0].col, ph[0].row, 7, 1.0));
	CHECK(!grid_map_add_batched(&win, ph[0].col, ph[0].row, 8, 1.0));	/* another step: not in the window */
	CHECK(grid_map_add(&win, 5000, 5000, 7, 2.0));
	CHECK_EQ_INT(win.npend, 0);
	CHECK_EQ_INT(grid_map_count(&win), h.n + 1);
	free(pd);
	free(ph);
	free(pw);
	grid_map_free(&d);
	grid_map_free(&h);
	grid_map_free(&win);
	CHECK(win.pend == NULL && win.npend == 0);

	/* a hash past 1 MB of slots batches its adds too: the same bins, bit for bit */
	grid_map_init(&h, 1, test_alloc, test_free, NULL);
	grid_map_init(&hb, 1, test_alloc, test_free, NULL);
	for (j = 0; j < 200000; j++)
	{
		int32_t		col, row;
		double		w = (j % 3 == 0) ? 0.5 : 1.0;

		seed = seed * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
		col = (int32_t) ((seed >> 33) % 100000);
		row = (int32_t) ((seed >> 45) % 3);
		grid_map_add(&h, col, row, 0, w);
		if (grid_map_add_batched(&hb, col, row, 0, w))
			inhash++;
		else
			grid_map_add(&hb, col, row, 0, w);
	}
	CHECK(!grid_map_is_dense(&hb));
	CHECK(inhash > 100000);
	CHECK_EQ_INT(grid_map_count(&hb), h.n);
	ph = packed(&h);
	phb = packed(&hb);
	CHECK(same_bins(phb, ph, h.n));
	free(ph);
	free(phb);
	grid_map_free(&h);
	grid_map_free(&hb);

	/* two far points: the hash; filling the row between them: dense again as the hash grows */
	grid_map_init_dense(&d, 1 << 20, test_alloc, test_free, NULL);
	grid_map_add(&d, 0, 0, 0, 1.0);
	grid_map_add(&d, 200, 0, 0, 1.0);
	CHECK(!grid_map_is_dense(&d));
	for (j = 1; j < 200; j++)
		grid_map_add(&d, j, 0, 0, 1.0);
	CHECK(grid_map_is_dense(&d));
	CHECK_EQ_INT(d.n, 201);
	grid_map_add(&d, 200, 0, 0, 1.0);
	CHECK_EQ_INT(d.n, 201);
	pd = packed(&d);
	CHECK(pd[0].col == 0 && pd[0].w == 1.0 && pd[7].col == 7 && pd[200].col == 200 &&
		  pd[200].w == 2.0);
	free(pd);
	grid_map_free(&d);

	/* a bin whose weights sum to 0 is still a bin; copy of a dense map comes out sorted */
	grid_map_init_dense(&d, 1 << 20, test_alloc, test_free, NULL);
	grid_map_add(&d, 3, 1, 0, 1.0);
	grid_map_add(&d, 3, 1, 0, -1.0);
	grid_map_add(&d, -4, 1, 0, 2.0);
	grid_map_add(&d, 0, -6, 1, 5.0);
	CHECK(grid_map_is_dense(&d));
	CHECK_EQ_INT(d.n, 3);
	grid_map_copy(&d, out);
	CHECK(out[0].step == 0 && out[0].row == 1 && out[0].col == -4 && out[0].w == 2.0);
	CHECK(out[1].step == 0 && out[1].row == 1 && out[1].col == 3 && out[1].w == 0.0);
	CHECK(out[2].step == 1 && out[2].row == -6 && out[2].col == 0 && out[2].w == 5.0);
	grid_map_free(&d);

	/* beyond GRID_DENSE_FREE cells a window needs a bin per GRID_DENSE_SPARSITY cells */
	grid_map_init_dense(&d, UINT64_C(1) << 30, test_alloc, test_free, NULL);
	grid_map_add(&d, 0, 0, 0, 1.0);
	grid_map_add(&d, 5000, 5000, 0, 1.0);	/* 25M cells for 2 bins: the hash */
	CHECK(!grid_map_is_dense(&d));
	CHECK_EQ_INT(d.n, 2);
	grid_map_free(&d);

	/* extreme indices: the window is clamped to 32 bits and the hash takes over when needed */
	grid_map_init_dense(&d, 1 << 20, test_alloc, test_free, NULL);
	grid_map_add(&d, INT32_MAX, INT32_MIN, INT32_MAX, 1.0);
	grid_map_add(&d, INT32_MAX - 1, INT32_MIN + 1, INT32_MAX, 1.0);
	CHECK(grid_map_is_dense(&d));
	grid_map_add(&d, INT32_MIN, INT32_MAX, INT32_MIN, 3.0);
	CHECK(!grid_map_is_dense(&d));
	CHECK_EQ_INT(d.n, 3);
	grid_map_pack(&d, out);
	CHECK(out[0].step == INT32_MIN && out[0].col == INT32_MIN && out[0].w == 3.0);
	CHECK(out[1].step == INT32_MAX && out[1].row == INT32_MIN && out[1].col == INT32_MAX);
	grid_map_free(&d);

}

/* grid_map_walk into an array */
typedef struct Walked
{
	GridBin		b[16];
	int			n;
} Walked;

static void
walked(const GridBin *b, void *arg)
{
	Walked	   *w = arg;

	if (w->n < 16)
		w->b[w->n] = *b;
	w->n++;
}

/* grid_map_cover and grid_map_walk, worked by hand */
static void
suite_grid_cover(void)
{
	GridMap		m, h;
	Walked		w = {{{0}}, 0};

	/*
	 * an empty dense map covers a 400 x 400 x 2 extent for 10 000 bins (320 000 cells, 32 a bin;
	 * 2.5 MB, so adds are batched)
	 */
	grid_map_init_dense(&m, 1 << 20, test_alloc, test_free, NULL);
	CHECK(!grid_map_cover(&m, 0, 399, 0, 399, 3, 4, 9000));	/* 35 cells a bin: too sparse */
	CHECK(grid_map_cover(&m, 0, 399, 0, 399, 3, 4, 10000));
	CHECK(grid_map_is_dense(&m) && m.dnc == 400 && m.dnr == 400 && m.dns == 2 && m.ds0 == 3);
	/* adds inside it take the hot path */
	CHECK(grid_map_add_batched(&m, 9, 9, 4, 2.0));
	CHECK(grid_map_add_batched(&m, 0, 0, 3, 1.0));
	CHECK(grid_map_add_batched(&m, 5, 0, 3, 0.5));
	CHECK(grid_map_add_batched(&m, 5, 0, 3, 0.25));
	/* stretching keeps the cells; covering what is covered changes nothing */
	CHECK(grid_map_cover(&m, -5, 4, 0, 0, 3, 3, 10200));
	CHECK(m.dc0 == -5 && m.dnc == 405 && m.dnr == 400 && m.dns == 2);
	CHECK(grid_map_cover(&m, 0, 1, 0, 1, 3, 3, 3));
	CHECK(m.dc0 == -5 && m.dnc == 405);
	/* a window too sparse for its bins: 4M cells for 10 000 bins is refused, nothing changed */
	CHECK(!grid_map_cover(&m, 0, 1999, 0, 1999, 3, 3, 10200));
	CHECK(m.dnc == 405 && grid_map_count(&m) == 3);
	/* walked in step, row, column order */
	grid_map_walk(&m, walked, &w);
	CHECK_EQ_INT(w.n, 3);
	CHECK(w.b[0].col == 0 && w.b[0].row == 0 && w.b[0].step == 3 && w.b[0].w == 1.0);
	CHECK(w.b[1].col == 5 && w.b[1].step == 3 && w.b[1].w == 0.75);
	CHECK(w.b[2].col == 9 && w.b[2].row == 9 && w.b[2].step == 4 && w.b[2].w == 2.0);
	/* a row of the window, pending adds applied: NaN where there is no bin */
	CHECK(grid_map_add_batched(&m, 1, 0, 3, 4.0));
	{
		const double *row = grid_map_window_row(&m, 0, 6, 0, 3);

		CHECK(row != NULL && row[0] == 1.0 && row[1] == 4.0 && isnan(row[2]) && row[5] == 0.75);
		CHECK(grid_map_window_row(&m, -5, 405, 399, 4) != NULL);	/* the window's last row, whole */
		CHECK(grid_map_window_row(&m, -6, 2, 0, 3) == NULL);	/* starts left of the window */
		CHECK(grid_map_window_row(&m, 398, 3, 0, 3) == NULL);	/* runs past its right edge */
		CHECK(grid_map_window_row(&m, 0, 1, 0, 5) == NULL);	/* a step it does not have */
	}
	grid_map_free(&m);

	/* a hash is not covered; its walk is sorted too */
	grid_map_init(&h, 1, test_alloc, test_free, NULL);
	grid_map_add(&h, 7, 1, 2, 1.0);
	grid_map_add(&h, -3, 8, 0, 4.0);
	grid_map_add(&h, 2, 1, 2, 3.0);
	CHECK(!grid_map_cover(&h, 0, 9, 0, 9, 0, 2, 1000));
	w.n = 0;
	grid_map_walk(&h, walked, &w);
	CHECK_EQ_INT(w.n, 3);
	CHECK(w.b[0].col == -3 && w.b[0].step == 0);
	CHECK(w.b[1].col == 2 && w.b[1].row == 1 && w.b[1].step == 2);
	CHECK(w.b[2].col == 7);
	CHECK(grid_map_window_row(&h, 0, 3, 1, 2) == NULL);	/* a hash has no window */
	grid_map_free(&h);
}

void
suite_grid(void)
{
	int32_t		i = 7, col, row, k = 0;
	GridMap		m;
	GridBin		out[4];
	int			j;

	suite_grid_cover();
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
	grid_map_free(&m);

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
	grid_map_free(&m);

	/* ---- the dense window (perf branch) */
	suite_grid_dense();
}
