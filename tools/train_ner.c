/*
 * train_ner.c -- trains the entity tagger (src/ner_*.c) and writes data/ner.model.
 *
 * Rebuild everything from ../shared/data (see tools/README.md):
 *
 *     make -f tools/Makefile.ner
 *
 * or by hand:
 *
 *     python3 tools/build_lexicons.py
 *     python3 tools/ner_data.py ../shared/data/dev/conll2003.jsonl ../shared/data/dev/wnut17.jsonl > /tmp/ner.data
 *     cc -O2 -Isrc -DSAID_DATA_DIR='"data"' -o /tmp/train_ner tools/train_ner.c \
 *         src/ner_model.c src/ner_features.c src/ner_tagger.c src/tokens.c src/lexicon.c \
 *         src/arena.c src/patterns.c src/data.c src/sentences.c \
 *         $(pkg-config --cflags --libs libpcre2-8 libutf8proc)
 *     /tmp/train_ner -o data/ner.model /tmp/ner.data
 *
 * Documents whose id contains "/train/" are trained on; "conll2003/dev/" ones
 * are the evaluation set (exact byte-span P/R/F1 per type, measured with the
 * quantised model through said_ner_tag, i.e. exactly what the extension runs).
 * Options: -e epochs (10), -m minimum feature count (0), -o output model,
 * -p percentile of |weight| mapped to 127 (99.99), -l table load factor (0.7),
 * -w keep features with some |int8 weight| >= this (10), -c and -q a
 * continuation word's least count inside entities (5) and share of its
 * places after one (0.05), -n and -b a non-starter's least count written
 * so (10) and most share of those inside an entity (0.01) (see
 * learn_word_lists), -S the seed of the shuffles (12345), -x also train on
 * dev (for the final model), -t tokens-per-second benchmark only.
 *
 * The trainer tokenises with the core's own tokenizer and lexicons (the
 * embedded lexicon.tsv and gazetteer.tsv), so train/run features agree.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"
#include "ner.h"
#include "tool_heap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The pipeline's sentence splitter, when src/sentences.c is linked in. */
#pragma weak said_sentences

/* ------------------------------------------------------------ data */

typedef struct Ent
{
	uint32_t	b0,
				b1;
	int			type;			/* 1 PER 2 ORG 3 LOC 4 MISC */
} Ent;

typedef struct Doc
{
	char	   *id;
	char	   *text;
	uint32_t	len;
	Ent		   *ents;
	int			nents;
	int			is_train,
				is_dev;
	SaidArena	arena;
	SaidDoc		doc;
	uint8_t    *gold;			/* per token */
	int		   *sent_start;		/* sentence starts, nsent + 1 entries */
	int			nsent;
} Doc;

static Doc *docs;
static int	ndocs;

static int
type_index(const char *s)
{
	if (strcmp(s, "PER") == 0)
		return 1;
	if (strcmp(s, "ORG") == 0)
		return 2;
	if (strcmp(s, "LOC") == 0)
		return 3;
	return 4;
}

static const char *type_names[] = {"-", "PER", "ORG", "LOC", "MISC"};

static void
read_data(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	char		line[4096];
	int			cap = ndocs;

	if (!f)
	{
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f))
	{
		Doc		   *d;
		char	   *tab1,
				   *tab2;

		if (line[0] != 'D' || line[1] != ' ')
			continue;
		if (ndocs >= cap)
		{
			cap = cap ? cap * 2 : 1024;
			docs = realloc(docs, cap * sizeof(Doc));
		}
		d = &docs[ndocs++];
		memset(d, 0, sizeof(*d));
		tab1 = strchr(line, '\t');
		tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		if (!tab2)
		{
			fprintf(stderr, "bad header: %s", line);
			exit(1);
		}
		*tab1 = '\0';
		d->id = strdup(line + 2);
		d->len = (uint32_t) strtoul(tab1 + 1, NULL, 10);
		d->nents = atoi(tab2 + 1);
		d->text = malloc(d->len + 1);
		if (fread(d->text, 1, d->len, f) != d->len)
		{
			fprintf(stderr, "truncated text in %s\n", d->id);
			exit(1);
		}
		d->text[d->len] = '\0';
		(void) fgetc(f);		/* newline */
		d->ents = calloc(d->nents + 1, sizeof(Ent));
		for (int k = 0; k < d->nents; k++)
		{
			char		tname[32];

			if (!fgets(line, sizeof(line), f) ||
				sscanf(line, "%u %u %31s", &d->ents[k].b0, &d->ents[k].b1, tname) != 3)
			{
				fprintf(stderr, "bad entity line in %s\n", d->id);
				exit(1);
			}
			d->ents[k].type = type_index(tname);
		}
		d->is_train = strstr(d->id, "/train/") != NULL;
		d->is_dev = strstr(d->id, "conll2003/dev/") != NULL;
	}
	fclose(f);
}

