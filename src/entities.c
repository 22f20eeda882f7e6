/*
 * entities.c -- stage 4: typed mentions.
 *
 * The tagger (ner_tagger.c) labels each sentence's tokens B-/I- PER, ORG, LOC,
 * MISC.  This stage turns the labels into mentions and applies what the
 * tagger cannot know from local features: a title before a name is kept out
 * of the span but remembered (for gender.c, and that the mention is a person),
 * a leading "the" is dropped, demonyms become nationalities, a MISC mention
 * that the gazetteer knows as a place becomes a location, an organisation's
 * other name from data/aliases.tsv ("ISIS") is an organisation even where
 * the tagger left it out or called it MISC, and nominal
 * speakers ("officials", "a senior official") become group/person mentions
 * for attribution.
 */
#include "said.h"
#include "lexicon.h"
#include "ner.h"
#include "tokens.h"

#include <string.h>

/* Are tokens [t0, t1) lower-case function words only ("of", "the")? */
static bool
function_words_only(const SaidDoc *doc, int t0, int t1)
{
	for (int k = t0; k < t1; k++)
		if (!(doc->tok[k].lex & LX_FUNCTION) || !(doc->tok[k].flags & TF_ALL_LOWER))
			return false;
	return true;
}

static void
add_mention(SaidDoc *doc, int *cap, int t0, int t1, int title_t0, int type)
{
	SaidMention *m;

	/* "The Kremlin" -> "Kremlin"; keep "The Australian" whole (one token after) */
	while (t0 < t1 - 1 && (doc->tok[t0].lex & LX_DETERMINER) &&
		   (doc->tok[t0].flags & TF_SENT_START || doc->tok[t0].flags & TF_ALL_LOWER))
		t0++;
	/* titles inside a tagged span: "President Bashar Assad" */
	if (type == ENT_PERSON || type == ENT_ORGANIZATION)
	{
		int			k = t0;

		while (k < t1 - 1 && (doc->tok[k].lex & LX_TITLE) &&
			   !(doc->tok[k].lex & (LX_NAME_MALE | LX_NAME_FEMALE)))
			k++;

		/*
		 * The words of a title before an organisation word are the
		 * organisation's name: "State Department", "Foreign Ministry",
		 * "Commerce Department" (not the person "Department").
		 */
		if (k > t0 && (doc->tok[t1 - 1].lex & LX_ORG_WORD) &&
			!(doc->tok[t1 - 1].lex & (LX_NAME_MALE | LX_NAME_FEMALE | LX_TITLE)))
		{
			k = t0;
			type = ENT_ORGANIZATION;
		}
		/*
		 * A title alone before a capitalised word ("Ms." tagged apart from
		 * "Ripert"; "Mayor", also a first name, before the first name
		 * "Ann"): the title of the name that follows, which takes it as
		 * the title right before it (below), not a name of its own.
		 */
		if (k == t1 - 1 && (doc->tok[k].lex & LX_TITLE) && t1 < doc->ntok &&
			doc->tok[t1].kind == TOK_WORD && (doc->tok[t1].flags & TF_UPPER_INITIAL) &&
			doc->tok[t1].sent == doc->tok[k].sent &&
			(!(doc->tok[k].lex & (LX_NAME_MALE | LX_NAME_FEMALE)) ||
			 (doc->tok[t1].lex & (LX_NAME_MALE | LX_NAME_FEMALE))))
			return;
		if (k > t0 && type == ENT_ORGANIZATION)
		{
			/* a title-led ORG span was a person: "President Assad" */
			type = ENT_PERSON;
		}
		if (title_t0 == t0)
			title_t0 = t0;
		t0 = k;
	}
	/* no name is function words alone: "of" after "Labour", a title in the lexicon */
	if (t0 >= t1 || function_words_only(doc, t0, t1))
		return;
	/* a title right before the span */
	if (type == ENT_PERSON && title_t0 == t0)
	{
		int			k = t0;

		while (k > 0 && (doc->tok[k - 1].lex & LX_TITLE) &&
			   doc->tok[k - 1].sent == doc->tok[t0].sent)
			k--;
		said_work(doc, (uint64_t) (t0 - k));
		title_t0 = k;
	}
	doc->mention = said_grow(doc->arena, doc->mention, cap, doc->nmention + 1, sizeof(SaidMention));
	m = &doc->mention[doc->nmention];
	m->t0 = t0;
	m->t1 = t1;
	m->title_t0 = title_t0;
	m->type = (uint8_t) type;
	m->entity = -1;
	for (int k = t0; k < t1; k++)
		doc->tok[k].mention = doc->nmention;
	said_work(doc, (uint64_t) (t1 - title_t0) + 1);
	doc->nmention++;
}

