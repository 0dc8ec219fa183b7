/* schedule.c: checks a CronJob schedule field by field, as robfig/cron v3's standard parser reads it, and time zone names. */
#include "schedule.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "values.h"

/* robfig/cron v3 parser.go (ParseStandard, which pkg/apis/batch/validation and the CronJob controller call):
   minute 0-59, hour 0-23, day of month 1-31, month 1-12 (jan-dec), day of week 0-6 (sun-sat); names are case
   insensitive and only in those two fields; `*` and `?` mean the whole range; `N/S` means N to the maximum. */
static const struct field_spec {
	const char *name;
	unsigned min, max;
	const char *const *names; /* index + min is the value */
	const char *example;
} fields[5] = {
	{"minute", 0, 59, NULL, "0, 30 or */15"},
	{"hour", 0, 23, NULL, "3, 9-17 or */6"},
	{"day of month", 1, 31, NULL, "1, 15 or 1-7"},
	{"month", 1, 12, (const char *const[]){"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
	 "1, jan or jan-mar"},
	{"day of week", 0, 6, (const char *const[]){"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, "1-5, mon-fri or sun"},
};

static void problem(struct schedule_problem *p, size_t start, size_t len, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void problem(struct schedule_problem *p, size_t start, size_t len, const char *hint, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
	snprintf(p->hint, sizeof p->hint, "%s", hint);
	p->start = start;
	p->len = len ? len : 1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* A number or (month, day of week) name at @s of @len bytes; false when it is neither. Numbers may have leading
   zeros (Go's strconv.Atoi reads 05 as 5); a sign is refused, though Atoi would take `+5`. */
static bool parse_value(const struct field_spec *f, const char *s, size_t len, unsigned *out)
{
	if (!len)
		return false;
	if (is_digit(s[0])) {
		unsigned v = 0;
		for (size_t i = 0; i < len; i++) {
			if (!is_digit(s[i]) || v > 100000)
				return false;
			v = v * 10 + (unsigned)(s[i] - '0');
		}
		*out = v;
		return true;
	}
	for (unsigned i = 0; f->names && i <= f->max - f->min; i++)
		if (len == 3 && lower(s[0]) == f->names[i][0] && lower(s[1]) == f->names[i][1] && lower(s[2]) == f->names[i][2]) {
			*out = i + f->min;
			return true;
		}
	return false;
}

static const char *range_hint(const struct field_spec *f)
{
	static const char *const hints[5] = {
		"minutes run from 0 to 59", "hours run from 0 to 23 (midnight is 0)", "days of the month run from 1 to 31",
		"months run from 1 to 12 (or jan to dec)", "days of the week run from 0 to 6 (0 is Sunday; or sun to sat)",
	};
	return hints[f - fields];
}

static const char *value_hint(const struct field_spec *f)
{
	return f == &fields[4] ? "write a number from 0 to 6 (0 is Sunday) or sun, mon, tue, wed, thu, fri, sat"
	     : f == &fields[3] ? "write a number from 1 to 12 or jan, feb, ..., dec"
			       : "write a number within the field's range";
}

/* One item of a field's list: `*`, `?`, N, A-B, each optionally /STEP. @at is the item's offset in the schedule. */
static bool check_item(const struct field_spec *f, const char *s, size_t len, size_t at, uint64_t *bits, bool *star,
		       struct schedule_problem *p)
{
	const char *slash = memchr(s, '/', len);
	size_t range_len = slash ? (size_t)(slash - s) : len;
	unsigned start, end, step = 1;
	char hint[200];
	if (slash) {
		const char *st = slash + 1;
		size_t st_len = len - range_len - 1;
		if (memchr(st, '/', st_len)) {
			problem(p, at, len, "write one step per item, like */15", "the %s item '%.*s' has more than one '/'", f->name, (int)len, s);
			return false;
		}
		if (!st_len || !is_digit(st[0]) || !parse_value(&fields[0], st, st_len, &step) || step == 0) {
			problem(p, at + range_len + 1, st_len, "a step is a whole number of at least 1, like */15 or 10-50/10",
				"the %s item '%.*s' has no valid step after '/'", f->name, (int)len, s);
			return false;
		}
	}
	if (range_len == 1 && (s[0] == '*' || s[0] == '?')) {
		start = f->min;
		end = f->max;
		*star = true;
	} else {
		const char *dash = memchr(s, '-', range_len);
		size_t lo_len = dash ? (size_t)(dash - s) : range_len;
		if ((lo_len == 1 && (s[0] == '*' || s[0] == '?')) || !parse_value(f, s, lo_len, &start)) {
			bool empty = lo_len == 0;
			snprintf(hint, sizeof hint, "%s", lo_len == 1 && (s[0] == '*' || s[0] == '?') ? "'*' already means the whole range; write a range as A-B, like 1-5"
								 : empty ? "a range is A-B, like 1-5; a field is never negative"
									 : value_hint(f));
			problem(p, at, empty ? range_len : lo_len, hint, "'%.*s' is not a %s value", (int)(empty ? range_len : lo_len), s, f->name);
			return false;
		}
		end = start;
		if (dash) {
			const char *hi = dash + 1;
			size_t hi_len = range_len - lo_len - 1;
			if (memchr(hi, '-', hi_len)) {
				problem(p, at, range_len, "a range has one '-', like 1-5", "the %s range '%.*s' has more than one '-'", f->name, (int)range_len, s);
				return false;
			}
			if (!parse_value(f, hi, hi_len, &end)) {
				problem(p, at + lo_len + 1, hi_len, value_hint(f), "'%.*s' is not a %s value", (int)hi_len, hi, f->name);
				return false;
			}
		} else if (slash) {
			end = f->max; /* robfig: N/STEP is N to the maximum */
		}
		if (start < f->min || start > f->max) {
			snprintf(hint, sizeof hint, "%s", f == &fields[4] && start == 7 ? "Sunday is 0 (or sun) here; 7 is refused"
							: range_hint(f));
			problem(p, at, lo_len, hint, "%s %u is outside %u-%u", f->name, start, f->min, f->max);
			return false;
		}
		if (end > f->max) {
			snprintf(hint, sizeof hint, "%s", f == &fields[4] && end == 7 ? "Sunday is 0 (or sun) here; 7 is refused: write 1-6,0 or mon-sat,sun"
						      : range_hint(f));
			problem(p, at + lo_len + 1, range_len - lo_len - 1, hint, "%s %u is outside %u-%u", f->name, end, f->min, f->max);
			return false;
		}
		if (start > end) {
			snprintf(hint, sizeof hint, "a range runs upwards and does not wrap around; write two items, like %u-%u,%u-%u", start,
				 f->max, f->min, end);
			problem(p, at, range_len, hint, "the %s range '%.*s' runs backwards", f->name, (int)range_len, s);
			return false;
		}
	}
	for (unsigned v = start; v <= end; v += step)
		*bits |= UINT64_C(1) << v;
	return true;
}

static const char *const descriptors[] = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"};

bool cron_check(const char *s, struct cron_fields *out, struct schedule_problem *p)
{
	memset(out, 0, sizeof *out);
	size_t n = strlen(s);
	/* pkg/apis/batch/validation refuses any schedule holding "TZ": the zone goes in spec.timeZone. */
	if (strstr(s, "TZ")) {
		const char *tz = strstr(s, "TZ");
		problem(p, (size_t)(tz - s), 2, "remove it and write the zone as its own statement: timezone Europe/Berlin",
			"a schedule cannot name its time zone (TZ= or CRON_TZ=): Kubernetes refuses it");
		return false;
	}
	size_t lead = strspn(s, " \t");
	if (s[lead] == '@') {
		size_t len = strcspn(s + lead, " \t");
		for (size_t i = 0; i < sizeof descriptors / sizeof descriptors[0]; i++)
			if (strlen(descriptors[i]) == len && strncmp(s + lead, descriptors[i], len) == 0) {
				if (lead || s[lead + len]) {
					problem(p, 0, n, "write the descriptor alone, like \"@daily\"", "'%s' must stand alone in the schedule", descriptors[i]);
					return false;
				}
				return true;
			}
		if (len == 6 && strncmp(s + lead, "@every", 6) == 0) {
			problem(p, lead, len, "write it as a cron step: @every 15m is \"*/15 * * * *\", @every 6h is \"0 */6 * * *\"",
				"'@every' counts from when the controller last looked, not from the clock; rbdc takes clock times only");
			return false;
		}
		problem(p, lead, len, "write @yearly, @monthly, @weekly, @daily, @hourly, or five fields",
			"'%.*s' is not a schedule descriptor", (int)len, s + lead);
		return false;
	}
	size_t starts[6], lens[6], count = 0;
	for (size_t i = 0; i < n;) {
		i += strspn(s + i, " \t");
		if (i == n)
			break;
		size_t len = strcspn(s + i, " \t");
		if (count < 6) {
			starts[count] = i;
			lens[count] = len;
		}
		count++;
		i += len;
	}
	if (count != 5) {
		problem(p, count == 6 ? starts[0] : count > 6 ? starts[5] : 0, count == 6 ? lens[0] : count > 6 ? n - starts[5] : n,
			count == 6 ? "Kubernetes has no seconds field: drop the first field (minute hour day-of-month month day-of-week)"
				   : "write minute hour day-of-month month day-of-week, like \"0 3 * * *\" (03:00 every day)",
			"a schedule has five fields, not %zu", count);
		return false;
	}
	for (size_t f = 0; f < 5; f++) {
		const char *field = s + starts[f];
		for (size_t i = 0, item = 0; i <= lens[f]; i++) {
			if (i < lens[f] && field[i] != ',')
				continue;
			if (i == item) {
				problem(p, starts[f] + i, 1, "separate the items of a list by single commas, like 1,15", "the %s field '%.*s' has an empty item",
					fields[f].name, (int)lens[f], field);
				return false;
			}
			if (!check_item(&fields[f], field + item, i - item, starts[f] + item, &out->bits[f], &out->star[f], p))
				return false;
			item = i + 1;
		}
	}
	return true;
}

/* robfig/cron's dayMatches: when either day field begins with `*` or `?`, a day must match both, so with day of
   week all days the day of month alone decides. February has 29 days in leap years. */
bool cron_never_fires(const struct cron_fields *f)
{
	static const unsigned days[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!f->star[4] || (f->bits[4] & 0x7f) != 0x7f)
		return false;
	for (unsigned month = 1; month <= 12; month++)
		if (f->bits[3] & (UINT64_C(1) << month))
			for (unsigned day = 1; day <= days[month]; day++)
				if (f->bits[2] & (UINT64_C(1) << day))
					return false;
	return true;
}

/* The areas of the IANA database's canonical names (its files africa, northamerica, ..., etcetera). */
static const char *const areas[] = {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
				    "Indian", "Pacific", "Etc"};

/* Abbreviations people write for a zone, and a place that keeps its rules (with daylight saving where it has it). */
static const struct {
	const char *abbreviation, *place;
} abbreviations[] = {
	{"EST", "America/New_York"}, {"EDT", "America/New_York"}, {"CST", "America/Chicago"}, {"CDT", "America/Chicago"},
	{"MST", "America/Denver"}, {"MDT", "America/Denver"}, {"PST", "America/Los_Angeles"}, {"PDT", "America/Los_Angeles"},
	{"CET", "Europe/Berlin"}, {"CEST", "Europe/Berlin"}, {"MET", "Europe/Berlin"}, {"EET", "Europe/Athens"},
	{"EEST", "Europe/Athens"}, {"WET", "Europe/Lisbon"}, {"BST", "Europe/London"}, {"GMT", "UTC"}, {"Z", "UTC"},
	{"IST", "Asia/Kolkata"}, {"JST", "Asia/Tokyo"}, {"KST", "Asia/Seoul"}, {"AEST", "Australia/Sydney"},
	{"AEDT", "Australia/Sydney"}, {"NZST", "Pacific/Auckland"}, {"HST", "Pacific/Honolulu"},
};

static bool tz_component_char(char c, bool etc)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-' || (etc && (is_digit(c) || c == '+'));
}

/* Strict on purpose: the database rbdc could consult at compile time need not be the cluster's, so the check is the
   form of a current canonical name (Area/Location, each part starting upper-case, at most 14 bytes as the tz
   theory file asks), which catches the slips (case, abbreviations, offsets, legacy US/Eastern) without a
   database. A well-formed name the cluster's database lacks still fails at apply time. */
bool timezone_check(const char *s, struct schedule_problem *p)
{
	size_t n = strlen(s);
	if (!n) {
		problem(p, 0, 0, "write a place like Europe/Berlin, or UTC", "the time zone is empty");
		return false;
	}
	if (strcmp(s, "UTC") == 0)
		return true;
	char upper[8];
	size_t k = 0;
	for (; k < n && k < sizeof upper - 1; k++)
		upper[k] = s[k] >= 'a' && s[k] <= 'z' ? (char)(s[k] - 'a' + 'A') : s[k];
	upper[k] = '\0';
	if (n < sizeof upper && strcmp(upper, "LOCAL") == 0) {
		problem(p, 0, n, "write the place whose clock the schedule follows, like Europe/Berlin, or UTC",
			"'%s' is the controller's own zone, which Kubernetes refuses as a timeZone", s);
		return false;
	}
	for (size_t i = 0; n < sizeof upper && i < sizeof abbreviations / sizeof abbreviations[0]; i++)
		if (strcmp(upper, abbreviations[i].abbreviation) == 0) {
			char hint[200];
			snprintf(hint, sizeof hint, "write the place, like %s: it follows daylight saving where the place has it", abbreviations[i].place);
			problem(p, 0, n, hint, "'%s' is an abbreviation, not a time zone name", s);
			return false;
		}
	if (strchr("+-", s[0]) || strncmp(upper, "UTC+", 4) == 0 || strncmp(upper, "UTC-", 4) == 0 || strncmp(upper, "GMT+", 4) == 0 ||
	    strncmp(upper, "GMT-", 4) == 0) {
		problem(p, 0, n, "name the place, like Europe/Berlin; a true fixed offset is Etc/GMT-2 for UTC+2 (POSIX inverts the sign)",
			"'%s' is an offset, not a time zone name: it ignores daylight saving", s);
		return false;
	}
	const char *slash = strchr(s, '/');
	size_t area_len = slash ? (size_t)(slash - s) : n;
	const char *area = NULL;
	for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++)
		if (strlen(areas[i]) == area_len && strncmp(s, areas[i], area_len) == 0)
			area = areas[i];
	if (!area) {
		const char *near = NULL;
		char word[64];
		snprintf(word, sizeof word, "%.*s", (int)(area_len < 63 ? area_len : 63), s);
		for (size_t i = 0; i < sizeof areas / sizeof areas[0] && !near; i++) {
			bool same = strlen(areas[i]) == area_len;
			for (size_t c = 0; same && c < area_len; c++)
				same = lower(word[c]) == lower(areas[i][c]);
			if (same || value_edit_distance(word, areas[i]) <= 2)
				near = areas[i];
		}
		char hint[200];
		if (near)
			snprintf(hint, sizeof hint, "did you mean the area '%s'? names are Area/Location, like %s/...", near, near);
		else
			snprintf(hint, sizeof hint, "names are Area/Location with an area of Africa, America, Antarctica, Arctic, Asia, Atlantic, "
						    "Australia, Europe, Indian, Pacific or Etc (or UTC)");
		problem(p, 0, area_len, hint, "'%.*s' is not an area of the IANA time zone database", (int)area_len, s);
		return false;
	}
	if (!slash || !slash[1]) {
		problem(p, 0, n, "name the place within the area, like Europe/Berlin", "'%s' is an area, not a time zone", s);
		return false;
	}
	bool etc = strcmp(area, "Etc") == 0;
	for (const char *part = slash + 1;;) {
		const char *next = strchr(part, '/');
		size_t len = next ? (size_t)(next - part) : strlen(part);
		size_t at = (size_t)(part - s);
		bool chars = len > 0 && len <= 14;
		for (size_t i = 0; chars && i < len; i++)
			chars = tz_component_char(part[i], etc);
		if (!chars) {
			problem(p, at, len, "each part of the name is 1 to 14 letters, '_' or '-', like New_York or Port-au-Prince",
				"'%.*s' cannot be part of a time zone name", (int)len, part);
			return false;
		}
		if (!(part[0] >= 'A' && part[0] <= 'Z')) {
			char hint[200];
			snprintf(hint, sizeof hint, "the database's names are capitalised: did you mean '%c%.*s'?", (char)(part[0] - 'a' + 'A'),
				 (int)(len - 1), part + 1);
			problem(p, at, len, part[0] >= 'a' && part[0] <= 'z' ? hint : "each part starts with a capital letter, like New_York",
				"'%.*s' does not start with a capital letter, as every time zone name does", (int)len, part);
			return false;
		}
		if (!next)
			return true;
		part = next + 1;
	}
}
