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

struct dump_buf {
	char *data;
	size_t len, cap;
};

static void put(struct dump_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void puts_(struct dump_buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void dump_stmts(struct dump_buf *b, const struct ast_stmt *s, int depth)
{
	for (; s; s = s->next) {
		for (int i = 0; i < depth; i++)
			puts_(b, "  ");
		puts_(b, "(");
		puts_(b, s->head);
		for (const struct ast_arg *a = s->args; a; a = a->next) {
			puts_(b, a->after_comma ? ", " : " ");
			if (a->kind == ARG_STRING) {
				puts_(b, "\"");
				for (uint32_t i = 0; i < a->len; i++) {
					char c = a->text[i];
					if (c == '"' || c == '\\')
						put(b, "\\", 1);
					if (c == '\n')
						puts_(b, "\\n");
					else
						put(b, &c, 1);
				}
				puts_(b, "\"");
			} else {
				put(b, a->text, a->len);
			}
		}
		if (s->has_block) {
			puts_(b, " {\n");
			dump_stmts(b, s->body, depth + 1);
			for (int i = 0; i < depth; i++)
				puts_(b, "  ");
			puts_(b, "}");
		}
		puts_(b, ")\n");
	}
}

const char *ast_dump(struct rbdc_ctx *ctx, const struct ast_stmt *first)
{
	struct dump_buf b = {0};
	puts_(&b, "");
	dump_stmts(&b, first, 0);
	char *out = arena_strndup(&ctx->arena, b.data, b.len);
	free(b.data);
	return out;
}
