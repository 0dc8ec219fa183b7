/* environ.c: the environment stage, between parse and model: one environment's overrides merged into the base tree. */
#include "environ.h"

#include <string.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

/*
 * Why a merge of syntax trees: the model, the rules and the lowering then see one ordinary program, so every check
 * runs on an environment exactly as on the base, every diagnostic points at the statement that is in effect (the
 * environment's line where it overrides, the base's line elsewhere), and a statement added to the language later
 * works inside environments without a line here.
 *
 * How one statement of an environment meets the base's statements of the same block:
 *   - a setting (`domain`, `replicas`, `role`, ...) replaces the base's statement of that name, or is added;
 *   - a named block (`app api`, `store minio`, `secret api-env`, `job NAME` ...) merges into the base's block of that
 *     kind and name, which must exist (E110); arguments after the name, when given, replace the base's
 *     (`secret api-env from vault "staging/api"` moves the secret, its keys stay);
 *   - a block without a name that the program has once (`vault`, `ingress`) merges into it, which must exist (E110);
 *     one the program may repeat (`defaults`) is added, and takes over the settings it names from the base's;
 *   - a keyed statement (`env NAME "VALUE"`) replaces the base's statement with the same key, or is added;
 *   - any other repeatable statement (`secrets`, `route`, `route-exact`, `uses`, `bucket`, `keys`) replaces the
 *     base's whole set of that statement in the block: what the environment lists is what it gets. Appending
 *     instead would leave no way to drop an item (staging without a route, with another secret), and a list
 *     that reads the same in both places would silently double.
 */

/* Statements whose first argument names what they set, so an environment overrides one of them at a time. */
static const char *const keyed_heads[] = {"env"};

enum merge_kind { MERGE_SETTING, MERGE_KEYED, MERGE_SET, MERGE_NAMED, MERGE_SINGLE_BLOCK, MERGE_GROUP };

struct merger {
	struct rbdc_ctx *ctx;
	const struct ast_stmt *program; /* the base, as written */
	const struct environ_decl *env;
};

/* A statement of the list being rebuilt: the original (or merged) statement, NULL once the environment removed it. */
struct work {
	const struct ast_stmt *stmt;
	const struct ast_stmt *base; /* the base statement it started as; NULL for one the environment added */
	struct work *next;
};

struct worklist {
	struct work *first, *last;
};

static bool is_environment(const struct ast_stmt *st)
{
	return strcmp(st->head, "environment") == 0;
}

static struct work *work_append(struct merger *mg, struct worklist *wl, const struct ast_stmt *st, const struct ast_stmt *base)
{
	struct work *w = arena_alloc(&mg->ctx->arena, sizeof *w);
	w->stmt = st;
	w->base = base;
	if (wl->last)
		wl->last->next = w;
	else
		wl->first = w;
	wl->last = w;
	return w;
}

static struct work *work_insert_after(struct merger *mg, struct worklist *wl, struct work *after, const struct ast_stmt *st)
{
	struct work *w = arena_alloc(&mg->ctx->arena, sizeof *w);
	w->stmt = st;
	w->next = after->next;
	after->next = w;
	if (wl->last == after)
		wl->last = w;
	return w;
}

/* The rebuilt list: shallow copies linked anew, so the base's own `next` pointers stay as they were. */
static struct ast_stmt *work_finish(struct merger *mg, const struct worklist *wl)
{
	struct ast_stmt *first = NULL, *last = NULL;
	for (const struct work *w = wl->first; w; w = w->next) {
		if (!w->stmt)
			continue;
		struct ast_stmt *copy = arena_alloc(&mg->ctx->arena, sizeof *copy);
		*copy = *w->stmt;
		copy->next = NULL;
		if (last)
			last->next = copy;
		else
			first = copy;
		last = copy;
	}
	return first;
}

static const char *first_arg(const struct ast_stmt *st)
{
	return st->args ? st->args->text : NULL;
}

