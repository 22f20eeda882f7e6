# pg_said -- PGXS build.  `make && make install`, then CREATE EXTENSION pg_said.

EXTENSION = pg_said
DATA = pg_said--0.1.sql
MODULE_big = pg_said

# The pipeline, one stage a file, in the order a document flows through it.
CORE_OBJS = src/arena.o src/data.o src/patterns.o src/lexicon.o \
	src/tokens.o src/sentences.o src/marks.o src/ner.o src/entities.o \
	src/names.o src/cues.o src/attribution.o src/pipeline.o
SQL_OBJS = src/pg_said.o src/sql_claims.o
OBJS = $(CORE_OBJS) $(SQL_OBJS)

REGRESS = seed forms entities bad_input claims
REGRESS_OPTS = --load-extension=pg_said --inputdir=$(srcdir) --outputdir=test/tmp/regress

PKG_CONFIG ?= pkg-config
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpcre2-8 libutf8proc)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs libpcre2-8 libutf8proc)
PG_CPPFLAGS = -I$(srcdir)/src $(DEPS_CFLAGS) -DSAID_DATA_DIR='"$(abspath $(srcdir))/data"'
PG_CFLAGS = -O3 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
SHLIB_LINK = $(DEPS_LIBS)
EXTRA_CLEAN = test/bin test/tmp test/tmp-bench

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# No LLVM bitcode: the core is not worth inlining into JIT-compiled queries.
override with_llvm = no

src/data.o: data/lexicon.tsv data/gazetteer.tsv data/aliases.tsv data/ner.model
# every stage reads the per-document structure: rebuild all when a header changes
$(OBJS): $(wildcard src/*.h)

# ---------------------------------------------------------------- tests
CORE_SRCS = $(CORE_OBJS:.o=.c)
TEST_CFLAGS = -O3 -g -Wall -Wextra -Wno-unused-parameter -Isrc $(DEPS_CFLAGS) -DSAID_DATA_DIR='"$(abspath $(srcdir))/data"'

test/bin/%: test/%.c $(CORE_SRCS) src/*.h data/*
	@mkdir -p test/bin
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_SRCS) $(DEPS_LIBS) -lm

UNIT_TESTS = $(patsubst test/%.c,test/bin/%,$(wildcard test/test_*.c))

unit-bin: $(UNIT_TESTS)

unit: unit-bin
	@for t in $(UNIT_TESTS); do $$t || exit 1; done

.PHONY: unit unit-bin

# ---------------------------------------------------------------- evaluation
# Scores on ../shared/data/dev through a private install and server; skipped
# when that folder is absent.  EVAL_ARGS="--limit 100" shortens a run.
eval:
	bash test/eval.sh $(EVAL_ARGS)

.PHONY: eval

# ------------------------------------------------------------ benchmark
# to_tsvector vs quotes()/entities()/claims(), core MB/s, linearity, memory,
# parallel workers: see test/bench.sh and docs/performance.md
bench:
	bash test/bench.sh

.PHONY: bench
