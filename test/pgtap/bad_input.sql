-- pgTAP: bad input across every public function, type and loader (issue 7, part 1). Each case
-- asserts the exact SQLSTATE and that nothing was written: pg_temp.bad() takes a fingerprint of
-- every est table (row count and an md5 of the rows) before and after the call and fails unless
-- the call raised the expected SQLSTATE *and* the fingerprint is unchanged. Loaders that reject
-- a bad row instead of raising are checked separately: nothing reaches the target table and the
-- reject row carries the reason. Expected SQLSTATEs are the ones the modules document (22023 for
-- a bad argument, 22P02 malformed text, 22008 out-of-range date/time, 23xxx for rule violations,
-- 54000 for a result that would be absurdly large); the injection cases assert that the quoted
-- text comes back as a value in the error, never as SQL (est.incident still exists afterwards).
BEGIN;
SELECT plan(171);

-- ---------------------------------------------------------------- helpers
CREATE FUNCTION pg_temp.fingerprint() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	t regclass;
	part text;
	fp text := '';
BEGIN
	FOR t IN SELECT c.oid::regclass FROM pg_class c
			  WHERE c.relnamespace = 'est'::regnamespace AND c.relkind = 'r' ORDER BY c.relname LOOP
		EXECUTE format('SELECT count(*) || '':'' || coalesce(md5(string_agg(x::text, ''|'' ORDER BY x::text)), '''') FROM %s x', t)
		   INTO part;
		fp := fp || t::text || '=' || part || ';';
	END LOOP;
	RETURN fp;
END
$$;

CREATE FUNCTION pg_temp.bad(q text, state text, what text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	before text := pg_temp.fingerprint();
	got text := 'no error';
	msg text := '';
	after text;
BEGIN
	BEGIN
		EXECUTE q;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS got = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	END;
	after := pg_temp.fingerprint();
	IF got = state AND before = after THEN
		RETURN ok(true, what || ' (' || state || ', nothing written)');
	END IF;
	RETURN ok(false, what || ' (' || state || ', nothing written)') || E'\n' ||
		   diag('got SQLSTATE ' || got || ': ' || msg || CASE WHEN before <> after THEN ' — AND A TABLE CHANGED' ELSE '' END);
END
$$;

-- ---------------------------------------------------------------- fixture (superuser)
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'kommun', 'Norrtälje kommun', ST_MakeEnvelope(690000, 6610000, 720000, 6650000, 3006));
INSERT INTO est.organisation (kommun, name) VALUES ('0188', 'Trygg i Norrtälje');
INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT kommun, 'R-1', id FROM est.organisation;
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id) VALUES
	('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)', 'n1');
CREATE TEMP TABLE small_cube AS
	SELECT est.cube_agg(g, '2024-03-01'::timestamptz, 250, '1 day') AS c
	  FROM (VALUES ('SRID=3006;POINT(1 1)'::geometry), ('SRID=3006;POINT(600 1)'::geometry)) v(g);

-- ---------------------------------------------------------------- the tertial type and period functions
SELECT pg_temp.bad($$ SELECT 'T4 2024'::est.tertial $$, '22P02', 'tertial text: no fourth tertial');
SELECT pg_temp.bad($$ SELECT '2024-T4'::est.tertial $$, '22P02', 'tertial text: 2024-T4');
SELECT pg_temp.bad($$ SELECT '2024-T0'::est.tertial $$, '22P02', 'tertial text: 2024-T0');
SELECT pg_temp.bad($$ SELECT ''::est.tertial $$, '22P02', 'tertial text: empty string');
SELECT pg_temp.bad($$ SELECT '99999999999-T1'::est.tertial $$, '22P02', 'tertial text: year that overflows');
SELECT pg_temp.bad($$ SELECT '2024-T1; DROP TABLE est.incident'::est.tertial $$, '22P02', 'tertial text: trailing SQL');
SELECT pg_temp.bad($$ SELECT '2024-T1''--'::est.tertial $$, '22P02', 'tertial text: quote and comment');
SELECT pg_temp.bad($$ SELECT est.tertial(2024, 0) $$, '22008', 'est.tertial(year, 0)');
SELECT pg_temp.bad($$ SELECT est.tertial(2024, 4) $$, '22008', 'est.tertial(year, 4)');
SELECT pg_temp.bad($$ SELECT est.tertial(-5, 1) $$, '22008', 'est.tertial(negative year, 1)');
SELECT pg_temp.bad($$ SELECT est.tertial('infinity'::date) $$, '22008', 'est.tertial(infinite date)');
SELECT pg_temp.bad($$ SELECT est.tertial('infinity'::timestamptz) $$, '22008', 'est.tertial(infinite timestamptz)');
SELECT pg_temp.bad($$ SELECT est.tertial(now(), 'Mars/Olympus') $$, '22023', 'est.tertial: unknown time zone');
SELECT pg_temp.bad($$ SELECT est.tertial(now(), 'Europe/Stockholm''; DROP TABLE est.incident; --') $$, '22023',
	'est.tertial: injection in the time zone is an unknown zone');
SELECT pg_temp.bad($$ SELECT est.tertial_series('2024-T1', '2024-T3', 0) $$, '22023', 'tertial_series: step 0');
SELECT pg_temp.bad($$ SELECT est.tertial_range('2024-T1', 'Nowhere') $$, '22023', 'tertial_range: unknown time zone');
SELECT pg_temp.bad($$ SELECT est.cycle_at(now(), 'Europe/Stockholm', 'yearly', '2024-01-02', '13:00') $$, '22023',
	'cycle_at: unknown cycle length');
SELECT pg_temp.bad($$ SELECT est.cycle_at(now(), 'Nowhere', 'weekly', '2024-01-02', '13:00') $$, '22023', 'cycle_at: unknown time zone');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.cycle_series('[2024-01-01,)', 'Europe/Stockholm', 'weekly', '2024-01-02', '13:00') $$,
	'22023', 'cycle_series: unbounded range');
SELECT pg_temp.bad($$ SELECT est.cycle('0999', now()) $$, '22023', 'cycle: unknown municipality');
SELECT pg_temp.bad($$ SELECT est.cycle('01x8', now()) $$, '22P02', 'cycle: malformed kommun code');
SELECT pg_temp.bad($$ SELECT est.cycle(''';--', now()) $$, '22P02', 'cycle: quote in the kommun code');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.cycles('0188', '[2024-03-01,2024-02-01)') $$, '22000',
	'cycles: reversed range (rejected by the range type itself)');

