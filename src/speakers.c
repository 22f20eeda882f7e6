/*
 * speakers.c -- reading the speaker phrase of a cue or a quote.
 *
 * A speaker is read next to its cue: before it ("Kerry said", "a senior
 * official said", "he said", past adverbs, an apposition, a parenthesis
 * or "who"), after it ("said Kerry", "said one former aide"), at the head
 * of its sentence for a participle ("…, saying"), as the owner of a noun
 * of saying ("his warning that"), before a colon ("Kerry: …") or under a
 * quote ("― Martha Aguilar").  Each reader fills a Speaker with the tokens
 * as written, the entity when resolved (resolve.c), its type and how it
 * was found, which scales the rule's confidence (rules.c).  The windows
 * the readers look through are the speakers' limits in rules.h.
 */
#include "attribution.h"

/* Type of a nominal speaker from its head: a group, an organisation, else a person. */
static int
nominal_type(const SaidToken *head)
{
	return (head->lex & LX_GROUP_NOUN) ? ENT_GROUP :
		(head->lex & LX_ORG_NOUN) ? ENT_ORGANIZATION : ENT_PERSON;
}

/* A noun that heads a nominal speaker: "official", "analysts", "ministry". */
static bool
is_nominal_head(const SaidToken *t)
{
	return t->kind == TOK_WORD && (t->lex & (LX_GROUP_NOUN | LX_PERSON_NOUN | LX_ORG_NOUN)) &&
		!(t->lex & (LX_FUNCTION | LX_CUE_VERB));
}

/* Extend a nominal head leftwards over modifiers to its determiner. */
static int
nominal_start(const SaidDoc *doc, int head, int limit)
{
	int			k = head;

	while (k - 1 >= limit && head - (k - 1) <= LIM_NOMINAL_MODIFIERS && same_sent(doc, k - 1, head))
	{
		const SaidToken *p = &doc->tok[k - 1];

		if (p->kind != TOK_WORD && p->kind != TOK_NUMBER && !punct_is(doc, k - 1, '-'))
			break;
		if (p->lex & LX_DETERMINER)
		{
			k--;
			break;
		}
		/* capitalised words inside a sentence are names: "the New Jersey governor" */
		if ((p->lex & (LX_FUNCTION | LX_CUE_VERB | LX_PRON_REL)) &&
			!((p->flags & TF_UPPER_INITIAL) && !(p->flags & TF_SENT_START)))
			break;
		k--;
	}
	return k;
}

/* The speaker a named mention gives: a place speaks as an organisation
 * ("Russia said"), a nationality as a group ("the Russians said"). */
void
said_speaker_from_mention(Attributor *at, Speaker *sp, int m)
{
	SaidDoc    *doc = at->doc;
	const SaidMention *mm = &doc->mention[m];

	sp->t0 = mm->title_t0;
	sp->t1 = mm->t1;
	sp->entity = mm->entity;
	sp->type = mm->type == ENT_LOCATION || mm->type == ENT_NATIONALITY ? ENT_ORGANIZATION : mm->type;
	if (mm->type == ENT_NATIONALITY)
		sp->type = ENT_GROUP;
	sp->how = SP_NAMED;
}

