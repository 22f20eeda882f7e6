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
#include "hashtab.h"
#include "lexicon.h"
#include "tokens.h"

#include <string.h>

typedef struct NameSlot
{
	uint64_t	key;
	int32_t		entity;
	int32_t		count;			/* distinct entities registered under key */
} NameSlot;

/*
 * put() refuses new keys once the table is half full, so the table's size
 * (8 slots a mention) is part of the stage's results.  That size is kept as
 * limit_mask; the slots actually allocated start at a quarter of it and
 * double as keys come (a document's mentions give fewer than one key each),
 * so less memory is cleared per document.  Lookups do not depend on the
 * allocated size, and once it reaches the limit the table is the old one.
 */
typedef struct NameTable
{
	NameSlot   *slots;			/* hashtab.h's */
	uint64_t	mask;			/* allocated slots - 1 */
	unsigned	bits;			/* log2 of the allocated slots */
	uint64_t	limit_mask;		/* the table's size - 1: put's limit */
	uint64_t	used;
	SaidDoc    *doc;			/* for its arena and interrupt checks */
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
	NameSlot   *s;

	key = key ? key : 1;
	s = SAID_HASH_SLOT(nt->slots, nt->bits, key);
	s->key = key;
	return s;
}

static NameSlot *
find(NameTable *nt, uint64_t key)
{
	NameSlot   *s;

	key = key ? key : 1;
	s = SAID_HASH_SLOT(nt->slots, nt->bits, key);
	return s->key ? s : NULL;
}

/*
 * Zeroed slots: a piece at a time with interrupt checks, since for the
 * millions of mentions of a 100 MB document the table is hundreds of
 * megabytes, and clearing it in one memset held off a cancel request for
 * seconds.
 */
static NameSlot *
new_slots(SaidDoc *doc, uint64_t size)
{
	NameSlot   *slots = said_arena_alloc(doc->arena, size * sizeof(NameSlot));

	said_work(doc, size);
	for (uint64_t k = 0; k < size; k += NAME_TABLE_PIECE)
	{
		said_check_interrupts(doc);
		memset(slots + k, 0,
			   (size - k < NAME_TABLE_PIECE ? size - k : NAME_TABLE_PIECE) * sizeof(NameSlot));
	}
	return slots;
}

/* Twice the allocated slots, the keys moved over (the old ones abandoned). */
static void
grow_table(NameTable *nt)
{
	NameSlot   *old = nt->slots;
	uint64_t	oldsize = nt->mask + 1;

	nt->slots = new_slots(nt->doc, oldsize * 2);
	nt->mask = oldsize * 2 - 1;
	nt->bits++;
	said_work(nt->doc, oldsize);
	said_hash_move(nt->slots, nt->bits, old, sizeof(NameSlot));
}

static void
put(NameTable *nt, uint64_t key, int entity)
{
	NameSlot   *s;

	/* sized for the mentions; never let probing run long (or forever) */
	if (nt->used * 2 >= nt->limit_mask && find(nt, key) == NULL)
		return;
	/* keep the allocated slots at most half full too */
	if (nt->used * 2 >= nt->mask && nt->mask < nt->limit_mask && find(nt, key) == NULL)
		grow_table(nt);
	s = slot_for(nt, key);
	if (s->count == 0)
		nt->used++;

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
	e->gender = GENDER_UNKNOWN;	/* gender.c decides */
	e->gender_evidence = GEV_NONE;
	e->first_mention = mention;
	e->mentions = 0;
	e->canonical_text = NULL;
	return doc->nentity++;
}

