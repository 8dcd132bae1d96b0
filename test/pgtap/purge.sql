-- pgTAP: data protection — est.purge_personal_data(older_than) (schema module). It removes the
-- free text (incident.description) and the reporter links (incident.reporter_id, and the
-- pseudonyms of reporters whose active period ended) older than the retention period, records
-- the run in est.purge_run, and leaves every statistic unchanged: the situation pictures, the
-- hotspot list, the tertial analysis and the public counts are recomputed after the purge and
-- compared with the ones computed before it (expected values: the same function before the
-- purge; the counts cleared are worked out by hand from the fixture). Bad arguments: exact
-- SQLSTATE and nothing written.
BEGIN;
SELECT plan(17);

-- ---------------------------------------------------------------- fixture, relative to now()
-- Rimbo (0188): reporter R-1 active until three years ago, R-2 still active. 3 reports a week for
-- 6 weeks three years ago (by R-1, with free text) and 3 a week in the last 6 weeks (by R-2).
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6610000, 692000, 6612000, 3006));
INSERT INTO est.organisation (kommun, name) VALUES ('0188', 'Trygg i Norrtälje');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id, active, locality_id)
SELECT '0188', p, o.id, daterange((now() - interval '5 years')::date, e), l.id
  FROM est.organisation o, est.locality l,
	   (VALUES ('R-1', (now() - interval '3 years' + interval '50 days')::date), ('R-2', NULL::date)) v(p, e);
CREATE TEMP TABLE at_times AS
	SELECT now() - interval '3 years' AS old_at, now() - interval '1 day' AS new_at;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, description, place, reporter_id, external_id)
SELECT '0188', 'skadegorelse.klotter', tstzrange(t, t, '[]'), t + interval '1 hour',
	   ST_SetSRID(ST_MakePoint(691000 + 10 * k, 6611000), 3006), CASE WHEN era = 'old' THEN 'såg en man i röd jacka' END, 'Torget',
	   r.id, era || w || '-' || k
  FROM (VALUES ('old', 'R-1'), ('new', 'R-2')) e(era, who)
  JOIN est.reporter r ON r.pseudonym = e.who, at_times, generate_series(0, 5) w, generate_series(1, 3) k,
	   LATERAL (SELECT CASE WHEN era = 'old' THEN old_at ELSE new_at END - w * interval '7 days' AS t) x;
INSERT INTO est.reporting_round (kommun, reporter_id, submitted_at, nothing_to_report)
SELECT '0188', r.id, CASE WHEN r.pseudonym = 'R-1' THEN old_at ELSE new_at END, false FROM est.reporter r, at_times;

SELECT count(*) FROM at_times, est.refresh_pictures('0188', tstzrange(old_at - interval '6 weeks', old_at)) \g /dev/null
CREATE TEMP TABLE before AS
	SELECT 'refresh-now' AS what, to_jsonb(r) AS row FROM at_times, est.refresh_picture('0188', new_at) r;
INSERT INTO before SELECT 'picture', to_jsonb(p) - 'id' - 'refreshed_at' FROM est.situation_picture p;
INSERT INTO before SELECT 'hotspot', to_jsonb(h) - 'id' FROM est.hotspot_list h;
INSERT INTO before SELECT 'tertial', to_jsonb(t) FROM at_times, est.tertial_analysis('0188', est.tertial(old_at)) t;
INSERT INTO before SELECT 'public', to_jsonb(c) - 'id' FROM est.public_counts c;
SELECT cmp_ok((SELECT count(*)::int FROM before WHERE what = 'picture'), '>=', 6, 'fixture: pictures of the old cycles were computed');

CREATE ROLE est_t_adm IN ROLE est_admin;
CREATE ROLE est_t_ana IN ROLE est_analyst;
INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'est_t_adm'), ('0188', 'est_t_ana');

