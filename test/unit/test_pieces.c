/*
 * test_pieces.c -- a long document analysed a piece at a time (pieces.c):
 * where said_piece_end cuts (each fallback, quotation marks open, UTF-8
 * boundaries, never an empty piece), what pieces carry (a surname's full
 * name and gender), positions over pieces, speakers merged across pieces,
 * and a document of one piece analysed as said_analyze does.
 */
#include "unit.h"
#include "claims.h"

/* said_piece_end from 0, as an offset into text */
static size_t
cut(const char *text, size_t budget)
{
	return said_piece_end(text, strlen(text), 0, budget);
}

/* text repeated to at least n bytes, malloc'd */
static char *
repeated(const char *unit, size_t n)
{
	size_t		u = strlen(unit);
	char	   *s = malloc(n + u + 1);
	size_t		k = 0;

	while (k < n)
	{
		memcpy(s + k, unit, u);
		k += u;
	}
	s[k] = '\0';
	return s;
}

static void
test_cut_rules(void)
{
	/* 0         1         2         3         4 */
	/* 0123456789012345678901234567890123456789012 */
	const char *para = "One two. Three four.\n\nFive six seven eight nine ten.";
	const char *sent = "One two three four. Five six. Seven eight nine ten eleven.";
	const char *quoted = "It went on and on. He said \"No. Never. Not now\" and more words follow.";
	const char *spaces = "one two three four five six seven eight nine ten";
	const char *early = "Hi.\n\nOne two three four five. Six seven eight nine ten eleven.";

	CHECK(cut("short", 100) == 5, "a text within the budget is one piece");
	CHECK(cut(para, 40) == 22, "cut after a blank line");
	CHECK(para[22] == 'F', "the next piece starts at the paragraph");
	CHECK(cut(sent, 40) == 30, "no paragraph break: after the last sentence end");
	CHECK(cut(quoted, 36) == 19,
		  "a sentence end inside quotation marks is passed over for one outside");
	CHECK(cut(quoted, 44) == 39,
		  "no sentence end outside quotation marks in the second half: the last inside");
	CHECK(cut(spaces, 20) == 19, "no sentence end: after the last white space");
	CHECK(cut(early, 40) == 30, "a paragraph break in the first half is passed over");
	CHECK(said_piece_end(sent, strlen(sent), 30, 40) == strlen(sent), "the rest fits: the end");
	CHECK(said_piece_end(sent, strlen(sent), strlen(sent), 40) == strlen(sent),
		  "at the end: the end");

	/* curly marks: an open “ keeps the sentence ends inside from being cuts */
	{
		const char *curly = "Yes it is so. \xe2\x80\x9c" "A b. C d. E f\xe2\x80\x9d and so on it goes.";

		CHECK(cut(curly, 28) == 14, "inside curly quotation marks: the sentence end before them");
	}
	/* 。 ends a sentence with no space after it */
	{
		const char *cjk = "\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82\xe6\x88\x91\xe4\xbb\xac\xe5\x8e\xbb"
			"\xe3\x80\x82\xe4\xbd\xa0\xe5\xa5\xbd\xe5\x90\x97\xe4\xbd\xa0\xe5\xa5\xbd";

		CHECK(cut(cjk, 24) == 21, "after 。 (no white space after it)");
	}
}

/* the cut falls on a character boundary of valid UTF-8 */
static void
test_cut_utf8(void)
{
	char	   *two = repeated("\xc3\xa9", 100);	/* é */
	char	   *three = repeated("\xe2\x80\x9c", 99);	/* “ */
	char	   *four = repeated("\xf0\x9f\x98\x80", 100);	/* 😀 */
	bool		ok = true;

	for (size_t b = 8; b < 40; b++)
	{
		size_t		c2 = cut(two, b),
					c3 = cut(three, b),
					c4 = cut(four, b);

		ok &= c2 > 0 && c2 <= b && c2 % 2 == 0;
		ok &= c3 > 0 && c3 <= b && c3 % 3 == 0;
		ok &= c4 > 0 && c4 <= b && c4 % 4 == 0;
	}
	CHECK(ok, "no word to cut at: the last character boundary within the budget");
	free(two);
	free(three);
	free(four);
}

/* Every piece of text is non-empty, within budget, and the pieces tile it. */
static bool
pieces_tile(const char *text, size_t len, size_t budget)
{
	size_t		start = 0;
	int			pieces = 0;

	while (start < len)
	{
		size_t		end = said_piece_end(text, len, start, budget);

		if (end <= start || end - start > (budget < 8 ? 8 : budget) || end > len)
			return false;
		/* pieces but the last are at least half the budget */
		if (end < len && end - start < (budget < 8 ? 8 : budget) / 2 - 3)
			return false;
		start = end;
		pieces++;
	}
	return pieces > 0;
}

