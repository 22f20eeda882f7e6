/*
 * said_bench.c -- core-only benchmark of the pipeline, outside PostgreSQL:
 * the figure the SQL functions are compared with, to show what the SQL
 * layer costs, plus the linearity curve and the pathological inputs.
 *
 *   said_bench docs FILE [ROUNDS]   documents separated by NUL bytes, each
 *                                   analysed on its own as quotes() and
 *                                   entities() do; best of ROUNDS
 *   said_bench stages FILE [ROUNDS] the same documents, each stage of the
 *                                   pipeline timed on its own (wall clock)
 *   said_bench curve FILE [MAX_MB]  one document of 1 KB .. MAX_MB made of
 *                                   FILE's text repeated: time per byte
 *   said_bench patho FILE           1 MB of pathological text vs 1 MB of FILE
 *   said_bench one FILE [entities]  FILE as one document, once (for peak memory)
 *   said_bench memory NAME FILE MB  FILE's bytes repeated to MB as one
 *                                   document: the arena's bytes per input
 *                                   byte at its peak (the largest piece:
 *                                   said.h, pieces)
 *   said_bench sizes x              sizes of the per-document structures
 *
 * Timings are CPU time, the best of several rounds (the machine is shared:
 * the best round is the one least disturbed by other processes).
 */
#include "../src/said.h"
#include "../src/learned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *
bench_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p == NULL)
	{
		fprintf(stderr, "said_bench: out of memory\n");
		exit(2);
	}
	return p;
}

