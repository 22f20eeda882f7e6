-- The seed article: quotes, speakers and entities, pinned.
\set body `cat test/data/seed-article.txt`
CREATE TABLE seed (id int PRIMARY KEY, body text);
INSERT INTO seed VALUES (1, :'body');

SELECT n, kind, left(quote, 40) AS quote, speaker_mention, speaker, speaker_type, cue, confidence, rule
  FROM seed, quotes(body);

-- quote_span covers exactly quote
SELECT count(*) AS spans_match
  FROM seed, quotes(body) q
 WHERE substr(body, lower(q.quote_span), upper(q.quote_span) - lower(q.quote_span)) = q.quote
   AND substr(body, lower(q.speaker_span), upper(q.speaker_span) - lower(q.speaker_span)) = q.speaker_mention;

-- the issue's checks on the seed
SELECT kind, speaker LIKE '%Assad%' AS by_assad FROM seed, quotes(body) WHERE quote LIKE 'When you have terrorism%';
SELECT kind, speaker_mention, speaker FROM seed, quotes(body) WHERE quote LIKE 'If the fight is targeted against IS%';
SELECT kind FROM seed, quotes(body) WHERE quote LIKE '%Russia’s decision to double down on Assad is a losing bet%';
SELECT kind, speaker FROM seed, quotes(body) WHERE quote LIKE 'Moscow will continue supporting%';

SELECT s.* FROM seed, speakers(body) s ORDER BY quotes DESC, speaker;

SELECT type, entity, count(*) AS mentions, min(canonical) AS canonical
  FROM seed, entities(body)
 GROUP BY type, entity ORDER BY type, entity;

SELECT entity, canonical FROM seed, entities(body) WHERE entity = 'Putin';

-- entity spans cover exactly the entity text
SELECT bool_and(substr(body, lower(span), upper(span) - lower(span)) = entity) AS entity_spans_match
  FROM seed, entities(body);