/* The next token after t that is not an adverb ("the Kremlin also said"). */
static int
skip_adverbs(const SaidDoc *doc, int t)
{
	int			from = t;

	while (t < doc->ntok && doc->tok[t].kind == TOK_WORD && (doc->tok[t].lex & LX_SENT_ADVERB) &&
		   !(doc->tok[t].lex & LX_CUE_VERB))
		t++;
	said_work(doc, (uint64_t) (t - from));
	return t;
}

/*
 * Corrections the tagger's local view cannot make:
 *  - a name ending in an organisation word is an organisation ("Wall Street
 *    Journal", "Defense Ministry");
 *  - a one-word organisation that the gazetteer knows as a country is the
 *    place ("US officials", as CoNLL annotates it);
 *  - a place the gazetteer does not know, speaking, is an institution ("the
 *    Kremlin denied", "the White House said");
 *  - a known alias of an organisation is one ("ISIS", "U.N.");
 *  - an adjective of origin before a common noun is a nationality ("Western
 *    countries").
 */
/* Ends like an adjective of origin or region: Western, Kurdish, Congolese. */
static bool
demonym_shape(const SaidDoc *doc, const SaidToken *t)
{
	static const char *const endings[] = {"ern", "an", "ese", "ish", "i"};
	size_t		n = t->b1 - t->b0;

	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++)
	{
		size_t		e = strlen(endings[i]);

		if (n > e + 2 && memcmp(doc->text + t->b1 - e, endings[i], e) == 0)
			return true;
	}
	return false;
}

/* "Western countries": one word shaped like an adjective of origin, not a
 * known place, before a common noun. */
static bool
origin_adjective(const SaidDoc *doc, int t0, int t1)
{
	const SaidToken *t = &doc->tok[t0];

	return t1 - t0 == 1 && !(t->lex & (LX_COUNTRY | LX_CITY)) && t1 < doc->ntok &&
		doc->tok[t1].kind == TOK_WORD && (doc->tok[t1].flags & TF_ALL_LOWER) &&
		!(doc->tok[t1].lex & (LX_FUNCTION | LX_CUE_VERB)) && demonym_shape(doc, t);
}

/*
 * Names of places built on a word for a kind of place: "Samarra Barrage",
 * "Hibhib Village", "Tigris River" (the head last), "Lake Tharthar", "Camp
 * Hurriya", "Fort Campbell" (the head first).  The tagger, which has seen
 * few of them, calls some a person or an organisation.
 */
static bool
place_name(const SaidDoc *doc, int t0, int t1)
{
	static const char *const last_heads[] = {"barrage", "dam", "river", "lake", "bridge",
		"airport", "airfield", "village", "valley", "mountains", "mountain", "island",
	"islands", "peninsula", "desert", "canal", "strait", "gulf", "bay", "sea", NULL};
	static const char *const first_heads[] = {"lake", "camp", "fort", "mount", "mt.",
	"port", "cape", "lakes", NULL};

	return t1 - t0 >= 2 && (doc->tok[t1 - 1].flags & TF_UPPER_INITIAL) &&
		(doc->tok[t0].flags & TF_UPPER_INITIAL) &&
		!(doc->tok[t1 - 1].lex & (LX_ORG_WORD | LX_NAME_MALE | LX_NAME_FEMALE)) &&
		(word_in(doc, t1 - 1, last_heads) || word_in(doc, t0, first_heads));
}

