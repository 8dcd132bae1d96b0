/*
 * test_binpack.c — unit tests of src/core/binpack.c: bytes worked by hand, a round trip of
 * awkward weights bit for bit, and damaged streams refused.
 */
#include "unit.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/binpack.h"

void		suite_binpack(void);

/*
 * binunpack_keys: the hand-worked stream's keys in its own extent and in a wider one; random
 * streams read in batches of 1, 3 and 512 give the keys and weights binunpack_next gives, bit
 * for bit; damaged streams and an extent not inside the merged one are refused
 */
static void
test_keys(void)
{
	BinPackExtent e = {10, 12, -1, 0, 5, 6};	/* 3 columns, 2 rows, 2 steps */
	BinPackExtent wide = {8, 13, -3, 1, 4, 9};	/* 6 columns, 5 rows, 6 steps */
	unsigned char buf[8 * BINPACK_MAX_BIN];
	static unsigned char big[4000 * BINPACK_MAX_BIN];
	BinPacker	p;
	BinUnpacker u;
	uint64_t	k[600];
	double		w[600];
	int			n, i, b;
	unsigned int seed = 99;

	binpack_start(&p, buf, &e);
	binpack_put(&p, 10, -1, 5, 1.0);
	binpack_put(&p, 12, 0, 5, 3.0);
	binpack_put(&p, 11, -1, 6, -1.0);
	binpack_put(&p, 12, 0, 6, 0.5);
	binunpack_start(&u, buf, p.len, &e, 4);
	n = binunpack_keys(&u, &e, k, w, 600);
	CHECK_EQ_INT(n, 4);
	CHECK(k[0] == 0 && k[1] == 5 && k[2] == 7 && k[3] == 11);
	CHECK(w[0] == 1.0 && w[1] == 3.0 && w[2] == -1.0 && w[3] == 0.5);
	CHECK_EQ_INT(binunpack_keys(&u, &e, k, w, 600), 0);
	/* the unpacker stays whole between the two readers: two bins by keys, then the rest one by one */
	{
		int32_t		c, r, s2;
		double		v;

		binunpack_start(&u, buf, p.len, &e, 4);
		CHECK_EQ_INT(binunpack_keys(&u, &e, k, w, 2), 2);
		CHECK(binunpack_next(&u, &c, &r, &s2, &v) == 1 && c == 11 && r == -1 && s2 == 6 && v == -1.0);
		CHECK(binunpack_next(&u, &c, &r, &s2, &v) == 1 && c == 12 && r == 0 && s2 == 6 && v == 0.5);
		CHECK(binunpack_next(&u, &c, &r, &s2, &v) == 0);
	}
	/* in the wide extent: ((s - 4) * 5 + (r + 3)) * 6 + (c - 8) */
	binunpack_start(&u, buf, p.len, &e, 4);
	n = binunpack_keys(&u, &wide, k, w, 600);
	CHECK_EQ_INT(n, 4);
	CHECK(k[0] == (uint64_t) ((1 * 5 + 2) * 6 + 2) && k[1] == (uint64_t) ((1 * 5 + 3) * 6 + 4) &&
		  k[2] == (uint64_t) ((2 * 5 + 2) * 6 + 3) && k[3] == (uint64_t) ((2 * 5 + 3) * 6 + 4));
	/* an extent not inside: refused */
	binunpack_start(&u, buf, p.len, &wide, 4);
	CHECK(binunpack_keys(&u, &e, k, w, 600) == -1 && u.why != NULL);
	/* damaged: a byte cut off, a bin too many announced, bytes after the last bin */
	binunpack_start(&u, buf, p.len - 1, &e, 4);
	CHECK(binunpack_keys(&u, &e, k, w, 600) == -1);
	binunpack_start(&u, buf, p.len, &e, 5);
	CHECK(binunpack_keys(&u, &e, k, w, 600) == -1);
	binunpack_start(&u, buf, p.len, &e, 3);
	CHECK(binunpack_keys(&u, &e, k, w, 600) == 3);
	CHECK(binunpack_keys(&u, &e, k, w, 600) == -1);

	/* random streams: keys = binunpack_next's bins placed in the target extent */
	for (i = 0; i < 200; i++)
	{
		BinPackExtent se = {-5, 30, 100, 111, -2, 7};	/* 36 x 12 x 10 */
		BinPackExtent to = se;
		int			cnt = 0, batch = (i % 3 == 0) ? 1 : (i % 3 == 1) ? 3 : 512, got = 0, bad = 0;
		int32_t		c, r, s;
		double		v;
		BinUnpacker u2;

		if (i % 2)
		{
			to.cmin -= 3;
			to.rmax += 2;
			to.smin -= 1;
			to.smax += 4;
		}
		binpack_start(&p, big, &se);
		for (s = se.smin; s <= se.smax; s++)
			for (r = se.rmin; r <= se.rmax; r++)
				for (c = se.cmin; c <= se.cmax; c++)
				{
					seed = seed * 1103515245u + 12345u;
					if ((seed >> 16) % 100 < (unsigned) (5 + i % 60))
					{
						double		wt = ((seed >> 8) & 7) == 0 ? 0.25 * (double) (seed % 1000) : (double) (seed % 5);

						binpack_put(&p, c, r, s, ((seed >> 4) & 63) == 0 ? 1e6 * wt : wt);
						cnt++;
					}
				}
		binunpack_start(&u, big, p.len, &se, (uint64_t) cnt);
		binunpack_start(&u2, big, p.len, &se, (uint64_t) cnt);
		while ((n = binunpack_keys(&u, &to, k, w, batch)) > 0)
			for (b = 0; b < n; b++)
			{
				uint64_t	want;

				if (binunpack_next(&u2, &c, &r, &s, &v) != 1)
				{
					bad++;
					continue;
				}
				want = ((uint64_t) (s - to.smin) * (uint64_t) (to.rmax - to.rmin + 1) +
						(uint64_t) (r - to.rmin)) * (uint64_t) (to.cmax - to.cmin + 1) + (uint64_t) (c - to.cmin);
				if (k[b] != want || memcmp(&w[b], &v, 8) != 0)
					bad++;
				got++;
			}
		CHECK(n == 0 && got == cnt && bad == 0 && binunpack_next(&u2, &c, &r, &s, &v) == 0);
	}
}

