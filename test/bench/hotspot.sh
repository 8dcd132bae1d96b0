#!/usr/bin/env bash
# Benchmark of the cube and hotspot modules (run by `make bench` inside a throwaway cluster).
#   - generator: N incidents (EST_BENCH_N, default 1 000 000) over 40 x 40 km of SWEREF 99 TM
#     with 80 clustered hot spots (60 %), uniform background noise (40 %), five years of
#     timestamps with a rising trend in some hot spots and a falling one in others
#   - Gi* at 100 m cells and 500 m: est (grid_agg + gistar) vs the same statistic in plain SQL
#     with PostGIS (snap to grid, group, dense grid with zero cells, self-join with ST_DWithin)
#     and vs R spdep localG (dnearneigh + include.self + localG, timed inside R); z compared
#   - the whole est hotspot query vs a plain scan of the same rows (sum(ST_X(geom)))
#   - cube_agg (250 m, 14-day steps) with 2 parallel workers vs none, over EST_BENCH_CUBE_N
#     incidents (default 5 000 000, a second table from the same generator), beside the same
#     rows read with nothing to compute (count(geom), count(occurred)) with and without workers:
#     the most a parallel aggregate over them can gain on the machine
# est and the scan are timed in a session after a first run (library loading and catalogue caches
# are the session's, not the query's; R is timed inside R likewise) and, for comparison, as the
# first query of a new session. Prints times and ratios; never fails on speed.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${EST_BENCH_N:-1000000}
CN=${EST_BENCH_CUBE_N:-5000000}
db=est_bench_hotspot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
generate() {  # table, number of incidents
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v n="$2" -v t="$1" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS est CASCADE;
\i test/bench/incidents.sql
VACUUM ANALYZE :t;
SQL
}
generate inc "$N"
rows=$(psql -X -At -d "$db" -c "SELECT count(*) FROM inc")
echo "generated $rows incidents over 40 x 40 km (N = $N; 80 hot spots, 40 % noise, 2020-2024)"

