-- Exports what demo/pictures.R draws: locality outlines with the decided (else suggested) grade
-- of the current cycle, the hotspot areas of the hotspot list, and the grade timeline of each
-- tätort. psql variables: out (a folder), now (an instant in the current cycle).
\set ON_ERROR_STOP on
CREATE TEMP VIEW pic_outline AS
SELECT p.locality, p.kind, coalesce(p.decided_grade, p.suggested_grade) AS grade,
	   coalesce(p.decided_colour, p.suggested_colour) AS colour,
	   (SELECT t.name FROM est.locality t WHERE t.kommun = p.kommun AND t.kind = 'tätort'
		 AND (t.id = p.locality_id OR t.id = p.parent_id)) AS town,
	   d.path[1] AS part, d.path[2] AS ring, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
  FROM est.situation_picture p, ST_DumpPoints(p.geom) d
 WHERE p.kommun = '0188' AND p.cycle @> (:'now')::timestamptz AND p.kind IN ('tätort', 'område');
\set f :out '/outlines.csv'
\o :f
COPY (SELECT * FROM pic_outline) TO STDOUT WITH (FORMAT csv, HEADER);
\o
CREATE TEMP VIEW pic_hotspot AS
SELECT h.rank, h.name, h.status, coalesce(h.emerging, '') AS emerging,
	   (SELECT t.name FROM est.locality t JOIN est.locality l ON l.kommun = t.kommun AND (l.id = t.id OR l.parent_id = t.id)
		 WHERE t.kommun = h.kommun AND t.kind = 'tätort' AND l.id = h.locality_id LIMIT 1) AS town,
	   d.path[1] AS part, d.path[2] AS ring, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
  FROM est.hotspot_list h, ST_DumpPoints(h.geom) d
 WHERE h.kommun = '0188' AND h.cycle @> (:'now')::timestamptz;
\set f :out '/hotspots.csv'
\o :f
COPY (SELECT * FROM pic_hotspot) TO STDOUT WITH (FORMAT csv, HEADER);
\o
CREATE TEMP VIEW pic_grades AS
SELECT p.locality AS town, (lower(p.cycle) AT TIME ZONE 'Europe/Stockholm')::date AS week, p.suggested_grade AS suggested,
	   p.decided_grade AS decided, p.incidents, p.coverage_caveat
  FROM est.situation_picture p
 WHERE p.kommun = '0188' AND p.kind = 'tätort'
 ORDER BY 1, 2;
\set f :out '/grades.csv'
\o :f
COPY (SELECT * FROM pic_grades) TO STDOUT WITH (FORMAT csv, HEADER);
\o
\set f :out '/scale.csv'
\o :f
COPY (SELECT grade, label_sv, colour FROM est.grade_scale('0188')) TO STDOUT WITH (FORMAT csv, HEADER);
\o
