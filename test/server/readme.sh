#!/usr/bin/env bash
# test/server/readme.sh -- the README's SQL, run top to bottom in one psql
# session in a fresh database, its output compared with what the README shows.
# Runs against the server test/run.sh started (PGHOST/PGPORT/PGUSER set).
# Prints one "ok"/"not ok" line per checked block, and one for the README's
# length; the psql script, the outputs and the diffs go to $1 (a folder).
#
# The convention, in README.md's source:
#   * A fenced block opened with ```sql is run, in the order of the file, in
#     one session: later blocks see what earlier ones created and set.
#   * A fenced block opened with ```text right after it (only blank lines
#     between) is what psql prints for it.  A ```sql block with no such
#     block must print nothing: psql runs quietly (-q, as \set QUIET on),
#     so statements print no command tag, and an error would show.
#   * <!-- no-check --> on the last non-blank line before a ```sql fence
#     leaves that block (and the output block after it) out: an example
#     that needs what this test has not (another server, Citus, a file).
#   * Any other fence (```sh, ```text elsewhere, plain ```) is prose.
# Lines are compared without trailing white space (editors strip it, psql
# pads the last column), and without blank lines at the end of a block.
# psql runs with -X (no ~/.psqlrc), no pager, from the top of the checkout
# (so \set body `cat test/data/seed-article.txt` finds the file), against a
# UTF-8 database created for the test and dropped after it.  A section that
# creates roles or other cluster-wide objects must drop them itself.
#
# After a change that alters an output, the README's new text is in
# $1/readme/<line>.out: the block that starts at that line of README.md.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$TOP/test/tmp}/readme
README=${PG_SAID_README:-$TOP/README.md}  # another file: to test this script
MAX_LINES=400
DB=said_readme

rm -rf "$OUT"
mkdir -p "$OUT"

lines=$(wc -l <"$README")
if [ "$lines" -le "$MAX_LINES" ]; then
	echo "ok - README.md has $lines lines (at most $MAX_LINES)"
else
	echo "not ok - README.md has $lines lines, more than $MAX_LINES"
fi

# Split the README into a psql script (each checked block preceded by a
# marker naming its first line) and the expected output of each block.
awk -v out="$OUT" '
function fence_info(s) { sub(/^```[ \t]*/, "", s); sub(/[ \t].*$/, "", s); return s }
function start_expected(n) { expected = out "/" n ".expected"; printf "" > expected; close(expected) }
BEGIN { state = "prose"; last = ""; pending = 0 }
state == "prose" && /^```/ {
	info = fence_info($0)
	if (info == "text" && pending && blank_since) {
		state = "output"
		next
	}
	pending = 0
	if (info == "sql" && last !~ /^<!--[ \t]*no-check[ \t]*-->[ \t]*$/) {
		block = NR
		state = "sql"
		first = ""
		start_expected(block)
		printf "\\echo @@readme-block %d@@\n", block > (out "/script.sql")
	} else
		state = "skip"
	next
}
state == "prose" {
	if ($0 !~ /^[ \t]*$/) {
		last = $0
		blank_since = 0
	}
	next
}
/^```[ \t]*$/ {
	if (state == "sql") {
		pending = 1
		blank_since = 1
		printf "%d\t%s\n", block, first > (out "/blocks")
	} else
		pending = 0
	state = "prose"
	last = "```"
	next
}
state == "sql" {
	print > (out "/script.sql")
	if (first == "" && $0 !~ /^[ \t]*$/)
		first = $0
	next
}
state == "output" { print >> (out "/" block ".expected"); next }
' "$README"

if [ ! -s "$OUT/blocks" ]; then
	echo "not ok - README.md: no \`\`\`sql block found"
	exit 0
fi
echo '\echo @@readme-end@@' >>"$OUT/script.sql"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
if ! psql -X -q -d postgres -v ON_ERROR_STOP=1 \
	-c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8'" >/dev/null; then
	echo "not ok - README.md: could not create database $DB"
	exit 0
fi
(
	cd "$TOP" &&
		env -u PSQL_PAGER -u PGOPTIONS PAGER=cat PGCLIENTENCODING=UTF8 PGTZ=UTC \
			psql -X -q -P pager=off -d "$DB" <"$OUT/script.sql"
) >"$OUT/result" 2>&1
psql -X -q -d postgres -c "DROP DATABASE $DB" >/dev/null 2>&1
if ! grep -qx '@@readme-end@@' "$OUT/result"; then
	echo "not ok - README.md: psql did not run the blocks to the end"
	tail -20 "$OUT/result"
fi

# The actual output of each block, cut at the markers.
awk -v out="$OUT" '
/^@@readme-block [0-9]+@@$/ { n = $2; sub(/@@$/, "", n); f = out "/" n ".out"; printf "" > f; next }
/^@@readme-end@@$/ { f = ""; next }
f != "" { print >> f }
' "$OUT/result"

normalise() {  # trailing white space off each line, blank lines off the end
	sed -e 's/[[:space:]]*$//' "$1" | awk '{ l[NR] = $0 } END { n = NR; while (n > 0 && l[n] == "") n--; for (i = 1; i <= n; i++) print l[i] }'
}

while IFS=$'\t' read -r line first; do
	[ -f "$OUT/$line.out" ] || : >"$OUT/$line.out"
	if diff -u --label "README.md:$line (shown)" --label "psql" \
		<(normalise "$OUT/$line.expected") <(normalise "$OUT/$line.out") >"$OUT/$line.diff"; then
		echo "ok - README.md:$line $first"
	else
		echo "not ok - README.md:$line $first: psql prints otherwise"
		head -40 "$OUT/$line.diff"
	fi
done <"$OUT/blocks"
