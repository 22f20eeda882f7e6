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

/*
 * The speakers of a document analysed in pieces (said.h): each piece's
 * tallies added as the piece is done; a speaker of a later piece whose
 * name and type an earlier piece's has is counted there (within a piece,
 * entities stay apart, as said_speaker_tallies keeps them).
 */
typedef struct SaidSpeakerRow
{
	const char *name;			/* canonical name, UTF-8, in the book's arena */
	size_t		len;
	uint8_t		type;			/* as SaidSpeakerTally.type */
	uint8_t		gender;			/* SaidGender of a person entity, else unknown */
	uint8_t		gender_evidence;
	int32_t		piece;			/* the piece that added the row */
	int32_t		quotes;
	int32_t		words;
} SaidSpeakerRow;

typedef struct SaidSpeakerBook
{
	SaidArena  *arena;			/* lives as long as the book */
	SaidSpeakerRow *row;
	int			nrow,
				cap;
	struct SaidBookSlot *slots; /* by name and type: the first row */
	unsigned	bits;
	int32_t		pieces;			/* pieces added */
} SaidSpeakerBook;

void		said_speaker_book_init(SaidSpeakerBook *book, SaidArena *arena);
void		said_speaker_book_add(SaidSpeakerBook *book, SaidDoc *doc);

#endif							/* SAID_CLAIMS_H */
