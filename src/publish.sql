-- publish: what leaves the municipality — public views with small counts suppressed (the
-- est_public role sees nothing else), GeoJSON FeatureCollections, and vector tiles in the
-- form pg_tileserv and martin discover.  Suppression in C (src/publish.c, core/suppress.c);
-- documentation in docs/publish.md and docs/integration.md.
--
-- The public views read the base tables as their owner (they are not security_invoker) and
-- call only pure functions, or SECURITY DEFINER functions that return nothing but public,
-- generalised data; so est_public needs SELECT on the views and no right on any table.

-- ---------------------------------------------------------------------------------------
-- per-municipality settings
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.publish_setting (
	kommun			char(4) PRIMARY KEY
					CONSTRAINT publish_setting_kommun_format CHECK (est.is_kommunkod(kommun))
					REFERENCES est.municipality (kommun) ON DELETE CASCADE,
	suppress_below	integer NOT NULL DEFAULT 3
					CONSTRAINT publish_setting_suppress_below_range CHECK (suppress_below BETWEEN 2 AND 1000),
	hot_cell_size	double precision NOT NULL DEFAULT 250
					CONSTRAINT publish_setting_hot_cell_size_range CHECK (hot_cell_size BETWEEN 250 AND 10000),
	updated_at		timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE est.publish_setting IS
'A municipality''s rules for public outputs: counts from 1 to suppress_below - 1 are suppressed (default 3: 1 and 2 are never shown), and public hot spots are shown as grid cells of hot_cell_size metres (at least 250). A municipality without a row uses the defaults.';
COMMENT ON COLUMN est.publish_setting.suppress_below IS 'Smallest count shown in public outputs; 1 .. suppress_below - 1 are suppressed (2–1000, default 3). 0 is shown.';
COMMENT ON COLUMN est.publish_setting.hot_cell_size IS 'Cell size in metres of public hot spots (250–10000, default 250).';
COMMENT ON COLUMN est.publish_setting.updated_at IS 'When the row was last written.';

-- ---------------------------------------------------------------------------------------
-- suppression
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.suppress_counts(parents integer[], categories integer, threshold integer,
		cell_loc integer[], cell_cat integer[], cell_n bigint[])
	RETURNS TABLE (loc integer, col integer, n bigint, suppressed boolean)
	AS 'MODULE_PATHNAME', 'est_suppress_counts'
	LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION est.suppress_counts(integer[], integer, integer, integer[], integer[], bigint[]) IS
	'Small-count suppression of one locality × category table. Localities are positions 0..n-1 with parents[l] the position of l''s parent or -1; each locality''s own incidents come sparse as (cell_loc, cell_cat, cell_n). Returns every published cell: loc, col (0..categories-1, and categories for the total), n = its count with the localities inside it (NULL when suppressed) and suppressed. Counts 1..threshold-1 are suppressed, and further cells until no suppressed count — nor a small count of a locality''s own remainder outside its children — can be computed from the published numbers by sums and differences (docs/publish.md). Errors: 22023 for a bad position, parent cycle, negative count or threshold < 1; 54000 for a table above 20 000 cells.';

-- ---------------------------------------------------------------------------------------
-- public views
-- ---------------------------------------------------------------------------------------

CREATE VIEW est.public_counts AS
WITH setting AS (
	SELECT m.kommun, m.name, m.time_zone, m.cycle_length, m.cycle_anchor, m.cycle_cutoff, m.meeting_offset,
		   coalesce(s.suppress_below, 3) AS threshold
	  FROM est.municipality m
	  LEFT JOIN est.publish_setting s ON s.kommun = m.kommun
), loc AS (
	SELECT l.kommun, l.id, l.parent_id, (row_number() OVER (PARTITION BY l.kommun ORDER BY l.id) - 1)::integer AS pos
	  FROM est.locality l
), tree AS (
	SELECT c.kommun, array_agg(coalesce(p.pos, -1) ORDER BY c.pos) AS parents
	  FROM loc c
	  LEFT JOIN loc p ON p.kommun = c.kommun AND p.id = c.parent_id
	 GROUP BY c.kommun
), cat AS (
	SELECT c.code, c.label_sv, c.label_en, (row_number() OVER (ORDER BY c.code) - 1)::integer AS pos,
		   (count(*) OVER ())::integer AS ncat
	  FROM est.category c
	 WHERE c.parent IS NULL
), cnt AS (			-- approved incidents by cycle (of their start), locality and main category
	SELECT i.kommun,
		   (est.cycle_at(lower(i.occurred), s.time_zone, s.cycle_length, s.cycle_anchor, s.cycle_cutoff)).seq AS seq,
		   l.pos AS loc, k.pos AS cat, count(*) AS n
	  FROM est.incident i
	  JOIN setting s ON s.kommun = i.kommun
	  JOIN loc l ON l.kommun = i.kommun AND l.id = i.locality_id
	  JOIN est.category ic ON ic.code = i.category
	  JOIN cat k ON k.code = coalesce(ic.parent, ic.code)
	 WHERE i.review_status = 'approved'
	 GROUP BY 1, 2, 3, 4
), cyc AS (			-- the completed cycles from the municipality's first incident
	SELECT s.kommun, s.threshold, y.seq, y.starts, y.ends, y.label
	  FROM setting s
	 CROSS JOIN LATERAL (SELECT min(lower(i.occurred)) AS first FROM est.incident i
						  WHERE i.kommun = s.kommun AND i.review_status = 'approved') d
	 CROSS JOIN LATERAL est.cycle_series(CASE WHEN d.first < now() THEN tstzrange(d.first, now()) END,
										 s.time_zone, s.cycle_length, s.cycle_anchor, s.cycle_cutoff) y
	 WHERE y.ends <= now()
), tab AS (
	SELECT y.kommun, y.threshold, y.seq, y.starts, y.ends, y.label, r.loc, r.col, r.n, r.suppressed
	  FROM cyc y
	  JOIN tree t ON t.kommun = y.kommun
	 CROSS JOIN LATERAL (SELECT array_agg(c.loc) AS loc, array_agg(c.cat) AS cat, array_agg(c.n) AS n
						   FROM cnt c WHERE c.kommun = y.kommun AND c.seq = y.seq) a
	 CROSS JOIN LATERAL est.suppress_counts(t.parents, (SELECT max(cat.ncat) FROM cat), y.threshold,
											a.loc, a.cat, a.n) r
)
SELECT (l.id * 16777216 + (t.seq & 65535) * 256 + t.col)::bigint AS id,
	   t.kommun, s.name AS municipality, l.id AS locality_id, l.name AS locality, l.kind,
	   l.parent_id AS parent_locality_id, tstzrange(t.starts, t.ends, '[)') AS cycle, t.label AS cycle_label,
	   t.starts AS "time", t.ends AS cycle_end,
	   coalesce(k.code, 'total') AS category, coalesce(k.label_sv, 'Totalt') AS category_sv,
	   coalesce(k.label_en, 'Total') AS category_en,
	   t.n::integer AS incidents, t.suppressed, t.threshold AS suppress_below,
	   ST_Y(ST_Transform(ST_PointOnSurface(l.geom), 4326)) AS lat,
	   ST_X(ST_Transform(ST_PointOnSurface(l.geom), 4326)) AS lon,
	   l.geom::geometry(MultiPolygon, 3006) AS geom
  FROM tab t
  JOIN setting s ON s.kommun = t.kommun
  JOIN loc p ON p.kommun = t.kommun AND p.pos = t.loc
  JOIN est.locality l ON l.kommun = p.kommun AND l.id = p.id
  LEFT JOIN cat k ON k.pos = t.col;

COMMENT ON VIEW est.public_counts IS
'Public: approved incidents per locality, completed reporting cycle and main category, plus a total per locality and cycle (category ''total''). A locality counts the incidents of the localities inside it. Counts from 1 to suppress_below - 1 (the municipality''s est.publish_setting, default 3) are NULL with suppressed = true, and so are as many further cells as it takes that no suppressed count can be computed from the others, the totals or the nesting of localities (docs/publish.md). No free text, no points: the geometry is the locality polygon. id is unique (locality id, cycle number and column); time is the start of the cycle, for Grafana; lat/lon a point inside the locality, for tools without geometry.';
COMMENT ON COLUMN est.public_counts.incidents IS 'The count, NULL when suppressed.';
COMMENT ON COLUMN est.public_counts.suppressed IS 'True when the count is withheld: it is small, or it would give away a small count by subtraction. Which of the two is not said.';

CREATE VIEW est.public_assessments AS
SELECT a.id, a.kommun, m.name AS municipality, a.locality_id, l.name AS locality, l.kind, a.cycle,
	   (est.cycle_at(lower(a.cycle), m.time_zone, m.cycle_length, m.cycle_anchor, m.cycle_cutoff)).label AS cycle_label,
	   lower(a.cycle) AS "time", a.decided_grade AS grade,
	   coalesce(gl.label_sv, gd.label_sv) AS label_sv, coalesce(gl.label_en, gd.label_en) AS label_en,
	   coalesce(gl.colour, gd.colour) AS colour,
	   ST_Y(ST_Transform(ST_PointOnSurface(l.geom), 4326)) AS lat,
	   ST_X(ST_Transform(ST_PointOnSurface(l.geom), 4326)) AS lon,
	   l.geom::geometry(MultiPolygon, 3006) AS geom
  FROM est.assessment a
  JOIN est.municipality m ON m.kommun = a.kommun
  JOIN est.locality l ON l.kommun = a.kommun AND l.id = a.locality_id
  JOIN est.grade_default gd ON gd.grade = a.decided_grade
  LEFT JOIN est.grade_level gl ON gl.kommun = a.kommun AND gl.grade = a.decided_grade
 WHERE upper(a.cycle) <= now()
   AND NOT EXISTS (SELECT 1 FROM est.assessment b WHERE b.kommun = a.kommun AND b.supersedes = a.id);

COMMENT ON VIEW est.public_assessments IS
'Public: the grade (1–5) decided for each locality and completed cycle, with the municipality''s label and colour, over the locality polygon. The decision in force only; no motivation, reasons or names. id is the decision''s id; time the start of the cycle.';

-- ---------------------------------------------------------------------------------------
-- hot spots for the public: generalised cells
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est._public_hot_cells(only_kommun char(4), at timestamptz, bbox geometry DEFAULT NULL)
RETURNS TABLE (id bigint, kommun char(4), municipality text, locality_id bigint, locality text, cycle tstzrange,
			   cycle_label text, "time" timestamptz, cell_size double precision, bin integer, confidence text,
			   lat double precision, lon double precision, geom geometry(Polygon, 3006))
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path FROM CURRENT
SET jit = off
AS $$
DECLARE
	m record;
	c est.cycle_period;
	size double precision;
BEGIN
	FOR m IN SELECT mm.*, coalesce(s.hot_cell_size, 250) AS hot_cell_size
			   FROM est.municipality mm
			   LEFT JOIN est.publish_setting s ON s.kommun = mm.kommun
			  WHERE (only_kommun IS NULL OR mm.kommun = only_kommun)
				AND (bbox IS NULL OR EXISTS (SELECT 1 FROM est.locality l WHERE l.kommun = mm.kommun
											   AND l.geom && ST_Transform(bbox, 3006)))
			  ORDER BY mm.kommun LOOP
		-- the latest completed cycle at or before at
		c := est.cycle_at(least(coalesce(at, now()), now()), m.time_zone, m.cycle_length, m.cycle_anchor,
						  m.cycle_cutoff, m.meeting_offset);
		IF c.ends > now() THEN
			c := est.cycle_at(c.starts - interval '1 microsecond', m.time_zone, m.cycle_length, m.cycle_anchor,
							  m.cycle_cutoff, m.meeting_offset);
		END IF;
		size := greatest(m.hot_cell_size, 250);
		RETURN QUERY
		SELECT DISTINCT ON (h.cell_id)
			   (m.kommun::bigint * 1099511627776 + (floor(h.x / size)::bigint & 1048575) * 1048576
				+ (floor(h.y / size)::bigint & 1048575))::bigint,
			   m.kommun::char(4), m.name::text, lc.id, lc.name, tstzrange(c.starts, c.ends, '[)'), c.label, c.starts,
			   size, h.bin, CASE h.bin WHEN 3 THEN '99 %' ELSE '95 %' END,
			   ST_Y(ST_Transform(ST_Point(h.x, h.y, 3006), 4326)), ST_X(ST_Transform(ST_Point(h.x, h.y, 3006), 4326)),
			   h.geom::geometry(Polygon, 3006)
		  FROM est.hot_cells(m.kommun, c.starts, size) h
		  LEFT JOIN LATERAL (SELECT l.id, l.name FROM est.locality l
							  WHERE l.kommun = m.kommun AND ST_Covers(l.geom, ST_Point(h.x, h.y, 3006))
							  ORDER BY l.area_m2, l.id LIMIT 1) lc ON true
		 WHERE bbox IS NULL OR h.geom && ST_Transform(bbox, 3006)
		 ORDER BY h.cell_id, h.bin DESC;
	END LOOP;
END
$$;

COMMENT ON FUNCTION est._public_hot_cells(char, timestamptz, geometry) IS
'Internal, runs as the extension owner: the public form of est.hot_cells for the latest completed cycle at or before at (now when NULL), for one municipality or (only_kommun NULL) every municipality with a locality in bbox: only the cell polygon (at least 250 m, est.publish_setting.hot_cell_size), the bin 2/3 and its confidence, the locality holding the cell centre and the cycle — never counts, z or points. Used by est.public_hot_cells and est.tile_hotspots.';

REVOKE EXECUTE ON FUNCTION est._public_hot_cells(char, timestamptz, geometry) FROM PUBLIC;

CREATE VIEW est.public_hot_cells AS
SELECT h.id, h.kommun, h.municipality, h.locality_id, h.locality, h.cycle, h.cycle_label, h."time", h.cell_size,
	   h.bin, h.confidence, h.lat, h.lon, h.geom::geometry(Polygon, 3006) AS geom
  FROM est._public_hot_cells(NULL, NULL, NULL) h;

COMMENT ON VIEW est.public_hot_cells IS
'Public: the hot spots of every municipality in its latest completed cycle, generalised to grid cells of at least 250 m (est.hot_cells: Getis-Ord Gi* over the incidents of the last 4 cycles, hot at 95 % or more with at least 8 incidents within 500 m). bin 2 = 95 %, 3 = 99 %. No counts, no points. id is unique (municipality and cell).';

-- ---------------------------------------------------------------------------------------
-- GeoJSON
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.geojson(rows jsonb, geom_column text DEFAULT 'geom', id_column text DEFAULT 'id',
		digits integer DEFAULT 6)
	RETURNS jsonb
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
	SET search_path FROM CURRENT
AS $$
DECLARE
	result jsonb;
BEGIN
	IF digits IS NULL OR digits NOT BETWEEN 0 AND 15 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('geojson: digits must be 0–15, not %s', coalesce(digits::text, 'NULL')),
			HINT = '6 decimal places of a degree are about 0.1 m.';
	END IF;
	IF rows IS NOT NULL AND (jsonb_typeof(rows) <> 'array'
							 OR EXISTS (SELECT 1 FROM jsonb_array_elements(rows) e WHERE jsonb_typeof(e) <> 'object')) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'geojson: rows must be a JSON array of objects',
			HINT = 'Aggregate the rows: SELECT est.geojson(jsonb_agg(t)) FROM (SELECT id, name, geom FROM ...) t.';
	END IF;
	SELECT jsonb_build_object('type', 'FeatureCollection', 'features',
			   coalesce(jsonb_agg(
				   jsonb_strip_nulls(jsonb_build_object('type', 'Feature', 'id', e.doc -> id_column))
				   || jsonb_build_object(
						'geometry', CASE WHEN jsonb_typeof(e.doc -> geom_column) = 'object' THEN
										 ST_AsGeoJSON(ST_Transform(ST_GeomFromGeoJSON(e.doc -> geom_column), 4326), digits)::jsonb
										 WHEN jsonb_typeof(e.doc -> geom_column) = 'string' THEN
										 ST_AsGeoJSON(ST_Transform((e.doc ->> geom_column)::geometry, 4326), digits)::jsonb END,
						'properties', e.doc - geom_column - coalesce(id_column, ''))
				   ORDER BY e.ord), '[]'::jsonb))
	  INTO result
	  FROM jsonb_array_elements(coalesce(rows, '[]')) WITH ORDINALITY AS e (doc, ord);
	RETURN result;
END
$$;

COMMENT ON FUNCTION est.geojson(jsonb, text, text, integer) IS
'Any rows with a geometry as a GeoJSON FeatureCollection (RFC 7946). rows is a JSON array of objects, as jsonb_agg makes it from rows: SELECT est.geojson(jsonb_agg(v)) FROM est.public_hot_cells v WHERE kommun = ''0188''. One Feature per element, in order; geom_column (a geometry, which PostgreSQL turns into GeoJSON with its CRS, or hex EWKB text) is transformed to EPSG:4326 longitude/latitude with digits decimal places (default 6, about 0.1 m); id_column becomes the Feature id; every other key is a property. A geometry without a CRS is taken as EPSG:4326, as GeoJSON defines; a NULL geometry gives "geometry": null; NULL or [] gives an empty collection. 22023 for rows that are not an array of objects or digits outside 0–15. The building block of every GeoJSON function of est.';

CREATE FUNCTION est.geojson_hot_cells(kommun char(4), at timestamptz, cell_size float8 DEFAULT 250,
		distance float8 DEFAULT 500, cycles integer DEFAULT 4, min_count integer DEFAULT 8)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT est.geojson(jsonb_agg(f ORDER BY f.id), 'geom', 'id')
	  FROM (SELECT h.cell_id AS id, geojson_hot_cells.kommun AS kommun, h.area_id, lc.id AS locality_id,
				   lc.name AS locality, h.n, h.neighbourhood_n, round(h.z::numeric, 4) AS z, h.p, h.bin,
				   h.geom
			  FROM est.hot_cells(geojson_hot_cells.kommun, geojson_hot_cells.at, geojson_hot_cells.cell_size,
								 geojson_hot_cells.distance, geojson_hot_cells.cycles, geojson_hot_cells.min_count) h
			  LEFT JOIN LATERAL (SELECT l.id, l.name FROM est.locality l
								  WHERE l.kommun = geojson_hot_cells.kommun AND ST_Covers(l.geom, ST_Point(h.x, h.y, 3006))
								  ORDER BY l.area_m2, l.id LIMIT 1) lc ON true) f;
END;

COMMENT ON FUNCTION est.geojson_hot_cells(char, timestamptz, float8, float8, integer, integer) IS
'The hot cells of est.hot_cells (same arguments) as a GeoJSON FeatureCollection in EPSG:4326: per cell its id, study area, the smallest locality holding its centre, count n, neighbourhood count, z, p and bin. For analysts (it reads incidents); the public form is est.public_hot_cells.';

CREATE FUNCTION est.geojson_localities(kommun char(4), at timestamptz)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT est.geojson(jsonb_agg(f ORDER BY f.id), 'geom', 'id')
	  FROM (SELECT l.id, l.kommun, l.name, l.kind, l.parent_id, c.label AS cycle, a.decided_grade AS grade,
				   s.label_sv, s.label_en, s.colour, a.decided_at, l.geom
			  FROM est.locality l
			 CROSS JOIN est.cycle(geojson_localities.kommun, geojson_localities.at) c
			  LEFT JOIN est.assessment a ON a.kommun = l.kommun AND a.locality_id = l.id
					AND a.cycle = tstzrange(c.starts, c.ends, '[)')
					AND NOT EXISTS (SELECT 1 FROM est.assessment b WHERE b.kommun = a.kommun AND b.supersedes = a.id)
			  LEFT JOIN est.grade_scale(geojson_localities.kommun) s ON s.grade = a.decided_grade
			 WHERE l.kommun = geojson_localities.kommun) f;
END;

COMMENT ON FUNCTION est.geojson_localities(char, timestamptz) IS
'The localities of the municipality as a GeoJSON FeatureCollection in EPSG:4326, each with the grade decided for the cycle containing at (NULL when none), its label and colour: the map of a situation picture. Shows what the caller may see; 22023 for an unknown municipality.';

-- ---------------------------------------------------------------------------------------
-- vector tiles (pg_tileserv and martin function sources)
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est._tile_bbox(z integer, x integer, y integer, margin float8 DEFAULT 0)
	RETURNS geometry
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path FROM CURRENT
AS $$
DECLARE
	tile geometry;
	area geometry;
BEGIN
	IF z NOT BETWEEN 0 AND 30 OR x < 0 OR y < 0 OR x >= (2::bigint ^ z) OR y >= (2::bigint ^ z) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('tile %s/%s/%s does not exist', z, x, y),
			HINT = 'z is 0–30 and x, y are 0 .. 2^z - 1 (XYZ tiling, y from the north).';
	END IF;
	tile := ST_TileEnvelope(z, x, y, margin => margin);
	-- transform only the part over the area SWEREF 99 TM is defined for (EPSG:3006 area of
	-- use, 10.03–24.17 E, 54.96–69.07 N, widened a little): a world tile would not transform
	area := ST_Intersection(tile, ST_Transform(ST_MakeEnvelope(9, 54, 25.5, 70, 4326), 3857));
	IF ST_IsEmpty(area) THEN
		RETURN NULL;
	END IF;
	RETURN ST_Envelope(ST_Transform(ST_Segmentize(area, ST_Perimeter(area) / 64), 3006));
END
$$;

COMMENT ON FUNCTION est._tile_bbox(integer, integer, integer, float8) IS
'Internal: the bounding box in SWEREF 99 TM (EPSG:3006) of the web-mercator tile z/x/y widened by margin (a fraction of the tile), clipped to Sweden''s surroundings; NULL when the tile is elsewhere. 22023 for a tile that does not exist.';

CREATE FUNCTION est.tile_hotspots(z integer, x integer, y integer, kommun char(4) DEFAULT NULL,
		at timestamptz DEFAULT NULL)
	RETURNS bytea
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT coalesce((
		SELECT ST_AsMVT(t.*, 'hotspots', 4096, 'geom', 'id')
		  FROM (SELECT h.id, h.kommun, h.municipality, h.locality, h.cycle_label, h.bin, h.confidence, h.cell_size,
					   ST_AsMVTGeom(ST_Transform(h.geom, 3857), ST_TileEnvelope(tile_hotspots.z, tile_hotspots.x, tile_hotspots.y),
									4096, 64, true) AS geom
				  FROM est._public_hot_cells(tile_hotspots.kommun, tile_hotspots.at,
											 est._tile_bbox(tile_hotspots.z, tile_hotspots.x, tile_hotspots.y, 64.0 / 4096)) h
				 WHERE est._tile_bbox(tile_hotspots.z, tile_hotspots.x, tile_hotspots.y, 64.0 / 4096) IS NOT NULL) t
		 WHERE t.geom IS NOT NULL), ''::bytea);
END;

COMMENT ON FUNCTION est.tile_hotspots(integer, integer, integer, char, timestamptz) IS
'Public hot spots as a Mapbox vector tile (EPSG:3857, extent 4096, buffer 64), layer "hotspots": the generalised cells of est.public_hot_cells (at least 250 m) with id, kommun, municipality, locality, cycle_label, bin (2 = 95 %, 3 = 99 %), confidence and cell_size. kommun limits it to one municipality; at picks the latest completed cycle at or before it (default now). A pg_tileserv / martin function source: /est.tile_hotspots/{z}/{x}/{y}.pbf?kommun=0188.';

CREATE FUNCTION est.tile_incidents(z integer, x integer, y integer, kommun char(4) DEFAULT NULL,
		since timestamptz DEFAULT NULL, until timestamptz DEFAULT NULL, category text DEFAULT NULL)
	RETURNS bytea
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT coalesce((
		SELECT ST_AsMVT(t.*, 'incidents', 4096, 'geom', 'id')
		  FROM (SELECT i.id, i.kommun, i.category, coalesce(c.parent, c.code) AS main_category, i.severity,
					   i.suspected, i.source, lower(i.occurred) AS starts, upper(i.occurred) AS ends,
					   i.locality_id, i.location_precision,
					   ST_AsMVTGeom(ST_Transform(i.geom, 3857), ST_TileEnvelope(tile_incidents.z, tile_incidents.x, tile_incidents.y),
									4096, 64, true) AS geom
				  FROM est.incident i
				  JOIN est.category c ON c.code = i.category
				 WHERE i.geom && est._tile_bbox(tile_incidents.z, tile_incidents.x, tile_incidents.y, 64.0 / 4096)
				   AND i.review_status = 'approved'
				   AND (tile_incidents.kommun IS NULL OR i.kommun = tile_incidents.kommun)
				   AND (tile_incidents.since IS NULL OR upper(i.occurred) >= tile_incidents.since)
				   AND (tile_incidents.until IS NULL OR lower(i.occurred) < tile_incidents.until)
				   AND (tile_incidents.category IS NULL OR i.category = tile_incidents.category
						OR c.parent = tile_incidents.category)) t
		 WHERE t.geom IS NOT NULL), ''::bytea);
END;

COMMENT ON FUNCTION est.tile_incidents(integer, integer, integer, char, timestamptz, timestamptz, text) IS
'Incidents as points in a Mapbox vector tile (EPSG:3857, extent 4096, buffer 64), layer "incidents": id, kommun, category, main_category, severity, suspected, source, starts, ends, locality_id, location_precision — never the description or the reporter. Approved incidents the caller may see (row-level security), optionally of one municipality, overlapping [since, until) and of a category or its subcategories. For analysts only: not executable by est_public. A pg_tileserv / martin function source.';

-- ---------------------------------------------------------------------------------------
-- the situation picture and the hotspot list as GeoJSON, and the published lägesbild
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est.geojson_situation_picture(kommun char(4), at timestamptz)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT est.geojson(jsonb_agg(f ORDER BY f.id), 'geom', 'id')
	  FROM (SELECT p.id, p.kommun, p.locality_id, p.locality, p.kind, p.parent_id, lower(p.cycle) AS cycle_start,
				   upper(p.cycle) AS cycle_end, p.incidents, p.incidents_prev, p.incidents_last_year,
				   round(p.baseline::numeric, 3) AS baseline, p.change_p, p.trend_direction, p.hot_cells, p.emerging,
				   p.police, p.coverage, p.coverage_caveat, p.suggested_grade, p.suggested_colour, p.reasons,
				   p.decided_grade, p.decided_colour, p.grade_change, p.open_actions, p.overdue_actions, p.geom
			  FROM est.situation_picture p
			 WHERE p.kommun = geojson_situation_picture.kommun AND p.cycle @> geojson_situation_picture.at) f;
END;

COMMENT ON FUNCTION est.geojson_situation_picture(char, timestamptz) IS
'The situation picture of the cycle containing at (est.situation_picture, as refreshed) as a GeoJSON FeatureCollection in EPSG:4326: one Feature per locality with counts, change, trend, hot cells, emerging patterns, coverage, suggested and decided grade with colours, grade change and actions. For analysts; an empty collection when the cycle is not refreshed.';

CREATE FUNCTION est.geojson_hotspot_list(kommun char(4), at timestamptz)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT est.geojson(jsonb_agg(f ORDER BY f.rank), 'geom', 'id')
	  FROM (SELECT h.id, h.kommun, h.rank, h.name, h.locality_id, h.status, h.hot_now, lower(h.first_seen) AS first_seen,
				   lower(h.last_seen) AS last_seen, h.cycles_active, h.emerging, h.categories, h.places, h.incidents,
				   h.incidents_now, h.trend_direction, h.cells, round(h.area_m2) AS area_m2, h.geom
			  FROM est.hotspot_list h
			 WHERE h.kommun = geojson_hotspot_list.kommun AND h.cycle @> geojson_hotspot_list.at) f;
END;

COMMENT ON FUNCTION est.geojson_hotspot_list(char, timestamptz) IS
'The hotspot list of the cycle containing at (est.hotspot_list, as refreshed) as a GeoJSON FeatureCollection in EPSG:4326: one Feature per hotspot area (merged 250 m cells) with name, status, first and last cycle seen, emerging pattern, dominant categories, place names and trend. For analysts: the areas are cell-exact.';

CREATE FUNCTION est._html(t text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN replace(replace(replace(replace(replace(t, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');

COMMENT ON FUNCTION est._html(text) IS 'Text escaped for HTML element content and attribute values (& < > " '').';

CREATE FUNCTION est.report(kommun char(4), at timestamptz, format text DEFAULT 'markdown', language text DEFAULT 'sv')
	RETURNS text
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path FROM CURRENT
	SET jit = off
AS $$
DECLARE
	m est.municipality;
	c est.cycle_period;
	sv boolean;
	doc jsonb;
	t jsonb;
	h jsonb;
	a jsonb;
	out text := '';
	threshold integer;
BEGIN
	IF format IS NULL OR format NOT IN ('markdown', 'html', 'json') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('report: unknown format "%s"', left(coalesce(format, 'NULL'), 40)),
			HINT = 'markdown (default), html or json.';
	END IF;
	IF language IS NULL OR language NOT IN ('sv', 'en') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('report: unknown language "%s"', left(coalesce(language, 'NULL'), 40)),
			HINT = 'sv (Swedish, default) or en (English).';
	END IF;
	m := est._municipality(kommun, 'report');
	c := est.cycle(kommun, at);
	sv := language = 'sv';
	threshold := coalesce((SELECT ps.suppress_below FROM est.publish_setting ps WHERE ps.kommun = m.kommun), 3);
	IF NOT EXISTS (SELECT 1 FROM est.picture_store ps WHERE ps.kommun = m.kommun AND ps.cycle = tstzrange(c.starts, c.ends, '[)')) THEN
		RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
			MESSAGE = format('report: the situation picture of %s for cycle %s is not refreshed', m.kommun, c.label),
			HINT = format('SELECT est.refresh_picture(%L, %L) first.', m.kommun, c.starts);
	END IF;

	-- the document, public-safe: decided grades only, no counts below the suppression threshold
	-- (counts are the suppressed ones of est.public_counts), no free text, no points
	SELECT jsonb_build_object(
		'kommun', m.kommun, 'municipality', m.name, 'language', language, 'cycle', c.label,
		'cycle_start', c.starts, 'cycle_end', c.ends, 'suppress_below', threshold,
		'localities', coalesce(jsonb_agg(jsonb_build_object(
			'locality', p.locality,
			'grade', d.grade, 'grade_label', CASE WHEN sv THEN g.label_sv ELSE g.label_en END, 'colour', g.colour,
			'grade_change', CASE WHEN d.grade IS NOT NULL THEN p.grade_change END,
			'incidents', pc.incidents, 'incidents_suppressed', coalesce(pc.suppressed, false),
			'trend', p.trend_direction,
			'more_than_usual', (SELECT coalesce(jsonb_agg(CASE WHEN sv THEN cat.label_sv ELSE cat.label_en END ORDER BY k.key), '[]')
								  FROM jsonb_each(p.categories) k JOIN est.category cat ON cat.code = k.key
								 WHERE (k.value->>'p')::float8 < 0.05 AND (k.value->>'n')::int >= threshold),
			'hotspots', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', hl.name, 'status', hl.status,
									'since', (lower(hl.first_seen) AT TIME ZONE m.time_zone)::date, 'emerging', hl.emerging)
									ORDER BY hl.rank), '[]')
						   FROM est.hotspot_list hl
						  WHERE hl.kommun = m.kommun AND hl.cycle = p.cycle AND hl.status IN ('new', 'persistent', 'fading')
							AND hl.locality_id IN (SELECT x FROM est.picture_store s2, unnest(s2.subtree) x
													WHERE s2.kommun = m.kommun AND s2.cycle = p.cycle AND s2.locality_id = p.locality_id)),
			'actions', (SELECT coalesce(jsonb_agg(jsonb_build_object('description', ac.description, 'status', aa.status,
									'started', aa.started, 'due', aa.due, 'overdue', aa.overdue) ORDER BY aa.due NULLS LAST, aa.action_id), '[]')
						  FROM est.actions_at(m.kommun, c.ends) aa JOIN est.action ac ON ac.kommun = aa.kommun AND ac.id = aa.action_id
						 WHERE aa.open AND aa.locality_id IN (SELECT x FROM est.picture_store s2, unnest(s2.subtree) x
													WHERE s2.kommun = m.kommun AND s2.cycle = p.cycle AND s2.locality_id = p.locality_id)))
			ORDER BY p.locality), '[]'))
	  INTO doc
	  FROM est.situation_picture p
	  LEFT JOIN est.current_assessment d ON d.kommun = p.kommun AND d.locality_id = p.locality_id AND d.cycle = p.cycle
	  LEFT JOIN est.grade_scale(m.kommun) g ON g.grade = d.grade
	  LEFT JOIN (SELECT v.locality_id, v.incidents, v.suppressed FROM est.public_counts v
				  WHERE v.kommun = m.kommun AND v."time" = c.starts AND v.category = 'total') pc ON pc.locality_id = p.locality_id
	 WHERE p.kommun = m.kommun AND p.cycle = tstzrange(c.starts, c.ends, '[)') AND p.kind = 'tätort';

	IF format = 'json' THEN
		RETURN jsonb_pretty(doc);
	END IF;

	-- markdown and html from the same document
	IF format = 'html' THEN
		out := format('<article class="est-report" lang="%s">', language) || E'\n'
			|| format('<h1>%s %s</h1>', CASE WHEN sv THEN 'Lägesbild' ELSE 'Situation picture' END, est._html(m.name)) || E'\n'
			|| format('<p>%s %s (%s – %s)</p>', CASE WHEN sv THEN 'Vecka' ELSE 'Cycle' END, est._html(c.label),
					  to_char(c.starts AT TIME ZONE m.time_zone, 'YYYY-MM-DD HH24:MI'), to_char(c.ends AT TIME ZONE m.time_zone, 'YYYY-MM-DD HH24:MI')) || E'\n';
	ELSE
		out := format('# %s %s', CASE WHEN sv THEN 'Lägesbild' ELSE 'Situation picture' END, m.name) || E'\n\n'
			|| format('%s %s (%s – %s)', CASE WHEN sv THEN 'Vecka' ELSE 'Cycle' END, c.label,
					  to_char(c.starts AT TIME ZONE m.time_zone, 'YYYY-MM-DD HH24:MI'), to_char(c.ends AT TIME ZONE m.time_zone, 'YYYY-MM-DD HH24:MI')) || E'\n';
	END IF;
	FOR t IN SELECT x FROM jsonb_array_elements(doc->'localities') x LOOP
		DECLARE
			grade_text text := CASE WHEN t->>'grade' IS NULL
									THEN CASE WHEN sv THEN 'ingen bedömning beslutad' ELSE 'no grade decided' END
									ELSE (t->>'grade') || ' – ' || (t->>'grade_label') END;
			change_text text := CASE t->>'grade_change'
									WHEN 'up' THEN CASE WHEN sv THEN ', höjd sedan förra veckan' ELSE ', raised since the last cycle' END
									WHEN 'down' THEN CASE WHEN sv THEN ', sänkt sedan förra veckan' ELSE ', lowered since the last cycle' END
									ELSE '' END;
			count_text text := CASE WHEN (t->>'incidents_suppressed')::boolean
									THEN CASE WHEN sv THEN 'antalet händelser visas inte (små tal skyddas)'
											  ELSE 'the number of incidents is withheld (small numbers are protected)' END
									WHEN t->>'incidents' IS NULL THEN CASE WHEN sv THEN 'antal ej publicerat' ELSE 'count not published' END
									ELSE format(CASE WHEN sv THEN '%s rapporterade händelser' ELSE '%s reported incidents' END, t->>'incidents') END;
			trend_text text := CASE t->>'trend'
									WHEN 'increasing' THEN CASE WHEN sv THEN 'ökande trend de senaste veckorna' ELSE 'rising over recent cycles' END
									WHEN 'decreasing' THEN CASE WHEN sv THEN 'minskande trend de senaste veckorna' ELSE 'falling over recent cycles' END
									ELSE NULL END;
			lines text[] := ARRAY[]::text[];
		BEGIN
			lines := lines || (count_text || coalesce('; ' || trend_text, ''));
			IF jsonb_array_length(t->'more_than_usual') > 0 THEN
				lines := lines || ((CASE WHEN sv THEN 'Fler än vanligt: ' ELSE 'More than usual: ' END)
								   || (SELECT string_agg(v, ', ') FROM jsonb_array_elements_text(t->'more_than_usual') v));
			END IF;
			FOR h IN SELECT x FROM jsonb_array_elements(t->'hotspots') x LOOP
				lines := lines || format('%s: %s (%s %s %s)', CASE WHEN sv THEN 'Särskilt utsatt plats' ELSE 'Hotspot' END,
					h->>'name',
					CASE h->>'status' WHEN 'new' THEN CASE WHEN sv THEN 'ny' ELSE 'new' END
									  WHEN 'persistent' THEN CASE WHEN sv THEN 'kvarstår' ELSE 'persistent' END
									  ELSE CASE WHEN sv THEN 'avtar' ELSE 'fading' END END,
					CASE WHEN sv THEN 'sedan' ELSE 'since' END, h->>'since');
			END LOOP;
			FOR a IN SELECT x FROM jsonb_array_elements(t->'actions') x LOOP
				lines := lines || format('%s: %s (%s%s)', CASE WHEN sv THEN 'Insats' ELSE 'Action' END, a->>'description',
					CASE WHEN a->>'due' IS NOT NULL THEN (CASE WHEN sv THEN 'klar senast ' ELSE 'due ' END) || (a->>'due') ELSE '' END,
					CASE WHEN (a->>'overdue')::boolean THEN CASE WHEN sv THEN ', försenad' ELSE ', overdue' END ELSE '' END);
			END LOOP;
			IF format = 'html' THEN
				out := out || format('<section><h2><span class="grade" style="background:%s">%s</span> %s</h2>',
									 est._html(coalesce(t->>'colour', '#9E9E9E')), est._html(coalesce(t->>'grade', '–')),
									 est._html(t->>'locality')) || E'\n'
					|| format('<p>%s%s</p>', est._html(grade_text), est._html(change_text)) || E'\n<ul>\n'
					|| (SELECT coalesce(string_agg(format('<li>%s</li>', est._html(l)), E'\n'), '') FROM unnest(lines) l)
					|| E'\n</ul></section>\n';
			ELSE
				out := out || E'\n' || format('## %s — %s%s', t->>'locality', grade_text, change_text) || E'\n\n'
					|| (SELECT string_agg('- ' || replace(replace(l, '*', '\*'), '_', '\_'), E'\n') FROM unnest(lines) l) || E'\n';
			END IF;
		END;
	END LOOP;
	IF format = 'html' THEN
		out := out || format('<p class="note">%s</p>', est._html(CASE WHEN sv
			THEN format('Källa: EST-rapportering i %s. Antal under %s visas inte, inte heller sådana som kan räknas fram ur andra.', m.name, threshold)
			ELSE format('Source: EST reporting in %s. Counts below %s are not shown, nor any that could be worked out from others.', m.name, threshold) END))
			|| E'\n</article>';
	ELSE
		out := out || E'\n' || CASE WHEN sv
			THEN format('*Källa: EST-rapportering i %s. Antal under %s visas inte, inte heller sådana som kan räknas fram ur andra.*', m.name, threshold)
			ELSE format('*Source: EST reporting in %s. Counts below %s are not shown, nor any that could be worked out from others.*', m.name, threshold) END || E'\n';
	END IF;
	RETURN out;
END
$$;

COMMENT ON FUNCTION est.report(char, timestamptz, text, text) IS
'The published lägesbild of the cycle containing at, the document a coordinator posts on the municipality''s website: per tätort the decided grade with its label and colour (suggestions are not published), the change since the last cycle, the number of reported incidents as est.public_counts publishes it (suppressed below the threshold and wherever it could be worked out), the trend, the categories significantly above their baseline (exact Poisson test, p < 0.05, with at least the threshold count), the hotspots that are new, persistent or fading (named areas, no cells or points) and the open actions. format: markdown (default), html (escaped, one <article>) or json (the document itself); language: sv (default) or en. Needs the cycle''s picture refreshed (55000 otherwise).';

-- ---------------------------------------------------------------------------------------
-- tenancy, privileges, pg_dump
-- ---------------------------------------------------------------------------------------

SELECT est._tenant_isolation('est.publish_setting');

GRANT SELECT ON est.publish_setting TO est_analyst;
GRANT INSERT, UPDATE, DELETE ON est.publish_setting TO est_admin;

GRANT SELECT ON est.public_counts, est.public_assessments, est.public_hot_cells
	TO est_public, est_reporter;
GRANT EXECUTE ON FUNCTION est._public_hot_cells(char, timestamptz, geometry) TO est_public, est_reporter;

REVOKE EXECUTE ON FUNCTION est.tile_incidents(integer, integer, integer, char, timestamptz, timestamptz, text),
	est.geojson_hot_cells(char, timestamptz, float8, float8, integer, integer),
	est.geojson_localities(char, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION est.tile_incidents(integer, integer, integer, char, timestamptz, timestamptz, text),
	est.geojson_hot_cells(char, timestamptz, float8, float8, integer, integer),
	est.geojson_localities(char, timestamptz) TO est_analyst;
REVOKE EXECUTE ON FUNCTION est.geojson_situation_picture(char, timestamptz), est.geojson_hotspot_list(char, timestamptz),
	est.report(char, timestamptz, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION est.geojson_situation_picture(char, timestamptz), est.geojson_hotspot_list(char, timestamptz),
	est.report(char, timestamptz, text, text) TO est_analyst;

SELECT pg_catalog.pg_extension_config_dump('est.publish_setting', '');
