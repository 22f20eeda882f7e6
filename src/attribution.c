/*
 * attribution.c -- stage 7: (content, cue, speaker) triples.
 *
 * Small named sieves, in this order, each leaving what it cannot decide to
 * the next (the rule name is kept on every attribution as its provenance):
 *
 *   direct.after       “…,” Assad said / “…,” said Kerry
 *   direct.before      Kerry said: “…” / he said, adding: “…”
 *   direct.interrupted “…,” he said. “…” / “…,” said X, a spokesman, “…”  -- one
 *                      attribution; quotes() gives one range, so the one
 *                      with its parts (set_parts)
 *   direct.continued   the next sentence (or paragraph) opens a quote with no
 *                      cue of its own: still the same attribution
 *   direct.before.adjunct  he said on Monday in Denver, “…”
 *   direct.before.participle  … and added, “…” / …, telling reporters: “…”
 *   direct.before.lead_in  Trump leaned in and boomed: “…” (no cue word: the
 *                      sentence's subject)
 *   direct.byline      “…” ― Martha Aguilar (a dash and a name under the quote)
 *                      A quote that continues the narrator's sentence ("called
 *                      it a “disaster”") is left to the indirect sieves: mixed
 *   indirect.*         X said (that) …; …, X said; according to X; the claim that …;
 *                      Kerry: … (headline); quoted words inside make it 'mixed';
 *                      the content ends where the narrator's next clause or
 *                      another speaker's clause starts.  Subjects: the cue's
 *                      own (after_cue), the sentence's for a participle
 *                      (participle: "…, saying …"), a bare noun (after_cue.bare),
 *                      none for "is expected to" (passive); "Asked whether …"
 *                      (asked: the question, its asker unnamed)
 *   direct.context     a quote standing alone: the speaker of the nearest
 *   direct.context.person  attribution before it, or the person named last
 *   mixed.embedded     quoted words inside a sentence with no cue: the
 *   direct.embedded    sentence's subject; whole quoted sentences are direct
 *   direct.unattributed
 *
 * Each rule's name, prior and limits are in rules.c; confidence is the
 * prior scaled by how the speaker was found (said_rule_confidence).
 *
 * Speakers: a named mention, a pronoun resolved to the nearest preceding
 * compatible named entity outside quotes, or a nominal ("a senior official").
 */
#include "said.h"
#include "lexicon.h"
#include "tokens.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#define Max(a, b) ((a) > (b) ? (a) : (b))

/* Regions or cues between interrupt checks: chosen by hand (test_hostile
 * measures the longest gap between checks). */
#define CHECK_INTERRUPTS_EVERY 256

typedef struct Speaker
{
	int			t0,
				t1;				/* as written, -1 when none */
	int			entity;
	int			type;			/* SaidEntityType */
	SaidSpeakerHow how;
} Speaker;

typedef struct Surname
{
	uint64_t	hash;			/* folded hash of the last word of a full name */
	int			entity;
} Surname;

typedef struct Attributor
{
	SaidDoc    *doc;
	int			cap;
	int32_t    *cue_at;			/* token -> cue starting there, or -1 */
	uint8_t    *cue_used;
	uint8_t    *region_used;
	int32_t    *person_mentions;	/* person mentions outside quotes, in order */
	int			nperson;
	int32_t    *entity_mentions;	/* org/location mentions outside quotes */
	int			nentity_m;
	uint8_t    *covered;		/* token is inside some attribution's content */
	int32_t    *region_next;	/* region continuing this one in the next paragraph, or -1 */
	int32_t    *attr_t1;		/* content end token of each attribution */
	int			attr_t1_cap;
	Surname    *surname;		/* persons' last names, sorted by hash */
	int			nsurname;
} Attributor;

static inline bool
same_para(const SaidDoc *doc, int a, int b)
{
	return a >= 0 && b >= 0 && a < doc->ntok && b < doc->ntok &&
		doc->sent[doc->tok[a].sent].para == doc->sent[doc->tok[b].sent].para;
}

/* ------------------------------------------------------------ pronouns */

/* Last index in arr[0..n) whose mention ends at or before token t, or -1. */
static int
mention_before(const SaidDoc *doc, const int32_t *arr, int n, int t)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (doc->mention[arr[mid]].t1 <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/*
 * The nearest preceding named person of a compatible gender outside
 * quotes ("he", "she"), or organisation/place ("it", "they" for a group).
 */
static int
resolve_pronoun(Attributor *at, int tok)
{
	SaidDoc    *doc = at->doc;
	uint32_t	lex = doc->tok[tok].lex;

	if (lex & (LX_PRON_MALE | LX_PRON_FEMALE))
	{
		int			want = (lex & LX_PRON_MALE) ? GENDER_MALE : GENDER_FEMALE;
		int			k = mention_before(doc, at->person_mentions, at->nperson, tok);

		for (int steps = 0; k >= 0 && steps < LIM_PRONOUN_PERSONS; k--, steps++)
		{
			const SaidMention *m = &doc->mention[at->person_mentions[k]];
			int			g = m->entity >= 0 ? doc->entity[m->entity].gender : m->gender;

			if (g == GENDER_UNKNOWN || g == want)
				return m->entity;
		}
		return -1;
	}
	if (lex & LX_PRON_NEUTER)
	{
		int			k = mention_before(doc, at->entity_mentions, at->nentity_m, tok);

		for (int steps = 0; k >= 0 && steps < LIM_PRONOUN_ORGS; k--, steps++)
		{
			const SaidMention *m = &doc->mention[at->entity_mentions[k]];

			if (m->type == ENT_ORGANIZATION)
				return m->entity;
		}
	}
	return -1;
}

/* ------------------------------------------------------------ speakers */

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

static void
set_from_mention(Attributor *at, Speaker *sp, int m)
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

static int	entity_by_surname(const Attributor *at, int t);

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
		set_from_mention(at, sp, t->mention);
		return true;
	}
	/* a surname alone that the tagger did not mark: "Bishop said" */
	if (t->mention < 0 && t->kind == TOK_WORD && (t->flags & TF_UPPER_INITIAL) &&
		!(t->flags & TF_SENT_START) && entity_by_surname(at, k) >= 0)
	{
		sp->t0 = k;
		sp->t1 = k + 1;
		sp->entity = entity_by_surname(at, k);
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
		sp->entity = resolve_pronoun(at, k);
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
		if (t->lex & LX_GROUP_NOUN)
			sp->type = ENT_GROUP;
		else if (t->lex & LX_ORG_NOUN)
			sp->type = ENT_ORGANIZATION;
		else
			sp->type = ENT_PERSON;
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
		sp->entity = -1;
		sp->type = ENT_NONE;
		sp->how = SP_NOMINAL;
		return true;
	}
	return false;
}

/* Does a noun phrase starting at t follow a preposition ("of Oklahoma")? */
static bool
object_of_preposition(const SaidDoc *doc, int t)
{
	return word_is(doc, t - 1, "of") || word_is(doc, t - 1, "in") || word_is(doc, t - 1, "at") ||
		word_is(doc, t - 1, "for") || word_is(doc, t - 1, "from") || word_is(doc, t - 1, "with");
}

/* The subject of the cue starting at token c: scan left over adverbs,
 * auxiliaries, an apposition and "who". */
