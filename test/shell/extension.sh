#!/usr/bin/env bash
# Installation-level tests, run inside pg_virtualenv (PG* set) by tools/server-tests.sh.
# Prints TAP: CREATE EXTENSION ... CASCADE in empty databases, PostGIS in another schema
# (the search_path trap), calls under search_path = pg_catalog, DROP/CREATE, and pg_dump
# round trips that keep every row, id sequence and derived locality.
set -u
n=0
fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
# is "description" "actual" "expected"
is()  { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "'$2', expected '$3'"; fi; }
q()   { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }

for db in est_sh_a est_sh_b est_sh_gis est_sh_restored; do dropdb --if-exists "$db" >/dev/null 2>&1; done

# ---------------------------------------------------------------- CREATE EXTENSION ... CASCADE
createdb est_sh_a
out=$(psql -X -q -d est_sh_a -c 'CREATE EXTENSION est CASCADE' 2>&1)
is "CREATE EXTENSION est CASCADE in an empty database says it installs postgis" \
   "$out" 'NOTICE:  installing required extension "postgis"'
is "... and installs exactly postgis and est" \
   "$(q est_sh_a "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'")" "est,postgis"
is "est lives in schema est at version 0.1" \
   "$(q est_sh_a "SELECT n.nspname || ' ' || e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'est'")" "est 0.1"

createdb est_sh_b
out=$(psql -X -q -d est_sh_b -c 'CREATE EXTENSION est CASCADE' 2>&1)
rc=$?
if [ $rc -eq 0 ]; then ok "a second database in the same cluster installs too (roles already exist)"; else nok "second database" "$out"; fi

is "DROP EXTENSION est removes it" "$(q est_sh_b 'DROP EXTENSION est; SELECT count(*) FROM pg_extension WHERE extname = '\''est'\''')" "0"
is "... and it installs again" "$(q est_sh_b 'CREATE EXTENSION est; SELECT count(*) FROM pg_extension WHERE extname = '\''est'\''')" "1"

# ---------------------------------------------------------------- PostGIS in another schema
createdb est_sh_gis
q est_sh_gis 'CREATE SCHEMA gis; CREATE EXTENSION postgis SCHEMA gis; CREATE EXTENSION est' >/dev/null
setup="INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
 INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'kommun', 'Norrtälje kommun', 'SRID=3006;POLYGON((690000 6610000, 720000 6610000, 720000 6650000, 690000 6650000, 690000 6610000))');
 INSERT INTO est.locality (kommun, kind, name, geom, parent_id) SELECT '0188', 'tätort', 'Rimbo', 'SRID=3006;POLYGON((690000 6620000, 692000 6620000, 692000 6622000, 690000 6622000, 690000 6620000))', id FROM est.locality;"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d est_sh_gis -c "SET search_path = pg_catalog" -c "$setup" \
   -c "INSERT INTO est.incident (kommun, category, occurred, geom, external_id) VALUES ('0188', 'skadegorelse.klotter', '[2024-05-01 10:00+02, 2024-05-01 11:00+02]', 'SRID=4326;POINT(18.70 59.76)', 'w1')" \
   -c "SELECT l.name FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id" 2>&1)
is "with PostGIS in schema gis and search_path = pg_catalog, writes, transforms and derives work" "$out" "Norrtälje kommun"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d est_sh_gis -c "SET search_path = pg_catalog" \
   -c "SELECT est.locality_of('0188', 'SRID=3006;POINT(691000 6621000)', 'point') = (SELECT id FROM est.locality WHERE name = 'Rimbo')" 2>&1)
is "est.locality_of works under search_path = pg_catalog (BEGIN ATOMIC binds its names)" "$out" "t"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d est_sh_gis -c "SET search_path = pg_catalog" \
   -c "SELECT (est.cycle('0188', '2024-05-07 13:00+02')).label, est.tertial(timestamptz '2024-04-30 23:30+00')::text" 2>&1)
is "est.cycle and est.tertial work under search_path = pg_catalog" "$out" "2024-W20|2024-T2"

