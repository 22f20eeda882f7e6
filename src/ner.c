/*
 * ner.c -- stage 4a: the named-entity tagger (see ner.h for the model).
 *
 * Greedy left to right over one sentence.  The features of a token are
 * hashed to 64-bit keys and looked up in the model's open-addressing table,
 * which is unpacked once per process into two dense arrays (see below).
 * Tokens that cannot begin an entity after an O label (no capital letter,
 * no gazetteer class) are labelled O without scoring; for the others, the
 * summed weights of the features that look at one token alone are cached
 * per word type (see "type cache"), and only the keys that relate tokens,
 * labels or the document are hashed per token.
 *
 * Document-level state (the class memory and the casing filters below) is
 * process-static: tag one document's sentences in order, one document at a
 * time (a backend is single-threaded).
 */
#include "ner.h"
#include "lexicon.h"
#include "data.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif


/*
 * The model's slots, unpacked at load: the 16-bit check words alone in one
 * dense array, so that probing reads 32 slots a cache line, and the int8
 * weights (relative to O) in another, 8 bytes a slot: 10 bytes a slot in
 * all, so that a table of 2^15 slots (320 KB) stays in a 512 KB L2 cache.
 * Static arrays (no allocation; pages beyond nslots are never touched), so
 * a model may have at most NER_MAX_SLOTS slots.
 *
 * The run of occupied slots at the start of the table, and the empty slot
 * ending it, are copied again after the last slot: a probe that would wrap
 * around continues into the copy instead, so the probe loop needs no wrap
 * test (a hit in the copy has the same weights as the original slot).
 */
#define NER_MAX_SLOTS (1 << 18)
#define NER_MAX_WRAP 4096
#define NER_PROBE_LANES 8		/* check words compared at once (model_slot) */
#define NER_NO_SLOT (NER_MAX_SLOTS + NER_MAX_WRAP)	/* weights all 0: a missing key's */

typedef int16_t NerAcc __attribute__((vector_size(16)));
typedef int8_t NerW8 __attribute__((vector_size(8)));
typedef int8_t NerB16 __attribute__((vector_size(16)));
typedef uint64_t NerQ2 __attribute__((vector_size(16)));

/*
 * int8 weights sign-extended to int16 lanes: each byte doubled into a lane
 * (one unpack), then shifted down arithmetically.  __builtin_convertvector
 * compiles to five SSE2 instructions for the same.  (__builtin_shufflevector:
 * GCC 12 and clang.)
 */
static inline NerAcc
widen(NerW8 w)
{
	uint64_t	q;
	NerB16		b;

	memcpy(&q, &w, 8);
	b = (NerB16) (NerQ2) {q, 0};
	b = __builtin_shufflevector(b, b, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
	return (NerAcc) b >> 8;
}

static uint16_t model_checks[NER_MAX_SLOTS + NER_MAX_WRAP + NER_PROBE_LANES];
static NerW8 model_weights[NER_NO_SLOT + 1];
static unsigned model_shift;	/* 64 - log2(nslots) */
static NerAcc dense_w[NER_NDENSE];	/* summed dense features */
static bool model_loaded;

/*
 * The model's word lists (ner.h): open-addressing sets of folded hashes
 * (0 = empty), at most a quarter full, looked up for the tokens that could
 * be scored: the capitalised, the gazetteer words, and those after an
 * entity.
 */
typedef struct WordSet
{
	uint32_t	mask;
	uint64_t	slots[4 * NER_MAX_WORDS];
} WordSet;

/* indexed by SaidNerWordList */
static WordSet word_sets[NER_NWORDLISTS];

/* Empty set, sized for n words (n <= NER_MAX_WORDS). */
static void
words_reset(WordSet *set, uint32_t n)
{
	uint32_t	size = 16;

	while (size < 4 * n)
		size *= 2;
	memset(set->slots, 0, sizeof(set->slots[0]) * size);
	set->mask = size - 1;
}

static inline uint32_t
words_home(const WordSet *set, uint64_t word)
{
	return (uint32_t) ((word * 0x9e3779b97f4a7c15ULL) >> 40) & set->mask;
}

static void
words_add(WordSet *set, uint64_t word)
{
	uint32_t	i = words_home(set, word);

	while (set->slots[i] != 0 && set->slots[i] != word)
		i = (i + 1) & set->mask;
	set->slots[i] = word;
}

/*
 * Two slots at a time, and one branch: which of "found", "empty slot" and
 * "another word" the home slot holds is at random, and a branch on it was
 * mispredicted for a capitalised word in three or so; at a load of 1/4,
 * two slots nearly always decide.
 */
static inline bool
words_has(const WordSet *set, uint64_t word)
{
	for (uint32_t i = words_home(set, word);; i = (i + 2) & set->mask)
	{
		uint64_t	a = set->slots[i],
					b = set->slots[(i + 1) & set->mask];
		bool		found = (a == word) | ((b == word) & (a != 0));

		if (__builtin_expect(found | (a == 0) | (b == 0), 1))
			return found;
	}
}

/*
 * Fill list with the n words at words (8 bytes each, in the host's order;
 * not necessarily aligned: a model image's); NULL on success.
 */
static const char *
words_fill(SaidNerWordList list, const void *words, uint32_t n)
{
	WordSet    *set = &word_sets[list];

	if (n > NER_MAX_WORDS)
		return "the entity model has a word list longer than the tagger supports";
	words_reset(set, n);
	for (uint32_t k = 0; k < n; k++)
	{
		uint64_t	word;

		memcpy(&word, (const unsigned char *) words + (size_t) k * 8, 8);
		if (word == 0)
			return "the entity model's word lists are damaged (a zero hash)";
		words_add(set, word);
	}
	return NULL;
}

const char *
said_ner_set_words(SaidNerWordList list, const uint64_t *words, uint32_t n)
{
	return words_fill(list, words, n);
}

/* Read list's count and words at *at, advancing it; NULL on success. */
static const char *
load_words(SaidNerWordList list, const unsigned char *model, size_t len, size_t *at)
{
	uint32_t	n;
	const char *err;

	if (len - *at < 4)
		return "the entity model is truncated";
	memcpy(&n, model + *at, 4);
	/* an overlong list is words_fill's to refuse, before any read */
	if (n <= NER_MAX_WORDS && (len - *at - 4) / 8 < n)
		return "the entity model is truncated";
	err = words_fill(list, model + *at + 4, n);
	*at += 4 + (size_t) n * 8;
	return err;
}

/* After an entity token: may token t continue the entity (ner.h)? */
static inline bool
may_continue(const SaidToken *t)
{
	return t->kind == TOK_NUMBER || words_has(&word_sets[NER_CONTINUATIONS], t->hash);
}

static void type_cache_clear(void);
static void edges_init(void);
static void allowed_init(void);

/* Lexicon classes the tagger looks at. */
#define NER_LEX_MASK (LX_TITLE | LX_NAME_MALE | LX_NAME_FEMALE | LX_COUNTRY | LX_CITY | \
					  LX_REGION | LX_DEMONYM | LX_ORG_WORD | LX_FUNCTION | LX_PERSON_NOUN | \
					  LX_CALENDAR | LX_ORG_NOUN | LX_ORG_SUFFIX | LX_GROUP_NOUN | \
					  LX_DETERMINER | LX_CUE_VERB | LX_PRON_MALE | LX_PRON_FEMALE | \
					  LX_PRON_PLURAL | LX_PRON_FIRST | LX_ABBREV)
