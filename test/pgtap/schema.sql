-- pgTAP: the schema module — structure, seeds, every rejection rule (exact SQLSTATE and
-- that nothing was written), EPSG:4326 transformation, and locality derivation that stays
-- right when polygons change. Expected values are worked by hand from the fixture boxes.
BEGIN;
SELECT plan(101);

-- ---------------------------------------------------------------- structure
SELECT has_table('est', t, 'table est.' || t || ' exists')
  FROM unnest(ARRAY['municipality', 'locality', 'category', 'police_event_type', 'organisation',
					'reporter', 'incident', 'reporting_round', 'survey_result']) AS t;

-- every tenant table (every table with a kommun column) is led by kommun char(4), which leads its primary key
SELECT is_empty($$
	SELECT c.relname FROM pg_class c
	 WHERE c.relnamespace = 'est'::regnamespace AND c.relkind = 'r'
	   AND c.relname NOT LIKE '%\_staging'		-- raw text waiting to be validated
	   AND EXISTS (SELECT 1 FROM pg_attribute k WHERE k.attrelid = c.oid AND k.attname = 'kommun')
	   AND NOT EXISTS (
		   SELECT 1 FROM pg_attribute a JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
			WHERE a.attrelid = c.oid AND a.attnum = 1 AND a.attname = 'kommun'
			  AND format_type(a.atttypid, a.atttypmod) = 'character(4)' AND i.indkey[0] = 1) $$,
	'every table with a kommun column has kommun char(4) as first column and first primary-key column');
SELECT ok(ARRAY['incident', 'locality', 'municipality', 'organisation', 'reporter', 'reporting_round', 'survey_result']::name[]
		  <@ (SELECT array_agg(c.relname) FROM pg_class c
			   WHERE c.relnamespace = 'est'::regnamespace AND c.relkind = 'r'
				 AND EXISTS (SELECT 1 FROM pg_attribute k WHERE k.attrelid = c.oid AND k.attname = 'kommun')),
		  '... and the schema module''s seven tables are among them');
SELECT col_type_is('est', 'incident', 'occurred', 'tstzrange', 'incident.occurred is a tstzrange');
SELECT col_type_is('est', 'incident', 'geom', 'geometry', 'incident.geom is geometry (SRID/type by constraint)');
SELECT is(
	(SELECT string_agg(f_table_name || ' ' || type || ' ' || srid, ', ' ORDER BY f_table_name)
	   FROM geometry_columns WHERE f_table_schema = 'est' AND f_table_name IN ('incident', 'locality')),
	'incident POINT 3006, locality MULTIPOLYGON 3006',
	'geometry_columns reports Point/3006 and MultiPolygon/3006 (what QGIS reads)');
SELECT has_view('est', 'data_quality', 'view est.data_quality exists');

-- ---------------------------------------------------------------- seeds
SELECT is((SELECT count(*)::int FROM est.category WHERE level = 1), 8, '8 huvudkategorier seeded');
SELECT results_eq(
	$$ SELECT code FROM est.category WHERE level = 1 ORDER BY code $$,
	ARRAY['arrangemang', 'ordningsstorande', 'otrygg_plats', 'ovrigt', 'polisanmalt_brott',
		  'samling', 'skadegorelse', 'trygghetsmatning'],
	'the EST huvudkategorier plus police crime, survey and other');
SELECT is((SELECT label_sv FROM est.category WHERE code = 'samling'),
		  'Otrygghetsskapande samling av personer', 'Swedish label of samling');
SELECT ok((SELECT count(*) FROM est.category WHERE parent = 'skadegorelse') >= 5, 'skadegörelse has its subcategories');
SELECT is((SELECT count(*)::int FROM est.police_event_type), 87, 'all 87 police event types mapped');
SELECT is((SELECT count(*)::int FROM est.police_event_type WHERE excluded_reason = 'sammanfattning'), 9,
		  'the nine Sammanfattning types are excluded');
SELECT is((SELECT category FROM est.police_event_type WHERE event_type = 'Misshandel, grov'),
		  'polisanmalt_brott.vald', 'a type with a comma maps');
SELECT is((SELECT excluded_reason FROM est.police_event_type WHERE event_type = 'Uppdatering'),
		  'uppdatering', 'Uppdatering is not an incident');

