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

/* Two apps share an Ingress when every annotation they set is the same; today that is the body limit alone. */
static bool same_annotations(const struct app *a, const struct app *b)
{
	if (!a->body_size || !b->body_size)
		return a->body_size == b->body_size;
	return strcmp(a->body_size, b->body_size) == 0;
}

static void lower_one_ingress(struct lowering *l, const struct app *first, const char *name, const char *component,
			      bool owns_certificate)
{
	const struct model *m = l->m;
	size_t n = 0;
	for (const struct app *a = first; a; a = a->next)
		if (a->routes && same_annotations(a, first))
			for (const struct route *r = a->routes; r; r = r->next)
				n++;
	const struct route **routes = arena_alloc_array(A(l), n, sizeof *routes);
	n = 0;
	for (const struct app *a = first; a; a = a->next)
		if (a->routes && same_annotations(a, first))
			for (const struct route *r = a->routes; r; r = r->next)
				routes[n++] = r;
	qsort(routes, n, sizeof *routes, compare_routes);

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
	if (first->body_size)
		y_put_str(A(l), ann, "nginx.ingress.kubernetes.io/proxy-body-size", first->body_size);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "ingressClassName", m->ingress.class_name.set ? m->ingress.class_name.text : "nginx");
	struct ynode *tls = y_push_map(A(l), y_put_seq(A(l), spec, "tls"));
	y_push_str(A(l), y_put_seq(A(l), tls, "hosts"), m->domain.text);
	y_put_str(A(l), tls, "secretName", arena_printf(A(l), "%s-tls", m->project.text));
	struct ynode *rule = y_push_map(A(l), y_put_seq(A(l), spec, "rules"));
	y_put_str(A(l), rule, "host", m->domain.text);
	struct ynode *paths = y_put_seq(A(l), y_put_map(A(l), rule, "http"), "paths");
	for (size_t i = 0; i < n; i++) {
		struct ynode *p = y_push_map(A(l), paths);
		y_put_str(A(l), p, "path", routes[i]->prefix);
		y_put_str(A(l), p, "pathType", routes[i]->exact ? "Exact" : "Prefix");
		struct ynode *svc = y_put_map(A(l), y_put_map(A(l), p, "backend"), "service");
		y_put_str(A(l), svc, "name", routes[i]->app->name);
		y_put_str(A(l), y_put_map(A(l), svc, "port"), "name", "http");
	}
	lower_finish(l, doc, "Ingress", name);
}

/* The group of apps without extra annotations is the Ingress PROJECT and asks for the certificate; when every routed
   app has some, the first routed app's group does. Every other group is PROJECT-APP, after its first app. */
void lower_ingress(struct lowering *l)
{
	const struct model *m = l->m;
	const struct app *primary = NULL;
	for (const struct app *a = m->apps; a; a = a->next)
		if (a->routes && (!primary || (!a->body_size && primary->body_size)))
			primary = a;
	if (!primary)
		return;
	lower_one_ingress(l, primary, m->project.text, m->project.text, true);
	for (const struct app *a = m->apps; a; a = a->next) {
		if (!a->routes || same_annotations(a, primary))
			continue;
		bool first_of_group = true;
		for (const struct app *b = m->apps; b != a && first_of_group; b = b->next)
			first_of_group = !(b->routes && same_annotations(a, b));
		if (first_of_group)
			lower_one_ingress(l, a, arena_printf(&l->ctx->arena, "%s-%s", m->project.text, a->name), a->name, false);
	}
}
