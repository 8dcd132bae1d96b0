-- pgTAP tests of the period module: the est.tertial type and reporting cycles.
-- Expected values are hand-computed from the calendar: 2024 is a leap year
-- starting on a Monday; in Europe/Stockholm summer time (UTC+2) runs from
-- 2024-03-31 01:00 UTC to 2024-10-27 01:00 UTC, otherwise UTC+1.
BEGIN;
SELECT plan(226);

SET LOCAL search_path = est, public;

-- ================================================================ catalogue
SELECT has_type('est', 'tertial', 'type est.tertial exists');
SELECT has_type('est', 'cycle_period', 'type est.cycle_period exists');

SELECT has_operator('tertial', 'est', op::name, 'tertial', 'boolean', format('operator est.%s (tertial, tertial) exists', op))
  FROM unnest(ARRAY['=', '<>', '<', '<=', '>', '>=']) op;
SELECT has_operator('tertial', 'est', '+', 'integer', 'tertial', 'operator tertial + integer exists');
SELECT has_operator('integer', 'est', '+', 'tertial', 'tertial', 'operator integer + tertial exists');
SELECT has_operator('tertial', 'est', '-', 'integer', 'tertial', 'operator tertial - integer exists');
SELECT has_operator('tertial', 'est', '-', 'tertial', 'integer', 'operator tertial - tertial exists');

SELECT has_opclass('est', 'tertial_ops', 'btree operator class est.tertial_ops exists');
SELECT has_opclass('est', 'tertial_hash_ops', 'hash operator class est.tertial_hash_ops exists');
SELECT results_eq(
  $$ SELECT am.amname::text COLLATE "default", oc.opcname::text COLLATE "default"
       FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
      WHERE oc.opcintype = 'est.tertial'::regtype AND oc.opcdefault
      ORDER BY 1 $$,
  $$ VALUES ('btree', 'tertial_ops'), ('hash', 'tertial_hash_ops') $$,
  'est.tertial has a default btree and a default hash operator class');
SELECT results_eq(
  $$ SELECT am.amname::text COLLATE "default", ap.amprocnum::int, ap.amproc::regproc::text COLLATE "default"
       FROM pg_amproc ap JOIN pg_opfamily f ON f.oid = ap.amprocfamily
       JOIN pg_am am ON am.oid = f.opfmethod
      WHERE ap.amproclefttype = 'est.tertial'::regtype
      ORDER BY 1, 2 $$,
  $$ VALUES ('btree', 1, 'tertial_cmp'), ('btree', 3, 'tertial_in_range'),
            ('hash', 1, 'tertial_hash'), ('hash', 2, 'tertial_hash_extended') $$,
  'support functions: btree cmp and in_range, hash and extended hash');
SELECT results_eq(
  $$ SELECT o.oprname::text COLLATE "default", c.oprname::text COLLATE "default", n.oprname::text COLLATE "default",
            o.oprrest::text, o.oprjoin::text, o.oprcanhash, o.oprcanmerge
       FROM pg_operator o
       JOIN pg_operator c ON c.oid = o.oprcom
       JOIN pg_operator n ON n.oid = o.oprnegate
      WHERE o.oprleft = 'est.tertial'::regtype AND o.oprright = 'est.tertial'::regtype
        AND o.oprresult = 'boolean'::regtype
      ORDER BY 1 $$,
  $$ VALUES ('<', '>', '>=', 'scalarltsel', 'scalarltjoinsel', false, false),
            ('<=', '>=', '>', 'scalarlesel', 'scalarlejoinsel', false, false),
            ('<>', '<>', '=', 'neqsel', 'neqjoinsel', false, false),
            ('=', '=', '<>', 'eqsel', 'eqjoinsel', true, true),
            ('>', '<', '<=', 'scalargtsel', 'scalargtjoinsel', false, false),
            ('>=', '<=', '<', 'scalargesel', 'scalargejoinsel', false, false) $$,
  'comparison operators have commutators, negators, estimators; = hashes and merges');
SELECT has_cast('tertial', 'daterange', 'cast est.tertial AS daterange exists');
SELECT is((SELECT castcontext::text FROM pg_cast
            WHERE castsource = 'est.tertial'::regtype AND casttarget = 'daterange'::regtype),
          'e', 'the cast to daterange is explicit only');

