#!/usr/bin/env bash
# test/citus.sh -- pg_said on Citus: a coordinator and two workers on
# loopback, private (nothing is installed into the system's PostgreSQL).
# Runs every `sql` block of doc/citus.md in order, and checks around them:
# pushdown (EXPLAIN), the same rows as a single node, the co-located
# INSERT ... SELECT and its refresh, the GIN index on quoted_speakers(),
# canonical_map, the user lexicons on every node, said_track()'s refusal and
# said_untrack() on a table distributed after said_track().
#
#   bash test/citus.sh [DIR]
#
# DIR (or CITUS_SRC / CITUS_INSTALL): a Citus source tree, which is built
# (configure --without-libcurl, a PostgreSQL 15 shim patched, nice make
# -j2, no bitcode) and installed into $CITUS_INSTALL (default
# /var/cache/pg_said/citus), or a folder that already holds such an install
# (usr/lib/postgresql/15/lib/citus.so under it, as `make install
# DESTDIR=...` leaves it).  Without any, the cached install is used when
# present; otherwise the script prints "ok - citus: skipped (...)" and
# exits 0.
#
# Ports: PG_SAID_PORT + 1, + 2, + 3 (CITUS_PORT sets the first).  Output:
# TAP lines, counted by test/run.sh; "#" lines are information.
source "$(dirname "$0")/lib.sh"

