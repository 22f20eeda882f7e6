/*
 * lexicon.h -- word and phrase lexicons.
 *
 * Entries come from the data files compiled into the library
 * (data/lexicon.tsv, data/gazetteer.tsv and data/aliases.tsv: data.h,
 * NOTICE), and so do the tables built from them (tables.h).  Keys are
 * folded (case-folded, diacritics stripped, curly apostrophes straightened)
 * and hashed; a multi-word key is the combination of its words' hashes, so
 * phrases are matched token by token.
 */
#ifndef SAID_LEXICON_H
#define SAID_LEXICON_H

#include "said.h"
#include "hashtab.h"
#include "tables.h"

#include <stddef.h>
#include <string.h>

/* Classes of a lexicon entry (SaidToken.lex holds those of a single word). */
#define LX_CUE_VERB		(1u << 0)	/* speech or report verb form: said, warns */
#define LX_CUE_NOUN		(1u << 1)	/* claim, statement (with "that") */
#define LX_TITLE		(1u << 2)	/* President, Mr., Minister */
#define LX_PRON_MALE	(1u << 3)	/* he, him, his */
#define LX_PRON_FEMALE	(1u << 4)	/* she, her */
#define LX_PRON_PLURAL	(1u << 5)	/* they, them */
#define LX_PRON_NEUTER	(1u << 6)	/* it */
#define LX_PRON_FIRST	(1u << 7)	/* I, we, me, us */
#define LX_NAME_MALE	(1u << 8)	/* male first name */
#define LX_NAME_FEMALE	(1u << 9)	/* female first name */
#define LX_COUNTRY		(1u << 10)
#define LX_CITY			(1u << 11)
#define LX_REGION		(1u << 12)
#define LX_DEMONYM		(1u << 13)	/* Russian, Syrians */
#define LX_ORG_WORD		(1u << 14)	/* Party, Council, Ministry: heads of org names */
#define LX_FUNCTION		(1u << 15)	/* the, of, and: closed-class words */
#define LX_GROUP_NOUN	(1u << 16)	/* officials, analysts: plural speakers */
#define LX_PERSON_NOUN	(1u << 17)	/* official, spokesman: singular speakers */
#define LX_CALENDAR		(1u << 18)	/* Monday, January */
#define LX_PHRASE_START (1u << 19)	/* first word of some multi-word entry */
#define LX_CUE_STRONG	(1u << 20)	/* say, tell, add: speech proper */
#define LX_CUE_CLAUSE	(1u << 21)	/* verb that takes a reported clause */
#define LX_ORG_NOUN		(1u << 22)	/* ministry, government: org as speaker */
#define LX_TITLE_MALE	(1u << 23)	/* Mr., King */
#define LX_TITLE_FEMALE (1u << 24)	/* Mrs., Ms., Queen */
#define LX_SENT_ADVERB	(1u << 25)	/* also, later, previously: between speaker and verb */
#define LX_ABBREV		(1u << 26)	/* abbreviation whose period does not end a sentence */
#define LX_CUE_PRESENT	(1u << 27)	/* cue form in present/past tense (finite) */
#define LX_ORG_SUFFIX	(1u << 28)	/* Inc, Ltd, Corp */
#define LX_DETERMINER	(1u << 29)	/* a, an, the, this */
#define LX_PRON_REL		(1u << 30)	/* who, which */
#define LX_ORG_ALIAS	(1u << 31)	/* another name of an organisation: ISIS, U.N. */

typedef struct SaidLexEntry
{
	uint64_t	key;			/* folded hash (combined for phrases) */
	uint32_t	classes;		/* LX_* */
	uint8_t		ntokens;		/* words in the key */
	size_t		canonical;		/* the preferred form ("United States" for "US"):
								 * its offset in its lexicon's canonical forms
								 * (said_lex_canonical, said_user_canonical), 0
								 * when none */
	uint64_t	canonical_key;	/* phrase key of canonical, 0 when none */
} SaidLexEntry;

/*
 * The folded hash: the folded bytes (below) in 8-byte little-endian chunks,
 * each full one mixed into the state by a 64x64->128-bit multiplication,
 * the rest (zero-padded) by one more with the length.  Chunks rather than
 * a byte at a time (FNV-1a, before): the tokenizer hashes a word of up to
 * 16 bytes from one load, in two multiplications and no loop, where FNV's
 * chain of a multiplication per byte, and the loop's exit at an
 * unforeseeable length, were a fifth of its time.  Streaming (SaidFold)
 * for everything else.
 */
