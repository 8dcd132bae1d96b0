-- schema: municipalities, localities, categories, organisations, reporters, incidents,
-- reporting rounds and survey results, with the rules that keep them right.
--
-- Every tenant table is led by kommun char(4) (SCB kommunkod, leading zero kept), which is
-- also the leading column of its primary key; row-level security (security.sql) and a future
-- Citus distribution hang on it. Geometry is SWEREF 99 TM (EPSG:3006).
--
-- Why geometry columns are `geometry` + CHECK constraints and not `geometry(Point,3006)`:
-- PostGIS's typmod coercion runs before any trigger and silently stamps an SRID-0 geometry
-- as 3006, and it rejects EPSG:4326 input before it can be transformed. The rules here are
-- "4326 is transformed, SRID 0 is rejected", so the columns carry the PostGIS-standard
-- constraints enforce_srid_geom / enforce_geotype_geom instead; geometry_columns, QGIS and
-- every PostGIS tool read the type and SRID from them exactly as from a typmod.
--
-- SQLSTATEs used by the rules (docs/schema.md has the full table):
--   22P02 malformed kommun code            23503 unknown municipality / category / parent
--   23514 a row rule (ranges, severity, kinds, pseudonyms, cycles)
--   22023 a geometry that cannot be accepted (SRID, empty, invalid, wrong type, not finite)
--   23505 a duplicate (external id per source, pseudonym, membership)

