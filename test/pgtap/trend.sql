-- pgTAP tests of the trend module. Sources of the expected values:
--   [pyMK]  pyMannKendall's test vector arbitrary_1d_data (analytics.md §3.3), in
--           test/reference/pymannkendall_arbitrary_1d.txt;
--   [sfdep] sfdep's published example (analytics.md §3.2): n = 10, S = 27 -> p = 0.020044670;
--   [SciPy] test/reference/mannkendall_scipy.tsv, made by mannkendall_scipy.py (SciPy 1.10.1);
--   [R]     test/reference/rate_test.tsv, made by rate_test.R (R 4.2.2 stats::poisson.test);
--   [hand]  worked by hand in the comment next to the test.
-- Calendar facts used: 2024-03-01 is a Friday; Europe/Stockholm is UTC+1 in winter, UTC+2 from
-- 2024-03-31 01:00 UTC to 2024-10-27 01:00 UTC.
BEGIN;
SELECT plan(114);

SET LOCAL search_path = est, public;

CREATE FUNCTION public.near(a float8, b float8, tol float8 DEFAULT 1e-9) RETURNS boolean
	LANGUAGE sql IMMUTABLE
	RETURN (a IS NULL AND b IS NULL) OR abs(a - b) <= tol * greatest(1, abs(b))
	    OR (a = 'Infinity' AND b = 'Infinity');

-- ================================================================ catalogue
SELECT has_type('est', 'mann_kendall_result', 'type est.mann_kendall_result exists');
SELECT has_function('est', 'mann_kendall', ARRAY['double precision', 'double precision'], 'aggregate mann_kendall(float8, float8)');
SELECT has_function('est', 'mann_kendall', ARRAY['timestamp with time zone', 'double precision'], 'aggregate mann_kendall(timestamptz, float8)');
SELECT has_function('est', 'mann_kendall', ARRAY['date', 'double precision'], 'aggregate mann_kendall(date, float8)');
SELECT has_function('est', 'mann_kendall', ARRAY['double precision[]'], 'function mann_kendall(float8[])');
SELECT has_function('est', 'seasonal_mann_kendall', ARRAY['double precision', 'double precision', 'integer'], 'aggregate seasonal_mann_kendall');
SELECT has_function('est', 'rate_test', ARRAY['double precision', 'double precision', 'double precision', 'double precision', 'text', 'double precision'], 'function rate_test');
SELECT has_function('est', 'week_profile', ARRAY['tstzrange', 'text'], 'aggregate week_profile(tstzrange, text)');
SELECT has_function('est', 'month_profile', ARRAY['tstzrange'], 'aggregate month_profile(tstzrange)');

-- ================================================================ [pyMK] the test vector
CREATE TABLE pymk (i int, x float8);
\copy pymk FROM PROGRAM 'grep -v ^# test/reference/pymannkendall_arbitrary_1d.txt | cat -n'
UPDATE pymk SET i = i - 1, x = nullif(x, 'NaN');    -- positions 0..359, NaN -> missing

CREATE TEMP TABLE r_pymk AS SELECT (mann_kendall(i::float8, x)).* FROM pymk;
SELECT is((SELECT n FROM r_pymk), 353::bigint, '[pyMK] 353 of 360 values used (7 missing)');
SELECT is((SELECT s FROM r_pymk), -1959::bigint, '[pyMK] S = -1959');
SELECT ok((SELECT near(var_s, 4889800.333333333) FROM r_pymk), '[pyMK] Var S = 4889800.333…');
SELECT ok((SELECT near(z, -0.8854562842589916) FROM r_pymk), '[pyMK] z = -0.885456284258992 (1e-9)');
SELECT ok((SELECT near(p, 0.37591058740506833) FROM r_pymk), '[pyMK] p = 0.375910587405068 (1e-9)');
SELECT ok((SELECT near(tau_a, -0.03153167653875869) FROM r_pymk), '[pyMK] tau_a = -0.0315316765387587');
SELECT ok((SELECT near(tau_b, -0.0319538969, 1e-10) FROM r_pymk), '[pyMK] tau_b = -0.0319538969 (analytics.md)');
SELECT ok((SELECT near(sen_slope, -0.006369426751592357) FROM r_pymk), '[pyMK] Sen slope on original positions = -0.006369426751592357');
SELECT ok((SELECT near(sen_intercept, 96.15286624203821) FROM r_pymk), '[pyMK] intercept median(x) - median(t) slope = 96.15286624203821');
SELECT is((SELECT direction FROM r_pymk), 'no trend', '[pyMK] no trend at 0.05');

