/*
 * cube.c — fmgr wrappers of the cube module: the est.cube type, the binning aggregates
 * est.grid_agg / est.cube_agg and est.cube_cells, and the GUC est.max_cells.
 *
 * Geometry in: the transition functions take PostGIS geometry and read it through PostGIS's
 * own SQL-callable functions, looked up once per aggregate call site in the schema that
 * holds the geometry type: ST_SRID, GeometryType and the cast geometry -> point (x, y).
 * est.so neither links nor copies PostGIS and never reads its internal serialisation.
 * Geometry out (cell polygons) is built in SQL (src/cube.sql) with ST_MakeEnvelope.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_coerce.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/geo_decls.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "cube.h"
#include "core/binpack.h"
#include "core/cubewire.h"

/* 2000-01-03 00:00+01 (a Monday): 2 days less 1 hour after PostgreSQL's epoch */
#define CUBE_DEFAULT_ORIGIN (2 * USECS_PER_DAY - USECS_PER_HOUR)

int			est_max_cells = 50000000;

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomIntVariable("est.max_cells",
							"Most cell-steps the extent of a cube (or a mask) may span.",
							"A cube whose bounding box times its time steps would need more fails "
							"before allocating anything.",
							&est_max_cells, 50000000, 1, INT_MAX,
							PGC_USERSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("est");
}

void
cube_check_extent(double cells, const char *what)
{
	if (cells > (double) est_max_cells)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s would span %.0f cell-steps, more than est.max_cells (%d)",
						what, cells, est_max_cells),
				 errhint("Use a larger cell size or step, filter out stray points (e.g. at 0,0) "
						 "with a WHERE clause on the study area, or raise est.max_cells.")));
}

/* ================================================================ aggregate state */

/*
 * An aggregate state.  Transition functions sum into map (a dense window while the bins are
 * compact, else a hash: core/grid.c).  A state that comes out of deserialisation instead holds
 * a parallel worker's bins still packed (core/binpack.c), a part; combining parts keeps them
 * as they are, up to CUBE_MAX_PARTS, and the final function merges them in one pass straight
 * into the cube: the leader of a parallel aggregate never builds a window of its own.
 */
#define CUBE_MAX_PARTS 16

typedef struct CubePart
{
	unsigned char *packed;		/* the packed bins */
	size_t		len;			/* their bytes */
	uint32		nbins;
	BinPackExtent ext;			/* the extent they were packed in */
} CubePart;

typedef struct CubeState
{
	GridMap		map;
	int			nparts;			/* > 0: a state of parts (its map is empty) */
	CubePart	parts[CUBE_MAX_PARTS];
	int32		srid;
	double		cell;
	int64		step_us;		/* 0 = grid_agg */
	int64		origin;
	int32		cmin, cmax, rmin, rmax, smin, smax;
	bool		has_extent;		/* the extent fields are set */
} CubeState;

/* how a transition function reads geometry, cached in fn_extra */
typedef struct GeomReader
{
	FmgrInfo	srid_fn;
	FmgrInfo	type_fn;
	FmgrInfo	point_fn;
	Oid			nsp;			/* PostGIS schema */
	int32		srid_checked;	/* last SRID found to be projected */
	int			fast;			/* fast point reader: -1 untried, 0 off, 1 on */
} GeomReader;

static void *
ctx_alloc(size_t size, void *ctx)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

static void
ctx_free(void *ptr, void *ctx)
{
	pfree(ptr);
}

/* most cells of a dense window: 8M (72 MB), and never more than est.max_cells */
#define CUBE_DENSE_MAX	(UINT64CONST(1) << 23)

/* an empty map that starts dense, its memory in mcxt */
static void
state_init_map(CubeState *st, MemoryContext mcxt)
{
	grid_map_init_dense(&st->map, Min(CUBE_DENSE_MAX, (uint64) est_max_cells), ctx_alloc,
						ctx_free, mcxt);
}

/* a transition state, with an empty map that starts dense */
static CubeState *
state_new(MemoryContext mcxt)
{
	CubeState  *st = MemoryContextAllocZero(mcxt, sizeof(CubeState));

	state_init_map(st, mcxt);
	return st;
}

Oid
est_func_in(Oid nsp, const char *name, int nargs, Oid *argtypes)
{
	List	   *qname = list_make2(makeString(get_namespace_name(nsp)), makeString(pstrdup(name)));

	return LookupFuncName(qname, nargs, argtypes, false);
}

static GeomReader *
geom_reader(FunctionCallInfo fcinfo)
{
	GeomReader *gr = (GeomReader *) fcinfo->flinfo->fn_extra;
	HeapTuple	tp;
	Oid			geomtype;
	Oid			castfn;

	if (gr != NULL)
		return gr;
	/* the geometry type is this function's second argument type, from the catalogue */
	tp = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	geomtype = ((Form_pg_proc) GETSTRUCT(tp))->proargtypes.values[1];
	ReleaseSysCache(tp);

	gr = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(GeomReader));
	gr->fast = -1;
	tp = SearchSysCache1(TYPEOID, ObjectIdGetDatum(geomtype));
	if (!HeapTupleIsValid(tp))
		elog(ERROR, "cache lookup failed for type %u", geomtype);
	gr->nsp = ((Form_pg_type) GETSTRUCT(tp))->typnamespace;
	ReleaseSysCache(tp);
	fmgr_info_cxt(est_func_in(gr->nsp, "st_srid", 1, &geomtype), &gr->srid_fn,
				  fcinfo->flinfo->fn_mcxt);
	fmgr_info_cxt(est_func_in(gr->nsp, "geometrytype", 1, &geomtype), &gr->type_fn,
				  fcinfo->flinfo->fn_mcxt);
	if (find_coercion_pathway(POINTOID, geomtype, COERCION_EXPLICIT, &castfn) != COERCION_PATH_FUNC)
		elog(ERROR, "PostGIS cast geometry -> point not found");
	fmgr_info_cxt(castfn, &gr->point_fn, fcinfo->flinfo->fn_mcxt);
	fcinfo->flinfo->fn_extra = gr;
	return gr;
}

