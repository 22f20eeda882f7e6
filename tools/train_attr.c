/*
 * train_attr.c -- trains the learned attribution stage (src/learned.h) and
 * writes data/attr.model.
 *
 *     make train-attribution     (tools/Makefile.attr; see tools/README.md)
 *
 * Documents of the split "train" are trained on, "dev" ones are scored
 * (nothing is tuned on them).  Each document runs through the whole core
 * pipeline with the learned stage off (the rules' attributions are features
 * of it), the gold attributions are aligned to its tokens, and three
 * averaged perceptrons learn with the extraction code of src/learned_features.c:
 *
 *   cue      a binary classifier over the candidate cues (a candidate is a
 *            gold cue when it is the gold cue's anchor word: the rules' cue
 *            there, else a lexicon cue word, else its last content word);
 *   content  a structured perceptron: the decoder's best span against the
 *            gold content (its word tokens, a leading "that" dropped), for
 *            the gold cues whose content the decoder can give;
 *   source   a ranking perceptron: the best candidate against the one that
 *            shares most words with the gold speaker (or "none").
 *
 * Calibration: the training split is cut into -k folds (4); models trained
 * on the others decide each fold's documents, and those held-out rows fit
 * (1) the cue threshold that maximises the F1 of right rows, (2) the cue
 * words' reliability (their rows' smoothed share right), and (3) a logistic
 * combination of the row's inputs (said_learned_cal_inputs), binned into a
 * monotone table (pool adjacent violators) of the share of rows that were
 * right.  The report checks (3) fold by fold, fitted on the other folds.
 *
 * Options: -e epochs (8), -o output model, -k folds for calibration (4; 0:
 * none), -v/-r a cue word's least count as a gold cue (3) and least share
 * of its occurrences (0.02), -w least |quantised weight| kept (2), -l the
 * table's load factor at most (0.5), -S shuffle seed (12345), -n only the
 * first N training documents (quick runs), -q quiet, -F each fold learns
 * its own cue vocabulary (the held-out documents' cue words are then unseen
 * words, as dev's are; by default the vocabulary of the whole training
 * split is every fold's).
 * Reports (stdout): where the gold attributions that are not direct quotes
 * are lost, on the held-out folds of train and on dev; ATTR_SHOW=1 prints
 * each loss to stderr (REACH lines with why the content is out of the
 * decoder's reach), ATTR_MISSED=1 the gold cue words that are no candidate.
 * Deterministic: the same data and options give the same model.
 */
#include "said.h"
#include "lexicon.h"
#include "learned.h"
#include "tokens.h"
#include "tool_heap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ data */

#define MAX_FRAGS 8
#define MAX_FOLDS 16			/* -k at most */

typedef struct Gold
{
	int			kind;			/* QK_* */
	int			cue0,
				cue1;			/* the gold cue's tokens, -1 when none */
	int			anchor;			/* the cue word (see anchor_of), or -1 */
	int			c0,
				c1;				/* the content as one span of words */
	int			nfrag;
	int			frag[MAX_FRAGS][2];	/* its fragments, as tokens */
	int			sp0,
				sp1;			/* the speaker's tokens, -1 when none */
} Gold;

typedef struct Doc
{
	char	   *id;
	char	   *text;
	uint32_t	len;
	int			split;			/* 0 train, 1 dev, 2 other */
	int			fold;
	uint32_t   *raw;			/* the attribution lines' numbers, as read */
	int			nraw;
	Gold	   *gold;
	int			ngold;
	SaidArena	arena;
	SaidDoc		doc;
	SaidLearnedDoc ad;
	SaidLearnedCue *cand;
	int			ncand;
	int		   *cand_gold;		/* candidate -> gold, or -1 */
	uint8_t    *isword;			/* per token: a word the scorer counts */
} Doc;

static Doc *docs;
static int	ndocs;
static bool quiet;

static int
kind_index(const char *s)
{
	if (strcmp(s, "direct") == 0)
		return QK_DIRECT;
	if (strcmp(s, "mixed") == 0)
		return QK_MIXED;
	return QK_INDIRECT;
}

static void
read_data(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	char		line[65536];
	int			cap = 0;

	if (!f)
	{
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f))
	{
		Doc		   *d;
		char	   *tab[3];
		int			nattr;

		if (line[0] != 'D' || line[1] != ' ')
			continue;
		if (ndocs >= cap)
		{
			cap = cap ? cap * 2 : 1024;
			docs = realloc(docs, cap * sizeof(Doc));
		}
		d = &docs[ndocs++];
		memset(d, 0, sizeof(*d));
		tab[0] = strchr(line, '\t');
		tab[1] = tab[0] ? strchr(tab[0] + 1, '\t') : NULL;
		tab[2] = tab[1] ? strchr(tab[1] + 1, '\t') : NULL;
		if (!tab[2])
		{
			fprintf(stderr, "bad header: %s", line);
			exit(1);
		}
		*tab[0] = *tab[1] = '\0';
		d->id = strdup(line + 2);
		d->split = strcmp(tab[0] + 1, "train") == 0 ? 0 : strcmp(tab[0] + 1, "dev") == 0 ? 1 : 2;
		d->len = (uint32_t) strtoul(tab[1] + 1, NULL, 10);
		nattr = atoi(tab[2] + 1);
		d->text = malloc(d->len + 1);
		if (fread(d->text, 1, d->len, f) != d->len)
		{
			fprintf(stderr, "truncated text in %s\n", d->id);
			exit(1);
		}
		d->text[d->len] = '\0';
		(void) fgetc(f);
		d->gold = calloc(nattr + 1, sizeof(Gold));
		d->raw = calloc((size_t) (nattr + 1) * (6 + 2 * MAX_FRAGS), sizeof(uint32_t));
		for (int k = 0; k < nattr; k++)
		{
			char		kind[16];
			int			v[5],
						nf,
						used;
			char	   *p;
			uint32_t   *r = d->raw + (size_t) k * (6 + 2 * MAX_FRAGS);

			if (!fgets(line, sizeof(line), f) ||
				sscanf(line, "A %15s %d %d %d %d %d%n", kind, &v[0], &v[1], &v[2], &v[3], &nf, &used) != 6)
			{
				fprintf(stderr, "bad attribution line in %s\n", d->id);
				exit(1);
			}
			r[0] = (uint32_t) kind_index(kind);
			for (int i = 0; i < 4; i++)
				r[1 + i] = (uint32_t) v[i];
			r[5] = (uint32_t) (nf < MAX_FRAGS ? nf : MAX_FRAGS);
			p = line + used;
			for (int i = 0; i < nf; i++)
			{
				int			a,
							b,
							m;

				if (sscanf(p, " %d %d%n", &a, &b, &m) != 2)
				{
					fprintf(stderr, "bad fragments in %s\n", d->id);
					exit(1);
				}
				p += m;
				if (i < MAX_FRAGS)
				{
					r[6 + 2 * i] = (uint32_t) a;
					r[7 + 2 * i] = (uint32_t) b;
				}
				else
					r[6 + 2 * (MAX_FRAGS - 1) + 1] = (uint32_t) b;	/* the last takes the rest */
			}
		}
		d->nraw = nattr;
	}
	fclose(f);
}

static bool
wordish(const SaidDoc *doc, int t)
{
	return doc->tok[t].kind == TOK_WORD || doc->tok[t].kind == TOK_NUMBER;
}

/* The gold cue's anchor: the rules' cue there, a lexicon cue word, its last content word. */
static int
anchor_of(const Doc *d, int c0, int c1)
{
	const SaidDoc *doc = &d->doc;
	int			last = -1;

	for (int t = c0; t < c1; t++)
		if (d->ad.cue_at[t] >= 0)
			return t;
	for (int t = c0; t < c1; t++)
		if (doc->tok[t].kind == TOK_WORD && (doc->tok[t].lex & (LX_CUE_VERB | LX_CUE_NOUN)))
			return t;
	for (int t = c0; t < c1; t++)
		if (wordish(doc, t) && !(doc->tok[t].lex & LX_FUNCTION))
			last = t;
	return last >= 0 ? last : c0;
}

static void
prepare(Doc *d)
{
	SaidDoc    *doc = &d->doc;

	said_arena_init(&d->arena, &mallocator);
	said_doc_init(doc, &d->arena, d->text, d->len);
	/* the rules' rows as the extension's learned stage reads them */
	doc->rule_rows = true;
	said_analyze(doc, false);
	said_learned_doc_init(&d->ad, doc);
	said_learned_prepare_all(&d->ad);
	d->isword = calloc(doc->ntok + 1, 1);
	for (int t = 0; t < doc->ntok; t++)
		d->isword[t] = wordish(doc, t);
	for (int k = 0; k < d->nraw; k++)
	{
		uint32_t   *r = d->raw + (size_t) k * (6 + 2 * MAX_FRAGS);
		Gold	   *g = &d->gold[d->ngold];
		int			a,
					b;

		memset(g, 0, sizeof(*g));
		g->kind = (int) r[0];
		g->cue0 = g->cue1 = g->anchor = -1;
		g->sp0 = g->sp1 = -1;
		if ((int) r[1] >= 0)
		{
			said_learned_tokens_of(doc, r[1], r[2], &a, &b);
			if (b > a)
			{
				g->cue0 = a;
				g->cue1 = b;
				g->anchor = anchor_of(d, a, b);
			}
		}
		if ((int) r[3] >= 0)
		{
			said_learned_tokens_of(doc, r[3], r[4], &a, &b);
			if (b > a)
			{
				g->sp0 = a;
				g->sp1 = b;
			}
		}
		g->c0 = INT32_MAX;
		g->c1 = -1;
		for (int i = 0; i < (int) r[5]; i++)
		{
			said_learned_tokens_of(doc, r[6 + 2 * i], r[7 + 2 * i], &a, &b);
			if (b <= a)
				continue;
			g->frag[g->nfrag][0] = a;
			g->frag[g->nfrag][1] = b;
			g->nfrag++;
			if (a < g->c0)
				g->c0 = a;
			if (b > g->c1)
				g->c1 = b;
		}
		if (g->nfrag == 0)
			continue;
		/* words at both ends, a leading "that" dropped (the scorer compares neither) */
		while (g->c0 < g->c1 && !wordish(doc, g->c0))
			g->c0++;
		if (g->c0 < g->c1 && word_is(doc, g->c0, "that"))
			g->c0++;
		while (g->c0 < g->c1 && !wordish(doc, g->c0))
			g->c0++;
		while (g->c1 > g->c0 && !wordish(doc, g->c1 - 1))
			g->c1--;
		if (g->c0 >= g->c1)
			continue;
		d->ngold++;
	}
}

/* ------------------------------------------------------------ vocabulary */

static void find_candidates(Doc *d);

static int	vocab_min = 3;
static bool fold_vocabulary;	/* -F: each fold's own vocabulary (else all training documents') */
static double vocab_rate = 0.02;
static uint64_t *vocab_words;
static uint32_t nvocab;

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

