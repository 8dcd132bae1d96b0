-- period module: the est.tertial type (T1 = Jan–Apr, T2 = May–Aug,
-- T3 = Sep–Dec) and reporting cycles (weekly, fortnightly, monthly) cut at a
-- local wall-clock time in a named time zone.  C in src/period.c and
-- src/core/period.c; documentation in docs/period.md.

-- ---------------------------------------------------------------- the type

CREATE TYPE est.tertial;

CREATE FUNCTION est.tertial_in(cstring) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_out(est.tertial) RETURNS cstring
	AS 'MODULE_PATHNAME', 'tertial_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_recv(internal) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_send(est.tertial) RETURNS bytea
	AS 'MODULE_PATHNAME', 'tertial_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE est.tertial (
	INPUT = est.tertial_in,
	OUTPUT = est.tertial_out,
	RECEIVE = est.tertial_recv,
	SEND = est.tertial_send,
	INTERNALLENGTH = 4,
	PASSEDBYVALUE,
	ALIGNMENT = int4,
	STORAGE = plain
);

COMMENT ON TYPE est.tertial IS
	'A third of a calendar year: T1 = January–April, T2 = May–August, T3 = September–December; written 2024-T2; years 1 to 9999.';
COMMENT ON FUNCTION est.tertial_in(cstring) IS
	'Input of est.tertial: YYYY-Tn or YYYYTn (T or t, n = 1, 2 or 3), surrounding white space allowed.';
COMMENT ON FUNCTION est.tertial_out(est.tertial) IS
	'Output of est.tertial as YYYY-Tn, e.g. 2024-T2.';
COMMENT ON FUNCTION est.tertial_recv(internal) IS
	'Binary input of est.tertial: a 4-byte integer year * 3 + (n - 1), validated.';
COMMENT ON FUNCTION est.tertial_send(est.tertial) IS
	'Binary output of est.tertial: a 4-byte integer year * 3 + (n - 1).';

-- ---------------------------------------------------------------- comparison

CREATE FUNCTION est.tertial_eq(est.tertial, est.tertial) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_ne(est.tertial, est.tertial) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_lt(est.tertial, est.tertial) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_le(est.tertial, est.tertial) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_gt(est.tertial, est.tertial) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_ge(est.tertial, est.tertial) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_cmp(est.tertial, est.tertial) RETURNS integer
	AS 'MODULE_PATHNAME', 'tertial_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_hash(est.tertial) RETURNS integer
	AS 'MODULE_PATHNAME', 'tertial_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_hash_extended(est.tertial, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME', 'tertial_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION est.tertial_in_range(est.tertial, est.tertial, integer, boolean, boolean) RETURNS boolean
	AS 'MODULE_PATHNAME', 'tertial_in_range' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_smaller(est.tertial, est.tertial) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_larger(est.tertial, est.tertial) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION est.tertial_eq(est.tertial, est.tertial) IS 'True if two tertials are the same (implements =).';
COMMENT ON FUNCTION est.tertial_ne(est.tertial, est.tertial) IS 'True if two tertials differ (implements <>).';
COMMENT ON FUNCTION est.tertial_lt(est.tertial, est.tertial) IS 'True if the first tertial is earlier (implements <).';
COMMENT ON FUNCTION est.tertial_le(est.tertial, est.tertial) IS 'True if the first tertial is earlier or the same (implements <=).';
COMMENT ON FUNCTION est.tertial_gt(est.tertial, est.tertial) IS 'True if the first tertial is later (implements >).';
COMMENT ON FUNCTION est.tertial_ge(est.tertial, est.tertial) IS 'True if the first tertial is later or the same (implements >=).';
COMMENT ON FUNCTION est.tertial_cmp(est.tertial, est.tertial) IS 'Btree support: -1, 0 or 1 as the first tertial is earlier, the same or later.';
COMMENT ON FUNCTION est.tertial_hash(est.tertial) IS 'Hash support: 32-bit hash of a tertial.';
COMMENT ON FUNCTION est.tertial_hash_extended(est.tertial, bigint) IS 'Hash support: seeded 64-bit hash of a tertial (hash partitioning).';
COMMENT ON FUNCTION est.tertial_in_range(est.tertial, est.tertial, integer, boolean, boolean) IS
	'Btree support for window frames: RANGE BETWEEN n PRECEDING AND m FOLLOWING over tertials, n and m counted in tertials.';
