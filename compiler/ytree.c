/* ytree.c: constructors for the Kubernetes object tree; lowering builds it, emit.c turns it into YAML. */
#include "ytree.h"

#include <string.h>

#include "arena.h"

static struct ynode *node(struct arena *a, enum ynode_kind kind)
{
	struct ynode *n = arena_alloc(a, sizeof *n);
	n->kind = kind;
	return n;
}

struct ynode *y_map(struct arena *a) { return node(a, Y_MAP); }
struct ynode *y_seq(struct arena *a) { return node(a, Y_SEQ); }

struct ynode *y_str(struct arena *a, const char *s)
{
	struct ynode *n = node(a, Y_STR);
	n->str = s;
	return n;
}

struct ynode *y_int(struct arena *a, int64_t v)
{
	struct ynode *n = node(a, Y_INT);
	n->num = v;
	return n;
}

struct ynode *y_bool(struct arena *a, bool v)
{
	struct ynode *n = node(a, Y_BOOL);
	n->num = v;
	return n;
}

static void append(struct ynode *parent, struct ynode *child)
{
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

struct ynode *y_put(struct arena *a, struct ynode *map, const char *key, struct ynode *value)
{
	(void)a;
	value->key = key;
	append(map, value);
	return value;
}

struct ynode *y_put_str(struct arena *a, struct ynode *map, const char *key, const char *s) { return y_put(a, map, key, y_str(a, s)); }
struct ynode *y_put_int(struct arena *a, struct ynode *map, const char *key, int64_t v) { return y_put(a, map, key, y_int(a, v)); }
struct ynode *y_put_bool(struct arena *a, struct ynode *map, const char *key, bool v) { return y_put(a, map, key, y_bool(a, v)); }
struct ynode *y_put_map(struct arena *a, struct ynode *map, const char *key) { return y_put(a, map, key, y_map(a)); }
struct ynode *y_put_seq(struct arena *a, struct ynode *map, const char *key) { return y_put(a, map, key, y_seq(a)); }

struct ynode *y_push(struct ynode *seq, struct ynode *value)
{
	append(seq, value);
	return value;
}

struct ynode *y_push_str(struct arena *a, struct ynode *seq, const char *s) { return y_push(seq, y_str(a, s)); }
struct ynode *y_push_map(struct arena *a, struct ynode *seq) { return y_push(seq, y_map(a)); }

struct ynode *y_get(const struct ynode *map, const char *key)
{
	for (struct ynode *n = map->first; n; n = n->next)
		if (n->key && strcmp(n->key, key) == 0)
			return n;
	return NULL;
}

static uint32_t hash_bytes(const char *s, size_t n, uint32_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

uint32_t y_hash_text(const char *s, uint32_t h)
{
	return hash_bytes(s, strlen(s), h);
}

uint32_t y_hash(const struct ynode *n, uint32_t h)
{
	char kind = (char)('0' + n->kind);
	h = hash_bytes(&kind, 1, h);
	if (n->key)
		h = hash_bytes(n->key, strlen(n->key) + 1, h);
	switch (n->kind) {
	case Y_STR:
		return hash_bytes(n->str, strlen(n->str) + 1, h);
	case Y_INT:
	case Y_BOOL:
		return hash_bytes((const char *)&n->num, sizeof n->num, h);
	case Y_MAP:
	case Y_SEQ:
		for (const struct ynode *c = n->first; c; c = c->next)
			h = y_hash(c, h);
		return hash_bytes(")", 1, h); /* closes the container, so [a][b] and [a, b] differ */
	}
	return h;
}
