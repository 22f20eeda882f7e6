/*
 * data.c -- embeds the data files in the library with the assembler's
 * .incbin, so that the extension reads no file at run time and the build
 * needs no code generator.  Text files get a terminating NUL.
 *
 * SAID_DATA_DIR is set by the Makefile; the objects depend on the files.
 */
#include "data.h"

#ifndef SAID_DATA_DIR
#define SAID_DATA_DIR "data"
#endif

#define EMBED(sym, file, terminator) \
	__asm__(".section .rodata\n" \
			".global " #sym "\n" \
			".type " #sym ", @object\n" \
			".balign 16\n" \
			#sym ":\n" \
			".incbin \"" SAID_DATA_DIR "/" file "\"\n" \
			terminator \
			".global " #sym "_end\n" \
			#sym "_end:\n" \
			".byte 0\n" \
			".previous\n")

EMBED(said_data_lexicon, "lexicon.tsv", ".byte 0\n");
EMBED(said_data_gazetteer, "gazetteer.tsv", ".byte 0\n");
EMBED(said_data_aliases, "aliases.tsv", ".byte 0\n");
EMBED(said_data_word_classes, "word_classes.tsv", ".byte 0\n");
EMBED(said_data_first_names, "first_names.tsv", ".byte 0\n");
EMBED(said_data_ner_model, "ner.model", "");
EMBED(said_data_clusters, "clusters.tsv", ".byte 0\n");
