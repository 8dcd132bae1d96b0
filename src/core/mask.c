/*
 * mask.c — the cells of a grid whose centre a polygonal mask covers (see mask.h).
 */
#include "core/mask.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/grid.h"

/* ================================================================ WKB */

typedef struct WkbReader
{
	const uint8_t *p;
	const uint8_t *end;
} WkbReader;

static bool
rd_u32(WkbReader *r, bool swap, uint32_t *v)
{
	uint8_t		b[4];

	if (r->end - r->p < 4)
		return false;
	memcpy(b, r->p, 4);
	r->p += 4;
	if (swap)
	{
		uint8_t		t = b[0];

		b[0] = b[3];
		b[3] = t;
		t = b[1];
		b[1] = b[2];
		b[2] = t;
	}
	memcpy(v, b, 4);
	return true;
}

static double
rd_f64(const uint8_t *p, bool swap)
{
	uint8_t		b[8];
	double		v;
	int			i;

	if (swap)
		for (i = 0; i < 8; i++)
			b[i] = p[7 - i];
	else
		memcpy(b, p, 8);
	memcpy(&v, b, 8);
	return v;
}

static bool
host_is_little(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *) &one == 1;
}

/* the byte order and the type of the next geometry: base type 1..17, dims 2..4 */
static MaskStatus
rd_header(WkbReader *r, bool *swap, uint32_t *base, int *dims)
{
	uint32_t	t = 0;

	if (r->end - r->p < 5)
		return MASK_TRUNCATED;
	if (r->p[0] > 1)
		return MASK_BAD_BYTE_ORDER;
	*swap = (r->p[0] == 1) != host_is_little();
	r->p++;
	rd_u32(r, *swap, &t);
	*dims = 2;
	if (t & 0x80000000u)		/* EWKB flags */
		(*dims)++;
	if (t & 0x40000000u)
		(*dims)++;
	if (t & 0x20000000u)
	{
		uint32_t	srid;

		if (!rd_u32(r, *swap, &srid))
			return MASK_TRUNCATED;
	}
	t &= 0x0FFFFFFFu;
	if (t >= 3000)
		*dims += 2;				/* ISO ZM */
	else if (t >= 1000)
		(*dims)++;				/* ISO Z or M */
	*base = t % 1000;
	return MASK_OK;
}

typedef struct WkbOut
{
	Mask	   *m;
	int32_t		cap;
	mask_alloc_fn alloc;
	void	   *ctx;
} WkbOut;

static void
add_polygon(WkbOut *o, MaskPolygon *pg)
{
	Mask	   *m = o->m;

	if (m->npolys == o->cap)
	{
		int32_t		ncap = o->cap ? o->cap * 2 : 8;
		MaskPolygon *np = o->alloc(sizeof(MaskPolygon) * (size_t) ncap, o->ctx);

		if (m->npolys > 0)
			memcpy(np, m->polys, sizeof(MaskPolygon) * (size_t) m->npolys);
		m->polys = np;			/* the old array stays in the caller's arena */
		o->cap = ncap;
	}
	if (m->npolys == 0)
	{
		m->xmin = pg->xmin;
		m->ymin = pg->ymin;
		m->xmax = pg->xmax;
		m->ymax = pg->ymax;
	}
	else
	{
		m->xmin = fmin(m->xmin, pg->xmin);
		m->ymin = fmin(m->ymin, pg->ymin);
		m->xmax = fmax(m->xmax, pg->xmax);
		m->ymax = fmax(m->ymax, pg->ymax);
	}
	m->polys[m->npolys++] = *pg;
}

