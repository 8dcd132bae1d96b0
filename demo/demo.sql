-- est demo: Norrtälje (0188) through 2025, generated reports on real geography.
-- Run by `make demo` (tools/demo.sh) in a throwaway cluster. The municipal boundary comes
-- from ../shared/data/swedish_municipalities.geojson when psql variable munis_file is set;
-- otherwise a generated circle stands in and the output says so. Everything random is
-- seeded, so the printed picture is the same on every run.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;
SET TimeZone = 'Europe/Stockholm';
SET DateStyle = 'ISO, YMD';
CREATE EXTENSION IF NOT EXISTS est CASCADE;

-- ---------------------------------------------------------------- municipalities
\if :{?munis_file}
\set munis `cat :munis_file`
CREATE TEMP TABLE kommun_src AS
SELECT f->'properties'->>'id' AS kommun, f->'properties'->>'kom_namn' AS name,
       ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326) AS geom
  FROM jsonb_array_elements((:'munis')::jsonb->'features') f;
\echo 'boundary: Norrtälje from ../shared/data/swedish_municipalities.geojson (all 290 municipalities registered)'
\else
CREATE TEMP TABLE kommun_src AS
SELECT '0188'::text AS kommun, 'Norrtälje'::text AS name,
       ST_Transform(ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint(18.70, 59.85), 4326), 3006), 45000), 4326) AS geom;
\echo 'boundary: ../shared/data is absent, so a generated 45 km circle stands in for Norrtälje kommun'
\endif

INSERT INTO est.municipality (kommun, name) SELECT kommun, name FROM kommun_src;
-- Norrtälje's EST cadence: reports due Tuesday 13:00, lägesbild meeting Wednesday 15:00
UPDATE est.municipality SET cycle_length = 'weekly', cycle_anchor = '2025-01-07', cycle_cutoff = '13:00',
       meeting_offset = '1 day 2 hours' WHERE kommun = '0188';

-- ---------------------------------------------------------------- localities
INSERT INTO est.locality (kommun, kind, name, code_system, code, geom)
SELECT kommun, 'kommun', name || ' kommun', 'kommunkod', kommun, ST_MakeValid(geom) FROM kommun_src WHERE kommun = '0188';

CREATE TEMP TABLE town (name text, lon float8, lat float8, radius float8, parent text);
INSERT INTO town VALUES
	('Norrtälje', 18.7005, 59.7580, 2200, NULL), ('Rimbo', 18.3640, 59.7450, 1500, NULL),
	('Hallstavik', 18.5985, 60.0530, 1500, NULL),
	('Norrtälje centrum', 18.7020, 59.7590, 500, 'Norrtälje'), ('Rimbo station', 18.3700, 59.7470, 400, 'Rimbo');

INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0188', k.id, 'tätort', t.name,
       ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), 3006), t.radius)
  FROM town t, est.locality k WHERE t.parent IS NULL AND k.kommun = '0188' AND k.kind = 'kommun';
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0188', p.id, 'område', t.name,
       ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), 3006), t.radius)
  FROM town t JOIN est.locality p ON p.kommun = '0188' AND p.name = t.parent;

-- ---------------------------------------------------------------- organisations and reporters
INSERT INTO est.organisation (kommun, name, kind) VALUES
	('0188', 'Trygg i Norrtälje kommun', 'kommun'), ('0188', 'Norrtäljehem', 'bostadsbolag'),
	('0188', 'Polisen Norrtälje', 'polis'), ('0188', 'Räddningstjänsten Norrtälje', 'räddningstjänst'),
	('0188', 'Handlarna i centrum', 'näringsliv');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id, active)
SELECT '0188', left(t.name, 1) || '-' || lpad(g::text, 2, '0'),
       (SELECT id FROM est.organisation o WHERE o.kommun = '0188' ORDER BY o.id OFFSET (g % 5) LIMIT 1),
       daterange('2024-06-01', NULL)
  FROM town t, generate_series(1, CASE t.name WHEN 'Norrtälje' THEN 15 ELSE 8 END) g
 WHERE t.parent IS NULL;

