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

#include <math.h>
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

/* an add not yet applied: to a window cell (i), or to a hash bin (col, row, step; i its slot) */
typedef struct GridPending
{
	uint64_t	i;
	int32_t		col, row, step;
	double		w;
} GridPending;

#define GRID_PENDING_MAX	4096

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
	double	   *dw;				/* window weights (NaN: no bin), NULL when not dense */
	/*
	 * Adds waiting to be applied (grid_map_add_batched): rows arrive in no order, so each add
	 * to a big window or hash is a cache miss; applied in batches with the addresses of later
	 * adds prefetched, many misses overlap.  Every function that reads or changes the map
	 * applies them first; grid_map_count gives n with them applied.
	 */
	GridPending *pend;
	uint32_t	npend;
	int32_t		dc0, dr0, ds0;	/* the window's first column, row, step */
	uint32_t	dnc, dnr, dns;	/* its columns, rows, steps (0 = no window yet) */
	uint64_t	dense_max;		/* most cells of a window; 0 = never dense */
	int32_t		kc0, kc1, kr0, kr1, ks0, ks1;	/* extent of the hash's bins (n > 0) */
} GridMap;

/*
 * A window may always have GRID_DENSE_FREE cells (32 kB), beyond that at most
 * GRID_DENSE_SPARSITY cells per bin (8 bytes a cell against the hash's 48-96 bytes a bin), so a
 * dense map never takes much more memory than the hash would.
 */
#define GRID_DENSE_FREE		UINT64_C(4096)
#define GRID_DENSE_SPARSITY	32

/*
 * An empty cell of a window holds NaN, so that a row reads and writes one array (one cache
 * miss, where a separate "used" array cost a second).  Weights are finite, and sums of finite
 * numbers are finite or infinite, never NaN, so a bin is never taken for an empty cell.
 */
#define GRID_WINDOW_EMPTY_VALUE	NAN
#define GRID_WINDOW_EMPTY(w)	isnan(w)

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
/* applies the pending adds of a map */
extern void grid_map_flush(GridMap *m);

/*
 * The hot path of grid_map_add: adds w (finite) as a pending add when the map is dense and
 * (col, row, step) lies in its window, or when it is a hash far from GRID_MAX_BINS; false
 * (nothing done) otherwise, when the caller goes on to grid_map_add.  A window never has more
 * than GRID_MAX_BINS cells (dense_max), and a hash takes pending adds only while every one of
 * them could be a new bin, so applying them never exceeds that limit.
 */
static inline bool
grid_map_add_batched(GridMap *m, int32_t col, int32_t row, int32_t step, double w)
{
	GridPending *p;

	if (m->pend == NULL)
		return false;
	if (m->slots != NULL)
	{
		if (m->n >= GRID_MAX_BINS - GRID_PENDING_MAX)
			return false;
		if (m->npend == GRID_PENDING_MAX)
			grid_map_flush(m);
		if (m->slots == NULL)
			return false;		/* the flush made it dense: the caller adds it */
		p = &m->pend[m->npend++];
		p->col = col;
		p->row = row;
		p->step = step;
		p->w = w;
		return true;
	}
	else
	{
		uint64_t	c = (uint64_t) ((int64_t) col - m->dc0);
		uint64_t	r = (uint64_t) ((int64_t) row - m->dr0);
		uint64_t	s = (uint64_t) ((int64_t) step - m->ds0);

		if (c >= m->dnc || r >= m->dnr || s >= m->dns)
			return false;
		if (m->npend == GRID_PENDING_MAX)
			grid_map_flush(m);
		p = &m->pend[m->npend++];
		p->i = (s * m->dnr + r) * m->dnc + c;
		p->w = w;
		return true;
	}
}

/* the bins of a map, its pending adds applied */
static inline uint32_t
grid_map_count(GridMap *m)
{
	if (m->npend > 0)
		grid_map_flush(m);
	return m->n;
}

/* adds w (finite) to bin (col, row, step); false if the map would exceed GRID_MAX_BINS */
extern bool grid_map_add(GridMap *m, int32_t col, int32_t row, int32_t step, double w);
/* copies the bins, sorted by step, row, column, into out[m->n] */
extern void grid_map_pack(GridMap *m, GridBin *out);
/* copies the bins in slot order (unsorted; sorted when dense) into out[grid_map_count(m)] */
extern void grid_map_copy(GridMap *m, GridBin *out);
extern int	grid_bin_cmp(const void *a, const void *b);

/*
 * Makes the window take in the extent (c0..c1, r0..r1, s0..s1) at once, with the cells it
 * already has, when that fits the limits for a map of nbins bins; false (nothing changed) when
 * it does not or the map is a hash.  For adding a known set of bins without growing the window
 * step by step.
 */
extern bool grid_map_cover(GridMap *m, int32_t c0, int32_t c1, int32_t r0, int32_t r1,
						   int32_t s0, int32_t s1, uint64_t nbins);

/* calls fn for each bin of the map in step, row, column order (pending adds applied first) */
typedef void (*grid_walk_fn) (const GridBin *b, void *arg);
extern void grid_map_walk(GridMap *m, grid_walk_fn fn, void *arg);
/*
 * The weights of the window's cells (col0 .. col0 + ncols - 1, row, step), NaN where there is
 * no bin, pending adds applied; NULL when the map is not dense or those cells are not all in
 * its window.  For reading a dense map row by row without a call per bin.
 */
extern const double *grid_map_window_row(GridMap *m, int32_t col0, uint32_t ncols, int32_t row,
										 int32_t step);

#endif
