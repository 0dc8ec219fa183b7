/* model.c: syntax tree → resolved model: statements checked against the schema, values typed, defaults layered. */
#include "model.h"

#include <string.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

struct reader {
	struct rbdc_ctx *ctx;
	struct model *m;
	struct stmt_set *attempted; /* of the block being read */
	enum scope scope;
};

const struct setting *model_effective(const struct setting *own, const struct setting *fallback)
{
	return own->set ? own : fallback;
}

static const char *arg_kind_name(enum ast_arg_kind kind)
{
	switch (kind) {
	case ARG_WORD: return "a word";
	case ARG_STRING: return "a string";
	case ARG_PATH: return "a path";
	}
	return "?";
}

static int usage_error(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, const char *what)
{
	diag_report(r->ctx, DIAG_E004, st->head_loc, "'%s' %s", st->head, what);
	diag_note(r->ctx, NULL, "usage: %s", spec->usage);
	return -1;
}

/* The shape every statement shares: argument count, commas only in lists, block present or not. */
static int check_shape(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, uint32_t min, uint32_t max,
		       bool list)
{
	if (spec->block == BLOCK_REQUIRED && !st->has_block)
		return usage_error(r, st, spec, "needs a block { ... }");
	if (spec->block == BLOCK_NONE && st->has_block)
		return usage_error(r, st, spec, "takes no block");
	if (st->n_args < min)
		return usage_error(r, st, spec, min == 1 && max == 1 ? "needs an argument" : "needs more arguments");
	if (st->n_args > max) {
		/* `image port 8080`: a statement word among the arguments is a forgotten ';'. */
		for (const struct ast_arg *a = st->args; a; a = a->next) {
			const struct stmt_spec *next = a->kind == ARG_WORD ? schema_find(r->scope, a->text) : NULL;
			if (next) {
				diag_report(r->ctx, DIAG_E004, a->loc, "'%s' takes %s; did you forget ';' before '%s'?", st->head,
					    max == 0 ? "no arguments" : max == 1 ? "one argument" : "fewer arguments", a->text);
				diag_note(r->ctx, NULL, "statements end at ';' or a newline: %s; %s", spec->usage, next->usage);
				stmt_set_add(r->attempted, next->id);
				return -1;
			}
		}
		const struct ast_arg *extra = st->args;
		for (uint32_t i = 0; i < max; i++)
			extra = extra->next;
		diag_report(r->ctx, DIAG_E004, extra->loc, "'%s' takes %s", st->head,
			    max == 0 ? "no arguments" : max == 1 ? "one argument" : "fewer arguments");
		diag_note(r->ctx, NULL, "usage: %s%s", spec->usage,
			  extra->kind == ARG_WORD && !list && strchr(spec->usage, '"') ? "; a value with spaces goes in double quotes" : "");
		return -1;
	}
	if (!list)
		for (const struct ast_arg *a = st->args; a; a = a->next)
			if (a->after_comma)
				return usage_error(r, st, spec, "takes a single value, not a list");
	/* `route-exact /a, /b,` then `body-limit 20Mi` on the next line: a list continues after a trailing ',', so
	   the next statement reads as items; one error at it, not one per word. */
	for (const struct ast_arg *a = list ? st->args : NULL; a; a = a->next) {
		const struct stmt_spec *next = a->kind == ARG_WORD && a->after_comma ? schema_find(r->scope, a->text) : NULL;
		if (next) {
			diag_report(r->ctx, DIAG_E001, a->loc, "'%s' reads as one more item of the '%s' list: the list before it ends with ','",
				    a->text, st->head);
			diag_note(r->ctx, NULL, "remove the trailing ',' so that '%s' starts a statement of its own", a->text);
			stmt_set_add(r->attempted, next->id);
			return -1;
		}
	}
	return 0;
}

static int want_kind(struct reader *r, const struct ast_stmt *st, const struct ast_arg *a, unsigned kinds, const char *what)
{
	if (kinds & (1u << a->kind))
		return 0;
	diag_report(r->ctx, DIAG_E004, a->loc, "'%s' takes %s, not %s", st->head, what, arg_kind_name(a->kind));
	/* Issue 12: say what to write instead. A quoted path or word loses its quotes; a number where a path belongs
	   (`health 6379`) is most likely the port. */
	bool digits = a->len > 0 && strspn(a->text, "0123456789") == a->len;
	if (a->kind == ARG_STRING && (kinds & (1u << ARG_PATH)) && a->text[0] == '/')
		diag_note(r->ctx, NULL, "write the path without quotes: %s %s", st->head, a->text);
	else if (a->kind == ARG_STRING && (kinds & (1u << ARG_WORD)) && a->len && !strpbrk(a->text, " \t;,{}<>#\"'"))
		diag_note(r->ctx, NULL, "write it without quotes: %s %s", st->head, a->text);
	else if (a->kind == ARG_WORD && (kinds & (1u << ARG_PATH)) && digits)
		diag_note(r->ctx, NULL, "'%s' takes the URL path the request goes to, not a port (the app's port is 'port N'): %s %s",
			  st->head, st->head, strcmp(st->head, "health") == 0 ? "/healthz" : "/");
	else if (a->kind == ARG_WORD && (kinds & (1u << ARG_PATH)))
		diag_note(r->ctx, NULL, "a path starts with '/': %s /%s", st->head, a->text);
	else if (kinds & (1u << ARG_STRING))
		diag_note(r->ctx, NULL, "put the value in double quotes: %s \"...\"", st->head);
	return -1;
}

#define K_WORD (1u << ARG_WORD)
#define K_STRING (1u << ARG_STRING)
#define K_PATH (1u << ARG_PATH)

static void setting_from_arg(struct setting *s, const struct ast_arg *a)
{
	s->set = true;
	s->text = a->text;
	s->len = a->len;
	s->num = 0;
	s->loc = a->loc;
}

/* One value per block: a second one in the same file is an error; a program's value replaces the stdlib's. */
static int claim(struct reader *r, struct setting *s, const struct ast_stmt *st)
{
	if (s->set && s->loc.file == st->loc.file) {
		diag_report(r->ctx, DIAG_E005, st->args ? st->args->loc : st->head_loc, "'%s' is already set", st->head);
		diag_note(r->ctx, &s->loc, "first set here");
		return -1;
	}
	return 0;
}

static int read_value(struct reader *r, const struct ast_stmt *st, struct setting *s, unsigned kinds, const char *what)
{
	if (claim(r, s, st) || want_kind(r, st, st->args, kinds, what))
		return -1;
	setting_from_arg(s, st->args);
	return 0;
}

