-- Claims as SQL: claims(), quoted_speakers(), canonical_map, said_headline,
-- user lexicons and said_track().
\set body `cat test/data/seed-article.txt`
CREATE TABLE articles (id int PRIMARY KEY, body text);
INSERT INTO articles VALUES
  (1, :'body'),
  (2, '“We will not send troops to the region,” Foreign Minister Julie Bishop said.'),
  (3, 'Angela Merkel said: "Europe must act together on migration."'),
  (4, NULL),
  (5, 'No quotes here at all, just a plain sentence.');

-- ------------------------------------------------------------- claims()
SELECT n, speaker, speaker_type, cue, kind, left(quote, 30) AS quote, about, quote_span, rule
  FROM articles, claims(body) WHERE id = 1;

-- same rows, same order, same content as quotes()
SELECT count(*) AS rows, bool_and(q.quote = c.quote AND q.quote_span = c.quote_span
                                 AND q.kind = c.kind AND q.rule = c.rule
                                 AND c.speaker = coalesce(q.speaker, q.speaker_mention)) AS same
  FROM articles a, quotes(a.body) q JOIN claims(a.body) c USING (n);

-- about: entities inside the quote, never the speaker, never twice
SELECT bool_and(NOT (coalesce(speaker, '') = ANY (about))) AS speaker_excluded,
       bool_and(cardinality(about) = (SELECT count(DISTINCT x) FROM unnest(about) x)) AS no_duplicates
  FROM articles, claims(body);
SELECT speaker, about FROM claims('“Vladimir Putin and Barack Obama met, and Putin spoke first,” Angela Merkel said.');
SELECT about FROM claims('“Nothing to report,” she said.');

-- NULL and empty bodies give no claims
SELECT count(*) FROM claims(NULL);
SELECT count(*) FROM claims('');
SELECT id, count(c.n) FROM articles LEFT JOIN LATERAL claims(body) c ON true WHERE id IN (4, 5) GROUP BY id ORDER BY id;

-- ---------------------------------------------------- quoted_speakers()
SELECT id, quoted_speakers(body) FROM articles ORDER BY id;
CREATE INDEX articles_speakers ON articles USING gin (quoted_speakers(body));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM articles WHERE quoted_speakers(body) @> ARRAY['Angela Merkel'];
SELECT id FROM articles WHERE quoted_speakers(body) @> ARRAY['Angela Merkel'];
SELECT id FROM articles WHERE quoted_speakers(body) @> ARRAY['Bashar Assad', 'John Kerry'];
RESET enable_seqscan;

-- ------------------------------------------------------- canonical_map
SELECT jsonb_pretty(canonical_map(name)) FROM unnest(ARRAY[
  'Putin', 'President Vladimir Putin', 'vladimir putin', 'Russian President Vladimir Putin',
  'Johnson', 'Boris Johnson', 'Lyndon Johnson', 'Mr. Johnson',
  'Angela Merkel', 'Chancellor Angela Merkel', 'MERKEL',
  'José Müller', 'Jose Muller', 'MÜLLER', 'the Kremlin', 'Kremlin', NULL]) AS name;
SELECT canonical_map(name) FROM unnest(ARRAY[]::text[]) AS name;
SELECT canonical_map(name) FROM unnest(ARRAY[NULL, NULL]::text[]) AS name;
-- values are names of the set as written: no title-only or symbol-stripped
-- core, and decomposed (NFD) and precomposed (NFC) spellings in one group
SELECT replace(key, U&'\202E', '<RLO>') AS name, key IS NFC NORMALIZED AS nfc,
       replace(value, U&'\202E', '<RLO>') AS canonical, value IS NFC NORMALIZED AS canonical_nfc
  FROM jsonb_each_text((SELECT canonical_map(name) FROM unnest(ARRAY[
         U&'\202ERTL', 'Mr. Mr. Mr.', 'President Barack Obama', 'Obama',
         U&'Jose\0301 Mu\0308ller', 'José Müller', U&'Mu\0308ller', 'MULLER']) AS name))
 ORDER BY key COLLATE "C";
SELECT bool_and(m.value IN (SELECT jsonb_object_keys(c.map))) AS values_are_names
  FROM (SELECT canonical_map(name) AS map FROM unnest(ARRAY[
          U&'\202ERTL', 'Mr. Mr. Mr.', 'President Vladimir Putin', 'vladimir putin', 'Putin', ' Putin ',
          '“Putin”', 'the the', 'Sir', U&'\00A0Putin', U&'Pu\0301tin']) AS name) c,
       jsonb_each_text(c.map) m;
-- the result does not depend on row order
SELECT (SELECT canonical_map(x ORDER BY x) FROM unnest(a) x) = (SELECT canonical_map(x ORDER BY x DESC) FROM unnest(a) x) AS same
  FROM (SELECT ARRAY['Putin', 'Vladimir Putin', 'VLADIMIR PUTIN', 'vladimir putin'] AS a) s;
