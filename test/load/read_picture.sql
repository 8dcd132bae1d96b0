-- pgbench script: an analyst of Norrtälje reads a situation picture and the hotspot list of a
-- random cycle of the refreshed window (September–November 2026).
\set d random(0, 76)
BEGIN;
SET LOCAL ROLE est_load_analyst;
SELECT locality, incidents, suggested_grade, decided_grade, reasons FROM est.situation_picture
 WHERE kommun = '0188' AND cycle @> timestamptz '2026-09-01 12:00+02' + :d * interval '1 day';
SELECT name, status, incidents_now FROM est.hotspot_list
 WHERE kommun = '0188' AND cycle @> timestamptz '2026-09-01 12:00+02' + :d * interval '1 day' ORDER BY rank;
COMMIT;
