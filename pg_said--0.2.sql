/* pg_said--0.2.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pg_said" to load this file. \quit

CREATE FUNCTION quotes(doc text,
    OUT n int, OUT kind text, OUT quote text, OUT quote_span int4range,
    OUT speaker text, OUT speaker_mention text, OUT speaker_span int4range,
    OUT speaker_type text, OUT speaker_gender text, OUT speaker_gender_evidence text,
    OUT cue text, OUT cue_span int4range,
    OUT confidence real, OUT rule text, OUT quote_parts int4multirange)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_quotes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000 ROWS 8;

COMMENT ON FUNCTION quotes(text) IS
'attributions in a text, in document order: direct, mixed and indirect quotes with their speaker as written and resolved, a resolved person''s gender (female, male, NULL when the text gives no reliable evidence) and its evidence (pronoun, title, first_name), the cue, 1-based character ranges, a confidence, the rule that produced each, and the quoted parts of a quote interrupted by narration';

CREATE FUNCTION entities(doc text,
    OUT n int, OUT entity text, OUT type text, OUT span int4range, OUT canonical text,
    OUT gender text, OUT gender_evidence text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_entities_srf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 1500 ROWS 30;

COMMENT ON FUNCTION entities(text) IS
'mentions of persons, organizations, locations and nationalities in a text, titles excluded, with the canonical (fullest) name of each in the document, and for a person the gender the whole document gives (female, male, NULL when unsure) and its evidence (pronoun, title, first_name)';

CREATE FUNCTION speakers(doc text,
    OUT speaker text, OUT speaker_type text,
    OUT speaker_gender text, OUT speaker_gender_evidence text,
    OUT quotes int, OUT words int)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_speakers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000 ROWS 4;

COMMENT ON FUNCTION speakers(text) IS
'the distinct resolved speakers of a text with a person''s gender (female, male, NULL when unsure) and its evidence (pronoun, title, first_name), and their number of attributions and words quoted';

-- ------------------------------------------------------------------ claims

CREATE FUNCTION claims(doc text,
    OUT n int, OUT speaker text, OUT speaker_type text,
    OUT speaker_gender text, OUT speaker_gender_evidence text, OUT cue text,
    OUT kind text, OUT quote text, OUT about text[], OUT quote_span int4range,
    OUT confidence real, OUT rule text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_claims'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000 ROWS 8;

COMMENT ON FUNCTION claims(text) IS
'who said what about whom: one row per attribution with the speaker (canonical name, else as written), a resolved person''s gender (female, male, NULL when unsure) and its evidence (pronoun, title, first_name), the cue, the quoted content, the canonical names of the entities the content mentions (speaker excluded, in order of first mention), a 1-based character range, a confidence and the rule that produced it';

CREATE FUNCTION quoted_speakers(doc text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'said_quoted_speakers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000;

COMMENT ON FUNCTION quoted_speakers(text) IS
'the distinct resolved speakers of a text, canonical names in byte order, ''{}'' when none; immutable, for expression indexes: CREATE INDEX ... USING gin (quoted_speakers(body))';

-- ----------------------------------------------------------- canonical_map

CREATE FUNCTION said_canonical_map_trans(bytea, text)
RETURNS bytea
AS 'MODULE_PATHNAME', 'said_canonical_map_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION said_canonical_map_trans(bytea, text) IS
'transition function of canonical_map: counts the distinct names';

CREATE FUNCTION said_canonical_map_combine(bytea, bytea)
RETURNS bytea
AS 'MODULE_PATHNAME', 'said_canonical_map_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION said_canonical_map_combine(bytea, bytea) IS
'combine function of canonical_map: merges two partial states, adding the counts of their names';

CREATE FUNCTION said_canonical_map_final(bytea)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'said_canonical_map_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION said_canonical_map_final(bytea) IS
'final function of canonical_map: groups the names and builds the map';

CREATE AGGREGATE canonical_map(name text) (
    SFUNC = said_canonical_map_trans,
    STYPE = bytea,
    FINALFUNC = said_canonical_map_final,
    COMBINEFUNC = said_canonical_map_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE canonical_map(text) IS
'a jsonb object mapping every name of the set to its canonical form, itself a name of the set as written: names compared without titles, case, diacritics or Unicode normalisation differences, a short form ("Putin") mapped to the one longer name it ends ("Vladimir Putin"), an ambiguous short form left as it is; parallel safe, its bytea states combine (parallel workers, Citus shards)';

-- ---------------------------------------------------------------- headline

CREATE FUNCTION said_headline(doc text, options text DEFAULT '')
RETURNS text
AS 'MODULE_PATHNAME', 'said_headline'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000;

COMMENT ON FUNCTION said_headline(text, text) IS
'the text with each quote and its speaker mention marked, HTML-escaped by default: options in ts_headline style, QuoteStart, QuoteStop, SpeakerStart, SpeakerStop ({speaker} and {kind} are replaced) and Escape=html|none';

-- ----------------------------------------------------------- user lexicons

CREATE TABLE said_cue_words (
    word text PRIMARY KEY CHECK (word ~ '^\S+$')
);

COMMENT ON TABLE said_cue_words IS
'extra verbs of saying ("posted", "blogged"), one word a row, used by claims_custom() and not by the immutable functions';

CREATE TABLE said_aliases (
    alias text PRIMARY KEY CHECK (alias ~ '\S'),
    canonical text NOT NULL CHECK (canonical ~ '\S')
);

COMMENT ON TABLE said_aliases IS
'extra aliases of entities ("Daesh" is "Islamic State"), used by claims_custom() and not by the immutable functions';

CREATE TABLE said_genders (
    name text PRIMARY KEY CHECK (name ~ '\S'),
    gender text NOT NULL CHECK (gender IN ('female', 'male'))
);

COMMENT ON TABLE said_genders IS
'genders of persons the text does not settle, used by claims_custom() and not by the immutable functions: a person''s fullest name (as claims_custom() gives the speaker) decides over any evidence of the text; one word is a first name, used where no pronoun or title decides, before the built-in first-name statistics (evidence "user" either way)';

SELECT pg_catalog.pg_extension_config_dump('said_cue_words', '');
SELECT pg_catalog.pg_extension_config_dump('said_aliases', '');
SELECT pg_catalog.pg_extension_config_dump('said_genders', '');

-- Everyone may read the lexicons (claims_custom() does); the role that
-- created the extension edits them.  The extension is trusted, so its
-- objects belong to the bootstrap superuser: without these grants a
-- non-superuser who installed it could not use them.
GRANT SELECT ON said_cue_words, said_aliases, said_genders TO PUBLIC;
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON said_cue_words, said_aliases, said_genders TO @extowner@;

CREATE FUNCTION claims_custom(doc text,
    OUT n int, OUT speaker text, OUT speaker_type text,
    OUT speaker_gender text, OUT speaker_gender_evidence text, OUT cue text,
    OUT kind text, OUT quote text, OUT about text[], OUT quote_span int4range,
    OUT confidence real, OUT rule text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_claims_custom'
LANGUAGE C STABLE STRICT PARALLEL SAFE
COST 2500 ROWS 8;

COMMENT ON FUNCTION claims_custom(text) IS
'claims() with the cue words of said_cue_words, the aliases of said_aliases and the genders of said_genders (evidence "user"): STABLE, since its result changes with those tables, so it cannot be used in an index or a generated column';

-- On Citus, each node has its own said_cue_words, said_aliases and said_genders (CREATE
-- EXTENSION makes them everywhere): made reference tables, they are one
-- table with a copy on every node, changed everywhere in one transaction,
-- and claims_custom() reads the copy of the node it runs on.
CREATE FUNCTION said_distribute_lexicons()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lexicon regclass;
    is_reference boolean;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension e WHERE e.extname = 'citus') THEN
        RAISE EXCEPTION 'extension "citus" is not installed in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'said_distribute_lexicons() makes said_cue_words, said_aliases and said_genders Citus reference tables.',
                  HINT = 'Without Citus there is nothing to distribute: claims_custom() reads the tables of its own database.';
    END IF;
    FOR lexicon IN SELECT c.oid FROM pg_class c JOIN pg_extension e ON e.extnamespace = c.relnamespace
                    WHERE e.extname = 'pg_said' AND c.relname IN ('said_cue_words', 'said_aliases', 'said_genders')
                    ORDER BY c.relname DESC LOOP
        -- pg_dist_partition is Citus's: named at run time only
        EXECUTE 'SELECT p.partmethod = ''n'' AND p.repmodel = ''t'' FROM pg_catalog.pg_dist_partition p '
                'WHERE p.logicalrelid = $1'
           INTO is_reference USING lexicon;
        IF is_reference IS NULL THEN
            PERFORM pg_catalog.create_reference_table(lexicon);
            -- the rows now live in the copies; none stays behind in the local table
            PERFORM pg_catalog.truncate_local_data_after_distributing_table(lexicon);
        ELSIF NOT is_reference THEN
            RAISE EXCEPTION '% is a Citus table, but not a reference table', lexicon
                USING ERRCODE = 'wrong_object_type',
                      HINT = 'Undo its distribution with undistribute_table(), then call said_distribute_lexicons() again.';
        END IF;
    END LOOP;
END
$$;

COMMENT ON FUNCTION said_distribute_lexicons() IS
'on Citus, makes said_cue_words, said_aliases and said_genders reference tables, so that claims_custom() gives the same answers on every node; does nothing to tables that are already; run it on the coordinator, as their owner';

-- ---------------------------------------------------------------- tracking

-- The schema-qualified, quoted name of a tracking table: target as SQL
-- writes it (parse_ident rules), in the source's schema when unqualified.
CREATE FUNCTION said_track_target(source regclass, target text)
RETURNS text
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[] := parse_ident(target);
BEGIN
    IF array_length(parts, 1) = 1 THEN
        RETURN format('%I.%I',
                      (SELECT n.nspname FROM pg_class c
                         JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.oid = source),
                      parts[1]);
    ELSIF array_length(parts, 1) = 2 THEN
        RETURN format('%I.%I', parts[1], parts[2]);
    END IF;
    RAISE EXCEPTION 'improper target name "%"', target
        USING ERRCODE = 'invalid_name',
              HINT = 'Write the target as table or schema.table.';
END
$$;

COMMENT ON FUNCTION said_track_target(regclass, text) IS
'internal: the quoted, schema-qualified name of a said_track() target';

-- One trigger function for every tracked table.  Arguments: target (quoted,
-- qualified), text column, claims function, then the primary-key columns.
-- Statement triggers with transition tables: a bulk INSERT or UPDATE runs
-- one set-based statement, not one per row.
CREATE FUNCTION said_track_trigger()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target text := TG_ARGV[0];
    col name := TG_ARGV[1];
    fn text := TG_ARGV[2];
    pk name[] := TG_ARGV[3:TG_NARGS - 1];
    ext text;
    q_pk text;
    t_pk text;
    o_pk text;
    n_pk text;
    cols text;
    c_cols text;
BEGIN
    -- the claims table was dropped, or Citus distributed the source after
    -- said_track(): the trigger then fires on a shard, on a worker node
    IF to_regclass(target) IS NULL THEN
        RAISE EXCEPTION 'claims table % of %.% does not exist', target, quote_ident(TG_TABLE_SCHEMA),
                        quote_ident(TG_TABLE_NAME)
            USING ERRCODE = 'undefined_table',
                  HINT = 'Stop the tracking with said_untrack() (on the coordinator, for a table distributed by Citus); a Citus table''s claims are refreshed with INSERT ... SELECT instead.';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('TRUNCATE %s', target::pg_catalog.regclass);
        RETURN NULL;
    END IF;
    SELECT e.extnamespace::regnamespace::text INTO ext
      FROM pg_extension e WHERE e.extname = 'pg_said';
    SELECT string_agg(format('%I', c), ', '), string_agg(format('t.%I', c), ', '),
           string_agg(format('o.%I', c), ', '), string_agg(format('n.%I', c), ', ')
      INTO q_pk, t_pk, o_pk, n_pk
      FROM unnest(pk) AS c;
    -- the target's columns that the claims function returns, by name: a
    -- table tracked under 0.1 lacks the gender columns of 0.2 (until they
    -- are added to it), and columns a user added are left to their defaults
    SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum),
           string_agg(format('c.%I', a.attname), ', ' ORDER BY a.attnum)
      INTO cols, c_cols
      FROM pg_attribute a
     WHERE a.attrelid = target::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname <> ALL (pk)
       AND a.attname::text IN (
           SELECT o.name
             FROM pg_proc p
            CROSS JOIN LATERAL unnest(p.proargnames, p.proargmodes) AS o(name, mode)
            WHERE p.oid = format('%s.%I(pg_catalog.text)', ext, fn)::pg_catalog.regprocedure
              AND o.mode = 'o');
    -- an UPDATE touches only the rows whose key or text changed
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        EXECUTE format('DELETE FROM %s t USING said_old o WHERE (%s) = (%s)', target, t_pk, o_pk)
            || CASE WHEN TG_OP = 'UPDATE' THEN format(
               ' AND NOT EXISTS (SELECT FROM said_new n WHERE (%s) = (%s) AND n.%I IS NOT DISTINCT FROM o.%I)',
               n_pk, o_pk, col, col) ELSE '' END;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- the argument cast to pg_catalog.text: an overload of the claims
        -- function for the column's own type (varchar, a domain), added by
        -- whoever owns the extension's schema, would otherwise be the better
        -- match and run with the privileges of whoever writes to the table
        EXECUTE format('INSERT INTO %s (%s, %s) SELECT %s, %s FROM said_new n CROSS JOIN LATERAL %s.%I(n.%I::pg_catalog.text) c',
                       target, q_pk, cols, n_pk, c_cols, ext, fn, col)
            || CASE WHEN TG_OP = 'UPDATE' THEN format(
               ' WHERE NOT EXISTS (SELECT FROM said_old o WHERE (%s) = (%s) AND o.%I IS NOT DISTINCT FROM n.%I)',
               o_pk, n_pk, col, col) ELSE '' END;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION said_track_trigger() IS
'internal: keeps a said_track() table exact under INSERT, UPDATE, DELETE and TRUNCATE of its source';

CREATE FUNCTION said_track(source regclass, text_column name, target text,
                           custom boolean DEFAULT false)
RETURNS regclass
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    coltype oid;
    basetype oid;
    pk name[];
    pk_defs text;
    qtarget text := @extschema@.said_track_target(source, target);
    fn text := CASE WHEN custom THEN 'claims_custom' ELSE 'claims' END;
    ext text;
    trig text;
    args text;
    citus_kind text;
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = source) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a table', source
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Only tables can be tracked: their triggers keep the claims exact.';
    END IF;
    -- Citus: the rows of a distributed or reference table are on the worker
    -- nodes, where triggers would fire without the claims table and make
    -- every write fail.  A Citus local table stays on the coordinator, with
    -- its triggers: it is tracked as any table.
    IF to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        EXECUTE 'SELECT CASE WHEN p.repmodel = ''t'' THEN ''reference'' ELSE ''distributed'' END '
                'FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = $1 '
                'AND NOT (p.partmethod = ''n'' AND p.repmodel <> ''t'' AND p.colocationid = 0)'
           INTO citus_kind USING source;
        IF citus_kind IS NOT NULL THEN
            RAISE EXCEPTION 'cannot track Citus % table %', citus_kind, source
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'Its rows are stored on the worker nodes, where triggers cannot keep a claims table.',
                      HINT = 'Distribute a claims table co-located with it, fill it with INSERT INTO ... SELECT ... FROM the table and claims() of its text, and refresh the changed ids the same way: doc/citus.md shows how.';
        END IF;
    END IF;
    SELECT a.atttypid INTO coltype
      FROM pg_attribute a
     WHERE a.attrelid = source AND a.attname = text_column
       AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', text_column, source
            USING ERRCODE = 'undefined_column',
                  HINT = 'Name the text column whose claims are wanted, spelled as it is in the table.';
    END IF;
    SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END INTO basetype
      FROM pg_type t WHERE t.oid = coltype;
    IF basetype NOT IN ('text'::regtype, 'character varying'::regtype, 'character'::regtype,
                        'name'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation % is of type %, not text', text_column, source,
                        format_type(coltype, NULL)
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Track a text, character varying, character or name column, for example a generated column that converts this one.';
    END IF;
    SELECT array_agg(a.attname ORDER BY k.ord),
           string_agg(format('%I %s NOT NULL', a.attname, format_type(a.atttypid, a.atttypmod)),
                      ', ' ORDER BY k.ord)
      INTO pk, pk_defs
      FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = source AND i.indisprimary;
    IF pk IS NULL THEN
        RAISE EXCEPTION 'relation % has no primary key', source
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Rows of the claims table are tied to the rows of the source through its primary key.',
                  HINT = 'Add one with ALTER TABLE ... ADD PRIMARY KEY.';
    END IF;
    IF pk && ARRAY['n', 'speaker', 'speaker_type', 'speaker_gender', 'speaker_gender_evidence',
                   'cue', 'kind', 'quote', 'about', 'quote_span', 'confidence', 'rule']::name[] THEN
        RAISE EXCEPTION 'primary key of relation % has a column named like a column of claims()', source
            USING ERRCODE = 'duplicate_column',
                  HINT = 'Rename the key column, or build the claims table by hand from claims().';
    END IF;
    SELECT e.extnamespace::regnamespace::text INTO ext
      FROM pg_extension e WHERE e.extname = 'pg_said';

    EXECUTE format('CREATE TABLE %s (%s, n int NOT NULL, speaker text, speaker_type text, '
                   'speaker_gender text, speaker_gender_evidence text, cue text, '
                   'kind text NOT NULL, quote text NOT NULL, about text[] NOT NULL, '
                   'quote_span int4range NOT NULL, confidence real NOT NULL, rule text NOT NULL, '
                   'PRIMARY KEY (%s, n))',
                   qtarget, pk_defs,
                   (SELECT string_agg(format('%I', c), ', ') FROM unnest(pk) AS c));
    EXECUTE format('COMMENT ON TABLE %s IS %L', qtarget,
                   format('claims of %s.%s, kept up to date by pg_said triggers (said_track)',
                          source, quote_ident(text_column)));
    -- pg_catalog.text: see said_track_trigger
    EXECUTE format('INSERT INTO %s SELECT %s, c.* FROM %s n CROSS JOIN LATERAL %s.%I(n.%I::pg_catalog.text) c',
                   qtarget,
                   (SELECT string_agg(format('n.%I', c), ', ') FROM unnest(pk) AS c),
                   source, ext, fn, text_column);

    trig := 'said_track_' || left(md5(qtarget), 12);
    SELECT string_agg(format('%L', a), ', ') INTO args
      FROM unnest(ARRAY[qtarget, text_column::text, fn] || pk::text[]) AS a;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS said_new '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.said_track_trigger(%s)',
                   trig || '_ins', source, ext, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS said_old NEW TABLE AS said_new '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.said_track_trigger(%s)',
                   trig || '_upd', source, ext, args);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS said_old '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.said_track_trigger(%s)',
                   trig || '_del', source, ext, args);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.said_track_trigger(%s)',
                   trig || '_trunc', source, ext, args);
    RETURN qtarget::regclass;
END
$$;

COMMENT ON FUNCTION said_track(regclass, name, text, boolean) IS
'creates table target (the source''s primary key plus the columns of claims()), fills it from the rows of source and keeps it exact under INSERT, UPDATE, DELETE and TRUNCATE with triggers; custom => true uses claims_custom()';

CREATE FUNCTION said_untrack(source regclass, target text, drop_target boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qtarget text := @extschema@.said_track_target(source, target);
    trig text := 'said_track_' || left(md5(qtarget), 12);
    suffix text;
    unsafe_triggers text := current_setting('citus.enable_unsafe_triggers', true);
    on_citus boolean := false;
    failures text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = source AND t.tgname = trig || '_ins') THEN
        RAISE EXCEPTION 'relation % is not tracked into %', source, qtarget
            USING ERRCODE = 'undefined_object',
                  HINT = 'Give the source and target as they were given to said_track().';
    END IF;
    -- A table Citus distributed after said_track() (which Citus allows with
    -- citus.enable_unsafe_triggers on) or added to its metadata has copies
    -- of the triggers on its shards, named <trigger>_<shardid>: on workers,
    -- where every write fails.  Citus drops them with the table's triggers,
    -- and only with that setting on, except the TRUNCATE trigger's copies
    -- (it expects none on shards): every node drops those first, in a
    -- connection of its own, before this transaction locks a shard.
    IF to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        EXECUTE 'SELECT EXISTS (SELECT FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = $1)'
           INTO on_citus USING source;
    END IF;
    IF on_citus THEN
        EXECUTE 'SELECT string_agg(format(''node %s: %s'', r.nodeid, r.result), ''; '') '
                'FROM pg_catalog.run_command_on_all_nodes($1) r WHERE NOT r.success'
           INTO failures
          USING format('DO %L', format($do$
DECLARE
    t record;
BEGIN
    PERFORM pg_catalog.set_config('lock_timeout', '10s', true);
    FOR t IN SELECT g.tgname, g.tgrelid::pg_catalog.regclass AS shard
               FROM pg_catalog.pg_dist_shard s
               JOIN pg_catalog.pg_trigger g ON g.tgname = %L || '_' || s.shardid
              WHERE s.logicalrelid = pg_catalog.to_regclass(%L) LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER %%I ON %%s', t.tgname, t.shard);
    END LOOP;
END
$do$, trig || '_trunc', source::text));
        IF failures IS NOT NULL THEN
            RAISE EXCEPTION 'could not drop the triggers of the shards of %', source
                USING ERRCODE = 'object_in_use', DETAIL = failures,
                      HINT = 'Call said_untrack() again when no other transaction uses the table.';
        END IF;
    END IF;
    IF unsafe_triggers IS NOT NULL THEN
        PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    END IF;
    FOREACH suffix IN ARRAY ARRAY['_ins', '_upd', '_del', '_trunc'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', trig || suffix, source);
    END LOOP;
    IF unsafe_triggers IS NOT NULL THEN
        PERFORM set_config('citus.enable_unsafe_triggers', unsafe_triggers, true);
    END IF;
    IF drop_target THEN
        EXECUTE format('DROP TABLE IF EXISTS %s', qtarget);
    END IF;
END
$$;

COMMENT ON FUNCTION said_untrack(regclass, text, boolean) IS
'undoes said_track(): drops the triggers on source (also from the shards of a table Citus distributed after said_track()) and, unless drop_target is false, the target table';