/* error unless the SRID is known and not geographic (looked up once per SRID) */
static void
check_srid(GeomReader *gr, int32 srid)
{
	char	   *q;
	Oid			argt = INT4OID;
	Datum		arg = Int32GetDatum(srid);
	bool		found = false;
	bool		geographic = false;

	if (srid > 0 && srid == gr->srid_checked)
		return;
	if (srid <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("geom has SRID %d: est bins points in a known projected coordinate system", srid),
				 errhint("Say what the coordinates are, e.g. ST_SetSRID(geom, 3006) for SWEREF 99 TM.")));
	q = psprintf("SELECT proj4text ~ '\\+proj=(longlat|latlong)' FROM %s.spatial_ref_sys WHERE srid = $1",
				 quote_identifier(get_namespace_name(gr->nsp)));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(q, 1, &argt, &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", q);
	if (SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		found = true;
		geographic = !isnull && DatumGetBool(d);
	}
	SPI_finish();
	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("geom has SRID %d, which is not in spatial_ref_sys", srid),
				 errhint("Use a coordinate system listed in spatial_ref_sys, e.g. 3006 (SWEREF 99 TM).")));
	if (geographic)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("geom has SRID %d, a geographic (longitude/latitude) coordinate system", srid),
				 errhint("Cells are squares in metres: transform first, e.g. ST_Transform(geom, 3006) "
						 "for Sweden or the local UTM zone elsewhere.")));
	gr->srid_checked = srid;
}

/*
 * The guarded fast path: a plain 2-D point in PostGIS 3's serialisation (GSERIALIZED v2,
 * liblwgeom/gserialized.txt) is 28 bytes after the varlena header: 3 bytes SRID (21 bits,
 * sign-extended), 1 flag byte = 0x40 (version 2; no Z, M, bounding box, geodetic or extended
 * flags), uint32 type = 1 (point), uint32 npoints = 1, float8 x, float8 y.  Anything else takes
 * the general path through PostGIS's functions, and the first row of every query is read both
 * ways: if they ever disagree (another PostGIS format) the fast path is off for that query.
 */
static bool
read_point_fast(Datum g, double *x, double *y, int32 *srid)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(g);
	const unsigned char *d;
	uint32		type, npoints;
	int32		s;

	if (VARATT_IS_EXTENDED(v) && !VARATT_IS_SHORT(v))
		return false;			/* compressed or toasted: not a bare point */
	if (VARSIZE_ANY_EXHDR(v) != 28)
		return false;
	d = (const unsigned char *) VARDATA_ANY(v);
	if (d[3] != 0x40)
		return false;
	memcpy(&type, d + 4, 4);
	memcpy(&npoints, d + 8, 4);
	if (type != 1 || npoints != 1)
		return false;
	s = (int32) (((uint32) d[0] << 16) | ((uint32) d[1] << 8) | (uint32) d[2]);
	*srid = (int32) ((uint32) s << 11) >> 11;
	memcpy(x, d + 12, 8);
	memcpy(y, d + 20, 8);
	return true;
}

/* the general path: ST_SRID, GeometryType and the cast to point, through the function manager */
static void
read_point_fmgr(GeomReader *gr, Datum g, double *x, double *y, int32 *srid)
{
	text	   *type;
	char	   *tname;
	Datum		pt;
	Point	   *p;
	LOCAL_FCINFO(cf, 1);

	*srid = DatumGetInt32(FunctionCall1(&gr->srid_fn, g));
	check_srid(gr, *srid);
	type = DatumGetTextPP(FunctionCall1(&gr->type_fn, g));
	tname = text_to_cstring(type);
	if (strcmp(tname, "POINT") != 0 && strcmp(tname, "POINTM") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("geom is a %s; est bins points", tname),
				 errhint("Give each incident as one point, e.g. ST_PointOnSurface(geom).")));
	/* the cast returns NULL for an empty point: call it without the strict shortcut */
	InitFunctionCallInfoData(*cf, &gr->point_fn, 1, InvalidOid, NULL, NULL);
	cf->args[0].value = g;
	cf->args[0].isnull = false;
	pt = FunctionCallInvoke(cf);
	if (cf->isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("geom is an empty point: it has no coordinates"),
				 errhint("Leave out rows without a location: WHERE NOT ST_IsEmpty(geom).")));
	p = DatumGetPointP(pt);
	*x = p->x;
	*y = p->y;
}

static void
read_point(FunctionCallInfo fcinfo, int argno, double *x, double *y, int32 *srid)
{
	GeomReader *gr = geom_reader(fcinfo);
	Datum		g;
	double		fx, fy;
	int32		fsrid;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("geom is NULL: every incident binned needs a location"),
				 errhint("Leave out rows without a location: WHERE geom IS NOT NULL.")));
	g = PG_GETARG_DATUM(argno);
	if (gr->fast != 0 && read_point_fast(g, &fx, &fy, &fsrid))
	{
		if (gr->fast == -1)
		{
			read_point_fmgr(gr, g, x, y, srid);
			gr->fast = (memcmp(x, &fx, sizeof(double)) == 0 && memcmp(y, &fy, sizeof(double)) == 0 &&
						*srid == fsrid) ? 1 : 0;
		}
		else
		{
			*x = fx;
			*y = fy;
			*srid = fsrid;
			check_srid(gr, *srid);
		}
	}
	else
		read_point_fmgr(gr, g, x, y, srid);
	if (!isfinite(*x) || !isfinite(*y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("geom has a coordinate that is not a finite number (%g %g)", *x, *y),
				 errhint("Repair or leave out the row: coordinates must be finite numbers.")));
}

static double
arg_double(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s is NULL", name),
				 errhint("Give %s a value.", name)));
	return PG_GETARG_FLOAT8(argno);
}

