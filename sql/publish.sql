--
-- publish: public views with small counts suppressed, GeoJSON, vector tiles.
--
-- One municipality (Norrtälje, weekly cycles with the cut-off Tuesday 13:00): the kommun
-- area, the towns Rimbo (4 × 4 km) and Hallstavik (2 × 2 km).  Cycle 2025-W19 (29 April
-- 13:00 – 6 May 13:00, labelled by the week of its deadline) holds, by main category:
--   Rimbo       skadegörelse 2, samling 5          total  7
--   Hallstavik  skadegörelse 3, samling 4          total  7
--   countryside övrigt 4 (in the kommun, in no town)
--   kommun      skadegörelse 5, samling 9, övrigt 4 total 18
-- Worked by hand (docs/publish.md has the rule): Rimbo's 2 is small and suppressed.  Alone
-- it would be Rimbo's total minus its samling (7 - 5) or the kommun's skadegörelse minus
-- Hallstavik's (5 - 3), so more cells go.  No single cell closes both equations, nor any pair
-- of the first candidates (Hallstavik skadegörelse 3, kommun skadegörelse 5, Rimbo samling 5,
-- Rimbo total 7); the first, Hallstavik's 3, goes.  Then the pair Hallstavik samling 4 +
-- Rimbo samling 5 completes the rectangle Rimbo/Hallstavik × skadegörelse/samling: with the
-- totals 7, 7, 5 and 9 known, Rimbo's skadegörelse can be anything from 0 to 5.  The totals
-- stay: they give nothing away.  (The countryside's 4 is never published on its own.)
--
SET TimeZone = 'Europe/Stockholm';
SET DateStyle = 'ISO, YMD';
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'kommun', 'Norrtälje kommun', ST_MakeEnvelope(680000, 6610000, 720000, 6650000, 3006));
INSERT INTO est.locality (kommun, kind, name, parent_id, geom)
SELECT '0188', 'tätort', v.name, k.id, v.geom
  FROM est.locality k,
	   (VALUES ('Rimbo', ST_MakeEnvelope(689000, 6619000, 693000, 6623000, 3006)),
			   ('Hallstavik', ST_MakeEnvelope(700000, 6640000, 702000, 6642000, 3006))) v (name, geom)
 WHERE k.kommun = '0188' AND k.kind = 'kommun';
-- W19: every incident of a town in one 250 m cell; W18: six more in Rimbo's cell
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0188', v.category, tstzrange(v.t, v.t, '[]'), v.t + interval '1 hour', ST_Point(v.x, v.y, 3006)
  FROM (VALUES ('skadegorelse.klotter', 2, 691100, 6621100, timestamptz '2025-05-05 10:00'),
			   ('samling.utomhus', 5, 691100, 6621100, '2025-05-05 10:00'),
			   ('skadegorelse.glaskross', 3, 701100, 6641100, '2025-05-05 10:00'),
			   ('samling.ungdomar', 4, 701100, 6641100, '2025-05-05 10:00'),
			   ('ovrigt', 4, 710000, 6630000, '2025-05-05 10:00'),
			   ('ordningsstorande.annat', 6, 691100, 6621100, '2025-04-25 22:00')) v (category, n, x, y, t),
	   generate_series(1, v.n);
-- a pending report is never counted
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, review_status)
VALUES ('0188', 'skadegorelse.klotter', '[2025-05-05 10:00, 2025-05-05 10:00]', '2025-05-05 11:00',
		ST_Point(691100, 6621100, 3006), 'pending');

-- the published table of W19: every non-zero or suppressed cell
SELECT locality, category, incidents, suppressed
  FROM est.public_counts
 WHERE kommun = '0188' AND cycle_label = '2025-W19' AND (incidents IS DISTINCT FROM 0)
 ORDER BY locality_id, category = 'total', category;
-- the rest of W19 is zeros, shown
SELECT count(*) AS cells, count(*) FILTER (WHERE incidents = 0 AND NOT suppressed) AS zeros
  FROM est.public_counts WHERE kommun = '0188' AND cycle_label = '2025-W19';
-- W18: Rimbo's 6 (ordningsstörande) stand; the cycles run from the first incident to the last
-- completed cycle, each with 3 localities × (8 main categories + total)
SELECT cycle_label, locality, category, incidents, suppressed FROM est.public_counts
 WHERE kommun = '0188' AND cycle_label = '2025-W18' AND incidents <> 0 ORDER BY locality_id, category;
SELECT min(cycle_label) AS first, count(DISTINCT cycle_label) * 27 = count(*) AS full_tables,
	   bool_and(cycle_end <= now()) AS all_completed, count(DISTINCT id) = count(*) AS unique_ids
  FROM est.public_counts WHERE kommun = '0188';

-- a stricter municipality: nothing below 6 is shown
INSERT INTO est.publish_setting (kommun, suppress_below) VALUES ('0188', 6);
SELECT locality, category, incidents, suppressed, suppress_below
  FROM est.public_counts
 WHERE kommun = '0188' AND cycle_label = '2025-W19' AND (incidents IS DISTINCT FROM 0)
 ORDER BY locality_id, category = 'total', category;
\set VERBOSITY terse
UPDATE est.publish_setting SET suppress_below = 1 WHERE kommun = '0188';
UPDATE est.publish_setting SET hot_cell_size = 100 WHERE kommun = '0188';
\set VERBOSITY default
SELECT suppress_below, hot_cell_size FROM est.publish_setting;
DELETE FROM est.publish_setting;

