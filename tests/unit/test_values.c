/* test_values.c: unit tests of scalar parsing and validation (compiler/values.c): numbers, durations, sizes, names, paths, images. */
#include "testutil_frontend.h"

#include "values.h"

enum { UNTOUCHED = -12345 };

/* value_parse_int over [lo, hi]: true with the value, or false leaving @out alone. */
static bool parses_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	*out = UNTOUCHED;
	return value_parse_int(s, lo, hi, out);
}

static bool parses_duration(const char *s, int64_t *seconds)
{
	*seconds = UNTOUCHED;
	return value_parse_duration(s, seconds);
}

/* A string of @n copies of @c, arena-owned. */
static char *repeat(struct rbdc_ctx *ctx, char c, size_t n)
{
	char *s = arena_alloc(&ctx->arena, n + 1);
	memset(s, c, n);
	return s;
}

/* ---- integers ---- */

static void test_int_in_range(void **state)
{
	(void)state;
	int64_t v;
	assert_true(parses_int("8000", 1, 65535, &v));
	assert_int_equal(v, 8000);
	assert_true(parses_int("1", 1, 65535, &v));
	assert_int_equal(v, 1);
	assert_true(parses_int("65535", 1, 65535, &v));
	assert_int_equal(v, 65535);
	assert_true(parses_int("0", 0, 10, &v));
	assert_int_equal(v, 0);
}

static void test_int_out_of_range(void **state)
{
	(void)state;
	int64_t v;
	assert_false(parses_int("65536", 1, 65535, &v));
	assert_int_equal(v, UNTOUCHED);
	assert_false(parses_int("0", 1, 65535, &v));
	assert_false(parses_int("70000", 1, 65535, &v));
	assert_false(parses_int("2147483648", 1, 2147483647, &v));
	assert_true(parses_int("2147483647", 1, 2147483647, &v));
	assert_int_equal(v, 2147483647);
}

static void test_int_overflow(void **state)
{
	(void)state;
	int64_t v;
	assert_true(parses_int("9223372036854775807", 0, INT64_MAX, &v));
	assert_true(v == INT64_MAX);
	assert_false(parses_int("9223372036854775808", 0, INT64_MAX, &v));
	assert_false(parses_int("18446744073709551616", 0, INT64_MAX, &v));
	assert_false(parses_int("99999999999999999999999999999", 0, INT64_MAX, &v));
	assert_int_equal(v, UNTOUCHED);
}

static void test_int_leading_zeros(void **state)
{
	(void)state;
	int64_t v;
	assert_false(parses_int("010", 0, 100, &v));
	assert_false(parses_int("00", 0, 100, &v));
	assert_false(parses_int("0080", 1, 65535, &v));
	assert_true(parses_int("100", 0, 100, &v));
}

static void test_int_not_plain_decimal(void **state)
{
	(void)state;
	int64_t v;
	const char *bad[] = {"", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "1_000", "8000a", "a"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(parses_int(bad[i], 0, INT64_MAX, &v));
		assert_int_equal(v, UNTOUCHED);
	}
}

/* ---- durations ---- */

static void test_durations_of_one_unit(void **state)
{
	(void)state;
	int64_t s;
	assert_true(parses_duration("30s", &s));
	assert_int_equal(s, 30);
	assert_true(parses_duration("5m", &s));
	assert_int_equal(s, 300);
	assert_true(parses_duration("1h", &s));
	assert_int_equal(s, 3600);
	assert_true(parses_duration("24h", &s));
	assert_int_equal(s, 86400);
}

static void test_durations_refused(void **state)
{
	(void)state;
	int64_t s;
	const char *bad[] = {"1h30m", "0s", "0h", "1d", "1w", "1ms", "30", "s", "", "-5s", "1.5h", "1H", "5 m", "5m ", "m5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(parses_duration(bad[i], &s));
		assert_int_equal(s, UNTOUCHED);
	}
}

static void test_duration_bounds(void **state)
{
	(void)state;
	int64_t s;
	/* Every unit reaches the same bound, the int32 seconds of periodSeconds and ttlSecondsAfterFinished (issue 8:
	   1000000001s to 2147483647s were refused as "not a duration"). */
	assert_true(parses_duration("2147483647s", &s));
	assert_int_equal(s, 2147483647);
	assert_false(parses_duration("2147483648s", &s));
	assert_true(parses_duration("35791394m", &s));
	assert_false(parses_duration("35791395m", &s));
	assert_true(parses_duration("596523h", &s));
	assert_int_equal(s, 596523LL * 3600);
	assert_false(parses_duration("596524h", &s));
	assert_false(parses_duration("99999999999999999999s", &s));
}

/* ---- quantities ---- */

