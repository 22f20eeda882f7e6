/*
 * tokens.c -- stage 1: UTF-8 text to tokens.
 *
 * One pass over the bytes.  Unicode categories come from utf8proc; ASCII
 * letters, digits, blanks and punctuation take a fast path in
 * said_tokenize's loop (a word's length, hash and shape from one 16-byte
 * load: ascii_run), everything else other_step.  Each token records its byte span,
 * its code-point start (said_token_c1 computes its end), shape and layout
 * flags, the folded hash used by every lexicon and the model, and the
 * classes of its word in the lexicon.
 *
 * Invalid UTF-8 (possible only outside a UTF-8 database) is read one byte
 * per character, so every byte still belongs to exactly one token or gap,
 * and as the Windows-1252 character of that byte (Latin-1 above 0x9F): in
 * an SQL_ASCII database such bytes are most likely text in one of those, so
 * "Jos\xe9 Garcia" stays one name and \x93 and \x94 are quote marks.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"

#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef enum CharClass
{
	CC_SPACE,
	CC_NEWLINE,
	CC_LETTER,
	CC_MARK,					/* combining mark: stays with its letter */
	CC_DIGIT,
	CC_QUOTE,
	CC_APOSTROPHE,				/* ' and ’: quote or apostrophe by context */
	CC_HYPHEN,
	CC_PUNCT,
	CC_SYMBOL,
	CC_IGNORABLE				/* zero-width and format characters */
} CharClass;

/*
 * The rare branches of said_tokenize's loop: with the hint GCC lays the
 * loop out for the common path (1.5 M fewer instructions on 1 MB of news).
 */
#define unlikely(x) __builtin_expect(!!(x), 0)

typedef struct Scanner
{
	const unsigned char *s;
	size_t		len;
} Scanner;

/* Windows-1252's characters for the bytes 0x80 to 0x9F (0: none). */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Decode one character at byte i: returns its byte length, sets cp. */
static inline int
decode(const Scanner *sc, size_t i, int32_t *cp)
{
	unsigned char c = sc->s[i];

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	else
	{
		utf8proc_int32_t u;
		utf8proc_ssize_t n = utf8proc_iterate(sc->s + i, (utf8proc_ssize_t) (sc->len - i), &u);

		if (n <= 0)
		{
			/* one invalid byte, one character: its Windows-1252 one */
			*cp = c >= 0xA0 ? c : cp1252_c1[c - 0x80] ? cp1252_c1[c - 0x80] : 0xFFFD;
			return 1;
		}
		*cp = u;
		return (int) n;
	}
}

static inline bool
is_quote_cp(int32_t cp)
{
	switch (cp)
	{
		case '"':
		case 0x201C:			/* “ */
		case 0x201D:			/* ” */
		case 0x201E:			/* „ */
		case 0x201F:			/* ‟ */
		case 0x00AB:			/* « */
		case 0x00BB:			/* » */
		case 0x2039:			/* ‹ */
		case 0x203A:			/* › */
		case 0x201A:			/* ‚ */
		case 0x201B:			/* ‛ */
		case 0x300C:			/* 「 */
		case 0x300D:			/* 」 */
		case 0x300E:			/* 『 */
		case 0x300F:			/* 』 */
		case 0xFF02:			/* ＂ */
		case 0x301D:			/* 〝 */
		case 0x301E:			/* 〞 */
			return true;
		default:
			return false;
	}
}

/*
 * Classes of the ASCII characters, looked up once per byte: most text is
 * ASCII, and a table costs one load where the comparisons cost a dozen
 * branches.
 */
static const uint8_t ascii_class[128] = {
	/* unlisted: CC_SPACE (0), i.e. blanks, tabs and other controls */
	['\n'] = CC_NEWLINE,['\v'] = CC_NEWLINE,['\f'] = CC_NEWLINE,['\r'] = CC_NEWLINE,
	['!'] = CC_PUNCT,['"'] = CC_QUOTE,['#'] = CC_PUNCT,['$'] = CC_SYMBOL,
	['%'] = CC_PUNCT,['&'] = CC_PUNCT,['\''] = CC_APOSTROPHE,['('] = CC_PUNCT,
	[')'] = CC_PUNCT,['*'] = CC_PUNCT,['+'] = CC_SYMBOL,[','] = CC_PUNCT,
	['-'] = CC_HYPHEN,['.'] = CC_PUNCT,['/'] = CC_PUNCT,
	['0' ... '9'] = CC_DIGIT,
	[':'] = CC_PUNCT,[';'] = CC_PUNCT,['<'] = CC_SYMBOL,['='] = CC_SYMBOL,
	['>'] = CC_SYMBOL,['?'] = CC_PUNCT,['@'] = CC_PUNCT,
	['A' ... 'Z'] = CC_LETTER,
	['['] = CC_PUNCT,['\\'] = CC_PUNCT,[']'] = CC_PUNCT,['^'] = CC_SYMBOL,
	['_'] = CC_PUNCT,['`'] = CC_PUNCT,
	['a' ... 'z'] = CC_LETTER,
	['{'] = CC_PUNCT,['|'] = CC_SYMBOL,['}'] = CC_PUNCT,['~'] = CC_SYMBOL,
};

/*
 * Shape bits of the word characters among bytes: ASCII letters and digits;
 * 0 for every other byte, so that scanning a word needs no separate test
 * for bytes >= 0x80.
 */
#define WS_LETTER	0x01
#define WS_UPPER	0x02
#define WS_LOWER	0x04
#define WS_DIGIT	0x08

static const uint8_t word_shape[256] = {
	['0' ... '9'] = WS_DIGIT,
	['A' ... 'Z'] = WS_LETTER | WS_UPPER,
	['a' ... 'z'] = WS_LETTER | WS_LOWER,
};

