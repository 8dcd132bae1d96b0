-- pgTAP: tenancy and privilege across the whole extension (issue 7, part 7). A member of Norrtälje
-- (0188) acting as est_reporter, est_analyst and est_public can neither read nor write Stockholm's
-- (0180) rows through any table, view, function or loader. The checks over "every relation" are
-- generic (they read pg_class), so a table or view added later is covered without editing this
-- file. est has no materialized views — they would bypass row-level security — and the situation
-- picture is table-backed (est.picture_store and friends, with tenant_isolation policies) behind
-- security_invoker views; a test below keeps it that way. Also: SECURITY DEFINER functions pin
-- their search_path and build no dynamic SQL; est_public sees only the suppressed public views.
-- Roles created here are rolled back with the transaction.
BEGIN;
SELECT plan(55);

-- ---------------------------------------------------------------- fixture (superuser): two municipalities with data everywhere
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0180', 'Stockholm');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6610000, 692000, 6612000, 3006)),
	('0180', 'tätort', 'Kista', ST_MakeEnvelope(670000, 6590000, 672000, 6592000, 3006));
INSERT INTO est.organisation (kommun, name) VALUES ('0188', 'Trygg i Norrtälje'), ('0180', 'Stockholms stad');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id, active) SELECT kommun, 'R-1', id, '[2024-01-01,)' FROM est.organisation;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id, description, place, reporter_id)
SELECT l.kommun, 'skadegorelse.klotter', tstzrange(t, t, '[]'), t + interval '1 hour',
	   ST_SetSRID(ST_MakePoint(ST_XMin(l.geom) + 1000, ST_YMin(l.geom) + 500), 3006), l.kommun || '-' || w || '-' || k,
	   'secret of ' || l.kommun, 'Torget', r.id
  FROM est.locality l JOIN est.reporter r ON r.kommun = l.kommun, generate_series(0, 9) w, generate_series(1, 3) k,
	   LATERAL (SELECT timestamptz '2025-01-08 12:00+01' + w * interval '7 days' AS t) x;
INSERT INTO est.reporting_round (kommun, reporter_id, submitted_at, nothing_to_report)
SELECT kommun, id, '2025-03-05 12:00+01', true FROM est.reporter;
INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value) SELECT kommun, id, 2024, 'problemindex', 2.5 FROM est.locality;
INSERT INTO est.meeting (kommun, held_on, note) SELECT kommun, '2025-03-06', 'möte ' || kommun FROM est.municipality;
INSERT INTO est.action (kommun, locality_id, target_categories, description, started, status)
SELECT kommun, id, '{skadegorelse}', 'belysning ' || kommun, '2025-02-01', 'active' FROM est.locality;
INSERT INTO est.follow_up (kommun, action_id, noted_on, note) SELECT kommun, id, '2025-03-06', 'uppföljning' FROM est.action;
SELECT count(*) FROM est.municipality m, LATERAL est.refresh_picture(m.kommun, '2025-03-12 12:00+01') \g /dev/null
SELECT count(*) FROM est.locality l, LATERAL est.decide(l.kommun, l.id, '2025-03-12 12:00+01', 3, 'bedömt') \g /dev/null
INSERT INTO est.publish_setting (kommun, suppress_below) VALUES ('0188', 3), ('0180', 4);
SELECT est._reject('0180', 'reports', 2, 'x', '23503', 'unknown category', '{}');
INSERT INTO est.purge_run (kommun, older_than, cutoff, incidents_cleared, reporters_anonymised)
VALUES ('0180', '2 years', '2023-01-01', 0, 0);

CREATE ROLE est_t_rep IN ROLE est_reporter;
CREATE ROLE est_t_ana IN ROLE est_analyst;
CREATE ROLE est_t_adm IN ROLE est_admin;
CREATE ROLE est_t_pub IN ROLE est_public;
CREATE ROLE est_t_sthlm IN ROLE est_analyst;
INSERT INTO est.member (kommun, role_name) VALUES
	('0188', 'est_t_rep'), ('0188', 'est_t_ana'), ('0188', 'est_t_adm'), ('0188', 'est_t_pub'), ('0180', 'est_t_sthlm');
