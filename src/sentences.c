/*
 * sentences.c -- stage 2: tokens to sentences and paragraphs.
 *
 * A sentence ends at . ! ? (or …) followed, after any closing quote marks and
 * brackets, by a token that can start a sentence; at a paragraph start; and
 * after an abbreviation such as "U.S." only when a pronoun or function word
 * follows ("... in the U.S. He said"), since "U.S. Army" is one name.
 */
#include "said.h"
#include "lexicon.h"

static inline bool
is_terminal(const SaidDoc *doc, const SaidToken *t)
{
	unsigned char c;

	if (t->kind != TOK_PUNCT)
		return false;
	c = (unsigned char) doc->text[t->b0];
	if (c == '.' || c == '!' || c == '?')
		return true;
	/* … (U+2026) */
	return t->b1 - t->b0 == 3 && c == 0xE2 &&
		(unsigned char) doc->text[t->b0 + 1] == 0x80 &&
		(unsigned char) doc->text[t->b0 + 2] == 0xA6;
}

static inline bool
is_closer(const SaidDoc *doc, const SaidToken *t)
{
	if (t->kind == TOK_QUOTE)
	{
		/*
		 * A mark with a space before and a word right after opens, whatever
		 * its glyph: NYT-style '' is both opener and closer.
		 */
		if ((t->qmark & QM_CAN_OPEN) && (t->flags & TF_SPACE_BEFORE) && !(t->flags & TF_SPACE_AFTER))
			return false;
		return (t->qmark & QM_CAN_CLOSE) != 0;
	}
	if (t->kind == TOK_PUNCT)
	{
		char		c = doc->text[t->b0];

		return c == ')' || c == ']' || c == '}';
	}
	return false;
}

/* Can token t begin a new sentence? */
static inline bool
can_start(const SaidToken *t)
{
	if (t->flags & (TF_UPPER_INITIAL | TF_PARA_START | TF_LINE_START))
		return true;
	if (t->kind == TOK_NUMBER || t->kind == TOK_QUOTE || t->kind == TOK_SYMBOL)
		return true;
	return false;
}

/* Append sentence [t0, t1) of paragraph para; returns the (moved) array. */
static SaidSentence *
add_sentence(SaidDoc *doc, SaidSentence *sent, int *cap, int *nsent, int t0, int t1, int para)
{
	sent = said_grow(doc->arena, sent, cap, *nsent + 1, sizeof(SaidSentence));
	sent[*nsent].t0 = t0;
	sent[*nsent].t1 = t1;
	sent[*nsent].para = para;
	(*nsent)++;
	return sent;
}

void
said_sentences(SaidDoc *doc)
{
	int			cap = 0;
	int			start = 0;
	int			para = -1;

	/* locals, not doc->: stores into the tokens would make them reloaded */
	SaidToken  *tok = doc->tok;
	int			ntok = doc->ntok;
	SaidSentence *sent = NULL;
	int			nsent = 0;

	doc->sent = NULL;
	doc->nsent = 0;
	doc->npara = 0;
	for (int i = 0; i < ntok; i++)
	{
		bool		boundary = false;

		if ((i & 8191) == 0)
			said_check_interrupts(doc);

		/*
		 * Most tokens follow a word without a period and start no line or
		 * paragraph, where none of the tests below can hold: they need
		 * punctuation, a quote mark or a period before, or a line start.
		 */
		if (i > 0 && !(tok[i].flags & (TF_PARA_START | TF_LINE_START)) &&
			tok[i - 1].kind != TOK_PUNCT && tok[i - 1].kind != TOK_QUOTE &&
			!(tok[i - 1].flags & TF_HAS_PERIOD))
		{
			tok[i].sent = nsent;
			continue;
		}
		if (i > start && (tok[i].flags & TF_PARA_START))
			boundary = true;
		else if (i > start)
		{
			const SaidToken *prev = &tok[i - 1];
			const SaidToken *cur = &tok[i];

			if (is_terminal(doc, prev) && can_start(cur) && !is_closer(doc, cur))
				boundary = true;
			else if (is_closer(doc, prev) && i >= 2 && can_start(cur) && !is_closer(doc, cur) &&
					 (cur->flags & TF_SPACE_BEFORE))
			{
				/* ." or .) then a new sentence: look back over the closers */
				int			k = i - 1;

				while (k > start && is_closer(doc, &tok[k]))
					k--;
				said_work(doc, (uint64_t) (i - k));
				if (k >= start && is_terminal(doc, &tok[k]))
				{
					/* a capitalised word or opener after '."' starts anew */
					boundary = (cur->flags & TF_UPPER_INITIAL) || cur->kind == TOK_QUOTE;
				}
			}
			else if ((prev->flags & TF_HAS_PERIOD) && prev->kind == TOK_WORD &&
					 !(prev->lex & LX_TITLE) && (cur->flags & TF_UPPER_INITIAL) &&
					 (cur->lex & (LX_FUNCTION | LX_PRON_MALE | LX_PRON_FEMALE |
								  LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST)))
				boundary = true;
			else if ((cur->flags & TF_LINE_START) && (prev->flags & TF_TITLE_CASE_LINE))
				boundary = true;
		}
		if (boundary || i == 0)
		{
			if (i > 0)
			{
				sent = add_sentence(doc, sent, &cap, &nsent, start, i, para);
			}
			start = i;
			if (tok[i].flags & TF_PARA_START || para < 0)
				para++;
			tok[i].flags |= TF_SENT_START;
		}
		tok[i].sent = nsent;
	}
	if (ntok > 0)
	{
		sent = add_sentence(doc, sent, &cap, &nsent, start, ntok, para);
	}
	doc->sent = sent;
	doc->nsent = nsent;
	doc->npara = para + 1;
	said_work(doc, (uint64_t) ntok);
}