static bool same_first_arg(const struct ast_stmt *a, const struct ast_stmt *b)
{
	return a->args && b->args && a->args->len == b->args->len && memcmp(a->args->text, b->args->text, a->args->len) == 0;
}

/* The same statement, word for word, without a block: an override that changes nothing (W055). */
static bool same_statement(const struct ast_stmt *a, const struct ast_stmt *b)
{
	if (strcmp(a->head, b->head) != 0 || a->n_args != b->n_args || a->has_block || b->has_block)
		return false;
	for (const struct ast_arg *x = a->args, *y = b->args; x && y; x = x->next, y = y->next)
		if (x->kind != y->kind || x->len != y->len || memcmp(x->text, y->text, x->len) != 0)
			return false;
	return true;
}

/* Inside blocks the scope is not known here (a `job` block may come from any stage), so a name that is repeatable
   in any block counts as repeatable: inside blocks the table uses each name one way throughout. Top-level rows are
   skipped: `engine` is a named block there but a setting of a store, which an environment must replace as one. */
static bool repeatable_anywhere(const char *head, bool *known, bool *takes_block)
{
	unsigned n;
	const struct stmt_spec *all = schema_all(&n);
	bool repeatable = false;
	*known = false;
	*takes_block = false;
	for (unsigned i = 0; i < n; i++)
		if (all[i].scope != SCOPE_TOP && strcmp(all[i].name, head) == 0) {
			*known = true;
			repeatable |= all[i].repeatable;
			*takes_block |= all[i].block == BLOCK_REQUIRED;
		}
	return repeatable;
}

static enum merge_kind classify(const struct ast_stmt *e, const struct stmt_spec *top_spec)
{
	bool known, block, repeatable;
	if (top_spec) {
		known = true;
		block = top_spec->block == BLOCK_REQUIRED;
		repeatable = top_spec->repeatable;
	} else {
		repeatable = repeatable_anywhere(e->head, &known, &block);
	}
	if (!known)
		block = e->has_block; /* the model reports the unknown statement; merge it where it would stand */
	if (block)
		return !repeatable ? MERGE_SINGLE_BLOCK : e->args ? MERGE_NAMED : MERGE_GROUP;
	if (!repeatable)
		return MERGE_SETTING;
	for (size_t i = 0; i < sizeof keyed_heads / sizeof keyed_heads[0]; i++)
		if (strcmp(e->head, keyed_heads[i]) == 0)
			return MERGE_KEYED;
	return MERGE_SET;
}

static struct ast_stmt *merge_list(struct merger *mg, const struct ast_stmt *base, const struct ast_stmt *env, bool top);

/* @base with @e's arguments (past the name, when given) and @e's block merged into its own. */
static const struct ast_stmt *merge_block(struct merger *mg, const struct ast_stmt *base, const struct ast_stmt *e, bool named)
{
	struct ast_stmt *copy = arena_alloc(&mg->ctx->arena, sizeof *copy);
	*copy = *base;
	if (e->n_args > (named ? 1u : 0u)) {
		copy->args = e->args;
		copy->n_args = e->n_args;
	}
	if (e->has_block) {
		if (!base->has_block) {
			copy->has_block = true;
			copy->block_loc = e->block_loc;
		}
		copy->body = merge_list(mg, base->body, e->body, false);
	}
	return copy;
}

/* @base without the statements that @e's block sets: a `defaults` block of the environment takes them over. */
static const struct ast_stmt *without_settings_of(struct merger *mg, const struct ast_stmt *base, const struct ast_stmt *e)
{
	struct worklist wl = {NULL, NULL};
	for (const struct ast_stmt *b = base->body; b; b = b->next) {
		bool taken = false;
		for (const struct ast_stmt *s = e->body; s && !taken; s = s->next)
			taken = strcmp(s->head, b->head) == 0;
		if (!taken)
			work_append(mg, &wl, b, b);
	}
	struct ast_stmt *copy = arena_alloc(&mg->ctx->arena, sizeof *copy);
	*copy = *base;
	copy->body = work_finish(mg, &wl);
	return copy;
}

