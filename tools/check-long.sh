#!/usr/bin/env bash
# `make check-long`: the long robustness runs of docs/testing.md, each with its own summary, then
# one line "N passed, N failed" (a run passes when it reports no crash / no error):
#   1. fuzz       libFuzzer harnesses of tertial in/recv, cube recv, the CSV reader, packed parts
#                 (test/fuzz; EST_FUZZ_SECONDS each, default 300)
#   2. sqlsmith   random SQL against est with the demo data (tools/sqlsmith.sh;
#                 EST_SQLSMITH_SECONDS, default 600): no "terminated by signal"
#   3. valgrind   the server under memcheck, installcheck + pgTAP (tools/valgrind.sh): no error
#                 with est.so on the stack
#   4. load       pgbench, 16 writers + 4 readers + a refresher (test/load/pgbench.sh;
#                 EST_LOAD_SECONDS, default 60): no error, no deadlock, nothing lost
# EST_LONG_ONLY="fuzz load" runs a subset.
set -u
cd "$(dirname "$0")/.."
only=${EST_LONG_ONLY:-fuzz sqlsmith valgrind load}
passed=0; failed=0
run() {  # name, command...
  local name=$1; shift
  case " $only " in *" $name "*) ;; *) return;; esac
  echo "== $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "-- $name: passed ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); echo "-- $name: FAILED ($((SECONDS - t0)) s)"; fi
}
run fuzz make -s -C test/fuzz run FUZZ_SECONDS="${EST_FUZZ_SECONDS:-300}"
run sqlsmith bash tools/sqlsmith.sh
run valgrind bash tools/valgrind.sh
run load pg_virtualenv -v 15 -t bash test/load/pgbench.sh
echo "== summary"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