static int read_number(struct reader *r, const struct ast_stmt *st, struct setting *s, int64_t lo, int64_t hi)
{
	if (read_value(r, st, s, K_WORD, "a number"))
		return -1;
	if (s->text[0] == '0' && s->text[1] >= '0' && s->text[1] <= '9') {
		s->bad = true;
		size_t zeros = strspn(s->text, "0");
		diag_report(r->ctx, DIAG_E009, s->loc, "'%s' has a leading zero, which some tools read as octal", s->text);
		diag_note(r->ctx, NULL, "write %s", s->text[zeros] ? s->text + zeros : "0");
		return -1;
	}
	if (!value_parse_int(s->text, lo, hi, &s->num)) {
		s->bad = true;
		return diag_report(r->ctx, DIAG_E009, s->loc, "'%s' must be a whole number from %lld to %lld, not '%s'", st->head,
				   (long long)lo, (long long)hi, s->text);
	}
	return 0;
}

static int read_duration(struct reader *r, const struct ast_stmt *st, struct setting *s)
{
	if (read_value(r, st, s, K_WORD, "a duration"))
		return -1;
	if (!value_parse_duration(s->text, &s->num)) {
		s->bad = true;
		size_t shape = strspn(s->text, "0123456789");
		if (shape && s->text[0] != '0' && s->text[shape] && strchr("smh", s->text[shape]) && !s->text[shape + 1]) {
			/* one number and one unit, but past what Kubernetes' int32 seconds fields hold */
			diag_report(r->ctx, DIAG_E020, s->loc, "'%s' is too long: durations go up to 2147483647s (about 68 years)", s->text);
			diag_note(r->ctx, NULL, "write a shorter duration, like 24h");
			return -1;
		}
		diag_report(r->ctx, DIAG_E020, s->loc, "'%s' is not a duration: write one number and one unit, like 30s, 5m or 1h",
			    s->text);
		int64_t days;
		size_t digits = strspn(s->text, "0123456789");
		if (digits && strcmp(s->text + digits, "d") == 0 &&
		    value_parse_int(arena_strndup(&r->ctx->arena, s->text, digits), 1, 10000, &days))
			diag_note(r->ctx, NULL, "did you mean '%lldh'?", (long long)days * 24);
		return -1;
	}
	return 0;
}

static int read_quantity(struct reader *r, const struct ast_stmt *st, struct setting *s, enum quantity_kind kind)
{
	if (read_value(r, st, s, K_WORD, "a quantity"))
		return -1;
	if (!value_parse_quantity(s->text, kind)) {
		s->bad = true;
		diag_report(r->ctx, DIAG_E019, s->loc, "'%s' is not a valid %s", s->text,
			    kind == QUANTITY_CPU ? "CPU quantity (like 250m or 1)" : "size (like 512Mi or 10Gi)");
		size_t digits = strspn(s->text, "0123456789.");
		const char *unit = s->text + digits;
		static const struct {
			const char *wrong, *right;
		} fixes[] = {{"KB", "Ki"}, {"MB", "Mi"}, {"GB", "Gi"}, {"TB", "Ti"}, {"kb", "Ki"}, {"mb", "Mi"}, {"gb", "Gi"},
			     {"Kb", "Ki"}, {"Mb", "Mi"}, {"Gb", "Gi"}, {"KiB", "Ki"}, {"MiB", "Mi"}, {"GiB", "Gi"}, {"TiB", "Ti"},
			     {"", "Mi"}, {"K", "Ki"}, {"gi", "Gi"}, {"mi", "Mi"}};
		for (size_t i = 0; digits && kind == QUANTITY_BYTES && i < sizeof fixes / sizeof fixes[0]; i++)
			if (strcmp(unit, fixes[i].wrong) == 0) {
				diag_note(r->ctx, NULL, "did you mean '%.*s%s'?", (int)digits, s->text, fixes[i].right);
				break;
			}
		return -1;
	}
	const char *inexact = value_quantity_exactness_problem(s->text, kind);
	if (inexact) {
		s->bad = true;
		diag_report(r->ctx, DIAG_E019, s->loc, "'%s' would not reach Kubernetes as written: %s", s->text, inexact);
		diag_note(r->ctx, NULL, "%s", kind == QUANTITY_CPU ? "write whole millicores, like 250m or 1500m"
								     : "write a whole number in a smaller unit, like 1536Mi rather than 1.5001Gi");
		return -1;
	}
	return 0;
}

static void read_tunable(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, struct tunables *t)
{
	if (check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_USER: read_number(r, st, &t->user, 0, 2147483647); break;
	case ST_REPLICAS: read_number(r, st, &t->replicas, 1, 1000); break;
	case ST_CPU: read_quantity(r, st, &t->cpu, QUANTITY_CPU); break;
	case ST_MEMORY: read_quantity(r, st, &t->memory, QUANTITY_BYTES); break;
	case ST_CPU_LIMIT: read_quantity(r, st, &t->cpu_limit, QUANTITY_CPU); break;
	case ST_MEMORY_LIMIT: read_quantity(r, st, &t->memory_limit, QUANTITY_BYTES); break;
	case ST_EPHEMERAL_STORAGE: read_quantity(r, st, &t->ephemeral_storage, QUANTITY_BYTES); break;
	case ST_EPHEMERAL_STORAGE_LIMIT: read_quantity(r, st, &t->ephemeral_storage_limit, QUANTITY_BYTES); break;
	case ST_READ_ONLY_ROOT:
		if (!read_value(r, st, &t->read_only_root, K_WORD, "yes or no") &&
		    !value_parse_bool(t->read_only_root.text, &t->read_only_root.num)) {
			t->read_only_root.bad = true;
			diag_report(r->ctx, DIAG_E021, t->read_only_root.loc, "'read-only-root' takes yes or no, not '%s'",
				    t->read_only_root.text);
		}
		break;
	default: break; /* only tunables reach here */
	}
}

static bool is_tunable(enum stmt_id id)
{
	return id == ST_USER || id == ST_REPLICAS || id == ST_CPU || id == ST_MEMORY || id == ST_CPU_LIMIT ||
	       id == ST_MEMORY_LIMIT || id == ST_READ_ONLY_ROOT || id == ST_EPHEMERAL_STORAGE ||
	       id == ST_EPHEMERAL_STORAGE_LIMIT;
}

