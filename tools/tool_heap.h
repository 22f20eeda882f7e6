/*
 * tool_heap.h -- the core's allocator on malloc, for the programs in tools/
 * (train_ner.c, word_clusters.c) and the build's table generator
 * (src/gen/gen_tables.c): out of memory ends the program.
 */
#ifndef SAID_TOOL_HEAP_H
#define SAID_TOOL_HEAP_H

#include "said.h"

#include <stdio.h>
#include <stdlib.h>

static void *
xalloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (!p)
	{
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static void
xrelease(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

static SaidAllocator mallocator = {xalloc, xrelease, NULL, NULL};

#endif							/* SAID_TOOL_HEAP_H */
