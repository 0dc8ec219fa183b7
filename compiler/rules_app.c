/* rules_app.c: rules of apps (what an app needs, values, probes, scratch, pod count, env sources) and the user and resources of every pod. */
#include "rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "values.h"

/* E010: an app without `port` is a worker; the statements that send requests to its port need one. One error per
   app, at the first such statement: adding the port fixes them all. */
struct port_need {
	const char *what, *why;
	const struct rbd_loc *loc;
};

static void check_port_needed(struct rule_ctx *rc, const struct app *a)
{
	struct port_need needs[5];
	size_t n = 0;
	if (a->routes)
		needs[n++] = (struct port_need){a->routes->exact ? "route-exact" : "route", "the Ingress sends requests to the app's port",
						&a->routes->path.loc};
	if (a->body_limit.set)
		needs[n++] = (struct port_need){"body-limit", "it limits requests the Ingress sends to the app's port", &a->body_limit.loc};
	if (a->spa.set)
		needs[n++] = (struct port_need){"spa", "nginx listens on the app's port", &a->spa.loc};
	if (a->health_form == HEALTH_HTTP)
		needs[n++] = (struct port_need){"health PATH", "the kubelet sends its HTTP probes to the app's port", &a->health.loc};
	if (a->health_form == HEALTH_TCP)
		needs[n++] = (struct port_need){"health tcp", "the kubelet connects to the app's port", &a->health.loc};
	if (!n)
		return; /* a worker */
	size_t first = 0;
	for (size_t i = 1; i < n; i++)
		if (loc_before(needs[i].loc, needs[first].loc))
			first = i;
	diag_report(rc->ctx, DIAG_E010, *needs[first].loc, "app '%s' has '%s' but no 'port': %s", a->name, needs[first].what, needs[first].why);
	diag_note(rc->ctx, NULL, "add the port the container listens on, e.g. 'port 8000'; an app without one is a worker%s",
		  a->health_form == HEALTH_HTTP || a->health_form == HEALTH_TCP ? ", probed with 'health exec \"COMMAND\"'" : "");
}

/* E006, E010, E011: what every app needs. */
void rule_app_required(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		if (!a->has_image && !tried(rc->m, a->attempted, ST_IMAGE)) {
			diag_report(rc->ctx, DIAG_E006, a->name_loc, "app '%s' has no 'image'", a->name);
			diag_note(rc->ctx, NULL, "write a bare 'image' for REGISTRY/PROJECT-%s:TAG, or image \"REF\"", a->name);
		}
		if (!a->port.set && !tried(rc->m, a->attempted, ST_PORT))
			check_port_needed(rc, a);
		if (!a->health.set && !tried(rc->m, a->attempted, ST_HEALTH)) {
			diag_report(rc->ctx, DIAG_E011, a->name_loc, "app '%s' has no 'health' check for its probes", a->name);
			if (a->port.set || a->routes || a->spa.set || a->body_limit.set)
				diag_note(rc->ctx, NULL, "add one: 'health /healthz' (an HTTP GET that answers 200 while the app serves), 'health tcp' "
							 "(a connect to its port), 'health exec \"COMMAND\"' or 'health none' (no probes)");
			else
				diag_note(rc->ctx, NULL, "add one: 'health exec \"COMMAND\"' (a command that exits 0 while the worker is healthy) or "
							 "'health none' (no probes); 'health /PATH' and 'health tcp' need a 'port'");
		}
	}
}

