/*
 * ehsa.c — Emerging Hot Spot Analysis: space-time Gi* and the 17-pattern classification (see
 * ehsa.h).
 *
 * Cost: the spatial neighbour lists are built once (CSR); each step then costs one pass over
 * the lists (the spatial sums of that step, kept in a ring of the last N + 1 steps) and one
 * pass over the locations (the time-window sums, kept in long double, add the new step and
 * drop the one that left the window).  No allocation here: the caller passes every array.
 */
#include "core/ehsa.h"

#include <math.h>
#include <string.h>

#include "core/gistar.h"

static const char *const category_names[EHSA_CATEGORIES] = {
	"no pattern detected",
	"new hot spot",
	"consecutive hot spot",
	"intensifying hot spot",
	"persistent hot spot",
	"diminishing hot spot",
	"sporadic hot spot",
	"oscillating hot spot",
	"historical hot spot",
	"new cold spot",
	"consecutive cold spot",
	"intensifying cold spot",
	"persistent cold spot",
	"diminishing cold spot",
	"sporadic cold spot",
	"oscillating cold spot",
	"historical cold spot"
};

static const char *const window_names[3] = {"cube", "neighborhood", "step"};

const char *
ehsa_category_name(EhsaCategory category)
{
	if ((int) category < 0 || (int) category >= EHSA_CATEGORIES)
		return NULL;
	return category_names[category];
}

bool
ehsa_window_parse(const char *name, EhsaWindow *window)
{
	int			i;

	for (i = 0; i < 3; i++)
		if (name && strcmp(name, window_names[i]) == 0)
		{
			*window = (EhsaWindow) i;
			return true;
		}
	return false;
}

const char *
ehsa_window_name(EhsaWindow window)
{
	return window_names[window];
}

/* ---------------------------------------------------------------- neighbour lists */

/* reach (cells) up to which ehsa_neighbours keeps the half-widths in an array */
#define EHSA_HW_MAX 64

