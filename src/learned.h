/*
 * learned.h -- the learned attribution stage: after the rules of
 * attribution.c, three linear models over hashed features decide the
 * reported speech that is not a direct quote (PARC-style):
 *
 *   cue      which words introduce speech, beliefs and reports: a binary
 *            classifier over candidate words (the cue vocabulary learned
 *            from the training data, the lexicon's cue words, the rules'
 *            cues), given the word, its neighbours, their classes and the
 *            rules' own decision on it;
 *   content  where the reported clause starts and ends: the best span
 *            after the cue ("X said [that …]"), before it ("[…], X
 *            said") or around it ("[…], X said, […]"), scored as start +
 *            end + length features (a structured perceptron over the cue's
 *            sentence);
 *   source   who speaks: a ranking of candidate speakers (named mentions,
 *            pronouns, noun phrases, capitalised names the tagger missed,
 *            the rules' speaker, or none) by position relative to the cue,
 *            distance, punctuation between, and kind.
 *
 * learned.c runs them (said_learned_attribute, called by said_attribute
 * once the rules are done); learned_features.c extracts the features, the same
 * code for the extension and for tools/train_attr.c, which trains the
 * averaged perceptrons on PolNeAR's training split and writes
 * data/attr.model (compiled in: data.h's said_data_attr_model).
 *
 * Rows of the learned stage have rules "learned.indirect" and
 * "learned.mixed" (quoted words inside), and a confidence read from a
 * table fitted on held-out folds of the training split (calibration).
 * Direct quotes stay the rules': the stage skips the cues of the rules'
 * direct quotes and the tokens they cover.
 *
 * Model file format (data/attr.model, little-endian):
 *
 *   offset  size  field
 *   0       8     magic "SAIDATT1"
 *   8       4     uint32 version (ATTR_MODEL_VERSION)
 *   12      4     uint32 feature_version: must equal ATTR_FEATURE_VERSION
 *   16      4     uint32 nslots: home slots of the feature table, a power of two
 *   20      4     uint32 nfeatures: occupied slots (informational)
 *   24      4     float  scale: weight = stored / scale
 *   28      4     uint32 nwords: the cue vocabulary's size
 *   32      4     int32  threshold (stored units): a cue's decision scores above it
 *   36      4     uint32 ncal: calibration bins (at most ATTR_MAX_CAL)
 *   40      4     uint32 flags: ATTR_FLAG_JOINT (the threshold is on cue +
 *                        content + source scores, else on the cue's)
 *   44      4     uint32 nrel: the cue words' reliability entries
 *   48      4 m   the m = nslots + ATTR_TAIL slots: uint16 check (bits
 *                 32..47 of the key | 1, 0 = empty), int16 weight
 *   then    8 n   uint64 folded hashes of the cue vocabulary, ascending
 *   then    4 k   ATTR_CAL_INPUTS floats: weights of a decision's scores
 *                 (said_learned_cal_inputs) in a logistic combination
 *   then    8 c   ncal bins: float upper bound of the combination, float
 *                 share of rows up to it that were right (bounds ascending)
 *   then    4     float reliability of a cue word without an entry
 *   then    8 r   nrel uint64 folded hashes of cue words, ascending
 *   then    4 r   their reliability: the smoothed share of the rows of their
 *                 cues that were right on the held-out folds (a calibration input)
 *
 * A key's home is slot key >> (64 - log2 nslots); it lies there or in the
 * next slots, before the first empty one.  Probes do not wrap around: the
 * ATTR_TAIL slots after the last home slot take the runs that go past it,
 * and the last ATTR_PROBE_LANES of them are empty.  The table is read in
 * place from the image (read-only data every backend shares), which must
 * stay valid while it is the loaded model; the weights of the dense
 * templates (learned_features.c) are copied out of it into an array, and
 * the cue words into a table of their own (SaidLearnedDerived below).
 */
#ifndef SAID_LEARNED_H
#define SAID_LEARNED_H

#include "said.h"
#include "rules.h"
#include "tables.h"

#include <math.h>

