/*
 * test_core.c -- unit tests of each pipeline stage on small texts.
 */
#include "unit.h"
#include "learned.h"
#include "lexicon.h"

static void
test_tokens(void)
{
	SaidArena	a;
	SaidDoc		d;
	int			t;

	unit_analyze(&d, &a, "The U.S. envoy’s “plan” isn't Mr. Smith's, café 3.5 http://x.org/a.");
	CHECK(find_token(&d, "U.S.") >= 0, "tokens: U.S. is one token");
	CHECK(find_token(&d, "’s") >= 0, "tokens: possessive clitic split off");
	CHECK(find_token(&d, "isn't") >= 0, "tokens: n't stays in the word");
	CHECK(find_token(&d, "Mr.") >= 0, "tokens: known abbreviation keeps its period");
	CHECK(find_token(&d, "3.5") >= 0 && d.tok[find_token(&d, "3.5")].kind == TOK_NUMBER, "tokens: decimal number");
	CHECK(find_token(&d, "http://x.org/a") >= 0, "tokens: URL without its final period");
	t = find_token(&d, "café");
	CHECK(t >= 0 && said_token_c1(&d, t) - d.tok[t].c0 == 4 && d.tok[t].b1 - d.tok[t].b0 == 5,
		  "tokens: code-point and byte spans differ for é");
	t = find_token(&d, "“");
	CHECK(t >= 0 && d.tok[t].kind == TOK_QUOTE && (d.tok[t].qmark & QM_CAN_OPEN), "tokens: curly opener");
	CHECK(said_fold_hash("Zürich", strlen("Zürich")) == said_fold_hash("zurich", 6),
		  "lexicon: folding strips case and diacritics");
	said_arena_free_all(&a);
}

/*
 * A word's hash is the same however the tokenizer came to it (a run under
 * 16 bytes with 16 to read from one load, one near the end of the text or a
 * longer one byte by byte, word_rest after an inner period or a non-ASCII
 * letter, a trailing abbreviation period) and the same as said_fold_hash of
 * its text, by which the lexicons are keyed, in any case.
 */
static void
test_word_hashes(void)
{
	static const char letters[] = "Ab3cDefGh9iJklMnoPqrStuVwxYz0123456789abcdEFGHIJ";
	static const char *const words[] = {
		"Straßenbahn", "naïve", "e.g", "U.S.", "co-operate", "Zürich3", "ABCDEFGH.IJ",
		"x’s", "déjà-vu", "1,000,000", "9/11", "Jr."
	};
	char		text[160];
	char		lower[64];
	int			bad = 0;
	bool		abbreviation = false;
	SaidArena	a;
	SaidDoc		d;

	for (int n = 1; n <= 40; n++)
		for (int tail = 0; tail <= 20; tail += 5)
		{
			memcpy(text, letters + n % 7, n);
			text[n] = ' ';
			memset(text + n + 1, 'x', tail);
			text[n + 1 + tail] = '\0';
			for (int k = 0; k < n; k++)
				lower[k] = (char) (text[k] >= 'A' && text[k] <= 'Z' ? text[k] + 32 : text[k]);
			unit_analyze(&d, &a, text);
			if (d.ntok < 1 || d.tok[0].b1 != (uint32_t) n ||
				d.tok[0].hash != said_fold_hash(text, n) ||
				d.tok[0].hash != said_fold_hash(lower, n))
				bad++;
			said_arena_free_all(&a);
		}
	CHECK(bad == 0, "tokens: a word's hash is said_fold_hash of its text, of any length and place");
	bad = 0;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
		for (int pad = 0; pad <= 20; pad += 20)
		{
			snprintf(text, sizeof(text), "%s %.*s", words[w], pad, letters);
			unit_analyze(&d, &a, text);
			for (int t = 0; t < d.ntok; t++)
				if (d.tok[t].kind != TOK_QUOTE &&
					d.tok[t].hash != said_fold_hash(text + d.tok[t].b0, d.tok[t].b1 - d.tok[t].b0))
					bad++;
			if (find_token(&d, "Jr.") >= 0)
				abbreviation = true;
			said_arena_free_all(&a);
		}
	CHECK(bad == 0, "tokens: words through word_rest hash as said_fold_hash of their text");
	CHECK(abbreviation, "tokens: the abbreviation keeps its period");
	/* the fold state, fed in any pieces, gives the same hash */
	bad = 0;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
	{
		const unsigned char *p = (const unsigned char *) words[w];
		size_t		n = strlen(words[w]);

		for (size_t cut = 0; cut <= n; cut++)
		{
			SaidFold	f = said_fold_start();

			if (cut < n && (p[cut] & 0xC0) == 0x80)
				continue;		/* inside a character */
			said_fold_more(&f, p, p + cut);
			said_fold_more(&f, p + cut, p + n);
			if (said_fold_end(&f) != said_fold_hash(words[w], n))
				bad++;
		}
	}
	CHECK(bad == 0, "lexicon: a hash folded in two pieces is the hash of the whole");
	/* the cache of recent words answers as the table, over more words than
	 * it holds (each entry taken over many times) */
	bad = 0;
	for (int round = 0; round < 2; round++)
		for (int k = 0; k < 40000; k++)
		{
			char		w[16];
			int			n = snprintf(w, sizeof(w), k % 3 ? "w%d" : "the", k);
			uint64_t	key = said_fold_hash(w, n);

			if (said_lex_classes_cached(key) != said_lex_classes(key))
				bad++;
		}
	CHECK(bad == 0 && (said_lex_classes_cached(said_fold_hash("said", 4)) & LX_CUE_VERB),
		  "lexicon: the cache of recent words gives the table's classes");
	CHECK(said_fold_hash("abcdefgh", 8) != said_fold_hash("abcdefgh\0", 9) &&
		  said_fold_hash("", 0) != said_fold_hash("\0", 1),
		  "lexicon: the hash tells zero bytes at the end from none");
}

