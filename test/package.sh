#!/usr/bin/env bash
# test/package.sh -- the Debian package as a DBA gets it: dpkg-buildpackage
# builds postgresql-MAJOR-said (debian/, pg_buildext) from a copy of the tree,
# `apt install ./postgresql-MAJOR-said_*.deb` installs it, and CREATE
# EXTENSION pg_said works on a fresh cluster that knows of no private install
# (no extension_destdir).  The package is removed at the end (PG_SAID_PKG_KEEP=1
# keeps it, and the .deb stays in the work folder).  Run as root on Debian
# 12; not part of test/run.sh (it installs into the system's PostgreSQL).
# PG_SAID_PKG_NOCHECK=1 skips the pg_regress run inside the package build.
# Prints TAP lines and "N passed, N failed".
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
WORK=${PG_SAID_WORK:-$TOP/test/tmp}/package
PORT=${PG_SAID_PORT:-54329}
passed=0
failed=0
result() {  # result ok|not-ok MESSAGE
	if [ "$1" = ok ]; then echo "ok - $2"; passed=$((passed + 1)); else echo "not ok - $2"; failed=$((failed + 1)); fi
}
say() { printf '== %s\n' "$*" >&2; }

[ "$(id -u)" -eq 0 ] || { echo "test/package.sh installs a package: run it as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
need=()
for p in dpkg-dev debhelper postgresql-server-dev-all postgresql-all libpcre2-dev libutf8proc-dev pkg-config; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# a copy of the tree as it is (committed or not, ignored files left out):
# dpkg-buildpackage writes its .deb beside the source folder
version=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$TOP/debian/changelog")
src=$WORK/pg-said-${version%-*}
rm -rf "$WORK"
mkdir -p "$src"
git -C "$TOP" ls-files -z --cached --others --exclude-standard |
	(cd "$TOP" && xargs -0 tar -c --ignore-failed-read -f - 2>/dev/null) | tar -x -C "$src"

say "dpkg-buildpackage -us -uc -b (log: $WORK/build.log)"
opts=${DEB_BUILD_OPTIONS:-}
[ "${PG_SAID_PKG_NOCHECK:-0}" = 1 ] && opts="${opts:+$opts }nocheck"
t0=$(date +%s)
if (cd "$src" && pg_buildext checkcontrol && DEB_BUILD_OPTIONS="$opts" dpkg-buildpackage -us -uc -b) >"$WORK/build.log" 2>&1; then
	result ok "dpkg-buildpackage built $(cd "$WORK" && echo *.deb) in $(($(date +%s) - t0)) s"
else
	tail -40 "$WORK/build.log"
	result not-ok "dpkg-buildpackage failed (see $WORK/build.log)"
	echo "$passed passed, $failed failed"
	exit 1
fi
grep -E '^(test |ok |not ok ).*' "$WORK/build.log" | sed 's/^/   build: /' || true

# one package per PostgreSQL version built for: the newest is checked
deb=$(ls "$WORK"/postgresql-*-said_*.deb 2>/dev/null | sort -V | tail -1)
[ -n "$deb" ] || { result not-ok "no postgresql-*-said .deb"; echo "$passed passed, $failed failed"; exit 1; }
pkg=$(basename "$deb")
pkg=${pkg%%_*}
major=${pkg#postgresql-}
major=${major%-said}
if apt-get install -y -qq "$deb" >"$WORK/install.log" 2>&1; then
	result ok "apt install ./$(basename "$deb")"
else
	cat "$WORK/install.log"
	result not-ok "apt install ./$(basename "$deb")"
fi
dpkg -L "$pkg" | grep -E '\.(so|control)$|pg_said--' | sed 's/^/   /'

# a clean throwaway cluster of that version: no extension_destdir, so the
# extension can only come from the package
bin=/usr/lib/postgresql/$major/bin
data=$WORK/data
sock=$WORK/socket
mkdir -p "$data" "$sock"
touch "$WORK/server.log"
chown postgres "$data" "$sock" "$WORK/server.log"
d=$WORK
while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
stop() { runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true; }
trap stop EXIT
runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$WORK/server.log" -w \
	-o "-p $PORT -k $sock -c listen_addresses=''" start >/dev/null
out=$("$bin/psql" -X -q -A -t -h "$sock" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 2>&1 <<'SQL'
CREATE EXTENSION pg_said;
SELECT extversion FROM pg_extension WHERE extname = 'pg_said';
SELECT speaker || ': ' || quote FROM quotes('“We will rebuild the bridge,” said Mayor Anna Schmidt.');
SQL
) || true
echo "$out" | sed 's/^/   /'
if echo "$out" | grep -q '^Anna Schmidt: We will rebuild the bridge'; then
	result ok "CREATE EXTENSION pg_said $(echo "$out" | head -1) from the package on a fresh PostgreSQL $major cluster; quotes() answers"
else
	result not-ok "CREATE EXTENSION pg_said or quotes() failed on the package's install"
fi
stop

if [ "${PG_SAID_PKG_KEEP:-0}" != 1 ]; then
	apt-get remove -y -qq "$pkg" >/dev/null 2>&1 && result ok "apt remove $pkg" || result not-ok "apt remove $pkg"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
