/*
 * period.c — fmgr wrappers of the period module: the est.tertial type and
 * the reporting-cycle functions.
 *
 * These functions convert arguments, check input and report errors; the
 * calendar arithmetic is in core/period.c.  Conversions between instants
 * (timestamptz) and local wall-clock values use the time zone database
 * through pg_tzset(), the same way timezone(text, timestamptz) does for a
 * full zone name, so results never depend on the session's TimeZone.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "core/period.h"

#define PG_GETARG_TERTIAL(n)	PG_GETARG_INT32(n)
#define PG_RETURN_TERTIAL(x)	PG_RETURN_INT32(x)

#define TERTIAL_RANGE_HINT "Tertials run from 0001-T1 to 9999-T3."
#define CYCLE_RANGE_HINT "Cycles are computed for local dates from 0001-01-01 to 9999-12-31."

/* ================================================================ helpers */

static pg_tz *
zone_or_null(const char *name)
{
	pg_tz	   *tz;

	if (name[0] == '\0')
		return NULL;
	tz = pg_tzset(name);
	/* leap-second zones are useless with PostgreSQL timestamps */
	if (tz == NULL || !pg_tz_acceptable(tz))
		return NULL;
	return tz;
}

static pg_tz *
zone_from_text(text *zone)
{
	char	   *name = text_to_cstring(zone);
	pg_tz	   *tz = zone_or_null(name);

	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized", name),
				 errhint("Use a time zone name listed in pg_timezone_names, e.g. Europe/Stockholm.")));
	pfree(name);
	return tz;
}

/* Local wall-clock value (as a timestamp) of an instant in a zone. */
static Timestamp
instant_to_local(TimestampTz at, pg_tz *tz)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;
	Timestamp	local;

	if (TIMESTAMP_NOT_FINITE(at) ||
		timestamp2tm(at, &tzoff, &tm, &fsec, NULL, tz) != 0 ||
		tm2timestamp(&tm, fsec, NULL, &local) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errhint("Use a finite timestamp.")));
	return local;
}

/*
 * The instant at which the clock in a zone reads a local value.  A local
 * value inside a skipped or repeated hour is resolved by PostgreSQL's rule
 * (DetermineTimeZoneOffset), exactly as in `local AT TIME ZONE zone`.
 */
static TimestampTz
local_to_instant(Timestamp local, pg_tz *tz)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;
	TimestampTz result;

	if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		goto out_of_range;
	tzoff = DetermineTimeZoneOffset(&tm, tz);
	if (tm2timestamp(&tm, fsec, &tzoff, &result) != 0 ||
		!IS_VALID_TIMESTAMP(result))
		goto out_of_range;
	return result;

out_of_range:
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range"),
			 errhint("The result must lie within PostgreSQL's timestamp range (4714 BC to 294276 AD).")));
	return 0;					/* keep compiler quiet */
}

static int32
tertial_of_day(int64 day)
{
	int64		y;
	int			m;
	int			d;
	int32		code;

	period_civil_from_days(day, &y, &m, &d);
	if (!period_tertial_of_month(y, m, &code))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("year %lld is out of range for type est.tertial",
						(long long) y),
				 errhint(TERTIAL_RANGE_HINT)));
	return code;
}

static Datum
make_bounded_range(Oid rangetype, Datum lo, Datum hi)
{
	TypeCacheEntry *typcache = lookup_type_cache(rangetype,
												 TYPECACHE_RANGE_INFO);
	RangeBound	lower;
	RangeBound	upper;

	lower.val = lo;
	lower.infinite = false;
	lower.inclusive = true;
	lower.lower = true;
	upper.val = hi;
	upper.infinite = false;
	upper.inclusive = false;
	upper.lower = false;
	return RangeTypePGetDatum(make_range(typcache, &lower, &upper, false));
}

/* ================================================================ tertial I/O */

