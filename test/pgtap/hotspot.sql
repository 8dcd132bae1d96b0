-- pgTAP tests of the hotspot module: Gi* against R spdep localG (include.self), FDR bins,
-- masks, undefined Gi*, errors.  Reference values: test/reference/gistar.R (R 4.2.2, spdep
-- 1.2.7; test/reference/versions.txt) — gistar_small.csv, gistar_vancouver.csv (thefts 2020,
-- EPSG:26910, 250 m cells, 500 m), gistar_areal.csv (Vancouver neighbourhoods, queen).
-- The Vancouver tests read ../shared/data and are skipped when it is absent.
BEGIN;
SELECT plan(51 + 44 + 9);

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

-- ================================================================ KDE, PAI, mask cells (branch kde)
-- est.mask_cells against PostGIS: for every cell centre of the mask's bounding box,
-- ST_Covers(mask, centre) (the SQL version est.mask_cells replaced) must give the same cells.
CREATE TEMP TABLE shapes (name text, g geometry);
INSERT INTO shapes VALUES
 ('square with hole, edges through centres', 'SRID=3006;POLYGON((50 50, 950 50, 950 950, 50 950, 50 50),(350 350, 650 350, 650 650, 350 650, 350 350))'),
 ('diamond, vertices on centres', 'SRID=3006;POLYGON((550 50, 1050 550, 550 1050, 50 550, 550 50))'),
 ('triangle, hypotenuse through centres', 'SRID=3006;POLYGON((0 0, 1000 0, 0 1000, 0 0))'),
 ('multipolygon, hole touching the shell', 'SRID=3006;MULTIPOLYGON(((0 0, 400 0, 400 400, 0 400, 0 0),(0 150, 250 150, 250 250, 0 150)),((450 450, 850 450, 650 850, 450 450)))'),
 ('collection of two polygons', 'SRID=3006;GEOMETRYCOLLECTION(POLYGON((0 0, 400 0, 400 400, 0 0)),POLYGON((500 0, 900 0, 900 300, 500 0)))'),
 ('buffer (64 segments) at SWEREF coordinates', ST_Buffer('SRID=3006;POINT(673210.3 6625402.7)'::geometry, 2200, 16)),
 ('rotated square with hole', ST_Rotate('SRID=3006;POLYGON((50 50, 950 50, 950 950, 50 950, 50 50),(350 350, 650 350, 650 650, 350 650, 350 350))'::geometry, 0.3, 500, 500)),
 ('star with 5 holes', ST_Difference(ST_Buffer('SRID=3006;POINT(5000 5000)'::geometry, 3000, 3),
        ST_Union(ARRAY(SELECT ST_Buffer(ST_Point(5000 + 1500 * cos(a), 5000 + 1500 * sin(a), 3006), 400, 2)
                         FROM generate_series(0, 4) k, LATERAL (SELECT k * 2 * pi() / 5 AS a) t))));
\set have_munis `test -r ../shared/data/swedish_municipalities.geojson && echo 1 || echo 0`
\if :have_munis
CREATE TEMP TABLE munis_doc (doc text);
\copy munis_doc FROM PROGRAM 'tr -d "\n" < ../shared/data/swedish_municipalities.geojson' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
INSERT INTO shapes
SELECT 'kommun ' || (f->'properties'->>'kom_namn'), ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326), 3006)
  FROM munis_doc, json_array_elements(doc::json->'features') f WHERE f->'properties'->>'id' IN ('0188', '0180');
\endif
CREATE TEMP TABLE mask_cmp AS
SELECT s.name, z.cs, est_ids, sql_ids
  FROM shapes s, (VALUES (50.0::float8), (100), (250), (1000)) z(cs),
       LATERAL (SELECT grid_agg(p, z.cs) AS c FROM (SELECT ST_PointOnSurface(s.g) p) q) q,
       LATERAL (SELECT mask_cells(q.c, s.g) AS est_ids) e,
       LATERAL (SELECT coalesce(array_agg(cell_id((k + 0.5) * z.cs, (r + 0.5) * z.cs, z.cs) ORDER BY r, k), '{}') AS sql_ids
                  FROM generate_series(floor(ST_YMin(s.g) / z.cs)::int, floor(ST_YMax(s.g) / z.cs)::int) r,
                       generate_series(floor(ST_XMin(s.g) / z.cs)::int, floor(ST_XMax(s.g) / z.cs)::int) k
                 WHERE ST_Covers(s.g, ST_Point((k + 0.5) * z.cs, (r + 0.5) * z.cs, 3006))) r
 WHERE NOT (s.name LIKE 'kommun%' AND z.cs < 250);