/* The entity already named full (for this type), or a new one for mention. */
static int
entity_for_name(SaidDoc *doc, NameTable *nt, int *cap, int mention, uint64_t full)
{
	uint64_t	key = KEY_FULL(full) + doc->mention[mention].type;
	NameSlot   *s = find(nt, key);
	int			e;

	if (s && s->count > 0)
		return s->entity;
	e = new_entity(doc, cap, mention);
	put(nt, key, e);
	return e;
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

/*
 * Merge the nnew mentions of added (in document order) into the document's,
 * so that the array stays in document order, and renumber what points at
 * mentions: the tokens, and the entities made so far.
 */
static void
merge_mentions(SaidDoc *doc, const SaidMention *added, int nnew)
{
	SaidMention *merged;
	int			a = 0,
				b = 0,
				out = 0;

	if (nnew == 0)
		return;
	merged = said_arena_alloc(doc->arena, sizeof(SaidMention) * (size_t) (doc->nmention + nnew));
	while (a < doc->nmention || b < nnew)
	{
		if (b >= nnew || (a < doc->nmention && doc->mention[a].t0 < added[b].t0))
			merged[out++] = doc->mention[a++];
		else
			merged[out++] = added[b++];
	}
	doc->mention = merged;
	doc->nmention = out;
	/* millions of mentions in 100 MB: stay cancellable */
	said_check_interrupts(doc);
	for (int m = 0; m < doc->nmention; m++)
	{
		if ((m & 4095) == 0)
			said_check_interrupts(doc);
		for (int k = doc->mention[m].t0; k < doc->mention[m].t1; k++)
			doc->tok[k].mention = m;
		said_work(doc, (uint64_t) (doc->mention[m].t1 - doc->mention[m].t0) + 2);
	}
	said_work(doc, (uint64_t) doc->nentity);
	/* entities point at mentions by index: renumber them */
	for (int e = 0; e < doc->nentity; e++)
	{
		doc->entity[e].canonical_mention = -1;
		doc->entity[e].first_mention = -1;
	}
	for (int m = 0; m < doc->nmention; m++)
	{
		int			e = doc->mention[m].entity;

		if (e < 0)
			continue;
		if (doc->entity[e].first_mention < 0)
			doc->entity[e].first_mention = m;
		if (doc->entity[e].canonical_mention < 0 ||
			doc->mention[m].t1 - doc->mention[m].t0 >
			doc->mention[doc->entity[e].canonical_mention].t1 - doc->mention[doc->entity[e].canonical_mention].t0)
			doc->entity[e].canonical_mention = m;
	}
}

/* Classes of words that are no name, whatever their case. */
#define NOT_A_NAME (LX_FUNCTION | LX_CALENDAR | LX_DETERMINER | LX_TITLE | LX_PRON_MALE | \
					LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST | \
					LX_PRON_REL | LX_GROUP_NOUN | LX_PERSON_NOUN | LX_ORG_NOUN | \
					LX_CUE_VERB | LX_SENT_ADVERB | LX_COUNTRY | LX_CITY | LX_REGION | \
					LX_DEMONYM)

/* A capitalised word outside every mention that may be a name. */
static bool
bare_name_word(const SaidDoc *doc, int i)
{
	const SaidToken *t = &doc->tok[i];
	size_t		n = t->b1 - t->b0;
	const char *end = doc->text + t->b1;

	if (t->kind != TOK_WORD || !(t->flags & TF_UPPER_INITIAL) || t->mention >= 0 ||
		(t->lex & NOT_A_NAME) || (t->flags & (TF_URL | TF_HAS_DIGIT)) || n < 2)
		return false;
	/* plurals of groups: "Democrats said", "Islamists said", "Traders said" */
	if (!(t->flags & TF_ALL_UPPER) && n > 4 &&
		(memcmp(end - 3, "ans", 3) == 0 || memcmp(end - 3, "ats", 3) == 0 ||
		 memcmp(end - 3, "ers", 3) == 0 || memcmp(end - 3, "ors", 3) == 0 ||
		 memcmp(end - 4, "ists", 4) == 0 || memcmp(end - 4, "ites", 4) == 0))
		return false;
	return true;
}

/* A verb of speech proper, finite: said, says, told, tweeted, wrote. */
static bool
finite_speech(const SaidDoc *doc, int t)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_WORD &&
		(doc->tok[t].lex & (LX_CUE_VERB | LX_CUE_STRONG | LX_CUE_PRESENT)) ==
		(LX_CUE_VERB | LX_CUE_STRONG | LX_CUE_PRESENT) && !(doc->tok[t].flags & TF_UPPER_INITIAL);
}

