/*
 * sieves_direct.c -- direct quotes: quoted regions with a cue next to them
 * (said_direct_with_cues, before reported speech), and the regions left
 * (said_direct_without_cues, after it).
 *
 * With a cue: the cue after the quote ("“…,” Assad said", "“…,” said
 * Kerry"), else the one before it ("Kerry said: “…”", "Kerry: “…”", "…,
 * telling reporters: “…”"), else a byline under it ("― Martha Aguilar") or
 * a lead-in ending in a colon ("Trump leaned in and boomed: “…”").  Quotes
 * that follow with no cue of their own continue the same attribution
 * ("“…,” he said. “…”"), kept as its parts.  A quote that continues the
 * narrator's sentence ("called it a “disaster”") is left to the indirect
 * sieves: mixed.
 *
 * Without a cue: a quote standing as a sentence takes the speaker of the
 * nearest attribution before it, or of the person named last; one inside
 * a sentence after a word is mixed (a title, a scare quote or a fragment
 * of reported speech), with the sentence's subject.
 */
#include "attribution.h"

#include <string.h>

/* A quoted region being attributed, and what the sieves found for it. */
typedef struct DirectQuote
{
	int			r,
				last;			/* first and last region of its chain */
	int			ct0,
				ct1;			/* content tokens */
	int			cue;			/* -1 when none */
	Speaker		sp;
	SaidRule	rule;
	int			clause_end;		/* end of the speaker's clause after the quote, or -1 */
	bool		byline;			/* a byline closes the quote: no continuation */
} DirectQuote;

/* The first cue starting in [from, to) and in the sentence of from. */
static int
cue_in(Attributor *at, int from, int to)
{
	for (int k = from; k < to && k < at->doc->ntok; k++)
	{
		said_work(at->doc, 1);
		if (at->doc->tok[k].flags & TF_IN_QUOTE)
			return -1;
		if (at->cue_at[k] >= 0 && at->doc->cue[at->cue_at[k]].kind == CUE_VERB)
			return at->cue_at[k];
	}
	return -1;
}

/*
 * Is person mention m itself an apposition, set off by a comma after the
 * phrase it names ("the president, Brad Smith, said")?  Its closing comma
 * then leads to the cue, not into another apposition.
 */
static bool
name_closes_apposition(const SaidDoc *doc, int m, int from)
{
	int			t0 = doc->mention[m].title_t0;

	return t0 - 1 > from && punct_is(doc, t0 - 1, ',') && doc->tok[t0 - 2].kind == TOK_WORD;
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
		said_work(doc, 1);
		if (doc->tok[k].flags & TF_IN_QUOTE)
			return -1;
		if ((word_is(doc, k, "who") && punct_is(doc, k - 1, ',')) ||
			(!relative && k > from && punct_is(doc, k, ',') && doc->tok[k - 1].mention >= 0 &&
			 doc->mention[doc->tok[k - 1].mention].type == ENT_PERSON &&
			 !name_closes_apposition(doc, doc->tok[k - 1].mention, from)))
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
	int			n = said_skip_light_punct(doc, tail, doc->ntok);
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
		bool		narration_cue = false;

		for (k = tail; k < doc->ntok && k < tail + LIM_NARRATION_TOKENS && doc->tok[k].sent == s; k++)
		{
			said_work(doc, 1);
			if (at->cue_at[k] >= 0)
				narration_cue = true;
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
			punct_is(doc, k - 1, ',') && !narration_cue)
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
	said_region_content(at, r2, &b0, &b1, &last2);
	if (b0 >= b1)
		return -1;
	after2 = doc->region[last2].close_tok >= 0 ? doc->region[last2].close_tok + 1 : b1;
	after2 = said_skip_light_punct(doc, after2, doc->ntok);
	if (after2 < doc->ntok && same_para(doc, after2, b1 - 1) && !word_is(doc, after2, "and") &&
		(cue_in(at, after2, after2 + LIM_CUE_AFTER_PART) >= 0 || cue_after_apposition(at, after2, after2 + LIM_CUE_AFTER_QUOTE) >= 0) &&
		!((doc->tok[after2].flags & TF_SENT_START) && punct_is(doc, b1 - 1, '.')))
		return -1;
	return r2;
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

/* Is token t the one character c, other than a word (punctuation, symbol)? */
static bool
char_is(const SaidDoc *doc, int t, char c)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind != TOK_WORD &&
		doc->tok[t].b1 - doc->tok[t].b0 == 1 && doc->text[doc->tok[t].b0] == c;
}

