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

static void edge(struct textbuf *out, const char *from_kind, const char *from, const char *to_kind, const char *to,
		 const char *label)
{
	textbuf_puts(out, "  ");
	quoted(out, from_kind, from);
	textbuf_puts(out, " -> ");
	quoted(out, to_kind, to);
	if (label) {
		textbuf_puts(out, " [label=");
		quoted(out, NULL, label);
		textbuf_puts(out, "]");
	}
	textbuf_puts(out, ";\n");
}

/* The Vault path a secret is read from: MOUNT/PATH, as VSO reads it. */
static void vault_path(char *buf, size_t size, const struct model *m, const struct secret_decl *s)
{
	snprintf(buf, size, "%s/%s", m->vault.mount.set ? m->vault.mount.text : "?", s->path.set ? s->path.text : "?");
}

void graph_dot(struct textbuf *out, const struct model *m)
{
	char line[512];
	textbuf_puts(out, "digraph rbdc {\n  graph [rankdir=LR, fontname=\"Helvetica\", label=");
	snprintf(line, sizeof line, "project %s, namespace %s", m->project.set ? m->project.text : "?",
		 m->namespace_.set ? m->namespace_.text : (m->project.set ? m->project.text : "?"));
	quoted(out, NULL, line);
	textbuf_puts(out, "];\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");

	/* Traffic: the domain's host, each route, the app behind it. */
	bool routed = false;
	for (const struct app *a = m->apps; a; a = a->next)
		routed |= a->routes != NULL;
	const char *host = m->domain.set ? m->domain.text : "(no domain)";
	if (routed)
		node(out, "host", host, host, m->ingress.tls.set ? "TLS" : NULL, "shape=house, style=filled, fillcolor=\"#e8f0fe\"");
	for (const struct app *a = m->apps; a; a = a->next)
		for (const struct route *r = a->routes; r; r = r->next) {
			const char *path = r->prefix ? r->prefix : r->path.text;
			/* One node per route target: two apps never share a path (E018), an exact and a prefix may. */
			char id[512];
			snprintf(id, sizeof id, "%s%s", r->exact ? "=" : "", path);
			node(out, "route", id, path, r->exact ? "exact" : "prefix", "shape=cds");
			edge(out, "host", host, "route", id, NULL);
			edge(out, "route", id, "app", a->name, NULL);
		}

	/* Apps, what they use and the secrets they read. */
	for (const struct app *a = m->apps; a; a = a->next) {
		snprintf(line, sizeof line, "port %s", a->port.set ? a->port.text : "?");
		char label[300];
		snprintf(label, sizeof label, "app %s", a->name);
		node(out, "app", a->name, label, line, "shape=box, style=\"rounded,filled\", fillcolor=\"#e6f4ea\"");
		for (const struct use_ref *u = a->uses; u; u = u->next) {
			if (u->store)
				edge(out, "app", a->name, "store", u->store->name, "S3");
			else if (u->app)
				edge(out, "app", a->name, "app", u->app->name, "HTTP");
		}
		for (const struct name_ref *s = a->secrets; s; s = s->next)
			edge(out, "app", a->name, "secret", s->name, "env");
	}
	for (const struct store *s = m->stores; s; s = s->next) {
		char label[300];
		snprintf(label, sizeof label, "store %s", s->name);
		snprintf(line, sizeof line, "MinIO %s", s->size.set ? s->size.text : "");
		node(out, "store", s->name, label, line, "shape=cylinder, style=filled, fillcolor=\"#fef7e0\"");
		for (const struct name_ref *r = s->secrets; r; r = r->next)
			edge(out, "store", s->name, "secret", r->name, "root");
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
	/* Jobs join the picture here once the language has them. */
	textbuf_puts(out, "}\n");
}
