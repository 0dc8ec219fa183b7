/* rules_store.c: rules of stores and engines: size and credentials, MinIO images, `uses` and MinIO users, engine declarations and client env. */
#include "rules_internal.h"

#include <stddef.h>
#include <string.h>

#include "diag.h"
#include "secrets.h"
#include "values.h"

/* "A", "A and B", "A, B and C", for messages. */
static const char *join_names(struct rule_ctx *rc, const char *const *names, size_t n)
{
	const char *out = "";
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&rc->ctx->arena, "%s%s%s", out, i == 0 ? "" : i == n - 1 ? " and " : ", ", names[i]);
	return out;
}

/* The keys of @keys, all of them or (with @s) those no secret of @s declares; *n gets their number. */
static const char *engine_keys_text(struct rule_ctx *rc, const struct engine_item *keys, const struct store *s, size_t *n)
{
	size_t total = 0;
	for (const struct engine_item *k = keys; k; k = k->next)
		total++;
	const char **names = arena_alloc(&rc->ctx->arena, (total + 1) * sizeof *names);
	*n = 0;
	for (const struct engine_item *k = keys; k; k = k->next) {
		bool found = false;
		for (const struct name_ref *ref = s ? s->secrets : NULL; ref && !found; ref = ref->next)
			for (const struct secret_key *sk = ref->secret ? ref->secret->keys : NULL; sk && !found; sk = sk->next)
				found = strcmp(sk->name.text, k->value.text) == 0;
		if (!found)
			names[(*n)++] = k->value.text;
	}
	return join_names(rc, names, *n);
}

/* E006: a store of an engine with `secret-keys` lists secrets that declare every one (postgres: POSTGRES_PASSWORD):
   the server reads them from its envFrom, and a postgres without its password refuses to initialise. */
static void check_engine_secrets(struct rule_ctx *rc, const struct store *s)
{
	const struct engine_decl *e = s->engine_decl;
	if (!e || !e->secret_keys || (!s->secrets && tried(rc->m, s->attempted, ST_SECRETS)))
		return;
	size_t n;
	if (!s->secrets) {
		const char *keys = engine_keys_text(rc, e->secret_keys, NULL, &n);
		diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'secrets': %s needs %s from Vault", s->name, e->name, keys);
		diag_note(rc->ctx, NULL, "declare %s in Vault and add 'secrets NAME' to the store", keys);
		return;
	}
	for (const struct name_ref *ref = s->secrets; ref; ref = ref->next)
		if (!ref->secret || ref->secret->bad || !ref->secret->n_keys)
			return; /* an undeclared, malformed or keyless secret is reported on its own */
	const char *keys = engine_keys_text(rc, e->secret_keys, s, &n);
	if (!n)
		return;
	diag_report(rc->ctx, DIAG_E006, s->secrets->loc, "store '%s' needs the key%s %s in its secrets: %s reads %s from them", s->name,
		    n > 1 ? "s" : "", keys, e->name, n > 1 ? "them" : "it");
	diag_note(rc->ctx, &s->secrets->secret->name_loc, "add %s to the keys of secret '%s'", n > 1 ? "them" : "it", s->secrets->name);
}

