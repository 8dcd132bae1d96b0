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
	m->dw = NULL;
	m->pend = NULL;
	m->npend = 0;
	m->dnc = m->dnr = m->dns = 0;
	m->dense_max = 0;
}

void
grid_map_init_dense(GridMap *m, uint64_t max_cells, grid_alloc_fn alloc, grid_free_fn dealloc,
					void *ctx)
{
	memset(m, 0, sizeof(GridMap));
	m->alloc = alloc;
	m->dealloc = dealloc;
	m->ctx = ctx;
	/* a window's cells are bins at most: it never holds more than GRID_MAX_BINS */
	m->dense_max = max_cells < GRID_MAX_BINS ? max_cells : GRID_MAX_BINS;
	if (max_cells == 0)
		grid_map_init(m, 64, alloc, dealloc, ctx);
}

bool
grid_map_is_dense(const GridMap *m)
{
	return m->slots == NULL;
}

void
grid_map_free(GridMap *m)
{
	if (m->dealloc)
	{
		if (m->slots)
			m->dealloc(m->slots, m->ctx);
		if (m->dw)
			m->dealloc(m->dw, m->ctx);
		if (m->pend)
			m->dealloc(m->pend, m->ctx);
	}
	m->slots = NULL;
	m->dw = NULL;
	m->pend = NULL;
	m->npend = 0;
	m->cap = m->n = 0;
	m->dnc = m->dnr = m->dns = 0;
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

static void ensure_pend(GridMap *m, uint64_t bytes);

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
	ensure_pend(m, sizeof(GridBin) * (uint64_t) newcap);
}

static inline int64_t
Min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static inline int64_t
Max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* ---------------------------------------------------------------- the dense window */

/*
 * The buffer of pending adds, made once the window or hash outgrows the caches (bytes of
 * weights or slots): a small map is in cache anyway, and many small maps (one per group of a
 * GROUP BY) should not each carry a buffer.
 */
#define GRID_BATCH_MIN_BYTES	((uint64_t) 1 << 20)

static void
ensure_pend(GridMap *m, uint64_t bytes)
{
	if (m->pend == NULL && m->alloc != NULL && bytes >= GRID_BATCH_MIN_BYTES)
		m->pend = m->alloc(sizeof(GridPending) * GRID_PENDING_MAX, m->ctx);
}

/* marks every cell of a new window empty */
static void
window_clear(double *w, uint64_t cells)
{
	uint64_t	i;

	for (i = 0; i < cells; i++)
		w[i] = GRID_WINDOW_EMPTY_VALUE;
}

/*
 * Applies the pending adds in their order (so every bin's sum is the same as added one by
 * one), prefetching the cell or slot of the add GRID_PREFETCH ahead.
 */
#define GRID_PREFETCH 16

static void
window_flush(GridMap *m)
{
	const GridPending *p = m->pend;
	double	   *dw = m->dw;
	uint32_t	np = m->npend;
	uint32_t	j;
	uint32_t	added = 0;

	for (j = 0; j < np; j++)
	{
		double	   *d;

#if defined(__GNUC__)
		if (j + GRID_PREFETCH < np)
			__builtin_prefetch(&dw[p[j + GRID_PREFETCH].i], 1, 0);
#endif
		d = &dw[p[j].i];
		if (GRID_WINDOW_EMPTY(*d))
		{
			*d = 0.0;
			added++;
		}
		*d += p[j].w;
	}
	m->n += added;
	m->npend = 0;
}

/* may a window have this many cells, for a map of n bins? */
static bool
dense_fits(const GridMap *m, double cells, uint32_t n)
{
	if (cells > (double) m->dense_max)
		return false;
	return cells <= (double) GRID_DENSE_FREE ||
		cells <= (double) GRID_DENSE_SPARSITY * ((double) n + 1);
}

/* index of a bin in the window, or -1 outside */
static inline int64_t
dense_index(const GridMap *m, int32_t col, int32_t row, int32_t step)
{
	uint64_t	c = (uint64_t) ((int64_t) col - m->dc0);
	uint64_t	r = (uint64_t) ((int64_t) row - m->dr0);
	uint64_t	s = (uint64_t) ((int64_t) step - m->ds0);

	if (c >= m->dnc || r >= m->dnr || s >= m->dns)
		return -1;
	return (int64_t) ((s * m->dnr + r) * m->dnc + c);
}

