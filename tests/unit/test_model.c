/* test_model.c: unit tests of model building, resolution and every rule: one tripping and one close passing snippet per code. */
#include "testutil_backend.h"

/* ---- one tripping and one passing edit of VALID_PROGRAM per case ---------------------------------------- */

/* Lines 9 and 10 once ADD_STORE is applied: a Vault secret with the MinIO keys and a store using it; the app `uses`
   the store (at the end of line 7) and its secret holds the S3 keys of its MinIO user (at the end of line 6). */
#define MINIO_SECRET "secret minio-root from vault \"shop/minio\" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }\n"
#define INGRESS_LINE "ingress { tls letsencrypt-prod }\n"
#define S3_KEYS "keys DATABASE_URL }", "keys DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY }"
#define ADD_STORE INGRESS_LINE, INGRESS_LINE MINIO_SECRET "store files { size 1Gi; bucket uploads; secrets minio-root }\n", \
	S3_KEYS, "route / }", "route /; uses files }"
/* Appends a ninth line. */
#define ADD_LINE(text) INGRESS_LINE, INGRESS_LINE text "\n"
/* Inserts a statement after `port 8000;` on line 7: it starts at column 29. */
#define AFTER_PORT(text) "port 8000", "port 8000; " text

/* A 58-character app name (one too many for NAME-nginx to stay a DNS label) and a 57-character one. */
#define NAME57 "a0123456789012345678901234567890123456789012345678912345z"
#define NAME58 "a01234567890123456789012345678901234567890123456789123456z"
/* Store names: 47 characters still fit the bucket Job's name NAME-bucket-HASH in a label value, 48 do not. */
#define NAME47 "s012345678901234567890123456789012345678901234z"
#define NAME48 "s0123456789012345678901234567890123456789012345z"
#define NAME63 "a0123456789012345678901234567890123456789012345678901234567890z"

struct rule_case {
	const char *what;
	enum diag_code code;
	const char *bad[12];  /* edits (from, to, ..., NULL) that trip @code */
	unsigned line, col;   /* where its diagnostic must point */
	const char *good[12]; /* a close edit that compiles with no diagnostic at all ({NULL}: VALID_PROGRAM) */
};

static void run_rule_case(void **state)
{
	const struct rule_case *rc = *state;
	const char *name = diag_code_info(rc->code)->name;
	bool warning = diag_code_info(rc->code)->severity == SEV_WARNING;

	struct rbdc_ctx bad;
	rbdc_ctx_init(&bad);
	struct compilation c;
	int status = check_edited(&bad, rc->bad, &c);
	assert_code_at(&bad, rc->code, rc->line, rc->col);
	if (warning)
		assert_int_equal(status, 0); /* warnings alone do not stop the compilation */
	else
		assert_int_not_equal(status, 0);
	rbdc_ctx_fini(&bad);

	struct rbdc_ctx good;
	rbdc_ctx_init(&good);
	status = check_edited(&good, rc->good, &c);
	if (has_code(&good, rc->code))
		fail_msg("the passing variant gives %s:\n%s", name, rendered_diags(&good));
	assert_no_diags(&good);
	assert_int_equal(status, 0);
	rbdc_ctx_fini(&good);
}

