/* lower_pod.c: what every workload shares: pod template, restricted security contexts, resources, probes, env, commands, Services. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_internal.h"

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

void put_resources(struct lowering *l, struct ynode *c, const struct tunables *own)
{
	const struct tunables *def = &l->m->defaults.tune;
	const struct setting *cpu = model_effective(&own->cpu, &def->cpu), *mem = model_effective(&own->memory, &def->memory),
			     *cpu_limit = model_effective(&own->cpu_limit, &def->cpu_limit),
			     *mem_limit = model_effective(&own->memory_limit, &def->memory_limit);
	if (!cpu->set && !mem->set && !cpu_limit->set && !mem_limit->set)
		return;
	struct ynode *res = y_put_map(A(l), c, "resources");
	if (cpu_limit->set || mem_limit->set) {
		struct ynode *limits = y_put_map(A(l), res, "limits");
		if (cpu_limit->set)
			y_put_str(A(l), limits, "cpu", cpu_limit->text);
		if (mem_limit->set)
			y_put_str(A(l), limits, "memory", mem_limit->text);
	}
	if (cpu->set || mem->set) {
		struct ynode *requests = y_put_map(A(l), res, "requests");
		if (cpu->set)
			y_put_str(A(l), requests, "cpu", cpu->text);
		if (mem->set)
			y_put_str(A(l), requests, "memory", mem->text);
	}
}

void put_probe(struct lowering *l, struct ynode *c, const char *key, const char *path, const char *port, bool liveness)
{
	const struct defaults *d = &l->m->defaults;
	struct ynode *probe = y_put_map(A(l), c, key);
	struct ynode *get = y_put_map(A(l), probe, "httpGet");
	y_put_str(A(l), get, "path", path);
	y_put_str(A(l), get, "port", port);
	if (liveness && d->probe_delay.set)
		y_put_int(A(l), probe, "initialDelaySeconds", d->probe_delay.num);
	if (d->probe_period.set)
		y_put_int(A(l), probe, "periodSeconds", d->probe_period.num);
	if (d->probe_timeout.set)
		y_put_int(A(l), probe, "timeoutSeconds", d->probe_timeout.num);
	if (d->probe_failures.set)
		y_put_int(A(l), probe, "failureThreshold", d->probe_failures.num);
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
	y_put_map(A(l), v, "emptyDir");
}

/* True when the command starts with NAME=VALUE: a shell assignment, which exec would take for the program. */
static bool starts_with_assignment(const char *cmd, size_t len)
{
	size_t i = 0;
	while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
		i++;
	if (i == len || !(cmd[i] == '_' || (cmd[i] >= 'A' && cmd[i] <= 'Z') || (cmd[i] >= 'a' && cmd[i] <= 'z')))
		return false;
	while (i < len && (cmd[i] == '_' || (cmd[i] >= 'A' && cmd[i] <= 'Z') || (cmd[i] >= 'a' && cmd[i] <= 'z') ||
			   (cmd[i] >= '0' && cmd[i] <= '9')))
		i++;
	return i < len && cmd[i] == '=';
}

/* Shell syntax in a migrate command needs a shell, and so do leading NAME=VALUE assignments; a plain command
   runs without one (and in distroless images). Every word goes through k8s_literal. */
struct ynode *command_argv(struct lowering *l, const char *cmd, size_t len)
{
	struct ynode *argv = y_seq(A(l));
	bool shell = starts_with_assignment(cmd, len);
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

struct ynode *workload_spec(struct lowering *l, struct ynode *doc, const char *component, int64_t replicas)
{
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_int(A(l), spec, "replicas", replicas);
	put_selector_labels(l, y_put_map(A(l), y_put_map(A(l), spec, "selector"), "matchLabels"), component);
	return spec;
}