static bool
ends_sentence(const SaidDoc *doc, const SaidToken *t)
{
	char		c;

	if (t->kind != TOK_PUNCT)
		return false;
	c = doc->text[t->b0];
	return c == '.' || c == '!' || c == '?';
}

static void
prepare(Doc *d)
{
	SaidDoc    *doc = &d->doc;
	int			cap;

	said_arena_init(&d->arena, &mallocator);
	said_doc_init(doc, &d->arena, d->text, d->len);
	said_tokenize(doc);
	d->gold = calloc(doc->ntok + 1, 1);
	for (int k = 0; k < d->nents; k++)
	{
		bool		first = true;

		for (int t = 0; t < doc->ntok; t++)
		{
			const SaidToken *tk = &doc->tok[t];

			if (tk->b1 <= d->ents[k].b0 || tk->b0 >= d->ents[k].b1)
				continue;
			d->gold[t] = (uint8_t) (d->ents[k].type * 2 - (first ? 1 : 0));
			first = false;
		}
	}
	cap = 16;
	d->sent_start = malloc(cap * sizeof(int));
	d->nsent = 0;
	if (said_sentences)
	{
		/* the segmentation the extension will tag with */
		said_sentences(doc);
		d->sent_start = realloc(d->sent_start, (doc->nsent + 2) * sizeof(int));
		for (int s = 0; s < doc->nsent; s++)
			d->sent_start[d->nsent++] = doc->sent[s].t0;
		if (d->nsent > 0 && doc->sent[d->nsent - 1].t1 != doc->ntok)
			fprintf(stderr, "%s: sentences end at %d of %d tokens\n", d->id,
					doc->sent[d->nsent - 1].t1, doc->ntok);
	}
	else
		for (int t = 0; t < doc->ntok; t++)
		{
			bool		start = t == 0 || (doc->tok[t].flags & TF_LINE_START) ||
				ends_sentence(doc, &doc->tok[t - 1]);

			if (start)
			{
				if (d->nsent + 2 > cap)
				{
					cap *= 2;
					d->sent_start = realloc(d->sent_start, cap * sizeof(int));
				}
				d->sent_start[d->nsent++] = t;
			}
		}
	d->sent_start[d->nsent] = doc->ntok;
}

/* ------------------------------------------------------------ word lists */

static int	cont_min = 5;		/* -c: occurrences inside entities to list a word */
static double cont_rate = 0.05;	/* -q: and share of its places after an entity token */
static int	nonstart_min = 10;	/* -n: occurrences (so written) to judge a word */
static double nonstart_rate = 0.01;	/* -b: most share of them inside an entity */
static uint64_t *word_list[NER_NWORDLISTS];	/* ascending, installed before training */
static uint32_t word_count[NER_NWORDLISTS];

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

/* How many of the n ascending values of v equal x. */
static size_t
count_of(const uint64_t *v, size_t n, uint64_t x)
{
	size_t		lo = 0,
				hi = n,
				first;

	while (lo < hi)
	{
		size_t		mid = (lo + hi) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < n && v[lo] == x)
		lo++;
	return lo - first;
}

/* Install a learned list (ascending hashes) in the tagger. */
static void
install_words(SaidNerWordList list, uint64_t *words, uint32_t n, const char *what)
{
	const char *err;

	if ((err = said_ner_set_words(list, words, n)))
	{
		fprintf(stderr, "%u %s: %s (at most %d: raise the thresholds)\n", n, what, err,
				NER_MAX_WORDS);
		exit(1);
	}
	word_list[list] = words;
	word_count[list] = n;
}

/* A sample of word hashes (in order after sample_sort). */
typedef struct Sample
{
	uint64_t   *v;
	size_t		n,
				cap;
} Sample;

static void
sample_push(Sample *x, uint64_t hash)
{
	if (x->n == x->cap)
	{
		x->cap = x->cap ? 2 * x->cap : 1024;
		x->v = realloc(x->v, x->cap * sizeof(uint64_t));
	}
	x->v[x->n++] = hash;
}

static void
sample_sort(Sample *x)
{
	qsort(x->v, x->n, sizeof(uint64_t), cmp_u64);
}

/*
 * The words of the sorted sample runs chosen by keep(its count in runs, its
 * count in the sorted sample other), ascending, in *out; returns how many.
 */
static uint32_t
select_words(const Sample *runs, const Sample *other, bool (*keep) (size_t run, size_t in_other),
			 uint64_t **out)
{
	uint32_t	n = 0;

	*out = malloc((runs->n + 1) * sizeof(uint64_t));
	for (size_t a = 0, b; a < runs->n; a = b)
	{
		for (b = a; b < runs->n && runs->v[b] == runs->v[a]; b++)
			;
		if (keep(b - a, count_of(other->v, other->n, runs->v[a])))
			(*out)[n++] = runs->v[a];
	}
	return n;
}

/* A non-starter: met written so at least nonstart_min times in all, inside
 * an entity (first token or not) in at most nonstart_rate of them. */
static bool
keep_non_starter(size_t all, size_t inside)
{
	return all >= (size_t) nonstart_min && (double) inside <= nonstart_rate * (double) all;
}

