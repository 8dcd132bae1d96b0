/*
 * hotspot.c — fmgr wrappers of the hotspot module: Getis–Ord Gi* over a cube (per time
 * step, with Benjamini–Hochberg bins), the Gi* z from sufficient statistics, and the BH
 * cut-off, and the study area of a mask.  The maths is in core/gistar.c, core/fdr.c and
 * core/mask.c (which cell centres a polygon covers, from its WKB); cell polygons are made with
 * PostGIS in src/hotspot.sql.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "core/fdr.h"
#include "core/gistar.h"
#include "core/square.h"
#include "core/mask.h"
#include "cube.h"

static const char *const gistar_notes[] = {
	NULL,
	"fewer than 2 cells in the study area: Gi* is undefined, z is NULL",
	"every cell of the study area has the same value (sd = 0): Gi* is undefined, z is NULL"
};

static double
arg_distance(FunctionCallInfo fcinfo, int argno)
{
	double		d = PG_GETARG_FLOAT8(argno);

	if (!(d >= 0) || !isfinite(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("distance must be a non-negative finite number of CRS units, not %g", d),
				 errhint("Use e.g. 500 (metres): cells whose centres are within it are neighbours.")));
	return d;
}

/* one analysed layer (time step), handed to an emitter */
typedef struct Layer
{
	const Cube *c;
	int32		step;
	int32		ncols, nrows, col0, row0;
	const double *x;
	const unsigned char *in;
	const double *z, *p;
	const int32 *wsum;
	GistarLayer st;
	double		cut[3];
	int			reach;
	double		distance;
	bool		fdr;
	void	   *extra;			/* the emitter's own state */
} Layer;

typedef void (*layer_emit) (const Layer *l, ReturnSetInfo *rsinfo);

/*
 * Gi* per step of the cube (argument 0) at distance (argument 1) over the study area: the
 * cube's extent (mask NULL), or the cells listed in mask (cell ids); calls emit for each step.
 */
static void
gistar_run_with(FunctionCallInfo fcinfo, layer_emit emit, ArrayType *mask, void *extra)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cube	   *c;
	double		distance;
	bool		fdr = PG_ARGISNULL(3) ? true : PG_GETARG_BOOL(3);
	Layer		l = {0};
	int64		ncells, i;
	unsigned char *in;
	double	   *x, *work, *z, *p, *sorted;
	int32	   *wsum, *half;
	int32		s, b = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return;					/* no cube (no rows) or no distance: no cells */
	c = PG_GETARG_CUBE_P(0);
	distance = arg_distance(fcinfo, 1);
	if (distance < c->cell)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("distance %g is below the cell size %g: every cell would be its own only neighbour",
						distance, c->cell),
				 errhint("Gi* compares a neighbourhood with the study area; use a distance of at least the cell size (e.g. 2 cells).")));
	l.c = c;
	l.fdr = fdr;
	l.distance = distance;
	l.extra = extra;
	if (mask == NULL)
	{
		l.col0 = c->cmin;
		l.row0 = c->rmin;
		l.ncols = c->cmax - c->cmin + 1;
		l.nrows = c->rmax - c->rmin + 1;
		cube_check_extent(grid_extent_cells(c->cmin, c->cmax, c->rmin, c->rmax, c->smin, c->smax),
						  "the study area");
		ncells = (int64) l.ncols * l.nrows;
		in = palloc_extended(ncells, MCXT_ALLOC_HUGE);
		memset(in, 1, ncells);
	}
	else
	{
		ArrayType  *a = mask;
		Datum	   *ids;
		bool	   *nulls;
		int			n, k;
		int32		cmin = INT32_MAX, cmax = INT32_MIN, rmin = INT32_MAX, rmax = INT32_MIN;

		deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &ids, &nulls, &n);
		if (n == 0)
			return;				/* no cell of the grid lies in the mask */
		for (k = 0; k < n; k++)
		{
			int32		col, row;

			grid_cell_decode(DatumGetInt64(ids[k]), &col, &row);
			cmin = Min(cmin, col);
			cmax = Max(cmax, col);
			rmin = Min(rmin, row);
			rmax = Max(rmax, row);
		}
		cube_check_extent(grid_extent_cells(cmin, cmax, rmin, rmax, c->smin, c->smax),
						  "the study area (mask)");
		l.col0 = cmin;
		l.row0 = rmin;
		l.ncols = cmax - cmin + 1;
		l.nrows = rmax - rmin + 1;
		ncells = (int64) l.ncols * l.nrows;
		in = palloc_extended(ncells, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		for (k = 0; k < n; k++)
		{
			int32		col, row;

			grid_cell_decode(DatumGetInt64(ids[k]), &col, &row);
			in[(int64) (row - rmin) * l.ncols + (col - cmin)] = 1;
		}
	}
	l.reach = gistar_reach(distance, c->cell, l.nrows);
	half = palloc(sizeof(int32) * (2 * l.reach + 1));
	gistar_halfwidths(distance, c->cell, l.reach, l.ncols, half);

	x = palloc_extended(sizeof(double) * ncells, MCXT_ALLOC_HUGE);
	z = palloc_extended(sizeof(double) * ncells, MCXT_ALLOC_HUGE);
	p = palloc_extended(sizeof(double) * ncells, MCXT_ALLOC_HUGE);
	sorted = palloc_extended(sizeof(double) * ncells, MCXT_ALLOC_HUGE);
	wsum = palloc_extended(sizeof(int32) * ncells, MCXT_ALLOC_HUGE);
	work = palloc_extended(sizeof(double) * 2 * (l.ncols + 1) * (int64) l.nrows, MCXT_ALLOC_HUGE);
	l.x = x;
	l.in = in;
	l.z = z;
	l.p = p;
	l.wsum = wsum;

	for (s = c->smin; s <= c->smax; s++)
	{
		CHECK_FOR_INTERRUPTS();
		memset(x, 0, sizeof(double) * ncells);
		/* bins are sorted by step */
		while (b < c->nbins && c->bins[b].step < s)
			b++;
		for (; b < c->nbins && c->bins[b].step == s; b++)
		{
			int64		cc = (int64) c->bins[b].col - l.col0;
			int64		rr = (int64) c->bins[b].row - l.row0;

			if (cc >= 0 && cc < l.ncols && rr >= 0 && rr < l.nrows)
				x[rr * l.ncols + cc] = c->bins[b].w;
		}
		l.step = s;
		l.st = gistar_layer(l.ncols, l.nrows, x, in, l.reach, half, work, z, p, wsum);
		if (fdr)
			fdr_cutoffs(p, ncells, sorted, l.cut);
		else
			for (i = 0; i < 3; i++)
				l.cut[i] = fdr_levels[i];
		emit(&l, rsinfo);
		if (s == INT32_MAX)
			break;
	}
}

/* the same with mask_cells bigint[] as argument 2 (est._gistar, est._gistar_params) */
static void
gistar_run(FunctionCallInfo fcinfo, layer_emit emit)
{
	gistar_run_with(fcinfo, emit, PG_ARGISNULL(2) ? NULL : PG_GETARG_ARRAYTYPE_P(2), NULL);
}