-- ---------------------------------------------------------------- incidents, 2025
SELECT setseed(0.2025) \g /dev/null
CREATE TEMP TABLE gen AS
WITH spec (town, category, n, months, weekend) AS (VALUES
	-- background through the year
	('Norrtälje', 'skadegorelse.klotter', 70, NULL::int[], true),
	('Norrtälje', 'skadegorelse.glaskross', 30, NULL, true),
	('Norrtälje', 'samling.ungdomar', 40, NULL, true),
	('Norrtälje', 'ordningsstorande.narkotika', 12, NULL, false),
	('Norrtälje', 'otrygg_plats.belysning', 15, ARRAY[1, 2, 10, 11, 12], false),
	('Rimbo', 'skadegorelse.klotter', 25, NULL, true),
	('Rimbo', 'samling.berusade', 20, NULL, true),
	('Hallstavik', 'skadegorelse.annan', 15, NULL, false),
	('Hallstavik', 'ordningsstorande.olovlig_trafik', 25, ARRAY[4, 5, 6, 7, 8, 9], false),
	-- what the lägesbild should notice: a spring wave of damage in Norrtälje centrum,
	-- and youth gatherings with car fires around Rimbo station in late summer
	('Norrtälje centrum', 'skadegorelse.glaskross', 35, ARRAY[3, 4, 5], true),
	('Norrtälje centrum', 'skadegorelse.klotter', 30, ARRAY[4, 5], true),
	('Rimbo station', 'samling.ungdomar', 30, ARRAY[7, 8], true),
	('Rimbo station', 'skadegorelse.bilbrand', 6, ARRAY[8, 9], true))
SELECT s.category, l.kommun, l.geom AS area, s.weekend, s.months, g AS k, s.town
  FROM spec s
  JOIN est.locality l ON l.kommun = '0188' AND l.name = s.town,
  generate_series(1, s.n) g;

CREATE TEMP TABLE gen_timed AS
SELECT g.*, d + (interval '1 hour' * CASE WHEN weekend THEN 18 + floor(random() * 7) ELSE 8 + floor(random() * 12) END)
			  + interval '1 minute' * floor(random() * 60) AS t0,
       random() AS r_window, random() AS r_delay, row_number() OVER () AS rn
  FROM gen g,
  LATERAL (SELECT day::date AS d
			 FROM generate_series(date '2025-01-01', date '2025-12-31', interval '1 day') day
			WHERE (g.months IS NULL OR extract(month FROM day)::int = ANY (g.months))
			  AND (NOT g.weekend OR extract(isodow FROM day) IN (5, 6))
			ORDER BY random() + g.k * 0 LIMIT 1) pick;

INSERT INTO est.incident (kommun, category, source, occurred, reported_at, geom, reporter_id, external_id, description)
SELECT g.kommun, g.category, 'rapportör',
       -- klotter and broken glass are often found afterwards: a window, not an instant
       CASE WHEN g.category IN ('skadegorelse.klotter', 'skadegorelse.glaskross') AND g.r_window < 0.6
			THEN tstzrange(g.t0, g.t0 + interval '1 hour' * (6 + floor(g.r_window * 40)), '[]')
			ELSE tstzrange(g.t0, g.t0, '[]') END,
       g.t0 + interval '1 hour' * (7 + floor(g.r_delay * 40)),
       (SELECT (ST_Dump(ST_GeneratePoints(g.area, 1, g.rn::int))).geom),
       (SELECT r.id FROM est.reporter r WHERE r.kommun = '0188' AND left(r.pseudonym, 1) = left(g.town, 1)
		 ORDER BY r.id OFFSET (g.rn % 8) LIMIT 1),
       'demo-' || g.rn, NULL
  FROM gen_timed g;

-- police notices: the API gives only the kommun centre, so they belong to the kommun as a whole
INSERT INTO est.incident (kommun, category, source, occurred, reported_at, geom, location_precision, external_id)
SELECT '0188', p.category, 'polis', tstzrange(t, t, '[]'), t + interval '40 minutes',
       ST_SetSRID(ST_MakePoint(18.8397, 59.7885), 4326), 'kommun', 'polis-' || g
  FROM generate_series(1, 60) g,
  LATERAL (SELECT (ARRAY['polisanmalt_brott.vald', 'polisanmalt_brott.stold', 'polisanmalt_brott.narkotika',
						 'polisanmalt_brott.skadegorelse'])[1 + g % 4] AS category,
				  timestamptz '2025-01-01 00:00' + interval '1 day' * floor(random() * 364) + interval '1 hour' * (g % 24) AS t) p;

-- two reports from a boat trip: outside every locality, kept and flagged
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id) VALUES
	('0188', 'ovrigt', '[2025-07-12 14:00, 2025-07-12 14:00]', '2025-07-12 18:00', 'SRID=4326;POINT(19.60 59.90)', 'demo-sea-1'),
	('0188', 'ovrigt', '[2025-07-19 15:00, 2025-07-19 15:00]', '2025-07-19 18:00', 'SRID=4326;POINT(19.65 59.85)', 'demo-sea-2');

-- ---------------------------------------------------------------- reporting rounds
-- every reporter checks in for most weekly cycles; some cycles they stay silent
INSERT INTO est.reporting_round (kommun, reporter_id, cycle, nothing_to_report, submitted_at)
SELECT r.kommun, r.id, tstzrange(c.starts, c.ends, '[)'),
       NOT EXISTS (SELECT 1 FROM est.incident i WHERE i.kommun = r.kommun AND i.reporter_id = r.id
					 AND i.reported_at >= c.starts AND i.reported_at < c.ends),
       c.ends - interval '3 hours'
  FROM est.reporter r, est.cycles('0188', '[2025-01-07 13:00, 2025-12-30 13:00)') c
 WHERE r.kommun = '0188' AND c.starts >= '2025-01-07 13:00' AND random() < 0.82;

