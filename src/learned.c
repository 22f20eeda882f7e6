/*
 * learned.c -- the learned attribution stage (learned.h): the model, read
 * in place from data/attr.model, and the stage that decides, after the
 * rules, which cues report speech, where their content lies and who speaks.
 *
 * The rules keep what they do well: their direct quotes (and the cues those
 * use), and the rows they give without a cue (a quote standing alone, quoted
 * words in a sentence with no cue).  Every other cue -- the rules' own and
 * the candidates they left -- is decided here, and the rules' row of a cue
 * is replaced by the stage's verdict (a row or none).
 */
#include "attribution.h"
#include "data.h"
#include "learned.h"
#include "lexicon.h"
#include "tokens.h"

#include <math.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ------------------------------------------------------------ model */

typedef struct LoadedModel
{
	const unsigned char *slots;	/* nslots + ATTR_TAIL slots, in the image */
	unsigned	shift;			/* 64 - log2(nslots) */
	float		inv_scale;
	const float *dense;			/* the dense templates' weights */
	SaidLearnedModel view;
	bool		ready;
} LoadedModel;

static LoadedModel model;

static inline uint16_t
check_at(const LoadedModel *m, uint32_t i)
{
	uint16_t	c;

	memcpy(&c, m->slots + (size_t) i * ATTR_SLOT_BYTES, 2);
	return c;
}

/*
 * The weight of key in the hashed table: its check among the slots from
 * its home to the first empty one, four slots (a check and a weight each)
 * at a time where SSE2 is; one cache line holds a key's check and weight.
 * The tail's last slots are empty: no bound test.
 */
static inline float
table_weight(const LoadedModel *m, uint64_t key)
{
	uint32_t	i = (uint32_t) (key >> m->shift);
	uint16_t	check = (uint16_t) (key >> 32) | 1;
	int16_t		w;

#if defined(__SSE2__)
	for (;;)
	{
		__m128i		v = _mm_loadu_si128((const __m128i *) (m->slots + (size_t) i * ATTR_SLOT_BYTES));
		/* the checks are the even 16-bit lanes: bytes 0-1, 4-5, 8-9, 12-13 */
		unsigned	hit = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16((short) check))) & 0x3333;
		unsigned	empty = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128())) & 0x3333;

		hit &= (empty & -empty) - 1;
		if (hit)
		{
			memcpy(&w, m->slots + ((size_t) i + (unsigned) __builtin_ctz(hit) / 4) * ATTR_SLOT_BYTES + 2, 2);
			return (float) w * m->inv_scale;
		}
		if (empty)
			return 0.0f;
		i += 4;
	}
#else
	for (;; i++)
	{
		uint16_t	c = check_at(m, i);

		if (c == check)
		{
			memcpy(&w, m->slots + (size_t) i * ATTR_SLOT_BYTES + 2, 2);
			return (float) w * m->inv_scale;
		}
		if (c == 0)
			return 0.0f;
	}
#endif
}

static float
model_score(const void *ctx, const SaidLearnedFeat *f, int n)
{
	const LoadedModel *m = ctx;
	float		s = 0.0f;

	for (int i = 0; i < n; i++)
		s += f[i].dense >= 0 ? m->dense[f[i].dense] : table_weight(m, f[i].key);
	return s;
}

/*
 * The hashed features' slots fetched ahead of their scoring: the table is
 * larger than the cache and a key's slot anywhere in it, so the misses of a
 * decoder's window overlap instead of queueing.
 */
static void
model_prefetch(const void *ctx, const SaidLearnedFeat *f, int n)
{
	const LoadedModel *m = ctx;

	for (int i = 0; i < n; i++)
		if (f[i].dense < 0)
			__builtin_prefetch(m->slots + (size_t) (f[i].key >> m->shift) * ATTR_SLOT_BYTES);
}

float
said_learned_weight(uint64_t key)
{
	return model.ready ? table_weight(&model, key) : 0.0f;
}

bool
said_learned_ready(void)
{
	return model.ready;
}

static uint32_t
read_u32(const unsigned char *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return v;
}

static float
lookup_loaded(uint64_t key)
{
	return table_weight(&model, key);
}

