/*
 * said.h -- the per-document structure of the pg_said extraction core.
 *
 * One document flows once through the stages below, in this order; each
 * stage reads what the earlier ones left in SaidDoc and adds its own layer:
 *
 *   tokens.c      text -> tokens (byte and code-point offsets, shape flags)
 *   sentences.c   tokens -> sentences and paragraphs
 *   marks.c       quote-mark tokens -> paired quoted regions
 *   entities.c    tokens -> typed mentions (tagger model + gazetteers)
 *   names.c       mentions -> document entities with canonical names
 *   gender.c      persons -> their gender, from the evidence of the whole
 *                 document (pronouns, titles and nouns, first names)
 *   cues.c        tokens -> speech/report cues ("said", "according to", ":")
 *   attribution.c regions + cues + mentions -> attributions with speakers;
 *                 the stage is in rooms (attribution.h): speakers.c,
 *                 resolve.c, sieves_direct.c, sieves_indirect.c, and its
 *                 rule table, rules.c
 *
 * The core is plain C: no PostgreSQL header is included here or in any
 * stage.  Memory comes from a SaidArena whose chunks are obtained through
 * caller-supplied allocation callbacks (palloc in the server, malloc in tests
 * and fuzzers), so a whole document's work is released at once.
 */
#ifndef SAID_H
#define SAID_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* ---------------------------------------------------------------- memory */

typedef struct SaidAllocator
{
	void	   *(*alloc) (void *ctx, size_t size);	/* never returns NULL */
	void		(*release) (void *ctx, void *ptr);	/* may be NULL */
	void	   *ctx;
	/* called once per few thousand units of work; may longjmp (PostgreSQL) */
	void		(*interrupt_check) (void *ctx);
} SaidAllocator;

typedef struct SaidArenaChunk SaidArenaChunk;

typedef struct SaidArena
{
	const SaidAllocator *allocator;
	SaidArenaChunk *chunks;
	char	   *cursor;
	char	   *limit;
	size_t		total;
} SaidArena;

void		said_arena_init(SaidArena *arena, const SaidAllocator *allocator);
void	   *said_arena_alloc(SaidArena *arena, size_t size);
void	   *said_arena_calloc(SaidArena *arena, size_t count, size_t size);
char	   *said_arena_strndup(SaidArena *arena, const char *s, size_t len);
void		said_arena_free_all(SaidArena *arena);

/* A growable array in the arena: old storage is simply abandoned. */
void	   *said_grow(SaidArena *arena, void *array, int *capacity, int needed,
					  size_t elem_size);

/* Largest document the core accepts: offsets are kept in 32 bits. */
#define SAID_MAX_DOC_BYTES ((size_t) 0x7FFFFFF0)

/* ---------------------------------------------------------------- tokens */

typedef enum SaidTokenKind
{
	TOK_WORD = 1,				/* letters, possibly with digits, ' - . inside */
	TOK_NUMBER,					/* starts with a digit */
	TOK_PUNCT,					/* one punctuation character (or "..." / "--") */
	TOK_QUOTE,					/* a quote mark: see SaidQuoteMark */
	TOK_SYMBOL					/* anything else: emoji, symbols, controls */
} SaidTokenKind;

/* Shape and layout flags of a token. */
#define TF_UPPER_INITIAL	0x0001	/* first letter is upper case */
#define TF_ALL_UPPER		0x0002	/* every letter upper case (and >= 1) */
#define TF_ALL_LOWER		0x0004	/* every letter lower case */
#define TF_HAS_DIGIT		0x0008
#define TF_HAS_PERIOD		0x0010	/* "U.S.", "Mr." (period kept in token) */
#define TF_SPACE_BEFORE		0x0020	/* white space (or start of text) before */
#define TF_SPACE_AFTER		0x0040	/* white space (or end of text) after */
#define TF_LINE_START		0x0080	/* first token after a line break */
#define TF_PARA_START		0x0100	/* first token of a paragraph */
#define TF_SENT_START		0x0200	/* first token of a sentence */
#define TF_HYPHEN			0x0400	/* contains a hyphen */
#define TF_APOSTROPHE		0x0800	/* contains an apostrophe */
#define TF_URL				0x1000	/* URL, e-mail, @handle or #tag */
#define TF_IN_QUOTE			0x2000	/* inside a paired quoted region */
#define TF_TITLE_CASE_LINE	0x4000	/* the line is a headline in title or upper case */

