/*
 * trend.c — fmgr wrappers of the trend module: the Mann–Kendall aggregates
 * and array functions, Sen's slope interval, the Poisson rate test and the
 * aoristic time profiles.  The maths is in core/mannkendall.c,
 * core/ratetest.c and core/profile.c; this file checks input, manages
 * aggregate memory and converts instants to local time.
 *
 * Aggregate states:
 *   - Mann–Kendall: `internal`, a growing array of points in the aggregate
 *     context, serialised as a bytea of the points for parallel workers;
 *   - profiles: a plain float8[] of the cells, updated in place when called
 *     as an aggregate (like float8_accum), so it combines anywhere.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "core/mannkendall.h"
#include "core/profile.h"
#include "core/ratetest.h"

#define MK_ALPHA 0.05
/* days between 1970-01-01 (the time origin of the aggregates) and 2000-01-01 */
#define UNIX_TO_PG_DAYS 10957.0
#define UNIX_TO_PG_SECS INT64CONST(946684800)

/* ================================================================ Mann–Kendall */

typedef struct MkState
{
	int64		n;
	int64		cap;
	MkPoint    *pts;
} MkState;

static MemoryContext
agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext ctx;

	if (!AggCheckCallContext(fcinfo, &ctx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fname)));
	return ctx;
}

static MkState *
mk_state_new(MemoryContext ctx)
{
	MkState    *st = MemoryContextAlloc(ctx, sizeof(MkState));

	st->n = 0;
	st->cap = 32;
	st->pts = MemoryContextAlloc(ctx, st->cap * sizeof(MkPoint));
	return st;
}

static void
mk_state_reserve(MkState *st, int64 extra)
{
	if (st->n + extra > MK_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("Mann–Kendall series has more than %d points", MK_MAX_POINTS),
				 errhint("Aggregate to coarser time steps (e.g. weekly counts) or test a shorter window; Sen's slope keeps every pairwise slope.")));
	if (st->n + extra > st->cap)
	{
		int64		cap = st->cap;

		while (cap < st->n + extra)
			cap *= 2;
		st->pts = repalloc(st->pts, cap * sizeof(MkPoint));
		st->cap = cap;
	}
}

static void
check_finite(double v, const char *what)
{
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite, got %s", what,
						isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity")),
				 errhint("Use NULL for a missing value: NULLs are skipped.")));
}

/*
 * Shared transition: time in argument 1 (already as float8 days or units),
 * value in argument 2, optional season in argument 3.
 */
static Datum
mk_trans_common(FunctionCallInfo fcinfo, double t, bool has_season)
{
	MemoryContext ctx = agg_context(fcinfo, "mann_kendall");
	MkState    *st = PG_ARGISNULL(0) ? NULL : (MkState *) PG_GETARG_POINTER(0);
	double		x;

	if (st == NULL)
		st = mk_state_new(ctx);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (has_season && PG_ARGISNULL(3)))
		PG_RETURN_POINTER(st);
	x = PG_GETARG_FLOAT8(2);
	check_finite(t, "time t");
	check_finite(x, "value x");
	mk_state_reserve(st, 1);
	st->pts[st->n].t = t;
	st->pts[st->n].x = x;
	st->pts[st->n].season = has_season ? PG_GETARG_INT32(3) : 0;
	st->pts[st->n].pad = 0;
	st->n++;
	PG_RETURN_POINTER(st);
}

static double
days_of_timestamptz(TimestampTz ts)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time t must be finite, got %s", TIMESTAMP_IS_NOBEGIN(ts) ? "-infinity" : "infinity"),
				 errhint("Use NULL for a missing time: NULLs are skipped.")));
	return (double) ts / (double) USECS_PER_DAY + UNIX_TO_PG_DAYS;
}

static double
days_of_date(DateADT d)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time t must be finite, got %s", DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity"),
				 errhint("Use NULL for a missing time: NULLs are skipped.")));
	return (double) d + UNIX_TO_PG_DAYS;
}

