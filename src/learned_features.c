/*
 * learned_features.c -- candidates and features of the learned attribution
 * stage (learned.h), the same code for the extension (learned.c) and for
 * its trainer (tools/train_attr.c).
 *
 * Every feature is a 64-bit key made of a template number and one to three
 * values (word hashes, token classes, distance buckets, flags); a model is a
 * weight per key, and a score the sum of the weights of a candidate's keys.
 * Windows are bounded (the cue's sentence, LIM_LEARNED_SPAN tokens; rules.h), so the
 * stage stays linear in the document.
 */
#include "said.h"
#include "learned.h"
#include "lexicon.h"
#include "tokens.h"
#include "rules.h"
#include "word_classes.h"

#include <string.h>

/* ------------------------------------------------------------ features */

/*
 * Template numbers: the model's parts share one table, each its own range.
 * A template whose values are all small (classes, buckets, flags) is
 * "dense": its weights are unpacked at load into an array indexed by its
 * values (dense_domain gives their ranges), so that scoring it costs one
 * read; the others are looked up in the hashed table.
 */
enum
{
	/* cue */
	F_CUE_BIAS = 1,
	F_CUE_WORD,
	F_CUE_SUFFIX,
	F_CUE_LEX,
	F_CUE_PREV_WORD,
	F_CUE_NEXT_WORD,
	F_CUE_PREV_CLS,
	F_CUE_NEXT_CLS,
	F_CUE_PREV2_CLS,
	F_CUE_NEXT2_CLS,
	F_CUE_WORD_PREV_CLS,
	F_CUE_WORD_NEXT_CLS,
	F_CUE_RULE,
	F_CUE_SPAN,
	F_CUE_POS,
	F_CUE_QUOTE,
	F_CUE_SUBJECT,
	F_CUE_CLS_PAIR,
	F_CUE_CLAUSE,
	F_CUE_SOURCE,
	F_CUE_NESTED,
	F_CUE_SENT,
	/* content start */
	F_ST_CLS = 40,
	F_ST_WORD,
	F_ST_PREV_WORD,
	F_ST_CUE_DIST,
	/* content end */
	F_EN_CLS = 60,
	F_EN_NEXT_WORD,
	F_EN_LAST_WORD,
	F_EN_REST,
	F_EN_CUE_DIST,
	F_EN_CUE_AHEAD,
	/* content as a whole */
	F_SP_LEN = 80,
	F_SP_SIDE_CUE,
	F_SP_INSIDE,
	/* source */
	F_SR_HOW_DIST = 100,
	F_SR_HEAD_WORD,
	F_SR_HEAD_CLS,
	F_SR_BETWEEN,
	F_SR_CUE_HOW,
	F_SR_SIDES,
	F_SR_RULE,
	F_SR_BEFORE_WORD,
	F_SR_AFTER_WORD,
	F_SR_FIRST,
	F_SR_NONE_CUE,
	F_SR_NONE_PREV,
	F_SR_ADJACENT,
	F_SR_TYPE_CUE,
	F_SR_PARA,
	F_SR_LEN,
	F_NTEMPLATES
};

/* Ranges of small values: classes (and the two outside markers), buckets, sides. */
#define CLS_N	(AC_NCLASSES + 2)
#define BKT_N	30
#define SIDE_N	ATTR_NSIDES
#define HOW_N	ASRC_NKINDS

/* The dense templates and the ranges of their three values. */
#define DENSE_TEMPLATES(X) \
	X(F_CUE_BIAS, 1, 1, 1) \
	X(F_CUE_LEX, 128, 1, 1) \
	X(F_CUE_PREV_CLS, CLS_N, 1, 1) \
	X(F_CUE_NEXT_CLS, CLS_N, 1, 1) \
	X(F_CUE_PREV2_CLS, CLS_N, 1, 1) \
	X(F_CUE_NEXT2_CLS, CLS_N, 1, 1) \
	X(F_CUE_SPAN, 16, 5, 1) \
	X(F_CUE_POS, BKT_N, BKT_N, 1) \
	X(F_CUE_QUOTE, 2, 2, 1) \
	X(F_CUE_SUBJECT, CLS_N, BKT_N, 1) \
	X(F_CUE_CLS_PAIR, CLS_N, CLS_N, 1) \
	X(F_CUE_CLAUSE, 32, 1, 1) \
	X(F_CUE_NESTED, 2, 2, 1) \
	X(F_CUE_SENT, CLS_N, BKT_N, 1) \
	X(F_ST_CLS, SIDE_N, CLS_N, CLS_N) \
	X(F_EN_CLS, SIDE_N, CLS_N, CLS_N) \
	X(F_EN_REST, SIDE_N, BKT_N, CLS_N) \
	X(F_EN_CUE_AHEAD, SIDE_N, 2, CLS_N) \
	X(F_SP_LEN, SIDE_N, BKT_N, 1) \
	X(F_SP_INSIDE, SIDE_N, 64, 1) \
	X(F_SR_HOW_DIST, HOW_N, 2, BKT_N) \
	X(F_SR_HEAD_CLS, HOW_N, CLS_N, 2) \
	X(F_SR_BETWEEN, 2, 128, BKT_N) \
	X(F_SR_SIDES, HOW_N, SIDE_N, 3) \
	X(F_SR_RULE, HOW_N, 2, 1) \
	X(F_SR_FIRST, HOW_N, 2, 2) \
	X(F_SR_ADJACENT, HOW_N, 2, 2) \
	X(F_SR_PARA, 2, 2, 1) \
	X(F_SR_LEN, HOW_N, BKT_N, 1)

/* the ranges of the second and third values, for PUTD */
enum
{
#define DENSE_RANGES(t, a, b, c) DENSE_NA_##t = (a), DENSE_NB_##t = (b), DENSE_NC_##t = (c),
	DENSE_TEMPLATES(DENSE_RANGES)
#undef DENSE_RANGES
};

/* DB_t: the first index of template t's dense weights */
enum
{
#define DENSE_BASE(t, a, b, c) DB_##t, DL_##t = DB_##t + (a) * (b) * (c) - 1,
	DENSE_TEMPLATES(DENSE_BASE)
#undef DENSE_BASE
	DENSE_TOTAL
};

static const struct
{
	uint8_t		tmpl;
	uint16_t	na,
				nb,
				nc;
	int32_t		base;
}			dense_domain[] = {
#define DENSE_ROW(t, a, b, c) {t, a, b, c, DB_##t},
	DENSE_TEMPLATES(DENSE_ROW)
#undef DENSE_ROW
};

#define NDENSE_TEMPLATES ((int) (sizeof(dense_domain) / sizeof(dense_domain[0])))

static inline uint64_t
key3(unsigned tmpl, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t	h = said_fold_mix(a ^ ((uint64_t) tmpl * 0x9e3779b97f4a7c15ULL), 0xd6e8feb86659fd93ULL ^ b);

	h = said_fold_mix(h ^ c, 0xa0761d6478bd642fULL);
	return h ? h : 1;
}

/* Features being gathered: keys (for the trainer and the hashed table), dense indices. */
typedef struct Feats
{
	SaidLearnedFeat *f;
	int			n;
	bool		keys;			/* keys for dense features too (the trainer's) */
} Feats;

/* A hashed feature. */
static inline void
put(Feats *fb, unsigned tmpl, uint64_t a, uint64_t b, uint64_t c)
{
	SaidLearnedFeat *f = &fb->f[fb->n++];

	f->dense = -1;
	f->key = key3(tmpl, a, b, c);
}

long		said_learned_range_errors;

static inline bool
in_ranges(uint64_t a, uint64_t b, uint64_t c, uint64_t na, uint64_t nb, uint64_t nc)
{
	return a < na && b < nb && c < nc;
}

/*
 * A dense feature: its index from the template's ranges (known when
 * compiled).  Where keys are made (the trainer, the tests), the values are
 * checked against the ranges: one out of them would read another
 * feature's weight in the extension.
 */
static inline void
put_dense(Feats *fb, unsigned tmpl, int32_t index, uint64_t a, uint64_t b, uint64_t c,
		  uint64_t na, uint64_t nb, uint64_t nc)
{
	SaidLearnedFeat *f = &fb->f[fb->n++];

	f->dense = index;
	f->key = 0;
	if (fb->keys)
	{
		f->key = key3(tmpl, a, b, c);
		said_learned_range_errors += !in_ranges(a, b, c, na, nb, nc);
	}
}

#define PUTD(fb, t, a, b, c) \
	put_dense((fb), (t), DB_##t + (int32_t) ((((uint64_t) (a)) * DENSE_NB_##t + (uint64_t) (b)) * DENSE_NC_##t + \
											 (uint64_t) (c)), (a), (b), (c), \
			  DENSE_NA_##t, DENSE_NB_##t, DENSE_NC_##t)

int
said_learned_dense_size(void)
{
	return DENSE_TOTAL;
}