/* Classes of multi-word phrases that become features. */
#define NER_PHRASE_MASK (NER_GAZ_MASK | LX_TITLE | LX_ORG_WORD | LX_ORG_NOUN)

static const char *const label_names[NER_NLABELS] = {
	"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"
};

const char *
said_ner_label_name(int label)
{
	return label >= 0 && label < NER_NLABELS ? label_names[label] : "?";
}

/* ------------------------------------------------------------ model */

static inline uint32_t model_index(uint64_t key);
static inline uint32_t model_slot(uint64_t key, uint32_t i);

const char *
said_ner_load(const unsigned char *model, size_t len)
{
	uint32_t	version,
				nlabels,
				nslots,
				fversion;
	size_t		words_at;
	const char *err;

	if (len < NER_HEADER_BYTES || memcmp(model, NER_MODEL_MAGIC, 8) != 0)
		return "the entity model is missing or damaged (bad magic)";
	memcpy(&version, model + 8, 4);
	memcpy(&nlabels, model + 12, 4);
	memcpy(&nslots, model + 16, 4);
	memcpy(&fversion, model + 28, 4);
	if (version != NER_MODEL_VERSION || nlabels != NER_NLABELS ||
		fversion != NER_FEATURE_VERSION)
		return "the entity model was built for another version of the tagger";
	if (nslots < 2 || (nslots & (nslots - 1)) != 0)
		return "the entity model's table size is not a power of two";
	if ((len - NER_HEADER_BYTES) / NER_SLOT_BYTES < nslots)
		return "the entity model is truncated";
	if (nslots > NER_MAX_SLOTS)
		return "the entity model has more slots than the tagger supports";
	model_loaded = false;
	words_at = NER_HEADER_BYTES + (size_t) nslots * NER_SLOT_BYTES;
	for (int list = 0; list < NER_NWORDLISTS; list++)
		if ((err = load_words(list, model, len, &words_at)))
			return err;
	for (uint32_t i = 0; i < nslots; i++)
	{
		const unsigned char *s = model + NER_HEADER_BYTES + (size_t) i * NER_SLOT_BYTES;

		memcpy(&model_checks[i], s, 2);
		memcpy(&model_weights[i], s + 2, NER_NLABELS - 1);
	}
	for (uint32_t i = 0;; i++)
	{
		if (i == nslots || i == NER_MAX_WRAP)
			return "the entity model's table is too full";
		model_checks[nslots + i] = model_checks[i];
		model_weights[nslots + i] = model_weights[i];
		if (model_checks[i] == 0)
			break;
	}
	model_shift = 64 - (unsigned) __builtin_ctz(nslots);
	for (int d = 0; d < NER_NDENSE; d++)
	{
		uint64_t	key = said_ner_dense_key(d);

		dense_w[d] = widen(model_weights[model_slot(key, model_index(key))]);
	}
	type_cache_clear();
	edges_init();
	allowed_init();
	model_loaded = true;
	return NULL;
}

const char *
said_ner_init(const SaidAllocator *persistent)
{
	(void) persistent;			/* the model goes to static arrays */
	if (model_loaded)
		return NULL;
	return said_ner_load(said_data_ner_model,
						 (size_t) (said_data_ner_model_end - said_data_ner_model));
}

static inline uint32_t
model_index(uint64_t key)
{
	return (uint32_t) (key >> model_shift);
}

/*
 * The slot of key (whose home is i), or NER_NO_SLOT.  Eight check words at
 * once, the first match before the first empty slot: the scalar probe's
 * exit (a match, an empty slot or another key, at random) was a third of
 * the tagger's mispredicted branches.  Only a run of eight occupied slots
 * (rare at a load of 0.3) goes round again.  The table is followed by
 * NER_PROBE_LANES zero check words, so the last load stays inside it.
 */
static inline uint32_t
model_slot(uint64_t key, uint32_t i)
{
	uint16_t	check = (uint16_t) (key >> 32) | 1;

#if defined(__SSE2__)
	for (;;)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) &model_checks[i]);
		unsigned	hit = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16((short) check)));
		unsigned	empty = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128()));

		/* the matches below the first empty slot (all, when none is) */
		hit &= (empty & -empty) - 1;
		if (__builtin_expect((hit | empty) != 0, 1))
		{
			/* no branch on whether it matched: that one is at random too */
			uint32_t	found = -(uint32_t) (hit != 0);

			return ((i + (unsigned) __builtin_ctz(hit | 1u << 16) / 2) & found) |
				(NER_NO_SLOT & ~found);
		}
		i += NER_PROBE_LANES;
	}
#else
	uint16_t	c;

	while ((c = model_checks[i]) != check && c != 0)
		i++;
	return c ? i : NER_NO_SLOT;
#endif
}

int
said_ner_key_weight(uint64_t key, int label)
{
	if (!model_loaded || label < 1 || label >= NER_NLABELS)
		return 0;
	return model_weights[model_slot(key, model_index(key))][label - 1];
}

/* ------------------------------------------------------------ document memory */

/*
 * The class last given to each capitalised word earlier in the document is a
 * feature ("Pirelli" in a results table after "Pirelli" the team).  The memory
 * is process-static, holds no pointers and is reset whenever tagging does not
 * continue the same document forward (another doc, or t0 before the last t1).
 */
#define MEM_SLOTS 4096
#define MEM_LIMIT (MEM_SLOTS * 3 / 4)

typedef struct MemSlot
{
	uint32_t	word;
	uint32_t	gen;
	uint8_t		cls;			/* 1 + NER_CLASS of the last label */
} MemSlot;

static MemSlot mem[MEM_SLOTS];
static uint32_t mem_gen = 1;
static int	mem_used;
static const SaidDoc *mem_doc;
static const SaidToken *mem_tok;
static const char *mem_text;
static int	mem_t1;

/*
 * Whole-document casing: two small Bloom filters of the words seen in lower
 * case and seen capitalised inside a sentence (not first, not in an all-caps
 * line), filled by one pass over the document when it is first tagged.
 */
#define BLOOM_BITS 16384
static uint64_t bloom_lower[BLOOM_BITS / 64];
static uint64_t bloom_capmid[BLOOM_BITS / 64];

