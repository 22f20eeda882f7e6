/*
 * user_lexicon.c -- the cue words, aliases and genders a user adds (the SQL
 * tables said_cue_words, said_aliases and said_genders) turned into the keyed
 * arrays the pipeline consults (lexicon.h, SaidUserLexicon).
 *
 * Keys must be the hashes the pipeline computes for the same words, so an
 * alias is split by the pipeline's own tokenizer, as a document is.
 */
#include "user_lexicon.h"

#include <stdlib.h>
#include <string.h>

static int
uint64_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : (x > y);
}

static int
lex_entry_cmp(const void *a, const void *b)
{
	return uint64_cmp(&((const SaidLexEntry *) a)->key, &((const SaidLexEntry *) b)->key);
}

/* s tokenized as a document; its tokens stay in arena. */
static SaidDoc *
tokenize_text(SaidArena *arena, const char *s)
{
	SaidDoc    *d = said_arena_alloc(arena, sizeof(SaidDoc));

	said_doc_init(d, arena, s, strlen(s));
	said_tokenize(d);
	return d;
}

static int
user_gender_cmp(const void *a, const void *b)
{
	const SaidUserGender *x = a,
			   *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (int) x->gender - (int) y->gender;
}

/*
 * Names that fold to one key ("Jeh", "JEH") once each; dropped when their
 * genders differ, as a contradiction is no evidence.  genders[0..n) is
 * sorted; returns how many are kept.
 */
static int
unique_genders(SaidUserGender *genders, int n)
{
	int			kept = 0;

	for (int i = 0; i < n;)
	{
		int			j = i + 1;

		while (j < n && genders[j].key == genders[i].key)
			j++;
		if (genders[j - 1].gender == genders[i].gender)
			genders[kept++] = genders[i];
		i = j;
	}
	return kept;
}

SaidUserLexicon *
said_user_lexicon(SaidArena *arena, const char *const *cue, int ncue,
				  const char *const *alias, const char *const *canonical, int nalias,
				  const char *const *person, const char *const *gender, int ngender)
{
	SaidUserLexicon *u = said_arena_calloc(arena, 1, sizeof(SaidUserLexicon));
	uint64_t   *cues = said_arena_alloc(arena, sizeof(uint64_t) * ((size_t) ncue + 1));
	SaidLexEntry *entries = said_arena_calloc(arena, (size_t) nalias + 1, sizeof(SaidLexEntry));
	size_t		canonical_bytes = 1;
	char	   *canonicals;
	size_t		used = 1;
	SaidUserGender *genders = said_arena_calloc(arena, (size_t) ngender + 1, sizeof(SaidUserGender));
	int			n = 0;

	for (int k = 0; k < ncue; k++)
		if (cue[k] && *cue[k])
			cues[n++] = said_fold_hash(cue[k], strlen(cue[k]));
	qsort(cues, n, sizeof(uint64_t), uint64_cmp);
	u->cue_keys = cues;
	u->ncue = n;

	/* the canonical forms in one block, as the lexicon's (offset 0: none) */
	for (int k = 0; k < nalias; k++)
		if (alias[k] && canonical[k])
			canonical_bytes += strlen(canonical[k]) + 1;
	canonicals = said_arena_alloc(arena, canonical_bytes);
	canonicals[0] = '\0';
	u->canonicals = canonicals;

	n = 0;
	for (int k = 0; k < nalias; k++)
	{
		SaidDoc    *ad,
				   *cd;

		if (!alias[k] || !canonical[k])
			continue;
		ad = tokenize_text(arena, alias[k]);
		cd = tokenize_text(arena, canonical[k]);
		if (ad->ntok == 0 || cd->ntok == 0)
			continue;
		entries[n].key = said_phrase_key(ad, 0, ad->ntok);
		entries[n].ntokens = (uint8_t) (ad->ntok < 255 ? ad->ntok : 255);
		entries[n].canonical = used;
		memcpy(canonicals + used, canonical[k], strlen(canonical[k]) + 1);
		used += strlen(canonical[k]) + 1;
		entries[n].canonical_key = said_phrase_key(cd, 0, cd->ntok);
		n++;
	}
	qsort(entries, n, sizeof(SaidLexEntry), lex_entry_cmp);
	u->alias = entries;
	u->nalias = n;

	n = 0;
	for (int k = 0; k < ngender; k++)
	{
		SaidDoc    *pd;
		int			g;

		if (!person[k] || !gender[k])
			continue;
		g = strcmp(gender[k], "female") == 0 ? GENDER_FEMALE :
			strcmp(gender[k], "male") == 0 ? GENDER_MALE : GENDER_UNKNOWN;
		pd = tokenize_text(arena, person[k]);
		if (g == GENDER_UNKNOWN || pd->ntok == 0)
			continue;
		genders[n].key = said_phrase_key(pd, 0, pd->ntok);
		genders[n].gender = (uint8_t) g;
		n++;
	}
	qsort(genders, n, sizeof(SaidUserGender), user_gender_cmp);
	u->gender = genders;
	u->ngender = unique_genders(genders, n);
	return u;
}
