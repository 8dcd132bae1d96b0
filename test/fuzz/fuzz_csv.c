/*
 * libFuzzer harness for the CSV reader behind est.csv_rows and est.stage_reports_csv
 * (core/csv.c): arbitrary bytes, the first one choosing the delimiter. Every record or error
 * must move the reader forward, and field values must fit the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
field(void *ctx, const char *value, size_t len, bool quoted)
{
	size_t	   *total = ctx;

	(void) value;
	(void) quoted;
	*total += len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CsvReader	r;
	char	   *s, *scratch;
	char		delim;
	size_t		total = 0, before;
	int			rc;

	if (size < 1)
		return 0;
	delim = (char) data[0];
	if (delim == '"' || delim == '\n' || delim == '\r')
		delim = ',';
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	scratch = malloc(size);
	csv_init(&r, s, size - 1, delim);
	for (;;)
	{
		before = r.pos;
		total = 0;
		rc = csv_next(&r, scratch, field, &total);
		if (rc == 0)
			break;
		if (r.pos <= before || r.pos > size - 1 || total > size - 1)
			abort();
	}
	free(scratch);
	free(s);
	return 0;
}