/* clang-format off */
static const struct rule_case cases[] = {
	/* E003 unknown statement: a misspelling, a statement of another block, an unknown top-level word */
	{"misspelled", DIAG_E003, {"port 8000", "prot 8000", NULL}, 7, 18, {"port 8000", "port 8080", NULL}},
	{"misplaced_in_app", DIAG_E003, {"route / }", "route /; tls letsencrypt-prod }", NULL}, 7, 72,
	 {INGRESS_LINE, "ingress { tls letsencrypt-prod; class nginx }\n", NULL}},
	{"unknown_top_level", DIAG_E003, {"tag \"1.0.0\"", "tags \"1.0.0\"", NULL}, 4, 1, {"tag \"1.0.0\"", "tag \"1.0.1\"", NULL}},
	{"unknown_without_hint", DIAG_E003, {AFTER_PORT("frobnicate 1"), NULL}, 7, 29, {NULL}},
	/* E004 wrong arguments: one too many, a word for a path, a secret without `vault` */
	{"extra_argument", DIAG_E004, {"port 8000", "port 8000 9000", NULL}, 7, 28, {"port 8000", "port 9000", NULL}},
	{"word_for_path", DIAG_E004, {"route /", "route web", NULL}, 7, 69, {"route /", "route /web", NULL}},
	{"secret_without_vault_word", DIAG_E004, {"from vault \"shop/web\"", "from \"shop/web\"", NULL}, 6, 21,
	 {"from vault \"shop/web\"", "from vault \"shop/web-v2\"", NULL}},
	{"app_without_block", DIAG_E004, {"app web { image; port 8000; health /healthz; secrets web-env; route / }", "app web", NULL}, 7, 1,
	 {NULL}},
	{"block_on_simple_statement", DIAG_E004, {"port 8000", "port 8000 { }", NULL}, 7, 18, {NULL}},
	{"list_where_one_value", DIAG_E004, {"port 8000", "port 8000, 9000", NULL}, 7, 29, {NULL}},
	{"missing_argument", DIAG_E004, {"port 8000", "port", NULL}, 7, 18, {NULL}},
	/* E005 repeated statement (at the second value): a second port, env and vault block; repeatable statements pass */
	{"port_twice", DIAG_E005, {"port 8000", "port 8000; port 8001", NULL}, 7, 34, {"route /", "route /; route /api", NULL}},
	{"env_twice", DIAG_E005, {AFTER_PORT("env A \"1\"; env A \"2\""), NULL}, 7, 44, {AFTER_PORT("env A \"1\"; env B \"2\""), NULL}},
	{"vault_block_twice", DIAG_E005, {ADD_LINE("vault { auth other; mount kv2 }"), NULL}, 9, 1, {ADD_LINE("defaults { user 20000 }"), NULL}},
	{"image_twice", DIAG_E005, {"image;", "image; image;", NULL}, 7, 18, {NULL}},
	{"ingress_block_twice", DIAG_E005, {ADD_LINE("ingress { tls other }"), NULL}, 9, 1, {NULL}},
	/* E006 missing statement */
	{"no_project", DIAG_E006, {"project shop\n", "", NULL}, 1, 1, {"project shop\n", "project shop\nnamespace prod\n", NULL}},
	{"route_without_domain", DIAG_E006, {"domain shop.example.com\n", "", NULL}, 6, 69,
	 {"domain shop.example.com\n", "", "; route / }", " }", INGRESS_LINE, "", NULL}},
	{"secret_without_vault", DIAG_E006, {"vault { auth shop; mount kv }\n", "", NULL}, 5, 8,
	 {"vault { auth shop; mount kv }\n", "", "secret web-env from vault \"shop/web\" { keys DATABASE_URL }\n", "",
	  "secrets web-env; ", "", NULL}},
	{"vault_without_auth", DIAG_E006, {"vault { auth shop; mount kv }", "vault { mount kv }", NULL}, 5, 1,
	 {"mount kv }", "mount kv; refresh 5m }", NULL}},
	{"vault_without_mount", DIAG_E006, {"vault { auth shop; mount kv }", "vault { auth shop }", NULL}, 5, 1,
	 {"mount kv }", "mount \"team/kv\" }", NULL}},
	{"secret_without_keys", DIAG_E006, {"{ keys DATABASE_URL }", "{ }", NULL}, 6, 8, {"keys DATABASE_URL", "keys DATABASE_URL, REDIS_URL", NULL}},
	{"app_without_image", DIAG_E006, {"image; ", "", NULL}, 7, 5, {"image;", "image \"ghcr.io/acme/web:2.0\";", NULL}},
	{"store_without_size", DIAG_E006, {ADD_STORE, "size 1Gi; ", "", NULL}, 10, 7, {ADD_STORE, NULL}},
	{"store_without_secrets", DIAG_E006, {ADD_STORE, "; secrets minio-root", "", NULL}, 10, 7, {ADD_STORE, NULL}},
	{"store_secret_without_password_key", DIAG_E006, {ADD_STORE, "MINIO_ROOT_USER, MINIO_ROOT_PASSWORD", "MINIO_ROOT_USER", NULL}, 10, 49,
	 {ADD_STORE, "MINIO_ROOT_USER, MINIO_ROOT_PASSWORD", "MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, MINIO_REGION", NULL}},
	/* E007 duplicate name */
	{"app_twice", DIAG_E007, {ADD_LINE("app web { image; port 8001; health / }"), NULL}, 9, 5,
	 {ADD_LINE("app api { image; port 8001; health / }"), NULL}},
	{"secret_twice", DIAG_E007, {"app web {", "secret web-env from vault \"shop/other\" { keys OTHER_URL }\napp web {", NULL}, 7, 8,
	 {"app web {", "secret db-env from vault \"shop/db\" { keys DB_URL }\napp web {", "secrets web-env;",
	  "secrets web-env, db-env;", NULL}},
	{"store_named_like_app", DIAG_E007, {ADD_STORE, "store files", "store web", NULL}, 10, 7, {ADD_STORE, NULL}},
	{"key_twice", DIAG_E007, {"keys DATABASE_URL", "keys DATABASE_URL, DATABASE_URL", NULL}, 6, 59,
	 {"keys DATABASE_URL", "keys DATABASE_URL, DATABASE_USER", NULL}},
	/* E008 invalid name */
	{"uppercase_app", DIAG_E008, {"app web", "app Web", NULL}, 7, 5, {"app web", "app web2", NULL}},
	{"app_name_too_long", DIAG_E008, {"app web", "app " NAME58, NULL}, 7, 5, {"app web", "app " NAME57, NULL}},
	{"project_ends_with_dash", DIAG_E008, {"project shop", "project shop-", NULL}, 1, 9, {"project shop", "project shop-1", NULL}},
	{"domain_without_dot", DIAG_E008, {"domain shop.example.com", "domain shop", NULL}, 2, 8,
	 {"domain shop.example.com", "domain shop.example.org", NULL}},
	{"bucket_too_short", DIAG_E008, {ADD_STORE, "bucket uploads", "bucket up", NULL}, 10, 32, {ADD_STORE, "bucket uploads", "bucket upl", NULL}},
	/* E009 number out of range */
	{"port_too_big", DIAG_E009, {"port 8000", "port 70000", NULL}, 7, 23, {"port 8000", "port 65535", NULL}},
	{"port_zero", DIAG_E009, {"port 8000", "port 0", NULL}, 7, 23, {"port 8000", "port 1", NULL}},
	{"port_leading_zero", DIAG_E009, {"port 8000", "port 08000", NULL}, 7, 23, {NULL}},
	{"too_many_replicas", DIAG_E009, {AFTER_PORT("replicas 1001"), NULL}, 7, 38, {AFTER_PORT("replicas 1000"), NULL}},
	/* E010 app without port, E011 app without health */
	{"no_port", DIAG_E010, {"port 8000; ", "", NULL}, 7, 25, {"port 8000", "port 1", NULL}},
	{"no_health", DIAG_E011, {"health /healthz; ", "", NULL}, 7, 5, {"health /healthz", "health /", NULL}},
	/* E012 undeclared secret, from an app and from a store */
	{"app_undeclared_secret", DIAG_E012, {"secrets web-env", "secrets web-env, db-env", NULL}, 7, 63,
	 {"app web {", "secret db-env from vault \"shop/db\" { keys DB_URL }\napp web {", "secrets web-env",
	  "secrets web-env, db-env", NULL}},
	{"store_undeclared_secret", DIAG_E012, {ADD_STORE, "secrets minio-root }", "secrets minio-rot }", NULL}, 10, 49, {ADD_STORE, NULL}},
	/* E013 plaintext secret by the variable's name (values: see the tests below) */
	{"password_name", DIAG_E013, {AFTER_PORT("env DB_PASSWORD \"x\""), NULL}, 7, 33, {AFTER_PORT("env DB_USER \"x\""), NULL}},
	{"token_name", DIAG_E013, {AFTER_PORT("env API_TOKEN \"x\""), NULL}, 7, 33, {AFTER_PORT("env API_TOKEN \"false\""), NULL}},
	{"pwd_suffix", DIAG_E013, {AFTER_PORT("env DB_PWD \"x\""), NULL}, 7, 33, {AFTER_PORT("env PWD \"x\""), NULL}},
	{"signing_key_name", DIAG_E013, {AFTER_PORT("env SIGNING_KEY \"x\""), NULL}, 7, 33,
	 {"keys DATABASE_URL", "keys DATABASE_URL, DB_PASSWORD, SIGNING_KEY", NULL}},
	/* E014 store exposed */
	{"store_route", DIAG_E014, {ADD_STORE, "secrets minio-root }", "secrets minio-root; route /files }", NULL}, 10, 61,
	 {ADD_STORE, "route /", "route /; route /files", NULL}},
	/* E015 ingress without TLS, or no ingress at all */
	{"ingress_without_tls", DIAG_E015, {"ingress { tls letsencrypt-prod }", "ingress { class nginx }", NULL}, 8, 1,
	 {"ingress { tls letsencrypt-prod }", "ingress { tls letsencrypt-prod; class nginx }", NULL}},
	{"no_ingress", DIAG_E015, {INGRESS_LINE, "", NULL}, 7, 69, {INGRESS_LINE, "", "; route / }", " }", "domain shop.example.com\n", "", NULL}},
	/* E016 root user: an app, the defaults, a store, MinIO's default */
	{"app_user_0", DIAG_E016, {AFTER_PORT("user 0"), NULL}, 7, 34, {AFTER_PORT("user 1"), NULL}},
	{"defaults_user_0", DIAG_E016, {ADD_LINE("defaults { user 0 }"), NULL}, 9, 17, {ADD_LINE("defaults { user 1 }"), NULL}},
	{"store_user_0", DIAG_E016, {ADD_STORE, "secrets minio-root }", "secrets minio-root; user 0 }", NULL}, 10, 66,
	 {ADD_STORE, "secrets minio-root }", "secrets minio-root; user 1000 }", NULL}},
	{"minio_user_0", DIAG_E016, {ADD_LINE("defaults { minio-user 0 }"), NULL}, 9, 23, {ADD_LINE("defaults { minio-user 1 }"), NULL}},
	/* E017 malformed path */
	{"empty_segment", DIAG_E017, {"route /", "route /api//v1", NULL}, 7, 69, {"route /", "route /api/v1", NULL}},
	{"regex_char", DIAG_E017, {"route /", "route /api.*", NULL}, 7, 69, {"route /", "route /api.v1", NULL}},
	{"query_in_health", DIAG_E017, {"health /healthz", "health /healthz?full=1", NULL}, 7, 36, {"health /healthz", "health /healthz/full", NULL}},
	{"dotdot_in_health", DIAG_E017, {"health /healthz", "health /a/../b", NULL}, 7, 36, {"health /healthz", "health /a/..b", NULL}},
	/* E018 duplicate route, within one app and across apps */
	{"same_app", DIAG_E018, {"route /", "route /api; route /api/", NULL}, 7, 81, {"route /", "route /api; route /apis", NULL}},
	{"two_apps", DIAG_E018, {ADD_LINE("app api { image; port 8001; health /; route / }"), NULL}, 9, 45,
	 {ADD_LINE("app api { image; port 8001; health /; route /api }"), NULL}},
	/* E019 invalid size */
	{"memory_unit", DIAG_E019, {AFTER_PORT("memory 128MB"), NULL}, 7, 36, {AFTER_PORT("memory 128Mi"), NULL}},
	{"cpu_unit", DIAG_E019, {AFTER_PORT("cpu 250Mi"), NULL}, 7, 33, {AFTER_PORT("cpu 250m"), NULL}},
	{"store_size_unit", DIAG_E019, {ADD_STORE, "size 1Gi", "size 1GB", NULL}, 10, 20, {ADD_STORE, "size 1Gi", "size 1G", NULL}},
	/* E020 invalid duration */
	{"mixed_units", DIAG_E020, {"mount kv }", "mount kv; refresh 1h30m }", NULL}, 5, 38, {"mount kv }", "mount kv; refresh 90m }", NULL}},
	{"no_unit", DIAG_E020, {ADD_LINE("defaults { probe-delay 10 }"), NULL}, 9, 24, {ADD_LINE("defaults { probe-delay 10s }"), NULL}},
	/* E021 invalid value */
	{"env_name_digit", DIAG_E021, {AFTER_PORT("env 1ABC \"x\""), NULL}, 7, 33, {AFTER_PORT("env ABC1 \"x\""), NULL}},
	{"control_char", DIAG_E021, {AFTER_PORT("env ABC \"a\\x01b\""), NULL}, 7, 37, {AFTER_PORT("env ABC \"a\\tb\""), NULL}},
	{"empty_migrate", DIAG_E021, {AFTER_PORT("migrate \" \""), NULL}, 7, 37, {AFTER_PORT("migrate \"true\""), NULL}},
	{"absolute_vault_path", DIAG_E021, {"\"shop/web\"", "\"/shop/web\"", NULL}, 6, 27, {"\"shop/web\"", "\"shop/web2\"", NULL}},
	{"key_with_dash", DIAG_E021, {"keys DATABASE_URL", "keys DATABASE-URL", NULL}, 6, 45, {"keys DATABASE_URL", "keys DATABASE_URL2", NULL}},
	{"control_char_in_migrate", DIAG_E021, {AFTER_PORT("migrate \"a\\x01b\""), NULL}, 7, 37, {AFTER_PORT("migrate \"a b\""), NULL}},
	{"read_only_root_not_yes_or_no", DIAG_E021, {AFTER_PORT("read-only-root maybe"), NULL}, 7, 44,
	 {AFTER_PORT("read-only-root no"), NULL}},
	/* E022 invalid image */
	{"uppercase_repository", DIAG_E022, {"image;", "image \"ghcr.io/acme/Web:1\";", NULL}, 7, 17, {"image;", "image \"ghcr.io/acme/web:1\";", NULL}},
	{"bare_without_registry", DIAG_E022, {"registry ghcr.io/acme\n", "", NULL}, 6, 11,
	 {"registry ghcr.io/acme\n", "", "image;", "image \"ghcr.io/acme/web:1\";", NULL}},
	{"bad_tag_character", DIAG_E022, {"tag \"1.0.0\"", "tag \"1.0.0+build\"", NULL}, 4, 5, {"tag \"1.0.0\"", "tag \"1.0.0-build\"", NULL}},
	{"short_digest", DIAG_E022, {"image;", "image \"ghcr.io/acme/web@sha256:0123\";", NULL}, 7, 17,
	 {"image;", "image \"ghcr.io/acme/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\";", NULL}},
	{"registry_with_tag", DIAG_E022, {"registry ghcr.io/acme", "registry ghcr.io/acme:1", NULL}, 3, 10,
	 {"registry ghcr.io/acme", "registry ghcr.io/acme/team", NULL}},
	/* Issue 8 item 5: values the API server (or ingress-nginx) would refuse, found by rbdc first */
	{"domain_is_an_ip", DIAG_E008, {"domain shop.example.com", "domain 10.0.0.1", NULL}, 2, 8,
	 {"domain shop.example.com", "domain a10.example.com", NULL}},
	{"domain_wildcard_inside", DIAG_E008, {"domain shop.example.com", "domain \"shop.*.example.com\"", NULL}, 2, 8,
	 {"domain shop.example.com", "domain \"*.example.com\"", NULL}},
	{"ingress_class_subdomain", DIAG_E008, {INGRESS_LINE, "ingress { tls letsencrypt-prod; class Nginx }\n", NULL}, 8, 39,
	 {INGRESS_LINE, "ingress { tls letsencrypt.prod; class nginx.internal }\n", NULL}},
	{"store_name_past_job_label", DIAG_E008, {ADD_STORE, "store files", "store " NAME48, NULL}, 10, 7,
	 {ADD_STORE, "store files", "store " NAME47, "uses files", "uses " NAME47, NULL}},
	{"route_encoded_slash", DIAG_E017, {"route / }", "route /a%2fb }", NULL}, 7, 69, {"route / }", "route /a-b }", NULL}},
	{"route_nginx_character", DIAG_E017, {"route / }", "route /~user }", NULL}, 7, 69, {"route / }", "route /user_1.x }", NULL}},
	{"route_nginx_own_file", DIAG_E017, {"route / }", "route /etc/nginx }", NULL}, 7, 69, {"route / }", "route /etc/app }", NULL}},
	{"health_bad_escape", DIAG_E017, {"health /healthz", "health /health%zz", NULL}, 7, 36, {"health /healthz", "health /health%20", NULL}},
	/* Issue 8 item 6: spa-root is spliced into nginx's configuration */
	{"spa_root_dollar", DIAG_E017, {ADD_LINE("defaults { spa-root /srv/$x }"), NULL}, 9, 21, {ADD_LINE("defaults { spa-root /srv/www }"), NULL}},
	{"spa_root_quote", DIAG_E017, {ADD_LINE("defaults { spa-root /srv/'x' }"), NULL}, 9, 21,
	 {ADD_LINE("defaults { spa-root /srv/x-1 }"), NULL}},
	/* Issue 8 item 5: quantities Kubernetes would round or cap */
	{"cpu_below_a_millicore", DIAG_E019, {AFTER_PORT("cpu 0.0005"), NULL}, 7, 33, {AFTER_PORT("cpu 0.001"), NULL}},
	{"memory_fraction_of_a_byte", DIAG_E019, {AFTER_PORT("memory 1.3Ki"), NULL}, 7, 36, {AFTER_PORT("memory 1.5Ki"), NULL}},
	{"memory_past_int64", DIAG_E019, {AFTER_PORT("memory 9000000000Gi"), NULL}, 7, 36, {AFTER_PORT("memory 500Mi"), NULL}},
	/* Issue 8, minor: Vault paths, mounts and the address */
	{"vault_path_dot_segment", DIAG_E021, {"\"shop/web\"", "\"shop/../web\"", NULL}, 6, 27, {"\"shop/web\"", "\"shop/web.v2\"", NULL}},
	{"vault_path_query", DIAG_E021, {"\"shop/web\"", "\"shop/web?v=1\"", NULL}, 6, 27, {"\"shop/web\"", "\"shop/web-v1\"", NULL}},
	{"vault_path_empty_segment", DIAG_E021, {"\"shop/web\"", "\"shop//web\"", NULL}, 6, 27, {"\"shop/web\"", "\"shop/x/web\"", NULL}},
	{"vault_mount_empty_segment", DIAG_E021, {"mount kv }", "mount \"kv//x\" }", NULL}, 5, 26, {"mount kv }", "mount \"kv/x\" }", NULL}},
	{"vault_address_port", DIAG_E021, {"mount kv }", "mount kv; role shop; address \"https://vault.example.com:99999\" }", NULL}, 5, 49,
	 {"mount kv }", "mount kv; role shop; address \"https://vault.example.com:8200\" }", NULL}},
	{"vault_address_user", DIAG_E021, {"mount kv }", "mount kv; role shop; address \"https://me@vault.example.com\" }", NULL}, 5, 49,
	 {"mount kv }", "mount kv; role shop; address \"http://vault.vault:8200/\" }", NULL}},
	{"vault_address_fragment", DIAG_E021, {"mount kv }", "mount kv; role shop; address \"https://vault.example.com#x\" }", NULL}, 5, 49,
	 {"mount kv }", "mount kv; role shop; address \"https://10.0.0.5:8200\" }", NULL}},
	/* Issue 8 (generated programs): a role no Vault kubernetes auth method can hold (role/NAME, GenericNameRegex) */
	{"vault_role_at_sign", DIAG_E021, {"mount kv }", "mount kv; role \"role@x\"; connection default }", NULL}, 5, 35,
	 {"mount kv }", "mount kv; role role-x; connection default }", NULL}},
	{"vault_role_empty", DIAG_E021, {"mount kv }", "mount kv; role \"\"; connection default }", NULL}, 5, 35,
	 {"mount kv }", "mount kv; role \"Shop_1.a\"; connection default }", NULL}},
	{"vault_role_dash_end", DIAG_E021, {"mount kv }", "mount kv; role shop-; connection default }", NULL}, 5, 35,
	 {"mount kv }", "mount kv; role shop-1; connection default }", NULL}},
	/* Issue 8 (generated programs): MinIO's reserved bucket; a store's replicas; durations to int32 seconds */
	{"bucket_minio", DIAG_E008, {ADD_STORE, "bucket uploads", "bucket minio", NULL}, 10, 32,
	 {ADD_STORE, "bucket uploads", "bucket minio1", NULL}},
	{"store_replicas", DIAG_E003, {ADD_STORE, "size 1Gi;", "size 1Gi; replicas 2;", NULL}, 10, 25,
	 {ADD_STORE, "size 1Gi;", "size 1Gi; user 1000;", NULL}},
	{"duration_past_int32", DIAG_E020, {ADD_LINE("defaults { job-ttl 2147483648s }"), NULL}, 9, 20,
	 {ADD_LINE("defaults { job-ttl 2147483647s }"), NULL}},
	/* Issue 8 (generated programs): names that derive another declaration's object or pod label */
	{"app_named_like_bucket_job", DIAG_E007,
	 {INGRESS_LINE, INGRESS_LINE MINIO_SECRET "store files { size 1Gi; bucket uploads; secrets minio-root }\n"
	  "app files-bucket { image; port 8001; health /healthz }\n", NULL}, 11, 5,
	 {INGRESS_LINE, INGRESS_LINE MINIO_SECRET "store files { size 1Gi; bucket uploads; secrets minio-root }\n"
	  "app files-buckets { image; port 8001; health /healthz }\n", S3_KEYS, "route / }", "route /; uses files }", NULL}},
	{"store_named_like_bucket_job", DIAG_E007,
	 {INGRESS_LINE, INGRESS_LINE MINIO_SECRET "store files { size 1Gi; bucket uploads; secrets minio-root }\n"
	  "store files-bucket { size 1Gi; secrets minio-root }\n", NULL}, 11, 7,
	 {INGRESS_LINE, INGRESS_LINE MINIO_SECRET "store files { size 1Gi; bucket uploads; secrets minio-root }\n"
	  "store files-buckets { size 1Gi; bucket more; secrets minio-root }\n", S3_KEYS, "route / }", "route /; uses files, files-buckets }", NULL}},
	{"secret_named_like_tls_secret", DIAG_E007, {"secret web-env", "secret shop-tls", "secrets web-env", "secrets shop-tls", NULL}, 6, 8,
	 {"secret web-env", "secret shop-tls2", "secrets web-env", "secrets shop-tls2", NULL}},
	/* Issue 8 item 7: the distribution/reference grammar, for every image value */
	{"image_host_starts_with_dash", DIAG_E022, {"image;", "image \"-ghcr.io/x/y:1\";", NULL}, 7, 17, {"image;", "image \"ghcr.io/x/y:1\";", NULL}},
	{"image_empty_port", DIAG_E022, {"image;", "image \"ghcr.io:/x:1\";", NULL}, 7, 17, {"image;", "image \"ghcr.io:443/x:1\";", NULL}},
	{"image_two_ports", DIAG_E022, {"image;", "image \"a.b:1:2/x:1\";", NULL}, 7, 17, {"image;", "image \"a.b:12/x:1\";", NULL}},
	{"image_double_dot", DIAG_E022, {"image;", "image \"ghcr.io/a..b:1\";", NULL}, 7, 17, {"image;", "image \"ghcr.io/a.b:1\";", NULL}},
	{"image_three_underscores", DIAG_E022, {"image;", "image \"ghcr.io/a___b:1\";", NULL}, 7, 17, {"image;", "image \"ghcr.io/a__b:1\";", NULL}},
	{"image_relative", DIAG_E022, {"image;", "image \"./x:1\";", NULL}, 7, 17, {"image;", "image \"x:1\";", NULL}},
	{"image_name_too_long", DIAG_E022, {"image;", "image \"ghcr.io/" NAME63 "/" NAME63 "/" NAME63 "/" NAME63 ":1\";", NULL}, 7, 17,
	 {"image;", "image \"ghcr.io/" NAME63 "/" NAME63 "/" NAME63 "/" NAME47 ":1\";", NULL}},
	{"mc_image", DIAG_E022, {ADD_LINE("defaults { mc-image \"quay.io/minio/mc:a:b\" }"), NULL}, 9, 21,
	 {ADD_LINE("defaults { mc-image \"quay.io/minio/mc:b\" }"), NULL}},
	{"minio_image", DIAG_E022, {ADD_LINE("defaults { minio-image \"Minio/minio:1\" }"), NULL}, 9, 24,
	 {ADD_LINE("defaults { minio-image \"minio/minio:1\" }"), NULL}},
	{"store_image", DIAG_E022, {ADD_STORE, "size 1Gi", "size 1Gi; image \"quay.io/minio/minio@sha256:12\"", NULL}, 10, 31,
	 {ADD_STORE, "size 1Gi", "size 1Gi; image \"quay.io/minio/minio:1\"", NULL}},
	/* Issue 8, minor: namespaces the application must not take */
	{"kube_system", DIAG_E025, {"project shop\n", "project shop\nnamespace kube-system\n", NULL}, 2, 11,
	 {"project shop\n", "project shop\nnamespace shop-system\n", NULL}},
	{"project_kube_public", DIAG_E025, {"project shop\n", "project kube-public\n", NULL}, 1, 9,
	 {"project shop\n", "project kubes\n", NULL}},
	{"default", DIAG_W003, {"project shop\n", "project shop\nnamespace default\n", NULL}, 2, 11,
	 {"project shop\n", "project shop\nnamespace defaults\n", NULL}},
	/* E024 request above limit: against the stdlib's limit, and against the app's own */
	{"memory_above_default_limit", DIAG_E024, {AFTER_PORT("memory 1Gi"), NULL}, 7, 36, {AFTER_PORT("memory 512Mi"), NULL}},
	{"cpu_above_own_limit", DIAG_E024, {AFTER_PORT("cpu 2; cpu-limit 1500m"), NULL}, 7, 33,
	 {AFTER_PORT("cpu 1500m; cpu-limit 1500m"), NULL}},
	/* Issue 9: `uses`, the MinIO user of each app that uses a store, the ingress controller's namespace */
	{"uses_unknown", DIAG_E040, {ADD_STORE, "uses files", "uses filez", NULL}, 7, 77, {ADD_STORE, NULL}},
	{"uses_itself", DIAG_E040, {AFTER_PORT("uses web"), NULL}, 7, 34, {NULL}},
	{"uses_twice", DIAG_E007, {ADD_STORE, "uses files", "uses files, files", NULL}, 7, 84, {ADD_STORE, NULL}},
	{"store_keys_missing", DIAG_E041, {ADD_STORE, "DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY", "DATABASE_URL, S3_ACCESS_KEY", NULL}, 7, 77,
	 {ADD_STORE, "DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY", "DATABASE_URL, S3_ACCESS_KEY, MEDIA_SECRET", "uses files", "uses files; s3-secret-key MEDIA_SECRET", NULL}},
	{"store_without_bucket", DIAG_E042, {ADD_STORE, "bucket uploads; ", "", NULL}, 7, 77, {ADD_STORE, NULL}},
	{"store_used_by_no_app", DIAG_W015, {ADD_STORE, "; uses files", "", NULL}, 10, 7, {ADD_STORE, NULL}},
	/* environments (line 9); each case compiles as `rbdc check` does: the base, then every environment */
#define STAGING(text) ADD_LINE("environment staging { namespace shop-staging; " text " }")
	{"env_overrides_undeclared_app", DIAG_E110, {STAGING("app wbe { replicas 2 }"), NULL}, 9, 51, {STAGING("app web { replicas 2 }"), NULL}},
	{"env_changes_project", DIAG_E111, {STAGING("project other"), NULL}, 9, 47, {STAGING("tag \"2.0.0\""), NULL}},
	{"env_name_not_a_label", DIAG_E112, {ADD_LINE("environment Staging { namespace shop-staging }"), NULL}, 9, 13, {STAGING(""), NULL}},
	{"env_shares_base_namespace", DIAG_E113, {ADD_LINE("environment staging { namespace shop }"), NULL}, 9, 33, {STAGING(""), NULL}},
	{"env_repeats_base", DIAG_W055, {STAGING("tag \"1.0.0\""), NULL}, 9, 47, {STAGING("tag \"2.0.0\""), NULL}},
#undef STAGING
	{"s3_key_name", DIAG_E021, {ADD_STORE, "uses files", "uses files; s3-access-key S3-KEY", NULL}, 7, 98, {ADD_STORE, NULL}},
	{"ingress_namespace", DIAG_E008, {"tls letsencrypt-prod }", "tls letsencrypt-prod; ingress-namespace Ingress_Nginx }", NULL}, 8, 51,
	 {"tls letsencrypt-prod }", "tls letsencrypt-prod; ingress-namespace traefik }", NULL}},
	{"console_not_yes_or_no", DIAG_E021, {ADD_STORE, "size 1Gi", "size 1Gi; console maybe", NULL}, 10, 33,
	 {ADD_STORE, "size 1Gi", "size 1Gi; console yes", NULL}},
	{"policy_name_taken", DIAG_E007, {"app web", "app default-deny", "route / }", "route / }\napp web { image; port 8000; health /healthz }", NULL}, 7, 5,
	 {"app web", "app default-denied", "route / }", "route / }\napp web { image; port 8000; health /healthz }", NULL}},
	/* W001 unused secret */
	{"unused", DIAG_W001, {"app web {", "secret spare from vault \"shop/spare\" { keys SPARE_URL }\napp web {", NULL}, 7, 8,
	 {"app web {", "secret spare from vault \"shop/spare\" { keys SPARE_URL }\napp web {", "secrets web-env",
	  "secrets web-env, spare", NULL}},
	/* W002 concurrent migrations: the app's replicas, or the program's default */
	{"app_replicas", DIAG_W002, {AFTER_PORT("migrate \"alembic upgrade head\"; replicas 2"), NULL}, 7, 70,
	 {AFTER_PORT("migrate \"alembic upgrade head\"; replicas 1"), NULL}},
	{"default_replicas", DIAG_W002, {AFTER_PORT("migrate \"alembic upgrade head\""), ADD_LINE("defaults { replicas 3 }"), NULL}, 9, 21,
	 {ADD_LINE("defaults { replicas 3 }"), NULL}},
	/* Issue 9: which VaultConnection the emitted VaultAuth uses */
	{"connection_and_address", DIAG_E050,
	 {"mount kv }", "mount kv; role shop; address \"https://vault.example.com:8200\"; connection default }", NULL}, 5, 94,
	 {"mount kv }", "mount kv; role shop; address \"https://vault.example.com:8200\" }", NULL}},
	{"connection_without_role", DIAG_E050, {"mount kv }", "mount kv; connection default }", NULL}, 5, 41,
	 {"mount kv }", "mount kv; role shop; connection default }", NULL}},
	/* Issue 8 (generated programs): address and auth-mount without role were dropped without a word */
	{"address_without_role", DIAG_E050, {"mount kv }", "mount kv; address \"https://vault.example.com:8200\" }", NULL}, 5, 38,
	 {"mount kv }", "mount kv; role shop; address \"https://vault.example.com:8200\" }", NULL}},
	{"auth_mount_without_role", DIAG_E050, {"mount kv }", "mount kv; auth-mount k8s }", NULL}, 5, 41,
	 {"mount kv }", "mount kv; role shop; auth-mount k8s; connection default }", NULL}},
	{"auth_without_connection", DIAG_W020, {"mount kv }", "mount kv; role shop }", NULL}, 5, 35,
	 {"mount kv }", "mount kv; role shop; connection vault-system/shared }", NULL}},
	{"liveness_as_quick_as_readiness", DIAG_W021, {ADD_LINE("defaults { liveness-failures 3; liveness-period 10s }"), NULL}, 9, 30,
	 {ADD_LINE("defaults { liveness-failures 4; liveness-period 10s }"), NULL}},
	{"ephemeral_above_default_limit", DIAG_E024, {AFTER_PORT("ephemeral-storage 2Gi"), NULL}, 7, 47,
	 {AFTER_PORT("ephemeral-storage 1Gi"), NULL}},
	/* Issue 9 items 1 and 3: exact routes and the request body limit */
#define EXACT_APP(path) ADD_LINE("app api { image; port 8001; health /; route-exact " path " }")
	{"exact_route_twice", DIAG_E018, {EXACT_APP("/docs"), "route / }", "route /; route-exact /docs }", NULL}, 9, 51,
	 {EXACT_APP("/docs"), NULL}},
	{"exact_route_in_list_twice", DIAG_E018, {EXACT_APP("/docs, /redoc, /docs"), NULL}, 9, 66, {EXACT_APP("/docs, /redoc, /docs/"), NULL}},
	{"exact_route_encoded_slash", DIAG_E017, {EXACT_APP("/a%2fb"), NULL}, 9, 51, {EXACT_APP("/a-b"), NULL}},
	{"exact_route_in_store", DIAG_E014, {ADD_STORE, "secrets minio-root }", "secrets minio-root; route-exact /files }", NULL}, 10, 61,
	 {ADD_STORE, NULL}},
	{"exact_route_own_prefix", DIAG_W010, {"route / }", "route /; route-exact /docs }", NULL}, 7, 84,
	 {"route / }", "route /api; route-exact /docs }", NULL}},
	{"exact_route_under_own_deeper_prefix", DIAG_W010, {"route / }", "route /api/; route-exact /api/v1/health }", NULL}, 7, 88,
	 {EXACT_APP("/api/v1/health"), "route / }", "route /api/ }", NULL}},
	{"body_limit_decimal_unit", DIAG_E030, {AFTER_PORT("body-limit 20MB"), NULL}, 7, 40, {AFTER_PORT("body-limit 20Mi"), NULL}},
	{"body_limit_nginx_unit", DIAG_E030, {AFTER_PORT("body-limit 20m"), NULL}, 7, 40, {AFTER_PORT("body-limit 20971520"), NULL}},
	{"body_limit_zero", DIAG_E030, {AFTER_PORT("body-limit 0"), NULL}, 7, 40, {AFTER_PORT("body-limit 1"), NULL}},
	{"body_limit_past_nginx", DIAG_E030, {AFTER_PORT("body-limit 9007199254740992Ti"), NULL}, 7, 40, {AFTER_PORT("body-limit 8Ti"), NULL}},
	{"body_limit_twice", DIAG_E005, {AFTER_PORT("body-limit 20Mi; body-limit 30Mi"), NULL}, 7, 57, {AFTER_PORT("body-limit 30Mi"), NULL}},
	{"body_limit_without_route", DIAG_W011, {ADD_LINE("app api { image; port 8001; health /; body-limit 5Mi }"), NULL}, 9, 50,
	 {ADD_LINE("app api { image; port 8001; health /; body-limit 5Mi; route /up }"), NULL}},
#undef EXACT_APP
	/* Issue 10: `# rbdc: allow CODE` comments that are wrong or silence nothing (tests/unit/test_fmt.c has the rest) */
	{"allow_unknown_code", DIAG_W060, {ADD_LINE("# rbdc: allow W9"), NULL}, 9, 15, {ADD_LINE("# not for rbdc: allow W9"), NULL}},
	{"allow_error_code", DIAG_W061, {ADD_LINE("# rbdc: allow E013"), NULL}, 9, 15, {ADD_LINE("# rbdc allow E013"), NULL}},
	{"allow_nothing_to_silence", DIAG_W062, {INGRESS_LINE, "ingress { tls letsencrypt-prod }  # rbdc: allow W002\n", NULL}, 8, 49,
	 {INGRESS_LINE, "ingress { tls letsencrypt-prod }  # W002\n", NULL}},
	{"rbdc_comment_not_allow", DIAG_W063, {ADD_LINE("# rbdc: alow W001"), NULL}, 9, 9, {ADD_LINE("# rbdc alow W001"), NULL}},
	/* Issue 10, apps: workers without a port, the four health forms, per-app probe timings, scratch directories */
#define WORKER(text) ADD_LINE("app worker { image; health exec \"celery -A shop inspect ping\"" text " }")
	{"route_to_worker", DIAG_E010, {"port 8000; ", "", "health /healthz", "health exec \"/app/check\"", NULL}, 7, 67,
	 {"health /healthz", "health exec \"/app/check\"", NULL}},
	{"health_tcp_without_port", DIAG_E010, {WORKER("; scratch /data"), "health exec \"celery -A shop inspect ping\"", "health tcp", NULL}, 9, 28,
	 {WORKER("; scratch /data"), NULL}},
	{"uses_worker", DIAG_E060, {WORKER(""), "route / }", "route /; uses worker }", NULL}, 7, 77, {WORKER(""), NULL}},
	{"health_unknown_form", DIAG_E061, {"health /healthz", "health http", NULL}, 7, 36, {"health /healthz", "health tcp", NULL}},
	{"health_exec_without_command", DIAG_E061, {"health /healthz", "health exec", NULL}, 7, 36,
	 {"health /healthz", "health exec \"curl -fsS localhost:8000/healthz\"", NULL}},
	{"health_exec_blank", DIAG_E061, {WORKER(""), "\"celery -A shop inspect ping\"", "\" \"", NULL}, 9, 33, {WORKER(""), NULL}},
	{"scratch_under_tmp", DIAG_E062, {AFTER_PORT("scratch /tmp/next"), NULL}, 7, 37, {AFTER_PORT("scratch /tmpfiles/next"), NULL}},
	{"scratch_under_proc", DIAG_E062, {AFTER_PORT("scratch /app, /proc/x"), NULL}, 7, 43, {AFTER_PORT("scratch /app, /procs/x"), NULL}},
	{"scratch_dot_dot", DIAG_E062, {AFTER_PORT("scratch /app/../x"), NULL}, 7, 37, {AFTER_PORT("scratch /app/..x"), NULL}},
	{"scratch_root", DIAG_E062, {AFTER_PORT("scratch /"), NULL}, 7, 37, {AFTER_PORT("scratch /a"), NULL}},
	/* /a-b sorts between /a and /a/b in byte order: the overlap of /a and /a/b must still be found */
	{"scratch_nested_past_sibling", DIAG_E063, {AFTER_PORT("scratch /a/b, /a-b, /a"), NULL}, 7, 49,
	 {AFTER_PORT("scratch /a/b, /a-b; scratch-size 100Mi"), NULL}},
	{"scratch_twice", DIAG_E063, {AFTER_PORT("scratch /cache; scratch /cache"), NULL}, 7, 53, {AFTER_PORT("scratch /cache; scratch /cache2"), NULL}},
	{"health_none_with_port", DIAG_W030, {"health /healthz", "health none", NULL}, 7, 36, {WORKER("; health none"), "; health none", "", NULL}},
	{"readiness_timing_in_worker", DIAG_W031, {WORKER("; probe-failures 5"), NULL}, 9, 79, {WORKER("; liveness-failures 5"), NULL}},
	{"timing_without_probes", DIAG_W031, {"health /healthz", "health none; probe-failures 5", NULL}, 7, 57,
	 {"health /healthz", "health tcp; probe-failures 5", NULL}},
	{"scratch_size_without_scratch", DIAG_W032, {AFTER_PORT("scratch-size 1Gi"), NULL}, 7, 42, {AFTER_PORT("scratch-size 100Mi; scratch /cache"), NULL}},
	{"app_liveness_as_quick_as_readiness", DIAG_W021, {AFTER_PORT("liveness-period 10s; liveness-failures 3"), NULL}, 7, 45,
	 {AFTER_PORT("liveness-period 10s; liveness-failures 4"), NULL}},
	{"app_readiness_slower_than_default_liveness", DIAG_W021, {AFTER_PORT("probe-period 60s"), NULL}, 7, 42,
	 {AFTER_PORT("probe-period 30s"), NULL}},
	{"scratch_past_disk_limit", DIAG_W033, {AFTER_PORT("scratch /a, /b; scratch-size 300Mi"), NULL}, 7, 58,
	 {AFTER_PORT("scratch /a, /b; scratch-size 300Mi; ephemeral-storage-limit 2Gi"), NULL}},
#undef WORKER
	/* Issue 10: an app's pod count comes from one statement (E090); autoscale's parts (E091), each at its part */
	{"singleton_with_replicas", DIAG_E090, {AFTER_PORT("singleton; replicas 2"), NULL}, 7, 49, {AFTER_PORT("singleton; replicas 1"), NULL}},
	{"autoscale_with_replicas", DIAG_E090, {AFTER_PORT("replicas 2; autoscale 2..4 cpu 70%"), NULL}, 7, 41,
	 {AFTER_PORT("autoscale 2..4 cpu 70%"), ADD_LINE("defaults { replicas 3 }"), NULL}},
	{"singleton_with_autoscale", DIAG_E090, {AFTER_PORT("autoscale 2..4 cpu 70%; singleton"), NULL}, 7, 53,
	 {AFTER_PORT("singleton"), ADD_LINE("defaults { replicas 3 }"), NULL}},
	{"autoscale_max_below_min", DIAG_E091, {AFTER_PORT("autoscale 4..2 cpu 70%"), NULL}, 7, 42, {AFTER_PORT("autoscale 2..4 cpu 70%"), NULL}},
	{"autoscale_min_zero", DIAG_E091, {AFTER_PORT("autoscale 0..2 cpu 70%"), NULL}, 7, 39, {AFTER_PORT("autoscale 1..2 cpu 70%"), NULL}},
	{"autoscale_target_above_100", DIAG_E091, {AFTER_PORT("autoscale 2..4 cpu 101%"), NULL}, 7, 48, {AFTER_PORT("autoscale 2..4 cpu 100%"), NULL}},
	{"autoscale_on_memory", DIAG_E091, {AFTER_PORT("autoscale 2..4 memory 70%"), NULL}, 7, 44, {AFTER_PORT("autoscale 2..4 cpu 70%"), NULL}},
	{"autoscale_without_range", DIAG_E091, {AFTER_PORT("autoscale 3 cpu 70%"), NULL}, 7, 39, {AFTER_PORT("autoscale 3..30 cpu 70%"), NULL}},
	{"autoscale_fixed_range", DIAG_W045, {AFTER_PORT("autoscale 3..3 cpu 70%"), NULL}, 7, 29, {AFTER_PORT("autoscale 3..4 cpu 70%"), NULL}},
	{"migrate_with_autoscale", DIAG_W002, {AFTER_PORT("migrate \"alembic upgrade head\"; autoscale 2..4 cpu 70%"), NULL}, 7, 61,
	 {AFTER_PORT("migrate \"alembic upgrade head\"; singleton"), ADD_LINE("defaults { replicas 3 }"), NULL}},
	/* Issue 10: one source per environment variable: a key in two secrets (E092), an env over a secret's key (E093) */
	{"key_in_two_secrets", DIAG_E092,
	 {"{ keys DATABASE_URL }\n", "{ keys DATABASE_URL }; secret web-db from vault \"shop/db\" { keys DATABASE_URL }\n",
	  "secrets web-env;", "secrets web-env, web-db;", NULL}, 7, 63,
	 {"{ keys DATABASE_URL }\n", "{ keys DATABASE_URL }; secret web-db from vault \"shop/db\" { keys DATABASE_RO_URL }\n",
	  "secrets web-env;", "secrets web-env, web-db;", NULL}},
	{"env_shadows_secret_key", DIAG_E093, {"route / }", "route /; env DATABASE_URL \"postgres://db/shop\" }", NULL}, 7, 76,
	 {"route / }", "route /; env DATABASE_HOST \"db\" }", NULL}},
	/* Issue 10, the audit: a statement accepted without effect in the program is W046 */
	{"domain_without_route", DIAG_W046, {"; route / }", " }", INGRESS_LINE, "", NULL}, 2, 8,
	 {"; route / }", " }", INGRESS_LINE, "", "domain shop.example.com\n", "", NULL}},
	{"ingress_without_route", DIAG_W046, {"; route / }", " }", "domain shop.example.com\n", "", NULL}, 7, 1,
	 {"; route / }", " }", "domain shop.example.com\n", "", INGRESS_LINE, "", NULL}},
	{"s3_key_without_store", DIAG_W046, {AFTER_PORT("s3-access-key S3_ID"), NULL}, 7, 43, {ADD_STORE, "route /;", "route /; s3-access-key S3_ACCESS_KEY;", NULL}},
	{"vault_without_secret", DIAG_W046,
	 {"secret web-env from vault \"shop/web\" { keys DATABASE_URL }\n", "", " secrets web-env;", "", NULL}, 5, 1,
	 {"secret web-env from vault \"shop/web\" { keys DATABASE_URL }\n", "", " secrets web-env;", "", "vault { auth shop; mount kv }\n", "", NULL}},
	{"env_before_secret_key", DIAG_E093, {AFTER_PORT("env DATABASE_URL \"postgres://db/shop\""), NULL}, 7, 93,
	 {AFTER_PORT("env DATABASE_HOST \"db\""), NULL}},
	/* Issue 10: jobs, schedules, time zones, shared images and commands */
	{"schedule_minute_60", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"60 3 * * *\" }"), NULL}, 9, 53,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"59 3 * * *\" }"), NULL}},
	{"schedule_six_fields", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 0 3 * * *\" }"), NULL}, 9, 53,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\" }"), NULL}},
	{"schedule_sunday_7", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * 1-7\" }"), NULL}, 9, 63,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * 1-6,0\" }"), NULL}},
	{"schedule_backwards_range", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 22-2 * * *\" }"), NULL}, 9, 55,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 22-23,0-2 * * *\" }"), NULL}},
	{"schedule_every", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"@every 1h\" }"), NULL}, 9, 53,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"@hourly\" }"), NULL}},
	{"schedule_tz", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"TZ=UTC 0 3 * * *\" }"), NULL}, 9, 53,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\" }"), NULL}},
	{"schedule_zero_step", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"*/0 * * * *\" }"), NULL}, 9, 55,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"*/5 * * * *\" }"), NULL}},
	{"schedule_unknown_name", DIAG_E070, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * monday\" }"), NULL}, 9, 61,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * mon\" }"), NULL}},
	{"schedule_never", DIAG_W035, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 0 30 feb *\" }"), NULL}, 9, 52,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 0 29 feb *\" }"), NULL}},
	{"timezone_lower_case", DIAG_E071,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\"; timezone europe/berlin }"), NULL}, 9, 74,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\"; timezone Europe/Berlin }"), NULL}},
	{"timezone_abbreviation", DIAG_E071, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\"; timezone CET }"), NULL},
	 9, 74, {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\"; timezone Europe/Paris }"), NULL}},
	{"timezone_city_lower_case", DIAG_E071,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\"; timezone Europe/berlin }"), NULL}, 9, 81,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; schedule \"0 3 * * *\"; timezone America/Argentina/Buenos_Aires }"), NULL}},
	{"timezone_without_schedule", DIAG_E072, {ADD_LINE("job c { image of web; command \"/app/run\"; timezone UTC }"), NULL}, 9, 52,
	 {ADD_LINE("job c { image of web; command \"/app/run\" }"), NULL}},
	{"image_of_unknown", DIAG_E073, {ADD_LINE("job c { image of wbe; command \"/app/run\" }"), NULL}, 9, 18,
	 {ADD_LINE("job c { image of web; command \"/app/run\" }"), NULL}},
	{"image_of_itself", DIAG_E073, {"image;", "image of web;", NULL}, 7, 20, {NULL}},
	{"image_of_cycle", DIAG_E073, {ADD_LINE("app a { image of b; port 1; health / }\napp b { image of a; port 2; health / }"), NULL}, 9, 18,
	 {ADD_LINE("app a { image of b; port 1; health / }\napp b { image of web; port 2; health / }"), NULL}},
	{"job_without_command", DIAG_E074, {ADD_LINE("job c { image of web }"), NULL}, 9, 5,
	 {ADD_LINE("job c { image \"ghcr.io/acme/tool:1\" }"), NULL}},
	{"job_without_image", DIAG_E006, {ADD_LINE("job c { command \"/app/run\" }"), NULL}, 9, 5,
	 {ADD_LINE("job c { image; command \"/app/run\" }"), NULL}},
	{"job_uses_unknown", DIAG_E040, {ADD_LINE("job c { image of web; command \"/app/run\"; uses wbe }"), NULL}, 9, 48,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; uses web }"), NULL}},
	{"job_named_like_app", DIAG_E007, {ADD_LINE("job web { image of web; command \"/app/run\" }"), NULL}, 9, 5,
	 {ADD_LINE("job web-run { image of web; command \"/app/run\" }"), NULL}},
	{"job_replicas", DIAG_E003, {ADD_LINE("job c { image of web; command \"/app/run\"; replicas 2 }"), NULL}, 9, 43,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; retries 2 }"), NULL}},
	{"job_empty_command", DIAG_E021, {ADD_LINE("job c { image of web; command \"  \" }"), NULL}, 9, 31,
	 {ADD_LINE("job c { image of web; command \"/app/run\", \"\" }"), NULL}},
	{"job_secret_undeclared", DIAG_E012, {ADD_LINE("job c { image of web; command \"/app/run\"; secrets web-nev }"), NULL}, 9, 51,
	 {ADD_LINE("job c { image of web; command \"/app/run\"; secrets web-env }"), NULL}},
	{"app_command_unquoted", DIAG_E004, {AFTER_PORT("command celery worker"), NULL}, 7, 44, {AFTER_PORT("command celery, worker"), NULL}},
	/* store engines (issue 10): lines 9 and 10 hold a redis store's secret and the store, which the app uses */
