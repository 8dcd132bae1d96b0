--
-- period: the est.tertial type and reporting cycles.
-- Expected values are worked out by hand from the calendar (2024 is a leap
-- year starting on a Monday; Swedish summer time 2024 runs from 31 March
-- 02:00 CET to 27 October 03:00 CEST).
--
SET search_path = est, public;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- ---------------------------------------------------------------- text I/O
SELECT s AS input, s::est.tertial AS tertial
FROM (VALUES ('2024-T2'), ('2024T2'), ('2024-t3'), ('  2024t1 '), ('0001-T1'), ('9999-T3')) v(s);

-- malformed input: the message names the text, the hint shows the forms
SELECT '2024-T4'::est.tertial;
SELECT 'T2-2024'::est.tertial;
SELECT '0000-T1'::est.tertial;

-- ---------------------------------------------------------------- constructors and accessors
SELECT est.tertial(2024, 2) AS make,
       est.tertial(date '2024-04-30') AS apr30,
       est.tertial(date '2024-05-01') AS may1,
       est.tertial(date '2024-08-31') AS aug31,
       est.tertial(date '2024-09-01') AS sep1,
       est.tertial(timestamp '2024-12-31 23:59:59.999999') AS wall_clock;

SELECT t, est.tertial_year(t) AS year, est.tertial_number(t) AS n,
       est.lower(t), est.upper(t), t::daterange AS days,
       est.upper(t) - est.lower(t) AS ndays
FROM (VALUES ('2023-T1'::est.tertial), ('2024-T1'), ('2024-T2'), ('2024-T3'), ('9999-T3')) v(t);

-- 23:30 UTC on 30 April is 01:30 on 1 May in Stockholm: T2, whatever the session zone
SELECT est.tertial(timestamptz '2024-04-30 23:30+00') AS stockholm,
       est.tertial(timestamptz '2024-04-30 23:30+00', 'UTC') AS utc,
       est.tertial(timestamptz '2024-04-30 21:59:59.999999+00') AS last_t1_instant,
       est.tertial(timestamptz '2024-04-30 22:00+00') AS first_t2_instant,
       est.tertial(timestamptz '2024-12-31 23:30+00') AS new_year;
SET TimeZone = 'America/New_York';
SELECT est.tertial(timestamptz '2024-04-30 23:30+00') = '2024-T2' AS same_in_new_york;
SET TimeZone = 'UTC';

-- a tertial as instants: local midnight to local midnight (CET, then CEST)
SELECT est.tertial_range('2024-T1') AS stockholm,
       est.tertial_range('2024-T1', 'America/New_York') AS new_york;

-- ---------------------------------------------------------------- arithmetic and series
SELECT t + 1 AS next, 1 + t AS next2, t - 1 AS prev, t - 3 AS year_before,
       t - '2023-T1'::est.tertial AS since_2023_t1
FROM (VALUES ('2024-T3'::est.tertial)) v(t);
SELECT '9999-T3'::est.tertial + 1;
SELECT array_agg(t) AS forward FROM est.tertial_series('2023-T2', '2024-T3') t;
SELECT array_agg(t) AS back_by_two FROM est.tertial_series('2024-T3', '2023-T1', -2) t;
SELECT count(*) AS none FROM est.tertial_series('2024-T3', '2023-T1');
SELECT est.tertial_series('2024-T1', '2024-T3', 0);

