/* rules.c: constraint rules, one function per concern, each reporting its own E-code; registered in one table. */
#include "rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "schedule.h"
#include "schema.h"
#include "secrets.h"
#include "values.h"

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

static void check_label(struct rbdc_ctx *ctx, const char *what, const char *name, struct rbd_loc loc, size_t max)
{
	const char *problem = value_dns_label_problem(name, max);
	if (!problem)
		return;
	if (strcmp(problem, "it is too long") == 0) {
		diag_report(ctx, DIAG_E008, loc, "%s name '%s' is too long: %zu characters, at most %zu fit every object made from it",
			    what, name, strlen(name), max);
		diag_note(ctx, NULL, "shorten it to %zu characters or fewer", max);
		return;
	}
	diag_report(ctx, DIAG_E008, loc, "%s name '%s' is not a DNS-1123 label: %s", what, name, problem);
	/* Offer the lower-case, dashed spelling when that one is valid. */
	char *fixed = arena_strdup(&ctx->arena, name);
	for (char *p = fixed; *p; p++)
		*p = *p == '_' || *p == '.' ? '-' : (char)tolower((unsigned char)*p);
	if (strcmp(fixed, name) != 0 && !value_dns_label_problem(fixed, max))
		diag_note(ctx, NULL, "did you mean '%s'?", fixed);
}

/* Cluster-scoped objects named by the program (IngressClass, ClusterIssuer) are DNS-1123 subdomains. */
static void check_subdomain(struct rbdc_ctx *ctx, const char *what, const struct setting *s)
{
	const char *problem = value_dns_subdomain_problem(s->text);
	if (!problem)
		return;
	diag_report(ctx, DIAG_E008, s->loc, "%s name '%s' is not a DNS-1123 subdomain: %s", what, s->text, problem);
	diag_note(ctx, NULL, "write the %s's name as it is in the cluster: lower-case letters, digits, '-' and '.'", what);
}

/* E008: names become object names, labels and DNS names. */
static void rule_names(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	struct strmap buckets;
	strmap_init(&buckets, &rc->ctx->arena);
	if (m->project.set)
		check_label(rc->ctx, "project", m->project.text, m->project.loc, 63);
	if (m->namespace_.set && !rc->ctx->opts.namespace_override && m->namespace_.text != m->project.text)
		check_label(rc->ctx, "namespace", m->namespace_.text, m->namespace_.loc, 63);
	for (const struct app *a = m->apps; a; a = a->next)
		check_label(rc->ctx, "app", a->name, a->name_loc, APP_NAME_MAX);
	for (const struct store *s = m->stores; s; s = s->next) {
		check_label(rc->ctx, "store", s->name, s->name_loc, STORE_NAME_MAX);
		for (const struct bucket *b = s->buckets; b; b = b->next) {
			const char *problem = value_bucket_problem(b->name.text);
			if (problem) {
				diag_report(rc->ctx, DIAG_E008, b->name.loc, "bucket name '%s' is invalid: %s", b->name.text, problem);
				diag_note(rc->ctx, NULL, "a bucket name is 3 to 63 lower-case letters, digits, '-' and '.', like '%s-data'", s->name);
			}
			size_t key_len;
			const char *key = pair_key(&rc->ctx->arena, s, b->name.text, &key_len); /* names are interned */
			const struct bucket *first = strmap_put_new(&buckets, key, key_len, (void *)b);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, b->name.loc, "bucket '%s' is listed twice", b->name.text);
				diag_note(rc->ctx, &first->name.loc, "first listed here");
			}
		}
	}
	for (const struct secret_decl *s = m->secrets; s; s = s->next)
		check_label(rc->ctx, "secret", s->name, s->name_loc, SECRET_NAME_MAX);
	if (m->domain.set) {
		const char *problem = value_hostname_problem(m->domain.text);
		if (problem) {
			diag_report(rc->ctx, DIAG_E008, m->domain.loc, "domain '%s' is not a host name: %s", m->domain.text, problem);
			diag_note(rc->ctx, NULL, "write the public DNS name the site is served at, like app.example.com");
		}
	}
	if (m->vault.auth.set)
		check_label(rc->ctx, "VaultAuth", m->vault.auth.text, m->vault.auth.loc, 63);
	if (m->ingress.tls.set)
		check_subdomain(rc->ctx, "ClusterIssuer", &m->ingress.tls);
	if (m->ingress.class_name.set)
		check_subdomain(rc->ctx, "IngressClass", &m->ingress.class_name);
}

/* What one declaration makes under a derived name, for the collision check below. */
struct derived_owner {
	const char *owner; /* "store 'files'" */
	const char *part;  /* "its bucket Job's pods" */
	const struct rbd_loc *loc;
};

static bool loc_before(const struct rbd_loc *a, const struct rbd_loc *b)
{
	return a->file != b->file ? a->file < b->file : a->start < b->start;
}

/* Claims @key (KIND/NAME, or pods/NAME for the pod label app.kubernetes.io/name) for @owner; a second claim is
   reported at whichever declaration comes later in the source, with a note at the other. */
static void claim_derived(struct rule_ctx *rc, struct strmap *seen, const char *key, const char *object, const char *owner,
			  const char *part, const struct rbd_loc *loc)
{
	struct derived_owner *mine = arena_alloc(&rc->ctx->arena, sizeof *mine);
	*mine = (struct derived_owner){owner, part, loc};
	const struct derived_owner *first = strmap_put_new(seen, key, strlen(key), mine);
	if (!first)
		return;
	const struct derived_owner *later = loc_before(first->loc, loc) ? mine : first, *earlier = later == mine ? first : mine;
	diag_report(rc->ctx, DIAG_E007, *later->loc, "%s collides with %s: both make %s", later->owner, earlier->owner, object);
	diag_note(rc->ctx, earlier->loc, "%s is declared here (%s); rename one of them", earlier->owner, earlier->part);
}

/* E007: no two declarations derive one object or one pod label: a store's NAME-headless Service and the label
   NAME-bucket of its bucket Job's pods (a Service or StatefulSet of that name would select them), a secret's
   Secret and the TLS Secret PROJECT-tls. Same-named apps, stores and secrets are refused where they are read. One
   hash map of every derived name keeps this linear in the declarations. */
static void rule_derived_names(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	struct arena *ar = &rc->ctx->arena;
	struct strmap derived;
	strmap_init(&derived, ar);
	const char *pods = "the pod label app.kubernetes.io/name=%s, so each one's Service would select the other's pods";
	for (const struct app *app = m->apps; app; app = app->next) {
		const char *owner = arena_printf(ar, "app '%s'", app->name);
		claim_derived(rc, &derived, arena_printf(ar, "Service/%s", app->name), arena_printf(ar, "the Service '%s'", app->name), owner,
			      "its Service", &app->name_loc);
		claim_derived(rc, &derived, arena_printf(ar, "pods/%s", app->name), arena_printf(ar, pods, app->name), owner, "its pods",
			      &app->name_loc);
	}
	for (const struct store *s = m->stores; s; s = s->next) {
		const char *owner = arena_printf(ar, "store '%s'", s->name), *headless = arena_printf(ar, "%s-headless", s->name);
		claim_derived(rc, &derived, arena_printf(ar, "Service/%s", s->name), arena_printf(ar, "the Service '%s'", s->name), owner,
			      "its Service", &s->name_loc);
		claim_derived(rc, &derived, arena_printf(ar, "Service/%s", headless), arena_printf(ar, "the Service '%s'", headless), owner,
			      "its headless Service", &s->name_loc);
		claim_derived(rc, &derived, arena_printf(ar, "pods/%s", s->name), arena_printf(ar, pods, s->name), owner, "its MinIO pod",
			      &s->name_loc);
		if (s->buckets) {
			const char *job = arena_printf(ar, "%s-bucket", s->name);
			claim_derived(rc, &derived, arena_printf(ar, "pods/%s", job), arena_printf(ar, pods, job), owner, "its bucket Job's pods",
				      &s->name_loc);
		}
	}
	for (const struct job *job = m->jobs; job; job = job->next)
		claim_derived(rc, &derived, arena_printf(ar, "pods/%s", job->name), arena_printf(ar, pods, job->name),
			      arena_printf(ar, "job '%s'", job->name), "its pods", &job->name_loc);
	for (const struct secret_decl *s = m->secrets; s; s = s->next)
		claim_derived(rc, &derived, arena_printf(ar, "Secret/%s", s->name), arena_printf(ar, "the Secret '%s'", s->name),
			      arena_printf(ar, "secret '%s'", s->name), "the Secret VSO syncs", &s->name_loc);
	bool routed = false;
	for (const struct app *app = m->apps; app && !routed; app = app->next)
		routed = app->routes != NULL;
	if (routed && m->project.set && !m->gateway.declared) {
		const char *tls = arena_printf(ar, "%s-tls", m->project.text);
		claim_derived(rc, &derived, arena_printf(ar, "Secret/%s", tls), arena_printf(ar, "the Secret '%s'", tls),
			      arena_printf(ar, "project '%s'", m->project.text), "the TLS Secret cert-manager makes for the domain",
			      &m->project.loc);
	}
	/* A secret listed twice would give two envFrom entries and two restart targets. */
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct name_ref *ref = a->secrets; ref; ref = ref->next) {
			const char *key = arena_printf(&rc->ctx->arena, "app %s %s", a->name, ref->name);
			const struct name_ref *first = strmap_put_new(&seen, key, strlen(key), (void *)ref);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, ref->loc, "app '%s' lists secret '%s' twice", a->name, ref->name);
				diag_note(rc->ctx, &first->loc, "first listed here");
			}
		}
	for (const struct job *job = m->jobs; job; job = job->next)
		for (const struct name_ref *ref = job->secrets; ref; ref = ref->next) {
			const char *key = arena_printf(&rc->ctx->arena, "job %s %s", job->name, ref->name);
			const struct name_ref *first = strmap_put_new(&seen, key, strlen(key), (void *)ref);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, ref->loc, "job '%s' lists secret '%s' twice", job->name, ref->name);
				diag_note(rc->ctx, &first->loc, "first listed here");
			}
		}
	for (const struct store *st = m->stores; st; st = st->next)
		for (const struct name_ref *ref = st->secrets; ref; ref = ref->next) {
			const char *key = arena_printf(&rc->ctx->arena, "store %s %s", st->name, ref->name);
			const struct name_ref *first = strmap_put_new(&seen, key, strlen(key), (void *)ref);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, ref->loc, "store '%s' lists secret '%s' twice", st->name, ref->name);
				diag_note(rc->ctx, &first->loc, "first listed here");
			}
		}
}

/* True when a statement was given in some form (misspelt, malformed, in the wrong block): its absence is not news. */
static bool tried(const struct model *m, struct stmt_set attempted, enum stmt_id id)
{
	return stmt_set_has(&attempted, id) || stmt_set_has(&m->misplaced, id);
}

/* E010: an app without `port` is a worker; the statements that send requests to its port need one. One error per
   app, at the first such statement: adding the port fixes them all. */
struct port_need {
	const char *what, *why;
	const struct rbd_loc *loc;
};

static void check_port_needed(struct rule_ctx *rc, const struct app *a)
{
	struct port_need needs[5];
	size_t n = 0;
	if (a->routes)
		needs[n++] = (struct port_need){a->routes->exact ? "route-exact" : "route", "the Ingress sends requests to the app's port",
						&a->routes->path.loc};
	if (a->body_limit.set)
		needs[n++] = (struct port_need){"body-limit", "it limits requests the Ingress sends to the app's port", &a->body_limit.loc};
	if (a->spa.set)
		needs[n++] = (struct port_need){"spa", "nginx listens on the app's port", &a->spa.loc};
	if (a->health_form == HEALTH_HTTP)
		needs[n++] = (struct port_need){"health PATH", "the kubelet sends its HTTP probes to the app's port", &a->health.loc};
	if (a->health_form == HEALTH_TCP)
		needs[n++] = (struct port_need){"health tcp", "the kubelet connects to the app's port", &a->health.loc};
	if (!n)
		return; /* a worker */
	size_t first = 0;
	for (size_t i = 1; i < n; i++)
		if (loc_before(needs[i].loc, needs[first].loc))
			first = i;
	diag_report(rc->ctx, DIAG_E010, *needs[first].loc, "app '%s' has '%s' but no 'port': %s", a->name, needs[first].what, needs[first].why);
	diag_note(rc->ctx, NULL, "add the port the container listens on, e.g. 'port 8000'; an app without one is a worker%s",
		  a->health_form == HEALTH_HTTP || a->health_form == HEALTH_TCP ? ", probed with 'health exec \"COMMAND\"'" : "");
}

