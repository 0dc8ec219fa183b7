/* rules.c: the rule table, whose order is the order of the diagnostics, and the helpers several rules share; the rules themselves live in rules_*.c, one file per subject. */
#include "rules_internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

void check_label(struct rbdc_ctx *ctx, const char *what, const char *name, struct rbd_loc loc, size_t max)
{
	const char *problem = value_dns_label_problem(name, max);
	if (!problem)
		return;
	if (strcmp(problem, "it is too long") == 0) {
		diag_report(ctx, DIAG_E008, loc, "%s name '%s' is too long: %zu characters, at most %zu fit every object made from it",
			    what, name, strlen(name), max);
		diag_note(ctx, NULL, "shorten it to %zu characters or fewer", max);
		return;
	}
	diag_report(ctx, DIAG_E008, loc, "%s name '%s' is not a DNS-1123 label: %s", what, name, problem);
	/* Offer the lower-case, dashed spelling when that one is valid. */
	char *fixed = arena_strdup(&ctx->arena, name);
	for (char *p = fixed; *p; p++)
		*p = *p == '_' || *p == '.' ? '-' : (char)tolower((unsigned char)*p);
	if (strcmp(fixed, name) != 0 && !value_dns_label_problem(fixed, max))
		diag_note(ctx, NULL, "did you mean '%s'?", fixed);
}

bool loc_before(const struct rbd_loc *a, const struct rbd_loc *b)
{
	return a->file != b->file ? a->file < b->file : a->start < b->start;
}

/* True when a statement was given in some form (misspelt, malformed, in the wrong block): its absence is not news. */
bool tried(const struct model *m, struct stmt_set attempted, enum stmt_id id)
{
	return stmt_set_has(&attempted, id) || stmt_set_has(&m->misplaced, id);
}

/* E021: an environment entry (an app's, a job's, an engine's) whose name or value the container cannot take. */
void check_env_entry(struct rule_ctx *rc, const struct env_var *e)
{
	if (!value_is_env_name(e->name.text))
		diag_report(rc->ctx, DIAG_E021, e->name.loc, "'%s' is not a portable environment variable name: use letters, digits and '_', not starting with a digit",
			    e->name.text);
	if (value_has_control(e->value.text, e->value.len))
		diag_report(rc->ctx, DIAG_E021, e->value.loc, "the value of '%s' holds a control character", e->name.text);
}

void check_user(struct rule_ctx *rc, const struct setting *user, const char *whose)
{
	if (user->set && !user->bad && user->num == 0) {
		diag_report(rc->ctx, DIAG_E016, user->loc, "%s would run as root (user 0)", whose);
		diag_note(rc->ctx, NULL, "use a non-zero UID such as 10001; every container runs as non-root");
	}
}

static void check_request_limit(struct rule_ctx *rc, const char *owner, const struct setting *request, const struct setting *limit,
				const char *what)
{
	if (!request->set || !limit->set || request->bad || limit->bad)
		return;
	if (value_quantity_number(request->text) <= value_quantity_number(limit->text))
		return;
	/* Point at whichever of the two the program wrote; the other may come from the stdlib. */
	bool request_here = !rc->ctx->sources[request->loc.file]->is_stdlib;
	const struct setting *at = request_here ? request : limit, *other = request_here ? limit : request;
	diag_report(rc->ctx, DIAG_E024, at->loc, "%s requests %s %s, more than its limit %s", owner, what, request->text, limit->text);
	if (rc->ctx->sources[other->loc.file]->is_stdlib)
		diag_note(rc->ctx, NULL, "the %s comes from the stdlib defaults; set '%s' in this block or in 'defaults { }'",
			  request_here ? "limit" : "request", request_here ? arena_printf(&rc->ctx->arena, "%s-limit", what) : what);
	else
		diag_note(rc->ctx, &other->loc, "the %s is set here", request_here ? "limit" : "request");
}

