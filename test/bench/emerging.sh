#!/usr/bin/env bash
# Benchmark of emerging hot spot analysis (run by `make bench` inside a throwaway cluster).
#   - generator (as test/bench/hotspot.sh): N incidents (EST_BENCH_N, default 1 000 000) over
#     40 x 40 km of SWEREF 99 TM with 80 clustered hot spots (60 %), uniform noise (40 %), five
#     years of timestamps with a rising trend in some hot spots and a falling one in others
#   - EHSA at 250 m cells, 14-day steps (130 steps), distance 500 m, time_steps 1, window 'cube',
#     on one core (max_parallel_workers_per_gather = 0): the whole query (cube_agg + EHSA), EHSA
#     on a stored cube, the per-bin function, and the backend's peak memory (VmHWM of
#     /proc/<backend pid>/status, before and after, in the same session)
#   - peers in the same run: est.gistar on the same cube (spatial Gi* per step over the cube's
#     extent, the same number of bins) and a plain scan of the rows (sum(ST_X(geom)))
# Prints times and ratios; never fails on speed.  Targets (issue): < 5 s, < 500 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${EST_BENCH_N:-1000000}
db=est_bench_emerging
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v n="$N" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
\set t inc
\i test/bench/incidents.sql
VACUUM ANALYZE inc;
SQL
rows=$(psql -X -At -d "$db" -c "SELECT count(*) FROM inc")
echo "generated $rows incidents over 40 x 40 km (N = $N; 80 hot spots, 40 % noise, 2020-2024)"

cube="est.cube_agg(geom, occurred, 250, '14 days', '2020-01-06 00:00+01')"
noparallel='SET max_parallel_workers_per_gather = 0'
ms() {  # wall time of a query in ms (one run), with optional settings first
  psql -X -q -d "$db" -c '\timing on' "$@" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
best() {  # best of 3
  local b=""
  for _ in 1 2 3; do
    m=$(ms "$@")
    if [ -z "$b" ] || awk -v a="$m" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$m; fi
  done
  echo "$b"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", a/b}'; }
hwm="SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\\s+(\\d+)'))[1]::bigint / 1024"

psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "$noparallel" -c "CREATE TABLE cube AS SELECT $cube AS c FROM inc"
info=$(psql -X -At -d "$db" -c "SELECT first_step || '..' || last_step || ' (' || last_step - first_step + 1 || ' steps), ' || bins || ' non-empty bins' FROM cube, est.cube_info(c)")
params=$(psql -X -At -d "$db" -c "SELECT p->>'locations' || ' locations x ' || (p->>'steps') || ' steps = ' || (p->>'bins') || ' bins, ' || (p->>'max_neighbours') || ' neighbours at most (self included), FDR 90 % cut-off ' || (p->'fdr'->>'cutoff_90') FROM (SELECT est.emerging_hotspots_params(c, 500) AS p FROM cube) q")
cats=$(psql -X -At -d "$db" -c "SELECT string_agg(category || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT category, count(*) n FROM cube, est.emerging_hotspots(c, 500) GROUP BY 1) q")

full_q="SELECT count(*), count(*) FILTER (WHERE category <> 'no pattern detected') FROM est.emerging_hotspots((SELECT $cube FROM inc), 500)"
# the whole query and the backend's peak memory, in one session
out=$(psql -X -q -At -d "$db" -c "$noparallel" -c "$hwm" -c '\timing on' -c "$full_q" -c '\timing off' -c "$hwm" 2>&1)
full=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
mem0=$(echo "$out" | grep -E '^[0-9]+$' | head -1)
mem1=$(echo "$out" | grep -E '^[0-9]+$' | tail -1)
full_best=$(best -c "$noparallel" -c "$full_q")
agg=$(best -c "$noparallel" -c "SELECT est.cube_info($cube) FROM inc")
ehsa=$(best -c "$noparallel" -c "SELECT count(*) FROM cube, est.emerging_hotspots(c, 500)")
out=$(psql -X -q -At -d "$db" -c "$noparallel" -c "$hwm" -c "SELECT count(*) FROM cube, est.emerging_hotspots(c, 500)" -c "$hwm" 2>&1)
emem0=$(echo "$out" | head -1); emem1=$(echo "$out" | tail -1)
step=$(best -c "$noparallel" -c "SELECT count(*) FROM cube, est.emerging_hotspots(c, 500, global_window => 'step')")
binsq=$(best -c "$noparallel" -c "SELECT count(*), count(*) FILTER (WHERE bin <> 0) FROM cube, est.emerging_hotspot_bins(c, 500)")
gistar=$(best -c "$noparallel" -c "SELECT count(*) FROM cube, est.gistar(c, 500, fdr => false)")
scan=$(best -c "$noparallel" -c "SELECT sum(ST_X(geom)) FROM inc")

echo "cube: $info; EHSA: $params"
echo "patterns: $cats"
echo "EHSA at 250 m, 14-day steps, 500 m, time_steps 1, window 'cube', one core:"
printf '  whole query cube_agg + emerging_hotspots  %10.1f ms (first run %.1f ms)   target < 5000 ms\n' "$full_best" "$full"
printf '  backend peak memory (VmHWM)                before %s MB, after %s MB   target < 500 MB\n' "$mem0" "$mem1"
printf '  cube_agg alone                            %10.1f ms\n' "$agg"
printf '  emerging_hotspots on a stored cube        %10.1f ms   (VmHWM %s -> %s MB in a fresh session)\n' "$ehsa" "$emem0" "$emem1"
printf '  ... global_window step                    %10.1f ms\n' "$step"
printf '  emerging_hotspot_bins (every bin)         %10.1f ms\n' "$binsq"
printf '  peer: est.gistar per step, same cube      %10.1f ms   ratio EHSA/gistar %s\n' "$gistar" "$(ratio "$ehsa" "$gistar")"
printf '  peer: plain scan sum(ST_X(geom))          %10.1f ms   ratio whole/scan %s\n' "$scan" "$(ratio "$full_best" "$scan")"
dropdb "$db"