/*
 * Bytes that may continue a word after its ASCII letters and digits (see
 * the word loop of said_tokenize): any byte not listed ends the word there,
 * decided without decoding or classifying it again.  Every non-ASCII byte
 * is listed (word_rest decides), so that one load and one test answer for
 * all bytes.
 */
#define WC_ALWAYS	0x01		/* - ' . and non-ASCII: maybe in any word */
#define WC_NUMBER	0x02		/* , : / : inside numbers only ("1,000", "9/11") */

static const uint8_t word_continues[256] = {
	['-'] = WC_ALWAYS,['\''] = WC_ALWAYS,['.'] = WC_ALWAYS,
	[','] = WC_NUMBER,[':'] = WC_NUMBER,['/'] = WC_NUMBER,
	[0x80 ... 0xFF] = WC_ALWAYS,
};

static CharClass classify_nonascii(int32_t cp);

static inline CharClass
classify(int32_t cp)
{
	if (cp < 0x80)
		return (CharClass) ascii_class[cp];
	return classify_nonascii(cp);
}

/* Out of line: rare in news text, and it keeps the ASCII path small. */
static CharClass
classify_nonascii(int32_t cp)
{
	if (cp == 0x2019 || cp == 0x2018)
		return CC_APOSTROPHE;
	if (is_quote_cp(cp))
		return CC_QUOTE;
	/* U+2028 breaks a line inside a paragraph: white space to us */
	if (cp == 0x2028)
		return CC_SPACE;
	if (cp == 0x2029 || cp == 0x0085)
		return CC_NEWLINE;
	if (cp == 0xFEFF)
		return CC_IGNORABLE;
	switch (utf8proc_category(cp))
	{
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
			return CC_LETTER;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ME:
			return CC_MARK;
		case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			return CC_DIGIT;
		case UTF8PROC_CATEGORY_ZS:
		case UTF8PROC_CATEGORY_CC:
			return CC_SPACE;
		case UTF8PROC_CATEGORY_ZP:
			return CC_NEWLINE;
		case UTF8PROC_CATEGORY_CF:
			return CC_IGNORABLE;
		case UTF8PROC_CATEGORY_PD:
			/* en and em dashes are punctuation, not word-internal hyphens */
			return (cp == 0x2010 || cp == 0x2011) ? CC_HYPHEN : CC_PUNCT;
		case UTF8PROC_CATEGORY_PC:
		case UTF8PROC_CATEGORY_PS:
		case UTF8PROC_CATEGORY_PE:
		case UTF8PROC_CATEGORY_PI:
		case UTF8PROC_CATEGORY_PF:
		case UTF8PROC_CATEGORY_PO:
			return CC_PUNCT;
		default:
			return CC_SYMBOL;
	}
}

/* Character class at byte i, with its length and code point. */
static inline CharClass
class_at(const Scanner *sc, size_t i, int *nbytes, int32_t *cp)
{
	*nbytes = decode(sc, i, cp);
	return classify(*cp);
}

static inline bool
is_upper_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return utf8proc_isupper(cp);
}

static inline bool
is_lower_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_islower(cp);
}

/* Clitics split off a word after an apostrophe: 's 're 've 'll 'd 'm. */
static int
clitic_length(const Scanner *sc, size_t after_apostrophe)
{
	/* with their lengths: a strlen each, per apostrophe, showed in profiles */
	static const struct
	{
		char		s[3];
		uint8_t		n;
	}			clitics[] = {{"s", 1}, {"re", 2}, {"ve", 2}, {"ll", 2}, {"d", 1}, {"m", 1}};

	for (size_t k = 0; k < sizeof(clitics) / sizeof(clitics[0]); k++)
	{
		size_t		n = clitics[k].n;

		if (after_apostrophe + n <= sc->len)
		{
			bool		match = true;

			for (size_t j = 0; j < n; j++)
			{
				unsigned char c = sc->s[after_apostrophe + j];

				if ((c | 0x20) != (unsigned char) clitics[k].s[j])
				{
					match = false;
					break;
				}
			}
			if (match)
			{
				int			nb;
				int32_t		cp;

				if (after_apostrophe + n == sc->len)
					return (int) n;
				if (class_at(sc, after_apostrophe + n, &nb, &cp) != CC_LETTER &&
					class_at(sc, after_apostrophe + n, &nb, &cp) != CC_DIGIT)
					return (int) n;
			}
		}
	}
	return 0;
}


/* texts of these sizes size their token array by an estimate (said_tokenize) */
#define TINY_TEXT_BYTES 256
#define SMALL_TEXT_BYTES (64 * 1024)

/* bytes scanned between two interrupt checks */
#define CHECK_BYTES 16384

/* bytes of the token array copied between two interrupt checks */
#define GROW_COPY_PIECE ((size_t) 64 * 1024 * 1024)

/*
 * said_grow for the token array, with the copy done in pieces between
 * interrupt checks: for a 100 MB document the array is a gigabyte, and
 * copying it into fresh pages in one memcpy held off a cancel request for
 * over a second.  Rare: token_bound sizes the array for nearly every long
 * text, and a short one grows only when denser than a token every 4 bytes.
 */
static SaidToken *
grow_tokens(SaidDoc *doc, SaidToken *tok, int capacity, int new_capacity)
{
	size_t		old_bytes = (size_t) capacity * sizeof(SaidToken);
	char	   *bigger = said_arena_alloc(doc->arena, (size_t) new_capacity * sizeof(SaidToken));

	for (size_t off = 0; off < old_bytes; off += GROW_COPY_PIECE)
	{
		said_check_interrupts(doc);
		memcpy(bigger + off, (char *) tok + off,
			   old_bytes - off < GROW_COPY_PIECE ? old_bytes - off : GROW_COPY_PIECE);
	}
	return (SaidToken *) bigger;
}

/*
 * Fill in token t.  hash is its folded hash: the word loop folds a word as
 * it scans it, other callers pass said_fold_hash of the span.
 */