/* Read a speaker whose last token is k. */
static bool
speaker_ending_at(Attributor *at, int k, int limit, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	const SaidToken *t;

	if (k < limit || k < 0)
		return false;
	t = &doc->tok[k];
	if (t->flags & TF_IN_QUOTE)
		return false;
	if (t->mention >= 0 && doc->mention[t->mention].t1 == k + 1)
	{
		const SaidMention *mm = &doc->mention[t->mention];
		int			before = mm->title_t0 - 2 - word_is(doc, mm->title_t0 - 1, "the");

		/*
		 * "Elon Musk of Tesla said", "Jane Roe from the ministry said": the
		 * person named before an organisation or place that follows "of",
		 * "from" or "at" speaks, not the organisation; the mention is the
		 * whole phrase.
		 */
		if (mm->type != ENT_PERSON && before >= limit &&
			(word_is(doc, before + 1, "of") || word_is(doc, before + 1, "from") ||
			 word_is(doc, before + 1, "at")) &&
			doc->tok[before].mention >= 0 &&
			doc->mention[doc->tok[before].mention].t1 == before + 1 &&
			doc->mention[doc->tok[before].mention].type == ENT_PERSON &&
			same_sent(doc, before, k))
		{
			said_speaker_from_mention(at, sp, doc->tok[before].mention);
			sp->t1 = k + 1;
			return true;
		}
		said_speaker_from_mention(at, sp, t->mention);
		return true;
	}
	/* a surname alone that the tagger did not mark: "Bishop said" */
	if (t->mention < 0 && t->kind == TOK_WORD && (t->flags & TF_UPPER_INITIAL) &&
		!(t->flags & TF_SENT_START) && said_entity_by_surname(at, k) >= 0)
	{
		sp->t0 = k;
		sp->t1 = k + 1;
		sp->entity = said_entity_by_surname(at, k);
		sp->type = ENT_PERSON;
		sp->how = SP_NAMED;
		return true;
	}
	if (t->lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST) &&
		t->kind == TOK_WORD && !(t->lex & LX_DETERMINER && !(t->lex & LX_PRON_MALE)))
	{
		sp->t0 = k;
		sp->t1 = k + 1;
		sp->how = SP_PRONOUN;
		sp->entity = said_resolve_pronoun(at, k);
		if (t->lex & (LX_PRON_MALE | LX_PRON_FEMALE))
			sp->type = ENT_PERSON;
		else if (t->lex & LX_PRON_PLURAL)
			sp->type = ENT_GROUP;
		else if (t->lex & LX_PRON_NEUTER)
			sp->type = ENT_ORGANIZATION;
		else
			sp->type = ENT_NONE;
		if (sp->entity >= 0)
			sp->type = doc->entity[sp->entity].type == ENT_PERSON ? ENT_PERSON : ENT_ORGANIZATION;
		else if (!(t->lex & (LX_PRON_PLURAL | LX_PRON_FIRST)))
			sp->how = SP_UNRESOLVED;
		return true;
	}
	if (is_nominal_head(t))
	{
		sp->t0 = nominal_start(doc, k, limit);
		sp->t1 = k + 1;
		sp->entity = -1;
		sp->how = SP_NOMINAL;
		sp->type = nominal_type(t);
		return true;
	}
	/* any noun phrase with a determiner: "the release said", "a statement said", "the report said" */
	if (t->kind == TOK_WORD && !(t->flags & TF_UPPER_INITIAL) &&
		!(t->lex & (LX_FUNCTION | LX_SENT_ADVERB)) &&
		(!(t->lex & LX_CUE_VERB) || (k > 0 && (doc->tok[k - 1].lex & LX_DETERMINER))))
	{
		for (int j = k - 1; j >= limit && k - j <= LIM_DETERMINER_PHRASE && same_sent(doc, j, k); j--)
		{
			const SaidToken *p = &doc->tok[j];

			if (p->kind != TOK_WORD && !punct_is(doc, j, '-'))
				break;
			if (p->lex & LX_DETERMINER)
			{
				sp->t0 = j;
				sp->t1 = k + 1;
				sp->entity = -1;
				sp->type = ENT_NONE;
				sp->how = SP_NOMINAL;
				return true;
			}
			if (p->lex & (LX_FUNCTION | LX_CUE_VERB | LX_PRON_REL))
				break;
		}
	}
	/* a capitalised name the tagger missed */
	if ((t->flags & TF_UPPER_INITIAL) && t->kind == TOK_WORD &&
		!(t->lex & (LX_FUNCTION | LX_CALENDAR | LX_CUE_VERB | LX_SENT_ADVERB)))
	{
		int			s = k;

		while (s - 1 >= limit && (doc->tok[s - 1].flags & TF_UPPER_INITIAL) &&
			   doc->tok[s - 1].kind == TOK_WORD && same_sent(doc, s - 1, k) && k - s < LIM_UNTAGGED_NAME)
			s--;
		sp->t0 = s;
		sp->t1 = k + 1;
		/*
		 * The entity the tagger missed this mention of: a person named in
		 * full elsewhere ("Banga" for "Ajay Banga") or the one entity of the
		 * same name.  No new entity: a lone capitalised word before a cue
		 * is as often a common noun or an adjective ("Polls", "TV",
		 * "Republican").
		 */
		sp->entity = said_speaker_entity(doc, s, k + 1, false);
		sp->type = sp->entity >= 0 ? doc->entity[sp->entity].type : ENT_NONE;
		sp->how = sp->entity >= 0 ? SP_NAMED : SP_NOMINAL;
		return true;
	}
	return false;
}

/* Does a noun phrase starting at t follow a preposition ("of Oklahoma")? */
static bool
object_of_preposition(const SaidDoc *doc, int t)
{
	return word_in_class(doc, t - 1, WORD_OBJECT_PREP);
}

/* The subject of the cue starting at token c: scan left over adverbs,
 * auxiliaries, an apposition and "who". */
