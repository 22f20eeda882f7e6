/*
 * resolve.c -- speakers to document entities: a pronoun to the nearest
 * compatible entity named before it outside quotes, a surname alone to the
 * one person whose full name ends with it.
 */
#include "attribution.h"

#include <stdlib.h>

static int
by_surname_hash(const void *a, const void *b)
{
	const Surname *x = a,
			   *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->entity - y->entity;
}

/* Persons' last names (of full names), sorted by hash once per document. */
static void
index_surnames(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	at->surname = said_arena_alloc(doc->arena, sizeof(Surname) * (size_t) (doc->nentity + 1));
	at->nsurname = 0;
	for (int e = 0; e < doc->nentity; e++)
	{
		const SaidMention *c = &doc->mention[doc->entity[e].canonical_mention];

		if (doc->entity[e].type != ENT_PERSON || c->t1 - c->t0 < 2)
			continue;
		at->surname[at->nsurname].hash = doc->tok[c->t1 - 1].hash;
		at->surname[at->nsurname].entity = e;
		at->nsurname++;
	}
	qsort(at->surname, at->nsurname, sizeof(Surname), by_surname_hash);
}

/*
 * The mentions pronouns may refer to, outside quotes and in order:
 * persons, and organisations and places; and the surname index.
 */
void
said_resolve_init(Attributor *at)
{
	SaidDoc    *doc = at->doc;

	at->person_mentions = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nmention + 1));
	at->entity_mentions = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nmention + 1));
	at->plural_mentions = said_arena_alloc(doc->arena, sizeof(int32_t) * (size_t) (doc->nmention + 1));
	for (int m = 0; m < doc->nmention; m++)
	{
		const SaidMention *mm = &doc->mention[m];

		if (doc->tok[mm->t0].flags & TF_IN_QUOTE)
			continue;
		if (mm->type == ENT_PERSON)
			at->person_mentions[at->nperson++] = m;
		else if (mm->type == ENT_ORGANIZATION || mm->type == ENT_LOCATION)
			at->entity_mentions[at->nentity_m++] = m;
		if (mm->type == ENT_ORGANIZATION || mm->type == ENT_NATIONALITY)
			at->plural_mentions[at->nplural++] = m;
	}
	index_surnames(at);
	said_work(doc, (uint64_t) doc->nmention + (uint64_t) doc->nentity);
}

/* Last index in arr[0..n) whose mention ends at or before token t, or -1. */
int
said_mention_before(const SaidDoc *doc, const int32_t *arr, int n, int t)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (doc->mention[arr[mid]].t1 <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/*
 * The nearest preceding named person of a compatible gender outside
 * quotes ("he", "she"), or organisation ("it"), or organisation or people
 * of a nation in the same or the sentence before ("they": "The European
 * Commission fined the company. They said …").
 */
int
said_resolve_pronoun(Attributor *at, int tok)
{
	SaidDoc    *doc = at->doc;
	uint32_t	lex = doc->tok[tok].lex;

	if (lex & (LX_PRON_MALE | LX_PRON_FEMALE))
	{
		int			want = (lex & LX_PRON_MALE) ? GENDER_MALE : GENDER_FEMALE;
		int			k = said_mention_before(doc, at->person_mentions, at->nperson, tok);

		for (int steps = 0; k >= 0 && steps < LIM_PRONOUN_PERSONS; k--, steps++)
		{
			const SaidMention *m = &doc->mention[at->person_mentions[k]];
			int			g = m->entity >= 0 ? doc->entity[m->entity].gender : GENDER_UNKNOWN;

			said_work(doc, 1);
			if (g == GENDER_UNKNOWN || g == want)
				return m->entity;
		}
		return -1;
	}
	if (lex & LX_PRON_PLURAL)
	{
		int			k = said_mention_before(doc, at->plural_mentions, at->nplural, tok);

		if (k >= 0 && doc->tok[tok].sent - doc->tok[doc->mention[at->plural_mentions[k]].t0].sent <
			LIM_PRONOUN_PLURAL_SENTENCES)
			return doc->mention[at->plural_mentions[k]].entity;
		return -1;
	}
	if (lex & LX_PRON_NEUTER)
	{
		int			k = said_mention_before(doc, at->entity_mentions, at->nentity_m, tok);

		for (int steps = 0; k >= 0 && steps < LIM_PRONOUN_ORGS; k--, steps++)
		{
			const SaidMention *m = &doc->mention[at->entity_mentions[k]];

			said_work(doc, 1);
			if (m->type == ENT_ORGANIZATION)
				return m->entity;
		}
	}
	return -1;
}

/* The entity whose fullest name ends with the word at token t, if one:
 * binary search in the surnames sorted once per document. */
int
said_entity_by_surname(const Attributor *at, int t)
{
	uint64_t	h = at->doc->tok[t].hash;
	int			lo = 0,
				hi = at->nsurname;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (at->surname[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= at->nsurname || at->surname[lo].hash != h)
		return -1;
	if (lo + 1 < at->nsurname && at->surname[lo + 1].hash == h &&
		at->surname[lo + 1].entity != at->surname[lo].entity)
		return -1;				/* ambiguous */
	return at->surname[lo].entity;
}
