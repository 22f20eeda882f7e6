/*
 * arena.c -- per-document bump allocator over caller-supplied chunks.
 *
 * Every stage allocates from one arena; the SQL layer backs it with palloc in
 * a memory context that is deleted after the call, tests with malloc.  No
 * stage frees anything individually.
 */
#include "said.h"

#include <string.h>

struct SaidArenaChunk
{
	SaidArenaChunk *next;
	size_t		size;
	/* payload follows, max-aligned */
};

#define ARENA_ALIGN 16
#define ARENA_MIN_CHUNK ((size_t) 64 * 1024)
#define HEADER_SIZE ((sizeof(SaidArenaChunk) + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1))

void
said_arena_init(SaidArena *arena, const SaidAllocator *allocator)
{
	memset(arena, 0, sizeof(*arena));
	arena->allocator = allocator;
}

/*
 * Chunks double with the arena's size so that large documents need few.
 * An allocation larger than that gets a chunk of its own behind the
 * current one, which stays in use: the token array of a large document,
 * or a grown array, no longer abandons the rest of the chunk before it.
 */
void *
said_arena_alloc(SaidArena *arena, size_t size)
{
	char	   *p;

	size = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	if ((size_t) (arena->limit - arena->cursor) < size || arena->cursor == NULL)
	{
		size_t		want = arena->total < ARENA_MIN_CHUNK ? ARENA_MIN_CHUNK : arena->total;
		SaidArenaChunk *chunk;

		if (size > want && arena->chunks != NULL)
		{
			chunk = arena->allocator->alloc(arena->allocator->ctx, HEADER_SIZE + size);
			chunk->size = size;
			chunk->next = arena->chunks->next;
			arena->chunks->next = chunk;
			arena->total += size;
			return (char *) chunk + HEADER_SIZE;
		}
		if (want < size)
			want = size;
		chunk = arena->allocator->alloc(arena->allocator->ctx, HEADER_SIZE + want);
		chunk->next = arena->chunks;
		chunk->size = want;
		arena->chunks = chunk;
		arena->cursor = (char *) chunk + HEADER_SIZE;
		arena->limit = arena->cursor + want;
		arena->total += want;
	}
	p = arena->cursor;
	arena->cursor += size;
	return p;
}

void *
said_arena_calloc(SaidArena *arena, size_t count, size_t size)
{
	void	   *p;

	/* Callers pass token counts bounded by SAID_MAX_DOC_BYTES: no overflow. */
	p = said_arena_alloc(arena, count * size);
	memset(p, 0, count * size);
	return p;
}

char *
said_arena_strndup(SaidArena *arena, const char *s, size_t len)
{
	char	   *p = said_arena_alloc(arena, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * An array that is the arena's last allocation grows where it is when its
 * chunk has room: a stage filling one array (sentences, mentions, cues)
 * then leaves no abandoned copies behind it, which doubling otherwise
 * costs (as much again as the array).
 */
void *
said_grow(SaidArena *arena, void *array, int *capacity, int needed, size_t elem_size)
{
	void	   *bigger;
	int			cap = *capacity;
	size_t		old_bytes,
				new_bytes;

	if (needed <= cap)
		return array;
	cap = cap < 16 ? 16 : cap;
	while (cap < needed)
		cap *= 2;
	old_bytes = ((size_t) (*capacity) * elem_size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	new_bytes = ((size_t) cap * elem_size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	if (array && *capacity > 0 && (char *) array + old_bytes == arena->cursor &&
		(size_t) (arena->limit - (char *) array) >= new_bytes)
	{
		arena->cursor = (char *) array + new_bytes;
		*capacity = cap;
		return array;
	}
	bigger = said_arena_alloc(arena, (size_t) cap * elem_size);
	if (array && *capacity > 0)
		memcpy(bigger, array, (size_t) (*capacity) * elem_size);
	*capacity = cap;
	return bigger;
}

void
said_arena_free_all(SaidArena *arena)
{
	SaidArenaChunk *chunk = arena->chunks;

	while (chunk)
	{
		SaidArenaChunk *next = chunk->next;

		if (arena->allocator->release)
			arena->allocator->release(arena->allocator->ctx, chunk);
		chunk = next;
	}
	arena->chunks = NULL;
	arena->cursor = arena->limit = NULL;
	arena->total = 0;
}

/* A document starts empty on its arena; the stages fill it (said.h). */
void
said_doc_init(SaidDoc *doc, SaidArena *arena, const char *text, size_t len)
{
	memset(doc, 0, sizeof(*doc));
	doc->text = text;
	doc->len = (uint32_t) len;
	doc->arena = arena;
	doc->allocator = arena->allocator;
}
