#!/usr/bin/env bash
# test/bench/first_call.sh -- what a new connection pays on its first call:
# the backend's CPU time for a call (from /proc/PID/schedstat, which a
# loaded machine's waiting does not inflate) on its first call and on its
# third, on new connections, and the backend's memory before its first
# call and after three (/proc/PID/smaps: Rss, Pss, and
# Private_Dirty outside shared memory).  Run by bench.sh against
# its server; alone, against any server that has the extension:
#
#   PGHOST=... PGPORT=... bash test/bench/first_call.sh [CONNECTIONS]
#
# FIRST_CALL_RAW=1 prints each connection's figures under its row too.
# FIRST_CALL_TEXT sets the text of the calls (default: two sentences).
# Needs the server on this machine, and to be root or the server's user.
N=${1:-${BENCH_CONNECTIONS:-30}}
TXT=${FIRST_CALL_TEXT:-'The minister said on Monday that the talks would resume. "We will not give up," Mr. Smith told reporters in London, according to the BBC.'}

# The backend's own memory: Private_Dirty of its mappings but shared memory
# (PostgreSQL's main segment, "/dev/zero (deleted)", and its SysV and /dev/shm
# segments, whose pages count as a backend's private while no other process
# has touched them: buffers read, not memory of the call's).
OWN_MEM=$(mktemp)
trap 'rm -f "$OWN_MEM"' EXIT
cat >"$OWN_MEM" <<'AWK'
/^[0-9a-f]+-[0-9a-f]+ / { shm = ($0 ~ /\/dev\/zero|SYSV|\/dev\/shm\//) }
/^Private_Dirty:/ && !shm { own += $2 }
END { print "Own_Private_Dirty:", own }
AWK

# One new connection: the statement $2 (if any), then three calls of $1,
# each between two readings of the backend's CPU time (ns), then its memory
# (kB); prints the calls' times in ms and the memory figures, one line.
one_connection() {
	psql -X -q -d "${PGDATABASE:-postgres}" -v txt="$TXT" 2>&1 <<SQL |
SELECT pg_backend_pid() AS pid \gset
\setenv BENCH_PID :pid
${2:-}
\! grep -E '^(Rss|Pss):' /proc/\$BENCH_PID/smaps_rollup
\! awk -f $OWN_MEM /proc/\$BENCH_PID/smaps
\! echo cpu \$(cut -d' ' -f1 /proc/\$BENCH_PID/schedstat) \$(cut -d' ' -f10 /proc/\$BENCH_PID/stat)
SELECT count(*) FROM $1;
\! echo cpu \$(cut -d' ' -f1 /proc/\$BENCH_PID/schedstat) \$(cut -d' ' -f10 /proc/\$BENCH_PID/stat)
SELECT count(*) FROM $1;
\! echo cpu \$(cut -d' ' -f1 /proc/\$BENCH_PID/schedstat) \$(cut -d' ' -f10 /proc/\$BENCH_PID/stat)
SELECT count(*) FROM $1;
\! echo cpu \$(cut -d' ' -f1 /proc/\$BENCH_PID/schedstat) \$(cut -d' ' -f10 /proc/\$BENCH_PID/stat)
\! grep -E '^(Rss|Pss):' /proc/\$BENCH_PID/smaps_rollup
\! awk -f $OWN_MEM /proc/\$BENCH_PID/smaps
SQL
	awk 'BEGIN { n = 0 }
		/^cpu/ { c[n] = $2; f[n] = $3; n++ }
		/^(Rss|Pss|Own_Private_Dirty):/ { m[$1 k[$1]++] = $2 }
		END {
			if (n < 4) { print "error"; exit }
			printf "%.3f %.3f %.3f %d %d %d %d %d %d %d %d\n", (c[1] - c[0]) / 1e6,
				(c[2] - c[1]) / 1e6, (c[3] - c[2]) / 1e6,
				m["Rss:0"], m["Rss:1"], m["Pss:0"], m["Pss:1"],
				m["Own_Private_Dirty:0"], m["Own_Private_Dirty:1"],
				f[1] - f[0], f[3] - f[2]
		}'
}

# A library installed moments ago has dirty pages in the page cache until
# they are written back, and smaps counts those a backend maps as its
# Private_Dirty (3.4 MB of the library's read-only data, a false figure):
# write them back first.
sync

median() {  # column $1 of stdin
	sort -n -k"$1" | awk -v c="$1" '{ v[NR] = $c } END { print NR ? (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) : "n/a" }'
}

echo "$N new connections each: a call's backend CPU time (ms), its first, second and third;"
echo "medians (of the difference too); the backend's minor page faults in its first and third"
echo "call (/proc/PID/stat; median); memory in kB (median)"
printf '%-46s %8s %8s %8s %9s %8s %8s\n' "" first second third "1st-3rd" "flt 1st" "flt 3rd"
# the rows: a call, and a statement run before it (quotes(NULL): the
# function's catalog entries read and the library loaded, the core not
# called: STRICT); to_tsvector, for PostgreSQL's own first call
while IFS='|' read -r call before label; do
	runs=$(for i in $(seq "$N"); do one_connection "$call" "$before"; done | grep -v error)
	if [ -z "$runs" ]; then
		echo "first call: $call: no figures (is /proc/PID of the server readable?)"
		continue
	fi
	f=$(median 1 <<<"$runs")
	s=$(median 2 <<<"$runs")
	t=$(median 3 <<<"$runs")
	d=$(awk '{ print $1 - $3 }' <<<"$runs" | median 1)
	printf '%-46s %8s %8s %8s %9s %8s %8s\n' "$label" "$f" "$s" "$t" "$d" \
		"$(median 10 <<<"$runs")" "$(median 11 <<<"$runs")"
	[ -n "$FIRST_CALL_RAW" ] && echo "$runs"
	if [ "$label" = "claims(text)" ]; then
		mem="$runs"
	fi
done <<'ROWS'
quotes(:'txt')||quotes(text)
claims(:'txt')||claims(text)
entities(:'txt')||entities(text)
quotes(:'txt')|SELECT count(*) FROM quotes(NULL);|quotes(text), after quotes(NULL)
(SELECT to_tsvector('english', :'txt')) t||to_tsvector(text), for comparison
ROWS
printf 'backend memory around three claims() calls: Private_Dirty (shared memory aside) %s -> %s kB, Rss %s -> %s kB, Pss %s -> %s kB\n' \
	"$(median 8 <<<"$mem")" "$(median 9 <<<"$mem")" "$(median 4 <<<"$mem")" \
	"$(median 5 <<<"$mem")" "$(median 6 <<<"$mem")" "$(median 7 <<<"$mem")"
