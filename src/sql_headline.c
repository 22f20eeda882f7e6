/*
 * sql_headline.c -- said_headline(doc text, options text): the document
 * with its quotes and speakers marked (headline.c marks them); here the
 * options, in ts_headline's syntax, and the conversions to and from UTF-8.
 */
#include "postgres.h"

#include "commands/defrem.h"
#include "lib/stringinfo.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "said.h"
#include "headline.h"
#include "sql_common.h"

/* Options in ts_headline's syntax: key=value, ... */
static void
parse_headline_options(text *opt, SaidHeadlineMarkers *ho)
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

static const char *
core_marker(const char *s)
{
	return said_core_text(s, strlen(s));
}

PG_FUNCTION_INFO_V1(said_headline);

/*
 * said_headline(doc text, options text): the whole document with every
 * quote's content and its speaker mention wrapped in markers.
 */
Datum
said_headline(PG_FUNCTION_ARGS)
{
	text	   *doc = PG_GETARG_TEXT_PP(0);
	SaidHeadlineMarkers ho;
	SaidCall	call;
	StringInfoData out;
	size_t		len;
	Datum		result;

	/* options first: a bad one fails before any work */
	parse_headline_options(PG_GETARG_TEXT_PP(1), &ho);
	ho.quote_start = core_marker(ho.quote_start);
	ho.quote_stop = core_marker(ho.quote_stop);
	ho.speaker_start = core_marker(ho.speaker_start);
	ho.speaker_stop = core_marker(ho.speaker_stop);

	said_call_open(&call, doc, false);
	/* the pieces' marked texts, one after the other (UTF-8) */
	initStringInfo(&out);
	while (said_call_next(&call))
	{
		size_t		room = MaxAllocSize - VARHDRSZ - 1 - (size_t) out.len;
		char	   *marked = said_headline_text(&call.doc, &ho, room, &len);

		if (marked == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("marked text is too long"),
					 errdetail("The document with its markers would have %zu bytes; the limit is %zu.",
							   (size_t) out.len + len, (size_t) (MaxAllocSize - VARHDRSZ - 1))));
		appendBinaryStringInfo(&out, marked, (int) len);
	}
	result = said_cstring_text_datum(&call, out.data, out.len);
	pfree(out.data);
	said_call_close(&call);
	PG_RETURN_DATUM(result);
}
