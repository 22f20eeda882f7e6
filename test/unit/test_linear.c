/*
 * test_linear.c -- every stage's cost grows with the document, not faster.
 *
 * Each family of texts below is built at n, 2n, 4n and 8n bytes and run
 * through the whole pipeline; the work the stages count (SaidDoc.work, see
 * said_work in said.h) must grow no faster than the text: work(8n) /
 * work(4n) at most LINEAR_RATIO, where a cost quadratic in the document
 * gives 4.  Counted work, not time: the figure is the same on any machine
 * and under any load, so the test cannot flake.  The families are the
 * shapes that were quadratic (one long sentence of verbs of saying, a run
 * of marks closing a sentence of cues ...) and the other hostile shapes
 * (quote marks of every kind, one long word, deep nesting, many entities).
 * The figures are printed as TAP comments ("# family: work per byte at n,
 * 2n, 4n, 8n").  claims()'s about-lists and speakers()' tallies are counted
 * too.  So is memory: the arena's bytes per input byte at 8n must stay
 * under MAX_ARENA_PER_BYTE.
 */
#include "unit.h"
#include "claims.h"

/* work(8n) / work(4n) above this is superlinear (quadratic gives 4) */
#define LINEAR_RATIO 2.3

/* and no family may cost more than this many steps a byte at 8n */
#define MAX_WORK_PER_BYTE 64.0

/*
 * and no family may take more than this many bytes of arena a byte at 8n:
 * the token array alone is 40 bytes a token, a run of straight quote marks
 * a token a byte (doc/performance.md: where the memory goes)
 */
#define MAX_ARENA_PER_BYTE 96.0

/* tokens.c's SMALL_TEXT_BYTES: the texts whose token array is estimated */
#define SMALL_TEXT_BYTES (64 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define LINEAR_BASE_BYTES ((size_t) 8 * 1024)
#else
#define LINEAR_BASE_BYTES ((size_t) 16 * 1024)
#endif

/* A growable text. */
typedef struct Text
{
	char	   *s;
	size_t		len,
				cap;
} Text;

