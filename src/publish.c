/*
 * publish.c — fmgr wrapper of the publish module: small-count suppression of a locality ×
 * category table (core/suppress.c).  The views and tile functions are SQL (src/publish.sql).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "core/suppress.h"

static void *
mcxt_alloc(size_t size, void *ctx)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size, MCXT_ALLOC_HUGE);
}

static void
mcxt_free(void *p, void *ctx)
{
	pfree(p);
}

static void
interrupt(void *ctx)
{
	CHECK_FOR_INTERRUPTS();
}

/* a 1-D array argument without NULLs (NULL or empty: no elements) */
static void
int_array(FunctionCallInfo fcinfo, int argno, const char *what, Oid type, Datum **d, int *n)
{
	ArrayType  *a;
	bool	   *nulls;
	int			i;

	*d = NULL;
	*n = 0;
	if (PG_ARGISNULL(argno))
		return;
	a = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(a, type, type == INT8OID ? 8 : 4, type == INT8OID ? FLOAT8PASSBYVAL : true,
					  type == INT8OID ? TYPALIGN_DOUBLE : TYPALIGN_INT, d, &nulls, n);
	for (i = 0; i < *n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not hold NULL (element %d)", what, i + 1)));
}

/*
 * est.suppress_counts(parents int[], categories int, threshold int, loc int[], cat int[],
 *                     n bigint[])
 *   -> SETOF (loc int, col int, n bigint, suppressed boolean)
 *
 * Localities are 0-based positions: parents[l] = position of l's parent or -1.  The own counts
 * come sparse as (loc, cat, n) triples (repeated pairs are added).  One row per published
 * cell: every locality × the columns 0..categories-1 and categories (the total); n is the
 * count with its descendants, NULL when suppressed.
 */
PG_FUNCTION_INFO_V1(est_suppress_counts);
Datum
est_suppress_counts(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext work, old;
	Datum	   *dp, *dl, *dc, *dn;
	int			np, nl, nc, nn, i;
	int32		ncat, threshold, secondary;
	int32	   *parent;
	int64	   *own, *count;
	unsigned char *sup;
	SuppressEnv env;
	SuppressStatus st;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("suppress_counts: categories and threshold must not be NULL")));
	ncat = PG_GETARG_INT32(1);
	threshold = PG_GETARG_INT32(2);
	if (ncat < 0 || ncat > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("suppress_counts: categories must be 0..1000, not %d", ncat)));
	if (threshold < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("suppress_counts: threshold must be at least 1, not %d", threshold),
				 errhint("Counts from 1 to threshold - 1 are suppressed; 3 is the default.")));

	InitMaterializedSRF(fcinfo, 0);
	work = AllocSetContextCreate(CurrentMemoryContext, "est suppress", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);

	int_array(fcinfo, 0, "parents", INT4OID, &dp, &np);
	int_array(fcinfo, 3, "loc", INT4OID, &dl, &nl);
	int_array(fcinfo, 4, "cat", INT4OID, &dc, &nc);
	int_array(fcinfo, 5, "n", INT8OID, &dn, &nn);
	if (nl != nc || nl != nn)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("suppress_counts: loc, cat and n must have the same length (%d, %d, %d)", nl, nc, nn)));
	if ((int64) np * (ncat + 1) > SUPPRESS_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("suppress_counts: a table of %d localities × %d columns is larger than %d cells",
						np, ncat + 1, SUPPRESS_MAX_CELLS),
				 errhint("Publish fewer localities or categories per municipality.")));

	parent = palloc(sizeof(int32) * (np + 1));
	for (i = 0; i < np; i++)
		parent[i] = DatumGetInt32(dp[i]);
	own = palloc0(sizeof(int64) * ((Size) np * ncat + 1));
	for (i = 0; i < nl; i++)
	{
		int32		l = DatumGetInt32(dl[i]),
					c = DatumGetInt32(dc[i]);
		int64		v = DatumGetInt64(dn[i]);

		if (l < 0 || l >= np || c < 0 || c >= ncat)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("suppress_counts: element %d names locality %d, category %d outside the table (%d localities, %d categories)",
							i + 1, l, c, np, ncat)));
		if (v < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("suppress_counts: element %d is a negative count (%lld)", i + 1, (long long) v)));
		own[(Size) l * ncat + c] += v;
	}
	count = palloc(sizeof(int64) * ((Size) np * (ncat + 1) + 1));
	sup = palloc((Size) np * (ncat + 1) + 1);

	env.alloc = mcxt_alloc;
	env.dealloc = mcxt_free;
	env.interrupt = interrupt;
	env.ctx = work;
	st = suppress_table(np, parent, ncat, own, threshold, &env, count, sup, &secondary);
	switch (st)
	{
		case SUPPRESS_OK:
			break;
		case SUPPRESS_BAD_PARENT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("suppress_counts: parents must be positions 0..%d or -1, without cycles", np - 1)));
			break;
		case SUPPRESS_TOO_BIG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("suppress_counts: the table's equations are too large to check (more than %d cells or %d matrix entries)",
							SUPPRESS_MAX_CELLS, SUPPRESS_MAX_MATRIX),
					 errhint("Publish fewer localities or categories per municipality.")));
			break;
		default:
			elog(ERROR, "suppress_counts: unexpected status %d", (int) st);
	}

	MemoryContextSwitchTo(old);
	for (i = 0; i < np * (ncat + 1); i++)
	{
		Datum		v[4];
		bool		nulls[4] = {false, false, false, false};

		v[0] = Int32GetDatum(i / (ncat + 1));
		v[1] = Int32GetDatum(i % (ncat + 1));
		v[2] = Int64GetDatum(count[i]);
		nulls[2] = sup[i] != 0;
		v[3] = BoolGetDatum(sup[i] != 0);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
	}
	MemoryContextDelete(work);
	return (Datum) 0;
}