/* key: the span's phrase key */
static int
refine_type(const SaidDoc *doc, int t0, int t1, uint64_t key, int type)
{
	const SaidToken *last = &doc->tok[t1 - 1];
	const SaidLexEntry *alias = said_lex_lookup(key);

	if (alias && (alias->classes & LX_ORG_ALIAS))
		return ENT_ORGANIZATION;
	if (type == ENT_LOCATION && origin_adjective(doc, t0, t1))
		return ENT_NATIONALITY;

	if (type == ENT_LOCATION && t1 - t0 >= 2 && (last->lex & LX_ORG_WORD) &&
		!(last->lex & (LX_COUNTRY | LX_CITY | LX_REGION)) &&
		!(alias && (alias->classes & (LX_COUNTRY | LX_CITY | LX_REGION))))
		return ENT_ORGANIZATION;
	if (type == ENT_ORGANIZATION && t1 - t0 == 1 && (last->lex & LX_COUNTRY))
		return ENT_LOCATION;
	if ((type == ENT_PERSON || type == ENT_ORGANIZATION) && place_name(doc, t0, t1))
		return ENT_LOCATION;
	/* a country's name of several words: "West Bank", not an organisation for "Bank" */
	if (type == ENT_ORGANIZATION && t1 - t0 > 1 && alias && (alias->classes & LX_COUNTRY))
		return ENT_LOCATION;
	/* "along the Euphrates", "across the Danube": a place, whatever the tagger says */
	if (type == ENT_ORGANIZATION && t0 >= 2 && word_is(doc, t0 - 1, "the") &&
		(word_is(doc, t0 - 2, "along") || word_is(doc, t0 - 2, "across")))
		return ENT_LOCATION;
	if (type == ENT_LOCATION)
	{
		const SaidLexEntry *e;
		int			n = said_lex_longest_phrase(doc, t0, t1 - t0, LX_COUNTRY | LX_CITY | LX_REGION, &e);
		int			next = skip_adverbs(doc, t1);

		if (n != t1 - t0 && next < doc->ntok && (doc->tok[next].lex & LX_CUE_PRESENT) &&
			(doc->tok[next].lex & LX_CUE_VERB) && doc->tok[next].sent == last->sent &&
			!(doc->tok[next].flags & TF_UPPER_INITIAL))
			return ENT_ORGANIZATION;
	}
	return type;
}

static int
type_of_label(int label)
{
	switch (NER_CLASS(label))
	{
		case 1:
			return ENT_PERSON;
		case 2:
			return ENT_ORGANIZATION;
		case 3:
			return ENT_LOCATION;
		case 4:
			return ENT_NATIONALITY; /* refined below */
		default:
			return ENT_NONE;
	}
}

/* Lower-case head nouns that make the capitalised words before them an
 * organisation's name: "the Islamic State group", "the Wagner group". */
static bool
is_org_head(const SaidDoc *doc, int t)
{
	static const char *const heads[] = {"group", "militia", "movement", "party", "faction",
	"network", "organization", "organisation", "coalition", "alliance", "company", "firm", NULL};

	return (doc->tok[t].flags & TF_ALL_LOWER) && word_in(doc, t, heads);
}

/*
 * Capitalised words the tagger left out (or called MISC) before an
 * organisation head noun: the name of an organisation the training news
 * predates.  Returns the end of the name when [i, ...) is one.
 */
