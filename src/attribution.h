/*
 * attribution.h -- the attribution stage's own header: its working state
 * and what its rooms share.  Not part of the core's interface (said.h).
 *
 * The stage is said_attribute (attribution.c), which runs the sieves in
 * order over one document.  Its rooms:
 *
 *   attribution.c      the driver: the working state, recording a
 *                      candidate (said_attr_emit), document order
 *   rules.c, rules.h   the rule table: names, priors, limits; confidence
 *   speakers.c         reading a speaker phrase next to a cue or a quote
 *   resolve.c          pronouns and surnames to document entities
 *   sieves_direct.c    quoted regions: with a cue next to them, then alone
 *   sieves_indirect.c  reported speech around the cues left
 *
 * Every sieve works the same way: it finds a candidate -- content tokens,
 * a cue, a speaker (Speaker, with how it was found) and the rule that
 * found it -- and records it with said_attr_emit, which sets the
 * attribution's provenance (the rule's name) and its confidence
 * (said_rule_confidence: the rule's prior, scaled by how the speaker was
 * found).  What a sieve records is settled: later sieves skip the cues,
 * regions and tokens it used (cue_used, region_used, covered).
 *
 * A new stage (a learned one, say) is a function of the same shape called
 * from said_attribute in its place in the order: it reads the Attributor,
 * records through said_attr_emit under rule ids of its own added to the
 * table in rules.c, and may set a recorded attribution's confidence from
 * its model instead of the prior.
 */
#ifndef SAID_ATTRIBUTION_H
#define SAID_ATTRIBUTION_H

#include "said.h"
#include "lexicon.h"
#include "tokens.h"
#include "word_classes.h"
#include "rules.h"

#define Max(a, b) ((a) > (b) ? (a) : (b))

/* Regions or cues between interrupt checks: chosen by hand (test_hostile
 * measures the longest gap between checks). */
#define CHECK_INTERRUPTS_EVERY 256

/* A speaker as found in the text. */
typedef struct Speaker
{
	int			t0,
				t1;				/* as written, -1 when none */
	int			entity;			/* resolved document entity, or -1 */
	int			type;			/* SaidEntityType */
	SaidSpeakerHow how;
} Speaker;

#define SPEAKER_NONE ((Speaker) {-1, -1, -1, ENT_NONE, SP_NONE})

typedef struct Surname
{
	uint64_t	hash;			/* folded hash of the last word of a full name */
	int			entity;
} Surname;

/* The stage's working state over one document. */
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
	int32_t    *plural_mentions;	/* org/nationality mentions outside quotes: "they" */
	int			nplural;
	uint8_t    *covered;		/* token is inside some attribution's content */
	int32_t    *region_next;	/* region continuing this one in the next paragraph, or -1 */
	int32_t    *attr_t1;		/* content end token of each attribution */
	int			attr_t1_cap;
	Surname    *surname;		/* persons' last names, sorted by hash */
	int			nsurname;

	/*
	 * What the scans that run to a sentence's end or to the next covered
	 * token found last: the sieves ask in document order, so that kept, a
	 * long sentence is scanned about once rather than once per cue or
	 * region asking (the stage stays linear in the document).
	 */
	int			content_end_of;	/* sentence + 1 whose content end is known, or 0 */
	int			content_end;
	int			clause_send;	/* reported_clause_end: for this sentence end, */
	int			clause_from;	/* no clause ends in (clause_from, clause_stop), */
	int			clause_stop;	/* which ends at clause_stop (or is send) */
	int			uncovered_from; /* said_overlaps_attribution: no token of */
	int			uncovered_to;	/* [uncovered_from, uncovered_to) covered */
	int			lead_from;		/* said_participle_subject: tokens */
	int			lead_to;		/* [lead_from, lead_to) are marks or punctuation, */
	bool		lead_ends;		/* and lead_to is not (when lead_ends) */
} Attributor;

/* ------------------------------------------------- shared token tests */