SELECT is((SELECT array_agg(name || ' @ ' || cs ORDER BY name, cs) FROM mask_cmp WHERE est_ids IS DISTINCT FROM sql_ids), NULL,
          'mask_cells equals ST_Covers per cell centre on 8 synthetic polygons at 50, 100, 250, 1000 m (holes, centres on edges and vertices)');
SELECT cmp_ok((SELECT sum(cardinality(est_ids))::int FROM mask_cmp WHERE name NOT LIKE 'kommun%'), '>', 10000,
              '... over more than 10 000 covered cells');
\if :have_munis
SELECT is((SELECT count(*)::int FROM mask_cmp WHERE name LIKE 'kommun%' AND est_ids = sql_ids AND cardinality(est_ids) > 100), 4,
          'mask_cells equals ST_Covers on the Norrtälje and Stockholm municipality outlines at 250 m and 1 km');
\else
SELECT skip('../shared/data is absent: the municipality outlines are skipped', 1);
\endif
SELECT throws_ok($$ SELECT mask_cells((SELECT c FROM small_cube), 'SRID=26910;LINESTRING(0 0, 400 400)') $$, '22023', NULL,
                 'mask_cells: a line is not a mask: 22023');

-- est.kde errors (nothing is written: the functions only read)
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), 0) $$, '22023', NULL, 'kde: bandwidth 0: 22023');
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), -5) $$, '22023', NULL, 'kde: negative bandwidth: 22023');
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), 'NaN') $$, '22023', NULL, 'kde: NaN bandwidth: 22023');
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), 'Infinity') $$, '22023', NULL, 'kde: infinite bandwidth: 22023');
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), 500, 'biweight') $$, '22023', NULL, 'kde: unknown kernel: 22023');
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), NULL) $$, '22004', NULL, 'kde: NULL bandwidth: 22004');
SELECT throws_ok($$ SELECT kde_params((SELECT c FROM small_cube), 500, 'biweight') $$, '22023', NULL, 'kde_params: unknown kernel: 22023');
SELECT throws_ok($$ SELECT * FROM kde((SELECT c FROM small_cube), 1e7) $$, '54000', NULL, 'kde: a bandwidth of 10^7 m on 100 m cells: 54000 before allocating');
SELECT is((SELECT count(*)::int FROM kde((SELECT c FROM small_cube), 500) WHERE kde = 'NaN' OR NOT kde > 0), 0, 'kde: only positive densities, never NaN');
-- the total of a raw kde is Σ w × Σ stencil; scaled, the stencil sums to about 1 / cell² when
-- h >> cell (the kernel integrates to 1): 23 points, 100 m cells, 2000 m quartic
SELECT cmp_ok((SELECT abs(sum(kde) * 100 * 100 / 23 - 1) FROM kde((SELECT c FROM small_cube), 2000, scaled => true)), '<', 1e-3::float8,
              'kde scaled: the density integrates to the number of points (quartic, h = 20 cells)');

-- est.pai errors
SELECT throws_ok($$ SELECT * FROM pai(ARRAY['SRID=3006;POINT(1 1)'::geometry], 'SRID=3006;POLYGON((0 0, 1 0, 1 1, 0 0))', 'SRID=3021;POLYGON((0 0, 9 0, 9 9, 0 0))') $$,
                 '22023', NULL, 'pai: SRID mismatch: 22023');
SELECT throws_ok($$ SELECT * FROM pai(ARRAY['SRID=4326;POINT(18 59)'::geometry], NULL, 'SRID=4326;POLYGON((17 59, 19 59, 19 60, 17 59))') $$,
                 '22023', NULL, 'pai: a geographic study area: 22023');
SELECT throws_ok($$ SELECT * FROM pai(ARRAY['SRID=3006;POINT(1 1)'::geometry], NULL, 'SRID=3006;LINESTRING(0 0, 9 9)') $$,
                 '22023', NULL, 'pai: a study area without area: 22023');
SELECT throws_ok($$ SELECT * FROM pai(ARRAY['SRID=3006;LINESTRING(0 0, 1 1)'::geometry], NULL, 'SRID=3006;POLYGON((0 0, 9 0, 9 9, 0 0))') $$,
                 '22023', NULL, 'pai: points that are not points: 22023');
