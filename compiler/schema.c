/* schema.c: the table of statements, and the spelling suggestions for unknown ones. */
#include "schema.h"

#include <string.h>

#include "arena.h"
#include "values.h"

/* A store takes `replicas` only to refuse it (model_store.c), so its entry says so: REPLICAS_DOC. */
#define TUNABLES(scope, replicas_doc)                                                                                  \
	{scope, "user", ST_USER, "user UID", BLOCK_NONE, false, "numeric runAsUser/runAsGroup/fsGroup (never 0)"},    \
	{scope, "replicas", ST_REPLICAS, "replicas N", BLOCK_NONE, false, replicas_doc},                              \
	{scope, "cpu", ST_CPU, "cpu QUANTITY", BLOCK_NONE, false, "resources.requests.cpu"},                          \
	{scope, "memory", ST_MEMORY, "memory QUANTITY", BLOCK_NONE, false, "resources.requests.memory"},              \
	{scope, "cpu-limit", ST_CPU_LIMIT, "cpu-limit QUANTITY", BLOCK_NONE, false, "resources.limits.cpu"},          \
	{scope, "memory-limit", ST_MEMORY_LIMIT, "memory-limit QUANTITY", BLOCK_NONE, false, "resources.limits.memory"},    \
	{scope, "read-only-root", ST_READ_ONLY_ROOT, "read-only-root yes|no", BLOCK_NONE, false,                       \
	 "readOnlyRootFilesystem (an emptyDir is always mounted on /tmp)"},                                           \
	{scope, "ephemeral-storage", ST_EPHEMERAL_STORAGE, "ephemeral-storage QUANTITY", BLOCK_NONE, false,           \
	 "resources.requests.ephemeral-storage"},                                                                     \
	{scope, "ephemeral-storage-limit", ST_EPHEMERAL_STORAGE_LIMIT, "ephemeral-storage-limit QUANTITY", BLOCK_NONE, \
	 false, "resources.limits.ephemeral-storage (logs, writable layer and /tmp together)"}

