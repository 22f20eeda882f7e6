/*
 * fuzz_core.c -- libFuzzer harness over the whole core pipeline.
 *
 * Each input is taken as a document of arbitrary bytes (invalid UTF-8,
 * NULs and all) and run through the full said_analyze, as quotes() does
 * (entities() runs a prefix of the same stages).  Every output the SQL
 * layer would read is then checked for consistency, so an out-of-range
 * index shows up here (under AddressSanitizer) rather than as a crash in a
 * backend.
 *
 *   make fuzz FUZZ_SECONDS=60
 *
 * The text is copied into a buffer of exactly its size, so that a stage
 * reading one byte past the end is caught even though the SQL layer's
 * varlena usually has padding after it.
 *
 * Slow units are crashes too, found by the work the stages count
 * (SaidDoc.work) rather than by time (libFuzzer's -timeout is wall time,
 * which a loaded machine stretches): an input may cost at most
 * WORK_PER_BYTE steps a byte, and a short input, taken as a unit repeated
 * to 16 KB and to 32 KB, must cost at most GROWTH_RATIO times as much at
 * 32 KB (a cost quadratic in the document gives 4).  The repetition costs
 * two analyses of 16 and 32 KB, which would take the fuzzer from hundreds
 * of inputs a second to 15: one short input in GROWTH_SAMPLE is repeated,
 * chosen by a hash of its bytes so that a saved crash repeats itself.
 * test_linear.c checks the same of the shapes known.
 */
#include "said.h"
#include "heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * said_init's allocations live as long as the process, as they do in
 * TopMemoryContext in a backend; some of them (pcre2's general context, the
 * loader's buffers) are kept only by pointers inside libraries or not at
 * all.  Keeping every one on a list keeps them reachable, so LeakSanitizer's
 * report at exit holds only leaks of the per-document arena.
 */
typedef struct PersistentBlock
{
	struct PersistentBlock *next;
	struct PersistentBlock *prev;
	size_t		pad;			/* keeps the payload 16-byte aligned */
	size_t		pad2;
} PersistentBlock;

static PersistentBlock persistent_list = {&persistent_list, &persistent_list, 0, 0};

static void *
persistent_alloc(void *ctx, size_t size)
{
	PersistentBlock *b = test_alloc(ctx, sizeof(PersistentBlock) + size);

	b->next = persistent_list.next;
	b->prev = &persistent_list;
	b->next->prev = b;
	persistent_list.next = b;
	return b + 1;
}

static void
persistent_free(void *ctx, void *p)
{
	PersistentBlock *b = (PersistentBlock *) p - 1;

	b->prev->next = b->next;
	b->next->prev = b->prev;
	test_free(ctx, b);
}

static const SaidAllocator persistent_heap = {persistent_alloc, persistent_free, NULL, NULL};

/* Counts calls, to check that the core does call back while it works. */
static unsigned long interrupt_calls;

static void
fuzz_interrupt(void *ctx)
{
	(void) ctx;
	interrupt_calls++;
}

static const SaidAllocator fuzz_heap = {test_alloc, test_free, NULL, fuzz_interrupt};

/* Abort (a crash libFuzzer reports) when an invariant does not hold. */
#define REQUIRE(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* volatile: the reads of entity names must not be optimised away */
static volatile unsigned long name_bytes;

static void
check_span(const SaidDoc *doc, int t0, int t1)
{
	REQUIRE(t0 >= 0 && t0 < t1 && t1 <= doc->ntok);
	REQUIRE(doc->tok[t0].b0 <= doc->tok[t1 - 1].b1);
	REQUIRE(doc->tok[t0].c0 <= said_token_c1(doc, t1 - 1));
}

static void
check_doc(SaidDoc *doc)
{
	uint32_t	prev_b1 = 0;

	for (int i = 0; i < doc->ntok; i++)
	{
		const SaidToken *t = &doc->tok[i];

		REQUIRE(t->b0 < t->b1 && t->b1 <= doc->len);
		uint32_t	c1 = said_token_c1(doc, i);

		REQUIRE(t->c0 < c1 && c1 <= doc->nchars);
		REQUIRE(t->b0 >= prev_b1);
		REQUIRE(c1 - t->c0 <= t->b1 - t->b0);
		REQUIRE(i + 1 == doc->ntok || c1 <= doc->tok[i + 1].c0);
		REQUIRE(t->region >= -1 && t->region < doc->nregion);
		REQUIRE(t->mention >= -1 && t->mention < doc->nmention);
		prev_b1 = t->b1;
	}
	for (int i = 0; i < doc->nregion; i++)
	{
		const SaidRegion *r = &doc->region[i];

		REQUIRE(r->open_tok >= 0 && r->open_tok < doc->ntok);
		REQUIRE(r->close_tok >= -1 && r->close_tok < doc->ntok);
		REQUIRE(r->t0 >= 0 && r->t0 <= r->t1 && r->t1 <= doc->ntok);
		REQUIRE(r->parent >= -1 && r->parent < doc->nregion);
		REQUIRE(r->continues >= -1 && r->continues < doc->nregion);
	}
	for (int i = 0; i < doc->nmention; i++)
	{
		const SaidMention *m = &doc->mention[i];

		check_span(doc, m->t0, m->t1);
		REQUIRE(m->title_t0 >= 0 && m->title_t0 <= m->t0);
		REQUIRE(m->entity >= -1 && m->entity < doc->nentity);
		REQUIRE(m->type < ENT_TYPE_COUNT);
	}
	for (int e = 0; e < doc->nentity; e++)
	{
		size_t		n;
		const char *s = said_entity_name(doc, e, &n);

		REQUIRE(s != NULL);
		/* read every byte, as text output would: ASan checks the reads */
		for (size_t k = 0; k < n; k++)
			name_bytes += (unsigned char) s[k];
	}
	for (int i = 0; i < doc->ncue; i++)
		check_span(doc, doc->cue[i].t0, doc->cue[i].t1);
	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];

		REQUIRE(said_quote_kind_name(a->kind) != NULL);
		REQUIRE(a->content_b0 >= 0 && a->content_b0 <= a->content_b1 &&
				(uint32_t) a->content_b1 <= doc->len);
		REQUIRE(a->content_c0 >= 0 && a->content_c0 <= a->content_c1 &&
				(uint32_t) a->content_c1 <= doc->nchars);
		REQUIRE(a->cue >= -1 && a->cue < doc->ncue);
		REQUIRE(a->first_region >= -1 && a->first_region < doc->nregion);
		REQUIRE(a->speaker_entity >= -1 && a->speaker_entity < doc->nentity);
		if (a->speaker_t0 >= 0)
			check_span(doc, a->speaker_t0, a->speaker_t1);
		REQUIRE(a->rule != NULL);
		REQUIRE(a->speaker_type < ENT_TYPE_COUNT);
	}
}