/* Looks @st up in @scope; unknown statements get a spelling suggestion or the block where they belong. */
static const struct stmt_spec *lookup(struct reader *r, const struct ast_stmt *st, enum scope scope, struct stmt_set *attempted)
{
	const struct stmt_spec *spec = schema_find(scope, st->head);
	if (spec) {
		stmt_set_add(attempted, spec->id);
		return spec;
	}
	const struct stmt_spec *near = schema_suggest(scope, st->head);
	const struct stmt_spec *other = schema_elsewhere(scope, st->head);
	if (other) {
		/* A real statement in the wrong block beats a spelling suggestion (`secrets` at the top level). */
		stmt_set_add(&r->m->misplaced, other->id);
		diag_report(r->ctx, DIAG_E003, st->head_loc, "'%s' cannot stand in %s; it belongs in %s", st->head,
			    schema_scope_name(scope), schema_scope_name(other->scope));
	} else if (near) {
		stmt_set_add(attempted, near->id); /* the user meant it: do not also report it missing */
		diag_report(r->ctx, DIAG_E003, st->head_loc, "unknown statement '%s' in %s; did you mean '%s'?", st->head,
			    schema_scope_name(scope), near->name);
		diag_note(r->ctx, NULL, "usage: %s", near->usage);
	} else {
		diag_report(r->ctx, DIAG_E003, st->head_loc, "unknown statement '%s' in %s", st->head, schema_scope_name(scope));
		diag_note(r->ctx, NULL, "%s accepts: %s", schema_scope_name(scope), schema_names(&r->ctx->arena, scope));
	}
	return NULL;
}

static void add_name_refs(struct reader *r, const struct ast_stmt *st, struct name_ref **head, struct name_ref **tail)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD, "secret names"))
			continue;
		struct name_ref *ref = arena_alloc(&r->ctx->arena, sizeof *ref);
		ref->name = a->text;
		ref->loc = a->loc;
		if (*tail)
			(*tail)->next = ref;
		else
			*head = ref;
		*tail = ref;
	}
}

/* A declaration's name: the first argument, a word. */
static const char *decl_name(struct reader *r, const struct ast_stmt *st, struct rbd_loc *loc)
{
	const struct ast_arg *a = st->args;
	if (want_kind(r, st, a, K_WORD, "a name"))
		return NULL;
	*loc = a->loc;
	return a->text;
}

/* Registers @name in @names; a second declaration is reported against the first. */
static bool register_name(struct reader *r, struct strmap *names, const char *name, struct rbd_loc loc, const char *what,
			  void *decl, const struct rbd_loc *first_loc_of(void *))
{
	void *first = strmap_put_new(names, name, strlen(name), decl);
	if (!first)
		return true;
	diag_report(r->ctx, DIAG_E007, loc, "%s '%s' is declared twice", what, name);
	diag_note(r->ctx, first_loc_of(first), "first declared here");
	return false;
}

static const struct rbd_loc *app_loc(void *p) { return &((struct app *)p)->name_loc; }
static const struct rbd_loc *store_loc(void *p) { return &((struct store *)p)->name_loc; }
static const struct rbd_loc *secret_loc(void *p) { return &((struct secret_decl *)p)->name_loc; }

/* `env NAME "VALUE"` into the list of @owner (an app or a job). */
static void read_env_into(struct reader *r, const struct ast_stmt *st, const void *owner, struct env_var **head,
			  struct env_var **tail)
{
	const struct ast_arg *name = st->args, *value = name->next;
	if (want_kind(r, st, name, K_WORD, "a variable name") || want_kind(r, st, value, K_WORD | K_STRING | K_PATH, "a value"))
		return;
	struct env_var *e = arena_alloc(&r->ctx->arena, sizeof *e);
	size_t key_len;
	const char *key = pair_key(&r->ctx->arena, owner, name->text, &key_len); /* names are interned */
	const struct env_var *first = strmap_put_new(&r->m->member_names, key, key_len, e);
	if (first) {
		diag_report(r->ctx, DIAG_E005, name->loc, "'env %s' is already set", name->text);
		diag_note(r->ctx, &first->name.loc, "first set here");
		return;
	}
	setting_from_arg(&e->name, name);
	setting_from_arg(&e->value, value);
	e->loc = st->loc;
	if (*tail)
		(*tail)->next = e;
	else
		*head = e;
	*tail = e;
}

static void read_env(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	read_env_into(r, st, app, &app->env, &app->env_tail);
}

static void read_route(struct reader *r, const struct ast_stmt *st, struct app *app, bool exact)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_PATH, "a path starting with '/'"))
			continue;
		struct route *rt = arena_alloc(&r->ctx->arena, sizeof *rt);
		setting_from_arg(&rt->path, a);
		rt->exact = exact;
		rt->stmt_start = st->loc.start;
		rt->app = app;
		if (app->routes_tail)
			app->routes_tail->next = rt;
		else
			app->routes = rt;
		app->routes_tail = rt;
	}
}

/* body-limit SIZE: a memory-style size that becomes ingress-nginx's proxy-body-size (E030). */
static void read_body_limit(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	struct setting *s = &app->body_limit;
	if (read_value(r, st, s, K_WORD, "a size like 20Mi"))
		return;
	char nginx[32];
	const char *problem = value_body_limit(s->text, nginx, sizeof nginx);
	if (!problem) {
		app->body_size = arena_strdup(&r->ctx->arena, nginx);
		return;
	}
	s->bad = true;
	diag_report(r->ctx, DIAG_E030, s->loc, "'%s' is not a request body limit: %s", s->text, problem);
	size_t digits = strspn(s->text, "0123456789");
	static const struct {
		const char *wrong, *right;
	} fixes[] = {{"k", "Ki"}, {"K", "Ki"}, {"KB", "Ki"}, {"kb", "Ki"}, {"KiB", "Ki"}, {"m", "Mi"}, {"M", "Mi"}, {"MB", "Mi"},
		     {"mb", "Mi"}, {"Mb", "Mi"}, {"MiB", "Mi"}, {"mi", "Mi"}, {"g", "Gi"}, {"G", "Gi"}, {"GB", "Gi"}, {"gb", "Gi"},
		     {"GiB", "Gi"}, {"gi", "Gi"}};
	for (size_t i = 0; digits && s->text[0] != '0' && i < sizeof fixes / sizeof fixes[0]; i++)
		if (strcmp(s->text + digits, fixes[i].wrong) == 0) {
			diag_note(r->ctx, NULL, "did you mean '%.*s%s'?", (int)digits, s->text, fixes[i].right);
			return;
		}
	diag_note(r->ctx, NULL, "write the largest upload the app accepts, like 'body-limit 20Mi'; without it ingress-nginx allows 1Mi");
}

/* host HOST, ...: words (host names are checked by the rules, which know the target). */
static void read_hosts(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD | K_STRING, "host names"))
			continue;
		struct host_ref *h = arena_alloc(&r->ctx->arena, sizeof *h);
		setting_from_arg(&h->name, a);
		h->stmt_start = st->loc.start;
		if (app->hosts_tail)
			app->hosts_tail->next = h;
		else
			app->hosts = h;
		app->hosts_tail = h;
	}
}