void
said_learned_fill_dense(float *dense, float (*lookup) (uint64_t key))
{
	for (int i = 0; i < NDENSE_TEMPLATES; i++)
	{
		int			t = dense_domain[i].tmpl;

		for (uint64_t a = 0; a < dense_domain[i].na; a++)
			for (uint64_t b = 0; b < dense_domain[i].nb; b++)
				for (uint64_t c = 0; c < dense_domain[i].nc; c++)
					dense[dense_domain[i].base + (a * dense_domain[i].nb + b) * dense_domain[i].nc + c] =
						lookup(key3(t, a, b, c));
	}
}

/* Sentinels for words outside the window. */
#define W_OUT	0x4f55545f574f5244ULL
#define W_NUM	0x4e554d4245525f5fULL
#define W_QOPEN	0x514f50454e5f5f5fULL
#define W_QCLOSE 0x51434c4f53455f5fULL

/* ------------------------------------------------------------ tokens */

static bool
is_dash_token(const SaidDoc *doc, int t)
{
	const SaidToken *tk = &doc->tok[t];
	const unsigned char *c = (const unsigned char *) doc->text + tk->b0;

	if (tk->b1 - tk->b0 == 1)
		return c[0] == '-';
	return tk->b1 - tk->b0 == 3 && c[0] == 0xE2 && c[1] == 0x80 && c[2] >= 0x93 && c[2] <= 0x95;
}

/* The lexicon classes that give a word outside a mention a class of its own. */
#define CLASS_LEX (LX_PRON_REL | LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER | \
				   LX_PRON_FIRST | LX_DETERMINER | LX_CUE_VERB | LX_CUE_NOUN | LX_TITLE | LX_PERSON_NOUN | \
				   LX_GROUP_NOUN | LX_ORG_NOUN | LX_SENT_ADVERB | LX_CALENDAR | LX_FUNCTION)

/* The classes at which clauses meet (prepare_sentence), a bit each. */
#define CLAUSE_EDGE_CLASSES \
	((1u << AC_COMMA) | (1u << AC_STOP) | (1u << AC_COLON) | (1u << AC_SEMI) | (1u << AC_DASH) | \
	 (1u << AC_PAREN) | (1u << AC_PUNCT) | (1u << AC_QOPEN) | (1u << AC_QCLOSE) | (1u << AC_REL) | \
	 (1u << AC_CUE) | (1u << AC_SYMBOL))

static uint8_t
token_class(const SaidDoc *doc, int t)
{
	const SaidToken *k = &doc->tok[t];
	uint32_t	lex = k->lex;

	/* "US", "IT" in capitals outside a headline in capitals are names, not pronouns */
	if ((k->flags & TF_ALL_UPPER) && k->b1 - k->b0 >= 2 && !(k->flags & TF_TITLE_CASE_LINE))
		lex &= ~(uint32_t) (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST);
	switch (k->kind)
	{
		case TOK_NUMBER:
			return AC_NUMBER;
		case TOK_SYMBOL:
			return AC_SYMBOL;
		case TOK_QUOTE:
			if (k->region >= 0 && doc->region[k->region].open_tok == t)
				return AC_QOPEN;
			if (k->region >= 0 || (k->qmark & QM_CLOSE_FORM))
				return AC_QCLOSE;
			return AC_PUNCT;
		case TOK_PUNCT:
			if (k->b1 - k->b0 == 1)
				switch (doc->text[k->b0])
				{
					case ',':
						return AC_COMMA;
					case '.':
					case '!':
					case '?':
						return AC_STOP;
					case ':':
						return AC_COLON;
					case ';':
						return AC_SEMI;
					case '(':
					case ')':
					case '[':
					case ']':
						return AC_PAREN;
				}
			return is_dash_token(doc, t) ? AC_DASH : AC_PUNCT;
		default:
			break;
	}
	/* most words: of none of the classes below, outside any mention */
	if (k->mention < 0 && !(lex & CLASS_LEX))
		return !(k->flags & TF_UPPER_INITIAL) ? AC_WORD : (k->flags & TF_SENT_START) ? AC_CAP_START : AC_CAP;
	if (k->mention >= 0)
		switch (doc->mention[k->mention].type)
		{
			case ENT_PERSON:
				return AC_PER;
			case ENT_ORGANIZATION:
				return AC_ORG;
			case ENT_LOCATION:
				return AC_LOC;
			case ENT_NATIONALITY:
				return AC_NAT;
			case ENT_GROUP:
				return AC_GROUP_NOUN;
		}
	if (lex & LX_PRON_REL)
		return AC_REL;
	if (lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST))
		return (lex & LX_DETERMINER) ? AC_POSS : AC_PRON;
	if (lex & LX_DETERMINER)
		return AC_DET;
	if (lex & LX_CUE_VERB)
		return AC_CUE;
	if (lex & LX_CUE_NOUN)
		return AC_CUE_NOUN;
	if (lex & LX_TITLE)
		return AC_TITLE;
	if (lex & LX_PERSON_NOUN)
		return AC_PERSON_NOUN;
	if (lex & LX_GROUP_NOUN)
		return AC_GROUP_NOUN;
	if (lex & LX_ORG_NOUN)
		return AC_ORG_NOUN;
	if (lex & LX_SENT_ADVERB)
		return AC_ADVERB;
	if (lex & LX_CALENDAR)
		return AC_CALENDAR;
	if (lex & LX_FUNCTION)
		return AC_FUNC;
	if (k->flags & TF_UPPER_INITIAL)
		return (k->flags & TF_SENT_START) ? AC_CAP_START : AC_CAP;
	return AC_WORD;
}

/* The word key of token t: its folded hash, a class for numbers and marks. */
static inline uint64_t
wkey(const SaidLearnedDoc *ad, int t)
{
	const SaidDoc *doc = ad->doc;

	if (t < 0 || t >= doc->ntok)
		return W_OUT;
	if (__builtin_expect(doc->tok[t].kind == TOK_WORD, 1))
		return doc->tok[t].hash;
	switch (doc->tok[t].kind)
	{
		case TOK_NUMBER:
			return W_NUM;
		case TOK_QUOTE:
			return ad->cls[t] == AC_QOPEN ? W_QOPEN : W_QCLOSE;
		default:
			return doc->tok[t].hash;
	}
}

/* The class of token t, AC_NCLASSES outside the document. */
static inline uint64_t
ckey(const SaidLearnedDoc *ad, int t)
{
	return t < 0 || t >= ad->doc->ntok ? AC_NCLASSES : ad->cls[t];
}

/* The same, and AC_NCLASSES + 1 outside [lo, hi). */
static inline uint64_t
ckey_in(const SaidLearnedDoc *ad, int t, int lo, int hi)
{
	return t < lo || t >= hi ? AC_NCLASSES + 1 : ad->cls[t];
}

static inline uint64_t
wkey_in(const SaidLearnedDoc *ad, int t, int lo, int hi)
{
	return t < lo || t >= hi ? W_OUT : wkey(ad, t);
}

/* Distances in buckets: 0 1 2 3 4 5-6 7-9 10-14 15-24 25+ */
static const uint8_t bucket_of[25] = {0, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};

static inline uint64_t
bucket(int d)
{
	if (d < 0)
		return 20 + (-d < 25 ? bucket_of[-d] : 9);
	return d < 25 ? bucket_of[d] : 9;
}

/* The last three letters of a word, folded ("-ing", "-ted"). */
static uint64_t
suffix_key(const SaidDoc *doc, int t)
{
	const SaidToken *k = &doc->tok[t];
	uint32_t	n = k->b1 - k->b0;
	uint32_t	from = n > 3 ? k->b1 - 3 : k->b0;

	if (k->kind != TOK_WORD)
		return 0;
	return said_fold_hash(doc->text + from, k->b1 - from) + 7;
}

static inline bool
is_wordish(const SaidDoc *doc, int t)
{
	return doc->tok[t].kind == TOK_WORD || doc->tok[t].kind == TOK_NUMBER;
}

/* ------------------------------------------------------------ word classes */

/* The AW_* bits of word classes (learned.h), from data/word_classes.tsv. */
static inline uint8_t
aw_of_classes(uint64_t wc)
{
	return ((wc & WORD_AUXILIARY) ? AW_AUX : 0) | ((wc & WORD_INFINITIVE) ? AW_TO : 0) |
		((wc & WORD_CLAUSE_EDGE) ? AW_JOIN : 0) | ((wc & WORD_SPEAKER_POSTMOD) ? AW_POSTMOD : 0) |
		((wc & WORD_ACTING_VERB) ? AW_ACTING : 0) | ((wc & WORD_QUANTIFIER) ? AW_QUANT : 0);
}

/*
 * The filter (hashtab.h) of the words of an AW_* class (a few hundred):
 * the stage asks for every word of a candidate's sentence.  Built from the
 * table said_init loaded, again if it is another.  1 kB (3 % of other
 * words pass and probe the table): at 8 kB they left the cache between
 * documents, and most of their lines were fetched again per document.
 */
#define AW_FILTER_LOG2 7
static uint64_t aw_bits[1 << AW_FILTER_LOG2];
static const SaidWordClassEntry *aw_bits_of;

