# est — PGXS build of the EST analysis engine for PostGIS.
#
#   make demo    install what is missing (apt), build, install, throwaway cluster, demo picture
#   make test    the same set-up, then unit + installcheck + prove + shell suites, with a summary
#
# Lower-level targets: all install installcheck prove unit bench valgrind deps fuzz.
#   make check-long  the long robustness runs (fuzzers, sqlsmith, valgrind, pgbench): docs/testing.md

EXTENSION  = est
EXTVERSION = 0.1

# The modules, in dependency order (../shared/design/DESIGN.md). period first (types, no
# tables), then schema (tables, which use period's functions), then security (roles and
# policies over the tables), then the analysis modules (action before picture: the situation
# picture shows open and overdue actions). A module takes part once its files
# exist: src/<m>.sql is concatenated, in this order, into est--$(EXTVERSION).sql, and
# sql/<m>.sql + expected/<m>.out is its pg_regress test.
EST_MODULES = period schema security cube hotspot trend assess action picture ingest publish
SQL_MODULES = $(foreach m,$(EST_MODULES),$(if $(wildcard src/$(m).sql),$(m)))
REGRESS     = $(foreach m,$(EST_MODULES),$(if $(wildcard sql/$(m).sql),$(m)))
REGRESS_OPTS = --load-extension=postgis --load-extension=est

MODULE_big = est
OBJS       = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c src/core/*.c)))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA       = $(wildcard src/$(EXTENSION)--*--*.sql)
EXTRA_CLEAN = test/unit/run_unit results regression.diffs regression.out

PG_CPPFLAGS = -I$(srcdir)/src -Wall -Wextra -Werror -Wno-unused-parameter \
              -Wno-missing-field-initializers -Wno-sign-compare

# Prefer PostgreSQL 15's pg_config: the project targets PG 15 on Debian 12.
PG_CONFIG ?= $(shell test -x /usr/lib/postgresql/15/bin/pg_config && \
                     echo /usr/lib/postgresql/15/bin/pg_config || echo pg_config)
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# On a fresh machine PGXS is absent until `make deps` has run; the test and demo
# targets install it first and then call make again, so guard the include.
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)

# every object is rebuilt when a header changes (PGXS tracks only the .c files)
$(OBJS): $(wildcard src/*.h src/core/*.h)
else
all:
	@echo "PostgreSQL server-dev files are missing: run 'make deps' (or 'make test')" >&2; exit 1
endif

$(EXTENSION)--$(EXTVERSION).sql: $(addprefix src/,$(addsuffix .sql,$(SQL_MODULES))) Makefile
	( printf '%s\n' '-- est $(EXTVERSION): generated from src/*.sql by the Makefile; do not edit.'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION est CASCADE" to load this file. \quit'; \
	  for f in $(filter %.sql,$^); do printf '\n-- ===== %s =====\n' "$$f"; cat "$$f"; done ) > $@

# ---- pure-C unit tests of src/core (no server) ---------------------------------
UNIT_SRCS = $(sort $(wildcard test/unit/test_*.c))
CORE_SRCS = $(sort $(wildcard src/core/*.c))

test/unit/run_unit: test/unit/unit.c test/unit/unit.h $(UNIT_SRCS) $(CORE_SRCS) $(wildcard src/core/*.h)
	$(CC) -std=c11 -O1 -g -Wall -Wextra -Werror -Isrc -o $@ test/unit/unit.c $(UNIT_SRCS) $(CORE_SRCS) -lm

.PHONY: unit prove deps test demo bench valgrind check-long fuzz
unit: test/unit/run_unit
	./test/unit/run_unit

# pgTAP suites, against the server in PG* environment variables (see tools/test.sh).
prove:
	pg_prove --ext .sql -v test/pgtap/

deps:
	sh tools/deps.sh

test: deps
	$(MAKE) all
	$(MAKE) install
	bash tools/test.sh

demo: deps
	$(MAKE) all
	$(MAKE) install
	bash tools/demo.sh

bench: deps
	$(MAKE) all
	$(MAKE) install
	bash tools/bench.sh

# the server under valgrind memcheck, running installcheck and the pgTAP suites (slow)
valgrind: deps
	$(MAKE) all
	$(MAKE) install
	bash tools/valgrind.sh

# the long robustness runs (docs/testing.md): libFuzzer, sqlsmith, valgrind, pgbench (slow: ~30 min)
check-long: deps
	$(MAKE) all
	$(MAKE) install
	$(MAKE) unit
	bash tools/check-long.sh

# builds the libFuzzer harnesses of test/fuzz (clang); `make -C test/fuzz run` runs them
fuzz:
	$(MAKE) -C test/fuzz
