-- est demo: Norrtälje (0188), two years of weekly EST cycles made by the project's own generator
-- (demo/generator.sql with the spec demo/norrtalje.json), then the meeting's agenda straight from
-- the views. Run by `make demo` (tools/demo.sh) in a throwaway cluster; psql variable munis_file
-- names ../shared/data/swedish_municipalities.geojson when it is there (the real kommun outline),
-- otherwise a generated circle stands in. Everything random is seeded: every run prints the same.
\set ON_ERROR_STOP on
\pset footer off
SET client_min_messages = warning;
SET TimeZone = 'Europe/Stockholm';
SET DateStyle = 'ISO, YMD';
CREATE EXTENSION IF NOT EXISTS est CASCADE;
\ir generator.sql

\set spec `cat demo/norrtalje.json`
\if :{?munis_file}
\set munis `cat :munis_file`
SELECT jsonb_set((:'spec')::jsonb, '{boundary}', f->'geometry') AS spec
  FROM jsonb_array_elements((:'munis')::jsonb->'features') f
 WHERE f->'properties'->>'id' = '0188' \gset
\echo 'Kommun outline: Norrtälje from ../shared/data/swedish_municipalities.geojson'
\else
\echo 'Kommun outline: ../shared/data is absent, so a generated 40 km circle stands in for Norrtälje kommun'
\endif

\echo 'Generating two years of weekly cycles (reports due Tuesday 13:00, meeting Wednesday 15:00) ...'
SELECT kommun, localities, reporters, incidents AS "reports", police AS "police notices", rounds AS "reporting rounds",
	   first_cycle::date AS "first cycle", last_cycle::date AS "up to"
  FROM est_demo.generate(:'spec');

\ir actions.sql

\echo 'Refreshing the situation pictures of the last 52 cycles ...'
SELECT count(*) AS "cycles refreshed", max(hotspots) AS "most hotspot areas"
  FROM est.refresh_pictures('0188', '[2025-11-18 13:00, 2026-11-17 13:00)');

-- the meeting on Wednesday 18 November 2026 reads the cycle that closed on Tuesday at 13:00
\set now '2026-11-17 12:00'

\echo
\echo '== Lägesbild, Norrtälje, cycle 10–17 November 2026 (suggested grades; the meeting decides) =='
SELECT p.locality AS "område", p.incidents AS "händelser", p.incidents_prev AS "förra", p.incidents_last_year AS "i fjol",
	   round(p.baseline::numeric, 1) AS "normalt",
	   CASE WHEN p.change_p < 0.01 THEN '↑↑' WHEN p.change_p < 0.05 THEN '↑' ELSE '' END AS "avvikelse",
	   p.trend_direction AS trend, p.hot_cells AS "heta celler", jsonb_array_length(p.severe_events) AS "allvarliga",
	   p.police AS polis, round(p.coverage::numeric, 2) AS "täckning",
	   p.suggested_grade || ' ' || p.suggested_label_sv AS "förslag",
	   coalesce(p.decided_grade::text, '–') AS beslut, coalesce(p.grade_change, '') AS "ändring",
	   p.open_actions AS "insatser", p.overdue_actions AS "försenade"
  FROM est.situation_picture p
 WHERE p.kommun = '0188' AND p.cycle @> timestamptz :'now'
 ORDER BY est.locality_kind_rank(p.kind), p.locality;

\echo
\echo '== Why: the reasons behind each suggestion =='
SELECT p.locality AS "område", p.suggested_grade AS grad, array_to_string(p.reasons, '; ') AS "skäl"
  FROM est.situation_picture p
 WHERE p.kommun = '0188' AND p.cycle @> timestamptz :'now' AND p.kind = 'tätort'
 ORDER BY p.locality;

\echo
\echo '== Severe events of the cycle (no personal data) =='
SELECT e->>'label_sv' AS "händelse", e->>'place' AS plats, e->>'locality' AS "område",
	   to_char((e->>'occurred_from')::timestamptz, 'Dy DD Mon HH24:MI') AS "när"
  FROM est.situation_picture p, jsonb_array_elements(p.severe_events) e
 WHERE p.kommun = '0188' AND p.cycle @> timestamptz :'now' AND p.kind = 'kommun'
 ORDER BY (e->>'occurred_from')::timestamptz;

\echo
\echo '== Hotspot list =='
SELECT h.rank AS nr, h.name AS plats, h.status, to_char(lower(h.first_seen), 'YYYY-MM-DD') AS "först",
	   to_char(lower(h.last_seen), 'YYYY-MM-DD') AS "senast", h.cycles_active AS cykler,
	   coalesce(h.emerging, '') AS "mönster", h.incidents AS "händelser 26 v", h.incidents_now AS "denna cykel",
	   (SELECT string_agg(c->>'label_sv', ', ') FROM jsonb_array_elements(h.categories) c) AS "vanligast",
	   h.trend_direction AS trend
  FROM est.hotspot_list h
 WHERE h.kommun = '0188' AND h.cycle @> timestamptz :'now'
 ORDER BY h.rank;

\echo
\echo '== Actions (insatser) and their follow-up =='
SELECT a.id, a.description AS insats, l.name AS "område", a.status, a.started AS start, a.due AS klar,
	   (SELECT f.note FROM est.follow_up f WHERE f.kommun = a.kommun AND f.action_id = a.id
		 ORDER BY f.noted_on DESC, f.id DESC LIMIT 1) AS "senaste uppföljning"
  FROM est.action a JOIN est.locality l ON l.kommun = a.kommun AND l.id = a.locality_id
 WHERE a.kommun = '0188' ORDER BY a.id;

\echo
\echo '== Effect of the action at Societetsparken (8 weeks before / after, 200 m buffer) =='
SELECT e.target_before AS "före", e.target_after AS "efter", e.buffer_before AS "buffert före",
	   e.buffer_after AS "buffert efter", e.control_before AS "kontroll före", e.control_after AS "kontroll efter",
	   round(e.wdq::numeric, 2) AS wdq, e.interpretation AS "tolkning"
  FROM est.action a, est.action_effect(a.kommun, a.id, '8 weeks', '8 weeks', 200) e
 WHERE a.kommun = '0188' AND a.description LIKE 'Belysning%';

\echo
\echo '== Tertial analysis 2026T2 (May–August): the priority list for the next tertial =='
SELECT t.priority AS prio, t.locality AS "område", t.incidents AS "händelser", t.incidents_prev AS "T1",
	   t.incidents_last_year AS "2025T2", round(t.p_prev::numeric, 3) AS "p mot T1", t.trend_direction AS trend,
	   t.highest_grade AS "högsta", round(t.mean_grade::numeric, 1) AS "medel",
	   (ARRAY['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'])[t.peak_weekday] || ' ' || lpad(t.peak_hour::text, 2, '0') || ':00' AS "topp",
	   jsonb_array_length(t.hotspots) AS "hotspots", jsonb_array_length(t.actions) AS "insatser",
	   round(t.coverage::numeric, 2) AS "täckning"
  FROM est.tertial_analysis('0188', '2026T2') t
 ORDER BY t.priority NULLS FIRST, t.locality;

\echo
\echo '== The published lägesbild (est.report, markdown; also html and json, Swedish or English) =='
\pset format unaligned
\pset tuples_only on
SELECT est.report('0188', :'now', 'markdown');
\pset format aligned
\pset tuples_only off
