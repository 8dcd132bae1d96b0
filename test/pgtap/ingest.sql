-- pgTAP: the ingest module — CSV reading, the report loader on a file with deliberately broken
-- rows (test/data/reports_broken.csv: each bad row's expected reason is worked out by hand from
-- the contract), idempotent reloading, Polisen's notices, GeoJSON localities, municipalities and
-- survey results. Nothing is lost: every input row is loaded, a duplicate, skipped or rejected.
BEGIN;
SELECT plan(56);

-- ---------------------------------------------------------------- reading CSV and times
SELECT results_eq($$ SELECT line_no, fields, error FROM est.csv_rows(E'a,b\n"x, ""y""",z\n"open') $$,
	$$ VALUES (1, ARRAY['a', 'b'], NULL::text), (2, ARRAY['x, "y"', 'z'], NULL), (3, NULL, 'unterminated quoted field') $$,
	'csv_rows: fields, quoted delimiter and doubled quote, and a broken record with its reason');
SELECT results_eq($$ SELECT line_no, fields FROM est.csv_rows(E'a;"b\nc";d\r\n\r\ne;f', ';') $$,
	$$ VALUES (1, ARRAY['a', E'b\nc', 'd']), (4, ARRAY['e', 'f']) $$,
	'csv_rows: a line break inside quotes, CRLF, a blank line skipped, the next record''s line number');
SELECT throws_ok($$ SELECT * FROM est.csv_rows('a', '"') $$, '22023', NULL, 'csv_rows: a quote cannot be the delimiter (22023)');

SET LOCAL TimeZone = 'America/New_York';	-- the session's zone must not matter
SELECT is(est.parse_local_time('2025-05-03 18:00', 'Europe/Stockholm'), '2025-05-03 16:00+00'::timestamptz,
	'parse_local_time: local wall-clock time in the municipality''s zone (CEST = UTC+2)');
SELECT is(est.parse_local_time('2025-01-03T18:00', 'Europe/Stockholm'), '2025-01-03 17:00+00'::timestamptz,
	'... with T, in winter (CET = UTC+1)');
SELECT is(est.parse_local_time('2025-05-03T18:00:00+02:00', 'Europe/Stockholm'), '2025-05-03 16:00+00'::timestamptz,
	'... ISO 8601 with an offset');
SELECT is(est.parse_local_time('2025-05-03 16:00Z', 'Europe/Stockholm'), '2025-05-03 16:00+00'::timestamptz, '... Z');
SELECT is(est.parse_local_time('  ', 'Europe/Stockholm'), NULL, '... empty is NULL');
SELECT throws_ok($$ SELECT est.parse_local_time('igår kväll', 'Europe/Stockholm') $$, '22007', 'unreadable time "igår kväll"',
	'... prose is refused (22007)');
SELECT throws_ok($$ SELECT est.parse_local_time('2025-02-30 10:00', 'Europe/Stockholm') $$, '22008', NULL,
	'... an impossible date is refused (22008)');
RESET TimeZone;

SELECT is(est.category_code('Klotter'), 'skadegorelse.klotter', 'category_code: a Swedish label');
SELECT is(est.category_code('SKADEGORELSE.KLOTTER'), 'skadegorelse.klotter', '... a code, any case');
SELECT is(est.category_code('Rån'), 'ordningsstorande.ran', '... Rån from a reporter is the reporters'' category');
SELECT is(est.category_code('Rån', 'polis'), 'polisanmalt_brott.ran', '... and from the police the police crime');
SELECT throws_ok($$ SELECT est.category_code('Bilbrinnande') $$, '23503', 'unknown category "Bilbrinnande"', '... unknown (23503)');

-- ---------------------------------------------------------------- fixture
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom)
VALUES ('0188', 'kommun', 'Norrtälje kommun', ST_MakeEnvelope(650000, 6600000, 740000, 6700000, 3006)),
	   ('0188', 'tätort', 'Rimbo', ST_Buffer(ST_Transform('SRID=4326;POINT(18.364 59.745)'::geometry, 3006), 1500));
INSERT INTO est.organisation (kommun, name) VALUES ('0188', 'Trygg i Norrtälje');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT '0188', 'R-1', id FROM est.organisation;

-- ---------------------------------------------------------------- reports with broken rows
\set csv `cat test/data/reports_broken.csv`
CREATE TEMP TABLE csvfile AS SELECT :'csv'::text AS content;
SELECT results_eq($$ SELECT * FROM est.stage_reports_csv((SELECT content FROM csvfile)) $$, $$ VALUES (19, 2) $$,
	'stage_reports_csv: 19 records staged, 2 rejected at once (wrong column count, malformed record)');
