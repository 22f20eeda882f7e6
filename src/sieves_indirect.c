/*
 * sieves_indirect.c -- sieve 4: reported speech around the cues the direct
 * sieves left.
 *
 * Per cue, by its kind: a verb of saying with its clause after it ("X said
 * (that) …": indirect.after_cue, with the subject the cue's own, the
 * sentence's for a participle -- indirect.participle -- or a bare noun --
 * indirect.after_cue.bare) or the clause before it ("…, X said":
 * indirect.before_cue; "…, said X": .inverted), "is expected to"
 * (indirect.passive, no holder named), "Asked whether …" (indirect.asked:
 * the question, its asker unnamed); "according to X"; a noun of saying
 * with "that" ("the claim that"); "Kerry: …" in a headline.  The content
 * ends where the narrator's next clause or another speaker's clause
 * starts; quoted words inside make it mixed, and a clause that is one
 * quote whole is a direct quote after all.
 */
#include "attribution.h"
#include "learned.h"

/* What one cue reports: content tokens, speaker, rule (RULE_NONE: nothing). */
typedef struct Reported
{
	int			ct0,
				ct1;
	Speaker		sp;
	SaidRule	rule;
} Reported;

/*
 * Where sentence s's content ends: before its final punctuation and marks.
 * Its cues ask one after the other: the answer is kept for the next.
 */
static int
sentence_content_end(Attributor *at, int s)
{
	const SaidDoc *doc = at->doc;
	int			t1 = doc->sent[s].t1;

	if (at->content_end_of == s + 1)
		return at->content_end;
	/* drop final punctuation and closing marks */
	while (t1 > doc->sent[s].t0 &&
		   (doc->tok[t1 - 1].kind == TOK_PUNCT || doc->tok[t1 - 1].kind == TOK_QUOTE))
		t1--;
	said_work(doc, (uint64_t) (doc->sent[s].t1 - t1) + 1);
	at->content_end_of = s + 1;
	at->content_end = t1;
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
		{
			said_work(doc, (uint64_t) (k - t0) + 1);
			return true;
		}
	said_work(doc, (uint64_t) (t1 > t0 ? t1 - t0 : 0) + 1);
	return false;
}

/* Mark regions inside [t0,t1) as absorbed; true when any speech region was. */
static bool
absorb_regions(Attributor *at, int t0, int t1)
{
	SaidDoc    *doc = at->doc;
	bool		any = false;

	said_work(doc, (uint64_t) (t1 - t0) + 1);
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
 * Does a reported clause end at token k (of a sentence whose content ends
 * at send), and where: at a semicolon, or at a comma before a word that
 * opens a new clause of the narrator's ("…, but Cook did not say when",
 * "…, while 9 percent …", "…, who …"); -1 when not.  Words after such a
 * comma are rarely part of what was said.
 */
static int
clause_end_at(const Attributor *at, int k, int send)
{
	const SaidDoc *doc = at->doc;

	if (doc->tok[k].flags & TF_IN_QUOTE)
		return -1;
	if (punct_is(doc, k, ';'))
		return k;
	/* "said A and celebrated B": the narrator's next verb of saying */
	if (word_in_class(doc, k, WORD_COORDINATOR) && k + 1 < send &&
		at->cue_at[k + 1] >= 0 && (doc->tok[k + 1].lex & LX_CUE_PRESENT) &&
		!(doc->tok[k + 1].flags & TF_IN_QUOTE))
		return punct_is(doc, k - 1, ',') ? k - 1 : k;
	if (punct_is(doc, k, ','))
	{
		/* "…, calling it …", "…, warning that …": a participle of the narrator's */
		if (k + 1 < send && at->cue_at[k + 1] >= 0 && doc->tok[k + 1].kind == TOK_WORD &&
			!(doc->tok[k + 1].lex & LX_CUE_PRESENT) && doc->cue[at->cue_at[k + 1]].kind == CUE_VERB)
			return k;
		if (word_in_class(doc, k + 1, WORD_CLAUSE_OPENER))
			return k;
		/*
		 * another speaker's clause: "…, said Dante Scala", "…, current and
		 * former officials said", "…, Hackett said that …"
		 */
		for (int j = k + 1; j < send && j <= k + LIM_OTHER_SPEAKER_CLAUSE && doc->tok[j].kind == TOK_WORD; j++)
		{
			said_work(doc, 1);
			if (at->cue_at[j] >= 0 && doc->cue[at->cue_at[j]].kind == CUE_VERB &&
				(doc->tok[j].lex & LX_CUE_PRESENT) && !word_is(doc, j - 1, "there"))
				return k;
		}
	}
	return -1;
}

