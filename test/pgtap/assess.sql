-- pgTAP: the assess module — suggested grades (hand-worked against the default rules in
-- docs/assess.md), rule overrides, refusals with their SQLSTATE, the scale, and the decision
-- record that supersedes but never overwrites.
BEGIN;
SELECT plan(66);

SELECT has_type('est', 'assess_input', 'type est.assess_input');
SELECT has_type('est', 'assess_result', 'type est.assess_result');
SELECT has_table('est', 'assessment', 'table est.assessment');
SELECT has_view('est', 'current_assessment', 'view est.current_assessment');

-- ---------------------------------------------------------------- suggestions (hand-worked)
-- calm: no rule fires, every input present → grade 1, confidence 1
SELECT results_eq($$ SELECT grade, score, confidence, cardinality(reasons) FROM est.assess(ROW(6, 6, 0.5, 0.1, 0.9, 0, 0, 0, 0.9, NULL)::est.assess_input) $$,
	$$ VALUES (1, 0::float8, 1::float8, 0) $$, 'calm locality: grade 1, no reasons, full confidence');
-- 12 weighted against 7 expected, p = 0.03: excess (+1) → grade 2
SELECT results_eq($$ SELECT grade, score, reasons FROM est.assess(ROW(12, 7, 0.03, 0.1, 0.9, 0, 0, 0, 0.9, NULL)::est.assess_input) $$,
	$$ VALUES (2, 1::float8, ARRAY['Fler händelser än normalt: 12 (viktat) mot förväntat 7, p = 0,03']) $$,
	'more than normal: grade 2, the reason names 12, 7 and p');
-- clear excess (+2), rising trend (+2), one severe (+2) = 6: grade 4 (5 starts at 7); no hotspot input (−0.10), coverage 0.3 (−0.25)
SELECT results_eq($$ SELECT grade, score, round(confidence::numeric, 2) FROM est.assess(ROW(15, 6.5, 0.004, 2.1, 0.036, 1, NULL, NULL, 0.3, NULL)::est.assess_input) $$,
	$$ VALUES (4, 6::float8, 0.65) $$, 'excess + trend + severe: score 6, grade 4, confidence 0.65');
SELECT is((SELECT reasons_en FROM est.assess(ROW(15, 6.5, 0.004, 2.1, 0.036, 1, NULL, NULL, 0.3, NULL)::est.assess_input)),
	ARRAY['Clearly more incidents than normal: 15 (weighted) against 6.5 expected, p = 0.004',
		  'Rising trend over recent cycles: Mann–Kendall z = 2.1, p = 0.036',
		  '1 serious incident (severity 3)',
		  'No hotspot analysis for the cycle',
		  'Low reporting coverage: 30 % of reporters reported (below 50 %); calm may mean silence'],
	'... with every reason in English, each naming its number');
SELECT is((SELECT jsonb_path_query_array(contributions, '$.reasons[*].key') FROM est.assess(ROW(15, 6.5, 0.004, 2.1, 0.036, 1, NULL, NULL, 0.3, NULL)::est.assess_input)),
	'["excess_high", "trend_up", "severe_one", "no_hotspots", "low_coverage"]'::jsonb,
	'contributions list the reason keys');
SELECT is((SELECT contributions->'reasons'->0 FROM est.assess(ROW(15, 6.5, 0.004, 2.1, 0.036, 1, NULL, NULL, 0.3, NULL)::est.assess_input)),
	'{"key": "excess_high", "value": 15, "points": 2, "threshold": 6.5, "confidence_cost": 0}'::jsonb,
	'... with the value, the threshold and the points of each');
SELECT is((SELECT contributions->'rules' FROM est.assess(ROW(1, 1, 0.5, NULL, NULL, 0, 0, 0, 1, NULL)::est.assess_input)),
	est.assess_rules_default(), 'contributions report the rules used');
-- est.assess keeps the last rules between calls: rows whose rules change from one to the next
-- (defaults, a change, defaults again, a bad rule in between) grade as separate calls do
CREATE TEMP TABLE rule_rows AS
SELECT g, ROW(g % 9, 2, 0.02 * (g % 5), NULL, NULL, g % 3, g % 2, 0, 0.9, NULL)::est.assess_input AS ind,
	   (ARRAY[NULL, '{"min_count": 2, "trend_alpha": 0.1}', '{}', '{"hot_one_points": 2.5}'])[1 + g % 4]::jsonb AS rules
  FROM generate_series(1, 40) g;
