-- pgTAP: the catalogue — every est function's kind, volatility, strictness, parallel safety and
-- SECURITY DEFINER flag, frozen here so that any change is deliberate, and the conventions every
-- object must follow (COMMENT ON, pinned search_path, BEGIN ATOMIC SQL bodies, parallel aggregates).
-- A new function fails the first test until it is added below with honest markings.
BEGIN;
SELECT plan(12);

SELECT results_eq(
	$$ SELECT p.oid::regprocedure::text, p.prokind::text, p.provolatile::text, p.proisstrict,
			  p.proparallel::text, p.prosecdef
		 FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace ORDER BY p.oid::regprocedure::text COLLATE "C" $$,
	$$ VALUES
	('est._check_kommun(text,text)', 'f', 'i', false, 's', false),
	('est._incident_validate()', 'f', 'v', false, 'u', false),
	('est._locality_changed()', 'f', 'v', false, 'u', true),
	('est._locality_validate()', 'f', 'v', false, 'u', false),
	('est._member_validate()', 'f', 'v', false, 'u', false),
	('est._municipality_exists(character)', 'f', 's', true, 's', true),
	('est._municipality_validate()', 'f', 'v', false, 'u', false),
	('est._organisation_validate()', 'f', 'v', false, 'u', false),
	('est._relocate_incidents(character,geometry[])', 'f', 'v', false, 'u', false),
	('est._reporter_validate()', 'f', 'v', false, 'u', false),
	('est._reporting_round_validate()', 'f', 'v', false, 'u', false),
	('est._require_municipality(character,text)', 'f', 's', false, 's', false),
	('est._survey_result_validate()', 'f', 'v', false, 'u', false),
	('est.current_kommuner()', 'f', 's', false, 's', false),
	('est.cycle(character,timestamp with time zone)', 'f', 's', true, 's', false),
	('est.cycle_at(timestamp with time zone,text,text,date,time without time zone,interval)', 'f', 'i', true, 's', false),
	('est.cycle_series(tstzrange,text,text,date,time without time zone,interval)', 'f', 'i', true, 's', false),
	('est.cycles(character,tstzrange)', 'f', 's', true, 's', false),
	('est.daterange(est.tertial)', 'f', 'i', true, 's', false),
	('est.int4_pl_tertial(integer,est.tertial)', 'f', 'i', true, 's', false),
	('est.is_kommunkod(text)', 'f', 'i', true, 's', false),
	('est.locality_kind_rank(text)', 'f', 'i', true, 's', false),
	('est.locality_of(character,geometry,text)', 'f', 's', false, 's', false),
	('est.lower(est.tertial)', 'f', 'i', true, 's', false),
	('est.max(est.tertial)', 'a', 'i', false, 's', false),
	('est.min(est.tertial)', 'a', 'i', false, 's', false),
	('est.tertial(date)', 'f', 'i', true, 's', false),
	('est.tertial(integer,integer)', 'f', 'i', true, 's', false),
	('est.tertial(timestamp with time zone,text)', 'f', 'i', true, 's', false),
	('est.tertial(timestamp without time zone)', 'f', 'i', true, 's', false),
	('est.tertial_cmp(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_eq(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_ge(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_gt(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_hash(est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_hash_extended(est.tertial,bigint)', 'f', 'i', true, 's', false),
	('est.tertial_in(cstring)', 'f', 'i', true, 's', false),
	('est.tertial_in_range(est.tertial,est.tertial,integer,boolean,boolean)', 'f', 'i', true, 's', false),
	('est.tertial_larger(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_le(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_lt(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_mi(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_mi_int4(est.tertial,integer)', 'f', 'i', true, 's', false),
	('est.tertial_ne(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_number(est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_out(est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_pl_int4(est.tertial,integer)', 'f', 'i', true, 's', false),
	('est.tertial_range(est.tertial,text)', 'f', 'i', true, 's', false),
	('est.tertial_recv(internal)', 'f', 'i', true, 's', false),
	('est.tertial_send(est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_series(est.tertial,est.tertial,integer)', 'f', 'i', true, 's', false),
	('est.tertial_smaller(est.tertial,est.tertial)', 'f', 'i', true, 's', false),
	('est.tertial_year(est.tertial)', 'f', 'i', true, 's', false),
	('est.to_sweref99tm(geometry,text,text)', 'f', 'i', true, 's', false),
	('est.upper(est.tertial)', 'f', 'i', true, 's', false),
	('est.valid_time_zone(text)', 'f', 'i', true, 's', false)
	$$,
	'every est function: kind, volatility (i/s/v), STRICT, parallel safety (s/u) and SECURITY DEFINER');