bool
said_subject_of(Attributor *at, int c, int limit, Speaker *sp, int depth)
{
	SaidDoc    *doc = at->doc;
	int			k = c - 1;
	int			skipped = 0;

	/* a participle cue ("saying", "adding"): no tense of its own */
	bool		participle = (doc->tok[c].lex & LX_CUE_VERB) && !(doc->tok[c].lex & LX_CUE_PRESENT);

	while (k >= limit && same_sent(doc, k, c) && skipped < LIM_SUBJECT_ADVERBS)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->kind == TOK_WORD && (t->lex & LX_SENT_ADVERB) && !(t->lex & LX_PRON_MALE))
		{
			k--;
			skipped++;
			continue;
		}
		break;
	}
	/* "He went on to say", "The email goes on to say" */
	if (k - 2 >= limit && word_is(doc, k, "to") && word_is(doc, k - 1, "on") &&
		word_in_class(doc, k - 2, WORD_GO_FORM))
		k -= 3;
	if (k < limit || !same_sent(doc, k, c))
		return false;
	/* ... set off by a comma: "Gov. John Kasich (R-OH), said" */
	if (punct_is(doc, k, ',') && k - 1 > limit && punct_is(doc, k - 1, ')') && !participle)
		k--;
	/* a party and state after a name: "Rep. Elijah E. Cummings (D-Md.) said" */
	if (punct_is(doc, k, ')'))
	{
		int			j = k - 1;

		while (j > limit && k - j < LIM_PARENTHESIS && !punct_is(doc, j, '(') && !punct_is(doc, j, ')'))
			j--;
		if (!punct_is(doc, j, '(') || !same_sent(doc, j, c))
			return false;
		k = j - 1;
		if (k < limit)
			return false;
	}
	/* "Kerry, who said" / "Allen, the envoy, said" */
	if (word_is(doc, k, "who") && punct_is(doc, k - 1, ','))
		return speaker_ending_at(at, k - 2, limit, sp);
	if (punct_is(doc, k, ','))
	{
		/*
		 * a participle ("…, saying", "…, adding") hangs on the clause before
		 * the comma, never on an apposition; a finite verb after a comma has
		 * its subject before an apposition, even one with a cue of its own
		 * ("Clinton, who called him after the winner was declared, told")
		 */
		/* "he said, adding: ..." -- the participle takes the earlier subject */
		if (participle && depth == 0 && k - 1 >= limit && at->cue_at[k - 1] < 0)
		{
			/* find a cue that ends right before the comma */
			for (int j = k - 1; j >= limit && j >= k - LIM_PARTICIPLE_CUE_BACK; j--)
				if (at->cue_at[j] >= 0 && at->doc->cue[at->cue_at[j]].t1 == k)
					return said_subject_of(at, j, limit, sp, depth + 1);
		}
		else if (participle && depth == 0 && at->cue_at[k - 1] >= 0)
			return said_subject_of(at, k - 1, limit, sp, depth + 1);
		if (participle)
			return false;
		/*
		 * apposition: ", the envoy," / ", 70," / ", citing ''…'',": the comma
		 * before it, or one of the two before that ("Woodrow Benford, 58, who
		 * lives outside Minneapolis, says")
		 */
		{
			int			commas = 0;

			for (int j = k - 1; j >= limit && j >= k - LIM_APPOSITION_TOKENS && same_sent(doc, j, c); j--)
			{
				said_work(doc, 1);
				if (punct_is(doc, j, ',') && !(doc->tok[j].flags & TF_IN_QUOTE))
				{
					/* not the object of a preposition: "attorney general of Oklahoma," */
					if (speaker_ending_at(at, j - 1, limit, sp) && !object_of_preposition(doc, sp->t0))
						return true;
					if (++commas == LIM_APPOSITION_COMMAS)
						break;
				}
			}
		}
		return false;
	}
	return speaker_ending_at(at, k, limit, sp);
}

/*
 * Type of a noun-phrase speaker from its head word: the lexicon's nominal
 * classes, else a plural shape ("opposition groups", "many", "3 in 10")
 * for a group; an unknown singular stays untyped.
 */
static int
bare_head_type(const SaidDoc *doc, const SaidToken *head)
{
	size_t		n = head->b1 - head->b0;
	const char *w = doc->text + head->b0;

	if (head->lex & LX_GROUP_NOUN)
		return ENT_GROUP;
	if (head->lex & LX_ORG_NOUN)
		return ENT_ORGANIZATION;
	if (head->lex & LX_PERSON_NOUN)
		return ENT_PERSON;
	if (head->kind == TOK_NUMBER)
		return ENT_GROUP;
	if ((head->flags & TF_ALL_LOWER) && n > LIM_PLURAL_SHAPE_BYTES && w[n - 1] == 's' && w[n - 2] != 's' &&
		w[n - 2] != 'u' && w[n - 2] != 'i')
		return ENT_GROUP;
	return ENT_NONE;
}

/*
 * The last resort for the subject of a cue: the noun right before it, past
 * adverbs and auxiliaries, with its modifiers ("Twenty-four percent said",
 * "Democrats want").
 */
bool
said_bare_subject(Attributor *at, int c, int limit, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			k = c - 1;

	while (k >= limit && c - k <= LIM_SUBJECT_ADVERBS && doc->tok[k].kind == TOK_WORD &&
		   (doc->tok[k].lex & LX_SENT_ADVERB) && !(doc->tok[k].lex & LX_PRON_MALE))
		k--;
	/* a time before the verb is not its subject: "newspaper last week said" */
	if (k - 1 >= limit && ((doc->tok[k].lex & LX_CALENDAR) || word_in_class(doc, k, WORD_TIME_NOUN)) &&
		word_in_class(doc, k - 1, WORD_TIME_MODIFIER))
		k -= 2;
	if (k < limit || !same_sent(doc, k, c) || (doc->tok[k].flags & TF_IN_QUOTE))
		return false;
	/* "About three in 10 said", "many said", "others say" */
	if (!(doc->tok[k].kind == TOK_NUMBER || word_in_class(doc, k, WORD_QUANTIFIER) ||
		  (doc->tok[k].kind == TOK_WORD &&
		   !(doc->tok[k].lex & (LX_FUNCTION | LX_CUE_VERB | LX_PRON_REL | LX_SENT_ADVERB)))))
		return false;
	sp->t0 = nominal_start(doc, k, limit);
	sp->t1 = k + 1;
	sp->entity = -1;
	sp->type = bare_head_type(doc, &doc->tok[k]);
	sp->how = SP_GUESS;
	return true;
}

