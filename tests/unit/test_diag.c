/* test_diag.c: unit tests of the diagnostic queue and its gcc-style renderer (compiler/diag.c), byte for byte. */
#include "testutil_frontend.h"

#include <ctype.h>

#include "values.h"

/* Adds @text as source "test.rbd"; returns its file index. */
static uint32_t add_source(struct rbdc_ctx *ctx, const char *text)
{
	return source_add(ctx, "test.rbd", text, strlen(text), false);
}

/* The range of the first occurrence of @needle in source @file, searched from @from. */
static struct rbd_loc find_loc(struct rbdc_ctx *ctx, uint32_t file, const char *needle, uint32_t from)
{
	const struct source *src = ctx->sources[file];
	const char *at = strstr(src->text + from, needle);
	assert_non_null(at);
	uint32_t start = (uint32_t)(at - src->text);
	return (struct rbd_loc){file, start, start + (uint32_t)strlen(needle)};
}

static struct rbd_loc at_offset(uint32_t file, uint32_t start, uint32_t end)
{
	return (struct rbd_loc){file, start, end};
}

/* ---- the basic shape ---- */

static void test_error_with_excerpt_and_caret(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "app web {\n  port 70000\n}\n");
	diag_report(ctx, DIAG_E009, find_loc(ctx, f, "70000", 0), "port 70000 is out of range 1..65535");
	assert_string_equal(rendered_diags(ctx), "test.rbd:2:8: error: port 70000 is out of range 1..65535 [E009]\n"
						 "     2 |   port 70000\n"
						 "       |        ^~~~~\n");
}

static void test_report_returns_minus_one_and_counts(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "x\n");
	assert_int_equal(diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "e"), -1);
	assert_int_equal(diag_report(ctx, DIAG_W001, at_offset(f, 0, 1), "w"), -1);
	assert_int_equal(ctx->diags.n_errors, 1);
	assert_int_equal(ctx->diags.n_warnings, 1);
	assert_true(diag_has_errors(ctx));
}

static void test_one_byte_span_is_a_lone_caret(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "port = 80\n");
	diag_report(ctx, DIAG_E002, at_offset(f, 5, 6), "unexpected character '='");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:6: error: unexpected character '=' [E002]\n"
						 "     1 | port = 80\n"
						 "       |      ^\n");
}

static void test_empty_span_still_gets_a_caret(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "abc def\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 4, 4), "here");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:5: error: here [E001]\n"
						 "     1 | abc def\n"
						 "       |     ^\n");
}

static void test_warning_wording(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "secret s\n");
	diag_report(ctx, DIAG_W001, find_loc(ctx, f, "s", 6), "secret 's' is never used");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:8: warning: secret 's' is never used [W001]\n"
						 "     1 | secret s\n"
						 "       |        ^\n");
	assert_false(diag_has_errors(ctx));
}

static void test_nothing_queued_renders_nothing(void **state)
{
	struct rbdc_ctx *ctx = *state;
	add_source(ctx, "x\n");
	assert_string_equal(rendered_diags(ctx), "");
	assert_false(diag_has_errors(ctx));
}

static void test_source_name_of_the_location_is_printed(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t lib = source_add(ctx, "<stdlib>/defaults.rbd", "defaults { user 0 }\n", 20, true);
	diag_report(ctx, DIAG_E016, at_offset(lib, 16, 17), "user 0 is root");
	assert_string_equal(rendered_diags(ctx), "<stdlib>/defaults.rbd:1:17: error: user 0 is root [E016]\n"
						 "     1 | defaults { user 0 }\n"
						 "       |                 ^\n");
}

/* ---- the gutter ---- */

static void test_gutter_of_a_five_digit_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	enum { LINES = 12345 };
	char *text = arena_alloc(&ctx->arena, LINES * 2 + 8);
	for (int i = 0; i < LINES - 1; i++)
		memcpy(text + i * 2, "#\n", 2);
	memcpy(text + (LINES - 1) * 2, "ab c\n", 5);
	uint32_t f = add_source(ctx, text);
	uint32_t start = (LINES - 1) * 2 + 3;
	diag_report(ctx, DIAG_E001, at_offset(f, start, start + 1), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:12345:4: error: m [E001]\n"
						 " 12345 | ab c\n"
						 "       |    ^\n");
}

static void test_caret_stays_aligned_past_line_99999(void **state)
{
	/* Regression (was a bug in diag.c render_excerpt): the source line's gutter is " %5u | " but the caret line's is a fixed
	 * "       | ", so from line 100000 on the caret sits one column left of the text it points at. */
	struct rbdc_ctx *ctx = *state;
	enum { LINES = 100000 };
	char *text = arena_alloc(&ctx->arena, LINES * 2 + 8);
	for (int i = 0; i < LINES - 1; i++)
		memcpy(text + i * 2, "#\n", 2);
	memcpy(text + (LINES - 1) * 2, "ab c\n", 5);
	uint32_t f = add_source(ctx, text);
	uint32_t start = (LINES - 1) * 2 + 3;
	diag_report(ctx, DIAG_E001, at_offset(f, start, start + 1), "m");
	const char *out = rendered_diags(ctx);
	const char *source_line = strstr(out, "100000 | ");
	assert_non_null(source_line);
	const char *source_bol = source_line;
	while (source_bol > out && source_bol[-1] != '\n')
		source_bol--;
	const char *caret_bol = strchr(source_line, '\n') + 1;
	size_t c_column = (size_t)(strchr(source_bol, 'c') - source_bol);
	size_t caret_column = (size_t)(strchr(caret_bol, '^') - caret_bol);
	assert_int_equal(caret_column, c_column);
}

