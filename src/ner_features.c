/*
 * ner_features.c -- stage 4a, the entity tagger's features (see ner.h),
 * computed by this very code in the extension and in tools/train_ner.c:
 * the keys of a token's context, its shape and affixes, the gazetteer
 * phrases and headline lines it is in, and the document memory and casing
 * filters, the per-document part of the tagger's state.
 */
#include "ner_internal.h"

#include <utf8proc.h>

/* ------------------------------------------------------------ document memory */

/*
 * The class last given to each capitalised word earlier in the document is a
 * feature ("Pirelli" in a results table after "Pirelli" the team).
 *
 * Whole-document casing: two small Bloom filters of the words seen in lower
 * case and seen capitalised inside a sentence (not first, not in an all-caps
 * line), filled by one pass over the document when it is first tagged.
 *
 * Both are per-document scratch in the process state (a static object),
 * holding no pointers into the document: started again whenever tagging does not continue the
 * same document forward (another document, or t0 before the last t1), not
 * freed with it.  A slot of another generation is empty, so that starting
 * again clears nothing (48 kB for every document, however short).
 */
#define MEM_SLOTS_LOG2 12
#define MEM_SLOTS (1 << MEM_SLOTS_LOG2)
#define MEM_LIMIT (MEM_SLOTS * 3 / 4)
#define BLOOM_BITS_LOG2 14
#define BLOOM_BITS (1 << BLOOM_BITS_LOG2)

/*
 * What the document says of a capitalised word elsewhere: each filter holds
 * the words met (capitalised) in one kind of context, anywhere in the
 * document, before or after the token tagged: after a title or a first
 * name ("Mr. Pirelli", "Marco Pirelli": a person), before an organisation
 * word or suffix ("Pirelli SpA", "Pirelli Group"), after "in", "at" or
 * "near" (a place), before a verb of speech ("Pirelli said": a speaker).
 */
enum
{
	EV_AFTER_TITLE,
	EV_BEFORE_ORG,
	EV_AFTER_IN,
	EV_BEFORE_CUE,
	NEVIDENCE
};

typedef struct MemSlot
{
	uint32_t	word;
	uint32_t	gen;
	uint8_t		cls;			/* 1 + NER_CLASS of the last label */
} MemSlot;

/*
 * What line_is_caps's scans have found so far in the document, which its
 * sentences ask about in order: the tokens before back_to seen, the last
 * lower-case word and line start among them; and from where the next
 * lower-case word, capitalised word and line start are known to be.  Kept,
 * a line of many short sentences is scanned once, not up to 1,024 tokens
 * per sentence ("!A!A!A..." cost 512 steps a byte).
 */
typedef struct CapsScan
{
	int			back_to;
	int			last_lower;		/* or -1 */
	int			last_line;		/* or 0 */
	int			lower_from,
				lower_at;		/* the first lower-case word from lower_from (-1: none known) */
	int			upper_from,
				upper_at;		/* the first capitalised word from upper_from */
	int			line_from,
				line_at;		/* the first line start from line_from */
} CapsScan;

struct NerDocMemory
{
	/* the document tagged, and where the last range tagged in it ended */
	const SaidDoc *doc;
	const SaidToken *tok;
	const char *text;
	int			t1;
	uint32_t	gen;			/* the document's generation of slots */
	int			used;			/* its slots */
	int			slots_log2;		/* the slots it uses: slots[0 .. 1 << slots_log2) */
	uint64_t	lower[BLOOM_BITS / 64];
	uint64_t	capmid[BLOOM_BITS / 64];
	/* Bloom bits of the words in neither filter: doc_casing adds every word
	 * to one of the three, so that which one is data, not a branch */
	uint64_t	neither[BLOOM_BITS / 64];
	uint64_t	evidence[NEVIDENCE][BLOOM_BITS / 64];
	uint64_t	in_hash,		/* folded hashes of "in", "at", "near" */
				at_hash,
				near_hash;
	CapsScan	caps;
	MemSlot		slots[MEM_SLOTS];
};

static NerDocMemory doc_memory;

