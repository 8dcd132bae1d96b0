/*
 * test_pai.c — unit tests of src/core/pai.c, by hand.
 *
 * Chainey et al.'s PAI = (n/N · 100) / (a/A · 100).  Case 1: 30 of 120 later incidents fall in
 * hotspots covering 2 km² of a 40 km² study area: hit rate 30/120 = 0.25, area share
 * 2/40 = 0.05, PAI = 0.25 / 0.05 = 5.
 */
#include "unit.h"

#include "core/pai.h"

void		suite_pai(void);

void
suite_pai(void)
{
	PaiResult	r;
	int64_t		a[] = {7, 3, 3, 9, 1, 7};
	int64_t		b[] = {2, 3, 9, 10};
	int64_t		out[6];

	CHECK_EQ_INT(pai_compute(30, 120, 2e6, 40e6, &r), PAI_VALID);
	CHECK_NEAR(r.hit_rate, 0.25, 1e-15);
	CHECK_NEAR(r.area_share, 0.05, 1e-15);
	CHECK_NEAR(r.pai, 5, 1e-13);
	CHECK_EQ_INT(r.note, PAI_OK);
	CHECK(pai_note_text(r.note) == NULL);

	/* every incident in a hotspot of 1/8 of the area: PAI = 8, its largest value here */
	CHECK_EQ_INT(pai_compute(12, 12, 5, 40, &r), PAI_VALID);
	CHECK_NEAR(r.pai, 8, 1e-14);
	/* weighted (aoristic) counts: 2.5 of 10 in 1/4 of the area: PAI = 1 (no better than chance) */
	CHECK_EQ_INT(pai_compute(2.5, 10, 1, 4, &r), PAI_VALID);
	CHECK_NEAR(r.pai, 1, 1e-15);

	/* no incidents: hit rate and PAI undefined (NAN, NULL in SQL), area share still 0.05 */
	CHECK_EQ_INT(pai_compute(0, 0, 2, 40, &r), PAI_VALID);
	CHECK(isnan(r.hit_rate) && isnan(r.pai));
	CHECK_NEAR(r.area_share, 0.05, 1e-15);
	CHECK_EQ_INT(r.note, PAI_NO_INCIDENTS);
	CHECK(pai_note_text(r.note) != NULL);
	/* no hotspot area: hit rate 0, PAI undefined */
	CHECK_EQ_INT(pai_compute(0, 50, 0, 40, &r), PAI_VALID);
	CHECK_NEAR(r.hit_rate, 0, 0);
	CHECK(isnan(r.pai));
	CHECK_EQ_INT(r.note, PAI_NO_HOTSPOT_AREA);
	/* both: the incidents' reason comes first */
	CHECK_EQ_INT(pai_compute(0, 0, 0, 40, &r), PAI_VALID);
	CHECK_EQ_INT(r.note, PAI_NO_INCIDENTS);

	/* rejected: n > N, negative or NaN counts, A <= 0, a > A, infinite area */
	CHECK_EQ_INT(pai_compute(5, 4, 1, 2, &r), PAI_BAD_COUNTS);
	CHECK_EQ_INT(pai_compute(-1, 4, 1, 2, &r), PAI_BAD_COUNTS);
	CHECK_EQ_INT(pai_compute(NAN, 4, 1, 2, &r), PAI_BAD_COUNTS);
	CHECK_EQ_INT(pai_compute(1, 4, 1, 0, &r), PAI_BAD_AREAS);
	CHECK_EQ_INT(pai_compute(1, 4, 3, 2, &r), PAI_BAD_AREAS);
	CHECK_EQ_INT(pai_compute(1, 4, 1, INFINITY, &r), PAI_BAD_AREAS);
	/* within the tolerance (a clipped area a hair above A): accepted, share 1 */
	CHECK_EQ_INT(pai_compute(1, 4, 2 * (1 + 1e-12), 2, &r), PAI_VALID);
	CHECK_NEAR(r.area_share, 1, 0);

	/* cell id sets */
	CHECK_EQ_INT(pai_sort_unique(a, 6), 4);		/* 1 3 7 9 */
	CHECK(a[0] == 1 && a[1] == 3 && a[2] == 7 && a[3] == 9);
	CHECK(pai_contains(a, 4, 7));
	CHECK(!pai_contains(a, 4, 8));
	CHECK(!pai_contains(a, 0, 1));
	CHECK_EQ_INT(pai_intersect(a, 4, b, 4, out), 2);	/* 3 9 */
	CHECK(out[0] == 3 && out[1] == 9);
}
