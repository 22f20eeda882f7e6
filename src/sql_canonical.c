/*
 * sql_canonical.c -- the canonical_map(name text) aggregate: a jsonb object
 * mapping every name of the set to its canonical form (canonical.c groups
 * the names).
 *
 * The state counts the distinct names, as the server encoding spells them,
 * in an open-addressing table; the final function hands them to the core
 * and builds the object of the names as they came.  The result depends on
 * the names and their counts only, never on the order they came in, so
 * states combine: partial states built by parallel workers, or by Citus on
 * each shard, are merged by adding their counts and finalised once.
 *
 * The state's type is bytea, not internal: Citus combines only states of a
 * real type (worker_partial_agg ... coord_combine_agg), and PostgreSQL
 * passes such a state between processes as it is.  While a process
 * aggregates, the state is an expanded object (utils/expandeddatum.h) that
 * the transition and combine functions change in place; it is flattened to
 * the bytea only when it leaves the process: the number of names, then each
 * name's count (8 bytes), length (4 bytes) and bytes, big-endian.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "said.h"
#include "canonical.h"
#include "sql_common.h"

/* A distinct name of the set and how often it came. */
typedef struct MapName
{
	char	   *s;				/* as given, server encoding, NUL-terminated */
	int			len;
	uint32		hash;
	int64		count;
} MapName;

typedef struct MapState
{
	ExpandedObjectHeader hdr;	/* first: the state is an expanded object */
	MapName    *names;
	int			n,
				cap;
	int32	   *slots;			/* indexes into names[], -1: empty */
	uint32		mask;
	Size		flat_size;		/* bytes of the flat bytea */
} MapState;

/* flat form: the count of names, then per name its count and length */
#define MAP_FLAT_HEADER (VARHDRSZ + 4)
#define MAP_FLAT_ENTRY	12

static Size map_get_flat_size(ExpandedObjectHeader *eohptr);
static void map_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods map_methods = {
	map_get_flat_size,
	map_flatten_into
};

static void
map_rehash(MapState *st, uint32 size)
{
	st->slots = MemoryContextAlloc(st->hdr.eoh_context, sizeof(int32) * size);
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

/* Add count occurrences of the name s of len bytes. */
static void
map_add(MapState *st, const char *s, int len, int64 count)
{
	uint32		hash = hash_bytes((const unsigned char *) s, len);
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
	m->s = MemoryContextAlloc(st->hdr.eoh_context, len + 1);
	memcpy(m->s, s, len);
	m->s[len] = '\0';
	m->len = len;
	m->hash = hash;
	m->count = count;
	st->flat_size += MAP_FLAT_ENTRY + len;
	st->slots[h] = st->n++;
	if ((uint32) st->n * 2 > st->mask)
		map_rehash(st, (st->mask + 1) * 2);
}

/* An empty state in a memory context of its own under parent. */
static MapState *
map_new(MemoryContext parent)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "canonical_map state",
											  ALLOCSET_START_SMALL_SIZES);
	MapState   *st = MemoryContextAllocZero(cxt, sizeof(MapState));

	EOH_init_header(&st->hdr, &map_methods, cxt);
	st->cap = 64;
	st->names = MemoryContextAlloc(cxt, sizeof(MapName) * st->cap);
	st->flat_size = MAP_FLAT_HEADER;
	map_rehash(st, 128);
	return st;
}

static Size
map_get_flat_size(ExpandedObjectHeader *eohptr)
{
	MapState   *st = (MapState *) eohptr;

	if (st->flat_size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("canonical_map state is too large to pass between processes"),
				 errdetail("The state of %d distinct names would take %zu bytes; the limit is %zu.",
						   st->n, st->flat_size, (Size) MaxAllocSize),
				 errhint("Aggregate fewer distinct names at once, or without parallel workers.")));
	return st->flat_size;
}

static void
put_uint32(char *p, uint32 v)
{
	for (int k = 3; k >= 0; k--, v >>= 8)
		p[k] = (char) (v & 0xFF);
}

static void
put_uint64(char *p, uint64 v)
{
	for (int k = 7; k >= 0; k--, v >>= 8)
		p[k] = (char) (v & 0xFF);
}

static uint64
get_uint(const char *p, int bytes)
{
	uint64		v = 0;

	for (int k = 0; k < bytes; k++)
		v = (v << 8) | (unsigned char) p[k];
	return v;
}