/* A continuation word: inside entities at least cont_min times, and in at
 * least cont_rate of its places after an entity's token. */
static bool
keep_continuation(size_t inside, size_t after)
{
	return inside >= (size_t) cont_min && (double) inside >= cont_rate * (double) after;
}

/* Write each listed word (its first spelling in the training data) to path. */
static void
dump_word_lists(const int *order, int norder, const char *path)
{
	static const char *const names[NER_NWORDLISTS] = {"continuation", "lower-non-starter",
	"upper-non-starter"};
	FILE	   *f = fopen(path, "w");
	Sample		seen[NER_NWORDLISTS] = {{0}};

	if (!f)
	{
		perror(path);
		exit(1);
	}
	for (int o = 0; o < norder; o++)
	{
		const Doc  *d = &docs[order[o]];

		for (int t = 0; t < d->doc.ntok; t++)
		{
			const SaidToken *tk = &d->doc.tok[t];

			for (int list = 0; list < NER_NWORDLISTS; list++)
			{
				/* the non-starter lists hold words written so */
				if ((list == NER_UPPER_NON_STARTERS) != !!(tk->flags & TF_UPPER_INITIAL) &&
					list != NER_CONTINUATIONS)
					continue;
				if (count_of(word_list[list], word_count[list], tk->hash) == 0)
					continue;
				/* linear: the lists are short, and this is for reading */
				{
					bool		dup = false;

					for (size_t k = 0; k < seen[list].n && !dup; k++)
						dup = seen[list].v[k] == tk->hash;
					if (dup)
						continue;
				}
				sample_push(&seen[list], tk->hash);
				fprintf(f, "%s\t%.*s\n", names[list], (int) (tk->b1 - tk->b0), d->text + tk->b0);
			}
		}
	}
	for (int list = 0; list < NER_NWORDLISTS; list++)
		free(seen[list].v);
	fclose(f);
}

/*
 * The tagger's word lists (ner.h), from the training documents, before the
 * first epoch (the features of a token depend on whether it is scored).
 *
 * Non-starters: words met at least nonstart_min times with an upper-case
 * initial (one list) or in lower case with a gazetteer class (the other),
 * part of an entity in at most nonstart_rate of those: "He", "But",
 * "Thursday" (not "The", first in an entity 6 % of the time: "The Hague");
 * "will", "may", "bill" (first names), "most" (a town).  Not a
 * word that is seldom first but often inside ("Zealand", or a surname the
 * training data always has after a first name): text the tagger meets may
 * well begin with it.  A word seen too seldom stays a possible beginning.
 *
 * Continuation words: tokens that cannot begin an entity (not numbers),
 * inside a training entity (not its first token) at least cont_min times
 * and in at least cont_rate of the places where they follow an entity's
 * token: "of", "and", "&", but not "," or "said", which follow names all
 * the time and continue them rarely.
 */
static void
learn_word_lists(const int *order, int norder)
{
	Sample		lower = {0},
				lower_in = {0},
				upper = {0},
				upper_in = {0},
				after = {0},
				inside = {0};
	uint64_t   *words;
	uint32_t	n;

	for (int o = 0; o < norder; o++)
	{
		const Doc  *d = &docs[order[o]];

		for (int t = 0; t < d->doc.ntok; t++)
		{
			const SaidToken *tk = &d->doc.tok[t];
			bool		up = tk->flags & TF_UPPER_INITIAL;

			if (up || (tk->lex & NER_GAZ_MASK))
			{
				sample_push(up ? &upper : &lower, tk->hash);
				if (d->gold[t] != NER_O)
					sample_push(up ? &upper_in : &lower_in, tk->hash);
			}
		}
	}
	sample_sort(&lower);
	sample_sort(&lower_in);
	sample_sort(&upper);
	sample_sort(&upper_in);
	n = select_words(&lower, &lower_in, keep_non_starter, &words);
	install_words(NER_LOWER_NON_STARTERS, words, n, "lower-case non-starters");
	n = select_words(&upper, &upper_in, keep_non_starter, &words);
	install_words(NER_UPPER_NON_STARTERS, words, n, "upper-case non-starters");

	for (int o = 0; o < norder; o++)
	{
		const Doc  *d = &docs[order[o]];

		for (int t = 1; t < d->doc.ntok; t++)
		{
			const SaidToken *tk = &d->doc.tok[t];

			if (d->gold[t - 1] == NER_O || tk->kind == TOK_NUMBER || said_ner_may_begin(tk))
				continue;
			sample_push(&after, tk->hash);
			if (NER_IS_INSIDE(d->gold[t]))
				sample_push(&inside, tk->hash);
		}
	}
	sample_sort(&after);
	sample_sort(&inside);
	n = select_words(&inside, &after, keep_continuation, &words);
	install_words(NER_CONTINUATIONS, words, n, "continuation words");
	if (getenv("NER_WORDS"))
		dump_word_lists(order, norder, getenv("NER_WORDS"));
	free(lower.v);
	free(lower_in.v);
	free(upper.v);
	free(upper_in.v);
	free(after.v);
	free(inside.v);
	printf("word lists: %u continuation words (inside entities at least %d times, %.0f%% of the times after one); "
		   "non-starters (at least %d times, in an entity at most %.0f%%): %u in lower case, %u in upper\n",
		   word_count[NER_CONTINUATIONS], cont_min, 100 * cont_rate, nonstart_min, 100 * nonstart_rate,
		   word_count[NER_LOWER_NON_STARTERS], word_count[NER_UPPER_NON_STARTERS]);
}

