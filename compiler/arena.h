/* arena.h: bump allocator (one per compilation, released in a single call) and a growable text buffer. */
#ifndef RBDC_ARENA_H
#define RBDC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* owned: chain of blocks, newest first */
	size_t total;             /* bytes handed out, for the benchmark */
};

void arena_init(struct arena *a);
/** arena_fini - release every allocation made from @a at once */
void arena_fini(struct arena *a);
/** arena_reset - forget every allocation but keep one block, for per-object scratch memory */
void arena_reset(struct arena *a);
/** arena_alloc - zeroed memory aligned to 8 bytes (every type rbdc keeps); never NULL (aborts when out of memory) */
void *arena_alloc(struct arena *a, size_t size);
/** arena_alloc_array - like arena_alloc for @n items of @size bytes, checking the product for overflow */
void *arena_alloc_array(struct arena *a, size_t n, size_t size);
/** arena_release - give back @p early when it was a large allocation with a block of its own (a hash table
    that grew); anything else stays until arena_fini */
void arena_release(struct arena *a, void *p);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Out-of-memory is not recoverable for a compiler; these abort with a message like nftables' xmalloc. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);

/* Text that grows by appending (YAML output, dumps); malloc'd because it outlives or outgrows arenas. */
struct textbuf {
	char *data; /* owned: free with textbuf_free; always NUL-terminated once anything is appended */
	size_t len, cap;
};

void textbuf_append(struct textbuf *b, const char *s, size_t n);
void textbuf_puts(struct textbuf *b, const char *s);
void textbuf_free(struct textbuf *b);

#endif