/*
 * Where the reported clause starting at t0 ends, at the latest at send: the
 * first token after t0 where clause_end_at says one does.  Whether it does
 * at a token depends on that token and send alone, so the first such token
 * found is kept: the cues of a sentence ask from further and further on,
 * and each asks from before it gets the same answer without a scan (a
 * sentence of thousands of "he said the ..." was scanned once per cue).
 */
static int
reported_clause_end(Attributor *at, int t0, int send)
{
	const SaidDoc *doc = at->doc;
	int			k;

	if (send == at->clause_send && t0 >= at->clause_from && t0 < at->clause_stop)
		k = at->clause_stop;
	else
	{
		for (k = t0 + 1; k < send; k++)
		{
			said_work(doc, 1);
			if (clause_end_at(at, k, send) >= 0)
				break;
		}
		if (k > send)
			k = send;
		at->clause_send = send;
		at->clause_from = t0;
		at->clause_stop = k;
	}
	return k < send ? clause_end_at(at, k, send) : send;
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
		rg->close_tok < t1 - 1 || rg->close_tok > said_skip_light_punct(doc, t1, doc->ntok) ||
		said_skip_light_punct(doc, rg->close_tok + 1, t1) < t1)
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
		   (word_in_class(doc, k, WORD_MID_ADVERB) ||
			(doc->tok[k].b1 - doc->tok[k].b0 > LIM_LY_ADVERB_BYTES && doc->text[doc->tok[k].b1 - 2] == 'l' &&
			 doc->text[doc->tok[k].b1 - 1] == 'y')))
		k--;
	if (k >= limit && word_in_class(doc, k, WORD_BE_FORM))
		return k;
	return -1;
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
 * Is [k, send) only an adjunct of the cue, with no clause in it: "in a
 * statement", "on Tuesday", "in an interview with the AP on Friday"?  A
 * preposition first, then no subject pronoun, "that" or cue verb, and a few
 * words at most.
 */
static bool
adjunct_only(const SaidDoc *doc, int k, int send)
{
	if (k >= send || words_at_least(doc, k, send, LIM_ADJUNCT_WORDS))
		return false;
	if (!word_in_class(doc, k, WORD_ADJUNCT_OPENER) && !(doc->tok[k].lex & LX_CALENDAR))
		return false;
	for (int j = k; j < send; j++)
	{
		const SaidToken *t = &doc->tok[j];

		said_work(doc, 1);
		if (t->kind == TOK_QUOTE || word_is(doc, j, "that") || word_is(doc, j, "it") ||
			(t->kind == TOK_WORD && (t->lex & (LX_CUE_VERB | LX_PRON_FIRST | LX_PRON_PLURAL)) &&
			 !(t->lex & LX_DETERMINER)) ||
			((t->lex & (LX_PRON_MALE | LX_PRON_FEMALE)) && !(t->lex & LX_DETERMINER) &&
			 !word_in_class(doc, j, WORD_PRON_OBJECT)))
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
		  (cu->t0 == s0 + 1 && word_in_class(doc, s0, WORD_SUBORDINATOR)) ||
		  (cu->t0 - 2 >= s0 && word_is(doc, cu->t0 - 1, "when") && punct_is(doc, cu->t0 - 2, ','))))
		return false;
	if (word_is(doc, k, "by") && said_speaker_after(at, k + 1, sp))
		k = sp->t1;
	/* the question itself, past a time or place: "Asked on Monday whether …" */
	for (int j = k; j < send && j < k + LIM_QUESTION_REACH && !punct_is(doc, j, ','); j++)
		if (word_in_class(doc, j, WORD_QUESTION_OPENER))
		{
			k = j;
			break;
		}
	for (end = k; end < send && !(punct_is(doc, end, ',') && !(doc->tok[end].flags & TF_IN_QUOTE)); end++)
		;
	said_work(doc, (uint64_t) (end - k) + 1);
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

/*
 * "The decision is widely expected to be unfavorable": the subject is
 * part of what is held, by no one named; "it was reported that …": the
 * clause after.  be is the token of "be".
 */
