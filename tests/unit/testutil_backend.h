/* testutil_backend.h: helpers of the back-end unit tests: diagnostics by code and position, edited programs, object-tree walks. */
#ifndef RBDC_TESTUTIL_BACKEND_H
#define RBDC_TESTUTIL_BACKEND_H

#include "testutil.h"

#include "lower.h"
#include "ytree.h"

/* True when a diagnostic of @code points at @line:@col of the user's file (the last source added). */
static inline int has_code_at(const struct rbdc_ctx *ctx, enum diag_code code, unsigned line, unsigned col)
{
	for (const struct diag *d = ctx->diags.head; d; d = d->next) {
		if (d->code != code || d->loc.file != ctx->n_sources - 1)
			continue;
		uint32_t l, c;
		source_position(ctx->sources[d->loc.file], d->loc.start, &l, &c);
		if (l == line && c == col)
			return 1;
	}
	return 0;
}

#define assert_code_at(ctx, code, line, col)                                                                   \
	do {                                                                                                   \
		if (!has_code_at((ctx), (code), (line), (col)))                                                \
			fail_msg("expected %s at %u:%u; got:\n%s", diag_code_info(code)->name, (unsigned)(line), \
				 (unsigned)(col), rendered_diags(ctx));                                        \
	} while (0)

#define assert_no_code(ctx, code)                                                                              \
	do {                                                                                                   \
		if (has_code((ctx), (code)))                                                                   \
			fail_msg("unexpected %s; got:\n%s", diag_code_info(code)->name, rendered_diags(ctx));  \
	} while (0)

#define assert_no_diags(ctx)                                                                                   \
	do {                                                                                                   \
		if ((ctx)->diags.head)                                                                         \
			fail_msg("expected no diagnostics; got:\n%s", rendered_diags(ctx));                    \
	} while (0)

/* @base with @from (which must occur exactly once) replaced by @to; arena-owned. */
static inline const char *edit_once(struct rbdc_ctx *ctx, const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	if (!at)
		fail_msg("edit: '%s' is not in the program", from);
	if (strstr(at + 1, from))
		fail_msg("edit: '%s' occurs more than once", from);
	return arena_printf(&ctx->arena, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
}

/* @base with every pair of @edits (from, to, from, to, ..., NULL) applied in turn. */
static inline const char *edit_all(struct rbdc_ctx *ctx, const char *base, const char *const *edits)
{
	const char *text = base;
	for (size_t i = 0; edits && edits[i]; i += 2)
		text = edit_once(ctx, text, edits[i], edits[i + 1]);
	return text;
}

/* Compiles VALID_PROGRAM edited by the pairs of @edits (NULL-terminated); returns compile_source's result. */
static inline int compile_edited(struct rbdc_ctx *ctx, const char *const *edits, struct compilation *c)
{
	return compile_text(ctx, edit_all(ctx, VALID_PROGRAM, edits), c);
}

/* Like compile_edited, as `rbdc check` does it: the base program, then each of its environments. */
static inline int check_edited(struct rbdc_ctx *ctx, const char *const *edits, struct compilation *c)
{
	const char *text = edit_all(ctx, VALID_PROGRAM, edits);
	struct parsed_program p;
	int rc = compile_parse(ctx, "test.rbd", text, strlen(text), &p);
	rc |= compile_model(ctx, &p, NULL, c);
	for (const struct environ_decl *e = p.envs.first; e; e = e->next) {
		struct compilation of_env;
		rc |= compile_model(ctx, &p, e, &of_env);
	}
	rc |= compile_finish(ctx, &p);
	return rc ? -1 : 0;
}

/* The node reached from @n by the keys that follow ("#N" picks item N of a sequence), ending with NULL. */
static inline const struct ynode *y_walk(const struct ynode *n, ...)
{
	va_list ap;
	va_start(ap, n);
	for (const char *key = va_arg(ap, const char *); key && n; key = va_arg(ap, const char *)) {
		if (key[0] == '#') {
			if (n->kind != Y_SEQ) {
				n = NULL;
				break;
			}
			long i = strtol(key + 1, NULL, 10);
			const struct ynode *item = n->first;
			while (item && i-- > 0)
				item = item->next;
			n = item;
		} else {
			n = n->kind == Y_MAP ? y_get(n, key) : NULL;
		}
	}
	va_end(ap);
	return n;
}

/* The string at the end of the walk, or NULL when there is none (or it is not a string). */
#define y_walk_str(n, ...) y_node_str(y_walk((n), __VA_ARGS__, (const char *)NULL))
static inline const char *y_node_str(const struct ynode *n)
{
	return n && n->kind == Y_STR ? n->str : NULL;
}

/* Number of children of a map or sequence (0 for NULL). */
static inline size_t y_len(const struct ynode *n)
{
	size_t k = 0;
	for (const struct ynode *c = n ? n->first : NULL; c; c = c->next)
		k++;
	return k;
}

/* A deep copy of @n, keys and strings included, into @a: the lowering's trees live only during the sink call. */
static inline struct ynode *y_clone(struct arena *a, const struct ynode *n)
{
	struct ynode *copy = arena_alloc(a, sizeof *copy);
	copy->kind = n->kind;
	copy->num = n->num;
	copy->key = n->key ? arena_strdup(a, n->key) : NULL;
	copy->str = n->str ? arena_strdup(a, n->str) : NULL;
	for (const struct ynode *c = n->first; c; c = c->next) {
		struct ynode *cc = y_clone(a, c);
		if (copy->last)
			copy->last->next = cc;
		else
			copy->first = cc;
		copy->last = cc;
	}
	return copy;
}

/* True when some map under @n (at any depth) has the key @key. */
static inline int y_has_key_anywhere(const struct ynode *n, const char *key)
{
	if (n->key && strcmp(n->key, key) == 0)
		return 1;
	for (const struct ynode *c = n->first; c; c = c->next)
		if (y_has_key_anywhere(c, key))
			return 1;
	return 0;
}

#endif
