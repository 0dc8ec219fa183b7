/* test_schedule.c: unit tests of CronJob schedules and time zone names (compiler/schedule.c), against robfig/cron v3's rules. */
#include "testutil_frontend.h"

#include "schedule.h"

static bool accepts(const char *s)
{
	struct cron_fields f;
	struct schedule_problem p;
	return cron_check(s, &f, &p);
}

/* Refused, with the problem at @start for @len bytes. */
static void assert_refused_at(const char *s, size_t start, size_t len)
{
	struct cron_fields f;
	struct schedule_problem p;
	if (cron_check(s, &f, &p))
		fail_msg("'%s' was accepted", s);
	if (p.start != start || p.len != len)
		fail_msg("'%s': problem at %zu+%zu, expected %zu+%zu (%s)", s, p.start, p.len, start, len, p.message);
	assert_true(p.hint[0] != '\0');
}

static void test_schedules_accepted(void **state)
{
	(void)state;
	static const char *const good[] = {
		"0 3 * * *", "*/15 * * * *", "0 9-17 * * mon-fri", "0 0 1 jan,jul *", "30 2 * * SUN", "0 0 * * 0", "0 0 * * 6",
		"5/10 * * * *", "0-30/10 * * * *", "? ? ? ? ?", "0 0 1-31/2 * *", "59 23 31 12 *", "00 03 * * *", "  0 3 * * *  ",
		"0\t3 * * *", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "0 */6 * * *",
		"0 0 * Dec Sat",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!accepts(good[i]))
			fail_msg("'%s' was refused", good[i]);
}

static void test_schedules_refused_at_the_field(void **state)
{
	(void)state;
	assert_refused_at("60 3 * * *", 0, 2);          /* minute past 59 */
	assert_refused_at("0 24 * * *", 2, 2);          /* hour past 23 */
	assert_refused_at("0 0 0 * *", 4, 1);           /* day of month starts at 1 */
	assert_refused_at("0 0 32 * *", 4, 2);
	assert_refused_at("0 0 * 13 *", 6, 2);
	assert_refused_at("0 0 * 0 *", 6, 1);
	assert_refused_at("0 0 * * 7", 8, 1);           /* Sunday is 0 */
	assert_refused_at("0 0 * * 1-7", 10, 1);        /* the end of the range */
	assert_refused_at("0 22-2 * * *", 2, 4);        /* backwards */
	assert_refused_at("*/0 * * * *", 2, 1);         /* step 0 */
	assert_refused_at("*/ * * * *", 2, 0 + 1);      /* no step */
	assert_refused_at("1/2/3 * * * *", 0, 5);
	assert_refused_at("1-2-3 * * * *", 0, 5);
	assert_refused_at("*-5 * * * *", 0, 1);         /* robfig would read it as '*' */
	assert_refused_at("0 0 * * monday", 8, 6);
	assert_refused_at("0 0 * jan-foo *", 10, 3);
	assert_refused_at("0 0 * * mon,,fri", 12, 1);   /* an empty item */
	assert_refused_at("0 0 * * mon,", 12, 1);
	assert_refused_at("+5 * * * *", 0, 2);
	assert_refused_at("-5 * * * *", 0, 2);
	assert_refused_at("jan * * * *", 0, 3);         /* names only in month and day of week */
	assert_refused_at("0 0 3 * * *", 0, 1);         /* a seconds field */
	assert_refused_at("0 3 * *", 0, 7);
	assert_refused_at("", 0, 0 + 1);
	assert_refused_at("@every 1h", 0, 6);
	assert_refused_at("@reboot", 0, 7);
	assert_refused_at("@daily x", 0, 8);
	assert_refused_at("TZ=UTC 0 3 * * *", 0, 2);
	assert_refused_at("CRON_TZ=UTC 0 3 * * *", 5, 2);
	assert_refused_at("0 99999999999999999999 * * *", 2, 20);
}

static void test_never_fires(void **state)
{
	(void)state;
	struct cron_fields f;
	struct schedule_problem p;
	assert_true(cron_check("0 0 30 feb *", &f, &p));
	assert_true(cron_never_fires(&f));
	assert_true(cron_check("0 0 31 apr,jun,sep,nov *", &f, &p));
	assert_true(cron_never_fires(&f));
	assert_true(cron_check("0 0 29 feb *", &f, &p)); /* leap years */
	assert_false(cron_never_fires(&f));
	assert_true(cron_check("0 0 31 apr,may *", &f, &p));
	assert_false(cron_never_fires(&f));
	assert_true(cron_check("0 0 30 feb mon", &f, &p)); /* both restricted: either day matches */
	assert_false(cron_never_fires(&f));
	assert_true(cron_check("@yearly", &f, &p));
	assert_false(cron_never_fires(&f));
}

static bool zone_ok(const char *s)
{
	struct schedule_problem p;
	return timezone_check(s, &p);
}

static void test_time_zones(void **state)
{
	(void)state;
	static const char *const good[] = {"UTC", "Europe/Berlin", "America/New_York", "America/Argentina/Buenos_Aires",
					   "America/Port-au-Prince", "Etc/GMT-14", "Etc/GMT+5", "Etc/UTC", "Asia/Ho_Chi_Minh",
					   "America/North_Dakota/New_Salem", "Antarctica/DumontDUrville"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!zone_ok(good[i]))
			fail_msg("'%s' was refused", good[i]);
	static const char *const bad[] = {"", "Local", "local", "CET", "EST", "PST", "GMT", "+02:00", "UTC+2", "US/Eastern",
					  "Europe", "Europe/", "europe/berlin", "Europe/berlin", "Europe//Berlin", "Europe/Ber lin",
					  "Etc/../Berlin", "America/Argentina/Buenos_Aires_Province", "Europe/Berlin2", "Eurpoe/Berlin"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (zone_ok(bad[i]))
			fail_msg("'%s' was accepted", bad[i]);
	struct schedule_problem p;
	assert_false(timezone_check("Europe/berlin", &p));
	assert_int_equal(p.start, 7);
	assert_non_null(strstr(p.hint, "Berlin"));
	assert_false(timezone_check("Eurpoe/Berlin", &p));
	assert_non_null(strstr(p.hint, "'Europe'"));
	assert_false(timezone_check("EST", &p));
	assert_non_null(strstr(p.hint, "America/New_York"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedules_accepted),
		cmocka_unit_test(test_schedules_refused_at_the_field),
		cmocka_unit_test(test_never_fires),
		cmocka_unit_test(test_time_zones),
	};
	return cmocka_run_group_tests_name("schedule", tests, NULL, NULL);
}