static void
passive_clause(Attributor *at, const SaidCue *cu, int be, int s0, int send, Reported *rp)
{
	const SaidDoc *doc = at->doc;
	int			k = cu->t1;

	if (be > s0 && word_is(doc, be - 1, "it"))
		rp->ct0 = said_skip_light_punct(doc, k, send);
	else
		rp->ct0 = s0;
	rp->ct1 = reported_clause_end(at, Max(rp->ct0, k), send);
	if (words_at_least(doc, cu->t1, rp->ct1, 1))
		rp->rule = RULE_INDIRECT_PASSIVE;
}

/*
 * The clause of a cue whose subject was found: after the cue ("X said
 * (that) …", "said on Tuesday that …"), or, when only an adjunct follows
 * it, before the speaker ("…, X said.").
 */
static void
clause_of_subject(Attributor *at, const SaidCue *cu, int s0, int send, Reported *rp)
{
	const SaidDoc *doc = at->doc;
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
	k = said_skip_light_punct(doc, k, send);
	/* "support for", "plans of": a noun after all */
	if (k == cu->t1 && word_in_class(doc, k, WORD_NOUN_PREP) &&
		!(doc->tok[cu->t0].lex & LX_CUE_STRONG))
		return;
	/* "argued in December", "rejected by the courts", "show up": no clause follows */
	if (k == cu->t1 && !(doc->tok[cu->t0].lex & LX_CUE_STRONG) &&
		word_in_class(doc, k, WORD_VERB_PARTICLE))
		return;
	/* "said, adding that …": the participle has the clause, not the cue */
	adjunct = adjunct_only(doc, k, send) ||
		(punct_is(doc, cu->t1, ',') && k < send && at->cue_at[k] >= 0 &&
		 !(doc->tok[k].lex & LX_CUE_PRESENT));
	if (!adjunct && words_at_least(doc, k, send, LIM_CLAUSE_MIN_WORDS))
	{
		rp->ct0 = k;
		rp->ct1 = reported_clause_end(at, k, send);
		rp->rule = rp->sp.how == SP_GUESS ? RULE_INDIRECT_AFTER_CUE_BARE :
			rp->sp.how == SP_CLAUSE ? RULE_INDIRECT_PARTICIPLE : RULE_INDIRECT_AFTER_CUE;
	}
	else if ((adjunct || k >= send || punct_is(doc, cu->t1, ',')) && rp->sp.t0 > s0 &&
			 (clause_comma(doc, rp->sp.t0 - 1) || said_phrase_after_comma(at, s0, &rp->sp)))
	{
		/* "..., X said." */
		rp->ct0 = s0;
		rp->ct1 = clause_comma_end(doc, rp->sp.t0 - 1);
		rp->rule = RULE_INDIRECT_BEFORE_CUE;
	}
}

/*
 * A verb of saying that takes a clause: a question put to the subject, the
 * passive of expectation, the clause of a subject found before the cue,
 * else the clause before an inverted speaker ("…, said Kerry.").
 */
static void
verb_clause(Attributor *at, const SaidCue *cu, int s0, int send, Reported *rp)
{
	const SaidDoc *doc = at->doc;
	int			be;

	if (!cu->takes_clause)
		return;
	if (asked_clause(at, cu, s0, send, &rp->sp, &rp->ct0, &rp->ct1))
		rp->rule = RULE_INDIRECT_ASKED;
	else if ((be = passive_be(doc, cu->t0, s0)) >= 0)
		passive_clause(at, cu, be, s0, send, rp);
	else if (said_subject_of(at, cu->t0, s0, &rp->sp, 0) ||
			 said_participle_subject(at, cu->t0, s0, &rp->sp) ||
			 said_bare_subject(at, cu->t0, s0, &rp->sp))
		clause_of_subject(at, cu, s0, send, rp);
	else if (cu->t0 > s0 && clause_comma(doc, cu->t0 - 1) &&
			 said_speaker_after(at, cu->t1, &rp->sp) &&
			 (said_skip_light_punct(doc, rp->sp.t1, send) >= send || punct_is(doc, rp->sp.t1, ',')))
	{
		/* "..., said Kerry." */
		rp->ct0 = s0;
		rp->ct1 = clause_comma_end(doc, cu->t0 - 1);
		rp->rule = RULE_INDIRECT_BEFORE_CUE_INVERTED;
	}
}

/*
 * "according to X": its source up to a comma; the content is the rest of
 * the sentence when the phrase opens it, else what comes before it.
 */
