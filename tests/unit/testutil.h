/* testutil.h: shared helpers of the cmocka unit tests: a fresh context per test, compiling strings, capturing diagnostics. */
#ifndef RBDC_TESTUTIL_H
#define RBDC_TESTUTIL_H

/* cmocka needs these before <cmocka.h>. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "diag.h"

static inline int ctx_setup(void **state)
{
	struct rbdc_ctx *ctx = malloc(sizeof *ctx);
	rbdc_ctx_init(ctx);
	*state = ctx;
	return 0;
}

static inline int ctx_teardown(void **state)
{
	rbdc_ctx_fini(*state);
	free(*state);
	return 0;
}

/* The rendered diagnostics of @ctx, as the CLI would print them without colour; arena-owned. */
static inline const char *rendered_diags(struct rbdc_ctx *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_render(ctx, f);
	fclose(f);
	char *copy = arena_strndup(&ctx->arena, buf ? buf : "", len);
	free(buf);
	return copy;
}

/* Compiles @text as "test.rbd"; returns compile_source's result. */
static inline int compile_text(struct rbdc_ctx *ctx, const char *text, struct compilation *c)
{
	return compile_source(ctx, "test.rbd", text, strlen(text), c);
}

/* True when some queued diagnostic has @code. */
static inline int has_code(const struct rbdc_ctx *ctx, enum diag_code code)
{
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		if (d->code == code)
			return 1;
	return 0;
}

/* How many queued diagnostics have @code. */
static inline unsigned count_code(const struct rbdc_ctx *ctx, enum diag_code code)
{
	unsigned n = 0;
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		n += d->code == code;
	return n;
}

/* How many diagnostics are queued, of any code. */
static inline unsigned count_diags(const struct rbdc_ctx *ctx)
{
	unsigned n = 0;
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		n++;
	return n;
}

/* A complete, valid program that tests modify one statement of. */
#define VALID_PROGRAM                                                          \
	"project shop\n"                                                       \
	"domain shop.example.com\n"                                            \
	"registry ghcr.io/acme\n"                                              \
	"tag \"1.0.0\"\n"                                                      \
	"vault { auth shop; mount kv }\n"                                      \
	"secret web-env from vault \"shop/web\" { keys DATABASE_URL }\n"       \
	"app web { image; port 8000; health /healthz; secrets web-env; route / }\n" \
	"ingress { tls letsencrypt-prod }\n"

#endif
