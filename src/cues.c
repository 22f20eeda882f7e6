/*
 * cues.c -- stage 6: the words that attribute content to a source.
 *
 *  - verbs of saying and believing (data/lexicon.tsv, CUE_VERB), with a
 *    following "that" kept in the cue ("warned that") and the hearer of
 *    "tell" ("told the BBC");
 *  - "according to";
 *  - nouns of saying followed by "that" ("the claim that");
 *  - a colon after a short name at the start of a line ("Kerry: ...").
 *
 * Cues inside quoted regions are skipped: the speaker of a quote is never
 * inside it.
 */
#include "said.h"
#include "lexicon.h"
#include "tokens.h"
#include "word_classes.h"

#include <string.h>

static void
add_cue(SaidDoc *doc, int *cap, int t0, int t1, int kind, bool clause)
{
	SaidCue    *c;

	doc->cue = said_grow(doc->arena, doc->cue, cap, doc->ncue + 1, sizeof(SaidCue));
	c = &doc->cue[doc->ncue++];
	c->t0 = t0;
	c->t1 = t1;
	c->kind = (uint8_t) kind;
	c->takes_clause = clause;
}

/* A word ending in 's or ’s, or the clitic token itself: "Moscow's". */
static bool
possessive(const SaidDoc *doc, int t)
{
	const SaidToken *tk = &doc->tok[t];
	const char *e = doc->text + tk->b1;

	if (tk->kind != TOK_WORD || !(tk->flags & TF_APOSTROPHE) || tk->b1 - tk->b0 < 2)
		return false;
	return (e[-1] == 's' || e[-1] == 'S') &&
		(e[-2] == '\'' || (tk->b1 - tk->b0 >= 5 && (unsigned char) e[-4] == 0xE2 &&
							(unsigned char) e[-3] == 0x80 && (unsigned char) e[-2] == 0x99));
}

/* A past participle, after which 's is "has": "Trump's said", "he's told". */
static bool
participle_form(const SaidDoc *doc, int t)
{
	const SaidToken *tk = &doc->tok[t];

	if (tk->b1 - tk->b0 > 2 && doc->text[tk->b1 - 2] == 'e' && doc->text[tk->b1 - 1] == 'd')
		return true;
	return word_in_class(doc, t, WORD_IRREGULAR_PARTICIPLE);
}

