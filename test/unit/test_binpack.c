/*
 * test_binpack.c — unit tests of src/core/binpack.c: bytes worked by hand, a round trip of
 * awkward weights bit for bit, and damaged streams refused.
 */
#include "unit.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/binpack.h"

void		suite_binpack(void);

void
suite_binpack(void)
{
	BinPackExtent e = {10, 12, -1, 0, 5, 6};	/* 3 columns, 2 rows, 2 steps: 12 cells */
	unsigned char buf[8 * BINPACK_MAX_BIN];
	BinPacker	p;
	BinUnpacker u;
	int32_t		c, r, s;
	double		w;
	static const double odd[] = {-0.0, 0.5, -7.0, 1e300, DBL_MAX, 9007199254740992.0, -3.0, 1.0};
	int			i;

	/*
	 * (10,-1,5) w 1: index 0, delta 0, whole -> varint 1, then zigzag(1) = 2;
	 * (12, 0,5) w 3: index 5, delta 4 -> 9, zigzag(3) = 6;
	 * (11,-1,6) w -1: index 7, delta 1 -> 3, zigzag(-1) = 1;
	 * (12, 0,6) w 0.5: index 11, delta 3 -> 6 (not whole), then the 8 bytes of 0.5
	 */
	binpack_start(&p, buf, &e);
	CHECK(binpack_put(&p, 10, -1, 5, 1.0));
	CHECK(binpack_put(&p, 12, 0, 5, 3.0));
	CHECK(binpack_put(&p, 11, -1, 6, -1.0));
	CHECK(binpack_put(&p, 12, 0, 6, 0.5));
	CHECK_EQ_INT(p.len, 15);
	CHECK(buf[0] == 1 && buf[1] == 2 && buf[2] == 9 && buf[3] == 6 && buf[4] == 3 && buf[5] == 1 && buf[6] == 6);
	CHECK(buf[14] == 0x3F && buf[13] == 0xE0 && buf[7] == 0);	/* 0.5 = 0x3FE0000000000000, little-endian */
	/* out of the extent, or not after the previous bin: refused */
	CHECK(!binpack_put(&p, 13, 0, 6, 1.0));
	CHECK(!binpack_put(&p, 10, -1, 5, 1.0));
	CHECK(!binpack_put(&p, 12, 0, 6, 1.0));

	binunpack_start(&u, buf, p.len, &e, 4);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == 1 && c == 10 && r == -1 && s == 5 && w == 1.0);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == 1 && c == 12 && r == 0 && s == 5 && w == 3.0);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == 1 && c == 11 && r == -1 && s == 6 && w == -1.0);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == 1 && c == 12 && r == 0 && s == 6 && w == 0.5);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == 0);

	/* damaged: one bin too many announced, one too few, a byte cut off, an index past the extent */
	binunpack_start(&u, buf, p.len, &e, 5);
	for (i = 0; i < 4; i++)
		binunpack_next(&u, &c, &r, &s, &w);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == -1 && u.why != NULL);
	binunpack_start(&u, buf, p.len, &e, 3);
	for (i = 0; i < 3; i++)
		binunpack_next(&u, &c, &r, &s, &w);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == -1);
	binunpack_start(&u, buf, p.len - 1, &e, 4);
	for (i = 0; i < 3; i++)
		binunpack_next(&u, &c, &r, &s, &w);
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == -1);
	{
		unsigned char bad[2] = {2 * 12 + 1, 2};	/* delta 12: index 12 of 12 cells */

		binunpack_start(&u, bad, 2, &e, 1);
		CHECK(binunpack_next(&u, &c, &r, &s, &w) == -1);
	}
	{
		unsigned char bad[11] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};

		binunpack_start(&u, bad, 11, &e, 1);
		CHECK(binunpack_next(&u, &c, &r, &s, &w) == -1);	/* a varint over 64 bits */
	}
	{
		BinPackExtent huge = {INT32_MIN, INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN, INT32_MAX};

		binunpack_start(&u, buf, p.len, &huge, 4);
		CHECK(binunpack_next(&u, &c, &r, &s, &w) == -1);	/* 2^96 cells: refused */
	}

	/* round trip of awkward weights: every bit, -0 included */
	binpack_start(&p, buf, &e);
	for (i = 0; i < 8; i++)
		CHECK(binpack_put(&p, 10 + i % 3, -1 + (i / 3) % 2, 5 + i / 6, odd[i]));
	binunpack_start(&u, buf, p.len, &e, 8);
	for (i = 0; i < 8; i++)
	{
		CHECK(binunpack_next(&u, &c, &r, &s, &w) == 1);
		CHECK(memcmp(&w, &odd[i], 8) == 0);
		CHECK(c == 10 + i % 3 && r == -1 + (i / 3) % 2 && s == 5 + i / 6);
	}
	CHECK(binunpack_next(&u, &c, &r, &s, &w) == 0);
}