static void
map_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	MapState   *st = (MapState *) eohptr;
	char	   *p = (char *) result + VARHDRSZ;

	Assert(allocated_size == st->flat_size);
	SET_VARSIZE(result, allocated_size);
	put_uint32(p, (uint32) st->n);
	p += 4;
	for (int i = 0; i < st->n; i++)
	{
		put_uint64(p, (uint64) st->names[i].count);
		put_uint32(p + 8, (uint32) st->names[i].len);
		memcpy(p + MAP_FLAT_ENTRY, st->names[i].s, st->names[i].len);
		p += MAP_FLAT_ENTRY + st->names[i].len;
	}
}

static void
corrupt_state(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid canonical_map state"),
			 errdetail("The bytea is not a state that canonical_map's functions wrote.")));
}

/* The names of a state, flat or expanded, added to st. */
static void
map_add_state(MapState *st, Datum state)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(state)))
	{
		MapState   *other = (MapState *) DatumGetEOHP(state);

		if (other->hdr.eoh_methods != &map_methods)
			corrupt_state();
		for (int i = 0; i < other->n; i++)
		{
			map_add(st, other->names[i].s, other->names[i].len, other->names[i].count);
			if ((i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	else
	{
		bytea	   *flat = DatumGetByteaPP(state);
		const char *p = VARDATA_ANY(flat);
		const char *end = p + VARSIZE_ANY_EXHDR(flat);
		uint64		n;

		if (end - p < 4)
			corrupt_state();
		n = get_uint(p, 4);
		p += 4;
		for (uint64 i = 0; i < n; i++)
		{
			int64		count;
			uint64		len;

			if (end - p < MAP_FLAT_ENTRY)
				corrupt_state();
			count = (int64) get_uint(p, 8);
			len = get_uint(p + 8, 4);
			p += MAP_FLAT_ENTRY;
			if (count <= 0 || len > (uint64) (end - p))
				corrupt_state();
			map_add(st, p, (int) len, count);
			p += len;
			if ((i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		if (p != end)
			corrupt_state();
	}
}

/*
 * The state of argument argno to change in place: this process's expanded
 * object when it is one, else a new one in the aggregate's context with the
 * names of the argument (NULL: none).
 */
static MapState *
writable_state(FunctionCallInfo fcinfo, int argno, MemoryContext aggcxt)
{
	Datum		d = PG_GETARG_DATUM(argno);
	MapState   *st;

	if (!PG_ARGISNULL(argno) && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)) &&
		DatumGetEOHP(d)->eoh_methods == &map_methods)
		return (MapState *) DatumGetEOHP(d);
	st = map_new(aggcxt);
	if (!PG_ARGISNULL(argno))
		map_add_state(st, d);
	return st;
}

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s called in non-aggregate context", fn),
				 errhint("Call the aggregate canonical_map(text).")));
	return aggcxt;
}

PG_FUNCTION_INFO_V1(said_canonical_map_trans);

/* canonical_map transition: one more name (NULL names are skipped). */
Datum
said_canonical_map_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "said_canonical_map_trans");
	MapState   *st;
	text	   *name;

	if (PG_ARGISNULL(1))
	{
		/* no state yet: stay SQL NULL, the final function is strict */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	st = writable_state(fcinfo, 0, aggcxt);
	name = PG_GETARG_TEXT_PP(1);
	map_add(st, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), 1);
	PG_RETURN_DATUM(EOHPGetRWDatum(&st->hdr));
}

PG_FUNCTION_INFO_V1(said_canonical_map_combine);

/* canonical_map combine: the names of two partial states, counts added. */
Datum
said_canonical_map_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = aggregate_context(fcinfo, "said_canonical_map_combine");
	MapState   *st;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	st = writable_state(fcinfo, 0, aggcxt);
	map_add_state(st, PG_GETARG_DATUM(1));
	PG_RETURN_DATUM(EOHPGetRWDatum(&st->hdr));
}

PG_FUNCTION_INFO_V1(said_canonical_map_final);

/* canonical_map final: the names grouped by the core, as a jsonb object.
 * Also called on a state passed by value (a flat bytea). */
Datum
said_canonical_map_final(PG_FUNCTION_ARGS)
{
	Datum		state = PG_GETARG_DATUM(0);
	MapState   *st;
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
	/* read only: the aggregate may finalise the same state again */
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(state)) &&
		DatumGetEOHP(state)->eoh_methods == &map_methods)
		st = (MapState *) DatumGetEOHP(state);
	else
	{
		st = map_new(work);
		map_add_state(st, state);
	}
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
