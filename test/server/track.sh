#!/usr/bin/env bash
# test/server/track.sh -- said_track()'s deferred mode with several sessions,
# against the server test/run.sh started (PGHOST/PGPORT/PGUSER set).  Prints
# TAP lines:
#  - writers (INSERT, UPDATE of text and key, DELETE) and said_refresh()
#    calls run at once under pgbench: no error (a deadlock between two calls
#    would be one), and once the queue is drained the claims table equals
#    claims() of the table's rows;
#  - a write never waits for a refresh: while a said_refresh() transaction
#    is open on a row, an UPDATE of that row under lock_timeout = 200ms
#    commits.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$TOP/test/tmp}
DB=said_track
SECONDS_RUN=${SAID_TRACK_SECONDS:-8}
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null || {
	echo "not ok - track: could not create $DB"; exit 0; }
q >/dev/null <<'SQL'
CREATE EXTENSION pg_said;
CREATE TABLE docs (id int PRIMARY KEY, body text);
INSERT INTO docs SELECT g, format('“We will win round %s,” said John Kerry. Ann Lee said the talks failed.', g)
  FROM generate_series(1, 200) g;
SELECT said_track('docs', 'body', 'docs_claims', mode => 'deferred');
SQL

cat >"$OUT/track-write.pgbench" <<'SQL'
\set id random(1, 300)
\set op random(1, 4)
BEGIN;
INSERT INTO docs SELECT :id, '“Fine,” said Bob Dole.' WHERE :op = 1 ON CONFLICT (id) DO NOTHING;
UPDATE docs SET body = format('“Round %s,” said the mayor.', :id) WHERE id = :id AND :op = 2;
UPDATE docs SET id = id + 1000 WHERE id = :id AND :op = 3 AND NOT EXISTS (SELECT FROM docs WHERE id = :id + 1000);
DELETE FROM docs WHERE id = :id AND :op = 4;
COMMIT;
SQL
cat >"$OUT/track-refresh.pgbench" <<'SQL'
SELECT queued >= 0 FROM said_refresh('docs_claims', batch_size => 20);
SQL
ok=true
pgbench -n -c 3 -j 1 -T "$SECONDS_RUN" -f "$OUT/track-write.pgbench" "$DB" >"$OUT/track-write.log" 2>&1 &
writers=$!
pgbench -n -c 2 -j 1 -T "$SECONDS_RUN" -f "$OUT/track-refresh.pgbench" "$DB" >"$OUT/track-refresh.log" 2>&1 || ok=false
wait $writers || ok=false
grep -qE 'aborted|ERROR|deadlock' "$OUT/track-write.log" "$OUT/track-refresh.log" && ok=false
refreshes=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/track-refresh.log")
writes=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/track-write.log")
result=$(q <<'SQL'
DO $$ BEGIN
  WHILE (SELECT queued FROM said_refresh('docs_claims', batch_size => 100)) > 0 LOOP END LOOP;
END $$;
SELECT (SELECT count(*) FROM (
          (SELECT d.id, c.* FROM docs d, claims(d.body) c EXCEPT ALL SELECT * FROM docs_claims)
          UNION ALL
          (SELECT * FROM docs_claims EXCEPT ALL SELECT d.id, c.* FROM docs d, claims(d.body) c)) x)
       || ' ' || (SELECT count(*) FROM docs_claims_errors) || ' ' || (SELECT count(*) FROM docs_claims);
SQL
)
read -r differences errors claims <<<"$result"
if $ok && [ "${differences:-x}" = 0 ] && [ "${errors:-x}" = 0 ] && [ "${claims:-0}" -gt 0 ]; then
	echo "ok - track: 3 writers ($writes transactions) and 2 said_refresh() sessions ($refreshes calls) at once, no error; then $claims claims, equal to claims() of the rows"
else
	echo "not ok - track: concurrent writes and refreshes: differences ${differences:-?}, errors ${errors:-?}; see $OUT/track-write.log and $OUT/track-refresh.log"
	grep -hE 'ERROR|aborted|deadlock' "$OUT/track-write.log" "$OUT/track-refresh.log" | head -5
fi

# a refresh holds its row of the queue and its advisory lock until it commits
q -c "UPDATE docs SET body = body || ' ' WHERE id = 5" >/dev/null
q -c "SET application_name = 'said_track_refresh'; BEGIN; SELECT said_refresh('docs_claims'); SELECT pg_sleep(30); COMMIT" >"$OUT/track-hold.log" 2>&1 &
holder=$!
for _ in $(seq 1 100); do
	n=$(q -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'said_track_refresh' AND query LIKE '%pg_sleep%' AND state = 'active'")
	[ "$n" = 1 ] && break
	sleep 0.1
done
if q -c "SET lock_timeout = '200ms'; UPDATE docs SET body = '“Later,” said Ann Lee.' WHERE id = 5; DELETE FROM docs WHERE id = 6" >"$OUT/track-write-now.log" 2>&1 \
	&& [ "$n" = 1 ]; then
	echo "ok - track: a write commits while a said_refresh() transaction holds the same row's queue entry"
else
	echo "not ok - track: a write waited for a refresh: $(cat "$OUT/track-write-now.log")"
fi
q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = 'said_track_refresh'" >/dev/null
wait $holder
psql -X -q -d postgres -c "DROP DATABASE $DB" >/dev/null 2>&1
