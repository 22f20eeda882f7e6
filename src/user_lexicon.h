/*
 * user_lexicon.h -- a caller's extra cue words, aliases and genders (lexicon.h's
 * SaidUserLexicon) built from their text.
 */
#ifndef SAID_USER_LEXICON_H
#define SAID_USER_LEXICON_H

#include "said.h"
#include "lexicon.h"

/*
 * The user lexicon of cue words cue[0..ncue), aliases alias[k] of
 * canonical[k], k < nalias, and genders gender[k] ("female" or "male") of
 * the persons named person[k], k < ngender (UTF-8, NUL-terminated; NULL or
 * empty entries, and genders other than those two, are skipped), keyed as
 * the pipeline keys a document's words and phrases.  Everything, the
 * strings included, is in arena.
 */
SaidUserLexicon *said_user_lexicon(SaidArena *arena,
								   const char *const *cue, int ncue,
								   const char *const *alias, const char *const *canonical,
								   int nalias,
								   const char *const *person, const char *const *gender,
								   int ngender);

#endif							/* SAID_USER_LEXICON_H */