/* one dimension of a grown window: [lo, hi] covering the old range and v, with a margin */
static void
dense_range(int64_t lo0, int64_t n0, int64_t v, int64_t margin_min, bool margin,
			int64_t *lo, int64_t *n)
{
	int64_t		a = n0 > 0 ? (v < lo0 ? v : lo0) : v;
	int64_t		b = n0 > 0 ? (v > lo0 + n0 - 1 ? v : lo0 + n0 - 1) : v;

	if (margin && (n0 == 0 || v < lo0 || v > lo0 + n0 - 1))
	{
		int64_t		g = (b - a + 1) / 2;

		if (g < margin_min)
			g = margin_min;
		if (n0 == 0 || v < lo0)
			a -= g;
		if (n0 == 0 || v > lo0 + n0 - 1)
			b += g;
		/* stay inside the 32-bit indices */
		if (a < INT32_MIN)
			a = INT32_MIN;
		if (b > INT32_MAX)
			b = INT32_MAX;
	}
	*lo = a;
	*n = b - a + 1;
}

/* a new window (c0, nc, r0, nr, s0, ns), which contains the old one, with the old one's cells */
static void
window_move(GridMap *m, int64_t c0, int64_t nc, int64_t r0, int64_t nr, int64_t s0, int64_t ns)
{
	uint64_t	cells = (uint64_t) nc * (uint64_t) nr * (uint64_t) ns;
	double	   *nw = m->alloc(sizeof(double) * (size_t) cells, m->ctx);
	int64_t		s, r;

	ensure_pend(m, sizeof(double) * cells);
	window_clear(nw, cells);
	/* copy the old window row by row */
	for (s = 0; s < m->dns; s++)
		for (r = 0; r < m->dnr; r++)
		{
			size_t		from = (size_t) ((s * m->dnr + r) * m->dnc);
			size_t		to = (size_t) (((s + m->ds0 - s0) * nr + (r + m->dr0 - r0)) * nc +
									   (m->dc0 - c0));

			memcpy(nw + to, m->dw + from, sizeof(double) * m->dnc);
		}
	if (m->dealloc && m->dw)
		m->dealloc(m->dw, m->ctx);
	m->dw = nw;
	m->dc0 = (int32_t) c0;
	m->dr0 = (int32_t) r0;
	m->ds0 = (int32_t) s0;
	m->dnc = (uint32_t) nc;
	m->dnr = (uint32_t) nr;
	m->dns = (uint32_t) ns;
}

/*
 * Grows the window to take in (col, row, step): with margins if that fits, else exactly;
 * false (window unchanged) if neither fits the limits.
 */
static bool
dense_grow(GridMap *m, int32_t col, int32_t row, int32_t step)
{
	int			pass;

	for (pass = 0; pass < 2; pass++)
	{
		bool		margin = pass == 0;
		int64_t		c0, r0, s0, nc, nr, ns;

		dense_range(m->dc0, m->dnc, col, 16, margin, &c0, &nc);
		dense_range(m->dr0, m->dnr, row, 16, margin, &r0, &nr);
		dense_range(m->ds0, m->dns, step, 0, margin, &s0, &ns);
		if (!dense_fits(m, (double) nc * (double) nr * (double) ns, m->n))
			continue;
		window_move(m, c0, nc, r0, nr, s0, ns);
		return true;
	}
	return false;
}

static void sparse_insert(GridMap *m, const GridBin *b);

/* moves the window's bins into a new hash */
static void
dense_to_sparse(GridMap *m)
{
	double	   *dw = m->dw;
	uint64_t	cells = (uint64_t) m->dnc * m->dnr * m->dns;
	uint64_t	i;
	uint32_t	n = m->n;
	uint32_t	c = 64;

	while (c < 2 * (n + 1) && c < (GRID_MAX_BINS << 1))
		c <<= 1;
	m->cap = c;
	m->slots = m->alloc(sizeof(GridBin) * c, m->ctx);
	m->n = 0;
	for (i = 0; i < cells; i++)
		if (!GRID_WINDOW_EMPTY(dw[i]))
		{
			GridBin		b;

			b.col = (int32_t) (m->dc0 + (int64_t) (i % m->dnc));
			b.row = (int32_t) (m->dr0 + (int64_t) ((i / m->dnc) % m->dnr));
			b.step = (int32_t) (m->ds0 + (int64_t) (i / ((uint64_t) m->dnc * m->dnr)));
			b.used = 1;
			b.w = dw[i];
			sparse_insert(m, &b);
		}
	if (m->dealloc)
		m->dealloc(dw, m->ctx);
	m->dw = NULL;
	m->dnc = m->dnr = m->dns = 0;
}

