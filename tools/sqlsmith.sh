#!/usr/bin/env bash
# sqlsmith (Debian package) against a database with est and the generated Norrtälje demo data, for
# EST_SQLSMITH_SECONDS (default 600). A private cluster (its own server log, so a crash shows as
# "terminated by signal"), max_parallel_workers_per_gather = 0 is not set: parallel plans are
# fuzzed too. statement_timeout 5 s keeps single queries short. Errors of the generated queries
# are expected and counted (sqlsmith's --log-to table); crashes are what fails: the script exits
# 1 if the server log has "terminated by signal" or the server is no longer up.
# Queries that crashed are printed from the log (their statement is logged with the crash).
set -u
cd "$(dirname "$0")/.."
T=${EST_SQLSMITH_SECONDS:-600}
dir=$(mktemp -d /tmp/est-sqlsmith.XXXXXX); chown postgres "$dir"
bin=/usr/lib/postgresql/15/bin
port=${EST_SQLSMITH_PORT:-5498}
su postgres -c "$bin/initdb -D $dir/data -A trust" >/dev/null 2>&1 || { echo "initdb failed"; exit 1; }
su postgres -c "$bin/pg_ctl -D $dir/data -l $dir/server.log -o '-p $port -k $dir -c statement_timeout=5s -c log_min_messages=warning -c log_min_error_statement=error' start" >/dev/null
export PGHOST=$dir PGPORT=$port PGUSER=postgres
for _ in $(seq 1 60); do psql -X -Atc 'select 1' -d postgres >/dev/null 2>&1 && break; sleep 1; done
createdb est_smith
(cd demo && psql -X -q -v ON_ERROR_STOP=1 -d est_smith >/dev/null 2>&1 <<'SQL'
SET client_min_messages = warning;
SET statement_timeout = 0;
CREATE EXTENSION est CASCADE;
\i generator.sql
\set spec `cat norrtalje.json`
SELECT * FROM est_demo.generate(:'spec') \g /dev/null
\i actions.sql
SELECT count(*) FROM est.refresh_pictures('0188', '[2026-10-01 00:00+02, 2026-11-17 13:00+01)');
-- a stored cube, so that est's cube functions get a real cube as an argument
CREATE TABLE public.cubes AS SELECT est.cube_agg(geom, occurred, 250, '7 days', '2026-01-06') AS c FROM est.incident;
SQL
) || { echo "loading the demo failed"; }
echo "sqlsmith for $T s against est_smith (est $(psql -X -At -d est_smith -c "SELECT extversion FROM pg_extension WHERE extname = 'est'"), $(psql -X -At -d est_smith -c "SELECT count(*) FROM est.incident") incidents)"
timeout "$T" sqlsmith --target="host=$dir port=$port dbname=est_smith user=postgres" \
  --seed="${EST_SQLSMITH_SEED:-7}" --verbose \
  > "$dir/sqlsmith.out" 2> "$dir/sqlsmith.err"
tail -c 600 "$dir/sqlsmith.err" | tr '\r' '\n' | tail -5
up=no; psql -X -Atc 'select 1' -d postgres >/dev/null 2>&1 && up=yes
# sqlsmith --verbose prints one character per query ("." ran, "e" raised an error, statement
# timeouts included, "S" syntax error of the generator, "C" connection broken, i.e. a crash or a
# terminated backend) and, every 1000 queries, a "queries: N" line with statistics
tr '\r' '\n' < "$dir/sqlsmith.err" > "$dir/sqlsmith.txt"
sed -E 's/[^.etSC].*//' "$dir/sqlsmith.txt" | tr -d '\n' > "$dir/progress.txt"
ran=$(tr -cd '.' < "$dir/progress.txt" | wc -c); err=$(tr -cd 'et' < "$dir/progress.txt" | wc -c)
syn=$(tr -cd 'S' < "$dir/progress.txt" | wc -c); brk=$(tr -cd 'C' < "$dir/progress.txt" | wc -c)
tmo=$(grep -c 'canceling statement due to statement timeout' "$dir/server.log")
echo "queries: $((ran + err + syn + brk)) ($ran ran, $err raised an error — $tmo of them the 5 s timeout —, $syn generator syntax errors, $brk broke the connection)"
grep -E '^queries:' "$dir/sqlsmith.txt" | tail -1 | sed 's/^/  sqlsmith: /'
echo "errors most often reported in the server log (generated queries are often invalid):"
grep -oE 'ERROR:  .*' "$dir/server.log" | sed -E 's/"[^"]*"/"…"/g; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -10 | sed 's/^/  /'
echo "errors raised by est's own checks (messages of est's ereport/RAISE):"
grep -cE 'ERROR:  .*(est\.|cube|tertial|cell_size|distance|kommun|municipality|SRID)' "$dir/server.log" | sed 's/^/  /'
crashes=$(grep -c 'terminated by signal' "$dir/server.log")
echo "server log: $crashes 'terminated by signal'; server up afterwards: $up"
grep -B2 -A6 'terminated by signal' "$dir/server.log" | head -60
su postgres -c "$bin/pg_ctl -D $dir/data stop -m fast" >/dev/null 2>&1
echo "(logs in $dir)"
[ "$crashes" -eq 0 ] && [ "$up" = yes ]
