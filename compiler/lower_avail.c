/* lower_avail.c: how many pods an app runs and how they survive disruption: replicas or a HorizontalPodAutoscaler, the rollout strategy, topology spread and the PodDisruptionBudget. */
#include <string.h>

#include "lower_internal.h"

/* spec.replicas of the app's Deployment; 0 when an autoscaler owns the count and the field stays out. kubectl apply
   would otherwise reset the count the autoscaler chose on every apply (Kubernetes docs, HorizontalPodAutoscaler:
   "Migrating Deployments and StatefulSets to horizontal autoscaling"). */
int64_t app_replicas(const struct lowering *l, const struct app *a)
{
	if (a->autoscale.set)
		return 0;
	if (a->singleton.set)
		return 1;
	return effective_num(&a->tune.replicas, &l->m->defaults.tune.replicas);
}

/* True when the app may run more than one pod at a time, so that it can keep serving while one of them is away. */
static bool several_pods(const struct lowering *l, const struct app *a)
{
	return a->autoscale.set ? a->autoscale.max > 1 : app_replicas(l, a) > 1;
}

/* A singleton is replaced, not rolled: the default RollingUpdate starts the new pod before the old one stops, and for
   that moment two would run (two celery-beats send every task twice). Recreate stops the old pod first. */
void put_rollout_strategy(struct lowering *l, struct ynode *deployment_spec, const struct app *a)
{
	if (a->singleton.set)
		y_put_str(A(l), y_put_map(A(l), deployment_spec, "strategy"), "type", "Recreate");
}

/* Pods spread evenly over nodes (maxSkew 1), preferred rather than required (ScheduleAnyway), so a cluster with fewer
   nodes than pods still runs them all. This replaces the preferred podAntiAffinity of earlier versions: anti-affinity
   only avoids nodes that already run a pod of the app, and once every node has one it places the rest anywhere, while
   a spread keeps balancing (10 pods on 3 nodes: 4/3/3); it also costs the scheduler less than inter-pod affinity,
   which the Kubernetes documentation advises against in large clusters. Only kubernetes.io/hostname: with constraints
   of its own a pod loses the scheduler's default spreading, and a zone constraint would make the scheduler ignore
   every node without a zone label when scoring (podtopologyspread/scoring.go, requireAllTopologies), which on k3s is
   every node. matchLabelKeys pod-template-hash counts each revision's pods on their own, so a rollout ends evenly
   spread too (KEP-3243, on by default since Kubernetes 1.27). */
void put_topology_spread(struct lowering *l, struct ynode *pod_spec, const struct app *a)
{
	if (!several_pods(l, a))
		return;
	struct ynode *c = y_push_map(A(l), y_put_seq(A(l), pod_spec, "topologySpreadConstraints"));
	y_put_int(A(l), c, "maxSkew", 1);
	y_put_str(A(l), c, "topologyKey", "kubernetes.io/hostname");
	y_put_str(A(l), c, "whenUnsatisfiable", "ScheduleAnyway");
	put_selector_labels(l, y_put_map(A(l), y_put_map(A(l), c, "labelSelector"), "matchLabels"), a->name);
	y_push_str(A(l), y_put_seq(A(l), c, "matchLabelKeys"), "pod-template-hash");
}

/* With several pods, a node drain evicts them one at a time (maxUnavailable 1), so the app keeps serving throughout.
   maxUnavailable, unlike minAvailable, never blocks a drain when the autoscaler runs a single pod. A singleton gets
   none: a budget that forbade evicting its one pod would block every drain. */
static void lower_disruption_budget(struct lowering *l, const struct app *a)
{
	struct ynode *doc = lower_object(l, "policy/v1", "PodDisruptionBudget", a->name, a->name, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_int(A(l), spec, "maxUnavailable", 1);
	put_selector_labels(l, y_put_map(A(l), y_put_map(A(l), spec, "selector"), "matchLabels"), a->name);
	lower_finish(l, doc, "PodDisruptionBudget", a->name);
}

/* autoscaling/v2: keeps the pods' average CPU use at the target share of their cpu request, which every app has
   (the stdlib's `cpu`, and no statement removes it). The metrics come from the cluster's metrics API (metrics-server,
   which k3s runs by default). */
static void lower_autoscaler(struct lowering *l, const struct app *a)
{
	struct ynode *doc = lower_object(l, "autoscaling/v2", "HorizontalPodAutoscaler", a->name, a->name, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	struct ynode *target = y_put_map(A(l), spec, "scaleTargetRef");
	y_put_str(A(l), target, "apiVersion", "apps/v1");
	y_put_str(A(l), target, "kind", "Deployment");
	y_put_str(A(l), target, "name", a->name);
	y_put_int(A(l), spec, "minReplicas", a->autoscale.min);
	y_put_int(A(l), spec, "maxReplicas", a->autoscale.max);
	struct ynode *metric = y_push_map(A(l), y_put_seq(A(l), spec, "metrics"));
	y_put_str(A(l), metric, "type", "Resource");
	struct ynode *resource = y_put_map(A(l), metric, "resource");
	y_put_str(A(l), resource, "name", "cpu");
	struct ynode *goal = y_put_map(A(l), resource, "target");
	y_put_str(A(l), goal, "type", "Utilization");
	y_put_int(A(l), goal, "averageUtilization", a->autoscale.cpu_percent);
	lower_finish(l, doc, "HorizontalPodAutoscaler", a->name);
}

void lower_availability(struct lowering *l, const struct app *a)
{
	if (several_pods(l, a))
		lower_disruption_budget(l, a);
	if (a->autoscale.set)
		lower_autoscaler(l, a);
}
