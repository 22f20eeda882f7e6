/*
 * ner_tagger.c -- stage 4a, the entity tagger: said_ner_tag (see ner.h for
 * the model, ner_features.c for the features).
 *
 * Greedy left to right over one sentence.  Tokens that cannot begin an
 * entity after an O label (no capital letter, no gazetteer class) are
 * labelled O without scoring; for the others, the summed weights of the
 * features that look at one token alone are cached per word type (see
 * "type cache"), and only the keys that relate tokens, labels or the
 * document are hashed per token.  The labels are those of the plain
 * definition, every key of said_ner_all_keys looked up and summed, which
 * test/unit/test_ner.c computes to compare.
 *
 * Document-level state (the memory and casing filters) and the type cache
 * are the process state's scratch (ner_internal.h): tag one document's
 * sentences in order, one document at a time.
 */
#include "ner_internal.h"

/* ------------------------------------------------------------ scoring */

/* Sum of the weights of keys[0, n). */
static inline NerAcc
score_keys(const NerModel *m, const uint64_t *keys, int n)
{
	uint32_t	idx[NER_MAX_FEATURES];
	NerAcc		acc = {0};

	/* the tables do not fit in L1: fetch all home slots at once */
	for (int k = 0; k < n; k++)
	{
		idx[k] = model_index(m, keys[k]);
		__builtin_prefetch(&m->checks[idx[k]]);
		__builtin_prefetch(&m->weights[idx[k]]);
	}
	for (int k = 0; k < n; k++)
		acc += ner_widen(m->weights[model_slot(m, keys[k], idx[k])]);
	return acc;
}

/*
 * Lanes of the labels that may follow each label: all ones, or 0
 * (said_ner_allowed): every B-X, and I-X after B-X or I-X.
 */
#define NER_ALLOWED_AFTER(prev) \
	{-1, NER_CLASS(prev) == 1 ? -1 : 0, -1, NER_CLASS(prev) == 2 ? -1 : 0, \
	 -1, NER_CLASS(prev) == 3 ? -1 : 0, -1, NER_CLASS(prev) == 4 ? -1 : 0}

static const NerAcc allowed_lanes[NER_NLABELS] = {
	NER_ALLOWED_AFTER(NER_O),
	NER_ALLOWED_AFTER(NER_B_PER), NER_ALLOWED_AFTER(NER_I_PER),
	NER_ALLOWED_AFTER(NER_B_ORG), NER_ALLOWED_AFTER(NER_I_ORG),
	NER_ALLOWED_AFTER(NER_B_LOC), NER_ALLOWED_AFTER(NER_I_LOC),
	NER_ALLOWED_AFTER(NER_B_MISC), NER_ALLOWED_AFTER(NER_I_MISC)
};

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

/* ------------------------------------------------------------ type cache */

/*
 * The summed weights of each role of a word type, computed when first
 * needed and kept for the words met most recently: "the", "said", "Trump"
 * come back in every article.  An entry holds everything the keys are
 * computed from (the bytes, up to 19 of them, the kind, case flags and
 * lexicon classes, and for ROLE_PREV1 and ROLE_NEXT1 the shape of the
 * word tagged), so a hit gives exactly the sum the lookups would.
 * Direct-mapped by the word's hash and case flags (type_slot); kept for
 * the process in its state (cleared when a model is loaded).  A window token
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
#define TC_HAVE_CLUSTER (1 << (NCACHED_ROLES + 1))

typedef struct __attribute__((aligned(64))) TypeEntry
{
	/*
	 * what a hit compares: the first cache line; bytes is read 32 bytes at
	 * a time (same_bytes32), into the roles.  Not the word's hash, which
	 * its bytes give (the token's folded hash).
	 */
	uint64_t	shape;
	/* the shape of the word tagged that role[ROLE_PREV1] and role[ROLE_NEXT1]
	 * were summed for (with prev1_shape_keys, next1_shape_keys) */
	uint64_t	centre_shape[2];
	uint32_t	lex;
	uint32_t	stamp;
	/*
	 * the word's slot in ner_state.clusters, -1 for none (TC_HAVE_CLUSTER):
	 * three roles read it, and the table (512 kB) mostly misses the
	 * caches; its lookup was the tagger's costliest line
	 */
	int32_t		cluster;
	uint16_t	flags;
	uint8_t		kind;
	uint8_t		len;			/* 0: empty */
	uint8_t		have;			/* 1 << role, TC_HAVE_SHAPE, TC_HAVE_CLUSTER:
								 * computed */
	unsigned char bytes[TC_MAX_BYTES];
	/* the second cache line */
	NerAcc		role[NCACHED_ROLES];
} TypeEntry;