/* One-word names of the document and their types (add_context_names). */
typedef struct WordType
{
	uint64_t	hash;			/* 0: empty */
	uint8_t		type;			/* ENT_NONE: met with two types */
} WordType;

static void
word_type_put(WordType *set, uint64_t mask, uint64_t hash, int type)
{
	uint64_t	i = (hash ^ (hash >> 29)) & mask;

	while (set[i].hash != 0 && set[i].hash != hash)
		i = (i + 1) & mask;
	if (set[i].hash == 0)
	{
		set[i].hash = hash;
		set[i].type = (uint8_t) type;
	}
	else if (set[i].type != type)
		set[i].type = ENT_NONE;
}

static int
word_type_get(const WordType *set, uint64_t mask, uint64_t hash)
{
	uint64_t	i = (hash ^ (hash >> 29)) & mask;

	while (set[i].hash != 0)
	{
		if (set[i].hash == hash)
			return set[i].type;
		i = (i + 1) & mask;
	}
	return ENT_NONE;
}

static SaidMention *
push_mention(SaidDoc *doc, SaidMention *list, int *n, int *cap, int t0, int t1, int type)
{
	list = said_grow(doc->arena, list, cap, *n + 1, sizeof(SaidMention));
	list[*n].t0 = t0;
	list[*n].t1 = t1;
	list[*n].title_t0 = t0;
	list[*n].type = (uint8_t) type;
	list[*n].entity = -1;
	(*n)++;
	return list;
}

/*
 * Names the tagger left out (doc->unlabelled) that their context shows:
 * capitalised words (up to three) right after "said" or "says" ("..., said Trump at a rally"), or
 * right before a verb of speech ("Boeing told regulators", "Trump said"),
 * adverbs or the speaker's organisation aside ("Elon Musk of Tesla said").  Whoever speaks is a person, or an organisation: one
 * after "the" ("the Pentagon said"), or written in capitals ("WHO said").
 *
 * Then one sense per document: every other capitalised occurrence, outside
 * a mention, of a one-word name of the document (the tagger's persons and
 * organisations, and those found here) is a mention of it with its type
 * ("Trump attacked the judge", first in an article that has "said Trump"),
 * unless the word was given both types.  The mentions are merged in before
 * the entities are made.
 */