static void
bench_release(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const SaidAllocator bench_heap = {bench_alloc, bench_release, NULL, NULL};

/*
 * CPU time of this (single-threaded) process: on a shared machine the time
 * the process waits for a core does not count, so figures are steadier than
 * wall-clock ones (cache sharing still disturbs them).
 */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Whole file in memory, NUL-terminated. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	size_t		cap = 1 << 20,
				n = 0,
				got;
	char	   *buf = bench_alloc(NULL, cap);

	if (f == NULL)
	{
		perror(path);
		exit(2);
	}
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0)
	{
		n += got;
		if (cap - n - 1 == 0)
		{
			cap *= 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				bench_alloc(NULL, SIZE_MAX);	/* reports and exits */
		}
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Analyse one document; returns the number of attributions (or mentions). */
static long
analyse(const char *text, size_t len, bool entities_only)
{
	SaidArena	arena;
	SaidDoc		doc;
	long		found;

	said_arena_init(&arena, &bench_heap);
	said_doc_init(&doc, &arena, text, len);
	said_analyze(&doc, entities_only);
	found = entities_only ? doc.nmention : doc.nattr;
	said_arena_free_all(&arena);
	return found;
}

/* Seconds for one analysis of text, best of enough repetitions to last ~min_secs. */
static double
time_doc(const char *text, size_t len, bool entities_only, double min_secs)
{
	double		best = 1e30,
				spent = 0;
	int			reps = 0;

	while (reps < 3 || (spent < min_secs && reps < 1000))
	{
		double		t = now();

		analyse(text, len, entities_only);
		t = now() - t;
		spent += t;
		if (t < best)
			best = t;
		reps++;
	}
	return best;
}

static int
bench_docs(const char *path, int rounds)
{
	size_t		len;
	char	   *buf = slurp(path, &len);
	int			ndocs = 0;
	size_t	   *start,
			   *length;

	/* the documents' bounds first: a caller (the SQL layer) knows each
	 * text's length, so finding it is not the pipeline's time */
	for (size_t p = 0; p < len; p += strlen(buf + p) + 1)
		ndocs++;
	start = bench_alloc(NULL, (ndocs + 1) * sizeof(size_t));
	length = bench_alloc(NULL, (ndocs + 1) * sizeof(size_t));
	ndocs = 0;
	for (size_t p = 0; p < len; p += length[ndocs++] + 1)
	{
		start[ndocs] = p;
		length[ndocs] = strlen(buf + p);
	}
	for (int mode = 0; mode < 2; mode++)
	{
		bool		entities_only = mode == 1;
		double		best = 1e30;
		long		found = 0;

		for (int r = 0; r < rounds; r++)
		{
			double		t = now();

			found = 0;
			for (int d = 0; d < ndocs; d++)
				found += analyse(buf + start[d], length[d], entities_only);
			t = now() - t;
			if (t < best)
				best = t;
		}
		printf("core %-9s %7.1f MB/s  %8.3f s  (%d docs, %.2f MB, %ld %s, best of %d)\n",
			   entities_only ? "entities" : "quotes", len / best / 1e6, best, ndocs,
			   len / 1e6, found, entities_only ? "mentions" : "attributions", rounds);
	}
	free(start);
	free(length);
	free(buf);
	return 0;
}

/* Wall-clock time, for the stages: a CPU-time reading is a system call,
 * which would weigh on the shortest stages of a short document. */
static double
wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Where the time goes: each stage of said_analyze timed on its own over the
 * same documents, the best of ROUNDS rounds for each stage.
 */
static const struct
{
	const char *name;
	void		(*run) (SaidDoc *doc);
}			stages[] =
{
	{"tokenize", said_tokenize},
	{"sentences", said_sentences},
	{"marks", said_marks},
	{"entities (tagger and spans)", said_entities},
	{"names", said_names},
	{"cues", said_cues},
	{"attribute", said_attribute},
};

#define NSTAGES ((int) (sizeof(stages) / sizeof(stages[0])))

static int
bench_stages(const char *path, int rounds)
{
	size_t		len;
	char	   *buf = slurp(path, &len);
	double		best[NSTAGES];
	double		total = 0;

	for (int k = 0; k < NSTAGES; k++)
		best[k] = 1e30;
	for (int r = 0; r < rounds; r++)
	{
		double		spent[NSTAGES] = {0};

		for (size_t p = 0; p < len;)
		{
			size_t		n = strlen(buf + p);
			SaidArena	arena;
			SaidDoc		doc;

			said_arena_init(&arena, &bench_heap);
			said_doc_init(&doc, &arena, buf + p, n);
			for (int k = 0; k < NSTAGES; k++)
			{
				double		t = wall();

				stages[k].run(&doc);
				spent[k] += wall() - t;
			}
			said_arena_free_all(&arena);
			p += n + 1;
		}
		for (int k = 0; k < NSTAGES; k++)
			if (spent[k] < best[k])
				best[k] = spent[k];
	}
	for (int k = 0; k < NSTAGES; k++)
		total += best[k];
	for (int k = 0; k < NSTAGES; k++)
		printf("  %-28s %8.1f ms  %5.1f %%  %6.1f ns/byte\n", stages[k].name, best[k] * 1e3,
			   100 * best[k] / total, best[k] * 1e9 / len);
	printf("  %-28s %8.1f ms           %6.1f ns/byte  (%.1f MB/s; best round of %d for each stage)\n",
		   "all", total * 1e3, total * 1e9 / len, len / total / 1e6, rounds);
	free(buf);
	return 0;
}

/* A document of exactly size bytes made of src repeated (cut at a character). */
static char *
repeat_to(const char *src, size_t srclen, size_t size)
{
	char	   *doc = bench_alloc(NULL, size + 1);

	for (size_t p = 0; p < size; p += srclen)
		memcpy(doc + p, src, p + srclen <= size ? srclen : size - p);
	while (size > 0 && ((unsigned char) doc[size] & 0xC0) == 0x80)
		size--;					/* do not end inside a UTF-8 sequence */
	doc[size] = '\0';
	return doc;
}

/* The corpus as one text: documents joined by blank lines. */
static char *
joined_corpus(const char *path, size_t *len)
{
	char	   *buf = slurp(path, len);

	for (size_t i = 0; i < *len; i++)
		if (buf[i] == '\0')
			buf[i] = '\n';
	return buf;
}

static int
bench_curve(const char *path, double max_mb)
{
	size_t		len;
	char	   *corpus = joined_corpus(path, &len);
	static const double sizes_kb[] = {1, 4, 16, 64, 256, 1024, 4096, 16384, 51200, 102400};
	double		ref[2] = {0, 0};

	printf("%10s %12s %12s %12s %12s\n", "size", "quotes ms", "ns/byte", "entities ms", "ns/byte");
	for (size_t k = 0; k < sizeof(sizes_kb) / sizeof(sizes_kb[0]); k++)
	{
		size_t		size = (size_t) (sizes_kb[k] * 1024);
		char	   *doc;
		double		t[2];

		if (sizes_kb[k] / 1024 > max_mb)
			break;
		doc = repeat_to(corpus, len, size);
		size = strlen(doc);
		for (int mode = 0; mode < 2; mode++)
		{
			t[mode] = time_doc(doc, size, mode == 1, size > (8 << 20) ? 0 : 0.3);
			if (sizes_kb[k] == 1024)
				ref[mode] = t[mode] / size;
		}
		printf("%8.0fKB %12.3f %12.1f %12.3f %12.1f\n", sizes_kb[k], t[0] * 1e3, t[0] / size * 1e9,
			   t[1] * 1e3, t[1] / size * 1e9);
		free(doc);
	}
	if (ref[0] > 0)
		printf("(ns/byte should stay flat: time proportional to size)\n");
	free(corpus);
	return 0;
}

/* 1 MB of a pathological shape, built from a repeated unit. */
static char *
patho_unit(const char *unit)
{
	return repeat_to(unit, strlen(unit), 1 << 20);
}

/* Apply a byte transformation to 1 MB of news. */
static char *
patho_news(const char *news, int how)
{
	size_t		n = strlen(news),
				o = 0;
	char	   *out = bench_alloc(NULL, n + 1);

	for (size_t i = 0; i < n; i++)
	{
		char		c = news[i];

		if (how == 0 && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';		/* all capitals */
		else if (how == 1 && (c == ' ' || c == '\n' || c == '\t'))
			continue;			/* no white space at all */
		else if (how == 2 && c == '\n')
			c = ' ';			/* one enormous sentence: one paragraph, */
		else if (how == 2 && (c == '.' || c == '!' || c == '?'))
			c = ',';			/* no sentence ends */
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

static int
bench_patho(const char *path)
{
	size_t		len;
	char	   *corpus = joined_corpus(path, &len);
	char	   *news = repeat_to(corpus, len, 1 << 20);
	struct
	{
		const char *name;
		char	   *text;
	}			cases[] = {
		{"news (reference)", news},
		{"quote marks and words, no spaces", patho_unit("\xE2\x80\x9Cword\xE2\x80\x9Dsaid\"He\"")},
		{"straight quotes alternating", patho_unit("\"a'b\"c'")},
		{"no white space at all", patho_news(news, 1)},
		{"all capitals", patho_news(news, 0)},
		{"one enormous sentence", patho_news(news, 2)},
		{"one enormous word", patho_unit("abcdefghij")},
		{"capitalised names only", patho_unit("Vladimir Putin Barack Obama ")},
		{"said said said", patho_unit("he said \xE2\x80\x9C")},
	};
	double		ref = 0;

	printf("%-36s %10s %10s %8s\n", "1 MB of", "quotes ms", "attribs", "x news");
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
	{
		size_t		n = strlen(cases[k].text);
		double		t = time_doc(cases[k].text, n, false, 0.5);

		if (k == 0)
			ref = t / n;
		printf("%-36s %10.2f %10ld %8.2f\n", cases[k].name, t * 1e3,
			   analyse(cases[k].text, n, false), t / n / ref);
	}
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		free(cases[k].text);
	free(corpus);
	return 0;
}

/*
 * One line of the memory table: the arena's size at its largest (what the
 * allocator gave it for the largest piece, all of it live until the piece
 * is done, and what the pieces carry) per byte of a document of unit
 * repeated, analysed as the SQL functions do (said.h, pieces), and its
 * tokens per byte (40 bytes each).
 */
static int
bench_memory(const char *name, const char *path, double mb)
{
	size_t		len;
	char	   *unit = slurp(path, &len);
	char	   *doc = repeat_to(unit, len, (size_t) (mb * 1e6));
	size_t		n = strlen(doc);
	SaidArena	arena;
	SaidDoc		d;
	SaidPieces	pieces;
	size_t		peak = 0;
	uint64_t	ntok = 0;

	said_arena_init(&arena, &bench_heap);
	said_pieces_init(&pieces, &d, &arena, &bench_heap, doc, n, SAID_PIECE_BYTES, NULL, false);
	while (said_pieces_next(&pieces))
	{
		/* the pieces' arena is freed between pieces: the peak is the largest */
		if (arena.total + pieces.keep.total > peak)
			peak = arena.total + pieces.keep.total;
		ntok += (uint64_t) d.ntok;
	}
	printf("%-28s %8.1f %10.2f %10.1f\n", name, n / 1e6, (double) ntok / n,
		   (double) peak / n);
	said_pieces_free(&pieces);
	free(doc);
	free(unit);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *err;

	if (argc < 3)
	{
		fprintf(stderr, "usage: said_bench docs|stages FILE [ROUNDS] | curve FILE [MAX_MB] | patho FILE\n");
		return 2;
	}
	if ((err = said_init(&bench_heap)) != NULL)
	{
		fprintf(stderr, "init: %s\n", err);
		return 2;
	}
	/* another attribution model than the embedded one, to compare (an empty file: none) */
	if (getenv("SAID_ATTR_MODEL"))
	{
		size_t		mlen;
		char	   *image = slurp(getenv("SAID_ATTR_MODEL"), &mlen);

		if ((err = said_learned_load((const unsigned char *) image, mlen)) != NULL)
		{
			fprintf(stderr, "%s: %s\n", getenv("SAID_ATTR_MODEL"), err);
			return 2;
		}
	}
	if (strcmp(argv[1], "docs") == 0)
		return bench_docs(argv[2], argc > 3 ? atoi(argv[3]) : 5);
	if (strcmp(argv[1], "stages") == 0)
		return bench_stages(argv[2], argc > 3 ? atoi(argv[3]) : 5);
	if (strcmp(argv[1], "curve") == 0)
		return bench_curve(argv[2], argc > 3 ? atof(argv[3]) : 50);
	if (strcmp(argv[1], "patho") == 0)
		return bench_patho(argv[2]);
	if (strcmp(argv[1], "one") == 0)
	{
		size_t		len;
		char	   *text = slurp(argv[2], &len);
		bool		entities_only = argc > 3 && strcmp(argv[3], "entities") == 0;
		double		t = now();
		long		found = analyse(text, len, entities_only);

		t = now() - t;
		printf("  %s: %.1f MB in %.2f s (%.1f MB/s), %ld %s\n",
			   entities_only ? "entities" : "quotes", len / 1e6, t, len / t / 1e6, found,
			   entities_only ? "mentions" : "attributions");
		free(text);
		return 0;
	}
	if (strcmp(argv[1], "memory") == 0 && argc > 4)
		return bench_memory(argv[2], argv[3], atof(argv[4]));
	if (strcmp(argv[1], "sizes") == 0)
	{
		printf("SaidToken %zu\nSaidMention %zu\nSaidRegion %zu\n", sizeof(SaidToken),
			   sizeof(SaidMention), sizeof(SaidRegion));
		return 0;
	}
	fprintf(stderr, "said_bench: unknown mode %s\n", argv[1]);
	return 2;
}
