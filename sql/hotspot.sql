--
-- hotspot: Getis–Ord Gi* over a cube and over areal units, the BH cut-off.
-- The 4 × 3 grid below (cell 100 m, counts by row from the bottom: 0 1 2 0 / 3 8 5 1 / 0 2 1 0)
-- is test/reference/gistar_small.csv; its z values come from R spdep 1.2.7 localG with
-- include.self (test/reference/gistar.R).  By hand for cell (0,0) at 100 m: neighbours self,
-- (1,0), (0,1), sum 4, W = 3, n = 12, mean 23/12, S² = 779/144:
-- z = (4 - 3 · 23/12) / (S · sqrt((12 · 3 - 9) / 11)) = -0.4802474045.
--
SET search_path = est, public;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

CREATE TEMP TABLE small (col int, row int, n int, z100 float8, z150 float8);
\copy small FROM 'test/reference/gistar_small.csv' WITH (FORMAT csv, HEADER true)
-- one point per count at the cell centre, plus a NE corner so the extent is 4 × 3
CREATE TEMP TABLE small_pts AS
  SELECT ST_Point(col * 100 + 50, row * 100 + 50, 26910) AS geom FROM small, generate_series(1, n);
CREATE TEMP TABLE small_cube AS SELECT grid_agg(geom, 100) AS c FROM small_pts;
SELECT c FROM small_cube;

-- every cell of the extent, zero cells included, with z as R gives it
SELECT g.cell_id, g.x, g.y, g.n, round(g.z::numeric, 10) AS z, round(s.z100::numeric, 10) AS r_spdep,
       round(g.p::numeric, 6) AS p, g.bin
  FROM gistar((SELECT c FROM small_cube), 100, fdr => false) g
  JOIN small s ON cell_id(s.col * 100 + 50, s.row * 100 + 50, 100) = g.cell_id
 ORDER BY g.y, g.x;
SELECT round(max(abs(g.z - s.z150))::numeric, 12) AS max_diff_150
  FROM gistar((SELECT c FROM small_cube), 150) g
  JOIN small s ON cell_id(s.col * 100 + 50, s.row * 100 + 50, 100) = g.cell_id;
-- with FDR nothing passes: the smallest of the 12 p (0.0232, the centre cell) exceeds
-- 1 · 0.10 / 12 = 0.0083, the next (0.0738) exceeds 2 · 0.10 / 12, and so on: every bin is 0
SELECT count(*) FILTER (WHERE bin <> 0) AS significant FROM gistar((SELECT c FROM small_cube), 100);
SELECT * FROM gistar_params((SELECT c FROM small_cube), 100);
SELECT ST_AsText(geom) FROM gistar((SELECT c FROM small_cube), 100) WHERE cell_id = 6442450945;

-- ---------------------------------------------------------------- mask
-- a mask over the left three columns: 9 cells, the right column is outside the study area
SELECT count(*) AS cells, sum(n) AS n
  FROM gistar((SELECT c FROM small_cube), 100, ST_MakeEnvelope(0, 0, 300, 300, 26910));
SELECT cells, round(mean::numeric, 10) AS mean FROM gistar_params((SELECT c FROM small_cube), 100, ST_MakeEnvelope(0, 0, 300, 300, 26910));
-- a mask larger than the data: centres x -50..450, y -50..350 give 6 × 5 = 30 cells, 22 empty
SELECT count(*) AS cells, count(*) FILTER (WHERE n = 0) AS zero_cells
  FROM gistar((SELECT c FROM small_cube), 100, ST_MakeEnvelope(-100, -100, 500, 400, 26910));
-- a mask that holds no cell centre: no rows
SELECT count(*) FROM gistar((SELECT c FROM small_cube), 100, ST_MakeEnvelope(1000, 1000, 1010, 1010, 26910));
SELECT count(*) FROM gistar((SELECT c FROM small_cube), 100, ST_MakeEnvelope(0, 0, 300, 300, 3006));

-- ---------------------------------------------------------------- undefined Gi*
-- every cell holds the same count: sd = 0, z/p/bin NULL, the reason in gistar_params
SELECT count(*) AS cells, count(z) AS with_z
  FROM gistar((SELECT grid_agg(ST_Point(x * 100 + 50, y * 100 + 50, 26910), 100)
                 FROM generate_series(0, 2) x, generate_series(0, 2) y), 100);