static void
add_context_names(SaidDoc *doc)
{
	int			nnew = 0,
				cap = 0,
				nmore = 0,
				cap2 = 0,
				nwords = 0,
				a = 0,
				b = 0,
				out = 0;
	SaidMention *added = NULL,
			   *more = NULL,
			   *all;
	WordType   *set;
	uint64_t	mask = 15;

	for (int u = 0, steps = 0; u < doc->nunlabelled; u++)
	{
		int			i = doc->unlabelled[u];
		int			j = i;
		int			next;
		int			type;

		/* counted apart from u, which the loop advances past a run: a
		 * check on u's multiples was skipped whenever a run stepped over one */
		if ((++steps & 4095) == 0)
			said_check_interrupts(doc);
		if (!bare_name_word(doc, i))
			continue;
		/* the run of capitalised words from i, in one sentence */
		while (j + 1 < doc->ntok && j + 1 - i < 3 && bare_name_word(doc, j + 1) &&
			   doc->tok[j + 1].sent == doc->tok[i].sent)
			j++;
		if (i > 0 && (doc->tok[i - 1].flags & TF_UPPER_INITIAL) && doc->tok[i - 1].kind == TOK_WORD &&
			doc->tok[i - 1].sent == doc->tok[i].sent)
		{
			/* inside a longer capitalised run (a title, a mention): not here */
			while (u + 1 < doc->nunlabelled && doc->unlabelled[u + 1] <= j)
				u++;
			continue;
		}
		next = j + 1;
		/* "Elon Musk of Tesla said": the speaker's organisation or place between */
		if (word_is(doc, next, "of") && next + 1 < doc->ntok && doc->tok[next + 1].mention >= 0 &&
			doc->mention[doc->tok[next + 1].mention].type != ENT_PERSON)
			next = doc->mention[doc->tok[next + 1].mention].t1;
		while (next < doc->ntok && doc->tok[next].kind == TOK_WORD &&
			   (doc->tok[next].lex & LX_SENT_ADVERB) && !(doc->tok[next].lex & LX_CUE_VERB))
			next++;
		if (!((i > 0 && finite_speech(doc, i - 1) && doc->tok[i - 1].sent == doc->tok[i].sent &&
			   (word_is(doc, i - 1, "said") || word_is(doc, i - 1, "says"))) ||
			  (finite_speech(doc, next) && doc->tok[next].sent == doc->tok[j].sent)))
			continue;
		type = (i > 0 && word_is(doc, i - 1, "the")) ||
			(j == i && (doc->tok[i].flags & TF_ALL_UPPER)) ? ENT_ORGANIZATION : ENT_PERSON;
		added = push_mention(doc, added, &nnew, &cap, i, j + 1, type);
		while (u + 1 < doc->nunlabelled && doc->unlabelled[u + 1] <= j)
			u++;
	}

	/* the one-word names and their types */
	said_check_interrupts(doc);
	for (int m = 0; m < doc->nmention; m++)
		nwords += doc->mention[m].t1 - doc->mention[m].t0 == 1;
	nwords += nnew;
	if (nwords == 0)
		return;
	while (mask + 1 < (uint64_t) nwords * 4)
		mask = mask * 2 + 1;
	set = said_arena_calloc(doc->arena, mask + 1, sizeof(WordType));
	/* the tagger's, where the capital says it is a name: inside a sentence of
	 * a line in lower case ("Attendance", first on a line of results, is not) */
	said_check_interrupts(doc);
	for (int m = 0; m < doc->nmention; m++)
		if (doc->mention[m].t1 - doc->mention[m].t0 == 1 &&
			(doc->mention[m].type == ENT_PERSON || doc->mention[m].type == ENT_ORGANIZATION) &&
			(doc->tok[doc->mention[m].t0].flags & (TF_UPPER_INITIAL | TF_SENT_START | TF_LINE_START |
												   TF_TITLE_CASE_LINE)) == TF_UPPER_INITIAL)
			word_type_put(set, mask, doc->tok[doc->mention[m].t0].hash, doc->mention[m].type);
	for (int k = 0; k < nnew; k++)
		if (added[k].t1 - added[k].t0 == 1)
			word_type_put(set, mask, doc->tok[added[k].t0].hash, added[k].type);

	/* their other occurrences: a second list, in order, then both merged */
	for (int u = 0, k = 0; u < doc->nunlabelled; u++)
	{
		int			i = doc->unlabelled[u];
		int			type;

		if ((u & 4095) == 0)
			said_check_interrupts(doc);
		if (doc->tok[i].mention >= 0)
			continue;
		while (k < nnew && added[k].t1 <= i)
			k++;
		if (k < nnew && added[k].t0 <= i)
			continue;			/* found above */
		if ((type = word_type_get(set, mask, doc->tok[i].hash)) != ENT_NONE && bare_name_word(doc, i))
			more = push_mention(doc, more, &nmore, &cap2, i, i + 1, type);
	}
	if (nmore > 0)
	{
		all = said_arena_alloc(doc->arena, sizeof(SaidMention) * (size_t) (nnew + nmore));
		while (a < nnew || b < nmore)
		{
			if (b >= nmore || (a < nnew && added[a].t0 < more[b].t0))
				all[out++] = added[a++];
			else
				all[out++] = more[b++];
		}
		added = all;
		nnew = out;
	}
	merge_mentions(doc, added, nnew);
}

/*
 * One sense per document: a capitalised word the tagger left out that is
 * the surname of exactly one full name of the document ("Bishop said",
 * after "Julie Bishop") is a mention of that person, and an all-capitals
 * word that is the acronym of exactly one name ("IS" after "Islamic State")
 * a mention of that organisation or place.  New mentions are merged in so
 * the array stays in document order.
 */
