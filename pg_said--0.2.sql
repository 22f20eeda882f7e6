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

-- SQL comparing the primary key of rows of tracking tables, for each pair
-- of aliases l[i], r[i]: column by column, with the equality operator of the
-- key index's operator class, named by its schema and applied to its own
-- input type.  The functions run with search_path pinned to pg_catalog,
-- where a bare = does not find the operator of a type such as ltree, and no
-- other operator of that name can be chosen instead.  An alias '$1' stands
-- for a key given as the text form of each column, in a text[] parameter.
-- One catalog query for all the pairs a trigger needs.
CREATE FUNCTION said_track_key_match(source regclass, pk name[], l text[], r text[])
RETURNS text[]
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cols name[];
    ops text[];
    casts text[];
    types text[];
    matches text[] := '{}';
    match text;
    sides text[];
BEGIN
    SELECT array_agg(a.attname ORDER BY k.ord),
           array_agg(format('OPERATOR(%I.%s)', o.nspname, op.oprname) ORDER BY k.ord),
           -- the column's type is the operator's, or a polymorphic one
           -- takes it as it is: no cast
           array_agg(CASE WHEN t.typtype = 'p' OR c.opcintype = a.atttypid THEN ''
                          ELSE '::' || format_type(c.opcintype, NULL) END ORDER BY k.ord),
           array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord)
      INTO cols, ops, casts, types
      FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[]) WITH ORDINALITY AS k(attnum, opclass, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      JOIN pg_opclass c ON c.oid = k.opclass
      JOIN pg_type t ON t.oid = c.opcintype
      JOIN pg_amop ao ON ao.amopfamily = c.opcfamily AND ao.amoplefttype = c.opcintype
                     AND ao.amoprighttype = c.opcintype AND ao.amopstrategy = 3
      JOIN pg_operator op ON op.oid = ao.amopopr
      JOIN pg_namespace o ON o.oid = op.oprnamespace
     WHERE i.indrelid = source AND i.indisprimary;
    IF cols IS DISTINCT FROM pk THEN
        RAISE EXCEPTION 'primary key of % is no longer the one it was tracked with', source
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('The claims are tied to the rows of %s through the key (%s).', source,
                                  array_to_string(pk, ', ')),
                  HINT = 'Stop the tracking with said_untrack() and start it again with said_track().';
    END IF;
    FOR p IN 1 .. array_length(l, 1) LOOP
        match := NULL;
        FOR c IN 1 .. array_length(cols, 1) LOOP
            sides := ARRAY[l[p], r[p]];
            FOR s IN 1 .. 2 LOOP
                sides[s] := CASE WHEN sides[s] = '$1' THEN format('($1[%s]::%s)%s', c, types[c], casts[c])
                                 ELSE format('%s.%I%s', sides[s], cols[c], casts[c]) END;
            END LOOP;
            match := concat_ws(' AND ', match, format('%s %s %s', sides[1], ops[c], sides[2]));
        END LOOP;
        matches := matches || match;
    END LOOP;
    RETURN matches;
END
$$;

COMMENT ON FUNCTION said_track_key_match(regclass, name[], text[], text[]) IS
'internal: for each pair of aliases (or of an alias and a key given as text[]), the SQL condition that two rows have the same primary key, with the operator of the key''s operator class, qualified';

-- The INSERT that adds the claims of rows (a FROM item aliased n) to a
-- tracking table.  The claims function's argument is cast to
-- pg_catalog.text: an overload for the column's own type (varchar, a
-- domain), added by whoever owns the extension's schema, would otherwise be
-- the better match and run with the privileges of whoever writes.
--
-- The claims are inserted into the target's columns that the claims
-- function returns, by name: a table tracked under 0.1 lacks the gender
-- columns of 0.2 (until they are added to it), and columns a user added
-- are left to their defaults.
CREATE FUNCTION said_track_insert(target regclass, fn text, col name, pk name[], rows text)
RETURNS text
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
SELECT format('INSERT INTO %s (%s, %s) SELECT %s, %s FROM %s CROSS JOIN LATERAL %s.%I(n.%I::pg_catalog.text) c',
              target,
              (SELECT string_agg(format('%I', k), ', ' ORDER BY o) FROM unnest(pk) WITH ORDINALITY AS u(k, o)),
              x.cols,
              (SELECT string_agg(format('n.%I', k), ', ' ORDER BY o) FROM unnest(pk) WITH ORDINALITY AS u(k, o)),
              x.c_cols,
              rows, ext.name, fn, col)
  FROM (SELECT e.extnamespace::regnamespace::text AS name FROM pg_extension e WHERE e.extname = 'pg_said') AS ext
 CROSS JOIN LATERAL (
       SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) AS cols,
              string_agg(format('c.%I', a.attname), ', ' ORDER BY a.attnum) AS c_cols
         FROM pg_attribute a
        WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attname <> ALL (pk)
          AND a.attname::text IN (
              SELECT o.name
                FROM pg_proc p
               CROSS JOIN LATERAL unnest(p.proargnames, p.proargmodes) AS o(name, mode)
               WHERE p.oid = format('%s.%I(pg_catalog.text)', ext.name, fn)::regprocedure
                 AND o.mode = 'o')) AS x