SELECT cells, sd, defined, note
  FROM gistar_params((SELECT grid_agg(ST_Point(x * 100 + 50, y * 100 + 50, 26910), 100)
                        FROM generate_series(0, 2) x, generate_series(0, 2) y), 100);
-- a single point: one cell
SELECT cell_id, n, z, p, bin FROM gistar((SELECT grid_agg(ST_Point(50, 50, 26910), 100)), 500);
SELECT count(*) AS no_cube_no_cells FROM gistar(NULL, 100);
SELECT gistar((SELECT c FROM small_cube), -1);

-- ---------------------------------------------------------------- building blocks
SELECT round(gistar_z(4, 3, 3, 12, 23.0 / 12, sqrt(779.0 / 144))::numeric, 10) AS z_cell_00;
SELECT gistar_z(4, 3, 3, 12, 2, 0) AS sd_zero, gistar_z(4, 12, 12, 12, 2, 1) AS whole_area;
SELECT round(gistar_p(1.959963984540054)::numeric, 12) AS p_196, gistar_p(0) AS p_0;
-- Benjamini–Hochberg by hand (test/unit/test_fdr.c): p* = 0.074, 0.020, 0.001; none: NULL
SELECT fdr_cutoff(p, 0.10) AS c10, fdr_cutoff(p, 0.05) AS c05, fdr_cutoff(p, 0.01) AS c01
  FROM (VALUES ('{0.205,0.012,0.900,0.001,0.060,0.041,0.020,0.074,0.030,0.008,NULL}'::float8[])) v(p);
SELECT fdr_cutoff('{0.5,0.6}', 0.05) AS none;
SELECT fdr_cutoff('{0.5,1.2}', 0.05);

-- ---------------------------------------------------------------- areal units
-- unit squares at x = 0, 1, 2 (a strip) and 4 (alone), values 1 2 3 10: n = 4, mean 4,
-- S² = (9 + 4 + 1 + 36) / 4 = 12.5.  By hand: unit 1 (self, 2): (3 - 8) / (S sqrt((8 - 4)/3))
-- = -1.2247448714; unit 2 (1, self, 3): (6 - 12) / (S · 1) = -1.6970562748; unit 3:
-- (5 - 8) / (S sqrt(4/3)) = -0.7348469228; unit 4 (self only): (10 - 4) / (S · 1) = 1.6970562748
SELECT id, value, neighbour_count, round(z::numeric, 10) AS z, round(p::numeric, 6) AS p, bin
  FROM gistar_areal('{1,2,3,4}', '{1,2,3,10}',
                    ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006),
                          ST_MakeEnvelope(2, 0, 3, 1, 3006), ST_MakeEnvelope(4, 0, 5, 1, 3006)], fdr => false);
-- distance band between centroids (0.5, 1.5, 2.5, 4.5): 2.0 (inclusive) links 1–2, 1–3, 2–3, 3–4;
-- unit 3 then neighbours every unit (W = n): its z is undefined, NULL; unit 4: (13 - 8) / (S sqrt(4/3))
SELECT id, neighbour_count, round(z::numeric, 10) AS z
  FROM gistar_areal('{1,2,3,4}', '{1,2,3,10}',
                    ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006),
                          ST_MakeEnvelope(2, 0, 3, 1, 3006), ST_MakeEnvelope(4, 0, 5, 1, 3006)], 'distance', 2.0);
-- the parameters behind the first call: 4 units, mean 4, S = sqrt(12.5), no FDR
SELECT units, mean, round(sd::numeric, 10) AS sd, neighbour_rule, distance_used, max_neighbours, fdr_used, cutoff_90, cutoff_99
  FROM gistar_areal_params('{1,2,3,4}', '{1,2,3,10}',
                    ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006),
                          ST_MakeEnvelope(2, 0, 3, 1, 3006), ST_MakeEnvelope(4, 0, 5, 1, 3006)], fdr => false);
SELECT * FROM gistar_areal('{1,2}', '{1,2}', ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006)]);
SELECT * FROM gistar_areal('{1,2}', '{1,2}', ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006)], 'rook');
SELECT * FROM gistar_areal('{1,2}', '{1,2}', ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006)], 'distance');

