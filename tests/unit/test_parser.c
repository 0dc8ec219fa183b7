/* test_parser.c: unit tests of the bison grammar (grammar/rbd.y) through parse_source() and ast_dump(), recovery included. */
#include "testutil_frontend.h"

/* Parses @text alone and checks it had no diagnostic at all; returns the dump. */
static const char *dump_clean(struct rbdc_ctx *ctx, const char *text)
{
	uint32_t n_errors = 99;
	const char *dump = parse_dump(ctx, text, &n_errors);
	assert_int_equal(n_errors, 0);
	assert_int_equal(count_diags(ctx), 0);
	return dump;
}

/* Parses @text alone; returns the statements. */
static struct ast_stmt *parse_text(struct rbdc_ctx *ctx, const char *text)
{
	return parse_bytes(ctx, text, strlen(text), NULL);
}

/* ---- shapes of statements ---- */

static void test_statements_with_arguments(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "project shop\ndomain shop.example.com\nport 8000\n"),
			    "(project shop)\n(domain shop.example.com)\n(port 8000)\n");
}

static void test_statement_without_arguments(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "spa\n"), "(spa)\n");
}

static void test_argument_kinds(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct ast_stmt *s = parse_text(ctx, "env S3_ENDPOINT \"http://minio:9000\" /x");
	assert_non_null(s);
	assert_int_equal(s->n_args, 3);
	assert_int_equal(s->args->kind, ARG_WORD);
	assert_int_equal(s->args->next->kind, ARG_STRING);
	assert_string_equal(s->args->next->text, "http://minio:9000");
	assert_int_equal(s->args->next->next->kind, ARG_PATH);
	assert_string_equal(ast_dump(ctx, s), "(env S3_ENDPOINT \"http://minio:9000\" /x)\n");
}

static void test_curly_block(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "vault { auth shop; mount kv }\n"), "(vault {\n"
									       "  (auth shop)\n"
									       "  (mount kv)\n"
									       "})\n");
}

static void test_angle_block_reads_like_a_curly_block(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *angle = dump_clean(ctx, "vault < auth shop; mount kv >\n");
	struct rbdc_ctx *other = &(struct rbdc_ctx){0};
	rbdc_ctx_init(other);
	const char *curly = dump_clean(other, "vault { auth shop; mount kv }\n");
	assert_string_equal(angle, curly);
	rbdc_ctx_fini(other);
}

static void test_the_sketch_line_parses_as_written(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "app api < image; migrate \"alembic upgrade head\"; route /api/ >\n"),
			    "(app api {\n"
			    "  (image)\n"
			    "  (migrate \"alembic upgrade head\")\n"
			    "  (route /api/)\n"
			    "})\n");
}

static void test_empty_blocks(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "a { }\nb <>\nc {\n\n}\n"), "(a {\n})\n(b {\n})\n(c {\n})\n");
}

static void test_nested_blocks_of_both_kinds(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "a x { b < c { d } > ; e }"), "(a x {\n"
									 "  (b {\n"
									 "    (c {\n"
									 "      (d)\n"
									 "    })\n"
									 "  })\n"
									 "  (e)\n"
									 "})\n");
}

static void test_block_on_following_lines(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "app web {\n  port 8000\n\n  health /healthz\n}\n"), "(app web {\n"
												   "  (port 8000)\n"
												   "  (health /healthz)\n"
												   "})\n");
}

/* ---- separators ---- */

static void test_semicolons_and_newlines_separate_alike(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *by_semicolon = dump_clean(ctx, "a 1; b 2; c 3;");
	struct rbdc_ctx *other = &(struct rbdc_ctx){0};
	rbdc_ctx_init(other);
	const char *by_newline = dump_clean(other, "a 1\nb 2\nc 3\n");
	assert_string_equal(by_semicolon, "(a 1)\n(b 2)\n(c 3)\n");
	assert_string_equal(by_semicolon, by_newline);
	rbdc_ctx_fini(other);
}

static void test_repeated_separators_and_blank_lines_are_empty(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "\n\n;;a 1;;\n\n;b { ;; c ;\n\n }\n;"), "(a 1)\n(b {\n  (c)\n})\n");
}

static void test_last_statement_needs_no_separator(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "project shop"), "(project shop)\n");
}

static void test_last_statement_of_a_block_needs_no_separator(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "a { b 1; c 2 }\nd < e >"), "(a {\n  (b 1)\n  (c 2)\n})\n(d {\n  (e)\n})\n");
}

static void test_closing_bracket_ends_a_block_statement(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "a { } b 1"), "(a {\n})\n(b 1)\n");
}