/* a polygon body (after its header) */
static MaskStatus
rd_polygon(WkbReader *r, bool swap, int dims, WkbOut *o)
{
	uint32_t	nrings, i;
	MaskPolygon pg = {0};

	if (!rd_u32(r, swap, &nrings))
		return MASK_TRUNCATED;
	if (nrings == 0)
		return MASK_OK;			/* POLYGON EMPTY */
	if (nrings > (uint32_t) ((r->end - r->p) / 4))
		return MASK_TRUNCATED;
	pg.rings = o->alloc(sizeof(MaskRing) * nrings, o->ctx);
	for (i = 0; i < nrings; i++)
	{
		uint32_t	np, k;
		size_t		stride = 8 * (size_t) dims;
		MaskRing   *ring = &pg.rings[pg.nrings];

		if (!rd_u32(r, swap, &np))
			return MASK_TRUNCATED;
		if ((size_t) (r->end - r->p) / stride < np)
			return MASK_TRUNCATED;
		if (np == 0)
			continue;
		ring->npoints = (int32_t) np;
		ring->xy = o->alloc(sizeof(double) * 2 * np, o->ctx);
		for (k = 0; k < np; k++)
		{
			double		x = rd_f64(r->p, swap);
			double		y = rd_f64(r->p + 8, swap);

			if (!isfinite(x) || !isfinite(y))
				return MASK_NOT_FINITE;
			ring->xy[2 * k] = x;
			ring->xy[2 * k + 1] = y;
			r->p += stride;
			if (pg.nrings == 0 && k == 0)
			{
				pg.xmin = pg.xmax = x;
				pg.ymin = pg.ymax = y;
			}
			else
			{
				pg.xmin = fmin(pg.xmin, x);
				pg.xmax = fmax(pg.xmax, x);
				pg.ymin = fmin(pg.ymin, y);
				pg.ymax = fmax(pg.ymax, y);
			}
		}
		o->m->npoints += np;
		pg.nrings++;
	}
	if (pg.nrings > 0)
		add_polygon(o, &pg);
	return MASK_OK;
}

static MaskStatus
rd_geometry(WkbReader *r, WkbOut *o, int depth, uint32_t *bad_type)
{
	bool		swap;
	uint32_t	base, n, i;
	int			dims;
	MaskStatus	st;

	if (depth > 32)
		return MASK_TOO_DEEP;
	if ((st = rd_header(r, &swap, &base, &dims)) != MASK_OK)
		return st;
	switch (base)
	{
		case 3:				/* Polygon */
			return rd_polygon(r, swap, dims, o);
		case 6:				/* MultiPolygon */
		case 7:				/* GeometryCollection */
			if (!rd_u32(r, swap, &n))
				return MASK_TRUNCATED;
			if (n > (uint32_t) ((r->end - r->p) / 5))
				return MASK_TRUNCATED;
			for (i = 0; i < n; i++)
			{
				if (base == 6)
				{
					bool		s2;
					uint32_t	b2;
					int			d2;

					if ((st = rd_header(r, &s2, &b2, &d2)) != MASK_OK)
						return st;
					if (b2 != 3)
					{
						*bad_type = b2;
						return MASK_NOT_AREAL;
					}
					st = rd_polygon(r, s2, d2, o);
				}
				else
					st = rd_geometry(r, o, depth + 1, bad_type);
				if (st != MASK_OK)
					return st;
			}
			return MASK_OK;
		default:
			*bad_type = base;
			return MASK_NOT_AREAL;
	}
}

MaskStatus
mask_from_wkb(const uint8_t *wkb, size_t len, Mask *m, mask_alloc_fn alloc, void *ctx,
			  uint32_t *bad_type)
{
	WkbReader	r = {wkb, wkb + len};
	WkbOut		o = {m, 0, alloc, ctx};
	MaskStatus	st;

	memset(m, 0, sizeof(*m));
	*bad_type = 0;
	st = rd_geometry(&r, &o, 0, bad_type);
	if (st == MASK_OK && r.p != r.end)
		st = MASK_TRUNCATED;
	return st;
}

/* ================================================================ scanline */

typedef struct Edge
{
	double		ax, ay, bx, by;	/* in ring order: A = point i, B = point i + 1 */
	int32_t		rlo, rhi;		/* rows whose centre y lies in [min y, max y] */
} Edge;

typedef struct Crossing
{
	double		x;
	const Edge *e;
} Crossing;

static int
edge_cmp(const void *a, const void *b)
{
	int32_t		x = ((const Edge *) a)->rlo, y = ((const Edge *) b)->rlo;

	return (x > y) - (x < y);
}

static int
crossing_cmp(const void *a, const void *b)
{
	double		x = ((const Crossing *) a)->x, y = ((const Crossing *) b)->x;

	return (x > y) - (x < y);
}