/*
 * HTML end tags glued to a closing mark ("”</b> Jane Doe said"): markup
 * of the page the text came from, passed over.  The first token after them.
 */
static int
past_end_tags(const SaidDoc *doc, int t)
{
	while (char_is(doc, t, '<') && char_is(doc, t + 1, '/') && t + 3 < doc->ntok &&
		   doc->tok[t + 2].kind == TOK_WORD && char_is(doc, t + 3, '>') &&
		   !(doc->tok[t + 1].flags & TF_SPACE_BEFORE) && !(doc->tok[t + 2].flags & TF_SPACE_BEFORE) &&
		   !(doc->tok[t + 3].flags & TF_SPACE_BEFORE))
		t += 4;
	return t;
}

/*
 * "“…,” Jeffrey Lewis of the James Martin Center for Nonproliferation
 * Studies wrote": a person named right after the quote, then a
 * prepositional phrase (of, from, at, for, with) of words only up to the
 * cue, whatever the tagger made of the names in it.  The whole phrase is
 * the speaker as written; the person is its entity.
 */
static bool
person_of_phrase(Attributor *at, int after, int cue_t0, Speaker *sp)
{
	const SaidDoc *doc = at->doc;
	int			m = doc->tok[after].mention;
	int			end;

	if (m < 0 || doc->mention[m].title_t0 != after || doc->mention[m].type != ENT_PERSON)
		return false;
	end = doc->mention[m].t1;
	if (end >= cue_t0 || !word_in_class(doc, end, WORD_OBJECT_PREP))
		return false;
	for (int k = end; k < cue_t0; k++)
		if (doc->tok[k].kind != TOK_WORD || (doc->tok[k].lex & (LX_PRON_REL | LX_CUE_VERB)))
			return false;
	said_work(doc, (uint64_t) (cue_t0 - end) + 1);
	said_speaker_from_mention(at, sp, m);
	sp->t1 = cue_t0;
	return true;
}

/*
 * The cue of the narration right after the quote, past an apposition,
 * with its speaker: “…,” said Kerry (direct.after.inverted) / “…,” Assad
 * said (direct.after).  Not after a full sentence that the narration
 * follows on its own ("“… of the state.” She noted …").
 */
static void
cue_after_quote(Attributor *at, DirectQuote *q)
{
	SaidDoc    *doc = at->doc;
	int			after;
	int			c;
	const SaidCue *cu;

	after = doc->region[q->last].close_tok >= 0 ? doc->region[q->last].close_tok + 1 : q->ct1;
	after = said_skip_light_punct(doc, past_end_tags(doc, after), doc->ntok);
	if (after >= doc->ntok || !same_para(doc, after, q->ct1 - 1) ||
		((doc->tok[after].flags & TF_SENT_START) && punct_is(doc, q->ct1 - 1, '.')))
		return;
	c = cue_after_apposition(at, after, after + LIM_CUE_AFTER_QUOTE);
	if (c < 0 || at->cue_used[c])
		return;
	cu = &doc->cue[c];
	if (cu->t0 == after && said_speaker_after(at, cu->t1, &q->sp))
	{
		q->cue = c;
		q->rule = RULE_DIRECT_AFTER_INVERTED;
		q->clause_end = q->sp.t1;
	}
	else if ((said_subject_of(at, cu->t0, after, &q->sp, 1) && said_modifiers_only(doc, after, &q->sp)) ||
			 person_of_phrase(at, after, cu->t0, &q->sp))
	{
		q->cue = c;
		q->rule = RULE_DIRECT_AFTER;
		q->clause_end = cu->t1;
	}
	else
		q->sp.how = SP_NONE;
}

/*
 * Does the quote opening at token open start a paragraph after one that
 * ends in a colon ("Stated Stone:¶“…”")?  The lead-in is then its own,
 * as if on the same line.
 */
static bool
colon_lead_in(const SaidDoc *doc, int open)
{
	return open > 0 && (doc->tok[open].flags & TF_PARA_START) && punct_is(doc, open - 1, ':');
}

/*
 * The cue ending right before the opening mark, past a little punctuation
 * or "that": Kerry said: “…” (direct.before), Kerry: “…”
 * (direct.before.colon), … and added, “…” / …, telling reporters: “…”
 * (direct.before.participle: the sentence's subject).
 */
