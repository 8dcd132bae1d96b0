/*
 * csv.h — an RFC 4180 CSV reader (pure C), used to stage files whose rows may
 * be broken: each record is read on its own, so one bad record (an
 * unterminated quote, text after a closing quote) is reported with its line
 * number and reading goes on at the next line.
 *
 * Records end at LF or CRLF; fields are separated by a one-byte delimiter;
 * a field that starts with '"' is quoted and may hold delimiters, line
 * breaks and doubled quotes ("" is one "). Blank lines are skipped and a
 * UTF-8 byte-order mark at the start is ignored.
 */
#ifndef EST_CORE_CSV_H
#define EST_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

typedef void (*CsvFieldFn) (void *ctx, const char *value, size_t len, bool quoted);

typedef struct CsvReader
{
	const char *s;				/* the whole input */
	size_t		len;
	size_t		pos;			/* where the next record starts */
	int			line;			/* line number at pos (1-based) */
	char		delim;
	int			record_line;	/* line on which the last record started */
	const char *error;			/* static message when csv_next returned -1 */
} CsvReader;

void		csv_init(CsvReader *r, const char *s, size_t len, char delim);

/*
 * Reads the next record, calling field() for each of its fields with the
 * unescaped value written into scratch (which must hold len bytes; the value
 * is only valid during the call, as scratch is reused for the next field).
 * Returns 1 for a record, 0 at the end of the input, -1 for a malformed
 * record (r->error says why; the fields already reported belong to it and
 * should be discarded; the reader has moved to the next line).
 */
int			csv_next(CsvReader *r, char *scratch, CsvFieldFn field, void *ctx);

#endif