static void
add_missed_surnames(SaidDoc *doc, NameTable *nt)
{
	int			nnew = 0;
	int			cap = 0;
	SaidMention *added = NULL;
	const SaidToken *tok = doc->tok;
	int			ntok = doc->ntok;

	said_work(doc, (uint64_t) ntok);
	for (int i = 0; i < ntok; i++)
	{
		const SaidToken *t = &tok[i];
		NameSlot   *s;

		int			type = ENT_PERSON;

		/*
		 * Every test at once (& rather than ||): one branch, nearly always
		 * taken, where the tests one by one were a mispredicted branch for
		 * most capitalised words (in a mention or not).
		 */
		if (!(((t->flags & TF_UPPER_INITIAL) != 0) & (t->mention < 0) & (t->kind == TOK_WORD) &
			  ((t->lex & (LX_CALENDAR | LX_PRON_FIRST)) == 0)))
			continue;
		if (t->flags & TF_ALL_UPPER)
		{
			/* "IS" after "Islamic State", unless the line shouts */
			uint64_t	ik = initials_key(doc, t);
			bool		shouting = (i > 0 && (doc->tok[i - 1].flags & TF_ALL_UPPER) &&
									doc->tok[i - 1].kind == TOK_WORD) ||
				(i + 1 < doc->ntok && (doc->tok[i + 1].flags & TF_ALL_UPPER) &&
				 doc->tok[i + 1].kind == TOK_WORD);

			s = ik && !shouting ? find(nt, KEY_ACRONYM(ik)) : NULL;
			if (!s || s->count != 1)
				continue;
			type = doc->entity[s->entity].type;
		}
		else
		{
			if (t->lex & LX_FUNCTION)
				continue;
			s = find(nt, KEY_SURNAME(t->hash));
			if (!s || s->count != 1)
				continue;
			/* "Bishop John Smith": a title before another name is not a surname */
			if (i + 1 < doc->ntok && doc->tok[i + 1].mention >= 0 && (t->lex & LX_TITLE))
				continue;
		}
		added = said_grow(doc->arena, added, &cap, nnew + 1, sizeof(SaidMention));
		added[nnew].t0 = i;
		added[nnew].t1 = i + 1;
		added[nnew].title_t0 = i;
		added[nnew].type = (uint8_t) type;
		added[nnew].entity = -1;
		nnew++;
	}
	merge_mentions(doc, added, nnew);
}

/*
 * The full names (two words or more) of a document by last word and type,
 * each the last one added: mentions are added in order, so that for an
 * ambiguous surname the nearest full name before it is one lookup (it was
 * a walk back over up to 500 mentions, for every mention of the surname).
 */
typedef struct FullNameSlot
{
	uint64_t	last_word;		/* folded hash of the name's last word */
	int32_t		type;
	int32_t		mention;		/* + 1; 0: empty */
} FullNameSlot;

typedef struct FullNames
{
	FullNameSlot *slots;		/* NULL until the first ambiguous surname */
	unsigned	bits;
	int			added;			/* mentions before this one looked at */
} FullNames;

static FullNameSlot *
full_name_slot(FullNames *fn, uint64_t last_word, int type)
{
	uint64_t	mask = ((uint64_t) 1 << fn->bits) - 1;
	uint64_t	i = said_hash_slot64(last_word + (uint64_t) type, fn->bits);

	while (fn->slots[i].mention != 0 &&
		   (fn->slots[i].last_word != last_word || fn->slots[i].type != type))
		i = said_hash_next(i, mask);
	return &fn->slots[i];
}

/*
 * The nearest full name before mention i ending in the word last_word, of
 * type type, no more than 500 mentions back; -1 when none.
 */
