/*
 * tokens.c -- stage 1: UTF-8 text to tokens.
 *
 * One pass over the bytes.  Unicode categories come from utf8proc; ASCII
 * takes a table-free fast path.  Each token records its byte span, its
 * code-point span (so SQL positions cost nothing later), shape and layout
 * flags, the folded hash used by every lexicon and the model, and the
 * classes of its word in the lexicon.
 *
 * Invalid UTF-8 (possible only outside a UTF-8 database) is read one byte
 * per character, so every byte still belongs to exactly one token or gap.
 */
#include "said.h"
#include "lexicon.h"
#include "patterns.h"

#include <string.h>
#include <utf8proc.h>

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

typedef struct Scanner
{
	const unsigned char *s;
	size_t		len;
} Scanner;

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
			*cp = 0xFFFD;		/* one invalid byte, one character */
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

/* Shape bits of ASCII word characters (0: not a letter or digit). */
#define WS_LETTER	0x01
#define WS_UPPER	0x02
#define WS_LOWER	0x04
#define WS_DIGIT	0x08

static const uint8_t ascii_word_shape[128] = {
	['0' ... '9'] = WS_DIGIT,
	['A' ... 'Z'] = WS_LETTER | WS_UPPER,
	['a' ... 'z'] = WS_LETTER | WS_LOWER,
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
	static const char *const clitics[] = {"s", "re", "ve", "ll", "d", "m"};

	for (size_t k = 0; k < sizeof(clitics) / sizeof(clitics[0]); k++)
	{
		size_t		n = strlen(clitics[k]);

		if (after_apostrophe + n <= sc->len)
		{
			bool		match = true;

			for (size_t j = 0; j < n; j++)
			{
				unsigned char c = sc->s[after_apostrophe + j];

				if ((c | 0x20) != (unsigned char) clitics[k][j])
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

typedef struct TokenBuilder
{
	SaidDoc    *doc;
	int			capacity;
	uint8_t    *breaks;			/* line breaks before each token (0..2) */
	int			breaks_capacity;
	bool		saw_blank_line;
} TokenBuilder;

/* bytes of the token array copied between two interrupt checks */
#define GROW_COPY_PIECE ((size_t) 64 * 1024 * 1024)

/*
 * said_grow for the token array, with the copy done in pieces between
 * interrupt checks: for a 100 MB document the array is a gigabyte, and
 * copying it into fresh pages in one memcpy held off a cancel request for
 * over a second.
 */
static SaidToken *
grow_tokens(SaidDoc *doc, int *capacity, int needed)
{
	int			cap = *capacity < 16 ? 16 : *capacity;
	size_t		old_bytes = (size_t) *capacity * sizeof(SaidToken);
	char	   *bigger;

	while (cap < needed)
		cap *= 2;
	bigger = said_arena_alloc(doc->arena, (size_t) cap * sizeof(SaidToken));
	for (size_t off = 0; doc->tok && off < old_bytes; off += GROW_COPY_PIECE)
	{
		said_check_interrupts(doc);
		memcpy(bigger + off, (char *) doc->tok + off,
			   old_bytes - off < GROW_COPY_PIECE ? old_bytes - off : GROW_COPY_PIECE);
	}
	*capacity = cap;
	return (SaidToken *) bigger;
}

static SaidToken *
push_token(TokenBuilder *tb, size_t b0, size_t b1, uint32_t c0, uint32_t c1,
		   SaidTokenKind kind, uint16_t flags, int pending_breaks)
{
	SaidDoc    *doc = tb->doc;
	SaidToken  *t;
	int			cap = tb->capacity;

	if (doc->ntok >= cap)
	{
		int			bcap = tb->breaks_capacity;

		doc->tok = grow_tokens(doc, &tb->capacity, doc->ntok + 1);
		tb->breaks = said_grow(doc->arena, tb->breaks, &bcap, doc->ntok + 1, 1);
		tb->breaks_capacity = bcap;
	}
	t = &doc->tok[doc->ntok];
	tb->breaks[doc->ntok] = (uint8_t) (pending_breaks > 2 ? 2 : pending_breaks);
	doc->ntok++;
	t->b0 = (uint32_t) b0;
	t->b1 = (uint32_t) b1;
	t->c0 = c0;
	t->c1 = c1;
	t->kind = (uint8_t) kind;
	t->flags = flags;
	t->qmark = 0;
	t->sent = 0;
	t->region = -1;
	t->mention = -1;
	t->lex = 0;
	t->hash = said_fold_hash(doc->text + b0, b1 - b0);
	if (kind == TOK_WORD || kind == TOK_NUMBER)
		t->lex = said_lex_classes(t->hash);
	if (kind == TOK_WORD && said_user_cue(doc->user, t->hash))
		t->lex |= LX_USER_CUE;
	return t;
}

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

/*
 * An upper bound of the number of tokens of well-formed text, so that the
 * token array, the largest structure of a document, is allocated once at
 * about its final size instead of doubling (which leaves the old arrays
 * behind in the arena: 3x the final size at the peak).  A token can start
 * at any punctuation byte or non-ASCII lead byte, and at the first of a
 * run of ASCII letters and digits, never inside such a run, except after a
 * URL cut at URL_WINDOW bytes or in invalid UTF-8: then the array grows.
 * Vectorised: a byte-at-a-time loop would cost a tenth of the tokenizer.
 */
static int
token_bound(const unsigned char *s, size_t len)
{
	size_t		n = 0,
				i = 0;
	TbVec		prev_word = {0};
	bool		last_word = false;

	while (i + 16 <= len)
	{
		TbVec		acc = {0};

		/* lanes count to at most 255 before they are summed */
		for (int round = 0; round < 255 && i + 16 <= len; round++, i += 16)
		{
			TbVec		v,
						word,
						always,
						before;

			memcpy(&v, s + i, 16);
			word = (TbVec) ((TbVec) (v - '0') < 10) | (TbVec) ((TbVec) ((v | 0x20) - 'a') < 26);
			always = (TbVec) (v > ' ') & (TbVec) (v != 0x7F) & ~word &
				~((TbVec) (v >= 0x80) & (TbVec) (v < 0xC0));
			before = SAID_SHUFFLE16(prev_word, word, 15, 16, 17, 18, 19, 20, 21, 22,
											 23, 24, 25, 26, 27, 28, 29, 30);
			acc -= always | (word & ~before);	/* lanes are 0 or 0xFF: -(-1) */
			prev_word = word;
		}
		for (int k = 0; k < 16; k++)
			n += acc[k];
		last_word = prev_word[15] != 0;
	}
	for (; i < len; i++)
	{
		unsigned char c = s[i];
		bool		word = c < 0x80 && ascii_word_shape[c];

		if (word ? !last_word : (c > ' ' && c != 0x7F && (c < 0x80 || c >= 0xC0)))
			n++;
		last_word = word;
	}
	return n < (size_t) INT32_MAX - 64 ? (int) n : INT32_MAX - 64;
}

void
said_tokenize(SaidDoc *doc)
{
	Scanner		sc = {(const unsigned char *) doc->text, doc->len};
	TokenBuilder tb = {doc, 0, NULL, 0, false};
	size_t		i = 0;
	uint32_t	ci = 0;			/* code points before byte i */
	bool		space_before = true;
	int			pending_breaks = 1; /* the text starts a line */
	uint32_t	since_check = 0;

	tb.capacity = token_bound(sc.s, sc.len) + 1;
	tb.breaks_capacity = tb.capacity;
	doc->tok = said_arena_alloc(doc->arena, (size_t) tb.capacity * sizeof(SaidToken));
	tb.breaks = said_arena_alloc(doc->arena, (size_t) tb.capacity);
	doc->ntok = 0;

	while (i < sc.len)
	{
		int			nb;
		int32_t		cp;
		CharClass	cc = class_at(&sc, i, &nb, &cp);
		size_t		start = i;
		uint32_t	cstart = ci;
		uint16_t	flags = space_before ? TF_SPACE_BEFORE : 0;
		SaidToken  *t;

		if (++since_check >= 8192)
		{
			since_check = 0;
			said_check_interrupts(doc);
		}

		if (cc == CC_SPACE || cc == CC_IGNORABLE)
		{
			i += nb;
			ci++;
			if (cc == CC_SPACE)
				space_before = true;
			continue;
		}
		if (cc == CC_NEWLINE)
		{
			/* \r\n is one break */
			if (cp == '\r' && i + 1 < sc.len && sc.s[i + 1] == '\n')
			{
				i++;
				ci++;
			}
			i += nb;
			ci++;
			pending_breaks++;
			if (pending_breaks >= 2 && tb.doc->ntok > 0)
				tb.saw_blank_line = true;
			space_before = true;
			continue;
		}
		if (doc->ntok > 0 && space_before)
			doc->tok[doc->ntok - 1].flags |= TF_SPACE_AFTER;

		if (pending_breaks > 0)
			flags |= TF_LINE_START;

		if (cc == CC_LETTER || cc == CC_DIGIT || cc == CC_MARK)
		{
			bool		first_upper = is_upper_cp(cp);
			bool		any_upper = first_upper;
			bool		any_lower = is_lower_cp(cp);
			bool		any_digit = cc == CC_DIGIT;
			bool		any_letter = cc == CC_LETTER;
			bool		period = false,
						hyphen = false,
						apostrophe = false;
			size_t		url_len = 0;

			if ((cp == 'h' || cp == 'w' || cp == 'H' || cp == 'W'))
				url_len = said_match_url(doc->text, doc->len, i);
			if (url_len > 0)
			{
				size_t		j = i;

				while (j < i + url_len)
				{
					int32_t		c2;

					j += decode(&sc, j, &c2);
					ci++;
				}
				i = j;
				t = push_token(&tb, start, i, cstart, ci, TOK_WORD, flags | TF_URL | TF_ALL_LOWER, pending_breaks);
				goto next;
			}

			i += nb;
			ci++;
			while (i < sc.len)
			{
				int			nb2;
				int32_t		cp2;
				CharClass	c2;
				unsigned	shape = 0;

				/* ASCII letters and digits, the bulk of every word: no decoding */
				while (i < sc.len && sc.s[i] < 0x80 && ascii_word_shape[sc.s[i]])
				{
					shape |= ascii_word_shape[sc.s[i]];
					i++;
					ci++;
				}
				if (shape)
				{
					any_letter |= (shape & WS_LETTER) != 0;
					any_upper |= (shape & WS_UPPER) != 0;
					any_lower |= (shape & WS_LOWER) != 0;
					any_digit |= (shape & WS_DIGIT) != 0;
					continue;
				}
				c2 = class_at(&sc, i, &nb2, &cp2);

				/*
				 * One word can be the whole document (100 MB without a
				 * space): check here too, or cancellation waits for it.
				 */
				if (++since_check >= 8192)
				{
					since_check = 0;
					said_check_interrupts(doc);
				}
				if (c2 == CC_LETTER || c2 == CC_DIGIT || c2 == CC_MARK)
				{
					if (c2 == CC_LETTER)
					{
						any_letter = true;
						if (is_upper_cp(cp2))
							any_upper = true;
						else if (is_lower_cp(cp2))
							any_lower = true;
					}
					else if (c2 == CC_DIGIT)
						any_digit = true;
					i += nb2;
					ci++;
					continue;
				}
				if ((c2 == CC_HYPHEN || c2 == CC_APOSTROPHE || cp2 == '.' ||
					 (any_digit && !any_letter && (cp2 == ',' || cp2 == ':' || cp2 == '/'))) &&
					i + nb2 < sc.len)
				{
					int			nb3;
					int32_t		cp3;
					CharClass	c3 = class_at(&sc, i + nb2, &nb3, &cp3);

					if (c3 == CC_LETTER || c3 == CC_DIGIT)
					{
						if (c2 == CC_APOSTROPHE)
						{
							int			cl = clitic_length(&sc, i + nb2);

							/* "Assad’s" -> "Assad" + "’s"; "don't" stays whole */
							if (cl > 0 && any_letter)
								break;
							apostrophe = true;
						}
						else if (c2 == CC_HYPHEN)
							hyphen = true;
						else if (cp2 == '.')
						{
							/* "U.S", "e.g": a letter-dot-letter run; "3.5" */
							if (any_letter && (i - start) > 4 && !any_digit)
								break;
							period = true;
						}
						i += nb2 + nb3;
						ci += 2;
						if (c3 == CC_LETTER)
						{
							any_letter = true;
							if (is_upper_cp(cp3))
								any_upper = true;
							else if (is_lower_cp(cp3))
								any_lower = true;
						}
						else
							any_digit = true;
						continue;
					}
				}
				break;
			}

			/* A trailing period stays with initials, "U.S." and known abbreviations. */
			if (i < sc.len && sc.s[i] == '.' && any_letter)
			{
				bool		keep = period || (i - start == 1 && any_upper);

				if (!keep)
				{
					uint64_t	h = said_fold_hash(doc->text + start, i + 1 - start);

					keep = (said_lex_classes(h) & LX_ABBREV) != 0;
				}
				if (keep)
				{
					period = true;
					i++;
					ci++;
				}
			}

			if (any_letter)
			{
				flags |= first_upper ? TF_UPPER_INITIAL : 0;
				if (any_upper && !any_lower)
					flags |= TF_ALL_UPPER;
				if (any_lower && !any_upper)
					flags |= TF_ALL_LOWER;
			}
			if (any_digit)
				flags |= TF_HAS_DIGIT;
			if (period)
				flags |= TF_HAS_PERIOD;
			if (hyphen)
				flags |= TF_HYPHEN;
			if (apostrophe)
				flags |= TF_APOSTROPHE;
			t = push_token(&tb, start, i, cstart, ci,
						   any_letter ? TOK_WORD : TOK_NUMBER,
						   flags, pending_breaks);
			goto next;
		}

		if (cc == CC_APOSTROPHE)
		{
			/* A clitic after a word: "’s", "'re". */
			if (doc->ntok > 0 && !space_before && doc->tok[doc->ntok - 1].kind == TOK_WORD &&
				doc->tok[doc->ntok - 1].b1 == start)
			{
				int			cl = clitic_length(&sc, i + nb);

				if (cl > 0)
				{
					i += nb + cl;
					ci += 1 + cl;
					t = push_token(&tb, start, i, cstart, ci, TOK_WORD,
								   flags | TF_ALL_LOWER | TF_APOSTROPHE, pending_breaks);
					goto next;
				}
			}
		}

		if (cc == CC_QUOTE || cc == CC_APOSTROPHE)
		{
			uint8_t		q = quote_glyph(cp);

			i += nb;
			ci++;
			t = push_token(&tb, start, i, cstart, ci, TOK_QUOTE, flags, pending_breaks);
			t->qmark = q;
			goto next;
		}

		/* `` and '' (typewriter and PTB style) are double marks. */
		if (cp == '`' && i + 1 < sc.len && sc.s[i + 1] == '`')
		{
			i += 2;
			ci += 2;
			t = push_token(&tb, start, i, cstart, ci, TOK_QUOTE, flags, pending_breaks);
			t->qmark = QM_DOUBLE | QM_OPEN_FORM;
			goto next;
		}

		if (cc == CC_PUNCT || cc == CC_HYPHEN)
		{
			i += nb;
			ci++;
			/* runs of dots and hyphens are one token: "...", "--" */
			if (cp == '.' || cp == '-')
				while (i < sc.len && sc.s[i] == (unsigned char) cp)
				{
					i++;
					ci++;
				}
			t = push_token(&tb, start, i, cstart, ci, TOK_PUNCT, flags, pending_breaks);
			goto next;
		}

		/* symbols, emoji, and anything else: one code point each */
		i += nb;
		ci++;
		t = push_token(&tb, start, i, cstart, ci, TOK_SYMBOL, flags, pending_breaks);

next:
		(void) t;
		space_before = false;
		pending_breaks = 0;
	}
	if (doc->ntok > 0)
		doc->tok[doc->ntok - 1].flags |= TF_SPACE_AFTER;
	doc->nchars = ci;

	/* '' is a closing double mark in PTB text: merge two adjacent ' marks. */
	{
		int			out = 0;

		for (int k = 0; k < doc->ntok; k++)
		{
			SaidToken  *a = &doc->tok[k];

			if (a->kind == TOK_QUOTE && k + 1 < doc->ntok &&
				doc->text[a->b0] == '\'' && a->b1 == a->b0 + 1 &&
				doc->tok[k + 1].kind == TOK_QUOTE && doc->tok[k + 1].b0 == a->b1 &&
				doc->text[a->b1] == '\'')
			{
				doc->tok[out] = *a;
				doc->tok[out].b1 = doc->tok[k + 1].b1;
				doc->tok[out].c1 = doc->tok[k + 1].c1;
				doc->tok[out].flags |= doc->tok[k + 1].flags & TF_SPACE_AFTER;
				doc->tok[out].qmark = QM_DOUBLE | QM_CLOSE_FORM;
				tb.breaks[out] = tb.breaks[k];
				out++;
				k++;
				continue;
			}
			/* copy only once a merge has shifted the tokens */
			if (out != k)
			{
				tb.breaks[out] = tb.breaks[k];
				doc->tok[out] = *a;
			}
			out++;
		}
		doc->ntok = out;
	}

	/*
	 * Paragraphs: blank lines when the text has any, else every line break
	 * (news feeds often put one paragraph a line).
	 */
	for (int k = 0; k < doc->ntok; k++)
	{
		int			need = tb.saw_blank_line ? 2 : 1;

		if (k == 0 || tb.breaks[k] >= need)
			doc->tok[k].flags |= TF_PARA_START | TF_LINE_START;
	}

	/* Context of each quote mark: may it open, may it close? */
	for (int k = 0; k < doc->ntok; k++)
	{
		SaidToken  *t = &doc->tok[k];
		bool		before_space,
					after_space;
		bool		before_word,
					after_word;

		if (t->kind != TOK_QUOTE)
			continue;
		before_space = (t->flags & TF_SPACE_BEFORE) || k == 0;
		after_space = (t->flags & TF_SPACE_AFTER) || k + 1 == doc->ntok;
		before_word = !before_space && doc->tok[k - 1].kind != TOK_PUNCT;
		after_word = !after_space && doc->tok[k + 1].kind != TOK_PUNCT &&
			doc->tok[k + 1].kind != TOK_QUOTE;
		if (!after_space || (t->qmark & QM_OPEN_FORM))
			t->qmark |= QM_CAN_OPEN;
		if (!before_space || (t->qmark & QM_CLOSE_FORM))
			t->qmark |= QM_CAN_CLOSE;
		/* a symmetric mark glued to words on both sides is not a quote */
		if ((t->qmark & QM_SYMMETRIC) && before_word && after_word)
			t->qmark &= (uint8_t) ~(QM_CAN_OPEN | QM_CAN_CLOSE);
	}
}