_Static_assert(offsetof(TypeEntry, role) == 64, "the roles are the second cache line");
_Static_assert(offsetof(TypeEntry, bytes) + 32 <= sizeof(TypeEntry),
			   "same_bytes32 reads 32 bytes of an entry's bytes");
_Static_assert(sizeof(TypeEntry) == 128, "an entry is two cache lines");

struct NerTypeCache
{
	TypeEntry	entries[TC_SLOTS];

	/*
	 * The sentence's edges, as the words next to the one tagged: a window
	 * token at an edge points to one of them with stamp 0, which matches,
	 * so win_role sums and reads their roles as it does any entry's.  Their
	 * roles (ROLE_PREV1, ROLE_NEXT1) depend on the word tagged too: win_role
	 * sums them when first needed.
	 */
	TypeEntry	edge_before,
				edge_after;
	uint32_t	stamp;			/* the last entry claimed's */
	bool		used;			/* an entry was claimed since the last clear */
};

static NerTypeCache type_cache;

NerTypeCache *
ner_type_cache_init(void)
{
	type_cache.stamp = 1;
	return &type_cache;
}

/* The entries only after use: a backend loads its model once. */
void
ner_type_cache_clear(NerTypeCache *tc)
{
	if (tc->used)
		memset(tc->entries, 0, sizeof(tc->entries));
	tc->used = false;
	tc->stamp = 1;
	memset(&tc->edge_before, 0, sizeof(tc->edge_before));
	memset(&tc->edge_after, 0, sizeof(tc->edge_after));
}

/*
 * The entry of a word with these flags (& TC_FLAGS).  The hash is of the
 * folded word: the flags go into the slot too, or "The" and "the", both
 * in nearly every window, would take each other's entry all the time.
 */
static inline TypeEntry *
type_slot(NerTypeCache *tc, uint64_t word, uint16_t flags)
{
	return &tc->entries[said_hash_slot64(word ^ flags, TC_SLOTS_LOG2)];
}

/*
 * Tokens between the prefetch of a word's entry and its use: the window's
 * entries reach a token ahead, and the entries (2 MB) mostly miss L2.
 */
#define TC_AHEAD 6

