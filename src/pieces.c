/*
 * pieces.c -- a long document analysed a piece at a time (said.h, "pieces").
 *
 * Every stage keeps its layer until the document is done, so that the
 * memory of a call grows with the document at a rate its shape decides (8
 * bytes a byte for news, 80 for a run of quote marks).  A document longer
 * than a piece is cut at the most natural place within the piece's size,
 * each piece analysed as a document of its own and its memory freed before
 * the next: memory is then the text plus what one piece needs.
 *
 * What one piece tells the next (struct SaidCarry): the persons the
 * document has named in full, by surname, with their gender, so that
 * "Merkel" in a later piece is still "Angela Merkel" and "she" still finds
 * her; and whether the document has blank lines (which decides what a
 * paragraph is).  Nothing else crosses a cut: a quotation open at a cut
 * ends there, a pronoun at the start of a piece looks for its antecedent
 * in the piece, and each piece's attribution model sees only the piece.
 */
#include "said.h"
#include "hashtab.h"

#include <string.h>

/* ------------------------------------------------------------- the cut */

static inline bool
space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Quotation marks that open or close a quotation for the cut's purpose:
 * +1 an opening mark, -1 a closing one, 2 the straight double quote, whose
 * direction is its parity; 0 anything else.  *nb: the character's bytes.
 * Single marks are not counted: they are apostrophes as often.
 */
static int
quote_step(const unsigned char *s, size_t i, size_t limit, int *nb)
{
	*nb = 1;
	if (s[i] == '"')
		return 2;
	if (i + 1 < limit && s[i] == 0xC2 && (s[i + 1] == 0xAB || s[i + 1] == 0xBB))
	{
		*nb = 2;
		return s[i + 1] == 0xAB ? 1 : -1;	/* « » */
	}
	if (i + 2 < limit && s[i] == 0xE2 && s[i + 1] == 0x80)
	{
		*nb = 3;
		if (s[i + 2] == 0x9C || s[i + 2] == 0x9E)
			return 1;			/* “ „ */
		if (s[i + 2] == 0x9D)
			return -1;			/* ” */
		*nb = 1;
	}
	if (i + 2 < limit && s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] >= 0x8C && s[i + 2] <= 0x8F)
	{
		*nb = 3;
		return (s[i + 2] & 1) ? -1 : 1;	/* 「 」 『 』 */
	}
	return 0;
}

/* A sentence's final punctuation: . ! ? (1), or 。！？ (2: no space follows). */
static int
sentence_punct(const unsigned char *s, size_t i, size_t limit, int *nb)
{
	*nb = 1;
	if (s[i] == '.' || s[i] == '!' || s[i] == '?')
		return 1;
	if (i + 2 < limit &&
		((s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) ||
		 (s[i] == 0xEF && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F))))
	{
		*nb = 3;
		return 2;
	}
	return 0;
}

/*
 * One pass over the piece's bytes, keeping the last place of each kind;
 * the first kind found in the second half wins, so that a piece is never
 * shorter than half the budget (but the last) and the pieces are few.
 */
size_t
said_piece_end(const char *text, size_t len, size_t start, size_t budget)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		limit,
				half,
				cut;
	size_t		para = 0,
				sent_outside = 0,
				sent_any = 0,
				space = 0;
	int			depth = 0;		/* curly and angle quotation marks open */
	bool		straight_open = false;
	int			pending = 0;	/* after a sentence's punctuation: its kind */

	if (start >= len)
		return len;
	if (budget < 8)
		budget = 8;
	if (len - start <= budget)
		return len;
	limit = start + budget;
	half = start + budget / 2;

	for (size_t i = start; i < limit;)
	{
		unsigned char c = s[i];
		int			nb,
					q,
					p;

		if (space_byte(c))
		{
			if (pending)
			{
				sent_any = i + 1;
				if (depth == 0 && !straight_open)
					sent_outside = i + 1;
				pending = 0;
			}
			space = i + 1;
			if (c == '\n')
			{
				/* a blank line: a line of nothing but spaces, tabs and \r */
				size_t		j = i + 1;

				while (j < limit && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
					j++;
				if (j < limit && s[j] == '\n')
				{
					/* the cut goes after the white space, before the next paragraph */
					while (j < limit && space_byte(s[j]))
						j++;
					para = space = j;
					depth = 0;
					straight_open = false;
				}
				i = j;
				continue;
			}
			i++;
			continue;
		}
		if ((q = quote_step(s, i, limit, &nb)) != 0)
		{
			if (q == 2)
				straight_open = !straight_open;
			else if (q > 0)
				depth++;
			else if (depth > 0)
				depth--;
			/* a closing mark after the punctuation keeps the sentence's end pending */
			if (pending && q != 1 && !(q == 2 && straight_open))
			{
				i += nb;
				continue;
			}
		}
		else if ((p = sentence_punct(s, i, limit, &nb)) != 0)
		{
			pending = p;
			i += nb;
			continue;
		}
		else if (pending && (c == ')' || c == ']' || c == '\''))
		{
			i++;
			continue;
		}
		else
		{
			/* the byte count of a character the cases above did not take */
			nb = 1;
			while (i + nb < limit && (s[i + nb] & 0xC0) == 0x80 && nb < 4)
				nb++;
		}
		/* 。 ends a sentence where the next character starts */
		if (pending == 2)
		{
			sent_any = i;
			if (depth == 0 && !straight_open)
				sent_outside = i;
		}
		pending = 0;
		i += nb;
	}

	if (para >= half)
		return para;
	if (sent_outside >= half)
		return sent_outside;
	if (sent_any >= half)
		return sent_any;
	if (space >= half)
		return space;
	/* the last character boundary: back over at most three continuation bytes */
	cut = limit;
	while (cut > start && limit - cut < 3 && (s[cut] & 0xC0) == 0x80)
		cut--;
	return (cut > start && (s[cut] & 0xC0) != 0x80) ? cut : limit;
}

