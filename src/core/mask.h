/*
 * mask.h — which cells of a square grid have their centre covered by a polygonal mask, in
 * pure C (no PostgreSQL headers): the work behind est.mask_cells.
 *
 * The mask arrives as WKB (ST_AsBinary): Polygon, MultiPolygon or a GeometryCollection of
 * those (nested collections too), 2-D or with Z/M (ignored), either byte order.  Anything
 * else (points, lines, curves, surfaces) is refused: a mask is an area.
 *
 * Cell centres are ((col + 0.5) cell, (row + 0.5) cell).  A centre is covered (ST_Covers /
 * ST_Intersects semantics: the boundary counts) when it lies inside some polygon's shell and
 * not strictly inside one of its holes, or on any ring.  The cells are found per polygon by a
 * scanline over the rows of centres: an active-edge table gives the edges that reach each row,
 * their crossings with the row are sorted, and a centre is inside when an odd number of
 * crossings lies to its right.  A centre within a small tolerance of a crossing is decided by
 * the sign of the cross product (B − A) × (P − A) of that edge, in the same double arithmetic
 * as PostGIS's point-in-polygon test (zero: on the edge, covered), so centres on or next to
 * the boundary get PostGIS's answer; edges shorter than 1e-12 are skipped as PostGIS does.
 * Centres on horizontal edges and at top vertices (which no crossing reports) are marked
 * directly.
 */
#ifndef EST_CORE_MASK_H
#define EST_CORE_MASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void *(*mask_alloc_fn) (size_t size, void *ctx);	/* zeroed memory or no return */

typedef struct MaskRing
{
	int32_t		npoints;
	double	   *xy;				/* x0 y0 x1 y1 ... (closed: first = last, as in WKB) */
} MaskRing;

typedef struct MaskPolygon
{
	int32_t		nrings;			/* shell first, then holes */
	MaskRing   *rings;
	double		xmin, ymin, xmax, ymax;
} MaskPolygon;

typedef struct Mask
{
	int32_t		npolys;			/* polygons with at least one ring */
	MaskPolygon *polys;
	int64_t		npoints;
	double		xmin, ymin, xmax, ymax;	/* valid when npolys > 0 */
} Mask;

typedef enum MaskStatus
{
	MASK_OK = 0,
	MASK_TRUNCATED,				/* the WKB ends early or has bytes left over */
	MASK_BAD_BYTE_ORDER,
	MASK_NOT_AREAL,				/* a point, line, curve, surface... (type in *bad_type) */
	MASK_NOT_FINITE,			/* a NaN or infinite coordinate */
	MASK_TOO_DEEP				/* collections nested deeper than 32 */
} MaskStatus;

/*
 * Reads WKB into *m (memory from alloc; coordinates copied).  Empty polygons and
 * collections are skipped: an empty mask has npolys = 0.  On MASK_NOT_AREAL, *bad_type
 * holds the WKB type code.
 */
extern MaskStatus mask_from_wkb(const uint8_t *wkb, size_t len, Mask *m, mask_alloc_fn alloc,
								void *ctx, uint32_t *bad_type);

/*
 * Marks out[(row − row0) * ncols + (col − col0)] = 1 for every cell of the ncols × nrows
 * window whose centre the mask covers (out is not cleared first).  tick(tick_ctx), if given,
 * is called once per polygon row (for interrupts).  Scratch memory comes from alloc.
 */
extern void mask_cover(const Mask *m, double cell, int32_t col0, int32_t row0, int32_t ncols,
					   int32_t nrows, unsigned char *out, mask_alloc_fn alloc, void *ctx,
					   void (*tick) (void *), void *tick_ctx);

#endif
