#!/usr/bin/env bash
# test/server/preload.sh -- pg_said in shared_preload_libraries: a second
# throwaway server (port PG_SAID_PORT + 4, the private install test/run.sh
# made) whose postmaster initialises the core and copies the tables built
# with the library into huge pages where the kernel gives them
# (said_init_ahead).  Prints TAP lines:
#  - the server starts with the library preloaded;
#  - quotes(), claims() and entities() of the seed article, each the first
#    call of a new backend, give the rows of a later call in that backend
#    and the rows of the server test/run.sh started, which loads the
#    library in the backend: what the postmaster prepared changes no answer.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
set +e
OUT=${1:-$WORK}
PRE_PORT=$((PORT + 4))
PRE_DATA=$WORK/preload-data
PRE_SOCKET=$WORK/preload-socket
PRE_LOG=$WORK/preload-server.log
SEED=$TOP/test/data/seed-article.txt

pre_stop() {
	[ -f "$PRE_DATA/postmaster.pid" ] &&
		as_postgres "$PG_BIN/pg_ctl" -D "$PRE_DATA" -m fast -w stop >/dev/null 2>&1
}
trap pre_stop EXIT

# The private install's library by its path: shared_preload_libraries does
# not search extension_destdir.  A backend then finds the function's
# $libdir/pg_said there: the same file, which PostgreSQL does not load twice.
LIB=$(find "$DESTDIR_INSTALL" -name pg_said.so | head -1)
rm -rf "$PRE_DATA" "$PRE_SOCKET"
mkdir -p "$PRE_DATA" "$PRE_SOCKET"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$PRE_DATA" "$PRE_SOCKET"
	touch "$PRE_LOG" && chown postgres "$PRE_LOG"
fi
as_postgres "$PG_BIN/initdb" -D "$PRE_DATA" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
if [ -z "$LIB" ] || ! as_postgres "$PG_BIN/pg_ctl" -D "$PRE_DATA" -l "$PRE_LOG" -w \
	-o "-p $PRE_PORT -k $PRE_SOCKET -c listen_addresses='' -c shared_preload_libraries='$LIB' $(private_install_options)" \
	start >/dev/null; then
	echo "not ok - preload: the server did not start with pg_said in shared_preload_libraries"
	tail -5 "$PRE_LOG"
	exit 0
fi
pre() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PRE_SOCKET" -p "$PRE_PORT" -d postgres "$@"; }
if [ "$(pre -c "SHOW shared_preload_libraries")" = "$LIB" ] && pre -c "CREATE EXTENSION pg_said"; then
	echo "ok - preload: the server starts with pg_said in shared_preload_libraries"
else
	echo "not ok - preload: shared_preload_libraries is not the library, or CREATE EXTENSION failed"
	exit 0
fi

# One new backend: the call's rows, first and again, as two digests.
digests() {  # $1: server function (pre or the main server's psql), $2: the call
	"$1" -v doc="$(cat "$SEED")" <<SQL
SELECT md5(string_agg(r::text, E'\n' ORDER BY r::text)) FROM $2 r;
SELECT md5(string_agg(r::text, E'\n' ORDER BY r::text)) FROM $2 r;
SQL
}
main() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d said_preload "$@"; }
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS said_preload" -c "CREATE DATABASE said_preload" >/dev/null 2>&1
main -c "CREATE EXTENSION pg_said" >/dev/null
for call in "quotes(:'doc')" "claims(:'doc')" "entities(:'doc')"; do
	got=$(digests pre "$call" 2>&1)
	want=$(digests main "$call" 2>&1 | head -1)
	first=$(head -1 <<<"$got")
	later=$(sed -n 2p <<<"$got")
	if [[ $first =~ ^[0-9a-f]{32}$ ]] && [ "$first" = "$later" ] && [ "$first" = "$want" ]; then
		echo "ok - preload: ${call%%(*}() of the seed article, a backend's first call, gives the rows of a later call and of a server without preloading"
	else
		echo "not ok - preload: ${call%%(*}(): first call $first, later $later, without preloading $want"
	fi
done
psql -X -q -d postgres -c "DROP DATABASE said_preload" >/dev/null 2>&1
# what the postmaster prepared, for the log: huge pages or the library's
pid=$(head -1 "$PRE_DATA/postmaster.pid")
echo "# preload: the postmaster's AnonHugePages: $(awk '/^AnonHugePages:/ { print $2, $3 }' /proc/"$pid"/smaps_rollup 2>/dev/null)"