/* ---- tabs, control characters, UTF-8 ---- */

static void test_tabs_are_kept_in_the_source_and_caret_lines(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "\tport\t70000\n");
	diag_report(ctx, DIAG_E009, find_loc(ctx, f, "70000", 0), "out of range");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:7: error: out of range [E009]\n"
						 "     1 | \tport\t70000\n"
						 "       | \t    \t^~~~~\n");
}

static void test_control_characters_print_as_question_marks(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a \033[31mred\001\177\tz\n");
	diag_report(ctx, DIAG_E002, find_loc(ctx, f, "z", 0), "bad");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:14: error: bad [E002]\n"
						 "     1 | a ?[31mred??\tz\n"
						 "       |             \t^\n");
}

static void test_control_characters_inside_the_span(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "x \033\033\033 y\n");
	diag_report(ctx, DIAG_E002, at_offset(f, 2, 5), "bad");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:3: error: bad [E002]\n"
						 "     1 | x ??? y\n"
						 "       |   ^~~\n");
}

static void test_carriage_return_inside_a_line_prints_as_question_mark(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a\rb c\n");
	diag_report(ctx, DIAG_E001, find_loc(ctx, f, "c", 0), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:5: error: m [E001]\n"
						 "     1 | a?b c\n"
						 "       |     ^\n");
}

static void test_utf8_counts_one_caret_column_per_character(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "tag \"caf\xc3\xa9\" x\n");
	diag_report(ctx, DIAG_E004, find_loc(ctx, f, "x", 5), "m");
	/* the column stays in bytes (what editors jump to); only the caret line counts characters */
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:13: error: m [E004]\n"
						 "     1 | tag \"caf\xc3\xa9\" x\n"
						 "       |            ^\n");
}

static void test_utf8_inside_the_span_gets_one_tilde(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "app caf\xc3\xa9 { }\n");
	diag_report(ctx, DIAG_E008, find_loc(ctx, f, "caf\xc3\xa9", 0), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:5: error: m [E008]\n"
						 "     1 | app caf\xc3\xa9 { }\n"
						 "       |     ^~~~\n");
}

/* ---- unusual locations ---- */

static void test_location_at_eof_after_a_final_newline(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "project shop\n");
	diag_report(ctx, DIAG_E006, at_offset(f, 13, 13), "the program has no 'domain'");
	assert_string_equal(rendered_diags(ctx), "test.rbd:2:1: error: the program has no 'domain' [E006]\n"
						 "     2 | \n"
						 "       | ^\n");
}

static void test_location_at_eof_without_a_final_newline(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "app web {");
	diag_report(ctx, DIAG_E001, at_offset(f, 9, 9), "unexpected end of file");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:10: error: unexpected end of file [E001]\n"
						 "     1 | app web {\n"
						 "       |          ^\n");
}

static void test_location_in_an_empty_file(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "");
	diag_report(ctx, DIAG_E006, at_offset(f, 0, 0), "the program has no 'project NAME'");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:1: error: the program has no 'project NAME' [E006]\n"
						 "     1 | \n"
						 "       | ^\n");
}

static void test_location_on_the_newline_itself(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "keys A ,\nB\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 8, 9), "unexpected newline");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:9: error: unexpected newline [E001]\n"
						 "     1 | keys A ,\n"
						 "       |         ^\n");
}

static void test_span_running_past_the_end_of_its_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "app web {\n  port 80\n}\n";
	uint32_t f = add_source(ctx, text);
	diag_report(ctx, DIAG_E010, at_offset(f, 0, (uint32_t)strlen(text) - 1), "multi-line statement");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:1: error: multi-line statement [E010]\n"
						 "     1 | app web {\n"
						 "       | ^~~~~~~~~\n");
}

static void test_span_starting_mid_line_and_running_into_the_next(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a bcd\nefg\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 2, 8), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:3: error: m [E001]\n"
						 "     1 | a bcd\n"
						 "       |   ^~~\n");
}

static void test_crlf_line_end_is_neither_printed_nor_underlined(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *text = "app web {\r\n  port 80\r\n}\r\n";
	uint32_t f = add_source(ctx, text);
	diag_report(ctx, DIAG_E010, at_offset(f, 0, (uint32_t)strlen(text) - 2), "m");
	diag_report(ctx, DIAG_E009, find_loc(ctx, f, "80", 0), "n");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:1: error: m [E010]\n"
						 "     1 | app web {\n"
						 "       | ^~~~~~~~~\n"
						 "test.rbd:2:8: error: n [E009]\n"
						 "     2 |   port 80\n"
						 "       |        ^~\n");
}