static void
according_to_clause(Attributor *at, const SaidCue *cu, int s0, int send, Reported *rp)
{
	const SaidDoc *doc = at->doc;
	int			k = cu->t1;
	int			end = k;

	while (end < send && !punct_is(doc, end, ',') && end < k + LIM_ACCORDING_TO_SOURCE)
		end++;
	if (end > k)
		said_according_to_source(at, k, end, &rp->sp);
	if (cu->t0 - s0 <= LIM_ACCORDING_AT_START)
	{
		rp->ct0 = said_skip_light_punct(doc, end, send);
		rp->ct1 = send;
	}
	else
	{
		rp->ct0 = s0;
		rp->ct1 = punct_is(doc, cu->t0 - 1, ',') ? cu->t0 - 1 : cu->t0;
	}
	rp->rule = RULE_INDIRECT_ACCORDING_TO;
}

/*
 * "the claim that …": the owner of the noun ("Kerry's claim that", "his
 * warning that", "Trump's recent assertion that"), else the sentence's
 * subject ("Trump repeated the claim that").
 */
static void
noun_clause(Attributor *at, const SaidCue *cu, int s0, int send, Reported *rp)
{
	rp->ct0 = cu->t1;
	rp->ct1 = send;
	rp->rule = RULE_INDIRECT_NOUN_THAT;
	if (!said_possessor_of(at, cu->t0, s0, &rp->sp) &&
		!said_sentence_subject(at, s0, cu->t0, &rp->sp))
		rp->sp.how = SP_NONE;
}

/* "Kerry: US looks at …": the rest of the line. */
static void
colon_clause(Attributor *at, const SaidCue *cu, Reported *rp)
{
	const SaidDoc *doc = at->doc;
	int			k = cu->t1;
	int			end = k;

	while (end < doc->ntok && !(doc->tok[end].flags & TF_LINE_START))
		end++;
	said_work(doc, (uint64_t) (end - k) + 1);
	while (end > k && (doc->tok[end - 1].kind == TOK_PUNCT || doc->tok[end - 1].kind == TOK_QUOTE))
		end--;
	if (words_at_least(doc, k, end, LIM_COLON_MIN_WORDS))
	{
		said_colon_speaker(at, cu->t0, &rp->sp);
		rp->ct0 = k;
		rp->ct1 = end;
		rp->rule = RULE_INDIRECT_COLON;
	}
}

/*
 * Record what cue c reports, unless it is too short or overlaps what was
 * recorded before.  A clause that is one quote whole, after a short
 * adjunct ("he said about the movement, “…”") or "according to" ("according
 * to the report, “…”", "“…,” according to X"), is a direct quote after
 * all; quoted words inside make it mixed.
 */
static void
record_reported(Attributor *at, int c, Reported *rp)
{
	SaidDoc    *doc = at->doc;
	const SaidCue *cu = &doc->cue[c];
	int			r;
	SaidAttribution *a;

	if (rp->rule == RULE_NONE || rp->ct0 < 0 || rp->ct1 <= rp->ct0 ||
		!words_at_least(doc, rp->ct0, rp->ct1, LIM_CONTENT_MIN_WORDS))
		return;
	/* leading opening marks of a fully quoted content belong to a direct quote */
	if (said_overlaps_attribution(at, rp->ct0, rp->ct1))
		return;
	if ((cu->kind == CUE_VERB && (r = quote_after_adjunct(at, rp->ct0, rp->ct1)) >= 0) ||
		(cu->kind == CUE_ACCORDING_TO && (r = whole_region(at, rp->ct0, rp->ct1)) >= 0))
	{
		int			q0,
					q1,
					last;

		said_take_region_chain(at, r, &q0, &q1, &last);
		a = said_attr_emit(at, QK_DIRECT, q0, trim_trailing_comma(doc, q0, q1), c, &rp->sp,
						   cu->kind == CUE_ACCORDING_TO ? RULE_DIRECT_ACCORDING_TO : RULE_DIRECT_BEFORE_ADJUNCT);
		if (a)
			a->first_region = r;
		return;
	}
	said_attr_emit(at, absorb_regions(at, rp->ct0, rp->ct1) ? QK_MIXED : QK_INDIRECT,
				   rp->ct0, rp->ct1, c, &rp->sp, rp->rule);
}