static void
test_sentences(void)
{
	SaidArena	a;
	SaidDoc		d;

	unit_analyze(&d, &a, "Mr. Smith went to Washington. He met Dr. Jones in the U.S. Army base! “Good,” he said.\n\nNext paragraph here.");
	CHECK(d.nsent == 4, "sentences: abbreviations do not end sentences");
	CHECK(d.npara == 2, "sentences: blank line separates paragraphs");
	said_arena_free_all(&a);
}

static void
test_marks(void)
{
	SaidArena	a;
	SaidDoc		d;

	unit_analyze(&d, &a, "“It is a losing bet, and they know it“, he said. The officials’ view was clear.");
	CHECK(d.nregion == 1 && d.region[0].close_tok >= 0, "marks: wrong-way closer closes the region");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "He said: \"We will win. We always do.\"\n\n\"Nobody can stop us now,\" he added.");
	CHECK(d.nregion == 2 && d.region[0].close_tok >= 0 && d.region[1].close_tok >= 0,
		  "marks: straight double marks pair by context");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“The first paragraph goes on\n\n“and the second ends it,” she said.");
	CHECK(d.nregion == 2 && d.region[1].continues == 0, "marks: multi-paragraph quote continues");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“He told me ‘never again’ last night,” she said.");
	CHECK(d.nregion == 2 && d.region[1].parent == 0, "marks: single quotes nest inside double");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "``It is over,'' he said cordially.");
	CHECK(d.nregion == 1 && d.region[0].close_tok >= 0, "marks: `` and '' pair");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "«Nous gagnerons cette bataille», a dit le président.");
	CHECK(d.nregion == 1 && d.region[0].close_tok >= 0, "marks: guillemets pair");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "He grew up in the '80s and left in '92. He said, 'We stayed.'");
	CHECK(d.nregion == 1 && d.region[0].close_tok >= 0, "marks: an elided year is an apostrophe");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "He went to the baker 's shop , but they do n't sell bread on the captain 's day off .");
	CHECK(d.nregion == 0, "marks: a split-off clitic ('s) in tokenized text is no quote mark");
	said_arena_free_all(&a);
}

