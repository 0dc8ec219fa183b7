/* secrets.c: the plaintext-secret detector behind rule E013: name words, known key formats and random-looking tokens. */
#define _GNU_SOURCE /* memmem */
#include "secrets.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "strmap.h"

static const char *const secret_words[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY",
	"CREDENTIAL", "CLIENT_KEY", "SIGNING_KEY", "ENCRYPTION_KEY", "AUTH_KEY",
};

/* Key names that are secret only as whole '_'-separated parts: RAILS_MASTER_KEY and Laravel's APP_KEY, but not
   MASTER_KEYBOARD or WHATSAPP_KEYWORDS. */
static const char *const secret_part_words[] = {
	"MASTER_KEY", "APP_KEY", "SESSION_KEY", "JWT_KEY", "HMAC_KEY", "COOKIE_KEY", "LICENSE_KEY", "NONCE_KEY", "LOGGED_IN_KEY",
};

/* Abbreviations that are secret only as the last part of a longer name: DB_PASS, MYSQL_PWD, AUTH_SALT. Alone they are
   something else (PWD is the shell's directory, PASS a test verdict), and so are BYPASS, PASSENGER or PWD_DIR. */
static const char *const secret_suffix_words[] = {"PASS", "PWD", "SALT"};

static bool contains_word_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	int first = tolower((unsigned char)needle[0]);
	for (const char *p = hay; *p; p++) /* the first letter decides most positions without a call */
		if (tolower((unsigned char)*p) == first && strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

static bool name_separator(char c)
{
	return c == '_' || c == '-' || c == '.';
}

/* @needle as whole separator-delimited parts of @name (of @n bytes). */
static bool contains_part_ci(const char *name, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if ((i == 0 || name_separator(name[i - 1])) && strncasecmp(name + i, needle, k) == 0 &&
		    (i + k == n || name_separator(name[i + k])))
			return true;
	return false;
}

const char *secret_name_hint(const char *name)
{
	for (size_t i = 0; i < sizeof secret_words / sizeof secret_words[0]; i++)
		if (contains_word_ci(name, secret_words[i]))
			return secret_words[i];
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof secret_part_words / sizeof secret_part_words[0]; i++)
		if (contains_part_ci(name, n, secret_part_words[i]))
			return secret_part_words[i];
	for (size_t i = 0; i < sizeof secret_suffix_words / sizeof secret_suffix_words[0]; i++) {
		const char *w = secret_suffix_words[i];
		size_t k = strlen(w);
		if (n > k + 1 && name_separator(name[n - k - 1]) && strcasecmp(name + n - k, w) == 0)
			return w;
	}
	return NULL;
}

bool secret_is_harmless_flag(const char *value)
{
	static const char *const flags[] = {"", "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "0", "1"};
	size_t n = strlen(value);
	if (n > 8)
		return false; /* longer than every flag: the scanner asks this of every token */
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if ((value[0] | 0x20) == (flags[i][0] | 0x20) && strcasecmp(value, flags[i]) == 0)
			return true;
	return false;
}

/* PREFIX followed by exactly @digits hex digits (Twilio SK..., Mailgun key-...). */
static bool hex_after(const char *s, const char *end, const char *prefix, size_t digits)
{
	if (*s != *prefix)
		return false;
	size_t n = strlen(prefix);
	if ((size_t)(end - s) < n + digits || strncmp(s, prefix, n) != 0)
		return false;
	for (size_t i = 0; i < digits; i++)
		if (!isxdigit((unsigned char)s[n + i]))
			return false;
	return s + n + digits == end || !isalnum((unsigned char)s[n + digits]);
}

/* `password=...` in a JDBC URL, a libpq string or a query: a non-empty value that is not a ${placeholder}. */
static bool password_parameter(const char *s, size_t len)
{
	static const char *const keys[] = {"password=", "passwd=", "pwd="};
	if (!memchr(s, '=', len))
		return false; /* every key ends with one */
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		size_t kn = strlen(keys[k]);
		for (size_t i = 0; i + kn < len; i++) {
			if ((s[i] | 0x20) != 'p' || strncasecmp(s + i, keys[k], kn) != 0 || (i && isalnum((unsigned char)s[i - 1])))
				continue;
			char v = s[i + kn];
			if (v != '&' && v != ';' && v != ' ' && v != '$' && v != '{' && v != '\'' && v != '"')
				return true;
		}
	}
	return false;
}