static void
emit_cells(const Layer *l, ReturnSetInfo *rsinfo)
{
	int32		r, cc;

	for (r = 0; r < l->nrows; r++)
	{
		CHECK_FOR_INTERRUPTS();
		for (cc = 0; cc < l->ncols; cc++)
		{
			int64		k = (int64) r * l->ncols + cc;
			Datum		v[8];
			bool		nulls[8] = {false};

			if (!l->in[k])
				continue;
			v[0] = Int64GetDatum(grid_cell_id(l->col0 + cc, l->row0 + r));
			v[1] = Int32GetDatum(l->step);
			v[2] = Float8GetDatum(grid_centre(l->col0 + cc, l->c->cell));
			v[3] = Float8GetDatum(grid_centre(l->row0 + r, l->c->cell));
			v[4] = Float8GetDatum(l->x[k]);
			if (isnan(l->z[k]))
				nulls[5] = nulls[6] = nulls[7] = true;
			else
			{
				v[5] = Float8GetDatum(l->z[k]);
				v[6] = Float8GetDatum(l->p[k]);
				v[7] = Int32GetDatum(fdr_bin(l->z[k], l->p[k], l->cut));
			}
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		}
	}
}

static void
emit_params(const Layer *l, ReturnSetInfo *rsinfo)
{
	Datum		v[14];
	bool		nulls[14] = {false};
	int			i;
	int32		maxw = 0;
	int64		k, ncells = (int64) l->ncols * l->nrows;

	for (k = 0; k < ncells; k++)
		maxw = Max(maxw, l->wsum[k]);
	v[0] = Int32GetDatum(l->step);
	if (l->c->step_us > 0)
		v[1] = TimestampTzGetDatum(l->c->origin + (int64) l->step * l->c->step_us);
	else
		nulls[1] = true;
	v[2] = Float8GetDatum(l->c->cell);
	v[3] = Float8GetDatum(l->distance);
	v[4] = Int64GetDatum(l->st.n);
	v[5] = Float8GetDatum(l->st.mean);
	v[6] = Float8GetDatum(l->st.sd);
	v[7] = Int32GetDatum(maxw);
	v[8] = BoolGetDatum(l->fdr);
	for (i = 0; i < 3; i++)
	{
		if (l->cut[i] >= 0)
			v[9 + i] = Float8GetDatum(l->cut[i]);
		else
			nulls[9 + i] = true;
	}
	v[12] = BoolGetDatum(l->st.note == GISTAR_OK);
	if (gistar_notes[l->st.note])
		v[13] = CStringGetTextDatum(gistar_notes[l->st.note]);
	else
		nulls[13] = true;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
}

/* est._gistar(c, distance, mask_cells bigint[], fdr) */
PG_FUNCTION_INFO_V1(gistar_cells);
Datum
gistar_cells(PG_FUNCTION_ARGS)
{
	gistar_run(fcinfo, emit_cells);
	return (Datum) 0;
}

/* est._gistar_params(c, distance, mask_cells bigint[], fdr) */
PG_FUNCTION_INFO_V1(gistar_params);
Datum
gistar_params(PG_FUNCTION_ARGS)
{
	gistar_run(fcinfo, emit_params);
	return (Datum) 0;
}

/* ---------------------------------------------------------------- mask cells */

static void *
mask_palloc(size_t size, void *ctx)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

static void
mask_tick(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

static const char *
wkb_type_name(uint32 t)
{
	static const char *const names[] = {
		"an unknown geometry type", "a Point", "a LineString", "a Polygon", "a MultiPoint",
		"a MultiLineString", "a MultiPolygon", "a GeometryCollection", "a CircularString",
		"a CompoundCurve", "a CurvePolygon", "a MultiCurve", "a MultiSurface", "a Curve",
		"a Surface", "a PolyhedralSurface", "a TIN", "a Triangle"
	};

	return t < lengthof(names) ? names[t] : names[0];
}

/*
 * est._mask_cells(c, wkb bytea, srid): ids of the cells of the cube's grid whose centre the
 * mask (ST_AsBinary) covers, boundary included, sorted by row and column (core/mask.c).
 */
PG_FUNCTION_INFO_V1(mask_cells_c);
Datum
mask_cells_c(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);
	bytea	   *wkb = PG_GETARG_BYTEA_PP(1);
	int32		srid = PG_GETARG_INT32(2);
	Mask		m;
	MaskStatus	st;
	uint32		bad_type;
	double		b[4];
	int32		idx[4];
	int32		ncols, nrows, r, k;
	int64		ncells, n = 0, i;
	unsigned char *in;
	Datum	   *ids;
	int			j;

	if (srid != c->srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mask has SRID %d but the cube has SRID %d", srid, c->srid),
				 errhint("Transform the mask: ST_Transform(mask, %d).", c->srid)));
	st = mask_from_wkb((const uint8_t *) VARDATA_ANY(wkb), VARSIZE_ANY_EXHDR(wkb), &m,
					   mask_palloc, CurrentMemoryContext, &bad_type);
	if (st == MASK_NOT_AREAL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mask must be a Polygon or MultiPolygon (or a collection of them), not %s",
						wkb_type_name(bad_type)),
				 errhint("A mask is an area: keep the polygons with ST_CollectionExtract(mask, 3), "
						 "linearise curves with ST_CurveToLine(mask).")));
	if (st == MASK_NOT_FINITE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mask has a NaN or infinite coordinate"),
				 errhint("Give the study area as a valid polygon in the cube's coordinate system.")));
	if (st != MASK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("mask is not valid WKB"),
				 errhint("Pass ST_AsBinary(mask); est.mask_cells does this.")));
	if (m.npolys == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));	/* an empty mask */

	b[0] = m.xmin;
	b[1] = m.ymin;
	b[2] = m.xmax;
	b[3] = m.ymax;
	for (j = 0; j < 4; j++)
		if (!grid_index(b[j], c->cell, &idx[j]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("mask is too far from the origin for cell size %g", c->cell),
					 errhint("Give the study area as a polygon in the cube's coordinate system.")));
	cube_check_extent(grid_extent_cells(idx[0], idx[2], idx[1], idx[3], c->smin, c->smax),
					  "the study area (mask)");
	ncols = idx[2] - idx[0] + 1;
	nrows = idx[3] - idx[1] + 1;
	ncells = (int64) ncols * nrows;
	in = palloc_extended(ncells, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	mask_cover(&m, c->cell, idx[0], idx[1], ncols, nrows, in, mask_palloc, CurrentMemoryContext,
			   mask_tick, NULL);
	for (i = 0; i < ncells; i++)
		n += in[i];
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT8OID));
	ids = palloc_extended(sizeof(Datum) * n, MCXT_ALLOC_HUGE);
	i = 0;
	for (r = 0; r < nrows; r++)
		for (k = 0; k < ncols; k++)
			if (in[(int64) r * ncols + k])
				ids[i++] = Int64GetDatum(grid_cell_id(idx[0] + k, idx[1] + r));
	PG_RETURN_ARRAYTYPE_P(construct_array(ids, (int) n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* est.gistar_z(local_sum, weight_sum, weight_sq_sum, n, mean, sd) */
PG_FUNCTION_INFO_V1(gistar_z_sql);
Datum
gistar_z_sql(PG_FUNCTION_ARGS)
{
	double		ls = PG_GETARG_FLOAT8(0);
	double		w = PG_GETARG_FLOAT8(1);
	double		w2 = PG_GETARG_FLOAT8(2);
	int64		n = PG_GETARG_INT64(3);
	double		mean = PG_GETARG_FLOAT8(4);
	double		sd = PG_GETARG_FLOAT8(5);
	double		z;

	if (n < 1 || !(w >= 0) || !(w2 >= 0) || !(sd >= 0) ||
		!isfinite(ls) || !isfinite(w) || !isfinite(w2) || !isfinite(mean) || !isfinite(sd))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gistar_z needs finite sums, n >= 1, non-negative weight sums and sd"),
				 errhint("local_sum = Σ w_ij x_j, weight_sum = Σ w_ij, weight_sq_sum = Σ w_ij² "
						 "(self included), n = units in the study area, mean and population sd of x.")));
	z = gistar_z(ls, w, w2, n, mean, sd);
	if (isnan(z))
		PG_RETURN_NULL();		/* undefined: sd = 0, n < 2 or no variance of the weights */
	PG_RETURN_FLOAT8(z);
}