bool listed_twice(struct rule_ctx *rc, struct strmap *seen, const void *block, const char *what, const char *name,
		  const char *before, const char *item, const char *after, const struct rbd_loc *loc)
{
	size_t len;
	const char *key = pair_key(&rc->ctx->arena, block, item, &len); /* @item is interned */
	const struct rbd_loc *first = strmap_put_new(seen, key, len, (void *)loc);
	if (!first)
		return false;
	diag_report(rc->ctx, DIAG_E007, *loc, "%s '%s' lists %s'%s'%s twice", what, name, before, item, after);
	diag_note(rc->ctx, first, "first listed here");
	return true;
}

void check_resources_fit(struct rule_ctx *rc, const char *owner, const struct tunables *own, const struct tunables *def)
{
	check_request_limit(rc, owner, model_effective(&own->cpu, &def->cpu), model_effective(&own->cpu_limit, &def->cpu_limit), "cpu");
	check_request_limit(rc, owner, model_effective(&own->memory, &def->memory), model_effective(&own->memory_limit, &def->memory_limit),
			    "memory");
	check_request_limit(rc, owner, model_effective(&own->ephemeral_storage, &def->ephemeral_storage),
			    model_effective(&own->ephemeral_storage_limit, &def->ephemeral_storage_limit), "ephemeral-storage");
}

/* True when @own is the default @fallback that model_resolve copied in, not a statement of the block itself. */
bool inherited(const struct setting *own, const struct setting *fallback)
{
	return own->loc.file == fallback->loc.file && own->loc.start == fallback->loc.start;
}

/* The store or app (not @self) closest in spelling to @name, or NULL; only runs on an error. */
const char *closest_peer(const struct model *m, const struct app *self, const char *name)
{
	const char *best = NULL;
	unsigned best_distance = value_edit_allowance(strlen(name)) + 1;
	for (const struct store *s = m->stores; s; s = s->next) {
		unsigned d = value_edit_distance(name, s->name);
		if (d < best_distance) {
			best = s->name;
			best_distance = d;
		}
	}
	for (const struct app *a = m->apps; a; a = a->next) {
		unsigned d = a == self ? UINT32_MAX : value_edit_distance(name, a->name);
		if (d < best_distance) {
			best = a->name;
			best_distance = d;
		}
	}
	return best;
}

/* True when a store or app is declared as @name in other letter case with a name E008 refuses. */
bool misspelt_declaration(const struct model *m, const char *name)
{
	for (const struct store *s = m->stores; s; s = s->next)
		if (strcasecmp(s->name, name) == 0 && value_dns_label_problem(s->name, 63))
			return true;
	for (const struct app *a = m->apps; a; a = a->next)
		if (strcasecmp(a->name, name) == 0 && value_dns_label_problem(a->name, 63))
			return true;
	return false;
}

/* True when a top-level statement that is not `app` or `store` names @name first (a misspelt `stoer minio { }`). */
bool named_by_unknown_statement(const struct ast_stmt *program, const char *name)
{
	for (const struct ast_stmt *st = program; st; st = st->next)
		if (st->args && st->args->kind == ARG_WORD && strcmp(st->args->text, name) == 0 && !schema_find(SCOPE_TOP, st->head))
			return true;
	return false;
}

static void (*const rules[])(struct rule_ctx *) = {
	rule_names,        rule_derived_names, rule_app_required, rule_paths, rule_secret_refs, rule_secret_decls, rule_plaintext_secrets,
	rule_values,       rule_root,         rule_ingress, rule_stores,     rule_resources,    rule_namespace,      rule_images,
	rule_config_values, rule_uses, rule_pod_count, rule_env_sources, rule_unused_secrets, rule_replicas, rule_no_effect, rule_unused_stores, rule_vault_connection,
	rule_probe_tolerance, rule_body_limits,
	rule_app_shape,
	rule_jobs, rule_shared_images,
	rule_engines,
	rule_hosts, rule_gateway,
};

void rules_check(struct rbdc_ctx *ctx, const struct model *m, const struct ast_stmt *program)
{
	struct rule_ctx rc = {ctx, m, program};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0] && !diag_limit_reached(ctx); i++)
		rules[i](&rc);
}
