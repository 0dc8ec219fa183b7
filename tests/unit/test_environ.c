/* test_environ.c: unit tests of the environment stage: how an environment block merges into the base syntax tree. */
#include "testutil_frontend.h"

#include "environ.h"

/* The program as environment @env sees it (NULL: the base), dumped; the base tree must come out unchanged. */
static const char *merged(struct rbdc_ctx *ctx, const char *text, const char *env)
{
	uint32_t n_syntax = 0;
	struct ast_stmt *program = parse_bytes(ctx, text, strlen(text), &n_syntax);
	assert_int_equal(n_syntax, 0);
	const char *before = ast_dump(ctx, program);
	struct environ_list envs;
	environ_collect(ctx, program, &envs);
	const struct environ_decl *e = env ? environ_find(&envs, env) : NULL;
	if (env)
		assert_non_null(e);
	const char *out = ast_dump(ctx, environ_program(ctx, program, &envs, e));
	assert_string_equal(ast_dump(ctx, program), before); /* one parse serves every environment */
	return out;
}

static void test_base_drops_environment_blocks(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(merged(ctx, "project p\nenvironment s { tag \"x\" }\ntag \"1\"\n", NULL), "(project p)\n(tag \"1\")\n");
	assert_int_equal(ctx->diags.n_errors + ctx->diags.n_warnings, 0);
}

static void test_setting_replaced_in_place_or_added(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\ntag \"1\"\ndomain a.example.com\nenvironment s { namespace p-s; tag \"2\" }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n(tag \"2\")\n(domain a.example.com)\n(namespace p-s)\n");
	assert_int_equal(ctx->diags.n_errors + ctx->diags.n_warnings, 0);
}

static void test_named_block_merges_by_name(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\n"
			   "app a { port 1; replicas 3 }\n"
			   "app b { port 2 }\n"
			   "environment s { namespace p-s; app b { replicas 1; port 8 } }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n"
						     "(app a {\n  (port 1)\n  (replicas 3)\n})\n"
						     "(app b {\n  (port 8)\n  (replicas 1)\n})\n"
						     "(namespace p-s)\n");
}

/* `env NAME` is keyed: one variable at a time; `route` is a set: the environment's list replaces the base's. */
static void test_keyed_and_set_statements(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\n"
			   "app a { env A \"1\"; route /x; env B \"2\"; route /y; port 1 }\n"
			   "environment s { namespace p-s; app a { env B \"3\"; env C \"4\"; route /z; route /w } }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n"
						     "(app a {\n  (env A \"1\")\n  (route /z)\n  (route /w)\n  (env B \"3\")\n"
						     "  (port 1)\n  (env C \"4\")\n})\n"
						     "(namespace p-s)\n");
}

/* A re-declared secret moves to another Vault path and keeps its keys. */
static void test_secret_header_replaced_block_kept(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\nsecret e from vault \"p/api\" { keys K }\n"
			   "environment s { namespace p-s; secret e from vault \"p-s/api\" }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n(secret e from vault \"p-s/api\" {\n  (keys K)\n})\n(namespace p-s)\n");
}

static void test_vault_block_merges(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\nvault { auth p; role p; mount kv }\nenvironment s { namespace p-s; vault { role p-s } }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n(vault {\n  (auth p)\n  (role p-s)\n  (mount kv)\n})\n(namespace p-s)\n");
}

/* An environment's defaults block takes over the settings it names from every base defaults block. */
static void test_defaults_take_over(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\ndefaults { replicas 2; cpu 1 }\ndefaults { memory 1Gi }\n"
			   "environment s { namespace p-s; defaults { replicas 1; memory 2Gi } }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n(defaults {\n  (cpu 1)\n})\n(defaults {\n})\n(namespace p-s)\n"
						     "(defaults {\n  (replicas 1)\n  (memory 2Gi)\n})\n");
}

static void test_undeclared_block_is_e110(void **state)
{
	struct rbdc_ctx *ctx = *state;
	merged(ctx, "project p\napp api { port 1 }\nenvironment s { namespace p-s; app apl { port 2 }; vault { role r } }\n", "s");
	assert_int_equal(count_code(ctx, DIAG_E110), 2);
	const struct diag *d = first_diag(ctx, DIAG_E110);
	assert_string_equal(loc_position(ctx, d->loc), "3:36");
	assert_non_null(d->notes);
	assert_string_equal(d->notes->msg, "did you mean app 'api'?");
}

/* `engine` is a setting inside a store (a named block only at the top level): the environment's replaces the base's. */
static void test_store_engine_replaced(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\nstore c { engine redis; size 1Gi }\nenvironment s { namespace p-s; store c { engine postgres } }\n";
	assert_string_equal(merged(ctx, text, "s"), "(project p)\n(store c {\n  (engine postgres)\n  (size 1Gi)\n})\n(namespace p-s)\n");
	assert_int_equal(ctx->diags.n_errors + ctx->diags.n_warnings, 0);
}

