/* test_secrets.c: unit tests of the plaintext-secret detector (compiler/secrets.c): every detector trips, near misses do not. */

/* No secret-shaped literal may sit in the repository (secret scanners read it), so every such value is assembled at
 * run time from split prefixes and generated characters; none is a real credential. */
#include "testutil_frontend.h"

#include "secrets.h"

static const char UPPER_DIGITS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char BASE64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char BASE64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* @n characters drawn from @alphabet by a fixed pseudo-random sequence (so failures reproduce); arena-owned. */
static char *generated(struct rbdc_ctx *ctx, const char *alphabet, size_t n, uint32_t seed)
{
	char *s = arena_alloc(&ctx->arena, n + 1);
	size_t k = strlen(alphabet);
	uint32_t x = seed * 2654435761u + 1u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		s[i] = alphabet[x % k];
	}
	return s;
}

/* @n copies of @c; arena-owned. */
static char *run_of(struct rbdc_ctx *ctx, char c, size_t n)
{
	char *s = arena_alloc(&ctx->arena, n + 1);
	memset(s, c, n);
	return s;
}

static const char *join(struct rbdc_ctx *ctx, const char *a, const char *b)
{
	return arena_printf(&ctx->arena, "%s%s", a, b);
}

static const char *kind_of(const char *value)
{
	return secret_value_kind(value, strlen(value));
}

/* Asserts that @value is seen as @kind, naming the value when it is not. */
static void assert_kind(const char *value, const char *kind)
{
	const char *got = kind_of(value);
	if (!got || strcmp(got, kind) != 0)
		fail_msg("'%s' looks like %s, expected %s", value, got ? got : "nothing", kind);
}

/* Asserts that @value is not seen as any kind of secret. */
static void assert_harmless(const char *value)
{
	const char *got = kind_of(value);
	if (got)
		fail_msg("'%s' should not look like a secret, but looks like %s", value, got);
}

/* ---- by name ---- */