#define ATTR_MODEL_MAGIC "SAIDATT1"
#define ATTR_MODEL_VERSION 4
#define ATTR_FEATURE_VERSION 4
#define ATTR_HEADER_BYTES 48
#define ATTR_SLOT_BYTES 4
#define ATTR_TAIL 64
#define ATTR_PROBE_LANES 4
#define ATTR_FLAG_JOINT 1
#define ATTR_MAX_SLOTS (1 << 19)
#define ATTR_MAX_WORDS 8192
#define ATTR_MAX_CAL 64
#define ATTR_CAL_INPUTS 35
#define ATTR_CAL_RELIABILITY 11	/* the input that is the cue word's reliability */
#define ATTR_MAX_REL 8192
#define ATTR_VOCAB_BITS 14
#define ATTR_VOCAB_SLOTS (1 << ATTR_VOCAB_BITS)	/* ATTR_MAX_WORDS at most half full */
/*
 * log2 of the words of the cue vocabulary's bucket bits: 2 kB, which every
 * word of a document is tested against.  At 8 kB they left the cache
 * between documents (the tagger's tables pass through it), and a document
 * fetched most of their 128 lines again; at 2 kB 5 % of the words pass
 * wrongly and probe the table (1.3 % at 8 kB), for fewer misses in all.
 */
#define ATTR_VOCAB_FILTER_LOG2 8

/*
 * What loading a model derives from it: the dense templates' weights (one
 * array, looked up by index rather than hashed) and the cue vocabulary's
 * table.  Built with the library for data/attr.model (tables.h), so that a
 * backend's first call neither computes them nor touches the model's pages
 * to do so; said_learned_load derives them for any other model.
 */
typedef struct SaidLearnedDerived
{
	const float *dense;			/* said_learned_dense_size() weights */
	const uint64_t *vocab;		/* ATTR_VOCAB_SLOTS hashes, 0 = empty */
	const uint64_t *vocab_bits; /* 1 << ATTR_VOCAB_FILTER_LOG2 words */
	uint64_t	model_bytes;	/* size of the model they come from, 0: none */
} SaidLearnedDerived;

extern SaidLearnedDerived said_learned_derived;

/* The derived tables, for the generator (tables.h). */
void		said_learned_tables(const SaidTableSink *out);

/* Load the embedded model once per process; NULL on success.  Without a
 * model (an empty data/attr.model) the stage does nothing. */
const char *said_learned_init(const SaidAllocator *persistent);

/* Use a model image (the embedded one, or a file a tool read), which must
 * stay valid while in use.  An empty image (len 0) unloads the model: the
 * stage is off.  NULL on success, else why it was refused (the stage is
 * then off). */
const char *said_learned_load(const unsigned char *model, size_t len);

/* Is a model loaded? */
bool		said_learned_ready(void);

struct Attributor;				/* attribution.h: the rules' working state */

/* The stage itself, at the end of said_attribute: rewrites at->doc->attr
 * (see above), resolving pronouns as the rules do (resolve.c). */
void		said_learned_attribute(struct Attributor *at);

/* The loaded model's weight of key (0 when absent), for tests. */
float		said_learned_weight(uint64_t key);

/* ------------------------------------------------- shared with the trainer */

/* Coarse classes of tokens (learned_features.c, said_learned_class). */
enum
{
	AC_WORD = 0,				/* a lower-case word of no class below */
	AC_CAP,						/* capitalised inside a sentence, no mention */
	AC_CAP_START,				/* capitalised at a sentence's start */
	AC_NUMBER,
	AC_COMMA,
	AC_STOP,					/* . ! ? */
	AC_COLON,
	AC_SEMI,
	AC_DASH,
	AC_PAREN,
	AC_PUNCT,
	AC_QOPEN,
	AC_QCLOSE,
	AC_DET,
	AC_FUNC,
	AC_PRON,					/* he, she, they, it, I, we */
	AC_POSS,					/* his, her, their, its */
	AC_REL,						/* who, which */
	AC_CUE,						/* a cue verb */
	AC_CUE_NOUN,
	AC_TITLE,
	AC_PERSON_NOUN,
	AC_GROUP_NOUN,
	AC_ORG_NOUN,
	AC_PER,						/* inside a person mention */
	AC_ORG,
	AC_LOC,
	AC_NAT,
	AC_ADVERB,					/* also, later: between a subject and its verb */
	AC_CALENDAR,
	AC_SYMBOL,
	AC_NCLASSES
};

/* Which side of its cue a content lies on. */
enum
{
	ATTR_AFTER = 0,				/* X said [content] */
	ATTR_BEFORE = 1,			/* [content], X said */
	ATTR_AROUND = 2,			/* [content], X said, [content] */
	ATTR_NSIDES
};

/* How a candidate speaker was found. */
enum
{
	ASRC_NONE = 0,				/* nobody: "is expected to" */
	ASRC_MENTION,				/* a named mention */
	ASRC_PRONOUN,
	ASRC_NOMINAL,				/* a noun phrase with a speaker noun: "a spokesman" */
	ASRC_NAME,					/* capitalised words the tagger left out */
	ASRC_PHRASE,				/* another noun phrase right before the cue */
	ASRC_RULE,					/* the rules' speaker, where none above has its span */
	ASRC_NKINDS
};