static void test_cpu_quantities(void **state)
{
	(void)state;
	const char *good[] = {"100m", "250m", "1", "2", "0.5", "1.25", "4000m"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(value_parse_quantity(good[i], QUANTITY_CPU));
	const char *bad[] = {"", "m", "100Mi", "1Gi", "1k", "-1", ".5", "1.", "100 m", "100M", "1e3", "100mm"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(value_parse_quantity(bad[i], QUANTITY_CPU));
}

/* Issue 14 (mutant values-cpu-zero): a zero request is no request; every spelling of zero is refused. */
static void test_cpu_zero_refused(void **state)
{
	(void)state;
	const char *zero[] = {"0", "0m", "0.0", "0.000", "000m"};
	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		assert_false(value_parse_quantity(zero[i], QUANTITY_CPU));
	assert_true(value_parse_quantity("1m", QUANTITY_CPU));
	assert_true(value_parse_quantity("0.001", QUANTITY_CPU));
}

static void test_byte_quantities(void **state)
{
	(void)state;
	const char *good[] = {"512Mi", "10Gi", "1Ti", "1Pi", "1Ei", "128Ki", "1G", "500M", "1k", "1T", "1.5Gi"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(value_parse_quantity(good[i], QUANTITY_BYTES));
	/* a size without a unit is bytes, never what a person means by `memory 2` */
	const char *bad[] = {"", "Mi", "10GB", "10gi", "1mi", "10 Gi", "-1Gi", "1Gi ", "1m", "0", "134217728", ".5Gi",
			     "1.Gi", "1KI", "1K"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(value_parse_quantity(bad[i], QUANTITY_BYTES));
}

static void test_quantity_too_large(void **state)
{
	(void)state;
	assert_true(value_parse_quantity("1000000000000k", QUANTITY_BYTES));
	assert_false(value_parse_quantity("1000000000001k", QUANTITY_BYTES));
	assert_false(value_parse_quantity("99999999999999999999999Gi", QUANTITY_BYTES));
	assert_false(value_parse_quantity("99999999999999999999999m", QUANTITY_CPU));
}

/* ---- names ---- */

static void test_dns_labels_accepted(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_null(value_dns_label_problem("web", 63));
	assert_null(value_dns_label_problem("a", 63));
	assert_null(value_dns_label_problem("api-v2", 63));
	assert_null(value_dns_label_problem("a--b", 63));
	assert_null(value_dns_label_problem(repeat(ctx, 'a', 63), 63));
	assert_null(value_dns_label_problem(repeat(ctx, 'a', 20), 20));
}

static void test_dns_label_problems(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(value_dns_label_problem("", 63), "it is empty");
	assert_string_equal(value_dns_label_problem(repeat(ctx, 'a', 64), 63), "it is too long");
	assert_string_equal(value_dns_label_problem(repeat(ctx, 'a', 21), 20), "it is too long");
	assert_string_equal(value_dns_label_problem("1web", 63), "it must start with a letter");
	assert_string_equal(value_dns_label_problem("-web", 63), "it must start with a letter");
	assert_string_equal(value_dns_label_problem("Web", 63), "it must be lower-case");
	assert_string_equal(value_dns_label_problem("wEb", 63), "it must be lower-case");
	assert_string_equal(value_dns_label_problem("Web_1", 63), "it must be lower-case");
	assert_string_equal(value_dns_label_problem("we_b", 63), "it may hold only lower-case letters, digits and '-'");
	assert_string_equal(value_dns_label_problem("we.b", 63), "it may hold only lower-case letters, digits and '-'");
	assert_string_equal(value_dns_label_problem("web-", 63), "it must end with a letter or digit");
}

static void test_hostnames_accepted(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_null(value_hostname_problem("shop.example.com"));
	assert_null(value_hostname_problem("reactbin.example.com"));
	assert_null(value_hostname_problem("a-b.c-d.example"));
	assert_null(value_hostname_problem("123.example.com"));
	assert_null(value_hostname_problem("xn--bcher-kva.example"));
	char *long_label = arena_printf(&ctx->arena, "%s.com", repeat(ctx, 'a', 63));
	assert_null(value_hostname_problem(long_label));
}

static void test_hostname_problems(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(value_hostname_problem(""), "it is empty");
	assert_string_equal(value_hostname_problem("localhost"), "it has no dot, so it is not a public host name");
	assert_string_equal(value_hostname_problem("Shop.example.com"), "it must be lower-case");
	assert_string_equal(value_hostname_problem("shop..com"), "it has an empty label");
	assert_string_equal(value_hostname_problem(".shop.com"), "it has an empty label");
	assert_string_equal(value_hostname_problem("shop.com."), "it has an empty label");
	assert_string_equal(value_hostname_problem("-shop.com"), "a label starts with '-'");
	assert_string_equal(value_hostname_problem("shop.-x.com"), "a label starts with '-'");
	assert_string_equal(value_hostname_problem("shop-.com"), "a label ends with '-'");
	assert_string_equal(value_hostname_problem("shop_x.com"), "it may hold only lower-case letters, digits, '-' and '.'");
	assert_string_equal(value_hostname_problem("shop.com:443"), "it may hold only lower-case letters, digits, '-' and '.'");
	assert_string_equal(value_hostname_problem("https://shop.com"), "it may hold only lower-case letters, digits, '-' and '.'");
	char *too_long_label = arena_printf(&ctx->arena, "%s.com", repeat(ctx, 'a', 64));
	assert_string_equal(value_hostname_problem(too_long_label), "a label is longer than 63 characters");
	/* 4 labels of 63 plus 3 dots is 255 bytes */
	const char *l = repeat(ctx, 'a', 63);
	char *too_long = arena_printf(&ctx->arena, "%s.%s.%s.%s", l, l, l, l);
	assert_string_equal(value_hostname_problem(too_long), "it is longer than 253 characters");
}

/* Hosts of `host` and `domain` (issue 11): a wildcard only as the whole first label, never an IP address, as the API
   server's Ingress host validation and the HTTPRoute hostname pattern have it. */
static void test_host_wildcards_and_addresses(void **state)
{
	(void)state;
	assert_null(value_hostname_problem("*.example.com"));
	assert_null(value_hostname_problem("*.shop.example.com"));
	const char *wildcard = "a wildcard '*' may only be the whole first label, as in *.example.com";
	assert_string_equal(value_hostname_problem("www.*.example.com"), wildcard);
	assert_string_equal(value_hostname_problem("*shop.example.com"), wildcard);
	assert_string_equal(value_hostname_problem("**.example.com"), wildcard);
	assert_string_equal(value_hostname_problem("example.*"), wildcard);
	assert_string_equal(value_hostname_problem("*.com"), "it has no dot, so it is not a public host name");
	assert_string_equal(value_hostname_problem("*."), "it has an empty label");
	const char *address = "it is an IP address or ends in a numeric label; an Ingress host must be a DNS name";
	assert_string_equal(value_hostname_problem("192.0.2.10"), address);
	assert_string_equal(value_hostname_problem("*.0.2.10"), address);
	assert_string_equal(value_hostname_problem("[2001:db8::1]"), "it may hold only lower-case letters, digits, '-' and '.'");
}

static void test_bucket_names(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_null(value_bucket_problem("reactbin-images"));
	assert_null(value_bucket_problem("abc"));
	assert_null(value_bucket_problem("1abc"));
	assert_null(value_bucket_problem("my.bucket.v2"));
	assert_null(value_bucket_problem(repeat(ctx, 'b', 63)));
	assert_string_equal(value_bucket_problem("ab"), "bucket names are 3 to 63 characters");
	assert_string_equal(value_bucket_problem(""), "bucket names are 3 to 63 characters");
	assert_string_equal(value_bucket_problem(repeat(ctx, 'b', 64)), "bucket names are 3 to 63 characters");
	assert_string_equal(value_bucket_problem("Images"), "bucket names are lower-case, without '_'");
	assert_string_equal(value_bucket_problem("-abc"), "bucket names start and end with a lower-case letter or digit");
	assert_string_equal(value_bucket_problem("abc."), "bucket names start and end with a lower-case letter or digit");
	assert_string_equal(value_bucket_problem("ab_c"), "bucket names are lower-case, without '_'");
	assert_string_equal(value_bucket_problem("abCd"), "bucket names are lower-case, without '_'");
	assert_string_equal(value_bucket_problem("ab+c"), "bucket names hold only lower-case letters, digits, '-' and '.'");
	assert_string_equal(value_bucket_problem("a..b"), "bucket names cannot have '..', '.-' or '-.'");
	assert_string_equal(value_bucket_problem("a.-b"), "bucket names cannot have '..', '.-' or '-.'");
	assert_string_equal(value_bucket_problem("a-.b"), "bucket names cannot have '..', '.-' or '-.'");
}

static void test_env_names(void **state)
{
	(void)state;
	const char *good[] = {"DATABASE_URL", "_PRIVATE", "x", "S3_BUCKET", "a1", "API_DOCS_ENABLED"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(value_is_env_name(good[i]));
	const char *bad[] = {"", "1X", "A-B", "A.B", "A B", "A=B", "$A", "caf\xc3\xa9"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(value_is_env_name(bad[i]));
}

/* ---- paths ---- */

static void test_clean_paths(void **state)
{
	(void)state;
	const char *good[] = {"/", "/api/", "/api/v1/health", "/healthz", "/.well-known/acme", "/a/..b", "/a/b.", "/a-b_c.d", "/A/Z9"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_null(value_path_problem(good[i], true));
		assert_null(value_path_problem(good[i], false));
	}
	/* health paths may hold what the kubelet's URL parser takes; routes may not (ingress-nginx's Prefix rule) */
	const char *health_only[] = {"/a~b", "/a%20b", "/a:b", "/a@b", "/a=b,c", "/a!", "/a&b"};
	for (size_t i = 0; i < sizeof health_only / sizeof health_only[0]; i++) {
		assert_null(value_path_problem(health_only[i], false));
		assert_non_null(value_path_problem(health_only[i], true));
	}
}

/* Issue 8 item 5: kubernetes pkg/apis/networking/validation (validateHTTPIngressPath) and ingress-nginx
   internal/ingress/inspector/rules.go (validPathType, the refused file names). */
static void test_route_rules_of_the_api_server_and_ingress_nginx(void **state)
{
	(void)state;
	assert_string_equal(value_route_problem("/a%2fb"), "it cannot hold '%2f', an encoded '/' the API server refuses");
	assert_string_equal(value_route_problem("/a%2Fb"), "it cannot hold '%2f', an encoded '/' the API server refuses");
	assert_string_equal(value_path_problem("/a%2F", true), "it cannot hold '%2f', an encoded '/' the API server refuses");
	const char *why = "routes hold only letters, digits, '/', '.', '_' and '-' (ingress-nginx refuses other characters in Prefix paths)";
	const char *odd[] = {"/~user", "/a%20b", "/a:b", "/a@b", "/a=b", "/a,b", "/a!", "/a&b", "/a\"b", "/a<b>"};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
		assert_string_equal(value_route_problem(odd[i]), why);
	const char *own[] = {"/etc/passwd", "/x/etc/nginx/y", "/var/run/secrets/k", "/a_by_lua", "/etc/ingress-controller"};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		assert_string_equal(value_route_problem(own[i]), "ingress-nginx refuses paths naming its own files or holding '_by_lua'");
	assert_null(value_route_problem("/etc/app"));
	assert_null(value_route_problem("/static/v1.2/app_x-y"));
	/* the API server's dot rules, through the whole check */
	assert_non_null(value_path_problem("/a/..", true));
	assert_non_null(value_path_problem("/a/.", true));
	assert_non_null(value_path_problem("/a/./b", true));
}

/* Issue 8 item 6: a directory spliced into nginx's `root` directive. */
static void test_nginx_paths(void **state)
{
	(void)state;
	const char *good[] = {"/usr/share/nginx/html", "/srv/www/", "/app/dist-1.2_x", "/a+b@c~d,e=f:g"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_null(value_nginx_path_problem(good[i]));
	const char *why = "nginx would read it as syntax: it may hold only letters, digits and / . _ - + @ ~ , = :";
	const char *syntax[] = {"/srv/$x", "/srv\\x", "/srv;x", "/srv{x", "/srv}x", "/srv\"x", "/srv'x", "/srv%20x", "/srv(x)", "/srv*"};
	for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++)
		assert_string_equal(value_nginx_path_problem(syntax[i]), why);
	assert_string_equal(value_nginx_path_problem("srv"), "it must start with '/'");
	assert_string_equal(value_nginx_path_problem("/srv x"), "it may hold only printable ASCII without spaces");
	assert_string_equal(value_nginx_path_problem("/srv#x"), "it cannot hold a query or fragment ('?', '#')");
	assert_string_equal(value_nginx_path_problem("/srv/../etc"), "it cannot hold '.' or '..' segments");
}

/* Issue 9 item 3: a body limit in Kubernetes' binary units, spelt for ingress-nginx's proxy-body-size (^\d+[bkmg]?$,
   1024-based in nginx); nothing nginx would read differently or past its largest offset. */
static void test_body_limits(void **state)
{
	(void)state;
	static const char *const good[][2] = {{"20Mi", "20m"}, {"1", "1"}, {"512Ki", "512k"}, {"2Gi", "2g"}, {"1Ti", "1024g"},
					      {"8589934591Gi", "8589934591g"}, {"9223372036854775807", "9223372036854775807"}};
	char out[32];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_null(value_body_limit(good[i][0], out, sizeof out));
		assert_string_equal(out, good[i][1]);
	}
	const char *unit = "the unit must be Ki, Mi, Gi or Ti (1024-based, as ingress-nginx reads k, m and g), or none for bytes";
	const char *units[] = {"20M", "20m", "20MB", "20MiB", "20k", "1G", "20 Mi", "20Mi ", "20Pi"};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		assert_string_equal(value_body_limit(units[i], out, sizeof out), unit);
	assert_string_equal(value_body_limit("1.5Gi", out, sizeof out), "it must be a whole number in one unit, like 1536Mi rather than 1.5Gi");
	assert_string_equal(value_body_limit("0", out, sizeof out), "0 would switch the limit off");
	assert_string_equal(value_body_limit("0Mi", out, sizeof out), "0 would switch the limit off");
	assert_string_equal(value_body_limit("020Mi", out, sizeof out), "it has a leading zero");
	assert_string_equal(value_body_limit("Mi", out, sizeof out), "it must start with a whole number");
	assert_string_equal(value_body_limit("-1Mi", out, sizeof out), "it must start with a whole number");
	assert_string_equal(value_body_limit("8589934592Gi", out, sizeof out), "it is larger than nginx can count");
	assert_string_equal(value_body_limit("8388608Ti", out, sizeof out), "it is larger than nginx can count");
	assert_string_equal(value_body_limit("99999999999999999999", out, sizeof out), "it is larger than nginx can count");
}

/* Issue 8, minor: Vault paths and mounts go into VSO's request URL. */
static void test_vault_paths(void **state)
{
	(void)state;
	const char *good[] = {"shop/api", "kv", "team_a/app-1", "app.prod/db", "a/b/c", "x..y", "a.", "kv-v2"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_null(value_vault_path_problem(good[i]));
	assert_string_equal(value_vault_path_problem(""), "it is empty");
	assert_string_equal(value_vault_path_problem("/shop"), "it must be relative to the mount, without a leading or trailing '/'");
	assert_string_equal(value_vault_path_problem("shop/"), "it must be relative to the mount, without a leading or trailing '/'");
	assert_string_equal(value_vault_path_problem("a//b"), "it cannot hold an empty segment ('//')");
	const char *dots[] = {"..", ".", "a/..", "../a", "a/../b", "a/./b", "a/."};
	for (size_t i = 0; i < sizeof dots / sizeof dots[0]; i++)
		assert_string_equal(value_vault_path_problem(dots[i]), "it cannot hold '.' or '..' segments");
	const char *chars[] = {"a?b", "a#b", "a%2fb", "a b", "a\\b", "a\"b", "caf\xc3\xa9"};
	for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
		assert_string_equal(value_vault_path_problem(chars[i]), "it may hold only letters, digits and / . _ - + @ = , : ~ (no spaces, '?', '#' or '%')");
}

/* Issue 8, minor: the Vault address of a VaultConnection. */
static void test_vault_urls(void **state)
{
	(void)state;
	const char *good[] = {"https://vault.example.com:8200", "http://vault:8200", "https://vault.example.com", "https://10.0.0.5:8200",
			      "https://[fd00::1]:8200", "https://vault.example.com/", "https://Vault.Example.com:1", "https://v:65535/prefix"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_null(value_url_problem(good[i]));
	assert_string_equal(value_url_problem("vault.example.com"), "it must start with https:// or http://");
	assert_string_equal(value_url_problem("ftp://vault"), "it must start with https:// or http://");
	assert_string_equal(value_url_problem("https://"), "it has no host");
	assert_string_equal(value_url_problem("https://:8200"), "the host name has an empty or overlong part between dots");
	assert_string_equal(value_url_problem("https://vault:99999"), "the port is above 65535");
	assert_string_equal(value_url_problem("https://vault:0"), "the port is 0");
	assert_string_equal(value_url_problem("https://vault:"), "the port is empty");
	assert_string_equal(value_url_problem("https://vault:82a0"), "the port is not a number");
	assert_string_equal(value_url_problem("https://me@vault"), "it holds credentials (USER@); VSO logs in through the VaultAuth, never with a user in the URL");
	assert_string_equal(value_url_problem("https://vault/?x=1"), "it cannot hold a query or fragment ('?', '#')");
	assert_string_equal(value_url_problem("https://vault#top"), "it cannot hold a query or fragment ('?', '#')");
	assert_string_equal(value_url_problem("https://vau_lt"), "the host name holds a character other than letters, digits, '-' and '.'");
	assert_string_equal(value_url_problem("https://-vault"), "a part of the host name starts with '-'");
	assert_string_equal(value_url_problem("https://vault/a b"), "it may hold only printable ASCII without spaces");
	assert_string_equal(value_url_problem("https://[zz]:1"), "an IPv6 address is written [hex:digits:and:colons]");
}

static void test_path_problems(void **state)
{
	(void)state;
	assert_string_equal(value_path_problem("api", true), "it must start with '/'");
	assert_string_equal(value_path_problem("", false), "it must start with '/'");
	assert_string_equal(value_path_problem("/a b", true), "it may hold only printable ASCII without spaces");
	assert_string_equal(value_path_problem("/a\tb", false), "it may hold only printable ASCII without spaces");
	assert_string_equal(value_path_problem("/caf\xc3\xa9", false), "it may hold only printable ASCII without spaces");
	assert_string_equal(value_path_problem("/a\177", false), "it may hold only printable ASCII without spaces");
	assert_string_equal(value_path_problem("/a?x=1", false), "it cannot hold a query or fragment ('?', '#')");
	assert_string_equal(value_path_problem("/a#top", true), "it cannot hold a query or fragment ('?', '#')");
	assert_string_equal(value_path_problem("/a//b", true), "it cannot hold an empty segment ('//')");
	assert_string_equal(value_path_problem("//", false), "it cannot hold an empty segment ('//')");
	assert_string_equal(value_path_problem("/a/../b", true), "it cannot hold '.' or '..' segments");
	assert_string_equal(value_path_problem("/a/./b", true), "it cannot hold '.' or '..' segments");
	assert_string_equal(value_path_problem("/a/..", false), "it cannot hold '.' or '..' segments");
	assert_string_equal(value_path_problem("/.", false), "it cannot hold '.' or '..' segments");
}

static void test_routes_refuse_regex_characters_health_paths_do_not(void **state)
{
	(void)state;
	const char *regexy[] = {"/api/*", "/a+", "/(a)", "/[a]", "/{id}", "/a|b", "/^a", "/a$", "/a\\b", "/a;b", "/a'b", "/a`b"};
	for (size_t i = 0; i < sizeof regexy / sizeof regexy[0]; i++) {
		assert_string_equal(value_path_problem(regexy[i], true), "routes cannot hold regex or shell characters");
		assert_null(value_path_problem(regexy[i], false));
	}
}

static void test_control_characters_in_values(void **state)
{
	(void)state;
	assert_false(value_has_control("plain text", 10));
	assert_false(value_has_control("tab\there", 8));
	assert_true(value_has_control("new\nline", 8));
	assert_true(value_has_control("cr\r", 3));
	assert_true(value_has_control("esc\033", 4));
	assert_true(value_has_control("del\177", 4));
	assert_false(value_has_control("caf\xc3\xa9", 5));
	assert_true(value_has_control("a\0b", 3));
	assert_false(value_has_control("ok\nhidden", 2)); /* only @len bytes count */
}

static void test_utf8_validity(void **state)
{
	(void)state;
	const char *good[] = {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x9a\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
			      "\xed\x9f\xbf", "\xee\x80\x80"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(value_utf8_valid(good[i], strlen(good[i])));
	const char *bad[] = {
		"\x80",             /* lone continuation byte */
		"\xc3",             /* truncated two-byte sequence */
		"\xe2\x82",         /* truncated three-byte sequence */
		"\xc3\x28",         /* second byte not a continuation */
		"\xc0\xaf",         /* overlong '/' */
		"\xc1\xbf",         /* overlong */
		"\xe0\x80\xaf",     /* overlong '/' in three bytes */
		"\xf0\x80\x80\xaf", /* overlong '/' in four bytes */
		"\xed\xa0\x80",     /* UTF-16 surrogate U+D800 */
		"\xed\xbf\xbf",     /* UTF-16 surrogate U+DFFF */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\xf5\x80\x80\x80", "\xff", "\xfe",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(value_utf8_valid(bad[i], strlen(bad[i])));
	assert_true(value_utf8_valid("ok\xc3\xa9", 2)); /* only @len bytes count */
	assert_false(value_utf8_valid("ok\xc3\xa9", 3));
}

static void test_booleans(void **state)
{
	(void)state;
	int64_t v = UNTOUCHED;
	const char *yes[] = {"yes", "true", "on"}, *no[] = {"no", "false", "off"};
	for (size_t i = 0; i < 3; i++) {
		assert_true(value_parse_bool(yes[i], &v));
		assert_int_equal(v, 1);
		assert_true(value_parse_bool(no[i], &v));
		assert_int_equal(v, 0);
	}
	v = UNTOUCHED;
	const char *bad[] = {"", "1", "0", "y", "True", "enabled", "yes "};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(value_parse_bool(bad[i], &v));
	assert_int_equal(v, UNTOUCHED);
}

static void test_quantity_numbers(void **state)
{
	(void)state;
	assert_true(value_quantity_number("100m") == 0.1);
	assert_true(value_quantity_number("2") == 2.0);
	assert_true(value_quantity_number("1.5") == 1.5);
	assert_true(value_quantity_number("512Mi") == 512.0 * 1048576.0);
	assert_true(value_quantity_number("1Gi") == 1073741824.0);
	assert_true(value_quantity_number("1G") == 1e9);
	assert_true(value_quantity_number("128Ki") == 131072.0);
	assert_true(value_quantity_number("1Gi") > value_quantity_number("1000Mi"));
	assert_true(value_quantity_number("1G") < value_quantity_number("1Gi"));
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(value_edit_distance("port", "port"), 0);
	assert_int_equal(value_edit_distance("prot", "port"), 1); /* two neighbours swapped */
	assert_int_equal(value_edit_distance("helth", "health"), 1);
	assert_int_equal(value_edit_distance("ports", "port"), 1);
	assert_int_equal(value_edit_distance("pert", "port"), 1);
	assert_int_equal(value_edit_distance("", "abc"), 3);
	assert_int_equal(value_edit_distance("route", "image"), 4);
	assert_true(value_edit_distance("a-very-long-name-past-31-bytes-x", "a-very-long-name-past-31-bytes-x") > 3);
	assert_int_equal(value_edit_allowance(3), 1);
	assert_int_equal(value_edit_allowance(4), 2);
	assert_int_equal(value_edit_allowance(6), 2);
	assert_int_equal(value_edit_allowance(7), 3);
}

/* ---- image references ---- */

/* A sha256 digest of 64 hex digits made of @c, arena-owned. */
static const char *digest_of(struct rbdc_ctx *ctx, char c)
{
	return arena_printf(&ctx->arena, "sha256:%s", repeat(ctx, c, 64));
}

static void test_image_with_registry_and_tag(void **state)
{
	(void)state;
	struct image_ref ref;
	const char *s = "ghcr.io/acme/shop-web:1.0.0";
	assert_null(value_parse_image(s, &ref));
	assert_int_equal(ref.name_len, strlen("ghcr.io/acme/shop-web"));
	assert_non_null(ref.tag);
	assert_int_equal(ref.tag_len, 5);
	assert_memory_equal(ref.tag, "1.0.0", 5);
	assert_null(ref.digest);
}

static void test_image_registry_with_port(void **state)
{
	(void)state;
	struct image_ref ref;
	assert_null(value_parse_image("localhost:5000/web:dev", &ref));
	assert_int_equal(ref.name_len, strlen("localhost:5000/web"));
	assert_int_equal(ref.tag_len, 3);
	assert_memory_equal(ref.tag, "dev", 3);

	assert_null(value_parse_image("registry.example.com:5000/team/app", &ref));
	assert_int_equal(ref.name_len, strlen("registry.example.com:5000/team/app"));
	assert_null(ref.tag);
	assert_int_equal(ref.tag_len, 0);
}

static void test_image_without_registry(void **state)
{
	(void)state;
	struct image_ref ref;
	assert_null(value_parse_image("nginx", &ref));
	assert_int_equal(ref.name_len, 5);
	assert_null(ref.tag);
	assert_null(value_parse_image("nginx:1.27-alpine", &ref));
	assert_int_equal(ref.name_len, 5);
	assert_memory_equal(ref.tag, "1.27-alpine", 11);
	assert_null(value_parse_image("library/nginx", &ref));
	assert_null(value_parse_image("quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z", &ref));
	assert_memory_equal(ref.tag, "RELEASE.2024-12-18T13-15-44Z", ref.tag_len);
}

static void test_image_with_digest(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct image_ref ref;
	const char *digest = digest_of(ctx, 'a');
	const char *s = arena_printf(&ctx->arena, "ghcr.io/acme/web@%s", digest);
	assert_null(value_parse_image(s, &ref));
	assert_int_equal(ref.name_len, strlen("ghcr.io/acme/web"));
	assert_null(ref.tag);
	assert_non_null(ref.digest);
	assert_string_equal(ref.digest, digest);

	s = arena_printf(&ctx->arena, "localhost:5000/web:1.0@%s", digest_of(ctx, '9'));
	assert_null(value_parse_image(s, &ref));
	assert_int_equal(ref.name_len, strlen("localhost:5000/web"));
	assert_int_equal(ref.tag_len, 3);
	assert_memory_equal(ref.tag, "1.0", 3);
	assert_non_null(ref.digest);
}

static void test_image_digest_problems(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct image_ref ref;
	const char *why = "a digest is sha256: and 64 lower-case hex digits (or sha384:/sha512: with 96/128)";
	assert_string_equal(value_parse_image("web@sha256:abc", &ref), why);
	assert_string_equal(value_parse_image(arena_printf(&ctx->arena, "web@%s", digest_of(ctx, 'A')), &ref), why);
	assert_string_equal(value_parse_image(arena_printf(&ctx->arena, "web@%s", digest_of(ctx, 'g')), &ref), why);
	assert_string_equal(value_parse_image(arena_printf(&ctx->arena, "web@%s0", digest_of(ctx, 'a')), &ref), why);
	assert_string_equal(value_parse_image(arena_printf(&ctx->arena, "web@md5:%s", repeat(ctx, 'a', 64)), &ref), why);
	assert_string_equal(value_parse_image("web@", &ref), why);
}

static void test_image_tag_problems(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct image_ref ref;
	assert_string_equal(value_parse_image("ghcr.io/acme/web:", &ref), "a tag is 1 to 128 characters");
	assert_string_equal(value_parse_image(arena_printf(&ctx->arena, "web:%s", repeat(ctx, 't', 129)), &ref),
			    "a tag is 1 to 128 characters");
	assert_null(value_parse_image(arena_printf(&ctx->arena, "web:%s", repeat(ctx, 't', 128)), &ref));
	assert_string_equal(value_parse_image("web:-1", &ref), "a tag starts with a letter, digit or '_'");
	assert_string_equal(value_parse_image("web:.1", &ref), "a tag starts with a letter, digit or '_'");
	assert_string_equal(value_parse_image("web:1+build", &ref), "a tag holds only letters, digits, '_', '.' and '-'");
	assert_null(value_parse_image("web:_Latest-1.0", &ref));
}

static void test_image_name_problems(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct image_ref ref;
	const char *repo_why = "repository names are lower-case letters and digits, separated by one '.', one or two '_', or '-'s";
	assert_string_equal(value_parse_image("", &ref), "it is empty");
	assert_string_equal(value_parse_image(repeat(ctx, 'a', 256), &ref), "the name before the tag is longer than 255 characters");
	assert_null(value_parse_image(repeat(ctx, 'a', 255), &ref));
	assert_string_equal(value_parse_image("ghcr.io/Acme/web", &ref), repo_why);
	assert_string_equal(value_parse_image("Acme/web", &ref), repo_why);
	assert_string_equal(value_parse_image("ghcr.io/acme/-web", &ref), repo_why);
	assert_string_equal(value_parse_image("ghcr.io/acme/web-", &ref), repo_why);
	assert_string_equal(value_parse_image("ghcr.io//web", &ref), repo_why);
	assert_string_equal(value_parse_image("/web", &ref), repo_why);
	assert_string_equal(value_parse_image("ghcr.io/acme/", &ref), "it ends with '/'");
	assert_string_equal(value_parse_image("ghcr_io.x/web", &ref), "the host name holds a character other than letters, digits, '-' and '.'");
	assert_string_equal(value_parse_image("ghcr.io/acme/web:1.0:2.0", &ref), "a tag holds only letters, digits, '_', '.' and '-'");
}

/* Issue 8 item 7: references the distribution/reference grammar refuses (regexp.go, reference.go). */
static void test_image_grammar_of_distribution_reference(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct image_ref ref;
	const char *repo_why = "repository names are lower-case letters and digits, separated by one '.', one or two '_', or '-'s";
	assert_string_equal(value_parse_image("-ghcr.io/x/y:1", &ref), "a part of the host name starts with '-'");
	assert_string_equal(value_parse_image("ghcr-.io/x/y:1", &ref), "a part of the host name ends with '-'");
	assert_string_equal(value_parse_image("ghcr.io:/x:1", &ref), "the port is empty");
	assert_string_equal(value_parse_image("a.b:1:2/x:1", &ref), "the port is not a number");
	assert_string_equal(value_parse_image("ghcr.io:99999/x:1", &ref), "the port is above 65535");
	assert_string_equal(value_parse_image("./x:1", &ref), "the host name has an empty or overlong part between dots");
	assert_string_equal(value_parse_image("ghcr..io/x", &ref), "the host name has an empty or overlong part between dots");
	const char *bad_paths[] = {"ghcr.io/a..b:1", "ghcr.io/a___b:1", "ghcr.io/a._b", "ghcr.io/a-.b", "ghcr.io/a_-b", "ghcr.io/.a",
				   "ghcr.io/a.", "ghcr.io/a_", "x/-a", "a__", "A", "ghcr.io/a/B"};
	for (size_t i = 0; i < sizeof bad_paths / sizeof bad_paths[0]; i++)
		if (!value_parse_image(bad_paths[i], &ref) || strcmp(value_parse_image(bad_paths[i], &ref), repo_why) != 0)
			fail_msg("'%s' gave %s", bad_paths[i], value_parse_image(bad_paths[i], &ref) ? value_parse_image(bad_paths[i], &ref) : "no problem");
	const char *good[] = {"ghcr.io/a.b:1", "ghcr.io/a__b:1", "ghcr.io/a_b", "ghcr.io/a---b", "a-b-c", "x/y/z/w", "localhost/x",
			      "localhost:5000/x", "127.0.0.1:5000/x:1", "[::1]:5000/x:1", "[fd00::1]/x", "Registry.Example.COM/x",
			      "quay.io/minio/mc:RELEASE.2024-11-21T17-21-54Z", "x:_"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (value_parse_image(good[i], &ref))
			fail_msg("'%s' is valid, got: %s", good[i], value_parse_image(good[i], &ref));
	/* the name is at most 255 characters, the registry included; the tag and digest come on top */
	const char *c63 = repeat(ctx, 'c', 63);
	const char *name255 = arena_printf(&ctx->arena, "ghcr.io/%s/%s/%s/%s", c63, c63, c63, repeat(ctx, 'd', 55));
	assert_int_equal(strlen(name255), 255);
	assert_null(value_parse_image(arena_printf(&ctx->arena, "%s:%s@%s", name255, repeat(ctx, 't', 128), digest_of(ctx, 'e')), &ref));
	assert_string_equal(value_parse_image(arena_printf(&ctx->arena, "%sd:1", name255), &ref),
			    "the name before the tag is longer than 255 characters");
	/* go-digest's registered algorithms, lower-case hex of the exact length */
	assert_null(value_parse_image(arena_printf(&ctx->arena, "x@sha384:%s", repeat(ctx, 'a', 96)), &ref));
	assert_null(value_parse_image(arena_printf(&ctx->arena, "x@sha512:%s", repeat(ctx, 'b', 128)), &ref));
	assert_non_null(value_parse_image(arena_printf(&ctx->arena, "x@sha512:%s", repeat(ctx, 'b', 64)), &ref));
	/* a bare 64-hex name is an image ID to Docker */
	assert_string_equal(value_parse_image(repeat(ctx, 'a', 64), &ref), "a name of 64 hex digits reads as an image ID, not a repository");
	assert_null(value_parse_image(repeat(ctx, 'a', 63), &ref));
}

/* Issue 8 item 5: an Ingress host is no IP address, and '*' is only the whole first label. */
static void test_hostname_ip_and_wildcard(void **state)
{
	(void)state;
	const char *ip = "it is an IP address or ends in a numeric label; an Ingress host must be a DNS name";
	assert_string_equal(value_hostname_problem("10.0.0.1"), ip);
	assert_string_equal(value_hostname_problem("010.000.000.001"), ip);
	assert_string_equal(value_hostname_problem("example.123"), ip);
	assert_null(value_hostname_problem("*.example.com"));
	assert_null(value_hostname_problem("1.2.3.example"));
	const char *wild = "a wildcard '*' may only be the whole first label, as in *.example.com";
	assert_string_equal(value_hostname_problem("a.*.example.com"), wild);
	assert_string_equal(value_hostname_problem("*a.example.com"), wild);
	assert_string_equal(value_hostname_problem("*.*.example.com"), wild);
	assert_string_equal(value_hostname_problem("*"), wild);
	assert_string_equal(value_hostname_problem("*.com"), "it has no dot, so it is not a public host name");
	/* subdomains: IngressClass and ClusterIssuer names */
	assert_null(value_dns_subdomain_problem("letsencrypt-prod"));
	assert_null(value_dns_subdomain_problem("letsencrypt.prod"));
	assert_null(value_dns_subdomain_problem("1nginx"));
	assert_string_equal(value_dns_subdomain_problem("Nginx"), "it must be lower-case");
	assert_string_equal(value_dns_subdomain_problem("a..b"), "each part between dots must start and end with a letter or digit");
	assert_string_equal(value_dns_subdomain_problem("a.-b"), "each part between dots must start and end with a letter or digit");
	assert_string_equal(value_dns_subdomain_problem("a_b"), "it may hold only lower-case letters, digits, '-' and '.'");
}

/* Issue 8 item 5: quantities resource.Quantity parses, but caps or rounds (quantity.go). */
static void test_quantity_exactness(void **state)
{
	(void)state;
	const char *cpu_ok[] = {"1", "0.5", "0.001", "1.250", "250m", "1000m", "2.000"};
	for (size_t i = 0; i < sizeof cpu_ok / sizeof cpu_ok[0]; i++)
		assert_null(value_quantity_exactness_problem(cpu_ok[i], QUANTITY_CPU));
	const char *cpu_fine[] = {"0.0005", "1.2345", "1.5m", "0.1m"};
	for (size_t i = 0; i < sizeof cpu_fine / sizeof cpu_fine[0]; i++)
		assert_string_equal(value_quantity_exactness_problem(cpu_fine[i], QUANTITY_CPU),
				    "CPU is counted in whole millicores (at most 3 decimals, none with 'm')");
	const char *bytes_ok[] = {"1.5Gi", "1.25Ki", "0.5Ki", "1.5k", "1.001k", "1.000001M", "2.5Ei", "1.953125Ki", "7.5Ei", "7Ei"};
	for (size_t i = 0; i < sizeof bytes_ok / sizeof bytes_ok[0]; i++)
		if (value_quantity_exactness_problem(bytes_ok[i], QUANTITY_BYTES))
			fail_msg("%s is exact, got: %s", bytes_ok[i], value_quantity_exactness_problem(bytes_ok[i], QUANTITY_BYTES));
	const char *whole = "it is not a whole number of bytes, so Kubernetes would round it";
	const char *bytes_fraction[] = {"1.3Ki", "0.1Ki", "1.0001k", "1.0000001M", "1.0000000001Gi"};
	for (size_t i = 0; i < sizeof bytes_fraction / sizeof bytes_fraction[0]; i++)
		assert_string_equal(value_quantity_exactness_problem(bytes_fraction[i], QUANTITY_BYTES), whole);
	assert_string_equal(value_quantity_exactness_problem("9000000000Gi", QUANTITY_BYTES), "it is more than 2^63-1 bytes, the most Kubernetes can count");
	assert_string_equal(value_quantity_exactness_problem("8Ei", QUANTITY_BYTES), "it is more than 2^63-1 bytes, the most Kubernetes can count");
	assert_string_equal(value_quantity_exactness_problem("1000000000000Ei", QUANTITY_BYTES), "it is more than 2^63-1 bytes, the most Kubernetes can count");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_route_rules_of_the_api_server_and_ingress_nginx, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_nginx_paths, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_vault_paths, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_body_limits, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_vault_urls, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_grammar_of_distribution_reference, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_hostname_ip_and_wildcard, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_quantity_exactness, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_int_in_range, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_int_out_of_range, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_int_overflow, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_int_leading_zeros, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_int_not_plain_decimal, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_durations_of_one_unit, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_durations_refused, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_duration_bounds, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_cpu_quantities, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_cpu_zero_refused, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_byte_quantities, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_quantity_too_large, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_dns_labels_accepted, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_dns_label_problems, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_hostnames_accepted, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_hostname_problems, ctx_setup, ctx_teardown),
		cmocka_unit_test(test_host_wildcards_and_addresses),
		cmocka_unit_test_setup_teardown(test_bucket_names, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_env_names, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_clean_paths, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_path_problems, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_routes_refuse_regex_characters_health_paths_do_not, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_in_values, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_utf8_validity, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_booleans, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_quantity_numbers, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_edit_distance, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_with_registry_and_tag, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_registry_with_port, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_without_registry, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_with_digest, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_digest_problems, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_tag_problems, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_image_name_problems, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests_name("values", tests, NULL, NULL);
}
