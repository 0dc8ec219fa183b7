/* parse.c: drives the reentrant scanner and the pure parser over one in-memory source. */
#include "parse.h"

#include <stdlib.h>

#include "diag.h"
#include "rbd.tab.h"
#include "rbd.lex.h"

struct ast_stmt *parse_source(struct rbdc_ctx *ctx, uint32_t file, uint32_t *n_syntax_errors)
{
	const struct source *src = ctx->sources[file];
	struct lex_ctx lex = {.ctx = ctx, .file = file, .source = src->text, .stdlib = src->is_stdlib};
	struct parse_ctx pc = {.ctx = ctx, .lex = &lex};
	yyscan_t scanner;
	if (rbd_yylex_init_extra(&lex, &scanner) != 0) {
		fprintf(stderr, "rbdc: fatal: cannot create the scanner\n");
		abort();
	}
	YY_BUFFER_STATE buf = rbd_yy_scan_bytes(src->text, (int)src->len, scanner);
	int rc = rbd_yyparse(scanner, &pc);
	rbd_yy_delete_buffer(buf, scanner);
	rbd_yylex_destroy(scanner);
	free(lex.strbuf);
	ctx->sources[file]->comments = lex.comments;
	ctx->sources[file]->n_comments = lex.n_comments;
	if (rc != 0 && pc.n_syntax_errors == 0) {
		/* bison gave up (memory exhausted) without a message of its own */
		struct rbd_loc at = {file, src->len, src->len};
		diag_report(ctx, DIAG_E023, at, "the program is too deeply nested to parse");
		pc.n_syntax_errors++;
	}
	if (n_syntax_errors)
		*n_syntax_errors = pc.n_syntax_errors;
	return pc.root;
}