/*
 * binpack_cells: rows of random cells (NaN = no bin; whole, fractional, -0 and large weights)
 * pack to the very bytes binpack_put gives bin by bin; cells outside the extent or not after
 * the last bin are refused
 */
static void
test_cells(void)
{
	BinPackExtent e = {-4, 12, 7, 15, 0, 5};	/* 17 x 9 x 6 = 918 cells */
	static unsigned char a[918 * BINPACK_MAX_BIN], b[918 * BINPACK_MAX_BIN];
	double		row[17];
	BinPacker	p, q;
	unsigned int seed = 4242;
	int			t, i, same = 0;

	for (t = 0; t < 100; t++)
	{
		uint64_t	first = 0;
		int32_t		c, r, s;

		binpack_start(&p, a, &e);
		binpack_start(&q, b, &e);
		for (s = 0; s <= 5; s++)
			for (r = 7; r <= 15; r++, first += 17)
			{
				for (i = 0; i < 17; i++)
				{
					seed = seed * 1103515245u + 12345u;
					row[i] = (seed >> 16) % 100 < (unsigned) t ? ((seed & 3) == 0 ? -0.0 : (seed & 3) == 1 ? 0.5 * (seed >> 20) :
																(seed & 3) == 2 ? (double) (seed >> 24) : 1e300) : NAN;
				}
				if (!binpack_cells(&p, first, row, 17))
					same--;
				for (c = -4; c <= 12; c++)
					if (!isnan(row[c + 4]))
						binpack_put(&q, c, r, s, row[c + 4]);
			}
		same += p.len == q.len && p.nbins == q.nbins && memcmp(a, b, p.len) == 0;
	}
	CHECK_EQ_INT(same, 100);
	binpack_start(&p, a, &e);
	for (i = 0; i < 17; i++)
		row[i] = 1.0;
	CHECK(!binpack_cells(&p, 910, row, 17));	/* past the last cell */
	CHECK(binpack_cells(&p, 17, row, 17));
	CHECK(!binpack_cells(&p, 20, row, 3));		/* not after the last bin */
	CHECK(binpack_cells(&p, 34, row, 0));		/* nothing: nothing to check */
	CHECK_EQ_INT((int) p.nbins, 17);
}

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

	test_keys();
	test_cells();
}
