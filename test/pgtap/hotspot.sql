-- pgTAP tests of the hotspot module: Gi* against R spdep localG (include.self), FDR bins,
-- masks, undefined Gi*, errors.  Reference values: test/reference/gistar.R (R 4.2.2, spdep
-- 1.2.7; test/reference/versions.txt) — gistar_small.csv, gistar_vancouver.csv (thefts 2020,
-- EPSG:26910, 250 m cells, 500 m), gistar_areal.csv (Vancouver neighbourhoods, queen).
-- The Vancouver tests read ../shared/data and are skipped when it is absent.
BEGIN;
SELECT plan(21);

SET LOCAL search_path = est, public;
SET LOCAL TimeZone = 'UTC';

-- ---------------------------------------------------------------- the small grid (R spdep)
CREATE TEMP TABLE small (col int, row int, n int, z100 float8, z150 float8);
\copy small FROM 'test/reference/gistar_small.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE small_cube AS
SELECT grid_agg(ST_Point(col * 100 + 50, row * 100 + 50, 26910), 100) AS c FROM small, generate_series(1, n);

SELECT is((SELECT count(*)::int FROM gistar((SELECT c FROM small_cube), 100) g
             JOIN small s ON cell_id(s.col * 100 + 50, s.row * 100 + 50, 100) = g.cell_id
            WHERE abs(g.z - s.z100) <= 1e-9 AND g.n = s.n), 12,
          'small grid, 100 m: all 12 cells equal R spdep localG to 1e-9');
SELECT is((SELECT count(*)::int FROM gistar((SELECT c FROM small_cube), 150) g
             JOIN small s ON cell_id(s.col * 100 + 50, s.row * 100 + 50, 100) = g.cell_id
            WHERE abs(g.z - s.z150) <= 1e-9), 12,
          'small grid, 150 m (queen): all 12 cells equal R spdep localG to 1e-9');
SELECT is((SELECT round(p::numeric, 9) FROM gistar((SELECT c FROM small_cube), 100) WHERE cell_id = 6442450945),
          0.023224656, 'p is two-sided: 2 (1 - Phi(2.2697187)) = 0.023224656 (SciPy norm.sf(2.2697187) * 2)');
SELECT is((SELECT array_agg(bin ORDER BY cell_id) FROM gistar((SELECT c FROM small_cube), 100, fdr => false) WHERE bin <> 0),
          '{2,1}'::int[], 'without FDR: bins by p <= 0.05 (centre, p 0.023) and p <= 0.10 (p 0.074)');

-- ---------------------------------------------------------------- multi-step cubes
-- a two-step cube: step 1 holds the small grid, step 0 one point; Gi* per step over the
-- cube's extent equals Gi* of each step alone over the same extent (a mask of that extent)
CREATE TEMP TABLE two AS
SELECT cube_agg(geom, t, 100, '1 day', '2024-01-01 00:00+00') AS c FROM (
  SELECT ST_Point(col * 100 + 50, row * 100 + 50, 26910) AS geom, timestamptz '2024-01-02 12:00+00' AS t FROM small, generate_series(1, n)
  UNION ALL SELECT ST_Point(50, 50, 26910), '2024-01-01 12:00+00') s;
SELECT is((SELECT count(*)::int FROM gistar((SELECT c FROM two), 100) g
             JOIN small s ON cell_id(s.col * 100 + 50, s.row * 100 + 50, 100) = g.cell_id
            WHERE g.step = 1 AND abs(g.z - s.z100) <= 1e-9), 12, 'multi-step: step 1 equals the one-step result (R spdep)');
SELECT is((SELECT round(z::numeric, 9) FROM gistar((SELECT c FROM two), 100) WHERE step = 0 AND cell_id = 2147483648),
          round(((1 - 3 / 12.0) / (sqrt(11 / 144.0) * sqrt((36 - 9) / 11.0)))::numeric, 9),
          'multi-step: step 0 (one point among 12 cells) by hand: (1 - 3/12) / (sqrt(11/144) sqrt(27/11))');
SELECT is((SELECT array_agg(cells ORDER BY step) FROM gistar_params((SELECT c FROM two), 100)), '{12,12}'::bigint[],
          'gistar_params reports one row per step with the study-area size');

-- ---------------------------------------------------------------- undefined, errors
SELECT is((SELECT count(z)::int FROM gistar((SELECT grid_agg(ST_Point(x * 100 + 50, y * 100 + 50, 26910), 100)
                                              FROM generate_series(0, 4) x, generate_series(0, 4) y), 300)), 0,
          'all-equal counts: sd = 0, every z NULL (never NaN)');
SELECT is((SELECT count(*)::int FROM gistar((SELECT c FROM small_cube), 100) WHERE z = 'NaN' OR p = 'NaN'), 0, 'no NaN anywhere');
SELECT throws_ok($$ SELECT * FROM gistar((SELECT c FROM small_cube), 'NaN') $$, '22023', NULL, 'NaN distance: 22023');
SELECT throws_ok($$ SELECT * FROM gistar((SELECT c FROM small_cube), 100, ST_MakeEnvelope(0, 0, 1, 1, 3006)) $$, '22023', NULL, 'mask in another SRID: 22023');
SELECT throws_ok($$ SELECT * FROM gistar((SELECT c FROM small_cube), 100, ST_MakeEnvelope(0, 0, 1e7, 1e7, 26910)) $$, '54000', NULL,
                 'a mask of 10^10 cells: 54000 before allocating');