static void
test_attribution(void)
{
	SaidArena	a;
	SaidDoc		d;
	const SaidAttribution *q;

	unit_analyze(&d, &a, "Foreign Minister Julie Bishop arrived on Monday. “We will not send troops to the region,” Bishop said.");
	q = attribution_containing(&d, "We will not send");
	CHECK(q && q->kind == QK_DIRECT && strcmp(unit_entity_name(&d, q->speaker_entity), "Julie Bishop") == 0,
		  "attribution: direct quote, speaker after, surname resolved");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“The debate showed who he really is.” ― Martha Aguilar\n“We need a change.” ― Tom Reed");
	q = attribution_containing(&d, "We need a change");
	CHECK(q && q->kind == QK_DIRECT && strcmp(q->rule, "direct.byline") == 0 &&
		  strcmp(unit_entity_name(&d, q->speaker_entity), "Tom Reed") == 0 && d.nattr == 2,
		  "attribution: a byline under each quote gives its speaker");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The candidate will play the “woman card,” Carly Fiorina said.");
	q = attribution_containing(&d, "woman card");
	CHECK(q && q->kind == QK_MIXED && strcmp(unit_entity_name(&d, q->speaker_entity), "Carly Fiorina") == 0,
		  "attribution: a quote inside the narrator's sentence is mixed, with the cue's speaker");
	said_arena_free_all(&a);

	/* the hearer of "told" ends the cue even where the tagger finds no
	 * name in it: the clause ends after its capitalised words */
	unit_analyze(&d, &a, "Ending the war is the only goal, a senior US official told the AP.");
	q = attribution_containing(&d, "Ending the war");
	CHECK(q && q->cue >= 0 &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "a senior US official") == 0 &&
		  strcmp(unit_span(&d, d.cue[q->cue].t0, d.cue[q->cue].t1), "told the AP") == 0,
		  "attribution: a capitalised hearer at the clause's end belongs to the cue (told the AP)");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Brad Thor told TheBlaze founder Glenn Beck he would consider running.");
	q = attribution_containing(&d, "would consider running");
	CHECK(q && strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "Brad Thor") == 0 &&
		  strncmp(d.text + q->content_b0, "he would", 8) == 0,
		  "attribution: a capitalised word inside the hearer's phrase does not end it");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Ted Cruz spoke on Monday. “The plan will fail,” a source close to him said.");
	q = attribution_containing(&d, "plan will fail");
	CHECK(q && q->speaker_entity < 0 &&
		  strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "a source close to him") == 0,
		  "attribution: a noun phrase ending in a pronoun speaks, not the pronoun");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Asked on Monday whether she would run, Mary Smith said it was too early.");
	q = attribution_containing(&d, "whether she would run");
	/* the learned stage decides the cue 'Asked' (its row replaces the rules') */
	CHECK(q && q->kind == QK_INDIRECT && strcmp(q->rule, "learned.indirect") == 0 && q->speaker_t0 < 0,
		  "attribution: a question put by someone unnamed");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "John Allen spoke in Paris. “The coalition is winning this fight,” he said.");
	q = attribution_containing(&d, "coalition is winning");
	CHECK(q && strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "he") == 0 &&
		  strcmp(unit_entity_name(&d, q->speaker_entity), "John Allen") == 0,
		  "attribution: pronoun speaker resolved to the nearest person");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We are ready for the talks next week,” said Angela Merkel.");
	q = attribution_containing(&d, "ready for the talks");
	CHECK(q && strcmp(unit_entity_name(&d, q->speaker_entity), "Angela Merkel") == 0,
		  "attribution: inverted speaker after the cue");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Prime Minister Tony Abbott said on Tuesday that Australia would join the air campaign.");
	q = attribution_containing(&d, "Australia would join");
	CHECK(q && q->kind == QK_INDIRECT && q->content_b0 == (int32_t) (strstr(d.text, "Australia") - d.text),
		  "attribution: indirect speech after 'said ... that'");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The army has lost ground in the north, according to a senior US official.");
	q = attribution_containing(&d, "lost ground");
	CHECK(q && q->kind == QK_INDIRECT && q->cue >= 0 && d.cue[q->cue].kind == CUE_ACCORDING_TO,
		  "attribution: according to");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Senator Mark Warner urged the committee to “stop stalling on this bill” before the recess.");
	q = attribution_containing(&d, "stop stalling");
	CHECK(q && q->kind == QK_MIXED, "attribution: reported speech with quoted words is mixed");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Critics called the plan a “disaster” on Monday.");
	CHECK(attribution_containing(&d, "disaster") == NULL || attribution_containing(&d, "disaster")->kind != QK_DIRECT,
		  "attribution: a one-word scare quote is not a direct quote");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“This is the first part,” she said. “And this is the second part of it.”");
	CHECK(d.nattr == 1 && d.attr[0].kind == QK_DIRECT, "attribution: interrupted quote is one attribution");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We will appeal the ruling today,” said Kevin Madden, a spokesman for the firm. "
				 "“The judge got this one wrong.”\n\nThe market fell.");
	q = attribution_containing(&d, "judge got this");
	CHECK(d.nattr == 1 && q && q->kind == QK_DIRECT && attribution_containing(&d, "appeal the ruling") == q,
		  "attribution: a quote after the speaker's sentence continues the attribution");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“The economy is slowing down fast,” DoubleLine Capital portfolio manager Bonnie Baha said.");
	q = attribution_containing(&d, "slowing down");
	CHECK(q && strcmp(unit_entity_name(&d, q->speaker_entity), "Bonnie Baha") == 0 &&
		  strncmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "DoubleLine", 10) == 0,
		  "attribution: modifiers before the speaker's name are part of the speaker");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“Donors will want answers about the spending,” the release said.");
	q = attribution_containing(&d, "want answers");
	CHECK(q && q->kind == QK_DIRECT && strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "the release") == 0,
		  "attribution: any noun phrase with a determiner can be the speaker");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Cook said Carter stopped the practice, but Cook did not say when.");
	q = attribution_containing(&d, "Carter stopped");
	CHECK(q && q->kind == QK_INDIRECT && attribution_containing(&d, "did not say") != q,
		  "attribution: the reported clause ends before the narrator's 'but'");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Maria Lopez spoke for an hour at the town hall.\n\n“We built the first school here in 1990 and we will build more.”");
	q = attribution_containing(&d, "first school");
	CHECK(q && q->kind == QK_DIRECT && strcmp(unit_entity_name(&d, q->speaker_entity), "Maria Lopez") == 0,
		  "attribution: a quote without a cue takes the person named just before");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Critics say the plan would leave voters “with nothing but empty promises and higher bills” next year.");
	q = attribution_containing(&d, "empty promises");
	CHECK(q && q->kind != QK_DIRECT, "attribution: quoted words inside a sentence are not a direct quote");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“Yes,” said Maria Lopez, who has been the mayor of the small town by the river since 2010. "
				 "“We will build three new schools and a library before the end of next year.”");
	q = attribution_containing(&d, "three new schools");
	CHECK(d.nattr == 1 && q && q->nparts == 2 && strncmp(d.text + q->content_b0, "Yes", 3) == 0 &&
		  strcmp(unit_span(&d, q->parts[0], q->parts[1]), "Yes") == 0 &&
		  strncmp(unit_span(&d, q->parts[2], q->parts[3]), "We will build", 13) == 0,
		  "attribution: a quote in parts is one row that keeps its parts");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“We have worked here since April,” said Tom Reed, the campaign director, “and we will stay until the vote.”");
	q = attribution_containing(&d, "until the vote");
	CHECK(d.nattr == 1 && q && attribution_containing(&d, "since April") == q,
		  "attribution: a quote goes on after the speaker's apposition");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Anna Berg spoke first.\n\n“We are ready for the vote tomorrow.” She noted the polls had closed early in two towns.");
	q = attribution_containing(&d, "polls had closed");
	CHECK(q && q->kind == QK_INDIRECT && attribution_containing(&d, "ready for the vote") != q &&
		  (attribution_containing(&d, "ready for the vote")->cue < 0 ||
		   attribution_containing(&d, "ready for the vote")->cue != q->cue),
		  "attribution: a quoted full sentence, then a sentence with its own cue");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Most voters want the council to lower the tax. Shop owners hope the council will act soon.");
	q = attribution_containing(&d, "lower the tax");
	CHECK(q && q->kind == QK_INDIRECT && strstr(unit_span(&d, q->speaker_t0, q->speaker_t1), "voters") != NULL,
		  "attribution: an attitude verb (want) reports an intention");
	q = attribution_containing(&d, "will act soon");
	CHECK(q && q->kind == QK_INDIRECT && strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "Shop owners") == 0,
		  "attribution: a bare noun phrase before the cue is its subject");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Governor Paul Smith vetoed the bill on Friday, saying it would raise costs for families.");
	q = attribution_containing(&d, "raise costs");
	CHECK(q && strstr(unit_span(&d, q->speaker_t0, q->speaker_t1), "Smith") != NULL,
		  "attribution: a participle takes the sentence's subject");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Lawmakers argued the rule was far too strict, Jim Hackett said that the agency would review it.");
	q = attribution_containing(&d, "too strict");
	CHECK(q && attribution_containing(&d, "Hackett") != q && attribution_containing(&d, "agency would review") != q,
		  "attribution: the reported clause ends before another speaker's clause");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Jane Carter said on Monday in Denver, “We will not raise taxes this year.”");
	q = attribution_containing(&d, "raise taxes");
	CHECK(q && q->kind == QK_DIRECT && strncmp(d.text + q->content_b0, "We will", 7) == 0,
		  "attribution: cue, adjunct, then a whole quote is direct");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The report said the river had flooded twice this spring.");
	q = attribution_containing(&d, "river had flooded");
	CHECK(q && strcmp(unit_span(&d, q->speaker_t0, q->speaker_t1), "The report") == 0,
		  "attribution: a cue word after a determiner is a noun and can be the speaker");
	said_arena_free_all(&a);

	/*
	 * the rules' reading; the learned stage gives the content after the
	 * cue instead ("to raise rates …")
	 */
	said_learned_load(NULL, 0);
	unit_analyze(&d, &a, "The central bank is widely expected to raise rates at its next meeting.");
	q = attribution_containing(&d, "raise rates");
	CHECK(q && q->speaker_t0 < 0 && strncmp(d.text + q->content_b0, "The central bank", 16) == 0,
		  "attribution: 'is expected to' holds its subject, with no speaker named (the rules)");
	said_arena_free_all(&a);
	said_learned_init(&unit_heap);

	unit_analyze(&d, &a, "Mayor Ann Duval leaned toward the crowd and boomed: “We will rebuild every house on this street.”");
	q = attribution_containing(&d, "rebuild every house");
	CHECK(q && q->kind == QK_DIRECT && strstr(unit_entity_name(&d, q->speaker_entity), "Ann Duval") != NULL,
		  "attribution: a lead-in ending in a colon gives the sentence's subject");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“Yes,” he said. “No.”");
	CHECK(d.nattr <= 2 && (d.nattr == 0 || (d.attr[0].confidence > 0.0f && d.attr[0].confidence <= 1.0f)),
		  "attribution: confidence stays in (0, 1]");
	said_arena_free_all(&a);
}

