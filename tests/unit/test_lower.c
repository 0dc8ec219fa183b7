/* test_lower.c: unit tests of lowering: the objects a compiled model becomes, read back from the sink through y_get() walks. */
#include "testutil_backend.h"

/* Every kind of object: vault with role, two secrets, an app with migrate, a spa app, a store with a bucket, an ingress. */
#define FULL_PROGRAM                                                                                           \
	"project shop\n"                                                                                       \
	"domain shop.example.com\n"                                                                            \
	"registry ghcr.io/acme\n"                                                                              \
	"tag \"1.0.0\"\n"                                                                                      \
	"vault { auth shop; role shop-role; mount kv; connection default }\n"                                  \
	"secret web-env from vault \"shop/web\" { keys DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY }\n"        \
	"secret minio-root from vault \"shop/minio\" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }\n"          \
	"app api { image; port 8000; migrate \"alembic upgrade head\"; health /api/v1/health; secrets web-env;" \
	" env MODE \"prod\"; uses files; route /api/ }\n"                                                     \
	"app ui { image; port 8080; health /; spa; route / }\n"                                                \
	"store files { size 1Gi; bucket uploads; secrets minio-root }\n"                                       \
	"ingress { tls letsencrypt-prod }\n"

enum { MAX_OBJECTS = 64 };

struct recorded {
	const char *file, *kind, *name;
	const struct ynode *doc; /* a deep copy: the lowering frees its own tree after the call */
};

struct recorder {
	struct arena *arena;
	struct recorded objs[MAX_OBJECTS];
	size_t n;
	size_t stop_at; /* when non-zero, the sink answers 7 to the object with this 1-based index */
};

static int record(void *user, const struct k8s_object *obj)
{
	struct recorder *r = user;
	if (r->n == MAX_OBJECTS)
		return -1;
	struct recorded *o = &r->objs[r->n++];
	o->file = arena_strdup(r->arena, obj->file);
	o->kind = arena_strdup(r->arena, obj->kind);
	o->name = arena_strdup(r->arena, obj->name);
	o->doc = y_clone(r->arena, obj->doc);
	return r->stop_at && r->n == r->stop_at ? 7 : 0;
}

/* Compiles @text (it must be clean) and lowers it into @r. */
static void lower_text(struct rbdc_ctx *ctx, const char *text, bool kustomization, struct recorder *r)
{
	struct compilation c;
	int status = compile_text(ctx, text, &c);
	if (status || ctx->diags.head)
		fail_msg("the program does not compile clean:\n%s", rendered_diags(ctx));
	memset(r, 0, sizeof *r);
	r->arena = &ctx->arena;
	struct lower_sink sink = {record, r};
	assert_int_equal(lower_program(ctx, &c.model, kustomization, &sink), 0);
}

/* As lower_text, for a program whose only diagnostic is the warning @code. */
static void lower_text_warned(struct rbdc_ctx *ctx, const char *text, enum diag_code code, struct recorder *r)
{
	struct compilation c;
	int status = compile_text(ctx, text, &c);
	if (status || !ctx->diags.head || ctx->diags.head->next || ctx->diags.head->code != code)
		fail_msg("expected exactly %s; got:\n%s", diag_code_info(code)->name, rendered_diags(ctx));
	memset(r, 0, sizeof *r);
	r->arena = &ctx->arena;
	struct lower_sink sink = {record, r};
	assert_int_equal(lower_program(ctx, &c.model, false, &sink), 0);
}

static const struct recorded *find(const struct recorder *r, const char *kind, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->objs[i].kind, kind) == 0 && strcmp(r->objs[i].name, name) == 0)
			return &r->objs[i];
	fail_msg("no %s %s among the %zu objects", kind, name, r->n);
	return NULL;
}

/* The Job of store @store: its name carries a hash, so it is found by prefix. */
static const struct recorded *find_job(const struct recorder *r, const char *store)
{
	size_t n = strlen(store);
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->objs[i].kind, "Job") == 0 && strncmp(r->objs[i].name, store, n) == 0)
			return &r->objs[i];
	fail_msg("no Job for store %s", store);
	return NULL;
}

static bool is_hex8(const char *s)
{
	if (strlen(s) != 8)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* The Job name of store `files` after lowering FULL_PROGRAM edited by @edits. */
static const char *job_name(struct rbdc_ctx *ctx, const char *const *edits)
{
	struct recorder r;
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, edits), false, &r);
	return find_job(&r, "files")->name;
}

static const struct ynode *pod_spec(const struct recorded *o)
{
	const struct ynode *spec = y_walk(o->doc, "spec", "template", "spec", NULL);
	assert_non_null(spec);
	return spec;
}

/* The container of @o's pod named @name, in containers or initContainers. */
static const struct ynode *container(const struct recorded *o, const char *list, const char *name)
{
	const struct ynode *seq = y_get(pod_spec(o), list);
	for (const struct ynode *c = seq ? seq->first : NULL; c; c = c->next)
		if (strcmp(y_walk_str(c, "name"), name) == 0)
			return c;
	fail_msg("%s %s has no %s '%s'", o->kind, o->name, list, name);
	return NULL;
}

static void assert_seq_strings(const struct ynode *seq, const char *const *want, size_t n)
{
	assert_non_null(seq);
	assert_int_equal(seq->kind, Y_SEQ);
	assert_int_equal(y_len(seq), n);
	size_t i = 0;
	for (const struct ynode *item = seq->first; item; item = item->next, i++) {
		assert_int_equal(item->kind, Y_STR);
		assert_string_equal(item->str, want[i]);
	}
}

static void assert_bool_at(const struct ynode *map, const char *key, bool want)
{
	const struct ynode *n = y_get(map, key);
	if (!n || n->kind != Y_BOOL)
		fail_msg("'%s' is not a boolean", key);
	assert_int_equal(n->num, want);
}

static void assert_int_at(const struct ynode *map, const char *key, int64_t want)
{
	const struct ynode *n = y_get(map, key);
	if (!n || n->kind != Y_INT)
		fail_msg("'%s' is not a number", key);
	assert_int_equal(n->num, want);
}

/* ---- the object list ----------------------------------------------------------------------------------- */

static void objects_in_order(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, true, &r);
	static const char *const want[][3] = {
		{"shop-namespace.yaml", "Namespace", "shop"},
		{"shop-serviceaccount.yaml", "ServiceAccount", "shop"},
		{"shop-vaultauth.yaml", "VaultAuth", "shop"},
		{"web-env-vaultstaticsecret.yaml", "VaultStaticSecret", "web-env"},
		{"minio-root-vaultstaticsecret.yaml", "VaultStaticSecret", "minio-root"},
		{"api-service.yaml", "Service", "api"},
		{"api-deployment.yaml", "Deployment", "api"},
		{"ui-nginx-configmap.yaml", "ConfigMap", "ui-nginx"},
		{"ui-service.yaml", "Service", "ui"},
		{"ui-deployment.yaml", "Deployment", "ui"},
		{"files-service.yaml", "Service", "files"},
		{"files-headless-service.yaml", "Service", "files-headless"},
		{"files-statefulset.yaml", "StatefulSet", "files"},
		{NULL, "Job", NULL}, /* files-bucket-HASH */
		{"shop-ingress.yaml", "Ingress", "shop"},
		{"default-deny-networkpolicy.yaml", "NetworkPolicy", "default-deny"},
		{"api-networkpolicy.yaml", "NetworkPolicy", "api"},
		{"ui-networkpolicy.yaml", "NetworkPolicy", "ui"},
		{"files-networkpolicy.yaml", "NetworkPolicy", "files"},
		{"kustomization.yaml", "Kustomization", "kustomization"},
	};
	enum { N = sizeof want / sizeof want[0] };
	assert_int_equal(r.n, N);
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(r.objs[i].kind, want[i][1]);
		if (want[i][0]) {
			assert_string_equal(r.objs[i].file, want[i][0]);
			assert_string_equal(r.objs[i].name, want[i][2]);
		}
		/* the tree says what the record says */
		assert_string_equal(y_walk_str(r.objs[i].doc, "kind"), r.objs[i].kind);
		if (strcmp(r.objs[i].kind, "Kustomization") != 0)
			assert_string_equal(y_walk_str(r.objs[i].doc, "metadata", "name"), r.objs[i].name);
	}
	const struct recorded *job = &r.objs[13];
	assert_int_equal(strncmp(job->name, "files-bucket-", 13), 0);
	assert_true(is_hex8(job->name + 13));
	assert_string_equal(job->file, arena_printf(&ctx->arena, "%s-job.yaml", job->name));
}

static void without_kustomization(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	assert_int_equal(r.n, 19);
	for (size_t i = 0; i < r.n; i++)
		assert_string_not_equal(r.objs[i].kind, "Kustomization");
}

static void minimal_program_objects(void **state)
{
	/* no role: no VaultAuth; no store, no spa */
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, VALID_PROGRAM, true, &r);
	static const char *const want[] = {"shop-namespace.yaml", "web-env-vaultstaticsecret.yaml", "web-service.yaml",
					   "web-deployment.yaml", "shop-ingress.yaml", "default-deny-networkpolicy.yaml",
					   "web-networkpolicy.yaml", "kustomization.yaml"};
	assert_int_equal(r.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < r.n; i++)
		assert_string_equal(r.objs[i].file, want[i]);
}

static void vault_connection_with_address(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "connection default }", "address \"https://vault.example.com:8200\" }"),
		   false, &r);
	assert_string_equal(r.objs[1].kind, "ServiceAccount");
	assert_string_equal(r.objs[2].kind, "VaultConnection");
	assert_string_equal(r.objs[3].kind, "VaultAuth");
	assert_string_equal(y_walk_str(r.objs[2].doc, "spec", "address"), "https://vault.example.com:8200");
	assert_string_equal(y_walk_str(r.objs[3].doc, "spec", "vaultConnectionRef"), "shop");
	assert_string_equal(y_walk_str(r.objs[3].doc, "spec", "kubernetes", "role"), "shop-role");
	assert_string_equal(y_walk_str(r.objs[3].doc, "spec", "kubernetes", "serviceAccount"), "shop"); /* named after the VaultAuth */
	assert_bool_at(r.objs[1].doc, "automountServiceAccountToken", false);
}

static bool has_object(const struct recorder *r, const char *kind, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->objs[i].kind, kind) == 0 && strcmp(r->objs[i].name, name) == 0)
			return true;
	return false;
}

static void vault_connection_named_or_default(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r); /* connection default: VSO's own, so no reference */
	const struct recorded *auth = find(&r, "VaultAuth", "shop");
	assert_null(y_walk(auth->doc, "spec", "vaultConnectionRef", NULL));
	assert_false(has_object(&r, "VaultConnection", "shop"));
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "connection default", "connection vault-system/shared"), false, &r);
	auth = find(&r, "VaultAuth", "shop");
	assert_string_equal(y_walk_str(auth->doc, "spec", "vaultConnectionRef"), "vault-system/shared");
	assert_false(has_object(&r, "VaultConnection", "shop"));
}