static void test_secret_words_in_names(void **state)
{
	(void)state;
	static const struct {
		const char *name, *word;
	} cases[] = {
		{"DB_PASSWORD", "PASSWORD"},     {"db_password", "PASSWORD"},        {"PASSWORD", "PASSWORD"},
		{"MYSQL_PASSWD", "PASSWD"},      {"GPG_PASSPHRASE", "PASSPHRASE"},   {"JWT_SECRET", "SECRET"},
		{"S3_SECRET_KEY", "SECRET"},     {"GITHUB_TOKEN", "TOKEN"},          {"STRIPE_API_KEY", "API_KEY"},
		{"MAPS_APIKEY", "APIKEY"},       {"S3_ACCESS_KEY", "ACCESS_KEY"},    {"TLS_PRIVATE_KEY", "PRIVATE_KEY"},
		{"GCP_CREDENTIALS", "CREDENTIAL"}, {"MTLS_CLIENT_KEY", "CLIENT_KEY"}, {"WEBHOOK_SIGNING_KEY", "SIGNING_KEY"},
		{"DATA_ENCRYPTION_KEY", "ENCRYPTION_KEY"}, {"HMAC_AUTH_KEY", "AUTH_KEY"}, {"DB_PWD", "PWD"},
		{"db_pwd", "PWD"},
		/* issue 8: abbreviations at the end of a name, and key names that are whole parts */
		{"DB_PASS", "PASS"},             {"SMTP_PASS", "PASS"},              {"MYSQL_PWD", "PWD"},
		{"WORDPRESS_AUTH_SALT", "SALT"}, {"RAILS_MASTER_KEY", "MASTER_KEY"}, {"APP_KEY", "APP_KEY"},
		{"FLASK_SESSION_KEY", "SESSION_KEY"}, {"JWT_KEY", "JWT_KEY"},    {"db-pass", "PASS"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = secret_name_hint(cases[i].name);
		if (!got || strcmp(got, cases[i].word) != 0)
			fail_msg("%s: got %s, expected %s", cases[i].name, got ? got : "NULL", cases[i].word);
	}
}

static void test_names_that_are_not_secret(void **state)
{
	(void)state;
	const char *names[] = {"PWD",        "OLDPWD",     "PWD_DIR",     "API_DOCS_ENABLED", "S3_BUCKET", "S3_ENDPOINT",
			       "PUBLIC_KEY", "KEYCLOAK_URL", "AUTH_URL",  "PASS",             "DATABASE_URL", "SESSION_TIMEOUT",
			       "KEY",        "LOG_LEVEL",  "MINIO_ROOT_USER", "",           "ACCESS_LOG", "PRIVATE_NETWORK",
			       /* near misses of the issue-8 words: not the last part, not a whole part, or alone */
			       "PASSENGER_COUNT", "BYPASS_CACHE", "COMPASS_HEADING", "PASS_THROUGH", "SURPASS", "DB_PASSENGERS",
			       "SALT", "SALTSTACK_MASTER", "MASTER_KEYBOARD", "WHATSAPP_KEYWORDS", "MAPP_KEY", "SORT_KEY",
			       "CACHE_KEY", "KEYBOARD_LAYOUT", "SESSION_KEYS_DIR_X", "PWD_DIR"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (secret_name_hint(names[i]))
			fail_msg("%s should not sound secret (got %s)", names[i], secret_name_hint(names[i]));
}

static void test_harmless_flags(void **state)
{
	(void)state;
	const char *flags[] = {"", "true", "FALSE", "Yes", "no", "on", "off", "enabled", "Disabled", "0", "1"};
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		assert_true(secret_is_harmless_flag(flags[i]));
	const char *values[] = {"hunter2", "2", "none", "truee", " true", "changeme"};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_false(secret_is_harmless_flag(values[i]));
}

/* ---- URLs with a password ---- */

static void test_url_with_password_trips(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *password = generated(ctx, ALNUM, 12, 1);
	const char *kind = "a URL with a password";
	assert_kind(arena_printf(&ctx->arena, "postgres%sapp:%s@db:5432/app", "://", password), kind);
	assert_kind(arena_printf(&ctx->arena, "redis%s:%s@cache:6379/0", "://", password), kind); /* no user name */
	assert_kind(arena_printf(&ctx->arena, "https%suser:%s@example.com", "://", password), kind);
	assert_kind(arena_printf(&ctx->arena, "DSN=mysql%sroot:%s@tcp(db)/x", "://", "x"), kind); /* inside a longer value */
}

static void test_url_without_password_does_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless("postgres://app@db:5432/app");
	assert_harmless(join(ctx, "postgres://app:", "@db:5432/app")); /* empty password */
	assert_harmless("http://minio:9000");
	assert_harmless("https://example.com:8443/a/b");
	assert_harmless(join(ctx, "https://example.com/user:x", "@y")); /* '@' in the path, not in the authority */
	assert_harmless("git@github.com:acme/shop.git");  /* no scheme */
	assert_harmless("mailto:ops@example.com");
	assert_harmless("amqp://rabbit/vhost");
}

/* ---- PEM blocks ---- */

/* A PEM block of @label ("PRIVATE KEY", "PUBLIC KEY", ...) with a generated base64 body of @lines lines. */
static const char *pem(struct rbdc_ctx *ctx, const char *label, int lines, uint32_t seed)
{
	const char *dashes = "-----";
	const char *out = arena_printf(&ctx->arena, "%sBEGIN %s%s\n", dashes, label, dashes);
	for (int i = 0; i < lines; i++)
		out = arena_printf(&ctx->arena, "%s%s\n", out, generated(ctx, BASE64, 64, seed + (uint32_t)i));
	return arena_printf(&ctx->arena, "%s%sEND %s%s\n", out, dashes, label, dashes);
}

static void test_private_keys_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *kind = "a private key";
	assert_kind(pem(ctx, "PRIVATE" " KEY", 3, 10), kind);
	assert_kind(pem(ctx, "RSA " "PRIVATE" " KEY", 3, 20), kind);
	assert_kind(pem(ctx, "EC " "PRIVATE" " KEY", 1, 30), kind);
	assert_kind(pem(ctx, "OPENSSH " "PRIVATE" " KEY", 2, 40), kind);
	assert_kind(pem(ctx, "ENCRYPTED " "PRIVATE" " KEY", 0, 0), kind); /* the header alone is enough */
}

static void test_public_pem_headers_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(pem(ctx, "PUBLIC KEY", 0, 0));
	assert_harmless(pem(ctx, "CERTIFICATE", 0, 0));
	assert_harmless("where is the PRIVATE KEY kept?"); /* the words without a PEM header */
}