-- every period function: immutable, strict, parallel safe, commented
CREATE TEMP TABLE period_fns (name name, args name[]) ON COMMIT DROP;
INSERT INTO period_fns VALUES
  ('tertial_in', '{cstring}'), ('tertial_out', '{tertial}'),
  ('tertial_recv', '{internal}'), ('tertial_send', '{tertial}'),
  ('tertial_eq', '{tertial,tertial}'), ('tertial_ne', '{tertial,tertial}'),
  ('tertial_lt', '{tertial,tertial}'), ('tertial_le', '{tertial,tertial}'),
  ('tertial_gt', '{tertial,tertial}'), ('tertial_ge', '{tertial,tertial}'),
  ('tertial_cmp', '{tertial,tertial}'), ('tertial_hash', '{tertial}'),
  ('tertial_hash_extended', '{tertial,bigint}'),
  ('tertial_in_range', '{tertial,tertial,integer,boolean,boolean}'),
  ('tertial_smaller', '{tertial,tertial}'), ('tertial_larger', '{tertial,tertial}'),
  ('tertial', '{"timestamp with time zone",text}'),
  ('tertial', '{"timestamp without time zone"}'),
  ('tertial', '{date}'), ('tertial', '{integer,integer}'),
  ('tertial_year', '{tertial}'), ('tertial_number', '{tertial}'),
  ('lower', '{tertial}'), ('upper', '{tertial}'), ('daterange', '{tertial}'),
  ('tertial_range', '{tertial,text}'), ('valid_time_zone', '{text}'),
  ('tertial_pl_int4', '{tertial,integer}'), ('int4_pl_tertial', '{integer,tertial}'),
  ('tertial_mi_int4', '{tertial,integer}'), ('tertial_mi', '{tertial,tertial}'),
  ('tertial_series', '{tertial,tertial,integer}'),
  ('cycle_at', '{"timestamp with time zone",text,text,date,"time without time zone",interval}'),
  ('cycle_series', '{tstzrange,text,text,date,"time without time zone",interval}');

SELECT is(count(*), 34::bigint, 'all 34 period functions exist')
  FROM period_fns f
 WHERE to_regprocedure('est.' || f.name || '(' || array_to_string(f.args, ',') || ')') IS NOT NULL;
SELECT volatility_is('est', f.name, f.args, 'immutable') FROM period_fns f ORDER BY f.name, f.args;
SELECT is_strict('est', f.name, f.args) FROM period_fns f ORDER BY f.name, f.args;
SELECT is(p.proparallel::text, 's',
          'est.' || f.name || '(' || array_to_string(f.args, ', ') || ') is parallel safe')
  FROM period_fns f
  JOIN pg_proc p ON p.oid = to_regprocedure('est.' || f.name || '(' || array_to_string(f.args, ',') || ')')
 ORDER BY f.name, f.args;
SELECT is(array_agg(f.name ORDER BY f.name), NULL, 'every period function has a comment')
  FROM period_fns f
 WHERE obj_description(to_regprocedure('est.' || f.name || '(' || array_to_string(f.args, ',') || ')'),
                       'pg_proc') IS NULL;
SELECT is((SELECT count(*) FROM pg_operator
            WHERE (oprleft = 'est.tertial'::regtype OR oprright = 'est.tertial'::regtype)
              AND obj_description(oid, 'pg_operator') IS NULL),
          0::bigint, 'every tertial operator has a comment');
SELECT results_eq(
  $$ SELECT p.proname::text COLLATE "default", p.proparallel::text, a.aggcombinefn::text
       FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
      WHERE p.pronamespace = 'est'::regnamespace AND p.proargtypes[0] = 'est.tertial'::regtype
      ORDER BY 1 $$,
  $$ VALUES ('max', 's', 'tertial_larger'), ('min', 's', 'tertial_smaller') $$,
  'est.min and est.max over tertials are parallel safe with a combine function');

-- ================================================================ text input
SELECT throws_ok(format('SELECT %L::est.tertial', s), '22P02',
                 format('invalid input syntax for type est.tertial: "%s"', s),
                 format('%L is rejected with 22P02', s))
  FROM unnest(ARRAY['2024-T4', '2024-T0', '24-T1', '', 'T2-2024', '2024-2', '0000-T1', '2024-T2x']) s;
