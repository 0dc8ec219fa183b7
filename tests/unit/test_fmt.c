/* test_fmt.c: unit tests of the comment side list (grammar/rbd.l), the printer of `rbdc fmt` (compiler/fmt.c) and the
   ways to silence a warning (-Wno-CODE, `# rbdc: allow CODE`, compiler/diag.c). */
#include <glob.h>

#include "fmt.h"
#include "testutil_frontend.h"

/* fmt of @text, which must parse; arena-owned. */
static const char *formatted(struct rbdc_ctx *ctx, const char *text)
{
	struct textbuf out = {0};
	assert_int_equal(fmt_source(ctx, "test.rbd", text, strlen(text), &out), 0);
	const char *copy = arena_strndup(&ctx->arena, out.data ? out.data : "", out.len);
	textbuf_free(&out);
	return copy;
}

/* ---- the scanner's comment list ---- */

static void test_scanner_keeps_every_comment_with_its_place(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "# head\nproject x # after\n  # own\napp a { port 1 }#glued\nenv A \"x # not a comment\"\n";
	uint32_t errors = 9;
	parse_bytes(ctx, text, strlen(text), &errors);
	assert_int_equal(errors, 0);
	const struct source *src = ctx->sources[0];
	assert_int_equal(src->n_comments, 4);
	static const char *const texts[] = {"# head", "# after", "# own", "#glued"};
	static const bool own[] = {true, false, true, false};
	for (uint32_t i = 0; i < 4; i++) {
		assert_string_equal(loc_text(ctx, src->comments[i].loc), texts[i]);
		assert_int_equal(src->comments[i].own_line, own[i]);
	}
}

static void test_comments_leave_the_tree_alone(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(parse_dump(ctx, "# c\nport 1 # d\n# e\n", NULL), "(port 1)\n");
}

/* ---- the canonical layout ---- */

static void test_indentation_and_one_statement_per_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "app a {\n\tport 1 ;health /\n      vault {\n auth x\n}\n}\n"),
			    "app a {\n  port 1\n  health /\n  vault {\n    auth x\n  }\n}\n");
}

static void test_one_line_blocks_stay_on_one_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "app ui {image;port 8080 ;  route / ;}\nz < a; b < c > >\n"),
			    "app ui { image; port 8080; route / }\nz < a; b < c > >\n");
}

static void test_empty_blocks_close_on_their_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "vault {\n\n}\nz < >\n"), "vault {}\nz <>\n");
}

static void test_arguments_commas_and_continued_lists(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "keys   A ,B C\nsecret s from vault \"p\" {\n keys A,\n\n      B,   C,\n D\n}\n"),
			    "keys A, B C\nsecret s from vault \"p\" {\n  keys A,\n       B, C,\n       D\n}\n");
}

static void test_strings_are_escaped_one_way(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "env A \"\\x41\\x1b[0m\\t\\\"\\\\ caf\xc3\xa9 \xe2\x80\xae\"\n"),
			    "env A \"A\\x1b[0m\\t\\\"\\\\ caf\xc3\xa9 \\xe2\\x80\\xae\"\n");
}

static void test_blank_lines_at_most_one_and_never_at_the_edges(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "\n\nproject x\n\n\n\ndomain y\n;\nregistry z\napp a {\n\n  port 1\n\n}\n\n\n"),
			    "project x\n\ndomain y\n\nregistry z\napp a {\n  port 1\n}\n");
}

static void test_comments_in_every_position(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *in = "# file head\n"
			 "\n"
			 "project x            # aligned\n"
			 "domain example.com   # aligned too\n"
			 "app a {   # after the opener\n"
			 "    # own line in a block\n"
			 "  port 1; health /  # after joined statements\n"
			 "  keys A,  # after a comma\n"
			 "   # own line inside a list\n"
			 "       B\n"
			 "  # before the closer\n"
			 "}  # after the closer\n"
			 "vault {\n"
			 "  # alone in a block\n"
			 "}\n"
			 ";  # after a lone separator\n"
			 "ingress { tls x }\t# after a one-line block, tab before it\n"
			 "# at the end, no final newline";
	const char *want = "# file head\n"
			   "\n"
			   "project x            # aligned\n"
			   "domain example.com   # aligned too\n"
			   "app a {   # after the opener\n"
			   "  # own line in a block\n"
			   "  port 1\n"
			   "  health /          # after joined statements\n" /* its column: the split moved the code, not it */
			   "  keys A,  # after a comma\n"
			   "       # own line inside a list\n"
			   "       B\n"
			   "  # before the closer\n"
			   "}  # after the closer\n"
			   "vault {\n"
			   "  # alone in a block\n"
			   "}\n"
			   "# after a lone separator\n"
			   "ingress { tls x }       # after a one-line block, tab before it\n"
			   "# at the end, no final newline\n";
	assert_string_equal(formatted(ctx, in), want);
}