-- ================================================================ KDE, PAI, mask cells (branch kde)
-- ---------------------------------------------------------------- est.mask_cells
-- cell 100: centres at 50, 150, ...; a square whose edges run through centres keeps them
-- (boundary covered, as ST_Covers), its hole (a square around the centre (150, 150)) drops one
SELECT mask_cells((SELECT c FROM small_cube), ST_GeomFromText('POLYGON((50 50, 250 50, 250 250, 50 250, 50 50))', 26910)) AS edges_on_centres;
SELECT mask_cells((SELECT c FROM small_cube), ST_GeomFromText('POLYGON((50 50, 250 50, 250 250, 50 250, 50 50), (100 100, 200 100, 200 200, 100 200, 100 100))', 26910)) AS with_hole;
-- the triangle (0,0) (400,0) (0,400): centres with x + y <= 400, those on the hypotenuse included
SELECT cardinality(mask_cells((SELECT c FROM small_cube), ST_GeomFromText('POLYGON((0 0, 400 0, 0 400, 0 0))', 26910))) AS triangle_cells;
-- empty mask: no cells; a line or a point is not an area: 22023
SELECT mask_cells((SELECT c FROM small_cube), ST_GeomFromText('POLYGON EMPTY', 26910)) AS empty_mask;
SELECT mask_cells((SELECT c FROM small_cube), ST_GeomFromText('LINESTRING(0 0, 400 400)', 26910));
SELECT mask_cells((SELECT c FROM small_cube), ST_GeomFromText('GEOMETRYCOLLECTION(POLYGON((0 0, 100 0, 100 100, 0 0)), POINT(5 5))', 26910));

-- ---------------------------------------------------------------- est.kde
-- by hand (test/unit/test_kde.c): cell 100, bandwidth 250, quartic (1 - u²)²; weight 1 in cell
-- (2,2) (centre 250, 250) and 3 in cell (4,2) (centre 450, 250).  The stencil: K = 1, 0.7056,
-- 0.1296 at 0, 100, 200 m along a row, 0.4624 at (1,1), 0.04 at (2,1), 0 from 250 m on.
-- Along y = 250: x = 50: 0.1296, 150: 0.7056, 250: 1 + 3 · 0.1296 = 1.3888, 350: 4 · 0.7056 =
-- 2.8224, 450: 3 + 0.1296 = 3.1296, 550: 3 · 0.7056 = 2.1168, 650: 3 · 0.1296 = 0.3888
CREATE TEMP TABLE kde_cube AS
  SELECT grid_agg(g, 100, w) AS c FROM (VALUES (ST_Point(250, 250, 26910), 1.0), (ST_Point(450, 250, 26910), 3.0)) v(g, w);
SELECT x, y, n, round(kde::numeric, 12) AS kde FROM kde((SELECT c FROM kde_cube), 250) WHERE y = 250 ORDER BY x;
-- the extent grown by 2 cells holds 7 × 5 = 35 cells; its 4 corners lie (2,2) cells or more from
-- both points (u² = 1.28): 0, left out.  31 cells; the total is 4 × the stencil's sum
SELECT count(*) AS cells, round(sum(kde)::numeric, 10) AS total,
       round((4 * (1 + 4 * 0.7056 + 4 * 0.4624 + 4 * 0.1296 + 8 * 0.04))::numeric, 10) AS by_hand
  FROM kde((SELECT c FROM kde_cube), 250);
-- scaled: × 3 / (pi · 250²).  The other kernels at (350, 250), 100 m (u = 0.4) from both points:
-- triangular 4 · (1 - 0.4) = 2.4, epanechnikov 4 · 0.84 = 3.36, uniform 4, normal 4 · exp(-0.08)
SELECT round((kde / (2.8224 * 3 / (pi() * 250 ^ 2)))::numeric, 12) AS scaled_ratio
  FROM kde((SELECT c FROM kde_cube), 250, scaled => true) WHERE x = 350 AND y = 250;
SELECT k.kernel, round(kde::numeric, 12) AS kde_350_250
  FROM unnest('{triangular,epanechnikov,uniform,normal}'::text[]) k(kernel),
       kde((SELECT c FROM kde_cube), 250, k.kernel) WHERE x = 350 AND y = 250;
