/*
 * binpack.c — a cube's bins packed small (see binpack.h).
 */
#include "core/binpack.h"

#include <math.h>
#include <string.h>

/* the varint of v at o; its length */
static inline size_t
put_varint(unsigned char *o, uint64_t v)
{
	size_t		n = 0;

	while (v >= 0x80)
	{
		o[n++] = (unsigned char) (v | 0x80);
		v >>= 7;
	}
	o[n++] = (unsigned char) v;
	return n;
}

/* a varint read: its value and length in bytes (0: it runs past the end or over 64 bits) */
typedef struct Varint
{
	uint64_t	v;
	size_t		n;
} Varint;

static Varint
varint_long(const unsigned char *in, size_t avail)
{
	Varint		r = {0, 0};
	int			shift = 0;
	size_t		i = 0;

	for (;;)
	{
		unsigned char b;

		if (i >= avail || shift > 63)
			return (Varint) {0, 0};
		b = in[i++];
		if (shift == 63 && (b & 0x7E) != 0)
			return (Varint) {0, 0};
		r.v |= (uint64_t) (b & 0x7F) << shift;
		if ((b & 0x80) == 0)
			break;
		shift += 7;
	}
	r.n = i;
	return r;
}

/* varint_long with the usual one-byte varint read inline */
static inline Varint
varint(const unsigned char *in, size_t avail)
{
	if (avail > 0 && in[0] < 0x80)
		return (Varint) {in[0], 1};
	return varint_long(in, avail);
}

/* a whole number (not -0) of magnitude below 2^53; the cast is exact there (no floor() call) */
static inline bool
whole(double w)
{
	return fabs(w) < 9007199254740992.0 && (double) (int64_t) w == w && !(w == 0 && signbit(w));
}

/* columns, rows and cells of an extent (cells 0 when empty); false when the cells pass 2^64 */
static bool
extent_size(const BinPackExtent *e, uint64_t *ncols, uint64_t *nrows, uint64_t *cells)
{
	*ncols = (uint64_t) ((int64_t) e->cmax - e->cmin + 1);
	*nrows = (uint64_t) ((int64_t) e->rmax - e->rmin + 1);
	*cells = 0;
	if (e->cmin > e->cmax || e->rmin > e->rmax || e->smin > e->smax)
		return true;
	return !__builtin_mul_overflow(*ncols, *nrows, cells) &&
		!__builtin_mul_overflow(*cells, (uint64_t) ((int64_t) e->smax - e->smin + 1), cells);
}

void
binpack_start(BinPacker *p, unsigned char *out, const BinPackExtent *ext)
{
	p->out = out;
	p->len = 0;
	p->ext = *ext;
	if (!extent_size(ext, &p->ncols, &p->nrows, &p->cells))
		p->cells = UINT64_MAX;	/* more than any index */
	p->prev = -1;
	p->nbins = 0;
}

/* the bytes of a bin at index l (> p->prev) of weight w */
static inline void
put_bin(BinPacker *p, int64_t l, double w)
{
	bool		k = whole(w);

	p->len += put_varint(p->out + p->len, 2 * (uint64_t) (l - p->prev - 1) + (k ? 1 : 0));
	if (k)
	{
		int64_t		i = (int64_t) w;

		p->len += put_varint(p->out + p->len, ((uint64_t) i << 1) ^ (uint64_t) (i >> 63));
	}
	else
	{
		uint64_t	bits;
		int			b;

		memcpy(&bits, &w, 8);
		for (b = 0; b < 8; b++)
			p->out[p->len++] = (unsigned char) (bits >> (8 * b));
	}
	p->prev = l;
	p->nbins++;
}

bool
binpack_put(BinPacker *p, int32_t col, int32_t row, int32_t step, double w)
{
	int64_t		l;

	if (col < p->ext.cmin || col > p->ext.cmax || row < p->ext.rmin || row > p->ext.rmax ||
		step < p->ext.smin || step > p->ext.smax)
		return false;
	l = (int64_t) ((((uint64_t) ((int64_t) step - p->ext.smin) * p->nrows) +
					(uint64_t) ((int64_t) row - p->ext.rmin)) * p->ncols +
				   (uint64_t) ((int64_t) col - p->ext.cmin));
	if (l <= p->prev)
		return false;
	put_bin(p, l, w);
	return true;
}

bool
binpack_cells(BinPacker *p, uint64_t first, const double *w, uint64_t n)
{
	uint64_t	i;

	if (n == 0)
		return true;
	if (first >= p->cells || n > p->cells - first || (p->prev >= 0 && first <= (uint64_t) p->prev))
		return false;
	for (i = 0; i < n; i++)
		if (!isnan(w[i]))
			put_bin(p, (int64_t) (first + i), w[i]);
	return true;
}

void
binunpack_start(BinUnpacker *u, const unsigned char *in, size_t len, const BinPackExtent *ext,
				uint64_t nbins)
{
	u->in = in;
	u->len = len;
	u->pos = 0;
	u->ext = *ext;
	u->prev = -1;
	u->c = u->r = u->s = 0;
	u->left = nbins;
	u->why = NULL;
	if (!extent_size(ext, &u->ncols, &u->nrows, &u->cells) || u->cells > (UINT64_C(1) << 62))
	{
		u->cells = 0;
		u->why = "the extent is too large";
	}
	else if (u->cells == 0 && nbins > 0)
		u->why = "the extent is empty";
}

