/*
 * heap.h -- the malloc-backed SaidAllocator of the test programs (unit
 * tests, tagger test, fuzzer): out of memory aborts, which a test or the
 * fuzzer reports as a crash.  (said_cli and said_bench print a message and
 * exit instead.)
 */
#ifndef SAID_TEST_HEAP_H
#define SAID_TEST_HEAP_H

#include <stdlib.h>

#include "said.h"

static inline void *
test_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (!p)
		abort();
	return p;
}

static inline void
test_free(void *ctx, void *p)
{
	(void) ctx;
	free(p);
}

#endif							/* SAID_TEST_HEAP_H */