/* Sieve 4: reported speech around the cues not used yet. */
void
said_indirect(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	for (int c = 0; c < doc->ncue; c++)
	{
		const SaidCue *cu = &doc->cue[c];
		int			s = doc->tok[cu->t0].sent;
		int			s0 = doc->sent[s].t0;
		int			send = sentence_content_end(at, s);
		Reported	rp = {-1, -1, SPEAKER_NONE, RULE_NONE};

		if ((c & (CHECK_INTERRUPTS_EVERY - 1)) == 0)
			said_check_interrupts(doc);
		if (at->cue_used[c])
			continue;
		switch (cu->kind)
		{
			case CUE_VERB:
				verb_clause(at, cu, s0, send, &rp);
				break;
			case CUE_ACCORDING_TO:
				according_to_clause(at, cu, s0, send, &rp);
				break;
			case CUE_NOUN:
				noun_clause(at, cu, s0, send, &rp);
				break;
			case CUE_COLON:
				colon_clause(at, cu, &rp);
				break;
		}
		record_reported(at, c, &rp);
	}
}

/* ------------------------------------------------ contents in parts */

/*
 * The commas around the narration that interrupts a reported content
 * ("X, the Times said, Y"; ", said Kerry,"; ", he said on Tuesday,"): *k
 * the one before the speaker or cue (LIM_PARTS_SPEAKER_BACK words before it
 * at most: "the", "many"), *j the one after the cue or speaker, an adjunct
 * of words between.  Words only between them, LIM_PARTS_NARRATION tokens at
 * most.  False when the cue stands otherwise.
 */
static bool
narration_commas(const SaidDoc *doc, const SaidAttribution *a, int *k, int *j)
{
	const SaidCue *cu = &doc->cue[a->cue];
	const SaidSentence *st = &doc->sent[doc->tok[cu->t0].sent];
	int			n0 = cu->t0,
				n1 = cu->t1;

	if (a->speaker_t0 >= 0 && same_sent(doc, a->speaker_t0, cu->t0) &&
		same_sent(doc, a->speaker_t1 - 1, cu->t0))
	{
		n0 = a->speaker_t0 < n0 ? a->speaker_t0 : n0;
		n1 = a->speaker_t1 > n1 ? a->speaker_t1 : n1;
	}
	*k = n0 - 1;
	while (*k > st->t0 && n0 - *k <= LIM_PARTS_SPEAKER_BACK && doc->tok[*k].kind == TOK_WORD)
		(*k)--;
	if (*k <= st->t0 || !punct_is(doc, *k, ','))
		return false;
	for (*j = *k + 1; *j < st->t1 && *j - *k <= LIM_PARTS_NARRATION; (*j)++)
		if (doc->tok[*j].kind != TOK_WORD && doc->tok[*j].kind != TOK_NUMBER)
			break;
	said_work(doc, (uint64_t) (*j - *k) + 1);
	/* ", he said that …" is no narration between two parts */
	for (int t = n1; t < *j; t++)
		if (word_is(doc, t, "that"))
			return false;
	return *j >= n1 && *j < st->t1 - 1 && punct_is(doc, *j, ',');
}

/* Does [t0, t1) hold a word (or number)? */
static bool
has_word(const SaidDoc *doc, int t0, int t1)
{
	for (int t = t0; t < t1; t++)
		if (doc->tok[t].kind == TOK_WORD || doc->tok[t].kind == TOK_NUMBER)
			return true;
	return false;
}

/*
 * Where the clause a first part belongs to starts: the sentence's start, or
 * after the last semicolon, colon or dash before the narration at k; its
 * first word.  k when that is more than LIM_PARTS_FIRST tokens back: the
 * scan stays short in a sentence of many narrations.
 */
static int
first_part_start(const SaidDoc *doc, int s0, int k)
{
	int			t0 = k;

	while (t0 > s0 && k - t0 < LIM_PARTS_FIRST && !punct_is(doc, t0 - 1, ';') && !punct_is(doc, t0 - 1, ':') &&
		   !(doc->tok[t0 - 1].kind == TOK_PUNCT && (doc->text[doc->tok[t0 - 1].b0] == '-' ||
													(unsigned char) doc->text[doc->tok[t0 - 1].b0] == 0xE2)))
		t0--;
	said_work(doc, (uint64_t) (k - t0) + 1);
	if (t0 > s0 && k - t0 >= LIM_PARTS_FIRST)
		return k;
	while (t0 < k && doc->tok[t0].kind != TOK_WORD && doc->tok[t0].kind != TOK_NUMBER)
		t0++;
	return t0;
}

