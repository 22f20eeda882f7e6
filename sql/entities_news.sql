-- Entities of current news (issue 19): short sentences of the kind a user
-- feeds in, one for each way the tagger trained on 1996 news failed.

-- a lone surname after "said" is the speaker, and a person
SELECT speaker, speaker_type, about
  FROM claims('“We are going to carry this county,” said Harris at a rally in Georgia.');
SELECT entity, type FROM entities('“We are going to carry this county,” said Harris at a rally in Georgia.');

-- first in its sentence, a name the article shows elsewhere is a mention of it
SELECT entity, type, span
  FROM entities('Vance criticised the court again on Tuesday. The ruling was a disgrace, said Vance.');

-- one capitalised word before a verb of speech is a speaker with an entity:
-- an organisation where the tagger knows one, else a person
SELECT speaker, speaker_type FROM claims('Boeing told the regulator it would inspect every jet.');
SELECT speaker, speaker_type FROM claims('Albanese told reporters that the vote would be held in May.');

-- single-word and all-capitals organisations in context
SELECT entity, type FROM entities('Apple and Amazon reported record sales for the quarter.');
SELECT entity, type FROM entities('The WHO declared the cholera outbreak over on Monday.');
SELECT entity, type FROM entities('NATO and UEFA issued statements after the attack.');

-- persons with names no first-name list has are persons, each their own
SELECT entity, type, canonical
  FROM entities('The finance minister, Ngozi Okonjo-Iweala, met Ajay Banga in Abuja on Monday.');
SELECT entity, type FROM entities('Kristalina Georgieva met Ajay Banga in Washington.');

-- a person "of" an organisation is two entities, not one organisation
SELECT entity, type FROM entities('Jeff Bezos of Amazon said the rocket would fly in March.');
-- ... and the person speaks, the whole phrase the mention
SELECT speaker, speaker_type, speaker_mention FROM quotes('Jeff Bezos of Amazon said the rocket would fly in March.');
-- a surname the tagger missed is the person named in full before
SELECT speaker, speaker_type, quote
  FROM claims('Ajay Wemba met reporters in Nairobi. Wemba said the loan would be repaid by June.');

-- a river is a place, not an organisation
SELECT entity, type FROM entities('Villages along the Euphrates were flooded after the storm.');

-- demonyms and words for a country's people name the country a reader means
SELECT entity, type, canonical
  FROM entities('Americans, a Frenchman, two Dutch sailors, a Briton and Emirati and Filipino crews were rescued.');
SELECT about FROM claims('“The Americans and the French will stay,” the minister said.');

-- headlines: a single name before a colon is the speaker
SELECT speaker, speaker_type, quote FROM claims('Scholz: Germany will not send the jets');
SELECT speaker, speaker_type, quote FROM claims('Meloni: Italy is ready to host the talks');
-- a label before a colon is no entity (cues.c still takes it for the speaker as written)
SELECT speaker, speaker_type FROM claims('Update: the road will stay closed until Friday');

-- told the BBC: the broadcaster is an organisation
SELECT entity, type FROM entities('“We are ready for the vote,” the senator told the BBC.');

-- the State Department is an organisation, not a person called "Department"
SELECT entity, type FROM entities('The State Department and the Foreign Ministry both said the talks would resume.');

-- a place of several words stays a place
SELECT entity, type, canonical FROM entities('Settlers moved into the West Bank last year.');

-- a surname after a lower-case particle written apart belongs to the name; a particle
-- the tagger left at a name's end with no surname after it does not
SELECT entity, type FROM entities('Crown Prince Mohammed bin Salman received Ursula von der Leyen in Riyadh.');
SELECT entity, type FROM entities('Officials said Osama bin Laden had moved. Smith de facto ran the office.');
-- what is left of a tagged name once its title is set aside is a name only if it is not function words alone
SELECT entity, type FROM entities('Conservative leader Kemi Badenoch accused Labour of “betraying” voters.');