static void
aw_bits_build(void)
{
	const SaidWordClassTable *wt = &said_word_class_table;

	memset(aw_bits, 0, sizeof(aw_bits));
	for (uint64_t i = 0; i < ((uint64_t) 1 << wt->bits); i++)
		if (wt->slots[i].key != 0 && aw_of_classes(wt->slots[i].classes))
			said_filter_set(aw_bits, AW_FILTER_LOG2, wt->slots[i].key);
	aw_bits_of = wt->slots;
}

void
said_learned_word_bits_prepare(void)
{
	if (aw_bits_of != said_word_class_table.slots)
		aw_bits_build();
}

/* The AW_* bits of a word. */
static inline uint8_t
word_flags(uint64_t hash)
{
	if (!said_filter_has(aw_bits, AW_FILTER_LOG2, hash))
		return 0;
	return aw_of_classes(said_word_classes(hash));
}

/* ------------------------------------------------------------ document */

void
said_learned_tokens_of(const SaidDoc *doc, uint32_t b0, uint32_t b1, int *t0, int *t1)
{
	*t0 = said_first_token_ending_after(doc, b0);
	*t1 = *t0;
	while (*t1 < doc->ntok && doc->tok[*t1].b0 < b1)
		(*t1)++;
}

void
said_learned_doc_init(SaidLearnedDoc *ad, SaidDoc *doc)
{
	int			n = doc->ntok;

	ad->doc = doc;
	ad->at = NULL;
	said_learned_word_bits_prepare();
	ad->cue_at = said_arena_alloc(doc->arena, sizeof(int32_t) * ((size_t) n + 1));
	memset(ad->cue_at, 0xff, sizeof(int32_t) * ((size_t) n + 1));
	for (int c = 0; c < doc->ncue; c++)
		ad->cue_at[doc->cue[c].t0] = c;
	/* a check after each array a document's tokens long: on 100 MB, each
	 * is a tenth of a second or more of fresh memory to fill */
	said_check_interrupts(doc);
	ad->attr_of_cue = said_arena_alloc(doc->arena, sizeof(int32_t) * ((size_t) doc->ncue + 1));
	memset(ad->attr_of_cue, 0xff, sizeof(int32_t) * ((size_t) doc->ncue + 1));
	ad->direct_at = said_arena_alloc(doc->arena, sizeof(int32_t) * ((size_t) n + 1));
	memset(ad->direct_at, 0xff, sizeof(int32_t) * ((size_t) n + 1));
	said_check_interrupts(doc);
	ad->covered = said_arena_calloc(doc->arena, (size_t) n + 1, 1);
	ad->rule_hash = said_arena_alloc(doc->arena, sizeof(uint64_t) * ((size_t) doc->nattr + 1));
	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];
		int			t0,
					t1;

		if ((i & 4095) == 0)
			said_check_interrupts(doc);
		ad->rule_hash[i] = said_fold_hash(a->rule, strlen(a->rule));
		if (a->cue >= 0)
			ad->attr_of_cue[a->cue] = i;
		if (a->nparts > 0)
		{
			/*
			 * a quote in parts: the parts and their opening marks only; the
			 * narration between them ("“…,” he said, adding that …. “…”")
			 * is left to the reported speech of its own cues
			 */
			for (int g = 0; g < a->nparts; g++)
			{
				int			p0 = g == 0 && a->first_region >= 0 ? doc->region[a->first_region].open_tok :
					(a->parts[2 * g] > 0 ? a->parts[2 * g] - 1 : 0);

				for (int t = p0; t < a->parts[2 * g + 1] && t < n; t++)
				{
					if (a->kind == QK_DIRECT && a->first_region >= 0)
						ad->direct_at[t] = i;
					ad->covered[t] = 1;
				}
			}
			continue;
		}
		if (a->kind == QK_DIRECT && a->first_region >= 0)
		{
			/* the quote and its marks, up to its content's last byte */
			for (int t = doc->region[a->first_region].open_tok; t < n && (int32_t) doc->tok[t].b0 < a->content_b1; t++)
				ad->direct_at[t] = i;
		}
		/* the tokens inside the rules' contents */
		said_learned_tokens_of(doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &t0, &t1);
		if (t1 > t0)
			memset(ad->covered + t0, 1, (size_t) (t1 - t0));
	}
	said_check_interrupts(doc);
	/* the rest per sentence, for the sentences with a candidate (prepare_sentence) */
	ad->cls = said_arena_alloc(doc->arena, (size_t) n + 1);
	ad->wflags = said_arena_alloc(doc->arena, (size_t) n + 1);
	ad->clause_edge = said_arena_alloc(doc->arena, (size_t) n + 1);
	ad->aux = said_arena_alloc(doc->arena, (size_t) n + 1);
	ad->cue_ahead = said_arena_alloc(doc->arena, (size_t) n + 1);
	ad->sums = said_arena_alloc(doc->arena, sizeof(SaidLearnedSums) * ((size_t) n + 1));
	ad->sent_sums = said_arena_alloc(doc->arena, sizeof(SaidLearnedSums) * ((size_t) doc->nsent + 1));
	ad->quoted_sent = said_arena_alloc(doc->arena, (size_t) doc->nsent + 1);
	ad->sent_end = said_arena_alloc(doc->arena, sizeof(int32_t) * ((size_t) doc->nsent + 1));
	ad->sent_ready = said_arena_calloc(doc->arena, (size_t) doc->nsent + 1, 1);
	{
		/* room for the features of one side of a decoder's window (best_span) */
		int			longest = 0;

		for (int s = 0; s < doc->nsent; s++)
			if (doc->sent[s].t1 - doc->sent[s].t0 > longest)
				longest = doc->sent[s].t1 - doc->sent[s].t0;
		if (longest > LIM_LEARNED_SPAN + LIM_LEARNED_START_AFTER)
			longest = LIM_LEARNED_SPAN + LIM_LEARNED_START_AFTER;
		ad->scratch_cap = (2 * longest + 4) * 12 + ATTR_MAX_KEYS;
		ad->scratch = said_arena_alloc(doc->arena, sizeof(SaidLearnedFeat) * (size_t) ad->scratch_cap);
	}
	ad->memo = said_arena_calloc(doc->arena, 1, sizeof(SaidLearnedMemo));
}

/* Where sentence s's content ends: before its final marks. */
static int
sentence_end(const SaidDoc *doc, int s)
{
	int			t0 = doc->sent[s].t0,
				e = doc->sent[s].t1;

	while (e > t0 && !is_wordish(doc, e - 1))
		e--;
	return e;
}

/*
 * The per-token layers of sentence s, once, in two steps.  First what a
 * candidate's cue features read: classes, word classes, the auxiliaries and
 * modals (1) and "to" (2) that tell a clause or an infinitive after a cue;
 * whether it quotes; where its content ends.  Only the sentences of
 * candidate cues are looked at.
 */
static void
prepare_sentence(const SaidLearnedDoc *ad, int s)
{
	const SaidDoc *doc = ad->doc;
	int			t0 = doc->sent[s].t0,
				t1 = doc->sent[s].t1;
	uint8_t		quoted = 0;

	for (int t = t0; t < t1; t++)
	{
		const SaidToken *k = &doc->tok[t];
		uint8_t		c,
					f = 0;

		if (k->kind == TOK_WORD)
		{
			uint32_t	cl = k->lex & CLASS_LEX;

			/*
			 * most words: token_class's answer without its tests, for a
			 * word of no class, a function word, a determiner
			 */
			if (k->mention >= 0)
				c = token_class(doc, t);
			else if (cl == 0)
				c = !(k->flags & TF_UPPER_INITIAL) ? AC_WORD : (k->flags & TF_SENT_START) ? AC_CAP_START : AC_CAP;
			else if (cl == LX_FUNCTION)
				c = AC_FUNC;
			else if (cl == LX_DETERMINER || cl == (LX_DETERMINER | LX_FUNCTION))
				c = AC_DET;
			else
				c = token_class(doc, t);
			f = word_flags(k->hash);
		}
		else
			c = token_class(doc, t);
		ad->cls[t] = c;
		ad->wflags[t] = f;
		ad->aux[t] = (f & AW_TO) ? 2 : (f & AW_AUX) ? 1 : 0;
		quoted |= (k->flags & TF_IN_QUOTE) != 0;
	}
	ad->sent_end[s] = sentence_end(doc, s);
	ad->quoted_sent[s] = quoted;
	ad->sent_ready[s] = 1;
}

/*
 * Then, for the sentences whose contents the decoder looks for (a third of
 * those with a candidate: most candidates fall under the cue threshold, or
 * take the rules' content), where clauses meet (punctuation and quote
 * marks, conjunctions, relative pronouns, "according": 94 % of PolNeAR's
 * contents end before one or at their sentence's end, those before or
 * around their cue start after one or at its start), the running counts a
 * content's inside code is read from, and the cues ahead of each token.
 */