static void test_public_key_with_a_body_does_not_trip(void **state)
{
	/* Regression (was a bug in secrets.c): a public key or certificate is not a secret, but its base64 body trips the
	 * random-looking-token detector, so rule E013 refuses e.g. `env JWT_PUBLIC_KEY "-----BEGIN PUBLIC KEY-----..."`. */
	struct rbdc_ctx *ctx = *state;
	assert_harmless(pem(ctx, "PUBLIC KEY", 4, 50));
	assert_harmless(pem(ctx, "CERTIFICATE", 6, 60));
}

/* ---- cloud and service keys ---- */

static void test_aws_access_keys_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_kind(join(ctx, "AK" "IA", generated(ctx, UPPER_DIGITS, 16, 2)), "an AWS access key");
	assert_kind(join(ctx, "AS" "IA", generated(ctx, UPPER_DIGITS, 16, 3)), "an AWS access key");
	assert_kind(arena_printf(&ctx->arena, "aws key %s%s", "AK" "IA", generated(ctx, UPPER_DIGITS, 16, 4)), "an AWS access key");
}

static void test_aws_near_misses_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(join(ctx, "AK" "IA", generated(ctx, UPPER_DIGITS, 15, 5)));       /* one character short */
	assert_harmless(join(ctx, "XAK" "IA", generated(ctx, UPPER_DIGITS, 16, 6)));      /* not at a token start */
	assert_harmless(join(ctx, "ak" "ia", run_of(ctx, 'q', 16)));                     /* lower case */
	assert_harmless(join(ctx, "AK" "IB", generated(ctx, UPPER_DIGITS, 16, 7)));       /* another prefix */
}

static void test_google_api_key_trips(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_kind(join(ctx, "AI" "za", generated(ctx, BASE64URL, 35, 8)), "a Google API key");
}

static void test_google_near_miss_does_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(join(ctx, "AI" "za", run_of(ctx, 'q', 34)));
	assert_harmless(join(ctx, "AI" "za", "TheWordAlone"));
}

static void test_github_tokens_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *kind = "a GitHub token";
	const char *prefixes[] = {"gh" "p_", "gh" "o_", "gh" "u_", "gh" "s_", "gh" "r_"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		assert_kind(join(ctx, prefixes[i], generated(ctx, ALNUM, 36, 9 + (uint32_t)i)), kind);
	assert_kind(join(ctx, "github_" "pat_", generated(ctx, ALNUM, 40, 15)), kind);
}

static void test_github_near_misses_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(join(ctx, "gh" "p_", run_of(ctx, 'q', 29)));
	assert_harmless(join(ctx, "gh" "x_", run_of(ctx, 'q', 36)));
	assert_harmless(join(ctx, "github_" "pat_", "short"));
}

static void test_gitlab_token_trips(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_kind(join(ctx, "gl" "pat-", generated(ctx, BASE64URL, 20, 16)), "a GitLab token");
	assert_harmless(join(ctx, "gl" "pat-", run_of(ctx, 'q', 19)));
}

static void test_slack_tokens_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *prefixes[] = {"xo" "xb-", "xo" "xp-", "xo" "xa-", "xo" "xr-", "xo" "xs-"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		assert_kind(arena_printf(&ctx->arena, "%s%s-%s", prefixes[i], generated(ctx, "0123456789", 11, 17 + (uint32_t)i),
					 generated(ctx, ALNUM, 24, 23 + (uint32_t)i)),
			    "a Slack token");
	assert_kind(arena_printf(&ctx->arena, "https://hooks.%s/services/T%s/B%s/%s", "slack" ".com",
				 generated(ctx, UPPER_DIGITS, 8, 30), generated(ctx, UPPER_DIGITS, 8, 31),
				 generated(ctx, ALNUM, 24, 32)),
		    "a Slack webhook URL");
}

static void test_slack_near_misses_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(join(ctx, "xo" "xz-", run_of(ctx, '1', 20)));
	assert_harmless(join(ctx, "xo" "xb-", "123"));
	assert_harmless("https://hooks.slack.com/");
	assert_harmless("https://api.slack.com/apps");
}

static void test_payment_and_api_secret_keys_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *kind = "an API secret key";
	assert_kind(join(ctx, "sk" "_live_", generated(ctx, ALNUM, 24, 33)), kind);
	assert_kind(join(ctx, "rk" "_live_", generated(ctx, ALNUM, 24, 34)), kind);
	assert_kind(join(ctx, "sk" "-", generated(ctx, ALNUM, 48, 35)), kind);
}