static void report_unchanged(struct merger *mg, const struct ast_stmt *e, const struct ast_stmt *base)
{
	diag_report(mg->ctx, DIAG_W055, e->loc, "'%s' in environment '%s' is what the base program already says", e->head,
		    mg->env->name);
	diag_note(mg->ctx, &base->loc, "the base program's statement");
	diag_note(mg->ctx, NULL, "remove it from the environment: it changes nothing there");
}

/* The closest name among the base's blocks of @e's kind, for "did you mean". */
static const char *closest_block(const struct worklist *wl, const struct ast_stmt *e)
{
	const char *best = NULL;
	unsigned best_distance = value_edit_allowance(e->args->len) + 1;
	for (const struct work *w = wl->first; w; w = w->next) {
		if (!w->stmt || strcmp(w->stmt->head, e->head) != 0 || !w->stmt->args)
			continue;
		unsigned d = value_edit_distance(e->args->text, w->stmt->args->text);
		if (d < best_distance) {
			best = w->stmt->args->text;
			best_distance = d;
		}
	}
	return best;
}

/* The first word argument of the statement @head in a list of top-level statements, or NULL. */
static const struct ast_arg *namespace_arg(const struct ast_stmt *list, const char *head)
{
	const struct ast_arg *found = NULL;
	for (const struct ast_stmt *s = list; s; s = s->next)
		if (strcmp(s->head, head) == 0 && s->args && s->args->kind == ARG_WORD && !found)
			found = s->args;
	return found;
}

/* The top-level statements an environment may override, comma-separated (arena-owned). */
static const char *overridable_names(struct rbdc_ctx *ctx)
{
	unsigned n;
	const struct stmt_spec *all = schema_all(&n);
	const char *out = "";
	for (unsigned i = 0; i < n; i++)
		if (all[i].scope == SCOPE_TOP && all[i].id != ST_PROJECT && all[i].id != ST_ENVIRONMENT)
			out = arena_printf(&ctx->arena, "%s%s%s", out, *out ? ", " : "", all[i].name);
	return out;
}

/* Top-level statements an environment may not hold, or does not know; true when @e was reported. */
static bool refuse_at_top(struct merger *mg, const struct ast_stmt *e, const struct stmt_spec *spec)
{
	struct rbdc_ctx *ctx = mg->ctx;
	if (!spec) {
		const struct stmt_spec *other = schema_elsewhere(SCOPE_TOP, e->head);
		const struct stmt_spec *near = schema_suggest(SCOPE_TOP, e->head);
		if (other) {
			static const char *const opener[SCOPE_COUNT] = {
				[SCOPE_APP] = "app NAME", [SCOPE_STORE] = "store NAME", [SCOPE_VAULT] = "vault",
				[SCOPE_INGRESS] = "ingress", [SCOPE_DEFAULTS] = "defaults", [SCOPE_SECRET] = "secret NAME",
				[SCOPE_JOB] = "job NAME", [SCOPE_ENGINE] = "engine NAME", [SCOPE_GATEWAY] = "gateway"};
			diag_report(ctx, DIAG_E003, e->head_loc, "'%s' cannot stand directly in %s; it belongs in %s", e->head,
				    schema_scope_name(SCOPE_ENVIRONMENT), schema_scope_name(other->scope));
			diag_note(ctx, NULL, "an environment repeats the block it changes, as the base program writes it: `%s { %s }`",
				  opener[other->scope] ? opener[other->scope] : "BLOCK", other->usage);
		} else if (near) {
			diag_report(ctx, DIAG_E003, e->head_loc, "unknown statement '%s' in %s; did you mean '%s'?", e->head,
				    schema_scope_name(SCOPE_ENVIRONMENT), near->name);
			diag_note(ctx, NULL, "usage: %s", near->usage);
		} else {
			diag_report(ctx, DIAG_E003, e->head_loc, "unknown statement '%s' in %s", e->head,
				    schema_scope_name(SCOPE_ENVIRONMENT));
			diag_note(ctx, NULL, "an environment block overrides the top-level statements: %s", overridable_names(ctx));
		}
		return true;
	}
	if (spec->id == ST_PROJECT) {
		diag_report(ctx, DIAG_E111, e->head_loc, "environment '%s' cannot change 'project': it names every object, label and image",
			    mg->env->name);
		const struct ast_arg *project = namespace_arg(mg->program, "project");
		diag_note(ctx, NULL, "keep one project and give the environment a namespace of its own: `namespace %s-%s`",
			  project ? project->text : "PROJECT", mg->env->name);
		return true;
	}
	if (is_environment(e)) {
		diag_report(ctx, DIAG_E111, e->head_loc, "environment '%s' cannot hold another environment", mg->env->name);
		diag_note(ctx, NULL, "declare `environment %s { ... }` at the top level, beside `environment %s`",
			  first_arg(e) ? first_arg(e) : "NAME", mg->env->name);
		return true;
	}
	return false;
}

