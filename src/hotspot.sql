-- hotspot module (part): Getis–Ord Gi* over a cube and over areal units, the Gi* z from
-- sufficient statistics, and the Benjamini–Hochberg cut-off.  C in src/hotspot.c,
-- src/core/gistar.c and src/core/fdr.c; documentation in docs/hotspot.md.

CREATE FUNCTION est.gistar_z(local_sum float8, weight_sum float8, weight_sq_sum float8,
		n bigint, mean float8, sd float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'gistar_z_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.gistar_z(float8, float8, float8, bigint, float8, float8) IS
	'Getis–Ord Gi* z from its sufficient statistics: (local_sum - mean * weight_sum) / (sd * sqrt((n * weight_sq_sum - weight_sum^2) / (n - 1))), sums over the neighbours including the unit itself, population sd; NULL when undefined (sd = 0, n < 2, or a neighbourhood of the whole area).';

CREATE FUNCTION est.fdr_cutoff(p float8[], alpha float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'fdr_cutoff_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.fdr_cutoff(float8[], float8) IS
	'Benjamini–Hochberg step-up cut-off p*(alpha) = largest sorted p_(k) with p_(k) <= k * alpha / n over the non-NULL p; a unit is significant iff p <= p*; NULL when none qualifies.';

CREATE FUNCTION est._mask_cells(c est.cube, wkb bytea, srid integer) RETURNS bigint[]
	AS 'MODULE_PATHNAME', 'mask_cells_c' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est._mask_cells(est.cube, bytea, integer) IS
	'The cells of the cube''s grid whose centre a mask given as WKB (Polygon, MultiPolygon or a collection of them) covers, boundary included, after checking its SRID and est.max_cells (used by est.mask_cells).';

CREATE FUNCTION est.mask_cells(c est.cube, mask geometry) RETURNS bigint[]
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT est._mask_cells(c, ST_AsBinary(mask), ST_SRID(mask));
END;
COMMENT ON FUNCTION est.mask_cells(est.cube, geometry) IS
	'The study area of a mask on the cube''s grid: ids of every cell whose centre lies in the mask (boundary included, as ST_Covers), whether it holds points or not, sorted by row and column. The mask must be a Polygon or MultiPolygon (or a collection of them) in the cube''s SRID.';

CREATE FUNCTION est._gistar(c est.cube, distance float8, mask_cells bigint[], fdr boolean,
		OUT cell_id bigint, OUT step integer, OUT x float8, OUT y float8, OUT n float8,
		OUT z float8, OUT p float8, OUT bin integer)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'gistar_cells' LANGUAGE C STABLE PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION est._gistar(est.cube, float8, bigint[], boolean) IS
	'Gi* per study-area cell and step without geometry (used by est.gistar); mask_cells NULL = the cube''s extent.';

CREATE FUNCTION est._gistar_params(c est.cube, distance float8, mask_cells bigint[], fdr boolean,
		OUT step integer, OUT step_start timestamptz, OUT cell_size float8, OUT distance_used float8,
		OUT cells bigint, OUT mean float8, OUT sd float8, OUT max_neighbours integer,
		OUT fdr_used boolean, OUT cutoff_90 float8, OUT cutoff_95 float8, OUT cutoff_99 float8,
		OUT defined boolean, OUT note text)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'gistar_params' LANGUAGE C STABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION est._gistar_params(est.cube, float8, bigint[], boolean) IS
	'Per-step parameters of a Gi* run without geometry (used by est.gistar_params).';

CREATE FUNCTION est.gistar(c est.cube, distance float8, mask geometry DEFAULT NULL,
		fdr boolean DEFAULT true)
	RETURNS TABLE (cell_id bigint, step integer, x float8, y float8, geom geometry, n float8,
				   z float8, p float8, bin integer)
	-- C (src/hotspot.c, gistar_geom): the rows of est._gistar with each cell's square from
	-- ST_MakeEnvelope and the mask through est.mask_cells, without a SQL function's second
	-- materialisation of every row
	AS 'MODULE_PATHNAME', 'gistar_geom' LANGUAGE C STABLE PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION est.gistar(est.cube, float8, geometry, boolean) IS
	'Getis–Ord Gi* per study-area cell and time step: binary weights for cells whose centres are within distance (inclusive, self included), mean and population sd over the study area (every cell of the cube''s extent, or every cell whose centre is in mask, zero cells included), two-sided normal p, bin -3..3 at 99/95/90 % (Benjamini–Hochberg over the step''s cells when fdr). z, p and bin are NULL where Gi* is undefined (see est.gistar_params).';

CREATE FUNCTION est.gistar_params(c est.cube, distance float8, mask geometry DEFAULT NULL,
		fdr boolean DEFAULT true)
	RETURNS TABLE (step integer, step_start timestamptz, cell_size float8, distance float8,
				   cells bigint, mean float8, sd float8, max_neighbours integer, fdr boolean,
				   cutoff_90 float8, cutoff_95 float8, cutoff_99 float8, defined boolean,
				   note text)
	LANGUAGE sql STABLE PARALLEL SAFE ROWS 10
BEGIN ATOMIC
	SELECT g.* FROM est._gistar_params(c, distance,
					CASE WHEN mask IS NOT NULL THEN est.mask_cells(c, mask) END,
					coalesce(fdr, true)) g;
END;
COMMENT ON FUNCTION est.gistar_params(est.cube, float8, geometry, boolean) IS
	'The parameters behind est.gistar with the same arguments, per step: cell size, distance, study-area cells n, mean, population sd, largest neighbourhood, whether FDR was applied, the p cut-offs of bins 1/2/3, and why z is NULL when Gi* is undefined.';

CREATE FUNCTION est.gistar_p(z float8) RETURNS float8
	AS 'MODULE_PATHNAME', 'gistar_p_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.gistar_p(float8) IS
	'Two-sided normal p-value of a z-score: 2 (1 - Phi(|z|)), computed as erfc(|z| / sqrt 2).';

CREATE FUNCTION est.gistar_areal(ids bigint[], vals float8[], geoms geometry[],
		neighbours text DEFAULT 'queen', distance float8 DEFAULT NULL, fdr boolean DEFAULT true)
	RETURNS TABLE (id bigint, value float8, neighbour_count integer, z float8, p float8,
				   bin integer)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path FROM CURRENT
AS $$
BEGIN
	IF ids IS NULL OR vals IS NULL OR geoms IS NULL
		OR cardinality(ids) <> cardinality(vals) OR cardinality(ids) <> cardinality(geoms) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'ids, vals and geoms must be arrays of the same length',
			HINT = 'Aggregate the three in one query: array_agg(id ORDER BY id), array_agg(value ORDER BY id), array_agg(geom ORDER BY id).';
	END IF;
	IF EXISTS (SELECT 1 FROM unnest(ids, vals, geoms) u(i, v, g) WHERE i IS NULL OR v IS NULL OR g IS NULL
			   OR v = 'NaN'::float8 OR v IN ('Infinity', '-Infinity')) THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'ids, vals and geoms must not hold NULL (and vals no NaN or infinity)',
			HINT = 'Give every unit an id, a value (0 for none) and a polygon.';
	END IF;
	IF (SELECT count(DISTINCT i) FROM unnest(ids) i) <> cardinality(ids) THEN
		RAISE EXCEPTION USING ERRCODE = 'unique_violation',
			MESSAGE = 'ids must be unique', HINT = 'Give every areal unit its own id.';
	END IF;
	IF (SELECT count(DISTINCT ST_SRID(g)) FROM unnest(geoms) g) > 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'geoms have mixed SRIDs', HINT = 'Transform every polygon to one coordinate system.';
	END IF;
	IF neighbours IS NULL OR neighbours NOT IN ('queen', 'distance') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('neighbours must be ''queen'' or ''distance'', not %L', neighbours),
			HINT = 'queen: units that share at least a boundary point; distance: centroids within distance.';
	END IF;
	IF neighbours = 'distance' AND (distance IS NULL OR NOT distance >= 0 OR distance = 'Infinity') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('neighbours ''distance'' needs a non-negative finite distance, not %s', coalesce(distance::text, 'NULL')),
			HINT = 'Give the band in CRS units, e.g. distance => 1000.';
	END IF;
	RETURN QUERY
	WITH u AS (
		SELECT t.i, t.v, t.g, ST_Centroid(t.g) AS c FROM unnest(ids, vals, geoms) t(i, v, g)
	), m AS (
		SELECT count(*) AS cnt, avg(u.v) AS mean FROM u
	), s AS (
		SELECT m.cnt, m.mean, sqrt(sum((u.v - m.mean) ^ 2) / m.cnt) AS sd FROM u, m GROUP BY m.cnt, m.mean
	), nb AS (
		SELECT a.i, a.v, sum(b.v) AS ls, count(*)::float8 AS w
		  FROM u a JOIN u b
			ON a.i = b.i
			OR (neighbours = 'queen' AND ST_Intersects(a.g, b.g))
			OR (neighbours = 'distance' AND ST_DWithin(a.c, b.c, distance))
		 GROUP BY a.i, a.v
	), zz AS (
		SELECT nb.i, nb.v, nb.w, est.gistar_z(nb.ls, nb.w, nb.w, s.cnt, s.mean, s.sd) AS z FROM nb, s
	), pp AS (
		SELECT zz.*, est.gistar_p(zz.z) AS p FROM zz
	), cut AS (
		SELECT CASE WHEN fdr THEN est.fdr_cutoff(array_agg(pp.p), 0.10) ELSE 0.10 END AS c90,
			   CASE WHEN fdr THEN est.fdr_cutoff(array_agg(pp.p), 0.05) ELSE 0.05 END AS c95,
			   CASE WHEN fdr THEN est.fdr_cutoff(array_agg(pp.p), 0.01) ELSE 0.01 END AS c99
		  FROM pp
	)
	SELECT pp.i, pp.v, pp.w::integer, pp.z, pp.p,
		   CASE WHEN pp.z IS NULL THEN NULL
				ELSE sign(pp.z)::integer * CASE WHEN pp.p <= cut.c99 THEN 3 WHEN pp.p <= cut.c95 THEN 2
												WHEN pp.p <= cut.c90 THEN 1 ELSE 0 END END
	  FROM pp, cut
	 ORDER BY pp.i;
END;
$$;
COMMENT ON FUNCTION est.gistar_areal(bigint[], float8[], geometry[], text, float8, boolean) IS
	'Getis–Ord Gi* over areal units (ids, values, polygons as parallel arrays) with binary weights: queen contiguity (ST_Intersects: a shared boundary point) or a distance band between centroids, self included; mean and population sd over all units; equals R spdep localG on include.self(nb). Returns per unit the neighbour count (self included), z, two-sided p and bin -3..3 (Benjamini–Hochberg when fdr).';

CREATE FUNCTION est.gistar_areal_params(ids bigint[], vals float8[], geoms geometry[],
		neighbours text DEFAULT 'queen', distance float8 DEFAULT NULL, fdr boolean DEFAULT true)
	RETURNS TABLE (units bigint, mean float8, sd float8, neighbour_rule text, distance_used float8,
				   max_neighbours integer, fdr_used boolean, cutoff_90 float8, cutoff_95 float8,
				   cutoff_99 float8)
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	WITH a AS (SELECT * FROM est.gistar_areal(ids, vals, geoms, neighbours, distance, fdr)),
		 m AS (SELECT count(*) AS units, avg(a.value) AS mean FROM a)
	SELECT m.units, m.mean, (SELECT sqrt(sum((a.value - m.mean) ^ 2) / m.units) FROM a),
		   neighbours, CASE WHEN neighbours = 'distance' THEN distance END,
		   (SELECT max(a.neighbour_count) FROM a), coalesce(fdr, true),
		   CASE WHEN coalesce(fdr, true) THEN (SELECT est.fdr_cutoff(array_agg(a.p), 0.10) FROM a) ELSE 0.10 END,
		   CASE WHEN coalesce(fdr, true) THEN (SELECT est.fdr_cutoff(array_agg(a.p), 0.05) FROM a) ELSE 0.05 END,
		   CASE WHEN coalesce(fdr, true) THEN (SELECT est.fdr_cutoff(array_agg(a.p), 0.01) FROM a) ELSE 0.01 END
	  FROM m;
END;
COMMENT ON FUNCTION est.gistar_areal_params(bigint[], float8[], geometry[], text, float8, boolean) IS
	'The parameters behind est.gistar_areal with the same arguments: number of units, mean and population sd of the values, the neighbour rule and distance, the largest neighbourhood (self included), whether FDR was applied and the p cut-offs of bins 1/2/3 (NULL if nothing passed).';

-- ================================================================ KDE and PAI (branch kde)
-- Kernel density on the cube's cells, and the Predictive Accuracy Index of a hotspot map.
-- C in src/hotspot.c, src/core/kde.c and src/core/pai.c; documentation in docs/hotspot.md.

CREATE FUNCTION est._kde(c est.cube, bandwidth float8, kernel text, scaled boolean,
		OUT cell_id bigint, OUT step integer, OUT step_start timestamptz, OUT x float8,
		OUT y float8, OUT n float8, OUT kde float8)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'kde_cells' LANGUAGE C STABLE PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION est._kde(est.cube, float8, text, boolean) IS
	'Kernel density per cell and step without geometry (used by est.kde).';

CREATE FUNCTION est.kde(c est.cube, bandwidth float8, kernel text DEFAULT 'quartic',
		scaled boolean DEFAULT false)
	RETURNS TABLE (cell_id bigint, step integer, step_start timestamptz, x float8, y float8,
				   geom geometry, n float8, kde float8)
	LANGUAGE sql STABLE PARALLEL SAFE ROWS 10000
BEGIN ATOMIC
	SELECT k.cell_id, k.step, k.step_start, k.x, k.y,
		   ST_MakeEnvelope(k.x - i.cell_size / 2, k.y - i.cell_size / 2,
						   k.x + i.cell_size / 2, k.y + i.cell_size / 2, i.srid),
		   k.n, k.kde
	  FROM est.cube_info(c) i, est._kde(c, bandwidth, kernel, scaled) k;
END;
COMMENT ON FUNCTION est.kde(est.cube, float8, text, boolean) IS
	'Kernel density at the cell centres, per step: sum over the cube''s bins (points binned at their cell centre) of weight × K(d / bandwidth). Kernels quartic (1-u²)², triangular 1-u, uniform 1, epanechnikov 1-u² (u = d/h < 1; uniform u <= 1) and normal exp(-u²/2) (h = sd, truncated at 4h); scaled multiplies by the constant that makes K integrate to 1 (3/(pi h²), 3/(pi h²), 1/(pi h²), 2/(pi h²), 1/(2 pi h²)): a density per CRS unit². Every cell of the cube''s extent grown by the kernel''s reach with kde > 0; n is the cell''s own weight. NOTICE when the bandwidth is below the cell size.';

CREATE FUNCTION est.kde_params(c est.cube, bandwidth float8, kernel text DEFAULT 'quartic',
		scaled boolean DEFAULT false) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'kde_params' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION est.kde_params(est.cube, float8, text, boolean) IS
	'The parameters behind est.kde with the same arguments, as jsonb: kernel and its formula, bandwidth, support (h, or 4h for normal), scaled and the scale constant, cell size, reach in cells, SRID, steps, bins, total weight, the evaluated grid (columns, rows, bounds) and a warning when the cell size exceeds bandwidth / 4.';

CREATE FUNCTION est.pai_from_counts(n_inside float8, n_total float8, area_hotspot float8,
		area_study float8, OUT hit_rate float8, OUT area_share float8, OUT pai float8,
		OUT note text)
	AS 'MODULE_PATHNAME', 'pai_from_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.pai_from_counts(float8, float8, float8, float8) IS
	'Hit rate n_inside / n_total, area share area_hotspot / area_study and PAI = hit rate / area share (Chainey et al. 2008). hit_rate and pai are NULL when n_total = 0, pai when area_hotspot = 0; note says why.';

CREATE FUNCTION est.pai(points geometry[], hotspots geometry, study_area geometry)
	RETURNS TABLE (n_inside bigint, n_total bigint, hit_rate float8, area_hotspot float8,
				   area_study float8, area_share float8, pai float8, note text)
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	SET search_path FROM CURRENT
AS $$
DECLARE
	hs geometry;
	a_hot float8 := 0;
	a_study float8;
	ni bigint;
	nt bigint;
BEGIN
	IF study_area IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'study_area must not be NULL',
			HINT = 'Give the area the hotspots were drawn for, e.g. the municipality outline.';
	END IF;
	IF ST_Dimension(study_area) < 2 OR NOT (ST_Area(study_area) > 0) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('study_area must be a polygon with an area, not %s', GeometryType(study_area)),
			HINT = 'Give the area the hotspots were drawn for, e.g. the municipality outline.';
	END IF;
	IF EXISTS (SELECT 1 FROM spatial_ref_sys s WHERE s.srid = ST_SRID(study_area)
				AND s.proj4text ~ '\+proj=(longlat|latlong)') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('study_area has SRID %s, a geographic (longitude/latitude) coordinate system', ST_SRID(study_area)),
			HINT = 'Areas must be in a projected system: ST_Transform(..., 3006) for SWEREF 99 TM.';
	END IF;
	IF hotspots IS NOT NULL AND ST_SRID(hotspots) <> ST_SRID(study_area)
		OR EXISTS (SELECT 1 FROM unnest(points) p WHERE ST_SRID(p) <> ST_SRID(study_area)) THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('points, hotspots and study_area must have the same SRID (study_area has %s)', ST_SRID(study_area)),
			HINT = 'Transform them to one projected system, e.g. ST_Transform(geom, 3006).';
	END IF;
	IF EXISTS (SELECT 1 FROM unnest(points) p WHERE GeometryType(p) <> 'POINT') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = 'points must hold points only',
			HINT = 'Pass the incidents'' locations: array_agg(geom).';
	END IF;
	IF hotspots IS NOT NULL AND NOT ST_IsEmpty(hotspots) THEN
		IF ST_Dimension(hotspots) < 2 THEN
			RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
				MESSAGE = format('hotspots must be polygons, not %s', GeometryType(hotspots)),
				HINT = 'Pass the hot areas, e.g. ST_Union(geom) of the hot cells of est.gistar.';
		END IF;
		-- overlapping hotspots count once; clipped to the study area
		hs := ST_CollectionExtract(ST_Intersection(ST_UnaryUnion(ST_CollectionExtract(hotspots, 3)), study_area), 3);
		a_hot := ST_Area(hs);
	END IF;
	a_study := ST_Area(study_area);
	SELECT count(*) FILTER (WHERE ST_Covers(study_area, p)),
		   count(*) FILTER (WHERE ST_Covers(study_area, p) AND hs IS NOT NULL AND ST_Covers(hs, p))
	  INTO nt, ni
	  FROM unnest(points) p
	 WHERE p IS NOT NULL;
	RETURN QUERY
	SELECT ni, nt, r.hit_rate, a_hot, a_study, r.area_share, r.pai, r.note
	  FROM est.pai_from_counts(ni, nt, a_hot, a_study) r;
END;
$$;
COMMENT ON FUNCTION est.pai(geometry[], geometry, geometry) IS
	'Predictive Accuracy Index of a hotspot map (Chainey et al. 2008): of the later incidents (points) covered by study_area (N = n_total; points outside it and NULLs are not counted), n_inside fall in the hotspots (polygons, overlaps dissolved, clipped to study_area); hit_rate = n/N, area_share = a/A (areas in CRS units²), pai = hit_rate / area_share. NULL hotspots means none. hit_rate and pai are NULL without incidents, pai when the hotspots cover none of the study area; note says why.';

CREATE FUNCTION est.pai_cells(hot_cells bigint[], cell_size float8, c est.cube,
		study_cells bigint[], OUT n_inside float8, OUT n_total float8, OUT hit_rate float8,
		OUT area_hotspot float8, OUT area_study float8, OUT area_share float8, OUT pai float8,
		OUT note text)
	AS 'MODULE_PATHNAME', 'pai_cells' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION est.pai_cells(bigint[], float8, est.cube, bigint[]) IS
	'PAI with the hotspots and the study area as grid cells (est.cell_id ids of cell_size): n_total = weight of the later cube c (all steps) in study_cells, n_inside = its weight in the hot cells of the study area, areas = cells × cell_size². hot_cells NULL = none, c NULL = no incidents; repeated ids count once; c must have cell_size.';

-- ================================================================ emerging hot spots (EHSA)
-- Esri's Emerging Hot Spot Analysis over an est.cube: space-time Gi* per bin (location × step),
-- Benjamini–Hochberg bins over all analysed bins, Mann–Kendall on each location's z series and
-- the 17 patterns.  C in src/hotspot.c (glue) and src/core/ehsa.c; docs/hotspot.md, "Emerging
-- hot spots".

CREATE FUNCTION est._cube_locations(c est.cube, srid integer, OUT cell_id bigint, OUT x float8,
		OUT y float8)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'ehsa_cube_locations_c' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION est._cube_locations(est.cube, integer) IS
	'The distinct cells of a cube that hold a point in some step (id and centre), after checking that a mask in SRID srid matches the cube (used by est._ehsa_mask_cells).';

CREATE FUNCTION est._ehsa_mask_cells(c est.cube, mask geometry) RETURNS bigint[]
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT coalesce(array_agg(l.cell_id ORDER BY l.cell_id), '{}')
	  FROM est._cube_locations(c, ST_SRID(mask)) l
	 WHERE ST_Intersects(mask, ST_Point(l.x, l.y, ST_SRID(mask)));
END;
COMMENT ON FUNCTION est._ehsa_mask_cells(est.cube, geometry) IS
	'The analysed locations of an emerging hot spot analysis with a mask: ids of the cells with a point in some step whose centre lies in the mask (boundary included).';

CREATE FUNCTION est._emerging(c est.cube, distance float8, time_steps integer, mask_cells bigint[],
		global_window text, alpha float8, patterns_only boolean DEFAULT false,
		OUT cell_id bigint, OUT x float8, OUT y float8, OUT category text, OUT trend_z float8,
		OUT trend_p float8, OUT hot_steps integer, OUT cold_steps integer, OUT final_z float8,
		OUT final_bin integer)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'ehsa_locations_c' LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION est._emerging(est.cube, float8, integer, bigint[], text, float8, boolean) IS
	'Emerging hot spots per location without geometry (used by est.emerging_hotspots); mask_cells NULL = every cell with a point; patterns_only: only the locations with a pattern (category other than no pattern detected), the same values, with the trend test run only for them (used by est.emerging_cells).';

CREATE FUNCTION est._emerging_bins(c est.cube, distance float8, time_steps integer,
		mask_cells bigint[], global_window text, alpha float8,
		OUT cell_id bigint, OUT step integer, OUT step_start timestamptz, OUT x float8,
		OUT y float8, OUT n float8, OUT z float8, OUT p float8, OUT bin integer)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'ehsa_bins_c' LANGUAGE C STABLE PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION est._emerging_bins(est.cube, float8, integer, bigint[], text, float8) IS
	'The space-time Gi* of every analysed bin (used by est.emerging_hotspot_bins).';

CREATE FUNCTION est._emerging_params(c est.cube, distance float8, time_steps integer,
		mask_cells bigint[], global_window text, alpha float8,
		OUT locations bigint, OUT steps integer, OUT bins bigint, OUT tested bigint,
		OUT max_neighbours integer, OUT window_n float8[], OUT window_mean float8[],
		OUT window_sd float8[], OUT cutoff_90 float8, OUT cutoff_95 float8, OUT cutoff_99 float8,
		OUT category text[], OUT category_count bigint[], OUT first_step integer)
	AS 'MODULE_PATHNAME', 'ehsa_params_c' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION est._emerging_params(est.cube, float8, integer, bigint[], text, float8) IS
	'The numbers behind an emerging hot spot analysis (used by est.emerging_hotspots_params).';

CREATE FUNCTION est.emerging_hotspots(c est.cube, distance float8, time_steps integer DEFAULT 1,
		mask geometry DEFAULT NULL, global_window text DEFAULT 'cube', alpha float8 DEFAULT 0.10)
	RETURNS TABLE (cell_id bigint, x float8, y float8, geom geometry, category text,
				   trend_z float8, trend_p float8, hot_steps integer, cold_steps integer,
				   final_z float8, final_bin integer)
	LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
BEGIN ATOMIC
	SELECT e.cell_id, e.x, e.y,
		   ST_MakeEnvelope(e.x - i.cell_size / 2, e.y - i.cell_size / 2,
						   e.x + i.cell_size / 2, e.y + i.cell_size / 2, i.srid),
		   e.category, e.trend_z, e.trend_p, e.hot_steps, e.cold_steps, e.final_z, e.final_bin
	  FROM est._emerging(c, distance, time_steps,
						 CASE WHEN mask IS NOT NULL THEN est._ehsa_mask_cells(c, mask) END,
						 global_window, alpha) e,
		   est.cube_info(c) i;
END;
COMMENT ON FUNCTION est.emerging_hotspots(est.cube, float8, integer, geometry, text, float8) IS
	'Emerging hot spot analysis (Esri EHSA) of a cube, one row per analysed location (every cell with a point in some step, centre inside mask if given; zeros filled in for the other steps): space-time Gi* per bin with binary weights (cells within distance, self included, at the same and the time_steps previous steps), mean and population sd over global_window (''cube'' = every analysed bin, ''neighborhood'' = the bins of the time window, ''step'' = the step''s bins), two-sided p, bins at 90/95/99 % by Benjamini–Hochberg over all analysed bins, Mann–Kendall on the location''s z series at level alpha, and the pattern: new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating or historical hot/cold spot, or no pattern detected (rules in docs/hotspot.md). hot_steps/cold_steps count significant bins; final_z/final_bin are the last step''s.';

CREATE FUNCTION est.emerging_hotspot_bins(c est.cube, distance float8, time_steps integer DEFAULT 1,
		mask geometry DEFAULT NULL, global_window text DEFAULT 'cube', alpha float8 DEFAULT 0.10)
	RETURNS TABLE (cell_id bigint, step integer, step_start timestamptz, x float8, y float8,
				   n float8, z float8, p float8, bin integer)
	LANGUAGE sql STABLE PARALLEL SAFE ROWS 10000
BEGIN ATOMIC
	SELECT b.cell_id, b.step, b.step_start, b.x, b.y, b.n, b.z, b.p, b.bin
	  FROM est._emerging_bins(c, distance, time_steps,
							  CASE WHEN mask IS NOT NULL THEN est._ehsa_mask_cells(c, mask) END,
							  global_window, alpha) b;
END;
COMMENT ON FUNCTION est.emerging_hotspot_bins(est.cube, float8, integer, geometry, text, float8) IS
	'The bins behind est.emerging_hotspots with the same arguments: per analysed location and step the value n (0 where the cube has no point), space-time Gi* z, two-sided p and bin -3..3 (Benjamini–Hochberg over all analysed bins); z, p and bin NULL where Gi* is undefined (sd = 0 in the global window, or a neighbourhood as large as the window).';

CREATE FUNCTION est.emerging_hotspots_params(c est.cube, distance float8,
		time_steps integer DEFAULT 1, mask geometry DEFAULT NULL, global_window text DEFAULT 'cube',
		alpha float8 DEFAULT 0.10)
	RETURNS jsonb
	LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT jsonb_build_object(
		'cell_size', i.cell_size, 'srid', i.srid, 'step', i.step, 'origin', i.origin,
		'first_step', p.first_step, 'last_step', p.first_step + p.steps - 1, 'steps', p.steps,
		'locations', p.locations, 'bins', p.bins,
		'distance', distance, 'time_steps', time_steps, 'global_window', global_window,
		'max_neighbours', p.max_neighbours,
		'max_space_time_neighbours', p.max_neighbours * (least(time_steps, p.steps - 1) + 1),
		'moments', CASE WHEN global_window = 'cube' THEN
						jsonb_build_object('n', p.window_n[1]::bigint, 'mean', p.window_mean[1],
										   'sd', p.window_sd[1])
					ELSE (SELECT jsonb_agg(jsonb_build_object('step', p.first_step + u.o - 1,
											   'n', u.n::bigint, 'mean', u.m, 'sd', u.s) ORDER BY u.o)
							FROM unnest(p.window_n, p.window_mean, p.window_sd) WITH ORDINALITY u(n, m, s, o)) END,
		'moments_note', CASE global_window
			WHEN 'cube' THEN 'mean and population sd over every analysed bin (ArcGIS ENTIRE_CUBE)'
			WHEN 'neighborhood' THEN 'per step t: mean and population sd over the bins of steps t - time_steps .. t (ArcGIS NEIGHBORHOOD_TIME_STEP)'
			WHEN 'step' THEN 'per step t: mean and population sd over the bins of step t (ArcGIS INDIVIDUAL_TIME_STEP, sfdep)' END,
		'undefined_bins', p.bins - p.tested,
		'undefined_note', CASE WHEN p.bins > p.tested THEN
			'z, p and bin are NULL where the global window has sd = 0 (every bin equal) or a neighbourhood covers the whole window; such bins are not significant and are left out of FDR and Mann-Kendall' END,
		'fdr', jsonb_build_object('method', 'Benjamini-Hochberg step-up at 0.10, 0.05, 0.01',
								  'set', 'all analysed bins of the cube with a z', 'tested', p.tested,
								  'cutoff_90', p.cutoff_90, 'cutoff_95', p.cutoff_95, 'cutoff_99', p.cutoff_99),
		'significance', 'a bin is hot (cold) when its bin is >= 1 (<= -1): p at most the 90 % FDR cut-off',
		'trend', jsonb_build_object('test', 'Mann-Kendall on each location''s z series (continuity-corrected normal approximation, ties corrected, two-sided)',
									'alpha', alpha),
		'categories', (SELECT jsonb_object_agg(u.k, u.v) FROM unnest(p.category, p.category_count) u(k, v)))
	  FROM est._emerging_params(c, distance, time_steps,
								CASE WHEN mask IS NOT NULL THEN est._ehsa_mask_cells(c, mask) END,
								global_window, alpha) p
	  LEFT JOIN est.cube_info(c) i ON true;
END;
COMMENT ON FUNCTION est.emerging_hotspots_params(est.cube, float8, integer, geometry, text, float8) IS
	'The parameters behind est.emerging_hotspots with the same arguments, as jsonb: cell size, SRID, step, origin, first/last step and number of steps, locations analysed, bins, distance, time_steps, global_window, the largest neighbourhood, the global mean and sd (per step unless global_window is ''cube''), bins with undefined Gi*, the FDR set and cut-offs, the trend test and alpha, and how many locations fall in each pattern.';

CREATE FUNCTION est.ehsa_classify(z float8[], significant boolean[], trend_alpha float8 DEFAULT 0.10)
	RETURNS text
	AS 'MODULE_PATHNAME', 'ehsa_classify_c' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.ehsa_classify(float8[], boolean[], float8) IS
	'The emerging-hot-spot pattern of one location from its z series in time order and the significance of each step (hot = significant and z > 0, cold = significant and z < 0), with Mann–Kendall on z at trend_alpha: the rule of est.emerging_hotspots on its own (docs/hotspot.md).';