-- ---------------------------------------------------------------- bad arguments and privilege
SELECT throws_ok($$ SELECT * FROM est.purge_personal_data(NULL) $$, '22004', NULL, 'NULL retention period (22004)');
SELECT throws_ok($$ SELECT * FROM est.purge_personal_data('0') $$, '22023', NULL, 'zero retention period (22023)');
SELECT throws_ok($$ SELECT * FROM est.purge_personal_data('-2 years') $$, '22023', NULL, 'negative retention period (22023)');
SELECT throws_ok($$ SELECT * FROM est.purge_personal_data('100000 years') $$, '22008', NULL, 'a retention period reaching before year 1 (22008)');
SET LOCAL ROLE est_t_ana;
SELECT throws_ok($$ SELECT * FROM est.purge_personal_data('2 years') $$, '42501', NULL, 'an analyst may not purge (42501: for est_admin)');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM est.purge_run) || ' ' || (SELECT count(*) FROM est.incident WHERE description IS NOT NULL),
	'0 18', '... none of these wrote anything: no run recorded, the 18 descriptions are still there');

-- ---------------------------------------------------------------- the purge
SET LOCAL ROLE est_t_adm;
SELECT is((SELECT kommun || ' ' || incidents_cleared || ' ' || reporters_anonymised FROM est.purge_personal_data('2 years')), '0188 18 1',
	'purging older than 2 years clears the 18 old reports (6 weeks × 3) and anonymises R-1, whose activity ended 3 years ago');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM est.incident WHERE external_id LIKE 'old%' AND (description IS NOT NULL OR reporter_id IS NOT NULL)), 0,
	'no old report keeps its free text or reporter');
SELECT is((SELECT count(*)::int FROM est.incident WHERE external_id LIKE 'new%' AND reporter_id IS NOT NULL), 18,
	'the 18 recent reports keep their reporter');
SELECT is((SELECT string_agg(pseudonym, ',' ORDER BY id) FROM est.reporter),
	(SELECT 'purged-' || translate(min(id)::text, '0123456789', 'abcdefghij') || ',R-2' FROM est.reporter),
	'R-1 is now purged-<id in letters>; R-2 (active) keeps its pseudonym; both rows stay for the coverage statistics');
SELECT is((SELECT ran_by || ' ' || older_than || ' ' || incidents_cleared || ' ' || reporters_anonymised || ' ' || (abs(extract(epoch FROM cutoff - (now() - interval '2 years'))) < 1)
			 FROM est.purge_run), 'est_t_adm 2 years 18 1 true', 'the run is recorded: who, the period, the cut-off and the counts');
SELECT is((SELECT incidents_cleared || ' ' || reporters_anonymised FROM est.purge_personal_data('2 years')), '0 0',
	'a second run finds nothing more to purge (and is recorded too)');

-- ---------------------------------------------------------------- every statistic unchanged
SELECT count(*) FROM at_times, est.refresh_pictures('0188', tstzrange(old_at - interval '6 weeks', old_at)) \g /dev/null
CREATE TEMP TABLE after AS
	SELECT 'refresh-now' AS what, to_jsonb(r) AS row FROM at_times, est.refresh_picture('0188', new_at) r;
INSERT INTO after SELECT 'picture', to_jsonb(p) - 'id' - 'refreshed_at' FROM est.situation_picture p;
INSERT INTO after SELECT 'hotspot', to_jsonb(h) - 'id' FROM est.hotspot_list h;
INSERT INTO after SELECT 'tertial', to_jsonb(t) FROM at_times, est.tertial_analysis('0188', est.tertial(old_at)) t;
INSERT INTO after SELECT 'public', to_jsonb(c) - 'id' FROM est.public_counts c;
SELECT set_eq($$ SELECT what, row FROM after WHERE what = 'picture' $$, $$ SELECT what, row FROM before WHERE what = 'picture' $$,
	'the situation pictures recomputed after the purge are those before it, column for column (severe events never carried free text)');
SELECT set_eq($$ SELECT what, row FROM after WHERE what IN ('hotspot', 'refresh-now') $$, $$ SELECT what, row FROM before WHERE what IN ('hotspot', 'refresh-now') $$,
	'the hotspot list and the refresh counts are unchanged');
SELECT set_eq($$ SELECT what, row FROM after WHERE what = 'tertial' $$, $$ SELECT what, row FROM before WHERE what = 'tertial' $$,
	'the tertial analysis of the purged tertial is unchanged (incl. coverage by organisation)');
SELECT set_eq($$ SELECT what, row FROM after WHERE what = 'public' $$, $$ SELECT what, row FROM before WHERE what = 'public' $$,
	'the public counts are unchanged');

SELECT * FROM finish();
ROLLBACK;
