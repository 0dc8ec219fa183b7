/* model.h: the resolved model: what the program declares, with names bound, types checked and defaults applied. */
#ifndef RBDC_MODEL_H
#define RBDC_MODEL_H

#include "ast.h"
#include "schema.h"

/* A scalar setting and where it was written; `set` is false when nothing (not even the stdlib) gave it. */
struct setting {
	const char *text; /* owned by the ctx arena */
	int64_t num;      /* numbers, and durations in seconds */
	struct rbd_loc loc;
	uint32_t len;
	bool set;
	bool bad;         /* written, but not a valid value (already reported): rules skip it */
}; /* in this order: 40 bytes, not 48 (an app holds some forty of them) */

/* Settings an app or store may override and the `defaults` blocks provide. */
struct tunables {
	struct setting user, replicas, cpu, memory, cpu_limit, memory_limit, read_only_root;
	struct setting ephemeral_storage, ephemeral_storage_limit;
};

struct name_ref {
	const char *name; /* interned */
	struct rbd_loc loc;
	struct secret_decl *secret; /* bound by model_resolve; NULL when undeclared */
	struct name_ref *next;
};

struct env_var {
	struct setting name, value;
	struct rbd_loc loc;
	struct env_var *next;
};

struct route {
	struct setting path;  /* as written: /api/ */
	const char *prefix;   /* the Ingress path: /api (an exact route's path as written) */
	bool exact;           /* `route-exact`: pathType Exact */
	uint32_t stmt_start;  /* the statement it came from, so one repeated list is one error */
	struct app *app;      /* not owned: the app it routes to */
	struct route *next;   /* within the app */
};

/* One word of a list-form command (`command "a", "b"`): exact argv, no shell, no splitting. */
struct argv_word {
	struct setting word;
	struct argv_word *next;
};

/* `command` or `migrate`: one string (split into argv, or run by /bin/sh -c when it needs a shell: command_argv in
   lower_pod.c), or a list, which is argv exactly as written. */
struct command {
	struct setting text;    /* the one string; for a list, its first word (so `set` and `loc` read alike) */
	struct argv_word *argv; /* the list form; NULL for one string */
	struct argv_word *argv_tail;
};

struct job;

/* `uses NAME`: an app that talks to a store (S3) or to another app; bound by model_resolve. */
struct use_ref {
	const char *name; /* interned */
	struct rbd_loc loc;
	struct app *user;         /* the app whose block says `uses` */
	struct store *store;      /* the store it names, or */
	struct app *app;          /* the app it names; both NULL when undeclared */
	/* For a store: the app's secrets holding its MinIO keys (NULL when none does; rules report it). */
	const char *access_secret, *secret_secret;
	struct use_ref *next;       /* within the app */
	struct use_ref *next_user;  /* within the store or app it names, in source order */
	struct job *job_user;       /* the job whose block says `uses` (then `user` is NULL); listed in job_users */
};

struct app {
	const char *name; /* interned */
	struct rbd_loc loc, name_loc;
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	bool has_image;
	struct setting image_ref; /* explicit reference; unset for a bare `image` */
	struct rbd_loc image_loc;
	struct setting port, migrate, health, spa;
	struct env_var *env, *env_tail;
	struct name_ref *secrets, *secrets_tail;
	struct route *routes, *routes_tail;
	struct setting body_limit; /* as written: 20Mi */
	const char *body_size;     /* ingress-nginx's spelling: 20m; NULL when unset or bad */
	struct use_ref *uses, *uses_tail;
	struct setting s3_access_key, s3_secret_key; /* effective after model_resolve */
	struct tunables tune;
	struct app *next;
	struct use_ref *users, *users_tail; /* apps that use this one (bound by model_resolve) */
	/* derived by model_resolve */
	const char *image;      /* the one image string the app and its migrate container use */
	const char *image_name; /* the image without tag or digest, for kustomize `images:` */
	const char *image_tag;  /* NULL when the reference has no tag */
	/* Which probes `health` asks for; `health` holds the path (http) or the command (exec). The enum and the list
	   node are declared here, in the app, because nothing else has them. */
	enum app_health { HEALTH_UNSET, HEALTH_HTTP, HEALTH_TCP, HEALTH_EXEC, HEALTH_NONE } health_form;
	/* Probe timings of this app alone; the defaults' apply where these are unset. */
	struct setting probe_delay, probe_period, probe_timeout, probe_failures;
	struct setting liveness_period, liveness_failures, startup_failures;
	struct scratch_path {
		struct setting path;
		struct scratch_path *next;
	} *scratch, *scratch_tail; /* `scratch PATH, ...`: writable emptyDirs under the read-only root */
	uint32_t n_scratch;
	struct setting scratch_size;
	struct command command;        /* the container's command; unset: the image's entrypoint */
	struct argv_word *migrate_argv; /* `migrate "A", "B"`: exact argv (migrate.text is then its first word) */
	struct setting image_of;       /* `image of APP`: the app named (text); its image string is this app's */
	struct app *image_source;      /* bound by model_resolve; NULL when unknown (rules report it) */
	uint32_t image_walk;           /* model_resolve's chain walk: which walk visits it (0: none yet) */
	struct use_ref *job_users, *job_users_tail; /* jobs that use this app (bound by model_resolve) */
	struct setting singleton; /* `singleton`: one pod, replaced rather than rolled (loc: the statement) */
	struct {
		bool set, bad;        /* bad: malformed (reported); neither checked further nor lowered */
		int64_t min, max;     /* minReplicas, maxReplicas */
		int64_t cpu_percent;  /* averageUtilization of the cpu request */
		struct rbd_loc loc;   /* the statement's word */
	} autoscale;
	struct host_ref *hosts, *hosts_tail; /* `host`: as written; none means the program's domain */
	struct site *site;                    /* the hosts its routes answer on (bound by model_resolve; NULL unrouted) */
};

