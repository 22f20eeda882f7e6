/*
 * patterns.c -- pcre2 patterns used by the tokenizer.
 *
 * Compiled once per process (JIT where available), when first needed:
 * compiling and JIT-compiling the URL pattern took 0.6 ms of a new
 * backend's first call, which most documents (no "http", "www.", '@' or
 * '#') never need.  pcre2's own allocations go through the persistent
 * SaidAllocator, i.e. TopMemoryContext in the server.  Matching is done on
 * a bounded window of the text so that the UTF validity check pcre2
 * performs costs O(window), not O(document), per call.
 */
#include "patterns.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#define URL_WINDOW 2048

static SaidAllocator keep;
static pcre2_general_context *gc;
static pcre2_code *url_re;
static pcre2_match_data *url_md;

static void *
pcre_alloc(PCRE2_SIZE size, void *data)
{
	const SaidAllocator *a = data;

	return a->alloc(a->ctx, size);
}

static void
pcre_free(void *ptr, void *data)
{
	const SaidAllocator *a = data;

	if (ptr && a->release)
		a->release(a->ctx, ptr);
}

static const char url_pattern[] =
	"(?:(?:https?|ftp)://|www\\.)[^\\s\"<>()\\[\\]\\x{201C}\\x{201D}\\x{2018}\\x{2019}]*"
	"[^\\s\"<>()\\[\\]\\x{201C}\\x{201D}\\x{2018}\\x{2019}.,;:!?]"
	"|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"
	"|[@#]\\w+";

const char *
said_patterns_init(const SaidAllocator *persistent)
{
	if (gc)
		return NULL;
	keep = *persistent;
	gc = pcre2_general_context_create(pcre_alloc, pcre_free, &keep);
	if (!gc)
		return "could not create the pcre2 context";
	return NULL;
}

/*
 * The URL pattern and its match data, compiled at the first candidate;
 * false when they cannot be (no memory: the server's allocator throws
 * instead), and the text is then read as holding no URL.
 */
static bool
url_compile(void)
{
	pcre2_compile_context *cc;
	pcre2_code *re;
	int			err;
	PCRE2_SIZE	erroff;

	if (url_re)
		return true;
	if (!gc || (cc = pcre2_compile_context_create(gc)) == NULL)
		return false;
	re = pcre2_compile((PCRE2_SPTR) url_pattern, PCRE2_ZERO_TERMINATED,
					   PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &err, &erroff, cc);
	pcre2_compile_context_free(cc);
	if (!re)
		return false;
	/* JIT is an optimisation: without it (e.g. no executable memory) we still match */
	(void) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if ((url_md = pcre2_match_data_create_from_pattern(re, gc)) == NULL)
	{
		pcre2_code_free(re);
		return false;
	}
	url_re = re;
	return true;
}

const char *
said_patterns_compile(void)
{
	return url_compile() ? NULL : "could not compile the URL pattern";
}

size_t
said_match_url(const char *text, size_t len, size_t pos)
{
	const char *s = text + pos;
	size_t		n = len - pos;
	int			rc;

	/* cheap guards before the regex: only http..., www., ftp, @, # */
	if (n < 4)
		return 0;
	if (!(memcmp(s, "http", 4) == 0 || memcmp(s, "www.", 4) == 0 ||
		  memcmp(s, "ftp:", 4) == 0 || s[0] == '@' || s[0] == '#'))
		return 0;
	if (n > URL_WINDOW)
		n = URL_WINDOW;
	/*
	 * "http" not followed by "://" can only begin an e-mail address, which
	 * needs an '@': without this check the e-mail branch ran over the whole
	 * window for every "http" token, 2 KB of work per token of
	 * "http.http.http...".
	 */
	if (s[0] != '@' && s[0] != '#' && memcmp(s, "www.", 4) != 0 &&
		!(n >= 7 && memcmp(s, "http://", 7) == 0) &&
		!(n >= 8 && memcmp(s, "https://", 8) == 0) &&
		!(n >= 6 && memcmp(s, "ftp://", 6) == 0) &&
		memchr(s, '@', n) == NULL)
		return 0;
	if (!url_compile())
		return 0;
	rc = pcre2_match(url_re, (PCRE2_SPTR) s, n, 0, 0, url_md, NULL);
	if (rc <= 0)
		return 0;
	return (size_t) pcre2_get_ovector_pointer(url_md)[1];
}