/* Quote-mark description, for TOK_QUOTE tokens. */
#define QM_DOUBLE		0x01	/* “ ” " „ « » ''  `` */
#define QM_SINGLE		0x02	/* ‘ ’ ' ‚ ‹ › */
#define QM_OPEN_FORM	0x04	/* the glyph is an opening one: “ ‘ „ ‚ « `` */
#define QM_CLOSE_FORM	0x08	/* the glyph is a closing one: ” ’ » '' */
#define QM_SYMMETRIC	0x10	/* " or ': direction from context only */
#define QM_CAN_OPEN		0x20	/* context allows opening here */
#define QM_CAN_CLOSE	0x40	/* context allows closing here */

/*
 * 40 bytes: the code-point end is not stored (said_token_c1, below,
 * computes it from c0 and the token's bytes): only positions in results
 * need it, and every stage reads the array.
 */
typedef struct SaidToken
{
	uint64_t	hash;			/* folded hash (lexicon.h said_fold_hash) */
	uint32_t	b0,
				b1;				/* byte span [b0, b1) in the text */
	uint32_t	c0;				/* code-point offset of b0, 0-based */
	uint32_t	lex;			/* lexicon bits (LX_*), see lexicon.h */
	uint16_t	flags;			/* TF_* */
	uint8_t		kind;			/* SaidTokenKind */
	uint8_t		qmark;			/* QM_* for TOK_QUOTE */
	int32_t		sent;			/* sentence index */
	int32_t		region;			/* innermost quoted region, or -1 */
	int32_t		mention;		/* mention covering the token, or -1 */
} SaidToken;

/* ------------------------------------------------------------- sentences */

typedef struct SaidSentence
{
	int32_t		t0,
				t1;				/* token span [t0, t1) */
	int32_t		para;			/* paragraph index */
} SaidSentence;

/* ---------------------------------------------------------------- marks */

typedef struct SaidRegion
{
	int32_t		open_tok;		/* the opening mark token */
	int32_t		close_tok;		/* the closing mark, or -1 when unclosed */
	int32_t		t0,
				t1;				/* content tokens [t0, t1) */
	int32_t		parent;			/* enclosing region, or -1 */
	int32_t		continues;		/* region this one continues (next paragraph), or -1 */
	int32_t		words;			/* word tokens inside */
	uint8_t		is_double;
	uint8_t		is_speech;		/* not a scare quote / title */
} SaidRegion;

/* -------------------------------------------------------------- entities */

typedef enum SaidEntityType
{
	ENT_NONE = 0,
	ENT_PERSON,
	ENT_ORGANIZATION,
	ENT_LOCATION,
	ENT_NATIONALITY,
	ENT_GROUP,					/* nominal plural: "officials", "observers" */
	ENT_TYPE_COUNT
} SaidEntityType;

typedef enum SaidGender
{
	GENDER_UNKNOWN = 0,
	GENDER_MALE,
	GENDER_FEMALE
} SaidGender;

/* What decided a person's gender (gender.c), strongest first. */
typedef enum SaidGenderEvidence
{
	GEV_NONE = 0,
	GEV_USER,					/* the caller's table names the person */
	GEV_PRONOUN,				/* "she said", "his campaign" resolved to the person */
	GEV_TITLE,					/* Mrs., Sir, "spokeswoman", "his wife" */
	GEV_FIRST_NAME				/* a first name given >= 95 % to one sex */
} SaidGenderEvidence;

typedef struct SaidMention
{
	int32_t		t0,
				t1;				/* token span of the name, titles excluded */
	int32_t		title_t0;		/* first token of a preceding title, or t0 */
	uint8_t		type;			/* SaidEntityType */
	int32_t		entity;			/* document entity (names.c), or -1 */
} SaidMention;

typedef struct SaidEntity
{
	int32_t		canonical_mention;	/* mention whose text is the canonical name,
									 * -1 for an entity said_speaker_entity made */
	uint8_t		type;
	uint8_t		gender;			/* SaidGender of a person (gender.c) */
	uint8_t		gender_evidence;	/* SaidGenderEvidence: what decided it */
	int32_t		first_mention;
	int32_t		mentions;
	const char *canonical_text; /* lexicon's preferred form, or NULL */
} SaidEntity;

/* ------------------------------------------------------------------ cues */

typedef enum SaidCueKind
{
	CUE_VERB = 1,				/* said, told, warned, ... */
	CUE_ACCORDING_TO,			/* "according to X" */
	CUE_NOUN,					/* "the claim that" */
	CUE_COLON,					/* "Kerry: ..." headline or lead-in */
} SaidCueKind;

typedef struct SaidCue
{
	int32_t		t0,
				t1;				/* token span of the cue words */
	uint8_t		kind;			/* SaidCueKind */
	uint8_t		takes_clause;	/* verb commonly followed by reported clause */
} SaidCue;

