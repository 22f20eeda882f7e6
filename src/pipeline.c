/*
 * pipeline.c -- process-wide initialisation and the stage sequence.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"
#include "ner.h"
#include "tables.h"
#include "word_classes.h"
#include "gender.h"
#include "learned.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

static bool initialised;

const char *
said_init(const SaidAllocator *persistent)
{
	const char *err;

	if (initialised)
		return NULL;
	/* patterns first: the lexicon loader splits its phrases with the tokenizer */
	if ((err = said_patterns_init(persistent)) != NULL)
		return err;
#ifndef SAID_TABLES_FROM_DATA
	/* the tables the loaders below build, built with the library: each
	 * loader finds its own and builds nothing (tables.h) */
	said_tables_use();
#endif
	if ((err = said_lexicon_init(persistent, said_tokenize)) != NULL)
		return err;
	if ((err = said_word_classes_init(persistent)) != NULL)
		return err;
	if ((err = said_first_names_init(persistent)) != NULL)
		return err;
	if ((err = said_ner_init(persistent)) != NULL)
		return err;
	if ((err = said_learned_init(persistent)) != NULL)
		return err;
	initialised = true;
	return NULL;
}

#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(SAID_TABLES_FROM_DATA)
#define SAID_TABLES_TO_HUGE_PAGES

/*
 * The tables built with the library are read-only data of its file, which
 * every backend maps page by page as it first reads them: a short text's
 * first call touches some 120 of their pages in 40 faults.  Where page
 * tables are virtualised, every page a new process first touches costs
 * microseconds, and a fault tens of them (test/bench/first_call.sh,
 * doc/performance.md).  Said_init_ahead, in the postmaster, copies the
 * tables into transparent huge pages (2 MB each), which a backend forked
 * after it maps from the start, three entries for the whole 6 MB, shared
 * with the postmaster and never written.  Only where the kernel gives huge
 * pages: a copy in 4 kB pages cost a backend's first call more than it
 * saved (0.6 ms more, 30 faults fewer), and the tables then stay the
 * library's.
 */
typedef struct TableCopy
{
	char	   *block;			/* NULL: counting */
	size_t		used;
} TableCopy;

static void
copy_header(const SaidTableSink *out, const char *name)
{
	(void) out;
	(void) name;
}

static void
copy_object(const SaidTableSink *out, const char *expr, const void *obj, size_t size)
{
	/* the objects (said_lex, ...) are the process's writable data already */
	(void) out;
	(void) expr;
	(void) obj;
	(void) size;
}

static void
copy_array(const SaidTableSink *out, const char *expr, const void *const *where,
		   size_t elem_size, size_t n)
{
	TableCopy  *copy = out->ctx;
	size_t		bytes = elem_size * n;

	(void) expr;
	if (*where == NULL || bytes == 0)
		return;
	if (copy->block)
	{
		memcpy(copy->block + copy->used, *where, bytes);
		/* the pointer is a field of a process object (said_lex.entries, ...) */
		*(const void **) where = copy->block + copy->used;
	}
	/* 64-aligned, as the library's: a slot stays on one cache line */
	copy->used += (bytes + 63) & ~(size_t) 63;
}

/* The process's AnonHugePages in kB (/proc/self/smaps_rollup), or -1. */
static long
anon_huge_kb(void)
{
	FILE	   *f = fopen("/proc/self/smaps_rollup", "r");
	char		line[256];
	long		kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void
tables_to_huge_pages(void)
{
	const size_t huge = (size_t) 2 << 20;
	TableCopy	copy = {NULL, 0};
	SaidTableSink sink = {copy_header, copy_object, copy_array, &copy};
	size_t		len;
	char	   *map,
			   *block;
	long		before;

	said_tables_describe(&sink);
	len = (copy.used + huge - 1) & ~(huge - 1);
	/* one huge page more, to start the block on a huge page's boundary */
	map = mmap(NULL, len + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return;
	block = (char *) (((uintptr_t) map + huge - 1) & ~(uintptr_t) (huge - 1));
	before = anon_huge_kb();
	if (before < 0 || madvise(block, len, MADV_HUGEPAGE) != 0)
	{
		munmap(map, len + huge);
		return;
	}
	for (size_t at = 0; at < len; at += huge)
		block[at] = 0;
	if (anon_huge_kb() - before < (long) (len >> 10))
	{
		/* no huge pages (transparent_hugepage "never", or none free) */
		munmap(map, len + huge);
		return;
	}
	/* the alignment's margins were never touched: give them back */
	if (block > map)
		munmap(map, (size_t) (block - map));
	if (map + huge > block)
		munmap(block + len, (size_t) (map + huge - block));
	copy.block = block;
	copy.used = 0;
	said_tables_describe(&sink);
	mprotect(block, len, PROT_READ);
}
#endif

const char *
said_init_ahead(const SaidAllocator *persistent)
{
	const char *err = said_init(persistent);

	if (err || (err = said_patterns_compile()) != NULL)
		return err;
#ifdef SAID_TABLES_TO_HUGE_PAGES
	tables_to_huge_pages();
	/* the learned stage's own pointers into the tables (its dense weights,
	 * the AW_* bits of the word class table) taken anew */
	err = said_learned_init(persistent);
#endif
	return err;
}

/* What said_init's loaders build, for the generator (tables.h). */
void
said_tables_describe(const SaidTableSink *out)
{
	said_lexicon_tables(out);
	said_word_classes_tables(out);
	said_ner_tables(out);
	said_gender_tables(out);
	said_learned_tables(out);
}

void
said_analyze(SaidDoc *doc, bool entities_only)
{
	said_analyze_carried(doc, entities_only, NULL);
}

/*
 * A piece of a larger document (pieces.c) is told what the pieces before it
 * found: the persons' full names for a surname alone, after the names; their
 * genders, after the piece's own evidence, before attribution reads them; the
 * speakers attribution named by a surname alone.
 */
void
said_analyze_carried(SaidDoc *doc, bool entities_only, struct SaidCarry *carry)
{
	said_tokenize(doc);
	said_sentences(doc);
	said_marks(doc);
	said_entities(doc);
	said_names(doc);
	if (carry)
		said_carry_names(doc, carry);
	said_gender(doc);
	if (carry)
		said_carry_gender(doc, carry);
	if (entities_only)
		return;
	said_cues(doc);
	said_attribute(doc);
	if (carry)
		said_carry_speakers(doc, carry);
}

const char *
said_entity_type_name(int type)
{
	switch (type)
	{
		case ENT_PERSON:
			return "person";
		case ENT_ORGANIZATION:
			return "organization";
		case ENT_LOCATION:
			return "location";
		case ENT_NATIONALITY:
			return "nationality";
		case ENT_GROUP:
			return "group";
		default:
			return NULL;
	}
}

const char *
said_quote_kind_name(int kind)
{
	switch (kind)
	{
		case QK_DIRECT:
			return "direct";
		case QK_MIXED:
			return "mixed";
		case QK_INDIRECT:
			return "indirect";
		default:
			return NULL;
	}
}
