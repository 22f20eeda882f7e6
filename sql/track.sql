-- said_track(): setups that cannot work are refused at tracking time, a
-- writer lacking a privilege on the claims table is told which, keys whose
-- = is outside pg_catalog work (track_ltree.sql), and the deferred mode
-- never loses a write.
SET client_min_messages = warning;
\set VERBOSITY default
\set SHOW_CONTEXT never
CREATE SCHEMA track;
SET search_path = track, public;

-- ------------------------------------------------------------- refusals
CREATE TABLE docs (id int PRIMARY KEY, body text);
CREATE TEMP TABLE scratch (id int PRIMARY KEY, body text);
SELECT said_track('scratch', 'body', 'scratch_claims');
SELECT said_track('docs', 'body', 'pg_temp.docs_claims');
SELECT said_track('docs', 'body', 'pg_temp_3.docs_claims');
SELECT said_track('docs', 'body', 'docs_claims', mode => 'lazy');
CREATE TABLE docs_claims (x int);
SELECT said_track('docs', 'body', 'docs_claims');
DROP TABLE docs_claims;
SELECT said_track('docs', 'body', 'docs_claims');
SELECT said_track('docs', 'body', 'docs_claims');
CREATE TABLE other_claims_queue (x int);
SELECT said_track('docs', 'body', 'other_claims', mode => 'deferred');
DROP TABLE other_claims_queue;
CREATE TABLE clash (attempts int PRIMARY KEY, body text);
SELECT said_track('clash', 'body', 'clash_claims', mode => 'deferred');
SELECT * FROM said_refresh('docs_claims');
SELECT * FROM said_refresh('docs', batch_size => 0);

-- ------------------------------------------------------------ privileges
-- triggers run as the writer: one lacking a privilege on the claims table
-- is told which, on which table (was: permission denied for table
-- docs_claims, a table the writer never named)
CREATE ROLE regress_said_writer;
GRANT USAGE ON SCHEMA track TO regress_said_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON docs TO regress_said_writer;
SET ROLE regress_said_writer;
INSERT INTO docs VALUES (1, '“We will win,” said John Kerry.');
RESET ROLE;
GRANT INSERT ON docs_claims TO regress_said_writer;
SET ROLE regress_said_writer;
INSERT INTO docs VALUES (1, '“We will win,” said John Kerry.');
UPDATE docs SET body = '“We will not lose,” said John Kerry.';
RESET ROLE;
GRANT SELECT (id), DELETE ON docs_claims TO regress_said_writer;
SET ROLE regress_said_writer;
UPDATE docs SET body = '“We will not lose,” said John Kerry.';
DELETE FROM docs;
RESET ROLE;
SELECT count(*) FROM docs_claims;
SELECT said_untrack('docs', 'docs_claims');

-- deferred mode: the writer needs INSERT on the queue, nothing on the claims
SELECT said_track('docs', 'body', 'docs_claims', mode => 'deferred');
SET ROLE regress_said_writer;
INSERT INTO docs VALUES (1, '“We will win,” said John Kerry.');
RESET ROLE;
GRANT INSERT ON docs_claims_queue TO regress_said_writer;
SET ROLE regress_said_writer;
INSERT INTO docs VALUES (1, '“We will win,” said John Kerry.');
UPDATE docs SET body = '“We will not lose,” said John Kerry.';
TABLE docs_claims;
RESET ROLE;
SELECT * FROM said_refresh('docs_claims');
SELECT id, speaker, quote FROM docs_claims;
SELECT said_untrack('docs', 'docs_claims');
REVOKE ALL ON docs FROM regress_said_writer;
REVOKE ALL ON SCHEMA track FROM regress_said_writer;
DROP ROLE regress_said_writer;

-- --------------------------------------------- a bad row in a batch of 11
-- a row whose claims cannot be stored: simulated with a CHECK on the claims
CREATE TABLE batch (id int PRIMARY KEY, body text);
CREATE FUNCTION batch_of_eleven() RETURNS SETOF batch LANGUAGE sql AS $$
  SELECT g, CASE WHEN g = 6 THEN '“Enough,” said Bad Actor.'
                 ELSE format('“We will win round %s,” said John Kerry.', g) END
    FROM generate_series(1, 11) g
$$;
-- immediate mode: the extraction is part of the write, which fails whole
SELECT said_track('batch', 'body', 'batch_claims');
ALTER TABLE batch_claims ADD CONSTRAINT no_bad_actor CHECK (quote <> 'Enough');
INSERT INTO batch SELECT * FROM batch_of_eleven();
SELECT count(*) AS rows_kept FROM batch;
SELECT said_untrack('batch', 'batch_claims');
-- deferred mode: the write commits, said_refresh() records the bad row and
-- does the 10 others
SELECT said_track('batch', 'body', 'batch_claims', mode => 'deferred');
ALTER TABLE batch_claims ADD CONSTRAINT no_bad_actor CHECK (quote <> 'Enough');
INSERT INTO batch SELECT * FROM batch_of_eleven();
SELECT count(*) AS rows_kept FROM batch;
SELECT count(*) AS queued FROM batch_claims_queue;
SELECT * FROM said_refresh('batch_claims', batch_size => 4, max_attempts => 3, retry_after => '0');
SELECT * FROM said_refresh('batch_claims', batch_size => 4, max_attempts => 3, retry_after => '0');
SELECT * FROM said_refresh('batch_claims', batch_size => 4, max_attempts => 3, retry_after => '0');
SELECT id, attempts, sqlstate, message, retry_at IS NOT NULL AS will_retry FROM batch_claims_errors;
SELECT count(*) AS claims, count(DISTINCT id) AS rows FROM batch_claims;
-- retries, doubling the wait, up to max_attempts
SELECT * FROM said_refresh('batch_claims', max_attempts => 3, retry_after => '0');
SELECT * FROM said_refresh('batch_claims', max_attempts => 3, retry_after => '0');
SELECT id, attempts, retry_at IS NOT NULL AS will_retry FROM batch_claims_errors;
-- a retry not yet due is not made
UPDATE batch_claims_errors SET attempts = 1, retry_at = now() + interval '1 hour';
SELECT * FROM said_refresh('batch_claims', max_attempts => 3);
-- a new write of the row is extracted at once, whatever its attempts
ALTER TABLE batch_claims DROP CONSTRAINT no_bad_actor;
UPDATE batch SET body = body || ' ' WHERE id = 6;
SELECT * FROM said_refresh('batch_claims', max_attempts => 3);
SELECT count(*) AS errors FROM batch_claims_errors;
-- exact: the claims equal claims() of the rows
SELECT count(*) AS differences FROM (
  (SELECT b.id, c.* FROM batch b, claims(b.body) c EXCEPT ALL SELECT * FROM batch_claims)
  UNION ALL
  (SELECT * FROM batch_claims EXCEPT ALL SELECT b.id, c.* FROM batch b, claims(b.body) c)) d;