SELECT throws_ok($$ SELECT * FROM pai('{}', NULL, NULL) $$, '22004', NULL, 'pai: NULL study area: 22004');
SELECT throws_ok($$ SELECT * FROM pai_from_counts(1, 2, 5, 4) $$, '22023', NULL, 'pai_from_counts: hotspot area above the study area: 22023');
SELECT throws_ok($$ SELECT * FROM pai_cells('{1}', 100, (SELECT c FROM small_cube), '{}') $$, '22023', NULL, 'pai_cells: empty study area: 22023');
SELECT throws_ok($$ SELECT * FROM pai_cells('{1}', 250, (SELECT c FROM small_cube), '{1}') $$, '22023', NULL, 'pai_cells: cube of another cell size: 22023');
SELECT throws_ok($$ SELECT * FROM pai_cells('{1,NULL}', 100, (SELECT c FROM small_cube), '{1}') $$, '22004', NULL, 'pai_cells: a NULL id: 22004');
SELECT is((SELECT ROW(hit_rate, pai, note IS NOT NULL) FROM pai('{}', NULL, 'SRID=3006;POLYGON((0 0, 9 0, 9 9, 0 0))')),
          ROW(NULL::float8, NULL::float8, true), 'pai: no incidents: hit rate and PAI NULL (not NaN), with a note');

\if :have_data
-- KDE against SciPy (test/reference/kde_scipy.py, NumPy 1.24.2 / SciPy 1.10.1): the thefts binned
-- at 250 m; quartic raw at 1000 m and normal scaled at 250 m (truncated at 4h), every cell
-- of the extent grown by 4 cells
CREATE TEMP TABLE kref (col int, row int, n int, quartic_raw float8, normal_scaled float8);
\copy kref FROM 'test/reference/kde_vancouver.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE vcube AS SELECT grid_agg(ST_Point(x, y, 26910), 250) AS c FROM thefts WHERE x > 0 AND y > 0;
CREATE TEMP TABLE kq AS SELECT * FROM kde((SELECT c FROM vcube), 1000);
CREATE TEMP TABLE kn AS SELECT * FROM kde((SELECT c FROM vcube), 250, 'normal', true);
SELECT is((SELECT count(*)::int FROM kq), (SELECT count(*)::int FROM kref WHERE quartic_raw > 0),
          'Vancouver KDE quartic 1000 m: the same cells with a positive density as SciPy (2585)');
SELECT cmp_ok((SELECT max(abs(k.kde - r.quartic_raw) / greatest(1, r.quartic_raw)) FROM kq k
                 JOIN kref r ON cell_id(r.col * 250 + 125, r.row * 250 + 125, 250) = k.cell_id AND k.n = r.n),
              '<=', 1e-9::float8, 'Vancouver KDE quartic raw: equal to SciPy to 1e-9 (relative) in every cell');
SELECT is((SELECT count(*)::int FROM kn k JOIN kref r ON cell_id(r.col * 250 + 125, r.row * 250 + 125, 250) = k.cell_id
            WHERE abs(k.kde - r.normal_scaled) <= 1e-9 * r.normal_scaled),
          (SELECT count(*)::int FROM kref WHERE normal_scaled > 0),
          'Vancouver KDE normal scaled 250 m: every cell equal to SciPy to 1e-9 (relative)');
-- PAI: hot cells of the first half of 2020 (Gi*, 250 m / 500 m, bin >= 2) against the thefts
-- of the second half, once as polygons (est.pai) and once as cells (est.pai_cells): the same
-- numbers from two independent paths (PostGIS areas and ST_Covers vs cell arithmetic)
CREATE TEMP TABLE hot AS
SELECT cell_id, geom FROM gistar((SELECT grid_agg(ST_Point(x, y, 26910), 250) FROM thefts WHERE x > 0 AND y > 0 AND month <= 6), 500) WHERE bin >= 2;
CREATE TEMP TABLE later AS SELECT ST_Point(x, y, 26910) AS g FROM thefts WHERE x > 0 AND y > 0 AND month > 6;
CREATE TEMP TABLE study AS SELECT ST_MakeEnvelope(floor(min(x) / 250) * 250, floor(min(y) / 250) * 250,
                                                  ceil(max(x) / 250) * 250, ceil(max(y) / 250) * 250, 26910) AS g
                             FROM thefts WHERE x > 0 AND y > 0;
CREATE TEMP TABLE pai_poly AS SELECT * FROM pai((SELECT array_agg(g) FROM later), (SELECT ST_Union(geom) FROM hot), (SELECT g FROM study));
CREATE TEMP TABLE pai_cell AS
SELECT * FROM pai_cells((SELECT array_agg(cell_id) FROM hot), 250, (SELECT grid_agg(g, 250) FROM later),
                        mask_cells((SELECT grid_agg(g, 250) FROM later), (SELECT g FROM study)));
SELECT is((SELECT ROW(n_inside::float8, n_total::float8, round(area_hotspot), round(area_study)) FROM pai_poly),
          (SELECT ROW(n_inside, n_total, round(area_hotspot), round(area_study)) FROM pai_cell),
          'Vancouver PAI: polygons and cells give the same counts and areas');
