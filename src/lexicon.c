/*
 * lexicon.c -- folded-hash tables of words and phrases, built from the data
 * files (data.h) by said_lexicon_init: when the library is built (tables.h),
 * and by the trainer.
 *
 * Phrases are split into words by the pipeline's own tokenizer, which the
 * caller hands to said_lexicon_init (the tokenizer itself looks words up
 * here), so an entry such as "U.S." or "St. Louis" matches exactly the
 * tokens a document yields.
 */
#include "lexicon.h"
#include "data.h"

#include <string.h>
#include <utf8proc.h>

/* lexicon.h's probe: one empty group until built */
static const uint8_t no_tags[8];
static const SaidLexWord no_words[8];
SaidLexTables said_lex = {.probe = {no_tags, no_words, 0}};
SaidWordCache said_word_cache[1 << SAID_WORD_CACHE_LOG2];

/*
 * One bit per phrase key of two or more tokens and per such prefix of every
 * phrase ("United States of" for "United States of America"), in 32 kB
 * (said_lex.prefix_bits): a clear bit tells the phrase search that no entry
 * begins with the tokens read so far, so it stops without probing the 2 MB
 * table for each longer span.  A set bit may be another key's: the table
 * decides.  The bit is the key's top bits: keys are mixed hashes already.
 */
static inline uint64_t
prefix_bit(uint64_t key)
{
	return key >> (64 - SAID_LEX_PREFIX_BITS_LOG2);
}

static inline bool
prefix_maybe(uint64_t key)
{
	uint64_t	b = prefix_bit(key);

	return !said_lex.prefix_bits || (said_lex.prefix_bits[b >> 6] >> (b & 63)) & 1;
}

/* The tables being built: said_lex's, writable. */
typedef struct LexBuild
{
	SaidLexEntry *entries;
	uint64_t   *prefix_bits;
	char	   *canonicals;
	size_t		canonicals_used;
} LexBuild;

static LexBuild build;

/* A probe being filled (said_lex.probe's arrays are read-only). */
typedef struct ProbeBuild
{
	uint8_t    *tags;
	SaidLexWord *words;
	uint64_t	gmask;
} ProbeBuild;

static ProbeBuild probe;

void
said_fold_more(SaidFold *f, const unsigned char *p, const unsigned char *end)
{
	while (p < end)
	{
		if (*p < 0x80)
			said_fold_ascii(f, *p++);
		else
		{
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &cp);
			utf8proc_int32_t folded[8];
			utf8proc_ssize_t nf;
			int			boundclass = 0;

			if (n <= 0)
			{
				/* invalid byte: hash it as it is */
				said_fold_byte(f, *p++);
				continue;
			}
			p += n;
			if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
			{
				said_fold_byte(f, '\'');
				continue;
			}
			nf = utf8proc_decompose_char(cp, folded, 8,
										 UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
										 &boundclass);
			if (nf <= 0 || nf > 8)
			{
				folded[0] = cp;
				nf = 1;
			}
			for (utf8proc_ssize_t i = 0; i < nf; i++)
			{
				utf8proc_uint8_t buf[4];
				utf8proc_ssize_t nb = utf8proc_encode_char(folded[i], buf);

				for (utf8proc_ssize_t k = 0; k < nb; k++)
					said_fold_byte(f, buf[k]);
			}
		}
	}
}

/* size bytes aligned to a cache line, so that a group's slots share lines */
static void *
alloc_lines(void *(*alloc) (void *ctx, size_t size), void *ctx, size_t size)
{
	uintptr_t	p = (uintptr_t) alloc(ctx, size + 63);

	return (void *) ((p + 63) & ~(uintptr_t) 63);
}

static void *
scratch_alloc_fn(void *ctx, size_t size)
{
	return said_arena_alloc((SaidArena *) ctx, size);
}

/* An empty probe of slots slots (a power of two, >= 8), published. */
static void
probe_init(ProbeBuild *pb, uint64_t slots,
		   void *(*alloc) (void *ctx, size_t size), void *ctx)
{
	pb->tags = alloc_lines(alloc, ctx, slots);
	pb->words = alloc_lines(alloc, ctx, slots * sizeof(SaidLexWord));
	memset(pb->tags, 0, slots);
	memset(pb->words, 0, slots * sizeof(SaidLexWord));
	pb->gmask = slots / 8 - 1;
	said_lex.probe.tags = pb->tags;
	said_lex.probe.words = pb->words;
	said_lex.probe.gmask = pb->gmask;
}

