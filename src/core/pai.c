/*
 * pai.c — PAI and hit rate (see pai.h).
 */
#include "core/pai.h"

#include <math.h>
#include <stdlib.h>

#define PAI_TOL 1e-9

PaiCheck
pai_compute(double n_inside, double n_total, double area_hot, double area_study, PaiResult *r)
{
	r->hit_rate = r->pai = NAN;
	r->area_share = NAN;
	r->note = PAI_OK;
	if (!isfinite(n_inside) || !isfinite(n_total) || !(n_inside >= 0) || !(n_total >= 0) ||
		n_inside > n_total * (1 + PAI_TOL))
		return PAI_BAD_COUNTS;
	if (!isfinite(area_hot) || !isfinite(area_study) || !(area_study > 0) || !(area_hot >= 0) ||
		area_hot > area_study * (1 + PAI_TOL))
		return PAI_BAD_AREAS;
	if (n_inside > n_total)
		n_inside = n_total;		/* within the tolerance */
	if (area_hot > area_study)
		area_hot = area_study;
	r->area_share = area_hot / area_study;
	if (n_total == 0)
	{
		r->note = PAI_NO_INCIDENTS;
		return PAI_VALID;
	}
	r->hit_rate = n_inside / n_total;
	if (area_hot == 0)
	{
		r->note = PAI_NO_HOTSPOT_AREA;
		return PAI_VALID;
	}
	r->pai = r->hit_rate / r->area_share;
	return PAI_VALID;
}

const char *
pai_note_text(PaiNote note)
{
	switch (note)
	{
		case PAI_OK:
			return NULL;
		case PAI_NO_INCIDENTS:
			return "no incidents in the study area: hit rate and PAI are undefined";
		case PAI_NO_HOTSPOT_AREA:
			return "the hotspots cover no part of the study area: PAI is undefined";
	}
	return NULL;
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a, y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

int64_t
pai_sort_unique(int64_t *ids, int64_t n)
{
	int64_t		i, m = 0;

	if (n <= 0)
		return 0;
	qsort(ids, (size_t) n, sizeof(int64_t), id_cmp);
	for (i = 0; i < n; i++)
		if (m == 0 || ids[i] != ids[m - 1])
			ids[m++] = ids[i];
	return m;
}

bool
pai_contains(const int64_t *sorted, int64_t n, int64_t id)
{
	int64_t		lo = 0, hi = n;

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (sorted[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sorted[lo] == id;
}

int64_t
pai_intersect(const int64_t *a, int64_t na, const int64_t *b, int64_t nb, int64_t *out)
{
	int64_t		i = 0, j = 0, m = 0;

	while (i < na && j < nb)
	{
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
		{
			out[m++] = a[i];
			i++;
			j++;
		}
	}
	return m;
}