/* Count hashes: sorted array + run lengths. */
typedef struct Bag
{
	uint64_t   *v;
	size_t		n,
				cap;
} Bag;

static void
bag_push(Bag *b, uint64_t h)
{
	if (b->n == b->cap)
	{
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->v = realloc(b->v, b->cap * sizeof(uint64_t));
	}
	b->v[b->n++] = h;
}

static size_t
bag_count(const Bag *b, uint64_t h)
{
	size_t		lo = 0,
				hi = b->n,
				first;

	while (lo < hi)
	{
		size_t		mid = (lo + hi) / 2;

		if (b->v[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < b->n && b->v[lo] == h)
		lo++;
	return lo - first;
}

/*
 * The cue vocabulary: words that are the anchor of at least vocab_min gold
 * cues of the training documents, in at least vocab_rate of their
 * occurrences outside quotes ("said", "according", "believes", "urged", but
 * not "for").  Cues the rules found are candidates anyway (those of words
 * outside the vocabulary keep the rules' rows).
 */
static void
learn_vocabulary(const bool *use)
{
	Bag			anchors = {0},
				all = {0};

	for (int i = 0; i < ndocs; i++)
	{
		Doc		   *d = &docs[i];

		if (!use[i])
			continue;
		for (int k = 0; k < d->ngold; k++)
			if (d->gold[k].anchor >= 0 && d->doc.tok[d->gold[k].anchor].kind == TOK_WORD)
				bag_push(&anchors, d->doc.tok[d->gold[k].anchor].hash);
		for (int t = 0; t < d->doc.ntok; t++)
			if (d->doc.tok[t].kind == TOK_WORD && !(d->doc.tok[t].flags & TF_IN_QUOTE))
				bag_push(&all, d->doc.tok[t].hash);
	}
	qsort(anchors.v, anchors.n, sizeof(uint64_t), cmp_u64);
	qsort(all.v, all.n, sizeof(uint64_t), cmp_u64);
	free(vocab_words);
	vocab_words = malloc((anchors.n + 1) * sizeof(uint64_t));
	nvocab = 0;
	for (size_t a = 0, b; a < anchors.n; a = b)
	{
		size_t		occ;

		for (b = a; b < anchors.n && anchors.v[b] == anchors.v[a]; b++)
			;
		occ = bag_count(&all, anchors.v[a]);
		if (b - a >= (size_t) vocab_min && (double) (b - a) >= vocab_rate * (double) (occ ? occ : 1) &&
			nvocab < ATTR_MAX_WORDS)
			vocab_words[nvocab++] = anchors.v[a];
	}
	said_learned_set_words(vocab_words, nvocab);
	free(anchors.v);
	free(all.v);
	/* the documents' candidates are the vocabulary's */
	for (int i = 0; i < ndocs; i++)
	{
		free(docs[i].cand_gold);
		find_candidates(&docs[i]);
	}
	if (!quiet)
		printf("cue vocabulary: %u words (anchor of >= %d gold cues, >= %.1f%% of their uses)\n",
			   nvocab, vocab_min, 100 * vocab_rate);
}

static void
find_candidates(Doc *d)
{
	d->cand = said_learned_candidates(&d->ad, &d->ncand);
	d->cand_gold = malloc((d->ncand + 1) * sizeof(int));
	for (int i = 0; i < d->ncand; i++)
	{
		d->cand_gold[i] = -1;
		for (int k = 0; k < d->ngold; k++)
			if (d->gold[k].anchor == d->cand[i].tok)
			{
				d->cand_gold[i] = k;
				break;
			}
	}
}

/* A candidate the stage decides on: not the cue of one of the rules' direct quotes. */
static bool
decided(const Doc *d, int i)
{
	const SaidLearnedCue *c = &d->cand[i];

	return !(c->rule_attr >= 0 && d->doc.attr[c->rule_attr].kind == QK_DIRECT);
}

/* ------------------------------------------------------------ perceptrons */

typedef struct Feat
{
	uint64_t	key;
	float		w;
	float		avg;
	double		u;				/* sum of step * update, for averaging */
} Feat;

typedef struct Perc
{
	const char *name;
	Feat	   *f;
	uint32_t	n,
				cap;
	uint32_t   *map;			/* index + 1, 0 = empty */
	uint64_t	mask;
	double		step;
} Perc;

static void
perc_reset(Perc *p, const char *name)
{
	free(p->f);
	free(p->map);
	memset(p, 0, sizeof(*p));
	p->name = name;
	p->mask = (1 << 16) - 1;
	p->map = calloc(p->mask + 1, sizeof(uint32_t));
	p->step = 1;
}

static Feat *
perc_find(Perc *p, uint64_t key, bool create)
{
	uint64_t	i = (key ^ (key >> 29)) & p->mask;

	while (p->map[i])
	{
		if (p->f[p->map[i] - 1].key == key)
			return &p->f[p->map[i] - 1];
		i = (i + 1) & p->mask;
	}
	if (!create)
		return NULL;
	if ((uint64_t) p->n * 2 >= p->mask)
	{
		uint64_t	size = (p->mask + 1) * 2;

		free(p->map);
		p->map = calloc(size, sizeof(uint32_t));
		p->mask = size - 1;
		for (uint32_t k = 0; k < p->n; k++)
		{
			uint64_t	j = (p->f[k].key ^ (p->f[k].key >> 29)) & p->mask;

			while (p->map[j])
				j = (j + 1) & p->mask;
			p->map[j] = k + 1;
		}
		return perc_find(p, key, true);
	}
	if (p->n >= p->cap)
	{
		p->cap = p->cap ? p->cap * 2 : 65536;
		p->f = realloc(p->f, (size_t) p->cap * sizeof(Feat));
	}
	memset(&p->f[p->n], 0, sizeof(Feat));
	p->f[p->n].key = key;
	p->map[i] = ++p->n;
	return &p->f[p->n - 1];
}

static float
perc_score(const void *ctx, const SaidLearnedFeat *f, int n)
{
	float		s = 0.0f;

	for (int i = 0; i < n; i++)
	{
		const Feat *x = perc_find((Perc *) ctx, f[i].key, false);

		s += x ? x->w : 0.0f;
	}
	return s;
}

static float
perc_avg_score(const void *ctx, const SaidLearnedFeat *f, int n)
{
	float		s = 0.0f;

	for (int i = 0; i < n; i++)
	{
		const Feat *x = perc_find((Perc *) ctx, f[i].key, false);

		s += x ? x->avg : 0.0f;
	}
	return s;
}

static void
perc_update(Perc *p, const SaidLearnedFeat *f, int n, float delta)
{
	for (int i = 0; i < n; i++)
	{
		Feat	   *x = perc_find(p, f[i].key, true);

		x->w += delta;
		x->u += p->step * delta;
	}
}

static void
perc_average(Perc *p)
{
	for (uint32_t k = 0; k < p->n; k++)
		p->f[k].avg = (float) (p->f[k].w - p->f[k].u / p->step);
}

/* The three parts: one table each while training, one in the model. */
static Perc cue_p,
			span_p,
			src_p;

/* One table's weights for the decoders, the current or the averaged ones. */
typedef struct Parts
{
	SaidLearnedWeights cue,
				span,
				src;
} Parts;

static Parts
parts_of(bool averaged)
{
	Parts		w;

	w.cue = (SaidLearnedWeights) {averaged ? perc_avg_score : perc_score, &cue_p, false, NULL};
	w.span = (SaidLearnedWeights) {averaged ? perc_avg_score : perc_score, &span_p, false, NULL};
	w.src = (SaidLearnedWeights) {averaged ? perc_avg_score : perc_score, &src_p, false, NULL};
	return w;
}

/* The score of features under weights w. */
static inline float
perc_sum(const SaidLearnedWeights *w, const SaidLearnedFeat *f, int n)
{
	return w->score(w->ctx, f, n);
}

/* ------------------------------------------------------------ targets */

static bool
gold_span(const Doc *d, const SaidLearnedCue *c, const Gold *g, SaidLearnedSpan *sp)
{
	sp->t0 = g->c0;
	sp->t1 = g->c1;
	sp->gap0 = sp->gap1 = -1;
	sp->side = g->c0 > c->tok ? ATTR_AFTER : g->c1 <= c->t0 ? ATTR_BEFORE : -1;
	if (sp->side < 0 && g->c0 < c->t0 && g->c1 > c->t1 && said_learned_around_gap(&d->ad, c, &sp->gap0, &sp->gap1))
		sp->side = ATTR_AROUND;
	return sp->side >= 0 && said_learned_span_allowed(&d->ad, c, sp);
}

/* Words of [a0, a1) also in [b0, b1), and the union's words. */
static void
word_overlap(const Doc *d, int a0, int a1, int b0, int b1, int *inter, int *uni)
{
	int			lo = a0 < b0 ? a0 : b0,
				hi = a1 > b1 ? a1 : b1;

	*inter = *uni = 0;
	for (int t = lo; t < hi; t++)
	{
		bool		in_a = t >= a0 && t < a1,
					in_b = t >= b0 && t < b1;

		if (!d->isword[t])
			continue;
		*inter += in_a && in_b;
		*uni += in_a || in_b;
	}
}

/* The candidate speaker that best matches the gold one: -1 when none does. */
static int
gold_source(const Doc *d, const Gold *g, const SaidLearnedSource *src, int n)
{
	int			best = -1;
	double		best_j = 0;

	if (g->sp0 < 0)
		return src[0].how == ASRC_NONE ? 0 : -1;
	for (int i = 0; i < n; i++)
	{
		int			inter,
					uni;
		double		j;

		if (src[i].how == ASRC_NONE)
			continue;
		word_overlap(d, src[i].t0, src[i].t1, g->sp0, g->sp1, &inter, &uni);
		j = uni ? (double) inter / uni : 0;
		if (inter > 0 && j > best_j)
		{
			best_j = j;
			best = i;
		}
	}
	return best;
}

/* ------------------------------------------------------------ training */

static uint64_t rng = 12345;
static float cue_lr = 0;		/* -L: logistic steps for the cue part instead of the perceptron's */
static float cue_margin = 0;	/* -M: the perceptron's margin for the cue part */
static bool joint;				/* -J: one structured perceptron over cue, content and source */

static uint32_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t) (rng >> 11);
}

/*
 * One step of the joint perceptron on candidate c: the output is "not a
 * cue" (score 0) or a content and a source (score cue + content + source);
 * a gold whose content or source the decoder cannot give is left out.
 */