/* E006, E010, E011: what every app needs. */
static void rule_app_required(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		if (!a->has_image && !tried(rc->m, a->attempted, ST_IMAGE)) {
			diag_report(rc->ctx, DIAG_E006, a->name_loc, "app '%s' has no 'image'", a->name);
			diag_note(rc->ctx, NULL, "write a bare 'image' for REGISTRY/PROJECT-%s:TAG, or image \"REF\"", a->name);
		}
		if (!a->port.set && !tried(rc->m, a->attempted, ST_PORT))
			check_port_needed(rc, a);
		if (!a->health.set && !tried(rc->m, a->attempted, ST_HEALTH)) {
			diag_report(rc->ctx, DIAG_E011, a->name_loc, "app '%s' has no 'health' check for its probes", a->name);
			if (a->port.set || a->routes || a->spa.set || a->body_limit.set)
				diag_note(rc->ctx, NULL, "add one: 'health /healthz' (an HTTP GET that answers 200 while the app serves), 'health tcp' "
							 "(a connect to its port), 'health exec \"COMMAND\"' or 'health none' (no probes)");
			else
				diag_note(rc->ctx, NULL, "add one: 'health exec \"COMMAND\"' (a command that exits 0 while the worker is healthy) or "
							 "'health none' (no probes); 'health /PATH' and 'health tcp' need a 'port'");
		}
	}
}

/* Paths conflict only on one site (the same hosts): its route name is unique, and "-" stands for an app whose hosts
   are reported broken. */
static const char *site_key(const struct app *a)
{
	return a->site ? a->site->route_name : "-";
}

/* E017, E018: paths are clean, and one Ingress path of one path type belongs to one app on each site. Exact paths
   are keyed with a leading '=' (paths start with '/'), so `route /x` and `route-exact /x` may coexist: Exact wins. */
static void rule_paths(struct rule_ctx *rc)
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
static void rule_body_limits(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next)
		if (a->body_limit.set && !a->body_limit.bad && !a->routes && !tried(rc->m, a->attempted, ST_ROUTE) &&
		    !tried(rc->m, a->attempted, ST_ROUTE_EXACT)) {
			diag_report(rc->ctx, DIAG_W011, a->body_limit.loc, "app '%s' has a body-limit but no route: the limit acts on nothing",
				    a->name);
			diag_note(rc->ctx, NULL, "remove 'body-limit', or give the app a route");
		}
}

/* The declared secret closest in spelling to @name, or NULL; only runs on an error, so a scan is fine. */
static struct secret_decl *closest_secret(const struct model *m, const char *name)
{
	struct secret_decl *best = NULL;
	unsigned best_distance = value_edit_allowance(strlen(name)) + 1;
	for (struct secret_decl *s = m->secrets; s; s = s->next) {
		unsigned d = value_edit_distance(name, s->name);
		if (d < best_distance) {
			best = s;
			best_distance = d;
		}
	}
	return best;
}

static void undeclared_secret(struct rule_ctx *rc, const char *what, const char *owner, const struct name_ref *ref, const char *keys)
{
	for (struct secret_decl *s = rc->m->secrets; s; s = s->next)
		if (strcasecmp(s->name, ref->name) == 0 && value_dns_label_problem(s->name, SECRET_NAME_MAX))
			return; /* the declaration's spelling is the mistake, and E008 says so */
	diag_report(rc->ctx, DIAG_E012, ref->loc, "%s '%s' uses secret '%s', which is not declared", what, owner, ref->name);
	struct secret_decl *near = closest_secret(rc->m, ref->name);
	if (near) {
		near->suggested = true;
		diag_note(rc->ctx, &near->name_loc, "did you mean '%s'?", near->name);
	} else {
		diag_note(rc->ctx, NULL, "declare it: secret %s from vault \"PATH\" { keys %s }", ref->name, keys);
	}
}

/* The keys a store's secrets hold for its engine, for a `keys` hint: MinIO's root user, or the engine's secret-keys. */
static const char *engine_store_keys(struct rule_ctx *rc, const struct store *s)
{
	if (s->minio || !s->engine_decl || !s->engine_decl->secret_keys)
		return s->minio ? "MINIO_ROOT_USER, MINIO_ROOT_PASSWORD" : "KEY";
	const char *out = "";
	for (const struct engine_item *k = s->engine_decl->secret_keys; k; k = k->next)
		out = arena_printf(&rc->ctx->arena, "%s%s%s", out, *out ? ", " : "", k->value.text);
	return out;
}

/* E012, W001: secrets come from declarations, and declarations are used. */
static void rule_secret_refs(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct name_ref *ref = a->secrets; ref; ref = ref->next)
			if (!ref->secret)
				undeclared_secret(rc, "app", a->name, ref, "KEY");
	for (const struct store *s = m->stores; s; s = s->next)
		for (const struct name_ref *ref = s->secrets; ref; ref = ref->next)
			if (!ref->secret)
				undeclared_secret(rc, "store", s->name, ref, engine_store_keys(rc, s));
	for (const struct job *job = m->jobs; job; job = job->next)
		for (const struct name_ref *ref = job->secrets; ref; ref = ref->next)
			if (!ref->secret)
				undeclared_secret(rc, "job", job->name, ref, "KEY");
}

/* W001 runs only on an otherwise clean program. Unlike the warnings about one declaration's own settings (W002,
   W011, W020, W021), which are shown beside errors (issue 12), "unused" is what a mistake elsewhere causes: a deleted
   or misspelt `secrets`, `app` or `store` leaves its secret unused (tests/mutations), so it would restate the error. */
static void rule_unused_secrets(struct rule_ctx *rc)
{
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct secret_decl *s = rc->m->secrets; s; s = s->next)
		if (!s->n_users && !s->suggested)
			diag_report(rc->ctx, DIAG_W001, s->name_loc, "secret '%s' is declared but no app or store uses it", s->name);
}

/* E021: a Vault path or mount goes into VSO's request URL; anything that changes the URL reads another secret. */
static void check_vault_path(struct rule_ctx *rc, const char *what, const struct setting *path)
{
	const char *problem = value_has_control(path->text, path->len) ? "it holds a control character" : value_vault_path_problem(path->text);
	if (!problem)
		return;
	diag_report(rc->ctx, DIAG_E021, path->loc, "%s '%s' is not a clean Vault path: %s", what, path->text, problem);
	diag_note(rc->ctx, NULL, "write segments joined by single '/', like %s", strcmp(what, "Vault path") == 0 ? "\"shop/api\"" : "kv");
}

/* E006, E021, E007: what a secret declaration needs. */
static void rule_secret_decls(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	if (m->secrets && !m->vault.declared && !tried(m, m->attempted, ST_VAULT)) {
		diag_report(rc->ctx, DIAG_E006, m->secrets->name_loc, "secret '%s' comes from Vault, but the program has no vault block",
			    m->secrets->name);
		diag_note(rc->ctx, NULL, "add: vault { auth VAULTAUTH; mount KV-MOUNT }");
	}
	struct strmap keys;
	strmap_init(&keys, &rc->ctx->arena);
	for (const struct secret_decl *s = m->secrets; s; s = s->next) {
		if (!s->n_keys && !tried(m, s->attempted, ST_KEYS)) {
			diag_report(rc->ctx, DIAG_E006, s->name_loc, "secret '%s' declares no keys", s->name);
			diag_note(rc->ctx, NULL, "list the keys apps rely on: secret %s from vault \"%s\" { keys KEY, ... }", s->name,
				  s->path.text);
		}
		check_vault_path(rc, "Vault path", &s->path);
		uint32_t reported_stmt = UINT32_MAX;
		for (const struct secret_key *k = s->keys; k; k = k->next) {
			if (!value_is_env_name(k->name.text))
				diag_report(rc->ctx, DIAG_E021, k->name.loc, "key '%s' cannot become an environment variable: use letters, digits and '_'",
					    k->name.text);
			/* One map for every secret's keys, keyed by (secret, key), so thousands of secrets cost one table. */
			size_t key_len;
			const char *both = pair_key(&rc->ctx->arena, s, k->name.text, &key_len); /* names are interned */
			const struct secret_key *first = strmap_put_new(&keys, both, key_len, (void *)k);
			if (first && k->stmt_start != reported_stmt) {
				reported_stmt = k->stmt_start; /* a repeated `keys` line is one mistake, not one per key */
				diag_report(rc->ctx, DIAG_E007, k->name.loc, "key '%s' is listed twice", k->name.text);
				diag_note(rc->ctx, &first->name.loc, "first listed here");
			}
		}
	}
	if (m->vault.mount.set)
		check_vault_path(rc, "Vault mount", &m->vault.mount);
	if (m->vault.auth_mount.set)
		check_vault_path(rc, "Vault auth mount", &m->vault.auth_mount);
	if (m->vault.address.set) {
		const struct setting *a = &m->vault.address;
		const char *problem = value_has_control(a->text, a->len) || !value_utf8_valid(a->text, a->len)
					      ? "it holds a control character or invalid UTF-8"
					      : value_url_problem(a->text);
		if (problem) {
			diag_report(rc->ctx, DIAG_E021, a->loc, "the Vault address must be an http(s) URL with a host and a port from 1 to 65535: %s",
				    problem);
			diag_note(rc->ctx, NULL, "write it like \"https://vault.example.com:8200\"");
		}
	}
	if (m->vault.role.set) {
		const struct setting *role = &m->vault.role;
		const char *problem = value_has_control(role->text, role->len) ? "it holds a control character" : value_vault_role_problem(role->text);
		if (problem) {
			diag_report(rc->ctx, DIAG_E021, role->loc, "Vault role '%s' cannot name a kubernetes auth role: %s", role->text, problem);
			diag_note(rc->ctx, NULL, "write the role's name as Vault has it (auth/kubernetes/role/NAME), like %s",
				  m->project.set ? m->project.text : "shop");
		}
	}
	if (m->vault.declared) {
		if (!m->vault.auth.set && !tried(m, m->vault.attempted, ST_AUTH)) {
			diag_report(rc->ctx, DIAG_E006, m->vault.loc, "the vault block has no 'auth' (the VaultAuth every secret uses)");
			diag_note(rc->ctx, NULL, "add the VaultAuth's name, e.g. 'auth %s'", m->project.set ? m->project.text : "myapp");
		}
		if (!m->vault.mount.set && !tried(m, m->vault.attempted, ST_MOUNT)) {
			diag_report(rc->ctx, DIAG_E006, m->vault.loc, "the vault block has no 'mount' (the KV v2 mount of the secrets)");
			diag_note(rc->ctx, NULL, "add the KV v2 engine's mount path, e.g. 'mount kv'");
		}
	}
}

/* E013: no literal anywhere in the program looks like a secret. */
static void check_literal(struct rule_ctx *rc, const struct ast_arg *a)
{
	/* The scanner judged every literal already (to mask it); this is a lookup, not a second scan. */
	const char *kind = secret_value_kind_once(&rc->ctx->strings, a->text, a->len);
	if (!kind)
		return;
	diag_report(rc->ctx, DIAG_E013, a->loc, "this literal looks like %s; secrets never go in the program", kind);
	diag_mask_text(rc->ctx, a->loc, a->text, a->len);
	diag_note(rc->ctx, NULL, "store it in Vault and declare it: secret NAME from vault \"PATH\" { keys KEY }");
}

static void scan_literals(struct rule_ctx *rc, const struct ast_stmt *st, bool in_secret)
{
	for (; st; st = st->next) {
		bool env = !in_secret && strcmp(st->head, "env") == 0 && st->n_args == 2;
		if (env) {
			const char *word = secret_env_hint(st->args->text, st->args->next->text, st->args->next->len);
			if (word) {
				diag_report(rc->ctx, DIAG_E013, st->args->loc, "'env %s' holds a plaintext secret (its name says %s)",
					    st->args->text, word);
				diag_mask_text(rc->ctx, st->args->next->loc, st->args->next->text, st->args->next->len);
				diag_note(rc->ctx, NULL, "declare it in Vault: secret NAME from vault \"PATH\" { keys %s }, then 'secrets NAME'",
					  st->args->text);
				continue;
			}
		}
		/* Every word reaches the output somewhere: key names become VSO `includes` patterns, so they are scanned too. */
		struct ast_arg head = {.text = st->head, .len = (uint32_t)strlen(st->head), .loc = st->head_loc};
		check_literal(rc, &head);
		for (const struct ast_arg *a = st->args; a; a = a->next)
			check_literal(rc, a);
		scan_literals(rc, st->body, strcmp(st->head, "secret") == 0);
	}
}

