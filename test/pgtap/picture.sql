-- pgTAP: the picture module on a small hand-built municipality — what a refresh writes (counts
-- checked by hand), that it replaces and never duplicates, bad arguments (exact SQLSTATE, nothing
-- written), tenancy through the views and the refresh, and the tertial analysis' totals. The
-- scenario tests on the generated demo data are in test/shell/picture.sh.
BEGIN;
SELECT plan(30);

-- ---------------------------------------------------------------- fixture
-- Vaxholm (0187): one tätort "Torget" with an område "Norra"; weekly cycles from Tue 13:00.
-- 2 klotter reports a week for 8 weeks from 7 Jan 2025 at (681000, 6590500), then in the cycle of
-- 4–11 Mar 2025: 6 there and 4 in Norra, one of them a car fire (severity 3) at "Bryggan".
INSERT INTO est.municipality (kommun, name) VALUES ('0187', 'Vaxholm'), ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0187', 'tätort', 'Torget', ST_MakeEnvelope(680000, 6590000, 682000, 6592000, 3006)),
	('0188', 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6610000, 692000, 6612000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0187', id, 'område', 'Norra', ST_MakeEnvelope(680000, 6591000, 682000, 6592000, 3006) FROM est.locality WHERE name = 'Torget';
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, place)
SELECT '0187', 'skadegorelse.klotter', tstzrange(t, t, '[]'), t + interval '1 hour', 'SRID=3006;POINT(681000 6590500)', 'Torget'
  FROM generate_series(0, 7) w, generate_series(1, 2) k,
	   LATERAL (SELECT timestamptz '2025-01-08 12:00+01' + w * interval '7 days' AS t) x;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, place)
SELECT '0187', CASE WHEN k = 10 THEN 'skadegorelse.bilbrand' ELSE 'skadegorelse.klotter' END,
	   '[2025-03-05 12:00+01, 2025-03-05 12:00+01]', '2025-03-05 13:00+01',
	   CASE WHEN k >= 7 THEN 'SRID=3006;POINT(681000 6591500)'::geometry ELSE 'SRID=3006;POINT(681000 6590500)'::geometry END,
	   CASE WHEN k >= 7 THEN 'Bryggan' ELSE 'Torget' END
  FROM generate_series(1, 10) k;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
VALUES ('0188', 'skadegorelse.klotter', '[2025-03-05 12:00+01, 2025-03-05 12:00+01]', '2025-03-05 13:00+01',
		'SRID=3006;POINT(691000 6611000)');

SELECT results_eq($$ SELECT r.name, i.name FROM est.locality_tree('0187') t
					   JOIN est.locality r ON r.id = t.root JOIN est.locality i ON i.id = t.id ORDER BY 1 DESC, 2 DESC $$,
	$$ VALUES ('Torget', 'Torget'), ('Torget', 'Norra'), ('Norra', 'Norra') $$,
	'locality_tree: each locality with itself and the localities inside it (Torget holds Norra)');
SELECT is((SELECT localities || ' ' || categories FROM est.refresh_picture('0187', '2025-03-05 12:00+01')), '2 4',
	'a refresh writes one picture row per locality and the categories with counts (klotter and car fire in Torget and in Norra)');

-- ---------------------------------------------------------------- what it wrote (by hand)
SELECT results_eq($$ SELECT locality, incidents, incidents_prev, baseline, baseline_cycles, jsonb_array_length(severe_events), police
					   FROM est.situation_picture WHERE kommun = '0187' ORDER BY locality DESC $$,
	$$ VALUES ('Torget', 10::bigint, 2::bigint, 2::float8, 8, 1, 0::bigint), ('Norra', 4::bigint, 0::bigint, 0::float8, 8, 1, 0::bigint) $$,
	'counts: Torget 10 this cycle (with Norra''s 4), 2 the cycle before, baseline 16 / 8 = 2; Norra 4 against 0; the car fire is a severe event of both');
