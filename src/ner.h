/*
 * ner.h -- the named-entity tagger: a greedy left-to-right BIO tagger with
 * an averaged-perceptron model over hashed features, trained by
 * tools/train_ner.c on CoNLL-2003 and embedded as data/ner.model.  In three
 * files (ner_internal.h says what each holds): ner_model.c (the model file
 * and the tagger's process state), ner_features.c (the features, the
 * trainer's too) and ner_tagger.c (said_ner_tag).
 *
 * Features (ner_features.c, shared by inference and the trainer) look at
 * the tokens of one sentence only: the folded word hash of the token and
 * its neighbours (+-2), word shape (Xx, XX, x, d, X.X., collapsed runs),
 * lower-cased prefixes and suffixes of 1-4 characters, lexicon and
 * gazetteer classes (tok->lex, and multi-word gazetteer phrases), sentence
 * start, all-caps line (headlines), the two previous predicted labels, and
 * the class last predicted for the same capitalised word earlier in the
 * document (O where it was not scored; a small per-process memory, reset
 * when tagging moves to another document or back to an earlier token: tag
 * a document's sentences in order), and whether the capitalised word also
 * occurs in lower case, or capitalised inside a sentence, anywhere in the
 * document (one pass per document).
 *
 * Model file format (data/ner.model, little-endian; unpacked at load, see
 * ner_model.c):
 *
 *   offset  size  field
 *   0       8     magic "SAIDNER1"
 *   8       4     uint32 version (3)
 *   12      4     uint32 nlabels (NER_NLABELS)
 *   16      4     uint32 nslots: slots in the feature table, a power of two
 *   20      4     uint32 nfeatures: occupied slots
 *   24      4     float  scale: weight = stored / scale (informational)
 *   28      4     uint32 feature_version: must equal NER_FEATURE_VERSION
 *   32      ...   nslots slots of NER_SLOT_BYTES (10) each:
 *                   uint16 check   bits 32..47 of the feature key | 1, 0 = empty
 *                   int8   w[NER_NLABELS - 1]  quantised weights of labels
 *                          1..8 relative to O (O's weight is 0)
 *   then NER_NWORDLISTS word lists (SaidNerWordList order), each:
 *           4     uint32 n (at most NER_MAX_WORDS)
 *           8 n   uint64 folded hashes of the words, ascending
 *
 * A feature key k (64 bits) lives in the open-addressing table at slot
 * k >> (64 - log2 nslots), probing linearly (wrapping) until the check
 * matches or an empty slot is met.  Scores are int16 sums of the stored
 * weights (O scores 0); argmax is over labels allowed after the previous
 * label (I-X only after B-X or I-X), the first of equal scores winning.
 *
 * Which tokens are scored: one that may begin an entity (in a gazetteer
 * phrase, or with an upper-case initial and not an upper-case non-starter,
 * or of a gazetteer class and not a lower-case non-starter), and, after a
 * token of an entity, a number or a continuation word.  The lists are
 * learned from the training data (tools/train_ner.c, learn_word_lists):
 * the non-starters are words hardly ever part of an entity when written so
 * ("He", "But", "Thursday"; "will", "may", "bill" among the first names),
 * the continuation words those of the others found inside entities often
 * enough ("of", "and", "&").  Any other token is O without scoring, in
 * training as in tagging: "He" at a sentence's start, "said" after a name,
 * cost nothing.
 *
 * Features of small integer domains (the previous labels, the document
 * memory, the casing filters) are "dense": numbered 0..NER_NDENSE-1 and
 * stored in the table under said_ner_dense_key(d), but summed at load into
 * small arrays indexed by d, so tagging adds them without hashing.
 *
 * The labels, defined plainly: left to right, a token not scored is O; a
 * scored one gets, of the labels said_ner_allowed after the previous one,
 * the first with the highest sum of the weights of the keys of
 * said_ner_all_keys, or O (whose sum is 0) unless that sum is above 0; and
 * every token's label goes to said_ner_observe.  The trainer computes
 * that, and test/unit/test_ner.c checks said_ner_tag's caches against it.
 */
#ifndef SAID_NER_H
#define SAID_NER_H

#include "said.h"
#include "tables.h"

typedef enum SaidNerLabel
{
	NER_O = 0,
	NER_B_PER,
	NER_I_PER,
	NER_B_ORG,
	NER_I_ORG,
	NER_B_LOC,
	NER_I_LOC,
	NER_B_MISC,
	NER_I_MISC,
	NER_NLABELS
} SaidNerLabel;

/* Entity class of a label: 0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC. */
#define NER_CLASS(label)	(((label) + 1) / 2)
#define NER_IS_BEGIN(label) ((label) != NER_O && ((label) & 1))
#define NER_IS_INSIDE(label) ((label) != NER_O && !((label) & 1))

#define NER_MODEL_MAGIC "SAIDNER1"
#define NER_MODEL_VERSION 3
#define NER_FEATURE_VERSION 11
#define NER_HEADER_BYTES 32
#define NER_SLOT_BYTES 10
#define NER_MAX_WORDS 4096

/* The tagger's process state, and the embedded model loaded into it
 * unless said_init found it built with the library (tables.h); once per
 * process; NULL on success. */
const char *said_ner_init(const SaidAllocator *persistent);

/* The model's tables for the generator (tables.h). */
void		said_ner_tables(const SaidTableSink *out);

/* The process state alone, no model (said_ner_tag gives O): for the
 * trainer, which installs word lists and computes features before it has
 * a model.  Once per process; said_ner_init calls it. */
