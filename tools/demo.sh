#!/usr/bin/env bash
# `make demo`: a throwaway PostgreSQL 15 cluster, est created, the Norrtälje demo loaded
# (demo/demo.sql) and its situation picture printed. The cluster is gone afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${EST_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
args=()
if [ -r "$data/swedish_municipalities.geojson" ]; then
  args=(-v "munis_file=$data/swedish_municipalities.geojson")
fi
pg_virtualenv -v 15 -t bash -c 'createdb est_demo && psql -X -q -d est_demo "$@" -f demo/demo.sql' demo "${args[@]}"
