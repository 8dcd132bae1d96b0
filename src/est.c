/*
 * est.c — the shared library's module block.
 *
 * Each module's SQL-callable functions live in src/<module>.c; the maths they
 * call lives in src/core/ (no PostgreSQL headers).
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
