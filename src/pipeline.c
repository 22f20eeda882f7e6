/*
 * pipeline.c -- process-wide initialisation and the stage sequence.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"
#include "ner.h"
#include "tables.h"
#include "word_classes.h"
#include "gender.h"
#include "learned.h"

static bool initialised;

const char *
said_init(const SaidAllocator *persistent)
{
	const char *err;

	if (initialised)
		return NULL;
	/* patterns first: the lexicon loader splits its phrases with the tokenizer */
	if ((err = said_patterns_init(persistent)) != NULL)
		return err;
#ifndef SAID_TABLES_FROM_DATA
	/* the tables the loaders below build, built with the library: each
	 * loader finds its own and builds nothing (tables.h) */
	said_tables_use();
#endif
	if ((err = said_lexicon_init(persistent, said_tokenize)) != NULL)
		return err;
	if ((err = said_word_classes_init(persistent)) != NULL)
		return err;
	if ((err = said_first_names_init(persistent)) != NULL)
		return err;
	if ((err = said_ner_init(persistent)) != NULL)
		return err;
	if ((err = said_learned_init(persistent)) != NULL)
		return err;
	initialised = true;
	return NULL;
}

const char *
said_init_ahead(const SaidAllocator *persistent)
{
	const char *err = said_init(persistent);

	return err ? err : said_patterns_compile();
}

/* What said_init's loaders build, for the generator (tables.h). */
void
said_tables_describe(const SaidTableSink *out)
{
	said_lexicon_tables(out);
	said_word_classes_tables(out);
	said_ner_tables(out);
	said_gender_tables(out);
	said_learned_tables(out);
}

void
said_analyze(SaidDoc *doc, bool entities_only)
{
	said_analyze_carried(doc, entities_only, NULL);
}

/*
 * A piece of a larger document (pieces.c) is told what the pieces before it
 * found: the persons' full names for a surname alone, after the names; their
 * genders, after the piece's own evidence, before attribution reads them; the
 * speakers attribution named by a surname alone.
 */
void
said_analyze_carried(SaidDoc *doc, bool entities_only, struct SaidCarry *carry)
{
	said_tokenize(doc);
	said_sentences(doc);
	said_marks(doc);
	said_entities(doc);
	said_names(doc);
	if (carry)
		said_carry_names(doc, carry);
	said_gender(doc);
	if (carry)
		said_carry_gender(doc, carry);
	if (entities_only)
		return;
	said_cues(doc);
	said_attribute(doc);
	if (carry)
		said_carry_speakers(doc, carry);
}

const char *
said_entity_type_name(int type)
{
	switch (type)
	{
		case ENT_PERSON:
			return "person";
		case ENT_ORGANIZATION:
			return "organization";
		case ENT_LOCATION:
			return "location";
		case ENT_NATIONALITY:
			return "nationality";
		case ENT_GROUP:
			return "group";
		default:
			return NULL;
	}
}

const char *
said_quote_kind_name(int kind)
{
	switch (kind)
	{
		case QK_DIRECT:
			return "direct";
		case QK_MIXED:
			return "mixed";
		case QK_INDIRECT:
			return "indirect";
		default:
			return NULL;
	}
}