$$;

COMMENT ON FUNCTION said_track_insert(regclass, text, name, name[], text) IS
'internal: the INSERT that adds the claims of a set of source rows to a said_track() table';

-- A writer of the source writes the tracking tables too: triggers run as
-- the role that fires them (pg_said has no SECURITY DEFINER function).  A
-- missing privilege is named here, rather than as "permission denied" for a
-- table the writer never named.
CREATE FUNCTION said_track_check_privileges(source regclass, target regclass, privileges text[], pk name[])
RETURNS void
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(p, ', ' ORDER BY o) INTO missing
      FROM unnest(privileges) WITH ORDINALITY AS u(p, o)
     WHERE NOT CASE WHEN p = 'SELECT'
                    -- the key columns are all that is read
                    THEN (SELECT bool_and(has_column_privilege(target, k, 'SELECT')) FROM unnest(pk) AS k)
                    ELSE has_table_privilege(target, p) END;
    IF NOT has_schema_privilege((SELECT c.relnamespace FROM pg_class c WHERE c.oid = target), 'USAGE') THEN
        missing := concat_ws(', ', 'USAGE on its schema', missing);
    END IF;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'writing to % needs % privilege on %', source, missing, target
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('said_track() keeps %s up to date with triggers on %s, which run as the role writing to it, %s.',
                                  target, source, quote_ident(current_user)),
                  HINT = format('The owner of %s can grant them to %s; doc/tracking.md lists the privileges each tracking mode needs.',
                                target, quote_ident(current_user));
    END IF;
END
$$;

COMMENT ON FUNCTION said_track_check_privileges(regclass, regclass, text[], name[]) IS
'internal: raises an error naming the privileges on a tracking table that the role writing to its source lacks';

-- The trigger function of the immediate mode, for every tracked table.
-- Arguments: target (quoted, qualified), text column, claims function, then
-- the primary-key columns.  Statement triggers with transition tables: a
-- bulk INSERT or UPDATE runs one set-based statement, not one per row.  An
-- extraction that fails fails the write: the deferred mode is for writes
-- that must not.
CREATE FUNCTION said_track_trigger()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target regclass := to_regclass(TG_ARGV[0]);
    col name := TG_ARGV[1];
    fn text := TG_ARGV[2];
    pk name[] := TG_ARGV[3:TG_NARGS - 1];
    match text[];