-- the array form puts element k at t = k (1-based): the same test, intercept one step earlier
CREATE TEMP TABLE r_pymk_arr AS SELECT (mann_kendall(array_agg(x ORDER BY i))).* FROM pymk;
SELECT ok((SELECT s = -1959 AND n = 353 AND near(z, -0.8854562842589916) AND near(p, 0.37591058740506833)
                  AND near(sen_slope, -0.006369426751592357) FROM r_pymk_arr),
          '[pyMK] array form: same S, n, z, p, slope (NULL elements keep their positions)');
SELECT ok((SELECT near(sen_intercept, 96.15286624203821 + 0.006369426751592357) FROM r_pymk_arr),
          '[pyMK] array form: intercept at t = 0 with t = 1..n is pyMK''s intercept minus one slope');

-- seasonal, period 12: season = position mod 12
CREATE TEMP TABLE r_pymk_s AS SELECT (seasonal_mann_kendall(i::float8, x, i % 12)).* FROM pymk;
SELECT is((SELECT s FROM r_pymk_s), -399::bigint, '[pyMK] seasonal S = -399');
SELECT ok((SELECT near(var_s, 34702.333333333336) FROM r_pymk_s), '[pyMK] seasonal Var S = 34702.333…');
SELECT ok((SELECT near(z, -2.136504114534638) FROM r_pymk_s), '[pyMK] seasonal z = -2.136504114534638');
SELECT ok((SELECT near(p, 0.03263834596177739) FROM r_pymk_s), '[pyMK] seasonal p = 0.03263834596177739');
SELECT is((SELECT direction FROM r_pymk_s), 'decreasing', '[pyMK] seasonal: decreasing at 0.05');
SELECT ok((SELECT tau_b IS NULL FROM r_pymk_s), 'seasonal tau_b is not defined: NULL');

-- ================================================================ [sfdep]
-- 10, 1, 2, ..., 9: S = 36 - 9 = 27 [hand], Var S = 10 * 9 * 25 / 18 = 125
SELECT ok((SELECT s = 27 AND var_s = 125 AND near(p, 0.020044670, 2e-9)
             FROM mann_kendall(ARRAY[10, 1, 2, 3, 4, 5, 6, 7, 8, 9]::float8[])),
          '[sfdep] S = 27, n = 10 -> p = 0.020044670 (published in single precision: 2e-9)');
SELECT ok((SELECT near(p, 0.02004466862262744, 1e-12)
             FROM mann_kendall(ARRAY[10, 1, 2, 3, 4, 5, 6, 7, 8, 9]::float8[])),
          '[SciPy] the same p in double precision: 2 * norm.sf(26 / sqrt(125)) = 0.02004466862262744');

-- ================================================================ [SciPy] table
CREATE TABLE scipy_ref (name text, t float8[], x float8[], n bigint, s bigint, var_s float8, z float8,
						p float8, tau_b float8, sen_slope float8, sen_intercept float8);
\copy scipy_ref FROM PROGRAM 'grep -v ^# test/reference/mannkendall_scipy.tsv | tail -n +2' WITH (NULL '')

CREATE TEMP TABLE r_scipy AS
SELECT ref.name, (SELECT mann_kendall(u.t, u.x) FROM unnest(ref.t, ref.x) AS u(t, x)) AS r FROM scipy_ref ref;
SELECT ok(near((r).var_s, ref.var_s) AND (r).n = ref.n AND (r).s = ref.s AND near((r).z, ref.z)
		  AND near((r).p, ref.p) AND near((r).tau_b, ref.tau_b) AND near((r).sen_slope, ref.sen_slope)
		  AND near((r).sen_intercept, ref.sen_intercept),
		  format('[SciPy] %s: n, S, Var S, z, p, tau_b, Sen slope and intercept to 1e-9', ref.name))
  FROM r_scipy JOIN scipy_ref ref USING (name) ORDER BY ref.name;
SELECT ok((SELECT bool_and((mann_kendall(ref.x)).s = ref.s AND near((mann_kendall(ref.x)).p, ref.p)
                           AND near((mann_kendall(ref.x)).sen_slope, ref.sen_slope))
             FROM scipy_ref ref WHERE ref.t = (SELECT array_agg(g::float8) FROM generate_series(1, ref.n) g)),
          '[SciPy] the array form agrees on every series with t = 1..n');