PG_FUNCTION_INFO_V1(tertial_in);
Datum
tertial_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int32		code;

	if (!period_tertial_parse(str, &code))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type est.tertial: \"%s\"", str),
				 errhint("Write a tertial as YYYY-Tn or YYYYTn with n = 1, 2 or 3, e.g. 2024-T2.")));
	PG_RETURN_TERTIAL(code);
}

PG_FUNCTION_INFO_V1(tertial_out);
Datum
tertial_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(PERIOD_TERTIAL_TEXT_LEN);

	period_tertial_format(PG_GETARG_TERTIAL(0), buf, PERIOD_TERTIAL_TEXT_LEN);
	PG_RETURN_CSTRING(buf);
}

/* Binary format: the internal code year * 3 + (n - 1) as a 4-byte integer. */
PG_FUNCTION_INFO_V1(tertial_recv);
Datum
tertial_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		code = (int32) pq_getmsgint(buf, 4);

	if (!period_tertial_valid(code))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external est.tertial value %d", code),
				 errhint("The binary form is year * 3 + (n - 1) as a 4-byte integer, for years 1 to 9999.")));
	PG_RETURN_TERTIAL(code);
}

PG_FUNCTION_INFO_V1(tertial_send);
Datum
tertial_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, PG_GETARG_TERTIAL(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ================================================================ comparison */

#define TERTIAL_CMP_FN(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_TERTIAL(0) op PG_GETARG_TERTIAL(1)); \
}

TERTIAL_CMP_FN(tertial_eq, ==)
TERTIAL_CMP_FN(tertial_ne, !=)
TERTIAL_CMP_FN(tertial_lt, <)
TERTIAL_CMP_FN(tertial_le, <=)
TERTIAL_CMP_FN(tertial_gt, >)
TERTIAL_CMP_FN(tertial_ge, >=)

PG_FUNCTION_INFO_V1(tertial_cmp);
Datum
tertial_cmp(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_TERTIAL(0);
	int32		b = PG_GETARG_TERTIAL(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

PG_FUNCTION_INFO_V1(tertial_hash);
Datum
tertial_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_TERTIAL(0));
}

PG_FUNCTION_INFO_V1(tertial_hash_extended);
Datum
tertial_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_TERTIAL(0),
								(uint64) PG_GETARG_INT64(1));
}

PG_FUNCTION_INFO_V1(tertial_smaller);
Datum
tertial_smaller(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERTIAL(Min(PG_GETARG_TERTIAL(0), PG_GETARG_TERTIAL(1)));
}

PG_FUNCTION_INFO_V1(tertial_larger);
Datum
tertial_larger(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERTIAL(Max(PG_GETARG_TERTIAL(0), PG_GETARG_TERTIAL(1)));
}

/*
 * in_range support for window frames: RANGE BETWEEN n PRECEDING AND ...
 * over a tertial column, n counted in tertials.
 */
PG_FUNCTION_INFO_V1(tertial_in_range);
Datum
tertial_in_range(PG_FUNCTION_ARGS)
{
	int64		val = PG_GETARG_TERTIAL(0);
	int64		base = PG_GETARG_TERTIAL(1);
	int64		offset = PG_GETARG_INT32(2);
	bool		sub = PG_GETARG_BOOL(3);
	bool		less = PG_GETARG_BOOL(4);
	int64		bound;

	if (offset < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PRECEDING_OR_FOLLOWING_SIZE),
				 errmsg("invalid preceding or following size in window function"),
				 errhint("Use a number of tertials that is zero or more.")));
	bound = sub ? base - offset : base + offset;
	PG_RETURN_BOOL(less ? val <= bound : val >= bound);
}

/* ================================================================ constructors */

PG_FUNCTION_INFO_V1(tertial_from_timestamptz);
Datum
tertial_from_timestamptz(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	pg_tz	   *tz = zone_from_text(PG_GETARG_TEXT_PP(1));
	Timestamp	local = instant_to_local(at, tz);

	PG_RETURN_TERTIAL(tertial_of_day(period_floor_div(local,
													  PERIOD_USECS_PER_DAY)));
}