static bool
subject_of(Attributor *at, int c, int limit, Speaker *sp, int depth)
{
	SaidDoc    *doc = at->doc;
	int			k = c - 1;
	int			skipped = 0;

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
		(word_is(doc, k - 2, "went") || word_is(doc, k - 2, "goes") || word_is(doc, k - 2, "go")))
		k -= 3;
	if (k < limit || !same_sent(doc, k, c))
		return false;
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
		/* "he said, adding: ..." -- the participle takes the earlier subject */
		if (depth == 0 && k - 1 >= limit && at->cue_at[k - 1] < 0)
		{
			/* find a cue that ends right before the comma */
			for (int j = k - 1; j >= limit && j >= k - LIM_PARTICIPLE_CUE_BACK; j--)
				if (at->cue_at[j] >= 0 && at->doc->cue[at->cue_at[j]].t1 == k)
					return subject_of(at, j, limit, sp, depth + 1);
		}
		else if (depth == 0 && at->cue_at[k - 1] >= 0)
			return subject_of(at, k - 1, limit, sp, depth + 1);
		/*
		 * apposition: ", the envoy," / ", 70," / ", citing ''…'',": the comma
		 * before it, or one of the two before that ("Woodrow Benford, 58, who
		 * lives outside Minneapolis, says")
		 */
		{
			int			commas = 0;

			for (int j = k - 1; j >= limit && j >= k - LIM_APPOSITION_TOKENS && same_sent(doc, j, c); j--)
				if (punct_is(doc, j, ',') && !(doc->tok[j].flags & TF_IN_QUOTE))
				{
					/* not the object of a preposition: "attorney general of Oklahoma," */
					if (speaker_ending_at(at, j - 1, limit, sp) && !object_of_preposition(doc, sp->t0))
						return true;
					if (++commas == LIM_APPOSITION_COMMAS)
						break;
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
static bool
bare_subject(Attributor *at, int c, int limit, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			k = c - 1;

	while (k >= limit && c - k <= LIM_SUBJECT_ADVERBS && doc->tok[k].kind == TOK_WORD &&
		   (doc->tok[k].lex & LX_SENT_ADVERB) && !(doc->tok[k].lex & LX_PRON_MALE))
		k--;
	/* a time before the verb is not its subject: "newspaper last week said" */
	if (k - 1 >= limit && ((doc->tok[k].lex & LX_CALENDAR) || word_is(doc, k, "week") ||
						   word_is(doc, k, "month") || word_is(doc, k, "year")) &&
		(word_is(doc, k - 1, "last") || word_is(doc, k - 1, "this") || word_is(doc, k - 1, "on") ||
		 word_is(doc, k - 1, "next")))
		k -= 2;
	if (k < limit || !same_sent(doc, k, c) || (doc->tok[k].flags & TF_IN_QUOTE))
		return false;
	/* "About three in 10 said", "many said", "others say" */
	if (!(doc->tok[k].kind == TOK_NUMBER ||
		  word_is(doc, k, "many") || word_is(doc, k, "most") || word_is(doc, k, "some") ||
		  word_is(doc, k, "others") || word_is(doc, k, "both") || word_is(doc, k, "few") ||
		  word_is(doc, k, "several") ||
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

static bool speaker_after(Attributor *at, int t, Speaker *sp);
static bool sentence_subject(Attributor *at, int s0, int end, Speaker *sp);

/*
 * "Rubio flipped his choice -- saying he ...", "X visited Y, arguing that
 * ...": a participle after a comma or dash takes the subject that opens
 * the sentence.
 */
static bool
participle_subject(Attributor *at, int c, int limit, Speaker *sp)
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
	while (k < c && (doc->tok[k].kind == TOK_QUOTE || doc->tok[k].kind == TOK_PUNCT))
		k++;
	if (k >= c - 1 || (doc->tok[k].flags & TF_IN_QUOTE) ||
		!(speaker_after(at, k, sp) || sentence_subject(at, k, c, sp)) || sp->t1 > c)
		return false;
	/* a finite verb after a comma is a new clause of its own, not a participle */
	if ((doc->tok[c].lex & LX_CUE_PRESENT) && !word_is(doc, c - 1, "and"))
		return false;
	if (sp->how == SP_NAMED || sp->how == SP_NOMINAL)
		sp->how = SP_CLAUSE;
	return true;
}

/*
 * The subject of the sentence starting at token s0, before token end: the
 * first person or organisation named, or subject pronoun, before its first
 * cue verb ("But a few days later, Trump reversed himself, telling ...").
 */
static bool
sentence_subject(Attributor *at, int s0, int end, Speaker *sp)
{
	SaidDoc    *doc = at->doc;

	for (int k = s0; k < end && k < s0 + LIM_SENTENCE_SUBJECT; k++)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->flags & TF_IN_QUOTE)
			continue;
		if (at->cue_at[k] >= 0 && doc->cue[at->cue_at[k]].kind == CUE_VERB)
			break;
		if (t->mention >= 0 && (doc->mention[t->mention].type == ENT_PERSON ||
								doc->mention[t->mention].type == ENT_ORGANIZATION))
		{
			set_from_mention(at, sp, t->mention);
			return sp->t1 <= end;
		}
		if (t->kind == TOK_WORD && (t->lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL)) &&
			!(t->lex & LX_DETERMINER))
			return speaker_ending_at(at, k, k, sp);
	}
	return false;
}

/* Inverted order: "said Kerry", "said the official", "said he". */
static bool
speaker_after(Attributor *at, int t, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			end = t + LIM_SPEAKER_AFTER < doc->ntok ? t + LIM_SPEAKER_AFTER : doc->ntok;

	if (t >= doc->ntok)
		return false;
	if (doc->tok[t].mention >= 0 && doc->mention[doc->tok[t].mention].title_t0 == t)
	{
		set_from_mention(at, sp, doc->tok[t].mention);
		return true;
	}
	if (doc->tok[t].lex & LX_TITLE)
	{
		int			k = t;

		while (k < end && (doc->tok[k].lex & LX_TITLE))
			k++;
		if (k < end && doc->tok[k].mention >= 0)
		{
			set_from_mention(at, sp, doc->tok[k].mention);
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
			set_from_mention(at, sp, tk->mention);
			sp->t0 = t;
			return true;
		}
		if (is_nominal_head(tk))
		{
			/* take the whole noun phrase up to "of ..." */
			sp->t0 = t;
			sp->t1 = k + 1;
			sp->entity = -1;
			sp->how = SP_NOMINAL;
			sp->type = (tk->lex & LX_GROUP_NOUN) ? ENT_GROUP :
				(tk->lex & LX_ORG_NOUN) ? ENT_ORGANIZATION : ENT_PERSON;
			return true;
		}
		if (tk->lex & (LX_FUNCTION & ~LX_DETERMINER) && !(tk->lex & LX_DETERMINER) &&
			!(k == t && word_is(doc, k, "one")))
			break;
	}
	/* any noun phrase opened by a determiner: "said one owner of a shop" */
	if ((doc->tok[t].lex & LX_DETERMINER) || word_is(doc, t, "one"))
	{
		int			k = t + 1;

		while (k < end && same_sent(doc, k, t) && doc->tok[k].kind == TOK_WORD &&
			   !(doc->tok[k].lex & (LX_FUNCTION | LX_CUE_VERB)))
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

/* The entity whose fullest name ends with the word at token t, if one:
 * binary search in the surnames sorted once per document. */
static int
entity_by_surname(const Attributor *at, int t)
{
	uint64_t	h = at->doc->tok[t].hash;
	int			lo = 0,
				hi = at->nsurname;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (at->surname[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= at->nsurname || at->surname[lo].hash != h)
		return -1;
	if (lo + 1 < at->nsurname && at->surname[lo + 1].hash == h &&
		at->surname[lo + 1].entity != at->surname[lo].entity)
		return -1;				/* ambiguous */
	return at->surname[lo].entity;
}

static int
by_surname_hash(const void *a, const void *b)
{
	const Surname *x = a,
			   *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->entity - y->entity;
}

static void
index_surnames(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	at->surname = said_arena_alloc(doc->arena, sizeof(Surname) * (size_t) (doc->nentity + 1));
	at->nsurname = 0;
	for (int e = 0; e < doc->nentity; e++)
	{
		const SaidMention *c = &doc->mention[doc->entity[e].canonical_mention];

		if (doc->entity[e].type != ENT_PERSON || c->t1 - c->t0 < 2)
			continue;
		at->surname[at->nsurname].hash = doc->tok[c->t1 - 1].hash;
		at->surname[at->nsurname].entity = e;
		at->nsurname++;
	}
	qsort(at->surname, at->nsurname, sizeof(Surname), by_surname_hash);
}

/* Speaker of a "Name: ..." line: the mention, or the capitalised words. */
static void
colon_speaker(Attributor *at, int colon, Speaker *sp)
{
	SaidDoc    *doc = at->doc;
	int			m = doc->tok[colon - 1].mention;
	int			start = colon;

	if (m >= 0)
	{
		set_from_mention(at, sp, m);
		return;
	}
	while (start > 0 && !(doc->tok[start].flags & TF_LINE_START))
		start--;
	sp->t0 = start;
	sp->t1 = colon;
	sp->entity = entity_by_surname(at, colon - 1);
	sp->type = sp->entity >= 0 ? doc->entity[sp->entity].type : ENT_NONE;
	sp->how = sp->entity >= 0 ? SP_NAMED : SP_NOMINAL;
}

/* ------------------------------------------------------------ emitting */

static SaidAttribution *
emit(Attributor *at, int kind, int ct0, int ct1, int cue, const Speaker *sp,
	 SaidRule rule)
{
	SaidDoc    *doc = at->doc;
	SaidAttribution *a;

	if (ct0 >= ct1)
		return NULL;
	doc->attr = said_grow(doc->arena, doc->attr, &at->cap, doc->nattr + 1, sizeof(SaidAttribution));
	at->attr_t1 = said_grow(doc->arena, at->attr_t1, &at->attr_t1_cap, doc->nattr + 1, sizeof(int32_t));
	at->attr_t1[doc->nattr] = ct1;
	a = &doc->attr[doc->nattr++];
	memset(a, 0, sizeof(*a));
	a->kind = (uint8_t) kind;
	a->content_b0 = (int32_t) doc->tok[ct0].b0;
	a->content_b1 = (int32_t) doc->tok[ct1 - 1].b1;
	a->content_c0 = (int32_t) doc->tok[ct0].c0;
	a->content_c1 = (int32_t) said_token_c1(doc, ct1 - 1);
	a->first_region = -1;
	a->cue = cue;
	if (cue >= 0)
		at->cue_used[cue] = 1;
	a->speaker_t0 = sp->how != SP_NONE ? sp->t0 : -1;
	a->speaker_t1 = sp->how != SP_NONE ? sp->t1 : -1;
	a->speaker_entity = sp->how != SP_NONE ? sp->entity : -1;
	a->speaker_type = sp->how != SP_NONE ? (uint8_t) sp->type : ENT_NONE;
	a->confidence = said_rule_confidence(rule, sp->how, sp->entity >= 0);
	a->rule = said_rule_name(rule);
	memset(at->covered + ct0, 1, (size_t) (ct1 - ct0));
	return a;
}

/* Content tokens of a region chain: first content token to last. */
static void
region_content(const Attributor *at, int r, int *t0, int *t1, int *last_region)
{
	const SaidDoc *doc = at->doc;
	int			last = r;

	while (at->region_next[last] >= 0)
		last = at->region_next[last];
	*t0 = doc->region[r].t0;
	*t1 = doc->region[last].t1;
	*last_region = last;
}

/* The first cue starting in [from, to) and in the sentence of from. */
static int
cue_in(Attributor *at, int from, int to)
{
	for (int k = from; k < to && k < at->doc->ntok; k++)
	{
		if (at->doc->tok[k].flags & TF_IN_QUOTE)
			return -1;
		if (at->cue_at[k] >= 0 && at->doc->cue[at->cue_at[k]].kind == CUE_VERB)
			return at->cue_at[k];
	}
	return -1;
}

/*
 * The cue of the narration after a quote, in [from, to): the first cue verb
 * outside a relative clause set off by commas ("Valdez Anderson, who works
 * at a heating company in Sacramento, said …"), or -1.
 */
static int
cue_after_apposition(Attributor *at, int from, int to)
{
	const SaidDoc *doc = at->doc;
	bool		relative = false;

	for (int k = from; k < to && k < doc->ntok && same_sent(doc, k, from); k++)
	{
		if (doc->tok[k].flags & TF_IN_QUOTE)
			return -1;
		if ((word_is(doc, k, "who") && punct_is(doc, k - 1, ',')) ||
			(k > from && punct_is(doc, k, ',') && doc->tok[k - 1].mention >= 0 &&
			 doc->mention[doc->tok[k - 1].mention].type == ENT_PERSON))
			relative = true;		/* "X, who …," / "X, the chair of …," */
		else if (relative && punct_is(doc, k, ','))
		{
			/* a second apposition may follow: "X, the attorney general, one of …, said" */
			relative = k + 1 < doc->ntok && at->cue_at[k + 1] < 0 && !(doc->tok[k + 1].lex & LX_SENT_ADVERB) &&
				(doc->tok[k + 1].lex & LX_DETERMINER || word_is(doc, k + 1, "one"));
		}
		else if (!relative && at->cue_at[k] >= 0 && doc->cue[at->cue_at[k]].kind == CUE_VERB)
			return at->cue_at[k];
		else if (!relative && k >= from + LIM_CUE_AFTER_QUOTE_PLAIN)
			return -1;
	}
	return -1;
}

/* Tokens after t that are only , . : ; -- marks; returns the first other. */
static int
skip_light_punct(const SaidDoc *doc, int t, int end)
{
	while (t < end && doc->tok[t].kind == TOK_PUNCT)
	{
		char		c = doc->text[doc->tok[t].b0];

		if (c != ',' && c != '.' && c != ':' && c != ';' && c != '-' &&
			(unsigned char) c != 0xE2)
			break;
		t++;
	}
	return t;
}

static int
sentence_content_end(const SaidDoc *doc, int s)
{
	int			t1 = doc->sent[s].t1;

	/* drop final punctuation and closing marks */
	while (t1 > doc->sent[s].t0 &&
		   (doc->tok[t1 - 1].kind == TOK_PUNCT || doc->tok[t1 - 1].kind == TOK_QUOTE))
		t1--;
	return t1;
}

/* Are there at least n words (or numbers) in [t0, t1)?  Stops at the n-th:
 * callers ask about a few words of what may be a long sentence. */
static bool
words_at_least(const SaidDoc *doc, int t0, int t1, int n)
{
	if (n <= 0)
		return true;
	for (int k = t0; k < t1; k++)
		if ((doc->tok[k].kind == TOK_WORD || doc->tok[k].kind == TOK_NUMBER) && --n == 0)
			return true;
	return false;
}

/* Does [t0,t1) overlap the content of an attribution emitted so far? */
static bool
overlaps_attribution(const Attributor *at, int t0, int t1)
{
	for (int k = t0; k < t1; k++)
		if (at->covered[k])
			return true;
	return false;
}

/* "…region," he said: the comma before the closing mark is not content. */
static int
trim_trailing_comma(const SaidDoc *doc, int t0, int t1)
{
	if (t1 - 1 > t0 && punct_is(doc, t1 - 1, ','))
		return t1 - 1;
	return t1;
}

/* Does token t open a quoted region? */
static inline bool
is_open_mark(const SaidDoc *doc, int t)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_QUOTE && doc->tok[t].region >= 0 &&
		doc->region[doc->tok[t].region].open_tok == t;
}

/*
 * The quoted region that continues an attribution whose last part ends
 * before token tail: one opening right after it ("“…,” he said. “…”") or
 * at the start of the next sentence, in the same or the next paragraph,
 * with no cue after it that would give it a speaker of its own.
 */
static int
continuing_region(Attributor *at, int tail, int content_end)
{
	SaidDoc    *doc = at->doc;
	int			n = skip_light_punct(doc, tail, doc->ntok);
	int			r2;
	int			b0,
				b1,
				last2,
				after2;

	if (n >= doc->ntok || tail <= 0)
		return -1;
	/*
	 * “…” “…” with nothing between in one paragraph: a new turn of a
	 * dialogue, not more of the same quote
	 */
	if (is_open_mark(doc, n) && doc->tok[tail - 1].kind == TOK_QUOTE && same_para(doc, tail - 1, n))
		return -1;
	if (!is_open_mark(doc, n))
	{
		/*
		 * Narration first: the rest of the speaker's apposition up to a comma
		 * before the next part (“…,” said X, a spokesman, “…”), or up to the
		 * end of the sentence, the next one opening with the next part.  A cue
		 * on the way gives what follows a speaker of its own.
		 */
		int			s = doc->tok[tail - 1].sent;
		int			k;

		for (k = tail; k < doc->ntok && k < tail + LIM_NARRATION_TOKENS && doc->tok[k].sent == s; k++)
		{
			if (at->cue_at[k] >= 0)
				return -1;
			if (is_open_mark(doc, k))
			{
				const SaidRegion *t = &doc->region[doc->tok[k].region];

				/* a title in the narration: said on “This Week” on Sunday */
				if (!punct_is(doc, k - 1, ',') && t->close_tok > k && (!t->is_speech || t->words <= LIM_TITLE_WORDS) &&
					doc->tok[t->close_tok].sent == s)
				{
					k = t->close_tok;
					continue;
				}
				break;
			}
		}
		if (k < doc->ntok && doc->tok[k].sent == s && is_open_mark(doc, k) && k > tail &&
			punct_is(doc, k - 1, ','))
			n = k;
		else
		{
			if (s + 1 >= doc->nsent || k != doc->sent[s + 1].t0)
				return -1;
			n = k;
			if (!is_open_mark(doc, n))
				return -1;
		}
	}
	if (doc->sent[doc->tok[n].sent].para - doc->sent[doc->tok[content_end - 1].sent].para > LIM_CONTINUE_PARAS)
		return -1;
	r2 = doc->tok[n].region;
	if (doc->region[r2].parent >= 0 || doc->region[r2].continues >= 0 ||
		at->region_used[r2] || doc->region[r2].words < LIM_CONTINUE_MIN_WORDS)
		return -1;
	region_content(at, r2, &b0, &b1, &last2);
	if (b0 >= b1)
		return -1;
	after2 = doc->region[last2].close_tok >= 0 ? doc->region[last2].close_tok + 1 : b1;
	after2 = skip_light_punct(doc, after2, doc->ntok);
	if (after2 < doc->ntok && same_para(doc, after2, b1 - 1) && !word_is(doc, after2, "and") &&
		(cue_in(at, after2, after2 + LIM_CUE_AFTER_PART) >= 0 || cue_after_apposition(at, after2, after2 + LIM_CUE_AFTER_QUOTE) >= 0) &&
		!((doc->tok[after2].flags & TF_SENT_START) && punct_is(doc, b1 - 1, '.')))
		return -1;
	return r2;
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
static bool
modifiers_only(const SaidDoc *doc, int after, Speaker *sp)
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
 * A quote in several parts ("“…,” he said. “…”") is one attribution whose
 * content runs from the first part to the last; the parts themselves, the
 * narration between them left out, are kept for quote_parts.  gaps[g] =
 * [end of part g, start of part g + 1).
 */
static void
set_parts(SaidDoc *doc, SaidAttribution *a, int ct0, int ct1, int (*gaps)[2], int ngap)
{
	int32_t    *parts;

	if (ngap == 0)
		return;
	parts = said_arena_alloc(doc->arena, sizeof(int32_t) * 2 * (size_t) (ngap + 1));
	for (int g = 0; g <= ngap; g++)
	{
		int			p0 = g == 0 ? ct0 : gaps[g - 1][1];
		int			p1 = g == ngap ? ct1 : gaps[g][0];

		parts[2 * g] = p0;
		parts[2 * g + 1] = trim_trailing_comma(doc, p0, p1);
	}
	a->parts = parts;
	a->nparts = ngap + 1;
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
static bool
byline_speaker(Attributor *at, int t, Speaker *sp)
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
	set_from_mention(at, sp, m);
	return true;
}

/*
 * Does the quote opening at token open continue a sentence of the
 * narrator's ("Woods concluded that “it would have been an insult” to …",
 * "the “kind of problems,” he said")?  Then its words are part of reported
 * speech (mixed) or a title, not a direct quote of their own.  A cue right
 * before the mark ("Kerry said “…”") leaves it direct.
 */
static bool
embedded_region(const Attributor *at, int open)
{
	const SaidDoc *doc = at->doc;
	const SaidToken *p;

	if (open <= 0 || !same_sent(doc, open - 1, open) ||
		(doc->tok[open].flags & (TF_SENT_START | TF_LINE_START)))
		return false;
	p = &doc->tok[open - 1];
	if (p->kind != TOK_WORD && p->kind != TOK_NUMBER)
		return false;
	if (word_is(doc, open - 1, "that"))
		return true;
	for (int j = open - 1; j >= 0 && j >= open - LIM_CUE_BEFORE_MARK; j--)
		if (at->cue_at[j] >= 0 && doc->cue[at->cue_at[j]].t1 == open)
			return false;
	return true;
}

/* Sieves 1-3: direct quotes anchored to a cue next to them. */
static void
direct_with_cues(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	for (int r = 0; r < doc->nregion; r++)
	{
		const SaidRegion *rg = &doc->region[r];
		int			ct0,
					ct1,
					last;
		int			after;
		int			cue = -1;
		Speaker		sp = {-1, -1, -1, ENT_NONE, SP_NONE};
		SaidRule	rule = RULE_NONE;
		int			clause_end = -1;
		bool		byline = false;

		if ((r & (CHECK_INTERRUPTS_EVERY - 1)) == 0)
			said_check_interrupts(doc);
		if (rg->parent >= 0 || rg->continues >= 0 || !rg->is_speech || at->region_used[r] ||
			embedded_region(at, rg->open_tok))
			continue;
		region_content(at, r, &ct0, &ct1, &last);
		if (ct0 >= ct1)
			continue;

		/* after: “…,” Assad said / “…,” said Kerry */
		after = doc->region[last].close_tok >= 0 ? doc->region[last].close_tok + 1 : ct1;
		after = skip_light_punct(doc, after, doc->ntok);
		/* “… of the state.” She noted …: a full sentence, then narration of its own */
		if (after < doc->ntok && same_para(doc, after, ct1 - 1) &&
			!((doc->tok[after].flags & TF_SENT_START) && punct_is(doc, ct1 - 1, '.')))
		{
			int			c = cue_after_apposition(at, after, after + LIM_CUE_AFTER_QUOTE);

			if (c >= 0 && !at->cue_used[c])
			{
				const SaidCue *cu = &doc->cue[c];

				if (cu->t0 == after && speaker_after(at, cu->t1, &sp))
				{
					cue = c;
					rule = RULE_DIRECT_AFTER_INVERTED;
					clause_end = sp.t1;
				}
				else if (subject_of(at, cu->t0, after, &sp, 1) && modifiers_only(doc, after, &sp))
				{
					cue = c;
					rule = RULE_DIRECT_AFTER;
					clause_end = cu->t1;
				}
				else
					sp.how = SP_NONE;
			}
		}
		/* before: Kerry said: “…” / he said, adding: “…” */
		if (cue < 0)
		{
			int			k = rg->open_tok - 1;
			int			gap = 0;

			while (k >= 0 && gap < LIM_MARK_GAP && same_para(doc, k, rg->open_tok) &&
				   (doc->tok[k].kind == TOK_PUNCT || word_is(doc, k, "that")) &&
				   at->cue_at[k] < 0)
			{
				k--;
				gap++;
			}
			if (k >= 0 && same_para(doc, k, rg->open_tok))
			{
				int			c = -1;

				for (int j = k; j >= 0 && j >= k - LIM_CUE_SPAN_BACK; j--)
					if (at->cue_at[j] >= 0 && doc->cue[at->cue_at[j]].t1 >= k)
					{
						c = at->cue_at[j];
						break;
					}
				if (c >= 0 && !at->cue_used[c] &&
					(doc->cue[c].kind == CUE_VERB || doc->cue[c].kind == CUE_COLON))
				{
					int			limit = doc->sent[doc->tok[doc->cue[c].t0].sent].t0;

					if (doc->cue[c].kind == CUE_COLON)
					{
						colon_speaker(at, doc->cue[c].t0, &sp);
						cue = c;
						rule = RULE_DIRECT_BEFORE_COLON;
					}
					else if (subject_of(at, doc->cue[c].t0, limit, &sp, 0) ||
							 speaker_after(at, doc->cue[c].t1, &sp))
					{
						cue = c;
						rule = RULE_DIRECT_BEFORE;
					}
					/* "… and added, “…”", "…, telling reporters: “…”" */
					else if (participle_subject(at, doc->cue[c].t0, limit, &sp))
					{
						cue = c;
						rule = RULE_DIRECT_BEFORE_PARTICIPLE;
					}
				}
			}
		}
		/*
		 * a byline under the quote: "“…” — Martha Aguilar" or "“…”\n- Sanders."
		 * (quotations collected from readers, fact checks)
		 */
		if (cue < 0 && doc->region[last].close_tok >= 0 &&
			byline_speaker(at, doc->region[last].close_tok + 1, &sp))
		{
			rule = RULE_DIRECT_BYLINE;
			byline = true;
		}
		/*
		 * a lead-in ending in a colon with no cue word: "Trump leaned in and
		 * boomed: “…”" -- the sentence's subject
		 */
		else if (cue < 0 && rg->open_tok > 0 && punct_is(doc, rg->open_tok - 1, ':') &&
			same_sent(doc, rg->open_tok - 1, rg->open_tok) &&
			sentence_subject(at, doc->sent[doc->tok[rg->open_tok].sent].t0, rg->open_tok - 1, &sp))
			rule = RULE_DIRECT_BEFORE_LEAD_IN;
		else if (cue < 0)
			continue;
		at->region_used[r] = 1;
		for (int k = r + 1; k <= last; k++)
			at->region_used[k] = 1;

		/*
		 * Quotes that follow with no cue of their own continue the same
		 * attribution: “…,” he said. “…” and the next sentence or paragraph
		 * opening with a quote.  News attribution corpora make these one
		 * attribution; the narration between them is not content, so it is
		 * left uncovered for reported speech of its own ("adding that …").
		 */
		{
			int			tail = clause_end > 0 ? clause_end : ct1;
			int			r2;
			int			gaps[LIM_QUOTE_PARTS][2];
			int			ngap = 0;

			if (doc->region[last].close_tok >= 0 && doc->region[last].close_tok + 1 > tail)
				tail = doc->region[last].close_tok + 1;
			/* a byline closes its quote: the next one has a byline of its own */
			while (ngap < LIM_QUOTE_PARTS && !byline &&
				   (r2 = continuing_region(at, tail, ct1)) >= 0)
			{
				int			b0,
							b1,
							last2;

				region_content(at, r2, &b0, &b1, &last2);
				for (int k = r2; k >= 0; k = at->region_next[k])
					at->region_used[k] = 1;
				/* past LIM_QUOTE_PARTS parts, the last one takes in the rest */
				if (ngap < LIM_QUOTE_PARTS)
				{
					gaps[ngap][0] = ct1;
					gaps[ngap][1] = b0;
					ngap++;
				}
				ct1 = b1;
				rule = clause_end > 0 && tail == clause_end ? RULE_DIRECT_INTERRUPTED : RULE_DIRECT_CONTINUED;
				tail = doc->region[last2].close_tok >= 0 ? doc->region[last2].close_tok + 1 : b1;
			}
			ct1 = trim_trailing_comma(doc, ct0, ct1);
			{
				SaidAttribution *a = emit(at, QK_DIRECT, ct0, ct1, cue, &sp, rule);

				if (a)
				{
					a->first_region = r;
					set_parts(doc, a, ct0, ct1, gaps, ngap);
				}
			}
			for (int g = 0; g < ngap; g++)
				memset(at->covered + gaps[g][0], 0, (size_t) (gaps[g][1] - gaps[g][0]));
		}
	}
}

/* Mark regions inside [t0,t1) as absorbed; true when any speech region was. */
static bool
absorb_regions(Attributor *at, int t0, int t1)
{
	SaidDoc    *doc = at->doc;
	bool		any = false;

	for (int k = t0; k < t1; k++)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->kind == TOK_QUOTE && t->region >= 0 && doc->region[t->region].open_tok == k)
		{
			at->region_used[t->region] = 1;
			any = true;
		}
	}
	return any;
}

/*
 * Where the reported clause starting at t0 ends, at the latest at send: at a
 * semicolon, or at a comma before a word that opens a new clause of the
 * narrator's ("…, but Cook did not say when", "…, while 9 percent …",
 * "…, who …").  Words after such a comma are rarely part of what was said.
 */
static int
reported_clause_end(const Attributor *at, int t0, int send)
{
	const SaidDoc *doc = at->doc;

	static const char *const openers[] = {
		"but", "while", "although", "though", "whereas", "who", "which",
		"adding", "saying", "according", "noting", "citing", "even", "yet", "with", NULL
	};

	for (int k = t0 + 1; k < send; k++)
	{
		if (doc->tok[k].flags & TF_IN_QUOTE)
			continue;
		if (punct_is(doc, k, ';'))
			return k;
		/* "said A and celebrated B": the narrator's next verb of saying */
		if ((word_is(doc, k, "and") || word_is(doc, k, "but")) && k + 1 < send &&
			at->cue_at[k + 1] >= 0 && (doc->tok[k + 1].lex & LX_CUE_PRESENT) &&
			!(doc->tok[k + 1].flags & TF_IN_QUOTE))
			return punct_is(doc, k - 1, ',') ? k - 1 : k;
		if (punct_is(doc, k, ','))
		{
			/* "…, calling it …", "…, warning that …": a participle of the narrator's */
			if (k + 1 < send && at->cue_at[k + 1] >= 0 && doc->tok[k + 1].kind == TOK_WORD &&
				!(doc->tok[k + 1].lex & LX_CUE_PRESENT) && doc->cue[at->cue_at[k + 1]].kind == CUE_VERB)
				return k;
			if (word_in(doc, k + 1, openers))
				return k;
			/*
			 * another speaker's clause: "…, said Dante Scala", "…, current and
			 * former officials said", "…, Hackett said that …"
			 */
			for (int j = k + 1; j < send && j <= k + LIM_OTHER_SPEAKER_CLAUSE && doc->tok[j].kind == TOK_WORD; j++)
				if (at->cue_at[j] >= 0 && doc->cue[at->cue_at[j]].kind == CUE_VERB &&
					(doc->tok[j].lex & LX_CUE_PRESENT) && !word_is(doc, j - 1, "there"))
					return k;
		}
	}
	return send;
}

/*
 * A reported clause [t0, t1) that is one quoted region to its end, after at
 * most a short adjunct closed by a comma or colon ("said about the movement,
 * “…”", "responded in a text message: “…”"): that region, else -1.
 */
static int
quote_after_adjunct(const Attributor *at, int t0, int t1)
{
	const SaidDoc *doc = at->doc;

	for (int k = t0; k < t1 && k < t0 + LIM_ADJUNCT_BEFORE_QUOTE; k++)
	{
		const SaidRegion *rg;

		if (doc->tok[k].kind == TOK_QUOTE)
		{
			if (!is_open_mark(doc, k) || at->region_used[doc->tok[k].region])
				return -1;
			rg = &doc->region[doc->tok[k].region];
			if (rg->parent >= 0 || rg->continues >= 0 || rg->t1 < t1 ||
				!(k == t0 || punct_is(doc, k - 1, ',') || punct_is(doc, k - 1, ':')))
				return -1;
			return doc->tok[k].region;
		}
		if (doc->tok[k].flags & TF_IN_QUOTE)
			return -1;
	}
	return -1;
}

/*
 * Is [t0, t1) one quoted region whole ("According to the report, “…”.")?
 * That region, else -1.
 */
static int
whole_region(const Attributor *at, int t0, int t1)
{
	const SaidDoc *doc = at->doc;
	const SaidRegion *rg;

	if (!is_open_mark(doc, t0) || at->region_used[doc->tok[t0].region])
		return -1;
	rg = &doc->region[doc->tok[t0].region];
	/* the region ends where the content does, but for punctuation either side of its mark */
	if (rg->parent >= 0 || rg->continues >= 0 || !rg->is_speech || rg->close_tok < 0 ||
		rg->close_tok < t1 - 1 || rg->close_tok > skip_light_punct(doc, t1, doc->ntok) ||
		skip_light_punct(doc, rg->close_tok + 1, t1) < t1)
		return -1;
	return doc->tok[t0].region;
}

/*
 * The raising passive of expectation, whose holder goes unnamed: "is
 * (widely) expected to", "it was expected that".  (Other passives -- "was
 * asked", "is considered" -- were right under a third of the time on
 * PolNeAR train and are left to the other rules.)  Returns the token of
 * "be", or -1.
 */
static int
passive_be(const SaidDoc *doc, int c, int limit)
{
	int			k = c - 1;

	if (!word_is(doc, c, "expected"))
		return -1;
	while (k >= limit && c - k <= LIM_PASSIVE_ADVERBS && doc->tok[k].kind == TOK_WORD &&
		   (word_is(doc, k, "not") || word_is(doc, k, "also") ||
			(doc->tok[k].b1 - doc->tok[k].b0 > LIM_LY_ADVERB_BYTES && doc->text[doc->tok[k].b1 - 2] == 'l' &&
			 doc->text[doc->tok[k].b1 - 1] == 'y')))
		k--;
	if (k >= limit && (word_is(doc, k, "is") || word_is(doc, k, "are") || word_is(doc, k, "was") ||
					   word_is(doc, k, "were") || word_is(doc, k, "be") || word_is(doc, k, "been") ||
					   word_is(doc, k, "being")))
		return k;
	return -1;
}

/* Sieve 4: reported speech around unused cues. */
/*
 * "…, a source close to him said." / "…, one GOP source in the room said.":
 * the subject found ends a longer noun phrase that runs back to a comma.
 * The speaker is that whole phrase, a nominal one (not "him").
 */
static bool
noun_phrase_after_comma(Attributor *at, int s0, Speaker *sp)
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

/* A comma ending a clause at t, or inside the closing mark there: ',”' */
static bool
clause_comma(const SaidDoc *doc, int t)
{
	return punct_is(doc, t, ',') ||
		(t > 0 && doc->tok[t].kind == TOK_QUOTE && punct_is(doc, t - 1, ','));
}

/* The end of such a clause: before its comma, or through the mark closing after it */
static int
clause_comma_end(const SaidDoc *doc, int t)
{
	return doc->tok[t].kind == TOK_QUOTE ? t + 1 : t;
}

/*
 * The owner of the noun at token n: a possessive ('s) or a possessive
 * pronoun before it, past a few modifiers ("Trump's recent evidence-free
 * assertion", "his warning").
 */
static bool
possessor_of(Attributor *at, int n, int s0, Speaker *sp)
{
	SaidDoc    *doc = at->doc;

	for (int k = n - 1; k >= s0 && n - k <= LIM_POSSESSOR_MODIFIERS; k--)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->kind == TOK_WORD && (t->flags & TF_APOSTROPHE) && t->b1 - t->b0 <= LIM_CLITIC_BYTES && k - 1 >= s0)
			return speaker_ending_at(at, k - 1, s0, sp);
		if (word_is(doc, k, "his") || word_is(doc, k, "her") || word_is(doc, k, "their") ||
			word_is(doc, k, "its"))
		{
			sp->t0 = k;
			sp->t1 = k + 1;
			sp->entity = resolve_pronoun(at, k);
			sp->how = sp->entity >= 0 ? SP_PRONOUN : SP_UNRESOLVED;
			sp->type = word_is(doc, k, "their") ? ENT_GROUP :
				word_is(doc, k, "its") ? ENT_ORGANIZATION : ENT_PERSON;
			if (sp->entity >= 0)
				sp->type = doc->entity[sp->entity].type == ENT_PERSON ? ENT_PERSON : ENT_ORGANIZATION;
			return true;
		}
		if (!(t->kind == TOK_WORD || punct_is(doc, k, '-')) || (t->lex & (LX_FUNCTION | LX_CUE_VERB)))
			return false;
	}
	return false;
}

