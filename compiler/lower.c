/* lower.c: the walk over the model, object metadata, the Namespace and kustomization.yaml, handed one object at a time to the sink. */
#include "lower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"
#include "values.h"

static const char *lower_kind(struct arena *a, const char *kind)
{
	char *s = arena_strdup(a, kind);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* A batch sink gets the objects built so far; the trees of the batch before are free once it returns (the sink has
   delivered them), so the two scratch arenas change places and the older one is reused. */
static void flush_batch(struct lowering *l)
{
	if (l->status || !l->n_pending)
		return;
	l->status = l->batch->batch(l->batch->user, l->pending, l->n_pending);
	l->n_pending = 0;
	struct arena emitting = l->scratch;
	l->scratch = l->spare;
	l->spare = emitting;
	arena_reset(&l->scratch);
}

/* One finished object to the sink: at once, or into the batch being built. */
static void hand_over(struct lowering *l, const struct k8s_object *obj)
{
	if (!l->batch) {
		l->status = l->sink->object(l->sink->user, obj);
		arena_reset(&l->scratch);
		return;
	}
	if (!l->pending)
		l->pending = xmalloc(l->batch->batch_objects * sizeof *l->pending);
	l->pending[l->n_pending++] = *obj;
	if (l->n_pending == l->batch->batch_objects)
		flush_batch(l);
}

/* Hands the finished object to the sink, remembers its file, and frees its tree. */
void lower_finish(struct lowering *l, struct ynode *doc, const char *kind, const char *name)
{
	if (l->status)
		return;
	const char *file = arena_printf(&l->ctx->arena, "%s-%s.yaml", name, lower_kind(A(l), kind));
	if (l->n_files == l->cap_files) {
		size_t cap = l->cap_files ? l->cap_files * 2 : 32;
		const char **grown = arena_alloc_array(&l->ctx->arena, cap, sizeof *grown);
		if (l->n_files)
			memcpy(grown, l->files, l->n_files * sizeof *grown);
		l->files = grown;
		l->cap_files = cap;
	}
	l->files[l->n_files++] = file;
	struct k8s_object obj = {file, kind, name, doc};
	hand_over(l, &obj);
}

void put_labels(struct lowering *l, struct ynode *map, const char *component)
{
	y_put_str(A(l), map, "app.kubernetes.io/name", component);
	y_put_str(A(l), map, "app.kubernetes.io/part-of", l->m->project.text);
	y_put_str(A(l), map, "app.kubernetes.io/managed-by", "rbdc");
}

void put_selector_labels(struct lowering *l, struct ynode *map, const char *component)
{
	y_put_str(A(l), map, "app.kubernetes.io/name", component);
	y_put_str(A(l), map, "app.kubernetes.io/part-of", l->m->project.text);
}

/* apiVersion, kind and metadata (name, namespace, labels); returns the document. */
struct ynode *lower_object(struct lowering *l, const char *api_version, const char *kind, const char *name,
			    const char *component, struct ynode **metadata)
{
	struct ynode *doc = y_map(A(l));
	y_put_str(A(l), doc, "apiVersion", api_version);
	y_put_str(A(l), doc, "kind", kind);
	struct ynode *meta = y_put_map(A(l), doc, "metadata");
	y_put_str(A(l), meta, "name", name);
	if (strcmp(kind, "Namespace") != 0)
		y_put_str(A(l), meta, "namespace", l->m->namespace_.text);
	put_labels(l, y_put_map(A(l), meta, "labels"), component);
	if (metadata)
		*metadata = meta;
	return doc;
}

static void lower_namespace(struct lowering *l)
{
	struct ynode *meta;
	const char *ns = l->m->namespace_.text;
	if (strcmp(ns, "default") == 0)
		return; /* every cluster has it and other workloads share it: rbdc does not relabel it (W003) */
	if (l->m->namespace_external.set)
		return; /* `namespace NAME external`: its owner labels it for Pod Security (README) */
	struct ynode *doc = lower_object(l, "v1", "Namespace", ns, l->m->project.text, &meta);
	struct ynode *labels = y_get(meta, "labels");
	/* The namespace itself refuses any pod that breaks the restricted profile (spec FR-013). */
	y_put_str(A(l), labels, "pod-security.kubernetes.io/enforce", "restricted");
	y_put_str(A(l), labels, "pod-security.kubernetes.io/warn", "restricted");
	lower_finish(l, doc, "Namespace", ns);
}

/* One kustomize `images:` entry per image name, unless workloads use that name with different tags or digests. */
struct image_entry {
	const char *tag, *digest;
	bool conflict, emitted;
};

static void note_image(struct lowering *l, struct strmap *entries, const char *image, const char *name, const char *tag)
{
	if (!tag)
		return;
	struct image_entry *e = strmap_get(entries, name, strlen(name));
	const char *at = strchr(image, '@'); /* '@' only ever starts the digest */
	const char *digest = at ? at + 1 : "";
	if (!e) {
		e = arena_alloc(A(l), sizeof *e);
		e->tag = tag;
		e->digest = digest;
		strmap_put_new(entries, name, strlen(name), e);
	} else if (strcmp(e->tag, tag) != 0 || strcmp(e->digest, digest) != 0) {
		e->conflict = true;
	}
}

static void put_image_entry(struct lowering *l, struct ynode *doc, struct ynode **images, struct strmap *entries, const char *name,
			    const char *tag)
{
	struct image_entry *e = tag ? strmap_get(entries, name, strlen(name)) : NULL;
	if (!e || e->conflict || e->emitted)
		return;
	e->emitted = true;
	if (!*images)
		*images = y_put_seq(A(l), doc, "images");
	struct ynode *img = y_push_map(A(l), *images);
	y_put_str(A(l), img, "name", name);
	y_put_str(A(l), img, "newTag", tag);
	if (*e->digest)
		y_put_str(A(l), img, "digest", e->digest);
}

/* kustomization.yaml: `kubectl apply -k` applies every file, and an overlay's `images:` sets the real tags (README). */
static void lower_kustomization(struct lowering *l)
{
	struct ynode *doc = y_map(A(l));
	y_put_str(A(l), doc, "apiVersion", "kustomize.config.k8s.io/v1beta1");
	y_put_str(A(l), doc, "kind", "Kustomization");
	struct ynode *resources = y_put_seq(A(l), doc, "resources");
	for (size_t i = 0; i < l->n_files; i++)
		y_push_str(A(l), resources, l->files[i]);
	/* One entry per image name; when apps use one name with different tags, an entry would retag them all,
	   so that name gets none and keeps the tags as written. kustomize's image filter (api/filters/imagetag/
	   updater.go) drops an image's digest when the entry sets newTag alone, so a pinned image's entry carries
	   its `digest` too and renders as NAME:TAG@DIGEST; an image pinned by digest alone has no tag to set and
	   gets no entry. */
	struct strmap entries;
	strmap_init(&entries, A(l));
	/* A job's own image gets an entry like an app's; one shared with `image of` is the app's entry already. */
	for (const struct app *a = l->m->apps; a; a = a->next)
		note_image(l, &entries, a->image, a->image_name, a->image_tag);
	for (const struct job *j = l->m->jobs; j; j = j->next)
		note_image(l, &entries, j->image, j->image_name, j->image_tag);
	/* A store's server image is pinned by the stdlib or the store: an entry for an app image of the same name would
	   retag the server too, so that name gets none. */
	for (const struct store *s = l->m->stores; s; s = s->next) {
		struct image_ref parts;
		if (!s->image.set || value_parse_image(s->image.text, &parts))
			continue;
		struct image_entry *e = strmap_get(&entries, s->image.text, parts.name_len);
		if (e)
			e->conflict = true;
	}
	struct ynode *images = NULL;
	for (const struct app *a = l->m->apps; a; a = a->next)
		put_image_entry(l, doc, &images, &entries, a->image_name, a->image_tag);
	for (const struct job *j = l->m->jobs; j; j = j->next)
		put_image_entry(l, doc, &images, &entries, j->image_name, j->image_tag);
	if (l->status)
		return;
	struct k8s_object obj = {"kustomization.yaml", "Kustomization", "kustomization", doc};
	hand_over(l, &obj);
}

static int lower_all(struct rbdc_ctx *ctx, const struct model *m, bool with_kustomization, const struct lower_sink *sink,
		     const struct lower_batch_sink *batch)
{
	struct lowering l = {.ctx = ctx, .m = m, .sink = sink, .batch = batch};
	arena_init(&l.scratch);
	arena_init(&l.spare);
	lower_namespace(&l);
	lower_vault(&l);
	for (const struct secret_decl *s = m->secrets; s; s = s->next)
		lower_secret(&l, s);
	for (const struct app *a = m->apps; a; a = a->next) {
		lower_app(&l, a);
		lower_availability(&l, a);
	}
	for (const struct store *s = m->stores; s; s = s->next)
		lower_store(&l, s);
	for (const struct job *j = m->jobs; j; j = j->next)
		lower_job(&l, j);
	lower_ingress(&l);
	lower_policies(&l);
	if (with_kustomization)
		lower_kustomization(&l);
	if (batch) {
		flush_batch(&l);
		int end = batch->batch(batch->user, NULL, 0); /* waits for the last batch, even after a failure */
		if (!l.status)
			l.status = end;
		free(l.pending);
	}
	arena_fini(&l.spare);
	arena_fini(&l.scratch);
	return l.status;
}

int lower_program(struct rbdc_ctx *ctx, const struct model *m, bool with_kustomization, const struct lower_sink *sink)
{
	return lower_all(ctx, m, with_kustomization, sink, NULL);
}

int lower_program_batched(struct rbdc_ctx *ctx, const struct model *m, bool with_kustomization,
			  const struct lower_batch_sink *sink)
{
	return lower_all(ctx, m, with_kustomization, NULL, sink);
}