/* Every container of every pod: ephemeral-storage request and limit, imagePullPolicy Always; every emptyDir a sizeLimit. */
static void every_container_bounds_its_disk(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "port 8000;", "port 8000; ephemeral-storage-limit 2Gi;"), false, &r);
	size_t pods = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct ynode *spec = y_walk(r.objs[i].doc, "spec", "template", "spec", NULL);
		if (!spec)
			continue;
		pods++;
		static const char *const lists[] = {"initContainers", "containers"};
		for (size_t k = 0; k < 2; k++)
			for (const struct ynode *c = y_get(spec, lists[k]) ? y_get(spec, lists[k])->first : NULL; c; c = c->next) {
				assert_non_null(y_walk_str(c, "resources", "requests", "ephemeral-storage"));
				assert_non_null(y_walk_str(c, "resources", "limits", "ephemeral-storage"));
				assert_string_equal(y_walk_str(c, "imagePullPolicy"), "Always");
			}
		for (const struct ynode *v = y_get(spec, "volumes")->first; v; v = v->next)
			if (y_get(v, "emptyDir"))
				assert_string_equal(y_walk_str(v, "emptyDir", "sizeLimit"), "512Mi");
	}
	assert_int_equal(pods, 4); /* api, ui, the store, its bucket Job */
	const struct ynode *api = container(find(&r, "Deployment", "api"), "containers", "api");
	assert_string_equal(y_walk_str(api, "resources", "limits", "ephemeral-storage"), "2Gi");
	assert_string_equal(y_walk_str(api, "resources", "requests", "ephemeral-storage"), "64Mi");
	const struct ynode *ui = container(find(&r, "Deployment", "ui"), "containers", "ui");
	assert_string_equal(y_walk_str(ui, "resources", "limits", "ephemeral-storage"), "1Gi");
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "ingress {", "defaults { tmp-size 64Mi }\ningress {"), false, &r);
	assert_string_equal(y_walk_str(pod_spec(find(&r, "Deployment", "ui")), "volumes", "#0", "emptyDir", "sizeLimit"), "64Mi");
}

/* Several replicas: a PodDisruptionBudget and an even spread over nodes; one replica: neither. */
static void replicas_get_budget_and_spread(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "port 8080;", "port 8080; replicas 3;"), false, &r);
	const struct recorded *pdb = find(&r, "PodDisruptionBudget", "ui");
	assert_non_null(pdb);
	assert_string_equal(pdb->file, "ui-poddisruptionbudget.yaml");
	assert_int_at(y_get(pdb->doc, "spec"), "maxUnavailable", 1);
	assert_string_equal(y_walk_str(pdb->doc, "spec", "selector", "matchLabels", "app.kubernetes.io/name"), "ui");
	const struct ynode *spread = y_walk(pod_spec(find(&r, "Deployment", "ui")), "topologySpreadConstraints", "#0", NULL);
	assert_non_null(spread);
	assert_int_at(spread, "maxSkew", 1);
	assert_string_equal(y_walk_str(spread, "topologyKey"), "kubernetes.io/hostname");
	assert_string_equal(y_walk_str(spread, "whenUnsatisfiable"), "ScheduleAnyway");
	assert_string_equal(y_walk_str(spread, "labelSelector", "matchLabels", "app.kubernetes.io/name"), "ui");
	assert_string_equal(y_walk_str(spread, "matchLabelKeys", "#0"), "pod-template-hash");
	assert_null(y_get(pod_spec(find(&r, "Deployment", "ui")), "affinity")); /* the spread replaced the anti-affinity */
	assert_false(has_object(&r, "PodDisruptionBudget", "api"));
	assert_null(y_get(pod_spec(find(&r, "Deployment", "api")), "topologySpreadConstraints"));
}

/* `singleton`: one pod, replaced rather than rolled, with neither budget nor spread, whatever the program default. */
static void singleton_is_one_pod_recreated(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	/* api migrates in each of its 4 pods: W002, the only diagnostic */
	lower_text_warned(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"port 8080;", "port 8080; singleton;", "ingress {",
										  "defaults { replicas 4 }\ningress {", NULL}),
			  DIAG_W002, &r);
	const struct recorded *ui = find(&r, "Deployment", "ui");
	assert_int_at(y_get(ui->doc, "spec"), "replicas", 1);
	assert_string_equal(y_walk_str(ui->doc, "spec", "strategy", "type"), "Recreate");
	assert_null(y_walk(ui->doc, "spec", "strategy", "rollingUpdate", NULL));
	assert_false(has_object(&r, "PodDisruptionBudget", "ui"));
	assert_null(y_get(pod_spec(ui), "topologySpreadConstraints"));
	/* the other app takes the program default: 4 pods, a budget, a spread and the default rollout */
	const struct recorded *api = find(&r, "Deployment", "api");
	assert_int_at(y_get(api->doc, "spec"), "replicas", 4);
	assert_null(y_walk(api->doc, "spec", "strategy", NULL));
	assert_true(has_object(&r, "PodDisruptionBudget", "api"));
}

/* `autoscale MIN..MAX cpu N%`: an autoscaling/v2 HPA on the Deployment, which has no spec.replicas; a budget and a
   spread when the autoscaler may run several pods, neither when its maximum is one. */
static void autoscale_lowers_to_hpa_without_replicas(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "port 8080;", "port 8080; autoscale 2..9 cpu 65%;"), false, &r);
	const struct recorded *hpa = find(&r, "HorizontalPodAutoscaler", "ui");
	assert_non_null(hpa);
	assert_string_equal(hpa->file, "ui-horizontalpodautoscaler.yaml");
	assert_string_equal(y_walk_str(hpa->doc, "apiVersion"), "autoscaling/v2");
	assert_string_equal(y_walk_str(hpa->doc, "spec", "scaleTargetRef", "apiVersion"), "apps/v1");
	assert_string_equal(y_walk_str(hpa->doc, "spec", "scaleTargetRef", "kind"), "Deployment");
	assert_string_equal(y_walk_str(hpa->doc, "spec", "scaleTargetRef", "name"), "ui");
	assert_int_at(y_get(hpa->doc, "spec"), "minReplicas", 2);
	assert_int_at(y_get(hpa->doc, "spec"), "maxReplicas", 9);
	const struct ynode *metric = y_walk(hpa->doc, "spec", "metrics", "#0", NULL);
	assert_string_equal(y_walk_str(metric, "type"), "Resource");
	assert_string_equal(y_walk_str(metric, "resource", "name"), "cpu");
	assert_string_equal(y_walk_str(metric, "resource", "target", "type"), "Utilization");
	assert_int_at(y_walk(metric, "resource", "target", NULL), "averageUtilization", 65);
	assert_null(y_walk(metric, "resource", "target", "averageValue", NULL));
	const struct recorded *ui = find(&r, "Deployment", "ui");
	assert_null(y_walk(ui->doc, "spec", "replicas", NULL));
	assert_non_null(y_walk(ui->doc, "spec", "selector", NULL));
	assert_true(has_object(&r, "PodDisruptionBudget", "ui"));
	assert_non_null(y_get(pod_spec(ui), "topologySpreadConstraints"));
	assert_false(has_object(&r, "HorizontalPodAutoscaler", "api"));

	lower_text_warned(ctx, edit_once(ctx, FULL_PROGRAM, "port 8080;", "port 8080; autoscale 1..1 cpu 65%;"), DIAG_W045, &r);
	assert_true(has_object(&r, "HorizontalPodAutoscaler", "ui"));
	assert_false(has_object(&r, "PodDisruptionBudget", "ui"));
	assert_null(y_get(pod_spec(find(&r, "Deployment", "ui")), "topologySpreadConstraints"));
}

/* Each workload carries the app.kubernetes.io labels its pods carry (the bucket Job was once labelled like the store). */
static void objects_labelled_like_their_pods(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	for (size_t i = 0; i < r.n; i++) {
		const struct ynode *pod_labels = y_walk(r.objs[i].doc, "spec", "template", "metadata", "labels", NULL);
		if (!pod_labels)
			continue;
		const struct ynode *labels = y_walk(r.objs[i].doc, "metadata", "labels", NULL);
		for (const struct ynode *l = labels->first; l; l = l->next)
			assert_string_equal(y_walk_str(pod_labels, l->key), l->str);
		for (const struct ynode *l = pod_labels->first; l; l = l->next)
			assert_string_equal(y_walk_str(labels, l->key), l->str);
	}
	assert_string_equal(y_walk_str(find_job(&r, "files")->doc, "metadata", "labels", "app.kubernetes.io/name"), "files-bucket");
}

static void sink_error_stops_lowering(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, FULL_PROGRAM, &c), 0);
	struct recorder r = {.arena = &ctx->arena, .stop_at = 3};
	struct lower_sink sink = {record, &r};
	assert_int_equal(lower_program(ctx, &c.model, true, &sink), 7);
	assert_int_equal(r.n, 3);
}

static void file_names_are_unique(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, true, &r);
	for (size_t i = 0; i < r.n; i++)
		for (size_t j = i + 1; j < r.n; j++)
			assert_string_not_equal(r.objs[i].file, r.objs[j].file);
}

/* ---- metadata ------------------------------------------------------------------------------------------ */

static void every_object_in_the_namespace(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, true, &r);
	for (size_t i = 0; i < r.n; i++) {
		const struct recorded *o = &r.objs[i];
		if (strcmp(o->kind, "Kustomization") == 0) {
			assert_null(y_get(o->doc, "metadata"));
			continue;
		}
		if (strcmp(o->kind, "Namespace") == 0)
			assert_null(y_walk(o->doc, "metadata", "namespace", NULL));
		else
			assert_string_equal(y_walk_str(o->doc, "metadata", "namespace"), "shop");
		assert_string_equal(y_walk_str(o->doc, "metadata", "labels", "app.kubernetes.io/part-of"), "shop");
		assert_string_equal(y_walk_str(o->doc, "metadata", "labels", "app.kubernetes.io/managed-by"), "rbdc");
		assert_non_null(y_walk_str(o->doc, "metadata", "labels", "app.kubernetes.io/name"));
	}
	const struct recorded *ns = find(&r, "Namespace", "shop");
	assert_string_equal(y_walk_str(ns->doc, "metadata", "labels", "pod-security.kubernetes.io/enforce"), "restricted");
}

static void namespace_override_reaches_every_object(void **state)
{
	struct rbdc_ctx *ctx = *state;
	ctx->opts.namespace_override = "staging";
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "project shop\n", "project shop\nnamespace prod\n"), false, &r);
	assert_string_equal(r.objs[0].file, "staging-namespace.yaml");
	assert_string_equal(y_walk_str(r.objs[0].doc, "metadata", "name"), "staging");
	for (size_t i = 1; i < r.n; i++)
		assert_string_equal(y_walk_str(r.objs[i].doc, "metadata", "namespace"), "staging");
}

/* ---- apps ---------------------------------------------------------------------------------------------- */