/*
 * Is [k, send) only an adjunct of the cue, with no clause in it: "in a
 * statement", "on Tuesday", "in an interview with the AP on Friday"?  A
 * preposition first, then no subject pronoun, "that" or cue verb, and a few
 * words at most.
 */
static bool
adjunct_only(const SaidDoc *doc, int k, int send)
{
	static const char *const preps[] = {
		"in", "on", "at", "during", "after", "before", "with", "from", "via",
		"last", "this", "earlier", "later", "late", "early", "yesterday", "today", NULL
	};

	if (k >= send || words_at_least(doc, k, send, LIM_ADJUNCT_WORDS))
		return false;
	if (!word_in(doc, k, preps) && !(doc->tok[k].lex & LX_CALENDAR))
		return false;
	for (int j = k; j < send; j++)
	{
		const SaidToken *t = &doc->tok[j];

		if (t->kind == TOK_QUOTE || word_is(doc, j, "that") || word_is(doc, j, "it") ||
			(t->kind == TOK_WORD && (t->lex & (LX_CUE_VERB | LX_PRON_FIRST | LX_PRON_PLURAL)) &&
			 !(t->lex & LX_DETERMINER)) ||
			((t->lex & (LX_PRON_MALE | LX_PRON_FEMALE)) && !(t->lex & LX_DETERMINER) &&
			 !word_is(doc, j, "him") && !word_is(doc, j, "her")))
			return false;
	}
	return true;
}