static const struct stmt_spec table[] = {
	{SCOPE_TOP, "project", ST_PROJECT, "project NAME", BLOCK_NONE, false,
	 "label app.kubernetes.io/part-of, the default namespace and derived image names"},
	{SCOPE_TOP, "namespace", ST_NAMESPACE, "namespace NAME [external]", BLOCK_NONE, false,
	 "metadata.namespace of every object (default: the project; `rbdc -n NAME` overrides); `external`: no Namespace object"},
	{SCOPE_TOP, "domain", ST_DOMAIN, "domain HOST", BLOCK_NONE, false,
	 "the host of the routed apps without `host`, and its TLS certificate"},
	{SCOPE_TOP, "registry", ST_REGISTRY, "registry HOST/PATH", BLOCK_NONE, false,
	 "prefix of derived images: REGISTRY/PROJECT-APP:TAG"},
	{SCOPE_TOP, "tag", ST_TAG, "tag \"TAG\"", BLOCK_NONE, false,
	 "placeholder tag of derived images; kustomization.yaml lets the operator set the real one"},
	{SCOPE_TOP, "defaults", ST_DEFAULTS, "defaults { ... }", BLOCK_REQUIRED, true,
	 "overrides the stdlib defaults for the whole program"},
	{SCOPE_TOP, "vault", ST_VAULT, "vault { auth NAME; mount MOUNT; ... }", BLOCK_REQUIRED, false,
	 "how every VaultStaticSecret reaches Vault"},
	{SCOPE_TOP, "secret", ST_SECRET, "secret NAME from vault \"PATH\" { keys KEY, ... }", BLOCK_REQUIRED, true,
	 "a VaultStaticSecret syncing PATH into the Secret NAME"},
	{SCOPE_TOP, "app", ST_APP, "app NAME { ... }", BLOCK_REQUIRED, true, "a Deployment and a ClusterIP Service"},
	{SCOPE_TOP, "store", ST_STORE, "store NAME { engine ENGINE; size SIZE; secrets NAME; bucket NAME }", BLOCK_REQUIRED, true,
	 "a StatefulSet of its engine (MinIO unless `engine` says otherwise) with a volume claim, a headless and a ClusterIP Service; MinIO also a bucket Job"},
	{SCOPE_TOP, "ingress", ST_INGRESS, "ingress { tls ISSUER; class NAME }", BLOCK_REQUIRED, false,
	 "the Ingresses of the routed apps: one per site (set of hosts) and distinct body-limit"},

	{SCOPE_VAULT, "auth", ST_AUTH, "auth NAME", BLOCK_NONE, false, "spec.vaultAuthRef of every VaultStaticSecret"},
	{SCOPE_VAULT, "mount", ST_MOUNT, "mount MOUNT", BLOCK_NONE, false, "spec.mount: the KV v2 engine's mount path"},
	{SCOPE_VAULT, "refresh", ST_REFRESH, "refresh DURATION", BLOCK_NONE, false, "spec.refreshAfter (one unit: 30s, 5m, 1h)"},
	{SCOPE_VAULT, "role", ST_ROLE, "role NAME", BLOCK_NONE, false,
	 "also emit the VaultAuth (kubernetes method, this Vault role) and its ServiceAccount"},
	{SCOPE_VAULT, "address", ST_ADDRESS, "address \"URL\"", BLOCK_NONE, false,
	 "also emit a VaultConnection to this Vault address for the VaultAuth"},
	{SCOPE_VAULT, "connection", ST_CONNECTION, "connection default|NAME|NAMESPACE/NAME", BLOCK_NONE, false,
	 "the VaultConnection the VaultAuth uses: `default`, the operator's own, or an existing one"},
	{SCOPE_VAULT, "auth-mount", ST_AUTH_MOUNT, "auth-mount PATH", BLOCK_NONE, false,
	 "the Vault kubernetes auth method's mount (default: kubernetes)"},

	{SCOPE_SECRET, "keys", ST_KEYS, "keys KEY, KEY, ...", BLOCK_NONE, true,
	 "the keys the synced Secret holds; only these are copied from Vault"},

	{SCOPE_APP, "image", ST_IMAGE, "image [\"REF\" | of APP]", BLOCK_NONE, false,
	 "the container image; bare, it is REGISTRY/PROJECT-APP:TAG; `of APP` shares another app's image string"},
	{SCOPE_APP, "port", ST_PORT, "port N", BLOCK_NONE, false,
	 "containerPort `http` and the Service port (none: a worker, with no Service and nothing admitted in)"},
	{SCOPE_APP, "migrate", ST_MIGRATE, "migrate \"COMMAND\" | \"ARG0\", \"ARG1\", ...", BLOCK_NONE, false,
	 "an init container running COMMAND in the app's own image before the app starts"},
	{SCOPE_APP, "health", ST_HEALTH, "health PATH | tcp | exec \"COMMAND\" | none", BLOCK_NONE, false,
	 "readiness, liveness and startup probes: httpGet PATH, tcpSocket on the port, a command, or none at all"},
	{SCOPE_APP, "env", ST_ENV, "env NAME \"VALUE\"", BLOCK_NONE, true, "an environment variable (never a secret)"},
	{SCOPE_APP, "secrets", ST_SECRETS, "secrets NAME, ...", BLOCK_NONE, true,
	 "envFrom the Secret that VSO syncs from Vault"},
	{SCOPE_APP, "route", ST_ROUTE, "route PATH", BLOCK_NONE, true, "an Ingress path (Prefix) to this app"},
	{SCOPE_APP, "spa", ST_SPA, "spa", BLOCK_NONE, false,
	 "serve index.html for unknown paths: an nginx server config in a ConfigMap"},
	{SCOPE_APP, "route-exact", ST_ROUTE_EXACT, "route-exact PATH, ...", BLOCK_NONE, true,
	 "Ingress paths (Exact) to this app: only these very paths, which beat any route's prefix"},
	{SCOPE_APP, "body-limit", ST_BODY_LIMIT, "body-limit SIZE", BLOCK_NONE, false,
	 "the largest request body ingress-nginx passes to this app (its own Ingress; default 1Mi)"},
	TUNABLES(SCOPE_APP, "spec.replicas (spec: 1)"),
	{SCOPE_APP, "uses", ST_USES, "uses NAME, ...", BLOCK_NONE, true,
	 "a NetworkPolicy lets this app reach the store's S3 port or the app's port; a store also gets a MinIO user for it"},
	{SCOPE_APP, "s3-access-key", ST_S3_ACCESS_KEY, "s3-access-key KEY", BLOCK_NONE, false,
	 "the key of the app's secrets that holds its MinIO access key (default: S3_ACCESS_KEY)"},
	{SCOPE_APP, "s3-secret-key", ST_S3_SECRET_KEY, "s3-secret-key KEY", BLOCK_NONE, false,
	 "the key of the app's secrets that holds its MinIO secret key (default: S3_SECRET_KEY)"},

	{SCOPE_STORE, "size", ST_SIZE, "size QUANTITY", BLOCK_NONE, false, "the PersistentVolumeClaim's storage request"},
	{SCOPE_STORE, "bucket", ST_BUCKET, "bucket NAME", BLOCK_NONE, true, "a bucket the Job creates (idempotently)"},
	{SCOPE_STORE, "secrets", ST_SECRETS, "secrets NAME", BLOCK_NONE, true,
	 "envFrom the Secret with the engine's keys (MinIO: MINIO_ROOT_USER and MINIO_ROOT_PASSWORD)"},
	{SCOPE_STORE, "image", ST_IMAGE, "image \"REF\"", BLOCK_NONE, false, "the server image (default: the engine's, from the stdlib)"},
	{SCOPE_STORE, "route", ST_ROUTE, "route PATH", BLOCK_NONE, true, "(refused: a store is never exposed)"},
	{SCOPE_STORE, "route-exact", ST_ROUTE_EXACT, "route-exact PATH", BLOCK_NONE, true, "(refused: a store is never exposed)"},
	TUNABLES(SCOPE_STORE, "(refused: a store is one server with one volume)"),
	{SCOPE_STORE, "console", ST_CONSOLE, "console yes|no", BLOCK_NONE, false,
	 "MinIO's web console on port 9001, reachable only through kubectl port-forward (default: no, switched off)"},

	{SCOPE_INGRESS, "tls", ST_TLS, "tls CLUSTER-ISSUER", BLOCK_NONE, false,
	 "TLS for the domain, certificate from this cert-manager ClusterIssuer"},
	{SCOPE_INGRESS, "class", ST_CLASS, "class NAME", BLOCK_NONE, false, "spec.ingressClassName (default: nginx)"},
	{SCOPE_INGRESS, "ingress-namespace", ST_INGRESS_NAMESPACE, "ingress-namespace NAME", BLOCK_NONE, false,
	 "the namespace of the ingress controller, the only one the NetworkPolicies let reach routed apps"},

	TUNABLES(SCOPE_DEFAULTS, "spec.replicas of apps (stores have one)"),
	{SCOPE_DEFAULTS, "probe-delay", ST_PROBE_DELAY, "probe-delay DURATION", BLOCK_NONE, false,
	 "initialDelaySeconds of startup probes"},
	{SCOPE_DEFAULTS, "probe-period", ST_PROBE_PERIOD, "probe-period DURATION", BLOCK_NONE, false,
	 "periodSeconds of readiness and startup probes"},
	{SCOPE_DEFAULTS, "probe-timeout", ST_PROBE_TIMEOUT, "probe-timeout DURATION", BLOCK_NONE, false,
	 "timeoutSeconds of probes"},
	{SCOPE_DEFAULTS, "probe-failures", ST_PROBE_FAILURES, "probe-failures N", BLOCK_NONE, false,
	 "failureThreshold of readiness probes"},
	{SCOPE_DEFAULTS, "liveness-period", ST_LIVENESS_PERIOD, "liveness-period DURATION", BLOCK_NONE, false,
	 "periodSeconds of liveness probes"},
	{SCOPE_DEFAULTS, "liveness-failures", ST_LIVENESS_FAILURES, "liveness-failures N", BLOCK_NONE, false,
	 "failureThreshold of liveness probes"},
	{SCOPE_DEFAULTS, "startup-failures", ST_STARTUP_FAILURES, "startup-failures N", BLOCK_NONE, false,
	 "failureThreshold of startup probes (how many periods a container gets to start)"},
	{SCOPE_DEFAULTS, "tmp-size", ST_TMP_SIZE, "tmp-size QUANTITY", BLOCK_NONE, false,
	 "sizeLimit of the /tmp emptyDir of every pod"},
	{SCOPE_DEFAULTS, "refresh", ST_REFRESH, "refresh DURATION", BLOCK_NONE, false,
	 "refreshAfter when the vault block sets none"},
	{SCOPE_DEFAULTS, "minio-image", ST_MINIO_IMAGE, "minio-image \"REF\"", BLOCK_NONE, false, "the MinIO server image"},
	{SCOPE_DEFAULTS, "mc-image", ST_MC_IMAGE, "mc-image \"REF\"", BLOCK_NONE, false, "the MinIO client image of bucket Jobs"},
	{SCOPE_DEFAULTS, "minio-user", ST_MINIO_USER, "minio-user UID", BLOCK_NONE, false,
	 "the UID MinIO runs as (its image has no USER)"},
	{SCOPE_DEFAULTS, "spa-root", ST_SPA_ROOT, "spa-root PATH", BLOCK_NONE, false, "the directory nginx serves for `spa`"},
	{SCOPE_DEFAULTS, "job-ttl", ST_JOB_TTL, "job-ttl DURATION", BLOCK_NONE, false,
	 "ttlSecondsAfterFinished of bucket Jobs and run-once jobs"},
	{SCOPE_DEFAULTS, "s3-access-key", ST_S3_ACCESS_KEY, "s3-access-key KEY", BLOCK_NONE, false,
	 "the secret key holding an app's MinIO access key"},
	{SCOPE_DEFAULTS, "s3-secret-key", ST_S3_SECRET_KEY, "s3-secret-key KEY", BLOCK_NONE, false,
	 "the secret key holding an app's MinIO secret key"},
	{SCOPE_DEFAULTS, "ingress-namespace", ST_INGRESS_NAMESPACE, "ingress-namespace NAME", BLOCK_NONE, false,
	 "the ingress controller's namespace (default: ingress-nginx)"},
	{SCOPE_APP, "scratch", ST_SCRATCH, "scratch PATH, ...", BLOCK_NONE, true,
	 "a writable emptyDir (sizeLimit scratch-size) mounted at each PATH under the read-only root"},
	{SCOPE_APP, "scratch-size", ST_SCRATCH_SIZE, "scratch-size QUANTITY", BLOCK_NONE, false,
	 "sizeLimit of each of the app's scratch emptyDirs"},
	{SCOPE_DEFAULTS, "scratch-size", ST_SCRATCH_SIZE, "scratch-size QUANTITY", BLOCK_NONE, false,
	 "sizeLimit of every scratch emptyDir"},
	/* The probe timings of one app; the defaults' rows above give every app's. */
	{SCOPE_APP, "probe-delay", ST_PROBE_DELAY, "probe-delay DURATION", BLOCK_NONE, false,
	 "initialDelaySeconds of this app's startup probe"},
	{SCOPE_APP, "probe-period", ST_PROBE_PERIOD, "probe-period DURATION", BLOCK_NONE, false,
	 "periodSeconds of this app's readiness and startup probes"},
	{SCOPE_APP, "probe-timeout", ST_PROBE_TIMEOUT, "probe-timeout DURATION", BLOCK_NONE, false,
	 "timeoutSeconds of this app's probes"},
	{SCOPE_APP, "probe-failures", ST_PROBE_FAILURES, "probe-failures N", BLOCK_NONE, false,
	 "failureThreshold of this app's readiness probe"},
	{SCOPE_APP, "liveness-period", ST_LIVENESS_PERIOD, "liveness-period DURATION", BLOCK_NONE, false,
	 "periodSeconds of this app's liveness probe"},
	{SCOPE_APP, "liveness-failures", ST_LIVENESS_FAILURES, "liveness-failures N", BLOCK_NONE, false,
	 "failureThreshold of this app's liveness probe"},
	{SCOPE_APP, "startup-failures", ST_STARTUP_FAILURES, "startup-failures N", BLOCK_NONE, false,
	 "failureThreshold of this app's startup probe (how many periods it gets to start)"},
	{SCOPE_APP, "command", ST_COMMAND, "command \"COMMAND\" | \"ARG0\", \"ARG1\", ...", BLOCK_NONE, false,
	 "the container's command (replaces the image's entrypoint): one string as for migrate, or a list as exact argv"},
	{SCOPE_TOP, "job", ST_JOB, "job NAME { image ...; command ...; [schedule \"CRON\"] }", BLOCK_REQUIRED, true,
	 "a CronJob with `schedule`, else a run-once Job named after a hash of its pod template"},
	{SCOPE_JOB, "image", ST_IMAGE, "image [\"REF\" | of APP]", BLOCK_NONE, false,
	 "the container image: bare, REGISTRY/PROJECT-JOB:TAG; \"REF\"; or `of APP`, that app's image string"},
	{SCOPE_JOB, "command", ST_COMMAND, "command \"COMMAND\" | \"ARG0\", \"ARG1\", ...", BLOCK_NONE, false,
	 "what the job runs: one string as for migrate, or a list as exact argv (required with `image of`)"},
	{SCOPE_JOB, "env", ST_ENV, "env NAME \"VALUE\"", BLOCK_NONE, true, "an environment variable (never a secret)"},
	{SCOPE_JOB, "secrets", ST_SECRETS, "secrets NAME, ...", BLOCK_NONE, true, "envFrom the Secret that VSO syncs from Vault"},
	{SCOPE_JOB, "uses", ST_USES, "uses NAME, ...", BLOCK_NONE, true,
	 "the stores and apps the job talks to: their NetworkPolicies admit its pods"},
	TUNABLES(SCOPE_JOB, "(refused: a job runs one pod at a time)"),
	{SCOPE_JOB, "schedule", ST_SCHEDULE, "schedule \"CRON\"", BLOCK_NONE, false,
	 "make the job a CronJob on this schedule: five fields (minute hour day-of-month month day-of-week) or @daily..."},
	{SCOPE_JOB, "timezone", ST_TIMEZONE, "timezone Area/City", BLOCK_NONE, false,
	 "the CronJob's spec.timeZone, an IANA name like Europe/Berlin (default: the controller's, usually UTC)"},
	{SCOPE_JOB, "deadline", ST_DEADLINE, "deadline DURATION", BLOCK_NONE, false,
	 "activeDeadlineSeconds: the run is stopped and failed after this long (default: job-deadline)"},
	{SCOPE_JOB, "retries", ST_RETRIES, "retries N", BLOCK_NONE, false,
	 "backoffLimit: failed pods retried before the run fails (default: job-retries)"},
	{SCOPE_DEFAULTS, "job-deadline", ST_JOB_DEADLINE, "job-deadline DURATION", BLOCK_NONE, false,
	 "activeDeadlineSeconds of every job that sets no `deadline`"},
	{SCOPE_DEFAULTS, "job-retries", ST_JOB_RETRIES, "job-retries N", BLOCK_NONE, false,
	 "backoffLimit of every job that sets no `retries`"},
	{SCOPE_DEFAULTS, "job-successful-history", ST_JOB_SUCCESSFUL_HISTORY, "job-successful-history N", BLOCK_NONE, false,
	 "successfulJobsHistoryLimit of CronJobs: finished runs kept for their logs"},
	{SCOPE_DEFAULTS, "job-failed-history", ST_JOB_FAILED_HISTORY, "job-failed-history N", BLOCK_NONE, false,
	 "failedJobsHistoryLimit of CronJobs: failed runs kept for their logs"},
	{SCOPE_DEFAULTS, "job-start-deadline", ST_JOB_START_DEADLINE, "job-start-deadline DURATION", BLOCK_NONE, false,
	 "startingDeadlineSeconds of CronJobs: a run that could not start this long after its time is skipped"},
	{SCOPE_STORE, "engine", ST_ENGINE, "engine minio|redis|postgres|NAME", BLOCK_NONE, false,
	 "what the store runs (default: minio); an engine other than MinIO takes no bucket and no console"},
	{SCOPE_TOP, "engine", ST_ENGINE, "engine NAME { image \"REF\"; port N; data PATH; user UID; probe ... }", BLOCK_REQUIRED,
	 true, "a store engine: the server image and how it runs (the stdlib declares redis and postgres this way)"},
	{SCOPE_ENGINE, "image", ST_IMAGE, "image \"REF\"", BLOCK_NONE, false,
	 "the server image, pinned by release (a store's own `image` replaces it)"},
	{SCOPE_ENGINE, "port", ST_PORT, "port N", BLOCK_NONE, false,
	 "the port the server listens on: containerPort and Service port named after the engine, opened to the apps that use it"},
	{SCOPE_ENGINE, "data", ST_ENGINE_DATA, "data PATH", BLOCK_NONE, false, "where the store's volume claim is mounted"},
	{SCOPE_ENGINE, "user", ST_USER, "user UID", BLOCK_NONE, false,
	 "the numeric UID and GID the server runs as, and the volume's fsGroup (a store's own `user` replaces it)"},
	{SCOPE_ENGINE, "probe", ST_ENGINE_PROBE, "probe exec \"COMMAND\" | probe tcp", BLOCK_NONE, false,
	 "readiness and startup probes (exec: COMMAND succeeds; tcp: the port accepts); liveness is always tcp on the port"},
	{SCOPE_ENGINE, "writable", ST_ENGINE_WRITABLE, "writable PATH, ...", BLOCK_NONE, true,
	 "emptyDirs for paths the server writes under the read-only root (besides its data and /tmp)"},
	{SCOPE_ENGINE, "command", ST_ENGINE_COMMAND, "command \"COMMAND\"", BLOCK_NONE, false,
	 "the server's command, with the same shell rule as migrate (default: the image's entrypoint and command)"},
	{SCOPE_ENGINE, "env", ST_ENV, "env NAME \"VALUE\"", BLOCK_NONE, true, "an environment variable of the server (never a secret)"},
	{SCOPE_ENGINE, "secret-keys", ST_ENGINE_SECRET_KEYS, "secret-keys KEY, ...", BLOCK_NONE, true,
	 "keys the store's secrets must hold (the server reads them from its envFrom)"},
	{SCOPE_ENGINE, "client-env", ST_ENGINE_CLIENT_ENV, "client-env NAME \"VALUE\"", BLOCK_NONE, true,
	 "an environment variable of every app that uses the store; {host} and {port} become the store's Service and port"},
	{SCOPE_ENGINE, "client-secret", ST_ENGINE_CLIENT_SECRET, "client-secret NAME KEY", BLOCK_NONE, true,
	 "an environment variable of every app that uses the store, from KEY of the store's secrets (secretKeyRef)"},
	{SCOPE_APP, "singleton", ST_SINGLETON, "singleton", BLOCK_NONE, false,
	 "exactly one pod, ever: replicas 1 and strategy Recreate (a rollout stops the old pod first); no PodDisruptionBudget"},
	{SCOPE_APP, "autoscale", ST_AUTOSCALE, "autoscale MIN..MAX cpu N%", BLOCK_NONE, false,
	 "an autoscaling/v2 HorizontalPodAutoscaler keeping average CPU at N% of the cpu request; the Deployment leaves spec.replicas to it"},
	{SCOPE_APP, "host", ST_HOST, "host HOST, ...", BLOCK_NONE, true,
	 "the hosts the app's routes answer on, aliases of one site with one certificate (default: the domain)"},
	{SCOPE_TOP, "gateway", ST_GATEWAY, "gateway { parent NAMESPACE/NAME; listener NAME }", BLOCK_REQUIRED, false,
	 "Gateway API HTTPRoutes for the routed apps, attached to an existing Gateway (instead of ingress { })"},
	{SCOPE_GATEWAY, "parent", ST_PARENT, "parent NAMESPACE/NAME", BLOCK_NONE, false,
	 "the Gateway the HTTPRoutes attach to (parentRefs; NAME alone: in the program's namespace)"},
	{SCOPE_GATEWAY, "listener", ST_LISTENER, "listener NAME", BLOCK_NONE, false,
	 "the sectionName of the Gateway's HTTPS listener the routes attach to (default: https)"},
	{SCOPE_GATEWAY, "redirect-listener", ST_REDIRECT_LISTENER, "redirect-listener NAME|none", BLOCK_NONE, false,
	 "the sectionName of the plain-HTTP listener that gets the redirect to HTTPS (default: http; none: no redirect route)"},
	{SCOPE_GATEWAY, "gateway-namespace", ST_GATEWAY_NAMESPACE, "gateway-namespace NAME", BLOCK_NONE, false,
	 "the namespace of the gateway's proxy pods, the only one the NetworkPolicies let reach routed apps (default: the parent's)"},
	{SCOPE_TOP, "environment", ST_ENVIRONMENT, "environment NAME { STATEMENT ... }", BLOCK_REQUIRED, true,
	 "named overrides of the base program's statements; `rbdc FILE --env NAME` compiles them (environ.c)"},
};

