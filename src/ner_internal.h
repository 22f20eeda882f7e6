/*
 * ner_internal.h -- what the entity tagger's files share; no other stage
 * includes it (their interface is ner.h).
 *
 *   ner_model.c     the model file, its table and word lists, and the
 *                   process state (SaidNerState) with its lifetime
 *   ner_features.c  the features, which tools/train_ner.c computes with the
 *                   same code: keys, shapes, affixes, gazetteer phrases,
 *                   headline lines, and the document memory and casing
 *                   filters they read
 *   ner_tagger.c    said_ner_tag: scoring, and the word-type cache that
 *                   makes it fast
 *
 * The small functions run for every token or key (the table's probe, the
 * word lists, the keys of one token's roles, phrases, the memory's
 * observation) are here, inline, so that the tagger keeps them inlined
 * with or without link-time optimisation.
 */
#ifndef SAID_NER_INTERNAL_H
#define SAID_NER_INTERNAL_H

#include "ner.h"
#include "lexicon.h"
#include "hashtab.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ------------------------------------------------------------ the state */

/*
 * A model's table holds at most NER_MAX_SLOTS slots; the run of occupied
 * slots at its start, copied after its end so that a probe never wraps
 * (ner_model.c), at most NER_MAX_WRAP.  NER_PROBE_LANES check words are
 * compared at once (model_slot).
 */
#define NER_MAX_SLOTS (1 << 18)
#define NER_MAX_WRAP 4096
#define NER_PROBE_LANES 8

/* the scores of the eight labels after O (whose score is 0), and weights */
typedef int16_t NerAcc __attribute__((vector_size(16)));
typedef int8_t NerW8 __attribute__((vector_size(8)));

/*
 * A word list's filter (hashtab.h's, 1 kB a list): most words asked learn
 * they are not in the list without a probe of its table (16 kB for the 413
 * upper-case non-starters, asked for every capital: its lines were fetched
 * again per document).
 */
#define NER_WORD_FILTER_LOG2 7

/* A word list (ner.h) as an open-addressing set of folded hashes, 0 empty. */
typedef struct NerWordSet
{
	const uint64_t *slots;
	uint32_t	mask;			/* slots - 1 */
	unsigned	bits;			/* log2 slots */
	uint64_t	filter[1 << NER_WORD_FILTER_LOG2];	/* the words' bits (said_filter_set) */
} NerWordSet;

/*
 * The model: read-only once loaded.  The table's 16-bit check words alone
 * in one dense array, so that a probe reads 32 slots a cache line, and the
 * int8 weights of labels 1..8 (relative to O) in another, 8 bytes a slot.
 */
typedef struct NerModel
{
	const uint16_t *checks;
	const NerW8 *weights;
	unsigned	shift;			/* 64 - log2(nslots) */
	uint32_t	no_slot;		/* a slot of weights all 0: a missing key's */
	bool		loaded;			/* the table is: else said_ner_tag gives O */
	NerWordSet	words[NER_NWORDLISTS];	/* indexed by SaidNerWordList */
	NerAcc		dense_w[NER_NDENSE];	/* summed weights of the dense features */
} NerModel;

/*
 * Word clusters (data/clusters.tsv, tools/word_clusters.c): each word's
 * path in a binary tree of word classes, as bits from the root, looked up
 * by the word's folded hash when the features of a word type are computed
 * (the type cache keeps their sums).  An open-addressing table of
 * NER_CLUSTER_SLOTS, at most half full, loaded with the state.
 */
#define NER_CLUSTER_SLOTS_LOG2 15
#define NER_CLUSTER_SLOTS (1 << NER_CLUSTER_SLOTS_LOG2)

typedef struct NerClusterSlot
{
	uint64_t	word;			/* folded hash, 0 = empty */
	uint32_t	path;			/* the bits, the root's first, left-aligned */
	uint32_t	len;			/* bits in path */
} NerClusterSlot;

typedef struct NerDocMemory NerDocMemory;	/* ner_features.c */
typedef struct NerTypeCache NerTypeCache;	/* ner_tagger.c */