static double
arg_cell(FunctionCallInfo fcinfo, int argno)
{
	double		cell = arg_double(fcinfo, argno, "cell_size");

	if (!(cell > 0) || !isfinite(cell))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell_size must be a positive finite number of CRS units, not %g", cell),
				 errhint("Use e.g. 100 or 250 (metres).")));
	return cell;
}

static double
arg_weight(FunctionCallInfo fcinfo, int argno)
{
	double		w;

	if (argno >= PG_NARGS())
		return 1.0;
	w = arg_double(fcinfo, argno, "weight");
	if (!isfinite(w))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight must be a finite number, not %g", w),
				 errhint("Use 1 to count incidents.")));
	return w;
}

static int64
arg_step(FunctionCallInfo fcinfo, int argno)
{
	Interval   *iv;
	int64		us;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("step is NULL"),
				 errhint("Give the length of a time step, e.g. interval '14 days'.")));
	iv = PG_GETARG_INTERVAL_P(argno);
	if (iv->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step must have a fixed length; months and years vary"),
				 errhint("Give the step in days, hours or less, e.g. interval '28 days'.")));
	if (pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, iv->time, &us) || us <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step must be a positive interval"),
				 errhint("Give the length of a time step, e.g. interval '14 days'.")));
	return us;
}

static TimestampTz
finite_ts(TimestampTz t, const char *name)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite timestamp", name),
				 errhint("Leave out rows with an infinite time.")));
	return t;
}

/* the optional origin argument (the start of step 0); the default when absent */
static TimestampTz
arg_origin(FunctionCallInfo fcinfo, int argno)
{
	if (argno >= PG_NARGS())
		return CUBE_DEFAULT_ORIGIN;
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("origin is NULL"),
				 errhint("Give the start of step 0, e.g. '2000-01-03 00:00+01' (a Monday).")));
	return finite_ts(PG_GETARG_TIMESTAMPTZ(argno), "origin");
}

/* state of this call, created on the first row with the row's parameters */
static CubeState *
state_for_row(FunctionCallInfo fcinfo, int32 srid, double cell, int64 step, int64 origin)
{
	MemoryContext aggcxt;
	CubeState  *st;

	if (PG_ARGISNULL(0))
	{
		/* the first row: the aggregate context (later rows bring the state made here) */
		if (!AggCheckCallContext(fcinfo, &aggcxt))
			elog(ERROR, "est cube transition function called in non-aggregate context");
		st = state_new(aggcxt);
		st->srid = srid;
		st->cell = cell;
		st->step_us = step;
		st->origin = origin;
		return st;
	}
	st = (CubeState *) PG_GETARG_POINTER(0);
	if (st->srid != srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("points with SRID %d and %d in one cube", st->srid, srid),
				 errhint("Transform every point to one coordinate system first.")));
	if (st->cell != cell)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell_size %g and %g in one cube", st->cell, cell),
				 errhint("Give one constant cell size per aggregate.")));
	if (st->step_us != step || st->origin != origin)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("different steps or origins in one cube"),
				 errhint("Give one constant step and origin per aggregate.")));
	return st;
}

/* widen the extent to the point's cell and steps s0..s1, checking est.max_cells first */
static void
state_extend(CubeState *st, int32 col, int32 row, int32 s0, int32 s1)
{
	int32		cmin = col, cmax = col, rmin = row, rmax = row, smin = s0, smax = s1;

	if (st->has_extent)
	{
		cmin = Min(cmin, st->cmin);
		cmax = Max(cmax, st->cmax);
		rmin = Min(rmin, st->rmin);
		rmax = Max(rmax, st->rmax);
		smin = Min(smin, st->smin);
		smax = Max(smax, st->smax);
		if (cmin == st->cmin && cmax == st->cmax && rmin == st->rmin && rmax == st->rmax &&
			smin == st->smin && smax == st->smax)
			return;
	}
	cube_check_extent(grid_extent_cells(cmin, cmax, rmin, rmax, smin, smax), "the cube");
	st->cmin = cmin;
	st->cmax = cmax;
	st->rmin = rmin;
	st->rmax = rmax;
	st->smin = smin;
	st->smax = smax;
	st->has_extent = true;
}

/* the error of a cube that would hold more than GRID_MAX_BINS bins */
static void
too_many_bins(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("a cube holds at most %u non-empty cell-steps", (unsigned) GRID_MAX_BINS),
			 errhint("Use a larger cell size or step.")));
}

static void
state_add(CubeState *st, int32 col, int32 row, int32 step, double w)
{
	if (!grid_map_add(&st->map, col, row, step, w))
		too_many_bins();
}

static void
point_cell(double x, double y, double cell, int32 *col, int32 *row)
{
	if (!grid_index(x, cell, col) || !grid_index(y, cell, row))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("point (%g %g) is too far from the origin for cell_size %g", x, y, cell),
				 errhint("Cell columns and rows are 32-bit; use a larger cell size.")));
}

static int32
time_step(TimestampTz t, int64 origin, int64 step)
{
	int32		k;

	if (!grid_step_index(t, origin, step, &k))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("time is too far from origin for this step"),
				 errhint("Choose an origin near the data or a longer step.")));
	return k;
}

/* ================================================================ transition functions */

/*
 * The hot path of the transition functions, for a row after the first: its point read by the
 * checked fast reader (a plain 2-D point, fast == 1 once the first row agreed with PostGIS) in
 * the state's SRID (checked on the first row), with the state's cell size, falls in a cell of
 * the extent so far and step k of it.  Adds w and returns true; false sends the row down the
 * general path, which raises every error and widens the extent (NaN and infinite coordinates
 * fail the comparisons and go there too).
 */