/* Set key's classes in the probe, adding the key if new. */
static void
probe_set(ProbeBuild *pb, uint64_t key, uint32_t classes)
{
	uint64_t	g = key & pb->gmask;
	uint8_t		tag = said_lex_tag(key);

	for (;;)
	{
		for (int k = 0; k < 8; k++)
		{
			uint64_t	slot = g * 8 + k;

			if (pb->tags[slot] == 0)
			{
				pb->tags[slot] = tag;
				pb->words[slot].key = key;
				pb->words[slot].classes = classes;
				return;
			}
			if (pb->words[slot].key == key)
			{
				pb->words[slot].classes = classes;
				return;
			}
		}
		g = (g + 1) & pb->gmask;
	}
}

const SaidLexEntry *
said_lex_lookup(uint64_t key)
{
	const SaidLexEntry *e;

	if (!said_lex.entries)
		return NULL;
	e = SAID_HASH_SLOT(said_lex.entries, said_lex.bits, key);
	return e->key ? e : NULL;
}

void
said_lex_prefetch_entry(uint64_t key)
{
	if (said_lex.entries)
		__builtin_prefetch(&said_lex.entries[said_hash_slot64(key, said_lex.bits)]);
}

uint32_t
said_lex_classes(uint64_t key)
{
	const SaidLexEntry *e = said_lex_lookup(key);

	return e ? e->classes : 0;
}

int
said_lexicon_size(void)
{
	return said_lex.count;
}

static const struct
{
	const char *name;
	uint32_t	bits;
}			class_names[] =
{
	{"CUE_VERB", LX_CUE_VERB}, {"CUE_NOUN", LX_CUE_NOUN}, {"TITLE", LX_TITLE},
	{"PRON_MALE", LX_PRON_MALE}, {"PRON_FEMALE", LX_PRON_FEMALE},
	{"PRON_PLURAL", LX_PRON_PLURAL}, {"PRON_NEUTER", LX_PRON_NEUTER},
	{"PRON_FIRST", LX_PRON_FIRST}, {"NAME_MALE", LX_NAME_MALE},
	{"NAME_FEMALE", LX_NAME_FEMALE}, {"COUNTRY", LX_COUNTRY}, {"CITY", LX_CITY},
	{"REGION", LX_REGION}, {"DEMONYM", LX_DEMONYM}, {"ORG_WORD", LX_ORG_WORD},
	{"FUNCTION", LX_FUNCTION}, {"GROUP_NOUN", LX_GROUP_NOUN},
	{"PERSON_NOUN", LX_PERSON_NOUN}, {"CALENDAR", LX_CALENDAR},
	{"CUE_STRONG", LX_CUE_STRONG}, {"CUE_CLAUSE", LX_CUE_CLAUSE},
	{"ORG_NOUN", LX_ORG_NOUN}, {"TITLE_MALE", LX_TITLE_MALE},
	{"TITLE_FEMALE", LX_TITLE_FEMALE}, {"SENT_ADVERB", LX_SENT_ADVERB},
	{"ABBREV", LX_ABBREV}, {"CUE_PRESENT", LX_CUE_PRESENT},
	{"ORG_SUFFIX", LX_ORG_SUFFIX}, {"DETERMINER", LX_DETERMINER},
	{"PRON_REL", LX_PRON_REL}, {"ORG_ALIAS", LX_ORG_ALIAS},
};

static uint32_t
parse_classes(const char *s, size_t len)
{
	uint32_t	bits = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		j = i;

		while (j < len && s[j] != '|' && s[j] != ',')
			j++;
		for (size_t k = 0; k < sizeof(class_names) / sizeof(class_names[0]); k++)
			/* first byte, then the rest: each backend parses ~40,000 entries */
			if (class_names[k].name[0] == s[i] &&
				strncmp(class_names[k].name, s + i, j - i) == 0 &&
				class_names[k].name[j - i] == '\0')
				bits |= class_names[k].bits;
		i = j + 1;
	}
	return bits;
}

static void
lex_insert(uint64_t key, uint32_t classes, int ntokens, size_t canonical,
		   uint64_t canonical_key)
{
	SaidLexEntry *e = SAID_HASH_SLOT(build.entries, said_lex.bits, key);

	if (e->key == 0)
	{
		e->key = key;
		e->ntokens = (uint8_t) ntokens;
		said_lex.count++;
	}
	e->classes |= classes;
	probe_set(&probe, key, e->classes);
	if (canonical && !e->canonical)
	{
		e->canonical = canonical;
		e->canonical_key = canonical_key;
	}
}

/* Phrase key of a text, as the tokenizer splits it (its first token's hash
 * through *first); with mark_prefixes, the key of every span of two or more
 * of its first tokens goes to prefix_bits. */
