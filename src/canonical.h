/*
 * canonical.h -- the names of a set (across documents) grouped, and each
 * group's canonical form: what the canonical_map aggregate computes.
 */
#ifndef SAID_CANONICAL_H
#define SAID_CANONICAL_H

#include "said.h"

/* One distinct name of the set. */
typedef struct SaidMapName
{
	const char *text;			/* UTF-8, not necessarily NUL-terminated */
	size_t		len;
	int64_t		count;			/* how often the set has it */
} SaidMapName;

/*
 * face[i] for each of names[0..n): the index of the name that names[i] maps
 * to, a name of the set as it was written (itself when it has no word).
 * Names are compared in Unicode NFC, so that decomposed and precomposed
 * spellings agree; they are grouped by their core words (titles and
 * leading articles dropped, case and diacritics folded), and a group maps
 * to the one longer group whose last words it is.  Scratch memory comes
 * from arena; interrupt checks go through its allocator.
 */
void		said_canonical_map(SaidArena *arena, const SaidMapName *names, int n,
							   int32_t *face);

#endif							/* SAID_CANONICAL_H */