static inline bool
fast_add(FunctionCallInfo fcinfo, CubeState *st, int cellarg, int32 k, double w)
{
	GeomReader *gr = (GeomReader *) fcinfo->flinfo->fn_extra;
	double		x, y, fc, fr;
	int32		srid, col, row;

	if (gr == NULL || gr->fast != 1 || !st->has_extent || st->nparts > 0 ||
		PG_ARGISNULL(1) || PG_ARGISNULL(cellarg) || PG_GETARG_FLOAT8(cellarg) != st->cell ||
		k < st->smin || k > st->smax || !isfinite(w))
		return false;
	if (!read_point_fast(PG_GETARG_DATUM(1), &x, &y, &srid) || srid != st->srid)
		return false;
	fc = floor(x / st->cell);
	fr = floor(y / st->cell);
	if (!(fc >= st->cmin && fc <= st->cmax && fr >= st->rmin && fr <= st->rmax))
		return false;
	col = (int32) fc;
	row = (int32) fr;
	if (!grid_map_add_batched(&st->map, col, row, k, w))
		state_add(st, col, row, k, w);
	return true;
}

/* the weight of a hot-path row (argument argno, 1 when absent); NaN when NULL */
static inline double
fast_weight(FunctionCallInfo fcinfo, int argno)
{
	if (argno >= PG_NARGS())
		return 1.0;
	return PG_ARGISNULL(argno) ? get_float8_nan() : PG_GETARG_FLOAT8(argno);
}

/* est.grid_agg(geom, cell_size [, weight]) */
PG_FUNCTION_INFO_V1(grid_agg_trans);
Datum
grid_agg_trans(PG_FUNCTION_ARGS)
{
	double		x, y, cell, w;
	int32		srid, col, row;
	CubeState  *st;

	if (!PG_ARGISNULL(0) &&
		fast_add(fcinfo, (CubeState *) PG_GETARG_POINTER(0), 2, 0, fast_weight(fcinfo, 3)))
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	read_point(fcinfo, 1, &x, &y, &srid);
	cell = arg_cell(fcinfo, 2);
	w = arg_weight(fcinfo, 3);
	st = state_for_row(fcinfo, srid, cell, 0, 0);
	point_cell(x, y, cell, &col, &row);
	state_extend(st, col, row, 0, 0);
	state_add(st, col, row, 0, w);
	PG_RETURN_POINTER(st);
}

/* est.cube_agg(geom, occurred timestamptz, cell_size, step [, origin [, weight]]) */
PG_FUNCTION_INFO_V1(cube_agg_trans);
Datum
cube_agg_trans(PG_FUNCTION_ARGS)
{
	double		x, y, cell, w;
	int32		srid, col, row, k;
	int64		step;
	TimestampTz origin;
	TimestampTz t;
	CubeState  *st;

	if (!PG_ARGISNULL(0) && !PG_ARGISNULL(2) && !PG_ARGISNULL(4) &&
		(PG_NARGS() <= 5 || !PG_ARGISNULL(5)))
	{
		Interval   *iv = PG_GETARG_INTERVAL_P(4);
		int64		us;

		st = (CubeState *) PG_GETARG_POINTER(0);
		t = PG_GETARG_TIMESTAMPTZ(2);
		origin = PG_NARGS() > 5 ? PG_GETARG_TIMESTAMPTZ(5) : CUBE_DEFAULT_ORIGIN;
		if (iv->month == 0 && !pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &us) &&
			!pg_add_s64_overflow(us, iv->time, &us) && us == st->step_us &&
			origin == st->origin && !TIMESTAMP_NOT_FINITE(t) &&
			grid_step_index(t, origin, us, &k) &&
			fast_add(fcinfo, st, 3, k, fast_weight(fcinfo, 6)))
			PG_RETURN_POINTER(st);
	}
	read_point(fcinfo, 1, &x, &y, &srid);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("occurred is NULL: every incident binned needs a time"),
				 errhint("Leave out rows without a time: WHERE occurred IS NOT NULL.")));
	t = finite_ts(PG_GETARG_TIMESTAMPTZ(2), "occurred");
	cell = arg_cell(fcinfo, 3);
	step = arg_step(fcinfo, 4);
	origin = arg_origin(fcinfo, 5);
	w = arg_weight(fcinfo, 6);
	st = state_for_row(fcinfo, srid, cell, step, origin);
	point_cell(x, y, cell, &col, &row);
	k = time_step(t, origin, step);
	state_extend(st, col, row, k, k);
	state_add(st, col, row, k, w);
	PG_RETURN_POINTER(st);
}

/* est.cube_agg(geom, occurred tstzrange, cell_size, step [, origin [, weight]]): aoristic */
PG_FUNCTION_INFO_V1(cube_agg_range_trans);
Datum
cube_agg_range_trans(PG_FUNCTION_ARGS)
{
	double		x, y, cell, w;
	int32		srid, col, row, k0, k1, k;
	int64		step;
	TimestampTz origin;
	RangeType  *r;
	RangeBound	lo, hi;
	bool		empty;
	CubeState  *st;

	read_point(fcinfo, 1, &x, &y, &srid);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("occurred is NULL: every incident binned needs a time window"),
				 errhint("Leave out rows without a time: WHERE occurred IS NOT NULL.")));
	r = PG_GETARG_RANGE_P(2);
	range_deserialize(lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO), r, &lo, &hi, &empty);
	if (empty || lo.infinite || hi.infinite)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("occurred must be a bounded, non-empty time window"),
				 errhint("Give the window from the earliest to the latest possible time, e.g. tstzrange(from, to).")));
	cell = arg_cell(fcinfo, 3);
	step = arg_step(fcinfo, 4);
	origin = arg_origin(fcinfo, 5);
	w = arg_weight(fcinfo, 6);
	st = state_for_row(fcinfo, srid, cell, step, origin);
	point_cell(x, y, cell, &col, &row);
	{
		TimestampTz a = finite_ts(DatumGetTimestampTz(lo.val), "occurred");
		TimestampTz b = finite_ts(DatumGetTimestampTz(hi.val), "occurred");

		k0 = time_step(a, origin, step);
		if (b <= a)
		{
			/* a window of length zero is an instant */
			state_extend(st, col, row, k0, k0);
			state_add(st, col, row, k0, w);
			PG_RETURN_POINTER(st);
		}
		k1 = time_step(b - 1, origin, step);
		state_extend(st, col, row, k0, k1);
		for (k = k0; k <= k1; k++)
		{
			double		share = grid_aoristic_share(a, b, origin, step, k);

			if (((k - k0) & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();

			if (share > 0)
				state_add(st, col, row, k, w * share);
			if (k == INT32_MAX)
				break;
		}
	}
	PG_RETURN_POINTER(st);
}

/* ================================================================ combine, serialise, final */

/* the parameters of two states must agree to combine them */
static void
state_check_same(const CubeState *into, const CubeState *from)
{
	if (into->srid != from->srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("points with SRID %d and %d in one cube", into->srid, from->srid),
				 errhint("Transform every point to one coordinate system first.")));
	if (into->cell != from->cell || into->step_us != from->step_us || into->origin != from->origin)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("different cell sizes, steps or origins in one cube"),
				 errhint("Give one constant cell size, step and origin per aggregate.")));
}