/* E006: a store needs its size and its root credentials from Vault. */
void rule_stores(struct rule_ctx *rc)
{
	for (const struct store *s = rc->m->stores; s; s = s->next) {
		if (!s->size.set && !tried(rc->m, s->attempted, ST_SIZE)) {
			diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'size' for its volume", s->name);
			diag_note(rc->ctx, NULL, "add the volume size, e.g. 'size 10Gi'");
		}
		if (!s->minio) {
			check_engine_secrets(rc, s);
			continue;
		}
		if (!s->secrets && tried(rc->m, s->attempted, ST_SECRETS))
			continue;
		if (!s->secrets) {
			diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'secrets': MinIO would start with its default root password",
				    s->name);
			diag_note(rc->ctx, NULL, "declare MINIO_ROOT_USER and MINIO_ROOT_PASSWORD in Vault and add 'secrets NAME'");
			continue;
		}
		bool user = false, password = false, bound = true;
		for (const struct name_ref *ref = s->secrets; ref; ref = ref->next) {
			/* An undeclared, malformed or keyless secret is reported on its own. */
			bound &= ref->secret != NULL && !ref->secret->bad && ref->secret->n_keys > 0;
			for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next) {
				user |= strcmp(k->name.text, "MINIO_ROOT_USER") == 0;
				password |= strcmp(k->name.text, "MINIO_ROOT_PASSWORD") == 0;
			}
		}
		if (bound && (!user || !password)) {
			bool both = !user && !password;
			diag_report(rc->ctx, DIAG_E006, s->secrets->loc, "store '%s' needs the key%s %s in its secrets", s->name, both ? "s" : "",
				    both ? "MINIO_ROOT_USER and MINIO_ROOT_PASSWORD" : !user ? "MINIO_ROOT_USER" : "MINIO_ROOT_PASSWORD");
			diag_note(rc->ctx, &s->secrets->secret->name_loc, "add %s to the keys of secret '%s'", both ? "them" : "it",
				  s->secrets->name);
		}
	}
}

static void check_image(struct rule_ctx *rc, const char *what, const struct setting *image)
{
	if (!image->set || image->bad)
		return;
	struct image_ref parts;
	const char *problem = value_has_control(image->text, image->len) ? "it holds a control character"
									  : value_parse_image(image->text, &parts);
	if (!problem)
		return;
	diag_report(rc->ctx, DIAG_E022, image->loc, "%s '%s' is not a valid reference: %s", what, image->text, problem);
	diag_note(rc->ctx, NULL, "write [HOST[:PORT]/]PATH:TAG[@sha256:DIGEST], like quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z");
}

/* E022: the MinIO images parse as references (apps' images are checked where model_resolve derives them). */
void rule_images(struct rule_ctx *rc)
{
	const struct defaults *d = &rc->m->defaults;
	check_image(rc, "minio-image", &d->minio_image);
	check_image(rc, "mc-image", &d->mc_image);
	for (const struct store *s = rc->m->stores; s; s = s->next)
		if (!inherited(&s->image, &d->minio_image) && !(s->engine_decl && inherited(&s->image, &s->engine_decl->image)))
			check_image(rc, "image", &s->image); /* the store's own; the defaults and engines are checked once */
}

/* True when every secret @app lists is declared and well-formed: only then can a missing key be news. */
static bool secrets_bound(const struct app *app)
{
	for (const struct name_ref *ref = app->secrets; ref; ref = ref->next)
		if (!ref->secret || ref->secret->bad || !ref->secret->n_keys)
			return false;
	return true;
}

static void check_s3_key_name(struct rule_ctx *rc, const struct setting *key, const char *what)
{
	if (!key->set || key->bad || value_is_env_name(key->text))
		return;
	diag_report(rc->ctx, DIAG_E021, key->loc, "'%s' names the secret key '%s', which cannot be one: use letters, digits and '_'", what,
		    key->text);
	diag_note(rc->ctx, NULL, "write the key as the secret's `keys` list has it, like S3_ACCESS_KEY");
}