PG_FUNCTION_INFO_V1(est_mk_trans_f8);
Datum
est_mk_trans_f8(PG_FUNCTION_ARGS)
{
	return mk_trans_common(fcinfo, PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1), false);
}

PG_FUNCTION_INFO_V1(est_mk_trans_tstz);
Datum
est_mk_trans_tstz(PG_FUNCTION_ARGS)
{
	return mk_trans_common(fcinfo, PG_ARGISNULL(1) ? 0 :
						   days_of_timestamptz(PG_GETARG_TIMESTAMPTZ(1)), false);
}

PG_FUNCTION_INFO_V1(est_mk_trans_date);
Datum
est_mk_trans_date(PG_FUNCTION_ARGS)
{
	return mk_trans_common(fcinfo, PG_ARGISNULL(1) ? 0 :
						   days_of_date(PG_GETARG_DATEADT(1)), false);
}

PG_FUNCTION_INFO_V1(est_smk_trans_f8);
Datum
est_smk_trans_f8(PG_FUNCTION_ARGS)
{
	return mk_trans_common(fcinfo, PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1), true);
}

PG_FUNCTION_INFO_V1(est_smk_trans_tstz);
Datum
est_smk_trans_tstz(PG_FUNCTION_ARGS)
{
	return mk_trans_common(fcinfo, PG_ARGISNULL(1) ? 0 :
						   days_of_timestamptz(PG_GETARG_TIMESTAMPTZ(1)), true);
}

PG_FUNCTION_INFO_V1(est_smk_trans_date);
Datum
est_smk_trans_date(PG_FUNCTION_ARGS)
{
	return mk_trans_common(fcinfo, PG_ARGISNULL(1) ? 0 :
						   days_of_date(PG_GETARG_DATEADT(1)), true);
}

