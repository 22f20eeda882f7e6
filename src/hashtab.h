/*
 * hashtab.h -- the common pieces of the core's open-addressing hash tables.
 *
 * A table has a power of two of slots; a key's home slot is the top bits of
 * a multiplicative (Fibonacci) hash of it, which depend on every bit of the
 * key; a collision probes the next slot, wrapping round.  Each table keeps
 * its own slots and decides what an empty slot is: these are the pieces,
 * not a container.
 *
 * The multipliers are also mixed into some stored keys (the tagger's
 * feature keys, ner_internal.h): a table's slot function may change freely,
 * but never a key that is stored in data/.
 */
#ifndef SAID_HASHTAB_H
#define SAID_HASHTAB_H

#include <stdint.h>

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

#endif							/* SAID_HASHTAB_H */