SELECT results_eq($$ SELECT line_no, sqlstate, reason FROM est.rejected ORDER BY line_no $$,
	$$ VALUES (10, '22P04', 'wrong number of columns: 8 (the header has 15)'),
			  (17, '22P04', 'malformed CSV record: text after a closing quote') $$,
	'... each with its line (r2''s quoted line break counts) and reason');
CREATE TEMP TABLE loads (run integer, loaded bigint, duplicates bigint, rejected bigint);
SET client_min_messages = warning;
DO $$ DECLARE l bigint; d bigint; r bigint; BEGIN CALL est.load_reports(l, d, r); INSERT INTO loads VALUES (1, l, d, r); END $$;
SELECT results_eq($$ SELECT loaded, duplicates, rejected FROM loads WHERE run = 1 $$, $$ VALUES (4::bigint, 1::bigint, 14::bigint) $$,
	'load_reports: 4 loaded, 1 duplicate skipped, 14 rejected — all 19 staged rows accounted for');
SELECT is((SELECT count(*)::int FROM est.report_staging), 0, '... and the staging table is empty');
SELECT results_eq($$ SELECT external_id, category, severity::int, suspected, lower(occurred) = upper(occurred) AS instant FROM est.incident ORDER BY external_id $$,
	$$ VALUES ('r1', 'skadegorelse.klotter', 1, false, false), ('r2', 'skadegorelse.glaskross', 2, false, true),
			  ('r3', 'samling.ungdomar', 2, true, true), ('r9', 'ordningsstorande.ran', 3, false, true) $$,
	'the good rows: codes and labels resolved, default and given severities, ja/nej, windows and instants');
SELECT is((SELECT occurred FROM est.incident WHERE external_id = 'r1'), tstzrange('2025-05-02 16:00+00', '2025-05-05 05:00+00', '[]'),
	'r1''s window is read in Stockholm time');
SELECT is((SELECT description FROM est.incident WHERE external_id = 'r2'), E'Krossad ruta, "stor"\npå baksidan',
	'r2''s quoted description keeps its comma, quotes and line break');
SELECT is((SELECT l.name FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id WHERE i.external_id = 'r1'),
	'Rimbo', 'r1 (lat/lon) lands in Rimbo');
SELECT is((SELECT r.pseudonym FROM est.incident i JOIN est.reporter r ON r.kommun = i.kommun AND r.id = i.reporter_id WHERE i.external_id = 'r1'),
	'R-1', 'r1 is linked to its reporter');
SELECT results_eq($$ SELECT coalesce(external_id, '(none)'), sqlstate FROM est.rejected WHERE line_no NOT IN (10, 17) ORDER BY line_no $$,
	$$ VALUES ('r4', '22008'), ('r5', '22023'), ('r6', '23503'), ('r8', '22P02'), ('r10', '22000'), ('r11', '23514'),
			  ('r12', '23502'), ('r13', '22023'), ('r15', '23503'), ('r16', '22007'), ('(none)', '23502'),
			  ('r17', '22P02'), ('r18', '23503'), ('r19', '23514') $$,
	'every bad row is rejected with the SQLSTATE of its fault');
SELECT results_eq($$ SELECT external_id, reason FROM est.rejected WHERE external_id IN ('r5', 'r6', 'r8', 'r11', 'r13', 'r15', 'r18') ORDER BY line_no $$,
	$$ VALUES ('r5', 'coordinates outside Sweden (59.745° E, 18.366° N)'), ('r6', 'unknown category "Bilbrinnande"'),
			  ('r8', 'malformed kommun code "188"'), ('r11', 'severity "5" is not 1, 2 or 3'),
			  ('r13', 'both lat/lon and e/n are given'), ('r15', 'unknown municipality "9999"'),
			  ('r18', 'unknown reporter "R-999"') $$,
	'... and a reason a person can act on');
SELECT is((SELECT kommun::text FROM est.rejected WHERE external_id = 'r8'), '0000', 'a row without a usable kommun code is kept under 0000');
SELECT is((SELECT original->>'occurred_from' FROM est.rejected WHERE external_id = 'r16'), 'igår', 'the original values are kept');

-- loading the same file again changes nothing
SELECT results_eq($$ SELECT * FROM est.stage_reports_csv((SELECT content FROM csvfile)) $$, $$ VALUES (19, 2) $$, 'the same file staged again');
DO $$ DECLARE l bigint; d bigint; r bigint; BEGIN CALL est.load_reports(l, d, r); INSERT INTO loads VALUES (2, l, d, r); END $$;
SELECT results_eq($$ SELECT loaded, duplicates, rejected FROM loads WHERE run = 2 $$, $$ VALUES (0::bigint, 5::bigint, 14::bigint) $$,
	'... loads nothing: 5 duplicates, the same 14 rejected');