CITUS_CACHE=/var/cache/pg_said/citus
CITUS_INSTALL=${CITUS_INSTALL:-$CITUS_CACHE}
CITUS_SRC=${CITUS_SRC:-}
if [ $# -gt 0 ]; then
	if [ -x "$1/configure" ]; then
		CITUS_SRC=$1
	else
		CITUS_INSTALL=$1
	fi
fi
LIBDIR_REL=usr/lib/postgresql/15/lib
EXTDIR_REL=usr/share/postgresql/15/extension

if [ -z "$CITUS_SRC" ] && [ ! -f "$CITUS_INSTALL/$LIBDIR_REL/citus.so" ]; then
	echo "ok - citus: skipped (no Citus in ${CITUS_INSTALL}: give a Citus source tree or install folder, or build one into $CITUS_CACHE, see doc/citus.md)"
	exit 0
fi

# ------------------------------------------------------------ build Citus
if [ -n "$CITUS_SRC" ]; then
	need=()
	for p in liblz4-dev libzstd-dev libkrb5-dev libssl-dev; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
	done
	if [ ${#need[@]} -gt 0 ]; then
		say "installing ${need[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	fi
	say "building Citus in $CITUS_SRC"
	started=$(date +%s)
	# Citus 13 defines have_createdb_privilege() for PostgreSQL < 16, which
	# recent PostgreSQL 15 releases export (commands/dbcommands.h; 15.20
	# here): the shim is then a redefinition.  Removed in the Citus tree
	# given, never in ours, and only when the server's headers declare it.
	if grep -q 'have_createdb_privilege' "$($PG_BIN/pg_config --includedir-server)/commands/dbcommands.h"; then
		perl -0pi -e 's/\nstatic inline bool\nhave_createdb_privilege\(void\)\n\{.*?\n\}\n/\n/s' \
			"$CITUS_SRC/src/include/pg_version_compat.h"
	fi
	# no libcurl: Citus would then collect and send usage statistics
	if [ ! -f "$CITUS_SRC/Makefile.global" ]; then
		(cd "$CITUS_SRC" && ./configure --without-libcurl PG_CONFIG=$PG_BIN/pg_config >configure.log)
	fi
	# no LLVM bitcode: it would double the build for a JIT the test does not use
	nice make -C "$CITUS_SRC" -s -j2 with_llvm=no >"$CITUS_SRC/make.log" 2>&1 ||
		{ tail -30 "$CITUS_SRC/make.log"; echo "not ok - citus: build failed (see $CITUS_SRC/make.log)"; exit 1; }
	rm -rf "$CITUS_INSTALL"
	make -C "$CITUS_SRC" -s install with_llvm=no DESTDIR="$CITUS_INSTALL" >>"$CITUS_SRC/make.log" 2>&1
	echo "# citus: built and installed into $CITUS_INSTALL in $(($(date +%s) - started)) s"
fi

# ------------------------------------------------------------- the cluster
# pg_said and Citus in one private folder: the server takes one
# extension_destdir.  Preloading does not look there, so
# dynamic_library_path names it too (for Citus's background workers as
# well).  Citus compares its library with the version that
# pg_available_extensions() lists, which reads the system's folder only:
# the version check is off (the library and its scripts come from one
# build).
PG_SAID_WORK=$WORK/citus
WORK=$PG_SAID_WORK
DESTDIR_INSTALL=$WORK/install
BASE=${CITUS_PORT:-$((PORT + 1))}
NODES=(0 1 2)
started=$(date +%s)
install_packages
rm -rf "$WORK"
mkdir -p "$WORK"
build_and_install
cp -a "$CITUS_INSTALL/usr" "$DESTDIR_INSTALL/"
LIB=$DESTDIR_INSTALL/$LIBDIR_REL

node_dir() { echo "$WORK/node$1"; }
node_port() { echo $((BASE + $1)); }

stop_nodes() {
	for i in "${NODES[@]}"; do
		if [ -f "$(node_dir "$i")/data/postmaster.pid" ]; then
			as_postgres "$PG_BIN/pg_ctl" -D "$(node_dir "$i")/data" -m fast -w stop >/dev/null || true
		fi
	done
}
trap stop_nodes EXIT
# a command that fails outside a check stops the script: say so in TAP
set -E
trap 'echo "not ok - citus: test/citus.sh stopped at line $LINENO"' ERR

if [ "$(id -u)" -eq 0 ]; then
	d=$WORK
	while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
	chmod -R o+rX "$DESTDIR_INSTALL"
fi
for i in "${NODES[@]}"; do
	d=$(node_dir "$i")
	mkdir -p "$d/data" "$d/socket"
	touch "$d/server.log"
	[ "$(id -u)" -ne 0 ] || chown -R postgres "$d"
	as_postgres "$PG_BIN/initdb" -D "$d/data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
	as_postgres "$PG_BIN/pg_ctl" -D "$d/data" -l "$d/server.log" -w -o "-p $(node_port "$i") -k $d/socket \
		-c listen_addresses=127.0.0.1 -c extension_destdir=$DESTDIR_INSTALL \
		-c 'dynamic_library_path=$LIB:\$libdir' -c shared_preload_libraries=citus \
		-c citus.enable_version_checks=off -c fsync=off" start >/dev/null ||
		{ tail -20 "$d/server.log"; echo "not ok - citus: node $i did not start"; exit 1; }
done

# q NODE [psql options] -- psql on a node, unaligned, stops at the first error
q() {
	local i=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$(node_dir "$i")/socket" -p "$(node_port "$i")" -U postgres \
		-d postgres "$@"
}

passed=0
failed=0
ok() { echo "ok - citus: $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - citus: $1"; failed=$((failed + 1)); }
# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -20 | sed 's/^/#   /' || true
	fi
	return 0
}
# check_has NAME PATTERN TEXT -- TEXT has a line matching the extended regex
check_has() {
	if grep -qE -- "$2" <<<"$3"; then
		ok "$1"
	else
		not_ok "$1"
		head -30 <<<"$3" | sed 's/^/#   /'
	fi
	return 0
}

for i in "${NODES[@]}"; do q "$i" -c 'CREATE EXTENSION citus' 2>&1 | grep -v '^$' || true; done
q 0 >/dev/null <<-SQL
	SELECT citus_set_coordinator_host('127.0.0.1', $(node_port 0));
	SELECT citus_add_node('127.0.0.1', $(node_port 1));
	SELECT citus_add_node('127.0.0.1', $(node_port 2));
SQL
echo "# citus: $(q 0 -c 'SELECT citus_version()' | cut -d' ' -f1-2), coordinator on port $(node_port 0), workers on $(node_port 1) and $(node_port 2)"

# --------------------------------------------- doc/citus.md's sql blocks
DOC=$TOP/doc/citus.md
BLOCKS=$WORK/blocks
mkdir -p "$BLOCKS"
awk -v dir="$BLOCKS" '
	/^```sql$/ { n++; file = sprintf("%s/%02d.sql", dir, n); inside = 1; next }
	/^```/ { inside = 0; next }
	inside { print > file }
	END { print n > (dir "/count") }' "$DOC"
check "doc/citus.md has the 9 sql blocks this script expects" 9 "$(cat "$BLOCKS/count")"
# block N -- run doc block N on the coordinator; its output goes to the log
block() {
	if q 0 -f "$BLOCKS/$(printf %02d "$1").sql" >"$WORK/block$1.out" 2>&1; then
		ok "doc block $1 runs ($(head -c 60 "$BLOCKS/$(printf %02d "$1").sql" | head -1))"
	else
		not_ok "doc block $1 fails"
		sed 's/^/#   /' "$WORK/block$1.out"
	fi
}
block_sql() { cat "$BLOCKS/$(printf %02d "$1").sql"; }

# 1. the extension, its lexicons as reference tables
block 1
check "CREATE EXTENSION on the coordinator creates pg_said on both workers" "0.2
0.2" "$(for i in 1 2; do q "$i" -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_said'"; done)"
check "said_distribute_lexicons() made the three lexicons reference tables" "said_aliases|t
said_cue_words|t
said_genders|t" "$(q 0 -c "SELECT logicalrelid::text, repmodel = 't' FROM pg_dist_partition
                              WHERE logicalrelid::text LIKE 'said_%' ORDER BY 1")"
check "each node holds a copy of each lexicon" "9" \
	"$(q 0 -c "SELECT count(*) FROM pg_dist_placement p JOIN pg_dist_shard s USING (shardid)
               WHERE s.logicalrelid::text LIKE 'said_%'")"
check "said_distribute_lexicons() a second time changes nothing" "" "$(q 0 -c 'SELECT said_distribute_lexicons()')"

# 2. the tables; an int claims table cannot be co-located with bigint articles
block 2
out=$(q 0 2>&1 <<-'SQL' || true
	CREATE TABLE claims_int (id int NOT NULL, n int NOT NULL, PRIMARY KEY (id, n));
	SELECT create_distributed_table('claims_int', 'id', colocate_with => 'articles');
SQL
)
check_has "an int claims table is refused co-location with bigint articles" \
	"Distribution column types don't match for articles and claims_int" "$out"
q 0 -c 'DROP TABLE IF EXISTS claims_int'

# the articles, and the same on one node: a plain table on the coordinator
cd "$TOP"
q 0 >/dev/null <<-'SQL'
	\set seed `cat test/data/seed-article.txt`
	CREATE TABLE single_articles (id bigint PRIMARY KEY, body text);
	INSERT INTO single_articles
	SELECT i, CASE WHEN i % 25 = 0 THEN :'seed'
	               WHEN i % 7 = 3 THEN NULL
	               ELSE format(t[1 + i % array_length(t, 1)], p[1 + i % array_length(p, 1)], i) END
	  FROM generate_series(1, 400) i,
	       (SELECT ARRAY['“We will not send troops to the region,” %s said on day %s.',
	                     '%s said: "Europe must act together on migration" (%s).',
	                     'The minister blogged that Daesh had lost the town of Palmyra, %s wrote in note %s.',
	                     '"The talks will resume next week," said %s, in statement %s.',
	                     'No quotes here at all, just %s and a plain sentence number %s.',
	                     '%s told reporters that Russia and the United States would meet again (%s).'] AS t,
	               ARRAY['Angela Merkel', 'Foreign Minister Julie Bishop', 'John Kerry',
	                     'President Vladimir Putin', 'Putin', 'Chancellor Angela Merkel', 'Boris Johnson'] AS p) s;
	INSERT INTO articles SELECT * FROM single_articles;
	ANALYZE articles;
SQL
single_claims="SELECT a.id, c.* FROM single_articles a CROSS JOIN LATERAL claims(a.body) c ORDER BY 1, 2"
dist_claims="SELECT * FROM article_claims ORDER BY 1, 2"
check "the articles are spread over 32 shards on 2 workers" "32|2" \
	"$(q 0 -c "SELECT count(*), count(DISTINCT nodeport) FROM citus_shards WHERE table_name = 'articles'::regclass")"

# 3. the initial build: one task per shard, on the workers
plan=$(q 0 -c "EXPLAIN (COSTS OFF) $(block_sql 3)")
check_has "the INSERT ... SELECT runs as 32 tasks" 'Task Count: 32' "$plan"
check_has "each task inserts into a shard of article_claims from claims() on the worker" \
	'Insert on article_claims_[0-9]+' "$plan"
check_has "claims() is called on the workers" 'Function Scan on claims' "$plan"
if grep -qE 'pull to coordinator|repartition' <<<"$plan"; then
	not_ok "the INSERT ... SELECT is co-located (no rows through the coordinator)"
else
	ok "the INSERT ... SELECT is co-located (no rows through the coordinator)"
fi
plan=$(q 0 -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT a.id, c.* FROM articles a CROSS JOIN LATERAL claims(a.body) c")
check_has "a SELECT of claims() is pushed down: the workers' query calls it" \
	'Query: .*CROSS JOIN LATERAL [a-z_]+\.claims\(a\.body\)' "$plan"
block 3
single=$(q 0 -c "$single_claims")
check "the claims table has the rows of claims() on one node ($(wc -l <<<"$single") rows)" "$single" \
	"$(q 0 -c "$dist_claims")"
check "claims() of a distributed SELECT has the same rows" "$single" \
	"$(q 0 -c "SELECT a.id, c.* FROM articles a CROSS JOIN LATERAL claims(a.body) c ORDER BY 1, 2")"

# 4. refresh of changed ids (2 changed, 3 deleted), then a rebuild
for t in articles single_articles; do
	q 0 -c "UPDATE $t SET body = '“The border stays open,” said Angela Merkel.' WHERE id = 2;
	        DELETE FROM $t WHERE id = 3"
done
check "before the refresh, the claims table is stale" "different" \
	"$([ "$(q 0 -c "$single_claims")" == "$(q 0 -c "$dist_claims")" ] && echo same || echo different)"
block 4
check "the refresh of ids 2 and 3 makes it exact" "$(q 0 -c "$single_claims")" "$(q 0 -c "$dist_claims")"
block 5
check "the rebuild gives the same rows" "$(q 0 -c "$single_claims")" "$(q 0 -c "$dist_claims")"

# 5. canonical_map
top_single=$(q 0 -c "$(block_sql 6 | sed 's/article_claims/single_claims/g' |
	sed '1i CREATE TEMP TABLE single_claims AS SELECT a.id, c.* FROM single_articles a CROSS JOIN LATERAL claims(a.body) c;')")
block 6
check "top speakers, names unified by canonical_map, as on one node" "$top_single" "$(cat "$WORK/block6.out")"
check "canonical_map over the claims table equals one node's" \
	"$(q 0 -c "SELECT canonical_map(c.speaker) FROM single_articles a CROSS JOIN LATERAL claims(a.body) c")" \
	"$(q 0 -c "SELECT canonical_map(speaker) FROM article_claims")"
plan=$(q 0 -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT canonical_map(speaker) FROM article_claims")
if grep -q 'worker_partial_agg' <<<"$plan"; then
	echo "# citus: canonical_map is aggregated partially on the workers (worker_partial_agg)"
else
	echo "# citus: canonical_map is not aggregated on the workers: its rows are gathered on the coordinator"
fi

# 6. the GIN index on quoted_speakers()
block 7
plan=$(q 0 <<-SQL
	SET citus.propagate_set_commands = 'local';
	BEGIN;
	SET LOCAL enable_seqscan = off;
	EXPLAIN (COSTS OFF) $(grep -i '^SELECT' "$BLOCKS/07.sql")
	COMMIT;
SQL
)
check_has "the quoted_speakers() filter is pushed down and each shard uses its GIN index" \
	'Bitmap Index Scan on articles_speakers_[0-9]+' "$plan"
check "the indexed search finds what one node finds" \
	"$(q 0 -c "SELECT id FROM single_articles WHERE quoted_speakers(body) @> ARRAY['Angela Merkel'] ORDER BY id")" \
	"$(cat "$WORK/block7.out")"

# 7. the user lexicons: the same answers on every node
lexicon_query="SELECT c.speaker, c.cue, c.about FROM claims_custom(
  'The minister blogged that Daesh had lost the town of Palmyra.') c"
block 8
check_has "claims_custom() over the distributed table finds the new cue word and alias" \
	'\|blogged that\|\{"Islamic State"' "$(cat "$WORK/block8.out")"
coordinator=$(q 0 -c "$lexicon_query")
check "claims_custom() on the coordinator uses the lexicons" 'The minister|blogged that|{"Islamic State",Palmyra}' \
	"$coordinator"
for i in 1 2; do
	check "claims_custom() on worker $i gives the coordinator's answer" "$coordinator" "$(q "$i" -c "$lexicon_query")"
	check "claims_custom() in a parallel worker of worker $i gives the same" "$coordinator" \
		"$(q "$i" -c 'SET force_parallel_mode = on' -c "$lexicon_query")"
done
check "claims_custom() in a parallel worker of the coordinator gives the same" "$coordinator" \
	"$(q 0 -c 'SET force_parallel_mode = on' -c "$lexicon_query")"
check "claims_custom() in a query pushed to the workers equals one node's" \
	"$(q 0 -c "SELECT a.id, c.* FROM single_articles a CROSS JOIN LATERAL claims_custom(a.body) c ORDER BY 1, 2")" \
	"$(q 0 -c "SELECT a.id, c.* FROM articles a CROSS JOIN LATERAL claims_custom(a.body) c ORDER BY 1, 2")"
q 0 -c "DELETE FROM said_cue_words WHERE word = 'blogged'"
check "a cue word deleted on the coordinator is gone on every node" "0|0|0" \
	"$(for i in 0 1 2; do q "$i" -c "SELECT count(*) FROM ($lexicon_query) s WHERE cue = 'blogged that'"; done | paste -sd'|')"
q 2 -c "INSERT INTO said_cue_words VALUES ('blogged')"
check "a cue word added on a worker reaches every node" "1|1|1" \
	"$(for i in 0 1 2; do q "$i" -c "SELECT count(*) FROM ($lexicon_query) s WHERE cue = 'blogged that'"; done | paste -sd'|')"
q 0 >/dev/null <<-'SQL'
	CREATE ROLE reader LOGIN;
	GRANT SELECT ON articles TO reader;
SQL
check "a role that may only read the articles gets the same claims_custom() answers from the workers" \
	"$(q 0 -c "SELECT a.id, c.* FROM single_articles a CROSS JOIN LATERAL claims_custom(a.body) c ORDER BY 1, 2")" \
	"$(q 0 -c 'SET ROLE reader' -c "SELECT a.id, c.* FROM articles a CROSS JOIN LATERAL claims_custom(a.body) c ORDER BY 1, 2")"
dump=$(as_postgres $PG_BIN/pg_dump -h "$(node_dir 0)/socket" -p "$(node_port 0)" -U postgres --data-only \
	-t said_cue_words -t said_aliases postgres 2>&1 || true)
check_has "pg_dump of the coordinator has the lexicons' rows" '^blogged$' "$dump"

# 8. pool settings: the block runs; the first call's cost in a new backend
block 9
# CPU time of a statement, from log_statement_stats: "! 0.026 s user, 0.008 s system, ..."
stats=$(q 1 -c 'SELECT count(*) FROM pg_class' -c 'SET client_min_messages = log' -c 'SET log_statement_stats = on' \
	-c "SELECT count(*) FROM claims('“We will win,” she said.')" \
	-c "SELECT count(*) FROM claims('“We will win,” she said.')" 2>&1 |
	awk '/s user,.*elapsed/ { printf "%s%.1f ms CPU (%.1f ms elapsed)", sep, ($2 + $5) * 1000, $8 * 1000; sep = ", then " }')
echo "# citus: claims() in a new backend on a worker: $stats"

# 9. said_track() on Citus tables
out=$(q 0 -c "SELECT said_track('articles', 'body', 'article_claims_tracked')" 2>&1 || true)
check_has "said_track() refuses a distributed table with pg_said's error" \
	'ERROR:  cannot track Citus distributed table public.articles' "$out"
check_has "... and a hint naming the co-located INSERT ... SELECT" 'HINT:  .*co-located.*INSERT INTO' "$out"
check "... leaving no claims table and no trigger" "|0" \
	"$(q 0 -c "SELECT to_regclass('article_claims_tracked'), count(*) FROM pg_trigger
               WHERE tgrelid = 'articles'::regclass AND tgname LIKE 'said_track%'")"
out=$(q 0 -c 'SET citus.enable_unsafe_triggers = on' \
	-c "SELECT said_track('articles', 'body', 'article_claims_tracked')" 2>&1 || true)
check_has "... also with citus.enable_unsafe_triggers on" 'cannot track Citus distributed table' "$out"
check "writes to the distributed table still work" "INSERT 0 1" \
	"$(psql -X -h "$(node_dir 0)/socket" -p "$(node_port 0)" -U postgres -d postgres \
		-c "INSERT INTO articles VALUES (100000, 'x')" 2>&1)"
q 0 >/dev/null <<-'SQL'
	CREATE TABLE feed (id bigint PRIMARY KEY, body text);
	SELECT create_reference_table('feed');
SQL
out=$(q 0 -c "SELECT said_track('feed', 'body', 'feed_claims')" 2>&1 || true)
check_has "said_track() refuses a reference table" 'cannot track Citus reference table public.feed' "$out"
# a Citus local table stays on the coordinator: tracked as any table
q 0 >/dev/null <<-'SQL'
	CREATE TABLE notes (id bigint PRIMARY KEY, body text);
	SELECT citus_add_local_table_to_metadata('notes');
	SELECT said_track('notes', 'body', 'note_claims');
	INSERT INTO notes SELECT id, body FROM single_articles WHERE id <= 30;
	UPDATE notes SET body = '“We will win,” she said.' WHERE id = 4;
	DELETE FROM notes WHERE id = 5;
SQL
check "a Citus local table is tracked, its claims exact after INSERT, UPDATE and DELETE" \
	"$(q 0 -c "SELECT n.id, c.* FROM notes n CROSS JOIN LATERAL claims(n.body) c ORDER BY 1, 2")" \
	"$(q 0 -c "SELECT * FROM note_claims ORDER BY 1, 2")"
check "... and after TRUNCATE" "0" "$(q 0 -c 'TRUNCATE notes' -c 'SELECT count(*) FROM note_claims')"

# a table tracked, then distributed with citus.enable_unsafe_triggers: every
# write fails on the workers, and said_untrack() unlocks it
q 0 >/dev/null <<-'SQL'
	CREATE TABLE legacy (id bigint PRIMARY KEY, body text);
	SELECT said_track('legacy', 'body', 'legacy_claims');
SQL
out=$(q 0 -c "SELECT create_distributed_table('legacy', 'id')" 2>&1 || true)
check_has "Citus refuses to distribute a tracked table by default" 'ERROR: .*trigger' "$out"
q 0 >/dev/null <<-'SQL'
	SET citus.enable_unsafe_triggers = on;
	SELECT create_distributed_table('legacy', 'id');
SQL
out=$(q 0 -c "INSERT INTO legacy VALUES (1, '“We will win,” she said.')" 2>&1 || true)
check_has "a table distributed after said_track() rejects writes, naming the missing claims table" \
	'ERROR:  claims table public.legacy_claims of public.legacy_[0-9]+ does not exist' "$out"
check_has "... with a hint to said_untrack()" 'HINT:  Stop the tracking with said_untrack\(\)' "$out"
check "said_untrack() unlocks it without citus.enable_unsafe_triggers" "" \
	"$(q 0 -c "SELECT said_untrack('legacy', 'legacy_claims')" 2>&1)"
check "... and leaves the setting as it was" "off" "$(q 0 -c "SELECT said_untrack('notes', 'note_claims')" \
	-c 'SHOW citus.enable_unsafe_triggers' | tail -1)"
check "no pg_said trigger is left on any node, shards included" "0|0|0" \
	"$(for i in 0 1 2; do q "$i" -c "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'said_track%'"; done | paste -sd'|')"
check "writes to the unlocked table work: INSERT, UPDATE, DELETE, TRUNCATE" "1|0" \
	"$(q 0 -c "INSERT INTO legacy VALUES (1, '“We will win,” she said.'), (2, 'x')" \
		-c "UPDATE legacy SET body = 'y' WHERE id = 2" -c 'DELETE FROM legacy WHERE id = 2' \
		-c 'SELECT count(*) FROM legacy' -c 'TRUNCATE legacy' -c 'SELECT count(*) FROM legacy' | paste -sd'|')"

# DROP EXTENSION with distributed lexicons, then CREATE again
q 0 >/dev/null 2>&1 <<-'SQL'
	DROP EXTENSION pg_said CASCADE;
	CREATE EXTENSION pg_said;
	SELECT said_distribute_lexicons();
SQL
check "DROP and CREATE EXTENSION pg_said work on the cluster, lexicons distributed again" "3|0.2|0.2" \
	"$(q 0 -c "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid::text LIKE 'said_%'")|$(
		for i in 1 2; do q "$i" -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_said'"; done | paste -sd'|')"

echo "# citus: cluster checks took $(($(date +%s) - started)) s"
[ "$failed" -eq 0 ]