/* ---- notes ---- */

static void test_notes_follow_their_diagnostic(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "app web { }\napp web { }\n");
	struct rbd_loc first = find_loc(ctx, f, "web", 0);
	struct rbd_loc second = find_loc(ctx, f, "web", 5);
	diag_report(ctx, DIAG_E007, second, "app 'web' is declared twice");
	diag_note(ctx, &first, "the first 'web' is here");
	diag_note(ctx, NULL, "rename one of them");
	assert_string_equal(rendered_diags(ctx), "test.rbd:2:5: error: app 'web' is declared twice [E007]\n"
						 "     2 | app web { }\n"
						 "       |     ^~~\n"
						 "test.rbd:1:5: note: the first 'web' is here\n"
						 "test.rbd:2:5: note: rename one of them\n");
}

static void test_note_attaches_to_the_last_report(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a\nb\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "one");
	diag_report(ctx, DIAG_E001, at_offset(f, 2, 3), "two");
	diag_note(ctx, NULL, "about two");
	assert_null(ctx->diags.head->notes);
	assert_non_null(ctx->diags.tail->notes);
	assert_string_equal(ctx->diags.tail->notes->msg, "about two");
}

static void test_note_without_any_report_is_ignored(void **state)
{
	struct rbdc_ctx *ctx = *state;
	add_source(ctx, "a\n");
	diag_note(ctx, NULL, "orphan");
	assert_null(ctx->diags.head);
	assert_string_equal(rendered_diags(ctx), "");
}

/* ---- masked secrets ---- */

static void test_masked_span_shows_only_its_first_two_bytes_and_the_last(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "env A \"abcdefgh\" x\n");
	diag_mask(ctx, find_loc(ctx, f, "\"abcdefgh\"", 0));
	diag_report(ctx, DIAG_E004, find_loc(ctx, f, "x", 10), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:18: error: m [E004]\n"
						 "     1 | env A \"a*******\" x\n"
						 "       |                  ^\n");
}

static void test_mask_applies_to_its_own_file_only(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t lib = source_add(ctx, "lib.rbd", "tag \"abcdef\"\n", 13, true);
	uint32_t f = add_source(ctx, "tag \"abcdef\"\n");
	diag_mask(ctx, find_loc(ctx, f, "\"abcdef\"", 0));
	diag_report(ctx, DIAG_E004, at_offset(lib, 0, 3), "m");
	diag_report(ctx, DIAG_E004, at_offset(f, 0, 3), "n");
	const char *out = rendered_diags(ctx);
	assert_non_null(strstr(out, "lib.rbd:1:1: error: m [E004]\n     1 | tag \"abcdef\"\n"));
	assert_non_null(strstr(out, "test.rbd:1:1: error: n [E004]\n     1 | tag \"a*****\"\n"));
}

/* The diagnostics of @ctx rendered by @render (diag_render_json, or SARIF through sarif_render); arena-owned. */
static const char *rendered_with(struct rbdc_ctx *ctx, void (*render)(struct rbdc_ctx *, FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	render(ctx, f);
	fclose(f);
	char *copy = arena_strndup(&ctx->arena, buf ? buf : "", len);
	free(buf);
	return copy;
}

static void sarif_render(struct rbdc_ctx *ctx, FILE *out)
{
	bool first = true;
	diag_sarif_begin(out);
	diag_render_sarif(ctx, out, &first);
	diag_sarif_end(out);
}

/* Every output format of the queued diagnostics, one after the other; arena-owned. */
static const char *all_formats(struct rbdc_ctx *ctx)
{
	return arena_printf(&ctx->arena, "%s\n%s\n%s", rendered_diags(ctx), rendered_with(ctx, diag_render_json),
			    rendered_with(ctx, sarif_render));
}

/* A secret-shaped word assembled at run time (no such literal may sit in the repository). */
static const char *token_word(struct rbdc_ctx *ctx)
{
	return arena_printf(&ctx->arena, "%s%s", "gh" "p_", "Zq3Xw8Rt5Yu1Io9Pa7Sd2Fg4Hj6Kl0MnBv3Cx");
}

/* @s as a mask shows it: its first character, then one '*' per character; arena-owned. */
static const char *masked_form(struct rbdc_ctx *ctx, const char *s, size_t shown)
{
	char *out = arena_strdup(&ctx->arena, s);
	for (size_t i = shown; out[i]; i++)
		out[i] = '*';
	return out;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("'%s' is missing from:\n%s", needle, haystack);
}

static void assert_absent(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		fail_msg("'%s' appears in:\n%s", needle, haystack);
}

/* Regression (was a bug: a bare word showed its first two and its last character): one character of the value, in
   a word as in a string, and the closing quote is not counted. */
static void test_masked_bare_word_shows_one_character(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "cpu abcdefgh x\n");
	diag_mask(ctx, find_loc(ctx, f, "abcdefgh", 0));
	diag_report(ctx, DIAG_E004, find_loc(ctx, f, "x", 10), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:14: error: m [E004]\n"
						 "     1 | cpu a******* x\n"
						 "       |              ^\n");
}

