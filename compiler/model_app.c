/* model_app.c: the statements of an app block: env, uses, health, probe timings, scratch, autoscale, and the app declaration itself. */
#include "model_internal.h"

#include <string.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

static void read_env(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	read_env_into(r, st, app, &app->env, &app->env_tail);
}

/* health /PATH | tcp | exec "COMMAND" | none: which probes the app gets (E061 for anything else). */
static void read_health(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	struct setting *s = &app->health;
	const struct ast_arg *form = st->args, *command = form->next;
	if (claim(r, s, st))
		return;
	const char *problem = NULL;
	enum app_health kind = HEALTH_UNSET;
	if (form->kind == ARG_PATH)
		kind = command ? HEALTH_UNSET : HEALTH_HTTP;
	else if (form->kind == ARG_WORD && strcmp(form->text, "tcp") == 0)
		kind = command ? HEALTH_UNSET : HEALTH_TCP;
	else if (form->kind == ARG_WORD && strcmp(form->text, "none") == 0)
		kind = command ? HEALTH_UNSET : HEALTH_NONE;
	else if (form->kind == ARG_WORD && strcmp(form->text, "exec") == 0)
		kind = command ? HEALTH_EXEC : HEALTH_UNSET;
	if (kind == HEALTH_UNSET && command && command->kind == ARG_WORD && schema_find(r->scope, command->text)) {
		/* `health / spa`: the next statement read as an argument, a forgotten ';' */
		const struct stmt_spec *next = schema_find(r->scope, command->text);
		diag_report(r->ctx, DIAG_E004, command->loc, "'health %s' takes nothing after it; did you forget ';' before '%s'?", form->text,
			    command->text);
		diag_note(r->ctx, NULL, "statements end at ';' or a newline: health %s; %s", form->text, next->usage);
		stmt_set_add(r->attempted, next->id);
		s->bad = true;
		return;
	}
	if (kind == HEALTH_UNSET) {
		const struct ast_arg *at = form;
		if (form->kind == ARG_WORD && strcmp(form->text, "exec") == 0)
			problem = "'health exec' needs the command to run, in double quotes";
		else if (command && (form->kind == ARG_PATH || (form->kind == ARG_WORD && (!strcmp(form->text, "tcp") || !strcmp(form->text, "none"))))) {
			problem = arena_printf(&r->ctx->arena, "'health %s' takes nothing after it", form->text);
			at = command;
		} else if (form->kind == ARG_STRING && form->text[0] == '/')
			problem = "a health path is written bare, not in quotes";
		else if (form->kind == ARG_WORD && strchr(form->text, '/'))
			problem = arena_printf(&r->ctx->arena, "'%s' is not a health check: a health path starts with '/'", form->text);
		else
			problem = arena_printf(&r->ctx->arena, "'%s' is not a health check", form->text);
		s->bad = true;
		diag_report(r->ctx, DIAG_E061, at->loc, "%s", problem);
		diag_note(r->ctx, NULL, "write one of: health /healthz | health tcp | health exec \"COMMAND\" | health none");
		return;
	}
	setting_from_arg(s, kind == HEALTH_EXEC ? command : form);
	app->health_form = kind;
}

/* The per-app probe timings take the values the defaults take (read_defaults_stmt). */
static void read_probe_timing(struct reader *r, const struct ast_stmt *st, enum stmt_id id, struct app *app)
{
	switch (id) {
	case ST_PROBE_DELAY: read_duration(r, st, &app->probe_delay); return;
	case ST_PROBE_PERIOD: read_duration(r, st, &app->probe_period); return;
	case ST_PROBE_TIMEOUT: read_duration(r, st, &app->probe_timeout); return;
	case ST_PROBE_FAILURES: read_number(r, st, &app->probe_failures, 1, 100); return;
	case ST_LIVENESS_PERIOD: read_duration(r, st, &app->liveness_period); return;
	case ST_LIVENESS_FAILURES: read_number(r, st, &app->liveness_failures, 1, 100); return;
	case ST_STARTUP_FAILURES: read_number(r, st, &app->startup_failures, 1, 1000); return;
	default: return;
	}
}

/* scratch PATH, ...: the paths are checked by rules (E062, E063), which see them all. */
static void add_scratch(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_PATH, "absolute directory paths")) {
			diag_note(r->ctx, NULL, "write the directory from the root, like 'scratch /app/.next/cache'");
			continue;
		}
		struct scratch_path *p = arena_alloc(&r->ctx->arena, sizeof *p);
		setting_from_arg(&p->path, a);
		if (app->scratch_tail)
			app->scratch_tail->next = p;
		else
			app->scratch = p;
		app->scratch_tail = p;
		app->n_scratch++;
	}
}

