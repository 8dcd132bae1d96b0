/*
 * assess.c — fmgr wrappers of the assess module: est.assess() and
 * est.assess_rules_default().  The rules and their arithmetic are in
 * core/grade.c; this file converts the indicator record and the rules jsonb,
 * checks them and builds the result record.
 */
#include "postgres.h"

#include <math.h>
#include <stddef.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "core/grade.h"

typedef struct RuleKey
{
	const char *key;
	size_t		offset;
} RuleKey;

#define RK(f) {#f, offsetof(GradeRules, f)}
static const RuleKey rule_keys[] = {
	RK(min_count), RK(excess_alpha), RK(excess_alpha_high), RK(excess_ratio_high),
	RK(excess_points), RK(excess_high_points), RK(trend_alpha), RK(trend_points),
	RK(severe_one), RK(severe_one_points), RK(severe_many), RK(severe_many_points),
	RK(hot_one), RK(hot_one_points), RK(hot_many), RK(hot_many_points),
	RK(emerging_points), RK(survey_threshold), RK(survey_points), RK(coverage_min),
	{"grade_2", offsetof(GradeRules, grade_at)},
	{"grade_3", offsetof(GradeRules, grade_at) + sizeof(double)},
	{"grade_4", offsetof(GradeRules, grade_at) + 2 * sizeof(double)},
	{"grade_5", offsetof(GradeRules, grade_at) + 3 * sizeof(double)},
};
#define NRULEKEYS (sizeof(rule_keys) / sizeof(rule_keys[0]))

#define RULES_HINT "Rule keys are those of est.assess_rules_default(); give numbers (survey_threshold may be null to switch the survey rule off)."

static double *
rule_field(GradeRules *rules, const RuleKey *k)
{
	return (double *) ((char *) rules + k->offset);
}

/* The defaults, overridden by the keys of a jsonb object. */
static void
rules_from_jsonb(Jsonb *jb, GradeRules *rules)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	const char *problem;

	grade_rules_default(rules);
	if (jb == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("assessment rules must be a JSON object"),
				 errhint(RULES_HINT)));

	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		const RuleKey *k = NULL;
		int			i;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		for (i = 0; i < (int) NRULEKEYS; i++)
			if (strcmp(rule_keys[i].key, key) == 0)
				k = &rule_keys[i];
		if (k == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown assessment rule \"%s\"", key),
					 errhint(RULES_HINT)));
		tok = JsonbIteratorNext(&it, &v, true);
		if (tok == WJB_VALUE && v.type == jbvNumeric)
			*rule_field(rules, k) = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
																		NumericGetDatum(v.val.numeric)));
		else if (tok == WJB_VALUE && v.type == jbvNull && strcmp(key, "survey_threshold") == 0)
			rules->survey_threshold = NAN;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("assessment rule \"%s\" must be a number", key),
					 errhint(RULES_HINT)));
		pfree(key);
	}
	problem = grade_rules_check(rules);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid assessment rules: %s", problem),
				 errhint("Compare with est.assess_rules_default() and docs/assess.md.")));
}

static void
json_number(StringInfo buf, double x)
{
	if (isnan(x) || !isfinite(x))
		appendStringInfoString(buf, "null");
	else
		appendStringInfoString(buf, float8out_internal(x));	/* shortest exact form */
}

static void
rules_to_json(StringInfo buf, GradeRules *rules)
{
	int			i;

	appendStringInfoChar(buf, '{');
	for (i = 0; i < (int) NRULEKEYS; i++)
	{
		appendStringInfo(buf, "%s\"%s\": ", i > 0 ? ", " : "", rule_keys[i].key);
		json_number(buf, *rule_field(rules, &rule_keys[i]));
	}
	appendStringInfoChar(buf, '}');
}

static Datum
jsonb_from_text(StringInfo buf)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf->data));
}

PG_FUNCTION_INFO_V1(est_assess_rules_default);
Datum
est_assess_rules_default(PG_FUNCTION_ARGS)
{
	GradeRules	rules;
	StringInfoData buf;

	grade_rules_default(&rules);
	initStringInfo(&buf);
	rules_to_json(&buf, &rules);
	PG_RETURN_DATUM(jsonb_from_text(&buf));
}