/* E021: values that cannot become valid environment entries or commands. */
void rule_values(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		for (const struct env_var *e = a->env; e; e = e->next)
			check_env_entry(rc, e);
		if (a->migrate.set) {
			bool blank = true;
			for (uint32_t i = 0; i < a->migrate.len; i++)
				blank &= a->migrate.text[i] == ' ' || a->migrate.text[i] == '\t';
			if (blank)
				diag_report(rc->ctx, DIAG_E021, a->migrate.loc, "the migrate command of app '%s' is empty", a->name);
			else if (value_has_control(a->migrate.text, a->migrate.len))
				diag_report(rc->ctx, DIAG_E021, a->migrate.loc, "the migrate command holds a control character");
		}
		if (a->health_form == HEALTH_EXEC) {
			bool blank = true;
			for (uint32_t i = 0; i < a->health.len; i++)
				blank &= a->health.text[i] == ' ' || a->health.text[i] == '\t';
			const char *problem = blank ? "is empty" : value_has_control(a->health.text, a->health.len) ? "holds a control character" : NULL;
			if (problem) {
				diag_report(rc->ctx, DIAG_E061, a->health.loc, "the health command of app '%s' %s", a->name, problem);
				diag_note(rc->ctx, NULL, "write the command that exits 0 while the app is healthy, like health exec \"celery -A shop inspect ping\"");
			}
		}
	}
}

/* E016: nothing runs as root. */
void rule_root(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	check_user(rc, &m->defaults.tune.user, "every app");
	check_user(rc, &m->defaults.minio_user, "MinIO");
	for (const struct app *a = m->apps; a; a = a->next)
		check_user(rc, &a->tune.user, arena_printf(&rc->ctx->arena, "app '%s'", a->name));
	for (const struct store *s = m->stores; s; s = s->next)
		check_user(rc, &s->tune.user, arena_printf(&rc->ctx->arena, "store '%s'", s->name));
}

/* E024: requests fit under limits. */
void rule_resources(struct rule_ctx *rc)
{
	const struct tunables *def = &rc->m->defaults.tune;
	for (const struct app *a = rc->m->apps; a; a = a->next)
		check_resources_fit(rc, arena_printf(&rc->ctx->arena, "app '%s'", a->name), &a->tune, def);
	for (const struct store *s = rc->m->stores; s; s = s->next)
		check_resources_fit(rc, arena_printf(&rc->ctx->arena, "store '%s'", s->name), &s->tune, def);
	check_resources_fit(rc, "every app", def, def);
}

/* W002: several pods run migrations at once: a fixed count above one, or an autoscaler that may start several. */
void rule_replicas(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		if (!a->migrate.set || a->singleton.set)
			continue;
		const struct setting *replicas = model_effective(&a->tune.replicas, &rc->m->defaults.tune.replicas);
		if (a->autoscale.set && !a->autoscale.bad && a->autoscale.max > 1)
			diag_report(rc->ctx, DIAG_W002, a->autoscale.loc, "app '%s' runs its migration in every pod its autoscaler starts, up to %lld at once",
				    a->name, (long long)a->autoscale.max);
		else if (!a->autoscale.set && replicas->set && !replicas->bad && replicas->num > 1)
			diag_report(rc->ctx, DIAG_W002, replicas->loc, "app '%s' runs its migration in each of %lld replicas at once", a->name,
				    (long long)replicas->num);
		else
			continue;
		diag_note(rc->ctx, &a->migrate.loc, "the migration is declared here");
		diag_note(rc->ctx, NULL, "run one pod with 'singleton' (or 'replicas 1'), or make the migration take a lock");
	}
}

/* E017: spa-root is spliced into the nginx server block of every `spa` app. */
void rule_config_values(struct rule_ctx *rc)
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

/* W021: liveness must outlast readiness. Readiness takes a failing pod out of its Service; liveness restarts it.
   When liveness gives up first (failures x period), a dependency's blip restarts every replica at once instead of
   only draining them. */