static void
joint_step(Doc *d, const SaidLearnedCue *c, int gi, const Parts *w)
{
	SaidLearnedFeat keys[ATTR_MAX_KEYS];
	SaidLearnedSource src[ATTR_MAX_SOURCES],
				gsrc[ATTR_MAX_SOURCES];
	SaidLearnedSpan psp,
				gsp;
	float		sc,
				ss = 0,
				so = 0,
				margin;
	int			nc,
				ns = 0,
				ps = -1,
				ngs = 0,
				ts = -1;
	bool		pyes,
				gyes = false;

	if (gi >= 0)
	{
		if (!gold_span(d, c, &d->gold[gi], &gsp))
			return;
		ngs = said_learned_sources(&d->ad, c, &gsp, gsrc);
		ts = gold_source(d, &d->gold[gi], gsrc, ngs);
		if (ts < 0)
			return;
		gyes = true;
	}
	nc = said_learned_cue_keys(&d->ad, c, keys);
	sc = perc_sum(&w->cue, keys, nc);
	pyes = said_learned_best_span(&d->ad, c, &w->span, &psp, &ss, &margin);
	if (pyes)
	{
		ns = said_learned_sources(&d->ad, c, &psp, src);
		ps = said_learned_best_source(&d->ad, c, &psp, src, ns, &w->src, &so, &margin);
		pyes = sc + ss + so > 0;
	}
	if (gyes != pyes)
		perc_update(&cue_p, keys, nc, gyes ? 1.0f : -1.0f);
	if (gyes)
	{
		bool		same_span = pyes && psp.side == gsp.side && psp.t0 == gsp.t0 && psp.t1 == gsp.t1;

		if (!same_span)
		{
			perc_update(&span_p, keys, said_learned_span_keys(&d->ad, c, &gsp, keys), 1.0f);
			if (pyes)
				perc_update(&span_p, keys, said_learned_span_keys(&d->ad, c, &psp, keys), -1.0f);
		}
		if (!pyes || !same_span || ps != ts)
		{
			perc_update(&src_p, keys, said_learned_source_keys(&d->ad, c, &gsp, &gsrc[ts], keys), 1.0f);
			if (pyes)
				perc_update(&src_p, keys, said_learned_source_keys(&d->ad, c, &psp, &src[ps], keys), -1.0f);
		}
	}
	else if (pyes)
	{
		perc_update(&span_p, keys, said_learned_span_keys(&d->ad, c, &psp, keys), -1.0f);
		perc_update(&src_p, keys, said_learned_source_keys(&d->ad, c, &psp, &src[ps], keys), -1.0f);
	}
	cue_p.step++;
	span_p.step++;
	src_p.step++;
}

/* Train the three parts on the documents with use[doc] set, epochs times. */
static void
train(const bool *use, int epochs)
{
	int		   *order = malloc(ndocs * sizeof(int));
	int			norder = 0;
	SaidLearnedFeat keys[ATTR_MAX_KEYS],
				gkeys[ATTR_MAX_KEYS];
	SaidLearnedSource src[ATTR_MAX_SOURCES];
	Parts		w = parts_of(false);

	perc_reset(&cue_p, "cue");
	perc_reset(&span_p, "content");
	perc_reset(&src_p, "source");
	for (int i = 0; i < ndocs; i++)
		if (use[i])
			order[norder++] = i;
	for (int e = 0; e < epochs; e++)
	{
		long		cue_err = 0,
					span_err = 0,
					src_err = 0,
					ncue = 0,
					nspan = 0,
					nsrc = 0;

		for (int i = norder - 1; i > 0; i--)
		{
			int			j = (int) (next_random() % (uint32_t) (i + 1)),
						x = order[i];

			order[i] = order[j];
			order[j] = x;
		}
		for (int o = 0; o < norder; o++)
		{
			Doc		   *d = &docs[order[o]];

			for (int i = 0; i < d->ncand; i++)
			{
				const SaidLearnedCue *c = &d->cand[i];
				int			gi = d->cand_gold[i];
				int			n;
				float		score;
				bool		yes = gi >= 0;

				if (!decided(d, i))
					continue;
				if (joint)
				{
					joint_step(d, c, gi, &w);
					continue;
				}
				n = said_learned_cue_keys(&d->ad, c, keys);
				score = perc_sum(&w.cue, keys, n);
				ncue++;
				if ((score > 0) != yes)
					cue_err++;
				if (cue_lr > 0)
				{
					/* logistic loss, stochastic gradient steps (averaged like the perceptron's) */
					float		p = 1.0f / (1.0f + expf(-score));

					perc_update(&cue_p, keys, n, cue_lr * ((yes ? 1.0f : 0.0f) - p));
				}
				else if (yes ? score <= cue_margin : score >= -cue_margin)
					perc_update(&cue_p, keys, n, yes ? 1.0f : -1.0f);
				cue_p.step++;
				if (yes)
				{
					const Gold *g = &d->gold[gi];
					SaidLearnedSpan gsp,
								psp;
					float		margin,
								sscore;
					int			ns,
								ts,
								ps;

					if (said_learned_rule_span(&d->ad, c, &psp))
					{
						/* the stage keeps the rules' content: the decoder does not learn from it */
						if (!gold_span(d, c, g, &gsp))
						{
							gsp.side = g->c0 >= c->t1 ? ATTR_AFTER : ATTR_BEFORE;
							gsp.gap0 = gsp.gap1 = -1;
						}
					}
					else if (gold_span(d, c, g, &gsp))
					{
						nspan++;
						if (said_learned_best_span(&d->ad, c, &w.span, &psp, &sscore, &margin) &&
							(psp.side != gsp.side || psp.t0 != gsp.t0 || psp.t1 != gsp.t1))
						{
							perc_update(&span_p, gkeys, said_learned_span_keys(&d->ad, c, &gsp, gkeys), 1.0f);
							perc_update(&span_p, keys, said_learned_span_keys(&d->ad, c, &psp, keys), -1.0f);
							span_err++;
						}
						span_p.step++;
					}
					else
					{
						/* the source of a content the decoder cannot give: around the gold's */
						gsp.side = g->c0 >= c->t1 ? ATTR_AFTER : ATTR_BEFORE;
						gsp.gap0 = gsp.gap1 = -1;
					}
					ns = said_learned_sources(&d->ad, c, &gsp, src);
					ts = gold_source(d, g, src, ns);
					if (ts >= 0)
					{
						nsrc++;
						ps = said_learned_best_source(&d->ad, c, &gsp, src, ns, &w.src, &sscore, &margin);
						if (ps != ts)
						{
							perc_update(&src_p, gkeys, said_learned_source_keys(&d->ad, c, &gsp, &src[ts], gkeys), 1.0f);
							perc_update(&src_p, keys, said_learned_source_keys(&d->ad, c, &gsp, &src[ps], keys), -1.0f);
							src_err++;
						}
						src_p.step++;
					}
				}
			}
		}
		if (!quiet)
			printf("  epoch %d: cue errors %.3f of %ld, content %.3f of %ld, source %.3f of %ld\n",
				   e + 1, (double) cue_err / (ncue ? ncue : 1), ncue, (double) span_err / (nspan ? nspan : 1),
				   nspan, (double) src_err / (nsrc ? nsrc : 1), nsrc);
	}
	perc_average(&cue_p);
	perc_average(&span_p);
	perc_average(&src_p);
	free(order);
}

/* ------------------------------------------------------------ evaluation */

typedef struct Tally
{
	long		cue_tp,
				cue_fp,
				cue_fn;
	long		span_n,
				span_exact,
				span_half;
	long		src_n,
				src_ok;
	long		gold_total,
				gold_anchor_cand,
				gold_reach;
} Tally;

static void
evaluate(const bool *use, const char *what)
{
	Parts		w = parts_of(true);
	Tally		t = {0};
	SaidLearnedSource src[ATTR_MAX_SOURCES];

	for (int i = 0; i < ndocs; i++)
	{
		Doc		   *d = &docs[i];

		if (!use[i])
			continue;
		t.gold_total += d->ngold;
		for (int k = 0; k < d->ncand; k++)
		{
			const SaidLearnedCue *c = &d->cand[k];
			int			gi = d->cand_gold[k];
			float		score,
						margin,
						sscore;
			SaidLearnedSpan gsp,
						psp;

			if (!decided(d, k))
				continue;
			score = said_learned_cue_score(&d->ad, c, &w.cue);
			if (gi >= 0)
				t.gold_anchor_cand++;
			if (score > 0 && gi >= 0)
				t.cue_tp++;
			else if (score > 0)
				t.cue_fp++;
			else if (gi >= 0)
				t.cue_fn++;
			if (gi < 0)
				continue;
			if (gold_span(d, c, &d->gold[gi], &gsp))
			{
				int			inter,
							uni;

				t.gold_reach++;
				t.span_n++;
				if (said_learned_best_span(&d->ad, c, &w.span, &psp, &sscore, &margin))
				{
					word_overlap(d, psp.t0, psp.t1, gsp.t0, gsp.t1, &inter, &uni);
					t.span_exact += inter == uni;
					t.span_half += uni && inter * 2 >= uni;
				}
				{
					int			ns = said_learned_sources(&d->ad, c, &gsp, src);
					int			ts = gold_source(d, &d->gold[gi], src, ns);
					int			ps = said_learned_best_source(&d->ad, c, &gsp, src, ns, &w.src, &sscore, &margin);

					t.src_n++;
					t.src_ok += ts >= 0 && (ps == ts || (src[ps].how != ASRC_NONE && d->gold[gi].sp0 >= 0 &&
														 src[ps].t0 < d->gold[gi].sp1 && d->gold[gi].sp0 < src[ps].t1));
				}
			}
		}
	}
	{
		double		p = (double) t.cue_tp / (t.cue_tp + t.cue_fp + 1e-9),
					r = (double) t.cue_tp / (t.cue_tp + t.cue_fn + 1e-9);

		printf("%s: gold %ld, anchor a candidate %ld (%.3f), content reachable %ld (%.3f)\n"
			   "  cue P %.3f R %.3f F1 %.3f | content exact %.3f, >= 0.5 %.3f | source %.3f\n",
			   what, t.gold_total, t.gold_anchor_cand, (double) t.gold_anchor_cand / t.gold_total,
			   t.gold_reach, (double) t.gold_reach / t.gold_total, p, r, 2 * p * r / (p + r + 1e-9),
			   (double) t.span_exact / (t.span_n ? t.span_n : 1), (double) t.span_half / (t.span_n ? t.span_n : 1),
			   (double) t.src_ok / (t.src_n ? t.src_n : 1));
	}
}

