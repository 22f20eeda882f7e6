/*
 * test_attribution.c -- the attribution stage's data: the rule table and
 * its limits (rules.h), the word classes rules read (word_classes.h,
 * data/word_classes.tsv), and rules that read them.
 */
#include "unit.h"
#include "learned.h"
#include "lexicon.h"
#include "rules.h"
#include "word_classes.h"

static uint64_t
classes_of(const char *word)
{
	return said_word_classes(said_fold_hash(word, strlen(word)));
}

static void
test_rule_table(void)
{
	bool		named = true,
				priors = true,
				unique = true,
				prefixed = true,
				limits_known = true;

	for (int r = 0; r < RULE_COUNT; r++)
	{
		const SaidRuleInfo *ri = &said_rules[r];

		if (ri->name == NULL || ri->name[0] == '\0')
		{
			named = false;
			continue;
		}
		if (!(ri->prior > 0.0f && ri->prior <= 1.0f))
			priors = false;
		if (strncmp(ri->name, "direct.", 7) != 0 && strncmp(ri->name, "indirect.", 9) != 0 &&
			strncmp(ri->name, "mixed.", 6) != 0 && strncmp(ri->name, "learned.", 8) != 0)
			prefixed = false;
		for (int o = 0; o < r; o++)
			if (said_rules[o].name && strcmp(said_rules[o].name, ri->name) == 0)
				unique = false;
		if (LIMIT_COUNT < 64 && (ri->limits >> LIMIT_COUNT) != 0)
			limits_known = false;
	}
	CHECK(named, "rules: every rule has a name");
	CHECK(priors, "rules: every prior is in (0, 1]");
	CHECK(unique, "rules: names are unique");
	CHECK(prefixed, "rules: names are direct.*, indirect.*, mixed.* or learned.*");
	CHECK(limits_known, "rules: a rule lists only limits that exist");
	CHECK(LIMIT_COUNT <= 64, "rules: the limits fit a rule's 64-bit mask");
	CHECK(strcmp(said_rule_name(RULE_DIRECT_AFTER), "direct.after") == 0 &&
		  strcmp(said_rule_name(RULE_INDIRECT_BEFORE_CUE_INVERTED), "indirect.before_cue.inverted") == 0,
		  "rules: an id gives its provenance name");
}

static void
test_limits(void)
{
	bool		described = true,
				positive = true,
				used = true,
				unique = true;
	uint64_t	listed = 0;

	for (int r = 0; r < RULE_COUNT; r++)
		listed |= said_rules[r].limits;
	for (int l = 0; l < LIMIT_COUNT; l++)
	{
		const SaidLimitInfo *li = &said_limits[l];

		if (!li->name || strncmp(li->name, "LIM_", 4) != 0 || !li->source || strlen(li->source) < 20)
			described = false;
		if (li->value <= 0)
			positive = false;
		/* a sieve's limit belongs to some rule; speakers' and resolution's to all */
		if ((li->room == ROOM_DIRECT || li->room == ROOM_INDIRECT || li->room == ROOM_LEARNED) &&
			!(listed & (UINT64_C(1) << l)))
			used = false;
		for (int o = 0; o < l; o++)
			if (strcmp(said_limits[o].name, li->name) == 0)
				unique = false;
	}
	CHECK(described, "limits: every limit has a name and says where its value comes from");
	CHECK(positive, "limits: every value is positive");
	CHECK(used, "limits: every limit of a sieve is listed by a rule that reads it");
	CHECK(unique, "limits: names are unique");
	CHECK(said_limits[LIM_PRONOUN_PERSONS_ID].value == LIM_PRONOUN_PERSONS &&
		  strcmp(said_limits[LIM_QUOTE_PARTS_ID].name, "LIM_QUOTE_PARTS") == 0,
		  "limits: the table holds each limit's value under its name");
}