SaidLearnedDerived said_learned_derived;

/*
 * Use the model image; derive its dense weights and vocabulary table unless
 * said_learned_derived holds them already (built with the library for this
 * image).
 */
static const char *
load_model(const unsigned char *image, size_t len, bool derive)
{
	uint32_t	nslots,
				nwords,
				ncal,
				nrel,
				flags,
				m;
	int32_t		threshold;
	float		scale;
	size_t		need;
	const unsigned char *p;
	const char *err;

	model.ready = false;
	if (derive)
	{
		said_learned_derived.model_bytes = 0;
		said_learned_set_words(NULL, 0);
	}
	if (len == 0)
		return NULL;
	if (len < ATTR_HEADER_BYTES || memcmp(image, ATTR_MODEL_MAGIC, 8) != 0)
		return "the attribution model is damaged (bad magic)";
	if (read_u32(image + 8) != ATTR_MODEL_VERSION || read_u32(image + 12) != ATTR_FEATURE_VERSION)
		return "the attribution model was built for another version of the learned stage";
	nslots = read_u32(image + 16);
	memcpy(&scale, image + 24, 4);
	nwords = read_u32(image + 28);
	memcpy(&threshold, image + 32, 4);
	ncal = read_u32(image + 36);
	flags = read_u32(image + 40);
	nrel = read_u32(image + 44);
	if (nslots < ATTR_PROBE_LANES || (nslots & (nslots - 1)) != 0 || nslots > ATTR_MAX_SLOTS)
		return "the attribution model's table size is not a power of two within the limits";
	if (nwords > ATTR_MAX_WORDS || ncal > ATTR_MAX_CAL || nrel > ATTR_MAX_REL || !(scale > 0.0f))
		return "the attribution model's header is out of range";
	m = nslots + ATTR_TAIL;
	need = ATTR_HEADER_BYTES + (size_t) m * ATTR_SLOT_BYTES + (size_t) nwords * 8 + ATTR_CAL_INPUTS * 4 +
		(size_t) ncal * 8 + 4 + (size_t) nrel * 12;
	if (len < need)
		return "the attribution model is truncated";
	model.slots = image + ATTR_HEADER_BYTES;
	/* probes stop at an empty slot without a bound: the tail must end empty */
	for (uint32_t i = m - ATTR_PROBE_LANES; i < m; i++)
		if (check_at(&model, i) != 0)
			return "the attribution model's table does not end with empty slots";
	p = model.slots + (size_t) m * ATTR_SLOT_BYTES;
	if (derive)
	{
		uint64_t	words[ATTR_MAX_WORDS];

		memcpy(words, p, (size_t) nwords * 8);
		if ((err = said_learned_set_words(words, nwords)) != NULL)
			return err;
	}
	p += (size_t) nwords * 8;
	model.shift = 64 - (unsigned) __builtin_ctz(nslots);
	model.inv_scale = 1.0f / scale;
	model.view.cue = model.view.span = model.view.source = (SaidLearnedWeights) {model_score, &model, true, model_prefetch};
	model.view.threshold = (float) threshold / scale;
	model.view.joint = (flags & ATTR_FLAG_JOINT) != 0;
	memcpy(model.view.cal_w, p, ATTR_CAL_INPUTS * 4);
	p += ATTR_CAL_INPUTS * 4;
	model.view.ncal = (int) ncal;
	for (uint32_t i = 0; i < ncal; i++)
		memcpy(model.view.cal[i], p + 8 * i, 8);
	p += (size_t) ncal * 8;
	memcpy(&model.view.rel_default, p, 4);
	model.view.rel = p + 4;
	model.view.nrel = nrel;
	/* the lookup bisects: the hashes must ascend */
	for (uint32_t i = 1; i < nrel; i++)
	{
		uint64_t	a,
					b;

		memcpy(&a, model.view.rel + 8 * (i - 1), 8);
		memcpy(&b, model.view.rel + 8 * i, 8);
		if (a >= b)
			return "the attribution model's cue reliability table is not in ascending order";
	}
	if (derive)
	{
		/* static: 128 kB, once per process */
		static float dense_space[1 << 15];

		if (said_learned_dense_size() > (int) (sizeof(dense_space) / sizeof(float)))
			return "the learned stage's dense templates outgrew their array";
		said_learned_fill_dense(dense_space, lookup_loaded);
		said_learned_derived.dense = dense_space;
		said_learned_derived.model_bytes = len;
	}
	model.dense = said_learned_derived.dense;
	model.ready = true;
	return NULL;
}

