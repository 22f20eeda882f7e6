/*
 * sql_claims.c -- claims as SQL: claims(), quoted_speakers() and the
 * user-lexicon entry point claims_custom().
 *
 * claims() is quotes() reshaped around the question "who said what about
 * whom": one row per attribution with the canonical names of the entities
 * the quoted content mentions (claims.c finds them).
 *
 * The user lexicon (tables said_cue_words, said_aliases and said_genders) is
 * read through SPI once per query and handed to the core through
 * SaidDoc.user; functions that read it are STABLE, the built-in ones stay
 * IMMUTABLE.
 */
#include "postgres.h"

#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "said.h"
#include "claims.h"
#include "user_lexicon.h"
#include "sql_common.h"

/* ------------------------------------------------------------- claims() */

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

#define CLAIMS_COLS 12

static Datum
claims_rows(FunctionCallInfo fcinfo, const SaidUserLexicon *user)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidCall	call;
	SaidAbout	about;
	int			n = 0;

	said_init_srf(fcinfo);
	said_call_open_user(&call, doc, false, user);
	while (said_call_next(&call))
	{
		said_claims_about(&call.doc, &about);
		for (int i = 0; i < call.doc.nattr; i++)
		{
			const SaidAttribution *a = &call.doc.attr[i];
			Datum		values[CLAIMS_COLS];
			bool		nulls[CLAIMS_COLS] = {0};
			MemoryContext old = MemoryContextSwitchTo(call.row_cxt);

			values[0] = Int32GetDatum(++n);
			nulls[1] = !speaker_datum(&call, a, &values[1]);
			nulls[2] = !said_type_datum(a->speaker_type, &values[2]);
			said_gender_datums(&call, a->speaker_entity, &values[3], &nulls[3]);
			if (a->cue >= 0)
				values[5] = said_token_span_text(&call, call.doc.cue[a->cue].t0,
												 call.doc.cue[a->cue].t1);
			else
				nulls[5] = true;
			values[6] = said_name_datum(said_quote_kind_name(a->kind));
			values[7] = said_text_datum(&call, a->content_b0, a->content_b1);
			values[8] = entity_array(&call, about.ent + about.start[i], about.count[i]);
			values[9] = said_content_range(&call, a);
			values[10] = Float4GetDatum(a->confidence);
			values[11] = said_name_datum(a->rule);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextSwitchTo(old);
			MemoryContextReset(call.row_cxt);
		}
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

/* Text of a SPI result column, as the core reads it, or NULL. */
static char *
spi_text(uint64 row, int col)
{
	char	   *s = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);

	return s ? said_core_text(s, strlen(s)) : NULL;
}

/*
 * Columns 1 and, when second is not NULL, 2 of every row of a query of the
 * lexicon tables (spi_text); returns the number of rows.
 */
static int
spi_rows(const char *query, char ***first, char ***second)
{
	if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the user lexicon: %s", query);
	*first = palloc(sizeof(char *) * (SPI_processed + 1));
	if (second)
		*second = palloc(sizeof(char *) * (SPI_processed + 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		(*first)[r] = spi_text(r, 1);
		if (second)
			(*second)[r] = spi_text(r, 2);
	}
	return (int) SPI_processed;
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
 * Read said_cue_words, said_aliases and said_genders into a SaidUserLexicon
 * allocated in cxt.  The tables are those of the calling function's schema, the
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
	SaidAllocator alloc;
	SaidArena	arena;
	char	  **cue,
			  **alias,
			  **canonical,
			  **person,
			  **gender;
	int			ncue,
				nalias,
				ngender;

	said_ensure_initialised();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	old = MemoryContextSwitchTo(cxt);
	/* the arena's chunks are in cxt: the lexicon lasts as long */
	said_context_allocator(&alloc, cxt);
	said_arena_init(&arena, &alloc);

	ncue = spi_rows(psprintf("SELECT word FROM %s",
							 lexicon_relation(nsp, schema, "said_cue_words")), &cue, NULL);
	nalias = spi_rows(psprintf("SELECT alias, canonical FROM %s",
							   lexicon_relation(nsp, schema, "said_aliases")),
					  &alias, &canonical);
	ngender = spi_rows(psprintf("SELECT name, gender FROM %s",
								lexicon_relation(nsp, schema, "said_genders")),
					   &person, &gender);
	u = said_user_lexicon(&arena, (const char *const *) cue, ncue,
						  (const char *const *) alias, (const char *const *) canonical, nalias,
						  (const char *const *) person, (const char *const *) gender, ngender);
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

/* claims_custom(doc text): claims() with the user's cue words, aliases and genders. */
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
				kept = 0,
				cap = 16;
	ArrayType  *result;
	MemoryContext old;

	said_call_open(&call, doc, false);
	elems = palloc(sizeof(Datum) * cap);
	while (said_call_next(&call))
	{
		seen = palloc0(call.doc.nentity + 1);
		for (int i = 0; i < call.doc.nattr; i++)
		{
			int			e = call.doc.attr[i].speaker_entity;

			if (e < 0 || seen[e])
				continue;
			seen[e] = true;
			if (n == cap)
			{
				cap *= 2;
				elems = repalloc_huge(elems, sizeof(Datum) * cap);
			}
			/* in the caller's context: the array outlives the call's */
			elems[n++] = said_entity_datum(&call, e);
		}
		pfree(seen);
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
