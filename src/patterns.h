/*
 * patterns.h -- the regular expressions of the pipeline (pcre2, JIT),
 * compiled once per process, when first needed, with memory from the
 * persistent allocator.
 */
#ifndef SAID_PATTERNS_H
#define SAID_PATTERNS_H

#include "said.h"

const char *said_patterns_init(const SaidAllocator *persistent);

/* Compile them now rather than when first needed; NULL on success. */
const char *said_patterns_compile(void);

/* Length in bytes of a URL, e-mail address, @handle or #tag at byte offset
 * pos of text, or 0. */
size_t		said_match_url(const char *text, size_t len, size_t pos);

#endif							/* SAID_PATTERNS_H */