static int
nearest_full_name(SaidDoc *doc, FullNames *fn, int i, uint64_t last_word, int type)
{
	FullNameSlot *s;

	if (fn->slots == NULL)
	{
		int			nfull = 0;

		/* at most one a name of two words or more, at most half full */
		for (int m = 0; m < doc->nmention; m++)
			nfull += doc->mention[m].t1 - doc->mention[m].t0 >= 2;
		said_work(doc, (uint64_t) doc->nmention);
		fn->bits = said_hash_log2(said_hash_size(16, (uint64_t) nfull * 2));
		fn->slots = said_arena_calloc(doc->arena, (size_t) 1 << fn->bits, sizeof(FullNameSlot));
		fn->added = 0;
	}
	for (; fn->added < i; fn->added++)
	{
		const SaidMention *o = &doc->mention[fn->added];

		if (o->entity >= 0 && o->t1 - o->t0 >= 2)
		{
			s = full_name_slot(fn, doc->tok[o->t1 - 1].hash, o->type);
			s->last_word = doc->tok[o->t1 - 1].hash;
			s->type = o->type;
			s->mention = fn->added + 1;
		}
		said_work(doc, 1);
	}
	s = full_name_slot(fn, last_word, type);
	said_work(doc, 1);
	return s->mention != 0 && s->mention - 1 >= i - 500 ? s->mention - 1 : -1;
}

void
said_names(SaidDoc *doc)
{
	NameTable	nt;
	uint64_t	size = 64;
	int			cap = 0;
	FullNames	full_names = {NULL, 0, 0};

	doc->entity = NULL;
	doc->nentity = 0;
	add_context_names(doc);
	if (doc->nmention == 0)
		return;
	while (size < (uint64_t) doc->nmention * 8)
		size <<= 1;
	nt.doc = doc;
	nt.limit_mask = size - 1;
	nt.mask = (size >= 256 ? size / 4 : size) - 1;
	nt.bits = said_hash_log2(nt.mask + 1);
	nt.slots = new_slots(doc, nt.mask + 1);
	nt.used = 0;

	/* Pass 1: names of two or more words, and lexicon aliases. */
	for (int i = 0; i < doc->nmention; i++)
	{
		SaidMention *m = &doc->mention[i];
		uint64_t	full = said_phrase_key(doc, m->t0, m->t1);
		const SaidLexEntry *alias = said_user_alias(doc->user, full);
		const char *alias_name = alias ? said_user_canonical(doc->user, alias) : NULL;
		int			e;

		if (!alias && (alias = said_lex_lookup(full)) != NULL)
			alias_name = said_lex_canonical(alias);
		/* a 100 MB document has millions of mentions: stay cancellable */
		if ((i & 1023) == 0)
			said_check_interrupts(doc);
		if (alias && alias->canonical_key)
			full = alias->canonical_key;
		if (m->t1 - m->t0 < 2 && !(alias && alias->canonical_key))
			continue;
		e = entity_for_name(doc, &nt, &cap, i, full);
		if (alias_name && !doc->entity[e].canonical_text)
			doc->entity[e].canonical_text = alias_name;
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
	add_missed_surnames(doc, &nt);

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
		else if (m->t1 - m->t0 == 1 && (s = find(&nt, KEY_SURNAME(t->hash))) != NULL &&
				 s->count == 1 && !(t->lex & (LX_COUNTRY | LX_CITY | LX_REGION | LX_DEMONYM)))
		{
			/* one sense per document: "Assad" is the person "Bashar Assad" */
			m->type = ENT_PERSON;
		}
		else
		{
			uint64_t	ik = initials_key(doc, t);

			s = ik ? find(&nt, KEY_ACRONYM(ik)) : NULL;
		}
		if (s && s->count == 1)
			e = s->entity;
		else if (s && s->count > 1)
		{
			/* ambiguous surname: the nearest preceding full name with it */
			int			k = nearest_full_name(doc, &full_names, i, t->hash, m->type);

			if (k >= 0)
				e = doc->mention[k].entity;
		}
		if (e < 0)
			e = entity_for_name(doc, &nt, &cap, i, said_phrase_key(doc, m->t0, m->t1));
		join(doc, i, e);
	}
	/* the two passes and this one */
	said_work(doc, (uint64_t) doc->nmention * 3);
	/* first mention in document order */
	for (int i = doc->nmention - 1; i >= 0; i--)
		if (doc->mention[i].entity >= 0)
			doc->entity[doc->mention[i].entity].first_mention = i;
}