PG_FUNCTION_INFO_V1(tertial_from_timestamp);
Datum
tertial_from_timestamp(PG_FUNCTION_ARGS)
{
	Timestamp	local = PG_GETARG_TIMESTAMP(0);

	if (TIMESTAMP_NOT_FINITE(local))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cannot take the tertial of an infinite timestamp"),
				 errhint(TERTIAL_RANGE_HINT)));
	PG_RETURN_TERTIAL(tertial_of_day(period_floor_div(local,
													  PERIOD_USECS_PER_DAY)));
}

PG_FUNCTION_INFO_V1(tertial_from_date);
Datum
tertial_from_date(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cannot take the tertial of an infinite date"),
				 errhint(TERTIAL_RANGE_HINT)));
	PG_RETURN_TERTIAL(tertial_of_day(day));
}

PG_FUNCTION_INFO_V1(tertial_make);
Datum
tertial_make(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);
	int32		n = PG_GETARG_INT32(1);
	int32		code;

	if (!period_tertial_make(year, n, &code))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("tertial field value out of range: year %d, tertial %d",
						year, n),
				 errhint("The year must be 1 to 9999 and the tertial 1, 2 or 3.")));
	PG_RETURN_TERTIAL(code);
}

/* ================================================================ accessors */

PG_FUNCTION_INFO_V1(tertial_year);
Datum
tertial_year(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(period_tertial_year(PG_GETARG_TERTIAL(0)));
}

PG_FUNCTION_INFO_V1(tertial_number);
Datum
tertial_number(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(period_tertial_number(PG_GETARG_TERTIAL(0)));
}

PG_FUNCTION_INFO_V1(tertial_lower);
Datum
tertial_lower(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT((DateADT) period_tertial_first_day(PG_GETARG_TERTIAL(0)));
}

PG_FUNCTION_INFO_V1(tertial_upper);
Datum
tertial_upper(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT((DateADT) period_tertial_end_day(PG_GETARG_TERTIAL(0)));
}

PG_FUNCTION_INFO_V1(tertial_daterange);
Datum
tertial_daterange(PG_FUNCTION_ARGS)
{
	int32		code = PG_GETARG_TERTIAL(0);

	return make_bounded_range(DATERANGEOID,
							  DateADTGetDatum(period_tertial_first_day(code)),
							  DateADTGetDatum(period_tertial_end_day(code)));
}

PG_FUNCTION_INFO_V1(tertial_tstzrange);
Datum
tertial_tstzrange(PG_FUNCTION_ARGS)
{
	int32		code = PG_GETARG_TERTIAL(0);
	pg_tz	   *tz = zone_from_text(PG_GETARG_TEXT_PP(1));
	Timestamp	lo = period_tertial_first_day(code) * PERIOD_USECS_PER_DAY;
	Timestamp	hi = period_tertial_end_day(code) * PERIOD_USECS_PER_DAY;

	return make_bounded_range(TSTZRANGEOID,
							  TimestampTzGetDatum(local_to_instant(lo, tz)),
							  TimestampTzGetDatum(local_to_instant(hi, tz)));
}

PG_FUNCTION_INFO_V1(est_valid_time_zone);
Datum
est_valid_time_zone(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	bool		ok = zone_or_null(name) != NULL;

	pfree(name);
	PG_RETURN_BOOL(ok);
}

/* ================================================================ arithmetic */

static int32
tertial_plus(int32 code, int64 delta)
{
	int32		result;

	if (!period_tertial_add(code, delta, &result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("est.tertial out of range"),
				 errhint(TERTIAL_RANGE_HINT)));
	return result;
}

