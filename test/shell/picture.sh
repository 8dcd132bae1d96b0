#!/usr/bin/env bash
# Scenario tests of the situation picture, hotspot list, tertial analysis and actions on the
# generated Norrtälje data (demo/generator.sql + demo/norrtalje.json + demo/actions.sql), run
# inside pg_virtualenv by tools/server-tests.sh. Prints TAP. The expectations are the scenarios the
# generator injects (documented in demo/norrtalje.json), not values read back from est:
#  - a new hotspot near Rimbo's station in the last six cycles, a persistent one at Norrtälje's bus
#    station, one at Societetsparken that fades after the action started on 26 August 2026;
#  - Rimbo's suggested grade at 4 or more in the scenario's last cycles;
#  - the action's effect shows the reduction at Societetsparken;
#  - the silent Hallstavik cycle (half its reporters silent) carries the coverage caveat;
#  - a concurrent refresh leaves the rows a reader sees unchanged.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
is()  { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "'$2', expected '$3'"; fi; }
db=est_sh_picture
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@" 2>&1; }

setup=$(cd demo && psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
\i generator.sql
\set spec `cat norrtalje.json`
SELECT * FROM est_demo.generate(:'spec') \g /dev/null
\i actions.sql
SELECT count(*) FROM est.refresh_pictures('0188', '[2026-04-01 00:00+02, 2026-11-17 13:00+01)');
SQL
)
is "the generated municipality loads and its 33 cycles from April refresh" "$(echo "$setup" | tail -1)" "33"

now="'2026-11-17 12:00+01'"	# in the last cycle, [10 Nov 13:00, 17 Nov 13:00) Swedish time

# ---- hotspot list
is "Rimbo's station area is on the list as a new hotspot, first seen in the scenario's first cycle (6 Oct)" \
   "$(q -c "SELECT status || ' ' || lower(first_seen)::date || ' ' || hot_now FROM est.hotspot_list
			 WHERE kommun = '0188' AND cycle @> timestamptz $now AND 'Stationsområdet' = ANY (places) AND name LIKE 'Rimbo%'")" \
   "new 2026-10-06 true"
is "emerging hot-spot analysis gives Rimbo's new place a consecutive hot-spot pattern (hot in its last cycles only)" \
   "$(q -c "SELECT emerging FROM est.hotspot_list
			 WHERE kommun = '0188' AND cycle @> timestamptz $now AND 'Stationsområdet' = ANY (places) AND name LIKE 'Rimbo%'")" \
   "consecutive hot spot"
is "and it enters Rimbo's assessment as an emerging hot spot reason" \
   "$(q -c "SELECT (p.indicators).emerging_hot > 0 AND p.contributions::text LIKE '%emerging%' FROM est.picture_store p JOIN est.locality l ON l.id = p.locality_id
			 WHERE p.kommun = '0188' AND p.cycle @> timestamptz $now AND l.name = 'Rimbo'")" "t"
is "Norrtälje's bus station is a persistent hotspot, hot through the whole look-back window" \
   "$(q -c "SELECT status || ' ' || (cycles_active >= 20) FROM est.hotspot_list
			 WHERE kommun = '0188' AND cycle @> timestamptz $now AND places[1] = 'Busstationen'")" \
   "persistent true"
is "Societetsparken was persistent before the action, fading after it, gone in the last cycle" \
   "$(q -c "SELECT string_agg(DISTINCT status, ',' ORDER BY status) FILTER (WHERE lower(cycle) < '2026-08-25') || ' | ' ||
				   string_agg(DISTINCT status, ',' ORDER BY status) FILTER (WHERE lower(cycle) BETWEEN '2026-09-16' AND '2026-10-06') || ' | ' ||
				   string_agg(status, ',') FILTER (WHERE cycle @> timestamptz $now)
			  FROM est.hotspot_list WHERE kommun = '0188' AND 'Societetsparken' = ANY (places) AND lower(cycle) >= '2026-07-01'")" \
   "persistent | fading | gone"
is "no hotspot area appears at Hallstavik in the last cycle (its data is background noise)" \
   "$(q -c "SELECT count(*) FROM est.hotspot_list WHERE kommun = '0188' AND cycle @> timestamptz $now AND name LIKE 'Hallstavik%' AND hot_now")" "0"

# ---- grades
is "Rimbo's suggested grade is 4 or more in each of the scenario's last four cycles" \
   "$(q -c "SELECT count(*) FILTER (WHERE suggested_grade >= 4) || '/' || count(*) FROM est.situation_picture
			 WHERE kommun = '0188' AND locality = 'Rimbo' AND lower(cycle) >= '2026-10-20'")" "4/4"