static void add_uses(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD, "the names of stores or apps"))
			continue;
		struct use_ref *u = arena_alloc(&r->ctx->arena, sizeof *u);
		u->name = a->text;
		u->loc = a->loc;
		u->user = app;
		if (app->uses_tail)
			app->uses_tail->next = u;
		else
			app->uses = u;
		app->uses_tail = u;
	}
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

/* `uses NAME, ...` of a job: the same references, with the job as the user. */
static void add_job_uses(struct reader *r, const struct ast_stmt *st, struct job *job)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD, "the names of stores or apps"))
			continue;
		struct use_ref *u = arena_alloc(&r->ctx->arena, sizeof *u);
		u->name = a->text;
		u->loc = a->loc;
		u->job_user = job;
		if (job->uses_tail)
			job->uses_tail->next = u;
		else
			job->uses = u;
		job->uses_tail = u;
	}
}

/* `command "CMD"` or `command "ARG0", "ARG1", ...` (and `migrate`, which takes the same two forms): one string is
   split or run by a shell when lowered (command_argv); a list is argv as written. Every item is a string, word or
   path, so `command /app/cleanup, --older-than, 30d` reads too. */
static void read_command_into(struct reader *r, const struct ast_stmt *st, struct setting *text, struct argv_word **argv,
			      struct argv_word **tail)
{
	if (claim(r, text, st))
		return;
	for (const struct ast_arg *a = st->args; a; a = a->next)
		if (want_kind(r, st, a, K_STRING | K_WORD | K_PATH, "a command in double quotes, or a list of its words"))
			return;
	setting_from_arg(text, st->args);
	if (!st->args->next)
		return;
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		struct argv_word *w = arena_alloc(&r->ctx->arena, sizeof *w);
		setting_from_arg(&w->word, a);
		if (*tail)
			(*tail)->next = w;
		else
			*argv = w;
		*tail = w;
	}
}

/* A listed command separates its words by commas: `migrate alembic upgrade head` is a forgotten pair of quotes,
   refused as before, not a list. */
static int check_command_shape(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec)
{
	for (const struct ast_arg *a = st->args ? st->args->next : NULL; a; a = a->next)
		if (!a->after_comma)
			return check_shape(r, st, spec, 1, 1, false);
	return check_shape(r, st, spec, 1, UINT32_MAX, true);
}

static void read_command(struct reader *r, const struct ast_stmt *st, struct command *cmd)
{
	read_command_into(r, st, &cmd->text, &cmd->argv, &cmd->argv_tail);
}

/* `image`, `image "REF"` or `image of APP`, in an app or a job. */
static void read_image(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, bool *has_image,
		       struct rbd_loc *image_loc, struct setting *image_ref, struct setting *image_of)
{
	const struct ast_arg *first = st->args;
	bool of = first && first->kind == ARG_WORD && strcmp(first->text, "of") == 0;
	/* `image port 8080` is a forgotten ';', reported as before: only `of` makes a second argument */
	if (check_shape(r, st, spec, 0, of ? 2 : 1, false))
		return;
	if (of && !first->next) {
		diag_report(r->ctx, DIAG_E004, first->loc, "'image of' needs the name of the app whose image to share");
		diag_note(r->ctx, NULL, "usage: %s; an image named 'of' is written image \"of\"", spec->usage);
		return;
	}
	if (*has_image) {
		diag_report(r->ctx, DIAG_E005, st->head_loc, "'image' is already set");
		diag_note(r->ctx, image_loc, "first set here");
		return;
	}
	*has_image = true;
	*image_loc = st->head_loc;
	if (of) {
		if (!want_kind(r, st, first->next, K_WORD, "the name of an app"))
			setting_from_arg(image_of, first->next);
		return;
	}
	if (first && !want_kind(r, st, first, K_WORD | K_STRING, "an image reference"))
		setting_from_arg(image_ref, first);
}

static void read_app_stmt(struct reader *r, const struct ast_stmt *st, struct app *app)
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
			add_uses(r, st, app);
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

static void read_store_stmt(struct reader *r, const struct ast_stmt *st, struct store *store)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_STORE, &store->attempted);
	if (!spec)
		return;
	if (spec->id == ST_REPLICAS) {
		/* Each replica of a single-node MinIO would be a server of its own with its own empty volume, behind one
		   Service: writes would land on one of them at random. */
		diag_report(r->ctx, DIAG_E003, st->head_loc, "store '%s' cannot have 'replicas': a store is one server with one volume",
			    store->name);
		diag_note(r->ctx, NULL, "remove it; more replicas would each be a separate server with its own data, not a bigger store");
		return;
	}
	if (is_tunable(spec->id)) {
		read_tunable(r, st, spec, &store->tune);
		return;
	}
	switch (spec->id) {
	case ST_SIZE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_quantity(r, st, &store->size, QUANTITY_BYTES);
		return;
	case ST_BUCKET:
		if (!check_shape(r, st, spec, 1, 1, false) && !want_kind(r, st, st->args, K_WORD, "a bucket name")) {
			struct bucket *b = arena_alloc(&r->ctx->arena, sizeof *b);
			setting_from_arg(&b->name, st->args);
			b->stmt = st->loc;
			if (store->buckets_tail)
				store->buckets_tail->next = b;
			else
				store->buckets = b;
			store->buckets_tail = b;
		}
		return;
	case ST_SECRETS:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			add_name_refs(r, st, &store->secrets, &store->secrets_tail);
		return;
	case ST_IMAGE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &store->image, K_WORD | K_STRING, "an image reference");
		return;
	case ST_CONSOLE:
		if (!check_shape(r, st, spec, 1, 1, false) && !read_value(r, st, &store->console, K_WORD, "yes or no") &&
		    !value_parse_bool(store->console.text, &store->console.num)) {
			store->console.bad = true;
			diag_report(r->ctx, DIAG_E021, store->console.loc, "'console' takes yes or no, not '%s'", store->console.text);
			diag_note(r->ctx, NULL, "write 'console yes' to reach MinIO's console with kubectl port-forward, or leave it out");
		}
		return;
	case ST_ENGINE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &store->engine, K_WORD, "an engine name, like redis");
		return;
	case ST_ROUTE:
	case ST_ROUTE_EXACT:
		if (store->engine.set && strcmp(store->engine.text, "minio") != 0) {
			/* engines: a database or cache is no more public than object storage */
			diag_report(r->ctx, DIAG_E014, st->head_loc, "store '%s' cannot have a route: a %s server stays inside the cluster",
				    store->name, store->engine.text);
			diag_note(r->ctx, NULL, "the apps that 'uses %s' reach it through its Service '%s'; expose data through an app instead",
				  store->name, store->name);
			return;
		}
		diag_report(r->ctx, DIAG_E014, st->head_loc, "store '%s' cannot have a route: object storage stays inside the cluster",
			    store->name);
		diag_note(r->ctx, NULL, "apps reach it at http://%s:9000; expose data through an app instead", store->name);
		return;
	default:
		return;
	}
}

