-- assess: the 5-grade assessment of a locality for a cycle — a computed suggestion with its
-- reasons (C, core/grade.c), the municipality's labels, colours and rule thresholds, and the
-- decision the meeting records, which supersedes but never overwrites an earlier one.

-- ---------------------------------------------------------------------------------------
-- the suggestion
-- ---------------------------------------------------------------------------------------

CREATE TYPE est.assess_input AS (
	observed		double precision,	-- severity-weighted incidents this cycle (required)
	expected		double precision,	-- baseline expectation for the cycle
	rate_p			double precision,	-- one-sided p of "more than expected"
	trend_z			double precision,	-- Mann–Kendall z over recent cycles
	trend_p			double precision,	-- its two-sided p
	severe			integer,			-- severity-3 incidents this cycle (required)
	hot_cells		integer,			-- active hot cells in the locality
	emerging_hot	integer,			-- places with a new/consecutive/intensifying/persistent hot spot
	coverage		double precision,	-- share of active reporters who reported, 0..1
	survey			double precision	-- latest survey value
);

COMMENT ON TYPE est.assess_input IS
'The indicators of one locality and cycle that est.assess() grades: observed (severity-weighted count, required), expected (baseline), rate_p (one-sided p of more than expected), trend_z and trend_p (Mann–Kendall over recent cycles), severe (severity-3 count, required), hot_cells, emerging_hot, coverage (share of active reporters who reported, "nothing to report" counting as reported) and survey. A NULL field is a missing indicator: it lowers the confidence and is never read as zero.';

CREATE TYPE est.assess_result AS (
	grade			integer,
	score			double precision,
	confidence		double precision,
	reasons			text[],
	reasons_en		text[],
	contributions	jsonb
);

COMMENT ON TYPE est.assess_result IS
'A suggested grade 1–5 with its score, confidence (0..1, lowered by missing indicators and caveats), the reasons in Swedish and English (each with the number that triggered it) and contributions: a jsonb with every reason''s key, points, value and threshold, and the rules used.';

CREATE FUNCTION est.assess_rules_default() RETURNS jsonb
AS 'MODULE_PATHNAME', 'est_assess_rules_default'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION est.assess_rules_default() IS
'The default assessment rules as jsonb: min_count (small-count guard), excess_alpha / excess_alpha_high / excess_ratio_high and their points, trend_alpha and trend_points, severe_one / severe_many and hot_one / hot_many with their points, emerging_points, survey_threshold (null: off) and survey_points, coverage_min, and the scores grade_2 … grade_5 at which each grade starts. See docs/assess.md.';

CREATE FUNCTION est.assess(indicators est.assess_input, rules jsonb DEFAULT NULL) RETURNS est.assess_result
AS 'MODULE_PATHNAME', 'est_assess'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION est.assess(est.assess_input, jsonb) IS
'The suggested 5-grade assessment of one locality and cycle from its indicators, under the default rules overridden by the keys of rules (NULL or {} for the defaults). Deterministic and monotone: more incidents, more severe incidents, a stronger rising trend or more hot cells never lower the grade. Errors: 22023 for an unknown rule key, a non-numeric or inconsistent rule, or an impossible indicator (negative count, p outside 0..1, NaN); 22004 when observed or severe is NULL.';

-- ---------------------------------------------------------------------------------------
-- the municipality's scale and rules
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.grade_default (
	grade		integer PRIMARY KEY CHECK (grade BETWEEN 1 AND 5),
	label_sv	text NOT NULL,
	label_en	text NOT NULL,
	colour		text NOT NULL CHECK (colour ~ '^#[0-9A-F]{6}$'),
	meaning		text NOT NULL
);

COMMENT ON TABLE est.grade_default IS
'The default 5-grade scale (EST-domain §2.3: no national standard exists), used by every municipality that has not set its own labels and colours in est.grade_level. Written only by CREATE EXTENSION (so not dumped); change a municipality''s scale in est.grade_level.';

INSERT INTO est.grade_default VALUES
	(1, 'Normalläge', 'Normal', '#2E7D32', 'Isolated minor events, nothing trending'),
	(2, 'Något förhöjt', 'Somewhat elevated', '#9CCC65', 'More events than the baseline or a new recurring place; monitor'),
	(3, 'Förhöjt', 'Elevated', '#FBC02D', 'A clear negative trend or at least one active hotspot; targeted actions'),
	(4, 'Allvarligt', 'Serious', '#EF6C00', 'Several hotspots or serious events (arson, violence, open drug dealing); coordinated actions'),
	(5, 'Mycket allvarligt', 'Very serious', '#C62828', 'Acute disorder; escalate to the police and crisis management');

