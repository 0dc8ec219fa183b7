/* schedule.h: CronJob schedules as Kubernetes parses them (robfig/cron's standard parser) and IANA time zone names. */
#ifndef RBDC_SCHEDULE_H
#define RBDC_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a schedule or time zone is refused, and where: @start and @len are bytes of the checked text. */
struct schedule_problem {
	char message[160];
	char hint[200];
	size_t start, len;
};

/* The five fields of a valid schedule as bit sets (bit N: value N), and whether each began with `*` or `?`. */
struct cron_fields {
	uint64_t bits[5];
	bool star[5];
};

/** cron_check - true when @s is a schedule the API server accepts and reads as written; else fills @p */
bool cron_check(const char *s, struct cron_fields *out, struct schedule_problem *p);
/** cron_never_fires - true when a valid schedule's day of month occurs in none of its months (day of week `*`) */
bool cron_never_fires(const struct cron_fields *f);
/** timezone_check - true when @s has the form of an IANA time zone name Kubernetes can load; else fills @p */
bool timezone_check(const char *s, struct schedule_problem *p);

#endif