PG_FUNCTION_INFO_V1(est_mk_combine);
Datum
est_mk_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = agg_context(fcinfo, "mann_kendall combine");
	MkState    *a = PG_ARGISNULL(0) ? NULL : (MkState *) PG_GETARG_POINTER(0);
	MkState    *b = PG_ARGISNULL(1) ? NULL : (MkState *) PG_GETARG_POINTER(1);

	if (b == NULL || b->n == 0)
	{
		if (a == NULL)
			a = mk_state_new(ctx);
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = mk_state_new(ctx);
	mk_state_reserve(a, b->n);
	memcpy(a->pts + a->n, b->pts, b->n * sizeof(MkPoint));
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

/* bytea: the points as they are in memory (workers run the same binary) */
PG_FUNCTION_INFO_V1(est_mk_serialize);
Datum
est_mk_serialize(PG_FUNCTION_ARGS)
{
	MkState    *st = (MkState *) PG_GETARG_POINTER(0);
	Size		len = st->n * sizeof(MkPoint);
	bytea	   *out;

	agg_context(fcinfo, "mann_kendall serialize");
	out = palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	if (len > 0)
		memcpy(VARDATA(out), st->pts, len);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(est_mk_deserialize);
Datum
est_mk_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = agg_context(fcinfo, "mann_kendall deserialize");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	Size		len = VARSIZE_ANY_EXHDR(in);
	MkState    *st = mk_state_new(ctx);
	int64		n = len / sizeof(MkPoint);

	if (len % sizeof(MkPoint) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialised Mann–Kendall state of %zu bytes", len)));
	mk_state_reserve(st, n);
	if (n > 0)
		memcpy(st->pts, VARDATA_ANY(in), len);
	st->n = n;
	PG_RETURN_POINTER(st);
}

static Datum
mk_result_datum(FunctionCallInfo fcinfo, const MkResult *r, bool has_tau_b)
{
	TupleDesc	tupdesc;
	Datum		values[10];
	bool		nulls[10];

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);
	memset(nulls, true, sizeof(nulls));
	values[0] = Int64GetDatum(r->n);
	nulls[0] = false;
	if (r->valid)
	{
		values[1] = Int64GetDatum((int64) r->s);
		values[2] = Float8GetDatum(r->var_s);
		values[3] = Float8GetDatum(r->z);
		values[4] = Float8GetDatum(r->p);
		values[6] = Float8GetDatum(r->tau_a);
		values[9] = CStringGetTextDatum(r->direction > 0 ? "increasing" :
										r->direction < 0 ? "decreasing" : "no trend");
		nulls[1] = nulls[2] = nulls[3] = nulls[4] = nulls[6] = nulls[9] = false;
		if (has_tau_b && r->tau_b_valid)
		{
			values[5] = Float8GetDatum(r->tau_b);
			nulls[5] = false;
		}
		if (r->slope_valid)
		{
			values[7] = Float8GetDatum(r->slope);
			values[8] = Float8GetDatum(r->intercept);
			nulls[7] = nulls[8] = false;
		}
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* Runs the test on a copy of the points (the state stays as it was). */
static Datum
mk_run(FunctionCallInfo fcinfo, const MkPoint *src, int64 n, bool seasonal)
{
	MkPoint    *pts = palloc(Max(n, 1) * sizeof(MkPoint));
	double	   *work = palloc(mk_work_doubles(n) * sizeof(double));
	MkResult	r;
	Datum		result;

	if (n > 0)
		memcpy(pts, src, n * sizeof(MkPoint));
	if (seasonal)
		mk_seasonal(pts, n, MK_ALPHA, work, &r);
	else
		mk_test(pts, n, MK_ALPHA, work, &r);
	result = mk_result_datum(fcinfo, &r, !seasonal);
	pfree(pts);
	pfree(work);
	return result;
}

PG_FUNCTION_INFO_V1(est_mk_final);
Datum
est_mk_final(PG_FUNCTION_ARGS)
{
	MkState    *st = PG_ARGISNULL(0) ? NULL : (MkState *) PG_GETARG_POINTER(0);

	return mk_run(fcinfo, st ? st->pts : NULL, st ? st->n : 0, false);
}

PG_FUNCTION_INFO_V1(est_smk_final);
Datum
est_smk_final(PG_FUNCTION_ARGS)
{
	MkState    *st = PG_ARGISNULL(0) ? NULL : (MkState *) PG_GETARG_POINTER(0);

	return mk_run(fcinfo, st ? st->pts : NULL, st ? st->n : 0, true);
}

/* The elements of a one-dimensional float8[] at t = 1..n, NULLs skipped. */
static MkPoint *
points_of_array(ArrayType *arr, int64 *npts)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int			i;
	MkPoint    *pts;
	int64		n = 0;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("series x must be a one-dimensional array, got %d dimensions", ARR_NDIM(arr)),
				 errhint("Pass the values in time order as float8[].")));
	deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &nelems);
	if (nelems > MK_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("Mann–Kendall series has more than %d points", MK_MAX_POINTS),
				 errhint("Aggregate to coarser time steps (e.g. weekly counts) or test a shorter window; Sen's slope keeps every pairwise slope.")));
	pts = palloc(Max(nelems, 1) * sizeof(MkPoint));
	for (i = 0; i < nelems; i++)
	{
		double		x;

		if (nulls[i])
			continue;
		x = DatumGetFloat8(elems[i]);
		if (isnan(x) || isinf(x))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("element %d of series x must be finite, got %s", i + 1,
							isnan(x) ? "NaN" : (x > 0 ? "Infinity" : "-Infinity")),
					 errhint("Use NULL for a missing value: NULLs are skipped.")));
		pts[n].t = i + 1;
		pts[n].x = x;
		pts[n].season = 0;
		pts[n].pad = 0;
		n++;
	}
	*npts = n;
	return pts;
}

PG_FUNCTION_INFO_V1(est_mk_array);
Datum
est_mk_array(PG_FUNCTION_ARGS)
{
	int64		n;
	MkPoint    *pts = points_of_array(PG_GETARG_ARRAYTYPE_P(0), &n);

	return mk_run(fcinfo, pts, n, false);
}

