/*
 * canonical.c -- names across documents: the grouping behind the
 * canonical_map aggregate.
 *
 * Each name is put in Unicode NFC and split by the pipeline's tokenizer;
 * its core is its words after any leading title or article ("President",
 * "the", "Russian Prime Minister").  Names whose cores fold to the same
 * words form a group ("President Vladimir Putin", "vladimir putin"), and a
 * group maps to the one longer group whose last words it is ("Putin" ->
 * "Vladimir Putin"); a short form that ends two longer groups ("Johnson":
 * "Boris Johnson", "Lyndon Johnson") is ambiguous and stays itself.  What a
 * group shows is always one of the names given, as it was written.  Work
 * is linear in the number of names (hash tables keyed by folded word
 * hashes) apart from one sort of the groups.
 */
#include "canonical.h"
#include "hashtab.h"
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longest name, in words, whose suffixes are matched. */
#define MAP_MAX_WORDS 8

/* A group: the names whose cores fold to the same words. */
typedef struct MapGroup
{
	uint64_t	key;
	int			nwords;
	uint64_t	words[MAP_MAX_WORDS];
	int			best;			/* its best name (better_name) */
	int			shown;			/* the name spelled as best's core, or -1 */
	int			target;			/* group it maps to; itself when canonical */
} MapGroup;

/* A name as the grouping reads it: in NFC, with its core. */
typedef struct NameForm
{
	const char *nfc;
	size_t		len;
	uint32_t	b0,
				b1;				/* the core, bytes of nfc */
} NameForm;

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
	uint64_t	i = said_hash_slot64(key, said_hash_log2(mask + 1));

	while (slots[i].key != 0 && slots[i].key != key)
		i = said_hash_next(i, mask);
	return &slots[i];
}

/* Slots for n keys, at most half full. */
static uint64_t
table_size(uint64_t n)
{
	return said_hash_size(16, n * 2);
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

/* Is a (na bytes) before b (nb bytes) in byte order? */
static bool
bytes_before(const char *a, size_t na, const char *b, size_t nb)
{
	int			c = memcmp(a, b, na < nb ? na : nb);

	return c != 0 ? c < 0 : na < nb;
}

/* Is name i written in NFC? */
static bool
written_nfc(const SaidMapName *names, const NameForm *form, int i)
{
	return form[i].nfc == names[i].text ||
		(form[i].len == names[i].len && memcmp(form[i].nfc, names[i].text, form[i].len) == 0);
}

/*
 * Of two names of the same NFC spelling, or spelled as their group's core,
 * is a the one to show?  The more frequent, then the one written in NFC,
 * then the first in byte order.
 */
static bool
better_written(const SaidMapName *names, const NameForm *form, int a, int b)
{
	bool		na = written_nfc(names, form, a),
				nb = written_nfc(names, form, b);

	if (names[a].count != names[b].count)
		return names[a].count > names[b].count;
	if (na != nb)
		return na;
	return bytes_before(names[a].text, names[a].len, names[b].text, names[b].len);
}

/*
 * Is name a a better face for its group than name b?  The most frequent;
 * then the one whose core is in mixed case ("Angela Merkel", not "MERKEL"
 * shouting); then the longer core in bytes, which keeps diacritics ("José
 * Müller" over "Jose Muller"); then the core in byte order; for the same
 * core, the shorter name (fewer titles), then the name in byte order in
 * NFC, then better_written: a total order, so that the order of the names
 * never changes the result.
 */
static bool
better_name(const SaidMapName *names, const NameForm *form, int a, int b)
{
	const NameForm *fa = &form[a],
			   *fb = &form[b];
	const char *ca = fa->nfc + fa->b0,
			   *cb = fb->nfc + fb->b0;
	size_t		na = fa->b1 - fa->b0,
				nb = fb->b1 - fb->b0;
	bool		ma,
				mb;
	int			c;

	if (names[a].count != names[b].count)
		return names[a].count > names[b].count;
	ma = mixed_case(ca, na);
	mb = mixed_case(cb, nb);
	if (ma != mb)
		return ma;
	if (na != nb)
		return na > nb;
	if ((c = memcmp(ca, cb, na)) != 0)
		return c < 0;
	if (fa->len != fb->len)
		return fa->len < fb->len;
	if ((c = memcmp(fa->nfc, fb->nfc, fa->len)) != 0)
		return c < 0;
	return better_written(names, form, a, b);
}

/*
 * s in Unicode NFC, in arena: precomposed and decomposed spellings ("é" and
 * "e" with U+0301) fold to different hashes, and one name must not make two
 * groups.  s itself when ASCII or not UTF-8.
 */
static const char *
nfc_form(SaidArena *arena, const char *s, size_t len, size_t *nfc_len)
{
	const utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *) s;
	utf8proc_int32_t *buf;
	utf8proc_ssize_t ncp,
				nbytes;
	size_t		i = 0;

	*nfc_len = len;
	while (i < len && u[i] < 0x80)
		i++;
	if (i == len)
		return s;
	ncp = utf8proc_decompose(u, (utf8proc_ssize_t) len, NULL, 0, options);
	if (ncp < 0)
		return s;
	/* decomposed code points, then NFC in UTF-8 in the same buffer */
	buf = said_arena_alloc(arena, sizeof(utf8proc_int32_t) * ((size_t) ncp + 1));
	if (utf8proc_decompose(u, (utf8proc_ssize_t) len, buf, ncp, options) != ncp ||
		(nbytes = utf8proc_reencode(buf, ncp, options)) < 0)
		return s;
	*nfc_len = (size_t) nbytes;
	return (const char *) buf;
}

