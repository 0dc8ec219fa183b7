/* rules_program.c: rules over the whole program: names and the objects derived from them (E008, E007), and statements without effect (W046). */
#include "rules_internal.h"

#include <string.h>

#include "diag.h"
#include "values.h"

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
void rule_names(struct rule_ctx *rc)
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

/* What one declaration makes under a derived name, for the collision check below. The words of the message are
   kept apart and only put together when two claims collide: formatting them for every app cost more than the check. */
enum derived_kind { DERIVED_SERVICE, DERIVED_PODS, DERIVED_SECRET, DERIVED_KINDS };

struct derived_owner {
	const char *what;   /* "app", "store", "job", "secret", "project" */
	const char *name;   /* the declaration's name */
	const char *object; /* the derived name: of the Service, the pod label or the Secret */
	const char *part;   /* "its bucket Job's pods" */
	const struct rbd_loc *loc;
};

/* Claims @object (a Service, a pod label app.kubernetes.io/name or a Secret, by @kind) for the declaration @what
   @name; a second claim is reported at whichever declaration comes later in the source, with a note at the other. */
static void claim_derived(struct rule_ctx *rc, struct strmap seen[DERIVED_KINDS], enum derived_kind kind, const char *object,
			  const char *what, const char *name, const char *part, const struct rbd_loc *loc)
{
	struct derived_owner *mine = arena_alloc(&rc->ctx->arena, sizeof *mine);
	*mine = (struct derived_owner){what, name, object, part, loc};
	const struct derived_owner *first = strmap_put_new(&seen[kind], object, strlen(object), mine);
	if (!first)
		return;
	const struct derived_owner *later = loc_before(first->loc, loc) ? mine : first, *earlier = later == mine ? first : mine;
	static const char *const made[DERIVED_KINDS] = {
		[DERIVED_SERVICE] = "the Service '%s'",
		[DERIVED_PODS] = "the pod label app.kubernetes.io/name=%s, so each one's Service would select the other's pods",
		[DERIVED_SECRET] = "the Secret '%s'",
	};
	const char *made_text = arena_printf(&rc->ctx->arena, made[kind], object);
	diag_report(rc->ctx, DIAG_E007, *later->loc, "%s '%s' collides with %s '%s': both make %s", later->what, later->name,
		    earlier->what, earlier->name, made_text);
	diag_note(rc->ctx, earlier->loc, "%s '%s' is declared here (%s); rename one of them", earlier->what, earlier->name,
		  earlier->part);
}

/* E007 for a secret a block lists twice: it would give two envFrom entries and two restart targets. */
static void check_secrets_listed_twice(struct rule_ctx *rc, struct strmap *seen, const void *block, const char *what,
				       const char *name, const struct name_ref *secrets)
{
	for (const struct name_ref *ref = secrets; ref; ref = ref->next)
		listed_twice(rc, seen, block, what, name, "secret ", ref->name, "", &ref->loc);
}

/* E007: no two declarations derive one object or one pod label: a store's NAME-headless Service and the label
   NAME-bucket of its bucket Job's pods (a Service or StatefulSet of that name would select them), a secret's
   Secret and the TLS Secret PROJECT-tls. Same-named apps, stores and secrets are refused where they are read. One
   hash map per kind of derived name keeps this linear in the declarations. */
void rule_derived_names(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	struct arena *ar = &rc->ctx->arena;
	struct strmap derived[DERIVED_KINDS];
	for (int k = 0; k < DERIVED_KINDS; k++)
		strmap_init(&derived[k], ar);
	for (const struct app *app = m->apps; app; app = app->next) {
		claim_derived(rc, derived, DERIVED_SERVICE, app->name, "app", app->name, "its Service", &app->name_loc);
		claim_derived(rc, derived, DERIVED_PODS, app->name, "app", app->name, "its pods", &app->name_loc);
	}
	for (const struct store *s = m->stores; s; s = s->next) {
		claim_derived(rc, derived, DERIVED_SERVICE, s->name, "store", s->name, "its Service", &s->name_loc);
		claim_derived(rc, derived, DERIVED_SERVICE, arena_printf(ar, "%s-headless", s->name), "store", s->name,
			      "its headless Service", &s->name_loc);
		claim_derived(rc, derived, DERIVED_PODS, s->name, "store", s->name, "its MinIO pod", &s->name_loc);
		if (s->buckets)
			claim_derived(rc, derived, DERIVED_PODS, arena_printf(ar, "%s-bucket", s->name), "store", s->name,
				      "its bucket Job's pods", &s->name_loc);
	}
	for (const struct job *job = m->jobs; job; job = job->next)
		claim_derived(rc, derived, DERIVED_PODS, job->name, "job", job->name, "its pods", &job->name_loc);
	for (const struct secret_decl *s = m->secrets; s; s = s->next)
		claim_derived(rc, derived, DERIVED_SECRET, s->name, "secret", s->name, "the Secret VSO syncs", &s->name_loc);
	bool routed = false;
	for (const struct app *app = m->apps; app && !routed; app = app->next)
		routed = app->routes != NULL;
	if (routed && m->project.set && !m->gateway.declared)
		claim_derived(rc, derived, DERIVED_SECRET, arena_printf(ar, "%s-tls", m->project.text), "project", m->project.text,
			      "the TLS Secret cert-manager makes for the domain", &m->project.loc);
	struct strmap seen;
	strmap_init(&seen, ar);
	for (const struct app *a = m->apps; a; a = a->next)
		check_secrets_listed_twice(rc, &seen, a, "app", a->name, a->secrets);
	for (const struct job *job = m->jobs; job; job = job->next)
		check_secrets_listed_twice(rc, &seen, job, "job", job->name, job->secrets);
	for (const struct store *st = m->stores; st; st = st->next)
		check_secrets_listed_twice(rc, &seen, st, "store", st->name, st->secrets);
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
void rule_no_effect(struct rule_ctx *rc)
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
