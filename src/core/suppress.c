/*
 * suppress.c — small-count suppression of a locality × category table with secondary
 * suppression that no sum can undo.  See suppress.h for the rule.
 */
#include "core/suppress.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* entries of the elimination are sums and differences of 0/±1; far from this tolerance */
#define SUPPRESS_EPS 1e-9

/* how many candidate complements are tried before taking the preferred one */
#define SUPPRESS_TRIES 16
/* pairs are tried among the first this many candidates, in systems up to this size */
#define SUPPRESS_PAIRS 24
#define SUPPRESS_PAIR_MATRIX 4000

static void *
env_alloc(const SuppressEnv *env, size_t n)
{
	return env->alloc(n == 0 ? 1 : n, env->ctx);
}

static void
env_free(const SuppressEnv *env, void *p)
{
	if (p && env->dealloc)
		env->dealloc(p, env->ctx);
}

static void
env_interrupt(const SuppressEnv *env)
{
	if (env->interrupt)
		env->interrupt(env->ctx);
}

SuppressStatus
suppress_determined(int32_t ncells, int32_t ncons, const int32_t *start, const int32_t *cell,
					const double *coef, const unsigned char *unknown, const SuppressEnv *env,
					unsigned char *determined)
{
	int32_t    *col_of, *cell_of, *pivot_row, *rows;
	int32_t		u = 0, nrows = 0, r, c, k, rank;
	double	   *a;
	SuppressStatus status = SUPPRESS_OK;

	memset(determined, 0, (size_t) ncells);
	col_of = env_alloc(env, sizeof(int32_t) * (size_t) ncells);
	cell_of = env_alloc(env, sizeof(int32_t) * (size_t) ncells);
	rows = env_alloc(env, sizeof(int32_t) * (size_t) ncons);
	a = NULL;
	pivot_row = NULL;
	if (!col_of || !cell_of || !rows)
	{
		status = SUPPRESS_NO_MEMORY;
		goto done;
	}
	for (c = 0; c < ncells; c++)
	{
		col_of[c] = unknown[c] ? u : -1;
		if (unknown[c])
			cell_of[u++] = c;
	}
	/* only the equations that hold an unknown say anything about the unknowns */
	for (r = 0; r < ncons; r++)
		for (k = start[r]; k < start[r + 1]; k++)
			if (unknown[cell[k]] && coef[k] != 0)
			{
				rows[nrows++] = r;
				break;
			}
	if (u == 0 || nrows == 0)
		goto done;				/* no equation: no unknown is determined */
	if ((double) u * (double) nrows > SUPPRESS_MAX_MATRIX)
	{
		status = SUPPRESS_TOO_BIG;
		goto done;
	}
	a = env_alloc(env, sizeof(double) * (size_t) u * (size_t) nrows);
	pivot_row = env_alloc(env, sizeof(int32_t) * (size_t) u);
	if (!a || !pivot_row)
	{
		status = SUPPRESS_NO_MEMORY;
		goto done;
	}
	memset(a, 0, sizeof(double) * (size_t) u * (size_t) nrows);
	for (r = 0; r < nrows; r++)
		for (k = start[rows[r]]; k < start[rows[r] + 1]; k++)
			if (unknown[cell[k]])
				a[(size_t) r * u + col_of[cell[k]]] += coef[k];

	/* reduced row echelon form with partial pivoting */
	rank = 0;
	for (c = 0; c < u; c++)
	{
		int32_t		best = -1;
		double		bestv = SUPPRESS_EPS;

		pivot_row[c] = -1;
		if (rank == nrows)
			continue;
		if ((c & 63) == 0)
			env_interrupt(env);
		for (r = rank; r < nrows; r++)
		{
			double		v = fabs(a[(size_t) r * u + c]);

			if (v > bestv)
			{
				bestv = v;
				best = r;
			}
		}
		if (best < 0)
			continue;			/* a free column */
		if (best != rank)
		{
			double	   *x = a + (size_t) best * u,
					   *y = a + (size_t) rank * u;

			for (k = 0; k < u; k++)
			{
				double		t = x[k];

				x[k] = y[k];
				y[k] = t;
			}
		}
		{
			double	   *pr = a + (size_t) rank * u;
			double		inv = 1.0 / pr[c];

			for (k = c; k < u; k++)
				pr[k] *= inv;
			pr[c] = 1.0;
			for (r = 0; r < nrows; r++)
			{
				double	   *row = a + (size_t) r * u;
				double		f = row[c];

				if (r == rank || fabs(f) <= SUPPRESS_EPS)
				{
					if (r != rank)
						row[c] = 0;
					continue;
				}
				for (k = c; k < u; k++)
					row[k] -= f * pr[k];
				row[c] = 0;
			}
		}
		pivot_row[c] = rank++;
	}

	/*
	 * The solutions are a particular one plus the null space, whose basis has one vector per
	 * free column f (1 at f, minus the pivot rows' entries in f at their pivots).  A pivot
	 * cell is the same in every solution iff its row is zero in every free column.
	 */
	for (c = 0; c < u; c++)
	{
		const double *row;
		bool		fixed = true;

		if (pivot_row[c] < 0)
			continue;
		row = a + (size_t) pivot_row[c] * u;
		for (k = c + 1; k < u && fixed; k++)
			if (pivot_row[k] < 0 && fabs(row[k]) > SUPPRESS_EPS)
				fixed = false;
		if (fixed)
			determined[cell_of[c]] = 1;
	}
done:
	env_free(env, a);
	env_free(env, pivot_row);
	env_free(env, col_of);
	env_free(env, cell_of);
	env_free(env, rows);
	return status;
}