static void
test_confidence(void)
{
	CHECK(said_rule_confidence(RULE_DIRECT_BEFORE, SP_NAMED, true) == 0.84f,
		  "confidence: a named speaker raises the prior (0.76 x 1.1, two decimals)");
	CHECK(said_rule_confidence(RULE_DIRECT_INTERRUPTED, SP_NAMED, true) == 0.97f,
		  "confidence: at most 0.97");
	CHECK(said_rule_confidence(RULE_DIRECT_UNATTRIBUTED, SP_NONE, false) == 0.05f,
		  "confidence: at least 0.05");
	CHECK(said_rule_confidence(RULE_DIRECT_AFTER, SP_PRONOUN, false) <
		  said_rule_confidence(RULE_DIRECT_AFTER, SP_PRONOUN, true),
		  "confidence: a resolved pronoun counts more than an unresolved one");
	CHECK(said_rule_confidence(RULE_INDIRECT_ASKED, SP_NAMED, true) == 0.75f &&
		  said_rule_confidence(RULE_INDIRECT_ASKED, SP_NONE, false) == 0.75f,
		  "confidence: a rule that gives no speaker keeps its prior");
}

static void
test_word_classes(void)
{
	SaidArena	a;
	SaidDoc		d;
	uint64_t	all = 0;

	CHECK(classes_of("went") & WORD_GO_FORM, "word classes: went is a form of go, from data");
	CHECK((classes_of("in") & (WORD_OBJECT_PREP | WORD_ADJUNCT_OPENER | WORD_VERB_PARTICLE)) ==
		  (WORD_OBJECT_PREP | WORD_ADJUNCT_OPENER | WORD_VERB_PARTICLE),
		  "word classes: a word in several classes has them all");
	CHECK(classes_of("STATEMENT") == WORD_DOCUMENT_NOUN && classes_of("e-mail") == WORD_DOCUMENT_NOUN,
		  "word classes: matched folded, hyphenated words whole");
	CHECK(classes_of("foreseen") == WORD_IRREGULAR_PARTICIPLE && classes_of("tells") == WORD_HEARER_VERB,
		  "word classes: participles and hearer verbs, from data");
	CHECK(classes_of("said") == WORD_IRREGULAR_PARTICIPLE && classes_of("officials") == 0 &&
		  classes_of("go-to") == 0 && classes_of("") == 0,
		  "word classes: other words have none");
	for (uint64_t i = 0; i < (uint64_t) 1 << said_word_class_table.bits; i++)
		all |= said_word_class_table.slots[i].classes;
	CHECK(all == (UINT64_C(1) << WORD_CLASS_COUNT) - 1, "word classes: every class has words in data");

	unit_analyze(&d, &a, "In 2016 he was in Denver.");
	CHECK(word_in_class(&d, 0, WORD_ADJUNCT_OPENER) && word_in_class(&d, 4, WORD_OBJECT_PREP) &&
		  !word_in_class(&d, 1, WORD_ADJUNCT_OPENER) && !word_in_class(&d, -1, WORD_OBJECT_PREP) &&
		  !word_in_class(&d, d.ntok, WORD_OBJECT_PREP),
		  "word classes: a token's class, by its hash; none for a number or out of range");
	said_arena_free_all(&a);
}

/*
 * Rules that read the word classes, end to end, with the learned stage off:
 * it would replace their rows (test_learned.c tests it).
 */
