/* lower_pod.c: what every workload shares: pod template, restricted security contexts, resources, probes, env, commands, Services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"
#include "values.h"

int64_t effective_num(const struct setting *own, const struct setting *fallback)
{
	return model_effective(own, fallback)->num;
}

void put_pod_security(struct lowering *l, struct ynode *pod, int64_t uid, bool volume_owner)
{
	struct ynode *sc = y_put_map(A(l), pod, "securityContext");
	y_put_bool(A(l), sc, "runAsNonRoot", true);
	y_put_int(A(l), sc, "runAsUser", uid);
	y_put_int(A(l), sc, "runAsGroup", uid);
	y_put_int(A(l), sc, "fsGroup", uid);
	if (volume_owner)
		y_put_str(A(l), sc, "fsGroupChangePolicy", "OnRootMismatch");
	y_put_str(A(l), y_put_map(A(l), sc, "seccompProfile"), "type", "RuntimeDefault");
}

void put_container_security(struct lowering *l, struct ynode *c, int64_t uid, const struct tunables *own)
{
	struct ynode *sc = y_put_map(A(l), c, "securityContext");
	y_put_bool(A(l), sc, "allowPrivilegeEscalation", false);
	y_put_bool(A(l), sc, "readOnlyRootFilesystem",
		   effective_num(&own->read_only_root, &l->m->defaults.tune.read_only_root) != 0);
	y_put_bool(A(l), sc, "runAsNonRoot", true);
	y_put_int(A(l), sc, "runAsUser", uid);
	y_put_int(A(l), sc, "runAsGroup", uid);
	y_push_str(A(l), y_put_seq(A(l), y_put_map(A(l), sc, "capabilities"), "drop"), "ALL");
}

/* Requests and limits of one resource, from the app's or store's own setting or the program default. */
struct resource_setting {
	const char *key;
	const struct setting *request, *limit;
};

void put_resources(struct lowering *l, struct ynode *c, const struct tunables *own)
{
	const struct tunables *def = &l->m->defaults.tune;
	/* ephemeral-storage bounds what the container writes to the node's disk (logs, writable layer, the /tmp
	   emptyDir): without a limit, one pod filling /tmp evicts its neighbours instead of itself. */
	const struct resource_setting all[] = {
		{"cpu", model_effective(&own->cpu, &def->cpu), model_effective(&own->cpu_limit, &def->cpu_limit)},
		{"memory", model_effective(&own->memory, &def->memory), model_effective(&own->memory_limit, &def->memory_limit)},
		{"ephemeral-storage", model_effective(&own->ephemeral_storage, &def->ephemeral_storage),
		 model_effective(&own->ephemeral_storage_limit, &def->ephemeral_storage_limit)},
	};
	enum { N = sizeof all / sizeof all[0] };
	bool any_limit = false, any_request = false;
	for (size_t i = 0; i < N; i++) {
		any_limit |= all[i].limit->set;
		any_request |= all[i].request->set;
	}
	if (!any_limit && !any_request)
		return;
	struct ynode *res = y_put_map(A(l), c, "resources");
	if (any_limit) {
		struct ynode *limits = y_put_map(A(l), res, "limits");
		for (size_t i = 0; i < N; i++)
			if (all[i].limit->set)
				y_put_str(A(l), limits, all[i].key, all[i].limit->text);
	}
	if (any_request) {
		struct ynode *requests = y_put_map(A(l), res, "requests");
		for (size_t i = 0; i < N; i++)
			if (all[i].request->set)
				y_put_str(A(l), requests, all[i].key, all[i].request->text);
	}
}

/* The action of one probe. Liveness names the port by number and the others by name (see put_probe_set). */
static struct ynode *put_probe_action(struct lowering *l, struct ynode *c, const char *key, const struct probe_check *check,
				      bool port_by_number, const char *path)
{
	struct ynode *probe = y_put_map(A(l), c, key);
	struct ynode *port = port_by_number ? y_int(A(l), check->port) : y_str(A(l), check->port_name);
	switch (check->kind) {
	case PROBE_HTTP: {
		struct ynode *get = y_put_map(A(l), probe, "httpGet");
		y_put_str(A(l), get, "path", path);
		y_put(A(l), get, "port", port);
		break;
	}
	case PROBE_TCP:
		y_put(A(l), y_put_map(A(l), probe, "tcpSocket"), "port", port);
		break;
	case PROBE_EXEC:
		/* The kubelet expands $(VAR) and $$ in an exec probe's command as in a container's
		   (pkg/kubelet/prober/prober.go: ExpandContainerCommandOnlyStatic), so command_argv's escaping holds here. */
		y_put(A(l), y_put_map(A(l), probe, "exec"), "command", command_argv(l, check->command, check->command_len));
		break;
	}
	return probe;
}

static void put_int_setting(struct lowering *l, struct ynode *map, const char *key, const struct setting *s)
{
	if (s->set)
		y_put_int(A(l), map, key, s->num);
}

