/*
 * tables.h -- the tables said_init's loaders build from data/, built when
 * the library is.
 *
 * A loader (said_lexicon_init, said_word_classes_init, said_ner_init)
 * builds its tables from the data files (data.h) into process-wide state:
 * a few objects of sizes and pointers (said_lex, said_word_class_table,
 * ner_state.model) and the arrays they point to.  That took a new backend
 * 30 ms and 3 MB of its own memory on its first call.  Now the build does
 * it once: src/gen/gen_tables.c, whose said_init runs the loaders
 * (compiled with SAID_TABLES_FROM_DATA), writes what they built as C
 * (gen/tables.c): each array as a const array, read-only data of the
 * library, which every process maps from the page cache, and
 * said_tables_use, which points the process's objects at them.  said_init
 * calls it before the loaders, which find their tables there and build
 * nothing.  test_tables checks that the arrays are what the loaders build.
 *
 * Each module says what it built, next to its loader, in a function
 * (said_lexicon_tables, ...) that said_tables_describe (pipeline.c) calls:
 *
 *   SAID_TABLE_HEADER(out, "x.h")   the header declaring what follows
 *   SAID_TABLE_OBJECT(out, obj)     a global object, copied as it is
 *   SAID_TABLE_ARRAY(out, ptr, n)   the n elements that ptr, a const pointer
 *                                   of the object before (or any global),
 *                                   points to
 *
 * Every pointer of an object must be given as an array: another would keep
 * the generator's address.  State that changes (caches, per-document
 * scratch) is no table: it stays the process's own, in static arrays
 * whose pages the system gives a process as it first touches them.
 *
 * A new table: build it in the loader and give it in the module's
 * function.  A new module: its loader in said_init, its function in
 * said_tables_describe.  A new data file: data.h.
 *
 * The generated file holds the bytes as the build host lays them out: the
 * library must be built where it runs (PGXS builds so); gen/tables.c
 * checks the byte order and every size against the compiler's.
 */
#ifndef SAID_TABLES_H
#define SAID_TABLES_H

#include <stddef.h>

typedef struct SaidTableSink SaidTableSink;

struct SaidTableSink
{
	void		(*header) (const SaidTableSink *out, const char *name);
	void		(*object) (const SaidTableSink *out, const char *expr, const void *obj,
						   size_t size);
	void		(*array) (const SaidTableSink *out, const char *expr, const void *const *where,
						  size_t elem_size, size_t n);
	void	   *ctx;
};

#define SAID_TABLE_HEADER(out, name) ((out)->header((out), (name)))
#define SAID_TABLE_OBJECT(out, obj) ((out)->object((out), #obj, &(obj), sizeof(obj)))
#define SAID_TABLE_ARRAY(out, ptr, n) \
	((out)->array((out), #ptr, (const void *const *) &(ptr), sizeof(*(ptr)), (size_t) (n)))

/* Every module's tables, in said_init's order (pipeline.c). */
void		said_tables_describe(const SaidTableSink *out);

/* Point the process at the tables built with the library (gen/tables.c). */
void		said_tables_use(void);

#endif							/* SAID_TABLES_H */