/* Are [t0, t1) quote marks, punctuation or "that" only? */
static bool
only_marks_or_that(const SaidDoc *doc, int t0, int t1)
{
	for (int t = t0; t < t1; t++)
		if (doc->tok[t].kind != TOK_QUOTE && doc->tok[t].kind != TOK_PUNCT && !word_is(doc, t, "that"))
			return false;
	return true;
}

/* Verbs whose subject is part of what their content holds ("X seemed to
 * …", "X is expected to …", "X is considered unclean"); the passive ones
 * after a form of "be" only.  The passives are PolNeAR train's. */
static const char *const raising_verbs[] = {"seem", "seems", "seemed", "appear", "appears", "appeared", NULL};
static const char *const raising_passives[] = {"expected", "believed", "said", "reported", "thought",
	"considered", "seen", "known", "projected", "estimated", "rumored", "alleged", "supposed", "likely",
	"declared", "named", "announced", "regarded", "viewed", "described", "called", "charged", "accused",
	"predicted", "deemed", "labeled", "touted", "billed", "criticized", NULL};

/*
 * The subject a raising cue takes from its infinitive or complement
 * ("[Each skater] seemed [to be honing …]", "[Many voters] are expected
 * [to delay …]", "[Pigs] are considered [unclean]"), for a content right
 * after the cue: [*x0, *x1), the words before the
 * cue back to the clause's start (a comma, a conjunction), past a
 * parenthesis between commas ("The deficit, which ends Sept. 30, is
 * projected to"); a relative or personal pronoun alone ("which is expected
 * to", "he seems to").  False for other cues.
 */
static bool
raised_subject(const SaidDoc *doc, const SaidAttribution *a, int ct0, int *x0, int *x1)
{
	const SaidCue *cu = &doc->cue[a->cue];
	int			v = cu->t1 - 1,
				s0 = doc->sent[doc->tok[v].sent].t0,
				b = v - 1;
	bool		be = false,
				raising;

	if (ct0 != cu->t1)
		return false;
	/* a passive needs a form of "be" before it: that test first, as most
	 * contents start right after their cue and the list is long */
	raising = word_in(doc, v, raising_verbs);
	if (!raising && (!word_in_class(doc, b, WORD_BE_FORM | WORD_MID_ADVERB | WORD_AUXILIARY) ||
					 !word_in(doc, v, raising_passives)))
		return false;
	while (b >= s0 && v - b <= LIM_PASSIVE_ADVERBS + 1 &&
		   word_in_class(doc, b, WORD_BE_FORM | WORD_MID_ADVERB | WORD_AUXILIARY))
		be |= word_in_class(doc, b--, WORD_BE_FORM);
	if (b < s0 || (!be && !raising))
		return false;
	/* "X, who …, appeared to": the subject before the parenthesis */
	if (punct_is(doc, b, ','))
	{
		int			c = b - 1;

		while (c > s0 && b - c <= LIM_PARTS_PARENTHESIS &&
			   (doc->tok[c].kind == TOK_WORD || doc->tok[c].kind == TOK_NUMBER || punct_is(doc, c, '.')))
			c--;
		said_work(doc, (uint64_t) (b - c) + 1);
		if (c <= s0 || !punct_is(doc, c, ','))
			return false;
		b = c - 1;
	}
	if (doc->tok[b].kind != TOK_WORD && doc->tok[b].kind != TOK_NUMBER)
		return false;
	*x1 = b + 1;
	if (word_is(doc, b, "that") || word_is(doc, b, "which") || word_is(doc, b, "who") ||
		(doc->tok[b].lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST)))
	{
		*x0 = b;
		return true;
	}
	while (b > s0 && *x1 - b < LIM_PARTS_NARRATION &&
		   (doc->tok[b - 1].kind == TOK_WORD || doc->tok[b - 1].kind == TOK_NUMBER) &&
		   !word_in_class(doc, b - 1, WORD_CLAUSE_EDGE | WORD_COORDINATOR | WORD_SUBORDINATOR | WORD_CLAUSE_OPENER))
		b--;
	said_work(doc, (uint64_t) (*x1 - b) + 1);
	if (b > s0 && *x1 - b >= LIM_PARTS_NARRATION)
		return false;
	*x0 = b;
	return true;
}

