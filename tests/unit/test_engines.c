/* test_engines.c: unit tests of store engines: reading engine data (stdlib and program), binding stores to engines, the rules, and what a store of an engine lowers to. */
#include "testutil_backend.h"

#include "model.h"

enum { MAX_OBJECTS = 64 };

struct recorded {
	const char *kind, *name;
	const struct ynode *doc;
};

struct recorder {
	struct arena *arena;
	struct recorded objs[MAX_OBJECTS];
	size_t n;
};

static int record(void *user, const struct k8s_object *obj)
{
	struct recorder *r = user;
	if (r->n == MAX_OBJECTS)
		return -1;
	struct recorded *o = &r->objs[r->n++];
	o->kind = arena_strdup(r->arena, obj->kind);
	o->name = arena_strdup(r->arena, obj->name);
	o->doc = y_clone(r->arena, obj->doc);
	return 0;
}

/* Compiles @text, which must give no diagnostic at all, and lowers it into @r; @c keeps the model. */
static void lower_clean_k(struct rbdc_ctx *ctx, const char *text, struct compilation *c, struct recorder *r, bool kustomization)
{
	if (compile_text(ctx, text, c) || ctx->diags.head)
		fail_msg("the program does not compile clean:\n%s", rendered_diags(ctx));
	memset(r, 0, sizeof *r);
	r->arena = &ctx->arena;
	struct lower_sink sink = {record, r};
	assert_int_equal(lower_program(ctx, &c->model, kustomization, &sink), 0);
}

static void lower_clean(struct rbdc_ctx *ctx, const char *text, struct compilation *c, struct recorder *r)
{
	lower_clean_k(ctx, text, c, r, false);
}

static const struct ynode *object(const struct recorder *r, const char *kind, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->objs[i].kind, kind) == 0 && strcmp(r->objs[i].name, name) == 0)
			return r->objs[i].doc;
	fail_msg("no %s %s", kind, name);
	return NULL;
}

static const struct engine_decl *engine(const struct model *m, const char *name)
{
	for (const struct engine_decl *e = m->engines; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	fail_msg("no engine %s", name);
	return NULL;
}

/* The value of env @name in @env (a sequence), or NULL; *@from gets its valueFrom when it has one. */
static const char *env_value(const struct ynode *env, const char *name, const struct ynode **from)
{
	for (const struct ynode *e = env ? env->first : NULL; e; e = e->next)
		if (strcmp(y_walk_str(e, "name"), name) == 0) {
			if (from)
				*from = y_walk(e, "valueFrom", "secretKeyRef", (const char *)NULL);
			return y_walk_str(e, "value") ? y_walk_str(e, "value") : "";
		}
	return NULL;
}

#define HEAD                                                                                                           \
	"project shop\ndomain shop.example.com\nvault { auth shop; mount kv; role shop; connection default }\n"
#define CACHE_SECRET "secret cache-auth from vault \"shop/cache\" { keys REDIS_PASSWORD }\n"
#define DB_SECRET "secret db-root from vault \"shop/db\" { keys POSTGRES_PASSWORD }\n"
#define WEB "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; route /; uses %s }\n"
#define INGRESS "ingress { tls letsencrypt-prod }\n"

/* The stdlib's engines are data read by the same statement a program uses: every field of both. */
static void stdlib_engines_are_read(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, "project shop\n", &c), 0);
	const struct engine_decl *redis = engine(&c.model, "redis"), *pg = engine(&c.model, "postgres");
	assert_true(redis->from_stdlib && pg->from_stdlib);
	assert_int_equal(redis->port.num, 6379);
	assert_int_equal(pg->port.num, 5432);
	assert_int_equal(redis->user.num, 10001);
	assert_int_equal(pg->user.num, 10001); /* not the image's 999: kube-score wants UIDs above 10000 */
	assert_string_equal(redis->data.text, "/data");
	assert_string_equal(pg->data.text, "/var/lib/postgresql"); /* 18's VOLUME: PGDATA is a subdirectory */
	assert_string_equal(pg->writable->value.text, "/var/run/postgresql");
	assert_null(pg->writable->next);
	assert_string_equal(redis->probe.text, "exec");
	assert_non_null(strstr(pg->probe_cmd.text, "pg_isready"));
	assert_string_equal(redis->secret_keys->value.text, "REDIS_PASSWORD");
	assert_string_equal(pg->secret_keys->value.text, "POSTGRES_PASSWORD");
	assert_string_equal(pg->client_env->name.text, "PGHOST");
	assert_string_equal(pg->client_env->value.text, "{host}");
	assert_string_equal(pg->client_secret->name.text, "PGPASSWORD");
	assert_string_equal(pg->client_secret->value.text, "POSTGRES_PASSWORD");
	assert_non_null(strstr(redis->image.text, "redis:8.6.7"));
	assert_non_null(strstr(pg->image.text, "postgres:18.6"));
	assert_false(pg->command.set); /* the image's own entrypoint initialises the database */
	assert_null(strstr(redis->command.text, "--requirepass")); /* the password is never an argument */
}

