/*
 * test_hostile.c -- the core on hostile input: each text gives a correct
 * answer (often an empty one) with consistent offsets, never a crash or a
 * hang.
 *
 * Time is not asserted (a shared machine makes thresholds flaky): the
 * timings of 1 MB and 4 MB of each pathological text, and the longest gap
 * between two interrupt checks on a 100 MB document, are printed as TAP
 * comments ("# ...") for the reliability report.  What is asserted about
 * cost is deterministic: the core calls interrupt_check throughout, and an
 * interrupt_check that longjmps (as CHECK_FOR_INTERRUPTS does) abandons the
 * document cleanly.
 */
#include "unit.h"

#include <setjmp.h>
#include <time.h>

/* Sanitizers make everything several times slower: smaller big inputs. */
#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTILE_SANITIZED 1
#endif
#endif
#ifdef HOSTILE_SANITIZED
#define BIG_DOC_BYTES ((size_t) 8 * 1000 * 1000)
#else
#define BIG_DOC_BYTES ((size_t) 100 * 1000 * 1000)
#endif

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* interrupt_check: counts calls, times the longest gap, may cancel. */
static unsigned long checks;
static unsigned long cancel_after;	/* 0: never */
static double last_check,
			max_gap;
static jmp_buf cancel_jmp;

static void
counting_check(void *ctx)
{
	double		t = now();

	(void) ctx;
	if (t - last_check > max_gap)
		max_gap = t - last_check;
	last_check = t;
	if (cancel_after && ++checks >= cancel_after)
		longjmp(cancel_jmp, 1);
	if (!cancel_after)
		checks++;
}

static const SaidAllocator counting_heap = {test_alloc, test_free, NULL, counting_check};

static void
analyze_bytes(SaidDoc *doc, SaidArena *arena, const char *text, size_t len)
{
	checks = 0;
	cancel_after = 0;
	max_gap = 0;
	last_check = now();
	said_arena_init(arena, &counting_heap);
	said_doc_init(doc, arena, text, len);
	said_analyze(doc, false);
}

/* Every offset the SQL layer reads is inside the text, in order. */
static bool
consistent(const SaidDoc *doc)
{
	for (int i = 0; i < doc->ntok; i++)
	{
		const SaidToken *t = &doc->tok[i];

		if (t->b0 >= t->b1 || t->b1 > doc->len || t->c0 >= said_token_c1(doc, i) ||
			said_token_c1(doc, i) > doc->nchars)
			return false;
		if (i > 0 && t->b0 < doc->tok[i - 1].b1)
			return false;
	}
	for (int i = 0; i < doc->nattr; i++)
	{
		const SaidAttribution *a = &doc->attr[i];

		if (a->content_b0 < 0 || a->content_b0 > a->content_b1 || (uint32_t) a->content_b1 > doc->len ||
			a->content_c0 < 0 || a->content_c0 > a->content_c1 || (uint32_t) a->content_c1 > doc->nchars)
			return false;
		if (a->speaker_t0 >= 0 && (a->speaker_t1 <= a->speaker_t0 || a->speaker_t1 > doc->ntok))
			return false;
		if (a->speaker_entity >= doc->nentity || a->cue >= doc->ncue)
			return false;
	}
	for (int i = 0; i < doc->nmention; i++)
		if (doc->mention[i].t0 < 0 || doc->mention[i].t1 > doc->ntok ||
			doc->mention[i].t0 >= doc->mention[i].t1)
			return false;
	return true;
}

/* unit repeated to at least n bytes (whole units), NUL-terminated. */
static char *
repeat(const char *unit, size_t n, size_t *len)
{
	size_t		u = strlen(unit);
	size_t		count = (n + u - 1) / u;
	char	   *s = malloc(count * u + 1);

	if (!s)
		abort();
	for (size_t k = 0; k < count; k++)
		memcpy(s + k * u, unit, u);
	s[count * u] = '\0';
	*len = count * u;
	return s;
}