/* `ingress { }` and `gateway { }` are the two routing targets, and a program has one (E103). An environment that
   writes the one the base does not have switches to it: its block replaces the base's whole, since none of the
   other target's settings apply. Staging can then try the Gateway API before production does (ingress-nginx is
   retired upstream), a one-block change; without it the base's block would stay beside it. */
static bool switch_target(struct worklist *wl, const struct ast_stmt *e)
{
	const char *other = strcmp(e->head, "gateway") == 0 ? "ingress" : strcmp(e->head, "ingress") == 0 ? "gateway" : NULL;
	if (!other)
		return false;
	for (struct work *w = wl->first; w; w = w->next)
		if (w->stmt && strcmp(w->stmt->head, other) == 0) {
			w->stmt = e;
			return true;
		}
	return false;
}

/* A repeatable statement's set, replaced the first time the environment names it in this block. */
struct set_anchor {
	const char *head;
	struct work *last; /* where the environment's next statement of the set goes */
};

static struct ast_stmt *merge_list(struct merger *mg, const struct ast_stmt *base, const struct ast_stmt *env, bool top)
{
	struct rbdc_ctx *ctx = mg->ctx;
	struct worklist wl = {NULL, NULL};
	for (const struct ast_stmt *b = base; b; b = b->next)
		if (!(top && is_environment(b)))
			work_append(mg, &wl, b, b);
	size_t n_env = 0;
	for (const struct ast_stmt *e = env; e; e = e->next)
		n_env++;
	struct set_anchor *anchors = arena_alloc_array(&ctx->arena, n_env ? n_env : 1, sizeof *anchors);
	size_t n_anchors = 0;