static void migrate_runs_the_app_image(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct recorded *api = find(&r, "Deployment", "api");
	const char *app_image = y_walk_str(container(api, "containers", "api"), "image");
	const char *init_image = y_walk_str(container(api, "initContainers", "migrate"), "image");
	assert_string_equal(app_image, "ghcr.io/acme/shop-api:1.0.0");
	assert_string_equal(init_image, app_image);
	/* the init container sees the same configuration as the app */
	const struct ynode *init = container(api, "initContainers", "migrate");
	assert_string_equal(y_walk_str(init, "envFrom", "#0", "secretRef", "name"), "web-env");
	assert_string_equal(y_walk_str(init, "env", "#0", "name"), "MODE");
	/* no migrate, no init container */
	assert_null(y_get(pod_spec(find(&r, "Deployment", "ui")), "initContainers"));
}

static void migrate_with_explicit_image(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *text = edit_once(ctx, FULL_PROGRAM, "app api { image;", "app api { image \"registry.local:5000/api:7\";");
	lower_text(ctx, text, false, &r);
	const struct recorded *api = find(&r, "Deployment", "api");
	assert_string_equal(y_walk_str(container(api, "initContainers", "migrate"), "image"), "registry.local:5000/api:7");
	assert_string_equal(y_walk_str(container(api, "containers", "api"), "image"), "registry.local:5000/api:7");
}

/* The command of the migrate container when the app's migrate is @cmd (an rbd string body). */
static const struct ynode *migrate_command(struct rbdc_ctx *ctx, const char *cmd)
{
	struct recorder r;
	const char *text = edit_once(ctx, FULL_PROGRAM, "migrate \"alembic upgrade head\"",
				     arena_printf(&ctx->arena, "migrate \"%s\"", cmd));
	lower_text(ctx, text, false, &r);
	return y_get(container(find(&r, "Deployment", "api"), "initContainers", "migrate"), "command");
}

static void command_plain_is_split(void **state)
{
	struct rbdc_ctx *ctx = *state;
	static const char *const want[] = {"alembic", "upgrade", "head"};
	assert_seq_strings(migrate_command(ctx, "alembic upgrade head"), want, 3);
	static const char *const spaced[] = {"python", "-m", "app.migrate", "--to=head"};
	assert_seq_strings(migrate_command(ctx, "  python \\t -m   app.migrate --to=head  "), spaced, 4);
	static const char *const one[] = {"/app/migrate"};
	assert_seq_strings(migrate_command(ctx, "/app/migrate"), one, 1);
}

static void command_with_shell_syntax_uses_sh(void **state)
{
	static const char *const shell[] = {
		/* as written in the rbd string, and the command it stands for */
		"alembic upgrade head && echo done", "alembic upgrade head && echo done",
		"alembic upgrade head; seed",        "alembic upgrade head; seed",
		"migrate --db=$DATABASE_URL",        "migrate --db=$$DATABASE_URL", /* the kubelet turns $$ back into $ */
		"run 'a b'",                         "run 'a b'",
		"run \\\"a b\\\"",                   "run \"a b\"",
		"ls *.sql | sort",                   "ls *.sql | sort",
		"run > /tmp/log",                    "run > /tmp/log",
		"cd /app && ./migrate",              "cd /app && ./migrate",
		"run `date`",                        "run `date`",
		"run ~/bin",                         "run ~/bin",
	};
	for (size_t i = 0; i < sizeof shell / sizeof shell[0]; i += 2) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		const char *const want[] = {"/bin/sh", "-c", shell[i + 1]};
		assert_seq_strings(migrate_command(&ctx, shell[i]), want, 3);
		rbdc_ctx_fini(&ctx);
	}
	(void)state;
}

/* The restricted profile on a pod spec and on each of its containers, for user @uid. */
static void assert_restricted(const struct recorded *o, int64_t uid)
{
	const struct ynode *pod = pod_spec(o);
	const struct ynode *sc = y_get(pod, "securityContext");
	if (!sc)
		fail_msg("%s %s: no pod securityContext", o->kind, o->name);
	assert_bool_at(sc, "runAsNonRoot", true);
	assert_int_at(sc, "runAsUser", uid);
	assert_int_at(sc, "runAsGroup", uid);
	assert_int_at(sc, "fsGroup", uid);
	assert_string_equal(y_walk_str(sc, "seccompProfile", "type"), "RuntimeDefault");
	assert_bool_at(pod, "automountServiceAccountToken", false);
	size_t n = 0;
	static const char *const lists[] = {"initContainers", "containers"};
	for (size_t l = 0; l < 2; l++) {
		const struct ynode *list = y_get(pod, lists[l]);
		for (const struct ynode *c = list ? list->first : NULL; c; c = c->next, n++) {
			const struct ynode *csc = y_get(c, "securityContext");
			if (!csc)
				fail_msg("%s %s: container %s has no securityContext", o->kind, o->name, y_walk_str(c, "name"));
			assert_bool_at(csc, "allowPrivilegeEscalation", false);
			assert_bool_at(csc, "readOnlyRootFilesystem", true);
			assert_bool_at(csc, "runAsNonRoot", true);
			assert_int_at(csc, "runAsUser", uid);
			assert_int_at(csc, "runAsGroup", uid);
			static const char *const all[] = {"ALL"};
			assert_seq_strings(y_walk(csc, "capabilities", "drop", NULL), all, 1);
			assert_null(y_walk(csc, "capabilities", "add", NULL));
			assert_null(y_get(csc, "privileged"));
		}
	}
	assert_true(n >= 1);
}

static void security_context_on_pod_and_every_container(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	size_t workloads = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct recorded *o = &r.objs[i];
		if (!y_walk(o->doc, "spec", "template", NULL))
			continue;
		/* apps run as the default user, MinIO and its Job as the stdlib's minio-user */
		bool minio = strcmp(o->kind, "StatefulSet") == 0 || strcmp(o->kind, "Job") == 0;
		assert_restricted(o, 10001); /* minio-user is 10001 too: no low UID anywhere */
		(void)minio;
		workloads++;
	}
	assert_int_equal(workloads, 4); /* api, ui, files, the bucket Job */
}

static void security_context_follows_user_settings(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *text = edit_all(ctx, FULL_PROGRAM,
				    (const char *const[]){"port 8000;", "port 8000; user 30000;", "ingress {",
							  "defaults { user 20000; minio-user 40000 }\ningress {", NULL});
	lower_text(ctx, text, false, &r);
	assert_restricted(find(&r, "Deployment", "api"), 30000);
	assert_restricted(find(&r, "Deployment", "ui"), 20000);
	assert_restricted(find(&r, "StatefulSet", "files"), 40000);
	assert_restricted(find_job(&r, "files"), 40000);
}

static void probes_and_ports(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct ynode *api = container(find(&r, "Deployment", "api"), "containers", "api");
	assert_string_equal(y_walk_str(api, "livenessProbe", "httpGet", "path"), "/api/v1/health");
	assert_string_equal(y_walk_str(api, "readinessProbe", "httpGet", "path"), "/api/v1/health");
	/* liveness: the port by number, tolerant (6 x 20s); readiness: by name, quick (3 x 10s); startup holds both back */
	assert_int_at(y_walk(api, "livenessProbe", "httpGet", NULL), "port", 8000);
	assert_string_equal(y_walk_str(api, "readinessProbe", "httpGet", "port"), "http");
	assert_null(y_walk(api, "livenessProbe", "initialDelaySeconds", NULL));
	assert_null(y_walk(api, "readinessProbe", "initialDelaySeconds", NULL));
	assert_int_at(y_get(api, "livenessProbe"), "periodSeconds", 20);
	assert_int_at(y_get(api, "livenessProbe"), "failureThreshold", 6);
	assert_int_at(y_get(api, "readinessProbe"), "periodSeconds", 10);
	assert_int_at(y_get(api, "readinessProbe"), "failureThreshold", 3);
	assert_int_at(y_get(api, "readinessProbe"), "timeoutSeconds", 3);
	assert_string_equal(y_walk_str(api, "startupProbe", "httpGet", "path"), "/api/v1/health");
	assert_int_at(y_get(api, "startupProbe"), "initialDelaySeconds", 10);
	assert_int_at(y_get(api, "startupProbe"), "failureThreshold", 30);
	const struct ynode *minio = container(find(&r, "StatefulSet", "files"), "containers", "minio");
	assert_string_equal(y_walk_str(minio, "livenessProbe", "httpGet", "path"), "/minio/health/live");
	assert_string_equal(y_walk_str(minio, "readinessProbe", "httpGet", "path"), "/minio/health/ready");
	assert_string_equal(y_walk_str(minio, "startupProbe", "httpGet", "path"), "/minio/health/live");
	assert_int_at(y_get(minio, "livenessProbe"), "failureThreshold", 6);
	assert_int_at(y_walk(api, "ports", "#0", NULL), "containerPort", 8000);
	const struct recorded *svc = find(&r, "Service", "api");
	assert_int_at(y_walk(svc->doc, "spec", "ports", "#0", NULL), "port", 8000);
	assert_string_equal(y_walk_str(svc->doc, "spec", "ports", "#0", "targetPort"), "http");
	assert_string_equal(y_walk_str(svc->doc, "spec", "selector", "app.kubernetes.io/name"), "api");
	const struct recorded *dep = find(&r, "Deployment", "api");
	assert_int_at(y_get(dep->doc, "spec"), "replicas", 1);
	assert_string_equal(y_walk_str(dep->doc, "spec", "selector", "matchLabels", "app.kubernetes.io/name"), "api");
	assert_string_equal(y_walk_str(dep->doc, "spec", "template", "metadata", "labels", "app.kubernetes.io/name"), "api");
}

static void resources_from_defaults_and_app(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "port 8000;", "port 8000; memory 256Mi; cpu-limit 2; replicas 1;"),
		   false, &r);
	const struct ynode *api = container(find(&r, "Deployment", "api"), "containers", "api");
	assert_string_equal(y_walk_str(api, "resources", "requests", "memory"), "256Mi");
	assert_string_equal(y_walk_str(api, "resources", "requests", "cpu"), "100m");
	assert_string_equal(y_walk_str(api, "resources", "limits", "memory"), "512Mi");
	assert_string_equal(y_walk_str(api, "resources", "limits", "cpu"), "2");
	const struct ynode *ui = container(find(&r, "Deployment", "ui"), "containers", "ui");
	assert_string_equal(y_walk_str(ui, "resources", "requests", "memory"), "128Mi");
	assert_null(y_walk(ui, "resources", "limits", "cpu", NULL));
}

static void spa_config_map_and_mount(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const char *conf = y_walk_str(find(&r, "ConfigMap", "ui-nginx")->doc, "data", "default.conf");
	assert_non_null(conf);
	assert_non_null(strstr(conf, "listen 8080;"));
	assert_non_null(strstr(conf, "try_files $uri $uri/ /index.html;"));
	assert_non_null(strstr(conf, "root /usr/share/nginx/html;"));
	const struct recorded *ui = find(&r, "Deployment", "ui");
	const char *hash = y_walk_str(ui->doc, "spec", "template", "metadata", "annotations", "rbdc.dev/config-hash");
	assert_non_null(hash);
	assert_true(is_hex8(hash));
	assert_string_equal(y_walk_str(pod_spec(ui), "volumes", "#1", "configMap", "name"), "ui-nginx");
	const struct ynode *mount = y_walk(container(ui, "containers", "ui"), "volumeMounts", "#1", NULL);
	assert_string_equal(y_walk_str(mount, "mountPath"), "/etc/nginx/conf.d/default.conf");
	assert_string_equal(y_walk_str(mount, "subPath"), "default.conf");
	/* an app without spa has no annotation */
	assert_null(y_walk(find(&r, "Deployment", "api")->doc, "spec", "template", "metadata", "annotations", NULL));
}