/* Canonical name of the entity of the first mention whose text is name. */
static const char *
canonical_of(SaidDoc *doc, const char *name)
{
	for (int m = 0; m < doc->nmention; m++)
		if (strcmp(unit_span(doc, doc->mention[m].t0, doc->mention[m].t1), name) == 0)
			return unit_entity_name(doc, doc->mention[m].entity);
	return "(no mention)";
}

static void
test_names(void)
{
	SaidArena	a;
	SaidDoc		d;

	unit_analyze(&d, &a, "Russian President Vladimir Putin spoke on Tuesday. Later, Putin met the press.");
	CHECK(strcmp(canonical_of(&d, "Putin"), "Vladimir Putin") == 0, "names: surname joins the full name");
	CHECK(d.mention[0].type == ENT_NATIONALITY, "entities: demonym is a nationality");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The Islamic State group lost ground. IS fighters fled.");
	CHECK(strcmp(canonical_of(&d, "IS"), "Islamic State") == 0, "names: acronym joins its full name");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "U.S. troops arrived in Syria on Monday.");
	CHECK(strcmp(canonical_of(&d, "U.S."), "United States") == 0, "names: gazetteer canonical form");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Senator John Smith and Senator Jane Smith spoke. Smith said no.");
	CHECK(d.nmention >= 2 && d.mention[0].title_t0 == 0 && d.mention[0].t0 == 1,
		  "entities: the title is outside the span but remembered");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Officials said Osama bin Laden had moved. Smith de facto ran the office.");
	CHECK(strcmp(canonical_of(&d, "Osama bin Laden"), "Osama bin Laden") == 0,
		  "entities: a surname after a particle written apart is the name's (spaced_particle_end)");
	CHECK(strcmp(canonical_of(&d, "Smith"), "Smith") == 0 && d.nmention == 2,
		  "entities: a particle at a name's end with no surname after it is left out, and no name");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "Conservative leader Kemi Badenoch accused Labour of “betraying” voters.");
	CHECK(d.nmention == 1, "entities: a tagged span that is a title and function words is no name (\"of\")");
	said_arena_free_all(&a);
}