/* Where the gold attributions of the documents with use[] set are lost, by kind. */
static void
coverage(const bool *use, const char *what)
{
	long		n[4][8] = {{0}};
	static const char *const kinds[] = {"", "direct", "mixed", "indirect"};

	for (int i = 0; i < ndocs; i++)
	{
		Doc		   *d = &docs[i];

		if (!use[i])
			continue;
		for (int k = 0; k < d->ngold; k++)
		{
			const Gold *g = &d->gold[k];
			int			cand = -1;
			SaidLearnedSpan sp;

			n[g->kind][0]++;
			if (g->anchor < 0)
			{
				n[g->kind][1]++;
				continue;
			}
			for (int c = 0; c < d->ncand; c++)
				if (d->cand_gold[c] == k)
					cand = c;
			if (cand < 0)
			{
				/* not a candidate: the same anchor as another gold, or not one at all */
				bool		other = false;

				for (int c = 0; c < d->ncand; c++)
					other |= d->cand[c].tok == g->anchor;
				n[g->kind][other ? 2 : 3]++;
				if (!other && getenv("ATTR_MISSED"))
					fprintf(stderr, "missed\t%s\t%d\t%.*s\t%.*s\t%s\t%d\t%s\n", d->doc.tok[g->anchor].flags & TF_IN_QUOTE ? "inquote" : "-",
							d->doc.tok[g->anchor].kind,
							(int) (d->doc.tok[g->anchor].b1 - d->doc.tok[g->anchor].b0), d->text + d->doc.tok[g->anchor].b0,
							(int) (d->doc.tok[g->cue1 - 1].b1 - d->doc.tok[g->cue0].b0), d->text + d->doc.tok[g->cue0].b0,
							(d->doc.tok[g->anchor].lex & LX_CUE_VERB) ? "cueverb" : (d->doc.tok[g->anchor].lex & LX_CUE_NOUN) ? "cuenoun" : "-",
							said_learned_class(&d->ad, g->anchor), d->split ? "dev" : "train");
				continue;
			}
			if (!decided(d, cand))
			{
				n[g->kind][4]++;
				continue;
			}
			if (gold_span(d, &d->cand[cand], g, &sp))
				n[g->kind][7]++;
			else if (g->c0 < d->cand[cand].t1 && g->c1 > d->cand[cand].t0)
				n[g->kind][5]++;
			else
				n[g->kind][6]++;
		}
	}
	{
		/* where reachable gold contents start and end: the classes of the tokens after their end and before their start */
		long		after_dist[16][2] = {{0}};
		long		dstart[13] = {0},
					dend[13] = {0};
		long		endc[AC_NCLASSES + 2] = {0},
					startc[AC_NCLASSES + 2] = {0},
					tot = 0;

		for (int i = 0; i < ndocs; i++)
		{
			Doc		   *d = &docs[i];

			if (!use[i])
				continue;
			for (int c = 0; c < d->ncand; c++)
			{
				SaidLearnedSpan sp;

				if (d->cand_gold[c] < 0 || !gold_span(d, &d->cand[c], &d->gold[d->cand_gold[c]], &sp))
					continue;
				tot++;
				endc[sp.t1 >= d->cand[c].send ? AC_NCLASSES + 1 : said_learned_class(&d->ad, sp.t1)]++;
				if (d->cand[c].rule_attr >= 0)
				{
					const SaidAttribution *a = &d->doc.attr[d->cand[c].rule_attr];
					int			r0,
								r1;

					said_learned_tokens_of(&d->doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &r0, &r1);
					while (r1 > r0 && !d->isword[r1 - 1])
						r1--;
					while (r0 < r1 && !d->isword[r0])
						r0++;
					if ((r0 >= d->cand[c].t1) == (sp.side == ATTR_AFTER) && r1 > r0)
					{
						int			a0 = sp.t0 - r0,
									a1 = sp.t1 - r1;

						dstart[a0 < -6 ? 0 : a0 > 6 ? 12 : a0 + 6]++;
						dend[a1 < -6 ? 0 : a1 > 6 ? 12 : a1 + 6]++;
					}
				}
				if (sp.side != ATTR_AFTER)
					startc[sp.t0 == d->cand[c].s0 ? AC_NCLASSES + 1 : said_learned_class(&d->ad, sp.t0 - 1)]++;
				else
				{
					int			dd = sp.t0 - d->cand[c].t1;

					after_dist[dd < -2 ? 0 : dd > 12 ? 15 : dd + 2][d->ad.clause_edge[sp.t0 - 1] || sp.t0 - 1 == d->cand[c].tok]++;
				}
			}
		}
		printf("%s reachable gold contents %ld; token after the end by class:", what, tot);
		for (int k = 0; k < AC_NCLASSES + 2; k++)
			printf(" %d:%ld", k, endc[k]);
		printf("\n  gold - rules' bounds on the rules' side: start");
		for (int k = 0; k < 13; k++)
			printf(" %d:%ld", k - 6, dstart[k]);
		printf("; end");
		for (int k = 0; k < 13; k++)
			printf(" %d:%ld", k - 6, dend[k]);
		printf("\n  after: start - cue end (from -2), not after an edge / after one:");
		for (int k = 0; k < 16; k++)
			printf(" %d:%ld/%ld", k - 2, after_dist[k][0], after_dist[k][1]);
		printf("\n  token before the start (before/around) by class:");
		for (int k = 0; k < AC_NCLASSES + 2; k++)
			printf(" %d:%ld", k, startc[k]);
		printf("\n");
	}
	printf("%s gold: kind, total, no cue, anchor shared, not a candidate, rules' direct cue, content around the cue, out of reach, reachable\n", what);
	for (int k = 1; k <= 3; k++)
		printf("  %-8s %6ld %5ld %5ld %5ld %5ld %5ld %5ld %6ld\n", kinds[k], n[k][0], n[k][1], n[k][2], n[k][3],
			   n[k][4], n[k][5], n[k][6], n[k][7]);
}

/* The words of gold g's content (its fragments, a leading "that" dropped) in [t0, t1), and its size. */
static void
gold_words(const Doc *d, const Gold *g, int t0, int t1, int *inter, int *size)
{
	*inter = *size = 0;
	for (int f = 0; f < g->nfrag; f++)
		for (int t = g->frag[f][0]; t < g->frag[f][1]; t++)
		{
			if (!d->isword[t] || (t < g->c0 && f == 0))
				continue;
			(*size)++;
			*inter += t >= t0 && t < t1;
		}
}

/* ------------------------------------------------------------ scoring rows */

/*
 * score.py's matching on the core's tokens: a content is the set of its word
 * tokens (its parts for a quote in parts), a leading "that" dropped; a
 * predicted and a gold content overlap by |G & P| / max(|G|, |P|), matched
 * one to one greedily by overlap; a speaker is right when it shares a word
 * with the gold speaker.  (score.py's words are \w+ runs, so "U.S." counts
 * twice there: the figures differ a little.)
 */
#define MAX_PARTS 17

typedef struct WordSet
{
	int			n;
	int			iv[MAX_PARTS][2];
	int			size;
} WordSet;

static int
words_in(const Doc *d, int t0, int t1)
{
	int			n = 0;

	for (int t = t0; t < t1; t++)
		n += d->isword[t];
	return n;
}

/* Close the set: a leading "that" dropped, its size counted. */
static void
wordset_finish(const Doc *d, WordSet *w)
{
	w->size = 0;
	if (w->n > 0)
	{
		int			t = w->iv[0][0];

		while (t < w->iv[0][1] && !d->isword[t])
			t++;
		if (t < w->iv[0][1] && word_is(&d->doc, t, "that"))
			w->iv[0][0] = t + 1;
	}
	for (int i = 0; i < w->n; i++)
		w->size += words_in(d, w->iv[i][0], w->iv[i][1]);
}

static int
wordset_inter(const Doc *d, const WordSet *a, const WordSet *b)
{
	int			n = 0;

	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
		{
			int			lo = a->iv[i][0] > b->iv[j][0] ? a->iv[i][0] : b->iv[j][0],
						hi = a->iv[i][1] < b->iv[j][1] ? a->iv[i][1] : b->iv[j][1];

			if (lo < hi)
				n += words_in(d, lo, hi);
		}
	return n;
}

typedef struct Score
{
	long		gold,
				pred,
				tp5,
				tp10,
				spk_gold,
				spk_ok,
				kind_gold[4],
				kind_hit[4];
} Score;

typedef struct Pair
{
	double		ov;
	int			g,
				p;
} Pair;

static int
by_overlap_desc(const void *a, const void *b)
{
	const Pair *x = a,
			   *y = b;

	if (x->ov != y->ov)
		return x->ov > y->ov ? -1 : 1;
	if (x->g != y->g)
		return x->g > y->g ? -1 : 1;
	return x->p > y->p ? -1 : x->p < y->p;
}

/* Score doc->attr against the gold; right[row] (when given) = matched at 0.5 with the speaker right. */
static void
score_rows(const Doc *d, Score *sc, bool *right)
{
	const SaidDoc *doc = &d->doc;
	int			ng = d->ngold,
				np = doc->nattr;
	WordSet    *g = calloc(ng + 1, sizeof(WordSet)),
			   *p = calloc(np + 1, sizeof(WordSet));
	Pair	   *pairs = malloc(((size_t) ng * np + 1) * sizeof(Pair));
	int			npairs = 0;
	bool	   *gu = calloc(ng + 1, 1),
			   *pu = calloc(np + 1, 1);

	for (int k = 0; k < ng; k++)
	{
		g[k].n = d->gold[k].nfrag;
		memcpy(g[k].iv, d->gold[k].frag, sizeof(int) * 2 * g[k].n);
		wordset_finish(d, &g[k]);
	}
	for (int i = 0; i < np; i++)
	{
		const SaidAttribution *a = &doc->attr[i];

		if (a->nparts > 0)
		{
			p[i].n = a->nparts < MAX_PARTS ? a->nparts : MAX_PARTS;
			for (int j = 0; j < p[i].n; j++)
			{
				p[i].iv[j][0] = a->parts[2 * j];
				p[i].iv[j][1] = a->parts[2 * j + 1];
			}
		}
		else
		{
			p[i].n = 1;
			said_learned_tokens_of(doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &p[i].iv[0][0], &p[i].iv[0][1]);
		}
		wordset_finish(d, &p[i]);
		if (right)
			right[i] = false;
	}
	for (int k = 0; k < ng; k++)
		for (int i = 0; i < np; i++)
		{
			int			inter;

			if (!g[k].size || !p[i].size)
				continue;
			inter = wordset_inter(d, &g[k], &p[i]);
			if (inter)
				pairs[npairs++] = (Pair) {(double) inter / (g[k].size > p[i].size ? g[k].size : p[i].size), k, i};
		}
	qsort(pairs, npairs, sizeof(Pair), by_overlap_desc);
	sc->gold += ng;
	sc->pred += np;
	for (int k = 0; k < ng; k++)
		sc->kind_gold[d->gold[k].kind]++;
	for (int j = 0; j < npairs; j++)
	{
		const Pair *x = &pairs[j];
		const Gold *gd = &d->gold[x->g];
		const SaidAttribution *a = &doc->attr[x->p];
		bool		ok = true;

		if (gu[x->g] || pu[x->p])
			continue;
		gu[x->g] = pu[x->p] = true;
		if (x->ov < 0.5 - 1e-9)
			continue;
		sc->tp5++;
		sc->tp10 += x->ov >= 1.0 - 1e-9;
		sc->kind_hit[gd->kind]++;
		if (gd->sp0 >= 0)
		{
			int			inter = 0,
						uni;

			sc->spk_gold++;
			if (a->speaker_t0 >= 0)
				word_overlap(d, a->speaker_t0, a->speaker_t1, gd->sp0, gd->sp1, &inter, &uni);
			sc->spk_ok += inter > 0;
			ok = inter > 0;
		}
		if (right)
			right[x->p] = ok;
	}
	free(g);
	free(p);
	free(pairs);
	free(gu);
	free(pu);
}