-- ---------------------------------------------------------------- the cube type and its aggregates
SELECT pg_temp.bad($$ SELECT 'garbage'::est.cube $$, '0A000', 'cube text input: not supported');
SELECT pg_temp.bad($$ SELECT ''::est.cube $$, '0A000', 'cube text input: empty string');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 0, '1 day') $$, '22023', 'cube_agg: cell size 0');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), -250, '1 day') $$, '22023', 'cube_agg: negative cell size');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 'NaN', '1 day') $$, '22023', 'cube_agg: NaN cell size');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 'Infinity', '1 day') $$, '22023', 'cube_agg: infinite cell size');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 250, '0') $$, '22023', 'cube_agg: zero step');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 250, '-1 day') $$, '22023', 'cube_agg: negative step');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 250, '1 month') $$, '22023', 'cube_agg: step of varying length');
SELECT pg_temp.bad($$ SELECT est.cube_agg('POINT(1 1)', now(), 250, '1 day') $$, '22023', 'cube_agg: missing SRID (0)');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=4326;POINT(18 59)', now(), 250, '1 day') $$, '22023', 'cube_agg: geographic SRID');
SELECT pg_temp.bad($$ SELECT est.cube_agg(g, now(), 250, '1 day')
	FROM (VALUES ('SRID=3006;POINT(1 1)'::geometry), ('SRID=3021;POINT(1 1)'::geometry)) v(g) $$, '22023', 'cube_agg: mixed SRIDs');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT EMPTY', now(), 250, '1 day') $$, '22004', 'cube_agg: empty point');