const char *
said_entity_name(SaidDoc *doc, int entity, size_t *len)
{
	const SaidEntity *e = &doc->entity[entity];
	const SaidMention *m;

	if (e->canonical_text)
	{
		*len = strlen(e->canonical_text);
		return e->canonical_text;
	}
	m = &doc->mention[e->canonical_mention];
	*len = doc->tok[m->t1 - 1].b1 - doc->tok[m->t0].b0;
	return doc->text + doc->tok[m->t0].b0;
}

/*
 * The entity of a speaker written as a proper noun (names.h's contract in
 * said.h): the entity of the mention that ends the span; else the one
 * person of the document whose fullest name ends with the span's last word
 * ("Banga" for "Ajay Banga"), or the one entity the span names exactly;
 * else, when create is true, a new entity named by the span's text, without
 * a mention: a person,
 * or an organisation when the span is in capitals or ends with an
 * organisation's word.  -1 when the span is no proper noun: a word in lower
 * case (other than a connector inside a name), a pronoun, a closed-class
 * word first.  Linear in the entities: for the few speakers the stages
 * before left without one.
 */
int
said_speaker_entity(SaidDoc *doc, int t0, int t1, bool create)
{
	const SaidToken *last;
	uint64_t	key;
	int			found = -1,
				type;
	size_t		len;
	SaidEntity *e;
	char	   *name;
	int			cap = doc->nentity;

	if (t0 < 0 || t1 > doc->ntok || t1 <= t0 || t1 - t0 > 6)
		return -1;
	last = &doc->tok[t1 - 1];
	if (last->mention >= 0 && doc->mention[last->mention].t1 == t1 &&
		doc->mention[last->mention].entity >= 0)
		return doc->mention[last->mention].entity;
	for (int k = t0; k < t1; k++)
	{
		const SaidToken *t = &doc->tok[k];

		if (t->kind != TOK_WORD ||
			(!(t->flags & TF_UPPER_INITIAL) && !(k > t0 && (t->lex & LX_FUNCTION))) ||
			(k == t0 && (t->lex & (LX_FUNCTION | LX_DETERMINER | LX_PRON_MALE | LX_PRON_FEMALE |
								   LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST | LX_CALENDAR))))
			return -1;
	}
	if (!(last->flags & TF_UPPER_INITIAL))
		return -1;
	key = said_phrase_key(doc, t0, t1);
	for (int x = 0; x < doc->nentity; x++)
	{
		const SaidEntity *en = &doc->entity[x];
		bool		same;

		if (en->canonical_mention < 0)
		{
			/* one made here before: the same text */
			same = en->canonical_text && strlen(en->canonical_text) == last->b1 - doc->tok[t0].b0 &&
				memcmp(en->canonical_text, doc->text + doc->tok[t0].b0, last->b1 - doc->tok[t0].b0) == 0;
		}
		else
		{
			const SaidMention *c = &doc->mention[en->canonical_mention];

			same = said_phrase_key(doc, c->t0, c->t1) == key ||
				(t1 - t0 == 1 && en->type == ENT_PERSON && c->t1 - c->t0 >= 2 &&
				 doc->tok[c->t1 - 1].hash == last->hash);
		}
		if (!same)
			continue;
		if (found >= 0 && found != x)
			return -1;			/* two candidates: not this one */
		found = x;
	}
	if (found >= 0 || !create)
		return found;

	type = ((t1 - t0 == 1 && (last->flags & TF_ALL_UPPER) && last->b1 - last->b0 >= 2) ||
			(last->lex & (LX_ORG_WORD | LX_ORG_SUFFIX))) ? ENT_ORGANIZATION : ENT_PERSON;
	len = last->b1 - doc->tok[t0].b0;
	name = said_arena_strndup(doc->arena, doc->text + doc->tok[t0].b0, len);
	doc->entity = said_grow(doc->arena, doc->entity, &cap, doc->nentity + 1, sizeof(SaidEntity));
	e = &doc->entity[doc->nentity];
	e->canonical_mention = -1;
	e->first_mention = -1;
	e->type = (uint8_t) type;
	e->gender = GENDER_UNKNOWN;
	e->mentions = 0;
	e->canonical_text = name;
	return doc->nentity++;
}
