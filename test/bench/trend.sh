#!/usr/bin/env bash
# Benchmark: est.mann_kendall over 10 000 series x 130 points, grouped in one query, against SciPy
# (Debian python3-scipy) computing the same statistics series by series (S, tie-corrected Var S,
# continuity-corrected p, tau_b with kendalltau, Sen slope and intercept with theilslopes) on the
# same rows, in the same run. Prints best-of-3 wall times for est (one SciPy run), the SciPy/est
# ratio, and how many series differ by more than 1e-9. Not a test: it never fails on speed.
set -euo pipefail
db=est_bench_trend
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION est CASCADE;
-- deterministic weekly counts with ties, some trending up, some down, some flat
CREATE TABLE series AS
SELECT g, k, (((g * 7919 + k * 104729) % 23) / 3 + (k * (g % 7 - 3)) / 40)::float8 AS x
  FROM generate_series(1, 10000) g, generate_series(1, 130) k;
VACUUM ANALYZE series;
SQL

best() {   # best of 3 runs of a query, in ms; $2 = max_parallel_workers_per_gather
  local q="$1" b=""
  for _ in 1 2 3; do
    ms=$(psql -X -q -d "$db" -c "SET max_parallel_workers_per_gather = $2" -c '\timing on' -c "$q" 2>&1 \
         | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    if [ -z "$b" ] || awk -v a="$ms" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$ms; fi
  done
  echo "$b"
}

q="SELECT g, est.mann_kendall(k::float8, x) FROM series GROUP BY g"
e1=$(best "SELECT count(*) FROM ($q) s" 0)
e2=$(best "SELECT count(*) FROM ($q) s" 2)

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
psql -X -q -d "$db" -c "COPY (SELECT g, k, x FROM series ORDER BY g, k) TO STDOUT" > "$tmp/rows.tsv"
py=""
for _ in 1; do   # one run: SciPy takes ~20 s
  ms=$(/usr/bin/python3 test/bench/trend_scipy.py < "$tmp/rows.tsv" 2>&1 > "$tmp/scipy.tsv")
  if [ -z "$py" ] || awk -v a="$ms" -v b="$py" 'BEGIN{exit !(a<b)}'; then py=$ms; fi
done

# equal results: S exactly, p, tau_b, slope and intercept to 1e-9
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<SQL > "$tmp/diff.txt"
CREATE TEMP TABLE py (g int, n bigint, s bigint, p float8, tau_b float8, slope float8, intercept float8);
\copy py FROM '$tmp/scipy.tsv'
SELECT count(*) FILTER (WHERE py.n <> e.n OR py.s <> e.s OR abs(py.p - e.p) > 1e-9
           OR NOT (abs(py.tau_b - e.tau_b) <= 1e-9 OR (py.tau_b = 'NaN' AND e.tau_b IS NULL))
           OR abs(py.slope - e.sen_slope) > 1e-9 OR abs(py.intercept - e.sen_intercept) > 1e-9) || ' of ' || count(*)
  FROM py JOIN (SELECT g, (r).* FROM (SELECT g, est.mann_kendall(k::float8, x) r FROM series GROUP BY g) q) e USING (g);
SQL
bad=$(sed -n 's/^ *\([0-9]* of [0-9]*\) *$/\1/p' "$tmp/diff.txt")
[ -n "$bad" ] || bad="?"
printf 'mann_kendall, 10000 series x 130 points: est serial %8.1f ms   est 2 workers %8.1f ms   SciPy %9.1f ms\n' "$e1" "$e2" "$py"
printf '  ratio SciPy/est: serial %.1fx, parallel %.1fx   (series differing by more than 1e-9: %s compared)\n' \
  "$(awk -v s="$py" -v e="$e1" 'BEGIN{print s/e}')" "$(awk -v s="$py" -v e="$e2" 'BEGIN{print s/e}')" "$bad"
dropdb "$db"