SELECT is_empty($$ SELECT p.oid::regprocedure::text FROM pg_proc p
	WHERE p.pronamespace = 'est'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL $$,
	'every function and aggregate has COMMENT ON');
SELECT is_empty($$ SELECT c.relname FROM pg_class c
	WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'v', 'm')
	  AND obj_description(c.oid, 'pg_class') IS NULL $$,
	'every table and view has COMMENT ON');
SELECT is_empty($$ SELECT t.typname FROM pg_type t
	WHERE t.typnamespace = 'est'::regnamespace AND t.typtype IN ('b', 'c', 'd', 'e') AND t.typcategory <> 'A'
	  AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
	  AND obj_description(t.oid, 'pg_type') IS NULL $$,
	'every type (base, composite, domain, enum) has COMMENT ON');
SELECT is_empty($$ SELECT o.oid::regoperator::text FROM pg_operator o
	WHERE o.oprnamespace = 'est'::regnamespace AND obj_description(o.oid, 'pg_operator') IS NULL $$,
	'every operator has COMMENT ON');
SELECT is_empty($$ SELECT c.relname || '.' || a.attname FROM pg_class c
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	WHERE c.relnamespace = 'est'::regnamespace AND c.relname IN ('incident', 'locality', 'municipality')
	  AND col_description(c.oid, a.attnum) IS NULL AND a.attname NOT IN ('created_at') $$,
	'every column of the API tables incident, locality and municipality has COMMENT ON');

SELECT is_empty($$ SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
	WHERE p.pronamespace = 'est'::regnamespace AND l.lanname = 'plpgsql'
	  AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') $$,
	'every PL/pgSQL function pins its search_path (SET search_path FROM CURRENT)');
SELECT is_empty($$ SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
	WHERE p.pronamespace = 'est'::regnamespace AND l.lanname = 'sql' AND p.prosqlbody IS NULL $$,
	'every SQL function has a BEGIN ATOMIC / RETURN body (names bound at creation)');
SELECT is_empty($$ SELECT p.oid::regprocedure::text FROM pg_proc p
	WHERE p.pronamespace = 'est'::regnamespace AND p.prosecdef AND p.prosqlbody IS NULL
	  AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') $$,
	'no SECURITY DEFINER function resolves names at run time');
SELECT is_empty($$ SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
	WHERE p.pronamespace = 'est'::regnamespace AND (a.aggcombinefn = 0 OR p.proparallel <> 's') $$,
	'every aggregate is PARALLEL SAFE with a combine function');
SELECT is_empty($$ SELECT p.oid::regprocedure::text FROM pg_proc p
	WHERE p.pronamespace = 'est'::regnamespace AND p.proparallel = 's' AND p.provolatile = 'v' $$,
	'no volatile function claims to be parallel safe');
SELECT is(
	(SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
	  WHERE c.relnamespace = 'est'::regnamespace AND c.relkind IN ('r', 'S')
		AND NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'est' AND c.oid = ANY (e.extconfig))),
	NULL, 'every table and id sequence is registered with pg_extension_config_dump');

SELECT * FROM finish();
ROLLBACK;