/* Regression (issue 8: E019, E009, E012, E003 printed the value in full in their message and notes). */
static void test_message_and_notes_never_quote_a_masked_value(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *secret = token_word(ctx);
	uint32_t f = add_source(ctx, arena_printf(&ctx->arena, "cpu %s\n", secret));
	struct rbd_loc at = find_loc(ctx, f, secret, 0);
	diag_mask_text(ctx, at, secret, strlen(secret));
	diag_report(ctx, DIAG_E019, at, "'%s' is not a valid CPU quantity", secret);
	diag_note(ctx, NULL, "declare it: secret %s from vault", secret);
	const char *out = all_formats(ctx);
	assert_absent(out, secret + 1);
	assert_absent(out, secret + 20); /* no tail either */
	const char *hidden = masked_form(ctx, secret, 1);
	assert_contains(out, arena_printf(&ctx->arena, "error: '%s' is not a valid CPU quantity [E019]\n", hidden));
	assert_contains(out, arena_printf(&ctx->arena, "note: declare it: secret %s from vault\n", hidden));
	assert_contains(out, arena_printf(&ctx->arena, "\"message\":\"'%s' is not a valid CPU quantity\"", hidden));
	assert_contains(out, arena_printf(&ctx->arena, "\"text\":\"declare it: secret %s from vault\"", hidden));
}

static void test_message_masking_uses_the_source_bytes_without_a_decoded_text(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *secret = token_word(ctx);
	uint32_t f = add_source(ctx, arena_printf(&ctx->arena, "tag \"%s\"\n", secret));
	struct rbd_loc at = find_loc(ctx, f, arena_printf(&ctx->arena, "\"%s\"", secret), 0);
	diag_mask(ctx, at);
	diag_report(ctx, DIAG_E022, at, "tag '%s' is not valid", secret);
	const char *out = all_formats(ctx);
	assert_absent(out, secret + 1);
	const char *hidden = masked_form(ctx, secret, 1);
	assert_contains(out, arena_printf(&ctx->arena, "     1 | tag \"%s\"\n", hidden));
	assert_contains(out, arena_printf(&ctx->arena, "error: tag '%s' is not valid [E022]\n", hidden));
}

/* A message may quote a changed spelling (check_label's "did you mean" lower-cases and turns '_' into '-') or a part. */
static void test_changed_spellings_and_parts_are_masked_too(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *secret = token_word(ctx);
	uint32_t f = add_source(ctx, arena_printf(&ctx->arena, "app %s\n", secret));
	struct rbd_loc at = find_loc(ctx, f, secret, 0);
	diag_mask_text(ctx, at, secret, strlen(secret));
	char *lower = arena_strdup(&ctx->arena, secret);
	for (char *p = lower; *p; p++)
		*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	diag_report(ctx, DIAG_E008, at, "app name is invalid");
	diag_note(ctx, NULL, "did you mean '%s'?", lower);
	diag_note(ctx, NULL, "the part '%.12s' and the rest '%s'", secret + 10, secret + 22);
	const char *out = all_formats(ctx);
	assert_absent(out, lower + 1);
	assert_absent(out, arena_strndup(&ctx->arena, secret + 10, 8));
	assert_absent(out, secret + 22);
	assert_contains(out, arena_printf(&ctx->arena, "note: did you mean '%s'?\n", masked_form(ctx, lower, 1)));
	/* not from the start of the value: nothing shown */
	assert_contains(out, arena_printf(&ctx->arena, "note: the part '%s' and the rest '%s'\n",
					  masked_form(ctx, arena_strndup(&ctx->arena, secret + 10, 12), 0), masked_form(ctx, secret + 22, 0)));
}

/* A value shorter than a piece (a password that only its variable name gave away) is masked as a whole word only. */
static void test_short_masked_value_is_masked_as_a_whole_word(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "env DB_PASS hunter\n");
	struct rbd_loc at = find_loc(ctx, f, "hunter", 0);
	diag_mask_text(ctx, at, "hunter", 6);
	diag_report(ctx, DIAG_E021, at, "value 'hunter' of a hunters' club, not 'xhunter'");
	assert_non_null(strstr(rendered_diags(ctx), "error: value 'h*****' of a hunters' club, not 'xhunter' [E021]\n"));
}

/* Whatever a message was built from, a run of it that looks like a secret on its own is hidden. */
static void test_secret_shaped_message_text_is_masked_without_a_mask(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *secret = token_word(ctx);
	uint32_t f = add_source(ctx, "image x\n");
	diag_report(ctx, DIAG_E022, at_offset(f, 6, 7), "image 'reg.io/%s' is not valid", secret);
	const char *out = all_formats(ctx);
	assert_absent(out, secret + 1);
	assert_contains(out, arena_printf(&ctx->arena, "error: image '%s' is not valid [E022]\n",
					  masked_form(ctx, arena_printf(&ctx->arena, "reg.io/%s", secret), 1)));
}