static inline void
bloom_add(uint64_t *b, uint32_t word)
{
	uint32_t	h1 = word & (BLOOM_BITS - 1),
				h2 = (word * 2654435761u) >> 18;

	b[h1 >> 6] |= 1ULL << (h1 & 63);
	b[h2 >> 6] |= 1ULL << (h2 & 63);
}

static inline int
bloom_has(const uint64_t *b, uint32_t word)
{
	uint32_t	h1 = word & (BLOOM_BITS - 1),
				h2 = (word * 2654435761u) >> 18;

	return (b[h1 >> 6] >> (h1 & 63)) & (b[h2 >> 6] >> (h2 & 63)) & 1;
}

/* Bloom bits of the words in neither filter: doc_casing adds every word to
 * one of the three, so that which one is data, not a branch. */
static uint64_t bloom_neither[BLOOM_BITS / 64];

/* . ! ? : - as bits from '!' on: punctuation after which a capital is no news */
#define SENTENCE_END_BITS \
	((1u << ('!' - '!')) | (1u << ('-' - '!')) | (1u << ('.' - '!')) | \
	 (1u << (':' - '!')) | (1u << ('?' - '!')))

/*
 * One pass over the document's tokens, without a branch on what each token
 * is (word or not, lower case or capitalised): those were mispredicted for
 * a token in three, and the pass cost 4 % of the pipeline.
 */
static void
doc_casing(const SaidDoc *doc)
{
	uint64_t   *filters[4] = {bloom_neither, bloom_lower, bloom_capmid, bloom_lower};
	bool		line_upper = false;
	bool		after_end = true;

	memset(bloom_lower, 0, sizeof(bloom_lower));
	memset(bloom_capmid, 0, sizeof(bloom_capmid));
	for (int k = 0; k < doc->ntok; k++)
	{
		const SaidToken *t = &doc->tok[k];
		unsigned	flags = t->flags;
		bool		word = t->kind == TOK_WORD;
		bool		punct = t->kind == TOK_PUNCT;
		unsigned	c = (unsigned char) doc->text[t->b0] - '!';
		bool		lower,
					capmid;

		if (flags & TF_LINE_START)
		{
			line_upper = (flags & TF_ALL_UPPER) && word && t->b1 - t->b0 > 1;
			after_end = true;
		}
		lower = word & ((flags & TF_ALL_LOWER) != 0);
		capmid = word & ((flags & (TF_UPPER_INITIAL | TF_ALL_UPPER)) == TF_UPPER_INITIAL) &
			!after_end & !line_upper;
		bloom_add(filters[lower | capmid << 1], (uint32_t) t->hash);
		line_upper &= !lower;
		after_end = (after_end & !word & !punct) |
			(punct & (c < 32) & ((SENTENCE_END_BITS >> (c & 31)) & 1));
	}
}

static void
mem_begin(const SaidDoc *doc, int t0, int t1)
{
	if (doc != mem_doc || doc->tok != mem_tok || doc->text != mem_text || t0 < mem_t1)
	{
		doc_casing(doc);
		if (++mem_gen == 0)
		{
			memset(mem, 0, sizeof(mem));
			mem_gen = 1;
		}
		mem_used = 0;
		mem_doc = doc;
		mem_tok = doc->tok;
		mem_text = doc->text;
	}
	mem_t1 = t1;
}

static inline MemSlot *
mem_slot(uint32_t word)
{
	uint32_t	i = (word * 2654435761u) >> 20;	/* 12 bits */

	for (;;)
	{
		MemSlot    *m = &mem[i];

		/* one branch: a word new to the document or not is at random */
		if ((m->gen != mem_gen) | (m->word == word))
			return m;
		i = (i + 1) & (MEM_SLOTS - 1);
	}
}

static inline int
mem_get(uint32_t word)
{
	MemSlot    *m = mem_slot(word);

	return m->gen == mem_gen ? m->cls : 0;
}

/* Out of line: the memory is written for one token in five or so. */
static __attribute__((noinline)) void
mem_put(const SaidToken *t, int label)
{
	MemSlot    *m = mem_slot(t->hash);

	if (m->gen != mem_gen)
	{
		if (mem_used >= MEM_LIMIT)
			return;
		mem_used++;
		m->gen = mem_gen;
		m->word = t->hash;
	}
	m->cls = (uint8_t) (1 + NER_CLASS(label));
}

/* The memory hears of every capitalised word, scored (label) or not (O). */
static inline void
observe(const SaidNerContext *ctx, int i, int label)
{
	const SaidToken *t = &ctx->doc->tok[i];

	if ((t->flags & TF_UPPER_INITIAL) && t->kind == TOK_WORD)
		mem_put(t, label);
}

void
said_ner_observe(SaidNerContext *ctx, int i, int label)
{
	observe(ctx, i, label);
}

/* ------------------------------------------------------------ features */

/*
 * Feature keys: two multiplications.  The inputs are word and shape hashes
 * (already mixed) or small integers; the first product spreads a over the
 * word, the second carries every bit of the sum into the top bits, which
 * index the table, and bits 32..47, its check.
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

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* Sentinels for positions outside the sentence. */
#define BOS_WORD 0x5b4253535d5d5d5dULL
#define EOS_WORD 0x5b4553535d5d5d5dULL

/* Collapsed shape of a token: X x d and punctuation, runs collapsed. */
static uint64_t
token_shape(const SaidDoc *doc, const SaidToken *t)
{
	const unsigned char *p = (const unsigned char *) doc->text + t->b0;
	const unsigned char *end = (const unsigned char *) doc->text + t->b1;
	uint64_t	h = FNV_OFFSET;
	unsigned char last = 0;
	int			n = 0;

	if (t->flags & TF_URL)
		return 0x75726c75726c75ULL;
	while (p < end && n < 10)
	{
		unsigned char c = *p,
					s;

		if (c < 0x80)
		{
			p++;
			if (c >= 'A' && c <= 'Z')
				s = 'X';
			else if (c >= 'a' && c <= 'z')
				s = 'x';
			else if (c >= '0' && c <= '9')
				s = 'd';
			else
				s = c;
		}
		else
		{
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);

			if (k <= 0)
			{
				p++;
				s = '?';
			}
			else
			{
				p += k;
				if (utf8proc_isupper(cp))
					s = 'X';
				else if (utf8proc_islower(cp))
					s = 'x';
				else
				{
					utf8proc_category_t cat = utf8proc_category(cp);

					s = (cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM) ? 'x' :
						(cat == UTF8PROC_CATEGORY_MN) ? last : 'o';
				}
			}
		}
		if (s != last)
		{
			h = (h ^ s) * FNV_PRIME;
			last = s;
			n++;
		}
	}
	return h;
}

/* Is the line of token j free of lower-case words?  Scans from the line start
 * (or from j) forward; stops at the first lower-case word. */
