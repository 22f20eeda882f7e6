-- Speaker gender: speaker_gender and its evidence on quotes(), claims(),
-- speakers() and entities(), said_genders through claims_custom(),
-- said_track()'s tables, and the analysis recipe of doc/gender.md.

-- ----------------------------------------------------- kinds of evidence
-- title: Mrs., Mr., Dame, Lord, a gendered noun before the name or heading
-- an apposition after it
SELECT speaker, speaker_type, speaker_gender, speaker_gender_evidence
  FROM speakers('"Schools need money," said Mrs. Alvarez. '
                '"We did our best," said Dame Judi Dench. Lord Sugar said the show was over. '
                '"Never again," the actress Emma Thompson said. '
                '"The plan is sound," said Taylor Quennick, a spokeswoman for the city.');
-- first_name: a name given to one sex for at least 95 % of births
SELECT speaker, speaker_gender, speaker_gender_evidence
  FROM speakers('"The vote is close," said Kamala Harris. "We are ready," said John Smith.');
-- pronoun: a name the statistics lack, and "she said"; the pronoun is
-- resolved to her and is her evidence
SELECT speaker, speaker_mention, speaker_gender, speaker_gender_evidence
  FROM quotes('Zorblat Quennick spoke on Monday. "We will not wait," she said.');

-- a woman and a man in one article: each "he" and "she" goes to the
-- person of its gender, whichever was named last
SELECT n, speaker, speaker_mention, speaker_gender, speaker_gender_evidence
  FROM quotes('Maria Lopez met John Carter in Dallas on Tuesday. '
              '"The talks went well," she said. "We agreed on nothing," he said.');
-- the person, not the mention: "Lopez" alone has the gender of Maria Lopez
SELECT entity, type, canonical, gender, gender_evidence
  FROM entities('Maria Lopez met the board. Lopez said the plan would pass.');

-- ------------------------------------------------------------ NULL cases
-- a first name shared by both sexes (Taylor, Jordan) and nothing else
SELECT speaker, speaker_type, speaker_gender, speaker_gender_evidence
  FROM speakers('"The plan is sound," said Taylor Quennick.');
-- an organization and an unresolved speaker
SELECT speaker, speaker_mention, speaker_type, speaker_gender, speaker_gender_evidence
  FROM quotes('"The budget is balanced," the Treasury Department said in a statement. '
              '"It is not," a senior official said.');
-- organizations, places and nationalities in entities() have none
SELECT entity, type, gender, gender_evidence
  FROM entities('Senator Susan Collins met Google in Paris. Collins said she was pleased.');
-- evidence that disagrees: one of each, no decision
SELECT speaker, speaker_gender, speaker_gender_evidence
  FROM speakers('"It is late," said Robin Quennick, the chairwoman. Robin Quennick, the chairman, left.');
-- every gender comes with its evidence, and only one of the four kinds
SELECT count(*) FILTER (WHERE (speaker_gender IS NULL) <> (speaker_gender_evidence IS NULL)) AS unpaired,
       count(*) FILTER (WHERE speaker_gender NOT IN ('female', 'male')) AS other_labels,
       count(*) FILTER (WHERE speaker_gender_evidence NOT IN ('pronoun', 'title', 'first_name', 'user')) AS other_evidence
  FROM claims('Bashar Assad said "yes". The Kremlin said "no". "Maybe," he said.');

-- claims() and quotes() agree row by row
SELECT count(*) AS rows,
       bool_and(q.speaker_gender IS NOT DISTINCT FROM c.speaker_gender AND
                q.speaker_gender_evidence IS NOT DISTINCT FROM c.speaker_gender_evidence) AS same
  FROM quotes('Maria Lopez met John Carter. "Fine," she said. "Not fine," he said.') q
  JOIN claims('Maria Lopez met John Carter. "Fine," she said. "Not fine," he said.') c USING (n);

-- ---------------------------------------------------------- said_genders
-- the user's table decides over the text for a fullest name, and a one-word
-- name is a first name, used before the built-in statistics; claims_custom()
-- reads it, the immutable functions do not
INSERT INTO said_genders VALUES ('Taylor Quennick', 'female'), ('Zorblat', 'male'),
                                ('Kamala Harris', 'male');
SELECT speaker, speaker_gender, speaker_gender_evidence
  FROM claims_custom('"The plan is sound," said Taylor Quennick. "So it is," said Zorblat Quennick. '
                     '"The vote is close," said Kamala Harris.') ORDER BY n;
SELECT speaker, speaker_gender, speaker_gender_evidence
  FROM claims('"The plan is sound," said Taylor Quennick. "So it is," said Zorblat Quennick. '
              '"The vote is close," said Kamala Harris.') ORDER BY n;