/* est.fdr_cutoff(p float8[], alpha): the Benjamini–Hochberg cut-off p*(alpha), or NULL */
PG_FUNCTION_INFO_V1(fdr_cutoff_sql);
Datum
fdr_cutoff_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	double		alpha = PG_GETARG_FLOAT8(1);
	Datum	   *d;
	bool	   *nulls;
	int			n, i, m = 0;
	double	   *p, *sorted, cut;

	if (!(alpha > 0 && alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("alpha must lie between 0 and 1, not %g", alpha),
				 errhint("Use 0.10, 0.05 or 0.01.")));
	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, &nulls, &n);
	p = palloc(sizeof(double) * (n + 1));
	sorted = palloc(sizeof(double) * (n + 1));
	for (i = 0; i < n; i++)
	{
		double		v;

		if (nulls[i])
			continue;			/* untested units (NULL p) do not count */
		v = DatumGetFloat8(d[i]);
		if (!(v >= 0 && v <= 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("p-value %g at position %d is not between 0 and 1", v, i + 1),
					 errhint("Pass p-values; leave untested units NULL.")));
		p[m++] = v;
	}
	cut = fdr_cutoff(p, m, alpha, sorted);
	if (cut < 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(cut);
}

/* est.gistar_p(z): two-sided normal p */
PG_FUNCTION_INFO_V1(gistar_p_sql);
Datum
gistar_p_sql(PG_FUNCTION_ARGS)
{
	double		z = PG_GETARG_FLOAT8(0);

	if (isnan(z))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("z is NaN"),
				 errhint("Pass a z-score, or NULL where it is undefined.")));
	PG_RETURN_FLOAT8(gistar_p(z));
}

/* ================================================================ KDE and PAI (branch kde) */

#include "common/shortest_dec.h"
#include "core/kde.h"
#include "core/pai.h"
#include "lib/stringinfo.h"
#include "utils/jsonb.h"

/* the arguments of est.kde / est.kde_params, checked, and the grid they need */
typedef struct KdeRun
{
	Cube	   *c;
	double		h;
	KdeKernel	kernel;
	bool		scaled;
	int			reach;
	int32		col0, row0, ncols, nrows;	/* the cube's extent grown by the reach */
} KdeRun;

static void
kde_setup(FunctionCallInfo fcinfo, KdeRun *k)
{
	char	   *name;
	int64		r;
	int64		c0, c1, r0, r1;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("bandwidth and kernel must not be NULL"),
				 errhint("Give the bandwidth in CRS units (e.g. 500 m) and a kernel: quartic, "
						 "triangular, uniform, epanechnikov or normal.")));
	k->c = PG_GETARG_CUBE_P(0);
	k->h = PG_GETARG_FLOAT8(1);
	name = text_to_cstring(PG_GETARG_TEXT_PP(2));
	k->scaled = PG_ARGISNULL(3) ? false : PG_GETARG_BOOL(3);
	if (!(k->h > 0) || !isfinite(k->h))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bandwidth must be a positive finite number of CRS units, not %g", k->h),
				 errhint("Use e.g. 500 (metres), and a cell size of at most bandwidth / 4.")));
	if (!kde_kernel_from_name(name, &k->kernel))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown kernel \"%s\"", name),
				 errhint("Use quartic, triangular, uniform, epanechnikov or normal.")));
	r = kde_reach(k->kernel, k->h, k->c->cell, INT32_MAX / 4);
	if (r < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("bandwidth %g is too large for cell size %g", k->h, k->c->cell),
				 errhint("Use a larger cell size or a smaller bandwidth.")));
	c0 = (int64) k->c->cmin - r;
	c1 = (int64) k->c->cmax + r;
	r0 = (int64) k->c->rmin - r;
	r1 = (int64) k->c->rmax + r;
	if (c0 < INT32_MIN || r0 < INT32_MIN || c1 > INT32_MAX || r1 > INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the KDE grid would reach beyond the 32-bit cell index range"),
				 errhint("Use a larger cell size or a smaller bandwidth.")));
	cube_check_extent(((double) (c1 - c0 + 1)) * (double) (r1 - r0 + 1) *
					  ((double) k->c->smax - k->c->smin + 1),
					  "the KDE grid (the cube's extent grown by the kernel's reach)");
	k->reach = (int) r;
	k->col0 = (int32) c0;
	k->row0 = (int32) r0;
	k->ncols = (int32) (c1 - c0 + 1);
	k->nrows = (int32) (r1 - r0 + 1);
}

/* est._kde(c, bandwidth, kernel, scaled): the cells with a positive density, per step */
PG_FUNCTION_INFO_V1(kde_cells);
Datum
kde_cells(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KdeRun		k;
	int64		ncells;
	double	   *layer, *own, *stencil;
	int32		s, b = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;		/* no cube (no rows): no cells */
	kde_setup(fcinfo, &k);
	if (k.h < k.c->cell)
		ereport(NOTICE,
				(errmsg("bandwidth %g is smaller than the cell size %g: the density is little more than each cell's own count",
						k.h, k.c->cell),
				 errhint("Use a cell size of at most bandwidth / 4 (here %g).", k.h / 4)));
	ncells = (int64) k.ncols * k.nrows;
	layer = palloc_extended(sizeof(double) * ncells, MCXT_ALLOC_HUGE);
	own = palloc_extended(sizeof(double) * ncells, MCXT_ALLOC_HUGE);
	stencil = palloc(sizeof(double) * (2 * k.reach + 1) * (2 * k.reach + 1));
	kde_stencil(k.kernel, k.h, k.c->cell, k.reach, k.scaled, stencil);

	for (s = k.c->smin; s <= k.c->smax; s++)
	{
		int32		r, cc;
		int32		b0;
		Datum		start = (Datum) 0;
		bool		start_null = k.c->step_us <= 0;

		CHECK_FOR_INTERRUPTS();
		while (b < k.c->nbins && k.c->bins[b].step < s)
			b++;
		b0 = b;
		if (b < k.c->nbins && k.c->bins[b].step == s)
		{
			memset(layer, 0, sizeof(double) * ncells);
			memset(own, 0, sizeof(double) * ncells);
			for (; b < k.c->nbins && k.c->bins[b].step == s; b++)
			{
				const GridBin *g = &k.c->bins[b];
				int32		col = g->col - k.col0, row = g->row - k.row0;

				if ((b & 1023) == 0)
					CHECK_FOR_INTERRUPTS();
				kde_add(layer, k.ncols, col, row, g->w, stencil, k.reach);
				own[(int64) row * k.ncols + col] = g->w;
			}
		}
		if (b == b0)
		{
			if (s == INT32_MAX)
				break;
			continue;			/* a step without points has no density anywhere */
		}
		if (!start_null)
			start = TimestampTzGetDatum(k.c->origin + (int64) s * k.c->step_us);
		for (r = 0; r < k.nrows; r++)
		{
			CHECK_FOR_INTERRUPTS();
			for (cc = 0; cc < k.ncols; cc++)
			{
				int64		i = (int64) r * k.ncols + cc;
				Datum		v[7];
				bool		nulls[7] = {false};

				if (!(layer[i] > 0))
					continue;
				v[0] = Int64GetDatum(grid_cell_id(k.col0 + cc, k.row0 + r));
				v[1] = Int32GetDatum(s);
				v[2] = start;
				nulls[2] = start_null;
				v[3] = Float8GetDatum(grid_centre(k.col0 + cc, k.c->cell));
				v[4] = Float8GetDatum(grid_centre(k.row0 + r, k.c->cell));
				v[5] = Float8GetDatum(own[i]);
				v[6] = Float8GetDatum(layer[i]);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
			}
		}
		if (s == INT32_MAX)
			break;
	}
	return (Datum) 0;
}