/* E040, E041, E042, E007, E008, E021: what `uses` names exists, and a used store can give the app a MinIO user. */
void rule_uses(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	check_s3_key_name(rc, &m->defaults.s3_access_key, "s3-access-key");
	check_s3_key_name(rc, &m->defaults.s3_secret_key, "s3-secret-key");
	for (const struct app *a = m->apps; a; a = a->next) {
		if (!inherited(&a->s3_access_key, &m->defaults.s3_access_key))
			check_s3_key_name(rc, &a->s3_access_key, "s3-access-key");
		if (!inherited(&a->s3_secret_key, &m->defaults.s3_secret_key))
			check_s3_key_name(rc, &a->s3_secret_key, "s3-secret-key");
		for (const struct use_ref *u = a->uses; u; u = u->next) {
			if (listed_twice(rc, &seen, a, "app", a->name, "", u->name, " in 'uses'", &u->loc))
				continue;
			if (strcmp(u->name, a->name) == 0) {
				diag_report(rc->ctx, DIAG_E040, u->loc, "app '%s' uses itself", a->name);
				diag_note(rc->ctx, NULL, "an app's pods always reach each other; name the store or other app it talks to, or remove it");
				continue;
			}
			if (!u->store && !u->app && (misspelt_declaration(m, u->name) || named_by_unknown_statement(rc->program, u->name)))
				continue; /* `store Minio` (E008) or `stoer minio` (E003) is reported; `uses minio` is the same mistake */
			if (!u->store && !u->app) {
				diag_report(rc->ctx, DIAG_E040, u->loc, "app '%s' uses '%s', which is no store or app of the program", a->name, u->name);
				const char *near = closest_peer(m, a, u->name);
				if (near)
					diag_note(rc->ctx, NULL, "did you mean '%s'?", near);
				else
					diag_note(rc->ctx, NULL, "declare 'store %s { ... }' or 'app %s { ... }', or remove the name", u->name, u->name);
				continue;
			}
			if (!u->store) {
				if (!u->app->port.set && !tried(m, u->app->attempted, ST_PORT)) {
					diag_report(rc->ctx, DIAG_E060, u->loc, "app '%s' uses app '%s', which has no 'port': nothing listens there", a->name,
						    u->name);
					diag_note(rc->ctx, &u->app->name_loc, "give '%s' the port it listens on (port N), or remove it from 'uses'", u->name);
				}
				continue;
			}
			if (!u->store->minio)
				continue; /* another engine has no buckets and no MinIO users: its clients get its client-env */
			if (!u->store->buckets && !tried(m, u->store->attempted, ST_BUCKET)) {
				diag_report(rc->ctx, DIAG_E042, u->loc, "app '%s' uses store '%s', which has no bucket for its MinIO user", a->name, u->name);
				diag_note(rc->ctx, &u->store->name_loc, "add the bucket the app works in to store '%s': bucket NAME", u->name);
			}
			if (!secrets_bound(a) || (!a->secrets && tried(m, a->attempted, ST_SECRETS)) || !a->s3_access_key.set || !a->s3_secret_key.set || !value_is_env_name(a->s3_access_key.text) ||
			    !value_is_env_name(a->s3_secret_key.text) || (u->access_secret && u->secret_secret))
				continue;
			const char *missing = !u->access_secret && !u->secret_secret
						      ? arena_printf(&rc->ctx->arena, "%s and %s", a->s3_access_key.text, a->s3_secret_key.text)
						      : !u->access_secret ? a->s3_access_key.text : a->s3_secret_key.text;
			diag_report(rc->ctx, DIAG_E041, u->loc, "app '%s' uses store '%s', but none of its secrets holds %s for its MinIO user",
				    a->name, u->name, missing);
			if (a->secrets)
				diag_note(rc->ctx, &a->secrets->loc, "add %s to the keys of a secret the app lists, or name the keys it has: s3-access-key KEY, s3-secret-key KEY",
					  missing);
			else
				diag_note(rc->ctx, NULL, "declare %s in Vault and list that secret: secrets NAME", missing);
		}
	}
	if (m->ingress.ingress_namespace.set && !m->ingress.ingress_namespace.bad)
		check_label(rc->ctx, "ingress controller namespace", m->ingress.ingress_namespace.text, m->ingress.ingress_namespace.loc, 63);
	/* The NetworkPolicy that denies by default is named default-deny; the others are named after their app or store. */
	const struct app *clash_app = strmap_get(&m->app_names, "default-deny", strlen("default-deny"));
	const struct store *clash_store = strmap_get(&m->store_names, "default-deny", strlen("default-deny"));
	if (clash_app || clash_store) {
		diag_report(rc->ctx, DIAG_E007, clash_app ? clash_app->name_loc : clash_store->name_loc,
			    "the name 'default-deny' is taken by the NetworkPolicy that closes every pod by default");
		diag_note(rc->ctx, NULL, "rename the %s", clash_app ? "app" : "store");
	}
}