static void
test_rules_reading_classes(void)
{
	SaidArena	a;
	SaidDoc		d;
	const SaidAttribution *q;

	said_learned_load(NULL, 0);

	unit_analyze(&d, &a, "Senator Mark Ellis spoke for an hour. He went on to say that the plan would fail.");
	q = attribution_containing(&d, "the plan would fail");
	CHECK(q && q->kind == QK_INDIRECT && strcmp(q->rule, "indirect.after_cue") == 0 && q->speaker_t0 >= 0 &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "He") == 0,
		  "rules: 'went on to say' takes the subject before it (GO_FORM)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The ruling is widely expected to be unfavorable to the company.");
	q = attribution_containing(&d, "unfavorable");
	CHECK(q && strcmp(q->rule, "indirect.passive") == 0 && q->speaker_t0 < 0,
		  "rules: the passive of expectation names no holder (BE_FORM)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Mayor John Smith spoke on Monday. His warning that the bridge was unsafe went unheeded.");
	q = attribution_containing(&d, "the bridge was unsafe");
	CHECK(q && strcmp(q->rule, "indirect.noun_that") == 0 &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "His") == 0 &&
		  q->speaker_type == ENT_PERSON && q->speaker_entity >= 0,
		  "rules: a possessive determiner owns the noun of saying, resolved (POSSESSIVE_3RD)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We will appeal the decision,” the statement read.");
	q = attribution_containing(&d, "We will appeal");
	CHECK(q && q->kind == QK_DIRECT && q->speaker_t0 >= 0 &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "the statement") == 0,
		  "cues: 'read' after a document noun is a cue (DOCUMENT_NOUN)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Elon Musk of Tesla said the factory would open in May.");
	q = attribution_containing(&d, "the factory would open");
	CHECK(q && q->speaker_t0 >= 0 && q->speaker_entity >= 0 && q->speaker_type == ENT_PERSON &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "Elon Musk of Tesla") == 0 &&
		  d.entity[q->speaker_entity].canonical_mention >= 0 &&
		  d.mention[d.entity[q->speaker_entity].canonical_mention].t1 == q->speaker_t0 + 2,
		  "speakers: the person before 'of' an organisation speaks (OBJECT_PREP), the phrase is the mention");
	said_arena_free_all(&a);
	CHECK(said_learned_init(&unit_heap) == NULL, "the learned stage back on");
}

/* The text of part p of q ("" when q has no such part). */
static const char *
part_text(SaidDoc *d, const SaidAttribution *q, int p)
{
	return q && p < q->nparts ? unit_span(d, q->parts[2 * p], q->parts[2 * p + 1]) : "";
}

/* Is any row's content in parts, other than q? */
static bool
parts_elsewhere(const SaidDoc *d, const SaidAttribution *q)
{
	for (int i = 0; i < d->nattr; i++)
		if (&d->attr[i] != q && d->attr[i].nparts > 0)
			return true;
	return false;
}

/*
 * A reported content split by its attribution (said_indirect_parts), with
 * the rules alone and with the learned stage: the same parts either way.
 */
