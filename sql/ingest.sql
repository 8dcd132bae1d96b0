-- ingest: a small file with one broken row, loaded; the rejection says why (details: test/pgtap/ingest.sql)
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
SELECT * FROM est.stage_reports_csv(E'kommun,external_id,category,occurred_from,occurred_to,lat,lon\n'
	'0188,a1,Klotter,2025-05-02 18:00,2025-05-05 07:00,59.758,18.705\n'
	'0188,a2,Glaskross,2025-05-03 22:15,,59.757,18.702\n'
	'0188,a3,Klotter,2025-05-04 12:00,,18.705,59.758\n'
	'0188,a4,Klotter,"2025-05-04 13:00\n');
SET client_min_messages = warning;
CALL est.load_reports();
RESET client_min_messages;
SELECT external_id, category, occurred FROM est.incident ORDER BY 1;
SELECT line_no, external_id, sqlstate, reason FROM est.rejected ORDER BY line_no;
SET client_min_messages = warning;
TRUNCATE est.municipality, est.rejected CASCADE;
RESET client_min_messages;
