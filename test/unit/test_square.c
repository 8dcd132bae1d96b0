/*
 * test_square.c — unit tests of src/core/square.c: the bytes of a cell's square in PostGIS's
 * polygon serialisation (GSERIALIZED version 2, liblwgeom/gserialized.txt), worked by hand.
 * The server-side check that they equal ST_MakeEnvelope's bytes is test/pgtap/hotspot.sql.
 */
#include "unit.h"

#include <float.h>
#include <stdint.h>

#include "core/square.h"

void		suite_square(void);

static uint32_t
u32_at(const unsigned char *b, int off)
{
	uint32_t	v;

	memcpy(&v, b + off, 4);
	return v;
}

static double
f64_at(const unsigned char *b, int off)
{
	double		v;

	memcpy(&v, b + off, 8);
	return v;
}

static float
f32_at(const unsigned char *b, int off)
{
	float		v;

	memcpy(&v, b + off, 4);
	return v;
}

void
suite_square(void)
{
	unsigned char b[SQUARE_BODY_SIZE];
	/* the ring ST_MakeEnvelope writes: (xmin ymin) (xmin ymax) (xmax ymax) (xmax ymin) (xmin ymin) */
	static const double ring[10] = {650000, 6570000, 650000, 6570100, 650100, 6570100, 650100, 6570000, 650000, 6570000};
	int			i;
	float		f;

	memset(b, 0xAA, sizeof(b));
	square_gserialized(b, 3006, 650000, 6570000, 650100, 6570100);
	/* SRID 3006 = 0x000BBE in 21 bits, big-endian; flags: version 2 (0x40) + bounding box (0x04) */
	CHECK_EQ_INT(b[0], 0x00);
	CHECK_EQ_INT(b[1], 0x0B);
	CHECK_EQ_INT(b[2], 0xBE);
	CHECK_EQ_INT(b[3], 0x44);
	/* bounding box xmin, xmax, ymin, ymax as floats: 650000 and 650100 are exact floats, */
	CHECK(f32_at(b, 4) == 650000.0f);
	CHECK(f32_at(b, 8) == 650100.0f);
	/* 6570000 and 6570100 too (below 2^24 = 16777216) */
	CHECK(f32_at(b, 12) == 6570000.0f);
	CHECK(f32_at(b, 16) == 6570100.0f);
	CHECK_EQ_INT(u32_at(b, 20), 3);	/* polygon */
	CHECK_EQ_INT(u32_at(b, 24), 1);	/* one ring */
	CHECK_EQ_INT(u32_at(b, 28), 5);	/* five points */
	CHECK_EQ_INT(u32_at(b, 32), 0);	/* padding */
	for (i = 0; i < 10; i++)
		CHECK(f64_at(b, 36 + 8 * i) == ring[i]);

	/* a large SRID is written in its low 21 bits */
	square_gserialized(b, 900913, 0, 0, 1, 1);
	CHECK_EQ_INT(b[0], (900913 >> 16) & 0x1F);
	CHECK_EQ_INT(b[1], (900913 >> 8) & 0xFF);
	CHECK_EQ_INT(b[2], 900913 & 0xFF);

	/* rounding outwards: 0.1 is no float; down gives the float just below, up the one just above */
	f = square_float_down(0.1);
	CHECK((double) f <= 0.1);
	CHECK((double) nextafterf(f, FLT_MAX) > 0.1);
	f = square_float_up(0.1);
	CHECK((double) f >= 0.1);
	CHECK((double) nextafterf(f, -FLT_MAX) < 0.1);
	f = square_float_down(-0.1);
	CHECK((double) f <= -0.1);
	CHECK((double) nextafterf(f, FLT_MAX) > -0.1);
	/* floats between 2^22 and 2^23 are 0.5 apart: 6570050.25 rounds down to .0 and up to .5 */
	CHECK(square_float_down(6570050.25) == 6570050.0f);
	CHECK(square_float_up(6570050.25) == 6570050.5f);
	/* exact floats stay as they are */
	CHECK(square_float_down(250.0) == 250.0f);
	CHECK(square_float_up(250.0) == 250.0f);
}