-- ---------------------------------------------------------------------------------------
-- Validation helpers
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.is_kommunkod(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN code OPERATOR(pg_catalog.~) '^[0-9]{4}$';

COMMENT ON FUNCTION est.is_kommunkod(text) IS
'True when code is a well-formed SCB kommunkod: exactly four digits, leading zero kept (0188 Norrtälje). Says nothing about whether the municipality is registered in est.municipality.';

CREATE FUNCTION est._check_kommun(kommun text, what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
	IF kommun IS NOT NULL AND NOT est.is_kommunkod(kommun) THEN
		RAISE EXCEPTION USING
			ERRCODE = 'invalid_text_representation',
			MESSAGE = format('%s: malformed kommun code "%s"', what, kommun),
			DETAIL = 'A kommunkod is exactly four digits: two for the län, two for the municipality.',
			HINT = 'Keep the leading zero and store it as text, e.g. ''0188'' for Norrtälje, not 188.';
	END IF;
END
$$;

COMMENT ON FUNCTION est._check_kommun(text, text) IS
'Internal: raises 22P02 with a precise message when kommun is not four digits; used by the row triggers of every tenant table.';

CREATE FUNCTION est.to_sweref99tm(geom geometry, kind text DEFAULT 'point', what text DEFAULT 'geometry')
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	srid integer;
	gtype text;
	reason text;
BEGIN
	IF kind NOT IN ('point', 'multipolygon') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('to_sweref99tm: unknown kind "%s"', kind),
			HINT = 'kind is ''point'' or ''multipolygon''.';
	END IF;
	srid := ST_SRID(geom);
	IF srid = 0 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s has no SRID (SRID 0)', what),
			HINT = 'Say what the coordinates are: ST_SetSRID(geom, 4326) for WGS84 longitude/latitude, ST_SetSRID(geom, 3006) for SWEREF 99 TM easting/northing.';
	ELSIF srid NOT IN (3006, 4326) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s has SRID %s; only 3006 (SWEREF 99 TM) and 4326 (WGS84) are accepted', what, srid),
			HINT = 'Transform it first: ST_Transform(geom, 3006).';
	END IF;
	IF ST_IsEmpty(geom) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s is empty', what),
			HINT = 'Give a real location; an incident whose place is known only to the municipality uses the kommun centroid with precision ''kommun''.';
	END IF;
	IF ST_NDims(geom) > 2 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s has %s dimensions; est stores 2-D geometry', what, ST_NDims(geom)),
			HINT = 'Drop the Z/M values explicitly with ST_Force2D(geom).';
	END IF;
	gtype := GeometryType(geom);
	IF kind = 'point' AND gtype <> 'POINT' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s must be a POINT, not %s', what, gtype),
			HINT = 'Give the location as one point, e.g. ST_PointOnSurface(geom) or ST_Centroid(geom).';
	ELSIF kind = 'multipolygon' AND gtype NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s must be a POLYGON or MULTIPOLYGON, not %s', what, gtype),
			HINT = 'Localities are areas; a point hotspot is a small polygon, e.g. ST_Buffer(point, 50).';
	END IF;
	-- every coordinate must be a finite number (ST_IsValid accepts POINT(NaN NaN))
	IF NOT (ST_XMin(geom) BETWEEN -1e15 AND 1e15 AND ST_XMax(geom) BETWEEN -1e15 AND 1e15
			AND ST_YMin(geom) BETWEEN -1e15 AND 1e15 AND ST_YMax(geom) BETWEEN -1e15 AND 1e15) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s has a coordinate that is not a finite number', what),
			HINT = 'Check the source for NaN, Infinity or missing coordinates.';
	END IF;
	IF srid = 4326 AND NOT (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180
							AND ST_YMin(geom) >= -90 AND ST_YMax(geom) <= 90) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s is outside the WGS84 range (longitude -180..180, latitude -90..90)', what),
			HINT = 'WGS84 points are ST_MakePoint(longitude, latitude), longitude first; coordinates in metres are SWEREF 99 TM (SRID 3006).';
	END IF;
	SELECT d.reason INTO reason FROM ST_IsValidDetail(geom) d WHERE NOT d.valid;
	IF FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s is not a valid geometry', what),
			DETAIL = reason,
			HINT = 'Repair it before loading, e.g. ST_MakeValid(geom), and check the result.';
	END IF;
	IF srid = 4326 THEN
		geom := ST_Transform(geom, 3006);
	END IF;
	IF kind = 'multipolygon' THEN
		geom := ST_Multi(geom);
	END IF;
	RETURN geom;
END
$$;

COMMENT ON FUNCTION est.to_sweref99tm(geometry, text, text) IS
'Checks a geometry against est''s rules and returns it in SWEREF 99 TM (EPSG:3006): kind ''point'' needs a POINT, kind ''multipolygon'' a POLYGON or MULTIPOLYGON (returned as MULTIPOLYGON). EPSG:4326 input is transformed; SRID 0, any other SRID, empty, 3-D, non-finite, out-of-range or invalid geometry raises 22023 naming `what`. STRICT: NULL in any argument gives NULL.';

-- ---------------------------------------------------------------------------------------
-- municipality
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.municipality (
	kommun			char(4) PRIMARY KEY
					CONSTRAINT municipality_kommun_format CHECK (est.is_kommunkod(kommun)),
	name			text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	time_zone		text NOT NULL DEFAULT 'Europe/Stockholm'
					CONSTRAINT municipality_time_zone_valid CHECK (est.valid_time_zone(time_zone)),
	cycle_length	text NOT NULL DEFAULT 'weekly'
					CONSTRAINT municipality_cycle_length_valid
					CHECK (cycle_length IN ('weekly', 'fortnightly', 'monthly')),
	cycle_anchor	date NOT NULL DEFAULT '2024-01-02',
	cycle_cutoff	time NOT NULL DEFAULT '13:00'
					CONSTRAINT municipality_cycle_cutoff_valid CHECK (cycle_cutoff < '24:00'),
	meeting_offset	interval NOT NULL DEFAULT '1 day 2 hours'
					CONSTRAINT municipality_meeting_offset_valid
					CHECK (meeting_offset >= interval '0' AND meeting_offset < interval '31 days'),
	created_at		timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE est.municipality IS
'The municipalities (kommuner) using est, keyed by SCB kommunkod, with their calendar: time zone for all calendar logic and the reporting-cycle configuration read by est.cycle().';
COMMENT ON COLUMN est.municipality.kommun IS 'SCB kommunkod, four digits with leading zero kept (0188 Norrtälje).';
COMMENT ON COLUMN est.municipality.name IS 'Municipality name, e.g. Norrtälje.';
COMMENT ON COLUMN est.municipality.time_zone IS 'IANA time zone for every calendar computation of this municipality (tertials, cycles, local times); default Europe/Stockholm.';
COMMENT ON COLUMN est.municipality.cycle_length IS 'Reporting cycle: weekly, fortnightly or monthly.';
COMMENT ON COLUMN est.municipality.cycle_anchor IS 'A local date on which a cycle''s cut-off falls (the deadline day, e.g. a Tuesday); every cut-off is this date plus whole cycles (monthly: the same day of the month, clamped to the month''s end).';
COMMENT ON COLUMN est.municipality.cycle_cutoff IS 'Local wall-clock time of the reporting deadline on a cut-off day (Norrtälje: 13:00 on Tuesdays).';
COMMENT ON COLUMN est.municipality.meeting_offset IS 'Time from the cut-off to the lägesbild meeting, in local wall-clock time (Norrtälje: Tuesday 13:00 + 1 day 2 hours = Wednesday 15:00).';

CREATE FUNCTION est._municipality_exists(kommun char(4)) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path FROM CURRENT
BEGIN ATOMIC
	SELECT EXISTS (SELECT 1 FROM est.municipality m WHERE m.kommun = _municipality_exists.kommun);
END;

COMMENT ON FUNCTION est._municipality_exists(char) IS
'Internal: whether the municipality is registered, seen past row-level security so that a write for another tenant is reported as a policy violation (42501), not as an unknown municipality. Reveals only that a kommunkod is registered.';

CREATE FUNCTION est._require_municipality(kommun char(4), what text) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
BEGIN
	PERFORM est._check_kommun(kommun, what);
	IF kommun IS NOT NULL AND NOT est._municipality_exists(kommun) THEN
		RAISE EXCEPTION USING
			ERRCODE = 'foreign_key_violation',
			MESSAGE = format('%s: unknown municipality "%s"', what, kommun),
			HINT = 'Register the municipality first: INSERT INTO est.municipality (kommun, name) VALUES (...).';
	END IF;
END
$$;

COMMENT ON FUNCTION est._require_municipality(char, text) IS
'Internal: raises 22P02 for a malformed kommun code and 23503 for one that is not in est.municipality.';

CREATE FUNCTION est._municipality_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
	PERFORM est._check_kommun(NEW.kommun, 'municipality');
	IF NEW.time_zone IS NOT NULL AND NOT est.valid_time_zone(NEW.time_zone) THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('municipality: unknown time zone "%s"', NEW.time_zone),
			HINT = 'Use an IANA zone name from pg_timezone_names, normally Europe/Stockholm.';
	END IF;
	IF NEW.cycle_cutoff = '24:00' THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = 'municipality: cycle_cutoff 24:00 is not a time of day',
			HINT = 'A deadline at midnight is 00:00 of the next day: move cycle_anchor one day on and use 00:00.';
	END IF;
	IF NEW.cycle_length IS NOT NULL AND NEW.cycle_length NOT IN ('weekly', 'fortnightly', 'monthly') THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('municipality: unknown cycle length "%s"', NEW.cycle_length),
			HINT = 'cycle_length is weekly, fortnightly or monthly.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._municipality_validate() IS
'Trigger: a municipality has a well-formed kommunkod (22P02), a known time zone and a known cycle length (23514).';

CREATE TRIGGER municipality_validate BEFORE INSERT OR UPDATE ON est.municipality
	FOR EACH ROW EXECUTE FUNCTION est._municipality_validate();

-- ---------------------------------------------------------------------------------------
-- locality: kommun → tätort → område → plats
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.locality_kind_rank(kind text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE kind WHEN 'kommun' THEN 0 WHEN 'tätort' THEN 1 WHEN 'område' THEN 2 WHEN 'plats' THEN 3 END;

COMMENT ON FUNCTION est.locality_kind_rank(text) IS
'Depth of a locality kind in the hierarchy: kommun 0, tätort 1, område 2, plats 3; NULL for an unknown kind. A parent is always of a smaller rank than its child.';

CREATE TABLE est.locality (
	kommun		char(4) NOT NULL
				CONSTRAINT locality_kommun_format CHECK (est.is_kommunkod(kommun))
				REFERENCES est.municipality (kommun),
	id			bigint GENERATED BY DEFAULT AS IDENTITY,
	parent_id	bigint,
	kind		text NOT NULL
				CONSTRAINT locality_kind_valid CHECK (kind IN ('kommun', 'tätort', 'område', 'plats')),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	code_system	text CONSTRAINT locality_code_system_valid
				CHECK (code_system IN ('kommunkod', 'tätortskod', 'DeSO', 'RegSO', 'lokal')),
	code		text CHECK (length(code) BETWEEN 1 AND 40),
	population	integer CHECK (population >= 0),
	geom		geometry NOT NULL,
	area_m2		double precision GENERATED ALWAYS AS (ST_Area(geom)) STORED,
	PRIMARY KEY (kommun, id),
	FOREIGN KEY (kommun, parent_id) REFERENCES est.locality (kommun, id),
	CONSTRAINT locality_code_needs_system CHECK ((code IS NULL) = (code_system IS NULL)),
	CONSTRAINT locality_kommun_has_no_parent CHECK (kind <> 'kommun' OR parent_id IS NULL),
	CONSTRAINT enforce_srid_geom CHECK (ST_SRID(geom) = 3006),
	CONSTRAINT enforce_geotype_geom CHECK (GeometryType(geom) = 'MULTIPOLYGON'),
	CONSTRAINT enforce_dims_geom CHECK (ST_NDims(geom) = 2)
);

CREATE UNIQUE INDEX locality_one_kommun_area ON est.locality (kommun) WHERE kind = 'kommun';
CREATE UNIQUE INDEX locality_official_code ON est.locality (kommun, code_system, code) WHERE code IS NOT NULL;
CREATE INDEX locality_geom ON est.locality USING gist (geom);
CREATE INDEX locality_parent ON est.locality (kommun, parent_id);

COMMENT ON TABLE est.locality IS
'The places a situation picture is made for: the municipality itself, its tätorter, areas (område, often mapped to DeSO/RegSO) and small places (plats). Nested through parent_id within one municipality. Geometry is MULTIPOLYGON in SWEREF 99 TM; POLYGON and EPSG:4326 input are converted on write.';
COMMENT ON COLUMN est.locality.kommun IS 'SCB kommunkod of the owning municipality.';
COMMENT ON COLUMN est.locality.id IS 'Locality id, unique within the municipality (generated).';
COMMENT ON COLUMN est.locality.parent_id IS 'The enclosing locality in the same municipality; its kind ranks above this one''s (kommun > tätort > område > plats). NULL for the kommun level and for top-level areas.';
COMMENT ON COLUMN est.locality.kind IS 'kommun, tätort, område or plats.';
COMMENT ON COLUMN est.locality.name IS 'Local name, e.g. Rimbo, Hallstavik, Kvarnparken.';
COMMENT ON COLUMN est.locality.code_system IS 'What code is: kommunkod, tätortskod (SCB), DeSO, RegSO or lokal (the municipality''s own).';
COMMENT ON COLUMN est.locality.code IS 'Official or local code, e.g. a tätortskod or a DeSO code such as 0188C1010; unique per system within a municipality.';
COMMENT ON COLUMN est.locality.population IS 'Number of inhabitants, for rates per 1 000 (optional).';
COMMENT ON COLUMN est.locality.geom IS 'Boundary, MULTIPOLYGON in SWEREF 99 TM (EPSG:3006).';
COMMENT ON COLUMN est.locality.area_m2 IS 'Area in square metres (generated); the smallest containing locality is an incident''s locality.';

CREATE FUNCTION est._locality_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
	parent_kind text;
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'locality');
	IF NEW.kind IS NOT NULL AND est.locality_kind_rank(NEW.kind) IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('locality: unknown kind "%s"', NEW.kind),
			HINT = 'kind is one of kommun, tätort, område, plats.';
	END IF;
	IF NEW.parent_id IS NOT NULL THEN
		SELECT l.kind INTO parent_kind FROM est.locality l
		 WHERE l.kommun = NEW.kommun AND l.id = NEW.parent_id;
		IF NOT FOUND THEN
			RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
				MESSAGE = format('locality: parent %s is not a locality of municipality %s', NEW.parent_id, NEW.kommun),
				HINT = 'A parent must be a locality of the same municipality.';
		END IF;
		IF est.locality_kind_rank(parent_kind) >= est.locality_kind_rank(NEW.kind) THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = format('locality: a %s cannot lie inside a %s', NEW.kind, parent_kind),
				HINT = 'The hierarchy is kommun > tätort > område > plats; a parent ranks above its child.';
		END IF;
	END IF;
	IF NEW.kind = 'kommun' AND NEW.parent_id IS NOT NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = 'locality: the kommun level has no parent',
			HINT = 'Leave parent_id NULL for kind ''kommun''.';
	END IF;
	NEW.geom := est.to_sweref99tm(NEW.geom, 'multipolygon', 'locality geometry');
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._locality_validate() IS
'Trigger: checks a locality row (kommun, kind, parent of the same municipality and higher rank) and converts its geometry to MULTIPOLYGON in EPSG:3006.';

CREATE TRIGGER locality_validate BEFORE INSERT OR UPDATE ON est.locality
	FOR EACH ROW EXECUTE FUNCTION est._locality_validate();

-- ---------------------------------------------------------------------------------------
-- category and the police event-type mapping
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.category (
	code				text PRIMARY KEY
						CONSTRAINT category_code_format CHECK (code ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)?$'),
	parent				text REFERENCES est.category (code),
	level				smallint GENERATED ALWAYS AS (CASE WHEN parent IS NULL THEN 1 ELSE 2 END) STORED,
	label_sv			text NOT NULL CHECK (length(label_sv) BETWEEN 1 AND 200),
	label_en			text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 200),
	default_severity	smallint NOT NULL
						CONSTRAINT category_default_severity_range CHECK (default_severity BETWEEN 1 AND 3),
	builtin				boolean NOT NULL DEFAULT false,
	CONSTRAINT category_two_levels CHECK (
		CASE WHEN strpos(code, '.') = 0 THEN parent IS NULL
			 ELSE parent = split_part(code, '.', 1) END)
);

COMMENT ON TABLE est.category IS
'The incident taxonomy in two levels (huvudkategori, underkategori), seeded with the EST categories; a subcategory''s code is parent.child. Rows marked builtin come with the extension; others are the installation''s own and are dumped by pg_dump.';
COMMENT ON COLUMN est.category.code IS 'Stable code, ASCII: skadegorelse, skadegorelse.klotter, ...';
COMMENT ON COLUMN est.category.parent IS 'The huvudkategori of a subcategory; NULL for a huvudkategori.';
COMMENT ON COLUMN est.category.level IS '1 = huvudkategori, 2 = underkategori (generated).';
COMMENT ON COLUMN est.category.label_sv IS 'Swedish label as used in EST reporting.';
COMMENT ON COLUMN est.category.label_en IS 'English label.';
COMMENT ON COLUMN est.category.default_severity IS 'Severity 1 (minor) to 3 (serious) given to an incident that states none.';
COMMENT ON COLUMN est.category.builtin IS 'True for the seeded EST taxonomy (re-created by CREATE EXTENSION, so not dumped).';

INSERT INTO est.category (code, parent, label_sv, label_en, default_severity, builtin) VALUES
	('skadegorelse', NULL, 'Skadegörelse', 'Vandalism and property damage', 1, true),
	('samling', NULL, 'Otrygghetsskapande samling av personer', 'Gathering of people causing insecurity', 2, true),
	('ordningsstorande', NULL, 'Annat otrygghetsskapande eller ordningsstörande', 'Other insecurity-causing or disorderly behaviour', 2, true),
	('otrygg_plats', NULL, 'Otrygg plats', 'Unsafe place', 1, true),
	('arrangemang', NULL, 'Arrangemang', 'Event or arrangement', 1, true),
	('polisanmalt_brott', NULL, 'Polisanmält brott', 'Police-reported crime', 2, true),
	('trygghetsmatning', NULL, 'Trygghetsmätning', 'Safety survey', 1, true),
	('ovrigt', NULL, 'Övrigt', 'Other', 1, true);

INSERT INTO est.category (code, parent, label_sv, label_en, default_severity, builtin) VALUES
	('skadegorelse.klotter', 'skadegorelse', 'Klotter', 'Graffiti', 1, true),
	('skadegorelse.glaskross', 'skadegorelse', 'Glaskross', 'Broken glass', 2, true),
	('skadegorelse.brand', 'skadegorelse', 'Brand, anlagd brand', 'Fire, arson', 3, true),
	('skadegorelse.bilbrand', 'skadegorelse', 'Bilbrand', 'Car fire', 3, true),
	('skadegorelse.nedskrapning', 'skadegorelse', 'Nedskräpning', 'Littering', 1, true),
	('skadegorelse.annan', 'skadegorelse', 'Annan skadegörelse', 'Other property damage', 1, true),
	('samling.trapphus', 'samling', 'I trapphus, förråd eller källare', 'In stairwells, storage rooms or basements', 2, true),
	('samling.centrum', 'samling', 'Vid köpcentrum eller i garage', 'At shopping centres or in garages', 2, true),
	('samling.utomhus', 'samling', 'Utomhus', 'Outdoors', 2, true),
	('samling.ungdomar', 'samling', 'Samling av ungdomar', 'Gathering of young people', 2, true),
	('samling.berusade', 'samling', 'Berusade eller påverkade personer', 'Drunk or intoxicated people', 2, true),
	('ordningsstorande.brak_vald', 'ordningsstorande', 'Bråk eller våld', 'Fighting or violence', 3, true),
	('ordningsstorande.inbrott', 'ordningsstorande', 'Inbrott', 'Burglary', 2, true),
	('ordningsstorande.ran', 'ordningsstorande', 'Rån', 'Robbery', 3, true),
	('ordningsstorande.narkotika', 'ordningsstorande', 'Misstänkt droghantering', 'Suspected drug dealing', 3, true),
	('ordningsstorande.olovligt_boende', 'ordningsstorande', 'Olovligt boende eller sovplats', 'Unauthorised sleeping place', 1, true),
	('ordningsstorande.olovlig_trafik', 'ordningsstorande', 'Olovlig trafik, moped eller A-traktor', 'Unlawful traffic, moped or A-tractor', 2, true),
	('ordningsstorande.vapen_stenhogar', 'ordningsstorande', 'Upphittade vapen eller stenhögar', 'Found weapons or piles of stones', 3, true),
	('ordningsstorande.hot_personal', 'ordningsstorande', 'Hot mot personal', 'Threats against staff', 3, true),
	('ordningsstorande.annat', 'ordningsstorande', 'Annat ordningsstörande', 'Other disorder', 1, true),
	('otrygg_plats.belysning', 'otrygg_plats', 'Dålig belysning eller sikt', 'Poor lighting or visibility', 1, true),
	('otrygg_plats.morker', 'otrygg_plats', 'Mörk eller undanskymd plats', 'Dark or hidden place', 1, true),
	('otrygg_plats.vaxtlighet', 'otrygg_plats', 'Skymmande växtlighet', 'Obstructing vegetation', 1, true),
	('otrygg_plats.nedgangen', 'otrygg_plats', 'Klotter, skadegörelse eller nedskräpning', 'Graffiti, damage or litter', 1, true),
	('otrygg_plats.folktom', 'otrygg_plats', 'Folktom plats', 'Deserted place', 1, true),
	('arrangemang.evenemang', 'arrangemang', 'Evenemang', 'Public event', 1, true),
	('polisanmalt_brott.vald', 'polisanmalt_brott', 'Våldsbrott och hot', 'Violence and threats', 3, true),
	('polisanmalt_brott.ran', 'polisanmalt_brott', 'Rån', 'Robbery', 3, true),
	('polisanmalt_brott.stold', 'polisanmalt_brott', 'Stöld och inbrott', 'Theft and burglary', 2, true),
	('polisanmalt_brott.skadegorelse', 'polisanmalt_brott', 'Skadegörelse', 'Criminal damage', 2, true),
	('polisanmalt_brott.narkotika', 'polisanmalt_brott', 'Narkotikabrott', 'Drug offences', 2, true),
	('polisanmalt_brott.vapen', 'polisanmalt_brott', 'Vapen, skottlossning och sprängning', 'Weapons, shootings and explosions', 3, true),
	('polisanmalt_brott.brand', 'polisanmalt_brott', 'Brand', 'Fire', 3, true),
	('polisanmalt_brott.ordning', 'polisanmalt_brott', 'Ordningsstörning', 'Public disorder', 1, true),
	('polisanmalt_brott.trafik', 'polisanmalt_brott', 'Trafikbrott', 'Traffic offences', 1, true),
	('polisanmalt_brott.ovrigt', 'polisanmalt_brott', 'Övriga brott', 'Other offences', 1, true);

CREATE TABLE est.police_event_type (
	event_type		text PRIMARY KEY CHECK (length(event_type) BETWEEN 1 AND 100),
	category		text REFERENCES est.category (code),
	excluded_reason	text CONSTRAINT police_event_type_reason_valid
					CHECK (excluded_reason IN ('sammanfattning', 'uppdatering', 'ej trygghetsrelaterad')),
	builtin			boolean NOT NULL DEFAULT false,
	CONSTRAINT police_event_type_mapped_or_excluded CHECK ((category IS NULL) <> (excluded_reason IS NULL))
);

COMMENT ON TABLE est.police_event_type IS
'Maps each event type of Polisen''s open events API to an est category, or records why it is not counted: summaries (Sammanfattning …) and updates (Uppdatering) are not incidents, and events such as traffic accidents or illness are not about public-space safety. Seeded with the 87 published types.';
COMMENT ON COLUMN est.police_event_type.event_type IS 'The type string exactly as the API gives it, e.g. "Misshandel, grov".';
COMMENT ON COLUMN est.police_event_type.category IS 'The est category events of this type are loaded as; NULL when excluded.';
COMMENT ON COLUMN est.police_event_type.excluded_reason IS 'Why events of this type are not loaded: sammanfattning, uppdatering or ej trygghetsrelaterad; NULL when mapped.';
COMMENT ON COLUMN est.police_event_type.builtin IS 'True for the seeded mapping (re-created by CREATE EXTENSION, so not dumped).';

INSERT INTO est.police_event_type (event_type, category, excluded_reason, builtin)
SELECT t.event_type, t.category, t.excluded_reason, true
FROM (VALUES
	('Alkohollagen', 'polisanmalt_brott.ordning', NULL),
	('Anträffad död', NULL, 'ej trygghetsrelaterad'),
	('Anträffat gods', NULL, 'ej trygghetsrelaterad'),
	('Arbetsplatsolycka', NULL, 'ej trygghetsrelaterad'),
	('Bedrägeri', 'polisanmalt_brott.ovrigt', NULL),
	('Bombhot', 'polisanmalt_brott.vapen', NULL),
	('Brand', 'polisanmalt_brott.brand', NULL),
	('Brand automatlarm', NULL, 'ej trygghetsrelaterad'),
	('Bråk', 'polisanmalt_brott.ordning', NULL),
	('Detonation', 'polisanmalt_brott.vapen', NULL),
	('Djur skadat/omhändertaget', NULL, 'ej trygghetsrelaterad'),
	('Ekobrott', 'polisanmalt_brott.ovrigt', NULL),
	('Farligt föremål, misstänkt', 'polisanmalt_brott.vapen', NULL),
	('Fjällräddning', NULL, 'ej trygghetsrelaterad'),
	('Fylleri/LOB', 'polisanmalt_brott.ordning', NULL),
	('Förfalskningsbrott', 'polisanmalt_brott.ovrigt', NULL),
	('Försvunnen person', NULL, 'ej trygghetsrelaterad'),
	('Gränskontroll', NULL, 'ej trygghetsrelaterad'),
	('Häleri', 'polisanmalt_brott.stold', NULL),
	('Inbrott', 'polisanmalt_brott.stold', NULL),
	('Inbrott, försök', 'polisanmalt_brott.stold', NULL),
	('Knivlagen', 'polisanmalt_brott.vapen', NULL),
	('Kontroll person/fordon', NULL, 'ej trygghetsrelaterad'),
	('Lagen om hundar och katter', 'polisanmalt_brott.ovrigt', NULL),
	('Larm inbrott', NULL, 'ej trygghetsrelaterad'),
	('Larm överfall', 'polisanmalt_brott.vald', NULL),
	('Miljöbrott', 'polisanmalt_brott.ovrigt', NULL),
	('Missbruk av urkund', 'polisanmalt_brott.ovrigt', NULL),
	('Misshandel', 'polisanmalt_brott.vald', NULL),
	('Misshandel, grov', 'polisanmalt_brott.vald', NULL),
	('Mord/dråp', 'polisanmalt_brott.vald', NULL),
	('Mord/dråp, försök', 'polisanmalt_brott.vald', NULL),
	('Motorfordon, anträffat stulet', 'polisanmalt_brott.stold', NULL),
	('Motorfordon, stöld', 'polisanmalt_brott.stold', NULL),
	('Narkotikabrott', 'polisanmalt_brott.narkotika', NULL),
	('Naturkatastrof', NULL, 'ej trygghetsrelaterad'),
	('Ofog barn/ungdom', 'polisanmalt_brott.ordning', NULL),
	('Ofredande/förargelse', 'polisanmalt_brott.vald', NULL),
	('Olaga frihetsberövande', 'polisanmalt_brott.vald', NULL),
	('Olaga hot', 'polisanmalt_brott.vald', NULL),
	('Olaga intrång/hemfridsbrott', 'polisanmalt_brott.stold', NULL),
	('Olovlig körning', 'polisanmalt_brott.trafik', NULL),
	('Ordningslagen', 'polisanmalt_brott.ordning', NULL),
	('Polisinsats/kommendering', NULL, 'ej trygghetsrelaterad'),
	('Rattfylleri', 'polisanmalt_brott.trafik', NULL),
	('Rån', 'polisanmalt_brott.ran', NULL),
	('Rån väpnat', 'polisanmalt_brott.ran', NULL),
	('Rån övrigt', 'polisanmalt_brott.ran', NULL),
	('Rån, försök', 'polisanmalt_brott.ran', NULL),
	('Räddningsinsats', NULL, 'ej trygghetsrelaterad'),
	('Sammanfattning dag', NULL, 'sammanfattning'),
	('Sammanfattning dygn', NULL, 'sammanfattning'),
	('Sammanfattning eftermiddag', NULL, 'sammanfattning'),
	('Sammanfattning förmiddag', NULL, 'sammanfattning'),
	('Sammanfattning helg', NULL, 'sammanfattning'),
	('Sammanfattning kväll', NULL, 'sammanfattning'),
	('Sammanfattning kväll och natt', NULL, 'sammanfattning'),
	('Sammanfattning natt', NULL, 'sammanfattning'),
	('Sammanfattning vecka', NULL, 'sammanfattning'),
	('Sedlighetsbrott', 'polisanmalt_brott.vald', NULL),
	('Sjukdom/olycksfall', NULL, 'ej trygghetsrelaterad'),
	('Sjölagen', 'polisanmalt_brott.ovrigt', NULL),
	('Skadegörelse', 'polisanmalt_brott.skadegorelse', NULL),
	('Skottlossning', 'polisanmalt_brott.vapen', NULL),
	('Skottlossning, misstänkt', 'polisanmalt_brott.vapen', NULL),
	('Spridning smittsamma kemikalier', 'polisanmalt_brott.ovrigt', NULL),
	('Stöld', 'polisanmalt_brott.stold', NULL),
	('Stöld, försök', 'polisanmalt_brott.stold', NULL),
	('Stöld, ringa', 'polisanmalt_brott.stold', NULL),
	('Stöld/inbrott', 'polisanmalt_brott.stold', NULL),
	('Tillfälligt obemannat', NULL, 'ej trygghetsrelaterad'),
	('Trafikbrott', 'polisanmalt_brott.trafik', NULL),
	('Trafikhinder', NULL, 'ej trygghetsrelaterad'),
	('Trafikkontroll', NULL, 'ej trygghetsrelaterad'),
	('Trafikolycka', NULL, 'ej trygghetsrelaterad'),
	('Trafikolycka, personskada', NULL, 'ej trygghetsrelaterad'),
	('Trafikolycka, singel', NULL, 'ej trygghetsrelaterad'),
	('Trafikolycka, smitning från', 'polisanmalt_brott.trafik', NULL),
	('Trafikolycka, vilt', NULL, 'ej trygghetsrelaterad'),
	('Uppdatering', NULL, 'uppdatering'),
	('Utlänningslagen', 'polisanmalt_brott.ovrigt', NULL),
	('Vapenlagen', 'polisanmalt_brott.vapen', NULL),
	('Varningslarm/haveri', NULL, 'ej trygghetsrelaterad'),
	('Våld/hot mot tjänsteman', 'polisanmalt_brott.vald', NULL),
	('Våldtäkt', 'polisanmalt_brott.vald', NULL),
	('Våldtäkt, försök', 'polisanmalt_brott.vald', NULL),
	('Vållande till kroppsskada', 'polisanmalt_brott.vald', NULL)
) AS t (event_type, category, excluded_reason);

-- ---------------------------------------------------------------------------------------
-- organisation and reporter (pseudonymous)
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.organisation (
	kommun	char(4) NOT NULL
			CONSTRAINT organisation_kommun_format CHECK (est.is_kommunkod(kommun))
			REFERENCES est.municipality (kommun),
	id		bigint GENERATED BY DEFAULT AS IDENTITY,
	name	text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind	text NOT NULL DEFAULT 'annan'
			CONSTRAINT organisation_kind_valid CHECK (kind IN ('kommun', 'polis', 'bostadsbolag',
				'räddningstjänst', 'näringsliv', 'förening', 'annan')),
	PRIMARY KEY (kommun, id),
	UNIQUE (kommun, name)
);

COMMENT ON TABLE est.organisation IS
'Organisations whose staff report (municipal units, police, housing companies, rescue services, businesses, associations).';
COMMENT ON COLUMN est.organisation.kind IS 'kommun, polis, bostadsbolag, räddningstjänst, näringsliv, förening or annan.';

CREATE TABLE est.reporter (
	kommun			char(4) NOT NULL
					CONSTRAINT reporter_kommun_format CHECK (est.is_kommunkod(kommun))
					REFERENCES est.municipality (kommun),
	id				bigint GENERATED BY DEFAULT AS IDENTITY,
	pseudonym		text NOT NULL,
	organisation_id	bigint NOT NULL,
	active			daterange NOT NULL DEFAULT daterange(current_date, NULL),
	locality_id		bigint,
	PRIMARY KEY (kommun, id),
	UNIQUE (kommun, pseudonym),
	FOREIGN KEY (kommun, organisation_id) REFERENCES est.organisation (kommun, id),
	FOREIGN KEY (kommun, locality_id) REFERENCES est.locality (kommun, id) ON DELETE SET NULL (locality_id),
	CONSTRAINT reporter_pseudonym_format CHECK (
		pseudonym ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'
		AND length(regexp_replace(pseudonym, '[^0-9]', '', 'g')) <= 6),
	CONSTRAINT reporter_active_not_empty CHECK (NOT isempty(active) AND NOT lower_inf(active))
);

COMMENT ON TABLE est.reporter IS
'Trained reporters (rapportörer), pseudonymous by construction: a short code such as R-017, the organisation and the period they are active. No names, phone numbers or e-mail addresses are stored; the pseudonym rule rejects spaces, @ and runs of digits that look like phone numbers.';
COMMENT ON COLUMN est.reporter.pseudonym IS 'Pseudonymous code, 1–32 characters of A–Z, a–z, 0–9, ".", "_" and "-", at most 6 digits; unique in the municipality.';
COMMENT ON COLUMN est.reporter.locality_id IS 'The locality the reporter covers (a housing area, a town centre); NULL for the whole municipality. Reporter coverage of a locality counts the reporters assigned to it or to a locality inside it.';
COMMENT ON COLUMN est.reporter.active IS 'Dates the reporter is expected to report; an open upper bound means still active.';

CREATE FUNCTION est._organisation_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'organisation');
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._organisation_validate() IS
'Trigger: an organisation belongs to a registered municipality (22P02 malformed, 23503 unknown).';

CREATE TRIGGER organisation_validate BEFORE INSERT OR UPDATE ON est.organisation
	FOR EACH ROW EXECUTE FUNCTION est._organisation_validate();

CREATE FUNCTION est._reporter_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'reporter');
	IF NEW.pseudonym IS NOT NULL
	   AND NOT (NEW.pseudonym ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'
				AND length(regexp_replace(NEW.pseudonym, '[^0-9]', '', 'g')) <= 6) THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = 'reporter: pseudonym is not a pseudonymous code',
			DETAIL = 'A pseudonym is 1–32 letters, digits, ".", "_" or "-" with at most 6 digits: no spaces, no @, nothing that looks like a name with a space, an e-mail address or a phone number.',
			HINT = 'Use a code such as R-017 and keep the key to real identities outside the database.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._reporter_validate() IS