SELECT pg_temp.bad($$ SELECT est.cube_agg(ST_MakeEnvelope(0, 0, 1, 1, 3006), now(), 250, '1 day') $$, '22023', 'cube_agg: polygon');
SELECT pg_temp.bad($$ SELECT est.cube_agg(ST_SetSRID(ST_MakePoint('NaN', 1), 3006), now(), 250, '1 day') $$, '22023', 'cube_agg: NaN coordinate');
SELECT pg_temp.bad($$ SELECT est.cube_agg(g, now(), 1, '1 day')
	FROM (VALUES ('SRID=3006;POINT(0 0)'::geometry), ('SRID=3006;POINT(900000 7600000)'::geometry)) v(g) $$, '54000',
	'cube_agg: a stray point at 0,0 with 1 m cells would need an absurd grid');
SELECT pg_temp.bad($$ SELECT est.cube_agg(g, t, 250, '1 second')
	FROM (VALUES ('SRID=3006;POINT(0 0)'::geometry, '1900-01-01'::timestamptz), ('SRID=3006;POINT(1 1)'::geometry, '2200-01-01'::timestamptz)) v(g, t) $$,
	'22008', 'cube_agg: 300 years of one-second steps');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', 'infinity'::timestamptz, 250, '1 day') $$, '22008', 'cube_agg: infinite time');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', now(), 250, '1 day', '2024-01-01', 'NaN') $$, '22023', 'cube_agg: NaN weight');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', 'empty'::tstzrange, 250, '1 day') $$, '22023', 'cube_agg: empty time range');
SELECT pg_temp.bad($$ SELECT est.cube_agg('SRID=3006;POINT(1 1)', '[2024-01-01,)'::tstzrange, 250, '1 day') $$, '22023', 'cube_agg: unbounded time range');
SELECT pg_temp.bad($$ SELECT est.grid_agg('SRID=3006;POINT(1 1)', 0) $$, '22023', 'grid_agg: cell size 0');
SELECT pg_temp.bad($$ SELECT est.cell_id('NaN', 1, 250) $$, '22023', 'cell_id: NaN x');
SELECT pg_temp.bad($$ SELECT est.cell_id(1, 1, 0) $$, '22023', 'cell_id: cell size 0');
SELECT pg_temp.bad($$ SELECT est.cell_id(1e300, 1, 1) $$, '22003', 'cell_id: a point too far out for a 64-bit cell id');

-- ---------------------------------------------------------------- hotspot
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.gistar(c, -500) $$, '22023', 'gistar: negative distance');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.gistar(c, 'NaN') $$, '22023', 'gistar: NaN distance');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.gistar(c, 99) $$, '22023', 'gistar: a distance below the cell size (each cell its own only neighbour)');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.gistar(c, 'Infinity') $$, '22023', 'gistar: infinite distance');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.gistar(c, 500, ST_MakeEnvelope(0, 0, 1000, 1000, 4326)) $$, '22023',
	'gistar: mask in another SRID');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.gistar(c, 500, 'SRID=3006;LINESTRING(0 0, 1000 1000)') $$, '22023',
	'gistar: mask that is not a polygon');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.gistar_areal(ARRAY[1, 2]::bigint[], ARRAY[1]::float8[],
	ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006)]) $$, '22023', 'gistar_areal: arrays of different lengths');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.gistar_areal(ARRAY[1, 2]::bigint[], ARRAY[1, 2]::float8[],
	ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006)], 'queen''; DROP TABLE est.incident; --') $$, '22023',
	'gistar_areal: injection in neighbours is an unknown rule');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.gistar_areal(ARRAY[1, 2, 3]::bigint[], ARRAY[1, 'NaN', 2]::float8[],
	ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006), ST_MakeEnvelope(2, 0, 3, 1, 3006)]) $$, '22004',
	'gistar_areal: NaN value');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.gistar_areal(ARRAY[1, 1, 3]::bigint[], ARRAY[1, 2, 2]::float8[],
	ARRAY[ST_MakeEnvelope(0, 0, 1, 1, 3006), ST_MakeEnvelope(1, 0, 2, 1, 3006), ST_MakeEnvelope(2, 0, 3, 1, 3006)]) $$, '23505',
	'gistar_areal: duplicate ids');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.kde(c, 0) $$, '22023', 'kde: bandwidth 0');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.kde(c, 500, 'gauss''--') $$, '22023', 'kde: unknown kernel with a quote');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.emerging_hotspots(c, 0) $$, '22023', 'emerging_hotspots: distance 0');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.emerging_hotspots(c, 500, -1) $$, '22023', 'emerging_hotspots: negative time_steps');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.emerging_hotspots(c, 500, 1, NULL, 'cube''; --') $$, '22023',
	'emerging_hotspots: injection in global_window');
