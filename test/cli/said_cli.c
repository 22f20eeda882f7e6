/*
 * said_cli.c -- run the core pipeline on a file and print its layers; the
 * tool behind unit tests, the evaluation and the core-only benchmark.
 *
 *   said_cli [--entities|--quotes|--tokens|--bench N|--batch] FILE...
 *
 * --batch reads documents separated by NUL bytes and prints one line per
 * attribution: doc, kind, content and speaker ranges as quotes() gives them
 * (1-based code points, end exclusive; empty when none), confidence, rule,
 * and quote_parts when the quote is in parts (empty otherwise).
 * test/eval/eval_quotes.py scores these without a server.  --batch-entities
 * prints one line per entities() row instead: doc, type, span (the same
 * ranges), for test/eval/eval_entities.py.
 *
 * Several files are analysed one after the other in one process (valgrind
 * runs pay for said_init once).  SAID_ATTR_MODEL=FILE replaces the embedded
 * attribution model by FILE (an empty file: the rules alone).
 */
#include "../src/said.h"
#include "../src/learned.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *
xalloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

static void
xfree(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const SaidAllocator heap = {xalloc, xfree, NULL, NULL};

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (!f)
	{
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xalloc(NULL, (size_t) n + 1);
	if (n > 0 && fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		perror(path);
		exit(2);
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t) n;
	return buf;
}

static void
print_span(const SaidDoc *doc, int t0, int t1)
{
	if (t0 < 0 || t1 <= t0)
	{
		printf("-");
		return;
	}
	printf("%.*s", (int) (doc->tok[t1 - 1].b1 - doc->tok[t0].b0), doc->text + doc->tok[t0].b0);
}

/* The rows entities() returns (pg_said.c), for document d of a batch. */
static void
print_entity_rows(const SaidDoc *doc, int d, uint32_t base)
{
	for (int m = 0; m < doc->nmention; m++)
	{
		const SaidMention *me = &doc->mention[m];

		if (!said_entity_type_name(me->type))
			continue;
		printf("%d\t%s\t%u\t%u\n", d, said_entity_type_name(me->type),
			   base + doc->tok[me->t0].c0 + 1, base + said_token_c1(doc, me->t1 - 1) + 1);
	}
}

/* The quotes() columns the evaluation reads, for document d of a batch. */
static void
print_quote_rows(const SaidDoc *doc, int d, uint32_t base)
{
	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];

		printf("%d\t%s\t%d\t%d\t", d, said_quote_kind_name(a->kind),
			   base + a->content_c0 + 1, base + a->content_c1 + 1);
		if (a->speaker_t0 >= 0)
			printf("%u\t%u", base + doc->tok[a->speaker_t0].c0 + 1,
				   base + said_token_c1(doc, a->speaker_t1 - 1) + 1);
		else
			printf("\t");
		printf("\t%.2f\t%s\t", a->confidence, a->rule);
		/* quote_parts as PostgreSQL prints the multirange, when in parts */
		if (a->nparts > 0)
		{
			printf("{");
			for (int p = 0; p < a->nparts; p++)
				printf("%s[%u,%u)", p ? "," : "", base + doc->tok[a->parts[2 * p]].c0 + 1,
					   base + said_token_c1(doc, a->parts[2 * p + 1] - 1) + 1);
			printf("}");
		}
		printf("\n");
	}
}

/*
 * Each NUL-separated document of text in turn, analysed a piece at a time
 * as the SQL functions analyse it (said.h), its rows printed with the
 * positions of the document.
 */
static void
run_batch(const char *text, size_t len, bool entities_only,
		  void (*print_rows) (const SaidDoc *, int, uint32_t))
{
	size_t		off = 0;

	for (int d = 0; off < len; d++)
	{
		size_t		n = strlen(text + off);
		SaidArena	arena;
		SaidDoc		doc;
		SaidPieces	pieces;

		said_arena_init(&arena, &heap);
		said_pieces_init(&pieces, &doc, &arena, &heap, text + off, n, SAID_PIECE_BYTES,
						 NULL, entities_only);
		while (said_pieces_next(&pieces))
			print_rows(&doc, d, pieces.c0);
		said_pieces_free(&pieces);
		off += n + 1;
	}
}

