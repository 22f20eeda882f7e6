/*
 * sql_common.h -- what the SQL-layer files share: one analysed document per
 * call, in a memory context of its own, and conversions to datums.
 */
#ifndef SAID_SQL_COMMON_H
#define SAID_SQL_COMMON_H

#include "postgres.h"
#include "fmgr.h"

#include "said.h"

/*
 * One call's document, analysed a piece at a time (said.h): after
 * said_call_open, each said_call_next analyses the next piece into doc,
 * whose positions said_token_start and the other conversions below make
 * the whole document's.
 */
typedef struct SaidCall
{
	MemoryContext cxt;			/* everything of this call; deleted at close */
	MemoryContext row_cxt;		/* reset after each output row */
	SaidAllocator alloc;		/* the piece's arena: its chunks freed */
	SaidAllocator keep_alloc;	/* what pieces carry */
	SaidArena	arena;
	SaidDoc		doc;			/* the current piece */
	SaidPieces	pieces;
	bool		byte_positions; /* SQL_ASCII: characters are bytes */
	bool		convert_back;	/* output must be converted from UTF-8 */
} SaidCall;

void		said_call_open(SaidCall *call, text *doc, bool entities_only);
void		said_call_open_user(SaidCall *call, text *doc, bool entities_only,
								const struct SaidUserLexicon *user);
bool		said_call_next(SaidCall *call);
void		said_ensure_initialised(void);
void		said_context_allocator(SaidAllocator *alloc, MemoryContext cxt);
void		said_call_close(SaidCall *call);
void		said_init_srf(FunctionCallInfo fcinfo);
char	   *said_core_text(const char *s, int len);

Datum		said_text_datum(SaidCall *call, uint32 b0, uint32 b1);
Datum		said_cstring_text_datum(SaidCall *call, const char *s, size_t n);
Datum		said_range_datum(int32 lower, int32 upper);
Datum		said_name_datum(const char *name);
Datum		said_token_span_text(SaidCall *call, int t0, int t1);
Datum		said_token_span_range(SaidCall *call, int t0, int t1);
Datum		said_entity_datum(SaidCall *call, int entity);
Datum		said_content_range(const SaidCall *call, const SaidAttribution *a);
bool		said_type_datum(int type, Datum *d);
void		said_gender_datums(const SaidCall *call, int entity, Datum *values, bool *nulls);
void		said_gender_values(int gender, int evidence, Datum *values, bool *nulls);
int32		said_token_start(const SaidCall *call, int t);
int32		said_token_end(const SaidCall *call, int t);

#endif							/* SAID_SQL_COMMON_H */