static void
json_num(StringInfo sb, const char *key, double v)
{
	char	   *s = double_to_shortest_decimal(v);

	appendStringInfo(sb, "%s\"%s\": %s", sb->len > 1 ? ", " : "", key, s);
	pfree(s);
}

/* est.kde_params(c, bandwidth, kernel, scaled): the parameters of the same est.kde call */
PG_FUNCTION_INFO_V1(kde_params);
Datum
kde_params(PG_FUNCTION_ARGS)
{
	KdeRun		k;
	StringInfoData sb;
	double		total = 0;
	int32		i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	kde_setup(fcinfo, &k);
	for (i = 0; i < k.c->nbins; i++)
		total += k.c->bins[i].w;
	initStringInfo(&sb);
	appendStringInfoChar(&sb, '{');
	appendStringInfo(&sb, "\"kernel\": \"%s\", \"formula\": \"%s\"", kde_kernel_name(k.kernel),
					 kde_kernel_formula(k.kernel));
	json_num(&sb, "bandwidth", k.h);
	json_num(&sb, "support", kde_support(k.kernel, k.h));
	appendStringInfo(&sb, ", \"scaled\": %s", k.scaled ? "true" : "false");
	if (k.scaled)
		json_num(&sb, "scale", kde_scale(k.kernel, k.h));
	else
		appendStringInfoString(&sb, ", \"scale\": null");
	json_num(&sb, "cell_size", k.c->cell);
	appendStringInfo(&sb, ", \"reach_cells\": %d, \"srid\": %d", k.reach, k.c->srid);
	appendStringInfo(&sb, ", \"first_step\": %d, \"last_step\": %d", k.c->smin, k.c->smax);
	appendStringInfo(&sb, ", \"bins\": %d", k.c->nbins);
	json_num(&sb, "total_weight", total);
	appendStringInfo(&sb, ", \"grid_columns\": %d, \"grid_rows\": %d", k.ncols, k.nrows);
	json_num(&sb, "xmin", (double) k.col0 * k.c->cell);
	json_num(&sb, "ymin", (double) k.row0 * k.c->cell);
	json_num(&sb, "xmax", ((double) k.col0 + k.ncols) * k.c->cell);
	json_num(&sb, "ymax", ((double) k.row0 + k.nrows) * k.c->cell);
	appendStringInfoString(&sb, ", \"points\": \"binned at cell centres\"");
	if (k.h < k.c->cell)
		appendStringInfoString(&sb, ", \"warning\": \"bandwidth smaller than the cell size\"");
	else if (k.h < 4 * k.c->cell)
		appendStringInfoString(&sb, ", \"warning\": \"cell size larger than bandwidth / 4: coarse binning\"");
	else
		appendStringInfoString(&sb, ", \"warning\": null");
	appendStringInfoChar(&sb, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(sb.data)));
}

/* the columns hit_rate, area_share, pai, note from a checked PaiResult, at v[k..k+3] */
static void
pai_values(const PaiResult *r, Datum *v, bool *nulls, int k)
{
	const char *note = pai_note_text(r->note);

	v[k] = Float8GetDatum(r->hit_rate);
	nulls[k] = isnan(r->hit_rate);
	v[k + 1] = Float8GetDatum(r->area_share);
	v[k + 2] = Float8GetDatum(r->pai);
	nulls[k + 2] = isnan(r->pai);
	if (note)
		v[k + 3] = CStringGetTextDatum(note);
	nulls[k + 3] = note == NULL;
}

static void
pai_check(PaiCheck chk, double n_inside, double n_total, double area_hot, double area_study)
{
	if (chk == PAI_BAD_COUNTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("incident counts must be finite and non-negative with n_inside <= n_total, not %g of %g",
						n_inside, n_total),
				 errhint("n_inside counts the incidents of n_total that fall in the hotspots.")));
	if (chk == PAI_BAD_AREAS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("areas must be finite with 0 <= area_hotspot <= area_study and area_study > 0, not %g of %g",
						area_hot, area_study),
				 errhint("Clip the hotspots to the study area first: area_hotspot = ST_Area(ST_Intersection(hotspots, study_area)).")));
}

/* est.pai_from_counts(n_inside, n_total, area_hotspot, area_study) */
PG_FUNCTION_INFO_V1(pai_from_counts);
Datum
pai_from_counts(PG_FUNCTION_ARGS)
{
	double		ni = PG_GETARG_FLOAT8(0), nt = PG_GETARG_FLOAT8(1);
	double		ah = PG_GETARG_FLOAT8(2), as = PG_GETARG_FLOAT8(3);
	PaiResult	r;
	TupleDesc	td;
	Datum		v[4];
	bool		nulls[4] = {false};

	pai_check(pai_compute(ni, nt, ah, as, &r), ni, nt, ah, as);
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "est.pai_from_counts must return a record");
	pai_values(&r, v, nulls, 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), v, nulls)));
}

/* the ids of a bigint[] argument, without NULLs (22004), sorted and unique; *n their count */
static int64 *
cell_ids_arg(FunctionCallInfo fcinfo, int argno, const char *what, int64 *n)
{
	ArrayType  *a;
	Datum	   *d;
	bool	   *nulls;
	int			m, i;
	int64	   *ids;

	*n = 0;
	if (PG_ARGISNULL(argno))
		return NULL;
	a = PG_GETARG_ARRAYTYPE_P(argno);
	deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, &nulls, &m);
	ids = palloc_extended(sizeof(int64) * (m + 1), MCXT_ALLOC_HUGE);
	for (i = 0; i < m; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s holds a NULL cell id at position %d", what, i + 1),
					 errhint("Aggregate the ids of the cells only: array_agg(cell_id) FILTER (WHERE cell_id IS NOT NULL).")));
		ids[i] = DatumGetInt64(d[i]);
	}
	*n = pai_sort_unique(ids, m);
	return ids;
}

