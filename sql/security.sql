-- security: a trusted extension installed by a non-superuser into a schema
-- it owns must never let that user run code as whoever uses the extension.
--
-- The attack: the schema's owner adds an overload of claims() for the type
-- of a tracked column (varchar, character, name, a domain over text).  If
-- tracking called claims() on the column as it is, the overload would be the
-- better match and run as the superuser who tracks the table or writes to it.
SET client_min_messages = warning;
-- a database of its own, where the extension is not installed yet
CREATE DATABASE regress_said_security;
\c regress_said_security
SET client_min_messages = warning;
CREATE ROLE regress_said_mallory LOGIN;
SELECT format('GRANT CREATE ON DATABASE %I TO regress_said_mallory', current_database()) \gexec
CREATE TABLE said_attack_log (who name, super boolean);
GRANT INSERT ON said_attack_log TO PUBLIC;

-- run once per version that can be installed: 0.1 is patched in place
CREATE FUNCTION attack(version text) RETURNS TABLE (escalated boolean, overload_ran bigint, claims bigint)
LANGUAGE plpgsql AS $f$
DECLARE
    typ text;
    -- what every overload does, if it ever runs
    payload text := $p$
                INSERT INTO public.said_attack_log
                    SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user;
                BEGIN
                    ALTER ROLE regress_said_mallory SUPERUSER;
                EXCEPTION WHEN insufficient_privilege THEN NULL;
                END;$p$;
BEGIN
    EXECUTE 'SET ROLE regress_said_mallory';
    CREATE SCHEMA mal;
    EXECUTE format('CREATE EXTENSION pg_said SCHEMA mal VERSION %L', version);
    CREATE DOMAIN mal.body_text AS text;
    FOREACH typ IN ARRAY ARRAY['character varying', 'character', 'name', 'mal.body_text'] LOOP
        EXECUTE format($q$
            CREATE FUNCTION mal.claims(doc %s,
                OUT n int, OUT speaker text, OUT speaker_type text, OUT cue text,
                OUT kind text, OUT quote text, OUT about text[], OUT quote_span int4range,
                OUT confidence real, OUT rule text)
            RETURNS SETOF record LANGUAGE plpgsql AS $b$ BEGIN %s END $b$ $q$, typ, payload);
    END LOOP;
    IF version <> '0.1' THEN
        -- overloads of the tracking functions' internal helpers, each a
        -- better match than the helper for an argument not given its exact
        -- type (a literal, a smallint)
        FOREACH typ IN ARRAY ARRAY[
            'said_track_key_match(regclass, name[], varchar[], varchar[]) RETURNS text[]',
            'said_track_key_match(regclass, name[], name[], name[]) RETURNS text[]',
            'said_track_insert(regclass, text, name, name[], varchar) RETURNS text',
            'said_track_check_privileges(regclass, regclass, varchar[], name[]) RETURNS text',
            'said_track_args(bytea, int4) RETURNS text[]',
            'said_track_target(regclass, varchar) RETURNS text'] LOOP
            EXECUTE format('CREATE FUNCTION mal.%s LANGUAGE plpgsql AS $b$ BEGIN %s RETURN NULL; END $b$',
                           typ, payload);
        END LOOP;
    END IF;
    RESET ROLE;
    -- the superuser tracks tables of each type and writes to them
    CREATE TABLE t_varchar (id int PRIMARY KEY, body varchar);
    CREATE TABLE t_domain (id int PRIMARY KEY, body mal.body_text);
    PERFORM mal.said_track('t_varchar', 'body', 't_varchar_claims');
    PERFORM mal.said_track('t_domain', 'body', 't_domain_claims');
    INSERT INTO t_varchar VALUES (1, '“We will win,” said John Kerry.');
    INSERT INTO t_domain VALUES (1, '“We will win,” said John Kerry.');
    UPDATE t_varchar SET body = body || ' ' WHERE id = 1;
    IF version <> '0.1' THEN
        CREATE TABLE t_char (id int PRIMARY KEY, body character(40));
        CREATE TABLE t_name (id int PRIMARY KEY, body name);
        PERFORM mal.said_track('t_char', 'body', 't_char_claims');
        PERFORM mal.said_track('t_name', 'body', 't_name_claims');
        INSERT INTO t_char VALUES (1, '“We will win,” said John Kerry.');
        INSERT INTO t_name VALUES (1, '“We will win,” said John Kerry.');
        TRUNCATE t_char;
        -- the deferred mode: its triggers, said_refresh(), said_untrack()
        CREATE TABLE t_deferred (id int PRIMARY KEY, body varchar);
        PERFORM mal.said_track('t_deferred', 'body', 't_deferred_claims', mode => 'deferred');
        INSERT INTO t_deferred VALUES (1, '“We will win,” said John Kerry.'), (2, '“We will not,” said Ann Lee.');
        UPDATE t_deferred SET body = body || ' ' WHERE id = 1;
        DELETE FROM t_deferred WHERE id = 2;
        PERFORM mal.said_refresh('t_deferred_claims');
        TRUNCATE t_deferred;
        PERFORM mal.said_refresh('t_deferred_claims');
        PERFORM mal.said_untrack('t_deferred', 't_deferred_claims');
        PERFORM mal.said_untrack('t_char', 't_char_claims');
    END IF;
    RETURN QUERY SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_said_mallory'),
                        (SELECT count(*) FROM said_attack_log),
                        (SELECT count(*) FROM t_varchar_claims) + (SELECT count(*) FROM t_domain_claims);
    DROP TABLE t_varchar, t_domain, t_varchar_claims, t_domain_claims;
    DROP TABLE IF EXISTS t_char, t_name, t_char_claims, t_name_claims, t_deferred;
    DROP SCHEMA mal CASCADE;
END
$f$;

SELECT * FROM attack('0.1');
SELECT * FROM attack('0.2');

DROP FUNCTION attack(text);
DROP TABLE said_attack_log;
SELECT format('REVOKE CREATE ON DATABASE %I FROM regress_said_mallory', current_database()) \gexec
\c contrib_regression
DROP DATABASE regress_said_security;
DROP ROLE regress_said_mallory;
