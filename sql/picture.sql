-- picture: a small story. Vaxholm (0187), one tätort Torget with an område Norra, weekly
-- cycles from Tuesday 13:00. Two klotter reports a week for eight weeks from 7 January 2025, then
-- in the cycle of 4–11 March: six at the same spot and four in Norra, one of them a car fire.
SET client_min_messages = warning;
SET TimeZone = 'Europe/Stockholm';
SET DateStyle = 'ISO, YMD';
INSERT INTO est.municipality (kommun, name) VALUES ('0187', 'Vaxholm');
INSERT INTO est.locality (kommun, kind, name, geom)
VALUES ('0187', 'tätort', 'Torget', ST_MakeEnvelope(680000, 6590000, 682000, 6592000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0187', id, 'område', 'Norra', ST_MakeEnvelope(680000, 6591000, 682000, 6592000, 3006)
  FROM est.locality WHERE name = 'Torget';
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, place)
SELECT '0187', 'skadegorelse.klotter', tstzrange(t, t, '[]'), t + interval '1 hour',
       'SRID=3006;POINT(681000 6590500)', 'Torget'
  FROM generate_series(0, 7) w, generate_series(1, 2) k,
       LATERAL (SELECT timestamptz '2025-01-08 12:00+01' + w * interval '7 days' AS t) x;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, place)
SELECT '0187', CASE WHEN k = 10 THEN 'skadegorelse.bilbrand' ELSE 'skadegorelse.klotter' END,
       '[2025-03-05 12:00+01, 2025-03-05 12:00+01]', '2025-03-05 13:00+01',
       CASE WHEN k >= 7 THEN 'SRID=3006;POINT(681000 6591500)'::geometry
            ELSE 'SRID=3006;POINT(681000 6590500)'::geometry END,
       CASE WHEN k >= 7 THEN 'Bryggan' ELSE 'Torget' END
  FROM generate_series(1, 10) k;

-- compute the picture of the cycle 4–11 March (and the one before)
SELECT lower(cycle), localities, categories, hot_cells, hotspots
  FROM est.refresh_pictures('0187', '[2025-03-01, 2025-03-11 13:00)');

-- the lägesbild: Torget counts Norra's incidents too; the baseline is the mean of the 8 cycles
-- before (2 a week); the change is tested against it (exact Poisson test)
SELECT locality, incidents, incidents_prev, baseline, round(change_ratio::numeric, 2) AS ratio,
       round(change_p::numeric, 6) AS p, jsonb_array_length(severe_events) AS severe, suggested_grade,
       suggested_label_sv
  FROM est.situation_picture
 WHERE kommun = '0187' AND cycle @> timestamptz '2025-03-05 12:00'
 ORDER BY locality DESC;

-- its reasons, in Swedish
SELECT locality, unnest(reasons) AS reason
  FROM est.situation_picture
 WHERE kommun = '0187' AND cycle @> timestamptz '2025-03-05 12:00'
 ORDER BY locality DESC;

-- per category
SELECT p.locality, c.key AS category, c.value->>'n' AS n, c.value->>'prev' AS prev, c.value->>'baseline' AS baseline
  FROM est.situation_picture p, jsonb_each(p.categories) c
 WHERE p.kommun = '0187' AND p.cycle @> timestamptz '2025-03-05 12:00'
 ORDER BY 1 DESC, 2;

-- the severe event: category, place, locality, time; no free text, no reporter
SELECT e->>'label_sv' AS event, e->>'place' AS place, e->>'locality' AS locality, e->>'occurred_from' AS occurred
  FROM est.situation_picture p, jsonb_array_elements(p.severe_events) e
 WHERE p.kommun = '0187' AND p.cycle @> timestamptz '2025-03-05 12:00' AND p.locality = 'Torget';

-- the meeting decides; the picture shows it without a refresh
SELECT decided_grade, motivation FROM est.decide('0187', (SELECT id FROM est.locality WHERE name = 'Torget'),
       '2025-03-05 12:00', 2, 'Klottret är sanerat; vi följer upp nästa vecka.');
SELECT locality, suggested_grade, decided_grade, grade_change, motivation
  FROM est.situation_picture
 WHERE kommun = '0187' AND cycle @> timestamptz '2025-03-05 12:00' AND locality = 'Torget';

-- the tertial analysis of 2025-T1: the tertial against the one before (nothing), the grades of its
-- refreshed cycles (decided where decided), and the weekday × hour peak (Wednesdays at noon)
SELECT locality, cycles, incidents, incidents_prev, severe, highest_grade, peak_weekday, peak_hour, priority
  FROM est.tertial_analysis('0187', '2025T1')
 ORDER BY locality DESC;

-- bad arguments: nothing written
SELECT est.refresh_picture('0187', '2025-03-05', lookback => 0);
SELECT est.refresh_picture('9999', '2025-03-05');
SELECT count(*) FROM est.picture_store WHERE kommun = '0187';

-- leave the shared regression database as we found it
DELETE FROM est.picture_category_store WHERE kommun = '0187';
DELETE FROM est.picture_store WHERE kommun = '0187';
DELETE FROM est.hot_cell_store WHERE kommun = '0187';
DELETE FROM est.hotspot_store WHERE kommun = '0187';
DELETE FROM est.assessment WHERE kommun = '0187';
DELETE FROM est.incident WHERE kommun = '0187';
DELETE FROM est.locality WHERE kommun = '0187' AND parent_id IS NOT NULL;
DELETE FROM est.locality WHERE kommun = '0187';
DELETE FROM est.municipality WHERE kommun = '0187';
