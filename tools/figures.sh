#!/usr/bin/env bash
# Makes the pictures in docs/figures/ from the demo data, in a throwaway cluster:
#   assess_norrtalje.png  — weekly counts, baseline, trend and suggested grade of Rimbo, last 52 weeks.
#   hotspot_norrtalje.png — Gi* bins (250 m cells, 500 m) over Norrtälje tätort, last 52 weeks and summer 2026.
#   picture_*.png         — the demo's map of hotspots and grades and its grade timeline (tools/demo.sh).
# Run after `make install` (make demo does that): bash tools/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data="${EST_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
munis=()
[ -r "$data/swedish_municipalities.geojson" ] && munis=(-v "munis_file=$data/swedish_municipalities.geojson")
csv=$(mktemp --suffix=.csv); cells=$(mktemp --suffix=.csv); outlines=$(mktemp --suffix=.csv)
pg_virtualenv -v 15 -t bash -c 'createdb est_fig && psql -X -q -d est_fig "${@:4}" -f demo/demo.sql >/dev/null &&
  psql -X -q -d est_fig -v csv="$1" -f docs/figures/assess_chart.sql &&
  psql -X -q -d est_fig -v cells="$2" -v outlines="$3" -f docs/figures/hotspot_map.sql' figures "$csv" "$cells" "$outlines" "${munis[@]}"
Rscript docs/figures/assess_chart.R "$csv" docs/figures/assess_norrtalje.png
Rscript docs/figures/hotspot_map.R "$cells" "$outlines" docs/figures/hotspot_norrtalje.png
rm -f "$csv" "$cells" "$outlines"
out=$(mktemp -d)
pg_virtualenv -v 15 -t bash -c 'createdb est_pic && psql -X -q -d est_pic "${@:2}" -f demo/demo.sql >/dev/null &&
  psql -X -q -d est_pic -v out="$1" -v now="2026-11-17 12:00+01" -f demo/pictures.sql' pictures "$out" "${munis[@]}"
Rscript demo/pictures.R "$out" >/dev/null
cp "$out/hotspots_and_grades.png" docs/figures/picture_map.png
cp "$out/grade_timeline.png" docs/figures/picture_timeline.png
rm -rf "$out"
echo "wrote docs/figures/assess_norrtalje.png, hotspot_norrtalje.png, picture_map.png and picture_timeline.png"