/* ------------------------------------------------- what pieces carry */

/* A person the document has named in full, under the last word's hash. */
typedef struct CarriedName
{
	uint64_t	surname;		/* folded hash of the last word; 0: empty slot */
	const char *name;			/* the canonical name, NUL-terminated */
	uint32_t	len;
	uint8_t		gender;			/* SaidGender, once a piece decided it */
	uint8_t		evidence;		/* SaidGenderEvidence */
	bool		ambiguous;		/* two full names end with this word */
} CarriedName;

/*
 * Persons carried at most: beyond, the names of new surnames are not
 * carried (the table stays a few megabytes whatever the document).
 */
#define CARRY_MAX_NAMES (1 << 16)

struct SaidCarry
{
	SaidArena  *arena;
	CarriedName *slots;
	unsigned	bits;
	int			n;
};

static struct SaidCarry *
carry_new(SaidArena *arena)
{
	struct SaidCarry *c = said_arena_alloc(arena, sizeof(struct SaidCarry));

	c->arena = arena;
	c->bits = 6;
	c->n = 0;
	c->slots = said_arena_calloc(arena, (size_t) 1 << c->bits, sizeof(CarriedName));
	return c;
}

static CarriedName *
carry_slot(const struct SaidCarry *c, uint64_t surname)
{
	return SAID_HASH_SLOT(c->slots, c->bits, surname);
}

static CarriedName *
carry_find(const struct SaidCarry *c, uint64_t surname)
{
	CarriedName *s;

	if (c == NULL || surname == 0)
		return NULL;
	s = carry_slot(c, surname);
	return s->surname ? s : NULL;
}

static void
carry_grow(struct SaidCarry *c)
{
	CarriedName *old = c->slots;

	c->bits++;
	c->slots = said_arena_calloc(c->arena, (size_t) 1 << c->bits, sizeof(CarriedName));
	said_hash_move(c->slots, c->bits, old, sizeof(CarriedName));
}

static bool
same_name(const CarriedName *s, const char *name, size_t len)
{
	return s->len == len && memcmp(s->name, name, len) == 0;
}

/* Folded hash of the last word of an entity's canonical mention, 0: none. */
static uint64_t
entity_surname(const SaidDoc *doc, const SaidEntity *e, int *words)
{
	const SaidMention *m;

	if (e->canonical_mention < 0)
		return 0;
	m = &doc->mention[e->canonical_mention];
	*words = m->t1 - m->t0;
	return doc->tok[m->t1 - 1].hash;
}

/* The carried person a one-word name is, unless the surname is ambiguous. */
static const CarriedName *
carried_person(const struct SaidCarry *carry, uint64_t word)
{
	const CarriedName *s = carry_find(carry, word);

	return s && !s->ambiguous ? s : NULL;
}

/*
 * The carried person under the surname of person entity x, or NULL; the
 * surname's hash and the words of x's canonical mention (0: x is no person
 * with a mention) through *surname and *words.
 */
static CarriedName *
carried_for(const SaidDoc *doc, const struct SaidCarry *carry, int x, int *words,
			uint64_t *surname)
{
	const SaidEntity *e = &doc->entity[x];

	*words = 0;
	if (e->type != ENT_PERSON || (*surname = entity_surname(doc, e, words)) == 0)
		return NULL;
	return carry_find(carry, *surname);
}

static void
take_gender(SaidEntity *e, const CarriedName *s)
{
	if (e->gender == GENDER_UNKNOWN)
	{
		e->gender = s->gender;
		e->gender_evidence = s->evidence;
	}
}

/*
 * What a finished piece tells the next: each person it named in full (two
 * words or more), under the last word; a surname two persons share is
 * ambiguous from then on, as names.c's one-sense rule has it.  A gender
 * is carried from the first piece that decided it.
 */
