-- said_track() with a key whose = is not in pg_catalog: ltree's.  A server
-- built without contrib (test/pgversion.sh's) has no ltree: its output is
-- expected/track_ltree_1.out.
SET client_min_messages = warning;
\set VERBOSITY terse
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE SCHEMA track_ltree;
SET search_path = track_ltree, public;

-- ------------------------------ a key whose = is not in pg_catalog (ltree)
-- the functions run with search_path pinned to pg_catalog: a bare = did not
-- find ltree's operator, and every UPDATE and DELETE failed
CREATE TABLE paths (path ltree PRIMARY KEY, body text);
INSERT INTO paths VALUES ('news.world', '“We will win,” said John Kerry.');
SELECT said_track('paths', 'body', 'paths_claims');
INSERT INTO paths VALUES ('news.local', '“The bridge opens in May,” said Mayor Ann Lee.');
UPDATE paths SET body = '“The bridge opens in June,” said Mayor Ann Lee.' WHERE path = 'news.local';
UPDATE paths SET path = 'news.abroad' WHERE path = 'news.world';
SELECT path, speaker, quote FROM paths_claims ORDER BY 1;
DELETE FROM paths WHERE path = 'news.abroad';
SELECT path, speaker, quote FROM paths_claims ORDER BY 1;
SELECT said_untrack('paths', 'paths_claims');
SELECT said_track('paths', 'body', 'paths_claims', mode => 'deferred');
UPDATE paths SET body = '“It opens in July,” said Mayor Ann Lee.';
INSERT INTO paths VALUES ('news.sport', '“We played well,” said the coach.');
SELECT * FROM said_refresh('paths_claims');
SELECT path, speaker, quote FROM paths_claims ORDER BY 1;
SELECT said_untrack('paths', 'paths_claims');

RESET search_path;
DROP SCHEMA track_ltree CASCADE;
DROP EXTENSION IF EXISTS ltree;
