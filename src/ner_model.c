/*
 * ner_model.c -- stage 4a, the entity tagger's model: the file format (see
 * ner.h), the table unpacked from it, the word lists, and the tagger's
 * process state (SaidNerState, ner_internal.h) and its lifetime.
 *
 * The model's slots are unpacked at load into two arrays (NerModel): the
 * 16-bit check words alone, so that probing reads 32 slots a cache line,
 * and the int8 weights (relative to O), 8 bytes a slot: 10 bytes a slot in
 * all, so that a table of 2^16 slots (640 KB) stays in a 1 MB L2 cache.
 * The run of occupied slots at the start of the table, and the empty slot
 * ending it, are copied again after the last slot: a probe that would wrap
 * around continues into the copy instead, so the probe loop needs no wrap
 * test (a hit in the copy has the same weights as the original slot).
 * Then comes the slot of weights all 0 that a missing key gets
 * (model.no_slot), and NER_PROBE_LANES zero check words.
 */
#include "ner_internal.h"
#include "data.h"

/* An empty word list, until a model's: words_has reads two slots. */
static const uint64_t no_words[2];

SaidNerState ner_state;

static const char *const label_names[NER_NLABELS] = {
	"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"
};

const char *
said_ner_label_name(int label)
{
	return label >= 0 && label < NER_NLABELS ? label_names[label] : "?";
}

/* ------------------------------------------------------------ memory */

/*
 * On a cache line: the type cache's entries are two lines each, and hold
 * vectors (16 bytes); the allocator promises 8 bytes (palloc).  The
 * block's own address is kept in the word before the one returned.
 */
void *
ner_alloc(const SaidAllocator *persistent, size_t size)
{
	char	   *raw = persistent->alloc(persistent->ctx, size + 64 + sizeof(void *));
	uintptr_t	at = ((uintptr_t) raw + sizeof(void *) + 63) & ~(uintptr_t) 63;

	memcpy((char *) at - sizeof(void *), &raw, sizeof(void *));
	memset((void *) at, 0, size);
	return (void *) at;
}

void
ner_release(const SaidAllocator *persistent, void *p)
{
	void	   *raw;

	if (!p || !persistent->release)
		return;
	memcpy(&raw, (char *) p - sizeof(void *), sizeof(void *));
	persistent->release(persistent->ctx, raw);
}

/* ------------------------------------------------------------ word lists */

/*
 * Fill list with the n words at words (8 bytes each, in the host's order;
 * not necessarily aligned: a model image's), a set at most a quarter full;
 * NULL on success.
 */
static const char *
words_fill(SaidNerState *st, SaidNerWordList list, const void *words, uint32_t n)
{
	NerWordSet *set = &st->model.words[list];
	uint32_t	size;
	uint64_t   *slots;

	if (n > NER_MAX_WORDS)
		return "the entity model has a word list longer than the tagger supports";
	size = (uint32_t) said_hash_size(16, 4 * (uint64_t) n);
	if (size > st->word_capacity[list])
	{
		/* allocated first: in a backend, an allocation may throw */
		slots = ner_alloc(&st->persistent, sizeof(uint64_t) * size);
		ner_release(&st->persistent, st->word_slots[list]);
		st->word_slots[list] = slots;
		st->word_capacity[list] = size;
	}
	slots = st->word_slots[list];
	memset(slots, 0, sizeof(uint64_t) * size);
	set->slots = slots;
	set->mask = size - 1;
	set->bits = said_hash_log2(size);
	memset(set->filter, 0, sizeof(set->filter));
	for (uint32_t k = 0; k < n; k++)
	{
		uint64_t	word;
		uint64_t	i;

		memcpy(&word, (const unsigned char *) words + (size_t) k * 8, 8);
		if (word == 0)
			return "the entity model's word lists are damaged (a zero hash)";
		for (i = said_hash_slot64(word, set->bits); slots[i] != 0 && slots[i] != word;
			 i = said_hash_next(i, set->mask))
			;
		slots[i] = word;
		said_filter_set(set->filter, NER_WORD_FILTER_LOG2, word);
	}
	return NULL;
}

