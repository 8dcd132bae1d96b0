-- assess: suggested grades with their reasons, and a meeting's decisions (details: test/pgtap/assess.sql)
SET TimeZone = 'Europe/Stockholm';
SET DateStyle = 'ISO, YMD';
\set SHOW_CONTEXT never
SELECT grade, label_sv, label_en, colour, meaning FROM est.grade_default ORDER BY grade;

-- five localities of one cycle:             observed expected rate_p trend_z trend_p severe hot emerging coverage survey
CREATE TEMP TABLE cycle_indicators (place text, i est.assess_input);
INSERT INTO cycle_indicators VALUES
	('Lugnt torg',        ROW( 6,   6,   0.5,   0.2, 0.84, 0, 0, 0, 0.95, NULL)),
	('Lite stökigare',    ROW(12,   7,   0.03,  0.4, 0.69, 0, 0, 0, 0.90, NULL)),
	('Få händelser',      ROW( 2,   1,   0.26,  0.0, 1,    0, 0, 0, 0.90, NULL)),
	('Tyst rapportering', ROW( 1,   4,   0.99, -0.5, 0.62, 0, 0, 0, 0.20, NULL)),
	('Centrum',           ROW(15,   6.5, 0.004, 2.1, 0.036, 1, NULL, NULL, 0.80, NULL)),
	('Stationsområdet',   ROW(22,   8,   0.0004, 2.8, 0.005, 3, 4, 1, 0.85, NULL));
SELECT place, a.grade, a.score, round(a.confidence::numeric, 2) AS confidence, array_to_string(a.reasons, E'\n') AS reasons
  FROM cycle_indicators, est.assess(i) a ORDER BY a.grade, place;

-- the meeting accepts one suggestion and overrules it the next day, with a motivation
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6620000, 692000, 6622000, 3006));
SELECT decided_grade, suggested_grade, motivation, cycle
  FROM est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-07 15:00',
				  2, NULL, (SELECT est.assess(i) FROM cycle_indicators WHERE place = 'Lite stökigare'));
SELECT decided_grade, suggested_grade, motivation, supersedes IS NOT NULL AS supersedes_earlier
  FROM est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-08 09:00',
				  3, 'Två bilbränder natten till torsdag', (SELECT est.assess(i) FROM cycle_indicators WHERE place = 'Lite stökigare'));
SELECT locality, grade, label_sv, colour, suggested_grade, motivation FROM est.current_assessment;
SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-08 09:00', 4, NULL,
				  (SELECT est.assess(i) FROM cycle_indicators WHERE place = 'Lite stökigare'));
UPDATE est.assessment SET decided_grade = 1;
SELECT count(*) AS decisions_on_record FROM est.assessment;

SET client_min_messages = warning;
TRUNCATE est.municipality CASCADE;
RESET client_min_messages;
