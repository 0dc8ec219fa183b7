/* values.c: the syntax of every scalar the language accepts, written out by hand (no regex engine at run time). */
#include "values.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_lower_alnum(char c) { return is_lower(c) || is_digit(c); }

static bool parse_digits(const char **p, int64_t limit, int64_t *out)
{
	const char *s = *p;
	if (!is_digit(*s))
		return false;
	int64_t v = 0;
	while (is_digit(*s)) {
		int d = *s++ - '0';
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return true;
}

bool value_parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	const char *p = s;
	int64_t v;
	if (!parse_digits(&p, INT64_MAX, &v) || *p)
		return false;
	if (s[0] == '0' && s[1])
		return false; /* 010 reads as octal to some tools; refuse the ambiguity */
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool value_parse_bool(const char *s, int64_t *out)
{
	static const char *const yes[] = {"yes", "true", "on"}, *const no[] = {"no", "false", "off"};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0)
			return (*out = 1), true;
		if (strcmp(s, no[i]) == 0)
			return (*out = 0), true;
	}
	return false;
}

bool value_parse_duration(const char *s, int64_t *seconds)
{
	const char *p = s;
	int64_t v;
	if (s[0] == '0' || !parse_digits(&p, 1000000000, &v))
		return false; /* zero, or a leading zero */
	int64_t unit;
	switch (*p) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	default: return false;
	}
	if (p[1])
		return false;
	if (v > INT32_MAX / unit)
		return false;
	*seconds = v * unit;
	return true;
}

double value_quantity_number(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	static const struct {
		const char *suffix;
		double factor;
	} units[] = {{"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}, {"Ki", 1024.0},
		     {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0}, {"Pi", 1125899906842624.0},
		     {"Ei", 1152921504606846976.0}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].suffix) == 0)
			return v * units[i].factor;
	return v;
}

bool value_parse_quantity(const char *s, enum quantity_kind kind)
{
	const char *p = s;
	int64_t whole;
	if (!parse_digits(&p, 1000000000000LL, &whole))
		return false;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
	}
	if (kind == QUANTITY_CPU)
		return ((*p == 'm' && !p[1]) || !*p) && value_quantity_number(s) > 0;
	/* A size without a unit is bytes: never what a person means by `memory 2`. */
	static const char *const suffixes[] = {"k", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (strcmp(p, suffixes[i]) == 0)
			return value_quantity_number(s) > 0;
	return false;
}

const char *value_dns_label_problem(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0)
		return "it is empty";
	if (n > max)
		return "it is too long";
	for (size_t i = 0; i < n; i++)
		if (isupper((unsigned char)s[i]))
			return "it must be lower-case";
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return "it may hold only lower-case letters, digits and '-'";
	if (!is_lower(s[0]))
		return "it must start with a letter";
	if (s[n - 1] == '-')
		return "it must end with a letter or digit";
	return NULL;
}

const char *value_hostname_problem(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return n ? "it is longer than 253 characters" : "it is empty";
	size_t label = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		if (c == '.' || c == '\0') {
			if (label == 0)
				return "it has an empty label";
			if (label > 63)
				return "a label is longer than 63 characters";
			if (s[i - 1] == '-')
				return "a label ends with '-'";
			label = 0;
			continue;
		}
		if (isupper((unsigned char)c))
			return "it must be lower-case";
		if (!is_lower_alnum(c) && c != '-')
			return "it may hold only lower-case letters, digits, '-' and '.'";
		if (label == 0 && c == '-')
			return "a label starts with '-'";
		label++;
	}
	if (!strchr(s, '.'))
		return "it has no dot, so it is not a public host name";
	return NULL;
}

const char *value_bucket_problem(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 63)
		return "bucket names are 3 to 63 characters";
	for (size_t i = 0; i < n; i++)
		if (isupper((unsigned char)s[i]) || s[i] == '_')
			return "bucket names are lower-case, without '_'";
	if (strspn(s, "0123456789.") == n)
		return "bucket names cannot look like an IP address";
	if (!is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return "bucket names start and end with a lower-case letter or digit";
	for (size_t i = 0; i < n; i++) {
		if (!is_lower_alnum(s[i]) && s[i] != '-' && s[i] != '.')
			return "bucket names hold only lower-case letters, digits, '-' and '.'";
		if (s[i] == '.' && (s[i + 1] == '.' || s[i + 1] == '-' || (i && s[i - 1] == '-')))
			return "bucket names cannot have '..', '.-' or '-.'";
	}
	return NULL;
}

bool value_is_env_name(const char *s)
{
	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	return true;
}

