-- pgTAP tests of the cube module: the est.cube type and the binning aggregates.
-- Expected counts are worked out by hand from the cell rule column = floor(x / cell_size).
BEGIN;
SELECT plan(43 + 6 + 10);

SET LOCAL search_path = est, public;
SET LOCAL TimeZone = 'UTC';

SELECT has_type('est', 'cube', 'type est.cube exists');
SELECT has_function('est', 'grid_agg', ARRAY['geometry', 'double precision'], 'est.grid_agg(geometry, float8) exists');
SELECT has_function('est', 'cube_agg', ARRAY['geometry', 'tstzrange', 'double precision', 'interval', 'timestamp with time zone', 'double precision'], 'aoristic est.cube_agg exists');
SELECT is((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.pronamespace = 'est'::regnamespace AND p.proname IN ('grid_agg', 'cube_agg')
              AND a.aggserialfn <> 0 AND a.aggdeserialfn <> 0 AND a.aggcombinefn <> 0 AND p.proparallel = 's'),
          8, 'all 8 grid_agg/cube_agg overloads are parallel safe with combine, serial and deserial functions');
SELECT is(cell_id(0, 0, 1) || ' ' || current_setting('est.max_cells'), '2147483648 50000000',
          'est.max_cells defaults to 50 million cell-steps (defined once est.so is loaded)');

-- ---------------------------------------------------------------- a realistic table
-- 60 000 points over 3 × 2 km with 20 hot spots and times over 12 weeks, in a regular table
-- so that parallel workers can scan it
CREATE TABLE pts AS
SELECT i AS id,
       ST_Point(500000 + (i * 7919 % 3000) + (i % 7) * 0.25, 6500000 + (i * 104729 % 2000), 3006) AS geom,
       timestamptz '2024-01-01 00:00+00' + (i * 977 % (84 * 24 * 60)) * interval '1 minute' AS t,
       (i % 4) * 0.5 AS w
  FROM generate_series(1::bigint, 60000) i;
ANALYZE pts;

CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT (SELECT cube_agg(geom, t, 100, '7 days', '2024-01-01 00:00+00') FROM pts) AS c1,
       (SELECT cube_agg(geom, tstzrange(t, t + interval '3 days'), 100, '7 days', '2024-01-01 00:00+00', w) FROM pts) AS c2,
       (SELECT grid_agg(geom, 250) FROM pts) AS c3,
       (SELECT grid_agg(geom, 250) FROM (SELECT * FROM pts ORDER BY md5(id::text)) s) AS c4;
SELECT ok(NOT EXISTS (SELECT 1 FROM pg_temp.plan('SELECT grid_agg(geom, 250) FROM pts') l WHERE l ~ 'Partial'),
          'serial plan: no partial aggregation');

SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan('SELECT grid_agg(geom, 250) FROM pts') l WHERE l ~ 'Partial Aggregate'),
          'parallel plan: partial aggregation in workers');
SELECT is(cube_send((SELECT cube_agg(geom, t, 100, '7 days', '2024-01-01 00:00+00') FROM pts)),
          cube_send((SELECT c1 FROM serial)), 'cube_agg: the same cube with 2 parallel workers as without');
SELECT is(cube_send((SELECT cube_agg(geom, tstzrange(t, t + interval '3 days'), 100, '7 days', '2024-01-01 00:00+00', w) FROM pts)),
          cube_send((SELECT c2 FROM serial)), 'aoristic weighted cube_agg: the same cube with 2 parallel workers');
SELECT is(cube_send((SELECT grid_agg(geom, 250) FROM pts)), cube_send((SELECT c3 FROM serial)),
          'grid_agg: the same cube with 2 parallel workers');
SET LOCAL parallel_leader_participation = off;
SELECT is(cube_send((SELECT cube_agg(geom, t, 100, '7 days', '2024-01-01 00:00+00') FROM pts)),
          cube_send((SELECT c1 FROM serial)), 'cube_agg: the same cube when only workers aggregate (combined into an empty state)');
RESET parallel_leader_participation;
SELECT is(cube_send((SELECT c4 FROM serial)), cube_send((SELECT c3 FROM serial)),
          'grid_agg: the same cube in any row order');
SELECT is(cube_send((SELECT cube_agg(geom, t, 100, '7 days', '2024-01-01 00:00+00') FROM (SELECT * FROM pts ORDER BY t DESC, id) s)),
          cube_send((SELECT c1 FROM serial)), 'cube_agg: the same cube in any row order');
RESET max_parallel_workers_per_gather;

