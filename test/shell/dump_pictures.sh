#!/usr/bin/env bash
# Dump and restore of the analysis outputs (issue 7, part 5), run inside pg_virtualenv by
# tools/server-tests.sh. Prints TAP. The generated Norrtälje demo (demo/generator.sql +
# demo/norrtalje.json + demo/actions.sql) with a municipality's own configuration (grade labels and
# colours, assessment rules, publishing threshold, cycle settings) and a decided grade is dumped with
# pg_dump -Fc and restored with pg_restore into a new database. Checked: no error or warning during
# the restore (in particular none of the search_path kind), identical situation pictures, hotspot
# list, tertial analyses, public views and configuration, and a picture refresh after the restore
# (the table-backed counterpart of a materialized-view refresh) that runs without error and gives
# the same rows again. The expected values are the original database's own outputs.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
is()  { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "'$(echo "$2" | head -c 300)', expected '$(echo "$3" | head -c 300)'"; fi; }
src=est_sh_dump_src; dst=est_sh_dump_dst
for db in $src $dst; do dropdb --if-exists "$db" >/dev/null 2>&1; done
createdb $src
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
window="'[2026-09-01 00:00+02, 2026-11-17 13:00+01)'"

setup=$(cd demo && psql -X -q -At -v ON_ERROR_STOP=1 -d $src 2>&1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
\i generator.sql
\set spec \`cat norrtalje.json\`
SELECT * FROM est_demo.generate(:'spec') \g /dev/null
\i actions.sql
-- the municipality's own configuration
INSERT INTO est.grade_level (kommun, grade, label_sv, label_en, colour) VALUES ('0188', 4, 'Oroande', 'Worrying', '#AA5500');
INSERT INTO est.assess_rules (kommun, rules) VALUES ('0188', '{"min_count": 4}');
INSERT INTO est.publish_setting (kommun, suppress_below) VALUES ('0188', 4);
SELECT count(*) FROM est.refresh_pictures('0188', $window) \g /dev/null
SELECT (est.decide('0188', id, '2026-11-12 15:00+01', 4, 'Beslutat på lägesbildsmötet')).decided_grade FROM est.locality WHERE kommun = '0188' AND name = 'Rimbo';
SQL
)
is "the demo loads, the pictures of September–November refresh and a grade is decided" "$(echo "$setup" | tail -1)" "4"
[ "$(echo "$setup" | tail -1)" = 4 ] || echo "$setup" | sed "s/^/#   /" | tail -8

# every output compared, as one md5 per output plus its row count (the texts are long). Numbers
# are compared to 10 decimals: a restored table has its rows in another physical order, and sums of
# floats taken in another order differ in the last bits (the tertial analysis' peak_share does:
# 0.06737734884215801 before, ...803 after).
r10() { echo "regexp_replace($1, '(\\d\\.\\d{10})\\d+', '\\1', 'g')"; }
snap() {
  q "$1" "SET extra_float_digits = 3;
  SELECT 'picture ' || count(*) || ' ' || md5(string_agg($(r10 "(to_jsonb(p) - 'id' - 'refreshed_at')::text"), '|' ORDER BY p.locality_id, lower(p.cycle))) FROM est.situation_picture p
  UNION ALL SELECT 'hotspots ' || count(*) || ' ' || md5(string_agg($(r10 "(to_jsonb(h) - 'id')::text"), '|' ORDER BY lower(h.cycle), h.rank)) FROM est.hotspot_list h
  UNION ALL SELECT 'tertial ' || count(*) || ' ' || md5(string_agg($(r10 'to_jsonb(t)::text'), '|' ORDER BY t.locality_id)) FROM est.tertial_analysis('0188', '2026-T3') t
  UNION ALL SELECT 'tertial-T2 ' || count(*) || ' ' || md5(string_agg($(r10 'to_jsonb(t)::text'), '|' ORDER BY t.locality_id)) FROM est.tertial_analysis('0188', '2026-T2') t
  UNION ALL SELECT 'public ' || count(*) || ' ' || md5(string_agg($(r10 "(to_jsonb(c) - 'id')::text"), '|' ORDER BY c.locality_id, lower(c.cycle), c.category)) FROM est.public_counts c
  UNION ALL SELECT 'config ' || md5(concat_ws('|', (SELECT string_agg(g::text, ',' ORDER BY grade) FROM est.grade_scale('0188') g),
         (SELECT rules::text FROM est.assess_rules), (SELECT suppress_below FROM est.publish_setting),
         (SELECT concat_ws(',', cycle_length, cycle_anchor, cycle_cutoff, meeting_offset, time_zone) FROM est.municipality WHERE kommun = '0188')))
  UNION ALL SELECT 'assessment ' || count(*) || ' ' || md5(string_agg(concat_ws(',', a.locality_id, a.decided_grade, a.motivation), '|' ORDER BY a.id)) FROM est.assessment a"
}
before=$(snap $src)
case "$before" in *"picture 0 "*|*"hotspots 0 "*|*"tertial 0 "*) nok "the outputs are not empty" "$before";; *) ok "the outputs are not empty (pictures, hotspots, tertial analyses, public counts)";; esac
echo "$before" | sed 's/^/#   /'

dump=$(mktemp)
if pg_dump -Fc -d $src -f "$dump" 2>"$dump.err"; then ok "pg_dump"; else nok "pg_dump" "$(cat "$dump.err")"; fi
createdb $dst
pg_restore -d $dst "$dump" >"$dump.err" 2>&1; rc=$?
if [ $rc -eq 0 ] && [ ! -s "$dump.err" ]; then ok "pg_restore into a new database: no error, no warning"
else nok "pg_restore without messages" "$(head -c 1500 "$dump.err")"; fi
if grep -qi 'search_path\|does not exist' "$dump.err"; then nok "no search_path or missing-object message during restore" "$(grep -i 'search_path\|does not exist' "$dump.err" | head -3)"
else ok "no search_path or missing-object message during restore"; fi

after=$(snap $dst)
for what in picture hotspots tertial tertial-T2 public config assessment; do
  is "restored: $what identical" "$(echo "$after" | grep "^$what ")" "$(echo "$before" | grep "^$what ")"
done

# refresh after the restore, also under an empty search_path (as pg_restore and cron jobs run)
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $dst -c "SET client_min_messages = warning" -c "SET search_path = ''" \
        -c "SELECT count(*) FROM est.refresh_pictures('0188', $window)" 2>&1); rc=$?
if [ $rc -eq 0 ]; then ok "refresh_pictures in the restored database under search_path = '' runs without error ($out cycles)"
else nok "refresh after restore" "$(echo "$out" | head -3)"; fi
again=$(snap $dst)
is "... and the refreshed pictures equal the original ones" "$(echo "$again" | grep '^picture ')" "$(echo "$before" | grep '^picture ')"
is "... and so does the hotspot list" "$(echo "$again" | grep '^hotspots ')" "$(echo "$before" | grep '^hotspots ')"

rm -f "$dump" "$dump.err"
[ -n "${EST_KEEP:-}" ] || for db in $src $dst; do dropdb --if-exists "$db" >/dev/null 2>&1; done
echo "1..$n"
[ "$fails" -eq 0 ]