SELECT cmp_ok((SELECT abs(p.pai - c.pai) FROM pai_poly p, pai_cell c), '<=', 1e-9::float8, '... and the same PAI');
SELECT cmp_ok((SELECT pai FROM pai_poly), '>', 2::float8, 'Vancouver: last half-year''s hot cells predict the next (PAI > 2)');
\else
SELECT skip('../shared/data is absent: the Vancouver KDE and PAI comparisons are skipped', 6);
\endif

-- ================================================================ emerging hot spots (EHSA)
-- Reference: test/reference/ehsa.R (R 4.2.2, spdep 1.2.7): 28 locations × 10 steps of a 6 × 5
-- grid of 100 m cells (two cells never have a point and are not analysed).  Space-time Gi* with
-- localG on the space-time neighbour list ('cube'), by hand in R for 'step' and
-- 'neighborhood'; BH bins from p.adjust(p, "BH"); Mann-Kendall on z by hand; the patterns by
-- the rules written a second time in R.
CREATE TEMP TABLE rb (col int, row int, step int, n int, z_c float8, b_c int, z_s float8, b_s int,
                      z_n float8, b_n int, z_c2 float8, b_c2 int);
\copy rb FROM 'test/reference/ehsa_bins.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE rl (col int, row int,
                      tz_c float8, tp_c float8, h_c int, c_c int, cat_c text,
                      tz_s float8, tp_s float8, h_s int, c_s int, cat_s text,
                      tz_n float8, tp_n float8, h_n int, c_n int, cat_n text,
                      tz_c2 float8, tp_c2 float8, h_c2 int, c_c2 int, cat_c2 text);
\copy rl FROM 'test/reference/ehsa_locations.csv' WITH (FORMAT csv, HEADER true)
-- one point per count at the cell centre, in the middle of its week (origin 2025-01-06)
CREATE TEMP TABLE rc AS
SELECT cube_agg(ST_Point(col * 100 + 50, row * 100 + 50, 3006),
                timestamptz '2025-01-06 00:00+01' + step * interval '7 days' + interval '3 days',
                100, '7 days', '2025-01-06 00:00+01') AS c
  FROM rb, generate_series(1, n);
CREATE TEMP TABLE eb AS
SELECT 'c' AS run, b.* FROM emerging_hotspot_bins((SELECT c FROM rc), 150) b
UNION ALL SELECT 's', b.* FROM emerging_hotspot_bins((SELECT c FROM rc), 150, global_window => 'step') b
UNION ALL SELECT 'n', b.* FROM emerging_hotspot_bins((SELECT c FROM rc), 150, global_window => 'neighborhood') b
UNION ALL SELECT 'c2', b.* FROM emerging_hotspot_bins((SELECT c FROM rc), 200, 2) b;
CREATE TEMP TABLE el AS
SELECT 'c' AS run, e.* FROM emerging_hotspots((SELECT c FROM rc), 150) e
UNION ALL SELECT 's', e.* FROM emerging_hotspots((SELECT c FROM rc), 150, global_window => 'step') e
UNION ALL SELECT 'n', e.* FROM emerging_hotspots((SELECT c FROM rc), 150, global_window => 'neighborhood') e
UNION ALL SELECT 'c2', e.* FROM emerging_hotspots((SELECT c FROM rc), 200, 2) e;
CREATE TEMP VIEW rbl AS
SELECT cell_id(col * 100 + 50, row * 100 + 50, 100) AS cell_id, step, n, r.run, r.z, r.bin
  FROM rb, LATERAL (VALUES ('c', z_c, b_c), ('s', z_s, b_s), ('n', z_n, b_n), ('c2', z_c2, b_c2)) r(run, z, bin);
CREATE TEMP VIEW rll AS
SELECT cell_id(col * 100 + 50, row * 100 + 50, 100) AS cell_id, r.*
  FROM rl, LATERAL (VALUES ('c', tz_c, tp_c, h_c, c_c, cat_c), ('s', tz_s, tp_s, h_s, c_s, cat_s),
                           ('n', tz_n, tp_n, h_n, c_n, cat_n), ('c2', tz_c2, tp_c2, h_c2, c_c2, cat_c2)) r(run, tz, tp, h, c, cat);

SELECT is((SELECT count(*)::int FROM emerging_hotspots((SELECT c FROM rc), 150)), 28,
          'EHSA analyses the 28 cells with a point in some step, not the 2 empty cells of the extent');
SELECT is((SELECT count(*)::int FROM eb WHERE run = 'c' AND n = 0), 280 - 206,
          'every analysed location has all 10 steps, zeros filled in (280 bins, 206 non-empty in the cube)');