ms() {  # wall time of a query in ms (one run), with optional settings first
  psql -X -q -d "$db" -c '\timing on' "$@" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
best() {  # best of 3, each the first query of a new session (so with loading PostGIS and est)
  local b=""
  for _ in 1 2 3; do
    m=$(ms "$@")
    if [ -z "$b" ] || awk -v a="$m" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$m; fi
  done
  echo "$b"
}
warm() {  # warm SETTINGS QUERY: best of 10 runs in one session after an untimed first: the query, not the session
  { echo "$1;"; echo "$2;"; echo '\timing on'; for _ in $(seq 10); do echo "$2;"; done; } |
    psql -X -q -d "$db" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", a/b}'; }

noparallel='SET max_parallel_workers_per_gather = 0'
scan_q="SELECT sum(ST_X(geom)) FROM inc"
est_q="SELECT count(*), sum(z) FROM est.gistar((SELECT est.grid_agg(geom, 100) FROM inc), 500, fdr => false)"
fdr_q="SELECT count(*), sum(bin) FROM est.gistar((SELECT est.grid_agg(geom, 100) FROM inc), 500)"
agg_q="SELECT est.grid_agg(geom, 100) IS NULL FROM inc"
scan=$(warm "$noparallel" "$scan_q"); scan_c=$(best -c "$noparallel" -c "$scan_q")
est=$(warm "$noparallel" "$est_q"); est_c=$(best -c "$noparallel" -c "$est_q")
est_fdr=$(warm "$noparallel" "$fdr_q")
agg=$(warm "$noparallel" "$agg_q")
cells=$(psql -X -At -d "$db" -c "SELECT count(*) FROM est.gistar((SELECT est.grid_agg(geom, 100) FROM inc), 500, fdr => false)")

# ---- plain SQL with PostGIS: the same Gi* (study area = every cell of the data extent)
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CREATE TABLE est_z AS SELECT cell_id, x, y, n, z FROM est.gistar((SELECT est.grid_agg(geom, 100) FROM inc), 500, fdr => false)"
sql_q="
CREATE TEMP TABLE counts AS
  SELECT floor(ST_X(geom) / 100)::int AS col, floor(ST_Y(geom) / 100)::int AS row, count(*)::float8 AS n FROM inc GROUP BY 1, 2;
CREATE TEMP TABLE cells AS
  SELECT c.col, r.row, coalesce(k.n, 0) AS n, ST_Point(c.col * 100 + 50, r.row * 100 + 50, 3006) AS pt
    FROM (SELECT generate_series(min(col), max(col)) AS col FROM counts) c
   CROSS JOIN (SELECT generate_series(min(row), max(row)) AS row FROM counts) r
    LEFT JOIN counts k ON k.col = c.col AND k.row = r.row;
CREATE INDEX ON cells USING gist (pt);
ANALYZE cells;
CREATE TEMP TABLE sql_z AS
  WITH g AS (SELECT count(*) AS cnt, avg(n) AS mean FROM cells),
       s AS (SELECT g.cnt, g.mean, sqrt(sum((c.n - g.mean) ^ 2) / g.cnt) AS sd FROM cells c, g GROUP BY g.cnt, g.mean),
       nb AS (SELECT a.col, a.row, sum(b.n) AS ls, count(*)::float8 AS w
                FROM cells a JOIN cells b ON ST_DWithin(a.pt, b.pt, 500) GROUP BY a.col, a.row)
  SELECT nb.col, nb.row, (nb.ls - s.mean * nb.w) / (s.sd * sqrt((s.cnt * nb.w - nb.w ^ 2) / (s.cnt - 1))) AS z
    FROM nb, s;"
start=$(date +%s.%N)
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "$noparallel" -c "$(echo "$sql_q" | sed 's/TEMP TABLE \([a-z_]*\)/TABLE \1/g')" >/dev/null
sql=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", (e-s)*1000}')
sqldiff=$(psql -X -At -d "$db" -c "SELECT count(*) || ' cells, max |z_est - z_sql| = ' || max(abs(e.z - s.z)) FROM est_z e JOIN sql_z s ON est.cell_id(s.col * 100 + 50, s.row * 100 + 50, 100) = e.cell_id")

# ---- R spdep on the same dense grid (time inside R: neighbour list + localG)
psql -X -q -d "$db" -c "\copy (SELECT col, row, n FROM cells ORDER BY row, col) TO '$work/grid.csv' WITH (FORMAT csv, HEADER true)"
cat > "$work/g.R" <<'R'
suppressPackageStartupMessages(library(spdep))
a <- commandArgs(TRUE)
g <- read.csv(a[1])
t <- system.time({
  nb <- include.self(dnearneigh(cbind(g$col * 100 + 50, g$row * 100 + 50), 0, 500))
  z <- as.numeric(localG(g$n, nb2listw(nb, style = "B")))
})[["elapsed"]]
write.csv(data.frame(col = g$col, row = g$row, z = formatC(z, digits = 17, format = "g")), a[2], row.names = FALSE, quote = FALSE)
cat(if (requireNamespace("dbscan", quietly = TRUE)) "kd-tree (dbscan)" else "all pairs (no dbscan: slow)", "\n")
cat(t * 1000, "\n")
R
rout=$(Rscript "$work/g.R" "$work/grid.csv" "$work/z.csv")
rms=$(echo "$rout" | tail -1 | tr -d " "); rnb=$(echo "$rout" | head -1 | sed "s/ *$//")
psql -X -q -d "$db" -c "CREATE TABLE r_z (col int, row int, z float8)" -c "\copy r_z FROM '$work/z.csv' WITH (FORMAT csv, HEADER true)"
rdiff=$(psql -X -At -d "$db" -c "SELECT count(*) || ' cells, max |z_est - z_R| = ' || max(abs(e.z - r.z)) FROM est_z e JOIN r_z r ON est.cell_id(r.col * 100 + 50, r.row * 100 + 50, 100) = e.cell_id")

echo "Gi* at 100 m cells, 500 m distance, $cells cells (study area = data extent); est and the scan"
echo "timed in a session after a first run (best of 10), and as the first query of a new session (best of 3):"
printf '  est grid_agg + gistar (no FDR)   %10.1f ms   first query of a session %.1f ms\n' "$est" "$est_c"
printf '  est grid_agg + gistar (FDR)      %10.1f ms\n' "$est_fdr"
printf '  est grid_agg alone               %10.1f ms\n' "$agg"
printf '  plain SQL + PostGIS              %10.1f ms   ratio SQL/est %s   (%s)\n' "$sql" "$(ratio "$sql" "$est")" "$sqldiff"
printf '  R spdep localG (nb + localG)     %10.1f ms   ratio R/est %s   (%s; dnearneigh %s)\n' "$rms" "$(ratio "$rms" "$est")" "$rdiff" "$rnb"
printf '  plain scan sum(ST_X(geom))       %10.1f ms   ratio est/scan %s   first query of a session %.1f ms, ratio %s\n' \
  "$scan" "$(ratio "$est" "$scan")" "$scan_c" "$(ratio "$est_c" "$scan_c")"

# ---- cube_agg with and without parallel workers (over CN incidents: a second table unless CN = N)
ctab=inc; crows=$rows
if [ "$CN" != "$N" ]; then
  generate inc_cube "$CN"
  ctab=inc_cube; crows=$(psql -X -At -d "$db" -c "SELECT count(*) FROM inc_cube")
fi
cq="SELECT est.cube_info(est.cube_agg(geom, occurred, 250, '14 days', '2020-01-06 00:00+01')) FROM $ctab"
par_set=(-c 'SET max_parallel_workers_per_gather = 2' -c 'SET parallel_setup_cost = 0' -c 'SET parallel_tuple_cost = 0')
serial=$(warm "$noparallel" "$cq")
par=$(warm "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0" "$cq")
workers=$(psql -X -q -At -d "$db" "${par_set[@]}" -c "EXPLAIN (ANALYZE, COSTS OFF) $cq" | sed -n 's/.*Workers Launched: \([0-9]*\).*/\1/p')
same=$(psql -X -q -At -d "$db" -c "$noparallel" -c "CREATE TABLE c0 AS SELECT est.cube_agg(geom, occurred, 250, '14 days', '2020-01-06 00:00+01') c FROM $ctab" \
   "${par_set[@]}" \
   -c "SELECT est.cube_send(c) = (SELECT est.cube_send(est.cube_agg(geom, occurred, 250, '14 days', '2020-01-06 00:00+01')) FROM $ctab) FROM c0")
bins=$(psql -X -q -At -d "$db" -c "SELECT (est.cube_info(c)).bins FROM c0")
# the ceiling: reading the same columns of the same rows with nothing to compute, with and
# without workers (what a parallel aggregate over them can gain at most on this machine;
# sum(ST_X(geom)) would add PostGIS work per row, which scales better than the reading)
sq="SELECT count(geom), count(occurred) FROM $ctab"
sserial=$(warm "$noparallel" "$sq")
spar=$(warm "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0" "$sq")
printf 'cube_agg over %s rows (250 m, 14-day steps, %s bins; %s cores):\n' "$crows" "$bins" "$(nproc)"
printf '  no workers %10.1f ms   2 workers %10.1f ms   ratio %s   (in a session, best of 10; workers launched: %s; same cube: %s)\n' "$serial" "$par" "$(ratio "$serial" "$par")" "${workers:-?}" "$same"
printf '  reading the same rows, count(geom), count(occurred): no workers %.1f ms   2 workers %.1f ms   ratio %s (the ceiling)\n' \
  "$sserial" "$spar" "$(ratio "$sserial" "$spar")"
dropdb "$db"
