/*
 * gender.c -- stage 5b: the gender of each person of the document, decided
 * for the person (the entity), from the evidence of the whole document.
 * Strongest first:
 *
 *   user        the caller's table (SaidDoc.user) gives the person's
 *               fullest name: it decides, whatever the text says;
 *   pronoun     "she said", "his campaign": a he or she outside quotes
 *               whose window (its sentence so far and the one before)
 *               names one person it can refer to (pronoun_evidence);
 *   title       a gendered title before a mention ("Mrs.", "Sir",
 *               "Queen"), a noun of one sex right before the name
 *               ("actress Meryl Streep", "his wife Melania") or heading
 *               an apposition after it ("Hope Hicks, a spokeswoman
 *               for the campaign,");
 *   first_name  the first word of the fullest name, when the caller's
 *               table gives it as a first name (evidence "user"), or
 *               when data/first_names.tsv gives it to one sex for at
 *               least 95 % of births.
 *
 * Without evidence, or with evidence of both kinds that does not agree
 * enough (two to one), the gender stays unknown: never a guess.
 *
 * Pronouns are resolved against the genders the titles and first names
 * give, and count only where one person fits, so a pronoun's vote never
 * rests on another pronoun's (no circularity), and a "he" between two men
 * says nothing of either.  Attribution's resolution of pronoun speakers
 * (resolve.c) then reads the genders decided here.
 */
#include "said.h"
#include "gender.h"
#include "lexicon.h"
#include "tokens.h"
#include "word_classes.h"
#include "data.h"
#include "hashtab.h"

#include <string.h>

/* ----------------------------------------------------- first names */

/*
 * Filled without sorting (said_first_names_table, gender.h): a sort of the
 * 47,000 names cost more instructions than the rest of the loaders.
 */
SaidFirstNames said_first_names_table;

/* Most names of the table: 3 in 4 slots taken at most, for short probes. */
#define FIRST_NAMES_LOAD_NUM 4
#define FIRST_NAMES_LOAD_DEN 3

/* "0.966" -> 966; -1 unless a share between 0 and 1 with up to 3 decimals. */
static int
parse_permille(const char *s, const char *end)
{
	int			v,
				scale = 100;

	if (end - s < 1 || (s[0] != '0' && s[0] != '1'))
		return -1;
	v = (s[0] - '0') * 1000;
	s++;
	if (s < end && *s == '.')
		for (s++; s < end && scale > 0; s++, scale /= 10)
		{
			if (*s < '0' || *s > '9')
				return -1;
			v += (*s - '0') * scale;
		}
	return s == end && v <= 1000 ? v : -1;
}

const char *
said_first_names_init(const SaidAllocator *persistent)
{
	const char *p = said_data_first_names;
	const char *line,
			   *eol;
	uint64_t   *keys;
	uint16_t   *female;
	uint64_t	size;

	if (said_first_names_table.key)
		return NULL;
	size = said_hash_size(1024, (uint64_t) said_data_count_lines(p) * FIRST_NAMES_LOAD_NUM / FIRST_NAMES_LOAD_DEN);
	keys = persistent->alloc(persistent->ctx, sizeof(uint64_t) * size);
	female = persistent->alloc(persistent->ctx, sizeof(uint16_t) * size);
	memset(keys, 0, sizeof(uint64_t) * size);
	memset(female, 0, sizeof(uint16_t) * size);	/* empty slots too: the build writes them */
	said_first_names_table.bits = said_hash_log2(size);
	said_first_names_table.mask = size - 1;
	while (said_data_next_line(&p, &line, &eol))
	{
		const char *tab,
				   *tab2;
		int			share;
		uint64_t	key,
					i;

		if (eol == line || line[0] == '#')
			continue;
		tab = memchr(line, '\t', eol - line);
		tab2 = tab ? memchr(tab + 1, '\t', eol - tab - 1) : NULL;
		share = tab2 ? parse_permille(tab + 1, tab2) : -1;
		if (!tab || tab == line || share < 0)
		{
			if (persistent->release)
			{
				persistent->release(persistent->ctx, keys);
				persistent->release(persistent->ctx, female);
			}
			return "data/first_names.tsv: a line is not a name, a tab, a share between 0 and 1, a tab and a count";
		}
		key = said_fold_hash(line, tab - line);
		if (key == 0)
			continue;			/* the empty slot's mark: the name is left out */
		for (i = said_hash_slot64(key, said_first_names_table.bits); keys[i] != 0 && keys[i] != key;
			 i = said_hash_next(i, said_first_names_table.mask))
			;
		if (keys[i] == 0)		/* a name folded like an earlier one keeps the first */
		{
			keys[i] = key;
			female[i] = (uint16_t) share;
		}
	}
	said_first_names_table.female = female;
	said_first_names_table.key = keys;
	return NULL;
}