-- ---------------------------------------------------------------- fixture
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0180', 'Stockholm');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'kommun', 'Norrtälje kommun', ST_MakeEnvelope(690000, 6610000, 720000, 6650000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, code_system, code, geom)
SELECT '0188', id, 'tätort', 'Norrtälje', 'tätortskod', '0188T1', ST_MakeEnvelope(700000, 6620000, 706000, 6626000, 3006)
  FROM est.locality WHERE kommun = '0188' AND kind = 'kommun';
INSERT INTO est.organisation (kommun, name, kind) VALUES ('0188', 'Norrtäljehem', 'bostadsbolag');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id)
SELECT '0188', 'R-017', id FROM est.organisation WHERE kommun = '0188';

-- a valid incident, the baseline for the rejection tests
SELECT lives_ok($$
	INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id)
	VALUES ('0188', 'skadegorelse.klotter', '[2024-03-01 22:00+01, 2024-03-02 06:00+01]',
			'2024-03-02 08:00+01', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006), 'r-1') $$,
	'a valid incident is accepted');
SELECT is((SELECT severity::int FROM est.incident WHERE external_id = 'r-1'), 1,
		  'severity defaults to the category''s (klotter: 1)');

-- ---------------------------------------------------------------- rejections
-- each: the exact SQLSTATE, then that nothing was written (still one incident)
SELECT throws_ok($$ INSERT INTO est.municipality (kommun, name) VALUES ('188', 'x') $$, '22P02', NULL,
				 'municipality: three-digit kommun is malformed (22P02)');
SELECT throws_ok($$ INSERT INTO est.municipality (kommun, name) VALUES ('01A8', 'x') $$, '22P02', NULL,
				 'municipality: kommun with a letter is malformed (22P02)');
SELECT throws_ok($$ INSERT INTO est.municipality (kommun, name) VALUES ('01888', 'x') $$, '22001', NULL,
				 'municipality: five characters do not fit char(4) (22001)');
SELECT throws_ok($$ INSERT INTO est.municipality (kommun, name, time_zone) VALUES ('0181', 'x', 'Europe/Nowhere') $$,
				 '23514', NULL, 'municipality: unknown time zone (23514)');
SELECT throws_ok($$ INSERT INTO est.municipality (kommun, name, cycle_length) VALUES ('0181', 'x', 'daily') $$,
				 '23514', NULL, 'municipality: unknown cycle length (23514)');
SELECT throws_ok($$ INSERT INTO est.municipality (kommun, name, cycle_cutoff) VALUES ('0181', 'x', '24:00') $$,
				 '23514', 'municipality: cycle_cutoff 24:00 is not a time of day', 'municipality: a 24:00 cut-off (23514)');
SELECT is((SELECT count(*)::int FROM est.municipality), 2, 'no municipality was written by the rejected rows');

SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'22P02', 'incident: malformed kommun code "188"', 'incident: malformed kommun (22P02) with its message');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('9999', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23503', 'incident: unknown municipality "9999"', 'incident: unknown municipality (23503)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'nonsense', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23503', 'incident: unknown category "nonsense"', 'incident: unknown category (23503)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, severity, occurred, geom)
	VALUES ('0188', 'skadegorelse', 0, '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', 'incident: severity 0 is outside 1–3', 'incident: severity 0 (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, severity, occurred, geom)
	VALUES ('0188', 'skadegorelse', 4, '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', 'incident: severity 4 is outside 1–3', 'incident: severity 4 (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', 'empty', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', 'incident: the occurrence range is empty', 'incident: empty occurrence range (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01 12:00+01,2024-03-01 12:00+01)', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', 'incident: the occurrence range is empty', 'incident: half-open range of length zero is empty (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', tstzrange('2024-03-02', '2024-03-01'), ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'22000', NULL, 'incident: reversed occurrence range cannot even be built (22000)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,)', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', 'incident: the occurrence range must have a start and an end', 'incident: unbounded range (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01 12:00+01,2024-03-01 14:00+01]', '2024-03-01 11:59+01',
			ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', NULL, 'incident: reported before the occurrence starts (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, source, occurred, geom)
	VALUES ('0188', 'skadegorelse', 'twitter', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'23514', 'incident: unknown source "twitter"', 'incident: unknown source (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_MakePoint(703000, 6623000)) $$,
	'22023', 'incident geometry has no SRID (SRID 0)', 'incident: SRID 0 (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(2081000, 8340000), 3857)) $$,
	'22023', 'incident geometry has SRID 3857; only 3006 (SWEREF 99 TM) and 4326 (WGS84) are accepted',
	'incident: another SRID (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', 'SRID=3006;POINT EMPTY'::geometry) $$,
	'22023', 'incident geometry is empty', 'incident: empty point (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', 'SRID=3006;LINESTRING(703000 6623000, 703100 6623000)'::geometry) $$,
	'22023', 'incident geometry must be a POINT, not LINESTRING', 'incident: a line is not a point (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint('NaN', 6623000), 3006)) $$,
	'22023', 'incident geometry has a coordinate that is not a finite number', 'incident: NaN coordinate (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(59.75, 218.7), 4326)) $$,
	'22023', 'incident geometry is outside the WGS84 range (longitude -180..180, latitude -90..90)',
	'incident: WGS84 latitude out of range (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000, 12), 3006)) $$,
	'22023', 'incident geometry has 3 dimensions; est stores 2-D geometry', 'incident: 3-D point (22023)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom, description)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006), repeat('x', 4001)) $$,
	'23514', NULL, 'incident: description over 4 000 characters (23514)');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id)
	VALUES ('0188', 'skadegorelse.klotter', '[2024-03-01 22:00+01, 2024-03-02 06:00+01]',
			'2024-03-02 08:00+01', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006), 'r-1') $$,
	'23505', NULL, 'incident: the same external id from the same source twice (23505)');
SELECT throws_ok($$ UPDATE est.incident SET severity = 5 WHERE external_id = 'r-1' $$,
	'23514', 'incident: severity 5 is outside 1–3', 'incident: an UPDATE is checked too (23514)');
SELECT is((SELECT count(*)::int FROM est.incident), 1, 'no incident was written by any rejected statement');
SELECT is((SELECT severity::int FROM est.incident WHERE external_id = 'r-1'), 1, 'the rejected UPDATE changed nothing');

-- a rejected row inside a multi-row statement rejects the whole statement
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom) VALUES
	('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)),
	('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', ST_MakePoint(703000, 6623000)) $$,
	'22023', NULL, 'a multi-row INSERT with one bad row fails');
SELECT is((SELECT count(*)::int FROM est.incident), 1, '... and writes none of its rows');

-- organisation / reporter
SELECT throws_ok($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id)
	SELECT '0188', 'Anna Svensson', id FROM est.organisation WHERE kommun = '0188' $$,
	'23514', 'reporter: pseudonym is not a pseudonymous code', 'reporter: a name with a space is rejected (23514)');
SELECT throws_ok($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id)
	SELECT '0188', '0701234567', id FROM est.organisation WHERE kommun = '0188' $$,
	'23514', 'reporter: pseudonym is not a pseudonymous code', 'reporter: a phone number is rejected (23514)');
SELECT throws_ok($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id)
	SELECT '0188', 'anna@example.se', id FROM est.organisation WHERE kommun = '0188' $$,
	'23514', 'reporter: pseudonym is not a pseudonymous code', 'reporter: an e-mail address is rejected (23514)');
SELECT throws_ok($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id)
	SELECT '0188', 'R-017', id FROM est.organisation WHERE kommun = '0188' $$,
	'23505', NULL, 'reporter: pseudonym unique in the municipality (23505)');
SELECT throws_ok($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id)
	SELECT '0180', 'R-001', id FROM est.organisation WHERE kommun = '0188' $$,
	'23503', NULL, 'reporter: organisation of another municipality (23503)');
SELECT is((SELECT count(*)::int FROM est.reporter), 1, 'no reporter was written by the rejected rows');

