-- pgTAP tests of the publish module: what the public role may read, the suppression rule on a
-- table with many small counts (checked against the equations written out here in SQL, not
-- by the C that made it), the BI/QGIS conventions of the public views, tile-server discovery,
-- and errors that write nothing.
BEGIN;
SELECT plan(20);

SET LOCAL TimeZone = 'Europe/Stockholm';

-- a kommun with two towns and an area inside the first; counts drawn so that many are small
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0360', 'Tranemo');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'kommun', 'K', ST_MakeEnvelope(680000, 6610000, 720000, 6650000, 3006)),
	('0360', 'kommun', 'T', ST_MakeEnvelope(380000, 6380000, 390000, 6390000, 3006));
INSERT INTO est.locality (kommun, kind, name, parent_id, geom)
SELECT '0188', 'tätort', v.name, k.id, v.geom FROM est.locality k,
	   (VALUES ('A', ST_MakeEnvelope(689000, 6619000, 693000, 6623000, 3006)),
			   ('B', ST_MakeEnvelope(700000, 6640000, 702000, 6642000, 3006))) v (name, geom)
 WHERE k.name = 'K';
INSERT INTO est.locality (kommun, kind, name, parent_id, geom)
SELECT '0188', 'område', 'A1', a.id, ST_MakeEnvelope(689000, 6619000, 691000, 6621000, 3006)
  FROM est.locality a WHERE a.name = 'A';
-- eight weeks of incidents: category c, place p, k copies, by a fixed pseudo-random rule
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0188', (ARRAY['skadegorelse', 'samling', 'ordningsstorande', 'ovrigt'])[1 + c],
	   tstzrange(t, t, '[]'), t, (ARRAY[ST_Point(690000, 6620000, 3006), ST_Point(692000, 6622000, 3006),
										ST_Point(701000, 6641000, 3006), ST_Point(710000, 6630000, 3006)])[1 + p]
  FROM generate_series(0, 7) w, generate_series(0, 3) c, generate_series(0, 3) p,
	   LATERAL (SELECT timestamptz '2025-03-04 15:00' + w * interval '7 days' AS t) tt,
	   LATERAL generate_series(1, (w * 7 + c * 5 + p * 3) % 6) k;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
VALUES ('0360', 'ovrigt', '[2025-03-05 10:00, 2025-03-05 10:00]', '2025-03-05 11:00', ST_Point(385000, 6385000, 3006));

CREATE TEMP TABLE pc AS SELECT * FROM est.public_counts WHERE kommun = '0188';
GRANT SELECT ON pc TO PUBLIC;

SELECT is((SELECT count(*)::int FROM pc WHERE incidents BETWEEN 1 AND 2), 0,
		  'no count of 1 or 2 is shown (threshold 3)');
SELECT cmp_ok((SELECT count(*)::int FROM pc WHERE suppressed), '>', 0, '... and there are suppressed cells to test');
SELECT is((SELECT count(*)::int FROM pc WHERE suppressed AND incidents IS NOT NULL), 0, 'a suppressed cell has no number');
-- the equations of the published table, written out here: a locality's total is the sum of its
-- categories; a parent's count is its children's plus its own remainder.  No equation may hold
-- exactly one suppressed cell when the remainder is known (0) — else one subtraction reveals it.
SELECT is((SELECT count(*)::int FROM (
			SELECT locality_id, cycle_label FROM pc GROUP BY 1, 2 HAVING count(*) FILTER (WHERE suppressed) = 1) r), 0,
		  'no locality total has exactly one suppressed category (one subtraction would give it)');
SELECT is((SELECT count(*)::int FROM (
		   SELECT p.locality_id, p.cycle_label, p.category
			 FROM pc p JOIN pc c ON c.parent_locality_id = p.locality_id AND c.cycle_label = p.cycle_label AND c.category = p.category
			GROUP BY p.locality_id, p.cycle_label, p.category, p.suppressed
		   HAVING (p.suppressed::int + count(*) FILTER (WHERE c.suppressed)) = 1
			  AND NOT EXISTS (SELECT 1 FROM est.incident i JOIN est.category ic ON ic.code = i.category
							   WHERE i.locality_id = p.locality_id AND i.review_status = 'approved'
								 AND (p.category = 'total' OR coalesce(ic.parent, ic.code) = p.category)
								 AND (est.cycle(i.kommun, lower(i.occurred))).label = p.cycle_label)) r), 0,
		  'no parent with a known (empty) remainder has exactly one suppressed cell among itself and its children');
