/* pg_said--0.1.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pg_said" to load this file. \quit

CREATE FUNCTION quotes(doc text,
    OUT n int, OUT kind text, OUT quote text, OUT quote_span int4range,
    OUT speaker text, OUT speaker_mention text, OUT speaker_span int4range,
    OUT speaker_type text, OUT cue text, OUT cue_span int4range,
    OUT confidence real, OUT rule text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_quotes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000 ROWS 8;

COMMENT ON FUNCTION quotes(text) IS
'attributions in a text, in document order: direct, mixed and indirect quotes with their speaker as written and resolved, the cue, 1-based character ranges, a confidence and the rule that produced each';

CREATE FUNCTION entities(doc text,
    OUT n int, OUT entity text, OUT type text, OUT span int4range, OUT canonical text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_entities_srf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 1500 ROWS 30;

COMMENT ON FUNCTION entities(text) IS
'mentions of persons, organizations, locations and nationalities in a text, titles excluded, with the canonical (fullest) name of each in the document';

CREATE FUNCTION speakers(doc text,
    OUT speaker text, OUT speaker_type text, OUT quotes int, OUT words int)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'said_speakers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
COST 2000 ROWS 4;

COMMENT ON FUNCTION speakers(text) IS
'the distinct resolved speakers of a text with their number of attributions and words quoted';
