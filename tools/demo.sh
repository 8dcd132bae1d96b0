#!/usr/bin/env bash
# `make demo`: a throwaway PostgreSQL 15 cluster, est created, two years of generated Norrtälje data
# loaded (demo/demo.sql: demo/generator.sql with demo/norrtalje.json, demo/actions.sql), the
# situation picture, hotspot list, actions and tertial analysis printed, and two pictures drawn
# (demo/pictures.sql + demo/pictures.R) into demo-output/. The cluster is gone afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${EST_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
out="$(pwd)/demo-output"
mkdir -p "$out"
chmod 777 "$out"		# the server's \copy runs as the client, but keep it writable for any role
args=()
if [ -r "$data/swedish_municipalities.geojson" ]; then
  args=(-v "munis_file=$data/swedish_municipalities.geojson")
fi
pg_virtualenv -v 15 -t bash -c '
  set -e
  createdb est_demo
  psql -X -q -d est_demo "${@:2}" -f demo/demo.sql
  psql -X -q -d est_demo -v out="$1" -v now="2026-11-17 12:00+01" -f demo/pictures.sql
' demo "$out" "${args[@]}"
echo
echo "Pictures (map of hotspots and grades, grade timeline per tätort) in $out:"
Rscript demo/pictures.R "$out"
