/*
 * test_results.c -- unit tests of what the SQL functions compute from an
 * analysed document or from names, without a server: claims' about lists
 * (claims.c), speakers' tallies, said_headline's marked text (headline.c),
 * canonical_map's grouping (canonical.c) and the user lexicon
 * (user_lexicon.c).
 */
#include "unit.h"
#include "canonical.h"
#include "claims.h"
#include "headline.h"
#include "user_lexicon.h"

/* The about list of attribution i, names joined by '|'. */
static const char *
about_of(SaidDoc *doc, const SaidAbout *about, int i)
{
	static char buf[1024];
	size_t		used = 0;

	buf[0] = '\0';
	for (int k = 0; k < about->count[i]; k++)
	{
		const char *name = unit_entity_name(doc, about->ent[about->start[i] + k]);

		used += snprintf(buf + used, sizeof(buf) - used, "%s%s", k ? "|" : "", name);
	}
	return buf;
}

static void
test_about(void)
{
	SaidArena	a;
	SaidDoc		d;
	SaidAbout	about;

	unit_analyze(&d, &a, "“Vladimir Putin and Barack Obama met, and Putin spoke first,” Angela Merkel said.");
	said_claims_about(&d, &about);
	CHECK(d.nattr == 1 && strcmp(about_of(&d, &about, 0), "Vladimir Putin|Barack Obama") == 0,
		  "about: entities of the content, each once, in order of first mention");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“Angela Merkel will decide,” Angela Merkel said.");
	said_claims_about(&d, &about);
	CHECK(d.nattr == 1 && about.count[0] == 0, "about: never the speaker");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "“Nothing to report,” she said.");
	said_claims_about(&d, &about);
	CHECK(d.nattr == 1 && about.count[0] == 0, "about: no entity, an empty list");
	said_arena_free_all(&a);

	unit_analyze(&d, &a, "No quotes here.");
	said_claims_about(&d, &about);
	CHECK(d.nattr == 0, "about: no attribution, nothing to fill");
	said_arena_free_all(&a);
}

static void
test_speaker_tallies(void)
{
	SaidArena	a;
	SaidDoc		d;
	SaidSpeakerTally *t;
	int			n;

	unit_analyze(&d, &a, "“We will win this,” John Kerry said. “Not so fast,” Angela Merkel said. "
				 "“Again, yes,” Kerry said.");
	n = said_speaker_tallies(&d, &t);
	CHECK(n == 2 && strcmp(unit_entity_name(&d, t[0].entity), "John Kerry") == 0 &&
		  strcmp(unit_entity_name(&d, t[1].entity), "Angela Merkel") == 0,
		  "speakers: distinct, in order of first attribution");
	CHECK(n == 2 && t[0].quotes == 2 && t[0].words == 6 && t[1].quotes == 1 && t[1].words == 3,
		  "speakers: attributions and words of content");
	CHECK(n == 2 && t[0].type == ENT_PERSON, "speakers: the type of the first attribution");
	said_arena_free_all(&a);
}

/* said_headline_text of text with markers m, into a static buffer. */
static const char *
headline(const char *text, const SaidHeadlineMarkers *m)
{
	static char buf[4096];
	SaidArena	a;
	SaidDoc		d;
	size_t		len;
	char	   *s;

	unit_analyze(&d, &a, text);
	s = said_headline_text(&d, m, 1 << 20, &len);
	snprintf(buf, sizeof(buf), "%s", s ? s : "(null)");
	if (s && strlen(s) != len)
		snprintf(buf, sizeof(buf), "(length %zu for %zu bytes)", len, strlen(s));
	said_arena_free_all(&a);
	return buf;
}

static void
test_headline(void)
{
	SaidHeadlineMarkers html = {"<q data-speaker=\"{speaker}\">", "</q>", "<cite>", "</cite>", true};
	SaidHeadlineMarkers plain = {"[{kind} by {speaker}: ", "]", "<<", ">>", false};
	SaidArena	a;
	SaidDoc		d;
	size_t		len;

	CHECK(strcmp(headline("“We will not send troops,” Foreign Minister Julie Bishop said.", &html),
				 "“<q data-speaker=\"Julie Bishop\">We will not send troops</q>,” "
				 "<cite>Foreign Minister Julie Bishop</cite> said.") == 0,
		  "headline: content and speaker mention marked, the canonical name in the marker");
	CHECK(strcmp(headline("<b>“Tom & Jerry are fine,”</b> Jane Doe said.", &html),
				 "&lt;b&gt;“<q data-speaker=\"Jane Doe\">Tom &amp; Jerry are fine</q>,”&lt;/b&gt; "
				 "<cite>Jane Doe</cite> said.") == 0,
		  "headline: HTML escaped, outside and inside the marks");
	CHECK(strcmp(headline("Angela Merkel said: \"Europe's & ours.\"", &plain),
				 "<<Angela Merkel>> said: \"[direct by Angela Merkel: Europe's & ours.]\"") == 0,
		  "headline: {kind} and {speaker} replaced, nothing escaped with Escape=none");
	CHECK(strcmp(headline("Nothing & nobody.", &html), "Nothing &amp; nobody.") == 0,
		  "headline: a text without quotes, escaped");
	CHECK(strcmp(headline("", &html), "") == 0, "headline: the empty text");

	unit_analyze(&d, &a, "\"'<&>'\" he said.");
	CHECK(said_headline_text(&d, &html, 20, &len) == NULL && len > 20,
		  "headline: NULL past the length limit, with the length it would have");
	said_arena_free_all(&a);
}