void
said_gender_tables(const SaidTableSink *out)
{
	SAID_TABLE_HEADER(out, "gender.h");
	SAID_TABLE_OBJECT(out, said_first_names_table);
	SAID_TABLE_ARRAY(out, said_first_names_table.key, said_first_names_table.mask + 1);
	SAID_TABLE_ARRAY(out, said_first_names_table.female, said_first_names_table.mask + 1);
}

int
said_first_name_female_permille(uint64_t key)
{
	if (key == 0 || !said_first_names_table.key)
		return -1;
	for (uint64_t i = said_hash_slot64(key, said_first_names_table.bits); said_first_names_table.key[i] != 0;
		 i = said_hash_next(i, said_first_names_table.mask))
		if (said_first_names_table.key[i] == key)
			return said_first_names_table.female[i];
	return -1;
}

int
said_first_name_gender(uint64_t key)
{
	int			f = said_first_name_female_permille(key);

	if (f >= FIRST_NAME_SHARE_PERMILLE)
		return GENDER_FEMALE;
	if (f >= 0 && 1000 - f >= FIRST_NAME_SHARE_PERMILLE)
		return GENDER_MALE;
	return GENDER_UNKNOWN;
}

/* ------------------------------------------------------------ evidence */

/* Words an apposition may run over before its head noun: "a former Trump
 * campaign chairman" (chosen by hand). */
#define APPOSITION_WORDS 6

/* Persons a pronoun's window may name before it is left alone (by hand). */
#define PRONOUN_CANDIDATES 8

/* Sentences a pronoun after a quote ("“…,” he said") looks back over for
 * the quote's speaker (by hand: a quote of a few sentences). */
#define PRONOUN_QUOTE_SENTENCES 4

/* Tokens a pronoun's window spans at most, whatever its sentences: the
 * window is read for every pronoun, and a text without sentence ends
 * must not make that quadratic (by hand: four long sentences). */
#define PRONOUN_WINDOW_TOKENS 256

/* Pronoun votes it takes to overrule a first name: on PolNeAR's dev
 * documents a single one turned a man female, the pronoun's referent a
 * woman the text does not name (chosen by hand from that one case). */
#define PRONOUNS_AGAINST_FIRST_NAME 2

#ifdef SAID_GENDER_TRACE
extern void said_gender_trace(const SaidDoc *doc, int tok, int entity, int candidates);
#endif

/* One gender's evidence against the other's. */
typedef struct Votes
{
	int32_t		female,
				male;
} Votes;

typedef struct PersonEvidence
{
	Votes		pronoun;
	Votes		title;
	bool		user_name;		/* the user's table gives the fullest name */
} PersonEvidence;

static inline void
vote(Votes *v, int gender)
{
	if (gender == GENDER_FEMALE)
		v->female++;
	else if (gender == GENDER_MALE)
		v->male++;
}

/* The gender votes give when one side has at least twice the other's. */
static int
votes_decide(const Votes *v)
{
	if (v->female > 0 && v->female >= 2 * v->male)
		return GENDER_FEMALE;
	if (v->male > 0 && v->male >= 2 * v->female)
		return GENDER_MALE;
	return GENDER_UNKNOWN;
}

/* The sex a noun names ("spokeswoman", "husband"), or GENDER_UNKNOWN. */
static int
noun_gender(const SaidDoc *doc, int t)
{
	uint64_t	c;

	if (doc->tok[t].kind != TOK_WORD)
		return GENDER_UNKNOWN;
	c = said_word_classes(doc->tok[t].hash);
	return (c & WORD_FEMALE_NOUN) ? GENDER_FEMALE :
		(c & WORD_MALE_NOUN) ? GENDER_MALE : GENDER_UNKNOWN;
}

