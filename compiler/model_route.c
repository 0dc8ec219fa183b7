/* model_route.c: the way in: an app's routes, body limit and hosts, and the ingress and gateway blocks. */
#include "model_internal.h"

#include <string.h>

#include "diag.h"
#include "schema.h"
#include "values.h"

void read_route(struct reader *r, const struct ast_stmt *st, struct app *app, bool exact)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_PATH, "a path starting with '/'"))
			continue;
		struct route *rt = arena_alloc(&r->ctx->arena, sizeof *rt);
		setting_from_arg(&rt->path, a);
		rt->exact = exact;
		rt->stmt_start = st->loc.start;
		rt->app = app;
		if (app->routes_tail)
			app->routes_tail->next = rt;
		else
			app->routes = rt;
		app->routes_tail = rt;
	}
}

/* body-limit SIZE: a memory-style size that becomes ingress-nginx's proxy-body-size (E030). */
void read_body_limit(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	struct setting *s = &app->body_limit;
	if (read_value(r, st, s, K_WORD, "a size like 20Mi"))
		return;
	char nginx[32];
	const char *problem = value_body_limit(s->text, nginx, sizeof nginx);
	if (!problem) {
		app->body_size = arena_strdup(&r->ctx->arena, nginx);
		return;
	}
	s->bad = true;
	diag_report(r->ctx, DIAG_E030, s->loc, "'%s' is not a request body limit: %s", s->text, problem);
	size_t digits = strspn(s->text, "0123456789");
	static const struct {
		const char *wrong, *right;
	} fixes[] = {{"k", "Ki"}, {"K", "Ki"}, {"KB", "Ki"}, {"kb", "Ki"}, {"KiB", "Ki"}, {"m", "Mi"}, {"M", "Mi"}, {"MB", "Mi"},
		     {"mb", "Mi"}, {"Mb", "Mi"}, {"MiB", "Mi"}, {"mi", "Mi"}, {"g", "Gi"}, {"G", "Gi"}, {"GB", "Gi"}, {"gb", "Gi"},
		     {"GiB", "Gi"}, {"gi", "Gi"}};
	for (size_t i = 0; digits && s->text[0] != '0' && i < sizeof fixes / sizeof fixes[0]; i++)
		if (strcmp(s->text + digits, fixes[i].wrong) == 0) {
			diag_note(r->ctx, NULL, "did you mean '%.*s%s'?", (int)digits, s->text, fixes[i].right);
			return;
		}
	diag_note(r->ctx, NULL, "write the largest upload the app accepts, like 'body-limit 20Mi'; without it ingress-nginx allows 1Mi");
}

/* host HOST, ...: words (host names are checked by the rules, which know the target). */
void read_hosts(struct reader *r, const struct ast_stmt *st, struct app *app)
{
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD | K_STRING, "host names"))
			continue;
		struct host_ref *h = arena_alloc(&r->ctx->arena, sizeof *h);
		setting_from_arg(&h->name, a);
		h->stmt_start = st->loc.start;
		if (app->hosts_tail)
			app->hosts_tail->next = h;
		else
			app->hosts = h;
		app->hosts_tail = h;
	}
}

void read_ingress_stmt(struct reader *r, const struct ast_stmt *st, struct ingress_config *in)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_INGRESS, &in->attempted);
	if (!spec || check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_TLS: read_value(r, st, &in->tls, K_WORD, "the name of a ClusterIssuer"); return;
	case ST_CLASS: read_value(r, st, &in->class_name, K_WORD, "the name of an IngressClass"); return;
	case ST_INGRESS_NAMESPACE: read_value(r, st, &in->ingress_namespace, K_WORD, "a namespace name"); return;
	default: return;
	}
}

void read_gateway_stmt(struct reader *r, const struct ast_stmt *st, struct gateway_config *g)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_GATEWAY, &g->attempted);
	if (!spec || check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_PARENT: read_value(r, st, &g->parent, K_WORD, "the Gateway as NAMESPACE/NAME"); return;
	case ST_LISTENER: read_value(r, st, &g->listener, K_WORD, "the name of the Gateway's HTTPS listener"); return;
	case ST_REDIRECT_LISTENER:
		read_value(r, st, &g->redirect_listener, K_WORD, "the name of the Gateway's HTTP listener, or none");
		return;
	case ST_GATEWAY_NAMESPACE: read_value(r, st, &g->gateway_namespace, K_WORD, "a namespace name"); return;
	default: return;
	}
}
