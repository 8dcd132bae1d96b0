-- est demo generator: realistic, deterministic EST data for one municipality.
--
-- Not part of the extension: `make demo`, the scenario tests (test/shell/picture.sh) and the
-- benchmark (test/bench/picture.sh) load this file into their database, which creates the schema
-- est_demo with one function, est_demo.generate(spec jsonb). Everything random is drawn after
-- setseed(spec.seed) in one backend without parallel workers, so the same spec gives the same rows.
--
-- The spec (see demo/norrtalje.json for a full example):
--   kommun, name            the municipality (inserted when missing)
--   boundary                optional GeoJSON geometry of the municipality (EPSG:4326); else a circle
--   first_cycle, cycles     the Tuesday the first weekly cycle starts and how many cycles to make
--   seed                    float in [-1, 1] for setseed
--   rate                    background incidents per week per 1 000 inhabitants (default 0.35)
--   police_per_week         police notices per week, kommun precision (default 4)
--   reporters               how many reporters (spread over the towns by population)
--   towns[]                 name, lon, lat, radius (m), population,
--                           areas[]  (område: name, dx, dy, radius — metres from the town centre),
--                           places[] (named places: name, dx, dy, spread (m), weight)
--   scenarios[]             extra incidents: town, place, categories[], from, to (cycle numbers,
--                           0-based), per_week, shape ('flat' | 'rise' | 'fade': linear to zero at `to`),
--                           key (a label kept in external_id so tests can find the scenario's rows)
--   silent[]                town, cycle, share: that share of the town's reporters files nothing that
--                           cycle (no round, and their incidents of the cycle are never reported)
--   survey                  {year, indicator, values: {town: value}}
-- Returns a one-row summary.

CREATE SCHEMA IF NOT EXISTS est_demo;

CREATE OR REPLACE FUNCTION est_demo.generate(spec jsonb)
RETURNS TABLE (kommun char(4), localities bigint, reporters bigint, incidents bigint, police bigint,
			   rounds bigint, first_cycle timestamptz, last_cycle timestamptz)
LANGUAGE plpgsql VOLATILE
SET max_parallel_workers_per_gather = 0
SET search_path = pg_catalog, public
AS $$
#variable_conflict use_column
DECLARE
	k char(4) := spec->>'kommun';
	tz text;
	c0 timestamptz;
	c_end timestamptz;
	ncyc integer := (spec->>'cycles')::integer;
	kommun_id bigint;
	v_centre geometry;
BEGIN
	PERFORM setseed((spec->>'seed')::float8);

	-- ------------------------------------------------------------ municipality and localities
	IF NOT EXISTS (SELECT 1 FROM est.municipality m WHERE m.kommun = k) THEN
		INSERT INTO est.municipality (kommun, name) VALUES (k, spec->>'name');
	END IF;
	UPDATE est.municipality m SET cycle_length = 'weekly', cycle_anchor = (spec->>'first_cycle')::date,
		   cycle_cutoff = '13:00', meeting_offset = '1 day 2 hours'
	 WHERE m.kommun = k;
	SELECT m.time_zone INTO tz FROM est.municipality m WHERE m.kommun = k;
	c0 := ((spec->>'first_cycle')::date + time '13:00') AT TIME ZONE tz;
	c_end := (((spec->>'first_cycle')::date + 7 * ncyc) + time '13:00') AT TIME ZONE tz;
	CREATE TEMP TABLE IF NOT EXISTS gen_cycle (c integer, starts timestamptz, ends timestamptz) ON COMMIT DROP;
	TRUNCATE gen_cycle;

	INSERT INTO gen_cycle
	SELECT (row_number() OVER (ORDER BY y.starts) - 1)::integer, y.starts, y.ends
	  FROM est.cycles(k, tstzrange(c0, c_end)) y WHERE y.starts >= c0 AND y.ends <= c_end;

	CREATE TEMP TABLE IF NOT EXISTS gen_town (name text, pop float8, centre geometry, radius float8, id bigint,
											  reporters integer) ON COMMIT DROP;
	CREATE TEMP TABLE IF NOT EXISTS gen_place (town text, name text, pt geometry, spread float8, weight float8)
		ON COMMIT DROP;
	TRUNCATE gen_town, gen_place;
	INSERT INTO gen_town (name, pop, centre, radius)
	SELECT t->>'name', (t->>'population')::float8,
		   ST_Transform(ST_SetSRID(ST_MakePoint((t->>'lon')::float8, (t->>'lat')::float8), 4326), 3006),
		   (t->>'radius')::float8
	  FROM jsonb_array_elements(spec->'towns') t;
	INSERT INTO gen_place (town, name, pt, spread, weight)
	SELECT t->>'name', p->>'name',
		   ST_Translate(g.centre, (p->>'dx')::float8, (p->>'dy')::float8),
		   coalesce((p->>'spread')::float8, 60), coalesce((p->>'weight')::float8, 1)
	  FROM jsonb_array_elements(spec->'towns') t
	 CROSS JOIN LATERAL jsonb_array_elements(t->'places') p
	  JOIN gen_town g ON g.name = t->>'name';

	IF NOT EXISTS (SELECT 1 FROM est.locality l WHERE l.kommun = k AND l.kind = 'kommun') THEN
		INSERT INTO est.locality (kommun, kind, name, code_system, code, geom)
		SELECT k, 'kommun', (spec->>'name') || ' kommun', 'kommunkod', k,
			   CASE WHEN spec ? 'boundary'
					THEN ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(spec->>'boundary'), 4326))
					ELSE ST_Transform(ST_Buffer((SELECT ST_Centroid(ST_Collect(centre)) FROM gen_town), 40000), 4326) END;
	END IF;
	SELECT l.id INTO kommun_id FROM est.locality l WHERE l.kommun = k AND l.kind = 'kommun';

	-- a tätort: a disc with a lobe, so outlines are not perfect circles
	INSERT INTO est.locality (kommun, parent_id, kind, name, population, geom)
	SELECT k, kommun_id, 'tätort', g.name, g.pop::integer,
		   ST_Union(ST_Buffer(g.centre, g.radius, 24),
					ST_Buffer(ST_Translate(g.centre, g.radius * 0.55, -g.radius * 0.35), g.radius * 0.6, 16))
	  FROM gen_town g;
	UPDATE gen_town g SET id = l.id FROM est.locality l WHERE l.kommun = k AND l.kind = 'tätort' AND l.name = g.name;
	INSERT INTO est.locality (kommun, parent_id, kind, name, geom)
	SELECT k, g.id, 'område', a->>'name',
		   ST_Buffer(ST_Translate(g.centre, (a->>'dx')::float8, (a->>'dy')::float8), (a->>'radius')::float8, 16)
	  FROM jsonb_array_elements(spec->'towns') t
	 CROSS JOIN LATERAL jsonb_array_elements(coalesce(t->'areas', '[]')) a
	  JOIN gen_town g ON g.name = t->>'name';

	-- ------------------------------------------------------------ organisations and reporters
	INSERT INTO est.organisation (kommun, name, kind)
	SELECT k, o.name, o.kind FROM (VALUES
		('Kommunens trygghetssamordnare', 'kommun'), ('Fritidsgårdarna', 'kommun'),
		('Skolorna', 'kommun'), ('Gatu- och parkenheten', 'kommun'), ('Allmännyttiga bostadsbolaget', 'bostadsbolag'),
		('Privata fastighetsägare', 'bostadsbolag'), ('Polisen, lokalpolisområdet', 'polis'),
		('Räddningstjänsten', 'räddningstjänst'), ('Handlarna i centrum', 'näringsliv'),
		('Kollektivtrafiken', 'näringsliv'), ('Nattvandrarna', 'förening'), ('Väktarbolaget', 'annan')) o (name, kind)
	ON CONFLICT DO NOTHING;

	UPDATE gen_town g SET reporters = greatest(2, round((spec->>'reporters')::float8 * g.pop / s.total))::integer
	  FROM (SELECT sum(pop) AS total FROM gen_town) s;
	INSERT INTO est.reporter (kommun, pseudonym, organisation_id, locality_id, active)
	SELECT k, upper(left(g.name, 2)) || '-' || lpad(r::text, 3, '0'),
		   (SELECT o.id FROM est.organisation o WHERE o.kommun = k ORDER BY o.id OFFSET (r * 7 + length(g.name)) % 12 LIMIT 1),
		   g.id,	-- each covers its town
		   -- most from the start; one in eight joins later, one in ten leaves
		   daterange(CASE WHEN r % 8 = 5 THEN (spec->>'first_cycle')::date + 7 * (r * 3 % ncyc) / 2
						  ELSE (spec->>'first_cycle')::date - 30 END,
					 CASE WHEN r % 10 = 7 THEN (spec->>'first_cycle')::date + 7 * (ncyc / 2 + r % (ncyc / 2)) END)
	  FROM gen_town g, generate_series(1, g.reporters) r
	ON CONFLICT DO NOTHING;

	-- ------------------------------------------------------------ background incidents
	CREATE TEMP TABLE IF NOT EXISTS gen_inc (seq bigserial, town text, place text, pt geometry, category text,
		cyc integer, t0 timestamptz, t1 timestamptz, key text,
		ua float8 DEFAULT random(), ub float8 DEFAULT random()) ON COMMIT DROP;
	TRUNCATE gen_inc;
	WITH mix (category, share, night) AS (VALUES
		('skadegorelse.klotter', 0.17, true), ('skadegorelse.glaskross', 0.08, true),
		('skadegorelse.brand', 0.02, true), ('skadegorelse.bilbrand', 0.01, true),
		('skadegorelse.nedskrapning', 0.10, false), ('skadegorelse.annan', 0.06, true),
		('samling.trapphus', 0.04, true), ('samling.centrum', 0.05, true), ('samling.utomhus', 0.04, true),
		('samling.ungdomar', 0.08, true), ('samling.berusade', 0.06, true),
		('ordningsstorande.brak_vald', 0.02, true), ('ordningsstorande.inbrott', 0.015, true),
		('ordningsstorande.ran', 0.005, true), ('ordningsstorande.narkotika', 0.03, true),
		('ordningsstorande.olovligt_boende', 0.02, false), ('ordningsstorande.olovlig_trafik', 0.05, false),
		('ordningsstorande.vapen_stenhogar', 0.005, false), ('ordningsstorande.hot_personal', 0.01, false),
		('ordningsstorande.annat', 0.03, false), ('otrygg_plats.belysning', 0.04, true),
		('otrygg_plats.morker', 0.02, true), ('otrygg_plats.vaxtlighet', 0.02, false),
		('otrygg_plats.nedgangen', 0.02, false), ('otrygg_plats.folktom', 0.01, false),
		('arrangemang.evenemang', 0.01, false), ('ovrigt', 0.03, false)
	), cell AS (
		-- expected incidents of a category in a town and cycle: the rate × population, more in
		-- summer evenings for gatherings and traffic, more in the dark half for lighting
		SELECT g.name AS town, c AS cyc, m.category, m.night,
			   coalesce((spec->>'rate')::float8, 0.35) * g.pop / 1000 * m.share
			   * CASE WHEN m.category LIKE 'samling.%' OR m.category = 'ordningsstorande.olovlig_trafik'
					  THEN 1 + 0.5 * sin(2 * pi() * (extract(doy FROM c0 + interval '7 days' * c) - 80) / 365)
					  WHEN m.category LIKE 'otrygg_plats.%' THEN 1 + 0.5 * cos(2 * pi() * extract(doy FROM c0 + interval '7 days' * c) / 365)
					  ELSE 1 END AS lambda
		  FROM gen_town g CROSS JOIN mix m CROSS JOIN generate_series(0, ncyc - 1) c
	)
	INSERT INTO gen_inc (town, category, cyc, t0, key)
	SELECT cell.town, cell.category, cell.cyc,
		   -- a day of the cycle; night categories lean to Friday and Saturday evenings
		   (((c0 AT TIME ZONE tz)::date + 7 * cell.cyc
			 + CASE WHEN cell.night AND random() < 0.5 THEN 3 + floor(random() * 2)::int ELSE floor(random() * 7)::int END)
			+ CASE WHEN cell.night THEN time '17:00' + interval '1 minute' * floor(random() * 540)
				   ELSE time '07:30' + interval '1 minute' * floor(random() * 660) END) AT TIME ZONE tz,
		   NULL
	  FROM cell
	 -- a binomial draw close to Poisson(lambda): each of n tries succeeds with lambda / n (the
	 -- filter sits inside the lateral subquery, fenced by OFFSET 0, so that random() is drawn per
	 -- try and not once per cell)
	 CROSS JOIN LATERAL (SELECT d FROM generate_series(1, ceil(cell.lambda * 3 + 3)::int) d
						  WHERE random() < cell.lambda / ceil(cell.lambda * 3 + 3) OFFSET 0) tries;

	-- ------------------------------------------------------------ scenarios
	INSERT INTO gen_inc (town, place, category, cyc, t0, key)
	SELECT s->>'town', s->>'place', (SELECT array_agg(x) FROM jsonb_array_elements_text(s->'categories') x)[1 + floor(random() * jsonb_array_length(s->'categories'))::int],
		   c, (((c0 AT TIME ZONE tz)::date + 7 * c + CASE WHEN random() < 0.6 THEN 3 + floor(random() * 2)::int ELSE floor(random() * 7)::int END)
			   + time '18:00' + interval '1 minute' * floor(random() * 420)) AT TIME ZONE tz,
		   s->>'key'
	  FROM jsonb_array_elements(coalesce(spec->'scenarios', '[]')) s
	 CROSS JOIN LATERAL generate_series((s->>'from')::int, (s->>'to')::int) c
	 CROSS JOIN LATERAL (SELECT d FROM generate_series(1, ceil((s->>'per_week')::float8 * 2)::int) d
						  WHERE random() < (s->>'per_week')::float8
							  * CASE coalesce(s->>'shape', 'flat')
								WHEN 'rise' THEN (c - (s->>'from')::int + 1)::float8 / ((s->>'to')::int - (s->>'from')::int + 1)
								WHEN 'fade' THEN ((s->>'to')::int - c)::float8 / ((s->>'to')::int - (s->>'from')::int + 1)
								ELSE 1 END
							  / ceil((s->>'per_week')::float8 * 2) OFFSET 0) tries;

	-- where: at a named place (weighted, with its spread) for most, anywhere in the town otherwise
	UPDATE gen_inc i SET place = p.name
	  FROM (SELECT i2.seq, (SELECT gp.name FROM gen_place gp WHERE gp.town = i2.town
							 ORDER BY -ln(1 - random() + i2.seq * 0) / gp.weight LIMIT 1) AS name
			  FROM gen_inc i2 WHERE i2.place IS NULL AND random() < 0.65) p
	 WHERE i.seq = p.seq;
	UPDATE gen_inc i SET pt = ST_Translate(p.pt, p.spread * sqrt(-2 * ln(1 - i.ua)) * cos(2 * pi() * i.ub),
											 p.spread * sqrt(-2 * ln(1 - i.ua)) * sin(2 * pi() * i.ub))
	  FROM gen_place p WHERE p.town = i.town AND p.name = i.place;
	UPDATE gen_inc i SET pt = ST_Translate(g.centre, g.radius * 0.95 * sqrt(i.ua) * cos(2 * pi() * i.ub),
											 g.radius * 0.95 * sqrt(i.ua) * sin(2 * pi() * i.ub))
	  FROM gen_town g WHERE g.name = i.town AND i.place IS NULL;
	-- found afterwards: damage is often a window ("between Friday night and Monday morning")
	UPDATE gen_inc SET t1 = t0 + interval '1 hour' * (3 + floor(random() * 60))
	 WHERE category IN ('skadegorelse.klotter', 'skadegorelse.glaskross', 'skadegorelse.annan',
						'skadegorelse.nedskrapning', 'otrygg_plats.nedgangen') AND random() < 0.6;

	-- ------------------------------------------------------------ who reported it
	CREATE TEMP TABLE IF NOT EXISTS gen_rep (town text, id bigint, rn integer, active daterange) ON COMMIT DROP;
	TRUNCATE gen_rep;
	INSERT INTO gen_rep
	SELECT g.name, r.id, row_number() OVER (PARTITION BY g.name ORDER BY r.id), r.active
	  FROM est.reporter r JOIN gen_town g ON r.pseudonym LIKE upper(left(g.name, 2)) || '-%'
	 WHERE r.kommun = k;

	INSERT INTO est.incident (kommun, category, source, occurred, reported_at, geom, reporter_id, external_id, place)
	SELECT k, i.category, 'rapportör', tstzrange(i.t0, coalesce(i.t1, i.t0), '[]'),
		   least(coalesce(i.t1, i.t0) + interval '1 hour' * (1 + floor(random() * 30)), c_end - interval '1 minute'),
		   i.pt,
		   (SELECT r.id FROM gen_rep r WHERE r.town = i.town AND r.active @> (i.t0 AT TIME ZONE tz)::date
			 ORDER BY (r.rn * 7919 + i.seq) % 97 LIMIT 1),
		   'gen-' || coalesce(i.key || '-', '') || i.seq, i.place
	  FROM gen_inc i
	 WHERE i.t0 < c_end AND coalesce(i.t1, i.t0) < c_end - interval '1 hour'
	 ORDER BY i.seq;

	-- police notices: the open API gives the municipality only, at its centre
	v_centre := ST_PointOnSurface((SELECT l.geom FROM est.locality l WHERE l.id = kommun_id));
	INSERT INTO est.incident (kommun, category, source, occurred, reported_at, geom, location_precision, external_id)
	SELECT k, (ARRAY['polisanmalt_brott.vald', 'polisanmalt_brott.stold', 'polisanmalt_brott.narkotika',
					 'polisanmalt_brott.skadegorelse', 'polisanmalt_brott.ordning', 'polisanmalt_brott.trafik',
					 'polisanmalt_brott.brand', 'polisanmalt_brott.ovrigt', 'polisanmalt_brott.vald',
					 'polisanmalt_brott.stold', 'polisanmalt_brott.ran', 'polisanmalt_brott.vapen'])[1 + floor(random() * 12)::int],
		   'polis', tstzrange(t, t, '[]'), t + interval '50 minutes', v_centre, 'kommun', 'gen-polis-' || c || '-' || tries.d
	  FROM generate_series(0, ncyc - 1) c
	 CROSS JOIN LATERAL (SELECT d FROM generate_series(1, ceil(coalesce((spec->>'police_per_week')::float8, 4) * 2)::int) d
						  WHERE random() < 0.5 OFFSET 0) tries
	 CROSS JOIN LATERAL (SELECT c0 + interval '7 days' * c + interval '1 minute' * floor(random() * 10000) + interval '0' * d AS t) tt
	 WHERE tt.t < c_end - interval '1 hour';

	-- ------------------------------------------------------------ reporting rounds
	-- silent reporters: their incidents of that cycle never reach the system
	CREATE TEMP TABLE IF NOT EXISTS gen_silent (reporter_id bigint, cyc integer) ON COMMIT DROP;
	TRUNCATE gen_silent;
	INSERT INTO gen_silent		-- every 1/share-th reporter of the town, evenly spread
	SELECT r.id, (s->>'cycle')::int
	  FROM jsonb_array_elements(coalesce(spec->'silent', '[]')) s
	  JOIN gen_rep r ON r.town = s->>'town'
	   AND floor(r.rn * (s->>'share')::float8) > floor((r.rn - 1) * (s->>'share')::float8);
	DELETE FROM est.incident i USING gen_silent s, gen_cycle y
	 WHERE i.kommun = k AND i.reporter_id = s.reporter_id AND y.c = s.cyc
	   AND i.reported_at >= y.starts AND i.reported_at < y.ends;

	-- the others check in most cycles ("nothing to report" when they had nothing); whoever filed
	-- a report in the cycle has checked in
	INSERT INTO est.reporting_round (kommun, reporter_id, cycle, nothing_to_report, submitted_at)
	SELECT k, r.id, tstzrange(y.starts, y.ends, '[)'),
		   NOT EXISTS (SELECT 1 FROM est.incident i WHERE i.kommun = k AND i.reporter_id = r.id
						 AND i.reported_at >= y.starts AND i.reported_at < y.ends),
		   y.ends - interval '2 hours'
	  FROM gen_rep r CROSS JOIN gen_cycle y
	 WHERE r.active && daterange((y.starts AT TIME ZONE tz)::date, (y.ends AT TIME ZONE tz)::date)
	   AND NOT EXISTS (SELECT 1 FROM gen_silent s WHERE s.reporter_id = r.id AND s.cyc = y.c)
	   AND (random() < 0.9
			OR EXISTS (SELECT 1 FROM est.incident i WHERE i.kommun = k AND i.reporter_id = r.id
						AND i.reported_at >= y.starts AND i.reported_at < y.ends))
	 ORDER BY y.c, r.id;

	-- ------------------------------------------------------------ survey
	IF spec ? 'survey' THEN
		INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value, source)
		SELECT k, g.id, (spec->'survey'->>'year')::smallint, spec->'survey'->>'indicator', v.value::float8,
			   'Trygghetsundersökning (generated)'
		  FROM jsonb_each_text(spec->'survey'->'values') v JOIN gen_town g ON g.name = v.key;
	END IF;

	RETURN QUERY SELECT k,
		(SELECT count(*) FROM est.locality l WHERE l.kommun = k),
		(SELECT count(*) FROM est.reporter r WHERE r.kommun = k),
		(SELECT count(*) FROM est.incident i WHERE i.kommun = k AND i.source = 'rapportör'),
		(SELECT count(*) FROM est.incident i WHERE i.kommun = k AND i.source = 'polis'),
		(SELECT count(*) FROM est.reporting_round r WHERE r.kommun = k),
		c0, c_end;
END
$$;

COMMENT ON FUNCTION est_demo.generate(jsonb) IS
'Generates deterministic EST data for one municipality from a spec (demo/generator.sql header): localities, organisations, reporters, incidents with time windows and named places, police notices, reporting rounds with silent reporters, survey values and injected scenarios.';