static double
f1(long tp, long pred, long gold)
{
	return pred + gold ? 2.0 * tp / (double) (pred + gold) : 0;
}

static void
print_score(const char *what, const Score *sc)
{
	printf("%s: all F1@0.5 %.3f (P %.3f R %.3f) exact %.3f speaker %.3f | recall direct %.3f mixed %.3f indirect %.3f\n",
		   what, f1(sc->tp5, sc->pred, sc->gold), (double) sc->tp5 / (sc->pred ? sc->pred : 1),
		   (double) sc->tp5 / (sc->gold ? sc->gold : 1), f1(sc->tp10, sc->pred, sc->gold),
		   (double) sc->spk_ok / (sc->spk_gold ? sc->spk_gold : 1),
		   (double) sc->kind_hit[QK_DIRECT] / (sc->kind_gold[QK_DIRECT] ? sc->kind_gold[QK_DIRECT] : 1),
		   (double) sc->kind_hit[QK_MIXED] / (sc->kind_gold[QK_MIXED] ? sc->kind_gold[QK_MIXED] : 1),
		   (double) sc->kind_hit[QK_INDIRECT] / (sc->kind_gold[QK_INDIRECT] ? sc->kind_gold[QK_INDIRECT] : 1));
}

/* ------------------------------------------------------------ held-out rows */

typedef struct HeldRow
{
	float		x[ATTR_CAL_INPUTS];
	bool		right;			/* matched at >= 0.5, speaker right (or the gold has none) */
	uint64_t	word;			/* the cue word's folded hash */
	int			fold;			/* its document's fold */
} HeldRow;

static HeldRow *held;
static long nheld,
			held_cap;

/* The model the stage runs with the trainer's averaged weights. */
static SaidLearnedModel
trainer_model(float threshold)
{
	Parts		w = parts_of(true);
	SaidLearnedModel m;

	memset(&m, 0, sizeof(m));
	m.cue = w.cue;
	m.span = w.span;
	m.source = w.src;
	m.threshold = threshold;
	m.joint = joint;
	m.cal_w[0] = 1.0f;
	return m;
}

/* A document's decisions as the model of its held-out fold gave them (threshold -inf). */
typedef struct Held
{
	SaidLearnedCue *cand;
	int			ncand;
	SaidLearnedDecision *dec;
	int			ndec;
} Held;

static Held *held_docs;

/* A model without a reliability table, for the calibration inputs of held-out rows. */
static const SaidLearnedModel no_rel = {.rel_default = 0.5f};

/*
 * The rows the stage gives d with its held-out decisions above threshold,
 * scored; the document put back as it was.  rows: the learned rows'
 * calibration inputs and verdicts are added to held[] when set.
 */
static void
emit_and_score(Doc *d, const Held *h, float threshold, Score *sc, bool rows)
{
	SaidAttribution *attr = d->doc.attr;
	int			nattr = d->doc.nattr;
	SaidCue    *cue = d->doc.cue;
	int			ncue = d->doc.ncue;
	SaidLearnedDecision *keep = malloc((h->ndec + 1) * sizeof(SaidLearnedDecision));
	int			n = 0;
	bool	   *right;

	for (int j = 0; j < h->ndec; j++)
		if (h->dec[j].total > threshold)
			keep[n++] = h->dec[j];
	said_learned_emit(&d->ad, h->cand, h->ncand, keep, n);
	right = calloc(d->doc.nattr + 1, 1);
	score_rows(d, sc, right);
	if (rows)
		for (int j = 0; j < n; j++)
		{
			HeldRow    *r;

			if (nheld >= held_cap)
			{
				held_cap = held_cap ? 2 * held_cap : 65536;
				held = realloc(held, held_cap * sizeof(HeldRow));
			}
			r = &held[nheld++];
			/* the cue word's reliability is set once all folds are in (fit_reliability) */
			said_learned_cal_inputs(&d->ad, &no_rel, h->cand, h->ncand, &keep[j], r->x);
			r->right = right[keep[j].attr];
			r->word = d->doc.tok[h->cand[keep[j].cand].tok].hash;
			r->fold = d->fold;
		}
	free(right);
	free(keep);
	d->doc.attr = attr;
	d->doc.nattr = nattr;
	d->doc.cue = cue;
	d->doc.ncue = ncue;
}

static void
collect_held_out(const bool *use)
{
	SaidLearnedModel m = trainer_model(-1e30f);

	for (int i = 0; i < ndocs; i++)
		if (use[i])
			held_docs[i].dec = said_learned_decide(&docs[i].ad, &m, &held_docs[i].cand,
												&held_docs[i].ncand, &held_docs[i].ndec);
}

static int
by_float(const void *a, const void *b)
{
	float		x = *(const float *) a,
				y = *(const float *) b;

	return x < y ? -1 : x > y;
}

/* the cue thresholds tried: quantiles of the held-out decisions' scores */
#define THRESHOLD_QUANTILES 60

/* The cue threshold at the top of the held-out documents' F1@0.5 (all rows, score.py's way). */
static float
fit_threshold(const bool *use)
{
	float	   *v = NULL;
	long		nv = 0;
	double		f[THRESHOLD_QUANTILES],
				best_f = -1;
	float		th[THRESHOLD_QUANTILES],
				best = 0;

	for (int i = 0; i < ndocs; i++)
		if (use[i])
		{
			v = realloc(v, (nv + held_docs[i].ndec + 1) * sizeof(float));
			for (int j = 0; j < held_docs[i].ndec; j++)
				v[nv++] = held_docs[i].dec[j].total;
		}
	qsort(v, nv, sizeof(float), by_float);
	for (int q = 0; q < THRESHOLD_QUANTILES; q++)
	{
		Score		sc = {0};

		th[q] = nv ? v[(long) ((double) q / THRESHOLD_QUANTILES * nv)] - 1e-6f : 0;
		for (int i = 0; i < ndocs; i++)
			if (use[i])
				emit_and_score(&docs[i], &held_docs[i], th[q], &sc, false);
		f[q] = f1(sc.tp5, sc.pred, sc.gold);
		if (getenv("ATTR_CURVE"))
			printf("  threshold %.3f: F1 %.4f (P %.4f R %.4f)\n", th[q], f[q],
				   (double) sc.tp5 / (sc.pred ? sc.pred : 1), (double) sc.tp5 / (sc.gold ? sc.gold : 1));
	}
	/*
	 * The curve is flat at its top (a few quantiles within 0.001 F1, which
	 * is less than what one fold more or less moves), so its highest point
	 * is a draw among them: the threshold is the one whose neighbourhood
	 * (it and the quantiles either side) scores best.
	 */
	for (int q = 1; q + 1 < THRESHOLD_QUANTILES; q++)
	{
		double		around = (f[q - 1] + f[q] + f[q + 1]) / 3;

		if (around > best_f)
		{
			best_f = around;
			best = th[q];
		}
	}
	{
		Score		sc = {0};

		for (int i = 0; i < ndocs; i++)
			if (use[i])
				emit_and_score(&docs[i], &held_docs[i], best, &sc, true);
		printf("cue threshold %.3f (held-out folds of train):\n", best);
		print_score("  held-out", &sc);
	}
	free(v);
	return best;
}

/*
 * The cue words' reliability: the share of their held-out rows that were
 * right, smoothed toward the share of all rows (REL_PRIOR_ROWS rows' worth
 * of it).  Each held-out row's input is its word's reliability on the other
 * folds' rows (so that the logistic fit does not learn a row's own verdict);
 * the model's table has every word's over all folds.
 */
#define REL_PRIOR_ROWS 20.0

typedef struct RelCount
{
	uint64_t	word;
	double		n[MAX_FOLDS + 1],
				right[MAX_FOLDS + 1];	/* per fold, and [MAX_FOLDS] all */
} RelCount;

static int
by_word(const void *a, const void *b)
{
	uint64_t	x = ((const RelCount *) a)->word,
				y = ((const RelCount *) b)->word;

	return x < y ? -1 : x > y;
}

static unsigned char *rel_table;

static void
fit_reliability(SaidLearnedModel *m)
{
	RelCount   *rc = calloc(nheld + 1, sizeof(RelCount));
	long		nw = 0,
				right = 0;
	double		prior;

	for (long i = 0; i < nheld; i++)
	{
		rc[nw].word = held[i].word;
		nw++;
		right += held[i].right;
	}
	prior = nheld ? (double) right / nheld : 0.5;
	qsort(rc, nw, sizeof(RelCount), by_word);
	/* one entry per word */
	{
		long		k = 0;

		for (long i = 0; i < nw; i++)
			if (k == 0 || rc[k - 1].word != rc[i].word)
				rc[k++].word = rc[i].word;
		nw = k;					/* the counts are still 0 (calloc) */
	}
	for (long i = 0; i < nheld; i++)
	{
		RelCount	key = {.word = held[i].word};
		RelCount   *c = bsearch(&key, rc, nw, sizeof(RelCount), by_word);

		c->n[held[i].fold]++;
		c->right[held[i].fold] += held[i].right;
		c->n[MAX_FOLDS]++;
		c->right[MAX_FOLDS] += held[i].right;
	}
	for (long i = 0; i < nheld; i++)
	{
		RelCount	key = {.word = held[i].word};
		RelCount   *c = bsearch(&key, rc, nw, sizeof(RelCount), by_word);
		int			f = held[i].fold;
		double		r = (c->right[MAX_FOLDS] - c->right[f] + REL_PRIOR_ROWS * prior) /
			(c->n[MAX_FOLDS] - c->n[f] + REL_PRIOR_ROWS);

		held[i].x[ATTR_CAL_RELIABILITY] = said_learned_log_odds((float) r);
	}
	if (nw > ATTR_MAX_REL)
		nw = ATTR_MAX_REL;		/* hashes ascend: the last ones go, at the prior */
	rel_table = malloc((size_t) nw * 12 + 1);
	for (long i = 0; i < nw; i++)
	{
		float		r = (float) ((rc[i].right[MAX_FOLDS] + REL_PRIOR_ROWS * prior) /
								 (rc[i].n[MAX_FOLDS] + REL_PRIOR_ROWS));

		memcpy(rel_table + 8 * i, &rc[i].word, 8);
		memcpy(rel_table + 8 * nw + 4 * i, &r, 4);
	}
	m->rel = rel_table;
	m->nrel = (uint32_t) nw;
	m->rel_default = (float) prior;
	printf("cue reliability: %ld words, %ld held-out rows, %.3f right\n", nw, nheld, prior);
	free(rc);
}

