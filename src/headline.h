/*
 * headline.h -- a document with its quotes and speakers marked, for
 * said_headline().
 */
#ifndef SAID_HEADLINE_H
#define SAID_HEADLINE_H

#include "said.h"

/* The markers put around each quote's content and each speaker mention
 * (UTF-8, NUL-terminated); "{speaker}" and "{kind}" in them are replaced by
 * the speaker's name and the quote's kind. */
typedef struct SaidHeadlineMarkers
{
	const char *quote_start;
	const char *quote_stop;
	const char *speaker_start;
	const char *speaker_stop;
	bool		escape_html;	/* escape & < > " ' of the text and the names */
} SaidHeadlineMarkers;

/*
 * The text of doc with every quote's content and its speaker mention
 * wrapped in markers; NUL-terminated, in doc's arena, its length through
 * *len.  NULL when it would be longer than max_len bytes (*len says how long).
 */
char	   *said_headline_text(SaidDoc *doc, const SaidHeadlineMarkers *markers,
							   size_t max_len, size_t *len);

#endif							/* SAID_HEADLINE_H */
