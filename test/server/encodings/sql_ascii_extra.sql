-- SQL_ASCII only: text the server takes as bytes, positions in bytes, curly
-- marks and all.
SELECT kind, quote, quote_span,
       substr(d, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote AS quote_exact
  FROM (VALUES ('“Ça va très bien aujourd’hui, merci,” said José Müller.')) v(d), quotes(d);
-- bytes that are not UTF-8 at all: no error, spans still exact
SELECT count(*) >= 0 AS ok,
       coalesce(bool_and(substr(d, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote), true) AS spans_exact
  FROM (VALUES (convert_from(decode('ab4365636920657374206475204c6174696e2d3120e0206c612066696e2c20706173206465206c275554462d3820647520746f7574bb2c206469742d696c2e', 'hex'), 'SQL_ASCII'))) v(d),
       quotes(d);
-- bytes that are not UTF-8 are read as Windows-1252 (Latin-1): a name with
-- one ("José" in Latin-1) stays one name, and the quote is not lost; \223
-- and \224 are Windows-1252's curly quotes
SELECT n, encode(speaker::bytea, 'escape') AS speaker, cue, quote, quote_span
  FROM claims(convert_from(decode('"We will win," Jos\351 Garcia said.', 'escape'), 'SQL_ASCII'));
SELECT n, encode(speaker::bytea, 'escape') AS speaker, cue, encode(quote::bytea, 'escape') AS quote
  FROM claims(convert_from(decode('\223We will win,\224 said \311mile Zola. \253Yes,\273 he added.', 'escape'), 'SQL_ASCII'));
SELECT encode(said_headline(convert_from(decode('"We will win," Jos\351 Garcia said.', 'escape'), 'SQL_ASCII'),
                            convert_from(decode('SpeakerStart=\253, SpeakerStop=\273', 'escape'), 'SQL_ASCII'))::bytea,
              'escape') AS headline;
-- canonical_map takes such names, and gives them back as written
SELECT encode(k::bytea, 'escape') AS name, encode(v::bytea, 'escape') AS canonical
  FROM jsonb_each_text((SELECT canonical_map(convert_from(decode(x, 'escape'), 'SQL_ASCII'))
                          FROM unnest(ARRAY['Jos\351 Garcia', 'Garcia', 'M\374ller', 'Sonja M\374ller']) x)) e(k, v)
 ORDER BY 1;
