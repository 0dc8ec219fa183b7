/* resolve.c: binds secret references, derives image strings, Ingress prefixes, sites (hosts) and the namespace. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "schema.h"
#include "values.h"

static void bind_refs(struct rbdc_ctx *ctx, struct model *m, struct name_ref *refs, const char *kind, const char *name)
{
	for (struct name_ref *ref = refs; ref; ref = ref->next) {
		struct secret_decl *s = strmap_get(&m->secret_names, ref->name, strlen(ref->name));
		ref->secret = s;
		if (!s)
			continue;
		s->n_users++;
		struct secret_user *u = arena_alloc(&ctx->arena, sizeof *u);
		u->kind = kind;
		u->name = name;
		if (s->users_tail)
			s->users_tail->next = u;
		else
			s->users = u;
		s->users_tail = u;
	}
}

/* Whether REGISTRY/PROJECT-APP:TAG can be derived; a bad registry or tag is reported once, at its own line. */
static bool check_derivation_parts(struct rbdc_ctx *ctx, const struct model *m)
{
	bool ok = true;
	struct image_ref parts;
	const char *problem;
	if (m->project.set && value_dns_label_problem(m->project.text, 63))
		ok = false; /* E008 reports the project name */
	if (m->tag.set && !m->tag.bad) {
		problem = value_tag_problem(m->tag.text, m->tag.len);
		if (problem) {
			diag_report(ctx, DIAG_E022, m->tag.loc, "tag '%s' is not a valid image tag: %s", m->tag.text, problem);
			ok = false;
		}
	}
	if (m->registry.set && !m->registry.bad) {
		problem = value_parse_image(arena_printf(&ctx->arena, "%s/x", m->registry.text), &parts);
		if (problem || parts.tag || parts.digest) {
			diag_report(ctx, DIAG_E022, m->registry.loc, "registry '%s' is not a registry and path: %s", m->registry.text,
				    problem ? problem : "it holds a tag or digest");
			ok = false;
		}
	}
	return ok;
}

/* What an app or a job declares about its image, and where the derived strings go. */
struct image_owner {
	const char *name;
	bool has_image;
	const struct setting *image_ref, *image_of;
	struct rbd_loc image_loc;
	const char **image, **image_name, **image_tag;
};

static void resolve_owner_image(struct rbdc_ctx *ctx, struct model *m, const struct image_owner *own, bool derivable,
				bool *reported_missing);

static void resolve_image(struct rbdc_ctx *ctx, struct model *m, struct app *app, bool derivable, bool *reported_missing)
{
	struct image_owner own = {app->name, app->has_image, &app->image_ref, &app->image_of, app->image_loc, &app->image,
				  &app->image_name, &app->image_tag};
	resolve_owner_image(ctx, m, &own, derivable, reported_missing);
}

static void resolve_owner_image(struct rbdc_ctx *ctx, struct model *m, const struct image_owner *own, bool derivable,
				bool *reported_missing)
{
	const char *ref;
	struct rbd_loc loc = own->image_ref->set ? own->image_ref->loc : own->image_loc;
	if (!own->has_image || own->image_of->set)
		return; /* rules report the missing image; `image of` is bound after every app's own image */
	if (own->image_ref->set) {
		ref = own->image_ref->text;
	} else {
		struct {
			const struct setting *s;
			enum stmt_id id;
			const char *name;
		} parts[] = {{&m->registry, ST_REGISTRY, "registry"}, {&m->project, ST_PROJECT, "project"}, {&m->tag, ST_TAG, "tag"}};
		for (size_t i = 0; i < 3; i++) {
			if (parts[i].s->set)
				continue;
			/* One report for the program: every bare image misses the same statement. */
			/* A missing project already has its own E006. */
			if (!stmt_set_has(&m->attempted, parts[i].id) && !stmt_set_has(&m->misplaced, parts[i].id) && parts[i].id != ST_PROJECT && !*reported_missing) {
				*reported_missing = true;
				diag_report(ctx, DIAG_E022, loc, "a bare 'image' is REGISTRY/PROJECT-APP:TAG, but the program has no '%s'",
					    parts[i].name);
				diag_note(ctx, NULL, "declare '%s' at the top level or give the reference: image \"REGISTRY/NAME:TAG\"",
					  parts[i].name);
			}
			return;
		}
		if (!derivable || value_dns_label_problem(own->name, 63))
			return; /* the part at fault is reported where it is written */
		ref = arena_printf(&ctx->arena, "%s/%s-%s:%s", m->registry.text, m->project.text, own->name, m->tag.text);
	}
	struct image_ref parts;
	const char *problem = value_parse_image(ref, &parts);
	if (problem) {
		diag_report(ctx, DIAG_E022, loc, "image '%s' is not a valid reference: %s", ref, problem);
		if (own->image_ref->set)
			diag_note(ctx, NULL, "write [HOST[:PORT]/]PATH:TAG[@sha256:DIGEST], like ghcr.io/acme/web:1.0");
		else
			diag_note(ctx, NULL, "a bare 'image' is REGISTRY/PROJECT-APP:TAG; shorten or correct the registry, project or app name");
		return;
	}
	*own->image = ref;
	*own->image_name = arena_strndup(&ctx->arena, ref, parts.name_len);
	*own->image_tag = parts.tag ? arena_strndup(&ctx->arena, parts.tag, parts.tag_len) : NULL;
}