# ---------------------------------------------------------------- pg_dump round trip
q est_sh_a "$setup" >/dev/null
q est_sh_a "
 INSERT INTO est.category (code, parent, label_sv, label_en, default_severity) VALUES ('skadegorelse.sprayfarg', 'skadegorelse', 'Sprayfärg', 'Spray paint', 1);
 UPDATE est.municipality SET cycle_length = 'fortnightly', cycle_anchor = '2024-01-09' WHERE kommun = '0188';
 INSERT INTO est.organisation (kommun, name, kind) VALUES ('0188', 'Norrtäljehem', 'bostadsbolag');
 INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT '0188', 'R-017', id FROM est.organisation;
 INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id, reporter_id)
 SELECT '0188', 'skadegorelse.sprayfarg', tstzrange(t, t + interval '2 hours', '[]'), t + interval '3 hours',
        ST_SetSRID(ST_MakePoint(690500 + g * 10, 6620500 + g * 7), 3006), 'd' || g, r.id
   FROM generate_series(1, 50) g, LATERAL (SELECT timestamptz '2024-05-01 08:00+02' + g * interval '1 day' AS t) tt,
        (SELECT id FROM est.reporter) r;
 INSERT INTO est.reporting_round (kommun, reporter_id, nothing_to_report, submitted_at) SELECT '0188', id, true, '2024-05-07 10:00+02' FROM est.reporter;
 INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value) SELECT '0188', id, 2024, 'problemindex', 2.4 FROM est.locality WHERE name = 'Rimbo';
 CREATE ROLE est_sh_analyst IN ROLE est_analyst;
 INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'est_sh_analyst');" >/dev/null
# ---- module action: a meeting, an action on the custom category (pg_restore loads est.action
# before est.category), a follow-up, a status changed by hand after it (a restore must not
# re-apply the follow-up), a grade decision tied to the meeting
q est_sh_a "
 INSERT INTO est.meeting (kommun, held_at, functions, note) VALUES ('0188', '2024-05-08 15:00+02', '{kommun,polis}', 'v19');
 INSERT INTO est.action (kommun, locality_id, target_area, target_categories, description, owner_organisation_id, partner_organisation_ids, started, due, status, meeting_id)
 SELECT '0188', l.id, 'SRID=3006;POLYGON((690400 6620400, 690900 6620400, 690900 6620900, 690400 6620900, 690400 6620400))', '{skadegorelse.sprayfarg}',
        'Sanering av sprayfärg', o.id, ARRAY[o.id], '2024-05-10', '2024-06-30', 'active', m.id
   FROM est.locality l, est.organisation o, est.meeting m WHERE l.name = 'Rimbo';
 INSERT INTO est.follow_up (kommun, action_id, meeting_id, status, note) SELECT '0188', a.id, m.id, 'active', 'igång' FROM est.action a, est.meeting m;
 UPDATE est.action SET status = 'finished', ended = '2024-06-20';
 INSERT INTO est.meeting_decision (kommun, assessment_id, meeting_id)
 SELECT '0188', (est.decide('0188', l.id, '2024-05-08 15:00+02', 2, 'Sprayklotter vid torget')).id, m.id FROM est.locality l, est.meeting m WHERE l.name = 'Rimbo';" >/dev/null
action_snapshot="SELECT (SELECT string_agg(concat_ws('|', id, status, started, due, ended, target_categories, ST_AsText(target_area), partner_organisation_ids, meeting_id), ',' ORDER BY id) FROM est.action)
  || ' ' || (SELECT string_agg(concat_ws('|', id, action_id, meeting_id, noted_on, status), ',' ORDER BY id) FROM est.follow_up)
  || ' ' || (SELECT string_agg(concat_ws('|', id, held_on, held_at, functions), ',' ORDER BY id) FROM est.meeting)
  || ' ' || (SELECT count(*) FROM est.meeting_decision)
  || ' ' || (SELECT string_agg(concat_ws('|', action_id, status, open, overdue, last_follow_up_status), ',') FROM est.actions_at('0188', '2024-06-01 12:00+02'))
  || ' ' || (SELECT concat_ws('|', target_before, target_after, control_before, control_after) FROM est.action_effect('0188', (SELECT id FROM est.action), '1 month', '1 month', 50))"