static bool
line_is_caps(const SaidDoc *doc, int j, bool scan_back)
{
	int			k = j;
	int			upper = 0;

	if (scan_back)
		while (k > 0 && !(doc->tok[k].flags & TF_LINE_START) && j - k < 512)
		{
			const SaidToken *t = &doc->tok[k];

			if (t->kind == TOK_WORD && !(t->flags & (TF_ALL_UPPER | TF_URL)) &&
				!(t->flags & TF_UPPER_INITIAL && t->b1 - t->b0 == 1))
				return false;
			k--;
		}
	for (k = j; k < doc->ntok && k - j < 512; k++)
	{
		const SaidToken *t = &doc->tok[k];

		if (k > j && (t->flags & TF_LINE_START))
			break;
		if (t->kind == TOK_WORD && !(t->flags & TF_URL))
		{
			if (t->flags & TF_ALL_UPPER)
			{
				if (t->b1 - t->b0 > 1)
					upper++;
			}
			else
				return false;
		}
	}
	return upper > 0;
}

/*
 * Is token j's line in capitals (a headline)?  The answer is that of the
 * line segment j is in: from the sentence's first token, or from the last
 * line start after it, as line_is_caps sees it (from t0 also scanning back
 * to the line start).  Lines are only ever scanned forward, so j must not
 * decrease between calls for one context; a segment is classified once,
 * when a token in it first asks.
 */
static bool
caps_line(SaidNerContext *ctx, int j)
{
	const SaidToken *tok = ctx->doc->tok;

	for (int k = ctx->caps_scan + 1; k <= j; k++)
		if (tok[k].flags & TF_LINE_START)
		{
			ctx->caps_seg = k;
			ctx->caps_val = -1;
		}
	if (j > ctx->caps_scan)
		ctx->caps_scan = j;
	if (ctx->caps_val < 0)
		ctx->caps_val = line_is_caps(ctx->doc, ctx->caps_seg, ctx->caps_seg == ctx->t0);
	return ctx->caps_val;
}

/*
 * Multi-word gazetteer phrases.  One begins at a capitalised token that is
 * not inside the phrase before it, so every token that may begin one must
 * be looked at, in order, whether the tagger fills it or not (a phrase
 * whose first word is in no window still covers the words after it):
 * fill_info notes the tokens it fills, said_ner_tag the others that may
 * begin a phrase, each before any later token is filled.  The phrases
 * found before the last are kept, for windows that reach back (by 2 tokens
 * at most) behind a phrase found further on.
 */
static __attribute__((noinline)) void
phrase_found_at(SaidNerContext *ctx, int k)
{
	const SaidLexEntry *e;
	int			n = said_lex_longest_phrase(ctx->doc, k, 6, NER_PHRASE_MASK, &e);

	if (n > 1 && e)
	{
		int			o = ++ctx->phrase_older & 3;

		ctx->older[o].start = ctx->phrase_start;
		ctx->older[o].end = ctx->phrase_end;
		ctx->older[o].cls = ctx->phrase_cls;
		ctx->phrase_start = k;
		ctx->phrase_end = k + n;
		ctx->phrase_cls = e->classes & NER_PHRASE_MASK;
	}
}

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
			phrase_found_at(ctx, k);
	}
}

/* Token j's place in an older phrase (see phrase_pos_at). */
static __attribute__((noinline)) int
phrase_pos_older(const SaidNerContext *ctx, int j, uint32_t *cls)
{
	for (int o = ctx->phrase_older, q = 0; q < 4; o--, q++)
	{
		if (j >= ctx->older[o & 3].end)
			return 0;
		if (j >= ctx->older[o & 3].start)
		{
			*cls = ctx->older[o & 3].cls;
			return j == ctx->older[o & 3].start ? 1 : 2;
		}
	}
	return 0;
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
	return phrase_pos_older(ctx, j, cls);
}

/*
 * The features' view of token j: the word, its classes and flags, and the
 * gazetteer phrase it is in.
 */
static void
fill_info(SaidNerContext *ctx, int j, SaidNerTokInfo *info)
{
	const SaidDoc *doc = ctx->doc;
	const SaidToken *t;

	memset(info, 0, sizeof(*info));
	if (j < ctx->t0)
	{
		info->word = BOS_WORD;
		info->shape = BOS_WORD;
		return;
	}
	if (j >= ctx->t1)
	{
		info->word = EOS_WORD;
		info->shape = EOS_WORD;
		return;
	}
	t = &doc->tok[j];
	info->word = t->hash;
	info->shape = 0;			/* computed when needed */
	info->tok = j;
	info->lex = t->lex & NER_LEX_MASK;
	info->flags = t->flags;
	info->kind = t->kind;

	phrase_note(ctx, j);
	info->phrase_pos = (uint8_t) phrase_pos_at(ctx, j, &info->phrase_cls);
}

/*
 * Of the tokens two before and two after the one tagged, only what
 * ROLE_PREV2 and ROLE_NEXT2 read (the word, its classes; the other fields
 * are left unset): said_ner_tag hashes their three keys rather than fill a
 * window token and check its type-cache entry, for the one after nearly
 * always new, and the one before mostly so.
 */
static inline void
outer_info(const SaidNerContext *ctx, int j, SaidNerTokInfo *info)
{
	if (j < ctx->t0 || j >= ctx->t1)
	{
		/* the sentinels, as fill_info has them */
		info->word = j < ctx->t0 ? BOS_WORD : EOS_WORD;
		info->lex = 0;
		return;
	}
	info->word = ctx->doc->tok[j].hash;
	info->lex = ctx->doc->tok[j].lex & NER_LEX_MASK;
}

void
said_ner_context_init(SaidNerContext *ctx, const SaidDoc *doc, int t0, int t1)
{
	/* every field but info, which cur = -1 has filled before it is read:
	 * zeroing its 160 bytes per sentence was a rep stos */
	ctx->doc = doc;
	ctx->t0 = t0;
	ctx->t1 = t1;
	ctx->cur = -1;
	ctx->phrase_start = ctx->phrase_end = -1;
	ctx->phrase_cls = 0;
	ctx->phrase_seen = t0 - 1;
	ctx->phrase_older = 0;
	for (int o = 0; o < 4; o++)
		ctx->older[o].start = ctx->older[o].end = -1;
	ctx->caps_seg = ctx->caps_scan = t0;
	ctx->caps_val = -1;
	mem_begin(doc, t0, t1);
}

static inline uint64_t
fnv_lower(uint64_t h, unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return (h ^ c) * FNV_PRIME;
}

/*
 * Keys of the lower-cased prefixes, then suffixes, of 1 to 4 characters
 * that are shorter than the word.  Each prefix's hash continues the one
 * before it, and each suffix's start is found from the previous one's, so
 * the characters are counted once per direction rather than once per affix.
 */
