/*
 * gender.h -- the first-name statistics the gender stage (gender.c) reads:
 * data/first_names.tsv (tools/build_first_names.py), the share of births
 * given each first name that were girls, as a table built with the library.
 */
#ifndef SAID_GENDER_H
#define SAID_GENDER_H

#include "said.h"
#include "tables.h"

/*
 * The first names: an open-addressing table (hashtab.h) of the folded
 * hashes of the names and, for each, the per mille of births that were
 * girls; key 0 marks an empty slot.  Built with the library (tables.h).
 */
typedef struct SaidFirstNames
{
	const uint64_t *key;
	const uint16_t *female;
	uint64_t	mask;
	unsigned	bits;
} SaidFirstNames;

extern SaidFirstNames said_first_names_table;

/* The tables said_first_names_init builds, for the generator (tables.h). */
void		said_gender_tables(const SaidTableSink *out);

/* A first name is evidence when at least this share (per mille) of the
 * births given it were of one sex: the threshold, 95 %. */
#define FIRST_NAME_SHARE_PERMILLE 950

/* Build the table from data/first_names.tsv; called from said_init. */
const char *said_first_names_init(const SaidAllocator *persistent);

/* Per mille of births given the first name whose folded hash is key that
 * were girls, or -1 when the name is not in the table. */
int			said_first_name_female_permille(uint64_t key);

/* GENDER_FEMALE or GENDER_MALE when the name passes the threshold, else
 * GENDER_UNKNOWN. */
int			said_first_name_gender(uint64_t key);

#endif							/* SAID_GENDER_H */