-- ================================================================ time types
-- x = 2 per day since 1970-01-01 [hand]: slope 2 per day, intercept 0 at the origin
SELECT ok((SELECT near(sen_slope, 2, 1e-12) AND near(sen_intercept, 0, 1e-9) AND s = 45
             FROM (SELECT (mann_kendall(d, 2.0 * (d - date '1970-01-01'))).*
                     FROM generate_series(date '2024-01-01', date '2024-01-10', interval '1 day') g(d0),
                          LATERAL (SELECT d0::date AS d) dd) q),
          '[hand] date: Sen slope per day, intercept at 1970-01-01');
-- one unit per hour = 24 per day
SELECT ok((SELECT near(sen_slope, 24, 1e-9) AND s = 28 AND n = 8
             FROM (SELECT (mann_kendall(ts, k::float8)).*
                     FROM generate_series(1, 8) k,
                          LATERAL (SELECT timestamptz '2024-03-30 20:00+01' + k * interval '1 hour' AS ts) x) q),
          '[hand] timestamptz: Sen slope per day (1 per hour = 24), across the DST change');

-- ================================================================ edge cases
SELECT ok((SELECT s = 0 AND var_s = 0 AND z = 0 AND p = 1 AND tau_b IS NULL AND sen_slope = 0
                  AND direction = 'no trend' FROM mann_kendall(ARRAY[2, 2, 2, 2]::float8[])),
          '[analytics.md] constant series: S = 0, Var S = 0, z = 0, p = 1, tau_b NULL, slope 0, never NaN');
SELECT ok((SELECT n = 2 AND s IS NULL AND z IS NULL AND p IS NULL AND sen_slope IS NULL AND direction IS NULL
             FROM mann_kendall(ARRAY[1, 5]::float8[])),
          'two points: n = 2, statistics NULL');
SELECT ok((SELECT n = 0 AND s IS NULL FROM (SELECT (mann_kendall(t, x)).* FROM (VALUES (1.0::float8, 1.0::float8)) v(t, x) WHERE false) q),
          'no rows: n = 0, statistics NULL');
SELECT ok((SELECT (mann_kendall(t, x)) = (SELECT mann_kendall(t2, x2) FROM (VALUES (1.0, 3.0), (2, 1), (4, 2), (5, 5)) w(t2, x2))
             FROM (VALUES (1.0::float8, 3.0::float8), (2, 1), (NULL, 7), (3, NULL), (4, 2), (5, 5)) v(t, x)),
          'rows with a NULL time or value are skipped');
SELECT ok((SELECT s = 0 AND p = 1 AND sen_slope IS NULL AND n = 3
             FROM (SELECT (mann_kendall(5.0::float8, x)).* FROM (VALUES (1.0::float8), (2), (3)) v(x)) q),
          'all t equal: pairs with equal t count 0, no slope (NULL)');
SELECT throws_ok($$ SELECT mann_kendall(t, x) FROM (VALUES (1.0::float8, 1.0::float8), (2, 'NaN')) v(t, x) $$,
                 '22023', 'value x must be finite, got NaN', 'NaN value: 22023');
SELECT throws_ok($$ SELECT mann_kendall(t, x) FROM (VALUES ('Infinity'::float8, 1.0::float8)) v(t, x) $$,
                 '22023', 'time t must be finite, got Infinity', 'infinite time: 22023');
SELECT throws_ok($$ SELECT mann_kendall('infinity'::timestamptz, 1.0) $$,
                 '22023', 'time t must be finite, got infinity', 'infinite timestamptz: 22023');
SELECT throws_ok($$ SELECT mann_kendall(ARRAY[1, '-Infinity', 3]::float8[]) $$,
                 '22023', 'element 2 of series x must be finite, got -Infinity', 'infinite array element: 22023');
SELECT throws_ok($$ SELECT mann_kendall(ARRAY[[1, 2], [3, 4]]::float8[]) $$,
                 '2202E', NULL, 'two-dimensional array: 2202E');
SELECT throws_ok($$ SELECT mann_kendall(g::float8, g::float8) FROM generate_series(1, 4001) g $$,
                 '54000', 'Mann–Kendall series has more than 4000 points', 'more than 4000 points: 54000');
