/*
 * suppress.h — small-count suppression of a locality × category table, in pure C.
 *
 * The table published for one municipality and cycle has a row per locality (nested through
 * parent) and a column per category plus a total column.  A locality's count includes the
 * incidents of the localities inside it, so the published numbers are tied by equations:
 *
 *   row:        count(L, total)  = Σ_c count(L, c)
 *   hierarchy:  count(L, c)      = own(L, c) + Σ_{children C of L} count(C, c)   (every column c,
 *                                                                                 total included)
 *   residual:   own(L, total)    = Σ_c own(L, c)
 *
 * own(L, c) — the incidents of L that lie in none of its children — is never published
 * (a hidden cell), but it can be small too (the countryside outside the towns).
 *
 * A cell is sensitive when 0 < value < threshold.  Published sensitive cells are suppressed
 * (primary suppression).  Then, with the suppressed cells and the non-zero hidden cells as
 * unknowns and everything else as known (every published value, and every 0: a residual can
 * be empty by construction, and an attacker may assume it), the linear system above must
 * leave every sensitive unknown undetermined: a cell is determined when it has the same value
 * in every solution, which happens exactly when its unit vector lies in the row space of the
 * system restricted to the unknowns (tested by Gaussian elimination).  While some sensitive
 * unknown is determined, one more non-zero published cell of an equation holding it is
 * suppressed (secondary suppression): of the candidates in order of preference — category
 * before total, smaller value, earlier in the table — the first that leaves the cell
 * undetermined, else the first.  The loop ends: each step suppresses a cell, and once every
 * non-zero cell is unknown the known side of every equation is 0, so a determined unknown
 * would be 0, which no unknown is.
 */
#ifndef EST_CORE_SUPPRESS_H
#define EST_CORE_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum SuppressStatus
{
	SUPPRESS_OK = 0,
	SUPPRESS_BAD_PARENT,		/* a parent index outside 0..nloc-1, or a cycle of parents */
	SUPPRESS_NEGATIVE,			/* a negative count */
	SUPPRESS_BAD_THRESHOLD,		/* threshold < 1 */
	SUPPRESS_TOO_BIG,			/* more than SUPPRESS_MAX_CELLS cells */
	SUPPRESS_NO_MEMORY
} SuppressStatus;

/* a table larger than this (published + hidden cells) is refused: the elimination is cubic */
#define SUPPRESS_MAX_CELLS 20000
/* ... and so is an elimination matrix (equations × unknown cells) above this many entries */
#define SUPPRESS_MAX_MATRIX (8 * 1024 * 1024)

typedef void *(*suppress_alloc_fn) (size_t size, void *ctx);
typedef void (*suppress_free_fn) (void *ptr, void *ctx);
typedef void (*suppress_interrupt_fn) (void *ctx);

typedef struct SuppressEnv
{
	suppress_alloc_fn alloc;	/* zeroed memory not required */
	suppress_free_fn dealloc;
	suppress_interrupt_fn interrupt;	/* called in long loops; may be NULL */
	void	   *ctx;
} SuppressEnv;

/*
 * nloc localities, parent[l] = index of l's parent or -1; ncat categories; own[l * ncat + c]
 * = incidents whose smallest locality is l, in category c.  Writes, for the published table
 * of nloc × (ncat + 1) cells (column ncat = total), count[] (own plus descendants) and
 * suppressed[] (1 = shown as suppressed).  *secondary (may be NULL) receives the number of
 * cells suppressed to protect others.
 */
extern SuppressStatus suppress_table(int32_t nloc, const int32_t *parent, int32_t ncat,
									 const int64_t *own, int64_t threshold, const SuppressEnv *env,
									 int64_t *count, unsigned char *suppressed, int32_t *secondary);

/*
 * The determinacy test on its own, for any system: ncons equations over ncells cells, each
 * equation a list of cells with coefficients (CSR: start[ncons + 1], cell[], coef[]);
 * unknown[j] = 1 for unknown cells.  Sets determined[j] = 1 for every unknown cell whose
 * value is fixed by the equations and the known cells.  Returns SUPPRESS_NO_MEMORY or OK.
 */
extern SuppressStatus suppress_determined(int32_t ncells, int32_t ncons, const int32_t *start,
										  const int32_t *cell, const double *coef,
										  const unsigned char *unknown, const SuppressEnv *env,
										  unsigned char *determined);

#endif