void rule_probe_tolerance(struct rule_ctx *rc)
{
	const struct defaults *d = &rc->m->defaults;
	const struct setting *parts[] = {&d->liveness_failures, &d->liveness_period, &d->probe_failures, &d->probe_period};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (!parts[i]->set || parts[i]->bad)
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

/* W021 for one app that sets its own timings: its effective values, reported at the first it sets. Apps without a
   readiness probe (no port, or `health none`) have nothing for liveness to outlast. */
static void check_app_probe_tolerance(struct rule_ctx *rc, const struct app *a)
{
	const struct defaults *d = &rc->m->defaults;
	if (!a->port.set || a->health_form == HEALTH_NONE || a->health_form == HEALTH_UNSET)
		return;
	const struct setting *own[] = {&a->liveness_failures, &a->liveness_period, &a->probe_failures, &a->probe_period};
	const struct setting *fallback[] = {&d->liveness_failures, &d->liveness_period, &d->probe_failures, &d->probe_period};
	const struct setting *eff[4], *at = NULL;
	for (size_t i = 0; i < 4; i++) {
		eff[i] = model_effective(own[i], fallback[i]);
		if (!eff[i]->set || eff[i]->bad)
			return;
		if (own[i]->set && (!at || loc_before(&own[i]->loc, &at->loc)))
			at = own[i];
	}
	if (!at)
		return; /* the defaults' check (rule_probe_tolerance) covers an app that sets none */
	int64_t live = eff[0]->num * eff[1]->num, ready = eff[2]->num * eff[3]->num;
	if (live > ready)
		return;
	diag_report(rc->ctx, DIAG_W021, at->loc,
		    "app '%s': liveness restarts a container after %llds of failures, no later than readiness takes it out of its Service (%llds)",
		    a->name, (long long)live, (long long)ready);
	diag_note(rc->ctx, NULL, "make liveness-failures x liveness-period longer than probe-failures x probe-period (here %lld x %llds against %lld x %llds)",
		  (long long)eff[0]->num, (long long)eff[1]->num, (long long)eff[2]->num, (long long)eff[3]->num);
}

/* W031: a timing the app sets that reaches none of its probes. */
static void check_unused_timings(struct rule_ctx *rc, const struct app *a)
{
	const struct {
		const char *name;
		const struct setting *s;
		bool readiness_only;
	} timings[] = {
		{"probe-delay", &a->probe_delay, false},         {"probe-period", &a->probe_period, false},
		{"probe-timeout", &a->probe_timeout, false},     {"probe-failures", &a->probe_failures, true},
		{"liveness-period", &a->liveness_period, false}, {"liveness-failures", &a->liveness_failures, false},
		{"startup-failures", &a->startup_failures, false},
	};
	bool no_probes = a->health_form == HEALTH_NONE, no_readiness = !a->port.set && !tried(rc->m, a->attempted, ST_PORT);
	for (size_t i = 0; i < sizeof timings / sizeof timings[0]; i++) {
		const struct setting *s = timings[i].s;
		if (!s->set || s->bad || !(no_probes || (no_readiness && timings[i].readiness_only)))
			continue;
		diag_report(rc->ctx, DIAG_W031, s->loc, "'%s' does nothing: app '%s' has %s", timings[i].name, a->name,
			    no_probes ? "'health none', so no probes" : "no port, so no readiness probe");
		diag_note(rc->ctx, NULL, "remove it%s", no_probes ? ", or give the app a health check" : "");
	}
}

/* The reason @path cannot be a scratch directory, or NULL. Mount paths of emptyDirs are directories the kubelet
   creates in the container's root, so they are absolute, plain and clear of what the kernel and Kubernetes mount. */
static const char *scratch_path_problem(const char *path, size_t len)
{
	if (path[0] != '/')
		return "it is not an absolute path";
	if (len == 1)
		return "'/' is the root filesystem itself";
	if (len > 1024)
		return "it is longer than 1024 characters";
	for (size_t i = 0; i < len; i++) {
		char c = path[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/._-+@", c)))
			return "it holds a character other than letters, digits and '/ . _ - + @'";
	}
	if (path[len - 1] == '/')
		return "it ends with '/'";
	if (strstr(path, "//"))
		return "it has an empty segment ('//')";
	for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
		size_t n = strcspn(seg + 1, "/");
		if ((n == 1 && seg[1] == '.') || (n == 2 && seg[1] == '.' && seg[2] == '.'))
			return "it has a '.' or '..' segment";
	}
	static const char *const reserved[] = {"/tmp", "/proc", "/sys", "/dev", "/run/secrets", "/var/run/secrets"};
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		size_t r = strlen(reserved[i]);
		if (strncmp(path, reserved[i], r) == 0 && (path[r] == '\0' || path[r] == '/'))
			return i == 0 ? "/tmp is a writable emptyDir in every pod already"
				      : "the kernel or Kubernetes mounts its own files there";
	}
	return NULL;
}