#define REDIS_STORE(body) INGRESS_LINE, INGRESS_LINE "secret cache-auth from vault \"shop/cache\" { keys REDIS_PASSWORD }\n" \
	"store cache { engine " body " }\n", "route / }", "route /; uses cache }"
#define KV_ENGINE(extra) ADD_LINE("engine kv { image \"docker.io/example/kv:2.1\"; port 7000; data /srv; user 999; probe tcp" extra " }")
	{"engine_unknown", DIAG_E080, {REDIS_STORE("redsi; size 1Gi; secrets cache-auth"), NULL}, 10, 22,
	 {REDIS_STORE("redis; size 1Gi; secrets cache-auth"), NULL}},
	{"engine_bucket_not_minio", DIAG_E081, {REDIS_STORE("redis; size 1Gi; secrets cache-auth; bucket c-data"), NULL}, 10, 59,
	 {REDIS_STORE("redis; size 1Gi; secrets cache-auth"), NULL}},
	{"engine_client_env_shadowed", DIAG_E082, {REDIS_STORE("redis; size 1Gi; secrets cache-auth"), AFTER_PORT("env REDIS_HOST \"x\""), NULL},
	 7, 33, {REDIS_STORE("redis; size 1Gi; secrets cache-auth"), AFTER_PORT("env CACHE_HOST \"x\""), NULL}},
	{"engine_client_secret_key", DIAG_E083, {KV_ENGINE("; client-secret KV_PASS KV_PASSWORD"), NULL}, 9, 112,
	 {KV_ENGINE("; secret-keys KV_PASSWORD; client-secret KV_PASS KV_PASSWORD"), NULL}},
	{"engine_image_unpinned", DIAG_W040, {ADD_LINE("engine kv { image \"docker.io/example/kv\"; port 7000; data /srv; user 999; probe tcp }"), NULL},
	 9, 19, {KV_ENGINE(""), NULL}},
	{"engine_store_without_password", DIAG_E006, {REDIS_STORE("redis; size 1Gi"), NULL}, 10, 7,
	 {REDIS_STORE("redis; size 1Gi; secrets cache-auth"), NULL}},
