#!/bin/sh
# Install, with apt, whatever est needs that this Debian 12 machine does not have yet:
# the build and server, pgTAP, and the independent references the tests compare with
# (R spdep for Gi*, R for poisson.test, SciPy for Mann-Kendall) and GDAL (ogrinfo, ogr2ogr:
# the client QGIS uses, and the MVT reader the tile tests decode with); for `make check-long`:
# pgbench (postgresql-contrib), sqlsmith, and clang 14 with libFuzzer (libclang-rt-14-dev).
# When everything is present it does nothing: no apt-get update, no network.
set -eu

PG=15
PKGS="make gcc libc6-dev valgrind gdal-bin
postgresql-$PG postgresql-server-dev-$PG postgresql-client-$PG postgresql-common
postgresql-$PG-postgis-3 postgresql-$PG-postgis-3-scripts libgeos-dev
postgresql-$PG-pgtap libtap-parser-sourcehandler-pgtap-perl
r-base-core r-cran-spdep r-cran-dbscan python3-scipy python3-numpy
postgresql-contrib sqlsmith clang-14 libclang-rt-14-dev"

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "deps: all present"
  exit 0
fi

echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages and not root; run as root or install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