static void
prepare_contents(const SaidLearnedDoc *ad, int s)
{
	const SaidDoc *doc = ad->doc;
	int			t0 = doc->sent[s].t0,
				t1 = doc->sent[s].t1;
	SaidLearnedSums run = {0, 0, 0, 0};
	int			next_cue = INT32_MAX;

	if (!ad->sent_ready[s])
		prepare_sentence(ad, s);
	for (int t = t0; t < t1; t++)
	{
		uint8_t		c = ad->cls[t];

		ad->clause_edge[t] = ((CLAUSE_EDGE_CLASSES >> c) & 1) | ((ad->wflags[t] & AW_JOIN) != 0);
		/* counts of the sentence's tokens before t: a content's are differences */
		ad->sums[t] = run;
		run.comma += c == AC_COMMA;
		run.aux += ad->aux[t] == 1;
		run.quote += (c == AC_QOPEN) - (c == AC_QCLOSE);
		run.cue += c == AC_CUE || c == AC_CUE_NOUN;
	}
	/* the sentence's own (sums[t1] is the next sentence's first token's) */
	ad->sent_sums[s] = run;
	for (int t = t1 - 1; t >= t0; t--)
	{
		/* a cue within the 6 tokens after t: "…, Hackett said" ends a content at t */
		ad->cue_ahead[t] = next_cue - t <= LIM_LEARNED_CUE_AHEAD;
		if (ad->cls[t] == AC_CUE || ad->cue_at[t] >= 0)
			next_cue = t;
	}
	ad->sent_ready[s] = 2;
}

/* The layers of cue c's sentence that contents are decoded with. */
static inline void
need_contents(const SaidLearnedDoc *ad, const SaidLearnedCue *c)
{
	int			s = ad->doc->tok[c->tok].sent;

	if (ad->sent_ready[s] < 2)
		prepare_contents(ad, s);
}

void
said_learned_prepare_all(const SaidLearnedDoc *ad)
{
	for (int s = 0; s < ad->doc->nsent; s++)
		if (ad->sent_ready[s] < 2)
			prepare_contents(ad, s);
}

/* ------------------------------------------------------------ vocabulary */

/*
 * The cue vocabulary: a table of the words' hashes (hashtab.h's, 0 =
 * empty) and their bucket bits (the table, 128 kB, leaves the cache where
 * the bits stay).  Built with the library for its model
 * (said_learned_derived, tables.h), else here.
 */
static uint64_t vocab_space[ATTR_VOCAB_SLOTS];
static uint64_t vocab_bits_space[1 << ATTR_VOCAB_FILTER_LOG2];

const char *
said_learned_set_words(const uint64_t *words, uint32_t n)
{
	if (n > ATTR_MAX_WORDS)
		return "too many cue words";
	memset(vocab_space, 0, sizeof(vocab_space));
	memset(vocab_bits_space, 0, sizeof(vocab_bits_space));
	said_learned_derived.vocab = vocab_space;
	said_learned_derived.vocab_bits = vocab_bits_space;
	for (uint32_t i = 0; i < n; i++)
	{
		if (words[i] == 0)
			return "a cue word hash is 0";
		*SAID_HASH_SLOT(vocab_space, ATTR_VOCAB_BITS, words[i]) = words[i];
		said_filter_set(vocab_bits_space, ATTR_VOCAB_FILTER_LOG2, words[i]);
	}
	return NULL;
}

bool
said_learned_in_vocabulary(uint64_t hash)
{
	const uint64_t *vocab = said_learned_derived.vocab;

	return vocab != NULL && hash != 0 &&
		said_filter_has(said_learned_derived.vocab_bits, ATTR_VOCAB_FILTER_LOG2, hash) &&
		*SAID_HASH_SLOT(vocab, ATTR_VOCAB_BITS, hash) == hash;
}

/* ------------------------------------------------------------ candidates */

SaidLearnedCue *
said_learned_candidates(const SaidLearnedDoc *ad, int *n)
{
	const SaidDoc *doc = ad->doc;
	SaidLearnedCue *out = NULL;
	int			cap = 0;

	*n = 0;
	for (int t = 0; t < doc->ntok; t++)
	{
		const SaidToken *k = &doc->tok[t];
		int			rc = ad->cue_at[t];
		SaidLearnedCue *c;
		int			s;

		if ((t & 4095) == 0)
			said_check_interrupts(doc);
		/*
		 * the rules' cues of words the model never saw as cues (a user's
		 * cue word: said_cue_words) keep the rules' rows
		 */
		if (rc < 0 && (k->kind != TOK_WORD || (k->flags & TF_IN_QUOTE) ||
					   !said_learned_in_vocabulary(k->hash)))
			continue;
		if (rc >= 0 && k->kind == TOK_WORD && !said_learned_in_vocabulary(k->hash))
			continue;
		out = said_grow(doc->arena, out, &cap, *n + 1, sizeof(SaidLearnedCue));
		c = &out[(*n)++];
		c->tok = t;
		c->rule_cue = rc;
		c->rule_attr = rc >= 0 ? ad->attr_of_cue[rc] : -1;
		if (rc >= 0)
		{
			c->t0 = doc->cue[rc].t0;
			c->t1 = doc->cue[rc].t1;
		}
		else
		{
			c->t0 = t;
			c->t1 = t + 1;
			if (word_is(doc, t + 1, "that") && same_sent(doc, t, t + 1))
				c->t1 = t + 2;
		}
		s = k->sent;
		/* the cues of the rules' direct quotes are not decided (said_learned_decide) */
		if (!ad->sent_ready[s] && !(c->rule_attr >= 0 && doc->attr[c->rule_attr].kind == QK_DIRECT))
			prepare_sentence(ad, s);
		c->s0 = doc->sent[s].t0;
		c->s1 = doc->sent[s].t1;
		c->send = ad->sent_ready[s] ? ad->sent_end[s] : sentence_end(doc, s);
		if (c->t1 > c->s1)
			c->t1 = c->s1;
	}
	return out;
}

/* ------------------------------------------------------------ cue keys */

/* The rules' verdict on a cue: none, or the rule of its attribution. */
static uint64_t
rule_key(const SaidLearnedDoc *ad, const SaidLearnedCue *c)
{
	const SaidDoc *doc = ad->doc;

	if (c->rule_attr >= 0)
		return ad->rule_hash[c->rule_attr];
	if (c->rule_cue >= 0)
		return 1 + doc->cue[c->rule_cue].kind;
	return 0;
}

/* The classes of a named or pronoun source (cue_feats), a bit each. */
#define SOURCE_CLASSES \
	((1u << AC_PER) | (1u << AC_ORG) | (1u << AC_PRON) | (1u << AC_PERSON_NOUN) | (1u << AC_GROUP_NOUN) | \
	 (1u << AC_ORG_NOUN) | (1u << AC_NAT))

/* The nearest token before t, past adverbs and auxiliaries, within the sentence. */
static int
subject_slot(const SaidLearnedDoc *ad, int t, int s0)
{
	int			k = t - 1;

	while (k >= s0 && t - k <= LIM_SUBJECT_ADVERBS && ad->cls[k] == AC_ADVERB)
		k--;
	return k;
}

/* The lexicon classes a cue word's features look at, in 7 bits. */
static inline uint64_t
cue_lex(uint32_t lex)
{
	return ((lex & LX_CUE_VERB) ? 1 : 0) | ((lex & LX_CUE_NOUN) ? 2 : 0) | ((lex & LX_CUE_STRONG) ? 4 : 0) |
		((lex & LX_CUE_CLAUSE) ? 8 : 0) | ((lex & LX_CUE_PRESENT) ? 16 : 0) | ((lex & LX_FUNCTION) ? 32 : 0) |
		((lex & LX_TITLE) ? 64 : 0);
}

