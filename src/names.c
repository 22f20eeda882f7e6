/*
 * names.c -- stage 5: mentions grouped into document entities, each with a
 * canonical name: the fullest form the document gives, titles excluded.
 *
 *  - persons: a one-word mention ("Putin") joins the full name that ends
 *    with it ("Vladimir Putin"); with several candidates, the nearest
 *    preceding one;
 *  - organisations and places: the same words, or an acronym of the full
 *    name's capitalised words ("IS" for "Islamic State"), or a lexicon alias
 *    ("U.S." for "United States", whose canonical form the lexicon gives).
 *
 * Lookups go through one open-addressing table keyed by folded hashes, so
 * the stage is linear in the number of mentions.
 */
#include "said.h"
#include "lexicon.h"

#include <string.h>

typedef struct NameSlot
{
	uint64_t	key;
	int32_t		entity;
	int32_t		count;			/* distinct entities registered under key */
} NameSlot;

typedef struct NameTable
{
	NameSlot   *slots;
	uint64_t	mask;
} NameTable;

/* slots of the table cleared between two interrupt checks (16 MB) */
#define NAME_TABLE_PIECE ((uint64_t) 1 << 20)

/* key spaces: full names, person surnames, acronyms */
#define KEY_FULL(h)		((h) * 3 + 0)
#define KEY_SURNAME(h)	((h) * 3 + 1)
#define KEY_ACRONYM(h)	((h) * 3 + 2)

static NameSlot *
slot_for(NameTable *nt, uint64_t key)
{
	uint64_t	i;

	key = key ? key : 1;
	i = (key ^ (key >> 29)) & nt->mask;
	while (nt->slots[i].key != 0 && nt->slots[i].key != key)
		i = (i + 1) & nt->mask;
	nt->slots[i].key = key;
	return &nt->slots[i];
}

static NameSlot *
find(NameTable *nt, uint64_t key)
{
	uint64_t	i;

	key = key ? key : 1;
	i = (key ^ (key >> 29)) & nt->mask;
	while (nt->slots[i].key != 0)
	{
		if (nt->slots[i].key == key)
			return &nt->slots[i];
		i = (i + 1) & nt->mask;
	}
	return NULL;
}

static void
put(NameTable *nt, uint64_t key, int entity)
{
	NameSlot   *s = slot_for(nt, key);

	if (s->count == 0 || s->entity != entity)
		s->count++;
	s->entity = entity;
}

static int
new_entity(SaidDoc *doc, int *cap, int mention)
{
	SaidEntity *e;

	doc->entity = said_grow(doc->arena, doc->entity, cap, doc->nentity + 1, sizeof(SaidEntity));
	e = &doc->entity[doc->nentity];
	e->canonical_mention = mention;
	e->type = doc->mention[mention].type;
	e->gender = doc->mention[mention].gender;
	e->first_mention = mention;
	e->mentions = 0;
	e->canonical_text = NULL;
	return doc->nentity++;
}

static void
join(SaidDoc *doc, int mention, int entity)
{
	SaidMention *m = &doc->mention[mention];
	SaidEntity *e = &doc->entity[entity];
	SaidMention *c = &doc->mention[e->canonical_mention];

	m->entity = entity;
	e->mentions++;
	if (m->t1 - m->t0 > c->t1 - c->t0)
		e->canonical_mention = mention;
	if (e->gender == GENDER_UNKNOWN)
		e->gender = m->gender;
}

/* Hash of the acronym of a multi-word name: initials of its capitalised words. */
static uint64_t
acronym_key(const SaidDoc *doc, const SaidMention *m)
{
	char		buf[16];
	int			n = 0;

	for (int k = m->t0; k < m->t1 && n < 15; k++)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->kind == TOK_WORD && (t->flags & TF_UPPER_INITIAL))
		{
			unsigned char c = (unsigned char) doc->text[t->b0];

			if (c >= 0x80)
				return 0;
			buf[n++] = (char) c;
		}
	}
	if (n < 2)
		return 0;
	return said_fold_hash(buf, n);
}

/* Hash of an all-capitals token without its periods: "U.N." -> "un". */
static uint64_t
initials_key(const SaidDoc *doc, const SaidToken *t)
{
	char		buf[16];
	int			n = 0;

	if (!(t->flags & TF_ALL_UPPER) || t->b1 - t->b0 > 15)
		return 0;
	for (uint32_t b = t->b0; b < t->b1; b++)
		if (doc->text[b] != '.')
			buf[n++] = doc->text[b];
	return n >= 2 ? said_fold_hash(buf, n) : 0;
}