/*
 * "Asked on Monday whether …, she said …" / "When asked by reporters if …":
 * a question put to the sentence's subject by someone left unnamed (or
 * named after "by").  The content is the question, up to the comma.
 */
static bool
asked_clause(Attributor *at, const SaidCue *cu, int s0, int send, Speaker *sp, int *ct0, int *ct1)
{
	SaidDoc    *doc = at->doc;
	int			k = cu->t1;
	int			end;

	if (!word_is(doc, cu->t0, "asked") ||
		!(cu->t0 == s0 ||
		  (cu->t0 == s0 + 1 && (word_is(doc, s0, "when") || word_is(doc, s0, "after") ||
								word_is(doc, s0, "if") || word_is(doc, s0, "once"))) ||
		  (cu->t0 - 2 >= s0 && word_is(doc, cu->t0 - 1, "when") && punct_is(doc, cu->t0 - 2, ','))))
		return false;
	if (word_is(doc, k, "by") && speaker_after(at, k + 1, sp))
		k = sp->t1;
	/* the question itself, past a time or place: "Asked on Monday whether …" */
	for (int j = k; j < send && j < k + LIM_QUESTION_REACH && !punct_is(doc, j, ','); j++)
		if (word_is(doc, j, "whether") || word_is(doc, j, "if") || word_is(doc, j, "why") ||
			word_is(doc, j, "how") || word_is(doc, j, "what") || word_is(doc, j, "about"))
		{
			k = j;
			break;
		}
	for (end = k; end < send && !(punct_is(doc, end, ',') && !(doc->tok[end].flags & TF_IN_QUOTE)); end++)
		;
	if (!words_at_least(doc, k, end, LIM_QUESTION_MIN_WORDS))
	{
		sp->how = SP_NONE;
		sp->t0 = sp->t1 = -1;
		return false;
	}
	*ct0 = k;
	*ct1 = end;
	return true;
}