-- totals and counts against plain SQL
SELECT is((SELECT total FROM cube_info((SELECT c1 FROM serial))), 60000::float8, 'cube_agg counts every point once');
SELECT is((SELECT round(total::numeric, 9) FROM cube_info((SELECT c2 FROM serial))), (SELECT sum(w)::numeric(20, 9) FROM pts),
          'the aoristic cube keeps the total weight');
SELECT results_eq(
  $$ SELECT cell_id, n FROM cube_cells((SELECT c3 FROM serial)) ORDER BY cell_id $$,
  $$ SELECT ((floor(ST_Y(geom) / 250)::bigint) << 32) + floor(ST_X(geom) / 250)::bigint + 2147483648, count(*)::float8
       FROM pts GROUP BY 1 ORDER BY 1 $$,
  'grid_agg cells and counts equal snapping with floor(x / 250), floor(y / 250) in SQL');
SELECT results_eq(
  $$ SELECT step, sum(n) FROM cube_cells((SELECT c1 FROM serial)) GROUP BY step ORDER BY step $$,
  $$ SELECT floor(extract(epoch FROM t - '2024-01-01 00:00+00') / (7 * 86400))::int, count(*)::float8 FROM pts GROUP BY 1 ORDER BY 1 $$,
  'cube_agg steps equal floor((t - origin) / 7 days) in SQL');
SELECT is((SELECT count(*)::int FROM cube_cells((SELECT c1 FROM serial)) WHERE step_start <> timestamptz '2024-01-01 00:00+00' + step * interval '7 days'),
          0, 'step_start = origin + step * step');
SELECT is((SELECT count(*)::int FROM cube_cells((SELECT c3 FROM serial))
            WHERE NOT ST_Equals(geom, ST_MakeEnvelope(x - 125, y - 125, x + 125, y + 125, 3006))), 0,
          'cell polygons are the squares around the centres, in the data''s SRID');

-- points in other layouts (Z, M, a bounding box) take PostGIS's functions: the same cells
SELECT is(cube_send((SELECT grid_agg(ST_SetSRID(ST_MakePoint(ST_X(geom), ST_Y(geom), id), 3006), 250) FROM pts)),
          cube_send((SELECT c3 FROM serial)), 'POINT Z gives the same cube as POINT');
SELECT is(cube_send((SELECT grid_agg(postgis_addbbox(ST_SetSRID(ST_MakePointM(ST_X(geom), ST_Y(geom), 1), 3006)), 250) FROM pts)),
          cube_send((SELECT c3 FROM serial)), 'POINT M with a bounding box gives the same cube as POINT');

-- ---------------------------------------------------------------- send/recv round trip
CREATE TEMP TABLE rt (c est.cube);
INSERT INTO rt SELECT c1 FROM serial;
\copy rt TO '/tmp/est_cube_rt.bin' WITH (FORMAT binary)
CREATE TEMP TABLE rt2 (c est.cube);
\copy rt2 FROM '/tmp/est_cube_rt.bin' WITH (FORMAT binary)
SELECT is((SELECT cube_send(c) FROM rt2), (SELECT cube_send(c1) FROM serial), 'binary COPY out and in gives the same cube');

-- ---------------------------------------------------------------- empty, single
SELECT ok((SELECT grid_agg(geom, 100) FROM pts WHERE false) IS NULL, 'no rows: NULL cube, not an error');
SELECT is((SELECT count(*)::int FROM cube_cells((SELECT grid_agg(geom, 100) FROM pts WHERE false))), 0, 'no rows: no cells');
SELECT is((SELECT bins FROM cube_info((SELECT grid_agg(geom, 100) FROM pts WHERE id = 1))), 1, 'one point: one bin');

-- ---------------------------------------------------------------- errors: exact SQLSTATEs
SELECT throws_ok($$ SELECT grid_agg(ST_Point(18.07, 59.33, 4326), 100) $$, '22023', NULL, 'geographic SRID 4326: 22023');
SELECT throws_ok($$ SELECT grid_agg(ST_Point(1, 2), 100) $$, '22023', NULL, 'SRID 0: 22023');
SELECT throws_ok($$ SELECT grid_agg(ST_Point(1, 2, 999999), 100) $$, '22023', NULL, 'SRID not in spatial_ref_sys: 22023');
SELECT throws_ok($$ SELECT grid_agg(NULL::geometry, 100) $$, '22004', NULL, 'NULL geometry: 22004');
SELECT throws_ok($$ SELECT cube_agg('SRID=3006;POINT(1 1)'::geometry, now(), 100, '7 days', NULL::timestamptz) $$,
	'22004', 'origin is NULL', 'NULL origin: 22004');
SELECT throws_ok($$ SELECT cube_agg('SRID=3006;POINT(1 1)'::geometry, tstzrange(now(), now(), '[]'), 100, '7 days', NULL::timestamptz) $$,
	'22004', 'origin is NULL', 'NULL origin for an aoristic window: 22004');