static bool key_char(char c)
{
	return isalnum((unsigned char)c) || name_separator(c);
}

/* A key whose last part says what its value is about rather than being it: DB_PASSWORD_FILE holds a path,
   password_min_length a number, token_url an address. */
static bool key_names_metadata(const char *key, size_t n)
{
	static const char *const parts[] = {
		"FILE", "PATH", "DIR", "NAME", "TYPE", "MODE", "POLICY", "LENGTH", "LEN", "MIN", "MAX", "TTL", "TIMEOUT", "EXPIRY",
		"EXPIRES", "EXPIRATION", "LIFETIME", "COUNT", "SIZE", "ENABLED", "REQUIRED", "HEADER", "FIELD", "PARAM", "URL", "URI",
		"ENDPOINT", "HINT", "PROMPT", "LABEL", "VERSION", "ALGORITHM", "ALG", "FORMAT", "PREFIX", "ROTATION", "ENCRYPTION",
		"METHOD", "LIMIT", "INTERVAL", "DURATION", "AGE", "RETRIES", "ATTEMPTS", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES",
		"CACHE", "COOKIE", "DOMAIN", "SECURE", "HTTPONLY", "SAMESITE", "STORE", "BACKEND", "BACKENDS", "CLASS", "CLASSES",
		"PROVIDER", "DAYS", "HOURS", "MINUTES", "SECONDS", "MS", "CLAIM", "MODEL", "SERIALIZER", "GENERATOR", "HASHER",
		"HASHERS", "VALIDATOR", "VALIDATORS",
	};
	size_t last = n;
	while (last > 0 && !name_separator(key[last - 1]))
		last--;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (strlen(parts[i]) == n - last && strncasecmp(key + last, parts[i], n - last) == 0)
			return true;
	return false;
}

/* The value of a secret-named key is a credential unless it is empty, a flag, a placeholder (${VAR}, $(VAR), {{x}},
   <x>, %s) or stars. */
static bool credential_value(const char *v, size_t n)
{
	if (n == 0 || v[0] == '$' || v[0] == '{' || v[0] == '<' || v[0] == '%')
		return false;
	static const char *const blanks[] = {"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "null", "none", "nil"};
	for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++)
		if (strlen(blanks[i]) == n && strncasecmp(v, blanks[i], n) == 0)
			return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] != '*')
			return true;
	return false;
}

static bool value_stop(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == ',' || c == ')' || c == ']' ||
	       c == '}' || c == '"' || c == '\'' || c == '\0';
}

/* KEY=VALUE, KEY = VALUE, "KEY": "VALUE" and 'KEY': 'VALUE' anywhere in a value (a command's PGPASSWORD=..., a JSON
   blob's "db_password": "...", a query's token=...) where KEY names a secret and VALUE is a credential. A ':' counts
   only after a quoted key, so host:port, image:tag and prose stay out. */
static bool secret_pair(const char *s, size_t len)
{
	enum { KEY_MAX = 128, VALUE_LOOK = 64 };
	const char *end = s + len;
	for (const char *sep = s; sep < end; sep++) {
		if (*sep != '=' && *sep != ':')
			continue;
		if (*sep == '=' && ((sep + 1 < end && sep[1] == '=') || (sep > s && strchr("=!<>", sep[-1]))))
			continue; /* a comparison */
		const char *key_end = sep;
		bool spaced = false;
		while (key_end > s && sep - key_end < KEY_MAX && (key_end[-1] == ' ' || key_end[-1] == '\t')) {
			key_end--;
			spaced = true;
		}
		char quote = 0;
		if (key_end > s && (key_end[-1] == '"' || key_end[-1] == '\''))
			quote = *--key_end;
		if (*sep == ':' && !quote)
			continue;
		const char *key = key_end;
		while (key > s && key_end - key < KEY_MAX && key_char(key[-1]))
			key--;
		while (key < key_end && *key == '-')
			key++; /* --db-password=... */
		if (key == key_end || (key > s && key_char(key[-1]) && key[-1] != '-') || (quote && (key == s || key[-1] != quote)))
			continue;
		const char *v = sep + 1;
		if (spaced || *sep == ':')
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
		char vquote = 0;
		if (v < end && (*v == '"' || *v == '\''))
			vquote = *v++;
		const char *v_end = v;
		while (v_end < end && v_end - v < VALUE_LOOK && (vquote ? *v_end != vquote : !value_stop(*v_end)))
			v_end++;
		if (!credential_value(v, (size_t)(v_end - v)) || key_names_metadata(key, (size_t)(key_end - key)))
			continue;
		char name[KEY_MAX + 1];
		memcpy(name, key, (size_t)(key_end - key));
		name[key_end - key] = '\0';
		if (secret_name_hint(name))
			return true;
	}
	return false;
}

