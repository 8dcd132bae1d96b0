/*
 * Unit tests of core/cubewire.c: the binary form of est.cube, built byte by byte here from the
 * layout in cubewire.h (hand-worked: big-endian fields at the offsets 0, 4, 8, 12, 20, 28, 36..56,
 * then 20 bytes per bin), and every rejection the receive function makes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cubewire.h"
#include "unit.h"

static size_t
put32(unsigned char *p, size_t at, uint32_t v)
{
	p[at] = (unsigned char) (v >> 24);
	p[at + 1] = (unsigned char) (v >> 16);
	p[at + 2] = (unsigned char) (v >> 8);
	p[at + 3] = (unsigned char) v;
	return at + 4;
}

static size_t
put64(unsigned char *p, size_t at, uint64_t v)
{
	at = put32(p, at, (uint32_t) (v >> 32));
	return put32(p, at, (uint32_t) v);
}

static size_t
putf8(unsigned char *p, size_t at, double d)
{
	uint64_t	bits;

	memcpy(&bits, &d, sizeof bits);
	return put64(p, at, bits);
}

/* a two-bin cube: SRID 3006, 250 m, 7-day steps, bins (0,0,0) w 2 and (1,0,0) w 3.5 */
static size_t
two_bins(unsigned char *m)
{
	size_t		at = 0;

	at = put32(m, at, 1);
	at = put32(m, at, 3006);
	at = put32(m, at, 2);
	at = putf8(m, at, 250.0);
	at = put64(m, at, UINT64_C(604800000000));
	at = put64(m, at, UINT64_C(757382400000000));
	at = put32(m, at, 0);		/* cmin */
	at = put32(m, at, 1);		/* cmax */
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = putf8(m, at, 2.0);
	at = put32(m, at, 1);
	at = put32(m, at, 0);
	at = put32(m, at, 0);
	at = putf8(m, at, 3.5);
	return at;
}

void
suite_cubewire(void)
{
	unsigned char m[200];
	size_t		len = two_bins(m);
	CubeWireHeader h;
	GridBin		bins[2];
	const char *why = NULL;

	CHECK_EQ_INT(len, CUBE_WIRE_HEADER_LEN + 2 * CUBE_WIRE_BIN_LEN);
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_OK);
	CHECK_EQ_INT(h.srid, 3006);
	CHECK_EQ_INT(h.nbins, 2);
	CHECK_NEAR(h.cell, 250.0, 0);
	CHECK_EQ_INT(h.step_us, 604800000000LL);
	CHECK_EQ_INT(h.origin, 757382400000000LL);
	CHECK_EQ_INT(h.cmax, 1);
	CHECK_EQ_INT(cube_wire_bins(m, len, &h, bins, &why), CUBE_WIRE_OK);
	CHECK_EQ_INT(bins[1].col, 1);
	CHECK_NEAR(bins[1].w, 3.5, 0);
	CHECK_EQ_INT(bins[0].used, 1);

	/* short, version, length, maximum bins */
	CHECK_EQ_INT(cube_wire_header(m, 11, 1, 1000, &h, &why), CUBE_WIRE_SHORT);
	CHECK_EQ_INT(cube_wire_header(m, len, 2, 1000, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "unknown version");
	CHECK_EQ_INT(cube_wire_header(m, len - 1, 1, 1000, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "wrong length");
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "wrong length");
	put32(m, 8, 0x7fffffff);	/* nbins huge: rejected before any size arithmetic matters */
	CHECK_EQ_INT(cube_wire_header(m, len, 1, UINT32_C(1) << 24, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "wrong length");
	put32(m, 8, 0xffffffff);	/* nbins -1 */
	CHECK_EQ_INT(cube_wire_header(m, len, 1, UINT32_C(1) << 24, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "wrong length");

	/* SRID, cell, step, origin */
	len = two_bins(m);
	put32(m, 4, 0);
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bad SRID, cell size, step or origin");
	len = two_bins(m);
	putf8(m, 12, 0.0 / 0.0);
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_BAD);
	len = two_bins(m);
	put64(m, 28, UINT64_C(0x7fffffffffffffff));	/* origin +infinity */
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bad SRID, cell size, step or origin");

	/* extent */
	len = two_bins(m);
	put32(m, 36, 2);			/* cmin 2 > cmax 1 */
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bad extent");
	len = two_bins(m);
	put64(m, 20, 0);			/* no step but steps 0..3 */
	put32(m, 56, 3);
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bad extent");

	/* bins: outside, not finite, unsorted, repeated */
	len = two_bins(m);
	put32(m, 80, 5);			/* second bin's column 5 > cmax 1 */
	CHECK_EQ_INT(cube_wire_header(m, len, 1, 1000, &h, &why), CUBE_WIRE_OK);
	CHECK_EQ_INT(cube_wire_bins(m, len, &h, bins, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bin outside the extent or not finite");
	len = two_bins(m);
	putf8(m, 92, 1.0 / 0.0);	/* second bin's weight infinite */
	cube_wire_header(m, len, 1, 1000, &h, &why);
	CHECK_EQ_INT(cube_wire_bins(m, len, &h, bins, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bin outside the extent or not finite");
	len = two_bins(m);
	put32(m, 80, 0);			/* second bin repeats the first */
	cube_wire_header(m, len, 1, 1000, &h, &why);
	CHECK_EQ_INT(cube_wire_bins(m, len, &h, bins, &why), CUBE_WIRE_BAD);
	CHECK_EQ_STR(why, "bins not sorted by step, row, column, or repeated");
	len = two_bins(m);
	put32(m, 60, 1);			/* first bin (1,0,0), second (1,0,0) after it: unsorted/repeated */
	cube_wire_header(m, len, 1, 1000, &h, &why);
	CHECK_EQ_INT(cube_wire_bins(m, len, &h, bins, &why), CUBE_WIRE_BAD);
}
