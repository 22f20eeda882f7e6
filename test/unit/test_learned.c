/*
 * test_learned.c -- the learned attribution stage (src/learned.h): feature
 * extraction, the embedded model, a model crafted here byte by byte, and
 * damaged model images, which must be refused with the stage left off.
 */
#include "unit.h"
#include "lexicon.h"
#include "learned.h"
#include "data.h"

/* ------------------------------------------------------------ features */

static const SaidLearnedCue *
candidate_at(const SaidLearnedCue *c, int n, int tok)
{
	for (int i = 0; i < n; i++)
		if (c[i].tok == tok)
			return &c[i];
	return NULL;
}

static bool
same_keys(const SaidLearnedFeat *a, int na, const SaidLearnedFeat *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (a[i].key != b[i].key || a[i].dense != b[i].dense)
			return false;
	return true;
}

static void
test_features(void)
{
	SaidArena	a;
	SaidDoc		d;
	SaidLearnedDoc ad;
	SaidLearnedCue *cand;
	const SaidLearnedCue *c;
	int			ncand,
				said_tok,
				n1,
				n2;
	SaidLearnedFeat f1[ATTR_MAX_KEYS],
				f2[ATTR_MAX_KEYS];
	bool		keys_set = true;

	unit_analyze(&d, &a, "Officials warned on Monday that the bridge could close, and the mayor said it was safe.");
	said_learned_doc_init(&ad, &d);
	cand = said_learned_candidates(&ad, &ncand);
	said_tok = find_token(&d, "said");
	c = candidate_at(cand, ncand, said_tok);
	CHECK(c != NULL && candidate_at(cand, ncand, find_token(&d, "warned")) != NULL,
		  "learned: the cue words of a sentence are candidates");
	CHECK(candidate_at(cand, ncand, find_token(&d, "bridge")) == NULL &&
		  candidate_at(cand, ncand, find_token(&d, "Monday")) == NULL,
		  "learned: words outside the cue vocabulary are not candidates");
	CHECK(said_learned_class(&ad, find_token(&d, ",")) == AC_COMMA &&
		  said_learned_class(&ad, find_token(&d, "the")) == AC_DET &&
		  said_learned_class(&ad, find_token(&d, "it")) == AC_PRON,
		  "learned: token classes (comma, determiner, pronoun)");
	if (c)
	{
		n1 = said_learned_cue_keys(&ad, c, f1);
		n2 = said_learned_cue_keys(&ad, c, f2);
		for (int i = 0; i < n1; i++)
			keys_set &= f1[i].key != 0;
		CHECK(n1 > 0 && n1 <= ATTR_MAX_KEYS && keys_set,
			  "learned: a cue's features are set and within ATTR_MAX_KEYS");
		CHECK(same_keys(f1, n1, f2, n2), "learned: feature extraction is deterministic");
		n2 = said_learned_cue_keys(&ad, candidate_at(cand, ncand, find_token(&d, "warned")), f2);
		CHECK(!same_keys(f1, n1, f2, n2), "learned: two cues in different contexts have different features");
		{
			SaidLearnedSpan sp = {ATTR_AFTER, said_tok + 1, find_token(&d, "safe") + 1, -1, -1};
			SaidLearnedSource src[ATTR_MAX_SOURCES];
			int			ns;
			bool		mayor = false;

			CHECK(said_learned_span_allowed(&ad, c, &sp), "learned: the clause after the cue is an allowed content");
			n1 = said_learned_span_keys(&ad, c, &sp, f1);
			CHECK(n1 > 0 && n1 <= ATTR_MAX_KEYS, "learned: a content span has features");
			ns = said_learned_sources(&ad, c, &sp, src);
			for (int i = 0; i < ns; i++)
				mayor |= src[i].t0 >= 0 && strcmp(unit_span(&d, src[i].t0, src[i].t1), "the mayor") == 0;
			CHECK(ns >= 2 && src[0].how == ASRC_NONE && mayor,
				  "learned: the candidate speakers are 'none' first, and the noun phrase before the cue");
		}
	}
	said_arena_free_all(&a);
}