/* widens the extent of the hash's bins to (col, row, step) */
static inline void
note_extent(GridMap *m, int32_t col, int32_t row, int32_t step)
{
	if (m->n == 0)
	{
		m->kc0 = m->kc1 = col;
		m->kr0 = m->kr1 = row;
		m->ks0 = m->ks1 = step;
		return;
	}
	if (col < m->kc0)
		m->kc0 = col;
	if (col > m->kc1)
		m->kc1 = col;
	if (row < m->kr0)
		m->kr0 = row;
	if (row > m->kr1)
		m->kr1 = row;
	if (step < m->ks0)
		m->ks0 = step;
	if (step > m->ks1)
		m->ks1 = step;
}

/*
 * Moves the hash's bins into a window over their extent, when that fits; false (nothing
 * changed) when it does not.
 */
static bool
sparse_to_dense(GridMap *m)
{
	double		cells;
	uint32_t	nc, nr, ns;
	uint32_t	i;

	if (m->dense_max == 0 || m->n == 0)
		return false;
	nc = (uint32_t) ((int64_t) m->kc1 - m->kc0 + 1);
	nr = (uint32_t) ((int64_t) m->kr1 - m->kr0 + 1);
	ns = (uint32_t) ((int64_t) m->ks1 - m->ks0 + 1);
	cells = (double) nc * (double) nr * (double) ns;
	if (!dense_fits(m, cells, m->n))
		return false;
	m->dw = m->alloc(sizeof(double) * (size_t) cells, m->ctx);
	window_clear(m->dw, (uint64_t) cells);
	ensure_pend(m, sizeof(double) * (uint64_t) cells);
	m->dc0 = m->kc0;
	m->dr0 = m->kr0;
	m->ds0 = m->ks0;
	m->dnc = nc;
	m->dnr = nr;
	m->dns = ns;
	for (i = 0; i < m->cap; i++)
	{
		const GridBin *b = &m->slots[i];

		if (b->used)
		{
			int64_t		k = dense_index(m, b->col, b->row, b->step);

			m->dw[k] = b->w;
		}
	}
	if (m->dealloc)
		m->dealloc(m->slots, m->ctx);
	m->slots = NULL;
	m->cap = 0;
	return true;
}

/* the hash's pending adds: room made first, so that no slot moves while they go in */
static void
hash_flush(GridMap *m)
{
	GridPending *p = m->pend;
	uint32_t	np = m->npend;
	uint32_t	before = m->n;
	uint32_t	j;

	while ((uint64_t) (m->n + np + 1) * 2 > m->cap)
		grow(m);
	for (j = 0; j < np; j++)
		p[j].i = bin_hash(p[j].col, p[j].row, p[j].step) & (m->cap - 1);
	for (j = 0; j < np; j++)
	{
		uint32_t	k = (uint32_t) p[j].i;
		GridBin    *b;

#if defined(__GNUC__)
		if (j + GRID_PREFETCH < np)
			__builtin_prefetch(&m->slots[p[j + GRID_PREFETCH].i], 1, 0);
#endif
		for (;;)
		{
			b = &m->slots[k];
			if (!b->used || (b->col == p[j].col && b->row == p[j].row && b->step == p[j].step))
				break;
			k = (k + 1) & (m->cap - 1);
		}
		if (!b->used)
		{
			note_extent(m, p[j].col, p[j].row, p[j].step);
			b->used = 1;
			b->col = p[j].col;
			b->row = p[j].row;
			b->step = p[j].step;
			b->w = 0.0;
			m->n++;
		}
		b->w += p[j].w;
	}
	m->npend = 0;
	/* every 1024 new bins: compact enough for a window by now? */
	if ((m->n >> 10) != (before >> 10))
		(void) sparse_to_dense(m);
}

void
grid_map_flush(GridMap *m)
{
	if (m->npend == 0)
		return;
	if (m->slots != NULL)
		hash_flush(m);
	else
		window_flush(m);
}

/* ---------------------------------------------------------------- adding */

/* a bin known to be new into the hash, which has room */
static void
sparse_insert(GridMap *m, const GridBin *b)
{
	*slot_for(m->slots, m->cap, b->col, b->row, b->step) = *b;
	note_extent(m, b->col, b->row, b->step);
	m->n++;
}

