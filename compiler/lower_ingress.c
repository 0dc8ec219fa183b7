/* lower_ingress.c: the Ingresses of the routed apps: one per distinct set of annotations (ingress-nginx applies
   annotations to a whole Ingress object), all for the one host and its one certificate, paths longest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"

static int compare_routes(const void *x, const void *y)
{
	const struct route *a = *(const struct route *const *)x, *b = *(const struct route *const *)y;
	size_t la = strlen(a->prefix), lb = strlen(b->prefix);
	if (la != lb)
		return la > lb ? -1 : 1; /* longest first, the order ingress-nginx matches in */
	if (a->exact != b->exact)
		return a->exact ? -1 : 1; /* at equal length Exact wins, so it reads first */
	return strcmp(a->prefix, b->prefix);
}

/* The routed apps that share one set of annotations (today the body limit alone), and their routes. */
struct ingress_group {
	const struct app *first;
	const struct route **routes;
	size_t n_routes, filled;
};

static void lower_one_ingress(struct lowering *l, struct ingress_group *g, const char *name, const char *component,
			      bool owns_certificate)
{
	const struct model *m = l->m;
	qsort(g->routes, g->n_routes, sizeof *g->routes, compare_routes);
	struct ynode *meta;
	struct ynode *doc = lower_object(l, "networking.k8s.io/v1", "Ingress", name, component, &meta);
	struct ynode *ann = y_put_map(A(l), meta, "annotations");
	/* cert-manager's ingress-shim makes one Certificate per secretName, owned by the Ingress that asks for it, and
	   refuses to update one another Ingress owns: so exactly one Ingress asks, and the others only use the Secret. */
	if (owns_certificate)
		y_put_str(A(l), ann, "cert-manager.io/cluster-issuer", m->ingress.tls.text);
	/* ingress-nginx redirects once TLS is set; the spec wants the redirect stated on the Ingress (FR-007). */
	y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/ssl-redirect", "true");
	y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
	if (g->first->body_size)
		y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/proxy-body-size", g->first->body_size);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "ingressClassName", m->ingress.class_name.set ? m->ingress.class_name.text : "nginx");
	struct ynode *tls = y_push_map(A(l), y_put_seq(A(l), spec, "tls"));
	y_push_str(A(l), y_put_seq(A(l), tls, "hosts"), m->domain.text);
	y_put_str(A(l), tls, "secretName", arena_printf(A(l), "%s-tls", m->project.text));
	struct ynode *rule = y_push_map(A(l), y_put_seq(A(l), spec, "rules"));
	y_put_str(A(l), rule, "host", m->domain.text);
	struct ynode *paths = y_put_seq(A(l), y_put_map(A(l), rule, "http"), "paths");
	for (size_t i = 0; i < g->n_routes; i++) {
		const struct route *r = g->routes[i];
		struct ynode *p = y_push_map(A(l), paths);
		y_put_str(A(l), p, "path", r->prefix);
		y_put_str(A(l), p, "pathType", r->exact ? "Exact" : "Prefix");
		struct ynode *svc = y_put_map(A(l), y_put_map(A(l), p, "backend"), "service");
		y_put_str(A(l), svc, "name", r->app->name);
		y_put_str(A(l), y_put_map(A(l), svc, "port"), "name", "http");
	}
	lower_finish(l, doc, "Ingress", name);
}

/* The group of apps without extra annotations is the Ingress PROJECT and asks for the certificate; when every routed
   app has some, the first routed app's group does. Every other group is PROJECT-APP, after its first app. Groups are
   found with one hash lookup per app, so thousands of distinct limits stay linear. */
void lower_ingress(struct lowering *l)
{
	const struct model *m = l->m;
	struct arena *a = &l->ctx->arena;
	struct ingress_group *groups = arena_alloc_array(a, m->n_apps ? m->n_apps : 1, sizeof *groups);
	struct ingress_group **of_app = arena_alloc_array(a, m->n_apps ? m->n_apps : 1, sizeof *of_app);
	size_t n_groups = 0, i = 0, primary = SIZE_MAX;
	struct strmap by_limit;
	strmap_init(&by_limit, a);
	for (const struct app *app = m->apps; app; app = app->next, i++) {
		of_app[i] = NULL;
		if (!app->routes)
			continue;
		const char *key = app->body_size ? app->body_size : "";
		struct ingress_group *g = strmap_get(&by_limit, key, strlen(key));
		if (!g) {
			g = &groups[n_groups++];
			*g = (struct ingress_group){.first = app};
			strmap_put_new(&by_limit, key, strlen(key), g);
			if (primary == SIZE_MAX || (!app->body_size && groups[primary].first->body_size))
				primary = (size_t)(g - groups);
		}
		for (const struct route *r = app->routes; r; r = r->next)
			g->n_routes++;
		of_app[i] = g;
	}
	if (!n_groups)
		return;
	for (size_t k = 0; k < n_groups; k++)
		groups[k].routes = arena_alloc_array(a, groups[k].n_routes, sizeof *groups[k].routes);
	i = 0;
	for (const struct app *app = m->apps; app; app = app->next, i++) {
		struct ingress_group *g = of_app[i];
		for (const struct route *r = g ? app->routes : NULL; r; r = r->next)
			g->routes[g->filled++] = r;
	}
	lower_one_ingress(l, &groups[primary], m->project.text, m->project.text, true);
	for (size_t k = 0; k < n_groups; k++)
		if (k != primary)
			lower_one_ingress(l, &groups[k], arena_printf(a, "%s-%s", m->project.text, groups[k].first->name),
					  groups[k].first->name, false);
}