/*
 * Groups are taken longest first and register their proper suffixes under
 * their own target, so a suffix claimed by two targets is ambiguous.  A
 * group shows its best name's core ("Vladimir Putin" for "President
 * Vladimir Putin") when a name of the set is spelled so, else that best
 * name as it is.
 */
void
said_canonical_map(SaidArena *arena, const SaidMapName *names, int n, int32_t *face)
{
	const SaidAllocator *alloc = arena->allocator;
	uint64_t	mask = table_size((uint64_t) n) - 1;
	KeySlot    *by_key = said_arena_calloc(arena, mask + 1, sizeof(KeySlot));
	KeySlot    *by_suffix;
	MapGroup   *groups = said_arena_alloc(arena, sizeof(MapGroup) * ((size_t) n + 1));
	NameForm   *form = said_arena_alloc(arena, sizeof(NameForm) * ((size_t) n + 1));
	int		   *group_of = said_arena_alloc(arena, sizeof(int) * ((size_t) n + 1));
	GroupOrder *order;
	int			ngroups = 0;
	uint64_t	nsuffixes = 0;

	for (int i = 0; i < n; i++)
	{
		NameForm   *f = &form[i];
		SaidDoc    *d = said_arena_alloc(arena, sizeof(SaidDoc));
		MapGroup	g;
		KeySlot    *ks;
		MapGroup   *gr;

		if ((i & 1023) == 0 && alloc->interrupt_check)
			alloc->interrupt_check(alloc->ctx);
		f->nfc = nfc_form(arena, names[i].text, names[i].len, &f->len);
		said_doc_init(d, arena, f->nfc, f->len);
		said_tokenize(d);
		group_of[i] = -1;
		if (!name_core(d, &g, &f->b0, &f->b1))
			continue;
		ks = key_slot(by_key, mask, g.key);
		if (ks->key == 0)
		{
			ks->key = g.key;
			ks->value = ngroups;
			g.best = i;
			g.shown = -1;
			g.target = ngroups;
			groups[ngroups++] = g;
		}
		gr = &groups[ks->value];
		group_of[i] = ks->value;
		if (better_name(names, form, i, gr->best))
			gr->best = i;
	}

	/* the name spelled as its group's best core, if any */
	for (int i = 0; i < n; i++)
	{
		MapGroup   *gr;
		const NameForm *best;

		if (group_of[i] < 0)
			continue;
		gr = &groups[group_of[i]];
		best = &form[gr->best];
		if (form[i].len == best->b1 - best->b0 &&
			memcmp(form[i].nfc, best->nfc + best->b0, form[i].len) == 0 &&
			(gr->shown < 0 || better_written(names, form, i, gr->shown)))
			gr->shown = i;
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
			face[i] = i;
			continue;
		}
		t = &groups[groups[group_of[i]].target];
		face[i] = t->shown >= 0 ? t->shown : t->best;
	}
}