/* est.pai_cells(hot_cells bigint[], cell_size, c est.cube, study_cells bigint[]) */
PG_FUNCTION_INFO_V1(pai_cells);
Datum
pai_cells(PG_FUNCTION_ARGS)
{
	double		cell;
	int64	   *hot, *study;
	int64		nhot, nstudy, nin;
	double		ni = 0, nt = 0, ah, as;
	PaiResult	r;
	TupleDesc	td;
	Datum		v[8];
	bool		nulls[8] = {false};

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cell_size and study_cells must not be NULL"),
				 errhint("Give the study area as cells, e.g. est.mask_cells(cube, municipality outline).")));
	cell = PG_GETARG_FLOAT8(1);
	if (!(cell > 0) || !isfinite(cell))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell_size must be a positive finite number of CRS units, not %g", cell),
				 errhint("Use the cell size the hot cells' ids were made with.")));
	study = cell_ids_arg(fcinfo, 3, "study_cells", &nstudy);
	if (nstudy == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("study_cells is empty: the study area has no cells"),
				 errhint("Check that the study area's outline and the cube have the same SRID and cell size.")));
	hot = cell_ids_arg(fcinfo, 0, "hot_cells", &nhot);
	nin = hot ? pai_intersect(hot, nhot, study, nstudy, hot) : 0;	/* clipped to the study area */
	if (!PG_ARGISNULL(2))
	{
		Cube	   *c = PG_GETARG_CUBE_P(2);
		int32		b;

		if (c->cell != cell)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the cube has cell size %g but the cells are of size %g", c->cell, cell),
					 errhint("Build the later period's cube with the hot cells' cell size.")));
		for (b = 0; b < c->nbins; b++)
		{
			int64		id = grid_cell_id(c->bins[b].col, c->bins[b].row);

			if (!pai_contains(study, nstudy, id))
				continue;		/* outside the study area: not counted */
			nt += c->bins[b].w;
			if (pai_contains(hot, nin, id))
				ni += c->bins[b].w;
		}
	}
	ah = (double) nin * cell * cell;
	as = (double) nstudy * cell * cell;
	pai_check(pai_compute(ni, nt, ah, as, &r), ni, nt, ah, as);
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "est.pai_cells must return a record");
	v[0] = Float8GetDatum(ni);
	v[1] = Float8GetDatum(nt);
	v[3] = Float8GetDatum(ah);
	v[4] = Float8GetDatum(as);
	{
		Datum		w[4] = {0};
		bool		wn[4] = {false};

		pai_values(&r, w, wn, 0);
		v[2] = w[0];
		nulls[2] = wn[0];
		v[5] = w[1];
		v[6] = w[2];
		nulls[6] = wn[2];
		v[7] = w[3];
		nulls[7] = wn[3];
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), v, nulls)));
}

/* ================================================================ emerging hot spots (EHSA)
 *
 * est._emerging, est._emerging_bins, est._emerging_params, est._cube_locations and
 * est.ehsa_classify: the glue of core/ehsa.c.  One run (ehsa_run) reads the arguments, finds
 * the analysed locations (cells with at least one point in some step, inside the mask when one
 * is given), fills the step-major value array with zeros where a location has no point, builds
 * the spatial neighbour lists once, computes the space-time Gi* step by step and the
 * Benjamini–Hochberg cut-offs over all analysed bins; the emitters then classify locations or
 * list bins.  Every array is allocated once per call, none per bin or location.
 */
#include "core/ehsa.h"

typedef struct EhsaRun
{
	const Cube *c;
	double		distance;
	int32		time_steps;
	EhsaWindow	window;
	double		alpha;
	int64		nloc;
	int32		nsteps;
	int32	   *col;
	int32	   *row;
	int64	   *start;
	int32	   *nb;
	double	   *x;
	EhsaCube	e;
	double		cut[3];
	int64		tested;			/* bins with a z */
} EhsaRun;

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

static int64
find_int64(const int64 *a, int64 n, int64 key)
{
	int64		lo = 0, hi = n;

	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && a[lo] == key ? lo : -1;
}

/* checks the arguments shared by the EHSA functions: (c, distance, time_steps, _, window, alpha) */
static void
ehsa_args(FunctionCallInfo fcinfo, EhsaRun *r)
{
	char	   *wname;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("distance, time_steps, global_window and alpha must not be NULL"),
				 errhint("Leave an argument out to get its default (time_steps 1, global_window 'cube', alpha 0.10).")));
	r->distance = PG_GETARG_FLOAT8(1);
	if (!(r->distance > 0) || !isfinite(r->distance))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("distance must be a positive finite number of CRS units, not %g", r->distance),
				 errhint("Use e.g. 500 (metres): cells whose centres are within it are neighbours.")));
	r->time_steps = PG_GETARG_INT32(2);
	if (r->time_steps < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time_steps must be 0 or more, not %d", r->time_steps),
				 errhint("time_steps = N adds the bins of the N previous steps to each neighbourhood (1 is the default).")));
	wname = text_to_cstring(PG_GETARG_TEXT_PP(4));
	if (!ehsa_window_parse(wname, &r->window))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("global_window must be 'cube', 'neighborhood' or 'step', not '%s'", wname),
				 errhint("cube: mean and sd over every analysed bin (ArcGIS ENTIRE_CUBE); neighborhood: over the steps of the time window; step: over the step's bins (sfdep).")));
	r->alpha = PG_GETARG_FLOAT8(5);
	if (!(r->alpha > 0 && r->alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("alpha must lie between 0 and 1 (exclusive), not %g", r->alpha),
				 errhint("alpha is the level of the Mann–Kendall trend test; 0.10 is the default.")));
}

/*
 * Reads the arguments and computes Gi* over every analysed bin.  Returns false when nothing is
 * analysed (no cube, or no location with a point inside the mask).  tail_only: the caller
 * reads p only through the FDR bins, so p is computed only where it can be <= 0.10 (else 1:
 * the same bins, ehsa.h).
 */