/*
 * The subject of the sentence starting at token s0, before token end: the
 * first person or organisation named, or subject pronoun, before its first
 * cue verb ("But a few days later, Trump reversed himself, telling ...").
 */
bool
said_sentence_subject(Attributor *at, int s0, int end, Speaker *sp)
{
	SaidDoc    *doc = at->doc;

	for (int k = s0; k < end && k < s0 + LIM_SENTENCE_SUBJECT; k++)
	{
		const SaidToken *t = &doc->tok[k];

		said_work(doc, 1);
		if (t->flags & TF_IN_QUOTE)
			continue;
		if (at->cue_at[k] >= 0 && doc->cue[at->cue_at[k]].kind == CUE_VERB)
			break;
		if (t->mention >= 0 && (doc->mention[t->mention].type == ENT_PERSON ||
								doc->mention[t->mention].type == ENT_ORGANIZATION))
		{
			said_speaker_from_mention(at, sp, t->mention);
			return sp->t1 <= end;
		}
		if (t->kind == TOK_WORD && (t->lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL)) &&
			!(t->lex & LX_DETERMINER))
			return speaker_ending_at(at, k, k, sp);
	}
	return false;
}

/* A lower-case noun that heads a nominal speaker. */
static bool
is_lower_head(const SaidDoc *doc, int t)
{
	return is_nominal_head(&doc->tok[t]) && (doc->tok[t].flags & TF_ALL_LOWER);
}

/*
 * The last noun of a compound or possessive nominal whose first noun
 * (or owner's name) ends before token h: "party leader", "military
 * official", "party's new leader".  h itself when nothing follows.
 */
static int
compound_head(const SaidDoc *doc, int h, int end)
{
	for (;;)
	{
		int			k = h + 1;

		if (k < end && said_possessive_clitic(doc, k) && same_sent(doc, h, k))
		{
			k++;
			/* modifiers only after an owner: "the party's new leader" */
			while (k < end && k - h <= LIM_NOMINAL_MODIFIERS && same_sent(doc, h, k) &&
				   doc->tok[k].kind == TOK_WORD && (doc->tok[k].flags & TF_ALL_LOWER) &&
				   !(doc->tok[k].lex & (LX_FUNCTION | LX_CUE_VERB)) && !is_lower_head(doc, k))
				k++;
		}
		if (k >= end || !same_sent(doc, h, k) || !is_lower_head(doc, k))
			return h;
		h = k;
	}
}

/*
 * The nominal speaker [t, h] after a cue, h its last noun, or the person
 * it names right after ("the Microsoft spokesman Frank Shaw" is Shaw; "a
 * Microsoft spokesman, Frank Shaw" is left to said_appositive_names).
 */
static void
nominal_after(Attributor *at, int t, int h, Speaker *sp)
{
	const SaidDoc *doc = at->doc;
	int			k = h + 1;

	/*
	 * a noun the lexicon does not know, before the name of the person
	 * set off by a comma: "the county's chief engineer, Ruth Adler" (not
	 * "the mayor shot back")
	 */
	while (k + 1 < doc->ntok && k - h <= 2 && same_sent(doc, h, k) && doc->tok[k].kind == TOK_WORD &&
		   (doc->tok[k].flags & TF_ALL_LOWER) &&
		   !(doc->tok[k].lex & (LX_FUNCTION | LX_CUE_VERB | LX_SENT_ADVERB | LX_CALENDAR)))
		k++;
	if (k > h + 1 && punct_is(doc, k, ',') && k + 1 < doc->ntok && same_sent(doc, k, k + 1) &&
		doc->tok[k + 1].mention >= 0 && doc->mention[doc->tok[k + 1].mention].title_t0 == k + 1 &&
		doc->mention[doc->tok[k + 1].mention].type == ENT_PERSON)
		h = k - 1;
	k = h + 1;

	/*
	 * past capitalised words of a title the tagger left out or took for a
	 * name of its own: "spokesman Navy Capt. Jeff Davis"
	 */
	while (k < doc->ntok && k - h <= LIM_NOMINAL_MODIFIERS && same_sent(doc, h, k) &&
		   doc->tok[k].kind == TOK_WORD && (doc->tok[k].flags & TF_UPPER_INITIAL) &&
		   (doc->tok[k].mention < 0 || (doc->tok[doc->mention[doc->tok[k].mention].t1 - 1].lex & LX_TITLE)))
		k++;
	if (k < doc->ntok && same_sent(doc, h, k) && doc->tok[k].mention >= 0 &&
		doc->mention[doc->tok[k].mention].title_t0 <= k &&
		doc->mention[doc->tok[k].mention].type == ENT_PERSON)
	{
		said_speaker_from_mention(at, sp, doc->tok[k].mention);
		sp->t0 = t;
		return;
	}
	sp->t0 = t;
	sp->t1 = h + 1;
	sp->entity = -1;
	sp->how = SP_NOMINAL;
	sp->type = nominal_type(&doc->tok[h]);
}

