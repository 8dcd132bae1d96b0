/*
 * test_csv.c — the CSV reader of src/core/csv.c on hand-written inputs
 * (RFC 4180 cases: quotes, doubled quotes, delimiters and line breaks inside
 * quotes, CRLF, blank lines, a byte-order mark, and broken records).
 */
#include "unit.h"

#include <stdlib.h>

#include "core/csv.h"

typedef struct Rec
{
	int			n;
	char		f[8][64];
	bool		q[8];
} Rec;

static void
collect(void *ctx, const char *v, size_t len, bool quoted)
{
	Rec		   *r = ctx;

	if (r->n < 8)
	{
		memcpy(r->f[r->n], v, len < 63 ? len : 63);
		r->f[r->n][len < 63 ? len : 63] = '\0';
		r->q[r->n] = quoted;
	}
	r->n++;
}

/* read the next record of reader into rec; returns csv_next's result */
static int
next(CsvReader *reader, char *scratch, Rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	return csv_next(reader, scratch, collect, rec);
}

void
suite_csv(void)
{
	CsvReader	r;
	Rec			rec;
	char		scratch[512];
	const char *in;

	/* plain records, LF and CRLF, empty fields, trailing newline */
	in = "a,b,c\r\n1,,3\n";
	csv_init(&r, in, strlen(in), ',');
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(rec.n, 3);
	CHECK_EQ_STR(rec.f[2], "c");
	CHECK_EQ_INT(r.record_line, 1);
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(rec.n, 3);
	CHECK_EQ_STR(rec.f[1], "");
	CHECK(!rec.q[1]);
	CHECK_EQ_INT(r.record_line, 2);
	CHECK_EQ_INT(next(&r, scratch, &rec), 0);

	/* quoted fields: delimiter, line break and doubled quote inside; the next record's line */
	in = "id,text\n7,\"Klotter, \"\"stort\"\"\npå fasad\"\n8,x";
	csv_init(&r, in, strlen(in), ',');
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(rec.n, 2);
	CHECK_EQ_STR(rec.f[1], "Klotter, \"stort\"\npå fasad");
	CHECK(rec.q[1]);
	CHECK_EQ_INT(r.record_line, 2);
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_STR(rec.f[0], "8");
	CHECK_EQ_INT(r.record_line, 4);		/* the quoted line break moved the count on */
	CHECK_EQ_INT(next(&r, scratch, &rec), 0);

	/* blank lines are skipped; a byte-order mark is ignored; a last field ending in CR */
	in = "\xEF\xBB\xBFx;y\n\n\r\n1;2\r";
	csv_init(&r, in, strlen(in), ';');
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_STR(rec.f[0], "x");
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(rec.n, 2);
	CHECK_EQ_STR(rec.f[1], "2");
	CHECK_EQ_INT(r.record_line, 4);
	CHECK_EQ_INT(next(&r, scratch, &rec), 0);

	/* an empty quoted field is a field; a record of one empty quoted field */
	in = "\"\",a\n\"\"\n";
	csv_init(&r, in, strlen(in), ',');
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(rec.n, 2);
	CHECK(rec.q[0] && rec.f[0][0] == '\0');
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(rec.n, 1);

	/* broken records are reported with their line, and reading goes on */
	in = "1,\"ok\"\n2,\"bad\"x,3\n3,a\"b\n4,fine\n5,\"open";
	csv_init(&r, in, strlen(in), ',');
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_INT(next(&r, scratch, &rec), -1);
	CHECK_EQ_STR(r.error, "text after a closing quote");
	CHECK_EQ_INT(r.record_line, 2);
	CHECK_EQ_INT(next(&r, scratch, &rec), -1);
	CHECK_EQ_STR(r.error, "a quote inside an unquoted field");
	CHECK_EQ_INT(r.record_line, 3);
	CHECK_EQ_INT(next(&r, scratch, &rec), 1);
	CHECK_EQ_STR(rec.f[1], "fine");
	CHECK_EQ_INT(r.record_line, 4);
	CHECK_EQ_INT(next(&r, scratch, &rec), -1);
	CHECK_EQ_STR(r.error, "unterminated quoted field");
	CHECK_EQ_INT(r.record_line, 5);
	CHECK_EQ_INT(next(&r, scratch, &rec), 0);

	/* empty input */
	csv_init(&r, "", 0, ',');
	CHECK_EQ_INT(next(&r, scratch, &rec), 0);
}
