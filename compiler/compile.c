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

int compile_source(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct compilation *out)
{
	memset(out, 0, sizeof *out);
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
	if (len > SOURCE_MAX_BYTES) {
		uint32_t file = source_add(ctx, name, "", 0, false);
		struct rbd_loc at = {file, 0, 0};
		return diag_report(ctx, DIAG_E023, at, "the file is %zu bytes; rbdc reads at most %d", len, SOURCE_MAX_BYTES);
	}
	uint32_t file = source_add(ctx, name, text, len, false);
	if (check_limits(ctx, file))
		return -1;
	uint32_t n = 0;
	out->program = parse_source(ctx, file, &n);
	syntax_errors += n;
	if (syntax_errors || diag_has_errors(ctx))
		return -1; /* a broken tree would only produce follow-on errors */
	/* After the gate: with -Werror a bad allow comment must not stop the checks it is about. */
	diag_read_allows(ctx, file);
	model_build(ctx, &out->model, stdlib_first, out->program);
	out->model.source_name = ctx->sources[file]->name;
	model_resolve(ctx, &out->model);
	if (!diag_limit_reached(ctx))
		rules_check(ctx, &out->model, out->program);
	diag_check_allows(ctx);
	return diag_has_errors(ctx) ? -1 : 0;
}
