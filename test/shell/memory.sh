#!/usr/bin/env bash
# Memory across groups and rows (issue 7, part 3), run inside pg_virtualenv by
# tools/server-tests.sh. Prints TAP. Each aggregate is computed once per group in a correlated
# subquery over G groups of 20 generated rows (no table, so no shared buffers are touched and no
# sort is needed), once with G = 2 000 and once with G = 20 000, each in a fresh backend; the
# backend's peak resident memory (VmHWM) must not grow with the number of groups (less than 8 MB
# apart): nothing is kept from one group to the next. The set-returning functions are called once
# per group through LATERAL. A built-in aggregate (array_agg) is the control that the method is flat.
# Set-returning functions in LATERAL cannot be flat in PostgreSQL 15: every call of a
# materialize-mode SRF leaves its result descriptor (and, for OUT parameters, what
# get_call_result_type builds) in the query's memory until the query ends — PostgreSQL's own
# jsonb_each does too, measured here as the reference. For them the test bounds the growth per
# call at 8 kB (a leaked cube or result array would be tens of kB per call for these cubes) and
# checks that rows are streamed: one call returning 20 times more rows needs no more memory.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
db=est_sh_memory
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION est CASCADE' >/dev/null 2>&1
hwm="SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmHWM:\\s+(\\d+)'))[1]::bigint / 1024"
peak() {  # groups, query using :G -> peak MB of a fresh backend running it
  psql -X -q -At -d "$db" -c "SET enable_hashagg = off" -c "SET max_parallel_workers_per_gather = 0" \
       -c "SET work_mem = '4MB'" -c "$(echo "$2" | sed "s/:G/$1/g")" -c "$hwm" 2>&1 | tail -1
}
percall() {  # name, query: growth per call between 2 000 and 20 000 calls, at most 8 kB
  local a b per
  a=$(peak 2000 "$2"); b=$(peak 20000 "$2")
  per=$(( (b - a) * 1024 / 18 ))		# MB over 18 000 calls, in bytes per call (÷ 1000 × 1024)
  if [ -n "$a" ] && [ -n "$b" ] && [ "$per" -le 8192 ] 2>/dev/null; then
    ok "$1: at most 8 kB per call ($a MB at 2 000 calls, $b MB at 20 000: about $per bytes per call)"
  else nok "$1: at most 8 kB per call" "$a MB, $b MB ($per bytes per call)"; fi
}
flat() {  # name, query
  local a b
  a=$(peak 2000 "$2"); b=$(peak 20000 "$2")
  if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -eq "$a" ] 2>/dev/null && [ $((b - a)) -lt 8 ]; then
    ok "$1: peak memory flat over 2 000 and 20 000 groups ($a MB, $b MB)"
  else nok "$1: peak memory flat over 2 000 and 20 000 groups" "$a MB, $b MB"; fi
}
flat "control: array_agg (built-in) per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT array_agg(x) AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "cube_agg per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.cube_agg(geom, t, 250, '1 day') AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "cube_agg over time ranges per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.cube_agg(geom, tstzrange(t, t + interval '3 days'), 250, '1 day') AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "grid_agg per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.grid_agg(geom, 100) AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "mann_kendall per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.mann_kendall(t, x) AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "seasonal_mann_kendall per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.seasonal_mann_kendall(t, x, 4) AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "week_profile per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.week_profile(tstzrange(t, t + interval '5 hours')) AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
flat "max of tertials per group" "SELECT count(a) FROM generate_series(1, :G) g, LATERAL (SELECT est.max(est.tertial(t::date)) AS a FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s"
percall "reference: PostgreSQL's jsonb_each once per group" "SELECT count(*) FROM generate_series(1, :G) g, LATERAL jsonb_each(jsonb_build_object('a', g, 'b', 2)) z"
percall "gistar (set-returning) once per group" "SELECT count(*) FROM generate_series(1, :G) g, LATERAL (SELECT est.cube_agg(geom, t, 250, '1 day') AS c FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s, LATERAL est.gistar(s.c, 500, fdr => false) z"
percall "emerging_hotspots (set-returning) once per group" "SELECT count(*) FROM generate_series(1, :G) g, LATERAL (SELECT est.cube_agg(geom, t, 250, '5 days') AS c FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s, LATERAL est.emerging_hotspots(s.c, 500) z"
percall "kde (set-returning) once per group" "SELECT count(*) FROM generate_series(1, :G) g, LATERAL (SELECT est.grid_agg(geom, 100) AS c FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s, LATERAL est.kde(s.c, 300) z"
percall "cube_cells (set-returning) once per group" "SELECT count(*) FROM generate_series(1, :G) g, LATERAL (SELECT est.grid_agg(geom, 100) AS c FROM generate_series(1, 20) i, LATERAL (SELECT ST_SetSRID(ST_MakePoint(690000 + (i * 37 + g) % 2000, 6610000 + (i * 53) % 2000), 3006) AS geom, timestamptz '2024-01-01' + (i % 20) * interval '1 day' AS t, ((i * g) % 7)::float8 AS x) p) s, LATERAL est.cube_cells(s.c) z"
# rows are streamed: cube_cells over a stored cube of 2 000 cells and of 100 000 cells (the
# result goes to a tuplestore that spills to disk beyond work_mem, here 1 MB)
psql -X -q -d "$db" -c "CREATE TABLE cubes AS SELECT k, est.grid_agg(ST_SetSRID(ST_MakePoint(x * 10, 0), 3006), 10) c
  FROM (VALUES (2000), (100000)) v(k), generate_series(1, k) x GROUP BY k" >/dev/null 2>&1
a=$(peak 1 "SET work_mem = '1MB'; SELECT count(*) FROM cubes, LATERAL est.cube_cells(c) z WHERE k = 2000")
b=$(peak 1 "SET work_mem = '1MB'; SELECT count(*) FROM cubes, LATERAL est.cube_cells(c) z WHERE k = 100000")
if [ $((b - a)) -lt 8 ] 2>/dev/null; then ok "cube_cells returning 100 000 rows needs less than 8 MB more than returning 2 000 ($a MB, $b MB; the cube itself is 2.4 MB)"
else nok "cube_cells memory flat over rows" "$a MB, $b MB"; fi
dropdb "$db" >/dev/null 2>&1
echo "1..$n"
[ "$fails" -eq 0 ]
