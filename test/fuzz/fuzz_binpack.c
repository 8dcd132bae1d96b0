/*
 * libFuzzer harness for the packed bins of a parallel cube_agg part (core/binpack.c, read by
 * cube_agg_deserialize): an extent (6 int32) and a bin count (uint32), then the packed stream.
 * Whatever the bytes, reading must stay inside them; every bin it yields must lie in the extent,
 * each after the one before; a clean end must come exactly after the announced count; and the
 * bins read must pack back into a stream that reads the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/binpack.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	BinPackExtent e;
	uint32_t	nbins;
	BinUnpacker u;
	BinPacker	p;
	unsigned char *again;
	int32_t		c, r, s, pc = 0, pr = 0, ps = 0;
	double		w;
	int			res;
	uint32_t	k = 0;

	if (size < 28)
		return 0;
	memcpy(&e, data, 24);
	memcpy(&nbins, data + 24, 4);
	nbins %= 4096;				/* a count the bytes could hold */
	again = malloc((size_t) nbins * BINPACK_MAX_BIN + 1);
	binunpack_start(&u, data + 28, size - 28, &e, nbins);
	binpack_start(&p, again, &e);
	while ((res = binunpack_next(&u, &c, &r, &s, &w)) == 1)
	{
		if (c < e.cmin || c > e.cmax || r < e.rmin || r > e.rmax || s < e.smin || s > e.smax)
			abort();
		if (k > 0 && (s < ps || (s == ps && (r < pr || (r == pr && c <= pc)))))
			abort();
		if (!binpack_put(&p, c, r, s, w))
			abort();
		pc = c;
		pr = r;
		ps = s;
		k++;
	}
	if (res == 0)
	{
		BinUnpacker v;
		int32_t		c2, r2, s2;
		double		w2;
		uint32_t	j;

		if (k != nbins || u.pos != u.len)
			abort();
		binunpack_start(&v, again, p.len, &e, nbins);
		binunpack_start(&u, data + 28, size - 28, &e, nbins);
		for (j = 0; j < nbins; j++)
		{
			if (binunpack_next(&v, &c2, &r2, &s2, &w2) != 1 || binunpack_next(&u, &c, &r, &s, &w) != 1 ||
				c != c2 || r != r2 || s != s2 || memcmp(&w, &w2, sizeof w) != 0)
				abort();
		}
		if (binunpack_next(&v, &c2, &r2, &s2, &w2) != 0)
			abort();
	}
	else if (u.why == NULL)
		abort();

	/*
	 * binunpack_keys over the same bytes, in batches of 7, into the extent itself: the same
	 * outcome (every bin, or refused) and, bin for bin, the index binunpack_next's bin has
	 */
	{
		BinUnpacker a, b;
		uint64_t	keys[7];
		double		ws[7];
		uint64_t	nc = (uint64_t) ((int64_t) e.cmax - e.cmin + 1);
		uint64_t	nr = (uint64_t) ((int64_t) e.rmax - e.rmin + 1);
		uint32_t	got = 0;
		int			n, i;

		binunpack_start(&a, data + 28, size - 28, &e, nbins);
		binunpack_start(&b, data + 28, size - 28, &e, nbins);
		while ((n = binunpack_keys(&a, &e, keys, ws, 7)) > 0)
			for (i = 0; i < n; i++)
			{
				if (binunpack_next(&b, &c, &r, &s, &w) != 1)
					abort();
				if (keys[i] != ((uint64_t) ((int64_t) s - e.smin) * nr + (uint64_t) ((int64_t) r - e.rmin)) * nc +
					(uint64_t) ((int64_t) c - e.cmin) || memcmp(&w, &ws[i], sizeof w) != 0)
					abort();
				got++;
			}
		if ((n == 0) != (res == 0) || (n == 0 && got != k) || (n < 0 && a.why == NULL))
			abort();
	}
	free(again);
	return 0;
}
