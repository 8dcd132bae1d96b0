#!/usr/bin/env bash
# Benchmark: calendar bucketing of 2 million instants, est (C) against the best plain SQL that
# gives the same answer, in the same server. Prints best-of-3 wall times and peer/est ratios.
#   tertial:  GROUP BY est.tertial(t)       vs  year*3 + (month-1)/4 of (t AT TIME ZONE zone)
#   cycle:    est.cycle_at(...)  vs  date_bin('7 days', local t, anchor) in SQL, full result and start only
set -euo pipefail
db=est_bench_period
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
CREATE TABLE ts AS
SELECT timestamptz '2020-01-01 00:00+01' + (g * interval '97 seconds') AS t FROM generate_series(1, 2000000) g;
VACUUM ANALYZE ts;
SQL

best() {   # best of 3 runs of a query, in ms
  local q="$1" b=""
  for _ in 1 2 3; do
    ms=$(psql -X -q -d "$db" -c 'SET max_parallel_workers_per_gather = 0' -c '\timing on' -c "$q" 2>&1 \
         | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    if [ -z "$b" ] || awk -v a="$ms" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$ms; fi
  done
  echo "$b"
}
same() {  # both queries give the same grouping
  psql -X -At -d "$db" -c "SELECT count(*) FROM (($1) EXCEPT ($2)) x" 
}

est_q="SELECT est.tertial(t, 'Europe/Stockholm') AS k, count(*) FROM ts GROUP BY 1"
sql_q="SELECT (extract(year FROM t AT TIME ZONE 'Europe/Stockholm')::int * 3 + (extract(month FROM t AT TIME ZONE 'Europe/Stockholm')::int - 1) / 4) AS k, count(*) FROM ts GROUP BY 1"
chk=$(same "SELECT est.tertial_year(k) * 3 + est.tertial_number(k) - 1, count FROM ($est_q) a" "$sql_q")
e=$(best "$est_q"); s=$(best "$sql_q")
printf 'tertial of 2M instants: est %8.1f ms   plain SQL %8.1f ms   ratio SQL/est %.2f   (groupings differ in %s rows)\n' "$e" "$s" "$(awk -v s="$s" -v e="$e" 'BEGIN{print s/e}')" "$chk"

# the full cycle: start, deadline, meeting (deadline + 1 day 2 h local) and ISO-week label
est_q="SELECT c.starts, c.ends, c.meeting_at, c.label, count(*) FROM ts, LATERAL est.cycle_at(t, 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00', '1 day 2 hours') c GROUP BY 1, 2, 3, 4"
sql_q="SELECT s AT TIME ZONE 'Europe/Stockholm', (s + interval '7 days') AT TIME ZONE 'Europe/Stockholm', (s + interval '8 days 2 hours') AT TIME ZONE 'Europe/Stockholm', to_char(s + interval '7 days' - interval '1 microsecond', 'IYYY-\"W\"IW'), count(*) FROM (SELECT date_bin('7 days', t AT TIME ZONE 'Europe/Stockholm', timestamp '2024-01-02 13:00') AS s FROM ts) b GROUP BY 1, 2, 3, 4"
chk=$(same "$est_q" "$sql_q")
e=$(best "$est_q"); s=$(best "$sql_q")
printf 'weekly cycle (start, deadline, meeting, label) of 2M instants: est %8.1f ms   plain SQL (date_bin) %8.1f ms   ratio SQL/est %.2f   (results differ in %s rows)\n' "$e" "$s" "$(awk -v s="$s" -v e="$e" 'BEGIN{print s/e}')" "$chk"
# only the start of the cycle
est_q="SELECT (est.cycle_at(t, 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00')).starts AS k, count(*) FROM ts GROUP BY 1"
sql_q="SELECT (date_bin('7 days', t AT TIME ZONE 'Europe/Stockholm', timestamp '2024-01-02 13:00') AT TIME ZONE 'Europe/Stockholm') AS k, count(*) FROM ts GROUP BY 1"
chk=$(same "$est_q" "$sql_q")
e=$(best "$est_q"); s=$(best "$sql_q")
printf 'weekly cycle start only of 2M instants: est %8.1f ms   plain SQL (date_bin) %8.1f ms   ratio SQL/est %.2f   (groupings differ in %s rows)\n' "$e" "$s" "$(awk -v s="$s" -v e="$e" 'BEGIN{print s/e}')" "$chk"
dropdb "$db"
