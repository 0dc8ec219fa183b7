/* model_vault.c: the vault block and secret declarations (secret NAME from vault "PATH" { keys ... }). */
#include "model_internal.h"

#include <string.h>

#include "diag.h"
#include "schema.h"

void read_vault_stmt(struct reader *r, const struct ast_stmt *st, struct vault_config *v)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_VAULT, &v->attempted);
	if (!spec || check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_AUTH: read_value(r, st, &v->auth, K_WORD, "the name of a VaultAuth"); return;
	case ST_MOUNT: read_value(r, st, &v->mount, K_WORD | K_STRING, "a mount path"); return;
	case ST_REFRESH: read_duration(r, st, &v->refresh); return;
	case ST_ROLE: read_value(r, st, &v->role, K_WORD | K_STRING, "a Vault role"); return;
	case ST_ADDRESS: read_value(r, st, &v->address, K_WORD | K_STRING, "a URL"); return;
	case ST_AUTH_MOUNT: read_value(r, st, &v->auth_mount, K_WORD | K_STRING, "a mount path"); return;
	case ST_CONNECTION: read_value(r, st, &v->connection, K_WORD, "default, or the name of a VaultConnection"); return;
	default: return;
	}
}

void read_secret_stmt(struct reader *r, const struct ast_stmt *st, struct secret_decl *s)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_SECRET, &s->attempted);
	if (!spec || check_shape(r, st, spec, 1, UINT32_MAX, true))
		return;
	for (const struct ast_arg *a = st->args; a; a = a->next) {
		if (want_kind(r, st, a, K_WORD, "key names"))
			continue;
		/* Issue 12: `keys A as B` reads as three keys. A list holds names only, so a joining word in a list
		   of several is refused with what to write instead. */
		if (st->args->next && (strcmp(a->text, "as") == 0 || strcmp(a->text, "to") == 0 || strcmp(a->text, "into") == 0)) {
			diag_report(r->ctx, DIAG_E004, a->loc, "'%s' in a list of keys would be read as a key named '%s'", a->text, a->text);
			diag_note(r->ctx, NULL, "'keys' lists Vault keys, each synced under its own name: write keys A, B; to use another "
				  "name, rename the key in Vault");
			continue;
		}
		struct secret_key *k = arena_alloc(&r->ctx->arena, sizeof *k);
		setting_from_arg(&k->name, a);
		k->stmt_start = st->loc.start;
		if (s->keys_tail)
			s->keys_tail->next = k;
		else
			s->keys = k;
		s->keys_tail = k;
		s->n_keys++;
	}
}

/* secret NAME from vault "PATH" { keys ... } */
void read_secret(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec)
{
	const struct ast_arg *name = st->args, *from = name->next, *vault = from ? from->next : NULL,
			     *path = vault ? vault->next : NULL;
	const struct ast_arg *bad = !is_word(from, "from")   ? (from ? from : name)
				    : !is_word(vault, "vault") ? (vault ? vault : from)
				    : !path                    ? vault
				    : path->next               ? path->next
							       : NULL;
	if (bad) {
		diag_report(r->ctx, DIAG_E004, bad->loc, "a secret is written 'secret NAME from vault \"PATH\"'");
		diag_note(r->ctx, NULL, "usage: %s; secrets come only from Vault, never from a literal", spec->usage);
		if (name->kind == ARG_WORD) {
			/* Still known by name, so its users do not also get "undeclared secret". */
			struct secret_decl *s = arena_alloc(&r->ctx->arena, sizeof *s);
			s->name = name->text;
			s->name_loc = name->loc;
			s->bad = true;
			register_name(r, &r->m->secret_names, s->name, name->loc, "secret", s, secret_loc);
		}
		return;
	}
	struct rbd_loc name_loc;
	if (!decl_name(r, st, &name_loc) || want_kind(r, st, path, K_STRING | K_WORD | K_PATH, "a Vault path"))
		return;
	struct secret_decl *s = arena_alloc(&r->ctx->arena, sizeof *s);
	s->name = name->text;
	s->loc = st->loc;
	s->name_loc = name_loc;
	setting_from_arg(&s->path, path);
	bool fresh = register_name(r, &r->m->secret_names, s->name, name_loc, "secret", s, secret_loc);
	read_block(r, st, SCOPE_SECRET, s);
	if (!fresh)
		return;
	if (r->m->secrets_tail)
		r->m->secrets_tail->next = s;
	else
		r->m->secrets = s;
	r->m->secrets_tail = s;
	r->m->n_secrets++;
}