/* the extent of a state, for packing */
static BinPackExtent
state_extent(const CubeState *st)
{
	BinPackExtent e = {0, 0, 0, 0, 0, 0};

	if (st->has_extent)
	{
		e.cmin = st->cmin;
		e.cmax = st->cmax;
		e.rmin = st->rmin;
		e.rmax = st->rmax;
		e.smin = st->smin;
		e.smax = st->smax;
	}
	return e;
}

/* a bin into a map state (the hot path when it falls in the window) */
static inline void
state_add_bin(CubeState *st, const GridBin *b)
{
	if (!grid_map_add_batched(&st->map, b->col, b->row, b->step, b->w))
		state_add(st, b->col, b->row, b->step, b->w);
}

static void
add_walked(const GridBin *b, void *arg)
{
	state_add_bin((CubeState *) arg, b);
}

static void
packed_damaged(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("a parallel worker's part of a cube is damaged: %s", why)));
}

static uint64
state_parts_bins(const CubeState *st)
{
	uint64		n = 0;
	int			i;

	for (i = 0; i < st->nparts; i++)
		n += st->parts[i].nbins;
	return n;
}

/* bins decoded ahead per part in a merge */
#define MERGE_BATCH 512

/*
 * The bins of a state of parts, merged: a k-way merge of the packed streams in step, row,
 * column order (each key once per part; weights summed in part order), one call of fn a bin.
 * Each part is decoded MERGE_BATCH bins at a time into keys of the state's extent
 * (binunpack_keys), so the merge compares integers and the output's column, row and step
 * follow its keys along (binpack_locate).
 */