SELECT is(s::est.tertial::text, '2024-T2', format('%L reads as 2024-T2', s))
  FROM unnest(ARRAY['2024-T2', '2024T2', '2024-t2', E' 2024t2\t']) s;

-- ================================================================ binary I/O
SELECT is(est.tertial_send('2024-T2'), '\x000017b9'::bytea, 'send 2024-T2 = int4 2024*3+1 = 6073');
SELECT is(est.tertial_send('0001-T1'), '\x00000003'::bytea, 'send 0001-T1 = int4 3');
CREATE TEMP TABLE period_bin (t est.tertial) ON COMMIT DROP;
-- through a server-side file in the data directory (the tests run as superuser)
DO $$
DECLARE
	f text := current_setting('data_directory') || '/est_period_tap.bin';
BEGIN
	EXECUTE format('COPY (SELECT t FROM est.tertial_series(%L, %L) t) TO %L (FORMAT binary)',
				   '2023-T1', '2024-T3', f);
	EXECUTE format('COPY period_bin FROM %L (FORMAT binary)', f);
	-- an int4 column has the same binary layout: 99999 is not a valid code
	EXECUTE format('COPY (SELECT 99999) TO %L (FORMAT binary)', f);
END $$;
SELECT results_eq('SELECT t FROM period_bin',
                  $$ SELECT est.tertial_series('2023-T1', '2024-T3') $$,
                  'COPY BINARY round-trip through send and recv');
SELECT throws_ok(format('COPY period_bin FROM %L (FORMAT binary)',
                        current_setting('data_directory') || '/est_period_tap.bin'),
                 '22P03', 'invalid external est.tertial value 99999', 'recv rejects an out-of-range code');
DO $$
BEGIN
	EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', 'rm -f est_period_tap.bin');
END $$;

-- ================================================================ constructors, accessors
SELECT is(est.tertial(2024, 3), '2024-T3'::est.tertial, 'est.tertial(2024, 3)');
SELECT is(est.tertial(date '2024-04-30'), '2024-T1'::est.tertial, '30 April is in T1');
SELECT is(est.tertial(date '2024-05-01'), '2024-T2'::est.tertial, '1 May is in T2');
SELECT is(est.tertial(date '2024-08-31'), '2024-T2'::est.tertial, '31 August is in T2');
SELECT is(est.tertial(date '2024-09-01'), '2024-T3'::est.tertial, '1 September is in T3');
SELECT is(est.tertial(timestamp '2024-04-30 23:59:59.999999'), '2024-T1'::est.tertial,
          'wall-clock timestamp: no zone conversion');
SELECT is(est.tertial_year('2024-T3'), 2024, 'tertial_year');
SELECT is(est.tertial_number('2024-T3'), 3, 'tertial_number');
SELECT is(est.lower('2024-T2'), date '2024-05-01', 'lower(2024-T2) = 1 May');
SELECT is(est.upper('2024-T2'), date '2024-09-01', 'upper(2024-T2) = 1 September (exclusive)');
SELECT is(est.upper('2024-T3'), date '2025-01-01', 'upper(2024-T3) = 1 January next year');
SELECT is('2024-T1'::est.tertial::daterange, daterange('2024-01-01', '2024-05-01'), 'cast to daterange');
SELECT throws_ok('SELECT est.tertial(2024, 4)', '22008', NULL, 'tertial number 4 is out of range');
SELECT throws_ok('SELECT est.tertial(10000, 1)', '22008', NULL, 'year 10000 is out of range');
SELECT throws_ok($$ SELECT est.tertial(date 'infinity') $$, '22008', NULL, 'infinite date');
SELECT throws_ok($$ SELECT est.tertial(date '0001-01-01' - 1) $$, '22008', NULL, 'a date BC');