/* ----------------------------------------------------------- attribution */

typedef enum SaidQuoteKind
{
	QK_DIRECT = 1,
	QK_MIXED,
	QK_INDIRECT
} SaidQuoteKind;

typedef struct SaidSpan
{
	int32_t		t0,
				t1;
} SaidSpan;

typedef struct SaidAttribution
{
	uint8_t		kind;			/* SaidQuoteKind */
	int32_t		content_b0,
				content_b1;		/* content bytes (marks excluded) */
	int32_t		content_c0,
				content_c1;		/* same, in code points */
	int32_t		first_region;	/* for direct: first quoted region, or -1 */
	int32_t		cue;			/* SaidCue index, or -1 */
	int32_t		speaker_t0,
				speaker_t1;		/* speaker mention as written, or -1 */
	int32_t		speaker_entity; /* resolved SaidEntity, or -1 */
	uint8_t		speaker_type;	/* SaidEntityType, ENT_NONE when unknown */
	float		confidence;
	const char *rule;			/* which rule produced it: provenance */
	int32_t		nparts;			/* quoted parts of a quote in several parts, or 0 */
	const int32_t *parts;		/* nparts token spans [t0, t1), in order */
} SaidAttribution;

/* -------------------------------------------------------------- document */

struct SaidUserLexicon;			/* lexicon.h: a caller's extra cue words and aliases */

typedef struct SaidDoc
{
	const char *text;
	uint32_t	len;			/* bytes */
	uint32_t	nchars;			/* code points */
	SaidArena  *arena;
	const SaidAllocator *allocator;

	SaidToken  *tok;
	int32_t		ntok;
	SaidSentence *sent;
	int32_t		nsent;
	int32_t		npara;
	SaidRegion *region;
	int32_t		nregion;
	SaidMention *mention;
	int32_t		nmention;
	SaidEntity *entity;
	int32_t		nentity;
	/* capitalised words the tagger labelled O, in order (entities.c): the
	 * tokens names.c looks at for names their context shows */
	int32_t    *unlabelled;
	int32_t		nunlabelled;
	SaidCue    *cue;
	int32_t		ncue;
	SaidAttribution *attr;
	int32_t		nattr;

	/* set by the caller between said_doc_init and said_analyze; NULL: none */
	const struct SaidUserLexicon *user;

	/*
	 * Set for a piece of a larger document (said_pieces_next) that has a
	 * blank line somewhere: lines then break paragraphs only at blank
	 * lines, as they do in the whole document (tokens.c).
	 */
	bool		blank_line_elsewhere;

	/*
	 * Set by the learned stage's trainer: the attribution stage's rows as
	 * the learned stage reads the rules' ones, without the reshaping that
	 * follows it (said_indirect_parts).
	 */
	bool		rule_rows;

	/*
	 * Steps of the stages' loops (said_work): a count of work that, unlike
	 * time, does not depend on the machine, so that a test can tell a
	 * stage whose cost grows faster than the document (test_linear.c).
	 */
	uint64_t	work;
} SaidDoc;

/* One-time, per-process initialisation of lexicons, patterns and the model
 * (whose tables are built with the library: tables.h); what is not needed
 * yet (the URL pattern) is left to the first document that needs it.
 * Returns NULL on success or a static message describing the failure. */
const char *said_init(const SaidAllocator *persistent);

/* said_init, and what it leaves for later done now: for a process whose
 * children are forked with it (the postmaster, shared_preload_libraries). */
const char *said_init_ahead(const SaidAllocator *persistent);

/* Run the whole pipeline.  text must stay valid while doc is used. */
void		said_doc_init(SaidDoc *doc, SaidArena *arena, const char *text, size_t len);
void		said_tokenize(SaidDoc *doc);
void		said_sentences(SaidDoc *doc);
void		said_marks(SaidDoc *doc);
void		said_entities(SaidDoc *doc);
void		said_names(SaidDoc *doc);
void		said_gender(SaidDoc *doc);
void		said_cues(SaidDoc *doc);
void		said_attribute(SaidDoc *doc);

/* Convenience: every stage in order; entities_only skips cues and attribution. */
void		said_analyze(SaidDoc *doc, bool entities_only);

/* ---------------------------------------------------------------- pieces */

/*
 * A document longer than a piece is analysed a piece at a time, each
 * piece's memory freed before the next (pieces.c), so that a call's memory
 * is the text plus what one piece needs, whatever the document's shape.
 * Documents of up to SAID_PIECE_BYTES bytes (UTF-8) are one piece, analysed
 * exactly as said_analyze does.
 */
