/* lower_internal.h: what the lowering files share: the walk's state and the builders of pods, containers and Services. */
#ifndef RBDC_LOWER_INTERNAL_H
#define RBDC_LOWER_INTERNAL_H

#include "lower.h"
#include "strmap.h"

struct lowering {
	struct rbdc_ctx *ctx;
	const struct model *m;
	const struct lower_sink *sink;
	struct arena scratch; /* the current object's tree; reset after the sink has it */
	const struct lower_batch_sink *batch; /* instead of sink, when lowering in batches */
	struct arena spare;   /* batch sinks: the trees of the batch being emitted while the next one is built */
	struct k8s_object *pending; /* batch sinks: owned (malloc), the objects of the batch being built */
	size_t n_pending;
	const char **files;   /* every file emitted, for kustomization.yaml; in ctx->arena */
	size_t n_files, cap_files;
	int status;
};

/* MinIO listens for S3 on 9000 and serves its console on 9001 only when told to; the NetworkPolicies open the first
   and never the second (port-forward reaches it). */
enum { MINIO_API_PORT = 9000, MINIO_CONSOLE_PORT = 9001 };

/* Every node of the object being built lives in the scratch arena, reset once the sink has the object. */
static inline struct arena *A(struct lowering *l)
{
	return &l->scratch;
}

/* lower.c: metadata and the hand-over to the sink */
void lower_finish(struct lowering *l, struct ynode *doc, const char *kind, const char *name);
void put_labels(struct lowering *l, struct ynode *map, const char *component);
void put_selector_labels(struct lowering *l, struct ynode *map, const char *component);
struct ynode *lower_object(struct lowering *l, const char *api_version, const char *kind, const char *name,
			    const char *component, struct ynode **metadata);

/* lower_pod.c: pod templates, containers, probes, env, Services */
int64_t effective_num(const struct setting *own, const struct setting *fallback);
void put_pod_security(struct lowering *l, struct ynode *pod, int64_t uid, bool volume_owner);
void put_container_security(struct lowering *l, struct ynode *c, int64_t uid, const struct tunables *own);
void put_resources(struct lowering *l, struct ynode *c, const struct tunables *own);
void put_probes(struct lowering *l, struct ynode *c, const char *live_path, const char *ready_path, const char *port_name,
		int64_t port);
/* What a probe checks (one of three actions), and when (the timings, each from a block or the defaults). */
struct probe_check {
	enum { PROBE_HTTP, PROBE_TCP, PROBE_EXEC } kind;
	const char *path, *ready_path; /* http; ready_path NULL: the same path */
	const char *command;           /* exec, as written */
	size_t command_len;
	const char *port_name;         /* http and tcp */
	int64_t port;
};
struct probe_timing {
	const struct setting *delay, *period, *timeout, *failures, *liveness_period, *liveness_failures, *startup_failures;
};
void put_probe_set(struct lowering *l, struct ynode *c, const struct probe_check *check, const struct probe_timing *t, bool readiness);
void put_image(struct lowering *l, struct ynode *c, const char *image);
void put_env_from(struct lowering *l, struct ynode *c, const struct name_ref *secrets);
void push_literal(struct lowering *l, struct ynode *seq, const char *s);
void put_env(struct lowering *l, struct ynode *c, const struct env_var *env);
void put_volume_mount(struct lowering *l, struct ynode *mounts, const char *name, const char *path, const char *sub_path);
void put_empty_dir(struct lowering *l, struct ynode *volumes, const char *name);
struct ynode *command_argv(struct lowering *l, const char *cmd, size_t len);
void put_command(struct lowering *l, struct ynode *c, const struct setting *text, const struct argv_word *argv);
void put_service_port(struct lowering *l, struct ynode *ports, const char *name, int64_t port);
void put_container_port(struct lowering *l, struct ynode *ports, const char *name, int64_t port);
struct ynode *lower_service(struct lowering *l, const char *name, const char *component, bool headless, struct ynode **ports);
struct ynode *pod_template(struct lowering *l, struct ynode *parent_spec, const char *component, const char *config_hash);
struct ynode *workload_spec(struct lowering *l, struct ynode *doc, const char *component, int64_t replicas);

/* lower_avail.c: pod count, rollout, spread, PodDisruptionBudget and HorizontalPodAutoscaler of an app */
int64_t app_replicas(const struct lowering *l, const struct app *a);
void put_rollout_strategy(struct lowering *l, struct ynode *deployment_spec, const struct app *a);
void put_topology_spread(struct lowering *l, struct ynode *pod_spec, const struct app *a);
void lower_availability(struct lowering *l, const struct app *a);

/* One file per kind of thing a program declares. */
void lower_vault(struct lowering *l);
void lower_secret(struct lowering *l, const struct secret_decl *s);
void lower_app(struct lowering *l, const struct app *a);
void lower_store(struct lowering *l, const struct store *s);
/* lower_store.c: the port a store serves on, and the env an app (or job) gets from the stores it `uses` */
int64_t store_port(const struct store *s);
void put_store_client_env(struct lowering *l, struct ynode *c, const struct use_ref *uses);
void lower_ingress(struct lowering *l);
void lower_gateway(struct lowering *l);
/* lower_ingress.c: routes longest first, Exact before Prefix at equal length (both targets list them so) */
void lower_sort_routes(const struct route **routes, size_t n);
void lower_policies(struct lowering *l);
void lower_job(struct lowering *l, const struct job *j);

#endif
