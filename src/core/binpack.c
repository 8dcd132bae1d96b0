/*
 * binpack.c — a cube's bins packed small (see binpack.h).
 */
#include "core/binpack.h"

#include <math.h>
#include <string.h>

static size_t
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

/* false when the varint runs past the end or over 64 bits */
static bool
get_varint(const unsigned char *in, size_t len, size_t *pos, uint64_t *v)
{
	uint64_t	r = 0;
	int			shift = 0;

	for (;;)
	{
		unsigned char b;

		if (*pos >= len || shift > 63)
			return false;
		b = in[(*pos)++];
		if (shift == 63 && (b & 0x7E) != 0)
			return false;
		r |= (uint64_t) (b & 0x7F) << shift;
		if ((b & 0x80) == 0)
			break;
		shift += 7;
	}
	*v = r;
	return true;
}

/* a whole number (not -0) of magnitude below 2^53; the cast is exact there (no floor() call) */
static inline bool
whole(double w)
{
	return fabs(w) < 9007199254740992.0 && (double) (int64_t) w == w && !(w == 0 && signbit(w));
}

void
binpack_start(BinPacker *p, unsigned char *out, const BinPackExtent *ext)
{
	p->out = out;
	p->len = 0;
	p->ext = *ext;
	p->ncols = (uint64_t) ((int64_t) ext->cmax - ext->cmin + 1);
	p->nrows = (uint64_t) ((int64_t) ext->rmax - ext->rmin + 1);
	p->prev = -1;
	p->nbins = 0;
}

