#!/usr/bin/env bash
# Benchmark of the picture module (run by `make bench` inside a throwaway cluster):
#   EST_BENCH_MUNIS municipalities (default 50) generated with demo/generator.sql, about
#   EST_BENCH_N incidents in all (default 5 000 000) over two years of weekly cycles, three towns
#   each; Norrtälje (0188) with the demo's scenarios. Then:
#   - refresh of one cycle of one municipality, and of the last 26 cycles of 0188
#   - SELECT * FROM est.situation_picture WHERE kommun = '0188' AND cycle = <current>  (target < 100 ms)
#   - the tertial analysis of 0188                                                   (target < 1 s)
#   - the plans, showing the municipality filter reaching the indexes
# Prints times; never fails on speed.
set -euo pipefail
cd "$(dirname "$0")/../.."
MUNIS=${EST_BENCH_MUNIS:-50}
N=${EST_BENCH_N:-5000000}
db=est_bench_picture
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION est CASCADE' -f demo/generator.sql

# incidents per week per 1 000 inhabitants so that MUNIS municipalities of 28 000 inhabitants
# make about N incidents in 104 weeks (the generator's background rate)
rate=$(awk -v n="$N" -v m="$MUNIS" 'BEGIN{printf "%.4f", n / m / 104 / 28.0 / 1.0}')
start=$(date +%s)
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v rate="$rate" -v munis="$MUNIS" <<'SQL'
SET client_min_messages = warning;
\set spec `cat demo/norrtalje.json`
-- Norrtälje as in the demo (its scenarios), at the bench's rate
SELECT count(*) FROM est_demo.generate(jsonb_set((:'spec')::jsonb, '{rate}', to_jsonb((:'rate')::float8))) \g /dev/null
-- the others: the same towns moved to their own place, other seeds, no scenarios
SELECT count(*)
  FROM generate_series(1, :munis - 1) k,
	   LATERAL est_demo.generate(
		 jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(
		   (:'spec')::jsonb - 'scenarios' - 'silent' - 'boundary',
		   '{kommun}', to_jsonb(lpad((2000 + k)::text, 4, '0'))),
		   '{name}', to_jsonb('Bench ' || k)),
		   '{seed}', to_jsonb(k / 100.0)),
		   '{rate}', to_jsonb((:'rate')::float8)),
		   '{towns}', (SELECT jsonb_agg(jsonb_set(jsonb_set(t, '{lon}', to_jsonb((t->>'lon')::float8 + (k % 10) * 0.6 - 3)),
												  '{lat}', to_jsonb((t->>'lat')::float8 - (k / 10) * 0.5)))
						 FROM jsonb_array_elements((:'spec')::jsonb->'towns') t)),
		   '{reporters}', '40')) g \g /dev/null
VACUUM ANALYZE;
SQL
gen=$(( $(date +%s) - start ))
rows=$(psql -X -At -d "$db" -c "SELECT count(*) || ' incidents in ' || count(DISTINCT kommun) || ' municipalities, ' || (SELECT count(*) FROM est.locality) || ' localities' FROM est.incident")
echo "generated $rows in ${gen} s"

ms() {  # wall time of the last statement in ms
  psql -X -q -d "$db" -c '\timing on' "$@" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
best() { local b=""; for _ in 1 2 3; do m=$(ms "$@"); if [ -z "$b" ] || awk -v a="$m" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$m; fi; done; echo "$b"; }

now="'2026-11-17 12:00+01'"
one=$(ms -c "SELECT count(*) FROM est.refresh_picture('2001', $now)")
r26=$(ms -c "SELECT count(*) FROM est.refresh_pictures('0188', '[2026-05-19 13:00+02, 2026-11-17 13:00+01)')")
psql -X -q -d "$db" -c "SELECT count(*) FROM est.municipality m, est.refresh_picture(m.kommun, $now) WHERE m.kommun <> '0188'" >/dev/null
pic=$(best -c "SELECT * FROM est.situation_picture WHERE kommun = '0188' AND cycle = (SELECT tstzrange(c.starts, c.ends, '[)') FROM est.cycle('0188', $now) c)" )
pic2=$(best -c "SELECT * FROM est.situation_picture WHERE kommun = '0188' AND cycle @> timestamptz $now")
hot=$(best -c "SELECT * FROM est.hotspot_list WHERE kommun = '0188' AND cycle @> timestamptz $now")
ter=$(best -c "SELECT * FROM est.tertial_analysis('0188', '2026T3')")
rep=$(best -c "SELECT est.report('0188', $now)")
n188=$(psql -X -At -d "$db" -c "SELECT count(*) FROM est.incident WHERE kommun = '0188'")

echo "picture module, $rows (0188: $n188 incidents):"
printf '  refresh_picture, one cycle of one municipality    %10.1f ms\n' "$one"
printf '  refresh_pictures, 26 cycles of 0188               %10.1f ms\n' "$r26"
printf '  situation_picture, 0188, cycle = current          %10.1f ms   (target < 100 ms)\n' "$pic"
printf '  situation_picture, 0188, cycle @> instant         %10.1f ms\n' "$pic2"
printf '  hotspot_list, 0188, current cycle                 %10.1f ms\n' "$hot"
printf '  tertial_analysis(0188, 2026-T3)                   %10.1f ms   (target < 1 s)\n' "$ter"
printf '  report(0188, current cycle)                       %10.1f ms\n' "$rep"
echo "plan of the situation picture query (the municipality filter on the store's unique index):"
psql -X -q -d "$db" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM est.situation_picture WHERE kommun = '0188' AND cycle = (SELECT tstzrange(c.starts, c.ends, '[)') FROM est.cycle('0188', $now) c)" \
  | grep -E 'Index|Scan|Filter|Cond' | sed 's/^/  /' | head -20
echo "incident scans of the tertial analysis (kommun-first indexes):"
psql -X -q -d "$db" -c "LOAD 'auto_explain'" -c "SET auto_explain.log_min_duration = 0" -c "SET auto_explain.log_nested_statements = on" \
  -c "SET client_min_messages = log" -c "SET auto_explain.log_analyze = off" -c "SELECT count(*) FROM est.tertial_analysis('0188', '2026T3')" 2>&1 \
  | grep -E 'on incident|on picture_store|on reporting_round' | sed 's/^ */  /' | sort | uniq -c | head -12
dropdb "$db"