/*
 * "said a Microsoft spokesman", "said Labour's leader", "said an Israeli
 * official": a name that modifies a noun of a person, group or
 * organisation, or owns it, is not the speaker after a cue; the noun
 * phrase from t is.
 */
static bool
name_modifies_noun(Attributor *at, int t, int m, int end, Speaker *sp)
{
	const SaidDoc *doc = at->doc;
	int			h = doc->mention[m].t1 - 1;
	int			last = compound_head(doc, h, end);

	if (last == h)
		return false;
	nominal_after(at, t, last, sp);
	return true;
}

/* Inverted order: "said Kerry", "said the official", "said he". */
bool
said_speaker_after(Attributor *at, int t, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			end = t + LIM_SPEAKER_AFTER < doc->ntok ? t + LIM_SPEAKER_AFTER : doc->ntok;

	if (t >= doc->ntok)
		return false;
	if (doc->tok[t].mention >= 0 && doc->mention[doc->tok[t].mention].title_t0 == t)
	{
		if (!name_modifies_noun(at, t, doc->tok[t].mention, end, sp))
			said_speaker_from_mention(at, sp, doc->tok[t].mention);
		return true;
	}
	if (doc->tok[t].lex & LX_TITLE)
	{
		int			k = t;

		while (k < end && (doc->tok[k].lex & LX_TITLE))
			k++;
		if (k < end && doc->tok[k].mention >= 0)
		{
			said_speaker_from_mention(at, sp, doc->tok[k].mention);
			sp->t0 = t;
			return true;
		}
	}
	if (doc->tok[t].lex & (LX_PRON_MALE | LX_PRON_FEMALE) && !(doc->tok[t].lex & LX_DETERMINER))
		return speaker_ending_at(at, t, t, sp);
	for (int k = t; k < end && same_sent(doc, k, t); k++)
	{
		const SaidToken *tk = &doc->tok[k];

		if (tk->kind != TOK_WORD)
			break;
		if (tk->mention >= 0)
		{
			if (!((doc->tok[t].lex & LX_DETERMINER) && name_modifies_noun(at, t, tk->mention, end, sp)))
			{
				said_speaker_from_mention(at, sp, tk->mention);
				sp->t0 = t;
			}
			return true;
		}
		if (is_nominal_head(tk))
		{
			/* the whole noun phrase up to "of ...", its last noun the head */
			nominal_after(at, t, compound_head(doc, k, end), sp);
			return true;
		}
		if (tk->lex & (LX_FUNCTION & ~LX_DETERMINER) && !(tk->lex & LX_DETERMINER) &&
			!(k == t && word_is(doc, k, "one")))
			break;
	}
	/*
	 * any noun phrase opened by a determiner: "said one owner of a shop",
	 * "concluded a 2013 article", "said one of those advisers"
	 */
	if ((doc->tok[t].lex & LX_DETERMINER) || word_is(doc, t, "one"))
	{
		int			k = t + 1;

		if (word_is(doc, t, "one") && word_is(doc, k, "of") && k + 1 < end &&
			(doc->tok[k + 1].lex & LX_DETERMINER || word_in_class(doc, k + 1, WORD_POSSESSIVE_3RD)))
			k += 2;
		while (k < end && same_sent(doc, k, t) &&
			   ((doc->tok[k].kind == TOK_WORD && !(doc->tok[k].lex & (LX_FUNCTION | LX_CUE_VERB))) ||
				doc->tok[k].kind == TOK_NUMBER))
			k++;
		if (k > t + 1)
		{
			sp->t0 = t;
			sp->t1 = k;
			sp->entity = -1;
			sp->how = SP_NOMINAL;
			sp->type = ENT_NONE;
			return true;
		}
	}
	return false;
}

/*
 * Does the word at t open an adjunct rather than the subject: a
 * preposition or a subordinator ("Before the convention,", "In response to
 * …,", "After winning Ohio,"), a time ("On Thursday,", "Tuesday at …,")?
 * Not a coordinator ("But Trump, …"), a determiner or a pronoun.
 */
static bool
opens_adjunct(const SaidDoc *doc, int t)
{
	const SaidToken *tk = &doc->tok[t];

	if (tk->kind != TOK_WORD || tk->mention >= 0 || word_in_class(doc, t, WORD_COORDINATOR) ||
		(tk->lex & (LX_DETERMINER | LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER |
					LX_PRON_FIRST | LX_PRON_REL)))
		return false;
	return (tk->lex & (LX_FUNCTION | LX_CALENDAR)) || word_in_class(doc, t, WORD_ADJUNCT_OPENER) ||
		word_in_class(doc, t, WORD_SUBORDINATOR) || word_in_class(doc, t, WORD_OBJECT_PREP);
}