BEGIN
    -- the claims table was dropped, or Citus distributed the source after
    -- said_track(): the trigger then fires on a shard, on a worker node
    IF target IS NULL THEN
        RAISE EXCEPTION 'claims table % of %.% does not exist', TG_ARGV[0], quote_ident(TG_TABLE_SCHEMA),
                        quote_ident(TG_TABLE_NAME)
            USING ERRCODE = 'undefined_table',
                  HINT = 'Stop the tracking with said_untrack() (on the coordinator, for a table distributed by Citus); a Citus table''s claims are refreshed with INSERT ... SELECT instead.';
    END IF;
    PERFORM @extschema@.said_track_check_privileges(TG_RELID::regclass, target,
        CASE TG_OP WHEN 'INSERT' THEN '{INSERT}'::text[] WHEN 'UPDATE' THEN '{SELECT,DELETE,INSERT}'
                   WHEN 'DELETE' THEN '{SELECT,DELETE}' ELSE '{TRUNCATE}' END, pk);
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('TRUNCATE %s', target);
        RETURN NULL;
    END IF;
    -- an UPDATE touches only the rows whose key or text changed
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        match := @extschema@.said_track_key_match(TG_RELID::regclass, pk, '{t,n}'::text[], '{o,o}'::text[]);
        EXECUTE format('DELETE FROM %s t USING said_old o WHERE %s', target, match[1])
            || CASE WHEN TG_OP = 'UPDATE' THEN format(
               ' AND NOT EXISTS (SELECT FROM said_new n WHERE %s AND n.%I IS NOT DISTINCT FROM o.%I)',
               match[2], col, col) ELSE '' END;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE @extschema@.said_track_insert(target, fn, col, pk, 'said_new n'::text)
            || CASE WHEN TG_OP = 'UPDATE' THEN format(
               ' WHERE NOT EXISTS (SELECT FROM said_old o WHERE %s AND o.%I IS NOT DISTINCT FROM n.%I)',
               match[2], col, col) ELSE '' END;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION said_track_trigger() IS
'internal: keeps a said_track() table exact under INSERT, UPDATE, DELETE and TRUNCATE of its source (immediate mode)';

-- The trigger function of the deferred mode: it only records the keys of
-- the rows written, in the queue table, for said_refresh().  Arguments:
-- target, text column, claims function, queue, errors table, then the
-- primary-key columns.  It runs no extraction, so it cannot fail because of
-- one, and it never waits for one: the queue is only appended to.
CREATE FUNCTION said_track_queue_trigger()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    queue regclass := to_regclass(TG_ARGV[3]);
    col name := TG_ARGV[1];
    pk name[] := TG_ARGV[5:TG_NARGS - 1];
    cols text := (SELECT string_agg(format('%I', k), ', ') FROM unnest(pk) AS k);
    match text;
BEGIN
    IF queue IS NULL THEN
        RAISE EXCEPTION 'queue table % of %.% does not exist', TG_ARGV[3], quote_ident(TG_TABLE_SCHEMA),
                        quote_ident(TG_TABLE_NAME)
            USING ERRCODE = 'undefined_table',
                  HINT = 'Stop the tracking with said_untrack() and start it again with said_track().';
    END IF;
    PERFORM @extschema@.said_track_check_privileges(TG_RELID::regclass, queue, '{INSERT}'::text[], pk);
    IF TG_OP = 'TRUNCATE' THEN
        -- a key of nulls: every row of the source may be gone
        EXECUTE format('INSERT INTO %s DEFAULT VALUES', queue);
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM said_new n', queue, cols,
                       (SELECT string_agg(format('n.%I', k), ', ') FROM unnest(pk) AS k));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM said_old o', queue, cols,
                       (SELECT string_agg(format('o.%I', k), ', ') FROM unnest(pk) AS k));
    ELSE
        -- the rows whose key or text changed: their new keys and the old
        -- keys that are gone
        match := (@extschema@.said_track_key_match(TG_RELID::regclass, pk, '{n}'::text[], '{o}'::text[]))[1];
        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM said_new n WHERE NOT EXISTS '
                       '(SELECT FROM said_old o WHERE %s AND o.%I IS NOT DISTINCT FROM n.%I) '
                       'UNION ALL SELECT %s FROM said_old o WHERE NOT EXISTS (SELECT FROM said_new n WHERE %s)',
                       queue, cols,
                       (SELECT string_agg(format('n.%I', k), ', ') FROM unnest(pk) AS k),
                       match, col, col,
                       (SELECT string_agg(format('o.%I', k), ', ') FROM unnest(pk) AS k), match);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION said_track_queue_trigger() IS