/*
 * The layers of a sentence are filled on demand (a candidate's classes, the
 * decoder's clause edges and counts where it looks, nothing for the cue of
 * a rules' direct quote): the features and candidates must be those of a
 * document prepared whole, as the trainer prepares it.
 */
static void
test_layers_on_demand(void)
{
	SaidArena	a;
	SaidDoc		d;
	SaidLearnedDoc lazy,
				whole;
	SaidLearnedCue *c1,
			   *c2;
	int			n1,
				n2;
	bool		same = true;
	SaidLearnedFeat f1[ATTR_MAX_KEYS],
				f2[ATTR_MAX_KEYS];

	unit_analyze(&d, &a, "“We will rebuild,” the mayor said on Tuesday. Officials warned that the bridge could "
				 "close, and the engineers, who said it was safe, left. He told reporters the vote, "
				 "expected on Thursday, would pass.");
	said_learned_doc_init(&lazy, &d);
	said_learned_doc_init(&whole, &d);
	said_learned_prepare_all(&whole);
	c1 = said_learned_candidates(&lazy, &n1);
	c2 = said_learned_candidates(&whole, &n2);
	same = n1 == n2 && n1 >= 4;
	for (int i = 0; same && i < n1; i++)
		same = c1[i].tok == c2[i].tok && c1[i].t0 == c2[i].t0 && c1[i].t1 == c2[i].t1 &&
			c1[i].s0 == c2[i].s0 && c1[i].s1 == c2[i].s1 && c1[i].send == c2[i].send &&
			c1[i].rule_attr == c2[i].rule_attr;
	CHECK(same, "learned: the candidates of a document prepared on demand are those of one prepared whole");
	for (int i = 0; same && i < n1; i++)
	{
		if (c1[i].rule_attr >= 0 && d.attr[c1[i].rule_attr].kind == QK_DIRECT)
			continue;			/* not decided: its sentence is not prepared */
		same = same_keys(f1, said_learned_cue_keys(&lazy, &c1[i], f1), f2, said_learned_cue_keys(&whole, &c2[i], f2));
		for (int e = c1[i].t1 + 1; same && e <= c1[i].send; e++)
		{
			SaidLearnedSpan sp = {ATTR_AFTER, c1[i].t1, e, -1, -1};

			same = said_learned_span_allowed(&lazy, &c1[i], &sp) == said_learned_span_allowed(&whole, &c2[i], &sp) &&
				same_keys(f1, said_learned_span_keys(&lazy, &c1[i], &sp, f1),
						  f2, said_learned_span_keys(&whole, &c2[i], &sp, f2));
		}
	}
	CHECK(same, "learned: cue and content features on demand are those of a document prepared whole");
	said_arena_free_all(&a);
}

/* ------------------------------------------------------------ the embedded model */

static void
test_embedded_model(void)
{
	SaidArena	a;
	SaidDoc		d;
	const SaidAttribution *q;

	CHECK(said_learned_ready(), "learned: the embedded model is loaded");
	unit_analyze(&d, &a, "The mayor said on Tuesday that the bridge would reopen next month.");
	q = attribution_containing(&d, "the bridge would reopen");
	CHECK(q && q->kind == QK_INDIRECT && strncmp(q->rule, "learned.", 8) == 0 &&
		  q->confidence > 0.0f && q->confidence <= 1.0f &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "The mayor") == 0,
		  "learned: an indirect attribution from the stage, its rule and confidence");
	said_arena_free_all(&a);

	/* direct quotes stay the rules' */
	unit_analyze(&d, &a, "“We will rebuild,” the mayor said.");
	q = attribution_containing(&d, "We will rebuild");
	CHECK(q && q->kind == QK_DIRECT && strncmp(q->rule, "direct.", 7) == 0,
		  "learned: a direct quote keeps the rules' row");
	said_arena_free_all(&a);
}

/* ------------------------------------------------------------ crafted models */

