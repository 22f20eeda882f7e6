/*
 * tokens.h -- small token tests shared by the stages that read words
 * (entities.c, cues.c, attribution.c): static inline, so each stays a few
 * compares.
 */
#ifndef SAID_TOKENS_H
#define SAID_TOKENS_H

#include "said.h"

#include <string.h>

/* Is token t the word w of n bytes (w in lower case, ASCII), whatever its
 * case?  Through word_is or word_in: no strlen per call. */
static inline bool
word_is_n(const SaidDoc *doc, int t, const char *w, size_t n)
{
	const SaidToken *tk;

	if (t < 0 || t >= doc->ntok)
		return false;
	tk = &doc->tok[t];
	if (tk->kind != TOK_WORD || tk->b1 - tk->b0 != n)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		char		c = doc->text[tk->b0 + i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != w[i])
			return false;
	}
	return true;
}

/* Is token t the word w, a string literal (its length known when compiled)? */
#define word_is(doc, t, w) word_is_n((doc), (t), "" w "", sizeof(w) - 1)

/*
 * Is token t one of the words of list (lower case, ASCII; NULL-terminated)?
 * Each word is compared up to the token's length and must end there, so a
 * word unlike the token costs a byte or two, not a strlen.
 */
static inline bool
word_in(const SaidDoc *doc, int t, const char *const *list)
{
	const SaidToken *tk;
	size_t		n;

	if (t < 0 || t >= doc->ntok || doc->tok[t].kind != TOK_WORD)
		return false;
	tk = &doc->tok[t];
	n = tk->b1 - tk->b0;
	for (; *list; list++)
	{
		const char *w = *list;
		size_t		i = 0;

		for (; i < n; i++)
		{
			char		c = doc->text[tk->b0 + i];

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c != w[i])
				break;
		}
		if (i == n && w[n] == '\0')
			return true;
	}
	return false;
}

/* The first token that ends after byte b0 (doc->ntok when none): a binary search. */
static inline int
said_first_token_ending_after(const SaidDoc *doc, uint32_t b0)
{
	int			lo = 0,
				hi = doc->ntok;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (doc->tok[mid].b1 <= b0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is token t the one-character punctuation c? */
static inline bool
punct_is(const SaidDoc *doc, int t, char c)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_PUNCT &&
		doc->tok[t].b1 - doc->tok[t].b0 == 1 && doc->text[doc->tok[t].b0] == c;
}

/* Is token t the possessive clitic, "'s" or "’s", that tokenisation splits off a word? */
static inline bool
said_possessive_clitic(const SaidDoc *doc, int t)
{
	const SaidToken *k = &doc->tok[t];
	const char *w = doc->text + k->b0;
	size_t		n = k->b1 - k->b0;

	return k->kind == TOK_WORD &&
		((n == 2 && w[0] == '\'' && (w[1] == 's' || w[1] == 'S')) ||
		 (n == 4 && memcmp(w, "\xE2\x80\x99", 3) == 0 && (w[3] == 's' || w[3] == 'S')));
}

/* Are tokens a and b in the same sentence? */
static inline bool
same_sent(const SaidDoc *doc, int a, int b)
{
	return a >= 0 && b >= 0 && a < doc->ntok && b < doc->ntok &&
		doc->tok[a].sent == doc->tok[b].sent;
}

#endif							/* SAID_TOKENS_H */