static void test_payment_near_misses_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(join(ctx, "pk" "_live_", run_of(ctx, 'q', 24))); /* publishable keys are public */
	assert_harmless(join(ctx, "sk" "_live_", run_of(ctx, 'q', 15)));
	assert_harmless(join(ctx, "sk" "-", run_of(ctx, 'q', 31)));
	assert_harmless("task-runner");
}

static void test_jwt_trips(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *jwt = arena_printf(&ctx->arena, "%s%s.%s%s.%s", "ey" "J", generated(ctx, BASE64URL, 20, 36), "ey" "J",
				       generated(ctx, BASE64URL, 40, 37), generated(ctx, BASE64URL, 43, 38));
	assert_kind(jwt, "a JSON Web Token");
	assert_kind(arena_printf(&ctx->arena, "Bearer %s", jwt), "a JSON Web Token");
}

static void test_jwt_near_misses_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(join(ctx, "ey" "J", "abcdefghij.notjwt"));       /* second part is not JSON */
	assert_harmless(join(ctx, "ey" "J", "abc.ey" "Jdef"));           /* header too short */
	assert_harmless(join(ctx, "ey" "J", "abcdefghijklmn"));          /* one part only */
}

static void test_service_account_json_trips(void **state)
{
	(void)state;
	assert_kind("{\"type\": \"service_account\", \"private_key\": \"redacted\"}", "a service account key");
	assert_harmless("{\"type\": \"service_account\", \"client_email\": \"x@example.iam.gserviceaccount.com\"}");
}

/* ---- random-looking strings ---- */

static void test_long_random_strings_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *kind = "a random-looking key or password";
	assert_kind(generated(ctx, ALNUM, 40, 39), kind);
	assert_kind(generated(ctx, BASE64, 44, 40), kind);
	assert_kind(generated(ctx, ALNUM, 24, 41), kind);
	assert_kind(arena_printf(&ctx->arena, "secret is %s here", generated(ctx, ALNUM, 32, 42)), kind);
}

static void test_short_random_strings_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless(generated(ctx, ALNUM, 19, 43));
	assert_harmless(generated(ctx, ALNUM, 12, 44));
}

static void test_identifiers_do_not_trip(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_harmless("123e4567-e89b-12d3-a456-426614174000"); /* UUID */
	assert_harmless("123E4567-E89B-12D3-A456-426614174000"); /* upper-case UUID */
	assert_harmless(generated(ctx, "0123456789abcdef", 64, 45)); /* sha256 */
	assert_harmless(generated(ctx, "0123456789ABCDEF", 64, 46)); /* sha256, upper case */
	assert_harmless(generated(ctx, "0123456789abcdef", 40, 47)); /* git commit */
	assert_harmless(join(ctx, "sha256:", generated(ctx, "0123456789abcdef", 64, 48)));
	assert_harmless(join(ctx, "ghcr.io/acme/shop-web:1.0.0@sha256:", generated(ctx, "0123456789abcdef", 64, 49)));
	assert_harmless("quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z");
	assert_harmless("quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z");
}

static void test_paths_do_not_trip(void **state)
{
	(void)state;
	assert_harmless("/usr/share/nginx/html");
	assert_harmless("/api/v1/users/Profile2/Settings/Notifications");
	assert_harmless("/var/lib/postgresql/data/pgdata");
	assert_harmless("reactbin/api");
}

