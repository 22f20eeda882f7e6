/*
 * unit.h -- a few lines of TAP for the C unit tests: each check prints
 * "ok N - name" or "not ok N - name"; main returns non-zero on failure.
 */
#ifndef SAID_UNIT_H
#define SAID_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "said.h"
#include "heap.h"

static int	unit_count,
			unit_failed;

#define CHECK(cond, name) \
	do { \
		unit_count++; \
		if (cond) \
			printf("ok %d - %s\n", unit_count, name); \
		else \
		{ \
			unit_failed++; \
			printf("not ok %d - %s\n#   at %s:%d: %s\n", unit_count, name, __FILE__, __LINE__, #cond); \
		} \
	} while (0)

static const SaidAllocator unit_heap = {test_alloc, test_free, NULL, NULL};

/* Analyse text into doc (arena must be freed by the caller). */
/*
 * The seed article (test/data) followed by a blank line, malloc'd, to be
 * repeated into news of any size; NULL when the file cannot be read.
 */
static inline char *
unit_seed_article(void)
{
	FILE	   *f = fopen(SAID_DATA_DIR "/../test/data/seed-article.txt", "rb");
	char	   *text;
	long		n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t) n + 3);
	if (fread(text, 1, (size_t) n, f) != (size_t) n)
		n = 0;
	memcpy(text + n, "\n\n", 3);
	fclose(f);
	return text;
}

static inline void
unit_analyze(SaidDoc *doc, SaidArena *arena, const char *text)
{
	said_arena_init(arena, &unit_heap);
	said_doc_init(doc, arena, text, strlen(text));
	said_analyze(doc, false);
}

/* Text of bytes [b0, b1) into a static buffer (cut at 4 KB). */
static inline const char *
unit_bytes(const SaidDoc *doc, uint32_t b0, uint32_t b1)
{
	static char buf[4096];
	size_t		n = b1 - b0;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, doc->text + b0, n);
	buf[n] = '\0';
	return buf;
}

/* The canonical name of entity e into a static buffer (cut at 256 bytes); "" for none (e < 0). */
static inline const char *
unit_entity_name(SaidDoc *doc, int e)
{
	static char buf[256];
	size_t		n;
	const char *s;

	if (e < 0)
		return "";
	s = said_entity_name(doc, e, &n);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* Text of tokens [t0, t1) into a static buffer. */
static inline const char *
unit_span(const SaidDoc *doc, int t0, int t1)
{
	if (t0 < 0 || t1 <= t0)
		return "";
	return unit_bytes(doc, doc->tok[t0].b0, doc->tok[t1 - 1].b1);
}

/* The first token written exactly as word, or -1. */
static inline int
find_token(const SaidDoc *doc, const char *word)
{
	size_t		n = strlen(word);

	for (int i = 0; i < doc->ntok; i++)
		if (doc->tok[i].b1 - doc->tok[i].b0 == n && memcmp(doc->text + doc->tok[i].b0, word, n) == 0)
			return i;
	return -1;
}

/* The first attribution whose content contains needle, or NULL. */
static inline const SaidAttribution *
attribution_containing(const SaidDoc *doc, const char *needle)
{
	size_t		n = strlen(needle);

	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];

		for (int b = a->content_b0; b + (int) n <= a->content_b1; b++)
			if (memcmp(doc->text + b, needle, n) == 0)
				return a;
	}
	return NULL;
}

static int
unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}

#endif
