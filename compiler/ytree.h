/* ytree.h: the Kubernetes object tree: maps, sequences and scalars in the arena, in the order they are emitted. */
#ifndef RBDC_YTREE_H
#define RBDC_YTREE_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

enum ynode_kind { Y_MAP, Y_SEQ, Y_STR, Y_INT, Y_BOOL };

struct ynode {
	enum ynode_kind kind;
	const char *key;  /* set when the node is a map entry; not owned (arena or static) */
	const char *str;  /* Y_STR: not owned (arena or static) */
	int64_t num;      /* Y_INT, and Y_BOOL as 0/1 */
	struct ynode *first, *last; /* children of Y_MAP and Y_SEQ */
	struct ynode *next;
};

struct ynode *y_map(struct arena *a);
struct ynode *y_seq(struct arena *a);
struct ynode *y_str(struct arena *a, const char *s);
struct ynode *y_int(struct arena *a, int64_t v);
struct ynode *y_bool(struct arena *a, bool v);

/** y_put - append @value to @map under @key; returns @value */
struct ynode *y_put(struct arena *a, struct ynode *map, const char *key, struct ynode *value);
struct ynode *y_put_str(struct arena *a, struct ynode *map, const char *key, const char *s);
struct ynode *y_put_int(struct arena *a, struct ynode *map, const char *key, int64_t v);
struct ynode *y_put_bool(struct arena *a, struct ynode *map, const char *key, bool v);
struct ynode *y_put_map(struct arena *a, struct ynode *map, const char *key);
struct ynode *y_put_seq(struct arena *a, struct ynode *map, const char *key);
/** y_push - append @value to the sequence @seq; returns @value */
struct ynode *y_push(struct ynode *seq, struct ynode *value);
struct ynode *y_push_str(struct arena *a, struct ynode *seq, const char *s);
struct ynode *y_push_map(struct arena *a, struct ynode *seq);
/** y_get - the value under @key in @map, or NULL */
struct ynode *y_get(const struct ynode *map, const char *key);

/** y_hash_text - FNV-1a over the bytes of @s, continuing from @h (2166136261 to start) */
uint32_t y_hash_text(const char *s, uint32_t h);
/** y_hash - FNV-1a over the whole subtree (keys, kinds and values), continuing from @h */
uint32_t y_hash(const struct ynode *n, uint32_t h);

#endif
