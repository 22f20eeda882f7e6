/*
 * word_clusters.c -- hierarchical word clusters for the entity tagger's
 * features (data/clusters.tsv), from unlabelled text.
 *
 *     word_clusters [-k classes] [-m min_count] [-i iterations] text... > data/clusters.tsv
 *
 * Each text file holds documents separated by NUL bytes (tools/ner_data.py
 * --text writes them).  Words are the core tokenizer's tokens, folded as the
 * tagger folds them (SaidToken.hash), so that a word's cluster is found by
 * the hash the tagger already has.
 *
 * The clusters are those of a class bigram model (Brown et al. 1992):
 * classes that keep the most of the average mutual information of adjacent
 * words.  Computed in two steps, each deterministic:
 *
 *  1. Exchange (Kneser & Ney 1993, Martin et al. 1998): the words of at
 *     least min_count occurrences (rarer ones are one word, "rare") start in
 *     k classes by frequency rank, then each word in turn moves to the class
 *     that most raises the likelihood  sum N(c,d) log N(c,d) - 2 sum N(c)
 *     log N(c), for a few passes over the vocabulary.
 *  2. The k classes are merged two at a time, each time the pair whose
 *     merging loses the least of that likelihood (Brown's agglomeration, on
 *     classes rather than words), down to one: a binary tree.  A word's bit
 *     string is its class's path from the root (0 left, 1 right), at most
 *     CLUSTER_MAX_BITS long.
 *
 * Output: one line per word of at least min_count occurrences that has a
 * letter, "word<TAB>bits", in order of falling frequency.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"
#include "tool_heap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLUSTER_MAX_BITS 24

static void *
xcalloc(size_t n, size_t size)
{
	void	   *p = calloc(n ? n : 1, size);

	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

/* ------------------------------------------------------------ vocabulary */

typedef struct Word
{
	uint64_t	hash;
	char	   *text;			/* first spelling met */
	long		count;
	int			id;				/* after sorting by frequency */
	bool		has_letter;
} Word;

static Word *words;
static int	nwords,
			words_cap;
static int *word_slots;			/* open addressing: index + 1 */
static uint64_t slot_mask;

static int
word_index(uint64_t hash, const char *s, size_t len)
{
	uint64_t	i = (hash ^ (hash >> 31)) & slot_mask;

	while (word_slots[i])
	{
		if (words[word_slots[i] - 1].hash == hash)
			return word_slots[i] - 1;
		i = (i + 1) & slot_mask;
	}
	if ((uint64_t) nwords * 2 >= slot_mask)
	{
		uint64_t	size = (slot_mask + 1) * 2;

		free(word_slots);
		word_slots = xcalloc(size, sizeof(int));
		slot_mask = size - 1;
		for (int w = 0; w < nwords; w++)
		{
			uint64_t	j = (words[w].hash ^ (words[w].hash >> 31)) & slot_mask;

			while (word_slots[j])
				j = (j + 1) & slot_mask;
			word_slots[j] = w + 1;
		}
		return word_index(hash, s, len);
	}
	if (nwords == words_cap)
	{
		words_cap = words_cap ? words_cap * 2 : 65536;
		words = realloc(words, (size_t) words_cap * sizeof(Word));
		if (!words)
			xalloc(NULL, (size_t) -1);
	}
	words[nwords].hash = hash;
	words[nwords].text = xalloc(NULL, len + 1);
	memcpy(words[nwords].text, s, len);
	words[nwords].text[len] = '\0';
	words[nwords].count = 0;
	words[nwords].has_letter = false;
	for (size_t k = 0; k < len; k++)
		if ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')
			words[nwords].has_letter = true;
		else if ((unsigned char) s[k] >= 0xC0)
			words[nwords].has_letter = true;
	word_slots[i] = nwords + 1;
	return nwords++;
}

/* The token stream: word indices, -1 between documents. */
static int *stream;
static size_t nstream,
			stream_cap;

