/* rules_job.c: rules of jobs (schedules, commands) and of images shared with `image of`. */
#include "rules_internal.h"

#include <string.h>

#include "diag.h"
#include "schedule.h"
#include "values.h"

/* E021: a command's words reach the container as written (see put_command); an empty program is no command. */
static void check_command(struct rule_ctx *rc, const char *what, const char *owner, const struct setting *text,
			  const struct argv_word *argv)
{
	if (!text->set || text->bad)
		return;
	if (strcmp(what, "migrate command") == 0)
		goto words; /* rule_values checks a migration's first word (blank, control characters) */
	bool blank = true;
	for (uint32_t i = 0; i < text->len; i++)
		blank &= text->text[i] == ' ' || text->text[i] == '\t';
	if (blank) {
		diag_report(rc->ctx, DIAG_E021, text->loc, "the %s of %s is empty", what, owner);
		diag_note(rc->ctx, NULL, "write what it runs, like %s \"/app/cleanup --older-than 30d\", or leave the statement out", what);
		return;
	}
words:
	/* A list runs without a shell: its first word must be a program that exists as a file. */
	if (argv && (value_starts_with_builtin(text->text, text->len) || value_starts_with_assignment(text->text, text->len) ||
		     text->text[0] == ' ' || text->text[0] == '\t')) {
		diag_report(rc->ctx, DIAG_E021, text->loc, "'%s' cannot start a listed %s: a list runs without a shell, and no image has %s",
			    text->text, what, text->text[0] == ' ' || text->text[0] == '\t' ? "a program whose name starts with a space"
			    : value_starts_with_assignment(text->text, text->len) ? "a program named NAME=VALUE" : "a shell built-in as a file");
		diag_note(rc->ctx, NULL, "write the command as one string, which runs under /bin/sh -c when it needs a shell: %s \"...\"", what);
		return;
	}
	for (const struct argv_word *w = argv; w; w = w->next)
		if (value_has_control(w->word.text, w->word.len) && (w != argv || strcmp(what, "migrate command") != 0)) {
			diag_report(rc->ctx, DIAG_E021, w->word.loc, "a word of the %s holds a control character", what);
			return;
		}
	if (!argv && value_has_control(text->text, text->len))
		diag_report(rc->ctx, DIAG_E021, text->loc, "the %s holds a control character", what);
}

/* E073: `image of NAME` names another app; a store or a job gets its own hint. Cycles are reported by resolve. */
static void check_image_source(struct rule_ctx *rc, const char *owner, const struct setting *of, bool bound)
{
	if (!of->set || bound)
		return;
	const struct model *m = rc->m;
	if (strmap_get(&m->store_names, of->text, of->len)) {
		diag_report(rc->ctx, DIAG_E073, of->loc, "%s shares the image of '%s', which is a store", owner, of->text);
		diag_note(rc->ctx, NULL, "a store runs the MinIO image; name the app whose image to share");
	} else if (strmap_get(&m->job_names, of->text, of->len)) {
		diag_report(rc->ctx, DIAG_E073, of->loc, "%s shares the image of '%s', which is a job", owner, of->text);
		diag_note(rc->ctx, NULL, "name an app: the job shares its image from one, and so can %s", owner);
	} else if (!misspelt_declaration(m, of->text)) {
		diag_report(rc->ctx, DIAG_E073, of->loc, "%s shares the image of '%s', which is no app of the program", owner, of->text);
		const char *near = NULL;
		unsigned best = value_edit_allowance(of->len) + 1;
		for (const struct app *a = m->apps; a; a = a->next) {
			unsigned d = value_edit_distance(of->text, a->name);
			if (d < best) {
				best = d;
				near = a->name;
			}
		}
		if (near)
			diag_note(rc->ctx, NULL, "did you mean '%s'?", near);
		else
			diag_note(rc->ctx, NULL, "declare 'app %s { image; ... }', or give an image of its own: image \"REF\"", of->text);
	}
}

/* E073, E021: shared images, and the commands of apps (and their list-form migrations). */
void rule_shared_images(struct rule_ctx *rc)
{
	for (const struct app *a = rc->m->apps; a; a = a->next) {
		const char *owner = arena_printf(&rc->ctx->arena, "app '%s'", a->name);
		check_image_source(rc, owner, &a->image_of, a->image_source != NULL);
		check_command(rc, "command", owner, &a->command.text, a->command.argv);
		if (a->migrate_argv)
			check_command(rc, "migrate command", owner, &a->migrate, a->migrate_argv);
	}
}

/* Where a schedule problem points: the bytes at fault when the string has no escapes (its text is then the source
   between the quotes), else the whole string. */
static struct rbd_loc sub_loc(const struct rule_ctx *rc, const struct setting *s, size_t start, size_t len)
{
	struct rbd_loc loc = s->loc;
	const char *src = rc->ctx->sources[loc.file]->text + loc.start;
	size_t quoted = src[0] == '"' ? 1 : 0;
	if (loc.end - loc.start != s->len + 2 * quoted || memcmp(src + quoted, s->text, s->len) != 0 || start + len > s->len)
		return loc;
	loc.start += (uint32_t)(quoted + start);
	loc.end = loc.start + (uint32_t)len;
	return loc;
}

