/* resolve.c: binds secret references, derives image strings, Ingress prefixes and the namespace. */
#include <string.h>

#include "diag.h"
#include "model.h"
#include "values.h"

static struct rbd_loc program_start(const struct rbdc_ctx *ctx)
{
	struct rbd_loc at = {ctx->n_sources - 1, 0, 0};
	return at;
}

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

static void resolve_image(struct rbdc_ctx *ctx, struct model *m, struct app *app)
{
	const char *ref;
	struct rbd_loc loc = app->image_ref.set ? app->image_ref.loc : app->image_loc;
	if (!app->has_image)
		return; /* rules report the missing image */
	if (app->image_ref.set) {
		ref = app->image_ref.text;
	} else {
		if (!m->registry.set || !m->project.set || !m->tag.set) {
			const char *missing = !m->registry.set ? "registry" : !m->project.set ? "project" : "tag";
			diag_report(ctx, DIAG_E022, loc, "a bare 'image' is REGISTRY/PROJECT-APP:TAG, but the program has no '%s'", missing);
			diag_note(ctx, NULL, "declare '%s' at the top level or give the reference: image \"REGISTRY/NAME:TAG\"", missing);
			return;
		}
		ref = arena_printf(&ctx->arena, "%s/%s-%s:%s", m->registry.text, m->project.text, app->name, m->tag.text);
	}
	struct image_ref parts;
	const char *problem = value_parse_image(ref, &parts);
	if (problem) {
		diag_report(ctx, DIAG_E022, loc, "image '%s' is not a valid reference: %s", ref, problem);
		return;
	}
	app->image = ref;
	app->image_name = arena_strndup(&ctx->arena, ref, parts.name_len);
	app->image_tag = parts.tag ? arena_strndup(&ctx->arena, parts.tag, parts.tag_len) : NULL;
}

void model_resolve(struct rbdc_ctx *ctx, struct model *m)
{
	if (!m->project.set) {
		diag_report(ctx, DIAG_E006, program_start(ctx), "the program has no 'project NAME'");
		diag_note(ctx, NULL, "the project names the labels, the default namespace and derived images");
	}
	if (ctx->opts.namespace_override) {
		m->namespace_.set = true;
		m->namespace_.text = ctx->opts.namespace_override;
		m->namespace_.len = (uint32_t)strlen(ctx->opts.namespace_override);
	} else if (!m->namespace_.set && m->project.set) {
		m->namespace_ = m->project;
	}
	for (struct app *app = m->apps; app; app = app->next) {
		bind_refs(ctx, m, app->secrets, "Deployment", app->name);
		resolve_image(ctx, m, app);
		for (struct route *rt = app->routes; rt; rt = rt->next) {
			size_t n = rt->path.len;
			while (n > 1 && rt->path.text[n - 1] == '/')
				n--; /* Prefix /api covers /api, /api/ and below; /api/ would leave a bare /api to '/' */
			rt->prefix = arena_strndup(&ctx->arena, rt->path.text, n);
		}
	}
	for (struct store *s = m->stores; s; s = s->next) {
		bind_refs(ctx, m, s->secrets, "StatefulSet", s->name);
		if (!s->image.set)
			s->image = m->defaults.minio_image;
	}
	if (!m->vault.refresh.set)
		m->vault.refresh = m->defaults.refresh;
}