const char *
said_learned_load(const unsigned char *image, size_t len)
{
	return load_model(image, len, true);
}

const char *
said_learned_init(const SaidAllocator *persistent)
{
	const unsigned char *image = (const unsigned char *) said_data_attr_model;
	size_t		len = said_data_attr_model_size;

	const char *err;

	(void) persistent;			/* the table is read in place, the derived tables are static */
	/* an empty data/attr.model: the stage is off */
	err = load_model(image, len,
					 said_learned_derived.dense == NULL || said_learned_derived.model_bytes != len);
	said_learned_word_bits_prepare();
	return err;
}

void
said_learned_tables(const SaidTableSink *out)
{
	bool		words = said_learned_derived.vocab != NULL;

	SAID_TABLE_HEADER(out, "learned.h");
	SAID_TABLE_OBJECT(out, said_learned_derived);
	SAID_TABLE_ARRAY(out, said_learned_derived.dense,
					 said_learned_derived.dense ? said_learned_dense_size() : 0);
	SAID_TABLE_ARRAY(out, said_learned_derived.vocab, words ? ATTR_VOCAB_SLOTS : 0);
	SAID_TABLE_ARRAY(out, said_learned_derived.vocab_bits, words ? 1 << ATTR_VOCAB_FILTER_LOG2 : 0);
}

/* ------------------------------------------------------------ speakers */

/* The type of a speaker: its entity's, else from its head word. */
static int
speaker_type(const SaidLearnedDoc *ad, const SaidLearnedSource *s, int entity)
{
	const SaidDoc *doc = ad->doc;
	uint32_t	lex;

	if (entity >= 0)
		return doc->entity[entity].type == ENT_PERSON ? ENT_PERSON :
			doc->entity[entity].type == ENT_NATIONALITY ? ENT_GROUP : ENT_ORGANIZATION;
	if (s->head < 0)
		return ENT_NONE;
	if (s->mention >= 0)
		return doc->mention[s->mention].type == ENT_NATIONALITY ? ENT_GROUP :
			doc->mention[s->mention].type == ENT_LOCATION ? ENT_ORGANIZATION : doc->mention[s->mention].type;
	lex = doc->tok[s->head].lex;
	if (lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PERSON_NOUN | LX_TITLE))
		return ENT_PERSON;
	if (lex & (LX_PRON_PLURAL | LX_GROUP_NOUN))
		return ENT_GROUP;
	if (lex & (LX_PRON_NEUTER | LX_ORG_NOUN | LX_ORG_WORD | LX_ORG_SUFFIX))
		return ENT_ORGANIZATION;
	return ENT_NONE;
}

/* ------------------------------------------------------------ decisions */

/*
 * Does [t0, t1) state something -- a clause (an auxiliary or modal, "to",
 * "that", a verb form), or quoted words -- rather than name a thing?
 */
static bool
propositional(const SaidLearnedDoc *ad, int t0, int t1)
{
	const SaidDoc *doc = ad->doc;

	for (int t = t0; t < t1; t++)
	{
		const SaidToken *k = &doc->tok[t];

		if (ad->aux[t] || (k->flags & TF_IN_QUOTE) || (k->lex & (LX_CUE_VERB | LX_PRON_REL)) ||
			(k->kind == TOK_WORD && k->b1 - k->b0 > 3 && doc->text[k->b1 - 2] == 'e' &&
			 doc->text[k->b1 - 1] == 'd'))
			return true;
	}
	return false;
}