static int	interrupt_checks;

static void
count_check(void *ctx)
{
	(void) ctx;
	interrupt_checks++;
}

/*
 * A single word of 16 MB has no quote to mark: the escaping of its bytes
 * must still check for interrupts (once a megabyte), or a cancel request
 * waits for it.
 */
static void
test_headline_interrupts(void)
{
	static const SaidAllocator counting = {test_alloc, test_free, NULL, count_check};
	SaidHeadlineMarkers html = {"<q>", "</q>", "<cite>", "</cite>", true};
	size_t		n = (size_t) 16 << 20;
	char	   *text = malloc(n + 1);
	SaidArena	a;
	SaidDoc		d;
	size_t		len;
	char	   *out;

	for (size_t i = 0; i < n; i++)
		text[i] = i % 7 == 3 ? '&' : 'a';
	text[n] = '\0';
	said_arena_init(&a, &counting);
	said_doc_init(&d, &a, text, n);
	said_analyze(&d, false);
	interrupt_checks = 0;
	out = said_headline_text(&d, &html, (size_t) 1 << 30, &len);
	CHECK(out != NULL && d.nattr == 0 && interrupt_checks >= 16,
		  "headline: the escaping of a 16 MB word checks for interrupts");
	CHECK(out != NULL && len == n + (n / 7 + (n % 7 > 3)) * 4 && memcmp(out, "aaa&amp;aaa", 11) == 0,
		  "headline: every & of it escaped");
	said_arena_free_all(&a);
	free(text);
}

/* canonical_map over names (NULL-terminated), each counted once but the
 * first, counted first_count times: the map as "name=face;..." */
static const char *
canonical_counted(const char *const *list, int64_t first_count)
{
	static char buf[4096];
	SaidMapName names[64];
	int32_t		face[64];
	SaidArena	a;
	size_t		used = 0;
	int			n = 0;

	for (; list[n]; n++)
	{
		names[n].text = list[n];
		names[n].len = strlen(list[n]);
		names[n].count = n == 0 ? first_count : 1;
	}
	said_arena_init(&a, &unit_heap);
	said_canonical_map(&a, names, n, face);
	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		used += snprintf(buf + used, sizeof(buf) - used, "%s=%s;", names[i].text, names[face[i]].text);
	said_arena_free_all(&a);
	return buf;
}

static const char *
canonical(const char *const *list)
{
	return canonical_counted(list, 1);
}

