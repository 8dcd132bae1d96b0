/*
 * cubewire.h — the binary (send/receive) form of est.cube, read without a server, so that the
 * receive function can be unit-tested and fuzzed (test/fuzz/fuzz_cube.c).
 *
 * Layout, all big-endian as PostgreSQL's pq_sendint32/64 and pq_sendfloat8 write it:
 *   int32 version, int32 srid, int32 nbins, float8 cell, int64 step_us, int64 origin,
 *   int32 cmin, cmax, rmin, rmax, smin, smax, then nbins × (int32 col, row, step, float8 w).
 */
#ifndef EST_CORE_CUBEWIRE_H
#define EST_CORE_CUBEWIRE_H

#include <stddef.h>
#include <stdint.h>

#include "core/grid.h"

#define CUBE_WIRE_HEADER_LEN	60		/* bytes before the first bin */
#define CUBE_WIRE_BIN_LEN		20

typedef struct CubeWireHeader
{
	int32_t		version;
	int32_t		srid;
	int32_t		nbins;
	double		cell;
	int64_t		step_us;
	int64_t		origin;			/* a PostgreSQL TimestampTz: INT64_MIN / INT64_MAX are -/+infinity */
	int32_t		cmin, cmax, rmin, rmax, smin, smax;
} CubeWireHeader;

typedef enum CubeWireStatus
{
	CUBE_WIRE_OK = 0,
	CUBE_WIRE_SHORT,			/* fewer than 12 bytes: not even version, srid and nbins */
	CUBE_WIRE_BAD				/* *why says what is wrong */
} CubeWireStatus;

/*
 * Reads and checks the fixed part of a message of len bytes: the version must be
 * expected_version, nbins 0..max_bins and len exactly CUBE_WIRE_HEADER_LEN + nbins * 20; SRID
 * positive, cell size positive and finite, step not negative, origin finite; at least one bin and
 * an extent with min <= max in every dimension (steps 0..0 when there is no step).
 */
extern CubeWireStatus cube_wire_header(const unsigned char *p, size_t len, int32_t expected_version,
									   uint32_t max_bins, CubeWireHeader *h, const char **why);

/*
 * Reads the h->nbins bins that follow the header into bins (used = 1): each inside the extent
 * with a finite weight, sorted by step, row and column without repeats (grid_bin_cmp).
 * p and len are the whole message, as given to cube_wire_header.
 */
extern CubeWireStatus cube_wire_bins(const unsigned char *p, size_t len, const CubeWireHeader *h,
									 GridBin *bins, const char **why);

#endif
