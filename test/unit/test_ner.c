/*
 * test_ner.c -- unit test of the entity tagger with the embedded model.
 *
 *     make gen/data.c && cc -O2 -Isrc -Itest/unit -DSAID_DATA_DIR='"data"' \
 *         -o /tmp/test_ner test/unit/test_ner.c \
 *         src/ner_model.c src/ner_features.c src/ner_tagger.c src/tokens.c src/lexicon.c \
 *         src/arena.c src/patterns.c gen/data.c src/sentences.c \
 *         $(pkg-config --cflags --libs libpcre2-8 libutf8proc) && /tmp/test_ner
 *
 * Prints TAP-style "ok" / "not ok" lines; exits non-zero on a failure.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"
#include "ner.h"
#include "heap.h"
#include "data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* data/ner.model, as the library has it */
#define embedded_model ((const unsigned char *) said_data_ner_model)

static const SaidAllocator mallocator = {test_alloc, test_free, NULL, NULL};

static int	failures,
			tests;

static void
check(bool cond, const char *what)
{
	tests++;
	if (!cond)
		failures++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", tests, what);
}

/* Tag text as one sentence; render "span/TYPE; ..." into out. */
static void
tag_text(const char *text, char *out, size_t outlen)
{
	SaidArena	arena;
	SaidDoc		doc;
	uint8_t    *labels;
	size_t		used = 0;

	said_arena_init(&arena, &mallocator);
	said_doc_init(&doc, &arena, text, strlen(text));
	said_tokenize(&doc);
	labels = said_arena_alloc(&arena, doc.ntok + 1);
	said_ner_tag(&doc, 0, doc.ntok, labels);
	out[0] = '\0';
	for (int t = 0; t < doc.ntok;)
	{
		int			l = labels[t],
					e = t + 1;
		static const char *const cls[] = {"", "PER", "ORG", "LOC", "MISC"};

		if (l == NER_O)
		{
			t++;
			continue;
		}
		while (e < doc.ntok && NER_IS_INSIDE(labels[e]) && NER_CLASS(labels[e]) == NER_CLASS(l))
			e++;
		used += snprintf(out + used, outlen - used, "%s%.*s/%s", used ? "; " : "",
						 (int) (doc.tok[e - 1].b1 - doc.tok[t].b0), text + doc.tok[t].b0,
						 cls[NER_CLASS(l)]);
		if (used >= outlen)
			used = outlen - 1;
		t = e;
	}
	said_arena_free_all(&arena);
}

static void
expect(const char *text, const char *want_entity)
{
	char		got[1024];
	char		what[1400];

	tag_text(text, got, sizeof(got));
	snprintf(what, sizeof(what), "%s -> [%s] has %s", text, got, want_entity);
	check(strstr(got, want_entity) != NULL, what);
}

static void
expect_not(const char *text, const char *unwanted)
{
	char		got[1024];
	char		what[1400];

	tag_text(text, got, sizeof(got));
	snprintf(what, sizeof(what), "%s -> [%s] lacks %s", text, got, unwanted);
	check(strstr(got, unwanted) == NULL, what);
}

/*
 * The labels said_ner_tag gives, defined plainly (ner.h): every key of
 * said_ner_all_keys looked up in the table label by label and summed, the
 * best label allowed after the previous one when it scores above O's 0,
 * the first of equal scores.  No cache and no vectors: what the tagger's
 * caches, its SIMD probe and its argmax must reproduce.
 */
static void
tag_reference(const SaidDoc *doc, int t0, int t1, uint8_t *labels)
{
	SaidNerContext ctx;
	uint64_t	keys[NER_MAX_FEATURES];
	int			prev1 = NER_O,
				prev2 = NER_O;

	said_ner_context_init(&ctx, doc, t0, t1);
	for (int i = t0; i < t1; i++)
	{
		int			n = said_ner_all_keys(&ctx, i, prev1, prev2, keys);
		int			best = NER_O,
					best_score = 0;

		for (int l = 1; n >= 0 && l < NER_NLABELS; l++)
		{
			int			score = 0;

			for (int k = 0; k < n; k++)
				score += said_ner_key_weight(keys[k], l);
			if (said_ner_allowed(prev1, l) && score > best_score)
			{
				best = l;
				best_score = score;
			}
		}
		labels[i - t0] = (uint8_t) best;
		said_ner_observe(&ctx, i, best);
		prev2 = prev1;
		prev1 = best;
	}
}