/* first index in [lo, hi) with key(index) >= v, for the sorted rows */
static int64_t
lower_row(const int32_t *row, int64_t lo, int64_t hi, int64_t v)
{
	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if ((int64_t) row[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int64_t
lower_col(const int32_t *col, int64_t lo, int64_t hi, int64_t v)
{
	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if ((int64_t) col[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int64_t
ehsa_neighbours(int64_t nloc, const int32_t *col, const int32_t *row, double distance,
				double cell, int64_t *start, int32_t *nb)
{
	int64_t		rspan, cspan, total = 0, i;
	int32_t		cmin = INT32_MAX, cmax = INT32_MIN;
	int			reach;
	int32_t		hw[2 * EHSA_HW_MAX + 1];

	if (nloc <= 0)
	{
		start[0] = 0;
		return 0;
	}
	for (i = 0; i < nloc; i++)
	{
		if (col[i] < cmin)
			cmin = col[i];
		if (col[i] > cmax)
			cmax = col[i];
	}
	rspan = (int64_t) row[nloc - 1] - row[0];
	cspan = (int64_t) cmax - cmin;
	reach = gistar_reach(distance, cell, rspan > INT32_MAX ? INT32_MAX : (int) rspan);
	if (reach < 0)
		reach = 0;				/* not reached for a valid distance: self only */
	/* the half-widths per row offset, once, when the reach is short (as it nearly always is) */
	if (reach <= EHSA_HW_MAX)
	{
		int			d;

		for (d = -reach; d <= reach; d++)
			hw[d + reach] = gistar_halfwidth(distance, cell, d,
											 cspan > INT32_MAX ? INT32_MAX : (int32_t) cspan);
	}

	for (i = 0; i < nloc; i++)
	{
		int64_t		r = row[i];
		int64_t		c = col[i];
		int64_t		g = lower_row(row, 0, nloc, r - reach);
		int64_t		gend_all = lower_row(row, g, nloc, r + reach + 1);

		start[i] = total;
		while (g < gend_all)
		{
			int64_t		rr = row[g];
			int64_t		gend = lower_row(row, g, gend_all, rr + 1);
			int32_t		h = reach <= EHSA_HW_MAX ? hw[rr - r + reach] :
				gistar_halfwidth(distance, cell, rr - r, cspan > INT32_MAX ? INT32_MAX : (int32_t) cspan);

			if (h >= 0)
			{
				int64_t		a = lower_col(col, g, gend, c - h);
				int64_t		b = lower_col(col, a, gend, c + h + 1);

				if (nb)
				{
					int64_t		k;

					for (k = a; k < b; k++)
						nb[total + (k - a)] = (int32_t) k;
				}
				total += b - a;
			}
			g = gend;
		}
	}
	start[nloc] = total;
	return total;
}

/* ---------------------------------------------------------------- space-time Gi* */

int32_t
ehsa_ring_steps(int32_t nsteps, int32_t time_steps)
{
	int32_t		k = time_steps < nsteps - 1 ? time_steps : nsteps - 1;

	return (k < 0 ? 0 : k) + 1;
}

void
ehsa_step_stats(EhsaCube *c, int32_t t)
{
	const double *x = c->x + (int64_t) t * c->nloc;
	EhsaStepStats *st = &c->stats[t];
	long double sum = 0.0L;
	long double m2 = 0.0L;
	int64_t		i;
	bool		constant = true;

	for (i = 0; i < c->nloc; i++)
	{
		sum += x[i];
		if (x[i] != x[0])
			constant = false;
	}
	st->n = c->nloc;
	st->sum = sum;
	st->mean = c->nloc > 0 ? (double) (sum / c->nloc) : 0.0;
	st->constant = constant;
	st->value = c->nloc > 0 ? x[0] : 0.0;
	if (constant)
	{
		st->mean = st->value;
		st->sum = (long double) st->value * c->nloc;
		st->m2 = 0.0L;
		return;
	}
	for (i = 0; i < c->nloc; i++)
	{
		long double d = (long double) x[i] - st->mean;

		m2 += d * d;
	}
	st->m2 = m2;
}

/* pools steps a..b: n, mean and sd of their values together */
static EhsaMoments
pool(const EhsaStepStats *st, int32_t a, int32_t b)
{
	EhsaMoments m = {0, 0.0, 0.0};
	long double sum = 0.0L;
	long double m2 = 0.0L;
	long double mean;
	bool		constant = true;
	int32_t		t;

	for (t = a; t <= b; t++)
	{
		m.n += st[t].n;
		sum += st[t].sum;
		if (!st[t].constant || st[t].value != st[a].value)
			constant = false;
	}
	if (m.n == 0)
		return m;
	if (constant)
	{
		m.mean = st[a].value;
		m.sd = 0.0;
		return m;
	}
	mean = sum / m.n;
	for (t = a; t <= b; t++)
	{
		long double d = (long double) st[t].mean - mean;

		m2 += st[t].m2 + d * d * st[t].n;
	}
	m.mean = (double) mean;
	m.sd = sqrt((double) (m2 / m.n));
	return m;
}

void
ehsa_moments(EhsaCube *c)
{
	int32_t		t;
	EhsaMoments all;

	switch (c->window)
	{
		case EHSA_WINDOW_CUBE:
			all = pool(c->stats, 0, c->nsteps - 1);
			for (t = 0; t < c->nsteps; t++)
				c->moments[t] = all;
			break;
		case EHSA_WINDOW_NEIGHBORHOOD:
			for (t = 0; t < c->nsteps; t++)
				c->moments[t] = pool(c->stats, t >= c->time_steps ? t - c->time_steps : 0, t);
			break;
		case EHSA_WINDOW_STEP:
			for (t = 0; t < c->nsteps; t++)
				c->moments[t] = pool(c->stats, t, t);
			break;
	}
}

void
ehsa_gistar_step(EhsaCube *c, int32_t t)
{
	int32_t		rs = ehsa_ring_steps(c->nsteps, c->time_steps);
	double	   *slot = c->ring + (int64_t) (t % rs) * c->nloc;
	const double *x = c->x + (int64_t) t * c->nloc;
	double	   *z = c->z + (int64_t) t * c->nloc;
	double	   *p = c->p + (int64_t) t * c->nloc;
	int32_t		k = (t < c->time_steps ? t : c->time_steps) + 1;	/* steps in the window */
	EhsaMoments m = c->moments[t];
	int64_t		i;

	if (t == 0)
		for (i = 0; i < c->nloc; i++)
			c->win[i] = 0.0L;
	for (i = 0; i < c->nloc; i++)
	{
		double		s = 0.0;
		int64_t		e;
		double		w;

		if (t >= rs)
			c->win[i] -= slot[i];	/* the step t − N − 1 leaves the window */
		for (e = c->start[i]; e < c->start[i + 1]; e++)
			s += x[c->nb[e]];
		slot[i] = s;
		c->win[i] += s;
		w = (double) (c->start[i + 1] - c->start[i]) * k;
		z[i] = gistar_z((double) c->win[i], w, w, m.n, m.mean, m.sd);
		p[i] = c->p_tail_only && fabs(z[i]) < EHSA_Z_TAIL ? 1.0 : gistar_p(z[i]);
	}
}

/* ---------------------------------------------------------------- classification */

/*
 * The significant hot and cold steps of a series, and its family: +1 hot, -1 cold, 0 when the
 * final step is not significant (the rules' first split, shared by ehsa_classify and
 * ehsa_has_pattern)
 */
static int
ehsa_steps(const double *z, const unsigned char *sig, int32_t T, int32_t *hot, int32_t *cold)
{
	int32_t		t;

	*hot = *cold = 0;
	for (t = 0; t < T; t++)
	{
		if (!sig[t] || isnan(z[t]))
			continue;
		if (z[t] > 0)
			(*hot)++;
		else if (z[t] < 0)
			(*cold)++;
	}
	if (T >= 1 && sig[T - 1] && !isnan(z[T - 1]) && z[T - 1] != 0)
		return z[T - 1] > 0 ? 1 : -1;
	return 0;
}

/* n of T steps is "90 % of the steps" (10 n >= 9 T), and at least one */
static inline bool
most_steps(int32_t n, int32_t T)
{
	return n > 0 && 10 * (int64_t) n >= 9 * (int64_t) T;
}

void
ehsa_classify(const double *z, const unsigned char *sig, int32_t T, double alpha, double *work,
			  EhsaClass *out)
{
	int32_t		t;
	int			family = ehsa_steps(z, sig, T, &out->hot, &out->cold);
	int32_t		same, other;
	int			dir;

	out->run = 0;
	mk_test_series(z, (size_t) T, alpha, work, &out->trend);
	if (family == 0)
	{
		if (most_steps(out->hot, T))
			out->category = EHSA_HISTORICAL_HOT;
		else if (most_steps(out->cold, T))
			out->category = EHSA_HISTORICAL_COLD;
		else
			out->category = EHSA_NO_PATTERN;
		return;
	}

	for (t = T - 1; t >= 0; t--)
	{
		if (!sig[t] || isnan(z[t]) || (family > 0 ? !(z[t] > 0) : !(z[t] < 0)))
			break;
		out->run++;
	}
	same = family > 0 ? out->hot : out->cold;
	other = family > 0 ? out->cold : out->hot;
	/* the trend in the family's direction: +1 intensifying, −1 diminishing */
	dir = out->trend.valid ? out->trend.direction * family : 0;

	if (most_steps(same, T))	/* same >= 1: the final step is one of them */
		out->category = dir > 0 ? EHSA_INTENSIFYING_HOT : (dir < 0 ? EHSA_DIMINISHING_HOT
														   : EHSA_PERSISTENT_HOT);
	else if (same == 1 && other == 0)
		out->category = EHSA_NEW_HOT;
	else if (out->run == same && out->run >= 2 && other == 0)
		out->category = EHSA_CONSECUTIVE_HOT;
	else if (other > 0)
		out->category = EHSA_OSCILLATING_HOT;
	else
		out->category = EHSA_SPORADIC_HOT;
	if (family < 0)
		out->category = (EhsaCategory) (out->category + (EHSA_NEW_COLD - EHSA_NEW_HOT));
}

bool
ehsa_has_pattern(const double *z, const unsigned char *sig, int32_t T)
{
	int32_t		hot, cold;

	/* a family decided by the final step, or a historical hot or cold spot */
	return ehsa_steps(z, sig, T, &hot, &cold) != 0 || most_steps(hot, T) || most_steps(cold, T);
}
