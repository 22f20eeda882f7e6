/*
 * test_tables.c -- the tables built with the library (gen/tables.c) are
 * those said_init's loaders build from the data files (tables.h).
 *
 * Compiled with SAID_TABLES_FROM_DATA, so that said_init builds; then
 * said_tables_use points the process at the library's tables, and the two
 * are compared as the generator saw them: each object's bytes (its
 * pointers aside) and each array's.  A document is analysed with each, and
 * gives the same results.
 */
#include "unit.h"
#include "tables.h"
#include "lexicon.h"

#include <stdint.h>

/* what said_tables_describe gave: objects and arrays in turn, as bytes */
typedef struct Part
{
	const char *expr;
	const void *const *where;	/* an array's pointer, else NULL */
	const unsigned char *bytes;
	size_t		size;
} Part;

typedef struct Parts
{
	Part		part[64];
	int			n;
	bool		overflow;
} Parts;

static Part *
next_part(const SaidTableSink *out)
{
	Parts	   *ps = out->ctx;

	if (ps->n == (int) (sizeof(ps->part) / sizeof(ps->part[0])))
	{
		ps->overflow = true;
		return NULL;
	}
	return &ps->part[ps->n++];
}

static void
note_header(const SaidTableSink *out, const char *name)
{
}

static void
note_object(const SaidTableSink *out, const char *expr, const void *obj, size_t size)
{
	Part	   *p = next_part(out);

	if (p)
		*p = (Part) {expr, NULL, obj, size};
}

static void
note_array(const SaidTableSink *out, const char *expr, const void *const *where,
		   size_t elem_size, size_t n)
{
	Part	   *p = next_part(out);

	if (p)
		*p = (Part) {expr, where, *where, elem_size * n};
}

/* The parts of said_tables_describe, the objects copied with their
 * pointers zeroed (the arrays stay where they are). */
static void
describe(Parts *ps)
{
	SaidTableSink sink = {note_header, note_object, note_array, ps};

	memset(ps, 0, sizeof(*ps));
	said_tables_describe(&sink);
	for (int k = 0; k < ps->n; k++)
	{
		Part	   *obj = &ps->part[k];
		unsigned char *copy;

		if (obj->where)
			continue;
		copy = malloc(obj->size);
		memcpy(copy, obj->bytes, obj->size);
		for (int j = k + 1; j < ps->n; j++)
		{
			const char *w = (const char *) ps->part[j].where;

			if (w && w >= (const char *) obj->bytes && w < (const char *) obj->bytes + obj->size)
				memset(copy + (w - (const char *) obj->bytes), 0, sizeof(void *));
		}
		obj->bytes = copy;
	}
}

/* The mentions and attributions of a document, as text; how many
 * attributions. */
static int
results(char *buf, size_t size)
{
	static const char text[] =
		"\"We will not give up,\" Mr. Smith told reporters in London on Monday. "
		"The U.S. State Department said the talks with the United Nations would resume, "
		"according to a statement by ISIS.";
	SaidArena	a;
	SaidDoc		d;
	size_t		at = 0;
	int			nattr;

	unit_analyze(&d, &a, text);
	for (int k = 0; k < d.nmention && at < size; k++)
		at += snprintf(buf + at, size - at, "m %d %d %d %d|", d.mention[k].t0, d.mention[k].t1,
					   d.mention[k].type, d.mention[k].entity);
	for (int k = 0; k < d.nattr && at < size; k++)
		at += snprintf(buf + at, size - at, "a %d %d %d %s|", d.attr[k].kind,
					   d.attr[k].content_b0, d.attr[k].content_b1,
					   unit_span(&d, d.attr[k].speaker_t0, d.attr[k].speaker_t1));
	nattr = d.nattr;
	said_arena_free_all(&a);
	return nattr;
}

/* static: what the loaders built stays reachable for LeakSanitizer once
 * said_tables_use has pointed the process elsewhere */
static Parts built,
			library;

int
main(void)
{
	const char *err = said_init(&unit_heap);
	char		built_results[8192],
				library_results[8192];
	bool		same = true,
				elsewhere = true;
	int			nattr;

	CHECK(err == NULL, "said_init builds the tables from the data files");
	describe(&built);
	nattr = results(built_results, sizeof(built_results));
	said_tables_use();
	describe(&library);
	results(library_results, sizeof(library_results));

	CHECK(!built.overflow && built.n > 0 && built.n == library.n,
		  "the library has as many tables as the loaders build");
	for (int k = 0; k < built.n && k < library.n; k++)
	{
		const Part *b = &built.part[k],
				   *l = &library.part[k];
		bool		equal = strcmp(b->expr, l->expr) == 0 && b->size == l->size &&
			(b->size == 0 || memcmp(b->bytes, l->bytes, b->size) == 0);

		if (!equal)
			printf("# %s differs (%zu bytes built, %zu in the library)\n", b->expr, b->size, l->size);
		same &= equal;
		if (b->where && b->size > 0)
			elsewhere &= b->bytes != l->bytes;
	}
	CHECK(same, "every object and array of the library is what the loaders build, byte for byte");
	CHECK(elsewhere, "said_tables_use points the process at the library's arrays");
	CHECK(said_lex.count > 20000 && said_lexicon_size() == said_lex.count,
		  "the library's lexicon has its entries");
	CHECK(strcmp(built_results, library_results) == 0 && nattr >= 2,
		  "a document gives the same results with either");
	return unit_done();
}