PG_FUNCTION_INFO_V1(tertial_pl_int4);
Datum
tertial_pl_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERTIAL(tertial_plus(PG_GETARG_TERTIAL(0), PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(int4_pl_tertial);
Datum
int4_pl_tertial(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERTIAL(tertial_plus(PG_GETARG_TERTIAL(1), PG_GETARG_INT32(0)));
}

PG_FUNCTION_INFO_V1(tertial_mi_int4);
Datum
tertial_mi_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERTIAL(tertial_plus(PG_GETARG_TERTIAL(0),
								   -(int64) PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(tertial_mi);
Datum
tertial_mi(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(period_tertial_diff(PG_GETARG_TERTIAL(0),
										PG_GETARG_TERTIAL(1)));
}

/* ================================================================ series */

typedef struct TertialSeries
{
	int64		current;
	int64		stop;
	int64		step;
} TertialSeries;

PG_FUNCTION_INFO_V1(tertial_series);
Datum
tertial_series(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	TertialSeries *state;

	if (SRF_IS_FIRSTCALL())
	{
		int32		step = PG_GETARG_INT32(2);
		MemoryContext oldcontext;

		if (step == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("step size cannot equal zero"),
					 errhint("Use a positive step to count forward or a negative one to count back.")));
		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		state = palloc(sizeof(TertialSeries));
		state->current = PG_GETARG_TERTIAL(0);
		state->stop = PG_GETARG_TERTIAL(1);
		state->step = step;
		funcctx->user_fctx = state;
		MemoryContextSwitchTo(oldcontext);
	}

	funcctx = SRF_PERCALL_SETUP();
	state = funcctx->user_fctx;

	/* all values are tertial codes (< 30000) or int32 steps: no overflow */
	if ((state->step > 0 && state->current <= state->stop) ||
		(state->step < 0 && state->current >= state->stop))
	{
		int32		result = (int32) state->current;

		state->current += state->step;
		SRF_RETURN_NEXT(funcctx, Int32GetDatum(result));
	}
	SRF_RETURN_DONE(funcctx);
}

/* ================================================================ cycles */

typedef struct CycleSpec
{
	pg_tz	   *tz;
	PeriodCycleRule rule;
	Interval	meeting_offset;
} CycleSpec;

/* Check and convert the arguments shared by cycle_at and cycle_series. */
static void
cycle_spec_from_args(FunctionCallInfo fcinfo, CycleSpec *spec)
{
	char	   *length = text_to_cstring(PG_GETARG_TEXT_PP(2));
	DateADT		anchor = PG_GETARG_DATEADT(3);
	TimeADT		cutoff = PG_GETARG_TIMEADT(4);

	spec->tz = zone_from_text(PG_GETARG_TEXT_PP(1));
	if (!period_cycle_length_parse(length, &spec->rule.length))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid cycle length \"%s\"", length),
				 errhint("Use 'weekly', 'fortnightly' or 'monthly'.")));
	if (DATE_NOT_FINITE(anchor) ||
		(int64) anchor * PERIOD_USECS_PER_DAY < PERIOD_LOCAL_MIN ||
		(int64) anchor * PERIOD_USECS_PER_DAY >= PERIOD_LOCAL_END)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cycle anchor date out of range"),
				 errhint(CYCLE_RANGE_HINT)));
	if (cutoff < 0 || cutoff >= PERIOD_USECS_PER_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cycle cut-off time must be before 24:00"),
				 errhint("Use 00:00 for midnight at the start of the day.")));
	spec->rule.anchor_day = anchor;
	spec->rule.cutoff_usecs = cutoff;
	spec->meeting_offset = *PG_GETARG_INTERVAL_P(5);
	pfree(length);
}

static TimestampTz
cycle_start(const CycleSpec *spec, int64 k)
{
	return local_to_instant(period_cycle_cutoff(&spec->rule, k), spec->tz);
}

/*
 * The cycle holding an instant.  The core answers on local wall-clock
 * values; a cut-off inside a skipped or repeated hour can shift the real
 * boundary by up to that hour, so check on instants and step k if needed.
 * Starts are monotonic in k (cut-offs are at least 7 days apart), hence
 * cycles tile: the end of cycle k is the start of cycle k + 1.
 */