/* ---- secrets ------------------------------------------------------------------------------------------- */

static void vault_static_secret(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct ynode *spec = y_get(find(&r, "VaultStaticSecret", "web-env")->doc, "spec");
	assert_string_equal(y_walk_str(spec, "vaultAuthRef"), "shop");
	assert_string_equal(y_walk_str(spec, "mount"), "kv");
	assert_string_equal(y_walk_str(spec, "type"), "kv-v2");
	assert_string_equal(y_walk_str(spec, "path"), "shop/web");
	assert_string_equal(y_walk_str(spec, "refreshAfter"), "1h");
	assert_string_equal(y_walk_str(spec, "destination", "name"), "web-env");
	assert_bool_at(y_get(spec, "destination"), "create", true);
	static const char *const includes[] = {"^DATABASE_URL$", "^S3_ACCESS_KEY$", "^S3_SECRET_KEY$"};
	assert_seq_strings(y_walk(spec, "destination", "transformation", "includes", NULL), includes, 3);
	assert_string_equal(y_walk_str(spec, "rolloutRestartTargets", "#0", "kind"), "Deployment");
	assert_string_equal(y_walk_str(spec, "rolloutRestartTargets", "#0", "name"), "api");
	assert_int_equal(y_len(y_get(spec, "rolloutRestartTargets")), 1);
	const struct ynode *minio = y_get(find(&r, "VaultStaticSecret", "minio-root")->doc, "spec");
	assert_string_equal(y_walk_str(minio, "rolloutRestartTargets", "#0", "kind"), "StatefulSet");
	assert_string_equal(y_walk_str(minio, "rolloutRestartTargets", "#0", "name"), "files");
}

/* ---- stores -------------------------------------------------------------------------------------------- */

static void statefulset_claim_has_no_storage_class(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct recorded *sts = find(&r, "StatefulSet", "files");
	const struct ynode *claims = y_walk(sts->doc, "spec", "volumeClaimTemplates", NULL);
	assert_int_equal(y_len(claims), 1);
	const struct ynode *claim_spec = y_walk(claims, "#0", "spec", NULL);
	assert_non_null(claim_spec);
	assert_null(y_get(claim_spec, "storageClassName"));
	assert_false(y_has_key_anywhere(claims, "storageClassName"));
	assert_string_equal(y_walk_str(claim_spec, "resources", "requests", "storage"), "1Gi");
	assert_string_equal(y_walk_str(claim_spec, "accessModes", "#0"), "ReadWriteOnce");
	assert_string_equal(y_walk_str(sts->doc, "spec", "serviceName"), "files-headless");
	const struct ynode *minio = container(sts, "containers", "minio");
	assert_string_equal(y_walk_str(minio, "image"),
			    "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z@sha256:14cea493d9a34af32f524e538b8346cf79f3321eff8e708c1e2960462bd8936e");
	assert_string_equal(y_walk_str(minio, "livenessProbe", "httpGet", "path"), "/minio/health/live");
	assert_string_equal(y_walk_str(minio, "readinessProbe", "httpGet", "path"), "/minio/health/ready");
	const struct recorded *headless = find(&r, "Service", "files-headless");
	assert_string_equal(y_walk_str(headless->doc, "spec", "clusterIP"), "None");
	assert_null(y_walk(find(&r, "Service", "files")->doc, "spec", "clusterIP", NULL));
}

static void bucket_job(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "bucket uploads;", "bucket uploads; bucket thumbs;"), false, &r);
	const struct recorded *job = find_job(&r, "files");
	assert_int_at(y_get(job->doc, "spec"), "ttlSecondsAfterFinished", 86400);
	assert_string_equal(y_walk_str(pod_spec(job), "restartPolicy"), "OnFailure");
	const struct ynode *mc = container(job, "containers", "mc");
	assert_string_equal(y_walk_str(mc, "image"),
			    "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z@sha256:a7fe349ef4bd8521fb8497f55c6042871b2ae640607cf99d9bede5e9bdf11727");
	assert_string_equal(y_walk_str(mc, "command", "#0"), "/bin/sh");
	assert_string_equal(y_walk_str(mc, "command", "#1"), "-c");
	const char *script = y_walk_str(mc, "command", "#2");
	assert_non_null(script);
	assert_non_null(strstr(script, "mc mb --ignore-existing store/uploads\n"));
	assert_non_null(strstr(script, "mc mb --ignore-existing store/thumbs\n"));
	/* the script's own shell variables survive the kubelet's $(VAR) expansion */
	assert_non_null(strstr(script, "$${MINIO_ROOT_USER}"));
	assert_null(strstr(script, " ${MINIO_ROOT_USER}"));
	assert_non_null(strstr(script, "@files:9000"));
	assert_string_equal(y_walk_str(mc, "env", "#0", "name"), "MC_CONFIG_DIR");
	assert_string_equal(y_walk_str(mc, "envFrom", "#0", "secretRef", "name"), "minio-root");
}

static void job_name_hash_is_stable(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *first = job_name(ctx, NULL);
	assert_string_equal(job_name(ctx, NULL), first);
	/* changes outside the Job leave its name alone */
	assert_string_equal(job_name(ctx, (const char *const[]){"port 8000;", "port 9000;", NULL}), first);
	assert_string_equal(job_name(ctx, (const char *const[]){"size 1Gi;", "size 5Gi;", NULL}), first);
}

static void job_name_changes_with_mc_image(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *first = job_name(ctx, NULL);
	const char *other = job_name(
		ctx, (const char *const[]){"ingress {", "defaults { mc-image \"quay.io/minio/mc:RELEASE.2025-01-01T00-00-00Z\" }\ningress {",
					   NULL});
	assert_string_not_equal(other, first);
	assert_true(is_hex8(other + strlen("files-bucket-")));
}

static void job_name_changes_with_buckets(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *first = job_name(ctx, NULL);
	const char *more = job_name(ctx, (const char *const[]){"bucket uploads;", "bucket uploads; bucket thumbs;", NULL});
	const char *renamed = job_name(ctx, (const char *const[]){"bucket uploads;", "bucket images;", NULL});
	assert_string_not_equal(more, first);
	assert_string_not_equal(renamed, first);
	assert_string_not_equal(renamed, more);
}

static void no_buckets_no_job(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text_warned(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"bucket uploads; ", "", "uses files; ", "", NULL}), DIAG_W015, &r);
	for (size_t i = 0; i < r.n; i++) {
		assert_string_not_equal(r.objs[i].kind, "Job");
		/* nothing may reach a store no app uses and no Job fills: only default-deny selects it */
		if (strcmp(r.objs[i].kind, "NetworkPolicy") == 0)
			assert_string_not_equal(r.objs[i].name, "files");
	}
}

/* ---- ingress ------------------------------------------------------------------------------------------- */

static void ingress_paths_longest_first(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *text = edit_all(ctx, FULL_PROGRAM,
				    (const char *const[]){"route /api/ }", "route /api/; route /api/v1/ }", "route / }",
							  "route /; route /c; route /b }", NULL});
	lower_text(ctx, text, false, &r);
	const struct recorded *ing = find(&r, "Ingress", "shop");
	const struct ynode *paths = y_walk(ing->doc, "spec", "rules", "#0", "http", "paths", NULL);
	static const char *const want[][2] = {{"/api/v1", "api"}, {"/api", "api"}, {"/b", "ui"}, {"/c", "ui"}, {"/", "ui"}};
	assert_int_equal(y_len(paths), 5);
	size_t i = 0;
	for (const struct ynode *p = paths->first; p; p = p->next, i++) {
		assert_string_equal(y_walk_str(p, "path"), want[i][0]);
		assert_string_equal(y_walk_str(p, "pathType"), "Prefix");
		assert_string_equal(y_walk_str(p, "backend", "service", "name"), want[i][1]);
		assert_string_equal(y_walk_str(p, "backend", "service", "port", "name"), "http");
	}
}

static void ingress_tls_and_redirect(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct ynode *doc = find(&r, "Ingress", "shop")->doc;
	assert_string_equal(y_walk_str(doc, "metadata", "annotations", "cert-manager.io/cluster-issuer"), "letsencrypt-prod");
	assert_string_equal(y_walk_str(doc, "metadata", "annotations", "nginx.ingress.kubernetes.io/force-ssl-redirect"), "true");
	assert_string_equal(y_walk_str(doc, "spec", "ingressClassName"), "nginx");
	assert_string_equal(y_walk_str(doc, "spec", "tls", "#0", "hosts", "#0"), "shop.example.com");
	assert_string_equal(y_walk_str(doc, "spec", "tls", "#0", "secretName"), "shop-tls");
	assert_string_equal(y_walk_str(doc, "spec", "rules", "#0", "host"), "shop.example.com");
}

/* Issue 9 item 1: an exact route is pathType Exact with its path as written; at equal length it reads first. */
static void ingress_exact_routes(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "route /api/ }", "route /api/; route-exact /docs, /docs/, /apix }"), false, &r);
	const struct ynode *paths = y_walk(find(&r, "Ingress", "shop")->doc, "spec", "rules", "#0", "http", "paths", NULL);
	static const char *const want[][3] = {
		{"/docs/", "Exact", "api"}, {"/apix", "Exact", "api"}, {"/docs", "Exact", "api"}, {"/api", "Prefix", "api"}, {"/", "Prefix", "ui"}};
	assert_int_equal(y_len(paths), 5);
	size_t i = 0;
	for (const struct ynode *p = paths->first; p; p = p->next, i++) {
		assert_string_equal(y_walk_str(p, "path"), want[i][0]);
		assert_string_equal(y_walk_str(p, "pathType"), want[i][1]);
		assert_string_equal(y_walk_str(p, "backend", "service", "name"), want[i][2]);
	}
}

/* Issue 9 item 3: ingress-nginx's annotations hold for a whole Ingress, so an app with its own body limit gets its
   own Ingress PROJECT-APP for the same host and Secret; only the Ingress PROJECT asks cert-manager for the certificate. */
