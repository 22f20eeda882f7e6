#!/usr/bin/env bash
# test/versions.sh -- the release's version, said once everywhere it is
# written: pg_said.control's default_version (0.2), META.json's version and
# its provides (0.2.0: PGXN wants three numbers), the top entry of
# CHANGELOG.md (## [0.2], ## 0.2 or ## 0.2.0, released or not) and
# debian/changelog's upstream version (0.2.0-1).  Every earlier version's
# install script must reach the default one through upgrade scripts, and
# every script must be in the Makefile's DATA (or it is never installed).
# Prints TAP lines; run by test/run.sh.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1

ext=$(sed -n 's/^default_version *= *'\''\(.*\)'\''.*/\1/p' pg_said.control)
semver=$ext
while [ "$(echo "$semver" | tr -cd . | wc -c)" -lt 2 ]; do semver=$semver.0; done
check() {  # check DESCRIPTION EXPECTED FOUND
	if [ "$2" = "$3" ]; then
		echo "ok - versions: $1 is $3"
	else
		echo "not ok - versions: $1 is '${3}', expected '$2' (pg_said.control: $ext)"
	fi
}

# META.json is ours: the top-level version comes first, provides' second
mapfile -t meta < <(sed -n 's/^ *"version": "\([^"]*\)",\{0,1\}$/\1/p' META.json)
check "META.json's version" "$semver" "${meta[0]:-}"
check "META.json's provides.pg_said.version" "$semver" "${meta[1]:-}"
file=$(sed -n 's/^ *"file": "\([^"]*\)",\{0,1\}$/\1/p' META.json | head -1)
check "META.json's provides.pg_said.file" "pg_said--$ext.sql" "$file"

deb=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog)
check "debian/changelog's upstream version" "$semver" "${deb%-*}"

if [ -f CHANGELOG.md ]; then
	top=$(sed -n 's/^## \[\{0,1\}v\{0,1\}\([0-9][0-9.]*\)\]\{0,1\}.*/\1/p' CHANGELOG.md | head -1)
	if [ "$top" = "$semver" ]; then top=$ext; fi
	check "CHANGELOG.md's top entry" "$ext" "$top"
else
	echo "ok - versions: CHANGELOG.md skipped (there is none yet)"
fi

# every earlier install script reaches the default version by upgrades
for install in pg_said--*.sql; do
	v=${install#pg_said--}
	v=${v%.sql}
	case $v in *--*) continue ;; esac
	[ "$v" = "$ext" ] && continue
	reached=" $v "
	frontier="$v"
	while [ -n "$frontier" ]; do
		next=""
		for f in $frontier; do
			for up in pg_said--"$f"--*.sql; do
				[ -f "$up" ] || continue
				to=${up#pg_said--"$f"--}
				to=${to%.sql}
				case $reached in *" $to "*) continue ;; esac
				reached="$reached$to "
				next="$next $to"
			done
		done
		frontier=$next
	done
	case $reached in
		*" $ext "*) echo "ok - versions: $v updates to $ext (ALTER EXTENSION pg_said UPDATE)" ;;
		*) echo "not ok - versions: no upgrade scripts lead from $v to $ext" ;;
	esac
done

data=" $(sed -n 's/^DATA *= *//p' Makefile) "
missing=""
for f in pg_said--*.sql; do
	case $data in *" $f "*) ;; *) missing="$missing $f" ;; esac
done
if [ -z "$missing" ]; then
	echo "ok - versions: every pg_said--*.sql is in the Makefile's DATA"
else
	echo "not ok - versions: not in the Makefile's DATA (never installed):$missing"
fi