CREATE TEMP TABLE rule_one AS SELECT g, (est.assess(ind, rules)).* FROM rule_rows WHERE g = 0;
DO $$ DECLARE x record; BEGIN
	FOR x IN SELECT * FROM rule_rows ORDER BY g LOOP	-- one call per statement: nothing kept between rows
		INSERT INTO rule_one SELECT x.g, (est.assess(x.ind, x.rules)).*;
	END LOOP;
END $$;
SELECT is((SELECT count(*)::int FROM rule_rows r CROSS JOIN LATERAL est.assess(r.ind, r.rules) a
			 JOIN rule_one o ON o.g = r.g
		   WHERE a.grade = o.grade AND a.score = o.score AND a.reasons = o.reasons AND a.contributions = o.contributions
			 AND a.contributions->'rules' = est.assess_rules_default() || coalesce(r.rules, '{}')), 40,
	'rules changing from row to row: every grade, reason and contribution as in separate calls, each with its own rules');
SELECT throws_ok($$ SELECT count(a.grade) FROM (VALUES (1, NULL::jsonb), (2, '{"min_count": -1}'), (3, NULL)) v(i, r),
						   LATERAL est.assess(ROW(1, 1, 0.5, NULL, NULL, 0, 0, 0, 1, NULL)::est.assess_input, v.r) a $$,
	'22023', NULL, 'a bad rule between good ones is still refused (22023)');
-- the small-count guard: 2 against a baseline of 1 is not "doubled"
SELECT results_eq($$ SELECT grade, contributions->'reasons'->0->>'key' FROM est.assess(ROW(2, 1, 0.26, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input) $$,
	$$ VALUES (1, 'small_count') $$, '2 incidents against 1 expected: grade 1 with the small-count caveat');
-- missing inputs are not zero: they lower the confidence
SELECT results_eq($$ SELECT grade, round(confidence::numeric, 2) FROM est.assess(ROW(3, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL)::est.assess_input) $$,
	$$ VALUES (1, 0.40) $$, 'no baseline, trend, hotspots or coverage: grade 1 at confidence 0.40');
-- three severe incidents, four hot cells and a rising trend: 3 + 3 + 2 = 8 → grade 5
SELECT is((est.assess(ROW(8, 8, 0.5, 2.5, 0.012, 3, 4, 0, 1, NULL)::est.assess_input)).grade, 5,
	'three severe incidents, four hot cells and a rising trend: grade 5');

-- ---------------------------------------------------------------- rules
SELECT is((est.assess(ROW(8, 8, 0.5, 2.5, 0.012, 3, 4, 0, 1, NULL)::est.assess_input, '{"grade_5": 9}')).grade, 4,
	'with grade 5 starting at score 9, the same locality is grade 4');
SELECT is((est.assess(ROW(6, 6, 0.5, 0, 1, 0, 0, 0, 1, 4.2)::est.assess_input, '{"survey_threshold": 3.5}')).grade, 2,
	'a survey value over the municipality''s threshold adds a point');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input, '{"grade_six": 9}') $$,
	'22023', 'unknown assessment rule "grade_six"', 'an unknown rule key is refused (22023)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input, '{"min_count": "five"}') $$,
	'22023', 'assessment rule "min_count" must be a number', 'a non-numeric rule is refused (22023)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input, '{"grade_3": 0.5}') $$,
	'22023', 'invalid assessment rules: grade thresholds must increase from grade 2 to grade 5', 'thresholds must increase (22023)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input, '[1, 2]') $$,
	'22023', 'assessment rules must be a JSON object', 'rules must be an object (22023)');

