/*
 * grid.c — cell and step indices, cell ids, aoristic shares and the sparse bin map
 * of est's space-time cube (see grid.h).
 */
#include "core/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool
grid_index(double coord, double cell, int32_t *index)
{
	double		f;

	if (!isfinite(coord) || !(cell > 0) || !isfinite(cell))
		return false;
	f = floor(coord / cell);
	if (!(f >= (double) INT32_MIN && f <= (double) INT32_MAX))
		return false;
	*index = (int32_t) f;
	return true;
}

double
grid_centre(int32_t index, double cell)
{
	return ((double) index + 0.5) * cell;
}

int64_t
grid_cell_id(int32_t col, int32_t row)
{
	return (int64_t) row * INT64_C(4294967296) + ((int64_t) col + INT64_C(2147483648));
}

void
grid_cell_decode(int64_t cell_id, int32_t *col, int32_t *row)
{
	int64_t		low = cell_id & INT64_C(0xFFFFFFFF);

	*row = (int32_t) ((cell_id - low) / INT64_C(4294967296));
	*col = (int32_t) (low - INT64_C(2147483648));
}

bool
grid_step_index(int64_t t, int64_t origin, int64_t step, int32_t *index)
{
	int64_t		d;
	int64_t		q;

	if (step <= 0)
		return false;
	if ((origin < 0 && t > INT64_MAX + origin) || (origin > 0 && t < INT64_MIN + origin))
		return false;
	d = t - origin;
	q = d / step;
	if (d % step != 0 && d < 0)
		q--;
	if (q < INT32_MIN || q > INT32_MAX)
		return false;
	*index = (int32_t) q;
	return true;
}

double
grid_aoristic_share(int64_t lo, int64_t hi, int64_t origin, int64_t step, int32_t k)
{
	/* in long double: origin + k*step may exceed int64 only far outside any real data */
	long double s = (long double) origin + (long double) k * (long double) step;
	long double e = s + (long double) step;
	long double a = (long double) lo > s ? (long double) lo : s;
	long double b = (long double) hi < e ? (long double) hi : e;

	if (b <= a)
		return 0.0;
	return (double) ((b - a) / ((long double) hi - (long double) lo));
}

double
grid_extent_cells(int32_t cmin, int32_t cmax, int32_t rmin, int32_t rmax,
				  int32_t smin, int32_t smax)
{
	return ((double) cmax - cmin + 1) * ((double) rmax - rmin + 1) * ((double) smax - smin + 1);
}

/* ---------------------------------------------------------------- the bin map */

static uint32_t
bin_hash(int32_t col, int32_t row, int32_t step)
{
	uint64_t	h = (uint64_t) (uint32_t) col * UINT64_C(0x9E3779B97F4A7C15);

	h ^= (uint64_t) (uint32_t) row * UINT64_C(0xC2B2AE3D27D4EB4F);
	h ^= (uint64_t) (uint32_t) step * UINT64_C(0x165667B19E3779F9);
	h ^= h >> 29;
	h *= UINT64_C(0xBF58476D1CE4E5B9);
	h ^= h >> 32;
	return (uint32_t) h;
}

void
grid_map_init(GridMap *m, uint32_t cap, grid_alloc_fn alloc, grid_free_fn dealloc, void *ctx)
{
	uint32_t	c = 64;

	while (c < cap && c < (GRID_MAX_BINS << 1))
		c <<= 1;
	m->alloc = alloc;
	m->dealloc = dealloc;
	m->ctx = ctx;
	m->cap = c;
	m->n = 0;
	m->slots = alloc(sizeof(GridBin) * c, ctx);
}

static GridBin *
slot_for(GridBin *slots, uint32_t cap, int32_t col, int32_t row, int32_t step)
{
	uint32_t	i = bin_hash(col, row, step) & (cap - 1);

	for (;;)
	{
		GridBin    *b = &slots[i];

		if (!b->used || (b->col == col && b->row == row && b->step == step))
			return b;
		i = (i + 1) & (cap - 1);
	}
}

static void
grow(GridMap *m)
{
	uint32_t	newcap = m->cap << 1;
	GridBin    *ns = m->alloc(sizeof(GridBin) * newcap, m->ctx);
	uint32_t	i;

	for (i = 0; i < m->cap; i++)
	{
		GridBin    *b = &m->slots[i];

		if (b->used)
			*slot_for(ns, newcap, b->col, b->row, b->step) = *b;
	}
	if (m->dealloc)
		m->dealloc(m->slots, m->ctx);
	m->slots = ns;
	m->cap = newcap;
}

bool
grid_map_add(GridMap *m, int32_t col, int32_t row, int32_t step, double w)
{
	GridBin    *b = slot_for(m->slots, m->cap, col, row, step);

	if (!b->used)
	{
		if (m->n >= GRID_MAX_BINS)
			return false;
		if ((m->n + 1) * 2 > m->cap)
		{
			grow(m);
			b = slot_for(m->slots, m->cap, col, row, step);
		}
		b->used = 1;
		b->col = col;
		b->row = row;
		b->step = step;
		b->w = 0.0;
		m->n++;
	}
	b->w += w;
	return true;
}

int
grid_bin_cmp(const void *a, const void *b)
{
	const GridBin *x = a;
	const GridBin *y = b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

void
grid_map_copy(const GridMap *m, GridBin *out)
{
	uint32_t	i;
	uint32_t	k = 0;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].used)
			out[k++] = m->slots[i];
}

void
grid_map_pack(const GridMap *m, GridBin *out)
{
	grid_map_copy(m, out);
	qsort(out, m->n, sizeof(GridBin), grid_bin_cmp);
}