/* Classes of a token's word the stage reads, a byte per token (SaidLearnedDoc.wflags),
 * from data/word_classes.tsv (WORD_* in word_classes.h). */
#define AW_AUX		0x01		/* WORD_AUXILIARY: a clause after a cue */
#define AW_TO		0x02		/* WORD_INFINITIVE: "to" */
#define AW_JOIN		0x04		/* WORD_CLAUSE_EDGE: "and", "while", "according" */
#define AW_POSTMOD	0x08		/* WORD_SPEAKER_POSTMOD: "familiar", "for" */
#define AW_ACTING	0x10		/* WORD_ACTING_VERB: "rejected", "passed" */
#define AW_QUANT	0x20		/* WORD_QUANTIFIER: "two", "many": opens a speaker's phrase */

/* A feature: its key, and its index among the dense weights (-1: hashed).
 * Decoders leave the key of a dense feature 0 for weights that read them by
 * index. */
typedef struct SaidLearnedFeat
{
	uint64_t	key;
	int32_t		dense;
} SaidLearnedFeat;

/* Counts of a sentence's tokens before a token (the content's are differences). */
typedef struct SaidLearnedSums
{
	uint16_t	comma,
				aux,
				cue;
	int16_t		quote;			/* opening minus closing marks */
} SaidLearnedSums;

/*
 * The decoder's scores that depend on the model alone (the length and inside
 * features of a content, per side), kept for a document's later cues where
 * the weights are the loaded model's (SaidLearnedWeights.dense), which
 * change only between documents; ctx: the weights they are of.
 */
#define INSIDE_CODES 64
typedef struct SaidLearnedMemo
{
	const void *ctx;
	bool		len_known[ATTR_NSIDES];
	float		len[ATTR_NSIDES][10];
	bool		in_known[ATTR_NSIDES][INSIDE_CODES];
	float		in[ATTR_NSIDES][INSIDE_CODES];
} SaidLearnedMemo;

/* Per-document state of the stage.  cls, wflags, aux, quoted_sent and
 * sent_end are filled sentence by sentence, for the sentences of candidate
 * cues (said_learned_candidates) but those of the rules' direct quotes;
 * clause_edge, cue_ahead, sums and sent_sums for the sentences whose
 * contents the decoder looks for (said_learned_best_span). */
typedef struct SaidLearnedDoc
{
	SaidDoc    *doc;
	struct Attributor *at;		/* the rules' state, for resolution; NULL in the trainer */
	uint8_t    *cls;			/* AC_* of each token */
	int32_t    *cue_at;			/* token -> the rules' cue starting there, or -1 */
	int32_t    *attr_of_cue;	/* the rules' cue -> their attribution from it, or -1 */
	int32_t    *direct_at;		/* token -> a rules' direct quote covering it, or -1 */
	int32_t    *sent_end;		/* sentence -> its content end (final marks excluded) */
	uint64_t   *rule_hash;		/* the rules' attribution -> folded hash of its rule */
	uint8_t    *wflags;			/* token: AW_* of its word */
	uint8_t    *aux;			/* token: 1 an auxiliary or modal, 2 "to", else 0 */
	uint8_t    *clause_edge;	/* token where a content may end or after which one may start */
	uint8_t    *covered;		/* token inside some rules' content */
	uint8_t    *cue_ahead;		/* token with a cue in the next 6 tokens of its sentence */
	SaidLearnedSums *sums;			/* token -> counts of its sentence's tokens before it */
	SaidLearnedSums *sent_sums;	/* sentence -> counts of all its tokens */
	SaidLearnedFeat *scratch;		/* the decoder's features of one side */
	int			scratch_cap;
	SaidLearnedMemo *memo;
	uint8_t    *quoted_sent;	/* sentence with quoted words */
	uint8_t    *sent_ready;		/* sentence whose layers above are filled: 1 cls, wflags,
								 * aux, quoted_sent, sent_end; 2 all */
} SaidLearnedDoc;

/* A candidate cue. */
typedef struct SaidLearnedCue
{
	int32_t		tok;			/* the cue word */
	int32_t		t0,
				t1;				/* the cue as written: "told reporters", "warned that" */
	int32_t		rule_cue;		/* the rules' cue there, or -1 */
	int32_t		rule_attr;		/* the rules' attribution from it, or -1 */
	int32_t		s0,
				s1;				/* its sentence's tokens */
	int32_t		send;			/* the sentence's content end */
} SaidLearnedCue;

/* A content span: tokens [t0, t1) on one side of the cue, or around it
 * but for the narration [gap0, gap1) (", X said,"). */