static bool
ehsa_run(FunctionCallInfo fcinfo, EhsaRun *r, bool tail_only)
{
	const Cube *c;
	int64	   *keys;
	int64	   *mask = NULL;
	int64		nmask = 0, nloc = 0, i, b, nbins, total;
	int32		t, rs;
	double	   *sorted;

	memset(r, 0, sizeof(*r));
	ehsa_args(fcinfo, r);
	if (PG_ARGISNULL(0))
		return false;			/* no cube: no incidents, nothing to analyse */
	c = PG_GETARG_CUBE_P(0);
	r->c = c;
	if (c->nbins == 0)
		return false;
	if (!PG_ARGISNULL(3))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(3);
		Datum	   *ids;
		bool	   *nulls;
		int			n, k;

		deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &ids, &nulls, &n);
		mask = palloc(sizeof(int64) * (n + 1));
		for (k = 0; k < n; k++)
			if (!nulls[k])
				mask[nmask++] = DatumGetInt64(ids[k]);
		qsort(mask, nmask, sizeof(int64), cmp_int64);
		if (nmask == 0)
			return false;		/* the mask holds no cell with a point */
	}

	/* the analysed locations: distinct cells of the bins (sorted by row, column), in the mask */
	keys = palloc_extended(sizeof(int64) * c->nbins, MCXT_ALLOC_HUGE);
	for (b = 0; b < c->nbins; b++)
		keys[b] = grid_cell_id(c->bins[b].col, c->bins[b].row);
	qsort(keys, c->nbins, sizeof(int64), cmp_int64);
	for (b = 0; b < c->nbins; b++)
	{
		if (nloc > 0 && keys[nloc - 1] == keys[b])
			continue;
		if (mask && find_int64(mask, nmask, keys[b]) < 0)
			continue;
		keys[nloc++] = keys[b];
	}
	if (nloc == 0)
		return false;
	r->nloc = nloc;
	r->nsteps = c->smax - c->smin + 1;
	cube_check_extent((double) nloc * r->nsteps, "the analysed bins (locations × steps)");
	r->col = palloc(sizeof(int32) * nloc);
	r->row = palloc(sizeof(int32) * nloc);
	for (i = 0; i < nloc; i++)
		grid_cell_decode(keys[i], &r->col[i], &r->row[i]);

	/* values, step-major, zeros filled in */
	r->x = palloc_extended(sizeof(double) * nloc * r->nsteps, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (b = 0; b < c->nbins; b++)
	{
		int64		k = find_int64(keys, nloc, grid_cell_id(c->bins[b].col, c->bins[b].row));

		if (k >= 0)
			r->x[(int64) (c->bins[b].step - c->smin) * nloc + k] = c->bins[b].w;
	}
	pfree(keys);

	/* spatial neighbour lists, once */
	r->start = palloc_extended(sizeof(int64) * (nloc + 1), MCXT_ALLOC_HUGE);
	total = ehsa_neighbours(nloc, r->col, r->row, r->distance, c->cell, r->start, NULL);
	cube_check_extent((double) total, "the neighbour lists (pairs of locations within distance)");
	r->nb = palloc_extended(sizeof(int32) * (total + 1), MCXT_ALLOC_HUGE);
	ehsa_neighbours(nloc, r->col, r->row, r->distance, c->cell, r->start, r->nb);

	rs = ehsa_ring_steps(r->nsteps, r->time_steps);
	r->e.nloc = nloc;
	r->e.nsteps = r->nsteps;
	r->e.time_steps = r->time_steps;
	r->e.window = r->window;
	r->e.x = r->x;
	r->e.start = r->start;
	r->e.nb = r->nb;
	r->e.stats = palloc(sizeof(EhsaStepStats) * r->nsteps);
	r->e.moments = palloc(sizeof(EhsaMoments) * r->nsteps);
	r->e.ring = palloc_extended(sizeof(double) * nloc * rs, MCXT_ALLOC_HUGE);
	r->e.win = palloc_extended(sizeof(long double) * nloc, MCXT_ALLOC_HUGE);
	r->e.p_tail_only = tail_only;
	r->e.z = palloc_extended(sizeof(double) * nloc * r->nsteps, MCXT_ALLOC_HUGE);
	r->e.p = palloc_extended(sizeof(double) * nloc * r->nsteps, MCXT_ALLOC_HUGE);
	for (t = 0; t < r->nsteps; t++)
	{
		CHECK_FOR_INTERRUPTS();
		ehsa_step_stats(&r->e, t);
	}
	ehsa_moments(&r->e);
	for (t = 0; t < r->nsteps; t++)
	{
		CHECK_FOR_INTERRUPTS();
		ehsa_gistar_step(&r->e, t);
	}
	pfree(r->e.ring);
	pfree(r->e.win);

	/* Benjamini–Hochberg over every analysed bin with a z (the whole cube, not per step) */
	nbins = nloc * r->nsteps;
	for (i = 0; i < nbins; i++)
		if (!isnan(r->e.z[i]))
			r->tested++;
	sorted = palloc_extended(sizeof(double) * nbins, MCXT_ALLOC_HUGE);
	fdr_cutoffs(r->e.p, nbins, sorted, r->cut);
	pfree(sorted);
	return true;
}

/* the z series and significance of location i */
static void
ehsa_location_series(const EhsaRun *r, int64 i, double *zs, unsigned char *sig)
{
	int32		t;

	for (t = 0; t < r->nsteps; t++)
	{
		int64		k = (int64) t * r->nloc + i;

		zs[t] = r->e.z[k];
		sig[t] = fdr_bin(r->e.z[k], r->e.p[k], r->cut) != 0;
	}
}

/* the z series, significance and pattern of location i */
static void
ehsa_location(const EhsaRun *r, int64 i, double *zs, unsigned char *sig, double *work,
			  EhsaClass *out)
{
	ehsa_location_series(r, i, zs, sig);
	ehsa_classify(zs, sig, r->nsteps, r->alpha, work, out);
}

/*
 * est._emerging(c, distance, time_steps, mask_cells, global_window, alpha, patterns_only): one
 * row per location; with patterns_only, only the locations with a pattern, whose trend tests
 * are the only ones run (ehsa_has_pattern decides without them)
 */
