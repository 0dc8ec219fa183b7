/* lower_ingress.c: the route target: Ingresses, or with a gateway block the HTTPRoutes of lower_gateway.c. One Ingress
   per site (hosts sharing routes and a certificate) and distinct set of annotations (ingress-nginx applies annotations
   to a whole Ingress object), paths longest first. */
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

void lower_sort_routes(const struct route **routes, size_t n)
{
	qsort(routes, n, sizeof *routes, compare_routes);
}

/* The routed apps of one site that share one set of annotations (today the body limit alone), and their routes. */
struct ingress_group {
	const struct app *first;
	const struct route **routes;
	size_t n_routes, filled;
	struct ingress_group *next_of_site; /* the site's other groups, in the order of their first app */
};

/* A site's groups: the one without extra annotations asks cert-manager for the site's certificate, else the first. */
struct site_groups {
	struct ingress_group *head, *tail, *owner;
};

static void put_paths(struct lowering *l, struct ynode *rule, const struct ingress_group *g)
{
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
}

static void lower_one_ingress(struct lowering *l, struct ingress_group *g, const char *name, const char *component,
			      bool owns_certificate)
{
	const struct model *m = l->m;
	const struct site *site = g->first->site;
	lower_sort_routes(g->routes, g->n_routes);
	struct ynode *meta;
	struct ynode *doc = lower_object(l, "networking.k8s.io/v1", "Ingress", name, component, &meta);
	struct ynode *ann = y_put_map(A(l), meta, "annotations");
	/* cert-manager's ingress-shim makes one Certificate per secretName, owned by the Ingress that asks for it, and
	   refuses to update one another Ingress owns: so exactly one Ingress of a site asks, and the others only use the
	   Secret. Sites never share a host (E101), so no host gets two certificates. */
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
	struct ynode *tls_hosts = y_put_seq(A(l), tls, "hosts");
	for (uint32_t i = 0; i < site->n_hosts; i++)
		y_push_str(A(l), tls_hosts, site->hosts[i]);
	y_put_str(A(l), tls, "secretName", site->tls_secret);
	/* One rule per alias, each with the site's whole routing table: an Ingress rule has one host. */
	struct ynode *rules = y_put_seq(A(l), spec, "rules");
	for (uint32_t i = 0; i < site->n_hosts; i++) {
		struct ynode *rule = y_push_map(A(l), rules);
		y_put_str(A(l), rule, "host", site->hosts[i]);
		put_paths(l, rule, g);
	}
	lower_finish(l, doc, "Ingress", name);
}

/* The domain's site's certificate-owning Ingress is PROJECT; every other Ingress is PROJECT-APP, after its group's
   first app. Groups are found with one hash lookup per app, so thousands of distinct limits stay linear. */
void lower_ingress(struct lowering *l)
{
	const struct model *m = l->m;
	if (m->gateway.declared) {
		lower_gateway(l); /* the one place the route target is chosen */
		return;
	}
	struct arena *a = &l->ctx->arena;
	struct ingress_group *groups = arena_alloc_array(a, m->n_apps ? m->n_apps : 1, sizeof *groups);
	struct ingress_group **of_app = arena_alloc_array(a, m->n_apps ? m->n_apps : 1, sizeof *of_app);
	size_t n_groups = 0, i = 0;
	struct strmap by_key, by_site;
	strmap_init(&by_key, a);
	strmap_init(&by_site, a);
	for (const struct app *app = m->apps; app; app = app->next, i++) {
		of_app[i] = NULL;
		if (!app->routes || !app->site)
			continue;
		const char *key = arena_printf(a, "%s %s", app->site->route_name, app->body_size ? app->body_size : "");
		struct ingress_group *g = strmap_get(&by_key, key, strlen(key));
		if (!g) {
			g = &groups[n_groups++];
			*g = (struct ingress_group){.first = app};
			strmap_put_new(&by_key, key, strlen(key), g);
			const char *site_key = app->site->route_name;
			struct site_groups *sg = strmap_get(&by_site, site_key, strlen(site_key));
			if (!sg) {
				sg = arena_alloc(a, sizeof *sg);
				strmap_put_new(&by_site, site_key, strlen(site_key), sg);
			}
			if (sg->tail)
				sg->tail->next_of_site = g;
			else
				sg->head = g;
			sg->tail = g;
			if (!sg->owner || (!app->body_size && sg->owner->first->body_size))
				sg->owner = g;
		}
		for (const struct route *r = app->routes; r; r = r->next)
			g->n_routes++;
		of_app[i] = g;
	}
	for (size_t k = 0; k < n_groups; k++)
		groups[k].routes = arena_alloc_array(a, groups[k].n_routes, sizeof *groups[k].routes);
	i = 0;
	for (const struct app *app = m->apps; app; app = app->next, i++) {
		struct ingress_group *g = of_app[i];
		for (const struct route *r = g ? app->routes : NULL; r; r = r->next)
			g->routes[g->filled++] = r;
	}
	for (const struct site *site = m->sites; site; site = site->next) {
		const struct site_groups *sg = strmap_get(&by_site, site->route_name, strlen(site->route_name));
		if (!sg)
			continue;
		if (site->is_domain)
			lower_one_ingress(l, sg->owner, m->project.text, m->project.text, true);
		else
			lower_one_ingress(l, sg->owner, arena_printf(a, "%s-%s", m->project.text, sg->owner->first->name),
					  sg->owner->first->name, true);
		for (struct ingress_group *g = sg->head; g; g = g->next_of_site)
			if (g != sg->owner)
				lower_one_ingress(l, g, arena_printf(a, "%s-%s", m->project.text, g->first->name), g->first->name, false);
	}
}
