-- security: one municipality's member cannot see another's rows (details: test/pgtap/security.sql)
\set SHOW_CONTEXT never
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0180', 'Stockholm');
INSERT INTO est.incident (kommun, category, occurred, geom) VALUES
 ('0188', 'skadegorelse', '[2024-05-01,2024-05-01]', 'SRID=3006;POINT(703000 6623000)'),
 ('0180', 'skadegorelse', '[2024-05-01,2024-05-01]', 'SRID=3006;POINT(670000 6580000)');
CREATE ROLE est_rt_norrtalje IN ROLE est_analyst;
INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'est_rt_norrtalje');
SELECT count(*) AS tenant_tables, count(*) FILTER (WHERE NOT relrowsecurity) AS without_rls
  FROM pg_class c WHERE relnamespace = 'est'::regnamespace AND relkind = 'r'
   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'kommun')
   AND relname IN ('municipality', 'locality', 'organisation', 'reporter', 'incident', 'reporting_round', 'survey_result', 'member');
SET ROLE est_rt_norrtalje;
SELECT est.current_kommuner();
SELECT kommun, category FROM est.incident;
INSERT INTO est.incident (kommun, category, occurred, geom)
VALUES ('0180', 'skadegorelse', '[2024-05-02,2024-05-02]', 'SRID=3006;POINT(670000 6580000)');
RESET ROLE;
SELECT kommun, count(*) FROM est.incident GROUP BY 1 ORDER BY 1;
SET client_min_messages = warning;
TRUNCATE est.municipality CASCADE;
RESET client_min_messages;
DROP ROLE est_rt_norrtalje;