/* A field of the indicator record; a NULL in a required one is refused. */
static Datum
indicator_datum(HeapTupleHeader rec, int attno, const char *name, bool required, bool *isnull)
{
	Datum		d = GetAttributeByNum(rec, attno, isnull);

	if (*isnull && required)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("assessment indicator \"%s\" must not be NULL", name),
				 errhint("observed and severe are counts of the cycle's incidents: give 0 when there were none.")));
	return d;
}

/* An indicator of the input record: NULL means missing; NaN is refused. */
static double
indicator(HeapTupleHeader rec, int attno, const char *name, bool required)
{
	bool		isnull;
	Datum		d = indicator_datum(rec, attno, name, required, &isnull);
	double		x;

	if (isnull)
		return NAN;
	x = DatumGetFloat8(d);
	if (isnan(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("assessment indicator \"%s\" is NaN", name),
				 errhint("Give NULL for an indicator that is missing; missing indicators lower the confidence.")));
	return x;
}

static int
count_indicator(HeapTupleHeader rec, int attno, const char *name, bool required)
{
	bool		isnull;
	Datum		d = indicator_datum(rec, attno, name, required, &isnull);

	if (isnull)
		return -1;
	return DatumGetInt32(d);
}

static Datum
text_array(Datum *elems, int n)
{
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * est.assess(indicators est.assess_input, rules jsonb) → est.assess_result
 * The input record's fields, in order: observed, expected, rate_p, trend_z,
 * trend_p, severe, hot_cells, emerging_hot, coverage, survey.
 */
/*
 * What est.assess keeps between calls (fn_extra): the result's row type, and the rules of the
 * last call — the argument as given, parsed, and as the jsonb of the contributions' "rules"
 * key — since a query grades every locality under one municipality's rules.
 */
typedef struct AssessCache
{
	TupleDesc	tupdesc;
	bool		have_rules;
	Jsonb	   *rules_in;		/* the rules argument (NULL for NULL) */
	GradeRules	rules;
	Jsonb	   *rules_out;
} AssessCache;

static void *
copy_varlena(const void *v)
{
	void	   *c = palloc(VARSIZE(v));

	memcpy(c, v, VARSIZE(v));
	return c;
}

static AssessCache *
assess_cache(FunctionCallInfo fcinfo, Jsonb *rules_in)
{
	AssessCache *c = (AssessCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	StringInfoData buf;
	TupleDesc	tupdesc;

	if (c == NULL)
	{
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("function returning record called in context that cannot accept type record")));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		c = palloc0(sizeof(AssessCache));
		c->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->have_rules &&
		(rules_in == NULL ? c->rules_in == NULL :
		 (c->rules_in != NULL && VARSIZE(rules_in) == VARSIZE(c->rules_in) &&
		  memcmp(rules_in, c->rules_in, VARSIZE(rules_in)) == 0)))
		return c;
	/* new rules: checked (errors leave the cache as it was) and kept */
	{
		GradeRules	rules;
		Jsonb	   *out;

		rules_from_jsonb(rules_in, &rules);
		initStringInfo(&buf);
		rules_to_json(&buf, &rules);
		out = DatumGetJsonbP(jsonb_from_text(&buf));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		if (c->rules_in)
			pfree(c->rules_in);
		if (c->rules_out)
			pfree(c->rules_out);
		c->rules_in = rules_in ? (Jsonb *) copy_varlena(rules_in) : NULL;
		c->rules_out = (Jsonb *) copy_varlena(out);
		c->rules = rules;
		c->have_rules = true;
		MemoryContextSwitchTo(old);
	}
	return c;
}

static void
push_key(JsonbParseState **ps, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(ps, WJB_KEY, &v);
}

/* a number as jsonb_in reads the shortest exact text of it (null when not finite) */
static void
push_number(JsonbParseState **ps, double x)
{
	JsonbValue	v;

	if (isnan(x) || !isfinite(x))
		v.type = jbvNull;
	else
	{
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in,
															CStringGetDatum(float8out_internal(x)),
															ObjectIdGetDatum(InvalidOid),
															Int32GetDatum(-1)));
	}
	pushJsonbValue(ps, WJB_VALUE, &v);
}