SELECT is((SELECT count(*)::int FROM eb JOIN rbl r ON r.run = eb.run AND r.cell_id = eb.cell_id AND r.step = eb.step
            WHERE eb.run = 'c' AND eb.n = r.n AND abs(eb.z - r.z) <= 1e-9), 280,
          'window cube, 150 m, time_steps 1: all 280 z equal R spdep localG on the space-time neighbour list to 1e-9');
SELECT is((SELECT count(*)::int FROM eb JOIN rbl r ON r.run = eb.run AND r.cell_id = eb.cell_id AND r.step = eb.step
            WHERE eb.run = 'c2' AND abs(eb.z - r.z) <= 1e-9), 280,
          'window cube, 200 m (inclusive), time_steps 2: all 280 z equal R spdep localG to 1e-9');
SELECT is((SELECT count(*)::int FROM eb JOIN rbl r ON r.run = eb.run AND r.cell_id = eb.cell_id AND r.step = eb.step
            WHERE eb.run = 's' AND abs(eb.z - r.z) <= 1e-9), 280,
          'window step (per-step mean and sd, as sfdep): all 280 z equal R (by hand, = localG per step without a lag) to 1e-9');
SELECT is((SELECT count(*)::int FROM eb JOIN rbl r ON r.run = eb.run AND r.cell_id = eb.cell_id AND r.step = eb.step
            WHERE eb.run = 'n' AND abs(eb.z - r.z) <= 1e-9), 280,
          'window neighborhood (the bins of the time window): all 280 z equal R (by hand) to 1e-9');
SELECT is((SELECT count(*)::int FROM eb JOIN rbl r ON r.run = eb.run AND r.cell_id = eb.cell_id AND r.step = eb.step
            WHERE eb.bin = r.bin), 4 * 280,
          'all bins of the four runs equal R''s p.adjust(p, "BH") <= 0.10/0.05/0.01 over all 280 bins');
SELECT cmp_ok((SELECT count(*)::int FROM eb WHERE run = 'c' AND bin <> 0), '>', 50, '... of which many are significant');
SELECT is((SELECT count(*)::int FROM el JOIN rll r ON r.run = el.run AND r.cell_id = el.cell_id
            WHERE abs(el.trend_z - r.tz) <= 1e-9 AND abs(el.trend_p - r.tp) <= 1e-9), 4 * 28,
          'Mann-Kendall on each location''s z series equals R (by hand: S, Var S with ties, continuity correction) to 1e-9');
SELECT is((SELECT count(*)::int FROM el JOIN rll r ON r.run = el.run AND r.cell_id = el.cell_id
            WHERE el.hot_steps = r.h AND el.cold_steps = r.c AND el.category = r.cat), 4 * 28,
          'hot and cold step counts and the pattern of every location equal the rules computed in R');
SELECT is((SELECT count(DISTINCT category)::int FROM el), 8, '... with 8 different patterns among the runs (new, consecutive, oscillating hot; persistent, sporadic, oscillating, historical cold; none)');
SELECT is((SELECT count(*)::int FROM el e
            WHERE e.category = ehsa_classify((SELECT array_agg(b.z ORDER BY b.step) FROM eb b WHERE b.run = e.run AND b.cell_id = e.cell_id),
                                             (SELECT array_agg(b.bin <> 0 ORDER BY b.step) FROM eb b WHERE b.run = e.run AND b.cell_id = e.cell_id))),
          4 * 28, 'est.ehsa_classify on a location''s bins gives the pattern of est.emerging_hotspots');
SELECT is((SELECT count(*)::int FROM el e JOIN eb b ON b.run = e.run AND b.cell_id = e.cell_id AND b.step = 9
            WHERE e.final_z = b.z AND e.final_bin = b.bin), 4 * 28, 'final_z and final_bin are the last step''s');
SELECT is((SELECT count(*)::int FROM eb WHERE z = 'NaN' OR p = 'NaN' OR z IS NULL), 0, 'no NaN and no undefined z in the reference runs');
SELECT is((SELECT jsonb_build_array(p->'locations', p->'bins', p->'steps', p->'moments'->'n', p->'fdr'->'tested')
             FROM (SELECT emerging_hotspots_params((SELECT c FROM rc), 150) p) q),
          '[28, 280, 10, 280, 280]'::jsonb, 'emerging_hotspots_params: 28 locations, 10 steps, 280 bins, moments and FDR over all 280');
SELECT is((SELECT round(((p->'moments'->>'mean')::float8 - (SELECT avg(n) FROM rb))::numeric, 12)
             FROM (SELECT emerging_hotspots_params((SELECT c FROM rc), 150) p) q), 0.0, '... the cube mean is the mean of the 280 bins');
