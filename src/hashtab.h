/*
 * hashtab.h -- the common pieces of the core's open-addressing hash tables.
 *
 * A table has a power of two of slots; a key's home slot is the top bits of
 * a multiplicative (Fibonacci) hash of it, which depend on every bit of the
 * key; a collision probes the next slot, wrapping round.  Each table keeps
 * its own slots and decides what an empty slot is: these are the pieces,
 * not a container, and said_hash_find for the common table whose slots
 * begin with a 64-bit key, 0 when empty (a folded hash is never 0).
 *
 * Every table of the core takes its home slots so but for three, whose
 * keys are mixed hashes already and which read their bits directly, each
 * saying why: the tagger's model (its slot and its check word are two
 * parts of the key: ner_internal.h), the tokenizer's probe of the lexicon
 * (a group from the low bits and a tag from the top byte, with no
 * multiplication on the tokenizer's path: lexicon.h) and the lexicon's
 * phrase-prefix bits (a bitmap, not a table: lexicon.c).
 *
 * Slots are not part of any result: no output depends on where a key
 * landed or on the order of a table's slots.  The multipliers are also
 * mixed into some stored keys (the tagger's feature keys, ner_internal.h):
 * a table's slot function may change freely, but never a key that is
 * stored in data/.
 */
#ifndef SAID_HASHTAB_H
#define SAID_HASHTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* 2^64 / phi and 2^32 / phi, rounded to odd numbers */
#define SAID_HASH_MUL64 0x9e3779b97f4a7c15ULL
#define SAID_HASH_MUL32 2654435761u

/* The home slot of key in a table of 2^bits slots (1 <= bits <= 64). */
static inline uint64_t
said_hash_slot64(uint64_t key, unsigned bits)
{
	return (key * SAID_HASH_MUL64) >> (64 - bits);
}

/* The same for a 32-bit key (1 <= bits <= 32). */
static inline uint32_t
said_hash_slot32(uint32_t key, unsigned bits)
{
	return (key * SAID_HASH_MUL32) >> (32 - bits);
}

/*
 * A table's filter: a bit per bucket of keys, in 2^log2_words words of 64
 * bits (6 <= log2_words + 6 <= 58), set for the keys of a set.  A key whose
 * bit is clear is not in the set, which most keys asked learn without a
 * probe of the table.  The bits are the key's own top ones: the keys
 * filtered (folded hashes) are mixed already.  The tagger's word lists and
 * the learned stage's cue vocabulary and word classes have one each.
 */
static inline void
said_filter_set(uint64_t *bits, unsigned log2_words, uint64_t key)
{
	bits[key >> (64 - log2_words)] |= (uint64_t) 1 << ((key >> (58 - log2_words)) & 63);
}

static inline int
said_filter_has(const uint64_t *bits, unsigned log2_words, uint64_t key)
{
	return (bits[key >> (64 - log2_words)] >> ((key >> (58 - log2_words)) & 63)) & 1;
}

/* A table's size: the least power of two that is at least min_slots (a
 * power of two) and at least need (the entries over the load factor). */
static inline uint64_t
said_hash_size(uint64_t min_slots, uint64_t need)
{
	uint64_t	size = min_slots;

	while (size < need)
		size <<= 1;
	return size;
}

/* log2 of a power of two. */
static inline unsigned
said_hash_log2(uint64_t size)
{
	return (unsigned) __builtin_ctzll(size);
}

/* The slot probed after slot i, in a table of mask + 1 slots. */
static inline uint64_t
said_hash_next(uint64_t i, uint64_t mask)
{
	return (i + 1) & mask;
}

/*
 * The slot of key in a table of 2^bits slots of stride bytes, each of
 * which begins with its uint64_t key, 0 in an empty slot: the slot holding
 * key, else the empty slot where key goes.  key is not 0, and the table
 * has an empty slot (each table keeps itself at most half full); 1 <= bits
 * <= 63.
 */
static inline uint64_t
said_hash_find(const void *slots, size_t stride, unsigned bits, uint64_t key)
{
	uint64_t	mask = ((uint64_t) 1 << bits) - 1;

	for (uint64_t i = said_hash_slot64(key, bits);; i = said_hash_next(i, mask))
	{
		uint64_t	k;

		memcpy(&k, (const char *) slots + i * stride, sizeof(k));
		if (k == key || k == 0)
			return i;
	}
}

/*
 * A table grown to twice its slots: the keyed slots of from (2^(bits - 1)
 * slots) moved into to (2^bits zeroed slots), both of said_hash_find's
 * kind, stride bytes a slot.
 */
static inline void
said_hash_move(void *to, unsigned bits, const void *from, size_t stride)
{
	size_t		oldsize = (size_t) 1 << (bits - 1);

	for (size_t k = 0; k < oldsize; k++)
	{
		const char *slot = (const char *) from + k * stride;
		uint64_t	key;

		memcpy(&key, slot, sizeof(key));
		if (key != 0)
			memcpy((char *) to + said_hash_find(to, stride, bits, key) * stride, slot, stride);
	}
}

/* said_hash_find in an array of slots: a pointer to the slot. */
#define SAID_HASH_SLOT(slots, bits, key) \
	(&(slots)[said_hash_find((slots), sizeof(*(slots)), (bits), (key))])

#endif							/* SAID_HASHTAB_H */
