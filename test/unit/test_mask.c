/*
 * test_mask.c — unit tests of src/core/mask.c: WKB reading and the cells whose centre a
 * polygon covers, on a grid of cell 1 (centres at 0.5, 1.5, ...).  Expected cells by hand.
 */
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/mask.h"

void		suite_mask(void);

/* an arena: every allocation is freed by arena_free */
typedef struct Arena
{
	void	   *p[256];
	int			n;
} Arena;

static void *
arena_alloc(size_t size, void *ctx)
{
	Arena	   *a = ctx;
	void	   *p = calloc(1, size ? size : 1);

	if (a->n < 256)
		a->p[a->n++] = p;
	return p;
}

static void
arena_free(Arena *a)
{
	while (a->n > 0)
		free(a->p[--a->n]);
}

/* a tiny WKB writer */
typedef struct Wkb
{
	uint8_t		b[4096];
	size_t		n;
	int			big;			/* write big-endian (XDR) */
} Wkb;

static void
w_bytes(Wkb *w, const void *v, size_t len)
{
	const uint8_t *s = v;
	size_t		i;
	int			little = 1;

	if (*(const uint8_t *) &little == 1 && w->big)
		for (i = 0; i < len; i++)
			w->b[w->n++] = s[len - 1 - i];
	else
		for (i = 0; i < len; i++)
			w->b[w->n++] = s[i];
}

static void
w_u32(Wkb *w, uint32_t v)
{
	w_bytes(w, &v, 4);
}

static void
w_header(Wkb *w, uint32_t type)
{
	w->b[w->n++] = w->big ? 0 : 1;
	w_u32(w, type);
}

/* a polygon of rings given as closed coordinate lists; dims 2 or 3 (z = 7) */
static void
w_polygon(Wkb *w, int dims, int nrings, const int *npts, const double *const *rings)
{
	int			r, k;

	w_header(w, dims == 3 ? 1003 : 3);
	w_u32(w, nrings);
	for (r = 0; r < nrings; r++)
	{
		w_u32(w, npts[r]);
		for (k = 0; k < npts[r]; k++)
		{
			double		z = 7;

			w_bytes(w, &rings[r][2 * k], 8);
			w_bytes(w, &rings[r][2 * k + 1], 8);
			if (dims == 3)
				w_bytes(w, &z, 8);
		}
	}
}

/* the covered cells of a 5 x 5 window (cols/rows 0..4) as a string of 0/1, top row first */
static int
cover(const Wkb *w, char *out, MaskStatus *st)
{
	Arena		a = {{0}, 0};
	Mask		m;
	uint32_t	bad;
	unsigned char in[25] = {0};
	int			r, c, n = 0;

	*st = mask_from_wkb(w->b, w->n, &m, arena_alloc, &a, &bad);
	if (*st == MASK_OK)
		mask_cover(&m, 1.0, 0, 0, 5, 5, in, arena_alloc, &a, NULL, NULL);
	for (r = 4; r >= 0; r--)
	{
		for (c = 0; c < 5; c++)
		{
			*out++ = in[r * 5 + c] ? '1' : '0';
			n += in[r * 5 + c];
		}
		*out++ = r ? '/' : '\0';
	}
	arena_free(&a);
	return n;
}

static const double sq[] = {0.5, 0.5, 2.5, 0.5, 2.5, 2.5, 0.5, 2.5, 0.5, 0.5};
static const double hole[] = {1, 1, 1, 2, 2, 2, 2, 1, 1, 1};
static const double tri[] = {0, 0, 4, 0, 0, 4, 0, 0};
static const double far_sq[] = {3.6, 3.6, 4.9, 3.6, 4.9, 4.9, 3.6, 4.9, 3.6, 3.6};
static const double line[] = {0, 0, 4, 4};