static void rule_plaintext_secrets(struct rule_ctx *rc)
{
	scan_literals(rc, rc->program, false);
}

/* E021: values that cannot become valid environment entries or commands. */
static void rule_values(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		for (const struct env_var *e = a->env; e; e = e->next) {
			if (!value_is_env_name(e->name.text))
				diag_report(rc->ctx, DIAG_E021, e->name.loc, "'%s' is not a portable environment variable name: use letters, digits and '_', not starting with a digit",
					    e->name.text);
			if (value_has_control(e->value.text, e->value.len))
				diag_report(rc->ctx, DIAG_E021, e->value.loc, "the value of '%s' holds a control character", e->name.text);
		}
		if (a->migrate.set) {
			bool blank = true;
			for (uint32_t i = 0; i < a->migrate.len; i++)
				blank &= a->migrate.text[i] == ' ' || a->migrate.text[i] == '\t';
			if (blank)
				diag_report(rc->ctx, DIAG_E021, a->migrate.loc, "the migrate command of app '%s' is empty", a->name);
			else if (value_has_control(a->migrate.text, a->migrate.len))
				diag_report(rc->ctx, DIAG_E021, a->migrate.loc, "the migrate command holds a control character");
		}
		if (a->health_form == HEALTH_EXEC) {
			bool blank = true;
			for (uint32_t i = 0; i < a->health.len; i++)
				blank &= a->health.text[i] == ' ' || a->health.text[i] == '\t';
			const char *problem = blank ? "is empty" : value_has_control(a->health.text, a->health.len) ? "holds a control character" : NULL;
			if (problem) {
				diag_report(rc->ctx, DIAG_E061, a->health.loc, "the health command of app '%s' %s", a->name, problem);
				diag_note(rc->ctx, NULL, "write the command that exits 0 while the app is healthy, like health exec \"celery -A shop inspect ping\"");
			}
		}
	}
}

static void check_user(struct rule_ctx *rc, const struct setting *user, const char *whose)
{
	if (user->set && !user->bad && user->num == 0) {
		diag_report(rc->ctx, DIAG_E016, user->loc, "%s would run as root (user 0)", whose);
		diag_note(rc->ctx, NULL, "use a non-zero UID such as 10001; every container runs as non-root");
	}
}

/* E016: nothing runs as root. */
static void rule_root(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	check_user(rc, &m->defaults.tune.user, "every app");
	check_user(rc, &m->defaults.minio_user, "MinIO");
	for (const struct app *a = m->apps; a; a = a->next)
		check_user(rc, &a->tune.user, arena_printf(&rc->ctx->arena, "app '%s'", a->name));
	for (const struct store *s = m->stores; s; s = s->next)
		check_user(rc, &s->tune.user, arena_printf(&rc->ctx->arena, "store '%s'", s->name));
}

/* E006, E015: routed apps need a domain and an Ingress with TLS. */
static void rule_ingress(struct rule_ctx *rc)
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

/* E006: a store needs its size and its root credentials from Vault. */
/* "A", "A and B", "A, B and C", for messages. */
static const char *join_names(struct rule_ctx *rc, const char *const *names, size_t n)
{
	const char *out = "";
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&rc->ctx->arena, "%s%s%s", out, i == 0 ? "" : i == n - 1 ? " and " : ", ", names[i]);
	return out;
}

/* The keys of @keys, all of them or (with @s) those no secret of @s declares; *n gets their number. */
static const char *engine_keys_text(struct rule_ctx *rc, const struct engine_item *keys, const struct store *s, size_t *n)
{
	size_t total = 0;
	for (const struct engine_item *k = keys; k; k = k->next)
		total++;
	const char **names = arena_alloc(&rc->ctx->arena, (total + 1) * sizeof *names);
	*n = 0;
	for (const struct engine_item *k = keys; k; k = k->next) {
		bool found = false;
		for (const struct name_ref *ref = s ? s->secrets : NULL; ref && !found; ref = ref->next)
			for (const struct secret_key *sk = ref->secret ? ref->secret->keys : NULL; sk && !found; sk = sk->next)
				found = strcmp(sk->name.text, k->value.text) == 0;
		if (!found)
			names[(*n)++] = k->value.text;
	}
	return join_names(rc, names, *n);
}

/* E006: a store of an engine with `secret-keys` lists secrets that declare every one (postgres: POSTGRES_PASSWORD):
   the server reads them from its envFrom, and a postgres without its password refuses to initialise. */
static void check_engine_secrets(struct rule_ctx *rc, const struct store *s)
{
	const struct engine_decl *e = s->engine_decl;
	if (!e || !e->secret_keys || (!s->secrets && tried(rc->m, s->attempted, ST_SECRETS)))
		return;
	size_t n;
	if (!s->secrets) {
		const char *keys = engine_keys_text(rc, e->secret_keys, NULL, &n);
		diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'secrets': %s needs %s from Vault", s->name, e->name, keys);
		diag_note(rc->ctx, NULL, "declare %s in Vault and add 'secrets NAME' to the store", keys);
		return;
	}
	for (const struct name_ref *ref = s->secrets; ref; ref = ref->next)
		if (!ref->secret || ref->secret->bad || !ref->secret->n_keys)
			return; /* an undeclared, malformed or keyless secret is reported on its own */
	const char *keys = engine_keys_text(rc, e->secret_keys, s, &n);
	if (!n)
		return;
	diag_report(rc->ctx, DIAG_E006, s->secrets->loc, "store '%s' needs the key%s %s in its secrets: %s reads %s from them", s->name,
		    n > 1 ? "s" : "", keys, e->name, n > 1 ? "them" : "it");
	diag_note(rc->ctx, &s->secrets->secret->name_loc, "add %s to the keys of secret '%s'", n > 1 ? "them" : "it", s->secrets->name);
}

static void rule_stores(struct rule_ctx *rc)
{
	for (const struct store *s = rc->m->stores; s; s = s->next) {
		if (!s->size.set && !tried(rc->m, s->attempted, ST_SIZE)) {
			diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'size' for its volume", s->name);
			diag_note(rc->ctx, NULL, "add the volume size, e.g. 'size 10Gi'");
		}
		if (!s->minio) {
			check_engine_secrets(rc, s);
			continue;
		}
		if (!s->secrets && tried(rc->m, s->attempted, ST_SECRETS))
			continue;
		if (!s->secrets) {
			diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'secrets': MinIO would start with its default root password",
				    s->name);
			diag_note(rc->ctx, NULL, "declare MINIO_ROOT_USER and MINIO_ROOT_PASSWORD in Vault and add 'secrets NAME'");
			continue;
		}
		bool user = false, password = false, bound = true;
		for (const struct name_ref *ref = s->secrets; ref; ref = ref->next) {
			/* An undeclared, malformed or keyless secret is reported on its own. */
			bound &= ref->secret != NULL && !ref->secret->bad && ref->secret->n_keys > 0;
			for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next) {
				user |= strcmp(k->name.text, "MINIO_ROOT_USER") == 0;
				password |= strcmp(k->name.text, "MINIO_ROOT_PASSWORD") == 0;
			}
		}
		if (bound && (!user || !password)) {
			bool both = !user && !password;
			diag_report(rc->ctx, DIAG_E006, s->secrets->loc, "store '%s' needs the key%s %s in its secrets", s->name, both ? "s" : "",
				    both ? "MINIO_ROOT_USER and MINIO_ROOT_PASSWORD" : !user ? "MINIO_ROOT_USER" : "MINIO_ROOT_PASSWORD");
			diag_note(rc->ctx, &s->secrets->secret->name_loc, "add %s to the keys of secret '%s'", both ? "them" : "it",
				  s->secrets->name);
		}
	}
}

static void check_request_limit(struct rule_ctx *rc, const char *owner, const struct setting *request, const struct setting *limit,
				const char *what)
{
	if (!request->set || !limit->set || request->bad || limit->bad)
		return;
	if (value_quantity_number(request->text) <= value_quantity_number(limit->text))
		return;
	/* Point at whichever of the two the program wrote; the other may come from the stdlib. */
	bool request_here = !rc->ctx->sources[request->loc.file]->is_stdlib;
	const struct setting *at = request_here ? request : limit, *other = request_here ? limit : request;
	diag_report(rc->ctx, DIAG_E024, at->loc, "%s requests %s %s, more than its limit %s", owner, what, request->text, limit->text);
	if (rc->ctx->sources[other->loc.file]->is_stdlib)
		diag_note(rc->ctx, NULL, "the %s comes from the stdlib defaults; set '%s' in this block or in 'defaults { }'",
			  request_here ? "limit" : "request", request_here ? arena_printf(&rc->ctx->arena, "%s-limit", what) : what);
	else
		diag_note(rc->ctx, &other->loc, "the %s is set here", request_here ? "limit" : "request");
}

/* E024: requests fit under limits. */
static void rule_resources(struct rule_ctx *rc)
{
	const struct tunables *def = &rc->m->defaults.tune;
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		const char *owner = arena_printf(&rc->ctx->arena, "app '%s'", a->name);
		check_request_limit(rc, owner, model_effective(&a->tune.cpu, &def->cpu), model_effective(&a->tune.cpu_limit, &def->cpu_limit), "cpu");
		check_request_limit(rc, owner, model_effective(&a->tune.memory, &def->memory),
				    model_effective(&a->tune.memory_limit, &def->memory_limit), "memory");
		check_request_limit(rc, owner, model_effective(&a->tune.ephemeral_storage, &def->ephemeral_storage),
				    model_effective(&a->tune.ephemeral_storage_limit, &def->ephemeral_storage_limit), "ephemeral-storage");
	}
	for (const struct store *s = rc->m->stores; s; s = s->next) {
		const char *owner = arena_printf(&rc->ctx->arena, "store '%s'", s->name);
		check_request_limit(rc, owner, model_effective(&s->tune.cpu, &def->cpu), model_effective(&s->tune.cpu_limit, &def->cpu_limit), "cpu");
		check_request_limit(rc, owner, model_effective(&s->tune.memory, &def->memory),
				    model_effective(&s->tune.memory_limit, &def->memory_limit), "memory");
		check_request_limit(rc, owner, model_effective(&s->tune.ephemeral_storage, &def->ephemeral_storage),
				    model_effective(&s->tune.ephemeral_storage_limit, &def->ephemeral_storage_limit), "ephemeral-storage");
	}
	check_request_limit(rc, "every app", &def->cpu, &def->cpu_limit, "cpu");
	check_request_limit(rc, "every app", &def->memory, &def->memory_limit, "memory");
	check_request_limit(rc, "every app", &def->ephemeral_storage, &def->ephemeral_storage_limit, "ephemeral-storage");
}

/* W002: several pods run migrations at once: a fixed count above one, or an autoscaler that may start several. */
static void rule_replicas(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		if (!a->migrate.set || a->singleton.set)
			continue;
		const struct setting *replicas = model_effective(&a->tune.replicas, &rc->m->defaults.tune.replicas);
		if (a->autoscale.set && !a->autoscale.bad && a->autoscale.max > 1)
			diag_report(rc->ctx, DIAG_W002, a->autoscale.loc, "app '%s' runs its migration in every pod its autoscaler starts, up to %lld at once",
				    a->name, (long long)a->autoscale.max);
		else if (!a->autoscale.set && replicas->set && !replicas->bad && replicas->num > 1)
			diag_report(rc->ctx, DIAG_W002, replicas->loc, "app '%s' runs its migration in each of %lld replicas at once", a->name,
				    (long long)replicas->num);
		else
			continue;
		diag_note(rc->ctx, &a->migrate.loc, "the migration is declared here");
		diag_note(rc->ctx, NULL, "run one pod with 'singleton' (or 'replicas 1'), or make the migration take a lock");
	}
}

/* Where a namespace problem points: the statement that named it, or the project when -n did. */
static struct rbd_loc namespace_loc(const struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	if (!rc->ctx->opts.namespace_override && !rc->ctx->sources[m->namespace_.loc.file]->is_stdlib)
		return m->namespace_.loc;
	return m->project.set ? m->project.loc : m->first_stmt;
}