static int
org_before_head(const SaidDoc *doc, int i, int t1, const uint8_t *labels, int t0)
{
	int			j = i;

	while (j < t1 && j - i < 5 && doc->tok[j].kind == TOK_WORD &&
		   (doc->tok[j].flags & TF_UPPER_INITIAL) && !(doc->tok[j].lex & LX_FUNCTION) &&
		   (labels[j - t0] == NER_O || NER_CLASS(labels[j - t0]) == 4))
		j++;
	if (j > i && j < t1 && is_org_head(doc, j))
		return j;
	return -1;
}

/*
 * An organisation's other name (data/aliases.tsv) that the tagger left
 * unlabelled: "airstrikes against ISIS".  Written as the list writes it:
 * capitalised words (function words aside), and a short single word in
 * capitals ("UN", not "un").  Returns its token count, 0 when none.
 */
static int
org_alias_at(const SaidDoc *doc, int i, int t1, const uint8_t *labels, int t0)
{
	const SaidLexEntry *e;
	int			n;

	if (!(doc->tok[i].flags & TF_UPPER_INITIAL) || !(doc->tok[i].lex & (LX_ORG_ALIAS | LX_PHRASE_START)))
		return 0;
	n = said_lex_longest_phrase(doc, i, t1 - i < 8 ? t1 - i : 8, LX_ORG_ALIAS, &e);
	if (n <= 0)
		return 0;
	if (n == 1 && doc->tok[i].b1 - doc->tok[i].b0 <= 4 && !(doc->tok[i].flags & TF_ALL_UPPER))
		return 0;
	for (int k = i; k < i + n; k++)
		if (type_of_label(labels[k - t0]) != ENT_NONE ||
			(doc->tok[k].kind == TOK_WORD && !(doc->tok[k].flags & TF_UPPER_INITIAL) &&
			 !(doc->tok[k].lex & LX_FUNCTION)))
			return 0;
	return n;
}

/*
 * A country's name or a demonym the tagger left out ("“Russia’s decision",
 * "more Syrians into"): the gazetteer knows it, so a location or a
 * nationality, when it stands alone (no capitalised word next to it, which
 * would make it part of another name) and is no first name ("Georgia").
 */
static int
known_place_word(const SaidDoc *doc, int i, int t0, int t1)
{
	const SaidToken *t = &doc->tok[i];

	if (t->kind != TOK_WORD || !(t->flags & TF_UPPER_INITIAL) || (t->flags & TF_ALL_UPPER) ||
		!(t->lex & (LX_COUNTRY | LX_DEMONYM)) || (t->lex & (LX_NAME_MALE | LX_NAME_FEMALE)) ||
		(i > t0 && doc->tok[i - 1].kind == TOK_WORD && (doc->tok[i - 1].flags & TF_UPPER_INITIAL) &&
		 !(doc->tok[i - 1].flags & TF_SENT_START)) ||
		(i + 1 < t1 && doc->tok[i + 1].kind == TOK_WORD && (doc->tok[i + 1].flags & TF_UPPER_INITIAL)))
		return ENT_NONE;
	return (t->lex & LX_COUNTRY) ? ENT_LOCATION : ENT_NATIONALITY;
}

/* Words that head a line before a colon without being anyone: "Update: ...". */
static const char *const headline_labels[] = {
	"update", "updated", "breaking", "analysis", "opinion", "editorial", "exclusive", "watch",
	"video", "photo", "photos", "live", "review", "comment", "interview", "timeline",
	"factbox", "explainer", "note", "source", "sources", "image", "warning", "editor",
	"correction", "clarification", "read", "listen", "podcast", "poll", "quiz", "question",
	"answer", "summary", "background", "context", "related", "advertisement", "caption",
	"credit", "credits", "transcript", "contact", "email", "tel", "phone", "fax", "web",
	"subject", "re", "from", "to", "date", "title", "headline", "byline", "dateline",
	"tags", "topics", "category", "filed", "posted", "published", "location", "venue",
	"time", "price", "tickets", "admission", "result", "results", "score", "final",
	"agenda", "table", "chart", "map", "graphic", "figure", "episode", "chapter", "part",
	"step", "tip", "tips", "fact", "facts", "verdict", "reaction", "statement", "notice",
	"attention", "alert", "reminder", "disclaimer", "example", "hint", NULL
};