/* The text of the (first) attribution's content, in a static buffer. */
static const char *
content(const SaidDoc *doc, int i)
{
	if (i >= doc->nattr)
		return "";
	return unit_bytes(doc, (uint32_t) doc->attr[i].content_b0, (uint32_t) doc->attr[i].content_b1);
}

/* Code points of s[0, n): the count a UTF-8 database reports. */
static int
code_points(const char *s, size_t n)
{
	int			c = 0;

	for (size_t k = 0; k < n; k++)
		if (((unsigned char) s[k] & 0xC0) != 0x80)
			c++;
	return c;
}

/* The first attribution's content span in code points is its text's. */
static bool
span_matches(const SaidDoc *doc)
{
	const SaidAttribution *a;

	if (doc->nattr < 1)
		return false;
	a = &doc->attr[0];
	return a->content_c0 == code_points(doc->text, a->content_b0) &&
		a->content_c1 - a->content_c0 == code_points(doc->text + a->content_b0,
													 a->content_b1 - a->content_b0);
}

/* One short text: consistent, with the expected number of attributions. */
static void
small(const char *name, const char *text, int want_attr, const char *want_content)
{
	SaidArena	a;
	SaidDoc		d;
	char		label[200];

	analyze_bytes(&d, &a, text, strlen(text));
	snprintf(label, sizeof(label), "%s: offsets consistent", name);
	CHECK(consistent(&d), label);
	if (want_attr >= 0)
	{
		snprintf(label, sizeof(label), "%s: %d attribution(s)", name, want_attr);
		CHECK(d.nattr == want_attr, label);
	}
	if (want_content)
	{
		snprintf(label, sizeof(label), "%s: quote content and character span", name);
		CHECK(strcmp(content(&d, 0), want_content) == 0 && span_matches(&d), label);
		if (strcmp(content(&d, 0), want_content) != 0)
			printf("#   got \"%s\"\n", content(&d, 0));
	}
	said_arena_free_all(&a);
}

static void
test_small(void)
{
	SaidArena	a;
	SaidDoc		d;

	/* NULL with length 0: what an empty varlena can hand the core */
	analyze_bytes(&d, &a, NULL, 0);
	CHECK(d.ntok == 0 && d.nattr == 0 && d.nmention == 0, "NULL text of length 0: nothing");
	said_arena_free_all(&a);
	small("empty", "", 0, NULL);
	small("only quote marks", "“““”””‘’‘’\"\"\"'''«»«»‹›„“‚‘``''「」『』＂＂", 0, NULL);
	small("zero-width characters",
		  "\xEF\xBB\xBF“Zero\xE2\x80\x8Bwidth\xE2\x80\x8C and\xE2\x80\x8D joiners are fine here,” he said.",
		  1, "Zero\xE2\x80\x8Bwidth\xE2\x80\x8C and\xE2\x80\x8D joiners are fine here");
	small("control characters", "“Control\x01 \x07 characters\x1B are \x7F only spaces,” he said.",
		  1, "Control\x01 \x07 characters\x1B are \x7F only spaces");
	small("BOM", "\xEF\xBB\xBF“The mark at the start counts as a character,” she said.",
		  1, "The mark at the start counts as a character");
	small("combining marks", "“Combining marks: cafe\xCC\x81 and nai\xCC\x88ve are words,” she said.",
		  1, "Combining marks: cafe\xCC\x81 and nai\xCC\x88ve are words");
	small("emoji", "“Emoji 🎉🎉 and 👩‍👩‍👧 do not break the quote at all,” he said.",
		  1, "Emoji 🎉🎉 and 👩‍👩‍👧 do not break the quote at all");
	small("RTL text in guillemets", "«مرحبا بكم في المدينة الجديدة اليوم» said the mayor.",
		  1, "مرحبا بكم في المدينة الجديدة اليوم");
	unit_analyze(&d, &a, "«مرحبا بكم» said the mayor.");
	CHECK(strcmp(unit_span(&d, 0, 1), "«") == 0 && d.tok[0].kind == TOK_QUOTE,
		  "RTL: the guillemet before Arabic text is a quote mark");
	said_arena_free_all(&a);
	small("RTL marks around a quote", "\xE2\x80\x8F“שלום לכולם והצלחה רבה בעבודה”\xE2\x80\x8E he said.",
		  1, "שלום לכולם והצלחה רבה בעבודה");
	/* U+2028 is a line break: the quote ends with its line, no crash */
	small("U+2028 in a quote", "“Line\xE2\x80\xA8separator inside a quote,” she said.", -1, NULL);
	small("U+2029 and NEL", "“A\xE2\x80\xA9 b\xC2\x85 c d e f,” she said.", -1, NULL);
	small("CJK corner brackets", "「我們不會放棄這個城市」他說。", -1, NULL);
	small("full-width marks", "＂We will not give up on this city，＂ said the mayor.", -1, NULL);
	small("invalid UTF-8", "“Broken \xFF\xFE bytes \xC3 and \xE2\x80 cut \xF0\x9F\x98” he said.", -1, NULL);
	{
		/* an embedded NUL is an ordinary (control) byte to the core */
		static const char nul[] = "“Embedded \0 NUL byte in a quote,” said Mr. Jones.";

		analyze_bytes(&d, &a, nul, sizeof(nul) - 1);
		CHECK(consistent(&d) && d.nattr == 1, "embedded NUL: consistent, one attribution");
		said_arena_free_all(&a);
	}
}