SELECT throws_ok($$ SELECT grid_agg('SRID=3006;POINT EMPTY'::geometry, 100) $$, '22004', NULL, 'empty point: 22004');
SELECT throws_ok($$ SELECT grid_agg(ST_Point('NaN', 1, 3006), 100) $$, '22023', NULL, 'NaN coordinate: 22023');
SELECT throws_ok($$ SELECT grid_agg(ST_Point(1, 'Infinity', 3006), 100) $$, '22023', NULL, 'infinite coordinate: 22023');
SELECT throws_ok($$ SELECT grid_agg(ST_Point(1, 2, 3006), 0) $$, '22023', NULL, 'cell size 0: 22023');
SELECT throws_ok($$ SELECT cube_agg(ST_Point(1, 2, 3006), now(), 100, '-1 day') $$, '22023', NULL, 'negative step: 22023');
SELECT throws_ok($$ SELECT cube_agg(ST_Point(1, 2, 3006), now(), 100, '1 mon') $$, '22023', NULL, 'step in months: 22023');
SELECT throws_ok($$ SELECT cube_agg(ST_Point(1, 2, 3006), 'infinity'::timestamptz, 100, '1 day') $$, '22008', NULL, 'infinite time: 22008');
SELECT throws_ok($$ SELECT grid_agg(g, 100) FROM (VALUES (ST_Point(0, 0, 3006)), (ST_Point(0, 0, 3021))) v(g) $$, '22023', NULL, 'mixed SRIDs: 22023');
SELECT throws_ok($$ SELECT grid_agg(geom, 10) FROM (VALUES (ST_Point(0, 0, 3006)), (ST_Point(674000, 6580000, 3006))) v(geom) $$,
                 '54000', 'the cube would span 44349925401 cell-steps, more than est.max_cells (50000000)',
                 'a stray point at 0,0 and one in Sweden at 10 m cells: 54000 before allocating');
-- the guard acts on the extent, not on the bins: 2 points, 1e12 cells, refused at once
SELECT throws_ok($$ SELECT grid_agg(geom, 1) FROM (VALUES (ST_Point(0, 0, 3006)), (ST_Point(1000000, 1000000, 3006))) v(geom) $$,
                 '54000', NULL, 'a 10^12-cell extent from two points: 54000');
SELECT throws_ok($$ SELECT cube_agg(ST_Point(1, 2, 3006), tstzrange('2000-01-01', '2100-01-01'), 1, '1 minute') $$,
                 '54000', NULL, 'an aoristic window over 52 million steps: 54000 before spreading');
-- later rows take the transition functions' hot path (core of a 1M-row grid_agg): each of its
-- checks must still send a bad row (the 50th of 60, inside the extent of the rows before) to
-- its error
CREATE TEMP TABLE later AS
SELECT i, ST_Point(650000 + (i % 7) * 100, 6570000 + (i % 5) * 100, 3006) AS g,
       timestamptz '2024-01-01' + (i % 3) * interval '1 day' AS t
  FROM generate_series(1, 60) i;
SELECT throws_ok($$ SELECT grid_agg(CASE WHEN i = 50 THEN ST_Point(650100, 'NaN', 3006) ELSE g END, 100) FROM later $$,
                 '22023', NULL, 'later row: NaN coordinate: 22023');
SELECT throws_ok($$ SELECT grid_agg(CASE WHEN i = 50 THEN ST_Point(650100, 6570100, 3021) ELSE g END, 100) FROM later $$,
                 '22023', NULL, 'later row: another SRID: 22023');
SELECT throws_ok($$ SELECT grid_agg(CASE WHEN i = 50 THEN NULL ELSE g END, 100) FROM later $$,
                 '22004', NULL, 'later row: NULL geometry: 22004');
SELECT throws_ok($$ SELECT grid_agg(g, CASE WHEN i = 50 THEN 50 ELSE 100 END) FROM later $$,
                 '22023', NULL, 'later row: another cell size: 22023');
SELECT throws_ok($$ SELECT grid_agg(g, 100, CASE WHEN i = 50 THEN 'NaN'::float8 ELSE 1 END) FROM later $$,
                 '22023', NULL, 'later row: NaN weight: 22023');
SELECT throws_ok($$ SELECT grid_agg(g, 100, CASE WHEN i = 50 THEN NULL ELSE 1 END) FROM later $$,
                 '22004', NULL, 'later row: NULL weight: 22004');
SELECT throws_ok($$ SELECT cube_agg(g, CASE WHEN i = 50 THEN 'infinity' ELSE t END, 100, '1 day') FROM later $$,
                 '22008', NULL, 'later row: infinite time: 22008');