/*
 * "Macron: France will not send troops": a single capitalised word the
 * tagger left out, first on its line and followed by a colon and more of
 * the line, is the headline's speaker (cues.c takes the colon as the cue):
 * a person, or an organisation when written in capitals ("NATO: ...").
 * Not a place ("Syria: 100 killed"), a closed-class or calendar word, nor
 * a label such as "Update:".  Returns the mention's type, or ENT_NONE.
 */
static int
headline_speaker(const SaidDoc *doc, int i)
{
	const SaidToken *t = &doc->tok[i];

	if (t->kind != TOK_WORD || !(t->flags & TF_UPPER_INITIAL) ||
		!(i == 0 || (t->flags & TF_LINE_START)) || i + 2 >= doc->ntok ||
		doc->tok[i + 1].kind != TOK_PUNCT || doc->text[doc->tok[i + 1].b0] != ':' ||
		(doc->tok[i + 2].flags & TF_LINE_START) ||
		(doc->tok[i + 2].kind != TOK_WORD && doc->tok[i + 2].kind != TOK_QUOTE) ||
		(t->flags & (TF_URL | TF_HAS_DIGIT)) ||
		(t->lex & (LX_FUNCTION | LX_CALENDAR | LX_DETERMINER | LX_COUNTRY | LX_CITY |
				   LX_REGION | LX_DEMONYM | LX_PRON_MALE | LX_PRON_FEMALE | LX_PRON_PLURAL |
				   LX_PRON_NEUTER | LX_PRON_FIRST | LX_PERSON_NOUN | LX_GROUP_NOUN |
				   LX_ORG_NOUN | LX_CUE_VERB | LX_TITLE | LX_SENT_ADVERB)) ||
		word_in(doc, i, headline_labels))
		return ENT_NONE;
	/* a clause after the colon, not a list ("Scorers: Hajaj (47th)") or a figure */
	{
		int			lower = 0;

		for (int k = i + 2; k < doc->ntok && k < i + 40 && !(doc->tok[k].flags & TF_LINE_START); k++)
			lower += doc->tok[k].kind == TOK_WORD && (doc->tok[k].flags & TF_ALL_LOWER);
		if (lower < 2)
			return ENT_NONE;
	}
	if ((t->flags & TF_ALL_UPPER) && t->b1 - t->b0 >= 2 && t->b1 - t->b0 <= 6)
		return ENT_ORGANIZATION;
	return (t->flags & TF_ALL_UPPER) ? ENT_NONE : ENT_PERSON;
}

/*
 * Mentions found while the sentences are tagged are added a batch at a time:
 * the lexicon lookup of a tagged span (refine_type's, into a 2 MB table)
 * mostly misses the caches, and in a batch a span's slot is fetched a few
 * spans ahead.  A batch of fixed size (a whole article's, most often)
 * keeps a long document's memory as it was.
 */
typedef struct FoundSpan
{
	int32_t		t0,
				t1;
	int32_t		type;			/* SaidEntityType: as tagged when refine */
	bool		refine;			/* the type goes through refine_type */
	uint64_t	key;			/* the span's phrase key, when refine */
} FoundSpan;

#define FOUND_BATCH 1024
#define REFINE_AHEAD 4

typedef struct FoundBatch
{
	FoundSpan  *span;			/* FOUND_BATCH of them, from the first on */
	int			n;
	int			cap;			/* of doc->mention */
} FoundBatch;