static void
indirect(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	for (int c = 0; c < doc->ncue; c++)
	{
		const SaidCue *cu = &doc->cue[c];
		int			s = doc->tok[cu->t0].sent;
		int			s0 = doc->sent[s].t0;
		int			send = sentence_content_end(doc, s);
		Speaker		sp = {-1, -1, -1, ENT_NONE, SP_NONE};
		int			ct0 = -1,
					ct1 = -1;
		SaidRule	rule = RULE_NONE;
		int			r;

		if ((c & (CHECK_INTERRUPTS_EVERY - 1)) == 0)
			said_check_interrupts(doc);
		if (at->cue_used[c])
			continue;
		switch (cu->kind)
		{
			case CUE_VERB:
				if (!cu->takes_clause)
					break;
				if (asked_clause(at, cu, s0, send, &sp, &ct0, &ct1))
					rule = RULE_INDIRECT_ASKED;
				else if ((r = passive_be(doc, cu->t0, s0)) >= 0)
				{
					/*
					 * "The decision is widely expected to be unfavorable": the
					 * subject is part of what is held, by no one named; "it
					 * was reported that …": the clause after
					 */
					int			k = cu->t1;

					if (r > s0 && word_is(doc, r - 1, "it"))
						ct0 = skip_light_punct(doc, k, send);
					else
						ct0 = s0;
					ct1 = reported_clause_end(at, Max(ct0, k), send);
					if (words_at_least(doc, cu->t1, ct1, 1))
						rule = RULE_INDIRECT_PASSIVE;
				}
				else if (subject_of(at, cu->t0, s0, &sp, 0) || participle_subject(at, cu->t0, s0, &sp) ||
						 bare_subject(at, cu->t0, s0, &sp))
				{
					int			k = cu->t1;
					bool		adjunct;

					/* "said on Tuesday that ..." */
					for (int j = k; j < send && j < k + LIM_THAT_REACH; j++)
					{
						if (punct_is(doc, j, ',') || doc->tok[j].kind == TOK_QUOTE)
							break;
						if (word_is(doc, j, "that"))
						{
							k = j + 1;
							break;
						}
					}
					k = skip_light_punct(doc, k, send);
					/* "support for", "plans of": a noun after all */
					if (k == cu->t1 && (word_is(doc, k, "for") || word_is(doc, k, "of")) &&
						!(doc->tok[cu->t0].lex & LX_CUE_STRONG))
						break;
					/* "argued in December", "rejected by the courts", "show up": no clause follows */
					if (k == cu->t1 && !(doc->tok[cu->t0].lex & LX_CUE_STRONG) &&
						(word_is(doc, k, "in") || word_is(doc, k, "by") || word_is(doc, k, "at") ||
						 word_is(doc, k, "up") || word_is(doc, k, "off") || word_is(doc, k, "down") ||
						 word_is(doc, k, "away") || word_is(doc, k, "around") || word_is(doc, k, "back") ||
						 word_is(doc, k, "on") || word_is(doc, k, "with") || word_is(doc, k, "from") ||
						 word_is(doc, k, "during") || word_is(doc, k, "into") || word_is(doc, k, "through")))
						break;
					/* "said, adding that …": the participle has the clause, not the cue */
					adjunct = adjunct_only(doc, k, send) ||
						(punct_is(doc, cu->t1, ',') && k < send && at->cue_at[k] >= 0 &&
						 !(doc->tok[k].lex & LX_CUE_PRESENT));
					if (!adjunct && words_at_least(doc, k, send, LIM_CLAUSE_MIN_WORDS))
					{
						ct0 = k;
						ct1 = reported_clause_end(at, k, send);
						rule = sp.how == SP_GUESS ? RULE_INDIRECT_AFTER_CUE_BARE :
							sp.how == SP_CLAUSE ? RULE_INDIRECT_PARTICIPLE : RULE_INDIRECT_AFTER_CUE;
					}
					else if ((adjunct || k >= send || punct_is(doc, cu->t1, ',')) && sp.t0 > s0 &&
							 (clause_comma(doc, sp.t0 - 1) || noun_phrase_after_comma(at, s0, &sp)))
					{
						/* "..., X said." */
						ct0 = s0;
						ct1 = clause_comma_end(doc, sp.t0 - 1);
						rule = RULE_INDIRECT_BEFORE_CUE;
					}
				}
				else if (cu->t0 > s0 && clause_comma(doc, cu->t0 - 1) &&
						 speaker_after(at, cu->t1, &sp) &&
						 (skip_light_punct(doc, sp.t1, send) >= send || punct_is(doc, sp.t1, ',')))
				{
					/* "..., said Kerry." */
					ct0 = s0;
					ct1 = clause_comma_end(doc, cu->t0 - 1);
					rule = RULE_INDIRECT_BEFORE_CUE_INVERTED;
				}
				break;
			case CUE_ACCORDING_TO:
				{
					int			k = cu->t1;
					int			end = k;

					while (end < send && !punct_is(doc, end, ',') && end < k + LIM_ACCORDING_TO_SOURCE)
						end++;
					if (end > k)
					{
						/* a name that ends the phrase: "according to Jim Smith" */
						int			m = doc->tok[end - 1].mention;

						if (m >= 0 && doc->mention[m].t1 == end)
						{
							set_from_mention(at, &sp, m);
							sp.t0 = k;
							sp.t1 = end;
						}
						else
						{
							int			head = end - 1;

							sp.t0 = k;
							sp.t1 = end;
							sp.entity = -1;
							sp.how = SP_NOMINAL;
							sp.type = is_nominal_head(&doc->tok[head]) ?
								((doc->tok[head].lex & LX_GROUP_NOUN) ? ENT_GROUP :
								 (doc->tok[head].lex & LX_ORG_NOUN) ? ENT_ORGANIZATION : ENT_PERSON) :
								ENT_NONE;
						}
					}
					if (cu->t0 - s0 <= LIM_ACCORDING_AT_START)
					{
						ct0 = skip_light_punct(doc, end, send);
						ct1 = send;
					}
					else
					{
						ct0 = s0;
						ct1 = punct_is(doc, cu->t0 - 1, ',') ? cu->t0 - 1 : cu->t0;
					}
					rule = RULE_INDIRECT_ACCORDING_TO;
				}
				break;
			case CUE_NOUN:
				ct0 = cu->t1;
				ct1 = send;
				rule = RULE_INDIRECT_NOUN_THAT;
				/* "Kerry's claim that", "his warning that", "Trump's recent assertion that" */
				if (!possessor_of(at, cu->t0, s0, &sp) &&
				/* "Trump repeated the claim that": the sentence's subject */
					!sentence_subject(at, s0, cu->t0, &sp))
					sp.how = SP_NONE;
				break;
			case CUE_COLON:
				{
					int			k = cu->t1;
					int			end = k;

					while (end < doc->ntok && !(doc->tok[end].flags & TF_LINE_START))
						end++;
					while (end > k && (doc->tok[end - 1].kind == TOK_PUNCT || doc->tok[end - 1].kind == TOK_QUOTE))
						end--;
					if (words_at_least(doc, k, end, LIM_COLON_MIN_WORDS))
					{
						colon_speaker(at, cu->t0, &sp);
						ct0 = k;
						ct1 = end;
						rule = RULE_INDIRECT_COLON;
					}
				}
				break;
		}
		if (rule == RULE_NONE || ct0 < 0 || ct1 <= ct0 || !words_at_least(doc, ct0, ct1, LIM_CONTENT_MIN_WORDS))
			continue;
		/* leading opening marks of a fully quoted content belong to a direct quote */
		if (overlaps_attribution(at, ct0, ct1))
			continue;
		if ((cu->kind == CUE_VERB && (r = quote_after_adjunct(at, ct0, ct1)) >= 0) ||
			(cu->kind == CUE_ACCORDING_TO && (r = whole_region(at, ct0, ct1)) >= 0))
		{
			/*
			 * he said about the movement, “…”; according to the report, “…”;
			 * “…,” according to X: a direct quote after all
			 */
			int			q0,
						q1,
						last;
			SaidAttribution *a;

			region_content(at, r, &q0, &q1, &last);
			for (int k = r; k >= 0; k = at->region_next[k])
				at->region_used[k] = 1;
			a = emit(at, QK_DIRECT, q0, trim_trailing_comma(doc, q0, q1), c, &sp,
					 cu->kind == CUE_ACCORDING_TO ? RULE_DIRECT_ACCORDING_TO : RULE_DIRECT_BEFORE_ADJUNCT);
			if (a)
				a->first_region = r;
			continue;
		}
		{
			bool		quoted = absorb_regions(at, ct0, ct1);
			int			kind = quoted ? QK_MIXED : QK_INDIRECT;

			emit(at, kind, ct0, ct1, c, &sp, rule);
		}
	}
}

