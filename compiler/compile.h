/* compile.h: the pipeline driver: source text → checked model → objects, for the CLI, the tests and the fuzzers. */
#ifndef RBDC_COMPILE_H
#define RBDC_COMPILE_H

#include "environ.h"
#include "lower.h"
#include "model.h"

/* Bounds on the input, so every run is bounded in time and memory (errors E023). */
/* A compilation holds about 30 bytes per input byte (syntax tree, model, one object tree at a time), 40 for the
   densest inputs tested (tests/scale): 64 MiB bounds a run at about 2.5 GiB, and 100,000 apps take 19 MB. */
enum { SOURCE_MAX_BYTES = 64 * 1024 * 1024, SOURCE_MAX_LINE = 64 * 1024 };
/* Kubernetes caps an object at about 1.5 MiB, so no real list (keys, secrets, buckets) comes near this. */
enum { STATEMENT_MAX_ARGS = 10000 };

struct compilation {
	struct model model;
	const struct ast_stmt *program; /* the user's statements */
};

/** compile_source - parse and check @len bytes of @text named @name; 0 when the program may be lowered */
int compile_source(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct compilation *out);

/* One parse serves the base program and each of its environments. */
struct parsed_program {
	const struct ast_stmt *stdlib;
	const struct ast_stmt *program; /* as written, environment blocks included */
	uint32_t file;
	struct environ_list envs;
	bool broken; /* syntax errors or limits: no model is built (it would only add follow-on errors) */
};

/** compile_parse - read the stdlib and @text, and collect its environment blocks; 0 when models may be built */
int compile_parse(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct parsed_program *p);
/** compile_model - check the program as environment @env sees it (NULL: the base); its diagnostics carry the
    environment's name. 0 when it may be lowered and the ctx has no errors. */
int compile_model(struct rbdc_ctx *ctx, const struct parsed_program *p, const struct environ_decl *env, struct compilation *out);
/** compile_finish - after the last compile_model of @p: the checks of the whole file (`# rbdc: allow` comments that
    silenced nothing in any environment); returns non-zero when the file has errors */
int compile_finish(struct rbdc_ctx *ctx, const struct parsed_program *p);

#endif