static void read_job_stmt(struct reader *r, const struct ast_stmt *st, struct job *job)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_JOB, &job->attempted);
	if (!spec)
		return;
	if (spec->id == ST_REPLICAS) {
		/* A Job's parallelism would run the same task several times at once: a cleanup twice, a report twice. */
		diag_report(r->ctx, DIAG_E003, st->head_loc, "job '%s' cannot have 'replicas': a job runs its task in one pod at a time",
			    job->name);
		diag_note(r->ctx, NULL, "remove it; 'retries N' sets how often a failed run is tried again");
		return;
	}
	if (is_tunable(spec->id)) {
		read_tunable(r, st, spec, &job->tune);
		return;
	}
	switch (spec->id) {
	case ST_IMAGE:
		read_image(r, st, spec, &job->has_image, &job->image_loc, &job->image_ref, &job->image_of);
		return;
	case ST_COMMAND:
		if (!check_command_shape(r, st, spec))
			read_command(r, st, &job->command);
		return;
	case ST_ENV:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_env_into(r, st, job, &job->env, &job->env_tail);
		return;
	case ST_SECRETS:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			add_name_refs(r, st, &job->secrets, &job->secrets_tail);
		return;
	case ST_USES:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			add_job_uses(r, st, job);
		return;
	default:
		break;
	}
	if (check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_SCHEDULE: read_value(r, st, &job->schedule, K_STRING | K_WORD, "a cron schedule in double quotes"); return;
	case ST_TIMEZONE: read_value(r, st, &job->timezone, K_WORD | K_STRING, "an IANA time zone like Europe/Berlin"); return;
	case ST_DEADLINE: read_duration(r, st, &job->deadline); return;
	case ST_RETRIES: read_number(r, st, &job->retries, 0, 1000); return;
	default: return;
	}
}

static void read_block(struct reader *r, const struct ast_stmt *st, enum scope scope, void *target);

/* Appends NAME VALUE to an engine's list; @owner keys the duplicate check, so one list (or two that share a name
   space, like client-env and client-secret) holds each name once. */
static void read_engine_pair(struct reader *r, const struct ast_stmt *st, const void *owner, struct env_var **head,
			     struct env_var **tail, unsigned value_kinds, const char *what)
{
	const struct ast_arg *name = st->args, *value = name->next;
	if (want_kind(r, st, name, K_WORD, "a variable name") || want_kind(r, st, value, value_kinds, what))
		return;
	size_t key_len;
	const char *key = pair_key(&r->ctx->arena, owner, name->text, &key_len); /* names are interned */
	struct env_var *e = arena_alloc(&r->ctx->arena, sizeof *e);
	const struct env_var *first = strmap_put_new(&r->m->member_names, key, key_len, e);
	if (first) {
		diag_report(r->ctx, DIAG_E005, name->loc, "'%s %s' is already set", st->head, name->text);
		diag_note(r->ctx, &first->name.loc, "first set here");
		return;
	}
	setting_from_arg(&e->name, name);
	setting_from_arg(&e->value, value);
	e->loc = st->loc;
	if (*tail)
		(*tail)->next = e;
	else
		*head = e;
	*tail = e;
}

static void read_engine_items(struct reader *r, const struct ast_stmt *st, struct engine_item **head, struct engine_item **tail,
			      unsigned kinds, const char *what)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, kinds, what))
			continue;
		struct engine_item *it = arena_alloc(&r->ctx->arena, sizeof *it);
		setting_from_arg(&it->value, a);
		if (*tail)
			(*tail)->next = it;
		else
			*head = it;
		*tail = it;
	}
}

/* probe exec "COMMAND" | probe tcp */
static void read_engine_probe(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, struct engine_decl *e)
{
	if (check_shape(r, st, spec, 1, 2, false) || read_value(r, st, &e->probe, K_WORD, "exec or tcp"))
		return;
	const struct ast_arg *cmd = st->args->next;
	bool exec = strcmp(e->probe.text, "exec") == 0, tcp = strcmp(e->probe.text, "tcp") == 0;
	if ((exec && cmd) || (tcp && !cmd)) {
		if (cmd && !want_kind(r, st, cmd, K_STRING | K_WORD, "a command in double quotes"))
			setting_from_arg(&e->probe_cmd, cmd);
		return;
	}
	e->probe.bad = true;
	diag_report(r->ctx, DIAG_E004, exec || tcp ? st->head_loc : e->probe.loc, "%s",
		    exec ? "'probe exec' needs the command to run" : tcp ? "'probe tcp' takes no command" : "'probe' takes exec or tcp");
	diag_note(r->ctx, NULL, "usage: %s", spec->usage);
}

static void read_engine_stmt(struct reader *r, const struct ast_stmt *st, struct engine_decl *e)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_ENGINE, &e->attempted);
	if (!spec)
		return;
	switch (spec->id) {
	case ST_ENGINE_PROBE:
		read_engine_probe(r, st, spec, e);
		return;
	case ST_ENV:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_engine_pair(r, st, &e->env, &e->env, &e->env_tail, K_WORD | K_STRING | K_PATH, "a value");
		return;
	case ST_ENGINE_CLIENT_ENV:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_engine_pair(r, st, &e->client_env, &e->client_env, &e->client_env_tail, K_WORD | K_STRING | K_PATH, "a value");
		return;
	case ST_ENGINE_CLIENT_SECRET:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_engine_pair(r, st, &e->client_env, &e->client_secret, &e->client_secret_tail, K_WORD, "a key name");
		return;
	case ST_ENGINE_WRITABLE:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			read_engine_items(r, st, &e->writable, &e->writable_tail, K_PATH, "paths starting with '/'");
		return;
	case ST_ENGINE_SECRET_KEYS:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			read_engine_items(r, st, &e->secret_keys, &e->secret_keys_tail, K_WORD, "key names");
		return;
	default:
		break;
	}
	if (check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_IMAGE: read_value(r, st, &e->image, K_WORD | K_STRING, "an image reference"); return;
	case ST_PORT: read_number(r, st, &e->port, 1, 65535); return;
	case ST_USER: read_number(r, st, &e->user, 0, 2147483647); return;
	case ST_ENGINE_DATA: read_value(r, st, &e->data, K_PATH, "a directory path"); return;
	case ST_ENGINE_COMMAND: read_value(r, st, &e->command, K_STRING | K_WORD, "a command in double quotes"); return;
	default: return; /* the engine scope has no other statements */
	}
}