enum { TABLE_SIZE = sizeof table / sizeof table[0] };

static const char *const scope_names[SCOPE_COUNT] = {
	[SCOPE_TOP] = "the top level", [SCOPE_DEFAULTS] = "a defaults block", [SCOPE_VAULT] = "the vault block",
	[SCOPE_SECRET] = "a secret block", [SCOPE_APP] = "an app block", [SCOPE_STORE] = "a store block",
	[SCOPE_INGRESS] = "the ingress block", [SCOPE_JOB] = "a job block", [SCOPE_ENGINE] = "an engine block",
	[SCOPE_GATEWAY] = "the gateway block", [SCOPE_ENVIRONMENT] = "an environment block",
};

const char *schema_scope_name(enum scope scope)
{
	return scope_names[scope];
}

const struct stmt_spec *schema_all(unsigned *count)
{
	*count = TABLE_SIZE;
	return table;
}

const char *schema_names(struct arena *a, enum scope scope)
{
	size_t len = 1;
	for (unsigned i = 0; i < TABLE_SIZE; i++)
		if (table[i].scope == scope)
			len += strlen(table[i].name) + 2;
	char *out = arena_alloc(a, len);
	for (unsigned i = 0; i < TABLE_SIZE; i++) {
		if (table[i].scope != scope)
			continue;
		if (*out)
			strcat(out, ", ");
		strcat(out, table[i].name);
	}
	return out;
}

const struct stmt_spec *schema_find(enum scope scope, const char *name)
{
	for (unsigned i = 0; i < TABLE_SIZE; i++)
		if (table[i].scope == scope && strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

const struct stmt_spec *schema_elsewhere(enum scope scope, const char *name)
{
	for (unsigned i = 0; i < TABLE_SIZE; i++)
		if (table[i].scope != scope && strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

const struct stmt_spec *schema_suggest(enum scope scope, const char *name)
{
	const struct stmt_spec *best = NULL;
	unsigned best_distance = 0;
	size_t len = strlen(name);
	unsigned allowed = value_edit_allowance(len);
	for (unsigned i = 0; i < TABLE_SIZE; i++) {
		if (table[i].scope != scope)
			continue;
		unsigned dist = value_edit_distance(name, table[i].name);
		if (dist <= allowed && (!best || dist < best_distance)) {
			best = &table[i];
			best_distance = dist;
		}
	}
	return best;
}