static void
push(int w)
{
	if (nstream == stream_cap)
	{
		stream_cap = stream_cap ? stream_cap * 2 : 1 << 20;
		stream = realloc(stream, stream_cap * sizeof(int));
		if (!stream)
			xalloc(NULL, (size_t) -1);
	}
	stream[nstream++] = w;
}

static void
read_text(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		len;
	size_t		at = 0;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
	{
		perror(path);
		exit(1);
	}
	buf = xalloc(NULL, (size_t) len + 1);
	if (fread(buf, 1, (size_t) len, f) != (size_t) len)
	{
		perror(path);
		exit(1);
	}
	buf[len] = '\0';
	fclose(f);
	while (at <= (size_t) len)
	{
		size_t		n = strlen(buf + at);
		SaidArena	arena;
		SaidDoc		doc;

		said_arena_init(&arena, &mallocator);
		said_doc_init(&doc, &arena, buf + at, n);
		said_tokenize(&doc);
		for (int t = 0; t < doc.ntok; t++)
		{
			const SaidToken *tk = &doc.tok[t];
			int			w = word_index(tk->hash, buf + at + tk->b0, tk->b1 - tk->b0);

			words[w].count++;
			push(w);
		}
		push(-1);
		said_arena_free_all(&arena);
		at += n + 1;
	}
	free(buf);
}

/* ------------------------------------------------------------ exchange */

static int	K = 256;			/* classes */
static int	nv;					/* vocabulary: ids 0 .. nv - 1, id nv - 1 the rare words */
static long *ucount;			/* per id */
static int *cls;				/* class of each id */
static double *N;				/* K x K class bigram counts */
static double *NC;				/* class unigram counts */

/* Neighbour lists (CSR): right[rs[w] .. rs[w+1]) are (id, count) of the words after w. */
static int *rs,
		   *ls;
static int *rid,
		   *lid;
static double *rc,
		   *lc;

