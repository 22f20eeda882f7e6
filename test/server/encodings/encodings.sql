-- Run against a LATIN1 and an SQL_ASCII database (test/run.sh): the SQL
-- layer converts the text to UTF-8 for the core, converts results back, and
-- gives positions in the database's characters (SQL_ASCII: bytes), so that
-- substr(doc, lower(span), upper(span) - lower(span)) is the quote.
SET client_encoding = 'UTF8';
SELECT current_setting('server_encoding') AS server_encoding;
CREATE TABLE docs (id int, d text);
INSERT INTO docs VALUES
  (1, 'José Müller said: "Ça va très bien aujourd''hui, merci beaucoup."'),
  (2, '«Nous gagnerons cette bataille à Genève», a dit François Hollande.'),
  (3, 'Zürich, Köln und Düsseldorf: "Wir schaffen das schon", sagte Angela Merkel.'),
  (4, 'Señor Peña said on Tuesday that the café in Málaga would reopen soon.');
SELECT id, kind, quote, quote_span, speaker_mention, speaker_span,
       substr(d, lower(quote_span), upper(quote_span) - lower(quote_span)) = quote AS quote_exact,
       speaker_span IS NULL OR
       substr(d, lower(speaker_span), upper(speaker_span) - lower(speaker_span)) = speaker_mention AS speaker_exact
  FROM docs, quotes(d) ORDER BY id, n;
SELECT id, entity, type, span,
       substr(d, lower(span), upper(span) - lower(span)) = entity AS exact
  FROM docs, entities(d) ORDER BY id, n;
SELECT id, s.* FROM docs, speakers(d) s ORDER BY id, speaker;