/* Logistic regression of right ~ inputs over the held-out rows of the folds in[] marks. */
static void
fit_logistic(float *w, const bool *in)
{
	double		mean[ATTR_CAL_INPUTS] = {0},
				sd[ATTR_CAL_INPUTS] = {0},
				b[ATTR_CAL_INPUTS] = {0};
	long		n = 0;

	for (long i = 0; i < nheld; i++)
		if (in[held[i].fold])
		{
			n++;
			for (int k = 1; k < ATTR_CAL_INPUTS; k++)
				mean[k] += held[i].x[k];
		}
	for (int k = 1; k < ATTR_CAL_INPUTS; k++)
		mean[k] /= n ? n : 1;
	for (long i = 0; i < nheld; i++)
		if (in[held[i].fold])
			for (int k = 1; k < ATTR_CAL_INPUTS; k++)
				sd[k] += (held[i].x[k] - mean[k]) * (held[i].x[k] - mean[k]);
	for (int k = 1; k < ATTR_CAL_INPUTS; k++)
		sd[k] = sd[k] > 0 ? sqrt(sd[k] / (n ? n : 1)) : 1;
	/* full-batch gradient descent on standardised inputs: deterministic */
	for (int it = 0; it < 2000; it++)
	{
		double		g[ATTR_CAL_INPUTS] = {0};

		for (long i = 0; i < nheld; i++)
		{
			double		z = b[0],
						p;

			if (!in[held[i].fold])
				continue;
			for (int k = 1; k < ATTR_CAL_INPUTS; k++)
				z += b[k] * (held[i].x[k] - mean[k]) / sd[k];
			p = 1 / (1 + exp(-z));
			g[0] += p - held[i].right;
			for (int k = 1; k < ATTR_CAL_INPUTS; k++)
				g[k] += (p - held[i].right) * (held[i].x[k] - mean[k]) / sd[k];
		}
		for (int k = 0; k < ATTR_CAL_INPUTS; k++)
			b[k] -= 0.5 * g[k] / (n ? n : 1) + 1e-4 * (k ? b[k] : 0);
	}
	w[0] = (float) b[0];
	for (int k = 1; k < ATTR_CAL_INPUTS; k++)
	{
		w[k] = (float) (b[k] / sd[k]);
		w[0] -= (float) (b[k] * mean[k] / sd[k]);
	}
}

typedef struct Block
{
	double		hi,
				sum,
				n;
} Block;

static int
by_p(const void *a, const void *b)
{
	double		x = ((const double *) a)[0],
				y = ((const double *) b)[0];

	return x < y ? -1 : x > y;
}

/*
 * The calibration table: the rows' combined scores sorted, pooled where
 * the share right would go down (pool adjacent violators), blocks of fewer
 * than 40 rows merged with a neighbour, at most ATTR_MAX_CAL of them.
 */
static void
fit_bins(SaidLearnedModel *m, const bool *in, bool report)
{
	double	   *pr = malloc((nheld + 1) * 2 * sizeof(double));
	Block	   *bl = malloc((nheld + 1) * sizeof(Block));
	long		n = 0,
				nb = 0;

	for (long i = 0; i < nheld; i++)
		if (in[held[i].fold])
		{
			pr[2 * n] = said_learned_combine(m, held[i].x);
			pr[2 * n + 1] = held[i].right;
			n++;
		}
	qsort(pr, n, 2 * sizeof(double), by_p);
	for (long i = 0; i < n; i++)
	{
		bl[nb++] = (Block) {pr[2 * i], pr[2 * i + 1], 1};
		while (nb > 1 && bl[nb - 2].sum / bl[nb - 2].n >= bl[nb - 1].sum / bl[nb - 1].n)
		{
			bl[nb - 2].hi = bl[nb - 1].hi;
			bl[nb - 2].sum += bl[nb - 1].sum;
			bl[nb - 2].n += bl[nb - 1].n;
			nb--;
		}
	}
	/* small blocks and too many blocks: merge the smallest with its smaller neighbour */
	for (;;)
	{
		long		small = -1;

		for (long i = 0; i < nb; i++)
			if ((small < 0 || bl[i].n < bl[small].n) && (bl[i].n < 40 || nb > ATTR_MAX_CAL))
				small = i;
		if (small < 0 || nb == 1)
			break;
		{
			long		j = small == 0 ? 1 : small == nb - 1 ? nb - 2 :
				bl[small - 1].n < bl[small + 1].n ? small - 1 : small + 1;
			long		lo = j < small ? j : small;

			bl[lo].hi = bl[lo + 1].hi;
			bl[lo].sum += bl[lo + 1].sum;
			bl[lo].n += bl[lo + 1].n;
			memmove(&bl[lo + 1], &bl[lo + 2], (nb - lo - 2) * sizeof(Block));
			nb--;
		}
	}
	m->ncal = (int) nb;
	for (long i = 0; i < nb; i++)
	{
		m->cal[i][0] = (float) bl[i].hi;
		m->cal[i][1] = (float) (bl[i].sum / bl[i].n);
	}
	if (report)
	{
		printf("calibration: %ld held-out rows above the threshold, %ld bins:", n, nb);
		for (long i = 0; i < nb; i++)
			printf(" <=%.2f:%.2f(%.0f)", bl[i].hi, bl[i].sum / bl[i].n, bl[i].n);
		printf("\n");
	}
	free(pr);
	free(bl);
}

/* Why gold g's content is out of the decoder's reach from cue c: an index of reach_names. */
static const char *const reach_names[] = {
	"next sentence", "previous sentence", "after, past the sentence", "starts in an earlier sentence",
	"around/before, past the sentence", "around, no commas", "around, other", "overlaps the cue",
	"after, starts far", "after, too long", "after, start not at an edge", "after, end not at an edge",
	"after, other", "before, ends far", "before, start not at an edge", "before, end not at an edge",
	"before, other"
};
#define NREACH ((int) (sizeof(reach_names) / sizeof(reach_names[0])))

static int
reach_reason(const Doc *d, const SaidLearnedCue *c, const Gold *g, int *dist)
{
	SaidLearnedSpan sp;
	int			e = c->send;

	*dist = 0;
	if (g->c0 >= c->s1)
		return (*dist = d->doc.tok[g->c0].sent - d->doc.tok[c->tok].sent, 0);
	if (g->c1 <= c->s0)
		return (*dist = d->doc.tok[c->tok].sent - d->doc.tok[g->c1 - 1].sent, 1);
	if (g->c1 > e && g->c0 > c->tok)
		return (*dist = d->doc.tok[g->c1 - 1].sent - d->doc.tok[c->tok].sent, 2);
	if (g->c0 < c->s0)
		return (*dist = d->doc.tok[c->tok].sent - d->doc.tok[g->c0].sent, 3);
	if (g->c1 > e)
		return 4;
	if (!(g->c0 > c->tok) && !(g->c1 <= c->t0))
	{
		if (g->c0 < c->t0 && g->c1 > c->t1)
			return said_learned_around_gap(&d->ad, c, &sp.gap0, &sp.gap1) ? 6 : 5;
		return 7;
	}
	if (g->c0 > c->tok)
	{
		*dist = g->c0 - c->t1;
		if (g->c0 >= c->t1 + LIM_LEARNED_START_AFTER)
			return 8;
		if (g->c1 - c->tok - 1 > LIM_LEARNED_SPAN)
			return 9;
		if (!(g->c0 - c->t1 <= LIM_LEARNED_START_SLACK || d->ad.clause_edge[g->c0 - 1]))
			return 10;
		if (!(g->c1 >= e || d->ad.clause_edge[g->c1]))
			return 11;
		return 12;
	}
	*dist = c->t0 - g->c1;
	if (g->c1 < c->t0 - LIM_LEARNED_END_BEFORE)
		return 13;
	if (!(g->c0 <= c->s0 || d->ad.clause_edge[g->c0 - 1]))
		return 14;
	if (!(g->c1 >= e || d->ad.clause_edge[g->c1]))
		return 15;
	return 16;
}

/*
 * The calibration measured where it was not fitted: for each fold, the
 * logistic combination and the table fitted on the other folds' held-out
 * rows give this fold's rows their confidence; the rows by confidence as
 * test/eval/eval_quotes.py buckets them, and the share right.
 */
static void
cross_check_calibration(const SaidLearnedModel *base, int folds)
{
	static const float lo[3] = {0.0f, 0.5f, 0.8f};
	long		rows[3] = {0},
				right[3] = {0},
				n90 = 0,
				r90 = 0;
	double		ll = 0;

	for (int f = 0; f < folds; f++)
	{
		SaidLearnedModel m = *base;
		bool		in[MAX_FOLDS] = {0};

		for (int g = 0; g < folds; g++)
			in[g] = g != f;
		fit_logistic(m.cal_w, in);
		fit_bins(&m, in, false);
		for (long i = 0; i < nheld; i++)
			if (held[i].fold == f)
			{
				float		c = said_learned_confidence(&m, said_learned_combine(&m, held[i].x));
				int			b = c >= lo[2] ? 2 : c >= lo[1] ? 1 : 0;

				rows[b]++;
				right[b] += held[i].right;
				ll -= log(held[i].right ? (c > 0.01f ? c : 0.01f) : (c < 0.99f ? 1 - c : 0.01f));
				n90 += c >= 0.9f;
				r90 += c >= 0.9f && held[i].right;
			}
	}
	printf("calibration on held-out folds (each fold's confidence fitted on the others):\n");
	for (int b = 0; b < 3; b++)
		printf("  [%.1f, %.1f)  %6ld  %5.1f%%\n", lo[b], b < 2 ? lo[b + 1] : 1.0f, rows[b],
			   rows[b] ? 100.0 * right[b] / rows[b] : 0.0);
	printf("  log loss %.4f; at >= 0.9 %ld rows, %.1f%% right\n", ll / (nheld ? nheld : 1), n90,
		   n90 ? 100.0 * r90 / n90 : 0.0);
}

/*
 * Where the gold attributions that are not the rules' direct quotes go, and
 * what the decisions are, on the documents with use[] set (the decisions of
 * held_docs, at threshold).
 */
