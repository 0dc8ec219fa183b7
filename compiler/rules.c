/* rules.c: constraint rules, one function per concern, each reporting its own E-code; registered in one table. */
#include "rules.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
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

/* E006, E010, E011: what every app needs. */
static void rule_app_required(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		if (!a->has_image && !tried(rc->m, a->attempted, ST_IMAGE)) {
			diag_report(rc->ctx, DIAG_E006, a->name_loc, "app '%s' has no 'image'", a->name);
			diag_note(rc->ctx, NULL, "write a bare 'image' for REGISTRY/PROJECT-%s:TAG, or image \"REF\"", a->name);
		}
		if (!a->port.set && !tried(rc->m, a->attempted, ST_PORT)) {
			diag_report(rc->ctx, DIAG_E010, a->name_loc, "app '%s' has no 'port'", a->name);
			diag_note(rc->ctx, NULL, "add the port the container listens on, e.g. 'port 8000'");
		}
		if (!a->health.set && !tried(rc->m, a->attempted, ST_HEALTH)) {
			diag_report(rc->ctx, DIAG_E011, a->name_loc, "app '%s' has no 'health' path for its probes", a->name);
			diag_note(rc->ctx, NULL, "add a path that answers 200 while the app serves, e.g. 'health /healthz'");
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
		if (a->health.set) {
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

/* W011: a body limit only acts on requests that come through the Ingress. */
static void rule_body_limits(struct rule_ctx *rc)
{
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct app *a = rc->m->apps; a; a = a->next)
		if (a->body_limit.set && !a->body_limit.bad && !a->routes) {
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
				undeclared_secret(rc, "store", s->name, ref, "MINIO_ROOT_USER, MINIO_ROOT_PASSWORD");
}

/* W001, W002 run last and only on an otherwise clean program: after an error they mostly restate it. */
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
	const char *kind = secret_value_kind(a->text, a->len);
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
		if (env && !secret_is_harmless_flag(st->args->next->text)) {
			const char *word = secret_name_hint(st->args->text);
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
static void rule_stores(struct rule_ctx *rc)
{
	for (const struct store *s = rc->m->stores; s; s = s->next) {
		if (!s->size.set && !tried(rc->m, s->attempted, ST_SIZE)) {
			diag_report(rc->ctx, DIAG_E006, s->name_loc, "store '%s' has no 'size' for its volume", s->name);
			diag_note(rc->ctx, NULL, "add the volume size, e.g. 'size 10Gi'");
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

/* W002: several replicas run migrations at once. */
static void rule_replicas(struct rule_ctx *rc)
{
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		const struct setting *replicas = model_effective(&a->tune.replicas, &rc->m->defaults.tune.replicas);
		if (a->migrate.set && replicas->set && !replicas->bad && replicas->num > 1) {
			diag_report(rc->ctx, DIAG_W002, replicas->loc, "app '%s' runs its migration in each of %lld replicas at once", a->name,
				    (long long)replicas->num);
			diag_note(rc->ctx, &a->migrate.loc, "the migration is declared here");
		}
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
		if (!inherited(&s->image, &d->minio_image))
			check_image(rc, "image", &s->image); /* the store's own; the default is checked once, above */
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
	if (rc->ctx->diags.n_errors || !v->role.set || v->address.set || c->bad || tried(rc->m, v->attempted, ST_CONNECTION))
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
	if (rc->ctx->diags.n_errors)
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
			if (!u->store)
				continue;
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

/* W015: a store whose S3 port no app may reach. Silent on errors: a misspelt `uses` is reported as such. */
static void rule_unused_stores(struct rule_ctx *rc)
{
	if (rc->ctx->diags.n_errors)
		return;
	for (const struct store *s = rc->m->stores; s; s = s->next)
		if (!s->users) {
			diag_report(rc->ctx, DIAG_W015, s->name_loc, "store '%s' is used by no app: its NetworkPolicy lets no app reach it", s->name);
			diag_note(rc->ctx, NULL, "add 'uses %s' to the app that reads and writes it", s->name);
		}
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
	rule_config_values, rule_uses, rule_unused_secrets, rule_replicas, rule_unused_stores, rule_vault_connection,
	rule_probe_tolerance, rule_body_limits, rule_hosts, rule_gateway,
};

void rules_check(struct rbdc_ctx *ctx, const struct model *m, const struct ast_stmt *program)
{
	struct rule_ctx rc = {ctx, m, program};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0] && !diag_limit_reached(ctx); i++)
		rules[i](&rc);
}
