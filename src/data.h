/*
 * data.h -- data files compiled into the library (see data.c and NOTICE).
 */
#ifndef SAID_DATA_H
#define SAID_DATA_H

#include <stddef.h>

/* data/lexicon.tsv: closed-class words, cue verbs, titles (hand-written). */
extern const char said_data_lexicon[];

/* data/gazetteer.tsv: places, demonyms, first names (tools/build_lexicons.py). */
extern const char said_data_gazetteer[];

/* data/aliases.tsv: other names of organisations (hand-written). */
extern const char said_data_aliases[];

/* data/word_classes.tsv: the word classes rules read (hand-written). */
extern const char said_data_word_classes[];

/* data/first_names.tsv: births by first name and sex (tools/build_first_names.py). */
extern const char said_data_first_names[];

/* data/ner.model: the entity tagger's weights (tools/train_ner). */
extern const unsigned char said_data_ner_model[];
extern const unsigned char said_data_ner_model_end[];

/* data/clusters.tsv: word clusters, the tagger's features (tools/word_clusters.c). */
extern const char said_data_clusters[];

#endif							/* SAID_DATA_H */