static void test_ordinary_values_do_not_trip(void **state)
{
	(void)state;
	const char *values[] = {
		"alembic upgrade head",
		"false",
		"production",
		"http://minio:9000",
		"reactbin-images",
		"en_US.UTF-8",
		"Europe/Berlin",
		"postgresql+asyncpg",
		"gunicorn app.main:app --workers 4 --bind 0.0.0.0:8000",
		"The quick brown fox jumps over the lazy dog",
		"admin@example.com",
		"https://example.com/callback?state=1",
		"0.0.0-dev",
		"",
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_harmless(values[i]);
}

/* ---- key=value pairs inside a value (issue 8) ---- */

static void test_secret_named_pairs_trip(void **state)
{
	(void)state;
	const char *kind = "a value of a secret-named key";
	assert_kind("PG" "PASSWORD=hunter2 alembic upgrade head", kind);         /* a migrate command */
	assert_kind("env PG" "PASSWORD=hunter2 ./migrate", kind);
	assert_kind("{\"db_" "password\": \"hunter2\", \"host\": \"db\"}", kind);  /* a JSON blob */
	assert_kind("{\"api_" "token\":\"abc123\"}", kind);
	assert_kind("{'client_" "secret': 'abc123'}", kind);
	assert_kind("https://api.example.com/v1?access_" "token=abc123", kind);
	assert_kind("app --api-" "token=abc123 --port 80", kind);
	assert_kind("SMTP_" "PASS = hunter2", kind);
	assert_kind("RAILS_MASTER_" "KEY=0123456789abcdef0123456789abcdef", kind);
}

static void test_harmless_pairs_do_not_trip(void **state)
{
	(void)state;
	assert_harmless("PG" "PASSWORD= ./migrate");                          /* empty */
	assert_harmless("PG" "PASSWORD=$DB_PASSWORD ./migrate");              /* a reference */
	assert_harmless("db_" "password=${DB_PASSWORD}");
	assert_harmless("{\"db_" "password\": \"{{ .Data.password }}\"}");
	assert_harmless("{\"password_min_length\": 8, \"token_ttl\": \"1h\"}"); /* about the secret, not the secret */
	assert_harmless("DB_" "PASSWORD_FILE=/run/db");
	assert_harmless("--token-url=https://auth.example.com/token");
	assert_harmless("{\"secret_name\": \"db-creds\"}");
	assert_harmless("password_" "required=true");
	assert_harmless("token==abc");                                      /* a comparison */
	assert_harmless("ghcr.io/acme/token:1.0");                          /* ':' after an unquoted word */
	assert_harmless("note: the token: it expires");
	assert_harmless("PASSENGER_COUNT=3 BYPASS_CACHE=sometimes");
	assert_harmless("api_token=********");
	assert_harmless("sslmode=require password_encryption=scram-sha-256");
	assert_harmless("{\"token_endpoint_auth_method\": \"client_secret_basic\"}");
}

/* ---- every literal of a program is scanned (issue 8) ---- */

/* Compiles @program and reports whether it was refused with E013. */
static bool refused_as_secret(const char *program)
{
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	struct compilation c;
	int rc = compile_text(&ctx, program, &c);
	bool e013 = has_code(&ctx, DIAG_E013);
	rbdc_ctx_fini(&ctx);
	return rc != 0 && e013;
}

/* Regression (issue 8: `keys` lists were never scanned, so a token as a key name reached VSO's `includes`). */
static void test_keys_list_is_scanned(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *token = join(ctx, "gh" "p_", generated(ctx, ALNUM, 36, 60));
	const char *program = arena_printf(&ctx->arena, "%s", VALID_PROGRAM);
	assert_false(refused_as_secret(program));
	char *with_token = arena_strdup(&ctx->arena, program);
	char *at = strstr(with_token, "keys DATABASE_URL");
	assert_non_null(at);
	with_token = arena_printf(&ctx->arena, "%.*skeys DATABASE_URL, %s%s", (int)(at - with_token), with_token, token,
				  at + strlen("keys DATABASE_URL"));
	assert_true(refused_as_secret(with_token));
}

static void test_statement_name_is_scanned(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *token = join(ctx, "AK" "IA", generated(ctx, UPPER_DIGITS, 16, 61));
	assert_true(refused_as_secret(arena_printf(&ctx->arena, "%s%s\n", VALID_PROGRAM, token)));
}

/* Scan once: the verdict is kept with the interned literal, so a later stage (rule E013) looks it up instead of
   scanning again; a string that was never interned is scanned every time. */
static void test_verdict_is_kept_per_literal(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct strmap interned;
	strmap_init(&interned, &ctx->arena);
	const char *raw = join(ctx, "AK" "IA", generated(ctx, UPPER_DIGITS, 16, 63));
	const char *token = intern(&interned, raw, strlen(raw));
	assert_null(strmap_find(&interned, token, strlen(token))->value); /* not judged yet */
	const char *kind = secret_value_kind_once(&interned, token, strlen(token));
	assert_non_null(kind);
	assert_string_equal(kind, secret_value_kind(token, strlen(token)));
	assert_ptr_equal(strmap_find(&interned, token, strlen(token))->value, kind);
	const char *web = intern(&interned, "web", 3);
	assert_null(secret_value_kind_once(&interned, web, 3));
	assert_non_null(strmap_find(&interned, web, 3)->value); /* a clean literal is remembered too */
	assert_ptr_equal(intern(&interned, "web", 3), web);    /* and interning still finds the one copy */
	/* A kept verdict is answered without a scan: a planted one comes back as it is. */
	const char *planted = intern(&interned, "planted", 7);
	strmap_find(&interned, planted, 7)->value = (void *)"a planted verdict";
	assert_string_equal(secret_value_kind_once(&interned, planted, 7), "a planted verdict");
	/* Never interned: scanned, nothing kept. */
	assert_null(secret_value_kind_once(&interned, "other", 5));
	assert_null(strmap_find(&interned, "other", 5));
}

/* The scanner keeps the verdict of every literal it reads, and E013 refuses the secret through it. */
static void test_scanner_keeps_verdicts_for_the_rules(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *token = join(ctx, "AK" "IA", generated(ctx, UPPER_DIGITS, 16, 64));
	struct rbdc_ctx run;
	rbdc_ctx_init(&run);
	struct compilation c;
	int rc = compile_text(&run, arena_printf(&ctx->arena, "%s%s\n", VALID_PROGRAM, token), &c);
	assert_int_not_equal(rc, 0);
	assert_true(has_code(&run, DIAG_E013));
	const struct strmap_slot *kept = strmap_find(&run.strings, token, strlen(token));
	assert_non_null(kept);
	assert_non_null(kept->value);
	assert_string_equal(kept->value, secret_value_kind(token, strlen(token)));
	assert_non_null(strmap_find(&run.strings, "web", 3)->value); /* clean words are kept as well */
	rbdc_ctx_fini(&run);
}

static void test_secret_named_env_with_hex_value_is_refused(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *hex = generated(ctx, "0123456789abcdef", 32, 62);
	const char *with = "app web { image; port 8000; health /healthz; secrets web-env; route /; env %s %s }\n";
	const char *base = VALID_PROGRAM;
	char *p = arena_strdup(&ctx->arena, base);
	*strstr(p, "app web {") = '\0';
	const char *names[] = {"DB_PASS", "SMTP_PASS", "RAILS_MASTER_KEY"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!refused_as_secret(arena_printf(&ctx->arena, "%s%s%s", p, arena_printf(&ctx->arena, with, names[i], hex),
						    "ingress { tls letsencrypt-prod }\n")))
			fail_msg("env %s with a 32-hex value is not refused", names[i]);
	const char *ordinary[] = {"PASSENGER_COUNT", "BYPASS_CACHE"};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++)
		if (refused_as_secret(arena_printf(&ctx->arena, "%s%s%s", p, arena_printf(&ctx->arena, with, ordinary[i], "sometimes"),
						   "ingress { tls letsencrypt-prod }\n")))
			fail_msg("env %s is refused", ordinary[i]);
}

