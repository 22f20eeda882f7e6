/*
 * pg_said.c -- the SQL layer: turns the core's per-document structure into
 * rows.  The only file (with sql_*.c) that includes PostgreSQL headers.
 *
 * Each call runs the pipeline in a memory context of its own, deleted before
 * returning, with a row context reset per row: memory stays flat over any
 * number of rows.  Lexicons, patterns and the model are built once per
 * backend in TopMemoryContext.  The core calls back into
 * CHECK_FOR_INTERRUPTS() while it works, so statement_timeout and cancel
 * requests stop long documents.
 *
 * Positions are 1-based character positions of the text as the database
 * stores it: code points in a UTF-8 (or, after conversion, any multi-byte or
 * single-byte) database, bytes in SQL_ASCII, where characters are bytes.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "pg_compat.h"
#include "said.h"
#include "claims.h"
#include "sql_common.h"

PG_MODULE_MAGIC;

static void *
context_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size, MCXT_ALLOC_HUGE);
}

static void
context_release(void *ctx, void *ptr)
{
	(void) ctx;
	pfree(ptr);
}

static void
interrupt_check(void *ctx)
{
	(void) ctx;
	CHECK_FOR_INTERRUPTS();
}

/*
 * The core's process state (said_init): the process pointed at the tables
 * built with the library (tables.h), once per backend, on its first call;
 * in the postmaster when the library is in shared_preload_libraries
 * (_PG_init), whose backends are forked with it.
 */
static bool initialised = false;

static void
ensure_initialised(bool ahead)
{
	static SaidAllocator persistent = {context_alloc, context_release, NULL, NULL};
	const char *err;

	if (initialised)
		return;
	persistent.ctx = TopMemoryContext;
	err = ahead ? said_init_ahead(&persistent) : said_init(&persistent);
	if (err)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not initialise pg_said: %s", err)));
	initialised = true;
}

void
said_ensure_initialised(void)
{
	ensure_initialised(false);
}

void		_PG_init(void);

/*
 * Loaded in the postmaster (shared_preload_libraries): the process state
 * built there, the URL pattern compiled too, so that a new backend neither
 * loads the library nor builds anything on its first call.  Loaded in a
 * backend: its first call builds what it needs.
 */
void
_PG_init(void)
{
	if (process_shared_preload_libraries_in_progress)
		ensure_initialised(true);
}

/* An allocator drawing from cxt, for core work outside a SaidCall. */
void
said_context_allocator(SaidAllocator *alloc, MemoryContext cxt)
{
	alloc->alloc = context_alloc;
	alloc->release = NULL;		/* the context goes at once */
	alloc->ctx = cxt;
	alloc->interrupt_check = interrupt_check;
}

/*
 * A string of the server encoding as the core reads it: in UTF-8, or as it
 * is in an SQL_ASCII database, where documents are not converted either
 * (pg_server_to_any would reject bytes that are not UTF-8: the core reads
 * them; see tokens.c).  s is NUL-terminated at len, and so is the result,
 * s itself when nothing changes.
 */
char *
said_core_text(const char *s, int len)
{
	if (GetDatabaseEncoding() == PG_SQL_ASCII)
		return unconstify(char *, s);
	return pg_server_to_any(s, len, PG_UTF8);
}

void
said_call_open(SaidCall *call, text *doc, bool entities_only)
{
	said_call_open_user(call, doc, entities_only, NULL);
}

/* Analyse doc with the caller's extra cue words and aliases (may be NULL). */
void
said_call_open_user(SaidCall *call, text *doc, bool entities_only,
					const struct SaidUserLexicon *user)
{
	const char *src = VARDATA_ANY(doc);
	size_t		len = VARSIZE_ANY_EXHDR(doc);
	int			encoding = GetDatabaseEncoding();
	MemoryContext old;

	said_ensure_initialised();
	memset(call, 0, sizeof(*call));
	call->cxt = AllocSetContextCreate(CurrentMemoryContext, "pg_said document",
									  ALLOCSET_DEFAULT_SIZES);
	call->row_cxt = AllocSetContextCreate(call->cxt, "pg_said row", ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(call->cxt);

	call->byte_positions = (encoding == PG_SQL_ASCII);
	call->convert_back = (encoding != PG_UTF8 && encoding != PG_SQL_ASCII);
	if (call->convert_back)
	{
		/* every character of a server encoding maps to one code point */
		char	   *utf8 = pg_server_to_any(src, (int) len, PG_UTF8);

		if (utf8 != src)
			len = strlen(utf8);
		src = utf8;
	}
	if (len > SAID_MAX_DOC_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("document is too long for pg_said"),
				 errdetail("The document has %zu bytes in UTF-8; the limit is %zu.",
						   len, (size_t) SAID_MAX_DOC_BYTES)));

	said_context_allocator(&call->alloc, call->cxt);
	/* a piece's chunks go back as the next piece starts */
	call->alloc.release = context_release;
	said_context_allocator(&call->keep_alloc, call->cxt);
	said_arena_init(&call->arena, &call->alloc);
	said_pieces_init(&call->pieces, &call->doc, &call->arena, &call->keep_alloc,
					 src, len, SAID_PIECE_BYTES, user, entities_only);
	MemoryContextSwitchTo(old);
}