#define SAID_FOLD_SEED	0xa0761d6478bd642fULL
#define SAID_FOLD_K1	0xe7037ed1a0b428dbULL
#define SAID_FOLD_K2	0x8ebc6af09c88c6e3ULL

/* Both halves of x * y folded together. */
static inline uint64_t
said_fold_mix(uint64_t x, uint64_t y)
{
#ifdef __SIZEOF_INT128__
	__uint128_t r = (__uint128_t) x * y;

	return (uint64_t) r ^ (uint64_t) (r >> 64);
#else
	/* 32-bit targets: the same product from four 32x32-bit ones */
	uint64_t	xl = (uint32_t) x,
				xh = x >> 32,
				yl = (uint32_t) y,
				yh = y >> 32;
	uint64_t	ll = xl * yl,
				lh = xl * yh,
				hl = xh * yl,
				hh = xh * yh;
	uint64_t	mid = (ll >> 32) + (uint32_t) lh + (uint32_t) hl;
	uint64_t	lo = (mid << 32) | (uint32_t) ll;
	uint64_t	hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);

	return lo ^ hi;
#endif
}

/*
 * The hash of len folded bytes whose full chunks are mixed into h, chunk
 * the bytes after them (0 when none): one multiplication by a factor that
 * carries the length.  0 marks an empty slot in the tables, so it becomes
 * 1.
 */
static inline uint64_t
said_fold_finish(uint64_t h, uint64_t chunk, uint64_t len)
{
	h = said_fold_mix(h ^ chunk, SAID_FOLD_K2 ^ len);
	return h ? h : 1;
}

/* A hash being folded byte by byte. */
typedef struct SaidFold
{
	uint64_t	h;				/* the full chunks, mixed */
	uint64_t	chunk;			/* the bytes after them, byte k at bits 8k */
	uint64_t	len;			/* folded bytes so far */
} SaidFold;

static inline SaidFold
said_fold_start(void)
{
	return (SaidFold) {SAID_FOLD_SEED, 0, 0};
}

/* One folded byte. */
static inline void
said_fold_byte(SaidFold *f, unsigned char c)
{
	f->chunk |= (uint64_t) c << (8 * (f->len & 7));
	if ((++f->len & 7) == 0)
	{
		f->h = said_fold_mix(f->h ^ f->chunk, SAID_FOLD_K1);
		f->chunk = 0;
	}
}

/* One ASCII byte, its case folded. */
static inline void
said_fold_ascii(SaidFold *f, unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	said_fold_byte(f, c);
}

static inline uint64_t
said_fold_end(const SaidFold *f)
{
	return said_fold_finish(f->h, f->chunk, f->len);
}

/* The characters of [p, end), any script, folded into f (lexicon.c). */
void		said_fold_more(SaidFold *f, const unsigned char *p, const unsigned char *end);

/* The same, inline for ASCII: said_fold_more from the first other byte on. */
static inline void
said_fold_text(SaidFold *f, const unsigned char *p, const unsigned char *end)
{
	for (; p < end; p++)
	{
		if (*p >= 0x80)
		{
			said_fold_more(f, p, end);
			return;
		}
		said_fold_ascii(f, *p);
	}
}

/*
 * Folded hash of one word, as stored in SaidToken.hash: case folded, marks
 * stripped (so "Zürich" matches "Zurich"), ’ and ‘ read as ', and dots kept
 * ("U.S." differs from "us").
 */
static inline uint64_t
said_fold_hash(const char *s, size_t len)
{
	SaidFold	f = said_fold_start();

	said_fold_text(&f, (const unsigned char *) s, (const unsigned char *) s + len);
	return said_fold_end(&f);
}

