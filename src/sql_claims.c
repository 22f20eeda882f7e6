/*
 * sql_claims.c -- claims as SQL: claims(), quoted_speakers(), the
 * canonical_map aggregate, said_headline() and the user-lexicon entry point
 * claims_custom().
 *
 * claims() is quotes() reshaped around the question "who said what about
 * whom": one row per attribution with the canonical names of the entities the
 * quoted content mentions.  Mentions and attributions both come in document
 * order, so one forward walk pairs them.
 *
 * The user lexicon (tables said_cue_words and said_aliases) is read through
 * SPI once per query and handed to the core through SaidDoc.user; functions
 * that read it are STABLE, the built-in ones stay IMMUTABLE.
 */
#include "postgres.h"

#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "said.h"
#include "lexicon.h"
#include "sql_common.h"

/* Is a mention of a type that entities() reports? */
static inline bool
reported_mention(const SaidMention *m)
{
	return m->entity >= 0 && said_entity_type_name(m->type) != NULL;
}

/* ------------------------------------------------------------- claims() */

typedef struct AboutLists
{
	int32	   *start;			/* per attribution: first index into ent[] */
	int32	   *count;			/* per attribution: entities about */
	int32	   *ent;			/* entity ids, attribution by attribution */
} AboutLists;

typedef struct AttrOrder
{
	int32		b0;
	int32		index;
} AttrOrder;

