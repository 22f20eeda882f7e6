/*
 * marks.c -- stage 3: quote marks paired into quoted regions.
 *
 * A stack per paragraph.  A mark closes the innermost open region of its
 * family (double or single) when its context allows closing, whatever its
 * glyph: "…country“" closes with the wrong-way mark.  It opens when its
 * context allows opening.  A region still open at the end of a paragraph
 * ends there; when the next paragraph starts with an opening mark of the
 * same family the region continues there (the convention for multi-paragraph
 * quotes).  A closing single mark with nothing to close is an apostrophe
 * ("officials’ views").
 */
#include "said.h"
#include "lexicon.h"

#define MAX_DEPTH 32

typedef struct MarkState
{
	SaidDoc    *doc;
	int			cap;
	int			stack[MAX_DEPTH];
	int			depth;
} MarkState;

static int
new_region(MarkState *st, int open_tok, int parent)
{
	SaidDoc    *doc = st->doc;
	SaidRegion *r;

	doc->region = said_grow(doc->arena, doc->region, &st->cap, doc->nregion + 1, sizeof(SaidRegion));
	r = &doc->region[doc->nregion];
	r->open_tok = open_tok;
	r->close_tok = -1;
	r->t0 = open_tok + 1;
	r->t1 = open_tok + 1;
	r->parent = parent;
	r->continues = -1;
	r->words = 0;
	r->is_double = (doc->tok[open_tok].qmark & QM_DOUBLE) != 0;
	r->is_speech = 0;
	return doc->nregion++;
}

/* Two digits right after the mark and no third: "'80s", "'16". */
static bool
elided_year(const SaidDoc *doc, const SaidToken *mark)
{
	const char *p = doc->text + mark->b1;
	size_t		left = doc->len - mark->b1;

	return left >= 2 && p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' &&
		(left == 2 || p[2] < '0' || p[2] > '9');
}

static inline bool
same_family(const SaidDoc *doc, int region, const SaidToken *mark)
{
	return doc->region[region].is_double == ((mark->qmark & QM_DOUBLE) != 0);
}

/* End every region on the stack at token end (exclusive), unclosed. */
static void
close_all_unclosed(MarkState *st, int end)
{
	while (st->depth > 0)
	{
		SaidRegion *r = &st->doc->region[st->stack[--st->depth]];

		r->t1 = end;
	}
}

/* Is token i + 1 the rest of a clitic glued to the mark i: 's 't 'll 're 've 'd 'm? */
static bool
clitic_follows(const SaidDoc *doc, int i)
{
	const SaidToken *n;
	const char *w;
	size_t		len;

	if (i + 1 >= doc->ntok)
		return false;
	n = &doc->tok[i + 1];
	if (n->kind != TOK_WORD || (n->flags & TF_SPACE_BEFORE) || !(n->flags & TF_SPACE_AFTER))
		return false;
	w = doc->text + n->b0;
	len = n->b1 - n->b0;
	if (len == 1)
		return w[0] == 's' || w[0] == 't' || w[0] == 'd' || w[0] == 'm';
	if (len == 2)
		return (w[0] == 'l' && w[1] == 'l') || (w[0] == 'r' && w[1] == 'e') ||
			(w[0] == 'v' && w[1] == 'e');
	return false;
}

