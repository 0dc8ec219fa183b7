/* rules_route.c: rules of the way in: route paths, body limits, the ingress block, hosts and the gateway target. */
#include "rules_internal.h"

#include <string.h>

#include "diag.h"
#include "values.h"

/* Paths conflict only on one site (the same hosts): its route name is unique, and "-" stands for an app whose hosts
   are reported broken. */
static const char *site_key(const struct app *a)
{
	return a->site ? a->site->route_name : "-";
}

/* E017, E018: paths are clean, and one Ingress path of one path type belongs to one app on each site. Exact paths
   are keyed with a leading '=' (paths start with '/'), so `route /x` and `route-exact /x` may coexist: Exact wins. */
void rule_paths(struct rule_ctx *rc)
{
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	uint32_t reported_stmt = UINT32_MAX;
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		if (a->health_form == HEALTH_HTTP) {
			const char *problem = value_path_problem(a->health.text, false);
			if (problem) {
				diag_report(rc->ctx, DIAG_E017, a->health.loc, "health path '%s' is malformed: %s", a->health.text, problem);
				diag_note(rc->ctx, NULL, "the kubelet requests exactly this path; write it plain, like /healthz");
			}
		}
		for (const struct route *r = a->routes; r; r = r->next) {
			const char *stmt = r->exact ? "route-exact" : "route";
			const char *problem = value_path_problem(r->path.text, true);
			if (problem) {
				diag_report(rc->ctx, DIAG_E017, r->path.loc, "%s '%s' is malformed: %s", stmt, r->path.text, problem);
				diag_note(rc->ctx, NULL, r->exact ? "an exact route is a plain URL path such as /docs; it matches that path only"
								 : "a route is a plain URL prefix such as /api or /static/v1; it matches every path below it");
				continue;
			}
			const char *key = arena_printf(&rc->ctx->arena, "%s %s%s", site_key(a), r->exact ? "=" : "", r->prefix);
			const struct route *first = strmap_put_new(&seen, key, strlen(key), (void *)r);
			if (first && r->stmt_start != reported_stmt) {
				reported_stmt = r->stmt_start; /* a repeated `route-exact` list is one mistake, not one per path */
				if (first->app == a)
					diag_report(rc->ctx, DIAG_E018, r->path.loc, "app '%s' already has %s '%s'", a->name, stmt, first->path.text);
				else
					diag_report(rc->ctx, DIAG_E018, r->path.loc, "%s '%s' is already routed to app '%s'%s%s", stmt, r->path.text,
						    first->app->name, a->site && !a->site->is_domain ? " on " : "",
						    a->site && !a->site->is_domain ? a->site->hosts[0] : "");
				diag_note(rc->ctx, &first->path.loc, "first routed here");
			}
		}
	}
	if (rc->ctx->diags.n_errors)
		return; /* W010 below reads the prefixes, which must all be clean */
	/* W010: the longest prefix matching an exact path, found by walking up its segments (a hash lookup each). */
	for (const struct app *a = rc->m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next) {
			if (!r->exact)
				continue;
			/* the site's key, a space, then the path: the walk only shortens the path */
			char *key = arena_printf(&rc->ctx->arena, "%s %s", site_key(a), r->prefix);
			size_t base = strlen(site_key(a)) + 1, n = strlen(key);
			while (n > base + 1 && key[n - 1] == '/')
				key[--n] = '\0'; /* Prefix /docs covers /docs/ too */
			const struct route *owner = NULL;
			for (;;) {
				owner = strmap_get(&seen, key, n);
				if (owner || n == base + 1)
					break;
				while (n > base + 1 && key[n - 1] != '/')
					n--;
				if (n > base + 1)
					n--; /* drop the '/' too, except the root's */
				key[n] = '\0';
			}
			if (owner && owner->app == a) {
				diag_report(rc->ctx, DIAG_W010, r->path.loc, "route-exact '%s' goes to app '%s', which its route '%s' already reaches",
					    r->path.text, a->name, owner->path.text);
				diag_note(rc->ctx, &owner->path.loc, "the route whose prefix covers it");
			}
		}
}