/* E025, W003: the application gets a namespace of its own. The Namespace object rbdc emits relabels it to the
   restricted profile, which would break the cluster's kube-* namespaces; `default` is shared by everything, so
   rbdc leaves it alone (no Namespace object) and says so. */
static void rule_namespace(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	if (!m->namespace_.set || !m->namespace_.text)
		return;
	const char *ns = m->namespace_.text;
	bool from_cli = rc->ctx->opts.namespace_override != NULL;
	if (strncmp(ns, "kube-", 5) == 0) {
		diag_report(rc->ctx, DIAG_E025, namespace_loc(rc), "namespace '%s'%s is reserved for the cluster's own components", ns,
			    from_cli ? " (from -n)" : "");
		diag_note(rc->ctx, NULL, "deploy into a namespace of the application's own: %s",
			  from_cli ? "rbdc -n NAME" : "namespace NAME, or leave it out to use the project's name");
	} else if (strcmp(ns, "default") == 0) {
		diag_report(rc->ctx, DIAG_W003, namespace_loc(rc),
			    "namespace 'default'%s: rbdc emits no Namespace object for it, so it does not enforce the restricted Pod Security profile",
			    from_cli ? " (from -n)" : "");
		diag_note(rc->ctx, NULL, "deploy into a namespace of the application's own: %s",
			  from_cli ? "rbdc -n NAME" : "namespace NAME, or leave it out to use the project's name");
	}
}

/* True when @own is the default @fallback that model_resolve copied in, not a statement of the block itself. */
static bool inherited(const struct setting *own, const struct setting *fallback)
{
	return own->loc.file == fallback->loc.file && own->loc.start == fallback->loc.start;
}

static void check_image(struct rule_ctx *rc, const char *what, const struct setting *image)
{
	if (!image->set || image->bad)
		return;
	struct image_ref parts;
	const char *problem = value_has_control(image->text, image->len) ? "it holds a control character"
									  : value_parse_image(image->text, &parts);
	if (!problem)
		return;
	diag_report(rc->ctx, DIAG_E022, image->loc, "%s '%s' is not a valid reference: %s", what, image->text, problem);
	diag_note(rc->ctx, NULL, "write [HOST[:PORT]/]PATH:TAG[@sha256:DIGEST], like quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z");
}

/* E022: the MinIO images parse as references (apps' images are checked where model_resolve derives them). */
static void rule_images(struct rule_ctx *rc)
{
	const struct defaults *d = &rc->m->defaults;
	check_image(rc, "minio-image", &d->minio_image);
	check_image(rc, "mc-image", &d->mc_image);
	for (const struct store *s = rc->m->stores; s; s = s->next)
		if (!inherited(&s->image, &d->minio_image) && !(s->engine_decl && inherited(&s->image, &s->engine_decl->image)))
			check_image(rc, "image", &s->image); /* the store's own; the defaults and engines are checked once */
}

/* E017: spa-root is spliced into the nginx server block of every `spa` app. */
static void rule_config_values(struct rule_ctx *rc)
{
	const struct setting *root = &rc->m->defaults.spa_root;
	if (!root->set || root->bad)
		return;
	const char *problem = value_nginx_path_problem(root->text);
	if (problem) {
		diag_report(rc->ctx, DIAG_E017, root->loc, "spa-root '%s' cannot go into nginx's configuration: %s", root->text, problem);
		diag_note(rc->ctx, NULL, "write the absolute directory the built files are in, like /usr/share/nginx/html");
	}
}

/* E050, E021, W020: which VaultConnection the emitted VaultAuth uses. Without `vaultConnectionRef`, VSO uses the
   VaultConnection `default` in the operator's namespace (the VaultAuth CRD's field doc), which the VSO Helm chart
   creates only with defaultVaultConnection.enabled (false by default): on a stock install no secret would ever
   sync. So the program says which connection it means, or is warned. */
static void rule_vault_connection(struct rule_ctx *rc)
{
	const struct vault_config *v = &rc->m->vault;
	if (!v->declared)
		return;
	const struct setting *c = &v->connection;
	/* connection, address and auth-mount all shape the VaultAuth that `role` makes rbdc emit: without it they would
	   be dropped without a word. (connection with address is the conflict reported below instead.) */
	if (!v->role.set && !tried(rc->m, v->attempted, ST_ROLE)) {
		const struct {
			const char *name;
			const struct setting *s;
		} needs_role[] = {{"connection", c}, {"address", &v->address}, {"auth-mount", &v->auth_mount}};
		for (size_t i = 0; i < sizeof needs_role / sizeof needs_role[0]; i++) {
			if (!needs_role[i].s->set || (i == 0 && v->address.set) || (i == 1 && c->set && !c->bad))
				continue;
			diag_report(rc->ctx, DIAG_E050, needs_role[i].s->loc, "'%s' has no VaultAuth to apply to: without 'role', rbdc emits none",
				    needs_role[i].name);
			diag_note(rc->ctx, NULL, "add 'role ROLE' so rbdc emits the VaultAuth, or set the %s in the VaultAuth you create",
				  needs_role[i].name);
		}
	}
	if (c->set && !c->bad) {
		if (v->address.set) {
			diag_report(rc->ctx, DIAG_E050, c->loc, "the vault block names both a connection and an address");
			diag_note(rc->ctx, &v->address.loc, "'address' makes rbdc emit a VaultConnection of its own; keep one of the two");
			return;
		}
		if (!v->role.set && !tried(rc->m, v->attempted, ST_ROLE))
			return; /* below, with address and auth-mount */
		if (strcmp(c->text, "default") != 0) {
			const char *slash = strchr(c->text, '/');
			const char *name = slash ? slash + 1 : c->text;
			const char *problem = slash ? value_dns_label_problem(arena_strndup(&rc->ctx->arena, c->text, (size_t)(slash - c->text)), 63)
						    : NULL;
			if (problem)
				problem = arena_printf(&rc->ctx->arena, "its namespace is not a DNS-1123 label: %s", problem);
			else if ((problem = value_dns_subdomain_problem(name)))
				problem = arena_printf(&rc->ctx->arena, "its name is not a DNS-1123 subdomain: %s", problem);
			if (problem) {
				diag_report(rc->ctx, DIAG_E021, c->loc, "connection '%s' cannot name a VaultConnection: %s", c->text, problem);
				diag_note(rc->ctx, NULL, "write 'default' for the operator's own, or NAME or NAMESPACE/NAME of an existing VaultConnection");
			}
		}
		return;
	}
	if (!v->role.set || v->address.set || c->bad || tried(rc->m, v->attempted, ST_CONNECTION))
		return;
	diag_report(rc->ctx, DIAG_W020, v->role.loc,
		    "the VaultAuth '%s' names no VaultConnection, so VSO uses the operator's 'default' one, which its Helm chart does not create by default",
		    v->auth.set ? v->auth.text : "auth");
	diag_note(rc->ctx, NULL,
		  "add 'address \"https://VAULT:8200\"' to emit a VaultConnection, or say 'connection default' when the operator has one "
		  "(Helm: defaultVaultConnection.enabled=true)");
}

/* W021: liveness must outlast readiness. Readiness takes a failing pod out of its Service; liveness restarts it.
   When liveness gives up first (failures x period), a dependency's blip restarts every replica at once instead of
   only draining them. */
static void rule_probe_tolerance(struct rule_ctx *rc)
{
	const struct defaults *d = &rc->m->defaults;
	const struct setting *parts[] = {&d->liveness_failures, &d->liveness_period, &d->probe_failures, &d->probe_period};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!parts[i]->set || parts[i]->bad)
			return;
	int64_t live = d->liveness_failures.num * d->liveness_period.num, ready = d->probe_failures.num * d->probe_period.num;
	if (live > ready)
		return;
	const struct setting *at = parts[0];
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!rc->ctx->sources[parts[i]->loc.file]->is_stdlib) {
			at = parts[i];
			break;
		}
	diag_report(rc->ctx, DIAG_W021, at->loc,
		    "liveness restarts a container after %llds of failures, no later than readiness takes it out of its Service (%llds)",
		    (long long)live, (long long)ready);
	diag_note(rc->ctx, NULL, "make liveness-failures x liveness-period longer than probe-failures x probe-period (stdlib: 6 x 20s against 3 x 10s)");
}

/* The store or app (not @self) closest in spelling to @name, or NULL; only runs on an error. */
static const char *closest_peer(const struct model *m, const struct app *self, const char *name)
{
	const char *best = NULL;
	unsigned best_distance = value_edit_allowance(strlen(name)) + 1;
	for (const struct store *s = m->stores; s; s = s->next) {
		unsigned d = value_edit_distance(name, s->name);
		if (d < best_distance) {
			best = s->name;
			best_distance = d;
		}
	}
	for (const struct app *a = m->apps; a; a = a->next) {
		unsigned d = a == self ? UINT32_MAX : value_edit_distance(name, a->name);
		if (d < best_distance) {
			best = a->name;
			best_distance = d;
		}
	}
	return best;
}

/* True when a store or app is declared as @name in other letter case with a name E008 refuses. */
static bool misspelt_declaration(const struct model *m, const char *name)
{
	for (const struct store *s = m->stores; s; s = s->next)
		if (strcasecmp(s->name, name) == 0 && value_dns_label_problem(s->name, 63))
			return true;
	for (const struct app *a = m->apps; a; a = a->next)
		if (strcasecmp(a->name, name) == 0 && value_dns_label_problem(a->name, 63))
			return true;
	return false;
}

/* True when a top-level statement that is not `app` or `store` names @name first (a misspelt `stoer minio { }`). */
static bool named_by_unknown_statement(const struct ast_stmt *program, const char *name)
{
	for (const struct ast_stmt *st = program; st; st = st->next)
		if (st->args && st->args->kind == ARG_WORD && strcmp(st->args->text, name) == 0 && !schema_find(SCOPE_TOP, st->head))
			return true;
	return false;
}

/* True when every secret @app lists is declared and well-formed: only then can a missing key be news. */
static bool secrets_bound(const struct app *app)
{
	for (const struct name_ref *ref = app->secrets; ref; ref = ref->next)
		if (!ref->secret || ref->secret->bad || !ref->secret->n_keys)
			return false;
	return true;
}

static void check_s3_key_name(struct rule_ctx *rc, const struct setting *key, const char *what)
{
	if (!key->set || key->bad || value_is_env_name(key->text))
		return;
	diag_report(rc->ctx, DIAG_E021, key->loc, "'%s' names the secret key '%s', which cannot be one: use letters, digits and '_'", what,
		    key->text);
	diag_note(rc->ctx, NULL, "write the key as the secret's `keys` list has it, like S3_ACCESS_KEY");
}