static int
affix_keys(const unsigned char *s, int len, uint64_t *keys)
{
	int			n = 0;
	int			b = 0;
	int			a = len;
	uint64_t	h = FNV_OFFSET;

	/* prefixes [0, e): the k-th character ends at e, before the word's end */
	for (int k = 1; k <= 4 && b < len; k++)
	{
		int			e = b + 1;

		while (e < len && (s[e] & 0xC0) == 0x80)
			e++;
		if (e >= len)
			break;
		for (; b < e; b++)
			h = fnv_lower(h, s[b]);
		keys[n++] = fk2(16, h, k);
	}
	/* suffixes [a, len): a is the start of the k-th character from the end */
	for (int k = 1; k <= 4; k++)
	{
		do
			a--;
		while (a > 0 && (s[a] & 0xC0) == 0x80);
		if (a <= 0)
			break;
		h = FNV_OFFSET;
		for (int j = a; j < len; j++)
			h = fnv_lower(h, s[j]);
		keys[n++] = fk2(17, h, k);
	}
	return n;
}

/* bits of the word's own shape that matter beyond the collapsed shape */
static inline uint64_t
case_bits(const SaidNerTokInfo *in)
{
	return (in->flags & (TF_UPPER_INITIAL | TF_ALL_UPPER | TF_ALL_LOWER | TF_HAS_DIGIT |
						 TF_HAS_PERIOD | TF_HYPHEN)) | ((uint64_t) in->kind << 16);
}

/* Dense feature numbering (NER_NDENSE in all). */
#define D_LABELS 0				/* prev2 * 9 + prev1: 81 */
#define D_MEM 81				/* memory of the word * 36 + where * 9 + prev1: 216 */
#define D_NEXT 297				/* the next word: 0 not capitalised, else 1 + its memory: 7 */
#define D_SEEN 304				/* casing elsewhere in the document: 0 n/a, else 1 + seen * 4 + where: 17 */

uint64_t
said_ner_dense_key(int d)
{
	return fk1(63, (uint64_t) d);
}

/*
 * Most features look at one token of the window alone, in one role: as the
 * word tagged (its own keys, and those paired with the previous label), or
 * as the word one or two before or after it.  The keys of a role depend on
 * nothing but the token (those of the words next to the one tagged, also on
 * its shape: prev1_shape_keys, next1_shape_keys), so said_ner_tag caches
 * their summed weights per word type (below); the trainer and the reference
 * tagger hash them anew.
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
static int
self_keys(const SaidNerTokInfo *w, const SaidDoc *doc, uint64_t *keys)
{
	int			n = 0;

	keys[n++] = fk1(1, w->word);
	keys[n++] = fk1(8, w->shape);
	keys[n++] = fk2(13, w->word, case_bits(w));
	if (w->kind == TOK_WORD)
	{
		const SaidToken *t = &doc->tok[w->tok];

		n += affix_keys((const unsigned char *) doc->text + t->b0, (int) (t->b1 - t->b0), keys + n);
	}
	/* one feature per lexicon class of the word */
	for (uint32_t bits = w->lex; bits && n < NER_MAX_WORD_KEYS; bits &= bits - 1)
		keys[n++] = fk2(18, bits & -bits, case_bits(w) & (TF_UPPER_INITIAL | TF_ALL_UPPER));
	return n;
}

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

