/* testutil_frontend.h: extra helpers of the front-end unit tests: parsing strings, finding and placing diagnostics. */
#ifndef RBDC_TESTUTIL_FRONTEND_H
#define RBDC_TESTUTIL_FRONTEND_H

#include "testutil.h"

#include "ast.h"
#include "parse.h"

/* Adds @len bytes of @text as source "test.rbd" and parses it alone (no stdlib); returns the statements. */
static inline struct ast_stmt *parse_bytes(struct rbdc_ctx *ctx, const char *text, size_t len, uint32_t *n_syntax_errors)
{
	uint32_t file = source_add(ctx, "test.rbd", text, len, false);
	return parse_source(ctx, file, n_syntax_errors);
}

/* ast_dump of @text parsed alone; the number of syntax errors goes to @n_syntax_errors when it is not NULL. */
static inline const char *parse_dump(struct rbdc_ctx *ctx, const char *text, uint32_t *n_syntax_errors)
{
	uint32_t ignored;
	struct ast_stmt *stmts = parse_bytes(ctx, text, strlen(text), n_syntax_errors ? n_syntax_errors : &ignored);
	return ast_dump(ctx, stmts);
}

/* The first queued diagnostic with @code, in report order, or NULL. */
static inline const struct diag *first_diag(const struct rbdc_ctx *ctx, enum diag_code code)
{
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		if (d->code == code)
			return d;
	return NULL;
}

/* "line:col" of @loc's start, as the renderer prints it; arena-owned. */
static inline const char *loc_position(struct rbdc_ctx *ctx, struct rbd_loc loc)
{
	uint32_t line, col;
	source_position(ctx->sources[loc.file], loc.start, &line, &col);
	return arena_printf(&ctx->arena, "%u:%u", line, col);
}

/* "line:col" of the first diagnostic with @code, or "none" when there is none; arena-owned. */
static inline const char *code_position(struct rbdc_ctx *ctx, enum diag_code code)
{
	const struct diag *d = first_diag(ctx, code);
	return d ? loc_position(ctx, d->loc) : "none";
}

/* The source text under @loc; arena-owned. */
static inline const char *loc_text(struct rbdc_ctx *ctx, struct rbd_loc loc)
{
	const struct source *src = ctx->sources[loc.file];
	assert_true(loc.start <= loc.end && loc.end <= src->len);
	return arena_strndup(&ctx->arena, src->text + loc.start, loc.end - loc.start);
}

/* Every queued diagnostic as "CODE line:col", one a line, in report order; arena-owned. */
static inline const char *diag_summary(struct rbdc_ctx *ctx)
{
	const char *out = "";
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		out = arena_printf(&ctx->arena, "%s%s %s\n", out, diag_code_info(d->code)->name, loc_position(ctx, d->loc));
	return out;
}

#endif
