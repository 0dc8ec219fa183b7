/* rules_internal.h: what the rule files share: the rule context, the name limits, the helpers several rules use, and each file's rules for the table in rules.c. */
#ifndef RBDC_RULES_INTERNAL_H
#define RBDC_RULES_INTERNAL_H

#include "rules.h"

/* Longest names that still fit every object derived from them (apimachinery validation.go: a label value and a
   DNS-1123 label hold 63 characters, a subdomain 253; Services are DNS-1035 labels, so names start with a letter):
   - an app is a Service, a container and a label value (63); NAME-nginx, its ConfigMap, is kept a label too;
   - a store's bucket Job is NAME-bucket-HASH (16 more), and the Job controller copies its name into the
     job-name label of its pods, a label value; NAME-headless (9 more) and the StatefulSet's
     controller-revision-hash label NAME-HASH (11 more) then fit as well;
   - a secret names a VaultStaticSecret and its Secret (subdomains) and the label app.kubernetes.io/name. */
enum { APP_NAME_MAX = 63 - 6, STORE_NAME_MAX = 63 - 16, SECRET_NAME_MAX = 63 };
/* A job is a CronJob NAME, whose Jobs the controller names NAME-TIMESTAMP (11 more, a label value: 52 at most, as
   pkg/apis/batch/validation says), or a run-once Job NAME-HASH (9 more); 52 fits both, so adding a schedule later
   never makes a name too long. */
enum { JOB_NAME_MAX = 63 - 11 };

struct rule_ctx {
	struct rbdc_ctx *ctx;
	const struct model *m;
	const struct ast_stmt *program;
};

/* rules.c: helpers several rules share */
void check_label(struct rbdc_ctx *ctx, const char *what, const char *name, struct rbd_loc loc, size_t max);
bool loc_before(const struct rbd_loc *a, const struct rbd_loc *b);
bool tried(const struct model *m, struct stmt_set attempted, enum stmt_id id);
void check_env_entry(struct rule_ctx *rc, const struct env_var *e);
void check_user(struct rule_ctx *rc, const struct setting *user, const char *whose);
/* E007 when the block @block (@what @name) lists @item a second time (the message names it as @before'@item'@after,
   the note points at the first); @seen is keyed by (block, item), so one map serves every block. True when it did. */
bool listed_twice(struct rule_ctx *rc, struct strmap *seen, const void *block, const char *what, const char *name,
		  const char *before, const char *item, const char *after, const struct rbd_loc *loc);
/* E024: each request of @own (or of the defaults @def where @own sets none) fits under its limit. */
void check_resources_fit(struct rule_ctx *rc, const char *owner, const struct tunables *own, const struct tunables *def);
bool inherited(const struct setting *own, const struct setting *fallback);
const char *closest_peer(const struct model *m, const struct app *self, const char *name);
bool misspelt_declaration(const struct model *m, const char *name);
bool named_by_unknown_statement(const struct ast_stmt *program, const char *name);

/* The rules, one file per subject; rules.c runs them in the order of its table. */
/* rules_program.c: names and the objects derived from them, statements without effect */
void rule_names(struct rule_ctx *rc);
void rule_derived_names(struct rule_ctx *rc);
void rule_no_effect(struct rule_ctx *rc);
/* rules_app.c: apps, and the user and resources of every pod */
void rule_app_required(struct rule_ctx *rc);
void rule_values(struct rule_ctx *rc);
void rule_root(struct rule_ctx *rc);
void rule_resources(struct rule_ctx *rc);
void rule_replicas(struct rule_ctx *rc);
void rule_config_values(struct rule_ctx *rc);
void rule_probe_tolerance(struct rule_ctx *rc);
void rule_app_shape(struct rule_ctx *rc);
void rule_pod_count(struct rule_ctx *rc);
void rule_env_sources(struct rule_ctx *rc);
/* rules_job.c: jobs and shared images */
void rule_shared_images(struct rule_ctx *rc);
void rule_jobs(struct rule_ctx *rc);
/* rules_store.c: stores, engines and `uses` */
void rule_stores(struct rule_ctx *rc);
void rule_images(struct rule_ctx *rc);
void rule_uses(struct rule_ctx *rc);
void rule_unused_stores(struct rule_ctx *rc);
void rule_engines(struct rule_ctx *rc);
/* rules_route.c: routes, hosts, ingress and gateway */
void rule_paths(struct rule_ctx *rc);
void rule_body_limits(struct rule_ctx *rc);
void rule_ingress(struct rule_ctx *rc);
void rule_hosts(struct rule_ctx *rc);
void rule_gateway(struct rule_ctx *rc);
/* rules_vault.c: secrets, Vault and the namespace */
void rule_secret_refs(struct rule_ctx *rc);
void rule_unused_secrets(struct rule_ctx *rc);
void rule_secret_decls(struct rule_ctx *rc);
void rule_plaintext_secrets(struct rule_ctx *rc);
void rule_namespace(struct rule_ctx *rc);
void rule_vault_connection(struct rule_ctx *rc);

#endif