SELECT results_eq($$ SELECT (SELECT count(*)::int FROM est.incident), (SELECT count(*)::int FROM est.rejected) $$,
	$$ VALUES (4, 16) $$, '... and neither incidents nor rejections changed');

-- the staging table's other route: \copy, then load; each role sees only what it staged
INSERT INTO est.report_staging (kommun, external_id, category, occurred_from, e, n)
VALUES ('0188', 'c1', 'Klotter', '2025-06-01 12:00', '691000', '6621000');
CREATE ROLE est_t_loader IN ROLE est_analyst;
INSERT INTO est.member VALUES ('0188', 'est_t_loader');
SET LOCAL ROLE est_t_loader;
SELECT is((SELECT count(*)::int FROM est.report_staging), 0, 'another role does not see the rows someone else staged');
SELECT is((SELECT count(*)::int FROM est.rejected), 13, '... sees its municipality''s 13 rejected rows, not the 3 under 0000 and 9999 that someone else loaded');
RESET ROLE;
DO $$ DECLARE l bigint; d bigint; r bigint; BEGIN CALL est.load_reports(l, d, r); INSERT INTO loads VALUES (3, l, d, r); END $$;
SELECT results_eq($$ SELECT loaded, duplicates, rejected FROM loads WHERE run = 3 $$, $$ VALUES (1::bigint, 0::bigint, 0::bigint) $$,
	'a row inserted into est.report_staging loads like a CSV row');
RESET client_min_messages;

SELECT throws_ok($$ SELECT * FROM est.stage_reports_csv(E'kommun,id,category\n0188,1,x') $$, '22023', 'unknown CSV columns: id',
	'an unknown column name refuses the whole file (22023)');
SELECT throws_ok($$ SELECT * FROM est.stage_reports_csv(E'kommun,external_id,category\n0188,1,x') $$, '22023', 'the CSV lacks required columns',
	'missing required columns refuse the whole file (22023)');

-- ---------------------------------------------------------------- Polisen's notices
CREATE TEMP TABLE notices AS SELECT $j$[
 {"id": 1001, "datetime": "2025-05-04 23:10:00 +02:00", "name": "4 maj 22:40, Misshandel, Norrtälje",
  "summary": "En man misshandlades i centrum.", "url": "/aktuellt/handelser/2025/maj/4/x/", "type": "Misshandel",
  "location": {"name": "Norrtälje", "gps": "59.758,18.705"}},
 {"id": 1002, "datetime": "2025-05-05 9:15:00 +02:00", "name": "5 maj 08.30, Skadegörelse, Norrtälje",
  "summary": "Fönster krossade.", "url": "/x/", "type": "Skadegörelse", "location": {"name": "Norrtälje", "gps": "59.758,18.705"}},
 {"id": 1003, "datetime": "2025-05-05 07:00:00 +02:00", "name": "5 maj 06:00, Sammanfattning natt, Stockholms län",
  "summary": "", "url": "/x/", "type": "Sammanfattning natt", "location": {"name": "Stockholms län", "gps": "59.33,18.06"}},
 {"id": 1004, "datetime": "2025-05-05 10:00:00 +02:00", "name": "5 maj 09:45, Rån, Eskilstuna",
  "summary": "", "url": "/x/", "type": "Rån", "location": {"name": "Eskilstuna", "gps": "59.37,16.51"}},
 {"id": 1005, "datetime": "2025-05-05 10:00:00 +02:00", "name": "5 maj 09:45, Något nytt, Norrtälje",
  "summary": "", "url": "/x/", "type": "Något nytt", "location": {"name": "Norrtälje", "gps": "59.758,18.705"}},
 {"id": 1006, "datetime": "2025-01-01 08:00:00 +01:00", "name": "31 december 23:50, Brand, Norrtälje",
  "summary": "Brand i container.", "url": "/x/", "type": "Brand", "location": {"name": "Norrtälje", "gps": "59.758,18.705"}},
 {"id": 1007, "datetime": "i går", "name": "Misshandel, Norrtälje", "summary": "", "url": "/x/", "type": "Misshandel",
  "location": {"name": "Norrtälje", "gps": "59.758,18.705"}},
 {"id": 1001, "datetime": "2025-05-04 23:10:00 +02:00", "name": "4 maj 22:40, Misshandel, Norrtälje",
  "summary": "En man misshandlades i centrum.", "url": "/x/", "type": "Misshandel", "location": {"name": "Norrtälje", "gps": "59.758,18.705"}}
]$j$::jsonb AS j;
SELECT results_eq($$ SELECT * FROM est.load_police_events((SELECT j FROM notices)) $$, $$ VALUES (3, 1, 2, 2) $$,
	'police events: 3 loaded, 1 duplicate id, 2 skipped (a summary, another municipality), 2 rejected');
