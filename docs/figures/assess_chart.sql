-- Data for assess_norrtalje.png (run by tools/figures.sh after demo/demo.sql): the suggested
-- assessment of Rimbo tätort for the demo's last 52 weekly cycles.
\o :csv
COPY (
	SELECT lower(a.cycle) AS starts, (a.indicators).observed, (a.indicators).expected,
		   (a.indicators).trend_z, (a.indicators).trend_p, a.grade
	  FROM est.cycles('0188', '[2025-11-18 13:00+01, 2026-11-17 13:00+01)') c,
		   LATERAL est.assess_localities('0188', c.starts + interval '1 hour') a
	 WHERE a.locality = 'Rimbo' AND a.kind = 'tätort' AND c.starts >= '2025-11-18 13:00+01'
	 ORDER BY 1
) TO STDOUT WITH (FORMAT csv, HEADER);
\o