SELECT ok((SELECT count(*) = 1 FROM (SELECT mann_kendall(x) FROM (VALUES (ARRAY[]::float8[])) v(x)) q)
          AND (SELECT n = 0 FROM mann_kendall(ARRAY[]::float8[])), 'empty array: n = 0');

-- ================================================================ Sen's slope interval [hand]
-- x = -0.5 .. 3.1 (n = 10, no ties): N' = 45, C = 1.959964 * sqrt(125) = 21.913; ranks 12 and 34
-- of the sorted slopes: 0.26 and 1.4 / 3 (sorted with Python), median 0.3
SELECT ok((SELECT near(slope, 0.3) AND near(lower, 0.26) AND near(upper, 1.4 / 3)
             FROM sen_slope_ci(ARRAY[-0.5, 0.3, 1.2, 0.9, 1.8, 2.1, 1.7, 2.6, 2.4, 3.1])),
          '[hand] Sen slope 0.3 with 95 % interval [0.26, 0.4667]');
SELECT ok((SELECT lower IS NULL AND upper IS NULL AND near(slope, 0.3)
             FROM sen_slope_ci(ARRAY[-0.5, 0.3, 1.2, 0.9, 1.8, 2.1, 1.7, 2.6, 2.4, 3.1], 0.9999999)),
          'interval ranks outside 1..N'': bounds NULL');
SELECT throws_ok($$ SELECT sen_slope_ci(ARRAY[1, 2, 3]::float8[], 1.0) $$, '22023', NULL, 'level 1: 22023');

-- ================================================================ parallel and order
CREATE TABLE mkpar AS
SELECT g, k, ((g * 7919 + k * 104729) % 23 + (k * g) % 5 * (g % 3 - 1))::float8 AS x
  FROM generate_series(1, 400) g, generate_series(1, 130) k;
ANALYZE mkpar;
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE par0 AS SELECT g, mann_kendall(k::float8, x) r, seasonal_mann_kendall(k::float8, x, k % 4) sr FROM mkpar GROUP BY g;
CREATE TEMP TABLE ord1 AS SELECT g, mann_kendall(k::float8, x ORDER BY x DESC, k) r FROM mkpar GROUP BY g;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL enable_sort = off;
CREATE FUNCTION public.plan_of(q text) RETURNS text LANGUAGE plpgsql AS
$$ DECLARE l text; r text := ''; BEGIN FOR l IN EXECUTE 'EXPLAIN ' || q LOOP r := r || l || E'\n'; END LOOP; RETURN r; END $$;
SELECT matches(plan_of('SELECT g, mann_kendall(k::float8, x) FROM mkpar GROUP BY g'), 'Partial',
               'forced parallel plan uses partial aggregation (combine + serialise)');
CREATE TEMP TABLE par2 AS SELECT g, mann_kendall(k::float8, x) r, seasonal_mann_kendall(k::float8, x, k % 4) sr FROM mkpar GROUP BY g;
SELECT is((SELECT count(*) FROM par0 a JOIN par2 b USING (g) WHERE a.r IS DISTINCT FROM b.r OR a.sr IS DISTINCT FROM b.sr),
          0::bigint, '400 series: identical results with and without parallel workers');
SELECT is((SELECT count(*) FROM par0 a JOIN ord1 b USING (g) WHERE a.r IS DISTINCT FROM b.r),
          0::bigint, '400 series: identical results in any row order');
SELECT is((SELECT count(*) FROM par0 WHERE (r).n = 130 AND (r).p IS NOT NULL), 400::bigint, 'every series has 130 points and a p-value');
RESET enable_sort;

-- ================================================================ [R] rate test
CREATE TABLE rate_ref (x1 float8, t1 float8, x2 float8, t2 float8, alt text, conf float8,
					   estimate float8, p_value float8, conf_low float8, conf_high float8);
\copy rate_ref FROM PROGRAM 'grep -v ^# test/reference/rate_test.tsv' WITH (NULL 'NA')
SELECT ok(near(r.rate_ratio, ref.estimate) AND near(r.p_value, ref.p_value) AND near(r.conf_low, ref.conf_low)
		  AND near(r.conf_high, ref.conf_high),
		  format('[R] poisson.test(c(%s, %s), c(%s, %s), "%s", %s): ratio, p and interval to 1e-9 (relative for the ratio)',
				 ref.x1, ref.x2, ref.t1, ref.t2, ref.alt, ref.conf))
  FROM rate_ref ref, LATERAL rate_test(ref.x1, ref.t1, ref.x2, ref.t2, ref.alt, ref.conf) r;