static void
test_cut_never_empty(void)
{
	static const char *units[] = {
		"\n", "\n\n", " ", "\"", "\xe2\x80\x9c", "\xe3\x80\x8c\xe3\x80\x8d", "x", ". ",
		"\x80", "\xe2\x80", "\xf0", "A b.\n\n", "Kerry:\n", "He said: ", "!A", "\xc3\xa9 ",
		"\"A. ", "\r\n\r\n", "\xe3\x80\x82",
	};
	bool		ok = true;

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
	{
		char	   *text = repeated(units[u], 3000);
		size_t		len = strlen(text);

		for (size_t b = 1; b < 200; b += 7)
			ok &= pieces_tile(text, len, b);
		ok &= pieces_tile(text, len, 1000);
		free(text);
	}
	CHECK(ok, "hostile shapes: pieces never empty, within the budget, tiling the text");
}

/* code points of text[0, n): bytes that do not continue a character */
static uint32_t
code_points(const char *text, size_t n)
{
	uint32_t	c = 0;

	for (size_t k = 0; k < n; k++)
		c += ((unsigned char) text[k] & 0xC0) != 0x80;
	return c;
}

/* news-like filler of about n bytes, paragraphs without names */
static void
append_filler(char *buf, size_t *len, size_t n)
{
	const char *p = "The weather was mild and the streets were quiet \xe2\x80\x94 caf\xc3\xa9s opened late.\n\n";

	for (size_t k = 0; k < n; k += strlen(p))
	{
		memcpy(buf + *len, p, strlen(p));
		*len += strlen(p);
	}
	buf[*len] = '\0';
}

static void
append(char *buf, size_t *len, const char *s)
{
	memcpy(buf + *len, s, strlen(s));
	*len += strlen(s);
	buf[*len] = '\0';
}

static void
test_pieces_carry(void)
{
	char	   *text = malloc(64 * 1024);
	size_t		len = 0;
	SaidArena	arena;
	SaidDoc		doc;
	SaidPieces	p;
	SaidArena	book_arena;
	SaidSpeakerBook book;
	int			pieces = 0;
	bool		positions = true,
				merkel_later = false,
				female_later = false;
	int			merkel_rows = 0,
				merkel_quotes = 0,
				merkel_attributions = 0;

	append(text, &len, "\xe2\x80\x9cWe will manage,\xe2\x80\x9d Chancellor Angela Merkel said on Monday. "
		   "She said her government would stay the course.\n\n");
	append_filler(text, &len, 2500);
	append(text, &len, "\xe2\x80\x9cWe have done a great deal,\xe2\x80\x9d Merkel told reporters.\n\n");
	append_filler(text, &len, 2500);
	append(text, &len, "\xe2\x80\x9cThe work goes on,\xe2\x80\x9d Merkel said.\n\n");

	said_arena_init(&arena, &unit_heap);
	said_arena_init(&book_arena, &unit_heap);
	said_speaker_book_init(&book, &book_arena);
	said_pieces_init(&p, &doc, &arena, &unit_heap, text, len, 2048, NULL, false);
	while (said_pieces_next(&p))
	{
		pieces++;
		CHECK(p.index == pieces - 1, "pieces are numbered in order");
		for (int i = 0; i < doc.nattr; i++)
		{
			const SaidAttribution *a = &doc.attr[i];

			/* the piece's positions plus its start are the document's */
			positions &= memcmp(text + p.b0 + a->content_b0, doc.text + a->content_b0,
								a->content_b1 - a->content_b0) == 0;
			positions &= code_points(text, p.b0 + a->content_b0) == p.c0 + (uint32_t) a->content_c0;
			if (a->speaker_entity < 0 || strcmp(unit_entity_name(&doc, a->speaker_entity), "Angela Merkel") != 0)
				continue;
			merkel_attributions++;
			if (pieces > 1)
			{
				merkel_later = true;
				female_later |= doc.entity[a->speaker_entity].gender == GENDER_FEMALE;
			}
		}
		said_speaker_book_add(&book, &doc);
	}
	CHECK(pieces >= 3, "a document over the budget is cut into pieces");
	CHECK(p.b1 == len, "the last piece ends at the document's end");
	CHECK(positions, "positions over pieces: bytes and code points of the document");
	CHECK(merkel_later, "a surname in a later piece keeps the full name of an earlier one");
	CHECK(female_later, "and the gender an earlier piece found");
	for (int i = 0; i < book.nrow; i++)
		if (book.row[i].len == 13 && memcmp(book.row[i].name, "Angela Merkel", 13) == 0)
		{
			merkel_rows++;
			merkel_quotes += book.row[i].quotes;
		}
	CHECK(merkel_rows == 1 && merkel_attributions >= 3 && merkel_quotes == merkel_attributions,
		  "speakers of several pieces merged by name: one row, every quote counted");
	said_pieces_free(&p);
	said_arena_free_all(&book_arena);
	free(text);
}

/*
 * More persons than the carried table's first slots hold: it grows, and
 * every surname of a later piece still finds its full name.
 */
