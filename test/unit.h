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

static void *
unit_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (!p)
		abort();
	return p;
}

static void
unit_free(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static const SaidAllocator unit_heap = {unit_alloc, unit_free, NULL, NULL};

/* Analyse text into doc (arena must be freed by the caller). */
static void
unit_analyze(SaidDoc *doc, SaidArena *arena, const char *text)
{
	said_arena_init(arena, &unit_heap);
	said_doc_init(doc, arena, text, strlen(text));
	said_analyze(doc, false);
}

/* Text of tokens [t0, t1) into a static buffer. */
static const char *
unit_span(const SaidDoc *doc, int t0, int t1)
{
	static char buf[4096];
	size_t		n;

	if (t0 < 0 || t1 <= t0)
		return "";
	n = doc->tok[t1 - 1].b1 - doc->tok[t0].b0;
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, doc->text + doc->tok[t0].b0, n);
	buf[n] = '\0';
	return buf;
}

static int
unit_done(void)
{
	printf("1..%d\n", unit_count);
	return unit_failed ? 1 : 0;
}

#endif