SELECT throws_ok($$ SELECT fdr_cutoff('{0.1}', 1.5) $$, '22023', NULL, 'alpha outside (0, 1): 22023');
SELECT throws_ok($$ SELECT * FROM gistar_areal('{1,1}', '{1,2}', ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006)]) $$,
                 '23505', NULL, 'areal: repeated ids: 23505');

-- ---------------------------------------------------------------- Vancouver (R spdep)
\set have_data `test -r ../shared/data/vancouver_thefts_2020.csv.gz && test -r ../shared/data/vancouver_neighbourhoods.geojson && echo 1 || echo 0`
\if :have_data
CREATE TEMP TABLE thefts (type text, year int, month int, day int, hour int, minute int, block text, nbh text, x float8, y float8);
\copy thefts FROM PROGRAM 'zcat ../shared/data/vancouver_thefts_2020.csv.gz' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE ref (col int, row int, n float8, z float8);
\copy ref FROM 'test/reference/gistar_vancouver.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE van AS
SELECT * FROM gistar((SELECT grid_agg(ST_Point(x, y, 26910), 250) FROM thefts WHERE x > 0 AND y > 0), 500);
SELECT is((SELECT count(*)::int FROM van), (SELECT count(*)::int FROM ref),
          'Vancouver 250 m: est''s study area (the data extent, zero cells included) has R''s 2950 cells');
SELECT cmp_ok((SELECT max(abs(v.z - r.z)) FROM van v JOIN ref r ON cell_id(r.col * 250 + 125, r.row * 250 + 125, 250) = v.cell_id AND v.n = r.n),
              '<=', 1e-9::float8, 'Vancouver 250 m / 500 m: z equals R spdep localG to 1e-9 in every cell');
SELECT is((SELECT count(*)::int FROM van v JOIN ref r ON cell_id(r.col * 250 + 125, r.row * 250 + 125, 250) = v.cell_id AND v.n = r.n),
          2950, '... with the same counts in every cell');
-- the FDR bins equal Benjamini–Hochberg cut-offs over all 2950 p computed independently
SELECT is((SELECT count(*)::int FROM van, (SELECT fdr_cutoff(array_agg(p), 0.10) c90, fdr_cutoff(array_agg(p), 0.05) c95,
                                                 fdr_cutoff(array_agg(p), 0.01) c99 FROM van) c
            WHERE bin = sign(z)::int * CASE WHEN p <= c.c99 THEN 3 WHEN p <= c.c95 THEN 2 WHEN p <= c.c90 THEN 1 ELSE 0 END),
          2950, 'Vancouver: every FDR bin follows the BH cut-offs at 0.10, 0.05, 0.01');
SELECT cmp_ok((SELECT count(*)::int FROM van WHERE abs(bin) = 3), '<',
              (SELECT count(*)::int FROM gistar((SELECT grid_agg(ST_Point(x, y, 26910), 250) FROM thefts WHERE x > 0 AND y > 0), 500, fdr => false) WHERE abs(bin) = 3),
              'Vancouver: FDR leaves fewer 99 % cells than the unadjusted p');

CREATE TEMP TABLE gj (doc text);
\copy gj FROM PROGRAM 'tr -d "\n" < ../shared/data/vancouver_neighbourhoods.geojson' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
CREATE TEMP TABLE nbh AS
SELECT row_number() OVER (ORDER BY f->'properties'->>'name') AS id, f->'properties'->>'name' AS name,
       ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326), 26910) AS geom
  FROM gj, json_array_elements(doc::json->'features') f;
CREATE TEMP TABLE aref (name text, n int, neighbours int, z float8);
\copy aref FROM 'test/reference/gistar_areal.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE areal AS
SELECT nbh.name, a.* FROM (SELECT array_agg(id) i, array_agg(n::float8) v, array_agg(geom) g FROM (
         SELECT nbh.id, nbh.geom, (SELECT count(*) FROM thefts t WHERE t.x > 0 AND t.y > 0
                                    AND ST_Intersects(nbh.geom, ST_Point(t.x, t.y, 26910))) AS n FROM nbh) q) q,
       gistar_areal(q.i, q.v, q.g) a JOIN nbh ON nbh.id = a.id;
SELECT is((SELECT count(*)::int FROM areal a JOIN aref r USING (name) WHERE a.value = r.n AND a.neighbour_count = r.neighbours), 22,
          'Vancouver neighbourhoods: the same theft counts and queen neighbour counts (self included) as R sf/spdep poly2nb');
SELECT cmp_ok((SELECT max(abs(a.z - r.z)) FROM areal a JOIN aref r USING (name)), '<=', 1e-9::float8,
              'Vancouver neighbourhoods, queen: z equals R spdep localG to 1e-9');
\else
SELECT skip('../shared/data is absent: the Vancouver comparisons with R spdep are skipped', 7);
\endif

SELECT * FROM finish();
ROLLBACK;