const char *
said_ner_set_words(SaidNerWordList list, const uint64_t *words, uint32_t n)
{
	if (!ner_state.memory)
		return "the entity tagger is not initialised";
	return words_fill(&ner_state, list, words, n);
}

/* Read list's count and words at *at, advancing it; NULL on success. */
static const char *
load_words(SaidNerState *st, SaidNerWordList list, const unsigned char *model, size_t len,
		   size_t *at)
{
	uint32_t	n;
	const char *err;

	if (len - *at < 4)
		return "the entity model is truncated";
	memcpy(&n, model + *at, 4);
	/* an overlong list is words_fill's to refuse, before any read */
	if (n <= NER_MAX_WORDS && (len - *at - 4) / 8 < n)
		return "the entity model is truncated";
	err = words_fill(st, list, model + *at + 4, n);
	*at += 4 + (size_t) n * 8;
	return err;
}

/* ------------------------------------------------------------ the state */

/*
 * The embedded word clusters (data/clusters.tsv: word<TAB>bits, '#' lines
 * comments) into a table of NER_CLUSTER_SLOTS, zeroed; NULL on success.
 */
static const char *
clusters_load(NerClusterSlot *clusters)
{
	const char *p = said_data_clusters;
	const char *line,
			   *eol;
	int			n = 0;

	while (said_data_next_line(&p, &line, &eol))
	{
		const char *tab = memchr(line, '\t', eol - line);

		if (*line != '#' && tab && tab > line)
		{
			uint32_t	path = 0,
						len = 0,
						i;
			uint64_t	word = said_fold_hash(line, tab - line);

			for (const char *b = tab + 1; b < eol && len < 32; b++, len++)
				path |= (uint32_t) (*b == '1') << (31 - len);
			if (word == 0 || ++n > NER_CLUSTER_SLOTS / 2)
				return "the word clusters are damaged or too many";
			for (i = (uint32_t) said_hash_slot64(word, NER_CLUSTER_SLOTS_LOG2);
				 clusters[i].word != 0 && clusters[i].word != word;
				 i = (i + 1) & (NER_CLUSTER_SLOTS - 1))
				;
			clusters[i].word = word;
			clusters[i].path = path;
			clusters[i].len = len;
		}
	}
	return NULL;
}

void
said_ner_state_init(const SaidAllocator *persistent)
{
	SaidNerState *st = &ner_state;

	if (st->memory)
		return;
	/* a copy: the caller's may not outlive the call; its context does */
	st->persistent = *persistent;
	st->types = ner_type_cache_init();
	/* the clusters, unless said_init gave the library's (tables.h) */
	if (!st->clusters)
	{
		NerClusterSlot *clusters = ner_alloc(persistent, sizeof(NerClusterSlot) * NER_CLUSTER_SLOTS);

		st->clusters_error = clusters_load(clusters);
		st->clusters = clusters;
	}
	st->types = ner_type_cache_init();
	/* no model yet (said_init may have given the library's): empty word
	 * lists, no table (said_ner_tag gives O) */
	for (int list = 0; list < NER_NWORDLISTS; list++)
		if (!st->model.words[list].slots)
			st->model.words[list] = (NerWordSet) {no_words, 1, 1, {0}};
	st->memory = ner_memory_init();
}

const char *
said_ner_init(const SaidAllocator *persistent)
{
	said_ner_state_init(persistent);
	if (ner_state.clusters_error)
		return ner_state.clusters_error;
	if (ner_state.model.loaded)
		return NULL;
	return said_ner_load((const unsigned char *) said_data_ner_model, said_data_ner_model_size);
}

