/* values.c: the syntax of every scalar the language accepts, written out by hand (no regex engine at run time). */
#include "values.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value rbdc accepts must be one the component it lands in accepts too, so the rules below are ported from
   their sources (and say so where they stand); rbdc is stricter where a value parses but never works:
   - kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go: IsDNS1123Label,
     IsDNS1123Subdomain, IsDNS1035Label (Service names), IsWildcardDNS1123Subdomain, IsValidPortNum;
   - kubernetes/kubernetes pkg/apis/networking/validation/validation.go: Ingress hosts (no IP, wildcard first
     label only) and Prefix paths (invalidPathSequences, invalidPathSuffixes);
   - kubernetes/ingress-nginx internal/ingress/inspector/rules.go: validPathType and the refused paths;
   - kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go: the quantity grammar,
     its cap at 2^63-1 and its rounding;
   - distribution/reference regexp.go and reference.go, opencontainers/go-digest: image references;
   - nginx's configuration syntax (spa-root) and VSO's request URL MOUNT/data/PATH (Vault paths). */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_lower_alnum(char c) { return is_lower(c) || is_digit(c); }

static const char *host_port_problem(const char *s, size_t n);

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
	if (s[0] == '0' || !parse_digits(&p, INT32_MAX, &v))
		return false; /* zero, a leading zero, or more seconds than an int32 field holds */
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

/* apimachinery pkg/api/resource/quantity.go parses every quantity value_parse_quantity accepts (a subset of its
   grammar), but silently caps values past 2^63-1 and rounds precision it cannot hold. The kubelet counts CPU in
   millicores and memory in bytes, so rbdc refuses what would not arrive as written. */
const char *value_quantity_exactness_problem(const char *s, enum quantity_kind kind)
{
	const char *p = s;
	while (is_digit(*p))
		p++;
	const char *frac = p;
	size_t places = 0;
	if (*p == '.') {
		frac = ++p;
		while (is_digit(*p))
			p++;
		places = (size_t)(p - frac);
		while (places && frac[places - 1] == '0')
			places--; /* 1.50Gi is 1.5Gi */
	}
	const char *suffix = p;
	if (value_quantity_number(s) >= 9223372036854775808.0) /* 2^63 */
		return kind == QUANTITY_CPU ? "it is more CPU than Kubernetes can count" : "it is more than 2^63-1 bytes, the most Kubernetes can count";
	if (kind == QUANTITY_CPU)
		return places > (*suffix == 'm' ? 0u : 3u) ? "CPU is counted in whole millicores (at most 3 decimals, none with 'm')" : NULL;
	static const char *const whole = "it is not a whole number of bytes, so Kubernetes would round it";
	if (suffix[1] != 'i') {
		static const char decimal[] = "kMGTP";
		size_t exponent = 3 * (size_t)(strchr(decimal, suffix[0]) - decimal + 1);
		return places > exponent ? whole : NULL;
	}
	/* f / 10^places * 2^(10k) is whole when 5^places divides f (2^(10k) supplies the twos: places <= 9 < 10k) */
	if (places > 9)
		return whole;
	int64_t f = 0, five = 1;
	for (size_t i = 0; i < places; i++) {
		f = f * 10 + (frac[i] - '0');
		five *= 5;
	}
	return f % five ? whole : NULL;
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

/* An Ingress host (kubernetes pkg/apis/networking/validation: validateIngressRules, apimachinery IsDNS1123Subdomain,
   IsWildcardDNS1123Subdomain): a lower-case DNS subdomain, '*' only as the whole first label, never an IP address.
   The API server tests for an IP with ParseIPSloppy; rbdc refuses the wider class of names whose last label is
   all digits, which no public host has, so 10.0.0.1 and 010.0.0.1 alike are refused. A public host also has a dot. */
const char *value_hostname_problem(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return n ? "it is longer than 253 characters" : "it is empty";
	size_t label = 0;
	bool digits_only = true;
	const char *rest = s;
	if (s[0] == '*' && s[1] == '.')
		rest = s + 2; /* a wildcard host: *.example.com */
	for (size_t i = (size_t)(rest - s); i <= n; i++) {
		char c = s[i];
		if (c == '.' || c == '\0') {
			if (label == 0)
				return "it has an empty label";
			if (label > 63)
				return "a label is longer than 63 characters";
			if (s[i - 1] == '-')
				return "a label ends with '-'";
			label = 0;
			if (c == '.')
				digits_only = true;
			continue;
		}
		if (c == '*')
			return "a wildcard '*' may only be the whole first label, as in *.example.com";
		if (isupper((unsigned char)c))
			return "it must be lower-case";
		if (!is_lower_alnum(c) && c != '-')
			return "it may hold only lower-case letters, digits, '-' and '.'";
		if (label == 0 && c == '-')
			return "a label starts with '-'";
		digits_only &= is_digit(c);
		label++;
	}
	if (digits_only)
		return "it is an IP address or ends in a numeric label; an Ingress host must be a DNS name";
	if (!strchr(rest, '.'))
		return "it has no dot, so it is not a public host name";
	return NULL;
}

/* A DNS-1123 subdomain (apimachinery IsDNS1123Subdomain): the names of IngressClasses and ClusterIssuers. */
const char *value_dns_subdomain_problem(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return n ? "it is longer than 253 characters" : "it is empty";
	for (size_t i = 0; i < n; i++)
		if (isupper((unsigned char)s[i]))
			return "it must be lower-case";
	for (size_t i = 0; i < n; i++) {
		if (!is_lower_alnum(s[i]) && s[i] != '-' && s[i] != '.')
			return "it may hold only lower-case letters, digits, '-' and '.'";
		bool starts = i == 0 || s[i - 1] == '.', ends = i + 1 == n || s[i + 1] == '.';
		if ((starts || ends) && !is_lower_alnum(s[i]))
			return "each part between dots must start and end with a letter or digit";
	}
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
	/* MinIO serves its own API under /minio/ (health, admin) and refuses a bucket of that name (cmd: isMinioReservedBucket);
	   .minio.sys, its other one, already fails the first-character rule below. */
	if (strcmp(s, "minio") == 0)
		return "'minio' is the name MinIO reserves for its own API";
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

/* Vault's kubernetes auth method creates a role at role/NAME, the path pattern framework.GenericNameRegex
   \w(([\w-.]+)?\w)? with Go's ASCII \w: a name outside it can be neither created nor logged in to. */
const char *value_vault_role_problem(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return "it is empty";
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
			return "it may hold only letters, digits, '_', '-' and '.'";
	if (s[0] == '-' || s[0] == '.' || s[n - 1] == '-' || s[n - 1] == '.')
		return "it must start and end with a letter, digit or '_'";
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
		/* The kubelet parses a probe path as a URL: a '%' must start an escape. */
		if (c == '%' && !(isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])))
			return "a '%' must start an escape of two hex digits";
	}
	return route ? value_route_problem(s) : NULL;
}