/* True when @inner is @outer or lies below it. */
static bool path_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	return strncmp(inner, outer, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}

/* E062, E063, W032: scratch directories. Overlaps are found by sorting the paths with '/' before every other
   character: the paths within a directory then follow it directly (/a, /a/b, /a/c, /a-b), so comparing each path
   with the last outer one is enough (linear after the sort). */
static int compare_scratch(const void *x, const void *y)
{
	const struct scratch_path *const *a = x, *const *b = y;
	const unsigned char *p = (const unsigned char *)(*a)->path.text, *q = (const unsigned char *)(*b)->path.text;
	while (*p && *p == *q)
		p++, q++;
	int c = (*p == '/' ? 1 : *p) - (*q == '/' ? 1 : *q);
	return c ? c : loc_before(&(*a)->path.loc, &(*b)->path.loc) ? -1 : 1;
}

/* W033: /tmp and the scratch directories are emptyDirs on the node's disk, and what the pod writes to them counts
   against the container's ephemeral-storage limit: when their size limits add up past it, the kubelet evicts the
   pod for the total before any one directory is full, so the sizes promise more than the pod may use. */
static void check_scratch_budget(struct rule_ctx *rc, const struct app *a, size_t n_scratch)
{
	const struct defaults *d = &rc->m->defaults;
	const struct setting *size = model_effective(&a->scratch_size, &d->scratch_size), *tmp = &d->tmp_size;
	const struct setting *limit = model_effective(&a->tune.ephemeral_storage_limit, &d->tune.ephemeral_storage_limit);
	if (rc->ctx->diags.n_errors || !n_scratch || !size->set || size->bad || !tmp->set || tmp->bad || !limit->set || limit->bad)
		return;
	double total = value_quantity_number(tmp->text) + (double)n_scratch * value_quantity_number(size->text);
	if (total <= value_quantity_number(limit->text))
		return;
	const struct rbd_loc *at = a->scratch_size.set ? &a->scratch_size.loc : &a->scratch->path.loc;
	diag_report(rc->ctx, DIAG_W033, *at,
		    "app '%s': /tmp (%s) and %zu scratch director%s of %s each may hold more than its ephemeral-storage-limit (%s)", a->name,
		    tmp->text, n_scratch, n_scratch == 1 ? "y" : "ies", size->text, limit->text);
	diag_note(rc->ctx, NULL, "raise 'ephemeral-storage-limit' in the app, or lower 'scratch-size': the kubelet evicts the pod when "
				 "everything it writes to the node's disk passes the limit");
}

static void check_scratch(struct rule_ctx *rc, const struct app *a)
{
	if (a->scratch_size.set && !a->scratch_size.bad && !a->scratch && !tried(rc->m, a->attempted, ST_SCRATCH)) {
		diag_report(rc->ctx, DIAG_W032, a->scratch_size.loc, "'scratch-size' does nothing: app '%s' has no 'scratch' directory", a->name);
		diag_note(rc->ctx, NULL, "remove it, or add the directory the app writes to: scratch /app/.next/cache");
	}
	if (!a->scratch)
		return;
	const struct scratch_path **sorted = arena_alloc_array(&rc->ctx->arena, a->n_scratch, sizeof *sorted);
	size_t n = 0;
	for (const struct scratch_path *p = a->scratch; p; p = p->next) {
		const char *problem = scratch_path_problem(p->path.text, p->path.len);
		if (!problem) {
			sorted[n++] = p;
			continue;
		}
		diag_report(rc->ctx, DIAG_E062, p->path.loc, "scratch path '%s' cannot be mounted: %s", p->path.text, problem);
		diag_note(rc->ctx, NULL, "write the absolute directory the app writes to, like /app/.next/cache");
	}
	qsort(sorted, n, sizeof *sorted, compare_scratch);
	const struct scratch_path *outer = NULL;
	for (size_t i = 0; i < n; i++) {
		if (outer && path_within(sorted[i]->path.text, outer->path.text)) {
			/* report at whichever was written later; the note points at the other */
			const struct scratch_path *later = loc_before(&outer->path.loc, &sorted[i]->path.loc) ? sorted[i] : outer;
			const struct scratch_path *earlier = later == outer ? sorted[i] : outer;
			bool same = strcmp(outer->path.text, sorted[i]->path.text) == 0;
			diag_report(rc->ctx, DIAG_E063, later->path.loc, same ? "scratch path '%s' is listed twice" : "scratch path '%s' overlaps '%s'",
				    later->path.text, earlier->path.text);
			if (same)
				diag_note(rc->ctx, &earlier->path.loc, "first listed here; remove one");
			else
				diag_note(rc->ctx, &earlier->path.loc, "keep only '%s': its volume covers both", outer->path.text);
			continue;
		}
		outer = sorted[i];
	}
	check_scratch_budget(rc, a, n);
	/* The spa nginx config is a file mounted into /etc/nginx/conf.d: a scratch directory over it would be hidden by it
	   or hide the image's other configuration. */
	static const char spa_conf[] = "/etc/nginx/conf.d/default.conf";
	for (size_t i = 0; a->spa.set && i < n; i++)
		if (path_within(spa_conf, sorted[i]->path.text) || path_within(sorted[i]->path.text, spa_conf)) {
			diag_report(rc->ctx, DIAG_E063, sorted[i]->path.loc, "scratch path '%s' overlaps the nginx config that 'spa' mounts at %s",
				    sorted[i]->path.text, spa_conf);
			diag_note(rc->ctx, &a->spa.loc, "'spa' is declared here; choose a directory outside /etc/nginx/conf.d");
		}
}