'internal: records the keys of the rows written to a source tracked in deferred mode, for said_refresh()';

CREATE FUNCTION said_track(source regclass, text_column name, target text,
                           custom boolean DEFAULT false, mode text DEFAULT 'immediate')
RETURNS regclass
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    coltype oid;
    basetype oid;
    pk name[];
    pk_defs text;
    queue_defs text;
    key_cols text;
    qtarget text := @extschema@.said_track_target(source, target);
    target_schema text := (parse_ident(qtarget))[1];
    target_name text := (parse_ident(qtarget))[2];
    queue text := format('%I.%I', target_schema, left(target_name, 57) || '_queue');
    errors text := format('%I.%I', target_schema, left(target_name, 56) || '_errors');
    fn text := CASE WHEN custom THEN 'claims_custom' ELSE 'claims' END;
    ext text;
    trig text;
    trigfn text;
    args text;
    citus_kind text;
    existing text;
BEGIN
    IF mode IS NULL OR mode NOT IN ('immediate', 'deferred') THEN
        RAISE EXCEPTION 'unknown tracking mode "%"', mode
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give mode => ''immediate'' (claims written with the row, an extraction error fails the write) or ''deferred'' (claims written by said_refresh()).';
    END IF;
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = source) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a table', source
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Only tables can be tracked: their triggers keep the claims exact.';
    END IF;
    -- a temporary table and its triggers end with the session, a
    -- permanent claims table does not (and the reverse: a temporary claims
    -- table would leave triggers that fail every later write)
    IF (SELECT c.relpersistence FROM pg_class c WHERE c.oid = source) = 't' THEN
        RAISE EXCEPTION 'cannot track temporary table %', source
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'A temporary table ends with its session, and its claims table would not.',
                  HINT = 'Select claims() of its rows instead.';
    END IF;
    IF target_schema = 'pg_temp' OR target_schema LIKE 'pg\_temp\_%' OR target_schema LIKE 'pg\_toast\_temp\_%' THEN
        RAISE EXCEPTION 'cannot track % into temporary table %', source, qtarget
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'The temporary table would end with the session, and the triggers on the source would fail every later write.',
                  HINT = 'Give a target in a permanent schema.';
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
                      ', ' ORDER BY k.ord),
           string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY k.ord)
      INTO pk, pk_defs, queue_defs
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
                   'cue', 'kind', 'quote', 'about', 'quote_span', 'confidence', 'rule']::name[]
       OR mode = 'deferred' AND pk && ARRAY['seq', 'queued_at', 'attempts', 'sqlstate', 'message',
                                            'failed_at', 'retry_at']::name[] THEN
        RAISE EXCEPTION 'primary key of relation % has a column named like a column of claims() or of the tracking tables', source
            USING ERRCODE = 'duplicate_column',
                  HINT = 'Rename the key column, or build the claims table by hand from claims().';
    END IF;
    -- the comparison of keys works under the pinned search_path (fails
    -- here, not at the first write, if it cannot)
    PERFORM @extschema@.said_track_key_match(source, pk, '{l}'::text[], '{r}'::text[]);
    -- DROP EXTENSION ... CASCADE drops the triggers and leaves these tables
    trig := 'said_track_' || left(md5(qtarget), 12);
    SELECT g.tgrelid::regclass::text INTO existing
      FROM pg_trigger g
     WHERE g.tgname = trig || '_ins'
       AND g.tgfoid IN ('@extschema@.said_track_trigger()'::regprocedure,
                        '@extschema@.said_track_queue_trigger()'::regprocedure);
    IF existing IS NOT NULL THEN
        RAISE EXCEPTION 'relation % is already tracked into %', existing, qtarget
            USING ERRCODE = 'duplicate_object',
                  HINT = 'Stop that tracking with said_untrack() first, or give said_track() another target.';
    END IF;
    SELECT string_agg(t, ', ') INTO existing
      FROM unnest(CASE WHEN mode = 'deferred' THEN ARRAY[qtarget, queue, errors] ELSE ARRAY[qtarget] END) AS t
     WHERE to_regclass(t) IS NOT NULL;
    IF existing IS NOT NULL THEN
        RAISE EXCEPTION 'relation % already exists', existing
            USING ERRCODE = 'duplicate_table',
                  DETAIL = CASE WHEN obj_description(to_regclass(qtarget), 'pg_class') LIKE 'claims of %said_track%'
                                THEN format('%s was made by said_track() and is no longer kept: DROP EXTENSION pg_said CASCADE and said_untrack(..., drop_target => false) leave the table behind.', qtarget)
                                ELSE 'said_track() makes the tables it fills.' END,
                  HINT = 'Drop or rename it, or give said_track() another target.';
    END IF;
    SELECT e.extnamespace::regnamespace::text INTO ext
      FROM pg_extension e WHERE e.extname = 'pg_said';
    key_cols := (SELECT string_agg(format('%I', c), ', ') FROM unnest(pk) AS c);

    EXECUTE format('CREATE TABLE %s (%s, n int NOT NULL, speaker text, speaker_type text, '
                   'speaker_gender text, speaker_gender_evidence text, cue text, '
                   'kind text NOT NULL, quote text NOT NULL, about text[] NOT NULL, '
                   'quote_span int4range NOT NULL, confidence real NOT NULL, rule text NOT NULL, '
                   'PRIMARY KEY (%s, n))',
                   qtarget, pk_defs, key_cols);
    EXECUTE format('COMMENT ON TABLE %s IS %L', qtarget,
                   format('claims of %s.%s, kept up to date by pg_said triggers (said_track, %s mode)',
                          source, quote_ident(text_column), mode));
    IF mode = 'immediate' THEN
        EXECUTE @extschema@.said_track_insert(qtarget::regclass, fn, text_column, pk, format('%s n', source));
        trigfn := 'said_track_trigger';
        args := (SELECT string_agg(format('%L', a), ', ')
                   FROM unnest(ARRAY[qtarget, text_column::text, fn] || pk::text[]) AS a);
    ELSE
        -- keys nullable: a row of nulls stands for a TRUNCATE
        EXECUTE format('CREATE TABLE %s (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, %s, '
                       'queued_at timestamptz NOT NULL DEFAULT now())',
                       queue, queue_defs);
        EXECUTE format('COMMENT ON TABLE %s IS %L', queue,
                       format('keys of the rows of %s written since their claims were last extracted into %s (said_refresh)',
                              source, qtarget));
        EXECUTE format('CREATE TABLE %s (%s, attempts int NOT NULL, sqlstate text NOT NULL, message text NOT NULL, '
                       'failed_at timestamptz NOT NULL, retry_at timestamptz, PRIMARY KEY (%s))',
                       errors, pk_defs, key_cols);
        EXECUTE format('COMMENT ON TABLE %s IS %L', errors,
                       format('rows of %s whose extraction into %s failed: the last error, attempts, next retry (said_refresh)',
                              source, qtarget));
        -- every row is extracted by said_refresh(), not here
        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM %s', queue, key_cols, key_cols, source);
        trigfn := 'said_track_queue_trigger';
        args := (SELECT string_agg(format('%L', a), ', ')
                   FROM unnest(ARRAY[qtarget, text_column::text, fn, queue, errors] || pk::text[]) AS a);
    END IF;

    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS said_new '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.%I(%s)',
                   trig || '_ins', source, ext, trigfn, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS said_old NEW TABLE AS said_new '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.%I(%s)',
                   trig || '_upd', source, ext, trigfn, args);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS said_old '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.%I(%s)',
                   trig || '_del', source, ext, trigfn, args);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %s.%I(%s)',
                   trig || '_trunc', source, ext, trigfn, args);
    RETURN qtarget::regclass;
