#!/usr/bin/env bash
# test/demo.sh -- the main job on a fresh machine: install what is missing,
# build, start a throwaway server, and print the seed article's quotes,
# speakers and entities.  Run as root on Debian 12.
source "$(dirname "$0")/lib.sh"
install_packages
build_and_install
start_server
trap stop_server EXIT
psql -X -q -d postgres -v ON_ERROR_STOP=1 -v seed="$TOP/test/data/seed-article.txt" <<'SQL'
CREATE EXTENSION pg_said;
CREATE TABLE articles (id int PRIMARY KEY, body text);
\set body `cat :seed`
INSERT INTO articles VALUES (1, :'body');
\echo 'quotes(body)'
SELECT n, kind, left(quote, 50) AS quote, speaker_mention, speaker, speaker_type, cue, confidence
  FROM articles, quotes(body);
\echo 'speakers(body)'
SELECT s.* FROM articles, speakers(body) s;
\echo 'entities(body)'
SELECT e.* FROM articles, entities(body) e;
SQL