static void
test_canonical(void)
{
	static const char *const putin[] = {"Putin", "President Vladimir Putin", "Vladimir Putin",
	"Russian President Vladimir Putin", NULL};
	static const char *const titled[] = {"Putin", "President Vladimir Putin", "vladimir putin",
	"Russian President Vladimir Putin", NULL};
	static const char *const frequent[] = {"vladimir putin", "Putin", "President Vladimir Putin", NULL};
	static const char *const johnson[] = {"Johnson", "Boris Johnson", "Lyndon Johnson", NULL};
	static const char *const case_[] = {"MERKEL", "Angela Merkel", "ANGELA MERKEL", NULL};
	static const char *const marks[] = {"Jose Muller", "José Müller", "MÜLLER", NULL};
	static const char *const article[] = {"the Kremlin", "Kremlin", "!!!", NULL};
	static const char *const odd[] = {"\u202eRTL", "Mr. Mr. Mr.", "The", NULL};
	static const char *const nfd[] = {"Jose\u0301 Mu\u0308ller", "José Müller", "Müller", NULL};
	static const char *const nfd_only[] = {"Jose\u0301 Mu\u0308ller", "Mu\u0308ller", "MULLER", NULL};

	CHECK(strcmp(canonical(putin), "Putin=Vladimir Putin;President Vladimir Putin=Vladimir Putin;"
						   "Vladimir Putin=Vladimir Putin;Russian President Vladimir Putin=Vladimir Putin;") == 0,
		  "canonical: titles dropped, a surname mapped to the full name");
	CHECK(strcmp(canonical(titled), "Putin=President Vladimir Putin;"
						   "President Vladimir Putin=President Vladimir Putin;"
						   "vladimir putin=President Vladimir Putin;"
						   "Russian President Vladimir Putin=President Vladimir Putin;") == 0,
		  "canonical: no name spelled as the core, the best name as written (fewest titles)");
	CHECK(strcmp(canonical_counted(frequent, 3), "vladimir putin=vladimir putin;Putin=vladimir putin;"
								   "President Vladimir Putin=vladimir putin;") == 0,
		  "canonical: the most frequent name's core, when a name is spelled so");
	CHECK(strcmp(canonical(johnson), "Johnson=Johnson;Boris Johnson=Boris Johnson;"
						   "Lyndon Johnson=Lyndon Johnson;") == 0,
		  "canonical: a surname of two full names stays itself");
	CHECK(strcmp(canonical(case_), "MERKEL=Angela Merkel;Angela Merkel=Angela Merkel;"
						   "ANGELA MERKEL=Angela Merkel;") == 0,
		  "canonical: case folded, the mixed-case spelling shown");
	CHECK(strcmp(canonical(marks), "Jose Muller=José Müller;José Müller=José Müller;"
						   "MÜLLER=José Müller;") == 0,
		  "canonical: diacritics folded, the spelling with them shown");
	CHECK(strcmp(canonical(article), "the Kremlin=Kremlin;Kremlin=Kremlin;!!!=!!!;") == 0,
		  "canonical: a leading article dropped; a name without words maps to itself");
	CHECK(strcmp(canonical(odd), "\u202eRTL=\u202eRTL;Mr. Mr. Mr.=Mr. Mr. Mr.;The=The;") == 0,
		  "canonical: only names of the set, as written (a format character, titles only)");
	CHECK(strcmp(canonical(nfd), "Jose\u0301 Mu\u0308ller=José Müller;José Müller=José Müller;"
						   "Müller=José Müller;") == 0,
		  "canonical: decomposed and precomposed spellings in one group");
	CHECK(strcmp(canonical(nfd_only), "Jose\u0301 Mu\u0308ller=Jose\u0301 Mu\u0308ller;"
						   "Mu\u0308ller=Jose\u0301 Mu\u0308ller;MULLER=Jose\u0301 Mu\u0308ller;") == 0,
		  "canonical: a decomposed name shown decomposed, as written");
}

/* The folded hash of each token of s, combined: what the pipeline keys. */
static uint64_t
key_of(const char *s)
{
	SaidArena	a;
	SaidDoc		d;
	uint64_t	k;

	said_arena_init(&a, &unit_heap);
	said_doc_init(&d, &a, s, strlen(s));
	said_tokenize(&d);
	k = said_phrase_key(&d, 0, d.ntok);
	said_arena_free_all(&a);
	return k;
}

static void
test_user_lexicon(void)
{
	static const char *const cue[] = {"posted", "", NULL, "blogged"};
	static const char *const alias[] = {"Daesh", "  ", "ISIL", NULL};
	static const char *const canon[] = {"Islamic State", "nothing", NULL, "x"};
	SaidArena	a;
	SaidDoc		d;
	SaidUserLexicon *u;
	const SaidLexEntry *e;

	said_arena_init(&a, &unit_heap);
	u = said_user_lexicon(&a, cue, 4, alias, canon, 4, NULL, NULL, 0);
	CHECK(u->ncue == 2 && said_user_cue(u, said_fold_hash("POSTED", 6)) &&
		  said_user_cue(u, said_fold_hash("blogged", 7)) && !said_user_cue(u, said_fold_hash("said", 4)),
		  "user lexicon: cue words folded, empty and NULL ones skipped");
	e = said_user_alias(u, key_of("daesh"));
	CHECK(u->nalias == 1 && e && strcmp(said_user_canonical(u, e), "Islamic State") == 0 &&
		  e->canonical_key == key_of("Islamic State") && e->ntokens == 1,
		  "user lexicon: an alias keyed as the pipeline keys its words, with its canonical form");

	/* the pipeline reads it */
	said_doc_init(&d, &a, "The minister posted that Daesh had lost the town of Palmyra.",
				  strlen("The minister posted that Daesh had lost the town of Palmyra."));
	d.user = u;
	said_analyze(&d, false);
	CHECK(d.nattr == 1 && d.attr[0].cue >= 0 &&
		  strcmp(unit_span(&d, d.cue[d.attr[0].cue].t0, d.cue[d.attr[0].cue].t1), "posted that") == 0,
		  "user lexicon: a user cue word attributes");
	said_arena_free_all(&a);
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	test_about();
	test_speaker_tallies();
	test_headline();
	test_headline_interrupts();
	test_canonical();
	test_user_lexicon();
	return unit_done();
}