static void test_comments_between_statements(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "# heading\nproject shop   # trailing\n# inside\nvault { # open\n  mount kv # m\n}\n"),
			    "(project shop)\n(vault {\n  (mount kv)\n})\n");
}

static void test_crlf_program(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "project shop\r\nvault {\r\n  mount kv\r\n}\r\n"),
			    "(project shop)\n(vault {\n  (mount kv)\n})\n");
}

static void test_empty_program(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, ""), "");
	assert_string_equal(dump_clean(ctx, "\n# nothing\n;\n"), "");
}

/* ---- comma lists ---- */

static void test_comma_list_on_one_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "keys A, B,C"), "(keys A, B, C)\n");
}

static void test_comma_list_across_newlines(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "secret api-env from vault \"reactbin/api\" {\n"
					    "  keys DATABASE_URL,\n"
					    "       S3_ACCESS_KEY,\n"
					    "\n"
					    "       S3_SECRET_KEY\n"
					    "}\n"),
			    "(secret api-env from vault \"reactbin/api\" {\n"
			    "  (keys DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY)\n"
			    "})\n");
}

static void test_comma_marks_only_the_argument_after_it(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct ast_stmt *s = parse_text(ctx, "keys A B,\n C");
	assert_int_equal(s->n_args, 3);
	assert_false(s->args->after_comma);
	assert_false(s->args->next->after_comma);
	assert_true(s->args->next->next->after_comma);
	assert_string_equal(s->args->next->next->text, "C");
	assert_null(s->next);
}

static void test_newline_without_comma_ends_the_list(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "keys A, B\nC"), "(keys A, B)\n(C)\n");
}

/* ---- strings in the dump ---- */

static void test_string_escapes_in_the_dump(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_string_equal(dump_clean(ctx, "env A \"q\\\"b\\\\s\\nn\""), "(env A \"q\\\"b\\\\s\\nn\")\n");
}

/* ---- locations ---- */

static void test_statement_locations(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct ast_stmt *s = parse_text(ctx, "project shop\napp web {\n  port 8000\n}\n");
	assert_string_equal(loc_text(ctx, s->loc), "project shop");
	assert_string_equal(loc_text(ctx, s->head_loc), "project");
	assert_string_equal(loc_text(ctx, s->args->loc), "shop");
	const struct ast_stmt *app = s->next;
	assert_string_equal(loc_text(ctx, app->loc), "app web {\n  port 8000\n}");
	assert_string_equal(loc_position(ctx, app->block_loc), "2:9");
	assert_string_equal(loc_text(ctx, app->body->loc), "port 8000");
	assert_string_equal(loc_position(ctx, app->body->args->loc), "3:8");
}

static void test_location_of_a_statement_without_arguments(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct ast_stmt *s = parse_text(ctx, "  spa ;");
	assert_string_equal(loc_text(ctx, s->loc), "spa");
}

static void test_string_argument_location_covers_the_quotes(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct ast_stmt *s = parse_text(ctx, "tag \"1.0\"");
	assert_string_equal(loc_text(ctx, s->args->loc), "\"1.0\"");
	assert_string_equal(loc_text(ctx, s->loc), "tag \"1.0\"");
}

/* ---- syntax errors and recovery ---- */

static void test_stray_closing_bracket_is_one_e001(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx, "a 1\nb }\nc 3\n", &n_errors);
	assert_int_equal(n_errors, 1);
	assert_string_equal(diag_summary(ctx), "E001 2:3\n");
	assert_non_null(strstr(ctx->diags.head->msg, "'}' closes no block"));
	assert_string_equal(dump, "(a 1)\n(c 3)\n");
}

static void test_several_independent_errors_each_once_in_order(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx,
				      "project shop\n"              /* 1 */
				      "domain = shop.example.com\n" /* 2: stray '=' */
				      "app web { port 8000 }\n"     /* 3 */
				      "tag \"1.0\n"                 /* 4: unterminated string */
				      "app ui { port 80 } }\n"      /* 5: one '}' too many */
				      "registry ghcr.io/acme\n"     /* 6 */
				      "vault { auth , }\n"          /* 7: comma without an argument before it */
				      "ingress { tls x }\n",        /* 8 */
				      &n_errors);
	assert_string_equal(diag_summary(ctx), "E002 2:8\nE002 4:5\nE001 5:20\nE001 7:14\n");
	assert_string_equal(rendered_diags(ctx),
			    "test.rbd:2:8: error: unexpected character '=' [E002]\n"
			    "     2 | domain = shop.example.com\n"
			    "       |        ^\n"
			    "test.rbd:4:5: error: missing closing '\"' of this string [E002]\n"
			    "     4 | tag \"1.0\n"
			    "       |     ^~~~\n"
			    "test.rbd:5:20: error: '}' closes no block; is the '{' that opens it missing? [E001]\n"
			    "     5 | app ui { port 80 } }\n"
			    "       |                    ^\n"
			    "test.rbd:5:20: note: a block opens on the line of its statement: app NAME {\n"
			    "test.rbd:7:14: error: unexpected ','; a comma goes between two arguments [E001]\n"
			    "     7 | vault { auth , }\n"
			    "       |              ^\n");
	/* statements around the errors survive */
	assert_non_null(strstr(dump, "(project shop)\n"));
	assert_non_null(strstr(dump, "(app web {\n  (port 8000)\n})\n"));
	assert_non_null(strstr(dump, "(tag \"1.0\")\n"));
	assert_non_null(strstr(dump, "(registry ghcr.io/acme)\n"));
	assert_non_null(strstr(dump, "(ingress {\n  (tls x)\n})\n"));
	assert_null(strstr(dump, "domain"));
}