/* The next piece of the document analysed into call->doc; false after the last. */
bool
said_call_next(SaidCall *call)
{
	MemoryContext old = MemoryContextSwitchTo(call->cxt);
	bool		more = said_pieces_next(&call->pieces);

	MemoryContextSwitchTo(old);
	return more;
}

void
said_call_close(SaidCall *call)
{
	MemoryContextDelete(call->cxt);
}

/* The first position of the current piece, 0-based, in the database's characters. */
static inline int32
piece_start(const SaidCall *call)
{
	return (int32) (call->byte_positions ? call->pieces.b0 : call->pieces.c0);
}

/* Text of bytes [b0, b1) of the document, in the server encoding. */
Datum
said_text_datum(SaidCall *call, uint32 b0, uint32 b1)
{
	const char *s = call->doc.text + b0;
	int			n = (int) (b1 - b0);

	if (call->convert_back)
	{
		char	   *conv = pg_any_to_server(s, n, PG_UTF8);

		if (conv != s)
			return PointerGetDatum(cstring_to_text(conv));
	}
	return PointerGetDatum(cstring_to_text_with_len(s, n));
}

Datum
said_cstring_text_datum(SaidCall *call, const char *s, size_t n)
{
	if (call->convert_back)
	{
		char	   *conv = pg_any_to_server(s, (int) n, PG_UTF8);

		if (conv != s)
			return PointerGetDatum(cstring_to_text(conv));
	}
	return PointerGetDatum(cstring_to_text_with_len(s, (int) n));
}

/* 1-based position of a token's start (end) in the database's characters. */
int32
said_token_start(const SaidCall *call, int t)
{
	const SaidToken *tk = &call->doc.tok[t];

	return piece_start(call) + (int32) (call->byte_positions ? tk->b0 : tk->c0) + 1;
}

int32
said_token_end(const SaidCall *call, int t)
{
	const SaidToken *tk = &call->doc.tok[t];

	return piece_start(call) +
		(int32) (call->byte_positions ? tk->b1 : said_token_c1(&call->doc, t)) + 1;
}

/*
 * [lower, upper) as an int4range.  range_serialize alone: a bound included
 * below and excluded above is int4range's canonical form already, which
 * make_range would check by calling int4range_canonical through the
 * function manager, and it serialised the range twice (half of a row's
 * cost in ranges).  An empty range has no bounds, as make_range gives it.
 */
Datum
said_range_datum(int32 lower, int32 upper)
{
	static TypeCacheEntry *typcache = NULL;
	RangeBound	lb,
				ub;

	if (typcache == NULL)
		typcache = lookup_type_cache(INT4RANGEOID, TYPECACHE_RANGE_INFO);
	lb.val = Int32GetDatum(lower);
	lb.infinite = false;
	lb.inclusive = true;
	lb.lower = true;
	ub.val = Int32GetDatum(upper);
	ub.infinite = false;
	ub.inclusive = false;
	ub.lower = false;
	return RangeTypePGetDatum(said_range_serialize(typcache, &lb, &ub, lower >= upper));
}

Datum
said_token_span_text(SaidCall *call, int t0, int t1)
{
	return said_text_datum(call, call->doc.tok[t0].b0, call->doc.tok[t1 - 1].b1);
}

Datum
said_token_span_range(SaidCall *call, int t0, int t1)
{
	return said_range_datum(said_token_start(call, t0), said_token_end(call, t1 - 1));
}

/* Canonical name of a document entity. */
Datum
said_entity_datum(SaidCall *call, int entity)
{
	size_t		n;
	const char *s = said_entity_name(&call->doc, entity, &n);

	return said_cstring_text_datum(call, s, n);
}

/*
 * A name the core gives as a constant string (a rule, a quote's kind, a
 * type, a gender and its evidence) as text, made once per backend: every
 * row names a few of some fifty such strings, and a row's tuple copies its
 * values.  Keyed by the string's address, which the core's names keep for
 * the process (literals and constant tables, never per-document memory),
 * in an open-addressing table kept at most half full; past that a name is
 * made for the row, in the caller's memory.
 */