/* A path an engine declares (`writable`) or a key it needs (`secret-keys`). */
struct engine_item {
	struct setting value;
	struct engine_item *next;
};

/* `engine NAME { ... }`: what a store of this engine runs; the stdlib declares redis and postgres, a program may
   declare more. MinIO is built in (its bucket Job and users are C), so it has no declaration. */
struct engine_decl {
	const char *name; /* interned */
	struct rbd_loc loc, name_loc;
	struct stmt_set attempted;
	bool from_stdlib;
	struct setting image, port, data, user, command;
	struct setting probe;      /* `exec` or `tcp` */
	struct setting probe_cmd;  /* the command of `probe exec` */
	struct engine_item *writable, *writable_tail;
	struct engine_item *secret_keys, *secret_keys_tail;
	struct env_var *env, *env_tail;                     /* the server's own */
	struct env_var *client_env, *client_env_tail;       /* name, value with {host} and {port} */
	struct env_var *client_secret, *client_secret_tail; /* name, key of the store's secrets */
	struct engine_decl *next;
};

struct bucket {
	struct setting name;
	struct rbd_loc stmt;
	struct bucket *next;
};

struct store {
	const char *name;
	struct rbd_loc loc, name_loc;
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	struct setting size, image;
	struct bucket *buckets, *buckets_tail;
	struct name_ref *secrets, *secrets_tail;
	struct setting console;
	struct tunables tune;
	struct store *next;
	struct use_ref *users, *users_tail; /* apps that use this store (bound by model_resolve) */
	struct use_ref *job_users, *job_users_tail; /* jobs that use this store: admitted on S3, no MinIO user of their own */
	struct setting engine;              /* as written; unset means minio */
	const struct engine_decl *engine_decl; /* bound by model_resolve; NULL for MinIO (built in) or an unknown engine */
	bool minio;                         /* the built-in MinIO engine: bucket Job, console, MinIO users */
};

/* `job NAME { ... }`: a run-once Job, or a CronJob with `schedule`. */
struct job {
	const char *name; /* interned */
	struct rbd_loc loc, name_loc;
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	bool has_image;
	struct setting image_ref;  /* explicit reference; unset for a bare `image` or `image of` */
	struct setting image_of;   /* `image of APP` */
	struct rbd_loc image_loc;
	struct command command;
	struct env_var *env, *env_tail;
	struct name_ref *secrets, *secrets_tail;
	struct use_ref *uses, *uses_tail;
	struct tunables tune;
	struct setting schedule, timezone, deadline, retries; /* deadline, retries: effective after model_resolve */
	struct job *next;
	/* derived by model_resolve */
	struct app *image_source; /* `image of`: the app whose image string the job runs */
	const char *image, *image_name, *image_tag;
};

struct secret_key {
	struct setting name;
	uint32_t stmt_start; /* the `keys` statement it came from, so one repeated statement is one error */
	struct secret_key *next;
};

/* A workload that reads a secret: VSO restarts it when the secret changes. */
struct secret_user {
	const char *kind; /* "Deployment" or "StatefulSet" */
	const char *name;
	struct secret_user *next;
};