/* The sex a title before a name gives ("Mrs.", "Sir", "Spokeswoman"). */
static int
title_gender(const SaidDoc *doc, int t)
{
	uint32_t	lex = doc->tok[t].lex;

	if (lex & LX_TITLE_FEMALE)
		return GENDER_FEMALE;
	if (lex & LX_TITLE_MALE)
		return GENDER_MALE;
	return noun_gender(doc, t);
}

/*
 * Is the noun at t the head of its noun phrase, which ends there?
 * Punctuation (a hyphen aside) follows it, or a preposition ("a mother of
 * three"), or "who".  Anything else, "'s" ("the wife's lawyer") or a verb
 * ("his wife said"), and the noun is not the apposition's head.
 */
static bool
ends_noun_phrase(const SaidDoc *doc, int t)
{
	const SaidToken *n;

	if (t + 1 >= doc->ntok || doc->tok[t + 1].sent != doc->tok[t].sent)
		return true;
	n = &doc->tok[t + 1];
	if (n->kind == TOK_PUNCT || n->kind == TOK_QUOTE)
		return !punct_is(doc, t + 1, '-');
	return n->kind == TOK_WORD &&
		((n->lex & LX_PRON_REL) ||
		 (said_word_classes(n->hash) & (WORD_OBJECT_PREP | WORD_NOUN_PREP)) != 0 ||
		 word_is(doc, t + 1, "to"));
}

/*
 * The sex of the head of an apposition after the name that ends at token
 * t1: ", a spokeswoman for", ", his wife,", ", Trump's campaign chairman,",
 * ", 45, a mother of three".  GENDER_UNKNOWN when none.
 */
static int
apposition_gender(const SaidDoc *doc, int t1)
{
	int			sent = doc->tok[t1 - 1].sent;
	int			t = t1;

	if (!punct_is(doc, t, ','))
		return GENDER_UNKNOWN;
	t++;
	/* an age first: ", 45, a mother" */
	if (t + 1 < doc->ntok && doc->tok[t].kind == TOK_NUMBER && punct_is(doc, t + 1, ','))
		t += 2;
	if (t >= doc->ntok || doc->tok[t].sent != sent || doc->tok[t].kind != TOK_WORD ||
		!((doc->tok[t].lex & LX_DETERMINER) || (doc->tok[t].flags & TF_UPPER_INITIAL)) ||
		(doc->tok[t].lex & (LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL | LX_PRON_FIRST |
							LX_PRON_REL | LX_CUE_VERB)))
		return GENDER_UNKNOWN;
	for (int n = 0; n < APPOSITION_WORDS && t < doc->ntok && doc->tok[t].sent == sent; n++, t++)
	{
		const SaidToken *k = &doc->tok[t];
		int			g;

		if (k->kind != TOK_WORD)	/* "'s" is a word: "Trump's campaign chairman" */
			return GENDER_UNKNOWN;
		g = noun_gender(doc, t);
		if (g != GENDER_UNKNOWN)
			return ends_noun_phrase(doc, t) ? g : GENDER_UNKNOWN;
		if (k->lex & (LX_CUE_VERB | LX_PRON_REL | LX_PRON_MALE | LX_PRON_FEMALE |
					  LX_PRON_PLURAL | LX_PRON_FIRST))
			return GENDER_UNKNOWN;
	}
	return GENDER_UNKNOWN;
}

/* Titles and nouns around mention m, into its person's title votes. */
static void
title_evidence(const SaidDoc *doc, const SaidMention *m, Votes *v)
{
	for (int k = m->title_t0; k < m->t0; k++)
		vote(v, title_gender(doc, k));
	/* a noun right before the name or its title: "actress Meryl Streep" */
	if (m->title_t0 > 0 && doc->tok[m->title_t0 - 1].sent == doc->tok[m->t0].sent)
		vote(v, noun_gender(doc, m->title_t0 - 1));
	if (m->t1 < doc->ntok)
		vote(v, apposition_gender(doc, m->t1));
}

/*
 * Is the word at t a Korean given name as English news romanises it,
 * "Geun-hye", "Ki-moon", "Jong-un": a capital, lower-case letters, a
 * hyphen, lower-case letters?  A name ending so is written family name
 * first ("Park Geun-hye"), and its first word is no first name ("Park" is
 * a man's name in the U.S. statistics).  Western hyphenated names have a
 * capital after the hyphen ("Jean-Marc", "Smith-Jones").
 */