is "and 1–2 in the quiet cycles before the scenario began" \
   "$(q -c "SELECT max(suggested_grade) <= 3 FROM est.situation_picture
			 WHERE kommun = '0188' AND locality = 'Rimbo' AND lower(cycle) BETWEEN '2026-08-01' AND '2026-09-29'")" "t"
is "Rimbo's change is flagged: severe events listed with place and time and no personal data" \
   "$(q -c "SELECT jsonb_array_length(severe_events) >= 3, (SELECT bool_and(NOT (e ? 'description') AND NOT (e ? 'reporter') AND e ? 'place')
			  FROM jsonb_array_elements(severe_events) e) FROM est.situation_picture
			 WHERE kommun = '0188' AND locality = 'Rimbo' AND cycle @> timestamptz $now")" "t|t"

# ---- coverage
is "the silent Hallstavik cycle (13–20 Oct) carries the coverage caveat for Hallstavik, where its reporters are assigned, and nowhere else" \
   "$(q -c "SELECT string_agg(locality, ',' ORDER BY locality) FROM est.situation_picture
			 WHERE kommun = '0188' AND cycle @> timestamptz '2026-10-14 12:00+02' AND coverage_caveat")" "Hallstavik"
is "its coverage is about half (8 of 15 reporters silent: coverage below 0.5)" \
   "$(q -c "SELECT coverage < 0.5 AND coverage > 0.3 FROM est.situation_picture
			 WHERE kommun = '0188' AND cycle @> timestamptz '2026-10-14 12:00+02' AND locality = 'Hallstavik'")" "t"
is "the caveat is among the reasons, in Swedish" \
   "$(q -c "SELECT bool_or(r LIKE '%rapportör%') FROM est.situation_picture, unnest(reasons) r
			 WHERE kommun = '0188' AND cycle @> timestamptz '2026-10-14 12:00+02' AND locality = 'Hallstavik'")" "t"

# ---- decisions and actions
is "the overruled Hallstavik decision shows with its motivation, and the grade went up from the cycle before" \
   "$(q -c "SELECT decided_grade || ' ' || suggested_grade || ' ' || grade_change || ' ' || (motivation LIKE 'Hälften%')
			 FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz '2026-10-14 12:00+02' AND locality = 'Hallstavik'")" \
   "2 1 up true"
is "Rimbo's station action is open and overdue in the current picture (due 11 Nov)" \
   "$(q -c "SELECT open_actions || ' ' || overdue_actions || ' ' || (actions->0->>'overdue')
			 FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz $now AND locality = 'Rimbo centrum'")" "1 1 true"
is "the Societetsparken action is no longer open once finished" \
   "$(q -c "SELECT open_actions FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz $now AND locality = 'Norrtälje'")" "0"
is "the action's effect shows the reduction in the target area (8 weeks before / after)" \
   "$(q -c "SELECT e.target_after < e.target_before * 0.7 FROM est.action a, est.action_effect(a.kommun, a.id, '8 weeks', '8 weeks', 200) e
			 WHERE a.kommun = '0188' AND a.description LIKE 'Belysning%'")" "t"

# ---- tertial analysis
is "the tertial analysis of 2026T3 ranks Rimbo and Norrtälje (new and persistent hotspots) above Hallstavik and Flygfältet" \
   "$(q -c "SELECT max(priority) FILTER (WHERE locality IN ('Rimbo', 'Rimbo centrum', 'Norrtälje', 'Norrtälje centrum'))
				   < min(priority) FILTER (WHERE locality IN ('Hallstavik', 'Hallstavik centrum', 'Flygfältet'))
			  FROM est.tertial_analysis('0188', '2026T3')")" "t"
is "it lists the Societetsparken action with its effect under Norrtälje" \
   "$(q -c "SELECT a->>'description' LIKE 'Belysning%' AND (a->>'target_after')::int < (a->>'target_before')::int
			 FROM est.tertial_analysis('0188', '2026T3') t, jsonb_array_elements(t.actions) a WHERE t.locality = 'Norrtälje'")" "t"
is "its totals match a direct count of the approved incidents of the tertial in the tätort" \
   "$(q -c "SELECT t.incidents = (SELECT count(*) FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id
									WHERE i.kommun = '0188' AND (l.name = 'Rimbo' OR l.parent_id = t.locality_id)
									  AND est.tertial(lower(i.occurred), 'Europe/Stockholm')::text = '2026-T3'
									  AND i.review_status = 'approved')
			 FROM est.tertial_analysis('0188', '2026T3') t WHERE t.locality = 'Rimbo'")" "t"