static void
cue_feats(const SaidLearnedDoc *ad, const SaidLearnedCue *c, Feats *fb)
{
	const SaidDoc *doc = ad->doc;
	int			t = c->tok;
	uint64_t	w = wkey(ad, t);
	uint64_t	prev = ckey_in(ad, t - 1, c->s0, c->s1),
				next = ckey_in(ad, c->t1, c->s0, c->s1),
				next2 = ckey_in(ad, c->t1 + 1, c->s0, c->s1);
	uint64_t	prev_w = wkey_in(ad, t - 1, c->s0, c->s1),
				next_w = wkey_in(ad, c->t1, c->s0, c->s1);
	uint64_t	rule = rule_key(ad, c);
	uint64_t	pos = bucket(t - c->s0);
	int			subj = subject_slot(ad, t, c->s0);
	uint64_t	subj_cls = ckey_in(ad, subj, c->s0, c->s1);
	const SaidToken *k = &doc->tok[t];
	int			span = c->t1 - c->t0;

	PUTD(fb, F_CUE_BIAS, 0, 0, 0);
	put(fb, F_CUE_WORD, w, 0, 0);
	put(fb, F_CUE_SUFFIX, suffix_key(doc, t), 0, 0);
	PUTD(fb, F_CUE_LEX, cue_lex(k->lex), 0, 0);
	put(fb, F_CUE_PREV_WORD, prev_w, 0, 0);
	put(fb, F_CUE_NEXT_WORD, next_w, 0, 0);
	PUTD(fb, F_CUE_PREV_CLS, prev, 0, 0);
	PUTD(fb, F_CUE_NEXT_CLS, next, 0, 0);
	PUTD(fb, F_CUE_PREV2_CLS, ckey_in(ad, t - 2, c->s0, c->s1), 0, 0);
	PUTD(fb, F_CUE_NEXT2_CLS, next2, 0, 0);
	put(fb, F_CUE_WORD_PREV_CLS, w, prev, 0);
	put(fb, F_CUE_WORD_NEXT_CLS, w, next, 0);
	put(fb, F_CUE_RULE, rule, 0, 0);
	PUTD(fb, F_CUE_SPAN, (uint64_t) (span < 15 ? span : 15), c->rule_cue >= 0 ? doc->cue[c->rule_cue].kind : 0, 0);
	PUTD(fb, F_CUE_POS, pos, bucket(c->send - c->t1), 0);
	PUTD(fb, F_CUE_QUOTE, (k->flags & TF_IN_QUOTE) != 0, ad->direct_at[t] >= 0, 0);
	PUTD(fb, F_CUE_SUBJECT, subj_cls, bucket(t - subj), 0);
	PUTD(fb, F_CUE_CLS_PAIR, prev, next, 0);
	{
		/* a clause after the cue: where its first auxiliary or modal is, or "to" */
		int			aux = -1;
		uint64_t	clause;

		for (int j = c->t1; j < c->send && j < c->t1 + LIM_LEARNED_CLAUSE_AHEAD && aux < 0; j++)
			if (ad->aux[j])
				aux = j;
		clause = aux < 0 ? 0 : (uint64_t) (1 + (aux - c->t1 < 4 ? aux - c->t1 : 4)) * 4 + ad->aux[aux];
		PUTD(fb, F_CUE_CLAUSE, clause, 0, 0);
	}
	{
		/* the nearest named or pronoun source before the cue in its sentence */
		int			j = t - 1;

		while (j >= c->s0 && t - j <= LIM_LEARNED_SOURCE_BACK && !((SOURCE_CLASSES >> ad->cls[j]) & 1))
			j--;
		put(fb, F_CUE_SOURCE, j >= c->s0 && t - j <= LIM_LEARNED_SOURCE_BACK ? ad->cls[j] : 0,
			j >= c->s0 && t - j <= LIM_LEARNED_SOURCE_BACK ? bucket(t - j) : 99, w);
	}
	PUTD(fb, F_CUE_NESTED, ad->covered[t], ad->quoted_sent[k->sent], 0);
	PUTD(fb, F_CUE_SENT, ckey(ad, c->s0), bucket(c->s1 - c->s0), 0);
}

int
said_learned_cue_keys(const SaidLearnedDoc *ad, const SaidLearnedCue *c, SaidLearnedFeat *f)
{
	Feats		fb = {f, 0, true};

	cue_feats(ad, c, &fb);
	return fb.n;
}

float
said_learned_cue_score(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedWeights *w)
{
	SaidLearnedFeat f[ATTR_MAX_KEYS];
	Feats		fb = {f, 0, !w->dense};

	cue_feats(ad, c, &fb);
	if (w->prefetch)
		w->prefetch(w->ctx, f, fb.n);
	return w->score(w->ctx, f, fb.n);
}

/* ------------------------------------------------------------ content */

/*
 * The rules' content of cue c as a span after or before it, its words
 * only: true when they gave the cue one.  On PolNeAR, where they did, its
 * side is the gold's 95 % of the time, and the decoder's spans were no
 * closer to the gold than theirs (exact 544 against 523 of 682 dev
 * contents, overlap >= 0.5 609 against 615): the stage takes theirs.
 */
bool
said_learned_rule_span(const SaidLearnedDoc *ad, const SaidLearnedCue *c, SaidLearnedSpan *sp)
{
	const SaidDoc *doc = ad->doc;
	const SaidAttribution *a;
	int			t0,
				t1;

	if (c->rule_attr < 0)
		return false;
	a = &doc->attr[c->rule_attr];
	said_learned_tokens_of(doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &t0, &t1);
	while (t0 < t1 && !is_wordish(doc, t0))
		t0++;
	while (t1 > t0 && !is_wordish(doc, t1 - 1))
		t1--;
	if (t0 >= t1 || a->nparts > 0)
		return false;
	sp->t0 = t0;
	sp->t1 = t1;
	sp->gap0 = sp->gap1 = -1;
	sp->side = t0 >= c->t1 ? ATTR_AFTER : t1 <= c->t0 ? ATTR_BEFORE : -1;
	return sp->side >= 0;
}

/* Where a content starts and ends for this cue word: per side and distance
 * bucket (start_dist, end_dist), so that the decoder asks once per bucket. */
static inline uint64_t
start_dist(const SaidLearnedCue *c, int side, int s)
{
	return side == ATTR_AFTER ? bucket(s - c->t1) : bucket(s - c->s0);
}

static inline uint64_t
end_dist(const SaidLearnedCue *c, int side, int e)
{
	return side == ATTR_BEFORE ? bucket(c->t0 - e) : bucket(c->send - e);
}

static void
start_feats(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int side, int s, Feats *fb)
{
	uint64_t	sd = (uint64_t) side;
	uint64_t	pc = ckey_in(ad, s - 1, c->s0, c->s1);
	uint64_t	pw = wkey_in(ad, s - 1, c->s0, c->s1);

	PUTD(fb, F_ST_CLS, sd, pc, ckey(ad, s));
	put(fb, F_ST_WORD, sd, wkey(ad, s), 0);
	put(fb, F_ST_PREV_WORD, sd, pw, 0);
}

static void
end_feats(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int side, int e, Feats *fb)
{
	uint64_t	sd = (uint64_t) side;
	uint64_t	nc = ckey_in(ad, e, c->s0, c->s1);
	uint64_t	nw = wkey_in(ad, e, c->s0, c->s1);
	uint64_t	dist = end_dist(c, side, e);

	PUTD(fb, F_EN_CLS, sd, ckey(ad, e - 1), nc);
	put(fb, F_EN_NEXT_WORD, sd, nw, 0);
	put(fb, F_EN_LAST_WORD, sd, wkey(ad, e - 1), 0);
	PUTD(fb, F_EN_REST, sd, dist, nc);
	PUTD(fb, F_EN_CUE_AHEAD, sd, e < c->s1 && ad->cue_ahead[e], nc);
}

static void
cue_dist_feats(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int side, bool start, uint64_t dist, Feats *fb)
{
	put(fb, start ? F_ST_CUE_DIST : F_EN_CUE_DIST, (uint64_t) side, wkey(ad, c->tok), dist);
}

static inline uint64_t
length_bucket(int len)
{
	return bucket(len);
}

/* The features of a content's length. */
static void
length_feats(int side, int len, Feats *fb)
{
	PUTD(fb, F_SP_LEN, (uint64_t) side, length_bucket(len), 0);
}

/* The features of a side whatever the content's bounds. */
static void
side_feats(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int side, Feats *fb)
{
	put(fb, F_SP_SIDE_CUE, (uint64_t) side, wkey(ad, c->tok), ckey_in(ad, c->t1, c->s0, c->s1));
}

/*
 * What a content holds, as a small code: commas (0-3), an auxiliary or
 * modal (a clause), quote marks that open or close without their pair, a
 * cue word -- from the running sums of its sentence (prepare_sentence), so
 * in constant time; an interrupting narration [gap0, gap1) left out.
 */

/* The sums before token t of the sentence of c (t up to its end). */
static inline const SaidLearnedSums *
sums_at(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int t)
{
	return t < c->s1 ? &ad->sums[t] : &ad->sent_sums[ad->doc->tok[c->s0].sent];
}

static inline int
inside_code(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int s, int e, int gap0, int gap1)
{
	const SaidLearnedSums *a = sums_at(ad, c, s),
			   *b = sums_at(ad, c, e);
	int			commas = b->comma - a->comma,
				aux = b->aux - a->aux,
				quote = b->quote - a->quote,
				cue = b->cue - a->cue;

	if (gap0 >= 0)
	{
		commas -= ad->sums[gap1].comma - ad->sums[gap0].comma;
		aux -= ad->sums[gap1].aux - ad->sums[gap0].aux;
		cue -= ad->sums[gap1].cue - ad->sums[gap0].cue;
	}
	return (commas > 3 ? 3 : commas) * 16 + (aux > 0) * 8 + (quote != 0) * 4 + (cue > 0) * 2;
}

static void
inside_feats(int side, int code, Feats *fb)
{
	PUTD(fb, F_SP_INSIDE, (uint64_t) side, (uint64_t) code, 0);
}