static bool
family_name_first(const SaidDoc *doc, int t)
{
	const char *s = doc->text + doc->tok[t].b0;
	const char *end = doc->text + doc->tok[t].b1;
	const char *hyphen = memchr(s, '-', end - s);

	if (doc->tok[t].kind != TOK_WORD || !hyphen || hyphen - s < 2 || end - hyphen < 3 ||
		!(*s >= 'A' && *s <= 'Z'))
		return false;
	for (const char *p = s + 1; p < end; p++)
		if (p != hyphen && !(*p >= 'a' && *p <= 'z'))
			return false;
	return true;
}

/*
 * The gender of person e before pronouns: the user's table for the
 * fullest name, titles, the user's table for the first name, the first
 * name's statistics.
 */
static int
local_gender(const SaidDoc *doc, int e, PersonEvidence *ev, uint8_t *evidence)
{
	const SaidEntity *ent = &doc->entity[e];
	const SaidMention *c = &doc->mention[ent->canonical_mention];
	const SaidToken *first = &doc->tok[c->t0];
	int			g;

	if ((g = said_user_gender(doc->user, said_phrase_key(doc, c->t0, c->t1))) != GENDER_UNKNOWN)
	{
		ev->user_name = true;
		*evidence = GEV_USER;
		return g;
	}
	if ((g = votes_decide(&ev->title)) != GENDER_UNKNOWN)
	{
		*evidence = GEV_TITLE;
		return g;
	}
	/* a first name: the first of two words or more, not an initial, in a
	 * name not written family name first */
	if (c->t1 - c->t0 < 2 || first->kind != TOK_WORD || (first->flags & TF_HAS_PERIOD) ||
		first->b1 - first->b0 < 2 || family_name_first(doc, c->t1 - 1))
		return GENDER_UNKNOWN;
	if ((g = said_user_gender(doc->user, first->hash)) != GENDER_UNKNOWN)
	{
		*evidence = GEV_USER;
		return g;
	}
	if ((g = said_first_name_gender(first->hash)) != GENDER_UNKNOWN)
	{
		*evidence = GEV_FIRST_NAME;
		return g;
	}
	return GENDER_UNKNOWN;
}

/* Is token t a verb of saying in lower case ("said", not "Says" in a title)? */
static inline bool
saying_verb(const SaidDoc *doc, int t)
{
	return t >= 0 && t < doc->ntok && doc->tok[t].kind == TOK_WORD &&
		(doc->tok[t].lex & LX_CUE_VERB) && (doc->tok[t].flags & TF_ALL_LOWER);
}

/* Is mention m the subject of a verb of saying: "Obama said", "Obama
 * also told", "said Obama"? */
static bool
speaks(const SaidDoc *doc, const SaidMention *m)
{
	int			t = m->t1;

	while (t < doc->ntok && doc->tok[t].kind == TOK_WORD && (doc->tok[t].lex & LX_SENT_ADVERB) &&
		   !(doc->tok[t].lex & LX_CUE_VERB))
		t++;
	return saying_verb(doc, t) || saying_verb(doc, m->title_t0 - 1);
}

/* What a pronoun's window holds. */
typedef struct Window
{
	int			from;			/* first token of the window */
	int			named;			/* distinct named persons in it */
	int			compatible;		/* of them and of the nominal persons, those of a
								 * compatible gender */
	int			person;			/* the last compatible named person seen, or -1 */
	int			only;			/* the named person when there is one, or -1 */
} Window;

/*
 * The persons named (outside quotes) in [w->from, t) and the nominal ones
 * ("the woman", "an official"), counted into w for a pronoun of gender
 * want.  persons[0..next) are the person mentions outside quotes that end
 * before t.  False when there are too many persons to tell.
 */