static void
analyse(const bool *use, float threshold, const char *what)
{
	long		g[8] = {0},
				reach[NREACH] = {0},
				dcat[4] = {0},
				npc[2][2] = {{0}},
				npc2[2][2] = {{0}};
	static const char *const gname[] = {"anchor not a candidate", "rules' direct cue", "cue rejected",
		"no content (clash, none)", "content < 0.5", "content ok, speaker wrong", "right", "content around/out of reach"};

	for (int i = 0; i < ndocs; i++)
	{
		Doc		   *d = &docs[i];
		Held	   *h = &held_docs[i];

		if (!use[i])
			continue;
		for (int k = 0; k < d->ngold; k++)
		{
			const Gold *gd = &d->gold[k];
			int			cand = -1;
			const SaidLearnedDecision *dec = NULL;
			SaidLearnedSpan sp;

			if (gd->kind == QK_DIRECT)
				continue;
			for (int c = 0; c < h->ncand; c++)
				if (h->cand[c].tok == gd->anchor)
					cand = c;
			if (cand < 0)
			{
				g[0]++;
				continue;
			}
			if (h->cand[cand].rule_attr >= 0 && d->doc.attr[h->cand[cand].rule_attr].kind == QK_DIRECT)
			{
				g[1]++;
				continue;
			}
			for (int j = 0; j < h->ndec; j++)
				if (h->dec[j].cand == cand)
					dec = &h->dec[j];
			if (!gold_span(d, &h->cand[cand], gd, &sp))
			{
				int			dist;
				int			why = reach_reason(d, &h->cand[cand], gd, &dist);

				g[7]++;
				reach[why]++;
				if (getenv("ATTR_SHOW"))
				{
					const SaidLearnedCue *c = &h->cand[cand];

					fprintf(stderr, "REACH\t%s\t%s\t%d\t%d\t%d\tnfrag %d cue [%.*s] content [%.*s] sentence: %.*s\n", what, reach_names[why], dist, gd->c1 - gd->c0, gd->kind, gd->nfrag,
							(int) (d->doc.tok[c->t1 - 1].b1 - d->doc.tok[c->t0].b0), d->text + d->doc.tok[c->t0].b0,
							(int) (d->doc.tok[gd->c1 - 1].b1 - d->doc.tok[gd->c0].b0), d->text + d->doc.tok[gd->c0].b0,
							(int) (d->doc.tok[c->s1 - 1].b1 - d->doc.tok[c->s0].b0), d->text + d->doc.tok[c->s0].b0);
				}
				continue;
			}
			if (dec && dec->total <= threshold)
			{
				g[2]++;
				if (getenv("ATTR_SHOW"))
					fprintf(stderr, "REJECTED %.2f [%.*s] in: %.*s\n", dec->cue_score,
							(int) (d->doc.tok[gd->anchor].b1 - d->doc.tok[gd->anchor].b0), d->text + d->doc.tok[gd->anchor].b0,
							(int) (d->doc.tok[h->cand[cand].s1 - 1].b1 - d->doc.tok[h->cand[cand].s0].b0),
							d->text + d->doc.tok[h->cand[cand].s0].b0);
				continue;
			}
			if (!dec)
			{
				g[3]++;
				continue;
			}
			{
				int			inter,
							size,
							pw = words_in(d, dec->span.t0, dec->span.t1);
				bool		ok;

				gold_words(d, gd, dec->span.t0, dec->span.t1, &inter, &size);
				if (getenv("ATTR_SHOW") && inter != size)
					fprintf(stderr, "SPAN %s side %d cue [%.*s]\n   pred [%.*s]\n   gold [%.*s]\n",
							inter * 2 < (size > pw ? size : pw) ? "bad" : "partial", dec->span.side,
							(int) (d->doc.tok[gd->anchor].b1 - d->doc.tok[gd->anchor].b0), d->text + d->doc.tok[gd->anchor].b0,
							(int) (d->doc.tok[dec->span.t1 - 1].b1 - d->doc.tok[dec->span.t0].b0), d->text + d->doc.tok[dec->span.t0].b0,
							(int) (d->doc.tok[gd->c1 - 1].b1 - d->doc.tok[gd->c0].b0), d->text + d->doc.tok[gd->c0].b0);
				if (inter * 2 < (size > pw ? size : pw))
				{
					g[4]++;
					continue;
				}
				ok = gd->sp0 < 0;
				if (!ok && dec->source.how != ASRC_NONE)
				{
					int			in2,
								uni;

					word_overlap(d, dec->source.t0, dec->source.t1, gd->sp0, gd->sp1, &in2, &uni);
					ok = in2 > 0;
				}
				g[ok ? 6 : 5]++;
			}
		}
		for (int j = 0; j < h->ndec; j++)
		{
			const SaidLearnedDecision *dec = &h->dec[j];
			bool		anchor = false,
						content = false;

			if (dec->total <= threshold)
				continue;
			for (int k = 0; k < d->ngold; k++)
			{
				int			inter,
							size,
							pw = words_in(d, dec->span.t0, dec->span.t1);

				anchor |= d->gold[k].anchor == h->cand[dec->cand].tok;
				gold_words(d, &d->gold[k], dec->span.t0, dec->span.t1, &inter, &size);
				content |= inter * 2 >= (size > pw ? size : pw) && inter > 0;
			}
			dcat[(anchor ? 2 : 0) + content]++;
			{
				/* the contents without an auxiliary, "to", a verb form or a quote */
				bool		clause = false;

				for (int t = dec->span.t0; t < dec->span.t1 && !clause; t++)
					clause = d->ad.aux[t] || (d->doc.tok[t].flags & TF_IN_QUOTE) ||
						(d->doc.tok[t].lex & LX_CUE_VERB) ||
						(d->doc.tok[t].kind == TOK_WORD && d->doc.tok[t].b1 - d->doc.tok[t].b0 > 3 &&
						 d->text[d->doc.tok[t].b1 - 2] == 'e' && d->text[d->doc.tok[t].b1 - 1] == 'd');
				npc[clause][content]++;
				if (!clause)
				{
					int			a = h->cand[dec->cand].tok;

					npc2[(d->doc.tok[a].lex & LX_CUE_STRONG) != 0][content]++;
					if (getenv("ATTR_NP"))
						fprintf(stderr, "NP\t%d\t%.*s\n", content, (int) (d->doc.tok[a].b1 - d->doc.tok[a].b0), d->text + d->doc.tok[a].b0);
				}
			}
			if (!anchor && !content && getenv("ATTR_SHOW"))
			{
				const SaidLearnedCue *c = &h->cand[dec->cand];

				fprintf(stderr, "FALSE %.2f [%.*s] in: %.*s\n", dec->cue_score,
						(int) (d->doc.tok[c->tok].b1 - d->doc.tok[c->tok].b0), d->text + d->doc.tok[c->tok].b0,
						(int) (d->doc.tok[c->s1 - 1].b1 - d->doc.tok[c->s0].b0), d->text + d->doc.tok[c->s0].b0);
			}
		}
	}
	{
		long		agree = 0,
					disagree = 0,
					norule = 0,
					gold_agree = 0,
					gold_n = 0,
					rule_exact = 0,
					learned_exact = 0,
					rule_half = 0,
					learned_half = 0;

		for (int i = 0; i < ndocs; i++)
		{
			Doc		   *d = &docs[i];
			Held	   *h = &held_docs[i];

			if (!use[i])
				continue;
			for (int j = 0; j < h->ndec; j++)
			{
				const SaidLearnedCue *c = &h->cand[h->dec[j].cand];
				const SaidAttribution *a;
				int			r0,
							r1,
							rs;

				if (h->dec[j].total <= threshold)
					continue;
				if (c->rule_attr < 0)
				{
					norule++;
					continue;
				}
				a = &d->doc.attr[c->rule_attr];
				said_learned_tokens_of(&d->doc, (uint32_t) a->content_b0, (uint32_t) a->content_b1, &r0, &r1);
				rs = r0 >= c->t1 ? ATTR_AFTER : r1 <= c->t0 ? ATTR_BEFORE : ATTR_AROUND;
				if (rs == h->dec[j].span.side)
					agree++;
				else
					disagree++;
				for (int k = 0; k < d->ngold; k++)
					if (d->gold[k].anchor == c->tok)
					{
						SaidLearnedSpan gsp;

						if (gold_span(d, c, &d->gold[k], &gsp))
						{
							int			q0 = r0,
										q1 = r1,
										in1,
										un1,
										in2,
										un2;

							gold_n++;
							gold_agree += gsp.side == rs;
							while (q1 > q0 && !d->isword[q1 - 1])
								q1--;
							while (q0 < q1 && !d->isword[q0])
								q0++;
							word_overlap(d, q0, q1, gsp.t0, gsp.t1, &in1, &un1);
							word_overlap(d, h->dec[j].span.t0, h->dec[j].span.t1, gsp.t0, gsp.t1, &in2, &un2);
							rule_exact += in1 == un1;
							learned_exact += in2 == un2;
							rule_half += 2 * in1 >= un1;
							learned_half += 2 * in2 >= un2;
						}
					}
			}
		}
		printf("%s decisions: side as the rules' %ld, other %ld, no rules' row %ld; gold side as the rules' %ld of %ld\n",
			   what, agree, disagree, norule, gold_agree, gold_n);
		printf("%s decisions with the rules' content: exact rules %ld learned %ld; overlap >= 0.5 rules %ld learned %ld\n",
			   what, rule_exact, learned_exact, rule_half, learned_half);
	}
	printf("%s, gold not the rules' direct quotes:", what);
	for (int k = 0; k < 8; k++)
		printf(" %s %ld;", gname[k], g[k]);
	printf("\n%s, contents out of reach:", what);
	for (int k = 0; k < NREACH; k++)
		if (reach[k])
			printf(" %s %ld;", reach_names[k], reach[k]);
	printf("\n%s, decisions: a gold cue %ld (content of some gold %ld), not a gold cue %ld (content of some gold %ld)\n",
		   what, dcat[2] + dcat[3], dcat[3], dcat[0] + dcat[1], dcat[1]);
	printf("%s, decisions whose content has no clause sign: %ld, of some gold %ld; with one %ld, of some gold %ld\n",
		   what, npc[0][0] + npc[0][1], npc[0][1], npc[1][0] + npc[1][1], npc[1][1]);
	printf("%s, of those without: a strong cue %ld (of some gold %ld), another %ld (%ld)\n", what,
		   npc2[1][0] + npc2[1][1], npc2[1][1], npc2[0][0] + npc2[0][1], npc2[0][1]);
}

/* ------------------------------------------------------------ model file */

static double load_factor = 0.5;
static int	min_weight = 2;

static void
put_u32(FILE *f, uint32_t v)
{
	fwrite(&v, 4, 1, f);
}

/*
 * The model file (format in src/learned.h): the averaged weights of the
 * three parts quantised to int16 (the largest magnitude at 32000), those
 * under min_weight dropped, in a table of the smallest power of two of home
 * slots under the load factor; runs never wrap (the tail takes them).
 */
