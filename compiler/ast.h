/* ast.h: the syntax tree: every statement is a head word, arguments and an optional block (see grammar/rbd.y). */
#ifndef RBDC_AST_H
#define RBDC_AST_H

#include "rbdc.h"

enum ast_arg_kind { ARG_WORD, ARG_STRING, ARG_PATH };

/* The fields of both nodes are ordered so that they pack without padding (40 and 80 bytes): a program of 10,000
   apps has some 200,000 of them. */
struct ast_arg {
	const char *text; /* owned by the ctx arena; strings are unescaped and never contain NUL */
	struct ast_arg *next;
	struct rbd_loc loc;
	uint32_t len;
	enum ast_arg_kind kind;
	bool after_comma; /* written as `a, b`: only list statements accept commas */
};

struct ast_stmt {
	const char *head;        /* interned in ctx->strings */
	struct ast_arg *args;
	struct ast_stmt *body;    /* statements of the block, in source order */
	struct ast_stmt *next;
	struct rbd_loc loc;      /* from the head word to the end of the block or last argument */
	struct rbd_loc head_loc;
	struct rbd_loc block_loc; /* the opening bracket */
	uint32_t n_args;
	bool has_block;
};

/* Lists under construction in the parser: first and last so appends are O(1). */
struct ast_arg_list {
	struct ast_arg *first, *last;
	uint32_t n;
};

struct ast_stmt_list {
	struct ast_stmt *first, *last;
};

struct ast_arg *ast_new_arg(struct rbdc_ctx *ctx, struct rbd_loc loc, enum ast_arg_kind kind, const char *text, uint32_t len);
struct ast_stmt *ast_new_stmt(struct rbdc_ctx *ctx, struct rbd_loc loc, const char *head, struct rbd_loc head_loc,
			      struct ast_arg_list args);
void ast_arg_append(struct ast_arg_list *list, struct ast_arg *arg);
void ast_stmt_append(struct ast_stmt_list *list, struct ast_stmt *stmt);

/** ast_dump - the tree as S-expressions, one statement per line (for the parser's tests); arena-owned */
const char *ast_dump(struct rbdc_ctx *ctx, const struct ast_stmt *first);

#endif
