# pg_said -- PGXS build.  `make && make install`, then CREATE EXTENSION pg_said.

EXTENSION = pg_said
DATA = pg_said--0.1.sql pg_said--0.2.sql pg_said--0.1--0.2.sql
MODULE_big = pg_said

# The pipeline in the order a document flows through it, one stage a file
# (the lexicons and word classes first), but for the tagger (model, features,
# tagger) and attribution, whose stage is its rule table, its rooms (the
# learned stage among them) and then its driver (src/attribution.h); then what
# the SQL functions compute from an analysed document (or from names).
CORE_OBJS = src/arena.o src/patterns.o src/lexicon.o src/word_classes.o \
	src/tokens.o src/sentences.o src/marks.o \
	src/ner_model.o src/ner_features.o src/ner_tagger.o src/entities.o \
	src/names.o src/gender.o src/cues.o src/rules.o src/resolve.o src/speakers.o \
	src/sieves_direct.o src/sieves_indirect.o src/learned_features.o src/learned.o \
	src/attribution.o src/pipeline.o src/pieces.o \
	src/claims.o src/headline.o src/canonical.o src/user_lexicon.o
SQL_OBJS = src/pg_said.o src/sql_claims.o src/sql_canonical.o src/sql_headline.o
# generated (below): the data files, and the tables built from them
GEN_OBJS = gen/data.o gen/tables.o
OBJS = $(CORE_OBJS) $(SQL_OBJS) $(GEN_OBJS)

REGRESS = seed forms entities entities_news bad_input hostile claims pieces track track_ltree gender citus security upgrade
REGRESS_OPTS = --load-extension=pg_said --inputdir=$(srcdir) --outputdir=test/tmp/regress
# pg_regress runs no test when its --outputdir is missing (a clean tree)
REGRESS_PREP = test/tmp/regress

PKG_CONFIG ?= pkg-config
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpcre2-8 libutf8proc)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs libpcre2-8 libutf8proc)
PG_CPPFLAGS = -I$(srcdir)/src $(DEPS_CFLAGS)
PG_CFLAGS = -O3 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
SHLIB_LINK = $(DEPS_LIBS)
EXTRA_CLEAN = gen test/bin test/tmp test/tmp-bench