int
said_learned_span_keys(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedSpan *sp,
					SaidLearnedFeat *f)
{
	Feats		fb = {f, 0, true};

	need_contents(ad, c);
	start_feats(ad, c, sp->side, sp->t0, &fb);
	end_feats(ad, c, sp->side, sp->t1, &fb);
	cue_dist_feats(ad, c, sp->side, true, start_dist(c, sp->side, sp->t0), &fb);
	cue_dist_feats(ad, c, sp->side, false, end_dist(c, sp->side, sp->t1), &fb);
	length_feats(sp->side, sp->t1 - sp->t0, &fb);
	side_feats(ad, c, sp->side, &fb);
	inside_feats(sp->side, inside_code(ad, c, sp->t0, sp->t1, sp->side == ATTR_AROUND ? sp->gap0 : -1,
									   sp->gap1), &fb);
	return fb.n;
}

/*
 * The narration a cue interrupts its content with, ", X said,": from the
 * comma before its speaker (at most 10 tokens before the cue) to the one
 * after the cue (at most 6 tokens after, an adjunct "on Tuesday" between).
 * False when the cue stands otherwise.
 */
bool
said_learned_around_gap(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int *gap0, int *gap1)
{
	int			k = c->t0 - 1,
				j = c->t1;

	while (k > c->s0 && c->t0 - k <= LIM_LEARNED_GAP_BEFORE && ad->cls[k] != AC_COMMA && ad->cls[k] != AC_QCLOSE &&
		   ad->cls[k] != AC_STOP && ad->cls[k] != AC_SEMI)
		k--;
	if (k <= c->s0 || ad->cls[k] != AC_COMMA || k == c->t0 - 1)
		return false;
	while (j < c->send && j - c->t1 < LIM_LEARNED_GAP_AFTER && ad->cls[j] != AC_COMMA && ad->cls[j] != AC_QOPEN &&
		   ad->cls[j] != AC_STOP)
		j++;
	if (j >= c->send - 1 || ad->cls[j] != AC_COMMA)
		return false;
	*gap0 = k;
	*gap1 = j + 1;
	return true;
}

/* The bounds a side's starts and ends may take: [slo, shi) and (elo, ehi]. */
static bool
side_bounds(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int side, int *slo, int *shi,
			int *elo, int *ehi, int *gap0, int *gap1)
{
	*gap0 = *gap1 = -1;
	if (side == ATTR_AFTER)
	{
		/* from the word after the cue's: a hearer may be content ("told his advisers to") */
		*slo = c->tok + 1;
		*shi = c->t1 + LIM_LEARNED_START_AFTER < c->send ? c->t1 + LIM_LEARNED_START_AFTER : c->send;
		*elo = *slo;
		*ehi = c->send < *slo + LIM_LEARNED_SPAN ? c->send : *slo + LIM_LEARNED_SPAN;
	}
	else if (side == ATTR_BEFORE)
	{
		/* the content ends before the speaker: a few words before the cue at most */
		*ehi = c->t0;
		*elo = c->t0 - LIM_LEARNED_END_BEFORE > c->s0 ? c->t0 - LIM_LEARNED_END_BEFORE : c->s0;
		*slo = c->t0 - LIM_LEARNED_SPAN > c->s0 ? c->t0 - LIM_LEARNED_SPAN : c->s0;
		*shi = *ehi;
	}
	else
	{
		if (!said_learned_around_gap(ad, c, gap0, gap1))
			return false;
		/* the first part opens the sentence, give or take a conjunction */
		*slo = c->s0;
		*shi = *gap0 < c->s0 + LIM_LEARNED_START_AFTER ? *gap0 : c->s0 + LIM_LEARNED_START_AFTER;
		*elo = *gap1;
		*ehi = c->send < *gap1 + LIM_LEARNED_SPAN ? c->send : *gap1 + LIM_LEARNED_SPAN;
	}
	return *slo < *shi && *elo < *ehi;
}

/*
 * Where a content may end: at the sentence's end, or before a clause edge
 * (punctuation, a conjunction: ", while …", " and …", " according to …");
 * 94 % of PolNeAR's contents do.  Where one may start: after its cue, at
 * most two words after it or after an edge (97 % of those after their cue);
 * before or around it, at the sentence's start or after an edge.  The
 * decoder looks at these places only.
 */
static inline bool
end_place(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int e)
{
	return e >= c->send || ad->clause_edge[e];
}

static inline bool
start_place(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int side, int s)
{
	/* after the cue: at most two words after it ("said Monday that"), else after an edge */
	if (side == ATTR_AFTER)
		return s - c->t1 <= LIM_LEARNED_START_SLACK || ad->clause_edge[s - 1];
	return s <= c->s0 || ad->clause_edge[s - 1];
}

bool
said_learned_span_allowed(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedSpan *sp)
{
	int			slo,
				shi,
				elo,
				ehi;

	int			gap0,
				gap1;

	need_contents(ad, c);
	if (sp->side < 0 || sp->side >= ATTR_NSIDES ||
		!side_bounds(ad, c, sp->side, &slo, &shi, &elo, &ehi, &gap0, &gap1))
		return false;
	if (sp->side == ATTR_AROUND && (sp->gap0 != gap0 || sp->gap1 != gap1))
		return false;

	return sp->t0 >= slo && sp->t0 < shi && sp->t1 > elo && sp->t1 <= ehi && sp->t0 < sp->t1 &&
		is_wordish(ad->doc, sp->t0) && is_wordish(ad->doc, sp->t1 - 1) &&
		start_place(ad, c, sp->side, sp->t0) && end_place(ad, c, sp->t1);
}

/*
 * The best content of cue c: for each side, the scores of its possible
 * starts and ends (each a sum of features, cue-dependent ones included),
 * then the best pair, with the length and the inside features (a bucket or
 * code's score computed once).  A side's features are gathered first and
 * the model asked to fetch their weights ahead (w->prefetch), then summed.
 */
bool
said_learned_best_span(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedWeights *w,
					SaidLearnedSpan *best, float *score, float *margin)
{
	const SaidDoc *doc = ad->doc;
	SaidLearnedFeat f[ATTR_MAX_KEYS];
	Feats		fb = {f, 0, !w->dense};
	float		side_best[ATTR_NSIDES];
	float		start_score[LIM_LEARNED_SPAN + LIM_LEARNED_START_AFTER];
	float		end_score[LIM_LEARNED_SPAN + 1];
	int32_t		start_seg[LIM_LEARNED_SPAN + LIM_LEARNED_START_AFTER + 1];
	int32_t		end_seg[LIM_LEARNED_SPAN + 2];
	float		len_score[10];
	float		in_score[INSIDE_CODES];
	bool		in_known[INSIDE_CODES];
	int32_t		ends[LIM_LEARNED_SPAN + 1];
	int			nends;
	float		len_weight[10];
	float		top = -1e30f;
	/* scores that depend on the model alone, kept for the document's next cues */
	SaidLearnedMemo *memo = w->dense ? ad->memo : NULL;

	need_contents(ad, c);
	if (memo && memo->ctx != w->ctx)
	{
		memset(memo, 0, sizeof(*memo));
		memo->ctx = w->ctx;
	}
#define SCORE_OF(call) (fb.n = 0, (call), w->score(w->ctx, f, fb.n))
	for (int side = 0; side < ATTR_NSIDES; side++)
	{
		int			slo,
					shi,
					elo,
					ehi,
					gap0,
					gap1;
		float		fixed;
		Feats		all = {ad->scratch, 0, !w->dense};

		side_best[side] = -1e30f;
		if (!side_bounds(ad, c, side, &slo, &shi, &elo, &ehi, &gap0, &gap1))
			continue;
		/* gather: the features of each start and end, start_seg/end_seg their first */
		for (int s = slo; s < shi; s++)
		{
			start_seg[s - slo] = all.n;
			if (is_wordish(doc, s) && start_place(ad, c, side, s) &&
				all.n + ATTR_MAX_KEYS <= ad->scratch_cap)
			{
				start_feats(ad, c, side, s, &all);
				cue_dist_feats(ad, c, side, true, start_dist(c, side, s), &all);
			}
		}
		start_seg[shi - slo] = all.n;
		for (int e = elo + 1; e <= ehi; e++)
		{
			end_seg[e - elo - 1] = all.n;
			if (is_wordish(doc, e - 1) && end_place(ad, c, e) && all.n + ATTR_MAX_KEYS <= ad->scratch_cap)
			{
				end_feats(ad, c, side, e, &all);
				cue_dist_feats(ad, c, side, false, end_dist(c, side, e), &all);
			}
		}
		end_seg[ehi - elo] = all.n;
		if (w->prefetch)
			w->prefetch(w->ctx, all.f, all.n);
		for (int s = slo; s < shi; s++)
			start_score[s - slo] = start_seg[s - slo + 1] > start_seg[s - slo] ?
				w->score(w->ctx, all.f + start_seg[s - slo], start_seg[s - slo + 1] - start_seg[s - slo]) : -1e30f;
		for (int e = elo + 1; e <= ehi; e++)
			end_score[e - elo] = end_seg[e - elo] > end_seg[e - elo - 1] ?
				w->score(w->ctx, all.f + end_seg[e - elo - 1], end_seg[e - elo] - end_seg[e - elo - 1]) : -1e30f;
		fixed = SCORE_OF(side_feats(ad, c, side, &fb));
		/* the length features, once per bucket (per document where the model is fixed) */
		if (!memo || !memo->len_known[side])
			for (int b = 0; b < 10; b++)
			{
				static const int rep[10] = {0, 1, 2, 3, 4, 5, 7, 10, 15, 25};

				len_weight[b] = SCORE_OF(length_feats(side, rep[b], &fb));
			}
		if (memo && !memo->len_known[side])
		{
			memcpy(memo->len[side], len_weight, sizeof(len_weight));
			memo->len_known[side] = true;
		}
		for (int b = 0; b < 10; b++)
			len_score[b] = fixed + (memo ? memo->len[side][b] : len_weight[b]);
		memset(in_known, 0, sizeof(in_known));
		/* the ends that may close a content, in order: few of a side's tokens are */
		nends = 0;
		for (int e = elo + 1; e <= ehi; e++)
			if (end_score[e - elo] > -1e29f)
				ends[nends++] = e;
		for (int s = slo; s < shi; s++)
		{
			int			first = 0;

			if (start_score[s - slo] < -1e29f)
				continue;
			while (first < nends && ends[first] < s + 1)
				first++;
			for (int i = first; i < nends; i++)
			{
				int			e = ends[i];
				float		v;
				int			code;

				code = inside_code(ad, c, s, e, gap0, gap1);
				if (!in_known[code])
				{
					if (memo && memo->in_known[side][code])
						in_score[code] = memo->in[side][code];
					else
					{
						in_score[code] = SCORE_OF(inside_feats(side, code, &fb));
						if (memo)
						{
							memo->in[side][code] = in_score[code];
							memo->in_known[side][code] = true;
						}
					}
					in_known[code] = true;
				}
				v = start_score[s - slo] + end_score[e - elo] + len_score[length_bucket(e - s)] +
					in_score[code];
				if (v > side_best[side])
					side_best[side] = v;
				if (v > top)
				{
					top = v;
					best->side = side;
					best->t0 = s;
					best->t1 = e;
					best->gap0 = gap0;
					best->gap1 = gap1;
				}
			}
		}
	}
#undef SCORE_OF
	if (top < -1e29f)
		return false;
	{
		float		other = -1e30f;

		for (int side = 0; side < ATTR_NSIDES; side++)
			if (side != best->side && side_best[side] > other)
				other = side_best[side];
		*margin = other > -1e29f ? top - other : 10.0f;
	}
	*score = top;
	return true;
}

