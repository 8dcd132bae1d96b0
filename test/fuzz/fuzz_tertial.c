/*
 * libFuzzer harness for est.tertial's input and receive functions: the text parser
 * (period_tertial_parse, what tertial_in calls) on arbitrary bytes, and the binary check
 * (period_tertial_valid, what tertial_recv calls) on the first four bytes. Whatever is accepted
 * must format and parse back to the same value (a round trip), and must be a valid code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);
	int32_t		code, again;
	char		buf[PERIOD_TERTIAL_TEXT_LEN];

	memcpy(s, data, size);
	s[size] = '\0';				/* tertial_in receives a NUL-terminated cstring */
	if (period_tertial_parse(s, &code))
	{
		if (!period_tertial_valid(code))
			abort();
		period_tertial_format(code, buf, sizeof buf);
		if (!period_tertial_parse(buf, &again) || again != code)
			abort();
	}
	free(s);
	if (size >= 4)
	{
		int32_t		wire = (int32_t) (((uint32_t) data[0] << 24) | ((uint32_t) data[1] << 16) |
									  ((uint32_t) data[2] << 8) | data[3]);

		if (period_tertial_valid(wire))
		{
			period_tertial_format(wire, buf, sizeof buf);
			if (!period_tertial_parse(buf, &again) || again != wire)
				abort();
		}
	}
	return 0;
}