/*
 * The first part of a content after the narration that interrupts it
 * ("[The emails were on a variety of topics], the Times said, [including
 * …]"): the clause before the narration, from the sentence's start (or
 * the last semicolon, colon or dash) to the narration's comma.
 */
static bool
narrated_first_part(const SaidDoc *doc, const SaidAttribution *a, int ct0, int *x0, int *x1)
{
	int			k,
				j;

	if (!narration_commas(doc, a, &k, &j) || ct0 <= j || !only_marks_or_that(doc, j + 1, ct0))
		return false;
	*x0 = first_part_start(doc, doc->sent[doc->tok[k].sent].t0, k);
	*x1 = k;
	return *x0 < k && has_word(doc, *x0, k);
}

/* inside[t]: tokens before t inside some row's content or parts (a prefix sum) */
static int32_t *
inside_rows(SaidDoc *doc)
{
	int32_t    *inside = said_arena_calloc(doc->arena, (size_t) doc->ntok + 1, sizeof(int32_t));

	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];
		int			np = a->nparts > 0 ? a->nparts : 1;

		for (int p = 0; p < np; p++)
		{
			int			t0,
						t1;

			if (a->nparts > 0)
			{
				t0 = a->parts[2 * p];
				t1 = a->parts[2 * p + 1];
			}
			else
				said_learned_tokens_of(doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &t0, &t1);
			for (int t = t0; t < t1; t++)
				inside[t + 1] = 1;
			said_work(doc, (uint64_t) (t1 > t0 ? t1 - t0 : 0) + 1);
		}
	}
	for (int t = 0; t < doc->ntok; t++)
		inside[t + 1] += inside[t];
	said_work(doc, (uint64_t) doc->ntok);
	return inside;
}

/*
 * A reported content split by its attribution is, as PolNeAR annotates it,
 * in two parts: around a narration between commas ("[X], the Times said,
 * [Y]") and around a raising cue ("[Each skater] seemed [to be honing …]",
 * "[Many voters] are expected [to delay …]").  The rules and the learned
 * stage give the second part alone; the first becomes quote_parts' first,
 * when no other row holds it, and the row's content runs from the first
 * part to the last, as a direct quote's in parts does.  After every row is
 * decided: the learned stage reads the rules' rows as they were.
 */
void
said_indirect_parts(SaidDoc *doc)
{
	/* made when a first part is found: most documents have none */
	int32_t    *inside = NULL;

	for (int i = 0; i < doc->nattr; i++)
	{
		SaidAttribution *a = &doc->attr[i];
		int			ct0,
					ct1,
					x0,
					x1;
		int32_t    *parts;
		bool		quoted = false;

		if ((i & (CHECK_INTERRUPTS_EVERY - 1)) == 0)
			said_check_interrupts(doc);
		if (a->kind == QK_DIRECT || a->nparts > 0 || a->cue < 0 || doc->cue[a->cue].kind != CUE_VERB)
			continue;
		/* the content's first token: its last only for a row that splits */
		ct0 = said_first_token_ending_after(doc, (uint32_t) a->content_b0);
		if (ct0 >= doc->ntok || doc->tok[ct0].b0 >= (uint32_t) a->content_b1 ||
			(!raised_subject(doc, a, ct0, &x0, &x1) && !narrated_first_part(doc, a, ct0, &x0, &x1)))
			continue;
		said_learned_tokens_of(doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &ct0, &ct1);
		if (!inside)
			inside = inside_rows(doc);
		if (inside[x1] > inside[x0])
			continue;
		parts = said_arena_alloc(doc->arena, sizeof(int32_t) * 4);
		parts[0] = x0;
		parts[1] = x1;
		parts[2] = ct0;
		parts[3] = ct1;
		a->parts = parts;
		a->nparts = 2;
		a->content_b0 = (int32_t) doc->tok[x0].b0;
		a->content_c0 = (int32_t) doc->tok[x0].c0;
		for (int t = x0; t < x1 && !quoted; t++)
			quoted = (doc->tok[t].flags & TF_IN_QUOTE) != 0;
		/* quoted words in the first part make the row mixed */
		if (quoted && a->kind == QK_INDIRECT)
		{
			a->kind = QK_MIXED;
			if (a->rule == said_rule_name(RULE_LEARNED_INDIRECT))
				a->rule = said_rule_name(RULE_LEARNED_MIXED);
		}
	}
}