/* W011: a body limit only acts on requests that come through the Ingress. Shown beside errors (issue 12), except
   for an app whose route was written but refused: that error already says it. */
void rule_body_limits(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next)
		if (a->body_limit.set && !a->body_limit.bad && !a->routes && !tried(rc->m, a->attempted, ST_ROUTE) &&
		    !tried(rc->m, a->attempted, ST_ROUTE_EXACT)) {
			diag_report(rc->ctx, DIAG_W011, a->body_limit.loc, "app '%s' has a body-limit but no route: the limit acts on nothing",
				    a->name);
			diag_note(rc->ctx, NULL, "remove 'body-limit', or give the app a route");
		}
}

/* E006, E015: routed apps need a domain and an Ingress with TLS. */
void rule_ingress(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	const struct route *first_route = NULL;
	for (const struct app *a = m->apps; a && !first_route; a = a->next)
		first_route = a->routes;
	if (!first_route)
		return;
	/* Apps with `host` need no domain; the first routed app without one does. */
	const struct route *hostless = NULL;
	for (const struct app *a = m->apps; a && !hostless; a = a->next)
		hostless = a->hosts || tried(m, a->attempted, ST_HOST) ? NULL : a->routes;
	if (hostless && !m->domain.set && !tried(m, m->attempted, ST_DOMAIN)) {
		diag_report(rc->ctx, DIAG_E006, hostless->path.loc, "app '%s' has a route, but the program has no 'domain'",
			    hostless->app->name);
		diag_note(rc->ctx, NULL, "add the production host: domain app.example.com");
	}
	if (m->gateway.declared)
		return; /* TLS is the Gateway's listener's; rule_gateway checks the block */
	if (!m->ingress.declared) {
		if (tried(m, m->attempted, ST_INGRESS) || tried(m, m->attempted, ST_GATEWAY))
			return;
		diag_report(rc->ctx, DIAG_E015, first_route->path.loc, "app '%s' has a route, but the program has no ingress block",
			    first_route->app->name);
		diag_note(rc->ctx, NULL, "add: ingress { tls CLUSTER-ISSUER; class nginx }, or attach to a Gateway: gateway { parent NAMESPACE/NAME }");
	} else if (!m->ingress.tls.set && !tried(m, m->ingress.attempted, ST_TLS)) {
		diag_report(rc->ctx, DIAG_E015, m->ingress.loc, "the ingress has no 'tls': routes are served over HTTPS only");
		diag_note(rc->ctx, NULL, "add the cert-manager ClusterIssuer: tls letsencrypt-prod");
	}
}

/* E100, E102, W050: every host is a DNS name the target accepts, listed once per app, and acts on a route. A site's
   first host names its TLS Secret HOST-tls, a DNS-1123 subdomain of at most 253 characters. */
void rule_hosts(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	struct strmap seen; /* (app, host) → its first host_ref: one hash lookup per host */
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct app *a = m->apps; a; a = a->next) {
		uint32_t reported_stmt = UINT32_MAX;
		for (const struct host_ref *h = a->hosts; h; h = h->next) {
			const char *problem = value_hostname_problem(h->name.text);
			if (problem) {
				diag_report(rc->ctx, DIAG_E100, h->name.loc, "host '%s' is not a host name: %s", h->name.text, problem);
				diag_note(rc->ctx, NULL, "write the public DNS name the app is served at, like www.example.com or *.example.com");
				continue;
			}
			const char *pair = arena_printf(&rc->ctx->arena, "%p %s", (const void *)a, h->name.text);
			const struct host_ref *before = strmap_put_new(&seen, pair, strlen(pair), (void *)h);
			if (before && h->stmt_start != reported_stmt) {
				reported_stmt = h->stmt_start; /* a list repeating several hosts is one mistake */
				diag_report(rc->ctx, DIAG_E102, h->name.loc, "app '%s' already lists host '%s'", a->name, h->name.text);
				diag_note(rc->ctx, &before->name.loc, "first listed here");
			}
		}
	}
	for (const struct site *site = m->sites; site; site = site->next)
		if (!site->is_domain && !m->gateway.declared && strlen(site->tls_secret) > 253) {
			const struct host_ref *h = site->first->hosts;
			while (h && strcmp(h->name.text, site->hosts[0]) != 0)
				h = h->next;
			diag_report(rc->ctx, DIAG_E100, h ? h->name.loc : site->first->name_loc,
				    "the first host of app '%s' is too long to name its TLS Secret: HOST-tls would have %zu characters, at most 253 fit",
				    site->first->name, strlen(site->tls_secret));
			diag_note(rc->ctx, NULL, "list a shorter alias of the site first: it names the certificate of all of them");
		}
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct app *a = m->apps; a; a = a->next)
		if (a->hosts && !a->routes) {
			diag_report(rc->ctx, DIAG_W050, a->hosts->name.loc, "app '%s' has a host but no route: the host serves nothing", a->name);
			diag_note(rc->ctx, NULL, "remove 'host', or give the app a route: route /");
		}
}