END
$$;

COMMENT ON FUNCTION said_track(regclass, name, text, boolean, text) IS
'creates table target (the source''s primary key plus the columns of claims()) and keeps it exact under INSERT, UPDATE, DELETE and TRUNCATE of source with triggers; custom => true uses claims_custom(); mode => ''immediate'' (default) extracts with each write, which fails if the extraction does, mode => ''deferred'' only queues the keys written (tables target_queue and target_errors) for said_refresh()';

-- The arguments of a trigger (pg_trigger.tgargs: each one followed by a
-- zero byte), as text.
CREATE FUNCTION said_track_args(tgargs bytea, nargs int2)
RETURNS text[]
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    args text[] := '{}';
    rest bytea := tgargs;
    stop int;
BEGIN
    FOR i IN 1 .. nargs LOOP
        stop := position('\x00'::bytea IN rest);
        args := args || convert_from(substring(rest FROM 1 FOR stop - 1), current_setting('server_encoding'));
        rest := substring(rest FROM stop + 1);
    END LOOP;
    RETURN args;
END
$$;

COMMENT ON FUNCTION said_track_args(bytea, int2) IS
'internal: the arguments of a said_track() trigger as text';

-- Extracts the claims of the rows queued for a table tracked in deferred
-- mode.  Each key is done in a subtransaction of its own: an error is
-- recorded in the errors table and the others go on.  Keys are shared out
-- among concurrent calls: queue entries are taken with SKIP LOCKED, and a
-- key with a transaction-level advisory lock, which is the only lock held
-- on a key, so that two calls never wait for each other.
CREATE FUNCTION said_refresh(target regclass, batch_size int DEFAULT 1000, max_attempts int DEFAULT 5,
                             retry_after interval DEFAULT '1 minute', max_bytes bigint DEFAULT NULL,
                             OUT done bigint, OUT failed bigint, OUT queued bigint, OUT retrying bigint)