static void
state_parts_merge(const CubeState *st, grid_walk_fn fn, void *arg)
{
	BinUnpacker u[CUBE_MAX_PARTS];
	uint64	   *kbuf;
	double	   *wbuf;
	int			have[CUBE_MAX_PARTS];	/* decoded bins in the buffer */
	int			at[CUBE_MAX_PARTS];		/* the head's place in it */
	uint64		key[CUBE_MAX_PARTS];	/* the head's key; done: max */
	BinPackExtent to = state_extent(st);
	uint64		nc = (uint64) ((int64) st->cmax - st->cmin + 1);
	uint64		nr = (uint64) ((int64) st->rmax - st->rmin + 1);
	int64		last = -1;		/* the last output's key; its column, row, step: */
	uint64		oc = 0, orow = 0, os = 0;
	int			i, k = st->nparts;
	uint32		nout = 0;

	kbuf = palloc(sizeof(uint64) * MERGE_BATCH * k);
	wbuf = palloc(sizeof(double) * MERGE_BATCH * k);
	for (i = 0; i < k; i++)
	{
		binunpack_start(&u[i], st->parts[i].packed, st->parts[i].len, &st->parts[i].ext,
						st->parts[i].nbins);
		have[i] = at[i] = 0;
	}
	/* the next bin of part i as its head (refilling its buffer when read through) */
#define NEXT_HEAD(i) \
	do { \
		if (++at[i] >= have[i]) \
		{ \
			have[i] = binunpack_keys(&u[i], &to, kbuf + (i) * MERGE_BATCH, wbuf + (i) * MERGE_BATCH, \
									 MERGE_BATCH); \
			if (have[i] < 0) \
				packed_damaged(u[i].why); \
			at[i] = 0; \
		} \
		key[i] = at[i] < have[i] ? kbuf[(i) * MERGE_BATCH + at[i]] : PG_UINT64_MAX; \
	} while (0)
	for (i = 0; i < k; i++)
	{
		at[i] = -1;
		NEXT_HEAD(i);
	}
	for (;;)
	{
		uint64		min = PG_UINT64_MAX;
		int			m = -1;
		GridBin		out;
		double		w;

		for (i = 0; i < k; i++)
			if (key[i] < min)
			{
				min = key[i];
				m = i;
			}
		if (m < 0)
			break;
		w = wbuf[m * MERGE_BATCH + at[m]];
		NEXT_HEAD(m);
		for (i = m + 1; i < k; i++)
			if (key[i] == min)
			{
				w += wbuf[i * MERGE_BATCH + at[i]];
				NEXT_HEAD(i);
			}
		binpack_locate(last, min, nc, nr, &oc, &orow, &os);
		last = (int64) min;
		out.col = (int32) (st->cmin + (int64) oc);
		out.row = (int32) (st->rmin + (int64) orow);
		out.step = (int32) (st->smin + (int64) os);
		out.used = 1;
		out.w = w;
		if ((++nout & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		fn(&out, arg);
	}
#undef NEXT_HEAD
	pfree(kbuf);
	pfree(wbuf);
}

/* frees the packed bins of a state's parts that live in mcxt and forgets them all */
static void
state_drop_parts(CubeState *st, MemoryContext mcxt)
{
	int			i;

	for (i = 0; i < st->nparts; i++)
		if (GetMemoryChunkContext(st->parts[i].packed) == mcxt)
			pfree(st->parts[i].packed);
	st->nparts = 0;
}

/* makes a state of parts a map state: its bins added to its (empty) map */
static void
state_parts_to_map(CubeState *st, MemoryContext mcxt)
{
	if (st->nparts == 0)
		return;
	if (st->map.alloc == NULL)
		state_init_map(st, mcxt);	/* a deserialised state has no map yet */
	(void) grid_map_cover(&st->map, st->cmin, st->cmax, st->rmin, st->rmax, st->smin,
						  st->smax, state_parts_bins(st));
	/* the parts are read, not changed, while the map fills */
	state_parts_merge(st, add_walked, st);
	state_drop_parts(st, mcxt);
}

/*
 * Combines from into into.  Parts join parts (taken over when they live in mcxt, else
 * copied); otherwise into becomes a map state and from's bins are added to it in step, row,
 * column order, its window first stretched over the combined extent when that fits.  from is
 * left as it is, except that parts taken over are no longer its own.
 */
static void
state_combine(CubeState *into, CubeState *from, MemoryContext mcxt)
{
	uint64		nb = from->nparts > 0 ? state_parts_bins(from) : grid_map_count(&from->map);
	int			i;

	state_check_same(into, from);
	if (nb == 0)
		return;
	state_extend(into, from->cmin, from->rmin, from->smin, from->smin);
	state_extend(into, from->cmax, from->rmax, from->smax, from->smax);
	if (from->nparts > 0 && into->nparts + from->nparts <= CUBE_MAX_PARTS &&
		(into->nparts > 0 || grid_map_count(&into->map) == 0))
	{
		for (i = 0; i < from->nparts; i++)
		{
			CubePart   *p = &into->parts[into->nparts++];

			*p = from->parts[i];
			if (GetMemoryChunkContext(p->packed) != mcxt)
			{
				p->packed = MemoryContextAllocExtended(mcxt, p->len + 1, MCXT_ALLOC_HUGE);
				memcpy(p->packed, from->parts[i].packed, p->len);
			}
		}
		from->nparts = 0;
		return;
	}
	state_parts_to_map(into, mcxt);
	(void) grid_map_cover(&into->map, into->cmin, into->cmax, into->rmin, into->rmax,
						  into->smin, into->smax, (uint64) grid_map_count(&into->map) + nb);
	if (from->nparts > 0)
	{
		state_parts_merge(from, add_walked, into);
		state_drop_parts(from, mcxt);
	}
	else
		grid_map_walk(&from->map, add_walked, into);
}

/* a new, empty map state with from's parameters, in mcxt */
static CubeState *
state_like(const CubeState *from, MemoryContext mcxt)
{
	CubeState  *st = state_new(mcxt);

	st->srid = from->srid;
	st->cell = from->cell;
	st->step_us = from->step_us;
	st->origin = from->origin;
	return st;
}

PG_FUNCTION_INFO_V1(cube_agg_combine);
Datum
cube_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CubeState  *a = PG_ARGISNULL(0) ? NULL : (CubeState *) PG_GETARG_POINTER(0);
	CubeState  *b = PG_ARGISNULL(1) ? NULL : (CubeState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "est cube combine function called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		/* take b over when it lives in the aggregate context */
		if (GetMemoryChunkContext(b) == aggcxt)
			PG_RETURN_POINTER(b);
		a = state_like(b, aggcxt);
	}
	state_combine(a, b, aggcxt);
	PG_RETURN_POINTER(a);
}

static void
count_walked(const GridBin *b, void *arg)
{
	(*(uint32 *) arg)++;
}

static void
cube_walked(const GridBin *b, void *arg)
{
	Cube	   *c = (Cube *) arg;
	GridBin    *o = &c->bins[c->nbins++];

	*o = *b;
	o->used = 1;
}

/* the fixed part of a cube (or of a packed part) of a state */
static void
cube_header(Cube *c, const CubeState *st, uint32 nbins)
{
	memset(c, 0, offsetof(Cube, bins));
	c->version = CUBE_VERSION;
	c->srid = st->srid;
	c->nbins = (int32) nbins;
	c->cell = st->cell;
	c->step_us = st->step_us;
	c->origin = st->origin;
	c->cmin = st->cmin;
	c->cmax = st->cmax;
	c->rmin = st->rmin;
	c->rmax = st->rmax;
	c->smin = st->smin;
	c->smax = st->smax;
}

/*
 * The cube of a state, in the current context; bins sorted.  Applying a map's pending adds
 * changes how it holds its bins, not what they are.
 */
static Cube *
state_to_cube(const CubeState *st)
{
	CubeState  *s = (CubeState *) st;
	uint64		most = s->nparts > 0 ? state_parts_bins(s) : grid_map_count(&s->map);
	Cube	   *c = palloc_extended(CUBE_SIZE(Min(most, (uint64) GRID_MAX_BINS + 1)), MCXT_ALLOC_HUGE);

	cube_header(c, st, 0);
	if (s->nparts > 0)
	{
		if (most > GRID_MAX_BINS)
		{
			/* merged they may be fewer; count first */
			uint32		n = 0;

			state_parts_merge(s, count_walked, &n);
			if (n > GRID_MAX_BINS)
				too_many_bins();
		}
		state_parts_merge(s, cube_walked, c);
	}
	else
		grid_map_walk(&s->map, cube_walked, c);
	SET_VARSIZE(c, CUBE_SIZE(c->nbins));
	return c;
}

PG_FUNCTION_INFO_V1(cube_agg_final);
Datum
cube_agg_final(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "est cube final function called in non-aggregate context");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(state_to_cube((CubeState *) PG_GETARG_POINTER(0)));
}