-- ---------------------------------------------------------------- impossible indicators
SELECT throws_ok($$ SELECT est.assess(ROW(NULL, 1, 0.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input) $$,
	'22004', 'assessment indicator "observed" must not be NULL', 'observed is required (22004)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 0, 1, NULL, 0, 0, 1, NULL)::est.assess_input) $$,
	'22004', 'assessment indicator "severe" must not be NULL', 'severe is required (22004)');
SELECT throws_ok($$ SELECT est.assess(ROW('NaN', 1, 0.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input) $$,
	'22023', 'assessment indicator "observed" is NaN', 'NaN is refused, NULL marks missing (22023)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 1.5, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input) $$,
	'22023', 'invalid assessment indicators: rate_p must lie between 0 and 1', 'p above 1 (22023)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 0, 1, -2, 0, 0, 1, NULL)::est.assess_input) $$,
	'22023', 'invalid assessment indicators: severe must be >= 0', 'negative count (22023)');
SELECT throws_ok($$ SELECT est.assess(ROW(1, 1, 0.5, 2.5, NULL, 0, 0, 0, 1, NULL)::est.assess_input) $$,
	'22023', 'invalid assessment indicators: trend_z and trend_p go together: give both or neither', 'z without p (22023)');
SELECT throws_ok($$ SELECT est.assess(NULL::est.assess_input) $$,
	'22004', 'assessment indicators must not be NULL', 'a NULL record (22004)');

-- ---------------------------------------------------------------- properties over generated cases
-- more incidents (with the smaller p that brings), more severe ones, more hot cells never lower the grade
SELECT setseed(0.31);
CREATE TEMP TABLE cases AS
SELECT floor(random() * 30) AS observed, random() * 15 AS expected, floor(random() * 4)::int AS severe,
	   floor(random() * 5)::int AS hot, (random() - 0.5) * 6 AS z, 1 + floor(random() * 8) AS more
  FROM generate_series(1, 2000);
CREATE TEMP VIEW graded AS
SELECT (est.assess(ROW(observed, expected, greatest(0, least(1, 1 - observed / (2 * expected + 10))), z,
					   least(1, 2 * (1 - 0.5 * (1 + erf_approx))), severe, hot, 0, 0.8, NULL)::est.assess_input)).grade AS g0,
	   (est.assess(ROW(observed + more, expected, greatest(0, least(1, 1 - (observed + more) / (2 * expected + 10))), z,
					   least(1, 2 * (1 - 0.5 * (1 + erf_approx))), severe + 1, hot + 1, 0, 0.8, NULL)::est.assess_input)).grade AS g1
  FROM (SELECT c.*, tanh(abs(z) * 0.8) AS erf_approx FROM cases c) c;
SELECT is((SELECT count(*)::int FROM graded WHERE g1 < g0), 0,
	'over 2000 generated localities, more incidents, severe events and hot cells never lower the grade');
SELECT is((SELECT count(DISTINCT g0)::int FROM graded), 5, '... and the cases span all five grades');

-- ---------------------------------------------------------------- the scale
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0180', 'Stockholm');
SELECT results_eq($$ SELECT grade, label_sv, colour FROM est.grade_scale('0188') $$,
	$$ VALUES (1, 'Normalläge', '#2E7D32'), (2, 'Något förhöjt', '#9CCC65'), (3, 'Förhöjt', '#FBC02D'),
			  (4, 'Allvarligt', '#EF6C00'), (5, 'Mycket allvarligt', '#C62828') $$,
	'the default scale: grön, ljusgrön, gul, orange, röd');
INSERT INTO est.grade_level VALUES ('0188', 1, 'Grönt', 'Green', '#00aa00');
SELECT is((SELECT label_sv || ' ' || colour FROM est.grade_scale('0188') WHERE grade = 1), 'Grönt #00aa00',
	'a municipality''s own label and colour replace the default for that grade');
SELECT is((SELECT label_sv FROM est.grade_scale('0180') WHERE grade = 1), 'Normalläge', '... and only for that municipality');
SELECT throws_ok($$ INSERT INTO est.grade_level VALUES ('0188', 6, 'x', 'x', '#000000') $$, '23514', NULL,
	'a grade outside 1–5 cannot be labelled (23514)');

INSERT INTO est.assess_rules (kommun, rules) VALUES ('0188', '{"grade_5": 6}');
SELECT is((est.assess('0188', ROW(8, 8, 0.5, 0, 1, 3, 4, 0, 1, NULL)::est.assess_input)).grade, 5,
	'est.assess(kommun, …) applies the municipality''s rules (grade 5 from score 6)');
SELECT is((est.assess('0180', ROW(8, 8, 0.5, 0, 1, 3, 4, 0, 1, NULL)::est.assess_input)).grade, 4,
	'... and the defaults where none are set (score 6 is grade 4)');
SELECT throws_ok($$ INSERT INTO est.assess_rules (kommun, rules) VALUES ('0180', '{"min_cuont": 3}') $$, '22023',
	'unknown assessment rule "min_cuont"', 'misspelt rules are refused when stored (22023)');
SELECT is((SELECT count(*)::int FROM est.assess_rules), 1, '... and nothing was written');

-- ---------------------------------------------------------------- decisions
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6620000, 692000, 6622000, 3006)),
	('0180', 'tätort', 'Kista', ST_MakeEnvelope(660000, 6590000, 662000, 6592000, 3006));
