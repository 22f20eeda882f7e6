-- Hostile input through SQL: each call gives a correct (often empty) answer
-- or a clear error, never a crash, a hang or a long wait for a cancel.
-- The same inputs at larger sizes, and timings, are in test/test_hostile.c.
\set VERBOSITY terse

-- positions: every quote and speaker span covers exactly its text
CREATE FUNCTION spans_ok(doc text) RETURNS boolean LANGUAGE sql AS $$
  SELECT coalesce(bool_and(substr(doc, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote
         AND (speaker_span IS NULL OR
              substr(doc, lower(speaker_span), upper(speaker_span) - lower(speaker_span)) = speaker_mention)), true)
    FROM quotes(doc) $$;

SELECT count(*) FROM quotes(NULL::text);
SELECT count(*) FROM speakers('');
SELECT count(*) FROM quotes('“““”””‘’‘’"""''''''«»«»‹›„“‚‘``''''「」『』＂＂');
SELECT count(*) FROM quotes(repeat('”', 100000));
SELECT count(*) FROM quotes(repeat('"', 100000));
SELECT count(*) > 0 AS some, spans_ok(d) FROM (SELECT repeat('“a ‘b ', 100000) AS d) s, quotes(d) GROUP BY d;
SELECT count(*) FROM quotes(repeat('“‘«‹„‚', 50000));
SELECT count(*) FROM entities(repeat('x', 5000000));
SELECT count(*) FROM entities(repeat(E'\n', 1000000));
SELECT count(*) FROM quotes(repeat(E'e\u0301\u0308', 300000));
SELECT count(*) FROM quotes(repeat(E'\u200B', 300000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat('according to ', 50000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat('he told ', 50000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat(E'“One two three four five.”\n', 20000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat('‘a b c’ ', 50000));
SELECT count(*) >= 0 AS ok FROM quotes(repeat('http.', 100000));

-- one text each: kind, exact character spans and quote, without a header
-- and the quote last (not padded): psql's widths of zero-width characters,
-- emoji sequences and fullwidth forms changed in 17
\pset tuples_only on
SELECT kind, spans_ok(d), quote FROM (VALUES
  (E'\uFEFF“Zero\u200Bwidth\u200C and\u200D joiners are fine here,” he said.'),
  (E'“Control\u0001 \u0007 characters\u001B are only spaces,” he said.'),
  (E'“Combining: cafe\u0301 and nai\u0308ve are words,” she said.'),
  (E'“Emoji 🎉🎉 and 👩‍👩‍👧 do not break the quote at all,” he said.'),
  (E'«مرحبا بكم في المدينة الجديدة اليوم» said the mayor.'),
  (E'\u200F“שלום לכולם והצלחה רבה בעבודה”\u200E he said.'),
  (E'＂We will not give up on this city，＂ said the mayor.'),
  (E'「我們不會放棄這個城市」他說。')
) v(d), quotes(d) ORDER BY d;
\pset tuples_only off
-- U+2028 breaks a line inside a paragraph: the quote is paired; U+2029 and
-- NEL end a paragraph, so the second quote is left unpaired (no error); its
-- last words still read as reported speech before "she said"
SELECT count(*) AS quotes
  FROM (VALUES (E'“Line\u2028separator inside a quote,” she said.'),
               (E'“A\u2029 b\u0085 c d e f,” she said.')) v(d), quotes(d);

-- cancellation: a call on a 100 MB document stops within a second of
-- statement_timeout.  The documents are made first, so that the timeout
-- falls inside the call; the exception handler measures how long after the
-- start of the call the cancel came through.
CREATE TEMP TABLE big (fn text, doc text);
ALTER TABLE big ALTER doc SET STORAGE EXTERNAL;  -- no compression: detoasting is cheap
INSERT INTO big VALUES
  ('quotes', repeat('“He said this is a quote,” the official said. ', 2200000)),
  ('entities', repeat('Angela Merkel met John Kerry in Berlin. ', 2500000)),
  ('speakers', repeat('x', 100000000));
CREATE FUNCTION stops_quickly(f text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz := clock_timestamp();
BEGIN
  EXECUTE format('SELECT count(*) FROM big, %I(doc) WHERE fn = %L', f, f);
  RETURN false;                  -- finished: the timeout did not fire
EXCEPTION WHEN query_canceled THEN
  RETURN clock_timestamp() - t0 < interval '1.2 s';
END $$;
SELECT fn, octet_length(doc) > 90000000 AS big FROM big;
SET statement_timeout = '300ms';
SELECT stops_quickly('quotes');
SELECT stops_quickly('entities');
-- one 100 MB word is analysed in ~0.2 s since the tokenizer of perf4: a
-- 300 ms timeout no longer fires inside the call
SET statement_timeout = '50ms';
SELECT stops_quickly('speakers');
RESET statement_timeout;
DROP TABLE big;

-- a hostile search_path does not change what the functions do
CREATE SCHEMA evil;
CREATE FUNCTION evil.substr(text, int, int) RETURNS text LANGUAGE sql AS $$ SELECT 'evil' $$;
CREATE FUNCTION evil.lower(int4range) RETURNS int LANGUAGE sql AS $$ SELECT -1 $$;
SET search_path = evil, public;
SELECT kind, quote, speaker FROM public.quotes('“We will not send troops,” Foreign Minister Julie Bishop said.');
RESET search_path;
DROP SCHEMA evil CASCADE;

-- trusted: a user without superuser rights can install it, with nothing
-- more than CREATE on the database
DROP EXTENSION pg_said CASCADE;
CREATE ROLE said_user;
GRANT CREATE ON DATABASE contrib_regression TO said_user;
GRANT CREATE ON SCHEMA public TO said_user;
SET ROLE said_user;
CREATE EXTENSION pg_said;
SELECT count(*) FROM quotes('“We will not send troops to the region,” Bishop said.');
SELECT proname, prosecdef FROM pg_proc WHERE proname IN ('quotes', 'entities', 'speakers') ORDER BY 1;
-- no function of the extension is SECURITY DEFINER
SELECT count(*) AS security_definer FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_said') AND p.prosecdef;
-- the installing user can edit and use the user lexicons
INSERT INTO said_cue_words VALUES ('posted');
SELECT speaker, cue FROM claims_custom('The minister posted that the town had fallen to the rebels.');
CREATE TABLE said_user_docs (id int PRIMARY KEY, body text);
SELECT said_track('said_user_docs', 'body', 'said_user_claims');
INSERT INTO said_user_docs VALUES (1, '“We will win this fight,” said John Smith.');
SELECT id, speaker FROM said_user_claims;
SELECT said_untrack('said_user_docs', 'said_user_claims');
DROP TABLE said_user_docs;
RESET ROLE;
DROP EXTENSION pg_said;
REVOKE CREATE ON SCHEMA public FROM said_user;
REVOKE CREATE ON DATABASE contrib_regression FROM said_user;
DROP ROLE said_user;
CREATE EXTENSION pg_said;