#undef REDIS_STORE
#undef KV_ENGINE
	/* Issue 11: hosts per app (sites) and the Gateway API target */
#define GATEWAY_LINE INGRESS_LINE, "gateway { parent infra/public }\n"
	{"host_ip", DIAG_E100, {AFTER_PORT("host 192.0.2.1"), NULL}, 7, 34, {AFTER_PORT("host \"*.example.com\""), NULL}},
	{"host_on_two_sites", DIAG_E101, {ADD_LINE("app api { image; port 8001; health /; host shop.example.com, www.example.com; route /api }"), NULL}, 9, 44,
	 {ADD_LINE("app api { image; port 8001; health /; host shop.example.com; route /api }"), NULL}},
	{"host_twice", DIAG_E102, {AFTER_PORT("host www.example.com, www.example.com"), NULL}, 7, 51,
	 {AFTER_PORT("host www.example.com, example.com"), NULL}},
	{"ingress_and_gateway", DIAG_E103, {ADD_LINE("gateway { parent infra/public }"), NULL}, 9, 1, {GATEWAY_LINE, NULL}},
	{"body_limit_with_gateway", DIAG_E104, {GATEWAY_LINE, "route / }", "route /; body-limit 20Mi }", NULL}, 7, 83,
	 {"route / }", "route /; body-limit 20Mi }", NULL}},
	{"gateway_parent_upper_case", DIAG_E105, {INGRESS_LINE, "gateway { parent Infra/public }\n", NULL}, 8, 18, {GATEWAY_LINE, NULL}},
	{"httproute_hostnames", DIAG_E106, {GATEWAY_LINE, "route / }", "route /; host h1.example.com, h2.example.com, h3.example.com, h4.example.com, h5.example.com, h6.example.com, h7.example.com, h8.example.com, h9.example.com, h10.example.com, h11.example.com, h12.example.com, h13.example.com, h14.example.com, h15.example.com, h16.example.com, h17.example.com }", NULL}, 7, 77,
	 {GATEWAY_LINE, "route / }", "route /; host h1.example.com, h2.example.com, h3.example.com, h4.example.com, h5.example.com, h6.example.com, h7.example.com, h8.example.com, h9.example.com, h10.example.com, h11.example.com, h12.example.com, h13.example.com, h14.example.com, h15.example.com, h16.example.com }", NULL}},
	{"host_without_route", DIAG_W050, {ADD_LINE("app api { image; port 8001; health /; host api.example.com }"), NULL}, 9, 44,
	 {ADD_LINE("app api { image; port 8001; health /; host api.example.com; route / }"), NULL}},