INSERT INTO est.report_staging (kommun, external_id, category, occurred_from, e, n, staged_by)
VALUES ('0180', 's-staged', 'klotter', '2025-03-01 10:00', '671000', '6590500', 'est_t_sthlm');

SELECT is((SELECT count(DISTINCT kommun)::int FROM est.picture_store), 2, 'fixture: both municipalities have a situation picture');

-- How many of Stockholm's rows a relation shows the current role: -1 when it may not read it at
-- all, NULL when it has no kommun column. Public views are by design readable for everyone.
CREATE FUNCTION pg_temp.foreign_rows(rel regclass) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'kommun' AND NOT a.attisdropped) THEN
		RETURN NULL;
	END IF;
	EXECUTE format('SELECT count(*) FROM %s WHERE kommun::text <> %L', rel, '0188') INTO n;
	RETURN n;
EXCEPTION WHEN insufficient_privilege THEN
	RETURN -1;
END
$$;
-- Rows of Stockholm a role's UPDATE or DELETE would reach (-1: not allowed at all). Run in a
-- subtransaction that is always undone, so a test that fails leaves the fixture intact.
CREATE FUNCTION pg_temp.foreign_writes(rel regclass, op text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'kommun' AND NOT a.attisdropped) THEN
		RETURN NULL;
	END IF;
	BEGIN
		IF op = 'update' THEN
			EXECUTE format('UPDATE %s SET kommun = kommun WHERE kommun::text <> %L', rel, '0188');
		ELSE
			EXECUTE format('DELETE FROM %s WHERE kommun::text <> %L', rel, '0188');
		END IF;
		GET DIAGNOSTICS n = ROW_COUNT;
		RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'undo', DETAIL = n::text;
	EXCEPTION
		WHEN insufficient_privilege THEN RETURN -1;
		WHEN raise_exception THEN
			GET STACKED DIAGNOSTICS n = PG_EXCEPTION_DETAIL;
			RETURN n;
	END;
END
$$;
CREATE TEMP VIEW est_relations AS
	SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c
	 WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f');
CREATE TEMP VIEW public_views AS
	SELECT unnest(ARRAY['est.public_counts', 'est.public_assessments', 'est.public_hot_cells']::regclass[]) AS rel;
GRANT SELECT ON est_relations, public_views TO PUBLIC;

-- ---------------------------------------------------------------- structure
SELECT is_empty($$ SELECT matviewname FROM pg_matviews WHERE schemaname = 'est' $$,
	'est has no materialized view (they bypass row-level security): the situation picture is table-backed with RLS');
SELECT is_empty($$ SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'est'::regnamespace AND c.relkind = 'v'
	AND c.oid NOT IN (SELECT rel FROM public_views) AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false) $$,
	'every view other than the three public ones runs with the caller''s rights (security_invoker), so RLS applies through it');
SELECT is_empty($$ SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'est'::regnamespace AND c.relkind = 'r'
	AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'kommun') AND NOT (c.relrowsecurity) $$,
	'row-level security is on for every table with a kommun column (picture stores, purge_run and publish_setting included)');
SELECT is_empty($$ SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace AND p.prosecdef
	AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') $$,
	'every SECURITY DEFINER function pins its search_path (SET search_path), BEGIN ATOMIC or not');
SELECT is_empty($$ SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace AND p.prosecdef
	AND p.prosrc ~* '\mexecute\M' $$,
	'no SECURITY DEFINER function runs dynamic SQL (EXECUTE), so none can build SQL from its input');