typedef struct SaidLearnedSpan
{
	int32_t		side;
	int32_t		t0,
				t1;
	int32_t		gap0,
				gap1;			/* ATTR_AROUND only */
} SaidLearnedSpan;

/* Is token t part of content sp? */
static inline bool
said_learned_in_span(const SaidLearnedSpan *sp, int t)
{
	return t >= sp->t0 && t < sp->t1 && !(sp->side == ATTR_AROUND && t >= sp->gap0 && t < sp->gap1);
}

/* A candidate speaker. */
typedef struct SaidLearnedSource
{
	int32_t		t0,
				t1;				/* as written, -1 for none */
	int32_t		head;			/* the word that names it, -1 for none */
	int32_t		mention;		/* its mention, or -1 */
	uint8_t		how;			/* ASRC_* */
	uint8_t		rule;			/* the rules gave this speaker to the cue */
} SaidLearnedSource;

#define ATTR_MAX_KEYS 48
#define ATTR_MAX_SOURCES LIM_LEARNED_SOURCES	/* candidate speakers of a cue, at most */


/* The weights a decoder scores with: the model's (quantised), or the
 * trainer's while it learns. */
typedef struct SaidLearnedWeights
{
	float		(*score) (const void *ctx, const SaidLearnedFeat *f, int n);
	const void *ctx;
	bool		dense;			/* reads dense features by index (no key needed) */
	/* fetch the weights of features about to be scored, or NULL */
	void		(*prefetch) (const void *ctx, const SaidLearnedFeat *f, int n);
} SaidLearnedWeights;

/* How many dense weights there are, and their values from a lookup of each
 * one's key (for the loader). */
int			said_learned_dense_size(void);

/* Dense features made with keys whose values were out of their template's
 * ranges (a bug the trainer reports). */
extern long said_learned_range_errors;
void		said_learned_fill_dense(float *dense, float (*lookup) (uint64_t key));

void		said_learned_doc_init(SaidLearnedDoc *ad, SaidDoc *doc);

/* The AC_* class of token t. */
int			said_learned_class(const SaidLearnedDoc *ad, int t);

/* Fill the per-token layers of every sentence (those of a candidate's are
 * filled when it is found): for the trainer's reports. */
void		said_learned_prepare_all(const SaidLearnedDoc *ad);

/* The tokens overlapping bytes [b0, b1): [*t0, *t1) (empty when none). */
void		said_learned_tokens_of(const SaidDoc *doc, uint32_t b0, uint32_t b1, int *t0, int *t1);

/* The cue vocabulary (folded hashes, ascending, no 0; at most
 * ATTR_MAX_WORDS): said_learned_load installs the model's, the trainer the
 * one it learns.  NULL on success. */
const char *said_learned_set_words(const uint64_t *words, uint32_t n);

/* Build the AW_* word classes' bucket bits for the word class table in use,
 * unless built for it already: said_learned_init does, so that a process
 * forked after it (shared_preload_libraries) inherits them. */
void		said_learned_word_bits_prepare(void);

/* Is token t a cue word of the vocabulary? */
bool		said_learned_in_vocabulary(uint64_t hash);

/* The candidate cues of the document, in token order (arena array); *n of them. */
SaidLearnedCue *said_learned_candidates(const SaidLearnedDoc *ad, int *n);

/* Features, keys all set (at most ATTR_MAX_KEYS each): of a candidate cue;
 * of a content span of a cue; of a candidate speaker given the cue and
 * content.  The trainer learns their weights. */
int			said_learned_cue_keys(const SaidLearnedDoc *ad, const SaidLearnedCue *c, SaidLearnedFeat *f);
int			said_learned_span_keys(const SaidLearnedDoc *ad, const SaidLearnedCue *c,
								const SaidLearnedSpan *sp, SaidLearnedFeat *f);
int			said_learned_source_keys(const SaidLearnedDoc *ad, const SaidLearnedCue *c,
								  const SaidLearnedSpan *content, const SaidLearnedSource *src,
								  SaidLearnedFeat *f);

/* The score of a candidate cue. */
float		said_learned_cue_score(const SaidLearnedDoc *ad, const SaidLearnedCue *c, const SaidLearnedWeights *w);

/* The best content span of cue c (false when the sentence has room for
 * none), *score its score; *margin: its score over the best span of the
 * other sides (10 when they have none). */
bool		said_learned_best_span(const SaidLearnedDoc *ad, const SaidLearnedCue *c,
								const SaidLearnedWeights *w, SaidLearnedSpan *best, float *score,
								float *margin);

/* The rules' content of cue c, when they gave it one after or before it
 * (the stage keeps it: see learned_features.c). */