SELECT pg_temp.bad($$ SELECT count(*) FROM small_cube, est.emerging_hotspots(c, 500, 1, NULL, 'cube', 2) $$, '22023', 'emerging_hotspots: alpha 2');
SELECT pg_temp.bad($$ SELECT est.fdr_cutoff(ARRAY[0.01, 0.5], 0) $$, '22023', 'fdr_cutoff: alpha 0');
SELECT pg_temp.bad($$ SELECT est.fdr_cutoff(ARRAY[0.01, 'NaN'], 0.05) $$, '22023', 'fdr_cutoff: NaN p-value');
SELECT pg_temp.bad($$ SELECT est.fdr_cutoff(ARRAY[0.01, 1.5], 0.05) $$, '22023', 'fdr_cutoff: p-value above 1');
SELECT pg_temp.bad($$ SELECT est.gistar_p('NaN') $$, '22023', 'gistar_p: NaN z');
SELECT pg_temp.bad($$ SELECT * FROM est.pai_from_counts(1, 10, -5, 100) $$, '22023', 'pai_from_counts: negative area');
SELECT pg_temp.bad($$ SELECT * FROM est.pai_from_counts(20, 10, 5, 100) $$, '22023', 'pai_from_counts: more inside than in total');
SELECT pg_temp.bad($$ SELECT * FROM est.pai(ARRAY['SRID=3006;POINT(1 1)'::geometry], ST_MakeEnvelope(0, 0, 2, 2, 4326),
	ST_MakeEnvelope(0, 0, 5, 5, 3006)) $$, '22023', 'pai: hotspots in another SRID');
SELECT pg_temp.bad($$ SELECT est.ehsa_classify(ARRAY[1, 2, 3]::float8[], ARRAY[true, false]) $$, '22023', 'ehsa_classify: arrays of different lengths');

-- ---------------------------------------------------------------- trend
SELECT pg_temp.bad($$ SELECT est.mann_kendall(ARRAY[1, 2, 'NaN', 4]::float8[]) $$, '22023', 'mann_kendall: NaN in the series');
SELECT pg_temp.bad($$ SELECT est.mann_kendall(t, x) FROM (VALUES (1::float8, 'Infinity'::float8), (2, 1), (3, 2)) v(t, x) $$, '22023',
	'mann_kendall aggregate: infinite value');
SELECT pg_temp.bad($$ SELECT * FROM est.sen_slope_ci(ARRAY[1, 2, 3, 4]::float8[], 1.5) $$, '22023', 'sen_slope_ci: level 1.5');
SELECT pg_temp.bad($$ SELECT * FROM est.rate_test(3, 0, 10, 5) $$, '22023', 'rate_test: zero exposure');
SELECT pg_temp.bad($$ SELECT * FROM est.rate_test(-3, 1, 10, 5) $$, '22023', 'rate_test: negative count');
SELECT pg_temp.bad($$ SELECT * FROM est.rate_test(3, 1, 10, 5, 'bigger') $$, '22023', 'rate_test: unknown alternative');
SELECT pg_temp.bad($$ SELECT est.week_profile(r, 'Atlantis/Capital') FROM (VALUES ('[2024-01-01,2024-01-02)'::tstzrange)) v(r) $$, '22023',
	'week_profile: unknown time zone');
SELECT pg_temp.bad($$ SELECT est.week_profile(r) FROM (VALUES ('[2024-01-01,)'::tstzrange)) v(r) $$, '22023', 'week_profile: unbounded range');

-- ---------------------------------------------------------------- schema: writes to the tables
SELECT pg_temp.bad($$ INSERT INTO est.municipality (kommun, name) VALUES ('ab12', 'X') $$, '22P02', 'municipality: malformed kommun code');
SELECT pg_temp.bad($$ INSERT INTO est.municipality (kommun, name, time_zone) VALUES ('0999', 'X', 'Mars/Olympus') $$, '23514',
	'municipality: unknown time zone');