static void test_migrate_command_with_a_password_is_refused(void **state)
{
	struct rbdc_ctx *ctx = *state;
	char *p = arena_strdup(&ctx->arena, VALID_PROGRAM);
	*strstr(p, "app web {") = '\0';
	const char *app = "app web { image; port 8000; health /healthz; secrets web-env; route /; migrate \"%s\" }\n";
	const char *tail = "ingress { tls letsencrypt-prod }\n";
	assert_true(refused_as_secret(arena_printf(&ctx->arena, "%s%s%s", p,
						   arena_printf(&ctx->arena, app, "PG" "PASSWORD=hunter2 alembic upgrade head"), tail)));
	assert_false(refused_as_secret(arena_printf(&ctx->arena, "%s%s%s", p,
						    arena_printf(&ctx->arena, app, "alembic upgrade head"), tail)));
}

/* ---- only the given bytes are read ---- */

static void test_length_bounds_the_search(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *key = join(ctx, "AK" "IA", generated(ctx, UPPER_DIGITS, 16, 50));
	assert_non_null(secret_value_kind(key, 20));
	assert_null(secret_value_kind(key, 19));
	assert_null(secret_value_kind(key, 0));
	const char *url = arena_printf(&ctx->arena, "postgres%sapp:%s@db", "://", "pw");
	assert_null(secret_value_kind(url, strlen(url) - 3)); /* cut before the '@' */
}

