#!/usr/bin/env bash
# test/pgversion.sh -- the suite against another major version of PostgreSQL.
#
#   bash test/pgversion.sh 17               build PostgreSQL 17 once, run the suite on it
#   bash test/pgversion.sh 18 --build-only  only make sure the build is there
#   bash test/pgversion.sh 17 --full        also the checks of the core alone
#                                            (ASan, valgrind), which no server
#                                            version changes: run.sh does them on 15
#
# 15 is Debian 12's, from its packages.  Another major is built from Debian's
# source package (trixie has 17, forky 18): deb-src lines for those suites
# on the mirror this machine already uses, in a private apt folder inside the
# cache (the system's sources and package lists are not touched, and no
# binary package of another suite is ever installed).  When the mirror no
# longer serves the version its index names (mirrors drop superseded
# files), a pinned version is taken from its pool instead, checked against
# the checksum of its .dsc written below; dpkg-source checks the tarballs
# against the .dsc.  The build goes into $PG_SAID_PG_CACHE (default
# /var/cache/pg_said), outside the clone, and is reused by every later run.
#
# PG_SAID_BUILD_TIMEOUT (seconds) stops a build that would take longer
# (.ci/run sets it from the time it has left).
#
# Exit status: 0 the suite passed, 1 it failed, 2 PostgreSQL MAJOR could not
# be had (no source on the mirror, no network, a failed build): .ci/run
# skips a version on 2 and fails on 1.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
MAJOR=${1:?usage: test/pgversion.sh MAJOR [--build-only|--full]}
MODE=${2:-suite}
CACHE=${PG_SAID_PG_CACHE:-/var/cache/pg_said}
# "postgresql" in the prefix keeps Debian's per-version-dirs patch from
# moving the libraries to /usr/lib/postgresql/MAJOR/lib
PREFIX=$CACHE/postgresql-$MAJOR
DONE=$PREFIX/.pg_said-build-complete

# Versions taken from the mirror's pool when its index's is not there:
# major, Debian version, sha256 of the .dsc.
declare -A PINNED=(
	[17]="17.11-0+deb13u1 bf148ae423a982707c3f60672c3a072ef62b701bd9f5df847d9f4b8c9b3e3b18"
	[18]="18.6-3 a4254c4548ebeea683832de193460ee8a9f1271418e884803b44ded1aead1776"
)
declare -A SUITE=([17]=trixie [18]=forky)

say() { printf '== pg%s: %s\n' "$MAJOR" "$*" >&2; }
unavailable() { say "PostgreSQL $MAJOR cannot be had: $*"; exit 2; }

# The Debian archive this machine installs from (its sources, either format).
mirror_url() {
	{
		cat /etc/apt/sources.list 2>/dev/null | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }'
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { print $2 }'
		cat /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }'
	} | grep -E '/debian/?$' | head -1
}