bool
grid_map_add(GridMap *m, int32_t col, int32_t row, int32_t step, double w)
{
	GridBin    *b;

	if (m->npend > 0)
		grid_map_flush(m);
	if (m->slots == NULL)
	{
		int64_t		i = dense_index(m, col, row, step);

		if (i < 0)
		{
			if (dense_grow(m, col, row, step))
				i = dense_index(m, col, row, step);
			else
				dense_to_sparse(m);
		}
		if (i >= 0)
		{
			if (GRID_WINDOW_EMPTY(m->dw[i]))
			{
				if (m->n >= GRID_MAX_BINS)
					return false;
				m->dw[i] = 0.0;
				m->n++;
			}
			m->dw[i] += w;
			return true;
		}
	}
	b = slot_for(m->slots, m->cap, col, row, step);
	if (!b->used)
	{
		if (m->n >= GRID_MAX_BINS)
			return false;
		/*
		 * Every 1024 new bins, and when the hash is full: its bins may be compact enough for
		 * a window by now (a table in clustered order can take most of its rows to get there)
		 */
		if (((m->n & 1023) == 0 || (m->n + 1) * 2 > m->cap) && sparse_to_dense(m))
			return grid_map_add(m, col, row, step, w);
		if ((m->n + 1) * 2 > m->cap)
		{
			grow(m);
			b = slot_for(m->slots, m->cap, col, row, step);
		}
		note_extent(m, col, row, step);
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
grid_map_copy(GridMap *m, GridBin *out)
{
	uint32_t	i;
	uint32_t	k = 0;

	if (m->npend > 0)
		grid_map_flush(m);
	if (m->slots == NULL)
	{
		/* the window in step, row, column order: already sorted */
		uint32_t	s, r, c;
		uint64_t	j = 0;

		for (s = 0; s < m->dns; s++)
			for (r = 0; r < m->dnr; r++)
				for (c = 0; c < m->dnc; c++, j++)
					if (!GRID_WINDOW_EMPTY(m->dw[j]))
					{
						GridBin    *b = &out[k++];

						b->col = (int32_t) (m->dc0 + (int64_t) c);
						b->row = (int32_t) (m->dr0 + (int64_t) r);
						b->step = (int32_t) (m->ds0 + (int64_t) s);
						b->used = 1;
						b->w = m->dw[j];
					}
		return;
	}
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].used)
			out[k++] = m->slots[i];
}

/*
 * Sorts the hash's bins by their index in its extent (step, row, column order): an LSD radix
 * sort of 64-bit words holding the index above the slot number, 11 bits a pass.  false when
 * the extent is too large for that (the caller sorts with qsort).
 */
