#!/usr/bin/env bash
# Makes the pictures in docs/figures/ from the demo data, in a throwaway cluster:
#   assess_norrtalje.png — weekly counts, baseline, trend and suggested grade of Norrtälje in 2025.
# Run after `make install` (make demo does that): bash tools/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data="${EST_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
munis=()
[ -r "$data/swedish_municipalities.geojson" ] && munis=(-v "munis_file=$data/swedish_municipalities.geojson")
csv=$(mktemp --suffix=.csv)
pg_virtualenv -v 15 -t bash -c 'createdb est_fig && psql -X -q -d est_fig "${@:2}" -f demo/demo.sql >/dev/null &&
  psql -X -q -d est_fig -v csv="$1" -f docs/figures/assess_chart.sql' figures "$csv" "${munis[@]}"
Rscript docs/figures/assess_chart.R "$csv" docs/figures/assess_norrtalje.png
rm -f "$csv"
echo "wrote docs/figures/assess_norrtalje.png"
