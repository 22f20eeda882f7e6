-- Entities: types, spans without titles or "the", canonical forms.
SELECT entity, type, span, canonical
  FROM entities('Russian President Vladimir Putin met Foreign Minister Julie Bishop in Moscow on Tuesday. Putin later flew to Sochi.');
-- a leading "the" is not part of the name; an organization speaking is one
SELECT entity, type, canonical FROM entities('The Kremlin denied the report, and the White House said nothing.');
-- acronyms and aliases
SELECT entity, type, canonical FROM entities('The Islamic State group lost ground. IS fighters fled, and ISIS media denied it.');
SELECT entity, type, canonical FROM entities('U.S. troops arrived. The United States said the US would stay.');
-- nationality
SELECT entity, type, canonical FROM entities('Syrians fled as Russian jets bombed Syrian towns.');
-- title-case and all-caps headlines
SELECT entity, type FROM entities(E'GERMANY BEATS FRANCE IN PARIS\nAngela Merkel praised the team in Berlin.');
-- one sense per document: a surname alone is the person
SELECT entity, type, canonical FROM entities('Senator Elizabeth Warren spoke first. Later, Warren said the bill would pass.');
-- spans count characters, and cover exactly the entity
SELECT bool_and(substr(d, lower(span), upper(span) - lower(span)) = entity) AS exact
  FROM (SELECT 'Zürich’s mayor Corine Mauch met François Hollande in Besançon.'::text AS d) s, entities(d);