-- top speakers of a corpus, their names unified across documents
WITH c AS (SELECT speaker FROM articles, claims(body) WHERE speaker_type = 'person'
           UNION ALL VALUES ('Putin'), ('President Vladimir Putin')),
     m AS (SELECT canonical_map(speaker) AS map FROM c)
SELECT m.map ->> c.speaker AS speaker, count(*) AS claims
  FROM c, m GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 4;

-- in parallel: workers' partial states, serialised, combined and finalised
-- once, give the map one process gives, however the rows are split (here
-- "Boris Johnson" only in the first rows, "Lyndon Johnson" only in the last)
CREATE TABLE many_names AS
  SELECT i, CASE WHEN i <= 3000 THEN 'Boris Johnson'
                 WHEN i > 57000 THEN 'Lyndon Johnson'
                 ELSE (ARRAY['Putin', 'President Vladimir Putin', 'vladimir putin', 'Johnson',
                             'Mr. Johnson', 'Angela Merkel', 'ANGELA MERKEL', 'MERKEL', 'José Müller',
                             'Jose Muller', 'the Kremlin', 'Kremlin', NULL])[1 + i % 13] END AS name
    FROM generate_series(1, 60000) i
  UNION ALL
  SELECT 100000 + k, e.canonical FROM articles, entities(body) e, generate_series(1, 20) k;
ANALYZE many_names;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_maps AS SELECT canonical_map(name) AS whole FROM many_names;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- (the plan without the comparison: PostgreSQL 17 prints an InitPlan otherwise)
EXPLAIN (COSTS OFF) SELECT canonical_map(name) FROM many_names;
SELECT canonical_map(name) = (SELECT whole FROM serial_maps) AS same FROM many_names;
SELECT whole -> 'Johnson' AS johnson, whole -> 'Mr. Johnson' AS mr_johnson,
       whole -> 'Putin' AS putin, whole -> 'MERKEL' AS merkel, whole -> 'Bashar Assad' AS assad
  FROM serial_maps;
SELECT canonical_map(name) FROM many_names WHERE name IS NULL;
-- the state passed between processes is a bytea: the count of names, then
-- each name's count, length and bytes; a bytea of another shape is refused
SELECT said_canonical_map_final('\x00000002000000000000000300000005507574696e000000000000000100000018507265736964656e7420566c6164696d697220507574696e'::bytea);
SELECT said_canonical_map_final('\x0000000100000000000000010000000950757469'::bytea);
SELECT said_canonical_map_trans(NULL, 'Putin');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE many_names, serial_maps;

-- ------------------------------------------------------- said_headline
SELECT said_headline(body) FROM articles WHERE id = 2;
SELECT said_headline('<b>“Tom & Jerry are fine,”</b> Jane Doe said.');
SELECT said_headline('<b>“Tom & Jerry are fine,”</b> Jane Doe said.', 'Escape=none');
SELECT said_headline(body, 'QuoteStart="[{kind} quote by {speaker}: ", QuoteStop=], SpeakerStart=<<, SpeakerStop=>>')
  FROM articles WHERE id = 3;
SELECT said_headline('Nothing & nobody.');
SELECT said_headline(NULL) IS NULL AS null_doc;
SELECT said_headline('x', 'MaxWords=3');
SELECT said_headline('x', 'Escape=xml');
SELECT said_headline('x', 'QuoteStart');

-- ------------------------------------------------------- user lexicons
-- "blogged" is no verb of saying until the user says so (Daesh is a built-in alias)
SELECT speaker, cue, quote, about FROM claims('The minister blogged that Daesh had lost the town of Palmyra.');
INSERT INTO said_cue_words VALUES ('blogged');
INSERT INTO said_aliases VALUES ('Daesh', 'Islamic State');
SELECT speaker, cue, quote, about FROM claims_custom('The minister blogged that Daesh had lost the town of Palmyra.');
-- the immutable function keeps the built-in lexicons
SELECT count(*) FROM claims('The minister blogged that Daesh had lost the town of Palmyra.');
INSERT INTO said_cue_words VALUES ('two words');
SELECT p.proname, p.provolatile FROM pg_proc p
 WHERE p.proname IN ('claims', 'claims_custom', 'quoted_speakers', 'said_headline') ORDER BY 1;
SELECT extconfig::regclass[] FROM pg_extension WHERE extname = 'pg_said';
DELETE FROM said_cue_words;
DELETE FROM said_aliases;

-- ---------------------------------------------------------- said_track
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema"."News ""Items""" (
  "Doc Id" int, "Lang" text, "Body Text" varchar, views int DEFAULT 0,
  PRIMARY KEY ("Doc Id", "Lang"));
INSERT INTO "Odd Schema"."News ""Items"""
  SELECT id, 'en', body FROM articles WHERE id IN (2, 4, 5);