SELECT ok((SELECT near(p_value, 0.038406372070312521) FROM rate_test(12, 1, 4, 1)),
          '[R] defaults: alternative greater, 95 %');
SELECT throws_ok($$ SELECT rate_test(-1, 1, 4, 1) $$, '22023', 'observed must be a finite non-negative whole number, got -1', 'negative count: 22023');
SELECT throws_ok($$ SELECT rate_test(2.5, 1, 4, 1) $$, '22023', NULL, 'fractional count: 22023');
SELECT throws_ok($$ SELECT rate_test(2, 0, 4, 1) $$, '22023', 'exposure must be a finite positive number, got 0', 'zero exposure: 22023');
SELECT throws_ok($$ SELECT rate_test(2, 1, 'NaN', 1) $$, '22023', NULL, 'NaN baseline: 22023');
SELECT throws_ok($$ SELECT rate_test(2, 1, 4, 1, 'bigger') $$, '22023', NULL, 'unknown alternative: 22023');
SELECT throws_ok($$ SELECT rate_test(2, 1, 4, 1, 'less', 1.5) $$, '22023', NULL, 'conf_level 1.5: 22023');
-- est.rate_test_p: rate_test's p-value alone, the very same number (no interval computed)
SELECT ok(bool_and(rate_test_p(ref.x1, ref.t1, ref.x2, ref.t2, ref.alt) = r.p_value AND near(r.p_value, ref.p_value))
		  AND count(*) = 22,
		  '[R] rate_test_p equals rate_test''s p_value exactly on all 22 reference cases (and R to 1e-9)')
  FROM rate_ref ref, LATERAL rate_test(ref.x1, ref.t1, ref.x2, ref.t2, ref.alt, ref.conf) r;
SELECT throws_ok($$ SELECT rate_test_p(-1, 1, 4, 1) $$, '22023', 'observed must be a finite non-negative whole number, got -1', 'rate_test_p negative count: 22023');
SELECT throws_ok($$ SELECT rate_test_p(2, 1, 4, 1, 'bigger') $$, '22023', NULL, 'rate_test_p unknown alternative: 22023');
SELECT throws_ok($$ SELECT rate_test_p(6e6, 1, 6e6, 1) $$, '54000', NULL, 'rate_test_p past the exact test''s limit: 54000');

-- ================================================================ profiles [hand]
SELECT ok((SELECT array_agg(weekday * 100 + hour ORDER BY weekday, hour) = ARRAY[522, 523, 600, 601]
                  AND bool_and(near(weight, 0.25, 1e-15))
             FROM week_profile_cells((SELECT week_profile(tstzrange('2024-03-01 22:00+01', '2024-03-02 02:00+01'))))
            WHERE weight <> 0),
          '[hand] Fri 22:00 - Sat 02:00 Stockholm: 0.25 in each of four cells');
SELECT ok((SELECT near(w[4 * 24 + 22 + 1], 0.25, 1e-15) AND near(w[5 * 24 + 1 + 1], 0.25, 1e-15)
             FROM (SELECT week_profile(tstzrange('2024-03-01 22:00+01', '2024-03-02 02:00+01'), 'Europe/Stockholm') w) q),
          '[hand] cell order: element (isodow - 1) * 24 + hour + 1');
-- spring: 2024-03-31 00:00 UTC (01:00 CET) to 02:00 UTC (04:00 CEST): two hours elapsed, 02:00 skipped
SELECT ok((SELECT near(w[6 * 24 + 1 + 1], 0.5, 1e-15) AND w[6 * 24 + 2 + 1] = 0 AND near(w[6 * 24 + 3 + 1], 0.5, 1e-15)
             FROM (SELECT week_profile(tstzrange('2024-03-31 00:00+00', '2024-03-31 02:00+00')) w) q),
          '[hand] DST spring: Sunday 01 and 03 get 0.5 each, the skipped 02 nothing');