#define TINY_SLOTS 4
#define TINY_TOTAL (TINY_SLOTS + ATTR_TAIL)
#define TINY_REL 2
#define TINY_REL_AT (ATTR_HEADER_BYTES + TINY_TOTAL * ATTR_SLOT_BYTES + 8 + ATTR_CAL_INPUTS * 4 + 8)
#define TINY_BYTES (TINY_REL_AT + 4 + TINY_REL * 12)

static void
put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * A model of four home slots: key_a at its home, key_b (the same home) in
 * the next slot, one cue word, one calibration bin, and the reliability of
 * two cue words ("claimed" 0.3, "said" 0.9; 0.5 for the others).  Weights
 * are stored times scale (2.0).
 */
static void
craft_model(unsigned char *img, uint64_t key_a, uint64_t key_b, uint64_t word)
{
	unsigned char *slots = img + ATTR_HEADER_BYTES;
	unsigned char *p;
	float		scale = 2.0f,
				cal_w[ATTR_CAL_INPUTS] = {0},
				bin[2] = {1.0f, 0.9f};
	uint32_t	home = (uint32_t) (key_a >> (64 - 2));
	uint16_t	check;
	int16_t		w;

	memset(img, 0, TINY_BYTES);
	memcpy(img, ATTR_MODEL_MAGIC, 8);
	put32(img + 8, ATTR_MODEL_VERSION);
	put32(img + 12, ATTR_FEATURE_VERSION);
	put32(img + 16, TINY_SLOTS);
	put32(img + 20, 2);
	memcpy(img + 24, &scale, 4);
	put32(img + 28, 1);			/* cue words */
	put32(img + 32, 0);			/* threshold */
	put32(img + 36, 1);			/* calibration bins */
	put32(img + 44, TINY_REL);	/* cue words' reliability */
	check = (uint16_t) (key_a >> 32) | 1;
	w = 7;
	memcpy(slots + home * ATTR_SLOT_BYTES, &check, 2);
	memcpy(slots + home * ATTR_SLOT_BYTES + 2, &w, 2);
	check = (uint16_t) (key_b >> 32) | 1;
	w = -3;
	memcpy(slots + (home + 1) * ATTR_SLOT_BYTES, &check, 2);
	memcpy(slots + (home + 1) * ATTR_SLOT_BYTES + 2, &w, 2);
	p = slots + TINY_TOTAL * ATTR_SLOT_BYTES;
	memcpy(p, &word, 8);
	p += 8;
	memcpy(p, cal_w, sizeof(cal_w));
	p += sizeof(cal_w);
	memcpy(p, bin, 8);
	p += 8;
	{
		float		def = 0.5f,
					share[TINY_REL] = {0.3f, 0.9f};
		uint64_t	h[TINY_REL] = {said_fold_hash("claimed", 7), said_fold_hash("said", 4)};

		/* the hashes ascend */
		if (h[0] > h[1])
		{
			uint64_t	t = h[0];

			h[0] = h[1];
			h[1] = t;
			share[0] = 0.9f;
			share[1] = 0.3f;
		}
		memcpy(p, &def, 4);
		memcpy(p + 4, h, sizeof(h));
		memcpy(p + 4 + sizeof(h), share, sizeof(share));
	}
}

/*
 * The calibration's cue word reliability: looked up in the table (a word
 * without an entry gets the default), and an input of the confidence that
 * parts rows the other inputs leave alike.
 */
