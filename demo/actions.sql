-- est demo: the meetings of the autumn, their grade decisions, and two actions with follow-up.
-- Loaded by demo/demo.sql after the generator (and by the scenario tests).

-- weekly lägesbild meetings, Wednesdays 15:00, from the end of August
INSERT INTO est.meeting (kommun, held_on, held_at, functions, note)
SELECT '0188', d::date, (d::date + time '15:00') AT TIME ZONE 'Europe/Stockholm',
	   ARRAY['kommun', 'polis', 'bostadsbolag', 'räddningstjänst'], 'Lägesbildsmöte'
  FROM generate_series(date '2026-08-26', date '2026-11-18', interval '7 days') d;

-- the Societetsparken problem: lighting, pruning and night walks, started after the meeting of
-- 26 August; followed up every four weeks, finished in October
INSERT INTO est.action (kommun, locality_id, target_area, target_categories, description, owner_organisation_id,
						partner_organisation_ids, started, due, status, meeting_id)
SELECT '0188', l.id,
	   ST_Buffer(ST_Translate(ST_Transform(ST_SetSRID(ST_MakePoint(18.7005, 59.7580), 4326), 3006), -1500, 700), 250),
	   ARRAY['skadegorelse', 'samling', 'otrygg_plats'],
	   'Belysning, beskärning och nattvandring i Societetsparken',
	   (SELECT o.id FROM est.organisation o WHERE o.kommun = '0188' AND o.name = 'Gatu- och parkenheten'),
	   ARRAY(SELECT o.id FROM est.organisation o WHERE o.kommun = '0188'
			  AND o.name IN ('Nattvandrarna', 'Polisen, lokalpolisområdet') ORDER BY o.id),
	   '2026-08-26', '2026-10-28', 'active',
	   (SELECT m.id FROM est.meeting m WHERE m.kommun = '0188' AND m.held_on = '2026-08-26')
  FROM est.locality l WHERE l.kommun = '0188' AND l.name = 'Norrtälje';

INSERT INTO est.follow_up (kommun, action_id, meeting_id, noted_on, status, note)
SELECT '0188', a.id, m.id, m.held_on, f.status, f.note
  FROM est.action a,
	   (VALUES ('2026-09-23'::date, 'active', 'Ny belysning på plats, buskage beskurna; nattvandring fredag och lördag.'),
			   ('2026-10-21'::date, 'active', 'Färre rapporter om samlingar och glaskross sedan belysningen kom upp.'),
			   ('2026-11-04'::date, 'finished', 'Avslutad: rapporterna från parken är tillbaka på normal nivå.')) f (noted_on, status, note)
  JOIN est.meeting m ON m.kommun = '0188' AND m.held_on = f.noted_on
 WHERE a.kommun = '0188' AND a.description LIKE 'Belysning%';
UPDATE est.action SET ended = '2026-11-04' WHERE kommun = '0188' AND description LIKE 'Belysning%' AND ended IS NULL
   AND status = 'finished';

-- Rimbo: more presence at the station once the reports started in October; due before the
-- current cycle ended and not yet followed up as finished, so it is overdue
INSERT INTO est.action (kommun, locality_id, target_area, target_categories, description, owner_organisation_id,
						started, due, status, meeting_id)
SELECT '0188', l.id, NULL, ARRAY['samling', 'ordningsstorande', 'skadegorelse.bilbrand'],
	   'Ökad närvaro vid stationen fredag–lördag kväll: polis och fältassistenter',
	   (SELECT o.id FROM est.organisation o WHERE o.kommun = '0188' AND o.name = 'Polisen, lokalpolisområdet'),
	   '2026-10-21', '2026-11-11', 'active',
	   (SELECT m.id FROM est.meeting m WHERE m.kommun = '0188' AND m.held_on = '2026-10-21')
  FROM est.locality l WHERE l.kommun = '0188' AND l.name = 'Rimbo centrum';

-- the meetings' grade decisions for the tätorter: the suggestion accepted, except once
-- (a Wednesday meeting decides on the cycle that closed on Tuesday at 13:00)
SELECT count(*) AS "grade decisions"
  FROM est.meeting m
 CROSS JOIN LATERAL est.assess_localities('0188', m.held_at - interval '1 day 3 hours') a
 CROSS JOIN LATERAL est.decide('0188', a.locality_id, m.held_at - interval '1 day 3 hours',
		CASE WHEN a.locality = 'Hallstavik' AND m.held_on = '2026-10-21' THEN 2 ELSE a.grade END,
		CASE WHEN a.locality = 'Hallstavik' AND m.held_on = '2026-10-21'
			 THEN 'Hälften av rapportörerna hördes inte av; polisen rapporterar oro vid Folkets hus.' END,
		ROW(a.grade, a.score, a.confidence, a.reasons, a.reasons_en, a.contributions)::est.assess_result) d
 WHERE m.kommun = '0188' AND a.kind = 'tätort';