static void test_a_comment_the_code_outgrew_moves_one_space_right(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "keys A,B,C,D # c\n"), "keys A, B, C, D # c\n");
	assert_string_equal(formatted(ctx, "port 1#c\n"), "port 1 #c\n");
}

static void test_crlf_and_trailing_blanks(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "project x   \r\n# c  \r\nport 1 # d \t\r\n"), "project x\n# c\nport 1 # d\n");
}

static void test_empty_program(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(formatted(ctx, "\n\n  \n"), "");
}

static void test_syntax_error_is_refused_and_nothing_printed(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct textbuf out = {0};
	const char *text = "app a {\n  port 1\n# never closed\n";
	assert_int_equal(fmt_source(ctx, "test.rbd", text, strlen(text), &out), -1);
	assert_int_equal(out.len, 0);
	assert_non_null(first_diag(ctx, DIAG_E001));
	textbuf_free(&out);
}

/* ---- every program of the repository: fmt keeps its meaning and its comments, and fmt of fmt is the same ---- */

/* The comments of source @file, trimmed, one a line; arena-owned. */
static const char *comment_texts(struct rbdc_ctx *ctx, uint32_t file)
{
	const struct source *src = ctx->sources[file];
	const char *all = "";
	for (uint32_t i = 0; i < src->n_comments; i++) {
		const char *t = loc_text(ctx, src->comments[i].loc);
		size_t n = strlen(t);
		while (n > 1 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
			n--;
		all = arena_printf(&ctx->arena, "%s%.*s\n", all, (int)n, t);
	}
	return all;
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (size_t r; (r = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	*len = n;
	return buf;
}

static void test_every_program_in_the_repository(void **state)
{
	(void)state;
	static const char *const patterns[] = {"*.rbd", "examples/*.rbd", "stdlib/*.rbd", "tests/errors/*.rbd",
					       "tests/fmt/*.rbd", "tests/fuzz/corpus/*.rbd", "tests/fuzz/crashers/*.rbd"};
	glob_t g;
	int flags = 0;
	for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
		glob(patterns[i], flags, NULL, &g);
		flags = GLOB_APPEND;
	}
	assert_true(g.gl_pathc > 100); /* run from the repository's root, as `make unit` does */
	size_t formatted_files = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		size_t len;
		char *text = read_whole(g.gl_pathv[i], &len);
		struct rbdc_ctx a, b;
		rbdc_ctx_init(&a);
		rbdc_ctx_init(&b);
		struct textbuf once = {0}, twice = {0};
		if (fmt_source(&a, g.gl_pathv[i], text, len, &once) == 0) {
			formatted_files++;
			assert_int_equal(fmt_source(&b, g.gl_pathv[i], once.data ? once.data : "", once.len, &twice), 0);
			if (once.len != twice.len || memcmp(once.data, twice.data, once.len) != 0)
				fail_msg("%s: fmt of fmt differs", g.gl_pathv[i]);
			uint32_t ignored;
			const char *before = ast_dump(&a, parse_bytes(&a, text, len, &ignored));
			const char *after = ast_dump(&b, parse_bytes(&b, once.data ? once.data : "", once.len, &ignored));
			if (strcmp(before, after) != 0)
				fail_msg("%s: fmt changed the program", g.gl_pathv[i]);
			if (strcmp(comment_texts(&a, 0), comment_texts(&b, 0)) != 0)
				fail_msg("%s: fmt changed the comments", g.gl_pathv[i]);
		}
		textbuf_free(&once);
		textbuf_free(&twice);
		rbdc_ctx_fini(&a);
		rbdc_ctx_fini(&b);
		free(text);
	}
	print_message("fmt: %zu of %zu programs formatted, each kept its meaning and comments, fmt of fmt identical\n",
		      formatted_files, (size_t)g.gl_pathc);
	assert_true(formatted_files > 100);
	globfree(&g);
}

/* ---- silencing warnings ---- */

static const char *const unused_secret = "project x\n"
					 "vault { auth a; mount kv }\n"
					 "secret s from vault \"p\" { keys A }%s\n";

static const char *check_summary(struct rbdc_ctx *ctx, const char *text)
{
	struct compilation c;
	compile_text(ctx, text, &c);
	return diag_summary(ctx);
}

static void test_a_warning_is_reported_without_allow(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(check_summary(ctx, arena_printf(&ctx->arena, unused_secret, "")), "W001 3:8\n");
}

static void test_trailing_allow_silences_its_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(check_summary(ctx, arena_printf(&ctx->arena, unused_secret, "  # rbdc: allow W001 -- next release")),
			    "");
	assert_int_equal(ctx->diags.n_warnings, 0);
}