#undef GATEWAY_LINE
};
/* clang-format on */

/* ---- the valid program, defaults, images, namespaces, routes ---------------------------------------------- */

/* Sites: the same hosts in another order are one site; the domain's site keeps PROJECT and PROJECT-tls; another
   site is named after its first app and its certificate after its first host (a wildcard spelt out). */
static void hosts_make_sites(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *edits[] = {INGRESS_LINE,
			       INGRESS_LINE "app www { image; port 8001; health /; host www.example.com, example.com; route /a }\n"
					    "app blog { image; port 8002; health /; host example.com, www.example.com; route /b }\n"
					    "app any { image; port 8003; health /; host \"*.example.org\"; route / }\n",
			       NULL};
	assert_int_equal(compile_edited(ctx, edits, &c), 0);
	assert_no_diags(ctx);
	assert_int_equal(c.model.n_sites, 3);
	const struct site *domain = c.model.apps->site, *www = c.model.apps->next->site, *any = c.model.apps->next->next->next->site;
	assert_true(domain->is_domain);
	assert_string_equal(domain->route_name, "shop");
	assert_string_equal(domain->tls_secret, "shop-tls");
	assert_ptr_equal(c.model.apps->next->next->site, www); /* blog: the same hosts, another order */
	assert_int_equal(www->n_apps, 2);
	assert_int_equal(www->n_hosts, 2);
	assert_string_equal(www->hosts[0], "www.example.com");
	assert_string_equal(www->route_name, "shop-www");
	assert_string_equal(www->tls_secret, "www.example.com-tls");
	assert_string_equal(any->tls_secret, "wildcard.example.org-tls");
}