/*
 * The tagger's process-wide state, in one static object (ner_state) of a
 * few kilobytes, and what it points to:
 *
 *   model    read-only once loaded.  In the extension its tables are those
 *            built with the library (tables.h: said_ner_load ran when it
 *            was built, said_ner_tables says what it built) and said_init
 *            copies the object; the trainer and test_ner load others with
 *            said_ner_load, into memory from the persistent allocator, and
 *            install word lists.  Tagging only reads it.
 *   memory   per-document scratch: the document memory and casing filters,
 *            started again whenever tagging moves to another document.
 *   types    per-process cache: the sums of the weights of word types'
 *            features (they depend on the model alone), cleared when
 *            another model is loaded.
 *
 * The scratch (55 kB) and the cache (2 MB) are static objects: a process
 * gets their pages as it first touches them, a few at a time as words come,
 * and none for an idle backend.
 *
 * The scratch and the cache make the tagger non-reentrant: one document
 * at a time per process (a backend is single-threaded).  The rest of the
 * struct is the loader's storage behind the model's const pointers.
 */
typedef struct SaidNerState
{
	NerModel	model;
	NerDocMemory *memory;
	NerTypeCache *types;
	const NerClusterSlot *clusters; /* NER_CLUSTER_SLOTS, read-only once loaded */
	const char *clusters_error; /* why data/clusters.tsv was refused, or NULL */

	SaidAllocator persistent;
	uint16_t   *checks;			/* model.checks, writable */
	NerW8	   *weights;		/* model.weights, writable */
	size_t		table_capacity; /* slots allocated in both */
	uint64_t   *word_slots[NER_NWORDLISTS];
	uint32_t	word_capacity[NER_NWORDLISTS];
} SaidNerState;

/* Zero (memory NULL) until said_ner_state_init.  Static: the tagger
 * reaches its fields at fixed addresses, with no pointer to the state to
 * keep in a register. */
extern SaidNerState ner_state;

/* size bytes from the persistent allocator, on a cache line, zeroed;
 * ner_release gives them back (when the allocator can). */
void	   *ner_alloc(const SaidAllocator *persistent, size_t size);
void		ner_release(const SaidAllocator *persistent, void *p);

/* The process's document memory and type cache (static), ready. */
NerDocMemory *ner_memory_init(void);
NerTypeCache *ner_type_cache_init(void);
void		ner_type_cache_clear(NerTypeCache *tc);

/* ------------------------------------------------------------ the model's table */

/*
 * int8 weights sign-extended to int16 lanes: each byte doubled into a lane
 * (one unpack), then shifted down arithmetically.  __builtin_convertvector
 * compiles to five SSE2 instructions for the same.  (__builtin_shufflevector:
 * GCC 12 and clang.)
 */
static inline NerAcc
ner_widen(NerW8 w)
{
	typedef int8_t NerB16 __attribute__((vector_size(16)));
	typedef uint64_t NerQ2 __attribute__((vector_size(16)));
	uint64_t	q;
	NerB16		b;

	memcpy(&q, &w, 8);
	b = (NerB16) (NerQ2) {q, 0};
	b = __builtin_shufflevector(b, b, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
	return (NerAcc) b >> 8;
}

/* The home slot of key: its top bits (keys are mixed already, fk2). */
static inline uint32_t
model_index(const NerModel *m, uint64_t key)
{
	return (uint32_t) (key >> m->shift);
}

/*
 * The slot of key (whose home is i), or m->no_slot.  Eight check words at
 * once, the first match before the first empty slot: the scalar probe's
 * exit (a match, an empty slot or another key, at random) was a third of
 * the tagger's mispredicted branches.  Only a run of eight occupied slots
 * (rare at a load of 0.3) goes round again.  The table is followed by
 * NER_PROBE_LANES zero check words, so the last load stays inside it.
 */
static inline uint32_t
model_slot(const NerModel *m, uint64_t key, uint32_t i)
{
	uint16_t	check = (uint16_t) (key >> 32) | 1;

#if defined(__SSE2__)
	for (;;)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) &m->checks[i]);
		unsigned	hit = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16((short) check)));
		unsigned	empty = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128()));

		/* the matches below the first empty slot (all, when none is) */
		hit &= (empty & -empty) - 1;
		if (__builtin_expect((hit | empty) != 0, 1))
		{
			/* no branch on whether it matched: that one is at random too */
			uint32_t	found = -(uint32_t) (hit != 0);

			return ((i + (unsigned) __builtin_ctz(hit | 1u << 16) / 2) & found) |
				(m->no_slot & ~found);
		}
		i += NER_PROBE_LANES;
	}
