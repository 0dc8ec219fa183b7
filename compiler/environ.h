/* environ.h: environment blocks: named overrides of the base program, merged into its syntax tree before the model. */
#ifndef RBDC_ENVIRON_H
#define RBDC_ENVIRON_H

#include "ast.h"

struct environ_decl {
	const char *name; /* interned */
	struct rbd_loc name_loc;
	const struct ast_stmt *stmt; /* the `environment NAME { ... }` statement */
	struct environ_decl *next;
};

struct environ_list {
	struct environ_decl *first, *last;
	uint32_t n;
};

/** environ_collect - the program's environment blocks in source order; a malformed or repeated one is reported
    (errors queued) and left out */
void environ_collect(struct rbdc_ctx *ctx, const struct ast_stmt *program, struct environ_list *out);
/** environ_find - the environment named @name, or NULL */
const struct environ_decl *environ_find(const struct environ_list *envs, const char *name);
/** environ_names - the environments' names, comma-separated, or "none" (arena-owned) */
const char *environ_names(struct rbdc_ctx *ctx, const struct environ_list *envs);
/** environ_program - the program as environment @env sees it: the base's statements without the environment
    blocks, @env's overrides merged in (@env NULL: the base alone). Merge errors are queued. The base tree is not
    changed, so one parse serves every environment. */
const struct ast_stmt *environ_program(struct rbdc_ctx *ctx, const struct ast_stmt *program, const struct environ_list *envs,
				       const struct environ_decl *env);

#endif