/* `image of APP`, followed through chains: every app on a chain gets the image of the app at its end, which declares
   its own. Each app is walked once (image_walk), so a chain or cycle of any length costs linear time; a cycle has no
   image and is reported here, once, at the first of its apps the walk meets. */
static void resolve_shared_images(struct rbdc_ctx *ctx, struct model *m)
{
	uint32_t walk = 0;
	for (struct app *app = m->apps; app; app = app->next) {
		if (!app->image_of.set || app->image_walk)
			continue;
		walk++;
		struct app *cur = app;
		while (cur && cur->image_of.set && !cur->image_walk) {
			cur->image_walk = walk;
			cur->image_source = strmap_get(&m->app_names, cur->image_of.text, strlen(cur->image_of.text));
			cur = cur->image_source;
		}
		if (cur && cur->image_of.set && cur->image_walk == walk) {
			if (cur->image_source == cur) {
				diag_report(ctx, DIAG_E073, cur->image_of.loc, "app '%s' names itself in 'image of': it has no image to share", cur->name);
				diag_note(ctx, NULL, "give it an image of its own: image, or image \"REF\"");
			} else {
				char path[256];
				int len = snprintf(path, sizeof path, "%s", cur->name);
				int steps = 0;
				for (struct app *x = cur->image_source; x && len < (int)sizeof path && steps < 1000000; x = x->image_source, steps++) {
					len += snprintf(path + len, sizeof path - (size_t)len, " -> %s", x->name);
					if (x == cur)
						break;
				}
				diag_report(ctx, DIAG_E073, cur->image_of.loc, "'image of' goes round in a circle (%s%s), so no app on it has an image",
					    path, len >= (int)sizeof path ? "..." : "");
				diag_note(ctx, NULL, "give one app of the circle an image of its own (image or image \"REF\"), and let the others share it");
			}
			continue;
		}
		if (!cur || !cur->image)
			continue; /* unknown name (rules), or the end of the chain has no image (reported there) */
		for (struct app *x = app; x && x != cur && !x->image; x = x->image_source) {
			x->image = cur->image;
			x->image_name = cur->image_name;
			x->image_tag = cur->image_tag;
		}
	}
}

/* A job's image: its own (bare or "REF"), or the one of the app it names with `image of`. */
static void resolve_job(struct rbdc_ctx *ctx, struct model *m, struct job *job, bool derivable, bool *reported_missing)
{
	struct image_owner own = {job->name, job->has_image, &job->image_ref, &job->image_of, job->image_loc, &job->image,
				  &job->image_name, &job->image_tag};
	resolve_owner_image(ctx, m, &own, derivable, reported_missing);
	if (job->image_of.set) {
		job->image_source = strmap_get(&m->app_names, job->image_of.text, strlen(job->image_of.text));
		if (job->image_source) {
			job->image = job->image_source->image;
			job->image_name = job->image_source->image_name;
			job->image_tag = job->image_source->image_tag;
		}
	}
	if (!job->deadline.set)
		job->deadline = m->defaults.job_deadline;
	if (!job->retries.set)
		job->retries = m->defaults.job_retries;
	/* VSO restarts Deployments and StatefulSets, not Jobs: each run reads the Secret afresh when its pod starts. */
	for (struct name_ref *ref = job->secrets; ref; ref = ref->next) {
		ref->secret = strmap_get(&m->secret_names, ref->name, strlen(ref->name));
		if (ref->secret)
			ref->secret->n_users++;
	}
	for (struct use_ref *u = job->uses; u; u = u->next) {
		u->store = strmap_get(&m->store_names, u->name, strlen(u->name));
		u->app = u->store ? NULL : strmap_get(&m->app_names, u->name, strlen(u->name));
		struct use_ref **head = u->store ? &u->store->job_users : u->app ? &u->app->job_users : NULL;
		struct use_ref **tail = u->store ? &u->store->job_users_tail : u->app ? &u->app->job_users_tail : NULL;
		if (!head)
			continue;
		if (*tail)
			(*tail)->next_user = u;
		else
			*head = u;
		*tail = u;
	}
}

