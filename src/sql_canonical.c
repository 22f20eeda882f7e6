/*
 * sql_canonical.c -- the canonical_map(name text) aggregate: a jsonb object
 * mapping every name of the set to its canonical form (canonical.c groups
 * the names).
 *
 * The transition state counts the distinct names, as the server encoding
 * spells them, in an open-addressing table; the final function hands them
 * to the core in UTF-8 and builds the object of the names as they came.  The result depends on the
 * names and their counts only, never on the order they came in, so states
 * combine: partial states built by parallel workers (or by Citus on each
 * shard) are serialised to bytea, merged by adding their counts, and
 * finalised once.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "said.h"
#include "canonical.h"
#include "sql_common.h"

/* A distinct name of the set and how often it came. */
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
	int32	   *slots;			/* indexes into names[], -1: empty */
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

/* Add count occurrences of the name s of len bytes, whose hash_bytes is hash. */
static void
map_add(MapState *st, const char *s, int len, uint32 hash, int64 count)
{
	uint32		h = hash & st->mask;
	MapName    *m;

	for (; st->slots[h] >= 0; h = (h + 1) & st->mask)
	{
		m = &st->names[st->slots[h]];
		if (m->hash == hash && m->len == len && memcmp(m->s, s, len) == 0)
		{
			m->count += count;
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
	m->count = count;
	st->slots[h] = st->n++;
	if ((uint32) st->n * 2 > st->mask)
		map_rehash(st, (st->mask + 1) * 2);
}

/* An empty state in the aggregate's context. */
static MapState *
map_new(MemoryContext aggcxt)
{
	MapState   *st = MemoryContextAllocZero(aggcxt, sizeof(MapState));

	st->cxt = aggcxt;
	st->cap = 64;
	st->names = MemoryContextAlloc(aggcxt, sizeof(MapName) * st->cap);
	map_rehash(st, 128);
	return st;
}

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", fn);
	return aggcxt;
}

PG_FUNCTION_INFO_V1(said_canonical_map_trans);

/* canonical_map transition: one more name (NULL names are skipped). */
Datum
said_canonical_map_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "said_canonical_map_trans");
	MapState   *st = PG_ARGISNULL(0) ? NULL : (MapState *) PG_GETARG_POINTER(0);
	text	   *name;

	if (PG_ARGISNULL(1))
	{
		/* no state yet: stay SQL NULL, the final function is strict */
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (st == NULL)
		st = map_new(aggcxt);
	name = PG_GETARG_TEXT_PP(1);
	map_add(st, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name),
			hash_bytes((const unsigned char *) VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name)), 1);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(said_canonical_map_combine);

/* canonical_map combine: the names of two partial states, counts added. */
Datum
said_canonical_map_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "said_canonical_map_combine");
	MapState   *st1 = PG_ARGISNULL(0) ? NULL : (MapState *) PG_GETARG_POINTER(0);
	MapState   *st2 = PG_ARGISNULL(1) ? NULL : (MapState *) PG_GETARG_POINTER(1);

	if (st2 == NULL)
	{
		if (st1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st1);
	}
	/* a copy, not st2 itself: st1 must live in the aggregate's context */
	if (st1 == NULL)
		st1 = map_new(aggcxt);
	for (int i = 0; i < st2->n; i++)
	{
		const MapName *m = &st2->names[i];

		map_add(st1, m->s, m->len, m->hash, m->count);
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_POINTER(st1);
}

PG_FUNCTION_INFO_V1(said_canonical_map_serialize);

/*
 * canonical_map serialisation: the number of names, then each name's count
 * (int8), length (int4) and bytes, in the server encoding (the states of one
 * query all come from databases of one encoding).
 */
Datum
said_canonical_map_serialize(PG_FUNCTION_ARGS)
{
	MapState   *st;
	StringInfoData buf;

	(void) aggregate_context(fcinfo, "said_canonical_map_serialize");
	st = (MapState *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, st->n);
	for (int i = 0; i < st->n; i++)
	{
		pq_sendint64(&buf, st->names[i].count);
		pq_sendint32(&buf, st->names[i].len);
		pq_sendbytes(&buf, st->names[i].s, st->names[i].len);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(said_canonical_map_deserialize);

/* canonical_map deserialisation: a state from said_canonical_map_serialize's bytes. */
Datum
said_canonical_map_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "said_canonical_map_deserialize");
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	MapState   *st = map_new(aggcxt);
	int			n;

	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	n = pq_getmsgint(&buf, 4);
	for (int i = 0; i < n; i++)
	{
		int64		count = pq_getmsgint64(&buf);
		int			len = pq_getmsgint(&buf, 4);
		const char *s = pq_getmsgbytes(&buf, len);

		map_add(st, s, len, hash_bytes((const unsigned char *) s, len), count);
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(said_canonical_map_final);

/* canonical_map final: the names grouped by the core, as a jsonb object. */
Datum
said_canonical_map_final(PG_FUNCTION_ARGS)
{
	MapState   *st = (MapState *) PG_GETARG_POINTER(0);
	MemoryContext work,
				old;
	SaidAllocator alloc;
	SaidArena	arena;
	SaidMapName *names;
	int32	   *face;
	JsonbParseState *ps = NULL;
	JsonbValue *res;
	Jsonb	   *out;

	said_ensure_initialised();
	work = AllocSetContextCreate(CurrentMemoryContext, "canonical_map",
								 ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	said_context_allocator(&alloc, work);
	said_arena_init(&arena, &alloc);
	names = palloc(sizeof(SaidMapName) * (st->n + 1));
	face = palloc(sizeof(int32) * (st->n + 1));
	for (int i = 0; i < st->n; i++)
	{
		names[i].text = said_core_text(st->names[i].s, st->names[i].len);
		names[i].len = strlen(names[i].text);
		names[i].count = st->names[i].count;
	}
	said_canonical_map(&arena, names, st->n, face);

	/* the names as the set spells them: keys and values */
	MemoryContextSwitchTo(old);
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < st->n; i++)
	{
		JsonbValue	k,
					v;

		k.type = jbvString;
		k.val.string.val = st->names[i].s;
		k.val.string.len = st->names[i].len;
		v.type = jbvString;
		v.val.string.val = st->names[face[i]].s;
		v.val.string.len = st->names[face[i]].len;
		pushJsonbValue(&ps, WJB_KEY, &k);
		pushJsonbValue(&ps, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	out = JsonbValueToJsonb(res);
	MemoryContextDelete(work);
	PG_RETURN_JSONB_P(out);
}
