/*
 * claims.c -- what claims() and speakers() report of an analysed document
 * beyond its attributions: who each claim is about, and how much each
 * speaker said.
 */
#include "claims.h"

#include <stdlib.h>
#include <string.h>

/* Is a mention of a type that entities() reports? */
static inline bool
reported_mention(const SaidMention *m)
{
	return m->entity >= 0 && said_entity_type_name(m->type) != NULL;
}

typedef struct AttrOrder
{
	int32_t		b0;
	int32_t		index;
} AttrOrder;

static int
attr_order_cmp(const void *a, const void *b)
{
	const AttrOrder *x = a,
			   *y = b;

	if (x->b0 != y->b0)
		return x->b0 < y->b0 ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/*
 * For every attribution, the entities mentioned inside its content: speaker
 * excluded, each once, in order of first mention.  Attributions are taken in
 * order of content start and mentions are sorted by position, so a single
 * cursor over mentions moves forward only; each attribution then reads just
 * the mentions inside its content.  A stamp per entity removes duplicates in
 * constant time.
 */
void
said_claims_about(SaidDoc *doc, SaidAbout *about)
{
	SaidArena  *arena = doc->arena;
	AttrOrder  *order = said_arena_alloc(arena, sizeof(AttrOrder) * ((size_t) doc->nattr + 1));
	int32_t    *stamp = said_arena_alloc(arena, sizeof(int32_t) * ((size_t) doc->nentity + 1));
	int			cap = doc->nmention + 1;
	bool		sorted = true;
	int			used = 0;
	int			cursor = 0;

	about->start = said_arena_alloc(arena, sizeof(int32_t) * ((size_t) doc->nattr + 1));
	about->count = said_arena_calloc(arena, (size_t) doc->nattr + 1, sizeof(int32_t));
	about->ent = said_arena_alloc(arena, sizeof(int32_t) * (size_t) cap);
	for (int e = 0; e < doc->nentity; e++)
		stamp[e] = -1;
	for (int i = 0; i < doc->nattr; i++)
	{
		order[i].b0 = doc->attr[i].content_b0;
		order[i].index = i;
		if (i > 0 && order[i].b0 < order[i - 1].b0)
			sorted = false;
	}
	/* attributions are in document order by speaker or cue, not always by content */
	if (!sorted)
		qsort(order, doc->nattr, sizeof(AttrOrder), attr_order_cmp);

	for (int o = 0; o < doc->nattr; o++)
	{
		int			i = order[o].index;
		const SaidAttribution *a = &doc->attr[i];

		if ((o & 255) == 0)
			said_check_interrupts(doc);
		while (cursor < doc->nmention &&
			   doc->tok[doc->mention[cursor].t0].b0 < (uint32_t) a->content_b0)
			cursor++;
		about->start[i] = used;
		for (int k = cursor; k < doc->nmention; k++)
		{
			const SaidMention *m = &doc->mention[k];

			said_work(doc, 1);
			if (doc->tok[m->t0].b0 >= (uint32_t) a->content_b1)
				break;
			if (doc->tok[m->t1 - 1].b1 > (uint32_t) a->content_b1 || !reported_mention(m) ||
				m->entity == a->speaker_entity || stamp[m->entity] == i)
				continue;
			stamp[m->entity] = i;
			/* overlapping contents may name more entities than mentions */
			about->ent = said_grow(arena, about->ent, &cap, used + 1, sizeof(int32_t));
			about->ent[used++] = m->entity;
			about->count[i]++;
		}
	}
}

/* A byte of a word: an ASCII letter or digit, or any byte of a multi-byte character. */
static inline bool
word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

int
said_speaker_tallies(SaidDoc *doc, SaidSpeakerTally **tally)
{
	SaidArena  *arena = doc->arena;
	int32_t    *quotes = said_arena_calloc(arena, (size_t) doc->nentity + 1, sizeof(int32_t));
	int32_t    *words = said_arena_calloc(arena, (size_t) doc->nentity + 1, sizeof(int32_t));
	uint8_t    *types = said_arena_calloc(arena, (size_t) doc->nentity + 1, 1);
	SaidSpeakerTally *out;
	int			n = 0;

	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];
		int			e = a->speaker_entity;

		if (e < 0)
			continue;
		if (quotes[e]++ == 0)
			n++;
		if (!types[e])
			types[e] = a->speaker_type;
		said_work(doc, (uint64_t) (a->content_b1 - a->content_b0) + 1);
		for (int k = a->content_b0; k < a->content_b1; k++)
		{
			bool		pw = k > a->content_b0 && word_byte((unsigned char) doc->text[k - 1]);

			/* a quote may be most of a document of hundreds of megabytes */
			if ((k & 0xFFFFF) == 0)
				said_check_interrupts(doc);
			if (word_byte((unsigned char) doc->text[k]) && !pw)
				words[e]++;
		}
	}
	out = said_arena_alloc(arena, sizeof(SaidSpeakerTally) * ((size_t) n + 1));
	n = 0;
	for (int i = 0; i < doc->nattr; i++)
	{
		int			e = doc->attr[i].speaker_entity;

		if (e < 0 || quotes[e] == 0)
			continue;
		out[n].entity = e;
		out[n].type = types[e];
		out[n].quotes = quotes[e];
		out[n].words = words[e];
		n++;
		quotes[e] = 0;
	}
	*tally = out;
	return n;
}