	for (const struct ast_stmt *e = env; e; e = e->next) {
		if (diag_limit_reached(ctx))
			break;
		const struct stmt_spec *spec = top ? schema_find(SCOPE_TOP, e->head) : NULL;
		if (top && refuse_at_top(mg, e, spec))
			continue;
		enum merge_kind kind = classify(e, spec);
		struct work *match = NULL;
		for (struct work *w = wl.first; w && !match; w = w->next) {
			if (!w->stmt || strcmp(w->stmt->head, e->head) != 0)
				continue;
			if ((kind != MERGE_NAMED && kind != MERGE_KEYED) || same_first_arg(w->stmt, e))
				match = w;
		}
		switch (kind) {
		case MERGE_SETTING:
		case MERGE_KEYED:
			if (!match || !match->base || match->stmt != match->base) {
				/* new, or set twice in the environment itself: both stay, so the model reports E005 as in the base */
				work_append(mg, &wl, e, NULL);
			} else {
				if (match->base && same_statement(match->base, e))
					report_unchanged(mg, e, match->base);
				match->stmt = e;
			}
			break;
		case MERGE_SET: {
			struct set_anchor *a = NULL;
			for (size_t i = 0; i < n_anchors && !a; i++)
				if (strcmp(anchors[i].head, e->head) == 0)
					a = &anchors[i];
			if (a) {
				a->last = work_insert_after(mg, &wl, a->last, e);
				break;
			}
			a = &anchors[n_anchors++];
			a->head = e->head;
			for (struct work *w = wl.first; w; w = w->next)
				if (w != match && w->stmt && strcmp(w->stmt->head, e->head) == 0)
					w->stmt = NULL;
			if (match)
				match->stmt = e;
			a->last = match ? match : work_append(mg, &wl, e, NULL);
			break;
		}
		case MERGE_NAMED:
			if (match) {
				match->stmt = merge_block(mg, match->stmt, e, true);
				break;
			}
			diag_report(ctx, DIAG_E110, e->args->loc, "environment '%s' overrides %s '%s', which the base program does not declare",
				    mg->env->name, e->head, e->args->text);
			if (closest_block(&wl, e))
				diag_note(ctx, NULL, "did you mean %s '%s'?", e->head, closest_block(&wl, e));
			else if (strcmp(e->head, "engine") == 0)
				/* The stdlib's engines (redis, postgres) cannot be declared again (E007): the store is what varies. */
				diag_note(ctx, NULL, "an engine is declared outside every environment block; to run another server image here, set it on the store: `store NAME { image \"REF\" }`");
			else
				diag_note(ctx, NULL, "an environment only changes what the base program declares: declare `%s %s { ... }` outside every environment block",
					  e->head, e->args->text);
			break;
		case MERGE_SINGLE_BLOCK:
			if (match) {
				match->stmt = merge_block(mg, match->stmt, e, false);
			} else if (top && switch_target(&wl, e)) {
				/* the environment's routing target stands alone in place of the base's (see switch_target) */
			} else if (top) {
				diag_report(ctx, DIAG_E110, e->head_loc, "environment '%s' overrides the %s block, which the base program does not have",
					    mg->env->name, e->head);
				diag_note(ctx, NULL, "declare `%s { ... }` in the base program; an environment then changes the settings it needs",
					  e->head);
			} else {
				work_append(mg, &wl, e, NULL);
			}
			break;
		case MERGE_GROUP:
			for (struct work *w = wl.first; w; w = w->next)
				if (w->stmt && strcmp(w->stmt->head, e->head) == 0 && !w->stmt->args && w->stmt->has_block)
					w->stmt = without_settings_of(mg, w->stmt, e);
			work_append(mg, &wl, e, NULL);
			break;
		}
	}
	return work_finish(mg, &wl);
}

/* ---- namespaces ---- */

/* The namespace @env (NULL: the base) deploys into, as the program says it (rbdc -n is checked elsewhere). */
static const struct ast_arg *effective_namespace(const struct ast_stmt *program, const struct environ_decl *env)
{
	const struct ast_arg *own = env ? namespace_arg(env->stmt->body, "namespace") : NULL;
	if (own)
		return own;
	const struct ast_arg *base = namespace_arg(program, "namespace");
	return base ? base : namespace_arg(program, "project");
}