/* W015: a store whose S3 port no app may reach. Silent on errors, like W001: a misspelt `uses` or `app` leaves the
   store unused, and that error is reported as such. */
void rule_unused_stores(struct rule_ctx *rc)
{
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct store *s = rc->m->stores; s; s = s->next)
		if (!s->users && !s->job_users) {
			diag_report(rc->ctx, DIAG_W015, s->name_loc, "store '%s' is used by no app: its NetworkPolicy lets no app reach it", s->name);
			diag_note(rc->ctx, NULL, "add 'uses %s' to the app that reads and writes it", s->name);
		}
}

/* E080, E081: a store's engine exists, and MinIO's own statements stand only in MinIO stores. */
static void check_store_engine(struct rule_ctx *rc, const struct store *s)
{
	const struct model *m = rc->m;
	if (s->engine.set && !s->engine.bad && !s->minio && !s->engine_decl) {
		diag_report(rc->ctx, DIAG_E080, s->engine.loc, "store '%s' runs engine '%s', which is not declared", s->name, s->engine.text);
		const char *best = value_edit_distance(s->engine.text, "minio") <= value_edit_allowance(strlen(s->engine.text)) ? "minio" : NULL;
		unsigned best_distance = best ? value_edit_distance(s->engine.text, "minio") : UINT32_MAX;
		for (const struct engine_decl *e = m->engines; e; e = e->next) {
			unsigned d = value_edit_distance(s->engine.text, e->name);
			if (d <= value_edit_allowance(strlen(s->engine.text)) && d < best_distance) {
				best = e->name;
				best_distance = d;
			}
		}
		if (best) {
			diag_note(rc->ctx, NULL, "did you mean '%s'?", best);
		} else {
			const char *names = "minio";
			for (const struct engine_decl *e = m->engines; e; e = e->next)
				names = arena_printf(&rc->ctx->arena, "%s, %s", names, e->name);
			diag_note(rc->ctx, NULL, "the engines are %s; or declare it: engine %s { image \"REF\"; port N; data PATH; user UID; probe tcp }",
				  names, s->engine.text);
		}
	}
	if (s->minio || !s->engine.set || s->engine.bad)
		return;
	if (s->buckets) {
		diag_report(rc->ctx, DIAG_E081, s->buckets->stmt, "store '%s' runs %s, which has no buckets: 'bucket' is MinIO's", s->name,
			    s->engine.text);
		diag_note(rc->ctx, NULL, "remove it; files go in a store of their own: store files { size 10Gi; bucket NAME; secrets NAME }");
	}
	if (s->console.set) {
		diag_report(rc->ctx, DIAG_E081, s->console.loc, "store '%s' runs %s, which has no console: 'console' is MinIO's", s->name,
			    s->engine.text);
		diag_note(rc->ctx, NULL, "remove it; reach the server with kubectl port-forward svc/%s", s->name);
	}
}

/* A mount path of an engine: absolute, clean, and clear of /tmp, which every pod mounts itself. */
static void check_engine_path(struct rule_ctx *rc, const struct engine_decl *e, const struct setting *path, const char *what)
{
	if (!path->set || path->bad)
		return;
	const char *problem = value_path_problem(path->text, false);
	if (!problem && (strcmp(path->text, "/") == 0 || strcmp(path->text, "/tmp") == 0 || strncmp(path->text, "/tmp/", 5) == 0))
		problem = "the root and /tmp are mounted already";
	if (!problem)
		return;
	diag_report(rc->ctx, DIAG_E083, path->loc, "engine '%s': %s '%s' cannot be a mount path: %s", e->name, what, path->text, problem);
	diag_note(rc->ctx, NULL, "write the absolute directory, like /var/lib/postgresql");
}