static void test_unterminated_buffers_are_not_overread(void **state)
{
	/* Each prefix sits at the very end of a heap buffer without a terminating NUL; AddressSanitizer catches a read past it. */
	struct rbdc_ctx *ctx = *state;
	const char *tails[] = {
		"postgres://u:", "postgres://u:p", "-----BEGIN ", "-----BEGIN PRIV", "AK" "IA", "AI" "za", "gh" "p_",
		"github_" "pat_", "gl" "pat-", "xo" "xb-", "sk" "_live_", "sk" "-", "ey" "J", join(ctx, "ey" "J", "abcdefghijk."),
		join(ctx, "ey" "J", "abcdefghijk.ey"), "hooks.slack.com/services", "\"private_key", "x",
	};
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		size_t n = strlen(tails[i]);
		char *buf = xmalloc(n);
		memcpy(buf, tails[i], n);
		const char *kind = secret_value_kind(buf, n);
		free(buf);
		if (kind)
			fail_msg("the fragment '%s' looks like %s", tails[i], kind);
	}
}

/* Issue 12: names that say what the value is about, or a secret word inside a name with a plainly descriptive value. */
static void test_env_names_that_describe_the_value_pass(void **state)
{
	(void)state;
	static const char *const ok[][2] = {
		{"PASSWORD_RESET_TIMEOUT", "3600"}, {"JWT_ACCESS_TOKEN_LIFETIME", "15m"},
		{"OAUTH_TOKEN_URL", "https://auth.example.com/oauth/token"}, {"MAX_TOKENS", "4096"}, {"SECRETS_DIR", "/run/secrets"},
		{"CSRF_TOKEN_HEADER", "X-CSRF-Token"}, {"OPENAI_MAX_TOKENS", "1024"}, {"DEVISE_RESET_PASSWORD_WITHIN", "6h"},
		{"SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_X_TOKENURI", "https://auth.example.com/token"}, {"DB_PASSWORD", "false"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (secret_env_hint(ok[i][0], ok[i][1], strlen(ok[i][1])))
			fail_msg("env %s \"%s\" should pass", ok[i][0], ok[i][1]);
}

/* A name that ends with the secret word holds the secret, whatever the value's shape. */
static void test_env_names_that_hold_a_secret_fail(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{"DB_PASSWORD", "hunter"}, {"DB_PASSWORD", "12345678"}, {"API_TOKEN", "3600"}, {"STRIPE_SECRET_KEY", "https://x.example/k"},
		{"SMTP_PASSWORD", "Mail-Pass"}, {"JWT_SECRET", "/run/jwt"}, {"MYSQL_PWD", "15m"}, {"PASSWORD_SALT_ROUNDS_VALUE", "abc"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (!secret_env_hint(bad[i][0], bad[i][1], strlen(bad[i][1])))
			fail_msg("env %s \"%s\" should be refused", bad[i][0], bad[i][1]);
}

/* Counted runs and CamelCase identifiers are not random, however mixed their characters. */
static void test_counted_and_camel_case_tokens_do_not_trip(void **state)
{
	(void)state;
	assert_null(kind_of("a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6"));
	assert_null(kind_of("abcdefghijklmnopqrstuvwxyz0123456789"));
	assert_null(kind_of("rest_framework_simplejwt.serializers.TokenObtainPairSerializer"));
	assert_null(kind_of("Argon2PasswordHasherForProduction"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_secret_words_in_names, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_names_that_are_not_secret, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_harmless_flags, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_url_with_password_trips, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_url_without_password_does_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_private_keys_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_public_pem_headers_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_public_key_with_a_body_does_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_aws_access_keys_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_aws_near_misses_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_google_api_key_trips, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_google_near_miss_does_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_github_tokens_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_github_near_misses_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_gitlab_token_trips, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_slack_tokens_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_slack_near_misses_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_payment_and_api_secret_keys_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_payment_near_misses_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_jwt_trips, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_jwt_near_misses_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_service_account_json_trips, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_long_random_strings_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_short_random_strings_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_identifiers_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_paths_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_ordinary_values_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_secret_named_pairs_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_harmless_pairs_do_not_trip, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_keys_list_is_scanned, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_statement_name_is_scanned, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_secret_named_env_with_hex_value_is_refused, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_verdict_is_kept_per_literal, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_scanner_keeps_verdicts_for_the_rules, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_migrate_command_with_a_password_is_refused, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_length_bounds_the_search, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_buffers_are_not_overread, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_env_names_that_describe_the_value_pass, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_env_names_that_hold_a_secret_fail, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_counted_and_camel_case_tokens_do_not_trip, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests_name("secrets", tests, NULL, NULL);
}
