#!/usr/bin/env bash
# The server-side suites; run by tools/test.sh inside pg_virtualenv (PG* set).
# Appends "suite passed failed" lines to $EST_COUNTS.
set -u
cd "$(dirname "$0")/.."
: "${EST_COUNTS:?}"

tap_count() {   # suite-name, file with TAP output, exit status of the runner
  local ok notok
  ok=$(grep -cE '^[[:space:]]*ok [0-9]+' "$2")
  notok=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$2")
  # a runner that failed without reporting a failing test (died, bad plan) counts as one failure
  if [ "$3" -ne 0 ] && [ "$notok" -eq 0 ]; then notok=1; fi
  echo "$1 $ok $notok" >> "$EST_COUNTS"
}

echo "-- installcheck (pg_regress)"
out=$(mktemp)
make -s installcheck 2>&1 | tee "$out"; rc=${PIPESTATUS[0]}
ok=$(grep -cE '\.\.\. ok' "$out"); bad=$(grep -cE '\.\.\. FAILED|\.\.\. failed' "$out")
if [ "$rc" -ne 0 ]; then
  [ -f regression.diffs ] && { echo "---- regression.diffs ----"; cat regression.diffs; }
  [ "$bad" -eq 0 ] && bad=1
fi
echo "regress $ok $bad" >> "$EST_COUNTS"

echo "-- prove (pgTAP)"
dropdb --if-exists est_tap >/dev/null 2>&1
createdb est_tap
psql -X -q -d est_tap -v ON_ERROR_STOP=1 \
  -c 'CREATE EXTENSION est CASCADE' -c 'CREATE EXTENSION pgtap' 2>&1 | grep -v '^NOTICE'
pg_prove -v -d est_tap --ext .sql test/pgtap/ > "$out" 2>&1; rc=$?
cat "$out"
tap_count pgtap "$out" "$rc"

echo "-- shell tests"
for t in test/shell/*.sh; do
  [ -e "$t" ] || continue
  echo "# $t"
  bash "$t" > "$out" 2>&1; rc=$?
  cat "$out"
  tap_count "shell:$(basename "$t" .sh)" "$out" "$rc"
done
rm -f "$out"
echo "server-done 0 0" >> "$EST_COUNTS"