/* A text made by repeating unit to n bytes: analysed, consistent. */
static void
big(const char *name, const char *unit, size_t n, int max_attr)
{
	SaidArena	a;
	SaidDoc		d;
	size_t		len;
	char	   *text = repeat(unit, n, &len);
	char		label[200];

	analyze_bytes(&d, &a, text, len);
	snprintf(label, sizeof(label), "%s (%zu bytes): offsets consistent", name, len);
	CHECK(consistent(&d), label);
	if (max_attr >= 0)
	{
		snprintf(label, sizeof(label), "%s: at most %d attribution(s)", name, max_attr);
		CHECK(d.nattr <= max_attr, label);
		if (d.nattr > max_attr)
			printf("#   got %d\n", d.nattr);
	}
	said_arena_free_all(&a);
	free(text);
}

static void
test_big(void)
{
	SaidArena	a;
	SaidDoc		d;
	size_t		len;
	char	   *text;

	big("100k unbalanced marks", "“", 300000, 0);
	big("100k closing marks", "”", 300000, 0);
	big("100k straight marks", "\"", 100000, 0);
	big("mixed marks", "‘“«", 180000, 0);
	big("deep nesting", "“a ‘b ", 1000000, -1);
	big("deep nesting without words", "“‘«‹„‚", 600000, 0);

	text = repeat("x", 5000000, &len);
	analyze_bytes(&d, &a, text, len);
	CHECK(d.ntok == 1 && d.tok[0].b1 == len && said_token_c1(&d, 0) == len, "5 MB without a space: one token");
	said_arena_free_all(&a);
	free(text);

	text = repeat("\n", 1000000, &len);
	analyze_bytes(&d, &a, text, len);
	CHECK(d.ntok == 0 && d.nchars == len, "a million newlines: no token, every character counted");
	said_arena_free_all(&a);
	free(text);

	big("repeated cue words", "said said he said ", 1000000, -1);
	big("repeated titles", "President Minister Mr. Dr. ", 1000000, -1);
	big("repeated according to", "according to ", 1000000, -1);
	big("repeated told", "he told ", 1000000, -1);
	big("repeated names and pronouns", "Jane Smith told the woman that she and her ", 1000000, -1);
	big("repeated paragraph quotes", "“One two three four five.”\n", 1000000, -1);
	big("repeated single-quoted words", "‘a b c’ ", 1000000, -1);
	big("repeated http", "http.", 1000000, -1);
	big("a million combining marks", "e\xCC\x81\xCC\x88", 1000000, 0);
	big("zero-width only", "\xE2\x80\x8B", 300000, 0);
	big("full-width and CJK marks", "＂「『〝a〞』」＂ ", 1000000, -1);
}

