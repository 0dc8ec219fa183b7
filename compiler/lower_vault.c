/* lower_vault.c: the Vault side: VaultConnection, VaultAuth and its ServiceAccount, one VaultStaticSecret per secret. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"

/* The ServiceAccount VSO logs in with is named after the VaultAuth that uses it. */
static const char *vault_service_account(struct lowering *l)
{
	return l->m->vault.auth.text;
}

void lower_vault(struct lowering *l)
{
	const struct vault_config *v = &l->m->vault;
	if (!v->declared || !v->role.set)
		return;
	const char *sa = vault_service_account(l);
	struct ynode *doc = lower_object(l, "v1", "ServiceAccount", sa, "vault", NULL);
	y_put_bool(A(l), doc, "automountServiceAccountToken", false);
	lower_finish(l, doc, "ServiceAccount", sa);

	if (v->address.set) {
		doc = lower_object(l, "secrets.hashicorp.com/v1beta1", "VaultConnection", v->auth.text, "vault", NULL);
		struct ynode *spec = y_put_map(A(l), doc, "spec");
		y_put_str(A(l), spec, "address", v->address.text);
		y_put_bool(A(l), spec, "skipTLSVerify", false);
		lower_finish(l, doc, "VaultConnection", v->auth.text);
	}

	doc = lower_object(l, "secrets.hashicorp.com/v1beta1", "VaultAuth", v->auth.text, "vault", NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	if (v->address.set)
		y_put_str(A(l), spec, "vaultConnectionRef", v->auth.text);
	else if (v->connection.set && strcmp(v->connection.text, "default") != 0)
		y_put_str(A(l), spec, "vaultConnectionRef", v->connection.text);
	/* `connection default` and no connection both leave the field out: VSO then uses the operator's `default`
	   (rules_vault.c warns about the second, W020). */
	y_put_str(A(l), spec, "method", "kubernetes");
	y_put_str(A(l), spec, "mount", v->auth_mount.set ? v->auth_mount.text : "kubernetes");
	struct ynode *k8s = y_put_map(A(l), spec, "kubernetes");
	y_put_str(A(l), k8s, "role", v->role.text);
	y_put_str(A(l), k8s, "serviceAccount", sa);
	y_push_str(A(l), y_put_seq(A(l), k8s, "audiences"), "vault");
	lower_finish(l, doc, "VaultAuth", v->auth.text);
}

/* Escapes a key for an anchored regular expression (VSO's includes filter). */
static const char *anchored(struct arena *a, const char *key)
{
	return arena_printf(a, "^%s$", key);
}

void lower_secret(struct lowering *l, const struct secret_decl *s)
{
	const struct model *m = l->m;
	struct ynode *doc = lower_object(l, "secrets.hashicorp.com/v1beta1", "VaultStaticSecret", s->name, s->name, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "vaultAuthRef", m->vault.auth.text);
	y_put_str(A(l), spec, "mount", m->vault.mount.text);
	y_put_str(A(l), spec, "type", "kv-v2");
	y_put_str(A(l), spec, "path", s->path.text);
	if (m->vault.refresh.set)
		y_put_str(A(l), spec, "refreshAfter", m->vault.refresh.text);
	y_put_bool(A(l), spec, "hmacSecretData", true);
	struct ynode *dest = y_put_map(A(l), spec, "destination");
	y_put_str(A(l), dest, "name", s->name);
	y_put_bool(A(l), dest, "create", true);
	/* Only the declared keys reach the Secret, so envFrom exposes nothing the program did not name. */
	struct ynode *tr = y_put_map(A(l), dest, "transformation");
	y_put_bool(A(l), tr, "excludeRaw", true);
	struct ynode *includes = y_put_seq(A(l), tr, "includes");
	for (const struct secret_key *k = s->keys; k; k = k->next)
		y_push_str(A(l), includes, anchored(A(l), k->name.text));
	if (s->users) {
		struct ynode *targets = y_put_seq(A(l), spec, "rolloutRestartTargets");
		for (const struct secret_user *u = s->users; u; u = u->next) {
			struct ynode *t = y_push_map(A(l), targets);
			y_put_str(A(l), t, "kind", u->kind);
			y_put_str(A(l), t, "name", u->name);
		}
	}
	lower_finish(l, doc, "VaultStaticSecret", s->name);
}
