/* graph.c: the resolved model as a Graphviz DOT picture: who receives traffic, what reads which secret from where. */
#include "graph.h"

#include <stdio.h>
#include <string.h>

/* A DOT double-quoted string: '"' and '\' escaped (so no label can end the string or start a DOT escape such as
   \N or \G), control bytes and non-ASCII replaced, so the graph is one valid file whatever the names hold. */
static void quoted(struct textbuf *out, const char *kind, const char *s)
{
	textbuf_puts(out, "\"");
	if (kind) {
		textbuf_puts(out, kind);
		textbuf_puts(out, ":");
	}
	for (const char *p = s ? s : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			textbuf_append(out, esc, 2);
		} else {
			char plain = c < 0x20 || c >= 0x7f ? '?' : (char)c;
			textbuf_append(out, &plain, 1);
		}
	}
	textbuf_puts(out, "\"");
}

/* A node: its id is KIND:NAME, so an app and a store of one name stay two nodes. @second is a detail line. */
static void node(struct textbuf *out, const char *kind, const char *name, const char *label, const char *second,
		 const char *attrs)
{
	textbuf_puts(out, "  ");
	quoted(out, kind, name);
	textbuf_puts(out, " [label=");
	struct textbuf text = {0};
	textbuf_puts(&text, label);
	if (second && *second) {
		textbuf_puts(&text, "\n");
		textbuf_puts(&text, second);
	}
	/* The detail goes on its own line: DOT's \n escape, written after the text is escaped. */
	textbuf_puts(out, "\"");
	for (const char *p = text.data; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n')
			textbuf_puts(out, "\\n");
		else if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			textbuf_append(out, esc, 2);
		} else {
			char plain = c < 0x20 || c >= 0x7f ? '?' : (char)c;
			textbuf_append(out, &plain, 1);
		}
	}
	textbuf_free(&text);
	textbuf_puts(out, "\", ");
	textbuf_puts(out, attrs);
	textbuf_puts(out, "];\n");
}

/* An edge; @attrs (constant DOT, never user text) styles it, e.g. dashed for what is not traffic. */
static void edge_styled(struct textbuf *out, const char *from_kind, const char *from, const char *to_kind, const char *to,
			const char *label, const char *attrs)
{
	textbuf_puts(out, "  ");
	quoted(out, from_kind, from);
	textbuf_puts(out, " -> ");
	quoted(out, to_kind, to);
	if (label) {
		textbuf_puts(out, " [label=");
		quoted(out, NULL, label);
		if (attrs) {
			textbuf_puts(out, ", ");
			textbuf_puts(out, attrs);
		}
		textbuf_puts(out, "]");
	}
	textbuf_puts(out, ";\n");
}

static void edge(struct textbuf *out, const char *from_kind, const char *from, const char *to_kind, const char *to,
		 const char *label)
{
	edge_styled(out, from_kind, from, to_kind, to, label, NULL);
}

/* The Vault path a secret is read from: MOUNT/PATH, as VSO reads it. */
static void vault_path(char *buf, size_t size, const struct model *m, const struct secret_decl *s)
{
	snprintf(buf, size, "%s/%s", m->vault.mount.set ? m->vault.mount.text : "?", s->path.set ? s->path.text : "?");
}

/* The id of a route's node: its path, `=` before an exact one, and the site's first host before both unless the
   site is the domain's, so `/` on two sites stays two nodes and the domain's routes keep their plain ids. */
static void route_id(char *buf, size_t size, const struct route *r, const struct site *site)
{
	const char *path = r->prefix ? r->prefix : r->path.text;
	const char *where = site && !site->is_domain && site->n_hosts ? site->hosts[0] : "";
	snprintf(buf, size, "%s%s%s", where, r->exact ? "=" : "", path ? path : "?");
}

/* Where traffic enters: the Ingress class (with its certificate issuer) or the Gateway (with its HTTPS listener). The
   node's id is "target:ingress" or "target:gateway": a program has one target (E103). */
static const char *target_node(struct textbuf *out, const struct model *m)
{
	char label[300], detail[300];
	if (m->gateway.declared) {
		snprintf(label, sizeof label, "gateway %s", m->gateway.parent.set ? m->gateway.parent.text : "?");
		snprintf(detail, sizeof detail, "listener %s", m->gateway.listener.set ? m->gateway.listener.text : "https");
		node(out, "target", "gateway", label, detail, "shape=invhouse, style=filled, fillcolor=\"#d2e3fc\"");
		return "gateway";
	}
	if (m->ingress.declared) {
		snprintf(label, sizeof label, "ingress %s", m->ingress.class_name.set ? m->ingress.class_name.text : "nginx");
		snprintf(detail, sizeof detail, "issuer %s", m->ingress.tls.set ? m->ingress.tls.text : "?");
		node(out, "target", "ingress", label, detail, "shape=invhouse, style=filled, fillcolor=\"#d2e3fc\"");
		return "ingress";
	}
	return NULL;
}

/* What a store runs: MinIO, or the engine it names (redis, postgres, a program's own). */
static const char *engine_name(const struct store *s)
{
	if (s->minio || !s->engine.set)
		return "MinIO";
	return s->engine.text;
}

static void uses_edges(struct textbuf *out, const char *kind, const char *name, const struct use_ref *uses)
{
	for (const struct use_ref *u = uses; u; u = u->next) {
		if (u->store)
			edge(out, kind, name, "store", u->store->name, u->store->minio || !u->store->engine.set ? "S3" : u->store->engine.text);
		else if (u->app)
			edge(out, kind, name, "app", u->app->name, "HTTP");
	}
}