/* A job merges by name like an app: its schedule replaced, a timezone added. */
static void test_job_merges(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project p\njob j { image; schedule \"0 3 * * *\" }\n"
			   "environment s { namespace p-s; job j { schedule \"0 * * * *\"; timezone UTC } }\n";
	assert_string_equal(merged(ctx, text, "s"),
			    "(project p)\n(job j {\n  (image)\n  (schedule \"0 * * * *\")\n  (timezone UTC)\n})\n(namespace p-s)\n");
	assert_int_equal(ctx->diags.n_errors + ctx->diags.n_warnings, 0);
}

/* The routing target: a gateway block merges into the base's; one in place of the base's ingress switches to it, whole. */
static void test_gateway_merges_or_switches_target(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *merge = "project p\ngateway { parent a/b; listener https }\nenvironment s { namespace p-s; gateway { listener web } }\n";
	assert_string_equal(merged(ctx, merge, "s"), "(project p)\n(gateway {\n  (parent a/b)\n  (listener web)\n})\n(namespace p-s)\n");
	const char *swap = "project p\ningress { tls x; class nginx }\ndomain a.example.com\n"
			   "environment s { namespace p-s; gateway { parent c/d } }\n";
	assert_string_equal(merged(ctx, swap, "s"), "(project p)\n(gateway {\n  (parent c/d)\n})\n(domain a.example.com)\n(namespace p-s)\n");
	const char *back = "project p\ngateway { parent c/d }\nenvironment s { namespace p-s; ingress { tls x } }\n";
	assert_string_equal(merged(ctx, back, "s"), "(project p)\n(ingress {\n  (tls x)\n})\n(namespace p-s)\n");
	assert_int_equal(ctx->diags.n_errors + ctx->diags.n_warnings, 0);
}

/* An engine the base does not declare (the stdlib's redis): the hint points at the store's image instead. */
static void test_undeclared_engine_hint(void **state)
{
	struct rbdc_ctx *ctx = *state;
	merged(ctx, "project p\nenvironment s { namespace p-s; engine redis { image \"r:1\" } }\n", "s");
	const struct diag *d = first_diag(ctx, DIAG_E110);
	assert_non_null(d);
	assert_non_null(d->notes);
	assert_non_null(strstr(d->notes->msg, "store NAME { image"));
}

/* Only the chosen environment is merged, so another environment's mistakes do not stop it. */
static void test_other_environment_not_merged(void **state)
{
	struct rbdc_ctx *ctx = *state;
	merged(ctx, "project p\nenvironment s { namespace p-s }\nenvironment t { namespace p-t; app nope { } }\n", "s");
	assert_int_equal(ctx->diags.n_errors + ctx->diags.n_warnings, 0);
}

/* `rbdc check`: a base diagnostic that an environment inherits is shown once, untagged; what only the
   environment gets carries its name and points where it comes from (here a base line). */
static void test_check_every_environment(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = VALID_PROGRAM "environment s { namespace shop-s; app web { cpu 1 } }\n"
					 "app api { image; port 8001; health /; memory 1Gi }\n";
	struct parsed_program p;
	struct compilation c;
	assert_int_equal(compile_parse(ctx, "test.rbd", text, strlen(text), &p), 0);
	assert_int_not_equal(compile_model(ctx, &p, NULL, &c), 0);
	assert_int_equal(count_code(ctx, DIAG_E024), 1);
	assert_int_not_equal(compile_model(ctx, &p, p.envs.first, &c), 0);
	assert_int_equal(count_code(ctx, DIAG_E024), 1); /* api's limit again: not repeated */
	assert_int_equal(ctx->diags.n_errors, 1);
	/* web's default memory request (128Mi) above staging's limit: reported at the limit, in the environment block */
	const char *with_request = VALID_PROGRAM "environment s { namespace shop-s; app web { memory-limit 64Mi } }\n";
	struct rbdc_ctx env_ctx;
	rbdc_ctx_init(&env_ctx);
	assert_int_equal(compile_parse(&env_ctx, "test.rbd", with_request, strlen(with_request), &p), 0);
	assert_int_equal(compile_model(&env_ctx, &p, NULL, &c), 0);
	assert_int_not_equal(compile_model(&env_ctx, &p, p.envs.first, &c), 0);
	const struct diag *d = first_diag(&env_ctx, DIAG_E024);
	assert_non_null(d);
	assert_string_equal(d->environment, "s");
	assert_string_equal(loc_position(&env_ctx, d->loc), "9:58");
	rbdc_ctx_fini(&env_ctx);
}

/* The generated files say which environment they are. */
static void test_source_name_names_environment(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = VALID_PROGRAM "environment staging { namespace shop-staging }\n";
	struct parsed_program p;
	struct compilation c;
	assert_int_equal(compile_parse(ctx, "test.rbd", text, strlen(text), &p), 0);
	assert_int_equal(compile_model(ctx, &p, environ_find(&p.envs, "staging"), &c), 0);
	assert_string_equal(c.model.source_name, "test.rbd, environment staging");
	assert_string_equal(c.model.namespace_.text, "shop-staging");
	assert_int_equal(compile_model(ctx, &p, NULL, &c), 0);
	assert_string_equal(c.model.source_name, "test.rbd");
	assert_string_equal(c.model.namespace_.text, "shop");
}

static void test_environment_names(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n = 0;
	const char *text = "environment a { }\nenvironment b { }\nenvironment a { }\nenvironment Ab { }\n";
	struct ast_stmt *program = parse_bytes(ctx, text, strlen(text), &n);
	struct environ_list envs;
	environ_collect(ctx, program, &envs);
	assert_int_equal(envs.n, 2);
	assert_string_equal(environ_names(ctx, &envs), "a, b");
	assert_int_equal(count_code(ctx, DIAG_E007), 1);
	assert_int_equal(count_code(ctx, DIAG_E112), 1);
	struct environ_list none = {NULL, NULL, 0};
	assert_string_equal(environ_names(ctx, &none), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_base_drops_environment_blocks, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_setting_replaced_in_place_or_added, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_named_block_merges_by_name, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_keyed_and_set_statements, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_secret_header_replaced_block_kept, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_vault_block_merges, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_defaults_take_over, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_undeclared_block_is_e110, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_store_engine_replaced, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_job_merges, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_gateway_merges_or_switches_target, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_undeclared_engine_hint, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_other_environment_not_merged, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_check_every_environment, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_source_name_names_environment, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_environment_names, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