is "the weekday × hour peak of Rimbo in 2026T3 falls on a Friday or Saturday evening (the scenario's nights)" \
   "$(q -c "SELECT peak_weekday IN (5, 6, 7) AND (peak_hour >= 18 OR peak_hour <= 1) FROM est.tertial_analysis('0188', '2026T3') WHERE locality = 'Rimbo'")" "t"

# ---- concurrent refresh: a reader sees the same rows before, during and after
content="SELECT md5(string_agg((p.*)::text, '|' ORDER BY locality_id)) FROM (SELECT locality_id, incidents, categories,
		 suggested_grade, reasons, hot_cells, severe_events, coverage, decided_grade, open_actions
		 FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz $now) p"
before=$(q -c "$content")
rfile=$(mktemp)
psql -X -q -At -d "$db" > "$rfile" 2>&1 <<SQL &
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz $now;
SELECT pg_sleep(1);
SELECT count(*) FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz $now;
COMMIT;
SQL
sleep 0.3
refreshed=$(q -c "SELECT localities FROM est.refresh_picture('0188', $now)")
wait
reader=$(cat "$rfile"); rm -f "$rfile"
is "the refresh replaced the cycle's 8 rows while a reader was in a transaction" "$refreshed" "8"
is "the reader saw all 8 localities both times" "$(echo "$reader" | grep -v '^$' | tr '\n' ' ')" "8 8 "
is "after the refresh the picture has the same content (ids and refresh time aside)" "$(q -c "$content")" "$before"

# ---- the published lägesbild and the GeoJSON of the picture (module publish)
md=$(q -c "SELECT est.report('0188', $now)")
is "the report has a section per tätort with its decided grade" \
   "$(echo "$md" | grep '^## ' | sed 's/,.*//' | tr '\n' '|')" "## Hallstavik — 1 – Normalläge|## Norrtälje — 4 – Allvarligt|## Rimbo — 5 – Mycket allvarligt|"
is "Rimbo's new hotspot and its overdue action are in it" \
   "$(echo "$md" | grep -c 'Rimbo centrum: Stationsområdet, Rimbo torg (ny sedan 2026-10-06)\|försenad')" "2"
is "no count below the threshold appears, and none that secondary suppression withholds (Rimbo's 11, given Rimbo centrum's 10)" \
   "$(echo "$md" | grep -c 'rapporterade händelser')|$(echo "$md" | grep -c 'visas inte (små tal skyddas)')" "1|2"
is "the English report says the same (new since, overdue, and the two withheld counts)" \
   "$(q -c "SELECT est.report('0188', $now, 'markdown', 'en')" | grep -c 'new since 2026-10-06\|overdue\|withheld')" "4"
is "the html report escapes text and has one article" \
   "$(q -c "SELECT ((r LIKE '<article class=\"est-report\" lang=\"sv\">%</article>') AND r NOT LIKE '%<script%')::text || '|' || (length(r) - length(replace(r, '<section>', ''))) / 9 FROM est.report('0188', $now, 'html') r")" "true|3"
is "the json report is the document: three tätorter with grade, colour, hotspots and actions" \
   "$(q -c "SELECT jsonb_array_length(d->'localities') || ' ' || (d->'localities'->2->>'colour') || ' ' || jsonb_array_length(d->'localities'->2->'actions') FROM (SELECT est.report('0188', $now, 'json')::jsonb AS d) x")" "3 #C62828 1"
is "an unknown format is refused (22023); a cycle not refreshed is refused (55000)" \
   "$(q -c "SELECT est.report('0188', $now, 'pdf')" | grep -c 'unknown format')|$(q -c "SELECT est.report('0188', '2026-01-05 12:00+01')" | grep -c 'not refreshed')" "1|1"
is "est._html escapes & < > \" and '" \
   "$(q -c "SELECT est._html('<b a=\"1\">&''</b>')")" "&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;"
is "GeoJSON of the situation picture: one Feature per locality, in WGS84 longitude/latitude" \
   "$(q -c "SELECT jsonb_array_length(g->'features') || ' ' || (g->'features'->0->'geometry'->>'type') || ' ' || ((g->'features'->0->'geometry'->'coordinates'->0->0->0->>0)::float8 BETWEEN 17 AND 20) FROM (SELECT est.geojson_situation_picture('0188', $now) g) x")" "8 MultiPolygon true"
is "GeoJSON of the hotspot list: one Feature per area, with name and status" \
   "$(q -c "SELECT jsonb_array_length(g->'features') = (SELECT count(*) FROM est.hotspot_list WHERE kommun = '0188' AND cycle @> timestamptz $now) AND (g->'features'->0->'properties' ? 'status') FROM (SELECT est.geojson_hotspot_list('0188', $now) g) x")" "t"

dropdb "$db" >/dev/null 2>&1
echo "1..$n"
[ "$fails" -eq 0 ]
