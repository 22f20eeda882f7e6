/*
 * test_gender.c -- unit tests of the gender stage (gender.c): the
 * first-name statistics and their threshold, each kind of evidence and its
 * order, the NULL cases, the user's genders (user_lexicon.c), and the
 * resolution of "she"/"he" that reads the genders decided (resolve.c).
 */
#include "unit.h"
#include "gender.h"
#include "lexicon.h"
#include "user_lexicon.h"

/* The person entity whose canonical name is name, or -1. */
static int
person(SaidDoc *doc, const char *name)
{
	for (int e = 0; e < doc->nentity; e++)
	{
		size_t		n;
		const char *s = said_entity_name(doc, e, &n);

		if (doc->entity[e].type == ENT_PERSON && n == strlen(name) && memcmp(s, name, n) == 0)
			return e;
	}
	return -1;
}

/* "female/title", "male/pronoun", "-" (no gender) or "absent" for name. */
static const char *
gender_of(SaidDoc *doc, const char *name)
{
	static char buf[64];
	int			e = person(doc, name);
	const char *g;

	if (e < 0)
		return "absent";
	g = said_gender_name(doc->entity[e].gender);
	if (!g)
		return doc->entity[e].gender_evidence == GEV_NONE ? "-" : "evidence without gender";
	snprintf(buf, sizeof(buf), "%s/%s", g, said_gender_evidence_name(doc->entity[e].gender_evidence));
	return buf;
}

/* Analyse text with the user's genders (names[k], genders[k]). */
static void
analyze_with(SaidDoc *doc, SaidArena *arena, const char *text,
			 const char *const *names, const char *const *genders, int n)
{
	said_arena_init(arena, &unit_heap);
	said_doc_init(doc, arena, text, strlen(text));
	if (n > 0)
		doc->user = said_user_lexicon(arena, NULL, 0, NULL, NULL, 0, names, genders, n);
	said_analyze(doc, false);
}

#define EXPECT(doc, name, want, label) \
	CHECK(strcmp(gender_of(doc, name), want) == 0, label)

static void
test_first_names(void)
{
	CHECK(said_first_name_gender(said_fold_hash("Mary", 4)) == GENDER_FEMALE &&
		  said_first_name_gender(said_fold_hash("JOHN", 4)) == GENDER_MALE,
		  "first names: the statistics give Mary and John, case folded");
	CHECK(said_first_name_gender(said_fold_hash("Taylor", 6)) == GENDER_UNKNOWN &&
		  said_first_name_female_permille(said_fold_hash("Taylor", 6)) > 50 &&
		  said_first_name_female_permille(said_fold_hash("Taylor", 6)) < 950,
		  "first names: a name given to both sexes is below the threshold");
	CHECK(said_first_name_female_permille(said_fold_hash("Zorblat", 7)) == -1 &&
		  said_first_name_gender(said_fold_hash("Zorblat", 7)) == GENDER_UNKNOWN,
		  "first names: a name the statistics lack");
	CHECK(strcmp(said_gender_name(GENDER_FEMALE), "female") == 0 && said_gender_name(GENDER_UNKNOWN) == NULL &&
		  strcmp(said_gender_evidence_name(GEV_FIRST_NAME), "first_name") == 0 &&
		  said_gender_evidence_name(GEV_NONE) == NULL,
		  "names of genders and evidence, NULL for none");
}

static void
test_evidence(void)
{
	SaidArena	a;
	SaidDoc		d;

	unit_analyze(&d, &a, "\"Schools need money,\" said Mrs. Alvarez. Lord Sugar said the show was over.");
	EXPECT(&d, "Alvarez", "female/title", "title: Mrs.");
	EXPECT(&d, "Sugar", "male/title", "title: Lord");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"The plan is sound,\" said Taylor Quennick, a spokeswoman for the city. "
				 "\"Never again,\" the actress Robin Blake said.");
	EXPECT(&d, "Taylor Quennick", "female/title", "title: the head of an apposition after the name");
	EXPECT(&d, "Robin Blake", "female/title", "title: a noun right before the name");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"The talks went well,\" said Taylor Quennick, the wife's lawyer.");
	EXPECT(&d, "Taylor Quennick", "-", "title: a noun that does not head the apposition is no evidence");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"The vote is close,\" said Kamala Harris. \"We are ready,\" said John Smith.");
	EXPECT(&d, "Kamala Harris", "female/first_name", "first_name: Kamala");
	EXPECT(&d, "John Smith", "male/first_name", "first_name: John");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Zorblat Quennick spoke on Monday. \"We will not wait,\" she said.");
	EXPECT(&d, "Zorblat Quennick", "female/pronoun", "pronoun: a name the statistics lack, and she");
	CHECK(d.nattr == 1 && d.attr[0].speaker_entity == person(&d, "Zorblat Quennick"),
		  "pronoun: \"she said\" resolved to her");
	said_arena_free_all(&a);

	/* a title is stronger than a first name */
	unit_analyze(&d, &a, "\"It is late,\" said Mrs. Michael Quennick.");
	EXPECT(&d, "Michael Quennick", "female/title", "order: a title before the first name");
	said_arena_free_all(&a);

	/* one mention of the person carries the evidence for all */
	unit_analyze(&d, &a, "Maria Lopez met the board. Lopez said the plan would pass.");
	CHECK(d.nmention == 2 && d.mention[1].entity == person(&d, "Maria Lopez") &&
		  strcmp(gender_of(&d, "Maria Lopez"), "female/first_name") == 0,
		  "the person, not the mention: Lopez is Maria Lopez");
	said_arena_free_all(&a);
}