static void
pack_walked(const GridBin *b, void *arg)
{
	if (!binpack_put((BinPacker *) arg, b->col, b->row, b->step, b->w))
		elog(ERROR, "est cube bin (%d, %d, %d) outside the state's extent", b->col, b->row, b->step);
}

/*
 * Packs a dense state's bins straight from its window, the extent's rows one after another
 * (binpack_cells), without a call per bin; false (nothing packed) when the state is not dense.
 */
static bool
pack_window(CubeState *st, BinPacker *p)
{
	int64		width = (int64) st->cmax - st->cmin + 1;
	uint32		nc;
	int64		r, s;
	uint64		first = 0;

	if (!st->has_extent || grid_map_count(&st->map) == 0 || width > (int64) CUBE_DENSE_MAX)
		return false;
	nc = (uint32) width;
	/* the whole extent in the window? (then so is each of its rows) */
	if (grid_map_window_row(&st->map, st->cmin, nc, st->rmin, st->smin) == NULL ||
		grid_map_window_row(&st->map, st->cmin, nc, st->rmax, st->smax) == NULL)
		return false;
	for (s = st->smin; s <= st->smax; s++)
	{
		CHECK_FOR_INTERRUPTS();
		for (r = st->rmin; r <= st->rmax; r++, first += nc)
		{
			const double *row = grid_map_window_row(&st->map, st->cmin, nc, (int32) r, (int32) s);

			if (row == NULL || !binpack_cells(p, first, row, nc))
				elog(ERROR, "est cube row (%d, %d) outside the state's window", (int) r, (int) s);
		}
	}
	return true;
}

/*
 * The serial form of a state: the cube's fixed part, then its bins packed (core/binpack.c),
 * about 2 bytes a bin of counts in place of 24, as bytea.
 */
PG_FUNCTION_INFO_V1(cube_agg_serialize);
Datum
cube_agg_serialize(PG_FUNCTION_ARGS)
{
	CubeState  *st;
	uint64		n;
	Cube	   *c;
	BinPacker	p;
	BinPackExtent e;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "est cube serial function called in non-aggregate context");
	st = (CubeState *) PG_GETARG_POINTER(0);
	n = st->nparts > 0 ? state_parts_bins(st) : grid_map_count(&st->map);
	if (n > GRID_MAX_BINS)
	{
		/* parts that overlap may merge into fewer bins: count them first */
		uint32		merged = 0;

		state_parts_merge(st, count_walked, &merged);
		if (merged > GRID_MAX_BINS)
			too_many_bins();
		n = merged;
	}
	c = palloc_extended(offsetof(Cube, bins) + (Size) n * BINPACK_MAX_BIN, MCXT_ALLOC_HUGE);
	cube_header(c, st, 0);
	e = state_extent(st);
	binpack_start(&p, (unsigned char *) c->bins, &e);
	if (st->nparts > 0)
		state_parts_merge(st, pack_walked, &p);
	else if (!pack_window(st, &p))
		grid_map_walk(&st->map, pack_walked, &p);
	c->nbins = (int32) p.nbins;
	SET_VARSIZE(c, offsetof(Cube, bins) + p.len);
	PG_RETURN_BYTEA_P((bytea *) c);
}

/* a state of one part: the serialised bins, still packed */
PG_FUNCTION_INFO_V1(cube_agg_deserialize);
Datum
cube_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bytea	   *v = PG_GETARG_BYTEA_P(0);
	Cube	   *c = (Cube *) v;
	CubeState  *st;
	size_t		len = VARSIZE(v);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "est cube deserial function called in non-aggregate context");
	if (len < offsetof(Cube, bins) || c->version != CUBE_VERSION || c->nbins < 0 ||
		c->nbins > GRID_MAX_BINS)
		packed_damaged("its header is wrong");
	st = MemoryContextAllocZero(aggcxt, sizeof(CubeState));
	st->srid = c->srid;
	st->cell = c->cell;
	st->step_us = c->step_us;
	st->origin = c->origin;
	st->cmin = c->cmin;
	st->cmax = c->cmax;
	st->rmin = c->rmin;
	st->rmax = c->rmax;
	st->smin = c->smin;
	st->smax = c->smax;
	st->has_extent = c->nbins > 0;
	if (c->nbins > 0)
	{
		CubePart   *p = &st->parts[0];

		st->nparts = 1;
		p->nbins = (uint32) c->nbins;
		p->len = len - offsetof(Cube, bins);
		p->ext = state_extent(st);
		p->packed = MemoryContextAllocExtended(aggcxt, p->len + 1, MCXT_ALLOC_HUGE);
		memcpy(p->packed, c->bins, p->len);
	}
	PG_RETURN_POINTER(st);
}

/* ================================================================ type I/O */

PG_FUNCTION_INFO_V1(cube_in);
Datum
cube_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("est.cube has no text input"),
			 errhint("Build a cube with est.grid_agg or est.cube_agg; keep its cells with est.cube_cells.")));
	PG_RETURN_NULL();
}

static double
cube_total(const Cube *c)
{
	long double t = 0;
	int32		i;

	for (i = 0; i < c->nbins; i++)
		t += c->bins[i].w;
	return (double) t;
}

/* "est.cube(SRID 26910, cell 250, step 7 days from <origin>, steps 0..51, 120 bins, total 21918)" */
PG_FUNCTION_INFO_V1(cube_out);
Datum
cube_out(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfo(&s, "est.cube(SRID %d, cell %s", c->srid,
					 DatumGetCString(DirectFunctionCall1(float8out, Float8GetDatum(c->cell))));
	if (c->step_us > 0)
	{
		Interval	iv = {0};

		iv.day = (int32) (c->step_us / USECS_PER_DAY);
		iv.time = c->step_us % USECS_PER_DAY;
		appendStringInfo(&s, ", step %s from %s, steps %d..%d",
						 DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(&iv))),
						 DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(c->origin))),
						 c->smin, c->smax);
	}
	appendStringInfo(&s, ", columns %d..%d, rows %d..%d, %d bins, total %s)",
					 c->cmin, c->cmax, c->rmin, c->rmax, c->nbins,
					 DatumGetCString(DirectFunctionCall1(float8out, Float8GetDatum(cube_total(c)))));
	PG_RETURN_CSTRING(s.data);
}

