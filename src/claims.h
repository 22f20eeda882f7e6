/*
 * claims.h -- what the claims() and speakers() functions report of an
 * analysed document beyond its attributions: the entities each claim is
 * about, and each speaker's attributions and words.
 */
#ifndef SAID_CLAIMS_H
#define SAID_CLAIMS_H

#include "said.h"

/*
 * The entities each attribution's content mentions: for attribution i,
 * ent[start[i]] .. ent[start[i] + count[i] - 1], in order of first mention.
 */
typedef struct SaidAbout
{
	int32_t    *start;
	int32_t    *count;
	int32_t    *ent;
} SaidAbout;

/* Fill about for every attribution of doc (arrays in doc's arena). */
void		said_claims_about(SaidDoc *doc, SaidAbout *about);

/* A resolved speaker of a document. */
typedef struct SaidSpeakerTally
{
	int32_t		entity;
	uint8_t		type;			/* SaidEntityType of its first attribution */
	int32_t		quotes;			/* attributions */
	int32_t		words;			/* words of content: runs of letters or digits */
} SaidSpeakerTally;

/* The distinct resolved speakers, in order of first attribution; returns
 * their number, the array (in doc's arena) through *tally. */
int			said_speaker_tallies(SaidDoc *doc, SaidSpeakerTally **tally);

#endif							/* SAID_CLAIMS_H */
