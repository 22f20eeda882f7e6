/* pg_said--0.1--0.2.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION pg_said UPDATE TO '0.2'" to load this file. \quit

-- Tracking: the claims function is called with its argument cast to
-- pg_catalog.text, so that no overload added to the extension's schema can
-- be chosen instead (a privilege escalation in 0.1 as first released);
-- character and name columns may be tracked.

CREATE OR REPLACE FUNCTION said_track_trigger()
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
    t_pk text;
    o_pk text;
    n_pk text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('TRUNCATE %s', target::pg_catalog.regclass);
        RETURN NULL;
    END IF;
    SELECT e.extnamespace::regnamespace::text INTO ext
      FROM pg_extension e WHERE e.extname = 'pg_said';
    SELECT string_agg(format('t.%I', c), ', '), string_agg(format('o.%I', c), ', '),
           string_agg(format('n.%I', c), ', ')
      INTO t_pk, o_pk, n_pk
      FROM unnest(pk) AS c;
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
        EXECUTE format('INSERT INTO %s SELECT %s, c.* FROM said_new n CROSS JOIN LATERAL %s.%I(n.%I::pg_catalog.text) c',
                       target, n_pk, ext, fn, col)
            || CASE WHEN TG_OP = 'UPDATE' THEN format(
               ' WHERE NOT EXISTS (SELECT FROM said_old o WHERE (%s) = (%s) AND o.%I IS NOT DISTINCT FROM n.%I)',
               o_pk, n_pk, col, col) ELSE '' END;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION said_track(source regclass, text_column name, target text,
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
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = source) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a table', source
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Only tables can be tracked: their triggers keep the claims exact.';
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
    IF pk && ARRAY['n', 'speaker', 'speaker_type', 'cue', 'kind', 'quote', 'about',
                   'quote_span', 'confidence', 'rule']::name[] THEN
        RAISE EXCEPTION 'primary key of relation % has a column named like a column of claims()', source
            USING ERRCODE = 'duplicate_column',
                  HINT = 'Rename the key column, or build the claims table by hand from claims().';
    END IF;
    SELECT e.extnamespace::regnamespace::text INTO ext
      FROM pg_extension e WHERE e.extname = 'pg_said';

    EXECUTE format('CREATE TABLE %s (%s, n int NOT NULL, speaker text, speaker_type text, cue text, '
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
