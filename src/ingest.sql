-- ingest: validated loading — reports from CSV, Polisen's event notices, locality polygons,
-- municipalities and survey results. Nothing is lost and nothing is dropped silently: every
-- row is loaded, counted as a duplicate, skipped for a stated reason (police summaries, other
-- municipalities) or moved to est.rejected with the reason and its original values.

-- ---------------------------------------------------------------------------------------
-- reading
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.csv_rows(content text, delimiter text DEFAULT ',')
RETURNS TABLE (line_no integer, fields text[], error text)
AS 'MODULE_PATHNAME', 'est_csv_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;

COMMENT ON FUNCTION est.csv_rows(text, text) IS
'Reads CSV text (RFC 4180: quoted fields may hold delimiters, line breaks and doubled quotes; LF or CRLF; blank lines skipped; a UTF-8 byte-order mark ignored) into one row per record: the line it starts on and its fields, or NULL fields and the reason when the record is malformed (an unterminated quote, text after a closing quote, a quote inside an unquoted field). Reading goes on after a broken record.';

CREATE FUNCTION est.parse_local_time(value text, time_zone text DEFAULT 'Europe/Stockholm')
RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	v text := btrim(value);
BEGIN
	IF v IS NULL OR v = '' THEN
		RETURN NULL;
	END IF;
	IF v ~ '^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$' THEN
		RETURN replace(v, 'T', ' ')::timestamp AT TIME ZONE time_zone;
	ELSIF v ~ '^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)? ?(Z|[+-]\d{2}(:?\d{2})?)$' THEN
		RETURN replace(v, 'T', ' ')::timestamptz;
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'invalid_datetime_format',
		MESSAGE = format('unreadable time "%s"', left(v, 60)),
		HINT = 'Write local time as YYYY-MM-DD HH:MM (in the municipality''s time zone) or ISO 8601 with an offset, e.g. 2025-05-03T18:00:00+02:00.';
END
$$;

COMMENT ON FUNCTION est.parse_local_time(text, text) IS
'Reads a time as the CSV contract allows: local wall-clock time YYYY-MM-DD HH:MM[:SS] (or with T) in the given zone, or ISO 8601 with Z or an offset. Empty → NULL; anything else 22007; an impossible date 22008. Independent of the session''s TimeZone and DateStyle.';

CREATE FUNCTION est.category_code(value text, source text DEFAULT 'rapportör')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	v text := btrim(value);
	codes text[];
	preferred text[];
BEGIN
	IF v IS NULL OR v = '' THEN
		RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = 'category is missing',
			HINT = 'Give a category code (skadegorelse.klotter) or its Swedish label (Klotter).';
	END IF;
	IF EXISTS (SELECT 1 FROM est.category c WHERE c.code = lower(v)) THEN
		RETURN lower(v);
	END IF;
	SELECT array_agg(c.code ORDER BY c.code) INTO codes FROM est.category c WHERE lower(c.label_sv) = lower(v);
	IF cardinality(codes) > 1 THEN
		-- the same label under police crime and under the reporters' categories: the source decides
		SELECT array_agg(x ORDER BY x) INTO preferred FROM unnest(codes) x
		 WHERE (x LIKE 'polisanmalt_brott%') = (source = 'polis');
		IF cardinality(preferred) >= 1 THEN
			codes := preferred;
		END IF;
	END IF;
	IF cardinality(codes) = 1 THEN
		RETURN codes[1];
	ELSIF cardinality(codes) > 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('category label "%s" is ambiguous: %s', v, array_to_string(codes, ', ')),
			HINT = 'Give the category code instead of the label.';
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
		MESSAGE = format('unknown category "%s"', left(v, 100)),
		HINT = 'Use a code or Swedish label from est.category.';
END
$$;

COMMENT ON FUNCTION est.category_code(text, text) IS
'The category code for a code or a Swedish label (case-insensitive). A label used both for police crime and for reporters'' categories (Rån, Skadegörelse) resolves by source. Unknown → 23503, still ambiguous → 22023, empty → 23502.';