-- ================================================================ arithmetic, series
SELECT is('2024-T3'::est.tertial + 1, '2025-T1'::est.tertial, '2024-T3 + 1');
SELECT is(1 + '2024-T3'::est.tertial, '2025-T1'::est.tertial, '1 + 2024-T3');
SELECT is('2024-T1'::est.tertial - 1, '2023-T3'::est.tertial, '2024-T1 - 1');
SELECT is('2024-T2'::est.tertial - 3, '2023-T2'::est.tertial, 'same tertial last year');
SELECT is('2025-T1'::est.tertial - '2024-T2'::est.tertial, 2, '2025-T1 - 2024-T2 = 2');
SELECT throws_ok($$ SELECT '9999-T3'::est.tertial + 1 $$, '22008', 'est.tertial out of range', 'past 9999-T3');
SELECT throws_ok($$ SELECT '0001-T1'::est.tertial - 1 $$, '22008', 'est.tertial out of range', 'before 0001-T1');
SELECT throws_ok($$ SELECT '2024-T1'::est.tertial + 2147483647 $$, '22008', NULL, 'huge offset');
SELECT results_eq($$ SELECT est.tertial_series('2023-T3', '2024-T2') $$,
                  $$ VALUES ('2023-T3'::est.tertial), ('2024-T1'), ('2024-T2') $$, 'series step 1');
SELECT results_eq($$ SELECT est.tertial_series('2024-T3', '2023-T1', -3) $$,
                  $$ VALUES ('2024-T3'::est.tertial), ('2023-T3') $$, 'series step -3');
SELECT is((SELECT count(*) FROM est.tertial_series('2024-T2', '2024-T1')), 0::bigint,
          'empty series when stop is before start');
SELECT throws_ok($$ SELECT est.tertial_series('2024-T1', '2024-T3', 0) $$, '22023',
                 'step size cannot equal zero', 'zero step');
SELECT throws_ok($$ SELECT count(*) OVER (ORDER BY t RANGE BETWEEN -1 PRECEDING AND CURRENT ROW)
                      FROM est.tertial_series('2024-T1', '2024-T3') t $$, '22013', NULL,
                 'negative window offset');

-- ================================================================ time zones
SELECT throws_ok($$ SELECT est.tertial(now(), 'Mars/Olympus_Mons') $$, '22023',
                 'time zone "Mars/Olympus_Mons" not recognized', 'unknown zone in est.tertial');
SELECT throws_ok($$ SELECT est.tertial_range('2024-T1', 'CEST') $$, '22023', NULL,
                 'abbreviation CEST is not a zone name');
SELECT is(est.valid_time_zone('Europe/Stockholm'), true, 'Europe/Stockholm is valid');
SELECT is(est.valid_time_zone('Mars/Olympus_Mons'), false, 'Mars/Olympus_Mons is not');
SELECT is(est.valid_time_zone(''), false, 'empty name is not');

-- the same answers whatever the session TimeZone
SET LOCAL TimeZone = 'UTC';
SELECT is(est.tertial('2024-04-30 23:30+00'::timestamptz), '2024-T2'::est.tertial,
          'UTC session: 23:30 UTC on 30 April is 1 May in Stockholm');
SELECT is(est.tertial('2024-04-30 21:59:59.999999+00'::timestamptz), '2024-T1'::est.tertial,
          'UTC session: last T1 instant');
SELECT is(est.tertial_range('2024-T2'), '[2024-05-01 00:00+02, 2024-09-01 00:00+02)'::tstzrange,
          'UTC session: tertial_range');
SET LOCAL TimeZone = 'America/New_York';
SELECT is(est.tertial('2024-04-30 23:30+00'::timestamptz), '2024-T2'::est.tertial,
          'New York session: 23:30 UTC on 30 April is 1 May in Stockholm');
SELECT is(est.tertial('2024-04-30 21:59:59.999999+00'::timestamptz), '2024-T1'::est.tertial,
          'New York session: last T1 instant');
SELECT is(est.tertial_range('2024-T2'), '[2024-05-01 00:00+02, 2024-09-01 00:00+02)'::tstzrange,
          'New York session: tertial_range');
SET LOCAL TimeZone = 'Asia/Tokyo';
SELECT is(est.tertial('2024-04-30 23:30+00'::timestamptz), '2024-T2'::est.tertial,
          'Tokyo session: 23:30 UTC on 30 April is 1 May in Stockholm');
SELECT is(est.tertial('2024-04-30 21:59:59.999999+00'::timestamptz), '2024-T1'::est.tertial,
          'Tokyo session: last T1 instant');
SELECT is(est.tertial_range('2024-T2'), '[2024-05-01 00:00+02, 2024-09-01 00:00+02)'::tstzrange,
          'Tokyo session: tertial_range');
SELECT is(est.tertial('2024-12-31 23:00+00'::timestamptz, 'UTC'), '2024-T3'::est.tertial,
          'explicit zone UTC');
