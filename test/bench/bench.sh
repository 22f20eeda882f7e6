#!/usr/bin/env bash
# test/bench/bench.sh -- `make bench`: pg_said against PostgreSQL's own to_tsvector
# on the same news text, the core outside PostgreSQL, the linearity curve,
# pathological inputs, memory, parallel workers, and the first call on a new
# connection (test/bench/first_call.sh).
#
#   bash test/bench/bench.sh [TEXT_FILE ...]
#
# The corpus is the PolNeAR texts (../shared/data/dev/polnear.jsonl next to
# the checkout) when present, else the text files given, else the seed
# article repeated.  Environment: BENCH_ROUNDS (SQL rounds, default 5),
# BENCH_CURVE_MB (largest document of the curve, default 50), BENCH_BIG_MB
# (the document whose peak memory is measured, default 100), BENCH_ROWS
# (rows of the memory query, default 1000000), BENCH_SHAPE_MB (size of each
# shape of test/bench/memory.sh's table, default 20), BENCH_CALLGRIND=1 (also count
# the instructions of each query under valgrind: a few minutes more).
export PG_SAID_PORT=${PG_SAID_PORT:-54371}
export PG_SAID_WORK=${PG_SAID_WORK:-$(cd "$(dirname "$0")/.." && pwd)/tmp-bench}
source "$(dirname "$0")/../lib.sh"

ROUNDS=${BENCH_ROUNDS:-7}
CURVE_MB=${BENCH_CURVE_MB:-50}
BIG_MB=${BENCH_BIG_MB:-100}
ROWS=${BENCH_ROWS:-1000000}

install_packages
build_and_install
make -C "$TOP" -s test/bin/said_bench test/bin/said_cli >/dev/null
mkdir -p "$WORK"
python3 "$TOP/test/bench/bench_corpus.py" "$WORK" "$@"

say "machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
	"load average $(cut -d' ' -f1-3 /proc/loadavg) (shared: wall-clock figures are noisy)"

start_server
trap stop_server EXIT
chmod o+r "$WORK/corpus.tsv"
psql -q -X -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION pg_said;
CREATE TABLE articles (id int PRIMARY KEY, body text NOT NULL);
\copy articles FROM '$WORK/corpus.tsv'
VACUUM ANALYZE articles;
SQL

say "first call on a new connection (backend CPU time; memory per backend)"
PGDATABASE=postgres bash "$TOP/test/bench/first_call.sh"

say "SQL functions vs to_tsvector ($ROUNDS rounds)"
PGOPTIONS="-c bench.rounds=$ROUNDS -c bench.hz=$(getconf CLK_TCK)" psql -X -q -f "$TOP/test/bench/bench.sql"

say "core only (the C pipeline outside PostgreSQL, same documents, one core, CPU time)"
"$TOP/test/bin/said_bench" docs "$WORK/corpus.docs" "$ROUNDS"

say "where the core's time goes: each stage timed on its own (same documents, wall clock)"
"$TOP/test/bin/said_bench" stages "$WORK/corpus.docs" "$ROUNDS"

say "linearity: one document of growing size (core only, CPU time)"
"$TOP/test/bin/said_bench" curve "$WORK/corpus.docs" "$CURVE_MB"

say "linearity in SQL: one document made of the whole corpus vs its articles"
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE TEMP TABLE one AS SELECT string_agg(body, E'\n\n' ORDER BY id) AS body FROM articles;
SELECT count(*) FROM one, LATERAL quotes(body);	-- warm-up
\timing on
\echo 'the corpus as one document:'
SELECT octet_length(body) AS bytes, (SELECT count(*) FROM quotes(body)) AS quotes FROM one;
\echo 'the same text as separate articles:'
SELECT sum(octet_length(body)) AS bytes, (SELECT count(*) FROM articles, LATERAL quotes(body)) AS quotes FROM articles;
SQL

say "pathological inputs, 1 MB each (core only, CPU time)"
"$TOP/test/bin/said_bench" patho "$WORK/corpus.docs"

say "memory: $ROWS calls in one query (backend RSS sampled from /proc)"
psql -X -q -c "SELECT 1" >/dev/null
psql -X -q -At -v ON_ERROR_STOP=1 >"$WORK/mem.out" <<SQL &
SET application_name = 'said_mem';
SET jit = off;
SELECT count(*) FROM generate_series(1, $ROWS) g,
	LATERAL quotes('Short text ' || g || ' “with a quote,” he said.');