/* The part [from, from + len) of argument @a, for a diagnostic that points inside one word. */
static struct rbd_loc arg_part(const struct ast_arg *a, uint32_t from, uint32_t len)
{
	struct rbd_loc l = {a->loc.file, a->loc.start + from, a->loc.start + from + len};
	return l;
}

/* One bound of `autoscale MIN..MAX`: a whole number from 1 to 1000 (the range of `replicas`), reported at its part. */
static int autoscale_bound(struct reader *r, const struct ast_arg *a, uint32_t from, uint32_t len, const char *which, int64_t *out)
{
	const char *text = arena_strndup(&r->ctx->arena, a->text + from, len);
	size_t digits = strspn(text, "0123456789");
	if (!len) {
		diag_report(r->ctx, DIAG_E091, arg_part(a, from, 0), "the range '%s' of 'autoscale' has no %s", a->text, which);
		diag_note(r->ctx, NULL, "write the range as MIN..MAX, like 'autoscale 3..10 cpu 70%%'");
		return -1;
	}
	if (digits != len || (text[0] == '0' && len > 1)) {
		diag_report(r->ctx, DIAG_E091, arg_part(a, from, len), "'%s' is not a whole number for the %s of 'autoscale'", text, which);
		diag_note(r->ctx, NULL, "write the range as MIN..MAX, like 'autoscale 3..10 cpu 70%%'");
		return -1;
	}
	if (len > 4 || !value_parse_int(text, 1, 1000, out)) {
		diag_report(r->ctx, DIAG_E091, arg_part(a, from, len), "the %s of 'autoscale' must be from 1 to 1000, not %s", which, text);
		diag_note(r->ctx, NULL, "%s", strcmp(which, "minimum") == 0 ? "the autoscaler always keeps at least one pod: start at 1"
									  : "more than 1000 pods is past what rbdc accepts for 'replicas' too");
		return -1;
	}
	return 0;
}

/* autoscale MIN..MAX cpu N%: the bounds and the CPU target, each error pointing at its part (E091). */
static void read_autoscale(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, struct app *app)
{
	if (check_shape(r, st, spec, 3, 3, false))
		return;
	if (app->autoscale.set) {
		diag_report(r->ctx, DIAG_E005, st->head_loc, "'autoscale' is already set");
		diag_note(r->ctx, &app->autoscale.loc, "first set here");
		return;
	}
	const struct ast_arg *range = st->args, *metric = range->next, *target = metric->next;
	app->autoscale.set = true;
	app->autoscale.bad = true; /* until every part has been read */
	app->autoscale.loc = st->head_loc;
	if (want_kind(r, st, range, K_WORD, "a range MIN..MAX") || want_kind(r, st, metric, K_WORD, "the metric cpu") ||
	    want_kind(r, st, target, K_WORD, "a percentage"))
		return;
	const char *dots = strstr(range->text, "..");
	if (!dots) {
		diag_report(r->ctx, DIAG_E091, range->loc, "'%s' is not a range of pod counts", range->text);
		diag_note(r->ctx, NULL, "write MIN..MAX, like 'autoscale 3..10 cpu 70%%'; for a fixed count write 'replicas N'");
		return;
	}
	uint32_t min_len = (uint32_t)(dots - range->text), max_from = min_len + 2;
	int64_t min, max, percent;
	if (autoscale_bound(r, range, 0, min_len, "minimum", &min) || autoscale_bound(r, range, max_from, range->len - max_from, "maximum", &max))
		return;
	if (max < min) {
		diag_report(r->ctx, DIAG_E091, arg_part(range, max_from, range->len - max_from),
			    "the maximum of 'autoscale' (%lld) is below its minimum (%lld)", (long long)max, (long long)min);
		diag_note(r->ctx, NULL, "write the smaller count first: 'autoscale %lld..%lld'", (long long)max, (long long)min);
		return;
	}
	if (strcmp(metric->text, "cpu") != 0) {
		diag_report(r->ctx, DIAG_E091, metric->loc, "'autoscale' scales on cpu, not '%s'", metric->text);
		diag_note(r->ctx, NULL, "%s", strcmp(metric->text, "memory") == 0
						      ? "memory use rarely falls when load does, so a memory target would scale up and never back down; write 'cpu N%'"
						      : "write 'autoscale MIN..MAX cpu N%'");
		return;
	}
	size_t digits = strspn(target->text, "0123456789");
	if (!digits || target->text[digits] != '%' || target->text[digits + 1]) {
		diag_report(r->ctx, DIAG_E091, target->loc, "'%s' is not a percentage", target->text);
		diag_note(r->ctx, NULL, "write the CPU the pods should use on average, as a share of their cpu request, like 70%%");
		return;
	}
	const char *number = arena_strndup(&r->ctx->arena, target->text, digits);
	if (digits > 3 || !value_parse_int(number, 1, 100, &percent)) {
		diag_report(r->ctx, DIAG_E091, arg_part(target, 0, (uint32_t)digits), "a CPU target of %s%% is outside 1%% to 100%% of the cpu request",
			    number);
		diag_note(r->ctx, NULL, "%s", number[0] == '0' && !number[1] ? "the autoscaler needs some load to aim for: 50% to 80% is usual"
									 : "above 100% the pods would use more than the CPU the scheduler reserved for them before scaling; raise 'cpu' instead");
		return;
	}
	app->autoscale.min = min;
	app->autoscale.max = max;
	app->autoscale.cpu_percent = percent;
	app->autoscale.bad = false;
}