struct secret_decl {
	const char *name;
	struct rbd_loc loc, name_loc;
	bool bad;         /* malformed declaration (reported): referable, but neither checked nor lowered */
	bool suggested;   /* a misspelt reference was pointed at it: no "unused" warning */
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	struct setting path;
	struct secret_key *keys, *keys_tail;
	uint32_t n_keys;
	uint32_t n_users; /* apps and stores that reference it */
	struct secret_user *users, *users_tail; /* the same, in source order (bound by model_resolve) */
	struct secret_decl *next;
};

struct vault_config {
	bool declared;
	struct rbd_loc loc;
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	struct setting auth, mount, refresh, role, address, auth_mount;
	struct setting connection; /* `default`: the operator's own VaultConnection, named in no vaultConnectionRef */
};

struct ingress_config {
	bool declared;
	struct rbd_loc loc;
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	struct setting tls, class_name, ingress_namespace; /* ingress_namespace: effective after model_resolve */
};

/* One name of `host HOST, ...`. */
struct host_ref {
	struct setting name;
	uint32_t stmt_start; /* the statement it came from, so one repeated list is one error */
	struct host_ref *next;
};

/* A site: the hosts that serve the same routes (an app's `host` list, or the domain alone), with one TLS
   certificate for all of them. Every host belongs to one site at most (E101), so sites never overlap. */
struct site {
	const char **hosts;        /* as the site's first app lists them */
	uint32_t n_hosts;
	bool is_domain;            /* the program's domain alone: the apps without `host` */
	const struct app *first;   /* its first routed app, in source order */
	const char *route_name;    /* PROJECT for the domain's site, else PROJECT-FIRSTAPP: its HTTPRoute */
	const char *tls_secret;    /* PROJECT-tls for the domain's site, else FIRSTHOST-tls (`*.` spelt `wildcard.`) */
	uint32_t n_apps;
	struct site *next;
};

/* `gateway { }`: Gateway API HTTPRoutes instead of Ingresses. */
struct gateway_config {
	bool declared;
	struct rbd_loc loc;
	struct stmt_set attempted; /* statements the block tried to give: "missing X" rules skip these */
	struct setting parent, listener, redirect_listener, gateway_namespace;
	/* derived by model_resolve from `parent NAMESPACE/NAME`; parent_namespace NULL for NAME alone */
	const char *parent_namespace, *parent_name;
	const char *admit_namespace; /* gateway-namespace, else the parent's, else the program's */
};

/* The program-wide defaults: the stdlib's, then the program's own `defaults` blocks on top. */
struct defaults {
	struct tunables tune;
	struct setting probe_delay, probe_period, probe_timeout, probe_failures;
	struct setting refresh, minio_image, mc_image, minio_user, spa_root, job_ttl;
	struct setting liveness_period, liveness_failures, startup_failures, tmp_size;
	struct setting s3_access_key, s3_secret_key, ingress_namespace;
	struct setting scratch_size;
	struct setting job_deadline, job_retries, job_successful_history, job_failed_history, job_start_deadline;
};

struct model {
	struct setting project, namespace_, domain, registry, tag;
	struct stmt_set attempted; /* top-level statements */
	struct stmt_set misplaced; /* statements written in a block that does not take them: not also "missing" */
	struct rbd_loc first_stmt; /* where "the program has no X" points */
	struct vault_config vault;
	struct ingress_config ingress;
	struct defaults defaults;
	struct app *apps, *apps_tail;
	struct store *stores, *stores_tail;
	struct secret_decl *secrets, *secrets_tail;
	uint32_t n_apps, n_stores, n_secrets;
	struct strmap app_names, store_names, secret_names; /* name → declaration */
	struct strmap member_names; /* pair_key(block, interned name) → env_var, bucket or secret_key: duplicates in one pass */
	const char *source_name; /* the user's file, for the "generated from" header */
	struct job *jobs, *jobs_tail;
	uint32_t n_jobs;
	struct strmap job_names; /* name → struct job */
	struct engine_decl *engines, *engines_tail;
	struct strmap engine_names; /* name → engine_decl */
	struct gateway_config gateway;
	struct site *sites, *sites_tail; /* in the order of their first routed app */
	uint32_t n_sites;
	struct setting namespace_external; /* `namespace NAME external`: another program owns the Namespace object */
};

/** model_build - read the stdlib and the user's statements into @m; shape and type errors are queued */
void model_build(struct rbdc_ctx *ctx, struct model *m, const struct ast_stmt *stdlib, const struct ast_stmt *program);
/** model_resolve - bind references and derive images and routes; run after model_build */
void model_resolve(struct rbdc_ctx *ctx, struct model *m);
/** model_effective - the app's or store's setting, else the program default */
const struct setting *model_effective(const struct setting *own, const struct setting *fallback);

#endif