static void
cue_before_quote(Attributor *at, const SaidRegion *rg, DirectQuote *q)
{
	SaidDoc    *doc = at->doc;
	int			k = rg->open_tok - 1;
	int			gap = 0;
	int			c = -1;
	int			limit;

	/* a lead-in ending in a colon may close the paragraph before: "…, reporting:¶“…”" */
	bool		colon_para = colon_lead_in(doc, rg->open_tok);

	while (k >= 0 && gap < LIM_MARK_GAP && (same_para(doc, k, rg->open_tok) || colon_para) &&
		   (doc->tok[k].kind == TOK_PUNCT || word_is(doc, k, "that")) &&
		   at->cue_at[k] < 0)
	{
		k--;
		gap++;
	}
	if (k < 0 || !(same_para(doc, k, rg->open_tok) || (colon_para && same_para(doc, k, rg->open_tok - 1))))
		return;
	for (int j = k; j >= 0 && j >= k - LIM_CUE_SPAN_BACK; j--)
		if (at->cue_at[j] >= 0 && doc->cue[at->cue_at[j]].t1 >= k)
		{
			c = at->cue_at[j];
			break;
		}
	if (c < 0 || at->cue_used[c] ||
		(doc->cue[c].kind != CUE_VERB && doc->cue[c].kind != CUE_COLON))
		return;
	limit = doc->sent[doc->tok[doc->cue[c].t0].sent].t0;
	if (doc->cue[c].kind == CUE_COLON)
	{
		said_colon_speaker(at, doc->cue[c].t0, &q->sp);
		q->cue = c;
		q->rule = RULE_DIRECT_BEFORE_COLON;
	}
	else if (said_subject_of(at, doc->cue[c].t0, limit, &q->sp, 0) ||
			 said_speaker_after(at, doc->cue[c].t1, &q->sp))
	{
		q->cue = c;
		q->rule = RULE_DIRECT_BEFORE;
	}
	else if (said_participle_subject(at, doc->cue[c].t0, limit, &q->sp))
	{
		q->cue = c;
		q->rule = RULE_DIRECT_BEFORE_PARTICIPLE;
	}
}

/*
 * A quote of whole sentences after a comma or colon that ends its
 * sentence is the object of a cue further back than cue_before_quote
 * looks ("she told the mayors who gathered in Indianapolis, “No one …”",
 * "said on Twitter on Monday, in reference to her first child, “Next
 * summer …”"): the nearest cue verb before it in the sentence, with no
 * quote between (direct.before.adjunct, as when the indirect sieve finds
 * such a quote to be a reported clause whole).
 */
static void
cue_far_before_quote(Attributor *at, const SaidRegion *rg, DirectQuote *q)
{
	SaidDoc    *doc = at->doc;
	int			open = rg->open_tok;
	int			close = doc->region[q->last].close_tok;
	int			after,
				limit;

	if (open < 2 || close < 0 || !(punct_is(doc, open - 1, ',') || punct_is(doc, open - 1, ':')) ||
		!same_sent(doc, open - 1, open) || !(doc->tok[rg->t0].flags & TF_UPPER_INITIAL))
		return;
	after = close + 1;
	if (after < doc->ntok && punct_is(doc, after, '.'))
		after++;
	if (after < doc->ntok && !(doc->tok[after].flags & (TF_SENT_START | TF_PARA_START)))
		return;
	limit = doc->sent[doc->tok[open].sent].t0;
	for (int k = open - 2; k >= limit && k >= open - LIM_CUE_FAR_BEFORE_QUOTE; k--)
	{
		int			c = at->cue_at[k];

		said_work(doc, 1);
		if (doc->tok[k].kind == TOK_QUOTE || (doc->tok[k].flags & TF_IN_QUOTE))
			return;
		if (c < 0 || doc->cue[c].kind != CUE_VERB || at->cue_used[c] || doc->cue[c].t1 >= open)
			continue;
		if (said_subject_of(at, doc->cue[c].t0, limit, &q->sp, 0) ||
			said_speaker_after(at, doc->cue[c].t1, &q->sp) ||
			said_participle_subject(at, doc->cue[c].t0, limit, &q->sp))
		{
			q->cue = c;
			q->rule = RULE_DIRECT_BEFORE_ADJUNCT;
		}
		return;
	}
}