/*
 * The most steps a byte of any input may cost.  The stages' windows are
 * bounded (rules.h's LIM_*, the tagger's 512 tokens either way along a
 * line), so a linear cost may still be a few hundred steps a byte on a
 * shape that fills them; test_linear.c's 42 shapes cost at most 64 at
 * 128 KB, news about 4, two-byte sentences ("!A!A...") 14.5.
 */
#define WORK_PER_BYTE 640
#define WORK_FIXED 65536

/* Inputs up to this long are also repeated, as units, to see how the
 * cost grows; the sizes are past the stages' bounded windows (512 tokens,
 * 500 mentions), whose filling would look like growth. */
#define GROWTH_UNIT_MAX 128
#define GROWTH_BYTES 16384
#define GROWTH_RATIO 2.3
#define GROWTH_SAMPLE 16

/* FNV-1a of the input: which inputs are repeated, the same on every run. */
static bool
growth_sampled(const uint8_t *data, size_t size)
{
	uint32_t	h = 2166136261u;

	for (size_t k = 0; k < size; k++)
		h = (h ^ data[k]) * 16777619u;
	return h % GROWTH_SAMPLE == 0;
}

static uint64_t
work_of(const char *text, size_t size)
{
	SaidArena	arena;
	SaidDoc		doc;
	uint64_t	work;

	said_arena_init(&arena, &fuzz_heap);
	said_doc_init(&doc, &arena, text, size);
	said_analyze(&doc, false);
	work = doc.work;
	said_arena_free_all(&arena);
	return work;
}

/* The input as a unit repeated r times, analysed: its work. */
static uint64_t
repeated_work(const uint8_t *data, size_t size, size_t r)
{
	char	   *text = malloc(size * r);
	uint64_t	work;

	for (size_t k = 0; k < r; k++)
		memcpy(text + k * size, data, size);
	work = work_of(text, size * r);
	free(text);
	return work;
}

static void
check_growth(const uint8_t *data, size_t size)
{
	size_t		r = (GROWTH_BYTES + size - 1) / size;
	uint64_t	w1 = repeated_work(data, size, r),
				w2 = repeated_work(data, size, 2 * r);

	if ((double) w2 > GROWTH_RATIO * (double) w1 + 1024)
	{
		fprintf(stderr, "superlinear: the input repeated %zu times costs %llu steps, "
				"%zu times %llu\n", r, (unsigned long long) w1, 2 * r, (unsigned long long) w2);
		abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *err = said_init(&persistent_heap);

	if (err)
	{
		fprintf(stderr, "said_init: %s\n", err);
		abort();
	}
	return 0;
}

/*
 * The input again in pieces of a budget it decides (a few bytes to a few
 * hundred), as a long document is analysed (said.h): the pieces tile the
 * text, each within the budget and never empty, and each piece's analysis, with what earlier pieces
 * carried, holds.  nchars: the whole's code points.
 */
static void
check_pieces(const char *text, size_t size, uint32_t nchars)
{
	SaidArena	arena;
	SaidDoc		doc;
	SaidPieces	p;
	size_t		budget = 8 + (size ? (unsigned char) text[size / 2] : 0) * 2;
	uint32_t	end = 0;

	said_arena_init(&arena, &fuzz_heap);
	said_pieces_init(&p, &doc, &arena, &fuzz_heap, text, size, budget, NULL, false);
	while (said_pieces_next(&p))
	{
		REQUIRE(p.b0 == end);
		REQUIRE(p.b1 > p.b0 || size == 0);
		REQUIRE(p.b1 - p.b0 <= budget && p.b1 <= size);
		check_doc(&doc);
		end = p.b1;
	}
	REQUIRE(end == size);
	/* one piece is the whole (a cut inside an invalid sequence may count
	 * its bytes otherwise than the whole does) */
	REQUIRE(p.index > 0 || doc.nchars == nchars);
	said_pieces_free(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size ? size : 1);
	SaidArena	arena;
	SaidDoc		doc;

	memcpy(text, data, size);
	said_arena_init(&arena, &fuzz_heap);
	said_doc_init(&doc, &arena, text, size);
	said_analyze(&doc, false);
	check_doc(&doc);
	if (doc.work > (uint64_t) WORK_PER_BYTE * size + WORK_FIXED)
	{
		fprintf(stderr, "slow unit: %llu steps for %zu bytes\n",
				(unsigned long long) doc.work, size);
		abort();
	}
	check_pieces(text, size, doc.nchars);
	said_arena_free_all(&arena);
	free(text);
	if (size > 0 && size <= GROWTH_UNIT_MAX && growth_sampled(data, size))
		check_growth(data, size);
	return 0;
}
