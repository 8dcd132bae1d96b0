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

static bool
whole(double w)
{
	return w == floor(w) && fabs(w) < 9007199254740992.0 && !(w == 0 && signbit(w));
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

bool
binpack_put(BinPacker *p, int32_t col, int32_t row, int32_t step, double w)
{
	int64_t		l;
	bool		k = whole(w);

	if (col < p->ext.cmin || col > p->ext.cmax || row < p->ext.rmin || row > p->ext.rmax ||
		step < p->ext.smin || step > p->ext.smax)
		return false;
	l = (int64_t) ((((uint64_t) ((int64_t) step - p->ext.smin) * p->nrows) +
					(uint64_t) ((int64_t) row - p->ext.rmin)) * p->ncols +
				   (uint64_t) ((int64_t) col - p->ext.cmin));
	if (l <= p->prev)
		return false;
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
	if (!get_varint(u->in, u->len, &u->pos, &d))
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

		if (!get_varint(u->in, u->len, &u->pos, &z))
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
