#!/usr/bin/env bash
# Benchmark: the action module on a municipality of 20 tätorter with 2 years of data
# (~42 000 incidents) and 200 actions (10 per tätort, 300 m target squares) with 3 follow-ups
# each. Printed next to peers measured in the same run:
#   est.actions_at (open/overdue of all 200 as of a day)  vs  a plain query over est.action with
#     the latest follow-up per action (DISTINCT ON), the same columns;
#   est.action_effect (one action, 6 + 6 months, 200 m)  vs  a plain count of the same incidents
#     in the target square alone (one zone, no buffer or control).
set -euo pipefail
db=est_bench_action
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
SELECT setseed(0.5) \g /dev/null
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Bench');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'kommun', 'Bench kommun', ST_MakeEnvelope(600000, 6500000, 700000, 6600000, 3006));
INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
SELECT '0188', (SELECT id FROM est.locality WHERE kind = 'kommun'), 'tätort', 'T' || t,
	   ST_MakeEnvelope(600000 + t * 4000, 6500000, 603000 + t * 4000, 6503000, 3006)
  FROM generate_series(0, 19) t;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0188', (ARRAY['skadegorelse.klotter', 'skadegorelse.glaskross', 'samling.ungdomar', 'ordningsstorande.narkotika'])[1 + (g % 4)],
	   tstzrange(t, t, '[]'), t + interval '2 hours',
	   ST_SetSRID(ST_MakePoint(600000 + floor(random() * 20) * 4000 + 100 + random() * 2800, 6500100 + random() * 2800), 3006)
  FROM generate_series(1, 42000) g,
	   LATERAL (SELECT timestamptz '2024-01-01 00:00+01' + random() * interval '730 days' + g * interval '0' AS t) x;
INSERT INTO est.organisation (kommun, name, kind) VALUES ('0188', 'Kommunen', 'kommun');
INSERT INTO est.action (kommun, locality_id, target_area, target_categories, description, owner_organisation_id, started, due, status, created_at)
SELECT '0188', l.id, ST_MakeEnvelope(x, y, x + 300, y + 300, 3006), (ARRAY['{skadegorelse}', '{samling}'])[1 + (k % 2)]::text[],
	   'Insats ' || l.name || '-' || k, (SELECT id FROM est.organisation), s, s + 30 + (k % 3) * 15, 'active', s - 7
  FROM est.locality l, generate_series(1, 10) k,
	   LATERAL (SELECT ST_XMin(l.geom) + 200 + random() * 2300 + k * 0 AS x, 6500200 + random() * 2300 AS y,
					   date '2024-07-01' + (random() * 365)::int AS s) r
 WHERE l.kind = 'tätort';
INSERT INTO est.follow_up (kommun, action_id, noted_on, status, note)
SELECT '0188', a.id, a.started + f * 20, CASE WHEN f = 3 THEN 'finished' ELSE 'active' END, 'uppföljning ' || f
  FROM est.action a, generate_series(1, 3) f ORDER BY f;
ANALYZE;
SQL
best() {
  local b=""
  for _ in 1 2 3 4 5; do
    ms=$(psql -X -q -d "$db" -c '\timing on' -c "$1" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    if [ -z "$b" ] || awk -v a="$ms" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$ms; fi
  done
  echo "$b"
}
ratio() { awk -v e="$1" -v p="$2" 'BEGIN{printf "%.1f", e/p}'; }
at="'2025-03-01 12:00+01'"
n=$(psql -X -At -d "$db" -c "SELECT count(*) || ' actions, ' || count(*) FILTER (WHERE open) || ' open, ' || count(*) FILTER (WHERE overdue) || ' overdue' FROM est.actions_at('0188', $at)")
e=$(best "SELECT * FROM est.actions_at('0188', $at)")
p=$(best "SELECT a.kommun, a.id, a.locality_id, a.status, a.started, a.due, a.ended, a.ended IS NULL AS open, a.ended IS NULL AND a.due < date '2025-03-01' AS overdue, f.noted_on, f.status
  FROM est.action a LEFT JOIN (SELECT DISTINCT ON (action_id) action_id, noted_on, status FROM est.follow_up WHERE kommun = '0188' AND noted_on <= date '2025-03-01' ORDER BY action_id, noted_on DESC, id DESC) f ON f.action_id = a.id
 WHERE a.kommun = '0188'")
printf 'actions_at (%s): est %.1f ms   plain query %.1f ms   ratio est/plain %s\n' "$n" "$e" "$p" "$(ratio "$e" "$p")"
id=$(psql -X -At -d "$db" -c "SELECT min(id) FROM est.action")
c=$(psql -X -At -d "$db" -c "SELECT concat_ws(' ', 'Rb', target_before, 'Ra', target_after, 'Db', buffer_before, 'Da', buffer_after, 'Cb', control_before, 'Ca', control_after) FROM est.action_effect('0188', $id, '6 months', '6 months', 200)")
e=$(best "SELECT * FROM est.action_effect('0188', $id, '6 months', '6 months', 200)")
p=$(best "SELECT count(*) FROM est.incident i, est.action a WHERE a.kommun = '0188' AND a.id = $id AND i.kommun = a.kommun AND i.location_precision = 'point' AND i.review_status = 'approved'
  AND split_part(i.category, '.', 1) = ANY (a.target_categories) AND ST_Covers(a.target_area, i.geom)
  AND lower(i.occurred) >= (a.started - interval '6 months')::timestamp AT TIME ZONE 'Europe/Stockholm' AND lower(i.occurred) < (a.started + interval '6 months')::timestamp AT TIME ZONE 'Europe/Stockholm'")
printf 'action_effect, one action (%s): est %.1f ms   plain count of the target zone only %.1f ms   ratio est/plain %s\n' "$c" "$e" "$p" "$(ratio "$e" "$p")"
e=$(best "SELECT count(e.wdq) FROM est.action a CROSS JOIN LATERAL est.action_effect(a.kommun, a.id, '6 months', '6 months', 200) e")
printf 'action_effect of all 200 actions: est %.1f ms (%.2f ms per action)\n' "$e" "$(awk -v e="$e" 'BEGIN{print e/200}')"
[ -n "${KEEP:-}" ] || dropdb "$db"