PG_FUNCTION_INFO_V1(ehsa_locations_c);
Datum
ehsa_locations_c(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		patterns_only = PG_NARGS() > 6 && !PG_ARGISNULL(6) && PG_GETARG_BOOL(6);
	EhsaRun		r;
	double	   *zs, *work;
	unsigned char *sig;
	int64		i;

	InitMaterializedSRF(fcinfo, 0);
	if (!ehsa_run(fcinfo, &r, true))
		return (Datum) 0;
	zs = palloc(sizeof(double) * r.nsteps);
	work = palloc(sizeof(double) * r.nsteps);
	sig = palloc(r.nsteps);
	for (i = 0; i < r.nloc; i++)
	{
		EhsaClass	cl;
		Datum		v[10];
		bool		nulls[10] = {false};
		int64		last = (int64) (r.nsteps - 1) * r.nloc + i;

		CHECK_FOR_INTERRUPTS();
		ehsa_location_series(&r, i, zs, sig);
		if (patterns_only && !ehsa_has_pattern(zs, sig, r.nsteps))
			continue;
		ehsa_classify(zs, sig, r.nsteps, r.alpha, work, &cl);
		v[0] = Int64GetDatum(grid_cell_id(r.col[i], r.row[i]));
		v[1] = Float8GetDatum(grid_centre(r.col[i], r.c->cell));
		v[2] = Float8GetDatum(grid_centre(r.row[i], r.c->cell));
		v[3] = CStringGetTextDatum(ehsa_category_name(cl.category));
		if (cl.trend.valid)
		{
			v[4] = Float8GetDatum(cl.trend.z);
			v[5] = Float8GetDatum(cl.trend.p);
		}
		else
			nulls[4] = nulls[5] = true;
		v[6] = Int32GetDatum(cl.hot);
		v[7] = Int32GetDatum(cl.cold);
		if (isnan(r.e.z[last]))
			nulls[8] = nulls[9] = true;
		else
		{
			v[8] = Float8GetDatum(r.e.z[last]);
			v[9] = Int32GetDatum(fdr_bin(r.e.z[last], r.e.p[last], r.cut));
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
	return (Datum) 0;
}

/* est._emerging_bins(...): one row per analysed bin, by location then step */
PG_FUNCTION_INFO_V1(ehsa_bins_c);
Datum
ehsa_bins_c(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	EhsaRun		r;
	int64		i;
	int32		t;

	InitMaterializedSRF(fcinfo, 0);
	if (!ehsa_run(fcinfo, &r, false))
		return (Datum) 0;
	for (i = 0; i < r.nloc; i++)
	{
		Datum		id = Int64GetDatum(grid_cell_id(r.col[i], r.row[i]));
		Datum		cx = Float8GetDatum(grid_centre(r.col[i], r.c->cell));
		Datum		cy = Float8GetDatum(grid_centre(r.row[i], r.c->cell));

		CHECK_FOR_INTERRUPTS();
		for (t = 0; t < r.nsteps; t++)
		{
			int64		k = (int64) t * r.nloc + i;
			int32		step = r.c->smin + t;
			Datum		v[9];
			bool		nulls[9] = {false};

			v[0] = id;
			v[1] = Int32GetDatum(step);
			if (r.c->step_us > 0)
				v[2] = TimestampTzGetDatum(r.c->origin + (int64) step * r.c->step_us);
			else
				nulls[2] = true;
			v[3] = cx;
			v[4] = cy;
			v[5] = Float8GetDatum(r.x[k]);
			if (isnan(r.e.z[k]))
				nulls[6] = nulls[7] = nulls[8] = true;
			else
			{
				v[6] = Float8GetDatum(r.e.z[k]);
				v[7] = Float8GetDatum(r.e.p[k]);
				v[8] = Int32GetDatum(fdr_bin(r.e.z[k], r.e.p[k], r.cut));
			}
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		}
	}
	return (Datum) 0;
}

static ArrayType *
float8_array(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * (n + 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return construct_array(d, n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/*
 * est._emerging_params(...): one record — locations, steps, bins, the largest spatial
 * neighbourhood, the window moments (one for 'cube', one per step otherwise), the bins without
 * a z, the BH cut-offs and the number of locations in each pattern.
 */
PG_FUNCTION_INFO_V1(ehsa_params_c);
Datum
ehsa_params_c(PG_FUNCTION_ARGS)
{
	EhsaRun		r;
	TupleDesc	td;
	Datum		v[14];
	bool		nulls[14] = {false};
	bool		any;
	int64		counts[EHSA_CATEGORIES] = {0};
	int			i;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "est._emerging_params must return a record");
	any = ehsa_run(fcinfo, &r, true);
	v[0] = Int64GetDatum(r.nloc);
	v[1] = Int32GetDatum(r.nsteps);
	v[2] = Int64GetDatum(r.nloc * r.nsteps);
	v[3] = Int64GetDatum(r.tested);
	for (i = 4; i < 14; i++)
		nulls[i] = true;
	if (any)
	{
		int			nm = r.window == EHSA_WINDOW_CUBE ? 1 : r.nsteps;
		double	   *n = palloc(sizeof(double) * nm);
		double	   *mean = palloc(sizeof(double) * nm);
		double	   *sd = palloc(sizeof(double) * nm);
		Datum	   *names = palloc(sizeof(Datum) * EHSA_CATEGORIES);
		Datum	   *cnt = palloc(sizeof(Datum) * EHSA_CATEGORIES);
		double	   *zs = palloc(sizeof(double) * r.nsteps);
		double	   *work = palloc(sizeof(double) * r.nsteps);
		unsigned char *sig = palloc(r.nsteps);
		int32		maxnb = 0;
		int64		k;

		for (k = 0; k < r.nloc; k++)
			maxnb = Max(maxnb, (int32) (r.start[k + 1] - r.start[k]));
		for (i = 0; i < nm; i++)
		{
			n[i] = (double) r.e.moments[i].n;
			mean[i] = r.e.moments[i].mean;
			sd[i] = r.e.moments[i].sd;
		}
		for (k = 0; k < r.nloc; k++)
		{
			EhsaClass	cl;

			CHECK_FOR_INTERRUPTS();
			ehsa_location(&r, k, zs, sig, work, &cl);
			counts[cl.category]++;
		}
		for (i = 0; i < EHSA_CATEGORIES; i++)
		{
			names[i] = CStringGetTextDatum(ehsa_category_name((EhsaCategory) i));
			cnt[i] = Int64GetDatum(counts[i]);
		}
		v[4] = Int32GetDatum(maxnb);
		v[5] = PointerGetDatum(float8_array(n, nm));
		v[6] = PointerGetDatum(float8_array(mean, nm));
		v[7] = PointerGetDatum(float8_array(sd, nm));
		for (i = 0; i < 3; i++)
			if (r.cut[i] >= 0)
				v[8 + i] = Float8GetDatum(r.cut[i]);
		for (i = 4; i < 8; i++)
			nulls[i] = false;
		for (i = 0; i < 3; i++)
			nulls[8 + i] = !(r.cut[i] >= 0);
		v[11] = PointerGetDatum(construct_array(names, EHSA_CATEGORIES, TEXTOID, -1, false, TYPALIGN_INT));
		v[12] = PointerGetDatum(construct_array(cnt, EHSA_CATEGORIES, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		v[13] = Int32GetDatum(r.c->smin);
		nulls[11] = nulls[12] = nulls[13] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/*
 * est._cube_locations(c, srid): the distinct cells with a point in some step (cell_id and
 * centre), after checking that a mask in SRID srid can be used with the cube.
 */
PG_FUNCTION_INFO_V1(ehsa_cube_locations_c);
Datum
ehsa_cube_locations_c(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cube	   *c = PG_GETARG_CUBE_P(0);
	int32		srid = PG_GETARG_INT32(1);
	int64	   *keys;
	int64		b, n = 0;

	if (srid != c->srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mask has SRID %d but the cube has SRID %d", srid, c->srid),
				 errhint("Transform the mask: ST_Transform(mask, %d).", c->srid)));
	InitMaterializedSRF(fcinfo, 0);
	keys = palloc_extended(sizeof(int64) * (c->nbins + 1), MCXT_ALLOC_HUGE);
	for (b = 0; b < c->nbins; b++)
		keys[b] = grid_cell_id(c->bins[b].col, c->bins[b].row);
	qsort(keys, c->nbins, sizeof(int64), cmp_int64);
	for (b = 0; b < c->nbins; b++)
	{
		Datum		v[3];
		bool		nulls[3] = {false};
		int32		col, row;

		if (n > 0 && keys[n - 1] == keys[b])
			continue;
		keys[n++] = keys[b];
		grid_cell_decode(keys[b], &col, &row);
		v[0] = Int64GetDatum(keys[b]);
		v[1] = Float8GetDatum(grid_centre(col, c->cell));
		v[2] = Float8GetDatum(grid_centre(row, c->cell));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
	return (Datum) 0;
}

/* est.ehsa_classify(z float8[], significant boolean[], trend_alpha): the pattern of one series */
PG_FUNCTION_INFO_V1(ehsa_classify_c);
Datum
ehsa_classify_c(PG_FUNCTION_ARGS)
{
	ArrayType  *za = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *sa = PG_GETARG_ARRAYTYPE_P(1);
	double		alpha = PG_GETARG_FLOAT8(2);
	Datum	   *zd, *sd;
	bool	   *zn, *sn;
	int			nz, ns, t;
	double	   *z, *work;
	unsigned char *sig;
	EhsaClass	cl;

	if (ARR_NDIM(za) > 1 || ARR_NDIM(sa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("z and significant must be one-dimensional arrays"),
				 errhint("Pass one location's series in time order: array_agg(z ORDER BY step).")));
	if (!(alpha > 0 && alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trend_alpha must lie between 0 and 1 (exclusive), not %g", alpha),
				 errhint("0.10 is the default.")));
	deconstruct_array(za, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &zd, &zn, &nz);
	deconstruct_array(sa, BOOLOID, 1, true, TYPALIGN_CHAR, &sd, &sn, &ns);
	if (nz != ns)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("z has %d elements but significant has %d", nz, ns),
				 errhint("Give one z and one significance flag per time step.")));
	if (nz == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("z and significant are empty"),
				 errhint("A series needs at least one time step.")));
	z = palloc(sizeof(double) * nz);
	work = palloc(sizeof(double) * nz);
	sig = palloc(nz);
	for (t = 0; t < nz; t++)
	{
		if (zn[t] || sn[t])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s holds NULL at position %d", zn[t] ? "z" : "significant", t + 1),
					 errhint("Every step needs a z and a significance flag; leave out a location whose z is undefined.")));
		z[t] = DatumGetFloat8(zd[t]);
		if (!isfinite(z[t]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("z holds %g at position %d", z[t], t + 1),
					 errhint("Pass finite z-scores.")));
		sig[t] = DatumGetBool(sd[t]) ? 1 : 0;
	}
	ehsa_classify(z, sig, nz, alpha, work, &cl);
	PG_RETURN_TEXT_P(cstring_to_text(ehsa_category_name(cl.category)));
}

/* ================================================================ est.gistar in C (branch perf) */

/*
 * est.gistar(c, distance, mask, fdr) straight from C: the rows of est._gistar with each cell's
 * square, written by core/square.c as PostGIS's ST_MakeEnvelope would make it (checked against
 * ST_MakeEnvelope, looked up once per call site in the schema of the geometry type, on the
 * first square of each call: cell_square below), and the mask turned into cells by
 * est.mask_cells.  The same rows as the SQL form SELECT ... FROM est.cube_info(c),
 * est._gistar(c, distance, est.mask_cells(c, mask), fdr) without a second materialisation of
 * every row by the SQL function.
 */
#include "catalog/namespace.h"
#include "catalog/pg_proc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

typedef struct GistarGeom
{
	FmgrInfo	envelope;		/* ST_MakeEnvelope(float8, float8, float8, float8, int4) */
	FmgrInfo	mask_cells;		/* est.mask_cells(est.cube, geometry) */
	MemoryContext rowcxt;		/* one row's square, reset per row */
	int			fast;			/* squares by core/square.c: -1 untried, 0 off, 1 on */
	char		square[VARHDRSZ + SQUARE_BODY_SIZE];	/* the row's square when fast */
} GistarGeom;

static GistarGeom *
gistar_geom_setup(FunctionCallInfo fcinfo)
{
	GistarGeom *g = (GistarGeom *) fcinfo->flinfo->fn_extra;
	HeapTuple	tp;
	Oid			cubetype, geomtype, nsp, estnsp;
	Oid			envargs[5] = {FLOAT8OID, FLOAT8OID, FLOAT8OID, FLOAT8OID, INT4OID};
	Oid			maskargs[2];

	if (g != NULL)
		return g;
	tp = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	cubetype = ((Form_pg_proc) GETSTRUCT(tp))->proargtypes.values[0];
	geomtype = ((Form_pg_proc) GETSTRUCT(tp))->proargtypes.values[2];
	estnsp = ((Form_pg_proc) GETSTRUCT(tp))->pronamespace;
	ReleaseSysCache(tp);
	tp = SearchSysCache1(TYPEOID, ObjectIdGetDatum(geomtype));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for type %u", geomtype);
	nsp = ((Form_pg_type) GETSTRUCT(tp))->typnamespace;
	ReleaseSysCache(tp);

	g = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(GistarGeom));
	fmgr_info_cxt(est_func_in(nsp, "st_makeenvelope", 5, envargs), &g->envelope,
				  fcinfo->flinfo->fn_mcxt);
	maskargs[0] = cubetype;
	maskargs[1] = geomtype;
	fmgr_info_cxt(est_func_in(estnsp, "mask_cells", 2, maskargs), &g->mask_cells,
				  fcinfo->flinfo->fn_mcxt);
	fcinfo->flinfo->fn_extra = g;
	return g;
}

/*
 * A cell's square: written by core/square.c once the first square of the call has come out
 * byte for byte the same as PostGIS's ST_MakeEnvelope, else made by ST_MakeEnvelope.  The
 * fast square lives in g->square until the next call (tuplestore_putvalues copies it).
 */
static Datum
cell_square(GistarGeom *g, double x0, double y0, double x1, double y1, int32 srid)
{
	Datum		e;
	struct varlena *ev;

	if (g->fast != 0)
	{
		SET_VARSIZE(g->square, VARHDRSZ + SQUARE_BODY_SIZE);
		square_gserialized((unsigned char *) VARDATA(g->square), srid, x0, y0, x1, y1);
		if (g->fast == 1)
			return PointerGetDatum(g->square);
	}
	e = FunctionCall5(&g->envelope, Float8GetDatum(x0), Float8GetDatum(y0), Float8GetDatum(x1),
					  Float8GetDatum(y1), Int32GetDatum(srid));
	if (g->fast == -1)
	{
		ev = (struct varlena *) DatumGetPointer(e);
		g->fast = (!VARATT_IS_EXTENDED(ev) && VARSIZE(ev) == VARHDRSZ + SQUARE_BODY_SIZE &&
				   memcmp(ev, g->square, VARHDRSZ + SQUARE_BODY_SIZE) == 0) ? 1 : 0;
	}
	return e;
}

static void
emit_cells_geom(const Layer *l, ReturnSetInfo *rsinfo)
{
	GistarGeom *g = (GistarGeom *) l->extra;
	double		half = l->c->cell / 2;
	int32		r, cc;

	for (r = 0; r < l->nrows; r++)
	{
		CHECK_FOR_INTERRUPTS();
		for (cc = 0; cc < l->ncols; cc++)
		{
			int64		k = (int64) r * l->ncols + cc;
			Datum		v[9];
			bool		nulls[9] = {false};
			double		x, y;
			MemoryContext old;

			if (!l->in[k])
				continue;
			x = grid_centre(l->col0 + cc, l->c->cell);
			y = grid_centre(l->row0 + r, l->c->cell);
			old = MemoryContextSwitchTo(g->rowcxt);
			v[0] = Int64GetDatum(grid_cell_id(l->col0 + cc, l->row0 + r));
			v[1] = Int32GetDatum(l->step);
			v[2] = Float8GetDatum(x);
			v[3] = Float8GetDatum(y);
			v[4] = cell_square(g, x - half, y - half, x + half, y + half, l->c->srid);
			v[5] = Float8GetDatum(l->x[k]);
			if (isnan(l->z[k]))
				nulls[6] = nulls[7] = nulls[8] = true;
			else
			{
				v[6] = Float8GetDatum(l->z[k]);
				v[7] = Float8GetDatum(l->p[k]);
				v[8] = Int32GetDatum(fdr_bin(l->z[k], l->p[k], l->cut));
			}
			MemoryContextSwitchTo(old);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
			MemoryContextReset(g->rowcxt);
		}
	}
}

/* est.gistar(c, distance, mask geometry, fdr) */
PG_FUNCTION_INFO_V1(gistar_geom);
Datum
gistar_geom(PG_FUNCTION_ARGS)
{
	GistarGeom *g;
	ArrayType  *mask = NULL;

	if (PG_ARGISNULL(0))
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;		/* no cube (no rows): no cells */
	}
	g = gistar_geom_setup(fcinfo);
	if (!PG_ARGISNULL(2))
	{
		/* est.mask_cells is strict and never returns NULL for a cube and a mask */
		mask = DatumGetArrayTypeP(FunctionCall2(&g->mask_cells, PG_GETARG_DATUM(0),
												PG_GETARG_DATUM(2)));
	}
	g->rowcxt = AllocSetContextCreate(CurrentMemoryContext, "est.gistar row",
									  ALLOCSET_SMALL_SIZES);
	g->fast = -1;
	gistar_run_with(fcinfo, emit_cells_geom, mask, g);
	MemoryContextDelete(g->rowcxt);
	g->rowcxt = NULL;
	return (Datum) 0;
}
