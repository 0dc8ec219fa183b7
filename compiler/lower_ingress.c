/* lower_ingress.c: the one Ingress for every routed app, paths longest first, with cert-manager TLS. */
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
	return strcmp(a->prefix, b->prefix);
}

void lower_ingress(struct lowering *l)
{
	const struct model *m = l->m;
	size_t n = 0;
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next)
			n++;
	if (!n)
		return;
	const struct route **routes = arena_alloc_array(&l->ctx->arena, n, sizeof *routes);
	n = 0;
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next)
			routes[n++] = r;
	qsort(routes, n, sizeof *routes, compare_routes);

	const char *name = m->project.text;
	struct ynode *meta;
	struct ynode *doc = lower_object(l, "networking.k8s.io/v1", "Ingress", name, name, &meta);
	struct ynode *ann = y_put_map(A(l), meta, "annotations");
	y_put_str(A(l), ann, "cert-manager.io/cluster-issuer", m->ingress.tls.text);
	/* ingress-nginx redirects once TLS is set; the spec wants the redirect stated on the Ingress (FR-007). */
	y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/ssl-redirect", "true");
	y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "ingressClassName", m->ingress.class_name.set ? m->ingress.class_name.text : "nginx");
	struct ynode *tls = y_push_map(A(l), y_put_seq(A(l), spec, "tls"));
	y_push_str(A(l), y_put_seq(A(l), tls, "hosts"), m->domain.text);
	y_put_str(A(l), tls, "secretName", arena_printf(A(l), "%s-tls", name));
	struct ynode *rule = y_push_map(A(l), y_put_seq(A(l), spec, "rules"));
	y_put_str(A(l), rule, "host", m->domain.text);
	struct ynode *paths = y_put_seq(A(l), y_put_map(A(l), rule, "http"), "paths");
	for (size_t i = 0; i < n; i++) {
		struct ynode *p = y_push_map(A(l), paths);
		y_put_str(A(l), p, "path", routes[i]->prefix);
		y_put_str(A(l), p, "pathType", "Prefix");
		struct ynode *svc = y_put_map(A(l), y_put_map(A(l), p, "backend"), "service");
		y_put_str(A(l), svc, "name", routes[i]->app->name);
		y_put_str(A(l), y_put_map(A(l), svc, "port"), "name", "http");
	}
	lower_finish(l, doc, "Ingress", name);
}