CREATE FUNCTION est._number(value text, what text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	v text := replace(btrim(value), ',', '.');	-- a Swedish decimal comma
BEGIN
	IF v IS NULL OR v = '' THEN
		RETURN NULL;
	END IF;
	IF v !~ '^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation',
			MESSAGE = format('%s "%s" is not a number', what, left(btrim(value), 40)),
			HINT = 'Write numbers with a decimal point or comma, without thousands separators.';
	END IF;
	RETURN v::double precision;
END
$$;

COMMENT ON FUNCTION est._number(text, text) IS
'Internal: a number from CSV text (decimal point or comma); empty → NULL; anything else 22P02 naming what.';

CREATE FUNCTION est._report_point(lat text, lon text, e text, n text) RETURNS geometry
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	y double precision := est._number(lat, 'lat');
	x double precision := est._number(lon, 'lon');
	ee double precision := est._number(e, 'e');
	nn double precision := est._number(n, 'n');
	g geometry;
	w geometry;
BEGIN
	IF (y IS NOT NULL OR x IS NOT NULL) AND (ee IS NOT NULL OR nn IS NOT NULL) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'both lat/lon and e/n are given',
			HINT = 'Give WGS84 lat and lon, or SWEREF 99 TM e and n, not both.';
	ELSIF y IS NOT NULL AND x IS NOT NULL THEN
		g := est.to_sweref99tm(ST_SetSRID(ST_MakePoint(x, y), 4326), 'point', 'location');
	ELSIF ee IS NOT NULL AND nn IS NOT NULL THEN
		g := est.to_sweref99tm(ST_SetSRID(ST_MakePoint(ee, nn), 3006), 'point', 'location');
	ELSE
		RAISE EXCEPTION USING ERRCODE = 'not_null_violation',
			MESSAGE = 'the location is missing or incomplete',
			HINT = 'Give WGS84 lat and lon, or SWEREF 99 TM e and n.';
	END IF;
	w := ST_Transform(g, 4326);
	IF NOT (ST_X(w) BETWEEN 10.0 AND 24.5 AND ST_Y(w) BETWEEN 55.0 AND 69.5) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('coordinates outside Sweden (%s° E, %s° N)', round(ST_X(w)::numeric, 3), round(ST_Y(w)::numeric, 3)),
			HINT = 'Check that latitude and longitude are not swapped, and that e/n are SWEREF 99 TM metres.';
	END IF;
	RETURN g;
END
$$;

COMMENT ON FUNCTION est._report_point(text, text, text, text) IS
'Internal: the location of a CSV report as a SWEREF 99 TM point, from lat/lon (WGS84) or e/n (SWEREF 99 TM), checked to lie in Sweden.';

CREATE FUNCTION est._yes_no(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
	CASE lower(btrim(coalesce(value, '')))
		WHEN '' THEN RETURN false;
		WHEN 'ja', 'j', 'yes', 'y', 'true', 't', '1', 'x' THEN RETURN true;
		WHEN 'nej', 'n', 'no', 'false', 'f', '0' THEN RETURN false;
		ELSE RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation',
			MESSAGE = format('suspected "%s" is not yes or no', left(btrim(value), 20)),
			HINT = 'Write ja/nej, yes/no, true/false or 1/0; empty means no.';
	END CASE;
END
$$;

COMMENT ON FUNCTION est._yes_no(text) IS 'Internal: ja/nej, yes/no, true/false, 1/0 (empty: no) as boolean; anything else 22P02.';

-- ---------------------------------------------------------------------------------------
-- rejected rows
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.rejected (
	kommun		char(4) NOT NULL CONSTRAINT rejected_kommun_format CHECK (est.is_kommunkod(kommun)),
	id			bigint GENERATED BY DEFAULT AS IDENTITY,
	loader		text NOT NULL CHECK (loader IN ('reports', 'police_events', 'localities', 'municipalities', 'survey_results')),
	line_no		integer,
	external_id	text,
	sqlstate	text NOT NULL,
	reason		text NOT NULL,
	original	jsonb NOT NULL,
	row_hash	text NOT NULL,
	rejected_at	timestamptz NOT NULL DEFAULT now(),
	rejected_by	name NOT NULL DEFAULT CURRENT_USER,
	PRIMARY KEY (kommun, id),
	CONSTRAINT rejected_once UNIQUE (kommun, loader, row_hash)
);

COMMENT ON TABLE est.rejected IS
'Every row a loader could not take, with the reason (the error''s message and SQLSTATE) and its original values, so nothing is lost. A row rejected again (the same file loaded twice) is not recorded twice. kommun is 0000 when the row carried no usable municipality code. Seen by the municipality''s members and by whoever loaded the row.';
COMMENT ON COLUMN est.rejected.line_no IS 'Line of the CSV record, when it was staged with a est.stage_*_csv function.';
COMMENT ON COLUMN est.rejected.original IS 'The row as it came in (for police events the whole notice; for polygons the properties and geometry type).';

CREATE FUNCTION est._reject(kommun text, loader text, line_no integer, external_id text, sqlstate text,
							reason text, original jsonb) RETURNS void
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	INSERT INTO est.rejected (kommun, loader, line_no, external_id, sqlstate, reason, original, row_hash)
	-- (reliab) a row for a registered municipality the caller does not work for is filed under
	-- 0000, so that one municipality's loader cannot add rows to another's reject list
	VALUES (CASE WHEN NOT coalesce(est.is_kommunkod(btrim(_reject.kommun)), false) THEN '0000'
				 WHEN NOT row_security_active('est.rejected'::regclass)
					  OR btrim(_reject.kommun) = ANY (est.current_kommuner())
					  OR NOT est._municipality_exists(btrim(_reject.kommun)) THEN btrim(_reject.kommun)
				 ELSE '0000' END,
			_reject.loader, _reject.line_no, left(nullif(btrim(_reject.external_id), ''), 200), _reject.sqlstate,
			left(_reject.reason, 1000), _reject.original, md5(_reject.original::text))
	ON CONFLICT ON CONSTRAINT rejected_once DO NOTHING;
END;

COMMENT ON FUNCTION est._reject(text, text, integer, text, text, text, jsonb) IS
'Internal: records a rejected row once (kommun 0000 when it has no usable code, or names a registered municipality the caller does not work for).';

-- ---------------------------------------------------------------------------------------
-- reports: CSV → est.report_staging → CALL est.load_reports()
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.report_staging (
	id				bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	kommun			text,
	external_id		text,
	category		text,
	occurred_from	text,
	occurred_to		text,
	reported_at		text,
	lat				text,
	lon				text,
	e				text,
	n				text,
	severity		text,
	suspected		text,
	description		text,
	place			text,
	reporter		text,
	source			text,
	line_no			integer,
	staged_by		name NOT NULL DEFAULT CURRENT_USER,
	staged_at		timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE est.report_staging IS
'Reports waiting to be loaded, every value as text, in the CSV contract''s columns (docs/ingest.md): \copy est.report_staging (kommun, external_id, category, occurred_from, occurred_to, reported_at, lat, lon, e, n, severity, suspected, description, place, reporter, source) FROM ''file.csv'' WITH (FORMAT csv, HEADER), or est.stage_reports_csv(text) for files that may have broken rows. Each role sees only what it staged; CALL est.load_reports() empties it.';

CREATE FUNCTION est.stage_reports_csv(content text, delimiter text DEFAULT ',')
RETURNS TABLE (staged integer, rejected integer)
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
	cols constant text[] := ARRAY['kommun', 'external_id', 'category', 'occurred_from', 'occurred_to',
								  'reported_at', 'lat', 'lon', 'e', 'n', 'severity', 'suspected',
								  'description', 'reporter', 'source', 'place'];
	header text[];
	pos integer[];
	unknown text[];
	r record;
	f text[];
	i integer;
BEGIN
	staged := 0;
	rejected := 0;
	SELECT c.fields INTO header FROM est.csv_rows(content, delimiter) c ORDER BY c.line_no LIMIT 1;
	IF header IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'the CSV has no header line',
			HINT = 'The first line names the columns: ' || array_to_string(cols, ', ') || '.';
	END IF;
	header := ARRAY(SELECT lower(btrim(h)) FROM unnest(header) h);
	unknown := ARRAY(SELECT h FROM unnest(header) h WHERE h <> ALL (cols));
	IF cardinality(unknown) > 0 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('unknown CSV columns: %s', array_to_string(unknown, ', ')),
			HINT = 'The columns are: ' || array_to_string(cols, ', ') || '.';
	END IF;
	IF NOT (ARRAY['kommun', 'external_id', 'category', 'occurred_from'] <@ header
			AND (ARRAY['lat', 'lon'] <@ header OR ARRAY['e', 'n'] <@ header)) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'the CSV lacks required columns',
			HINT = 'Required: kommun, external_id, category, occurred_from, and lat + lon or e + n.';
	END IF;
	pos := ARRAY(SELECT array_position(header, c) FROM unnest(cols) c);

	FOR r IN SELECT c.line_no, c.fields, c.error FROM est.csv_rows(content, delimiter) c
			  ORDER BY c.line_no OFFSET 1 LOOP
		IF r.error IS NOT NULL THEN
			PERFORM est._reject(NULL, 'reports', r.line_no, NULL, '22P04', 'malformed CSV record: ' || r.error,
								jsonb_build_object('line_no', r.line_no));
			rejected := rejected + 1;
		ELSIF cardinality(r.fields) <> cardinality(header) THEN
			f := r.fields;
			PERFORM est._reject(f[array_position(header, 'kommun')], 'reports', r.line_no,
								f[array_position(header, 'external_id')], '22P04',
								format('wrong number of columns: %s (the header has %s)', cardinality(f), cardinality(header)),
								jsonb_build_object('line_no', r.line_no, 'fields', to_jsonb(f)));
			rejected := rejected + 1;
		ELSE
			f := ARRAY(SELECT CASE WHEN p IS NULL THEN NULL ELSE r.fields[p] END FROM unnest(pos) WITH ORDINALITY AS u (p, o) ORDER BY o);
			INSERT INTO est.report_staging (kommun, external_id, category, occurred_from, occurred_to, reported_at,
											lat, lon, e, n, severity, suspected, description, reporter, source, place, line_no)
			VALUES (f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15], f[16], r.line_no);
			staged := staged + 1;
		END IF;
	END LOOP;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION est.stage_reports_csv(text, text) IS
'Stages a whole CSV file of reports (in psql: \set csv `cat reports.csv` then SELECT * FROM est.stage_reports_csv(:''csv'')). The header names the columns (any order; docs/ingest.md). A malformed record or one with the wrong number of columns goes straight to est.rejected with its line number; the others wait in est.report_staging for CALL est.load_reports(). Returns how many were staged and rejected.';

CREATE PROCEDURE est.load_reports(INOUT loaded bigint DEFAULT NULL, INOUT duplicates bigint DEFAULT NULL,
								  INOUT rejected bigint DEFAULT NULL)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
	s est.report_staging;
	k char(4);
	tz text;
	src text;
	xid text;
	cat text;
	t0 timestamptz;
	t1 timestamptz;
	rep timestamptz;
	g geometry;
	sev smallint;
	rid bigint;
BEGIN
	loaded := 0;
	duplicates := 0;
	rejected := 0;
	FOR s IN SELECT * FROM est.report_staging WHERE staged_by = CURRENT_USER ORDER BY line_no NULLS LAST, id LOOP
		BEGIN
			src := coalesce(nullif(lower(btrim(s.source)), ''), 'rapportör');
			xid := nullif(btrim(s.external_id), '');
			IF xid IS NULL THEN
				RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = 'external_id is missing',
					HINT = 'Every report needs the id it has in the source system, so loading twice adds nothing.';
			END IF;
			IF NOT est.is_kommunkod(btrim(s.kommun)) THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation',
					MESSAGE = format('malformed kommun code "%s"', left(btrim(s.kommun), 20)),
					HINT = 'Four digits with the leading zero, e.g. 0188.';
			END IF;
			k := btrim(s.kommun);
			SELECT m.time_zone INTO tz FROM est.municipality m WHERE m.kommun = k;
			IF NOT FOUND THEN
				RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
					MESSAGE = format('unknown municipality "%s"', k),
					HINT = 'The municipality must be registered in est.municipality and be one you work for.';
			END IF;
			cat := est.category_code(s.category, src);
			IF nullif(btrim(s.occurred_from), '') IS NULL THEN
				RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = 'occurred_from is missing',
					HINT = 'Give when it happened; a window from occurred_from to occurred_to when the exact time is unknown.';
			END IF;
			t0 := est.parse_local_time(s.occurred_from, tz);
			t1 := coalesce(est.parse_local_time(s.occurred_to, tz), t0);
			IF t1 < t0 THEN
				RAISE EXCEPTION USING ERRCODE = 'data_exception',
					MESSAGE = 'occurred_to is before occurred_from', HINT = 'The window runs from occurred_from to occurred_to.';
			END IF;
			rep := coalesce(est.parse_local_time(s.reported_at, tz), now());
			g := est._report_point(s.lat, s.lon, s.e, s.n);
			sev := NULL;
			IF nullif(btrim(s.severity), '') IS NOT NULL THEN
				IF btrim(s.severity) !~ '^[123]$' THEN
					RAISE EXCEPTION USING ERRCODE = 'check_violation',
						MESSAGE = format('severity "%s" is not 1, 2 or 3', left(btrim(s.severity), 20)),
						HINT = 'Leave it empty for the category''s default.';
				END IF;
				sev := btrim(s.severity)::smallint;
			END IF;
			rid := NULL;
			IF nullif(btrim(s.reporter), '') IS NOT NULL THEN
				SELECT r.id INTO rid FROM est.reporter r WHERE r.kommun = k AND r.pseudonym = btrim(s.reporter);
				IF NOT FOUND THEN
					RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
						MESSAGE = format('unknown reporter "%s"', left(btrim(s.reporter), 40)),
						HINT = 'Register the reporter''s pseudonym in est.reporter first.';
				END IF;
			END IF;
			IF EXISTS (SELECT 1 FROM est.incident i WHERE i.kommun = k AND i.source = src AND i.external_id = xid) THEN
				duplicates := duplicates + 1;
			ELSE
				INSERT INTO est.incident (kommun, category, source, severity, suspected, occurred, reported_at, geom,
										  reporter_id, description, place, external_id)
				VALUES (k, cat, src, sev, est._yes_no(s.suspected), tstzrange(t0, t1, '[]'), rep, g, rid,
						nullif(s.description, ''), nullif(btrim(s.place), ''), xid);
				loaded := loaded + 1;
			END IF;
		EXCEPTION WHEN OTHERS THEN
			PERFORM est._reject(s.kommun, 'reports', s.line_no, s.external_id, SQLSTATE, SQLERRM,
								to_jsonb(s) - 'id' - 'staged_by' - 'staged_at' - 'line_no');
			rejected := rejected + 1;
		END;
		DELETE FROM est.report_staging WHERE id = s.id;
	END LOOP;
	RAISE NOTICE 'load_reports: % loaded, % duplicates skipped, % rejected (see est.rejected)', loaded, duplicates, rejected;
END
$$;

COMMENT ON PROCEDURE est.load_reports(bigint, bigint, bigint) IS
'Loads the reports the current role staged in est.report_staging: each row is checked (kommun, category code or label, times in the municipality''s zone, lat/lon or e/n inside Sweden, severity, suspected, reporter pseudonym) and inserted as an incident, skipped as a duplicate when its (kommun, source, external_id) is already loaded, or moved to est.rejected with the reason. Loading the same file twice changes nothing. Returns (loaded, duplicates, rejected).';

-- ---------------------------------------------------------------------------------------
-- Polisen's event notices
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.load_police_events(events jsonb)
RETURNS TABLE (loaded integer, duplicates integer, skipped integer, rejected integer)
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
	months constant text[] := ARRAY['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli',
									'augusti', 'september', 'oktober', 'november', 'december'];
	ev jsonb;
	k char(4);
	tz text;
	cat text;
	excl text;
	m text[];
	pub timestamptz;
	occ timestamptz;
	yr integer;
	gps text[];
BEGIN
	loaded := 0;
	duplicates := 0;
	skipped := 0;
	rejected := 0;
	IF events IS NULL OR jsonb_typeof(events) <> 'array' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'police events must be a JSON array',
			HINT = 'Pass the body of GET https://polisen.se/api/events as it is.';
	END IF;
	FOR ev IN SELECT value FROM jsonb_array_elements(events) LOOP
		k := NULL;
		BEGIN
			IF coalesce(ev->>'id', '') !~ '^\d+$' THEN
				RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = 'the event has no numeric id';
			END IF;
			SELECT p.category, p.excluded_reason INTO cat, excl FROM est.police_event_type p WHERE p.event_type = ev->>'type';
			IF NOT FOUND THEN
				RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
					MESSAGE = format('unknown police event type "%s"', left(ev->>'type', 100)),
					HINT = 'Add it to est.police_event_type with a category or an excluded_reason.';
			END IF;
			IF excl IS NOT NULL THEN
				skipped := skipped + 1;		-- summaries, updates, events not about safety
				CONTINUE;
			END IF;
			SELECT mm.kommun, mm.time_zone INTO k, tz FROM est.municipality mm
			 WHERE lower(mm.name) = lower(regexp_replace(btrim(ev->'location'->>'name'), '\s+kommun$', '', 'i'));
			IF NOT FOUND THEN
				skipped := skipped + 1;		-- another municipality, or a whole län
				CONTINUE;
			END IF;
			m := regexp_match(ev->>'datetime', '^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) ?([+-]\d{2}):?(\d{2})$');
			IF m IS NULL THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_datetime_format',
					MESSAGE = format('unreadable datetime "%s"', left(ev->>'datetime', 40));
			END IF;
			pub := make_timestamptz(m[1]::int, m[2]::int, m[3]::int, m[4]::int, m[5]::int, m[6]::int, m[7] || ':' || m[8]);
			-- the occurrence time is in the name: "19 juli 16:40, Trafikolycka, Eskilstuna"
			occ := pub;
			m := regexp_match(ev->>'name', '^\s*(\d{1,2}) (' || array_to_string(months, '|') || ')\s+(\d{1,2})[.:](\d{2})');
			IF m IS NOT NULL THEN
				yr := extract(year FROM pub AT TIME ZONE tz)::int;
				occ := make_timestamptz(yr, array_position(months, m[2]), m[1]::int, m[3]::int, m[4]::int, 0, tz);
				IF occ > pub + interval '1 day' THEN	-- a December event published in January
					occ := make_timestamptz(yr - 1, array_position(months, m[2]), m[1]::int, m[3]::int, m[4]::int, 0, tz);
				END IF;
				IF occ > pub THEN
					RAISE EXCEPTION USING ERRCODE = 'check_violation',
						MESSAGE = format('the time in the name (%s) is after the notice was published (%s)', occ, pub);
				END IF;
			END IF;
			gps := regexp_match(ev->'location'->>'gps', '^\s*(-?\d+(\.\d+)?)\s*,\s*(-?\d+(\.\d+)?)\s*$');
			IF gps IS NULL THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('unreadable gps "%s"', left(ev->'location'->>'gps', 40)),
					HINT = 'location.gps is "latitude,longitude" in WGS84.';
			END IF;
			IF EXISTS (SELECT 1 FROM est.incident i WHERE i.kommun = k AND i.source = 'polis' AND i.external_id = ev->>'id') THEN
				duplicates := duplicates + 1;
				CONTINUE;
			END IF;
			INSERT INTO est.incident (kommun, category, source, occurred, reported_at, geom, location_precision,
									  external_id, description)
			VALUES (k, cat, 'polis', tstzrange(occ, occ, '[]'), pub,
					ST_SetSRID(ST_MakePoint(gps[3]::float8, gps[1]::float8), 4326), 'kommun', ev->>'id',
					left(nullif(ev->>'summary', ''), 4000));
			loaded := loaded + 1;
		EXCEPTION WHEN OTHERS THEN
			PERFORM est._reject(k, 'police_events', NULL, ev->>'id', SQLSTATE, SQLERRM, ev);
			rejected := rejected + 1;
		END;
	END LOOP;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION est.load_police_events(jsonb) IS
'Loads the JSON array of Polisen''s open events API: idempotent by id; the municipality from location.name (notices for other municipalities or a whole län are skipped); the type mapped through est.police_event_type (Sammanfattning …, Uppdatering and non-safety types skipped); the occurrence time parsed from the name ("19 juli 16:40, …") in the municipality''s zone, else the publication time; the kommun centroid stored with location_precision ''kommun'', so it is never used as a point. Returns (loaded, duplicates, skipped, rejected).';

-- ---------------------------------------------------------------------------------------
-- localities and municipalities from GeoJSON
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est._geojson_srid(collection jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN collection->'crs'->'properties'->>'name' ~ 'EPSG::?\d+$'
			THEN substring(collection->'crs'->'properties'->>'name' FROM 'EPSG::?(\d+)$')::integer
			ELSE 4326 END;

COMMENT ON FUNCTION est._geojson_srid(jsonb) IS
'Internal: the SRID of a GeoJSON FeatureCollection from its crs member (as ogr2ogr writes it, e.g. urn:ogc:def:crs:EPSG::3006); 4326 (RFC 7946) when there is none.';

CREATE FUNCTION est._require_feature_collection(features jsonb, what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
	IF features IS NULL OR features->>'type' IS DISTINCT FROM 'FeatureCollection'
	   OR jsonb_typeof(features->'features') IS DISTINCT FROM 'array' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s expects a GeoJSON FeatureCollection', what),
			HINT = 'Export with ogr2ogr -f GeoJSON (keep the crs member if the data is not WGS84), e.g. ../shared/data/swedish_municipalities.geojson.';
	END IF;
END
$$;

COMMENT ON FUNCTION est._require_feature_collection(jsonb, text) IS
'Internal: raises 22023 unless features is a GeoJSON FeatureCollection with a features array.';

CREATE FUNCTION est.load_localities(features jsonb, kommun char(4), kind text, name_property text DEFAULT 'name',
									code_property text DEFAULT NULL, code_system text DEFAULT NULL,
									parent_id bigint DEFAULT NULL)
RETURNS TABLE (loaded integer, updated integer, repaired integer, rejected integer)
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
	srid integer := est._geojson_srid(features);
	f jsonb;
	nm text;
	cd text;
	g geometry;
	existing bigint;
	fixed boolean;
BEGIN
	loaded := 0;
	updated := 0;
	repaired := 0;
	rejected := 0;
	PERFORM est._require_feature_collection(features, 'load_localities');
	PERFORM est._require_municipality(kommun, 'load_localities');
	FOR f IN SELECT value FROM jsonb_array_elements(features->'features') LOOP
		BEGIN
			nm := btrim(f->'properties'->>name_property);
			IF coalesce(nm, '') = '' THEN
				RAISE EXCEPTION USING ERRCODE = 'not_null_violation',
					MESSAGE = format('the feature has no name in property "%s"', name_property);
			END IF;
			cd := CASE WHEN code_property IS NULL THEN NULL
					   WHEN jsonb_typeof(f->'properties'->code_property) = 'number' AND code_system = 'kommunkod'
					   THEN lpad(f->'properties'->>code_property, 4, '0')	-- a number lost its leading zero
					   ELSE nullif(btrim(f->'properties'->>code_property), '') END;
			g := ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), srid);
			fixed := false;
			IF GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsValid(g) THEN
				g := ST_CollectionExtract(ST_MakeValid(g), 3);
				IF ST_IsEmpty(g) THEN
					RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
						MESSAGE = 'nothing of the polygon is left after repair';
				END IF;
				fixed := true;
			END IF;
			SELECT l.id INTO existing FROM est.locality l
			 WHERE l.kommun = load_localities.kommun AND l.kind = load_localities.kind
			   AND CASE WHEN cd IS NOT NULL THEN l.code_system IS NOT DISTINCT FROM load_localities.code_system AND l.code = cd
						ELSE l.name = nm AND l.parent_id IS NOT DISTINCT FROM load_localities.parent_id END;
			IF FOUND THEN
				UPDATE est.locality l SET name = nm, geom = g WHERE l.kommun = load_localities.kommun AND l.id = existing;
				updated := updated + 1;
			ELSE
				INSERT INTO est.locality (kommun, parent_id, kind, name, code_system, code, geom)
				VALUES (load_localities.kommun, load_localities.parent_id, load_localities.kind, nm,
						CASE WHEN cd IS NULL THEN NULL ELSE load_localities.code_system END, cd, g);
				loaded := loaded + 1;
			END IF;
			IF fixed THEN
				repaired := repaired + 1;
				RAISE NOTICE 'load_localities: the polygon of % was invalid and was repaired with ST_MakeValid', nm;
			END IF;
		EXCEPTION WHEN OTHERS THEN
			PERFORM est._reject(load_localities.kommun, 'localities', NULL, coalesce(cd, nm), SQLSTATE, SQLERRM,
								(f - 'geometry') || jsonb_build_object('geometry_type', f->'geometry'->>'type'));
			rejected := rejected + 1;
		END;
	END LOOP;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION est.load_localities(jsonb, char, text, text, text, text, bigint) IS
'Loads the polygons of a GeoJSON FeatureCollection (as ogr2ogr exports SCB or Lantmäteriet data) as localities of one municipality and kind: the name (and optionally an official code) from feature properties, transformed to SWEREF 99 TM (from the crs member, else WGS84), an invalid polygon repaired with ST_MakeValid and reported, an existing locality (same code, or same name and parent) updated in place so its incidents follow. Unusable features go to est.rejected. Returns (loaded, updated, repaired, rejected).';

CREATE FUNCTION est.load_municipalities(features jsonb, code_property text DEFAULT 'id',
										name_property text DEFAULT 'kom_namn')
RETURNS TABLE (municipalities integer, localities integer, repaired integer, rejected integer)
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
	f jsonb;
	k text;
	nm text;
	r record;
BEGIN
	municipalities := 0;
	localities := 0;
	repaired := 0;
	rejected := 0;
	PERFORM est._require_feature_collection(features, 'load_municipalities');
	FOR f IN SELECT value FROM jsonb_array_elements(features->'features') LOOP
		k := NULL;
		BEGIN
			k := CASE WHEN jsonb_typeof(f->'properties'->code_property) = 'number'
					  THEN lpad(f->'properties'->>code_property, 4, '0')
					  ELSE btrim(f->'properties'->>code_property) END;
			nm := btrim(f->'properties'->>name_property);
			PERFORM est._check_kommun(k, 'load_municipalities');
			INSERT INTO est.municipality (kommun, name) VALUES (k, nm)
			ON CONFLICT (kommun) DO UPDATE SET name = EXCLUDED.name;
			municipalities := municipalities + 1;
			SELECT * INTO r FROM est.load_localities(
				jsonb_build_object('type', 'FeatureCollection', 'crs', features->'crs', 'features', jsonb_build_array(f)),
				k::char(4), 'kommun', name_property, code_property, 'kommunkod');
			localities := localities + r.loaded + r.updated;
			repaired := repaired + r.repaired;
			rejected := rejected + r.rejected;
		EXCEPTION WHEN OTHERS THEN
			PERFORM est._reject(k, 'municipalities', NULL, k, SQLSTATE, SQLERRM,
								(f - 'geometry') || jsonb_build_object('geometry_type', f->'geometry'->>'type'));
			rejected := rejected + 1;
		END;
	END LOOP;
	RETURN NEXT;
END
$$;

COMMENT ON FUNCTION est.load_municipalities(jsonb, text, text) IS
'Registers the municipalities of a GeoJSON FeatureCollection (code and name from feature properties; a numeric code gets its leading zero back) and loads each boundary as its kommun-level locality (see est.load_localities). Returns (municipalities, localities, repaired, rejected).';

-- ---------------------------------------------------------------------------------------
-- survey results
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.survey_staging (
	id			bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	kommun		text,
	locality	text,
	year		text,
	indicator	text,
	value		text,
	source		text,
	staged_by	name NOT NULL DEFAULT CURRENT_USER,
	staged_at	timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE est.survey_staging IS
'Survey results waiting to be loaded, as text: kommun, locality (its code or its name), year, indicator, value, source. \copy into it, then CALL est.load_survey_results(). Each role sees only what it staged.';

CREATE PROCEDURE est.load_survey_results(INOUT loaded bigint DEFAULT NULL, INOUT updated bigint DEFAULT NULL,
										 INOUT rejected bigint DEFAULT NULL)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
	s est.survey_staging;
	k char(4);
	lid bigint[];
	yr integer;
	v double precision;
	ind text;
BEGIN
	loaded := 0;
	updated := 0;
	rejected := 0;
	FOR s IN SELECT * FROM est.survey_staging WHERE staged_by = CURRENT_USER ORDER BY id LOOP
		BEGIN
			PERFORM est._require_municipality(btrim(s.kommun), 'survey result');
			k := btrim(s.kommun);
			lid := ARRAY(SELECT l.id FROM est.locality l WHERE l.kommun = k
						  AND (l.code = btrim(s.locality) OR lower(l.name) = lower(btrim(s.locality))));
			IF cardinality(lid) = 0 THEN
				RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
					MESSAGE = format('unknown locality "%s" in %s', left(btrim(s.locality), 100), k);
			ELSIF cardinality(lid) > 1 THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
					MESSAGE = format('locality "%s" is ambiguous in %s', left(btrim(s.locality), 100), k),
					HINT = 'Give its code instead of its name.';
			END IF;
			IF coalesce(btrim(s.year), '') !~ '^\d{4}$' THEN
				RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation',
					MESSAGE = format('year "%s" is not a year', left(btrim(s.year), 20));
			END IF;
			yr := btrim(s.year)::integer;
			v := est._number(s.value, 'value');
			IF v IS NULL THEN
				RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = 'value is missing';
			END IF;
			ind := lower(btrim(s.indicator));
			IF EXISTS (SELECT 1 FROM est.survey_result r WHERE r.kommun = k AND r.locality_id = lid[1]
						  AND r.year = yr AND r.indicator = ind) THEN
				UPDATE est.survey_result r SET value = v, source = nullif(btrim(s.source), '')
				 WHERE r.kommun = k AND r.locality_id = lid[1] AND r.year = yr AND r.indicator = ind;
				updated := updated + 1;
			ELSE
				INSERT INTO est.survey_result (kommun, locality_id, year, indicator, value, source)
				VALUES (k, lid[1], yr, ind, v, nullif(btrim(s.source), ''));
				loaded := loaded + 1;
			END IF;
		EXCEPTION WHEN OTHERS THEN
			PERFORM est._reject(s.kommun, 'survey_results', NULL, NULL, SQLSTATE, SQLERRM,
								to_jsonb(s) - 'id' - 'staged_by' - 'staged_at');
			rejected := rejected + 1;
		END;
		DELETE FROM est.survey_staging WHERE id = s.id;
	END LOOP;
	RAISE NOTICE 'load_survey_results: % loaded, % updated, % rejected (see est.rejected)', loaded, updated, rejected;
END
$$;

COMMENT ON PROCEDURE est.load_survey_results(bigint, bigint, bigint) IS
'Loads the survey results the current role staged in est.survey_staging: the locality by code or name, the year, a lower-case indicator and a finite value (decimal point or comma); an existing value for the same locality, year and indicator is updated. Unusable rows go to est.rejected. Returns (loaded, updated, rejected).';

-- ---------------------------------------------------------------------------------------
-- tenancy, privileges, pg_dump
-- ---------------------------------------------------------------------------------------

ALTER TABLE est.rejected ENABLE ROW LEVEL SECURITY;
CREATE POLICY rejected_visible ON est.rejected
	USING (kommun = ANY ((SELECT est.current_kommuner())::char(4)[]) OR rejected_by = CURRENT_USER)
	WITH CHECK (rejected_by = CURRENT_USER
				AND (kommun = '0000' OR kommun = ANY ((SELECT est.current_kommuner())::char(4)[])
					 OR NOT est._municipality_exists(kommun)));
COMMENT ON POLICY rejected_visible ON est.rejected IS
'Rejected rows are seen by the members of their municipality and by the role that loaded them (also when the row had no usable kommun code). A role writes reject rows only under its own name and only for its municipalities, 0000 or an unregistered code: a row for another registered municipality is filed under 0000 (est._reject), never into that municipality''s list.';

ALTER TABLE est.report_staging ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_staging ON est.report_staging USING (staged_by = CURRENT_USER) WITH CHECK (staged_by = CURRENT_USER);
COMMENT ON POLICY own_staging ON est.report_staging IS 'Each role sees and loads only the rows it staged.';
ALTER TABLE est.survey_staging ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_staging ON est.survey_staging USING (staged_by = CURRENT_USER) WITH CHECK (staged_by = CURRENT_USER);
COMMENT ON POLICY own_staging ON est.survey_staging IS 'Each role sees and loads only the rows it staged.';

GRANT SELECT, INSERT, DELETE ON est.report_staging, est.survey_staging TO est_analyst;
GRANT SELECT, INSERT ON est.rejected TO est_analyst;

SELECT pg_catalog.pg_extension_config_dump('est.rejected', '');
SELECT pg_catalog.pg_extension_config_dump('est.report_staging', '');
SELECT pg_catalog.pg_extension_config_dump('est.survey_staging', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.rejected', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.report_staging', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.survey_staging', 'id')::regclass, '');