NerDocMemory *
ner_memory_init(void)
{
	doc_memory.gen = 1;
	doc_memory.in_hash = said_fold_hash("in", 2);
	doc_memory.at_hash = said_fold_hash("at", 2);
	doc_memory.near_hash = said_fold_hash("near", 4);
	return &doc_memory;
}

static inline void
bloom_add(uint64_t *b, uint32_t word)
{
	uint32_t	h1 = word & (BLOOM_BITS - 1),
				h2 = said_hash_slot32(word, BLOOM_BITS_LOG2);

	b[h1 >> 6] |= 1ULL << (h1 & 63);
	b[h2 >> 6] |= 1ULL << (h2 & 63);
}

static inline int
bloom_has(const uint64_t *b, uint32_t word)
{
	uint32_t	h1 = word & (BLOOM_BITS - 1),
				h2 = said_hash_slot32(word, BLOOM_BITS_LOG2);

	return (b[h1 >> 6] >> (h1 & 63)) & (b[h2 >> 6] >> (h2 & 63)) & 1;
}

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
doc_casing(NerDocMemory *mem, const SaidDoc *doc)
{
	uint64_t   *filters[4] = {mem->neither, mem->lower, mem->capmid, mem->lower};
	bool		line_upper = false;
	bool		after_end = true;

	memset(mem->lower, 0, sizeof(mem->lower));
	memset(mem->capmid, 0, sizeof(mem->capmid));
	memset(mem->evidence, 0, sizeof(mem->evidence));
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
		if (word && (flags & TF_UPPER_INITIAL))
		{
			const SaidToken *prev = k > 0 ? &doc->tok[k - 1] : NULL;
			const SaidToken *next = k + 1 < doc->ntok ? &doc->tok[k + 1] : NULL;

			if (prev && prev->kind == TOK_WORD && (prev->flags & TF_UPPER_INITIAL) &&
				(prev->lex & (LX_TITLE | LX_NAME_MALE | LX_NAME_FEMALE)))
				bloom_add(mem->evidence[EV_AFTER_TITLE], (uint32_t) t->hash);
			if (next && next->kind == TOK_WORD && (next->flags & TF_UPPER_INITIAL) &&
				(next->lex & (LX_ORG_WORD | LX_ORG_SUFFIX)))
				bloom_add(mem->evidence[EV_BEFORE_ORG], (uint32_t) t->hash);
			if (prev && (prev->flags & TF_ALL_LOWER) &&
				(prev->hash == mem->in_hash || prev->hash == mem->at_hash ||
				 prev->hash == mem->near_hash))
				bloom_add(mem->evidence[EV_AFTER_IN], (uint32_t) t->hash);
			if (next && (next->flags & TF_ALL_LOWER) && (next->lex & LX_CUE_VERB))
				bloom_add(mem->evidence[EV_BEFORE_CUE], (uint32_t) t->hash);
		}
		line_upper &= !lower;
		after_end = (after_end & !word & !punct) |
			(punct & (c < 32) & ((SENTENCE_END_BITS >> (c & 31)) & 1));
	}
	said_work(doc, (uint64_t) doc->ntok);
}

static void
mem_begin(NerDocMemory *mem, const SaidDoc *doc, int t0, int t1)
{
	if (doc != mem->doc || doc->tok != mem->tok || doc->text != mem->text || t0 < mem->t1)
	{
		doc_casing(mem, doc);
		if (++mem->gen == 0)
		{
			memset(mem->slots, 0, sizeof(mem->slots));
			mem->gen = 1;
		}
		mem->used = 0;

		/*
		 * At least twice as many slots as the document has tokens (so that
		 * MEM_LIMIT is reached only when it uses them all): a short
		 * document's words stay on a page or two of the 48 kB, where a new
		 * backend's first call faulted in up to a page a word.
		 */
		mem->slots_log2 = 6;
		while (mem->slots_log2 < MEM_SLOTS_LOG2 && (1 << mem->slots_log2) < 2 * doc->ntok)
			mem->slots_log2++;
		mem->doc = doc;
		mem->tok = doc->tok;
		mem->text = doc->text;
		memset(&mem->caps, 0, sizeof(mem->caps));
		mem->caps.last_lower = -1;
		mem->caps.lower_at = mem->caps.upper_at = mem->caps.line_at = -1;
	}
	mem->t1 = t1;
}