static void
test_content_parts(void)
{
	SaidArena	a;
	SaidDoc		d;
	const SaidAttribution *q;

	for (int learned = 0; learned < 2; learned++)
	{
		if (learned)
			CHECK(said_learned_init(&unit_heap) == NULL, "the learned stage back on");
		else
			said_learned_load(NULL, 0);

		unit_analyze(&d, &a, "The emails were on a variety of topics, the Times said, including speeches and meetings.");
		q = attribution_containing(&d, "including speeches");
		CHECK(q && q->kind == QK_INDIRECT && q->nparts == 2 &&
			  strcmp(part_text(&d, q, 0), "The emails were on a variety of topics") == 0 &&
			  strcmp(part_text(&d, q, 1), "including speeches and meetings") == 0 &&
			  q->content_b0 == 0,
			  "parts: ', the Times said,' splits the content; the clause before it is the first part");
		CHECK(q && (size_t) q->content_b1 == strlen(d.text) - 1,
			  "parts: the content runs from the first part to the last (quote_span)");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "But, he said, it is a risky strategy at a time when markets are fragile.");
		q = attribution_containing(&d, "risky strategy");
		CHECK(q && q->nparts == 2 && strcmp(part_text(&d, q, 0), "But") == 0 &&
			  strcmp(part_text(&d, q, 1), "it is a risky strategy at a time when markets are fragile") == 0,
			  "parts: a leading 'But' is the first part, as PolNeAR annotates it");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "Each skater seemed to be honing her own specialty.");
		q = attribution_containing(&d, "honing");
		CHECK(q && q->nparts == 2 && strcmp(part_text(&d, q, 0), "Each skater") == 0 &&
			  strcmp(part_text(&d, q, 1), "to be honing her own specialty") == 0,
			  "parts: a raising cue's subject is the first part, the infinitive the second");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "There are still some things he seems to understand better than the party.");
		q = attribution_containing(&d, "to understand");
		CHECK(q && q->nparts == 2 && strcmp(part_text(&d, q, 0), "he") == 0,
			  "parts: a personal pronoun before a raising cue is the first part alone");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "Sanders was declared the winner of the primary.");
		q = attribution_containing(&d, "the winner");
		CHECK(q && q->nparts == 2 && strcmp(part_text(&d, q, 0), "Sanders") == 0 &&
			  strcmp(part_text(&d, q, 1), "the winner of the primary") == 0,
			  "parts: a passive cue's complement, its subject the first part");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "The weather, the forecast, the tide, all of it changed on Monday.");
		CHECK(!parts_elsewhere(&d, NULL), "parts: commas with no cue split nothing");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "Said one official, the plan is dead.");
		CHECK(!parts_elsewhere(&d, NULL), "parts: a cue at the sentence's start has no first part");
		said_arena_free_all(&a);

		/* a narration inside a direct quote: the quote's row, whole, not split again */
		unit_analyze(&d, &a, "“The plan, he said, is dead,” Smith told reporters.");
		q = attribution_containing(&d, "is dead");
		CHECK(q && q->kind == QK_DIRECT && q->nparts == 0 && !parts_elsewhere(&d, q),
			  "parts: a parenthetical inside a direct quote splits nothing");
		said_arena_free_all(&a);

		unit_analyze(&d, &a, "“The plan,” he said, “is dead.”");
		q = attribution_containing(&d, "is dead");
		CHECK(q && q->kind == QK_DIRECT && q->nparts == 2 && strcmp(q->rule, "direct.interrupted") == 0 &&
			  strcmp(part_text(&d, q, 0), "The plan") == 0 && strcmp(part_text(&d, q, 1), "is dead.") == 0 &&
			  !parts_elsewhere(&d, q),
			  "parts: a direct quote in parts keeps its own parts, once");
		said_arena_free_all(&a);
	}
	/* the learned stage on (the loop's last turn) */
	unit_analyze(&d, &a, "The deficit for this fiscal year, which ends Sept. 30, is projected to be $544 billion.");
	q = attribution_containing(&d, "to be");
	CHECK(q && q->nparts == 2 && strcmp(part_text(&d, q, 0), "The deficit for this fiscal year") == 0 &&
		  strcmp(part_text(&d, q, 1), "to be $544 billion") == 0,
		  "parts: a raising cue's subject past a parenthesis between commas");
	said_arena_free_all(&a);
}

/* The speaker of the row whose content holds needle: as written, and its entity's name. */
static bool
speaker_is(SaidDoc *d, const char *needle, const char *written, const char *name)
{
	const SaidAttribution *q = attribution_containing(d, needle);

	return q && strcmp(unit_span(d, q->speaker_t0, q->speaker_t1), written) == 0 &&
		strcmp(unit_entity_name(d, q->speaker_entity), name) == 0;
}

/*
 * A title and the name set off after it (said_appositive_names,
 * name_closes_apposition), a name that modifies the speaker's noun
 * (name_modifies_noun): rules' rows and the learned stage's alike.
 */