-- the suppression on its own: one locality, categories 1 and 5 (hand: the 1 and the 5 go)
SELECT * FROM est.suppress_counts('{-1}', 2, 3, '{0,0}', '{0,1}', '{1,5}');
SELECT * FROM est.suppress_counts('{1,0}', 1, 3, '{}', '{}', '{}');
SELECT * FROM est.suppress_counts('{-1}', 1, 3, '{0}', '{1}', '{4}');
SELECT * FROM est.suppress_counts('{-1}', 1, 0, '{}', '{}', '{}');

-- the views a GIS sees: typed geometry, SRID 3006
SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns
 WHERE f_table_schema = 'est' AND f_table_name LIKE 'public%' ORDER BY 1;

-- decisions: the public view shows the grade and colour, never the motivation
SELECT decided_grade FROM est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'),
									 '2025-05-07 15:00', 3, 'Klotter och samlingar vid stationen');
SELECT locality, cycle_label, "time", grade, label_sv, colour, round(lat::numeric, 3) AS lat, round(lon::numeric, 3) AS lon
  FROM est.public_assessments;

-- GeoJSON.  The point (691000, 6621000) in SWEREF 99 TM is 18.392891 E, 59.683067 N
-- (gdaltransform -s_srs EPSG:3006 -t_srs EPSG:4326: 18.3928910209679 59.6830673696573).
SELECT est.geojson(jsonb_agg(t)) FROM (SELECT 7 AS id, 'a' AS name, ST_Point(691000, 6621000, 3006) AS geom) t;
SELECT est.geojson(NULL), est.geojson('[]');
SELECT est.geojson(jsonb_agg(t), digits => 2) FROM (SELECT 1 AS id, NULL::geometry AS geom) t;
SELECT est.geojson('{"id": 1}');
SELECT est.geojson('[]', digits => 16);
-- the localities of W20 (the cycle of the meeting) with the grade decided for it
SELECT f -> 'properties' ->> 'name' AS name, f -> 'properties' ->> 'grade' AS grade, f -> 'properties' ->> 'colour' AS colour,
	   f -> 'geometry' ->> 'type' AS type
  FROM jsonb_array_elements(est.geojson_localities('0188', '2025-05-07 15:00') -> 'features') f
 ORDER BY 1;

-- hot cells of W20: Rimbo's cell holds 13 incidents over W17–W20, its 255 neighbours none: Gi* (500 m,
-- 256 cells) z = 4.32, hot at 99 %; Hallstavik's cell has only 7 (the guard wants 8).  The
-- public form shows the cell and the bin, never the count.
SELECT area_id = (SELECT id FROM est.locality WHERE name = 'Rimbo') AS rimbo, x, y, n, round(z::numeric, 2) AS z, bin, neighbourhood_n
  FROM est.hot_cells('0188', '2025-05-07 15:00');
SELECT locality, cycle_label, cell_size, bin, confidence, ST_AsText(geom) AS geom
  FROM est._public_hot_cells('0188', '2025-05-07 15:00');
-- the cycle containing "at" is not over yet: the public form takes the last completed one
SELECT cycle_label FROM est._public_hot_cells('0188', now()) UNION ALL SELECT 'none yet';
SELECT jsonb_array_length(est.geojson_hot_cells('0188', '2025-05-07 15:00') -> 'features') AS features;

-- tiles: Rimbo's cell at zoom 12, and a tile of the Atlantic
SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 4096))::int AS tx,
	   floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 4096))::int AS ty
  FROM (SELECT ST_Transform(ST_Point(691125, 6621125, 3006), 3857) AS p) s \gset
SELECT :tx AS x, :ty AS y, length(est.tile_hotspots(12, :tx, :ty, '0188', '2025-05-07 15:00')) > 0 AS hotspots,
	   length(est.tile_incidents(12, :tx, :ty)) > 0 AS incidents,
	   length(est.tile_hotspots(12, 1500, 1400, NULL, '2025-05-07 15:00')) AS atlantic,
	   length(est.tile_hotspots(0, 0, 0)) AS world_now;
SELECT est.tile_hotspots(31, 0, 0);
SELECT est.tile_incidents(3, 8, 0);
SELECT est.tile_incidents(3, -1, 0);

-- who sees what: the public role reads the public views and the hot-spot tiles, nothing else
SET ROLE est_public;
SELECT count(*) > 0 AS counts, (SELECT count(*) FROM est.public_assessments) AS assessments FROM est.public_counts;
SELECT length(est.tile_hotspots(12, :tx, :ty, '0188', '2025-05-07 15:00')) > 0 AS hotspot_tile;
SELECT count(*) FROM est.incident;
SELECT count(*) FROM est.locality;
SELECT count(*) FROM est.assessment;
SELECT est.tile_incidents(12, :tx, :ty);
SELECT est.geojson_localities('0188', '2025-05-07');
SELECT * FROM est.hot_cells('0188', '2025-05-07');
INSERT INTO est.publish_setting (kommun) VALUES ('0188');
RESET ROLE;
SELECT count(*) AS settings FROM est.publish_setting;

SET client_min_messages = warning;
TRUNCATE est.municipality CASCADE;
RESET client_min_messages;
