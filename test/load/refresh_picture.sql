-- pgbench script: the current picture is refreshed every 5 seconds while reports come in (as a
-- cron job would), so readers and writers meet the refresh's DELETE + INSERT.
SET client_min_messages = warning;
SELECT localities FROM est.refresh_picture('0188', now());
\sleep 5 s