SELECT round((4 * exp(-0.08))::numeric, 12) AS normal_by_hand;
-- uniform, bandwidth 200: (50, 250) lies exactly 200 m from the first point, inside (d <= h): 1;
-- (650, 250) likewise from the second: 3; (350, 250) 100 m from both: 4
SELECT x, kde FROM kde((SELECT c FROM kde_cube), 200, 'uniform') WHERE y = 250 AND x IN (50, 350, 650) ORDER BY x;
SELECT kde_params((SELECT c FROM kde_cube), 250);
SELECT kde_params((SELECT c FROM kde_cube), 250, 'normal', true) - 'xmin' - 'xmax' - 'ymin' - 'ymax' AS normal_params;
-- a multi-step cube: one density surface per step, steps without points have no rows
SELECT step, step_start, count(*) AS cells, round(max(kde)::numeric, 10) AS peak
  FROM kde((SELECT cube_agg(g, t, 100, '1 day', '2024-01-01 00:00+00') FROM (VALUES
         (ST_Point(250, 250, 26910), timestamptz '2024-01-01 10:00+00'),
         (ST_Point(250, 250, 26910), '2024-01-03 10:00+00'), (ST_Point(260, 240, 26910), '2024-01-03 11:00+00')) v(g, t)), 250)
 GROUP BY step, step_start ORDER BY step;
-- bandwidth below the cell size: a NOTICE, and each cell keeps its own count
SELECT count(*) AS cells, sum(kde) AS total FROM kde((SELECT c FROM kde_cube), 50);
SELECT count(*) AS no_cube_no_cells FROM kde(NULL, 250);
SELECT * FROM kde((SELECT c FROM kde_cube), 0);
SELECT * FROM kde((SELECT c FROM kde_cube), 'NaN');
SELECT * FROM kde((SELECT c FROM kde_cube), 250, 'gaussian');
SELECT * FROM kde((SELECT c FROM kde_cube), NULL);
SET est.max_cells = 1000;
SELECT count(*) FROM kde((SELECT c FROM kde_cube), 2500);
RESET est.max_cells;

-- ---------------------------------------------------------------- PAI
-- by hand: study area 1000 × 1000 m (A = 10^6 m²); hotspots: 0..200 × 0..250 (5 · 10^4 m²)
-- plus a square reaching out of the study area (900..1100 × 900..1100: 100 × 100 = 10^4 m²
-- inside); 10 later incidents, (1500, 50) outside the study area: N = 9; in the hotspots (10, 10),
-- (100, 240), (200, 100) on an edge (covered) and (950, 950) in the clipped square: n = 4.
-- hit rate 4/9 = 0.4444, area share 6 · 10^4 / 10^6 = 0.06, PAI = (4/9) / 0.06 = 7.4074
CREATE TEMP TABLE pai_pts AS
  SELECT ST_Point(x, y, 3006) AS g FROM (VALUES (10, 10), (100, 240), (200, 100), (950, 950), (500, 500),
         (600, 100), (300, 300), (700, 800), (400, 900), (1500, 50)) v(x, y);
SELECT n_inside, n_total, round(hit_rate::numeric, 10) AS hit_rate, area_hotspot, area_study,
       area_share, round(pai::numeric, 10) AS pai, note
  FROM pai((SELECT array_agg(g) FROM pai_pts),
           ST_Collect(ST_MakeEnvelope(0, 0, 200, 250, 3006), ST_MakeEnvelope(900, 900, 1100, 1100, 3006)),
           ST_MakeEnvelope(0, 0, 1000, 1000, 3006));
-- overlapping hotspots count once: 0..200 and 100..300 (× 0..250) overlap in 100 × 250; the
-- union is 300 × 250 = 7.5 · 10^4 m², not 10^5
SELECT area_hotspot FROM pai((SELECT array_agg(g) FROM pai_pts),
       ST_Collect(ST_MakeEnvelope(0, 0, 200, 250, 3006), ST_MakeEnvelope(100, 0, 300, 250, 3006)),
       ST_MakeEnvelope(0, 0, 1000, 1000, 3006));
-- no incidents: hit rate and PAI NULL with the reason; no hotspots: PAI NULL, hit rate 0
SELECT n_total, hit_rate, area_share, pai, note FROM pai('{}', ST_MakeEnvelope(0, 0, 200, 250, 3006), ST_MakeEnvelope(0, 0, 1000, 1000, 3006));
SELECT n_total, hit_rate, area_hotspot, pai, note FROM pai((SELECT array_agg(g) FROM pai_pts), NULL, ST_MakeEnvelope(0, 0, 1000, 1000, 3006));
SELECT * FROM pai_from_counts(30, 120, 2e6, 40e6);
SELECT * FROM pai((SELECT array_agg(g) FROM pai_pts), ST_MakeEnvelope(0, 0, 200, 250, 3006), ST_MakeEnvelope(0, 0, 1000, 1000, 3021));
SELECT * FROM pai((SELECT array_agg(g) FROM pai_pts), ST_MakeLine(ST_Point(0, 0, 3006), ST_Point(10, 10, 3006)), ST_MakeEnvelope(0, 0, 1000, 1000, 3006));
SELECT * FROM pai((SELECT array_agg(g) FROM pai_pts), NULL, NULL);
SELECT * FROM pai_from_counts(5, 4, 1, 2);
SELECT * FROM pai_from_counts(1, 4, 3, 2);