-- autumn: 2024-10-27 00:00 UTC (02:00 CEST) to 02:00 UTC (03:00 CET): the hour 02 runs twice
SELECT ok((SELECT near(w[6 * 24 + 2 + 1], 1, 1e-15) AND near((SELECT sum(v) FROM unnest(w) v), 1, 1e-15)
             FROM (SELECT week_profile(tstzrange('2024-10-27 00:00+00', '2024-10-27 02:00+00')) w) q),
          '[hand] DST autumn: both passes of Sunday 02 land in one cell, weight 1');
SELECT ok((SELECT w[4 * 24 + 13 + 1] = 1 AND (SELECT sum(v) FROM unnest(w) v) = 1
             FROM (SELECT week_profile(tstzrange('2024-03-01 13:37+01', '2024-03-01 13:37+01', '[]')) w) q),
          '[hand] a point [t, t] counts 1 in its cell (Friday 13)');
SELECT ok((SELECT w[4 * 24 + 12 + 1] = 1
             FROM (SELECT week_profile(tstzrange('2024-03-01 12:37+00', '2024-03-01 12:37+00', '[]'), 'UTC') w) q),
          '[hand] the same instant in UTC falls in hour 12');
CREATE TABLE incidents AS
SELECT tstzrange(t, t + (g % 17) * interval '47 minutes', '[]') AS occurred
  FROM generate_series(1, 20000) g, LATERAL (SELECT timestamptz '2024-01-01 00:00+01' + g * interval '151 minutes' AS t) x;
ANALYZE incidents;
SELECT ok((SELECT abs((SELECT sum(v) FROM unnest(week_profile(occurred)) v) - 20000) < 1e-7
                  AND abs((SELECT sum(v) FROM unnest(month_profile(occurred)) v) - 20000) < 1e-7 FROM incidents),
          'weights sum to the number of incidents (20 000, points and windows)');
SELECT ok((SELECT bool_and(abs(a - b) < 1e-9) FROM unnest(
             (SELECT week_profile(occurred) FROM incidents),
             (SELECT week_profile(occurred ORDER BY occurred DESC) FROM (SELECT occurred FROM incidents) s)) u(a, b)),
          'week profile: same in parallel and in reverse order');
SET LOCAL max_parallel_workers_per_gather = 0;
SELECT ok((SELECT bool_and(abs(a - b) < 1e-9) FROM unnest(
             (SELECT week_profile(occurred) FROM incidents),
             (SELECT week_profile(occurred ORDER BY occurred DESC) FROM incidents)) u(a, b)),
          'week profile: same without parallel workers');
RESET max_parallel_workers_per_gather;
SELECT ok((SELECT near(w[1], 0.5, 1e-15) AND near(w[2], 0.5, 1e-15) AND (SELECT sum(v) FROM unnest(w[3:12]) v) = 0
             FROM (SELECT month_profile(tstzrange('2024-01-31 12:00+01', '2024-02-01 12:00+01')) w) q),
          '[hand] month profile: noon 31 January to noon 1 February = half and half');
SELECT ok((SELECT w[3] = 1 FROM (SELECT month_profile(tstzrange('2024-02-29 23:30+00', '2024-02-29 23:30+00', '[]')) w) q),
          '[hand] 2024-02-29 23:30 UTC is 1 March 00:30 in Stockholm: March');
SELECT is((SELECT week_profile(o) FROM (VALUES (NULL::tstzrange)) v(o)), NULL, 'NULL windows only: NULL profile');
SELECT throws_ok($$ SELECT week_profile(tstzrange(now(), now())) $$, '22023', NULL, 'empty range (tstzrange(t, t)): 22023');
SELECT throws_ok($$ SELECT week_profile(tstzrange(now(), NULL)) $$, '22023', NULL, 'unbounded range: 22023');
SELECT throws_ok($$ SELECT month_profile(tstzrange('2024-01-01', '2024-01-02'), 'Mars/Olympus') $$, '22023', NULL, 'unknown zone: 22023');
SELECT throws_ok($$ SELECT month_profile(tstzrange('2024-01-01', '2024-01-02'), NULL) $$, '22004', NULL, 'NULL zone: 22004');
SELECT is((SELECT count(*) FROM week_profile_cells(array_fill(1.0::float8, ARRAY[168]))), 168::bigint, 'week_profile_cells: 168 rows');
SELECT is((SELECT array_agg(month ORDER BY month) FROM month_profile_cells(array_fill(0.0::float8, ARRAY[12]))),
          ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'month_profile_cells: months 1..12');

SELECT * FROM finish();
ROLLBACK;