/* first index whose centre is >= v, and last whose centre is <= v (clamped to [lo, hi]) */
static int64_t
first_centre_at_least(double v, double cell, int64_t lo, int64_t hi)
{
	double		f = floor(v / cell - 0.5);
	int64_t		k;

	if (!(f > (double) lo - 2))
		return lo;
	if (!(f < (double) hi + 2))
		return hi + 1;
	k = (int64_t) f;
	if (k < lo)
		k = lo;
	while (k > lo && grid_centre((int32_t) (k - 1), cell) >= v)
		k--;
	while (k <= hi && grid_centre((int32_t) k, cell) < v)
		k++;
	return k < lo ? lo : k;
}

static int64_t
last_centre_at_most(double v, double cell, int64_t lo, int64_t hi)
{
	double		f = floor(v / cell - 0.5);
	int64_t		k;

	if (!(f > (double) lo - 2))
		return lo - 1;
	if (!(f < (double) hi + 2))
		return hi;
	k = (int64_t) f;
	if (k > hi)
		k = hi;
	while (k < hi && grid_centre((int32_t) (k + 1), cell) <= v)
		k++;
	while (k >= lo && grid_centre((int32_t) k, cell) > v)
		k--;
	return k > hi ? hi : k;
}

/* the cross product (B − A) × (P − A): > 0 when P is left of A→B, 0 on its line */
static inline double
side_of(const Edge *e, double px, double py)
{
	return (e->bx - e->ax) * (py - e->ay) - (px - e->ax) * (e->by - e->ay);
}

static inline bool
on_segment_box(const Edge *e, double px, double py)
{
	return px >= fmin(e->ax, e->bx) && px <= fmax(e->ax, e->bx) &&
		py >= fmin(e->ay, e->by) && py <= fmax(e->ay, e->by);
}

static void
mark_run(unsigned char *rowp, int32_t col0, int32_t ncols, double cell, double xlo, double xhi)
{
	int64_t		k = first_centre_at_least(xlo, cell, col0, (int64_t) col0 + ncols - 1);
	int64_t		k1 = last_centre_at_most(xhi, cell, col0, (int64_t) col0 + ncols - 1);

	for (; k <= k1; k++)
		rowp[k - col0] = 1;
}