# Unpack Debian's source of postgresql-MAJOR into $1; prints the version.
fetch_source() {
	local dir=$1 mirror apt pkg=postgresql-$MAJOR
	mirror=$(mirror_url)
	[ -n "$mirror" ] || { say "no Debian mirror in /etc/apt/sources.list*"; return 1; }
	[ -n "${SUITE[$MAJOR]:-}" ] || { say "no Debian suite known for $MAJOR"; return 1; }
	apt=$CACHE/apt-$MAJOR
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$dir"
	cat >"$apt/pg_said.sources" <<-EOF
		Types: deb-src
		URIs: $mirror
		Suites: ${SUITE[$MAJOR]}
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	local opts=(-o "Dir::Etc::SourceList=$apt/pg_said.sources" -o Dir::Etc::SourceParts=/nonexistent
		-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root
		-o Acquire::Retries=2 -o Acquire::http::Timeout=30 -qq)
	say "apt-get source $pkg (deb-src ${SUITE[$MAJOR]} on $mirror)"
	if apt-get "${opts[@]}" update >&2 &&
		(cd "$dir" && apt-get "${opts[@]}" source --only-source "$pkg" >&2); then
		:
	else
		local pin=${PINNED[$MAJOR]:-} ver sum dsc
		[ -n "$pin" ] || return 1
		read -r ver sum <<<"$pin"
		dsc=${pkg}_$ver.dsc
		say "the mirror's current $pkg is not there: taking $ver from its pool"
		rm -rf "${dir:?}"/*
		local pool=$mirror/pool/main/p/$pkg
		curl -fsS --connect-timeout 30 --max-time 900 -o "$dir/$dsc" "$pool/${dsc//+/%2b}" || return 1
		echo "$sum  $dir/$dsc" | sha256sum -c --quiet - >&2 || { say "$dsc: checksum differs"; return 1; }
		for f in $(awk '/^Files:/ { on = 1; next } /^[^ ]/ { on = 0 } on { print $3 }' "$dir/$dsc"); do
			curl -fsS --connect-timeout 30 --max-time 900 -o "$dir/$f" "$pool/${f//+/%2b}" || return 1
		done
		(cd "$dir" && dpkg-source -x "$dsc" >&2) || return 1
	fi
	sed -n 's/^Version: //p' "$dir"/*.dsc | head -1
}

build_postgres() {
	local work=$CACHE/build-$MAJOR log=$CACHE/build-$MAJOR.log version src t0
	t0=$(date +%s)
	rm -rf "$work" "$PREFIX"
	version=$(fetch_source "$work") || return 1
	src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name "postgresql-$MAJOR-*" | head -1)
	[ -n "$src" ] || return 1
	say "building $version into $PREFIX (log: $log)"
	# a server, its client programs and what PGXS needs (pg_config, the
	# headers, pg_regress): no ICU, readline or zlib, which the suite does
	# not use; bison and flex for the grammar (18's tarball has no gram.c)
	(
		cd "$src" &&
			./configure --prefix="$PREFIX" --without-icu --without-readline --without-zlib \
				--with-system-tzdata=/usr/share/zoneinfo &&
			${PG_SAID_BUILD_TIMEOUT:+timeout "$PG_SAID_BUILD_TIMEOUT"} nice -n 10 make -j2 &&
			make install &&
			make -C src/test/regress install
	) >"$log" 2>&1 || { tail -30 "$log" >&2; return 1; }
	echo "$version" >"$DONE"
	rm -rf "$work"
	say "built $version in $(($(date +%s) - t0)) s"
}

ensure_postgres() {
	if [ "$MAJOR" = 15 ]; then
		PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
		return 0
	fi
	PG_CONFIG=$PREFIX/bin/pg_config
	[ -f "$DONE" ] && return 0
	if [ "$(id -u)" -ne 0 ] && [ ! -w "$(dirname "$CACHE")" ] && [ ! -w "$CACHE" ]; then
		unavailable "$CACHE is not writable (set PG_SAID_PG_CACHE)"
	fi
	mkdir -p "$CACHE"
	local need=()
	for p in bison flex perl curl dpkg-dev; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
	done
	if [ ${#need[@]} -gt 0 ]; then
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; } ||
			unavailable "could not install ${need[*]}"
	fi
	# one build at a time per major (two runs sharing the cache wait)
	exec 9>"$CACHE/postgresql-$MAJOR.lock"
	flock 9
	[ -f "$DONE" ] && return 0
	build_postgres || { rm -rf "$PREFIX"; unavailable "the source or its build failed"; }
}

ensure_postgres
say "$("$PG_CONFIG" --version) at $PG_CONFIG"
[ "$MODE" = --build-only ] && exit 0

export PG_CONFIG
export PG_SAID_WORK=${PG_SAID_WORK:-$TOP/test/tmp/pg$MAJOR}
[ "$MODE" = --full ] || export PG_SAID_CORE_CHECKS=0
mkdir -p "$(dirname "$PG_SAID_WORK")"
set +e
bash "$TOP/test/run.sh" 2>&1 | tee "$PG_SAID_WORK.log" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$PG_SAID_WORK.log" | tail -1 || true)
echo "pg$MAJOR: ${summary:-0 passed, 1 failed}"
[ "$status" -eq 0 ] && [ -n "$summary" ] || exit 1