-- ---------------------------------------------------------------- the picture
\echo
-- each incident counts for its locality and every locality above it (a tätort's picture
-- includes its områden; the kommun's includes everything, police notices too)
CREATE TEMP VIEW incident_in AS
WITH RECURSIVE up (kommun, id, locality_id) AS (
	SELECT i.kommun, i.id, i.locality_id FROM est.incident i
	 WHERE i.locality_id IS NOT NULL AND i.review_status = 'approved'
	UNION ALL
	SELECT up.kommun, up.id, l.parent_id FROM up
	  JOIN est.locality l ON l.kommun = up.kommun AND l.id = up.locality_id
	 WHERE l.parent_id IS NOT NULL)
SELECT i.*, l.name AS locality, l.kind AS locality_kind, c.parent AS main
  FROM up JOIN est.incident i ON i.kommun = up.kommun AND i.id = up.id
  JOIN est.locality l ON l.kommun = up.kommun AND l.id = up.locality_id
  JOIN est.category c ON c.code = i.category;

\echo '== Norrtälje 2025: incidents per locality and tertial (each area includes the areas inside it) =='
SELECT locality, est.tertial(lower(occurred), 'Europe/Stockholm')::text AS tertial,
	   count(*) FILTER (WHERE main = 'skadegorelse') AS "skadegörelse",
	   count(*) FILTER (WHERE main = 'samling') AS samling,
	   count(*) FILTER (WHERE main IN ('ordningsstorande', 'otrygg_plats')) AS "ordning/plats",
	   count(*) FILTER (WHERE main = 'polisanmalt_brott') AS polis,
	   count(*) FILTER (WHERE severity = 3) AS allvarliga,
	   count(*) AS totalt,
	   count(*) - lag(count(*)) OVER (PARTITION BY locality ORDER BY est.tertial(lower(occurred), 'Europe/Stockholm')) AS "förändring"
  FROM incident_in
 GROUP BY locality, locality_kind, est.tertial(lower(occurred), 'Europe/Stockholm')
 ORDER BY est.locality_kind_rank(locality_kind), locality, 2;

\echo
\echo '== The last five weekly cycles of 2025 (deadline Tuesday 13:00, meeting Wednesday 15:00) =='
SELECT c.label AS cycle, to_char(c.meeting_at, 'Dy DD Mon HH24:MI') AS meeting,
	   count(i.id) FILTER (WHERE i.locality = 'Norrtälje') AS "Norrtälje",
	   count(i.id) FILTER (WHERE i.locality = 'Rimbo') AS "Rimbo",
	   count(i.id) FILTER (WHERE i.locality = 'Hallstavik') AS "Hallstavik",
	   count(i.id) FILTER (WHERE i.locality_kind = 'kommun' AND i.severity = 3) AS allvarliga,
	   (SELECT count(*) FROM est.reporting_round rr WHERE rr.kommun = '0188' AND rr.cycle = tstzrange(c.starts, c.ends, '[)'))
		 || ' of ' || (SELECT count(*) FROM est.reporter r WHERE r.kommun = '0188') AS "reporters in",
	   (SELECT count(*) FROM est.reporting_round rr WHERE rr.kommun = '0188' AND rr.cycle = tstzrange(c.starts, c.ends, '[)')
		   AND rr.nothing_to_report) AS "nothing to report"
  FROM est.cycles('0188', '[2025-11-25 13:00, 2025-12-30 13:00)') c
  LEFT JOIN incident_in i ON i.kommun = '0188' AND i.reported_at >= c.starts AND i.reported_at < c.ends
 WHERE c.ends <= '2025-12-30 13:00'
 GROUP BY c.seq, c.label, c.meeting_at, c.starts, c.ends
 ORDER BY c.seq;

\echo
\echo '== Suggested grades for the cycle of the meeting on Wednesday 14 May 2025 (the meeting decides) =='
SELECT a.locality, a.incidents AS "händelser", a.grade AS grad, g.label_sv AS "nivå", round(a.confidence::numeric, 2) AS "säkerhet",
	   array_to_string(a.reasons, '; ') AS "skäl"
  FROM est.assess_localities('0188', '2025-05-08 12:00') a
  JOIN est.grade_scale('0188') g ON g.grade = a.grade
 ORDER BY est.locality_kind_rank(a.kind), a.locality;

\echo
\echo '== Data quality =='
SELECT object, problem, count(*) FROM est.data_quality GROUP BY 1, 2 ORDER BY 1, 2;
