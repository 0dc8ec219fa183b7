/* lower.c: builds each Kubernetes object (Deployment, Service, StatefulSet, Job, Ingress, VSO resources) from the model. */
#include "lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* MinIO listens for S3 on 9000 and serves its console on 9001 only when told to. Port names are fixed ("http",
   "api", "console"): each is a valid IANA service name (apimachinery IsValidPortName: at most 15 of [-a-z0-9],
   a letter, no "--"), and port numbers are 1..65535 (E009). */
enum { MINIO_API_PORT = 9000, MINIO_CONSOLE_PORT = 9001, JOB_BACKOFF_LIMIT = 10 };

struct lowering {
	struct rbdc_ctx *ctx;
	const struct model *m;
	const struct lower_sink *sink;
	struct arena scratch; /* the current object's tree; reset after the sink has it */
	const char **files;   /* every file emitted, for kustomization.yaml; in ctx->arena */
	size_t n_files, cap_files;
	int status;
};

static struct arena *A(struct lowering *l)
{
	return &l->scratch;
}

static const char *lower_kind(struct arena *a, const char *kind)
{
	char *s = arena_strdup(a, kind);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* Hands the finished object to the sink, remembers its file, and frees its tree. */
static void finish(struct lowering *l, struct ynode *doc, const char *kind, const char *name)
{
	if (l->status)
		return;
	const char *file = arena_printf(&l->ctx->arena, "%s-%s.yaml", name, lower_kind(A(l), kind));
	if (l->n_files == l->cap_files) {
		size_t cap = l->cap_files ? l->cap_files * 2 : 32;
		const char **grown = arena_alloc_array(&l->ctx->arena, cap, sizeof *grown);
		if (l->n_files)
			memcpy(grown, l->files, l->n_files * sizeof *grown);
		l->files = grown;
		l->cap_files = cap;
	}
	l->files[l->n_files++] = file;
	struct k8s_object obj = {file, kind, name, doc};
	l->status = l->sink->object(l->sink->user, &obj);
	arena_reset(&l->scratch);
}

static void put_labels(struct lowering *l, struct ynode *map, const char *component)
{
	y_put_str(A(l), map, "app.kubernetes.io/name", component);
	y_put_str(A(l), map, "app.kubernetes.io/part-of", l->m->project.text);
	y_put_str(A(l), map, "app.kubernetes.io/managed-by", "rbdc");
}

static void put_selector_labels(struct lowering *l, struct ynode *map, const char *component)
{
	y_put_str(A(l), map, "app.kubernetes.io/name", component);
	y_put_str(A(l), map, "app.kubernetes.io/part-of", l->m->project.text);
}

/* apiVersion, kind and metadata (name, namespace, labels); returns the document. */
static struct ynode *object(struct lowering *l, const char *api_version, const char *kind, const char *name,
			    const char *component, struct ynode **metadata)
{
	struct ynode *doc = y_map(A(l));
	y_put_str(A(l), doc, "apiVersion", api_version);
	y_put_str(A(l), doc, "kind", kind);
	struct ynode *meta = y_put_map(A(l), doc, "metadata");
	y_put_str(A(l), meta, "name", name);
	if (strcmp(kind, "Namespace") != 0)
		y_put_str(A(l), meta, "namespace", l->m->namespace_.text);
	put_labels(l, y_put_map(A(l), meta, "labels"), component);
	if (metadata)
		*metadata = meta;
	return doc;
}

static int64_t effective_num(const struct setting *own, const struct setting *fallback)
{
	return model_effective(own, fallback)->num;
}

static void put_pod_security(struct lowering *l, struct ynode *pod, int64_t uid, bool volume_owner)
{
	struct ynode *sc = y_put_map(A(l), pod, "securityContext");
	y_put_bool(A(l), sc, "runAsNonRoot", true);
	y_put_int(A(l), sc, "runAsUser", uid);
	y_put_int(A(l), sc, "runAsGroup", uid);
	y_put_int(A(l), sc, "fsGroup", uid);
	if (volume_owner)
		y_put_str(A(l), sc, "fsGroupChangePolicy", "OnRootMismatch");
	y_put_str(A(l), y_put_map(A(l), sc, "seccompProfile"), "type", "RuntimeDefault");
}

static void put_container_security(struct lowering *l, struct ynode *c, int64_t uid, const struct tunables *own)
{
	struct ynode *sc = y_put_map(A(l), c, "securityContext");
	y_put_bool(A(l), sc, "allowPrivilegeEscalation", false);
	y_put_bool(A(l), sc, "readOnlyRootFilesystem",
		   effective_num(&own->read_only_root, &l->m->defaults.tune.read_only_root) != 0);
	y_put_bool(A(l), sc, "runAsNonRoot", true);
	y_put_int(A(l), sc, "runAsUser", uid);
	y_put_int(A(l), sc, "runAsGroup", uid);
	y_push_str(A(l), y_put_seq(A(l), y_put_map(A(l), sc, "capabilities"), "drop"), "ALL");
}

static void put_resources(struct lowering *l, struct ynode *c, const struct tunables *own)
{
	const struct tunables *def = &l->m->defaults.tune;
	const struct setting *cpu = model_effective(&own->cpu, &def->cpu), *mem = model_effective(&own->memory, &def->memory),
			     *cpu_limit = model_effective(&own->cpu_limit, &def->cpu_limit),
			     *mem_limit = model_effective(&own->memory_limit, &def->memory_limit);
	if (!cpu->set && !mem->set && !cpu_limit->set && !mem_limit->set)
		return;
	struct ynode *res = y_put_map(A(l), c, "resources");
	if (cpu_limit->set || mem_limit->set) {
		struct ynode *limits = y_put_map(A(l), res, "limits");
		if (cpu_limit->set)
			y_put_str(A(l), limits, "cpu", cpu_limit->text);
		if (mem_limit->set)
			y_put_str(A(l), limits, "memory", mem_limit->text);
	}
	if (cpu->set || mem->set) {
		struct ynode *requests = y_put_map(A(l), res, "requests");
		if (cpu->set)
			y_put_str(A(l), requests, "cpu", cpu->text);
		if (mem->set)
			y_put_str(A(l), requests, "memory", mem->text);
	}
}

static void put_probe(struct lowering *l, struct ynode *c, const char *key, const char *path, const char *port, bool liveness)
{
	const struct defaults *d = &l->m->defaults;
	struct ynode *probe = y_put_map(A(l), c, key);
	struct ynode *get = y_put_map(A(l), probe, "httpGet");
	y_put_str(A(l), get, "path", path);
	y_put_str(A(l), get, "port", port);
	if (liveness && d->probe_delay.set)
		y_put_int(A(l), probe, "initialDelaySeconds", d->probe_delay.num);
	if (d->probe_period.set)
		y_put_int(A(l), probe, "periodSeconds", d->probe_period.num);
	if (d->probe_timeout.set)
		y_put_int(A(l), probe, "timeoutSeconds", d->probe_timeout.num);
	if (d->probe_failures.set)
		y_put_int(A(l), probe, "failureThreshold", d->probe_failures.num);
}

static void put_env_from(struct lowering *l, struct ynode *c, const struct name_ref *secrets)
{
	if (!secrets)
		return;
	struct ynode *from = y_put_seq(A(l), c, "envFrom");
	for (const struct name_ref *ref = secrets; ref; ref = ref->next)
		y_put_str(A(l), y_put_map(A(l), y_push_map(A(l), from), "secretRef"), "name", ref->name);
}

/* The kubelet expands $(VAR) and turns $$ into $ in env values, command and args (kubernetes
   third_party/forked/golang/expansion/expand.go); any other '$' stays. Doubling every '$' therefore makes the
   container receive exactly the program's text, and no value can pull in another variable's (a secret split
   over two values and joined by $(A)$(B) stays two harmless literals). */
static const char *k8s_literal(struct arena *a, const char *s, size_t len)
{
	size_t dollars = 0;
	for (size_t i = 0; i < len; i++)
		dollars += s[i] == '$';
	char *out = arena_alloc(a, len + dollars + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '$')
			*o++ = '$';
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

static void push_literal(struct lowering *l, struct ynode *seq, const char *s)
{
	y_push_str(A(l), seq, k8s_literal(A(l), s, strlen(s)));
}

static void put_env(struct lowering *l, struct ynode *c, const struct env_var *env)
{
	if (!env)
		return;
	struct ynode *list = y_put_seq(A(l), c, "env");
	for (const struct env_var *e = env; e; e = e->next) {
		struct ynode *item = y_push_map(A(l), list);
		y_put_str(A(l), item, "name", e->name.text);
		y_put_str(A(l), item, "value", k8s_literal(A(l), e->value.text, e->value.len));
	}
}

static void put_volume_mount(struct lowering *l, struct ynode *mounts, const char *name, const char *path, const char *sub_path)
{
	struct ynode *m = y_push_map(A(l), mounts);
	y_put_str(A(l), m, "name", name);
	y_put_str(A(l), m, "mountPath", path);
	if (sub_path) {
		y_put_str(A(l), m, "subPath", sub_path);
		y_put_bool(A(l), m, "readOnly", true);
	}
}

static void put_empty_dir(struct lowering *l, struct ynode *volumes, const char *name)
{
	struct ynode *v = y_push_map(A(l), volumes);
	y_put_str(A(l), v, "name", name);
	y_put_map(A(l), v, "emptyDir");
}

/* True when the command starts with NAME=VALUE: a shell assignment, which exec would take for the program. */
static bool starts_with_assignment(const char *cmd, size_t len)
{
	size_t i = 0;
	while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
		i++;
	if (i == len || !(cmd[i] == '_' || (cmd[i] >= 'A' && cmd[i] <= 'Z') || (cmd[i] >= 'a' && cmd[i] <= 'z')))
		return false;
	while (i < len && (cmd[i] == '_' || (cmd[i] >= 'A' && cmd[i] <= 'Z') || (cmd[i] >= 'a' && cmd[i] <= 'z') ||
			   (cmd[i] >= '0' && cmd[i] <= '9')))
		i++;
	return i < len && cmd[i] == '=';
}

/* Shell syntax in a migrate command needs a shell, and so do leading NAME=VALUE assignments; a plain command
   runs without one (and in distroless images). Every word goes through k8s_literal. */
static struct ynode *command_argv(struct lowering *l, const char *cmd, size_t len)
{
	struct ynode *argv = y_seq(A(l));
	bool shell = starts_with_assignment(cmd, len);
	for (size_t i = 0; i < len; i++)
		shell |= strchr("|&;<>()$`\\\"'*?[]#~{}!\n", cmd[i]) != NULL;
	if (shell) {
		y_push_str(A(l), argv, "/bin/sh");
		y_push_str(A(l), argv, "-c");
		y_push_str(A(l), argv, k8s_literal(A(l), cmd, len));
		return argv;
	}
	for (size_t i = 0; i < len;) {
		while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
			i++;
		size_t start = i;
		while (i < len && cmd[i] != ' ' && cmd[i] != '\t')
			i++;
		if (i > start)
			y_push_str(A(l), argv, k8s_literal(A(l), cmd + start, i - start));
	}
	return argv;
}

const char *lower_spa_config(struct arena *a, int64_t port, const char *root)
{
	return arena_printf(a,
			    "# generated by rbdc: serve the single-page app, answering unknown paths with index.html\n"
			    "server {\n"
			    "    listen %lld;\n"
			    "    server_name _;\n"
			    "    root %s;\n"
			    "    index index.html;\n"
			    "\n"
			    "    location / {\n"
			    "        try_files $uri $uri/ /index.html;\n"
			    "    }\n"
			    "}\n",
			    (long long)port, root);
}

static void lower_namespace(struct lowering *l)
{
	struct ynode *meta;
	const char *ns = l->m->namespace_.text;
	if (strcmp(ns, "default") == 0)
		return; /* every cluster has it and other workloads share it: rbdc does not relabel it (W003) */
	struct ynode *doc = object(l, "v1", "Namespace", ns, l->m->project.text, &meta);
	struct ynode *labels = y_get(meta, "labels");
	/* The namespace itself refuses any pod that breaks the restricted profile (spec FR-013). */
	y_put_str(A(l), labels, "pod-security.kubernetes.io/enforce", "restricted");
	y_put_str(A(l), labels, "pod-security.kubernetes.io/warn", "restricted");
	finish(l, doc, "Namespace", ns);
}

/* The ServiceAccount VSO logs in with is named after the VaultAuth that uses it. */
static const char *vault_service_account(struct lowering *l)
{
	return l->m->vault.auth.text;
}

static void lower_vault(struct lowering *l)
{
	const struct vault_config *v = &l->m->vault;
	if (!v->declared || !v->role.set)
		return;
	const char *sa = vault_service_account(l);
	struct ynode *doc = object(l, "v1", "ServiceAccount", sa, "vault", NULL);
	y_put_bool(A(l), doc, "automountServiceAccountToken", false);
	finish(l, doc, "ServiceAccount", sa);

	if (v->address.set) {
		doc = object(l, "secrets.hashicorp.com/v1beta1", "VaultConnection", v->auth.text, "vault", NULL);
		struct ynode *spec = y_put_map(A(l), doc, "spec");
		y_put_str(A(l), spec, "address", v->address.text);
		y_put_bool(A(l), spec, "skipTLSVerify", false);
		finish(l, doc, "VaultConnection", v->auth.text);
	}

	doc = object(l, "secrets.hashicorp.com/v1beta1", "VaultAuth", v->auth.text, "vault", NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	if (v->address.set)
		y_put_str(A(l), spec, "vaultConnectionRef", v->auth.text);
	y_put_str(A(l), spec, "method", "kubernetes");
	y_put_str(A(l), spec, "mount", v->auth_mount.set ? v->auth_mount.text : "kubernetes");
	struct ynode *k8s = y_put_map(A(l), spec, "kubernetes");
	y_put_str(A(l), k8s, "role", v->role.text);
	y_put_str(A(l), k8s, "serviceAccount", sa);
	y_push_str(A(l), y_put_seq(A(l), k8s, "audiences"), "vault");
	finish(l, doc, "VaultAuth", v->auth.text);
}

/* Escapes a key for an anchored regular expression (VSO's includes filter). */
static const char *anchored(struct arena *a, const char *key)
{
	return arena_printf(a, "^%s$", key);
}

static void lower_secret(struct lowering *l, const struct secret_decl *s)
{
	const struct model *m = l->m;
	struct ynode *doc = object(l, "secrets.hashicorp.com/v1beta1", "VaultStaticSecret", s->name, s->name, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "vaultAuthRef", m->vault.auth.text);
	y_put_str(A(l), spec, "mount", m->vault.mount.text);
	y_put_str(A(l), spec, "type", "kv-v2");
	y_put_str(A(l), spec, "path", s->path.text);
	if (m->vault.refresh.set)
		y_put_str(A(l), spec, "refreshAfter", m->vault.refresh.text);
	y_put_bool(A(l), spec, "hmacSecretData", true);
	struct ynode *dest = y_put_map(A(l), spec, "destination");
	y_put_str(A(l), dest, "name", s->name);
	y_put_bool(A(l), dest, "create", true);
	/* Only the declared keys reach the Secret, so envFrom exposes nothing the program did not name. */
	struct ynode *tr = y_put_map(A(l), dest, "transformation");
	y_put_bool(A(l), tr, "excludeRaw", true);
	struct ynode *includes = y_put_seq(A(l), tr, "includes");
	for (const struct secret_key *k = s->keys; k; k = k->next)
		y_push_str(A(l), includes, anchored(A(l), k->name.text));
	if (s->users) {
		struct ynode *targets = y_put_seq(A(l), spec, "rolloutRestartTargets");
		for (const struct secret_user *u = s->users; u; u = u->next) {
			struct ynode *t = y_push_map(A(l), targets);
			y_put_str(A(l), t, "kind", u->kind);
			y_put_str(A(l), t, "name", u->name);
		}
	}
	finish(l, doc, "VaultStaticSecret", s->name);
}

static void put_service_port(struct lowering *l, struct ynode *ports, const char *name, int64_t port)
{
	struct ynode *p = y_push_map(A(l), ports);
	y_put_str(A(l), p, "name", name);
	y_put_int(A(l), p, "port", port);
	y_put_str(A(l), p, "targetPort", name);
	y_put_str(A(l), p, "protocol", "TCP");
}

static void put_container_port(struct lowering *l, struct ynode *ports, const char *name, int64_t port)
{
	struct ynode *p = y_push_map(A(l), ports);
	y_put_str(A(l), p, "name", name);
	y_put_int(A(l), p, "containerPort", port);
	y_put_str(A(l), p, "protocol", "TCP");
}

static struct ynode *service(struct lowering *l, const char *name, const char *component, bool headless, struct ynode **ports)
{
	struct ynode *doc = object(l, "v1", "Service", name, component, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "type", "ClusterIP");
	if (headless) {
		y_put_str(A(l), spec, "clusterIP", "None");
		y_put_bool(A(l), spec, "publishNotReadyAddresses", true);
	}
	put_selector_labels(l, y_put_map(A(l), spec, "selector"), component);
	*ports = y_put_seq(A(l), spec, "ports");
	return doc;
}

/* The pod template shared by Deployments, StatefulSets and Jobs; returns its spec. */
static struct ynode *pod_template(struct lowering *l, struct ynode *parent_spec, const char *component, const char *config_hash)
{
	struct ynode *tmpl = y_put_map(A(l), parent_spec, "template");
	struct ynode *meta = y_put_map(A(l), tmpl, "metadata");
	put_labels(l, y_put_map(A(l), meta, "labels"), component);
	if (config_hash)
		y_put_str(A(l), y_put_map(A(l), meta, "annotations"), "rbdc.dev/config-hash", config_hash);
	struct ynode *spec = y_put_map(A(l), tmpl, "spec");
	/* Service links would inject API_PORT-style variables that can shadow the app's own configuration. */
	y_put_bool(A(l), spec, "enableServiceLinks", false);
	y_put_bool(A(l), spec, "automountServiceAccountToken", false);
	return spec;
}

static struct ynode *workload_spec(struct lowering *l, struct ynode *doc, const char *component, int64_t replicas)
{
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_int(A(l), spec, "replicas", replicas);
	put_selector_labels(l, y_put_map(A(l), y_put_map(A(l), spec, "selector"), "matchLabels"), component);
	return spec;
}

static void lower_app(struct lowering *l, const struct app *a)
{
	const struct model *m = l->m;
	const struct defaults *d = &m->defaults;
	int64_t uid = effective_num(&a->tune.user, &d->tune.user);
	const char *config_name = NULL, *config_hash = NULL;

	if (a->spa.set) {
		config_name = arena_printf(&l->ctx->arena, "%s-nginx", a->name);
		const char *conf = lower_spa_config(&l->ctx->arena, a->port.num, d->spa_root.text);
		/* A changed config changes the pod template, so the Deployment rolls out and nginx reloads it. */
		config_hash = arena_printf(&l->ctx->arena, "%08x", y_hash_text(conf, 2166136261u));
		struct ynode *doc = object(l, "v1", "ConfigMap", config_name, a->name, NULL);
		y_put_str(A(l), y_put_map(A(l), doc, "data"), "default.conf", conf);
		finish(l, doc, "ConfigMap", config_name);
	}

	struct ynode *ports;
	struct ynode *doc = service(l, a->name, a->name, false, &ports);
	put_service_port(l, ports, "http", a->port.num);
	finish(l, doc, "Service", a->name);

	doc = object(l, "apps/v1", "Deployment", a->name, a->name, NULL);
	struct ynode *spec = workload_spec(l, doc, a->name, effective_num(&a->tune.replicas, &d->tune.replicas));
	struct ynode *pod = pod_template(l, spec, a->name, config_hash);
	put_pod_security(l, pod, uid, false);
	if (a->migrate.set) {
		/* Same image string as the app, so schema and code always match (spec FR-003, FR-014). */
		struct ynode *init = y_push_map(A(l), y_put_seq(A(l), pod, "initContainers"));
		y_put_str(A(l), init, "name", "migrate");
		y_put_str(A(l), init, "image", a->image);
		y_put(A(l), init, "command", command_argv(l, a->migrate.text, a->migrate.len));
		put_env_from(l, init, a->secrets);
		put_env(l, init, a->env);
		put_resources(l, init, &a->tune);
		put_container_security(l, init, uid, &a->tune);
		put_volume_mount(l, y_put_seq(A(l), init, "volumeMounts"), "tmp", "/tmp", NULL);
	}
	struct ynode *c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", a->name);
	y_put_str(A(l), c, "image", a->image);
	put_container_port(l, y_put_seq(A(l), c, "ports"), "http", a->port.num);
	put_env_from(l, c, a->secrets);
	put_env(l, c, a->env);
	put_probe(l, c, "livenessProbe", a->health.text, "http", true);
	put_probe(l, c, "readinessProbe", a->health.text, "http", false);
	put_resources(l, c, &a->tune);
	put_container_security(l, c, uid, &a->tune);
	struct ynode *mounts = y_put_seq(A(l), c, "volumeMounts");
	put_volume_mount(l, mounts, "tmp", "/tmp", NULL);
	struct ynode *volumes = y_put_seq(A(l), pod, "volumes");
	put_empty_dir(l, volumes, "tmp");
	if (config_name) {
		put_volume_mount(l, mounts, "nginx-conf", "/etc/nginx/conf.d/default.conf", "default.conf");
		struct ynode *v = y_push_map(A(l), volumes);
		y_put_str(A(l), v, "name", "nginx-conf");
		y_put_str(A(l), y_put_map(A(l), v, "configMap"), "name", config_name);
	}
	finish(l, doc, "Deployment", a->name);
}

static void put_minio_ports(struct lowering *l, struct ynode *ports)
{
	put_service_port(l, ports, "api", MINIO_API_PORT);
	put_service_port(l, ports, "console", MINIO_CONSOLE_PORT);
}

/* The shell script of the bucket Job: wait for MinIO, then create each bucket unless it exists. */
static const char *bucket_script(struct lowering *l, const struct store *s)
{
	size_t cap = 512, len = 0;
	for (const struct bucket *b = s->buckets; b; b = b->next)
		cap += 64 + b->name.len;
	char *buf = arena_alloc(&l->ctx->arena, cap);
	len += (size_t)snprintf(buf + len, cap - len,
				"set -eu\n"
				"tries=0\n"
				"until mc alias set store http://%s:%d \"$MINIO_ROOT_USER\" \"$MINIO_ROOT_PASSWORD\" >/dev/null; do\n"
				"  tries=$((tries + 1))\n"
				"  if [ \"$tries\" -ge 60 ]; then echo \"MinIO did not answer\" >&2; exit 1; fi\n"
				"  sleep 5\n"
				"done\n",
				s->name, MINIO_API_PORT);
	/* Spliced into a shell script unquoted: safe because store names are DNS labels and bucket names S3 bucket
	   names (E008), lower-case letters, digits, '-' and '.', none of them shell syntax. */
	for (const struct bucket *b = s->buckets; b; b = b->next)
		len += (size_t)snprintf(buf + len, cap - len, "mc mb --ignore-existing store/%s\n", b->name.text);
	return buf;
}

static void lower_store(struct lowering *l, const struct store *s)
{
	const struct defaults *d = &l->m->defaults;
	int64_t uid = effective_num(&s->tune.user, &d->minio_user);
	const char *headless = arena_printf(&l->ctx->arena, "%s-headless", s->name);

	struct ynode *ports;
	struct ynode *doc = service(l, s->name, s->name, false, &ports);
	put_minio_ports(l, ports);
	finish(l, doc, "Service", s->name);
	doc = service(l, headless, s->name, true, &ports);
	put_minio_ports(l, ports);
	finish(l, doc, "Service", headless);

	doc = object(l, "apps/v1", "StatefulSet", s->name, s->name, NULL);
	struct ynode *spec = workload_spec(l, doc, s->name, 1);
	y_put_str(A(l), spec, "serviceName", headless);
	struct ynode *pod = pod_template(l, spec, s->name, NULL);
	put_pod_security(l, pod, uid, true);
	struct ynode *c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", "minio");
	y_put_str(A(l), c, "image", s->image.text);
	struct ynode *args = y_put_seq(A(l), c, "args");
	static const char *const minio_args[] = {"server", "/data", "--address", ":9000", "--console-address", ":9001",
						 "--certs-dir", "/tmp/certs"};
	for (size_t i = 0; i < sizeof minio_args / sizeof minio_args[0]; i++)
		push_literal(l, args, minio_args[i]);
	struct ynode *cports = y_put_seq(A(l), c, "ports");
	put_container_port(l, cports, "api", MINIO_API_PORT);
	put_container_port(l, cports, "console", MINIO_CONSOLE_PORT);
	put_env_from(l, c, s->secrets);
	put_probe(l, c, "livenessProbe", "/minio/health/live", "api", true);
	put_probe(l, c, "readinessProbe", "/minio/health/ready", "api", false);
	put_resources(l, c, &s->tune);
	put_container_security(l, c, uid, &s->tune);
	struct ynode *mounts = y_put_seq(A(l), c, "volumeMounts");
	put_volume_mount(l, mounts, "data", "/data", NULL);
	put_volume_mount(l, mounts, "tmp", "/tmp", NULL);
	put_empty_dir(l, y_put_seq(A(l), pod, "volumes"), "tmp");
	/* No storageClassName: the cluster's default class provisions it (an empty string would ask for none). */
	struct ynode *claim = y_push_map(A(l), y_put_seq(A(l), spec, "volumeClaimTemplates"));
	struct ynode *claim_meta = y_put_map(A(l), claim, "metadata");
	y_put_str(A(l), claim_meta, "name", "data");
	put_labels(l, y_put_map(A(l), claim_meta, "labels"), s->name);
	struct ynode *claim_spec = y_put_map(A(l), claim, "spec");
	y_push_str(A(l), y_put_seq(A(l), claim_spec, "accessModes"), "ReadWriteOnce");
	y_put_str(A(l), y_put_map(A(l), y_put_map(A(l), claim_spec, "resources"), "requests"), "storage", s->size.text);
	finish(l, doc, "StatefulSet", s->name);

	if (!s->buckets)
		return;
	/* A Job's pod template is immutable: its name carries a hash of the whole template, so any change (image,
	   buckets, UID, resources) makes a new Job instead of an apply error; the TTL clears finished ones, and
	   re-runs are harmless. */
	const char *script = bucket_script(l, s);
	struct ynode *job_meta;
	doc = object(l, "batch/v1", "Job", "", s->name, &job_meta);
	spec = y_put_map(A(l), doc, "spec");
	y_put_int(A(l), spec, "backoffLimit", JOB_BACKOFF_LIMIT);
	if (d->job_ttl.set)
		y_put_int(A(l), spec, "ttlSecondsAfterFinished", d->job_ttl.num);
	pod = pod_template(l, spec, arena_printf(A(l), "%s-bucket", s->name), NULL);
	y_put_str(A(l), pod, "restartPolicy", "OnFailure");
	put_pod_security(l, pod, uid, false);
	c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", "mc");
	y_put_str(A(l), c, "image", d->mc_image.text);
	struct ynode *cmd = y_put_seq(A(l), c, "command");
	y_push_str(A(l), cmd, "/bin/sh");
	y_push_str(A(l), cmd, "-c");
	push_literal(l, cmd, script);
	struct ynode *env = y_put_seq(A(l), c, "env");
	struct ynode *e = y_push_map(A(l), env);
	y_put_str(A(l), e, "name", "MC_CONFIG_DIR");
	y_put_str(A(l), e, "value", "/tmp/.mc");
	put_env_from(l, c, s->secrets);
	static const struct tunables job_tune; /* the mc client needs the defaults, not what the server asked for */
	put_resources(l, c, &job_tune);
	put_container_security(l, c, uid, &job_tune);
	put_volume_mount(l, y_put_seq(A(l), c, "volumeMounts"), "tmp", "/tmp", NULL);
	put_empty_dir(l, y_put_seq(A(l), pod, "volumes"), "tmp");
	const char *job = arena_printf(&l->ctx->arena, "%s-bucket-%08x", s->name, y_hash(y_get(spec, "template"), 2166136261u));
	y_get(job_meta, "name")->str = job;
	finish(l, doc, "Job", job);
}

static int compare_routes(const void *x, const void *y)
{
	const struct route *a = *(const struct route *const *)x, *b = *(const struct route *const *)y;
	size_t la = strlen(a->prefix), lb = strlen(b->prefix);
	if (la != lb)
		return la > lb ? -1 : 1; /* longest first, the order ingress-nginx matches in */
	return strcmp(a->prefix, b->prefix);
}

static void lower_ingress(struct lowering *l)
{
	const struct model *m = l->m;
	size_t n = 0;
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next)
			n++;
	if (!n)
		return;
	const struct route **routes = arena_alloc_array(&l->ctx->arena, n, sizeof *routes);
	n = 0;
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next)
			routes[n++] = r;
	qsort(routes, n, sizeof *routes, compare_routes);

	const char *name = m->project.text;
	struct ynode *meta;
	struct ynode *doc = object(l, "networking.k8s.io/v1", "Ingress", name, name, &meta);
	struct ynode *ann = y_put_map(A(l), meta, "annotations");
	y_put_str(A(l), ann, "cert-manager.io/cluster-issuer", m->ingress.tls.text);
	/* ingress-nginx redirects once TLS is set; the spec wants the redirect stated on the Ingress (FR-007). */
	y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/ssl-redirect", "true");
	y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "ingressClassName", m->ingress.class_name.set ? m->ingress.class_name.text : "nginx");
	struct ynode *tls = y_push_map(A(l), y_put_seq(A(l), spec, "tls"));
	y_push_str(A(l), y_put_seq(A(l), tls, "hosts"), m->domain.text);
	y_put_str(A(l), tls, "secretName", arena_printf(A(l), "%s-tls", name));
	struct ynode *rule = y_push_map(A(l), y_put_seq(A(l), spec, "rules"));
	y_put_str(A(l), rule, "host", m->domain.text);
	struct ynode *paths = y_put_seq(A(l), y_put_map(A(l), rule, "http"), "paths");
	for (size_t i = 0; i < n; i++) {
		struct ynode *p = y_push_map(A(l), paths);
		y_put_str(A(l), p, "path", routes[i]->prefix);
		y_put_str(A(l), p, "pathType", "Prefix");
		struct ynode *svc = y_put_map(A(l), y_put_map(A(l), p, "backend"), "service");
		y_put_str(A(l), svc, "name", routes[i]->app->name);
		y_put_str(A(l), y_put_map(A(l), svc, "port"), "name", "http");
	}
	finish(l, doc, "Ingress", name);
}