PG_FUNCTION_INFO_V1(est_sen_slope_ci);
Datum
est_sen_slope_ci(PG_FUNCTION_ARGS)
{
	int64		n;
	MkPoint    *pts = points_of_array(PG_GETARG_ARRAYTYPE_P(0), &n);
	double		level = PG_GETARG_FLOAT8(1);
	double	   *work;
	double		slope, lo, hi;
	bool		lo_ok, hi_ok;
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {true, true, true};

	if (!(level > 0 && level < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level must be between 0 and 1 (exclusive), got %g", level),
				 errhint("Use e.g. 0.95 for a 95 %% interval.")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);
	work = palloc(mk_work_doubles(n) * sizeof(double));
	if (mk_sen_ci(pts, n, level, work, &slope, &lo, &lo_ok, &hi, &hi_ok))
	{
		values[0] = Float8GetDatum(slope);
		nulls[0] = false;
		if (lo_ok)
		{
			values[1] = Float8GetDatum(lo);
			nulls[1] = false;
		}
		if (hi_ok)
		{
			values[2] = Float8GetDatum(hi);
			nulls[2] = false;
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ================================================================ rate test */

static void
check_count(double v, const char *what)
{
	if (isnan(v) || isinf(v) || v < 0 || fabs(v - rint(v)) > 1e-7 * Max(1.0, fabs(v)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite non-negative whole number, got %g", what, v),
				 errhint("Pass counts of incidents; weight severity by testing counts per severity class.")));
}

static void
check_exposure(double v, const char *what)
{
	if (isnan(v) || isinf(v) || !(v > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite positive number, got %g", what, v),
				 errhint("Exposure is the length of the period (or population × time) the count was observed over.")));
}

/* the four numbers and the alternative of est.rate_test and est.rate_test_p, checked */
static RtAlternative
rate_args(FunctionCallInfo fcinfo, double *x1, double *t1, double *x2, double *t2)
{
	char	   *alt_text = text_to_cstring(PG_GETARG_TEXT_PP(4));
	RtAlternative alt;

	*x1 = PG_GETARG_FLOAT8(0);
	*t1 = PG_GETARG_FLOAT8(1);
	*x2 = PG_GETARG_FLOAT8(2);
	*t2 = PG_GETARG_FLOAT8(3);
	check_count(*x1, "observed");
	check_exposure(*t1, "exposure");
	check_count(*x2, "baseline");
	check_exposure(*t2, "baseline_exposure");
	if (!rt_alternative_parse(alt_text, &alt))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("alternative must be 'greater', 'less' or 'two.sided', got \"%s\"", alt_text),
				 errhint("'greater' tests whether the observed rate is higher than the baseline rate.")));
	if (*x1 + *x2 > 1e7)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("observed + baseline = %g exceeds the limit of 10000000 for the exact test", *x1 + *x2),
				 errhint("Counts this large need no exact test; compare the rates directly.")));
	*x1 = rint(*x1);
	*x2 = rint(*x2);
	return alt;
}

PG_FUNCTION_INFO_V1(est_rate_test);
Datum
est_rate_test(PG_FUNCTION_ARGS)
{
	double		x1, t1, x2, t2;
	RtAlternative alt = rate_args(fcinfo, &x1, &t1, &x2, &t2);
	double		conf = PG_GETARG_FLOAT8(5);
	RtResult	r;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (!(conf > 0 && conf < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("conf_level must be between 0 and 1 (exclusive), got %g", conf),
				 errhint("Use e.g. 0.95 for a 95 %% interval.")));
	rt_rate_test(x1, t1, x2, t2, alt, conf, &r);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(r.estimate);
	nulls[0] = !r.estimate_valid;
	values[1] = Float8GetDatum(r.p_value);
	values[2] = Float8GetDatum(r.conf_low);
	values[3] = Float8GetDatum(r.conf_high);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* est.rate_test_p: the p-value of est.rate_test alone, without the interval's root finding */
PG_FUNCTION_INFO_V1(est_rate_test_p);
Datum
est_rate_test_p(PG_FUNCTION_ARGS)
{
	double		x1, t1, x2, t2;
	RtAlternative alt = rate_args(fcinfo, &x1, &t1, &x2, &t2);

	PG_RETURN_FLOAT8(rt_rate_p(x1, t1, x2, t2, alt));
}

/* ================================================================ profiles */

/*
 * Per-call-site cache in fn_extra: the zone last looked up and the range
 * type's cache entry (range_get_typcache would also claim fn_extra).
 */
typedef struct ProfileCache
{
	char		name[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;
	Oid			rngtypid;
	TypeCacheEntry *typcache;
} ProfileCache;

static ProfileCache *
profile_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ProfileCache));
	return (ProfileCache *) fcinfo->flinfo->fn_extra;
}