void
said_ner_tables(const SaidTableSink *out)
{
	const NerModel *m = &ner_state.model;

	SAID_TABLE_HEADER(out, "ner_internal.h");
	SAID_TABLE_OBJECT(out, ner_state.model);
	SAID_TABLE_ARRAY(out, ner_state.model.checks, m->loaded ? m->no_slot + 1 + NER_PROBE_LANES : 0);
	SAID_TABLE_ARRAY(out, ner_state.model.weights, m->loaded ? m->no_slot + 1 : 0);
	SAID_TABLE_ARRAY(out, ner_state.model.words[NER_CONTINUATIONS].slots,
					 m->words[NER_CONTINUATIONS].mask + 1);
	SAID_TABLE_ARRAY(out, ner_state.model.words[NER_LOWER_NON_STARTERS].slots,
					 m->words[NER_LOWER_NON_STARTERS].mask + 1);
	SAID_TABLE_ARRAY(out, ner_state.model.words[NER_UPPER_NON_STARTERS].slots,
					 m->words[NER_UPPER_NON_STARTERS].mask + 1);
	SAID_TABLE_ARRAY(out, ner_state.clusters, NER_CLUSTER_SLOTS);
}

/* ------------------------------------------------------------ the table */

const char *
said_ner_load(const unsigned char *model, size_t len)
{
	SaidNerState *st = &ner_state;
	NerModel   *m;
	uint32_t	version,
				nlabels,
				nslots,
				fversion,
				wrap;
	size_t		words_at,
				need;
	const char *err;

	if (!st->memory)
		return "the entity tagger is not initialised";
	m = &st->model;
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
	m->loaded = false;
	words_at = NER_HEADER_BYTES + (size_t) nslots * NER_SLOT_BYTES;
	for (int list = 0; list < NER_NWORDLISTS; list++)
		if ((err = load_words(st, list, model, len, &words_at)))
			return err;

	/* the run to copy: the slots up to the first empty one, included */
	for (wrap = 0;; wrap++)
	{
		uint16_t	check;

		if (wrap == nslots || wrap == NER_MAX_WRAP)
			return "the entity model's table is too full";
		memcpy(&check, model + NER_HEADER_BYTES + (size_t) wrap * NER_SLOT_BYTES, 2);
		if (check == 0)
			break;
	}
	wrap++;
	need = (size_t) nslots + wrap + 1 + NER_PROBE_LANES;
	if (need > st->table_capacity)
	{
		/* allocated first: in a backend, an allocation may throw */
		uint16_t   *checks = ner_alloc(&st->persistent, sizeof(uint16_t) * need);
		NerW8	   *weights = ner_alloc(&st->persistent, sizeof(NerW8) * need);

		ner_release(&st->persistent, st->checks);
		ner_release(&st->persistent, st->weights);
		st->checks = checks;
		st->weights = weights;
		st->table_capacity = need;
	}
	for (uint32_t i = 0; i < nslots; i++)
	{
		const unsigned char *s = model + NER_HEADER_BYTES + (size_t) i * NER_SLOT_BYTES;

		memcpy(&st->checks[i], s, 2);
		memcpy(&st->weights[i], s + 2, NER_NLABELS - 1);
	}
	memcpy(&st->checks[nslots], &st->checks[0], sizeof(uint16_t) * wrap);
	memcpy(&st->weights[nslots], &st->weights[0], sizeof(NerW8) * wrap);
	memset(&st->checks[nslots + wrap], 0, sizeof(uint16_t) * (1 + NER_PROBE_LANES));
	memset(&st->weights[nslots + wrap], 0, sizeof(NerW8));
	m->checks = st->checks;
	m->weights = st->weights;
	m->no_slot = nslots + wrap;
	m->shift = 64 - (unsigned) __builtin_ctz(nslots);
	for (int d = 0; d < NER_NDENSE; d++)
	{
		uint64_t	key = said_ner_dense_key(d);

		m->dense_w[d] = ner_widen(m->weights[model_slot(m, key, model_index(m, key))]);
	}
	ner_type_cache_clear(st->types);
	m->loaded = true;
	return NULL;
}

int
said_ner_key_weight(uint64_t key, int label)
{
	const NerModel *m = &ner_state.model;

	if (!m->loaded || label < 1 || label >= NER_NLABELS)
		return 0;
	return m->weights[model_slot(m, key, model_index(m, key))][label - 1];
}