static inline SaidToken *
put_token(SaidToken *t, size_t b0, size_t b1, uint32_t c0,
		  SaidTokenKind kind, uint16_t flags, uint64_t hash)
{
	t->b0 = (uint32_t) b0;
	t->b1 = (uint32_t) b1;
	t->c0 = c0;
	t->kind = (uint8_t) kind;
	t->flags = flags;
	t->qmark = 0;
	t->sent = 0;
	t->region = -1;
	t->mention = -1;
	t->hash = hash;
	t->lex = 0;					/* words and numbers: token_pass */
	return t;
}

/* tokens between a prefetch of a key's group and its lookup */
#define LEX_AHEAD 8
/* and of its word-cache entry (128 kB, in L2 at best): further ahead, as
 * its load is the first of a lookup */
#define WC_AHEAD 32

/* Context of quote mark k: may it open, may it close? */
static void
quote_context(SaidToken *tok, int ntok, int k)
{
	SaidToken  *t = &tok[k];
	bool		before_space = (t->flags & TF_SPACE_BEFORE) || k == 0;
	bool		after_space = (t->flags & TF_SPACE_AFTER) || k + 1 == ntok;
	bool		before_word = !before_space && tok[k - 1].kind != TOK_PUNCT;
	bool		after_word = !after_space && tok[k + 1].kind != TOK_PUNCT &&
		tok[k + 1].kind != TOK_QUOTE;

	if (!after_space || (t->qmark & QM_OPEN_FORM))
		t->qmark |= QM_CAN_OPEN;
	if (!before_space || (t->qmark & QM_CLOSE_FORM))
		t->qmark |= QM_CAN_CLOSE;
	/* a symmetric mark glued to words on both sides is not a quote */
	if ((t->qmark & QM_SYMMETRIC) && before_word && after_word)
		t->qmark &= (uint8_t) ~(QM_CAN_OPEN | QM_CAN_CLOSE);
}

/*
 * Token k's part of token_pass: TF_SPACE_AFTER from next_flags, the next
 * token's flags (0 for the last, which the scan marks), a line start a
 * paragraph start when para_mask is TF_PARA_START, then lexicon classes
 * or a quote mark's context.  Shifts, not branches: TF_SPACE_AFTER is
 * TF_SPACE_BEFORE << 1 and TF_PARA_START TF_LINE_START << 1.
 */
static inline void
token_pass_one(const SaidUserLexicon *user, SaidToken *tok, int ntok, int k,
			   uint16_t next_flags, uint16_t para_mask)
{
	SaidToken  *t = &tok[k];
	uint16_t	f = t->flags;

	f |= (uint16_t) ((next_flags & TF_SPACE_BEFORE) << 1);
	f |= (uint16_t) ((f & TF_LINE_START) << 1) & para_mask;
	t->flags = f;
	if (t->kind == TOK_WORD || t->kind == TOK_NUMBER)
	{
		t->lex = said_lex_classes_cached(t->hash);
		if (t->kind == TOK_WORD && user && said_user_cue(user, t->hash))
			t->lex |= LX_USER_CUE;
	}
	else if (t->kind == TOK_QUOTE)
		quote_context(tok, ntok, k);
}

/*
 * What needs the whole token array, in one pass after the scan: the
 * lexicon classes of words and numbers, spaces after tokens, paragraph
 * starts (every line's, with para_lines), quote marks' context.  The
 * lookups, which miss the caches for many a word, are independent here,
 * so that the processor overlaps them, and the group of each is
 * prefetched a few tokens ahead (in the scan each lookup waited for its
 * load before the next word); most end in the cache of recent words
 * (lexicon.h).  The loop's bulk prefetches without testing the array's
 * end; its last WC_AHEAD tokens test it.
 * Out of line: in said_tokenize's loop GCC spilled its registers.
 */
static __attribute__((noinline)) void
token_pass(SaidDoc *doc, SaidToken *tok, int ntok, bool para_lines)
{
	const SaidUserLexicon *user = doc->user;
	uint16_t	para_mask = para_lines ? TF_PARA_START : 0;
	int			k = 0;

	while (k + WC_AHEAD < ntok)
	{
		/* blocks as long as the scan's checks, for a text of one-letter words */
		int			block_end = ntok - WC_AHEAD - k > CHECK_BYTES / 2 ?
			k + CHECK_BYTES / 2 : ntok - WC_AHEAD;

		for (; k < block_end; k++)
		{
			said_lex_prefetch(tok[k + LEX_AHEAD].hash);
			__builtin_prefetch(said_word_cache_slot(tok[k + WC_AHEAD].hash));
			token_pass_one(user, tok, ntok, k, tok[k + 1].flags, para_mask);
		}
		said_check_interrupts(doc);
	}
	for (; k < ntok; k++)
	{
		if (k + LEX_AHEAD < ntok)
			said_lex_prefetch(tok[k + LEX_AHEAD].hash);
		token_pass_one(user, tok, ntok, k, k + 1 < ntok ? tok[k + 1].flags : 0,
					   para_mask);
	}
}

/* The folded hash of the token [b0, b1). */
static inline uint64_t
span_hash(const unsigned char *s, size_t b0, size_t b1)
{
	return said_fold_hash((const char *) s + b0, b1 - b0);
}

/*
 * The ASCII letters and digits from p on, up to end: their WS_* bits into
 * *shape, their bytes folded into f; returns how many.  Shape and hash in
 * one pass, no decoding: word_rest's loop, and ascii_run's for the runs it
 * does not take from one load.
 */
static inline size_t
fold_ascii_run(const unsigned char *p, const unsigned char *end, SaidFold *f, unsigned *shape)
{
	const unsigned char *q = p;
	unsigned	ws;

	for (; q < end && (ws = word_shape[*q]) != 0; q++)
	{
		*shape |= ws;
		said_fold_ascii(f, *q);
	}
	return (size_t) (q - p);
}