static void read_defaults_stmt(struct reader *r, const struct ast_stmt *st, struct defaults *d)
{
	struct stmt_set unused = {{0}};
	const struct stmt_spec *spec = lookup(r, st, SCOPE_DEFAULTS, &unused);
	if (!spec)
		return;
	if (is_tunable(spec->id)) {
		read_tunable(r, st, spec, &d->tune);
		return;
	}
	if (check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_PROBE_DELAY: read_duration(r, st, &d->probe_delay); return;
	case ST_PROBE_PERIOD: read_duration(r, st, &d->probe_period); return;
	case ST_PROBE_TIMEOUT: read_duration(r, st, &d->probe_timeout); return;
	case ST_PROBE_FAILURES: read_number(r, st, &d->probe_failures, 1, 100); return;
	case ST_REFRESH: read_duration(r, st, &d->refresh); return;
	case ST_MINIO_IMAGE: read_value(r, st, &d->minio_image, K_WORD | K_STRING, "an image reference"); return;
	case ST_MC_IMAGE: read_value(r, st, &d->mc_image, K_WORD | K_STRING, "an image reference"); return;
	case ST_MINIO_USER: read_number(r, st, &d->minio_user, 0, 2147483647); return;
	case ST_SPA_ROOT: read_value(r, st, &d->spa_root, K_PATH, "a directory path"); return;
	case ST_JOB_TTL: read_duration(r, st, &d->job_ttl); return;
	case ST_LIVENESS_PERIOD: read_duration(r, st, &d->liveness_period); return;
	case ST_LIVENESS_FAILURES: read_number(r, st, &d->liveness_failures, 1, 100); return;
	case ST_STARTUP_FAILURES: read_number(r, st, &d->startup_failures, 1, 1000); return;
	case ST_TMP_SIZE: read_quantity(r, st, &d->tmp_size, QUANTITY_BYTES); return;
	case ST_S3_ACCESS_KEY: read_value(r, st, &d->s3_access_key, K_WORD, "a key name"); return;
	case ST_S3_SECRET_KEY: read_value(r, st, &d->s3_secret_key, K_WORD, "a key name"); return;
	case ST_INGRESS_NAMESPACE: read_value(r, st, &d->ingress_namespace, K_WORD, "a namespace name"); return;
	case ST_SCRATCH_SIZE: read_quantity(r, st, &d->scratch_size, QUANTITY_BYTES); return;
	case ST_JOB_DEADLINE: read_duration(r, st, &d->job_deadline); return;
	case ST_JOB_RETRIES: read_number(r, st, &d->job_retries, 0, 1000); return;
	case ST_JOB_SUCCESSFUL_HISTORY: read_number(r, st, &d->job_successful_history, 0, 100); return;
	case ST_JOB_FAILED_HISTORY: read_number(r, st, &d->job_failed_history, 0, 100); return;
	case ST_JOB_START_DEADLINE: read_duration(r, st, &d->job_start_deadline); return;
	default: return;
	}
}

static void read_vault_stmt(struct reader *r, const struct ast_stmt *st, struct vault_config *v)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_VAULT, &v->attempted);
	if (!spec || check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_AUTH: read_value(r, st, &v->auth, K_WORD, "the name of a VaultAuth"); return;
	case ST_MOUNT: read_value(r, st, &v->mount, K_WORD | K_STRING, "a mount path"); return;
	case ST_REFRESH: read_duration(r, st, &v->refresh); return;
	case ST_ROLE: read_value(r, st, &v->role, K_WORD | K_STRING, "a Vault role"); return;
	case ST_ADDRESS: read_value(r, st, &v->address, K_WORD | K_STRING, "a URL"); return;
	case ST_AUTH_MOUNT: read_value(r, st, &v->auth_mount, K_WORD | K_STRING, "a mount path"); return;
	case ST_CONNECTION: read_value(r, st, &v->connection, K_WORD, "default, or the name of a VaultConnection"); return;
	default: return;
	}
}

static void read_ingress_stmt(struct reader *r, const struct ast_stmt *st, struct ingress_config *in)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_INGRESS, &in->attempted);
	if (!spec || check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_TLS: read_value(r, st, &in->tls, K_WORD, "the name of a ClusterIssuer"); return;
	case ST_CLASS: read_value(r, st, &in->class_name, K_WORD, "the name of an IngressClass"); return;
	case ST_INGRESS_NAMESPACE: read_value(r, st, &in->ingress_namespace, K_WORD, "a namespace name"); return;
	default: return;
	}
}

static void read_gateway_stmt(struct reader *r, const struct ast_stmt *st, struct gateway_config *g)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_GATEWAY, &g->attempted);
	if (!spec || check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_PARENT: read_value(r, st, &g->parent, K_WORD, "the Gateway as NAMESPACE/NAME"); return;
	case ST_LISTENER: read_value(r, st, &g->listener, K_WORD, "the name of the Gateway's HTTPS listener"); return;
	case ST_REDIRECT_LISTENER:
		read_value(r, st, &g->redirect_listener, K_WORD, "the name of the Gateway's HTTP listener, or none");
		return;
	case ST_GATEWAY_NAMESPACE: read_value(r, st, &g->gateway_namespace, K_WORD, "a namespace name"); return;
	default: return;
	}
}

static void read_secret_stmt(struct reader *r, const struct ast_stmt *st, struct secret_decl *s)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_SECRET, &s->attempted);
	if (!spec || check_shape(r, st, spec, 1, UINT32_MAX, true))
		return;
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD, "key names"))
			continue;
		/* Issue 12: `keys A as B` reads as three keys. A list holds names only, so a joining word in a list
		   of several is refused with what to write instead. */
		if (st->args->next && (strcmp(a->text, "as") == 0 || strcmp(a->text, "to") == 0 || strcmp(a->text, "into") == 0)) {
			diag_report(r->ctx, DIAG_E004, a->loc, "'%s' in a list of keys would be read as a key named '%s'", a->text, a->text);
			diag_note(r->ctx, NULL, "'keys' lists Vault keys, each synced under its own name: write keys A, B; to use another "
				  "name, rename the key in Vault");
			continue;
		}
		struct secret_key *k = arena_alloc(&r->ctx->arena, sizeof *k);
		setting_from_arg(&k->name, a);
		k->stmt_start = st->loc.start;
		if (s->keys_tail)
			s->keys_tail->next = k;
		else
			s->keys = k;
		s->keys_tail = k;
		s->n_keys++;
	}
}