static bool has_prefix_run(const char *s, const char *end, const char *prefix, size_t min_tail, const char *tail_chars)
{
	if (*s != *prefix)
		return false; /* most calls: the position starts another prefix */
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

/* A space-free run of 32+ characters mixing classes, punctuation included (Django-style keys), close to random. */
static bool random_word(const char *w, size_t n)
{
	if (n < 32 || memmem(w, n, "://", 3))
		return false;
	bool upper = false, lower = false, digit = false, punct = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		upper |= isupper(c) != 0;
		lower |= islower(c) != 0;
		digit |= isdigit(c) != 0;
		punct |= ispunct(c) != 0;
	}
	/* URLs, image references and paths have punctuation too, but only these separators. */
	size_t unusual = 0;
	for (size_t i = 0; i < n; i++)
		unusual += ispunct((unsigned char)w[i]) && !strchr("/.:@-_=+,", w[i]);
	return punct && unusual >= 3 && upper + lower + digit + punct >= 3 && entropy(w, n) >= 4.6;
}

static bool token_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

static int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+' || c == '-') return 62;
	if (c == '/' || c == '_') return 63;
	return -1;
}

/* Base64 of readable text (`eyJlbnYiOiJwcm9kIn0=` is {"env":"prod"}) is configuration, not a key: a key decodes
   to random bytes. */
static bool base64_of_text(const char *tok, size_t n)
{
	while (n && tok[n - 1] == '=')
		n--;
	if (n < 8)
		return false;
	unsigned bits = 0, acc = 0;
	size_t bytes = 0, printable = 0;
	for (size_t i = 0; i < n; i++) {
		int v = base64_value(tok[i]);
		if (v < 0)
			return false;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			unsigned char byte = (unsigned char)(acc >> bits);
			bytes++;
			printable += (byte >= 0x20 && byte < 0x7f) || byte == '\n' || byte == '\t';
		}
	}
	return bytes && printable == bytes;
}

static bool all_hex(const char *tok, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)tok[i]))
			return false;
	return true;
}

/* A run built by counting rather than at random: a1b2c3d4..., abcdef..., 0123456789... Most of its characters are
   followed, one or two places on, by their successor; in a random token that happens about once in 30 characters. */
static bool counting_sequence(const char *tok, size_t n)
{
	size_t steps = 0;
	for (size_t i = 0; i + 1 < n; i++)
		steps += tok[i + 1] == tok[i] + 1 || (i + 2 < n && tok[i + 2] == tok[i] + 1);
	return steps * 2 >= n;
}

/* A CamelCase identifier (Argon2PasswordHasher, TokenObtainPairSerializer): words of a capital and at least two
   lower-case letters, with short digit runs between them. Random characters almost never fall into this shape. */
static bool camel_case_words(const char *tok, size_t n)
{
	size_t i = 0, words = 0;
	while (i < n) {
		size_t start = i;
		if (isupper((unsigned char)tok[i]) || (i == 0 && islower((unsigned char)tok[i]))) {
			i++;
			while (i < n && islower((unsigned char)tok[i]))
				i++;
			if (i - start < 3)
				return false;
			words++;
		} else if (isdigit((unsigned char)tok[i])) {
			while (i < n && isdigit((unsigned char)tok[i]))
				i++;
			if (i - start > 3)
				return false;
		} else {
			return false;
		}
	}
	return words >= 2;
}

