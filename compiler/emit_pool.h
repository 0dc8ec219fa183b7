/* emit_pool.h: parallel emission of independent objects, delivered in program order (a batch sink for lowering). */
#ifndef RBDC_EMIT_POOL_H
#define RBDC_EMIT_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "lower.h"

/* Objects per batch: a program with fewer never starts a thread (about a dozen apps). */
#define EMIT_POOL_BATCH 64

struct emit_pool;

/** emit_pool_threads - threads to use: one per online core, or RBDC_THREADS (1: the serial path) */
unsigned emit_pool_threads(void);
/** emit_pool_new - a pool of @threads (the caller's included) rendering objects with @render (any thread; must
    depend only on the object and its @index in the program; negative: failed, else passed on as @rendered) and
    handing the texts to @deliver (the caller's thread, in program order) */
struct emit_pool *emit_pool_new(unsigned threads, size_t batch_objects,
				int (*render)(void *user, const struct k8s_object *obj, size_t index, struct textbuf *out),
				int (*deliver)(void *user, const struct k8s_object *obj, const struct textbuf *text, int rendered),
				void *user);
/** emit_pool_batch - the lower_sink batch callback (@pool is the emit_pool) */
int emit_pool_batch(void *pool, const struct k8s_object *objs, size_t n);
/** emit_pool_free - finish what is in flight, stop the threads; the first non-zero status of render or deliver */
int emit_pool_free(struct emit_pool *p);

#endif