static inline double
xlogx(double x)
{
	return x > 0 ? x * log(x) : 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

/* Adjacency lists from the pairs (a << 32 | b), sorted, counted. */
static void
build_lists(uint64_t *pairs, size_t np, int **start, int **ids, double **counts)
{
	size_t		n = 0;

	qsort(pairs, np, sizeof(uint64_t), cmp_u64);
	*start = xcalloc((size_t) nv + 1, sizeof(int));
	*ids = xcalloc(np, sizeof(int));
	*counts = xcalloc(np, sizeof(double));
	for (size_t i = 0; i < np;)
	{
		size_t		j = i;

		while (j < np && pairs[j] == pairs[i])
			j++;
		(*ids)[n] = (int) (pairs[i] & 0xffffffffu);
		(*counts)[n] = (double) (j - i);
		(*start)[(pairs[i] >> 32) + 1]++;
		n++;
		i = j;
	}
	for (int w = 0; w < nv; w++)
		(*start)[w + 1] += (*start)[w];
}

/* Add (sign +1) or remove (-1) word w's counts to/from class c. */
static void
move_counts(int w, int c, double sign, const double *wr, const double *wl, double ww,
			const int *touched_r, int ntr, const int *touched_l, int ntl)
{
	for (int k = 0; k < ntr; k++)
		N[(size_t) c * K + touched_r[k]] += sign * wr[touched_r[k]];
	for (int k = 0; k < ntl; k++)
		N[(size_t) touched_l[k] * K + c] += sign * wl[touched_l[k]];
	N[(size_t) c * K + c] += sign * ww;
	NC[c] += sign * (double) ucount[w];
}

static void
exchange(int iterations)
{
	double	   *wr = xcalloc(K, sizeof(double)),
			   *wl = xcalloc(K, sizeof(double));
	int		   *tr = xcalloc(K, sizeof(int)),
			   *tl = xcalloc(K, sizeof(int));

	for (int it = 0; it < iterations; it++)
	{
		long		moved = 0;

		for (int w = 0; w < nv; w++)
		{
			int			a = cls[w],
						best = a,
						ntr = 0,
						ntl = 0;
			double		ww = 0,
						best_gain = -INFINITY;

			/* w's counts to and from each class, itself apart */
			for (int k = rs[w]; k < rs[w + 1]; k++)
			{
				int			v = rid[k];

				if (v == w)
				{
					ww += rc[k];
					continue;
				}
				if (wr[cls[v]] == 0)
					tr[ntr++] = cls[v];
				wr[cls[v]] += rc[k];
			}
			for (int k = ls[w]; k < ls[w + 1]; k++)
			{
				int			u = lid[k];

				if (u == w)
					continue;
				if (wl[cls[u]] == 0)
					tl[ntl++] = cls[u];
				wl[cls[u]] += lc[k];
			}
			move_counts(w, a, -1, wr, wl, ww, tr, ntr, tl, ntl);
			for (int b = 0; b < K; b++)
			{
				double		gain = 0,
							bb = N[(size_t) b * K + b];

				for (int k = 0; k < ntr; k++)
					if (tr[k] != b)
					{
						double		x = N[(size_t) b * K + tr[k]];

						gain += xlogx(x + wr[tr[k]]) - xlogx(x);
					}
				for (int k = 0; k < ntl; k++)
					if (tl[k] != b)
					{
						double		x = N[(size_t) tl[k] * K + b];

						gain += xlogx(x + wl[tl[k]]) - xlogx(x);
					}
				gain += xlogx(bb + wr[b] + wl[b] + ww) - xlogx(bb);
				gain -= 2 * (xlogx(NC[b] + (double) ucount[w]) - xlogx(NC[b]));
				/* ties stay: the current class first, then the lower */
				if (gain > best_gain + 1e-9 || (b == a && gain >= best_gain - 1e-9))
				{
					best_gain = gain;
					best = b;
				}
			}
			move_counts(w, best, +1, wr, wl, ww, tr, ntr, tl, ntl);
			if (best != a)
				moved++;
			cls[w] = best;
			for (int k = 0; k < ntr; k++)
				wr[tr[k]] = 0;
			for (int k = 0; k < ntl; k++)
				wl[tl[k]] = 0;
		}
		fprintf(stderr, "exchange pass %d: %ld words moved\n", it + 1, moved);
		if (moved == 0)
			break;
	}
	free(wr);
	free(wl);
	free(tr);
	free(tl);
}

/* ------------------------------------------------------------ agglomeration */

static bool *alive;

/* The likelihood gained by merging classes i and j (negative: a loss). */
static double
merge_gain(int i, int j)
{
	double		g = 0;

	for (int k = 0; k < K; k++)
	{
		if (!alive[k] || k == i || k == j)
			continue;
		g += xlogx(N[(size_t) i * K + k] + N[(size_t) j * K + k]) - xlogx(N[(size_t) i * K + k]) -
			xlogx(N[(size_t) j * K + k]);
		g += xlogx(N[(size_t) k * K + i] + N[(size_t) k * K + j]) - xlogx(N[(size_t) k * K + i]) -
			xlogx(N[(size_t) k * K + j]);
	}
	g += xlogx(N[(size_t) i * K + i] + N[(size_t) i * K + j] + N[(size_t) j * K + i] + N[(size_t) j * K + j]) -
		xlogx(N[(size_t) i * K + i]) - xlogx(N[(size_t) i * K + j]) - xlogx(N[(size_t) j * K + i]) -
		xlogx(N[(size_t) j * K + j]);
	g -= 2 * (xlogx(NC[i] + NC[j]) - xlogx(NC[i]) - xlogx(NC[j]));
	return g;
}

/* The part of merge_gain(i, j) that class k contributes (k neither). */
static inline double
term(int i, int j, int k)
{
	return xlogx(N[(size_t) i * K + k] + N[(size_t) j * K + k]) - xlogx(N[(size_t) i * K + k]) -
		xlogx(N[(size_t) j * K + k]) +
		xlogx(N[(size_t) k * K + i] + N[(size_t) k * K + j]) - xlogx(N[(size_t) k * K + i]) -
		xlogx(N[(size_t) k * K + j]);
}

/*
 * Merge the classes into a binary tree; parent[] and side[] of each node
 * (0 .. K-1 the classes, K .. 2K-2 the merges) describe it.  A merged node
 * keeps the lower class's row and column of N.
 */
static void
agglomerate(int *parent, int *side)
{
	double	   *G = xcalloc((size_t) K * K, sizeof(double));
	int		   *node = xcalloc(K, sizeof(int));	/* the tree node a live class is */
	int			next = K;

	alive = xcalloc(K, sizeof(bool));
	for (int i = 0; i < K; i++)
	{
		alive[i] = NC[i] > 0;
		node[i] = i;
		parent[i] = -1;
	}
	for (int i = 0; i < K; i++)
		for (int j = i + 1; j < K; j++)
			if (alive[i] && alive[j])
				G[(size_t) i * K + j] = merge_gain(i, j);
	for (;;)
	{
		int			a = -1,
					b = -1;
		double		best = -INFINITY;

		for (int i = 0; i < K; i++)
			for (int j = i + 1; j < K && alive[i]; j++)
				if (alive[j] && G[(size_t) i * K + j] > best)
				{
					best = G[(size_t) i * K + j];
					a = i;
					b = j;
				}
		if (a < 0)
			break;
		/* the other pairs: their terms for a and b become one for a + b */
		for (int i = 0; i < K; i++)
			for (int j = i + 1; j < K; j++)
				if (alive[i] && alive[j] && i != a && i != b && j != a && j != b)
					G[(size_t) i * K + j] -= term(i, j, a) + term(i, j, b);
		for (int k = 0; k < K; k++)
			if (k != a && k != b)
			{
				N[(size_t) a * K + k] += N[(size_t) b * K + k];
				N[(size_t) k * K + a] += N[(size_t) k * K + b];
			}
		N[(size_t) a * K + a] += N[(size_t) a * K + b] + N[(size_t) b * K + a] + N[(size_t) b * K + b];
		NC[a] += NC[b];
		alive[b] = false;
		for (int i = 0; i < K; i++)
			for (int j = i + 1; j < K; j++)
				if (alive[i] && alive[j] && i != a && j != a)
					G[(size_t) i * K + j] += term(i, j, a);
		for (int k = 0; k < K; k++)
			if (alive[k] && k != a)
				G[(size_t) (k < a ? k : a) * K + (k < a ? a : k)] = merge_gain(k < a ? k : a, k < a ? a : k);
		parent[node[a]] = next;
		side[node[a]] = 0;
		parent[node[b]] = next;
		side[node[b]] = 1;
		parent[next] = -1;
		node[a] = next++;
	}
	free(G);
	free(node);
}

/* ------------------------------------------------------------ main */

static int
cmp_freq(const void *a, const void *b)
{
	const Word *x = *(Word *const *) a,
			   *y = *(Word *const *) b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->text, y->text);
}