'Trigger: a reporter belongs to a registered municipality and its pseudonym cannot carry a name, e-mail address or phone number (the rejected value is not echoed).';

CREATE TRIGGER reporter_validate BEFORE INSERT OR UPDATE ON est.reporter
	FOR EACH ROW EXECUTE FUNCTION est._reporter_validate();

-- ---------------------------------------------------------------------------------------
-- incident
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.incident (
	kommun				char(4) NOT NULL
						CONSTRAINT incident_kommun_format CHECK (est.is_kommunkod(kommun))
						REFERENCES est.municipality (kommun),
	id					bigint GENERATED BY DEFAULT AS IDENTITY,
	category			text NOT NULL REFERENCES est.category (code),
	source				text NOT NULL DEFAULT 'rapportör'
						CONSTRAINT incident_source_valid
						CHECK (source IN ('rapportör', 'polis', 'allmänhet', 'import')),
	severity			smallint NOT NULL
						CONSTRAINT incident_severity_range CHECK (severity BETWEEN 1 AND 3),
	suspected			boolean NOT NULL DEFAULT false,
	occurred			tstzrange NOT NULL
						CONSTRAINT incident_occurred_bounded
						CHECK (NOT isempty(occurred) AND NOT lower_inf(occurred) AND NOT upper_inf(occurred)),
	reported_at			timestamptz NOT NULL DEFAULT now(),
	geom				geometry NOT NULL,
	location_precision	text NOT NULL DEFAULT 'point'
						CONSTRAINT incident_location_precision_valid
						CHECK (location_precision IN ('point', 'kommun')),
	locality_id			bigint,
	outside_locality	boolean NOT NULL DEFAULT false,
	reporter_id			bigint,
	description			text CONSTRAINT incident_description_length CHECK (length(description) <= 4000),
	place				text CONSTRAINT incident_place_length CHECK (length(place) BETWEEN 1 AND 200),
	external_id			text CONSTRAINT incident_external_id_length CHECK (length(external_id) BETWEEN 1 AND 200),
	review_status		text NOT NULL DEFAULT 'approved'
						CONSTRAINT incident_review_status_valid
						CHECK (review_status IN ('pending', 'approved', 'rejected')),
	created_at			timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (kommun, id),
	CONSTRAINT incident_external_id_unique UNIQUE (kommun, source, external_id),
	FOREIGN KEY (kommun, locality_id) REFERENCES est.locality (kommun, id) ON DELETE SET NULL (locality_id),
	FOREIGN KEY (kommun, reporter_id) REFERENCES est.reporter (kommun, id),
	CONSTRAINT incident_reported_after_start CHECK (reported_at >= lower(occurred)),
	CONSTRAINT enforce_srid_geom CHECK (ST_SRID(geom) = 3006),
	CONSTRAINT enforce_geotype_geom CHECK (GeometryType(geom) = 'POINT'),
	CONSTRAINT enforce_dims_geom CHECK (ST_NDims(geom) = 2)
);