#define NAME_SLOTS_LOG2 8
#define NAME_SLOTS (1 << NAME_SLOTS_LOG2)

Datum
said_name_datum(const char *name)
{
	static struct
	{
		const char *name;
		text	   *value;
	}			slots[NAME_SLOTS];
	static int	used = 0;
	uint32		i = (uint32) (((uint64) (uintptr_t) name * UINT64CONST(0x9e3779b97f4a7c15)) >>
						  (64 - NAME_SLOTS_LOG2));

	for (; slots[i].name; i = (i + 1) & (NAME_SLOTS - 1))
		if (slots[i].name == name)
			return PointerGetDatum(slots[i].value);
	if (used < NAME_SLOTS / 2)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		slots[i].value = cstring_to_text(name);
		slots[i].name = name;
		used++;
		MemoryContextSwitchTo(old);
		return PointerGetDatum(slots[i].value);
	}
	return CStringGetTextDatum(name);
}

/* Type name of a speaker or entity, or NULL. */
bool
said_type_datum(int type, Datum *d)
{
	const char *name = said_entity_type_name(type);

	if (!name)
		return false;
	*d = said_name_datum(name);
	return true;
}

/*
 * The gender of a person entity and what decided it, into values[0] and
 * values[1]; both NULL for an organisation, a group, an unresolved speaker
 * (entity -1) or a person the evidence leaves undecided.
 */
void
said_gender_datums(const SaidCall *call, int entity, Datum *values, bool *nulls)
{
	const SaidEntity *e = entity >= 0 ? &call->doc.entity[entity] : NULL;

	if (e && e->type == ENT_PERSON)
		said_gender_values(e->gender, e->gender_evidence, values, nulls);
	else
		nulls[0] = nulls[1] = true;
}

/* A gender and its evidence as said_gender_datums gives them. */
void
said_gender_values(int gender, int evidence, Datum *values, bool *nulls)
{
	const char *name = said_gender_name(gender);

	nulls[0] = nulls[1] = name == NULL;
	if (name)
	{
		values[0] = said_name_datum(name);
		values[1] = said_name_datum(said_gender_evidence_name(evidence));
	}
}

/* Content range of an attribution. */
Datum
said_content_range(const SaidCall *call, const SaidAttribution *a)
{
	int32		base = piece_start(call) + 1;

	if (call->byte_positions)
		return said_range_datum(base + a->content_b0, base + a->content_b1);
	return said_range_datum(base + a->content_c0, base + a->content_c1);
}

/*
 * Set up a materialised result.  The row descriptor is copied from the one
 * the executor expects when it gives one: get_call_result_type() would
 * build it again from the catalogs at every call, in per-query memory that
 * lives until the end of the query (~0.7 KB a row over a LATERAL join).
 */
void
said_init_srf(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, rsinfo && IsA(rsinfo, ReturnSetInfo) && rsinfo->expectedDesc ?
						MAT_SRF_USE_EXPECTED_DESC : 0);
}

/*
 * The quoted parts of an attribution as an int4multirange: the parts of a
 * quote interrupted by narration ("“…,” he said. “…”"), else its one span.
 */
static Datum
said_parts_datum(SaidCall *call, const SaidAttribution *a)
{
	static TypeCacheEntry *typcache = NULL;
	RangeType **ranges;
	int			n = a->nparts > 0 ? a->nparts : 1;

	if (typcache == NULL)
		typcache = lookup_type_cache(INT4RANGEOID, TYPECACHE_RANGE_INFO);
	ranges = palloc(sizeof(RangeType *) * n);
	if (a->nparts == 0)
		ranges[0] = DatumGetRangeTypeP(said_content_range(call, a));
	else
		for (int p = 0; p < a->nparts; p++)
			ranges[p] = DatumGetRangeTypeP(said_token_span_range(call, a->parts[2 * p],
																 a->parts[2 * p + 1]));
	return PointerGetDatum(make_multirange(INT4MULTIRANGEOID, typcache, n, ranges));
}

/* ------------------------------------------------------------ quotes() */

PG_FUNCTION_INFO_V1(said_quotes);

/*
 * quotes(doc text) -> one row per attribution, in document order.
 */
