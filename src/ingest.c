/*
 * ingest.c — fmgr wrapper of the ingest module: est.csv_rows(), which reads
 * a whole CSV text into records (core/csv.c) so that a loader can stage the
 * good rows and reject each broken one with its line number.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "core/csv.h"

typedef struct FieldList
{
	Datum	   *values;
	int			n;
	int			cap;
} FieldList;

static void
add_field(void *ctx, const char *value, size_t len, bool quoted)
{
	FieldList  *f = ctx;

	if (f->n == f->cap)
	{
		f->cap *= 2;
		f->values = repalloc(f->values, sizeof(Datum) * f->cap);
	}
	f->values[f->n++] = PointerGetDatum(cstring_to_text_with_len(value, (int) len));
}

/*
 * est.csv_rows(content text, delimiter text DEFAULT ',')
 *   RETURNS TABLE (line_no integer, fields text[], error text)
 * One row per record: its first line, its fields, or NULL fields and the
 * reason when the record is malformed.
 */
PG_FUNCTION_INFO_V1(est_csv_rows);
Datum
est_csv_rows(PG_FUNCTION_ARGS)
{
	text	   *content = PG_GETARG_TEXT_PP(0);
	text	   *delim = PG_GETARG_TEXT_PP(1);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	CsvReader	reader;
	char	   *scratch;
	FieldList	fields;
	int			rc;

	if (VARSIZE_ANY_EXHDR(delim) != 1 || *VARDATA_ANY(delim) == '"' ||
		*VARDATA_ANY(delim) == '\n' || *VARDATA_ANY(delim) == '\r')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSV delimiter must be one character other than a quote or a line break"),
				 errhint("Use ',' (the default), ';' or E'\\t'.")));

	InitMaterializedSRF(fcinfo, 0);
	csv_init(&reader, VARDATA_ANY(content), VARSIZE_ANY_EXHDR(content), *VARDATA_ANY(delim));
	scratch = palloc(VARSIZE_ANY_EXHDR(content) + 1);
	fields.cap = 16;
	fields.values = palloc(sizeof(Datum) * fields.cap);

	for (;;)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		CHECK_FOR_INTERRUPTS();
		fields.n = 0;
		rc = csv_next(&reader, scratch, add_field, &fields);
		if (rc == 0)
			break;
		values[0] = Int32GetDatum(reader.record_line);
		if (rc > 0)
		{
			values[1] = PointerGetDatum(construct_array(fields.values, fields.n, TEXTOID, -1, false,
														TYPALIGN_INT));
			nulls[2] = true;
		}
		else
		{
			nulls[1] = true;
			values[2] = CStringGetTextDatum(reader.error);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		while (fields.n > 0)
			pfree(DatumGetPointer(fields.values[--fields.n]));
	}
	pfree(scratch);
	return (Datum) 0;
}