/* a bin read: what is wrong (NULL: nothing), the position after it, its index and weight */
typedef struct BinRead
{
	const char *why;
	size_t		pos;
	uint64_t	l;
	double		w;
} BinRead;

/*
 * The bin of a stream at in[pos], the bin after index prev, inside cells: the one reader of the
 * format, for both unpacking functions (values, not pointers, so that their loops keep their
 * state in registers).
 */
static inline BinRead
read_bin(const unsigned char *in, size_t len, size_t pos, int64_t prev, uint64_t cells)
{
	BinRead		b = {NULL, pos, 0, 0};
	Varint		d = varint(in + pos, len - pos);

	if (d.n == 0)
		return (BinRead) {"a bin is cut off", pos, 0, 0};
	b.pos += d.n;
	if ((d.v >> 1) >= cells || (uint64_t) (prev + 1) + (d.v >> 1) >= cells)
		return (BinRead) {"a bin lies outside the extent", pos, 0, 0};
	b.l = (uint64_t) (prev + 1) + (d.v >> 1);
	if (d.v & 1)
	{
		Varint		z = varint(in + b.pos, len - b.pos);

		if (z.n == 0)
			return (BinRead) {"a weight is cut off", pos, 0, 0};
		b.pos += z.n;
		b.w = (double) (int64_t) ((z.v >> 1) ^ (~(z.v & 1) + 1));
	}
	else
	{
		uint64_t	bits = 0;
		int			i;

		if (len - b.pos < 8)
			return (BinRead) {"a weight is cut off", pos, 0, 0};
		for (i = 0; i < 8; i++)
			bits |= (uint64_t) in[b.pos++] << (8 * i);
		memcpy(&b.w, &bits, 8);
	}
	return b;
}

/* at the end of the announced bins: a clean end (0), or bytes left over (-1) */
static int
unpack_end(BinUnpacker *u)
{
	if (u->pos != u->len)
	{
		u->why = "bytes after the last bin";
		return -1;
	}
	return 0;
}

int
binunpack_next(BinUnpacker *u, int32_t *col, int32_t *row, int32_t *step, double *w)
{
	BinRead		b;
	uint64_t	l;

	if (u->why)
		return -1;
	if (u->left == 0)
		return unpack_end(u);
	b = read_bin(u->in, u->len, u->pos, u->prev, u->cells);
	if (b.why)
	{
		u->why = b.why;
		return -1;
	}
	u->pos = b.pos;
	l = b.l;
	*w = b.w;
	binpack_locate(u->prev, l, u->ncols, u->nrows, &u->c, &u->r, &u->s);
	*col = (int32_t) ((int64_t) u->ext.cmin + (int64_t) u->c);
	*row = (int32_t) ((int64_t) u->ext.rmin + (int64_t) u->r);
	*step = (int32_t) ((int64_t) u->ext.smin + (int64_t) u->s);
	u->prev = (int64_t) l;
	u->left--;
	return 1;
}

int
binunpack_keys(BinUnpacker *u, const BinPackExtent *to, uint64_t *keys, double *w, int max)
{
	/* the unpacker's state in locals for the loop (written back at the end) */
	const unsigned char *in = u->in;
	size_t		len = u->len, pos = u->pos;
	int64_t		prev = u->prev;
	uint64_t	c = u->c, r = u->r, s = u->s, left = u->left;
	uint64_t	ncols = u->ncols, nrows = u->nrows, cells = u->cells;
	const char *why = NULL;
	bool		same = u->ext.cmin == to->cmin && u->ext.cmax == to->cmax &&
		u->ext.rmin == to->rmin && u->ext.rmax == to->rmax && u->ext.smin == to->smin;
	uint64_t	tc = (uint64_t) ((int64_t) to->cmax - to->cmin + 1);
	uint64_t	tr = (uint64_t) ((int64_t) to->rmax - to->rmin + 1);
	uint64_t	dc = (uint64_t) ((int64_t) u->ext.cmin - to->cmin);
	uint64_t	dr = (uint64_t) ((int64_t) u->ext.rmin - to->rmin);
	uint64_t	ds = (uint64_t) ((int64_t) u->ext.smin - to->smin);
	int			n = 0;

	if (u->why)
		return -1;
	if (u->ext.cmin < to->cmin || u->ext.cmax > to->cmax || u->ext.rmin < to->rmin ||
		u->ext.rmax > to->rmax || u->ext.smin < to->smin || u->ext.smax > to->smax)
	{
		u->why = "the stream's extent is not inside the merged extent";
		return -1;
	}
	if (u->left == 0)
		return unpack_end(u);
	while (n < max && (uint64_t) n < left)
	{
		BinRead		b = read_bin(in, len, pos, prev, cells);

		if (b.why)
		{
			why = b.why;
			break;
		}
		pos = b.pos;
		w[n] = b.w;
		if (same)
			keys[n++] = b.l;	/* the rows and columns agree: the index is the key */
		else
		{
			binpack_locate(prev, b.l, ncols, nrows, &c, &r, &s);
			keys[n++] = ((s + ds) * tr + (r + dr)) * tc + (c + dc);
		}
		prev = (int64_t) b.l;
	}
	if (same && n > 0)
		binpack_locate(-1, (uint64_t) prev, ncols, nrows, &c, &r, &s);	/* kept for binunpack_next */
	u->pos = pos;
	u->prev = prev;
	u->c = c;
	u->r = r;
	u->s = s;
	u->left = left - (uint64_t) n;
	u->why = why;
	return why ? -1 : n;
}
