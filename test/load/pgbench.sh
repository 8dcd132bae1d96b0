#!/usr/bin/env bash
# Load test (issue 7, part 6), run inside pg_virtualenv by tools/check-long.sh (PG* set).
# The generated Norrtälje demo, pictures refreshed for September–November 2026, then for
# EST_LOAD_SECONDS (default 60) at the same time: 16 pgbench clients filing reports
# (file_report.sql, as est_reporter), 4 clients reading situation pictures and the hotspot list
# (read_picture.sql, as est_analyst) and 1 client refreshing the current picture every 5 s
# (refresh_picture.sql). Checks: no failed transaction, no client aborted, no deadlock
# (pg_stat_database.deadlocks), and every acknowledged report is in est.incident afterwards
# (count of pgbench's per-transaction log lines with status 0 = rows with a load- external id).
# Prints throughput and latency percentiles (p50, p95, p99, max) per workload.
set -u
cd "$(dirname "$0")/../.."
T=${EST_LOAD_SECONDS:-60}
db=est_load
work=$(mktemp -d /tmp/est-load.XXXXXX); chmod 777 "$work"
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
(cd demo && psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
\i generator.sql
\set spec `cat norrtalje.json`
SELECT * FROM est_demo.generate(:'spec') \g /dev/null
\i actions.sql
SELECT count(*) FROM est.refresh_pictures('0188', '[2026-09-01 00:00+02, 2026-11-17 13:00+01)');
CREATE SEQUENCE public.load_seq;
GRANT USAGE ON SEQUENCE public.load_seq TO PUBLIC;
DROP ROLE IF EXISTS est_load_reporter; DROP ROLE IF EXISTS est_load_analyst;
CREATE ROLE est_load_reporter IN ROLE est_reporter;
CREATE ROLE est_load_analyst IN ROLE est_analyst;
INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'est_load_reporter'), ('0188', 'est_load_analyst');
SQL
) || { echo "not ok 1 - setup"; exit 1; }
before=$(psql -X -At -d "$db" -c "SELECT count(*) FROM est.incident")
dl0=$(psql -X -At -d "$db" -c "SELECT deadlocks FROM pg_stat_database WHERE datname = '$db'")
echo "# $before incidents before; $T s of load"

(cd "$work" && pgbench -n -c 16 -j 2 -T "$T" -l --log-prefix=w -f "$OLDPWD/test/load/file_report.sql" "$db" > "$work/writers.out" 2>&1; echo $? > "$work/writers.rc") &
(cd "$work" && pgbench -n -c 4 -j 1 -T "$T" -l --log-prefix=r -f "$OLDPWD/test/load/read_picture.sql" "$db" > "$work/readers.out" 2>&1; echo $? > "$work/readers.rc") &
(cd "$work" && pgbench -n -c 1 -j 1 -T "$T" -l --log-prefix=f -f "$OLDPWD/test/load/refresh_picture.sql" "$db" > "$work/refresh.out" 2>&1; echo $? > "$work/refresh.rc") &
wait

# latency percentiles from the per-transaction logs (column 3: latency in microseconds, or
# "failed" for a transaction that failed)
pct() {  # prefix
  cat "$work"/"$1".* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n | awk '
    {v[NR] = $1} END { if (NR == 0) { print "no transactions"; exit }
      printf "%d transactions, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR,
        v[int(NR * 0.50) + (NR * 0.50 > int(NR * 0.50))] / 1000, v[int(NR * 0.95) + (NR * 0.95 > int(NR * 0.95))] / 1000,
        v[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))] / 1000, v[NR] / 1000 }'
}
for w in writers readers refresh; do
  echo "# == $w: $(grep -E '^tps' "$work/$w.out" | head -1)"
  grep -E 'number of (transactions actually processed|failed transactions)|latency average|aborted' "$work/$w.out" | sed 's/^/#    /'
done
echo "# writers (16 clients, file a report):   $(pct w)"
echo "# readers (4 clients, picture + list):    $(pct r)"
echo "# refresher (1 client, every 5 s):        $(pct f)"

for w in writers readers refresh; do
  rc=$(cat "$work/$w.rc")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/$w.out")
  if [ "$rc" = 0 ] && [ "${failed:-x}" = 0 ] && ! grep -q 'aborted' "$work/$w.out"; then ok "$w: pgbench ran without error, no failed transaction, no client aborted"
  else nok "$w ran cleanly" "rc $rc, failed ${failed:-?}: $(grep -iE 'error|abort' "$work/$w.out" | head -3)"; fi
done
dl1=$(psql -X -At -d "$db" -c "SELECT deadlocks FROM pg_stat_database WHERE datname = '$db'")
if [ "$dl1" = "$dl0" ]; then ok "no deadlock (pg_stat_database.deadlocks $dl0 -> $dl1)"; else nok "no deadlock" "$dl0 -> $dl1"; fi
acked=$(cat "$work"/w.* | awk '$3 ~ /^[0-9]+$/' | wc -l)
stored=$(psql -X -At -d "$db" -c "SELECT count(*) FROM est.incident WHERE external_id LIKE 'load-%'")
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/writers.out")
echo "# acknowledged reports (logged as committed): $acked; pgbench's count: $processed; rows stored: $stored"
if [ "$acked" -gt 0 ] && [ "$acked" = "$stored" ] && [ "$processed" = "$stored" ]; then ok "every acknowledged report is present afterwards ($stored)"
else nok "every acknowledged report is present" "acknowledged $acked, processed $processed, stored $stored"; fi
dupes=$(psql -X -At -d "$db" -c "SELECT count(*) - count(DISTINCT external_id) FROM est.incident WHERE external_id LIKE 'load-%'")
if [ "$dupes" = 0 ]; then ok "no report stored twice"; else nok "no duplicates" "$dupes"; fi
rm -rf "$work"
dropdb "$db" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP ROLE IF EXISTS est_load_reporter" -c "DROP ROLE IF EXISTS est_load_analyst" >/dev/null 2>&1
echo "1..$n"
[ "$fails" -eq 0 ]
