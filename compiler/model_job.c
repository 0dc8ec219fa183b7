/* model_job.c: the statements of a job block, and the job declaration itself. */
#include "model_internal.h"

#include "diag.h"
#include "schema.h"

/* `uses NAME, ...` of a job: the same references, with the job as the user. */
void read_job_stmt(struct reader *r, const struct ast_stmt *st, struct job *job)
{
	const struct stmt_spec *spec = lookup(r, st, SCOPE_JOB, &job->attempted);
	if (!spec)
		return;
	if (spec->id == ST_REPLICAS) {
		/* A Job's parallelism would run the same task several times at once: a cleanup twice, a report twice. */
		diag_report(r->ctx, DIAG_E003, st->head_loc, "job '%s' cannot have 'replicas': a job runs its task in one pod at a time",
			    job->name);
		diag_note(r->ctx, NULL, "remove it; 'retries N' sets how often a failed run is tried again");
		return;
	}
	if (is_tunable(spec->id)) {
		read_tunable(r, st, spec, &job->tune);
		return;
	}
	switch (spec->id) {
	case ST_IMAGE:
		read_image(r, st, spec, &job->has_image, &job->image_loc, &job->image_ref, &job->image_of);
		return;
	case ST_COMMAND:
		if (!check_command_shape(r, st, spec))
			read_command(r, st, &job->command);
		return;
	case ST_ENV:
		if (!check_shape(r, st, spec, 2, 2, false))
			read_env_into(r, st, job, &job->env, &job->env_tail);
		return;
	case ST_SECRETS:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			add_name_refs(r, st, &job->secrets, &job->secrets_tail);
		return;
	case ST_USES:
		if (!check_shape(r, st, spec, 1, UINT32_MAX, true))
			read_uses_into(r, st, NULL, job, &job->uses, &job->uses_tail);
		return;
	default:
		break;
	}
	if (check_shape(r, st, spec, 1, 1, false))
		return;
	switch (spec->id) {
	case ST_SCHEDULE: read_value(r, st, &job->schedule, K_STRING | K_WORD, "a cron schedule in double quotes"); return;
	case ST_TIMEZONE: read_value(r, st, &job->timezone, K_WORD | K_STRING, "an IANA time zone like Europe/Berlin"); return;
	case ST_DEADLINE: read_duration(r, st, &job->deadline); return;
	case ST_RETRIES: read_number(r, st, &job->retries, 0, 1000); return;
	default: return;
	}
}

static const struct rbd_loc *job_loc(void *p) { return &((struct job *)p)->name_loc; }

void read_job(struct reader *r, const struct ast_stmt *st)
{
	struct rbd_loc name_loc;
	const char *name = decl_name(r, st, &name_loc);
	if (!name)
		return;
	struct job *job = arena_alloc(&r->ctx->arena, sizeof *job);
	job->name = name;
	job->loc = st->loc;
	job->name_loc = name_loc;
	bool fresh = register_name(r, &r->m->job_names, name, name_loc, "job", job, job_loc);
	read_block(r, st, SCOPE_JOB, job);
	if (!fresh)
		return;
	if (r->m->jobs_tail)
		r->m->jobs_tail->next = job;
	else
		r->m->jobs = job;
	r->m->jobs_tail = job;
	r->m->n_jobs++;
}
