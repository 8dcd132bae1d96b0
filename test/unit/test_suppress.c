/*
 * test_suppress.c — unit tests of src/core/suppress.c, every case worked by hand (below),
 * and the result of two cases checked by brute force: every non-negative integer filling of
 * the suppressed and hidden cells that agrees with the published numbers is enumerated with
 * the equations written out here independently of the core, and each suppressed small count
 * must take at least two values.
 *
 * Tables: rows are localities, columns categories then the total; threshold 3 (1 and 2 are
 * small).  Hidden cells are own(L, ·), a parent's incidents outside its children.
 */
#include <stdlib.h>

#include "unit.h"

#include "core/suppress.h"

void		suite_suppress(void);

static void *
t_alloc(size_t n, void *ctx)
{
	(void) ctx;
	return malloc(n);
}

static void
t_free(void *p, void *ctx)
{
	(void) ctx;
	free(p);
}

static int	interrupts;

static void
t_interrupt(void *ctx)
{
	(void) ctx;
	interrupts++;
}

static const SuppressEnv env = {t_alloc, t_free, t_interrupt, NULL};

static int
same_flags(const unsigned char *got, const unsigned char *want, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (got[i] != want[i])
		{
			fprintf(stderr, "  flag %d = %d, expected %d\n", i, got[i], want[i]);
			return 0;
		}
	return 1;
}