/* E062, E063, W021, W030, W031, W032: what makes an app a server or a worker, its probes and its writable paths. */
void rule_app_shape(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		check_scratch(rc, a);
		if (a->health_form == HEALTH_NONE && a->port.set) {
			diag_report(rc->ctx, DIAG_W030, a->health.loc,
				    "app '%s' listens on port %lld but has no probes: its Service sends requests to pods that may not listen yet",
				    a->name, (long long)a->port.num);
			diag_note(rc->ctx, NULL, "use 'health tcp' at least, or 'health /PATH' when the app answers HTTP");
		}
		check_unused_timings(rc, a);
		if (!rc->ctx->diags.n_errors)
			check_app_probe_tolerance(rc, a);
	}
}

/* E090 at the later of two statements that both set an app's pod count, with a note at the earlier. */
static void pod_count_conflict(struct rule_ctx *rc, const struct app *a, const char *one, struct rbd_loc one_loc, const char *other,
			       struct rbd_loc other_loc, const char *fix)
{
	bool one_later = !loc_before(&one_loc, &other_loc);
	diag_report(rc->ctx, DIAG_E090, one_later ? one_loc : other_loc, "app '%s' has both '%s' and '%s': %s", a->name,
		    one_later ? one : other, one_later ? other : one, fix);
	diag_note(rc->ctx, one_later ? &other_loc : &one_loc, "'%s' is here", one_later ? other : one);
	diag_note(rc->ctx, NULL, "keep the one you mean: 'replicas N' for a fixed count, 'singleton' for exactly one pod, 'autoscale MIN..MAX cpu N%%' for a range");
}

/* E090, W045: an app's pod count comes from one statement. A program default (`defaults { replicas 3 }`) is only a
   fallback, so it yields to an app's `singleton` or `autoscale` without a word; the app's own `replicas` does not. */
void rule_pod_count(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		const struct setting *replicas = &a->tune.replicas;
		bool fixed = replicas->set && !replicas->bad;
		if (a->singleton.set && fixed && replicas->num > 1)
			pod_count_conflict(rc, a, "singleton", a->singleton.loc, "replicas", replicas->loc,
					   "a singleton runs exactly one pod");
		if (a->singleton.set && a->autoscale.set)
			pod_count_conflict(rc, a, "singleton", a->singleton.loc, "autoscale", a->autoscale.loc,
					   "a singleton runs exactly one pod");
		if (a->autoscale.set && fixed)
			pod_count_conflict(rc, a, "autoscale", a->autoscale.loc, "replicas", replicas->loc,
					   "the autoscaler owns the count, and a Deployment with spec.replicas would be reset to it by every apply");
		else if (a->autoscale.set && !a->autoscale.bad && !a->singleton.set && a->autoscale.min == a->autoscale.max) {
			diag_report(rc->ctx, DIAG_W045, a->autoscale.loc, "app '%s' autoscales from %lld to %lld pods, which is no range", a->name,
				    (long long)a->autoscale.min, (long long)a->autoscale.max);
			diag_note(rc->ctx, NULL, "write 'replicas %lld' for a fixed count, or widen the range", (long long)a->autoscale.min);
		}
	}
}