Datum
said_quotes(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidCall	call;
	int			n = 0;

	said_init_srf(fcinfo);
	said_call_open(&call, doc, false);
	while (said_call_next(&call))
	{
		for (int i = 0; i < call.doc.nattr; i++)
		{
			const SaidAttribution *a = &call.doc.attr[i];
			Datum		values[15];
			bool		nulls[15] = {0};
			MemoryContext old = MemoryContextSwitchTo(call.row_cxt);

			values[0] = Int32GetDatum(++n);
			values[1] = said_name_datum(said_quote_kind_name(a->kind));
			values[2] = said_text_datum(&call, a->content_b0, a->content_b1);
			values[3] = said_content_range(&call, a);
			if (a->speaker_entity >= 0)
				values[4] = said_entity_datum(&call, a->speaker_entity);
			else
				nulls[4] = true;
			if (a->speaker_t0 >= 0)
			{
				values[5] = said_token_span_text(&call, a->speaker_t0, a->speaker_t1);
				values[6] = said_token_span_range(&call, a->speaker_t0, a->speaker_t1);
			}
			else
				nulls[5] = nulls[6] = true;
			nulls[7] = !said_type_datum(a->speaker_type, &values[7]);
			said_gender_datums(&call, a->speaker_entity, &values[8], &nulls[8]);
			if (a->cue >= 0)
			{
				const SaidCue *c = &call.doc.cue[a->cue];

				values[10] = said_token_span_text(&call, c->t0, c->t1);
				values[11] = said_token_span_range(&call, c->t0, c->t1);
			}
			else
				nulls[10] = nulls[11] = true;
			values[12] = Float4GetDatum(a->confidence);
			values[13] = said_name_datum(a->rule);
			values[14] = said_parts_datum(&call, a);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextSwitchTo(old);
			MemoryContextReset(call.row_cxt);
		}
	}
	said_call_close(&call);
	return (Datum) 0;
}

/* ---------------------------------------------------------- entities() */

PG_FUNCTION_INFO_V1(said_entities_srf);

/*
 * entities(doc text) -> one row per mention of a person, organisation,
 * location or nationality, with the canonical name of its entity and a
 * person's gender.
 */
Datum
said_entities_srf(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidCall	call;
	int			n = 0;

	said_init_srf(fcinfo);
	said_call_open(&call, doc, true);
	while (said_call_next(&call))
	{
		for (int i = 0; i < call.doc.nmention; i++)
		{
			const SaidMention *m = &call.doc.mention[i];
			Datum		values[7];
			bool		nulls[7] = {0};
			MemoryContext old;

			if (!said_entity_type_name(m->type))
				continue;
			old = MemoryContextSwitchTo(call.row_cxt);
			values[0] = Int32GetDatum(++n);
			values[1] = said_token_span_text(&call, m->t0, m->t1);
			values[2] = said_name_datum(said_entity_type_name(m->type));
			values[3] = said_token_span_range(&call, m->t0, m->t1);
			if (m->entity >= 0)
				values[4] = said_entity_datum(&call, m->entity);
			else
				values[4] = values[1];
			/* the person's: the row of a mention typed otherwise gets none */
			said_gender_datums(&call, m->type == ENT_PERSON ? m->entity : -1, &values[5], &nulls[5]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextSwitchTo(old);
			MemoryContextReset(call.row_cxt);
		}
	}
	said_call_close(&call);
	return (Datum) 0;
}

/* ---------------------------------------------------------- speakers() */

PG_FUNCTION_INFO_V1(said_speakers);

/*
 * speakers(doc text) -> one row per distinct resolved speaker, in order of
 * first attribution: a person's gender, how many attributions and how many
 * words of content (claims.c counts them).  Speakers the text does not name (an unresolved
 * "he", "a senior official") are not counted.
 */
Datum
said_speakers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidCall	call;
	SaidArena	book_arena;
	SaidSpeakerBook book;

	said_init_srf(fcinfo);
	said_call_open(&call, doc, false);
	/* the speakers of every piece, merged by name: in the call's memory */
	said_arena_init(&book_arena, &call.keep_alloc);
	said_speaker_book_init(&book, &book_arena);
	while (said_call_next(&call))
		said_speaker_book_add(&book, &call.doc);
	for (int i = 0; i < book.nrow; i++)
	{
		const SaidSpeakerRow *r = &book.row[i];
		Datum		values[6];
		bool		nulls[6] = {0};
		MemoryContext old = MemoryContextSwitchTo(call.row_cxt);

		values[0] = said_cstring_text_datum(&call, r->name, r->len);
		nulls[1] = !said_type_datum(r->type, &values[1]);
		said_gender_values(r->gender, r->gender_evidence, &values[2], &nulls[2]);
		values[4] = Int32GetDatum(r->quotes);
		values[5] = Int32GetDatum(r->words);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(call.row_cxt);
	}
	said_call_close(&call);
	return (Datum) 0;
}