SELECT is_empty($$ SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace
	AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
	AND EXISTS (SELECT 1 FROM regexp_matches(p.prosrc, '\mEXECUTE\s+(?!format\()', 'gi')) $$,
	'every dynamic statement in a PL/pgSQL function is built by format() (identifiers and literals quoted by %I / %L / regclass)');
SELECT is_empty($$ SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace
	AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
	AND p.prosrc ~* 'execute\s+format\([^;]*%s' AND p.oid <> 'est._tenant_isolation(regclass)'::regprocedure $$,
	'... and only est._tenant_isolation (an internal of the extension script, taking a regclass) splices with %s');
SELECT is((SELECT array_agg(rel::text ORDER BY rel::text) FROM est_relations WHERE has_table_privilege('est_public', rel, 'SELECT')),
	ARRAY['est.public_assessments', 'est.public_counts', 'est.public_hot_cells'],
	'est_public may read exactly the three suppressed public views, nothing else');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1) FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace
			 AND has_function_privilege('est_public', p.oid, 'EXECUTE') AND p.prosecdef AND p.prorettype <> 'trigger'::regtype),
	ARRAY['est._municipality_exists(character)', 'est._public_hot_cells(character,timestamp with time zone,geometry)'],
	'the SECURITY DEFINER functions (triggers aside) est_public may call: whether a kommun code is registered, and the suppressed public hot cells');

-- ---------------------------------------------------------------- reading, as each role of Norrtälje
SET LOCAL ROLE est_t_rep;
SELECT is_empty($$ SELECT rel FROM est_relations WHERE rel NOT IN (SELECT rel FROM public_views) AND pg_temp.foreign_rows(rel) > 0 $$,
	'est_reporter of 0188: no table or view shows a row of 0180');
SELECT is((SELECT count(*)::int FROM est.incident), 30, 'est_reporter of 0188 sees Norrtälje''s 30 incidents');
RESET ROLE;
SET LOCAL ROLE est_t_ana;
SELECT is_empty($$ SELECT rel FROM est_relations WHERE rel NOT IN (SELECT rel FROM public_views) AND pg_temp.foreign_rows(rel) > 0 $$,
	'est_analyst of 0188: no table or view shows a row of 0180');
SELECT is((SELECT count(*)::int FROM est.situation_picture), 1, 'est_analyst of 0188 sees Norrtälje''s one picture row (Rimbo), not Kista''s');
SELECT is((SELECT count(*)::int FROM est.picture_store WHERE kommun = '0180'), 0, '... and reading the store directly shows no Stockholm row either');
RESET ROLE;
SET LOCAL ROLE est_t_pub;
SELECT is_empty($$ SELECT rel FROM est_relations WHERE rel NOT IN (SELECT rel FROM public_views) AND pg_temp.foreign_rows(rel) <> -1 $$,
	'est_public: every table and view with a kommun column other than the public ones is refused (42501)');
SELECT throws_ok($$ SELECT count(*) FROM est.situation_picture $$, '42501', NULL, 'est_public cannot read the situation picture');
SELECT throws_ok($$ SELECT count(*) FROM est.picture_store $$, '42501', NULL, 'est_public cannot read the picture store');
SELECT is((SELECT count(*)::int FROM est.public_counts WHERE incidents BETWEEN 1 AND suppress_below - 1), 0,
	'est_public reads the public counts, in which no count below the municipality''s threshold is shown');
RESET ROLE;

-- ---------------------------------------------------------------- writing through tables
SET LOCAL ROLE est_t_ana;
SELECT is_empty($$ SELECT rel FROM est_relations WHERE relkind = 'r' AND pg_temp.foreign_writes(rel, 'update') > 0 $$,
	'est_analyst of 0188: an UPDATE of any table reaches no row of 0180');