/* A long run of base64/hex-like characters that mixes character classes and is close to random. */
static bool random_looking(const char *tok, size_t n)
{
	if (n < 20 || base64_of_text(tok, n) || counting_sequence(tok, n) || camel_case_words(tok, n))
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
	if (classes == 3 && n >= 32 && all_hex(tok, n))
		return true; /* mixed-case hex: digests and IDs are printed in one case, keys sometimes are not */
	double h = entropy(tok, n);
	double ceiling = log2((double)(n < 64 ? n : 64));
	if (classes == 3)
		return h >= 0.82 * ceiling;
	if (classes == 2 && n >= 32 && !(digit && !upper && all_hex(tok, n)))
		return h >= 0.86 * ceiling; /* lower-case hex (digests, UUIDs) is an identifier, not a key */
	return false;
}

/* The first letters of the key prefixes secret_value_kind knows. */
static const bool prefix_start[256] = {['A'] = true, ['g'] = true, ['x'] = true, ['d'] = true, ['s'] = true,
				       ['S'] = true, ['k'] = true, ['r'] = true, ['e'] = true};

const char *secret_value_kind(const char *s, size_t len)
{
	const char *end = s + len;
	if (url_with_password(s, len))
		return "a URL with a password";
	for (const char *p = s; p < end; p++) {
		if (*p == '-' && (size_t)(end - p) >= 11 && strncmp(p, "-----BEGIN ", 11) == 0 &&
		    memmem(p, (size_t)(end - p), "PRIVATE KEY", 11))
			return "a private key";
		if (p != s && isalnum((unsigned char)p[-1]))
			continue; /* prefixes below must start a word (after '=', ':', a quote...) */
		if (!prefix_start[(unsigned char)*p])
			continue; /* the first letters of every prefix below: most words are passed over at one lookup */
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
		if (has_prefix_run(p, end, "xapp-", 10, "-"))
			return "a Slack token";
		if (has_prefix_run(p, end, "dop_v1_", 40, "") || has_prefix_run(p, end, "doo_v1_", 40, "") ||
		    has_prefix_run(p, end, "dor_v1_", 40, ""))
			return "a DigitalOcean token";
		if (has_prefix_run(p, end, "shpat_", 32, "") || has_prefix_run(p, end, "shpss_", 32, "") ||
		    has_prefix_run(p, end, "shpca_", 32, "") || has_prefix_run(p, end, "shppa_", 32, ""))
			return "a Shopify token";
		if (has_prefix_run(p, end, "AGE-SECRET-KEY-1", 40, ""))
			return "an age secret key";
		if (hex_after(p, end, "SK", 32) || hex_after(p, end, "key-", 32))
			return "an API key";
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
	if (password_parameter(s, len))
		return "a connection string with a password";
	if (secret_pair(s, len))
		return "a value of a secret-named key";
	const char *basic = memmem(s, len, "Basic ", 6);
	if (basic && (basic == s || !isalnum((unsigned char)basic[-1]))) {
		const char *t = basic + 6, *e = t;
		while (e < end && (base64_value(*e) >= 0 || *e == '='))
			e++;
		if (e - t >= 8)
			return "HTTP basic credentials";
	}
	/* An OpenSSH public key line: its base64 body is public by design. */
	if ((len > 4 && strncmp(s, "ssh-", 4) == 0) || (len > 6 && strncmp(s, "ecdsa-", 6) == 0))
		return NULL;
	if (memmem(s, len, "-----BEGIN ", 11))
		return NULL; /* a public key or certificate: its base64 body is public by design */
	for (const char *p = s; p < end;) {
		while (p < end && !token_char(*p))
			p++;
		const char *t = p;
		while (p < end && token_char(*p))
			p++;
		/* `/KEY` as a path and `KEY-` glued to a dash are the key: separators at the ends are not part of it. */
		const char *e = p;
		while (t < e && (*t == '/' || *t == '-' || *t == '_'))
			t++;
		while (e > t && (e[-1] == '/' || e[-1] == '-' || e[-1] == '_'))
			e--;
		if (random_looking(t, (size_t)(e - t)))
			return "a random-looking key or password";
	}
	for (const char *p = s; p < end;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *w = p;
		while (p < end && !isspace((unsigned char)*p))
			p++;
		if (random_word(w, (size_t)(p - w)))
			return "a random-looking key or password";
	}
	return NULL;
}

/* A value that says by its shape what it is: a number (optionally with a unit or quantity suffix: 3600, 15m, 1h30m,
   512Mi), a URL without credentials, a path, or an HTTP header name (X-CSRF-Token, Authorization). */
static bool descriptive_value(const char *v, size_t n)
{
	if (n == 0)
		return false;
	size_t i = 0;
	if (isdigit((unsigned char)v[0])) { /* 15m, 1h30m, 3600, 0.5, 512Mi: digits with at most two letters after each run */
		while (i < n) {
			size_t d = 0, l = 0;
			while (i < n && (isdigit((unsigned char)v[i]) || v[i] == '.'))
				i++, d++;
			while (i < n && isalpha((unsigned char)v[i]))
				i++, l++;
			if (d == 0 || l > 2)
				return false;
		}
		return true;
	}
	if (v[0] == '/' || (n > 2 && v[0] == '.' && v[1] == '/')) {
		for (i = 0; i < n; i++)
			if (isspace((unsigned char)v[i]))
				return false;
		return true;
	}
	const char *scheme = memmem(v, n, "://", 3);
	if (scheme && scheme > v)
		return !url_with_password(v, n);
	/* A header name: capitalised words joined by '-' (RFC 9110 field names are tokens; these are the usual form). */
	bool word_start = true;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '-' && !word_start)
			word_start = true;
		else if (word_start && isupper(c))
			word_start = false;
		else if (word_start || !isalnum(c))
			return false;
	}
	return !word_start && (memchr(v, '-', n) || strcmp(v, "Authorization") == 0);
}

