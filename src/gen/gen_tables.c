/*
 * gen_tables.c -- runs said_init's loaders on the data files and writes
 * the tables they built as C (tables.h says why and how).
 *
 *     gen_tables OUT.c
 *
 * Built by the Makefile from the core, gen/data.c and this file, with
 * SAID_TABLES_FROM_DATA (so that said_init builds), and run by it; the
 * output goes to the build tree.
 *
 * OUT.c holds each object and array of said_tables_describe as a union of
 * its bytes (64-bit words, which the build host wrote in its byte order)
 * and of its type (taken with __typeof__ from the expression naming it), so
 * that this program needs to know no type of the core; the object's
 * pointers are written as 0, and said_tables_use copies the objects and
 * points their pointers at the arrays.  The output depends on the data
 * alone: the same data give the same file.
 */
#include "said.h"
#include "tables.h"
#include "../../tools/tool_heap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum Pass
{
	PASS_CHECK,					/* note the pointers; check the order */
	PASS_HEADERS,				/* #include lines */
	PASS_ARRAYS,				/* the unions */
	PASS_USE					/* said_tables_use's statements */
} Pass;

typedef struct Writer
{
	FILE	   *out;
	Pass		pass;
	int			next;			/* number of the next union */
	const char *failed;			/* why the description cannot be written */
	/* PASS_CHECK's findings: where each pointer given as an array is */
	const void *const **where;
	int			nwhere;
} Writer;

static void
note_where(Writer *w, const void *const *where)
{
	const void *const **more = xalloc(NULL, sizeof(*w->where) * (w->nwhere + 1));

	if (w->nwhere)
		memcpy(more, w->where, sizeof(*w->where) * w->nwhere);
	xrelease(NULL, w->where);
	w->where = more;
	w->where[w->nwhere++] = where;
}

static bool
inside(const void *p, const char *start, size_t size)
{
	return (const char *) p >= start && (const char *) p < start + size;
}

/* The union of N words and of "type v[count]" (count 0: type v). */
static void
write_union(Writer *w, const char *expr, const char *type_of, const unsigned char *bytes,
			size_t size, size_t elem_size, size_t count)
{
	size_t		words = size ? (size + 7) / 8 : 1;

	fprintf(w->out, "\n/* %s: %zu bytes */\n", expr, size);
	fprintf(w->out, "_Static_assert(sizeof(%s) == %zu, \"%s: the generator's size\");\n",
			type_of, elem_size, expr);
	fprintf(w->out, "static const union\n{\n\t_Alignas(64) uint64_t w[%zu];\n", words);
	if (count)
		fprintf(w->out, "\t__typeof__(%s) v[%zu];\n", type_of, count);
	else
		fprintf(w->out, "\t__typeof__(%s) v;\n", type_of);
	fprintf(w->out, "}\t\t\tsaid_table_%d = {{", w->next);
	for (size_t k = 0; k < words; k++)
	{
		uint64_t	v = 0;
		size_t		n = size - k * 8 < 8 ? size - k * 8 : 8;

		if (k * 8 < size)
			memcpy(&v, bytes + k * 8, n);
		fputs(k % 8 == 0 ? "\n\t" : " ", w->out);
		if (v)
			fprintf(w->out, "0x%llx,", (unsigned long long) v);
		else
			fputs("0,", w->out);
	}
	fputs("\n}};\n", w->out);
}

static void
sink_header(const SaidTableSink *out, const char *name)
{
	Writer	   *w = out->ctx;

	if (w->pass == PASS_HEADERS)
		fprintf(w->out, "#include \"%s\"\n", name);
}

static void
sink_object(const SaidTableSink *out, const char *expr, const void *obj, size_t size)
{
	Writer	   *w = out->ctx;
	char		type_of[512];

	switch (w->pass)
	{
		case PASS_CHECK:
			/* said_tables_use copies an object before pointing its pointers */
			for (int k = 0; k < w->nwhere; k++)
				if (inside(w->where[k], obj, size))
					w->failed = "a pointer of an object is given before the object";
			break;
		case PASS_HEADERS:
			break;
		case PASS_ARRAYS:
			{
				unsigned char *image = xalloc(NULL, size);

				memcpy(image, obj, size);
				/* the pointers are said_tables_use's to set */
				for (int k = 0; k < w->nwhere; k++)
					if (inside(w->where[k], obj, size))
						memset(image + ((const char *) w->where[k] - (const char *) obj), 0,
							   sizeof(void *));
				snprintf(type_of, sizeof(type_of), "%s", expr);
				write_union(w, expr, type_of, image, size, size, 0);
				free(image);
				w->next++;
			}
			break;
		case PASS_USE:
			fprintf(w->out, "\t%s = said_table_%d.v;\n", expr, w->next++);
			break;
	}
}

static void
sink_array(const SaidTableSink *out, const char *expr, const void *const *where,
		   size_t elem_size, size_t n)
{
	Writer	   *w = out->ctx;
	const void *p = *where;
	char		type_of[512];

	switch (w->pass)
	{
		case PASS_CHECK:
			if (!p && n)
				w->failed = "an array of elements has no address";
			note_where(w, where);
			break;
		case PASS_HEADERS:
			break;
		case PASS_ARRAYS:
			if (!p)
				break;
			snprintf(type_of, sizeof(type_of), "*(%s)", expr);
			write_union(w, expr, type_of, p, elem_size * n, elem_size, n ? n : 1);
			w->next++;
			break;
		case PASS_USE:
			if (p)
				fprintf(w->out, "\t%s = said_table_%d.v;\n", expr, w->next++);
			else
				fprintf(w->out, "\t%s = NULL;\n", expr);
			break;
	}
}

int
main(int argc, char **argv)
{
	Writer		w = {0};
	SaidTableSink sink = {sink_header, sink_object, sink_array, &w};
	uint16_t	one = 1;
	const char *err;

	if (argc != 2)
	{
		fprintf(stderr, "usage: gen_tables OUT.c\n");
		return 2;
	}
	if ((err = said_init(&mallocator)) != NULL)
	{
		fprintf(stderr, "gen_tables: said_init: %s\n", err);
		return 1;
	}
	w.pass = PASS_CHECK;
	said_tables_describe(&sink);
	if (w.failed)
	{
		fprintf(stderr, "gen_tables: %s\n", w.failed);
		return 1;
	}
	if ((w.out = fopen(argv[1], "w")) == NULL)
	{
		perror(argv[1]);
		return 1;
	}
	fprintf(w.out, "/* Generated by src/gen/gen_tables.c from data/: do not edit (tables.h). */\n"
			"#include \"tables.h\"\n");
	w.pass = PASS_HEADERS;
	said_tables_describe(&sink);
	fprintf(w.out, "\n#include <stdint.h>\n\n"
			"#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != %s\n"
			"#error \"the tables were written on a host of another byte order: build where the library runs\"\n"
			"#endif\n",
			*(const unsigned char *) &one ? "__ORDER_LITTLE_ENDIAN__" : "__ORDER_BIG_ENDIAN__");
	w.pass = PASS_ARRAYS;
	w.next = 0;
	said_tables_describe(&sink);
	fprintf(w.out, "\nvoid\nsaid_tables_use(void)\n{\n");
	w.pass = PASS_USE;
	w.next = 0;
	said_tables_describe(&sink);
	fprintf(w.out, "}\n");
	if (ferror(w.out) | (fclose(w.out) != 0))
	{
		perror(argv[1]);
		remove(argv[1]);
		return 1;
	}
	return 0;
}