SELECT is_empty($$ SELECT rel FROM est_relations WHERE relkind = 'r' AND pg_temp.foreign_writes(rel, 'delete') > 0 $$,
	'est_analyst of 0188: a DELETE from any table reaches no row of 0180');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom) VALUES ('0180', 'skadegorelse', '[2025-03-02,2025-03-02]', 'SRID=3006;POINT(671000 6590500)') $$,
	'42501', NULL, 'est_analyst of 0188 cannot file an incident in 0180');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0180', 'område', 'X', ST_MakeEnvelope(670000, 6590000, 670100, 6590100, 3006)) $$,
	'42501', NULL, '... nor add a locality to 0180');
SELECT throws_ok($$ INSERT INTO est.meeting (kommun, held_on) VALUES ('0180', '2025-03-07') $$, '42501', NULL, '... nor a meeting');
SELECT throws_ok($$ INSERT INTO est.rejected (kommun, loader, line_no, sqlstate, reason, original, row_hash) VALUES ('0180', 'reports', 1, '0', 'x', '{}', 'h') $$,
	'42501', NULL, '... nor write a reject row into 0180''s list');
SELECT lives_ok($$ SELECT est._reject('0180', 'reports', 1, 'via-reject', '0', 'x', '{"a": 1}') $$, '... est._reject files such a row under 0000');
SELECT is((SELECT kommun::text FROM est.rejected WHERE external_id = 'via-reject'), '0000', '... (0000)');
SELECT throws_ok($$ INSERT INTO est.report_staging (kommun, external_id, staged_by) VALUES ('0180', 'y', 'est_t_sthlm') $$,
	'42501', NULL, '... nor stage rows in another role''s name');
RESET ROLE;
SET LOCAL ROLE est_t_rep;
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom) VALUES ('0180', 'skadegorelse', '[2025-03-02,2025-03-02]', 'SRID=3006;POINT(671000 6590500)') $$,
	'42501', NULL, 'est_reporter of 0188 cannot file an incident in 0180');
SELECT throws_ok($$ INSERT INTO est.reporting_round (kommun, reporter_id, submitted_at) SELECT '0180', 1, now() $$,
	'22023', NULL, '... nor a reporting round (0180''s cycle calendar is invisible to it: 22023)');
SELECT is_empty($$ SELECT rel FROM est_relations WHERE relkind = 'r' AND pg_temp.foreign_writes(rel, 'update') > 0 $$,
	'est_reporter of 0188: an UPDATE of any table reaches no row of 0180');
RESET ROLE;
SET LOCAL ROLE est_t_pub;
SELECT is_empty($$ SELECT rel FROM est_relations WHERE relkind = 'r' AND pg_temp.foreign_writes(rel, 'delete') <> -1 $$,
	'est_public: every DELETE is refused');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom) VALUES ('0188', 'skadegorelse', '[2025-03-02,2025-03-02]', 'SRID=3006;POINT(691000 6610500)') $$,
	'42501', NULL, 'est_public cannot file an incident even in its own municipality');
RESET ROLE;

-- ---------------------------------------------------------------- functions and loaders
SET LOCAL ROLE est_t_ana;
SELECT throws_ok($$ SELECT * FROM est.refresh_picture('0180', '2025-03-12 12:00+01') $$, '22023', NULL,
	'refresh_picture for 0180: an unknown municipality to 0188''s analyst');