/* gateway { parent NAMESPACE/NAME }: split for parentRefs; the policies admit gateway-namespace, else the parent's
   namespace, else (NAME alone) the program's own. */
static void gateway_parent_and_admitted_namespace(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *split[] = {INGRESS_LINE, "gateway { parent infra/public }\n", NULL};
	assert_int_equal(compile_edited(ctx, split, &c), 0);
	assert_string_equal(c.model.gateway.parent_namespace, "infra");
	assert_string_equal(c.model.gateway.parent_name, "public");
	assert_string_equal(c.model.gateway.admit_namespace, "infra");
	rbdc_ctx_fini(ctx);
	rbdc_ctx_init(ctx);
	const char *local[] = {INGRESS_LINE, "gateway { parent public; gateway-namespace envoy-gateway-system }\n", NULL};
	assert_int_equal(compile_edited(ctx, local, &c), 0);
	assert_null(c.model.gateway.parent_namespace);
	assert_string_equal(c.model.gateway.admit_namespace, "envoy-gateway-system");
	rbdc_ctx_fini(ctx);
	rbdc_ctx_init(ctx);
	const char *own[] = {INGRESS_LINE, "gateway { parent public }\n", NULL};
	assert_int_equal(compile_edited(ctx, own, &c), 0);
	assert_string_equal(c.model.gateway.admit_namespace, "shop");
}