static void
test_reliability(void)
{
	unsigned char rel[TINY_REL * 12];
	uint64_t	h[TINY_REL] = {said_fold_hash("claimed", 7), said_fold_hash("said", 4)};
	float		share[TINY_REL] = {0.3f, 0.9f};
	SaidLearnedModel m;
	float		x[ATTR_CAL_INPUTS] = {0};
	int			lo = h[0] < h[1] ? 0 : 1;

	memcpy(rel, &h[lo], 8);
	memcpy(rel + 8, &h[1 - lo], 8);
	memcpy(rel + 16, &share[lo], 4);
	memcpy(rel + 20, &share[1 - lo], 4);
	memset(&m, 0, sizeof(m));
	m.rel = rel;
	m.nrel = TINY_REL;
	m.rel_default = 0.5f;
	CHECK(said_learned_reliability(&m, said_fold_hash("said", 4)) == 0.9f &&
		  said_learned_reliability(&m, said_fold_hash("claimed", 7)) == 0.3f &&
		  said_learned_reliability(&m, said_fold_hash("bridge", 6)) == 0.5f,
		  "learned: a cue word's reliability, the default for a word without an entry");
	m.nrel = 0;
	CHECK(said_learned_reliability(&m, said_fold_hash("said", 4)) == 0.5f,
		  "learned: an empty reliability table gives the default");
	m.nrel = TINY_REL;
	/* a confidence from the reliability alone: two bins, at 0.5 and above */
	m.cal_w[ATTR_CAL_RELIABILITY] = 1.0f;
	m.ncal = 2;
	m.cal[0][0] = 0.5f;
	m.cal[0][1] = 0.3f;
	m.cal[1][0] = 1.0f;
	m.cal[1][1] = 0.9f;
	x[ATTR_CAL_RELIABILITY] = said_learned_log_odds(said_learned_reliability(&m, said_fold_hash("said", 4)));
	CHECK(said_learned_confidence(&m, said_learned_combine(&m, x)) == 0.9f,
		  "learned: a reliable cue word's row is confident");
	x[ATTR_CAL_RELIABILITY] = said_learned_log_odds(said_learned_reliability(&m, said_fold_hash("claimed", 7)));
	CHECK(said_learned_confidence(&m, said_learned_combine(&m, x)) == 0.3f,
		  "learned: an unreliable cue word's row is not");
	CHECK(said_learned_log_odds(0.0f) == said_learned_log_odds(0.02f) &&
		  said_learned_log_odds(1.0f) == said_learned_log_odds(0.98f) && said_learned_log_odds(0.5f) == 0.0f,
		  "learned: log-odds of a share kept within bounds");
}