static void test_error_inside_a_block_recovers_inside_it(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx, "app web { port = 8000; health /h }\nproject shop\n", &n_errors);
	assert_string_equal(diag_summary(ctx), "E002 1:16\n");
	assert_string_equal(dump, "(app web {\n  (health /h)\n})\n(project shop)\n");
}

static void test_two_errors_on_consecutive_lines_are_both_reported(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	parse_dump(ctx, "a }\nb }\nc >\n", &n_errors);
	assert_string_equal(diag_summary(ctx), "E001 1:3\nE001 2:3\nE001 3:3\n");
	assert_int_equal(n_errors, 3);
}

static void test_invalid_character_is_reported_by_the_scanner_only(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	parse_dump(ctx, "port 80 $\n", &n_errors);
	assert_string_equal(diag_summary(ctx), "E002 1:9\n");
	assert_int_equal(n_errors, 1); /* still counts as a syntax error, so sema is skipped */
}

static void test_error_on_the_last_line_without_newline(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx, "a 1\nb , ;", &n_errors);
	assert_string_equal(diag_summary(ctx), "E001 2:3\n");
	assert_string_equal(dump, "(a 1)\n");
}

static void test_unclosed_block_at_eof_notes_where_it_opened(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	parse_dump(ctx, "project shop\napp web {\n  port 8000\n", &n_errors);
	assert_int_equal(n_errors, 1);
	assert_int_equal(count_diags(ctx), 1);
	const struct diag *d = ctx->diags.head;
	assert_int_equal(d->code, DIAG_E001);
	assert_non_null(strstr(d->msg, "unexpected end of file"));
	assert_non_null(strstr(d->msg, "'}'"));
	assert_non_null(d->notes);
	assert_null(d->notes->next);
	assert_true(d->notes->has_loc);
	assert_string_equal(d->notes->msg, "the block opened here is not closed");
	assert_string_equal(loc_position(ctx, d->notes->loc), "2:9");
	assert_non_null(strstr(rendered_diags(ctx), "\ntest.rbd:2:9: note: the block opened here is not closed\n"));
}

static void test_unclosed_block_note_names_the_innermost_bracket(void **state)
{
	struct rbdc_ctx *ctx = *state;
	parse_dump(ctx, "a {\n  b { c }\n  d <\n    e 1\n", NULL);
	assert_int_equal(count_diags(ctx), 1);
	const struct diag *d = ctx->diags.head;
	assert_non_null(strstr(d->msg, "'>'"));
	assert_non_null(d->notes);
	assert_string_equal(loc_position(ctx, d->notes->loc), "3:5");
}

static void test_unclosed_block_is_one_error_however_much_follows(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	parse_dump(ctx, "app web {\n  port 8000\n\napp ui { port 80 }\ningress { tls x }\nproject shop", &n_errors);
	assert_int_equal(n_errors, 1);
	assert_int_equal(count_code(ctx, DIAG_E001), 1);
	assert_string_equal(loc_position(ctx, ctx->diags.head->notes->loc), "1:9");
}

static void test_wrong_closing_bracket_is_one_e001_with_a_note(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx, "a {\n  b >\n  c\n", &n_errors);
	assert_int_equal(n_errors, 1); /* the grammar reports the pair once and keeps the block */
	assert_string_equal(diag_summary(ctx), "E001 2:5\n");
	const struct diag *d = ctx->diags.head;
	assert_string_equal(d->msg, "'>' closes a block opened with '{'");
	assert_non_null(d->notes);
	assert_string_equal(loc_position(ctx, d->notes->loc), "1:3");
	assert_string_equal(dump, "(a {\n  (b)\n})\n(c)\n");
}