static void valid_program_compiles_clean(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, VALID_PROGRAM, &c), 0);
	assert_no_diags(ctx);
	assert_int_equal(c.model.n_apps, 1);
	assert_int_equal(c.model.n_secrets, 1);
	assert_int_equal(c.model.n_stores, 0);
	assert_string_equal(c.model.apps->name, "web");
	assert_int_equal(c.model.apps->port.num, 8000);
	assert_string_equal(c.model.apps->health.text, "/healthz");
	assert_string_equal(c.model.source_name, "test.rbd");
	/* the reference is bound to its declaration, and the declaration counts its user */
	assert_ptr_equal(c.model.apps->secrets->secret, c.model.secrets);
	assert_int_equal(c.model.secrets->n_users, 1);
	assert_int_equal(c.model.secrets->n_keys, 1);
	assert_string_equal(c.model.secrets->path.text, "shop/web");
}

static void stdlib_defaults_are_applied(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, VALID_PROGRAM, &c), 0);
	const struct defaults *d = &c.model.defaults;
	assert_true(d->tune.user.set);
	assert_int_equal(d->tune.user.num, 10001);
	assert_true(ctx->sources[d->tune.user.loc.file]->is_stdlib);
	assert_string_equal(d->tune.memory.text, "128Mi");
	assert_string_equal(d->tune.cpu.text, "100m");
	assert_int_equal(d->tune.replicas.num, 1);
	assert_int_equal(d->probe_delay.num, 10);
	assert_int_equal(d->probe_timeout.num, 3);
	assert_int_equal(d->minio_user.num, 10001);
	assert_string_equal(d->s3_access_key.text, "S3_ACCESS_KEY");
	assert_string_equal(d->s3_secret_key.text, "S3_SECRET_KEY");
	assert_string_equal(c.model.ingress.ingress_namespace.text, "ingress-nginx");
	assert_string_equal(d->spa_root.text, "/usr/share/nginx/html");
	/* the app sets nothing itself, so it runs with the defaults */
	const struct app *web = c.model.apps;
	assert_false(web->tune.user.set);
	assert_int_equal(model_effective(&web->tune.user, &d->tune.user)->num, 10001);
	assert_string_equal(model_effective(&web->tune.memory, &d->tune.memory)->text, "128Mi");
	/* the vault block sets no refresh: it takes the stdlib's */
	assert_string_equal(c.model.vault.refresh.text, "1h");
	assert_int_equal(c.model.vault.refresh.num, 3600);
}

static void program_and_app_override_defaults(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_all(ctx, VALID_PROGRAM,
				    (const char *const[]){"port 8000", "port 8000; user 30000",
							  ADD_LINE("defaults { user 20000; memory 256Mi }\n"
								   "app api { image; port 8001; health / }"),
							  "mount kv }", "mount kv; refresh 5m }", NULL});
	assert_int_equal(compile_text(ctx, text, &c), 0);
	assert_no_diags(ctx); /* overriding the stdlib is not a repeated statement */
	const struct defaults *d = &c.model.defaults;
	assert_int_equal(d->tune.user.num, 20000);
	assert_false(ctx->sources[d->tune.user.loc.file]->is_stdlib);
	assert_string_equal(d->tune.memory.text, "256Mi");
	assert_string_equal(d->tune.cpu.text, "100m"); /* untouched defaults stay */
	const struct app *web = c.model.apps, *api = web->next;
	assert_string_equal(api->name, "api");
	assert_int_equal(model_effective(&web->tune.user, &d->tune.user)->num, 30000);
	assert_int_equal(model_effective(&api->tune.user, &d->tune.user)->num, 20000);
	assert_string_equal(model_effective(&api->tune.memory, &d->tune.memory)->text, "256Mi");
	assert_string_equal(c.model.vault.refresh.text, "5m");
	assert_int_equal(c.model.vault.refresh.num, 300);
}

static void bare_image_is_derived(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, VALID_PROGRAM, &c), 0);
	const struct app *web = c.model.apps;
	assert_true(web->has_image);
	assert_false(web->image_ref.set);
	assert_string_equal(web->image, "ghcr.io/acme/shop-web:1.0.0");
	assert_string_equal(web->image_name, "ghcr.io/acme/shop-web");
	assert_string_equal(web->image_tag, "1.0.0");
}

static void explicit_image_is_kept(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_once(ctx, VALID_PROGRAM, "image;", "image \"registry.local:5000/team/web:2.1\";");
	assert_int_equal(compile_text(ctx, text, &c), 0);
	const struct app *web = c.model.apps;
	assert_string_equal(web->image, "registry.local:5000/team/web:2.1");
	assert_string_equal(web->image_name, "registry.local:5000/team/web"); /* the port is not a tag */
	assert_string_equal(web->image_tag, "2.1");
}

static void image_without_tag_has_no_tag(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_once(ctx, VALID_PROGRAM, "image;", "image \"registry.local:5000/team/web\";");
	assert_int_equal(compile_text(ctx, text, &c), 0);
	assert_string_equal(c.model.apps->image_name, "registry.local:5000/team/web");
	assert_null(c.model.apps->image_tag);
}

static void namespace_defaults_to_project(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_equal(compile_text(ctx, VALID_PROGRAM, &c), 0);
	assert_string_equal(c.model.namespace_.text, "shop");
}

static void namespace_statement_wins_over_project(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_once(ctx, VALID_PROGRAM, "project shop\n", "project shop\nnamespace prod\n");
	assert_int_equal(compile_text(ctx, text, &c), 0);
	assert_string_equal(c.model.namespace_.text, "prod");
	assert_string_equal(c.model.project.text, "shop");
}

static void namespace_override_wins(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	ctx->opts.namespace_override = "staging";
	const char *text = edit_once(ctx, VALID_PROGRAM, "project shop\n", "project shop\nnamespace prod\n");
	assert_int_equal(compile_text(ctx, text, &c), 0);
	assert_no_diags(ctx);
	assert_string_equal(c.model.namespace_.text, "staging");
	assert_int_equal(c.model.namespace_.len, 7);
}

static void namespace_override_without_statement(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	ctx->opts.namespace_override = "staging";
	assert_int_equal(compile_text(ctx, VALID_PROGRAM, &c), 0);
	assert_string_equal(c.model.namespace_.text, "staging");
	assert_string_equal(c.model.project.text, "shop");
}

/* Issue 8, minor: `-n kube-system` is refused, pointing at the project (the statement -n replaces), and
   `-n default` is a warning there; the program's own `namespace` statement is not blamed for what -n chose. */
static void namespace_override_reserved_or_default(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	static const char *const reserved[] = {"kube-system", "kube-public", "kube-node-lease"};
	for (size_t i = 0; i < 3; i++) {
		struct rbdc_ctx bad;
		rbdc_ctx_init(&bad);
		bad.opts.namespace_override = reserved[i];
		assert_int_not_equal(compile_text(&bad, edit_once(&bad, VALID_PROGRAM, "project shop\n", "project shop\nnamespace prod\n"), &c), 0);
		assert_code_at(&bad, DIAG_E025, 1, 9);
		rbdc_ctx_fini(&bad);
	}
	ctx->opts.namespace_override = "default";
	assert_int_equal(compile_text(ctx, VALID_PROGRAM, &c), 0);
	assert_code_at(ctx, DIAG_W003, 1, 9);
	assert_no_code(ctx, DIAG_E025);
}

static void route_prefixes_drop_trailing_slash(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_once(ctx, VALID_PROGRAM, "route / }", "route /api/; route /; route /api/v1/ }");
	assert_int_equal(compile_text(ctx, text, &c), 0);
	const struct route *r = c.model.apps->routes;
	assert_string_equal(r->path.text, "/api/");
	assert_string_equal(r->prefix, "/api");
	r = r->next;
	assert_string_equal(r->prefix, "/");
	r = r->next;
	assert_string_equal(r->prefix, "/api/v1");
	assert_ptr_equal(r->app, c.model.apps);
	assert_null(r->next);
}