#else
	uint16_t	c;

	while ((c = m->checks[i]) != check && c != 0)
		i++;
	return c ? i : m->no_slot;
#endif
}

/*
 * Is word in the set?  Two slots at a time, and one branch: which of
 * "found", "empty slot" and "another word" the home slot holds is at
 * random, and a branch on it was mispredicted for a capitalised word in
 * three or so; at a load of 1/4, two slots nearly always decide.
 */
static inline bool
words_has(const NerWordSet *set, uint64_t word)
{
	if (!said_filter_has(set->filter, NER_WORD_FILTER_LOG2, word))
		return false;
	for (uint32_t i = (uint32_t) said_hash_slot64(word, set->bits);; i = (i + 2) & set->mask)
	{
		uint64_t	a = set->slots[i],
					b = set->slots[said_hash_next(i, set->mask)];
		bool		found = (a == word) | ((b == word) & (a != 0));

		if (__builtin_expect(found | (a == 0) | (b == 0), 1))
			return found;
	}
}

/* ------------------------------------------------------------ features */

/* Lexicon classes the tagger looks at. */
#define NER_LEX_MASK (LX_TITLE | LX_NAME_MALE | LX_NAME_FEMALE | LX_COUNTRY | LX_CITY | \
					  LX_REGION | LX_DEMONYM | LX_ORG_WORD | LX_FUNCTION | LX_PERSON_NOUN | \
					  LX_CALENDAR | LX_ORG_NOUN | LX_ORG_SUFFIX | LX_GROUP_NOUN | \
					  LX_DETERMINER | LX_CUE_VERB | LX_PRON_MALE | LX_PRON_FEMALE | \
					  LX_PRON_PLURAL | LX_PRON_FIRST | LX_ABBREV)
/* Classes of multi-word phrases that become features. */
#define NER_PHRASE_MASK (NER_GAZ_MASK | LX_TITLE | LX_ORG_WORD | LX_ORG_NOUN)

/* Sentinels for positions outside the sentence. */
#define NER_BOS_WORD 0x5b4253535d5d5d5dULL
#define NER_EOS_WORD 0x5b4553535d5d5d5dULL

/*
 * Feature keys: two multiplications.  The inputs are word and shape hashes
 * (already mixed) or small integers; the first product spreads a over the
 * word, the second carries every bit of the sum into the top bits, which
 * index the table, and bits 32..47, its check.  The model's keys: any
 * change here needs a new NER_FEATURE_VERSION and a retrained model.
 */
static inline uint64_t
fk2(unsigned tmpl, uint64_t a, uint64_t b)
{
	return ((a ^ ((uint64_t) (tmpl + 1) * 0x94d049bb133111ebULL)) * 0x9e3779b97f4a7c15ULL + b) *
		0xbf58476d1ce4e5b9ULL;
}

static inline uint64_t
fk1(unsigned tmpl, uint64_t a)
{
	return fk2(tmpl, a, 0);
}

/*
 * Most features look at one token of the window alone, in one role: as the
 * word tagged (its own keys, and those paired with the previous label), or
 * as the word one or two before or after it.  The keys of a role depend on
 * nothing but the token (those of the words next to the one tagged, also on
 * its shape: prev1_shape_keys, next1_shape_keys), so said_ner_tag caches
 * their summed weights per word type (ner_tagger.c); the trainer hashes
 * them anew.
 */