/* The first of @app's secrets that declares @key, or NULL. */
static const char *secret_holding(const struct app *app, const char *key)
{
	for (const struct name_ref *ref = app->secrets; ref; ref = ref->next)
		for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next)
			if (strcmp(k->name.text, key) == 0)
				return ref->secret->name;
	return NULL;
}

/* `uses NAME`: to a store (S3 port, a MinIO user) or to another app (its port); both directions are kept, for the
   NetworkPolicy of the target and the store's Job. */
static void bind_uses(struct model *m, struct app *app)
{
	if (!app->s3_access_key.set)
		app->s3_access_key = m->defaults.s3_access_key;
	if (!app->s3_secret_key.set)
		app->s3_secret_key = m->defaults.s3_secret_key;
	for (struct use_ref *u = app->uses; u; u = u->next) {
		u->store = strmap_get(&m->store_names, u->name, strlen(u->name));
		u->app = u->store ? NULL : strmap_get(&m->app_names, u->name, strlen(u->name));
		if (u->app == app)
			u->app = NULL; /* an app always reaches itself; rules report the slip */
		struct use_ref **head = u->store ? &u->store->users : u->app ? &u->app->users : NULL;
		struct use_ref **tail = u->store ? &u->store->users_tail : u->app ? &u->app->users_tail : NULL;
		if (!head)
			continue;
		if (*tail)
			(*tail)->next_user = u;
		else
			*head = u;
		*tail = u;
		if (u->store && app->s3_access_key.set && app->s3_secret_key.set) {
			u->access_secret = secret_holding(app, app->s3_access_key.text);
			u->secret_secret = secret_holding(app, app->s3_secret_key.text);
		}
	}
}

/* The engine a store runs: MinIO (built in) unless it names another; an unknown name stays unbound (E080). */
static void bind_engine(struct model *m, struct store *s)
{
	/* A malformed `engine` (already reported) leaves the store bound to nothing, so MinIO's rules stay quiet. */
	s->minio = !s->engine.set ? !stmt_set_has(&s->attempted, ST_ENGINE) : strcmp(s->engine.text, "minio") == 0;
	if (!s->minio && s->engine.set && !s->engine.bad)
		s->engine_decl = strmap_get(&m->engine_names, s->engine.text, strlen(s->engine.text));
	if (!s->image.set)
		s->image = s->minio ? m->defaults.minio_image : s->engine_decl ? s->engine_decl->image : s->image;
}

/* True when @key is declared by one of @refs' secrets. */
static bool secret_declares(const struct name_ref *ref, const char *key)
{
	for (const struct secret_key *k = ref->secret ? ref->secret->keys : NULL; k; k = k->next)
		if (strcmp(k->name.text, key) == 0)
			return true;
	return false;
}

/* An app reading a store's secret through the engine's `client-secret` variables is restarted with the store when
   VSO syncs a change (a rotated Redis password reaches both). One entry per secret and app, in source order. */