-- the table takes female and male only, and a name
INSERT INTO said_genders VALUES ('Alex Quennick', 'unknown');
INSERT INTO said_genders VALUES ('  ', 'female');
INSERT INTO said_genders VALUES ('Alex Quennick', NULL);
-- names that fold to one key with different genders cancel out: the text
-- decides (Alex: a first name given to boys)
INSERT INTO said_genders VALUES ('ALEX QUENNICK', 'female'), ('alex quennick', 'male');
SELECT speaker, speaker_gender, speaker_gender_evidence
  FROM claims_custom('"Enough," said Alex Quennick.');
DELETE FROM said_genders;

-- ------------------------------------------------------------ said_track
CREATE TABLE posts (id int PRIMARY KEY, body text);
SELECT said_track('posts', 'body', 'post_claims');
INSERT INTO posts VALUES (1, '"The talks went well," said Maria Lopez.');
SELECT id, n, speaker, speaker_gender, speaker_gender_evidence FROM post_claims;
-- a claims table made under 0.1 lacks the two columns: the trigger fills
-- the columns the table has, and the columns once added; the rows written
-- before are filled by one UPDATE (doc/gender.md)
ALTER TABLE post_claims DROP COLUMN speaker_gender, DROP COLUMN speaker_gender_evidence;
INSERT INTO posts VALUES (2, '"We agreed on nothing," said John Carter.');
SELECT id, n, speaker FROM post_claims ORDER BY id;
ALTER TABLE post_claims ADD COLUMN speaker_gender text, ADD COLUMN speaker_gender_evidence text;
INSERT INTO posts VALUES (3, '"Fine," said Mrs. Alvarez.');
SELECT id, n, speaker, speaker_gender, speaker_gender_evidence FROM post_claims ORDER BY id;
UPDATE post_claims t SET speaker_gender = c.speaker_gender, speaker_gender_evidence = c.speaker_gender_evidence
  FROM posts p CROSS JOIN LATERAL claims(p.body) c
 WHERE t.id = p.id AND t.n = c.n AND t.speaker_gender_evidence IS NULL;
SELECT id, n, speaker, speaker_gender, speaker_gender_evidence FROM post_claims ORDER BY id;
SELECT said_untrack('posts', 'post_claims');
DROP TABLE posts;

-- ------------------------------------------- the recipe of doc/gender.md
CREATE TABLE stories (id int PRIMARY KEY, outlet text, published date, body text);
INSERT INTO stories VALUES
  (1, 'Herald', '2024-03-04', 'Maria Lopez met John Carter in Dallas. "Carter promised nothing," she said. '
                              '"We agreed on nothing," he said. "Taxes must fall," Carter added.'),
  (2, 'Herald', '2024-04-11', '"Schools need money," said Mrs. Alvarez. "Not this year," said Kamala Harris.'),
  (3, 'Courier', '2024-03-20', '"The bridge will open," said John Smith. "It will not," the Treasury Department said.'),
  (4, 'Courier', '2024-03-21', '"Taxes must fall," said Taylor Quennick.');
CREATE MATERIALIZED VIEW story_claims AS
SELECT s.id, s.outlet, s.published, c.*
  FROM stories s CROSS JOIN LATERAL claims(s.body) c;
-- share of quotes and of distinct people quoted, by gender, per outlet and month
SELECT outlet, date_trunc('month', published)::date AS month,
       count(*) FILTER (WHERE speaker_type = 'person') AS person_quotes,
       round(avg((speaker_gender = 'female')::int) FILTER (WHERE speaker_gender IS NOT NULL), 2) AS female_share,
       count(DISTINCT speaker) FILTER (WHERE speaker_type = 'person') AS people,
       count(DISTINCT speaker) FILTER (WHERE speaker_gender = 'female') AS women,
       count(DISTINCT speaker) FILTER (WHERE speaker_gender = 'male') AS men,
       count(DISTINCT speaker) FILTER (WHERE speaker_type = 'person' AND speaker_gender IS NULL) AS unknown
  FROM story_claims
 GROUP BY 1, 2 ORDER BY 1, 2;
-- all women quoted about an entity, through a partial GIN index
CREATE INDEX story_claims_women_about ON story_claims USING gin (about) WHERE speaker_gender = 'female';
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT DISTINCT speaker FROM story_claims WHERE speaker_gender = 'female' AND about @> ARRAY['John Carter'];
RESET enable_seqscan;
SELECT id, speaker, quote FROM story_claims
 WHERE speaker_gender = 'female' AND about @> ARRAY['John Carter'] ORDER BY id, n;
DROP MATERIALIZED VIEW story_claims;
DROP TABLE stories;
