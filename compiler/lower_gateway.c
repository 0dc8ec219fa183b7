/* lower_gateway.c: Gateway API HTTPRoutes (gateway.networking.k8s.io/v1) for the routed apps: one per site on the
   Gateway's HTTPS listener, and one per site redirecting its plain-HTTP requests to HTTPS. */
#include <string.h>

#include "lower_internal.h"

/* The HTTPS listener and the plain-HTTP one, by the names the Gateway API documentation's examples use. */
#define DEFAULT_LISTENER "https"
#define DEFAULT_REDIRECT_LISTENER "http"

/* parentRefs: group and kind default to gateway.networking.k8s.io and Gateway; the namespace defaults to the route's. */
static void put_parent(struct lowering *l, struct ynode *spec, const char *section)
{
	const struct gateway_config *g = &l->m->gateway;
	struct ynode *ref = y_push_map(A(l), y_put_seq(A(l), spec, "parentRefs"));
	y_put_str(A(l), ref, "name", g->parent_name);
	if (g->parent_namespace)
		y_put_str(A(l), ref, "namespace", g->parent_namespace);
	y_put_str(A(l), ref, "sectionName", section);
}

static void put_hostnames(struct lowering *l, struct ynode *spec, const struct site *site)
{
	struct ynode *seq = y_put_seq(A(l), spec, "hostnames");
	for (uint32_t i = 0; i < site->n_hosts; i++)
		y_push_str(A(l), seq, site->hosts[i]);
}

/* One rule per app: its paths as matches, its Service by the port number (backendRefs take no port name). Gateway API
   ranks matches itself (Exact first, then the longest prefix) whatever their order; they are listed longest first,
   as in the Ingress. */
static void put_app_rule(struct lowering *l, struct ynode *rules, const struct app *app)
{
	size_t n = 0;
	for (const struct route *r = app->routes; r; r = r->next)
		n++;
	const struct route **routes = arena_alloc_array(A(l), n, sizeof *routes);
	n = 0;
	for (const struct route *r = app->routes; r; r = r->next)
		routes[n++] = r;
	lower_sort_routes(routes, n);
	struct ynode *rule = y_push_map(A(l), rules);
	struct ynode *matches = y_put_seq(A(l), rule, "matches");
	for (size_t i = 0; i < n; i++) {
		struct ynode *path = y_put_map(A(l), y_push_map(A(l), matches), "path");
		y_put_str(A(l), path, "type", routes[i]->exact ? "Exact" : "PathPrefix");
		y_put_str(A(l), path, "value", routes[i]->prefix);
	}
	struct ynode *backend = y_push_map(A(l), y_put_seq(A(l), rule, "backendRefs"));
	y_put_str(A(l), backend, "name", app->name);
	y_put_int(A(l), backend, "port", app->port.num);
}

static const char *component_of(const struct lowering *l, const struct site *site)
{
	return site->is_domain ? l->m->project.text : site->first->name;
}

static void lower_site_route(struct lowering *l, const struct site *site)
{
	const struct gateway_config *g = &l->m->gateway;
	struct ynode *doc = lower_object(l, "gateway.networking.k8s.io/v1", "HTTPRoute", site->route_name, component_of(l, site), NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	put_parent(l, spec, g->listener.set ? g->listener.text : DEFAULT_LISTENER);
	put_hostnames(l, spec, site);
	struct ynode *rules = y_put_seq(A(l), spec, "rules");
	for (const struct app *app = l->m->apps; app; app = app->next)
		if (app->site == site)
			put_app_rule(l, rules, app);
	lower_finish(l, doc, "HTTPRoute", site->route_name);
}

/* A rule without matches matches every path (PathPrefix /). The filter answers 301 with the https scheme; with no
   port given, Gateway API derives 443 from the scheme. ACME HTTP-01 solver routes (Exact paths under
   /.well-known/acme-challenge/) outrank this catch-all, so cert-manager's challenges still reach their solver. */
static void lower_site_redirect(struct lowering *l, const struct site *site)
{
	const struct gateway_config *g = &l->m->gateway;
	const char *name = arena_printf(&l->ctx->arena, "%s-redirect", site->route_name);
	struct ynode *doc = lower_object(l, "gateway.networking.k8s.io/v1", "HTTPRoute", name, component_of(l, site), NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	put_parent(l, spec, g->redirect_listener.set ? g->redirect_listener.text : DEFAULT_REDIRECT_LISTENER);
	put_hostnames(l, spec, site);
	struct ynode *filter = y_push_map(A(l), y_put_seq(A(l), y_push_map(A(l), y_put_seq(A(l), spec, "rules")), "filters"));
	y_put_str(A(l), filter, "type", "RequestRedirect");
	struct ynode *redirect = y_put_map(A(l), filter, "requestRedirect");
	y_put_str(A(l), redirect, "scheme", "https");
	y_put_int(A(l), redirect, "statusCode", 301);
	lower_finish(l, doc, "HTTPRoute", name);
}

void lower_gateway(struct lowering *l)
{
	const struct gateway_config *g = &l->m->gateway;
	bool redirect = !g->redirect_listener.set || strcmp(g->redirect_listener.text, "none") != 0;
	for (const struct site *site = l->m->sites; site; site = site->next) {
		lower_site_route(l, site);
		if (redirect)
			lower_site_redirect(l, site);
	}
}