/* The keys of a neighbour role (needs w->shape for ROLE_NEXT1). */
static inline int
neighbour_keys(const SaidNerTokInfo *w, int role, uint64_t *keys)
{
	int			n = 0;

	switch (role)
	{
		case ROLE_PREV1:
			keys[n++] = fk1(2, w->word);
			keys[n++] = fk1(19, w->lex);
			break;
		case ROLE_PREV2:
			keys[n++] = fk1(4, w->word);
			keys[n++] = fk1(22, w->lex);
			break;
		case ROLE_NEXT1:
			keys[n++] = fk1(3, w->word);
			keys[n++] = fk1(10, w->shape);
			keys[n++] = fk1(20, w->lex);
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
static int
context_keys(SaidNerContext *ctx, const SaidNerTokInfo *const *w, int i, int prev1, int prev2,
			 bool shape_pairs, uint64_t *keys, uint16_t *dense, int *ndense)
{
	int			n = 0;
	bool		caps = caps_line(ctx, i);

	if (shape_pairs)
	{
		n += prev1_shape_keys(w[1], w[2]->shape, keys + n);
		n += next1_shape_keys(w[3], w[2]->shape, keys + n);
	}
	if (w[2]->phrase_pos)
	{
		keys[n++] = fk2(23, w[2]->phrase_cls, w[2]->phrase_pos);
		keys[n++] = fk2(24, w[2]->phrase_cls, w[2]->phrase_pos * 16 + (w[2]->flags & TF_UPPER_INITIAL));
	}
	if (w[3]->phrase_pos)
		keys[n++] = fk2(25, w[3]->phrase_cls, w[3]->phrase_pos);

	/*
	 * Of the word pairs only the one across the word tagged ("Ms. _ said"):
	 * each is a lookup that mostly misses the caches, and over five
	 * training seeds the others (w-1 w, w w+1), the word against its
	 * casing elsewhere and the label against the next shape added nothing
	 * to dev F1, while without this one 1.5 % more of PolNeAR's speakers
	 * went without an entity.
	 */
	keys[n++] = fk2(39, w[1]->word, w[3]->word);

	/* position and headline */
	if (i == ctx->t0 || (w[2]->flags & TF_LINE_START))
		keys[n++] = fk2(26, w[2]->shape, i == ctx->t0);
	if (caps)
	{
		keys[n++] = fk1(28, w[2]->word);
		keys[n++] = fk2(29, w[1]->word, w[2]->word);
	}

	/* dense: labels, document memory, casing elsewhere */
	{
		int			m = mem_get((uint32_t) w[2]->word);
		int			nd = 0;

		dense[nd++] = (uint16_t) (D_LABELS + prev2 * 9 + prev1);
		dense[nd++] = (uint16_t) (D_MEM + m * 36 + (caps * 2 + (i == ctx->t0)) * 9 + prev1);
		dense[nd++] = (uint16_t) (D_NEXT + ((w[3]->flags & TF_UPPER_INITIAL) ?
											1 + mem_get((uint32_t) w[3]->word) : 0));
		if ((w[2]->flags & TF_UPPER_INITIAL) && w[2]->kind == TOK_WORD)
		{
			int			seen = bloom_has(bloom_lower, (uint32_t) w[2]->word) * 2 +
				bloom_has(bloom_capmid, (uint32_t) w[2]->word);
			int			where = caps * 2 + (i == ctx->t0 || (w[2]->flags & TF_LINE_START) ||
											w[1]->kind == TOK_PUNCT || w[1]->kind == TOK_QUOTE);

			dense[nd++] = (uint16_t) (D_SEEN + 1 + seen * 4 + where);
		}
		else
			dense[nd++] = D_SEEN;
		*ndense = nd;
	}
	return n;
}

/* Can token t begin an entity (ner.h)?  (Else, after an O, it is O unscored.) */
static inline bool
may_begin(const SaidToken *t, int phrase_pos)
{
	if (phrase_pos)
		return true;
	if (t->flags & TF_UPPER_INITIAL)
		return !words_has(&word_sets[NER_UPPER_NON_STARTERS], t->hash);
	return (t->lex & NER_GAZ_MASK) && !words_has(&word_sets[NER_LOWER_NON_STARTERS], t->hash);
}

bool
said_ner_may_begin(const SaidToken *t)
{
	return may_begin(t, 0);
}

int
said_ner_features(SaidNerContext *ctx, int i, int prev1, int prev2, uint64_t *keys,
				  uint16_t *dense, int *ndense)
{
	SaidNerTokInfo *info = ctx->info;
	const SaidNerTokInfo *w[5] = {&info[0], &info[1], &info[2], &info[3], &info[4]};
	int			n = 0;

	/* advance the window */
	if (ctx->cur >= 0 && i == ctx->cur + 1)
	{
		/* four inline struct moves: a loop or memmove becomes a library call */
		info[0] = info[1];
		info[1] = info[2];
		info[2] = info[3];
		info[3] = info[4];
		fill_info(ctx, i + 2, &info[4]);
	}
	else
		for (int k = 0; k < 5; k++)
			fill_info(ctx, i - 2 + k, &info[k]);
	ctx->cur = i;

	if (!may_begin(&ctx->doc->tok[i], info[2].phrase_pos) &&
		(prev1 == NER_O || !may_continue(&ctx->doc->tok[i])))
		return -1;
	for (int k = 1; k <= 3; k++)
		if (info[k].shape == 0)
			info[k].shape = token_shape(ctx->doc, &ctx->doc->tok[info[k].tok]);

	n += neighbour_keys(w[0], ROLE_PREV2, keys + n);
	n += neighbour_keys(w[1], ROLE_PREV1, keys + n);
	n += neighbour_keys(w[3], ROLE_NEXT1, keys + n);
	n += neighbour_keys(w[4], ROLE_NEXT2, keys + n);
	n += self_label_keys(w[2], prev1, keys + n);
	n += context_keys(ctx, w, i, prev1, prev2, true, keys + n, dense, ndense);
	return n;
}

int
said_ner_word_keys(SaidNerContext *ctx, int i, uint64_t *keys)
{
	return self_keys(&ctx->info[2], ctx->doc, keys);
}

int
said_ner_all_keys(SaidNerContext *ctx, int i, int prev1, int prev2, uint64_t *keys)
{
	uint16_t	dense[NER_MAX_DENSE];
	int			nd;
	int			n = said_ner_features(ctx, i, prev1, prev2, keys, dense, &nd);

	if (n < 0)
		return n;
	n += said_ner_word_keys(ctx, i, keys + n);
	for (int k = 0; k < nd; k++)
		keys[n++] = said_ner_dense_key(dense[k]);
	return n;
}

/* ------------------------------------------------------------ scoring */

/* Sum of the weights of keys[0, n). */
static inline NerAcc
score_keys(const uint64_t *keys, int n)
{
	uint32_t	idx[NER_MAX_FEATURES];
	NerAcc		acc = {0};

	/* the tables do not fit in L1: fetch all home slots at once */
	for (int k = 0; k < n; k++)
	{
		idx[k] = model_index(keys[k]);
		__builtin_prefetch(&model_checks[idx[k]]);
		__builtin_prefetch(&model_weights[idx[k]]);
	}
	for (int k = 0; k < n; k++)
		acc += widen(model_weights[model_slot(keys[k], idx[k])]);
	return acc;
}

/* Lanes of the labels that may follow each label: all ones, or 0. */
static NerAcc allowed_lanes[NER_NLABELS];

static void
allowed_init(void)
{
	for (int prev = 0; prev < NER_NLABELS; prev++)
		for (int l = 1; l < NER_NLABELS; l++)
			allowed_lanes[prev][l - 1] = said_ner_allowed(prev, l) ? -1 : 0;
}

static inline NerAcc
lanes_max(NerAcc a, NerAcc b)
{
	NerAcc		a_greater = a > b;

	return (a & a_greater) | (b & ~a_greater);
}

/*
 * The best label after prev1: O unless one scores above 0, the first of
 * equal scores winning.  The maximum first, across the lanes: most scored
 * tokens are O, and the test ends there for them.
 */
static inline int
best_label(NerAcc acc, int prev1)
{
	NerAcc		allowed = allowed_lanes[prev1];
	NerAcc		sc = (acc & allowed) | (~allowed & INT16_MIN);
	NerAcc		m = lanes_max(sc, __builtin_shufflevector(sc, sc, 4, 5, 6, 7, 0, 1, 2, 3));

	m = lanes_max(m, __builtin_shufflevector(m, m, 2, 3, 0, 1, 2, 3, 0, 1));
	m = lanes_max(m, __builtin_shufflevector(m, m, 1, 0, 1, 0, 1, 0, 1, 0));
	if (m[0] <= 0)
		return NER_O;
	for (int l = 1;; l++)
		if (sc[l - 1] == m[0])
			return l;
}

void
said_ner_tag_reference(const SaidDoc *doc, int t0, int t1, uint8_t *labels)
{
	SaidNerContext ctx;
	uint64_t	keys[NER_MAX_FEATURES];
	int			prev1 = NER_O,
				prev2 = NER_O;

	said_ner_context_init(&ctx, doc, t0, t1);
	for (int i = t0; i < t1; i++)
	{
		int			n = model_loaded ? said_ner_all_keys(&ctx, i, prev1, prev2, keys) : -1;
		int			best = n >= 0 ? best_label(score_keys(keys, n), prev1) : NER_O;

		labels[i - t0] = (uint8_t) best;
		observe(&ctx, i, best);
		prev2 = prev1;
		prev1 = best;
	}
}

/* ------------------------------------------------------------ type cache */

/*
 * The summed weights of each role of a word type, computed when first
 * needed and kept for the words met most recently: "the", "said", "Trump"
 * come back in every article.  An entry holds everything the keys are
 * computed from (the bytes, up to 19 of them, the kind, case flags and
 * lexicon classes, and for ROLE_PREV1 and ROLE_NEXT1 the shape of the
 * word tagged), so a hit gives exactly the sum the lookups would.
 * Direct-mapped by the word's hash and case flags (type_slot); kept for
 * the process, like the model (cleared when one is loaded).  A window token
 * keeps its entry and the stamp it had when claimed: an entry claimed since
 * by another word no longer matches, and the token's roles are then hashed
 * anew.
 */
/* 16,384 entries of 128 bytes (2 MB, touched as words come): 1 MB took
 * 3 % more time in the tagger, 384 kB 24 % more role computations */
#define TC_SLOTS_LOG2 14
#define TC_SLOTS (1 << TC_SLOTS_LOG2)
#define TC_MAX_BYTES 19			/* longer words (few) are not cached */
#define TC_FLAGS (TF_UPPER_INITIAL | TF_ALL_UPPER | TF_ALL_LOWER | TF_HAS_DIGIT | \
				  TF_HAS_PERIOD | TF_HYPHEN | TF_URL)
#define TC_HAVE_SHAPE (1 << NCACHED_ROLES)

typedef struct __attribute__((aligned(64))) TypeEntry
{
	/* what a hit compares: the first cache line; bytes is read 32 bytes at
	 * a time (same_bytes32), into the roles */
	uint64_t	hash;
	uint64_t	shape;
	/* the shape of the word tagged that role[ROLE_PREV1] and role[ROLE_NEXT1]
	 * were summed for (with prev1_shape_keys, next1_shape_keys) */
	uint64_t	centre_shape[2];
	uint32_t	lex;
	uint32_t	stamp;
	uint16_t	flags;
	uint8_t		kind;
	uint8_t		len;			/* 0: empty */
	uint8_t		have;			/* 1 << role, TC_HAVE_SHAPE: computed */
	unsigned char bytes[TC_MAX_BYTES];
	/* the second cache line */
	NerAcc		role[NCACHED_ROLES];
} TypeEntry;

_Static_assert(offsetof(TypeEntry, role) == 64, "the roles are the second cache line");
_Static_assert(offsetof(TypeEntry, bytes) + 32 <= sizeof(TypeEntry),
			   "same_bytes32 reads 32 bytes of an entry's bytes");
_Static_assert(sizeof(TypeEntry) == 128, "an entry is two cache lines");

static TypeEntry type_cache[TC_SLOTS] __attribute__((aligned(64)));
static uint32_t type_stamp = 1;
static bool type_cache_used;	/* an entry was claimed since the last clear */

/*
 * The sentence's edges, as the words next to the one tagged: a window
 * token at an edge points to one of them with stamp 0, which matches, so
 * win_role sums and reads their roles as it does any entry's.
 */
static TypeEntry edge_before,
			edge_after;

/* Only after use: the array starts zeroed, and clearing it would touch
 * its 2 MB in every backend at the first model load. */
static void
type_cache_clear(void)
{
	if (type_cache_used)
		memset(type_cache, 0, sizeof(type_cache));
	type_cache_used = false;
	type_stamp = 1;
}

/* Their roles (ROLE_PREV1, ROLE_NEXT1) depend on the word tagged too:
 * win_role sums them when first needed. */
static void
edges_init(void)
{
	memset(&edge_before, 0, sizeof(edge_before));
	memset(&edge_after, 0, sizeof(edge_after));
}

/*
 * The entry of a word with these flags (& TC_FLAGS).  The hash is of the
 * folded word: the flags go into the slot too, or "The" and "the", both
 * in nearly every window, would take each other's entry all the time.
 */
static inline TypeEntry *
type_slot(uint64_t word, uint16_t flags)
{
	return &type_cache[((word ^ flags) * 0x9e3779b97f4a7c15ULL) >> (64 - TC_SLOTS_LOG2)];
}

/*
 * Tokens between the prefetch of a word's entry and its use: the window's
 * entries reach a token ahead, and the entries (2 MB) mostly miss L2.
 */
#define TC_AHEAD 6

static inline void
type_prefetch(const SaidToken *t)
{
	const char *e = (const char *) type_slot(t->hash, t->flags & TC_FLAGS);

	__builtin_prefetch(e);
	__builtin_prefetch(e + 64);
}

typedef uint8_t NerBytes __attribute__((vector_size(16)));

/*
 * Are the first len (<= 32) bytes of a and b the same?  Both must be
 * readable for 32 bytes.  Two 16-byte compares: a libc memcmp call per
 * window token cost more than the compare itself.
 */
static inline bool
same_bytes32(const unsigned char *a, const unsigned char *b, uint32_t len)
{
	static const NerBytes lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
	NerBytes	a0,
				a1,
				b0,
				b1,
				diff;
	uint64_t	q[2];

	memcpy(&a0, a, 16);
	memcpy(&a1, a + 16, 16);
	memcpy(&b0, b, 16);
	memcpy(&b1, b + 16, 16);
	diff = ((a0 ^ b0) & (NerBytes) (lane < (uint8_t) len)) |
		((a1 ^ b1) & (NerBytes) (lane + 16 < (uint8_t) len));
	memcpy(q, &diff, 16);
	return (q[0] | q[1]) == 0;
}

/* A token of the tagging window: ring slot j & 7. */
typedef struct WinTok
{
	int32_t		j;				/* token index; INT32_MIN: empty */
	uint32_t	stamp;
	TypeEntry  *entry;			/* an edge's, a cache entry, or NULL: a word too
								 * long to cache */
	SaidNerTokInfo info;
} WinTok;

#define WIN_RING 8

typedef struct Tagger
{
	SaidNerContext ctx;			/* for fill_info, caps_line, the document memory */
	WinTok		ring[WIN_RING];
} Tagger;

/* Token j's window slot, filled if it is not there yet (j increasing). */
static inline WinTok *
win_token(Tagger *tg, int j)
{
	WinTok	   *w = &tg->ring[j & (WIN_RING - 1)];
	const SaidToken *t;
	const unsigned char *s;
	uint32_t	len;
	uint16_t	flags;
	TypeEntry  *e;

	if (w->j == j)
		return w;
	w->j = j;
	w->entry = NULL;
	w->stamp = 0;
	fill_info(&tg->ctx, j, &w->info);
	if (j < tg->ctx.t0 || j >= tg->ctx.t1)
	{
		w->entry = j < tg->ctx.t0 ? &edge_before : &edge_after;
		return w;
	}
	t = &tg->ctx.doc->tok[j];
	len = t->b1 - t->b0;
	if (len > TC_MAX_BYTES)
		return w;
	s = (const unsigned char *) tg->ctx.doc->text + t->b0;
	flags = w->info.flags & TC_FLAGS;
	e = type_slot(w->info.word, flags);
	if (!(e->hash == w->info.word && e->len == len && e->lex == w->info.lex &&
		  e->flags == flags && e->kind == w->info.kind &&
		  (t->b0 + 32 <= tg->ctx.doc->len ? same_bytes32(e->bytes, s, len) :
		   memcmp(e->bytes, s, len) == 0)))
	{
		e->hash = w->info.word;
		e->lex = w->info.lex;
		e->flags = flags;
		e->kind = w->info.kind;
		e->len = (uint8_t) len;
		memcpy(e->bytes, s, len);
		e->have = 0;
		e->stamp = ++type_stamp;
		type_cache_used = true;
	}
	w->entry = e;
	w->stamp = e->stamp;
	return w;
}

/* The shape of a window token, from its entry when known. */
static inline uint64_t
win_shape(Tagger *tg, WinTok *w)
{
	TypeEntry  *e = w->entry;

	if (w->info.shape)
		return w->info.shape;
	if (e && e->stamp == w->stamp && (e->have & TC_HAVE_SHAPE))
		return w->info.shape = e->shape;
	w->info.shape = token_shape(tg->ctx.doc, &tg->ctx.doc->tok[w->j]);
	if (e && e->stamp == w->stamp)
	{
		e->shape = w->info.shape;
		e->have |= TC_HAVE_SHAPE;
	}
	return w->info.shape;
}

/*
 * The summed weights of one role of a window token (shape known): those its
 * entry holds, or summed anew and kept there.  ROLE_PREV1 and ROLE_NEXT1
 * also pair the token with the shape of the word tagged (centre_shape):
 * their sum is kept with the shape it was summed for.
 */
static inline NerAcc
win_role(Tagger *tg, WinTok *w, int role, uint64_t centre_shape)
{
	TypeEntry  *e = w->entry;
	bool		paired = role == ROLE_PREV1 || role == ROLE_NEXT1;
	int			side = role == ROLE_NEXT1;
	uint64_t	keys[NER_MAX_WORD_KEYS];
	int			n;
	NerAcc		sum;

	if (e && e->stamp == w->stamp && (e->have & (1 << role)) &&
		(!paired || e->centre_shape[side] == centre_shape))
		return e->role[role];
	if (role == ROLE_SELF)
		n = self_keys(&w->info, tg->ctx.doc, keys);
	else if (role == ROLE_SELF_O)
		n = self_label_keys(&w->info, NER_O, keys);
	else
	{
		n = neighbour_keys(&w->info, role, keys);
		if (role == ROLE_PREV1)
			n += prev1_shape_keys(&w->info, centre_shape, keys + n);
		else if (role == ROLE_NEXT1)
			n += next1_shape_keys(&w->info, centre_shape, keys + n);
	}
	sum = score_keys(keys, n);
	if (e && e->stamp == w->stamp)
	{
		e->role[role] = sum;
		if (paired)
			e->centre_shape[side] = centre_shape;
		e->have |= 1 << role;
	}
	return sum;
}

/*
 * Tag a sentence: the labels of said_ner_tag_reference, computed faster.
 * Tokens not scored (ner.h: most tokens) are labelled O without filling
 * the window; a scored token fills the tokens next to it (i-1 .. i+1) it
 * lacks, adds the cached sums of their roles, and hashes only the keys of
 * the outer two (i-2, i+2: outer_info) and those that relate two tokens,
 * the position, the labels or the document.
 */
void
said_ner_tag(const SaidDoc *doc, int t0, int t1, uint8_t *labels)
{
	Tagger		tg;
	uint64_t	keys[NER_MAX_FEATURES];
	uint16_t	dense[NER_MAX_DENSE];
	int			prev1 = NER_O,
				prev2 = NER_O;

	if (!model_loaded)
	{
		memset(labels, NER_O, t1 > t0 ? (size_t) (t1 - t0) : 0);
		return;
	}
	said_ner_context_init(&tg.ctx, doc, t0, t1);
	for (int k = 0; k < WIN_RING; k++)
		tg.ring[k].j = INT32_MIN;
	for (int i = t0; i < t1; i++)
	{
		const SaidToken *t = &doc->tok[i];
		const WinTok *filled = &tg.ring[i & (WIN_RING - 1)];
		int			best = NER_O;
		int			pos;
		uint32_t	cls;

		/* into the next sentence too: its first words would find no
		 * entry fetched */
		if (i + TC_AHEAD < doc->ntok)
			type_prefetch(&doc->tok[i + TC_AHEAD]);

		/* a token no window has filled is looked at for a phrase here */
		if (filled->j == i)
			pos = filled->info.phrase_pos;
		else
		{
			phrase_note(&tg.ctx, i);
			pos = phrase_pos_at(&tg.ctx, i, &cls);
		}
		if (may_begin(t, pos) ||
			(prev1 != NER_O && may_continue(t)))
		{
			WinTok	   *w[4];		/* w[1..3]: i-1 .. i+1 */
			const SaidNerTokInfo *info[5];
			SaidNerTokInfo outer[2];	/* i-2 and i+2 */
			NerAcc		acc;
			int			n,
						nd;

			for (int k = 1; k <= 3; k++)
			{
				w[k] = win_token(&tg, i - 2 + k);
				info[k] = &w[k]->info;
				win_shape(&tg, w[k]);
			}
			outer_info(&tg.ctx, i - 2, &outer[0]);
			outer_info(&tg.ctx, i + 2, &outer[1]);
			info[0] = &outer[0];
			info[4] = &outer[1];
			acc = win_role(&tg, w[2], ROLE_SELF, info[2]->shape);
			acc += win_role(&tg, w[1], ROLE_PREV1, info[2]->shape);
			acc += win_role(&tg, w[3], ROLE_NEXT1, info[2]->shape);
			n = 0;
			if (prev1 == NER_O)
				acc += win_role(&tg, w[2], ROLE_SELF_O, info[2]->shape);
			else
				n = self_label_keys(info[2], prev1, keys);
			n += neighbour_keys(info[0], ROLE_PREV2, keys + n);
			n += neighbour_keys(info[4], ROLE_NEXT2, keys + n);
			n += context_keys(&tg.ctx, info, i, prev1, prev2, false, keys + n, dense, &nd);
			acc += score_keys(keys, n);
			for (int k = 0; k < nd; k++)
				acc += dense_w[dense[k]];
			best = best_label(acc, prev1);
		}
		labels[i - t0] = (uint8_t) best;
		/* not scored or scored, as in the reference */
		observe(&tg.ctx, i, best);
		prev2 = prev1;
		prev1 = best;

		/*
		 * After an O, the tokens that can neither begin an entity nor be
		 * remembered (lower case, of no gazetteer class, in no phrase
		 * found: past phrase_end, which only grows) are O with nothing
		 * else to do: most tokens, passed here with only their entries
		 * fetched.
		 */
		if (best == NER_O)
			while (i + 1 < t1 && !(doc->tok[i + 1].flags & TF_UPPER_INITIAL) &&
				   !(doc->tok[i + 1].lex & NER_GAZ_MASK) && i + 1 >= tg.ctx.phrase_end)
			{
				i++;
				if (i + TC_AHEAD < doc->ntok)
					type_prefetch(&doc->tok[i + TC_AHEAD]);
				labels[i - t0] = NER_O;
				prev2 = NER_O;
			}
	}
}