SELECT pg_temp.bad($$ INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Again') $$, '23505', 'municipality: registered twice');
SELECT pg_temp.bad($$ INSERT INTO est.municipality (kommun, name) VALUES ('0999', repeat('x', 201)) $$, '23514', 'municipality: oversized name');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'bogus', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$, '23503', 'incident: unknown category');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse''; DROP TABLE est.incident; --', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$,
	'23503', 'incident: injection in the category is an unknown category');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0999', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$, '23503', 'incident: unknown municipality');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'POINT(703000 6623000)') $$, '22023', 'incident: missing SRID');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3021;POINT(703000 6623000)') $$, '22023', 'incident: wrong SRID (RT90)');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT EMPTY') $$, '22023', 'incident: empty point');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', ST_SetSRID(ST_MakePoint('NaN', 6623000), 3006)) $$, '22023',
	'incident: NaN coordinate');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', ST_SetSRID(ST_MakePoint('-Infinity', 6623000), 3006)) $$, '22023',
	'incident: infinite coordinate');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', ST_MakeEnvelope(0, 0, 1, 1, 3006)) $$, '22023', 'incident: polygon');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=4326;POINT(18 95)') $$, '22023', 'incident: latitude 95');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', NULL) $$, '23502', 'incident: NULL geometry');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', 'empty', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$, '23514', 'incident: empty occurrence range');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,)', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$, '23514', 'incident: unbounded occurrence range');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-02,2024-03-01]', '2024-03-03', 'SRID=3006;POINT(703000 6623000)') $$, '22000', 'incident: reversed occurrence range');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-02]', '2024-02-01', 'SRID=3006;POINT(703000 6623000)') $$, '23514', 'incident: reported before it happened');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, severity, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', 0, '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$, '23514', 'incident: severity 0');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, source, occurred, reported_at, geom)
	VALUES ('0188', 'skadegorelse', 'twitter', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)') $$, '23514', 'incident: unknown source');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, description)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)', repeat('x', 4001)) $$, '23514',
	'incident: oversized description');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, place)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)', repeat('x', 201)) $$, '23514',
	'incident: oversized place');
SELECT pg_temp.bad($$ INSERT INTO est.incident (kommun, category, occurred, reported_at, geom, external_id)
	VALUES ('0188', 'skadegorelse', '[2024-03-01,2024-03-01]', '2024-03-01', 'SRID=3006;POINT(703000 6623000)', 'n1') $$, '23505', 'incident: duplicate external id');
SELECT pg_temp.bad($$ INSERT INTO est.locality (kommun, kind, name, geom)
	VALUES ('0188', 'område', 'Fluga', 'SRID=3006;POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))') $$, '22023', 'locality: self-intersecting polygon');
SELECT pg_temp.bad($$ INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'område', 'Tom', 'SRID=3006;POLYGON EMPTY') $$, '22023',
	'locality: empty polygon');
SELECT pg_temp.bad($$ INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'stadsdel', 'X', ST_MakeEnvelope(0, 0, 1, 1, 3006)) $$, '23514',
	'locality: unknown kind');
SELECT pg_temp.bad($$ INSERT INTO est.locality (kommun, kind, name, geom) VALUES ('0188', 'område', '', ST_MakeEnvelope(0, 0, 1, 1, 3006)) $$, '23514',
	'locality: empty name');
SELECT pg_temp.bad($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT '0188', 'Anna Svensson', id FROM est.organisation $$, '23514',
	'reporter: a real name as pseudonym');
SELECT pg_temp.bad($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT '0188', 'anna@example.se', id FROM est.organisation $$, '23514',
	'reporter: an e-mail address as pseudonym');
SELECT pg_temp.bad($$ INSERT INTO est.reporter (kommun, pseudonym, organisation_id) SELECT '0188', 'R-1''; DROP TABLE est.incident; --', id FROM est.organisation $$,
	'23514', 'reporter: injection in the pseudonym');
SELECT pg_temp.bad($$ INSERT INTO est.reporting_round (kommun, reporter_id, cycle, submitted_at)
	SELECT '0188', id, tstzrange('2024-02-27 10:00+01', '2024-03-05 13:00+01'), '2024-03-05' FROM est.reporter $$, '23514',
	'reporting_round: a range that is not a cycle');