void
suite_mask(void)
{
	char		s[32];
	MaskStatus	st;
	Wkb			w = {{0}, 0, 0};
	int			n5[] = {5, 5};
	int			n4[] = {4};
	const double *r1[] = {sq, hole};
	const double *rt[] = {tri};
	const double *rf[] = {far_sq};
	Arena		a = {{0}, 0};
	Mask		m;
	uint32_t	bad;

	/* a square whose edges run through centres: its 3 x 3 centres, the edge ones included */
	w_polygon(&w, 2, 1, n5, r1);
	CHECK_EQ_INT(cover(&w, s, &st), 9);
	CHECK_EQ_STR(s, "00000/00000/11100/11100/11100");

	/* ... with a hole around the middle centre (1.5, 1.5): strictly inside the hole, left out */
	w.n = 0;
	w_polygon(&w, 2, 2, n5, r1);
	CHECK_EQ_INT(cover(&w, s, &st), 8);
	CHECK_EQ_STR(s, "00000/00000/11100/10100/11100");

	/* the same, big-endian and with Z: the same cells */
	w.n = 0;
	w.big = 1;
	w_polygon(&w, 3, 2, n5, r1);
	CHECK_EQ_INT(cover(&w, s, &st), 8);
	CHECK_EQ_STR(s, "00000/00000/11100/10100/11100");
	w.big = 0;

	/*
	 * the triangle (0,0) (4,0) (0,4): centres with x + y <= 4; those with x + y = 4 lie on
	 * the hypotenuse (boundary, covered): i + j <= 3 for cells (i, j): 10 cells
	 */
	w.n = 0;
	w_polygon(&w, 2, 1, n4, rt);
	CHECK_EQ_INT(cover(&w, s, &st), 10);
	CHECK_EQ_STR(s, "00000/10000/11000/11100/11110");

	/* a MultiPolygon of the square with its hole and a small square around centre (4.5, 4.5) */
	w.n = 0;
	w_header(&w, 6);
	w_u32(&w, 2);
	w_polygon(&w, 2, 2, n5, r1);
	w_polygon(&w, 2, 1, n5, rf);
	CHECK_EQ_INT(cover(&w, s, &st), 9);
	CHECK_EQ_STR(s, "00001/00000/11100/10100/11100");

	/* a collection holding the triangle and an empty polygon */
	w.n = 0;
	w_header(&w, 7);
	w_u32(&w, 2);
	w_polygon(&w, 2, 1, n4, rt);
	w_header(&w, 3);
	w_u32(&w, 0);
	CHECK_EQ_INT(cover(&w, s, &st), 10);

	/* POLYGON EMPTY: no polygon */
	w.n = 0;
	w_header(&w, 3);
	w_u32(&w, 0);
	CHECK_EQ_INT(mask_from_wkb(w.b, w.n, &m, arena_alloc, &a, &bad), MASK_OK);
	CHECK_EQ_INT(m.npolys, 0);

	/* refused: a LineString (type 2), truncated WKB, trailing bytes, bad byte order, NaN */
	w.n = 0;
	w_header(&w, 2);
	w_u32(&w, 2);
	w_bytes(&w, &line[0], 8);
	w_bytes(&w, &line[1], 8);
	w_bytes(&w, &line[2], 8);
	w_bytes(&w, &line[3], 8);
	CHECK_EQ_INT(mask_from_wkb(w.b, w.n, &m, arena_alloc, &a, &bad), MASK_NOT_AREAL);
	CHECK_EQ_INT(bad, 2);
	w.n = 0;
	w_polygon(&w, 2, 1, n4, rt);
	CHECK_EQ_INT(mask_from_wkb(w.b, w.n - 3, &m, arena_alloc, &a, &bad), MASK_TRUNCATED);
	w.b[w.n++] = 0;
	CHECK_EQ_INT(mask_from_wkb(w.b, w.n, &m, arena_alloc, &a, &bad), MASK_TRUNCATED);
	w.b[0] = 7;
	CHECK_EQ_INT(mask_from_wkb(w.b, w.n - 1, &m, arena_alloc, &a, &bad), MASK_BAD_BYTE_ORDER);
	{
		double		nanring[] = {0, 0, 4, 0, NAN, 4, 0, 0};
		const double *rn[] = {nanring};

		w.n = 0;
		w_polygon(&w, 2, 1, n4, rn);
		CHECK_EQ_INT(mask_from_wkb(w.b, w.n, &m, arena_alloc, &a, &bad), MASK_NOT_FINITE);
	}
	arena_free(&a);
}