-- locality
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0188', 'område', 'Fluga', 'SRID=3006;POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))'::geometry) $$,
	'22023', 'locality geometry is not a valid geometry', 'locality: self-intersecting polygon (22023)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0188', 'område', 'Punkt', ST_SetSRID(ST_MakePoint(703000, 6623000), 3006)) $$,
	'22023', 'locality geometry must be a POLYGON or MULTIPOLYGON, not POINT', 'locality: a point is not an area (22023)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0188', 'område', 'Noll', ST_MakeEnvelope(0, 0, 1, 1)) $$,
	'22023', 'locality geometry has no SRID (SRID 0)', 'locality: SRID 0 (22023)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0188', 'stadsdel', 'X', ST_MakeEnvelope(0, 0, 1, 1, 3006)) $$,
	'23514', 'locality: unknown kind "stadsdel"', 'locality: unknown kind (23514)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
	SELECT '0188', id, 'tätort', 'Nested', ST_MakeEnvelope(0, 0, 1, 1, 3006) FROM est.locality WHERE kind = 'tätort' $$,
	'23514', 'locality: a tätort cannot lie inside a tätort', 'locality: a tätort inside a tätort (23514)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
	SELECT '0180', id, 'område', 'Elsewhere', ST_MakeEnvelope(0, 0, 1, 1, 3006) FROM est.locality WHERE kind = 'tätort' $$,
	'23503', NULL, 'locality: parent in another municipality (23503)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0188', 'kommun', 'A second kommun area', ST_MakeEnvelope(0, 0, 1, 1, 3006)) $$,
	'23505', NULL, 'locality: one kommun-level locality per municipality (23505)');
SELECT is((SELECT count(*)::int FROM est.locality), 2, 'no locality was written by the rejected rows');

-- survey results
SELECT throws_ok($$ INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value)
	SELECT '0188', id, 2024, 'problemindex', 'NaN' FROM est.locality WHERE kind = 'tätort' $$,
	'23514', NULL, 'survey_result: NaN value (23514)');
SELECT throws_ok($$ INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value)
	SELECT '0188', id, 2024, 'Problem Index', 2.5 FROM est.locality WHERE kind = 'tätort' $$,
	'23514', NULL, 'survey_result: malformed indicator code (23514)');
SELECT lives_ok($$ INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value, source)
	SELECT '0188', id, 2024, 'problemindex', 2.5, 'Polisens trygghetsmätning 2024' FROM est.locality WHERE kind = 'tätort' $$,
	'survey_result: a valid value is accepted');

-- ---------------------------------------------------------------- EPSG:4326 is transformed
SELECT lives_ok($$
	INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id)
	VALUES ('0188', 'samling.ungdomar', '[2024-03-05 20:00+01, 2024-03-05 20:00+01]', '2024-03-05 21:00+01',
			ST_Transform(ST_SetSRID(ST_MakePoint(701000, 6621000), 3006), 4326), 'r-wgs84') $$,
	'a WGS84 point is accepted');
SELECT is((SELECT ST_SRID(geom) FROM est.incident WHERE external_id = 'r-wgs84'), 3006, '... stored with SRID 3006');
SELECT ok((SELECT ST_DWithin(geom, ST_SetSRID(ST_MakePoint(701000, 6621000), 3006), 0.001)
			 FROM est.incident WHERE external_id = 'r-wgs84'), '... at the right SWEREF 99 TM position (within 1 mm)');
SELECT lives_ok($$
	INSERT INTO est.locality (kommun, kind, name, geom, parent_id)
	SELECT '0188', 'område', 'Från WGS84',
		   ST_Transform(ST_MakeEnvelope(710000, 6640000, 711000, 6641000, 3006), 4326), id
	  FROM est.locality WHERE kind = 'kommun' $$,
	'a WGS84 polygon is accepted as a locality');
SELECT is((SELECT GeometryType(geom) || '/' || ST_SRID(geom) FROM est.locality WHERE name = 'Från WGS84'),
		  'MULTIPOLYGON/3006', '... stored as MULTIPOLYGON in 3006');

-- ---------------------------------------------------------------- locality derivation
-- fixture: kommun box 690000..720000 x 6610000..6650000; tätort 700000..706000 x 6620000..6626000
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, location_precision, external_id) VALUES
	('0188', 'skadegorelse', '[2024-03-06,2024-03-06]', '2024-03-06', 'SRID=3006;POINT(703000 6623000)', 'point', 'in-centrum'),
	('0188', 'skadegorelse', '[2024-03-06,2024-03-06]', '2024-03-06', 'SRID=3006;POINT(701000 6621000)', 'point', 'in-tatort'),
	('0188', 'skadegorelse', '[2024-03-06,2024-03-06]', '2024-03-06', 'SRID=3006;POINT(695000 6615000)', 'point', 'in-kommun'),
	('0188', 'skadegorelse', '[2024-03-06,2024-03-06]', '2024-03-06', 'SRID=3006;POINT(706000 6623000)', 'point', 'on-edge'),
	('0188', 'skadegorelse', '[2024-03-06,2024-03-06]', '2024-03-06', 'SRID=3006;POINT(600000 6500000)', 'point', 'outside'),
	('0188', 'polisanmalt_brott.vald', '[2024-03-06,2024-03-06]', '2024-03-06', 'SRID=3006;POINT(703000 6623000)', 'kommun', 'police');

