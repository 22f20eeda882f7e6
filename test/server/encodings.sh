#!/usr/bin/env bash
# test/server/encodings.sh -- pg_said in LATIN1 and SQL_ASCII databases, against
# the server test/run.sh started (PGHOST/PGPORT/PGUSER set).  Prints one
# "ok"/"not ok" line per database; the outputs go to $1 (a folder).
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$TOP/test/tmp}
DIR=$TOP/test/server/encodings

for enc in LATIN1 SQL_ASCII; do
	db=said_$(echo "$enc" | tr 'A-Z' 'a-z')
	exp=$DIR/$db.out
	res=$OUT/$db.out
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	if ! psql -X -q -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE DATABASE $db ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null ||
		! psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "CREATE EXTENSION pg_said" >/dev/null; then
		echo "not ok - $enc database: could not create it with pg_said"
		continue
	fi
	{
		psql -X -a -d "$db" -f "$DIR/encodings.sql" 2>&1
		[ "$enc" = SQL_ASCII ] && psql -X -a -d "$db" -f "$DIR/sql_ascii_extra.sql" 2>&1
	} >"$res"
	psql -X -q -d postgres -c "DROP DATABASE $db" >/dev/null
	if diff -u "$exp" "$res" >"$res.diff" 2>&1; then
		echo "ok - $enc database: positions in its own characters"
	else
		echo "not ok - $enc database: output differs from $exp"
		head -60 "$res.diff"
	fi
done