static int64
cycle_index_at(const CycleSpec *spec, TimestampTz at,
			   TimestampTz *starts, TimestampTz *ends)
{
	Timestamp	local = instant_to_local(at, spec->tz);
	int64		k;
	int			i;

	if (local < PERIOD_LOCAL_MIN || local >= PERIOD_LOCAL_END)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for reporting cycles"),
				 errhint(CYCLE_RANGE_HINT)));
	k = period_cycle_index(&spec->rule, local);
	*starts = cycle_start(spec, k);
	*ends = cycle_start(spec, k + 1);
	for (i = 0; i < 4; i++)
	{
		if (at < *starts)
		{
			k--;
			*ends = *starts;
			*starts = cycle_start(spec, k);
		}
		else if (at >= *ends)
		{
			k++;
			*starts = *ends;
			*ends = cycle_start(spec, k + 1);
		}
		else
			return k;
	}
	elog(ERROR, "could not place timestamp in a reporting cycle");
	return 0;					/* keep compiler quiet */
}

static Datum
cycle_tuple(const CycleSpec *spec, int64 k, TimestampTz starts,
			TimestampTz ends, TupleDesc tupdesc)
{
	Timestamp	end_local = instant_to_local(ends, spec->tz);
	int64		meeting_local;
	char		label[16];
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (!period_local_add(end_local, spec->meeting_offset.month,
						  spec->meeting_offset.day,
						  spec->meeting_offset.time, &meeting_local))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("meeting time out of range"),
				 errhint("Use a meeting_offset of a few days, e.g. '1 day 2 hours'.")));
	period_cycle_label(spec->rule.length,
					   instant_to_local(ends - 1, spec->tz), label,
					   sizeof(label));

	if (k < PG_INT32_MIN || k > PG_INT32_MAX)
		elog(ERROR, "reporting cycle number out of range");
	values[0] = Int32GetDatum((int32) k);
	values[1] = TimestampTzGetDatum(starts);
	values[2] = TimestampTzGetDatum(ends);
	values[3] = TimestampTzGetDatum(local_to_instant(meeting_local, spec->tz));
	values[4] = PointerGetDatum(cstring_to_text(label));
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

static TupleDesc
cycle_result_desc(FunctionCallInfo fcinfo)
{
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning record called in context that cannot accept type record")));
	return BlessTupleDesc(tupdesc);
}

/*
 * est.cycle_at is typically called once per row with the same rule (a
 * municipality's configuration), so the checked rule and the blessed result
 * descriptor are kept in fn_extra and rebuilt only when an argument changes.
 */
typedef struct CycleAtCache
{
	text	   *zone;			/* copies of the rule arguments, the key */
	text	   *length;
	DateADT		anchor;
	TimeADT		cutoff;
	Interval	meeting_offset;
	CycleSpec	spec;
	TupleDesc	tupdesc;
} CycleAtCache;

static bool
text_equal(text *a, text *b)
{
	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

static const CycleSpec *
cycle_at_spec(FunctionCallInfo fcinfo, TupleDesc *tupdesc)
{
	CycleAtCache *cache = fcinfo->flinfo->fn_extra;
	text	   *zone = PG_GETARG_TEXT_PP(1);
	text	   *length = PG_GETARG_TEXT_PP(2);
	DateADT		anchor = PG_GETARG_DATEADT(3);
	TimeADT		cutoff = PG_GETARG_TIMEADT(4);
	Interval   *offset = PG_GETARG_INTERVAL_P(5);
	MemoryContext oldcontext;

	if (cache != NULL && text_equal(cache->zone, zone) &&
		text_equal(cache->length, length) && cache->anchor == anchor &&
		cache->cutoff == cutoff &&
		cache->meeting_offset.time == offset->time &&
		cache->meeting_offset.day == offset->day &&
		cache->meeting_offset.month == offset->month)
	{
		*tupdesc = cache->tupdesc;
		return &cache->spec;
	}

	/*
	 * Check the new rule first (this may raise an error): until it is known
	 * good, fn_extra holds no cache, so a failed call leaves nothing stale.
	 */
	fcinfo->flinfo->fn_extra = NULL;
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CycleAtCache));
		oldcontext = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->tupdesc = cycle_result_desc(fcinfo);
		MemoryContextSwitchTo(oldcontext);
	}
	cycle_spec_from_args(fcinfo, &cache->spec);

	/* the key: copies in fn_mcxt, replacing (not accumulating) the old ones */
	if (cache->zone)
		pfree(cache->zone);
	if (cache->length)
		pfree(cache->length);
	oldcontext = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	cache->zone = (text *) pg_detoast_datum_copy((struct varlena *) zone);
	cache->length = (text *) pg_detoast_datum_copy((struct varlena *) length);
	MemoryContextSwitchTo(oldcontext);
	cache->anchor = anchor;
	cache->cutoff = cutoff;
	cache->meeting_offset = *offset;
	fcinfo->flinfo->fn_extra = cache;
	*tupdesc = cache->tupdesc;
	return &cache->spec;
}

