#!/usr/bin/env bash
# A real client on the public views and tiles, run inside pg_virtualenv by tools/server-tests.sh.
# Prints TAP.  GDAL's PostgreSQL driver (the route QGIS takes) lists the views a login in
# est_public sees, with their geometry type and SRID; ogr2ogr exports one to a GeoPackage that
# reads back with the same rows; GDAL's MVT driver decodes a tile of est.tile_hotspots and of
# est.tile_incidents (layer, feature count, attributes).  Skipped when GDAL is not installed.
set -u
cd "$(dirname "$0")/../.."
n=0; fails=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "#   got: $2"; }
is()  { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1" "'$2', expected '$3'"; fi; }
has() { case "$2" in *"$3"*) ok "$1";; *) nok "$1" "$(echo "$2" | head -20)";; esac; }
skip(){ n=$((n + 1)); echo "ok $n # SKIP $1"; }
if ! command -v ogrinfo >/dev/null 2>&1 || ! command -v ogr2ogr >/dev/null 2>&1; then
  for t in 1 2 3 4 5 6 7 8 9 10; do skip "GDAL (ogrinfo, ogr2ogr) is not installed: run make deps (gdal-bin)"; done
  echo "1..$n"; exit 0
fi
db=est_sh_gdal
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@" 2>&1; }
tmp=$(mktemp -d); chmod 755 "$tmp"
q -c 'CREATE EXTENSION est CASCADE' >/dev/null
q >/dev/null <<'SQL'
SET TimeZone = 'Europe/Stockholm';
INSERT INTO est.municipality (kommun, name) VALUES ('0188', 'Norrtälje');
INSERT INTO est.locality (kommun, kind, name, geom) VALUES
	('0188', 'kommun', 'Norrtälje kommun', ST_MakeEnvelope(680000, 6610000, 720000, 6650000, 3006));
INSERT INTO est.locality (kommun, kind, name, parent_id, geom)
SELECT '0188', 'tätort', 'Rimbo', id, ST_MakeEnvelope(689000, 6619000, 693000, 6623000, 3006)
  FROM est.locality WHERE kind = 'kommun';
-- Rimbo: 13 incidents in one 250 m cell over two weeks (a 99 % hot cell), 2 elsewhere
INSERT INTO est.incident (kommun, category, occurred, reported_at, geom)
SELECT '0188', 'samling.utomhus', tstzrange(t, t, '[]'), t, ST_Point(x, y, 3006)
  FROM (VALUES (timestamptz '2025-05-05 10:00', 691100, 6621100, 7), ('2025-04-25 22:00', 691100, 6621100, 6),
			   ('2025-05-05 10:00', 689500, 6619500, 2)) v (t, x, y, k), generate_series(1, k);
SELECT est.decide('0188', (SELECT id FROM est.locality WHERE name = 'Rimbo'), '2025-05-07 15:00', 3, 'Samlingar vid stationen');
CREATE ROLE est_sh_citizen LOGIN PASSWORD 'citizen' IN ROLE est_public;
SQL

# ---- GDAL's PostgreSQL driver as the public role: the layers QGIS would list
layers=$(PGUSER=est_sh_citizen PGPASSWORD=citizen ogrinfo -ro -q "PG:dbname=$db" 2>&1)
has "ogrinfo (PG driver, as a login in est_public) lists est.public_counts as a multi-polygon layer" "$layers" "est.public_counts (Multi Polygon)"
has "... est.public_assessments as a multi-polygon layer" "$layers" "est.public_assessments (Multi Polygon)"
has "... est.public_hot_cells as a polygon layer" "$layers" "est.public_hot_cells (Polygon)"
# the driver lists what geometry_columns holds (base tables too), but the role reads none of them
out=$(PGUSER=est_sh_citizen PGPASSWORD=citizen ogrinfo -ro -so "PG:dbname=$db" est.incident 2>&1)
has "... and est.incident, which it lists from geometry_columns, cannot be read: permission denied" "$out" "permission denied"
info=$(PGUSER=est_sh_citizen PGPASSWORD=citizen ogrinfo -ro -so "PG:dbname=$db" est.public_counts 2>&1)
has "est.public_counts is in SWEREF 99 TM (EPSG:3006)" "$info" 'ID["EPSG",3006]'
rows=$(q -c "SELECT count(*) FROM est.public_counts")
has "ogrinfo counts the same $rows rows as SQL" "$info" "Feature Count: $rows"

# ---- ogr2ogr to a GeoPackage and back
PGUSER=est_sh_citizen PGPASSWORD=citizen ogr2ogr -f GPKG "$tmp/public.gpkg" "PG:dbname=$db" est.public_counts -nln counts 2>"$tmp/err"
back=$(ogrinfo -ro -so "$tmp/public.gpkg" counts 2>&1)
has "ogr2ogr exports est.public_counts to a GeoPackage that reads back with $rows features" "$back" "Feature Count: $rows"
has "... as multi-polygons" "$back" "Geometry: Multi Polygon"

# ---- vector tiles, decoded by GDAL's MVT driver (tile z/x/y.pbf: the driver reads the tile
# address from the path)
read -r tx ty <<<"$(q -c "SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.68557849 / 4096))::int || ' ' ||
                                  floor((20037508.342789244 - ST_Y(p)) / (40075016.68557849 / 4096))::int
                             FROM (SELECT ST_Transform(ST_Point(691125, 6621125, 3006), 3857) AS p) s")"
mkdir -p "$tmp/hot/12/$tx" "$tmp/inc/12/$tx"
PGUSER=est_sh_citizen PGPASSWORD=citizen psql -X -q -At -d "$db" -c "SELECT encode(est.tile_hotspots(12, $tx, $ty, '0188', '2025-05-07 15:00'), 'hex')" \
  | perl -ne 'chomp; print pack("H*", $_)' > "$tmp/hot/12/$tx/$ty.pbf"
mvt=$(ogrinfo -ro -al "$tmp/hot/12/$tx/$ty.pbf" 2>&1)
has "the hot-spot tile (read as est_public) decodes with layer \"hotspots\"" "$mvt" "Layer name: hotspots"
has "... one feature, the 99 % hot cell" "$mvt" "Feature Count: 1"
has "... with bin 3" "$mvt" "bin (Integer) = 3"
has "... in Rimbo" "$mvt" "locality (String) = Rimbo"
case "$mvt" in *"(Integer64) = 13"*|*" n ("*) nok "... and no count" "$mvt";; *) ok "... and no count";; esac
q -c "SELECT encode(est.tile_incidents(12, $tx, $ty), 'hex')" | perl -ne 'chomp; print pack("H*", $_)' > "$tmp/inc/12/$tx/$ty.pbf"
mvt=$(ogrinfo -ro -al "$tmp/inc/12/$tx/$ty.pbf" 2>&1)
has "the incident tile decodes with layer \"incidents\"" "$mvt" "Layer name: incidents"
inside=$(q -c "SELECT count(*) FROM est.incident WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(12, $tx, $ty))")
has "... with every one of the $inside incidents inside the tile (13 at the hot cell; the other 2 lie in the next tile)" "$mvt" "Feature Count: $inside"
is "... which are 13" "$inside" "13"
has "... with their category" "$mvt" "category (String) = samling.utomhus"
case "$mvt" in *description*) nok "... and never the description" "$mvt";; *) ok "... and never the description";; esac

rm -rf "$tmp"
dropdb "$db"
psql -X -q -c 'DROP ROLE est_sh_citizen' >/dev/null 2>&1
echo "1..$n"
[ "$fails" -eq 0 ]