# No LLVM bitcode: the core is not worth inlining into JIT-compiled queries.
# Before the include: PGXS decides at parse time whether to build and install it.
override with_llvm = no

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Link-time optimisation when the compiler and linker can do it (probed by
# building a program with it): the stages call each other's small
# functions (lexicon lookups, token tests) across files, and inlined the
# pipeline is 2 to 3 % faster.  Not interposable, or GCC may not inline a
# library's own exported functions: the core's are internal to the module.
# LTO= (empty) on the command line turns it off.
ifeq ($(origin LTO), undefined)
LTO := $(shell printf 'int main(void) { return 0; }\n' | \
	$(CC) -flto=auto -fno-semantic-interposition -x c - -o /dev/null >/dev/null 2>&1 && \
	echo -flto=auto -fno-semantic-interposition)
endif
override CFLAGS += $(LTO)

test/tmp/regress:
	@mkdir -p $@

# Objects compiled against one PostgreSQL's headers are not reused for
# another: the stamp changes with the pg_config in use (test/pgversion.sh
# builds the same tree for 15, 17 and 18 in turn).
PG_BUILD_ID := $(shell $(PG_CONFIG) --version --includedir-server)
src/.pg_build: pg-build-check
	@echo '$(PG_BUILD_ID)' | cmp -s - $@ || echo '$(PG_BUILD_ID)' >$@
$(OBJS): src/.pg_build
EXTRA_CLEAN += src/.pg_build
.PHONY: pg-build-check

# every stage reads the per-document structure: rebuild all when a header changes
$(OBJS): $(wildcard $(srcdir)/src/*.h)

# ------------------------------------------------------- generated sources
# The data files (data.h) as C arrays, and the tables said_init's loaders
# build from them, built here rather than in every backend (src/tables.h):
# gen_tables is the core itself, whose said_init builds the tables from
# the data (SAID_TABLES_FROM_DATA), and writes them as C.  Both go to gen/
# in the build tree, and are made again when data/ or the core changes.
CORE_SRCS = $(addprefix $(srcdir)/,$(CORE_OBJS:.o=.c))
GEN_SRCS = gen/data.c gen/tables.c
DATA_FILES = $(wildcard $(srcdir)/data/*)
GEN_CFLAGS = -O1 -Wall -Wextra -Wno-unused-parameter -I$(srcdir)/src $(DEPS_CFLAGS)

gen/embed_data: $(srcdir)/src/gen/embed_data.c $(srcdir)/src/data.h
	@mkdir -p gen
	$(CC) $(GEN_CFLAGS) -o $@ $<

gen/data.c: gen/embed_data $(DATA_FILES)
	gen/embed_data $(srcdir)/data $@

gen/gen_tables: $(srcdir)/src/gen/gen_tables.c $(srcdir)/tools/tool_heap.h gen/data.c $(CORE_SRCS) $(wildcard $(srcdir)/src/*.h)
	$(CC) $(GEN_CFLAGS) -DSAID_TABLES_FROM_DATA -o $@ $< $(CORE_SRCS) gen/data.c $(DEPS_LIBS) -lm

gen/tables.c: gen/gen_tables
	gen/gen_tables $@

# ---------------------------------------------------------------- tests
TEST_CFLAGS = -O3 -g -Wall -Wextra -Wno-unused-parameter -Isrc -Itest/unit $(DEPS_CFLAGS) -DSAID_DATA_DIR='"$(abspath $(srcdir))/data"'

# C unit tests of the stages (test/unit) and the core on files (test/cli)
test/bin/%: test/unit/%.c $(CORE_SRCS) $(GEN_SRCS) src/*.h test/unit/*.h
	@mkdir -p test/bin
	$(CC) $(TEST_CFLAGS) $(UNIT_CFLAGS) -o $@ $< $(CORE_SRCS) $(GEN_SRCS) $(DEPS_LIBS) -lm

# test_tables compares the tables said_init builds from the data with
# those built with the library: its said_init builds
test/bin/test_tables test/bin/asan/test_tables: UNIT_CFLAGS = -DSAID_TABLES_FROM_DATA

test/bin/said_cli: test/cli/said_cli.c $(CORE_SRCS) $(GEN_SRCS) src/*.h
	@mkdir -p test/bin
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_SRCS) $(GEN_SRCS) $(DEPS_LIBS) -lm

# the benchmark with the module's link-time optimisation, so that its core
# figures are the extension's (the tests without: valgrind's suppressions
# name functions that LTO inlines away)
test/bin/said_bench: test/bench/said_bench.c $(CORE_SRCS) $(GEN_SRCS) src/*.h
	@mkdir -p test/bin
	$(CC) $(TEST_CFLAGS) $(LTO) -o $@ $< $(CORE_SRCS) $(GEN_SRCS) $(DEPS_LIBS) -lm

UNIT_TESTS = $(patsubst test/unit/%.c,test/bin/%,$(wildcard test/unit/test_*.c))

unit-bin: $(UNIT_TESTS)

unit: unit-bin
	@for t in $(UNIT_TESTS); do $$t || exit 1; done

# The same unit tests with AddressSanitizer and UndefinedBehaviorSanitizer:
# any report aborts the test (-fno-sanitize-recover), which counts as a
# failure.  The lexicons and model that said_init builds live as long as
# the process, as they do in a backend: test/unit/lsan.supp keeps them out of the
# leak report, so what is reported is a leak of a document's arena.
ASAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter \
	-Isrc -Itest/unit $(DEPS_CFLAGS) -DSAID_DATA_DIR='"$(abspath $(srcdir))/data"'
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(abspath $(srcdir))/test/unit/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_TESTS = $(patsubst test/unit/%.c,test/bin/asan/%,$(wildcard test/unit/test_*.c))

test/bin/asan/%: test/unit/%.c $(CORE_SRCS) $(GEN_SRCS) src/*.h test/unit/*.h
	@mkdir -p test/bin/asan
	$(CC) $(ASAN_CFLAGS) $(UNIT_CFLAGS) -o $@ $< $(CORE_SRCS) $(GEN_SRCS) $(DEPS_LIBS) -lm

unit-asan-bin: $(ASAN_TESTS)

unit-asan: unit-asan-bin
	@for t in $(ASAN_TESTS); do $(ASAN_ENV) $$t || exit 1; done

# The core under valgrind: said_cli over the seed article and every seed of
# the fuzz corpus, in one process (said_init is slow under valgrind).  Any
# memory error, or a leak outside said_init's process-lifetime data (see
# test/unit/valgrind.supp), makes valgrind exit non-zero.  said_cli itself exits
# 0, so a non-zero exit is valgrind's.
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	--suppressions=$(abspath $(srcdir))/test/unit/valgrind.supp
VALGRIND_INPUTS = test/data/seed-article.txt $(sort $(wildcard test/fuzz/corpus/*))

valgrind: test/bin/said_cli
	@$(VALGRIND) test/bin/said_cli $(VALGRIND_INPUTS) >/dev/null || { echo "valgrind: errors in said_cli"; exit 1; }
	@echo "valgrind: clean over $(words $(VALGRIND_INPUTS)) inputs"

.PHONY: unit unit-bin unit-asan unit-asan-bin valgrind

# ---------------------------------------------------------------- fuzzing
# libFuzzer over the whole core (test/fuzz/fuzz_core.c), with ASan and UBSan.
# `make fuzz FUZZ_SECONDS=60` runs one job for that long from the seed
# corpus in test/fuzz/corpus; new inputs go to test/tmp/fuzz_corpus so the
# committed seeds stay small.  Crashes are written to test/tmp/fuzz-crashes/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 4096
FUZZ_FLAGS ?=
FUZZ_CFLAGS = -g -O2 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Wall -Wextra -Wno-unused-parameter \
	-Isrc -Itest/unit $(DEPS_CFLAGS) -DSAID_DATA_DIR='"$(abspath $(srcdir))/data"'

test/bin/fuzz_core: test/fuzz/fuzz_core.c $(CORE_SRCS) $(GEN_SRCS) src/*.h
	@mkdir -p test/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRCS) $(GEN_SRCS) $(DEPS_LIBS) -lm

fuzz: test/bin/fuzz_core
	@mkdir -p test/tmp/fuzz_corpus test/tmp/fuzz-crashes
	test/bin/fuzz_core -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
		-timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix=test/tmp/fuzz-crashes/ $(FUZZ_FLAGS) \
		test/tmp/fuzz_corpus test/fuzz/corpus

.PHONY: fuzz

# ---------------------------------------------------------------- training
# data/attr.model from ../shared (tools/Makefile.attr, tools/README.md)
train-attribution:
	$(MAKE) -f tools/Makefile.attr

print-core-srcs:
	@echo $(CORE_SRCS)

.PHONY: train-attribution print-core-srcs

# ---------------------------------------------------------------- evaluation
# Scores on ../shared/data/dev through a private install and server; skipped
# when that folder is absent.  EVAL_ARGS="--limit 100" shortens a run.
eval:
	bash test/eval/eval.sh $(EVAL_ARGS)

.PHONY: eval

# ------------------------------------------------------------ benchmark
# to_tsvector vs quotes()/entities()/claims(), core MB/s, linearity, memory,
# parallel workers: see test/bench/bench.sh and doc/performance.md
bench:
	bash test/bench/bench.sh

.PHONY: bench

# ------------------------------------------------------------ releases
# The PGXN distribution (META.json), from the committed tree as pgvector
# makes its own: dist/pg_said-VERSION.zip.  The version is META.json's;
# test/versions.sh checks it against pg_said.control, CHANGELOG.md and
# debian/changelog.
DIST_VERSION = $(shell sed -n 's/^  *"version": "\(.*\)",$$/\1/p' $(srcdir)/META.json | head -1)

dist:
	@mkdir -p dist
	git archive --format zip --prefix=$(EXTENSION)-$(DIST_VERSION)/ \
		--output dist/$(EXTENSION)-$(DIST_VERSION).zip HEAD
	@echo "dist/$(EXTENSION)-$(DIST_VERSION).zip"

.PHONY: dist