static bool
radix_pack(const GridMap *m, GridBin *out)
{
	uint64_t	nc = (uint64_t) ((int64_t) m->kc1 - m->kc0 + 1);
	uint64_t	nr = (uint64_t) ((int64_t) m->kr1 - m->kr0 + 1);
	uint64_t	ns = (uint64_t) ((int64_t) m->ks1 - m->ks0 + 1);
	int			slot_bits = 0, key_bits = 0, shift;
	uint64_t   *a, *b, *t;
	uint32_t   *count;
	uint32_t	i, k = 0;

	while ((UINT64_C(1) << slot_bits) < m->cap)
		slot_bits++;
	if ((double) nc * (double) nr * (double) ns >= (double) (UINT64_C(1) << (64 - slot_bits)))
		return false;
	while (key_bits < 64 - slot_bits && (UINT64_C(1) << key_bits) < nc * nr * ns)
		key_bits++;
	a = m->alloc(sizeof(uint64_t) * m->n, m->ctx);
	b = m->alloc(sizeof(uint64_t) * m->n, m->ctx);
	count = m->alloc(sizeof(uint32_t) * 2048, m->ctx);
	for (i = 0; i < m->cap; i++)
	{
		const GridBin *g = &m->slots[i];

		if (g->used)
			a[k++] = ((((uint64_t) ((int64_t) g->step - m->ks0) * nr +
						(uint64_t) ((int64_t) g->row - m->kr0)) * nc +
					   (uint64_t) ((int64_t) g->col - m->kc0)) << slot_bits) | i;
	}
	for (shift = slot_bits; shift < slot_bits + key_bits; shift += 11)
	{
		uint32_t	sum = 0;

		memset(count, 0, sizeof(uint32_t) * 2048);
		for (i = 0; i < m->n; i++)
			count[(a[i] >> shift) & 2047]++;
		for (i = 0; i < 2048; i++)
		{
			uint32_t	c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < m->n; i++)
			b[count[(a[i] >> shift) & 2047]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	for (i = 0; i < m->n; i++)
		out[i] = m->slots[a[i] & ((UINT64_C(1) << slot_bits) - 1)];
	if (m->dealloc)
	{
		m->dealloc(a, m->ctx);
		m->dealloc(b, m->ctx);
		m->dealloc(count, m->ctx);
	}
	return true;
}

void
grid_map_pack(GridMap *m, GridBin *out)
{
	if (m->npend > 0)
		grid_map_flush(m);
	if (m->slots != NULL && m->n > 0 && radix_pack(m, out))
		return;
	grid_map_copy(m, out);
	if (m->slots != NULL)
		qsort(out, m->n, sizeof(GridBin), grid_bin_cmp);
}

bool
grid_map_cover(GridMap *m, int32_t c0, int32_t c1, int32_t r0, int32_t r1, int32_t s0,
			   int32_t s1, uint64_t nbins)
{
	int64_t		a0 = c0, a1 = c1, b0 = r0, b1 = r1, t0 = s0, t1 = s1;
	double		cells;

	if (m->slots != NULL || m->dense_max == 0 || c0 > c1 || r0 > r1 || s0 > s1)
		return false;
	if (m->npend > 0)
		grid_map_flush(m);
	if (m->dnc > 0)
	{
		/* the union with the window there is */
		a0 = Min64(a0, m->dc0);
		a1 = Max64(a1, (int64_t) m->dc0 + m->dnc - 1);
		b0 = Min64(b0, m->dr0);
		b1 = Max64(b1, (int64_t) m->dr0 + m->dnr - 1);
		t0 = Min64(t0, m->ds0);
		t1 = Max64(t1, (int64_t) m->ds0 + m->dns - 1);
		if (a0 == m->dc0 && b0 == m->dr0 && t0 == m->ds0 && a1 - a0 + 1 == m->dnc &&
			b1 - b0 + 1 == m->dnr && t1 - t0 + 1 == m->dns)
			return true;
	}
	cells = (double) (a1 - a0 + 1) * (double) (b1 - b0 + 1) * (double) (t1 - t0 + 1);
	if (!dense_fits(m, cells, (uint32_t) Min64((int64_t) nbins, GRID_MAX_BINS)))
		return false;
	window_move(m, a0, a1 - a0 + 1, b0, b1 - b0 + 1, t0, t1 - t0 + 1);
	return true;
}

const double *
grid_map_window_row(GridMap *m, int32_t col0, uint32_t ncols, int32_t row, int32_t step)
{
	int64_t		i;

	if (m->npend > 0)
		grid_map_flush(m);
	if (m->slots != NULL || m->dw == NULL || ncols == 0)
		return NULL;
	i = dense_index(m, col0, row, step);
	if (i < 0 || (int64_t) col0 + ncols - 1 > (int64_t) m->dc0 + m->dnc - 1)
		return NULL;
	return m->dw + i;
}

void
grid_map_walk(GridMap *m, grid_walk_fn fn, void *arg)
{
	uint64_t	j = 0;
	uint32_t	s, r, c;
	GridBin		b;

	if (m->npend > 0)
		grid_map_flush(m);
	if (m->slots == NULL)
	{
		/* the window in step, row, column order */
		b.used = 1;
		for (s = 0; s < m->dns; s++)
			for (r = 0; r < m->dnr; r++)
				for (c = 0; c < m->dnc; c++, j++)
					if (!GRID_WINDOW_EMPTY(m->dw[j]))
					{
						b.col = (int32_t) (m->dc0 + (int64_t) c);
						b.row = (int32_t) (m->dr0 + (int64_t) r);
						b.step = (int32_t) (m->ds0 + (int64_t) s);
						b.w = m->dw[j];
						fn(&b, arg);
					}
		return;
	}
	if (m->n > 0)
	{
		GridBin    *sorted = m->alloc(sizeof(GridBin) * (size_t) m->n, m->ctx);
		uint32_t	i;

		grid_map_pack(m, sorted);
		for (i = 0; i < m->n; i++)
			fn(&sorted[i], arg);
		if (m->dealloc)
			m->dealloc(sorted, m->ctx);
	}
}