-- cells: the same points binned at 100 m; hot cells (0,0), (1,0), (0,1), (1,1) and (9,9); the
-- study area the 100 cells of 0..1000 × 0..1000.  Points by cell: (10,10) in (0,0), (100,240)
-- in (1,2) — not hot —, (200,100) in (2,1) — not hot —, (950,950) in (9,9): n = 2 of N = 9;
-- area 5 cells of 100: a = 5 · 10^4, share 0.05, PAI = (2/9) / 0.05 = 4.4444
SELECT n_inside, n_total, round(hit_rate::numeric, 10) AS hit_rate, area_hotspot, area_study,
       area_share, round(pai::numeric, 10) AS pai
  FROM pai_cells(ARRAY[cell_id(50, 50, 100), cell_id(150, 50, 100), cell_id(50, 150, 100), cell_id(150, 150, 100),
                       cell_id(950, 950, 100), cell_id(950, 950, 100)], 100,
                 (SELECT grid_agg(g, 100) FROM pai_pts),
                 mask_cells((SELECT grid_agg(g, 100) FROM pai_pts), ST_MakeEnvelope(0, 0, 1000, 1000, 3006)));
SELECT n_total, hit_rate, pai, note FROM pai_cells(NULL, 100, NULL, ARRAY[cell_id(50, 50, 100)]);
SELECT * FROM pai_cells('{1}', 250, (SELECT grid_agg(g, 100) FROM pai_pts), ARRAY[cell_id(50, 50, 100)]);
SELECT * FROM pai_cells('{1}', 100, NULL, '{}');
SELECT * FROM pai_cells('{1,NULL}', 100, NULL, '{1}');

-- ================================================================ emerging hot spots (EHSA)
-- A generated weekly cube (seeded): 20 × 20 cells of 100 m, 12 steps, 600 noise points per step,
-- and four injected 3 × 3 blocks: (3..5, 3..5) 6 points per cell every step (steady),
-- (14..16, 3..5) 2 + 2 t points per cell in step t (rising), (3..5, 14..16) 8 per cell in steps
-- 0..9 then none (stopped), (14..16, 14..16) 12 per cell in the final step only (new).
-- With time_steps 1 a bin's neighbourhood also holds the previous step, so the stopped block
-- is hot until step 10 (11 of 12 steps, >= 90 %) and not in step 11: historical.
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
SELECT c FROM gc;
-- the centre cell of each block
SELECT x, y, category, round(trend_z::numeric, 3) AS trend_z, round(trend_p::numeric, 4) AS trend_p,
       hot_steps, cold_steps, round(final_z::numeric, 3) AS final_z, final_bin
  FROM emerging_hotspots((SELECT c FROM gc), 150)
 WHERE (x, y) IN ((450, 450), (1550, 450), (450, 1550), (1550, 1550)) ORDER BY y, x;
-- the map, north up (. = no pattern; N new, C consecutive, I intensifying, P persistent,
-- S sporadic, H historical; h hot, c cold)
SELECT string_agg(CASE category WHEN 'no pattern detected' THEN '.'
                       ELSE upper(left(category, 1)) || CASE WHEN category LIKE '%cold%' THEN 'c' ELSE 'h' END END,
                  ' ' ORDER BY x) AS map
  FROM emerging_hotspots((SELECT c FROM gc), 150) GROUP BY y ORDER BY y DESC;
-- the parameters: 400 locations (every cell has a point in some step) × 12 steps
SELECT key, value FROM jsonb_each(emerging_hotspots_params((SELECT c FROM gc), 150))
 WHERE key NOT IN ('moments', 'categories', 'fdr', 'trend', 'origin') ORDER BY key;