COMMENT ON FUNCTION est.tertial_smaller(est.tertial, est.tertial) IS 'The earlier of two tertials (state function of est.min).';
COMMENT ON FUNCTION est.tertial_larger(est.tertial, est.tertial) IS 'The later of two tertials (state function of est.max).';

CREATE OPERATOR est.= (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_eq,
	COMMUTATOR = OPERATOR(est.=), NEGATOR = OPERATOR(est.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR est.<> (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_ne,
	COMMUTATOR = OPERATOR(est.<>), NEGATOR = OPERATOR(est.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR est.< (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_lt,
	COMMUTATOR = OPERATOR(est.>), NEGATOR = OPERATOR(est.>=),
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR est.<= (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_le,
	COMMUTATOR = OPERATOR(est.>=), NEGATOR = OPERATOR(est.>),
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR est.> (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_gt,
	COMMUTATOR = OPERATOR(est.<), NEGATOR = OPERATOR(est.<=),
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR est.>= (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_ge,
	COMMUTATOR = OPERATOR(est.<=), NEGATOR = OPERATOR(est.<),
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR est.= (est.tertial, est.tertial) IS 'Same tertial.';
COMMENT ON OPERATOR est.<> (est.tertial, est.tertial) IS 'Different tertials.';
COMMENT ON OPERATOR est.< (est.tertial, est.tertial) IS 'Earlier tertial.';
COMMENT ON OPERATOR est.<= (est.tertial, est.tertial) IS 'Earlier or same tertial.';
COMMENT ON OPERATOR est.> (est.tertial, est.tertial) IS 'Later tertial.';
COMMENT ON OPERATOR est.>= (est.tertial, est.tertial) IS 'Later or same tertial.';

CREATE OPERATOR CLASS est.tertial_ops
	DEFAULT FOR TYPE est.tertial USING btree AS
		OPERATOR 1 est.<,
		OPERATOR 2 est.<=,
		OPERATOR 3 est.=,
		OPERATOR 4 est.>=,
		OPERATOR 5 est.>,
		FUNCTION 1 est.tertial_cmp(est.tertial, est.tertial),
		FUNCTION 3 est.tertial_in_range(est.tertial, est.tertial, integer, boolean, boolean);

CREATE OPERATOR CLASS est.tertial_hash_ops
	DEFAULT FOR TYPE est.tertial USING hash AS
		OPERATOR 1 est.=,
		FUNCTION 1 est.tertial_hash(est.tertial),
		FUNCTION 2 est.tertial_hash_extended(est.tertial, bigint);

COMMENT ON OPERATOR CLASS est.tertial_ops USING btree IS
	'Default btree operator class of est.tertial: chronological order (ORDER BY, indexes, merge joins, window RANGE frames).';
COMMENT ON OPERATOR FAMILY est.tertial_ops USING btree IS
	'Btree operator family of est.tertial.';
COMMENT ON OPERATOR CLASS est.tertial_hash_ops USING hash IS
	'Default hash operator class of est.tertial (GROUP BY, DISTINCT, hash joins, hash partitioning).';
COMMENT ON OPERATOR FAMILY est.tertial_hash_ops USING hash IS
	'Hash operator family of est.tertial.';

CREATE AGGREGATE est.min(est.tertial) (
	SFUNC = est.tertial_smaller, STYPE = est.tertial,
	COMBINEFUNC = est.tertial_smaller, SORTOP = OPERATOR(est.<),
	PARALLEL = SAFE
);
CREATE AGGREGATE est.max(est.tertial) (
	SFUNC = est.tertial_larger, STYPE = est.tertial,
	COMBINEFUNC = est.tertial_larger, SORTOP = OPERATOR(est.>),
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE est.min(est.tertial) IS 'The earliest tertial of a group.';
COMMENT ON AGGREGATE est.max(est.tertial) IS 'The latest tertial of a group.';

-- ---------------------------------------------------------------- constructors and accessors

CREATE FUNCTION est.tertial(at timestamptz, time_zone text DEFAULT 'Europe/Stockholm')
	RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_from_timestamptz'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial(wall_clock timestamp) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_from_timestamp'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial(day date) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_from_date'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial(year integer, n integer) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_make'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_year(est.tertial) RETURNS integer
	AS 'MODULE_PATHNAME', 'tertial_year'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_number(est.tertial) RETURNS integer
	AS 'MODULE_PATHNAME', 'tertial_number'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.lower(est.tertial) RETURNS date
	AS 'MODULE_PATHNAME', 'tertial_lower'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.upper(est.tertial) RETURNS date
	AS 'MODULE_PATHNAME', 'tertial_upper'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.daterange(est.tertial) RETURNS daterange
	AS 'MODULE_PATHNAME', 'tertial_daterange'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_range(t est.tertial, time_zone text DEFAULT 'Europe/Stockholm')
	RETURNS tstzrange
	AS 'MODULE_PATHNAME', 'tertial_tstzrange'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.valid_time_zone(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'est_valid_time_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (est.tertial AS daterange)
	WITH FUNCTION est.daterange(est.tertial);  -- explicit only

COMMENT ON FUNCTION est.tertial(timestamptz, text) IS
	'The tertial holding an instant, by the local calendar date in time_zone (default Europe/Stockholm), whatever the session TimeZone.';
COMMENT ON FUNCTION est.tertial(timestamp) IS
	'The tertial of a local wall-clock timestamp (no time zone conversion).';
COMMENT ON FUNCTION est.tertial(date) IS
	'The tertial holding a date.';
COMMENT ON FUNCTION est.tertial(integer, integer) IS
	'The tertial n (1, 2 or 3) of a year (1 to 9999): est.tertial(2024, 2) = 2024-T2.';
COMMENT ON FUNCTION est.tertial_year(est.tertial) IS
	'Year of a tertial.';
COMMENT ON FUNCTION est.tertial_number(est.tertial) IS
	'Number of a tertial within its year: 1, 2 or 3.';
COMMENT ON FUNCTION est.lower(est.tertial) IS
	'First day of a tertial (1 January, 1 May or 1 September).';
COMMENT ON FUNCTION est.upper(est.tertial) IS
	'First day of the next tertial: the exclusive end, as in daterange.';
COMMENT ON FUNCTION est.daterange(est.tertial) IS
	'The days of a tertial as a daterange [lower, upper); also the cast est.tertial AS daterange.';
COMMENT ON FUNCTION est.tertial_range(est.tertial, text) IS
	'A tertial as instants: [local midnight of its first day, local midnight of the next tertial''s first day) in time_zone (default Europe/Stockholm).';
COMMENT ON FUNCTION est.valid_time_zone(text) IS
	'True if the text names a time zone that the period functions accept (pg_timezone_names, e.g. Europe/Stockholm; not abbreviations such as CEST).';
COMMENT ON CAST (est.tertial AS daterange) IS
	'The days of a tertial, [first day, first day of the next tertial).';

-- ---------------------------------------------------------------- arithmetic

CREATE FUNCTION est.tertial_pl_int4(est.tertial, integer) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_pl_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.int4_pl_tertial(integer, est.tertial) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'int4_pl_tertial' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_mi_int4(est.tertial, integer) RETURNS est.tertial
	AS 'MODULE_PATHNAME', 'tertial_mi_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION est.tertial_mi(est.tertial, est.tertial) RETURNS integer
	AS 'MODULE_PATHNAME', 'tertial_mi' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION est.tertial_pl_int4(est.tertial, integer) IS 'A tertial moved n tertials later (implements tertial + integer).';
COMMENT ON FUNCTION est.int4_pl_tertial(integer, est.tertial) IS 'A tertial moved n tertials later (implements integer + tertial).';
COMMENT ON FUNCTION est.tertial_mi_int4(est.tertial, integer) IS 'A tertial moved n tertials earlier (implements tertial - integer).';
COMMENT ON FUNCTION est.tertial_mi(est.tertial, est.tertial) IS 'Number of tertials from the second to the first (implements tertial - tertial).';

CREATE OPERATOR est.+ (
	LEFTARG = est.tertial, RIGHTARG = integer, FUNCTION = est.tertial_pl_int4,
	COMMUTATOR = OPERATOR(est.+)
);
CREATE OPERATOR est.+ (
	LEFTARG = integer, RIGHTARG = est.tertial, FUNCTION = est.int4_pl_tertial,
	COMMUTATOR = OPERATOR(est.+)
);
CREATE OPERATOR est.- (
	LEFTARG = est.tertial, RIGHTARG = integer, FUNCTION = est.tertial_mi_int4
);
CREATE OPERATOR est.- (
	LEFTARG = est.tertial, RIGHTARG = est.tertial, FUNCTION = est.tertial_mi
);

COMMENT ON OPERATOR est.+ (est.tertial, integer) IS 'Tertial n tertials later: 2024-T3 + 1 = 2025-T1.';
COMMENT ON OPERATOR est.+ (integer, est.tertial) IS 'Tertial n tertials later: 1 + 2024-T3 = 2025-T1.';
COMMENT ON OPERATOR est.- (est.tertial, integer) IS 'Tertial n tertials earlier: 2024-T1 - 1 = 2023-T3.';
COMMENT ON OPERATOR est.- (est.tertial, est.tertial) IS 'Number of tertials between two tertials: 2025-T1 - 2024-T2 = 2.';

CREATE FUNCTION est.tertial_series(start est.tertial, stop est.tertial, step integer DEFAULT 1)
	RETURNS SETOF est.tertial
	AS 'MODULE_PATHNAME', 'tertial_series'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION est.tertial_series(est.tertial, est.tertial, integer) IS
	'Tertials from start to stop inclusive, step tertials apart (negative step counts back), like generate_series.';

-- ---------------------------------------------------------------- reporting cycles

CREATE TYPE est.cycle_period AS (
	seq integer,
	starts timestamptz,
	ends timestamptz,
	meeting_at timestamptz,
	label text
);
COMMENT ON TYPE est.cycle_period IS
	'One reporting cycle: number seq (0 = the cycle starting at the anchor''s cut-off), [starts, ends) with ends the report deadline, the meeting time and a label (ISO week 2024-W02, or month 2024-01).';

CREATE FUNCTION est.cycle_at(at timestamptz, time_zone text, length text, anchor date,
							 cutoff time, meeting_offset interval DEFAULT '0')
	RETURNS est.cycle_period
	AS 'MODULE_PATHNAME', 'est_cycle_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION est.cycle_at(timestamptz, text, text, date, time, interval) IS
	'The reporting cycle holding an instant.  Cut-offs are local wall-clock times in time_zone: anchor + k weeks (weekly) or 2k weeks (fortnightly) at cutoff, or the anchor''s day of month (clamped to the month''s last day) at cutoff (monthly).  A cycle is [cut-off k, cut-off k+1); meeting_at is the deadline plus meeting_offset in local wall-clock time.';

CREATE FUNCTION est.cycle_series(during tstzrange, time_zone text, length text, anchor date,
								 cutoff time, meeting_offset interval DEFAULT '0')
	RETURNS SETOF est.cycle_period
	AS 'MODULE_PATHNAME', 'est_cycle_series'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION est.cycle_series(tstzrange, text, text, date, time, interval) IS
	'Every reporting cycle overlapping a bounded range (tstzrange(starts, ends) && during), in order; the rule as in est.cycle_at.';
