/* lower_store.c: a store becomes a StatefulSet of its engine with its volume claim and two Services; MinIO also gets the bucket Job, which gives each app that uses the store its own MinIO user. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"

/* Port names are fixed ("http", "api", "console"): each is a valid IANA service name (apimachinery
   IsValidPortName: at most 15 of [-a-z0-9], a letter, no "--"), and port numbers are 1..65535 (E009). */
enum { JOB_BACKOFF_LIMIT = 10 };

/* The console is off unless the store asks for it (`console yes`): it is a login page for the root user. */
static bool console_on(const struct store *s)
{
	return s->console.set && !s->console.bad && s->console.num;
}

static void put_minio_ports(struct lowering *l, struct ynode *ports, const struct store *s)
{
	put_service_port(l, ports, "api", MINIO_API_PORT);
	if (console_on(s))
		put_service_port(l, ports, "console", MINIO_CONSOLE_PORT);
}

/* APP_<NAME>_<WHAT>: the Job's variable holding an app's MinIO key. App names are DNS labels, so upper-casing and
   '-' to '_' gives a distinct shell name per app. */
static const char *app_key_var(struct lowering *l, const char *app, const char *what)
{
	char *v = arena_printf(&l->ctx->arena, "APP_%s_%s", app, what);
	for (char *p = v; *p; p++)
		*p = *p == '-' ? '_' : (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
	return v;
}

/* One piece of the bucket script, formatted in the object's scratch arena and appended to @sc. */
static void script_add(struct lowering *l, struct textbuf *sc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void script_add(struct lowering *l, struct textbuf *sc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	textbuf_puts(sc, arena_vprintf(A(l), fmt, ap));
	va_end(ap);
}

/* The shell script of the bucket Job: wait for MinIO, create each bucket unless it exists, then give every app that
   uses the store its own MinIO user, allowed only the store's buckets. Credentials reach mc through the environment
   (MC_HOST_store, assembled by the shell) and the app's secret key through a pipe, never through an argument that
   /proc/PID/cmdline would show. Every step is idempotent: mb ignores existing buckets, policy create overwrites, user
   add sets the secret of an existing user, and attach leaves an attached policy alone (mc since RELEASE.2024-10,
   minio/mc#5058). MC_HOST_ takes the password as written, so it must hold no ':'. */
static const char *bucket_script(struct lowering *l, const struct store *s)
{
	struct textbuf sc = {.data = NULL};
	script_add(l, &sc,
		   "set -eu\n"
		   "root_auth=\"${MINIO_ROOT_USER}:${MINIO_ROOT_PASSWORD}\"\n"
		   "export MC_HOST_store=\"http://${root_auth}@%s:%d\"\n"
		   "tries=0\n"
		   "until mc ls store >/dev/null; do\n"
		   "  tries=$((tries + 1))\n"
		   "  if [ \"$tries\" -ge 60 ]; then echo \"MinIO did not answer\" >&2; exit 1; fi\n"
		   "  sleep 5\n"
		   "done\n",
		   s->name, MINIO_API_PORT);
	/* Spliced into a shell script unquoted: safe because store and app names are DNS labels and bucket names S3
	   bucket names (E008), lower-case letters, digits, '-' and '.', none of them shell syntax. */
	for (const struct bucket *b = s->buckets; b; b = b->next)
		script_add(l, &sc, "mc mb --ignore-existing store/%s\n", b->name.text);
	for (const struct use_ref *u = s->users; u; u = u->next_user) {
		const char *app = u->user->name;
		script_add(l, &sc, "printf '%%s' '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],\"Resource\":[");
		for (const struct bucket *b = s->buckets; b; b = b->next)
			script_add(l, &sc, "%s\"arn:aws:s3:::%s\",\"arn:aws:s3:::%s/*\"", b == s->buckets ? "" : ",", b->name.text, b->name.text);
		script_add(l, &sc,
			   "]}]}' >/tmp/%s-policy.json\n"
			   "mc admin policy create store app-%s /tmp/%s-policy.json >/dev/null\n"
			   "printf '%%s\\n%%s\\n' \"$%s\" \"$%s\" | mc admin user add store >/dev/null\n"
			   "mc admin policy attach store app-%s --user \"$%s\" >/dev/null\n",
			   app, app, app, app_key_var(l, app, "ACCESS_KEY"), app_key_var(l, app, "SECRET_KEY"), app,
			   app_key_var(l, app, "ACCESS_KEY"));
	}
	char *script = arena_strndup(&l->ctx->arena, sc.data, sc.len);
	textbuf_free(&sc);
	return script;
}

static void put_secret_env(struct lowering *l, struct ynode *env, const char *name, const char *secret, const char *key)
{
	struct ynode *e = y_push_map(A(l), env);
	y_put_str(A(l), e, "name", name);
	struct ynode *ref = y_put_map(A(l), y_put_map(A(l), e, "valueFrom"), "secretKeyRef");
	y_put_str(A(l), ref, "name", secret);
	y_put_str(A(l), ref, "key", key);
}

int64_t store_port(const struct store *s)
{
	return s->minio ? MINIO_API_PORT : s->engine_decl->port.num;
}

/* One probe of an engine's server: its `probe exec` command, or a TCP connect to its port. */
static struct ynode *put_engine_probe(struct lowering *l, struct ynode *c, const char *key, const struct engine_decl *e, bool tcp)
{
	struct ynode *p = y_put_map(A(l), c, key);
	if (tcp || strcmp(e->probe.text, "tcp") == 0)
		y_put_str(A(l), y_put_map(A(l), p, "tcpSocket"), "port", e->name);
	else
		y_put(A(l), y_put_map(A(l), p, "exec"), "command", command_argv(l, e->probe_cmd.text, e->probe_cmd.len));
	return p;
}

static void put_timing(struct lowering *l, struct ynode *probe, const char *key, const struct setting *s)
{
	if (s->set)
		y_put_int(A(l), probe, key, s->num);
}

/* The same three probes as an app's, with the same timings (README, "Probes"): readiness and startup run the
   engine's probe (a query that proves the server answers); liveness only asks whether the port accepts, so a slow
   query on a busy server drains it from its Service rather than restarting it mid-write. */
static void put_engine_probes(struct lowering *l, struct ynode *c, const struct engine_decl *e)
{
	const struct defaults *d = &l->m->defaults;
	struct ynode *live = put_engine_probe(l, c, "livenessProbe", e, true);
	put_timing(l, live, "periodSeconds", &d->liveness_period);
	put_timing(l, live, "timeoutSeconds", &d->probe_timeout);
	put_timing(l, live, "failureThreshold", &d->liveness_failures);
	struct ynode *ready = put_engine_probe(l, c, "readinessProbe", e, false);
	put_timing(l, ready, "periodSeconds", &d->probe_period);
	put_timing(l, ready, "timeoutSeconds", &d->probe_timeout);
	put_timing(l, ready, "failureThreshold", &d->probe_failures);
	struct ynode *startup = put_engine_probe(l, c, "startupProbe", e, false);
	put_timing(l, startup, "initialDelaySeconds", &d->probe_delay);
	put_timing(l, startup, "periodSeconds", &d->probe_period);
	put_timing(l, startup, "timeoutSeconds", &d->probe_timeout);
	put_timing(l, startup, "failureThreshold", &d->startup_failures);
}

/* The claim every store's StatefulSet mounts as `data`. No storageClassName: the cluster's default class
   provisions it (an empty string would ask for none). */
static void put_claim(struct lowering *l, struct ynode *spec, const struct store *s)
{
	struct ynode *claim = y_push_map(A(l), y_put_seq(A(l), spec, "volumeClaimTemplates"));
	struct ynode *claim_meta = y_put_map(A(l), claim, "metadata");
	y_put_str(A(l), claim_meta, "name", "data");
	put_labels(l, y_put_map(A(l), claim_meta, "labels"), s->name);
	struct ynode *claim_spec = y_put_map(A(l), claim, "spec");
	y_push_str(A(l), y_put_seq(A(l), claim_spec, "accessModes"), "ReadWriteOnce");
	y_put_str(A(l), y_put_map(A(l), y_put_map(A(l), claim_spec, "resources"), "requests"), "storage", s->size.text);
}

/* A store of a declared engine (redis, postgres, or the program's own): everything comes from the engine's data,
   so a new engine needs no code here. The volume is owned by the engine's UID through fsGroup; the paths the
   server writes besides its data get emptyDirs, so the root filesystem stays read-only. */
static void lower_engine_store(struct lowering *l, const struct store *s)
{
	const struct engine_decl *e = s->engine_decl;
	int64_t uid = effective_num(&s->tune.user, &e->user);
	const char *headless = arena_printf(&l->ctx->arena, "%s-headless", s->name);
	struct ynode *ports;
	struct ynode *doc = lower_service(l, s->name, s->name, false, &ports);
	put_service_port(l, ports, e->name, e->port.num);
	lower_finish(l, doc, "Service", s->name);
	doc = lower_service(l, headless, s->name, true, &ports);
	put_service_port(l, ports, e->name, e->port.num);
	lower_finish(l, doc, "Service", headless);

	doc = lower_object(l, "apps/v1", "StatefulSet", s->name, s->name, NULL);
	struct ynode *spec = workload_spec(l, doc, s->name, 1);
	y_put_str(A(l), spec, "serviceName", headless);
	struct ynode *pod = pod_template(l, spec, s->name, NULL);
	put_pod_security(l, pod, uid, true);
	struct ynode *c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", e->name);
	put_image(l, c, s->image.text);
	if (e->command.set)
		y_put(A(l), c, "command", command_argv(l, e->command.text, e->command.len));
	put_container_port(l, y_put_seq(A(l), c, "ports"), e->name, e->port.num);
	put_env_from(l, c, s->secrets);
	put_env(l, c, e->env);
	put_engine_probes(l, c, e);
	put_resources(l, c, &s->tune);
	put_container_security(l, c, uid, &s->tune);
	struct ynode *mounts = y_put_seq(A(l), c, "volumeMounts");
	put_volume_mount(l, mounts, "data", e->data.text, NULL);
	put_volume_mount(l, mounts, "tmp", "/tmp", NULL);
	struct ynode *volumes = y_put_seq(A(l), pod, "volumes");
	put_empty_dir(l, volumes, "tmp");
	unsigned n = 0;
	for (const struct engine_item *w = e->writable; w; w = w->next) {
		const char *name = arena_printf(&l->ctx->arena, "writable-%u", ++n);
		put_volume_mount(l, mounts, name, w->value.text, NULL);
		put_empty_dir(l, volumes, name);
	}
	put_claim(l, spec, s);
	lower_finish(l, doc, "StatefulSet", s->name);
}

/* client-env VALUE with {host} and {port} filled in, every '$' doubled so the kubelet delivers it as written. */
static const char *client_value(struct lowering *l, const char *value, const struct store *s)
{
	struct textbuf out = {.data = NULL};
	for (const char *p = value; *p; p++) {
		if (strncmp(p, "{host}", 6) == 0) {
			textbuf_puts(&out, s->name);
			p += 5;
		} else if (strncmp(p, "{port}", 6) == 0) {
			textbuf_puts(&out, arena_printf(A(l), "%lld", (long long)store_port(s)));
			p += 5;
		} else {
			textbuf_puts(&out, *p == '$' ? "$$" : arena_strndup(A(l), p, 1));
		}
	}
	const char *v = out.data ? arena_strndup(A(l), out.data, out.len) : "";
	textbuf_free(&out);
	return v;
}

/* The first secret of @s that declares @key (rules guarantee one does). */
static const char *store_secret_holding(const struct store *s, const char *key)
{
	for (const struct name_ref *ref = s->secrets; ref; ref = ref->next)
		for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next)
			if (strcmp(k->name.text, key) == 0)
				return ref->name;
	return s->secrets ? s->secrets->name : "";
}

void put_store_client_env(struct lowering *l, struct ynode *c, const struct use_ref *uses)
{
	for (const struct use_ref *u = uses; u; u = u->next) {
		const struct engine_decl *e = u->store ? u->store->engine_decl : NULL;
		if (!e || (!e->client_env && !e->client_secret))
			continue;
		struct ynode *env = y_get(c, "env");
		if (!env)
			env = y_put_seq(A(l), c, "env");
		for (const struct env_var *v = e->client_env; v; v = v->next) {
			struct ynode *item = y_push_map(A(l), env);
			y_put_str(A(l), item, "name", v->name.text);
			y_put_str(A(l), item, "value", client_value(l, v->value.text, u->store));
		}
		for (const struct env_var *v = e->client_secret; v; v = v->next)
			put_secret_env(l, env, v->name.text, store_secret_holding(u->store, v->value.text), v->value.text);
	}
}

void lower_store(struct lowering *l, const struct store *s)
{
	if (!s->minio) {
		lower_engine_store(l, s);
		return;
	}
	const struct defaults *d = &l->m->defaults;
	int64_t uid = effective_num(&s->tune.user, &d->minio_user);
	const char *headless = arena_printf(&l->ctx->arena, "%s-headless", s->name);

	struct ynode *ports;
	struct ynode *doc = lower_service(l, s->name, s->name, false, &ports);
	put_minio_ports(l, ports, s);
	lower_finish(l, doc, "Service", s->name);
	doc = lower_service(l, headless, s->name, true, &ports);
	put_minio_ports(l, ports, s);
	lower_finish(l, doc, "Service", headless);

	doc = lower_object(l, "apps/v1", "StatefulSet", s->name, s->name, NULL);
	struct ynode *spec = workload_spec(l, doc, s->name, 1);
	y_put_str(A(l), spec, "serviceName", headless);
	struct ynode *pod = pod_template(l, spec, s->name, NULL);
	put_pod_security(l, pod, uid, true);
	struct ynode *c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", "minio");
	put_image(l, c, s->image.text);
	struct ynode *args = y_put_seq(A(l), c, "args");
	static const char *const minio_args[] = {"server", "/data", "--address", ":9000", "--certs-dir", "/tmp/certs"};
	for (size_t i = 0; i < sizeof minio_args / sizeof minio_args[0]; i++)
		push_literal(l, args, minio_args[i]);
	struct ynode *cports = y_put_seq(A(l), c, "ports");
	put_container_port(l, cports, "api", MINIO_API_PORT);
	if (console_on(s)) {
		push_literal(l, args, "--console-address");
		push_literal(l, args, ":9001");
		put_container_port(l, cports, "console", MINIO_CONSOLE_PORT);
	} else {
		/* Without --console-address MinIO would still serve the console, on a random port: switch it off. */
		struct ynode *e = y_push_map(A(l), y_put_seq(A(l), c, "env"));
		y_put_str(A(l), e, "name", "MINIO_BROWSER");
		y_put_str(A(l), e, "value", "off");
	}
	put_env_from(l, c, s->secrets);
	put_probes(l, c, "/minio/health/live", "/minio/health/ready", "api", MINIO_API_PORT);
	put_resources(l, c, &s->tune);
	put_container_security(l, c, uid, &s->tune);
	struct ynode *mounts = y_put_seq(A(l), c, "volumeMounts");
	put_volume_mount(l, mounts, "data", "/data", NULL);
	put_volume_mount(l, mounts, "tmp", "/tmp", NULL);
	put_empty_dir(l, y_put_seq(A(l), pod, "volumes"), "tmp");
	put_claim(l, spec, s);
	lower_finish(l, doc, "StatefulSet", s->name);

	if (!s->buckets)
		return;
	/* A Job's pod template is immutable: its name carries a hash of the whole template, so any change (image,
	   buckets, UID, resources) makes a new Job instead of an apply error; the TTL clears finished ones, and
	   re-runs are harmless. */
	const char *script = bucket_script(l, s);
	struct ynode *job_meta;
	const char *job_component = arena_printf(&l->ctx->arena, "%s-bucket", s->name); /* the object labelled like its pods */
	doc = lower_object(l, "batch/v1", "Job", "", job_component, &job_meta);
	spec = y_put_map(A(l), doc, "spec");
	y_put_int(A(l), spec, "backoffLimit", JOB_BACKOFF_LIMIT);
	if (d->job_ttl.set)
		y_put_int(A(l), spec, "ttlSecondsAfterFinished", d->job_ttl.num);
	pod = pod_template(l, spec, job_component, NULL);
	y_put_str(A(l), pod, "restartPolicy", "OnFailure");
	put_pod_security(l, pod, uid, false);
	c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", "mc");
	put_image(l, c, d->mc_image.text);
	struct ynode *cmd = y_put_seq(A(l), c, "command");
	y_push_str(A(l), cmd, "/bin/sh");
	y_push_str(A(l), cmd, "-c");
	push_literal(l, cmd, script);
	struct ynode *env = y_put_seq(A(l), c, "env");
	struct ynode *e = y_push_map(A(l), env);
	y_put_str(A(l), e, "name", "MC_CONFIG_DIR");
	y_put_str(A(l), e, "value", "/tmp/.mc");
	for (const struct use_ref *u = s->users; u; u = u->next_user) {
		put_secret_env(l, env, app_key_var(l, u->user->name, "ACCESS_KEY"), u->access_secret, u->user->s3_access_key.text);
		put_secret_env(l, env, app_key_var(l, u->user->name, "SECRET_KEY"), u->secret_secret, u->user->s3_secret_key.text);
	}
	put_env_from(l, c, s->secrets);
	static const struct tunables job_tune; /* the mc client needs the defaults, not what the server asked for */
	put_resources(l, c, &job_tune);
	put_container_security(l, c, uid, &job_tune);
	put_volume_mount(l, y_put_seq(A(l), c, "volumeMounts"), "tmp", "/tmp", NULL);
	put_empty_dir(l, y_put_seq(A(l), pod, "volumes"), "tmp");
	const char *job = arena_printf(&l->ctx->arena, "%s-bucket-%08x", s->name, y_hash(y_get(spec, "template"), 2166136261u));
	y_get(job_meta, "name")->str = job;
	lower_finish(l, doc, "Job", job);
}