/* The later of two blocks in the source, for "keep one of them" errors. */
static const struct rbd_loc *later_of(const struct rbd_loc *a, const struct rbd_loc *b)
{
	return loc_before(a, b) ? b : a;
}

/* E103-E106, E006, E007, E008: the gateway block names a Gateway and its listeners, stands alone, and every site fits
   one HTTPRoute; route options Gateway API cannot say are refused, never dropped. */
void rule_gateway(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	const struct gateway_config *g = &m->gateway;
	if (!g->declared)
		return;
	if (m->ingress.declared) {
		const struct rbd_loc *second = later_of(&m->ingress.loc, &g->loc), *first = second == &g->loc ? &m->ingress.loc : &g->loc;
		diag_report(rc->ctx, DIAG_E103, *second, "the program has both an ingress block and a gateway block");
		diag_note(rc->ctx, first, "keep one: ingress { } makes Ingresses for ingress-nginx, gateway { } HTTPRoutes for an existing Gateway");
	}
	if (!g->parent.set && !tried(m, g->attempted, ST_PARENT)) {
		diag_report(rc->ctx, DIAG_E006, g->loc, "the gateway block has no 'parent': the HTTPRoutes must name the Gateway they attach to");
		diag_note(rc->ctx, NULL, "add the Gateway's namespace and name: parent infra/public");
	}
	if (g->parent.set && !g->parent.bad) {
		const char *problem = NULL;
		if (g->parent_namespace && (problem = value_dns_label_problem(g->parent_namespace, 63)))
			problem = arena_printf(&rc->ctx->arena, "its namespace '%s' is not a DNS-1123 label: %s", g->parent_namespace, problem);
		else if ((problem = value_dns_subdomain_problem(g->parent_name)))
			problem = arena_printf(&rc->ctx->arena, "its name '%s' is not a DNS-1123 subdomain: %s", g->parent_name, problem);
		if (problem) {
			diag_report(rc->ctx, DIAG_E105, g->parent.loc, "parent '%s' is not a Gateway reference: %s", g->parent.text, problem);
			diag_note(rc->ctx, NULL, "write NAMESPACE/NAME as kubectl get gateway -A shows it, like infra/public");
		}
	}
	const struct setting *listeners[] = {&g->listener, &g->redirect_listener};
	for (size_t i = 0; i < 2; i++) {
		const struct setting *s = listeners[i];
		if (!s->set || s->bad || (i == 1 && strcmp(s->text, "none") == 0))
			continue;
		const char *problem = value_dns_subdomain_problem(s->text);
		if (problem) {
			diag_report(rc->ctx, DIAG_E105, s->loc, "listener name '%s' is not a sectionName: %s", s->text, problem);
			diag_note(rc->ctx, NULL, "name a listener of the Gateway as its spec.listeners[].name says, like %s", i ? "http" : "https");
		}
	}
	/* The redirect route takes every path of its hosts: on the HTTPS listener too, it would answer every request with a
	   redirect to itself. */
	if (g->listener.set && g->redirect_listener.set && strcmp(g->listener.text, g->redirect_listener.text) == 0) {
		diag_report(rc->ctx, DIAG_E105, g->redirect_listener.loc, "redirect-listener '%s' is the HTTPS listener: its redirect would answer every HTTPS request",
			    g->redirect_listener.text);
		diag_note(rc->ctx, &g->listener.loc, "name the Gateway's plain-HTTP listener, or write 'redirect-listener none'");
	} else if (!g->listener.set && g->redirect_listener.set && strcmp(g->redirect_listener.text, "https") == 0) {
		diag_report(rc->ctx, DIAG_E105, g->redirect_listener.loc, "redirect-listener 'https' is the HTTPS listener (the default 'listener'): its redirect would answer every HTTPS request");
		diag_note(rc->ctx, NULL, "name the Gateway's plain-HTTP listener, or write 'redirect-listener none'");
	}
	if (g->gateway_namespace.set && !g->gateway_namespace.bad)
		check_label(rc->ctx, "gateway namespace", g->gateway_namespace.text, g->gateway_namespace.loc, 63);
	for (const struct app *a = m->apps; a; a = a->next)
		if (a->body_limit.set && !a->body_limit.bad && a->routes) {
			diag_report(rc->ctx, DIAG_E104, a->body_limit.loc,
				    "'body-limit' has no Gateway API equivalent: an HTTPRoute sets no request body limit");
			diag_note(rc->ctx, NULL, "remove it and set the limit in the gateway's own policy (Traefik: a Buffering middleware), or route through ingress { }");
		}
	/* HTTPRoute limits (gateway-api v1.6.1 standard CRD): 16 hostnames, 16 rules, 64 matches a rule, 128 in all. */
	struct strmap names;
	strmap_init(&names, &rc->ctx->arena);
	bool redirect = !g->redirect_listener.set || strcmp(g->redirect_listener.text, "none") != 0;
	for (const struct site *site = m->sites; site; site = site->next) {
		if (site->n_hosts > 16) {
			diag_report(rc->ctx, DIAG_E106, site->first->hosts ? site->first->hosts->name.loc : site->first->name_loc,
				    "app '%s' lists %u hosts; an HTTPRoute holds at most 16 hostnames", site->first->name, site->n_hosts);
			diag_note(rc->ctx, NULL, "split the hosts between apps, or use a wildcard host: *.example.com");
		}
		if (site->n_apps > 16) {
			diag_report(rc->ctx, DIAG_E106, site->first->name_loc, "%u apps share the hosts of app '%s'; an HTTPRoute holds at most 16 rules, one per app",
				    site->n_apps, site->first->name);
			diag_note(rc->ctx, NULL, "give some of the apps hosts of their own");
		}
		uint32_t total = 0;
		for (const struct app *a = m->apps; a; a = a->next) {
			if (a->site != site)
				continue;
			uint32_t n = 0;
			for (const struct route *r = a->routes; r; r = r->next)
				n++;
			total += n;
			if (n > 64) {
				diag_report(rc->ctx, DIAG_E106, a->name_loc, "app '%s' has %u routes; an HTTPRoute rule holds at most 64 path matches", a->name, n);
				diag_note(rc->ctx, NULL, "route a common prefix instead of many exact paths");
			}
		}
		if (total > 128) {
			diag_report(rc->ctx, DIAG_E106, site->first->name_loc, "the apps on the hosts of app '%s' have %u routes; an HTTPRoute holds at most 128 path matches",
				    site->first->name, total);
			diag_note(rc->ctx, NULL, "route common prefixes instead of many exact paths, or give some apps hosts of their own");
		}
		const char *mine[] = {site->route_name, arena_printf(&rc->ctx->arena, "%s-redirect", site->route_name)};
		for (size_t i = 0; i < (redirect ? 2u : 1u); i++) {
			const struct site *first = strmap_put_new(&names, mine[i], strlen(mine[i]), (void *)site);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, site->first->name_loc, "app '%s' names the HTTPRoute '%s', which the hosts of app '%s' already make",
					    site->first->name, mine[i], first->first->name);
				diag_note(rc->ctx, &first->first->name_loc, "rename one of the apps");
			}
		}
	}
}