RETURNS record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    qtarget text := (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target);
    source regclass;
    args text[];
    col name;
    fn text;
    queue regclass;
    errors regclass;
    pk name[];
    key_cols text;
    key_text text;
    key_values text;
    match text[];
    claims_sql text;
    item record;
    sqlstate_ text;
    message_ text;
    due boolean;
    triggers bigint;
    bytes bigint;
BEGIN
    done := 0;
    failed := 0;
    IF batch_size IS NULL OR batch_size < 1 OR max_attempts IS NULL OR max_attempts < 1
       OR retry_after IS NULL OR retry_after < '0'::interval OR max_bytes < 0 THEN
        RAISE EXCEPTION 'batch_size and max_attempts must be positive, retry_after and max_bytes not negative'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the trigger said_track() made: its arguments say what to do
    SELECT min(g.tgrelid::oid)::regclass, min(@extschema@.said_track_args(g.tgargs, g.tgnargs)), count(*)
      INTO source, args, triggers
      FROM pg_trigger g
     WHERE g.tgname = 'said_track_' || left(md5(qtarget), 12) || '_ins'
       AND g.tgfoid = '@extschema@.said_track_queue_trigger()'::regprocedure
       AND (@extschema@.said_track_args(g.tgargs, g.tgnargs))[1] = qtarget;
    IF triggers > 1 THEN
        -- only the owner of a table (or a holder of its TRIGGER privilege)
        -- can put a trigger on it: two say the same target, one is not ours
        RAISE EXCEPTION 'more than one table is tracked into %', target
            USING ERRCODE = 'duplicate_object',
                  HINT = 'Drop the triggers named like said_track_%_ins that are not on the table you tracked.';
    END IF;
    IF source IS NULL THEN
        RAISE EXCEPTION 'relation % is not tracked in deferred mode', target
            USING ERRCODE = 'undefined_object',
                  HINT = 'said_refresh() fills a table made by said_track(..., mode => ''deferred''); one in immediate mode is always up to date.';
    END IF;
    col := args[2];
    fn := args[3];
    queue := args[4]::regclass;
    errors := args[5]::regclass;
    pk := args[6:];
    key_cols := (SELECT string_agg(format('%I', k), ', ') FROM unnest(pk) AS k);
    -- a key as text: the text form of each column, which is what the
    -- statements below compare with (cast back to the column's type)
    key_text := (SELECT format('ARRAY[%s]', string_agg(format('x.%I::pg_catalog.text', k), ', '))
                   FROM unnest(pk) AS k);
    key_values := (SELECT string_agg(format('$1[%s]::%s', a.ord, format_type(t.atttypid, t.atttypmod)), ', ' ORDER BY a.ord)
                     FROM unnest(pk) WITH ORDINALITY AS a(k, ord)
                     JOIN pg_attribute t ON t.attrelid = source AND t.attname = a.k);
    match := @extschema@.said_track_key_match(source, pk, '{t,n,e,t,e}'::text[], '{$1,$1,$1,n,n}'::text[]);
    claims_sql := @extschema@.said_track_insert(target, fn, col, pk, format('%s n', source)) || ' WHERE ' || match[2];

    FOR item IN EXECUTE format(
        -- the oldest writes first, then the failed keys due for a retry
        'WITH batch AS (SELECT x.seq, %s AS key FROM %s x ORDER BY x.seq LIMIT $1 FOR UPDATE SKIP LOCKED) '
        'SELECT key, array_agg(seq) AS seqs, min(seq) AS first_seq FROM batch GROUP BY key '
        'UNION ALL '
        '(SELECT %s, NULL, NULL FROM %s x WHERE x.retry_at <= now() AND x.attempts < $2 '
        ' AND NOT EXISTS (SELECT FROM batch b WHERE b.key = %s) ORDER BY x.retry_at LIMIT $1) '
        'ORDER BY first_seq NULLS LAST',
        key_text, queue, key_text, errors, key_text) USING batch_size, max_attempts LOOP
        -- a key another call is working on is left to it
        IF NOT pg_try_advisory_xact_lock(hashtextextended(format('pg_said %s %s', target::oid, item.key), 0)) THEN
            CONTINUE;
        END IF;
        IF item.seqs IS NULL THEN
            -- a retry: still due (another call may have done it meanwhile)?
            EXECUTE format('SELECT EXISTS (SELECT FROM %s e WHERE %s AND e.retry_at <= now() AND e.attempts < $2)',
                           errors, match[3])
               INTO due USING item.key, max_attempts;
            CONTINUE WHEN NOT due;
        END IF;
        IF item.key[1] IS NULL THEN
            -- TRUNCATE: the claims of rows no longer in the source go
            EXECUTE format('DELETE FROM %s t WHERE NOT EXISTS (SELECT FROM %s n WHERE %s)', target, source, match[4]);
            EXECUTE format('DELETE FROM %s e WHERE NOT EXISTS (SELECT FROM %s n WHERE %s)', errors, source, match[5]);
        ELSE
            BEGIN
                -- a row over max_bytes is not extracted: a statement_timeout
                -- is not a row's error (it ends the call, and the next one
                -- would meet the row again), so the time a row may take is
                -- bounded by its size, on which it is linear
                IF max_bytes IS NOT NULL THEN
                    EXECUTE format('SELECT octet_length(n.%I) FROM %s n WHERE %s', col, source, match[2])
                       INTO bytes USING item.key;
                    IF bytes > max_bytes THEN
                        RAISE EXCEPTION 'document of % bytes is over max_bytes', bytes
                            USING ERRCODE = 'program_limit_exceeded';
                    END IF;
                END IF;
                EXECUTE format('DELETE FROM %s t WHERE %s', target, match[1]) USING item.key;
                EXECUTE claims_sql USING item.key;
                EXECUTE format('DELETE FROM %s e WHERE %s', errors, match[3]) USING item.key;
                done := done + 1;
            EXCEPTION WHEN OTHERS THEN
                -- (statement_timeout and cancels are not caught: they end the call)
                GET STACKED DIAGNOSTICS sqlstate_ = RETURNED_SQLSTATE, message_ = MESSAGE_TEXT;
                EXECUTE format('INSERT INTO %s AS e (%s, attempts, sqlstate, message, failed_at, retry_at) '
                               'SELECT %s, 1, $2, $3, now(), '
                               'CASE WHEN 1 < $4 THEN now() + $5 END '
                               'ON CONFLICT (%s) DO UPDATE SET attempts = e.attempts + 1, '
                               'sqlstate = excluded.sqlstate, message = excluded.message, failed_at = excluded.failed_at, '
                               'retry_at = CASE WHEN e.attempts + 1 < $4 '
                               'THEN now() + $5 * power(2, LEAST(e.attempts, 10)) END',
                               errors, key_cols, key_values, key_cols)
                    USING item.key, sqlstate_, message_, max_attempts, retry_after;
                failed := failed + 1;
            END;
        END IF;
        IF item.seqs IS NOT NULL THEN
            EXECUTE format('DELETE FROM %s WHERE seq = ANY ($1)', queue) USING item.seqs;
        END IF;
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %s', queue) INTO queued;
    EXECUTE format('SELECT count(*) FROM %s e WHERE e.retry_at IS NOT NULL AND e.attempts < $1', errors)
       INTO retrying USING max_attempts;