/* Ingress paths of pathType Prefix, as the API server and ingress-nginx accept them:
   - kubernetes pkg/apis/networking/validation/validation.go, validateHTTPIngressPath: absolute; no "//", "/./",
     "/../", "%2f" or "%2F"; not ending in "/.." or "/." (value_path_problem has already refused most of these);
   - ingress-nginx internal/ingress/inspector/rules.go: with strict-validate-path-type (the default) Prefix and
     Exact paths match (?i)^/[[:alnum:]._\-/]*$, and any path naming /etc/passwd, /etc/shadow, /etc/group,
     /etc/nginx, /etc/ingress-controller or /var/run/secrets, or holding "_by_lua", is refused. */
const char *value_route_problem(const char *s)
{
	if (strstr(s, "%2f") || strstr(s, "%2F"))
		return "it cannot hold '%2f', an encoded '/' the API server refuses";
	for (const char *p = s; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '/' || *p == '.' || *p == '_' || *p == '-'))
			return "routes hold only letters, digits, '/', '.', '_' and '-' (ingress-nginx refuses other characters in Prefix paths)";
	static const char *const refused[] = {"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/nginx", "/etc/ingress-controller",
					      "/var/run/secrets", "_by_lua"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (strstr(s, refused[i]))
			return "ingress-nginx refuses paths naming its own files or holding '_by_lua'";
	return NULL;
}

/* A directory spliced into an nginx `root` directive: an absolute clean path of characters nginx reads literally.
   `$` starts a variable, `\` an escape, `;` `{` `}` end directives, quotes and whitespace split tokens, `#` starts a
   comment; each would break or change the generated server block. */
const char *value_nginx_path_problem(const char *s)
{
	const char *problem = value_path_problem(s, false);
	if (problem)
		return problem;
	for (const char *p = s; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("/._-+@~,=:", *p)))
			return "nginx would read it as syntax: it may hold only letters, digits and / . _ - + @ ~ , = :";
	return NULL;
}

