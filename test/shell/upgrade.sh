#!/usr/bin/env bash
# Upgrade harness (issue 7, part 5), run inside pg_virtualenv by tools/server-tests.sh. Prints TAP.
# For every installed upgrade path est--A--B.sql ending at the default version B, a database
# that runs CREATE EXTENSION est VERSION 'A' and then ALTER EXTENSION est UPDATE must have the same
# catalogue as one with a fresh CREATE EXTENSION est: function signatures, kind, volatility,
# strictness, parallel safety, SECURITY DEFINER, settings (search_path), result types and
# comments; views and their definitions; tables, columns, types, defaults, constraints, policies,
# indexes, types and operators; the extension's config_dump registrations. While est has one
# version only, the harness compares two fresh installs (which proves the comparison itself) and
# reports the upgrade as skipped.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }

catalogue="
SELECT 'function ' || p.oid::regprocedure || ' ' || concat_ws(' ', p.prokind, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
       p.proconfig, pg_get_function_result(p.oid), p.proretset, md5(coalesce(obj_description(p.oid, 'pg_proc'), '-')))
  FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace
UNION ALL
SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' ' || c.relrowsecurity || ' ' || coalesce(array_to_string(c.reloptions, ','), '')
       || ' ' || md5(coalesce(obj_description(c.oid, 'pg_class'), '-'))
       || CASE WHEN c.relkind IN ('v', 'm') THEN ' ' || md5(pg_get_viewdef(c.oid)) ELSE '' END
  FROM pg_class c WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S', 'i', 'c', 'p')
UNION ALL
SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' '
       || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attgenerated::text || ' ' || md5(coalesce(col_description(c.oid, a.attnum), '-'))
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'c')
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'est'::regnamespace
UNION ALL
SELECT 'index ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'est'::regnamespace
UNION ALL
SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd::text || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
  FROM pg_policies WHERE schemaname = 'est'
UNION ALL
SELECT 'trigger ' || tgrelid::regclass || ' ' || pg_get_triggerdef(t.oid)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'est'::regnamespace AND NOT t.tgisinternal
UNION ALL
SELECT 'type ' || t.typname || ' ' || t.typtype::text || ' ' || md5(coalesce(obj_description(t.oid, 'pg_type'), '-'))
  FROM pg_type t WHERE t.typnamespace = 'est'::regnamespace
UNION ALL
SELECT 'operator ' || o.oid::regoperator || ' ' || o.oprcode::text || ' ' || md5(coalesce(obj_description(o.oid, 'pg_operator'), '-'))
  FROM pg_operator o WHERE o.oprnamespace = 'est'::regnamespace
UNION ALL
SELECT 'grant ' || c.relname || ' ' || coalesce(array_to_string(c.relacl, ','), '')
  FROM pg_class c WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'v', 'm')
UNION ALL
SELECT 'config_dump ' || coalesce((SELECT string_agg(x::regclass::text || ' ' || y, ',' ORDER BY x::regclass::text)
  FROM unnest(e.extconfig, e.extcondition) AS u(x, y)), '') FROM pg_extension e WHERE e.extname = 'est'
ORDER BY 1"

sharedir=$(pg_config --sharedir 2>/dev/null || /usr/lib/postgresql/15/bin/pg_config --sharedir)
default=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$sharedir/extension/est.control")
paths=$(cd "$sharedir/extension" && ls est--*--"$default".sql 2>/dev/null | sed -n "s/^est--\(.*\)--$default\.sql$/\1/p")

for db in est_sh_up_fresh est_sh_up_other; do dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"; done
q est_sh_up_fresh "SET client_min_messages = warning; CREATE EXTENSION est CASCADE" >/dev/null
fresh=$(q est_sh_up_fresh "$catalogue")
lines=$(echo "$fresh" | wc -l)
if [ "$lines" -gt 500 ]; then ok "the catalogue of a fresh install of est $default has $lines entries"; else nok "catalogue size" "$lines"; fi

# the comparison itself: a second fresh install is identical, and a changed marking is caught
q est_sh_up_other "SET client_min_messages = warning; CREATE EXTENSION est CASCADE" >/dev/null
if [ "$(q est_sh_up_other "$catalogue")" = "$fresh" ]; then ok "two fresh installs have identical catalogues"; else nok "two fresh installs identical"; fi
q est_sh_up_other "ALTER FUNCTION est.gistar_p(float8) VOLATILE; COMMENT ON VIEW est.situation_picture IS 'x'" >/dev/null
changed=$(diff <(echo "$fresh") <(q est_sh_up_other "$catalogue") | grep -c '^>')
if [ "$changed" -eq 2 ]; then ok "the comparison catches a changed volatility and a changed view comment (2 entries differ)"
else nok "the comparison catches two changes" "$changed entries differ"; fi

if [ -z "$paths" ]; then
  ok "# SKIP no upgrade script ends at $default yet (only one version of est exists)"
fi
for from in $paths; do
  dropdb --if-exists est_sh_up_other >/dev/null 2>&1; createdb est_sh_up_other
  out=$(q est_sh_up_other "SET client_min_messages = warning; CREATE EXTENSION est VERSION '$from' CASCADE; ALTER EXTENSION est UPDATE" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then ok "install $from and update to $default"; else nok "install $from and update to $default" "$out"; continue; fi
  d=$(diff <(echo "$fresh") <(q est_sh_up_other "$catalogue"))
  if [ -z "$d" ]; then ok "upgraded from $from: the catalogue equals a fresh install of $default"
  else nok "upgraded from $from: catalogue equals a fresh install" "$(echo "$d" | head -20)"; fi
done

for db in est_sh_up_fresh est_sh_up_other; do dropdb --if-exists "$db" >/dev/null 2>&1; done
echo "1..$n"
[ "$fails" -eq 0 ]