void		said_ner_state_init(const SaidAllocator *persistent);

/* Use a model image (the embedded one, or a file read by the trainer): it
 * is unpacked into the process state, and may be freed afterwards.  NULL on
 * success; an error leaves no model loaded.  After said_ner_state_init. */
const char *said_ner_load(const unsigned char *model, size_t len);

/* Tag tokens [t0, t1) of one sentence: labels[t - t0] gets a SaidNerLabel. */
void		said_ner_tag(const SaidDoc *doc, int t0, int t1, uint8_t *labels);

/* Classes whose words may begin an entity even in lower case (LX_*: lexicon.h). */
#define NER_GAZ_MASK (LX_NAME_MALE | LX_NAME_FEMALE | LX_COUNTRY | LX_CITY | LX_REGION | \
					  LX_DEMONYM)

typedef enum SaidNerWordList
{
	NER_CONTINUATIONS,
	NER_LOWER_NON_STARTERS,
	NER_UPPER_NON_STARTERS,
	NER_NWORDLISTS
} SaidNerWordList;

/* Install a word list (folded hashes, no 0; at most NER_MAX_WORDS):
 * said_ner_load does, and the trainer, which learns them, before its first
 * epoch.  NULL on success.  After said_ner_state_init. */
const char *said_ner_set_words(SaidNerWordList list, const uint64_t *words, uint32_t n);

/* May token t begin an entity, gazetteer phrases aside (the installed
 * non-starters applied)?  For the trainer, which learns the continuation
 * words among the tokens that may not. */
bool		said_ner_may_begin(const SaidToken *t);

/* Label names, "O", "B-PER", ... */
const char *said_ner_label_name(int label);

/* May label follow prev (NER_O at the start of a sentence)? */
static inline int
said_ner_allowed(int prev, int label)
{
	return !NER_IS_INSIDE(label) || (prev != NER_O && NER_CLASS(prev) == NER_CLASS(label));
}

/* ------------------------------------------------- shared with the trainer */

#define NER_MAX_FEATURES 80

/* Per-sentence feature state; callers treat it as opaque.  The features
 * and said_ner_observe need the process state: after said_ner_state_init. */
typedef struct SaidNerTokInfo
{
	uint64_t	word;			/* folded hash */
	uint64_t	shape;			/* hash of the collapsed word shape, 0 until needed */
	int32_t		tok;			/* token index */
	uint32_t	lex;			/* masked lexicon classes */
	uint16_t	flags;
	uint8_t		kind;
	uint8_t		phrase_pos;		/* 0, or 1/2: first/later word of a gazetteer phrase */
	uint32_t	phrase_cls;		/* LX_* classes of that phrase */
} SaidNerTokInfo;

typedef struct SaidNerContext
{
	const struct NerModel *model;	/* the process state's (ner_internal.h) */
	struct NerDocMemory *memory;
	const SaidDoc *doc;
	int			t0,
				t1;
	int			cur;			/* token of info[2], or -1 before the first call */
	SaidNerTokInfo info[5];		/* tokens i-2 .. i+2 */
	int			phrase_start,
				phrase_end;		/* the last gazetteer phrase found [start, end) */
	uint32_t	phrase_cls;
	int			phrase_seen;	/* the last token where one may begin, looked at */
	int			phrase_older;	/* the four found before it: the latest in
								 * older[phrase_older & 3] */
	struct
	{
		int			start,
					end;
		uint32_t	cls;
	}			older[4];
	int			caps_seg;		/* start of the line segment last classified */
	int			caps_scan;		/* last token looked at for a line start */
	int			caps_val;		/* the segment is in capitals: 1, 0, -1 unknown */
} SaidNerContext;

void		said_ner_context_init(SaidNerContext *ctx, const SaidDoc *doc, int t0, int t1);

/*
 * Move to token i (called with i = t0, t0 + 1, ...): fills keys with the
 * features of token i's context given the two previous labels, and dense
 * with the indices of its dense features (*ndense of them); returns the
 * number of keys.  Returns -1 (and nothing else) when the token is not
 * scored (see above: it cannot begin an entity, nor continue the one before
 * it).  Then, when it returned >= 0, said_ner_word_keys gives
 * the keys of the token itself (word, shape, affixes, lexicon classes):
 * the same wherever the same word occurs, so the tagger caches their sum.
 */
int			said_ner_features(SaidNerContext *ctx, int i, int prev1, int prev2,
							  uint64_t *keys, uint16_t *dense, int *ndense);
int			said_ner_word_keys(SaidNerContext *ctx, int i, uint64_t *keys);

#define NER_NDENSE 338
#define NER_MAX_DENSE 5
#define NER_MAX_WORD_KEYS 32

/* The table key of dense feature d. */
uint64_t	said_ner_dense_key(int d);

/* The loaded model's stored weight of key for label (1..NER_NLABELS-1),
 * 0 for a key it lacks: the table's probe, for test/unit/test_ner.c. */
int			said_ner_key_weight(uint64_t key, int label);

/* All keys of token i (context, word, dense as keys), as the trainer sees
 * them; -1 for a token not scored. */
int			said_ner_all_keys(SaidNerContext *ctx, int i, int prev1, int prev2,
							  uint64_t *keys);

/* Record the label chosen for token i (feeds the document memory). */
void		said_ner_observe(SaidNerContext *ctx, int i, int label);

#endif							/* SAID_NER_H */
