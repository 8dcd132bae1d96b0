-- security: group roles, the membership of database roles in municipalities, and
-- row-level security on every tenant table so that a member of one municipality can
-- neither see nor change another's rows.
--
--   est_public    nothing but the schema (public, suppressed outputs are granted later)
--   est_reporter  reads its municipality's localities and categories; files incidents and
--                 reporting rounds
--   est_analyst   est_reporter + reads everything of its municipalities; writes localities,
--                 incidents, organisations, reporters, rounds and survey results
--   est_admin     est_analyst + deletes, and edits its municipality's configuration
--
-- Membership (est.member) is managed by the database owner. Superusers and the extension
-- owner bypass row-level security, as PostgreSQL always lets them.

DO $roles$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['est_public', 'est_reporter', 'est_analyst', 'est_admin'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
	END LOOP;
END
$roles$;

GRANT est_reporter TO est_analyst;
GRANT est_analyst TO est_admin;

-- ---------------------------------------------------------------------------------------
-- membership
-- ---------------------------------------------------------------------------------------

CREATE TABLE est.member (
	kommun		char(4) NOT NULL
				CONSTRAINT member_kommun_format CHECK (est.is_kommunkod(kommun))
				REFERENCES est.municipality (kommun) ON DELETE CASCADE,
	role_name	name NOT NULL,
	PRIMARY KEY (kommun, role_name)
);

CREATE INDEX member_role ON est.member (role_name);

COMMENT ON TABLE est.member IS
'Which database roles work for which municipalities. A session sees and changes the rows of the municipalities of every role it is a member of (directly or through other roles). Managed by the database owner; each role sees only its own memberships.';
COMMENT ON COLUMN est.member.role_name IS 'A database role (login or group); members of it inherit the municipality.';

CREATE FUNCTION est._member_validate() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
	PERFORM est._require_municipality(NEW.kommun, 'member');
	IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = NEW.role_name) THEN
		RAISE EXCEPTION USING ERRCODE = 'undefined_object',
			MESSAGE = format('member: role "%s" does not exist', NEW.role_name),
			HINT = 'Create the role first (CREATE ROLE ... IN ROLE est_analyst), then map it to the municipality.';
	END IF;
	RETURN NEW;
END
$$;

COMMENT ON FUNCTION est._member_validate() IS
'Trigger: a membership names a registered municipality and an existing role.';

CREATE TRIGGER member_validate BEFORE INSERT OR UPDATE ON est.member
	FOR EACH ROW EXECUTE FUNCTION est._member_validate();

CREATE FUNCTION est.current_kommuner() RETURNS char(4)[]
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
	SELECT coalesce(array_agg(DISTINCT m.kommun ORDER BY m.kommun), '{}')
	  FROM est.member m
	  JOIN pg_catalog.pg_roles r ON r.rolname = m.role_name
	 WHERE pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER');
END;

COMMENT ON FUNCTION est.current_kommuner() IS
'The kommun codes the current role works for: those mapped in est.member to it or to any role it is a member of. The row-level security policies of every tenant table compare kommun with this list.';

ALTER TABLE est.member ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_own ON est.member FOR SELECT
	USING (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
				   WHERE r.rolname = member.role_name
					 AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')));

-- ---------------------------------------------------------------------------------------
-- row-level security on every tenant table
-- ---------------------------------------------------------------------------------------

CREATE FUNCTION est._tenant_isolation(tenant_table regclass) RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path FROM CURRENT
AS $$
BEGIN
	EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tenant_table);
	EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
					   USING (kommun = ANY ((SELECT est.current_kommuner())::char(4)[]))
					   WITH CHECK (kommun = ANY ((SELECT est.current_kommuner())::char(4)[]))$p$, tenant_table);
	EXECUTE format($c$COMMENT ON POLICY tenant_isolation ON %s IS
		'A role sees and writes only the rows of the municipalities it works for (est.current_kommuner()).'$c$,
		tenant_table);
END
$$;

COMMENT ON FUNCTION est._tenant_isolation(regclass) IS
'Internal, for the extension script: enables row-level security on a tenant table and adds the tenant_isolation policy (kommun must be one of est.current_kommuner()). Every module that adds a tenant table calls it; only the tables'' owner can.';

SELECT est._tenant_isolation(t)
  FROM unnest(ARRAY['est.municipality', 'est.locality', 'est.organisation', 'est.reporter', 'est.incident',
					'est.reporting_round', 'est.survey_result', 'est.purge_run']::regclass[]) AS t;

-- ---------------------------------------------------------------------------------------
-- privileges
-- ---------------------------------------------------------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA est FROM PUBLIC;
GRANT USAGE ON SCHEMA est TO est_public, est_reporter, est_analyst, est_admin;

GRANT SELECT ON est.category, est.police_event_type TO est_reporter;
GRANT SELECT ON est.municipality, est.locality, est.organisation, est.member TO est_reporter;
GRANT SELECT (kommun, id, pseudonym, organisation_id, active, locality_id) ON est.reporter TO est_reporter;
GRANT SELECT, INSERT ON est.incident, est.reporting_round TO est_reporter;

GRANT SELECT ON ALL TABLES IN SCHEMA est TO est_analyst;
GRANT INSERT, UPDATE ON est.locality, est.organisation, est.reporter, est.incident,
	est.reporting_round, est.survey_result TO est_analyst;

GRANT UPDATE ON est.municipality TO est_admin;
GRANT DELETE ON est.locality, est.organisation, est.reporter, est.incident,
	est.reporting_round, est.survey_result TO est_admin;
-- data protection (schema.sql): the admin purges and sees the record of runs
GRANT INSERT ON est.purge_run TO est_admin;
GRANT EXECUTE ON FUNCTION est.purge_personal_data(interval) TO est_admin;

COMMENT ON ROLE est_public IS 'est: may use the schema; receives only public, suppressed outputs.';
COMMENT ON ROLE est_reporter IS 'est: files incidents and reporting rounds for its municipalities.';
COMMENT ON ROLE est_analyst IS 'est: reads and maintains the data of its municipalities (includes est_reporter).';
COMMENT ON ROLE est_admin IS 'est: analyst who may also delete and configure its municipalities (includes est_analyst).';

SELECT pg_catalog.pg_extension_config_dump('est.member', '');