/* the bytes of a bin at index l (> p->prev) of weight w */
static inline void
put_bin(BinPacker *p, int64_t l, double w)
{
	bool		k = whole(w);
	uint64_t	d = 2 * (uint64_t) (l - p->prev - 1) + (k ? 1 : 0);

	if (d < 0x80)				/* one byte, the usual case */
		p->out[p->len++] = (unsigned char) d;
	else
		p->len += put_varint(p->out + p->len, d);
	if (k)
	{
		int64_t		i = (int64_t) w;
		uint64_t	z = ((uint64_t) i << 1) ^ (uint64_t) (i >> 63);

		if (z < 0x80)
			p->out[p->len++] = (unsigned char) z;
		else
			p->len += put_varint(p->out + p->len, z);
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
	uint64_t	cells;
	uint64_t	i;

	if (n == 0)
		return true;
	if (p->ext.cmin > p->ext.cmax || p->ext.rmin > p->ext.rmax || p->ext.smin > p->ext.smax)
		return false;
	if (__builtin_mul_overflow(p->ncols, p->nrows, &cells) ||
		__builtin_mul_overflow(cells, (uint64_t) ((int64_t) p->ext.smax - p->ext.smin + 1), &cells))
		cells = UINT64_MAX;		/* more than any index */
	if (first >= cells || n > cells - first || (p->prev >= 0 && first <= (uint64_t) p->prev))
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
	u->ncols = (uint64_t) ((int64_t) ext->cmax - ext->cmin + 1);
	u->nrows = (uint64_t) ((int64_t) ext->rmax - ext->rmin + 1);
	u->prev = -1;
	u->c = u->r = u->s = 0;
	u->left = nbins;
	u->why = NULL;
	if (ext->cmin > ext->cmax || ext->rmin > ext->rmax || ext->smin > ext->smax)
	{
		u->cells = 0;
		if (nbins > 0)
			u->why = "the extent is empty";
	}
	else if (__builtin_mul_overflow(u->ncols, u->nrows, &u->cells) ||
			 __builtin_mul_overflow(u->cells, (uint64_t) ((int64_t) ext->smax - ext->smin + 1),
									&u->cells) ||
			 u->cells > (UINT64_C(1) << 62))
	{
		u->cells = 0;
		u->why = "the extent is too large";
	}
}

int
binunpack_next(BinUnpacker *u, int32_t *col, int32_t *row, int32_t *step, double *w)
{
	uint64_t	d, l;

	if (u->why)
		return -1;
	if (u->left == 0)
	{
		if (u->pos != u->len)
		{
			u->why = "bytes after the last bin";
			return -1;
		}
		return 0;
	}
	/* one byte (an index a step of up to 63 on, the usual case), else the general reader */
	if (u->pos < u->len && u->in[u->pos] < 0x80)
		d = u->in[u->pos++];
	else if (!get_varint(u->in, u->len, &u->pos, &d))
	{
		u->why = "a bin is cut off";
		return -1;
	}
	if ((d >> 1) >= u->cells || (uint64_t) (u->prev + 1) + (d >> 1) >= u->cells)
	{
		u->why = "a bin lies outside the extent";
		return -1;
	}
	l = (uint64_t) (u->prev + 1) + (d >> 1);
	if (d & 1)
	{
		uint64_t	z;

		if (u->pos < u->len && u->in[u->pos] < 0x80)
			z = u->in[u->pos++];
		else if (!get_varint(u->in, u->len, &u->pos, &z))
		{
			u->why = "a weight is cut off";
			return -1;
		}
		*w = (double) (int64_t) ((z >> 1) ^ (~(z & 1) + 1));
	}
	else
	{
		uint64_t	bits = 0;
		int			b;

		if (u->len - u->pos < 8)
		{
			u->why = "a weight is cut off";
			return -1;
		}
		for (b = 0; b < 8; b++)
			bits |= (uint64_t) u->in[u->pos++] << (8 * b);
		memcpy(w, &bits, 8);
	}
	if ((d >> 1) < u->ncols - u->c)
	{
		/* the usual case: a few cells on along the same row, without dividing */
		u->c += (d >> 1) + (u->prev >= 0 ? 1 : 0);
		if (u->c >= u->ncols)
		{
			u->c -= u->ncols;
			if (++u->r == u->nrows)
			{
				u->r = 0;
				u->s++;
			}
		}
	}
	else
	{
		u->c = l % u->ncols;
		u->r = (l / u->ncols) % u->nrows;
		u->s = l / (u->ncols * u->nrows);
	}
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
	while (n < max && left > 0)
	{
		uint64_t	d, l;

		if (pos < len && in[pos] < 0x80)
			d = in[pos++];
		else if (!get_varint(in, len, &pos, &d))
		{
			u->why = "a bin is cut off";
			break;
		}
		if ((d >> 1) >= cells || (uint64_t) (prev + 1) + (d >> 1) >= cells)
		{
			u->why = "a bin lies outside the extent";
			break;
		}
		l = (uint64_t) (prev + 1) + (d >> 1);
		if (d & 1)
		{
			uint64_t	z;

			if (pos < len && in[pos] < 0x80)
				z = in[pos++];
			else if (!get_varint(in, len, &pos, &z))
			{
				u->why = "a weight is cut off";
				break;
			}
			w[n] = (double) (int64_t) ((z >> 1) ^ (~(z & 1) + 1));
		}
		else
		{
			uint64_t	bits = 0;
			int			b;

			if (len - pos < 8)
			{
				u->why = "a weight is cut off";
				break;
			}
			for (b = 0; b < 8; b++)
				bits |= (uint64_t) in[pos++] << (8 * b);
			memcpy(&w[n], &bits, 8);
		}
		if (same)
			keys[n] = l;		/* the extents' rows and columns agree: the index is the key */
		else
		{
			if ((d >> 1) < ncols - c)
			{
				c += (d >> 1) + (prev >= 0 ? 1 : 0);
				if (c >= ncols)
				{
					c -= ncols;
					if (++r == nrows)
					{
						r = 0;
						s++;
					}
				}
			}
			else
			{
				c = l % ncols;
				r = (l / ncols) % nrows;
				s = l / (ncols * nrows);
			}
			keys[n] = ((s + ds) * tr + (r + dr)) * tc + (c + dc);
		}
		prev = (int64_t) l;
		left--;
		n++;
	}
	u->pos = pos;
	u->prev = prev;
	u->left = left;
	if (!same)
	{
		u->c = c;
		u->r = r;
		u->s = s;
	}
	else if (prev >= 0)
	{
		/* keep c, r, s true for a later binunpack_next */
		u->c = (uint64_t) prev % ncols;
		u->r = ((uint64_t) prev / ncols) % nrows;
		u->s = (uint64_t) prev / (ncols * nrows);
	}
	if (u->why)
		return -1;
	if (n == 0 && left == 0 && pos != len)
	{
		u->why = "bytes after the last bin";
		return -1;
	}
	return n;
}