SELECT pg_temp.bad($$ INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value)
	SELECT '0188', id, 2024, 'problemindex', 'NaN' FROM est.locality $$, '23514', 'survey_result: NaN value');
SELECT pg_temp.bad($$ INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value)
	SELECT '0188', id, 2024, 'problemindex', '-Infinity' FROM est.locality $$, '23514', 'survey_result: infinite value');
SELECT pg_temp.bad($$ INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'nobody''; DROP ROLE postgres; --') $$, '42704',
	'member: injection in a role name is an unknown role');
SELECT pg_temp.bad($$ SELECT est.to_sweref99tm('SRID=3006;POINT(1 1)', 'line') $$, '22023', 'to_sweref99tm: unknown kind');

-- ---------------------------------------------------------------- assess and action
SELECT pg_temp.bad($$ SELECT est.assess((0, 0, 1, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input, '{"nonsense": 1}') $$, '22023',
	'assess: unknown rule key');
SELECT pg_temp.bad($$ SELECT est.assess((0, 0, 1, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input, '[1, 2]') $$, '22023', 'assess: rules not an object');
SELECT pg_temp.bad($$ SELECT est.assess(('NaN', 0, 1, 0, 1, 0, 0, 0, 1, NULL)::est.assess_input) $$, '22023', 'assess: NaN indicator');
SELECT pg_temp.bad($$ SELECT est.decide('0188', (SELECT id FROM est.locality LIMIT 1), '2024-03-05 12:00+01', 6, 'x') $$, '22023', 'decide: grade 6');
SELECT pg_temp.bad($$ SELECT est.decide('0188', (SELECT id FROM est.locality LIMIT 1), '2024-03-05 12:00+01', 0, 'x') $$, '22023', 'decide: grade 0');
SELECT pg_temp.bad($$ SELECT est.decide('0188', 999999, '2024-03-05 12:00+01', 3, 'because') $$, '23503', 'decide: unknown locality (23503)');
SELECT pg_temp.bad($$ SELECT est.decide('0188', (SELECT id FROM est.locality LIMIT 1), '2024-03-05 12:00+01', 3, repeat('x', 5000)) $$, '23514',
	'decide: oversized motivation');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.assess_localities('0188', '2024-03-05 12:00+01', 0) $$, '22023', 'assess_localities: zero baseline cycles');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.assess_localities('0188', '2024-03-05 12:00+01', 8, 12, 'previous''; --') $$, '22023',
	'assess_localities: injection in baseline_from');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.assess_localities('0999', '2024-03-05 12:00+01') $$, '22023', 'assess_localities: unknown municipality');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.hot_cells('0188', '2024-03-05 12:00+01', 0) $$, '22023', 'hot_cells: cell size 0');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.emerging_cells('0188', '2024-03-05 12:00+01', 250, 500, 0) $$, '22023', 'emerging_cells: zero cycles');
SELECT pg_temp.bad($$ SELECT * FROM est.action_effect('0188', 1, '-8 weeks', '8 weeks', 200) $$, '22023', 'action_effect: negative window');
SELECT pg_temp.bad($$ SELECT * FROM est.action_effect('0188', 999999, '8 weeks', '8 weeks', 200) $$, '22023', 'action_effect: unknown action');
SELECT pg_temp.bad($$ SELECT * FROM est.action_effect('0188', 1, '8 weeks', '8 weeks', 'NaN') $$, '22023', 'action_effect: NaN buffer');
SELECT pg_temp.bad($$ SELECT est.link_meeting_decisions('0188', 999999) $$, '22023', 'link_meeting_decisions: unknown meeting');
SELECT pg_temp.bad($$ INSERT INTO est.meeting (kommun, held_on, note) VALUES ('0188', '2024-03-06', repeat('x', 4001)) $$, '23514', 'meeting: oversized note');
SELECT pg_temp.bad($$ INSERT INTO est.action (kommun, locality_id, target_categories, description) SELECT '0188', id, '{}', 'x' FROM est.locality $$,
	'23514', 'action: no target category');
