-- The benchmarks' generated municipality (psql variables: n = incidents to draw, t = the table to
-- create; used by test/bench/hotspot.sh, test/bench/emerging.sh and test/shell/cancel.sh): n incidents over
-- 40 × 40 km of SWEREF 99 TM — 60 % around 80 clustered hot spots (Box–Muller offsets of 100–400 m),
-- 40 % uniform background noise — over five years from Monday 6 January 2020, skewed later
-- (rising trend) or earlier (falling) in a third of the hot spots each. Tables hot and :t.
DROP TABLE IF EXISTS hot;
SELECT setseed(0.42) \g /dev/null
CREATE TABLE hot AS
SELECT h, 650000 + random() * 40000 AS cx, 6570000 + random() * 40000 AS cy,
       100 + random() * 300 AS spread, (h % 3) - 1 AS trend
  FROM generate_series(1, 80) h;
CREATE TABLE :t AS
SELECT i AS id,
       ST_Point(CASE WHEN k <= 80 THEN hot.cx + hot.spread * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) ELSE 650000 + u1 * 40000 END,
                CASE WHEN k <= 80 THEN hot.cy + hot.spread * sqrt(-2 * ln(u1)) * sin(2 * pi() * u2) ELSE 6570000 + u2 * 40000 END,
                3006) AS geom,
       timestamptz '2020-01-06 00:00+01' + interval '1819 days' *
         CASE coalesce(hot.trend, 0) WHEN 1 THEN sqrt(u3) WHEN -1 THEN 1 - sqrt(u3) ELSE u3 END AS occurred
  FROM (SELECT i, 1 - random() AS u1, random() AS u2, random() AS u3,
               CASE WHEN random() < 0.6 THEN 1 + (random() * 80)::int % 80 ELSE 999 END AS k
          FROM generate_series(1, :n) i) r
  LEFT JOIN hot ON hot.h = r.k;
DELETE FROM :t WHERE NOT ST_Intersects(geom, ST_MakeEnvelope(650000, 6570000, 690000, 6610000, 3006));
