-- pgTAP: the security module — group roles, membership, row-level security on every
-- tenant table, and that a member of one municipality can neither see nor change another's
-- rows. Roles created here are rolled back with the transaction.
BEGIN;
SELECT plan(41);
-- (pgTAP grants its temp tables to PUBLIC, so the SET ROLE sections below can record results.)

-- ---------------------------------------------------------------- structure
SELECT has_role(r, 'group role ' || r || ' exists') FROM unnest(ARRAY['est_public', 'est_reporter', 'est_analyst', 'est_admin']) r;
SELECT ok(pg_has_role('est_admin', 'est_analyst', 'MEMBER') AND pg_has_role('est_analyst', 'est_reporter', 'MEMBER'),
		  'est_admin includes est_analyst includes est_reporter');
SELECT is(
	(SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
	   JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'est'
	  WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'kommun')
		AND NOT c.relrowsecurity),
	NULL, 'row-level security is enabled on every table with a kommun column');
SELECT is_empty($$
	SELECT c.relname FROM pg_class c
	 WHERE c.relnamespace = 'est'::regnamespace AND c.relkind = 'r' AND c.relname NOT IN ('member', 'rejected')
	   AND c.relname NOT LIKE '%\_staging'		-- staging and rejected rows have their own policies
	   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'kommun')
	   AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'est' AND p.tablename = c.relname
						  AND p.policyname = 'tenant_isolation') $$,
	'a tenant_isolation policy on every tenant table (member has its own)');
SELECT ok(
	(SELECT bool_and(c.relrowsecurity) FROM pg_class c WHERE c.oid = 'est.member'::regclass),
	'row-level security on est.member');
SELECT is(
	(SELECT reloptions FROM pg_class WHERE oid = 'est.data_quality'::regclass), ARRAY['security_invoker=true'],
	'est.data_quality runs with the caller''s rights, so RLS applies through it');

-- ---------------------------------------------------------------- fixture (as superuser)
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0180', 'Stockholm');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'kommun', 'Norrtälje kommun', ST_MakeEnvelope(690000, 6610000, 720000, 6650000, 3006)),
	('0180', 'kommun', 'Stockholms kommun', ST_MakeEnvelope(660000, 6570000, 690000, 6600000, 3006));
INSERT INTO est.organisation (kommun, name) VALUES ('0188', 'Trygg i Norrtälje'), ('0180', 'Stockholms stad');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT kommun, 'R-1', id FROM est.organisation;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id) VALUES
	('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)', 'n1'),
	('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(100 100)', 'n2'),
	('0180', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(670000 6580000)', 's1'),
	('0180', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(100 200)', 's2');

CREATE ROLE est_t_alice IN ROLE est_analyst;		-- analyst in Norrtälje
CREATE ROLE est_t_bob IN ROLE est_analyst;			-- analyst in Stockholm
CREATE ROLE est_t_rita IN ROLE est_reporter;		-- reporter in Norrtälje
CREATE ROLE est_t_team;								-- a group mapped to Norrtälje
CREATE ROLE est_t_carl IN ROLE est_analyst, est_t_team;	-- member through the group
CREATE ROLE est_t_nobody IN ROLE est_analyst;		-- analyst mapped nowhere
CREATE ROLE est_t_citizen IN ROLE est_public;
INSERT INTO est.member (kommun, role_name) VALUES
	('0188', 'est_t_alice'), ('0180', 'est_t_bob'), ('0188', 'est_t_rita'), ('0188', 'est_t_team');

SELECT throws_ok($$ INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'est_t_ghost') $$, '42704',
				 'member: role "est_t_ghost" does not exist', 'a membership needs an existing role (42704)');

-- ---------------------------------------------------------------- Norrtälje's analyst
SET LOCAL ROLE est_t_alice;
SELECT is(est.current_kommuner(), ARRAY['0188']::char(4)[], 'alice works for 0188 only');
SELECT results_eq($$ SELECT external_id FROM est.incident ORDER BY 1 $$, ARRAY['n1', 'n2'],
				  'alice sees Norrtälje''s incidents and none of Stockholm''s');
SELECT results_eq($$ SELECT kommun::text FROM est.municipality $$, ARRAY['0188'], 'alice sees only her municipality');
SELECT results_eq($$ SELECT name FROM est.locality $$, ARRAY['Norrtälje kommun'], 'alice sees only her localities');
SELECT results_eq($$ SELECT role_name::text COLLATE "default" FROM est.member $$, ARRAY['est_t_alice'], 'alice sees only her own membership');
SELECT results_eq($$ SELECT kommun::text || ':' || id FROM est.data_quality $$,
				  $$ SELECT '0188:' || id FROM est.incident WHERE external_id = 'n2' $$,
				  'through est.data_quality alice sees only her own flagged incident');
SELECT is((SELECT count(*)::int FROM est.reporter), 1, 'alice sees one reporter');
SELECT is_empty($$ UPDATE est.incident SET severity = 3 WHERE kommun = '0180' RETURNING 1 $$,
		  'alice''s UPDATE of Stockholm''s incidents touches no row');
SELECT throws_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom)
	VALUES ('0180', 'skadegorelse', '[2024-03-02,2024-03-02]', 'SRID=3006;POINT(670000 6580000)') $$,
	'42501', NULL, 'alice cannot file an incident in Stockholm (42501)');