void
said_marks(SaidDoc *doc)
{
	MarkState	st = {doc, 0, {0}, 0};
	int			last_closed_at_para_end[2] = {-1, -1};	/* per family */

	SaidToken  *tok = doc->tok;
	int			ntok = doc->ntok;

	doc->region = NULL;
	doc->nregion = 0;
	for (int i = 0; i < ntok; i++)
	{
		SaidToken  *t = &tok[i];
		bool		can_open,
					can_close;
		int			fam;

		if ((i & 8191) == 0)
			said_check_interrupts(doc);
		/* most tokens are neither: a two-test loop (locals, not doc->, kept in registers) */
		if (!(t->flags & TF_PARA_START) && t->kind != TOK_QUOTE)
			continue;
		if (t->flags & TF_PARA_START && i > 0)
		{
			/* open regions end with the paragraph; remember them for continuation */
			last_closed_at_para_end[0] = last_closed_at_para_end[1] = -1;
			for (int k = 0; k < st.depth; k++)
			{
				SaidRegion *r = &doc->region[st.stack[k]];

				last_closed_at_para_end[r->is_double ? 1 : 0] = st.stack[k];
			}
			close_all_unclosed(&st, i);
		}
		if (t->kind != TOK_QUOTE)
			continue;

		/* tokenized text splits clitics off: "pawnbroker 's", "do n't" -- no mark */
		if (!(t->qmark & QM_DOUBLE) && clitic_follows(doc, i))
			continue;
		can_open = (t->qmark & QM_CAN_OPEN) != 0;
		can_close = (t->qmark & QM_CAN_CLOSE) != 0;
		fam = (t->qmark & QM_DOUBLE) ? 1 : 0;

		/* Closing: the innermost open region of this family. */
		if (can_close && st.depth > 0)
		{
			int			k = st.depth - 1;

			while (k >= 0 && !same_family(doc, st.stack[k], t))
				k--;
			said_work(doc, (uint64_t) (st.depth - k));
			/*
			 * A mark with a space before it and a word after it is an opener
			 * by context; it closes only when its glyph says so and it
			 * cannot open a nested region of the same family sensibly.
			 */
			if (k >= 0 && (!(t->flags & TF_SPACE_BEFORE) || !can_open ||
						   (t->qmark & QM_CLOSE_FORM)))
			{
				/* regions above k (other family) end here, unclosed */
				while (st.depth - 1 > k)
					doc->region[st.stack[--st.depth]].t1 = i;
				doc->region[st.stack[k]].close_tok = i;
				doc->region[st.stack[k]].t1 = i;
				st.depth--;
				continue;
			}
		}
		if (can_open)
		{
			/* single marks open only where an apostrophe is implausible */
			if (fam == 0 && !(t->flags & TF_SPACE_BEFORE) && i > 0 &&
				doc->tok[i - 1].kind == TOK_WORD)
				continue;
			if (fam == 0 && i + 1 < doc->ntok && doc->tok[i + 1].kind != TOK_WORD &&
				doc->tok[i + 1].kind != TOK_NUMBER && doc->tok[i + 1].kind != TOK_QUOTE)
				continue;
			/* a year cut short is an elision: "the '80s", "in '16" */
			if (fam == 0 && elided_year(doc, t))
				continue;
			if (st.depth == MAX_DEPTH)
			{
				/* pathological nesting: treat the mark as text */
				continue;
			}
			{
				int			parent = st.depth > 0 ? st.stack[st.depth - 1] : -1;
				int			r = new_region(&st, i, parent);

				if ((t->flags & TF_PARA_START) && last_closed_at_para_end[fam] >= 0)
				{
					doc->region[r].continues = last_closed_at_para_end[fam];
					last_closed_at_para_end[fam] = -1;
				}
				st.stack[st.depth++] = r;
			}
		}
	}
	close_all_unclosed(&st, doc->ntok);
	said_work(doc, (uint64_t) ntok);

	/* Token membership, word counts, and whether a region reads as speech. */
	for (int r = 0; r < doc->nregion; r++)
	{
		SaidRegion *rg = &doc->region[r];
		int			words = 0;
		bool		has_verbish = false;
		bool		has_terminal = false;
		int			caps = 0;

		for (int k = rg->t0; k < rg->t1; k++)
		{
			SaidToken  *tk = &doc->tok[k];

			tk->region = r;		/* inner regions come later and overwrite */
			tk->flags |= TF_IN_QUOTE;
			if (tk->kind == TOK_WORD || tk->kind == TOK_NUMBER)
			{
				words++;
				if (tk->flags & TF_UPPER_INITIAL)
					caps++;
				if (tk->lex & (LX_FUNCTION | LX_PRON_FIRST | LX_CUE_VERB))
					has_verbish = true;
			}
			else if (tk->kind == TOK_PUNCT)
			{
				char		c = doc->text[tk->b0];

				if (c == '.' || c == '!' || c == '?' || c == ',')
					has_terminal = true;
			}
		}
		rg->words = words;
		said_work(doc, (uint64_t) (rg->t1 - rg->t0) + 1);
		doc->tok[rg->open_tok].region = r;	/* the opener knows its region */
		/*
		 * Scare quotes and titles: one or two words, or a short run of
		 * capitalised words ("Saturday Night Live"), are not speech.
		 */
		if (words <= 2 && !has_terminal)
			rg->is_speech = 0;
		else if (words <= 5 && caps == words && !has_terminal)
			rg->is_speech = 0;
		else
			rg->is_speech = (uint8_t) (words >= 3 || has_verbish || has_terminal);
	}
}