static pg_tz *
cached_zone(ProfileCache *pc, const char *name)
{
	if (pc->tz != NULL && strcmp(pc->name, name) == 0)
		return pc->tz;
	pc->tz = NULL;
	if (strlen(name) <= TZ_STRLEN_MAX && name[0] != '\0')
		pc->tz = pg_tzset(name);
	if (pc->tz == NULL || !pg_tz_acceptable(pc->tz))
	{
		pc->tz = NULL;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized", name),
				 errhint("Use a time zone name listed in pg_timezone_names, e.g. Europe/Stockholm.")));
	}
	strlcpy(pc->name, name, sizeof(pc->name));
	return pc->tz;
}

/* UTC offset (seconds) in force at an instant, and the next change after it */
static long
zone_offset(TimestampTz at, pg_tz *tz, bool *has_next, TimestampTz *next)
{
	pg_time_t	sec = (pg_time_t) (at / USECS_PER_SEC - (at % USECS_PER_SEC < 0 ? 1 : 0)) +
		UNIX_TO_PG_SECS;
	long		before_off;
	int			before_dst;
	pg_time_t	boundary;
	long		after_off;
	int			after_dst;
	int			rc;

	rc = pg_next_dst_boundary(&sec, &before_off, &before_dst, &boundary,
							  &after_off, &after_dst, tz);
	if (rc < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cannot determine the UTC offset of the time zone at this instant")));
	*has_next = rc == 1;
	if (rc == 1)
		*next = (TimestampTz) (boundary - UNIX_TO_PG_SECS) * USECS_PER_SEC;
	return before_off;
}

typedef void (*ProfileAddFn) (double *cells, int64_t lo, int64_t hi, double w);
typedef int (*ProfileCellFn) (int64_t local);

static ArrayType *
new_cells(MemoryContext ctx, int ncells)
{
	MemoryContext old = MemoryContextSwitchTo(ctx);
	Datum	   *zeros = palloc(ncells * sizeof(Datum));
	ArrayType  *arr;
	int			i;

	for (i = 0; i < ncells; i++)
		zeros[i] = Float8GetDatum(0.0);
	arr = construct_array(zeros, ncells, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	pfree(zeros);
	MemoryContextSwitchTo(old);
	return arr;
}

static double *
cells_of(ArrayType *arr, int ncells, const char *fname)
{
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] != ncells || ARR_HASNULL(arr) ||
		ARR_ELEMTYPE(arr) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s: state must be a float8[] of %d cells without NULLs", fname, ncells)));
	return (double *) ARR_DATA_PTR(arr);
}

static Datum
profile_trans(FunctionCallInfo fcinfo, int ncells, ProfileAddFn add,
			  ProfileCellFn cell, const char *fname)
{
	MemoryContext ctx = agg_context(fcinfo, fname);
	ArrayType  *state;
	double	   *cells;
	RangeType  *range;
	TypeCacheEntry *typcache;
	RangeBound	lower;
	RangeBound	upper;
	bool		empty;
	pg_tz	   *tz;
	ProfileCache *pc;
	TimestampTz lo;
	TimestampTz hi;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	state = PG_ARGISNULL(0) ? new_cells(ctx, ncells) : PG_GETARG_ARRAYTYPE_P(0);
	cells = cells_of(state, ncells, fname);
	if (PG_NARGS() > 2 && PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: time zone must not be NULL", fname),
				 errhint("Pass the municipality's zone, e.g. 'Europe/Stockholm'.")));
	pc = profile_cache(fcinfo);
	if (PG_NARGS() > 2)
	{
		char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(2));

		tz = cached_zone(pc, name);
		pfree(name);
	}
	else
		tz = cached_zone(pc, "Europe/Stockholm");

	range = PG_GETARG_RANGE_P(1);
	if (pc->typcache == NULL || pc->rngtypid != RangeTypeGetOid(range))
	{
		pc->typcache = lookup_type_cache(RangeTypeGetOid(range), TYPECACHE_RANGE_INFO);
		pc->rngtypid = RangeTypeGetOid(range);
	}
	typcache = pc->typcache;
	range_deserialize(typcache, range, &lower, &upper, &empty);
	if (empty)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: occurred is an empty range", fname),
				 errhint("Write a point in time as tstzrange(t, t, '[]'); tstzrange(t, t) is empty.")));
	if (lower.infinite || upper.infinite ||
		TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(lower.val)) ||
		TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(upper.val)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: occurred must have finite bounds", fname),
				 errhint("An incident's window needs a known start and end; use NULL when the time is unknown.")));
	lo = DatumGetTimestampTz(lower.val);
	hi = DatumGetTimestampTz(upper.val);

	if (lo == hi)
	{
		bool		has_next;
		TimestampTz next;
		long		off = zone_offset(lo, tz, &has_next, &next);

		cells[cell(lo + (int64) off * USECS_PER_SEC)] += 1.0;
	}
	else
	{
		double		w = 1.0 / (double) (hi - lo);
		TimestampTz cur = lo;

		/* cut the window where the zone's UTC offset changes */
		while (cur < hi)
		{
			bool		has_next;
			TimestampTz next;
			long		off = zone_offset(cur, tz, &has_next, &next);
			TimestampTz end = (has_next && next > cur && next < hi) ? next : hi;

			add(cells, cur + (int64) off * USECS_PER_SEC,
				end + (int64) off * USECS_PER_SEC, w);
			cur = end;
			CHECK_FOR_INTERRUPTS();
		}
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(est_week_profile_trans);
Datum
est_week_profile_trans(PG_FUNCTION_ARGS)
{
	return profile_trans(fcinfo, PROFILE_WEEK_CELLS, profile_week_add,
						 profile_week_cell, "week_profile");
}

PG_FUNCTION_INFO_V1(est_month_profile_trans);
Datum
est_month_profile_trans(PG_FUNCTION_ARGS)
{
	return profile_trans(fcinfo, PROFILE_MONTH_CELLS, profile_month_add,
						 profile_month_cell, "month_profile");
}

/* Adds the second profile into the first (in place in aggregate context). */
PG_FUNCTION_INFO_V1(est_profile_combine);
Datum
est_profile_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = agg_context(fcinfo, "profile combine");
	ArrayType  *a;
	ArrayType  *b;
	double	   *ca;
	double	   *cb;
	int			n;
	int			i;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_ARRAYTYPE_P(PG_GETARG_ARRAYTYPE_P(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	if (PG_ARGISNULL(0))
	{
		MemoryContext old = MemoryContextSwitchTo(ctx);

		a = DatumGetArrayTypePCopy(PG_GETARG_DATUM(1));
		MemoryContextSwitchTo(old);
		PG_RETURN_ARRAYTYPE_P(a);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	n = ArrayGetNItems(ARR_NDIM(b), ARR_DIMS(b));
	if (n != PROFILE_WEEK_CELLS && n != PROFILE_MONTH_CELLS)
		n = -1;
	ca = cells_of(a, n, "profile combine");
	cb = cells_of(b, n, "profile combine");
	for (i = 0; i < n; i++)
		ca[i] += cb[i];
	PG_RETURN_ARRAYTYPE_P(a);
}