/* What an app or a job reaches: the stores and apps it uses, the secrets it reads, the app whose image it shares. */
static void workload_edges(struct textbuf *out, const char *kind, const char *name, const struct use_ref *uses,
			   const struct name_ref *secrets, const struct app *image_source)
{
	uses_edges(out, kind, name, uses);
	for (const struct name_ref *s = secrets; s; s = s->next)
		edge(out, kind, name, "secret", s->name, "env");
	if (image_source)
		edge_styled(out, kind, name, "app", image_source->name, "image of", "style=dashed");
}

void graph_dot(struct textbuf *out, const struct model *m)
{
	char line[512];
	textbuf_puts(out, "digraph rbdc {\n  graph [rankdir=LR, fontname=\"Helvetica\", label=");
	snprintf(line, sizeof line, "project %s, namespace %s", m->project.set ? m->project.text : "?",
		 m->namespace_.set ? m->namespace_.text : (m->project.set ? m->project.text : "?"));
	quoted(out, NULL, line);
	textbuf_puts(out, "];\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");

	/* Traffic: the target, every host of every site (a site's hosts share its certificate), each route, the app. */
	bool routed = false;
	for (const struct app *a = m->apps; a; a = a->next)
		routed |= a->routes != NULL;
	const char *target = routed ? target_node(out, m) : NULL;
	const char *domain = m->domain.set ? m->domain.text : "(no domain)";
	bool domain_drawn = false;
	for (const struct site *site = m->sites; site; site = site->next)
		for (uint32_t i = 0; i < site->n_hosts; i++) {
			/* Ingress: the Secret of the site's certificate; gateway: the HTTPRoute (TLS is the Gateway's). */
			snprintf(line, sizeof line, m->gateway.declared ? "HTTPRoute %s" : "TLS %s",
				 m->gateway.declared ? site->route_name : site->tls_secret);
			node(out, "host", site->hosts[i], site->hosts[i], line, "shape=house, style=filled, fillcolor=\"#e8f0fe\"");
			if (target)
				edge(out, "target", target, "host", site->hosts[i], NULL);
			domain_drawn |= strcmp(site->hosts[i], domain) == 0;
		}
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next) {
			/* One node per route target: two apps never share a path on one site (E018), an exact and a prefix may. */
			char id[512];
			route_id(id, sizeof id, r, a->site);
			const char *path = r->prefix ? r->prefix : r->path.text;
			node(out, "route", id, path, r->exact ? "exact" : "prefix", "shape=cds");
			if (a->site) {
				for (uint32_t i = 0; i < a->site->n_hosts; i++)
					edge(out, "host", a->site->hosts[i], "route", id, NULL);
			} else {
				/* No site bound (a model built without model_resolve): the domain, as before sites existed. */
				if (!domain_drawn)
					node(out, "host", domain, domain, m->ingress.tls.set ? "TLS" : NULL,
					     "shape=house, style=filled, fillcolor=\"#e8f0fe\"");
				domain_drawn = true;
				edge(out, "host", domain, "route", id, NULL);
			}
			edge(out, "route", id, "app", a->name, NULL);
		}

	/* Apps, what they use and the secrets they read; `image of` as a dashed arrow to the app whose image runs. */
	for (const struct app *a = m->apps; a; a = a->next) {
		if (a->port.set)
			snprintf(line, sizeof line, "port %s", a->port.text);
		else
			snprintf(line, sizeof line, "worker, no port");
		char label[300];
		snprintf(label, sizeof label, "app %s", a->name);
		node(out, "app", a->name, label, line, "shape=box, style=\"rounded,filled\", fillcolor=\"#e6f4ea\"");
		workload_edges(out, "app", a->name, a->uses, a->secrets, a->image_source);
	}
	/* Jobs: when they run (the schedule and its time zone, or once per pod template), what they use and read. */
	for (const struct job *j = m->jobs; j; j = j->next) {
		char label[300];
		snprintf(label, sizeof label, "job %s", j->name);
		if (j->schedule.set)
			snprintf(line, sizeof line, "cron %s%s%s", j->schedule.text, j->timezone.set ? " " : "",
				 j->timezone.set ? j->timezone.text : "");
		else
			snprintf(line, sizeof line, "run once");
		node(out, "job", j->name, label, line, "shape=box, style=\"rounded,filled,dashed\", fillcolor=\"#f3e8fd\"");
		workload_edges(out, "job", j->name, j->uses, j->secrets, j->image_source);
	}
	for (const struct store *s = m->stores; s; s = s->next) {
		char label[300];
		snprintf(label, sizeof label, "store %s", s->name);
		snprintf(line, sizeof line, "%s %s", engine_name(s), s->size.set ? s->size.text : "");
		node(out, "store", s->name, label, line, "shape=cylinder, style=filled, fillcolor=\"#fef7e0\"");
		for (const struct name_ref *r = s->secrets; r; r = r->next)
			edge(out, "store", s->name, "secret", r->name, s->minio || !s->engine.set ? "root" : "password");
	}
	/* Secrets and the Vault path each is synced from (by VSO). */
	for (const struct secret_decl *s = m->secrets; s; s = s->next) {
		struct textbuf keys = {0};
		for (const struct secret_key *k = s->keys; k; k = k->next) {
			if (keys.len)
				textbuf_puts(&keys, ", ");
			textbuf_puts(&keys, k->name.text ? k->name.text : "?");
		}
		char label[300];
		snprintf(label, sizeof label, "secret %s", s->name);
		node(out, "secret", s->name, label, keys.data ? keys.data : "", "shape=note, style=filled, fillcolor=\"#fce8e6\"");
		textbuf_free(&keys);
		vault_path(line, sizeof line, m, s);
		node(out, "vault", line, "vault", line, "shape=component");
		edge(out, "secret", s->name, "vault", line, "VSO");
	}
	textbuf_puts(out, "}\n");
}