static void test_message_without_secrets_is_unchanged(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *secret = token_word(ctx);
	uint32_t f = add_source(ctx, arena_printf(&ctx->arena, "cpu %s\nport 70000\n", secret));
	diag_mask_text(ctx, find_loc(ctx, f, secret, 0), secret, strlen(secret));
	diag_report(ctx, DIAG_E009, find_loc(ctx, f, "70000", 0), "port 70000 is out of range 1..65535; see 'port' in the README");
	assert_non_null(strstr(rendered_diags(ctx), "error: port 70000 is out of range 1..65535; see 'port' in the README [E009]\n"));
}

/* Past INDEX_MAX_BYTES of masked text the index is not built; every long run of every message is hidden instead. */
static void test_too_much_masked_text_hides_every_long_run(void **state)
{
	struct rbdc_ctx *ctx = *state;
	enum { LEN = 60000, MASKS = 600 }; /* 36 MB of masked text over one 60 KB line */
	char *text = arena_alloc(&ctx->arena, LEN + MASKS + 2);
	memset(text, 'q', LEN + MASKS);
	text[LEN + MASKS] = '\n';
	uint32_t f = add_source(ctx, text);
	for (uint32_t i = 0; i < MASKS; i++)
		diag_mask(ctx, at_offset(f, i, i + LEN));
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "'abcdefghij' and 'short'");
	assert_contains(rendered_with(ctx, diag_render_json), "\"message\":\"'a*********' and 'short'\"");
}

/* ---- user text in messages reaches a terminal ---- */

/* Regression (issue 8: excerpts were sanitised, messages were not, so a string with ESC could drive the terminal). */
static void test_message_control_characters_are_escaped_in_text(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "tag x\n");
	diag_report(ctx, DIAG_E022, at_offset(f, 4, 5), "tag '\033[2J\r\n\t\177\x01' bad");
	diag_note(ctx, NULL, "note \033]0;title\007");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:5: error: tag '\\x1b[2J\\r\\n\\t\\x7f\\x01' bad [E022]\n"
						 "     1 | tag x\n"
						 "       |     ^\n"
						 "test.rbd:1:5: note: note \\x1b]0;title\\x07\n");
}

static void test_message_invalid_utf8_and_terminal_code_points_are_escaped(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "tag x\n");
	/* an invalid byte, an overlong '/', C1 CSI (U+009B), RIGHT-TO-LEFT OVERRIDE (U+202E), then a valid e-acute */
	diag_report(ctx, DIAG_E022, at_offset(f, 4, 5), "caf\xe9 \xc0\xaf \xc2\x9b \xe2\x80\xae \xc3\xa9");
	assert_non_null(strstr(rendered_diags(ctx), "error: caf\\xe9 \\xc0\\xaf \\u009b \\u202e \xc3\xa9 [E022]\n"));
}

static void test_file_name_is_escaped_in_text(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = source_add(ctx, "a\033[31m.rbd", "x\n", 2, false);
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "m");
	assert_non_null(strstr(rendered_diags(ctx), "a\\x1b[31m.rbd:1:1: error: m [E001]\n"));
}

static void test_excerpt_hides_invalid_bytes_and_terminal_code_points(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a\xe9 \xc2\x9b\xe2\x80\xae z\n");
	diag_report(ctx, DIAG_E002, find_loc(ctx, f, "z", 0), "m");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:10: error: m [E002]\n"
						 "     1 | a? ?? z\n"
						 "       |       ^\n");
}

/* ---- JSON and SARIF are valid UTF-8 ---- */

/* True when @s is well-formed UTF-8. */
static bool valid_utf8(const char *s)
{
	return value_utf8_valid(s, strlen(s));
}

/* Regression (issue 8: `project caf\xe9` gave JSON with a raw 0xE9 byte, which no JSON parser accepts). */
static void test_json_replaces_invalid_utf8_in_every_field(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = source_add(ctx, "caf\xe9.rbd", "project caf\xe9\n", 13, false);
	diag_report(ctx, DIAG_E002, at_offset(f, 8, 12), "'caf\xe9' holds non-ASCII characters");
	diag_note(ctx, NULL, "not '\xff\xfe', nor '\xed\xa0\x80' (a surrogate)");
	const char *json = rendered_with(ctx, diag_render_json);
	const char *sarif = rendered_with(ctx, sarif_render);
	assert_true(valid_utf8(json));
	assert_true(valid_utf8(sarif));
	assert_non_null(strstr(json, "{\"file\":\"caf\\ufffd.rbd\","));
	assert_non_null(strstr(json, "\"message\":\"'caf\\ufffd' holds non-ASCII characters\""));
	assert_non_null(strstr(json, "\"message\":\"not '\\ufffd\\ufffd', nor '\\ufffd\\ufffd\\ufffd' (a surrogate)\""));
	assert_non_null(strstr(sarif, "\"uri\":\"caf\\ufffd.rbd\""));
	assert_non_null(strstr(sarif, "\"text\":\"'caf\\ufffd' holds non-ASCII characters\""));
}