/* A store without `engine` is MinIO, bound to no declaration; `engine minio` says the same. */
static void default_engine_is_minio(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	struct recorder r;
	lower_clean(ctx,
		    HEAD "secret minio-root from vault \"shop/m\" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }\n"
			 "secret web-env from vault \"shop/web\" { keys S3_ACCESS_KEY, S3_SECRET_KEY }\n"
			 "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; route /; secrets web-env; uses a, b }\n"
			 "store a { size 1Gi; bucket one; secrets minio-root }\n"
			 "store b { engine minio; size 1Gi; bucket two; secrets minio-root }\n" INGRESS,
		    &c, &r);
	for (const struct store *s = c.model.stores; s; s = s->next) {
		assert_true(s->minio);
		assert_null(s->engine_decl);
	}
	assert_string_equal(y_walk_str(object(&r, "StatefulSet", "b"), "spec", "template", "spec", "containers", "#0", "name"), "minio");
	assert_int_equal(y_walk(object(&r, "NetworkPolicy", "b"), "spec", "ingress", "#0", "ports", "#0", "port", (const char *)NULL)->num,
			 9000);
}

/* A postgres store: the engine's image, UID, port, data mount, writable path and probes, and the claim. */
static void postgres_store_lowers_from_engine_data(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	struct recorder r;
	lower_clean(ctx, HEAD DB_SECRET "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; route /; uses db }\n"
				      "store db { engine postgres; size 20Gi; secrets db-root }\n" INGRESS,
		    &c, &r);
	const struct ynode *pod = y_walk(object(&r, "StatefulSet", "db"), "spec", "template", "spec", (const char *)NULL);
	const struct ynode *ct = y_walk(pod, "containers", "#0", (const char *)NULL);
	assert_string_equal(y_walk_str(ct, "name"), "postgres");
	assert_string_equal(y_walk_str(ct, "image"), engine(&c.model, "postgres")->image.text);
	assert_null(y_get(ct, "command"));
	assert_int_equal(y_walk(pod, "securityContext", "runAsUser", (const char *)NULL)->num, 10001);
	assert_int_equal(y_walk(pod, "securityContext", "fsGroup", (const char *)NULL)->num, 10001);
	assert_string_equal(y_walk_str(pod, "securityContext", "fsGroupChangePolicy"), "OnRootMismatch");
	assert_true(y_walk(ct, "securityContext", "readOnlyRootFilesystem", (const char *)NULL)->num);
	assert_int_equal(y_walk(ct, "ports", "#0", "containerPort", (const char *)NULL)->num, 5432);
	assert_string_equal(y_walk_str(ct, "volumeMounts", "#0", "mountPath"), "/var/lib/postgresql");
	assert_string_equal(y_walk_str(ct, "volumeMounts", "#0", "name"), "data");
	assert_string_equal(y_walk_str(ct, "volumeMounts", "#2", "mountPath"), "/var/run/postgresql");
	assert_string_equal(y_walk_str(pod, "volumes", "#1", "name"), y_walk_str(ct, "volumeMounts", "#2", "name"));
	assert_non_null(y_walk(pod, "volumes", "#1", "emptyDir", (const char *)NULL));
	assert_string_equal(y_walk_str(ct, "livenessProbe", "tcpSocket", "port"), "postgres");
	assert_string_equal(y_walk_str(ct, "readinessProbe", "exec", "command", "#0"), "pg_isready");
	assert_string_equal(y_walk_str(ct, "startupProbe", "exec", "command", "#0"), "pg_isready");
	assert_string_equal(y_walk_str(ct, "envFrom", "#0", "secretRef", "name"), "db-root");
	assert_string_equal(y_walk_str(object(&r, "StatefulSet", "db"), "spec", "volumeClaimTemplates", "#0", "spec", "resources",
				       "requests", "storage"),
			    "20Gi");
	assert_string_equal(y_walk_str(object(&r, "Service", "db"), "spec", "ports", "#0", "targetPort"), "postgres");
	assert_string_equal(y_walk_str(object(&r, "Service", "db-headless"), "spec", "clusterIP"), "None");
	const struct ynode *rule = y_walk(object(&r, "NetworkPolicy", "db"), "spec", "ingress", "#0", (const char *)NULL);
	assert_int_equal(y_walk(rule, "ports", "#0", "port", (const char *)NULL)->num, 5432);
	assert_string_equal(y_walk_str(rule, "from", "#0", "podSelector", "matchLabels", "app.kubernetes.io/name"), "web");
	assert_int_equal(y_len(y_get(rule, "from")), 1);
	for (size_t i = 0; i < r.n; i++)
		assert_string_not_equal(r.objs[i].kind, "Job"); /* no bucket Job outside MinIO */
}