static void
add_found(SaidDoc *doc, FoundBatch *b)
{
	for (int k = 0; k < b->n && k < REFINE_AHEAD; k++)
		if (b->span[k].refine)
			said_lex_prefetch_entry(b->span[k].key);
	for (int k = 0; k < b->n; k++)
	{
		const FoundSpan *f = &b->span[k];

		if (k + REFINE_AHEAD < b->n && b->span[k + REFINE_AHEAD].refine)
			said_lex_prefetch_entry(b->span[k + REFINE_AHEAD].key);
		add_mention(doc, &b->cap, f->t0, f->t1, f->t0,
					f->refine ? refine_type(doc, f->t0, f->t1, f->key, f->type) : f->type);
	}
	b->n = 0;
}

static void
found_span(SaidDoc *doc, FoundBatch *b, int t0, int t1, int type, bool refine)
{
	FoundSpan  *f;

	if (!b->span)
		b->span = said_arena_alloc(doc->arena, FOUND_BATCH * sizeof(FoundSpan));
	f = &b->span[b->n++];
	f->t0 = t0;
	f->t1 = t1;
	f->type = type;
	f->refine = refine;
	f->key = refine ? said_phrase_key(doc, t0, t1) : 0;
	if (b->n == FOUND_BATCH)
		add_found(doc, b);
}

/*
 * The rest of an Arabic name written with its particle joined by a hyphen
 * ("Bashar al-Assad", "Abu Omar al-Ansari", "Saray al-Jihad Group"): a
 * lower-case particle, a hyphen, a capital.  The tagger never scores such a
 * token (it cannot begin an entity nor is it a continuation word), so the
 * name it tagged stops before it.  j is the end of the tagged span; returns
 * its end taken over the particle names and the capitalised words right
 * after them.
 */
static int
particle_name_end(const SaidDoc *doc, int j, int t1)
{
	static const char *const particles[] = {"al", "el", "ad", "an", "ar", "as", "ash", "at",
	"az", "ud", "ul", "bin", "ibn", "bint", "abu", "abd", "ben", NULL};
	int			end = j;

	while (end < t1)
	{
		const SaidToken *t = &doc->tok[end];
		size_t		n = 0;

		if (t->kind != TOK_WORD || !(t->flags & TF_HYPHEN) || (t->flags & TF_UPPER_INITIAL) ||
			!(t->flags & TF_SPACE_BEFORE))
			break;
		while (n < 5 && t->b0 + n < t->b1 && doc->text[t->b0 + n] != '-')
			n++;
		if (t->b0 + n + 1 >= t->b1 || doc->text[t->b0 + n] != '-' ||
			doc->text[t->b0 + n + 1] < 'A' || doc->text[t->b0 + n + 1] > 'Z')
			break;
		{
			bool		known = false;

			for (const char *const *w = particles; *w && !known; w++)
				known = strlen(*w) == n && memcmp(*w, doc->text + t->b0, n) == 0;
			if (!known)
				break;
		}
		end++;
		/* "Saray al-Jihad Group": capitalised words after it */
		while (end < t1 && doc->tok[end].kind == TOK_WORD &&
			   (doc->tok[end].flags & TF_UPPER_INITIAL) && !(doc->tok[end].lex & LX_FUNCTION) &&
			   (doc->tok[end].flags & TF_SPACE_BEFORE))
			end++;
	}
	said_work(doc, (uint64_t) (end - j) + 1);
	return end;
}

/* A lower-case particle of a name, written apart: "bin", "da", "von". */
static bool
spaced_particle(const SaidDoc *doc, int t)
{
	static const char *const particles[] = {"bin", "ibn", "bint", "al", "da", "de", "del", "della",
	"di", "do", "dos", "das", "du", "van", "von", "der", "den", "ter", "la", "le", NULL};
	const SaidToken *k = &doc->tok[t];
	size_t		n = k->b1 - k->b0;

	/* most words fail here: the particles are of two to five letters, one of these first */
	if (k->kind != TOK_WORD || n < 2 || n > 5 || !(k->flags & TF_ALL_LOWER) || !(k->flags & TF_SPACE_BEFORE) ||
		!strchr("abdiltv", doc->text[k->b0]))
		return false;
	for (const char *const *w = particles; *w; w++)
		if ((*w)[0] == doc->text[k->b0] && strlen(*w) == n && memcmp(*w, doc->text + k->b0, n) == 0)
			return true;
	return false;
}