SELECT is((SELECT (p->'fdr'->>'cutoff_90')::float8 FROM (SELECT emerging_hotspots_params((SELECT c FROM rc), 150) p) q),
          (SELECT fdr_cutoff(array_agg(p), 0.10) FROM eb WHERE run = 'c'), '... the 90 % cut-off is est.fdr_cutoff over every bin''s p (one FDR set: the cube)');

-- a generated cube with injected patterns (as sql/hotspot.sql): steady, rising, stopped, new
SELECT setseed(0.42);
CREATE TEMP TABLE gen AS
SELECT ST_Point(x, y, 3006) AS geom, timestamptz '2025-01-06 00:00+01' + (s * 7 + d) * interval '1 day' AS t
  FROM (SELECT s, random() * 2000 AS x, random() * 2000 AS y, random() * 6.99 AS d
          FROM generate_series(0, 11) s, generate_series(1, 600) k
        UNION ALL
        SELECT s, (c + random()) * 100, (r + random()) * 100, random() * 6.99
          FROM generate_series(0, 11) s, generate_series(3, 5) c, generate_series(3, 5) r, generate_series(1, 6) k
        UNION ALL
        SELECT s, (c + random()) * 100, (r + random()) * 100, random() * 6.99
          FROM generate_series(0, 11) s, generate_series(14, 16) c, generate_series(3, 5) r, LATERAL generate_series(1, 2 + 2 * s) k
        UNION ALL
        SELECT s, (c + random()) * 100, (r + random()) * 100, random() * 6.99
          FROM generate_series(0, 9) s, generate_series(3, 5) c, generate_series(14, 16) r, generate_series(1, 8) k
        UNION ALL
        SELECT 11, (c + random()) * 100, (r + random()) * 100, random() * 6.99
          FROM generate_series(14, 16) c, generate_series(14, 16) r, generate_series(1, 12) k) g;
CREATE TEMP TABLE gc AS SELECT cube_agg(geom, t, 100, '7 days', '2025-01-06 00:00+01') AS c FROM gen;
CREATE TEMP TABLE ge AS SELECT * FROM emerging_hotspots((SELECT c FROM gc), 150);
SELECT is((SELECT category FROM ge WHERE x = 1550 AND y = 1550), 'new hot spot', 'injected in the final step only: new hot spot');
SELECT is((SELECT category FROM ge WHERE x = 450 AND y = 450), 'persistent hot spot', 'steady: persistent hot spot');
SELECT is((SELECT category FROM ge WHERE x = 1550 AND y = 450), 'intensifying hot spot', 'rising: intensifying hot spot');
SELECT is((SELECT category FROM ge WHERE x = 450 AND y = 1550), 'historical hot spot', 'stopped two steps before the end: historical hot spot');
SELECT is((SELECT count(*)::int FROM ge WHERE category <> 'no pattern detected'
             AND NOT (x BETWEEN 250 AND 650 OR x BETWEEN 1350 AND 1750) ), 0, 'no pattern away from the injected blocks');
SELECT is((SELECT count(*)::int FROM emerging_hotspots((SELECT c FROM gc), 150, mask => ST_MakeEnvelope(0, 0, 1000, 2000, 3006))),
          (SELECT count(DISTINCT cell_id)::int FROM cube_cells((SELECT c FROM gc)) WHERE x < 1000),
          'mask: exactly the cells with a point whose centre is in the mask');
SELECT is((SELECT category FROM emerging_hotspots((SELECT c FROM gc), 150, mask => ST_MakeEnvelope(0, 0, 1000, 2000, 3006)) WHERE x = 450 AND y = 450),
          'persistent hot spot', '... and the steady block is still persistent within it');
-- est._emerging(..., patterns_only => true) (what est.emerging_cells reads): the rows with a pattern, the same
-- values, in every global window (the trend test run only for those rows)
SELECT set_eq($$ SELECT w, e.* FROM unnest(ARRAY['cube', 'neighborhood', 'step']) w, est._emerging((SELECT c FROM gc), 150, 1, NULL, w, 0.10, true) e $$,
              $$ SELECT w, e.* FROM unnest(ARRAY['cube', 'neighborhood', 'step']) w, est._emerging((SELECT c FROM gc), 150, 1, NULL, w, 0.10) e
                  WHERE e.category <> 'no pattern detected' $$,
              '_emerging with patterns_only = _emerging without the no-pattern rows');
SELECT cmp_ok((SELECT count(*)::int FROM est._emerging((SELECT c FROM gc), 150, 1, NULL, 'cube', 0.10, true)), '>=', 4,
              '... and it has rows to compare');

-- empty input, one step
SELECT is((SELECT count(*)::int FROM emerging_hotspots(NULL, 150)), 0, 'no cube: no rows');
SELECT is((SELECT count(*)::int FROM emerging_hotspots((SELECT c FROM gc), 150, mask => ST_MakeEnvelope(5000, 5000, 6000, 6000, 3006))), 0,
          'a mask without any cell with a point: no rows');
