-- Quote forms, one small text each.
CREATE FUNCTION q(doc text) RETURNS TABLE (kind text, quote text, speaker_mention text, speaker text, cue text)
LANGUAGE sql AS $$ SELECT kind, quote, speaker_mention, speaker, cue FROM quotes(doc) $$;

-- curly double marks, speaker after
SELECT * FROM q('“We will not send troops to the region,” Foreign Minister Julie Bishop said.');
-- straight double marks, speaker before with a colon
SELECT * FROM q('Angela Merkel said: "Europe must act together on migration."');
-- inverted order: said X
SELECT * FROM q('"The talks will resume next week," said John Kerry.');
-- guillemets
SELECT * FROM q('«We will not give in to this threat», said François Hollande.');
-- low-high German marks
SELECT * FROM q('„We cannot do this alone“, the chancellor said.');
-- single marks (British style)
SELECT * FROM q('‘We have no plans to raise taxes this year,’ the chancellor said.');
-- typewriter `` '' marks
SELECT * FROM q('``It is over and we have lost,'''' he said, according to Jim Smith.');
-- wrong-way closer
SELECT * FROM q('“Assad has lost the legitimacy to lead that country“, he said.');
-- interrupted quote is one row
SELECT * FROM q('“This is the first part,” she said. “And this is the second part of what I said.”');
-- multi-paragraph quote: opener at each paragraph, closer only at the end
SELECT * FROM q(E'Maria Lopez, the mayor, spoke for an hour.\n\n“We built the first school here in 1990.\n\n“Now we will build the second one,” she said.');
-- unclosed quote ends at its paragraph
SELECT * FROM q(E'“This quote never ends because the writer forgot the mark, Smith said\n\nA new paragraph.');
-- nested single inside double
SELECT * FROM q('“He told me ‘never again’ and then he left the room,” Jane Doe said.');
-- scare quotes are not speech
SELECT * FROM q('Critics called the plan a “disaster” on Monday.');
-- mixed: reported speech with quoted words
SELECT * FROM q('He urged Western countries to “stop supporting terrorists” if they are concerned about refugees.');
-- according to
SELECT * FROM q('The army has lost ground in the north, according to a senior US official.');
-- reported speech after told
SELECT * FROM q('The minister told reporters that the border would stay open through the winter.');
-- an outlet as the hearer of told, tagged or not: the cue ends after it
SELECT * FROM q('Ending the war is the only goal, a senior US official told the AP.');
-- colon headline
SELECT * FROM q('Kerry: US looks at Russian offer of military talks on Syria');
-- full-width and CJK corner marks
SELECT kind, quote FROM quotes('＂This is a full-width quote mark test,＂ he said.');
SELECT kind, quote FROM quotes('「We will hold the line whatever it costs,」 the general said.');
-- speaker with modifiers the tagger leaves out
SELECT * FROM q('“I think there is a high probability of an accident,” DoubleLine Capital portfolio manager Bonnie Baha said.');
-- any noun phrase as the speaker
SELECT * FROM q('“The candidate will not attend the convention,” the release said.');
-- a quote in the next sentence continues the attribution (one row)
SELECT * FROM q('“We will appeal the ruling today,” said Kevin Madden, a spokesman for the firm. “The judge got this one wrong.”');
-- NYT-style '' marks open and close
SELECT * FROM q($$''This works for him because it reinforces his strength,'' said Kevin Madden, a strategist. ''He will say things no one else says.''$$);
-- the reported clause ends before the narrator's "but"
SELECT * FROM q('Cook said Carter stopped the practice, but Cook did not say when.');
-- a quote with no cue takes the person named just before
SELECT * FROM q(E'Maria Lopez spoke for an hour at the town hall.\n\n“We built the first school here in 1990 and we will build more.”');
-- quoted words inside a sentence with no cue are not a direct quote
SELECT kind FROM quotes('Critics say the plan would leave voters “with nothing but empty promises and higher bills” next year.');
-- a quote in parts around long narration: one row; quote_parts leaves the narration out
SELECT * FROM q('“Yes,” said Maria Lopez, who has been the mayor of the small town by the river since 2010. “We will build three new schools and a library before the end of next year.”');
SELECT quote_parts, array(SELECT substr(d, lower(r), upper(r) - lower(r)) FROM unnest(quote_parts) r) AS parts
  FROM (SELECT '“Yes,” said Maria Lopez, who has been the mayor of the small town by the river since 2010. “We will build three new schools.”'::text AS d) s, quotes(d);
-- a reported content its narration interrupts, or a raising cue: one row, quote_parts leaves the cue out
SELECT kind, rule, quote, quote_parts, array(SELECT substr(d, lower(r), upper(r) - lower(r)) FROM unnest(quote_parts) r) AS parts
  FROM (VALUES ('The emails were on a variety of topics, the Times said, including speeches and meetings.'),
               ('But, he said, it is a risky strategy at a time when markets are fragile.'),
               ('Each skater seemed to be honing her own specialty.'),
               ('Said one official, the plan is dead.'),
               ('“The plan, he said, is dead,” Smith told reporters.')) v(d), quotes(d);
-- the quote goes on after the speaker's apposition (one row)
SELECT * FROM q('“We have worked here since April,” said Tom Reed, the campaign director, “and we will stay until the vote.”');
-- attitude verbs and bare noun subjects
SELECT * FROM q('Most voters want the council to lower the tax. Shop owners hope the council will act soon.');
-- a participle takes the sentence's subject
SELECT * FROM q('Governor Paul Smith vetoed the bill on Friday, saying it would raise costs for families.');
-- cue, adjunct, then a whole quote: direct
SELECT * FROM q('Jane Carter said on Monday in Denver, “We will not raise taxes this year.”');
-- a cue word after a determiner is a noun
SELECT * FROM q('The report said the river had flooded twice this spring.');
-- the raising passive: no speaker, the subject is part of the content
SELECT * FROM q('The central bank is widely expected to raise rates at its next meeting.');
-- a byline under the quote gives its speaker
SELECT * FROM q(E'“The debate showed who he really is.” ― Martha Aguilar\n\n“We need a change in Washington.”\n- Tom Reed, Denver.');
-- a coordinated or participle cue before a whole quote: the sentence's subject
SELECT * FROM q('Jane Carter welcomed the ruling and added, “We will not appeal.”');
-- a document that "reads" and "as X put it"
SELECT * FROM q('“We will close the plant in May,” the statement read. As Maria Lopez put it, “The town will not be the same.”');
-- a party and state after a name, before the cue
SELECT * FROM q('“He would be a great senator,” Rep. Elijah E. Cummings (D-Md.) said.');
-- a subject two appositions before the cue
SELECT * FROM q('Woodrow Benford, 58, who lives outside Minneapolis, says he plans to caucus for Sanders.');
-- a name in the narration of the last attribution does not take over the next quote
SELECT * FROM q('“It is true we got close to reform,” Clinton said in Los Angeles, recalling a bill that failed when Sanders and President Obama were in the Senate. “Obama and I voted for it.”');
-- an elided year is an apostrophe, not an opening mark
SELECT * FROM q($$He grew up in Miami in the '80s; it shaped him. He said, 'We stayed.'$$);
-- a question put by someone unnamed: the content is the question
SELECT * FROM q('Asked on Monday whether Bill Clinton would hold a cabinet post, Hillary Clinton said it was too early.');
-- a noun phrase ending in a pronoun speaks as a whole
SELECT * FROM q('Ted Cruz spoke on Monday. “The plan will fail,” a source close to him said. The talks will resume, one GOP source in the room said.');
-- "there appeared" is not another speaker's clause
SELECT * FROM q('James Melendres said on MSNBC that for one, there appeared to be a lack of intent in the case.');
-- an adjunct after the cue is not the content; two appositions before the cue
SELECT * FROM q('The plan will fail, the company said in a statement. The talks will go on, Smith told reporters on Tuesday.');
SELECT * FROM q('“It is an invasion of the state regulatory domain,” Scott Pruitt, the attorney general of Oklahoma, one of the states suing the agency, said this month.');
-- a quote inside the narrator's sentence is part of reported speech: mixed, with the cue's speaker
SELECT * FROM q('The former secretary of state will play the "woman card," Carly Fiorina said, adding that voters would see through it.');
SELECT * FROM q('Mary Woods concluded that “it would have been an insult” to the retired officer.');
-- two quotes with nothing between them in one paragraph are two turns of a dialogue
SELECT * FROM q('Holmes asked: “Can you find the advertisement, Mr. Wilson?” “Yes, I have it now.”');
-- the reported clause ends at the narrator's next verb of saying, participle or "with" clause
SELECT * FROM q('The group urged voters to keep abortion legal and said the ruling was a victory.');
SELECT * FROM q('Most voters said the economy was improving, with 42 percent citing lower prices.');
SELECT * FROM q('The senator said the plan was a mistake, warning that it would raise costs.');
-- the owner of a noun of saying is its speaker
SELECT * FROM q('Critics mocked Boris Johnson''s recent evidence-free assertion that the deal was done. Kerry Smith repeated his warning that Britain would be at the back of the queue.');
-- "according to" with a whole quote is a direct quote
SELECT * FROM q('According to the report, “The plan will cost billions and it will fail.” “The state has no money left for roads,” according to Mayor Ann Duval.');
-- issue 18, direct quotes (with the rule that found each)
CREATE FUNCTION qr(doc text) RETURNS TABLE (kind text, quote text, speaker_mention text, speaker text, cue text, rule text)
LANGUAGE sql AS $$ SELECT kind, quote, speaker_mention, speaker, cue, rule FROM quotes(doc) $$;
-- a cue in the narration between two parts does not end the quote
SELECT * FROM qr('“We opened the school in May,” said Maria Lopez, adding that the town had waited for years. “Now the children have somewhere to learn.”');
SELECT * FROM qr('“We opened the school in May,” Maria Lopez said, pointing to the new roof. “Now the children have somewhere to learn.”');
-- no cue word after the quote: the subject of the narration's verb
SELECT * FROM qr('The vote was close. “That is simply not true,” the mayor shot back. “Look at all these people here!” one person tweeted.');
-- a participle takes the clause's subject, past the adjunct opening the sentence
SELECT * FROM qr('Before the vote, Senator Jane Roe met with farmers, saying, “We will not forget you.”');
-- a finite cue after an apposition with a cue of its own, or after a party and state
SELECT * FROM qr('Jane Roe, who called Smith shortly after the result was declared, told her supporters, “I still love this state.”');
SELECT * FROM qr('Tuesday in Columbus, Gov. John Kasich (R-Ohio), said, “We are getting ready for the fall.”');
-- a person of an organisation the tagger split
SELECT * FROM qr('“The design would seem to be a stretch for the country,” Jane Roe of the Center for Arms Control Studies wrote in December.');
-- a lead-in ending in a colon at the end of the paragraph before
SELECT * FROM qr(E'Jane Roe told the council:\n\n“We will build the school next year, whatever it costs.”');
SELECT * FROM qr(E'Jane Roe put it this way:\n\n“We will build the school next year, whatever it costs.”');
-- "one of those advisers" speaks
SELECT * FROM qr('The race is over. “There will be no path for him to win,” said one of those advisers, who spoke on the condition of anonymity.');
-- a quote of whole sentences ending the sentence, its cue further back
SELECT * FROM qr('Jane Roe spoke for an hour. She told the farmers who gathered in the small town hall on Friday, “No one should doubt our support for you.”');
-- the rules' rows left by the learned stage (cues outside its vocabulary), with their
-- confidence measured on PolNeAR train: a subject found before the cue (0.27 before the
-- speaker's scale); a bare noun guessed as the subject gives no row
CREATE FUNCTION qc(doc text) RETURNS TABLE (kind text, quote text, speaker_mention text, cue text, confidence real, rule text)
LANGUAGE sql AS $$ SELECT kind, quote, speaker_mention, cue, confidence, rule FROM quotes(doc) $$;
SELECT * FROM qc('In a casual remark, New York Times reporter Matt Flegenheimer conflated Ted Cruz with the segregationist former governor of Alabama.');
SELECT * FROM qc('The new Rubio supporters include state Rep. Jeff Hoover, the top Republican in the Kentucky House.');
-- a title and the name after it set off by commas: the person speaks (speaker), the
-- phrase with the name is the speaker as written; the name's closing comma leads to the cue
CREATE FUNCTION qs(doc text) RETURNS TABLE (kind text, speaker_mention text, speaker text, speaker_type text, speaker_gender text, cue text, rule text)
LANGUAGE sql AS $$ SELECT kind, speaker_mention, speaker, speaker_type, speaker_gender, cue, rule FROM quotes(doc) $$;
SELECT * FROM qs('“We will file an appeal,” the company''s president, Brad Smith, said on Tuesday.');
SELECT * FROM qs('The city''s housing commissioner, Maria Lopez, said the rents would be frozen.');
SELECT * FROM qs('“The bridge stays closed,” said the county''s chief engineer, Ruth Adler.');
-- a name that modifies the speaker's noun is not the speaker; a person named after it is
SELECT * FROM qs('“We will not comment on rumours,” said a Siemens spokeswoman.');
SELECT * FROM qs('“Talks resumed this morning,” said Kremlin spokesman Dmitry Peskov.');
-- a person named after a quote, then an apposition before the verb
SELECT * FROM qs('“We have seen better years,” Ohio farmer Dale Meyer, standing by his empty silos, said quietly.');
-- the other order: the person named before the apposition the learned stage read
SELECT * FROM qs('Maria Lopez, chief economist at Acme Bank, said rates would stay high.');
-- but not a narration set in the name's clause
SELECT * FROM qs('Clinton, a top aide said, “is very confident in the contrast” with Trump.');
