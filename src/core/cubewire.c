/*
 * cubewire.c — reading the binary form of est.cube (see cubewire.h). Pure C: the receive
 * function in src/cube.c calls it, and so do the unit tests and the fuzz harness.
 */
#include "core/cubewire.h"

#include <math.h>
#include <string.h>

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

static uint64_t
be64(const unsigned char *p)
{
	return ((uint64_t) be32(p) << 32) | (uint64_t) be32(p + 4);
}

static double
befloat8(const unsigned char *p)
{
	uint64_t	bits = be64(p);
	double		d;

	memcpy(&d, &bits, sizeof d);
	return d;
}

CubeWireStatus
cube_wire_header(const unsigned char *p, size_t len, int32_t expected_version, uint32_t max_bins,
				 CubeWireHeader *h, const char **why)
{
	memset(h, 0, sizeof *h);
	if (len < 12)
		return CUBE_WIRE_SHORT;
	h->version = (int32_t) be32(p);
	h->srid = (int32_t) be32(p + 4);
	h->nbins = (int32_t) be32(p + 8);
	if (h->version != expected_version)
	{
		*why = "unknown version";
		return CUBE_WIRE_BAD;
	}
	if (h->nbins < 0 || (uint32_t) h->nbins > max_bins ||
		len - 12 != 48 + (size_t) h->nbins * CUBE_WIRE_BIN_LEN)
	{
		*why = "wrong length";
		return CUBE_WIRE_BAD;
	}
	h->cell = befloat8(p + 12);
	h->step_us = (int64_t) be64(p + 20);
	h->origin = (int64_t) be64(p + 28);
	h->cmin = (int32_t) be32(p + 36);
	h->cmax = (int32_t) be32(p + 40);
	h->rmin = (int32_t) be32(p + 44);
	h->rmax = (int32_t) be32(p + 48);
	h->smin = (int32_t) be32(p + 52);
	h->smax = (int32_t) be32(p + 56);
	if (h->srid <= 0 || !(h->cell > 0) || !isfinite(h->cell) || h->step_us < 0 ||
		h->origin == INT64_MIN || h->origin == INT64_MAX)
	{
		*why = "bad SRID, cell size, step or origin";
		return CUBE_WIRE_BAD;
	}
	if (h->nbins == 0 || h->cmin > h->cmax || h->rmin > h->rmax || h->smin > h->smax ||
		(h->step_us == 0 && (h->smin != 0 || h->smax != 0)))
	{
		*why = "bad extent";
		return CUBE_WIRE_BAD;
	}
	return CUBE_WIRE_OK;
}

CubeWireStatus
cube_wire_bins(const unsigned char *p, size_t len, const CubeWireHeader *h, GridBin *bins,
			   const char **why)
{
	int32_t		i;

	if (h->nbins < 0 || len != CUBE_WIRE_HEADER_LEN + (size_t) h->nbins * CUBE_WIRE_BIN_LEN)
	{
		*why = "wrong length";
		return CUBE_WIRE_BAD;
	}
	p += CUBE_WIRE_HEADER_LEN;
	for (i = 0; i < h->nbins; i++, p += CUBE_WIRE_BIN_LEN)
	{
		GridBin    *b = &bins[i];

		b->col = (int32_t) be32(p);
		b->row = (int32_t) be32(p + 4);
		b->step = (int32_t) be32(p + 8);
		b->used = 1;
		b->w = befloat8(p + 12);
		if (b->col < h->cmin || b->col > h->cmax || b->row < h->rmin || b->row > h->rmax ||
			b->step < h->smin || b->step > h->smax || !isfinite(b->w))
		{
			*why = "bin outside the extent or not finite";
			return CUBE_WIRE_BAD;
		}
		if (i > 0 && grid_bin_cmp(&bins[i - 1], b) >= 0)
		{
			*why = "bins not sorted by step, row, column, or repeated";
			return CUBE_WIRE_BAD;
		}
	}
	return CUBE_WIRE_OK;
}