/* Issue 8 (generated programs): `secret x from vault "a\nb"` quoted a newline into the E021 message. A message
   decodes to one line in every format: control characters and steering code points arrive as the text mode shows
   them; a file name keeps its own characters, JSON-escaped. */
static void test_json_escapes_control_characters_and_keeps_valid_utf8(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = source_add(ctx, "a\nb.rbd", "x\n", 2, false);
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "a\033b\"c\\d\ne\tf\177 caf\xc3\xa9 \xc2\x9b\xe2\x80\xae");
	diag_note(ctx, NULL, "note\r\n");
	const char *json = rendered_with(ctx, diag_render_json), *sarif = rendered_with(ctx, sarif_render);
	assert_non_null(strstr(json, "\"message\":\"a\\\\x1bb\\\"c\\\\d\\\\ne\\\\tf\\\\x7f caf\xc3\xa9 \\\\u009b\\\\u202e\""));
	assert_non_null(strstr(json, "\"message\":\"note\\\\r\\\\n\""));
	assert_non_null(strstr(json, "{\"file\":\"a\\nb.rbd\","));
	assert_non_null(strstr(sarif, "\"text\":\"a\\\\x1bb\\\"c\\\\d\\\\ne"));
	assert_non_null(strstr(sarif, "\"uri\":\"a\\nb.rbd\""));
}

/* ---- every carrier, through the whole compiler ---- */

/* Regression (issue 8): a secret in any token kind and any statement position is hidden from every format. */
static void test_no_carrier_shows_a_secret(void **state)
{
	struct rbdc_ctx *scratch = *state;
	const char *secret = token_word(scratch);
	const char *carriers[] = {
		"  env GITHUB_TOKEN=%s\n", /* one word: a syntax error stops the rules */
		"  route /x?%s\n",         /* a path */
		"  cpu %s\n",              /* E019 */
		"  replicas %s\n",         /* E009 */
		"  secrets %s\n",          /* E012 and its note */
		"  %s\n",                  /* E003: an unknown statement */
		"  env X %s\n",
		"  migrate \"run %s\"\n",
		"  health /%s\n",
		"  image %s\n",
	};
	for (size_t i = 0; i < sizeof carriers / sizeof carriers[0]; i++) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		const char *line = arena_printf(&ctx.arena, carriers[i], secret);
		const char *program = arena_printf(&ctx.arena, "project p\napp a0 {\n  port 8080; health /healthz\n%s}\n", line);
		struct compilation c;
		assert_int_equal(compile_text(&ctx, program, &c), -1);
		const char *out = all_formats(&ctx);
		if (strstr(out, secret + 1))
			fail_msg("carrier %zu (%s) shows the secret:\n%s", i, line, out);
		rbdc_ctx_fini(&ctx);
	}
}

/* ---- order ---- */

/* Errors come first, then warnings (issue 12: what blocks the build is read first); each in source order. */
static void test_output_is_in_source_order_ties_in_report_order(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a\nb\nc\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 4, 5), "third line");
	diag_note(ctx, NULL, "note of the third line");
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "first line, reported first");
	diag_report(ctx, DIAG_W001, at_offset(f, 2, 3), "second line");
	diag_report(ctx, DIAG_E004, at_offset(f, 0, 1), "first line, reported second");
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:1: error: first line, reported first [E001]\n"
						 "     1 | a\n"
						 "       | ^\n"
						 "test.rbd:1:1: error: first line, reported second [E004]\n"
						 "     1 | a\n"
						 "       | ^\n"
						 "test.rbd:3:1: error: third line [E001]\n"
						 "     3 | c\n"
						 "       | ^\n"
						 "test.rbd:3:1: note: note of the third line\n"
						 "test.rbd:2:1: warning: second line [W001]\n"
						 "     2 | b\n"
						 "       | ^\n");
}

static void test_ties_keep_report_order_for_many_diagnostics(void **state)
{
	/* qsort is not stable: the order must come from the sequence number, whatever qsort does. */
	struct rbdc_ctx *ctx = *state;
	ctx->opts.max_errors = 0;
	uint32_t f = add_source(ctx, "x\n");
	enum { N = 40 };
	for (int i = 0; i < N; i++)
		diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "m%02d", i);
	const char *out = rendered_diags(ctx);
	const char *prev = out;
	for (int i = 0; i < N; i++) {
		char msg[16];
		snprintf(msg, sizeof msg, " m%02d ", i);
		const char *at = strstr(out, msg);
		assert_non_null(at);
		assert_true(at >= prev);
		prev = at;
	}
}

static void test_files_are_ordered_by_index(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t lib = source_add(ctx, "lib.rbd", "z\n", 2, true);
	uint32_t user = add_source(ctx, "a\n");
	diag_report(ctx, DIAG_E001, at_offset(user, 0, 1), "user");
	diag_report(ctx, DIAG_E001, at_offset(lib, 0, 1), "lib");
	const char *out = rendered_diags(ctx);
	assert_true(strstr(out, "lib.rbd:1:1: error: lib") < strstr(out, "test.rbd:1:1: error: user"));
}

