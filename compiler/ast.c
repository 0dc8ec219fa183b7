/* ast.c: arena constructors for the syntax tree and its S-expression dump. */
#include "ast.h"

#include <stdlib.h>
#include <string.h>

struct ast_arg *ast_new_arg(struct rbdc_ctx *ctx, struct rbd_loc loc, enum ast_arg_kind kind, const char *text, uint32_t len)
{
	struct ast_arg *a = arena_alloc(&ctx->arena, sizeof *a);
	a->kind = kind;
	a->loc = loc;
	a->text = intern(&ctx->strings, text, len);
	a->len = len;
	return a;
}

struct ast_stmt *ast_new_stmt(struct rbdc_ctx *ctx, struct rbd_loc loc, const char *head, struct rbd_loc head_loc,
			      struct ast_arg_list args)
{
	struct ast_stmt *s = arena_alloc(&ctx->arena, sizeof *s);
	s->loc = loc;
	s->head = head;
	s->head_loc = head_loc;
	s->args = args.first;
	s->n_args = args.n;
	return s;
}

void ast_arg_append(struct ast_arg_list *list, struct ast_arg *arg)
{
	if (list->last)
		list->last->next = arg;
	else
		list->first = arg;
	list->last = arg;
	list->n++;
}

void ast_stmt_append(struct ast_stmt_list *list, struct ast_stmt *stmt)
{
	if (list->last)
		list->last->next = stmt;
	else
		list->first = stmt;
	list->last = stmt;
}

static void dump_stmts(struct textbuf *b, const struct ast_stmt *s, int depth)
{
	for (; s; s = s->next) {
		for (int i = 0; i < depth; i++)
			textbuf_puts(b, "  ");
		textbuf_puts(b, "(");
		textbuf_puts(b, s->head);
		for (const struct ast_arg *a = s->args; a; a = a->next) {
			textbuf_puts(b, a->after_comma ? ", " : " ");
			if (a->kind == ARG_STRING) {
				textbuf_puts(b, "\"");
				for (uint32_t i = 0; i < a->len; i++) {
					char c = a->text[i];
					if (c == '"' || c == '\\')
						textbuf_append(b, "\\", 1);
					if (c == '\n')
						textbuf_puts(b, "\\n");
					else
						textbuf_append(b, &c, 1);
				}
				textbuf_puts(b, "\"");
			} else {
				textbuf_append(b, a->text, a->len);
			}
		}
		if (s->has_block) {
			textbuf_puts(b, " {\n");
			dump_stmts(b, s->body, depth + 1);
			for (int i = 0; i < depth; i++)
				textbuf_puts(b, "  ");
			textbuf_puts(b, "}");
		}
		textbuf_puts(b, ")\n");
	}
}

const char *ast_dump(struct rbdc_ctx *ctx, const struct ast_stmt *first)
{
	struct textbuf b = {0};
	dump_stmts(&b, first, 0);
	char *out = arena_strndup(&ctx->arena, b.data ? b.data : "", b.len);
	textbuf_free(&b);
	return out;
}