static void check_engine_env(struct rule_ctx *rc, const struct env_var *list, bool client)
{
	for (const struct env_var *v = list; v; v = v->next) {
		check_env_entry(rc, v);
		const char *word = client ? secret_name_hint(v->name.text) : NULL;
		if (word) {
			diag_report(rc->ctx, DIAG_E013, v->name.loc, "'client-env %s' would hold a plaintext secret (its name says %s)", v->name.text,
				    word);
			diag_mask_text(rc->ctx, v->value.loc, v->value.text, v->value.len);
			diag_note(rc->ctx, NULL, "give it from the store's Vault secret: client-secret %s KEY", v->name.text);
		}
		for (const char *p = client ? strchr(v->value.text, '{') : NULL; p; p = strchr(p + 1, '{'))
			if (strncmp(p, "{host}", 6) != 0 && strncmp(p, "{port}", 6) != 0) {
				diag_report(rc->ctx, DIAG_E083, v->value.loc, "the value of client-env %s holds a placeholder other than {host} and {port}",
					    v->name.text);
				diag_note(rc->ctx, NULL, "{host} is the store's Service name and {port} the engine's port, like \"redis://{host}:{port}/0\"");
				break;
			}
	}
}

/* E006, E008, E083, E016, E021, E022, W040: an engine declaration describes a server rbdc can run restricted. The
   stdlib's engines are checked too: the same rules keep a new stdlib engine honest. */
