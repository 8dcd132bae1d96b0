-- cube module: the est.cube type (sparse counts or weights of points in square grid cells ×
-- fixed time steps) and the parallel aggregates that build it.  C in src/cube.c and
-- src/core/grid.c; documentation in docs/cube.md.

-- ---------------------------------------------------------------- the type

CREATE TYPE est.cube;

CREATE FUNCTION est.cube_in(cstring) RETURNS est.cube
	AS 'MODULE_PATHNAME', 'cube_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.cube_out(est.cube) RETURNS cstring
	AS 'MODULE_PATHNAME', 'cube_out' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.cube_recv(internal) RETURNS est.cube
	AS 'MODULE_PATHNAME', 'cube_recv' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.cube_send(est.cube) RETURNS bytea
	AS 'MODULE_PATHNAME', 'cube_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE est.cube (
	INPUT = est.cube_in,
	OUTPUT = est.cube_out,
	RECEIVE = est.cube_recv,
	SEND = est.cube_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE est.cube IS
	'Sparse space-time cube: summed weights of points in square cells (edges at multiples of the cell size, ids stable across queries) × time steps of fixed length from an origin; keeps SRID, cell size, step, origin and extent. Built by est.grid_agg / est.cube_agg, read by est.cube_cells, est.cube_info and est.gistar.';
COMMENT ON FUNCTION est.cube_in(cstring) IS
	'Text input of est.cube: not supported (raises 0A000); build cubes with est.grid_agg or est.cube_agg.';
COMMENT ON FUNCTION est.cube_out(est.cube) IS
	'Text output of est.cube: a one-line summary (SRID, cell size, step and origin, step, column and row ranges, bins, total weight).';
COMMENT ON FUNCTION est.cube_recv(internal) IS
	'Binary input of est.cube: the est.cube_send form, validated (sorted unique bins inside the extent, est.max_cells).';
COMMENT ON FUNCTION est.cube_send(est.cube) IS
	'Binary output of est.cube: version, SRID, bin count, cell size, step and origin (microseconds), extent, then column, row, step, weight per bin sorted by step, row, column (docs/cube.md).';

-- ---------------------------------------------------------------- aggregates

CREATE FUNCTION est._cube_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'cube_agg_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est._cube_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est._cube_final(internal) RETURNS est.cube
	AS 'MODULE_PATHNAME', 'cube_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION est._cube_combine(internal, internal) IS 'Combine function of est.grid_agg and est.cube_agg: merges two partial cubes (same SRID, cell size, step, origin).';
COMMENT ON FUNCTION est._cube_serialize(internal) IS 'Serial function of est.grid_agg and est.cube_agg: a partial cube as bytea (the est.cube layout).';
COMMENT ON FUNCTION est._cube_deserialize(bytea, internal) IS 'Deserial function of est.grid_agg and est.cube_agg.';
COMMENT ON FUNCTION est._cube_final(internal) IS 'Final function of est.grid_agg and est.cube_agg: the cube, bins sorted by step, row, column.';