SELECT throws_ok($$ UPDATE est.incident SET kommun = '0180' WHERE external_id = 'n1' $$,
	'42501', NULL, 'alice cannot move her incident to Stockholm (42501)');
SELECT throws_ok($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0180', 'tätort', 'Intrång', ST_MakeEnvelope(660000, 6570000, 661000, 6571000, 3006)) $$,
	'42501', NULL, 'alice cannot add a locality to Stockholm (42501)');
SELECT throws_ok($$ DELETE FROM est.incident WHERE external_id = 'n1' $$,
	'42501', NULL, 'an analyst may not delete (42501)');
SELECT throws_ok($$ UPDATE est.municipality SET name = 'x' $$,
	'42501', NULL, 'an analyst may not change the municipality configuration (42501)');
SELECT throws_ok($$ INSERT INTO est.member (kommun, role_name) VALUES ('0180', 'est_t_alice') $$,
	'42501', NULL, 'alice cannot grant herself another municipality (42501)');
SELECT throws_ok($$ SELECT est._relocate_incidents('0180', NULL) $$,
	'42501', NULL, 'alice cannot run the internal re-derivation for another municipality (42501)');
SELECT lives_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom, external_id)
	VALUES ('0188', 'skadegorelse', '[2024-03-02,2024-03-02]', 'SRID=3006;POINT(703100 6623100)', 'n3') $$,
	'alice files an incident in Norrtälje');
SELECT lives_ok($$ INSERT INTO est.locality (kommun, kind, name, geom, parent_id)
	SELECT '0188', 'tätort', 'Norrtälje', ST_MakeEnvelope(702000, 6622000, 704000, 6624000, 3006), id
	  FROM est.locality WHERE kind = 'kommun' $$,
	'alice adds a tätort to Norrtälje');
SELECT results_eq($$ SELECT l.name FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id
	WHERE i.external_id IN ('n1', 'n3') $$, ARRAY['Norrtälje', 'Norrtälje'],
	'... and her incidents inside it move there, though analysts run the re-derivation only through the trigger');
RESET ROLE;

-- ---------------------------------------------------------------- Stockholm's analyst
SET LOCAL ROLE est_t_bob;
SELECT results_eq($$ SELECT external_id FROM est.incident ORDER BY 1 $$, ARRAY['s1', 's2'],
				  'bob sees Stockholm''s incidents only, not the one alice just filed');
SELECT is_empty($$ UPDATE est.incident SET description = 'x' WHERE kommun = '0188' RETURNING 1 $$,
		  'bob''s UPDATE of Norrtälje''s incidents touches no row');
RESET ROLE;

-- ---------------------------------------------------------------- membership through a group
SET LOCAL ROLE est_t_carl;
SELECT is(est.current_kommuner(), ARRAY['0188']::char(4)[], 'carl works for 0188 through his group');
SELECT is((SELECT count(*)::int FROM est.incident), 3, 'carl sees Norrtälje''s three incidents');
RESET ROLE;

-- ---------------------------------------------------------------- mapped nowhere, reporter, public
SET LOCAL ROLE est_t_nobody;
SELECT is(est.current_kommuner(), '{}'::char(4)[], 'an analyst mapped nowhere works for no municipality');
SELECT is((SELECT count(*)::int FROM est.incident), 0, '... and sees no incident');
RESET ROLE;

SET LOCAL ROLE est_t_rita;
SELECT lives_ok($$ INSERT INTO est.incident (kommun, category, occurred, geom, reporter_id, external_id)
	SELECT '0188', 'samling.ungdomar', '[2024-03-03,2024-03-03]', 'SRID=3006;POINT(703200 6623200)', r.id, 'n4'
	  FROM est.reporter r WHERE r.pseudonym = 'R-1' $$, 'the reporter files an incident');
SELECT throws_ok($$ UPDATE est.incident SET severity = 1 $$, '42501', NULL, 'a reporter may not update incidents (42501)');
SELECT throws_ok($$ INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value)
	SELECT '0188', id, 2024, 'problemindex', 1 FROM est.locality $$, '42501', NULL,
	'a reporter may not write survey results (42501)');
RESET ROLE;

SET LOCAL ROLE est_t_citizen;
SELECT throws_ok($$ SELECT count(*) FROM est.incident $$, '42501', NULL, 'est_public cannot read incidents (42501)');
SELECT throws_ok($$ SELECT count(*) FROM est.reporter $$, '42501', NULL, 'est_public cannot read reporters (42501)');
RESET ROLE;

-- ---------------------------------------------------------------- nothing leaked, nothing lost
SELECT results_eq($$ SELECT kommun::text, count(*)::int FROM est.incident GROUP BY 1 ORDER BY 1 $$,
				  $$ VALUES ('0180', 2), ('0188', 4) $$,
				  'afterwards Stockholm still has its 2 incidents and Norrtälje 4 (2 + alice''s + rita''s)');
SELECT is((SELECT count(*)::int FROM est.incident WHERE kommun = '0180' AND (severity <> 1 OR description IS NOT NULL)), 0,
		  'no Stockholm incident was changed by another municipality''s roles');

SELECT * FROM finish();
ROLLBACK;