SELECT pg_temp.bad($$ INSERT INTO est.action (kommun, locality_id, target_categories, description) SELECT '0188', id, '{bogus}', 'x' FROM est.locality $$,
	'23503', 'action: unknown target category');
SELECT pg_temp.bad($$ INSERT INTO est.action (kommun, locality_id, target_categories, description, started, due)
	SELECT '0188', id, '{skadegorelse}', 'x', '2024-03-01', '2024-02-01' FROM est.locality $$, '23514', 'action: due before started');

-- ---------------------------------------------------------------- picture
SELECT pg_temp.bad($$ SELECT * FROM est.refresh_picture('0188', '2024-03-05 12:00+01', 0) $$, '22023', 'refresh_picture: zero lookback');
SELECT pg_temp.bad($$ SELECT * FROM est.refresh_picture('0999', '2024-03-05 12:00+01') $$, '22023', 'refresh_picture: unknown municipality');
SELECT pg_temp.bad($$ SELECT * FROM est.refresh_picture('0188', 'infinity') $$, '22008', 'refresh_picture: infinite time');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.refresh_pictures('0188', 'empty') $$, '22023', 'refresh_pictures: empty range');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.refresh_pictures('0188', '[2024-01-01,)') $$, '22023', 'refresh_pictures: unbounded range');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.tertial_analysis('0188', '2024-T5') $$, '22P02', 'tertial_analysis: malformed tertial text');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.tertial_analysis('0999', '2024-T1') $$, '22023', 'tertial_analysis: unknown municipality');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.annual_summary('0188', 0) $$, '22008', 'annual_summary: year 0');

-- ---------------------------------------------------------------- ingest (loaders that raise)
SELECT pg_temp.bad($$ SELECT count(*) FROM est.csv_rows('a,b', '') $$, '22023', 'csv_rows: empty delimiter');
SELECT pg_temp.bad($$ SELECT count(*) FROM est.csv_rows('a,b', ';;') $$, '22023', 'csv_rows: two-character delimiter');
SELECT pg_temp.bad($$ SELECT est.parse_local_time('igår', 'Europe/Stockholm') $$, '22007', 'parse_local_time: unreadable time');
SELECT pg_temp.bad($$ SELECT est.parse_local_time('2024-03-01 10:00', 'Europe/Stockholm''; --') $$, '22023', 'parse_local_time: injection in the zone');
SELECT pg_temp.bad($$ SELECT est.category_code('klotter''; DROP TABLE est.incident; --') $$, '23503', 'category_code: injection is an unknown category');
SELECT pg_temp.bad($$ SELECT * FROM est.stage_reports_csv('') $$, '22023', 'stage_reports_csv: empty file');
SELECT pg_temp.bad($$ SELECT * FROM est.stage_reports_csv(E'kommun,"x"";drop table est.incident;--",category\n0188,1,x') $$, '22023',
	'stage_reports_csv: injection in a header name');
SELECT pg_temp.bad($$ SELECT * FROM est.load_police_events('{}') $$, '22023', 'load_police_events: not an array');
SELECT pg_temp.bad($$ SELECT * FROM est.load_police_events(NULL) $$, '22023', 'load_police_events: NULL');
SELECT pg_temp.bad($$ SELECT * FROM est.load_localities('[]', '0188', 'område') $$, '22023', 'load_localities: not a FeatureCollection');
SELECT pg_temp.bad($$ SELECT * FROM est.load_localities('{"type": "FeatureCollection", "features": []}', '0999', 'område') $$, '23503',
	'load_localities: unknown municipality');
SELECT pg_temp.bad($$ SELECT * FROM est.load_municipalities(NULL) $$, '22023', 'load_municipalities: NULL');