/* E040, E041, E042, E007, E008, E021: what `uses` names exists, and a used store can give the app a MinIO user. */
static void rule_uses(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	check_s3_key_name(rc, &m->defaults.s3_access_key, "s3-access-key");
	check_s3_key_name(rc, &m->defaults.s3_secret_key, "s3-secret-key");
	for (const struct app *a = m->apps; a; a = a->next) {
		if (!inherited(&a->s3_access_key, &m->defaults.s3_access_key))
			check_s3_key_name(rc, &a->s3_access_key, "s3-access-key");
		if (!inherited(&a->s3_secret_key, &m->defaults.s3_secret_key))
			check_s3_key_name(rc, &a->s3_secret_key, "s3-secret-key");
		for (const struct use_ref *u = a->uses; u; u = u->next) {
			size_t key_len;
			const char *key = pair_key(&rc->ctx->arena, a, u->name, &key_len); /* names are interned */
			const struct use_ref *first = strmap_put_new(&seen, key, key_len, (void *)u);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, u->loc, "app '%s' lists '%s' in 'uses' twice", a->name, u->name);
				diag_note(rc->ctx, &first->loc, "first listed here");
				continue;
			}
			if (strcmp(u->name, a->name) == 0) {
				diag_report(rc->ctx, DIAG_E040, u->loc, "app '%s' uses itself", a->name);
				diag_note(rc->ctx, NULL, "an app's pods always reach each other; name the store or other app it talks to, or remove it");
				continue;
			}
			if (!u->store && !u->app && (misspelt_declaration(m, u->name) || named_by_unknown_statement(rc->program, u->name)))
				continue; /* `store Minio` (E008) or `stoer minio` (E003) is reported; `uses minio` is the same mistake */
			if (!u->store && !u->app) {
				diag_report(rc->ctx, DIAG_E040, u->loc, "app '%s' uses '%s', which is no store or app of the program", a->name, u->name);
				const char *near = closest_peer(m, a, u->name);
				if (near)
					diag_note(rc->ctx, NULL, "did you mean '%s'?", near);
				else
					diag_note(rc->ctx, NULL, "declare 'store %s { ... }' or 'app %s { ... }', or remove the name", u->name, u->name);
				continue;
			}
			if (!u->store) {
				if (!u->app->port.set && !tried(m, u->app->attempted, ST_PORT)) {
					diag_report(rc->ctx, DIAG_E060, u->loc, "app '%s' uses app '%s', which has no 'port': nothing listens there", a->name,
						    u->name);
					diag_note(rc->ctx, &u->app->name_loc, "give '%s' the port it listens on (port N), or remove it from 'uses'", u->name);
				}
				continue;
			}
			if (!u->store->minio)
				continue; /* another engine has no buckets and no MinIO users: its clients get its client-env */
			if (!u->store->buckets && !tried(m, u->store->attempted, ST_BUCKET)) {
				diag_report(rc->ctx, DIAG_E042, u->loc, "app '%s' uses store '%s', which has no bucket for its MinIO user", a->name, u->name);
				diag_note(rc->ctx, &u->store->name_loc, "add the bucket the app works in to store '%s': bucket NAME", u->name);
			}
			if (!secrets_bound(a) || (!a->secrets && tried(m, a->attempted, ST_SECRETS)) || !a->s3_access_key.set || !a->s3_secret_key.set || !value_is_env_name(a->s3_access_key.text) ||
			    !value_is_env_name(a->s3_secret_key.text) || (u->access_secret && u->secret_secret))
				continue;
			const char *missing = !u->access_secret && !u->secret_secret
						      ? arena_printf(&rc->ctx->arena, "%s and %s", a->s3_access_key.text, a->s3_secret_key.text)
						      : !u->access_secret ? a->s3_access_key.text : a->s3_secret_key.text;
			diag_report(rc->ctx, DIAG_E041, u->loc, "app '%s' uses store '%s', but none of its secrets holds %s for its MinIO user",
				    a->name, u->name, missing);
			if (a->secrets)
				diag_note(rc->ctx, &a->secrets->loc, "add %s to the keys of a secret the app lists, or name the keys it has: s3-access-key KEY, s3-secret-key KEY",
					  missing);
			else
				diag_note(rc->ctx, NULL, "declare %s in Vault and list that secret: secrets NAME", missing);
		}
	}
	if (m->ingress.ingress_namespace.set && !m->ingress.ingress_namespace.bad)
		check_label(rc->ctx, "ingress controller namespace", m->ingress.ingress_namespace.text, m->ingress.ingress_namespace.loc, 63);
	/* The NetworkPolicy that denies by default is named default-deny; the others are named after their app or store. */
	const struct app *clash_app = strmap_get(&m->app_names, "default-deny", strlen("default-deny"));
	const struct store *clash_store = strmap_get(&m->store_names, "default-deny", strlen("default-deny"));
	if (clash_app || clash_store) {
		diag_report(rc->ctx, DIAG_E007, clash_app ? clash_app->name_loc : clash_store->name_loc,
			    "the name 'default-deny' is taken by the NetworkPolicy that closes every pod by default");
		diag_note(rc->ctx, NULL, "rename the %s", clash_app ? "app" : "store");
	}
}

/* W015: a store whose S3 port no app may reach. Silent on errors, like W001: a misspelt `uses` or `app` leaves the
   store unused, and that error is reported as such. */
static void rule_unused_stores(struct rule_ctx *rc)
{
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct store *s = rc->m->stores; s; s = s->next)
		if (!s->users && !s->job_users) {
			diag_report(rc->ctx, DIAG_W015, s->name_loc, "store '%s' is used by no app: its NetworkPolicy lets no app reach it", s->name);
			diag_note(rc->ctx, NULL, "add 'uses %s' to the app that reads and writes it", s->name);
		}
}

/* W021 for one app that sets its own timings: its effective values, reported at the first it sets. Apps without a
   readiness probe (no port, or `health none`) have nothing for liveness to outlast. */
static void check_app_probe_tolerance(struct rule_ctx *rc, const struct app *a)
{
	const struct defaults *d = &rc->m->defaults;
	if (!a->port.set || a->health_form == HEALTH_NONE || a->health_form == HEALTH_UNSET)
		return;
	const struct setting *own[] = {&a->liveness_failures, &a->liveness_period, &a->probe_failures, &a->probe_period};
	const struct setting *fallback[] = {&d->liveness_failures, &d->liveness_period, &d->probe_failures, &d->probe_period};
	const struct setting *eff[4], *at = NULL;
	for (size_t i = 0; i < 4; i++) {
		eff[i] = model_effective(own[i], fallback[i]);
		if (!eff[i]->set || eff[i]->bad)
			return;
		if (own[i]->set && (!at || loc_before(&own[i]->loc, &at->loc)))
			at = own[i];
	}
	if (!at)
		return; /* the defaults' check (rule_probe_tolerance) covers an app that sets none */
	int64_t live = eff[0]->num * eff[1]->num, ready = eff[2]->num * eff[3]->num;
	if (live > ready)
		return;
	diag_report(rc->ctx, DIAG_W021, at->loc,
		    "app '%s': liveness restarts a container after %llds of failures, no later than readiness takes it out of its Service (%llds)",
		    a->name, (long long)live, (long long)ready);
	diag_note(rc->ctx, NULL, "make liveness-failures x liveness-period longer than probe-failures x probe-period (here %lld x %llds against %lld x %llds)",
		  (long long)eff[0]->num, (long long)eff[1]->num, (long long)eff[2]->num, (long long)eff[3]->num);
}

/* W031: a timing the app sets that reaches none of its probes. */
static void check_unused_timings(struct rule_ctx *rc, const struct app *a)
{
	const struct {
		const char *name;
		const struct setting *s;
		bool readiness_only;
	} timings[] = {
		{"probe-delay", &a->probe_delay, false},         {"probe-period", &a->probe_period, false},
		{"probe-timeout", &a->probe_timeout, false},     {"probe-failures", &a->probe_failures, true},
		{"liveness-period", &a->liveness_period, false}, {"liveness-failures", &a->liveness_failures, false},
		{"startup-failures", &a->startup_failures, false},
	};
	bool no_probes = a->health_form == HEALTH_NONE, no_readiness = !a->port.set && !tried(rc->m, a->attempted, ST_PORT);
	for (size_t i = 0; i < sizeof timings / sizeof timings[0]; i++) {
		const struct setting *s = timings[i].s;
		if (!s->set || s->bad || !(no_probes || (no_readiness && timings[i].readiness_only)))
			continue;
		diag_report(rc->ctx, DIAG_W031, s->loc, "'%s' does nothing: app '%s' has %s", timings[i].name, a->name,
			    no_probes ? "'health none', so no probes" : "no port, so no readiness probe");
		diag_note(rc->ctx, NULL, "remove it%s", no_probes ? ", or give the app a health check" : "");
	}
}

/* The reason @path cannot be a scratch directory, or NULL. Mount paths of emptyDirs are directories the kubelet
   creates in the container's root, so they are absolute, plain and clear of what the kernel and Kubernetes mount. */
static const char *scratch_path_problem(const char *path, size_t len)
{
	if (path[0] != '/')
		return "it is not an absolute path";
	if (len == 1)
		return "'/' is the root filesystem itself";
	if (len > 1024)
		return "it is longer than 1024 characters";
	for (size_t i = 0; i < len; i++) {
		char c = path[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/._-+@", c)))
			return "it holds a character other than letters, digits and '/ . _ - + @'";
	}
	if (path[len - 1] == '/')
		return "it ends with '/'";
	if (strstr(path, "//"))
		return "it has an empty segment ('//')";
	for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
		size_t n = strcspn(seg + 1, "/");
		if ((n == 1 && seg[1] == '.') || (n == 2 && seg[1] == '.' && seg[2] == '.'))
			return "it has a '.' or '..' segment";
	}
	static const char *const reserved[] = {"/tmp", "/proc", "/sys", "/dev", "/run/secrets", "/var/run/secrets"};
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		size_t r = strlen(reserved[i]);
		if (strncmp(path, reserved[i], r) == 0 && (path[r] == '\0' || path[r] == '/'))
			return i == 0 ? "/tmp is a writable emptyDir in every pod already"
				      : "the kernel or Kubernetes mounts its own files there";
	}
	return NULL;
}

/* True when @inner is @outer or lies below it. */
static bool path_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	return strncmp(inner, outer, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}

/* E062, E063, W032: scratch directories. Overlaps are found by sorting the paths with '/' before every other
   character: the paths within a directory then follow it directly (/a, /a/b, /a/c, /a-b), so comparing each path
   with the last outer one is enough (linear after the sort). */
static int compare_scratch(const void *x, const void *y)
{
	const struct scratch_path *const *a = x, *const *b = y;
	const unsigned char *p = (const unsigned char *)(*a)->path.text, *q = (const unsigned char *)(*b)->path.text;
	while (*p && *p == *q)
		p++, q++;
	int c = (*p == '/' ? 1 : *p) - (*q == '/' ? 1 : *q);
	return c ? c : loc_before(&(*a)->path.loc, &(*b)->path.loc) ? -1 : 1;
}

/* W033: /tmp and the scratch directories are emptyDirs on the node's disk, and what the pod writes to them counts
   against the container's ephemeral-storage limit: when their size limits add up past it, the kubelet evicts the
   pod for the total before any one directory is full, so the sizes promise more than the pod may use. */
static void check_scratch_budget(struct rule_ctx *rc, const struct app *a, size_t n_scratch)
{
	const struct defaults *d = &rc->m->defaults;
	const struct setting *size = model_effective(&a->scratch_size, &d->scratch_size), *tmp = &d->tmp_size;
	const struct setting *limit = model_effective(&a->tune.ephemeral_storage_limit, &d->tune.ephemeral_storage_limit);
	if (rc->ctx->diags.n_errors || !n_scratch || !size->set || size->bad || !tmp->set || tmp->bad || !limit->set || limit->bad)
		return;
	double total = value_quantity_number(tmp->text) + (double)n_scratch * value_quantity_number(size->text);
	if (total <= value_quantity_number(limit->text))
		return;
	const struct rbd_loc *at = a->scratch_size.set ? &a->scratch_size.loc : &a->scratch->path.loc;
	diag_report(rc->ctx, DIAG_W033, *at,
		    "app '%s': /tmp (%s) and %zu scratch director%s of %s each may hold more than its ephemeral-storage-limit (%s)", a->name,
		    tmp->text, n_scratch, n_scratch == 1 ? "y" : "ies", size->text, limit->text);
	diag_note(rc->ctx, NULL, "raise 'ephemeral-storage-limit' in the app, or lower 'scratch-size': the kubelet evicts the pod when "
				 "everything it writes to the node's disk passes the limit");
}

