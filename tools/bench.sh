#!/usr/bin/env bash
# `make bench`: every test/bench/*.sh inside a throwaway PostgreSQL 15 cluster. Each prints
# timings of est next to a peer measured in the same run, and their ratio. Not a test: it never
# fails on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
pg_virtualenv -v 15 -t bash -c 'for b in test/bench/*.sh; do echo "== $b"; bash "$b"; done'