/* A program's own engine: every statement reaches the StatefulSet; a store's `image` and `user` override it. */
static void program_engine_and_store_overrides(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	struct recorder r;
	lower_clean(ctx,
		    HEAD "secret kv-auth from vault \"shop/kv\" { keys KV_PASSWORD }\n"
			 "engine kv {\n"
			 "  image \"docker.io/example/kv:2.1\"\n  port 7000\n  data /srv/kv\n  user 4242\n  probe tcp\n"
			 "  writable /run/kv, /var/log/kv\n  command \"kv-server --dir /srv/kv\"\n  env KV_MODE \"cache $(x)\"\n"
			 "  secret-keys KV_PASSWORD\n  client-env KV_URL \"kv://{host}:{port}/$0\"\n  client-secret KV_PASS KV_PASSWORD\n}\n"
			 "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; route /; uses one }\n"
			 "store one { engine kv; size 1Gi; secrets kv-auth; image \"docker.io/example/kv:2.2\"; user 5000 }\n" INGRESS,
		    &c, &r);
	const struct engine_decl *kv = engine(&c.model, "kv");
	assert_false(kv->from_stdlib);
	assert_ptr_equal(c.model.stores->engine_decl, kv);
	assert_false(c.model.stores->minio);
	const struct ynode *pod = y_walk(object(&r, "StatefulSet", "one"), "spec", "template", "spec", (const char *)NULL);
	const struct ynode *ct = y_walk(pod, "containers", "#0", (const char *)NULL);
	assert_string_equal(y_walk_str(ct, "image"), "docker.io/example/kv:2.2");
	assert_int_equal(y_walk(pod, "securityContext", "runAsUser", (const char *)NULL)->num, 5000);
	assert_string_equal(y_walk_str(ct, "command", "#0"), "kv-server");
	assert_string_equal(y_walk_str(ct, "command", "#2"), "/srv/kv");
	assert_string_equal(env_value(y_get(ct, "env"), "KV_MODE", NULL), "cache $$(x)");
	assert_string_equal(y_walk_str(ct, "readinessProbe", "tcpSocket", "port"), "kv");
	assert_string_equal(y_walk_str(ct, "volumeMounts", "#0", "mountPath"), "/srv/kv");
	assert_string_equal(y_walk_str(ct, "volumeMounts", "#2", "mountPath"), "/run/kv");
	assert_string_equal(y_walk_str(ct, "volumeMounts", "#3", "mountPath"), "/var/log/kv");
	assert_int_equal(y_len(y_get(pod, "volumes")), 3);
	/* The app: {host} and {port} filled in, '$' doubled; the password a secretKeyRef, never a value. */
	const struct ynode *app = y_walk(object(&r, "Deployment", "web"), "spec", "template", "spec", "containers", "#0", (const char *)NULL);
	const struct ynode *ref = NULL;
	assert_string_equal(env_value(y_get(app, "env"), "KV_URL", NULL), "kv://one:7000/$$0");
	assert_string_equal(env_value(y_get(app, "env"), "KV_PASS", &ref), "");
	assert_non_null(ref);
	assert_string_equal(y_walk_str(ref, "name"), "kv-auth");
	assert_string_equal(y_walk_str(ref, "key"), "KV_PASSWORD");
}

