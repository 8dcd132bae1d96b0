-- trend module: Mann–Kendall trend test with Sen's slope (plain and seasonal), Sen's slope
-- confidence interval, the exact two-sample Poisson rate test, and aoristic time profiles
-- (weekday × hour and month).  C in src/trend.c and src/core/{mannkendall,ratetest,profile}.c;
-- definitions in ../shared/reference/analytics.md §3; documentation in docs/trend.md.

-- ---------------------------------------------------------------- Mann–Kendall

CREATE TYPE est.mann_kendall_result AS (
	n bigint,
	s bigint,
	var_s float8,
	z float8,
	p float8,
	tau_b float8,
	tau_a float8,
	sen_slope float8,
	sen_intercept float8,
	direction text
);
COMMENT ON TYPE est.mann_kendall_result IS
	'Result of the Mann–Kendall test: n points used; S; tie-corrected Var S; continuity-corrected z; two-sided p; Kendall tau-b and tau-a; Sen''s slope per unit of time and intercept median(x) - median(t) * slope; direction increasing / decreasing / no trend at p < 0.05. With fewer than 3 points only n is set.';

CREATE FUNCTION est.mk_trans(internal, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_mk_trans_f8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.mk_trans(internal, timestamptz, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_mk_trans_tstz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.mk_trans(internal, date, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_mk_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.smk_trans(internal, float8, float8, integer) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_smk_trans_f8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.smk_trans(internal, timestamptz, float8, integer) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_smk_trans_tstz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.smk_trans(internal, date, float8, integer) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_smk_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.mk_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_mk_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.mk_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'est_mk_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.mk_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'est_mk_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.mk_final(internal) RETURNS est.mann_kendall_result
	AS 'MODULE_PATHNAME', 'est_mk_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.smk_final(internal) RETURNS est.mann_kendall_result
	AS 'MODULE_PATHNAME', 'est_smk_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION est.mk_trans(internal, float8, float8) IS
	'State function of est.mann_kendall(float8, float8): collects (t, x); skips NULLs; rejects NaN and infinity.';
COMMENT ON FUNCTION est.mk_trans(internal, timestamptz, float8) IS
	'State function of est.mann_kendall(timestamptz, float8): t in days since 1970-01-01 00:00 UTC.';
COMMENT ON FUNCTION est.mk_trans(internal, date, float8) IS
	'State function of est.mann_kendall(date, float8): t in days since 1970-01-01.';
COMMENT ON FUNCTION est.smk_trans(internal, float8, float8, integer) IS
	'State function of est.seasonal_mann_kendall(float8, float8, integer): collects (t, x, season); skips rows with a NULL.';
COMMENT ON FUNCTION est.smk_trans(internal, timestamptz, float8, integer) IS
	'State function of est.seasonal_mann_kendall(timestamptz, float8, integer): t in days since 1970-01-01 00:00 UTC.';
COMMENT ON FUNCTION est.smk_trans(internal, date, float8, integer) IS
	'State function of est.seasonal_mann_kendall(date, float8, integer): t in days since 1970-01-01.';
COMMENT ON FUNCTION est.mk_combine(internal, internal) IS
	'Combine function of the Mann–Kendall aggregates: joins the points of two partial states.';
COMMENT ON FUNCTION est.mk_serialize(internal) IS
	'Serialisation of a Mann–Kendall state for parallel workers (the points as bytea).';
COMMENT ON FUNCTION est.mk_deserialize(bytea, internal) IS
	'Deserialisation of a Mann–Kendall state from parallel workers.';
COMMENT ON FUNCTION est.mk_final(internal) IS
	'Final function of est.mann_kendall: the test, Sen''s slope and direction at alpha 0.05.';
COMMENT ON FUNCTION est.smk_final(internal) IS
	'Final function of est.seasonal_mann_kendall: S and Var S summed over seasons, seasonal Sen''s slope.';

CREATE AGGREGATE est.mann_kendall(t float8, x float8) (
	SFUNC = est.mk_trans, STYPE = internal, FINALFUNC = est.mk_final,
	COMBINEFUNC = est.mk_combine, SERIALFUNC = est.mk_serialize,
	DESERIALFUNC = est.mk_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE est.mann_kendall(t timestamptz, x float8) (
	SFUNC = est.mk_trans, STYPE = internal, FINALFUNC = est.mk_final,
	COMBINEFUNC = est.mk_combine, SERIALFUNC = est.mk_serialize,
	DESERIALFUNC = est.mk_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE est.mann_kendall(t date, x float8) (
	SFUNC = est.mk_trans, STYPE = internal, FINALFUNC = est.mk_final,
	COMBINEFUNC = est.mk_combine, SERIALFUNC = est.mk_serialize,
	DESERIALFUNC = est.mk_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE est.seasonal_mann_kendall(t float8, x float8, season integer) (
	SFUNC = est.smk_trans, STYPE = internal, FINALFUNC = est.smk_final,
	COMBINEFUNC = est.mk_combine, SERIALFUNC = est.mk_serialize,
	DESERIALFUNC = est.mk_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE est.seasonal_mann_kendall(t timestamptz, x float8, season integer) (
	SFUNC = est.smk_trans, STYPE = internal, FINALFUNC = est.smk_final,
	COMBINEFUNC = est.mk_combine, SERIALFUNC = est.mk_serialize,
	DESERIALFUNC = est.mk_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE est.seasonal_mann_kendall(t date, x float8, season integer) (
	SFUNC = est.smk_trans, STYPE = internal, FINALFUNC = est.smk_final,
	COMBINEFUNC = est.mk_combine, SERIALFUNC = est.mk_serialize,
	DESERIALFUNC = est.mk_deserialize, PARALLEL = SAFE
);

COMMENT ON AGGREGATE est.mann_kendall(float8, float8) IS
	'Mann–Kendall trend test over (time, value) rows in any order: pairs with equal t count 0 in S; NULLs skipped; NaN/infinity rejected (22023); at most 4000 points; Sen''s slope per unit of t. See docs/trend.md.';
COMMENT ON AGGREGATE est.mann_kendall(timestamptz, float8) IS
	'Mann–Kendall trend test over (instant, value) rows; Sen''s slope per day, intercept = value at 1970-01-01 00:00 UTC. See docs/trend.md.';
COMMENT ON AGGREGATE est.mann_kendall(date, float8) IS
	'Mann–Kendall trend test over (date, value) rows; Sen''s slope per day, intercept = value at 1970-01-01. See docs/trend.md.';
COMMENT ON AGGREGATE est.seasonal_mann_kendall(float8, float8, integer) IS
	'Seasonal (Hirsch–Slack) Mann–Kendall: S and Var S summed over seasons, tau_a = sum S / sum n_s(n_s-1)/2, tau_b NULL, Sen''s slope = median of within-season slopes per unit of t.';
COMMENT ON AGGREGATE est.seasonal_mann_kendall(timestamptz, float8, integer) IS
	'Seasonal Mann–Kendall over (instant, value, season); Sen''s slope per day.';
COMMENT ON AGGREGATE est.seasonal_mann_kendall(date, float8, integer) IS
	'Seasonal Mann–Kendall over (date, value, season); Sen''s slope per day.';

CREATE FUNCTION est.mann_kendall(x float8[]) RETURNS est.mann_kendall_result
	AS 'MODULE_PATHNAME', 'est_mk_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.mann_kendall(float8[]) IS
	'Mann–Kendall trend test of a series in time order, element i at t = i (1-based); NULL elements skipped, positions kept; Sen''s slope per element.';

CREATE FUNCTION est.sen_slope_ci(x float8[], level float8 DEFAULT 0.95,
	OUT slope float8, OUT lower float8, OUT upper float8)
	AS 'MODULE_PATHNAME', 'est_sen_slope_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.sen_slope_ci(float8[], float8) IS
	'Sen''s slope of a series in time order (t = 1..n, NULLs skipped) with its confidence interval at level (Gilbert 1987, as R trend::sens.slope): slopes of rank round((N - C)/2) and round((N + C)/2 + 1), C = z sqrt(Var S); a bound outside the ranks is NULL.';

-- ---------------------------------------------------------------- rate test

CREATE FUNCTION est.rate_test(observed float8, exposure float8, baseline float8,
	baseline_exposure float8, alternative text DEFAULT 'greater', conf_level float8 DEFAULT 0.95,
	OUT rate_ratio float8, OUT p_value float8, OUT conf_low float8, OUT conf_high float8)
	AS 'MODULE_PATHNAME', 'est_rate_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.rate_test(float8, float8, float8, float8, text, float8) IS
	'Exact comparison of two Poisson rates conditional on the total count, as R''s poisson.test(c(observed, baseline), c(exposure, baseline_exposure)): rate ratio (NULL if both counts are 0, infinity if only the baseline is 0), p-value and confidence interval of the ratio. alternative: greater (default), less, two.sided.';

CREATE FUNCTION est.rate_test_p(observed float8, exposure float8, baseline float8,
	baseline_exposure float8, alternative text DEFAULT 'greater') RETURNS float8
	AS 'MODULE_PATHNAME', 'est_rate_test_p' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.rate_test_p(float8, float8, float8, float8, text) IS
	'The p-value of est.rate_test(observed, exposure, baseline, baseline_exposure, alternative) alone, the very same number, without the confidence interval (whose root finding is most of the cost): for queries that test many rates and read only p.';

-- ---------------------------------------------------------------- profiles

CREATE FUNCTION est.week_profile_trans(float8[], tstzrange, text) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'est_week_profile_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.week_profile_trans(float8[], tstzrange) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'est_week_profile_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.month_profile_trans(float8[], tstzrange, text) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'est_month_profile_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.month_profile_trans(float8[], tstzrange) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'est_month_profile_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est.profile_combine(float8[], float8[]) RETURNS float8[]
	AS 'MODULE_PATHNAME', 'est_profile_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION est.week_profile_trans(float8[], tstzrange, text) IS
	'State function of est.week_profile: spreads one incident window over the 168 weekday-hour cells of the zone.';
COMMENT ON FUNCTION est.week_profile_trans(float8[], tstzrange) IS
	'State function of est.week_profile in Europe/Stockholm.';
COMMENT ON FUNCTION est.month_profile_trans(float8[], tstzrange, text) IS
	'State function of est.month_profile: spreads one incident window over the 12 months of the zone.';
COMMENT ON FUNCTION est.month_profile_trans(float8[], tstzrange) IS
	'State function of est.month_profile in Europe/Stockholm.';
COMMENT ON FUNCTION est.profile_combine(float8[], float8[]) IS
	'Combine function of the profile aggregates: cell-wise sum.';

CREATE AGGREGATE est.week_profile(occurred tstzrange, zone text) (
	SFUNC = est.week_profile_trans, STYPE = float8[], COMBINEFUNC = est.profile_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE est.week_profile(occurred tstzrange) (
	SFUNC = est.week_profile_trans, STYPE = float8[], COMBINEFUNC = est.profile_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE est.month_profile(occurred tstzrange, zone text) (
	SFUNC = est.month_profile_trans, STYPE = float8[], COMBINEFUNC = est.profile_combine,
	PARALLEL = SAFE
);
CREATE AGGREGATE est.month_profile(occurred tstzrange) (
	SFUNC = est.month_profile_trans, STYPE = float8[], COMBINEFUNC = est.profile_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE est.week_profile(tstzrange, text) IS
	'Aoristic weekday × hour profile: each incident window is spread over the local hours it covers in the zone, in proportion to elapsed time; a point [t,t] counts 1 in its hour. float8[168], element (isodow - 1) * 24 + hour + 1 (Monday 00 first). NULL windows skipped; empty or unbounded windows rejected.';
COMMENT ON AGGREGATE est.week_profile(tstzrange) IS
	'Aoristic weekday × hour profile in Europe/Stockholm; see est.week_profile(tstzrange, text).';
COMMENT ON AGGREGATE est.month_profile(tstzrange, text) IS
	'Aoristic month profile (årshjul): each incident window spread over the local months it covers, in proportion to elapsed time; float8[12], element = month (January first).';
COMMENT ON AGGREGATE est.month_profile(tstzrange) IS
	'Aoristic month profile (årshjul) in Europe/Stockholm; see est.month_profile(tstzrange, text).';

CREATE FUNCTION est.week_profile_cells(profile float8[])
	RETURNS TABLE (weekday integer, hour integer, weight float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT (i - 1) / 24 + 1, (i - 1) % 24, profile[i]
	  FROM generate_series(1, 168) AS i
	 WHERE cardinality(profile) = 168
	 ORDER BY i;
END;
COMMENT ON FUNCTION est.week_profile_cells(float8[]) IS
	'The 168 cells of an est.week_profile as rows (weekday 1 = Monday .. 7 = Sunday, hour 0..23, weight); no rows unless the array has 168 elements.';

CREATE FUNCTION est.month_profile_cells(profile float8[])
	RETURNS TABLE (month integer, weight float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT i, profile[i]
	  FROM generate_series(1, 12) AS i
	 WHERE cardinality(profile) = 12
	 ORDER BY i;
END;
COMMENT ON FUNCTION est.month_profile_cells(float8[]) IS
	'The 12 cells of an est.month_profile as rows (month 1 = January .. 12, weight); no rows unless the array has 12 elements.';