static void
carry_remember(SaidDoc *doc, struct SaidCarry *c)
{
	if (c == NULL)
		return;
	said_work(doc, (uint64_t) doc->nentity);
	for (int x = 0; x < doc->nentity; x++)
	{
		SaidEntity *e = &doc->entity[x];
		int			words;
		uint64_t	surname;
		CarriedName *s = carried_for(doc, c, x, &words, &surname);
		size_t		len;
		const char *name;

		if (words == 0)
			continue;
		name = said_entity_name(doc, x, &len);
		if (s)
		{
			if (!same_name(s, name, len))
				s->ambiguous |= words >= 2;
			else if (s->gender == GENDER_UNKNOWN && e->gender != GENDER_UNKNOWN)
			{
				s->gender = e->gender;
				s->evidence = e->gender_evidence;
			}
			continue;
		}
		if (words < 2 || c->n >= CARRY_MAX_NAMES)
			continue;
		if ((size_t) (c->n + 1) * 2 > ((size_t) 1 << c->bits))
			carry_grow(c);
		s = carry_slot(c, surname);
		s->surname = surname;
		s->name = said_arena_strndup(c->arena, name, len);
		s->len = (uint32_t) len;
		s->gender = e->gender;
		s->evidence = e->gender_evidence;
		s->ambiguous = false;
		c->n++;
	}
}

/*
 * After names.c: a person this piece names by the surname alone takes the
 * full name an earlier piece gave it ("Merkel" is "Angela Merkel").
 */
void
said_carry_names(SaidDoc *doc, struct SaidCarry *carry)
{
	if (carry == NULL || carry->n == 0)
		return;
	said_work(doc, (uint64_t) doc->nentity);
	for (int x = 0; x < doc->nentity; x++)
	{
		int			words;
		uint64_t	surname;
		const CarriedName *s = carried_for(doc, carry, x, &words, &surname);

		if (s && !s->ambiguous && words == 1 && doc->entity[x].canonical_text == NULL)
			doc->entity[x].canonical_text = s->name;
	}
}

/*
 * After gender.c: a person this piece left undecided takes the gender an
 * earlier piece found for the same name, before attribution reads it.
 */
void
said_carry_gender(SaidDoc *doc, struct SaidCarry *carry)
{
	if (carry == NULL || carry->n == 0)
		return;
	said_work(doc, (uint64_t) doc->nentity);
	for (int x = 0; x < doc->nentity; x++)
	{
		int			words;
		uint64_t	surname;
		const CarriedName *s = carried_for(doc, carry, x, &words, &surname);
		size_t		len;
		const char *name;

		if (s == NULL || s->gender == GENDER_UNKNOWN)
			continue;
		name = said_entity_name(doc, x, &len);
		if (same_name(s, name, len))
			take_gender(&doc->entity[x], s);
	}
}

/*
 * After attribution: a speaker it named by one word without a mention
 * ("Merkel said", an entity said_speaker_entity made) takes the carried
 * full name and gender too.
 */
void
said_carry_speakers(SaidDoc *doc, struct SaidCarry *carry)
{
	if (carry == NULL || carry->n == 0)
		return;
	said_work(doc, (uint64_t) doc->nattr);
	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];
		SaidEntity *e;
		const CarriedName *s;

		if (a->speaker_entity < 0 || a->speaker_t0 < 0 || a->speaker_t1 - a->speaker_t0 != 1)
			continue;
		e = &doc->entity[a->speaker_entity];
		if (e->canonical_mention >= 0 || e->type != ENT_PERSON ||
			(s = carried_person(carry, doc->tok[a->speaker_t0].hash)) == NULL)
			continue;
		e->canonical_text = s->name;
		take_gender(e, s);
	}
}

/* ------------------------------------------------------- the pieces */

void
said_pieces_init(SaidPieces *p, SaidDoc *doc, SaidArena *arena,
				 const SaidAllocator *keep_alloc, const char *text, size_t len,
				 size_t budget, const struct SaidUserLexicon *user, bool entities_only)
{
	memset(p, 0, sizeof(*p));
	p->text = text;
	p->len = len;
	p->budget = budget;
	p->index = -1;
	p->entities_only = entities_only;
	p->user = user;
	p->doc = doc;
	p->arena = arena;
	said_arena_init(&p->keep, keep_alloc);
	/* only a document that is cut needs them */
	if (len > budget)
	{
		p->blank_line = said_has_blank_line(text, len, keep_alloc);
		p->carry = carry_new(&p->keep);
	}
}

bool
said_pieces_next(SaidPieces *p)
{
	SaidDoc    *doc = p->doc;

	if (p->index >= 0)
	{
		if (p->b1 >= p->len)
			return false;
		carry_remember(doc, p->carry);
		p->c0 += doc->nchars;
		p->b0 = p->b1;
		said_arena_free_all(p->arena);
	}
	p->b1 = (uint32_t) said_piece_end(p->text, p->len, p->b0, p->budget);
	said_doc_init(doc, p->arena, p->text + p->b0, p->b1 - p->b0);
	doc->user = p->user;
	doc->blank_line_elsewhere = p->blank_line;
	said_analyze_carried(doc, p->entities_only, p->carry);
	p->index++;
	return true;
}

void
said_pieces_free(SaidPieces *p)
{
	said_arena_free_all(p->arena);
	said_arena_free_all(&p->keep);
	p->carry = NULL;
}