SELECT results_eq($$ SELECT external_id, category, occurred, reported_at, location_precision FROM est.incident WHERE source = 'polis' ORDER BY external_id $$,
	$$ VALUES ('1001', 'polisanmalt_brott.vald', tstzrange('2025-05-04 22:40+02', '2025-05-04 22:40+02', '[]'), '2025-05-04 23:10+02'::timestamptz, 'kommun'),
			  ('1002', 'polisanmalt_brott.skadegorelse', tstzrange('2025-05-05 08:30+02', '2025-05-05 08:30+02', '[]'), '2025-05-05 09:15+02'::timestamptz, 'kommun'),
			  ('1006', 'polisanmalt_brott.brand', tstzrange('2024-12-31 23:50+01', '2024-12-31 23:50+01', '[]'), '2025-01-01 08:00+01'::timestamptz, 'kommun') $$,
	'... occurrence from the name (also "08.30", a one-digit hour, New Year''s Eve in the year before), publication as reported_at');
SELECT is((SELECT DISTINCT l.kind FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id WHERE i.source = 'polis'),
	'kommun', '... and they belong to the kommun as a whole, never to an area inside it');
SELECT results_eq($$ SELECT external_id, sqlstate FROM est.rejected WHERE loader = 'police_events' ORDER BY external_id $$,
	$$ VALUES ('1005', '23503'), ('1007', '22007') $$, '... an unknown type and an unreadable datetime are rejected');
SELECT results_eq($$ SELECT * FROM est.load_police_events((SELECT j FROM notices)) $$, $$ VALUES (0, 4, 2, 2) $$,
	'the same notices again: nothing new');
SELECT is((SELECT count(*)::int FROM est.rejected WHERE loader = 'police_events'), 2, '... and no rejection recorded twice');
SELECT throws_ok($$ SELECT * FROM est.load_police_events('{"events": []}') $$, '22023', 'police events must be a JSON array',
	'the API''s body is an array (22023)');