/* client-secret reads the store's secret that declares the key; VSO restarts the app with the store, once. */
static void client_secret_binding_and_restart_targets(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	struct recorder r;
	lower_clean(ctx,
		    HEAD "secret other from vault \"shop/other\" { keys UNRELATED }\n" CACHE_SECRET
			 "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; route /; uses cache }\n"
			 "app worker { image \"ghcr.io/acme/web:1\"; port 8001; health /healthz; secrets cache-auth; uses cache }\n"
			 "store cache { engine redis; size 1Gi; secrets other, cache-auth }\n" INGRESS,
		    &c, &r);
	const struct ynode *app = y_walk(object(&r, "Deployment", "web"), "spec", "template", "spec", "containers", "#0", (const char *)NULL);
	const struct ynode *ref = NULL;
	assert_non_null(env_value(y_get(app, "env"), "REDIS_PASSWORD", &ref));
	assert_string_equal(y_walk_str(ref, "name"), "cache-auth");
	assert_string_equal(env_value(y_get(app, "env"), "REDIS_HOST", NULL), "cache");
	assert_string_equal(env_value(y_get(app, "env"), "REDIS_PORT", NULL), "6379");
	const struct ynode *targets = y_walk(object(&r, "VaultStaticSecret", "cache-auth"), "spec", "rolloutRestartTargets", (const char *)NULL);
	/* worker lists the secret itself (one entry from that), the store, and web through client-secret */
	assert_int_equal(y_len(targets), 3);
	assert_string_equal(y_walk_str(targets, "#0", "name"), "worker");
	assert_string_equal(y_walk_str(targets, "#1", "name"), "cache");
	assert_string_equal(y_walk_str(targets, "#2", "name"), "web");
	/* `other` holds no client-secret key: only the store restarts with it */
	assert_int_equal(y_len(y_walk(object(&r, "VaultStaticSecret", "other"), "spec", "rolloutRestartTargets", (const char *)NULL)), 1);
}

/* An app image named like a store's server image gets no kustomize `images:` entry: it would retag the server too. */
static void store_image_name_blocks_retagging(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	struct recorder r;
	lower_clean_k(ctx, HEAD CACHE_SECRET "app web { image \"docker.io/library/redis:7.0\"; port 8000; health /healthz; route /; uses cache }\n"
					     "app api { image \"ghcr.io/acme/api:1\"; port 8001; health /healthz }\n"
					     "store cache { engine redis; size 1Gi; secrets cache-auth }\n" INGRESS,
		      &c, &r, true);
	const struct ynode *images = y_get(r.objs[r.n - 1].doc, "images");
	assert_int_equal(y_len(images), 1);
	assert_string_equal(y_walk_str(images, "#0", "name"), "ghcr.io/acme/api");
}

/* An app using a redis store needs no bucket and no MinIO keys (E041, E042 are MinIO's); MinIO's still do. */
static void minio_rules_only_for_minio(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, HEAD CACHE_SECRET "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; "
							     "route /; uses cache }\nstore cache { engine redis; size 1Gi; secrets cache-auth }\n" INGRESS,
				      &c),
			 0);
	assert_no_diags(ctx);
	struct rbdc_ctx other;
	rbdc_ctx_init(&other);
	compile_text(&other, HEAD "secret m from vault \"shop/m\" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }\n"
				  "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; route /; uses files }\n"
				  "store files { size 1Gi; secrets m }\n" INGRESS,
		     &c);
	assert_true(has_code(&other, DIAG_E042));
	rbdc_ctx_fini(&other);
}

/* Each engine mistake gives its code at the statement at fault (the error corpus has the full texts). */
struct engine_case {
	const char *program;
	enum diag_code code;
	unsigned line, col;
};

static void run_engine_case(void **state)
{
	const struct engine_case *ec = *state;
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	struct compilation c;
	int status = compile_text(&ctx, ec->program, &c);
	assert_code_at(&ctx, ec->code, ec->line, ec->col);
	if (diag_code_info(ec->code)->severity == SEV_ERROR)
		assert_int_not_equal(status, 0);
	rbdc_ctx_fini(&ctx);
}

