# test/lib.sh -- shared by test/demo.sh and test/run.sh: install what is
# missing, build, install into a private folder, start a throwaway server.
# Sourced, not run.  Works as root on Debian 12.  PostgreSQL 15 (Debian's)
# unless PG_CONFIG names another build (test/pgversion.sh builds 17 and 18).

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${PG_SAID_WORK:-$TOP/test/tmp}
DESTDIR_INSTALL=$WORK/install
PGDATA_DIR=$WORK/data
SOCKET_DIR=$WORK/socket
PORT=${PG_SAID_PORT:-54329}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG
PG_MAJOR=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
PG_BIN=$("$PG_CONFIG" --bindir)
# psql, pgbench and pg_regress of the server under test
export PATH=$PG_BIN:$PATH

say() { printf '== %s\n' "$*" >&2; }

install_packages() {
	local need=()
	for p in postgresql-15 postgresql-server-dev-15 libpcre2-dev libutf8proc-dev pkg-config make gcc \
		clang libclang-rt-14-dev valgrind bc; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
	done
	if [ ${#need[@]} -gt 0 ]; then
		say "installing ${need[*]}"
		if [ "$(id -u)" -ne 0 ]; then
			echo "missing packages (${need[*]}): run as root, or install them" >&2
			exit 1
		fi
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	fi
}

build_and_install() {
	say "building"
	make -C "$TOP" -s -j2 PG_CONFIG="$PG_CONFIG" >/dev/null
	make -C "$TOP" -s install DESTDIR="$DESTDIR_INSTALL" PG_CONFIG="$PG_CONFIG" >/dev/null
}

# Where the server finds the private install, ahead of the system's: 18
# has extension_control_path and dynamic_library_path ($libdir/pg_said is
# searched for there); before it, Debian's extension_destdir patch (in
# Debian 12's 15 and in trixie's 17, which test/pgversion.sh builds).
private_install_options() {
	if [ "$PG_MAJOR" -ge 18 ]; then
		# quoted: pg_ctl starts the server through the shell
		printf -- "-c extension_control_path='%s:\$system' -c dynamic_library_path='%s:\$libdir'" \
			"$DESTDIR_INSTALL$("$PG_CONFIG" --sharedir)" "$DESTDIR_INSTALL$("$PG_CONFIG" --pkglibdir)"
	else
		printf -- "-c extension_destdir='%s'" "$DESTDIR_INSTALL"
	fi
}

# The server runs as postgres: it must be able to read the install folder.
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start_server() {
	stop_server 2>/dev/null || true
	rm -rf "$PGDATA_DIR" "$SOCKET_DIR"
	mkdir -p "$PGDATA_DIR" "$SOCKET_DIR"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$PGDATA_DIR" "$SOCKET_DIR"
		touch "$WORK/server.log" && chown postgres "$WORK/server.log"
		# every folder above the install must be traversable by postgres
		local d=$WORK
		while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
		chmod -R o+rX "$DESTDIR_INSTALL"
	fi
	say "starting a throwaway PostgreSQL $PG_MAJOR server on port $PORT"
	as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
	as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/server.log" -w \
		-o "-p $PORT -k $SOCKET_DIR -c listen_addresses='' $(private_install_options)" start >/dev/null
	export PGHOST=$SOCKET_DIR PGPORT=$PORT PGUSER=postgres
}

stop_server() {
	if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
		as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
	fi
}