CREATE TEMP TABLE one AS SELECT cube_agg(ST_Point(col * 100 + 50, row * 100 + 50, 3006), timestamptz '2025-01-08 12:00+01', 100, interval '7 days', timestamptz '2025-01-06 00:00+01') AS c
  FROM rb, generate_series(1, n) WHERE step = 3;
SELECT is((SELECT count(*)::int FROM emerging_hotspots((SELECT c FROM one), 150) WHERE trend_z IS NULL AND trend_p IS NULL), (SELECT count(*)::int FROM rb WHERE step = 3 AND n > 0),
          'one step: every location analysed, no trend (Mann-Kendall needs 3 steps)');
SELECT is((SELECT count(*)::int FROM emerging_hotspots((SELECT c FROM one), 150) e
             JOIN gistar((SELECT c FROM one), 150, (SELECT ST_Union(geom) FROM cube_cells((SELECT c FROM one))), false) g USING (cell_id)
            WHERE abs(e.final_z - g.z) <= 1e-12), (SELECT count(*)::int FROM rb WHERE step = 3 AND n > 0),
          'one step: z equals est.gistar over the same cells (a mask of their squares)');

-- bad input: exact SQLSTATE, nothing written
CREATE TEMP TABLE sink AS SELECT * FROM emerging_hotspots((SELECT c FROM rc), 150) WHERE false;
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), 0) $$, '22023', NULL, 'distance 0: 22023');
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), 'NaN') $$, '22023', NULL, 'distance NaN: 22023');
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), 150, -1) $$, '22023', NULL, 'time_steps -1: 22023');
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), 150, global_window => 'slice') $$, '22023', NULL, 'unknown global_window: 22023');
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), 150, alpha => 0) $$, '22023', NULL, 'alpha 0: 22023');
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), 150, mask => ST_MakeEnvelope(0, 0, 1, 1, 3021)) $$, '22023', NULL, 'mask in another SRID: 22023');
SELECT throws_ok($$ INSERT INTO sink SELECT * FROM emerging_hotspots((SELECT c FROM rc), NULL) $$, '22004', NULL, 'NULL distance: 22004');
SELECT throws_ok($$ SELECT * FROM emerging_hotspot_bins((SELECT c FROM rc), -5) $$, '22023', NULL, 'bins: negative distance: 22023');
SELECT throws_ok($$ SELECT emerging_hotspots_params((SELECT c FROM rc), 150, alpha => 1.5) $$, '22023', NULL, 'params: alpha 1.5: 22023');
SELECT throws_ok($$ SELECT * FROM (SELECT set_config('est.max_cells', '100', true) AS m) s,
                      LATERAL emerging_hotspots((SELECT c FROM rc), 150 + 0 * length(s.m)) $$, '54000', NULL,
                 '280 bins above est.max_cells = 100: 54000 before allocating');
SELECT is((SELECT count(*)::int FROM sink), 0, 'nothing was written by the failed calls');
SELECT throws_ok($$ SELECT ehsa_classify('{1,2}', '{t}') $$, '22023', NULL, 'ehsa_classify: arrays of different length: 22023');
SELECT throws_ok($$ SELECT ehsa_classify('{1,NULL}', '{t,t}') $$, '22004', NULL, 'ehsa_classify: NULL element: 22004');
SELECT throws_ok($$ SELECT ehsa_classify('{}', '{}') $$, '22023', NULL, 'ehsa_classify: empty series: 22023');

-- ================================================================ est.gistar in C (branch perf)
-- est.gistar became a C function; its rows must be, in order and bit for bit, those of the SQL
-- definition it replaced: est._gistar with ST_MakeEnvelope(x -+ cell/2, y -+ cell/2) around each
-- centre, the mask through est.mask_cells.
CREATE FUNCTION pg_temp.gistar_sql(c est.cube, distance float8, mask geometry, fdr boolean)
	RETURNS TABLE (cell_id bigint, step integer, x float8, y float8, geom bytea, n float8, z float8, p float8, bin integer)
	LANGUAGE sql AS $$
	SELECT g.cell_id, g.step, g.x, g.y,
		   ST_AsEWKB(ST_MakeEnvelope(g.x - i.cell_size / 2, g.y - i.cell_size / 2,
									 g.x + i.cell_size / 2, g.y + i.cell_size / 2, i.srid)),
		   g.n, g.z, g.p, g.bin
	  FROM est.cube_info(c) i,
		   est._gistar(c, distance, CASE WHEN mask IS NOT NULL THEN est.mask_cells(c, mask) END,
					   coalesce(fdr, true)) g $$;