CREATE TEMP TABLE s AS SELECT est.assess(ROW(12, 7, 0.03, 0.1, 0.9, 0, 0, 0, 0.9, NULL)::est.assess_input) AS r;
SELECT lives_ok($$ SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-07 15:00+02', 2, NULL, (SELECT r FROM s)) $$,
	'accepting the suggestion needs no motivation');
SELECT throws_ok($$ SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-07 15:00+02', 3, '  ', (SELECT r FROM s)) $$,
	'22023', 'decide: grade 3 differs from the suggested 2 and needs a motivation', 'overruling without a motivation (22023)');
SELECT throws_ok($$ SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-07 15:00+02', 6, 'x') $$,
	'22023', 'decide: grade 6 is outside the scale 1–5', 'a grade outside 1–5 (22023)');
SELECT throws_ok($$ SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Kista'), '2025-05-07 15:00+02', 2, 'x') $$,
	'23503', NULL, 'a locality of another municipality (23503)');
SELECT is((SELECT count(*)::int FROM est.assessment), 1, 'the refused decisions wrote nothing');
SELECT lives_ok($$ SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-08 09:00+02', 3,
	'Bilbränder natten till torsdag; polisen ser samma mönster', (SELECT r FROM s)) $$,
	'overruling with a motivation, later in the same cycle');
SELECT results_eq($$ SELECT decided_grade, supersedes IS NULL, suggested_grade FROM est.assessment ORDER BY id $$,
	$$ VALUES (2, true, 2), (3, false, 2) $$, 'both decisions are kept; the second supersedes the first');
SELECT is((SELECT supersedes FROM est.assessment WHERE decided_grade = 3), (SELECT id FROM est.assessment WHERE decided_grade = 2),
	'... naming it');
SELECT results_eq($$ SELECT grade, label_sv, cycle = tstzrange('2025-05-06 13:00+02', '2025-05-13 13:00+02') FROM est.current_assessment $$,
	$$ VALUES (3, 'Förhöjt', true) $$, 'the decision in force is the latest, with its label, for the Tuesday-to-Tuesday cycle');
SELECT throws_ok($$ UPDATE est.assessment SET decided_grade = 1 $$, '55000', 'assessment decisions are never changed',
	'decisions cannot be overwritten (55000)');
SELECT is((SELECT array_agg(decided_grade ORDER BY id) FROM est.assessment), ARRAY[2, 3], '... and nothing changed');

-- ---------------------------------------------------------------- tenancy
SELECT id AS rimbo_id FROM est.locality WHERE name = 'Rimbo' \gset
CREATE ROLE est_t_sthlm IN ROLE est_analyst;
INSERT INTO est.member VALUES ('0180', 'est_t_sthlm');
SET LOCAL ROLE est_t_sthlm;
SELECT is((SELECT count(*)::int FROM est.assessment), 0, 'another municipality''s analyst sees none of Norrtälje''s decisions');
SELECT throws_ok(format($q$ SELECT est.decide('0188', %s, now(), 1, 'x') $q$, :rimbo_id), '23503', NULL,
	'... and cannot decide for Norrtälje: its localities are not visible to her (23503)');
RESET ROLE;