static void check_engine_decl(struct rule_ctx *rc, const struct engine_decl *e)
{
	static const struct {
		enum stmt_id id;
		const char *name, *example;
		size_t offset;
	} required[] = {
		{ST_IMAGE, "image", "image \"docker.io/library/redis:8.6.7-trixie\"", offsetof(struct engine_decl, image)},
		{ST_PORT, "port", "port 6379", offsetof(struct engine_decl, port)},
		{ST_ENGINE_DATA, "data", "data /data", offsetof(struct engine_decl, data)},
		{ST_USER, "user", "user 999", offsetof(struct engine_decl, user)},
		{ST_ENGINE_PROBE, "probe", "probe tcp", offsetof(struct engine_decl, probe)},
	};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		const struct setting *set = (const struct setting *)((const char *)e + required[i].offset);
		if (!set->set && !tried(rc->m, e->attempted, required[i].id)) {
			diag_report(rc->ctx, DIAG_E006, e->name_loc, "engine '%s' has no '%s'", e->name, required[i].name);
			diag_note(rc->ctx, NULL, "add it, e.g. '%s'", required[i].example);
		}
	}
	check_label(rc->ctx, "engine", e->name, e->name_loc, 63);
	if (!value_dns_label_problem(e->name, 63) && (strlen(e->name) > 15 || strstr(e->name, "--"))) {
		diag_report(rc->ctx, DIAG_E083, e->name_loc, "engine name '%s' cannot name a port: %s", e->name,
			    strlen(e->name) > 15 ? "it is longer than 15 characters" : "it holds '--'");
		diag_note(rc->ctx, NULL, "an engine name is also its port's name (an IANA service name): at most 15 characters, no '--'");
	}
	check_user(rc, &e->user, arena_printf(&rc->ctx->arena, "engine '%s'", e->name));
	if (e->image.set && !e->image.bad) {
		struct image_ref parts;
		const char *problem = value_has_control(e->image.text, e->image.len) ? "it holds a control character"
											: value_parse_image(e->image.text, &parts);
		if (problem) {
			diag_report(rc->ctx, DIAG_E022, e->image.loc, "image '%s' is not a valid reference: %s", e->image.text, problem);
			diag_note(rc->ctx, NULL, "write [HOST[:PORT]/]PATH:TAG[@sha256:DIGEST], like docker.io/library/redis:8.6.7-trixie");
		} else if (!parts.digest && (!parts.tag || (parts.tag_len == 6 && strncmp(parts.tag, "latest", 6) == 0))) {
			diag_report(rc->ctx, DIAG_W040, e->image.loc, "engine '%s' runs image '%s', which names no release", e->name, e->image.text);
			diag_note(rc->ctx, NULL, "pin the server by its release tag (and digest), like docker.io/library/postgres:18.6-trixie");
		}
	}
	check_engine_path(rc, e, &e->data, "data");
	struct strmap paths;
	strmap_init(&paths, &rc->ctx->arena);
	if (e->data.set && !e->data.bad)
		strmap_put_new(&paths, e->data.text, e->data.len, (void *)&e->data);
	for (const struct engine_item *w = e->writable; w; w = w->next) {
		check_engine_path(rc, e, &w->value, "writable");
		const struct setting *first = strmap_put_new(&paths, w->value.text, w->value.len, (void *)&w->value);
		if (first) {
			diag_report(rc->ctx, DIAG_E007, w->value.loc, "engine '%s' mounts '%s' twice", e->name, w->value.text);
			diag_note(rc->ctx, &first->loc, "first mounted here");
		}
	}
	for (const struct engine_item *k = e->secret_keys; k; k = k->next)
		if (!value_is_env_name(k->value.text))
			diag_report(rc->ctx, DIAG_E021, k->value.loc, "key '%s' cannot become an environment variable: use letters, digits and '_'",
				    k->value.text);
	check_engine_env(rc, e->env, false);
	check_engine_env(rc, e->client_env, true);
	for (const struct env_var *cs = e->client_secret; cs; cs = cs->next) {
		bool declared = false;
		for (const struct engine_item *k = e->secret_keys; k && !declared; k = k->next)
			declared = strcmp(k->value.text, cs->value.text) == 0;
		if (!declared) {
			diag_report(rc->ctx, DIAG_E083, cs->value.loc, "client-secret %s reads key '%s', which engine '%s' does not list in 'secret-keys'",
				    cs->name.text, cs->value.text, e->name);
			diag_note(rc->ctx, NULL, "add it: secret-keys %s; every store of the engine must then hold it", cs->value.text);
		}
		if (!value_is_env_name(cs->name.text))
			diag_report(rc->ctx, DIAG_E021, cs->name.loc, "'%s' is not a portable environment variable name", cs->name.text);
	}
	const struct setting *cmds[] = {&e->command, &e->probe_cmd};
	for (size_t i = 0; i < 2; i++) {
		const struct setting *c = cmds[i];
		if (!c->set || c->bad)
			continue;
		/* A line break is shell syntax (a here-document feeds redis its password), so only the command may hold
		   one; any other control character would not reach the shell as written. */
		size_t blank = strspn(c->text, " \t\n"), plain = 0;
		for (size_t k = 0; k < c->len; k++)
			plain += !(i == 0 && c->text[k] == '\n') && value_has_control(c->text + k, 1);
		if (blank == c->len || plain)
			diag_report(rc->ctx, DIAG_E021, c->loc, "the %s of engine '%s' %s", i ? "probe command" : "command", e->name,
				    blank == c->len ? "is empty" : "holds a control character");
	}
}

/* The name of @s's first secret that declares @key (what a client-secret reads), or NULL. */
static const char *store_secret_with(const struct store *s, const char *key)
{
	for (const struct name_ref *ref = s->secrets; ref; ref = ref->next)
		for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next)
			if (strcmp(k->name.text, key) == 0)
				return ref->name;
	return NULL;
}

