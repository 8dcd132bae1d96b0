-- Data for hotspot_norrtalje.png (run by tools/figures.sh after demo/demo.sql): Gi* bins of
-- the demo's incidents in 250 m cells with 500 m neighbourhoods (FDR), Norrtälje tätort as the
-- study area, for the demo's last 52 weeks and for the summer when Societetsparken was hot
-- (June–August 2026); and the
-- outlines of the tätort and of the område inside it.
\o :cells
COPY (
	SELECT p.period, g.x, g.y, g.n, g.bin
	  FROM (VALUES (1, 'Nov 2025 - Nov 2026', timestamptz '2025-11-18 13:00+01', timestamptz '2026-11-17 13:00+01'),
				   (2, 'June-August 2026', '2026-06-01 00:00+02', '2026-09-01 00:00+02')) p(k, period, t0, t1),
		   LATERAL est.gistar(
				(SELECT est.grid_agg(i.geom, 250) FROM est.incident i
				  WHERE i.kommun = '0188' AND i.review_status = 'approved' AND i.location_precision = 'point'
					AND lower(i.occurred) >= p.t0 AND lower(i.occurred) < p.t1),
				500,
				(SELECT l.geom FROM est.locality l WHERE l.kommun = '0188' AND l.kind = 'tätort' AND l.name = 'Norrtälje')) g
	 ORDER BY p.k, g.y, g.x
) TO STDOUT WITH (FORMAT csv, HEADER);
\o :outlines
COPY (
	SELECT l.name, l.kind, r.k AS ring, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
	  FROM est.locality l,
		   LATERAL (SELECT row_number() OVER () AS k, ST_ExteriorRing(p.geom) AS ring
					  FROM ST_Dump(l.geom) p) r,
		   LATERAL ST_DumpPoints(r.ring) d
	 WHERE l.kommun = '0188' AND l.name IN ('Norrtälje', 'Norrtälje centrum')
	 ORDER BY l.name, r.k, d.path[1]
) TO STDOUT WITH (FORMAT csv, HEADER);
\o