CREATE TEMP TABLE rc_mask AS
SELECT ST_Buffer(ST_Point((xmin + xmax) / 2, (ymin + ymax) / 2, 3006), (xmax - xmin) / 3) AS m
  FROM cube_info((SELECT c FROM rc));
SELECT results_eq(
  $$ SELECT cell_id, step, x, y, ST_AsEWKB(geom), n, z, p, bin FROM gistar((SELECT c FROM small_cube), 100) $$,
  $$ SELECT * FROM pg_temp.gistar_sql((SELECT c FROM small_cube), 100, NULL, true) $$,
  'est.gistar (C) = the former SQL definition: small grid, FDR');
SELECT results_eq(
  $$ SELECT cell_id, step, x, y, ST_AsEWKB(geom), n, z, p, bin FROM gistar((SELECT c FROM rc), 150, fdr => false) $$,
  $$ SELECT * FROM pg_temp.gistar_sql((SELECT c FROM rc), 150, NULL, false) $$,
  'est.gistar (C) = the former SQL definition: weekly cube, every step, no FDR');
SELECT results_eq(
  $$ SELECT cell_id, step, x, y, ST_AsEWKB(geom), n, z, p, bin FROM gistar((SELECT c FROM rc), 150, (SELECT m FROM rc_mask)) $$,
  $$ SELECT * FROM pg_temp.gistar_sql((SELECT c FROM rc), 150, (SELECT m FROM rc_mask), true) $$,
  'est.gistar (C) = the former SQL definition: weekly cube with a circular mask');
SELECT is((SELECT count(*)::int FROM gistar((SELECT c FROM rc), 150, (SELECT m FROM rc_mask))),
          (SELECT 1 + last_step - first_step FROM cube_info((SELECT c FROM rc))) *
          (SELECT cardinality(mask_cells((SELECT c FROM rc), (SELECT m FROM rc_mask)))),
          '... one row per masked cell and step');
-- the squares are written by core/square.c once the first equals ST_MakeEnvelope's bytes: every
-- one must be PostGIS's own, bounding box (float, rounded outwards; ~= compares it) included, at
-- a cell size whose edges are no floats, on both sides of x = 0 and far from y = 0
CREATE TEMP TABLE odd_cube AS
SELECT cube_agg(ST_Point(-150 + (i % 37) * 11.3, 6570000 - (i % 41) * 7.7, 3006),
                timestamptz '2024-01-01' + i * interval '9 hours', 33.3, '7 days') AS c
  FROM generate_series(1, 400) i;
SELECT is((SELECT count(*) FILTER (WHERE ST_AsEWKB(g.geom) = ST_AsEWKB(e.env) AND g.geom ~= e.env
                                     AND ST_MemSize(g.geom) = ST_MemSize(e.env))::int || ' of ' || count(*)
             FROM gistar((SELECT c FROM odd_cube), 70) g,
                  LATERAL (SELECT ST_MakeEnvelope(g.x - 33.3 / 2, g.y - 33.3 / 2, g.x + 33.3 / 2, g.y + 33.3 / 2, 3006) AS env) e),
          (SELECT count(*) || ' of ' || count(*) FROM gistar((SELECT c FROM odd_cube), 70)),
          'est.gistar squares = ST_MakeEnvelope: coordinates, SRID, float bounding box and size, every cell');
SELECT is((SELECT count(*)::int FROM gistar(NULL, 150)), 0, 'est.gistar(NULL cube): no rows');
SELECT is((SELECT count(*)::int FROM gistar((SELECT c FROM rc), NULL, (SELECT m FROM rc_mask))), 0, 'est.gistar(NULL distance): no rows');
SELECT is((SELECT array_agg(bin ORDER BY step, cell_id) FROM gistar((SELECT c FROM rc), 150, fdr => NULL)),
          (SELECT array_agg(bin ORDER BY step, cell_id) FROM gistar((SELECT c FROM rc), 150)), 'fdr NULL is fdr true');
CREATE TEMP TABLE rc_n AS SELECT count(*)::int AS n FROM pg_temp.gistar_sql((SELECT c FROM rc), 150, (SELECT m FROM rc_mask), true);
SET LOCAL search_path = pg_catalog;
CREATE TEMP TABLE rc_pgcat AS
SELECT count(*)::int AS n FROM est.gistar((SELECT c FROM pg_temp.rc), 150, (SELECT m FROM pg_temp.rc_mask));
SET LOCAL search_path = est, public;
SELECT is((SELECT n FROM rc_pgcat), (SELECT n FROM rc_n),
          'est.gistar finds ST_MakeEnvelope and est.mask_cells under search_path = pg_catalog');

SELECT * FROM finish();
ROLLBACK;