bool		said_learned_rule_span(const SaidLearnedDoc *ad, const SaidLearnedCue *c, SaidLearnedSpan *sp);

/* The narration [*gap0, *gap1) of a cue that interrupts its content
 * (", X said,"), if it does. */
bool		said_learned_around_gap(const SaidLearnedDoc *ad, const SaidLearnedCue *c, int *gap0, int *gap1);

/* May the decoder give cue c the content sp (its side's bounds, words at
 * both ends)? */
bool		said_learned_span_allowed(const SaidLearnedDoc *ad, const SaidLearnedCue *c,
								   const SaidLearnedSpan *sp);

/* The candidate speakers of cue c with content sp (the first is "none"). */
int			said_learned_sources(const SaidLearnedDoc *ad, const SaidLearnedCue *c,
							  const SaidLearnedSpan *sp, SaidLearnedSource *out);

/* The best of n candidate speakers, *score its score, *margin over the second best. */
int			said_learned_best_source(const SaidLearnedDoc *ad, const SaidLearnedCue *c,
								  const SaidLearnedSpan *sp, const SaidLearnedSource *src, int n,
								  const SaidLearnedWeights *w, float *score, float *margin);

/* What the stage decided for one candidate cue. */
typedef struct SaidLearnedDecision
{
	int32_t		cand;			/* the candidate's index */
	float		cue_score;
	SaidLearnedSpan span;
	float		span_score;
	float		span_margin;
	bool		rule_span;		/* the content is the rules' */
	SaidLearnedSource source;
	float		source_score;
	float		source_margin;
	float		total;			/* what is compared with the threshold */
	int32_t		entity;			/* the speaker's document entity, or -1 */
	int32_t		attr;			/* the row it gave in doc->attr, or -1 */
	float		confidence;
} SaidLearnedDecision;

/* A model as the stage uses it: the loaded one, or the trainer's. */
typedef struct SaidLearnedModel
{
	SaidLearnedWeights cue,
				span,
				source;
	float		threshold;		/* a cue scores above it */
	bool		joint;			/* the threshold is on cue + content + source scores */
	float		cal_w[ATTR_CAL_INPUTS];
	int			ncal;
	float		cal[ATTR_MAX_CAL][2];	/* upper bound, share right */
	/* the cue words' reliability: nrel hashes (ascending) then nrel floats, unaligned */
	const unsigned char *rel;
	uint32_t	nrel;
	float		rel_default;	/* a word without an entry */
} SaidLearnedModel;

/* The reliability of a cue word (its folded hash) in m: its entry, else m's default. */
float		said_learned_reliability(const SaidLearnedModel *m, uint64_t hash);

/* A share as the calibration reads it: its log-odds, kept within ±4. */
static inline float
said_learned_log_odds(float share)
{
	if (share < 0.02f)
		share = 0.02f;
	if (share > 0.98f)
		share = 0.98f;
	return logf(share / (1.0f - share));
}

/*
 * The inputs of the calibration of a decision d of candidate cand[d->cand]
 * (x[0] is 1; x[ATTR_CAL_RELIABILITY] the cue word's reliability in m, as a
 * log-odds), ncand candidates in all.
 */
void		said_learned_cal_inputs(const SaidLearnedDoc *ad, const SaidLearnedModel *m,
									const SaidLearnedCue *cand, int ncand,
									const SaidLearnedDecision *d, float *x);

/* The logistic combination of the inputs, and its calibrated confidence. */
float		said_learned_combine(const SaidLearnedModel *m, const float *x);
float		said_learned_confidence(const SaidLearnedModel *m, float combined);

/*
 * The stage in two steps, on a document whose rules are done (ad
 * initialised after them).  said_learned_decide: the candidates (*cand,
 * *ncand) and the decisions of those that score above the threshold and
 * have a content (arena array, *n of them, one per content).
 * said_learned_emit: rewrites doc->attr -- the rules' direct quotes and rows
 * without a cue kept (unless inside a decided content), the rules' rows of
 * candidate cues replaced by the decisions' rows; sets each decision's attr.
 * said_learned_apply: both.
 */
SaidLearnedDecision *said_learned_decide(const SaidLearnedDoc *ad, const SaidLearnedModel *m,
								   SaidLearnedCue **cand, int *ncand, int *n);
void		said_learned_emit(SaidLearnedDoc *ad, const SaidLearnedCue *cand, int ncand,
						   SaidLearnedDecision *dec, int n);
void		said_learned_apply(SaidLearnedDoc *ad, const SaidLearnedModel *m);

#endif							/* SAID_LEARNED_H */
