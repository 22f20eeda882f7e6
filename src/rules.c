/*
 * rules.c -- the attribution rules: names, priors and the limits each
 * one's step reads (rules.h explains the fields), and the confidence of a
 * row.
 *
 * Priors are the share of a rule's rows that were right (content matched
 * at overlap >= 0.5 and the speaker right) on the PolNeAR train split, as
 * test/eval/eval_quotes.py --split train measures it ("right (both) per
 * row").  Re-measure when a rule or a limit it lists changes.  They are
 * measured with the learned stage on, as the extension ships: the rows of
 * indirect.after_cue, .participle and .bare left then are those of cues
 * the model never saw as cues, far less often right than the rules' rows
 * of the common cues (7 December 2026: after_cue 28 %, participle 11 %,
 * bare 8 %; interrupted 95 %, continued 76 %, lead_in 68 %, context 22 %,
 * mixed.embedded 17 %, direct.before 80 %, direct.after.inverted 95 %,
 * direct.after 94 %: priors set so that the rows' mean confidence is about
 * their share right).
 */
#include "rules.h"

#define L(name) LIMIT_BIT(name)

/* Limits every rule reading "after" or "before" a quote shares. */
#define AFTER_QUOTE (L(LIM_CUE_AFTER_QUOTE) | L(LIM_CUE_AFTER_QUOTE_PLAIN))
#define BEFORE_QUOTE (L(LIM_MARK_GAP) | L(LIM_CUE_SPAN_BACK) | L(LIM_CUE_BEFORE_MARK))
#define CONTINUATION (L(LIM_NARRATION_TOKENS) | L(LIM_TITLE_WORDS) | L(LIM_CONTINUE_PARAS) | \
					  L(LIM_CONTINUE_MIN_WORDS) | L(LIM_CUE_AFTER_PART) | L(LIM_QUOTE_PARTS) | \
					  L(LIM_CUE_AFTER_QUOTE))
#define LEARNED (L(LIM_LEARNED_START_AFTER) | L(LIM_LEARNED_START_SLACK) | L(LIM_LEARNED_SPAN) | \
				 L(LIM_LEARNED_END_BEFORE) | L(LIM_LEARNED_GAP_BEFORE) | L(LIM_LEARNED_GAP_AFTER) | \
				 L(LIM_LEARNED_CUE_AHEAD) | L(LIM_LEARNED_CLAUSE_AHEAD) | L(LIM_LEARNED_SOURCE_BACK) | \
				 L(LIM_LEARNED_SOURCE_REACH) | L(LIM_LEARNED_SOURCES) | L(LIM_LEARNED_NP_TOKENS) | \
				 L(LIM_LEARNED_POSTMOD))
#define CLAUSE_AFTER_CUE (L(LIM_THAT_REACH) | L(LIM_CLAUSE_MIN_WORDS) | L(LIM_ADJUNCT_WORDS) | \
						  L(LIM_OTHER_SPEAKER_CLAUSE) | L(LIM_CONTENT_MIN_WORDS) | \
						  L(LIM_PARTS_NARRATION) | L(LIM_PARTS_SPEAKER_BACK) | L(LIM_PARTS_PARENTHESIS) | \
						  L(LIM_PARTS_FIRST))

