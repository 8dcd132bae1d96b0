/* csv.c — see csv.h. */
#include "core/csv.h"

void
csv_init(CsvReader *r, const char *s, size_t len, char delim)
{
	r->s = s;
	r->len = len;
	r->pos = 0;
	r->line = 1;
	r->delim = delim;
	r->record_line = 0;
	r->error = NULL;
	if (len >= 3 && (unsigned char) s[0] == 0xEF && (unsigned char) s[1] == 0xBB &&
		(unsigned char) s[2] == 0xBF)
		r->pos = 3;
}

/* move past the end of the current line, for recovery after an error */
static void
skip_line(CsvReader *r)
{
	while (r->pos < r->len && r->s[r->pos] != '\n')
		r->pos++;
	if (r->pos < r->len)
	{
		r->pos++;
		r->line++;
	}
}

int
csv_next(CsvReader *r, char *scratch, CsvFieldFn field, void *ctx)
{
	const char *s = r->s;

	r->error = NULL;
	/* skip blank lines (LF or CRLF only) */
	for (;;)
	{
		if (r->pos >= r->len)
			return 0;
		if (s[r->pos] == '\n')
		{
			r->pos++;
			r->line++;
		}
		else if (s[r->pos] == '\r' && r->pos + 1 < r->len && s[r->pos + 1] == '\n')
		{
			r->pos += 2;
			r->line++;
		}
		else
			break;
	}
	r->record_line = r->line;

	for (;;)
	{
		size_t		n = 0;
		bool		quoted = false;

		if (r->pos < r->len && s[r->pos] == '"')
		{
			quoted = true;
			r->pos++;
			for (;;)
			{
				if (r->pos >= r->len)
				{
					r->error = "unterminated quoted field";
					return -1;
				}
				if (s[r->pos] == '"')
				{
					if (r->pos + 1 < r->len && s[r->pos + 1] == '"')
					{
						scratch[n++] = '"';
						r->pos += 2;
						continue;
					}
					r->pos++;	/* the closing quote */
					break;
				}
				if (s[r->pos] == '\n')
					r->line++;
				scratch[n++] = s[r->pos++];
			}
			if (r->pos < r->len && s[r->pos] != r->delim && s[r->pos] != '\n' &&
				!(s[r->pos] == '\r' && r->pos + 1 < r->len && s[r->pos + 1] == '\n') &&
				!(s[r->pos] == '\r' && r->pos + 1 == r->len))
			{
				r->error = "text after a closing quote";
				skip_line(r);
				return -1;
			}
		}
		else
		{
			while (r->pos < r->len && s[r->pos] != r->delim && s[r->pos] != '\n' &&
				   !(s[r->pos] == '\r' && (r->pos + 1 == r->len || s[r->pos + 1] == '\n')))
			{
				if (s[r->pos] == '"')
				{
					r->error = "a quote inside an unquoted field";
					skip_line(r);
					return -1;
				}
				scratch[n++] = s[r->pos++];
			}
		}
		field(ctx, scratch, n, quoted);

		if (r->pos >= r->len)
			return 1;
		if (s[r->pos] == r->delim)
		{
			r->pos++;
			continue;
		}
		if (s[r->pos] == '\r')
			r->pos++;
		if (r->pos < r->len && s[r->pos] == '\n')
		{
			r->pos++;
			r->line++;
		}
		return 1;
	}
}