/* A word being scanned: what word_rest continues and returns. */
typedef struct WordScan
{
	size_t		i;				/* end of the word so far */
	size_t		extra;			/* said_tokenize's count of tail bytes */
	size_t		next_check;		/* said_tokenize's next interrupt check */
	SaidFold	f;				/* the word so far, folded */
	unsigned	shape;			/* WS_* of its letters and digits so far */
	uint16_t	flags;			/* TF_HAS_PERIOD, TF_HYPHEN, TF_APOSTROPHE */
} WordScan;

/*
 * The rest of a word, from w->i on: letters, digits and marks of any
 * script, and - ' . (and , : / in numbers) between two of them.  Out of
 * line: said_tokenize scans ASCII words itself and comes here only for
 * non-ASCII characters and word-internal punctuation.
 */
static __attribute__((noinline)) void
word_rest(const Scanner *sc, SaidDoc *doc, size_t start, WordScan *w)
{
	const unsigned char *s = sc->s;
	size_t		len = sc->len;
	size_t		i = w->i;
	SaidFold	f = w->f;
	unsigned	shape = w->shape;

	for (;;)
	{
		int			nb2;
		int32_t		cp2;
		CharClass	c2;

		i += fold_ascii_run(s + i, s + len, &f, &shape);
		if (i >= len)
			break;
		c2 = class_at(sc, i, &nb2, &cp2);

		/*
		 * One word can be the whole document (100 MB without a space):
		 * check here too, or cancellation waits for it.
		 */
		if (i >= w->next_check)
		{
			w->next_check = i + CHECK_BYTES;
			said_check_interrupts(doc);
		}
		if (c2 == CC_LETTER || c2 == CC_DIGIT || c2 == CC_MARK)
		{
			if (c2 == CC_LETTER)
			{
				shape |= WS_LETTER;
				if (is_upper_cp(cp2))
					shape |= WS_UPPER;
				else if (is_lower_cp(cp2))
					shape |= WS_LOWER;
			}
			else if (c2 == CC_DIGIT)
				shape |= WS_DIGIT;
			said_fold_text(&f, s + i, s + i + nb2);
			i += nb2;
			w->extra += nb2 - 1;
			continue;
		}
		if ((c2 == CC_HYPHEN || c2 == CC_APOSTROPHE || cp2 == '.' ||
			 ((shape & (WS_DIGIT | WS_LETTER)) == WS_DIGIT &&
			  (cp2 == ',' || cp2 == ':' || cp2 == '/'))) &&
			i + nb2 < len)
		{
			int			nb3;
			int32_t		cp3;
			CharClass	c3 = class_at(sc, i + nb2, &nb3, &cp3);

			if (c3 == CC_LETTER || c3 == CC_DIGIT)
			{
				if (c2 == CC_APOSTROPHE)
				{
					int			cl = clitic_length(sc, i + nb2);

					/* "Assad’s" -> "Assad" + "’s"; "don't" stays whole */
					if (cl > 0 && (shape & WS_LETTER))
						break;
					w->flags |= TF_APOSTROPHE;
				}
				else if (c2 == CC_HYPHEN)
					w->flags |= TF_HYPHEN;
				else if (cp2 == '.')
				{
					/* "U.S", "e.g": a letter-dot-letter run; "3.5" */
					if ((shape & (WS_DIGIT | WS_LETTER)) == WS_LETTER && (i - start) > 4)
						break;
					w->flags |= TF_HAS_PERIOD;
				}
				said_fold_text(&f, s + i, s + i + nb2 + nb3);
				i += nb2 + nb3;
				w->extra += nb2 + nb3 - 2;
				if (c3 == CC_LETTER)
				{
					shape |= WS_LETTER;
					if (is_upper_cp(cp3))
						shape |= WS_UPPER;
					else if (is_lower_cp(cp3))
						shape |= WS_LOWER;
				}
				else
					shape |= WS_DIGIT;
				continue;
			}
		}
		break;
	}
	w->i = i;
	w->f = f;
	w->shape = shape;
}

/* Case and digit flags of a word from its WS_* shape (first letter apart). */
static const uint16_t shape_flags[16] = {
	[WS_DIGIT] = TF_HAS_DIGIT,
	[WS_LETTER] = 0,
	[WS_LETTER | WS_DIGIT] = TF_HAS_DIGIT,
	[WS_LETTER | WS_UPPER] = TF_ALL_UPPER,
	[WS_LETTER | WS_UPPER | WS_DIGIT] = TF_ALL_UPPER | TF_HAS_DIGIT,
	[WS_LETTER | WS_LOWER] = TF_ALL_LOWER,
	[WS_LETTER | WS_LOWER | WS_DIGIT] = TF_ALL_LOWER | TF_HAS_DIGIT,
	[WS_LETTER | WS_UPPER | WS_LOWER] = 0,
	[WS_LETTER | WS_UPPER | WS_LOWER | WS_DIGIT] = TF_HAS_DIGIT,
	/* no letter: case does not count */
	[WS_UPPER | WS_DIGIT] = TF_HAS_DIGIT,
	[WS_LOWER | WS_DIGIT] = TF_HAS_DIGIT,
	[WS_UPPER | WS_LOWER | WS_DIGIT] = TF_HAS_DIGIT,
};

/* Describe a quote-mark glyph: QM_* bits apart from context. */
static uint8_t
quote_glyph(int32_t cp)
{
	switch (cp)
	{
		case 0x201C:
		case 0x201E:
		case 0x00AB:
		case 0x300C:
		case 0x300E:
		case 0x301D:
			return QM_DOUBLE | QM_OPEN_FORM;
		case 0x201D:
		case 0x00BB:
		case 0x300D:
		case 0x300F:
		case 0x301E:
		case 0x201F:
			return QM_DOUBLE | QM_CLOSE_FORM;
		case 0x2018:
		case 0x201A:
		case 0x201B:
		case 0x2039:
			return QM_SINGLE | QM_OPEN_FORM;
		case 0x2019:
		case 0x203A:
			return QM_SINGLE | QM_CLOSE_FORM;
		case '\'':
			return QM_SINGLE | QM_SYMMETRIC;
		default:				/* " and ＂ */
			return QM_DOUBLE | QM_SYMMETRIC;
	}
}

