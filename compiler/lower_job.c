/* lower_job.c: a job becomes a CronJob (with `schedule`) or a run-once Job named after a hash of its pod template. */
#include <stdio.h>
#include <string.h>

#include "lower_internal.h"

static void put_num(struct lowering *l, struct ynode *map, const char *key, const struct setting *s)
{
	if (s->set && !s->bad)
		y_put_int(A(l), map, key, s->num);
}

/* The pod of one run. restartPolicy Never, not OnFailure: each retry is a new pod, so a failed attempt keeps its
   pod and its whole log for `kubectl logs` (OnFailure restarts the container in place and keeps only the last
   log), and a retry starts with an empty /tmp instead of what the failed attempt left there. backoffLimit counts
   those failed pods. */
static void put_job_pod(struct lowering *l, struct ynode *job_spec, const struct job *j)
{
	const struct defaults *d = &l->m->defaults;
	int64_t uid = effective_num(&j->tune.user, &d->tune.user);
	struct ynode *pod = pod_template(l, job_spec, j->name, NULL);
	y_put_str(A(l), pod, "restartPolicy", "Never");
	put_pod_security(l, pod, uid, false);
	struct ynode *c = y_push_map(A(l), y_put_seq(A(l), pod, "containers"));
	y_put_str(A(l), c, "name", j->name);
	put_image(l, c, j->image);
	put_command(l, c, &j->command.text, j->command.argv);
	put_env_from(l, c, j->secrets);
	put_env(l, c, j->env);
	put_resources(l, c, &j->tune);
	put_container_security(l, c, uid, &j->tune);
	put_volume_mount(l, y_put_seq(A(l), c, "volumeMounts"), "tmp", "/tmp", NULL);
	put_empty_dir(l, y_put_seq(A(l), pod, "volumes"), "tmp");
}

/* backoffLimit and activeDeadlineSeconds: how often a run is retried and how long it may take in all. */
static void put_run_limits(struct lowering *l, struct ynode *job_spec, const struct job *j)
{
	put_num(l, job_spec, "backoffLimit", &j->retries);
	put_num(l, job_spec, "activeDeadlineSeconds", &j->deadline);
}

/* A CronJob never runs two of its Jobs at once (Forbid: a run still going when the next is due makes the controller
   skip that one, so a slow nightly cleanup never overlaps itself). startingDeadlineSeconds bounds how late a missed
   run may still start (after a controller outage), and keeps the controller from giving up on a CronJob that missed
   more than 100 runs. Its Jobs carry no TTL: the history limits decide how many finished runs stay, with their pods
   and logs; a TTL would delete the last failed run a day later, before anyone read why it failed. */
static void lower_cron_job(struct lowering *l, const struct job *j)
{
	const struct defaults *d = &l->m->defaults;
	struct ynode *doc = lower_object(l, "batch/v1", "CronJob", j->name, j->name, NULL);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	y_put_str(A(l), spec, "schedule", j->schedule.text);
	if (j->timezone.set)
		y_put_str(A(l), spec, "timeZone", j->timezone.text);
	y_put_str(A(l), spec, "concurrencyPolicy", "Forbid");
	put_num(l, spec, "startingDeadlineSeconds", &d->job_start_deadline);
	put_num(l, spec, "successfulJobsHistoryLimit", &d->job_successful_history);
	put_num(l, spec, "failedJobsHistoryLimit", &d->job_failed_history);
	struct ynode *tmpl = y_put_map(A(l), spec, "jobTemplate");
	put_labels(l, y_put_map(A(l), y_put_map(A(l), tmpl, "metadata"), "labels"), j->name);
	struct ynode *job_spec = y_put_map(A(l), tmpl, "spec");
	put_run_limits(l, job_spec, j);
	put_job_pod(l, job_spec, j);
	lower_finish(l, doc, "CronJob", j->name);
}

/* A Job's pod template is immutable: the name carries a hash of it, so a new image, command or setting makes a new
   Job (which runs once) instead of an "immutable field" error on apply. backoffLimit and activeDeadlineSeconds may
   change in place and are not hashed. The TTL (job-ttl) removes the finished Job; the next apply after that runs it
   again, so a run-once job must be safe to repeat (README, "Jobs"). */
static void lower_run_once_job(struct lowering *l, const struct job *j)
{
	const struct defaults *d = &l->m->defaults;
	struct ynode *meta;
	struct ynode *doc = lower_object(l, "batch/v1", "Job", "", j->name, &meta);
	struct ynode *spec = y_put_map(A(l), doc, "spec");
	put_run_limits(l, spec, j);
	put_num(l, spec, "ttlSecondsAfterFinished", &d->job_ttl);
	put_job_pod(l, spec, j);
	const char *name = arena_printf(&l->ctx->arena, "%s-%08x", j->name, y_hash(y_get(spec, "template"), 2166136261u));
	y_get(meta, "name")->str = name;
	lower_finish(l, doc, "Job", name);
}

void lower_job(struct lowering *l, const struct job *j)
{
	if (j->schedule.set)
		lower_cron_job(l, j);
	else
		lower_run_once_job(l, j);
}
