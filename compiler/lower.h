/* lower.h: resolved model → Kubernetes objects, handed one at a time to a sink (files, a stream, a diff). */
#ifndef RBDC_LOWER_H
#define RBDC_LOWER_H

#include "model.h"
#include "ytree.h"

struct k8s_object {
	const char *file; /* name in the output directory, e.g. "api-deployment.yaml" */
	const char *kind, *name;
	const struct ynode *doc;
};

struct lower_sink {
	/* Called once per object; the object and its tree live only until the call returns. Non-zero stops lowering. */
	int (*object)(void *user, const struct k8s_object *obj);
	void *user;
};

/** lower_program - emit every object of @m, then kustomization.yaml (when @with_kustomization), to @sink */
int lower_program(struct rbdc_ctx *ctx, const struct model *m, bool with_kustomization, const struct lower_sink *sink);

/* A sink that takes the objects in batches of @batch_objects (the last one shorter), so it can emit them in parallel
   while the next batch is lowered. @objs is valid during the call, the trees until the next call returns; a last
   call with @n == 0 ends the program. Non-zero stops lowering. */
struct lower_batch_sink {
	int (*batch)(void *user, const struct k8s_object *objs, size_t n);
	void *user;
	size_t batch_objects;
};

/** lower_program_batched - lower_program handing the objects to @sink in batches */
int lower_program_batched(struct rbdc_ctx *ctx, const struct model *m, bool with_kustomization,
			  const struct lower_batch_sink *sink);

/** lower_spa_config - the nginx server block `spa` installs, for the app's port and the stdlib's spa-root */
const char *lower_spa_config(struct arena *a, int64_t port, const char *root);

#endif