const SaidRuleInfo said_rules[RULE_COUNT] = {
	/* “…,” Assad said */
	[RULE_DIRECT_AFTER] = {"direct.after", 0.88f, true, AFTER_QUOTE | L(LIM_SPEAKER_MODIFIERS)},
	/* “…,” said Kerry */
	[RULE_DIRECT_AFTER_INVERTED] = {"direct.after.inverted", 0.86f, true, AFTER_QUOTE},
	/* Kerry said: “…” */
	[RULE_DIRECT_BEFORE] = {"direct.before", 0.76f, true, BEFORE_QUOTE},
	/* Kerry: “…” */
	[RULE_DIRECT_BEFORE_COLON] = {"direct.before.colon", 0.83f, true, BEFORE_QUOTE},
	/* … and added, “…” / …, telling reporters: “…” */
	[RULE_DIRECT_BEFORE_PARTICIPLE] = {"direct.before.participle", 0.73f, true, BEFORE_QUOTE},
	/* Trump leaned in and boomed: “…” (no cue word: the sentence's subject) */
	[RULE_DIRECT_BEFORE_LEAD_IN] = {"direct.before.lead_in", 0.63f, true, 0},
	/* “…” ― Martha Aguilar (a dash and a name under the quote) */
	[RULE_DIRECT_BYLINE] = {"direct.byline", 0.90f, true, 0},
	/* “…,” Trump shot back (no cue word: the subject of the narration after the quote) */
	[RULE_DIRECT_AFTER_SUBJECT] = {"direct.after.subject", 0.77f, true, L(LIM_SPEAKER_AFTER)},
	/* “…,” he said. “…” / “…,” said X, a spokesman, “…”: one attribution in parts */
	[RULE_DIRECT_INTERRUPTED] = {"direct.interrupted", 0.90f, true, CONTINUATION},
	/* the next sentence or paragraph opens a quote with no cue of its own */
	[RULE_DIRECT_CONTINUED] = {"direct.continued", 0.72f, true, CONTINUATION},

	/* Asked whether …, she said … (the question; its asker is usually unnamed) */
	[RULE_INDIRECT_ASKED] = {"indirect.asked", 0.75f, false,
	L(LIM_QUESTION_REACH) | L(LIM_QUESTION_MIN_WORDS) | L(LIM_CONTENT_MIN_WORDS)},
	/* The decision is widely expected to be unfavorable (no holder named) */
	[RULE_INDIRECT_PASSIVE] = {"indirect.passive", 0.55f, false,
	L(LIM_PASSIVE_ADVERBS) | L(LIM_LY_ADVERB_BYTES) | L(LIM_OTHER_SPEAKER_CLAUSE) |
	L(LIM_CONTENT_MIN_WORDS)},
	/* X said (that) … */
	[RULE_INDIRECT_AFTER_CUE] = {"indirect.after_cue", 0.27f, true, CLAUSE_AFTER_CUE},
	/* most voters say … (a bare noun before the cue) */
	[RULE_INDIRECT_AFTER_CUE_BARE] = {"indirect.after_cue.bare", 0.10f, true, CLAUSE_AFTER_CUE},
	/* …, saying … (the subject of the clause the participle hangs on) */
	[RULE_INDIRECT_PARTICIPLE] = {"indirect.participle", 0.12f, true, CLAUSE_AFTER_CUE},
	/* …, X said. */
	[RULE_INDIRECT_BEFORE_CUE] = {"indirect.before_cue", 0.88f, true,
	L(LIM_THAT_REACH) | L(LIM_ADJUNCT_WORDS) | L(LIM_CONTENT_MIN_WORDS)},
	/* …, said Kerry. */
	[RULE_INDIRECT_BEFORE_CUE_INVERTED] = {"indirect.before_cue.inverted", 0.80f, true,
	L(LIM_CONTENT_MIN_WORDS)},
	/* according to X, … / …, according to X */
	[RULE_INDIRECT_ACCORDING_TO] = {"indirect.according_to", 0.82f, true,
	L(LIM_ACCORDING_TO_SOURCE) | L(LIM_ACCORDING_AT_START) | L(LIM_CONTENT_MIN_WORDS)},
	/* Kerry's claim that … / the claim that … */
	[RULE_INDIRECT_NOUN_THAT] = {"indirect.noun_that", 0.40f, true, L(LIM_CONTENT_MIN_WORDS)},
	/* Kerry: US looks at … (a headline) */
	[RULE_INDIRECT_COLON] = {"indirect.colon", 0.49f, true,
	L(LIM_COLON_MIN_WORDS) | L(LIM_CONTENT_MIN_WORDS)},
	/* he said about the movement, “…” (a reported clause that is one quote) */
	[RULE_DIRECT_BEFORE_ADJUNCT] = {"direct.before.adjunct", 0.72f, true,
	CLAUSE_AFTER_CUE | L(LIM_ADJUNCT_BEFORE_QUOTE) | L(LIM_CUE_FAR_BEFORE_QUOTE)},
	/* according to the report, “…” / “…,” according to X */
	[RULE_DIRECT_ACCORDING_TO] = {"direct.according_to", 0.85f, true,
	L(LIM_ACCORDING_TO_SOURCE) | L(LIM_ACCORDING_AT_START) | L(LIM_CONTENT_MIN_WORDS)},

	/* a quote standing alone: the speaker of the nearest attribution before it */
	[RULE_DIRECT_CONTEXT] = {"direct.context", 0.23f, true,
	L(LIM_UNCUED_MIN_WORDS) | L(LIM_CONTEXT_PARAS)},
	/* … or the person named last, when nearer */
	[RULE_DIRECT_CONTEXT_PERSON] = {"direct.context.person", 0.28f, true,
	L(LIM_UNCUED_MIN_WORDS) | L(LIM_CONTEXT_PARAS) | L(LIM_CONTEXT_PERSON_PARAS)},
	/* Skelly called Braynard “a real smart guy. I’d like …” (whole sentences) */
	[RULE_DIRECT_EMBEDDED] = {"direct.embedded", 0.66f, true,
	L(LIM_UNCUED_MIN_WORDS) | L(LIM_EMBEDDED_SENTENCE_WORDS)},
	/* Trump called it “a disaster” */
	[RULE_MIXED_EMBEDDED] = {"mixed.embedded", 0.19f, true, L(LIM_UNCUED_MIN_WORDS)},
	/* a quote with no speaker found */
	[RULE_DIRECT_UNATTRIBUTED] = {"direct.unattributed", 0.05f, true, L(LIM_UNCUED_MIN_WORDS)},

	/*
	 * The learned stage's rows (learned.c): a cue its model took, the content
	 * and speaker it chose.  Their confidence is the model's calibrated one
	 * (said_learned_confidence), not this prior; the prior is the share of
	 * such rows right on the held-out folds of PolNeAR train.
	 */
	[RULE_LEARNED_INDIRECT] = {"learned.indirect", 0.60f, false, LEARNED},
	[RULE_LEARNED_MIXED] = {"learned.mixed", 0.70f, false, LEARNED},
	[RULE_LEARNED_DIRECT] = {"learned.direct", 0.50f, false, LEARNED},
};