/* ------------------------------------------------------------ sources */

static bool
is_pronoun_speaker(const SaidLearnedDoc *ad, int t)
{
	return ad->cls[t] == AC_PRON;
}

static bool
is_speaker_noun(const SaidLearnedDoc *ad, int t)
{
	uint8_t		c = ad->cls[t];

	return c == AC_PERSON_NOUN || c == AC_GROUP_NOUN || c == AC_ORG_NOUN || c == AC_TITLE;
}

/* Is token t a modifier a noun phrase may start with or take on its left? */
static bool
np_modifier(const SaidLearnedDoc *ad, int t)
{
	const SaidDoc *doc = ad->doc;

	switch (ad->cls[t])
	{
		case AC_WORD:
		case AC_CAP:
		case AC_NUMBER:
		case AC_TITLE:
		case AC_PERSON_NOUN:
		case AC_GROUP_NOUN:
		case AC_ORG_NOUN:
		case AC_PER:
		case AC_ORG:
		case AC_LOC:
		case AC_NAT:
			return !(doc->tok[t].lex & (LX_CUE_VERB | LX_FUNCTION));
		case AC_CAP_START:
			/* a capitalised word opening the sentence: "Two people familiar with …" */
			return !(doc->tok[t].lex & (LX_CUE_VERB | LX_FUNCTION | LX_SENT_ADVERB | LX_CALENDAR));
		case AC_DASH:
			return doc->tok[t].b1 - doc->tok[t].b0 == 1 && !(doc->tok[t].flags & TF_SPACE_BEFORE);
		default:
			return false;
	}
}

/*
 * The start of the noun phrase whose last modifier-or-head is at t: left
 * over modifiers, names and titles ("Federal Reserve Chair Jerome Powell",
 * "a Pentagon spokeswoman"), to a determiner, a possessive or a number or
 * quantifier ("two", "many"), at most 8 tokens, not past lo.
 */
static int
np_start(const SaidLearnedDoc *ad, int t, int lo)
{
	const SaidDoc *doc = ad->doc;
	int			k = t;

	while (k - 1 >= lo && t - (k - 1) < LIM_LEARNED_NP_TOKENS)
	{
		int			p = k - 1;

		/* a determiner, a possessive, a number or quantifier: "Two people familiar with …" */
		if (ad->cls[p] == AC_DET || ad->cls[p] == AC_POSS || (ad->wflags[p] & AW_QUANT))
		{
			k = p;
			break;
		}
		/* a possessive name: "the ministry's spokesman" */
		if (doc->tok[p].kind == TOK_WORD && (doc->tok[p].flags & TF_APOSTROPHE) && ad->cls[p] != AC_FUNC)
		{
			k = p;
			continue;
		}
		/*
		 * a name's phrase does not take a lower-case word of the cue
		 * vocabulary: "Critics mocked [Boris Johnson]'s"
		 */
		if (!np_modifier(ad, p) || ad->cls[p] == AC_CALENDAR ||
			(doc->tok[t].mention >= 0 && ad->cls[p] == AC_WORD && said_learned_in_vocabulary(doc->tok[p].hash)))
			break;
		/*
		 * nor does any phrase take a past form of the cue vocabulary, a verb
		 * with its subject before it: "Critics mocked …'s assertion"
		 */
		if (ad->cls[p] == AC_WORD && doc->tok[p].b1 - doc->tok[p].b0 > 2 &&
			doc->text[doc->tok[p].b1 - 2] == 'e' && doc->text[doc->tok[p].b1 - 1] == 'd' &&
			said_learned_in_vocabulary(doc->tok[p].hash))
			break;
		k = p;
	}
	/* a capitalised word opening the sentence is part of it only if a name */
	return k;
}

/*
 * Post-modifiers between a noun phrase before the cue and the cue: "familiar
 * with the matter", "for the ministry", "close to him".  The end of the
 * phrase (at most the cue's first token), or t1 when none.
 */
static int
np_post(const SaidLearnedDoc *ad, int t1, int cue0)
{
	int			end = cue0;

	/* adverbs and auxiliaries right before the cue are not the phrase's */
	while (end - 1 >= t1 && ad->cls[end - 1] == AC_ADVERB)
		end--;
	if (end <= t1 || end - t1 > LIM_LEARNED_POSTMOD)
		return t1;
	if (!(ad->wflags[t1] & AW_POSTMOD))
		return t1;
	for (int k = t1; k < end; k++)
	{
		uint8_t		c = ad->cls[k];

		if (c == AC_COMMA || c == AC_STOP || c == AC_QOPEN || c == AC_QCLOSE || c == AC_CALENDAR ||
			c == AC_CUE || c == AC_SEMI || c == AC_COLON || (c == AC_REL && k != t1))
			return t1;
	}
	return end;
}

static int
add_source(SaidLearnedSource *out, int n, int t0, int t1, int head, int mention, int how)
{
	for (int i = 0; i < n; i++)
		if (out[i].t0 == t0 && out[i].t1 == t1)
			return n;
	if (n >= LIM_LEARNED_SOURCES)
		return n;
	out[n].t0 = t0;
	out[n].t1 = t1;
	out[n].head = head;
	out[n].mention = mention;
	out[n].how = (uint8_t) how;
	out[n].rule = 0;
	return n + 1;
}

