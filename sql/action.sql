-- action: a meeting decides an action, follows it up, and evaluates it with the Weighted
-- Displacement Quotient (details: test/pgtap/action.sql). The WDQ below is worked by hand.
SET TimeZone = 'Europe/Stockholm';
SET DateStyle = 'ISO, YMD';
SET extra_float_digits = 0;
\set SHOW_CONTEXT never

INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6620000, 692000, 6622000, 3006));
INSERT INTO est.organisation (kommun, name, kind) VALUES ('0188', 'Trygg i Norrtälje', 'kommun'), ('0188', 'Norrtäljehem', 'bostadsbolag');

-- the meeting of Wednesday 5 March 2025 decides an action at the square
INSERT INTO est.meeting (kommun, held_at, functions, note)
VALUES ('0188', '2025-03-05 15:00', '{kommun,polis,bostadsbolag,räddningstjänst}', 'Lägesbild vecka 10')
RETURNING held_on, functions;
INSERT INTO est.action (kommun, locality_id, target_area, target_categories, description, owner_organisation_id,
						partner_organisation_ids, started, due, status, meeting_id, created_at)
SELECT '0188', l.id, ST_MakeEnvelope(690900, 6620900, 691100, 6621100, 3006), '{skadegorelse}',
	   'Belysning och klotterrensning vid torget', o.id, ARRAY[p.id], '2025-03-10', '2025-05-31', 'active', m.id, '2025-03-05 16:00'
  FROM est.locality l, est.organisation o, est.organisation p, est.meeting m
 WHERE o.name = 'Trygg i Norrtälje' AND p.name = 'Norrtäljehem'
RETURNING status, started, due, ST_AsText(target_area) AS target_area;

-- a rule: an action cannot be due before it starts
INSERT INTO est.action (kommun, locality_id, target_categories, description, started, due)
SELECT '0188', id, '{samling}', 'Fältassistenter', '2025-04-01', '2025-03-01' FROM est.locality;

-- follow-ups: on 2 April under way; on 16 June finished, which closes the action
INSERT INTO est.follow_up (kommun, action_id, noted_on, status, note)
SELECT '0188', id, '2025-04-02', 'active', 'Lamporna uppsatta, klotter sanerat inom ett dygn' FROM est.action;
INSERT INTO est.follow_up (kommun, action_id, noted_on, status, note)
SELECT '0188', id, '2025-06-16', 'finished', 'Klart; fortsatt sanering i ordinarie drift' FROM est.action;
SELECT status, started, due, ended FROM est.action;

-- what the situation picture shows on 1 June (overdue: due 31 May, not yet finished) and on 20 June
SELECT action_id IS NOT NULL AS listed, status, ended, open, overdue, last_follow_up, last_follow_up_status
  FROM est.actions_at('0188', '2025-06-01 12:00');
SELECT status, ended, open, overdue, last_follow_up, last_follow_up_status
  FROM est.actions_at('0188', '2025-06-20 12:00');

-- incidents of skadegörelse in the 3 months before and after the start (10 March):
-- target square (R), a 100 m ring around it (D), the rest of Rimbo (C)
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0188', 'skadegorelse.klotter', tstzrange(t, t, '[]'), t, ST_SetSRID(ST_MakePoint(x, y), 3006)
  FROM (VALUES (12, 691000, 6621000, timestamptz '2025-01-20 22:00'),	-- Rb = 12
			   ( 3, 691000, 6621000, '2025-04-20 22:00'),				-- Ra = 3
			   ( 4, 691150, 6621000, '2025-01-20 22:00'),				-- Db = 4
			   ( 2, 691150, 6621000, '2025-04-20 22:00'),				-- Da = 2
			   (30, 690300, 6620300, '2025-01-20 22:00'),				-- Cb = 30
			   (24, 690300, 6620300, '2025-04-20 22:00'))				-- Ca = 24
	   v (n, x, y, t), generate_series(1, v.n);
-- by hand: success = Ra/Ca - Rb/Cb = 3/24 - 12/30 = 0.125 - 0.4 = -0.275
--          buffer  = Da/Ca - Db/Cb = 2/24 -  4/30 = 0.08333 - 0.13333 = -0.05
--          WDQ = -0.05 / -0.275 = 0.181818... (2/11): diffusion of benefits
SELECT before_from, before_to, after_to, target_before AS rb, target_after AS ra, buffer_before AS db,
	   buffer_after AS da, control_before AS cb, control_after AS ca
  FROM est.action_effect('0188', (SELECT id FROM est.action), '3 months', '3 months', 100);
SELECT round(success_measure::numeric, 6) AS success, round(buffer_measure::numeric, 6) AS buffer,
	   round(wdq::numeric, 6) AS wdq, interpretation, reason
  FROM est.action_effect('0188', (SELECT id FROM est.action), '3 months', '3 months', 100);
SELECT * FROM est.action_effect('0188', (SELECT id FROM est.action), '3 months', '3 months', -5);

-- the meeting's record
SELECT held_on, item, status, text FROM est.meeting_items ORDER BY item_id;

SET client_min_messages = warning;
TRUNCATE est.municipality CASCADE;
RESET client_min_messages;