static void ingress_per_body_limit(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "route /api/ }", "route /api/; body-limit 20Mi }"), false, &r);
	const struct ynode *shop = find(&r, "Ingress", "shop")->doc, *api = find(&r, "Ingress", "shop-api")->doc;
	assert_string_equal(y_walk_str(shop, "metadata", "annotations", "cert-manager.io/cluster-issuer"), "letsencrypt-prod");
	assert_null(y_walk(shop, "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-body-size", NULL));
	assert_null(y_walk(api, "metadata", "annotations", "cert-manager.io/cluster-issuer", NULL));
	assert_string_equal(y_walk_str(api, "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-body-size"), "20m");
	assert_string_equal(y_walk_str(api, "metadata", "annotations", "nginx.ingress.kubernetes.io/force-ssl-redirect"), "true");
	for (const struct ynode *doc = shop;; doc = api) {
		assert_string_equal(y_walk_str(doc, "spec", "tls", "#0", "hosts", "#0"), "shop.example.com");
		assert_string_equal(y_walk_str(doc, "spec", "tls", "#0", "secretName"), "shop-tls");
		assert_string_equal(y_walk_str(doc, "spec", "rules", "#0", "host"), "shop.example.com");
		assert_int_equal(y_len(y_walk(doc, "spec", "rules", "#0", "http", "paths", NULL)), 1);
		if (doc == api)
			break;
	}
	assert_string_equal(y_walk_str(api, "spec", "rules", "#0", "http", "paths", "#0", "backend", "service", "name"), "api");
	assert_string_equal(y_walk_str(shop, "spec", "rules", "#0", "http", "paths", "#0", "backend", "service", "name"), "ui");

	/* The same limit everywhere is one annotation set: one Ingress, which asks for the certificate. */
	struct recorder same;
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"route /api/ }", "route /api/; body-limit 8Mi }",
									  "route / }", "route /; body-limit 8Mi }", NULL}),
		   false, &same);
	size_t ingresses = 0;
	for (size_t i = 0; i < same.n; i++)
		ingresses += strcmp(same.objs[i].kind, "Ingress") == 0;
	assert_int_equal(ingresses, 1);
	const struct ynode *one = find(&same, "Ingress", "shop")->doc;
	assert_string_equal(y_walk_str(one, "metadata", "annotations", "cert-manager.io/cluster-issuer"), "letsencrypt-prod");
	assert_string_equal(y_walk_str(one, "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-body-size"), "8m");
}

/* Issue 11: an app with a host list is a site of its own: its Ingress (PROJECT-APP) has one rule per alias with the
   site's whole table, and asks cert-manager for FIRSTHOST-tls naming every alias; a body limit on the same site adds
   an Ingress that only uses that Secret. The domain's site keeps PROJECT and PROJECT-tls. */
static void ingress_per_site(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"route /api/ }", "host api.example.com, api.example.org; route /api/ }",
									  "store files", "app up { image; port 9100; health /; host api.example.org, api.example.com; route /up; body-limit 20Mi }\nstore files", NULL}),
		   false, &r);
	const struct ynode *shop = find(&r, "Ingress", "shop")->doc, *api = find(&r, "Ingress", "shop-api")->doc,
			  *up = find(&r, "Ingress", "shop-up")->doc;
	assert_string_equal(y_walk_str(shop, "spec", "tls", "#0", "secretName"), "shop-tls");
	assert_string_equal(y_walk_str(shop, "spec", "rules", "#0", "host"), "shop.example.com");
	assert_string_equal(y_walk_str(api, "metadata", "annotations", "cert-manager.io/cluster-issuer"), "letsencrypt-prod");
	assert_null(y_walk(up, "metadata", "annotations", "cert-manager.io/cluster-issuer", NULL));
	assert_string_equal(y_walk_str(up, "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-body-size"), "20m");
	for (const struct ynode *doc = api;; doc = up) {
		assert_seq_strings(y_walk(doc, "spec", "tls", "#0", "hosts", NULL), (const char *const[]){"api.example.com", "api.example.org"}, 2);
		assert_string_equal(y_walk_str(doc, "spec", "tls", "#0", "secretName"), "api.example.com-tls");
		assert_int_equal(y_len(y_walk(doc, "spec", "rules", NULL)), 2);
		assert_string_equal(y_walk_str(doc, "spec", "rules", "#0", "host"), "api.example.com");
		assert_string_equal(y_walk_str(doc, "spec", "rules", "#1", "host"), "api.example.org");
		assert_int_equal(y_len(y_walk(doc, "spec", "rules", "#1", "http", "paths", NULL)), 1);
		if (doc == up)
			break;
	}
	assert_string_equal(y_walk_str(up, "spec", "rules", "#1", "http", "paths", "#0", "path"), "/up");
}

/* Issue 11: with a gateway block, an HTTPRoute per site on the HTTPS listener (one rule per app, Exact before the
   longest prefix, the Service by port number) and one on the HTTP listener that redirects to https with 301; no Ingress,
   and the routed apps' policies admit the parent's namespace. */
static void gateway_routes_and_redirect(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"ingress { tls letsencrypt-prod }", "gateway { parent infra/public; listener websecure }",
									  "route /api/ }", "route /api/; route-exact /docs }", NULL}),
		   false, &r);
	for (size_t i = 0; i < r.n; i++)
		assert_string_not_equal(r.objs[i].kind, "Ingress");
	const struct ynode *route = find(&r, "HTTPRoute", "shop")->doc, *redirect = find(&r, "HTTPRoute", "shop-redirect")->doc;
	assert_string_equal(y_walk_str(route, "apiVersion"), "gateway.networking.k8s.io/v1");
	assert_string_equal(y_walk_str(route, "spec", "parentRefs", "#0", "name"), "public");
	assert_string_equal(y_walk_str(route, "spec", "parentRefs", "#0", "namespace"), "infra");
	assert_string_equal(y_walk_str(route, "spec", "parentRefs", "#0", "sectionName"), "websecure");
	assert_string_equal(y_walk_str(route, "spec", "hostnames", "#0"), "shop.example.com");
	const struct ynode *api = y_walk(route, "spec", "rules", "#0", NULL);
	assert_string_equal(y_walk_str(api, "matches", "#0", "path", "type"), "Exact");
	assert_string_equal(y_walk_str(api, "matches", "#0", "path", "value"), "/docs");
	assert_string_equal(y_walk_str(api, "matches", "#1", "path", "type"), "PathPrefix");
	assert_string_equal(y_walk_str(api, "matches", "#1", "path", "value"), "/api");
	assert_string_equal(y_walk_str(api, "backendRefs", "#0", "name"), "api");
	assert_int_at(y_walk(api, "backendRefs", "#0", NULL), "port", 8000);
	assert_string_equal(y_walk_str(route, "spec", "rules", "#1", "backendRefs", "#0", "name"), "ui");
	assert_string_equal(y_walk_str(redirect, "spec", "parentRefs", "#0", "sectionName"), "http");
	assert_null(y_walk(redirect, "spec", "rules", "#0", "matches", NULL));
	assert_null(y_walk(redirect, "spec", "rules", "#0", "backendRefs", NULL));
	const struct ynode *filter = y_walk(redirect, "spec", "rules", "#0", "filters", "#0", NULL);
	assert_string_equal(y_walk_str(filter, "type"), "RequestRedirect");
	assert_string_equal(y_walk_str(filter, "requestRedirect", "scheme"), "https");
	assert_int_at(y_walk(filter, "requestRedirect", NULL), "statusCode", 301);
	assert_string_equal(y_walk_str(find(&r, "NetworkPolicy", "ui")->doc, "spec", "ingress", "#0", "from", "#0", "namespaceSelector", "matchLabels",
				       "kubernetes.io/metadata.name"),
			    "infra");

	/* redirect-listener none: the Gateway redirects by itself, so only the route. */
	struct recorder none;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "ingress { tls letsencrypt-prod }", "gateway { parent public; redirect-listener none }"), false, &none);
	size_t routes = 0;
	for (size_t i = 0; i < none.n; i++)
		routes += strcmp(none.objs[i].kind, "HTTPRoute") == 0;
	assert_int_equal(routes, 1);
	assert_null(y_walk(find(&none, "HTTPRoute", "shop")->doc, "spec", "parentRefs", "#0", "namespace", NULL));
}

/* Issue 9, minor: the spa server block 404s a missing static file and revalidates index.html on every load. */
static void spa_config_assets_and_index(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const char *conf = y_walk_str(find(&r, "ConfigMap", "ui-nginx")->doc, "data", "default.conf");
	assert_non_null(strstr(conf, "try_files $uri $uri/ /index.html;"));
	assert_non_null(strstr(conf, "location = /index.html {\n        add_header Cache-Control \"no-cache\" always;"));
	assert_non_null(strstr(conf, "location ~* \\.(?:js|mjs|css|"));
	assert_non_null(strstr(conf, "try_files $uri =404;"));
}

static void no_routes_no_ingress(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	/* without routes, domain and the ingress block would do nothing (W046): they go too */
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"; route /api/ }", " }", "; route / }", " }", "domain shop.example.com\n", "",
									   "ingress { tls letsencrypt-prod }\n", "", NULL}),
		   false, &r);
	for (size_t i = 0; i < r.n; i++)
		assert_string_not_equal(r.objs[i].kind, "Ingress");
}

/* ---- kustomization.yaml -------------------------------------------------------------------------------- */

static void kustomization_lists_every_file(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, true, &r);
	const struct recorded *k = &r.objs[r.n - 1];
	assert_string_equal(k->file, "kustomization.yaml");
	assert_string_equal(y_walk_str(k->doc, "apiVersion"), "kustomize.config.k8s.io/v1beta1");
	const struct ynode *resources = y_get(k->doc, "resources");
	assert_int_equal(y_len(resources), r.n - 1);
	size_t i = 0;
	for (const struct ynode *f = resources->first; f; f = f->next, i++)
		assert_string_equal(f->str, r.objs[i].file);
	const struct ynode *images = y_get(k->doc, "images");
	assert_int_equal(y_len(images), 2);
	assert_string_equal(y_walk_str(images, "#0", "name"), "ghcr.io/acme/shop-api");
	assert_string_equal(y_walk_str(images, "#0", "newTag"), "1.0.0");
	assert_string_equal(y_walk_str(images, "#1", "name"), "ghcr.io/acme/shop-ui");
	assert_string_equal(y_walk_str(images, "#1", "newTag"), "1.0.0");
}

static void kustomization_images_once_per_name(void **state)
{
	/* two apps of one image give one entry; an image pinned by digest alone has no tag to set */
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *text = edit_all(
		ctx, FULL_PROGRAM,
		(const char *const[]){"registry ghcr.io/acme\ntag \"1.0.0\"\n", "", /* no bare image left to derive (W046) */
				      "app api { image;", "app api { image \"ghcr.io/acme/shared:2.0\";", "app ui { image;",
				      "app ui { image \"ghcr.io/acme/shared:2.0\";", "ingress {",
				      "app worker { image \"ghcr.io/acme/worker@sha256:"
				      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"; port 9000; health /; }\n"
				      "ingress {",
				      NULL});
	lower_text(ctx, text, true, &r);
	const struct ynode *images = y_get(r.objs[r.n - 1].doc, "images");
	assert_int_equal(y_len(images), 1);
	assert_string_equal(y_walk_str(images, "#0", "name"), "ghcr.io/acme/shared");
	assert_string_equal(y_walk_str(images, "#0", "newTag"), "2.0");
}

/* ---- compiler bugs found by these tests (see the report) -------------------------------------------------- */

