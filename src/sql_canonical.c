/*
 * sql_canonical.c -- the canonical_map(name text) aggregate: a jsonb object
 * mapping every name of the set to its canonical form (canonical.c groups
 * the names).
 *
 * The transition state counts the distinct names, as the server encoding
 * spells them, in an open-addressing table; the final function hands them
 * to the core in UTF-8 and builds the object.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
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
	SaidMapFace *face;
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
	face = palloc(sizeof(SaidMapFace) * (st->n + 1));
	for (int i = 0; i < st->n; i++)
	{
		names[i].text = pg_server_to_any(st->names[i].s, st->names[i].len, PG_UTF8);
		names[i].len = strlen(names[i].text);
		names[i].count = st->names[i].count;
	}
	said_canonical_map(&arena, names, st->n, face);

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
		if (face[i].name < 0)
		{
			v.val.string.val = nm->s;
			v.val.string.len = nm->len;
		}
		else
		{
			const char *core = names[face[i].name].text + face[i].b0;
			int			core_len = face[i].b1 - face[i].b0;
			char	   *shown = pg_any_to_server(core, core_len, PG_UTF8);

			if (shown == core)
				shown = pnstrdup(core, core_len);
			v.val.string.val = shown;
			v.val.string.len = strlen(shown);
		}
		pushJsonbValue(&ps, WJB_KEY, &k);
		pushJsonbValue(&ps, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	out = JsonbValueToJsonb(res);
	MemoryContextDelete(work);
	PG_RETURN_JSONB_P(out);
}
