#!/usr/bin/env bash
# Ingest with real files, run inside pg_virtualenv by tools/server-tests.sh. Prints TAP.
#  - all 290 municipalities of ../shared/data/swedish_municipalities.geojson load, codes keep
#    their leading zero, every boundary becomes a valid kommun locality (skipped, with a
#    message, when ../shared/data is absent);
#  - the documented \copy route loads a clean CSV; \copy of a file with a wrong column count
#    fails whole (PostgreSQL's COPY), which is why est.stage_reports_csv exists.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
is()  { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "'$2', expected '$3'"; fi; }
skip(){ n=$((n + 1)); echo "ok $n # SKIP $1"; }
db=est_sh_ingest
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -c 'CREATE EXTENSION est CASCADE' 2>/dev/null
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@" 2>&1; }

data="${EST_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
munis="$data/swedish_municipalities.geojson"
if [ -r "$munis" ]; then
  expected_zero=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for f in d['features'] if str(f['properties']['id']).startswith('0')))" "$munis")
  load_munis="\\set content \`cat :f\`
SET client_min_messages = warning;
SELECT municipalities || ' ' || localities || ' ' || rejected FROM est.load_municipalities(:'content'::jsonb);"
  out=$(echo "$load_munis" | q -v f="$munis")
  is "all 290 municipalities of the shared GeoJSON load with their boundaries, none rejected" "$out" "290 290 0"
  is "codes keep their leading zero ($expected_zero start with 0, as in the file)" \
     "$(q -c "SELECT count(*) FROM est.municipality WHERE kommun LIKE '0%'")" "$expected_zero"
  is "every code is four digits and Norrtälje is 0188" \
     "$(q -c "SELECT count(*) FILTER (WHERE kommun ~ '^[0-9]{4}$') || ' ' || (SELECT name FROM est.municipality WHERE kommun = '0188') FROM est.municipality")" "290 Norrtälje"
  is "every boundary is a valid MULTIPOLYGON in SWEREF 99 TM" \
     "$(q -c "SELECT count(*) FROM est.locality WHERE kind = 'kommun' AND ST_IsValid(geom) AND ST_SRID(geom) = 3006 AND GeometryType(geom) = 'MULTIPOLYGON'")" "290"
  is "Norrtälje's area is plausible (about 2 000 km² of land and sea in the simplified outline)" \
     "$(q -c "SELECT round(area_m2 / 1e9) BETWEEN 1 AND 5 FROM est.locality WHERE kommun = '0188'")" "t"
  out=$(echo "$load_munis" | q -v f="$munis")
  is "loading them again updates in place (no duplicates)" "$out $(q -c 'SELECT count(*) FROM est.locality')" "290 290 0 290"
else
  for t in 1 2 3 4 5 6; do skip "../shared/data is absent: the real-data municipality tests need swedish_municipalities.geojson"; done
  q -c "INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje')" >/dev/null
fi

tmp=$(mktemp -d); chmod 755 "$tmp"
cat > "$tmp/clean.csv" <<'CSV'
kommun,external_id,category,occurred_from,occurred_to,reported_at,lat,lon,e,n,severity,suspected,description,reporter,source
0188,k1,Klotter,2025-05-02 18:00,2025-05-05 07:00,2025-05-05 08:10,59.758,18.705,,,,,,,
0188,k2,skadegorelse.glaskross,2025-05-03 22:15,,,,,703000,6627000,2,ja,"Ruta, krossad",,
CSV
out=$(q -c "\\copy est.report_staging (kommun, external_id, category, occurred_from, occurred_to, reported_at, lat, lon, e, n, severity, suspected, description, reporter, source) FROM '$tmp/clean.csv' WITH (FORMAT csv, HEADER)" -c "SET client_min_messages = warning" -c "CALL est.load_reports()")
is "\\copy into est.report_staging, then CALL est.load_reports(), loads a clean file" "$out" "2|0|0"
out=$(q -c "\\copy est.report_staging (kommun, external_id, category, occurred_from, occurred_to, reported_at, lat, lon, e, n, severity, suspected, description, reporter, source) FROM 'test/data/reports_broken.csv' WITH (FORMAT csv, HEADER)")
case "$out" in *"missing data for column"*) ok "\\copy of a file with a short row fails whole, as COPY does";; *) nok "\\copy of a broken file" "$out";; esac
is "... and stages nothing" "$(q -c 'SELECT count(*) FROM est.report_staging')" "0"
q -c "INSERT INTO est.organisation (kommun, name) VALUES ('0188', 'Trygg i Norrtälje')" \
  -c "INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT '0188', 'R-1', id FROM est.organisation" >/dev/null
out=$(q <<'SQL'
\set content `cat test/data/reports_broken.csv`
SELECT staged || ' ' || rejected FROM est.stage_reports_csv(:'content');
SET client_min_messages = warning;
CALL est.load_reports();
SQL
)
is "est.stage_reports_csv takes the same file row by row" "$out" "19 2
4|1|14"
rm -rf "$tmp"
dropdb "$db"
echo "1..$n"
[ "$fails" -eq 0 ]