PG_FUNCTION_INFO_V1(est_cycle_at);
Datum
est_cycle_at(PG_FUNCTION_ARGS)
{
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(0);
	TupleDesc	tupdesc;
	const CycleSpec *spec = cycle_at_spec(fcinfo, &tupdesc);
	TimestampTz starts;
	TimestampTz ends;
	int64		k = cycle_index_at(spec, at, &starts, &ends);

	return cycle_tuple(spec, k, starts, ends, tupdesc);
}

typedef struct CycleSeries
{
	CycleSpec	spec;
	int64		next;
	int64		last;
} CycleSeries;

/*
 * Every cycle whose [starts, ends) overlaps the range (the && operator):
 * from the cycle holding the lower bound to the one holding the upper bound
 * (or the instant just before it, when the upper bound is exclusive).
 */
PG_FUNCTION_INFO_V1(est_cycle_series);
Datum
est_cycle_series(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	CycleSeries *state;

	if (SRF_IS_FIRSTCALL())
	{
		RangeType  *during = PG_GETARG_RANGE_P(0);
		TypeCacheEntry *typcache;
		RangeBound	lower;
		RangeBound	upper;
		bool		empty;
		TimestampTz first_starts;
		TimestampTz first_ends;
		MemoryContext oldcontext;

		typcache = lookup_type_cache(RangeTypeGetOid(during),
									 TYPECACHE_RANGE_INFO);
		range_deserialize(typcache, during, &lower, &upper, &empty);
		if (empty)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot list the reporting cycles of an empty range"),
					 errhint("Give a range with a start and an end, e.g. tstzrange('2024-01-01', '2024-05-01').")));
		if (lower.infinite || upper.infinite ||
			TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(lower.val)) ||
			TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(upper.val)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot list the reporting cycles of an unbounded range"),
					 errhint("Give a range with a start and an end, e.g. tstzrange('2024-01-01', '2024-05-01').")));

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		state = palloc(sizeof(CycleSeries));
		cycle_spec_from_args(fcinfo, &state->spec);
		state->next = cycle_index_at(&state->spec,
									 DatumGetTimestampTz(lower.val),
									 &first_starts, &first_ends);
		state->last = cycle_index_at(&state->spec,
									 DatumGetTimestampTz(upper.val) -
									 (upper.inclusive ? 0 : 1),
									 &first_starts, &first_ends);
		funcctx->user_fctx = state;
		funcctx->tuple_desc = cycle_result_desc(fcinfo);
		MemoryContextSwitchTo(oldcontext);
	}

	funcctx = SRF_PERCALL_SETUP();
	state = funcctx->user_fctx;
	CHECK_FOR_INTERRUPTS();
	if (state->next <= state->last)
	{
		Datum		result = cycle_tuple(&state->spec, state->next,
										 cycle_start(&state->spec, state->next),
										 cycle_start(&state->spec, state->next + 1),
										 funcctx->tuple_desc);

		state->next++;
		SRF_RETURN_NEXT(funcctx, result);
	}
	SRF_RETURN_DONE(funcctx);
}
