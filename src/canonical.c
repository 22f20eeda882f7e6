/*
 * canonical.c -- names across documents: the grouping behind the
 * canonical_map aggregate.
 *
 * Each name is split by the pipeline's tokenizer; its core is its words
 * after any leading title or article ("President", "the", "Russian Prime
 * Minister").  Names whose cores fold to the same words form a group
 * ("President Vladimir Putin", "vladimir putin"), and a group maps to the
 * one longer group whose last words it is ("Putin" -> "Vladimir Putin"); a
 * short form that ends two longer groups ("Johnson": "Boris Johnson",
 * "Lyndon Johnson") is ambiguous and stays itself.  Work is linear in the
 * number of names (hash tables keyed by folded word hashes) apart from one
 * sort of the groups.
 */
#include "canonical.h"
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

/* Longest name, in words, whose suffixes are matched. */
#define MAP_MAX_WORDS 8

/* A group: the names whose cores fold to the same words. */
typedef struct MapGroup
{
	uint64_t	key;
	int			nwords;
	uint64_t	words[MAP_MAX_WORDS];
	int			best;			/* name whose core spelling is shown */
	uint32_t	best_b0,
				best_b1;		/* that core, bytes of the name */
	int			target;			/* group it maps to; itself when canonical */
} MapGroup;

/* Open-addressing table from 64-bit keys to an int and an ambiguity mark. */
typedef struct KeySlot
{
	uint64_t	key;			/* 0: empty */
	int32_t		value;
	bool		ambiguous;
} KeySlot;

static KeySlot *
key_slot(KeySlot *slots, uint64_t mask, uint64_t key)
{
	uint64_t	i = (key ^ (key >> 31)) & mask;

	while (slots[i].key != 0 && slots[i].key != key)
		i = (i + 1) & mask;
	return &slots[i];
}

/* A power of two of at least 16 slots and twice n. */
static uint64_t
table_size(uint64_t n)
{
	uint64_t	size = 16;

	while (size < n * 2)
		size <<= 1;
	return size;
}

/*
 * Core of a tokenized name: word tokens after any leading title or article,
 * at least one word kept.  Sets the group key, words, and byte span of the
 * core; false when the name has no word at all.
 */
static bool
name_core(const SaidDoc *d, MapGroup *g, uint32_t *b0, uint32_t *b1)
{
	int			t = 0,
				last = -1;

	for (int k = 0; k < d->ntok; k++)
		if (d->tok[k].kind == TOK_WORD || d->tok[k].kind == TOK_NUMBER)
			last = k;
	if (last < 0)
		return false;
	for (;;)
	{
		const SaidLexEntry *e;
		int			n = said_lex_longest_phrase(d, t, 4, LX_TITLE | LX_DETERMINER, &e);

		/* a demonym before a title: "Russian President Vladimir Putin" */
		if (n == 0 && (d->tok[t].lex & LX_DEMONYM) && t + 1 < d->ntok &&
			(d->tok[t + 1].lex & LX_TITLE))
			n = 1;
		if (n == 0 || t + n > last)
			break;
		t += n;
	}
	while (d->tok[t].kind != TOK_WORD && d->tok[t].kind != TOK_NUMBER)
		t++;
	g->nwords = 0;
	g->key = 0;
	for (int k = t; k <= last; k++)
	{
		if (d->tok[k].kind != TOK_WORD && d->tok[k].kind != TOK_NUMBER)
			continue;
		g->key = g->nwords == 0 ? d->tok[k].hash : said_hash_combine(g->key, d->tok[k].hash);
		if (g->nwords < MAP_MAX_WORDS)
			g->words[g->nwords] = d->tok[k].hash;
		g->nwords++;
	}
	*b0 = d->tok[t].b0;
	*b1 = d->tok[last].b1;
	return true;
}

/* Groups longest first, then in order of first name: a total order. */
typedef struct GroupOrder
{
	int			nwords;
	int			group;
} GroupOrder;

static int
group_order_cmp(const void *a, const void *b)
{
	const GroupOrder *x = a,
			   *y = b;

	if (x->nwords != y->nwords)
		return x->nwords > y->nwords ? -1 : 1;
	return (x->group > y->group) - (x->group < y->group);
}

/* Key of the last j words of a group. */
static uint64_t
suffix_key(const MapGroup *g, int j)
{
	uint64_t	h = g->words[g->nwords - j];

	for (int k = g->nwords - j + 1; k < g->nwords; k++)
		h = said_hash_combine(h, g->words[k]);
	return h;
}

/* Does a spelling mix upper and lower case ASCII letters? */
static bool
mixed_case(const char *s, size_t n)
{
	bool		upper = false,
				lower = false;

	for (size_t i = 0; i < n; i++)
	{
		upper |= (s[i] >= 'A' && s[i] <= 'Z');
		lower |= (s[i] >= 'a' && s[i] <= 'z');
	}
	return upper && lower;
}