SQL
mem_job=$!
pid=""
for _ in $(seq 50); do
	pid=$(psql -X -At -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'said_mem'")
	[ -n "$pid" ] && break
	sleep 0.1
done
samples=()
start=$(date +%s.%N)
while kill -0 "$mem_job" 2>/dev/null; do
	rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
	[ -n "$rss" ] && samples+=("$(printf '%.1f %s' "$(echo "$(date +%s.%N) - $start" | bc)" "$rss")")
	sleep 0.5
done
wait "$mem_job"
echo "rows counted: $(cat "$WORK/mem.out")"
echo "backend RSS (kB) over the query, every 0.5 s:"
printf '  %s\n' "${samples[@]}" | awk 'NR <= 4 || NR % 5 == 0 {print} {last = $0} END {print "  ... last:" last}' | uniq
printf '%s\n' "${samples[@]}" | awk 'NR == 1 {min = $2} {if ($2 > max) max = $2; if ($2 < min) min = $2}
	END {printf "RSS first %d kB, peak %d kB, growth %d kB over the run\n", min, max, max - min}'

say "memory: one ${BIG_MB} MB document (core only, peak RSS by /usr/bin/time -v)"
python3 - "$WORK/corpus.docs" "$WORK/big.txt" "$BIG_MB" <<'PY'
import sys
src = open(sys.argv[1], "rb").read().replace(b"\0", b"\n\n")
size = int(float(sys.argv[3]) * 1e6)
out = (src * (size // len(src) + 1))[:size]
while out and (out[-1] & 0xC0) == 0x80:
    out = out[:-1]
open(sys.argv[2], "wb").write(out)
PY
for mode in entities quotes; do
	/usr/bin/time -v "$TOP/test/bin/said_bench" one "$WORK/big.txt" "$mode" 2>"$WORK/time.log"
	awk -v mb="$BIG_MB" '/Maximum resident/ {printf "  peak RSS %.0f MB = %.2f x the document (%s MB)\n", $6 / 1024, $6 / 1024 / (mb * 1e6 / 1048576), mb}' "$WORK/time.log"
done
echo "  (sizeof(SaidToken) = $("$TOP/test/bin/said_bench" sizes x | awk '/SaidToken/ {print $2}') bytes)"

say "memory per input byte, per shape of text (core arena and backend peak RSS over claims())"
python3 - "$WORK/corpus.docs" "$WORK/news-1mb.txt" 1 <<'PY'
import sys
src = open(sys.argv[1], "rb").read().replace(b"\0", b"\n\n")
out = (src * (int(1e6) // len(src) + 1))[:int(1e6)]
while out and (out[-1] & 0xC0) == 0x80:
    out = out[:-1]
open(sys.argv[2], "wb").write(out)
PY
WORK=$WORK bash "$TOP/test/bench/memory.sh" "$WORK/news-1mb.txt"

say "parallel: CREATE MATERIALIZED VIEW, serial, 1 worker, 2 workers"
# The articles table is small in pages (the bodies are TOASTed): let the
# planner consider a parallel scan at all; the functions' declared COST then
# makes the parallel plan the cheaper one.  The leader takes part in the
# scan (the default), so 1 worker means two processes and 2 workers three,
# on a machine of $(nproc) cores.
matview() {  # matview FUNCTION WORKERS
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET jit = off;
SET min_parallel_table_scan_size = 0;
SET parallel_setup_cost = 100;
SET max_parallel_workers_per_gather = $2;
\\echo '$1(), max_parallel_workers_per_gather = $2:'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
CREATE MATERIALIZED VIEW mv_$1_$2 AS SELECT id, ($1(body)).* FROM articles;
SQL
}
for fn in quotes claims; do
	if ! psql -X -At -c "SELECT to_regproc('$fn') IS NOT NULL" | grep -q t; then
		echo "$fn() does not exist in this build: its materialized view is skipped"
		continue
	fi
	for workers in 0 1 2; do
		matview "$fn" "$workers"
	done
	psql -X -At -c "SELECT 'rows: ' || (SELECT count(*) FROM mv_${fn}_0) || ' serial, '
		|| (SELECT count(*) FROM mv_${fn}_1) || ' with 1 worker, '
		|| (SELECT count(*) FROM mv_${fn}_2) || ' with 2 workers'"
done

# Instruction counts: the figure the shared machine does not disturb.  Each
# query runs in a single-user backend under callgrind after a warm-up call
# (one-time initialisation), and the warm-up alone is subtracted.
if [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null; then
	say "instructions per query (callgrind, single-user backend, every 4th article)"
	stop_server
	trap - EXIT
	chmod o+rwx "$WORK"
	backend_instr() {  # backend_instr QUERY: instructions of warm-up + QUERY
		printf '%s\n%s\n' "SELECT count(*) FROM quotes('He said “yes.”');" "$1" >"$WORK/instr.sql"
		as_postgres valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			"$PG_BIN/postgres" --single -D "$PGDATA_DIR" -c extension_destdir="$DESTDIR_INSTALL" \
			-c jit=off -c max_parallel_workers_per_gather=0 postgres <"$WORK/instr.sql" 2>&1 >/dev/null |
			awk '/refs:/ {gsub(",", "", $NF); print $NF}'
	}
	base=$(backend_instr "")
	bytes=$(as_postgres "$PG_BIN/postgres" --single -D "$PGDATA_DIR" postgres <<<"SELECT sum(octet_length(body)) FROM articles WHERE id % 4 = 0;" 2>/dev/null |
		sed -n 's/.*sum = "\([0-9]*\)".*/\1/p')
	printf '%-12s %15s %10s %8s\n' function instructions "per byte" ratio
	tsv=""
	for fn in '(reading)' to_tsvector quotes entities claims; do
		case $fn in
		'(reading)') q="SELECT sum(length(body)) FROM articles WHERE id % 4 = 0;" ;;
		to_tsvector) q="SELECT sum(length(to_tsvector('english', body))) FROM articles WHERE id % 4 = 0;" ;;
		*) q="SELECT count(*) FROM articles a, LATERAL $fn(a.body) WHERE a.id % 4 = 0;" ;;
		esac
		n=$(( $(backend_instr "$q") - base ))
		[ "$fn" = to_tsvector ] && tsv=$n
		printf '%-12s %15d %10.1f %8s\n' "$fn" "$n" "$(echo "$n / $bytes" | bc -l)" \
			"$([ -n "$tsv" ] && echo "$n / $tsv" | bc -l | xargs printf '%.3f' || echo -)"
	done
	echo "($bytes bytes; warm-up of $base instructions subtracted)"
fi
say "done"