/*
 * With no cue: a byline under the quote, "“…” — Martha Aguilar" or
 * "“…”\n- Sanders." (quotations collected from readers, fact checks), else
 * a lead-in ending in a colon with no cue word, "Trump leaned in and
 * boomed: “…”": the sentence's subject.
 */
static void
speaker_without_cue(Attributor *at, const SaidRegion *rg, DirectQuote *q)
{
	SaidDoc    *doc = at->doc;

	if (doc->region[q->last].close_tok >= 0 &&
		said_byline_speaker(at, doc->region[q->last].close_tok + 1, &q->sp))
	{
		q->rule = RULE_DIRECT_BYLINE;
		q->byline = true;
	}
	else if (rg->open_tok > 0 && punct_is(doc, rg->open_tok - 1, ':') &&
			 (same_sent(doc, rg->open_tok - 1, rg->open_tok) || colon_lead_in(doc, rg->open_tok)) &&
			 said_sentence_subject(at, doc->sent[doc->tok[rg->open_tok - 1].sent].t0, rg->open_tok - 1, &q->sp))
		q->rule = RULE_DIRECT_BEFORE_LEAD_IN;
}

/*
 * With no cue word: the narration that goes on after a quote ending in a
 * comma, a question or an exclamation mark, in the same sentence, opens
 * with its speaker, the subject of a verb the cue lexicon does not know
 * ("“…,” Trump shot back", "“…,” one person tweeted", "“…?” a reporter
 * can be heard asking"): a name, "he" or "she", or a noun phrase with a
 * determiner, followed by a lower-case word (its verb); or a person named,
 * then a comma (an apposition before the verb, too far for the cue after
 * the quote to be found).
 */
static void
subject_after_quote(Attributor *at, DirectQuote *q)
{
	SaidDoc    *doc = at->doc;
	int			close = doc->region[q->last].close_tok;
	int			after;
	const SaidToken *v;

	if (close < 0 || close + 1 >= doc->ntok || q->ct1 - 1 < q->ct0 ||
		!(punct_is(doc, q->ct1 - 1, ',') || punct_is(doc, q->ct1 - 1, '?') || punct_is(doc, q->ct1 - 1, '!')))
		return;
	after = close + 1;
	if (!same_sent(doc, close, after) || !same_para(doc, close, after) || doc->tok[after].kind != TOK_WORD)
		return;
	if (said_speaker_after(at, after, &q->sp))
	{
		v = q->sp.t1 < doc->ntok ? &doc->tok[q->sp.t1] : NULL;
		if (q->sp.t0 == after && v && same_sent(doc, after, q->sp.t1) &&
			((v->kind == TOK_WORD && (v->flags & TF_ALL_LOWER) && !(v->lex & LX_FUNCTION)) ||
			 (punct_is(doc, q->sp.t1, ',') && q->sp.how == SP_NAMED && q->sp.type == ENT_PERSON)))
		{
			q->rule = RULE_DIRECT_AFTER_SUBJECT;
			q->clause_end = q->sp.t1;
			return;
		}
	}
	/*
	 * inverted: "“…,” reads a Wednesday editorial in The Register", "“…,”
	 * begins a scripted message": a lower-case verb, then the noun phrase
	 * opened by a determiner or a name, which ends the clause
	 */
	q->sp = SPEAKER_NONE;
	v = &doc->tok[after];
	if (!(v->flags & TF_ALL_LOWER) || (v->lex & LX_FUNCTION) || after + 1 >= doc->ntok ||
		!same_sent(doc, after, after + 1) ||
		!((doc->tok[after + 1].lex & LX_DETERMINER) || doc->tok[after + 1].mention >= 0) ||
		!said_speaker_after(at, after + 1, &q->sp) || q->sp.t0 != after + 1 ||
		(q->sp.t1 < doc->ntok && same_sent(doc, after, q->sp.t1) &&
		 !(doc->tok[q->sp.t1].kind == TOK_PUNCT || word_in_class(doc, q->sp.t1, WORD_OBJECT_PREP) ||
		   (doc->tok[q->sp.t1].lex & LX_PRON_REL))))
	{
		q->sp = SPEAKER_NONE;
		return;
	}
	q->rule = RULE_DIRECT_AFTER_SUBJECT;
	q->clause_end = q->sp.t1;
}