static inline MemSlot *
mem_slot(NerDocMemory *mem, uint32_t word)
{
	uint32_t	i = said_hash_slot32(word, mem->slots_log2);

	for (;;)
	{
		MemSlot    *m = &mem->slots[i];

		/* one branch: a word new to the document or not is at random */
		if ((m->gen != mem->gen) | (m->word == word))
			return m;
		i = (uint32_t) said_hash_next(i, ((uint32_t) 1 << mem->slots_log2) - 1);
	}
}

static inline int
mem_get(NerDocMemory *mem, uint32_t word)
{
	MemSlot    *m = mem_slot(mem, word);

	return m->gen == mem->gen ? m->cls : 0;
}

/* Out of line: the memory is written for one token in five or so. */
__attribute__((noinline)) void
ner_memory_put(NerDocMemory *mem, const SaidToken *t, int label)
{
	MemSlot    *m = mem_slot(mem, t->hash);

	if (m->gen != mem->gen)
	{
		if (mem->used >= MEM_LIMIT)
			return;
		mem->used++;
		m->gen = mem->gen;
		m->word = t->hash;
	}
	m->cls = (uint8_t) (1 + NER_CLASS(label));
}

void
said_ner_observe(SaidNerContext *ctx, int i, int label)
{
	observe(ctx, i, label);
}

/* ------------------------------------------------------------ features */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* Collapsed shape of a token: X x d and punctuation, runs collapsed. */
uint64_t
ner_token_shape(const SaidDoc *doc, const SaidToken *t)
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

/* A word of the line that is not in capitals, as line_is_caps looks back
 * over the line, and as it looks forward. */
static inline bool
lower_back(const SaidToken *t)
{
	return t->kind == TOK_WORD && !(t->flags & (TF_ALL_UPPER | TF_URL)) &&
		!(t->flags & TF_UPPER_INITIAL && t->b1 - t->b0 == 1);
}

static inline bool
lower_forward(const SaidToken *t)
{
	return t->kind == TOK_WORD && !(t->flags & TF_URL) && !(t->flags & TF_ALL_UPPER);
}

/* A word in capitals of two letters or more. */
static inline bool
upper_word(const SaidToken *t)
{
	return t->kind == TOK_WORD && !(t->flags & TF_URL) && (t->flags & TF_ALL_UPPER) &&
		t->b1 - t->b0 > 1;
}

static inline bool
line_start(const SaidToken *t)
{
	return (t->flags & TF_LINE_START) != 0;
}

/*
 * The first token at or after j that test holds for (doc->ntok if none),
 * kept as *at, the first from *from: asked again from between the two,
 * the answer is known.
 */
static int
first_from(const SaidDoc *doc, int j, int *from, int *at, bool (*test) (const SaidToken *))
{
	int			k;

	if (j >= *from && j <= *at)
		return *at;
	for (k = j; k < doc->ntok && !test(&doc->tok[k]); k++)
		;
	said_work(doc, (uint64_t) (k - j) + 1);
	*from = j;
	*at = k;
	return k;
}

/*
 * Is the line of token j free of lower-case words?  Looking back from j to
 * the line's start (with scan_back, tokens after it) and forward from j to
 * its end, 512 tokens at most each way: false at a lower-case word, else
 * true when a word of two capitals or more is ahead.  The scans' findings
 * are kept in caps for the next j, which is never before this one as the
 * tagger goes through the document; the plain scans answer the others.
 */