/* E082: the client variables an app gets from the stores it uses, its own env and each other never share a name. */
static void check_client_env(struct rule_ctx *rc, const struct app *a, struct strmap *seen)
{
	struct owner {
		const struct use_ref *use; /* NULL: the app's own env, or a key of one of its secrets */
		const struct rbd_loc *loc;
		const char *secret;        /* the secret that declares it, for a key */
	};
	bool any = false;
	for (const struct use_ref *u = a->uses; u && !any; u = u->next)
		any = u->store && u->store->engine_decl;
	if (!any)
		return;
	for (const struct env_var *v = a->env; v; v = v->next) {
		size_t key_len;
		const char *key = pair_key(&rc->ctx->arena, a, v->name.text, &key_len);
		struct owner *o = arena_alloc(&rc->ctx->arena, sizeof *o);
		*o = (struct owner){NULL, &v->name.loc, NULL};
		strmap_put_new(seen, key, key_len, o);
	}
	/* envFrom: a key of the app's own secrets would be shadowed by the store's variable of that name */
	for (const struct name_ref *ref = a->secrets; ref; ref = ref->next)
		for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next) {
			size_t key_len;
			const char *key = pair_key(&rc->ctx->arena, a, k->name.text, &key_len);
			struct owner *o = arena_alloc(&rc->ctx->arena, sizeof *o);
			*o = (struct owner){NULL, &k->name.loc, ref->name};
			strmap_put_new(seen, key, key_len, o);
		}
	for (const struct use_ref *u = a->uses; u; u = u->next) {
		const struct engine_decl *e = u->store ? u->store->engine_decl : NULL;
		const struct env_var *lists[] = {e ? e->client_env : NULL, e ? e->client_secret : NULL};
		bool reported = false;
		for (size_t i = 0; i < 2 && !reported; i++)
			for (const struct env_var *v = lists[i]; v && !reported; v = v->next) {
				size_t key_len;
				const char *key = pair_key(&rc->ctx->arena, a, v->name.text, &key_len);
				struct owner *o = arena_alloc(&rc->ctx->arena, sizeof *o);
				*o = (struct owner){u, &u->loc, NULL};
				const struct owner *first = strmap_put_new(seen, key, key_len, o);
				if (!first || (first->secret && i == 1 && strcmp(v->name.text, v->value.text) == 0 &&
					       first->secret == store_secret_with(u->store, v->value.text)))
					continue; /* the app lists the store's own secret: the same key of the same Secret, twice */
				reported = true; /* one error per store: the other variables clash the same way */
				if (first->use) {
					diag_report(rc->ctx, DIAG_E082, u->loc, "app '%s' uses stores '%s' and '%s', which both set %s", a->name,
						    first->use->name, u->name, v->name.text);
					diag_note(rc->ctx, first->loc, "an app uses one store per engine; give the other store's work to another app");
				} else if (first->secret) {
					diag_report(rc->ctx, DIAG_E082, u->loc, "app '%s' gets %s from its secret '%s' and from store '%s'", a->name,
						    v->name.text, first->secret, u->name);
					diag_note(rc->ctx, first->loc, "the store's %s would shadow the Vault value; drop the key from the secret, or the store from 'uses'",
						  v->name.text);
				} else {
					diag_report(rc->ctx, DIAG_E082, *first->loc, "app '%s' sets %s, which its store '%s' already gives it", a->name,
						    v->name.text, u->name);
					diag_note(rc->ctx, &u->loc, "remove the env: 'uses %s' sets %s to the store's %s", u->name, v->name.text,
						  lists[i] == e->client_secret ? "secret" : "address");
				}
			}
	}
}

void rule_engines(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	for (const struct engine_decl *e = m->engines; e; e = e->next)
		check_engine_decl(rc, e);
	for (const struct store *s = m->stores; s; s = s->next)
		check_store_engine(rc, s);
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct app *a = m->apps; a; a = a->next)
		check_client_env(rc, a, &seen);
}
