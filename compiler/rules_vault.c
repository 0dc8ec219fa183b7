/* rules_vault.c: rules of secrets and Vault: declarations and references, literals that look like secrets (E013), the namespace, the VaultConnection. */
#include "rules_internal.h"

#include <string.h>
#include <strings.h>

#include "diag.h"
#include "secrets.h"
#include "values.h"

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
void rule_secret_refs(struct rule_ctx *rc)
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
void rule_unused_secrets(struct rule_ctx *rc)
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
void rule_secret_decls(struct rule_ctx *rc)
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

void rule_plaintext_secrets(struct rule_ctx *rc)
{
	scan_literals(rc, rc->program, false);
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
void rule_namespace(struct rule_ctx *rc)
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

/* E050, E021, W020: which VaultConnection the emitted VaultAuth uses. Without `vaultConnectionRef`, VSO uses the
   VaultConnection `default` in the operator's namespace (the VaultAuth CRD's field doc), which the VSO Helm chart
   creates only with defaultVaultConnection.enabled (false by default): on a stock install no secret would ever
   sync. So the program says which connection it means, or is warned. */
void rule_vault_connection(struct rule_ctx *rc)
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
