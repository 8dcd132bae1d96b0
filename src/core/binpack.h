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
	uint64_t	ncols, nrows, cells;	/* cells: 0 for an empty extent, UINT64_MAX past 2^64 */
	int64_t		prev;			/* index of the last bin; -1 before the first */
	uint64_t	nbins;
} BinPacker;

extern void binpack_start(BinPacker *p, unsigned char *out, const BinPackExtent *ext);
/* false when the bin is outside the extent or not after the previous one */
extern bool binpack_put(BinPacker *p, int32_t col, int32_t row, int32_t step, double w);
/*
 * The bins among n consecutive cells of the extent, the first at index first (cells along a
 * row, in index order), w[i] the weight of cell first + i, NaN for no bin: the bytes
 * binpack_put gives for them one by one.  False (nothing packed) when the cells are not all
 * in the extent or do not come after the last bin packed.
 */
extern bool binpack_cells(BinPacker *p, uint64_t first, const double *w, uint64_t n);

/*
 * The column c, row r and step s (within an extent of ncols x nrows) of index l, from those of
 * the index before it, prev (-1: none): along the row, or into the next, without dividing when
 * l is less than a row on.  For readers that follow increasing indices.
 */
static inline void
binpack_locate(int64_t prev, uint64_t l, uint64_t ncols, uint64_t nrows,
			   uint64_t *c, uint64_t *r, uint64_t *s)
{
	if (prev >= 0 && l - (uint64_t) prev <= ncols - *c)
	{
		*c += l - (uint64_t) prev;
		if (*c >= ncols)
		{
			*c -= ncols;
			if (++*r == nrows)
			{
				*r = 0;
				(*s)++;
			}
		}
	}
	else
	{
		*c = l % ncols;
		*r = (l / ncols) % nrows;
		*s = l / (ncols * nrows);
	}
}

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

/*
 * Up to max next bins at once (the same bins, checks and errors as binunpack_next), as each
 * bin's index in the extent `to`, which must contain the stream's, L = ((step - to.smin) *
 * nrows + (row - to.rmin)) * ncols + (col - to.cmin), and its weight: what a merge of parts
 * into one cube needs, without a call per bin.  Returns how many (0 at a clean end), -1 when
 * damaged (u->why).
 */
extern int	binunpack_keys(BinUnpacker *u, const BinPackExtent *to, uint64_t *keys, double *w,
						   int max);

#endif