enum
{
	ROLE_SELF,					/* word, shape, case, affixes, lexicon classes */
	ROLE_SELF_O,				/* the word, shape and classes after an O label */
	ROLE_PREV1,					/* the word before the one tagged */
	ROLE_NEXT1,
	NCACHED_ROLES,				/* the roles said_ner_tag caches; not these: */
	ROLE_PREV2 = NCACHED_ROLES,
	ROLE_NEXT2
};

/* The keys of ROLE_SELF (w is a token of the sentence, not an edge). */
int			ner_self_keys(const SaidNerTokInfo *w, const SaidDoc *doc, const NerClusterSlot *cluster,
						  uint64_t *keys);

/* The word tagged, paired with the previous label (ROLE_SELF_O: prev1 O). */
static inline int
self_label_keys(const SaidNerTokInfo *w, int prev1, uint64_t *keys)
{
	int			n = 0;

	keys[n++] = fk2(32, prev1, w->word);
	keys[n++] = fk2(33, prev1, w->shape);
	keys[n++] = fk2(34, prev1, w->lex);
	return n;
}

/* The cluster of a word (ner_state.clusters), or NULL. */
static inline const NerClusterSlot *
ner_cluster_of(uint64_t word)
{
	const NerClusterSlot *c = ner_state.clusters;

	for (uint32_t i = (uint32_t) said_hash_slot64(word, NER_CLUSTER_SLOTS_LOG2);; i = (i + 1) & (NER_CLUSTER_SLOTS - 1))
	{
		if (c[i].word == word)
			return &c[i];
		if (c[i].word == 0)
			return NULL;
	}
}

/* A cluster's path cut to its first bits bits, with the length: a key's value. */
static inline uint64_t
ner_cluster_prefix(const NerClusterSlot *c, uint32_t bits)
{
	uint32_t	n = c->len < bits ? c->len : bits;

	return (uint64_t) (n ? c->path >> (32 - n) << (32 - n) : 0) << 8 | n;
}

/*
 * The keys of a neighbour role (needs w->shape for ROLE_NEXT1; for
 * ROLE_PREV1 and ROLE_NEXT1, c is the word's cluster: ner_cluster_of(w->word)).
 */
static inline int
neighbour_keys(const SaidNerTokInfo *w, int role, const NerClusterSlot *c, uint64_t *keys)
{
	int			n = 0;

	switch (role)
	{
		case ROLE_PREV1:
			keys[n++] = fk1(2, w->word);
			keys[n++] = fk1(19, w->lex);
			if (c != NULL)
			{
				keys[n++] = fk1(45, ner_cluster_prefix(c, 6));
				keys[n++] = fk1(46, ner_cluster_prefix(c, 32));
			}
			break;
		case ROLE_PREV2:
			keys[n++] = fk1(4, w->word);
			keys[n++] = fk1(22, w->lex);
			break;
		case ROLE_NEXT1:
			keys[n++] = fk1(3, w->word);
			keys[n++] = fk1(10, w->shape);
			keys[n++] = fk1(20, w->lex);
			if (c != NULL)
			{
				keys[n++] = fk1(47, ner_cluster_prefix(c, 6));
				keys[n++] = fk1(48, ner_cluster_prefix(c, 32));
			}
			break;
		default:
			keys[n++] = fk1(5, w->word);
			break;
	}
	return n;
}

/*
 * The keys that pair the word before the one tagged (w, shape known) with
 * the shape of the word tagged: they depend on that word and one shape, so
 * said_ner_tag caches their sum with ROLE_PREV1's, for the shape last seen.
 */
static inline int
prev1_shape_keys(const SaidNerTokInfo *w, uint64_t centre_shape, uint64_t *keys)
{
	keys[0] = fk2(11, w->shape, centre_shape);
	keys[1] = fk2(14, w->word, centre_shape);
	keys[2] = fk2(21, w->lex, centre_shape);
	return 3;
}