/* Three probes that fail differently. Readiness takes the pod out of its Service quickly (probe-failures x
   probe-period) and puts it back when it recovers, so a database blip costs traffic, not pods. Liveness restarts
   the container only after a much longer run of failures (liveness-failures x liveness-period): a restart cures a
   deadlock, never an outage elsewhere, and restarting every replica at once during one makes it worse. The
   startup probe holds both back until the container first answers, so a slow start is neither killed nor
   needs a liveness delay. Liveness names the port by number and the others by name: the same port, but
   kube-score's "same readiness and liveness probe" check compares path and port number only (it cannot see the
   thresholds), and spec FR-002 puts both probes on one path. Without @readiness (a pod no Service selects), the
   pod is ready once its startup probe passes, which is all a rollout needs to know. */
void put_probe_set(struct lowering *l, struct ynode *c, const struct probe_check *check, const struct probe_timing *t, bool readiness)
{
	struct ynode *live = put_probe_action(l, c, "livenessProbe", check, true, check->path);
	put_int_setting(l, live, "periodSeconds", t->liveness_period);
	put_int_setting(l, live, "timeoutSeconds", t->timeout);
	put_int_setting(l, live, "failureThreshold", t->liveness_failures);

	if (readiness) {
		struct ynode *ready = put_probe_action(l, c, "readinessProbe", check, false,
							check->ready_path ? check->ready_path : check->path);
		put_int_setting(l, ready, "periodSeconds", t->period);
		put_int_setting(l, ready, "timeoutSeconds", t->timeout);
		put_int_setting(l, ready, "failureThreshold", t->failures);
	}

	struct ynode *startup = put_probe_action(l, c, "startupProbe", check, false, check->path);
	put_int_setting(l, startup, "initialDelaySeconds", t->delay);
	put_int_setting(l, startup, "periodSeconds", t->period);
	put_int_setting(l, startup, "timeoutSeconds", t->timeout);
	put_int_setting(l, startup, "failureThreshold", t->startup_failures);
}

/* Stores probe over HTTP with the program's timings; readiness may use another path than liveness. */
void put_probes(struct lowering *l, struct ynode *c, const char *live_path, const char *ready_path, const char *port_name,
		int64_t port)
{
	const struct defaults *d = &l->m->defaults;
	const struct probe_timing t = {&d->probe_delay, &d->probe_period, &d->probe_timeout, &d->probe_failures,
				       &d->liveness_period, &d->liveness_failures, &d->startup_failures};
	const struct probe_check check = {.kind = PROBE_HTTP, .path = live_path, .ready_path = ready_path, .port_name = port_name,
					  .port = port};
	put_probe_set(l, c, &check, &t, true);
}

/* Always: the kubelet checks the registry's digest for the tag on every pod start (cheap: layers stay cached),
   so a re-pushed tag is picked up and every pod start is authorised against the registry, never served from
   a cache another namespace's pull filled (README, "Image pull policy"). */
void put_image(struct lowering *l, struct ynode *c, const char *image)
{
	y_put_str(A(l), c, "image", image);
	y_put_str(A(l), c, "imagePullPolicy", "Always");
}

void put_env_from(struct lowering *l, struct ynode *c, const struct name_ref *secrets)
{
	if (!secrets)
		return;
	struct ynode *from = y_put_seq(A(l), c, "envFrom");
	for (const struct name_ref *ref = secrets; ref; ref = ref->next)
		y_put_str(A(l), y_put_map(A(l), y_push_map(A(l), from), "secretRef"), "name", ref->name);
}

/* The kubelet expands $(VAR) and turns $$ into $ in env values, command and args (kubernetes
   third_party/forked/golang/expansion/expand.go); any other '$' stays. Doubling every '$' therefore makes the
   container receive exactly the program's text, and no value can pull in another variable's (a secret split
   over two values and joined by $(A)$(B) stays two harmless literals). */