/*
 * The end of a person's name [i, j) the tagger found, over a surname that
 * follows a lower-case particle written apart ("Mohammed bin Salman",
 * "Ursula von der Leyen"): the tagger scores such a particle as outside a
 * name as often as inside, so the name may stop before it, or take the
 * particle and stop there ("Smith de facto").  At most two particles, then
 * the capitalised words right after them; a particle that ends the name
 * with no capital after it is left out.
 */
static int
spaced_particle_end(const SaidDoc *doc, int i, int j, int t1)
{
	int			end = j;

	while (end < t1 && end - j < 2 && spaced_particle(doc, end))
		end++;
	if (end > j && end < t1 && doc->tok[end].kind == TOK_WORD &&
		(doc->tok[end].flags & TF_UPPER_INITIAL) && !(doc->tok[end].lex & LX_FUNCTION) &&
		!(doc->tok[end].flags & TF_SENT_START))
	{
		while (end < t1 && doc->tok[end].kind == TOK_WORD && (doc->tok[end].flags & TF_UPPER_INITIAL) &&
			   !(doc->tok[end].lex & LX_FUNCTION) && !(doc->tok[end].flags & TF_SENT_START))
			end++;
		said_work(doc, (uint64_t) (end - j) + 1);
		return end;
	}
	while (j - 1 > i && spaced_particle(doc, j - 1))
		j--;
	return j;
}