static struct stmt_set *attempted_of(struct reader *r, enum scope scope, void *target, struct stmt_set *scratch)
{
	switch (scope) {
	case SCOPE_APP: return &((struct app *)target)->attempted;
	case SCOPE_STORE: return &((struct store *)target)->attempted;
	case SCOPE_VAULT: return &((struct vault_config *)target)->attempted;
	case SCOPE_INGRESS: return &((struct ingress_config *)target)->attempted;
	case SCOPE_SECRET: return &((struct secret_decl *)target)->attempted;
	case SCOPE_TOP: return &r->m->attempted;
	case SCOPE_JOB: return &((struct job *)target)->attempted;
	case SCOPE_ENGINE: return &((struct engine_decl *)target)->attempted;
	case SCOPE_GATEWAY: return &((struct gateway_config *)target)->attempted;
	case SCOPE_DEFAULTS:
	case SCOPE_ENVIRONMENT:
	case SCOPE_COUNT: break;
	}
	return scratch;
}

static void read_block(struct reader *r, const struct ast_stmt *st, enum scope scope, void *target)
{
	struct stmt_set scratch = {{0}}, *outer_attempted = r->attempted;
	enum scope outer_scope = r->scope;
	r->attempted = attempted_of(r, scope, target, &scratch);
	r->scope = scope;
	for (const struct ast_stmt *c = st->body; c; c = c->next) {
		switch (scope) {
		case SCOPE_APP: read_app_stmt(r, c, target); break;
		case SCOPE_STORE: read_store_stmt(r, c, target); break;
		case SCOPE_DEFAULTS: read_defaults_stmt(r, c, target); break;
		case SCOPE_VAULT: read_vault_stmt(r, c, target); break;
		case SCOPE_INGRESS: read_ingress_stmt(r, c, target); break;
		case SCOPE_SECRET: read_secret_stmt(r, c, target); break;
		case SCOPE_JOB: read_job_stmt(r, c, target); break;
		case SCOPE_ENGINE: read_engine_stmt(r, c, target); break;
		case SCOPE_GATEWAY: read_gateway_stmt(r, c, target); break;
		case SCOPE_ENVIRONMENT:
		case SCOPE_TOP:
		case SCOPE_COUNT: break; /* top-level statements are read by read_top */
		}
	}
	r->attempted = outer_attempted;
	r->scope = outer_scope;
}

static void read_app(struct reader *r, const struct ast_stmt *st)
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

static void read_store(struct reader *r, const struct ast_stmt *st)
{
	struct rbd_loc name_loc;
	const char *name = decl_name(r, st, &name_loc);
	if (!name)
		return;
	struct store *store = arena_alloc(&r->ctx->arena, sizeof *store);
	store->name = name;
	store->loc = st->loc;
	store->name_loc = name_loc;
	bool fresh = register_name(r, &r->m->store_names, name, name_loc, "store", store, store_loc);
	if (fresh && strmap_get(&r->m->app_names, name, strlen(name))) {
		diag_report(r->ctx, DIAG_E007, name_loc, "store '%s' has the name of an app; their Services would collide", name);
		diag_note(r->ctx, app_loc(strmap_get(&r->m->app_names, name, strlen(name))), "the app is declared here");
		fresh = false;
	}
	read_block(r, st, SCOPE_STORE, store);
	if (!fresh)
		return;
	if (r->m->stores_tail)
		r->m->stores_tail->next = store;
	else
		r->m->stores = store;
	r->m->stores_tail = store;
	r->m->n_stores++;
}

static const struct rbd_loc *job_loc(void *p) { return &((struct job *)p)->name_loc; }

static void read_job(struct reader *r, const struct ast_stmt *st)
{
	struct rbd_loc name_loc;
	const char *name = decl_name(r, st, &name_loc);
	if (!name)
		return;
	struct job *job = arena_alloc(&r->ctx->arena, sizeof *job);
	job->name = name;
	job->loc = st->loc;
	job->name_loc = name_loc;
	bool fresh = register_name(r, &r->m->job_names, name, name_loc, "job", job, job_loc);
	read_block(r, st, SCOPE_JOB, job);
	if (!fresh)
		return;
	if (r->m->jobs_tail)
		r->m->jobs_tail->next = job;
	else
		r->m->jobs = job;
	r->m->jobs_tail = job;
	r->m->n_jobs++;
}

static const struct rbd_loc *engine_loc(void *p) { return &((struct engine_decl *)p)->name_loc; }

/* engine NAME { ... }: the stdlib's and the program's share one name space; `minio` is built in. */
static void read_engine(struct reader *r, const struct ast_stmt *st)
{
	struct rbd_loc name_loc;
	const char *name = decl_name(r, st, &name_loc);
	if (!name)
		return;
	struct engine_decl *e = arena_alloc(&r->ctx->arena, sizeof *e);
	e->name = name;
	e->loc = st->loc;
	e->name_loc = name_loc;
	e->from_stdlib = r->ctx->sources[name_loc.file]->is_stdlib;
	bool fresh = false;
	if (strcmp(name, "minio") == 0) {
		diag_report(r->ctx, DIAG_E083, name_loc, "engine 'minio' is built in: its bucket Job and per-app users are part of rbdc");
		diag_note(r->ctx, NULL, "give your engine another name; a MinIO store takes its image from 'image' or defaults { minio-image }");
	} else if (strmap_get(&r->m->engine_names, name, strlen(name)) && !e->from_stdlib &&
		   ((struct engine_decl *)strmap_get(&r->m->engine_names, name, strlen(name)))->from_stdlib) {
		diag_report(r->ctx, DIAG_E007, name_loc, "engine '%s' is already declared by the standard library", name);
		diag_note(r->ctx, NULL, "give your engine another name, or keep the stdlib's and set a store's own 'image'");
	} else {
		fresh = register_name(r, &r->m->engine_names, name, name_loc, "engine", e, engine_loc);
	}
	read_block(r, st, SCOPE_ENGINE, e);
	if (!fresh)
		return;
	if (r->m->engines_tail)
		r->m->engines_tail->next = e;
	else
		r->m->engines = e;
	r->m->engines_tail = e;
}

/* secret NAME from vault "PATH" { keys ... } */
static bool is_word(const struct ast_arg *a, const char *text)
{
	return a && a->kind == ARG_WORD && strcmp(a->text, text) == 0;
}