void
said_cues(SaidDoc *doc)
{
	int			cap = 0;

	/* locals: the calls in the loop would make doc-> be read at every token */
	const SaidToken *tok = doc->tok;
	int			ntok = doc->ntok;
	const char *text = doc->text;

	doc->cue = NULL;
	doc->ncue = 0;
	said_work(doc, (uint64_t) ntok);
	for (int i = 0; i < ntok; i++)
	{
		const SaidToken *t = &tok[i];

		/*
		 * First letter of a word, folded (0 for other tokens): the fixed
		 * words below are compared only where it matches, instead of
		 * five word_is calls at every token.
		 */
		unsigned char first;

		if ((i & 8191) == 0)
			said_check_interrupts(doc);
		if (t->flags & TF_IN_QUOTE)
			continue;
		first = t->kind == TOK_WORD ? (unsigned char) (text[t->b0] | 0x20) : 0;
		/*
		 * Every test below needs a cue verb or noun, a word starting with
		 * a, r or p, or punctuation (':'): skip the other tokens at once.
		 */
		if (t->kind == TOK_WORD ? !(t->lex & (LX_CUE_VERB | LX_CUE_NOUN)) &&
			first != 'a' && first != 'r' && first != 'p' :
			t->kind != TOK_PUNCT)
			continue;

		if (first == 'a' && word_is(doc, i, "according") && word_is(doc, i + 1, "to"))
		{
			add_cue(doc, &cap, i, i + 2, CUE_ACCORDING_TO, false);
			i++;
			continue;
		}
		/* a capitalised cue word inside a sentence is a name: "Islamic State" */
		/*
		 * ... and one after a determiner or a possessive is a noun: "the
		 * report said", "his support", "Moscow's request" ("that" aside:
		 * "said that claims ...")
		 */
		if (t->kind == TOK_WORD && (t->lex & LX_CUE_VERB) &&
			!((t->flags & TF_UPPER_INITIAL) && !(t->flags & TF_SENT_START)) &&
			!(i > 0 && same_sent(doc, i - 1, i) &&
			  (((doc->tok[i - 1].lex & LX_DETERMINER) && !word_is(doc, i - 1, "that")) ||
			   (possessive(doc, i - 1) && !participle_form(doc, i)))))
		{
			int			end = i + 1;

			/* "told the BBC", "told reporters": the hearer belongs to the cue */
			if (word_in_class(doc, i, WORD_HEARER_VERB) && same_sent(doc, i, end))
			{
				int			k = end;

				while (k < doc->ntok && k < end + 4 && same_sent(doc, i, k) &&
					   (doc->tok[k].kind == TOK_WORD) &&
					   !(doc->tok[k].lex & (LX_PRON_REL)) && !word_is(doc, k, "that") &&
					   !(doc->tok[k].lex & LX_CUE_VERB))
				{
					k++;
					/* stop after the head noun of the hearer */
					if ((doc->tok[k - 1].lex & (LX_GROUP_NOUN | LX_PRON_FIRST | LX_PRON_MALE |
												LX_PRON_FEMALE | LX_PRON_PLURAL)) ||
						doc->tok[k - 1].mention >= 0)
					{
						while (k < doc->ntok && doc->tok[k].mention >= 0 &&
							   doc->tok[k].mention == doc->tok[k - 1].mention)
							k++;

						/*
						 * an outlet's or organisation's person: "told
						 * TheBlaze founder Glenn Beck", "told Fox News host
						 * Sean Hannity"
						 */
						if (doc->tok[k - 1].mention >= 0 &&
							doc->mention[doc->tok[k - 1].mention].type == ENT_ORGANIZATION &&
							k + 1 < doc->ntok && same_sent(doc, i, k + 1) &&
							(doc->tok[k].flags & TF_ALL_LOWER) && (doc->tok[k].lex & LX_PERSON_NOUN) &&
							doc->tok[k + 1].mention >= 0 &&
							doc->mention[doc->tok[k + 1].mention].type == ENT_PERSON)
							k = doc->mention[doc->tok[k + 1].mention].t1;
						end = k;
						break;
					}

					/*
					 * or after a name the tagger left out, where the clause
					 * ends: "told the BBC.", "told Reuters," (news outlets,
					 * seldom in its training); not "told CNN's Smith he ..."
					 */
					if (doc->tok[k - 1].flags & TF_UPPER_INITIAL)
					{
						int			j = k;

						while (same_sent(doc, i, j) &&
							   doc->tok[j].kind == TOK_WORD &&
							   (doc->tok[j].flags & TF_UPPER_INITIAL))
							j++;
						said_work(doc, (uint64_t) (j - k) + 1);
						if (!same_sent(doc, i, j) || doc->tok[j].kind == TOK_PUNCT ||
							doc->tok[j].kind == TOK_QUOTE || word_is(doc, j, "that"))
						{
							end = j;
							break;
						}
					}
				}
			}
			if (word_is(doc, end, "that"))
				end++;
			add_cue(doc, &cap, i, end, CUE_VERB, (t->lex & LX_CUE_CLAUSE) != 0);
			continue;
		}
		/*
		 * Two verbs that attribute only in a fixed frame: a document that
		 * "read(s)" ("“…,” the statement read") and "put it" ("as one
		 * aide put it, …").  The forms of one verb each, which the
		 * first-letter test above lets through: not word classes.
		 */
		if (first == 'r' && (word_is(doc, i, "read") || word_is(doc, i, "reads")) && i > 0 && same_sent(doc, i - 1, i) &&
			word_in_class(doc, i - 1, WORD_DOCUMENT_NOUN))
		{
			add_cue(doc, &cap, i, i + 1, CUE_VERB, false);
			continue;
		}
		if (first == 'p' && (word_is(doc, i, "put") || word_is(doc, i, "puts")) && word_is(doc, i + 1, "it") &&
			same_sent(doc, i, i + 1) && i > 0 && !(doc->tok[i - 1].lex & LX_FUNCTION) &&
			(i + 2 >= doc->ntok || doc->tok[i + 2].kind != TOK_WORD || !same_sent(doc, i, i + 2) ||
			 (doc->tok[i + 2].lex & LX_SENT_ADVERB) || word_is(doc, i + 2, "this")))
		{
			add_cue(doc, &cap, i, i + 2, CUE_VERB, false);
			i++;
			continue;
		}
		if (t->kind == TOK_WORD && (t->lex & LX_CUE_NOUN) && word_is(doc, i + 1, "that") &&
			same_sent(doc, i, i + 2))
		{
			add_cue(doc, &cap, i, i + 2, CUE_NOUN, true);
			i++;
			continue;
		}
		/* "Kerry: US looks at ..." -- a short name at a line start, then ':' */
		if (punct_is(doc, i, ':') && i > 0 && i + 1 < doc->ntok &&
			!(doc->tok[i + 1].flags & TF_LINE_START))
		{
			int			k = i - 1;
			int			m = doc->tok[k].mention;
			int			start;

			if (m >= 0 && doc->mention[m].t1 == i &&
				(doc->mention[m].type == ENT_PERSON || doc->mention[m].type == ENT_ORGANIZATION))
				start = doc->mention[m].title_t0;
			else
			{
				/* capitalised words the tagger left out, as in headlines */
				start = i;
				while (start > 0 && i - start < 3 && doc->tok[start - 1].kind == TOK_WORD &&
					   (doc->tok[start - 1].flags & TF_UPPER_INITIAL) &&
					   !(doc->tok[start - 1].lex & (LX_FUNCTION | LX_CALENDAR)) &&
					   !(doc->tok[start].flags & TF_LINE_START))
					start--;
				if (start == i)
					continue;
			}
			if (doc->tok[start].flags & TF_LINE_START)
				add_cue(doc, &cap, i, i + 1, CUE_COLON, true);
		}
	}
}
