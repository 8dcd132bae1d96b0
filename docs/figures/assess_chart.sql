-- Data for assess_norrtalje.png (run by tools/figures.sh after demo/demo.sql): the suggested
-- assessment of Norrtälje tätort for every weekly cycle of 2025.
\o :csv
COPY (
	SELECT lower(a.cycle) AS starts, (a.indicators).observed, (a.indicators).expected,
		   (a.indicators).trend_z, (a.indicators).trend_p, a.grade
	  FROM est.cycles('0188', '[2025-01-07 13:00+01, 2025-12-30 13:00+01)') c,
		   LATERAL est.assess_localities('0188', c.starts + interval '1 hour') a
	 WHERE a.locality = 'Norrtälje' AND a.kind = 'tätort' AND c.starts >= '2025-01-07 13:00+01'
	 ORDER BY 1
) TO STDOUT WITH (FORMAT csv, HEADER);
\o