static void
write_model(const char *path, const SaidLearnedModel *m)
{
	uint32_t	n = 0,
				nslots = ATTR_PROBE_LANES,
				kept = 0,
				total;
	float		maxw = 0,
				scale;
	uint16_t   *checks;
	int16_t    *weights;
	Perc	   *parts[3] = {&cue_p, &span_p, &src_p};
	FILE	   *f;
	long		bytes;
	int32_t		threshold;
	uint64_t   *words = malloc((nvocab + 1) * sizeof(uint64_t));

	for (int p = 0; p < 3; p++)
		for (uint32_t k = 0; k < parts[p]->n; k++)
			if (fabsf(parts[p]->f[k].avg) > maxw)
				maxw = fabsf(parts[p]->f[k].avg);
	scale = maxw > 0 ? 32000.0f / maxw : 1.0f;
	for (int p = 0; p < 3; p++)
		for (uint32_t k = 0; k < parts[p]->n; k++)
			n += fabsf(parts[p]->f[k].avg * scale) >= min_weight;
	while ((double) n > load_factor * nslots)
		nslots *= 2;
	if (nslots > ATTR_MAX_SLOTS)
	{
		fprintf(stderr, "%u features need more than %d slots: raise -w\n", n, ATTR_MAX_SLOTS);
		exit(1);
	}
	total = nslots + ATTR_TAIL;
	checks = calloc(total, sizeof(uint16_t));
	weights = calloc(total, sizeof(int16_t));
	for (int p = 0; p < 3; p++)
		for (uint32_t k = 0; k < parts[p]->n; k++)
		{
			long		q = lrintf(parts[p]->f[k].avg * scale);
			uint64_t	key = parts[p]->f[k].key;
			uint32_t	i = (uint32_t) (key >> (64 - __builtin_ctz(nslots)));

			if (labs(q) < min_weight)
				continue;
			while (checks[i] != 0)
				i++;
			if (i >= total - ATTR_PROBE_LANES)
			{
				fprintf(stderr, "a run of the table reaches past its tail: lower -l\n");
				exit(1);
			}
			checks[i] = (uint16_t) (key >> 32) | 1;
			weights[i] = (int16_t) (q > 32767 ? 32767 : q < -32767 ? -32767 : q);
			kept++;
		}
	memcpy(words, vocab_words, nvocab * sizeof(uint64_t));
	qsort(words, nvocab, sizeof(uint64_t), cmp_u64);
	threshold = (int32_t) lrintf(m->threshold * scale);
	f = fopen(path, "wb");
	if (!f)
	{
		perror(path);
		exit(1);
	}
	fwrite(ATTR_MODEL_MAGIC, 8, 1, f);
	put_u32(f, ATTR_MODEL_VERSION);
	put_u32(f, ATTR_FEATURE_VERSION);
	put_u32(f, nslots);
	put_u32(f, kept);
	fwrite(&scale, 4, 1, f);
	put_u32(f, nvocab);
	fwrite(&threshold, 4, 1, f);
	put_u32(f, (uint32_t) m->ncal);
	put_u32(f, m->joint ? ATTR_FLAG_JOINT : 0);
	put_u32(f, m->nrel);
	for (uint32_t i = 0; i < total; i++)
	{
		fwrite(&checks[i], 2, 1, f);
		fwrite(&weights[i], 2, 1, f);
	}
	fwrite(words, 8, nvocab, f);
	fwrite(m->cal_w, 4, ATTR_CAL_INPUTS, f);
	for (int i = 0; i < m->ncal; i++)
		fwrite(m->cal[i], 4, 2, f);
	fwrite(&m->rel_default, 4, 1, f);
	if (m->nrel)
		fwrite(m->rel, 12, m->nrel, f);
	/* the size written, not the layout computed a second time */
	bytes = ftell(f);
	if (bytes < 0 || fclose(f) != 0)
	{
		perror(path);
		exit(1);
	}
	printf("wrote %s: %u features in %u slots (load %.2f), %u cue words, %d calibration bins, %ld bytes\n",
		   path, kept, nslots, (double) kept / nslots, nvocab, m->ncal, bytes);
	free(checks);
	free(weights);
	free(words);
}

/* ------------------------------------------------------------ main */

int
main(int argc, char **argv)
{
	int			epochs = 8;
	int			folds = 4;
	const char *out = NULL;
	int			limit = 0;
	int			opt;
	const char *err;
	bool	   *use_train,
			   *use_dev;
	clock_t		t0 = clock();

	while ((opt = getopt(argc, argv, "e:o:v:r:n:S:qk:w:l:L:M:JF")) != -1)
		switch (opt)
		{
			case 'e':
				epochs = atoi(optarg);
				break;
			case 'o':
				out = optarg;
				break;
			case 'v':
				vocab_min = atoi(optarg);
				break;
			case 'r':
				vocab_rate = atof(optarg);
				break;
			case 'n':
				limit = atoi(optarg);
				break;
			case 'S':
				rng = strtoull(optarg, NULL, 10) | 1;
				break;
			case 'q':
				quiet = true;
				break;
			case 'k':
				folds = atoi(optarg);
				if (folds > MAX_FOLDS)
				{
					fprintf(stderr, "at most %d folds\n", MAX_FOLDS);
					return 2;
				}
				break;
			case 'L':
				cue_lr = (float) atof(optarg);
				break;
			case 'M':
				cue_margin = (float) atof(optarg);
				break;
			case 'J':
				joint = true;
				break;
			case 'F':
				fold_vocabulary = true;
				break;
			case 'w':
				min_weight = atoi(optarg);
				break;
			case 'l':
				load_factor = atof(optarg);
				break;
			default:
				fprintf(stderr, "usage: train_attr [-e epochs] [-o model] [-n docs] DATA\n");
				return 2;
		}
	if (optind >= argc)
	{
		fprintf(stderr, "usage: train_attr [-e epochs] [-o model] DATA\n");
		return 2;
	}
	if ((err = said_init(&mallocator)) != NULL)
	{
		fprintf(stderr, "init: %s\n", err);
		return 1;
	}
	/* the rules alone: the stage's features read their decisions */
	said_learned_load(NULL, 0);
	read_data(argv[optind]);
	{
		int			ntrain = 0;

		for (int i = 0; i < ndocs; i++)
			if (docs[i].split == 0 && limit && ++ntrain > limit)
				docs[i].split = 2;
	}
	for (int i = 0; i < ndocs; i++)
		prepare(&docs[i]);
	if (!quiet)
		printf("%d documents prepared in %.1f s\n", ndocs, (double) (clock() - t0) / CLOCKS_PER_SEC);
	held_docs = calloc((size_t) ndocs + 1, sizeof(Held));
	use_train = calloc((size_t) ndocs + 1, 1);
	use_dev = calloc((size_t) ndocs + 1, 1);
	for (int i = 0; i < ndocs; i++)
	{
		use_train[i] = docs[i].split == 0;
		use_dev[i] = docs[i].split == 1;
	}
	learn_vocabulary(use_train);
	coverage(use_train, "train");
	coverage(use_dev, "dev");
	if (folds > 1)
	{
		bool	   *in = calloc((size_t) ndocs + 1, 1),
				   *out_fold = calloc((size_t) ndocs + 1, 1);
		int			k = 0;

		/* folds by document, in the data's order */
		for (int i = 0; i < ndocs; i++)
			if (docs[i].split == 0)
				docs[i].fold = k++ % folds;
		for (int f = 0; f < folds; f++)
		{
			for (int i = 0; i < ndocs; i++)
			{
				in[i] = docs[i].split == 0 && docs[i].fold != f;
				out_fold[i] = docs[i].split == 0 && docs[i].fold == f;
			}
			if (!quiet)
				printf("fold %d of %d\n", f + 1, folds);
			/* the fold's own vocabulary: its held-out documents' cue words count as unseen */
			if (fold_vocabulary)
				learn_vocabulary(in);
			train(in, epochs);
			collect_held_out(out_fold);
		}
		if (fold_vocabulary)
			learn_vocabulary(use_train);
		free(in);
		free(out_fold);
	}
	train(use_train, epochs);
	evaluate(use_train, "train");
	evaluate(use_dev, "dev");
	{
		SaidLearnedModel m = trainer_model(0.0f);

		if (folds > 1)
		{
			bool		all[MAX_FOLDS];

			for (int f = 0; f < MAX_FOLDS; f++)
				all[f] = true;
			m.threshold = fit_threshold(use_train);
			/* where the held-out folds' recall stops (held_docs of train are the folds' decisions) */
			analyse(use_train, m.threshold, "train held-out");
			fit_reliability(&m);
			cross_check_calibration(&m, folds);
			fit_logistic(m.cal_w, all);
			fit_bins(&m, all, true);
		}
		{
			Score		before = {0},
						after = {0};
			Held		h;

			for (int i = 0; i < ndocs; i++)
				if (use_dev[i])
				{
					SaidLearnedModel all = m;

					score_rows(&docs[i], &before, NULL);
					all.threshold = -1e30f;
					h.dec = said_learned_decide(&docs[i].ad, &all, &h.cand, &h.ncand, &h.ndec);
					emit_and_score(&docs[i], &h, m.threshold, &after, false);
				}
			for (int i = 0; i < ndocs; i++)
				if (use_dev[i])
				{
					SaidLearnedModel all = m;

					all.threshold = -1e30f;
					held_docs[i].dec = said_learned_decide(&docs[i].ad, &all, &held_docs[i].cand,
														&held_docs[i].ncand, &held_docs[i].ndec);
				}
			analyse(use_dev, m.threshold, "dev");
			print_score("dev, the rules", &before);
			print_score("dev, rules + learned", &after);
			if (getenv("ATTR_ORACLE"))
			{
				/* ceilings: the gold anchors' decisions only; and with the gold content where reachable */
				for (int pass = 0; pass < 2; pass++)
				{
					Score		sc = {0};

					for (int i = 0; i < ndocs; i++)
						if (use_dev[i])
						{
							Held	   *hd = &held_docs[i];
							Held		o = *hd;
							int			n = 0;

							o.dec = malloc((hd->ndec + 1) * sizeof(SaidLearnedDecision));
							for (int j = 0; j < hd->ndec; j++)
							{
								int			gi = -1;
								SaidLearnedSpan gsp;

								for (int k = 0; k < docs[i].ngold; k++)
									if (docs[i].gold[k].anchor == hd->cand[hd->dec[j].cand].tok)
										gi = k;
								if (gi < 0)
									continue;
								o.dec[n] = hd->dec[j];
								o.dec[n].total = 1e30f;
								if (pass == 1 && gold_span(&docs[i], &hd->cand[hd->dec[j].cand], &docs[i].gold[gi], &gsp))
									o.dec[n].span = gsp;
								n++;
							}
							o.ndec = n;
							emit_and_score(&docs[i], &o, 0, &sc, false);
							free(o.dec);
						}
					print_score(pass ? "dev, oracle cue and content" : "dev, oracle cue", &sc);
				}
			}
		}
		if (out)
			write_model(out, &m);
	}
	if (said_learned_range_errors)
	{
		fprintf(stderr, "%ld dense features out of their ranges (learned_features.c)\n", said_learned_range_errors);
		return 1;
	}
	printf("done in %.1f s\n", (double) (clock() - t0) / CLOCKS_PER_SEC);
	return 0;
}
