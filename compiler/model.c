/* model.c: syntax tree → resolved model: the reader core (statement lookup and shape, typed values, blocks, the top level, defaults); each declaration's statements are read in model_*.c. */
#include "model_internal.h"

#include <string.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

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

int usage_error(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, const char *what)
{
	diag_report(r->ctx, DIAG_E004, st->head_loc, "'%s' %s", st->head, what);
	diag_note(r->ctx, NULL, "usage: %s", spec->usage);
	return -1;
}

/* The shape every statement shares: argument count, commas only in lists, block present or not. */
int check_shape(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, uint32_t min, uint32_t max,
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

int want_kind(struct reader *r, const struct ast_stmt *st, const struct ast_arg *a, unsigned kinds, const char *what)
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

void setting_from_arg(struct setting *s, const struct ast_arg *a)
{
	s->set = true;
	s->text = a->text;
	s->len = a->len;
	s->num = 0;
	s->loc = a->loc;
}

/* One value per block: a second one in the same file is an error; a program's value replaces the stdlib's. */
int claim(struct reader *r, struct setting *s, const struct ast_stmt *st)
{
	if (s->set && s->loc.file == st->loc.file) {
		diag_report(r->ctx, DIAG_E005, st->args ? st->args->loc : st->head_loc, "'%s' is already set", st->head);
		diag_note(r->ctx, &s->loc, "first set here");
		return -1;
	}
	return 0;
}

int read_value(struct reader *r, const struct ast_stmt *st, struct setting *s, unsigned kinds, const char *what)
{
	if (claim(r, s, st) || want_kind(r, st, st->args, kinds, what))
		return -1;
	setting_from_arg(s, st->args);
	return 0;
}

int read_number(struct reader *r, const struct ast_stmt *st, struct setting *s, int64_t lo, int64_t hi)
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

int read_duration(struct reader *r, const struct ast_stmt *st, struct setting *s)
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

int read_quantity(struct reader *r, const struct ast_stmt *st, struct setting *s, enum quantity_kind kind)
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

void read_tunable(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, struct tunables *t)
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

bool is_tunable(enum stmt_id id)
{
	return id == ST_USER || id == ST_REPLICAS || id == ST_CPU || id == ST_MEMORY || id == ST_CPU_LIMIT ||
	       id == ST_MEMORY_LIMIT || id == ST_READ_ONLY_ROOT || id == ST_EPHEMERAL_STORAGE ||
	       id == ST_EPHEMERAL_STORAGE_LIMIT;
}

/* Looks @st up in @scope; unknown statements get a spelling suggestion or the block where they belong. */
const struct stmt_spec *lookup(struct reader *r, const struct ast_stmt *st, enum scope scope, struct stmt_set *attempted)
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

void add_name_refs(struct reader *r, const struct ast_stmt *st, struct name_ref **head, struct name_ref **tail)
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
const char *decl_name(struct reader *r, const struct ast_stmt *st, struct rbd_loc *loc)
{
	const struct ast_arg *a = st->args;
	if (want_kind(r, st, a, K_WORD, "a name"))
		return NULL;
	*loc = a->loc;
	return a->text;
}

/* Registers @name in @names; a second declaration is reported against the first. */
bool register_name(struct reader *r, struct strmap *names, const char *name, struct rbd_loc loc, const char *what,
		   void *decl, const struct rbd_loc *first_loc_of(void *))
{
	void *first = strmap_put_new(names, name, strlen(name), decl);
	if (!first)
		return true;
	diag_report(r->ctx, DIAG_E007, loc, "%s '%s' is declared twice", what, name);
	diag_note(r->ctx, first_loc_of(first), "first declared here");
	return false;
}

const struct rbd_loc *app_loc(void *p) { return &((struct app *)p)->name_loc; }
const struct rbd_loc *store_loc(void *p) { return &((struct store *)p)->name_loc; }
const struct rbd_loc *secret_loc(void *p) { return &((struct secret_decl *)p)->name_loc; }

/* `env NAME "VALUE"` into the list of @owner (an app or a job). */
/* `uses NAME, ...` of an app or a job (@app or @job, the other NULL): bound to stores and apps by model_resolve. */
void read_uses_into(struct reader *r, const struct ast_stmt *st, struct app *app, struct job *job, struct use_ref **head,
		    struct use_ref **tail)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD, "the names of stores or apps"))
			continue;
		struct use_ref *u = arena_alloc(&r->ctx->arena, sizeof *u);
		u->name = a->text;
		u->loc = a->loc;
		u->user = app;
		u->job_user = job;
		if (*tail)
			(*tail)->next = u;
		else
			*head = u;
		*tail = u;
	}
}

/* Appends NAME VALUE (an env statement, an engine's env, client-env or client-secret) to a list; @owner keys the
   duplicate check, so one list (or two that share a name space, like client-env and client-secret) holds each name
   once. */
void read_pair_into(struct reader *r, const struct ast_stmt *st, const void *owner, struct env_var **head,
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

void read_env_into(struct reader *r, const struct ast_stmt *st, const void *owner, struct env_var **head,
		   struct env_var **tail)
{
	read_pair_into(r, st, owner, head, tail, K_WORD | K_STRING | K_PATH, "a value");
}

/* `command "CMD"` or `command "ARG0", "ARG1", ...` (and `migrate`, which takes the same two forms): one string is
   split or run by a shell when lowered (command_argv); a list is argv as written. Every item is a string, word or
   path, so `command /app/cleanup, --older-than, 30d` reads too. */
void read_command_into(struct reader *r, const struct ast_stmt *st, struct setting *text, struct argv_word **argv,
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
int check_command_shape(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec)
{
	for (const struct ast_arg *a = st->args ? st->args->next : NULL; a; a = a->next)
		if (!a->after_comma)
			return check_shape(r, st, spec, 1, 1, false);
	return check_shape(r, st, spec, 1, UINT32_MAX, true);
}

void read_command(struct reader *r, const struct ast_stmt *st, struct command *cmd)
{
	read_command_into(r, st, &cmd->text, &cmd->argv, &cmd->argv_tail);
}

/* `image`, `image "REF"` or `image of APP`, in an app or a job. */
void read_image(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, bool *has_image,
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

void read_block(struct reader *r, const struct ast_stmt *st, enum scope scope, void *target)
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

bool is_word(const struct ast_arg *a, const char *text)
{
	return a && a->kind == ARG_WORD && strcmp(a->text, text) == 0;
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