void
said_entities(SaidDoc *doc)
{
	uint8_t    *labels;
	int			maxlen = 0;
	int			unlabelled_cap = 0;
	FoundBatch	found;

	doc->mention = NULL;
	doc->nmention = 0;
	doc->unlabelled = NULL;
	doc->nunlabelled = 0;
	found.span = NULL;
	found.n = 0;
	found.cap = 0;
	for (int s = 0; s < doc->nsent; s++)
		if (doc->sent[s].t1 - doc->sent[s].t0 > maxlen)
			maxlen = doc->sent[s].t1 - doc->sent[s].t0;
	labels = said_arena_alloc(doc->arena, (size_t) maxlen + 1);

	for (int s = 0; s < doc->nsent; s++)
	{
		int			t0 = doc->sent[s].t0,
					t1 = doc->sent[s].t1;
		int			i;

		said_check_interrupts(doc);
		said_ner_tag(doc, t0, t1, labels);
		/* the tagger's work and this loop's: a bounded window a token */
		said_work(doc, (uint64_t) (t1 - t0) + 1);
		i = t0;
		while (i < t1)
		{
			int			lab = labels[i - t0];
			int			type;
			int			j,
						tagged_end;

			/*
			 * Most tokens: unlabelled and not capitalised, where neither
			 * org_before_head nor org_alias_at can start a name.
			 */
			if (lab == NER_O && !(doc->tok[i].flags & TF_UPPER_INITIAL))
			{
				i++;
				continue;
			}
			if (lab == NER_O && doc->tok[i].kind == TOK_WORD)
			{
				doc->unlabelled = said_grow(doc->arena, doc->unlabelled, &unlabelled_cap,
											doc->nunlabelled + 1, sizeof(int32_t));
				doc->unlabelled[doc->nunlabelled++] = i;
			}
			type = type_of_label(lab);
			if (type == ENT_NONE || NER_CLASS(lab) == 4)
			{
				/* start at the first capitalised word, after "the" */
				int			end = (i == t0 || !(doc->tok[i - 1].flags & TF_UPPER_INITIAL) ||
								   (doc->tok[i - 1].lex & LX_FUNCTION)) ?
					org_before_head(doc, i, t1, labels, t0) : -1;

				if (end > i)
				{
					found_span(doc, &found, i, end, ENT_ORGANIZATION, false);
					i = end;
					continue;
				}
			}
			if (type == ENT_NONE && (type = known_place_word(doc, i, t0, t1)) != ENT_NONE)
			{
				found_span(doc, &found, i, i + 1, type, false);
				i++;
				continue;
			}
			if (type == ENT_NONE && (type = headline_speaker(doc, i)) != ENT_NONE)
			{
				found_span(doc, &found, i, i + 1, type, false);
				i++;
				continue;
			}
			if (type == ENT_NONE)
			{
				int			n = org_alias_at(doc, i, t1, labels, t0);

				if (n > 0)
				{
					found_span(doc, &found, i, i + n, ENT_ORGANIZATION, false);
					i += n;
					continue;
				}
				i++;
				continue;
			}
			j = i + 1;
			while (j < t1 && NER_IS_INSIDE(labels[j - t0]) &&
				   NER_CLASS(labels[j - t0]) == NER_CLASS(lab))
				j++;
			if (NER_CLASS(lab) != 4 && j < t1 && (doc->tok[j].flags & TF_HYPHEN))
				j = particle_name_end(doc, j, t1);
			tagged_end = j;
			if (NER_CLASS(lab) == 1)
				j = spaced_particle_end(doc, i, j, t1);
			/* the possessive clitic the tagger took in: "Government of Iraq’s forces" */
			while (j - 1 > i && said_possessive_clitic(doc, j - 1))
				j--;

			/*
			 * An organisation's longer name that the tagger cut in pieces:
			 * "Islamic State of" ORG, "Iraq" and "Levant" LOC.
			 */
			if ((NER_CLASS(lab) == 2 || NER_CLASS(lab) == 4) && (doc->tok[i].lex & LX_PHRASE_START) &&
				(doc->tok[i].flags & TF_UPPER_INITIAL))
			{
				const SaidLexEntry *e;
				int			n = said_lex_longest_phrase(doc, i, t1 - i < 8 ? t1 - i : 8, LX_ORG_ALIAS, &e);

				/* written as a name, as org_alias_at wants it ("Islamic State group": the name, then a noun) */
				for (int k = j; k < i + n && n > j - i; k++)
					if (doc->tok[k].kind == TOK_WORD && !(doc->tok[k].flags & TF_UPPER_INITIAL) &&
						!(doc->tok[k].lex & LX_FUNCTION))
						n = 0;
				if (n > j - i)
				{
					j = i + n;
					lab = NER_B_ORG;
					type = ENT_ORGANIZATION;
				}
			}
			if (NER_CLASS(lab) == 4)
			{
				const SaidLexEntry *e;
				int			n = said_lex_longest_phrase(doc, i, j - i, LX_DEMONYM | LX_COUNTRY | LX_CITY | LX_REGION, &e);

				if (n == j - i && e && (e->classes & LX_DEMONYM))
					type = ENT_NATIONALITY;
				else if (n == j - i && e)
					type = ENT_LOCATION;
				else if (j - i == 1 && ((doc->tok[i].lex & LX_DEMONYM) || origin_adjective(doc, i, j)))
					type = ENT_NATIONALITY;
				else if (said_lex_longest_phrase(doc, i, j - i, LX_ORG_ALIAS, &e) == j - i)
					type = ENT_ORGANIZATION;	/* "ISIS" tagged MISC */
				else
					type = ENT_NONE;	/* events, works, products: not reported */
			}
			if (type != ENT_NONE)
				found_span(doc, &found, i, j, type, true);
			/* past a particle left out of the name: not a name of its own */
			i = j > tagged_end ? j : tagged_end;
		}
	}
	add_found(doc, &found);
}