static bool
line_is_caps(const SaidDoc *doc, CapsScan *caps, int j, bool scan_back)
{
	int			end,
				k;

	if (j < caps->back_to - 1)
	{
		/* behind what was seen: the scans themselves */
		if (scan_back)
			for (k = j; k > 0 && !line_start(&doc->tok[k]) && j - k < 512; k--)
				if (lower_back(&doc->tok[k]))
					return false;
		for (k = j; k < doc->ntok && k - j < 512; k++)
		{
			if (k > j && line_start(&doc->tok[k]))
				break;
			if (lower_forward(&doc->tok[k]))
				return false;
		}
		said_work(doc, 1024);
		for (int u = j; u < k; u++)
			if (upper_word(&doc->tok[u]))
				return true;
		return false;
	}
	for (; caps->back_to <= j; caps->back_to++)
	{
		const SaidToken *t = &doc->tok[caps->back_to];

		if (line_start(t))
			caps->last_line = caps->back_to;
		if (lower_back(t))
			caps->last_lower = caps->back_to;
		said_work(doc, 1);
	}
	/* the scan back checks the tokens after the line start, not it nor token 0 */
	if (scan_back && caps->last_lower > caps->last_line && caps->last_lower > j - 512)
		return false;
	end = first_from(doc, j + 1, &caps->line_from, &caps->line_at, line_start);
	if (end > j + 512)
		end = j + 512;
	if (first_from(doc, j, &caps->lower_from, &caps->lower_at, lower_forward) < end)
		return false;
	return first_from(doc, j, &caps->upper_from, &caps->upper_at, upper_word) < end;
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
		ctx->caps_val = line_is_caps(ctx->doc, &ctx->memory->caps, ctx->caps_seg, ctx->caps_seg == ctx->t0);
	return ctx->caps_val;
}

/*
 * Multi-word gazetteer phrases.  One begins at a capitalised token that is
 * not inside the phrase before it, so every token that may begin one must
 * be looked at, in order, whether the tagger fills it or not (a phrase
 * whose first word is in no window still covers the words after it):
 * ner_fill_info notes the tokens it fills, said_ner_tag the others that may
 * begin a phrase, each before any later token is filled.  The phrases
 * found before the last are kept, for windows that reach back (by 2 tokens
 * at most) behind a phrase found further on.
 */
__attribute__((noinline)) void
ner_phrase_found_at(SaidNerContext *ctx, int k)
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

/* Token j's place in an older phrase (see phrase_pos_at). */
__attribute__((noinline)) int
ner_phrase_pos_older(const SaidNerContext *ctx, int j, uint32_t *cls)
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

/*
 * The features' view of token j: the word, its classes and flags, and the
 * gazetteer phrase it is in.
 */
