/*
 * data.h -- the data files compiled into the library (see NOTICE).
 *
 * SAID_DATA_FILES lists them.  The build writes each one as a C array
 * (src/gen/embed_data.c writes gen/data.c from this list: plain C, so any
 * compiler PGXS uses takes it), and the loaders build their tables from
 * those arrays in src/gen/gen_tables.c, at build time, as said_init would
 * (tables.h).  A file added here (one line, and its NOTICE entry) is in
 * the library; the Makefile rebuilds when anything in data/ changes.
 *
 * said_data_NAME holds the file's bytes and a NUL after them (a text file
 * is a string); said_data_NAME_size is the file's size, the NUL not
 * counted.
 */
#ifndef SAID_DATA_H
#define SAID_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define SAID_DATA_FILES(X) \
	X(lexicon, "lexicon.tsv")			/* closed-class words, cue verbs, titles (hand-written) */ \
	X(gazetteer, "gazetteer.tsv")		/* places, demonyms, first names (tools/build_lexicons.py) */ \
	X(aliases, "aliases.tsv")			/* other names of organisations (hand-written) */ \
	X(word_classes, "word_classes.tsv") /* the word classes rules read (hand-written) */ \
	X(ner_model, "ner.model")			/* the entity tagger's weights (tools/train_ner) */ \
	X(clusters, "clusters.tsv")			/* word clusters, the tagger's features (tools/word_clusters.c) */ \
	X(first_names, "first_names.tsv")	/* births by first name and sex (tools/build_first_names.py) */ \
	X(attr_model, "attr.model")			/* the learned attribution stage's weights (tools/train_attr) */

#define SAID_DATA_DECLARE(name, file) \
	extern const char said_data_##name[]; \
	extern const size_t said_data_##name##_size;

SAID_DATA_FILES(SAID_DATA_DECLARE)

/* The lines of a text file's bytes: its newlines, and one. */
static inline int
said_data_count_lines(const char *data)
{
	int			n = 0;

	for (const char *p = data; *p; p++)
		if (*p == '\n')
			n++;
	return n + 1;
}

/*
 * The next line of a text file's bytes: [*line, *eol) without its newline,
 * *p moved past it.  False at the end.  The loaders of the .tsv files read
 * their lines through it.
 */
static inline bool
said_data_next_line(const char **p, const char **line, const char **eol)
{
	if (**p == '\0')
		return false;
	*line = *p;
	*eol = strchr(*p, '\n');
	if (!*eol)
		*eol = *p + strlen(*p);
	*p = **eol ? *eol + 1 : *eol;
	return true;
}

#endif							/* SAID_DATA_H */
