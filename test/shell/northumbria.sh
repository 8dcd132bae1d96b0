#!/usr/bin/env bash
# Real data through the generic analysis functions, run inside pg_virtualenv by
# tools/server-tests.sh.  Prints TAP.  Every Northumbria anti-social-behaviour record of 2022
# (../shared/data/northumbria_asb_2022.tab, data.police.uk via crimemappingdata; README in
# ../shared/data) in its own projected CRS, British National Grid (EPSG:27700):
#  - every row of the file loads (the count is taken from the file with awk);
#  - est.grid_agg and est.cube_agg conserve the counts, in total and per month (awk again);
#  - est.gistar on the 2 km grid (4 km band) equals R spdep localG to 1e-9 in every cell, with
#    the same counts, and est.gistar_areal over the 6 districts (queen) equals localG on
#    poly2nb — references from test/reference/northumbria.R (R 4.2.2, spdep 1.2.7, sf 1.0.9).
# Skipped, with a message, when ../shared/data is absent.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
is()  { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "'$2', expected '$3'"; fi; }
skip(){ n=$((n + 1)); echo "ok $n # SKIP $1"; }
data="${EST_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
tab="$data/northumbria_asb_2022.tab"; districts="$data/northumbria_districts.geojson"
if [ ! -r "$tab" ] || [ ! -r "$districts" ]; then
  for t in 1 2 3 4 5 6 7 8 9; do
    skip "../shared/data is absent: the Northumbria real-data tests need northumbria_asb_2022.tab and northumbria_districts.geojson"
  done
  echo "1..$n"; exit 0
fi
db=est_sh_northumbria
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -c 'CREATE EXTENSION est CASCADE' 2>/dev/null
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@" 2>&1; }

file_rows=$(awk 'NR > 1' "$tab" | wc -l)
per_month=$(awk -F'\t' 'NR > 1 { c[$1]++ } END { for (m in c) print m, c[m] }' "$tab" | sort | tr '\n' ' ')
out=$(q <<SQL
CREATE TABLE asb (month date, longitude float8, latitude float8, location text, lsoa_code text);
\\copy asb FROM '$tab' WITH (FORMAT csv, DELIMITER E'\\t', HEADER true, QUOTE E'\\x01')
ALTER TABLE asb ADD COLUMN geom geometry;
UPDATE asb SET geom = ST_Transform(ST_SetSRID(ST_Point(longitude, latitude), 4326), 27700)
 WHERE longitude <> 0 AND latitude <> 0;
SELECT count(*) FROM asb;
SQL
)
is "all $file_rows records of the file load" "$out" "$file_rows"
is "... every one with coordinates, projected to EPSG:27700" "$(q -c 'SELECT count(*) FROM asb WHERE ST_SRID(geom) = 27700')" "$file_rows"

is "est.grid_agg at 2 km conserves the count (cube total and the sum of its cells)" \
   "$(q -c "WITH c AS (SELECT est.grid_agg(geom, 2000) AS c FROM asb)
            SELECT (est.cube_info(c)).total || ' ' || (SELECT sum(n) FROM est.cube_cells(c)) FROM c")" "$file_rows $file_rows"
is "est.cube_agg (2 km, daily steps from 1 January) conserves the count of every month" \
   "$(q -c "WITH c AS (SELECT est.cube_agg(geom, month::timestamptz, 2000, '1 day', '2022-01-01 00:00+00') AS c FROM asb)
            SELECT string_agg(to_char(s, 'YYYY-MM-DD') || ' ' || n, ' ' ORDER BY s) || ' '
              FROM (SELECT step_start AT TIME ZONE 'UTC' AS s, sum(n)::bigint AS n FROM est.cube_cells((SELECT c FROM c)) GROUP BY 1) x")" \
   "$per_month"

q >/dev/null <<SQL
SET client_min_messages = warning;
CREATE TABLE ref (col int, row int, n float8, z float8);
\\copy ref FROM 'test/reference/gistar_northumbria.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE g AS SELECT * FROM est.gistar((SELECT est.grid_agg(geom, 2000) FROM asb), 4000);
SQL
is "est.gistar over the data extent has R's 2240 cells (zero cells included)" \
   "$(q -c 'SELECT count(*) FROM g') $(q -c 'SELECT count(*) FROM ref')" "2240 2240"
is "... with R's count in every cell" \
   "$(q -c 'SELECT count(*) FROM g JOIN ref r ON est.cell_id(r.col * 2000 + 1000, r.row * 2000 + 1000, 2000) = g.cell_id AND g.n = r.n')" "2240"
is "... and z equal to R spdep localG (include.self, 4 km band) to 1e-9 in every cell" \
   "$(q -c 'SELECT max(abs(g.z - r.z)) <= 1e-9 FROM g JOIN ref r ON est.cell_id(r.col * 2000 + 1000, r.row * 2000 + 1000, 2000) = g.cell_id')" "t"

out=$(q <<SQL
SET client_min_messages = warning;
CREATE TABLE gj (doc text);
\\copy gj FROM PROGRAM 'tr -d "\\n" < $districts' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')
CREATE TABLE d AS
SELECT row_number() OVER (ORDER BY f->'properties'->>'district') AS id, f->'properties'->>'district' AS district,
       ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326), 27700) AS geom
  FROM gj, json_array_elements(doc::json->'features') f;
CREATE TABLE aref (district text, n int, neighbours int, z float8);
\\copy aref FROM 'test/reference/gistar_northumbria_areal.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE a AS
SELECT d.district, r.* FROM (SELECT array_agg(id) i, array_agg(n::float8) v, array_agg(geom) g FROM (
         SELECT d.id, d.geom, (SELECT count(*) FROM asb WHERE ST_Intersects(d.geom, asb.geom)) AS n FROM d) q) q,
       est.gistar_areal(q.i, q.v, q.g) r JOIN d ON d.id = r.id;
SELECT count(*) FROM a JOIN aref USING (district) WHERE a.value = aref.n AND a.neighbour_count = aref.neighbours;
SQL
)
is "the 6 districts: the same record counts and queen neighbour counts as R sf/spdep poly2nb" "$out" "6"
is "est.gistar_areal over the districts equals R spdep localG to 1e-9" \
   "$(q -c 'SELECT max(abs(a.z - r.z)) <= 1e-9 FROM a JOIN aref r USING (district)')" "t"

dropdb "$db"
echo "1..$n"
[ "$fails" -eq 0 ]
