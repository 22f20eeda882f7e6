/*
 * word_classes.c -- the table of word_classes.h, built from
 * data/word_classes.tsv (data.h) when the library is (tables.h).
 *
 * The file is part of the library: a line the loader cannot read (a class
 * it does not know, a phrase) fails said_init rather than leave a rule
 * without its words unnoticed.
 */
#include "word_classes.h"
#include "lexicon.h"
#include "data.h"

#include <string.h>

static const SaidWordClassEntry no_slots[2];
SaidWordClassTable said_word_class_table = {no_slots, 1};

static const struct
{
	const char *name;
	uint64_t	bits;
}			class_names[] =
{
	{"OBJECT_PREP", WORD_OBJECT_PREP},
	{"GO_FORM", WORD_GO_FORM},
	{"TIME_NOUN", WORD_TIME_NOUN},
	{"TIME_MODIFIER", WORD_TIME_MODIFIER},
	{"QUANTIFIER", WORD_QUANTIFIER},
	{"POSSESSIVE_3RD", WORD_POSSESSIVE_3RD},
	{"COORDINATOR", WORD_COORDINATOR},
	{"CLAUSE_OPENER", WORD_CLAUSE_OPENER},
	{"ADJUNCT_OPENER", WORD_ADJUNCT_OPENER},
	{"PRON_OBJECT", WORD_PRON_OBJECT},
	{"BE_FORM", WORD_BE_FORM},
	{"MID_ADVERB", WORD_MID_ADVERB},
	{"SUBORDINATOR", WORD_SUBORDINATOR},
	{"QUESTION_OPENER", WORD_QUESTION_OPENER},
	{"NOUN_PREP", WORD_NOUN_PREP},
	{"VERB_PARTICLE", WORD_VERB_PARTICLE},
	{"IRREGULAR_PARTICIPLE", WORD_IRREGULAR_PARTICIPLE},
	{"HEARER_VERB", WORD_HEARER_VERB},
	{"DOCUMENT_NOUN", WORD_DOCUMENT_NOUN},
	{"AUXILIARY", WORD_AUXILIARY},
	{"INFINITIVE", WORD_INFINITIVE},
	{"CLAUSE_EDGE", WORD_CLAUSE_EDGE},
	{"SPEAKER_POSTMOD", WORD_SPEAKER_POSTMOD},
	{"ACTING_VERB", WORD_ACTING_VERB},
	{"FEMALE_NOUN", WORD_FEMALE_NOUN},
	{"MALE_NOUN", WORD_MALE_NOUN},
};

/* The classes named in s[0, len) ("A|B"), or 0 when one is unknown. */
static uint64_t
parse_classes(const char *s, size_t len)
{
	uint64_t	bits = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		j = i;
		uint64_t	one = 0;

		while (j < len && s[j] != '|')
			j++;
		for (size_t k = 0; k < sizeof(class_names) / sizeof(class_names[0]); k++)
			if (strlen(class_names[k].name) == j - i &&
				memcmp(class_names[k].name, s + i, j - i) == 0)
				one = class_names[k].bits;
		if (one == 0)
			return 0;
		bits |= one;
		i = j + 1;
	}
	return bits;
}

/* Calls fn(word, its length, its classes) for each entry; NULL or an error. */
static const char *
each_entry(const char *p, void (*fn) (void *arg, const char *w, size_t n, uint64_t classes),
		   void *arg)
{
	const char *line,
			   *eol;

	while (said_data_next_line(&p, &line, &eol))
	{
		const char *tab;
		uint64_t	classes;

		if (eol == line || line[0] == '#')
			continue;
		tab = memchr(line, '\t', eol - line);
		if (!tab || tab == line || memchr(line, ' ', tab - line))
			return "data/word_classes.tsv: a line is not a single word, a tab and its classes";
		classes = parse_classes(tab + 1, eol - tab - 1);
		if (classes == 0)
			return "data/word_classes.tsv: a line names a class word_classes.c does not know";
		fn(arg, line, tab - line, classes);
	}
	return NULL;
}

static void
count_entry(void *arg, const char *w, size_t n, uint64_t classes)
{
	(*(uint64_t *) arg)++;
}

/* A table being filled (said_word_class_table's slots are read-only). */
typedef struct TableBuild
{
	SaidWordClassEntry *slots;
	unsigned	bits;
} TableBuild;

static void
add_entry(void *arg, const char *w, size_t n, uint64_t classes)
{
	TableBuild *b = arg;
	uint64_t	key = said_fold_hash(w, n);
	SaidWordClassEntry *e = SAID_HASH_SLOT(b->slots, b->bits, key);

	e->key = key;
	e->classes |= classes;
}

const char *
said_word_classes_init(const SaidAllocator *persistent)
{
	const char *err;
	uint64_t	entries = 0;
	uint64_t	size;
	TableBuild	b;

	if (said_word_class_table.slots != no_slots)
		return NULL;
	if ((err = each_entry(said_data_word_classes, count_entry, &entries)) != NULL)
		return err;
	/* at most half full (lines, not distinct words): probes end soon */
	size = said_hash_size(16, entries * 2);
	b.slots = persistent->alloc(persistent->ctx, size * sizeof(SaidWordClassEntry));
	memset(b.slots, 0, size * sizeof(SaidWordClassEntry));
	b.bits = said_hash_log2(size);
	each_entry(said_data_word_classes, add_entry, &b);
	said_word_class_table.slots = b.slots;
	said_word_class_table.bits = b.bits;
	return NULL;
}

void
said_word_classes_tables(const SaidTableSink *out)
{
	SAID_TABLE_HEADER(out, "word_classes.h");
	SAID_TABLE_OBJECT(out, said_word_class_table);
	SAID_TABLE_ARRAY(out, said_word_class_table.slots, (uint64_t) 1 << said_word_class_table.bits);
}