SELECT is(est.tertial('2024-12-31 15:00+00'::timestamptz, 'Asia/Tokyo'), '2025-T1'::est.tertial,
          'explicit zone Asia/Tokyo');

-- the DST changes lie inside T1 and T3: 121 days - 1 h and 122 days + 1 h
SET LOCAL TimeZone = 'Europe/Stockholm';
SELECT is(est.tertial('2024-03-31 02:30+01'::timestamptz), '2024-T1'::est.tertial, 'tertial at the March change');
SELECT is(est.tertial('2024-10-27 02:30+01'::timestamptz), '2024-T3'::est.tertial, 'tertial at the October change');
SELECT is(extract(epoch FROM upper(r) - lower(r)) / 3600, 2903::numeric, '2024-T1 lasts 121 * 24 - 1 = 2903 h')
  FROM est.tertial_range('2024-T1') r;
SELECT is(extract(epoch FROM upper(r) - lower(r)) / 3600, 2929::numeric, '2024-T3 lasts 122 * 24 + 1 = 2929 h')
  FROM est.tertial_range('2024-T3') r;

-- ================================================================ weekly cycles (Norrtälje)
-- reports due Tuesday 13:00, meeting Wednesday 15:00; anchor Tuesday 2 January 2024
SELECT is((est.cycle_at('2024-01-09 12:59:59.999999+01', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00', '1 day 2 hours')).seq,
          0, 'one microsecond before the Tuesday 13:00 cut-off: cycle 0');
SELECT is((est.cycle_at('2024-01-09 13:00+01', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00', '1 day 2 hours')).seq,
          1, 'exactly at the cut-off: the new cycle 1');
SELECT is((est.cycle_at('2024-01-09 13:00:00.000001+01', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00', '1 day 2 hours')).seq,
          1, 'one microsecond after the cut-off: cycle 1');
SELECT is((est.cycle_at('2024-01-09 12:00+00', 'UTC', 'weekly', '2024-01-02', '13:00')).seq,
          0, 'the same instant (13:00 in Stockholm) with cut-offs at 13:00 UTC: still cycle 0');
SELECT results_eq(
  $$ SELECT * FROM est.cycle_at('2024-01-05 10:00+01', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00', '1 day 2 hours') $$,
  $$ VALUES (0, '2024-01-02 13:00+01'::timestamptz, '2024-01-09 13:00+01'::timestamptz,
             '2024-01-10 15:00+01'::timestamptz, '2024-W02') $$,
  'cycle 0: [Tue 2 Jan 13:00, Tue 9 Jan 13:00), meeting Wed 10 Jan 15:00, week 2');
SELECT is((est.cycle_at('2023-12-26 12:59:59.999999+01', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00')).seq,
          -2, 'before the anchor: negative seq');
SELECT is((est.cycle_at('2024-04-02 12:59:59.999999+02', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00')).seq,
          12, 'summer time: one microsecond before 13:00 CEST');
SELECT is((est.cycle_at('2024-04-02 13:00+02', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00')).seq,
          13, 'summer time: at 13:00 CEST');
SELECT results_eq(
  $$ SELECT seq, extract(epoch FROM ends - starts)::int / 3600
       FROM est.cycle_series('[2024-03-27, 2024-04-01)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
  $$ VALUES (12, 167) $$, 'the week across the March change lasts 167 h');
SELECT results_eq(
  $$ SELECT seq, extract(epoch FROM ends - starts)::int / 3600
       FROM est.cycle_series('[2024-10-23, 2024-10-28)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
  $$ VALUES (42, 169) $$, 'the week across the October change lasts 169 h');
SELECT is((SELECT count(*) FROM (
             SELECT ends, lead(starts) OVER (ORDER BY seq) AS next_starts, seq, lead(seq) OVER (ORDER BY seq) AS next_seq
               FROM est.cycle_series('[2024-01-01, 2025-01-01)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00')) s
            WHERE next_starts IS NOT NULL AND (next_starts <> ends OR next_seq <> seq + 1)),
          0::bigint, 'weekly cycles of 2024 tile: each ends where the next starts');
SELECT results_eq(
  $$ SELECT count(*)::int, sum(extract(epoch FROM ends - starts))::int / 3600
       FROM est.cycle_series('[2024-01-02 13:00+01, 2024-12-31 13:00+01)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
  $$ VALUES (52, 52 * 168) $$, '52 weeks from 2 Jan to 31 Dec 2024: 167 h + 169 h + 50 * 168 h');
SELECT is((SELECT count(*) FROM est.cycle_series('[2024-01-01, 2025-01-01)', 'Europe/Stockholm', 'weekly',
                                                  '2024-01-02', '13:00', '1 day 2 hours') c
            WHERE c.meeting_at <> ((c.ends AT TIME ZONE 'Europe/Stockholm') + interval '1 day 2 hours')
                                  AT TIME ZONE 'Europe/Stockholm'
               OR extract(isodow FROM c.meeting_at AT TIME ZONE 'Europe/Stockholm') <> 3
               OR (c.meeting_at AT TIME ZONE 'Europe/Stockholm')::time <> '15:00'),
          0::bigint, 'every 2024 meeting is on a Wednesday at 15:00 local time');

-- a cut-off inside the skipped (02:30 on 31 March) or repeated (02:30 on 27 October) hour
SELECT results_eq(
  $$ SELECT (est.cycle_at(t, 'Europe/Stockholm', 'weekly', '2024-01-07', '02:30')).seq
       FROM unnest(ARRAY['2024-03-31 01:29:59.999999+00', '2024-03-31 01:30+00',
                         '2024-10-27 00:30+00', '2024-10-27 01:29:59.999999+00',
                         '2024-10-27 01:30+00']::timestamptz[]) WITH ORDINALITY u(t, i) ORDER BY i $$,
  $$ VALUES (11), (12), (41), (41), (42) $$,
  'cut-offs in a skipped or repeated hour fall where 02:30 AT TIME ZONE puts them');
SELECT is((SELECT count(*) FROM (
             SELECT ends, lead(starts) OVER (ORDER BY seq) AS next_starts
               FROM est.cycle_series('[2024-03-01, 2024-11-30)', 'Europe/Stockholm', 'weekly', '2024-01-07', '02:30')) s
            WHERE next_starts IS NOT NULL AND next_starts <> ends),
          0::bigint, 'cycles with a 02:30 cut-off still tile across both changes');

-- ================================================================ fortnightly and monthly
SELECT results_eq(
  $$ SELECT * FROM est.cycle_at('2024-01-16 13:00+01', 'Europe/Stockholm', 'fortnightly', '2024-01-02', '13:00') $$,
  $$ VALUES (1, '2024-01-16 13:00+01'::timestamptz, '2024-01-30 13:00+01'::timestamptz,
             '2024-01-30 13:00+01'::timestamptz, '2024-W05') $$,
  'fortnightly cycle 1: [16 Jan, 30 Jan), week 5');
SELECT is((est.cycle_at('2023-12-19 12:59:59+01', 'Europe/Stockholm', 'fortnightly', '2024-01-02', '13:00')).seq,
          -2, 'fortnightly before the anchor');
SELECT results_eq(
  $$ SELECT * FROM est.cycle_at('2024-02-29 00:00+01', 'Europe/Stockholm', 'monthly', '2024-01-31', '00:00', '2 days') $$,
  $$ VALUES (1, '2024-02-29 00:00+01'::timestamptz, '2024-03-31 00:00+01'::timestamptz,
             '2024-04-02 00:00+02'::timestamptz, '2024-03') $$,
  'monthly on the 31st: clamped to 29 February; meeting two days after the deadline');
SELECT results_eq(
  $$ SELECT seq, ends FROM est.cycle_series('[2024-02-28 23:59:59+01, 2024-05-01 00:00+02)', 'Europe/Stockholm', 'monthly', '2024-01-31', '00:00') $$,
  $$ VALUES (0, '2024-02-29 00:00+01'::timestamptz), (1, '2024-03-31 00:00+01'),
            (2, '2024-04-30 00:00+02'), (3, '2024-05-31 00:00+02') $$,
  'monthly cut-offs 29 Feb, 31 Mar, 30 Apr, 31 May');
SELECT results_eq(
  $$ SELECT seq FROM est.cycle_series('[2024-01-09 13:00+01, 2024-01-16 13:00+01)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
  $$ VALUES (1) $$, 'a range exactly one cycle long overlaps that cycle only');
SELECT results_eq(
  $$ SELECT seq FROM est.cycle_series('(2024-01-09 13:00+01, 2024-01-16 13:00+01]', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
  $$ VALUES (1), (2) $$, 'an inclusive upper bound at a cut-off touches the next cycle');

-- ================================================================ cycle errors
SELECT throws_ok($$ SELECT est.cycle_at(now(), 'Europe/Stockholm', 'biweekly', '2024-01-02', '13:00') $$,
                 '22023', 'invalid cycle length "biweekly"', 'bad cycle length');
SELECT throws_ok($$ SELECT est.cycle_at(now(), 'Mars/Olympus_Mons', 'weekly', '2024-01-02', '13:00') $$,
                 '22023', 'time zone "Mars/Olympus_Mons" not recognized', 'bad zone in cycle_at');
SELECT throws_ok($$ SELECT est.cycle_at(now(), 'Europe/Stockholm', 'weekly', '2024-01-02', '24:00') $$,
                 '22023', NULL, 'cut-off 24:00');
SELECT throws_ok($$ SELECT est.cycle_at(now(), 'Europe/Stockholm', 'weekly', 'infinity', '13:00') $$,
                 '22008', NULL, 'infinite anchor');
SELECT throws_ok($$ SELECT est.cycle_at('infinity', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
                 '22008', NULL, 'infinite instant');
SELECT throws_ok($$ SELECT * FROM est.cycle_series('empty', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
                 '22023', NULL, 'empty range');
SELECT throws_ok($$ SELECT * FROM est.cycle_series('[2024-01-01,)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
                 '22023', NULL, 'unbounded range');
SELECT throws_ok($$ SELECT * FROM est.cycle_series('[-infinity,2024-01-01)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
                 '22023', NULL, 'range from -infinity');
SELECT throws_ok($$ SELECT * FROM est.cycle_series('[2024-01-01,2024-02-01)', 'Europe/Stockholm', 'monthly', '2024-01-02', '13:00', '2000000000 days') $$,
                 '22008', NULL, 'meeting offset out of range');

-- ================================================================ hashing, grouping, joins
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	line text;
	plan text := '';
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		plan := plan || line || E'\n';
	END LOOP;
	RETURN plan;
END $$;
CREATE TEMP TABLE period_days ON COMMIT DROP AS
  SELECT d::date AS day, est.tertial(d::date) AS t FROM generate_series(date '2023-01-01', date '2024-12-31', '1 day') d;
ANALYZE period_days;
SET LOCAL enable_sort = off;
SELECT matches(pg_temp.plan_of('SELECT t, count(*) FROM period_days GROUP BY t'), 'HashAggregate',
               'GROUP BY tertial can hash');
SELECT results_eq('SELECT t, count(*)::int FROM period_days GROUP BY t ORDER BY t',
                  $$ VALUES ('2023-T1'::est.tertial, 120), ('2023-T2', 123), ('2023-T3', 122),
                            ('2024-T1', 121), ('2024-T2', 123), ('2024-T3', 122) $$,
                  'days per tertial in 2023 and 2024');
SET LOCAL enable_mergejoin = off;
SET LOCAL enable_nestloop = off;
SELECT matches(pg_temp.plan_of($$ SELECT count(*) FROM period_days d JOIN est.tertial_series('2024-T1', '2024-T3') s(t) USING (t) $$),
               'Hash Join', 'join on tertial can hash');
SELECT is((SELECT count(*) FROM period_days d JOIN est.tertial_series('2024-T1', '2024-T3') s(t) USING (t)),
          366::bigint, 'hash join finds the 366 days of 2024');
CREATE TEMP TABLE period_hp (t est.tertial) PARTITION BY HASH (t);
CREATE TEMP TABLE period_hp0 PARTITION OF period_hp FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE period_hp1 PARTITION OF period_hp FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO period_hp SELECT est.tertial_series('2000-T1', '2024-T3');
SELECT results_eq('SELECT count(*)::int, count(DISTINCT tableoid)::int FROM period_hp',
                  'VALUES (75, 2)', 'hash partitioning by tertial spreads 75 tertials over 2 partitions');
SELECT is(tertial_hash_extended('2024-T2', 0) & 4294967295, tertial_hash('2024-T2')::bigint & 4294967295,
          'extended hash with seed 0 agrees with the 32-bit hash');

SELECT * FROM finish();
ROLLBACK;