static void store_takes_default_image(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_all(ctx, VALID_PROGRAM, (const char *const[]){ADD_STORE, NULL});
	assert_int_equal(compile_text(ctx, text, &c), 0);
	assert_no_diags(ctx);
	const struct store *s = c.model.stores;
	assert_string_equal(s->name, "files");
	assert_string_equal(s->image.text,
			    "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z@sha256:14cea493d9a34af32f524e538b8346cf79f3321eff8e708c1e2960462bd8936e");
	assert_ptr_equal(s->users->user, c.model.apps); /* `uses files` in app web */
	assert_string_equal(s->users->access_secret, "web-env");
	assert_string_equal(s->users->secret_secret, "web-env");
	assert_string_equal(s->size.text, "1Gi");
	assert_string_equal(s->buckets->name.text, "uploads");
	assert_ptr_equal(s->secrets->secret, c.model.secrets->next);
}

static void bad_value_is_reported_once(void **state)
{
	/* a value that does not parse is marked bad: the rules do not read it as 0 and report root on top */
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_once(ctx, VALID_PROGRAM, "port 8000", "port 8000; user 00");
	assert_int_not_equal(compile_text(ctx, text, &c), 0);
	assert_code_at(ctx, DIAG_E009, 7, 34);
	assert_int_equal(count_diags(ctx), 1);
	assert_true(c.model.apps->tune.user.bad);
}

static void warnings_as_errors_fail_the_compilation(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	ctx->opts.warnings_are_errors = true;
	const char *text =
		edit_once(ctx, VALID_PROGRAM, "app web {", "secret spare from vault \"shop/spare\" { keys SPARE_URL }\napp web {");
	assert_int_not_equal(compile_text(ctx, text, &c), 0);
	assert_code_at(ctx, DIAG_W001, 7, 8);
}

/* ---- E013 by value: secret-shaped values are assembled at run time, never written whole in the source ---- */

/* @n characters cycling through @alphabet from @seed: deterministic, and not a real credential. */
static const char *filler(struct rbdc_ctx *ctx, const char *alphabet, size_t n, unsigned seed)
{
	char *s = arena_alloc(&ctx->arena, n + 1);
	size_t k = strlen(alphabet);
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		s[i] = alphabet[(seed >> 16) % k];
	}
	return s;
}

#define UPPER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define MIXED "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

/* Compiles VALID_PROGRAM with `env NAME "VALUE"` after the port: the value's string starts at 7:(33 + strlen(NAME) + 1). */
static int compile_env_value(struct rbdc_ctx *ctx, const char *name, const char *value, struct compilation *c)
{
	const char *env = arena_printf(&ctx->arena, "port 8000; env %s \"%s\"", name, value);
	return compile_text(ctx, edit_once(ctx, VALID_PROGRAM, "port 8000", env), c);
}

static void e013_url_with_password(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *url = arena_printf(&ctx->arena, "%s://app:%s@db:5432/app", "postgres", filler(ctx, MIXED, 6, 1));
	assert_int_not_equal(compile_env_value(ctx, "DATABASE_URL", url, &c), 0);
	assert_code_at(ctx, DIAG_E013, 7, 46);
}

static void e013_url_without_password_passes(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	/* not DATABASE_URL: the program's secret holds that key, and an env beside it is E093 */
	assert_int_equal(compile_env_value(ctx, "REPLICA_URL", "postgres://app@db:5432/app", &c), 0);
	assert_no_diags(ctx);
}

static void e013_cloud_key(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *key = arena_printf(&ctx->arena, "%s%s%s", "AK", "IA", filler(ctx, UPPER_DIGITS, 16, 7));
	assert_int_not_equal(compile_env_value(ctx, "S3_ID", key, &c), 0);
	assert_code_at(ctx, DIAG_E013, 7, 39);
}

static void e013_short_key_prefix_passes(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	/* the same prefix with too few characters after it is a word, not a key */
	const char *word = arena_printf(&ctx->arena, "%s%s%s", "AK", "IA", "WORD");
	assert_int_equal(compile_env_value(ctx, "S3_ID", word, &c), 0);
	assert_no_diags(ctx);
}

static void e013_jwt(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *jwt = arena_printf(&ctx->arena, "%s%s.%s%s.%s", "ey", "J" "hbGciOiJub25lIn0", "ey", "J" "zdWIiOiJ0ZXN0In0",
				       filler(ctx, MIXED, 12, 3));
	assert_int_not_equal(compile_env_value(ctx, "ID", jwt, &c), 0);
	assert_code_at(ctx, DIAG_E013, 7, 36);
}

static void e013_private_key(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *pem = arena_printf(&ctx->arena, "%s%s%s", "-----BEGIN ", "TEST PRIV", "ATE KEY-----");
	assert_int_not_equal(compile_env_value(ctx, "TLS", pem, &c), 0);
	assert_code_at(ctx, DIAG_E013, 7, 37);
}

static void e013_random_string(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	assert_int_not_equal(compile_env_value(ctx, "OPAQUE", filler(ctx, MIXED, 40, 11), &c), 0);
	assert_code_at(ctx, DIAG_E013, 7, 40);
}

static void e013_identifiers_pass(void **state)
{
	/* hex digests, UUIDs, kebab-case names and paths are long but are not keys */
	static const char *const values[] = {
		"0123456789abcdef0123456789abcdef01234567",
		"123e4567-e89b-12d3-a456-426614174000",
		"reactbin-images-production-eu-west-1",
		"/var/lib/app/data/uploads/images/thumbnails",
		"http://minio:9000",
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		struct compilation c;
		int status = compile_env_value(&ctx, "VALUE", values[i], &c);
		if (status || ctx.diags.head)
			fail_msg("'%s' is not a secret, but:\n%s", values[i], rendered_diags(&ctx));
		rbdc_ctx_fini(&ctx);
	}
	(void)state;
}

static void e013_value_in_migrate(void **state)
{
	/* every literal is scanned, not only env values */
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *cmd = arena_printf(&ctx->arena, "port 8000; migrate \"migrate --db %s://u:%s@db/x\"", "postgres",
				       filler(ctx, MIXED, 8, 5));
	assert_int_not_equal(compile_text(ctx, edit_once(ctx, VALID_PROGRAM, "port 8000", cmd), &c), 0);
	assert_code_at(ctx, DIAG_E013, 7, 37);
}

/* ---- compiler bugs found by these tests (see the report) -------------------------------------------------- */

/* An app named STORE-headless gets a Service with the name of the store's headless Service: the two objects (and
   their files) collide, so the compilation must refuse it like any other app/store name collision (E007). */
static void regression_app_named_like_store_headless_service(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_all(ctx, VALID_PROGRAM,
				    (const char *const[]){ADD_STORE, "app web {", "app files-headless {", NULL});
	assert_int_not_equal(compile_text(ctx, text, &c), 0);
	if (!has_code(ctx, DIAG_E007)) /* at the app (7:5) or at the store (10:7): either names the collision */
		fail_msg("no E007 for app 'files-headless' beside store 'files'; got:\n%s", rendered_diags(ctx));
}

/* A \xHH escape could build a string that is not UTF-8, which passed every check and failed only in the YAML
   emitter; the front end refuses it now, at the string. */
static void invalid_utf8_escape_is_refused(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_once(ctx, VALID_PROGRAM, "port 8000", "port 8000; env LABEL \"caf\\xe9\"");
	assert_int_not_equal(compile_text(ctx, text, &c), 0);
	assert_code_at(ctx, DIAG_E002, 7, 39);
}

int main(void)
{
	enum { N_CASES = sizeof cases / sizeof cases[0] };
	struct CMUnitTest rule_tests[N_CASES];
	char names[N_CASES][64];
	unsigned seen[DIAG_CODE_COUNT] = {0};
	for (size_t i = 0; i < N_CASES; i++) {
		const char *code = diag_code_info(cases[i].code)->name;
		snprintf(names[i], sizeof names[i], "%s_%s", code, cases[i].what);
		seen[cases[i].code]++;
		rule_tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate(run_rule_case, (void *)&cases[i]);
		rule_tests[i].name = names[i];
	}
	/* every code the model, resolution and rule stages give has at least one case, new codes included */
	for (int code = DIAG_E003; code < DIAG_CODE_COUNT; code++)
		if (code != DIAG_E023 && !seen[code]) { /* E001, E002 and E023 belong to the front end */
			fprintf(stderr, "no rule case for %s\n", diag_code_info(code)->name);
			return 1;
		}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(valid_program_compiles_clean, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(stdlib_defaults_are_applied, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(program_and_app_override_defaults, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(bare_image_is_derived, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(explicit_image_is_kept, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(image_without_tag_has_no_tag, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(namespace_defaults_to_project, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(namespace_statement_wins_over_project, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(namespace_override_wins, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(namespace_override_without_statement, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(namespace_override_reserved_or_default, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(route_prefixes_drop_trailing_slash, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(store_takes_default_image, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(bad_value_is_reported_once, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(warnings_as_errors_fail_the_compilation, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_url_with_password, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_url_without_password_passes, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_cloud_key, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_short_key_prefix_passes, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_jwt, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_private_key, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(e013_random_string, ctx_setup, ctx_teardown),
		cmocka_unit_test(e013_identifiers_pass),
		cmocka_unit_test_setup_teardown(e013_value_in_migrate, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(regression_app_named_like_store_headless_service, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(invalid_utf8_escape_is_refused, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(hosts_make_sites, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(gateway_parent_and_admitted_namespace, ctx_setup, ctx_teardown),
	};
	int failed = _cmocka_run_group_tests("rules", rule_tests, N_CASES, NULL, NULL);
	failed += cmocka_run_group_tests_name("model", tests, NULL, NULL);
	return failed ? 1 : 0;
}