END
$$;

COMMENT ON FUNCTION said_refresh(regclass, int, int, interval, bigint) IS
'extracts the claims of up to batch_size rows written to the source of a table tracked in deferred mode, and of failed rows due for a retry, each in a subtransaction of its own: a failure (or a text over max_bytes) is recorded in the errors table (retried after retry_after, doubled each time, up to max_attempts) and the other rows go on; a statement_timeout ends the call, whose work rolls back; returns the rows done and failed by this call, the queue entries left and the failed rows awaiting a retry; safe to run in several sessions at once';

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
    args text[];
    is_deferred boolean;
BEGIN
    SELECT @extschema@.said_track_args(t.tgargs, t.tgnargs),
           t.tgfoid = '@extschema@.said_track_queue_trigger()'::regprocedure
      INTO args, is_deferred
      FROM pg_trigger t WHERE t.tgrelid = source AND t.tgname = trig || '_ins';
    IF NOT FOUND THEN
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
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
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
    -- deferred mode: the queue and the errors serve only the triggers;
    -- named as said_track() names them (the trigger's arguments are only
    -- compared: whoever may put triggers on the source could write them)
    IF is_deferred THEN
        FOREACH suffix IN ARRAY ARRAY[left((parse_ident(qtarget))[2], 57) || '_queue',
                                      left((parse_ident(qtarget))[2], 56) || '_errors'] LOOP
            suffix := format('%I.%I', (parse_ident(qtarget))[1], suffix);
            IF to_regclass(suffix) IS NOT NULL AND suffix = ANY (args[4:5]) THEN
                EXECUTE format('DROP TABLE %s', to_regclass(suffix));
            END IF;
        END LOOP;
    END IF;
    IF drop_target THEN
        EXECUTE format('DROP TABLE IF EXISTS %s', qtarget);
    END IF;
END
$$;

COMMENT ON FUNCTION said_untrack(regclass, text, boolean) IS
'undoes said_track(): drops the triggers on source (also from the shards of a table Citus distributed after said_track()), in deferred mode the queue and errors tables, and, unless drop_target is false, the target table';