/* ------------------------------------------------------------ weights */

typedef struct Feat
{
	uint64_t	key;
	uint32_t	count;
	bool		pruned;			/* left out of the second round (-r) */
	float		w[NER_NLABELS];
	float		u[NER_NLABELS];	/* sum of step * update, for averaging */
} Feat;

static Feat *feats;
static uint32_t nfeats,
			feats_cap;
static uint32_t *fmap;			/* index + 1, 0 = empty */
static uint64_t fmap_mask;

static uint32_t
feat_find(uint64_t key, bool create)
{
	uint64_t	i = (key ^ (key >> 29)) & fmap_mask;

	while (fmap[i])
	{
		if (feats[fmap[i] - 1].key == key)
			return fmap[i];
		i = (i + 1) & fmap_mask;
	}
	if (!create)
		return 0;
	if ((uint64_t) nfeats * 2 >= fmap_mask)
	{
		/* grow and rehash */
		uint64_t	nsize = (fmap_mask + 1) * 2;

		free(fmap);
		fmap = calloc(nsize, sizeof(uint32_t));
		fmap_mask = nsize - 1;
		for (uint32_t f = 0; f < nfeats; f++)
		{
			uint64_t	j = (feats[f].key ^ (feats[f].key >> 29)) & fmap_mask;

			while (fmap[j])
				j = (j + 1) & fmap_mask;
			fmap[j] = f + 1;
		}
		return feat_find(key, true);
	}
	if (nfeats >= feats_cap)
	{
		feats_cap = feats_cap ? feats_cap * 2 : 65536;
		feats = realloc(feats, (size_t) feats_cap * sizeof(Feat));
	}
	memset(&feats[nfeats], 0, sizeof(Feat));
	feats[nfeats].key = key;
	nfeats++;
	fmap[i] = nfeats;
	return nfeats;
}

/* ------------------------------------------------------------ training */

static double step = 1;
static double load_factor = 0.7;
static long min_weight = 10;
static long select_weight = -1;	/* -s: min_weight of the first round's selection */
static bool second_round;		/* pruned features neither score nor learn */

static int
predict(const uint64_t *keys, int n, int prev1, bool averaged)
{
	float		score[NER_NLABELS] = {0};
	int			best = NER_O;
	float		best_score = -INFINITY;

	for (int k = 0; k < n; k++)
	{
		uint32_t	f = feat_find(keys[k], false);

		if (!f || feats[f - 1].pruned)
			continue;
		for (int l = 0; l < NER_NLABELS; l++)
			score[l] += averaged ? feats[f - 1].w[l] - feats[f - 1].u[l] / step : feats[f - 1].w[l];
	}
	for (int l = 0; l < NER_NLABELS; l++)
		if (score[l] > best_score && said_ner_allowed(prev1, l))
		{
			best_score = score[l];
			best = l;
		}
	return best;
}

static void
train_sentence(Doc *d, int s, bool count)
{
	SaidNerContext ctx;
	uint64_t	keys[NER_MAX_FEATURES];
	int			t0 = d->sent_start[s],
				t1 = d->sent_start[s + 1];
	int			prev1 = NER_O,
				prev2 = NER_O;

	said_ner_context_init(&ctx, &d->doc, t0, t1);
	for (int i = t0; i < t1; i++)
	{
		int			n = said_ner_all_keys(&ctx, i, prev1, prev2, keys);
		int			gold = d->gold[i];
		int			pred = NER_O;

		if (n > 0)
		{
			pred = predict(keys, n, prev1, false);
			if (count)
				for (int k = 0; k < n; k++)
				{
					uint32_t	f = feat_find(keys[k], true);

					feats[f - 1].count++;
				}
			if (pred != gold && said_ner_allowed(prev1, gold))
			{
				for (int k = 0; k < n; k++)
				{
					uint32_t	fi = feat_find(keys[k], !second_round);
					Feat	   *f;

					if (!fi || feats[fi - 1].pruned)
						continue;
					f = &feats[fi - 1];

					f->w[gold] += 1;
					f->u[gold] += step;
					f->w[pred] -= 1;
					f->u[pred] -= step;
				}
			}
		}
		step++;
		said_ner_observe(&ctx, i, pred);
		prev2 = prev1;
		prev1 = pred;
	}
}

/* ------------------------------------------------------------ evaluation */

static FILE *dump;				/* errors of the final evaluation (NER_DUMP=file) */