int
said_learned_sources(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedSpan *sp,
				  SaidLearnedSource *out)
{
	const SaidDoc *doc = ad->doc;
	int			n = 0;
	int			lo = c->t0 - LIM_LEARNED_SOURCE_REACH > c->s0 ? c->t0 - LIM_LEARNED_SOURCE_REACH : c->s0;
	int			hi = c->t1 + LIM_LEARNED_SOURCE_REACH < c->s1 ? c->t1 + LIM_LEARNED_SOURCE_REACH : c->s1;
	int			near;

	n = add_source(out, n, -1, -1, -1, -1, ASRC_NONE);
	/* nearest first, so that the closest survive a crowded sentence */
	for (int d = 1; d <= LIM_LEARNED_SOURCE_REACH && n < LIM_LEARNED_SOURCES - 2 &&
		 (c->t0 - d >= lo || c->t1 - 1 + d < hi); d++)
		for (int dir = 0; dir < 2; dir++)
		{
			int			t = dir == 0 ? c->t0 - d : c->t1 - 1 + d;
			const SaidToken *k;

			if (t < lo || t >= hi || said_learned_in_span(sp, t))
				continue;
			k = &doc->tok[t];
			if (k->flags & TF_IN_QUOTE)
				continue;
			if (k->mention >= 0)
			{
				const SaidMention *m = &doc->mention[k->mention];

				/* once per mention, at its last token */
				if (t != m->t1 - 1 || m->title_t0 < c->s0)
					continue;
				/*
				 * a name before a speaker noun modifies it: "a senior US
				 * official", "a Pentagon spokeswoman" speak, not the US (the
				 * noun's phrase is a candidate of its own, below)
				 */
				if (m->t1 < hi && is_speaker_noun(ad, m->t1) && !(doc->tok[m->t1].lex & LX_FUNCTION))
					continue;
				{
					int			s0 = np_start(ad, m->title_t0, lo);
					int			e = dir == 0 ? np_post(ad, m->t1, c->t0) : m->t1;

					if (e > c->t0 && dir == 0)
						e = m->t1;
					n = add_source(out, n, s0, e, t, k->mention, ASRC_MENTION);
				}
			}
			else if (is_pronoun_speaker(ad, t))
				n = add_source(out, n, t, t + 1, t, -1, ASRC_PRONOUN);
			else if (is_speaker_noun(ad, t) && !(k->lex & LX_FUNCTION) &&
					 !(t + 1 < hi && (is_speaker_noun(ad, t + 1) || ad->cls[t + 1] == AC_PER ||
									  ad->cls[t + 1] == AC_ORG)))
			{
				int			s0 = np_start(ad, t, lo);
				int			e = dir == 0 ? np_post(ad, t + 1, c->t0) : t + 1;

				n = add_source(out, n, s0, e, t, -1, ASRC_NOMINAL);
			}
			else if ((ad->cls[t] == AC_CAP || (ad->cls[t] == AC_CAP_START && !(k->lex & LX_FUNCTION))) &&
					 !(t + 1 < hi && (ad->cls[t + 1] == AC_CAP || ad->cls[t + 1] == AC_PER ||
									  ad->cls[t + 1] == AC_ORG || is_speaker_noun(ad, t + 1))))
			{
				int			s0 = t;

				while (s0 - 1 >= lo && t - s0 < 4 && (ad->cls[s0 - 1] == AC_CAP || ad->cls[s0 - 1] == AC_CAP_START))
					s0--;
				n = add_source(out, n, s0, t + 1, t, -1, ASRC_NAME);
			}
		}
	/* the noun right before the cue, whatever it is: "the report said", "most voters say" */
	near = subject_slot(ad, c->t0, c->s0);
	if (near >= lo && !said_learned_in_span(sp, near) && doc->tok[near].kind != TOK_PUNCT &&
		doc->tok[near].mention < 0 && !(doc->tok[near].flags & TF_IN_QUOTE) &&
		(ad->cls[near] == AC_WORD || ad->cls[near] == AC_NUMBER || ad->cls[near] == AC_CAP_START))
		n = add_source(out, n, np_start(ad, near, lo), near + 1, near, -1, ASRC_PHRASE);
	/* the rules' speaker for this cue */
	if (c->rule_attr >= 0 && doc->attr[c->rule_attr].speaker_t0 >= c->s0 &&
		doc->attr[c->rule_attr].speaker_t1 <= c->s1)
	{
		const SaidAttribution *a = &doc->attr[c->rule_attr];
		bool		seen = false;

		for (int i = 0; i < n; i++)
			if (out[i].t0 >= 0 && out[i].t0 < a->speaker_t1 && a->speaker_t0 < out[i].t1)
			{
				out[i].rule = 1;
				seen = true;
			}
		for (int t = a->speaker_t0; t < a->speaker_t1 && !seen; t++)
			seen = said_learned_in_span(sp, t);
		if (!seen)
		{
			int			before = n;

			n = add_source(out, n, a->speaker_t0, a->speaker_t1, a->speaker_t1 - 1,
						   doc->tok[a->speaker_t1 - 1].mention, ASRC_RULE);
			if (n > before)
				out[n - 1].rule = 1;
		}
	}
	return n;
}

/* Flags of the tokens between a source and the cue. */
static uint64_t
source_between(const SaidLearnedDoc *ad, int from, int to)
{
	int			commas = 0;
	uint64_t	f = 0;

	for (int k = from; k < to; k++)
	{
		uint8_t		c = ad->cls[k];

		if (c == AC_COMMA)
			commas++;
		else if (c == AC_CUE || ad->cue_at[k] >= 0)
			f |= 4;
		else if (c == AC_REL)
			f |= 8;
		else if (c == AC_QOPEN || c == AC_QCLOSE)
			f |= 16;
		else if (c == AC_PER || c == AC_ORG)
			f |= 32;
		else if (c != AC_ADVERB)
			f |= 64;
	}
	return f | (uint64_t) (commas > 2 ? 3 : commas);
}

static void
source_feats(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedSpan *content,
			 const SaidLearnedSource *src, Feats *fb)
{
	const SaidDoc *doc = ad->doc;
	uint64_t	cw = wkey(ad, c->tok);
	uint64_t	how = src->how;

	if (src->how == ASRC_NONE)
	{
		put(fb, F_SR_NONE_CUE, cw, 0, 0);
		put(fb, F_SR_NONE_PREV, wkey_in(ad, c->t0 - 1, c->s0, c->s1), (uint64_t) content->side, 0);
		PUTD(fb, F_SR_SIDES, how, (uint64_t) content->side, 2);
		PUTD(fb, F_SR_RULE, how, c->rule_attr >= 0 && doc->attr[c->rule_attr].speaker_t0 < 0, 0);
		return;
	}
	{
		bool		before = src->t1 <= c->t0;
		uint64_t	side = before ? 0 : 1;
		int			dist = before ? c->t0 - src->t1 : src->t0 - c->t1;
		uint64_t	btw = before ? source_between(ad, src->t1, c->t0) : source_between(ad, c->t1, src->t0);
		uint64_t	type = src->mention >= 0 ? doc->mention[src->mention].type : 0;
		bool		adjacent = before ? subject_slot(ad, c->t0, c->s0) < src->t1 : src->t0 == c->t1;
		bool		first = true;

		/* no candidate-like token between the sentence start and it */
		for (int k = c->s0; k < src->t0 && first; k++)
			if (ad->cls[k] == AC_PER || ad->cls[k] == AC_ORG || ad->cls[k] == AC_PRON ||
				ad->cls[k] == AC_PERSON_NOUN || ad->cls[k] == AC_GROUP_NOUN)
				first = false;
		PUTD(fb, F_SR_HOW_DIST, how, side, bucket(dist));
		put(fb, F_SR_HEAD_WORD, how, wkey(ad, src->head), 0);
		PUTD(fb, F_SR_HEAD_CLS, how, ckey(ad, src->head), side);
		PUTD(fb, F_SR_BETWEEN, side, btw, bucket(dist));
		put(fb, F_SR_CUE_HOW, cw, how, side);
		PUTD(fb, F_SR_SIDES, how, (uint64_t) content->side, side);
		PUTD(fb, F_SR_RULE, how, src->rule, 0);
		put(fb, F_SR_BEFORE_WORD, side, wkey_in(ad, src->t0 - 1, c->s0, c->s1), 0);
		put(fb, F_SR_AFTER_WORD, side, wkey_in(ad, src->t1, c->s0, c->s1), 0);
		PUTD(fb, F_SR_FIRST, how, first, side);
		PUTD(fb, F_SR_ADJACENT, how, adjacent, side);
		put(fb, F_SR_TYPE_CUE, type, cw, side);
		PUTD(fb, F_SR_PARA, side, (doc->tok[src->t0].flags & TF_SENT_START) != 0, 0);
		PUTD(fb, F_SR_LEN, how, bucket(src->t1 - src->t0), 0);
	}
}

int
said_learned_source_keys(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedSpan *content,
					  const SaidLearnedSource *src, SaidLearnedFeat *f)
{
	Feats		fb = {f, 0, true};

	source_feats(ad, c, content, src, &fb);
	return fb.n;
}

int
said_learned_best_source(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedSpan *sp,
					  const SaidLearnedSource *src, int n, const SaidLearnedWeights *w, float *score,
					  float *margin)
{
	SaidLearnedFeat f[ATTR_MAX_KEYS];
	float		best = -1e30f,
				second = -1e30f;
	int			arg = 0;

	for (int i = 0; i < n; i++)
	{
		Feats		fb = {f, 0, !w->dense};
		float		v;

		source_feats(ad, c, sp, &src[i], &fb);
		v = w->score(w->ctx, f, fb.n);
		if (v > best)
		{
			second = best;
			best = v;
			arg = i;
		}
		else if (v > second)
			second = v;
	}
	*margin = n > 1 ? best - second : 10.0f;
	*score = best;
	return arg;
}

/* The class of token t, for the trainer's reports and the tests. */
int
said_learned_class(const SaidLearnedDoc *ad, int t)
{
	return ad->cls[t];
}
