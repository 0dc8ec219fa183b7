/* secrets.c: the plaintext-secret detector behind rule E013: name words, known key formats and random-looking tokens. */
#define _GNU_SOURCE /* memmem */
#include "secrets.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

static const char *const secret_words[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY",
	"CREDENTIAL", "CLIENT_KEY", "SIGNING_KEY", "ENCRYPTION_KEY", "AUTH_KEY", "PWD",
};

static bool contains_word_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

const char *secret_name_hint(const char *name)
{
	for (size_t i = 0; i < sizeof secret_words / sizeof secret_words[0]; i++) {
		const char *w = secret_words[i];
		if (strcmp(w, "PWD") == 0) {
			/* PWD is a shell variable too; only DB_PWD-style suffixes count */
			size_t n = strlen(name);
			if (n > 4 && strcasecmp(name + n - 4, "_PWD") == 0)
				return w;
			continue;
		}
		if (contains_word_ci(name, w))
			return w;
	}
	return NULL;
}

bool secret_is_harmless_flag(const char *value)
{
	static const char *const flags[] = {"", "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "0", "1"};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (strcasecmp(value, flags[i]) == 0)
			return true;
	return false;
}

static bool has_prefix_run(const char *s, const char *end, const char *prefix, size_t min_tail, const char *tail_chars)
{
	size_t n = strlen(prefix);
	if ((size_t)(end - s) < n + min_tail || strncmp(s, prefix, n) != 0)
		return false;
	size_t run = 0;
	for (const char *p = s + n; p < end && (isalnum((unsigned char)*p) || strchr(tail_chars, *p)); p++)
		run++;
	return run >= min_tail;
}

/* scheme://user:password@host — a non-empty password before the host. */
static bool url_with_password(const char *s, size_t len)
{
	const char *end = s + len;
	for (const char *p = s; p + 3 <= end; p++) {
		if (p[0] != ':' || p[1] != '/' || p[2] != '/')
			continue;
		const char *auth = p + 3, *q = auth;
		while (q < end && *q != '/' && *q != '@' && !isspace((unsigned char)*q))
			q++;
		if (q >= end || *q != '@')
			continue;
		const char *colon = memchr(auth, ':', (size_t)(q - auth));
		if (colon && colon + 1 < q)
			return true;
	}
	return false;
}

/* Shannon entropy in bits per character of a token. */
static double entropy(const char *s, size_t n)
{
	unsigned counts[256] = {0};
	for (size_t i = 0; i < n; i++)
		counts[(unsigned char)s[i]]++;
	double h = 0;
	for (int c = 0; c < 256; c++) {
		if (!counts[c])
			continue;
		double p = (double)counts[c] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

static bool token_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

/* A long run of base64/hex-like characters that mixes character classes and is close to random. */
static bool random_looking(const char *tok, size_t n)
{
	if (n < 20)
		return false;
	bool upper = false, lower = false, digit = false;
	size_t slashes = 0;
	for (size_t i = 0; i < n; i++) {
		upper |= isupper((unsigned char)tok[i]) != 0;
		lower |= islower((unsigned char)tok[i]) != 0;
		digit |= isdigit((unsigned char)tok[i]) != 0;
		slashes += tok[i] == '/' || tok[i] == '-' || tok[i] == '_';
	}
	if (slashes * 6 > n)
		return false; /* paths and kebab-case names, not keys */
	int classes = upper + lower + digit;
	double h = entropy(tok, n);
	double ceiling = log2((double)(n < 64 ? n : 64));
	if (classes == 3)
		return h >= 0.82 * ceiling;
	if (classes == 2 && n >= 32 && !(digit && !upper && strspn(tok, "0123456789abcdef") == n))
		return h >= 0.86 * ceiling; /* lower-case hex (digests, UUIDs) is an identifier, not a key */
	return false;
}

const char *secret_value_kind(const char *s, size_t len)
{
	const char *end = s + len;
	if (url_with_password(s, len))
		return "a URL with a password";
	for (const char *p = s; p < end; p++) {
		if ((size_t)(end - p) >= 11 && strncmp(p, "-----BEGIN ", 11) == 0 && memmem(p, (size_t)(end - p), "PRIVATE KEY", 11))
			return "a private key";
		if (p != s && isalnum((unsigned char)p[-1]))
			continue; /* prefixes below must start a word (after '=', ':', a quote...) */
		if (has_prefix_run(p, end, "AKIA", 16, "") || has_prefix_run(p, end, "ASIA", 16, ""))
			return "an AWS access key";
		if (has_prefix_run(p, end, "AIza", 35, "_-"))
			return "a Google API key";
		if (has_prefix_run(p, end, "ghp_", 30, "") || has_prefix_run(p, end, "gho_", 30, "") ||
		    has_prefix_run(p, end, "ghu_", 30, "") || has_prefix_run(p, end, "ghs_", 30, "") ||
		    has_prefix_run(p, end, "ghr_", 30, "") || has_prefix_run(p, end, "github_pat_", 22, "_"))
			return "a GitHub token";
		if (has_prefix_run(p, end, "glpat-", 20, "_-"))
			return "a GitLab token";
		if (has_prefix_run(p, end, "xoxb-", 10, "-") || has_prefix_run(p, end, "xoxp-", 10, "-") ||
		    has_prefix_run(p, end, "xoxa-", 10, "-") || has_prefix_run(p, end, "xoxr-", 10, "-") ||
		    has_prefix_run(p, end, "xoxs-", 10, "-"))
			return "a Slack token";
		if (has_prefix_run(p, end, "sk_live_", 16, "") || has_prefix_run(p, end, "rk_live_", 16, "") ||
		    has_prefix_run(p, end, "sk-", 32, "_-"))
			return "an API secret key";
		if (has_prefix_run(p, end, "eyJ", 10, "_-")) {
			const char *dot = memchr(p, '.', (size_t)(end - p));
			if (dot && dot + 4 < end && strncmp(dot + 1, "eyJ", 3) == 0)
				return "a JSON Web Token";
		}
	}
	if (memmem(s, len, "hooks.slack.com/services/", 25))
		return "a Slack webhook URL";
	if (memmem(s, len, "\"private_key\"", 13))
		return "a service account key";
	if (memmem(s, len, "-----BEGIN ", 11))
		return NULL; /* a public key or certificate: its base64 body is public by design */
	for (const char *p = s; p < end;) {
		while (p < end && !token_char(*p))
			p++;
		const char *t = p;
		while (p < end && token_char(*p))
			p++;
		if (random_looking(t, (size_t)(p - t)))
			return "a random-looking key or password";
	}
	return NULL;
}