/* A Job's pod template is immutable, so the Job name must change whenever the template does. The hash covers the
   mc image, the script and the secret names, but not the UID and the resources the template also holds: changing
   `minio-user` (or the store's `user`, or the default `memory`) keeps the name, and re-applying within the Job's
   TTL fails with "spec.template: field is immutable". */
static void regression_job_name_tracks_the_whole_pod_template(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *first = job_name(ctx, NULL);
	const char *other_uid = job_name(ctx, (const char *const[]){"ingress {", "defaults { minio-user 2000 }\ningress {", NULL});
	const char *store_uid = job_name(ctx, (const char *const[]){"size 1Gi;", "size 1Gi; user 2000;", NULL});
	const char *memory = job_name(ctx, (const char *const[]){"ingress {", "defaults { memory 256Mi }\ningress {", NULL});
	assert_string_not_equal(other_uid, first);
	assert_string_not_equal(store_uid, first);
	assert_string_not_equal(memory, first);
}

/* kustomize's `images:` sets newTag on every container whose image has that name. Two apps of one image name with
   different tags get a single entry with the first app's tag, so `kubectl apply -k` silently runs the second app
   with the first one's tag. Every entry must leave each app's own tag as the program wrote it. */
static void regression_kustomization_images_keep_every_app_tag(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *text = edit_all(ctx, FULL_PROGRAM,
				    (const char *const[]){"registry ghcr.io/acme\ntag \"1.0.0\"\n", "", /* no bare image left (W046) */
							  "app api { image;", "app api { image \"ghcr.io/acme/shared:2.0\";",
							  "app ui { image;", "app ui { image \"ghcr.io/acme/shared:3.0\";", NULL});
	lower_text(ctx, text, true, &r);
	const struct ynode *images = y_get(r.objs[r.n - 1].doc, "images");
	for (const struct ynode *img = images ? images->first : NULL; img; img = img->next) {
		const char *name = y_walk_str(img, "name"), *tag = y_walk_str(img, "newTag");
		static const char *const apps[] = {"api", "ui"};
		for (size_t i = 0; i < 2; i++) {
			const char *image = y_walk_str(container(find(&r, "Deployment", apps[i]), "containers", apps[i]), "image");
			size_t n = strlen(name);
			if (strncmp(image, name, n) == 0 && image[n] == ':' && strcmp(image + n + 1, tag) != 0)
				fail_msg("images entry %s newTag %s would turn app %s's %s into %s:%s", name, tag, apps[i], image, name, tag);
		}
	}
}

/* Issue 8 item 13: `migrate "NAME=VALUE cmd"` made NAME=VALUE argv[0], which exec cannot run. */
static void command_with_leading_assignment_uses_sh(void **state)
{
	static const char *const assigned[] = {
		"DJANGO_SETTINGS_MODULE=app.prod python manage.py migrate",
		"  A=1 B=2 ./migrate",
		"_X=1 run",
	};
	for (size_t i = 0; i < sizeof assigned / sizeof assigned[0]; i++) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		const char *const want[] = {"/bin/sh", "-c", assigned[i]};
		assert_seq_strings(migrate_command(&ctx, assigned[i]), want, 3);
		rbdc_ctx_fini(&ctx);
	}
	/* '=' later on, or after something that is not a name, is an ordinary argument */
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	static const char *const flag[] = {"migrate", "--to=head"};
	assert_seq_strings(migrate_command(&ctx, "migrate --to=head"), flag, 2);
	static const char *const digit[] = {"1A=2", "run"};
	assert_seq_strings(migrate_command(&ctx, "1A=2 run"), digit, 2);
	rbdc_ctx_fini(&ctx);
	(void)state;
}

/* Issue 8 (generated programs): `migrate "exec alembic upgrade head"` made the shell built-in `exec` argv[0], which
   no image has as a file; every shell built-in and reserved word first runs under sh -c, as written. */
static void command_starting_with_a_shell_builtin_uses_sh(void **state)
{
	static const char *const builtins[] = {
		"exec alembic upgrade head", "cd /app", "source venv/bin/activate", "export A", "set -e", "ulimit -n 1",
		"umask 077",                 ". ./env", "exit 0",                   "eval x",   "trap x", "  readonly A",
		"read x",                    "wait",    "time migrate",             "local a",  ":",      "unset A B",
	};
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		const char *const want[] = {"/bin/sh", "-c", builtins[i]};
		assert_seq_strings(migrate_command(&ctx, builtins[i]), want, 3);
		rbdc_ctx_fini(&ctx);
	}
	/* A program whose name merely starts like a built-in, or a built-in's name later on, needs no shell. */
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	static const char *const execute[] = {"executor", "run"};
	assert_seq_strings(migrate_command(&ctx, "executor run"), execute, 2);
	static const char *const later[] = {"migrate", "exec", "cd"};
	assert_seq_strings(migrate_command(&ctx, "migrate exec cd"), later, 3);
	static const char *const binary[] = {"true"};
	assert_seq_strings(migrate_command(&ctx, "true"), binary, 1);
	rbdc_ctx_fini(&ctx);
	(void)state;
}

/* Issue 8 item 13: Kubernetes expands $(VAR) and $$ in env values, command and args; every '$' is doubled so the
   container receives the program's text: "$$5 off" stays "$$5 off", "$(A)" stays "$(A)". */
static void env_values_and_commands_reach_the_container_as_written(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx,
		   edit_all(ctx, FULL_PROGRAM,
			    (const char *const[]){"env MODE \"prod\"", "env PRICE \"$$5 off\"; env B \"$(A)x$\"",
						  "migrate \"alembic upgrade head\"", "migrate \"seed $(HOME) $$\"", NULL}),
		   false, &r);
	const struct recorded *api = find(&r, "Deployment", "api");
	static const char *const lists[] = {"containers", "initContainers"}, *const names[] = {"api", "migrate"};
	for (size_t i = 0; i < 2; i++) {
		const struct ynode *c = container(api, lists[i], names[i]);
		assert_string_equal(y_walk_str(c, "env", "#0", "value"), "$$$$5 off");
		assert_string_equal(y_walk_str(c, "env", "#1", "value"), "$$(A)x$$");
	}
	static const char *const want[] = {"/bin/sh", "-c", "seed $$(HOME) $$$$"};
	assert_seq_strings(y_get(container(api, "initContainers", "migrate"), "command"), want, 3);
}

/* Issue 8 item 8: kustomize drops an image's digest when its images: entry sets newTag alone. */
static void kustomization_keeps_digest_pins(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	const char *text = edit_once(ctx, FULL_PROGRAM, "app api { image;",
				     arena_printf(&ctx->arena, "app api { image \"ghcr.io/acme/api:1.2@%s\";", digest));
	lower_text(ctx, text, true, &r);
	const struct ynode *images = y_get(r.objs[r.n - 1].doc, "images");
	const struct ynode *api = NULL;
	for (const struct ynode *img = images ? images->first : NULL; img; img = img->next)
		if (strcmp(y_walk_str(img, "name"), "ghcr.io/acme/api") == 0)
			api = img;
	assert_non_null(api);
	assert_string_equal(y_walk_str(api, "newTag"), "1.2");
	assert_string_equal(y_walk_str(api, "digest"), digest);
	/* the unpinned app's entry has no digest */
	for (const struct ynode *img = images->first; img; img = img->next)
		if (img != api)
			assert_null(y_get(img, "digest"));
}

/* Issue 8, minor: rbdc does not emit (and so does not relabel) the shared `default` namespace. */
static void default_namespace_is_not_emitted(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	struct compilation c;
	const char *text = edit_once(ctx, FULL_PROGRAM, "project shop\n", "project shop\nnamespace default\n");
	assert_int_equal(compile_text(ctx, text, &c), 0);
	assert_true(has_code(ctx, DIAG_W003));
	memset(&r, 0, sizeof r);
	r.arena = &ctx->arena;
	struct lower_sink sink = {record, &r};
	assert_int_equal(lower_program(ctx, &c.model, false, &sink), 0);
	for (size_t i = 0; i < r.n; i++) {
		assert_string_not_equal(r.objs[i].kind, "Namespace");
		assert_string_equal(y_walk_str(r.objs[i].doc, "metadata", "namespace"), "default");
	}
}

/* ---- network policies and store identities (issue 9) -------------------------------------------------- */

/* The `from` peers of @policy's only rule, as "ns:NAME" or "pod:NAME", joined by spaces; and its one port. */
static const char *policy_peers(struct rbdc_ctx *ctx, const struct recorded *policy, int64_t *port)
{
	const struct ynode *rules = y_walk(policy->doc, "spec", "ingress", NULL);
	assert_int_equal(y_len(rules), 1);
	const struct ynode *ports = y_walk(rules, "#0", "ports", NULL);
	assert_int_equal(y_len(ports), 1);
	assert_string_equal(y_walk_str(ports, "#0", "protocol"), "TCP");
	*port = y_walk(ports, "#0", "port", NULL)->num;
	const char *out = "";
	for (const struct ynode *p = y_walk(rules, "#0", "from", NULL)->first; p; p = p->next) {
		const char *ns = y_walk_str(p, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name");
		const char *pod = y_walk_str(p, "podSelector", "matchLabels", "app.kubernetes.io/name");
		out = arena_printf(&ctx->arena, "%s%s%s:%s", out, *out ? " " : "", ns ? "ns" : "pod", ns ? ns : pod);
	}
	return out;
}

static void network_policies_open_only_what_is_declared(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct recorded *deny = find(&r, "NetworkPolicy", "default-deny");
	assert_string_equal(y_walk_str(deny->doc, "apiVersion"), "networking.k8s.io/v1");
	assert_string_equal(y_walk_str(deny->doc, "spec", "podSelector", "matchLabels", "app.kubernetes.io/part-of"), "shop");
	assert_null(y_walk(deny->doc, "spec", "ingress", NULL));
	static const char *const ingress_only[] = {"Ingress"};
	assert_seq_strings(y_walk(deny->doc, "spec", "policyTypes", NULL), ingress_only, 1);
	int64_t port;
	const struct recorded *api = find(&r, "NetworkPolicy", "api");
	assert_string_equal(policy_peers(ctx, api, &port), "ns:ingress-nginx");
	assert_int_equal(port, 8000);
	assert_string_equal(y_walk_str(api->doc, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name"), "api");
	assert_seq_strings(y_walk(api->doc, "spec", "policyTypes", NULL), ingress_only, 1);
	assert_string_equal(policy_peers(ctx, find(&r, "NetworkPolicy", "ui"), &port), "ns:ingress-nginx");
	assert_int_equal(port, 8080);
	/* the store: the app that uses it and its own Job, on the S3 port; never the console */
	assert_string_equal(policy_peers(ctx, find(&r, "NetworkPolicy", "files"), &port), "pod:api pod:files-bucket");
	assert_int_equal(port, 9000);
}

static void ingress_namespace_is_configurable(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	int64_t port;
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "tls letsencrypt-prod }", "tls letsencrypt-prod; ingress-namespace kube-system }"),
		   false, &r);
	assert_string_equal(policy_peers(ctx, find(&r, "NetworkPolicy", "api"), &port), "ns:kube-system");
	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "ingress {", "defaults { ingress-namespace traefik }\ningress {"), false, &r);
	assert_string_equal(policy_peers(ctx, find(&r, "NetworkPolicy", "ui"), &port), "ns:traefik");
}

