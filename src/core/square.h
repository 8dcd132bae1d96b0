/*
 * square.h — a cell's square as PostGIS stores a polygon (GSERIALIZED version 2), in pure C.
 *
 * est.gistar returns a polygon per cell; building 160 000 of them through ST_MakeEnvelope
 * cost a quarter of the whole Gi* query.  square_gserialized writes the same bytes directly:
 * the body (everything after the 4-byte varlena header) of the polygon ST_MakeEnvelope(xmin,
 * ymin, xmax, ymax, srid) makes in PostGIS 3 — 3 bytes SRID, flag byte 0x44 (version 2 with a
 * bounding box; no Z, M, geodetic or extended flags), the float bounding box rounded outwards
 * (xmin, xmax, ymin, ymax), type 3 (polygon), 1 ring, 5 points, 4 bytes of padding, then the
 * ring (xmin ymin, xmin ymax, xmax ymax, xmax ymin, xmin ymin) as doubles, in native byte
 * order (liblwgeom/gserialized.txt).  The caller checks its first square against
 * ST_MakeEnvelope and falls back to PostGIS when they differ (another serialisation).
 */
#ifndef EST_CORE_SQUARE_H
#define EST_CORE_SQUARE_H

#include <stdint.h>

/* bytes after the varlena header */
#define SQUARE_BODY_SIZE 116

/* float nearest to d that is <= d (down) or >= d (up), as PostGIS rounds its bounding boxes */
extern float square_float_down(double d);
extern float square_float_up(double d);

extern void square_gserialized(unsigned char *body, int32_t srid, double xmin, double ymin,
							   double xmax, double ymax);

#endif
