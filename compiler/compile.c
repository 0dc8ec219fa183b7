/* compile.c: runs the front end over the stdlib and the program, then the model, resolution and rules, stopping at the first gate with errors. */
#include "compile.h"

#include <string.h>

#include "diag.h"
#include "parse.h"
#include "rules.h"
#include "stdlib_text.h"

/* Size, line length and UTF-8 limits are checked before the scanner sees the bytes. */
static int check_limits(struct rbdc_ctx *ctx, uint32_t file)
{
	const struct source *src = ctx->sources[file];
	for (uint32_t i = 0; i < src->n_lines; i++) {
		uint32_t start = src->line_starts[i];
		uint32_t end = i + 1 < src->n_lines ? src->line_starts[i + 1] : src->len;
		if (end - start > SOURCE_MAX_LINE) {
			struct rbd_loc at = {file, start + SOURCE_MAX_LINE, start + SOURCE_MAX_LINE};
			return diag_report(ctx, DIAG_E023, at, "line %u is longer than %d bytes", i + 1, SOURCE_MAX_LINE);
		}
	}
	return 0;
}

int compile_parse(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct parsed_program *p)
{
	memset(p, 0, sizeof *p);
	p->broken = true;
	struct ast_stmt *stdlib_first = NULL, *stdlib_last = NULL;
	uint32_t syntax_errors = 0;
	for (unsigned i = 0; i < stdlib_file_count; i++) {
		const struct stdlib_file *f = &stdlib_files[i];
		uint32_t file = source_add(ctx, f->name, f->text, strlen(f->text), true);
		uint32_t n = 0;
		struct ast_stmt *stmts = parse_source(ctx, file, &n);
		syntax_errors += n;
		/* Files follow each other: later ones override earlier ones like a program's own defaults do. */
		if (stdlib_last)
			stdlib_last->next = stmts;
		else
			stdlib_first = stmts;
		for (struct ast_stmt *s = stmts; s; s = s->next)
			stdlib_last = s;
	}
	p->stdlib = stdlib_first;
	if (len > SOURCE_MAX_BYTES) {
		uint32_t file = source_add(ctx, name, "", 0, false);
		struct rbd_loc at = {file, 0, 0};
		return diag_report(ctx, DIAG_E023, at, "the file is %zu bytes; rbdc reads at most %d", len, SOURCE_MAX_BYTES);
	}
	p->file = source_add(ctx, name, text, len, false);
	if (check_limits(ctx, p->file))
		return -1;
	uint32_t n = 0;
	p->program = parse_source(ctx, p->file, &n);
	syntax_errors += n;
	if (syntax_errors || diag_has_errors(ctx))
		return -1; /* a broken tree would only produce follow-on errors */
	p->broken = false;
	/* After the gate: with -Werror a bad allow comment must not stop the checks it is about. */
	diag_read_allows(ctx, p->file);
	environ_collect(ctx, p->program, &p->envs);
	return diag_has_errors(ctx) ? -1 : 0;
}

int compile_model(struct rbdc_ctx *ctx, const struct parsed_program *p, const struct environ_decl *env, struct compilation *out)
{
	memset(out, 0, sizeof *out);
	if (p->broken)
		return -1;
	diag_set_environment(ctx, env ? env->name : NULL);
	out->program = environ_program(ctx, p->program, &p->envs, env);
	model_build(ctx, &out->model, p->stdlib, out->program);
	const char *name = ctx->sources[p->file]->name;
	/* The header of every generated file says which environment it is, so two directories cannot be mixed up. */
	out->model.source_name = env ? arena_printf(&ctx->arena, "%s, environment %s", name, env->name) : name;
	model_resolve(ctx, &out->model);
	if (!diag_limit_reached(ctx))
		rules_check(ctx, &out->model, out->program);
	diag_set_environment(ctx, NULL);
	return diag_has_errors(ctx) ? -1 : 0;
}

int compile_finish(struct rbdc_ctx *ctx, const struct parsed_program *p)
{
	if (p->broken)
		return -1;
	diag_check_allows(ctx);
	return diag_has_errors(ctx) ? -1 : 0;
}

int compile_source(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct compilation *out)
{
	struct parsed_program p;
	int rc = compile_parse(ctx, name, text, len, &p);
	int model_rc = compile_model(ctx, &p, NULL, out);
	return rc || model_rc || compile_finish(ctx, &p) ? -1 : 0;
}
