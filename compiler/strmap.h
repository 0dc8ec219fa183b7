/* strmap.h: string-keyed hash map in the arena, for interning and every name lookup (no quadratic scans). */
#ifndef RBDC_STRMAP_H
#define RBDC_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct strmap_slot {
	const char *key; /* not owned: the caller keeps it alive (normally in the same arena) */
	size_t len;
	uint64_t hash;
	void *value;
};

struct strmap {
	struct arena *arena; /* not owned: where the slot table lives */
	struct strmap_slot *slots;
	size_t cap, count;
};

void strmap_init(struct strmap *m, struct arena *a);
uint64_t strmap_hash(const char *s, size_t len);
/** strmap_get - the value stored for @key, or NULL */
void *strmap_get(const struct strmap *m, const char *key, size_t len);
/** strmap_find - the slot holding @key, or NULL; its value may be replaced in place, never its key */
struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t len);
/** strmap_put_new - store @value unless @key is present; returns the value already stored, or NULL when inserted */
void *strmap_put_new(struct strmap *m, const char *key, size_t len, void *value);

/** pair_key - a key for a (owner, name) pair of stable pointers, e.g. an app and an interned env name: one
    program-wide map then finds duplicates inside every block without a map per block; @len gets its size */
const char *pair_key(struct arena *a, const void *owner, const void *name, size_t *len);

/** intern - the one arena copy of @s; equal strings come back as the same pointer. The map's value for an interned
    string starts NULL and is free for one fact about it: the secret scanner keeps its verdict there */
const char *intern(struct strmap *m, const char *s, size_t len);

#endif