/*
 * The first token after the adjuncts that open a sentence at token k,
 * each ended by a comma before token c ("On Thursday, after remaining
 * neutral …, Warren appeared …"), or k when none does.
 */
static int
past_opening_adjuncts(const SaidDoc *doc, int k, int c)
{
	for (int n = 0; n < LIM_APPOSITION_COMMAS && k < c && opens_adjunct(doc, k); n++)
	{
		int			j = k + 1;

		while (j < c && j - k <= LIM_APPOSITION_TOKENS &&
			   !(punct_is(doc, j, ',') && !(doc->tok[j].flags & TF_IN_QUOTE)))
			j++;
		said_work(doc, (uint64_t) (j - k) + 1);
		if (j >= c - 1 || !punct_is(doc, j, ','))
			break;
		k = j + 1;
	}
	return k;
}

/*
 * "Rubio flipped his choice -- saying he ...", "X visited Y, arguing that
 * ...": a participle after a comma or dash takes the subject that opens
 * the sentence.
 */
bool
said_participle_subject(Attributor *at, int c, int limit, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			k = limit;
	const SaidToken *p;

	if (c - 1 <= limit)
		return false;
	p = &doc->tok[c - 1];
	if (!(punct_is(doc, c - 1, ',') || punct_is(doc, c - 1, '-') ||
		  (p->kind == TOK_PUNCT && (unsigned char) doc->text[p->b0] == 0xE2) ||
		  (word_is(doc, c - 1, "and") && (doc->tok[c].lex & LX_CUE_PRESENT))))
		return false;
	/*
	 * past the marks and punctuation that open the sentence: kept from the
	 * last call, as the cues of one sentence ask in turn
	 */
	if (at->lead_from != limit || at->lead_to < limit)
	{
		at->lead_from = at->lead_to = limit;
		at->lead_ends = false;
	}
	while (!at->lead_ends && at->lead_to < c)
	{
		if (doc->tok[at->lead_to].kind != TOK_QUOTE && doc->tok[at->lead_to].kind != TOK_PUNCT)
			at->lead_ends = true;
		else
			at->lead_to++;
		said_work(doc, 1);
	}
	k = at->lead_to < c ? at->lead_to : c;
	k = past_opening_adjuncts(doc, k, c);
	if (k >= c - 1 || (doc->tok[k].flags & TF_IN_QUOTE) ||
		!(said_speaker_after(at, k, sp) || said_sentence_subject(at, k, c, sp)) || sp->t1 > c)
		return false;
	/* a finite verb after a comma is a new clause of its own, not a participle */
	if ((doc->tok[c].lex & LX_CUE_PRESENT) && !word_is(doc, c - 1, "and"))
		return false;
	if (sp->how == SP_NAMED || sp->how == SP_NOMINAL)
		sp->how = SP_CLAUSE;
	return true;
}

/* Speaker of a "Name: ..." line: the mention, or the capitalised words. */
void
said_colon_speaker(Attributor *at, int colon, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			m = doc->tok[colon - 1].mention;
	int			start = colon;

	if (m >= 0)
	{
		said_speaker_from_mention(at, sp, m);
		return;
	}
	while (start > 0 && !(doc->tok[start].flags & TF_LINE_START))
		start--;
	said_work(doc, (uint64_t) (colon - start) + 1);
	sp->t0 = start;
	sp->t1 = colon;
	sp->entity = said_entity_by_surname(at, colon - 1);
	sp->type = sp->entity >= 0 ? doc->entity[sp->entity].type : ENT_NONE;
	sp->how = sp->entity >= 0 ? SP_NAMED : SP_NOMINAL;
}

/*
 * The speaker becomes the noun phrase from token t0 to its end ("a source
 * close to him", "one GOP source in the room"): a nominal, typed by its
 * first person or group noun.
 */
static void
set_nominal_phrase(const SaidDoc *doc, Speaker *sp, int t0)
{
	sp->type = ENT_NONE;
	for (int k = t0; k < sp->t1; k++)
		if (doc->tok[k].lex & (LX_PERSON_NOUN | LX_GROUP_NOUN))
		{
			sp->type = doc->tok[k].lex & LX_PERSON_NOUN ? ENT_PERSON : ENT_GROUP;
			break;
		}
	sp->t0 = t0;
	sp->entity = -1;
	sp->how = SP_NOMINAL;
}

/*
 * Does the speaker found for a cue start right after the quote, but for a
 * few modifiers the tagger left out ("DoubleLine Capital portfolio manager
 * Bonnie Baha said")?  Then the speaker as written takes them in.
 */
