/* model_store.c: the statements of store and engine blocks, and the store and engine declarations themselves. */
#include "model_internal.h"

#include <string.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

void read_store_stmt(struct reader *r, const struct ast_stmt *st, struct store *store)
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

void read_engine_stmt(struct reader *r, const struct ast_stmt *st, struct engine_decl *e)
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
			read_pair_into(r, st, &e->env, &e->env, &e->env_tail, K_WORD | K_STRING | K_PATH, "a value");
		return;
	case ST_ENGINE_CLIENT_ENV:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_pair_into(r, st, &e->client_env, &e->client_env, &e->client_env_tail, K_WORD | K_STRING | K_PATH, "a value");
		return;
	case ST_ENGINE_CLIENT_SECRET:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_pair_into(r, st, &e->client_env, &e->client_secret, &e->client_secret_tail, K_WORD, "a key name");
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

void read_store(struct reader *r, const struct ast_stmt *st)
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

static const struct rbd_loc *engine_loc(void *p) { return &((struct engine_decl *)p)->name_loc; }

/* engine NAME { ... }: the stdlib's and the program's share one name space; `minio` is built in. */
void read_engine(struct reader *r, const struct ast_stmt *st)
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