/*
 * Sieves 5-6: remaining speech regions.  One standing as a sentence of its
 * own takes the speaker of the nearest attribution before it within two
 * paragraphs (the quote goes on in another voice rarely without a cue);
 * one embedded in a sentence after a word is a title, a scare quote or a
 * fragment of reported speech, not a direct quote.
 */
static void
direct_without_cues(Attributor *at)
{
	SaidDoc    *doc = at->doc;
	int32_t    *ends_at = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->ntok + 1));
	int			nearest = -1;	/* attribution with a speaker ending last so far */
	int			swept = 0;

	/* all bytes 0xff: -1 in every element */
	memset(ends_at, 0xff, sizeof(int32_t) * (size_t) (doc->ntok + 1));
	for (int i = 0; i < doc->nattr; i++)
		if (doc->attr[i].speaker_t0 >= 0)
			ends_at[Max(at->attr_t1[i], doc->attr[i].speaker_t1)] = i;

	for (int r = 0; r < doc->nregion; r++)
	{
		const SaidRegion *rg = &doc->region[r];
		int			ct0,
					ct1,
					last;
		int			open = rg->open_tok;
		Speaker		sp = {-1, -1, -1, ENT_NONE, SP_NONE};
		SaidRule	rule = RULE_DIRECT_UNATTRIBUTED;
		int			kind = QK_DIRECT;

		for (; swept <= open; swept++)
			if (ends_at[swept] >= 0)
				nearest = ends_at[swept];
		if (rg->parent >= 0 || rg->continues >= 0 || !rg->is_speech || at->region_used[r])
			continue;
		region_content(at, r, &ct0, &ct1, &last);
		if (ct0 >= ct1 || rg->words < LIM_UNCUED_MIN_WORDS || overlaps_attribution(at, ct0, ct1))
			continue;
		if (open > 0 && !(doc->tok[open].flags & TF_SENT_START) && same_sent(doc, open - 1, open) &&
			(doc->tok[open - 1].kind == TOK_WORD || doc->tok[open - 1].kind == TOK_NUMBER))
		{
			int			k = doc->sent[doc->tok[open].sent].t0;

			kind = QK_MIXED;
			rule = RULE_MIXED_EMBEDDED;
			/*
			 * the subject that opens the sentence: "Trump called it “a
			 * disaster”"; with one, sentences quoted whole after a few words
			 * are its direct quote: "Skelly called Braynard “a real smart guy.
			 * I’d like …”"
			 */
			if (sentence_subject(at, k, open, &sp) &&
				doc->tok[ct1 - 1].sent != doc->tok[ct0].sent && rg->words >= LIM_EMBEDDED_SENTENCE_WORDS)
			{
				kind = QK_DIRECT;
				rule = RULE_DIRECT_EMBEDDED;
			}
		}
		else
		{
			int			pr = doc->sent[doc->tok[open].sent].para;
			int			pn = mention_before(doc, at->person_mentions, at->nperson, open);
			int			speaker_at = -1;

			/* the nearer of the last speaker and the last person named before */
			if (nearest >= 0 && pr - doc->sent[doc->tok[doc->attr[nearest].speaker_t0].sent].para <= LIM_CONTEXT_PARAS)
				speaker_at = doc->attr[nearest].speaker_t0;
			if (pn >= 0)
			{
				const SaidMention *m = &doc->mention[at->person_mentions[pn]];

				/*
				 * a name in the narration of that attribution is not a new
				 * voice: "“…,” Clinton said, recalling … when she, Sanders
				 * and President Obama were in the Senate. “…”"
				 */
				bool		in_narration = speaker_at >= 0 &&
					doc->tok[m->t0].sent == doc->tok[Max(at->attr_t1[nearest], doc->attr[nearest].speaker_t1) - 1].sent;

				if (m->t0 > speaker_at && !in_narration && pr - doc->sent[doc->tok[m->t0].sent].para <= LIM_CONTEXT_PERSON_PARAS)
				{
					set_from_mention(at, &sp, at->person_mentions[pn]);
					sp.how = SP_PRONOUN;	/* a guess from context, in effect */
					rule = RULE_DIRECT_CONTEXT_PERSON;
					speaker_at = -1;
				}
			}
			if (speaker_at >= 0)
			{
				const SaidAttribution *a = &doc->attr[nearest];

				sp.t0 = a->speaker_t0;
				sp.t1 = a->speaker_t1;
				sp.entity = a->speaker_entity;
				sp.type = a->speaker_type;
				sp.how = SP_PRONOUN;
				rule = RULE_DIRECT_CONTEXT;
			}
		}
		at->region_used[r] = 1;
		{
			SaidAttribution *a = emit(at, kind, ct0, ct1, -1, &sp, rule);

			if (a)
			{
				a->first_region = r;
				if (a->speaker_t0 >= 0)
					nearest = (int) (a - doc->attr);
			}
		}
	}
}