float
said_learned_reliability(const SaidLearnedModel *m, uint64_t hash)
{
	uint32_t	lo = 0,
				hi = m->nrel;

	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;
		uint64_t	h;

		memcpy(&h, m->rel + 8 * (size_t) mid, 8);
		if (h == hash)
		{
			float		r;

			memcpy(&r, m->rel + 8 * (size_t) m->nrel + 4 * (size_t) mid, 4);
			return r;
		}
		if (h < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	return m->rel_default;
}

/*
 * What is known of a decision when it is made, as numbers: the models'
 * scores and margins, how its speaker was found and where, the content's
 * side and edges, the other candidates of its sentence, the rules' verdict
 * on its cue, and its cue word's reliability.  A row's confidence is a
 * logistic combination of them, mapped through the calibration table; the
 * inputs separate rows the scores alone rank alike ("said" and "believes"
 * at the same cue score are not right as often).
 */
void
said_learned_cal_inputs(const SaidLearnedDoc *ad, const SaidLearnedModel *m, const SaidLearnedCue *cand,
						int ncand, const SaidLearnedDecision *d, float *x)
{
	const SaidDoc *doc = ad->doc;
	const SaidLearnedCue *c = &cand[d->cand];
	int			how = d->source.how;
	int			others = 0;

	x[0] = 1.0f;
	x[1] = d->total;
	x[2] = d->span_margin < 5.0f ? d->span_margin : 5.0f;
	x[3] = d->source_margin < 5.0f ? d->source_margin : 5.0f;
	x[4] = how == ASRC_MENTION || how == ASRC_NAME;
	x[5] = how == ASRC_PRONOUN;
	x[6] = how == ASRC_NONE;
	x[7] = (float) (d->span.t1 - d->span.t0) / 40.0f;
	/* where the rules agree (their content, their speaker), rows are right more often */
	x[8] = d->rule_span;
	x[9] = d->source.rule;
	x[10] = 0.0f;
	for (int t = d->span.t0; t < d->span.t1; t++)
		if (doc->tok[t].flags & TF_IN_QUOTE)
		{
			x[10] = 1.0f;		/* quoted words inside: a mixed row */
			break;
		}
	x[ATTR_CAL_RELIABILITY] = said_learned_log_odds(said_learned_reliability(m, doc->tok[c->tok].hash));
	x[12] = how == ASRC_NOMINAL;
	x[13] = how == ASRC_PHRASE || how == ASRC_RULE;
	/* a speaker outside the cue's sentence, and how far from the cue */
	x[14] = how != ASRC_NONE && (d->source.t0 < c->s0 || d->source.t0 >= c->s1);
	x[15] = 0.0f;
	if (how != ASRC_NONE && d->source.head >= 0)
	{
		int			gap = d->source.head > c->tok ? d->source.head - c->tok : c->tok - d->source.head;

		x[15] = gap < 30 ? (float) gap / 10.0f : 3.0f;
	}
	/* other candidate cues in the sentence: which one reports is less sure */
	for (int j = d->cand - 1; j >= 0 && cand[j].s0 == c->s0 && others < 3; j--)
		others++;
	for (int j = d->cand + 1; j < ncand && cand[j].s0 == c->s0 && others < 3; j++)
		others++;
	x[16] = (float) others;
	/* a content that runs to the sentence's end, or stops at a clause edge */
	x[17] = d->span.t1 >= c->send;
	x[18] = d->span.side == ATTR_BEFORE;
	x[19] = d->span.side == ATTR_AROUND;
	/* the rules' row of the cue: whether there is one, and its confidence */
	x[20] = c->rule_attr >= 0;
	x[21] = c->rule_attr >= 0 ? doc->attr[c->rule_attr].confidence : 0.0f;
	/* the content's and the speaker's own scores, not only their margins */
	x[22] = d->span_score > 10.0f ? 1.0f : d->span_score < -10.0f ? -1.0f : d->span_score / 10.0f;
	x[23] = d->source_score > 10.0f ? 1.0f : d->source_score < -10.0f ? -1.0f : d->source_score / 10.0f;
	/*
	 * a content that states something (a clause, quoted words), or names a
	 * thing; read in the cue's sentence only, whose layers are filled
	 */
	x[24] = propositional(ad, d->span.t0 > c->s0 ? d->span.t0 : c->s0,
						  d->span.t1 < c->s1 ? d->span.t1 : c->s1);
	x[25] = (d->span.t0 > 0 && word_is(doc, d->span.t0 - 1, "that")) ||
		(c->tok + 1 < doc->ntok && word_is(doc, c->tok + 1, "that"));
	/* "it", "they" and "we" speak less surely than "he" and "she" */
	x[26] = how == ASRC_PRONOUN && d->source.head >= 0 &&
		(doc->tok[d->source.head].lex & (LX_PRON_PLURAL | LX_PRON_NEUTER | LX_PRON_FIRST));
	x[27] = d->span.t1 - d->span.t0 < 5;
	/* other candidate cues inside the content: an attribution inside, or a boundary missed */
	x[28] = 0.0f;
	for (int j = d->cand - 1; j >= 0 && cand[j].tok >= d->span.t0; j--)
		if (said_learned_in_span(&d->span, cand[j].tok))
			x[28] = 1.0f;
	for (int j = d->cand + 1; j < ncand && cand[j].tok < d->span.t1; j++)
		if (said_learned_in_span(&d->span, cand[j].tok))
			x[28] = 1.0f;
	x[29] = ad->quoted_sent[doc->tok[c->tok].sent];
	/* the rules' content and speaker both */
	x[30] = x[8] * x[9];
	/* a cue inside the rules' content of another cue: reported speech nested in reported speech */
	x[31] = ad->covered[c->tok];
	/* "urged X to …": an intention, not a statement */
	x[32] = word_is(doc, d->span.t0, "to");
	/* a long speaker phrase is cut wrong more often */
	x[33] = how == ASRC_NONE ? 0.0f : d->source.t1 - d->source.t0 > 10 ? 2.0f :
		(float) (d->source.t1 - d->source.t0) / 5.0f;
	/* a noun of saying ("the claim that") */
	x[34] = (doc->tok[c->tok].lex & LX_CUE_NOUN) && !(doc->tok[c->tok].lex & LX_CUE_VERB);
}

float
said_learned_combine(const SaidLearnedModel *m, const float *x)
{
	float		z = 0.0f;

	for (int i = 0; i < ATTR_CAL_INPUTS; i++)
		z += m->cal_w[i] * x[i];
	return 1.0f / (1.0f + expf(-z));
}

float
said_learned_confidence(const SaidLearnedModel *m, float p)
{
	float		c = p;

	for (int i = 0; i < m->ncal; i++)
		if (p <= m->cal[i][0] || i == m->ncal - 1)
		{
			c = m->cal[i][1];
			break;
		}
	if (c > 0.97f)
		c = 0.97f;
	if (c < 0.05f)
		c = 0.05f;
	/* two decimals, as the rules' confidences */
	return (float) ((int) (c * 100.0f + 0.5f)) / 100.0f;
}

/* The region whose content is exactly [t0, t1) but for marks, or -1. */
static int
whole_region(const SaidDoc *doc, int t0, int t1)
{
	int			r = doc->tok[t0].region;

	if (r < 0 || !(doc->tok[t0].flags & TF_IN_QUOTE))
		return -1;
	while (doc->region[r].parent >= 0)
		r = doc->region[r].parent;
	for (int k = doc->region[r].t0; k < t0; k++)
		if (doc->tok[k].kind == TOK_WORD || doc->tok[k].kind == TOK_NUMBER)
			return -1;
	for (int k = t1; k < doc->region[r].t1; k++)
		if (doc->tok[k].kind == TOK_WORD || doc->tok[k].kind == TOK_NUMBER)
			return -1;
	return doc->region[r].t1 >= t1 && doc->region[r].t0 <= t0 ? r : -1;
}

static const char *
row_kind(const SaidDoc *doc, int t0, int t1, int *kind, int *region)
{
	bool		quoted = false;

	*region = whole_region(doc, t0, t1);
	if (*region >= 0)
		*kind = QK_DIRECT;
	else
	{
		for (int k = t0; k < t1 && !quoted; k++)
			quoted = (doc->tok[k].flags & TF_IN_QUOTE) != 0;
		*kind = quoted ? QK_MIXED : QK_INDIRECT;
	}
	return said_rule_name(*kind == QK_DIRECT ? RULE_LEARNED_DIRECT :
						  *kind == QK_MIXED ? RULE_LEARNED_MIXED : RULE_LEARNED_INDIRECT);
}

/*
 * The cue of a decision: the rules' one, else a new SaidCue.  *cap is the
 * capacity of doc->cue as this stage knows it (cues.c's is its own): the
 * first new cue copies the array, the next ones go after it.
 */
static int
cue_of(SaidDoc *doc, const SaidLearnedCue *c, int *cap)
{
	SaidCue    *cu;

	if (c->rule_cue >= 0)
		return c->rule_cue;
	doc->cue = said_grow(doc->arena, doc->cue, cap, doc->ncue + 1, sizeof(SaidCue));
	cu = &doc->cue[doc->ncue];
	cu->t0 = c->t0;
	cu->t1 = c->t1;
	cu->kind = (doc->tok[c->tok].lex & LX_CUE_NOUN) && !(doc->tok[c->tok].lex & LX_CUE_VERB) ?
		CUE_NOUN : CUE_VERB;
	cu->takes_clause = 1;
	return doc->ncue++;
}

/*
 * Widen [t0, t1) over quote marks that open or close inside it.  A closing
 * mark is outside its region (marks.c), so its region is the last quoted
 * token's, before it.
 */
static void
take_marks(const SaidDoc *doc, int *t0, int *t1)
{
	if (*t0 > 0 && doc->tok[*t0 - 1].kind == TOK_QUOTE && doc->tok[*t0 - 1].region >= 0 &&
		doc->region[doc->tok[*t0 - 1].region].open_tok == *t0 - 1)
		(*t0)--;
	if (*t1 < doc->ntok && *t1 > *t0 && doc->tok[*t1].kind == TOK_QUOTE)
	{
		int			r = doc->tok[*t1].region >= 0 ? doc->tok[*t1].region : doc->tok[*t1 - 1].region;

		if (r >= 0 && doc->region[r].close_tok == *t1 && doc->region[r].open_tok >= *t0)
			(*t1)++;
	}
}

/* Is candidate c the cue of a rules' direct quote? */
static inline bool
narration_cue(const SaidDoc *doc, const SaidLearnedCue *c)
{
	return c->rule_attr >= 0 && doc->attr[c->rule_attr].kind == QK_DIRECT;
}

SaidLearnedDecision *
said_learned_decide(const SaidLearnedDoc *ad, const SaidLearnedModel *m, SaidLearnedCue **candp,
				 int *ncandp, int *nout)
{
	const SaidDoc *doc = ad->doc;
	int			ncand;
	SaidLearnedCue *cand = said_learned_candidates(ad, &ncand);
	SaidLearnedDecision *dec = NULL;
	int			ndec = 0,
				cap = 0;
	SaidLearnedSource src[ATTR_MAX_SOURCES];

	for (int i = 0; i < ncand; i++)
	{
		const SaidLearnedCue *c = &cand[i];
		SaidLearnedDecision d;
		int			ns;
		bool		clash = false,
					dup = false;

		if ((i & 255) == 0)
			said_check_interrupts(doc);
		if (narration_cue(doc, c))
			continue;
		memset(&d, 0, sizeof(d));
		d.cand = i;
		d.attr = -1;
		d.cue_score = said_learned_cue_score(ad, c, &m->cue);
		if (!m->joint && d.cue_score <= m->threshold)
			continue;
		/* the rules' content where they gave the cue one, else the decoder's */
		if (said_learned_rule_span(ad, c, &d.span))
		{
			d.span_score = 0.0f;
			d.span_margin = 10.0f;
			d.rule_span = true;
		}
		else if (!said_learned_best_span(ad, c, &m->span, &d.span, &d.span_score, &d.span_margin))
			continue;
		/* a content reaching into the rules' direct quote is not this cue's */
		for (int k = d.span.t0; k < d.span.t1 && !clash; k++)
			clash = ad->direct_at[k] >= 0;
		/*
		 * nor one holding the cue of a rules' direct quote, which is that
		 * quote's narration ("“…”, Assad said, according to a transcript")
		 */
		for (int j = i - 1; j >= 0 && cand[j].tok >= d.span.t0 && !clash; j--)
			clash = cand[j].tok < d.span.t1 && narration_cue(doc, &cand[j]);
		for (int j = i + 1; j < ncand && cand[j].tok < d.span.t1 && !clash; j++)
			clash = cand[j].tok >= d.span.t0 && narration_cue(doc, &cand[j]);
		if (clash)
			continue;
		/*
		 * verbs of deciding and acting report speech only with a
		 * proposition: "rejected the claim that …", not "rejected the budget
		 * deal", "the vote is expected on Thursday"
		 */
		if ((ad->wflags[c->tok] & AW_ACTING) && !propositional(ad, d.span.t0, d.span.t1))
			continue;
		ns = said_learned_sources(ad, c, &d.span, src);
		d.source = src[said_learned_best_source(ad, c, &d.span, src, ns, &m->source, &d.source_score,
											 &d.source_margin)];
		d.total = m->joint ? d.cue_score + d.span_score + d.source_score : d.cue_score;
		if (d.total <= m->threshold)
			continue;
		d.entity = -1;
		if (d.source.mention >= 0)
			d.entity = doc->mention[d.source.mention].entity;
		else if (d.source.how == ASRC_PRONOUN && ad->at)
			d.entity = said_resolve_pronoun(ad->at, d.source.head);
		{
			float		x[ATTR_CAL_INPUTS];

			said_learned_cal_inputs(ad, m, cand, ncand, &d, x);
			d.confidence = said_learned_confidence(m, said_learned_combine(m, x));
		}
		/* one row per content: the cue that scores higher keeps it */
		for (int j = ndec - 1; j >= 0 && j >= ndec - 8 && !dup; j--)
			if (dec[j].span.t0 == d.span.t0 && dec[j].span.t1 == d.span.t1)
			{
				if (d.total > dec[j].total)
					dec[j] = d;
				dup = true;
			}
		if (dup)
			continue;
		dec = said_grow(doc->arena, dec, &cap, ndec + 1, sizeof(SaidLearnedDecision));
		dec[ndec++] = d;
	}
	*candp = cand;
	*ncandp = ncand;
	*nout = ndec;
	return dec;
}

void
said_learned_emit(SaidLearnedDoc *ad, const SaidLearnedCue *cand, int ncand, SaidLearnedDecision *dec, int ndec)
{
	SaidDoc    *doc = ad->doc;
	int			nrule = doc->nattr;
	uint8_t    *drop = said_arena_calloc(doc->arena, (size_t) nrule + 1, 1);
	SaidAttribution *rows = said_arena_alloc(doc->arena, sizeof(SaidAttribution) * ((size_t) nrule + ndec + 1));
	int			nrows = 0;
	int			cue_cap = doc->ncue;
	/* decided[t]: tokens before t inside some decision's content (a prefix sum) */
	int32_t    *decided = said_arena_calloc(doc->arena, (size_t) doc->ntok + 1, sizeof(int32_t));

	for (int j = 0; j < ndec; j++)
		for (int t = dec[j].span.t0; t < dec[j].span.t1; t++)
			decided[t + 1] = 1;
	for (int t = 0; t < doc->ntok; t++)
		decided[t + 1] += decided[t];
	said_check_interrupts(doc);

	/* the rules' rows of the cues decided here give way, whatever the verdict */
	for (int i = 0; i < ncand; i++)
		if (cand[i].rule_attr >= 0 && doc->attr[cand[i].rule_attr].kind != QK_DIRECT)
			drop[cand[i].rule_attr] = 1;
	for (int r = 0; r < nrule; r++)
	{
		const SaidAttribution *a = &doc->attr[r];
		bool		inside = false;

		if ((r & 4095) == 0)
			said_check_interrupts(doc);
		if (drop[r])
			continue;
		/*
		 * a bare noun guessed as the speaker of a cue the model never saw as
		 * one ("most voters say …"): 8 % of these rows were right on PolNeAR
		 * train, and dropping them raised its held-out F1
		 */
		if (a->rule == said_rule_name(RULE_INDIRECT_AFTER_CUE_BARE))
			continue;
		/* a row whose content shares a token with a decided content gives way */
		if (a->kind != QK_DIRECT && a->content_b1 > a->content_b0)
		{
			int			t0,
						t1;

			said_learned_tokens_of(doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &t0, &t1);
			inside = decided[t1] > decided[t0];
		}
		if (inside)
			continue;
		rows[nrows++] = *a;
	}
	for (int j = 0; j < ndec; j++)
	{
		SaidLearnedDecision *d = &dec[j];
		const SaidLearnedCue *c = &cand[d->cand];
		SaidAttribution *a = &rows[nrows];
		int			t0 = d->span.t0,
					t1 = d->span.t1,
					kind,
					region;

		if ((j & 4095) == 0)
			said_check_interrupts(doc);
		memset(a, 0, sizeof(*a));
		a->rule = row_kind(doc, t0, t1, &kind, &region);
		take_marks(doc, &t0, &t1);
		a->kind = (uint8_t) kind;
		a->content_b0 = (int32_t) doc->tok[t0].b0;
		a->content_b1 = (int32_t) doc->tok[t1 - 1].b1;
		a->content_c0 = (int32_t) doc->tok[t0].c0;
		a->content_c1 = (int32_t) said_token_c1(doc, t1 - 1);
		a->first_region = region;
		if (d->span.side == ATTR_AROUND)
		{
			int32_t    *parts = said_arena_alloc(doc->arena, sizeof(int32_t) * 4);

			parts[0] = t0;
			parts[1] = d->span.gap0;
			parts[2] = d->span.gap1;
			parts[3] = t1;
			a->parts = parts;
			a->nparts = 2;
		}
		a->cue = cue_of(doc, c, &cue_cap);
		if (d->source.how != ASRC_NONE)
		{
			a->speaker_t0 = d->source.t0;
			a->speaker_t1 = d->source.t1;
		}
		else
			a->speaker_t0 = a->speaker_t1 = -1;
		a->speaker_entity = d->entity;
		a->speaker_type = (uint8_t) (d->source.how == ASRC_NONE ? ENT_NONE : speaker_type(ad, &d->source, d->entity));
		/*
		 * the rules' type of the same speaker (the same head: a phrase
		 * ending where this one does, inside it) where the head word tells
		 * none ("[most] opposition groups")
		 */
		if (a->speaker_type == ENT_NONE && d->source.how != ASRC_NONE && c->rule_attr >= 0 &&
			doc->attr[c->rule_attr].speaker_t0 >= a->speaker_t0 &&
			doc->attr[c->rule_attr].speaker_t1 == a->speaker_t1)
			a->speaker_type = doc->attr[c->rule_attr].speaker_type;
		a->confidence = d->confidence;
		d->attr = nrows;
		nrows++;
	}
	doc->attr = rows;
	doc->nattr = nrows;
}

void
said_learned_apply(SaidLearnedDoc *ad, const SaidLearnedModel *m)
{
	SaidLearnedCue *cand;
	int			ncand,
				n;
	SaidLearnedDecision *dec = said_learned_decide(ad, m, &cand, &ncand, &n);

	said_learned_emit(ad, cand, ncand, dec, n);
}

/*
 * Could the document have a candidate cue (said_learned_candidates)?  Without
 * one the stage changes nothing: it then allocates nothing either (a text of
 * marks alone, or of words no cue, costs no per-token layer).
 */
static bool
has_candidate(const SaidDoc *doc)
{
	if (doc->ncue > 0)
		return true;
	for (int t = 0; t < doc->ntok; t++)
	{
		const SaidToken *k = &doc->tok[t];

		if (k->kind == TOK_WORD && !(k->flags & TF_IN_QUOTE) && said_learned_in_vocabulary(k->hash))
			return true;
	}
	return false;
}

void
said_learned_attribute(Attributor *at)
{
	SaidLearnedDoc ad;

	if (!model.ready || !has_candidate(at->doc))
		return;
	said_learned_doc_init(&ad, at->doc);
	ad.at = at;
	said_learned_apply(&ad, &model.view);
}
