/*
 * claims.c -- what claims() and speakers() report of an analysed document
 * beyond its attributions: who each claim is about, and how much each
 * speaker said.
 */
#include "claims.h"
#include "hashtab.h"
#include "lexicon.h"

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

/* A name and type of the book: the key's hash (0: empty slot) and its first row. */
struct SaidBookSlot
{
	uint64_t	key;
	int32_t		row;
};

void
said_speaker_book_init(SaidSpeakerBook *book, SaidArena *arena)
{
	memset(book, 0, sizeof(*book));
	book->arena = arena;
	book->bits = 6;
	book->slots = said_arena_calloc(arena, (size_t) 1 << book->bits, sizeof(struct SaidBookSlot));
}

/* names equal but for case share a key: the rows compare the bytes */
static uint64_t
book_key(const char *name, size_t len, int type)
{
	uint64_t	h = said_fold_hash(name, len) * 8 + (uint64_t) type;

	return h ? h : 1;			/* 0 is the empty slot's */
}

/* The slot of the first row of name and type, else the empty slot where it goes. */
static struct SaidBookSlot *
book_slot(const SaidSpeakerBook *book, uint64_t key, const char *name, size_t len, int type)
{
	uint64_t	mask = ((uint64_t) 1 << book->bits) - 1;

	for (uint64_t i = said_hash_slot64(key, book->bits);; i = said_hash_next(i, mask))
	{
		struct SaidBookSlot *s = &book->slots[i];
		const SaidSpeakerRow *r;

		if (s->key == 0)
			return s;
		r = &book->row[s->row];
		if (s->key == key && r->type == type && r->len == len && memcmp(r->name, name, len) == 0)
			return s;
	}
}

static void
book_grow(SaidSpeakerBook *book)
{
	struct SaidBookSlot *old = book->slots;
	size_t		oldsize = (size_t) 1 << book->bits;

	book->bits++;
	book->slots = said_arena_calloc(book->arena, oldsize * 2, sizeof(struct SaidBookSlot));
	for (size_t k = 0; k < oldsize; k++)
		if (old[k].key != 0)
		{
			const SaidSpeakerRow *r = &book->row[old[k].row];

			*book_slot(book, old[k].key, r->name, r->len, r->type) = old[k];
		}
}

void
said_speaker_book_add(SaidSpeakerBook *book, SaidDoc *doc)
{
	SaidSpeakerTally *tally;
	int			n = said_speaker_tallies(doc, &tally);
	int32_t		piece = book->pieces++;

	for (int i = 0; i < n; i++)
	{
		const SaidEntity *e = &doc->entity[tally[i].entity];
		size_t		len;
		const char *name = said_entity_name(doc, tally[i].entity, &len);
		uint64_t	key = book_key(name, len, tally[i].type);
		struct SaidBookSlot *s = book_slot(book, key, name, len, tally[i].type);
		SaidSpeakerRow *r;

		said_work(doc, 1);
		if (s->key != 0 && book->row[s->row].piece < piece)
		{
			/* named by an earlier piece: counted there */
			r = &book->row[s->row];
			r->quotes += tally[i].quotes;
			r->words += tally[i].words;
			if (r->gender == GENDER_UNKNOWN && e->type == ENT_PERSON)
			{
				r->gender = e->gender;
				r->gender_evidence = e->gender_evidence;
			}
			continue;
		}
		book->row = said_grow(book->arena, book->row, &book->cap, book->nrow + 1,
							  sizeof(SaidSpeakerRow));
		r = &book->row[book->nrow];
		r->name = said_arena_strndup(book->arena, name, len);
		r->len = len;
		r->type = tally[i].type;
		r->gender = e->type == ENT_PERSON ? e->gender : GENDER_UNKNOWN;
		r->gender_evidence = e->type == ENT_PERSON ? e->gender_evidence : GEV_NONE;
		r->piece = piece;
		r->quotes = tally[i].quotes;
		r->words = tally[i].words;
		/* the first row of a name is the one later pieces add to */
		if (s->key == 0)
		{
			s->key = key;
			s->row = book->nrow;
			book->nrow++;
			if ((size_t) book->nrow * 2 > ((size_t) 1 << book->bits))
				book_grow(book);
		}
		else
			book->nrow++;
	}
}