SELECT is((SELECT categories->'skadegorelse.klotter' FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'),
	jsonb_build_object('n', 9, 'prev', 2, 'last_year', 0, 'baseline', 2.00,
					   'p', (est.rate_test(9, 1, 16, 8, 'greater')).p_value),
	'klotter in Torget: 9 now, 2 before, baseline 2, p of the exact Poisson test (est.rate_test = R poisson.test)');
SELECT is((SELECT abs(change_ratio - 5) < 1e-12 AND abs(change_p - 0.000281050387330075) < 1e-12
			 FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'), true,
	'change: ratio 10 / 2 = 5, p = R poisson.test(c(10, 16), c(1, 8), alternative = "greater") = 0.000281050387330075');
SELECT is((SELECT severe_events->0->>'place' || ' ' || (severe_events->0->>'label_sv') || ' ' || (severe_events->0 ? 'description')::text
			 FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'), 'Bryggan Bilbrand false',
	'the severe event has its category and place, and no free text');
SELECT is((SELECT suggested_grade FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'),
		  (SELECT grade FROM est.assess_localities('0187', '2025-03-05 12:00+01') WHERE locality = 'Torget'),
	'the suggested grade is est.assess_localities''');
SELECT is((SELECT decided_grade IS NULL AND grade_change IS NULL AND open_actions = 0 AND actions = '[]'
			 FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'), true,
	'no decision and no action yet');
SELECT is((SELECT GeometryType(geom) || ' ' || ST_SRID(geom) || ' ' || round(lat::numeric, 2) || ' ' || round(lon::numeric, 2)
			 FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'), 'MULTIPOLYGON 3006 59.42 18.19',
	'geometry typed MultiPolygon 3006, lat/lon in WGS84 for dashboards (by hand: 181 km east of 15° E at 59.4° N is 3.19° of longitude)');
SELECT is((SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'est.situation_picture'::regclass AND attname = 'geom'),
	'geometry(MultiPolygon,3006)', 'the view declares its geometry type and SRID (QGIS reads it)');

-- a decision shows at once, without a refresh
SELECT lives_ok($$ SELECT est.decide('0187', (SELECT id FROM est.locality WHERE name = 'Torget'), '2025-03-05 12:00+01', 2,
									 'Klottret är sanerat; vi följer upp nästa vecka.') $$, 'a meeting decides grade 2 with a motivation');
SELECT is((SELECT decided_grade || ' ' || (motivation LIKE 'Klottret%') FROM est.situation_picture WHERE kommun = '0187' AND locality = 'Torget'),
	'2 true', 'the decided grade and motivation show in the picture straight away');

-- ---------------------------------------------------------------- refresh replaces
SELECT lives_ok($$ SELECT est.refresh_picture('0187', '2025-03-06 12:00+01') $$, 'refreshing the same cycle again');
SELECT is((SELECT count(*)::int FROM est.picture_store WHERE kommun = '0187'), 2, 'replaces its rows, no duplicates');
SELECT is((SELECT count(*)::int FROM est.refresh_pictures('0187', '[2025-02-25 13:00+01, 2025-03-11 13:00+01)')), 2,
	'refresh_pictures refreshes every cycle overlapping the range (2)');
SELECT is((SELECT count(*)::int FROM est.picture_store WHERE kommun = '0187'), 4, 'two cycles × two localities');

-- ---------------------------------------------------------------- bad arguments
CREATE TEMP TABLE before_bad AS SELECT count(*) AS n FROM est.picture_store;
SELECT throws_ok($$ SELECT est.refresh_picture('0187', '2025-03-05', lookback => 0) $$, '22023', NULL, 'lookback 0 is refused (22023)');
SELECT throws_ok($$ SELECT est.refresh_picture('0187', '2025-03-05', new_cycles => 30) $$, '22023', NULL, 'new_cycles beyond the look-back is refused (22023)');
SELECT throws_ok($$ SELECT est.refresh_picture('9999', '2025-03-05') $$, '22023', 'refresh_picture: unknown municipality "9999"', 'an unknown municipality is refused (22023, as everywhere in est)');
SELECT throws_ok($$ SELECT est.refresh_picture('01x7', '2025-03-05') $$, '22P02', NULL, 'a malformed kommun code is refused (22P02)');
SELECT is((SELECT count(*) FROM est.picture_store), (SELECT n FROM before_bad), '... and none of them wrote anything');

-- ---------------------------------------------------------------- tenancy
SELECT est.refresh_picture('0188', '2025-03-05 12:00+01');
CREATE ROLE est_t_vax IN ROLE est_analyst;
INSERT INTO est.member (kommun, role_name) VALUES ('0187', 'est_t_vax');
SET LOCAL ROLE est_t_vax;
SELECT is((SELECT string_agg(DISTINCT kommun, ',') FROM est.situation_picture), '0187',
	'an analyst of Vaxholm sees only Vaxholm''s pictures through the view');
SELECT throws_ok($$ SELECT est.refresh_picture('0188', '2025-03-05 12:00+01') $$, '22023', 'refresh_picture: unknown municipality "0188"',
	'... and cannot refresh Norrtälje''s: it is not a municipality she can see (22023)');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM est.picture_store WHERE kommun = '0188'), 1, 'Norrtälje''s row is untouched');

-- ---------------------------------------------------------------- tertial analysis
SELECT results_eq($$ SELECT locality, incidents, incidents_prev, severe, cycles FROM est.tertial_analysis('0187', '2025T1') ORDER BY locality DESC $$,
	$$ VALUES ('Torget', 26::bigint, 0::bigint, 1::bigint, 2), ('Norra', 4::bigint, 0::bigint, 1::bigint, 2) $$,
	'tertial 2025-T1: Torget 16 + 10 incidents (Norra''s included), none in 2024-T3, one severe, 2 refreshed cycles');
SELECT results_eq($$ SELECT locality, incidents, incidents_prev, severe, cycles FROM est.annual_summary('0187', 2025) ORDER BY locality DESC $$,
	$$ VALUES ('Torget', 26::bigint, 0::bigint, 1::bigint, 2), ('Norra', 4::bigint, 0::bigint, 1::bigint, 2) $$,
	'annual summary 2025: the same incidents as the tertial (all of them fall in 2025-T1), none in 2024');
SELECT throws_ok($$ SELECT * FROM est.annual_summary('9999', 2025) $$, '22023', 'annual_summary: unknown municipality "9999"',
	'annual_summary: an unknown municipality is refused (22023), not an empty result');
SELECT throws_ok($$ SELECT * FROM est.tertial_analysis('0187', '2025T1', interval '-8 weeks') $$, '22023', NULL,
	'tertial_analysis: a negative effect window is refused (22023)');
SELECT throws_ok($$ SELECT * FROM est.annual_summary('0187', 2025, effect_buffer => 'NaN') $$, '22023', NULL,
	'annual_summary: a NaN buffer is refused (22023)');
SELECT throws_ok($$ SELECT * FROM est.refresh_pictures('0187', '[2025-01-01,)') $$, '22023', NULL,
	'refresh_pictures: an unbounded range is refused (22023), nothing refreshed');
SELECT * FROM finish();
ROLLBACK;