/*
 * Record the quote, with the quotes that follow it with no cue of their
 * own: “…,” he said. “…” and the next sentence or paragraph opening with a
 * quote.  News attribution corpora make these one attribution
 * (direct.interrupted, direct.continued); the narration between them is
 * not content, so it is left uncovered for reported speech of its own
 * ("adding that …").
 */
static void
emit_with_continuation(Attributor *at, DirectQuote *q)
{
	SaidDoc    *doc = at->doc;
	int			tail = q->clause_end > 0 ? q->clause_end : q->ct1;
	int			r2;
	int			gaps[LIM_QUOTE_PARTS][2];
	int			ngap = 0;
	SaidAttribution *a;

	if (doc->region[q->last].close_tok >= 0 && doc->region[q->last].close_tok + 1 > tail)
		tail = doc->region[q->last].close_tok + 1;
	/* a byline closes its quote: the next one has a byline of its own */
	while (ngap < LIM_QUOTE_PARTS && !q->byline &&
		   (r2 = continuing_region(at, tail, q->ct1)) >= 0)
	{
		int			b0,
					b1,
					last2;

		said_take_region_chain(at, r2, &b0, &b1, &last2);
		/* past LIM_QUOTE_PARTS parts, the last one takes in the rest */
		if (ngap < LIM_QUOTE_PARTS)
		{
			gaps[ngap][0] = q->ct1;
			gaps[ngap][1] = b0;
			ngap++;
		}
		q->ct1 = b1;
		q->rule = q->clause_end > 0 && tail == q->clause_end ? RULE_DIRECT_INTERRUPTED : RULE_DIRECT_CONTINUED;
		tail = doc->region[last2].close_tok >= 0 ? doc->region[last2].close_tok + 1 : b1;
	}
	q->ct1 = trim_trailing_comma(doc, q->ct0, q->ct1);
	a = said_attr_emit(at, QK_DIRECT, q->ct0, q->ct1, q->cue, &q->sp, q->rule);
	if (a)
	{
		a->first_region = q->r;
		set_parts(doc, a, q->ct0, q->ct1, gaps, ngap);
	}
	for (int g = 0; g < ngap; g++)
	{
		memset(at->covered + gaps[g][0], 0, (size_t) (gaps[g][1] - gaps[g][0]));
		said_work(doc, (uint64_t) (gaps[g][1] - gaps[g][0]) + 1);
	}
}

/* Sieves 1-3: direct quotes anchored to a cue next to them. */
void
said_direct_with_cues(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	for (int r = 0; r < doc->nregion; r++)
	{
		const SaidRegion *rg = &doc->region[r];
		DirectQuote q = {r, -1, -1, -1, -1, SPEAKER_NONE, RULE_NONE, -1, false};

		if ((r & (CHECK_INTERRUPTS_EVERY - 1)) == 0)
			said_check_interrupts(doc);
		if (rg->parent >= 0 || rg->continues >= 0 || !rg->is_speech || at->region_used[r] ||
			embedded_region(at, rg->open_tok))
			continue;
		said_region_content(at, r, &q.ct0, &q.ct1, &q.last);
		if (q.ct0 >= q.ct1)
			continue;
		cue_after_quote(at, &q);
		if (q.cue < 0)
			cue_before_quote(at, rg, &q);
		if (q.cue < 0)
			cue_far_before_quote(at, rg, &q);
		if (q.cue < 0)
		{
			speaker_without_cue(at, rg, &q);
			if (q.rule == RULE_NONE)
				subject_after_quote(at, &q);
			if (q.rule == RULE_NONE)
				continue;
		}
		at->region_used[r] = 1;
		for (int k = r + 1; k <= q.last; k++)
			at->region_used[k] = 1;
		emit_with_continuation(at, &q);
	}
}

/*
 * Sieve 6: a quote inside a sentence after a word, with no cue (a title, a
 * scare quote, a fragment of reported speech): mixed.embedded, with the
 * subject that opens the sentence ("Trump called it “a disaster”"); with
 * one, sentences quoted whole after a few words are its direct quote
 * ("Skelly called Braynard “a real smart guy. I’d like …”").
 */
