/*
 * libFuzzer harness for est.cube's receive function: the binary parser in core/cubewire.c that
 * cube_recv (src/cube.c) calls, then the extent computation cube_check_extent uses. (est.cube has
 * no text input: cube_in always raises 0A000.) An accepted cube must satisfy what the rest of est
 * relies on: bins inside the extent, finite weights, strictly sorted.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/cubewire.h"
#include "core/grid.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CubeWireHeader h;
	const char *why = NULL;
	GridBin    *bins;
	int32_t		i;
	double		cells;

	if (cube_wire_header(data, size, 1, GRID_MAX_BINS, &h, &why) != CUBE_WIRE_OK)
		return 0;
	cells = grid_extent_cells(h.cmin, h.cmax, h.rmin, h.rmax, h.smin, h.smax);
	if (!(cells >= 1))
		abort();
	bins = calloc((size_t) h.nbins, sizeof(GridBin));
	if (cube_wire_bins(data, size, &h, bins, &why) == CUBE_WIRE_OK)
	{
		for (i = 0; i < h.nbins; i++)
		{
			if (bins[i].col < h.cmin || bins[i].col > h.cmax || bins[i].row < h.rmin ||
				bins[i].row > h.rmax || bins[i].step < h.smin || bins[i].step > h.smax ||
				!isfinite(bins[i].w) || (i > 0 && grid_bin_cmp(&bins[i - 1], &bins[i]) >= 0))
				abort();
		}
	}
	free(bins);
	return 0;
}