action_before=$(q est_sh_a "$action_snapshot")
# ---- end module action
snapshot="SELECT (SELECT count(*) FROM est.incident) || ' ' || (SELECT count(*) FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id WHERE l.name = 'Rimbo')
  || ' ' || (SELECT count(*) FROM est.locality) || ' ' || (SELECT count(*) FROM est.category) || ' ' || (SELECT count(*) FROM est.police_event_type)
  || ' ' || (SELECT count(*) FROM est.reporter) || ' ' || (SELECT count(*) FROM est.reporting_round) || ' ' || (SELECT count(*) FROM est.survey_result)
  || ' ' || (SELECT count(*) FROM est.member) || ' ' || (SELECT cycle_length FROM est.municipality) || ' ' || (SELECT md5(string_agg(id || ST_AsText(geom) || occurred::text, ',' ORDER BY id)) FROM est.incident)"
before=$(q est_sh_a "$snapshot")
dump=$(mktemp)
if pg_dump -Fc -d est_sh_a -f "$dump" 2>"$dump.err"; then ok "pg_dump of a database with est and data"; else nok "pg_dump" "$(cat "$dump.err")"; fi
createdb est_sh_restored
pg_restore -d est_sh_restored "$dump" >"$dump.err" 2>&1; rc=$?
if [ $rc -eq 0 ]; then ok "pg_restore into an empty database succeeds without errors"; else nok "pg_restore" "$(head -c 2000 "$dump.err")"; fi
after=$(q est_sh_restored "$snapshot")
is "the restored database has the same rows, localities, custom category, configuration and memberships" "$after" "$before"
# ---- module action
is "the restored database has the same meetings, actions (status set by hand kept), follow-ups, decision links and evaluation" \
   "$(q est_sh_restored "$action_snapshot")" "$action_before"
case "$action_before" in *"|finished|2024-05-10|2024-06-30|2024-06-20|{skadegorelse.sprayfarg}|MULTIPOLYGON"*" 1 "*"|active|t|f|active "*) ok "the action snapshot is not trivial";;
  *) nok "action snapshot content" "$action_before";; esac
# ---- end module action
case "$before" in "50 50 2 "*) ok "the snapshot is not trivial (50 incidents in Rimbo)";; *) nok "snapshot content" "$before";; esac
out=$(q est_sh_restored "INSERT INTO est.incident (kommun, category, occurred, geom) VALUES ('0188', 'skadegorelse', '[2024-06-01,2024-06-01]', 'SRID=3006;POINT(691500 6621500)') RETURNING id > (SELECT max(id) FROM est.incident WHERE external_id IS NOT NULL)")
is "after restore the id sequence continues past the restored ids" "$out" "t"
out=$(q est_sh_restored "INSERT INTO est.locality (kommun, kind, name, geom, parent_id) SELECT '0188', 'område', 'Rimbo centrum', 'SRID=3006;POLYGON((690000 6620000, 691000 6620000, 691000 6621000, 690000 6621000, 690000 6620000))', id FROM est.locality WHERE name = 'Rimbo';
  SELECT count(*) FROM est.incident i JOIN est.locality l ON l.kommun = i.kommun AND l.id = i.locality_id WHERE l.name = 'Rimbo centrum'")
is "after restore, locality triggers still keep incidents right (new område takes its points)" "$out" "50"
rm -f "$dump" "$dump.err"

for db in est_sh_a est_sh_b est_sh_gis est_sh_restored; do dropdb --if-exists "$db" >/dev/null 2>&1; done
psql -X -q -d postgres -c 'DROP ROLE IF EXISTS est_sh_analyst' >/dev/null 2>&1
echo "1..$n"
[ "$fails" -eq 0 ]
