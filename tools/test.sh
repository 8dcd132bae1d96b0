#!/usr/bin/env bash
# Runs every est test suite and ends with one line "N passed, N failed".
#   1. unit      C unit tests of src/core (no server)
#   2. regress   pg_regress over sql/ and expected/   } inside a throwaway
#   3. prove     pgTAP files in test/pgtap/ (pg_prove)  } PostgreSQL 15 cluster
#   4. shell     test/shell/*.sh (dump/restore, CREATE EXTENSION in a fresh db, ...)
# Called by `make test` after build and install; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."

counts=$(mktemp)
trap 'rm -f "$counts"' EXIT

echo "== unit tests (src/core) =="
unit_out=$(make -s unit 2>&1); unit_rc=$?
echo "$unit_out"
line=$(echo "$unit_out" | grep -E '^unit: [0-9]+ passed, [0-9]+ failed' | tail -1)
if [ -n "$line" ]; then
  p=$(echo "$line" | sed -E 's/^unit: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
  f=$(echo "$line" | sed -E 's/^unit: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
  echo "unit $p $f" >> "$counts"
else
  echo "unit 0 1" >> "$counts"      # did not build or crashed
fi
[ "$unit_rc" -eq 0 ] || echo "unit tests exited with $unit_rc"
if command -v valgrind >/dev/null 2>&1 && [ -x test/unit/run_unit ]; then
  if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
       ./test/unit/run_unit > /dev/null 2> unit-valgrind.log; then
    echo "unit tests under valgrind memcheck: no errors, no leaks"; echo "unit-valgrind 1 0" >> "$counts"
  else
    cat unit-valgrind.log; echo "unit-valgrind 0 1" >> "$counts"
  fi
  rm -f unit-valgrind.log
fi

echo "== server suites (pg_virtualenv, PostgreSQL 15) =="
EST_COUNTS="$counts" pg_virtualenv -v 15 -t bash tools/server-tests.sh
venv_rc=$?
if [ "$venv_rc" -ne 0 ] && ! grep -q '^server-done' "$counts"; then
  echo "pg_virtualenv failed ($venv_rc) before the server suites finished"
  echo "virtualenv 0 1" >> "$counts"
fi

echo "== summary =="
passed=0; failed=0
while read -r suite p f; do
  [ "$suite" = "server-done" ] && continue
  printf '  %-12s %5d passed, %d failed\n' "$suite" "$p" "$f"
  passed=$((passed + p)); failed=$((failed + f))
done < "$counts"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
