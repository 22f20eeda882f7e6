/*
 * headline.c -- said_headline(): the whole document with each quote's
 * content and its speaker mention wrapped in markers.
 *
 * Marked spans never overlap: of two that do, the one starting first (the
 * longer at equal starts) is kept, so the markers always nest properly.
 * The text is written in two passes, one that counts its bytes and one
 * that fills a buffer of that size, so that a document of hundreds of
 * megabytes is neither copied while it grows nor held twice.
 */
#include "headline.h"

#include <stdlib.h>
#include <string.h>

typedef struct Mark
{
	int32_t		b0,
				b1;
	int32_t		attr;
	bool		is_speaker;
} Mark;

static int
mark_cmp(const void *a, const void *b)
{
	const Mark *x = a,
			   *y = b;

	if (x->b0 != y->b0)
		return x->b0 < y->b0 ? -1 : 1;
	if (x->b1 != y->b1)
		return x->b1 > y->b1 ? -1 : 1;	/* the longer first */
	if (x->attr != y->attr)
		return x->attr < y->attr ? -1 : 1;
	return (int) x->is_speaker - (int) y->is_speaker;	/* the content first */
}

/* The output: counted when buf is NULL, else written. */
typedef struct Out
{
	SaidDoc    *doc;			/* for interrupt checks */
	char	   *buf;
	size_t		len;
} Out;

/* bytes of text escaped between two interrupt checks */
#define ESCAPE_PIECE ((size_t) 1 << 20)

static inline void
emit(Out *o, const char *s, size_t n)
{
	if (o->buf)
		memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* HTML escapes of the bytes that have one, and how many bytes they add. */
static const char *const html_escape[256] = {
	['&'] = "&amp;",['<'] = "&lt;",['>'] = "&gt;",['"'] = "&quot;",['\''] = "&#39;",
};
static const uint8_t html_extra[256] = {
	['&'] = 4,['<'] = 3,['>'] = 3,['"'] = 5,['\''] = 4,
};

/*
 * n bytes of UTF-8 text, HTML-escaped when asked: counted by adding up what
 * each byte adds, written a byte at a time; an interrupt check every
 * megabyte (a single word of 100 MB held off a cancel request for a
 * second).
 */
static void
emit_text(Out *o, const char *s, size_t n, bool html)
{
	const unsigned char *u = (const unsigned char *) s;

	if (!html)
	{
		emit(o, s, n);
		return;
	}
	for (size_t done = 0; done < n;)
	{
		size_t		end = n - done > ESCAPE_PIECE ? done + ESCAPE_PIECE : n;

		if (o->buf == NULL)
		{
			size_t		extra = 0;

			for (size_t i = done; i < end; i++)
				extra += html_extra[u[i]];
			o->len += end - done + extra;
		}
		else
		{
			char	   *w = o->buf + o->len;

			for (size_t i = done; i < end; i++)
			{
				if (html_extra[u[i]])
				{
					memcpy(w, html_escape[u[i]], html_extra[u[i]] + 1);
					w += html_extra[u[i]] + 1;
				}
				else
					*w++ = (char) u[i];
			}
			o->len = w - o->buf;
		}
		done = end;
		if (done < n)
			said_check_interrupts(o->doc);
	}
}

/* A marker, {speaker} and {kind} replaced by their values. */
static void
emit_marker(Out *o, const char *marker, const char *speaker, size_t speaker_len,
			const char *kind, bool html)
{
	for (const char *p = marker; *p; p++)
	{
		if (*p == '{' && strncmp(p, "{speaker}", 9) == 0)
		{
			emit_text(o, speaker, speaker_len, html);
			p += 8;
		}
		else if (*p == '{' && strncmp(p, "{kind}", 6) == 0)
		{
			emit(o, kind, strlen(kind));
			p += 5;
		}
		else
			emit(o, p, 1);
	}
}

/* The marked text into o (counted or written). */
static void
render(SaidDoc *doc, const SaidHeadlineMarkers *hm, const Mark *marks, int nmarks, Out *o)
{
	int32_t		pos = 0;

	for (int k = 0; k < nmarks; k++)
	{
		const Mark *m = &marks[k];
		const SaidAttribution *a = &doc->attr[m->attr];
		const char *kind = said_quote_kind_name(a->kind);
		const char *name = "";
		size_t		name_len = 0;

		if (m->b0 < pos)
			continue;			/* overlaps a span already marked */
		if (a->speaker_entity >= 0)
			name = said_entity_name(doc, a->speaker_entity, &name_len);
		else if (a->speaker_t0 >= 0)
		{
			name = doc->text + doc->tok[a->speaker_t0].b0;
			name_len = doc->tok[a->speaker_t1 - 1].b1 - doc->tok[a->speaker_t0].b0;
		}
		emit_text(o, doc->text + pos, m->b0 - pos, hm->escape_html);
		emit_marker(o, m->is_speaker ? hm->speaker_start : hm->quote_start,
					name, name_len, kind, hm->escape_html);
		emit_text(o, doc->text + m->b0, m->b1 - m->b0, hm->escape_html);
		emit_marker(o, m->is_speaker ? hm->speaker_stop : hm->quote_stop,
					name, name_len, kind, hm->escape_html);
		pos = m->b1;
		said_check_interrupts(doc);
	}
	emit_text(o, doc->text + pos, doc->len - pos, hm->escape_html);
}

char *
said_headline_text(SaidDoc *doc, const SaidHeadlineMarkers *markers, size_t max_len,
				   size_t *len)
{
	Mark	   *marks = said_arena_alloc(doc->arena, sizeof(Mark) * ((size_t) doc->nattr * 2 + 1));
	int			nmarks = 0;
	Out			o = {doc, NULL, 0};

	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];

		if (a->content_b1 > a->content_b0)
			marks[nmarks++] = (Mark) {a->content_b0, a->content_b1, i, false};
		if (a->speaker_t0 >= 0)
			marks[nmarks++] = (Mark) {(int32_t) doc->tok[a->speaker_t0].b0,
				(int32_t) doc->tok[a->speaker_t1 - 1].b1, i, true};
	}
	qsort(marks, nmarks, sizeof(Mark), mark_cmp);

	render(doc, markers, marks, nmarks, &o);
	*len = o.len;
	if (o.len > max_len)
		return NULL;
	o.buf = said_arena_alloc(doc->arena, o.len + 1);
	o.len = 0;
	render(doc, markers, marks, nmarks, &o);
	o.buf[o.len] = '\0';
	*len = o.len;
	return o.buf;
}
