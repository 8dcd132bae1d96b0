--
-- trend: Mann–Kendall with Sen's slope, the Poisson rate test, aoristic profiles.
-- Expected values: analytics.md §3.3 small vectors (S, Var S, z, p, tau, slope),
-- R 4.2.2 poisson.test for the rate tests, hand calculation for the profiles
-- (2024-03-01 is a Friday; Stockholm is UTC+1 in winter).  Floats are rounded
-- to 10 digits so the output does not depend on the last bit.
--
SET search_path = est, public;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

-- ---------------------------------------------------------------- Mann–Kendall of a series
-- analytics.md: 1,2,2,3,3,3,4 -> S 17, Var S 39.6667, z 2.5404293953, p 0.0110716446,
-- tau_b 0.8997354, tau_a 0.8095238, Sen slope 0.5
SELECT n, s, round(var_s::numeric, 4) AS var_s, round(z::numeric, 10) AS z,
       round(p::numeric, 10) AS p, round(tau_b::numeric, 7) AS tau_b, round(tau_a::numeric, 7) AS tau_a,
       sen_slope, sen_intercept, direction
  FROM mann_kendall(ARRAY[1, 2, 2, 3, 3, 3, 4]::float8[]);

-- constant series: z 0, p 1, tau_b NULL; two points: only n
SELECT n, s, var_s, z, p, tau_b, sen_slope, direction FROM mann_kendall(ARRAY[2, 2, 2, 2]::float8[]);
SELECT n, s, var_s, z, p, tau_b, sen_slope, direction FROM mann_kendall(ARRAY[1, NULL, 5]::float8[]);

-- the aggregate over weekly counts, rows in any order, per locality
SELECT locality, (r).n, (r).s, round((r).p::numeric, 6) AS p, round((r).sen_slope::numeric, 6) AS per_day,
       (r).direction
  FROM (SELECT locality, mann_kendall(week, n) AS r
          FROM (VALUES ('Centrum', date '2024-01-01', 3.0::float8), ('Centrum', '2024-01-15', 5), ('Centrum', '2024-01-08', 4),
                       ('Centrum', '2024-01-22', 6), ('Centrum', '2024-01-29', 8), ('Centrum', '2024-02-05', 7),
                       ('Hamnen', '2024-01-01', 2), ('Hamnen', '2024-01-08', 2), ('Hamnen', '2024-01-15', NULL))
               AS v(locality, week, n)
         GROUP BY locality) q
 ORDER BY locality;

-- Sen's slope with its 95 % interval (ranks 12 and 34 of 45 slopes)
SELECT slope, round(lower::numeric, 10) AS lower, round(upper::numeric, 10) AS upper
  FROM sen_slope_ci(ARRAY[-0.5, 0.3, 1.2, 0.9, 1.8, 2.1, 1.7, 2.6, 2.4, 3.1]);

-- bad input: the message names the argument
SELECT mann_kendall(t, x) FROM (VALUES (1.0::float8, 'NaN'::float8)) v(t, x);
SELECT mann_kendall(ARRAY[[1, 2], [3, 4]]::float8[]);

-- ---------------------------------------------------------------- rate test (R poisson.test)
-- 12 incidents this cycle against 4 in a baseline of the same length:
-- ratio 3, p 0.0384063721, interval [1.0644248315, Infinity)
SELECT rate_ratio, round(p_value::numeric, 10) AS p_value, round(conf_low::numeric, 10) AS conf_low, conf_high
  FROM rate_test(12, 1, 4, 1);
-- against 40 in 4 previous cycles, two-sided: R gives ratio 1.2, p 0.6024434129, [0.573081, 2.333150]
SELECT rate_ratio, round(p_value::numeric, 10) AS p_value, round(conf_low::numeric, 6) AS conf_low,
       round(conf_high::numeric, 6) AS conf_high
  FROM rate_test(12, 1, 40, 4, 'two.sided');
SELECT * FROM rate_test(0, 1, 0, 1);
SELECT rate_test(2, 1, 4, 1, 'higher');

-- ---------------------------------------------------------------- profiles
-- Friday 22:00 to Saturday 02:00 in Stockholm: a quarter in each hour
SELECT weekday, hour, weight
  FROM week_profile_cells((SELECT week_profile(tstzrange('2024-03-01 21:00+00', '2024-03-02 01:00+00'))))
 WHERE weight > 0;
-- a point in time counts 1 in its cell; the same window in UTC is an hour earlier
SELECT weekday, hour, weight
  FROM week_profile_cells((SELECT week_profile(o, 'UTC')
                             FROM (VALUES (tstzrange('2024-03-01 21:00+00', '2024-03-02 01:00+00')),
                                          (tstzrange('2024-03-04 08:15+00', '2024-03-04 08:15+00', '[]'))) v(o)))
 WHERE weight > 0;
-- the årshjul: 31 January noon to 1 February noon
SELECT month_profile(tstzrange('2024-01-31 11:00+00', '2024-02-01 11:00+00'));
SELECT week_profile(tstzrange('2024-03-01 12:00+00', '2024-03-01 12:00+00'));