static const char *k8s_literal(struct arena *a, const char *s, size_t len)
{
	size_t dollars = 0;
	for (size_t i = 0; i < len; i++)
		dollars += s[i] == '$';
	char *out = arena_alloc(a, len + dollars + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '$')
			*o++ = '$';
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

void push_literal(struct lowering *l, struct ynode *seq, const char *s)
{
	y_push_str(A(l), seq, k8s_literal(A(l), s, strlen(s)));
}

void put_env(struct lowering *l, struct ynode *c, const struct env_var *env)
{
	if (!env)
		return;
	struct ynode *list = y_put_seq(A(l), c, "env");
	for (const struct env_var *e = env; e; e = e->next) {
		struct ynode *item = y_push_map(A(l), list);
		y_put_str(A(l), item, "name", e->name.text);
		y_put_str(A(l), item, "value", k8s_literal(A(l), e->value.text, e->value.len));
	}
}

void put_volume_mount(struct lowering *l, struct ynode *mounts, const char *name, const char *path, const char *sub_path)
{
	struct ynode *m = y_push_map(A(l), mounts);
	y_put_str(A(l), m, "name", name);
	y_put_str(A(l), m, "mountPath", path);
	if (sub_path) {
		y_put_str(A(l), m, "subPath", sub_path);
		y_put_bool(A(l), m, "readOnly", true);
	}
}

void put_empty_dir(struct lowering *l, struct ynode *volumes, const char *name)
{
	struct ynode *v = y_push_map(A(l), volumes);
	y_put_str(A(l), v, "name", name);
	struct ynode *dir = y_put_map(A(l), v, "emptyDir");
	/* Past its sizeLimit the kubelet evicts the pod, before /tmp can fill the node's disk. */
	if (l->m->defaults.tmp_size.set)
		y_put_str(A(l), dir, "sizeLimit", l->m->defaults.tmp_size.text);
}

/* Shell syntax in a migrate command needs a shell, and so do leading NAME=VALUE assignments and a shell built-in
   as the program; a plain command runs without one (and in distroless images). Every word goes through
   k8s_literal. */
struct ynode *command_argv(struct lowering *l, const char *cmd, size_t len)
{
	struct ynode *argv = y_seq(A(l));
	bool shell = value_starts_with_assignment(cmd, len) || value_starts_with_builtin(cmd, len);
	for (size_t i = 0; i < len; i++)
		shell |= strchr("|&;<>()$`\\\"'*?[]#~{}!\n", cmd[i]) != NULL;
	if (shell) {
		y_push_str(A(l), argv, "/bin/sh");
		y_push_str(A(l), argv, "-c");
		y_push_str(A(l), argv, k8s_literal(A(l), cmd, len));
		return argv;
	}
	for (size_t i = 0; i < len;) {
		while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
			i++;
		size_t start = i;
		while (i < len && cmd[i] != ' ' && cmd[i] != '\t')
			i++;
		if (i > start)
			y_push_str(A(l), argv, k8s_literal(A(l), cmd + start, i - start));
	}
	return argv;
}

/* `command`/`migrate`: one string through command_argv, or a list as argv word for word (each word still through
   k8s_literal, so `$` arrives as written). Set under @key (command) of the container @c. */
void put_command(struct lowering *l, struct ynode *c, const struct setting *text, const struct argv_word *argv)
{
	if (!text->set)
		return;
	if (!argv) {
		y_put(A(l), c, "command", command_argv(l, text->text, text->len));
		return;
	}
	struct ynode *seq = y_put_seq(A(l), c, "command");
	for (const struct argv_word *w = argv; w; w = w->next)
		y_push_str(A(l), seq, k8s_literal(A(l), w->word.text, w->word.len));
}

void put_service_port(struct lowering *l, struct ynode *ports, const char *name, int64_t port)
{
	struct ynode *p = y_push_map(A(l), ports);
	y_put_str(A(l), p, "name", name);
	y_put_int(A(l), p, "port", port);
	y_put_str(A(l), p, "targetPort", name);
	y_put_str(A(l), p, "protocol", "TCP");
}

void put_container_port(struct lowering *l, struct ynode *ports, const char *name, int64_t port)
{
	struct ynode *p = y_push_map(A(l), ports);
	y_put_str(A(l), p, "name", name);
	y_put_int(A(l), p, "containerPort", port);
	y_put_str(A(l), p, "protocol", "TCP");
}

struct ynode *lower_service(struct lowering *l, const char *name, const char *component, bool headless, struct ynode **ports)
{
	struct ynode *doc = lower_object(l, "v1", "Service", name, component, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "type", "ClusterIP");
	if (headless) {
		y_put_str(A(l), spec, "clusterIP", "None");
		y_put_bool(A(l), spec, "publishNotReadyAddresses", true);
	}
	put_selector_labels(l, y_put_map(A(l), spec, "selector"), component);
	*ports = y_put_seq(A(l), spec, "ports");
	return doc;
}

/* The pod template shared by Deployments, StatefulSets and Jobs; returns its spec. */
struct ynode *pod_template(struct lowering *l, struct ynode *parent_spec, const char *component, const char *config_hash)
{
	struct ynode *tmpl = y_put_map(A(l), parent_spec, "template");
	struct ynode *meta = y_put_map(A(l), tmpl, "metadata");
	put_labels(l, y_put_map(A(l), meta, "labels"), component);
	if (config_hash)
		y_put_str(A(l), y_put_map(A(l), meta, "annotations"), "rbdc.dev/config-hash", config_hash);
	struct ynode *spec = y_put_map(A(l), tmpl, "spec");
	/* Service links would inject API_PORT-style variables that can shadow the app's own configuration. */
	y_put_bool(A(l), spec, "enableServiceLinks", false);
	y_put_bool(A(l), spec, "automountServiceAccountToken", false);
	return spec;
}

/* @replicas 0 leaves spec.replicas out, for a workload whose count a HorizontalPodAutoscaler owns. */
struct ynode *workload_spec(struct lowering *l, struct ynode *doc, const char *component, int64_t replicas)
{
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	if (replicas > 0)
		y_put_int(A(l), spec, "replicas", replicas);
	put_selector_labels(l, y_put_map(A(l), y_put_map(A(l), spec, "selector"), "matchLabels"), component);
	return spec;
}