CREATE INDEX incident_geom ON est.incident USING gist (geom);
CREATE INDEX incident_occurred ON est.incident USING gist (occurred);
CREATE INDEX incident_occurred_start ON est.incident (kommun, lower(occurred));
CREATE INDEX incident_locality ON est.incident (kommun, locality_id);
CREATE INDEX incident_category ON est.incident (kommun, category);
CREATE INDEX incident_reported_at ON est.incident (kommun, reported_at);

COMMENT ON TABLE est.incident IS
'One event that affects safety at a place: a reporter''s report, a police notice, a public report or an imported crime. Its row type est.incident is the incident type of the API. Rules checked on every write: known municipality and category, severity 1–3 (default: the category''s), a bounded non-empty occurrence range that starts no later than reported_at, a POINT in EPSG:3006 (4326 is transformed). The locality is derived, never written by hand.';
COMMENT ON COLUMN est.incident.kommun IS 'SCB kommunkod of the municipality the incident belongs to.';
COMMENT ON COLUMN est.incident.id IS 'Incident id, unique within the municipality (generated).';
COMMENT ON COLUMN est.incident.category IS 'Category code from est.category (either level).';
COMMENT ON COLUMN est.incident.source IS 'rapportör (trained reporter), polis (police notice or crime), allmänhet (public report) or import.';
COMMENT ON COLUMN est.incident.severity IS '1 minor, 2 notable, 3 serious; the category''s default when not given.';
COMMENT ON COLUMN est.incident.suspected IS 'True when unconfirmed (e.g. suspected drug dealing reported on suspicion).';
COMMENT ON COLUMN est.incident.occurred IS 'When it happened, as a range: reporters often know only a window ("between Friday evening and Monday morning"). A known instant is [t,t]. Bounded and non-empty.';
COMMENT ON COLUMN est.incident.reported_at IS 'When it was reported; not before the occurrence range starts.';
COMMENT ON COLUMN est.incident.geom IS 'Location, POINT in SWEREF 99 TM (EPSG:3006); EPSG:4326 input is transformed on write.';
COMMENT ON COLUMN est.incident.location_precision IS 'point: the point is the place. kommun: only the municipality is known (police notices carry the kommun centroid); such incidents belong to the kommun-level locality, never to an area inside it.';
COMMENT ON COLUMN est.incident.locality_id IS 'Derived: the smallest locality of the municipality covering the point (the kommun-level locality for precision kommun). Kept right when locality polygons change. NULL when no locality covers it.';
COMMENT ON COLUMN est.incident.outside_locality IS 'Derived: true when no locality of the municipality covers the point; such incidents are kept, listed in est.data_quality and left out of locality statistics.';
COMMENT ON COLUMN est.incident.reporter_id IS 'The reporter (pseudonymous) who filed it, when source is rapportör.';
COMMENT ON COLUMN est.incident.description IS 'Free text, at most 4 000 characters; no personal data.';
COMMENT ON COLUMN est.incident.place IS 'The name of the place as the reporter gives it (a square, a stop, a school yard: "Busstationen"), 1–200 characters; hotspot areas are named after their most frequent place names. Not an address of a person.';
COMMENT ON COLUMN est.incident.external_id IS 'Identifier in the source system; unique per municipality and source, so loading the same data twice adds nothing.';
COMMENT ON COLUMN est.incident.review_status IS 'pending, approved or rejected; analyses count approved incidents.';

