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

/* What a name maps to: bytes [b0, b1) of the name of index name. */
typedef struct SaidMapFace
{
	int32_t		name;			/* -1: the name has no word and maps to itself */
	uint32_t	b0,
				b1;
} SaidMapFace;

/*
 * face[i] for each of names[0..n): names are grouped by their core words
 * (titles and leading articles dropped, case and diacritics folded), and a
 * group maps to the one longer group whose last words it is.  Scratch
 * memory comes from arena; interrupt checks go through its allocator.
 */
void		said_canonical_map(SaidArena *arena, const SaidMapName *names, int n,
							   SaidMapFace *face);

#endif							/* SAID_CANONICAL_H */