/*
 * said_speaker_entity, for the attribution stage: a proper-noun speaker
 * gets the entity the document has for it, or a new one; a pronoun or a
 * description none.
 */
static void
test_speaker_entity(void)
{
	SaidArena	a;
	SaidDoc		d;
	int			t,
				e,
				e2,
				n;

	unit_analyze(&d, &a, "Vladimir Putin met the press. Yesterday Blorft arrived late, and Putin and he left.");
	n = d.nentity;
	t = find_token(&d, "Blorft");
	e = said_speaker_entity(&d, t, t + 1, true);
	CHECK(d.tok[t].mention < 0 && e >= 0 && d.entity[e].type == ENT_PERSON &&
		  strcmp(unit_entity_name(&d, e), "Blorft") == 0 &&
		  d.entity[e].canonical_mention == -1,
		  "speaker entity: a proper noun without one gets a new person entity");
	e2 = said_speaker_entity(&d, t, t + 1, true);
	CHECK(e2 == e && d.nentity == (e >= n ? n + 1 : n), "speaker entity: the same name, the same entity");
	t = find_token(&d, "Vladimir");
	CHECK(t >= 0 && said_speaker_entity(&d, t, t + 2, true) >= 0 &&
		  strcmp(unit_entity_name(&d, said_speaker_entity(&d, t, t + 2, true)), "Vladimir Putin") == 0,
		  "speaker entity: a name's mention gives its entity");
	t = find_token(&d, "he");
	CHECK(said_speaker_entity(&d, t, t + 1, true) == -1, "speaker entity: a pronoun gets none");
	t = find_token(&d, "the");
	CHECK(said_speaker_entity(&d, t, t + 2, true) == -1, "speaker entity: a description gets none");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "The plan was approved, OPEC said.");
	t = find_token(&d, "OPEC");
	e = said_speaker_entity(&d, t, t + 1, true);
	CHECK(e >= 0 && d.entity[e].type == ENT_ORGANIZATION, "speaker entity: capitals make an organisation");
	said_arena_free_all(&a);
}