SELECT throws_ok($$ SELECT cube_agg(g, t, 100, CASE WHEN i = 50 THEN interval '2 days' ELSE '1 day' END) FROM later $$,
                 '22023', NULL, 'later row: another step: 22023');
SELECT throws_ok($$ SELECT cube_agg(g, t, 100, '1 day', CASE WHEN i = 50 THEN timestamptz '2024-01-02' ELSE '2024-01-01' END) FROM later $$,
                 '22023', NULL, 'later row: another origin: 22023');
SELECT is((SELECT array_agg(n ORDER BY cell_id, step) FROM cube_cells((SELECT cube_agg(g, t, 100, '1 day', '2024-01-01', i % 4) FROM later))),
          (SELECT array_agg(n ORDER BY cell_id, step) FROM (
             SELECT cell_id(ST_X(g), ST_Y(g), 100) AS cell_id, floor(extract(epoch FROM t - '2024-01-01') / 86400)::int AS step, sum(i % 4)::float8 AS n
               FROM later GROUP BY 1, 2) s),
          'later rows: weighted cube_agg = the same sums in SQL');
SELECT throws_ok($$ SELECT 'x'::est.cube $$, '0A000', NULL, 'no text input: 0A000');

-- ================================================================ dense window and hash (branch perf)
-- The transition state sums bins in a dense window while they are compact and in a hash
-- otherwise (core/grid.c); both must give the cells of plain SQL snapping, exactly.  Far points
-- (two stray points 40 km away) push the state out of the window into the hash.
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TABLE pts_far AS
SELECT geom, t FROM pts
UNION ALL SELECT ST_Point(540000, 6460000, 3006), timestamptz '2024-01-03 00:00+00'
UNION ALL SELECT ST_Point(460000, 6501000, 3006), timestamptz '2024-03-20 00:00+00';
SELECT results_eq(
  $$ SELECT cell_id, n FROM cube_cells((SELECT grid_agg(geom, 10) FROM pts_far)) ORDER BY cell_id $$,
  $$ SELECT ((floor(ST_Y(geom) / 10)::bigint) << 32) + floor(ST_X(geom) / 10)::bigint + 2147483648, count(*)::float8
       FROM pts_far GROUP BY 1 ORDER BY 1 $$,
  'grid_agg at 10 m with two points 40 km away (dense, then the hash): the cells of floor() in SQL');
SELECT results_eq(
  $$ SELECT cell_id, n FROM cube_cells((SELECT grid_agg(geom, 100) FROM pts)) ORDER BY cell_id $$,
  $$ SELECT ((floor(ST_Y(geom) / 100)::bigint) << 32) + floor(ST_X(geom) / 100)::bigint + 2147483648, count(*)::float8
       FROM pts GROUP BY 1 ORDER BY 1 $$,
  'grid_agg at 100 m (a compact dense window throughout): the cells of floor() in SQL');
SELECT results_eq(
  $$ SELECT cell_id, step, n FROM cube_cells((SELECT cube_agg(geom, t, 250, '1 day', '2024-01-01 00:00+00') FROM pts_far)) ORDER BY step, cell_id $$,
  $$ SELECT ((floor(ST_Y(geom) / 250)::bigint) << 32) + floor(ST_X(geom) / 250)::bigint + 2147483648 AS id,
            floor(extract(epoch FROM t - '2024-01-01 00:00+00') / 86400)::int AS step, count(*)::float8
       FROM pts_far GROUP BY 1, 2 ORDER BY 2, 1 $$,
  'cube_agg at 250 m and daily steps with the far points (the hash, sorted by radix): floor() in SQL');
CREATE TEMP TABLE serial_far AS
SELECT (SELECT grid_agg(geom, 10) FROM pts_far) AS g, (SELECT cube_agg(geom, t, 250, '1 day', '2024-01-01 00:00+00') FROM pts_far) AS c;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
ANALYZE pts_far;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan('SELECT grid_agg(geom, 10) FROM pts_far') l WHERE l ~ 'Partial Aggregate'),
          'the far-point table is aggregated in parallel');
SELECT is(cube_send((SELECT grid_agg(geom, 10) FROM pts_far)), cube_send((SELECT g FROM serial_far)),
          'grid_agg with far points: the same cube with 2 parallel workers (sorted parts merged)');
SELECT is(cube_send((SELECT cube_agg(geom, t, 250, '1 day', '2024-01-01 00:00+00') FROM pts_far)), cube_send((SELECT c FROM serial_far)),
          'cube_agg with far points: the same cube with 2 parallel workers');
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

SELECT * FROM finish();
ROLLBACK;