-- ---------------------------------------------------------------- ordering, grouping, indexes
CREATE TEMP TABLE period_obs (t est.tertial, n integer);
INSERT INTO period_obs
SELECT est.tertial(d), 1 FROM generate_series(date '2023-01-01', date '2024-12-31', '1 day') d;
SELECT t, sum(n) AS days FROM period_obs GROUP BY t ORDER BY t DESC;
SELECT count(DISTINCT t) AS distinct_tertials, est.min(t), est.max(t) FROM period_obs;
-- rolling window over the tertial and the two before it
SELECT t, sum(sum(n)) OVER (ORDER BY t RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS days_3t
FROM period_obs GROUP BY t ORDER BY t;

CREATE INDEX ON period_obs (t);
ANALYZE period_obs;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM period_obs WHERE t = '2024-T2';
SELECT count(*) AS days_2024_t2 FROM period_obs WHERE t = '2024-T2';
RESET enable_seqscan;

SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM period_obs o JOIN est.tertial_series('2024-T1', '2024-T3') s(t) USING (t);
SELECT count(*) AS days_2024 FROM period_obs o JOIN est.tertial_series('2024-T1', '2024-T3') s(t) USING (t);
RESET enable_mergejoin;
RESET enable_nestloop;

CREATE TEMP TABLE period_part (t est.tertial) PARTITION BY HASH (t);
CREATE TEMP TABLE period_part0 PARTITION OF period_part FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE period_part1 PARTITION OF period_part FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO period_part SELECT est.tertial_series('2020-T1', '2024-T3');
SELECT count(*) AS rows, count(DISTINCT tableoid) AS partitions_used FROM period_part;

-- ---------------------------------------------------------------- reporting cycles
-- Norrtälje: reports due Tuesday 13:00, meeting Wednesday 15:00 (anchor Tuesday 2 Jan 2024)
SET TimeZone = 'Europe/Stockholm';
SELECT c.*
FROM (VALUES (timestamptz '2024-01-09 12:59:59.999999'), ('2024-01-09 13:00'),
             ('2024-01-01 09:00')) v(at),
     est.cycle_at(v.at, 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00', '1 day 2 hours') c;

-- the weeks around the changes to and from summer time: 167 h and 169 h
SELECT seq, starts, ends, label, extract(epoch FROM ends - starts) / 3600 AS hours
FROM est.cycle_series('[2024-03-20, 2024-04-05)', 'Europe/Stockholm', 'weekly',
                      '2024-01-02', '13:00', '1 day 2 hours');
SELECT seq, starts, ends, label, extract(epoch FROM ends - starts) / 3600 AS hours
FROM est.cycle_series('[2024-10-20, 2024-10-30)', 'Europe/Stockholm', 'weekly',
                      '2024-01-02', '13:00');

-- fortnightly: seq counts cycles of 14 days, label is the ISO week of the deadline
SELECT seq, starts, ends, label
FROM est.cycle_series('[2024-01-01, 2024-02-01)', 'Europe/Stockholm', 'fortnightly',
                      '2024-01-02', '13:00');

-- monthly on the 31st at 17:00: clamped to the last day of shorter months
SELECT seq, starts, ends, meeting_at, label
FROM est.cycle_series('[2024-01-15, 2024-05-01)', 'Europe/Stockholm', 'monthly',
                      '2024-01-31', '17:00', '3 days');

-- a cut-off inside the skipped hour (02:30 on 31 March) still tiles
SELECT seq, starts, ends, extract(epoch FROM ends - starts) / 3600 AS hours
FROM est.cycle_series('[2024-03-25, 2024-04-05)', 'Europe/Stockholm', 'weekly',
                      '2024-01-07', '02:30');

-- errors
SELECT est.cycle_at(now(), 'Europe/Stockholm', 'biweekly', '2024-01-02', '13:00');
SELECT est.cycle_at(now(), 'Stockholm', 'weekly', '2024-01-02', '13:00');
SELECT * FROM est.cycle_series('empty', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00');
SELECT * FROM est.cycle_series('[2024-01-01,)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00');

SELECT est.valid_time_zone('Europe/Stockholm') AS stockholm,
       est.valid_time_zone('UTC') AS utc,
       est.valid_time_zone('CEST') AS cest,
       est.valid_time_zone('Europe/Atlantis') AS atlantis,
       est.valid_time_zone('') AS empty;

RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