void read_app_stmt(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_APP, &app->attempted);
	if (!spec)
		return;
	if (is_tunable(spec->id)) {
		read_tunable(r, st, spec, &app->tune);
		return;
	}
	if (spec->id == ST_SINGLETON) {
		if (!check_shape(r, st, spec, 0, 0, false) && !claim(r, &app->singleton, st)) {
			app->singleton.set = true;
			app->singleton.loc = st->head_loc;
		}
		return;
	}
	if (spec->id == ST_AUTOSCALE) {
		read_autoscale(r, st, spec, app);
		return;
	}
	switch (spec->id) {
	case ST_IMAGE:
		read_image(r, st, spec, &app->has_image, &app->image_loc, &app->image_ref, &app->image_of);
		return;
	case ST_PORT:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_number(r, st, &app->port, 1, 65535);
		return;
	case ST_MIGRATE:
		if (!check_command_shape(r, st, spec)) {
			struct argv_word *tail = NULL;
			read_command_into(r, st, &app->migrate, &app->migrate_argv, &tail);
		}
		return;
	case ST_COMMAND:
		if (!check_command_shape(r, st, spec))
			read_command(r, st, &app->command);
		return;
	case ST_HEALTH:
		if (st->n_args == 0 && !st->has_block)
			usage_error(r, st, spec, "needs an argument");
		else if (!check_shape(r, st, spec, 1, 2, false))
			read_health(r, st, app);
		return;
	case ST_ENV:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_env(r, st, app);
		return;
	case ST_SECRETS:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			add_name_refs(r, st, &app->secrets, &app->secrets_tail);
		return;
	case ST_ROUTE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_route(r, st, app, false);
		return;
	case ST_ROUTE_EXACT:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			read_route(r, st, app, true);
		return;
	case ST_BODY_LIMIT:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_body_limit(r, st, app);
		return;
	case ST_USES:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			read_uses_into(r, st, app, NULL, &app->uses, &app->uses_tail);
		return;
	case ST_HOST:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			read_hosts(r, st, app);
		return;
	case ST_S3_ACCESS_KEY:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &app->s3_access_key, K_WORD, "a key name");
		return;
	case ST_S3_SECRET_KEY:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &app->s3_secret_key, K_WORD, "a key name");
		return;
	case ST_SPA:
		if (!check_shape(r, st, spec, 0, 0, false) && !claim(r, &app->spa, st)) {
			app->spa.set = true;
			app->spa.loc = st->head_loc;
		}
		return;
	case ST_SCRATCH:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			add_scratch(r, st, app);
		return;
	case ST_SCRATCH_SIZE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_quantity(r, st, &app->scratch_size, QUANTITY_BYTES);
		return;
	case ST_PROBE_DELAY:
	case ST_PROBE_PERIOD:
	case ST_PROBE_TIMEOUT:
	case ST_PROBE_FAILURES:
	case ST_LIVENESS_PERIOD:
	case ST_LIVENESS_FAILURES:
	case ST_STARTUP_FAILURES:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_probe_timing(r, st, spec->id, app);
		return;
	default:
		return; /* the app scope has no other statements */
	}
}

void read_app(struct reader *r, const struct ast_stmt *st)
{
	struct rbd_loc name_loc;
	const char *name = decl_name(r, st, &name_loc);
	if (!name)
		return;
	struct app *app = arena_alloc(&r->ctx->arena, sizeof *app);
	app->name = name;
	app->loc = st->loc;
	app->name_loc = name_loc;
	bool fresh = register_name(r, &r->m->app_names, name, name_loc, "app", app, app_loc);
	if (fresh && strmap_get(&r->m->store_names, name, strlen(name))) {
		diag_report(r->ctx, DIAG_E007, name_loc, "app '%s' has the name of a store; their Services would collide", name);
		diag_note(r->ctx, store_loc(strmap_get(&r->m->store_names, name, strlen(name))), "the store is declared here");
		fresh = false;
	}
	read_block(r, st, SCOPE_APP, app);
	if (!fresh)
		return;
	if (r->m->apps_tail)
		r->m->apps_tail->next = app;
	else
		r->m->apps = app;
	r->m->apps_tail = app;
	r->m->n_apps++;
}
