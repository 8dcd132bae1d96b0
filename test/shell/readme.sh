#!/usr/bin/env bash
# The README's SQL tour must run as written: every ```sql block of README.md is executed in a
# fresh database, in order, stopping at the first error. Prints TAP.
set -u
cd "$(dirname "$0")/../.."
db=est_sh_readme
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
sql=$(awk '/^```sql$/ {on=1; next} /^```$/ {on=0} on' README.md)
if [ -z "$sql" ]; then echo "not ok 1 - README.md has an SQL tour"; echo "1..1"; exit 1; fi
out=$(printf '%s\n' "$sql" | psql -X -q -v ON_ERROR_STOP=1 -d "$db" 2>&1); rc=$?
if [ $rc -eq 0 ]; then echo "ok 1 - the SQL tour in README.md runs without error"
else echo "not ok 1 - the SQL tour in README.md runs without error"; echo "$out" | sed 's/^/#   /'; fi
loc=$(psql -X -At -d "$db" -c "SELECT l.name FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id")
if [ "$loc" = "Rimbo" ]; then echo "ok 2 - the tour's incident lands in Rimbo"; else echo "not ok 2 - the tour's incident lands in Rimbo"; echo "#   got: '$loc'"; rc=1; fi
dropdb --if-exists "$db" >/dev/null 2>&1
echo "1..2"
exit $rc