SELECT throws_ok($$ SELECT * FROM est.tertial_analysis('0180', '2025-T1') $$, '22023', NULL, 'tertial_analysis for 0180 is refused');
SELECT throws_ok($$ SELECT * FROM est.assess_localities('0180', '2025-03-12 12:00+01') $$, '22023', NULL, 'assess_localities for 0180 is refused');
SELECT throws_ok($$ SELECT * FROM est.hot_cells('0180', '2025-03-12 12:00+01') $$, '22023', NULL, 'hot_cells for 0180 is refused');
SELECT is(est.geojson_localities('0180', '2025-03-12 12:00+01')->'features', '[]'::jsonb, 'geojson_localities for 0180 has no feature');
SELECT throws_ok($$ SELECT est.decide('0180', 1, '2025-03-12 12:00+01', 5, 'x') $$, '23503', NULL, 'decide for 0180: no locality of 0180 is visible');
SELECT throws_ok($$ SELECT * FROM est.action_effect('0180', 1, '8 weeks', '8 weeks', 200) $$, '22023', NULL, 'action_effect for 0180 is refused');
SELECT is((SELECT count(*)::int FROM est.actions_at('0180', '2025-03-12')), 0, 'actions_at for 0180 lists nothing');
SELECT is((SELECT count(*)::int FROM est.cycles('0188', '[2025-03-01,2025-03-15)')), 3, '(while its own municipality''s functions work: three cycles)');
SELECT is((SELECT length(est.tile_incidents(10, 561, 296, '0180'))), 0, 'a vector tile of 0180''s incidents is empty for 0188''s analyst');
SELECT is((SELECT loaded || '/' || rejected FROM est.load_localities('{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3006"}},
	"features": [{"type": "Feature", "properties": {"name": "Intrång"}, "geometry": {"type": "Polygon",
	"coordinates": [[[670000, 6590000], [670100, 6590000], [670100, 6590100], [670000, 6590000]]]}}]}', '0180', 'område')), '0/1',
	'load_localities into 0180 loads nothing and rejects the polygon');
SELECT is((SELECT kommun || ' ' || sqlstate FROM est.rejected WHERE external_id = 'Intrång' OR original::text LIKE '%Intrång%'), '0000 42501',
	'... with 42501, filed under 0000, not in 0180''s reject list');
INSERT INTO est.report_staging (kommun, external_id, category, occurred_from, e, n) VALUES ('0180', 'a-staged', 'klotter', '2025-03-01 10:00', '671000', '6590500');
CALL est.load_reports();
SELECT is((SELECT kommun || ' ' || sqlstate FROM est.rejected WHERE external_id = 'a-staged'), '0000 23503',
	'load_reports: a row for 0180 staged by 0188''s analyst is rejected (23503: not a municipality it works for), filed under 0000');
SELECT is((SELECT count(*)::int FROM est.report_staging), 0, '... and another role''s staged rows were neither seen nor loaded (own_staging policy)');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM est.incident WHERE external_id IN ('a-staged', 's-staged')), 0,
	'no staged row of 0180 became an incident; est_t_sthlm''s staged row is still waiting');
SELECT is((SELECT count(*)::int FROM est.report_staging WHERE staged_by = 'est_t_sthlm'), 1, '... in its own staging');
SET LOCAL ROLE est_t_pub;
SELECT throws_ok($$ SELECT * FROM est.tertial_analysis('0188', '2025-T1') $$, '42501', NULL, 'est_public cannot run the tertial analysis');
SELECT throws_ok($$ SELECT est.tile_incidents(10, 561, 296) $$, '42501', NULL, 'est_public cannot fetch incident tiles');
SELECT throws_ok($$ SELECT est.geojson_hot_cells('0188', '2025-03-12 12:00+01') $$, '42501', NULL, 'est_public cannot fetch raw hot cells');
RESET ROLE;

-- ---------------------------------------------------------------- data protection as the admin of Norrtälje
SET LOCAL ROLE est_t_adm;
SELECT is((SELECT string_agg(kommun || ':' || incidents_cleared, ',') FROM est.purge_personal_data('1 day')), '0188:30',
	'purge_personal_data by 0188''s admin purges its 30 incidents and runs for 0188 only');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM est.incident WHERE kommun = '0180' AND description IS NOT NULL AND reporter_id IS NOT NULL), 30,
	'Stockholm''s free text and reporter links are untouched');
SELECT is((SELECT count(*)::int FROM est.purge_run WHERE kommun = '0180'), 1, '... and no purge run was recorded for Stockholm');

SELECT * FROM finish();
ROLLBACK;