static void check_scratch(struct rule_ctx *rc, const struct app *a)
{
	if (a->scratch_size.set && !a->scratch_size.bad && !a->scratch && !tried(rc->m, a->attempted, ST_SCRATCH)) {
		diag_report(rc->ctx, DIAG_W032, a->scratch_size.loc, "'scratch-size' does nothing: app '%s' has no 'scratch' directory", a->name);
		diag_note(rc->ctx, NULL, "remove it, or add the directory the app writes to: scratch /app/.next/cache");
	}
	if (!a->scratch)
		return;
	const struct scratch_path **sorted = arena_alloc_array(&rc->ctx->arena, a->n_scratch, sizeof *sorted);
	size_t n = 0;
	for (const struct scratch_path *p = a->scratch; p; p = p->next) {
		const char *problem = scratch_path_problem(p->path.text, p->path.len);
		if (!problem) {
			sorted[n++] = p;
			continue;
		}
		diag_report(rc->ctx, DIAG_E062, p->path.loc, "scratch path '%s' cannot be mounted: %s", p->path.text, problem);
		diag_note(rc->ctx, NULL, "write the absolute directory the app writes to, like /app/.next/cache");
	}
	qsort(sorted, n, sizeof *sorted, compare_scratch);
	const struct scratch_path *outer = NULL;
	for (size_t i = 0; i < n; i++) {
		if (outer && path_within(sorted[i]->path.text, outer->path.text)) {
			/* report at whichever was written later; the note points at the other */
			const struct scratch_path *later = loc_before(&outer->path.loc, &sorted[i]->path.loc) ? sorted[i] : outer;
			const struct scratch_path *earlier = later == outer ? sorted[i] : outer;
			bool same = strcmp(outer->path.text, sorted[i]->path.text) == 0;
			diag_report(rc->ctx, DIAG_E063, later->path.loc, same ? "scratch path '%s' is listed twice" : "scratch path '%s' overlaps '%s'",
				    later->path.text, earlier->path.text);
			if (same)
				diag_note(rc->ctx, &earlier->path.loc, "first listed here; remove one");
			else
				diag_note(rc->ctx, &earlier->path.loc, "keep only '%s': its volume covers both", outer->path.text);
			continue;
		}
		outer = sorted[i];
	}
	check_scratch_budget(rc, a, n);
	/* The spa nginx config is a file mounted into /etc/nginx/conf.d: a scratch directory over it would be hidden by it
	   or hide the image's other configuration. */
	static const char spa_conf[] = "/etc/nginx/conf.d/default.conf";
	for (size_t i = 0; a->spa.set && i < n; i++)
		if (path_within(spa_conf, sorted[i]->path.text) || path_within(sorted[i]->path.text, spa_conf)) {
			diag_report(rc->ctx, DIAG_E063, sorted[i]->path.loc, "scratch path '%s' overlaps the nginx config that 'spa' mounts at %s",
				    sorted[i]->path.text, spa_conf);
			diag_note(rc->ctx, &a->spa.loc, "'spa' is declared here; choose a directory outside /etc/nginx/conf.d");
		}
}

/* E062, E063, W021, W030, W031, W032: what makes an app a server or a worker, its probes and its writable paths. */
static void rule_app_shape(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		check_scratch(rc, a);
		if (a->health_form == HEALTH_NONE && a->port.set) {
			diag_report(rc->ctx, DIAG_W030, a->health.loc,
				    "app '%s' listens on port %lld but has no probes: its Service sends requests to pods that may not listen yet",
				    a->name, (long long)a->port.num);
			diag_note(rc->ctx, NULL, "use 'health tcp' at least, or 'health /PATH' when the app answers HTTP");
		}
		check_unused_timings(rc, a);
		if (!rc->ctx->diags.n_errors)
			check_app_probe_tolerance(rc, a);
	}
}

/* E090 at the later of two statements that both set an app's pod count, with a note at the earlier. */
static void pod_count_conflict(struct rule_ctx *rc, const struct app *a, const char *one, struct rbd_loc one_loc, const char *other,
			       struct rbd_loc other_loc, const char *fix)
{
	bool one_later = !loc_before(&one_loc, &other_loc);
	diag_report(rc->ctx, DIAG_E090, one_later ? one_loc : other_loc, "app '%s' has both '%s' and '%s': %s", a->name,
		    one_later ? one : other, one_later ? other : one, fix);
	diag_note(rc->ctx, one_later ? &other_loc : &one_loc, "'%s' is here", one_later ? other : one);
	diag_note(rc->ctx, NULL, "keep the one you mean: 'replicas N' for a fixed count, 'singleton' for exactly one pod, 'autoscale MIN..MAX cpu N%%' for a range");
}

/* E090, W045: an app's pod count comes from one statement. A program default (`defaults { replicas 3 }`) is only a
   fallback, so it yields to an app's `singleton` or `autoscale` without a word; the app's own `replicas` does not. */
static void rule_pod_count(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		const struct setting *replicas = &a->tune.replicas;
		bool fixed = replicas->set && !replicas->bad;
		if (a->singleton.set && fixed && replicas->num > 1)
			pod_count_conflict(rc, a, "singleton", a->singleton.loc, "replicas", replicas->loc,
					   "a singleton runs exactly one pod");
		if (a->singleton.set && a->autoscale.set)
			pod_count_conflict(rc, a, "singleton", a->singleton.loc, "autoscale", a->autoscale.loc,
					   "a singleton runs exactly one pod");
		if (a->autoscale.set && fixed)
			pod_count_conflict(rc, a, "autoscale", a->autoscale.loc, "replicas", replicas->loc,
					   "the autoscaler owns the count, and a Deployment with spec.replicas would be reset to it by every apply");
		else if (a->autoscale.set && !a->autoscale.bad && !a->singleton.set && a->autoscale.min == a->autoscale.max) {
			diag_report(rc->ctx, DIAG_W045, a->autoscale.loc, "app '%s' autoscales from %lld to %lld pods, which is no range", a->name,
				    (long long)a->autoscale.min, (long long)a->autoscale.max);
			diag_note(rc->ctx, NULL, "write 'replicas %lld' for a fixed count, or widen the range", (long long)a->autoscale.min);
		}
	}
}

/* Where an environment variable of a container comes from: a secret's key (through envFrom) or an `env`. */
struct env_origin {
	const struct name_ref *ref;  /* the secret, as the block lists it; NULL for an env */
	const struct env_var *env;
};

/* E092, E093: each environment variable of @owner's containers has one source. envFrom entries are applied in order,
   the last one winning, and `env` beats them all (core/v1 Container.envFrom: "When a key exists in multiple sources,
   the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will
   take precedence."), so a second source silently hides the first. @seen holds (owner, key) pairs of every block. */
static void check_env_sources(struct rule_ctx *rc, struct strmap *seen, const void *owner, const char *what, const char *name,
			      const struct name_ref *secrets, const struct env_var *env)
{
	struct arena *ar = &rc->ctx->arena;
	for (const struct name_ref *ref = secrets; ref; ref = ref->next) {
		if (!ref->secret || ref->secret->bad)
			continue;
		const struct name_ref *reported = NULL; /* one error per pair of secrets, at its first shared key */
		for (const struct secret_key *k = ref->secret->keys; k; k = k->next) {
			struct env_origin *mine = arena_alloc(ar, sizeof *mine);
			mine->ref = ref;
			size_t key_len;
			const char *key = pair_key(ar, owner, k->name.text, &key_len); /* names are interned */
			const struct env_origin *first = strmap_put_new(seen, key, key_len, mine);
			if (!first || first->ref->secret == ref->secret || first->ref == reported)
				continue; /* a secret listed twice is E007; a key listed twice in one secret too */
			reported = first->ref;
			diag_report(rc->ctx, DIAG_E092, ref->loc, "%s '%s' gets %s from both secret '%s' and secret '%s': only '%s' reaches the container",
				    what, name, k->name.text, first->ref->name, ref->name, ref->name);
			diag_note(rc->ctx, &first->ref->loc, "secret '%s', listed here, holds %s too", first->ref->name, k->name.text);
			diag_note(rc->ctx, NULL, "keep %s in the keys of one of the two secrets (another declaration may read the same Vault path with other keys)",
				  k->name.text);
		}
	}
	for (const struct env_var *e = env; e; e = e->next) {
		size_t key_len;
		const char *key = pair_key(ar, owner, e->name.text, &key_len);
		const struct env_origin *first = strmap_get(seen, key, key_len);
		if (!first || !first->ref)
			continue;
		bool env_later = !loc_before(&e->name.loc, &first->ref->loc);
		diag_report(rc->ctx, DIAG_E093, env_later ? e->name.loc : first->ref->loc,
			    "'env %s' of %s '%s' hides the key %s of secret '%s': the container would get the literal, not the value from Vault",
			    e->name.text, what, name, e->name.text, first->ref->name);
		if (env_later)
			diag_note(rc->ctx, &first->ref->loc, "secret '%s', listed here, holds %s", first->ref->name, e->name.text);
		else
			diag_note(rc->ctx, &e->name.loc, "the env is set here");
		diag_note(rc->ctx, NULL, "remove the env, or remove %s from the keys of secret '%s' (another declaration may read the same Vault path with fewer keys)",
			  e->name.text, first->ref->name);
	}
}

static void rule_env_sources(struct rule_ctx *rc)
{
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct app *a = rc->m->apps; a; a = a->next)
		check_env_sources(rc, &seen, a, "app", a->name, a->secrets, a->env);
	for (const struct store *s = rc->m->stores; s; s = s->next)
		check_env_sources(rc, &seen, s, "store", s->name, s->secrets, NULL);
}

/* W046 at @loc: @what changes nothing in this program; @fix says what it would work with. */
static void no_effect(struct rule_ctx *rc, struct rbd_loc loc, const char *what, const char *why, const char *fix)
{
	diag_report(rc->ctx, DIAG_W046, loc, "%s does nothing: %s", what, why);
	diag_note(rc->ctx, NULL, "%s", fix);
}

/* W046: statements accepted, but without effect in this program (the audit of issue 10: every accepted statement
   takes effect or is reported). Only on a clean program, like W001 and W011; `defaults { }` is exempt, since it only
   sets fallbacks. Which statement lands where is tests/effect's table. */
static void rule_no_effect(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	if (rc->ctx->diags.n_errors)
		return;
	/* `registry` and `tag` are exempt like `defaults { }`: they are the fallback from which bare images derive, and a
	   program whose apps all name their image may keep them for the next app. */
	bool routed = false;
	for (const struct app *a = m->apps; a; a = a->next)
		routed |= a->routes != NULL;
	if (!routed && m->domain.set)
		no_effect(rc, m->domain.loc, "'domain'", "no app has a route, so there is no Ingress for the host",
			  "remove it, or give the app that serves the site a 'route'");
	if (!routed && m->ingress.declared)
		no_effect(rc, m->ingress.loc, "the ingress block", "no app has a route, so there is no Ingress",
			  "remove it, or give the app that serves the site a 'route'");
	if (m->vault.declared && !m->secrets && !m->vault.role.set)
		no_effect(rc, m->vault.loc, "the vault block", "no secret is declared and it has no 'role', so nothing reads Vault",
			  "remove it, or declare what the apps read: secret NAME from vault \"PATH\" { keys KEY }");
	for (const struct app *a = m->apps; a; a = a->next) {
		bool store = false;
		for (const struct use_ref *u = a->uses; u && !store; u = u->next)
			store = u->store != NULL;
		if (store)
			continue;
		const char *why = arena_printf(&rc->ctx->arena, "app '%s' uses no store, so no MinIO user is made for it", a->name);
		if (a->s3_access_key.set && !inherited(&a->s3_access_key, &m->defaults.s3_access_key))
			no_effect(rc, a->s3_access_key.loc, "'s3-access-key'", why, "remove it, or add 'uses STORE' for the store it reads");
		if (a->s3_secret_key.set && !inherited(&a->s3_secret_key, &m->defaults.s3_secret_key))
			no_effect(rc, a->s3_secret_key.loc, "'s3-secret-key'", why, "remove it, or add 'uses STORE' for the store it reads");
	}
}

/* ---- jobs, commands and shared images ---- */

/* E021: a command's words reach the container as written (see put_command); an empty program is no command. */
static void check_command(struct rule_ctx *rc, const char *what, const char *owner, const struct setting *text,
			  const struct argv_word *argv)
{
	if (!text->set || text->bad)
		return;
	if (strcmp(what, "migrate command") == 0)
		goto words; /* rule_values checks a migration's first word (blank, control characters) */
	bool blank = true;
	for (uint32_t i = 0; i < text->len; i++)
		blank &= text->text[i] == ' ' || text->text[i] == '\t';
	if (blank) {
		diag_report(rc->ctx, DIAG_E021, text->loc, "the %s of %s is empty", what, owner);
		diag_note(rc->ctx, NULL, "write what it runs, like %s \"/app/cleanup --older-than 30d\", or leave the statement out", what);
		return;
	}
words:
	/* A list runs without a shell: its first word must be a program that exists as a file. */
	if (argv && (value_starts_with_builtin(text->text, text->len) || value_starts_with_assignment(text->text, text->len) ||
		     text->text[0] == ' ' || text->text[0] == '\t')) {
		diag_report(rc->ctx, DIAG_E021, text->loc, "'%s' cannot start a listed %s: a list runs without a shell, and no image has %s",
			    text->text, what, text->text[0] == ' ' || text->text[0] == '\t' ? "a program whose name starts with a space"
			    : value_starts_with_assignment(text->text, text->len) ? "a program named NAME=VALUE" : "a shell built-in as a file");
		diag_note(rc->ctx, NULL, "write the command as one string, which runs under /bin/sh -c when it needs a shell: %s \"...\"", what);
		return;
	}
	for (const struct argv_word *w = argv; w; w = w->next)
		if (value_has_control(w->word.text, w->word.len) && (w != argv || strcmp(what, "migrate command") != 0)) {
			diag_report(rc->ctx, DIAG_E021, w->word.loc, "a word of the %s holds a control character", what);
			return;
		}
	if (!argv && value_has_control(text->text, text->len))
		diag_report(rc->ctx, DIAG_E021, text->loc, "the %s holds a control character", what);
}