static void bind_client_secrets(struct rbdc_ctx *ctx, struct model *m)
{
	struct strmap added;
	strmap_init(&added, &ctx->arena);
	for (struct app *app = m->apps; app; app = app->next)
		for (struct use_ref *u = app->uses; u; u = u->next) {
			const struct engine_decl *e = u->store ? u->store->engine_decl : NULL;
			for (const struct name_ref *ref = e && e->client_secret ? u->store->secrets : NULL; ref; ref = ref->next) {
				bool used = false;
				for (const struct env_var *cs = e->client_secret; cs && !used; cs = cs->next)
					used = secret_declares(ref, cs->value.text);
				bool own = false; /* the app lists the secret itself: bind_refs has its entry */
				for (const struct name_ref *mine = app->secrets; mine && !own; mine = mine->next)
					own = mine->name == ref->name;
				size_t key_len;
				const char *key = pair_key(&ctx->arena, ref->secret, app->name, &key_len);
				if (!used || own || strmap_put_new(&added, key, key_len, app))
					continue;
				struct secret_user *su = arena_alloc(&ctx->arena, sizeof *su);
				su->kind = "Deployment";
				su->name = app->name;
				if (ref->secret->users_tail)
					ref->secret->users_tail->next = su;
				else
					ref->secret->users = su;
				ref->secret->users_tail = su;
			}
		}
}

