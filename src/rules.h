/*
 * rules.h -- the attribution stage's rules as data: one table of rules
 * (rules.c) and the named limits they read.
 *
 * Every attribution names the rule that produced it (SaidAttribution.rule,
 * the `rule` column of quotes() and claims()).  A rule has:
 *   - an id (SaidRule), used by the sieves that apply it;
 *   - its name, the provenance string, written only in rules.c;
 *   - its prior: the share of its rows that were right on PolNeAR train,
 *     the base of the confidence reported with each row;
 *   - whether that prior is scaled by how the speaker was found;
 *   - the limits its own step reads (windows in tokens, words or
 *     paragraphs).  The limits of the speaker readers (speakers.c) and of
 *     resolution (resolve.c) apply to every rule that reads a speaker.
 *
 * Every limit is named below with the room that reads it and where its
 * value comes from.  Most were chosen by hand while writing the rule and
 * checked on the dev scores only as part of the whole rule; they also keep
 * each cue's or region's work bounded, so the stage is linear in the
 * document.  Changing a limit changes outputs: re-measure the rules that
 * list it (test/eval/eval_quotes.py --split train) and their priors.
 */
#ifndef SAID_RULES_H
#define SAID_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* ----------------------------------------------------------------- rules */

typedef enum SaidRule
{
	RULE_NONE = -1,				/* nothing found (yet) */
	/* direct quotes with a cue next to them (sieves_direct.c) */
	RULE_DIRECT_AFTER,
	RULE_DIRECT_AFTER_INVERTED,
	RULE_DIRECT_BEFORE,
	RULE_DIRECT_BEFORE_COLON,
	RULE_DIRECT_BEFORE_PARTICIPLE,
	RULE_DIRECT_BEFORE_LEAD_IN,
	RULE_DIRECT_BYLINE,
	RULE_DIRECT_AFTER_SUBJECT,
	RULE_DIRECT_INTERRUPTED,
	RULE_DIRECT_CONTINUED,
	/* reported speech around the cues left (sieves_indirect.c) */
	RULE_INDIRECT_ASKED,
	RULE_INDIRECT_PASSIVE,
	RULE_INDIRECT_AFTER_CUE,
	RULE_INDIRECT_AFTER_CUE_BARE,
	RULE_INDIRECT_PARTICIPLE,
	RULE_INDIRECT_BEFORE_CUE,
	RULE_INDIRECT_BEFORE_CUE_INVERTED,
	RULE_INDIRECT_ACCORDING_TO,
	RULE_INDIRECT_NOUN_THAT,
	RULE_INDIRECT_COLON,
	RULE_DIRECT_BEFORE_ADJUNCT, /* a reported clause that is one quote */
	RULE_DIRECT_ACCORDING_TO,
	/* quotes with no cue of their own (sieves_direct.c) */
	RULE_DIRECT_CONTEXT,
	RULE_DIRECT_CONTEXT_PERSON,
	RULE_DIRECT_EMBEDDED,
	RULE_MIXED_EMBEDDED,
	RULE_DIRECT_UNATTRIBUTED,
	/* the learned stage's rows (learned.c): reported speech, quoted words inside, a whole quote */
	RULE_LEARNED_INDIRECT,
	RULE_LEARNED_MIXED,
	RULE_LEARNED_DIRECT,
	RULE_COUNT
} SaidRule;

/* How a speaker was found: its share right differs (rules.c scales by it). */
typedef enum SaidSpeakerHow
{
	SP_NONE = 0,
	SP_NAMED,					/* a named mention, or a surname of one */
	SP_PRONOUN,					/* a pronoun (resolved or plural), or a guess from context */
	SP_NOMINAL,					/* a noun phrase: "a senior official" */
	SP_UNRESOLVED,				/* he / she with no antecedent found */
	SP_GUESS,					/* a bare noun before the cue: "most voters say" */
	SP_CLAUSE,					/* the subject of the clause a participle hangs on */
	SP_HOW_COUNT
} SaidSpeakerHow;

typedef struct SaidRuleInfo
{
	const char *name;			/* provenance: SaidAttribution.rule */
	float		prior;			/* share right on PolNeAR train, (0, 1] */
	bool		speaker_scaled; /* false: the rule gives no speaker */
	uint64_t	limits;			/* LIMIT_BIT of each limit its step reads */
} SaidRuleInfo;