/* True when @name ends with a secret-like word (DB_PASSWORD, STRIPE_API_KEY, MYSQL_PWD), or with KEY after one
   (STRIPE_SECRET_KEY): the name says the value is the secret itself, so no shape of value makes it harmless. */
static bool ends_with_secret_word(const char *name)
{
	size_t n = strlen(name);
	if (n > 4 && name_separator(name[n - 4]) && strcasecmp(name + n - 3, "KEY") == 0)
		return true;
	const char *const *lists[] = {secret_words, secret_part_words, secret_suffix_words};
	const size_t sizes[] = {sizeof secret_words / sizeof secret_words[0], sizeof secret_part_words / sizeof secret_part_words[0],
				sizeof secret_suffix_words / sizeof secret_suffix_words[0]};
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < sizes[l]; i++) {
			size_t k = strlen(lists[l][i]);
			if (n >= k && strcasecmp(name + n - k, lists[l][i]) == 0)
				return true;
		}
	return false;
}

const char *secret_env_hint(const char *name, const char *value, size_t len)
{
	const char *word = secret_name_hint(name);
	if (!word || secret_is_harmless_flag(value))
		return NULL;
	size_t n = strlen(name);
	/* The name says what the value is about: PASSWORD_RESET_TIMEOUT, OAUTH_TOKEN_URL, SECRETS_DIR, MAX_TOKENS,
	   MIN_PASSWORD_LENGTH. The by-value scan still runs on the value (a cloud key under TOKEN_URL is caught). */
	if (key_names_metadata(name, n) || strncasecmp(name, "MAX_", 4) == 0 || strncasecmp(name, "MIN_", 4) == 0)
		return NULL;
	/* The secret word is not the end of the name and the value is clearly a number, duration, URL, path or header
	   name (JWT_TOKENVALIDITYINSECONDS "86400", OPENAI_MAX_TOKENS "1024", DEVISE_RESET_PASSWORD_WITHIN "6h"). When
	   the name ends with it (DB_PASSWORD "12345678"), the number is the password. */
	if (!ends_with_secret_word(name) && descriptive_value(value, len))
		return NULL;
	return word;
}

const char *secret_value_kind_once(struct strmap *interned, const char *value, size_t len)
{
	static const char clean[] = ""; /* the verdict of a literal that looks like nothing (NULL: not judged yet) */
	struct strmap_slot *slot = strmap_find(interned, value, len);
	if (slot && slot->value)
		return *(const char *)slot->value ? slot->value : NULL;
	const char *kind = secret_value_kind(value, len);
	if (slot)
		slot->value = (void *)(kind ? kind : clean);
	return kind;
}