static void
test_carry_grows(void)
{
	static const char *const first[] = {"Anna", "Peter", "Maria", "John", "Laura"};
	static const char *const syllables[] = {"ko", "ran", "bel", "dit", "mor", "sen", "vag", "lu"};
	enum
	{
		NPERSONS = 96
	};
	char		surname[NPERSONS][16];
	char	   *text = malloc(64 * 1024);
	size_t		len = 0;
	SaidArena	arena;
	SaidDoc		doc;
	SaidPieces	p;
	int			named_in_full = 0,
				later = 0,
				resolved = 0;

	for (int i = 0; i < NPERSONS; i++)
	{
		char		line[96];

		snprintf(surname[i], sizeof(surname[i]), "%c%s%s", 'B' + i % 20,
				 syllables[i % 8], syllables[(i / 8) % 8]);
		snprintf(line, sizeof(line), "%s %.15s said on Monday that the plan would work.\n\n",
				 first[i % 5], surname[i]);
		append(text, &len, line);
	}
	append_filler(text, &len, 2500);
	for (int i = 0; i < NPERSONS; i++)
	{
		char		line[96];

		snprintf(line, sizeof(line), "\xe2\x80\x9cIt will work,\xe2\x80\x9d %.15s said.\n\n", surname[i]);
		append(text, &len, line);
	}

	said_arena_init(&arena, &unit_heap);
	said_pieces_init(&p, &doc, &arena, &unit_heap, text, len, 6000, NULL, false);
	while (said_pieces_next(&p))
		for (int i = 0; i < doc.nattr; i++)
		{
			const SaidAttribution *a = &doc.attr[i];
			const char *name;

			if (a->speaker_entity < 0)
				continue;
			name = unit_entity_name(&doc, a->speaker_entity);
			if (p.index == 0)
				named_in_full += strchr(name, ' ') != NULL;
			else if (a->kind == QK_DIRECT)
			{
				later++;
				resolved += strchr(name, ' ') != NULL;
			}
		}
	CHECK(named_in_full > 64 && later == NPERSONS && resolved == later,
		  "more persons than the carried table's first slots: each surname of a later piece keeps its full name");
	said_pieces_free(&p);
	free(text);
}

/* A document within the budget: one piece, the analysis said_analyze makes. */
static void
test_one_piece(void)
{
	char	   *news = unit_seed_article();
	SaidArena	a1,
				a2;
	SaidDoc		whole,
				piece;
	SaidPieces	p;
	bool		same;
	int			n = 0;

	if (!news)
	{
		CHECK(false, "the seed article");
		return;
	}
	unit_analyze(&whole, &a1, news);
	said_arena_init(&a2, &unit_heap);
	said_pieces_init(&p, &piece, &a2, &unit_heap, news, strlen(news), SAID_PIECE_BYTES, NULL, false);
	while (said_pieces_next(&p))
		n++;
	same = n == 1 && p.b0 == 0 && p.c0 == 0 && piece.ntok == whole.ntok &&
		piece.nattr == whole.nattr && piece.nentity == whole.nentity &&
		piece.nmention == whole.nmention &&
		memcmp(piece.tok, whole.tok, sizeof(SaidToken) * whole.ntok) == 0;
	for (int i = 0; same && i < whole.nattr; i++)
		same = piece.attr[i].content_b0 == whole.attr[i].content_b0 &&
			piece.attr[i].content_b1 == whole.attr[i].content_b1 &&
			piece.attr[i].speaker_entity == whole.attr[i].speaker_entity &&
			piece.attr[i].confidence == whole.attr[i].confidence &&
			strcmp(piece.attr[i].rule, whole.attr[i].rule) == 0;
	CHECK(same, "a document within the budget: one piece, analysed as said_analyze does");
	said_pieces_free(&p);
	said_arena_free_all(&a1);

	/* an empty document is one empty piece */
	said_arena_init(&a2, &unit_heap);
	said_pieces_init(&p, &piece, &a2, &unit_heap, "", 0, 100, NULL, false);
	n = 0;
	while (said_pieces_next(&p))
		n++;
	CHECK(n == 1 && piece.ntok == 0 && piece.nattr == 0, "an empty document: one empty piece");
	said_pieces_free(&p);
	free(news);
}

/* Blank lines decide paragraphs for every piece as for the document. */
static void
test_blank_lines(void)
{
	CHECK(said_has_blank_line("a\n\nb", 4, NULL), "a blank line");
	CHECK(said_has_blank_line("a\r\n \t\r\nb", 8, NULL), "a blank line of white space, \\r\\n");
	CHECK(!said_has_blank_line("a\nb\nc", 5, NULL), "line breaks alone");
	CHECK(!said_has_blank_line("\n\na\nb", 5, NULL), "blank lines before the first word do not count");
	CHECK(!said_has_blank_line("a\r\nb", 4, NULL), "\\r\\n is one break");
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	test_cut_rules();
	test_cut_utf8();
	test_cut_never_empty();
	test_blank_lines();
	test_one_piece();
	test_pieces_carry();
	test_carry_grows();
	return unit_done();
}