static int
attr_order_cmp(const void *a, const void *b)
{
	const AttrOrder *x = a,
			   *y = b;

	if (x->b0 != y->b0)
		return x->b0 < y->b0 ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/*
 * For every attribution, the entities mentioned inside its content: speaker
 * excluded, each once, in order of first mention.  Attributions are taken in
 * order of content start and mentions are sorted by position, so a single
 * cursor over mentions moves forward only; each attribution then reads just
 * the mentions inside its content.  A stamp per entity removes duplicates in
 * constant time.
 */
static void
collect_about(SaidCall *call, AboutLists *about)
{
	SaidDoc    *doc = &call->doc;
	AttrOrder  *order = palloc(sizeof(AttrOrder) * (doc->nattr + 1));
	int32	   *stamp = palloc(sizeof(int32) * (doc->nentity + 1));
	bool		sorted = true;
	int			used = 0;
	int			cursor = 0;

	about->start = palloc(sizeof(int32) * (doc->nattr + 1));
	about->count = palloc0(sizeof(int32) * (doc->nattr + 1));
	about->ent = palloc(sizeof(int32) * (doc->nmention + 1));
	for (int e = 0; e < doc->nentity; e++)
		stamp[e] = -1;
	for (int i = 0; i < doc->nattr; i++)
	{
		order[i].b0 = doc->attr[i].content_b0;
		order[i].index = i;
		if (i > 0 && order[i].b0 < order[i - 1].b0)
			sorted = false;
	}
	/* attributions are in document order by speaker or cue, not always by content */
	if (!sorted)
		qsort(order, doc->nattr, sizeof(AttrOrder), attr_order_cmp);

	for (int o = 0; o < doc->nattr; o++)
	{
		int			i = order[o].index;
		const SaidAttribution *a = &doc->attr[i];
		int			room = doc->nmention - used;

		while (cursor < doc->nmention &&
			   doc->tok[doc->mention[cursor].t0].b0 < (uint32) a->content_b0)
			cursor++;
		about->start[i] = used;
		for (int k = cursor; k < doc->nmention; k++)
		{
			const SaidMention *m = &doc->mention[k];

			if (doc->tok[m->t0].b0 >= (uint32) a->content_b1)
				break;
			if (doc->tok[m->t1 - 1].b1 > (uint32) a->content_b1 || !reported_mention(m) ||
				m->entity == a->speaker_entity || stamp[m->entity] == i)
				continue;
			stamp[m->entity] = i;
			/* overlapping contents may name more entities than mentions */
			if (room == 0)
			{
				about->ent = repalloc(about->ent, sizeof(int32) * (used + doc->nmention + 1));
				room = doc->nmention;
			}
			about->ent[used++] = m->entity;
			room--;
			about->count[i]++;
		}
	}
	pfree(order);
	pfree(stamp);
}

/* text[] of the canonical names of entities ent[0..n) */
static Datum
entity_array(SaidCall *call, const int32 *ent, int n)
{
	Datum	   *elems;

	if (n == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	elems = palloc(sizeof(Datum) * n);
	for (int k = 0; k < n; k++)
		elems[k] = said_entity_datum(call, ent[k]);
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* The speaker as SQL shows it: the canonical name, else the mention as written. */
static bool
speaker_datum(SaidCall *call, const SaidAttribution *a, Datum *d)
{
	if (a->speaker_entity >= 0)
		*d = said_entity_datum(call, a->speaker_entity);
	else if (a->speaker_t0 >= 0)
		*d = said_token_span_text(call, a->speaker_t0, a->speaker_t1);
	else
		return false;
	return true;
}

#define CLAIMS_COLS 10

static Datum
claims_rows(FunctionCallInfo fcinfo, const SaidUserLexicon *user)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidCall	call;
	AboutLists	about;
	MemoryContext old;

	said_init_srf(fcinfo);
	said_call_open_user(&call, doc, false, user);
	old = MemoryContextSwitchTo(call.cxt);
	collect_about(&call, &about);
	MemoryContextSwitchTo(old);
	for (int i = 0; i < call.doc.nattr; i++)
	{
		const SaidAttribution *a = &call.doc.attr[i];
		Datum		values[CLAIMS_COLS];
		bool		nulls[CLAIMS_COLS] = {0};

		old = MemoryContextSwitchTo(call.row_cxt);
		values[0] = Int32GetDatum(i + 1);
		nulls[1] = !speaker_datum(&call, a, &values[1]);
		nulls[2] = !said_type_datum(a->speaker_type, &values[2]);
		if (a->cue >= 0)
			values[3] = said_token_span_text(&call, call.doc.cue[a->cue].t0,
											 call.doc.cue[a->cue].t1);
		else
			nulls[3] = true;
		values[4] = CStringGetTextDatum(said_quote_kind_name(a->kind));
		values[5] = said_text_datum(&call, a->content_b0, a->content_b1);
		values[6] = entity_array(&call, about.ent + about.start[i], about.count[i]);
		values[7] = said_content_range(&call, a);
		values[8] = Float4GetDatum(a->confidence);
		values[9] = CStringGetTextDatum(a->rule);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(call.row_cxt);
	}
	said_call_close(&call);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(said_claims);

/* claims(doc text): one row per attribution, with what the quote is about. */
Datum
said_claims(PG_FUNCTION_ARGS)
{
	return claims_rows(fcinfo, NULL);
}

/* ------------------------------------------------------ user lexicons */

static int
uint64_cmp(const void *a, const void *b)
{
	uint64		x = *(const uint64 *) a,
				y = *(const uint64 *) b;

	return x < y ? -1 : (x > y);
}

static int
lex_entry_cmp(const void *a, const void *b)
{
	return uint64_cmp(&((const SaidLexEntry *) a)->key, &((const SaidLexEntry *) b)->key);
}

/*
 * Tokenize a UTF-8 string with the core, as documents are: lexicon keys
 * must be the hashes the pipeline will compute for the same words.
 */
static SaidDoc *
tokenize_utf8(SaidArena *arena, const char *s, size_t len)
{
	SaidDoc    *d = said_arena_alloc(arena, sizeof(SaidDoc));

	said_doc_init(d, arena, s, len);
	said_tokenize(d);
	return d;
}

/* Text of a SPI result column, in UTF-8, or NULL. */
static char *
spi_utf8(int row, int col)
{
	char	   *s = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);

	return s ? pg_server_to_any(s, strlen(s), PG_UTF8) : NULL;
}

/*
 * The relation this node reads a user lexicon from, quoted and qualified.
 * Once said_distribute_lexicons() has made the lexicon a Citus reference
 * table, every node holds a copy of it, a shard named <table>_<shardid>
 * beside it: that copy is read as a plain table, since Citus refuses to read
 * the reference table itself from inside a query on a shard ("cannot execute
 * a distributed query from a query on a shard") or from a parallel worker.
 * Without Citus, or on a node without a copy, the table itself.  Inside SPI.
 */
static char *
lexicon_relation(Oid nsp, const char *schema, const char *table)
{
	Oid			relid = get_relname_relid(table, nsp);

	if (OidIsValid(relid) &&
		OidIsValid(get_relname_relid("pg_dist_shard", PG_CATALOG_NAMESPACE)))
	{
		if (SPI_execute(psprintf("SELECT shardid FROM pg_catalog.pg_dist_shard "
								 "WHERE logicalrelid = '%u'::pg_catalog.regclass", relid),
						true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read pg_dist_shard");
		/* a reference table has one shard; a distributed one is read as is */
		if (SPI_processed == 1)
		{
			bool		isnull;
			Datum		shardid = SPI_getbinval(SPI_tuptable->vals[0],
												SPI_tuptable->tupdesc, 1, &isnull);
			char	   *copy = isnull ? NULL :
				psprintf("%s_" INT64_FORMAT, table, DatumGetInt64(shardid));

			if (copy && OidIsValid(get_relname_relid(copy, nsp)))
				return quote_qualified_identifier(schema, copy);
		}
	}
	return quote_qualified_identifier(schema, table);
}

/*
 * Read said_cue_words and said_aliases into a SaidUserLexicon allocated in
 * cxt.  The tables are those of the calling function's schema, the
 * extension's: a search_path that hides it, or ALTER EXTENSION SET SCHEMA,
 * do not matter.
 */
static SaidUserLexicon *
load_user_lexicon(Oid fn_oid, MemoryContext cxt)
{
	Oid			nsp = get_func_namespace(fn_oid);
	char	   *schema = get_namespace_name(nsp);
	MemoryContext old;
	SaidUserLexicon *u;
	uint64	   *cues;
	SaidLexEntry *alias;
	SaidAllocator alloc;
	SaidArena	arena;
	int			n;

	said_ensure_initialised();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	old = MemoryContextSwitchTo(cxt);
	u = palloc0(sizeof(SaidUserLexicon));
	said_context_allocator(&alloc, cxt);
	said_arena_init(&arena, &alloc);

	if (SPI_execute(psprintf("SELECT word FROM %s",
							 lexicon_relation(nsp, schema, "said_cue_words")),
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read said_cue_words");
	cues = palloc(sizeof(uint64) * (SPI_processed + 1));
	n = 0;
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *w = spi_utf8(r, 1);

		if (w && *w)
			cues[n++] = said_fold_hash(w, strlen(w));
	}
	qsort(cues, n, sizeof(uint64), uint64_cmp);
	u->cue_keys = cues;
	u->ncue = n;

	if (SPI_execute(psprintf("SELECT alias, canonical FROM %s",
							 lexicon_relation(nsp, schema, "said_aliases")),
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read said_aliases");
	alias = palloc0(sizeof(SaidLexEntry) * (SPI_processed + 1));
	n = 0;
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *a = spi_utf8(r, 1);
		char	   *c = spi_utf8(r, 2);
		SaidDoc    *ad,
				   *cd;

		if (!a || !c)
			continue;
		ad = tokenize_utf8(&arena, a, strlen(a));
		cd = tokenize_utf8(&arena, c, strlen(c));
		if (ad->ntok == 0 || cd->ntok == 0)
			continue;
		alias[n].key = said_phrase_key(ad, 0, ad->ntok);
		alias[n].ntokens = (uint8_t) Min(ad->ntok, 255);
		alias[n].canonical = pstrdup(c);
		alias[n].canonical_key = said_phrase_key(cd, 0, cd->ntok);
		n++;
	}
	qsort(alias, n, sizeof(SaidLexEntry), lex_entry_cmp);
	u->alias = alias;
	u->nalias = n;
	MemoryContextSwitchTo(old);
	SPI_finish();
	return u;
}

/*
 * The user lexicon of this query: read at the first call, kept in fn_extra
 * for the rest of the query.  That is what STABLE allows: the tables cannot
 * change within one statement's snapshot.
 */
static const SaidUserLexicon *
query_user_lexicon(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = load_user_lexicon(fcinfo->flinfo->fn_oid,
													 fcinfo->flinfo->fn_mcxt);
	return fcinfo->flinfo->fn_extra;
}

PG_FUNCTION_INFO_V1(said_claims_custom);

/* claims_custom(doc text): claims() with the user's cue words and aliases. */
Datum
said_claims_custom(PG_FUNCTION_ARGS)
{
	return claims_rows(fcinfo, query_user_lexicon(fcinfo));
}

/* ---------------------------------------------------- quoted_speakers() */

static int
text_datum_cmp(const void *a, const void *b)
{
	text	   *x = DatumGetTextPP(*(const Datum *) a);
	text	   *y = DatumGetTextPP(*(const Datum *) b);
	int			lx = VARSIZE_ANY_EXHDR(x),
				ly = VARSIZE_ANY_EXHDR(y);
	int			c = memcmp(VARDATA_ANY(x), VARDATA_ANY(y), Min(lx, ly));

	return c != 0 ? c : (lx > ly) - (lx < ly);
}

PG_FUNCTION_INFO_V1(said_quoted_speakers);

/*
 * quoted_speakers(doc text) -> text[]: the distinct resolved speakers, in
 * byte order (the order of the C collation), so that the result depends on
 * the text alone: the function is IMMUTABLE and can be indexed.
 */
Datum
said_quoted_speakers(PG_FUNCTION_ARGS)
{
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidCall	call;
	Datum	   *elems;
	bool	   *seen;
	int			n = 0,
				kept = 0;
	ArrayType  *result;
	MemoryContext old;

	said_call_open(&call, doc, false);
	elems = palloc(sizeof(Datum) * (call.doc.nattr + 1));
	seen = palloc0(call.doc.nentity + 1);
	for (int i = 0; i < call.doc.nattr; i++)
	{
		int			e = call.doc.attr[i].speaker_entity;

		if (e < 0 || seen[e])
			continue;
		seen[e] = true;
		/* in the caller's context: the array outlives the call's */
		elems[n++] = said_entity_datum(&call, e);
	}
	old = MemoryContextSwitchTo(call.cxt);
	qsort(elems, n, sizeof(Datum), text_datum_cmp);
	MemoryContextSwitchTo(old);
	/* two entities may share a name ("Washington" the place and the man) */
	for (int i = 0; i < n; i++)
		if (kept == 0 || text_datum_cmp(&elems[kept - 1], &elems[i]) != 0)
			elems[kept++] = elems[i];
	result = kept ? construct_array(elems, kept, TEXTOID, -1, false, TYPALIGN_INT) :
		construct_empty_array(TEXTOID);
	said_call_close(&call);
	PG_RETURN_ARRAYTYPE_P(result);
}

/* -------------------------------------------------- canonical_map(name) */

/*
 * The aggregate's state: the distinct names seen, with how often, in an
 * open-addressing table of indexes into names[].
 */
typedef struct MapName
{
	char	   *s;				/* as given, server encoding */
	int			len;
	uint32		hash;
	int64		count;
} MapName;

typedef struct MapState
{
	MemoryContext cxt;
	MapName    *names;
	int			n,
				cap;
	int32	   *slots;			/* -1: empty */
	uint32		mask;
} MapState;

static void
map_rehash(MapState *st, uint32 size)
{
	st->slots = MemoryContextAlloc(st->cxt, sizeof(int32) * size);
	memset(st->slots, 0xFF, sizeof(int32) * size);
	st->mask = size - 1;
	for (int i = 0; i < st->n; i++)
	{
		uint32		h = st->names[i].hash & st->mask;

		while (st->slots[h] >= 0)
			h = (h + 1) & st->mask;
		st->slots[h] = i;
	}
}

static void
map_add(MapState *st, const char *s, int len)
{
	uint32		hash = hash_bytes((const unsigned char *) s, len);
	uint32		h = hash & st->mask;
	MapName    *m;

	for (; st->slots[h] >= 0; h = (h + 1) & st->mask)
	{
		m = &st->names[st->slots[h]];
		if (m->hash == hash && m->len == len && memcmp(m->s, s, len) == 0)
		{
			m->count++;
			return;
		}
	}
	if (st->n == st->cap)
	{
		st->cap *= 2;
		st->names = repalloc_huge(st->names, sizeof(MapName) * st->cap);
	}
	m = &st->names[st->n];
	m->s = MemoryContextAlloc(st->cxt, len + 1);
	memcpy(m->s, s, len);
	m->s[len] = '\0';
	m->len = len;
	m->hash = hash;
	m->count = 1;
	st->slots[h] = st->n++;
	if ((uint32) st->n * 2 > st->mask)
		map_rehash(st, (st->mask + 1) * 2);
}

PG_FUNCTION_INFO_V1(said_canonical_map_trans);

Datum
said_canonical_map_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	MapState   *st;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "canonical_map_trans called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (MapState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
	{
		/* no state yet: stay SQL NULL, the final function is strict */
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (st == NULL)
	{
		st = MemoryContextAllocZero(aggcxt, sizeof(MapState));
		st->cxt = aggcxt;
		st->cap = 64;
		st->names = MemoryContextAlloc(aggcxt, sizeof(MapName) * st->cap);
		map_rehash(st, 128);
	}
	{
		text	   *name = PG_GETARG_TEXT_PP(1);

		map_add(st, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	}
	PG_RETURN_POINTER(st);
}

/* Longest name, in words, whose suffixes canonical_map matches. */
#define MAP_MAX_WORDS 8

/*
 * A group: the names whose core (titles and leading articles dropped) folds
 * to the same words: "President Vladimir Putin", "vladimir putin".
 */
typedef struct MapGroup
{
	uint64		key;
	int			nwords;
	uint64		words[MAP_MAX_WORDS];
	int			best;			/* name whose core spelling is shown */
	int			best_b0,
				best_b1;		/* that core, bytes of the UTF-8 name */
	char	   *best_utf8;
	int64		best_count;
	int			target;			/* group it maps to; itself when canonical */
} MapGroup;

/* Open-addressing table from 64-bit keys to an int and an ambiguity mark. */
typedef struct KeySlot
{
	uint64		key;			/* 0: empty */
	int32		value;
	bool		ambiguous;
} KeySlot;

static KeySlot *
key_slot(KeySlot *slots, uint64 mask, uint64 key)
{
	uint64		i = (key ^ (key >> 31)) & mask;

	while (slots[i].key != 0 && slots[i].key != key)
		i = (i + 1) & mask;
	return &slots[i];
}

/*
 * Core of a name: word tokens after any leading title or article
 * ("President", "the", "Prime Minister"), at least one word kept.  Sets the
 * group key, words, and byte span of the core; false when the name has no
 * word at all.
 */
static bool
name_core(SaidDoc *d, MapGroup *g, int *b0, int *b1)
{
	int			t = 0,
				last = -1;

	for (int k = 0; k < d->ntok; k++)
		if (d->tok[k].kind == TOK_WORD || d->tok[k].kind == TOK_NUMBER)
			last = k;
	if (last < 0)
		return false;
	for (;;)
	{
		const SaidLexEntry *e;
		int			n = said_lex_longest_phrase(d, t, 4, LX_TITLE | LX_DETERMINER, &e);

		/* a demonym before a title: "Russian President Vladimir Putin" */
		if (n == 0 && (d->tok[t].lex & LX_DEMONYM) && t + 1 < d->ntok &&
			(d->tok[t + 1].lex & LX_TITLE))
			n = 1;
		if (n == 0 || t + n > last)
			break;
		t += n;
	}
	while (d->tok[t].kind != TOK_WORD && d->tok[t].kind != TOK_NUMBER)
		t++;
	g->nwords = 0;
	g->key = 0;
	for (int k = t; k <= last; k++)
	{
		if (d->tok[k].kind != TOK_WORD && d->tok[k].kind != TOK_NUMBER)
			continue;
		g->key = g->nwords == 0 ? d->tok[k].hash : said_hash_combine(g->key, d->tok[k].hash);
		if (g->nwords < MAP_MAX_WORDS)
			g->words[g->nwords] = d->tok[k].hash;
		g->nwords++;
	}
	*b0 = d->tok[t].b0;
	*b1 = d->tok[last].b1;
	return true;
}

static int
group_by_words_desc(const void *a, const void *b, void *arg)
{
	const MapGroup *groups = arg;
	int			x = *(const int *) a,
				y = *(const int *) b;

	if (groups[x].nwords != groups[y].nwords)
		return groups[x].nwords > groups[y].nwords ? -1 : 1;
	return (x > y) - (x < y);
}

/* Key of the last j words of a group. */
static uint64
suffix_key(const MapGroup *g, int j)
{
	uint64		h = g->words[g->nwords - j];

	for (int k = g->nwords - j + 1; k < g->nwords; k++)
		h = said_hash_combine(h, g->words[k]);
	return h;
}

/* Does a spelling mix upper and lower case ASCII letters? */
static bool
mixed_case(const char *s, int n)
{
	bool		upper = false,
				lower = false;

	for (int i = 0; i < n; i++)
	{
		upper |= (s[i] >= 'A' && s[i] <= 'Z');
		lower |= (s[i] >= 'a' && s[i] <= 'z');
	}
	return upper && lower;
}

/*
 * Is spelling a (seen ca times) a better face for its group than b?  The
 * most frequent; then one in mixed case ("Angela Merkel", not "MERKEL"
 * shouting); then the longer in bytes, which keeps diacritics ("José
 * Müller" over "Jose Muller"); then byte order, so that row order never
 * changes the result.
 */
static bool
better_spelling(int64 ca, const char *a, int na, int64 cb, const char *b, int nb)
{
	bool		ma,
				mb;
	int			c;

	if (ca != cb)
		return ca > cb;
	ma = mixed_case(a, na);
	mb = mixed_case(b, nb);
	if (ma != mb)
		return ma;
	if (na != nb)
		return na > nb;
	c = memcmp(a, b, na);
	return c < 0;
}

PG_FUNCTION_INFO_V1(said_canonical_map_final);

/*
 * canonical_map final: group names by their core words, then map each group
 * to the one longer group whose last words it is ("Putin" -> "Vladimir
 * Putin").  Groups are taken longest first and register their proper
 * suffixes under their own target, so a suffix claimed by two targets is
 * ambiguous ("Johnson": "Boris Johnson", "Lyndon Johnson") and stays itself.
 * A group is shown by the core spelling of its most frequent name (ties:
 * see better_spelling).
 */
Datum
said_canonical_map_final(PG_FUNCTION_ARGS)
{
	MapState   *st = (MapState *) PG_GETARG_POINTER(0);
	MemoryContext work,
				old;
	SaidAllocator alloc;
	SaidArena	arena;
	MapGroup   *groups;
	int		   *group_of;
	int		   *order;
	int			ngroups = 0;
	uint64		size = 16;
	KeySlot    *by_key,
			   *by_suffix;
	uint64		mask;
	uint64		nsuffixes = 0;
	JsonbParseState *ps = NULL;
	JsonbValue *res;

	said_ensure_initialised();
	work = AllocSetContextCreate(CurrentMemoryContext, "canonical_map",
								 ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	said_context_allocator(&alloc, work);
	said_arena_init(&arena, &alloc);
	while (size < (uint64) st->n * 2)
		size <<= 1;
	mask = size - 1;
	by_key = palloc0(sizeof(KeySlot) * size);
	groups = palloc(sizeof(MapGroup) * (st->n + 1));
	group_of = palloc(sizeof(int) * (st->n + 1));
	for (int i = 0; i < st->n; i++)
	{
		MapName    *nm = &st->names[i];
		char	   *utf8 = pg_server_to_any(nm->s, nm->len, PG_UTF8);
		SaidDoc    *d = tokenize_utf8(&arena, utf8, strlen(utf8));
		MapGroup	g;
		int			b0,
					b1;
		KeySlot    *ks;
		MapGroup   *gr;

		group_of[i] = -1;
		if (!name_core(d, &g, &b0, &b1))
			continue;
		ks = key_slot(by_key, mask, g.key);
		if (ks->key == 0)
		{
			ks->key = g.key;
			ks->value = ngroups;
			g.best = -1;
			g.target = ngroups;
			groups[ngroups++] = g;
		}
		gr = &groups[ks->value];
		group_of[i] = ks->value;
		if (gr->best < 0 || better_spelling(nm->count, utf8 + b0, b1 - b0, gr->best_count,
											gr->best_utf8 + gr->best_b0,
											gr->best_b1 - gr->best_b0))
		{
			gr->best = i;
			gr->best_count = nm->count;
			gr->best_utf8 = utf8;
			gr->best_b0 = b0;
			gr->best_b1 = b1;
		}
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}

	/* room for every group's key and proper suffixes, at most half full */
	size = 16;
	for (int i = 0; i < ngroups; i++)
		nsuffixes += Min(groups[i].nwords, MAP_MAX_WORDS);
	while (size < nsuffixes * 2)
		size <<= 1;
	mask = size - 1;
	by_suffix = palloc0(sizeof(KeySlot) * size);
	order = palloc(sizeof(int) * (ngroups + 1));
	for (int i = 0; i < ngroups; i++)
		order[i] = i;
	qsort_arg(order, ngroups, sizeof(int), group_by_words_desc, groups);
	for (int o = 0; o < ngroups; o++)
	{
		MapGroup   *g = &groups[order[o]];
		KeySlot    *ks;

		if (g->nwords > MAP_MAX_WORDS)
			continue;			/* too long to be anyone's short form or full form */
		ks = key_slot(by_suffix, mask, g->key);
		if (ks->key != 0 && !ks->ambiguous)
			g->target = ks->value;
		for (int j = 1; j < g->nwords; j++)
		{
			uint64		sk = suffix_key(g, j);

			ks = key_slot(by_suffix, mask, sk);
			if (ks->key == 0)
			{
				ks->key = sk;
				ks->value = g->target;
			}
			else if (ks->value != g->target)
				ks->ambiguous = true;
		}
	}

	MemoryContextSwitchTo(old);
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < st->n; i++)
	{
		JsonbValue	k,
					v;
		MapName    *nm = &st->names[i];

		k.type = jbvString;
		k.val.string.val = nm->s;
		k.val.string.len = nm->len;
		v.type = jbvString;
		if (group_of[i] < 0)
		{
			v.val.string.val = nm->s;
			v.val.string.len = nm->len;
		}
		else
		{
			MapGroup   *t = &groups[groups[group_of[i]].target];
			char	   *shown = pg_any_to_server(t->best_utf8 + t->best_b0,
												 t->best_b1 - t->best_b0, PG_UTF8);

			if (shown == t->best_utf8 + t->best_b0)
				shown = pnstrdup(shown, t->best_b1 - t->best_b0);
			v.val.string.val = shown;
			v.val.string.len = strlen(shown);
		}
		pushJsonbValue(&ps, WJB_KEY, &k);
		pushJsonbValue(&ps, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	{
		Jsonb	   *out = JsonbValueToJsonb(res);

		MemoryContextDelete(work);
		PG_RETURN_JSONB_P(out);
	}
}

/* ------------------------------------------------------- said_headline() */

typedef struct HeadlineOptions
{
	const char *quote_start;
	const char *quote_stop;
	const char *speaker_start;
	const char *speaker_stop;
	bool		escape_html;
} HeadlineOptions;

static void
parse_headline_options(text *opt, HeadlineOptions *ho)
{
	List	   *defs = deserialize_deflist(PointerGetDatum(opt));
	ListCell   *lc;

	ho->quote_start = "<q data-speaker=\"{speaker}\">";
	ho->quote_stop = "</q>";
	ho->speaker_start = "<cite>";
	ho->speaker_stop = "</cite>";
	ho->escape_html = true;
	foreach(lc, defs)
	{
		DefElem    *de = (DefElem *) lfirst(lc);
		char	   *val = defGetString(de);

		if (pg_strcasecmp(de->defname, "QuoteStart") == 0)
			ho->quote_start = val;
		else if (pg_strcasecmp(de->defname, "QuoteStop") == 0)
			ho->quote_stop = val;
		else if (pg_strcasecmp(de->defname, "SpeakerStart") == 0)
			ho->speaker_start = val;
		else if (pg_strcasecmp(de->defname, "SpeakerStop") == 0)
			ho->speaker_stop = val;
		else if (pg_strcasecmp(de->defname, "Escape") == 0)
		{
			if (pg_strcasecmp(val, "html") == 0)
				ho->escape_html = true;
			else if (pg_strcasecmp(val, "none") == 0)
				ho->escape_html = false;
			else
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for headline option \"Escape\": \"%s\"", val),
						 errhint("Use Escape=html or Escape=none.")));
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unrecognized headline option \"%s\"", de->defname),
					 errhint("Valid options are QuoteStart, QuoteStop, SpeakerStart, SpeakerStop and Escape.")));
	}
}

/* Append n bytes of UTF-8 text, HTML-escaped when asked. */
static void
append_text(StringInfo out, const char *s, int n, bool html)
{
	if (!html)
	{
		appendBinaryStringInfo(out, s, n);
		return;
	}
	for (int i = 0; i < n; i++)
	{
		switch (s[i])
		{
			case '&':
				appendStringInfoString(out, "&amp;");
				break;
			case '<':
				appendStringInfoString(out, "&lt;");
				break;
			case '>':
				appendStringInfoString(out, "&gt;");
				break;
			case '"':
				appendStringInfoString(out, "&quot;");
				break;
			case '\'':
				appendStringInfoString(out, "&#39;");
				break;
			default:
				appendStringInfoChar(out, s[i]);
		}
	}
}

/* Append a marker (UTF-8), {speaker} and {kind} replaced by their values. */
static void
append_marker(StringInfo out, const char *marker, const char *speaker, int speaker_len,
			  const char *kind, bool html)
{
	for (const char *p = marker; *p; p++)
	{
		if (*p == '{' && strncmp(p, "{speaker}", 9) == 0)
		{
			append_text(out, speaker, speaker_len, html);
			p += 8;
		}
		else if (*p == '{' && strncmp(p, "{kind}", 6) == 0)
		{
			appendStringInfoString(out, kind);
			p += 5;
		}
		else
			appendStringInfoChar(out, *p);
	}
}

typedef struct Mark
{
	int32		b0,
				b1;
	int32		attr;
	bool		is_speaker;
} Mark;

static int
mark_cmp(const void *a, const void *b)
{
	const Mark *x = a,
			   *y = b;

	if (x->b0 != y->b0)
		return x->b0 < y->b0 ? -1 : 1;
	if (x->b1 != y->b1)
		return x->b1 > y->b1 ? -1 : 1;	/* the longer first */
	return x->attr < y->attr ? -1 : (x->attr > y->attr);
}

static char *
to_utf8(const char *s)
{
	return pg_server_to_any(s, strlen(s), PG_UTF8);
}

PG_FUNCTION_INFO_V1(said_headline);

/*
 * said_headline(doc text, options text): the whole document with every
 * quote's content and its speaker mention wrapped in markers.  Marked spans
 * never overlap: of two that do, the one starting first (the longer at equal
 * starts) is kept, so the markers always nest properly.
 */
Datum
said_headline(PG_FUNCTION_ARGS)
{
	text	   *doc = PG_GETARG_TEXT_PP(0);
	HeadlineOptions ho;
	SaidCall	call;
	Mark	   *marks;
	int			nmarks = 0;
	int32		pos = 0;
	StringInfoData out;
	Datum		result;
	MemoryContext old;

	/* options first: a bad one fails before any work */
	parse_headline_options(PG_GETARG_TEXT_PP(1), &ho);
	ho.quote_start = to_utf8(ho.quote_start);
	ho.quote_stop = to_utf8(ho.quote_stop);
	ho.speaker_start = to_utf8(ho.speaker_start);
	ho.speaker_stop = to_utf8(ho.speaker_stop);

	said_call_open(&call, doc, false);
	old = MemoryContextSwitchTo(call.cxt);
	marks = palloc(sizeof(Mark) * (call.doc.nattr * 2 + 1));
	for (int i = 0; i < call.doc.nattr; i++)
	{
		const SaidAttribution *a = &call.doc.attr[i];

		if (a->content_b1 > a->content_b0)
			marks[nmarks++] = (Mark) {a->content_b0, a->content_b1, i, false};
		if (a->speaker_t0 >= 0)
			marks[nmarks++] = (Mark) {call.doc.tok[a->speaker_t0].b0,
				call.doc.tok[a->speaker_t1 - 1].b1, i, true};
	}
	qsort(marks, nmarks, sizeof(Mark), mark_cmp);

	initStringInfo(&out);
	for (int k = 0; k < nmarks; k++)
	{
		const Mark *m = &marks[k];
		const SaidAttribution *a = &call.doc.attr[m->attr];
		const char *name = "";
		size_t		name_len = 0;

		if (m->b0 < pos)
			continue;			/* overlaps a span already marked */
		if (a->speaker_entity >= 0)
			name = said_entity_name(&call.doc, a->speaker_entity, &name_len);
		else if (a->speaker_t0 >= 0)
		{
			name = call.doc.text + call.doc.tok[a->speaker_t0].b0;
			name_len = call.doc.tok[a->speaker_t1 - 1].b1 - call.doc.tok[a->speaker_t0].b0;
		}
		append_text(&out, call.doc.text + pos, m->b0 - pos, ho.escape_html);
		append_marker(&out, m->is_speaker ? ho.speaker_start : ho.quote_start,
					  name, (int) name_len, said_quote_kind_name(a->kind), ho.escape_html);
		append_text(&out, call.doc.text + m->b0, m->b1 - m->b0, ho.escape_html);
		append_marker(&out, m->is_speaker ? ho.speaker_stop : ho.quote_stop,
					  name, (int) name_len, said_quote_kind_name(a->kind), ho.escape_html);
		pos = m->b1;
		CHECK_FOR_INTERRUPTS();
	}
	append_text(&out, call.doc.text + pos, call.doc.len - pos, ho.escape_html);
	MemoryContextSwitchTo(old);
	result = said_cstring_text_datum(&call, out.data, out.len);
	said_call_close(&call);
	PG_RETURN_DATUM(result);
}