PG_FUNCTION_INFO_V1(est_assess);
Datum
est_assess(PG_FUNCTION_ARGS)
{
	HeapTupleHeader rec;
	GradeInput	in;
	GradeResult g;
	const char *problem;
	AssessCache *cache;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	Datum	   *sv;
	Datum	   *en;
	JsonbParseState *ps = NULL;
	JsonbValue	v;
	JsonbValue *res;
	char		text[512];
	int			i;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("assessment indicators must not be NULL"),
				 errhint("Give an est.assess_input record; NULL fields inside it mark missing indicators.")));
	rec = PG_GETARG_HEAPTUPLEHEADER(0);
	cache = assess_cache(fcinfo, PG_ARGISNULL(1) ? NULL : PG_GETARG_JSONB_P(1));

	in.observed = indicator(rec, 1, "observed", true);
	in.expected = indicator(rec, 2, "expected", false);
	in.rate_p = indicator(rec, 3, "rate_p", false);
	in.trend_z = indicator(rec, 4, "trend_z", false);
	in.trend_p = indicator(rec, 5, "trend_p", false);
	in.severe = count_indicator(rec, 6, "severe", true);
	in.hot_cells = count_indicator(rec, 7, "hot_cells", false);
	in.emerging_hot = count_indicator(rec, 8, "emerging_hot", false);
	in.coverage = indicator(rec, 9, "coverage", false);
	in.survey = indicator(rec, 10, "survey", false);
	problem = grade_input_check(&in);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid assessment indicators: %s", problem),
				 errhint("NULL marks a missing indicator; counts are >= 0, shares and p-values lie in 0..1.")));

	grade_assess(&in, &cache->rules, &g);

	/*
	 * contributions: {grade, score, confidence, reasons: [{key, points, value, threshold,
	 * confidence_cost}], rules}, built as jsonb directly (the same value jsonb_in would make
	 * of its text), the rules object from the cache
	 */
	sv = palloc(sizeof(Datum) * (g.nreasons + 1));
	en = palloc(sizeof(Datum) * (g.nreasons + 1));
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	push_key(&ps, "grade");
	push_number(&ps, (double) g.grade);
	push_key(&ps, "score");
	push_number(&ps, g.score);
	push_key(&ps, "confidence");
	push_number(&ps, g.confidence);
	push_key(&ps, "reasons");
	pushJsonbValue(&ps, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < g.nreasons; i++)
	{
		GradeReason *r = &g.reasons[i];

		grade_reason_text(r, &in, true, text, sizeof text);
		sv[i] = CStringGetTextDatum(text);
		grade_reason_text(r, &in, false, text, sizeof text);
		en[i] = CStringGetTextDatum(text);
		pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
		push_key(&ps, "key");
		v.type = jbvString;
		v.val.string.val = (char *) grade_reason_key(r->code);
		v.val.string.len = strlen(v.val.string.val);
		pushJsonbValue(&ps, WJB_VALUE, &v);
		push_key(&ps, "points");
		push_number(&ps, r->points);
		push_key(&ps, "value");
		push_number(&ps, r->value);
		push_key(&ps, "threshold");
		push_number(&ps, r->threshold);
		push_key(&ps, "confidence_cost");
		push_number(&ps, r->confidence_cost);
		pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&ps, WJB_END_ARRAY, NULL);
	push_key(&ps, "rules");
	v.type = jbvBinary;
	v.val.binary.data = &cache->rules_out->root;
	v.val.binary.len = VARSIZE(cache->rules_out) - VARHDRSZ;
	pushJsonbValue(&ps, WJB_VALUE, &v);
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);

	values[0] = Int32GetDatum(g.grade);
	values[1] = Float8GetDatum(g.score);
	values[2] = Float8GetDatum(g.confidence);
	values[3] = text_array(sv, g.nreasons);
	values[4] = text_array(en, g.nreasons);
	values[5] = JsonbPGetDatum(JsonbValueToJsonb(res));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->tupdesc, values, nulls)));
}