static void read_secret(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec)
{
	const struct ast_arg *name = st->args, *from = name->next, *vault = from ? from->next : NULL,
			     *path = vault ? vault->next : NULL;
	const struct ast_arg *bad = !is_word(from, "from")   ? (from ? from : name)
				    : !is_word(vault, "vault") ? (vault ? vault : from)
				    : !path                    ? vault
				    : path->next               ? path->next
							       : NULL;
	if (bad) {
		diag_report(r->ctx, DIAG_E004, bad->loc, "a secret is written 'secret NAME from vault \"PATH\"'");
		diag_note(r->ctx, NULL, "usage: %s; secrets come only from Vault, never from a literal", spec->usage);
		if (name->kind == ARG_WORD) {
			/* Still known by name, so its users do not also get "undeclared secret". */
			struct secret_decl *s = arena_alloc(&r->ctx->arena, sizeof *s);
			s->name = name->text;
			s->name_loc = name->loc;
			s->bad = true;
			register_name(r, &r->m->secret_names, s->name, name->loc, "secret", s, secret_loc);
		}
		return;
	}
	struct rbd_loc name_loc;
	if (!decl_name(r, st, &name_loc) || want_kind(r, st, path, K_STRING | K_WORD | K_PATH, "a Vault path"))
		return;
	struct secret_decl *s = arena_alloc(&r->ctx->arena, sizeof *s);
	s->name = name->text;
	s->loc = st->loc;
	s->name_loc = name_loc;
	setting_from_arg(&s->path, path);
	bool fresh = register_name(r, &r->m->secret_names, s->name, name_loc, "secret", s, secret_loc);
	read_block(r, st, SCOPE_SECRET, s);
	if (!fresh)
		return;
	if (r->m->secrets_tail)
		r->m->secrets_tail->next = s;
	else
		r->m->secrets = s;
	r->m->secrets_tail = s;
	r->m->n_secrets++;
}

static void read_top(struct reader *r, const struct ast_stmt *st)
{
	struct model *m = r->m;
	const struct stmt_spec *spec = lookup(r, st, SCOPE_TOP, &m->attempted);
	if (!spec) {
		/* `secert api-env ...`: the declaration is still known by name, so its users are not also wrong. */
		const struct stmt_spec *near = schema_suggest(SCOPE_TOP, st->head);
		if (near && near->id == ST_SECRET && !schema_elsewhere(SCOPE_TOP, st->head) && st->args &&
		    st->args->kind == ARG_WORD) {
			struct secret_decl *s = arena_alloc(&r->ctx->arena, sizeof *s);
			s->name = st->args->text;
			s->name_loc = st->args->loc;
			s->bad = true;
			strmap_put_new(&m->secret_names, s->name, strlen(s->name), s);
		}
		return;
	}
	switch (spec->id) {
	case ST_PROJECT:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &m->project, K_WORD, "a name");
		return;
	case ST_NAMESPACE:
		if (check_shape(r, st, spec, 1, 2, false) || read_value(r, st, &m->namespace_, K_WORD, "a name") || st->n_args == 1)
			return;
		if (!is_word(st->args->next, "external")) {
			diag_report(r->ctx, DIAG_E004, st->args->next->loc, "'namespace' takes a name and optionally the word 'external'");
			diag_note(r->ctx, NULL, "usage: %s; `external` says another program or the platform owns the Namespace object", spec->usage);
			return;
		}
		setting_from_arg(&m->namespace_external, st->args->next);
		return;
	case ST_DOMAIN:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &m->domain, K_WORD | K_STRING, "a host name");
		return;
	case ST_REGISTRY:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &m->registry, K_WORD | K_STRING, "a registry");
		return;
	case ST_TAG:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_value(r, st, &m->tag, K_WORD | K_STRING, "an image tag");
		return;
	case ST_DEFAULTS:
		if (!check_shape(r, st, spec, 0, 0, false))
			read_block(r, st, SCOPE_DEFAULTS, &m->defaults);
		return;
	case ST_VAULT:
		if (check_shape(r, st, spec, 0, 0, false))
			return;
		if (m->vault.declared) {
			diag_report(r->ctx, DIAG_E005, st->head_loc, "the vault block is already declared");
			diag_note(r->ctx, &m->vault.loc, "first declared here");
			return;
		}
		m->vault.declared = true;
		m->vault.loc = st->head_loc;
		read_block(r, st, SCOPE_VAULT, &m->vault);
		return;
	case ST_INGRESS:
		if (check_shape(r, st, spec, 0, 0, false))
			return;
		if (m->ingress.declared) {
			diag_report(r->ctx, DIAG_E005, st->head_loc, "the ingress block is already declared; one ingress block serves the routes of every host");
			diag_note(r->ctx, &m->ingress.loc, "first declared here");
			return;
		}
		m->ingress.declared = true;
		m->ingress.loc = st->head_loc;
		read_block(r, st, SCOPE_INGRESS, &m->ingress);
		return;
	case ST_GATEWAY:
		if (check_shape(r, st, spec, 0, 0, false))
			return;
		if (m->gateway.declared) {
			diag_report(r->ctx, DIAG_E005, st->head_loc, "the gateway block is already declared");
			diag_note(r->ctx, &m->gateway.loc, "first declared here");
			return;
		}
		m->gateway.declared = true;
		m->gateway.loc = st->head_loc;
		read_block(r, st, SCOPE_GATEWAY, &m->gateway);
		return;
	case ST_SECRET:
		if (!check_shape(r, st, spec, 1, 8, false))
			read_secret(r, st, spec);
		return;
	case ST_APP:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_app(r, st);
		return;
	case ST_STORE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_store(r, st);
		return;
	case ST_JOB:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_job(r, st);
		return;
	case ST_ENGINE:
		if (!check_shape(r, st, spec, 1, 1, false))
			read_engine(r, st);
		return;
	default:
		return;
	}
}

/* Far above any real deployment, low enough that one run stays within memory and seconds (E023). */
enum { MODEL_MAX_DECLARATIONS = 1000000 };

void model_build(struct rbdc_ctx *ctx, struct model *m, const struct ast_stmt *stdlib, const struct ast_stmt *program)
{
	struct reader r = {ctx, m, &m->attempted, SCOPE_TOP};
	strmap_init(&m->app_names, &ctx->arena);
	strmap_init(&m->store_names, &ctx->arena);
	strmap_init(&m->secret_names, &ctx->arena);
	strmap_init(&m->member_names, &ctx->arena);
	strmap_init(&m->job_names, &ctx->arena);
	strmap_init(&m->engine_names, &ctx->arena);
	for (const struct ast_stmt *st = stdlib; st; st = st->next)
		read_top(&r, st);
	struct rbd_loc start = {ctx->n_sources - 1, 0, 0};
	m->first_stmt = program ? program->head_loc : start;
	for (const struct ast_stmt *st = program; st; st = st->next) {
		if (diag_limit_reached(ctx))
			return;
		if (m->n_apps + m->n_stores + m->n_secrets + m->n_jobs >= MODEL_MAX_DECLARATIONS) {
			diag_report(ctx, DIAG_E023, st->head_loc, "more than %d apps, stores and secrets in one program",
				    MODEL_MAX_DECLARATIONS);
			return;
		}
		read_top(&r, st);
	}
}