static void
add(Text *t, const char *s)
{
	size_t		n = strlen(s);

	if (t->len + n + 1 > t->cap)
	{
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

/* unit repeated until the text has at least n bytes */
static void
add_until(Text *t, const char *unit, size_t n)
{
	while (t->len < n)
		add(t, unit);
}

/* A family: the text of about n bytes (the builder's own shape). */
typedef void (*Builder) (Text *t, size_t n, const char *arg);

static void
repeated(Text *t, size_t n, const char *unit)
{
	add_until(t, unit, n);
}

/* half the text verbs of saying, half a run of marks closing their sentence */
static void
cues_then_run(Text *t, size_t n, const char *run)
{
	add_until(t, "he said the ", n / 2);
	add_until(t, run, n);
	add(t, ".");
}

/* "run|unit": run repeated over half the text, then unit over the rest */
static void
halves(Text *t, size_t n, const char *arg)
{
	const char *bar = strchr(arg, '|');
	char		run[64];

	snprintf(run, sizeof(run), "%.*s", (int) (bar - arg), arg);
	add_until(t, run, n / 2);
	add_until(t, bar + 1, n);
}

/* two full names sharing a surname, then that surname alone, many times */
static void
ambiguous_surnames(Text *t, size_t n, const char *unit)
{
	add(t, "John Smith met Jane Smith. ");
	add_until(t, unit, n);
}

static char *news;

static void
news_text(Text *t, size_t n, const char *unit)
{
	if (news)
		add_until(t, news, n);
	else
		add_until(t, "“We will not give up,” Kerry said on Tuesday. ", n);
}

static const struct
{
	const char *name;
	Builder		build;
	const char *arg;
}			families[] = {
	/* one long sentence of verbs of saying: quadratic in reported_clause_end before */
	{"He said: ...", repeated, "He said: "},
	{"he said the ...", repeated, "he said the "},
	{"officials say ...", repeated, "officials say "},
	{"it was reported that ...", repeated, "it was reported that "},
	{"is expected to be ...", repeated, "is expected to be "},
	{"he asked whether ...", repeated, "he asked whether "},
	{"the minister warned that ...", repeated, "the minister warned that "},
	{"he said. ...", repeated, "he said. "},
	{"he told ...", repeated, "he told "},
	{"the claim that ...", repeated, "the claim that "},
	{"according to ...", repeated, "according to "},
	{", when asked ...", repeated, "Kerry, when asked about it, "},
	{"said, adding ...", repeated, "he said, adding that "},
	/* contents in parts: each narration's first part reads back to the sentence's start */
	{"..., he said, ...", repeated, "the plan, he said, would fail and "},
	{"... seemed to ...", repeated, "the plan seemed to fail and "},
	/* sentences of cues closed by a long run, or opened by one */
	{"cues then closing marks", cues_then_run, "” "},
	{"cues then commas", cues_then_run, ", "},
	{"marks, then participles", halves, "( |, says"},
	{"closing marks, then participles", halves, "” |, expected "},
	/* cues of one sentence, then quotes recorded before them */
	{"cues, then quotes", halves, "he told reporters |“One two three four” "},
	{"cues, then marks", halves, "told Mr. |“a ’ ``"},
	/* quote marks of every kind */
	{"straight marks", repeated, "\""},
	{"opening curly marks", repeated, "“"},
	{"closing curly marks", repeated, "”"},
	{"mixed marks", repeated, "‘“«"},
	{"CJK and full-width marks", repeated, "＂「『〝a〞』」＂ "},
	{"CJK corner brackets", repeated, "「」『』"},
	{"deep nesting", repeated, "“a ‘b "},
	{"deep nesting without words", repeated, "“‘«‹„‚"},
	{"paragraph quotes", repeated, "“One two three four five.”\n"},
	{"interrupted quotes", repeated, "“One two three,” he said, “four five six.” "},
	{"single-quoted words", repeated, "‘a b c’ "},
	/* words, lines, names */
	{"one long word", repeated, "x"},
	{"newlines", repeated, "\n"},
	{"short paragraphs", repeated, "A b.\n\n"},
	{"one-word lines", repeated, "Kerry:\n"},
	{"all capitals", repeated, "KERRY SAID NO. "},
	{"capitalised words", repeated, "Foo Bar Baz "},
	{"titles", repeated, "President Minister Mr. Dr. "},
	{"entities", repeated, "Angela Merkel met John Kerry in Berlin. "},
	{"entities in one sentence", repeated, "Angela Merkel and John Kerry and "},
	{"ambiguous surnames", ambiguous_surnames, "Smith and "},
	{"http", repeated, "http."},
	{"news", news_text, NULL},
};

/* Work of the pipeline on the family's text of about n bytes. */
static uint64_t
work_of(int f, size_t n, size_t *len, size_t *arena_bytes)
{
	Text		t = {NULL, 0, 0};
	SaidArena	a;
	SaidDoc		d;
	uint64_t	work;

	families[f].build(&t, n, families[f].arg);
	said_arena_init(&a, &unit_heap);
	said_doc_init(&d, &a, t.s, t.len);
	said_analyze(&d, false);
	/* and what claims() and speakers() compute beyond the attributions */
	{
		SaidAbout	about;
		SaidSpeakerTally *tally;

		said_claims_about(&d, &about);
		said_speaker_tallies(&d, &tally);
	}
	work = d.work;
	*len = t.len;
	*arena_bytes = a.total;
	said_arena_free_all(&a);
	free(t.s);
	return work;
}

int
main(void)
{
	const char *err = said_init(&unit_heap);

	CHECK(err == NULL, "said_init");
	news = unit_seed_article();
	for (int f = 0; f < (int) (sizeof(families) / sizeof(families[0])); f++)
	{
		uint64_t	work[4];
		size_t		len[4],
					arena[4];
		double		ratio,
					per_byte;
		char		label[200];

		for (int k = 0; k < 4; k++)
			work[k] = work_of(f, LINEAR_BASE_BYTES << k, &len[k], &arena[k]);
		/* per byte of the text as built (whole units: not exactly n) */
		ratio = ((double) work[3] / len[3]) / ((double) work[2] / len[2]) * 2.0;
		per_byte = (double) work[3] / len[3];
		printf("# %-28s work per byte %6.1f %6.1f %6.1f %6.1f; work(8n)/work(4n) %.2f\n",
			   families[f].name, (double) work[0] / len[0], (double) work[1] / len[1],
			   (double) work[2] / len[2], per_byte, ratio);
		snprintf(label, sizeof(label), "%s: work grows linearly (8n / 4n = %.2f <= %.1f)",
				 families[f].name, ratio, LINEAR_RATIO);
		CHECK(ratio <= LINEAR_RATIO, label);
		snprintf(label, sizeof(label), "%s: %.1f steps a byte (<= %.0f)",
				 families[f].name, per_byte, MAX_WORK_PER_BYTE);
		CHECK(per_byte <= MAX_WORK_PER_BYTE, label);
		printf("# %-28s arena bytes per byte at 8n %6.1f\n", families[f].name,
			   (double) arena[3] / len[3]);
		snprintf(label, sizeof(label), "%s: the arena holds %.1f bytes a byte (<= %.0f)",
				 families[f].name, (double) arena[3] / len[3], MAX_ARENA_PER_BYTE);
		/* up to 64 KB the tokenizer sizes its array by an estimate and
		 * grows it (a bounded cost): the sanitizer build's 8n is 64 KB */
		if (len[3] > SMALL_TEXT_BYTES)
			CHECK((double) arena[3] / len[3] <= MAX_ARENA_PER_BYTE, label);
	}
	free(news);
	return unit_done();
}