/* E073: `image of NAME` names another app; a store or a job gets its own hint. Cycles are reported by resolve. */
static void check_image_source(struct rule_ctx *rc, const char *owner, const struct setting *of, bool bound)
{
	if (!of->set || bound)
		return;
	const struct model *m = rc->m;
	if (strmap_get(&m->store_names, of->text, of->len)) {
		diag_report(rc->ctx, DIAG_E073, of->loc, "%s shares the image of '%s', which is a store", owner, of->text);
		diag_note(rc->ctx, NULL, "a store runs the MinIO image; name the app whose image to share");
	} else if (strmap_get(&m->job_names, of->text, of->len)) {
		diag_report(rc->ctx, DIAG_E073, of->loc, "%s shares the image of '%s', which is a job", owner, of->text);
		diag_note(rc->ctx, NULL, "name an app: the job shares its image from one, and so can %s", owner);
	} else if (!misspelt_declaration(m, of->text)) {
		diag_report(rc->ctx, DIAG_E073, of->loc, "%s shares the image of '%s', which is no app of the program", owner, of->text);
		const char *near = NULL;
		unsigned best = value_edit_allowance(of->len) + 1;
		for (const struct app *a = m->apps; a; a = a->next) {
			unsigned d = value_edit_distance(of->text, a->name);
			if (d < best) {
				best = d;
				near = a->name;
			}
		}
		if (near)
			diag_note(rc->ctx, NULL, "did you mean '%s'?", near);
		else
			diag_note(rc->ctx, NULL, "declare 'app %s { image; ... }', or give an image of its own: image \"REF\"", of->text);
	}
}

/* E073, E021: shared images, and the commands of apps (and their list-form migrations). */
static void rule_shared_images(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		const char *owner = arena_printf(&rc->ctx->arena, "app '%s'", a->name);
		check_image_source(rc, owner, &a->image_of, a->image_source != NULL);
		check_command(rc, "command", owner, &a->command.text, a->command.argv);
		if (a->migrate_argv)
			check_command(rc, "migrate command", owner, &a->migrate, a->migrate_argv);
	}
}

/* Where a schedule problem points: the bytes at fault when the string has no escapes (its text is then the source
   between the quotes), else the whole string. */
static struct rbd_loc sub_loc(const struct rule_ctx *rc, const struct setting *s, size_t start, size_t len)
{
	struct rbd_loc loc = s->loc;
	const char *src = rc->ctx->sources[loc.file]->text + loc.start;
	size_t quoted = src[0] == '"' ? 1 : 0;
	if (loc.end - loc.start != s->len + 2 * quoted || memcmp(src + quoted, s->text, s->len) != 0 || start + len > s->len)
		return loc;
	loc.start += (uint32_t)(quoted + start);
	loc.end = loc.start + (uint32_t)len;
	return loc;
}

static void check_schedule(struct rule_ctx *rc, const struct job *job)
{
	const struct setting *s = &job->schedule;
	struct cron_fields fields;
	struct schedule_problem p;
	if (value_has_control(s->text, s->len)) {
		diag_report(rc->ctx, DIAG_E070, s->loc, "the schedule holds a control character");
		diag_note(rc->ctx, NULL, "write five fields separated by spaces, like \"0 3 * * *\"");
		return;
	}
	if (!cron_check(s->text, &fields, &p)) {
		diag_report(rc->ctx, DIAG_E070, sub_loc(rc, s, p.start, p.len), "job '%s' has an invalid schedule: %s", job->name, p.message);
		diag_note(rc->ctx, NULL, "%s", p.hint);
		return;
	}
	if (cron_never_fires(&fields)) {
		diag_report(rc->ctx, DIAG_W035, s->loc, "the schedule of job '%s' never fires: no month it names has that day", job->name);
		diag_note(rc->ctx, NULL, "fix the day of month or the months (February has at most 29 days; April, June, September and November 30)");
	}
}

/* E006, E074, E072, E070, E071, W035, E073, E021, E016, E024, E040, E007: what a job needs and what it may say. */
static void rule_jobs(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	const struct tunables *def = &m->defaults.tune;
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct job *job = m->jobs; job; job = job->next) {
		const char *owner = arena_printf(&rc->ctx->arena, "job '%s'", job->name);
		check_label(rc->ctx, "job", job->name, job->name_loc, JOB_NAME_MAX);
		if (!job->has_image && !tried(m, job->attempted, ST_IMAGE)) {
			diag_report(rc->ctx, DIAG_E006, job->name_loc, "job '%s' has no 'image'", job->name);
			diag_note(rc->ctx, NULL, "share an app's image with 'image of APP', or write a bare 'image' for REGISTRY/PROJECT-%s:TAG, or image \"REF\"",
				  job->name);
		}
		check_image_source(rc, owner, &job->image_of, job->image_source != NULL);
		if (job->image_of.set && !job->command.text.set && !tried(m, job->attempted, ST_COMMAND)) {
			diag_report(rc->ctx, DIAG_E074, job->name_loc, "job '%s' shares the image of '%s' but has no 'command'", job->name,
				    job->image_of.text);
			diag_note(rc->ctx, &job->image_of.loc, "that image's entrypoint would run, a server that never exits; say what the job runs: command \"CMD\"");
		}
		check_command(rc, "command", owner, &job->command.text, job->command.argv);
		if (job->schedule.set && !job->schedule.bad)
			check_schedule(rc, job);
		if (job->timezone.set && !job->timezone.bad) {
			struct schedule_problem p;
			if (!job->schedule.set && !tried(m, job->attempted, ST_SCHEDULE)) {
				diag_report(rc->ctx, DIAG_E072, job->timezone.loc, "job '%s' has a timezone but no schedule: it runs once, at no time of day",
					    job->name);
				diag_note(rc->ctx, NULL, "add the schedule it applies to, like schedule \"0 3 * * *\", or remove the timezone");
			} else if (value_has_control(job->timezone.text, job->timezone.len) || !timezone_check(job->timezone.text, &p)) {
				diag_report(rc->ctx, DIAG_E071, sub_loc(rc, &job->timezone, p.start, p.len), "'%s' is not a time zone Kubernetes can load: %s",
					    job->timezone.text, p.message);
				diag_note(rc->ctx, NULL, "%s", p.hint);
			}
		}
		for (const struct env_var *e = job->env; e; e = e->next) {
			if (!value_is_env_name(e->name.text))
				diag_report(rc->ctx, DIAG_E021, e->name.loc, "'%s' is not a portable environment variable name: use letters, digits and '_', not starting with a digit",
					    e->name.text);
			if (value_has_control(e->value.text, e->value.len))
				diag_report(rc->ctx, DIAG_E021, e->value.loc, "the value of '%s' holds a control character", e->name.text);
		}
		check_user(rc, &job->tune.user, owner);
		check_request_limit(rc, owner, model_effective(&job->tune.cpu, &def->cpu), model_effective(&job->tune.cpu_limit, &def->cpu_limit), "cpu");
		check_request_limit(rc, owner, model_effective(&job->tune.memory, &def->memory),
				    model_effective(&job->tune.memory_limit, &def->memory_limit), "memory");
		check_request_limit(rc, owner, model_effective(&job->tune.ephemeral_storage, &def->ephemeral_storage),
				    model_effective(&job->tune.ephemeral_storage_limit, &def->ephemeral_storage_limit), "ephemeral-storage");
		for (const struct use_ref *u = job->uses; u; u = u->next) {
			size_t key_len;
			const char *key = pair_key(&rc->ctx->arena, job, u->name, &key_len); /* names are interned */
			const struct use_ref *first = strmap_put_new(&seen, key, key_len, (void *)u);
			if (first) {
				diag_report(rc->ctx, DIAG_E007, u->loc, "job '%s' lists '%s' in 'uses' twice", job->name, u->name);
				diag_note(rc->ctx, &first->loc, "first listed here");
				continue;
			}
			if (u->store || u->app || misspelt_declaration(m, u->name) || named_by_unknown_statement(rc->program, u->name))
				continue;
			if (strmap_get(&m->job_names, u->name, strlen(u->name))) {
				diag_report(rc->ctx, DIAG_E040, u->loc, "job '%s' uses '%s', which is a job: nothing connects to a job's pods", job->name, u->name);
				diag_note(rc->ctx, NULL, "name the stores and apps the job talks to, or remove the name");
				continue;
			}
			diag_report(rc->ctx, DIAG_E040, u->loc, "job '%s' uses '%s', which is no store or app of the program", job->name, u->name);
			const char *near = closest_peer(m, NULL, u->name);
			if (near)
				diag_note(rc->ctx, NULL, "did you mean '%s'?", near);
			else
				diag_note(rc->ctx, NULL, "declare 'store %s { ... }' or 'app %s { ... }', or remove the name", u->name, u->name);
		}
	}
}


/* E080, E081: a store's engine exists, and MinIO's own statements stand only in MinIO stores. */
static void check_store_engine(struct rule_ctx *rc, const struct store *s)
{
	const struct model *m = rc->m;
	if (s->engine.set && !s->engine.bad && !s->minio && !s->engine_decl) {
		diag_report(rc->ctx, DIAG_E080, s->engine.loc, "store '%s' runs engine '%s', which is not declared", s->name, s->engine.text);
		const char *best = value_edit_distance(s->engine.text, "minio") <= value_edit_allowance(strlen(s->engine.text)) ? "minio" : NULL;
		unsigned best_distance = best ? value_edit_distance(s->engine.text, "minio") : UINT32_MAX;
		for (const struct engine_decl *e = m->engines; e; e = e->next) {
			unsigned d = value_edit_distance(s->engine.text, e->name);
			if (d <= value_edit_allowance(strlen(s->engine.text)) && d < best_distance) {
				best = e->name;
				best_distance = d;
			}
		}
		if (best) {
			diag_note(rc->ctx, NULL, "did you mean '%s'?", best);
		} else {
			const char *names = "minio";
			for (const struct engine_decl *e = m->engines; e; e = e->next)
				names = arena_printf(&rc->ctx->arena, "%s, %s", names, e->name);
			diag_note(rc->ctx, NULL, "the engines are %s; or declare it: engine %s { image \"REF\"; port N; data PATH; user UID; probe tcp }",
				  names, s->engine.text);
		}
	}
	if (s->minio || !s->engine.set || s->engine.bad)
		return;
	if (s->buckets) {
		diag_report(rc->ctx, DIAG_E081, s->buckets->stmt, "store '%s' runs %s, which has no buckets: 'bucket' is MinIO's", s->name,
			    s->engine.text);
		diag_note(rc->ctx, NULL, "remove it; files go in a store of their own: store files { size 10Gi; bucket NAME; secrets NAME }");
	}
	if (s->console.set) {
		diag_report(rc->ctx, DIAG_E081, s->console.loc, "store '%s' runs %s, which has no console: 'console' is MinIO's", s->name,
			    s->engine.text);
		diag_note(rc->ctx, NULL, "remove it; reach the server with kubectl port-forward svc/%s", s->name);
	}
}

/* A mount path of an engine: absolute, clean, and clear of /tmp, which every pod mounts itself. */
static void check_engine_path(struct rule_ctx *rc, const struct engine_decl *e, const struct setting *path, const char *what)
{
	if (!path->set || path->bad)
		return;
	const char *problem = value_path_problem(path->text, false);
	if (!problem && (strcmp(path->text, "/") == 0 || strcmp(path->text, "/tmp") == 0 || strncmp(path->text, "/tmp/", 5) == 0))
		problem = "the root and /tmp are mounted already";
	if (!problem)
		return;
	diag_report(rc->ctx, DIAG_E083, path->loc, "engine '%s': %s '%s' cannot be a mount path: %s", e->name, what, path->text, problem);
	diag_note(rc->ctx, NULL, "write the absolute directory, like /var/lib/postgresql");
}

