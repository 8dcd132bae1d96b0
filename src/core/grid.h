/*
 * grid.h — the space-time grid of est's cube, in pure C (no PostgreSQL headers).
 *
 * A cell is a square of side `cell` in a projected coordinate system; cell edges lie at
 * multiples of the cell size, so column = floor(x / cell) and row = floor(y / cell), both
 * 32-bit.  A cell's stable identifier is
 *     cell_id = row * 2^32 + (column + 2^31)
 * (the same cell gets the same id in every query with the same cell size).  A time step is
 * floor((t - origin) / step) for instants in microseconds.
 *
 * GridMap sums weights per (column, row, step): in a dense window while the bins are compact
 * (grid_map_init_dense), else in a sparse open-addressing hash.  Its memory comes from
 * caller-supplied allocation functions (palloc in a memory context in the server).
 */
#ifndef EST_CORE_GRID_H
#define EST_CORE_GRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct GridBin
{
	int32_t		col;
	int32_t		row;
	int32_t		step;
	int32_t		used;			/* 1 in a hash slot that holds a bin; 1 in a packed array */
	double		w;				/* summed weight */
} GridBin;

typedef void *(*grid_alloc_fn) (size_t size, void *ctx);	/* zeroed memory or no return */
typedef void (*grid_free_fn) (void *ptr, void *ctx);

typedef struct GridMap
{
	GridBin    *slots;			/* the hash (NULL while the map is dense) */
	uint32_t	cap;			/* power of two */
	uint32_t	n;				/* bins in use */
	grid_alloc_fn alloc;
	grid_free_fn dealloc;
	void	   *ctx;
	/*
	 * Dense window (grid_map_init_dense): while every bin falls in a window of at most
	 * dense_max cells, weights are summed in an array indexed by (step, row, column) instead of
	 * the hash; a bin outside that cannot be taken in moves every bin to the hash for good.
	 */
	double	   *dw;				/* window weights, NULL when not dense */
	unsigned char *du;			/* 1 where a bin has been added */
	int32_t		dc0, dr0, ds0;	/* the window's first column, row, step */
	uint32_t	dnc, dnr, dns;	/* its columns, rows, steps (0 = no window yet) */
	uint64_t	dense_max;		/* most cells of a window; 0 = never dense */
	int32_t		kc0, kc1, kr0, kr1, ks0, ks1;	/* extent of the hash's bins (n > 0) */
} GridMap;

/*
 * A window may always have GRID_DENSE_FREE cells (36 kB), beyond that at most
 * GRID_DENSE_SPARSITY cells per bin (9 bytes a cell against the hash's 48-96 bytes a bin), so a
 * dense map never takes much more memory than the hash would.
 */
#define GRID_DENSE_FREE		UINT64_C(4096)
#define GRID_DENSE_SPARSITY	8

/* most bins a map holds (keeps the slot array under 1 GB at load 1/2) */
#define GRID_MAX_BINS	(UINT32_C(1) << 24)

/* column or row of a coordinate; false if not finite or outside the 32-bit range */
extern bool grid_index(double coord, double cell, int32_t *index);
extern double grid_centre(int32_t index, double cell);
extern int64_t grid_cell_id(int32_t col, int32_t row);
extern void grid_cell_decode(int64_t cell_id, int32_t *col, int32_t *row);

/* floor((t - origin) / step) as a 32-bit step; false if out of range (step > 0) */
extern bool grid_step_index(int64_t t, int64_t origin, int64_t step, int32_t *index);

/*
 * Aoristic share of a window [lo, hi) in step k: the length of its overlap with
 * [origin + k*step, origin + (k+1)*step) divided by hi - lo (hi > lo).
 */
extern double grid_aoristic_share(int64_t lo, int64_t hi, int64_t origin, int64_t step,
								  int32_t k);

/* cells of an extent (inclusive index ranges), as a double to avoid overflow */
extern double grid_extent_cells(int32_t cmin, int32_t cmax, int32_t rmin, int32_t rmax,
								int32_t smin, int32_t smax);

extern void grid_map_init(GridMap *m, uint32_t cap, grid_alloc_fn alloc, grid_free_fn dealloc,
						  void *ctx);
/*
 * A map that may be dense: bins are summed in a window grown around the points (with margins)
 * while it has at most max_cells cells and, beyond GRID_DENSE_FREE cells, at most
 * GRID_DENSE_SPARSITY cells per bin; otherwise they go to the hash, which turns dense again
 * when, as it grows, its bins' extent meets those limits.  Results are the same either way (the
 * same sums in the same order).
 */
extern void grid_map_init_dense(GridMap *m, uint64_t max_cells, grid_alloc_fn alloc,
								grid_free_fn dealloc, void *ctx);
extern bool grid_map_is_dense(const GridMap *m);
/* frees the map's arrays */
extern void grid_map_free(GridMap *m);
/*
 * The hot path of grid_map_add: adds w when the map is dense and (col, row, step) lies in its
 * window; false (nothing done) otherwise, when the caller goes on to grid_map_add.
 */
static inline bool
grid_map_add_in_window(GridMap *m, int32_t col, int32_t row, int32_t step, double w)
{
	uint64_t	c = (uint64_t) ((int64_t) col - m->dc0);
	uint64_t	r = (uint64_t) ((int64_t) row - m->dr0);
	uint64_t	s = (uint64_t) ((int64_t) step - m->ds0);
	uint64_t	i;

	if (m->slots != NULL || c >= m->dnc || r >= m->dnr || s >= m->dns)
		return false;
	i = (s * m->dnr + r) * m->dnc + c;
	if (!m->du[i])
	{
		if (m->n >= GRID_MAX_BINS)
			return false;
		m->du[i] = 1;
		m->n++;
	}
	m->dw[i] += w;
	return true;
}

/* adds w to bin (col, row, step); false if the map would exceed GRID_MAX_BINS */
extern bool grid_map_add(GridMap *m, int32_t col, int32_t row, int32_t step, double w);
/* copies the bins, sorted by step, row, column, into out[m->n] */
extern void grid_map_pack(const GridMap *m, GridBin *out);
/* copies the bins in slot order (unsorted; sorted when dense) into out[m->n] */
extern void grid_map_copy(const GridMap *m, GridBin *out);
extern int	grid_bin_cmp(const void *a, const void *b);

/*
 * Merges two arrays of bins sorted by step, row, column (each key at most once) into out
 * (room for na + nb), summing the weights of keys in both (a's weight + b's); returns the
 * number of bins written.
 */
extern uint32_t grid_bins_merge(const GridBin *a, uint32_t na, const GridBin *b, uint32_t nb,
								GridBin *out);

#endif