/*
 * Is spelling a (seen ca times) a better face for its group than b?  The
 * most frequent; then one in mixed case ("Angela Merkel", not "MERKEL"
 * shouting); then the longer in bytes, which keeps diacritics ("José
 * Müller" over "Jose Muller"); then byte order, so that the order of the
 * names never changes the result.
 */
static bool
better_spelling(int64_t ca, const char *a, size_t na, int64_t cb, const char *b, size_t nb)
{
	bool		ma,
				mb;

	if (ca != cb)
		return ca > cb;
	ma = mixed_case(a, na);
	mb = mixed_case(b, nb);
	if (ma != mb)
		return ma;
	if (na != nb)
		return na > nb;
	return memcmp(a, b, na) < 0;
}

/*
 * Groups are taken longest first and register their proper suffixes under
 * their own target, so a suffix claimed by two targets is ambiguous.  A
 * group is shown by the core spelling of its most frequent name (ties: see
 * better_spelling).
 */
void
said_canonical_map(SaidArena *arena, const SaidMapName *names, int n, SaidMapFace *face)
{
	const SaidAllocator *alloc = arena->allocator;
	uint64_t	mask = table_size((uint64_t) n) - 1;
	KeySlot    *by_key = said_arena_calloc(arena, mask + 1, sizeof(KeySlot));
	KeySlot    *by_suffix;
	MapGroup   *groups = said_arena_alloc(arena, sizeof(MapGroup) * ((size_t) n + 1));
	int		   *group_of = said_arena_alloc(arena, sizeof(int) * ((size_t) n + 1));
	GroupOrder *order;
	int			ngroups = 0;
	uint64_t	nsuffixes = 0;

	for (int i = 0; i < n; i++)
	{
		const SaidMapName *nm = &names[i];
		SaidDoc    *d = said_arena_alloc(arena, sizeof(SaidDoc));
		MapGroup	g;
		uint32_t	b0,
					b1;
		KeySlot    *ks;
		MapGroup   *gr;

		if ((i & 1023) == 0 && alloc->interrupt_check)
			alloc->interrupt_check(alloc->ctx);
		said_doc_init(d, arena, nm->text, nm->len);
		said_tokenize(d);
		group_of[i] = -1;
		if (!name_core(d, &g, &b0, &b1))
			continue;
		ks = key_slot(by_key, mask, g.key);
		if (ks->key == 0)
		{
			ks->key = g.key;
			ks->value = ngroups;
			g.best = -1;
			g.target = ngroups;
			groups[ngroups++] = g;
		}
		gr = &groups[ks->value];
		group_of[i] = ks->value;
		if (gr->best < 0 ||
			better_spelling(nm->count, nm->text + b0, b1 - b0, names[gr->best].count,
							names[gr->best].text + gr->best_b0, gr->best_b1 - gr->best_b0))
		{
			gr->best = i;
			gr->best_b0 = b0;
			gr->best_b1 = b1;
		}
	}

	/* room for every group's key and proper suffixes, at most half full */
	for (int i = 0; i < ngroups; i++)
		nsuffixes += groups[i].nwords < MAP_MAX_WORDS ? groups[i].nwords : MAP_MAX_WORDS;
	mask = table_size(nsuffixes) - 1;
	by_suffix = said_arena_calloc(arena, mask + 1, sizeof(KeySlot));
	order = said_arena_alloc(arena, sizeof(GroupOrder) * ((size_t) ngroups + 1));
	for (int i = 0; i < ngroups; i++)
	{
		order[i].nwords = groups[i].nwords;
		order[i].group = i;
	}
	qsort(order, ngroups, sizeof(GroupOrder), group_order_cmp);
	for (int o = 0; o < ngroups; o++)
	{
		MapGroup   *g = &groups[order[o].group];
		KeySlot    *ks;

		if (g->nwords > MAP_MAX_WORDS)
			continue;			/* too long to be anyone's short form or full form */
		ks = key_slot(by_suffix, mask, g->key);
		if (ks->key != 0 && !ks->ambiguous)
			g->target = ks->value;
		for (int j = 1; j < g->nwords; j++)
		{
			uint64_t	sk = suffix_key(g, j);

			ks = key_slot(by_suffix, mask, sk);
			if (ks->key == 0)
			{
				ks->key = sk;
				ks->value = g->target;
			}
			else if (ks->value != g->target)
				ks->ambiguous = true;
		}
	}

	for (int i = 0; i < n; i++)
	{
		const MapGroup *t;

		if (group_of[i] < 0)
		{
			face[i].name = -1;
			face[i].b0 = 0;
			face[i].b1 = (uint32_t) names[i].len;
			continue;
		}
		t = &groups[groups[group_of[i]].target];
		face[i].name = t->best;
		face[i].b0 = t->best_b0;
		face[i].b1 = t->best_b1;
	}
}
