-- Documents longer than a piece (1 MiB of UTF-8) are analysed a piece at a
-- time: every function's positions are the whole document's, ordinals
-- continue, and what a piece learnt of a person (the full name, the
-- gender) holds in the pieces after it.
CREATE TABLE pieces_doc (name text PRIMARY KEY, doc text);
-- ~1.3 MB: two pieces; the full name and the pronoun's gender only in the first
INSERT INTO pieces_doc VALUES ('long',
  'Chancellor Angela Merkel said on Monday that the talks had been “very constructive”. She said her government would stay the course.' || E'\n\n' ||
  repeat('“We will manage,” Merkel told reporters in Zürich. The weather was mild — cafés opened late.' || E'\n\n', 13000));
-- under a piece: the same text cut short, one piece
INSERT INTO pieces_doc SELECT 'short', left(doc, 960000) FROM pieces_doc WHERE name = 'long';
-- substr() walks a multi-byte text from its start: spans are checked on the
-- rows about the cut (near character 966,000) and every 97th
CREATE FUNCTION pieces_checked(span int4range, n int) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT lower(span) BETWEEN 955000 AND 975000 OR n % 97 = 0 $$;
SELECT name, octet_length(doc) > 1048576 AS over_a_piece, length(doc) < octet_length(doc) AS multibyte
  FROM pieces_doc ORDER BY name;

-- quotes(): spans are the document's, ordinals 1..n, the speaker carried over
SELECT d.name, count(*) AS quotes,
       max(q.n) = count(*) AND count(DISTINCT q.n) = count(*) AS ordinals_continue,
       count(*) FILTER (WHERE pieces_checked(q.quote_span, q.n)) AS checked,
       bool_and(substr(d.doc, lower(q.quote_span), upper(q.quote_span) - lower(q.quote_span)) = q.quote
                AND substr(d.doc, lower(q.speaker_span), upper(q.speaker_span) - lower(q.speaker_span)) = q.speaker_mention
                AND substr(d.doc, lower(q.cue_span), upper(q.cue_span) - lower(q.cue_span)) = q.cue)
         FILTER (WHERE pieces_checked(q.quote_span, q.n)) AS spans,
       array_agg(DISTINCT q.speaker) AS speakers,
       array_agg(DISTINCT q.speaker_gender) AS genders
  FROM pieces_doc d, quotes(d.doc) q GROUP BY d.name ORDER BY d.name;

-- nothing lost or doubled about the cut: the paragraphs' quotes are evenly spaced
SELECT count(DISTINCT step) AS distinct_steps, min(step), max(step)
  FROM (SELECT lower(quote_span) - lag(lower(quote_span)) OVER (ORDER BY n) AS step
          FROM pieces_doc, quotes(doc) WHERE name = 'long' AND n > 1) s;

-- entities()
SELECT d.name, count(*) AS mentions,
       max(e.n) = count(*) AND count(DISTINCT e.n) = count(*) AS ordinals_continue,
       bool_and(substr(d.doc, lower(e.span), upper(e.span) - lower(e.span)) = e.entity)
         FILTER (WHERE pieces_checked(e.span, e.n)) AS spans,
       array_agg(DISTINCT e.canonical ORDER BY e.canonical) FILTER (WHERE e.type = 'person') AS persons
  FROM pieces_doc d, entities(d.doc) e GROUP BY d.name ORDER BY d.name;

-- claims() and claims_custom()
SELECT d.name, count(*) AS claims,
       max(c.n) = count(*) AS ordinals_continue,
       bool_and(substr(d.doc, lower(c.quote_span), upper(c.quote_span) - lower(c.quote_span)) = c.quote)
         FILTER (WHERE pieces_checked(c.quote_span, c.n)) AS spans,
       array_agg(DISTINCT c.speaker) AS speakers,
       array_agg(DISTINCT array_to_string(c.about, ', ')) AS about
  FROM pieces_doc d, claims(d.doc) c GROUP BY d.name ORDER BY d.name;
SELECT count(*) AS same_as_claims
  FROM pieces_doc d, claims(d.doc) c JOIN claims_custom(d.doc) u USING (n)
 WHERE d.name = 'long' AND c.quote_span = u.quote_span AND c.speaker = u.speaker;

-- speakers(): one row a speaker, merged across the pieces
SELECT d.name, s.* FROM pieces_doc d, speakers(d.doc) s ORDER BY d.name, s.speaker;
SELECT name, quoted_speakers(doc) FROM pieces_doc ORDER BY name;

-- said_headline(): the pieces' marked texts make the whole document
SELECT name, replace(replace(replace(replace(h, '<<', ''), '>>', ''), '[[', ''), ']]', '') = doc AS unmarked_is_the_document,
       (octet_length(h) - octet_length(replace(h, '<<', ''))) / 2 AS quotes_marked,
       (octet_length(h) - octet_length(replace(h, '[[', ''))) / 2 AS speakers_marked
  FROM (SELECT name, doc, said_headline(doc, 'QuoteStart=<<, QuoteStop=>>, SpeakerStart=[[, SpeakerStop=]], Escape=none') AS h
          FROM pieces_doc) s ORDER BY name;

-- a document of one piece gives the rows of one said_analyze (checksums; a change of the rules or models changes them)
SELECT md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', n, kind, quote, quote_span, speaker,
                             speaker_span, speaker_gender, cue_span, confidence, rule), E'\n' ORDER BY n))
  FROM pieces_doc, quotes(doc) WHERE name = 'short';
SELECT md5(string_agg(format('%s|%s|%s|%s|%s', n, entity, type, span, canonical), E'\n' ORDER BY n))
  FROM pieces_doc, entities(doc) WHERE name = 'short';
SELECT md5(said_headline(doc)) FROM pieces_doc WHERE name = 'short';

-- cut inside a run of quotation marks, of capitals, of one word: no crash, spans hold
SELECT octet_length(t) AS bytes,
       (SELECT count(*) FROM quotes(t)) >= 0 AS quotes_ran,
       (SELECT bool_and(substr(t, lower(span), upper(span) - lower(span)) = entity)
          FROM entities(t) WHERE n % 9973 = 0) IS NOT FALSE AS entity_spans,
       length(said_headline(t, 'Escape=none')) >= length(t) AS headline_ran
  FROM (VALUES (repeat('“', 400000)), (repeat('Zürich ', 200000)), (repeat('é', 600000)),
               (repeat('"He said: ', 120000))) v(t);
DROP TABLE pieces_doc;
DROP FUNCTION pieces_checked(int4range, int);