CREATE TEMP VIEW placed AS
	SELECT i.external_id, l.name AS locality, i.outside_locality
	  FROM est.incident i LEFT JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id
	 WHERE i.external_id IN ('in-centrum', 'in-tatort', 'in-kommun', 'on-edge', 'outside', 'police');

SELECT results_eq($$ SELECT external_id, locality, outside_locality FROM placed ORDER BY 1 $$,
	$$ VALUES ('in-centrum', 'Norrtälje', false), ('in-kommun', 'Norrtälje kommun', false),
			  ('in-tatort', 'Norrtälje', false), ('on-edge', 'Norrtälje', false),
			  ('outside', NULL, true), ('police', 'Norrtälje kommun', false) $$,
	'each incident gets the smallest locality covering it (edge included); kommun precision gets the kommun');
SELECT results_eq($$ SELECT problem FROM est.data_quality WHERE object = 'incident' $$,
	ARRAY['outside_localities'], 'the point outside every locality is listed in est.data_quality');

-- a smaller area added later takes its incidents
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0188', id, 'område', 'Centrum', ST_MakeEnvelope(702000, 6622000, 704000, 6624000, 3006)
  FROM est.locality WHERE kind = 'tätort';
SELECT results_eq($$ SELECT external_id, locality FROM placed WHERE external_id IN ('in-centrum', 'in-tatort', 'police') ORDER BY 1 $$,
	$$ VALUES ('in-centrum', 'Centrum'), ('in-tatort', 'Norrtälje'), ('police', 'Norrtälje kommun') $$,
	'adding an område moves the incidents inside it, and only them (not the kommun-precision one)');

-- the kommun polygon grows to cover the stray point
UPDATE est.locality SET geom = ST_MakeEnvelope(590000, 6490000, 720000, 6650000, 3006) WHERE kind = 'kommun';
SELECT results_eq($$ SELECT locality, outside_locality FROM placed WHERE external_id = 'outside' $$,
	$$ VALUES ('Norrtälje kommun', false) $$, 'enlarging a polygon takes in the point that was outside');

-- moving the område away releases its incidents to the tätort
UPDATE est.locality SET geom = ST_MakeEnvelope(710000, 6640000, 712000, 6642000, 3006) WHERE name = 'Centrum';
SELECT results_eq($$ SELECT locality FROM placed WHERE external_id = 'in-centrum' $$,
	ARRAY['Norrtälje'], 'moving a polygon away gives its incidents back to the next smallest locality');

-- deleting the tätort hands its incidents to the kommun
DELETE FROM est.locality WHERE name IN ('Centrum', 'Från WGS84');
DELETE FROM est.survey_result;
DELETE FROM est.locality WHERE kind = 'tätort';
SELECT results_eq($$ SELECT DISTINCT locality FROM placed WHERE external_id IN ('in-centrum', 'in-tatort', 'on-edge') $$,
	ARRAY['Norrtälje kommun'], 'deleting a locality re-derives its incidents');

-- moving an incident re-derives its locality; a written locality_id is ignored
UPDATE est.incident SET geom = 'SRID=3006;POINT(100 100)', locality_id = NULL WHERE external_id = 'in-kommun';
SELECT results_eq($$ SELECT locality, outside_locality FROM placed WHERE external_id = 'in-kommun' $$,
	$$ VALUES (NULL::text, true) $$, 'moving an incident outside flags it');
UPDATE est.incident SET locality_id = 424242 WHERE external_id = 'in-tatort';
SELECT results_eq($$ SELECT locality FROM placed WHERE external_id = 'in-tatort' $$,
	ARRAY['Norrtälje kommun'], 'locality_id cannot be written by hand: it is derived');