/* Where an environment variable of a container comes from: a secret's key (through envFrom) or an `env`. */
struct env_origin {
	const struct name_ref *ref;  /* the secret, as the block lists it; NULL for an env */
	const struct env_var *env;
};

/* E092, E093: each environment variable of @owner's containers has one source. envFrom entries are applied in order,
   the last one winning, and `env` beats them all (core/v1 Container.envFrom: "When a key exists in multiple sources,
   the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will
   take precedence."), so a second source silently hides the first. @seen holds (owner, key) pairs of every block. */
static void check_env_sources(struct rule_ctx *rc, struct strmap *seen, const void *owner, const char *what, const char *name,
			      const struct name_ref *secrets, const struct env_var *env)
{
	struct arena *ar = &rc->ctx->arena;
	for (const struct name_ref *ref = secrets; ref; ref = ref->next) {
		if (!ref->secret || ref->secret->bad)
			continue;
		const struct name_ref *reported = NULL; /* one error per pair of secrets, at its first shared key */
		for (const struct secret_key *k = ref->secret->keys; k; k = k->next) {
			struct env_origin *mine = arena_alloc(ar, sizeof *mine);
			mine->ref = ref;
			size_t key_len;
			const char *key = pair_key(ar, owner, k->name.text, &key_len); /* names are interned */
			const struct env_origin *first = strmap_put_new(seen, key, key_len, mine);
			if (!first || first->ref->secret == ref->secret || first->ref == reported)
				continue; /* a secret listed twice is E007; a key listed twice in one secret too */
			reported = first->ref;
			diag_report(rc->ctx, DIAG_E092, ref->loc, "%s '%s' gets %s from both secret '%s' and secret '%s': only '%s' reaches the container",
				    what, name, k->name.text, first->ref->name, ref->name, ref->name);
			diag_note(rc->ctx, &first->ref->loc, "secret '%s', listed here, holds %s too", first->ref->name, k->name.text);
			diag_note(rc->ctx, NULL, "keep %s in the keys of one of the two secrets (another declaration may read the same Vault path with other keys)",
				  k->name.text);
		}
	}
	for (const struct env_var *e = env; e; e = e->next) {
		size_t key_len;
		const char *key = pair_key(ar, owner, e->name.text, &key_len);
		const struct env_origin *first = strmap_get(seen, key, key_len);
		if (!first || !first->ref)
			continue;
		bool env_later = !loc_before(&e->name.loc, &first->ref->loc);
		diag_report(rc->ctx, DIAG_E093, env_later ? e->name.loc : first->ref->loc,
			    "'env %s' of %s '%s' hides the key %s of secret '%s': the container would get the literal, not the value from Vault",
			    e->name.text, what, name, e->name.text, first->ref->name);
		if (env_later)
			diag_note(rc->ctx, &first->ref->loc, "secret '%s', listed here, holds %s", first->ref->name, e->name.text);
		else
			diag_note(rc->ctx, &e->name.loc, "the env is set here");
		diag_note(rc->ctx, NULL, "remove the env, or remove %s from the keys of secret '%s' (another declaration may read the same Vault path with fewer keys)",
			  e->name.text, first->ref->name);
	}
}

void rule_env_sources(struct rule_ctx *rc)
{
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct app *a = rc->m->apps; a; a = a->next)
		check_env_sources(rc, &seen, a, "app", a->name, a->secrets, a->env);
	for (const struct store *s = rc->m->stores; s; s = s->next)
		check_env_sources(rc, &seen, s, "store", s->name, s->secrets, NULL);
}