static void app_uses_app(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	int64_t port;
	/* ui calls the API inside the cluster; an app without a route nor users gets no policy of its own */
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"spa; route / }", "spa; route /; uses api }", NULL}), false, &r);
	assert_string_equal(policy_peers(ctx, find(&r, "NetworkPolicy", "api"), &port), "ns:ingress-nginx pod:ui");
	assert_int_equal(port, 8000);
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"; route / }", " }", NULL}), false, &r);
	for (size_t i = 0; i < r.n; i++)
		if (strcmp(r.objs[i].kind, "NetworkPolicy") == 0)
			assert_string_not_equal(r.objs[i].name, "ui");
}

static void console_is_off_unless_asked(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct recorded *sts = find(&r, "StatefulSet", "files");
	const struct ynode *minio = container(sts, "containers", "minio");
	assert_int_equal(y_len(y_get(minio, "ports")), 1);
	assert_string_equal(y_walk_str(minio, "ports", "#0", "name"), "api");
	assert_string_equal(y_walk_str(minio, "env", "#0", "name"), "MINIO_BROWSER");
	assert_string_equal(y_walk_str(minio, "env", "#0", "value"), "off");
	for (const struct ynode *a = y_get(minio, "args")->first; a; a = a->next)
		assert_string_not_equal(a->str, "--console-address");
	assert_int_equal(y_len(y_walk(find(&r, "Service", "files")->doc, "spec", "ports", NULL)), 1);
	assert_int_equal(y_len(y_walk(find(&r, "Service", "files-headless")->doc, "spec", "ports", NULL)), 1);

	lower_text(ctx, edit_once(ctx, FULL_PROGRAM, "size 1Gi;", "size 1Gi; console yes;"), false, &r);
	minio = container(find(&r, "StatefulSet", "files"), "containers", "minio");
	assert_string_equal(y_walk_str(minio, "ports", "#1", "name"), "console");
	assert_null(y_get(minio, "env"));
	assert_string_equal(y_walk_str(find(&r, "Service", "files")->doc, "spec", "ports", "#1", "name"), "console");
	int64_t port;
	assert_string_equal(policy_peers(ctx, find(&r, "NetworkPolicy", "files"), &port), "pod:api pod:files-bucket");
	assert_int_equal(port, 9000); /* the console stays closed: kubectl port-forward reaches it */
}

static void bucket_job_creates_the_app_user(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, FULL_PROGRAM, false, &r);
	const struct ynode *mc = container(find_job(&r, "files"), "containers", "mc");
	const char *script = y_walk_str(mc, "command", "#2");
	/* root credentials only in MC_HOST_store, built by the shell; never `mc alias set USER PASSWORD` */
	assert_non_null(strstr(script, "root_auth=\"$${MINIO_ROOT_USER}:$${MINIO_ROOT_PASSWORD}\"\n"
					"export MC_HOST_store=\"http://$${root_auth}@files:9000\"\n"));
	assert_null(strstr(script, "alias set"));
	assert_non_null(strstr(script, "\"arn:aws:s3:::uploads\",\"arn:aws:s3:::uploads/*\""));
	assert_non_null(strstr(script, "mc admin policy create store app-api /tmp/api-policy.json"));
	/* the secret key goes through a pipe, not an argument */
	assert_non_null(strstr(script, "printf '%s\\n%s\\n' \"$$APP_API_ACCESS_KEY\" \"$$APP_API_SECRET_KEY\" | mc admin user add store >/dev/null\n"));
	assert_non_null(strstr(script, "mc admin policy attach store app-api --user \"$$APP_API_ACCESS_KEY\""));
	const char *mc_line = strstr(script, "mc admin user add");
	assert_null(strstr(mc_line, "SECRET_KEY"));
	assert_string_equal(y_walk_str(mc, "env", "#1", "name"), "APP_API_ACCESS_KEY");
	assert_string_equal(y_walk_str(mc, "env", "#1", "valueFrom", "secretKeyRef", "name"), "web-env");
	assert_string_equal(y_walk_str(mc, "env", "#1", "valueFrom", "secretKeyRef", "key"), "S3_ACCESS_KEY");
	assert_string_equal(y_walk_str(mc, "env", "#2", "name"), "APP_API_SECRET_KEY");
	assert_string_equal(y_walk_str(mc, "env", "#2", "valueFrom", "secretKeyRef", "key"), "S3_SECRET_KEY");

	/* other key names, per app or program-wide; a new key name is a new Job */
	const char *first = find_job(&r, "files")->name;
	lower_text(ctx, edit_all(ctx, FULL_PROGRAM, (const char *const[]){"S3_ACCESS_KEY, S3_SECRET_KEY", "MEDIA_KEY, MEDIA_SECRET",
									   "uses files;", "uses files; s3-access-key MEDIA_KEY;", "ingress {",
									   "defaults { s3-secret-key MEDIA_SECRET }\ningress {", NULL}),
		   false, &r);
	mc = container(find_job(&r, "files"), "containers", "mc");
	assert_string_equal(y_walk_str(mc, "env", "#1", "valueFrom", "secretKeyRef", "key"), "MEDIA_KEY");
	assert_string_equal(y_walk_str(mc, "env", "#2", "valueFrom", "secretKeyRef", "key"), "MEDIA_SECRET");
	assert_string_not_equal(find_job(&r, "files")->name, first);
}

/* ---- issue 10, apps: workers, health forms, per-app timings, scratch directories ------------------------ */

#define WORKERS_PROGRAM                                                                                        \
	"project shop\n"                                                                                       \
	"registry ghcr.io/acme\n"                                                                              \
	"tag \"1.0.0\"\n"                                                                                      \
	"app worker { image; health exec \"celery -A shop inspect ping -d w@$HOSTNAME\"; liveness-period 60s; scratch /var/cache/w }\n" \
	"app cache { image; port 6379; health tcp; probe-period 5s; probe-timeout 1s }\n"                      \
	"app batch { image; health none }\n"                                                                    \
	"app api { image; port 8000; health /healthz; uses cache; scratch /app/.next/cache, /app/data; scratch-size 100Mi;" \
	" migrate \"migrate\" }\n"

/* A worker has no Service, no container port and no readiness probe (no Service takes it in or out); its exec
   probe keeps $ for the shell; `health none` has no probes at all. */
static void worker_has_no_service_and_no_readiness(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, WORKERS_PROGRAM, false, &r);
	for (size_t i = 0; i < r.n; i++)
		if (strcmp(r.objs[i].kind, "Service") == 0 && (strcmp(r.objs[i].name, "worker") == 0 || strcmp(r.objs[i].name, "batch") == 0))
			fail_msg("a worker got a Service: %s", r.objs[i].name);
	const struct ynode *w = container(find(&r, "Deployment", "worker"), "containers", "worker");
	assert_null(y_get(w, "ports"));
	assert_null(y_get(w, "readinessProbe"));
	const char *const argv[] = {"/bin/sh", "-c", "celery -A shop inspect ping -d w@$$HOSTNAME"};
	assert_seq_strings(y_walk(w, "livenessProbe", "exec", "command", NULL), argv, 3);
	assert_seq_strings(y_walk(w, "startupProbe", "exec", "command", NULL), argv, 3);
	assert_int_at(y_get(w, "livenessProbe"), "periodSeconds", 60); /* the app's own */
	assert_int_at(y_get(w, "livenessProbe"), "failureThreshold", 6); /* the default */
	const struct ynode *b = container(find(&r, "Deployment", "batch"), "containers", "batch");
	assert_null(y_get(b, "livenessProbe"));
	assert_null(y_get(b, "readinessProbe"));
	assert_null(y_get(b, "startupProbe"));
	/* nothing admits the workers: only default-deny selects them */
	for (size_t i = 0; i < r.n; i++)
		if (strcmp(r.objs[i].kind, "NetworkPolicy") == 0)
			assert_true(strcmp(r.objs[i].name, "worker") != 0 && strcmp(r.objs[i].name, "batch") != 0);
}

/* health tcp: tcpSocket on the port, liveness by number, readiness and startup by name; the app's own timings. */
static void tcp_probes_and_own_timings(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, WORKERS_PROGRAM, false, &r);
	const struct ynode *c = container(find(&r, "Deployment", "cache"), "containers", "cache");
	assert_int_at(y_walk(c, "livenessProbe", "tcpSocket", NULL), "port", 6379);
	assert_string_equal(y_walk_str(c, "readinessProbe", "tcpSocket", "port"), "http");
	assert_string_equal(y_walk_str(c, "startupProbe", "tcpSocket", "port"), "http");
	assert_null(y_walk(c, "readinessProbe", "httpGet", NULL));
	assert_int_at(y_get(c, "readinessProbe"), "periodSeconds", 5);
	assert_int_at(y_get(c, "startupProbe"), "periodSeconds", 5);
	assert_int_at(y_get(c, "livenessProbe"), "periodSeconds", 20);
	assert_int_at(y_get(c, "livenessProbe"), "timeoutSeconds", 1);
	assert_int_at(y_get(c, "readinessProbe"), "timeoutSeconds", 1);
	find(&r, "Service", "cache");
	find(&r, "NetworkPolicy", "cache");
}

/* Each scratch path is an emptyDir of its own, with the app's scratch-size, mounted in the app and its migrate. */
static void scratch_directories_are_sized_empty_dirs(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_text(ctx, WORKERS_PROGRAM, false, &r);
	const struct recorded *api = find(&r, "Deployment", "api");
	const struct ynode *vols = y_get(pod_spec(api), "volumes");
	assert_int_equal(y_len(vols), 3);
	assert_string_equal(y_walk_str(vols, "#1", "name"), "scratch-1");
	assert_string_equal(y_walk_str(vols, "#1", "emptyDir", "sizeLimit"), "100Mi");
	assert_string_equal(y_walk_str(vols, "#2", "name"), "scratch-2");
	assert_string_equal(y_walk_str(vols, "#0", "emptyDir", "sizeLimit"), "512Mi"); /* /tmp keeps tmp-size */
	for (int k = 0; k < 2; k++) {
		const struct ynode *c = container(api, k ? "initContainers" : "containers", k ? "migrate" : "api");
		assert_string_equal(y_walk_str(c, "volumeMounts", "#1", "mountPath"), "/app/.next/cache");
		assert_string_equal(y_walk_str(c, "volumeMounts", "#1", "name"), "scratch-1");
		assert_string_equal(y_walk_str(c, "volumeMounts", "#2", "mountPath"), "/app/data");
	}
	/* the stdlib's scratch-size where the app sets none */
	const struct ynode *wv = y_get(pod_spec(find(&r, "Deployment", "worker")), "volumes");
	assert_string_equal(y_walk_str(wv, "#1", "emptyDir", "sizeLimit"), "256Mi");
}