/* A Vault path (a KV secret path or a mount): VSO puts it into the request URL MOUNT/data/PATH, so anything that
   changes the URL (query, fragment, escapes, dot segments, empty segments) would read another secret or none. */
const char *value_vault_path_problem(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return "it is empty";
	if (s[0] == '/' || s[n - 1] == '/')
		return "it must be relative to the mount, without a leading or trailing '/'";
	for (size_t i = 0; i < n; i++) {
		if (!(isalnum((unsigned char)s[i]) || strchr("/._-+@=,:~", s[i])))
			return "it may hold only letters, digits and / . _ - + @ = , : ~ (no spaces, '?', '#' or '%')";
		if (s[i] == '/' && s[i + 1] == '/')
			return "it cannot hold an empty segment ('//')";
		bool segment_start = i == 0 || s[i - 1] == '/';
		if (segment_start && s[i] == '.' && (s[i + 1] == '/' || s[i + 1] == '\0' || (s[i + 1] == '.' && (s[i + 2] == '/' || s[i + 2] == '\0'))))
			return "it cannot hold '.' or '..' segments";
	}
	return NULL;
}

/* A Vault address for a VaultConnection: http(s)://HOST[:PORT][/PATH], with no credentials, query or fragment.
   HOST is a DNS name (a single label such as an in-cluster Service works), an IPv4 address or [IPv6]. */
