#!/usr/bin/env bash
# test/bench/memory.sh -- peak memory per input byte, per shape of text: the
# core's arena (said_bench memory) and a backend's peak RSS over claims().
#
#   bash test/bench/memory.sh [NEWS_FILE]
#
# test/bench/bench.sh runs it on its own server; alone it builds, installs
# and starts one (PG_SAID_PORT, PG_SAID_WORK as the other scripts).  Each
# shape is a unit repeated to BENCH_SHAPE_MB megabytes (default 20): news
# (NEWS_FILE, default the seed article), runs of quote marks of each kind,
# one long word, many short paragraphs, one-word lines, a verb of saying
# repeated, two-byte sentences, names (BENCH_SHAPES, a regular expression,
# picks some).  The table prints bytes per input
# byte: the arena's at its largest (a document over 1 MiB is analysed a
# piece at a time, as the SQL functions do: doc/performance.md) and the
# backend's peak RSS over one claims() call, from VmHWM after resetting it
# through /proc/PID/clear_refs (root only: the column says "-" otherwise).
# The document is read from a table by a fresh backend, so the backend's
# figure includes the detoasted text (1 byte a byte) and the shared-buffer
# pages of its stored (compressed) copy, and the rows claims() returns.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MB=${BENCH_SHAPE_MB:-20}
NEWS=${1:-$TOP/test/data/seed-article.txt}

if [ -z "${PGHOST:-}" ]; then
	export PG_SAID_PORT=${PG_SAID_PORT:-54371}
	export PG_SAID_WORK=${PG_SAID_WORK:-$TOP/test/tmp/memory}
	source "$TOP/test/lib.sh"
	build_and_install
	start_server
	trap stop_server EXIT
	psql -X -q -c "CREATE EXTENSION pg_said"
fi
WORK=${WORK:-${PG_SAID_WORK:-$TOP/test/tmp/memory}}
SHAPES=$WORK/shapes
mkdir -p "$SHAPES"
chmod o+rx "$SHAPES"
make -C "$TOP" -s test/bin/said_bench >/dev/null

# name and unit (printf format); news is NEWS_FILE
shapes=(
	"news|"
	"straight marks|\""
	"curly marks|\xe2\x80\x9c"
	"curly pairs|\xe2\x80\x9c\xe2\x80\x9d"
	"CJK corner brackets|\xe3\x80\x8c"
	"CJK pairs|\xe3\x80\x8c\xe3\x80\x8d"
	"one long word|x"
	"short paragraphs|A b.\n\n"
	"one-word lines|Kerry:\n"
	"He said: ...|He said: "
	"two-byte sentences|!A"
	"names|Angela Merkel met John Kerry in Berlin. "
)

backend_peak() {  # backend_peak UNIT_FILE: "bytes rows peak_kB"
	local f=$1 pid
	psql -X -q -v ON_ERROR_STOP=1 <<SQL >/dev/null
DROP TABLE IF EXISTS said_memory_doc;
CREATE UNLOGGED TABLE said_memory_doc AS
	SELECT repeat(u, greatest($MB * 1000000 / octet_length(u), 1)::int) AS body
	FROM (SELECT convert_from(pg_read_binary_file('$f'), 'UTF8') AS u) s;
SQL
	# a fresh backend: its peak is this call's
	psql -X -q -At -v ON_ERROR_STOP=1 <<'SQL'
SET jit = off;
SET max_parallel_workers_per_gather = 0;
SELECT pg_backend_pid() AS pid \gset
\setenv SAID_PID :pid
\! (echo 5 > /proc/$SAID_PID/clear_refs) 2>/dev/null && awk '/^VmRSS/ {printf "%s ", $2}' /proc/$SAID_PID/status || printf -- '- '
SELECT octet_length(body) || ' ' || (SELECT count(*) FROM claims(body)) || ' ' AS figures FROM said_memory_doc \gset
\echo -n :figures
\! awk '/^VmHWM/ {print $2}' /proc/$SAID_PID/status
SQL
}

say_table() { printf '%-22s %6s %8s %9s %11s %9s\n' "$@"; }
echo "peak memory per input byte, ${MB} MB of each shape (core: arena; SQL: backend peak RSS over claims())"
say_table "shape" "MB" "tok/B" "arena B/B" "claims rows" "RSS B/B"
for s in "${shapes[@]}"; do
	name=${s%%|*}
	[[ "$name" =~ ${BENCH_SHAPES:-.} ]] || continue
	unit=$SHAPES/$(echo "$name" | tr -c 'A-Za-z0-9\n' '_').txt
	if [ "$name" = news ]; then
		cp "$NEWS" "$unit"
	else
		printf "${s#*|}" >"$unit"
	fi
	chmod o+r "$unit"
	read -r _ mb tok arena < <("$TOP/test/bin/said_bench" memory x "$unit" "$MB")
	read -r rss0 bytes rows hwm < <(backend_peak "$unit")
	if [ "$rss0" = - ]; then
		per=-
	else
		per=$(echo "scale=1; ($hwm - $rss0) * 1024 / $bytes" | bc)
	fi
	say_table "$name" "$mb" "$tok" "$arena" "$rows" "$per"
done