/* ---- commands, shared images and jobs (issue 10) ---------------------------------------------------------- */

/* FULL_PROGRAM with a worker sharing the API's image, and the jobs of @jobs appended. */
static void lower_with_jobs(struct rbdc_ctx *ctx, const char *worker, const char *jobs, bool kustomization, struct recorder *r)
{
	const char *text = arena_printf(&ctx->arena, "%s%s\n%s\n", FULL_PROGRAM, worker, jobs);
	lower_text(ctx, text, kustomization, r);
}

static void listed_command_is_exact_argv(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_with_jobs(ctx, "app worker { image of api; port 9000; health /h; command \"celery\", \"-A shop\", \"$HOME\", \"\" }", "", false, &r);
	/* no splitting, no shell; '$' doubled so the kubelet hands the process '$HOME' as written */
	static const char *const want[] = {"celery", "-A shop", "$$HOME", ""};
	assert_seq_strings(y_get(container(find(&r, "Deployment", "worker"), "containers", "worker"), "command"), want, 4);
	/* the API has no command: its image's entrypoint runs */
	assert_null(y_get(container(find(&r, "Deployment", "api"), "containers", "api"), "command"));
}

static void command_string_follows_the_migrate_rule(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_with_jobs(ctx, "app worker { image of api; port 9000; health /h; command \"celery -A shop worker\" }\n"
			     "app beat { image of api; port 9001; health /h; command \"celery beat --pidfile= > /tmp/log\" }", "", false, &r);
	static const char *const split[] = {"celery", "-A", "shop", "worker"};
	assert_seq_strings(y_get(container(find(&r, "Deployment", "worker"), "containers", "worker"), "command"), split, 4);
	static const char *const shell[] = {"/bin/sh", "-c", "celery beat --pidfile= > /tmp/log"};
	assert_seq_strings(y_get(container(find(&r, "Deployment", "beat"), "containers", "beat"), "command"), shell, 3);
}

static void listed_migrate_is_exact_argv(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	const char *text = edit_once(ctx, FULL_PROGRAM, "migrate \"alembic upgrade head\"", "migrate \"alembic\", \"upgrade head\"");
	lower_text(ctx, text, false, &r);
	static const char *const want[] = {"alembic", "upgrade head"};
	assert_seq_strings(y_get(container(find(&r, "Deployment", "api"), "initContainers", "migrate"), "command"), want, 2);
}

static void image_of_shares_the_string_and_one_entry(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	/* beat -> worker -> api: a chain ends at the app with an image of its own */
	lower_with_jobs(ctx, "app worker { image of api; port 9000; health /h; command \"w\" }\n"
			     "app beat { image of worker; port 9001; health /h; command \"b\" }",
			"job seed { image of beat; command \"s\" }", true, &r);
	const char *api = y_walk_str(container(find(&r, "Deployment", "api"), "containers", "api"), "image");
	assert_string_equal(api, "ghcr.io/acme/shop-api:1.0.0");
	assert_string_equal(y_walk_str(container(find(&r, "Deployment", "worker"), "containers", "worker"), "image"), api);
	assert_string_equal(y_walk_str(container(find(&r, "Deployment", "beat"), "containers", "beat"), "image"), api);
	const struct recorded *job = find_job(&r, "seed");
	assert_string_equal(y_walk_str(job->doc, "spec", "template", "spec", "containers", "#0", "image"), api);
	/* one images: entry for the shared name (api and ui), none for the sharers */
	const struct ynode *images = y_get(find(&r, "Kustomization", "kustomization")->doc, "images");
	assert_int_equal(y_len(images), 2);
	assert_string_equal(y_walk_str(images, "#0", "name"), "ghcr.io/acme/shop-api");
}

static void cron_job_is_restricted_and_forbids_overlap(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct recorder r;
	lower_with_jobs(ctx, "", "job cleanup { image of api; command \"/app/cleanup\"; schedule \"30 3 * * *\"; timezone Europe/Berlin;"
				 " deadline 20m; retries 1; secrets web-env; uses files, api }", false, &r);
	const struct recorded *cj = find(&r, "CronJob", "cleanup");
	const struct ynode *spec = y_get(cj->doc, "spec");
	assert_string_equal(y_walk_str(spec, "schedule"), "30 3 * * *");
	assert_string_equal(y_walk_str(spec, "timeZone"), "Europe/Berlin");
	assert_string_equal(y_walk_str(spec, "concurrencyPolicy"), "Forbid");
	assert_int_at(spec, "startingDeadlineSeconds", 300);
	assert_int_at(spec, "successfulJobsHistoryLimit", 3);
	assert_int_at(spec, "failedJobsHistoryLimit", 3);
	const struct ynode *run = y_walk(spec, "jobTemplate", "spec", NULL);
	assert_int_at(run, "backoffLimit", 1);
	assert_int_at(run, "activeDeadlineSeconds", 1200);
	assert_null(y_get(run, "ttlSecondsAfterFinished")); /* the history limits keep the runs */
	const struct ynode *pod = y_walk(run, "template", "spec", NULL);
	assert_string_equal(y_walk_str(pod, "restartPolicy"), "Never");
	assert_bool_at(y_get(pod, "securityContext"), "runAsNonRoot", true);
	assert_string_equal(y_walk_str(pod, "securityContext", "seccompProfile", "type"), "RuntimeDefault");
	const struct ynode *c = y_walk(pod, "containers", "#0", NULL);
	assert_bool_at(y_get(c, "securityContext"), "allowPrivilegeEscalation", false);
	assert_bool_at(y_get(c, "securityContext"), "readOnlyRootFilesystem", true);
	assert_string_equal(y_walk_str(c, "securityContext", "capabilities", "drop", "#0"), "ALL");
	assert_string_equal(y_walk_str(c, "envFrom", "#0", "secretRef", "name"), "web-env");
	assert_string_equal(y_walk_str(c, "volumeMounts", "#0", "mountPath"), "/tmp");
	assert_non_null(y_walk(pod, "volumes", "#0", "emptyDir", NULL));
	/* the store and the app it uses admit the job's pods */
	const struct ynode *files = y_walk(find(&r, "NetworkPolicy", "files")->doc, "spec", "ingress", "#0", "from", NULL);
	bool admitted = false;
	for (const struct ynode *peer = files->first; peer; peer = peer->next)
		admitted |= y_walk_str(peer, "podSelector", "matchLabels", "app.kubernetes.io/name") &&
			    strcmp(y_walk_str(peer, "podSelector", "matchLabels", "app.kubernetes.io/name"), "cleanup") == 0;
	assert_true(admitted);
	assert_string_equal(y_walk_str(find(&r, "NetworkPolicy", "api")->doc, "spec", "ingress", "#0", "from", "#1", "podSelector", "matchLabels",
				       "app.kubernetes.io/name"),
			    "cleanup");
}

/* The run-once Job's name for FULL_PROGRAM plus @job. */
static const char *run_once_name(const char *job)
{
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	struct recorder r;
	lower_with_jobs(&ctx, "", job, false, &r);
	const struct recorded *j = find_job(&r, "seed");
	static char name[64];
	snprintf(name, sizeof name, "%s", j->name);
	assert_int_at(y_get(j->doc, "spec"), "ttlSecondsAfterFinished", 86400);
	assert_string_equal(y_walk_str(j->doc, "spec", "template", "spec", "restartPolicy"), "Never");
	rbdc_ctx_fini(&ctx);
	return name;
}

static void run_once_job_is_named_after_its_template(void **state)
{
	(void)state;
	char first[64];
	snprintf(first, sizeof first, "%s", run_once_name("job seed { image \"ghcr.io/acme/tools:1\"; command \"seed\" }"));
	assert_true(strncmp(first, "seed-", 5) == 0 && is_hex8(first + 5));
	/* any change of the template is a new Job; retries and deadline change in place */
	assert_string_not_equal(first, run_once_name("job seed { image \"ghcr.io/acme/tools:2\"; command \"seed\" }"));
	assert_string_not_equal(first, run_once_name("job seed { image \"ghcr.io/acme/tools:1\"; command \"seed\", \"--all\" }"));
	assert_string_not_equal(first, run_once_name("job seed { image \"ghcr.io/acme/tools:1\"; command \"seed\"; env A \"1\" }"));
	assert_string_equal(first, run_once_name("job seed { image \"ghcr.io/acme/tools:1\"; command \"seed\"; retries 5; deadline 2h }"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(objects_in_order, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(without_kustomization, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(minimal_program_objects, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(vault_connection_with_address, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(sink_error_stops_lowering, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(file_names_are_unique, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(every_object_in_the_namespace, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(namespace_override_reaches_every_object, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(migrate_runs_the_app_image, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(migrate_with_explicit_image, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(command_plain_is_split, ctx_setup, ctx_teardown),
		cmocka_unit_test(command_with_shell_syntax_uses_sh),
		cmocka_unit_test_setup_teardown(security_context_on_pod_and_every_container, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(security_context_follows_user_settings, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(probes_and_ports, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(resources_from_defaults_and_app, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(spa_config_map_and_mount, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(vault_static_secret, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(statefulset_claim_has_no_storage_class, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(bucket_job, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(job_name_hash_is_stable, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(job_name_changes_with_mc_image, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(job_name_changes_with_buckets, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(no_buckets_no_job, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(ingress_paths_longest_first, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(ingress_tls_and_redirect, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(ingress_exact_routes, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(ingress_per_body_limit, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(ingress_per_site, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(gateway_routes_and_redirect, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(spa_config_assets_and_index, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(no_routes_no_ingress, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(kustomization_lists_every_file, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(kustomization_images_once_per_name, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(regression_job_name_tracks_the_whole_pod_template, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(regression_kustomization_images_keep_every_app_tag, ctx_setup, ctx_teardown),
		cmocka_unit_test(command_with_leading_assignment_uses_sh),
		cmocka_unit_test(command_starting_with_a_shell_builtin_uses_sh),
		cmocka_unit_test_setup_teardown(env_values_and_commands_reach_the_container_as_written, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(kustomization_keeps_digest_pins, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(default_namespace_is_not_emitted, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(vault_connection_named_or_default, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(every_container_bounds_its_disk, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(replicas_get_budget_and_spread, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(singleton_is_one_pod_recreated, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(autoscale_lowers_to_hpa_without_replicas, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(objects_labelled_like_their_pods, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(network_policies_open_only_what_is_declared, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(worker_has_no_service_and_no_readiness, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(tcp_probes_and_own_timings, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(scratch_directories_are_sized_empty_dirs, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(ingress_namespace_is_configurable, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(app_uses_app, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(console_is_off_unless_asked, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(bucket_job_creates_the_app_user, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(listed_command_is_exact_argv, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(command_string_follows_the_migrate_rule, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(listed_migrate_is_exact_argv, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(image_of_shares_the_string_and_one_entry, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(cron_job_is_restricted_and_forbids_overlap, ctx_setup, ctx_teardown),
		cmocka_unit_test(run_once_job_is_named_after_its_template),
	};
	return cmocka_run_group_tests_name("lower", tests, NULL, NULL);
}