/*
 * said_ner_tag against tag_reference on one document cut into
 * token ranges of varying length (sentence edges everywhere), twice, so
 * that the second pass runs on a warm word-type cache; then into its
 * sentences.
 */
static bool
same_as_reference(const char *text, size_t len)
{
	SaidArena	arena;
	SaidDoc		doc;
	uint8_t    *fast,
			   *ref;
	bool		same = true;

	said_arena_init(&arena, &mallocator);
	said_doc_init(&doc, &arena, text, len);
	said_tokenize(&doc);
	fast = said_arena_alloc(&arena, doc.ntok + 1);
	ref = said_arena_alloc(&arena, doc.ntok + 1);
	for (int pass = 0; pass < 2; pass++)
	{
		for (int t0 = 0, step = 1; t0 < doc.ntok; t0 += step, step = step % 37 + 3)
			said_ner_tag(&doc, t0, t0 + step < doc.ntok ? t0 + step : doc.ntok, fast + t0);
		for (int t0 = 0, step = 1; t0 < doc.ntok; t0 += step, step = step % 37 + 3)
			tag_reference(&doc, t0, t0 + step < doc.ntok ? t0 + step : doc.ntok, ref + t0);
		same = same && memcmp(fast, ref, doc.ntok) == 0;
	}
	/* and sentence by sentence, as said_entities tags */
	said_sentences(&doc);
	for (int s = 0; s < doc.nsent; s++)
		said_ner_tag(&doc, doc.sent[s].t0, doc.sent[s].t1, fast + doc.sent[s].t0);
	for (int s = 0; s < doc.nsent; s++)
		tag_reference(&doc, doc.sent[s].t0, doc.sent[s].t1, ref + doc.sent[s].t0);
	same = same && memcmp(fast, ref, doc.ntok) == 0;
	said_arena_free_all(&arena);
	return same;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	long		n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
		(buf = malloc((size_t) n + 1)) && fread(buf, 1, (size_t) n, f) == (size_t) n)
		*len = (size_t) n;
	else
	{
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int
main(void)
{
	const char *err;

	err = said_patterns_init(&mallocator);
	if (!err)
		err = said_lexicon_init(&mallocator, said_tokenize);
	if (!err)
		err = said_ner_init(&mallocator);
	check(err == NULL, err ? err : "init");
	if (err)
		return 1;
	check(said_ner_init(&mallocator) == NULL, "second init is a no-op");

	{
		const char *s = "Russian President Vladimir Putin said on Tuesday that Moscow will continue.";

		expect(s, "Vladimir Putin/PER");
		expect(s, "Moscow/LOC");
		expect(s, "Russian/MISC");
		expect_not(s, "Tuesday");
	}
	expect("The European Commission said on Thursday it disagreed with German advice.",
		   "European Commission/ORG");
	expect("Secretary of State John Kerry met Syrian President Bashar Assad in Damascus.",
		   "John Kerry/PER");
	expect("Secretary of State John Kerry met Syrian President Bashar Assad in Damascus.",
		   "Damascus/LOC");
	expect("Shares of Microsoft Corp rose 3 percent in New York on Friday.",
		   "New York/LOC");
	expect("\"We will not give up,\" Angela Merkel told reporters in Berlin.",
		   "Angela Merkel/PER");
	expect("The United Nations Security Council will meet next week.", "United Nations Security Council/ORG");
	expect_not("the cat sat on the mat and nobody said anything.", "/");

	/* a sub-range: only tokens [t0, t1) are written */
	{
		SaidArena	arena;
		SaidDoc		doc;
		const char *text = "Hello there. Bill Clinton visited Paris.";
		uint8_t		labels[16];

		memset(labels, 0xEE, sizeof(labels));
		said_arena_init(&arena, &mallocator);
		said_doc_init(&doc, &arena, text, strlen(text));
		said_tokenize(&doc);
		said_ner_tag(&doc, 3, doc.ntok, labels);
		if (getenv("NER_DEBUG"))
			for (int k = 0; k < 6; k++)
				printf("# ntok %d label %d %s\n", doc.ntok, labels[k], said_ner_label_name(labels[k]));
		check(doc.ntok == 8 && labels[0] == NER_B_PER && labels[1] == NER_I_PER &&
			  labels[3] == NER_B_LOC && labels[5] == 0xEE, "tagging a token range");
		said_ner_tag(&doc, 3, 3, labels);
		check(true, "empty range");
		said_arena_free_all(&arena);
	}

	/* the cached tagger gives the reference labels */
	{
		static const char hard[] =
			"WORLD NEWS: PUTIN MEETS MERKEL IN BERLIN\n"
			"Bank of America and the bank of england said will may bill mark faith.\n"
			"Pneumonoultramicroscopicsilicovolcanoconiosis spread, said Dr. Ann Lee of "
			"https://example.org/a/very/long/address/indeed .\n"
			"Ok. Yes. \"No,\" said Hillary Rodham Clinton. Clinton, Clinton and CLINTON; "
			"the New York Times, the New York Times.\n"
			"IBM IBM IBM Microsoft Corp. vs. Apple Inc. in São Paulo, Zürich and Łódź.";
		size_t		len = 0;
		char	   *seed = read_file("test/data/seed-article.txt", &len);

		/* capitalised words never scored ("Tuesday", "I") still enter the
		 * document memory as O, which the next word's features read */
		static const char memory[] =
			"Voters went to the polls on Tuesday, and Clinton won on Tuesday in Texas. "
			"Bernie Sanders said on Tuesday that his Super Tuesday strategy will work.\n"
			"Brazil won independence from Portugal and Pedro I became its first Emperor. "
			"King Baudouin I was born in 1930.";

		check(same_as_reference(hard, sizeof(hard) - 1), "cached tagger = reference (hard text)");
		check(same_as_reference(memory, sizeof(memory) - 1),
			  "cached tagger = reference (words not scored in the document memory)");
		check(seed != NULL && same_as_reference(seed, len), "cached tagger = reference (seed article)");
		free(seed);
	}

	/* the learned word lists decide which tokens are scored */
	{
		const char *s = "Students of the University of Chicago met Amy Lee in Damascus on Friday.";
		uint64_t	damascus = said_fold_hash("Damascus", 8);
		size_t		model_len = said_data_ner_model_size;

		expect(s, "University of Chicago/ORG");
		expect(s, "Damascus/LOC");
		check(said_ner_set_words(NER_UPPER_NON_STARTERS, &damascus, 1) == NULL,
			  "install an upper-case non-starter");
		expect_not(s, "Damascus");
		check(said_ner_set_words(NER_CONTINUATIONS, NULL, 0) == NULL, "empty the continuation words");
		expect_not(s, "University of Chicago/ORG");
		check(said_ner_set_words(NER_CONTINUATIONS, (uint64_t[]) {0}, 1) != NULL,
			  "a zero hash is refused");
		check(said_ner_load(embedded_model, model_len) == NULL, "reload the model");
		expect(s, "University of Chicago/ORG");
		expect(s, "Damascus/LOC");

		/*
		 * a long list (its bit filter mostly set): a word is found behind
		 * it whether it is the first or the last installed, and another
		 * is not
		 */
		{
			static uint64_t many[NER_MAX_WORDS];
			uint64_t	x = 0x9e3779b97f4a7c15ULL;

			for (int i = 0; i < NER_MAX_WORDS; i++)
			{
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				many[i] = x == damascus ? 1 : x;
			}
			check(said_ner_set_words(NER_UPPER_NON_STARTERS, many, NER_MAX_WORDS - 1) == NULL,
				  "install 4,095 upper-case non-starters");
			expect(s, "Damascus/LOC");
			many[NER_MAX_WORDS - 1] = damascus;
			check(said_ner_set_words(NER_UPPER_NON_STARTERS, many, NER_MAX_WORDS) == NULL,
				  "install 4,096, Damascus the last");
			expect_not(s, "Damascus");
			many[NER_MAX_WORDS - 1] = many[0];
			many[0] = damascus;
			check(said_ner_set_words(NER_UPPER_NON_STARTERS, many, NER_MAX_WORDS) == NULL,
				  "install 4,096, Damascus the first");
			expect_not(s, "Damascus");
			check(said_ner_load(embedded_model, model_len) == NULL, "reload the model");
			expect(s, "Damascus/LOC");
		}
	}

	/*
	 * The table's probe: a model of 16 slots where eleven keys share home
	 * slot 3 (a run longer than the eight check words compared at once) and
	 * three share slot 15 (a run that wraps round to slots 0 and 1).
	 */
	{
		enum
		{
			NSLOTS = 16, SHIFT = 60
		};
		unsigned char image[NER_HEADER_BYTES + NSLOTS * NER_SLOT_BYTES + 4 * NER_NWORDLISTS] = {0};
		uint32_t	u32;
		float		scale = 1;
		size_t		model_len = said_data_ner_model_size;
		bool		all_found = true;
		uint64_t	keys[14];

		memcpy(image, NER_MODEL_MAGIC, 8);
		memcpy(image + 8, &(uint32_t) {NER_MODEL_VERSION}, 4);
		memcpy(image + 12, &(uint32_t) {NER_NLABELS}, 4);
		memcpy(image + 16, &(uint32_t) {NSLOTS}, 4);
		memcpy(image + 20, &(uint32_t) {14}, 4);
		memcpy(image + 24, &scale, 4);
		memcpy(image + 28, &(uint32_t) {NER_FEATURE_VERSION}, 4);
		for (int k = 0; k < 14; k++)
		{
			/* slots 3..13 from home 3; 15, 0, 1 from home 15 */
			uint64_t	home = k < 11 ? 3 : 15;
			int			slot = k < 11 ? 3 + k : (15 + (k - 11)) % NSLOTS;
			uint16_t	check = (uint16_t) (0x100 + 2 * k + 1);
			unsigned char *s = image + NER_HEADER_BYTES + slot * NER_SLOT_BYTES;

			keys[k] = home << SHIFT | (uint64_t) check << 32 | (uint64_t) k;
			memcpy(s, &check, 2);
			s[2 + 1] = (unsigned char) (k + 1);	/* label 2's weight */
		}
		u32 = 0;
		for (int list = 0; list < NER_NWORDLISTS; list++)
			memcpy(image + NER_HEADER_BYTES + NSLOTS * NER_SLOT_BYTES + 4 * list, &u32, 4);
		err = said_ner_load(image, sizeof(image));
		check(err == NULL, err ? err : "a model of 16 slots loads");
		for (int k = 0; k < 14; k++)
			all_found &= said_ner_key_weight(keys[k], 2) == k + 1 &&
				said_ner_key_weight(keys[k], 1) == 0;
		check(all_found, "every key of a long run and of a wrapped run is found with its weight");
		check(said_ner_key_weight(3ULL << SHIFT | 0x7777ULL << 32, 2) == 0,
			  "a key missing from a run of eleven slots weighs nothing");
		check(said_ner_key_weight(15ULL << SHIFT | 0x7777ULL << 32, 2) == 0,
			  "a key missing from a wrapped run weighs nothing");
		check(said_ner_key_weight(2ULL << SHIFT | 0x0101ULL << 32, 2) == 0,
			  "a key whose home is empty weighs nothing");
		check(said_ner_load(embedded_model, model_len) == NULL, "the embedded model loads after it");
		expect("Angela Merkel met Barack Obama in Berlin.", "Berlin/LOC");
	}

	/* a damaged model is refused with a reason, and leaves no model loaded */
	{
		size_t		model_len = said_data_ner_model_size;
		unsigned char *copy = malloc(model_len);
		uint32_t	nslots,
					n;
		size_t		lists;

		memcpy(copy, embedded_model, model_len);
		memcpy(&nslots, copy + 16, 4);
		lists = NER_HEADER_BYTES + (size_t) nslots * NER_SLOT_BYTES;
		err = said_ner_load(copy, model_len - 1);
		check(err && strstr(err, "truncated"), err ? err : "a model cut short is refused");
		err = said_ner_load(copy, lists + 2);
		check(err && strstr(err, "truncated"), err ? err : "a model cut in its word lists is refused");
		expect_not("Angela Merkel met Barack Obama in Berlin.", "/");
		n = NER_MAX_WORDS + 1;
		memcpy(copy + lists, &n, 4);
		err = said_ner_load(copy, model_len);
		check(err && strstr(err, "word list"), err ? err : "an overlong word list is refused");
		memcpy(copy, embedded_model, model_len);
		memcpy(&n, copy + lists, 4);
		check(n > 0, "the model has continuation words");
		memset(copy + lists + 4, 0, 8);
		err = said_ner_load(copy, model_len);
		check(err && strstr(err, "zero hash"), err ? err : "a zero hash in the model is refused");
		check(said_ner_load(embedded_model, model_len) == NULL, "the embedded model loads again");
		expect("Angela Merkel met Barack Obama in Berlin.", "Angela Merkel/PER");
		free(copy);
	}

	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