/* The lexicon's entry of a phrase, tokenized as documents are. */
static const SaidLexEntry *
lookup_phrase(const char *phrase)
{
	SaidArena	a;
	SaidDoc		d;
	const SaidLexEntry *e;

	said_arena_init(&a, &unit_heap);
	said_doc_init(&d, &a, phrase, strlen(phrase));
	said_tokenize(&d);
	e = d.ntok > 0 ? said_lex_lookup(said_phrase_key(&d, 0, d.ntok)) : NULL;
	said_arena_free_all(&a);
	return e;
}

/*
 * Every demonym of the gazetteer names the country a reader means: of the
 * countries that list it (data/demonyms.tsv, written with the gazetteer by
 * tools/build_lexicons.py from its sources), the most populous, so that
 * "American" is the United States and not the Northern Mariana Islands,
 * which the source lists with it; a territory keeps the demonyms no larger
 * country shares.  Checked on the lexicon as the extension loads it (the
 * first canonical form of a word wins there).
 */
static void
test_demonyms(void)
{
	FILE	   *f = fopen(SAID_DATA_DIR "/demonyms.tsv", "r");
	char		line[512],
				demonym[sizeof(line)] = "",
				best[sizeof(line)] = "";
	long		best_pop = -1;
	int			checked = 0,
				wrong = 0,
				listed = 0,
				in_gazetteer = 0;

	CHECK(f != NULL, "demonyms: data/demonyms.tsv is there");
	if (!f)
		return;
	/* lines of one demonym are consecutive; a sentinel line ends the last */
	for (bool more = true; more;)
	{
		char	   *d = line,
				   *country,
				   *pop;

		more = fgets(line, sizeof(line), f) != NULL;
		if (more && line[0] == '#')
			continue;
		if (!more)
			strcpy(line, "\t\t0\n");
		line[strcspn(line, "\n")] = '\0';
		country = strchr(d, '\t');
		pop = country ? strchr(country + 1, '\t') : NULL;
		if (!pop)
			continue;
		*country++ = '\0';
		*pop++ = '\0';
		if (strcmp(d, demonym) != 0)
		{
			if (demonym[0])
			{
				const SaidLexEntry *e = lookup_phrase(demonym);

				checked++;
				/* "Djibouti": the country's own name, without a canonical form */
				if (!e || !(e->classes & LX_DEMONYM) ||
					(e->canonical ? strcmp(said_lex_canonical(e), best) != 0 : strcmp(demonym, best) != 0))
				{
					wrong++;
					printf("#   %s: %s, not %s\n", demonym, e && e->canonical ? said_lex_canonical(e) : "(none)", best);
				}
			}
			snprintf(demonym, sizeof(demonym), "%s", d);
			best_pop = -1;
		}
		listed++;
		if (atol(pop) > best_pop)
		{
			best_pop = atol(pop);
			snprintf(best, sizeof(best), "%s", country);
		}
	}
	fclose(f);
	CHECK(checked > 400 && wrong == 0, "demonyms: each names the most populous country that lists it");
	CHECK(listed > checked, "demonyms: some are listed by more than one country");

	/*
	 * demonyms.tsv has every demonym of the gazetteer that names a country
	 * (a canonical form, or a country's name itself)
	 */
	f = fopen(SAID_DATA_DIR "/gazetteer.tsv", "r");
	while (f && fgets(line, sizeof(line), f))
	{
		char	   *cls = strchr(line, '\t');
		char	   *canon = cls ? strchr(cls + 1, '\t') : NULL;

		line[strcspn(line, "\n")] = '\0';
		if (canon)
			*canon++ = '\0';
		if (line[0] != '#' && cls && strstr(cls, "DEMONYM") &&
			((canon && *canon) || strstr(cls, "COUNTRY")))
			in_gazetteer++;
	}
	if (f)
		fclose(f);
	CHECK(in_gazetteer == checked, "demonyms: every demonym of the gazetteer is checked");
	CHECK(strcmp(said_lex_canonical(lookup_phrase("Americans")), "United States") == 0 &&
		  strcmp(said_lex_canonical(lookup_phrase("Frenchman")), "France") == 0 &&
		  strcmp(said_lex_canonical(lookup_phrase("Emiratis")), "United Arab Emirates") == 0,
		  "demonyms: plurals and the hand-added forms too");
}

