/* strmap.c: open-addressing hash map over arena memory; grows by doubling so inserts stay O(1) amortised. */
#include "strmap.h"

#include <string.h>

#include "arena.h"

void strmap_init(struct strmap *m, struct arena *a)
{
	m->arena = a;
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

uint64_t strmap_hash(const char *s, size_t len)
{
	/* FNV-1a: short keys, no adversary worth a keyed hash (inputs are bounded by the size limits). */
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static struct strmap_slot *find_slot(struct strmap_slot *slots, size_t cap, const char *key, size_t len, uint64_t hash)
{
	size_t i = (size_t)hash & (cap - 1);
	for (;;) {
		struct strmap_slot *s = &slots[i];
		if (!s->key || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static void grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_slot *slots = arena_alloc_array(m->arena, cap, sizeof *slots);
	for (size_t i = 0; i < m->cap; i++) {
		struct strmap_slot *old = &m->slots[i];
		if (old->key)
			*find_slot(slots, cap, old->key, old->len, old->hash) = *old;
	}
	if (m->slots)
		arena_release(m->arena, m->slots); /* the old table is garbage now; without this a map costs twice its size */
	m->slots = slots;
	m->cap = cap;
}

void *strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	struct strmap_slot *s = find_slot(m->slots, m->cap, key, len, strmap_hash(key, len));
	return s->key ? s->value : NULL;
}

struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	struct strmap_slot *s = find_slot(m->slots, m->cap, key, len, strmap_hash(key, len));
	return s->key ? s : NULL;
}

void *strmap_put_new(struct strmap *m, const char *key, size_t len, void *value)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t hash = strmap_hash(key, len);
	struct strmap_slot *s = find_slot(m->slots, m->cap, key, len, hash);
	if (s->key)
		return s->value;
	s->key = key;
	s->len = len;
	s->hash = hash;
	s->value = value;
	m->count++;
	return NULL;
}

const char *pair_key(struct arena *a, const void *owner, const void *name, size_t *len)
{
	const void **key = arena_alloc(a, 2 * sizeof *key);
	key[0] = owner;
	key[1] = name;
	*len = 2 * sizeof *key;
	return (const char *)key;
}

const char *intern(struct strmap *m, const char *s, size_t len)
{
	const struct strmap_slot *found = strmap_find(m, s, len);
	if (found)
		return found->key;
	char *copy = arena_strndup(m->arena, s, len);
	strmap_put_new(m, copy, len, NULL);
	return copy;
}