static void
test_unknown(void)
{
	SaidArena	a;
	SaidDoc		d;

	unit_analyze(&d, &a, "\"The plan is sound,\" said Taylor Quennick.");
	EXPECT(&d, "Taylor Quennick", "-", "unknown: a first name of both sexes and nothing else");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"It is late,\" said Robin Quennick, the chairwoman. Robin Quennick, the chairman, left.");
	EXPECT(&d, "Robin Quennick", "-", "unknown: titles that disagree, one each");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"The budget is balanced,\" the Treasury Department said.");
	CHECK(d.nattr == 1 && d.attr[0].speaker_entity >= 0 &&
		  d.entity[d.attr[0].speaker_entity].type == ENT_ORGANIZATION &&
		  d.entity[d.attr[0].speaker_entity].gender == GENDER_UNKNOWN &&
		  d.entity[d.attr[0].speaker_entity].gender_evidence == GEV_NONE,
		  "unknown: an organization");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"Enough,\" said Senator Quennick.");
	EXPECT(&d, "Quennick", "-", "unknown: a surname after a title of both sexes");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "\"The test is a threat,\" said President Park Geun-hye. Jean-Marc Ayrault agreed.");
	EXPECT(&d, "Park Geun-hye", "-", "unknown: a name written family name first has no first name");
	CHECK(said_first_name_gender(said_fold_hash("Park", 4)) == GENDER_MALE,
		  "unknown: ... though its first word is one in the statistics");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "");
	CHECK(d.nentity == 0, "unknown: an empty text");
	said_arena_free_all(&a);
}

static void
test_resolution(void)
{
	SaidArena	a;
	SaidDoc		d;

	/* the man is named last, yet "she" is the woman's */
	unit_analyze(&d, &a, "Maria Lopez met John Carter in Dallas on Tuesday. "
				 "\"The talks went well,\" she said. \"We agreed on nothing,\" he said.");
	CHECK(d.nattr == 2 && d.attr[0].speaker_entity == person(&d, "Maria Lopez") &&
		  d.attr[1].speaker_entity == person(&d, "John Carter"),
		  "resolution: she and he go to the person of their gender");
	EXPECT(&d, "Maria Lopez", "female/pronoun", "resolution: the one candidate of her gender gets the pronoun's vote");
	said_arena_free_all(&a);

	/* a man whose first name the statistics lack is not "she" */
	/* the man named last, his first name one the statistics lack */
	unit_analyze(&d, &a, "Senator Zorblat Quennick met Sir Obi Okafor in Lagos. \"We will not wait,\" she said.");
	CHECK(d.nattr == 1 && d.attr[0].speaker_entity == person(&d, "Zorblat Quennick") &&
		  strcmp(unit_span(&d, d.attr[0].speaker_t0, d.attr[0].speaker_t1), "she") == 0,
		  "resolution: she never goes to a man the title shows");
	EXPECT(&d, "Obi Okafor", "male/title", "resolution: Sir");
	said_arena_free_all(&a);
}

static void
test_user(void)
{
	static const char *const names[] = {"Taylor Quennick", "Zorblat", "Kamala Harris", "ALEX QUENNICK",
	"alex quennick", NULL, "Robin Blake", " "};
	static const char *const genders[] = {"female", "male", "male", "female",
	"male", "female", "unknown", "male"};
	SaidArena	a;
	SaidDoc		d;

	analyze_with(&d, &a, "\"The plan is sound,\" said Taylor Quennick. \"So it is,\" said Zorblat Quennick. "
				 "\"The vote is close,\" said Kamala Harris. \"Enough,\" said Alex Quennick. "
				 "\"Fine,\" said Robin Blake, a spokeswoman.",
				 names, genders, 8);
	EXPECT(&d, "Taylor Quennick", "female/user", "user: a fullest name the text leaves unknown");
	EXPECT(&d, "Zorblat Quennick", "male/user", "user: a first name");
	EXPECT(&d, "Kamala Harris", "male/user", "user: a fullest name decides over the statistics");
	EXPECT(&d, "Alex Quennick", "male/first_name", "user: spellings of one name that disagree cancel out");
	EXPECT(&d, "Robin Blake", "female/title", "user: a gender other than female or male is ignored");
	CHECK(d.user->ngender == 3, "user: three usable entries of eight");
	said_arena_free_all(&a);
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	test_first_names();
	test_evidence();
	test_unknown();
	test_resolution();
	test_user();
	return unit_done();
}
