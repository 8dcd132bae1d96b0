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
	LANGUAGE sql STABLE PARALLEL SAFE ROWS 10000
BEGIN ATOMIC
	SELECT g.cell_id, g.step, g.x, g.y,
		   ST_MakeEnvelope(g.x - i.cell_size / 2, g.y - i.cell_size / 2,
						   g.x + i.cell_size / 2, g.y + i.cell_size / 2, i.srid),
		   g.n, g.z, g.p, g.bin
	  FROM est.cube_info(c) i,
		   est._gistar(c, distance, CASE WHEN mask IS NOT NULL THEN est.mask_cells(c, mask) END,
					   coalesce(fdr, true)) g;
END;
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