/* 16 bytes at a time (GCC/Clang vector extensions: SSE2, NEON, or scalar code). */
typedef uint8_t TbVec __attribute__((vector_size(16)));
typedef int8_t TbSVec __attribute__((vector_size(16)));

/*
 * Lanes of v in [lo, lo + n) (0xFF), others 0: one add and one signed
 * compare (SSE2 has no unsigned byte compare; GCC built one from three
 * instructions).
 */
#define TB_RANGE(v, lo, n) \
	((TbVec) ((TbSVec) ((v) + (uint8_t) (0x80 - (lo))) < (int8_t) (-128 + (n))))

/* Lanes of v that are ASCII letters or digits. */
static inline TbVec
word_lanes(TbVec v)
{
	return TB_RANGE(v, '0', 10) | TB_RANGE(v | 0x20, 'a', 26);
}

/* Lanes set in v (0xFF), one bit each: bit k for lane k. */
static inline unsigned
lane_bits(TbVec v)
{
#if defined(__SSE2__)
	return (unsigned) _mm_movemask_epi8((__m128i) v);
#else
	unsigned	bits = 0;

	for (int k = 0; k < 16; k++)
		bits |= (unsigned) (v[k] >> 7) << k;
	return bits;
#endif
}

/* The low k bytes of a little-endian 64-bit word: ascii_run's masks. */
static const uint64_t low_bytes[9] = {
	0, 0xFFULL, 0xFFFFULL, 0xFFFFFFULL, 0xFFFFFFFFULL, 0xFFFFFFFFFFULL,
	0xFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFULL, ~0ULL
};

/*
 * The run of ASCII letters and digits at p (p[0] is one), up to end: its
 * length, the WS_* bits of its characters and its fold state (| 0x20 folds
 * a letter and leaves a digit as it is).  A run shorter than 16 bytes with
 * 16 to read, nearly every word, takes one load, three masks and a
 * multiplication (lexicon.h: the hash's chunks), with no branch on its
 * length; the others go byte by byte (fold_ascii_run).
 */