-- ---------------------------------------------------------------- reporting rounds
-- Norrtälje: weekly, cut-off Tuesday 13:00 Europe/Stockholm (2024-03-05 is a Tuesday)
SELECT lives_ok($$ INSERT INTO est.reporting_round (kommun, reporter_id, nothing_to_report, submitted_at)
	SELECT '0188', id, true, '2024-03-05 12:59:59+01' FROM est.reporter WHERE pseudonym = 'R-017' $$,
	'a "nothing to report" round is accepted');
SELECT is((SELECT cycle FROM est.reporting_round),
		  tstzrange('2024-02-27 13:00+01', '2024-03-05 13:00+01', '[)'),
		  'its cycle is derived from submitted_at: one second before the cut-off belongs to the closing cycle');
SELECT throws_ok($$ INSERT INTO est.reporting_round (kommun, reporter_id, nothing_to_report, submitted_at)
	SELECT '0188', id, true, '2024-03-05 09:00+01' FROM est.reporter WHERE pseudonym = 'R-017' $$,
	'23505', NULL, 'one round per reporter and cycle (23505)');
SELECT throws_ok($$ INSERT INTO est.reporting_round (kommun, reporter_id, cycle, submitted_at)
	SELECT '0188', id, tstzrange('2024-03-01', '2024-03-08'), '2024-03-08' FROM est.reporter WHERE pseudonym = 'R-017' $$,
	'23514', NULL, 'a range that is not one of the municipality''s cycles is rejected (23514)');
SELECT throws_ok($$ INSERT INTO est.reporting_round (kommun, reporter_id, cycle, submitted_at)
	SELECT '0188', id, tstzrange('2024-03-12 13:00+01', '2024-03-19 13:00+01'), '2024-03-06' FROM est.reporter WHERE pseudonym = 'R-017' $$,
	'23514', 'reporting_round: submitted before the cycle it reports for began', 'a round for a future cycle is rejected (23514)');
SELECT lives_ok($$ INSERT INTO est.reporting_round (kommun, reporter_id, cycle, submitted_at)
	SELECT '0188', id, tstzrange('2024-03-05 13:00+01', '2024-03-12 13:00+01'), '2024-03-14' FROM est.reporter WHERE pseudonym = 'R-017' $$,
	'a late round for the previous cycle is accepted');
SELECT is((SELECT count(*)::int FROM est.reporting_round), 2, 'exactly the two valid rounds were written');

-- ---------------------------------------------------------------- cycle wrappers
SELECT is((est.cycle('0188', '2024-03-05 13:00+01')).starts, '2024-03-05 13:00+01'::timestamptz,
		  'est.cycle: the cut-off instant starts the new cycle');
SELECT is((est.cycle('0188', '2024-03-05 13:00+01')).meeting_at, '2024-03-13 15:00+01'::timestamptz,
		  'est.cycle: the meeting is the Wednesday 15:00 after the deadline');
SELECT throws_ok($$ SELECT est.cycle('0999', now()) $$, '22023', 'cycle: unknown municipality "0999"',
				 'est.cycle: unknown municipality (22023)');
SELECT throws_ok($$ SELECT est.cycle('99', now()) $$, '22P02', NULL, 'est.cycle: malformed kommun (22P02)');
SELECT is((SELECT count(*)::int FROM est.cycles('0188', '[2024-03-01 00:00+01, 2024-04-01 00:00+02)')), 5,
		  'est.cycles: five weekly cycles overlap March 2024');
SELECT is((SELECT min(starts) FROM est.cycles('0188', '[2024-03-01 00:00+01, 2024-04-01 00:00+02)')),
		  '2024-02-27 13:00+01'::timestamptz, 'est.cycles: the first one started on Tuesday 27 February');

-- changing the configuration changes the cycles
UPDATE est.municipality SET cycle_length = 'monthly', cycle_anchor = '2024-01-31', cycle_cutoff = '00:00' WHERE kommun = '0188';
SELECT is((est.cycle('0188', '2024-02-15 12:00+01')).ends, '2024-02-29 00:00+01'::timestamptz,
		  'monthly cycles anchored on the 31st end on 29 February in 2024');

SELECT * FROM finish();
ROLLBACK;