static int compare_strings(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Where @app lists @host, else where it is routed (an app on the domain names no host). */
static struct rbd_loc host_loc(const struct app *app, const char *host)
{
	for (const struct host_ref *h = app->hosts; h; h = h->next)
		if (strcmp(h->name.text, host) == 0)
			return h->name.loc;
	return app->routes->path.loc;
}

static struct site *new_site(struct rbdc_ctx *ctx, struct model *m, const struct app *app, const char **hosts, uint32_t n)
{
	struct site *site = arena_alloc(&ctx->arena, sizeof *site);
	site->hosts = hosts;
	site->n_hosts = n;
	site->first = app;
	site->is_domain = n == 1 && m->domain.set && strcmp(hosts[0], m->domain.text) == 0;
	const char *project = m->project.set ? m->project.text : "";
	site->route_name = site->is_domain ? project : arena_printf(&ctx->arena, "%s-%s", project, app->name);
	if (site->is_domain)
		site->tls_secret = arena_printf(&ctx->arena, "%s-tls", project);
	else if (hosts[0][0] == '*')
		site->tls_secret = arena_printf(&ctx->arena, "wildcard%s-tls", hosts[0] + 1); /* a Secret name has no '*' */
	else
		site->tls_secret = arena_printf(&ctx->arena, "%s-tls", hosts[0]);
	if (m->sites_tail)
		m->sites_tail->next = site;
	else
		m->sites = site;
	m->sites_tail = site;
	m->n_sites++;
	return site;
}

/* Sites: each routed app answers on its `host` list, or on the domain. The same hosts in another order are the same
   site, so a site is found by its sorted hosts; a host already on another site is E101. Malformed or repeated hosts
   are left out here and reported by the rules (E100, E102). */
static void bind_sites(struct rbdc_ctx *ctx, struct model *m)
{
	struct strmap by_key, by_host, seen;
	strmap_init(&by_key, &ctx->arena);
	strmap_init(&by_host, &ctx->arena);
	strmap_init(&seen, &ctx->arena);
	for (struct app *app = m->apps; app; app = app->next) {
		if (!app->routes)
			continue;
		uint32_t n = 0, cap = 0;
		for (const struct host_ref *h = app->hosts; h; h = h->next)
			cap++;
		const char **hosts = arena_alloc_array(&ctx->arena, cap ? cap : 1, sizeof *hosts);
		if (!app->hosts) {
			if (!m->domain.set || m->domain.bad || value_hostname_problem(m->domain.text))
				continue; /* the rules report the missing or malformed domain */
			hosts[n++] = m->domain.text;
		}
		for (const struct host_ref *h = app->hosts; h; h = h->next) {
			/* one hash lookup per host, so a long list stays linear (SECURITY.md, section 2) */
			const char *pair = arena_printf(&ctx->arena, "%p %s", (const void *)app, h->name.text);
			bool repeated = strmap_put_new(&seen, pair, strlen(pair), (void *)h) != NULL;
			if (!repeated && !value_hostname_problem(h->name.text))
				hosts[n++] = h->name.text;
		}
		if (!n)
			continue;
		const char **sorted = arena_alloc_array(&ctx->arena, n, sizeof *sorted);
		memcpy(sorted, hosts, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, compare_strings);
		size_t key_len = 0;
		for (uint32_t i = 0; i < n; i++)
			key_len += strlen(sorted[i]) + 1;
		char *key = arena_alloc(&ctx->arena, key_len + 1), *end = key;
		for (uint32_t i = 0; i < n; i++) {
			size_t len = strlen(sorted[i]);
			memcpy(end, sorted[i], len);
			end[len] = ' ';
			end += len + 1;
		}
		struct site *site = strmap_get(&by_key, key, key_len);
		if (!site) {
			const struct site *other = NULL;
			uint32_t i = 0;
			for (; i < n && !other; i++)
				other = strmap_get(&by_host, hosts[i], strlen(hosts[i]));
			if (other) {
				const char *host = hosts[i - 1];
				diag_report(ctx, DIAG_E101, host_loc(app, host), "host '%s' of app '%s' is already a host of app '%s', with other aliases",
					    host, app->name, other->first->name);
				struct rbd_loc there = host_loc(other->first, host);
				diag_note(ctx, &there, "give both apps the same host list, or keep '%s' on one of them", host);
				continue;
			}
			site = new_site(ctx, m, app, hosts, n);
			strmap_put_new(&by_key, key, key_len, site);
			for (i = 0; i < n; i++)
				strmap_put_new(&by_host, hosts[i], strlen(hosts[i]), site);
		}
		app->site = site;
		site->n_apps++;
	}
}

/* gateway { parent NAMESPACE/NAME }: split once for the rules and the lowering; the NetworkPolicies admit the
   gateway's proxies, which run in `gateway-namespace`, else (as with most implementations) beside the Gateway. */
static void resolve_gateway(struct rbdc_ctx *ctx, struct model *m)
{
	struct gateway_config *g = &m->gateway;
	if (!g->declared)
		return;
	if (g->parent.set) {
		const char *slash = strchr(g->parent.text, '/');
		g->parent_namespace = slash ? arena_strndup(&ctx->arena, g->parent.text, (size_t)(slash - g->parent.text)) : NULL;
		g->parent_name = slash ? slash + 1 : g->parent.text;
	}
	g->admit_namespace = g->gateway_namespace.set ? g->gateway_namespace.text
			     : g->parent_namespace    ? g->parent_namespace
						      : m->namespace_.text;
}

void model_resolve(struct rbdc_ctx *ctx, struct model *m)
{
	if (!m->project.set && !stmt_set_has(&m->attempted, ST_PROJECT) && !stmt_set_has(&m->misplaced, ST_PROJECT)) {
		diag_report(ctx, DIAG_E006, m->first_stmt, "the program has no 'project NAME'");
		diag_note(ctx, NULL, "the project names the labels, the default namespace and derived images");
	}
	if (ctx->opts.namespace_override) {
		m->namespace_.set = true;
		m->namespace_.text = ctx->opts.namespace_override;
		m->namespace_.len = (uint32_t)strlen(ctx->opts.namespace_override);
	} else if (!m->namespace_.set && m->project.set) {
		m->namespace_ = m->project;
	}
	bool derivable = check_derivation_parts(ctx, m), reported_missing = false;
	for (struct app *app = m->apps; app; app = app->next) {
		bind_refs(ctx, m, app->secrets, "Deployment", app->name);
		resolve_image(ctx, m, app, derivable, &reported_missing);
		for (struct route *rt = app->routes; rt; rt = rt->next) {
			size_t n = rt->path.len;
			while (!rt->exact && n > 1 && rt->path.text[n - 1] == '/')
				n--; /* Prefix /api covers /api, /api/ and below; /api/ would leave a bare /api to '/' */
			rt->prefix = arena_strndup(&ctx->arena, rt->path.text, n);
		}
	}
	resolve_shared_images(ctx, m);
	for (struct job *job = m->jobs; job; job = job->next)
		resolve_job(ctx, m, job, derivable, &reported_missing);
	for (struct app *app = m->apps; app; app = app->next)
		bind_uses(m, app);
	if (!m->ingress.ingress_namespace.set)
		m->ingress.ingress_namespace = m->defaults.ingress_namespace;
	bind_sites(ctx, m);
	resolve_gateway(ctx, m);
	for (struct store *s = m->stores; s; s = s->next) {
		bind_refs(ctx, m, s->secrets, "StatefulSet", s->name);
		bind_engine(m, s);
	}
	bind_client_secrets(ctx, m);
	if (!m->vault.refresh.set)
		m->vault.refresh = m->defaults.refresh;
}