void
suite_suppress(void)
{
	int64_t		count[16];
	unsigned char sup[16];
	int32_t		sec;

	/*
	 * 1. One locality, categories 1 and 5, total 6.  The 1 is small: suppressed.  Alone in
	 * its row it would be 6 - 5, so one more cell goes: the category 5 (a category before the
	 * total).  Then 1 + 5 = 6 has two unknowns: neither can be computed.
	 */
	{
		int32_t		parent[1] = {-1};
		int64_t		own[2] = {1, 5};
		unsigned char want[3] = {1, 1, 0};

		CHECK_EQ_INT(suppress_table(1, parent, 2, own, 3, &env, count, sup, &sec), SUPPRESS_OK);
		CHECK(same_flags(sup, want, 3));
		CHECK_EQ_INT(count[2], 6);
		CHECK_EQ_INT(sec, 1);
		/* threshold 1: nothing is small, nothing suppressed */
		CHECK_EQ_INT(suppress_table(1, parent, 2, own, 1, &env, count, sup, &sec), SUPPRESS_OK);
		CHECK_EQ_INT(sup[0] + sup[1] + sup[2], 0);
		CHECK_EQ_INT(sec, 0);
	}

	/*
	 * 2. Zeros are shown, never suppressed: categories 0 and 7.
	 */
	{
		int32_t		parent[1] = {-1};
		int64_t		own[2] = {0, 7};

		CHECK_EQ_INT(suppress_table(1, parent, 2, own, 3, &env, count, sup, &sec), SUPPRESS_OK);
		CHECK_EQ_INT(sup[0] + sup[1] + sup[2], 0);
	}

	/*
	 * 3. Kommun K (row 0) with towns A (row 1) and B (row 2), two categories.
	 *    own:  K = (2, 0)  A = (1, 4)  B = (5, 3)
	 *    published:  K = 8 7 | 15   A = 1 4 | 5   B = 5 3 | 8
	 *    hidden own(K) = 2 0 | 2: the 2 is small, the 0 counts as known.
	 * A's 1 is suppressed; row A gives it as 5 - 4, so a complement is needed.  Candidates
	 * in order: A.c1 (4), B.c0 (5), K.c0 (8) — each alone leaves the 1 computable (A.c1 = 7 - 3
	 * - 0 from category 1; B.c0 = 8 - 3 from row B; K.c0 = 15 - 7 from row K) — then the
	 * totals A.tot (5): with A.tot unknown, x = A.c0 and a = own(K, c0) satisfy only
	 * a + x = 3, A.tot = x + 4 and own(K, tot) = a: both free.  So A.c0 and A.tot go.
	 */
	{
		int32_t		parent[3] = {-1, 0, 0};
		int64_t		own[6] = {2, 0, 1, 4, 5, 3};
		int64_t		want_count[9] = {8, 7, 15, 1, 4, 5, 5, 3, 8};
		unsigned char want[9] = {0, 0, 0, 1, 0, 1, 0, 0, 0};
		int			i, x, t, a, b, xs = 0, as = 0;

		CHECK_EQ_INT(suppress_table(3, parent, 2, own, 3, &env, count, sup, &sec), SUPPRESS_OK);
		for (i = 0; i < 9; i++)
			CHECK_EQ_INT(count[i], want_count[i]);
		CHECK(same_flags(sup, want, 9));
		CHECK_EQ_INT(sec, 1);
		/*
		 * Brute force: unknowns x = A.c0, t = A.tot, a = own(K, c0), b = own(K, tot), each
		 * 0..15; equations with the published numbers: row A t = x + 4; category 0
		 * 8 = a + x + 5; total 15 = b + t + 8; own(K) b = a + 0.  Record which x and a occur.
		 */
		for (x = 0; x <= 15; x++)
			for (t = 0; t <= 15; t++)
				for (a = 0; a <= 15; a++)
					for (b = 0; b <= 15; b++)
						if (t == x + 4 && 8 == a + x + 5 && 15 == b + t + 8 && b == a)
						{
							xs |= 1 << x;
							as |= 1 << a;
						}
		CHECK_EQ_INT(__builtin_popcount(xs), 4);	/* x in 0..3 */
		CHECK_EQ_INT(__builtin_popcount(as), 4);	/* own(K, c0) in 0..3 */
	}

	/*
	 * 4. The same towns, but the kommun has no incidents of its own (its residual is 0 and so
	 * known): own K = (0, 0), A = (1, 4), B = (5, 3); published K = 6 7 | 13.
	 * A.c0 = 1 is suppressed.  Step 1: no single cell frees it (A.c1 = 7 - 3, B.c0 = 8 - 3,
	 * K.c0 = 13 - 7, A.tot = 13 - 8): the first candidate, A.c1, goes.  Step 2: A.c1 is
	 * computable from category 1, whose cells B.c1 (3) ... K.c1 join the candidates; again none
	 * alone frees A.c0: B.c1 (3) goes.  Step 3: B.c0 closes the rectangle A.c0 A.c1 / B.c0
	 * B.c1 (x + y = 5, z + w = 8, x + z = 6, y + w = 7: one degree of freedom).
	 */
	{
		int32_t		parent[3] = {-1, 0, 0};
		int64_t		own[6] = {0, 0, 1, 4, 5, 3};
		unsigned char want[9] = {0, 0, 0, 1, 1, 0, 1, 1, 0};
		int			x, y, z, w, xs = 0;

		CHECK_EQ_INT(suppress_table(3, parent, 2, own, 3, &env, count, sup, &sec), SUPPRESS_OK);
		CHECK(same_flags(sup, want, 9));
		CHECK_EQ_INT(sec, 3);
		/* brute force over x = A.c0, y = A.c1, z = B.c0, w = B.c1 in 0..13 */
		for (x = 0; x <= 13; x++)
			for (y = 0; y <= 13; y++)
				for (z = 0; z <= 13; z++)
					for (w = 0; w <= 13; w++)
						if (x + y == 5 && z + w == 8 && 6 == 0 + x + z && 7 == 0 + y + w)
							xs |= 1 << x;
		CHECK_EQ_INT(__builtin_popcount(xs), 6);	/* x in 0..5 */
	}

	/*
	 * 5. Kommun K with towns A and B, one category: own K = (4), A = (1), B = (10).  A's 1 is
	 * suppressed in both columns; K's own 4 is unknown, so 15 = own + A + 10 cannot be solved:
	 * no secondary suppression.
	 */
	{
		int32_t		parent[3] = {-1, 0, 0};
		int64_t		own[3] = {4, 1, 10};
		unsigned char want[6] = {0, 0, 1, 1, 0, 0};

		CHECK_EQ_INT(suppress_table(3, parent, 1, own, 3, &env, count, sup, &sec), SUPPRESS_OK);
		CHECK(same_flags(sup, want, 6));
		CHECK_EQ_INT(sec, 0);
	}

	/* 6. bad input */
	{
		int32_t		loop[2] = {1, 0};
		int32_t		outside[2] = {-1, 2};
		int32_t		ok[2] = {-1, 0};
		int64_t		own[2] = {1, 1};
		int64_t		neg[2] = {1, -1};

		CHECK_EQ_INT(suppress_table(2, loop, 1, own, 3, &env, count, sup, &sec), SUPPRESS_BAD_PARENT);
		CHECK_EQ_INT(suppress_table(2, outside, 1, own, 3, &env, count, sup, &sec), SUPPRESS_BAD_PARENT);
		CHECK_EQ_INT(suppress_table(2, ok, 1, neg, 3, &env, count, sup, &sec), SUPPRESS_NEGATIVE);
		CHECK_EQ_INT(suppress_table(2, ok, 1, own, 0, &env, count, sup, &sec), SUPPRESS_BAD_THRESHOLD);
	}

	/*
	 * 7. The determinacy test alone on a 4 × 4 table with row, column and grand totals.
	 * Unknown: the rectangle a00 a01 a10 a11, the rectangle a22 a23 a32 a33, and a12.  Every
	 * row and column holds 0 or at least 2 unknowns — the usual rule of thumb is met — yet
	 * (R0 + R1) - (C0 + C1) = a12: a12 is determined, the others are not.
	 * Cells: a_ij = 4i + j, R_i = 16 + i, C_j = 20 + j, G = 24.
	 */
	{
		int32_t		start[10],
					cell[64];
		double		coef[64];
		unsigned char unknown[25] = {0},
					det[25];
		int			i, j, nnz = 0, ncons = 0, ndet = 0;
		static const int unk[9] = {0, 1, 4, 5, 10, 11, 14, 15, 6};

		start[0] = 0;
		for (i = 0; i < 4; i++)
		{
			cell[nnz] = 16 + i;
			coef[nnz++] = 1;
			for (j = 0; j < 4; j++)
			{
				cell[nnz] = 4 * i + j;
				coef[nnz++] = -1;
			}
			start[++ncons] = nnz;
		}
		for (j = 0; j < 4; j++)
		{
			cell[nnz] = 20 + j;
			coef[nnz++] = 1;
			for (i = 0; i < 4; i++)
			{
				cell[nnz] = 4 * i + j;
				coef[nnz++] = -1;
			}
			start[++ncons] = nnz;
		}
		cell[nnz] = 24;
		coef[nnz++] = 1;
		for (i = 0; i < 4; i++)
		{
			cell[nnz] = 16 + i;
			coef[nnz++] = -1;
		}
		start[++ncons] = nnz;
		for (i = 0; i < 9; i++)
			unknown[unk[i]] = 1;
		CHECK_EQ_INT(suppress_determined(25, ncons, start, cell, coef, unknown, &env, det), SUPPRESS_OK);
		for (i = 0; i < 25; i++)
			ndet += det[i];
		CHECK_EQ_INT(ndet, 1);
		CHECK_EQ_INT(det[6], 1);
		/* without a12 only the two rectangles: nothing determined */
		unknown[6] = 0;
		CHECK_EQ_INT(suppress_determined(25, ncons, start, cell, coef, unknown, &env, det), SUPPRESS_OK);
		for (i = 0, ndet = 0; i < 25; i++)
			ndet += det[i];
		CHECK_EQ_INT(ndet, 0);
		/* a lone unknown in row 3 (a33 with a32 known) is determined */
		unknown[14] = 0;
		CHECK_EQ_INT(suppress_determined(25, ncons, start, cell, coef, unknown, &env, det), SUPPRESS_OK);
		CHECK_EQ_INT(det[15], 1);
	}

	/*
	 * 8. A larger table: a kommun with no incidents of its own and 12 towns, 8 categories,
	 * every count 3..6 except town 1's category 2 = 1.  A lone small cell in a full table needs
	 * at least a rectangle: 3 complements.  The interrupt hook is called.
	 */
	{
		int32_t		parent[13];
		int64_t		own[13 * 8];
		int64_t		big_count[13 * 9];
		unsigned char big_sup[13 * 9];
		int			i;

		for (i = 0; i < 13; i++)
			parent[i] = i == 0 ? -1 : 0;
		for (i = 0; i < 13 * 8; i++)
			own[i] = i < 8 ? 0 : 3 + i % 4;
		own[1 * 8 + 2] = 1;
		interrupts = 0;
		CHECK_EQ_INT(suppress_table(13, parent, 8, own, 3, &env, big_count, big_sup, &sec), SUPPRESS_OK);
		CHECK(interrupts > 0);
		CHECK_EQ_INT(sec, 3);
		CHECK_EQ_INT(big_sup[1 * 9 + 2], 1);
		/* every small published count is suppressed, every 0 shown */
		for (i = 0; i < 13 * 9; i++)
			if ((big_count[i] > 0 && big_count[i] < 3 && !big_sup[i]) || (big_count[i] == 0 && big_sup[i]))
				break;
		CHECK_EQ_INT(i, 13 * 9);
	}
}