-- ---------------------------------------------------------------- localities from GeoJSON
CREATE TEMP TABLE areas AS SELECT $j$
{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
 "features": [
  {"type": "Feature", "properties": {"namn": "Centrum", "deso": "0188C1010"},
   "geometry": {"type": "Polygon", "coordinates": [[[690500, 6620500], [691500, 6620500], [691500, 6621500], [690500, 6621500], [690500, 6620500]]]}},
  {"type": "Feature", "properties": {"namn": "Flugan", "deso": "0188C1020"},
   "geometry": {"type": "Polygon", "coordinates": [[[692000, 6620000], [693000, 6621000], [693000, 6620000], [692000, 6621000], [692000, 6620000]]]}},
  {"type": "Feature", "properties": {"namn": "Punkten", "deso": "0188C1030"},
   "geometry": {"type": "Point", "coordinates": [691000, 6621000]}},
  {"type": "Feature", "properties": {"deso": "0188C1040"},
   "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
 ]}$j$::jsonb AS j;
SET client_min_messages = warning;
SELECT results_eq($$ SELECT * FROM est.load_localities((SELECT j FROM areas), '0188', 'område', 'namn', 'deso', 'DeSO') $$,
	$$ VALUES (2, 0, 1, 2) $$, 'load_localities: 2 loaded (1 of them repaired), a point and a nameless feature rejected');
SELECT results_eq($$ SELECT name, code, GeometryType(geom), ST_SRID(geom), ST_IsValid(geom) FROM est.locality WHERE kind = 'område' ORDER BY name $$,
	$$ VALUES ('Centrum', '0188C1010', 'MULTIPOLYGON', 3006, true), ('Flugan', '0188C1020', 'MULTIPOLYGON', 3006, true) $$,
	'... as valid MULTIPOLYGONs in 3006 with their DeSO codes (the bow-tie repaired)');
SELECT is((SELECT round(area_m2) FROM est.locality WHERE name = 'Flugan'), 500000::float8,
	'... the repaired bow-tie keeps both its triangles (2 × 250 000 m²)');
SELECT is((SELECT count(*)::int FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id WHERE l.name = 'Centrum'),
	2, 'incidents already loaded inside the new area move into it (r1 and r2)');
SELECT results_eq($$ SELECT sqlstate FROM est.rejected WHERE loader = 'localities' ORDER BY external_id $$,
	$$ VALUES ('22023'), ('23502') $$, '... the rejected features: a point (22023), no name (23502)');
UPDATE pg_temp.areas SET j = jsonb_set(j, '{features,0,geometry,coordinates}', '[[[690000, 6620000], [691500, 6620000], [691500, 6621500], [690000, 6621500], [690000, 6620000]]]');
SELECT results_eq($$ SELECT loaded, updated FROM est.load_localities((SELECT j FROM areas), '0188', 'område', 'namn', 'deso', 'DeSO') $$,
	$$ VALUES (0, 2) $$, 'loading new boundaries updates the localities in place');
SELECT is((SELECT round(area_m2) FROM est.locality WHERE name = 'Centrum'), 2250000::float8, '... with the new polygon');
RESET client_min_messages;
SELECT throws_ok($$ SELECT * FROM est.load_localities('{"type": "Feature"}', '0188', 'område') $$, '22023',
	'load_localities expects a GeoJSON FeatureCollection', 'a single Feature is not a FeatureCollection (22023)');

-- ---------------------------------------------------------------- municipalities
SELECT results_eq($$ SELECT * FROM est.load_municipalities($j${"type": "FeatureCollection", "features": [
	{"type": "Feature", "properties": {"id": 180, "kom_namn": "Stockholm"},
	 "geometry": {"type": "Polygon", "coordinates": [[[18.0, 59.3], [18.1, 59.3], [18.1, 59.4], [18.0, 59.3]]]}},
	{"type": "Feature", "properties": {"id": "0114", "kom_namn": "Upplands Väsby"},
	 "geometry": {"type": "Polygon", "coordinates": [[[17.9, 59.5], [18.0, 59.5], [18.0, 59.55], [17.9, 59.5]]]}},
	{"type": "Feature", "properties": {"id": "Solna", "kom_namn": "Solna"},
	 "geometry": {"type": "Polygon", "coordinates": [[[18.0, 59.35], [18.05, 59.35], [18.05, 59.38], [18.0, 59.35]]]}}]}$j$) $$,
	$$ VALUES (2, 2, 0, 1) $$, 'load_municipalities: two registered with their kommun areas, a bad code rejected');
SELECT results_eq($$ SELECT m.kommun::text, m.name, l.code FROM est.municipality m JOIN est.locality l ON l.kommun = m.kommun AND l.kind = 'kommun'
	WHERE m.kommun IN ('0180', '0114') ORDER BY 1 $$,
	$$ VALUES ('0114', 'Upplands Väsby', '0114'), ('0180', 'Stockholm', '0180') $$,
	'... a numeric code gets its leading zero back');

-- ---------------------------------------------------------------- survey results
INSERT INTO est.survey_staging (kommun, locality, year, indicator, value, source) VALUES
	('0188', 'Rimbo', '2024', 'problemindex', '2,5', 'Polisens trygghetsmätning'),
	('0188', '0188C1010', '2024', 'Problemindex', '3.1', NULL),
	('0188', 'Rimbo', '2024', 'problemindex', '2.7', 'rättad'),
	('0188', 'Ingenstans', '2024', 'problemindex', '1', NULL),
	('0188', 'Rimbo', '24', 'problemindex', '1', NULL),
	('0188', 'Rimbo', '2023', 'problemindex', 'hög', NULL);
SET client_min_messages = warning;
DO $$ DECLARE l bigint; u bigint; r bigint; BEGIN CALL est.load_survey_results(l, u, r); INSERT INTO loads VALUES (4, l, u, r); END $$;
RESET client_min_messages;
SELECT results_eq($$ SELECT loaded, duplicates, rejected FROM loads WHERE run = 4 $$, $$ VALUES (2::bigint, 1::bigint, 3::bigint) $$,
	'load_survey_results: 2 loaded, 1 updated, 3 rejected');
SELECT results_eq($$ SELECT l.name, s.value, s.source FROM est.survey_result s JOIN est.locality l ON l.kommun = s.kommun AND l.id = s.locality_id ORDER BY 1 $$,
	$$ VALUES ('Centrum', 3.1::float8, NULL), ('Rimbo', 2.7::float8, 'rättad') $$,
	'... by name or code, decimal comma read, the later value for Rimbo wins');
SELECT results_eq($$ SELECT sqlstate FROM est.rejected WHERE loader = 'survey_results' ORDER BY id $$,
	$$ VALUES ('23503'), ('22P02'), ('22P02') $$, '... unknown locality, a bad year, a non-number');

SELECT * FROM finish();
ROLLBACK;