static uint64_t
phrase_key(SaidTokenizer tokenize, SaidArena *scratch, const char *s, size_t len,
		   int *ntokens, uint64_t *first, bool mark_prefixes)
{
	SaidDoc		doc;
	uint64_t	h = 0;

	said_doc_init(&doc, scratch, s, len);
	tokenize(&doc);
	*ntokens = doc.ntok;
	*first = doc.ntok > 0 ? doc.tok[0].hash : 0;
	for (int i = 0; i < doc.ntok; i++)
	{
		h = i == 0 ? doc.tok[0].hash : said_hash_combine(h, doc.tok[i].hash);
		if (i > 0 && mark_prefixes)
			build.prefix_bits[prefix_bit(h) >> 6] |= 1ULL << (prefix_bit(h) & 63);
	}
	return h;
}

uint64_t
said_phrase_key(const SaidDoc *doc, int t0, int t1)
{
	uint64_t	h = 0;

	for (int i = t0; i < t1; i++)
		h = i == t0 ? doc->tok[i].hash : said_hash_combine(h, doc->tok[i].hash);
	return h;
}

/* The bytes of the canonical forms of a file (third fields), NULs included. */
static size_t
canonical_bytes(const char *data)
{
	size_t		n = 0;
	const char *line,
			   *eol;

	while (said_data_next_line(&data, &line, &eol))
	{
		const char *tab1,
				   *tab2;

		if ((tab1 = memchr(line, '\t', eol - line)) != NULL &&
			(tab2 = memchr(tab1 + 1, '\t', eol - tab1 - 1)) != NULL &&
			eol > tab2 + 1)
			n += eol - tab2;
	}
	return n;
}

/*
 * Load one file.  Pass 1 takes entries without a space: their key is the
 * folded hash of the whole entry, so "Mr." and "U.S." are known as single
 * tokens before pass 2 splits phrases ("St. Louis") with the pipeline's own
 * tokenizer, which needs the abbreviations to split them as documents are.
 */
static void
load_file(const char *data, SaidTokenizer tokenize, SaidArena *scratch, int pass)
{
	const char *line,
			   *eol;

	while (said_data_next_line(&data, &line, &eol))
	{
		const char *tab1,
				   *tab2;
		size_t		linelen;
		uint32_t	classes;
		size_t		canonical = 0;
		uint64_t	canonical_key = 0;
		uint64_t	h,
					first;
		int			ntok = 1;
		bool		phrase;

		linelen = eol - line;
		if (linelen == 0 || line[0] == '#')
			continue;
		tab1 = memchr(line, '\t', linelen);
		if (!tab1 || tab1 == line)
			continue;
		phrase = memchr(line, ' ', tab1 - line) != NULL;
		if (phrase != (pass == 2))
			continue;
		tab2 = memchr(tab1 + 1, '\t', eol - tab1 - 1);
		classes = parse_classes(tab1 + 1, (tab2 ? tab2 : eol) - tab1 - 1);
		if (tab2 && eol > tab2 + 1)
		{
			size_t		clen = eol - tab2 - 1;
			char	   *c = build.canonicals + build.canonicals_used;
			int			cn;

			memcpy(c, tab2 + 1, clen);
			c[clen] = '\0';
			canonical = build.canonicals_used;
			build.canonicals_used += clen + 1;
			canonical_key = memchr(c, ' ', clen) ?
				phrase_key(tokenize, scratch, c, clen, &cn, &first, false) :
				said_fold_hash(c, clen);
		}
		if (!phrase)
		{
			lex_insert(said_fold_hash(line, tab1 - line), classes, 1, canonical, canonical_key);
			continue;
		}
		h = phrase_key(tokenize, scratch, line, tab1 - line, &ntok, &first, true);
		if (ntok == 0 || ntok > 8)
			continue;
		lex_insert(h, classes, ntok, canonical, canonical_key);
		if (ntok > 1)
			lex_insert(first, LX_PHRASE_START, 1, 0, 0);
	}
}