static void test_unclosed_block_after_a_wrong_closing_bracket(void **state)
{
	struct rbdc_ctx *ctx = *state;
	parse_dump(ctx, "a {\n  b <\n  c }\n", NULL);
	assert_string_equal(diag_summary(ctx), "E001 3:5\nE001 3:6\n");
	const struct diag *eof = ctx->diags.tail;
	assert_non_null(strstr(eof->msg, "end of file"));
	assert_non_null(eof->notes);
	assert_string_equal(eof->notes->msg, "the block opened here is not closed");
	assert_string_equal(loc_position(ctx, eof->notes->loc), "1:3");
}

static void test_closing_bracket_after_a_discarded_block_is_one_error(void **state)
{
	/* Regression (was a bug in grammar/rbd.l + rbd.y): recovery from the '=' discards the '{', but the scanner still counts it
	 * open, so the later '>' is reported as closing it AND handed to the parser as a '}', which then reports
	 * "unexpected '}'" at a '>' the user wrote. One stray '>' is one error. */
	struct rbdc_ctx *ctx = *state;
	parse_dump(ctx, "a = {\n b >\n", NULL);
	assert_string_equal(code_position(ctx, DIAG_E002), "1:3");
	assert_int_equal(count_code(ctx, DIAG_E001), 1);
	assert_string_equal(code_position(ctx, DIAG_E001), "2:4");
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		assert_null(strstr(d->msg, "unexpected '}'"));
}

static void test_eof_inside_a_comma_list(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	parse_dump(ctx, "keys A,\n", &n_errors);
	assert_int_equal(n_errors, 1);
	assert_non_null(strstr(ctx->diags.head->msg, "unexpected end of file"));
	assert_null(ctx->diags.head->notes);
}

static void test_leading_comma_is_one_e001(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx, "keys , A\nkeys B,, C\nkeys D, E\n", &n_errors);
	assert_string_equal(diag_summary(ctx), "E001 1:6\nE001 2:8\n");
	assert_string_equal(ctx->diags.head->msg, "unexpected ','; a comma goes between two arguments");
	assert_string_equal(dump, "(keys D, E)\n");
}

static void test_block_without_head_word_is_e001(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t n_errors = 0;
	const char *dump = parse_dump(ctx, "{ a }\nb 1\n", &n_errors);
	assert_string_equal(diag_summary(ctx), "E001 1:1\n");
	assert_string_equal(dump, "(b 1)\n");
}

static void test_nesting_limit_is_e023_once(void **state)
{
	struct rbdc_ctx *ctx = *state;
	enum { LEVELS = PARSE_MAX_DEPTH + 8 };
	char text[LEVELS * 4 + LEVELS * 2 + 1];
	size_t n = 0;
	for (int i = 0; i < LEVELS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "a {");
	for (int i = 0; i < LEVELS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "}");
	uint32_t n_errors = 0;
	parse_dump(ctx, text, &n_errors);
	assert_int_equal(count_code(ctx, DIAG_E023), 1);
	assert_string_equal(code_position(ctx, DIAG_E023), "1:99"); /* the 33rd '{' */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_statements_with_arguments, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_statement_without_arguments, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_argument_kinds, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_curly_block, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_angle_block_reads_like_a_curly_block, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_the_sketch_line_parses_as_written, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_blocks, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_nested_blocks_of_both_kinds, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_block_on_following_lines, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_semicolons_and_newlines_separate_alike, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_repeated_separators_and_blank_lines_are_empty, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_last_statement_needs_no_separator, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_last_statement_of_a_block_needs_no_separator, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_closing_bracket_ends_a_block_statement, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comments_between_statements, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_crlf_program, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_program, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comma_list_on_one_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comma_list_across_newlines, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comma_marks_only_the_argument_after_it, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_newline_without_comma_ends_the_list, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_string_escapes_in_the_dump, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_statement_locations, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_location_of_a_statement_without_arguments, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_string_argument_location_covers_the_quotes, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_stray_closing_bracket_is_one_e001, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_several_independent_errors_each_once_in_order, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_error_inside_a_block_recovers_inside_it, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_two_errors_on_consecutive_lines_are_both_reported, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_character_is_reported_by_the_scanner_only, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_error_on_the_last_line_without_newline, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_block_at_eof_notes_where_it_opened, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_block_note_names_the_innermost_bracket, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_block_is_one_error_however_much_follows, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_closing_bracket_is_one_e001_with_a_note, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_block_after_a_wrong_closing_bracket, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_closing_bracket_after_a_discarded_block_is_one_error, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_eof_inside_a_comma_list, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_leading_comma_is_one_e001, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_block_without_head_word_is_e001, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_nesting_limit_is_e023_once, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