int
main(int argc, char **argv)
{
	const char *mode = "--all";
	const char *path;
	int			first_path;
	char	   *text;
	size_t		len;
	const char *err;
	int			rounds = 1;

	if (argc < 2)
	{
		fprintf(stderr, "usage: said_cli [--entities|--quotes|--tokens|--bench N] FILE...\n");
		return 2;
	}
	if (argv[1][0] == '-' && argc >= 3)
	{
		mode = argv[1];
		if (strcmp(mode, "--bench") == 0 && argc >= 4)
		{
			rounds = atoi(argv[2]);
			first_path = 3;
		}
		else
			first_path = 2;
	}
	else
		first_path = 1;
	path = argv[first_path];
	if ((err = said_init(&heap)) != NULL)
	{
		fprintf(stderr, "init: %s\n", err);
		return 2;
	}
	/* another attribution model than the embedded one (tools/train_attr's output) */
	if (getenv("SAID_ATTR_MODEL"))
	{
		size_t		mlen;
		char	   *image = read_file(getenv("SAID_ATTR_MODEL"), &mlen);

		if ((err = said_learned_load((const unsigned char *) image, mlen)) != NULL)
		{
			fprintf(stderr, "%s: %s\n", getenv("SAID_ATTR_MODEL"), err);
			return 2;
		}
	}
	text = read_file(path, &len);

	if (strcmp(mode, "--batch-entities") == 0)
	{
		run_batch(text, len, true, print_entity_rows);
		return 0;
	}
	if (strcmp(mode, "--batch") == 0)
	{
		run_batch(text, len, false, print_quote_rows);
		return 0;
	}
	if (strcmp(mode, "--bench") == 0)
	{
		struct timespec a,
					b;
		double		secs;
		long		quotes = 0;

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int r = 0; r < rounds; r++)
		{
			SaidArena	arena;
			SaidDoc		doc;

			said_arena_init(&arena, &heap);
			said_doc_init(&doc, &arena, text, len);
			said_analyze(&doc, false);
			quotes += doc.nattr;
			said_arena_free_all(&arena);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
		printf("core: %.1f MB/s (%zu bytes x %d rounds in %.3f s, %ld attributions)\n",
			   len * (double) rounds / secs / 1e6, len, rounds, secs, quotes);
		return 0;
	}
	for (int f = first_path; f < argc; f++)
	{
		SaidArena	arena;
		SaidDoc		doc;

		if (f > first_path)
		{
			free(text);
			text = read_file(argv[f], &len);
		}

		said_arena_init(&arena, &heap);
		said_doc_init(&doc, &arena, text, len);
		said_analyze(&doc, false);
		if (strcmp(mode, "--tokens") == 0)
			for (int i = 0; i < doc.ntok; i++)
				printf("%d\t%d\t%.*s\tkind=%d flags=%04x q=%02x lex=%08x region=%d mention=%d\n", i,
					   doc.tok[i].sent, (int) (doc.tok[i].b1 - doc.tok[i].b0), text + doc.tok[i].b0,
					   doc.tok[i].kind, doc.tok[i].flags, doc.tok[i].qmark, doc.tok[i].lex,
					   doc.tok[i].region, doc.tok[i].mention);
		if (strcmp(mode, "--entities") == 0 || strcmp(mode, "--all") == 0)
			for (int m = 0; m < doc.nmention; m++)
			{
				size_t		n = 0;
				const char *c = doc.mention[m].entity >= 0 ?
					said_entity_name(&doc, doc.mention[m].entity, &n) : "";
				const SaidEntity *e = doc.mention[m].entity >= 0 ?
					&doc.entity[doc.mention[m].entity] : NULL;

				printf("entity\t%s\t", said_entity_type_name(doc.mention[m].type));
				print_span(&doc, doc.mention[m].t0, doc.mention[m].t1);
				printf("\t%.*s", e ? (int) n : 0, c);
				if (e && said_gender_name(e->gender))
					printf("\t%s\t%s", said_gender_name(e->gender),
						   said_gender_evidence_name(e->gender_evidence));
				printf("\n");
			}
		if (strcmp(mode, "--quotes") == 0 || strcmp(mode, "--all") == 0)
			for (int i = 0; i < doc.nattr; i++)
			{
				const SaidAttribution *a = &doc.attr[i];

				printf("quote\t%s\t%.2f\t%s\t[", said_quote_kind_name(a->kind), a->confidence, a->rule);
				print_span(&doc, a->speaker_t0, a->speaker_t1);
				printf("]\t");
				if (a->speaker_entity >= 0)
				{
					size_t		n;
					const char *c = said_entity_name(&doc, a->speaker_entity, &n);

					printf("%.*s", (int) n, c);
				}
				printf("\t[");
				if (a->cue >= 0)
					print_span(&doc, doc.cue[a->cue].t0, doc.cue[a->cue].t1);
				printf("]\t%.*s\n", a->content_b1 - a->content_b0, text + a->content_b0);
			}
		said_arena_free_all(&arena);
	}
	free(text);
	return 0;
}
