#!/usr/bin/env bash
# test/eval/snapshot.sh -- every SQL function's output over the development
# documents, one file per function, and their checksums: the check that a
# change meant to keep behaviour (a restructure, an optimisation) keeps it
# byte for byte.
#
#   bash test/eval/snapshot.sh OUT_DIR            # write OUT_DIR/*.out and print md5s
#   diff -r BEFORE_DIR AFTER_DIR             # compare two snapshots
#
# Reads ../shared/data/dev (never committed); skipped without it.  Runs its
# own server (PG_SAID_PORT, default 54351; PG_SAID_WORK, default
# test/tmp/snapshot).
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PG_SAID_PORT=${PG_SAID_PORT:-54351}
export PG_SAID_WORK=${PG_SAID_WORK:-$TOP/test/tmp/snapshot}
OUT=${1:?usage: $0 OUT_DIR}
DEV=$TOP/../shared/data/dev
if [ ! -d "$DEV" ]; then
	echo "snapshot: skipped, no development data at $DEV"
	exit 0
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

source "$TOP/test/lib.sh"
build_and_install
start_server
trap stop_server EXIT
PSQL="$PG_BIN/psql -X -q -v ON_ERROR_STOP=1 -d postgres"

python3 - "$DEV" >"$WORK/snapshot.tsv" <<'EOF'
import json, sys, os
dev = sys.argv[1]
for name in ("polnear", "conll2003", "riqua", "wnut17", "re3d", "btc", "gum"):
    path = os.path.join(dev, name + ".jsonl")
    if not os.path.exists(path):
        continue
    with open(path, encoding="utf-8") as f:
        for k, line in enumerate(f):
            if line.strip():
                t = json.loads(line)["text"]
                t = t.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                print("%s/%d\t%s" % (name, k, t))
EOF
chmod o+r "$WORK/snapshot.tsv"
$PSQL <<EOF
CREATE EXTENSION pg_said;
CREATE TABLE docs (id text PRIMARY KEY, body text NOT NULL);
\copy docs FROM '$WORK/snapshot.tsv'
EOF
dump() {  # name, query
	$PSQL -A -t -c "$2" >"$OUT/$1.out"
	printf '%s  %s (%s rows)\n' "$(md5sum <"$OUT/$1.out" | cut -c1-32)" "$1" "$(wc -l <"$OUT/$1.out")"
}
dump quotes "SELECT d.id, q.* FROM docs d, LATERAL quotes(d.body) q ORDER BY d.id, q.n"
dump entities "SELECT d.id, e.* FROM docs d, LATERAL entities(d.body) e ORDER BY d.id, e.n"
dump claims "SELECT d.id, c.* FROM docs d, LATERAL claims(d.body) c ORDER BY d.id, c.n"
dump speakers "SELECT d.id, s.* FROM docs d, LATERAL speakers(d.body) s ORDER BY d.id, s::text"
dump quoted_speakers "SELECT d.id, quoted_speakers(d.body) FROM docs d ORDER BY d.id"
dump headline "SELECT d.id, md5(said_headline(d.body)) FROM docs d ORDER BY d.id"
dump canonical_map "SELECT canonical_map(s.speaker) FROM docs d, LATERAL speakers(d.body) s WHERE d.id LIKE 'polnear/%'"