-- ---------------------------------------------------------------- indicators from the data
-- Torget (tätort) had 2 klotter reports (severity 1) in each of the 8 weekly cycles from Tue 7 Jan
-- 2025 13:00 and 10 in the cycle of Wed 5 Mar 2025 (4 of them inside its område Norra). By hand and
-- checked with R 4.2 poisson.test(c(10, 16), c(1, 8), alternative = "greater")$p.value =
-- 0.000281050387330075 and SciPy 1.10 (Mann–Kendall of 2,2,2,2,2,2,2,2,10: S = 8, Var S = 26.667,
-- z = 7/sqrt(26.667) = 1.3555441711726, p = 0.175244245400006).
INSERT INTO est.municipality (kommun, name) VALUES ('0187', 'Vaxholm');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0187', 'tätort', 'Torget', ST_MakeEnvelope(680000, 6590000, 682000, 6592000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0187', id, 'område', 'Norra', ST_MakeEnvelope(680000, 6591000, 682000, 6592000, 3006) FROM est.locality WHERE name = 'Torget';
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0187', 'skadegorelse.klotter', tstzrange(t, t, '[]'), t + interval '1 hour', 'SRID=3006;POINT(681000 6590500)'
  FROM generate_series(0, 7) w, generate_series(1, 2) k,
	   LATERAL (SELECT timestamptz '2025-01-08 12:00+01' + w * interval '7 days' AS t) x;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0187', 'skadegorelse.klotter', '[2025-03-05 12:00+01, 2025-03-05 12:00+01]', '2025-03-05 13:00+01',
	   CASE WHEN k <= 4 THEN 'SRID=3006;POINT(681000 6591500)'::geometry ELSE 'SRID=3006;POINT(681000 6590500)'::geometry END
  FROM generate_series(1, 10) k;
INSERT INTO est.organisation (kommun, name) VALUES ('0187', 'Vaxholms stad');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id, active) SELECT '0187', 'V-' || g, o.id, '[2024-01-01,)' FROM est.organisation o, generate_series(1, 2) g;
INSERT INTO est.reporting_round (kommun, reporter_id, nothing_to_report, submitted_at)
SELECT '0187', id, false, '2025-03-10 09:00+01' FROM est.reporter WHERE pseudonym = 'V-1';
INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value) SELECT '0187', id, 2024, 'problemindex', 3.2 FROM est.locality WHERE name = 'Torget';

CREATE TEMP TABLE ind AS SELECT * FROM est.assessment_indicators('0187', '2025-03-05 12:00+01');
SELECT results_eq($$ SELECT locality, incidents, baseline_cycles_used, trend_cycles_used, cycle FROM ind ORDER BY locality DESC $$,
	$$ VALUES ('Torget', 10::bigint, 8, 9, tstzrange('2025-03-04 13:00+01', '2025-03-11 13:00+01', '[)')),
			  ('Norra', 4::bigint, 8, 9, tstzrange('2025-03-04 13:00+01', '2025-03-11 13:00+01', '[)')) $$,
	'indicators: the Tuesday-to-Tuesday cycle; a tätort counts its område''s incidents too; 8 baseline cycles, 9 with data for the trend');
SELECT results_eq($$ SELECT (indicators).observed, (indicators).expected, (indicators).severe, (indicators).coverage, (indicators).survey
					  FROM ind WHERE locality = 'Torget' $$,
	$$ VALUES (10::float8, 2::float8, 0, 0.5::float8, 3.2::float8) $$,
	'Torget: 10 weighted against 2 expected, no severe, 1 of 2 reporters, problemindex 3.2');
SELECT ok((SELECT abs((indicators).rate_p - 0.000281050387330075) < 1e-12 FROM ind WHERE locality = 'Torget'),
	'rate_p equals R poisson.test (0.000281050387330075) to 1e-12');
SELECT ok((SELECT abs((indicators).trend_z - 1.3555441711726) < 1e-9 AND abs((indicators).trend_p - 0.175244245400006) < 1e-9
			 FROM ind WHERE locality = 'Torget'),
	'trend z and p equal the hand/SciPy values to 1e-9 (cycles before the first report are left out)');
SELECT results_eq($$ SELECT locality, grade, contributions->'reasons'->0->>'key' FROM est.assess_localities('0187', '2025-03-05 12:00+01') ORDER BY locality DESC $$,
	$$ VALUES ('Torget', 4, 'excess_high'), ('Norra', 1, 'small_count') $$,
	'graded: Torget clearly above normal (2 points) and an emerging hot spot (1 point): grade 4; Norra''s 4 against 0 is too few to judge (grade 1)');
-- the emerging hot-spot input: over the 26 weekly steps up to this cycle, Torget's cell at
-- (681000, 6590500) had no incident for 17 steps, then 2 a week and 6 in the last. Of its
-- space-time neighbourhood sums (this week + the previous one: 2, 4, 4, ..., 4, 8) only the last
-- is significant after FDR over the 52 bins of the two occupied cells, and never before: the new
-- hot-spot pattern (docs/hotspot.md; est.emerging_hotspot_bins shows the z of every step)
SELECT results_eq($$ SELECT e.cell_id = est.cell_id(681125, 6590625, 250), e.category FROM est.emerging_cells('0187', '2025-03-05 12:00+01') e $$,
	$$ VALUES (true, 'new hot spot') $$,
	'emerging_cells: the cell with this week''s jump is a new hot spot, the only pattern');