static SaidRule
embedded_quote(Attributor *at, const SaidRegion *rg, int ct0, int ct1, Speaker *sp)
{
	const SaidDoc *doc = at->doc;
	int			open = rg->open_tok;

	if (said_sentence_subject(at, doc->sent[doc->tok[open].sent].t0, open, sp) &&
		doc->tok[ct1 - 1].sent != doc->tok[ct0].sent && rg->words >= LIM_EMBEDDED_SENTENCE_WORDS)
		return RULE_DIRECT_EMBEDDED;
	return RULE_MIXED_EMBEDDED;
}

/*
 * Sieve 5: a quote standing as a sentence of its own, with no cue, takes
 * the speaker of the nearest attribution before it within a few
 * paragraphs (the quote goes on in another voice rarely without a cue),
 * or the person named last, when nearer.
 */
static SaidRule
context_speaker(Attributor *at, int open, int nearest, Speaker *sp)
{
	const SaidDoc *doc = at->doc;
	int			pr = doc->sent[doc->tok[open].sent].para;
	int			pn = said_mention_before(doc, at->person_mentions, at->nperson, open);
	int			speaker_at = -1;
	const SaidAttribution *a;

	/* the nearer of the last speaker and the last person named before */
	if (nearest >= 0 && pr - doc->sent[doc->tok[doc->attr[nearest].speaker_t0].sent].para <= LIM_CONTEXT_PARAS)
		speaker_at = doc->attr[nearest].speaker_t0;
	if (pn >= 0)
	{
		const SaidMention *m = &doc->mention[at->person_mentions[pn]];

		/*
		 * a name in the narration of that attribution is not a new voice:
		 * "“…,” Clinton said, recalling … when she, Sanders and President
		 * Obama were in the Senate. “…”"
		 */
		bool		in_narration = speaker_at >= 0 &&
			doc->tok[m->t0].sent == doc->tok[Max(at->attr_t1[nearest], doc->attr[nearest].speaker_t1) - 1].sent;

		if (m->t0 > speaker_at && !in_narration &&
			pr - doc->sent[doc->tok[m->t0].sent].para <= LIM_CONTEXT_PERSON_PARAS)
		{
			said_speaker_from_mention(at, sp, at->person_mentions[pn]);
			sp->how = SP_PRONOUN;	/* a guess from context, in effect */
			return RULE_DIRECT_CONTEXT_PERSON;
		}
	}
	if (speaker_at < 0)
		return RULE_DIRECT_UNATTRIBUTED;
	a = &doc->attr[nearest];
	sp->t0 = a->speaker_t0;
	sp->t1 = a->speaker_t1;
	sp->entity = a->speaker_entity;
	sp->type = a->speaker_type;
	sp->how = SP_PRONOUN;
	return RULE_DIRECT_CONTEXT;
}

/* Sieves 5-6: the speech regions left, with no cue of their own. */
void
said_direct_without_cues(Attributor *at)
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
	/* that array, and its sweep below */
	said_work(doc, (uint64_t) doc->ntok * 2 + (uint64_t) doc->nattr);

	for (int r = 0; r < doc->nregion; r++)
	{
		const SaidRegion *rg = &doc->region[r];
		int			ct0,
					ct1,
					last;
		int			open = rg->open_tok;
		Speaker		sp = SPEAKER_NONE;
		SaidRule	rule;
		SaidAttribution *a;

		for (; swept <= open; swept++)
			if (ends_at[swept] >= 0)
				nearest = ends_at[swept];
		if (rg->parent >= 0 || rg->continues >= 0 || !rg->is_speech || at->region_used[r])
			continue;
		said_region_content(at, r, &ct0, &ct1, &last);
		if (ct0 >= ct1 || rg->words < LIM_UNCUED_MIN_WORDS || said_overlaps_attribution(at, ct0, ct1))
			continue;
		if (open > 0 && !(doc->tok[open].flags & TF_SENT_START) && same_sent(doc, open - 1, open) &&
			(doc->tok[open - 1].kind == TOK_WORD || doc->tok[open - 1].kind == TOK_NUMBER))
			rule = embedded_quote(at, rg, ct0, ct1, &sp);
		else
			rule = context_speaker(at, open, nearest, &sp);
		at->region_used[r] = 1;
		a = said_attr_emit(at, rule == RULE_MIXED_EMBEDDED ? QK_MIXED : QK_DIRECT,
						   ct0, ct1, -1, &sp, rule);
		if (a)
		{
			a->first_region = r;
			if (a->speaker_t0 >= 0)
				nearest = (int) (a - doc->attr);
		}
	}
}