/*
 * A document of more mentions than entities.c adds in one batch (1,024):
 * every sentence, the same, gets the same mentions, in order.
 */
static void
test_many_mentions(void)
{
	static const char sentence[] = "The European Union and Germany met in Paris. ";
	const int	nsent = 1500;
	size_t		len = (sizeof(sentence) - 1) * nsent;
	char	   *text = malloc(len + 1);
	SaidArena	a;
	SaidDoc		d;
	int			first = -1,
				per = 0,
				width;
	bool		same = true;

	for (int k = 0; k < nsent; k++)
		memcpy(text + k * (sizeof(sentence) - 1), sentence, sizeof(sentence) - 1);
	text[len] = '\0';
	unit_analyze(&d, &a, text);
	width = d.nsent > 1 ? d.sent[1].t1 - d.sent[1].t0 : 0;
	/* the second sentence's mentions (the document memory may label the
	 * first otherwise) are the model of every later one's */
	for (int m = 0; m < d.nmention; m++)
		if (d.tok[d.mention[m].t0].sent == 1)
		{
			if (first < 0)
				first = m;
			per++;
		}
	for (int m = first; first >= 0 && per > 0 && m < d.nmention; m++)
	{
		const SaidMention *x = &d.mention[m];
		const SaidMention *y = &d.mention[first + (m - first) % per];
		int			shift = (d.tok[x->t0].sent - 1) * width;

		if ((m > 0 && x->t0 <= d.mention[m - 1].t0) || x->type != y->type ||
			x->t0 != y->t0 + shift || x->t1 != y->t1 + shift)
			same = false;
	}
	CHECK(d.nsent == nsent && per >= 2 && d.nmention - first == per * (nsent - 1) && same,
		  "entities: a document of thousands of mentions gets each sentence's, in order");
	said_arena_free_all(&a);
	free(text);
}

