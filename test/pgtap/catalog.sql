-- pgTAP: the catalogue — every est function's kind, volatility, strictness, parallel safety and
-- SECURITY DEFINER flag, frozen in test/catalog/<module>.tsv so that any change is deliberate,
-- and the conventions every object must follow (COMMENT ON, pinned search_path, BEGIN ATOMIC
-- SQL bodies, parallel aggregates). A new function fails the first test until its module's
-- file lists it with honest markings.
BEGIN;
SELECT plan(12);

-- the markings each module promises, one file per module: test/catalog/<module>.tsv with
-- signature, prokind, provolatile, proisstrict, proparallel, prosecdef (t/f), tab-separated
CREATE TEMP TABLE promised (sig text, kind text, vol text, strict boolean, par text, secdef boolean);
\copy promised FROM PROGRAM 'cat test/catalog/*.tsv'
SELECT results_eq(
	$$ SELECT p.oid::regprocedure::text, p.prokind::text, p.provolatile::text, p.proisstrict,
			  p.proparallel::text, p.prosecdef
		 FROM pg_proc p WHERE p.pronamespace = 'est'::regnamespace ORDER BY p.oid::regprocedure::text COLLATE "C" $$,
	$$ SELECT sig, kind, vol, strict, par, secdef FROM promised ORDER BY sig COLLATE "C" $$,
	'every est function has the kind, volatility (i/s/v), STRICT, parallel safety (s/u) and SECURITY DEFINER its module promises in test/catalog/');

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
		AND c.relname <> ALL (ARRAY['grade_default'])	-- reference data only CREATE EXTENSION writes
		AND NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'est' AND c.oid = ANY (e.extconfig))),
	NULL, 'every table holding an installation''s data, and every id sequence, is registered with pg_extension_config_dump');

SELECT * FROM finish();
ROLLBACK;