CREATE FUNCTION est.locality_tree(kommun char(4)) RETURNS TABLE (root bigint, id bigint)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
ROWS 200	-- a municipality's localities with their ancestors: the planner's guess for joins
BEGIN ATOMIC
	WITH RECURSIVE tree (root, id) AS (
		SELECT l.id, l.id FROM est.locality l WHERE l.kommun = locality_tree.kommun
		UNION ALL
		SELECT t.root, l.id FROM tree t JOIN est.locality l ON l.kommun = locality_tree.kommun AND l.parent_id = t.id
	)
	SELECT tree.root, tree.id FROM tree;
END;

COMMENT ON FUNCTION est.locality_tree(char) IS
'Every locality of the municipality (root) with each locality inside it, itself included (id): join incidents on id = locality_id to count each incident for its locality and every locality above it, as the situation picture does.';

CREATE FUNCTION est.locality_of(kommun char(4), geom geometry, location_precision text DEFAULT 'point')
RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT s.id FROM (
		SELECT l.id, l.area_m2, l.kind FROM est.locality l
		 WHERE l.kommun = locality_of.kommun
		   AND locality_of.location_precision = 'kommun' AND l.kind = 'kommun'
		UNION ALL
		SELECT l.id, l.area_m2, l.kind FROM est.locality l
		 WHERE l.kommun = locality_of.kommun
		   AND locality_of.location_precision <> 'kommun'
		   AND ST_Covers(l.geom, locality_of.geom)
	) s
	ORDER BY s.area_m2, est.locality_kind_rank(s.kind) DESC, s.id
	LIMIT 1;
