-- pgbench script: a reporter of Norrtälje files one report (one transaction, one INSERT).
\set x random(690000, 719999)
\set y random(6610000, 6649999)
\set c random(1, 5)
\set sev random(1, 3)
BEGIN;
SET LOCAL ROLE est_load_reporter;
INSERT INTO est.incident (kommun, category, severity, occurred, reported_at, geom, external_id, description, place)
VALUES ('0188', (ARRAY['skadegorelse.klotter', 'skadegorelse.glaskross', 'samling.ungdomar', 'ordningsstorande.narkotika', 'skadegorelse.brand'])[:c], :sev,
        tstzrange(now() - interval '2 hours', now() - interval '1 hour', '[]'), now(),
        ST_SetSRID(ST_MakePoint(:x, :y), 3006), 'load-' || :client_id || '-' || nextval('public.load_seq'),
        'pgbench', 'Torget');
COMMIT;
