/* schema.h: the statements of the language: where each may stand, what it takes, and its one-line documentation. */
#ifndef RBDC_SCHEMA_H
#define RBDC_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

enum scope {
	SCOPE_TOP, SCOPE_DEFAULTS, SCOPE_VAULT, SCOPE_SECRET, SCOPE_APP, SCOPE_STORE, SCOPE_INGRESS,
	SCOPE_JOB, SCOPE_ENGINE, SCOPE_GATEWAY, SCOPE_ENVIRONMENT,
	SCOPE_COUNT
};

enum stmt_id {
	/* top level */
	ST_PROJECT, ST_NAMESPACE, ST_DOMAIN, ST_REGISTRY, ST_TAG, ST_DEFAULTS, ST_VAULT, ST_SECRET, ST_APP, ST_STORE,
	ST_INGRESS,
	/* vault */
	ST_AUTH, ST_MOUNT, ST_REFRESH, ST_ROLE, ST_ADDRESS, ST_AUTH_MOUNT,
	/* secret */
	ST_KEYS,
	/* app and store */
	ST_IMAGE, ST_PORT, ST_MIGRATE, ST_HEALTH, ST_ENV, ST_SECRETS, ST_ROUTE, ST_SPA, ST_SIZE, ST_BUCKET,
	/* tunables: app, store and defaults */
	ST_USER, ST_REPLICAS, ST_CPU, ST_MEMORY, ST_CPU_LIMIT, ST_MEMORY_LIMIT, ST_READ_ONLY_ROOT,
	/* defaults only */
	ST_PROBE_DELAY, ST_PROBE_PERIOD, ST_PROBE_TIMEOUT, ST_PROBE_FAILURES, ST_MINIO_IMAGE, ST_MC_IMAGE, ST_MINIO_USER,
	ST_SPA_ROOT, ST_JOB_TTL,
	/* ingress */
	ST_TLS, ST_CLASS,
	/* vault; tunables; defaults only (added after the others, so the numbering of the rest stays) */
	ST_CONNECTION, ST_EPHEMERAL_STORAGE, ST_EPHEMERAL_STORAGE_LIMIT, ST_TMP_SIZE, ST_LIVENESS_PERIOD,
	ST_LIVENESS_FAILURES, ST_STARTUP_FAILURES,
	/* app routing */
	ST_ROUTE_EXACT, ST_BODY_LIMIT,
	/* network isolation and store identities (issue 9) */
	ST_USES, ST_CONSOLE, ST_S3_ACCESS_KEY, ST_S3_SECRET_KEY, ST_INGRESS_NAMESPACE,
	/* workers and scratch; commands and jobs; store engines; pod counts; hosts and the gateway; environments */
	ST_SCRATCH, ST_SCRATCH_SIZE,
	ST_COMMAND, ST_JOB, ST_SCHEDULE, ST_TIMEZONE, ST_DEADLINE, ST_RETRIES, ST_JOB_DEADLINE, ST_JOB_RETRIES,
	ST_JOB_SUCCESSFUL_HISTORY, ST_JOB_FAILED_HISTORY, ST_JOB_START_DEADLINE,
	ST_ENGINE, ST_ENGINE_DATA, ST_ENGINE_PROBE, ST_ENGINE_WRITABLE, ST_ENGINE_COMMAND, ST_ENGINE_SECRET_KEYS,
	ST_ENGINE_CLIENT_ENV, ST_ENGINE_CLIENT_SECRET,
	ST_SINGLETON, ST_AUTOSCALE,
	ST_HOST, ST_GATEWAY, ST_PARENT, ST_LISTENER, ST_REDIRECT_LISTENER, ST_GATEWAY_NAMESPACE,
	ST_ENVIRONMENT,
	ST_COUNT
};

/* A set of statements: those a block tried to give, misspelt or malformed ones included. */
struct stmt_set {
	uint64_t bits[(ST_COUNT + 63) / 64];
};

static inline void stmt_set_add(struct stmt_set *set, enum stmt_id id)
{
	set->bits[id / 64] |= UINT64_C(1) << (id % 64);
}

static inline bool stmt_set_has(const struct stmt_set *set, enum stmt_id id)
{
	return set->bits[id / 64] & (UINT64_C(1) << (id % 64));
}

enum block_rule { BLOCK_NONE, BLOCK_REQUIRED };

struct stmt_spec {
	enum scope scope;
	const char *name;
	enum stmt_id id;
	const char *usage; /* how it is written, for "usage:" notes and the README */
	enum block_rule block;
	bool repeatable;
	const char *doc;   /* what it becomes */
};

/** schema_find - the statement @name in @scope, or NULL */
const struct stmt_spec *schema_find(enum scope scope, const char *name);
/** schema_suggest - the statement of @scope closest in spelling to @name, or NULL when none is close */
const struct stmt_spec *schema_suggest(enum scope scope, const char *name);
/** schema_elsewhere - a scope other than @scope where @name is a statement, or NULL */
const struct stmt_spec *schema_elsewhere(enum scope scope, const char *name);
const char *schema_scope_name(enum scope scope);
struct arena;
/** schema_names - the statements of @scope, comma-separated (arena-owned) */
const char *schema_names(struct arena *a, enum scope scope);
/** schema_all - every statement, for `rbdc --statements` and the documentation test */
const struct stmt_spec *schema_all(unsigned *count);

#endif