const char *value_url_problem(const char *s)
{
	const char *rest;
	if (strncmp(s, "https://", 8) == 0)
		rest = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		rest = s + 7;
	else
		return "it must start with https:// or http://";
	size_t authority = strcspn(rest, "/?#");
	if (memchr(rest, '@', authority))
		return "it holds credentials (USER@); VSO logs in through the VaultAuth, never with a user in the URL";
	if (authority == 0)
		return "it has no host";
	const char *problem = host_port_problem(rest, authority);
	if (problem)
		return problem;
	for (const char *p = rest + authority; *p; p++) {
		if (*p == '?' || *p == '#')
			return "it cannot hold a query or fragment ('?', '#')";
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return "it may hold only printable ASCII without spaces";
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

/* Image references follow the grammar of github.com/distribution/reference (regexp.go, reference.go), the one
   container runtimes parse with, plus go-digest's registered algorithms:
     reference        := name [":" tag] ["@" digest]
     name             := [domain "/"] path-component ["/" path-component]*     (at most 255 characters)
     domain           := host [":" port]; host := domain-component ["." domain-component]* | "[" IPv6 "]"
     domain-component := [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]
     path-component   := [a-z0-9]+ (separator [a-z0-9]+)*;  separator := "." | "_" | "__" | "-"+
     tag              := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
     digest           := "sha256:" 64 | "sha384:" 96 | "sha512:" 128 lower-case hex digits
   Stricter than the grammar, because such references parse but never pull: a port is 1..65535, and a first
   component is taken as a registry only when Docker's normalisation would (it holds '.' or ':', is
   "localhost" or an IPv6 literal), so an upper-case first component is an error, not a host name. */
enum { IMAGE_NAME_MAX = 255, IMAGE_TAG_MAX = 128 };

static bool is_alnum_ascii(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
static bool is_hex_lower(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

static bool repo_component_ok(const char *s, size_t n)
{
	if (n == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 1; i < n; i++) {
		if (is_lower_alnum(s[i]))
			continue;
		if (s[i] == '.' || s[i] == '_') {
			/* one '.', one '_' or "__", always between alphanumerics */
			size_t run = 1;
			while (i + run < n && s[i + run] == s[i])
				run++;
			if (run > (s[i] == '_' ? 2u : 1u) || !is_lower_alnum(s[i + run]))
				return false;
			i += run - 1;
		} else if (s[i] == '-') {
			while (i + 1 < n && s[i + 1] == '-')
				i++;
			if (!is_lower_alnum(s[i + 1]))
				return false;
		} else {
			return false;
		}
	}
	return true;
}

const char *value_port_problem(const char *s, size_t n)
{
	if (n == 0)
		return "the port is empty";
	uint32_t port = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return "the port is not a number";
		port = port * 10 + (uint32_t)(s[i] - '0');
		if (port > 65535)
			return "the port is above 65535";
	}
	return port == 0 ? "the port is 0" : NULL;
}

/* host[:port] of an image reference or URL: DNS-style name (any case), IPv4 in its decimal form, or [IPv6]. */
static const char *host_port_problem(const char *s, size_t n)
{
	size_t host_end;
	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (!close || close == s + 1)
			return "an IPv6 address is written [hex:digits:and:colons]";
		for (const char *p = s + 1; p < close; p++)
			if (!(is_digit(*p) || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F') || *p == ':'))
				return "an IPv6 address is written [hex:digits:and:colons]";
		host_end = (size_t)(close - s) + 1;
		if (host_end < n && s[host_end] != ':')
			return "the host name ends at ']'";
	} else {
		const char *colon = memchr(s, ':', n);
		host_end = colon ? (size_t)(colon - s) : n;
		size_t label = 0;
		for (size_t i = 0; i <= host_end; i++) {
			if (i == host_end || s[i] == '.') {
				if (label == 0 || label > 63)
					return "the host name has an empty or overlong part between dots";
				if (s[i - 1] == '-')
					return "a part of the host name ends with '-'";
				label = 0;
			} else if (is_alnum_ascii(s[i]) || s[i] == '-') {
				if (label == 0 && s[i] == '-')
					return "a part of the host name starts with '-'";
				label++;
			} else {
				return "the host name holds a character other than letters, digits, '-' and '.'";
			}
		}
	}
	if (host_end < n)
		return value_port_problem(s + host_end + 1, n - host_end - 1);
	return NULL;
}

const char *value_tag_problem(const char *tag, size_t len)
{
	if (len == 0 || len > IMAGE_TAG_MAX)
		return "a tag is 1 to 128 characters";
	if (!(is_alnum_ascii(tag[0]) || tag[0] == '_'))
		return "a tag starts with a letter, digit or '_'";
	for (size_t i = 0; i < len; i++)
		if (!(is_alnum_ascii(tag[i]) || tag[i] == '_' || tag[i] == '.' || tag[i] == '-'))
			return "a tag holds only letters, digits, '_', '.' and '-'";
	return NULL;
}

static const char *digest_problem(const char *d)
{
	static const struct {
		const char *algorithm;
		size_t hex;
	} algorithms[] = {{"sha256:", 64}, {"sha384:", 96}, {"sha512:", 128}};
	for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++) {
		size_t prefix = strlen(algorithms[i].algorithm);
		if (strncmp(d, algorithms[i].algorithm, prefix) != 0)
			continue;
		size_t n = strlen(d + prefix);
		if (n != algorithms[i].hex)
			break;
		for (size_t j = 0; j < n; j++)
			if (!is_hex_lower(d[prefix + j]))
				return "a digest is sha256: and 64 lower-case hex digits (or sha384:/sha512: with 96/128)";
		return NULL;
	}
	return "a digest is sha256: and 64 lower-case hex digits (or sha384:/sha512: with 96/128)";
}

static const char *const REPO_WHY =
	"repository names are lower-case letters and digits, separated by one '.', one or two '_', or '-'s";

const char *value_parse_image(const char *ref, struct image_ref *out)
{
	memset(out, 0, sizeof *out);
	size_t n = strlen(ref);
	if (n == 0)
		return "it is empty";
	const char *at = strchr(ref, '@');
	size_t end = at ? (size_t)(at - ref) : n;
	if (at) {
		const char *problem = digest_problem(at + 1);
		if (problem)
			return problem;
		out->digest = at + 1;
	}
	/* A ':' after the last '/' starts the tag; one before it belongs to the registry's port. */
	const char *last_slash = NULL;
	for (size_t i = 0; i < end; i++)
		if (ref[i] == '/')
			last_slash = ref + i;
	const char *colon = memchr(last_slash ? last_slash : ref, ':', (size_t)(ref + end - (last_slash ? last_slash : ref)));
	out->name_len = colon ? (size_t)(colon - ref) : end;
	if (colon) {
		out->tag = colon + 1;
		out->tag_len = (size_t)(ref + end - out->tag);
		const char *problem = value_tag_problem(out->tag, out->tag_len);
		if (problem)
			return problem;
	}
	if (out->name_len > IMAGE_NAME_MAX)
		return "the name before the tag is longer than 255 characters";
	const char *p = ref, *name_end = ref + out->name_len;
	const char *first_slash = memchr(ref, '/', out->name_len);
	if (first_slash) {
		size_t len = (size_t)(first_slash - ref);
		bool host = memchr(ref, '.', len) || memchr(ref, ':', len) || ref[0] == '[' ||
			    (len == 9 && strncmp(ref, "localhost", 9) == 0);
		if (host) {
			const char *problem = host_port_problem(ref, len);
			if (problem)
				return problem;
			p = first_slash + 1;
		}
	}
	if (p == name_end)
		return out->name_len ? "it ends with '/'" : REPO_WHY;
	for (;;) {
		const char *slash = memchr(p, '/', (size_t)(name_end - p));
		size_t len = slash ? (size_t)(slash - p) : (size_t)(name_end - p);
		if (!repo_component_ok(p, len))
			return REPO_WHY;
		if (!slash)
			break;
		p = slash + 1;
		if (p == name_end)
			return "it ends with '/'";
	}
	/* Docker refuses a bare 64-hex name: it reads as an image ID, not a repository. */
	if (out->name_len == 64 && !colon && !at) {
		size_t hex = 0;
		while (hex < 64 && is_hex_lower(ref[hex]))
			hex++;
		if (hex == 64)
			return "a name of 64 hex digits reads as an image ID, not a repository";
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

/* A request body limit, written like a Kubernetes memory quantity (bytes, Ki, Mi, Gi, Ti), for ingress-nginx's
   proxy-body-size. ingress-nginx accepts ^\d+[bkmg]?$ (annotations/parser/validators.go SizeRegex) and hands it to
   nginx's client_max_body_size, whose ngx_parse_offset reads k, m and g as 1024-based and refuses a value past
   the largest off_t; so only binary units translate exactly, and 0 would switch the check off. */
const char *value_body_limit(const char *s, char *nginx, size_t cap)
{
	static const struct {
		const char *unit, *nginx_unit;
		int64_t scale;
	} units[] = {{"", "", 1}, {"Ki", "k", 1024}, {"Mi", "m", 1024 * 1024}, {"Gi", "g", 1024 * 1024 * 1024},
		     {"Ti", "g", 1024 * 1024 * 1024}};
	const char *p = s;
	int64_t n;
	if (!parse_digits(&p, INT64_MAX, &n))
		return *s >= '0' && *s <= '9' ? "it is larger than nginx can count" : "it must start with a whole number";
	if (s[0] == '0' && p - s > 1)
		return "it has a leading zero";
	if (*p == '.')
		return "it must be a whole number in one unit, like 1536Mi rather than 1.5Gi";
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(p, units[i].unit) != 0)
			continue;
		if (n == 0)
			return "0 would switch the limit off";
		int64_t scale = units[i].scale, shown = n;
		if (strcmp(p, "Ti") == 0) {
			if (n > INT64_MAX / 1024)
				return "it is larger than nginx can count";
			shown = n * 1024; /* nginx has no t: 1Ti is 1024g */
			scale = 1024 * 1024 * 1024;
		}
		if (shown > INT64_MAX / scale)
			return "it is larger than nginx can count";
		snprintf(nginx, cap, "%lld%s", (long long)shown, units[i].nginx_unit);
		return NULL;
	}
	return "the unit must be Ki, Mi, Gi or Ti (1024-based, as ingress-nginx reads k, m and g), or none for bytes";
}

/* True when the command starts with NAME=VALUE: a shell assignment, which exec would take for the program. */
bool value_starts_with_assignment(const char *cmd, size_t len)
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

/* True when the first word is something only a shell runs: a POSIX special built-in (exec, export, set, ., ...),
   a regular built-in with no executable of its name in Debian or Alpine images (cd, ulimit, umask, read, ...), a
   bash built-in (source, local, ...) or a reserved word (if, time, ...). Without a shell the runtime looks for a
   file of that name, and the container fails with "executable file not found". */
bool value_starts_with_builtin(const char *cmd, size_t len)
{
	static const char *const shell_only[] = {
		".", ":", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "times",
		"trap", "unset", "alias", "bg", "cd", "command", "fc", "fg", "getopts", "hash", "jobs", "read", "type", "ulimit",
		"umask", "unalias", "wait", "source", "local", "declare", "typeset", "let", "shopt", "pushd", "popd", "builtin",
		"enable", "dirs", "disown", "logout", "history", "suspend", "caller", "mapfile", "readarray", "if", "then", "else",
		"elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "function", "select", "time", "[["};
	size_t i = 0;
	while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
		i++;
	size_t start = i;
	while (i < len && cmd[i] != ' ' && cmd[i] != '\t')
		i++;
	for (size_t k = 0; k < sizeof shell_only / sizeof shell_only[0]; k++)
		if (strlen(shell_only[k]) == i - start && memcmp(shell_only[k], cmd + start, i - start) == 0)
			return true;
	return false;
}