static bool
read_window(const SaidDoc *doc, const int32_t *persons, int next, int t, int want, Window *w)
{
	int			seen[PRONOUN_CANDIDATES];

	w->named = w->compatible = 0;
	w->person = w->only = -1;
	for (int p = next - 1; p >= 0 && doc->mention[persons[p]].t0 >= w->from; p--)
	{
		int			e = doc->mention[persons[p]].entity;
		int			g = doc->entity[e].gender;
		bool		dup = false;

		for (int s = 0; s < w->named; s++)
			dup |= seen[s] == e;
		if (dup)
			continue;
		if (w->named == PRONOUN_CANDIDATES)
			return false;
		seen[w->named++] = e;
		if (g == GENDER_UNKNOWN || g == want)
		{
			w->compatible++;
			w->person = e;
		}
	}
	if (w->named == 1)
		w->only = seen[0];
	/*
	 * A person the text names by a noun may be what the pronoun refers to:
	 * "the woman", "a senior official", unless the noun belongs to a name:
	 * its title ("the host Chris Matthews") or an apposition ("Keith
	 * Scott, a 43-year-old black man").
	 */
	for (int n = w->from + 1; n < t; n++)
	{
		const SaidToken *k = &doc->tok[n];
		int			g;

		if (k->kind != TOK_WORD || !(k->lex & LX_PERSON_NOUN) || !(k->flags & TF_ALL_LOWER) ||
			(k->flags & TF_IN_QUOTE) || k->mention >= 0 || !(doc->tok[n - 1].lex & LX_DETERMINER) ||
			(n + 1 < doc->ntok && doc->tok[n + 1].mention >= 0) ||
			(n >= 3 && punct_is(doc, n - 2, ',') && doc->tok[n - 3].mention >= 0))
			continue;
		g = noun_gender(doc, n);
		if (g == GENDER_UNKNOWN || g == want)
			w->compatible++;
	}
	return true;
}

/*
 * Where the window of the pronoun at t starts: its sentence and the one
 * before.  After a closing quote mark ("“…,” he said") the pronoun names the
 * speaker of the quote, which may run over several sentences: the window
 * then reaches back to the nearest sentence naming a person, up to
 * PRONOUN_QUOTE_SENTENCES before.
 */
static int
window_start(const SaidDoc *doc, const int32_t *persons, int next, int t)
{
	int			s = doc->tok[t].sent;
	int			from = doc->sent[s > 0 ? s - 1 : 0].t0;

	if (t > 0 && doc->tok[t - 1].kind == TOK_QUOTE && next > 0)
	{
		int			last = doc->mention[persons[next - 1]].t0;

		if (last < from && doc->tok[last].sent >= s - PRONOUN_QUOTE_SENTENCES)
			from = doc->sent[doc->tok[last].sent].t0;
	}
	return from > t - PRONOUN_WINDOW_TOKENS ? from : t - PRONOUN_WINDOW_TOKENS;
}

/*
 * The person a sentence-initial "he" or "she" continues: the first person
 * named outside quotes in the sentence before (in window w), when that person is the
 * subject of a verb of saying there ("Obama said after meeting Putin.
 * He ...") and of a compatible gender; else -1.
 */
static int
continued_subject(const SaidDoc *doc, const int32_t *persons, int next, int t, int want,
				  const Window *w)
{
	int			s = doc->tok[t].sent;
	int			first = -1;

	if (!(doc->tok[t].flags & TF_SENT_START) || s == 0 ||
		!(word_is(doc, t, "he") || word_is(doc, t, "she")))
		return -1;
	for (int p = next - 1; p >= 0 && doc->mention[persons[p]].t0 >= w->from; p--)
		if (doc->tok[doc->mention[persons[p]].t0].sent == s - 1)
			first = persons[p];
	if (first < 0 || !speaks(doc, &doc->mention[first]))
		return -1;
	first = doc->mention[first].entity;
	return doc->entity[first].gender == GENDER_UNKNOWN || doc->entity[first].gender == want ?
		first : -1;
}

/*
 * Pronoun votes.  A he or she (him, his, her...) outside quotes votes for
 * the person its window names when that person is the only candidate of
 * a compatible gender (the gender titles and first names gave, or none),
 * nominal persons counted; or, sentence-initial, for the subject it
 * continues (continued_subject).  A window naming one person only, whose
 * gender rests on the first name alone, votes for that person even
 * against it ("Lindsey Graham ... his"): said_gender weighs such votes.
 * Mentions inside quotes are not candidates: a quoted name is seldom what
 * the narrator's next pronoun refers to.
 */