/* Time of the core on n bytes of unit, in seconds (best of one). */
static double
time_core(const char *unit, size_t n)
{
	SaidArena	a;
	SaidDoc		d;
	size_t		len;
	char	   *text = repeat(unit, n, &len);
	double		t0 = now();

	analyze_bytes(&d, &a, text, len);
	t0 = now() - t0;
	said_arena_free_all(&a);
	free(text);
	return t0;
}

static char *news_unit;

static void
report_timings(void)
{
	static const struct
	{
		const char *name;
		const char *unit;
	}			texts[] = {
		{"unbalanced marks", "“"},
		{"deep nesting", "“a ‘b "},
		{"no space", "x"},
		{"cue words", "said said he said "},
		{"titles", "President Minister Mr. "},
		{"told", "he told "},
		{"names and pronouns", "Jane Smith told the woman that she and her "},
		{"paragraph quotes", "“One two three four five.”\n"},
		{"single-quoted words", "‘a b c’ "},
		{"http", "http."},
		{"newlines", "\n"},
	};

	if (news_unit)
		printf("# timing: %-20s 1 MB %6.3f s, 4 MB %6.3f s\n", "news (seed article)",
			   time_core(news_unit, 1000000), time_core(news_unit, 4000000));
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
		printf("# timing: %-20s 1 MB %6.3f s, 4 MB %6.3f s\n", texts[k].name,
			   time_core(texts[k].unit, 1000000), time_core(texts[k].unit, 4000000));
}

/* The 100 MB document: analysed, with interrupt checks all along. */
static void
test_huge(void)
{
	SaidArena	a;
	SaidDoc		d;
	size_t		len;
	char	   *text;
	double		t;

	if (!news_unit)
		return;
	text = repeat(news_unit, BIG_DOC_BYTES, &len);
	t = now();
	analyze_bytes(&d, &a, text, len);
	t = now() - t;
	CHECK(consistent(&d) && d.nattr > 0, "big news document: consistent, attributions found");
	/* every stage checks at least every 8192 tokens */
	CHECK(checks >= (unsigned long) d.ntok / 8192, "big news document: interrupt checks throughout");
	printf("# %zu bytes: %.1f s, %d tokens, %d attributions, %lu interrupt checks, longest gap %.3f s\n",
		   len, t, d.ntok, d.nattr, checks, max_gap);
	said_arena_free_all(&a);

	/* cancelled half-way: the longjmp leaves nothing but the arena to free */
	said_arena_init(&a, &counting_heap);
	said_doc_init(&d, &a, text, len);
	checks = 0;
	cancel_after = (unsigned long) (len / 6 / 8192 / 2) + 1;
	last_check = now();
	if (setjmp(cancel_jmp) == 0)
	{
		said_analyze(&d, false);
		CHECK(false, "big news document: cancelled by interrupt_check");
	}
	else
		CHECK(true, "big news document: cancelled by interrupt_check");
	said_arena_free_all(&a);
	cancel_after = 0;
	free(text);

	text = repeat("x", BIG_DOC_BYTES, &len);
	t = now();
	analyze_bytes(&d, &a, text, len);
	t = now() - t;
	CHECK(d.ntok == 1, "big document without a space: one token");
	printf("# %zu bytes without a space: %.1f s, longest gap between interrupt checks %.3f s\n",
		   len, t, max_gap);
	said_arena_free_all(&a);
	free(text);
}

int
main(int argc, char **argv)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	news_unit = unit_seed_article();
	CHECK(news_unit != NULL, "seed article read");
	test_small();
	test_big();
	test_huge();
	/* timings only on request: they belong to the report, not the test */
	if (argc > 1 && strcmp(argv[1], "--timings") == 0)
		report_timings();
	free(news_unit);
	return unit_done();
}