const char *
said_lexicon_init(const SaidAllocator *persistent, SaidTokenizer tokenize)
{
	SaidArena	scratch;
	uint64_t	size,
				slots;
	int			lines;
	size_t		canonicals;
	SaidAllocator scratch_alloc = *persistent;

	if (said_lex.entries)
		return NULL;
	lines = said_data_count_lines(said_data_lexicon) + said_data_count_lines(said_data_gazetteer) +
		said_data_count_lines(said_data_aliases);
	/* a load of at most 1/2 (1/3 to 1/2 with the counted lines, which
	 * include comments): 2 MB, where at most 1/3 made it 4 MB, for half a
	 * probe more per lookup that misses */
	size = said_hash_size(1, (uint64_t) lines * 2);
	build.entries = persistent->alloc(persistent->ctx, size * sizeof(SaidLexEntry));
	memset(build.entries, 0, size * sizeof(SaidLexEntry));
	said_lex.entries = build.entries;
	said_lex.bits = said_hash_log2(size);
	said_lex.count = 0;
	build.prefix_bits = persistent->alloc(persistent->ctx, (1 << SAID_LEX_PREFIX_BITS_LOG2) / 8);
	memset(build.prefix_bits, 0, (1 << SAID_LEX_PREFIX_BITS_LOG2) / 8);
	said_lex.prefix_bits = build.prefix_bits;
	/* offset 0 is "none" */
	canonicals = 1 + canonical_bytes(said_data_lexicon) + canonical_bytes(said_data_gazetteer) +
		canonical_bytes(said_data_aliases);
	build.canonicals = persistent->alloc(persistent->ctx, canonicals);
	build.canonicals[0] = '\0';
	build.canonicals_used = 1;
	said_lex.canonicals = build.canonicals;

	scratch_alloc.interrupt_check = NULL;
	said_arena_init(&scratch, &scratch_alloc);
	/* while loading, a probe as large as the table: it cannot fill up */
	probe_init(&probe, size, scratch_alloc_fn, &scratch);
	for (int pass = 1; pass <= 2; pass++)
	{
		load_file(said_data_lexicon, tokenize, &scratch, pass);
		load_file(said_data_gazetteer, tokenize, &scratch, pass);
		load_file(said_data_aliases, tokenize, &scratch, pass);
	}
	said_lex.canonicals_size = build.canonicals_used;

	/* the probe for good, at a load of 3/8 to 3/4: 32 kB of tags for 23,000 keys */
	for (slots = 8; slots * 3 < (uint64_t) said_lex.count * 4; slots <<= 1)
		;
	probe_init(&probe, slots, persistent->alloc, persistent->ctx);
	for (uint64_t i = 0; i < size; i++)
		if (build.entries[i].key != 0)
			probe_set(&probe, build.entries[i].key, build.entries[i].classes);
	/* what the loading looked up was looked up in a table half filled */
	memset(said_word_cache, 0, sizeof(said_word_cache));
	said_arena_free_all(&scratch);
	return NULL;
}

void
said_lexicon_tables(const SaidTableSink *out)
{
	SAID_TABLE_HEADER(out, "lexicon.h");
	SAID_TABLE_OBJECT(out, said_lex);
	SAID_TABLE_ARRAY(out, said_lex.entries, (uint64_t) 1 << said_lex.bits);
	SAID_TABLE_ARRAY(out, said_lex.prefix_bits, (1 << SAID_LEX_PREFIX_BITS_LOG2) / 64);
	SAID_TABLE_ARRAY(out, said_lex.canonicals, said_lex.canonicals_size);
	SAID_TABLE_ARRAY(out, said_lex.probe.tags, (said_lex.probe.gmask + 1) * 8);
	SAID_TABLE_ARRAY(out, said_lex.probe.words, (said_lex.probe.gmask + 1) * 8);
}

int
said_lex_longest_phrase(const SaidDoc *doc, int t, int max_tokens,
						uint32_t want_classes, const SaidLexEntry **entry)
{
	uint64_t	h;
	int			best = 0;

	*entry = NULL;
	if (t >= doc->ntok || !(doc->tok[t].lex & LX_PHRASE_START))
	{
		if (t < doc->ntok && (doc->tok[t].lex & want_classes))
		{
			*entry = said_lex_lookup(doc->tok[t].hash);
			return 1;
		}
		return 0;
	}
	h = doc->tok[t].hash;
	if (doc->tok[t].lex & want_classes)
	{
		*entry = said_lex_lookup(h);
		best = 1;
	}
	for (int k = 1; k < max_tokens && t + k < doc->ntok; k++)
	{
		const SaidToken *tk = &doc->tok[t + k];
		const SaidLexEntry *e;

		/* phrases do not cross line breaks or sentence-final punctuation */
		if (tk->flags & TF_LINE_START)
			break;
		h = said_hash_combine(h, tk->hash);
		if (!prefix_maybe(h))
			break;				/* no entry begins with tokens t .. t + k */
		e = said_lex_lookup(h);
		if (e && e->ntokens == k + 1 && (e->classes & want_classes))
		{
			*entry = e;
			best = k + 1;
		}
	}
	return best;
}