extern const SaidRuleInfo said_rules[RULE_COUNT];

static inline const char *
said_rule_name(SaidRule rule)
{
	return said_rules[rule].name;
}

/*
 * Confidence of a row of the rule whose speaker was found as how
 * (resolved: a pronoun with its antecedent): the prior, scaled by how,
 * kept within [0.05, 0.97] and rounded to two decimals.
 */
float		said_rule_confidence(SaidRule rule, SaidSpeakerHow how, bool resolved);

/* ---------------------------------------------------------------- limits */

typedef enum SaidRoom
{
	ROOM_SPEAKERS,				/* speakers.c: reading a speaker phrase */
	ROOM_RESOLVE,				/* resolve.c: pronouns and surnames */
	ROOM_DIRECT,				/* sieves_direct.c */
	ROOM_INDIRECT,				/* sieves_indirect.c */
	ROOM_LEARNED				/* learned_features.c: the learned stage's windows */
} SaidRoom;

/*
 * X(name, value, room, where the value comes from).  Tokens count every
 * token (words, punctuation, marks); words count words and numbers.
 */
#define SAID_LIMITS(X) \
	/* ------------------------------------------------ speakers.c */ \
	X(LIM_SUBJECT_ADVERBS, 4, ROOM_SPEAKERS, \
	  "adverbs skipped between a cue verb and its subject ('has also previously said'): " \
	  "chosen by hand; not measured") \
	X(LIM_NOMINAL_MODIFIERS, 6, ROOM_SPEAKERS, \
	  "tokens from a nominal head back to its determiner ('the New Jersey governor'): " \
	  "chosen by hand; not measured") \
	X(LIM_DETERMINER_PHRASE, 4, ROOM_SPEAKERS, \
	  "tokens from any noun back to the determiner opening its phrase ('a new statement said'): " \
	  "chosen by hand; not measured") \
	X(LIM_UNTAGGED_NAME, 3, ROOM_SPEAKERS, \
	  "capitalised words before the last of a name the tagger missed (names of up to four words): " \
	  "chosen by hand; not measured") \
	X(LIM_PARENTHESIS, 8, ROOM_SPEAKERS, \
	  "tokens back from ')' to '(' of a party and state after a name ('(D-Md.)' spans 5): " \
	  "a bound on the form, chosen by hand") \
	X(LIM_PARTICIPLE_CUE_BACK, 4, ROOM_SPEAKERS, \
	  "tokens back from a comma to the start of the cue it ends ('he told reporters, adding'): " \
	  "chosen by hand; not measured") \
	X(LIM_APPOSITION_TOKENS, 20, ROOM_SPEAKERS, \
	  "tokens back from a cue over appositions to the subject " \
	  "('Woodrow Benford, 58, who lives outside Minneapolis, says'): chosen by hand; not measured") \
	X(LIM_APPOSITION_COMMAS, 3, ROOM_SPEAKERS, \
	  "commas looked back through: the subject may stand two appositions back, as in the example " \
	  "above (a bound on the form)") \
	X(LIM_SENTENCE_SUBJECT, 25, ROOM_SPEAKERS, \
	  "tokens from a sentence's start to its subject ('But a few days later, Trump reversed himself'): " \
	  "chosen by hand; not measured") \
	X(LIM_SPEAKER_AFTER, 8, ROOM_SPEAKERS, \
	  "tokens after a cue that an inverted speaker may span ('said one former senior administration " \
	  "official'): chosen by hand; not measured") \
	X(LIM_SPEAKER_MODIFIERS, 5, ROOM_SPEAKERS, \
	  "words between a closing mark and the speaker found that the speaker takes in " \
	  "('DoubleLine Capital portfolio manager Bonnie Baha said'): chosen by hand; not measured") \
	X(LIM_PHRASE_TO_COMMA, 6, ROOM_SPEAKERS, \
	  "words a noun-phrase speaker runs back to its comma ('…, a source close to him said'): " \
	  "chosen by hand; not measured") \
	X(LIM_POSSESSOR_MODIFIERS, 5, ROOM_SPEAKERS, \
	  "tokens between an owner and its noun of saying ('Trump's recent evidence-free assertion'): " \
	  "chosen by hand; not measured") \
	X(LIM_CLITIC_BYTES, 3, ROOM_SPEAKERS, \
	  "bytes of a possessive clitic token: 's is 2; the typographic ’s (4 bytes) is not " \
	  "taken, as the rule was written (a gap, not measured)") \
	X(LIM_PLURAL_SHAPE_BYTES, 3, ROOM_SPEAKERS, \
	  "a lower-case head ending in -s is taken as a plural group only when longer " \
	  "(gas, yes, was, has are not): a bound on the form") \
	/* ------------------------------------------------- resolve.c */ \
	X(LIM_PRONOUN_PERSONS, 40, ROOM_RESOLVE, \
	  "named persons outside quotes a he or she looks back over for one of its gender: " \
	  "chosen by hand; not measured") \
	X(LIM_PRONOUN_ORGS, 10, ROOM_RESOLVE, \
	  "organisation and place mentions an 'it' looks back over for an organisation: " \
	  "chosen by hand; not measured") \
	/* ------------------------------------------ sieves_direct.c */ \
	X(LIM_CUE_AFTER_QUOTE, 30, ROOM_DIRECT, \
	  "tokens after a closing mark where the narration's cue may start, past a relative clause " \
	  "('“…,” Valdez Anderson, who works at a heating company in Sacramento, said'): chosen by hand") \
	X(LIM_CUE_AFTER_QUOTE_PLAIN, 12, ROOM_DIRECT, \
	  "the same, when no relative clause or apposition comes first: chosen by hand; not measured") \
	X(LIM_MARK_GAP, 3, ROOM_DIRECT, \
	  "punctuation tokens (or 'that') between a cue and the opening mark after it " \
	  "('said: “', 'said, “', 'said that “'): a bound on the form") \
	X(LIM_CUE_SPAN_BACK, 3, ROOM_DIRECT, \
	  "tokens back from that gap to the start of a cue ending there ('told the BBC: “'): " \
	  "chosen by hand; not measured") \
	X(LIM_CUE_BEFORE_MARK, 4, ROOM_DIRECT, \
	  "tokens back from an opening mark inside a sentence to a cue ending at it, which keeps " \
	  "the quote direct ('Kerry told reporters “…”'): chosen by hand; not measured") \
	X(LIM_CUE_FAR_BEFORE_QUOTE, 24, ROOM_DIRECT, \
	  "tokens back from a quote of whole sentences after a comma or colon to the cue whose object " \
	  "it is ('said on Twitter on Monday, in reference to her first child, “…”'): chosen by hand") \
	X(LIM_NARRATION_TOKENS, 40, ROOM_DIRECT, \
	  "tokens of narration between two parts of one quote ('“…,” said X, a spokesman for …, “…”'): " \
	  "chosen by hand; not measured") \
	X(LIM_TITLE_WORDS, 5, ROOM_DIRECT, \
	  "words of a quoted title in that narration that does not stop it ('said on “This Week”'): " \
	  "chosen by hand; not measured") \
	X(LIM_CONTINUE_PARAS, 1, ROOM_DIRECT, \
	  "paragraphs a quote continues across with no cue of its own: the next one at most " \
	  "(news paragraphs are short; chosen by hand)") \
	X(LIM_CONTINUE_MIN_WORDS, 2, ROOM_DIRECT, \
	  "words a quote needs to continue another: chosen by hand; not measured") \
	X(LIM_CUE_AFTER_PART, 4, ROOM_DIRECT, \
	  "tokens after a continuing part where a cue of its own starts ('“…,” she said'), " \
	  "which makes it a new attribution: chosen by hand; not measured") \
	X(LIM_QUOTE_PARTS, 16, ROOM_DIRECT, \
	  "parts of one quote kept apart in quote_parts; past them the last takes in the rest: " \
	  "a bound on an array, far above news quotes") \
	X(LIM_UNCUED_MIN_WORDS, 4, ROOM_DIRECT, \
	  "words a quote with no cue needs to be attributed at all (shorter ones are titles and " \
	  "scare quotes): chosen by hand; not measured") \
	X(LIM_EMBEDDED_SENTENCE_WORDS, 8, ROOM_DIRECT, \
	  "words of quoted sentences after a subject's few words that make them its direct quote " \
	  "('Skelly called Braynard “a real smart guy. I’d like …”'): chosen by hand; not measured") \
	X(LIM_CONTEXT_PARAS, 2, ROOM_DIRECT, \
	  "paragraphs back to the speaker of the nearest attribution a quote with no cue takes: " \
	  "chosen by hand; not measured") \
	X(LIM_CONTEXT_PERSON_PARAS, 1, ROOM_DIRECT, \
	  "paragraphs back to the last person named that such a quote takes instead: " \
	  "chosen by hand; not measured") \
	/* ---------------------------------------- sieves_indirect.c */ \
	X(LIM_THAT_REACH, 6, ROOM_INDIRECT, \
	  "tokens after a cue to a 'that' past an adjunct ('said on Tuesday that'): " \
	  "chosen by hand; not measured") \
	X(LIM_CLAUSE_MIN_WORDS, 3, ROOM_INDIRECT, \
	  "words a reported clause after its cue needs: chosen by hand; not measured") \
	X(LIM_ADJUNCT_WORDS, 11, ROOM_INDIRECT, \
	  "an adjunct after a cue ('in an interview with the AP on Friday') has fewer words: " \
	  "chosen by hand; not measured") \
	X(LIM_ADJUNCT_BEFORE_QUOTE, 16, ROOM_INDIRECT, \
	  "tokens of an adjunct between a cue and the quote that is its whole clause " \
	  "('responded in a text message: “…”'): 16 rather than 10 gained 0.001 of direct F1@0.8 " \
	  "on PolNeAR train, 24 no more") \
	X(LIM_OTHER_SPEAKER_CLAUSE, 7, ROOM_INDIRECT, \
	  "words after a comma in which another speaker's cue ends a reported clause " \
	  "('…, current and former officials said'): chosen by hand; not measured") \
	X(LIM_PARTS_NARRATION, 12, ROOM_INDIRECT, \
	  "tokens of a narration between commas that splits a reported content in two parts " \
	  "(', the Times said,'; ', Mr. Smith said on Tuesday,'): chosen by hand") \
	X(LIM_PARTS_SPEAKER_BACK, 2, ROOM_INDIRECT, \
	  "words between the comma opening that narration and its speaker or cue ('the' of " \
	  "', the Times said,', 'many' of ', many economists say,'): chosen by hand") \
	X(LIM_PARTS_FIRST, 60, ROOM_INDIRECT, \
	  "tokens of the first part before such a narration, at most: PolNeAR's are shorter but " \
	  "for a few; a bound on the scan back in a sentence of many narrations") \
	X(LIM_PARTS_PARENTHESIS, 24, ROOM_INDIRECT, \
	  "tokens of a parenthesis between a raising cue and its subject ('The deficit, which ends " \
	  "Sept. 30, is projected to'): chosen by hand") \
	X(LIM_PASSIVE_ADVERBS, 3, ROOM_INDIRECT, \
	  "adverbs between 'be' and 'expected' ('is not widely expected'): chosen by hand") \
	X(LIM_LY_ADVERB_BYTES, 3, ROOM_INDIRECT, \
	  "a word ending in -ly is taken as such an adverb only when longer (fly, sly are not): " \
	  "a bound on the form") \
	X(LIM_QUESTION_REACH, 6, ROOM_INDIRECT, \
	  "tokens after 'asked' (and its asker) to the question's wh-word ('Asked on Monday whether'): " \
	  "chosen by hand; not measured") \
	X(LIM_QUESTION_MIN_WORDS, 2, ROOM_INDIRECT, \
	  "words a question after 'asked' needs: chosen by hand; not measured") \
	X(LIM_ACCORDING_TO_SOURCE, 8, ROOM_INDIRECT, \
	  "tokens of the source after 'according to' up to a comma ('according to a senior " \
	  "administration official'): chosen by hand; not measured") \
	X(LIM_ACCORDING_AT_START, 1, ROOM_INDIRECT, \
	  "tokens before 'according to' for it to open its sentence (a mark or 'But'), " \
	  "the content then following it: a bound on the form") \
	X(LIM_COLON_MIN_WORDS, 2, ROOM_INDIRECT, \
	  "words after 'Name:' for a headline's reported content: chosen by hand; not measured") \
	X(LIM_CONTENT_MIN_WORDS, 2, ROOM_INDIRECT, \
	  "words any reported content needs: chosen by hand; not measured") \
	/* ---------------------------------------- learned_features.c */ \
	/* the learned model's features read these: changing one, retrain (make train-attribution) */ \
	X(LIM_PRONOUN_PLURAL_SENTENCES, 2, ROOM_RESOLVE, \
	  "sentences back to the organisation or group a 'they' stands for " \
	  "('The commission fined the company. They said …'): chosen by hand; not measured") \
	X(LIM_LEARNED_START_AFTER, 10, ROOM_LEARNED, \
	  "tokens after a cue within which a content after it starts ('told reporters on Monday that'): " \
	  "chosen by hand; 98 % of PolNeAR train's contents after their cue start within 9") \
	X(LIM_LEARNED_START_SLACK, 2, ROOM_LEARNED, \
	  "words after a cue a content may start at without a clause edge before it ('said Monday the'): " \
	  "97 % of PolNeAR train's contents after their cue start so or after an edge") \
	X(LIM_LEARNED_SPAN, 120, ROOM_LEARNED, \
	  "tokens a content of the learned stage spans at most: the decoder's window, chosen by hand") \
	X(LIM_LEARNED_END_BEFORE, 20, ROOM_LEARNED, \
	  "tokens before a cue within which a content before it ends (its speaker between): " \
	  "chosen by hand") \
	X(LIM_LEARNED_GAP_BEFORE, 10, ROOM_LEARNED, \
	  "tokens back from a cue to the comma opening its narration (', Mr. Obama noted,'): " \
	  "chosen by hand") \
	X(LIM_LEARNED_GAP_AFTER, 6, ROOM_LEARNED, \
	  "tokens after a cue to the comma closing that narration (', he said on Tuesday,'): " \
	  "chosen by hand") \
	X(LIM_LEARNED_CUE_AHEAD, 6, ROOM_LEARNED, \
	  "tokens after a content's end in which another cue tells a new speaker's clause " \
	  "('…, Hackett said'): as LIM_OTHER_SPEAKER_CLAUSE, chosen by hand") \
	X(LIM_LEARNED_CLAUSE_AHEAD, 8, ROOM_LEARNED, \
	  "tokens after a cue in which an auxiliary or 'to' tells a clause or an infinitive " \
	  "('said the plan would', 'wants to'): chosen by hand") \
	X(LIM_LEARNED_SOURCE_BACK, 12, ROOM_LEARNED, \
	  "tokens back from a cue to the nearest name, pronoun or speaker noun (a feature of the cue): " \
	  "chosen by hand") \
	X(LIM_LEARNED_SOURCE_REACH, 30, ROOM_LEARNED, \
	  "tokens either side of a cue where its speaker is looked for: chosen by hand") \
	X(LIM_LEARNED_SOURCES, 14, ROOM_LEARNED, \
	  "candidate speakers of a cue, the nearest kept (with 'none' and the rules' one): " \
	  "24 scored the same on the held-out folds") \
	X(LIM_LEARNED_NP_TOKENS, 8, ROOM_LEARNED, \
	  "tokens of a speaker's noun phrase before its head ('Federal Reserve Chair Jerome Powell'): " \
	  "chosen by hand") \
	X(LIM_LEARNED_POSTMOD, 7, ROOM_LEARNED, \
	  "tokens of a speaker's phrase after its head ('people familiar with the matter said'): " \
	  "chosen by hand")

/* The limits' values, by name. */
#define SAID_LIMIT_VALUE(name, value, room, source) name = value,
enum
{
	SAID_LIMITS(SAID_LIMIT_VALUE)
};
#undef SAID_LIMIT_VALUE

/* Their ids, for the rule table (name##_ID). */
#define SAID_LIMIT_ID(name, value, room, source) name##_ID,
typedef enum SaidLimitId
{
	SAID_LIMITS(SAID_LIMIT_ID)
	LIMIT_COUNT
} SaidLimitId;
#undef SAID_LIMIT_ID

#define LIMIT_BIT(name) (UINT64_C(1) << name##_ID)

typedef struct SaidLimitInfo
{
	const char *name;
	int			value;
	SaidRoom	room;
	const char *source;			/* what it bounds and where its value comes from */
} SaidLimitInfo;

extern const SaidLimitInfo said_limits[LIMIT_COUNT];

#endif							/* SAID_RULES_H */