static void
test_appositive_speakers(void)
{
	SaidArena	a;
	SaidDoc		d;
	const SaidAttribution *q;

	unit_analyze(&d, &a, "“We will appeal,” the company's president, Brad Smith, said on Tuesday.");
	q = attribution_containing(&d, "appeal");
	CHECK(q && strcmp(q->rule, "direct.after") == 0 && q->cue >= 0 &&
		  speaker_is(&d, "appeal", "the company's president, Brad Smith", "Brad Smith") &&
		  q->speaker_type == ENT_PERSON,
		  "speakers: the name after a title set off by commas speaks; its closing comma leads to the cue");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The White House press secretary, Karoline Leavitt, said the talks would continue.");
	CHECK(speaker_is(&d, "talks would", "The White House press secretary, Karoline Leavitt", "Karoline Leavitt"),
		  "speakers: a learned row's title phrase gets the name after it, not the organisation in it");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“It is over,” said the party's leader, Kemi Badenoch.");
	CHECK(speaker_is(&d, "over", "the party's leader, Kemi Badenoch", "Kemi Badenoch"),
		  "speakers: an inverted title phrase and the name that ends the sentence");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We disagree,” said the ministers, Brad Smith and Jane Doe.");
	CHECK(!speaker_is(&d, "disagree", "the ministers, Brad Smith", "Brad Smith"),
		  "speakers: the first name of a list is not the phrase's speaker");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We will appeal,” Brad Smith, the president, said.");
	CHECK(speaker_is(&d, "appeal", "Brad Smith", "Brad Smith"),
		  "speakers: a name before its apposition, as before");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We will appeal,” said a Microsoft spokesman.");
	q = attribution_containing(&d, "appeal");
	CHECK(q && speaker_is(&d, "appeal", "a Microsoft spokesman", "") && q->speaker_type == ENT_PERSON,
		  "speakers: a name that modifies the noun after a determiner is not the speaker");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“The strikes will continue,” said an Israeli military official.");
	CHECK(speaker_is(&d, "strikes", "an Israeli military official", ""),
		  "speakers: a compound noun after the name, to its last noun");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We will appeal,” said the Microsoft spokesman Frank Shaw.");
	CHECK(speaker_is(&d, "appeal", "the Microsoft spokesman Frank Shaw", "Frank Shaw"),
		  "speakers: a person named right after the noun speaks");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“It is over,” said the Kremlin.");
	CHECK(speaker_is(&d, "over", "the Kremlin", "Kremlin"),
		  "speakers: a name the determiner opens, with no noun after it, as before");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Diane Swonk, chief economist at KPMG, said the Fed risked waiting too long.");
	CHECK(speaker_is(&d, "risked", "Diane Swonk, chief economist at KPMG", "Diane Swonk"),
		  "speakers: the person named before an apposition speaks (the stage read its noun)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Maria Lopez, chief economist at Acme Bank, said rates would stay high.");
	CHECK(speaker_is(&d, "rates would", "Maria Lopez, chief economist at Acme Bank", "Maria Lopez"),
		  "speakers: the person named before an apposition speaks (the stage read its organisation)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Trump, the senator said, is wrong about the wall.");
	q = attribution_containing(&d, "wrong about");
	CHECK(q && q->speaker_entity < 0 && strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "the senator") == 0,
		  "speakers: a name in the content is not the speaker's apposition ([Trump], the senator said, [is …])");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Clinton, a top aide said, “is very confident in the contrast” with Trump.");
	q = attribution_containing(&d, "very confident");
	CHECK(q && q->speaker_entity < 0,
		  "speakers: a narration set in the name's clause is not its apposition");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Two people familiar with the matter said the company was weighing a sale.");
	CHECK(speaker_is(&d, "weighing", "Two people familiar with the matter", ""),
		  "speakers: a learned speaker's phrase keeps the number that opens it");
	said_arena_free_all(&a);
}

/*
 * The learned stage's contents: none holds the cue of a rules' direct
 * quote (the narration "Assad said" is not what "according to" reports),
 * and one ending in a quotation keeps its closing mark.
 */
static void
test_learned_contents(void)
{
	SaidArena	a;
	SaidDoc		d;

	char	   *seed = unit_seed_article();

	/* "“…”, Assad said, according to a transcript made available on Wednesday." */
	CHECK(seed != NULL, "the seed article is readable");
	if (!seed)
		return;
	unit_analyze(&d, &a, seed);
	CHECK(attribution_containing(&d, "living") && attribution_containing(&d, "living")->kind == QK_DIRECT &&
		  attribution_containing(&d, "Assad said") == NULL,
		  "learned: a direct quote's narration is no content of another cue");
	said_arena_free_all(&a);
	free(seed);

	/* take_marks: a closing mark is outside its region */
	unit_analyze(&d, &a, "She called the attack “barbaric”.");
	{
		const SaidAttribution *q = attribution_containing(&d, "barbaric");
		const char *close = strstr(d.text, "”");

		CHECK(q && q->kind == QK_MIXED && q->content_b1 == (int) (close - d.text) + 3,
			  "learned: a mixed content ending in a quotation keeps the closing mark");
	}
	said_arena_free_all(&a);
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	test_rule_table();
	test_limits();
	test_confidence();
	test_word_classes();
	test_rules_reading_classes();
	test_content_parts();
	test_appositive_speakers();
	test_learned_contents();
	return unit_done();
}
