-- security: one municipality's member cannot see another's rows (details: test/pgtap/security.sql)
\set SHOW_CONTEXT never
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje'), ('0180', 'Stockholm');
INSERT INTO est.incident (kommun, category, occurred, geom) VALUES
 ('0188', 'skadegorelse', '[2024-05-01,2024-05-01]', 'SRID=3006;POINT(703000 6623000)'),
 ('0180', 'skadegorelse', '[2024-05-01,2024-05-01]', 'SRID=3006;POINT(670000 6580000)');
CREATE ROLE est_rt_norrtalje IN ROLE est_analyst;
INSERT INTO est.member (kommun, role_name) VALUES ('0188', 'est_rt_norrtalje');
SELECT relname, relrowsecurity FROM pg_class WHERE relnamespace = 'est'::regnamespace AND relkind = 'r' ORDER BY 1;
SET ROLE est_rt_norrtalje;
SELECT est.current_kommuner();
SELECT kommun, category FROM est.incident;
INSERT INTO est.incident (kommun, category, occurred, geom)
VALUES ('0180', 'skadegorelse', '[2024-05-02,2024-05-02]', 'SRID=3006;POINT(670000 6580000)');
RESET ROLE;
SELECT kommun, count(*) FROM est.incident GROUP BY 1 ORDER BY 1;
TRUNCATE est.municipality CASCADE;
DROP ROLE est_rt_norrtalje;