#define SAID_PIECE_BYTES ((size_t) 1 << 20)

/*
 * End (exclusive) of the piece of text[0, len) that starts at start: len
 * when the rest fits in budget bytes, else the last of these in the
 * piece's second half: a paragraph break (after the blank line), a
 * sentence end outside quotation marks, any sentence end, white space;
 * else the last UTF-8 character boundary within budget.  Always > start
 * when start < len.
 */
size_t		said_piece_end(const char *text, size_t len, size_t start, size_t budget);

/* Does text have a blank line, as said_tokenize sees one (two line breaks
 * with no token between, after a token)?  interrupts: whose interrupt_check
 * to call as the scan goes, or NULL. */
bool		said_has_blank_line(const char *text, size_t len, const SaidAllocator *interrupts);

struct SaidCarry;				/* pieces.c: what one piece tells the next */

typedef struct SaidPieces
{
	const char *text;			/* the whole document */
	size_t		len;
	size_t		budget;			/* bytes a piece at most */
	uint32_t	b0,
				b1;				/* the current piece: bytes [b0, b1) of text */
	uint32_t	c0;				/* code points of text before b0 */
	int32_t		index;			/* the current piece, from 0; -1 before the first */
	bool		entities_only;
	bool		blank_line;		/* the document has a blank line */
	const struct SaidUserLexicon *user;
	SaidDoc    *doc;			/* the current piece's analysis, offsets from b0 */
	SaidArena  *arena;			/* doc's: freed before the next piece */
	SaidArena	keep;			/* what is carried from piece to piece */
	struct SaidCarry *carry;
} SaidPieces;

/*
 * Analyse text a piece of at most budget bytes at a time into doc, whose
 * arena is freed between pieces (its allocator should release chunks);
 * keep_alloc's arena holds what is carried from piece to piece (freed by
 * said_pieces_free).  user as SaidDoc.user.
 */
void		said_pieces_init(SaidPieces *p, SaidDoc *doc, SaidArena *arena,
							 const SaidAllocator *keep_alloc, const char *text, size_t len,
							 size_t budget, const struct SaidUserLexicon *user,
							 bool entities_only);

/* The next piece analysed into p->doc; false after the last.  An empty
 * document is one empty piece. */
bool		said_pieces_next(SaidPieces *p);

/* Free the pieces' memory, the current piece's included. */
void		said_pieces_free(SaidPieces *p);

/* The stages in order, as said_analyze, with what earlier pieces carried
 * (NULL: none) applied where it matters. */
void		said_analyze_carried(SaidDoc *doc, bool entities_only, struct SaidCarry *carry);
void		said_carry_names(SaidDoc *doc, struct SaidCarry *carry);
void		said_carry_gender(SaidDoc *doc, struct SaidCarry *carry);
void		said_carry_speakers(SaidDoc *doc, struct SaidCarry *carry);

/* Helpers shared by stages. */
static inline void
said_check_interrupts(const SaidDoc *doc)
{
	if (doc->allocator->interrupt_check)
		doc->allocator->interrupt_check(doc->allocator->ctx);
}

/*
 * Count n steps of work on doc: a stage adds its passes over the tokens
 * and every scan whose length the input decides (a window, a run, a chain).
 * doc may be a stage's const view: the counter is not part of the results.
 */
static inline void
said_work(const SaidDoc *doc, uint64_t n)
{
	((SaidDoc *) doc)->work += n;
}

const char *said_entity_type_name(int type);
const char *said_quote_kind_name(int kind);

/* "female", "male", NULL; "user", "pronoun", "title", "first_name", NULL. */
const char *said_gender_name(int gender);
const char *said_gender_evidence_name(int evidence);

/* Code-point end of token t (exclusive): c0 plus its characters, counted
 * as said_tokenize counts them (an invalid byte is one character). */
uint32_t	said_token_c1(const SaidDoc *doc, int t);

/* Canonical text of an entity, without titles: arena string. */
const char *said_entity_name(SaidDoc *doc, int entity, size_t *len);

/*
 * For the attribution stage: the entity of a speaker written as a proper
 * noun, tokens [t0, t1), that the stages before left without one: found
 * among the document's entities, or made when create is true.  An entity
 * made here has canonical_text and no mention (canonical_mention and
 * first_mention -1, mentions 0); doc->entity may move.  -1 for a span that
 * is no proper noun, or none found and create false.  Attribution finds,
 * never makes: a lone capitalised word before a cue is too often no name.
 */
int			said_speaker_entity(SaidDoc *doc, int t0, int t1, bool create);

#endif							/* SAID_H */