const char *value_path_problem(const char *s, bool route)
{
	if (s[0] != '/')
		return "it must start with '/'";
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7f)
			return "it may hold only printable ASCII without spaces";
		if (c == '?' || c == '#')
			return "it cannot hold a query or fragment ('?', '#')";
		if (route && strchr("*+()[]{}|^$\\;'`", c))
			return "routes cannot hold regex or shell characters";
		if (c == '/' && p[1] == '/')
			return "it cannot hold an empty segment ('//')";
		if (c == '/' && p[1] == '.' && (p[2] == '/' || p[2] == '\0' || (p[2] == '.' && (p[3] == '/' || p[3] == '\0'))))
			return "it cannot hold '.' or '..' segments";
	}
	return NULL;
}

bool value_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (n == 0 || c > 0xF4 || (size_t)(end - p) < n)
			return false;
		uint32_t cp = c & (0xFF >> (n + 1));
		for (size_t i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n;
	}
	return true;
}

bool value_has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/* A repository path component: [a-z0-9]+ joined by '.', '_', '__' or '-'s. */
static bool repo_component_ok(const char *s, size_t n)
{
	if (n == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

const char *value_tag_problem(const char *tag, size_t len)
{
	if (len == 0 || len > 128)
		return "a tag is 1 to 128 characters";
	if (!(isalnum((unsigned char)tag[0]) || tag[0] == '_'))
		return "a tag starts with a letter, digit or '_'";
	for (size_t i = 0; i < len; i++)
		if (!(isalnum((unsigned char)tag[i]) || strchr("_.-", tag[i])))
			return "a tag holds only letters, digits, '_', '.' and '-'";
	return NULL;
}

const char *value_parse_image(const char *ref, struct image_ref *out)
{
	memset(out, 0, sizeof *out);
	size_t n = strlen(ref);
	if (n == 0 || n > 512)
		return n ? "it is longer than 512 characters" : "it is empty";
	const char *at = strchr(ref, '@');
	size_t end = at ? (size_t)(at - ref) : n;
	if (at) {
		const char *d = at + 1;
		if (strncmp(d, "sha256:", 7) != 0 || strlen(d) != 7 + 64)
			return "a digest is sha256: and 64 hex digits";
		for (const char *h = d + 7; *h; h++)
			if (!is_digit(*h) && !(*h >= 'a' && *h <= 'f'))
				return "a digest is sha256: and 64 hex digits";
		out->digest = d;
	}
	/* A ':' after the last '/' starts the tag; one before it is a registry port. */
	const char *last_slash = NULL;
	for (size_t i = 0; i < end; i++)
		if (ref[i] == '/')
			last_slash = ref + i;
	const char *colon = NULL;
	for (const char *p = last_slash ? last_slash : ref; p < ref + end; p++)
		if (*p == ':')
			colon = p;
	out->name_len = colon ? (size_t)(colon - ref) : end;
	if (colon) {
		out->tag = colon + 1;
		out->tag_len = (size_t)(ref + end - out->tag);
		const char *problem = value_tag_problem(out->tag, out->tag_len);
		if (problem)
			return problem;
	}
	/* Components: the first may be a registry host (it has a '.' or ':' or is localhost). */
	const char *p = ref, *name_end = ref + out->name_len;
	bool first = true;
	while (p < name_end) {
		const char *slash = memchr(p, '/', (size_t)(name_end - p));
		size_t len = slash ? (size_t)(slash - p) : (size_t)(name_end - p);
		bool host = first && slash && (memchr(p, '.', len) || memchr(p, ':', len) || (len == 9 && !strncmp(p, "localhost", 9)));
		if (host) {
			for (size_t i = 0; i < len; i++)
				if (!(isalnum((unsigned char)p[i]) || strchr(".-:", p[i])))
					return "the registry host holds characters a host name cannot";
		} else if (!repo_component_ok(p, len)) {
			return "repository names are lower-case letters, digits and '.', '_' or '-' between them";
		}
		first = false;
		p += len + (slash ? 1 : 0);
		if (slash && p == name_end)
			return "it ends with '/'";
	}
	return NULL;
}

/* Optimal string alignment distance (a transposition costs 1), capped: names are short. */
unsigned value_edit_distance(const char *a, const char *b)
{
	enum { MAXLEN = 32 };
	size_t la = strlen(a), lb = strlen(b);
	if (la >= MAXLEN || lb >= MAXLEN)
		return MAXLEN;
	unsigned d[MAXLEN + 1][MAXLEN + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

unsigned value_edit_allowance(size_t len)
{
	return len <= 3 ? 1 : len <= 6 ? 2 : 3;
}