#define KV_ENGINE(body) "engine kv { image \"docker.io/example/kv:2.1\"; port 7000; data /srv; user 999; probe tcp; " body " }\n"

static const struct engine_case cases[] = {
	{HEAD CACHE_SECRET "store cache { engine redsi; size 1Gi; secrets cache-auth }\n", DIAG_E080, 5, 22},
	{HEAD CACHE_SECRET "store cache { engine redis; size 1Gi; secrets cache-auth; bucket x-data }\n", DIAG_E081, 5, 59},
	{HEAD DB_SECRET "store db { engine postgres; size 1Gi; secrets db-root; console yes }\n", DIAG_E081, 5, 64},
	{HEAD DB_SECRET "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; uses a, b }\n"
			"store a { engine postgres; size 1Gi; secrets db-root }\nstore b { engine postgres; size 1Gi; secrets db-root }\n",
	 DIAG_E082, 5, 75},
	{HEAD CACHE_SECRET "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; env REDIS_PORT \"1\"; uses cache }\n"
			   "store cache { engine redis; size 1Gi; secrets cache-auth }\n",
	 DIAG_E082, 5, 71},
	{HEAD "engine minio { image \"x/y:1\"; port 1; data /d; user 9; probe tcp }\n", DIAG_E083, 4, 8},
	{HEAD KV_ENGINE("client-secret KV_PASS NOPE"), DIAG_E083, 4, 112},
	{HEAD KV_ENGINE("client-env KV_URL \"{scheme}://{host}\""), DIAG_E083, 4, 108},
	{HEAD KV_ENGINE("writable /tmp/kv"), DIAG_E083, 4, 99},
	{HEAD "engine a-very-long-engine { image \"x/y:1\"; port 1; data /d; user 9; probe tcp }\n", DIAG_E083, 4, 8},
	{HEAD "engine kv { image \"x/y:1\"; port 1 }\n", DIAG_E006, 4, 8},
	{HEAD "engine kv { image \"x/y:1\"; port 1; data /d; user 0; probe tcp }\n", DIAG_E016, 4, 50},
	{HEAD "engine kv { image \"x/y:1\"; port 1; data /d; user 9; probe exec }\n", DIAG_E004, 4, 53},
	{HEAD "engine kv { image \"x/y\"; port 1; data /d; user 9; probe tcp }\n", DIAG_W040, 4, 19},
	{HEAD "engine kv { image \"x/y:latest\"; port 1; data /d; user 9; probe tcp }\n", DIAG_W040, 4, 19},
	{HEAD "engine redis { image \"x/y:1\"; port 1; data /d; user 9; probe tcp }\n", DIAG_E007, 4, 8},
	{HEAD KV_ENGINE("client-env KV_TOKEN \"abc\""), DIAG_E013, 4, 101},
	{HEAD "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; uses db }\n"
	      "store db { engine postgres; size 1Gi }\n",
	 DIAG_E006, 5, 7},
	{HEAD "secret db-root from vault \"shop/db\" { keys PASSWORD_OF_DB }\n"
	      "app web { image \"ghcr.io/acme/web:1\"; port 8000; health /healthz; uses db }\n"
	      "store db { engine postgres; size 1Gi; secrets db-root }\n",
	 DIAG_E006, 6, 47},
};

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stdlib_engines_are_read, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(default_engine_is_minio, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(postgres_store_lowers_from_engine_data, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(program_engine_and_store_overrides, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(client_secret_binding_and_restart_targets, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(minio_rules_only_for_minio, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(store_image_name_blocks_retagging, ctx_setup, ctx_teardown),
	};
	struct CMUnitTest case_tests[sizeof cases / sizeof cases[0]];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		case_tests[i] = (struct CMUnitTest){diag_code_info(cases[i].code)->name, run_engine_case, NULL, NULL, (void *)&cases[i]};
	int failed = cmocka_run_group_tests_name("engines", tests, NULL, NULL);
	return failed + _cmocka_run_group_tests("engine rules", case_tests, sizeof case_tests / sizeof case_tests[0], NULL, NULL);
}