typedef struct Counts
{
	long		tp[5],
				fp[5],
				fn[5];
} Counts;

static void
score_doc(const Doc *d, const uint8_t *labels, Counts *c)
{
	const SaidDoc *doc = &d->doc;
	bool	   *matched = calloc(d->nents + 1, 1);

	for (int t = 0; t < doc->ntok;)
	{
		int			l = labels[t],
					e;
		uint32_t	b0,
					b1;
		bool		found = false;

		if (l == NER_O)
		{
			t++;
			continue;
		}
		e = t + 1;
		while (e < doc->ntok && labels[e] == (NER_CLASS(l) * 2))
			e++;
		b0 = doc->tok[t].b0;
		b1 = doc->tok[e - 1].b1;
		for (int k = 0; k < d->nents; k++)
			if (!matched[k] && d->ents[k].b0 == b0 && d->ents[k].b1 == b1 &&
				d->ents[k].type == NER_CLASS(l))
			{
				matched[k] = true;
				found = true;
				break;
			}
		if (found)
			c->tp[NER_CLASS(l)]++;
		else
		{
			c->fp[NER_CLASS(l)]++;
			if (dump)
				fprintf(dump, "FP %s\t%.*s\n", type_names[NER_CLASS(l)], (int) (b1 - b0), d->text + b0);
		}
		t = e;
	}
	for (int k = 0; k < d->nents; k++)
		if (!matched[k])
		{
			c->fn[d->ents[k].type]++;
			if (dump)
				fprintf(dump, "FN %s\t%.*s\n", type_names[d->ents[k].type],
						(int) (d->ents[k].b1 - d->ents[k].b0), d->text + d->ents[k].b0);
		}
	free(matched);
}

static void
tag_doc_float(const Doc *d, uint8_t *labels)
{
	for (int s = 0; s < d->nsent; s++)
	{
		SaidNerContext ctx;
		uint64_t	keys[NER_MAX_FEATURES];
		int			t0 = d->sent_start[s],
					t1 = d->sent_start[s + 1];
		int			prev1 = NER_O,
					prev2 = NER_O;

		said_ner_context_init(&ctx, &d->doc, t0, t1);
		for (int i = t0; i < t1; i++)
		{
			int			n = said_ner_all_keys(&ctx, i, prev1, prev2, keys);
			int			pred = n > 0 ? predict(keys, n, prev1, true) : NER_O;

			labels[i] = (uint8_t) pred;
			said_ner_observe(&ctx, i, pred);
			prev2 = prev1;
			prev1 = pred;
		}
	}
}

static double
report(const char *what, const Counts *c, bool verbose)
{
	long		tp = 0,
				fp = 0,
				fn = 0;
	double		f1all;

	for (int k = 1; k <= 4; k++)
	{
		double		p = c->tp[k] + c->fp[k] ? (double) c->tp[k] / (c->tp[k] + c->fp[k]) : 0;
		double		r = c->tp[k] + c->fn[k] ? (double) c->tp[k] / (c->tp[k] + c->fn[k]) : 0;

		tp += c->tp[k];
		fp += c->fp[k];
		fn += c->fn[k];
		if (verbose)
			printf("  %-4s P %.4f R %.4f F1 %.4f  (gold %ld)\n", type_names[k], p, r,
				   p + r ? 2 * p * r / (p + r) : 0, c->tp[k] + c->fn[k]);
	}
	{
		double		p = tp + fp ? (double) tp / (tp + fp) : 0;
		double		r = tp + fn ? (double) tp / (tp + fn) : 0;

		f1all = p + r ? 2 * p * r / (p + r) : 0;
		printf("%s: all P %.4f R %.4f F1 %.4f\n", what, p, r, f1all);
	}
	return f1all;
}

static double
evaluate(bool quantised, bool verbose, const char *what)
{
	Counts		c;

	memset(&c, 0, sizeof(c));
	for (int i = 0; i < ndocs; i++)
	{
		Doc		   *d = &docs[i];
		uint8_t    *labels;

		if (!d->is_dev)
			continue;
		labels = calloc(d->doc.ntok + 1, 1);
		if (quantised)
			for (int s = 0; s < d->nsent; s++)
				said_ner_tag(&d->doc, d->sent_start[s], d->sent_start[s + 1],
							 labels + d->sent_start[s]);
		else
			tag_doc_float(d, labels);
		score_doc(d, labels, &c);
		free(labels);
	}
	return report(what, &c, verbose);
}

/* ------------------------------------------------------------ model file */

static int
cmp_float(const void *a, const void *b)
{
	float		x = *(const float *) a,
				y = *(const float *) b;

	return x < y ? -1 : x > y;
}