SELECT said_track('"Odd Schema"."News ""Items"""', 'Body Text', '"Claims Of ""News"""');
\d "Odd Schema"."Claims Of ""News"""
SELECT "Doc Id", "Lang", n, speaker, quote FROM "Odd Schema"."Claims Of ""News""" ORDER BY 1, 2, 3;

-- the tracked table equals claims() of the source, whatever happened
CREATE FUNCTION tracking_exact() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM (
    (SELECT s."Doc Id", s."Lang", c.* FROM "Odd Schema"."News ""Items""" s, claims(s."Body Text") c
     EXCEPT ALL SELECT * FROM "Odd Schema"."Claims Of ""News""")
    UNION ALL
    (SELECT * FROM "Odd Schema"."Claims Of ""News"""
     EXCEPT ALL SELECT s."Doc Id", s."Lang", c.* FROM "Odd Schema"."News ""Items""" s, claims(s."Body Text") c)) d
$$;
INSERT INTO "Odd Schema"."News ""Items""" SELECT id, 'de', body FROM articles WHERE id IN (1, 3);
SELECT tracking_exact() AS differences, count(*) AS claims FROM "Odd Schema"."Claims Of ""News""";
UPDATE "Odd Schema"."News ""Items""" SET "Body Text" = '"The talks will resume next week," said John Kerry.'
 WHERE "Doc Id" = 4;
UPDATE "Odd Schema"."News ""Items""" SET "Body Text" = NULL WHERE "Doc Id" = 2;
SELECT tracking_exact() AS differences, count(*) AS claims FROM "Odd Schema"."Claims Of ""News""";
UPDATE "Odd Schema"."News ""Items""" SET views = views + 1;
UPDATE "Odd Schema"."News ""Items""" SET "Doc Id" = "Doc Id" + 100 WHERE "Lang" = 'de';
SELECT tracking_exact() AS differences, count(*) AS claims FROM "Odd Schema"."Claims Of ""News""";
DELETE FROM "Odd Schema"."News ""Items""" WHERE "Doc Id" = 101;
SELECT tracking_exact() AS differences, count(*) AS claims FROM "Odd Schema"."Claims Of ""News""";
SELECT "Doc Id", "Lang", n, speaker, quote FROM "Odd Schema"."Claims Of ""News""" ORDER BY 1, 2, 3;
TRUNCATE "Odd Schema"."News ""Items""";
SELECT count(*) FROM "Odd Schema"."Claims Of ""News""";
SELECT said_untrack('"Odd Schema"."News ""Items"""', '"Claims Of ""News"""');
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = '"Odd Schema"."News ""Items"""'::regclass;
SELECT to_regclass('"Odd Schema"."Claims Of ""News"""') AS target;

-- a target in another schema, upper case, with the user lexicon; keep the table on untrack
CREATE SCHEMA "Out";
CREATE TABLE "Posts" ("ID" bigint PRIMARY KEY, "Text" text);
SELECT said_track('"Posts"', 'Text', '"Out"."Post Claims"', custom => true);
INSERT INTO said_cue_words VALUES ('posted');
INSERT INTO "Posts" VALUES (1, 'The minister posted that the town had fallen.');
SELECT "ID", speaker, cue, quote FROM "Out"."Post Claims";
SELECT said_untrack('"Posts"', '"Out"."Post Claims"', drop_target => false);
INSERT INTO "Posts" VALUES (2, '“We will win,” she said.');
SELECT count(*) FROM "Out"."Post Claims";
DELETE FROM said_cue_words;

-- errors
CREATE TABLE no_key (body text);
SELECT said_track('no_key', 'body', 'no_key_claims');
CREATE TABLE numbers (id int PRIMARY KEY, body int);
SELECT said_track('numbers', 'body', 'numbers_claims');
SELECT said_track('numbers', 'Body', 'numbers_claims');
SELECT said_track('numbers', 'id', 'a.b.c');
CREATE TABLE clash (n int PRIMARY KEY, body text);
SELECT said_track('clash', 'body', 'clash_claims');
CREATE VIEW a_view AS SELECT * FROM articles;
SELECT said_track('a_view', 'body', 'view_claims');
SELECT said_untrack('articles', 'nothing_here');

-- every object of the extension is documented; from 17 on a table's row type
-- and array types are members too, documented with their table or element
SELECT pg_describe_object(d.classid, d.objid, 0) AS undocumented
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
 WHERE e.extname = 'pg_said' AND d.deptype = 'e'
   AND obj_description(d.objid, d.classid::regclass::name) IS NULL
   AND NOT EXISTS (SELECT FROM pg_type t
                    WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid
                      AND (EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
                           OR EXISTS (SELECT FROM pg_type el WHERE el.typarray = t.oid)));