-- ---------------------------------------------------------------- publish
SELECT pg_temp.bad($$ SELECT est.geojson('[]', 'geom', 'id', -1) $$, '22023', 'geojson: negative digits');
SELECT pg_temp.bad($$ SELECT est.geojson('{}') $$, '22023', 'geojson: not an array');
SELECT pg_temp.bad($$ SELECT est.tile_hotspots(40, 0, 0) $$, '22023', 'tile_hotspots: zoom 40');
SELECT pg_temp.bad($$ SELECT est.tile_hotspots(2, 9, 0) $$, '22023', 'tile_hotspots: x outside the zoom level');
SELECT pg_temp.bad($$ SELECT est.tile_hotspots(-1, 0, 0) $$, '22023', 'tile_hotspots: negative zoom');
SELECT pg_temp.bad($$ SELECT * FROM est.suppress_counts(ARRAY[0], 1, 0, ARRAY[0], ARRAY[0], ARRAY[1]::bigint[]) $$, '22023', 'suppress_counts: threshold 0');
SELECT pg_temp.bad($$ SELECT * FROM est.suppress_counts(ARRAY[0], 1, 3, ARRAY[0, 0], ARRAY[0], ARRAY[1]::bigint[]) $$, '2202E',
	'suppress_counts: arrays of different lengths');
SELECT pg_temp.bad($$ SELECT est.geojson_hot_cells('0999', now()) $$, '22023', 'geojson_hot_cells: unknown municipality');

-- ---------------------------------------------------------------- loaders that reject rows instead of raising
-- (the good rows of a batch load; a bad one lands in est.rejected with its reason and writes nothing else)
SELECT is((SELECT loaded || '/' || rejected FROM est.load_localities(
	'{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3021"}}, "features": [{"type": "Feature",
	  "properties": {"name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}', '0188', 'område')),
	'0/1', 'load_localities: a collection in RT90 (EPSG:3021) loads nothing and rejects the feature');
SELECT is((SELECT sqlstate || ' ' || (SELECT count(*) FROM est.locality) FROM est.rejected WHERE loader = 'localities'), '22023 1',
	'... with 22023 in est.rejected, and est.locality still has only the fixture''s row');
SELECT is((SELECT municipalities || '/' || rejected FROM est.load_municipalities(
	'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "12x4", "kom_namn": "X"}, "geometry": null}]}')),
	'0/1', 'load_municipalities: a malformed kommun code is rejected');
SELECT is((SELECT sqlstate || ' ' || (SELECT count(*) FROM est.municipality) FROM est.rejected WHERE loader = 'municipalities'), '22P02 1',
	'... with 22P02, and no municipality is added');
INSERT INTO est.report_staging (kommun, external_id, category, occurred_from, e, n, description, place, line_no) VALUES
	('0999', 'r1', 'klotter', '2024-03-02 10:00', '703000', '6623000', NULL, NULL, 2),			-- unknown municipality
	('0188', 'r2', 'Bilbrinnande', '2024-03-02 10:00', '703000', '6623000', NULL, NULL, 3),		-- unknown category
	('0188', 'r3', 'klotter', 'igår', '703000', '6623000', NULL, NULL, 4),						-- unreadable time
	('0188', 'r4', 'klotter', '2024-03-02 10:00', 'NaN', '6623000', NULL, NULL, 5),				-- NaN coordinate
	('0188', 'r5', 'klotter', '2024-03-02 10:00', '703000', '6623000', repeat('x', 4001), NULL, 6),	-- oversized text
	('0188', 'r6', 'klotter', '2024-03-02 10:00', '703000', '6623000', NULL, 'Torget''); DROP TABLE est.incident; --', 7),  -- kept as text
	('0188', NULL, 'klotter', '2024-03-02 10:00', '703000', '6623000', NULL, NULL, 8);			-- missing external id
CALL est.load_reports();
SELECT results_eq($$ SELECT line_no, sqlstate FROM est.rejected WHERE loader = 'reports' ORDER BY line_no $$,
	$$ VALUES (2, '23503'), (3, '23503'), (4, '22007'), (5, '22P02'), (6, '23514'), (8, '23502') $$,
	'load_reports: each bad row is rejected with its SQLSTATE (unknown municipality and category 23503, time 22007, "NaN" is not a number 22P02, oversized text 23514, missing id 23502)');
SELECT is((SELECT string_agg(external_id || ':' || place, ',') FROM est.incident WHERE external_id <> 'n1'),
	'r6:Torget''); DROP TABLE est.incident; --', '... the only incident written is the good row, its place stored verbatim as text');
SELECT is((SELECT count(*)::int FROM est.report_staging), 0, '... and the staging table is emptied');

SELECT * FROM finish();
ROLLBACK;