-- The transition functions read est.max_cells and spatial_ref_sys: STABLE.
CREATE FUNCTION est._grid_agg_trans(internal, geometry, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'grid_agg_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._grid_agg_trans(internal, geometry, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'grid_agg_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_agg_trans(internal, geometry, timestamptz, float8, interval) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_agg_trans(internal, geometry, timestamptz, float8, interval, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_agg_trans(internal, geometry, timestamptz, float8, interval, timestamptz, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_agg_trans(internal, geometry, tstzrange, float8, interval) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_range_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_agg_trans(internal, geometry, tstzrange, float8, interval, timestamptz) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_range_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION est._cube_agg_trans(internal, geometry, tstzrange, float8, interval, timestamptz, float8) RETURNS internal
	AS 'MODULE_PATHNAME', 'cube_agg_range_trans' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION est._grid_agg_trans(internal, geometry, float8) IS 'Transition function of est.grid_agg(geometry, float8).';
COMMENT ON FUNCTION est._grid_agg_trans(internal, geometry, float8, float8) IS 'Transition function of est.grid_agg(geometry, float8, float8).';
COMMENT ON FUNCTION est._cube_agg_trans(internal, geometry, timestamptz, float8, interval) IS 'Transition function of est.cube_agg(geometry, timestamptz, float8, interval).';
COMMENT ON FUNCTION est._cube_agg_trans(internal, geometry, timestamptz, float8, interval, timestamptz) IS 'Transition function of est.cube_agg(geometry, timestamptz, float8, interval, timestamptz).';
COMMENT ON FUNCTION est._cube_agg_trans(internal, geometry, timestamptz, float8, interval, timestamptz, float8) IS 'Transition function of est.cube_agg(geometry, timestamptz, float8, interval, timestamptz, float8).';
COMMENT ON FUNCTION est._cube_agg_trans(internal, geometry, tstzrange, float8, interval) IS 'Transition function of est.cube_agg(geometry, tstzrange, float8, interval) (aoristic).';
COMMENT ON FUNCTION est._cube_agg_trans(internal, geometry, tstzrange, float8, interval, timestamptz) IS 'Transition function of est.cube_agg(geometry, tstzrange, float8, interval, timestamptz) (aoristic).';
COMMENT ON FUNCTION est._cube_agg_trans(internal, geometry, tstzrange, float8, interval, timestamptz, float8) IS 'Transition function of est.cube_agg(geometry, tstzrange, float8, interval, timestamptz, float8) (aoristic).';

CREATE AGGREGATE est.grid_agg(geom geometry, cell_size float8) (
	SFUNC = est._grid_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.grid_agg(geom geometry, cell_size float8, weight float8) (
	SFUNC = est._grid_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.cube_agg(geom geometry, occurred timestamptz, cell_size float8, step interval) (
	SFUNC = est._cube_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.cube_agg(geom geometry, occurred timestamptz, cell_size float8, step interval, origin timestamptz) (
	SFUNC = est._cube_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.cube_agg(geom geometry, occurred timestamptz, cell_size float8, step interval, origin timestamptz, weight float8) (
	SFUNC = est._cube_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.cube_agg(geom geometry, occurred tstzrange, cell_size float8, step interval) (
	SFUNC = est._cube_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.cube_agg(geom geometry, occurred tstzrange, cell_size float8, step interval, origin timestamptz) (
	SFUNC = est._cube_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE est.cube_agg(geom geometry, occurred tstzrange, cell_size float8, step interval, origin timestamptz, weight float8) (
	SFUNC = est._cube_agg_trans, STYPE = internal, FINALFUNC = est._cube_final,
	COMBINEFUNC = est._cube_combine, SERIALFUNC = est._cube_serialize,
	DESERIALFUNC = est._cube_deserialize, PARALLEL = SAFE);

COMMENT ON AGGREGATE est.grid_agg(geometry, float8) IS
	'Counts points (projected SRID) in square cells of side cell_size aligned to the CRS: a one-step est.cube. No rows give NULL (no cells).';
COMMENT ON AGGREGATE est.grid_agg(geometry, float8, float8) IS
	'Sums weights of points (projected SRID) in square cells of side cell_size aligned to the CRS: a one-step est.cube.';
COMMENT ON AGGREGATE est.cube_agg(geometry, timestamptz, float8, interval) IS
	'Counts points in cells × time steps of fixed length from origin 2000-01-03 00:00+01 (a Monday): step = floor((occurred - origin) / step).';
COMMENT ON AGGREGATE est.cube_agg(geometry, timestamptz, float8, interval, timestamptz) IS
	'Counts points in cells × time steps of fixed length from origin: step = floor((occurred - origin) / step).';
COMMENT ON AGGREGATE est.cube_agg(geometry, timestamptz, float8, interval, timestamptz, float8) IS
	'Sums weights of points in cells × time steps of fixed length from origin.';
COMMENT ON AGGREGATE est.cube_agg(geometry, tstzrange, float8, interval) IS
	'Aoristic cube: each point''s weight 1 is spread over the steps its time window overlaps, in proportion to the overlap (origin 2000-01-03 00:00+01).';
COMMENT ON AGGREGATE est.cube_agg(geometry, tstzrange, float8, interval, timestamptz) IS
	'Aoristic cube: each point''s weight 1 is spread over the steps its time window overlaps, in proportion to the overlap.';
COMMENT ON AGGREGATE est.cube_agg(geometry, tstzrange, float8, interval, timestamptz, float8) IS
	'Aoristic cube: each point''s weight is spread over the steps its time window overlaps, in proportion to the overlap.';

-- ---------------------------------------------------------------- reading a cube

CREATE FUNCTION est._cube_cells(c est.cube, OUT cell_id bigint, OUT step integer,
		OUT step_start timestamptz, OUT x float8, OUT y float8, OUT n float8)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'cube_cells_c' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION est._cube_cells(est.cube) IS
	'The non-empty bins of a cube without geometry (used by est.cube_cells).';

CREATE FUNCTION est.cube_info(c est.cube, OUT srid integer, OUT cell_size float8,
		OUT step interval, OUT origin timestamptz, OUT first_step integer, OUT last_step integer,
		OUT bins integer, OUT total float8, OUT xmin float8, OUT ymin float8, OUT xmax float8,
		OUT ymax float8)
	AS 'MODULE_PATHNAME', 'cube_info' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.cube_info(est.cube) IS
	'The parameters of a cube: SRID, cell size, step and origin (NULL for est.grid_agg), first and last step, non-empty bins, total weight, and the extent of its cells (xmin, ymin, xmax, ymax).';

CREATE FUNCTION est.cube_cells(c est.cube)
	RETURNS TABLE (cell_id bigint, step integer, step_start timestamptz, x float8, y float8,
				   geom geometry, n float8)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 1000
BEGIN ATOMIC
	SELECT b.cell_id, b.step, b.step_start, b.x, b.y,
		   ST_MakeEnvelope(b.x - i.cell_size / 2, b.y - i.cell_size / 2,
						   b.x + i.cell_size / 2, b.y + i.cell_size / 2, i.srid),
		   b.n
	  FROM est.cube_info(c) i, est._cube_cells(c) b;
END;
COMMENT ON FUNCTION est.cube_cells(est.cube) IS
	'The non-empty bins of a cube, sorted by step, row, column: cell id (row * 2^32 + column + 2^31), step number, step start (NULL for est.grid_agg), cell centre x/y, cell polygon, summed weight n.';

CREATE FUNCTION est.cell_id(x float8, y float8, cell_size float8) RETURNS bigint
	AS 'MODULE_PATHNAME', 'cube_cell_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.cell_id(float8, float8, float8) IS
	'The id of the grid cell holding (x, y) for a cell size: floor(y / cell_size) * 2^32 + floor(x / cell_size) + 2^31.';
