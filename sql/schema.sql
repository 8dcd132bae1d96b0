-- schema: a readable walk through the data model (details and every rule: test/pgtap/schema.sql)
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
\set SHOW_CONTEXT never
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
SELECT kommun, name, time_zone, cycle_length, cycle_anchor, cycle_cutoff, meeting_offset FROM est.municipality;

-- the locality hierarchy: kommun > tätort > område
INSERT INTO est.locality (kommun, kind, name, code_system, code, geom)
VALUES ('0188', 'kommun', 'Norrtälje kommun', 'kommunkod', '0188', ST_MakeEnvelope(690000, 6610000, 720000, 6650000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0188', id, 'tätort', 'Rimbo', ST_MakeEnvelope(690000, 6620000, 692000, 6622000, 3006) FROM est.locality WHERE kind = 'kommun';
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0188', id, 'område', 'Rimbo centrum', ST_MakeEnvelope(690500, 6620500, 691500, 6621500, 3006) FROM est.locality WHERE name = 'Rimbo';
SELECT l.kind, l.name, p.name AS parent, GeometryType(l.geom) AS type, ST_SRID(l.geom) AS srid, l.area_m2
  FROM est.locality l LEFT JOIN est.locality p ON p.kommun = l.kommun AND p.id = l.parent_id ORDER BY l.area_m2 DESC;

-- incidents: an occurrence window, WGS84 input transformed, locality derived
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id, description) VALUES
 ('0188', 'skadegorelse.klotter', '[2024-05-03 18:00+02, 2024-05-06 07:00+02]', '2024-05-06 08:10+02',
  'SRID=3006;POINT(691000 6621000)', 'a', 'Klotter på fasad, helgen'),
 ('0188', 'samling.ungdomar', '[2024-05-04 22:15+02, 2024-05-04 22:15+02]', '2024-05-05 09:00+02',
  'SRID=3006;POINT(691800 6621800)', 'b', NULL),
 ('0188', 'polisanmalt_brott.vald', '[2024-05-04 23:00+02, 2024-05-04 23:00+02]', '2024-05-05 01:00+02',
  'SRID=3006;POINT(703000 6623000)', 'c', NULL),
 ('0188', 'skadegorelse.bilbrand', '[2024-05-05 02:00+02, 2024-05-05 03:00+02]', '2024-05-05 07:00+02',
  'SRID=3006;POINT(500000 6500000)', 'd', NULL);
UPDATE est.incident SET location_precision = 'kommun' WHERE external_id = 'c';
SELECT i.external_id, i.category, i.severity, i.occurred, l.name AS locality, i.outside_locality
  FROM est.incident i LEFT JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id ORDER BY 1;
SELECT kommun, object, problem FROM est.data_quality;

-- errors name what was wrong and say what to do
\set VERBOSITY default
INSERT INTO est.incident (kommun, category, occurred, geom)
VALUES ('0188', 'skadegorelse', '[2024-05-01,2024-05-02]', ST_MakePoint(691000, 6621000));
INSERT INTO est.incident (kommun, category, occurred, geom)
VALUES ('188', 'skadegorelse', '[2024-05-01,2024-05-02]', 'SRID=3006;POINT(691000 6621000)');
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
VALUES ('0188', 'skadegorelse', '[2024-05-02 10:00+02,2024-05-02 12:00+02]', '2024-05-01 09:00+02', 'SRID=3006;POINT(691000 6621000)');
SELECT count(*) AS incidents FROM est.incident;

-- the taxonomy and the police mapping
SELECT code, label_sv, default_severity FROM est.category WHERE level = 1 ORDER BY code;
SELECT coalesce(category, '(' || excluded_reason || ')') AS maps_to, count(*) FROM est.police_event_type GROUP BY 1 ORDER BY 1;

-- leave the database as we found it for the next test file
SET client_min_messages = warning;
TRUNCATE est.municipality CASCADE;
RESET client_min_messages;
