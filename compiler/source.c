/* source.c: compilation context and the in-memory sources, with a line table for offset → line:column. */
#include "rbdc.h"

#include <string.h>

#include "diag.h"

void rbdc_ctx_init(struct rbdc_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	arena_init(&ctx->arena);
	strmap_init(&ctx->strings, &ctx->arena);
	ctx->opts.max_errors = 20;
	ctx->opts.color = COLOR_NEVER;
}

void rbdc_ctx_fini(struct rbdc_ctx *ctx)
{
	arena_fini(&ctx->arena);
	memset(ctx, 0, sizeof *ctx);
}

uint32_t line_starts_fill(const char *text, size_t len, uint32_t *starts)
{
	/* memchr finds the line ends a vector at a time; this runs over the stdlib too on every compile. */
	uint32_t n = 1;
	if (starts)
		starts[0] = 0;
	const char *end = text + len;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (starts)
			starts[n] = (uint32_t)(p - text + 1);
		n++;
	}
	return n;
}

uint32_t line_index(const uint32_t *starts, uint32_t n, uint32_t offset)
{
	uint32_t lo = 0, hi = n;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

uint32_t source_add(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, bool is_stdlib)
{
	if (ctx->n_sources == ctx->cap_sources) {
		uint32_t cap = ctx->cap_sources ? ctx->cap_sources * 2 : 4;
		struct source **grown = arena_alloc_array(&ctx->arena, cap, sizeof *grown);
		if (ctx->n_sources)
			memcpy(grown, ctx->sources, ctx->n_sources * sizeof *grown);
		ctx->sources = grown;
		ctx->cap_sources = cap;
	}
	struct source *src = arena_alloc(&ctx->arena, sizeof *src);
	src->name = arena_strdup(&ctx->arena, name);
	src->text = arena_strndup(&ctx->arena, text, len);
	src->len = (uint32_t)len; /* the driver refuses inputs over SOURCE_MAX_BYTES before this */
	src->is_stdlib = is_stdlib;

	src->n_lines = line_starts_fill(text, len, NULL);
	src->line_starts = arena_alloc_array(&ctx->arena, src->n_lines, sizeof *src->line_starts);
	line_starts_fill(text, len, src->line_starts);

	ctx->sources[ctx->n_sources] = src;
	return ctx->n_sources++;
}

void source_position(const struct source *src, uint32_t offset, uint32_t *line, uint32_t *col)
{
	if (offset > src->len)
		offset = src->len;
	uint32_t lo = line_index(src->line_starts, src->n_lines, offset);
	*line = lo + 1;
	*col = offset - src->line_starts[lo] + 1;
}