static unsigned char *
build_model(int min_count, double percentile, size_t *size_out)
{
	/* weights of labels 1..8 relative to O: what the tagger adds (O scores 0) */
	const int	nw = NER_NLABELS - 1;
	float	   *rel = malloc((size_t) nfeats * nw * sizeof(float));
	float	   *mags;
	size_t		nmags = 0;
	float		scale;
	uint32_t	keep = 0,
				nslots,
				stored = 0;
	unsigned	bits;
	unsigned char *buf;
	size_t		size;
	uint32_t	u32;
	float		f32;

	mags = malloc((size_t) nfeats * nw * sizeof(float));
	for (uint32_t f = 0; f < nfeats; f++)
	{
		float		o = feats[f].w[0] - feats[f].u[0] / step;

		for (int l = 1; l < NER_NLABELS; l++)
		{
			float		a = feats[f].w[l] - feats[f].u[l] / step - o;

			rel[(size_t) f * nw + l - 1] = a;
			if (a != 0 && feats[f].count >= (uint32_t) min_count)
				mags[nmags++] = fabsf(a);
		}
	}
	qsort(mags, nmags, sizeof(float), cmp_float);
	scale = nmags ? 127.0f / mags[(size_t) ((nmags - 1) * percentile / 100.0)] : 1;
	free(mags);

	/* features that survive: frequent enough and some int8 weight large enough */
	for (uint32_t f = 0; f < nfeats; f++)
	{
		bool		any = false;

		if (feats[f].count < (uint32_t) min_count)
		{
			feats[f].count = 0;
			continue;
		}
		for (int l = 0; l < nw; l++)
			if (labs(lrintf(rel[(size_t) f * nw + l] * scale)) >= min_weight)
				any = true;
		if (!any)
			feats[f].count = 0;
		else
			keep++;
	}
	/* the smallest power of two that keeps the load at most load_factor */
	for (bits = 1; (double) keep / ((double) (1u << bits)) > load_factor; bits++)
		;
	nslots = 1u << bits;
	size = NER_HEADER_BYTES + (size_t) nslots * NER_SLOT_BYTES;
	for (int list = 0; list < NER_NWORDLISTS; list++)
		size += 4 + (size_t) word_count[list] * 8;
	buf = calloc(1, size);
	memcpy(buf, NER_MODEL_MAGIC, 8);
	u32 = NER_MODEL_VERSION;
	memcpy(buf + 8, &u32, 4);
	u32 = NER_NLABELS;
	memcpy(buf + 12, &u32, 4);
	memcpy(buf + 16, &nslots, 4);
	f32 = scale;
	memcpy(buf + 24, &f32, 4);
	u32 = NER_FEATURE_VERSION;
	memcpy(buf + 28, &u32, 4);
	for (uint32_t f = 0; f < nfeats; f++)
	{
		uint64_t	key = feats[f].key;
		uint16_t	check = (uint16_t) (key >> 32) | 1;
		uint32_t	i = (uint32_t) (key >> (64 - bits));
		unsigned char *s;

		if (feats[f].count == 0)
			continue;
		for (;;)
		{
			uint16_t	c;

			s = buf + NER_HEADER_BYTES + (size_t) i * NER_SLOT_BYTES;
			memcpy(&c, s, 2);
			if (c == 0)
				break;
			if (c == check)
			{
				/* two keys sharing home slot and check bits: the table cannot
				 * tell them apart beyond the first, keep that one */
				s = NULL;
				break;
			}
			if (++i == nslots)
				i = 0;
		}
		if (!s)
			continue;
		memcpy(s, &check, 2);
		stored++;
		for (int l = 0; l < nw; l++)
		{
			long		q = lrintf(rel[(size_t) f * nw + l] * scale);

			q = q > 127 ? 127 : q < -127 ? -127 : q;
			((int8_t *) (s + 2))[l] = (int8_t) q;
		}
	}
	memcpy(buf + 20, &stored, 4);
	{
		unsigned char *p = buf + NER_HEADER_BYTES + (size_t) nslots * NER_SLOT_BYTES;

		for (int list = 0; list < NER_NWORDLISTS; list++)
		{
			memcpy(p, &word_count[list], 4);
			memcpy(p + 4, word_list[list], (size_t) word_count[list] * 8);
			p += 4 + (size_t) word_count[list] * 8;
		}
	}
	free(rel);
	printf("model: %u features kept of %u (%u stored), %u slots (load %.2f), %zu bytes, scale %.3f\n",
		   keep, nfeats, stored, nslots, (double) stored / nslots, size, scale);
	*size_out = size;
	return buf;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
train_epochs(int epochs, int *order, int norder, uint32_t *rngp, double t_start)
{
	uint32_t	rng = *rngp;

	for (int e = 0; e < epochs; e++)
	{
		char		what[64];

		for (int i = norder - 1; i > 0; i--)
		{
			int			j,
						tmp;

			rng = rng * 1103515245u + 12345u;
			j = (int) ((rng >> 8) % (uint32_t) (i + 1));
			tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		for (int k = 0; k < norder; k++)
		{
			Doc		   *d = &docs[order[k]];

			for (int s = 0; s < d->nsent; s++)
				train_sentence(d, s, e == 0 && !second_round);
		}
		snprintf(what, sizeof(what), "%s epoch %d, %u features, %.1f s",
				 second_round ? "second round" : "", e + 1, nfeats, now() - t_start);
		evaluate(false, false, what);
	}
	*rngp = rng;
}

/* Mark the features that build_model would drop as pruned; returns how many
 * are kept. */
static uint32_t
select_features(int min_count, double percentile)
{
	const int	nw = NER_NLABELS - 1;
	float	   *mags = malloc((size_t) nfeats * nw * sizeof(float));
	size_t		nmags = 0;
	float		scale;
	uint32_t	kept = 0;

	for (uint32_t f = 0; f < nfeats; f++)
	{
		float		o = feats[f].w[0] - feats[f].u[0] / step;

		for (int l = 1; l < NER_NLABELS; l++)
		{
			float		a = feats[f].w[l] - feats[f].u[l] / step - o;

			if (a != 0 && feats[f].count >= (uint32_t) min_count)
				mags[nmags++] = fabsf(a);
		}
	}
	qsort(mags, nmags, sizeof(float), cmp_float);
	scale = nmags ? 127.0f / mags[(size_t) ((nmags - 1) * percentile / 100.0)] : 1;
	free(mags);
	for (uint32_t f = 0; f < nfeats; f++)
	{
		float		o = feats[f].w[0] - feats[f].u[0] / step;
		bool		any = false;

		for (int l = 1; l < NER_NLABELS; l++)
			if (labs(lrintf((feats[f].w[l] - feats[f].u[l] / step - o) * scale)) >=
				(select_weight >= 0 ? select_weight : min_weight))
				any = true;
		feats[f].pruned = !any || feats[f].count == 0 || feats[f].count < (uint32_t) min_count;
		kept += !feats[f].pruned;
	}
	return kept;
}

/* ------------------------------------------------------------ main */

/* -W corpus=n: the documents whose id begins with corpus, n times an epoch */
#define MAX_WEIGHTS 8
#define MAX_WEIGHT 8
static struct
{
	const char *prefix;
	int			times;
}			weights[MAX_WEIGHTS];
static int	nweights;


/* Tagging speed: the best of several passes over all documents (the machine
 * may be shared), in tokens per second including tokens on the fast path. */
static void
benchmark(void)
{
	long		ntok = 0;
	double		best = 1e9;
	uint8_t    *labels = NULL;
	int			cap = 0;

	for (int i = 0; i < ndocs; i++)
	{
		ntok += docs[i].doc.ntok;
		if (docs[i].doc.ntok + 1 > cap)
			cap = docs[i].doc.ntok + 1;
	}
	labels = malloc(cap);
	for (int r = 0; r < 25; r++)
	{
		double		t = now();

		for (int i = 0; i < ndocs; i++)
		{
			Doc		   *d = &docs[i];

			for (int s = 0; s < d->nsent; s++)
				said_ner_tag(&d->doc, d->sent_start[s], d->sent_start[s + 1],
							 labels + d->sent_start[s]);
		}
		t = now() - t;
		if (t < best)
			best = t;
	}
	free(labels);
	printf("tagging: %ld tokens in %.3f s (best of 25): %.0f tokens/s, %.0f ns/token\n",
		   ntok, best, ntok / best, best * 1e9 / ntok);
}

int
main(int argc, char **argv)
{
	int			epochs = 10,
				second_epochs = 0,
				min_count = 0;
	double		percentile = 99.99;
	const char *out = NULL;
	bool		with_dev = false,
				bench_only = false;
	const char *err;
	int			opt_end = 1;
	int		   *order;
	int			norder = 0;
	uint32_t	rng = 12345;
	double		t_start = now();

	for (; opt_end < argc && argv[opt_end][0] == '-'; opt_end++)
	{
		const char *o = argv[opt_end];

		if (strcmp(o, "-e") == 0 && opt_end + 1 < argc)
			epochs = atoi(argv[++opt_end]);
		else if (strcmp(o, "-m") == 0 && opt_end + 1 < argc)
			min_count = atoi(argv[++opt_end]);
		else if (strcmp(o, "-p") == 0 && opt_end + 1 < argc)
			percentile = atof(argv[++opt_end]);
		else if (strcmp(o, "-o") == 0 && opt_end + 1 < argc)
			out = argv[++opt_end];
		else if (strcmp(o, "-s") == 0 && opt_end + 1 < argc)
			select_weight = atol(argv[++opt_end]);
		else if (strcmp(o, "-r") == 0 && opt_end + 1 < argc)
			second_epochs = atoi(argv[++opt_end]);
		else if (strcmp(o, "-l") == 0 && opt_end + 1 < argc)
			load_factor = atof(argv[++opt_end]);
		else if (strcmp(o, "-w") == 0 && opt_end + 1 < argc)
			min_weight = atol(argv[++opt_end]);
		else if (strcmp(o, "-c") == 0 && opt_end + 1 < argc)
			cont_min = atoi(argv[++opt_end]);
		else if (strcmp(o, "-q") == 0 && opt_end + 1 < argc)
			cont_rate = atof(argv[++opt_end]);
		else if (strcmp(o, "-n") == 0 && opt_end + 1 < argc)
			nonstart_min = atoi(argv[++opt_end]);
		else if (strcmp(o, "-b") == 0 && opt_end + 1 < argc)
			nonstart_rate = atof(argv[++opt_end]);
		else if (strcmp(o, "-S") == 0 && opt_end + 1 < argc)
			rng = (uint32_t) strtoul(argv[++opt_end], NULL, 10);
		else if (strcmp(o, "-W") == 0 && opt_end + 1 < argc && nweights < MAX_WEIGHTS &&
				 strchr(argv[opt_end + 1], '='))
		{
			char	   *eq = strchr(argv[++opt_end], '=');

			*eq = '\0';
			weights[nweights].prefix = argv[opt_end];
			weights[nweights].times = atoi(eq + 1);
			if (weights[nweights].times < 0 || weights[nweights].times > MAX_WEIGHT)
			{
				fprintf(stderr, "-W: a weight of 0 to %d\n", MAX_WEIGHT);
				return 2;
			}
			nweights++;
		}
		else if (strcmp(o, "-x") == 0)
			with_dev = true;
		else if (strcmp(o, "-t") == 0)
			bench_only = true;
		else
		{
			fprintf(stderr, "usage: train_ner [-e epochs] [-m min_count] [-p percentile] "
					"[-o model] [-c min] [-q rate] [-n min] [-b rate] [-S seed] [-W corpus=n] [-x] [-t] data...\n");
			return 2;
		}
	}
	if (opt_end >= argc)
	{
		fprintf(stderr, "no data files\n");
		return 2;
	}
	if ((err = said_patterns_init(&mallocator)) || (err = said_lexicon_init(&mallocator, said_tokenize)))
	{
		fprintf(stderr, "init: %s\n", err);
		return 1;
	}
	/* the tagger's state without a model (and with the word clusters): the
	 * word lists and features come first */
	said_ner_state_init(&mallocator);
	for (int a = opt_end; a < argc; a++)
		read_data(argv[a]);
	for (int i = 0; i < ndocs; i++)
		prepare(&docs[i]);
	printf("%d documents, lexicon %d entries, sentences from %s (%.1f s)\n", ndocs,
		   said_lexicon_size(), said_sentences ? "said_sentences" : "line and . ! ? breaks",
		   now() - t_start);

	if (bench_only)
	{
		if ((err = said_ner_init(&mallocator)))
		{
			fprintf(stderr, "model: %s\n", err);
			return 1;
		}
		evaluate(true, true, "embedded model on dev");
		benchmark();
		return 0;
	}

	/* a training document goes into each epoch once, or as often as the
	 * weight (-W) of the corpus its id begins with */
	order = malloc((size_t) ndocs * (MAX_WEIGHT + 1) * sizeof(int));
	for (int i = 0; i < ndocs; i++)
		if (docs[i].is_train || (with_dev && docs[i].is_dev))
		{
			int			times = 1;

			for (int w = 0; w < nweights; w++)
				if (strncmp(docs[i].id, weights[w].prefix, strlen(weights[w].prefix)) == 0)
					times = weights[w].times;
			for (int k = 0; k < times; k++)
				order[norder++] = i;
		}
	learn_word_lists(order, norder);
	fmap_mask = (1u << 20) - 1;
	fmap = calloc(fmap_mask + 1, sizeof(uint32_t));

	train_epochs(epochs, order, norder, &rng, t_start);
	if (second_epochs > 0)
	{
		/*
		 * Second round: keep the features whose averaged weights would
		 * survive quantisation and pruning, and train again from zero on
		 * those alone, so that the weights of the pruned features are
		 * redistributed over the kept ones instead of lost.
		 */
		uint32_t	kept = select_features(min_count, percentile);

		printf("second round on %u features\n", kept);
		for (uint32_t f = 0; f < nfeats; f++)
		{
			memset(feats[f].w, 0, sizeof(feats[f].w));
			memset(feats[f].u, 0, sizeof(feats[f].u));
		}
		step = 1;
		second_round = true;
		train_epochs(second_epochs, order, norder, &rng, t_start);
	}

	{
		size_t		size;
		unsigned char *model = build_model(min_count, percentile, &size);

		if ((err = said_ner_load(model, size)))
		{
			fprintf(stderr, "load: %s\n", err);
			return 1;
		}
		evaluate(false, true, "averaged float weights, dev");
		if (getenv("NER_DUMP"))
			dump = fopen(getenv("NER_DUMP"), "w");
		evaluate(true, true, "quantised model (said_ner_tag), dev");
		if (dump)
			fclose(dump);
		dump = NULL;
		benchmark();
		if (out)
		{
			FILE	   *f = fopen(out, "wb");

			if (!f || fwrite(model, 1, size, f) != size || fclose(f) != 0)
			{
				perror(out);
				return 1;
			}
			printf("wrote %s (%zu bytes)\n", out, size);
		}
	}
	return 0;
}
