/*
 * square.c — a cell's square in PostGIS's polygon serialisation (see square.h).
 */
#include "core/square.h"

#include <float.h>
#include <math.h>
#include <string.h>

float
square_float_down(double d)
{
	float		f = (float) d;

	if ((double) f <= d)
		return f;
	return nextafterf(f, -FLT_MAX);
}

float
square_float_up(double d)
{
	float		f = (float) d;

	if ((double) f >= d)
		return f;
	return nextafterf(f, FLT_MAX);
}

static void
put_u32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void
put_f32(unsigned char *p, float v)
{
	memcpy(p, &v, 4);
}

static void
put_point(unsigned char *p, double x, double y)
{
	memcpy(p, &x, 8);
	memcpy(p + 8, &y, 8);
}

void
square_gserialized(unsigned char *body, int32_t srid, double xmin, double ymin, double xmax,
				   double ymax)
{
	uint32_t	s = (uint32_t) srid;

	body[0] = (unsigned char) ((s & 0x001F0000) >> 16);
	body[1] = (unsigned char) ((s & 0x0000FF00) >> 8);
	body[2] = (unsigned char) (s & 0x000000FF);
	body[3] = 0x44;				/* version 2, bounding box */
	put_f32(body + 4, square_float_down(xmin));
	put_f32(body + 8, square_float_up(xmax));
	put_f32(body + 12, square_float_down(ymin));
	put_f32(body + 16, square_float_up(ymax));
	put_u32(body + 20, 3);		/* polygon */
	put_u32(body + 24, 1);		/* rings */
	put_u32(body + 28, 5);		/* points of the ring */
	put_u32(body + 32, 0);		/* padding to 8 bytes */
	put_point(body + 36, xmin, ymin);
	put_point(body + 52, xmin, ymax);
	put_point(body + 68, xmax, ymax);
	put_point(body + 84, xmax, ymin);
	put_point(body + 100, xmin, ymin);
}