-- a statement_timeout (or a cancel) during a refresh is not recorded as a
-- row's error: it ends the call, whose work rolls back, and the queue keeps
-- the keys for the next call (simulated without timing: a CHECK that raises
-- query_canceled, as statement_timeout does)
CREATE FUNCTION slow_quote(quote text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF quote = 'Slow' THEN
    RAISE EXCEPTION 'canceling statement due to statement timeout' USING ERRCODE = 'query_canceled';
  END IF;
  RETURN true;
END $$;
ALTER TABLE batch_claims ADD CONSTRAINT not_slow CHECK (slow_quote(quote));
INSERT INTO batch VALUES (20, '“Quick,” said John Kerry.'), (21, '“Slow,” said John Kerry.');
SELECT count(*) AS rows_kept FROM batch WHERE id >= 20;
SELECT * FROM said_refresh('batch_claims');
SELECT count(*) AS queued FROM batch_claims_queue;
SELECT count(*) AS claims FROM batch_claims WHERE id >= 20;
ALTER TABLE batch_claims DROP CONSTRAINT not_slow;
SELECT * FROM said_refresh('batch_claims');
SELECT id, quote FROM batch_claims WHERE id >= 20 ORDER BY id;
-- max_bytes bounds the time a row may take: a longer text is an error of its
-- row, not extracted
UPDATE batch SET body = body || repeat(' Filler.', 10) WHERE id = 21;
SELECT * FROM said_refresh('batch_claims', max_bytes => 60);
SELECT id, sqlstate, message FROM batch_claims_errors;
SELECT id, quote FROM batch_claims WHERE id >= 20 ORDER BY id;
DELETE FROM batch WHERE id >= 20;
SELECT * FROM said_refresh('batch_claims');
SELECT count(*) AS errors FROM batch_claims_errors;
SELECT * FROM said_refresh('batch_claims', max_bytes => -1);
-- the same in immediate mode fails the write: see the batch of 11 above

-- UPDATE of the key and of other columns, DELETE, TRUNCATE
ALTER TABLE batch ADD COLUMN views int DEFAULT 0;
UPDATE batch SET views = views + 1;
SELECT count(*) AS queued FROM batch_claims_queue;
UPDATE batch SET id = id + 100 WHERE id <= 2;
DELETE FROM batch WHERE id = 3;
SELECT * FROM said_refresh('batch_claims');
SELECT id, n FROM batch_claims WHERE id < 5 OR id > 100 ORDER BY id;
TRUNCATE batch;
INSERT INTO batch VALUES (7, '“Again,” said John Kerry.');
SELECT * FROM said_refresh('batch_claims');
SELECT id, speaker, quote FROM batch_claims;
-- untrack drops the queue and the errors with the triggers
SELECT said_untrack('batch', 'batch_claims', drop_target => false);
SELECT to_regclass('batch_claims_queue') AS queue, to_regclass('batch_claims_errors') AS errors,
       to_regclass('batch_claims') AS claims;
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'batch'::regclass;
DROP TABLE batch_claims;

-- ----------------------------------------------- DROP EXTENSION ... CASCADE
-- drops the triggers (they depend on the extension's trigger functions) and
-- leaves the claims tables, which are the user's; said_track() into the same
-- name then says what the table is
CREATE DATABASE regress_said_track;
\c regress_said_track
SET client_min_messages = warning;
\set VERBOSITY default
\set SHOW_CONTEXT never
CREATE EXTENSION pg_said;
CREATE TABLE docs (id int PRIMARY KEY, body text);
SELECT said_track('docs', 'body', 'docs_claims');
INSERT INTO docs VALUES (1, '“We will win,” said John Kerry.');
DROP EXTENSION pg_said CASCADE;
INSERT INTO docs VALUES (2, '“We will win,” said John Kerry.');
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'docs'::regclass;
SELECT id, speaker FROM docs_claims;
CREATE EXTENSION pg_said;
SELECT said_track('docs', 'body', 'docs_claims');
DROP TABLE docs_claims;
SELECT said_track('docs', 'body', 'docs_claims');
SELECT count(*) FROM docs_claims;
\c contrib_regression
DROP DATABASE regress_said_track;
SET client_min_messages = warning;

RESET search_path;
DROP SCHEMA track CASCADE;