#define SAID_LIMIT_INFO(name, value, room, source) {#name, value, room, source},
const SaidLimitInfo said_limits[LIMIT_COUNT] = {
	SAID_LIMITS(SAID_LIMIT_INFO)
};

/*
 * The prior scaled by how the speaker was found: named speakers are right
 * more often than their rule's average, guessed ones less.  The factors
 * were chosen by hand; not measured.
 */
static const float speaker_scale[SP_HOW_COUNT] = {
	[SP_NONE] = 0.5f,
	[SP_NAMED] = 1.1f,
	[SP_PRONOUN] = 1.0f,		/* resolved; 0.9 when not (below) */
	[SP_NOMINAL] = 0.95f,
	[SP_UNRESOLVED] = 0.8f,
	[SP_GUESS] = 0.8f,
	[SP_CLAUSE] = 0.95f,
};

#define UNRESOLVED_PRONOUN_SCALE 0.9f

/* Bounds of a reported confidence: no row is certain, none worthless. */
#define CONFIDENCE_MAX 0.97f
#define CONFIDENCE_MIN 0.05f

float
said_rule_confidence(SaidRule rule, SaidSpeakerHow how, bool resolved)
{
	float		c = said_rules[rule].prior;

	if (!said_rules[rule].speaker_scaled)
		return c;
	c *= how == SP_PRONOUN && !resolved ? UNRESOLVED_PRONOUN_SCALE : speaker_scale[how];
	if (c > CONFIDENCE_MAX)
		c = CONFIDENCE_MAX;
	if (c < CONFIDENCE_MIN)
		c = CONFIDENCE_MIN;
	/* two decimals: the figure is a calibrated class, not a measurement */
	return (float) ((int) (c * 100.0f + 0.5f)) / 100.0f;
}
