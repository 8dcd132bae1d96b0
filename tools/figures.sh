#!/usr/bin/env bash
# Makes the pictures in docs/figures/ from the demo data, in a throwaway cluster:
#   assess_norrtalje.png  — weekly counts, baseline, trend and suggested grade of Norrtälje in 2025.
#   hotspot_norrtalje.png — Gi* bins (250 m cells, 500 m) over Norrtälje tätort, 2025 and spring.
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
echo "wrote docs/figures/assess_norrtalje.png and docs/figures/hotspot_norrtalje.png"