END;

COMMENT ON FUNCTION est.locality_of(char, geometry, text) IS
'The locality an incident at geom belongs to: the smallest (by area) locality of the municipality whose polygon covers the point, boundary included; for location_precision ''kommun'' the kommun-level locality. NULL when none. Sees only the localities the caller may see.';

CREATE FUNCTION est._incident_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
	cat_severity smallint;
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'incident');
	IF NEW.category IS NOT NULL THEN
		SELECT c.default_severity INTO cat_severity FROM est.category c WHERE c.code = NEW.category;
		IF NOT FOUND THEN
			RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
				MESSAGE = format('incident: unknown category "%s"', NEW.category),
				HINT = 'Use a code from est.category, e.g. skadegorelse.klotter.';
		END IF;
		NEW.severity := coalesce(NEW.severity, cat_severity);
	END IF;
	IF NEW.severity IS NOT NULL AND NEW.severity NOT BETWEEN 1 AND 3 THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('incident: severity %s is outside 1–3', NEW.severity),
			HINT = '1 = minor, 2 = notable, 3 = serious; leave it NULL to take the category''s default.';
	END IF;
	IF NEW.source IS NOT NULL AND NEW.source NOT IN ('rapportör', 'polis', 'allmänhet', 'import') THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('incident: unknown source "%s"', NEW.source),
			HINT = 'source is one of rapportör, polis, allmänhet, import.';
	END IF;
	IF NEW.occurred IS NOT NULL THEN
		IF isempty(NEW.occurred) THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = 'incident: the occurrence range is empty',
				HINT = 'Give the window it happened in, e.g. tstzrange(from, to, ''[]''); a known instant is tstzrange(t, t, ''[]'').';
		ELSIF lower_inf(NEW.occurred) OR upper_inf(NEW.occurred) THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = 'incident: the occurrence range must have a start and an end',
				HINT = 'Bound the window; if the end is unknown use the time it was reported.';
		ELSIF NEW.reported_at IS NOT NULL AND NEW.reported_at < lower(NEW.occurred) THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = format('incident: reported_at %s is before the occurrence starts (%s)',
								 NEW.reported_at, lower(NEW.occurred)),
				HINT = 'An incident cannot be reported before it happened; check the time zone of both times.';
		END IF;
	END IF;
	IF NEW.location_precision IS NOT NULL AND NEW.location_precision NOT IN ('point', 'kommun') THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('incident: unknown location_precision "%s"', NEW.location_precision),
			HINT = 'location_precision is ''point'' or ''kommun''.';
	END IF;
	NEW.geom := est.to_sweref99tm(NEW.geom, 'point', 'incident geometry');
	-- derived, whatever the writer supplied
	NEW.locality_id := est.locality_of(NEW.kommun, NEW.geom, NEW.location_precision);
	NEW.outside_locality := NEW.locality_id IS NULL;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._incident_validate() IS
'Trigger: applies the incident rules (municipality, category, severity, source, occurrence range, reported_at, geometry), transforms EPSG:4326 to 3006 and derives locality_id and outside_locality.';

CREATE TRIGGER incident_validate BEFORE INSERT OR UPDATE ON est.incident
	FOR EACH ROW EXECUTE FUNCTION est._incident_validate();

-- Keeping incidents' localities right when locality polygons change.
CREATE FUNCTION est._relocate_incidents(kommun char(4), areas geometry[]) RETURNS void
LANGUAGE sql VOLATILE
BEGIN ATOMIC
	-- the incident trigger derives locality_id on every write: touch the rows whose derived
	-- value changes and let it set the value (SET NULL is a placeholder it overwrites)
	UPDATE est.incident i
	   SET locality_id = NULL
	 WHERE i.kommun = _relocate_incidents.kommun
	   AND i.location_precision = 'kommun'
	   AND i.locality_id IS DISTINCT FROM est.locality_of(i.kommun, i.geom, i.location_precision);
	UPDATE est.incident i
	   SET locality_id = NULL
	  FROM unnest(_relocate_incidents.areas) AS a (area)
	 WHERE i.kommun = _relocate_incidents.kommun
	   AND i.location_precision <> 'kommun'
	   AND ST_Intersects(i.geom, a.area)
	   AND i.locality_id IS DISTINCT FROM est.locality_of(i.kommun, i.geom, i.location_precision);
END;

COMMENT ON FUNCTION est._relocate_incidents(char, geometry[]) IS
'Internal: re-derives locality_id for the incidents of one municipality that lie in any of the areas (the old and new polygons of changed localities), and for its kommun-precision incidents. Called only by the locality triggers, which run as the extension owner; not executable by other roles.';

REVOKE EXECUTE ON FUNCTION est._relocate_incidents(char, geometry[]) FROM PUBLIC;

CREATE FUNCTION est._locality_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
AS $$
DECLARE
	r record;