CREATE TABLE est.grade_level (
	kommun		char(4) NOT NULL
				CONSTRAINT grade_level_kommun_format CHECK (est.is_kommunkod(kommun))
				REFERENCES est.municipality (kommun) ON DELETE CASCADE,
	grade		integer NOT NULL CONSTRAINT grade_level_grade_range CHECK (grade BETWEEN 1 AND 5),
	label_sv	text NOT NULL CHECK (length(label_sv) BETWEEN 1 AND 100),
	label_en	text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 100),
	colour		text NOT NULL CONSTRAINT grade_level_colour_format CHECK (colour ~ '^#[0-9A-Fa-f]{6}$'),
	PRIMARY KEY (kommun, grade)
);

COMMENT ON TABLE est.grade_level IS
'A municipality''s own labels and colours for the five grades; grades without a row here use est.grade_default.';
COMMENT ON COLUMN est.grade_level.colour IS 'Colour as #RRGGBB.';

CREATE TABLE est.assess_rules (
	kommun		char(4) PRIMARY KEY
				CONSTRAINT assess_rules_kommun_format CHECK (est.is_kommunkod(kommun))
				REFERENCES est.municipality (kommun) ON DELETE CASCADE,
	rules		jsonb NOT NULL DEFAULT '{}',
	updated_at	timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT assess_rules_valid CHECK ((est.assess(ROW(0, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL)::est.assess_input, rules)).grade IS NOT NULL)
);

COMMENT ON TABLE est.assess_rules IS
'A municipality''s changes to the default assessment rules: a jsonb object with any keys of est.assess_rules_default(). Checked on write (an unknown key or an inconsistent rule is refused with 22023).';