bool
said_modifiers_only(const SaidDoc *doc, int after, Speaker *sp)
{
	if (sp->t0 < after || sp->t0 - after > LIM_SPEAKER_MODIFIERS)
		return false;
	for (int k = after; k < sp->t0; k++)
		if (!(doc->tok[k].kind == TOK_WORD || punct_is(doc, k, '-')) ||
			(doc->tok[k].lex & (LX_CUE_VERB | LX_PRON_REL)))
			return false;
	/* "a source close to him said": the phrase speaks, not "him" */
	if (sp->t0 > after && (sp->how == SP_PRONOUN || sp->how == SP_UNRESOLVED))
		set_nominal_phrase(doc, sp, after);
	sp->t0 = after;
	return true;
}

/*
 * "…, a source close to him said." / "…, one GOP source in the room said.":
 * the subject found ends a longer noun phrase that runs back to a comma.
 * The speaker is that whole phrase, a nominal one (not "him").
 */
bool
said_phrase_after_comma(Attributor *at, int s0, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			j = sp->t0 - 1;

	while (j > s0 && sp->t0 - j <= LIM_PHRASE_TO_COMMA && doc->tok[j].kind == TOK_WORD && at->cue_at[j] < 0 &&
		   !(doc->tok[j].lex & LX_PRON_REL) && !(doc->tok[j].flags & TF_IN_QUOTE))
		j--;
	if (j <= s0 || !punct_is(doc, j, ',') || !(doc->tok[j + 1].lex & LX_DETERMINER || word_is(doc, j + 1, "one")))
		return false;
	set_nominal_phrase(doc, sp, j + 1);
	return true;
}

/*
 * The owner of the noun at token n: a possessive ('s) or a possessive
 * pronoun before it, past a few modifiers ("Trump's recent evidence-free
 * assertion", "his warning").
 */
bool
said_possessor_of(Attributor *at, int n, int s0, Speaker *sp)
{
	SaidDoc    *doc = at->doc;

	for (int k = n - 1; k >= s0 && n - k <= LIM_POSSESSOR_MODIFIERS; k--)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->kind == TOK_WORD && (t->flags & TF_APOSTROPHE) && t->b1 - t->b0 <= LIM_CLITIC_BYTES && k - 1 >= s0)
			return speaker_ending_at(at, k - 1, s0, sp);
		if (word_in_class(doc, k, WORD_POSSESSIVE_3RD))
		{
			sp->t0 = k;
			sp->t1 = k + 1;
			sp->entity = said_resolve_pronoun(at, k);
			sp->how = sp->entity >= 0 ? SP_PRONOUN : SP_UNRESOLVED;
			sp->type = (t->lex & LX_PRON_PLURAL) ? ENT_GROUP :
				(t->lex & LX_PRON_NEUTER) ? ENT_ORGANIZATION : ENT_PERSON;
			if (sp->entity >= 0)
				sp->type = doc->entity[sp->entity].type == ENT_PERSON ? ENT_PERSON : ENT_ORGANIZATION;
			return true;
		}
		if (!(t->kind == TOK_WORD || punct_is(doc, k, '-')) || (t->lex & (LX_FUNCTION | LX_CUE_VERB)))
			return false;
	}
	return false;
}

/* Is token t a dash: -, –, — or ―? */
static bool
is_dash(const SaidDoc *doc, int t)
{
	const SaidToken *tk;
	const unsigned char *c;

	if (t < 0 || t >= doc->ntok || doc->tok[t].kind != TOK_PUNCT)
		return false;
	tk = &doc->tok[t];
	c = (const unsigned char *) doc->text + tk->b0;
	if (tk->b1 - tk->b0 == 1)
		return c[0] == '-';
	return tk->b1 - tk->b0 == 3 && c[0] == 0xE2 && c[1] == 0x80 && c[2] >= 0x93 && c[2] <= 0x95;
}

/*
 * A byline after a closing mark: a dash, then a named person or
 * organisation that ends its line or is followed by a comma (its
 * description: "— Michelle Marks, Philadelphia").
 */
bool
said_byline_speaker(Attributor *at, int t, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			m,
				end;

	if (!is_dash(doc, t) || t + 1 >= doc->ntok || at->cue_at[t + 1] >= 0)
		return false;
	m = doc->tok[t + 1].mention;
	if (m < 0 || doc->mention[m].t0 != t + 1 ||
		(doc->mention[m].type != ENT_PERSON && doc->mention[m].type != ENT_ORGANIZATION))
		return false;
	end = doc->mention[m].t1;
	if (end < doc->ntok && !(doc->tok[end].flags & TF_LINE_START) && !punct_is(doc, end, ',') &&
		!punct_is(doc, end, '.'))
		return false;
	if (end + 1 < doc->ntok && punct_is(doc, end, '.') && !(doc->tok[end + 1].flags & TF_LINE_START))
		return false;
	said_speaker_from_mention(at, sp, m);
	return true;
}


/*
 * The source named after "according to", in [t0, t1): a name that ends the
 * phrase ("according to Jim Smith"), else the phrase as a nominal, typed
 * by its head ("according to a senior official").
 */