static void
pronoun_evidence(SaidDoc *doc, PersonEvidence *ev)
{
	int32_t    *persons = said_arena_alloc(doc->arena, sizeof(int32_t) * ((size_t) doc->nmention + 1));
	int			npersons = 0,
				next = 0;

	for (int m = 0; m < doc->nmention; m++)
	{
		const SaidMention *mm = &doc->mention[m];

		if (mm->entity >= 0 && doc->entity[mm->entity].type == ENT_PERSON &&
			!(doc->tok[mm->t0].flags & TF_IN_QUOTE))
			persons[npersons++] = m;
	}
	if (npersons == 0)
		return;
	for (int t = 0; t < doc->ntok; t++)
	{
		const SaidToken *k = &doc->tok[t];
		int			want,
					person = -1;
		Window		w;

		if ((t & 4095) == 0)
			said_check_interrupts(doc);
		if (!(k->lex & (LX_PRON_MALE | LX_PRON_FEMALE)) || (k->flags & TF_IN_QUOTE) ||
			k->kind != TOK_WORD)
			continue;
		want = (k->lex & LX_PRON_MALE) ? GENDER_MALE : GENDER_FEMALE;
		while (next < npersons && doc->mention[persons[next]].t1 <= t)
			next++;
		w.from = window_start(doc, persons, next, t);
		if (!read_window(doc, persons, next, t, want, &w))
			continue;
		if (w.compatible == 1 && w.person >= 0)
			person = w.person;
		else if (w.compatible > 1)
			person = continued_subject(doc, persons, next, t, want, &w);
		else if (w.compatible == 0 && w.only >= 0 &&
				 doc->entity[w.only].gender_evidence == GEV_FIRST_NAME)
			person = w.only;
#ifdef SAID_GENDER_TRACE
		said_gender_trace(doc, t, person, w.named);
#endif
		if (person >= 0)
			vote(&ev[person].pronoun, want);
	}
}

void
said_gender(SaidDoc *doc)
{
	PersonEvidence *ev;

	if (doc->nentity == 0)
		return;
	ev = said_arena_calloc(doc->arena, (size_t) doc->nentity, sizeof(PersonEvidence));
	for (int m = 0; m < doc->nmention; m++)
	{
		const SaidMention *mm = &doc->mention[m];

		if ((m & 1023) == 0)
			said_check_interrupts(doc);
		if (mm->entity >= 0 && doc->entity[mm->entity].type == ENT_PERSON)
			title_evidence(doc, mm, &ev[mm->entity].title);
	}
	for (int e = 0; e < doc->nentity; e++)
	{
		SaidEntity *ent = &doc->entity[e];

		if ((e & 1023) == 0)
			said_check_interrupts(doc);
		ent->gender = GENDER_UNKNOWN;
		ent->gender_evidence = GEV_NONE;
		if (ent->type == ENT_PERSON)
			ent->gender = (uint8_t) local_gender(doc, e, &ev[e], &ent->gender_evidence);
	}
	pronoun_evidence(doc, ev);
	for (int e = 0; e < doc->nentity; e++)
	{
		SaidEntity *ent = &doc->entity[e];
		int			g;

		if (ent->type != ENT_PERSON || ev[e].user_name ||
			(g = votes_decide(&ev[e].pronoun)) == GENDER_UNKNOWN)
			continue;
		/* against a first name, one pronoun is not enough */
		if (ent->gender != GENDER_UNKNOWN && g != ent->gender &&
			(g == GENDER_FEMALE ? ev[e].pronoun.female : ev[e].pronoun.male) < PRONOUNS_AGAINST_FIRST_NAME)
			continue;
		ent->gender = (uint8_t) g;
		ent->gender_evidence = GEV_PRONOUN;
	}
}

const char *
said_gender_name(int gender)
{
	switch (gender)
	{
		case GENDER_FEMALE:
			return "female";
		case GENDER_MALE:
			return "male";
		default:
			return NULL;
	}
}

const char *
said_gender_evidence_name(int evidence)
{
	switch (evidence)
	{
		case GEV_USER:
			return "user";
		case GEV_PRONOUN:
			return "pronoun";
		case GEV_TITLE:
			return "title";
		case GEV_FIRST_NAME:
			return "first_name";
		default:
			return NULL;
	}
}