/* the equations of the table, in CSR form */
typedef struct System
{
	int32_t		ncells, ncons, nnz, cap;
	int32_t    *start, *cell;
	double	   *coef;
} System;

static void
sys_add(System *s, int32_t cell, double coef)
{
	s->cell[s->nnz] = cell;
	s->coef[s->nnz] = coef;
	s->nnz++;
}

static void
sys_end(System *s)
{
	s->start[++s->ncons] = s->nnz;
}

/* whether trying pairs of complements is cheap: equations × unknowns is small */
static bool
small_system(const System *s, const unsigned char *unknown)
{
	int32_t		j,
				u = 0;

	for (j = 0; j < s->ncells; j++)
		u += unknown[j] ? 1 : 0;
	return (double) (u + 2) * (double) s->ncons <= SUPPRESS_PAIR_MATRIX;
}

SuppressStatus
suppress_table(int32_t nloc, const int32_t *parent, int32_t ncat, const int64_t *own,
			   int64_t threshold, const SuppressEnv *env, int64_t *count,
			   unsigned char *suppressed, int32_t *secondary)
{
	const int32_t k1 = ncat + 1;
	int32_t		l, c, j, k, hp = 0, npub, nsec = 0;
	int32_t    *hidx = NULL, *nchild = NULL, *child_start = NULL, *child = NULL;
	int32_t    *cand = NULL;
	int64_t    *value = NULL;
	unsigned char *unknown = NULL, *sensitive = NULL, *det = NULL;
	System		s = {0};
	SuppressStatus status = SUPPRESS_OK;

	if (secondary)
		*secondary = 0;
	if (threshold < 1)
		return SUPPRESS_BAD_THRESHOLD;
	if (nloc < 0 || ncat < 0)
		return SUPPRESS_BAD_PARENT;
	for (l = 0; l < nloc; l++)
	{
		if (parent[l] < -1 || parent[l] >= nloc)
			return SUPPRESS_BAD_PARENT;
		for (c = 0; c < ncat; c++)
			if (own[(size_t) l * ncat + c] < 0)
				return SUPPRESS_NEGATIVE;
	}
	/* no cycle: every chain of parents ends within nloc steps */
	for (l = 0; l < nloc; l++)
	{
		int32_t		p = parent[l],
					steps = 0;

		while (p >= 0 && steps <= nloc)
		{
			p = parent[p];
			steps++;
		}
		if (p >= 0)
			return SUPPRESS_BAD_PARENT;
	}
	npub = nloc * k1;

	hidx = env_alloc(env, sizeof(int32_t) * (size_t) (nloc + 1));
	nchild = env_alloc(env, sizeof(int32_t) * (size_t) (nloc + 1));
	child_start = env_alloc(env, sizeof(int32_t) * (size_t) (nloc + 1));
	child = env_alloc(env, sizeof(int32_t) * (size_t) (nloc + 1));
	if (!hidx || !nchild || !child_start || !child)
	{
		status = SUPPRESS_NO_MEMORY;
		goto done;
	}
	memset(nchild, 0, sizeof(int32_t) * (size_t) (nloc + 1));
	for (l = 0; l < nloc; l++)
		if (parent[l] >= 0)
			nchild[parent[l]]++;
	child_start[0] = 0;
	for (l = 0; l < nloc; l++)
	{
		child_start[l + 1] = child_start[l] + nchild[l];
		hidx[l] = nchild[l] > 0 ? hp++ : -1;
		nchild[l] = 0;
	}
	for (l = 0; l < nloc; l++)
		if (parent[l] >= 0)
			child[child_start[parent[l]] + nchild[parent[l]]++] = l;

	if ((int64_t) npub + (int64_t) hp * k1 > SUPPRESS_MAX_CELLS)
	{
		status = SUPPRESS_TOO_BIG;
		goto done;
	}
	s.ncells = npub + hp * k1;

	/* values: published counts (own plus descendants), then the hidden own cells */
	value = env_alloc(env, sizeof(int64_t) * (size_t) s.ncells);
	unknown = env_alloc(env, (size_t) s.ncells);
	sensitive = env_alloc(env, (size_t) s.ncells);
	det = env_alloc(env, (size_t) s.ncells);
	if (!value || !unknown || !sensitive || !det)
	{
		status = SUPPRESS_NO_MEMORY;
		goto done;
	}
	memset(value, 0, sizeof(int64_t) * (size_t) s.ncells);
	for (l = 0; l < nloc; l++)
		for (c = 0; c < ncat; c++)
		{
			int64_t		v = own[(size_t) l * ncat + c];
			int32_t		p;

			if (v == 0)
				continue;
			for (p = l; p >= 0; p = parent[p])
			{
				value[p * k1 + c] += v;
				value[p * k1 + ncat] += v;
			}
			if (hidx[l] >= 0)
			{
				value[npub + hidx[l] * k1 + c] += v;
				value[npub + hidx[l] * k1 + ncat] += v;
			}
		}

	/* the equations: one per row, one per parent and column, one residual per parent */
	s.cap = nloc * k1 + hp * k1 * 2 + hp * k1;
	for (l = 0; l < nloc; l++)
		if (hidx[l] >= 0)
			s.cap += k1 * (child_start[l + 1] - child_start[l]);
	s.start = env_alloc(env, sizeof(int32_t) * (size_t) (nloc + hp * k1 + hp + 1));
	s.cell = env_alloc(env, sizeof(int32_t) * (size_t) s.cap);
	s.coef = env_alloc(env, sizeof(double) * (size_t) s.cap);
	if (!s.start || !s.cell || !s.coef)
	{
		status = SUPPRESS_NO_MEMORY;
		goto done;
	}
	s.start[0] = 0;
	for (l = 0; l < nloc; l++)
	{
		sys_add(&s, l * k1 + ncat, 1);
		for (c = 0; c < ncat; c++)
			sys_add(&s, l * k1 + c, -1);
		sys_end(&s);
	}
	for (l = 0; l < nloc; l++)
	{
		int32_t		h = hidx[l];

		if (h < 0)
			continue;
		for (c = 0; c < k1; c++)
		{
			sys_add(&s, l * k1 + c, 1);
			sys_add(&s, npub + h * k1 + c, -1);
			for (k = child_start[l]; k < child_start[l + 1]; k++)
				sys_add(&s, child[k] * k1 + c, -1);
			sys_end(&s);
		}
		sys_add(&s, npub + h * k1 + ncat, 1);
		for (c = 0; c < ncat; c++)
			sys_add(&s, npub + h * k1 + c, -1);
		sys_end(&s);
	}

	/*
	 * Primary suppression.  Hidden cells are unknown, except those that are 0: a residual can
	 * be empty by construction (areas that cover their parent), so a 0 counts as known.
	 */
	for (j = 0; j < s.ncells; j++)
	{
		sensitive[j] = value[j] > 0 && value[j] < threshold;
		unknown[j] = j >= npub ? value[j] > 0 : sensitive[j];
	}
	cand = env_alloc(env, sizeof(int32_t) * (size_t) s.ncells);
	if (!cand)
	{
		status = SUPPRESS_NO_MEMORY;
		goto done;
	}

	for (;;)
	{
		int32_t		target = -1,
					ncand = 0,
					pass,
					pick,
					pick2;

		env_interrupt(env);
		status = suppress_determined(s.ncells, s.ncons, s.start, s.cell, s.coef, unknown, env, det);
		if (status != SUPPRESS_OK)
			goto done;
		for (j = 0; j < s.ncells && target < 0; j++)
			if (unknown[j] && sensitive[j] && det[j])
				target = j;
		if (target < 0)
			break;

		/*
		 * Candidates: the known non-zero published cells of the equations that hold a
		 * determined unknown (the target, or a cell through which it is derived); if there are
		 * none, of every equation that holds an unknown.  (Suppressing a 0 would not help:
		 * zeros count as known.)  Some exists, or no unknown could be determined.
		 */
		for (pass = 0; pass < 2 && ncand == 0; pass++)
		{
			int32_t		eq;

			for (eq = 0; eq < s.ncons; eq++)
			{
				bool		use = false;

				for (k = s.start[eq]; k < s.start[eq + 1] && !use; k++)
					use = unknown[s.cell[k]] && (pass == 1 || det[s.cell[k]]);
				if (!use)
					continue;
				for (k = s.start[eq]; k < s.start[eq + 1]; k++)
				{
					int32_t		x = s.cell[k],
								m;

					if (x >= npub || unknown[x] || value[x] == 0)
						continue;
					for (m = 0; m < ncand && cand[m] != x; m++)
						;
					if (m == ncand)
						cand[ncand++] = x;
				}
			}
		}
		if (ncand == 0)
			break;				/* cannot happen, see above */
		/* preference: category before total, smaller value, earlier cell (insertion sort) */
		for (j = 1; j < ncand; j++)
		{
			int32_t		x = cand[j],
						m = j;

			while (m > 0)
			{
				int32_t		b = cand[m - 1];
				int			tx = x % k1 == ncat,
							tb = b % k1 == ncat;

				if (tx != tb ? tx < tb : value[x] != value[b] ? value[x] < value[b] : x < b)
				{
					cand[m] = b;
					m--;
				}
				else
					break;
			}
			cand[m] = x;
		}
		/*
		 * The first candidate (of the first few) that frees the target; else, in a small
		 * system, the first pair of the first few that does (a lone small cell in a full table
		 * needs a rectangle: one complement, then two more together); else the first.
		 */
		pick = cand[0];
		pick2 = -1;
		for (j = 0; j < ncand && j < SUPPRESS_TRIES; j++)
		{
			unknown[cand[j]] = 1;
			status = suppress_determined(s.ncells, s.ncons, s.start, s.cell, s.coef, unknown, env, det);
			unknown[cand[j]] = 0;
			if (status != SUPPRESS_OK)
				goto done;
			if (!det[target])
				break;
		}
		if (j < ncand && j < SUPPRESS_TRIES)
			pick = cand[j];
		else if (small_system(&s, unknown))
		{
			int32_t		m,
						found = 0;

			for (j = 0; j < ncand && j < SUPPRESS_PAIRS && !found; j++)
				for (m = j + 1; m < ncand && m < SUPPRESS_PAIRS && !found; m++)
				{
					unknown[cand[j]] = unknown[cand[m]] = 1;
					status = suppress_determined(s.ncells, s.ncons, s.start, s.cell, s.coef, unknown, env, det);
					unknown[cand[j]] = unknown[cand[m]] = 0;
					if (status != SUPPRESS_OK)
						goto done;
					if (!det[target])
					{
						pick = cand[j];
						pick2 = cand[m];
						found = 1;
					}
				}
		}
		if (pick2 >= 0)
		{
			unknown[pick2] = 1;
			nsec++;
		}
		unknown[pick] = 1;
		nsec++;
	}

	for (j = 0; j < npub; j++)
	{
		count[j] = value[j];
		suppressed[j] = unknown[j];
	}
	status = SUPPRESS_OK;
	if (secondary)
		*secondary = nsec;
done:
	env_free(env, hidx);
	env_free(env, nchild);
	env_free(env, child_start);
	env_free(env, child);
	env_free(env, value);
	env_free(env, unknown);
	env_free(env, sensitive);
	env_free(env, det);
	env_free(env, s.start);
	env_free(env, s.cell);
	env_free(env, s.coef);
	env_free(env, cand);
	return status;
}
