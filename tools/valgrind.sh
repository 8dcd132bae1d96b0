#!/usr/bin/env bash
# `make valgrind`: PostgreSQL 15 started under valgrind memcheck in a private cluster, then
# installcheck and the pgTAP suites against it. Reports every valgrind error whose stack passes
# through est.so; errors wholly inside PostgreSQL (regex memcpy overlap, uninitialised padding
# in write(), the loader) are counted but not est's. Slow (minutes). Exits 1 if est has errors.
set -u
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/est-valgrind.XXXXXX); chown postgres "$dir"
bin=/usr/lib/postgresql/15/bin
su postgres -c "$bin/initdb -D $dir/data" >/dev/null 2>&1 || { echo "initdb failed"; exit 1; }
su postgres -c "cd $dir && valgrind --quiet --trace-children=yes --track-origins=yes --num-callers=40 \
  --log-file=$dir/vg.%p.log $bin/postgres -D $dir/data -p 5497 -k $dir -c max_parallel_workers_per_gather=0 \
  > $dir/server.log 2>&1 &"
export PGHOST=$dir PGPORT=5497 PGUSER=postgres
for _ in $(seq 1 120); do psql -X -Atc 'select 1' -d postgres >/dev/null 2>&1 && break; sleep 1; done
make -s installcheck 2>&1 | grep -E "tests (passed|failed)"
createdb vg_tap && psql -X -q -d vg_tap -c 'CREATE EXTENSION est CASCADE' -c 'CREATE EXTENSION pgtap' 2>&1 | grep -v '^NOTICE'
pg_prove --ext .sql -d vg_tap test/pgtap/ 2>&1 | tail -2
su postgres -c "$bin/pg_ctl -D $dir/data stop -m fast" >/dev/null 2>&1
total=$(cat "$dir"/vg.*.log | grep -cE '^==[0-9]+== [A-Z][a-z]+.*(Invalid|uninitialised|overlap|definitely)')
ours=$(awk '/^==[0-9]+== [A-Z]/ {blk=$0; next} /^==[0-9]+==    (at|by) / {blk=blk "\n" $0; if ($0 ~ /est\.so/) hit[blk]=1} END {print length(hit)}' "$dir"/vg.*.log)
echo "valgrind: $total error reports in all, $ours with est.so on the stack (logs in $dir)"
[ "$ours" -eq 0 ]
