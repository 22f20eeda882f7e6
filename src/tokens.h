/*
 * tokens.h -- small token tests shared by the stages that read words
 * (cues.c, attribution.c): static inline, so each stays a few compares.
 */
#ifndef SAID_TOKENS_H
#define SAID_TOKENS_H

#include "said.h"

#include <string.h>

/* Is token t the word w (w in lower case, ASCII), whatever its case? */
static inline bool
word_is(const SaidDoc *doc, int t, const char *w)
{
	size_t		n = strlen(w);
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

/* Is token t the one-character punctuation c? */
static inline bool
punct_is(const SaidDoc *doc, int t, char c)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_PUNCT &&
		doc->tok[t].b1 - doc->tok[t].b0 == 1 && doc->text[doc->tok[t].b0] == c;
}

/* Are tokens a and b in the same sentence? */
static inline bool
same_sent(const SaidDoc *doc, int a, int b)
{
	return a >= 0 && b >= 0 && a < doc->ntok && b < doc->ntok &&
		doc->tok[a].sent == doc->tok[b].sent;
}

#endif							/* SAID_TOKENS_H */