/* kustomization.yaml: `kubectl apply -k` applies every file, and `kustomize edit set image` sets the real tags. */
static void lower_kustomization(struct lowering *l)
{
	struct ynode *doc = y_map(A(l));
	y_put_str(A(l), doc, "apiVersion", "kustomize.config.k8s.io/v1beta1");
	y_put_str(A(l), doc, "kind", "Kustomization");
	struct ynode *resources = y_put_seq(A(l), doc, "resources");
	for (size_t i = 0; i < l->n_files; i++)
		y_push_str(A(l), resources, l->files[i]);
	/* One entry per image name; when apps use one name with different tags, an entry would retag them all,
	   so that name gets none and keeps the tags as written. kustomize's image filter (api/filters/imagetag/
	   updater.go) drops an image's digest when the entry sets newTag alone, so a pinned image's entry carries
	   its `digest` too and renders as NAME:TAG@DIGEST; an image pinned by digest alone has no tag to set and
	   gets no entry. */
	struct image_entry {
		const char *tag, *digest;
		bool conflict, emitted;
	};
	struct strmap entries;
	strmap_init(&entries, A(l));
	for (const struct app *a = l->m->apps; a; a = a->next) {
		if (!a->image_tag)
			continue;
		struct image_entry *e = strmap_get(&entries, a->image_name, strlen(a->image_name));
		const char *at = strchr(a->image, '@'); /* '@' only ever starts the digest */
		const char *digest = at ? at + 1 : "";
		if (!e) {
			e = arena_alloc(A(l), sizeof *e);
			e->tag = a->image_tag;
			e->digest = digest;
			strmap_put_new(&entries, a->image_name, strlen(a->image_name), e);
		} else if (strcmp(e->tag, a->image_tag) != 0 || strcmp(e->digest, digest) != 0) {
			e->conflict = true;
		}
	}
	struct ynode *images = NULL;
	for (const struct app *a = l->m->apps; a; a = a->next) {
		struct image_entry *e = a->image_tag ? strmap_get(&entries, a->image_name, strlen(a->image_name)) : NULL;
		if (!e || e->conflict || e->emitted)
			continue;
		e->emitted = true;
		if (!images)
			images = y_put_seq(A(l), doc, "images");
		struct ynode *img = y_push_map(A(l), images);
		y_put_str(A(l), img, "name", a->image_name);
		y_put_str(A(l), img, "newTag", a->image_tag);
		if (*e->digest)
			y_put_str(A(l), img, "digest", e->digest);
	}
	if (l->status)
		return;
	struct k8s_object obj = {"kustomization.yaml", "Kustomization", "kustomization", doc};
	l->status = l->sink->object(l->sink->user, &obj);
	arena_reset(&l->scratch);
}

int lower_program(struct rbdc_ctx *ctx, const struct model *m, bool with_kustomization, const struct lower_sink *sink)
{
	struct lowering l = {.ctx = ctx, .m = m, .sink = sink};
	arena_init(&l.scratch);
	lower_namespace(&l);
	lower_vault(&l);
	for (const struct secret_decl *s = m->secrets; s; s = s->next)
		lower_secret(&l, s);
	for (const struct app *a = m->apps; a; a = a->next)
		lower_app(&l, a);
	for (const struct store *s = m->stores; s; s = s->next)
		lower_store(&l, s);
	lower_ingress(&l);
	if (with_kustomization)
		lower_kustomization(&l);
	arena_fini(&l.scratch);
	return l.status;
}