-- recomputed independently: the published numbers are the true counts with descendants
SELECT is((SELECT count(*)::int FROM pc p
			WHERE NOT p.suppressed AND p.incidents <> (
				SELECT count(*) FROM est.incident i JOIN est.category ic ON ic.code = i.category
				 WHERE i.kommun = p.kommun AND i.review_status = 'approved'
				   AND i.locality_id IN (WITH RECURSIVE t AS (SELECT p.locality_id AS id UNION ALL
									 SELECT l.id FROM est.locality l JOIN t ON l.parent_id = t.id) SELECT id FROM t)
				   AND (p.category = 'total' OR coalesce(ic.parent, ic.code) = p.category)
				   AND lower(i.occurred) >= lower(p.cycle) AND lower(i.occurred) < upper(p.cycle))), 0,
		  'every shown count equals a direct count of the locality and the localities inside it');

-- BI and QGIS conventions
SELECT is((SELECT count(DISTINCT id)::int FROM est.public_counts), (SELECT count(*)::int FROM est.public_counts),
		  'public_counts: id is unique over every municipality');
SELECT is((SELECT array_agg(DISTINCT kommun::text) FROM est.public_counts), '{0188,0360}', '... which are all in it');
SELECT bag_eq($$ SELECT f_table_name::text, type, srid FROM geometry_columns WHERE f_table_schema = 'est' AND f_table_name LIKE 'public%' $$,
			  $$ VALUES ('public_counts', 'MULTIPOLYGON', 3006), ('public_assessments', 'MULTIPOLYGON', 3006),
						('public_hot_cells', 'POLYGON', 3006) $$,
			  'every public view declares its geometry type and SRID (geometry_columns, as QGIS and pg_tileserv read it)');
SELECT is((SELECT count(*)::int FROM information_schema.columns
			WHERE table_schema = 'est' AND table_name LIKE 'public%'
			  AND ((column_name = 'id' AND data_type = 'bigint') OR (column_name IN ('lat', 'lon') AND data_type = 'double precision')
				   OR (column_name = 'time' AND data_type = 'timestamp with time zone'))), 12,
		  'every public view has a bigint id, lat and lon (double precision) and a timestamptz time column');
SELECT is((SELECT count(*)::int FROM pc WHERE lat NOT BETWEEN 55 AND 70 OR lon NOT BETWEEN 10 AND 25), 0,
		  'lat/lon are WGS84 degrees inside Sweden');

-- the public role: the public views and the hot-spot tiles, nothing else
SELECT bag_eq($$ SELECT table_name::text FROM information_schema.role_table_grants
				  WHERE grantee = 'est_public' AND privilege_type = 'SELECT' $$,
			  $$ VALUES ('public_counts'), ('public_assessments'), ('public_hot_cells') $$,
			  'est_public may SELECT exactly the three public views');
SELECT is((SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'v', 'm')
			  AND c.relname NOT LIKE 'public\_%'
			  AND (has_table_privilege('est_public', c.oid, 'SELECT') OR has_table_privilege('est_public', c.oid, 'INSERT'))), 0,
		  'est_public can neither read nor write any other table or view');
SET LOCAL ROLE est_public;
SELECT throws_ok($$ SELECT count(*) FROM est.incident $$, '42501', NULL, 'SET ROLE est_public: reading incidents fails with 42501');
SELECT throws_ok($$ SELECT est.tile_incidents(12, 2257, 1196) $$, '42501', NULL, '... the incident tiles too');
SELECT is((SELECT count(*)::int FROM est.public_counts WHERE kommun = '0188'), (SELECT count(*)::int FROM pc),
		  '... while the public counts read the same as for the owner');
RESET ROLE;

-- tile servers: pg_tileserv lists functions (z, x, y integer, ...) returning bytea that the role may run
SELECT bag_eq($$ SELECT p.proname::text FROM pg_proc p
				  WHERE p.pronamespace = 'est'::regnamespace AND p.prorettype = 'bytea'::regtype
					AND p.proargtypes[0:2] = ARRAY[23, 23, 23]::oid[] AND p.proargnames[1:3] = ARRAY['z', 'x', 'y']
					AND has_function_privilege('est_public', p.oid, 'EXECUTE') $$,
			  $$ VALUES ('tile_hotspots') $$, 'pg_tileserv''s discovery query finds tile_hotspots for est_public');
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.proname IN ('tile_hotspots', 'tile_incidents')
			  AND p.pronamespace = 'est'::regnamespace AND p.pronargdefaults = p.pronargs - 3), 2,
		  'every parameter after z, x, y has a default (pg_tileserv and martin call /z/x/y alone)');

-- bad settings write nothing
SELECT throws_ok($$ INSERT INTO est.publish_setting (kommun, suppress_below) VALUES ('0188', 1) $$, '23514', NULL,
				 'suppress_below 1 (no suppression) is refused: 23514');
SELECT is((SELECT count(*)::int FROM est.publish_setting), 0, '... and nothing was written');

SELECT * FROM finish();
ROLLBACK;
