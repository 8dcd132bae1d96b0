/*
 * binpack.h — a cube's bins packed small, for the hand-over from parallel workers to the leader.
 *
 * A parallel cube_agg sends each worker's bins to the leader through a shared-memory queue; in
 * the cube layout that is 24 bytes a bin (26 MB for a worker's million bins), copied four
 * times on the way.  Packed, a bin of counts takes about 2 bytes:
 *   for each bin, in step, row, column order, its index in the extent
 *     L = ((step - smin) * nrows + (row - rmin)) * ncols + (col - cmin)
 *   as the varint (unsigned LEB128) of 2 * (L - L_previous - 1) + k, where L_previous = -1 for
 *   the first bin and k = 1 when the weight is a whole number (not -0) of magnitude below 2^53,
 *   then the weight: the varint of its zigzag form (k = 1), else its 8 bytes, little-endian.
 * The weights come back bit for bit.  Reading checks every bin against the extent and the
 * count, so that a damaged stream is refused, never read past.
 */
#ifndef EST_CORE_BINPACK_H
#define EST_CORE_BINPACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BinPackExtent
{
	int32_t		cmin, cmax, rmin, rmax, smin, smax;
} BinPackExtent;

/* most bytes a packed bin takes (10 for the index, 10 for the weight) */
#define BINPACK_MAX_BIN	20

typedef struct BinPacker
{
	unsigned char *out;			/* room for BINPACK_MAX_BIN per bin */
	size_t		len;			/* bytes written */
	BinPackExtent ext;
	uint64_t	ncols, nrows;
	int64_t		prev;			/* index of the last bin; -1 before the first */
	uint64_t	nbins;
} BinPacker;

extern void binpack_start(BinPacker *p, unsigned char *out, const BinPackExtent *ext);
/* false when the bin is outside the extent or not after the previous one */
extern bool binpack_put(BinPacker *p, int32_t col, int32_t row, int32_t step, double w);

typedef struct BinUnpacker
{
	const unsigned char *in;
	size_t		len, pos;
	BinPackExtent ext;
	uint64_t	ncols, nrows, cells;
	int64_t		prev;
	uint64_t	c, r, s;		/* column, row and step of prev within the extent */
	uint64_t	left;			/* bins still to read */
	const char *why;			/* what is wrong, when binunpack_next returns -1 */
} BinUnpacker;

extern void binunpack_start(BinUnpacker *u, const unsigned char *in, size_t len,
							const BinPackExtent *ext, uint64_t nbins);
/* 1 with the next bin, 0 at a clean end (every bin read, no byte left), -1 when damaged */
extern int	binunpack_next(BinUnpacker *u, int32_t *col, int32_t *row, int32_t *step, double *w);

#endif