static void
test_empty(void)
{
	SaidArena	a;
	SaidDoc		d;

	unit_analyze(&d, &a, "");
	CHECK(d.ntok == 0 && d.nattr == 0 && d.nmention == 0, "empty text gives nothing");
	said_arena_free_all(&a);
	unit_analyze(&d, &a, "“““”””‘’‘’\"\"\"'''«»«»");
	CHECK(d.nattr == 0, "only quote marks give no attribution");
	said_arena_free_all(&a);
}

/*
 * The arena: an array that is the last allocation grows where it is, its
 * elements kept; an allocation larger than a new chunk gets a chunk of its
 * own and the current chunk stays in use.
 */
static void
test_arena(void)
{
	SaidArena	a;
	int		   *v = NULL;
	int			cap = 0;
	int		   *first;
	char	   *small,
			   *big,
			   *after;
	bool		kept = true;

	said_arena_init(&a, &unit_heap);
	small = said_arena_alloc(&a, 16);
	v = said_grow(&a, v, &cap, 16, sizeof(int));
	first = v;
	for (int i = 0; i < 4000; i++)
	{
		v = said_grow(&a, v, &cap, i + 1, sizeof(int));
		v[i] = i;
	}
	for (int i = 0; i < 4000; i++)
		kept = kept && v[i] == i;
	CHECK(kept && cap >= 4000, "arena: a grown array keeps its elements");
	CHECK(v == first, "arena: the last allocation grows in place while its chunk has room");
	big = said_arena_alloc(&a, (size_t) 1 << 20);
	memset(big, 1, (size_t) 1 << 20);
	after = said_arena_alloc(&a, 16);
	CHECK(after > small && after < small + 64 * 1024,
		  "arena: after a large allocation, the current chunk serves the next small one");
	CHECK(a.total >= ((size_t) 1 << 20) + 64 * 1024 && a.total < ((size_t) 1 << 20) + 128 * 1024,
		  "arena: a large allocation adds its own size only");
	said_arena_free_all(&a);
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	test_arena();
	test_tokens();
	test_word_hashes();
	test_sentences();
	test_marks();
	test_names();
	test_demonyms();
	test_speaker_entity();
	test_attribution();
	test_many_mentions();
	test_empty();
	return unit_done();
}