static void
test_crafted_model(void)
{
	static unsigned char img[TINY_BYTES],
				bad[TINY_BYTES];
	/* two keys with the same home slot (the top two bits) and other checks */
	uint64_t	key_a = 0x4000123400000000ULL | 0x55,
				key_b = 0x4000567800000000ULL | 0x77,
				absent = 0x40009abc00000000ULL;
	uint64_t	said = said_fold_hash("said", 4);
	uint32_t	v;
	SaidArena	a;
	SaidDoc		d;

	craft_model(img, key_a, key_b, said);
	CHECK(said_learned_load(img, sizeof(img)) == NULL && said_learned_ready(),
		  "learned: a crafted tiny model loads");
	CHECK(said_learned_weight(key_a) == 3.5f && said_learned_weight(key_b) == -1.5f &&
		  said_learned_weight(absent) == 0.0f,
		  "learned: the tiny model's weights (a key at its home, one probed past it, one absent)");
	CHECK(said_learned_in_vocabulary(said) && !said_learned_in_vocabulary(said_fold_hash("bridge", 6)),
		  "learned: the tiny model's cue vocabulary");
	/* the stage runs on it without a crash and with rows of its own rules */
	unit_analyze(&d, &a, "The mayor said the bridge would reopen. “We will rebuild,” she said.");
	{
		bool		named = true;

		for (int i = 0; i < d.nattr; i++)
			named &= d.attr[i].rule != NULL && d.attr[i].confidence >= 0.0f && d.attr[i].confidence <= 1.0f;
		CHECK(named, "learned: the tiny model's rows have a rule and a confidence in [0, 1]");
	}
	said_arena_free_all(&a);

	/* damaged images: refused with a reason, the stage off */
	memcpy(bad, img, sizeof(img));
	bad[0] = 'X';
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a model with a bad magic is refused");
	CHECK(said_learned_load(img, ATTR_HEADER_BYTES - 1) != NULL && !said_learned_ready(),
		  "learned: a model shorter than its header is refused");
	CHECK(said_learned_load(img, sizeof(img) - 1) != NULL && !said_learned_ready(),
		  "learned: a truncated model is refused");
	memcpy(bad, img, sizeof(img));
	put32(bad + 12, ATTR_FEATURE_VERSION + 1);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a model of another feature version is refused");
	memcpy(bad, img, sizeof(img));
	put32(bad + 16, 3);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a table size that is no power of two is refused");
	memcpy(bad, img, sizeof(img));
	put32(bad + 16, 1u << 30);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a table size past the limit is refused (no read past the image)");
	memcpy(bad, img, sizeof(img));
	v = 0xffffffffu;
	memcpy(bad + 28, &v, 4);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a cue vocabulary past the limit is refused");
	memcpy(bad, img, sizeof(img));
	memset(bad + ATTR_HEADER_BYTES + (TINY_TOTAL - 1) * ATTR_SLOT_BYTES, 0x11, 2);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a table whose last slots are not empty is refused (probes need them)");
	memcpy(bad, img, sizeof(img));
	put32(bad + 44, ATTR_MAX_REL + 1);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a reliability table past the limit is refused");
	memcpy(bad, img, sizeof(img));
	memcpy(bad + TINY_REL_AT + 4, img + TINY_REL_AT + 12, 8);
	memcpy(bad + TINY_REL_AT + 12, img + TINY_REL_AT + 4, 8);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a reliability table out of order is refused (the lookup bisects)");
	CHECK(said_learned_load(img, TINY_REL_AT + 4 + TINY_REL * 12 - 1) != NULL && !said_learned_ready(),
		  "learned: a truncated reliability table is refused");
	memcpy(bad, img, sizeof(img));
	memset(bad + ATTR_HEADER_BYTES + TINY_TOTAL * ATTR_SLOT_BYTES, 0, 8);
	CHECK(said_learned_load(bad, sizeof(bad)) != NULL && !said_learned_ready(),
		  "learned: a cue word hash of 0 is refused");

	/* without a model the rules alone give the rows */
	CHECK(said_learned_load(NULL, 0) == NULL && !said_learned_ready(), "learned: an empty model turns the stage off");
	unit_analyze(&d, &a, "The mayor said on Tuesday that the bridge would reopen next month.");
	{
		const SaidAttribution *q = attribution_containing(&d, "the bridge would reopen");

		CHECK(q && strncmp(q->rule, "indirect.", 9) == 0, "learned: the stage off, the rules' row stays");
	}
	said_arena_free_all(&a);

	CHECK(said_learned_init(&unit_heap) == NULL && said_learned_ready(), "learned: the embedded model loads again");
}

/* splitmix64: distinct nonzero-mostly hashes from distinct counters */
static uint64_t
mixed(uint64_t i)
{
	uint64_t	z = i * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The cue vocabulary's bucket bits (2 kB) in front of its table: with
 * 4,000 words (a fifth of the bits set), every word is found and none of
 * 50,000 others, whether its bit is set or not.
 */
static void
test_vocabulary_filter(void)
{
	static uint64_t words[4000];
	int			found = 0,
				wrong = 0;

	for (int i = 0; i < 4000; i++)
		words[i] = mixed((uint64_t) i) | 1;
	CHECK(said_learned_set_words(words, 4000) == NULL, "learned: install 4,000 cue words");
	for (int i = 0; i < 4000; i++)
		found += said_learned_in_vocabulary(words[i]);
	for (int i = 4000; i < 54000; i++)
		wrong += said_learned_in_vocabulary(mixed((uint64_t) i) | 1);
	CHECK(found == 4000 && wrong == 0, "learned: the vocabulary's bits pass its words and only them");
	CHECK(said_learned_load((const unsigned char *) said_data_attr_model, said_data_attr_model_size) == NULL &&
		  said_learned_in_vocabulary(said_fold_hash("said", 4)) &&
		  !said_learned_in_vocabulary(words[0]),
		  "learned: the embedded model's vocabulary again");
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	if (err)
	{
		printf("Bail out! %s\n", err);
		return 1;
	}
	test_features();
	test_layers_on_demand();
	test_embedded_model();
	test_crafted_model();
	test_reliability();
	test_vocabulary_filter();
	return unit_done();
}