static void check_schedule(struct rule_ctx *rc, const struct job *job)
{
	const struct setting *s = &job->schedule;
	struct cron_fields fields;
	struct schedule_problem p;
	if (value_has_control(s->text, s->len)) {
		diag_report(rc->ctx, DIAG_E070, s->loc, "the schedule holds a control character");
		diag_note(rc->ctx, NULL, "write five fields separated by spaces, like \"0 3 * * *\"");
		return;
	}
	if (!cron_check(s->text, &fields, &p)) {
		diag_report(rc->ctx, DIAG_E070, sub_loc(rc, s, p.start, p.len), "job '%s' has an invalid schedule: %s", job->name, p.message);
		diag_note(rc->ctx, NULL, "%s", p.hint);
		return;
	}
	if (cron_never_fires(&fields)) {
		diag_report(rc->ctx, DIAG_W035, s->loc, "the schedule of job '%s' never fires: no month it names has that day", job->name);
		diag_note(rc->ctx, NULL, "fix the day of month or the months (February has at most 29 days; April, June, September and November 30)");
	}
}

/* E006, E074, E072, E070, E071, W035, E073, E021, E016, E024, E040, E007: what a job needs and what it may say. */
void rule_jobs(struct rule_ctx *rc)
{
	const struct model *m = rc->m;
	const struct tunables *def = &m->defaults.tune;
	struct strmap seen;
	strmap_init(&seen, &rc->ctx->arena);
	for (const struct job *job = m->jobs; job; job = job->next) {
		const char *owner = arena_printf(&rc->ctx->arena, "job '%s'", job->name);
		check_label(rc->ctx, "job", job->name, job->name_loc, JOB_NAME_MAX);
		if (!job->has_image && !tried(m, job->attempted, ST_IMAGE)) {
			diag_report(rc->ctx, DIAG_E006, job->name_loc, "job '%s' has no 'image'", job->name);
			diag_note(rc->ctx, NULL, "share an app's image with 'image of APP', or write a bare 'image' for REGISTRY/PROJECT-%s:TAG, or image \"REF\"",
				  job->name);
		}
		check_image_source(rc, owner, &job->image_of, job->image_source != NULL);
		if (job->image_of.set && !job->command.text.set && !tried(m, job->attempted, ST_COMMAND)) {
			diag_report(rc->ctx, DIAG_E074, job->name_loc, "job '%s' shares the image of '%s' but has no 'command'", job->name,
				    job->image_of.text);
			diag_note(rc->ctx, &job->image_of.loc, "that image's entrypoint would run, a server that never exits; say what the job runs: command \"CMD\"");
		}
		check_command(rc, "command", owner, &job->command.text, job->command.argv);
		if (job->schedule.set && !job->schedule.bad)
			check_schedule(rc, job);
		if (job->timezone.set && !job->timezone.bad) {
			struct schedule_problem p;
			if (!job->schedule.set && !tried(m, job->attempted, ST_SCHEDULE)) {
				diag_report(rc->ctx, DIAG_E072, job->timezone.loc, "job '%s' has a timezone but no schedule: it runs once, at no time of day",
					    job->name);
				diag_note(rc->ctx, NULL, "add the schedule it applies to, like schedule \"0 3 * * *\", or remove the timezone");
			} else if (value_has_control(job->timezone.text, job->timezone.len) || !timezone_check(job->timezone.text, &p)) {
				diag_report(rc->ctx, DIAG_E071, sub_loc(rc, &job->timezone, p.start, p.len), "'%s' is not a time zone Kubernetes can load: %s",
					    job->timezone.text, p.message);
				diag_note(rc->ctx, NULL, "%s", p.hint);
			}
		}
		for (const struct env_var *e = job->env; e; e = e->next)
			check_env_entry(rc, e);
		check_user(rc, &job->tune.user, owner);
		check_resources_fit(rc, owner, &job->tune, def);
		for (const struct use_ref *u = job->uses; u; u = u->next) {
			if (listed_twice(rc, &seen, job, "job", job->name, "", u->name, " in 'uses'", &u->loc))
				continue;
			if (u->store || u->app || misspelt_declaration(m, u->name) || named_by_unknown_statement(rc->program, u->name))
				continue;
			if (strmap_get(&m->job_names, u->name, strlen(u->name))) {
				diag_report(rc->ctx, DIAG_E040, u->loc, "job '%s' uses '%s', which is a job: nothing connects to a job's pods", job->name, u->name);
				diag_note(rc->ctx, NULL, "name the stores and apps the job talks to, or remove the name");
				continue;
			}
			diag_report(rc->ctx, DIAG_E040, u->loc, "job '%s' uses '%s', which is no store or app of the program", job->name, u->name);
			const char *near = closest_peer(m, NULL, u->name);
			if (near)
				diag_note(rc->ctx, NULL, "did you mean '%s'?", near);
			else
				diag_note(rc->ctx, NULL, "declare 'store %s { ... }' or 'app %s { ... }', or remove the name", u->name, u->name);
		}
	}
}