static inline bool
same_para(const SaidDoc *doc, int a, int b)
{
	return a >= 0 && b >= 0 && a < doc->ntok && b < doc->ntok &&
		doc->sent[doc->tok[a].sent].para == doc->sent[doc->tok[b].sent].para;
}

/* Does token t open a quoted region? */
static inline bool
is_open_mark(const SaidDoc *doc, int t)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_QUOTE && doc->tok[t].region >= 0 &&
		doc->region[doc->tok[t].region].open_tok == t;
}

/* "…region," he said: the comma before the closing mark is not content. */
static inline int
trim_trailing_comma(const SaidDoc *doc, int t0, int t1)
{
	if (t1 - 1 > t0 && punct_is(doc, t1 - 1, ','))
		return t1 - 1;
	return t1;
}

/* ------------------------------------------------------ attribution.c */

/* Record a candidate attribution: content tokens [ct0, ct1), cue (or -1),
 * speaker, rule.  NULL when the content is empty. */
SaidAttribution *said_attr_emit(Attributor *at, int kind, int ct0, int ct1, int cue,
								const Speaker *sp, SaidRule rule);

/* Content tokens of a region chain: first content token to last. */
void		said_region_content(const Attributor *at, int r, int *t0, int *t1, int *last_region);
void		said_take_region_chain(Attributor *at, int r, int *t0, int *t1, int *last_region);

/* Tokens from t that are only , . : ; -- marks; returns the first other. */
int			said_skip_light_punct(const SaidDoc *doc, int t, int end);

/* Does [t0, t1) overlap the content of an attribution recorded so far? */
bool		said_overlaps_attribution(Attributor *at, int t0, int t1);

/* ------------------------------------------------- sieves_indirect.c */

/* After every row is decided: a reported content its attribution splits in
 * two parts, around a narration between commas ("[X], the Times said, [Y]")
 * or a raising cue ("[X] seemed [to …]"). */
void		said_indirect_parts(SaidDoc *doc);

/* ---------------------------------------------------------- resolve.c */

/* The mention lists and surname index resolution reads. */
void		said_resolve_init(Attributor *at);
int			said_mention_before(const SaidDoc *doc, const int32_t *arr, int n, int t);
int			said_resolve_pronoun(Attributor *at, int tok);
int			said_entity_by_surname(const Attributor *at, int t);

/* --------------------------------------------------------- speakers.c */

void		said_speaker_from_mention(Attributor *at, Speaker *sp, int m);
bool		said_subject_of(Attributor *at, int c, int limit, Speaker *sp, int depth);
bool		said_bare_subject(Attributor *at, int c, int limit, Speaker *sp);
bool		said_participle_subject(Attributor *at, int c, int limit, Speaker *sp);
bool		said_sentence_subject(Attributor *at, int s0, int end, Speaker *sp);
bool		said_speaker_after(Attributor *at, int t, Speaker *sp);
void		said_colon_speaker(Attributor *at, int colon, Speaker *sp);
bool		said_byline_speaker(Attributor *at, int t, Speaker *sp);
bool		said_modifiers_only(const SaidDoc *doc, int after, Speaker *sp);
bool		said_phrase_after_comma(Attributor *at, int s0, Speaker *sp);
bool		said_possessor_of(Attributor *at, int n, int s0, Speaker *sp);
void		said_according_to_source(Attributor *at, int t0, int t1, Speaker *sp);

/* After every row is decided: a speaker phrase that names nobody, followed by
 * a person's name set off by a comma ("the press secretary, Karoline
 * Leavitt, said"), is that person. */
void		said_appositive_names(SaidDoc *doc);

/* ---------------------------------------------------- the sieves */

void		said_direct_with_cues(Attributor *at);	/* sieves_direct.c */
void		said_indirect(Attributor *at);	/* sieves_indirect.c */
void		said_direct_without_cues(Attributor *at);	/* sieves_direct.c */

#endif							/* SAID_ATTRIBUTION_H */
