/* lower_store.c: a store becomes MinIO: a StatefulSet with its volume claim, two Services and the bucket Job, which also gives each app that uses the store its own MinIO user. */
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

void lower_store(struct lowering *l, const struct store *s)
{
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
	/* No storageClassName: the cluster's default class provisions it (an empty string would ask for none). */
	struct ynode *claim = y_push_map(A(l), y_put_seq(A(l), spec, "volumeClaimTemplates"));
	struct ynode *claim_meta = y_put_map(A(l), claim, "metadata");
	y_put_str(A(l), claim_meta, "name", "data");
	put_labels(l, y_put_map(A(l), claim_meta, "labels"), s->name);
	struct ynode *claim_spec = y_put_map(A(l), claim, "spec");
	y_push_str(A(l), y_put_seq(A(l), claim_spec, "accessModes"), "ReadWriteOnce");
	y_put_str(A(l), y_put_map(A(l), y_put_map(A(l), claim_spec, "resources"), "requests"), "storage", s->size.text);
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
