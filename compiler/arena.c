/* arena.c: bump allocator backing the syntax tree, model, YAML tree, strings and diagnostics. */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Eight: what pointers and 64-bit integers need, the most any type rbdc keeps in an arena needs (no long double, no
   SIMD vectors); sixteen wasted a quarter of the syntax tree on padding. */
enum { ARENA_BLOCK_SIZE = 64 * 1024, ARENA_ALIGN = 8 };

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

static _Noreturn void out_of_memory(size_t size)
{
	fprintf(stderr, "rbdc: fatal: out of memory allocating %zu bytes\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory(size);
	return q;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void arena_fini(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;
	if (!keep)
		return;
	struct arena_block *b = keep->next;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
}

/* @size bytes at a multiple of @align (a power of two up to ARENA_ALIGN) in the current block, or in a new one. */
static void *arena_take(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b = a->head;
	size_t start = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || start > b->cap || b->cap - start < size) {
		/* Large requests get a block of their own so the current block keeps its free tail. */
		size_t cap = size > ARENA_BLOCK_SIZE / 4 ? size : ARENA_BLOCK_SIZE;
		if (cap > SIZE_MAX - sizeof(struct arena_block))
			out_of_memory(size);
		struct arena_block *nb = xmalloc(sizeof(struct arena_block) + cap);
		nb->used = 0;
		nb->cap = cap;
		if (b && cap != ARENA_BLOCK_SIZE) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
		start = 0;
	}
	void *p = b->data + start;
	a->total += start + size - b->used;
	b->used = start + size;
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = arena_take(a, size, ARENA_ALIGN);
	memset(p, 0, size);
	return p;
}

void *arena_alloc_array(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return arena_alloc(a, n * size);
}

void arena_release(struct arena *a, void *p)
{
	/* Large blocks sit right behind the head, so a table that just grew is found after a few steps. */
	for (struct arena_block **link = a->head ? &a->head->next : NULL; link && *link; link = &(*link)->next) {
		struct arena_block *b = *link;
		if ((void *)b->data == p) {
			if (b->cap == ARENA_BLOCK_SIZE)
				return; /* an ordinary block: other allocations live in it too */
			*link = b->next;
			a->total -= b->used;
			free(b);
			return;
		}
	}
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		out_of_memory(n);
	char *p = arena_take(a, n + 1, 1); /* text needs no alignment: no padding after it */
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* True when @fmt has no conversion but %s: most of the compiler's formats join names ("%s-%s.yaml"). */
static bool only_strings(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p += 2)
		if (p[1] != 's')
			return false;
	return true;
}

/* A %s argument as glibc prints it: a null pointer is a bug, but its message should still come out. */
static const char *string_arg(const char *s)
{
	return s ? s : "(null)";
}

/* Joins @fmt's text and its %s arguments: what vsnprintf would print, without its cost (about a thousand
   instructions a call, for every file name and derived name). */
static char *join_strings(struct arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	size_t n = 0;
	for (const char *p = fmt; *p; p++)
		if (*p == '%') {
			n += strlen(string_arg(va_arg(copy, const char *)));
			p++;
		} else {
			n++;
		}
	va_end(copy);
	if (n == SIZE_MAX)
		out_of_memory(n);
	char *out = arena_take(a, n + 1, 1), *q = out;
	for (const char *p = fmt; *p; p++)
		if (*p == '%') {
			const char *arg = string_arg(va_arg(ap, const char *));
			size_t len = strlen(arg);
			memcpy(q, arg, len);
			q += len;
			p++;
		} else {
			*q++ = *p;
		}
	*q = '\0';
	return out;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	if (only_strings(fmt))
		return join_strings(a, fmt, ap);
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *p = arena_take(a, (size_t)n + 1, 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void textbuf_append(struct textbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void textbuf_puts(struct textbuf *b, const char *s)
{
	textbuf_append(b, s, strlen(s));
}

void textbuf_free(struct textbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
