/*
 * attribution.c -- stage 7: (content, cue, speaker) triples.
 *
 * The driver of the stage (attribution.h lists its rooms).  Small named
 * sieves run in this order, each leaving what it cannot decide to the next:
 *
 *   1-3  direct quotes with a cue next to them   sieves_direct.c
 *   4    reported speech around the cues left    sieves_indirect.c
 *   5-6  quoted regions still left, no cue       sieves_direct.c
 *
 * Every attribution keeps the name of the rule that produced it as its
 * provenance; the rules, with their forms, priors and limits, are listed
 * once, in rules.c.  Speakers: a named mention, a pronoun resolved to the
 * nearest preceding compatible named entity outside quotes (resolve.c), or
 * a nominal ("a senior official"), read by speakers.c.  The attributions
 * are finally put in document order.
 */
#include "attribution.h"
#include "learned.h"

#include <stdlib.h>
#include <string.h>

/*
 * Record a candidate: the attribution's content, cue, speaker (when one
 * was found) and provenance, and its confidence from the rule table.  The
 * cue and the content tokens are used up: later sieves skip them.
 */
SaidAttribution *
said_attr_emit(Attributor *at, int kind, int ct0, int ct1, int cue, const Speaker *sp,
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
	said_work(doc, (uint64_t) (ct1 - ct0) + 1);
	/* what said_overlaps_attribution knows uncovered, less [ct0, ct1) */
	if (ct0 < at->uncovered_to && ct1 > at->uncovered_from)
	{
		if (ct0 > at->uncovered_from)
			at->uncovered_to = ct0;
		else
			at->uncovered_from = Max(ct1, at->uncovered_from);
		if (at->uncovered_from >= at->uncovered_to)
			at->uncovered_from = at->uncovered_to = 0;
	}
	return a;
}

/* Content tokens of a region chain: first content token to last. */
void
said_region_content(const Attributor *at, int r, int *t0, int *t1, int *last_region)
{
	const SaidDoc *doc = at->doc;
	int			last = r;

	while (at->region_next[last] >= 0)
	{
		last = at->region_next[last];
		said_work(doc, 1);
	}
	*t0 = doc->region[r].t0;
	*t1 = doc->region[last].t1;
	*last_region = last;
}

/* The content of region r's chain (said_region_content), its regions now used. */
void
said_take_region_chain(Attributor *at, int r, int *t0, int *t1, int *last_region)
{
	said_region_content(at, r, t0, t1, last_region);
	for (int k = r; k >= 0; k = at->region_next[k])
	{
		at->region_used[k] = 1;
		said_work(at->doc, 1);
	}
}

/* Tokens from t that are only , . : ; -- marks; returns the first other. */
int
said_skip_light_punct(const SaidDoc *doc, int t, int end)
{
	int			from = t;

	while (t < end && doc->tok[t].kind == TOK_PUNCT)
	{
		char		c = doc->text[doc->tok[t].b0];

		if (c != ',' && c != '.' && c != ':' && c != ';' && c != '-' &&
			(unsigned char) c != 0xE2)
			break;
		t++;
	}
	said_work(doc, (uint64_t) (t - from) + 1);
	return t;
}

/*
 * Does [t0, t1) overlap the content of an attribution recorded so far?
 * The uncovered stretch the last scan found is kept (said_attr_emit
 * shortens it): the cues of a sentence ask from further and further on,
 * often up to a quote recorded far ahead, and would each scan to it.
 * Uncovering (the narration of a quote in parts) leaves it true.
 */
bool
said_overlaps_attribution(Attributor *at, int t0, int t1)
{
	int			k = t0;
	int			from;

	if (t0 >= t1)
		return false;
	if (t0 >= at->uncovered_from && t0 <= at->uncovered_to)
		k = at->uncovered_to;
	else
		at->uncovered_from = t0;
	for (from = k; k < t1 && !at->covered[k]; k++)
		;
	said_work(at->doc, (uint64_t) (k - from) + 1);
	at->uncovered_to = k;
	return k < t1;
}

/* Document order: by content start, then end. */
static int
by_content_start(const void *a, const void *b)
{
	const SaidAttribution *x = a,
			   *y = b;

	if (x->content_b0 != y->content_b0)
		return x->content_b0 < y->content_b0 ? -1 : 1;
	return x->content_b1 < y->content_b1 ? -1 : x->content_b1 > y->content_b1;
}

/* Stage 7: doc->attr, in document order. */
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
	said_check_interrupts(doc);
	at.cue_used = said_arena_calloc(doc->arena, (size_t) doc->ncue + 1, 1);
	at.covered = said_arena_calloc(doc->arena, (size_t) doc->ntok + 1, 1);
	at.region_used = said_arena_calloc(doc->arena, (size_t) doc->nregion + 1, 1);
	at.region_next = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nregion + 1));
	for (int r = 0; r < doc->nregion; r++)
		at.region_next[r] = -1;
	for (int r = 0; r < doc->nregion; r++)
		if (doc->region[r].continues >= 0)
			at.region_next[doc->region[r].continues] = r;

	said_work(doc, (uint64_t) doc->ntok + (uint64_t) doc->ncue + (uint64_t) doc->nregion * 2);
	/* between the passes too, which each cost a scan of the document: a
	 * check only inside their loops left up to a second without one on a
	 * document of 100 MB (test_hostile) */
	said_check_interrupts(doc);
	said_resolve_init(&at);
	said_check_interrupts(doc);
	said_direct_with_cues(&at);
	said_indirect(&at);
	said_check_interrupts(doc);
	said_direct_without_cues(&at);
	said_check_interrupts(doc);
	/* the learned stage decides the reported speech the rules leave open */
	said_learned_attribute(&at);
	if (!doc->rule_rows)
	{
		said_indirect_parts(doc);
		said_appositive_names(doc);
	}
	if (doc->nattr > 1)
		qsort(doc->attr, doc->nattr, sizeof(SaidAttribution), by_content_start);
}