void
said_names(SaidDoc *doc)
{
	NameTable	nt;
	uint64_t	size = 64;
	int			cap = 0;

	doc->entity = NULL;
	doc->nentity = 0;
	if (doc->nmention == 0)
		return;
	while (size < (uint64_t) doc->nmention * 8)
		size <<= 1;
	/*
	 * Zeroed a piece at a time with interrupt checks: for the millions of
	 * mentions of a 100 MB document the table is hundreds of megabytes, and
	 * clearing it in one memset held off a cancel request for seconds.
	 */
	nt.slots = said_arena_alloc(doc->arena, size * sizeof(NameSlot));
	for (uint64_t k = 0; k < size; k += NAME_TABLE_PIECE)
	{
		said_check_interrupts(doc);
		memset(nt.slots + k, 0,
			   (size - k < NAME_TABLE_PIECE ? size - k : NAME_TABLE_PIECE) * sizeof(NameSlot));
	}
	nt.mask = size - 1;

	/* Pass 1: names of two or more words, and lexicon aliases. */
	for (int i = 0; i < doc->nmention; i++)
	{
		SaidMention *m = &doc->mention[i];
		uint64_t	full = said_phrase_key(doc, m->t0, m->t1);
		const SaidLexEntry *alias = said_lex_lookup(full);
		NameSlot   *s;
		int			e;

		/* a 100 MB document has millions of mentions: stay cancellable */
		if ((i & 1023) == 0)
			said_check_interrupts(doc);
		if (alias && alias->canonical_key)
			full = alias->canonical_key;
		if (m->t1 - m->t0 < 2 && !(alias && alias->canonical_key))
			continue;
		s = find(&nt, KEY_FULL(full) + m->type);
		if (s && s->count > 0)
			e = s->entity;
		else
		{
			e = new_entity(doc, &cap, i);
			put(&nt, KEY_FULL(full) + m->type, e);
			if (alias && alias->canonical)
				doc->entity[e].canonical_text = alias->canonical;
		}
		join(doc, i, e);
		if (m->type == ENT_PERSON)
			put(&nt, KEY_SURNAME(doc->tok[m->t1 - 1].hash), e);
		else if (m->t1 - m->t0 >= 2)
		{
			uint64_t	ak = acronym_key(doc, m);

			if (ak)
				put(&nt, KEY_ACRONYM(ak), e);
		}
	}
	/* Pass 2: one-word names join a fuller name or start their own entity. */
	for (int i = 0; i < doc->nmention; i++)
	{
		SaidMention *m = &doc->mention[i];
		const SaidToken *t;
		NameSlot   *s = NULL;
		int			e = -1;

		/* before the skip: most mentions are skipped here */
		if ((i & 1023) == 0)
			said_check_interrupts(doc);
		if (m->entity >= 0)
			continue;
		t = &doc->tok[m->t0];
		if (m->type == ENT_PERSON)
			s = find(&nt, KEY_SURNAME(t->hash));
		else
		{
			uint64_t	ik = initials_key(doc, t);

			if (ik)
				s = find(&nt, KEY_ACRONYM(ik));
		}
		if (s && s->count == 1)
			e = s->entity;
		else if (s && s->count > 1)
		{
			/* ambiguous surname: the nearest preceding full name with it */
			for (int k = i - 1; k >= 0 && k >= i - 500; k--)
			{
				SaidMention *o = &doc->mention[k];

				if (o->entity >= 0 && o->type == m->type && o->t1 - o->t0 >= 2 &&
					doc->tok[o->t1 - 1].hash == t->hash)
				{
					e = o->entity;
					break;
				}
			}
		}
		if (e < 0)
		{
			uint64_t	full = said_phrase_key(doc, m->t0, m->t1);

			s = find(&nt, KEY_FULL(full) + m->type);
			if (s && s->count > 0)
				e = s->entity;
			else
			{
				e = new_entity(doc, &cap, i);
				put(&nt, KEY_FULL(full) + m->type, e);
			}
		}
		join(doc, i, e);
	}
	/* first mention in document order */
	for (int i = doc->nmention - 1; i >= 0; i--)
		if (doc->mention[i].entity >= 0)
			doc->entity[doc->mention[i].entity].first_mention = i;
}

const char *
said_entity_name(SaidDoc *doc, int entity, size_t *len)
{
	const SaidEntity *e = &doc->entity[entity];
	const SaidMention *m = &doc->mention[e->canonical_mention];

	if (e->canonical_text)
	{
		*len = strlen(e->canonical_text);
		return e->canonical_text;
	}
	*len = doc->tok[m->t1 - 1].b1 - doc->tok[m->t0].b0;
	return doc->text + doc->tok[m->t0].b0;
}