/* Combine a phrase's hash so far with the next word's hash. */
static inline uint64_t
said_hash_combine(uint64_t h, uint64_t next)
{
	h ^= next + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

/*
 * A tokenizer (said_tokenize): the loader splits the lexicons' phrases into
 * the tokens a document yields.  Handed in by the caller, since the
 * tokenizer looks its words up in the tables being built.
 */
typedef void (*SaidTokenizer) (SaidDoc *doc);

/* Build the tables from the data files, unless said_lex has them already
 * (said_init: they are built with the library); NULL on success. */
const char *said_lexicon_init(const SaidAllocator *persistent, SaidTokenizer tokenize);

/* The tables for the generator (tables.h). */
void		said_lexicon_tables(const SaidTableSink *out);

/* Phrase key of tokens [t0, t1). */
uint64_t	said_phrase_key(const SaidDoc *doc, int t0, int t1);

/* Look up a key; NULL when absent. */
const SaidLexEntry *said_lex_lookup(uint64_t key);

/* Start loading the table slot where key's lookup begins. */
void		said_lex_prefetch_entry(uint64_t key);

/* Classes of a single word (0 when absent). */
uint32_t	said_lex_classes(uint64_t key);

/*
 * The tokenizer's probe (said_lex_classes_inline): every key of the table
 * again, with only its classes, in groups of 8 slots, each group with 8 tag
 * bytes (said_lex_tag of the key, 0 for an empty slot).  The table is 2 MB
 * (32-byte entries at a load of 1/3), beyond L2, and a word's lookup missed
 * it; here a lookup reads the group's tags (32 kB in all), which answer
 * nearly every miss, and then, for a hit, one 16-byte entry (512 kB).
 * Groups are probed in turn from key & gmask: a key is in the first group
 * that had an empty slot when it was added, so a group with an empty slot
 * ends a lookup.  The group is the key's low bits and the tag its top byte,
 * not hashtab.h's home slot: keys are folded hashes, mixed already, and the
 * tokenizer's path takes no multiplication.  Before said_init: one empty
 * group.
 */
typedef struct SaidLexWord
{
	uint64_t	key;
	uint32_t	classes;
} SaidLexWord;

typedef struct SaidLexProbe
{
	const uint8_t *tags;		/* 8 a group */
	const SaidLexWord *words;	/* 8 a group */
	uint64_t	gmask;			/* groups - 1 */
} SaidLexProbe;

/*
 * The lexicon's tables, read-only once built.  said_init points said_lex at
 * those built with the library (tables.h); said_lexicon_init builds them
 * (the generator, the trainer).
 */
typedef struct SaidLexTables
{
	const SaidLexEntry *entries;	/* hashtab.h's, at most half full */
	unsigned	bits;			/* log2 of their slots */
	int			count;			/* keys */
	const uint64_t *prefix_bits;	/* phrase prefixes (lexicon.c), SAID_LEX_PREFIX_BITS */
	const char *canonicals;		/* the canonical forms, each NUL-terminated,
								 * at SaidLexEntry.canonical; first a NUL */
	size_t		canonicals_size;
	SaidLexProbe probe;			/* the tokenizer's */
} SaidLexTables;

extern SaidLexTables said_lex;

#define SAID_LEX_PREFIX_BITS_LOG2 18

/* The canonical form of an entry of said_lex, or NULL. */
static inline const char *
said_lex_canonical(const SaidLexEntry *e)
{
	return e->canonical ? said_lex.canonicals + e->canonical : NULL;
}

#define SAID_LEX_ONES	0x0101010101010101ULL
#define SAID_LEX_HIGHS	0x8080808080808080ULL

/* A key's tag: its top byte (the group comes from the bottom ones), never 0. */
static inline uint8_t
said_lex_tag(uint64_t key)
{
	uint8_t		t = (uint8_t) (key >> 56);

	return t ? t : 1;
}

/* The 8 tags of group g, slot k in byte k (k = 0 the lowest). */
static inline uint64_t
said_lex_group_tags(const uint8_t *tags, uint64_t g)
{
	uint64_t	v;

	memcpy(&v, tags + g * 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/*
 * High bit of each zero byte of v, and of some bytes above one (a borrow):
 * every slot so marked is checked against the key, and v has a zero byte
 * exactly when the result is not 0.
 */
static inline uint64_t
said_lex_zero_bytes(uint64_t v)
{
	return (v - SAID_LEX_ONES) & ~v & SAID_LEX_HIGHS;
}

/* Start loading key's group (tags and entries) ahead of its lookup. */
static inline void
said_lex_prefetch(uint64_t key)
{
	uint64_t	g = key & said_lex.probe.gmask;

	__builtin_prefetch(said_lex.probe.tags + g * 8);
	__builtin_prefetch(said_lex.probe.words + g * 8);
	__builtin_prefetch(said_lex.probe.words + g * 8 + 4);
}

/* said_lex_classes inline: the tokenizer looks up every word. */
static inline uint32_t
said_lex_classes_inline(uint64_t key)
{
	const SaidLexProbe *p = &said_lex.probe;
	uint64_t	g = key & p->gmask;
	uint64_t	want = SAID_LEX_ONES * said_lex_tag(key);

	for (;;)
	{
		uint64_t	tags = said_lex_group_tags(p->tags, g);
		uint64_t	m = said_lex_zero_bytes(tags ^ want);

		for (; m; m &= m - 1)
		{
			const SaidLexWord *w = &p->words[g * 8 + (__builtin_ctzll(m) >> 3)];

			if (w->key == key)
				return w->classes;
		}
		if (said_lex_zero_bytes(tags))
			return 0;
		g = (g + 1) & p->gmask;
	}
}

/*
 * The classes of the words looked up last, found or not (0): direct-mapped
 * by key, 8,192 entries (128 kB), for the process: a static array, whose
 * pages the system gives a process as it first touches them.  Emptied
 * when the tables are built (said_lexicon_init looks words up while it
 * fills them); never with those built with the library.  News
 * repeats its words ("the", "said", "Trump"), and most lookups of
 * token_pass end here in one load, where the probe's took two (the group's
 * tags, then the entry) and a branch on whether the word was there, which
 * went one way for a word in three.  A word's hash is never 0, an empty
 * entry's key.
 */
#define SAID_WORD_CACHE_LOG2 13

typedef struct SaidWordCache
{
	uint64_t	key;
	uint32_t	classes;
} SaidWordCache;

extern SaidWordCache said_word_cache[1 << SAID_WORD_CACHE_LOG2];

static inline SaidWordCache *
said_word_cache_slot(uint64_t key)
{
	return &said_word_cache[said_hash_slot64(key, SAID_WORD_CACHE_LOG2)];
}

static inline uint32_t
said_lex_classes_cached(uint64_t key)
{
	SaidWordCache *c = said_word_cache_slot(key);

	if (c->key != key)
	{
		c->key = key;
		c->classes = said_lex_classes_inline(key);
	}
	return c->classes;
}

/* Longest phrase starting at token t (at most max_tokens); returns its token
 * count (0 when none) and the entry through *entry. */
int			said_lex_longest_phrase(const SaidDoc *doc, int t, int max_tokens,
									uint32_t want_classes, const SaidLexEntry **entry);

/* A person's gender as the caller gives it (SaidDoc.user). */
typedef struct SaidUserGender
{
	uint64_t	key;			/* phrase key of the name (one word: a first name) */
	uint8_t		gender;			/* SaidGender */
} SaidUserGender;

/*
 * Cue words, aliases and genders a caller adds for one document
 * (SaidDoc.user), so that users extend the lexicons without a rebuild.
 * Consulted after the built-in tables: cue words where tokens get their
 * classes (tokens.c), aliases where names are grouped (names.c), genders
 * where persons get theirs (gender.c).  The arrays are sorted by key.
 */
typedef struct SaidUserLexicon
{
	const uint64_t *cue_keys;	/* folded hashes of single cue words */
	int			ncue;
	const SaidLexEntry *alias;	/* key: phrase key of the alias; canonical set */
	int			nalias;
	const char *canonicals;		/* the aliases' canonical forms, as said_lex's */
	const SaidUserGender *gender;
	int			ngender;
} SaidUserLexicon;

/* Classes a user cue word gets: those of a built-in verb of saying. */
#define LX_USER_CUE (LX_CUE_VERB | LX_CUE_STRONG | LX_CUE_CLAUSE | LX_CUE_PRESENT)

/*
 * Index of key in n elements of stride bytes from base, sorted by a
 * uint64_t key at the start of each element, or -1: the user lexicon's
 * arrays are searched alike.
 */
static inline int
said_user_find(const void *base, int n, size_t stride, uint64_t key)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		uint64_t	k;

		memcpy(&k, (const char *) base + (size_t) mid * stride, sizeof(k));
		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

_Static_assert(offsetof(SaidLexEntry, key) == 0 && offsetof(SaidUserGender, key) == 0,
			   "said_user_find reads an element's key at its start");

static inline bool
said_user_cue(const SaidUserLexicon *u, uint64_t key)
{
	return u && said_user_find(u->cue_keys, u->ncue, sizeof(uint64_t), key) >= 0;
}

/* The user's alias entry for a phrase key, or NULL. */
static inline const SaidLexEntry *
said_user_alias(const SaidUserLexicon *u, uint64_t key)
{
	int			i = u ? said_user_find(u->alias, u->nalias, sizeof(SaidLexEntry), key) : -1;

	return i >= 0 ? &u->alias[i] : NULL;
}

/* The user's gender for a phrase key, GENDER_UNKNOWN when none. */
static inline int
said_user_gender(const SaidUserLexicon *u, uint64_t key)
{
	int			i = u ? said_user_find(u->gender, u->ngender, sizeof(SaidUserGender), key) : -1;

	return i >= 0 ? u->gender[i].gender : GENDER_UNKNOWN;
}

/* The canonical form of an alias of u. */
static inline const char *
said_user_canonical(const SaidUserLexicon *u, const SaidLexEntry *e)
{
	return e->canonical ? u->canonicals + e->canonical : NULL;
}

/* Number of entries loaded, per source, for diagnostics. */
int			said_lexicon_size(void);

#endif							/* SAID_LEXICON_H */
