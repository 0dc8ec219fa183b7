/* lower_store.c: a store becomes MinIO: a StatefulSet with its volume claim, two Services and the bucket Job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"

/* MinIO listens for S3 on 9000 and serves its console on 9001 only when told to. Port names are fixed ("http",
   "api", "console"): each is a valid IANA service name (apimachinery IsValidPortName: at most 15 of [-a-z0-9],
   a letter, no "--"), and port numbers are 1..65535 (E009). */
enum { MINIO_API_PORT = 9000, MINIO_CONSOLE_PORT = 9001, JOB_BACKOFF_LIMIT = 10 };

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

void lower_store(struct lowering *l, const struct store *s)
{
	const struct defaults *d = &l->m->defaults;
	int64_t uid = effective_num(&s->tune.user, &d->minio_user);
	const char *headless = arena_printf(&l->ctx->arena, "%s-headless", s->name);

	struct ynode *ports;
	struct ynode *doc = lower_service(l, s->name, s->name, false, &ports);
	put_minio_ports(l, ports);
	lower_finish(l, doc, "Service", s->name);
	doc = lower_service(l, headless, s->name, true, &ports);
	put_minio_ports(l, ports);
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
	static const char *const minio_args[] = {"server", "/data", "--address", ":9000", "--console-address", ":9001",
						 "--certs-dir", "/tmp/certs"};
	for (size_t i = 0; i < sizeof minio_args / sizeof minio_args[0]; i++)
		push_literal(l, args, minio_args[i]);
	struct ynode *cports = y_put_seq(A(l), c, "ports");
	put_container_port(l, cports, "api", MINIO_API_PORT);
	put_container_port(l, cports, "console", MINIO_CONSOLE_PORT);
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