void
ner_fill_info(SaidNerContext *ctx, int j, SaidNerTokInfo *info)
{
	const SaidDoc *doc = ctx->doc;
	const SaidToken *t;

	memset(info, 0, sizeof(*info));
	if (j < ctx->t0)
	{
		info->word = NER_BOS_WORD;
		info->shape = NER_BOS_WORD;
		return;
	}
	if (j >= ctx->t1)
	{
		info->word = NER_EOS_WORD;
		info->shape = NER_EOS_WORD;
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

void
said_ner_context_init(SaidNerContext *ctx, const SaidDoc *doc, int t0, int t1)
{
	/* every field but info, which cur = -1 has filled before it is read:
	 * zeroing its 160 bytes per sentence was a rep stos */
	ctx->model = &ner_state.model;
	ctx->memory = ner_state.memory;
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
	mem_begin(ctx->memory, doc, t0, t1);
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
#define D_EVIDENCE 321			/* contexts elsewhere in the document: 0 n/a, else 1 + bits: 17 */

uint64_t
said_ner_dense_key(int d)
{
	return fk1(63, (uint64_t) d);
}

/* The keys of ROLE_SELF (w is a token of the sentence, not an edge). */
int
ner_self_keys(const SaidNerTokInfo *w, const SaidDoc *doc, const NerClusterSlot *c, uint64_t *keys)
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
	/* the word's cluster (c: ner_cluster_of(w->word)), at four depths of the tree, and with its case */
	{
		if (c)
		{
			keys[n++] = fk1(40, ner_cluster_prefix(c, 4));
			keys[n++] = fk1(41, ner_cluster_prefix(c, 6));
			keys[n++] = fk1(42, ner_cluster_prefix(c, 9));
			keys[n++] = fk2(43, ner_cluster_prefix(c, 32), case_bits(w) & (TF_UPPER_INITIAL | TF_ALL_UPPER));
		}
		else
			keys[n++] = fk1(44, case_bits(w) & (TF_UPPER_INITIAL | TF_ALL_UPPER));
	}
	/* one feature per lexicon class of the word */
	for (uint32_t bits = w->lex; bits && n < NER_MAX_WORD_KEYS; bits &= bits - 1)
		keys[n++] = fk2(18, bits & -bits, case_bits(w) & (TF_UPPER_INITIAL | TF_ALL_UPPER));
	return n;
}

/*
 * The features that relate tokens of the window (w[0..4]: i-2 .. i+2, the
 * shapes of w[1..3] computed), the position, the previous labels and the
 * document: keys, and the dense features (*ndense of them).  With
 * shape_pairs, also those of prev1_shape_keys and next1_shape_keys, which
 * said_ner_tag takes from its cache instead.
 */
int
ner_context_keys(SaidNerContext *ctx, const SaidNerTokInfo *const *w, int i, int prev1,
				 int prev2, bool shape_pairs, uint64_t *keys, uint16_t *dense, int *ndense)
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
		int			m = mem_get(ctx->memory, (uint32_t) w[2]->word);
		int			nd = 0;

		dense[nd++] = (uint16_t) (D_LABELS + prev2 * 9 + prev1);
		dense[nd++] = (uint16_t) (D_MEM + m * 36 + (caps * 2 + (i == ctx->t0)) * 9 + prev1);
		dense[nd++] = (uint16_t) (D_NEXT + ((w[3]->flags & TF_UPPER_INITIAL) ?
											1 + mem_get(ctx->memory, (uint32_t) w[3]->word) : 0));
		if ((w[2]->flags & TF_UPPER_INITIAL) && w[2]->kind == TOK_WORD)
		{
			int			seen = bloom_has(ctx->memory->lower, (uint32_t) w[2]->word) * 2 +
				bloom_has(ctx->memory->capmid, (uint32_t) w[2]->word);
			int			where = caps * 2 + (i == ctx->t0 || (w[2]->flags & TF_LINE_START) ||
											w[1]->kind == TOK_PUNCT || w[1]->kind == TOK_QUOTE);

			int			ev = 0;

			dense[nd++] = (uint16_t) (D_SEEN + 1 + seen * 4 + where);
			for (int e = 0; e < NEVIDENCE; e++)
				ev |= bloom_has(ctx->memory->evidence[e], (uint32_t) w[2]->word) << e;
			dense[nd++] = (uint16_t) (D_EVIDENCE + 1 + ev);
		}
		else
		{
			dense[nd++] = D_SEEN;
			dense[nd++] = D_EVIDENCE;
		}
		*ndense = nd;
	}
	return n;
}

/* Can token t begin an entity (ner.h)?  (Else, after an O, it is O unscored.) */
bool
said_ner_may_begin(const SaidToken *t)
{
	return may_begin(&ner_state.model, t, 0);
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
		ner_fill_info(ctx, i + 2, &info[4]);
	}
	else
		for (int k = 0; k < 5; k++)
			ner_fill_info(ctx, i - 2 + k, &info[k]);
	ctx->cur = i;

	if (!may_begin(ctx->model, &ctx->doc->tok[i], info[2].phrase_pos) &&
		(prev1 == NER_O || !may_continue(ctx->model, &ctx->doc->tok[i])))
		return -1;
	for (int k = 1; k <= 3; k++)
		if (info[k].shape == 0)
			info[k].shape = ner_token_shape(ctx->doc, &ctx->doc->tok[info[k].tok]);

	n += neighbour_keys(w[0], ROLE_PREV2, NULL, keys + n);
	n += neighbour_keys(w[1], ROLE_PREV1, ner_cluster_of(w[1]->word), keys + n);
	n += neighbour_keys(w[3], ROLE_NEXT1, ner_cluster_of(w[3]->word), keys + n);
	n += neighbour_keys(w[4], ROLE_NEXT2, NULL, keys + n);
	n += self_label_keys(w[2], prev1, keys + n);
	n += ner_context_keys(ctx, w, i, prev1, prev2, true, keys + n, dense, ndense);
	return n;
}

int
said_ner_word_keys(SaidNerContext *ctx, int i, uint64_t *keys)
{
	return ner_self_keys(&ctx->info[2], ctx->doc, ner_cluster_of(ctx->info[2].word), keys);
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