-- the mean over all 4800 bins is 10080 / 4800 = 2.1
SELECT p->'moments'->'n' AS n, p->'moments'->'mean' AS mean, round((p->'moments'->>'sd')::numeric, 6) AS sd,
       p->'fdr'->'tested' AS fdr_tested, round((p->'fdr'->>'cutoff_90')::numeric, 6) AS cutoff_90,
       p->'categories'->'new hot spot' AS new_hot, p->'trend'->'alpha' AS trend_alpha
  FROM (SELECT emerging_hotspots_params((SELECT c FROM gc), 150) AS p) q;
-- the bins of the new hot spot's centre: hot only in the final step
SELECT step, step_start, n, round(z::numeric, 3) AS z, bin
  FROM emerging_hotspot_bins((SELECT c FROM gc), 150) WHERE x = 1550 AND y = 1550 ORDER BY step;

-- a mask over the west half (x < 1000): only the locations whose centre lies in it
SELECT count(*) AS locations, max(x) AS max_x, count(*) FILTER (WHERE category <> 'no pattern detected') AS with_pattern
  FROM emerging_hotspots((SELECT c FROM gc), 150, mask => ST_MakeEnvelope(0, 0, 1000, 2000, 3006));
-- the per-step window (sfdep's moments) and the time-window window
SELECT global_window, count(*) FILTER (WHERE category <> 'no pattern detected') AS with_pattern,
       (SELECT category FROM emerging_hotspots((SELECT c FROM gc), 150, global_window => w.global_window) WHERE x = 1550 AND y = 1550) AS new_block
  FROM (VALUES ('neighborhood'), ('step')) w(global_window),
       LATERAL emerging_hotspots((SELECT c FROM gc), 150, global_window => w.global_window) e GROUP BY 1 ORDER BY 1;

-- ---------------------------------------------------------------- small cases
-- no cube (no incidents): no rows; a mask with no cell with a point: no rows
SELECT count(*) AS no_cube FROM emerging_hotspots(NULL, 150);
SELECT count(*) AS empty_mask FROM emerging_hotspots((SELECT c FROM gc), 150, mask => ST_MakeEnvelope(5000, 5000, 6000, 6000, 3006));
SELECT emerging_hotspots_params(NULL, 150)->'locations' AS locations;
-- one step (cells 0..2 × 0..0 with 1, 4, 1 points): no trend; by hand with distance 100,
-- n = 3, mean 2, S = sqrt(2): cell 1 (all three) has n W - W² = 0: undefined (NULL);
-- cell 0 (self, 1): (5 - 4) / (sqrt(2) · sqrt((6 - 4) / 2)) = 0.7071067812
SELECT cell_id, x, category, trend_z, trend_p, hot_steps, round(final_z::numeric, 10) AS final_z, final_bin
  FROM emerging_hotspots((SELECT cube_agg(ST_Point(c * 100 + 50, 50, 3006), timestamptz '2025-01-07 12:00+01', 100, interval '7 days')
                            FROM (VALUES (0), (1), (1), (1), (1), (2)) v(c)), 100);
-- the rule on its own: the series of analytics.md §1.4
SELECT ehsa_classify('{0,0,0,0,0,0,0,0,0,3}', '{f,f,f,f,f,f,f,f,f,t}') AS new,
       ehsa_classify('{3,3,3,3,3,3,3,3,3,0}', '{t,t,t,t,t,t,t,t,t,f}') AS historical,
       ehsa_classify('{-3,0,0,0,0,0,0,0,0,3}', '{t,f,f,f,f,f,f,f,f,t}') AS oscillating,
       ehsa_classify('{-3,-3.1,-3.2,-3.3,-3.4,-3.5,-3.6,-3.7,-3.8,-3.9}', '{t,t,t,t,t,t,t,t,t,t}') AS cold_falling;

-- ---------------------------------------------------------------- errors
SELECT * FROM emerging_hotspots((SELECT c FROM gc), 0);
SELECT * FROM emerging_hotspots((SELECT c FROM gc), 'NaN');
SELECT * FROM emerging_hotspots((SELECT c FROM gc), 150, time_steps => -1);
SELECT * FROM emerging_hotspots((SELECT c FROM gc), 150, global_window => 'slice');
SELECT * FROM emerging_hotspots((SELECT c FROM gc), 150, alpha => 1);
SELECT * FROM emerging_hotspots((SELECT c FROM gc), NULL);
SELECT * FROM emerging_hotspots((SELECT c FROM gc), 150, mask => ST_MakeEnvelope(0, 0, 1000, 2000, 3021));
SELECT ehsa_classify('{1,2}', '{t}');
SELECT ehsa_classify('{1,NULL}', '{t,t}');
