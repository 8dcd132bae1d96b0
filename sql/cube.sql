--
-- cube: the est.cube type and the binning aggregates.
-- Expected values are counted by hand: cell edges lie at multiples of the cell size, so with
-- 100 m cells the point (150, 20) is in column 1, row 0, centre (150, 50), and its cell id is
-- row * 2^32 + column + 2^31 = 2147483649.
--
SET search_path = est, public;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

CREATE TEMP TABLE pts (id int, geom geometry, t timestamptz, w float8);
INSERT INTO pts VALUES
  (1, 'SRID=26910;POINT(10 10)',    '2024-01-01 08:00+00', 1),
  (2, 'SRID=26910;POINT(150 20)',   '2024-01-03 12:00+00', 2),
  (3, 'SRID=26910;POINT(160 30)',   '2024-01-09 00:00+00', 0.5),
  (4, 'SRID=26910;POINT(-0.5 250)', '2024-01-16 23:59+00', 1),
  (5, 'SRID=26910;POINT(199.99 99.99)', '2024-01-08 00:00+00', 1);

-- ---------------------------------------------------------------- grid_agg
-- (10 10) -> col 0 row 0; (150 20), (160 30), (199.99 99.99) -> col 1 row 0; (-0.5 250) -> col -1 row 2
SELECT grid_agg(geom, 100) FROM pts;
SELECT cell_id, step, step_start, x, y, ST_AsText(geom) AS cell, n
  FROM cube_cells((SELECT grid_agg(geom, 100) FROM pts));
-- weights are summed: 2 + 0.5 + 1 in column 1
SELECT cell_id, n FROM cube_cells((SELECT grid_agg(geom, 100, w) FROM pts));
SELECT * FROM cube_info((SELECT grid_agg(geom, 100) FROM pts));
SELECT cell_id(150, 20, 100), cell_id(-0.5, 250, 100), cell_id(490320.299, 5458606.9208, 250);

-- ---------------------------------------------------------------- cube_agg
-- weekly steps from Monday 2024-01-01 00:00 UTC: step 0 = Jan 1–7, 1 = Jan 8–14, 2 = Jan 15–21
SELECT cube_agg(geom, t, 100, '7 days', '2024-01-01 00:00+00') FROM pts;
SELECT cell_id, step, step_start, n
  FROM cube_cells((SELECT cube_agg(geom, t, 100, '7 days', '2024-01-01 00:00+00', w) FROM pts));
-- the default origin is Monday 2000-01-03 00:00+01 (2000-01-02 23:00 UTC): 2024-01-01 08:00 UTC
-- is 8764 days 9 hours later, in week 1252 (starting 2023-12-31 23:00 UTC)
SELECT cell_id, step, step_start, n
  FROM cube_cells((SELECT cube_agg(geom, t, 100, '7 days') FROM pts WHERE id = 1));

-- aoristic: [Jan 6, Jan 9) overlaps step 0 for 2 of its 3 days and step 1 for 1 day;
-- [Jan 1, Jan 15) is exactly steps 0 and 1; an instant window [Jan 3, Jan 3] counts once
SELECT step, step_start, round(n::numeric, 12) AS n
  FROM cube_cells((SELECT cube_agg(g, w, 100, '7 days', '2024-01-01 00:00+00')
                     FROM (VALUES ('SRID=26910;POINT(10 10)'::geometry, tstzrange('2024-01-06 00:00+00', '2024-01-09 00:00+00')),
                                  ('SRID=26910;POINT(10 10)', tstzrange('2024-01-01 00:00+00', '2024-01-15 00:00+00')),
                                  ('SRID=26910;POINT(10 10)', tstzrange('2024-01-03 00:00+00', '2024-01-03 00:00+00', '[]'))) v(g, w)));

-- ---------------------------------------------------------------- empty input, one point
SELECT grid_agg(geom, 100) IS NULL AS no_rows_no_cube FROM pts WHERE false;
SELECT count(*) AS cells FROM cube_cells((SELECT grid_agg(geom, 100) FROM pts WHERE false));
SELECT grid_agg(geom, 100) FROM pts WHERE id = 1;

-- ---------------------------------------------------------------- bad input
SELECT grid_agg(ST_Point(18.07, 59.33, 4326), 100);
SELECT grid_agg(ST_Point(18.07, 59.33), 100);
SELECT grid_agg(NULL::geometry, 100);
SELECT grid_agg('SRID=26910;POINT EMPTY'::geometry, 100);
SELECT grid_agg(ST_Point('NaN', 0, 26910), 100);
SELECT grid_agg('SRID=26910;LINESTRING(0 0, 1 1)'::geometry, 100);
SELECT grid_agg(geom, 0) FROM pts;
SELECT grid_agg(geom, -100) FROM pts;
SELECT grid_agg(geom, 'NaN') FROM pts;
SELECT cube_agg(geom, t, 100, '1 month') FROM pts;
SELECT cube_agg(geom, t, 100, '0 days') FROM pts;
SELECT cube_agg(geom, NULL::timestamptz, 100, '7 days') FROM pts;
SELECT cube_agg(geom, tstzrange('2024-01-01', NULL), 100, '7 days') FROM pts;
SELECT grid_agg(g, 100) FROM (VALUES ('SRID=26910;POINT(0 0)'::geometry), ('SRID=3006;POINT(0 0)')) v(g);
SELECT grid_agg(geom, CASE WHEN id = 1 THEN 100 ELSE 200 END) FROM pts;
-- a stray point at 0,0 with one in Sweden at 10 m cells: 67 401 × 658 001 cells, refused
SELECT grid_agg(g, 10) FROM (VALUES ('SRID=3006;POINT(0 0)'::geometry), ('SRID=3006;POINT(674000 6580000)')) v(g);
SET est.max_cells = 100;
SELECT grid_agg(g, 10) FROM (VALUES ('SRID=3006;POINT(0 0)'::geometry), ('SRID=3006;POINT(95 95)')) v(g);
SELECT grid_agg(g, 10) FROM (VALUES ('SRID=3006;POINT(0 0)'::geometry), ('SRID=3006;POINT(99 101)')) v(g);
RESET est.max_cells;
SELECT 'x'::est.cube;