PG_FUNCTION_INFO_V1(cube_send);
Datum
cube_send(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);
	StringInfoData buf;
	int32		i;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, c->version);
	pq_sendint32(&buf, c->srid);
	pq_sendint32(&buf, c->nbins);
	pq_sendfloat8(&buf, c->cell);
	pq_sendint64(&buf, c->step_us);
	pq_sendint64(&buf, c->origin);
	pq_sendint32(&buf, c->cmin);
	pq_sendint32(&buf, c->cmax);
	pq_sendint32(&buf, c->rmin);
	pq_sendint32(&buf, c->rmax);
	pq_sendint32(&buf, c->smin);
	pq_sendint32(&buf, c->smax);
	for (i = 0; i < c->nbins; i++)
	{
		pq_sendint32(&buf, c->bins[i].col);
		pq_sendint32(&buf, c->bins[i].row);
		pq_sendint32(&buf, c->bins[i].step);
		pq_sendfloat8(&buf, c->bins[i].w);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
bad_binary(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external est.cube value: %s", what),
			 errhint("Send a value produced by est.cube_send (see docs/cube.md).")));
}

PG_FUNCTION_INFO_V1(cube_recv);
Datum
cube_recv(PG_FUNCTION_ARGS)
{
	/* (reliab) the parsing is core/cubewire.c, so that it can be fuzzed without a server */
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const unsigned char *p = (const unsigned char *) buf->data + buf->cursor;
	size_t		len = (size_t) (buf->len - buf->cursor);
	CubeWireHeader h;
	const char *why = NULL;
	CubeWireStatus st;
	Cube	   *c;

	st = cube_wire_header(p, len, CUBE_VERSION, GRID_MAX_BINS, &h, &why);
	if (st == CUBE_WIRE_SHORT)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("insufficient data left in message")));
	if (st != CUBE_WIRE_OK)
		bad_binary(why);
	cube_check_extent(grid_extent_cells(h.cmin, h.cmax, h.rmin, h.rmax, h.smin, h.smax),
					  "the cube");
	c = palloc_extended(CUBE_SIZE(h.nbins), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	SET_VARSIZE(c, CUBE_SIZE(h.nbins));
	c->version = h.version;
	c->srid = h.srid;
	c->nbins = h.nbins;
	c->cell = h.cell;
	c->step_us = h.step_us;
	c->origin = h.origin;
	c->cmin = h.cmin;
	c->cmax = h.cmax;
	c->rmin = h.rmin;
	c->rmax = h.rmax;
	c->smin = h.smin;
	c->smax = h.smax;
	if (cube_wire_bins(p, len, &h, c->bins, &why) != CUBE_WIRE_OK)
		bad_binary(why);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(c);
}

/* ================================================================ reading a cube */

/* est._cube_cells(c) -> (cell_id, step, step_start, x, y, n); geometry added in SQL */
PG_FUNCTION_INFO_V1(cube_cells_c);
Datum
cube_cells_c(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cube	   *c = PG_GETARG_CUBE_P(0);
	int32		i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < c->nbins; i++)
	{
		const GridBin *b = &c->bins[i];
		Datum		v[6];
		bool		nulls[6] = {false};

		CHECK_FOR_INTERRUPTS();
		v[0] = Int64GetDatum(grid_cell_id(b->col, b->row));
		v[1] = Int32GetDatum(b->step);
		if (c->step_us > 0)
			v[2] = TimestampTzGetDatum(c->origin + (int64) b->step * c->step_us);
		else
			nulls[2] = true;
		v[3] = Float8GetDatum(grid_centre(b->col, c->cell));
		v[4] = Float8GetDatum(grid_centre(b->row, c->cell));
		v[5] = Float8GetDatum(b->w);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
	return (Datum) 0;
}

/* est.cube_info(c): the parameters and extent of a cube */
PG_FUNCTION_INFO_V1(cube_info);
Datum
cube_info(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);
	TupleDesc	td;
	Datum		v[12];
	bool		nulls[12] = {false};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "est.cube_info must return a record");
	v[0] = Int32GetDatum(c->srid);
	v[1] = Float8GetDatum(c->cell);
	if (c->step_us > 0)
	{
		Interval   *iv = palloc0(sizeof(Interval));

		iv->day = (int32) (c->step_us / USECS_PER_DAY);
		iv->time = c->step_us % USECS_PER_DAY;
		v[2] = IntervalPGetDatum(iv);
		v[3] = TimestampTzGetDatum(c->origin);
	}
	else
		nulls[2] = nulls[3] = true;
	v[4] = Int32GetDatum(c->smin);
	v[5] = Int32GetDatum(c->smax);
	v[6] = Int32GetDatum(c->nbins);
	v[7] = Float8GetDatum(cube_total(c));
	v[8] = Float8GetDatum((double) c->cmin * c->cell);
	v[9] = Float8GetDatum((double) c->rmin * c->cell);
	v[10] = Float8GetDatum(((double) c->cmax + 1) * c->cell);
	v[11] = Float8GetDatum(((double) c->rmax + 1) * c->cell);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* est.cell_id(x, y, cell_size): the id of the cell holding (x, y) */
PG_FUNCTION_INFO_V1(cube_cell_id);
Datum
cube_cell_id(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		y = PG_GETARG_FLOAT8(1);
	double		cell = arg_cell(fcinfo, 2);
	int32		col, row;

	if (!isfinite(x) || !isfinite(y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x and y must be finite numbers"),
				 errhint("Give the coordinates of a point in the cube's CRS.")));
	point_cell(x, y, cell, &col, &row);
	PG_RETURN_INT64(grid_cell_id(col, row));
}