BEGIN
	IF TG_OP = 'INSERT' THEN
		FOR r IN SELECT n.kommun, array_agg(n.geom) AS areas FROM locality_new n GROUP BY n.kommun LOOP
			PERFORM est._relocate_incidents(r.kommun, r.areas);
		END LOOP;
	ELSIF TG_OP = 'DELETE' THEN
		FOR r IN SELECT o.kommun, array_agg(o.geom) AS areas FROM locality_old o GROUP BY o.kommun LOOP
			PERFORM est._relocate_incidents(r.kommun, r.areas);
		END LOOP;
	ELSE
		FOR r IN SELECT c.kommun, array_agg(c.geom) AS areas
				   FROM (SELECT n.kommun, n.geom FROM locality_new n
						 UNION ALL SELECT o.kommun, o.geom FROM locality_old o) c
				  GROUP BY c.kommun LOOP
			PERFORM est._relocate_incidents(r.kommun, r.areas);
		END LOOP;
	END IF;
	RETURN NULL;
END
$$;

COMMENT ON FUNCTION est._locality_changed() IS
'Statement trigger on est.locality: after polygons are added, changed or removed, re-derives the locality of the incidents inside the old and new polygons. Runs as the extension owner (a trigger function cannot be called directly), so an analyst who edits a polygon keeps every affected incident of that municipality right whatever else the analyst may write.';

CREATE TRIGGER locality_changed_insert AFTER INSERT ON est.locality
	REFERENCING NEW TABLE AS locality_new
	FOR EACH STATEMENT EXECUTE FUNCTION est._locality_changed();
CREATE TRIGGER locality_changed_update AFTER UPDATE ON est.locality
	REFERENCING OLD TABLE AS locality_old NEW TABLE AS locality_new
	FOR EACH STATEMENT EXECUTE FUNCTION est._locality_changed();
CREATE TRIGGER locality_changed_delete AFTER DELETE ON est.locality
	REFERENCING OLD TABLE AS locality_old
	FOR EACH STATEMENT EXECUTE FUNCTION est._locality_changed();

-- ---------------------------------------------------------------------------------------
-- reporting rounds: "nothing to report" is a report
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est._municipality(kommun char(4), what text) RETURNS est.municipality
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	m est.municipality;
BEGIN
	PERFORM est._check_kommun(kommun, what);
	SELECT * INTO m FROM est.municipality mm WHERE mm.kommun = _municipality.kommun;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('%s: unknown municipality "%s"', what, kommun),
			HINT = 'The municipality must be in est.municipality (and visible to you).';
	END IF;
	RETURN m;
END
$$;

COMMENT ON FUNCTION est._municipality(char, text) IS
'Internal: the municipality''s row for a function argument, or 22P02 (malformed code) / 22023 (unknown or not visible) naming the calling function.';

CREATE FUNCTION est.cycle(kommun char(4), at timestamptz) RETURNS est.cycle_period
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
DECLARE
	m est.municipality;
BEGIN
	m := est._municipality(kommun, 'cycle');
	RETURN est.cycle_at(at, m.time_zone, m.cycle_length, m.cycle_anchor, m.cycle_cutoff, m.meeting_offset);
END
$$;

COMMENT ON FUNCTION est.cycle(char, timestamptz) IS
'The reporting cycle of the municipality that the instant belongs to, from its configuration in est.municipality (length, anchor, cut-off, meeting offset, time zone): seq, starts, ends (the reporting deadline), meeting_at and label. Independent of the session TimeZone.';

CREATE FUNCTION est.cycles(kommun char(4), during tstzrange) RETURNS SETOF est.cycle_period
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE ROWS 60
SET search_path FROM CURRENT
AS $$
DECLARE
	m est.municipality;
BEGIN
	m := est._municipality(kommun, 'cycles');
	RETURN QUERY SELECT * FROM est.cycle_series(during, m.time_zone, m.cycle_length, m.cycle_anchor,
												m.cycle_cutoff, m.meeting_offset);
END
$$;

COMMENT ON FUNCTION est.cycles(char, tstzrange) IS
'Every reporting cycle of the municipality that overlaps the range, in order (see est.cycle).';

CREATE TABLE est.reporting_round (
	kommun				char(4) NOT NULL
						CONSTRAINT reporting_round_kommun_format CHECK (est.is_kommunkod(kommun))
						REFERENCES est.municipality (kommun),
	id					bigint GENERATED BY DEFAULT AS IDENTITY,
	reporter_id			bigint NOT NULL,
	cycle				tstzrange NOT NULL,
	nothing_to_report	boolean NOT NULL DEFAULT false,
	submitted_at		timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (kommun, id),
	CONSTRAINT reporting_round_once_per_cycle UNIQUE (kommun, reporter_id, cycle),
	FOREIGN KEY (kommun, reporter_id) REFERENCES est.reporter (kommun, id),
	CONSTRAINT reporting_round_cycle_bounded
		CHECK (NOT isempty(cycle) AND NOT lower_inf(cycle) AND NOT upper_inf(cycle)),
	CONSTRAINT reporting_round_not_before_cycle CHECK (submitted_at >= lower(cycle))
);

CREATE INDEX reporting_round_cycle ON est.reporting_round (kommun, cycle);

COMMENT ON TABLE est.reporting_round IS
'That a reporter reported for a cycle, including that there was nothing to report: a calm cycle (rounds with nothing_to_report) and a silent reporter (no round at all) can be told apart. One round per reporter and cycle.';
COMMENT ON COLUMN est.reporting_round.cycle IS 'The cycle reported for, [starts, ends) as given by est.cycle(); derived from submitted_at when left NULL, and checked to be a real cycle of the municipality otherwise.';
COMMENT ON COLUMN est.reporting_round.nothing_to_report IS 'True when the reporter checked in and had nothing to report this cycle.';
COMMENT ON COLUMN est.reporting_round.submitted_at IS 'When the round was submitted; a late submission for an earlier cycle is allowed, one before the cycle starts is not.';

CREATE FUNCTION est._reporting_round_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
	c est.cycle_period;
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'reporting_round');
	IF NEW.kommun IS NULL OR NEW.submitted_at IS NULL THEN
		RETURN NEW;		-- the NOT NULL constraints report it
	END IF;
	IF NEW.cycle IS NULL THEN
		c := est.cycle(NEW.kommun, NEW.submitted_at);
		NEW.cycle := tstzrange(c.starts, c.ends, '[)');
	ELSE
		IF isempty(NEW.cycle) OR lower_inf(NEW.cycle) OR upper_inf(NEW.cycle) THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = 'reporting_round: cycle must be a bounded, non-empty range',
				HINT = 'Leave cycle NULL to take the cycle of submitted_at, or give est.cycle(kommun, t).';
		END IF;
		c := est.cycle(NEW.kommun, lower(NEW.cycle));
		IF NEW.cycle <> tstzrange(c.starts, c.ends, '[)') THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = format('reporting_round: %s is not a reporting cycle of municipality %s', NEW.cycle, NEW.kommun),
				DETAIL = format('The cycle containing its start is %s.', tstzrange(c.starts, c.ends, '[)')),
				HINT = 'Leave cycle NULL to take the cycle of submitted_at, or give est.cycle(kommun, t).';
		END IF;
		IF NEW.submitted_at < c.starts THEN
			RAISE EXCEPTION USING ERRCODE = 'check_violation',
				MESSAGE = 'reporting_round: submitted before the cycle it reports for began',
				HINT = 'A round reports on a cycle that has started.';
		END IF;
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._reporting_round_validate() IS
'Trigger: fills cycle from submitted_at when NULL, otherwise checks that it is exactly one of the municipality''s cycles and not in the future of the submission.';

CREATE TRIGGER reporting_round_validate BEFORE INSERT OR UPDATE ON est.reporting_round
	FOR EACH ROW EXECUTE FUNCTION est._reporting_round_validate();

-- ---------------------------------------------------------------------------------------
-- survey results (trygghetsmätning)
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.survey_result (
	kommun		char(4) NOT NULL
				CONSTRAINT survey_result_kommun_format CHECK (est.is_kommunkod(kommun))
				REFERENCES est.municipality (kommun),
	locality_id	bigint NOT NULL,
	year		smallint NOT NULL CONSTRAINT survey_result_year_range CHECK (year BETWEEN 1990 AND 2100),
	indicator	text NOT NULL CONSTRAINT survey_result_indicator_format
				CHECK (indicator ~ '^[a-z][a-z0-9_]{0,62}$'),
	value		double precision NOT NULL CONSTRAINT survey_result_value_finite
				CHECK (value > '-Infinity'::float8 AND value < 'Infinity'::float8),
	source		text CHECK (length(source) <= 200),
	PRIMARY KEY (kommun, locality_id, year, indicator),
	FOREIGN KEY (kommun, locality_id) REFERENCES est.locality (kommun, id) ON DELETE CASCADE
);