/* ---- --max-errors ---- */

static void test_max_errors_drops_the_rest_and_says_how_many(void **state)
{
	struct rbdc_ctx *ctx = *state;
	ctx->opts.max_errors = 2;
	uint32_t f = add_source(ctx, "a\nb\nc\nd\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 6, 7), "d");
	assert_false(diag_limit_reached(ctx));
	diag_report(ctx, DIAG_E001, at_offset(f, 4, 5), "c");
	assert_true(diag_limit_reached(ctx));
	diag_report(ctx, DIAG_E001, at_offset(f, 2, 3), "b");
	diag_note(ctx, NULL, "note of a dropped error");
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "a");
	diag_report(ctx, DIAG_W001, at_offset(f, 0, 1), "warnings are not limited");
	assert_int_equal(ctx->diags.n_errors, 2);
	assert_int_equal(ctx->diags.n_dropped, 2);
	assert_string_equal(rendered_diags(ctx), "test.rbd:3:1: error: c [E001]\n"
						 "     3 | c\n"
						 "       | ^\n"
						 "test.rbd:4:1: error: d [E001]\n"
						 "     4 | d\n"
						 "       | ^\n"
						 "test.rbd:1:1: warning: warnings are not limited [W001]\n"
						 "     1 | a\n"
						 "       | ^\n"
						 "rbdc: note: 2 more errors not shown (--max-errors 2)\n");
}

static void test_max_errors_zero_means_no_limit(void **state)
{
	struct rbdc_ctx *ctx = *state;
	ctx->opts.max_errors = 0;
	uint32_t f = add_source(ctx, "a\n");
	for (int i = 0; i < 50; i++)
		diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "e");
	assert_int_equal(ctx->diags.n_errors, 50);
	assert_false(diag_limit_reached(ctx));
	assert_null(strstr(rendered_diags(ctx), "more errors"));
}

static void test_default_limit_is_twenty(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "a\n");
	for (int i = 0; i < 25; i++)
		diag_report(ctx, DIAG_E001, at_offset(f, 0, 1), "e");
	assert_int_equal(ctx->diags.n_errors, 20);
	assert_non_null(strstr(rendered_diags(ctx), "\nrbdc: note: 5 more errors not shown (--max-errors 20)\n"));
}

/* ---- -Werror ---- */

static void test_werror_renders_warnings_as_errors(void **state)
{
	struct rbdc_ctx *ctx = *state;
	ctx->opts.warnings_are_errors = true;
	uint32_t f = add_source(ctx, "secret s\n");
	diag_report(ctx, DIAG_W002, at_offset(f, 7, 8), "replicas race");
	assert_true(diag_has_errors(ctx));
	assert_string_equal(rendered_diags(ctx), "test.rbd:1:8: error: replicas race [W002]\n"
						 "     1 | secret s\n"
						 "       |        ^\n");
}

static void test_without_werror_warnings_do_not_fail(void **state)
{
	struct rbdc_ctx *ctx = *state;
	uint32_t f = add_source(ctx, "secret s\n");
	diag_report(ctx, DIAG_W002, at_offset(f, 7, 8), "replicas race");
	assert_false(diag_has_errors(ctx));
	assert_non_null(strstr(rendered_diags(ctx), ": warning: replicas race [W002]\n"));
}

/* ---- colour ---- */

static void test_colour_always_wraps_the_parts_in_escapes(void **state)
{
	struct rbdc_ctx *ctx = *state;
	ctx->opts.color = COLOR_ALWAYS;
	uint32_t f = add_source(ctx, "ab\n");
	diag_report(ctx, DIAG_E001, at_offset(f, 0, 2), "m");
	diag_note(ctx, NULL, "n");
	assert_string_equal(rendered_diags(ctx), "\033[1mtest.rbd:1:1:\033[0m \033[1;31merror:\033[0m m [E001]\n"
						 "     1 | ab\n"
						 "       | \033[1;32m^~\033[0m\n"
						 "\033[1mtest.rbd:1:1:\033[0m \033[1;36mnote:\033[0m n\n");
}

/* ---- the code table ---- */

static void test_code_lookup_and_info(void **state)
{
	(void)state;
	assert_int_equal(diag_code_lookup("E013"), DIAG_E013);
	assert_int_equal(diag_code_lookup("e013"), DIAG_E013);
	assert_int_equal(diag_code_lookup("W001"), DIAG_W001);
	assert_int_equal(diag_code_lookup("E999"), -1);
	assert_int_equal(diag_code_lookup(""), -1);
	assert_string_equal(diag_code_info(DIAG_E002)->name, "E002");
	assert_int_equal(diag_code_info(DIAG_E002)->severity, SEV_ERROR);
	assert_int_equal(diag_code_info(DIAG_W002)->severity, SEV_WARNING);
	for (int i = 0; i < DIAG_CODE_COUNT; i++) {
		const struct diag_code_info *info = diag_code_info((enum diag_code)i);
		assert_int_equal(strlen(info->name), 4);
		assert_true(info->title[0] != '\0');
		assert_true(info->explanation[0] != '\0');
		assert_int_equal(diag_code_lookup(info->name), i);
	}
}