int
main(int argc, char **argv)
{
	int			min_count = 5,
				iterations = 8,
				a = 1;
	const char *err;
	Word	  **order;
	uint64_t   *pairs;
	size_t		np = 0;
	int		   *parent,
			   *side;

	for (; a < argc && argv[a][0] == '-'; a++)
	{
		if (strcmp(argv[a], "-k") == 0 && a + 1 < argc)
			K = atoi(argv[++a]);
		else if (strcmp(argv[a], "-m") == 0 && a + 1 < argc)
			min_count = atoi(argv[++a]);
		else if (strcmp(argv[a], "-i") == 0 && a + 1 < argc)
			iterations = atoi(argv[++a]);
		else
		{
			fprintf(stderr, "usage: word_clusters [-k classes] [-m min_count] [-i iterations] text...\n");
			return 2;
		}
	}
	if (a >= argc || K < 2)
	{
		fprintf(stderr, "usage: word_clusters [-k classes] [-m min_count] [-i iterations] text...\n");
		return 2;
	}
	if ((err = said_patterns_init(&mallocator)) || (err = said_lexicon_init(&mallocator, said_tokenize)))
	{
		fprintf(stderr, "init: %s\n", err);
		return 1;
	}
	slot_mask = (1 << 16) - 1;
	word_slots = xcalloc(slot_mask + 1, sizeof(int));
	for (; a < argc; a++)
		read_text(argv[a]);

	/* ids by falling frequency; the rare words are one id, the last */
	order = xcalloc(nwords, sizeof(Word *));
	for (int w = 0; w < nwords; w++)
		order[w] = &words[w];
	qsort(order, nwords, sizeof(Word *), cmp_freq);
	nv = 0;
	for (int k = 0; k < nwords; k++)
		order[k]->id = order[k]->count >= min_count ? nv++ : -1;
	for (int k = 0; k < nwords; k++)
		if (order[k]->id < 0)
			order[k]->id = nv;
	nv++;
	ucount = xcalloc(nv, sizeof(long));
	for (int w = 0; w < nwords; w++)
		ucount[words[w].id] += words[w].count;

	/* bigrams within documents, both ways */
	pairs = xcalloc(nstream, sizeof(uint64_t));
	for (size_t i = 0; i + 1 < nstream; i++)
		if (stream[i] >= 0 && stream[i + 1] >= 0)
			pairs[np++] = (uint64_t) words[stream[i]].id << 32 | (uint32_t) words[stream[i + 1]].id;
	build_lists(pairs, np, &rs, &rid, &rc);
	for (size_t i = 0; i < np; i++)
		pairs[i] = (pairs[i] << 32) | (pairs[i] >> 32);
	build_lists(pairs, np, &ls, &lid, &lc);
	free(pairs);
	fprintf(stderr, "%zu tokens, %d words, %d of at least %d occurrences, %zu bigrams, %d classes\n",
			nstream, nwords, nv - 1, min_count, np, K);

	/* classes by frequency rank, then the exchange passes */
	cls = xcalloc(nv, sizeof(int));
	N = xcalloc((size_t) K * K, sizeof(double));
	NC = xcalloc(K, sizeof(double));
	for (int w = 0; w < nv; w++)
	{
		cls[w] = w % K;
		NC[cls[w]] += (double) ucount[w];
	}
	for (int w = 0; w < nv; w++)
		for (int k = rs[w]; k < rs[w + 1]; k++)
			N[(size_t) cls[w] * K + cls[rid[k]]] += rc[k];
	exchange(iterations);

	parent = xcalloc(2 * K, sizeof(int));
	side = xcalloc(2 * K, sizeof(int));
	agglomerate(parent, side);

	for (int k = 0; k < nwords; k++)
	{
		const Word *w = order[k];
		char		bits[CLUSTER_MAX_BITS + 1];
		char		path[2 * 1024];
		int			depth = 0,
					n;

		if (w->id >= nv - 1 || !w->has_letter || strchr(w->text, '\t'))
			continue;
		for (int node = cls[w->id]; parent[node] >= 0 && depth < (int) sizeof(path); node = parent[node])
			path[depth++] = (char) ('0' + side[node]);
		/* from the root down, cut at CLUSTER_MAX_BITS */
		n = depth < CLUSTER_MAX_BITS ? depth : CLUSTER_MAX_BITS;
		for (int d = 0; d < n; d++)
			bits[d] = path[depth - 1 - d];
		bits[n] = '\0';
		printf("%s\t%s\n", w->text, n ? bits : "0");
	}
	return 0;
}