static void test_own_line_allow_silences_the_next_statement(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(check_summary(ctx, "project x\nvault { auth a; mount kv }\n# rbdc: allow w001\n\n# why\n"
					       "secret s from vault \"p\" { keys A }\n"),
			    "");
}

static void test_allow_of_another_code_or_line_is_stale(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(check_summary(ctx, "project x  # rbdc: allow W001\nvault { auth a; mount kv }\n"
					       "secret s from vault \"p\" { keys A }  # rbdc: allow W002\n"),
			    "W001 3:8\nW062 1:26\nW062 3:51\n"); /* in report order: the stale allows once the checks are done */
}

static void test_no_stale_report_when_errors_may_hide_the_warning(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(check_summary(ctx, "project x  # rbdc: allow W001\nprot 1\n"), "E003 2:1\n");
}

static void test_bad_allows_are_warnings(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(check_summary(ctx, "project x # rbdc: allow W01, E013, W062, see-below\n# rbdc: allows W001\n"
					       "# rbdc: allow -- no code\n"),
			    "W060 1:25\nW061 1:30\nW061 1:36\nW063 1:42\nW063 2:9\nW063 3:9\n");
}

static void test_wno_turns_a_warning_off_and_keeps_its_allow_in_use(void **state)
{
	struct rbdc_ctx *ctx = *state;
	bool off[DIAG_CODE_COUNT] = {false};
	off[DIAG_W001] = true;
	ctx->opts.warning_off = off;
	assert_string_equal(check_summary(ctx, arena_printf(&ctx->arena, unused_secret, "")), "");
	struct rbdc_ctx other;
	rbdc_ctx_init(&other);
	other.opts.warning_off = off;
	assert_string_equal(check_summary(&other, arena_printf(&other.arena, unused_secret, " # rbdc: allow W001")), "");
	rbdc_ctx_fini(&other);
}

static void test_allow_on_a_line_a_note_points_at(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "project shop\nregistry ghcr.io/example\ntag \"1.0.0\"\ndefaults { replicas 2 }\n"
			   "app api { image; port 8000; migrate \"a\"; health / }  # rbdc: allow W002\n"
			   "app web { image; port 8001; migrate \"b\"; health / }\n";
	assert_string_equal(check_summary(ctx, text), "W002 4:21\n"); /* web's: its migrate line has no allow */
	assert_int_equal(ctx->diags.n_warnings, 1);
	assert_string_equal(first_diag(ctx, DIAG_W002)->msg, "app 'web' runs its migration in each of 2 replicas at once");
}

static void test_werror_counts_only_what_is_reported(void **state)
{
	struct rbdc_ctx *ctx = *state;
	ctx->opts.warnings_are_errors = true;
	struct compilation c;
	assert_int_equal(compile_text(ctx, arena_printf(&ctx->arena, unused_secret, " # rbdc: allow W001"), &c), 0);
	struct rbdc_ctx other;
	rbdc_ctx_init(&other);
	other.opts.warnings_are_errors = true;
	assert_int_equal(compile_text(&other, arena_printf(&other.arena, unused_secret, " # rbdc: allow W001, W003"), &c), -1);
	rbdc_ctx_fini(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scanner_keeps_every_comment_with_its_place, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comments_leave_the_tree_alone, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_indentation_and_one_statement_per_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_one_line_blocks_stay_on_one_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_blocks_close_on_their_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_arguments_commas_and_continued_lists, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_strings_are_escaped_one_way, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_blank_lines_at_most_one_and_never_at_the_edges, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comments_in_every_position, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_a_comment_the_code_outgrew_moves_one_space_right, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_crlf_and_trailing_blanks, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_program, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error_is_refused_and_nothing_printed, ctx_setup, ctx_teardown),
		cmocka_unit_test(test_every_program_in_the_repository),
		cmocka_unit_test_setup_teardown(test_a_warning_is_reported_without_allow, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_trailing_allow_silences_its_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_own_line_allow_silences_the_next_statement, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_allow_of_another_code_or_line_is_stale, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_no_stale_report_when_errors_may_hide_the_warning, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_allows_are_warnings, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_wno_turns_a_warning_off_and_keeps_its_allow_in_use, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_allow_on_a_line_a_note_points_at, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_werror_counts_only_what_is_reported, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