static inline size_t
ascii_run(const unsigned char *p, const unsigned char *end, SaidFold *f, unsigned *shape)
{
	if (end - p >= 16)
	{
		TbVec		v;
		unsigned	run;

		memcpy(&v, p, 16);
		run = (unsigned) __builtin_ctz(~lane_bits(word_lanes(v)));
		if (run < 16)
		{
			unsigned	in_run = (1u << run) - 1;
			uint64_t	a,
						b;

			/*
			 * In the run, bit 0x40 tells a letter from a digit and 0x20 a
			 * lower-case letter from a capital: two masks (v + v moves bit
			 * 0x40 to the top, v * 4 bit 0x20), not three ranges.
			 */
			unsigned	letters = lane_bits(v + v) & in_run;
			unsigned	bit20 = lane_bits((TbVec) (v + v) + (TbVec) (v + v));

			*shape = ((letters & ~bit20) ? WS_LETTER | WS_UPPER : 0) |
				((letters & bit20) ? WS_LETTER | WS_LOWER : 0) |
				((~letters & in_run) ? WS_DIGIT : 0);
			memcpy(&a, p, 8);
			memcpy(&b, p + 8, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			a = __builtin_bswap64(a);
			b = __builtin_bswap64(b);
#endif
			a = (a | 0x2020202020202020ULL) & low_bytes[run < 8 ? run : 8];
			b = (b | 0x2020202020202020ULL) & low_bytes[run > 8 ? run - 8 : 0];
			/* the state after run bytes: the first chunk mixed once full */
			f->h = run >= 8 ? said_fold_mix(SAID_FOLD_SEED ^ a, SAID_FOLD_K1) : SAID_FOLD_SEED;
			f->chunk = run >= 8 ? b : a;
			f->len = run;
			return run;
		}
	}
	*f = said_fold_start();
	*shape = 0;
	return fold_ascii_run(p, end, f, shape);
}

/*
 * An upper bound of the number of tokens of well-formed text, so that the
 * token array, the largest structure of a document, is allocated once at
 * about its final size instead of doubling (which leaves the old arrays
 * behind in the arena: 3x the final size at the peak).  Texts between
 * TINY_TEXT_BYTES and SMALL_TEXT_BYTES take an estimate instead: on news
 * articles this pass was 2 % of the pipeline's instructions.  A token can
 * start at any punctuation byte or non-ASCII lead byte, and at the first of a
 * run of ASCII letters and digits, never inside such a run, except after a
 * URL cut at URL_WINDOW bytes or in invalid UTF-8: then the array grows.
 * Vectorised: a byte-at-a-time loop would cost a tenth of the tokenizer.
 * Counted as the bytes that can start a token (all but blanks, controls,
 * DEL and UTF-8 tail bytes) less the letters and digits after another:
 * whether the byte before each lane is one comes from a second load one
 * byte earlier (a two-vector shuffle compiled to some 60 scalar
 * instructions a block with SSE2 alone).
 */
static int
token_bound(const unsigned char *s, size_t len)
{
	size_t		n = 0,
				i = 1;
	bool		last_word;

	if (len == 0)
		return 0;
	last_word = word_shape[s[0]] != 0;
	if (last_word || (s[0] > ' ' && s[0] != 0x7F && (s[0] < 0x80 || s[0] >= 0xC0)))
		n++;
	while (i + 16 <= len)
	{
		TbVec		acc = {0};

		/* a lane gains 0 or 1 a round: at most 255 before they are summed */
		for (int round = 0; round < 255 && i + 16 <= len; round++, i += 16)
		{
			TbVec		v,
						prev,
						other;

			memcpy(&v, s + i, 16);
			memcpy(&prev, s + i - 1, 16);
			/* blanks and controls, DEL, UTF-8 tail bytes: never a token start */
			other = TB_RANGE(v, 0, 0x21) | (TbVec) (v == 0x7F) | TB_RANGE(v, 0x80, 0x40);
			/* + 1 for a possible start, + 0xFF (- 1) for a letter after a letter */
			acc += ~other & 1;
			acc += word_lanes(v) & word_lanes(prev);
		}
		for (int k = 0; k < 16; k++)
			n += acc[k];
		last_word = word_shape[s[i - 1]] != 0;
	}
	for (; i < len; i++)
	{
		unsigned char c = s[i];
		bool		word = word_shape[c] != 0;

		if (word ? !last_word : (c > ' ' && c != 0x7F && (c < 0x80 || c >= 0xC0)))
			n++;
		last_word = word;
	}
	return n < (size_t) INT32_MAX - 64 ? (int) n : INT32_MAX - 64;
}

/*
 * ASCII bytes said_tokenize's main loop makes a token of by itself: the
 * punctuation and symbols that are one token each (or a run, for . and -).
 * Quote marks, apostrophes and the backtick (``) need context, and go to
 * other_step with every non-ASCII character and line break.
 */
static const uint8_t plain_ascii_kind[128] = {
	['!'] = TOK_PUNCT,['#'] = TOK_PUNCT,['$'] = TOK_SYMBOL,['%'] = TOK_PUNCT,
	['&'] = TOK_PUNCT,['('] = TOK_PUNCT,[')'] = TOK_PUNCT,['*'] = TOK_PUNCT,
	['+'] = TOK_SYMBOL,[','] = TOK_PUNCT,['-'] = TOK_PUNCT,['.'] = TOK_PUNCT,
	['/'] = TOK_PUNCT,[':'] = TOK_PUNCT,[';'] = TOK_PUNCT,['<'] = TOK_SYMBOL,
	['='] = TOK_SYMBOL,['>'] = TOK_SYMBOL,['?'] = TOK_PUNCT,['@'] = TOK_PUNCT,
	['['] = TOK_PUNCT,['\\'] = TOK_PUNCT,[']'] = TOK_PUNCT,['^'] = TOK_SYMBOL,
	['_'] = TOK_PUNCT,['{'] = TOK_PUNCT,['|'] = TOK_SYMBOL,['}'] = TOK_PUNCT,
	['~'] = TOK_SYMBOL,
};

/*
 * The tokenizer's state between said_tokenize's loop and other_step.  The
 * loop keeps it in locals and stores it around the (rare) call.
 */
typedef struct TokState
{
	size_t		i;				/* next byte */

	/*
	 * Bytes before i that are not a character of their own (the tail bytes
	 * of multi-byte characters): the code-point offset of byte i is
	 * i - extra, so only non-ASCII characters update a count.
	 */
	size_t		extra;
	size_t		next_check;		/* byte of the next interrupt check */
	SaidToken  *tok;			/* the array, in locals in the loop: stores */
	int			ntok;			/* into tokens cannot then alias the count */
	int			capacity;
	int			pending_breaks; /* line breaks since the last token */
	bool		space_before;	/* white space since the last token */
	bool		saw_blank_line;
} TokState;

/*
 * Layout flags of a token starting now (token_pass gives the one before
 * its TF_SPACE_AFTER from this one's TF_SPACE_BEFORE).  Paragraphs: blank
 * lines when the text has any, else every line break (news feeds often put
 * one paragraph a line); the latter are marked at the end if no blank line
 * was seen.
 */
static inline uint16_t
token_start(int ntok, bool space_before, int pending_breaks)
{
	uint16_t	flags = space_before ? TF_SPACE_BEFORE : 0;

	if (pending_breaks > 0)
	{
		flags |= TF_LINE_START;
		if (pending_breaks >= 2 || ntok == 0)
			flags |= TF_PARA_START;
	}
	return flags;
}

/*
 * The end of a word scanned up to *ip, f its fold state: a trailing
 * period stays with initials, "U.S." and known abbreviations; then the
 * token.
 */
static inline void
finish_word(const unsigned char *s, size_t len, size_t start, size_t *ip,
			uint32_t cstart, SaidFold f, unsigned shape,
			uint16_t flags, bool first_upper, SaidToken *t)
{
	size_t		i = *ip;
	uint64_t	h = said_fold_end(&f);

	if (i < len && s[i] == '.' && (shape & WS_LETTER))
	{
		SaidFold	fp = f;
		uint64_t	hp;
		bool		keep;

		said_fold_byte(&fp, '.');
		hp = said_fold_end(&fp);
		keep = (flags & TF_HAS_PERIOD) || (i - start == 1 && (shape & WS_UPPER)) ||
			(said_lex_classes_inline(hp) & LX_ABBREV) != 0;
		if (keep)
		{
			flags |= TF_HAS_PERIOD;
			i++;
			h = hp;
		}
	}
	flags |= shape_flags[shape];
	if (first_upper && (shape & WS_LETTER))
		flags |= TF_UPPER_INITIAL;
	put_token(t, start, i, cstart,
			  (shape & WS_LETTER) ? TOK_WORD : TOK_NUMBER, flags, h);
	*ip = i;
}

/*
 * One character or token that said_tokenize's loop does not take itself:
 * white space other than one blank, line breaks, words that start with a
 * non-ASCII letter, clitics, quote marks, non-ASCII punctuation and
 * symbols.  Out of line, so that the loop keeps its registers.
 */
static __attribute__((noinline)) void
other_step(SaidDoc *doc, const Scanner *sc, TokState *st)
{
	const unsigned char *s = sc->s;
	size_t		len = sc->len;
	size_t		i = st->i;
	size_t		start = i;
	uint32_t	cstart = (uint32_t) (start - st->extra);
	SaidToken  *tok = st->tok;
	int			nb;
	int32_t		cp;
	CharClass	cc = class_at(sc, i, &nb, &cp);
	uint16_t	flags;
	SaidToken  *t;

	/* every path below consumes this character */
	st->extra += nb - 1;
	if (cc == CC_SPACE || cc == CC_IGNORABLE)
	{
		st->i = i + nb;
		if (cc == CC_SPACE)
			st->space_before = true;
		return;
	}
	if (cc == CC_NEWLINE)
	{
		/* \r\n is one break */
		if (cp == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		st->i = i + nb;
		st->pending_breaks++;
		if (st->pending_breaks >= 2 && st->ntok > 0)
			st->saw_blank_line = true;
		st->space_before = true;
		return;
	}

	flags = token_start(st->ntok, st->space_before, st->pending_breaks);

	if (cc == CC_LETTER || cc == CC_DIGIT || cc == CC_MARK)
	{
		/* a letter, digit or mark of another script (ASCII ones: the loop) */
		bool		first_upper = is_upper_cp(cp);
		WordScan	w = {i + nb, st->extra, st->next_check, said_fold_start(),
			(first_upper ? WS_UPPER : 0) | (is_lower_cp(cp) ? WS_LOWER : 0) |
			(cc == CC_DIGIT ? WS_DIGIT : 0) | (cc == CC_LETTER ? WS_LETTER : 0), 0};

		said_fold_text(&w.f, s + i, s + i + nb);
		word_rest(sc, doc, start, &w);
		st->extra = w.extra;
		st->next_check = w.next_check;
		i = w.i;
		finish_word(s, len, start, &i, cstart, w.f, w.shape, flags | w.flags,
					first_upper, &tok[st->ntok++]);
		goto next;
	}

	if (cc == CC_APOSTROPHE)
	{
		/* A clitic after a word: "’s", "'re". */
		if (st->ntok > 0 && !st->space_before && tok[st->ntok - 1].kind == TOK_WORD &&
			tok[st->ntok - 1].b1 == start)
		{
			int			cl = clitic_length(sc, i + nb);

			if (cl > 0)
			{
				i += nb + cl;
				put_token(&tok[st->ntok++], start, i, cstart, TOK_WORD,
						  flags | TF_ALL_LOWER | TF_APOSTROPHE,
						  span_hash(s, start, i));
				goto next;
			}
		}
	}

	if (cc == CC_QUOTE || cc == CC_APOSTROPHE)
	{
		i += nb;

		/*
		 * '' is a closing double mark in PTB text: a ' right after a lone '
		 * mark joins it (the token keeps its hash, of "'").
		 */
		if (cp == '\'' && st->ntok > 0 && tok[st->ntok - 1].kind == TOK_QUOTE &&
			tok[st->ntok - 1].b1 == start && start == tok[st->ntok - 1].b0 + 1 &&
			s[start - 1] == '\'')
		{
			tok[st->ntok - 1].b1 = (uint32_t) i;
			tok[st->ntok - 1].qmark = QM_DOUBLE | QM_CLOSE_FORM;
			goto next;
		}
		t = put_token(&tok[st->ntok++], start, i, cstart, TOK_QUOTE,
					  flags, span_hash(s, start, i));
		t->qmark = quote_glyph(cp);
		goto next;
	}

	/* `` and '' (typewriter and PTB style) are double marks. */
	if (cp == '`' && i + 1 < len && s[i + 1] == '`')
	{
		i += 2;
		t = put_token(&tok[st->ntok++], start, i, cstart, TOK_QUOTE,
					  flags, span_hash(s, start, i));
		t->qmark = QM_DOUBLE | QM_OPEN_FORM;
		goto next;
	}

	i += nb;
	if (cc == CC_PUNCT || cc == CC_HYPHEN)
	{
		/* runs of dots and hyphens are one token: "...", "--" */
		if (cp == '.' || cp == '-')
			while (i < len && s[i] == (unsigned char) cp)
				i++;
		put_token(&tok[st->ntok++], start, i, cstart, TOK_PUNCT,
				  flags, span_hash(s, start, i));
	}
	else
		/* symbols, emoji, and anything else: one code point each */
		put_token(&tok[st->ntok++], start, i, cstart, TOK_SYMBOL,
				  flags, span_hash(s, start, i));

next:
	st->i = i;
	st->space_before = false;
	st->pending_breaks = 0;
}

uint32_t
said_token_c1(const SaidDoc *doc, int t)
{
	const unsigned char *s = (const unsigned char *) doc->text;
	const SaidToken *tk = &doc->tok[t];
	uint32_t	c = tk->c0;

	/* every byte of a token belongs to one of its characters: decode() */
	for (size_t i = tk->b0; i < tk->b1; c++)
	{
		if (s[i] < 0x80)
			i++;
		else
		{
			utf8proc_int32_t u;
			utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t) (doc->len - i), &u);

			i += n > 0 ? (size_t) n : 1;
		}
	}
	return c;
}

