-- Entities: types, spans without titles or "the", canonical forms.
SELECT entity, type, span, canonical
  FROM entities('Russian President Vladimir Putin met Foreign Minister Julie Bishop in Moscow on Tuesday. Putin later flew to Sochi.');
-- a leading "the" is not part of the name; an organization speaking is one
SELECT entity, type, canonical FROM entities('The Kremlin denied the report, and the White House said nothing.');
-- acronyms and aliases
SELECT entity, type, canonical FROM entities('The Islamic State group lost ground. IS fighters fled, and ISIS media denied it.');
SELECT entity, type, canonical FROM entities('U.S. troops arrived. The United States said the US would stay.');
-- an organisation's long name in one piece, though the tagger cut it at "Iraq"
SELECT entity, type, canonical FROM entities('Troops fought the Islamic State of Iraq and the Levant near Mosul.');
-- Arabic names whose particle is joined by a hyphen keep it
SELECT entity, type, canonical FROM entities('Bashar al-Assad met Abu Bakr al-Baghdadi''s envoy.');
-- a name built on a word for a kind of place is a place
SELECT entity, type FROM entities('Water from the Samarra Barrage flows into Lake Tharthar, and residents of Camp Hurriya moved to Rikers Island.');
-- nationality
SELECT entity, type, canonical FROM entities('Syrians fled as Russian jets bombed Syrian towns.');
-- title-case and all-caps headlines
SELECT entity, type FROM entities(E'GERMANY BEATS FRANCE IN PARIS\nAngela Merkel praised the team in Berlin.');
-- one sense per document: a surname alone is the person
SELECT entity, type, canonical FROM entities('Senator Elizabeth Warren spoke first. Later, Warren said the bill would pass.');
-- spans count characters, and cover exactly the entity
SELECT bool_and(substr(d, lower(span), upper(span) - lower(span)) = entity) AS exact
  FROM (SELECT 'Zürich’s mayor Corine Mauch met François Hollande in Besançon.'::text AS d) s, entities(d);