COMMENT ON TABLE est.survey_result IS
'Area-level results of safety surveys (trygghetsmätning), one value per locality, year and indicator, e.g. Polisen''s problemindex 0–6.';
COMMENT ON COLUMN est.survey_result.indicator IS 'Indicator code, lower-case ASCII, e.g. problemindex, otrygghet_kvall.';
COMMENT ON COLUMN est.survey_result.value IS 'The value (finite).';
COMMENT ON COLUMN est.survey_result.source IS 'Where the value comes from, e.g. Polisens trygghetsmätning 2024.';

CREATE FUNCTION est._survey_result_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'survey_result');
	IF NEW.value IS NOT NULL AND NOT (NEW.value > '-Infinity'::float8 AND NEW.value < 'Infinity'::float8) THEN
		RAISE EXCEPTION USING ERRCODE = 'check_violation',
			MESSAGE = format('survey_result: value %s is not a finite number', NEW.value),
			HINT = 'Leave the row out when a survey gave no value.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._survey_result_validate() IS
'Trigger: checks the municipality and that the value is finite.';

CREATE TRIGGER survey_result_validate BEFORE INSERT OR UPDATE ON est.survey_result
	FOR EACH ROW EXECUTE FUNCTION est._survey_result_validate();

-- ---------------------------------------------------------------------------------------
-- data quality
-- ---------------------------------------------------------------------------------------

CREATE VIEW est.data_quality WITH (security_invoker = true) AS
	SELECT i.kommun, 'incident'::text AS object, i.id, 'outside_localities'::text AS problem,
		   'the point lies outside every locality of the municipality; it is kept but left out of locality statistics'::text AS detail
	  FROM est.incident i
	 WHERE i.outside_locality
	UNION ALL
	SELECT c.kommun, 'locality', c.id, 'outside_parent',
		   format('%s %s is not covered by its parent %s', c.kind, c.name, p.name)
	  FROM est.locality c
	  JOIN est.locality p ON p.kommun = c.kommun AND p.id = c.parent_id
	 WHERE NOT ST_CoveredBy(c.geom, p.geom);

COMMENT ON VIEW est.data_quality IS
'Rows that are kept but need attention: incidents outside every locality of their municipality (excluded from locality statistics) and localities not covered by their parent. Shows only what the caller may see.';

-- ---------------------------------------------------------------------------------------
-- pg_dump: the data of every table is the installation's own, so it is dumped with it
-- (seeded category rows and police mappings are re-created by CREATE EXTENSION).
-- ---------------------------------------------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('est.municipality', '');
SELECT pg_catalog.pg_extension_config_dump('est.locality', '');
SELECT pg_catalog.pg_extension_config_dump('est.category', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('est.police_event_type', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('est.organisation', '');
SELECT pg_catalog.pg_extension_config_dump('est.reporter', '');
SELECT pg_catalog.pg_extension_config_dump('est.incident', '');
SELECT pg_catalog.pg_extension_config_dump('est.reporting_round', '');
SELECT pg_catalog.pg_extension_config_dump('est.survey_result', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.locality', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.organisation', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.reporter', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.incident', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.reporting_round', 'id')::regclass, '');

-- ===== reliab: data protection (purge_personal_data) =====================================
-- Retention: free text and the links from reports to reporters are kept no longer than the
-- retention period. "Free text" is incident.description. Meeting notes, follow-up notes and
-- action descriptions are records of decisions taken by public bodies (allmänna handlingar,
-- kept under archive rules, and by the column rules free of personal data), so they are not
-- purged; place names are not personal data. "Reporter links" are incident.reporter_id and the
-- pseudonyms of reporters whose active period ended before the cut-off: such a reporter row is
-- kept (reporting rounds and coverage statistics count it) but its pseudonym is replaced by a
-- code derived from its id, so the key to a real person kept outside the database no longer
-- finds it. Row-level security and the policies are in security.sql.

CREATE TABLE est.purge_run (
	kommun					char(4) NOT NULL
							CONSTRAINT purge_run_kommun_format CHECK (est.is_kommunkod(kommun))
							REFERENCES est.municipality (kommun) ON DELETE CASCADE,
	id						bigint GENERATED BY DEFAULT AS IDENTITY,
	ran_at					timestamptz NOT NULL DEFAULT now(),
	ran_by					name NOT NULL DEFAULT CURRENT_USER,
	older_than				interval NOT NULL,
	cutoff					timestamptz NOT NULL,
	incidents_cleared		integer NOT NULL CHECK (incidents_cleared >= 0),
	reporters_anonymised	integer NOT NULL CHECK (reporters_anonymised >= 0),
	PRIMARY KEY (kommun, id)
);

COMMENT ON TABLE est.purge_run IS
'One row per municipality and run of est.purge_personal_data(): when, by whom, the retention period and cut-off, and how many incidents had their free text or reporter link removed and how many ended reporters were anonymised. A run that found nothing is recorded too.';
COMMENT ON COLUMN est.purge_run.older_than IS 'The retention period passed to est.purge_personal_data().';
COMMENT ON COLUMN est.purge_run.cutoff IS 'now() minus the retention period: incidents reported, and reporters whose activity ended, before it were purged.';
COMMENT ON COLUMN est.purge_run.incidents_cleared IS 'Incidents whose description or reporter_id was set to NULL.';
COMMENT ON COLUMN est.purge_run.reporters_anonymised IS 'Reporters, no longer active before the cut-off, whose pseudonym was replaced.';

CREATE FUNCTION est.purge_personal_data(older_than interval)
RETURNS TABLE (kommun char(4), incidents_cleared integer, reporters_anonymised integer)
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
	cut timestamptz;
	m record;
BEGIN
	IF older_than IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'purge_personal_data: older_than is NULL',
			HINT = 'Give the retention period, e.g. interval ''2 years''.';
	END IF;
	IF older_than <= interval '0' OR isfinite(now() - older_than) IS NOT TRUE THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('purge_personal_data: older_than must be a positive interval, not %s', older_than),
			HINT = 'Give the retention period, e.g. interval ''2 years''; everything older is purged.';
	END IF;
	cut := now() - older_than;
	-- the municipalities the caller may see and change (row-level security applies)
	FOR m IN SELECT mm.kommun FROM est.municipality mm ORDER BY mm.kommun LOOP
		kommun := m.kommun;
		UPDATE est.incident i SET description = NULL, reporter_id = NULL
		 WHERE i.kommun = m.kommun AND i.reported_at < cut
		   AND (i.description IS NOT NULL OR i.reporter_id IS NOT NULL);
		GET DIAGNOSTICS incidents_cleared = ROW_COUNT;
		UPDATE est.reporter r
		   SET pseudonym = 'purged-' || translate(r.id::text, '0123456789', 'abcdefghij')
		 WHERE r.kommun = m.kommun AND NOT upper_inf(r.active) AND upper(r.active) < cut::date
		   AND r.pseudonym <> 'purged-' || translate(r.id::text, '0123456789', 'abcdefghij');
		GET DIAGNOSTICS reporters_anonymised = ROW_COUNT;
		INSERT INTO est.purge_run (kommun, older_than, cutoff, incidents_cleared, reporters_anonymised)
		VALUES (m.kommun, older_than, cut, incidents_cleared, reporters_anonymised);
		RETURN NEXT;
	END LOOP;
END
$$;

COMMENT ON FUNCTION est.purge_personal_data(interval) IS
'Data protection: in every municipality the caller may change, removes the free text (description) and the reporter link (reporter_id) of incidents reported before now() - older_than, replaces the pseudonym of reporters whose active period ended before then by a code derived from the id (the row stays: coverage statistics count it), and records the run in est.purge_run. Counts, categories, places, times, locations, rounds and every statistic derived from them are unchanged. 22004 for NULL, 22023 for a retention period that is not positive. For est_admin.';

REVOKE EXECUTE ON FUNCTION est.purge_personal_data(interval) FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('est.purge_run', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.purge_run', 'id')::regclass, '');
-- ===== end reliab =========================================================================
