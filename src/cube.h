/*
 * cube.h — the est.cube varlena, shared by the cube and hotspot modules.
 *
 * Layout (version 1): a header with the SRID, cell size, time step and origin and the
 * inclusive index extent of its bins, then nbins GridBin (column, row, step, weight) sorted
 * by step, row, column.  step_us = 0 marks a grid without time (est.grid_agg): every bin is
 * in step 0.  The binary send/recv form is the same fields in network byte order.
 */
#ifndef EST_CUBE_H
#define EST_CUBE_H

#include "postgres.h"
#include "fmgr.h"

#include "core/grid.h"

#define CUBE_VERSION 1

typedef struct Cube
{
	int32		vl_len_;
	int32		version;
	int32		srid;
	int32		nbins;
	double		cell;			/* cell size, CRS units */
	int64		step_us;		/* step length in microseconds; 0 = no time */
	int64		origin;			/* TimestampTz of step 0's start */
	int32		cmin, cmax, rmin, rmax, smin, smax;	/* extent of the bins (nbins > 0) */
	GridBin		bins[FLEXIBLE_ARRAY_MEMBER];
} Cube;

#define DatumGetCubeP(d)	((Cube *) PG_DETOAST_DATUM(d))
#define PG_GETARG_CUBE_P(n)	DatumGetCubeP(PG_GETARG_DATUM(n))
#define CUBE_SIZE(nbins)	(offsetof(Cube, bins) + sizeof(GridBin) * (Size) (nbins))

/* est.max_cells (GUC): most cell-steps a cube's extent, or a mask's, may span */
extern int	est_max_cells;

/* the function name(argtypes) in namespace nsp (PostGIS's or est's own schema); errors if none */
extern Oid	est_func_in(Oid nsp, const char *name, int nargs, Oid *argtypes);

/* raises the est.max_cells error for an extent of `cells` cell-steps */
extern void cube_check_extent(double cells, const char *what);

#endif
