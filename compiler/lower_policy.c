/* lower_policy.c: NetworkPolicies: every pod of the program closed to ingress, then opened to exactly what the program declares. */
#include <string.h>

#include "lower_internal.h"

static struct ynode *policy(struct lowering *l, const char *name, const char *component, struct ynode **spec)
{
	struct ynode *doc = lower_object(l, "networking.k8s.io/v1", "NetworkPolicy", name, component, NULL);
	*spec = y_put_map(A(l), doc, "spec");
	return doc;
}

/* Ingress only: an egress policy would have to know the cluster DNS, the external database and every API the
   apps call, none of which the program says; the README argues it. */
static void put_ingress_only(struct lowering *l, struct ynode *spec)
{
	y_push_str(A(l), y_put_seq(A(l), spec, "policyTypes"), "Ingress");
}

static void put_pods_of(struct lowering *l, struct ynode *peer, const char *component)
{
	put_selector_labels(l, y_put_map(A(l), y_put_map(A(l), peer, "podSelector"), "matchLabels"), component);
}

static void put_port(struct lowering *l, struct ynode *rule, int64_t port)
{
	struct ynode *p = y_push_map(A(l), y_put_seq(A(l), rule, "ports"));
	y_put_str(A(l), p, "protocol", "TCP");
	y_put_int(A(l), p, "port", port);
}

/* Every pod rbdc emits carries part-of PROJECT; selecting on it leaves pods the program does not own alone (a
   shared namespace, `default`), while a pod the program adds later is closed from the start. */
static void lower_default_deny(struct lowering *l)
{
	struct ynode *spec;
	struct ynode *doc = policy(l, "default-deny", l->m->project.text, &spec);
	y_put_str(A(l), y_put_map(A(l), y_put_map(A(l), spec, "podSelector"), "matchLabels"), "app.kubernetes.io/part-of",
		  l->m->project.text);
	put_ingress_only(l, spec);
	lower_finish(l, doc, "NetworkPolicy", "default-deny");
}

/* The policy of the pods labelled @name, with one ingress rule: the caller fills its peers (@from) and port. */
static struct ynode *admitting_policy(struct lowering *l, const char *name, struct ynode **rule, struct ynode **from)
{
	struct ynode *spec;
	struct ynode *doc = policy(l, name, name, &spec);
	put_pods_of(l, spec, name);
	put_ingress_only(l, spec);
	*rule = y_push_map(A(l), y_put_seq(A(l), spec, "ingress"));
	*from = y_put_seq(A(l), *rule, "from");
	return doc;
}

/* A routed app admits the ingress controller's namespace; an app others `use` admits their pods; both on its port. */
static void lower_app_policy(struct lowering *l, const struct app *a)
{
	/* An app without a port (a worker) admits nothing: default-deny alone covers its pods. Rules refuse a route to it
	   (E010) and a `uses` of it (E060); the port check stays here too, so no policy ever opens a port it lacks. */
	if (!a->port.set || (!a->routes && !a->users && !a->job_users))
		return;
	struct ynode *rule, *from;
	struct ynode *doc = admitting_policy(l, a->name, &rule, &from);
	if (a->routes) {
		/* kubernetes.io/metadata.name: the API server sets it on every namespace to the namespace's name. The routed
		   traffic comes from the ingress controller, or from the gateway's proxies. */
		struct ynode *peer = y_push_map(A(l), from);
		y_put_str(A(l), y_put_map(A(l), y_put_map(A(l), peer, "namespaceSelector"), "matchLabels"), "kubernetes.io/metadata.name",
			  l->m->gateway.declared ? l->m->gateway.admit_namespace : l->m->ingress.ingress_namespace.text);
	}
	for (const struct use_ref *u = a->users; u; u = u->next_user)
		put_pods_of(l, y_push_map(A(l), from), u->user->name);
	for (const struct use_ref *u = a->job_users; u; u = u->next_user)
		put_pods_of(l, y_push_map(A(l), from), u->job_user->name);
	put_port(l, rule, a->port.num);
	lower_finish(l, doc, "NetworkPolicy", a->name);
}

/* A store admits the apps that use it and its own bucket Job, on its engine's port only (MinIO: S3). */
static void lower_store_policy(struct lowering *l, const struct store *s)
{
	if (!s->users && !s->buckets && !s->job_users)
		return;
	struct ynode *rule, *from;
	struct ynode *doc = admitting_policy(l, s->name, &rule, &from);
	for (const struct use_ref *u = s->users; u; u = u->next_user)
		put_pods_of(l, y_push_map(A(l), from), u->user->name);
	for (const struct use_ref *u = s->job_users; u; u = u->next_user)
		put_pods_of(l, y_push_map(A(l), from), u->job_user->name);
	if (s->buckets)
		put_pods_of(l, y_push_map(A(l), from), arena_printf(A(l), "%s-bucket", s->name));
	put_port(l, rule, store_port(s));
	lower_finish(l, doc, "NetworkPolicy", s->name);
}

void lower_policies(struct lowering *l)
{
	if (!l->m->apps && !l->m->stores && !l->m->jobs)
		return;
	lower_default_deny(l);
	for (const struct app *a = l->m->apps; a; a = a->next)
		lower_app_policy(l, a);
	for (const struct store *s = l->m->stores; s; s = s->next)
		lower_store_policy(l, s);
}