CREATE FUNCTION est.grade_scale(kommun char(4))
RETURNS TABLE (grade integer, label_sv text, label_en text, colour text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT d.grade, coalesce(l.label_sv, d.label_sv), coalesce(l.label_en, d.label_en),
		   coalesce(l.colour, d.colour)
	  FROM est.grade_default d
	  LEFT JOIN est.grade_level l ON l.kommun = grade_scale.kommun AND l.grade = d.grade
	 ORDER BY d.grade;
END;

COMMENT ON FUNCTION est.grade_scale(char) IS
'The five grades of a municipality with their labels and colours: its own from est.grade_level where set, the defaults of est.grade_default otherwise.';

CREATE FUNCTION est.assess(kommun char(4), indicators est.assess_input) RETURNS est.assess_result
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT est.assess(indicators, (SELECT r.rules FROM est.assess_rules r WHERE r.kommun = assess.kommun));
END;

COMMENT ON FUNCTION est.assess(char, est.assess_input) IS
'The suggested assessment under the municipality''s rules (est.assess_rules, else the defaults).';

-- ---------------------------------------------------------------------------------------
-- the indicators, computed from the data
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est._cycle_span(cycle_length text) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE cycle_length WHEN 'weekly' THEN interval '7 days' WHEN 'fortnightly' THEN interval '14 days'
	   ELSE interval '1 month' END;

COMMENT ON FUNCTION est._cycle_span(text) IS
'The nominal length of a cycle of est.municipality.cycle_length (7 days, 14 days or a month), for windows counted back in cycles.';

CREATE FUNCTION est._study_areas(kommun char(4)) RETURNS TABLE (id bigint, geom geometry)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
ROWS 20		-- a municipality's tätorter: 1 to some 50 (the default guess, 1 000, misleads joins)
BEGIN ATOMIC
	-- each tätort on its own (a place is hot if it stands out in its town; a busy town is not hot
	-- merely for being busier than a quiet one, and over forest and sea the mean is near zero so
	-- every populated cell would look hot); the kommun outline when the municipality has no tätort
	SELECT l.id, l.geom FROM est.locality l WHERE l.kommun = _study_areas.kommun AND l.kind = 'tätort'
	UNION ALL
	SELECT l.id, l.geom FROM est.locality l WHERE l.kommun = _study_areas.kommun AND l.kind = 'kommun'
	   AND NOT EXISTS (SELECT 1 FROM est.locality t WHERE t.kommun = _study_areas.kommun AND t.kind = 'tätort');
END;

COMMENT ON FUNCTION est._study_areas(char) IS
'The study areas of the municipality''s hot-cell and emerging hot-spot analyses (est.hot_cells, est.emerging_cells): each tätort, or the kommun outline when it has none.';

CREATE FUNCTION est._study_area_incidents(kommun char(4), from_t timestamptz, upto timestamptz)
RETURNS TABLE (area_id bigint, geom geometry, t timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
ROWS 10000
BEGIN ATOMIC
	-- each study area's incidents by their derived locality: the area or a locality inside it.
	-- The incidents come by time (incident_occurred_start) and meet the few localities in a
	-- hash join: "+ 0" keeps the planner off a loop over the localities that reads each one's
	-- whole history through incident_locality and then drops all but the window's rows
	SELECT lt.root, i.geom, lower(i.occurred)
	  FROM est._study_areas(_study_area_incidents.kommun) a
	  JOIN est.locality_tree(_study_area_incidents.kommun) lt ON lt.root = a.id
	  JOIN est.incident i ON i.locality_id + 0 = lt.id
	 WHERE i.kommun = _study_area_incidents.kommun AND i.review_status = 'approved'
	   AND i.location_precision = 'point'
	   AND lower(i.occurred) >= _study_area_incidents.from_t AND lower(i.occurred) < _study_area_incidents.upto;
END;

COMMENT ON FUNCTION est._study_area_incidents(char, timestamptz, timestamptz) IS
'The incidents of each study area of the municipality (est._study_areas) that occurred in [from_t, upto): the approved point-precision ones whose derived locality is the area or a locality inside it, with their point and start time; what est.hot_cells and est.emerging_cells bin.';

CREATE FUNCTION est.hot_cells(kommun char(4), at timestamptz, cell_size float8 DEFAULT 250,
							  distance float8 DEFAULT 500, cycles integer DEFAULT 4, min_count integer DEFAULT 8)
RETURNS TABLE (area_id bigint, cell_id bigint, x float8, y float8, geom geometry, n float8, z float8, p float8,
			   bin integer, neighbourhood_n float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
SET jit = off
AS $$
DECLARE
	m est.municipality;
	c est.cycle_period;
	span interval;
BEGIN
	IF cycles IS NULL OR cycles NOT BETWEEN 1 AND 260 OR min_count IS NULL OR min_count < 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('hot_cells: cycles %s or min_count %s is out of range', cycles, min_count),
			HINT = 'cycles is 1–260 (default 4), min_count at least 1 (default 8).';
	END IF;
	m := est._municipality(kommun, 'hot_cells');
	c := est.cycle(kommun, at);
	span := est._cycle_span(m.cycle_length);
	RETURN QUERY
	WITH area AS (	-- the study areas (est._study_areas): each tätort, else the kommun
		SELECT a.id, a.geom FROM est._study_areas(m.kommun) a
	), grids AS (	-- the incidents of the last `cycles` cycles in each area
		SELECT s.area_id AS root, est.grid_agg(s.geom, cell_size) AS grid
		  FROM est._study_area_incidents(m.kommun, c.starts - span * (cycles - 1), c.ends) s
		 GROUP BY s.area_id
	), g AS (		-- Gi* of each area (est.gistar without the squares), the cells holding incidents
		SELECT a.id AS area, h.cell_id, h.x, h.y, h.n, h.z, h.p, h.bin
		  FROM area a JOIN grids r ON r.root = a.id
		 CROSS JOIN LATERAL est._gistar(r.grid, distance, est.mask_cells(r.grid, a.geom), true) h
		 WHERE h.n > 0
	)
	-- hot at 95 % or more (FDR) and, since Gi*'s normal approximation flags sparse random
	-- counts, with at least min_count incidents in the cell's neighbourhood; the squares of
	-- these cells only
	SELECT k.area, k.cell_id, k.x, k.y,
		   ST_MakeEnvelope(k.x - cell_size / 2, k.y - cell_size / 2, k.x + cell_size / 2, k.y + cell_size / 2, 3006),
		   k.n, k.z, k.p, k.bin, sum(b.n)
	  FROM g k JOIN g b ON b.area = k.area AND (b.x - k.x) ^ 2 + (b.y - k.y) ^ 2 <= distance ^ 2 * (1 + 1e-9)
	 WHERE k.bin >= 2
	 GROUP BY k.area, k.cell_id, k.x, k.y, k.n, k.z, k.p, k.bin
	HAVING sum(b.n) >= min_count
	 ORDER BY k.area, k.cell_id;
END
$$;

COMMENT ON FUNCTION est.hot_cells(char, timestamptz, float8, float8, integer, integer) IS
'The active hot cells of the municipality in the cycle containing at: grid cells (cell_size m, aligned to the SWEREF 99 TM origin) holding incidents of the last `cycles` cycles, whose Getis-Ord Gi* (est.gistar, binary weights within distance, FDR) is hot at 95 % or more (bin >= 2), with at least min_count incidents within distance (neighbourhood_n; a guard, since Gi*''s normal approximation flags sparse random counts). Each tätort is its own study area (area_id; the cells whose centre lies in its polygon), the kommun outline when the municipality has no tätort; the incidents are the approved point-precision ones whose derived locality is the area or a locality inside it.';

CREATE FUNCTION est.emerging_cells(kommun char(4), at timestamptz, cell_size float8 DEFAULT 250,
								  distance float8 DEFAULT 500, cycles integer DEFAULT 26)
RETURNS TABLE (area_id bigint, cell_id bigint, x float8, y float8, geom geometry, category text, trend_z float8,
			   trend_p float8, hot_steps integer, cold_steps integer, final_z float8, final_bin integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
SET jit = off
AS $$
DECLARE
	m est.municipality;
	c est.cycle_period;
	span interval;
	origin timestamptz;
BEGIN
	IF cycles IS NULL OR cycles NOT BETWEEN 3 AND 520 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('emerging_cells: cycles %s is out of range', cycles),
			HINT = 'cycles is 3–520 (default 26): the Mann–Kendall trend needs at least 3 steps.';
	END IF;
	m := est._municipality(kommun, 'emerging_cells');
	c := est.cycle(kommun, at);
	span := est._cycle_span(m.cycle_length);
	origin := c.ends - span * cycles;
	RETURN QUERY
	WITH area AS (	-- the study areas (est._study_areas): each tätort, else the kommun
		SELECT a.id, a.geom FROM est._study_areas(m.kommun) a
	), cubes AS (	-- the incidents of each area, with two weightless marks outside it so that the
					-- cube's steps run from the first cycle to the current one even when those have
					-- no incident (the mask leaves the marks out of the analysis); the marks come
					-- first, so that each cube's window spans every step from its first rows
		SELECT q.root, est.cube_agg(q.geom, q.t, cell_size, span, origin, q.w) AS cube
		  FROM (SELECT a.id AS root, ST_Point(ST_XMin(a.geom) - cell_size, ST_YMin(a.geom) - cell_size, 3006) AS geom,
					   mk AS t, 0::float8 AS w
				  FROM area a, unnest(ARRAY[origin, c.ends - interval '1 microsecond']) mk
				UNION ALL
				SELECT s.area_id, s.geom, s.t, 1
				  FROM est._study_area_incidents(m.kommun, origin, c.ends) s) q
		 GROUP BY q.root
	)
	-- est.emerging_hotspots without its square for every location: only the cells with a
	-- pattern get theirs (the analysed locations are the cells with a point whose centre the
	-- area covers, as est.emerging_hotspots has them)
	SELECT a.id, e.cell_id, e.x, e.y,
		   ST_MakeEnvelope(e.x - cell_size / 2, e.y - cell_size / 2, e.x + cell_size / 2, e.y + cell_size / 2, 3006),
		   e.category, e.trend_z, e.trend_p, e.hot_steps, e.cold_steps, e.final_z, e.final_bin
	  FROM area a JOIN cubes k ON k.root = a.id
	 CROSS JOIN LATERAL est._emerging(k.cube, distance, 1, est.mask_cells(k.cube, a.geom), 'cube', 0.10, true) e;
END
$$;

COMMENT ON FUNCTION est.emerging_cells(char, timestamptz, float8, float8, integer) IS
'Emerging hot-spot analysis (est.emerging_hotspots: space-time Gi* with the previous cycle as time neighbour, whole-cube window, FDR, Mann–Kendall on z, the 17 patterns) over the last `cycles` cycles up to the one containing at, in cells of cell_size m within distance, each tätort its own study area (the kommun outline when there is none); the approved point-precision incidents whose derived locality is the area or a locality inside it. Steps are cycle-long (7 or 14 days, or a month) counted back from the end of the current cycle, so a step can be an hour off a cycle boundary across a daylight-saving change. Only cells with a pattern are returned.';

CREATE FUNCTION est._assessment_indicators(kommun char(4), at timestamptz, baseline_cycles integer,
										   trend_cycles integer, survey_indicator text, baseline_from text,
										   hot geometry, emerging geometry)
RETURNS TABLE (locality_id bigint, locality text, kind text, cycle tstzrange, incidents bigint,
			   baseline_cycles_used integer, trend_cycles_used integer, trend_slope double precision,
			   indicators est.assess_input)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
SET jit = off		-- a query of milliseconds; compiling it would take a second or more
AS $$
DECLARE
	m est.municipality;
	c est.cycle_period;
	span interval;
	data_start timestamptz;
	ly est.cycle_period;
	b_lo integer;
	b_hi integer;
BEGIN
	IF baseline_cycles IS NULL OR baseline_cycles NOT BETWEEN 1 AND 260
	   OR trend_cycles IS NULL OR trend_cycles NOT BETWEEN 3 AND 260 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('assessment_indicators: baseline_cycles %s or trend_cycles %s is out of range',
							 baseline_cycles, trend_cycles),
			HINT = 'baseline_cycles is 1–260 (default 8), trend_cycles 3–260 (default 12).';
	END IF;
	m := est._municipality(kommun, 'assessment_indicators');
	IF baseline_from IS NULL OR baseline_from NOT IN ('previous', 'last_year') THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('assessment_indicators: unknown baseline_from "%s"', baseline_from),
			HINT = '''previous'' (the cycles just before) or ''last_year'' (the same time of year a year earlier, for seasonal categories).';
	END IF;
	c := est.cycle(kommun, at);
	IF baseline_from = 'previous' THEN
		b_lo := c.seq - baseline_cycles;
		b_hi := c.seq - 1;
	ELSE	-- the baseline_cycles cycles centred on the cycle a year earlier
		ly := est.cycle(kommun, at - interval '1 year');
		b_lo := ly.seq - baseline_cycles / 2;
		b_hi := b_lo + baseline_cycles - 1;
	END IF;
	span := est._cycle_span(m.cycle_length);
	-- before the first report there is no data: such cycles are missing, not calm
	SELECT least((SELECT min(lower(i.occurred)) FROM est.incident i WHERE i.kommun = m.kommun),
				 (SELECT min(r.submitted_at) FROM est.reporting_round r WHERE r.kommun = m.kommun))
	  INTO data_start;
	RETURN QUERY
	WITH RECURSIVE cyc AS (
		SELECT s.seq, s.starts, s.ends
		  FROM est.cycles(m.kommun, tstzrange(c.starts - span * (greatest(c.seq - b_lo, trend_cycles) + 1), c.ends)) s
		 WHERE (s.seq BETWEEN c.seq - (trend_cycles - 1) AND c.seq OR s.seq BETWEEN b_lo AND b_hi)
		   AND (s.seq = c.seq OR s.ends > data_start)
	), tree (root, id) AS (			-- each locality with every locality inside it
		SELECT lt.root, lt.id FROM est.locality_tree(m.kommun) lt
	), rep AS (		-- the reporters active in the cycle, and whether they reported (or had nothing to)
		SELECT p.id, p.locality_id,
			   EXISTS (SELECT 1 FROM est.reporting_round r WHERE r.kommun = p.kommun AND r.reporter_id = p.id
						  AND r.cycle = tstzrange(c.starts, c.ends, '[)')) AS reported
		  FROM est.reporter p
		 WHERE p.kommun = m.kommun AND p.active && daterange((c.starts AT TIME ZONE m.time_zone)::date,
															  (c.ends AT TIME ZONE m.time_zone)::date, '[)')
	), cover AS (
		-- coverage per locality: the reporters assigned to it or to a locality inside it; all of
		-- them for the kommun level and for a locality that has none assigned
		SELECT l.id AS root,
			   coalesce(CASE WHEN l.kind <> 'kommun' THEN
							(SELECT count(*) FILTER (WHERE rep.reported)::float8 / nullif(count(*), 0)
							   FROM tree t JOIN rep ON rep.locality_id = t.id WHERE t.root = l.id) END,
						(SELECT count(*) FILTER (WHERE rep.reported)::float8 / nullif(count(*), 0) FROM rep)) AS coverage
		  FROM est.locality l WHERE l.kommun = m.kommun
	), counted AS (		-- per locality and cycle first, then up the tree (fewer rows to spread)
		SELECT t.root, k.seq, sum(k.n)::bigint AS n, sum(k.w) AS w, sum(k.severe)::bigint AS severe
		  FROM (SELECT i.locality_id, y.seq, count(*) AS n, sum(i.severity)::float8 AS w,
					   count(*) FILTER (WHERE i.severity = 3) AS severe
				  FROM est.incident i
				  JOIN cyc y ON lower(i.occurred) >= y.starts AND lower(i.occurred) < y.ends
				 WHERE i.kommun = m.kommun AND i.review_status = 'approved'
				   AND lower(i.occurred) >= (SELECT min(y2.starts) FROM cyc y2) AND lower(i.occurred) < c.ends
				 GROUP BY i.locality_id, y.seq) k
		  JOIN tree t ON t.id = k.locality_id
		 GROUP BY t.root, k.seq
	), grid AS (
		SELECT l.id AS root, y.seq, coalesce(k.n, 0) AS n, coalesce(k.w, 0) AS w, coalesce(k.severe, 0) AS severe
		  FROM est.locality l CROSS JOIN cyc y
		  LEFT JOIN counted k ON k.root = l.id AND k.seq = y.seq
		 WHERE l.kommun = m.kommun
	), emerging_in AS (		-- the given emerging hot-spot cells (centres) in each locality
		SELECT l.id AS root, count(*)::integer AS n
		  FROM est.locality l
		  JOIN LATERAL ST_Dump(emerging) e ON ST_Covers(l.geom, e.geom)
		 WHERE l.kommun = m.kommun
		 GROUP BY l.id
	), hot_in AS (
		SELECT l.id AS root, count(*)::integer AS hot_cells
		  FROM est.locality l
		  JOIN LATERAL ST_Dump(hot) h ON ST_Covers(l.geom, h.geom)
		 WHERE l.kommun = m.kommun
		 GROUP BY l.id
	), per AS (
		SELECT g.root,
			   max(g.n) FILTER (WHERE g.seq = c.seq) AS n_now,
			   max(g.w) FILTER (WHERE g.seq = c.seq) AS w_now,
			   max(g.severe) FILTER (WHERE g.seq = c.seq) AS severe_now,
			   count(*) FILTER (WHERE g.seq BETWEEN b_lo AND b_hi)::integer AS b_cycles,
			   sum(g.n) FILTER (WHERE g.seq BETWEEN b_lo AND b_hi) AS b_n,
			   avg(g.w) FILTER (WHERE g.seq BETWEEN b_lo AND b_hi) AS b_w,
			   count(*) FILTER (WHERE g.seq > c.seq - trend_cycles)::integer AS t_cycles,
			   est.mann_kendall(g.seq::float8, g.w) FILTER (WHERE g.seq > c.seq - trend_cycles) AS mk
		  FROM grid g GROUP BY g.root
	)
	SELECT l.id, l.name, l.kind, tstzrange(c.starts, c.ends, '[)'), p.n_now, p.b_cycles, p.t_cycles,
		   CASE WHEN (p.mk).z IS NOT NULL THEN (p.mk).sen_slope END,
		   ROW(p.w_now,
			   CASE WHEN p.b_cycles >= 2 THEN p.b_w END,
			   CASE WHEN p.b_cycles >= 2 THEN est.rate_test_p(p.n_now, 1, p.b_n, p.b_cycles, 'greater') END,
			   (p.mk).z, CASE WHEN (p.mk).z IS NOT NULL THEN (p.mk).p END,
			   p.severe_now::integer, coalesce(hi.hot_cells, 0), coalesce(ei.n, 0), cv.coverage,
			   (SELECT sr.value FROM est.survey_result sr
				 WHERE sr.kommun = l.kommun AND sr.locality_id = l.id AND sr.indicator = survey_indicator
				   AND sr.year <= extract(year FROM c.starts AT TIME ZONE m.time_zone)
				 ORDER BY sr.year DESC LIMIT 1))::est.assess_input
	  FROM per p JOIN est.locality l ON l.kommun = m.kommun AND l.id = p.root
	  LEFT JOIN hot_in hi ON hi.root = l.id
	  LEFT JOIN emerging_in ei ON ei.root = l.id
	  LEFT JOIN cover cv ON cv.root = l.id
	 ORDER BY est.locality_kind_rank(l.kind), l.name;
END
$$;

COMMENT ON FUNCTION est._assessment_indicators(char, timestamptz, integer, integer, text, text, geometry, geometry) IS
'The work of est.assessment_indicators() with the hot cells and the active emerging hot-spot cells given as (multi)points of their centres, so that est.refresh_picture() computes Gi* and emerging hot spots once for the indicators and the picture. Also returns trend_slope: Sen''s slope of the weighted counts the trend test used (per cycle).';

CREATE FUNCTION est.assessment_indicators(kommun char(4), at timestamptz, baseline_cycles integer DEFAULT 8,
										  trend_cycles integer DEFAULT 12, survey_indicator text DEFAULT 'problemindex',
										  hot_cell_size float8 DEFAULT 250, hot_distance float8 DEFAULT 500,
										  hot_cycles integer DEFAULT 4, hot_min_count integer DEFAULT 8,
										  baseline_from text DEFAULT 'previous')
RETURNS TABLE (locality_id bigint, locality text, kind text, cycle tstzrange, incidents bigint,
			   baseline_cycles_used integer, trend_cycles_used integer, trend_slope double precision,
			   indicators est.assess_input)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
SET jit = off
AS $$
BEGIN
	IF hot_cycles IS NULL OR hot_cycles NOT BETWEEN 1 AND 260 OR hot_min_count IS NULL OR hot_min_count < 1 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('assessment_indicators: hot_cycles %s or hot_min_count %s is out of range', hot_cycles, hot_min_count),
			HINT = 'hot_cycles is 1–260 (default 4), hot_min_count at least 1 (default 8).';
	END IF;
	RETURN QUERY
	SELECT i.* FROM est._assessment_indicators(kommun, at, baseline_cycles, trend_cycles, survey_indicator, baseline_from,
		(SELECT ST_Collect(ST_Point(h.x, h.y, 3006))
		   FROM est.hot_cells(kommun, at, hot_cell_size, hot_distance, hot_cycles, hot_min_count) h),
		(SELECT ST_Collect(ST_Point(e.x, e.y, 3006))
		   FROM est.emerging_cells(kommun, at, hot_cell_size, hot_distance) e
		  WHERE e.category IN ('new hot spot', 'consecutive hot spot', 'intensifying hot spot', 'persistent hot spot'))) i;
END
$$;

COMMENT ON FUNCTION est.assessment_indicators(char, timestamptz, integer, integer, text, float8, float8, integer, integer, text) IS
'The est.assess() indicators of every locality of the municipality for the cycle containing at. A locality counts its own incidents and those of the localities inside it (approved incidents, by the cycle their occurrence starts in). observed: severity-weighted count; expected: the mean weighted count of the baseline: the previous baseline_cycles cycles, or with baseline_from = ''last_year'' the baseline_cycles cycles centred on the same time a year earlier (for seasonal categories) — missing with fewer than 2 cycles of data; rate_p: exact one-sided Poisson test of this cycle''s count against those cycles'' (est.rate_test, unweighted counts); trend_z/p: Mann–Kendall over the last trend_cycles weighted counts (trend_slope: their Sen slope per cycle); severe: severity-3 count; coverage: share of the active reporters assigned to the locality or a locality inside it (all reporters for the kommun level and for a locality with none assigned) who have a reporting round for the cycle; survey: the latest value of survey_indicator. Cycles before the municipality''s first data are left out, not counted as calm. hot_cells: grid cells (hot_cell_size m) with incidents, whose centre lies in the locality and whose Getis-Ord Gi* over the incidents of the last hot_cycles cycles (distance hot_distance, FDR; each tätort is its own study area, the kommun outline when there is no tätort) is hot at 95 % or more (bin >= 2), with at least hot_min_count incidents within hot_distance (a guard: Gi*''s normal approximation flags sparse random counts). emerging_hot: cells whose centre lies in the locality with a new, consecutive, intensifying or persistent hot-spot pattern in est.emerging_cells() over the last 26 cycles (same cells and distance).';

CREATE FUNCTION est.assess_localities(kommun char(4), at timestamptz, baseline_cycles integer DEFAULT 8,
									  trend_cycles integer DEFAULT 12, baseline_from text DEFAULT 'previous')
RETURNS TABLE (locality_id bigint, locality text, kind text, cycle tstzrange, incidents bigint, grade integer,
			   score double precision, confidence double precision, reasons text[], reasons_en text[],
			   contributions jsonb, indicators est.assess_input)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT i.locality_id, i.locality, i.kind, i.cycle, i.incidents, a.grade, a.score, a.confidence, a.reasons,
		   a.reasons_en, a.contributions, i.indicators
	  FROM est.assessment_indicators(assess_localities.kommun, assess_localities.at,
									 assess_localities.baseline_cycles, assess_localities.trend_cycles,
									 baseline_from => assess_localities.baseline_from) i
	 -- est.assess(kommun, indicators) with the rules looked up once, not once per locality
	 CROSS JOIN LATERAL est.assess(i.indicators,
		(SELECT ar.rules FROM est.assess_rules ar WHERE ar.kommun = assess_localities.kommun)) a;
END;

COMMENT ON FUNCTION est.assess_localities(char, timestamptz, integer, integer, text) IS
'The suggested grade of every locality of the municipality for the cycle containing at: est.assessment_indicators() graded by est.assess() under the municipality''s rules, with reasons and contributions.';

-- ---------------------------------------------------------------------------------------
-- the decision record
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.assessment (
	kommun					char(4) NOT NULL
							CONSTRAINT assessment_kommun_format CHECK (est.is_kommunkod(kommun))
							REFERENCES est.municipality (kommun),
	id						bigint GENERATED BY DEFAULT AS IDENTITY,
	locality_id				bigint NOT NULL,
	cycle					tstzrange NOT NULL,
	suggested_grade			integer CHECK (suggested_grade BETWEEN 1 AND 5),
	suggested_score			double precision,
	suggested_confidence	double precision,
	reasons					text[],
	contributions			jsonb,
	decided_grade			integer NOT NULL
							CONSTRAINT assessment_decided_grade_range CHECK (decided_grade BETWEEN 1 AND 5),
	motivation				text CHECK (length(motivation) <= 4000),
	decided_by				name NOT NULL DEFAULT CURRENT_USER,
	decided_at				timestamptz NOT NULL DEFAULT clock_timestamp(),
	supersedes				bigint,
	PRIMARY KEY (kommun, id),
	FOREIGN KEY (kommun, locality_id) REFERENCES est.locality (kommun, id),
	FOREIGN KEY (kommun, supersedes) REFERENCES est.assessment (kommun, id),
	CONSTRAINT assessment_motivated CHECK (decided_grade = suggested_grade OR length(btrim(motivation)) > 0),
	CONSTRAINT assessment_supersedes_once UNIQUE (kommun, supersedes)
);

CREATE INDEX assessment_locality_cycle ON est.assessment (kommun, locality_id, cycle);

COMMENT ON TABLE est.assessment IS
'The grades the meetings decided, with the suggestion as computed then (grade, score, confidence, reasons, contributions). Append-only: a new decision for the same locality and cycle supersedes the earlier one (supersedes) and never overwrites it. A decided grade that differs from the suggestion needs a motivation.';
COMMENT ON COLUMN est.assessment.cycle IS 'The reporting cycle assessed, as est.cycle() gives it.';
COMMENT ON COLUMN est.assessment.supersedes IS 'The earlier decision for the same locality and cycle that this one replaces; NULL for the first.';
COMMENT ON COLUMN est.assessment.decided_by IS 'The database role that recorded the decision.';

CREATE FUNCTION est._assessment_append_only() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
		MESSAGE = 'assessment decisions are never changed',
		HINT = 'Record a new decision with est.decide(); it supersedes the earlier one and both stay on record.';
END
$$;

COMMENT ON FUNCTION est._assessment_append_only() IS
'Trigger: refuses UPDATE of est.assessment (55000): decisions are superseded, never overwritten.';

CREATE TRIGGER assessment_append_only BEFORE UPDATE ON est.assessment
	FOR EACH ROW EXECUTE FUNCTION est._assessment_append_only();

CREATE FUNCTION est.decide(kommun char(4), locality_id bigint, at timestamptz, decided_grade integer,
						   motivation text DEFAULT NULL, suggestion est.assess_result DEFAULT NULL)
RETURNS est.assessment
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
DECLARE
	c est.cycle_period;
	prev bigint;
	rec est.assessment;
BEGIN
	IF kommun IS NULL OR locality_id IS NULL OR at IS NULL OR decided_grade IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'decide: kommun, locality_id, at and decided_grade are required',
			HINT = 'at is any instant in the cycle decided on, e.g. the meeting time.';
	END IF;
	IF decided_grade NOT BETWEEN 1 AND 5 THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('decide: grade %s is outside the scale 1–5', decided_grade),
			HINT = '1 = normalläge … 5 = mycket allvarligt; see est.grade_scale(kommun).';
	END IF;
	IF (suggestion IS NULL OR suggestion.grade IS DISTINCT FROM decided_grade)
	   AND coalesce(btrim(motivation), '') = '' THEN
		RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
			MESSAGE = CASE WHEN suggestion IS NULL
						   THEN 'decide: a grade decided without a suggestion needs a motivation'
						   ELSE format('decide: grade %s differs from the suggested %s and needs a motivation',
									   decided_grade, suggestion.grade) END,
			HINT = 'Say in a sentence why the meeting judged it so.';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM est.locality l WHERE l.kommun = decide.kommun AND l.id = decide.locality_id) THEN
		RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
			MESSAGE = format('decide: %s is not a locality of municipality %s', locality_id, kommun),
			HINT = 'Give the id of a row of est.locality that you may see.';
	END IF;
	c := est.cycle(kommun, at);
	-- serialise decisions on the same locality so that each supersedes exactly the latest
	PERFORM pg_advisory_xact_lock(hashtextextended('est.decide:' || kommun || ':' || locality_id || ':' || c.starts, 0));
	SELECT a.id INTO prev FROM est.assessment a
	 WHERE a.kommun = decide.kommun AND a.locality_id = decide.locality_id
	   AND a.cycle = tstzrange(c.starts, c.ends, '[)')
	 ORDER BY a.decided_at DESC, a.id DESC LIMIT 1;
	INSERT INTO est.assessment (kommun, locality_id, cycle, suggested_grade, suggested_score,
								suggested_confidence, reasons, contributions, decided_grade, motivation,
								supersedes)
	VALUES (kommun, locality_id, tstzrange(c.starts, c.ends, '[)'), suggestion.grade, suggestion.score,
			suggestion.confidence, suggestion.reasons, suggestion.contributions, decided_grade,
			nullif(btrim(motivation), ''), prev)
	RETURNING * INTO rec;
	RETURN rec;
END
$$;

COMMENT ON FUNCTION est.decide(char, bigint, timestamptz, integer, text, est.assess_result) IS
'Records the grade a meeting decided for a locality and the cycle containing at, with the suggestion as computed then (pass the est.assess() result). A later decision for the same locality and cycle supersedes the earlier one; nothing is overwritten. Refuses a grade outside 1–5 (22023), a missing motivation when the grade differs from the suggestion or there is none (22023), and a locality that is not the municipality''s (23503).';

CREATE VIEW est.current_assessment WITH (security_invoker = true) AS
SELECT a.kommun, a.locality_id, l.name AS locality, a.cycle, a.decided_grade AS grade,
	   s.label_sv, s.label_en, s.colour, a.suggested_grade, a.motivation, a.reasons,
	   a.decided_by, a.decided_at, a.id AS assessment_id
  FROM est.assessment a
  JOIN est.locality l ON l.kommun = a.kommun AND l.id = a.locality_id
  CROSS JOIN LATERAL est.grade_scale(a.kommun) s
 WHERE s.grade = a.decided_grade
   AND NOT EXISTS (SELECT 1 FROM est.assessment b WHERE b.kommun = a.kommun AND b.supersedes = a.id);

COMMENT ON VIEW est.current_assessment IS
'The decision in force for each locality and cycle (the latest, not superseded), with the municipality''s label and colour for the grade.';

-- ---------------------------------------------------------------------------------------
-- tenancy, privileges, pg_dump
-- ---------------------------------------------------------------------------------------

SELECT est._tenant_isolation(t)
  FROM unnest(ARRAY['est.grade_level', 'est.assess_rules', 'est.assessment']::regclass[]) AS t;

GRANT SELECT ON est.grade_default, est.grade_level, est.assess_rules TO est_reporter;
GRANT SELECT, INSERT ON est.assessment TO est_analyst;
GRANT SELECT ON est.current_assessment TO est_analyst;
GRANT INSERT, UPDATE, DELETE ON est.grade_level, est.assess_rules TO est_admin;

SELECT pg_catalog.pg_extension_config_dump('est.grade_level', '');
SELECT pg_catalog.pg_extension_config_dump('est.assess_rules', '');
SELECT pg_catalog.pg_extension_config_dump('est.assessment', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('est.assessment', 'id')::regclass, '');