static void check_engine_env(struct rule_ctx *rc, const struct env_var *list, bool client)
{
	for (const struct env_var *v = list; v; v = v->next) {
		if (!value_is_env_name(v->name.text))
			diag_report(rc->ctx, DIAG_E021, v->name.loc,
				    "'%s' is not a portable environment variable name: use letters, digits and '_', not starting with a digit", v->name.text);
		if (value_has_control(v->value.text, v->value.len))
			diag_report(rc->ctx, DIAG_E021, v->value.loc, "the value of '%s' holds a control character", v->name.text);
		const char *word = client ? secret_name_hint(v->name.text) : NULL;
		if (word) {
			diag_report(rc->ctx, DIAG_E013, v->name.loc, "'client-env %s' would hold a plaintext secret (its name says %s)", v->name.text,
				    word);
			diag_mask_text(rc->ctx, v->value.loc, v->value.text, v->value.len);
			diag_note(rc->ctx, NULL, "give it from the store's Vault secret: client-secret %s KEY", v->name.text);
		}
		for (const char *p = client ? strchr(v->value.text, '{') : NULL; p; p = strchr(p + 1, '{'))
			if (strncmp(p, "{host}", 6) != 0 && strncmp(p, "{port}", 6) != 0) {
				diag_report(rc->ctx, DIAG_E083, v->value.loc, "the value of client-env %s holds a placeholder other than {host} and {port}",
					    v->name.text);
				diag_note(rc->ctx, NULL, "{host} is the store's Service name and {port} the engine's port, like \"redis://{host}:{port}/0\"");
				break;
			}
	}
}

/* E006, E008, E083, E016, E021, E022, W040: an engine declaration describes a server rbdc can run restricted. The
   stdlib's engines are checked too: the same rules keep a new stdlib engine honest. */
static void check_engine_decl(struct rule_ctx *rc, const struct engine_decl *e)
{
	static const struct {
		enum stmt_id id;
		const char *name, *example;
		size_t offset;
	} required[] = {
		{ST_IMAGE, "image", "image \"docker.io/library/redis:8.6.7-trixie\"", offsetof(struct engine_decl, image)},
		{ST_PORT, "port", "port 6379", offsetof(struct engine_decl, port)},
		{ST_ENGINE_DATA, "data", "data /data", offsetof(struct engine_decl, data)},
		{ST_USER, "user", "user 999", offsetof(struct engine_decl, user)},
		{ST_ENGINE_PROBE, "probe", "probe tcp", offsetof(struct engine_decl, probe)},
	};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		const struct setting *set = (const struct setting *)((const char *)e + required[i].offset);
		if (!set->set && !tried(rc->m, e->attempted, required[i].id)) {
			diag_report(rc->ctx, DIAG_E006, e->name_loc, "engine '%s' has no '%s'", e->name, required[i].name);
			diag_note(rc->ctx, NULL, "add it, e.g. '%s'", required[i].example);
		}
	}
	check_label(rc->ctx, "engine", e->name, e->name_loc, 63);
	if (!value_dns_label_problem(e->name, 63) && (strlen(e->name) > 15 || strstr(e->name, "--"))) {
		diag_report(rc->ctx, DIAG_E083, e->name_loc, "engine name '%s' cannot name a port: %s", e->name,
			    strlen(e->name) > 15 ? "it is longer than 15 characters" : "it holds '--'");
		diag_note(rc->ctx, NULL, "an engine name is also its port's name (an IANA service name): at most 15 characters, no '--'");
	}
	check_user(rc, &e->user, arena_printf(&rc->ctx->arena, "engine '%s'", e->name));
	if (e->image.set && !e->image.bad) {
		struct image_ref parts;
		const char *problem = value_has_control(e->image.text, e->image.len) ? "it holds a control character"
											: value_parse_image(e->image.text, &parts);
		if (problem) {
			diag_report(rc->ctx, DIAG_E022, e->image.loc, "image '%s' is not a valid reference: %s", e->image.text, problem);
			diag_note(rc->ctx, NULL, "write [HOST[:PORT]/]PATH:TAG[@sha256:DIGEST], like docker.io/library/redis:8.6.7-trixie");
		} else if (!parts.digest && (!parts.tag || (parts.tag_len == 6 && strncmp(parts.tag, "latest", 6) == 0))) {
			diag_report(rc->ctx, DIAG_W040, e->image.loc, "engine '%s' runs image '%s', which names no release", e->name, e->image.text);
			diag_note(rc->ctx, NULL, "pin the server by its release tag (and digest), like docker.io/library/postgres:18.6-trixie");
		}
	}
	check_engine_path(rc, e, &e->data, "data");
	struct strmap paths;
	strmap_init(&paths, &rc->ctx->arena);
	if (e->data.set && !e->data.bad)
		strmap_put_new(&paths, e->data.text, e->data.len, (void *)&e->data);
	for (const struct engine_item *w = e->writable; w; w = w->next) {
		check_engine_path(rc, e, &w->value, "writable");
		const struct setting *first = strmap_put_new(&paths, w->value.text, w->value.len, (void *)&w->value);
		if (first) {
			diag_report(rc->ctx, DIAG_E007, w->value.loc, "engine '%s' mounts '%s' twice", e->name, w->value.text);
			diag_note(rc->ctx, &first->loc, "first mounted here");
		}
	}
	for (const struct engine_item *k = e->secret_keys; k; k = k->next)
		if (!value_is_env_name(k->value.text))
			diag_report(rc->ctx, DIAG_E021, k->value.loc, "key '%s' cannot become an environment variable: use letters, digits and '_'",
				    k->value.text);
	check_engine_env(rc, e->env, false);
	check_engine_env(rc, e->client_env, true);
	for (const struct env_var *cs = e->client_secret; cs; cs = cs->next) {
		bool declared = false;
		for (const struct engine_item *k = e->secret_keys; k && !declared; k = k->next)
			declared = strcmp(k->value.text, cs->value.text) == 0;
		if (!declared) {
			diag_report(rc->ctx, DIAG_E083, cs->value.loc, "client-secret %s reads key '%s', which engine '%s' does not list in 'secret-keys'",
				    cs->name.text, cs->value.text, e->name);
			diag_note(rc->ctx, NULL, "add it: secret-keys %s; every store of the engine must then hold it", cs->value.text);
		}
		if (!value_is_env_name(cs->name.text))
			diag_report(rc->ctx, DIAG_E021, cs->name.loc, "'%s' is not a portable environment variable name", cs->name.text);
	}
	const struct setting *cmds[] = {&e->command, &e->probe_cmd};
	for (size_t i = 0; i < 2; i++) {
		const struct setting *c = cmds[i];
		if (!c->set || c->bad)
			continue;
		/* A line break is shell syntax (a here-document feeds redis its password), so only the command may hold
		   one; any other control character would not reach the shell as written. */
		size_t blank = strspn(c->text, " \t\n"), plain = 0;
		for (size_t k = 0; k < c->len; k++)
			plain += !(i == 0 && c->text[k] == '\n') && value_has_control(c->text + k, 1);
		if (blank == c->len || plain)
			diag_report(rc->ctx, DIAG_E021, c->loc, "the %s of engine '%s' %s", i ? "probe command" : "command", e->name,
				    blank == c->len ? "is empty" : "holds a control character");
	}
}

/* The name of @s's first secret that declares @key (what a client-secret reads), or NULL. */
static const char *store_secret_with(const struct store *s, const char *key)
{
	for (const struct name_ref *ref = s->secrets; ref; ref = ref->next)
		for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next)
			if (strcmp(k->name.text, key) == 0)
				return ref->name;
	return NULL;
}

/* E082: the client variables an app gets from the stores it uses, its own env and each other never share a name. */
static void check_client_env(struct rule_ctx *rc, const struct app *a, struct strmap *seen)
{
	struct owner {
		const struct use_ref *use; /* NULL: the app's own env, or a key of one of its secrets */
		const struct rbd_loc *loc;
		const char *secret;        /* the secret that declares it, for a key */
	};
	bool any = false;
	for (const struct use_ref *u = a->uses; u && !any; u = u->next)
		any = u->store && u->store->engine_decl;
	if (!any)
		return;
	for (const struct env_var *v = a->env; v; v = v->next) {
		size_t key_len;
		const char *key = pair_key(&rc->ctx->arena, a, v->name.text, &key_len);
		struct owner *o = arena_alloc(&rc->ctx->arena, sizeof *o);
		*o = (struct owner){NULL, &v->name.loc, NULL};
		strmap_put_new(seen, key, key_len, o);
	}
	/* envFrom: a key of the app's own secrets would be shadowed by the store's variable of that name */
	for (const struct name_ref *ref = a->secrets; ref; ref = ref->next)
		for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next) {
			size_t key_len;
			const char *key = pair_key(&rc->ctx->arena, a, k->name.text, &key_len);
			struct owner *o = arena_alloc(&rc->ctx->arena, sizeof *o);
			*o = (struct owner){NULL, &k->name.loc, ref->name};
			strmap_put_new(seen, key, key_len, o);
		}
	for (const struct use_ref *u = a->uses; u; u = u->next) {
		const struct engine_decl *e = u->store ? u->store->engine_decl : NULL;
		const struct env_var *lists[] = {e ? e->client_env : NULL, e ? e->client_secret : NULL};
		bool reported = false;
		for (size_t i = 0; i < 2 && !reported; i++)
			for (const struct env_var *v = lists[i]; v && !reported; v = v->next) {
				size_t key_len;
				const char *key = pair_key(&rc->ctx->arena, a, v->name.text, &key_len);
				struct owner *o = arena_alloc(&rc->ctx->arena, sizeof *o);
				*o = (struct owner){u, &u->loc, NULL};
				const struct owner *first = strmap_put_new(seen, key, key_len, o);
				if (!first || (first->secret && i == 1 && strcmp(v->name.text, v->value.text) == 0 &&
					       first->secret == store_secret_with(u->store, v->value.text)))
					continue; /* the app lists the store's own secret: the same key of the same Secret, twice */
				reported = true; /* one error per store: the other variables clash the same way */
				if (first->use) {
					diag_report(rc->ctx, DIAG_E082, u->loc, "app '%s' uses stores '%s' and '%s', which both set %s", a->name,
						    first->use->name, u->name, v->name.text);
					diag_note(rc->ctx, first->loc, "an app uses one store per engine; give the other store's work to another app");
				} else if (first->secret) {
					diag_report(rc->ctx, DIAG_E082, u->loc, "app '%s' gets %s from its secret '%s' and from store '%s'", a->name,
						    v->name.text, first->secret, u->name);
					diag_note(rc->ctx, first->loc, "the store's %s would shadow the Vault value; drop the key from the secret, or the store from 'uses'",
						  v->name.text);
				} else {
					diag_report(rc->ctx, DIAG_E082, *first->loc, "app '%s' sets %s, which its store '%s' already gives it", a->name,
						    v->name.text, u->name);
					diag_note(rc->ctx, &u->loc, "remove the env: 'uses %s' sets %s to the store's %s", u->name, v->name.text,
						  lists[i] == e->client_secret ? "secret" : "address");
				}
			}
	}
}

static void rule_engines(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	for (const struct engine_decl *e = m->engines; e; e = e->next)
		check_engine_decl(rc, e);
	for (const struct store *s = m->stores; s; s = s->next)
		check_store_engine(rc, s);
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct app *a = m->apps; a; a = a->next)
		check_client_env(rc, a, &seen);
}

/* E100, E102, W050: every host is a DNS name the target accepts, listed once per app, and acts on a route. A site's
   first host names its TLS Secret HOST-tls, a DNS-1123 subdomain of at most 253 characters. */
static void rule_hosts(struct rule_ctx *rc)
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
static void rule_gateway(struct rule_ctx *rc)
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

static void (*const rules[])(struct rule_ctx *) = {
	rule_names,        rule_derived_names, rule_app_required, rule_paths, rule_secret_refs, rule_secret_decls, rule_plaintext_secrets,
	rule_values,       rule_root,         rule_ingress, rule_stores,     rule_resources,    rule_namespace,      rule_images,
	rule_config_values, rule_uses, rule_pod_count, rule_env_sources, rule_unused_secrets, rule_replicas, rule_no_effect, rule_unused_stores, rule_vault_connection,
	rule_probe_tolerance, rule_body_limits,
	rule_app_shape,
	rule_jobs, rule_shared_images,
	rule_engines,
	rule_hosts, rule_gateway,
};

void rules_check(struct rbdc_ctx *ctx, const struct model *m, const struct ast_stmt *program)
{
	struct rule_ctx rc = {ctx, m, program};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0] && !diag_limit_reached(ctx); i++)
		rules[i](&rc);
}
