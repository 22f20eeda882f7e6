-- citus: pg_said's Citus-aware parts on a server without Citus, then on
-- stand-ins for the two Citus catalogs they read.  test/citus.sh runs the
-- same on a real cluster (a coordinator and two workers).
CREATE TABLE posts (id bigint PRIMARY KEY, body text);

-- ----------------------------------------------------------- without Citus
SELECT said_distribute_lexicons();
-- claims_custom() reads the tables themselves
INSERT INTO said_cue_words VALUES ('blogged');
SELECT speaker, cue FROM claims_custom('The minister blogged that the town had fallen.');
-- said_untrack() leaves no citus.* setting behind
SELECT said_track('posts', 'body', 'post_claims');
SELECT said_untrack('posts', 'post_claims');
SELECT current_setting('citus.enable_unsafe_triggers', true) IS NULL AS no_citus_setting;

-- a tracked table whose claims table is gone says how to stop the tracking
SELECT said_track('posts', 'body', 'post_claims');
DROP TABLE post_claims;
INSERT INTO posts VALUES (1, '“We will win,” she said.');
TRUNCATE posts;
SELECT said_untrack('posts', 'post_claims');
INSERT INTO posts VALUES (1, '“We will win,” she said.');

-- ------------------------------------- stand-ins for Citus's catalogs
-- The columns pg_said reads, as Citus declares them (pg_dist_partition:
-- partmethod 'h' hash-distributed, 'n' none; repmodel 't' reference, 's'
-- streaming; colocationid 0 for a Citus local table).
SET allow_system_table_mods = on;
CREATE TABLE pg_catalog.pg_dist_partition (logicalrelid regclass, partmethod "char",
                                           repmodel "char", colocationid int);
CREATE TABLE pg_catalog.pg_dist_shard (logicalrelid regclass, shardid bigint);
RESET allow_system_table_mods;
CREATE TABLE dist (id bigint PRIMARY KEY, body text);
CREATE TABLE ref (id bigint PRIMARY KEY, body text);
CREATE TABLE single (id bigint PRIMARY KEY, body text);
CREATE TABLE loc (id bigint PRIMARY KEY, body text);
INSERT INTO pg_dist_partition VALUES ('dist', 'h', 's', 1), ('ref', 'n', 't', 2),
  ('single', 'n', 's', 3), ('loc', 'n', 's', 0);

-- distributed (hash or single-shard) and reference tables are refused, a
-- Citus local table is tracked
SELECT said_track('dist', 'body', 'dist_claims');
SELECT said_track('ref', 'body', 'ref_claims');
SELECT said_track('single', 'body', 'single_claims');
SELECT to_regclass('dist_claims') IS NULL AS no_claims_table;
SELECT said_track('loc', 'body', 'loc_claims');
INSERT INTO loc VALUES (1, '“We will win,” she said.');
SELECT id, speaker, quote FROM loc_claims;

-- said_untrack() of a Citus table first drops, on every node, the copies of
-- its TRUNCATE trigger on its shards, which Citus leaves behind; the
-- stand-in for run_command_on_all_nodes runs the command here
SET allow_system_table_mods = on;
CREATE FUNCTION pg_catalog.run_command_on_all_nodes(command text,
    OUT nodeid int, OUT success bool, OUT result text)
RETURNS SETOF record LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN QUERY SELECT 1, true, 'DO'::text;
END
$$;
RESET allow_system_table_mods;
CREATE TABLE loc_102050 (LIKE loc);
INSERT INTO pg_dist_shard VALUES ('loc', 102050);
SELECT format('CREATE TRIGGER %I AFTER TRUNCATE ON loc_102050 FOR EACH STATEMENT '
              'EXECUTE FUNCTION said_track_trigger(%L, %L, %L, %L)',
              'said_track_' || left(md5('public.loc_claims'), 12) || '_trunc_102050',
              'public.loc_claims', 'body', 'claims', 'id') \gexec
SELECT said_untrack('loc', 'loc_claims');
SELECT count(*) AS triggers_left FROM pg_trigger WHERE tgname LIKE 'said_track%';
TRUNCATE loc_102050;
-- a node that cannot drop them (a lock held elsewhere) stops said_untrack()
SELECT said_track('loc', 'body', 'loc_claims');
CREATE OR REPLACE FUNCTION pg_catalog.run_command_on_all_nodes(command text,
    OUT nodeid int, OUT success bool, OUT result text)
RETURNS SETOF record LANGUAGE sql
AS $$ SELECT 2, false, 'canceling statement due to lock timeout' $$;
SELECT said_untrack('loc', 'loc_claims');
SELECT count(*) AS triggers_kept FROM pg_trigger WHERE tgrelid = 'loc'::regclass;
DROP FUNCTION pg_catalog.run_command_on_all_nodes;

-- a table distributed after said_track(): said_untrack() drops the
-- triggers with citus.enable_unsafe_triggers on, and puts it back
SELECT said_track('posts', 'body', 'post_claims');
SET citus.enable_unsafe_triggers = off;
SELECT said_untrack('posts', 'post_claims');
SHOW citus.enable_unsafe_triggers;
RESET citus.enable_unsafe_triggers;

-- said_distribute_lexicons() wants the extension, not just the catalogs
SELECT said_distribute_lexicons();

-- claims_custom() reads a reference table's copy on this node, the shard
-- <table>_<shardid>; without a copy here, the table itself
INSERT INTO pg_dist_shard SELECT 'said_cue_words'::regclass, 102040;
SELECT count(*) FROM claims_custom('The minister blogged that the town had fallen.');
CREATE TABLE said_cue_words_102040 (LIKE said_cue_words);
SELECT count(*) FROM claims_custom('The minister blogged that the town had fallen.');
INSERT INTO said_cue_words_102040 VALUES ('blogged');
SELECT speaker, cue FROM claims_custom('The minister blogged that the town had fallen.');
-- a lexicon with several shards (hash-distributed by hand) is read as is
DELETE FROM said_cue_words_102040;
INSERT INTO pg_dist_shard SELECT 'said_cue_words'::regclass, 102041;
SELECT speaker, cue FROM claims_custom('The minister blogged that the town had fallen.');

DROP TABLE said_cue_words_102040;
DROP TABLE pg_catalog.pg_dist_partition, pg_catalog.pg_dist_shard, loc_102050;
DELETE FROM said_cue_words;