static bool same_arg(const struct ast_arg *a, const struct ast_arg *b)
{
	return a && b && a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* E113: one program's environments have the same object names (one project), so two in one namespace would
   overwrite each other's objects on every apply. */
static void check_namespace(struct rbdc_ctx *ctx, const struct ast_stmt *program, const struct environ_list *envs,
			    const struct environ_decl *env)
{
	const struct ast_arg *mine = effective_namespace(program, env);
	if (!mine || ctx->opts.namespace_override)
		return;
	const struct ast_arg *own = namespace_arg(env->stmt->body, "namespace");
	struct rbd_loc at = own ? own->loc : env->name_loc;
	const struct ast_arg *base = effective_namespace(program, NULL);
	if (same_arg(mine, base)) {
		diag_report(ctx, DIAG_E113, at, "environment '%s' deploys into namespace '%s', as the base program does: their objects have the same names",
			    env->name, mine->text);
		diag_note(ctx, &base->loc, "the base program's namespace comes from here");
		diag_note(ctx, NULL, "give the environment its own: `namespace %s-%s` in its block", mine->text, env->name);
		return;
	}
	for (const struct environ_decl *o = envs->first; o; o = o->next) {
		const struct ast_arg *theirs = o == env ? NULL : effective_namespace(program, o);
		if (!same_arg(mine, theirs))
			continue;
		diag_report(ctx, DIAG_E113, at, "environment '%s' deploys into namespace '%s', as environment '%s' does: their objects have the same names",
			    env->name, mine->text, o->name);
		diag_note(ctx, &theirs->loc, "environment '%s' names it here", o->name);
		diag_note(ctx, NULL, "give each environment its own namespace: `namespace %s-%s` in the block of '%s'", mine->text,
			  env->name, env->name);
		return;
	}
}

/* ---- the stage ---- */

void environ_collect(struct rbdc_ctx *ctx, const struct ast_stmt *program, struct environ_list *out)
{
	memset(out, 0, sizeof *out);
	const struct stmt_spec *spec = schema_find(SCOPE_TOP, "environment");
	for (const struct ast_stmt *st = program; st; st = st->next) {
		if (!is_environment(st))
			continue;
		const char *problem = !st->has_block	 ? "needs a block { ... }"
				      : st->n_args == 0	 ? "needs a name"
				      : st->n_args > 1	 ? "takes one name"
				      : st->args->kind != ARG_WORD ? "takes a name, not a string or path"
								   : NULL;
		if (problem) {
			diag_report(ctx, DIAG_E004, st->n_args > 1 ? st->args->next->loc : st->head_loc, "'environment' %s", problem);
			diag_note(ctx, NULL, "usage: %s", spec ? spec->usage : "environment NAME { ... }");
			continue;
		}
		const char *name = st->args->text;
		const char *bad = value_dns_label_problem(name, 63);
		if (bad) {
			diag_report(ctx, DIAG_E112, st->args->loc, "'%s' is not an environment name: %s", name, bad);
			diag_note(ctx, NULL, "name environments like namespaces: lower-case letters, digits and '-', starting with a letter (staging, eu-prod)");
			continue;
		}
		const struct environ_decl *first = environ_find(out, name);
		if (first) {
			diag_report(ctx, DIAG_E007, st->args->loc, "environment '%s' is declared twice", name);
			diag_note(ctx, &first->name_loc, "first declared here; put all of its overrides in one block");
			continue;
		}
		struct environ_decl *d = arena_alloc(&ctx->arena, sizeof *d);
		d->name = name;
		d->name_loc = st->args->loc;
		d->stmt = st;
		if (out->last)
			out->last->next = d;
		else
			out->first = d;
		out->last = d;
		out->n++;
	}
}

const struct environ_decl *environ_find(const struct environ_list *envs, const char *name)
{
	for (const struct environ_decl *d = envs->first; d; d = d->next)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

const char *environ_names(struct rbdc_ctx *ctx, const struct environ_list *envs)
{
	const char *out = envs->first ? "" : "none";
	for (const struct environ_decl *d = envs->first; d; d = d->next)
		out = arena_printf(&ctx->arena, "%s%s%s", out, d == envs->first ? "" : ", ", d->name);
	return out;
}

const struct ast_stmt *environ_program(struct rbdc_ctx *ctx, const struct ast_stmt *program, const struct environ_list *envs,
				       const struct environ_decl *env)
{
	struct merger mg = {ctx, program, env};
	if (!env) {
		bool any = false;
		for (const struct ast_stmt *s = program; s && !any; s = s->next)
			any = is_environment(s);
		return any ? merge_list(&mg, program, NULL, true) : program;
	}
	check_namespace(ctx, program, envs, env);
	return merge_list(&mg, program, env->stmt->body, true);
}