/* The same for the word after the one tagged (ROLE_NEXT1). */
static inline int
next1_shape_keys(const SaidNerTokInfo *w, uint64_t centre_shape, uint64_t *keys)
{
	keys[0] = fk2(12, centre_shape, w->shape);
	keys[1] = fk2(15, centre_shape, w->word);
	return 2;
}

/*
 * The features that relate tokens of the window (w[0..4]: i-2 .. i+2, the
 * shapes of w[1..3] computed), the position, the previous labels and the
 * document: keys, and the dense features (*ndense of them).  With
 * shape_pairs, also those of prev1_shape_keys and next1_shape_keys, which
 * said_ner_tag takes from its cache instead.
 */
int			ner_context_keys(SaidNerContext *ctx, const SaidNerTokInfo *const *w, int i,
							 int prev1, int prev2, bool shape_pairs, uint64_t *keys,
							 uint16_t *dense, int *ndense);

/* The collapsed shape of a token (X x d and punctuation, runs collapsed). */
uint64_t	ner_token_shape(const SaidDoc *doc, const SaidToken *t);

/* The features' view of token j (looked at for a phrase, in order). */
void		ner_fill_info(SaidNerContext *ctx, int j, SaidNerTokInfo *info);

/* After an entity token: may token t continue the entity (ner.h)? */
static inline bool
may_continue(const NerModel *m, const SaidToken *t)
{
	return t->kind == TOK_NUMBER || words_has(&m->words[NER_CONTINUATIONS], t->hash);
}

/* Can token t begin an entity (ner.h)?  (Else, after an O, it is O unscored.) */
static inline bool
may_begin(const NerModel *m, const SaidToken *t, int phrase_pos)
{
	if (phrase_pos)
		return true;
	if (t->flags & TF_UPPER_INITIAL)
		return !words_has(&m->words[NER_UPPER_NON_STARTERS], t->hash);
	return (t->lex & NER_GAZ_MASK) && !words_has(&m->words[NER_LOWER_NON_STARTERS], t->hash);
}

/*
 * Multi-word gazetteer phrases (ner_features.c).  Every token that may
 * begin one is looked at in order, whether the tagger fills it or not:
 * ner_fill_info notes the tokens it fills, said_ner_tag the others.
 */
void		ner_phrase_found_at(SaidNerContext *ctx, int k);
int			ner_phrase_pos_older(const SaidNerContext *ctx, int j, uint32_t *cls);

/* Token k, looked at in order: a phrase may begin there.  Only such
 * tokens count as looked at: the others can be noted again for nothing. */
static inline void
phrase_note(SaidNerContext *ctx, int k)
{
	const SaidToken *t = &ctx->doc->tok[k];

	if ((t->lex & LX_PHRASE_START) && (t->flags & TF_UPPER_INITIAL) && k > ctx->phrase_seen)
	{
		ctx->phrase_seen = k;
		if (k >= ctx->phrase_end)
			ner_phrase_found_at(ctx, k);
	}
}

/* Token j's place in a phrase found so far: 0 none, 1 first word, 2 a
 * later one; *cls the phrase's classes. */
static inline int
phrase_pos_at(const SaidNerContext *ctx, int j, uint32_t *cls)
{
	if (j >= ctx->phrase_end)
		return 0;
	if (j >= ctx->phrase_start)
	{
		*cls = ctx->phrase_cls;
		return j == ctx->phrase_start ? 1 : 2;
	}
	return ner_phrase_pos_older(ctx, j, cls);
}

/* Remember label as the class of capitalised word t (ner_features.c). */
void		ner_memory_put(NerDocMemory *mem, const SaidToken *t, int label);

/* The memory hears of every capitalised word, scored (label) or not (O);
 * it is written for one token in five or so, out of line. */
static inline void
observe(const SaidNerContext *ctx, int i, int label)
{
	const SaidToken *t = &ctx->doc->tok[i];

	if ((t->flags & TF_UPPER_INITIAL) && t->kind == TOK_WORD)
		ner_memory_put(ctx->memory, t, label);
}

#endif							/* SAID_NER_INTERNAL_H */