static inline void
type_prefetch(NerTypeCache *tc, const SaidToken *t)
{
	const char *e = (const char *) type_slot(tc, t->hash, t->flags & TC_FLAGS);

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
	SaidNerContext ctx;			/* for the features and the document memory */
	const NerModel *model;
	NerTypeCache *types;
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
	ner_fill_info(&tg->ctx, j, &w->info);
	if (j < tg->ctx.t0 || j >= tg->ctx.t1)
	{
		w->entry = j < tg->ctx.t0 ? &tg->types->edge_before : &tg->types->edge_after;
		return w;
	}
	t = &tg->ctx.doc->tok[j];
	len = t->b1 - t->b0;
	if (len > TC_MAX_BYTES)
		return w;
	s = (const unsigned char *) tg->ctx.doc->text + t->b0;
	flags = w->info.flags & TC_FLAGS;
	e = type_slot(tg->types, w->info.word, flags);
	if (!(e->len == len && e->lex == w->info.lex &&
		  e->flags == flags && e->kind == w->info.kind &&
		  (t->b0 + 32 <= tg->ctx.doc->len ? same_bytes32(e->bytes, s, len) :
		   memcmp(e->bytes, s, len) == 0)))
	{
		e->lex = w->info.lex;
		e->flags = flags;
		e->kind = w->info.kind;
		e->len = (uint8_t) len;
		memcpy(e->bytes, s, len);
		e->have = 0;
		e->stamp = ++tg->types->stamp;
		/* its roles will read its cluster (win_cluster): fetched meanwhile */
		__builtin_prefetch(&ner_state.clusters[said_hash_slot64(w->info.word, NER_CLUSTER_SLOTS_LOG2)]);
		tg->types->used = true;
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
	w->info.shape = ner_token_shape(tg->ctx.doc, &tg->ctx.doc->tok[w->j]);
	if (e && e->stamp == w->stamp)
	{
		e->shape = w->info.shape;
		e->have |= TC_HAVE_SHAPE;
	}
	return w->info.shape;
}

/* The word cluster of a window token, from its entry when known. */
static inline const NerClusterSlot *
win_cluster(WinTok *w)
{
	TypeEntry  *e = w->entry;
	const NerClusterSlot *c;

	if (e && e->stamp == w->stamp && (e->have & TC_HAVE_CLUSTER))
		return e->cluster >= 0 ? &ner_state.clusters[e->cluster] : NULL;
	c = ner_cluster_of(w->info.word);
	if (e && e->stamp == w->stamp)
	{
		e->cluster = c ? (int32_t) (c - ner_state.clusters) : -1;
		e->have |= TC_HAVE_CLUSTER;
	}
	return c;
}

/*
 * The summed weights of one role of a window token (shape known): those its
 * entry holds, or summed anew and kept there.  ROLE_PREV1 and ROLE_NEXT1
 * also pair the token with the shape of the word tagged (centre_shape):
 * their sum is kept with the shape it was summed for.  Inlined at -O2 too
 * (the trainer's build): each caller's role is a constant, which folds
 * the branches on it; out of line, the tagger ran 6 % more instructions.
 */
static inline __attribute__((always_inline)) NerAcc
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
		n = ner_self_keys(&w->info, tg->ctx.doc, win_cluster(w), keys);
	else if (role == ROLE_SELF_O)
		n = self_label_keys(&w->info, NER_O, keys);
	else
	{
		n = neighbour_keys(&w->info, role, win_cluster(w), keys);
		if (role == ROLE_PREV1)
			n += prev1_shape_keys(&w->info, centre_shape, keys + n);
		else if (role == ROLE_NEXT1)
			n += next1_shape_keys(&w->info, centre_shape, keys + n);
	}
	sum = score_keys(tg->model, keys, n);
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
		/* the sentinels, as ner_fill_info has them */
		info->word = j < ctx->t0 ? NER_BOS_WORD : NER_EOS_WORD;
		info->lex = 0;
		return;
	}
	info->word = ctx->doc->tok[j].hash;
	info->lex = ctx->doc->tok[j].lex & NER_LEX_MASK;
}

/*
 * Tag a sentence: the labels of the plain definition (ner.h), computed faster.
 * Tokens not scored (ner.h: most tokens) are labelled O without filling
 * the window; a scored token fills the tokens next to it (i-1 .. i+1) it
 * lacks, adds the cached sums of their roles, and hashes only the keys of
 * the outer two (i-2, i+2: outer_info) and those that relate two tokens,
 * the position, the labels or the document.
 */
void
said_ner_tag(const SaidDoc *doc, int t0, int t1, uint8_t *labels)
{
	const NerModel *model = &ner_state.model;
	NerTypeCache *types = ner_state.types;
	Tagger		tg;
	uint64_t	keys[NER_MAX_FEATURES];
	uint16_t	dense[NER_MAX_DENSE];
	int			prev1 = NER_O,
				prev2 = NER_O;

	if (!model->loaded)
	{
		memset(labels, NER_O, t1 > t0 ? (size_t) (t1 - t0) : 0);
		return;
	}
	tg.model = model;
	tg.types = types;
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
			type_prefetch(types, &doc->tok[i + TC_AHEAD]);

		/* a token no window has filled is looked at for a phrase here */
		if (filled->j == i)
			pos = filled->info.phrase_pos;
		else
		{
			phrase_note(&tg.ctx, i);
			pos = phrase_pos_at(&tg.ctx, i, &cls);
		}
		if (may_begin(model, t, pos) ||
			(prev1 != NER_O && may_continue(model, t)))
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
			n += neighbour_keys(info[0], ROLE_PREV2, NULL, keys + n);
			n += neighbour_keys(info[4], ROLE_NEXT2, NULL, keys + n);
			n += ner_context_keys(&tg.ctx, info, i, prev1, prev2, false, keys + n, dense, &nd);
			acc += score_keys(model, keys, n);
			for (int k = 0; k < nd; k++)
				acc += model->dense_w[dense[k]];
			best = best_label(acc, prev1);
		}
		labels[i - t0] = (uint8_t) best;
		/* not scored or scored, as in the plain definition */
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
					type_prefetch(types, &doc->tok[i + TC_AHEAD]);
				labels[i - t0] = NER_O;
				prev2 = NER_O;
			}
	}
}