void
said_according_to_source(Attributor *at, int t0, int t1, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			m = doc->tok[t1 - 1].mention;

	if (m >= 0 && doc->mention[m].t1 == t1)
	{
		said_speaker_from_mention(at, sp, m);
		sp->t0 = t0;
		sp->t1 = t1;
	}
	else
	{
		const SaidToken *head = &doc->tok[t1 - 1];

		sp->t0 = t0;
		sp->t1 = t1;
		sp->entity = -1;
		sp->how = SP_NOMINAL;
		sp->type = is_nominal_head(head) ? nominal_type(head) : ENT_NONE;
	}
}

/*
 * "the White House press secretary, Karoline Leavitt, said", "said
 * Microsoft's president, Brad Smith.": a speaker phrase of a person, or of
 * no known type ("his wife", "the assailant"), that names no one, then a
 * person's name set off by a comma, which closes the phrase (a comma, the
 * sentence's end).  The person speaks: the row gets the name's entity (its
 * canonical form and gender), and the phrase with the name is the speaker
 * as written.  Not a list ("the ministers, Brad Smith and …").  Every
 * reader and the learned stage read the phrase alone, so this runs once
 * their rows are decided.
 */
/*
 * The other order, "Diane Swonk, chief economist at KPMG, said", "Maria
 * Lopez, an economist at Acme Bank, said": the speaker phrase read lies in
 * the apposition of the person named before it, set off by commas, the
 * name opening its clause and the cue right after the apposition's closing
 * comma.  The row gets the person, and the name with its apposition is the
 * speaker as written.
 */
static bool
named_before_apposition(SaidDoc *doc, SaidAttribution *a)
{
	int			s0 = a->speaker_t0;
	int			open = s0 - 1;
	int			close,
				name,
				m;

	if (a->cue < 0 || s0 < 2)
		return false;
	/*
	 * closed by a comma before the cue, with nothing but words between the
	 * phrase and it: not a narration set in the name's clause ("Clinton, a
	 * top aide said, “is very confident”")
	 */
	close = doc->cue[a->cue].t0 - 1;
	if (close < a->speaker_t1 || !punct_is(doc, close, ','))
		return false;
	for (int k = a->speaker_t1; k < close; k++)
		if (doc->tok[k].kind != TOK_WORD && doc->tok[k].kind != TOK_NUMBER)
			return false;
	while (open > 0 && s0 - open < LIM_APPOSITION_TOKENS &&
		   (doc->tok[open].kind == TOK_WORD || doc->tok[open].kind == TOK_NUMBER))
		open--;
	if (open < 1 || !punct_is(doc, open, ',') || !same_sent(doc, open - 1, close))
		return false;
	name = open - 1;
	m = doc->tok[name].mention;
	if (m < 0 || doc->mention[m].t1 != open || doc->mention[m].type != ENT_PERSON || doc->mention[m].entity < 0)
		return false;
	/* not the subject of what is reported: "[Trump], the senator said, [is wrong]" */
	if ((int) doc->tok[name].b0 >= a->content_b0 && (int) doc->tok[name].b0 < a->content_b1)
		return false;
	/* the name opens its clause: the sentence's start, a comma or a quote before it */
	if (doc->mention[m].title_t0 > 0 && same_sent(doc, doc->mention[m].title_t0 - 1, name) &&
		!punct_is(doc, doc->mention[m].title_t0 - 1, ',') && doc->tok[doc->mention[m].title_t0 - 1].kind != TOK_QUOTE)
		return false;
	a->speaker_t0 = doc->mention[m].title_t0;
	a->speaker_t1 = close;
	a->speaker_entity = doc->mention[m].entity;
	a->speaker_type = ENT_PERSON;
	return true;
}

void
said_appositive_names(SaidDoc *doc)
{
	for (int i = 0; i < doc->nattr; i++)
	{
		SaidAttribution *a = &doc->attr[i];
		int			comma = a->speaker_t1;
		int			m,
					after;

		if (a->speaker_t0 < 0 || comma + 1 >= doc->ntok ||
			(a->speaker_entity >= 0 && doc->entity[a->speaker_entity].type == ENT_PERSON))
			continue;
		if (named_before_apposition(doc, a))
			continue;
		if (!(a->speaker_type == ENT_PERSON || a->speaker_type == ENT_NONE) ||
			!punct_is(doc, comma, ',') || !same_sent(doc, comma, comma + 1))
			continue;
		m = doc->tok[comma + 1].mention;
		if (m < 0 || doc->mention[m].title_t0 != comma + 1 || doc->mention[m].type != ENT_PERSON ||
			doc->mention[m].entity < 0)
			continue;
		after = doc->mention[m].t1;
		if (after < doc->ntok && same_sent(doc, comma, after) &&
			!(doc->tok[after].kind == TOK_PUNCT && !punct_is(doc, after, '-') &&
			  !(punct_is(doc, after, ',') && after + 1 < doc->ntok &&
				(word_is(doc, after + 1, "and") || word_is(doc, after + 1, "or")))))
			continue;
		a->speaker_t1 = after;
		a->speaker_entity = doc->mention[m].entity;
		a->speaker_type = ENT_PERSON;
	}
}
