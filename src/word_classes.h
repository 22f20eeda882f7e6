/*
 * word_classes.h -- the word classes rules read (data/word_classes.tsv),
 * looked up by a token's folded hash where a rule asks.
 *
 * The lexicon's classes (LX_*, lexicon.h) are copied into every token's
 * 32 bits (SaidToken.lex), all taken, and every stage scans the token
 * array: a wider token would slow them all.  These classes stay in a table
 * of their own, 64 bits a word, a few kB (the words rules ask about are
 * closed-class ones and short lists), which a rule probes for the few
 * tokens it looks at.  A word matches as the lexicon's do: case folded,
 * marks stripped.
 */
#ifndef SAID_WORD_CLASSES_H
#define SAID_WORD_CLASSES_H

#include "said.h"
#include "hashtab.h"
#include "tables.h"

/* The classes, as data/word_classes.tsv names them without WORD_. */
#define WORD_OBJECT_PREP			(UINT64_C(1) << 0)	/* of, in: "the attorney general of Oklahoma" */
#define WORD_GO_FORM				(UINT64_C(1) << 1)	/* went, goes: "went on to say" */
#define WORD_TIME_NOUN				(UINT64_C(1) << 2)	/* week, month, year */
#define WORD_TIME_MODIFIER			(UINT64_C(1) << 3)	/* last, this, next: "last week" */
#define WORD_QUANTIFIER				(UINT64_C(1) << 4)	/* many, others: "many said" */
#define WORD_POSSESSIVE_3RD			(UINT64_C(1) << 5)	/* his, her, their, its */
#define WORD_COORDINATOR			(UINT64_C(1) << 6)	/* and, but: "said A and celebrated B" */
#define WORD_CLAUSE_OPENER			(UINT64_C(1) << 7)	/* but, while, who: the narrator's next clause */
#define WORD_ADJUNCT_OPENER			(UINT64_C(1) << 8)	/* in, during, yesterday: "said in a statement" */
#define WORD_PRON_OBJECT			(UINT64_C(1) << 9)	/* him, her, them */
#define WORD_BE_FORM				(UINT64_C(1) << 10) /* is, was, been */
#define WORD_MID_ADVERB				(UINT64_C(1) << 11) /* not, also: "is not expected" */
#define WORD_SUBORDINATOR			(UINT64_C(1) << 12) /* when, if: "When asked" */
#define WORD_QUESTION_OPENER		(UINT64_C(1) << 13) /* whether, why: "asked whether" */
#define WORD_NOUN_PREP				(UINT64_C(1) << 14) /* for, of: "support for" */
#define WORD_VERB_PARTICLE			(UINT64_C(1) << 15) /* up, by, into: "show up" */
#define WORD_IRREGULAR_PARTICIPLE	(UINT64_C(1) << 16) /* said, told, known */
#define WORD_HEARER_VERB			(UINT64_C(1) << 17) /* tell, told: "told the BBC" */
#define WORD_DOCUMENT_NOUN			(UINT64_C(1) << 18) /* statement, letter: "the letter read" */
#define WORD_AUXILIARY				(UINT64_C(1) << 19) /* would, has: a clause after a cue */
#define WORD_INFINITIVE				(UINT64_C(1) << 20) /* to: "wants to" */
#define WORD_CLAUSE_EDGE			(UINT64_C(1) << 21) /* and, while: where a content may end */
#define WORD_SPEAKER_POSTMOD		(UINT64_C(1) << 22) /* familiar, for: "people familiar with" */
#define WORD_ACTING_VERB			(UINT64_C(1) << 23) /* rejected, passed: speech only with a clause */
#define WORD_FEMALE_NOUN			(UINT64_C(1) << 24) /* actress, wife: gender.c's evidence */
#define WORD_MALE_NOUN				(UINT64_C(1) << 25) /* spokesman, husband */
#define WORD_CLASS_COUNT			26

typedef struct SaidWordClassEntry
{
	uint64_t	key;			/* folded hash of the word; 0: empty slot */
	uint64_t	classes;		/* WORD_* */
} SaidWordClassEntry;

typedef struct SaidWordClassTable
{
	const SaidWordClassEntry *slots;	/* hashtab.h's, at most half full */
	unsigned	bits;			/* log2 of the slots */
} SaidWordClassTable;

/* Before said_init: two empty slots, so every word has no class. */
extern SaidWordClassTable said_word_class_table;

/* Build the table from data/word_classes.tsv, unless said_init found it
 * built with the library (tables.h); NULL on success. */
const char *said_word_classes_init(const SaidAllocator *persistent);

/* The table for the generator (tables.h). */
void		said_word_classes_tables(const SaidTableSink *out);

/* Classes of the word whose folded hash is key (0 when none: an empty
 * slot's). */
static inline uint64_t
said_word_classes(uint64_t key)
{
	const SaidWordClassTable *t = &said_word_class_table;

	return SAID_HASH_SLOT(t->slots, t->bits, key)->classes;
}

/* Is token t a word of one of classes? */
static inline bool
word_in_class(const SaidDoc *doc, int t, uint64_t classes)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_WORD &&
		(said_word_classes(doc->tok[t].hash) & classes) != 0;
}

#endif							/* SAID_WORD_CLASSES_H */