static void
cover_polygon(const MaskPolygon *pg, double cell, int32_t col0, int32_t row0, int32_t ncols,
			  int32_t nrows, unsigned char *out, Edge *edges, Edge **active, Crossing *cx,
			  void (*tick) (void *), void *tick_ctx)
{
	int64_t		ne = 0, na = 0, next = 0, r, r0, r1;
	int32_t		i, k;
	int64_t		cmax = (int64_t) col0 + ncols - 1, rmax = (int64_t) row0 + nrows - 1;

	for (i = 0; i < pg->nrings; i++)
	{
		const MaskRing *ring = &pg->rings[i];

		for (k = 0; k + 1 < ring->npoints; k++)
		{
			Edge	   *e = &edges[ne];
			double		lo, hi;
			int64_t		a, b;

			e->ax = ring->xy[2 * k];
			e->ay = ring->xy[2 * k + 1];
			e->bx = ring->xy[2 * k + 2];
			e->by = ring->xy[2 * k + 3];
			/* PostGIS skips (near) zero-length segments; so do we */
			if ((e->bx - e->ax) * (e->bx - e->ax) + (e->by - e->ay) * (e->by - e->ay) < 1e-12 * 1e-12)
				continue;
			lo = fmin(e->ay, e->by);
			hi = fmax(e->ay, e->by);
			a = first_centre_at_least(lo, cell, row0, rmax);
			b = last_centre_at_most(hi, cell, row0, rmax);
			if (a > b)
				continue;		/* reaches no row of centres */
			e->rlo = (int32_t) a;
			e->rhi = (int32_t) b;
			ne++;
		}
	}
	if (ne == 0)
		return;
	qsort(edges, (size_t) ne, sizeof(Edge), edge_cmp);
	r0 = edges[0].rlo;
	r1 = r0;
	for (i = 0; i < ne; i++)
		if (edges[i].rhi > r1)
			r1 = edges[i].rhi;

	for (r = r0; r <= r1; r++)
	{
		double		y = grid_centre((int32_t) r, cell);
		unsigned char *rowp = out + (r - row0) * (int64_t) ncols;
		int64_t		nc = 0, j, lo, hi, kk, klast;
		double		tol = 0;

		if (tick)
			tick(tick_ctx);
		/* the active edges: drop those that ended, add those that start */
		for (j = 0, i = 0; j < na; j++)
			if (active[j]->rhi >= r)
				active[i++] = active[j];
		na = i;
		while (next < ne && edges[next].rlo <= r)
			active[na++] = &edges[next++];

		for (j = 0; j < na; j++)
		{
			const Edge *e = active[j];

			if (e->ay == e->by)
			{
				/* a horizontal edge on the row: its centres are on the boundary */
				if (e->ay == y)
					mark_run(rowp, col0, ncols, cell, fmin(e->ax, e->bx), fmax(e->ax, e->bx));
			}
			else
			{
				bool		up = e->by > e->ay;
				double		lx = up ? e->ax : e->bx, ly = up ? e->ay : e->by;
				double		ux = up ? e->bx : e->ax, uy = up ? e->by : e->ay;

				if (y == uy)
				{
					/* the top vertex: on the boundary, no crossing (half-open rule) */
					mark_run(rowp, col0, ncols, cell, ux, ux);
				}
				else
				{
					double		x = lx + (y - ly) * (ux - lx) / (uy - ly);
					double		t = 1e-10 * (fabs(lx) + fabs(ux) + fabs(x) + cell);

					cx[nc].x = x;
					cx[nc].e = e;
					nc++;
					if (t > tol)
						tol = t;
				}
			}
		}
		if (nc == 0)
			continue;
		qsort(cx, (size_t) nc, sizeof(Crossing), crossing_cmp);

		/*
		 * Centres from the first to the last crossing: inside when an odd number of
		 * crossings lies to the right.  Crossings within tol are decided by the side of
		 * their edge, as PostGIS's winding test does; a zero side is the boundary.
		 */
		kk = first_centre_at_least(cx[0].x - tol, cell, col0, cmax);
		klast = last_centre_at_most(cx[nc - 1].x + tol, cell, col0, cmax);
		lo = hi = 0;
		for (; kk <= klast; kk++)
		{
			double		px = grid_centre((int32_t) kk, cell);
			int64_t		right;
			bool		boundary = false;

			while (lo < nc && cx[lo].x < px - tol)
				lo++;
			if (hi < lo)
				hi = lo;
			while (hi < nc && cx[hi].x <= px + tol)
				hi++;
			right = nc - hi;
			for (j = lo; j < hi; j++)
			{
				const Edge *e = cx[j].e;
				double		s = side_of(e, px, y);

				if (s == 0 && on_segment_box(e, px, y))
				{
					boundary = true;
					break;
				}
				if ((e->by > e->ay) ? s > 0 : s < 0)
					right++;
			}
			if (boundary || (right & 1))
				rowp[kk - col0] = 1;
		}
	}
}

void
mask_cover(const Mask *m, double cell, int32_t col0, int32_t row0, int32_t ncols,
		   int32_t nrows, unsigned char *out, mask_alloc_fn alloc, void *ctx,
		   void (*tick) (void *), void *tick_ctx)
{
	int64_t		maxe = 0;
	int32_t		i, k;
	Edge	   *edges;
	Edge	  **active;
	Crossing   *cx;

	for (i = 0; i < m->npolys; i++)
	{
		int64_t		e = 0;

		for (k = 0; k < m->polys[i].nrings; k++)
			e += m->polys[i].rings[k].npoints;
		if (e > maxe)
			maxe = e;
	}
	if (maxe == 0 || ncols <= 0 || nrows <= 0)
		return;
	edges = alloc(sizeof(Edge) * (size_t) maxe, ctx);
	active = alloc(sizeof(Edge *) * (size_t) maxe, ctx);
	cx = alloc(sizeof(Crossing) * (size_t) maxe, ctx);
	for (i = 0; i < m->npolys; i++)
		cover_polygon(&m->polys[i], cell, col0, row0, ncols, nrows, out, edges, active, cx,
					  tick, tick_ctx);
}