/*
 * The loop takes the bulk of news text itself: blanks, words that start
 * with an ASCII letter or digit, ASCII punctuation; other_step the rest.
 * Only the loop's hottest variables are locals: the rest of its state is
 * read and written in st, in memory, where it does not compete with the
 * word scan for registers (GCC spilled the text pointer otherwise).
 */
void
said_tokenize(SaidDoc *doc)
{
	Scanner		sc = {(const unsigned char *) doc->text, doc->len};
	const unsigned char *s = sc.s;
	size_t		len = sc.len;
	TokState	st;
	size_t		i = 0;
	size_t		extra = 0;
	SaidToken  *tok;
	int			ntok;

	/*
	 * A short text gets room for a token every 4 bytes (news has one every
	 * 5.3), which costs at most a few tens of kilobytes, instead of the
	 * bound's pass over its bytes; a denser one grows as in any text.  Not
	 * a tiny one: the lexicon's loading tokenizes thousands of phrases into
	 * one arena, where the slack would add up to megabytes.
	 */
	st.capacity = len >= TINY_TEXT_BYTES && len <= SMALL_TEXT_BYTES ? (int) (len / 4) + 16 :
		token_bound(s, len) + 1;
	st.tok = tok = said_arena_alloc(doc->arena, (size_t) st.capacity * sizeof(SaidToken));
	st.ntok = 0;
	st.next_check = CHECK_BYTES;
	st.saw_blank_line = false;
	st.space_before = true;
	st.pending_breaks = 1;		/* the text starts a line */

	while (i < len)
	{
		unsigned char c = s[i];
		unsigned	ws0;
		size_t		start = i;
		uint16_t	flags;

		/* one space between words, the most common byte of all */
		if (c == ' ')
		{
			i++;
			st.space_before = true;
			continue;
		}
		if (unlikely(i >= st.next_check))
		{
			st.next_check = i + CHECK_BYTES;
			said_check_interrupts(doc);
		}
		if (unlikely(st.ntok >= st.capacity))
		{
			int			bigger = st.capacity * 2;

			st.tok = tok = grow_tokens(doc, tok, st.capacity, bigger);
			st.capacity = bigger;
		}
		ws0 = word_shape[c];
		if (ws0 == 0 && (c >= 0x80 || plain_ascii_kind[c] == 0))
		{
			st.i = i;
			st.extra = extra;
			other_step(doc, &sc, &st);
			i = st.i;
			extra = st.extra;
			continue;
		}

		flags = token_start(st.ntok, st.space_before, st.pending_breaks);
		st.space_before = false;
		st.pending_breaks = 0;

		if (ws0 == 0)
		{
			/* runs of dots and hyphens are one token: "...", "--" */
			i++;
			if (c == '.' || c == '-')
				while (i < len && s[i] == c)
					i++;
			put_token(&tok[st.ntok++], start, i, (uint32_t) (start - extra),
					  (SaidTokenKind) plain_ascii_kind[c], flags,
					  span_hash(s, start, i));
			continue;
		}

		/* said_match_url finds only "http..." and "www." here */
		if (unlikely((c == 'h' || c == 'w') && i + 4 <= len &&
					 (memcmp(s + i, "http", 4) == 0 || memcmp(s + i, "www.", 4) == 0)))
		{
			size_t		url_len = said_match_url(doc->text, len, i);

			if (url_len > 0)
			{
				size_t		j = i;
				uint32_t	cstart = (uint32_t) (start - extra);

				while (j < i + url_len)
				{
					int32_t		c2;

					if (s[j] < 0x80)
						j++;
					else
					{
						int			n2 = decode(&sc, j, &c2);

						j += n2;
						extra += n2 - 1;
					}
				}
				i = j;
				put_token(&tok[st.ntok++], start, i, cstart, TOK_WORD,
						  flags | TF_URL | TF_ALL_LOWER,
						  span_hash(s, start, i));
				continue;
			}
		}

		{
			/*
			 * A word from an ASCII letter or digit: its run of them here
			 * (ascii_run).  Most words end at an ASCII byte that cannot
			 * continue them, or at a period before a space; word_rest
			 * takes the others.
			 */
			SaidFold	f;
			unsigned	shape;
			uint32_t	cstart = (uint32_t) (start - extra);
			bool		rest = false;

			i += ascii_run(s + i, s + len, &f, &shape);
			if (i < len &&
				(word_continues[s[i]] & (WC_ALWAYS | ((shape & WS_LETTER) ? 0 : WC_NUMBER))))
				rest = s[i] != '.' ||
					(i + 1 < len && (s[i + 1] >= 0x80 || word_shape[s[i + 1]]));
			if (unlikely(rest))
			{
				WordScan	w = {i, extra, st.next_check, f, shape, 0};

				word_rest(&sc, doc, start, &w);
				i = w.i;
				extra = w.extra;
				st.next_check = w.next_check;
				f = w.f;
				shape = w.shape;
				flags |= w.flags;
			}
			finish_word(s, len, start, &i, cstart, f, shape, flags,
						(ws0 & WS_UPPER) != 0, &tok[st.ntok++]);
		}
	}
	ntok = st.ntok;
	if (ntok > 0)
		tok[ntok - 1].flags |= TF_SPACE_AFTER;
	/* no blank line: every line break starts a paragraph */
	token_pass(doc, tok, ntok, !(st.saw_blank_line || doc->blank_line_elsewhere));
	/* one pass over the bytes, one over the tokens */
	said_work(doc, len + (uint64_t) ntok);
	doc->tok = tok;
	doc->ntok = ntok;
	doc->nchars = (uint32_t) (len - extra);
}

/*
 * What said_tokenize's scan calls a blank line (TokState.saw_blank_line),
 * without making tokens: for a document analysed in pieces, whose pieces
 * must break paragraphs as the whole document does.
 */
bool
said_has_blank_line(const char *text, size_t len, const SaidAllocator *interrupts)
{
	Scanner		sc = {(const unsigned char *) text, len};
	int			pending_breaks = 1;	/* the text starts a line */
	bool		saw_token = false;
	size_t		next_check = CHECK_BYTES;

	for (size_t i = 0; i < len;)
	{
		int			nb;
		int32_t		cp;
		CharClass	cc = class_at(&sc, i, &nb, &cp);

		if (i >= next_check)
		{
			if (interrupts && interrupts->interrupt_check)
				interrupts->interrupt_check(interrupts->ctx);
			next_check = i + CHECK_BYTES;
		}
		if (cc == CC_NEWLINE)
		{
			/* \r\n is one break */
			if (cp == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			if (++pending_breaks >= 2 && saw_token)
				return true;
		}
		else if (cc != CC_SPACE && cc != CC_IGNORABLE)
		{
			saw_token = true;
			pending_breaks = 0;
		}
		i += nb;
	}
	return false;
}