/* A value that only its name gives away (`env DB_PASSWORD ...`) is hidden by the scanner too: a syntax error on its
   line stops the rule that would refuse it, and the excerpt must not show it. */
static void test_secret_named_values_are_hidden_after_a_syntax_error(void **state)
{
	struct rbdc_ctx *scratch = *state;
	const char *value = arena_printf(&scratch->arena, "%s%s", "hunter", "2pw");
	const char *lines[] = {
		"  env DB_PASSWORD %s,\n",          /* a trailing comma */
		"  env DB_PASSWORD %s {\n",         /* a stray block */
		"  env GITHUB_TOKEN=%s\n",          /* NAME=VALUE as one word */
		"  env GITHUB_TOKEN=\"%s\"\n",      /* NAME="VALUE" */
		"  env DB_PASSWORD x!%s\n",         /* split at a character the language does not have */
		"  env DB_PASSWORD %s#tail\n",      /* a glued '#' starts a comment, but reads as part of the value */
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		const char *program = arena_printf(&ctx.arena, "project p\napp a0 {\n  port 8080; health /healthz\n%s}\n",
						   arena_printf(&ctx.arena, lines[i], value));
		struct compilation c;
		assert_int_equal(compile_text(&ctx, program, &c), -1);
		const char *out = all_formats(&ctx);
		if (strstr(out, value + 1) || strstr(out, "#tail"))
			fail_msg("line %zu shows the value:\n%s", i, out);
		rbdc_ctx_fini(&ctx);
	}
	/* near misses: an ordinary name, or a flag under a secret name, stay readable */
	const char *readable[] = {"  env DEBUG verbose,\n", "  env DB_PASSWORD_REQUIRED true,\n"};
	for (size_t i = 0; i < sizeof readable / sizeof readable[0]; i++) {
		struct rbdc_ctx ctx;
		rbdc_ctx_init(&ctx);
		struct compilation c;
		compile_text(&ctx, arena_printf(&ctx.arena, "project p\napp a0 {\n%s}\n", readable[i]), &c);
		assert_contains(rendered_diags(&ctx), readable[i] + 2);
		rbdc_ctx_fini(&ctx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_error_with_excerpt_and_caret, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_report_returns_minus_one_and_counts, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_one_byte_span_is_a_lone_caret, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_span_still_gets_a_caret, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_warning_wording, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_queued_renders_nothing, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_source_name_of_the_location_is_printed, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_gutter_of_a_five_digit_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_caret_stays_aligned_past_line_99999, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_tabs_are_kept_in_the_source_and_caret_lines, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_print_as_question_marks, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_inside_the_span, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_carriage_return_inside_a_line_prints_as_question_mark, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_utf8_counts_one_caret_column_per_character, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_utf8_inside_the_span_gets_one_tilde, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_location_at_eof_after_a_final_newline, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_location_at_eof_without_a_final_newline, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_location_in_an_empty_file, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_location_on_the_newline_itself, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_span_running_past_the_end_of_its_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_span_starting_mid_line_and_running_into_the_next, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_crlf_line_end_is_neither_printed_nor_underlined, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_notes_follow_their_diagnostic, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_note_attaches_to_the_last_report, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_note_without_any_report_is_ignored, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_masked_span_shows_only_its_first_two_bytes_and_the_last, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_mask_applies_to_its_own_file_only, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_masked_bare_word_shows_one_character, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_message_and_notes_never_quote_a_masked_value, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_message_masking_uses_the_source_bytes_without_a_decoded_text, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_changed_spellings_and_parts_are_masked_too, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_short_masked_value_is_masked_as_a_whole_word, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_secret_shaped_message_text_is_masked_without_a_mask, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_message_without_secrets_is_unchanged, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_too_much_masked_text_hides_every_long_run, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_message_control_characters_are_escaped_in_text, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_message_invalid_utf8_and_terminal_code_points_are_escaped, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_file_name_is_escaped_in_text, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_excerpt_hides_invalid_bytes_and_terminal_code_points, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_json_replaces_invalid_utf8_in_every_field, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_json_escapes_control_characters_and_keeps_valid_utf8, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_no_carrier_shows_a_secret, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_secret_named_values_are_hidden_after_a_syntax_error, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_output_is_in_source_order_ties_in_report_order, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_ties_keep_report_order_for_many_diagnostics, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_files_are_ordered_by_index, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_max_errors_drops_the_rest_and_says_how_many, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_max_errors_zero_means_no_limit, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_default_limit_is_twenty, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_werror_renders_warnings_as_errors, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_without_werror_warnings_do_not_fail, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_colour_always_wraps_the_parts_in_escapes, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_code_lookup_and_info, NULL, NULL),
	};
	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