SELECT is((SELECT (indicators).emerging_hot FROM ind WHERE locality = 'Torget'), 1,
	'and it counts as one emerging hot spot in Torget''s indicators');
SELECT throws_ok($$ SELECT * FROM est.assessment_indicators('0187', now(), 0) $$, '22023', NULL, 'baseline_cycles 0 is refused (22023)');

-- a seasonal baseline: the same time a year earlier. Torget (Vaxholm) had 3 reports a week around
-- 5 March 2024 (the 8 cycles from Tue 30 Jan 2024, centred on the cycle a year before) and 2 a week
-- just before 5 March 2025:
-- expected 3 from last year, 2 from the previous cycles
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0187', 'skadegorelse.klotter', tstzrange(t, t, '[]'), t + interval '1 hour', 'SRID=3006;POINT(681000 6590500)'
  FROM generate_series(-5, 2) w, generate_series(1, 3) k,
	   LATERAL (SELECT timestamptz '2024-03-07 12:00+01' + w * interval '7 days' AS t) x;
SELECT results_eq($$ SELECT (indicators).expected, baseline_cycles_used FROM est.assessment_indicators('0187', '2025-03-05 12:00+01', baseline_from => 'last_year') WHERE locality = 'Torget' $$,
	$$ VALUES (3::float8, 8) $$, 'baseline_from last_year: the 8 cycles around the same week a year earlier (3 a week)');
SELECT results_eq($$ SELECT (indicators).expected FROM est.assessment_indicators('0187', '2025-03-05 12:00+01') WHERE locality = 'Torget' $$,
	$$ VALUES (2::float8) $$, '... while the default baseline is still the previous 8 cycles (2 a week)');
SELECT throws_ok($$ SELECT * FROM est.assessment_indicators('0187', now(), baseline_from => 'yesterday') $$, '22023',
	'assessment_indicators: unknown baseline_from "yesterday"', 'an unknown baseline is refused (22023)');

-- hot cells from Gi*: an even background (one incident in each 500 m square of a 4 × 4 km town)
-- and a cluster of 12 in one 250 m cell of the område Hamnen; Väster, far from it, has background only
INSERT INTO est.municipality (kommun, name) VALUES ('0120', 'Värmdö');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0120', 'tätort', 'Gustavsberg', ST_MakeEnvelope(680000, 6590000, 684000, 6594000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0120', id, 'område', n, e FROM est.locality,
	   (VALUES ('Hamnen', ST_MakeEnvelope(682000, 6592000, 682500, 6592500, 3006)), ('Väster', ST_MakeEnvelope(680000, 6590000, 680500, 6590500, 3006))) a (n, e)
 WHERE name = 'Gustavsberg';
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0120', 'skadegorelse.klotter', '[2025-02-20 12:00+01,2025-02-20 12:00+01]', '2025-02-20 13:00+01',
	   ST_SetSRID(ST_MakePoint(680250 + gx * 500, 6590250 + gy * 500), 3006)
  FROM generate_series(0, 7) gx, generate_series(0, 7) gy;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0120', 'skadegorelse.klotter', '[2025-03-05 12:00+01,2025-03-05 12:00+01]', '2025-03-05 13:00+01', 'SRID=3006;POINT(682100 6592100)'
  FROM generate_series(1, 12);
CREATE TEMP TABLE hot AS SELECT locality, (indicators).hot_cells, contributions FROM est.assess_localities('0120', '2025-03-05 12:00+01');
SELECT ok((SELECT hot_cells >= 1 FROM hot WHERE locality = 'Hamnen'), 'hot_cells: the cluster makes Hamnen hot (Gi*, 95 %, FDR)');
SELECT is((SELECT hot_cells FROM hot WHERE locality = 'Väster'), 0, '... an area with only the even background has no hot cell');
SELECT ok((SELECT contributions->'reasons' @> '[{"key": "hot_one"}]' OR contributions->'reasons' @> '[{"key": "hot_many"}]' FROM hot WHERE locality = 'Hamnen'),
	'... and the assessment names the hot cells as a reason');

SELECT * FROM finish();
ROLLBACK;