static int
by_content_start(const void *a, const void *b)
{
	const SaidAttribution *x = a,
			   *y = b;

	if (x->content_b0 != y->content_b0)
		return x->content_b0 < y->content_b0 ? -1 : 1;
	return x->content_b1 < y->content_b1 ? -1 : x->content_b1 > y->content_b1;
}

void
said_attribute(SaidDoc *doc)
{
	Attributor	at;

	memset(&at, 0, sizeof(at));
	at.doc = doc;
	doc->attr = NULL;
	doc->nattr = 0;
	at.cue_at = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->ntok + 1));
	/* all bytes 0xff: -1 in every element (the last one is never read) */
	memset(at.cue_at, 0xff, sizeof(int32_t) * (size_t) doc->ntok);
	for (int c = 0; c < doc->ncue; c++)
		at.cue_at[doc->cue[c].t0] = c;
	at.cue_used = said_arena_calloc(doc->arena, (size_t) doc->ncue + 1, 1);
	at.covered = said_arena_calloc(doc->arena, (size_t) doc->ntok + 1, 1);
	at.region_used = said_arena_calloc(doc->arena, (size_t) doc->nregion + 1, 1);
	at.region_next = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nregion + 1));
	for (int r = 0; r < doc->nregion; r++)
		at.region_next[r] = -1;
	for (int r = 0; r < doc->nregion; r++)
		if (doc->region[r].continues >= 0)
			at.region_next[doc->region[r].continues] = r;
	at.person_mentions = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nmention + 1));
	at.entity_mentions = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nmention + 1));
	for (int m = 0; m < doc->nmention; m++)
	{
		const SaidMention *mm = &doc->mention[m];

		if (doc->tok[mm->t0].flags & TF_IN_QUOTE)
			continue;
		if (mm->type == ENT_PERSON)
			at.person_mentions[at.nperson++] = m;
		else if (mm->type == ENT_ORGANIZATION || mm->type == ENT_LOCATION)
			at.entity_mentions[at.nentity_m++] = m;
	}

	index_surnames(&at);
	direct_with_cues(&at);
	indirect(&at);
	direct_without_cues(&at);
	if (doc->nattr > 1)
		qsort(doc->attr, doc->nattr, sizeof(SaidAttribution), by_content_start);
}
