/* test_lexer.c: unit tests of the flex scanner (grammar/rbd.l): token kinds, byte ranges, strings and E002 reports. */
#include "testutil_frontend.h"

#include "rbd.tab.h"
#include "rbd.lex.h"
#include "stdlib_text.h"

enum { MAX_TOKENS = 64 };

struct token {
	int kind; /* T_WORD, T_STRING, ... or the character of a one-character token */
	struct rbd_loc loc;
	const char *text; /* interned text of words, paths and (unescaped) strings; NULL for the others */
	uint32_t len;
};

struct scan {
	struct token tokens[MAX_TOKENS];
	size_t n;
	uint32_t final_depth; /* open brackets counted by the scanner at end of input */
	struct rbd_loc open[PARSE_MAX_DEPTH];
};

/* Runs the scanner alone over @len bytes of @text (source "test.rbd") up to end of input, like parse_source does. */
static struct scan *scan_bytes(struct rbdc_ctx *ctx, const char *text, size_t len)
{
	struct scan *out = arena_alloc(&ctx->arena, sizeof *out);
	uint32_t file = source_add(ctx, "test.rbd", text, len, false);
	const struct source *src = ctx->sources[file];
	struct lex_ctx lex = {.ctx = ctx, .file = file, .source = src->text};
	yyscan_t scanner;
	assert_int_equal(rbd_yylex_init_extra(&lex, &scanner), 0);
	YY_BUFFER_STATE buf = rbd_yy_scan_bytes(src->text, (int)src->len, scanner);
	for (;;) {
		RBD_YYSTYPE val;
		RBD_YYLTYPE loc;
		memset(&val, 0, sizeof val);
		int kind = rbd_yylex(&val, &loc, scanner);
		if (kind == T_YYEOF)
			break;
		assert_true(out->n < MAX_TOKENS);
		struct token *t = &out->tokens[out->n++];
		t->kind = kind;
		t->loc = loc;
		if (kind == T_WORD || kind == T_STRING || kind == T_PATH) {
			t->text = val.text.s;
			t->len = val.text.len;
		}
	}
	rbd_yy_delete_buffer(buf, scanner);
	rbd_yylex_destroy(scanner);
	free(lex.strbuf);
	out->final_depth = lex.depth;
	memcpy(out->open, lex.open, sizeof out->open);
	return out;
}

static struct scan *scan_text(struct rbdc_ctx *ctx, const char *text)
{
	return scan_bytes(ctx, text, strlen(text));
}

static const char *kind_name(int kind)
{
	switch (kind) {
	case T_WORD: return "WORD";
	case T_STRING: return "STRING";
	case T_PATH: return "PATH";
	case T_NL: return "NL";
	case T_INVALID: return "INVALID";
	default: return NULL;
	}
}

/* The token kinds, space-separated: "WORD WORD { WORD ; } NL"; arena-owned. */
static const char *kinds(struct rbdc_ctx *ctx, const struct scan *s)
{
	const char *out = "";
	for (size_t i = 0; i < s->n; i++) {
		const char *name = kind_name(s->tokens[i].kind);
		char one[2] = {(char)s->tokens[i].kind, '\0'};
		out = arena_printf(&ctx->arena, "%s%s%s", out, i ? " " : "", name ? name : one);
	}
	return out;
}

/* Each token as "start-end", space-separated: the byte ranges; arena-owned. */
static const char *ranges(struct rbdc_ctx *ctx, const struct scan *s)
{
	const char *out = "";
	for (size_t i = 0; i < s->n; i++)
		out = arena_printf(&ctx->arena, "%s%s%u-%u", out, i ? " " : "", s->tokens[i].loc.start, s->tokens[i].loc.end);
	return out;
}

/* True when some byte of @s is a control character other than newline and tab. */
static bool has_control_bytes(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t') || (unsigned char)*s == 0x7f)
			return true;
	return false;
}

/* ---- token kinds and byte ranges ---- */

static void test_kinds_of_a_block_statement(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "app web { port 8000; health /healthz }\n");
	assert_string_equal(kinds(ctx, s), "WORD WORD { WORD WORD ; WORD PATH } NL");
	assert_int_equal(ctx->diags.n_errors, 0);
}

static void test_angle_brackets_and_comma_are_tokens(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "app api < keys A, B >");
	assert_string_equal(kinds(ctx, s), "WORD WORD < WORD WORD , WORD >");
}

static void test_byte_ranges_of_tokens(void **state)
{
	struct rbdc_ctx *ctx = *state;
	/* offsets:         0   4   8 10   15   20 */
	struct scan *s = scan_text(ctx, "app web { port 8000 }\n");
	assert_string_equal(ranges(ctx, s), "0-3 4-7 8-9 10-14 15-19 20-21 21-22");
	assert_int_equal(s->tokens[0].loc.file, 0);
}

static void test_byte_ranges_continue_across_lines_and_whitespace(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "a\n\t  bb   ccc\n\n d");
	assert_string_equal(kinds(ctx, s), "WORD NL WORD WORD NL NL WORD");
	assert_string_equal(ranges(ctx, s), "0-1 1-2 5-7 10-13 13-14 14-15 16-17");
	assert_string_equal(loc_position(ctx, s->tokens[2].loc), "2:4");
	assert_string_equal(loc_position(ctx, s->tokens[3].loc), "2:9");
	assert_string_equal(loc_position(ctx, s->tokens[6].loc), "4:2");
}

static void test_word_text_is_interned(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "web web /x /x");
	assert_string_equal(s->tokens[0].text, "web");
	assert_int_equal(s->tokens[0].len, 3);
	assert_ptr_equal(s->tokens[0].text, s->tokens[1].text);
	assert_ptr_equal(s->tokens[2].text, s->tokens[3].text);
}

static void test_empty_and_blank_inputs_have_no_tokens(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_int_equal(scan_text(ctx, "")->n, 0);
	assert_int_equal(scan_text(ctx, " \t \r ")->n, 0);
	assert_int_equal(scan_text(ctx, "# only a comment")->n, 0);
	assert_int_equal(ctx->diags.n_errors, 0);
}

/* ---- paths, words and numbers ---- */

static void test_paths_start_with_a_slash(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "/ /api/ /api/v1/health /.well-known/x-y_z.txt");
	assert_string_equal(kinds(ctx, s), "PATH PATH PATH PATH");
	assert_string_equal(s->tokens[0].text, "/");
	assert_string_equal(s->tokens[1].text, "/api/");
	assert_string_equal(s->tokens[2].text, "/api/v1/health");
	assert_string_equal(s->tokens[3].text, "/.well-known/x-y_z.txt");
}

static void test_path_ends_at_separators_brackets_and_comments(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "/a;/b}/c,/d#note\n/e>");
	assert_string_equal(kinds(ctx, s), "PATH ; PATH } PATH , PATH NL PATH >");
	assert_string_equal(s->tokens[0].text, "/a");
	assert_string_equal(s->tokens[2].text, "/b");
	assert_string_equal(s->tokens[4].text, "/c");
	assert_string_equal(s->tokens[6].text, "/d");
	assert_string_equal(s->tokens[8].text, "/e");
}

static void test_numbers_sizes_and_durations_are_words(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "8000 0 10Gi 100m 1h 0.5");
	assert_string_equal(kinds(ctx, s), "WORD WORD WORD WORD WORD WORD");
	assert_string_equal(s->tokens[2].text, "10Gi");
	assert_string_equal(s->tokens[5].text, "0.5");
}

/* `autoscale 3..10 cpu 70%`: a range is one word, and so is a number with a percent sign; a '%' anywhere else stays an
   invalid character. */
static void test_ranges_and_percentages_are_words(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "autoscale 3..10 cpu 70%;");
	assert_string_equal(kinds(ctx, s), "WORD WORD WORD WORD ;");
	assert_string_equal(s->tokens[1].text, "3..10");
	assert_string_equal(s->tokens[3].text, "70%");
	assert_string_equal(ranges(ctx, s), "0-9 10-15 16-19 20-23 23-24");
	assert_int_equal(count_code(ctx, DIAG_E002), 0);
	s = scan_text(ctx, "cpu %70 x%");
	assert_string_equal(kinds(ctx, s), "WORD INVALID WORD WORD INVALID");
	assert_int_equal(count_code(ctx, DIAG_E002), 2);
}

static void test_words_hold_dots_dashes_slashes_colons_and_at(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "ghcr.io/acme api-env DATABASE_URL web:1.0@sha256:ab c+d");
	assert_string_equal(kinds(ctx, s), "WORD WORD WORD WORD WORD");
	assert_string_equal(s->tokens[0].text, "ghcr.io/acme");
	assert_string_equal(s->tokens[1].text, "api-env");
	assert_string_equal(s->tokens[2].text, "DATABASE_URL");
	assert_string_equal(s->tokens[3].text, "web:1.0@sha256:ab");
	assert_string_equal(s->tokens[4].text, "c+d");
}

static void test_word_cannot_start_with_a_dash(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "replicas -1");
	assert_string_equal(kinds(ctx, s), "WORD INVALID WORD");
	assert_string_equal(s->tokens[2].text, "1");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	assert_string_equal(code_position(ctx, DIAG_E002), "1:10");
}

/* ---- strings ---- */

static void test_string_token_covers_the_quotes(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "migrate \"alembic upgrade head\"");
	assert_string_equal(kinds(ctx, s), "WORD STRING");
	assert_string_equal(s->tokens[1].text, "alembic upgrade head");
	assert_int_equal(s->tokens[1].len, 20);
	assert_string_equal(ranges(ctx, s), "0-7 8-30");
}

static void test_string_escapes_are_unescaped(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "\"a\\nb\\tc\\\\d\\\"e\\x41\\x7e\\x7E\\rf\"");
	assert_int_equal(s->n, 1);
	assert_int_equal(s->tokens[0].kind, T_STRING);
	assert_string_equal(s->tokens[0].text, "a\nb\tc\\d\"eA~~\rf");
	assert_int_equal(s->tokens[0].len, 14);
	assert_int_equal(ctx->diags.n_errors, 0);
}

static void test_hex_escape_of_a_high_byte(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "\"\\xc3\\xa9\"");
	assert_int_equal(s->tokens[0].len, 2);
	assert_memory_equal(s->tokens[0].text, "\xc3\xa9", 2);
	assert_int_equal(ctx->diags.n_errors, 0);
}

static void test_empty_string(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "tag \"\"");
	assert_string_equal(kinds(ctx, s), "WORD STRING");
	assert_int_equal(s->tokens[1].len, 0);
	assert_string_equal(s->tokens[1].text, "");
}

static void test_comment_and_separators_inside_a_string_are_text(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "\"a # b; { c } < d >, e\" # real comment");
	assert_string_equal(kinds(ctx, s), "STRING");
	assert_string_equal(s->tokens[0].text, "a # b; { c } < d >, e");
}

static void test_non_ascii_inside_a_string_is_accepted(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "env GREETING \"gr\xc3\xbc\xc3\x9f dich\"");
	assert_string_equal(kinds(ctx, s), "WORD WORD STRING");
	assert_string_equal(s->tokens[2].text, "gr\xc3\xbc\xc3\x9f dich");
	assert_int_equal(ctx->diags.n_errors, 0);
}

static void test_unknown_escape_is_e002_at_the_backslash(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "project shop\nenv A \"x\\qy\"\n");
	assert_string_equal(kinds(ctx, s), "WORD WORD NL WORD WORD STRING NL");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	const struct diag *d = first_diag(ctx, DIAG_E002);
	assert_string_equal(loc_position(ctx, d->loc), "2:9");
	assert_string_equal(loc_text(ctx, d->loc), "\\q");
	assert_non_null(strstr(d->msg, "\\q"));
}

static void test_bad_hex_escapes_are_e002(void **state)
{
	struct rbdc_ctx *ctx = *state;
	/* columns:            1234567890123456789012 */
	scan_text(ctx, "a \"\\x4\" \"\\xZZ\" \"\\x00\" \"\\x\"");
	assert_string_equal(diag_summary(ctx), "E002 1:4\nE002 1:10\nE002 1:17\nE002 1:24\n");
	for (const struct diag *d = ctx->diags.head; d; d = d->next)
		assert_string_equal(loc_text(ctx, d->loc), "\\x");
}

static void test_bad_escape_does_not_hide_the_rest_of_the_string(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "\"a\\qb\\nc\" next");
	assert_string_equal(kinds(ctx, s), "STRING WORD");
	assert_string_equal(s->tokens[0].text, "ab\nc");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
}

static void test_escape_of_a_control_byte_keeps_the_message_printable(void **state)
{
	/* Regression (was a bug in grammar/rbd.l scan_string): "unknown escape sequence '\\%c'" copies the raw byte into the
	 * message, and the renderer prints messages verbatim, so a hostile file reaches the terminal with ESC sequences. */
	struct rbdc_ctx *ctx = *state;
	scan_text(ctx, "\"\\\033[31m\"");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	assert_string_equal(code_position(ctx, DIAG_E002), "1:2");
	assert_false(has_control_bytes(first_diag(ctx, DIAG_E002)->msg));
	assert_false(has_control_bytes(rendered_diags(ctx)));
}

static void test_escape_of_a_nul_byte_has_a_complete_message(void **state)
{
	/* Regression (was a bug in grammar/rbd.l scan_string): '%c' of a NUL byte ends the message after "unknown escape sequence '\\". */
	struct rbdc_ctx *ctx = *state;
	scan_bytes(ctx, "tag \"a\\\0b\"", 10);
	assert_true(has_code(ctx, DIAG_E002));
	assert_string_equal(code_position(ctx, DIAG_E002), "1:7");
	assert_non_null(strstr(first_diag(ctx, DIAG_E002)->msg, "\\xHH"));
}

static void test_unterminated_string_at_end_of_line(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "project shop\ntag \"1.0\nport 80\n");
	assert_string_equal(kinds(ctx, s), "WORD WORD NL WORD STRING NL WORD WORD NL");
	assert_string_equal(s->tokens[4].text, "1.0");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	const struct diag *d = first_diag(ctx, DIAG_E002);
	assert_string_equal(loc_position(ctx, d->loc), "2:5");
	assert_string_equal(loc_text(ctx, d->loc), "\"1.0");
	assert_non_null(strstr(d->msg, "missing closing"));
}

static void test_unterminated_string_at_end_of_file(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "a\n  b \"open");
	assert_string_equal(kinds(ctx, s), "WORD NL WORD STRING");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	assert_string_equal(code_position(ctx, DIAG_E002), "2:5");
}

static void test_unterminated_string_with_escaped_quote(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "x \"say \\\"hi\\\"\n");
	assert_string_equal(kinds(ctx, s), "WORD STRING NL");
	assert_string_equal(s->tokens[1].text, "say \"hi\"");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	assert_string_equal(code_position(ctx, DIAG_E002), "1:3");
}

static void test_unterminated_string_ending_in_a_backslash_is_one_e002(void **state)
{
	/* Regression (was a bug in grammar/rbd.l): STRBODY cannot end in a lone '\\', so the string stops before it and the
	 * backslash is reported again as "unexpected character '\\'": two errors for one missing quote. */
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "tag \"abc\\\nport 80\n");
	assert_int_equal(s->tokens[1].kind, T_STRING);
	assert_string_equal(diag_summary(ctx), "E002 1:5\n");
}

static void test_overlong_string_is_e023(void **state)
{
	struct rbdc_ctx *ctx = *state;
	size_t body = PARSE_MAX_STRING + 1;
	char *text = arena_alloc(&ctx->arena, body + 3);
	text[0] = '"';
	memset(text + 1, 'a', body);
	text[body + 1] = '"';
	struct scan *s = scan_text(ctx, text);
	assert_int_equal(s->n, 1);
	assert_int_equal(count_code(ctx, DIAG_E023), 1);
	assert_int_equal(s->tokens[0].loc.end, body + 2);

	struct rbdc_ctx *ok = &(struct rbdc_ctx){0};
	rbdc_ctx_init(ok);
	text[body] = '"';
	text[body + 1] = '\0';
	s = scan_text(ok, text);
	assert_int_equal(s->tokens[0].len, PARSE_MAX_STRING);
	assert_int_equal(ok->diags.n_errors, 0);
	rbdc_ctx_fini(ok);
}

/* ---- comments and line ends ---- */

static void test_comment_runs_to_end_of_line_and_keeps_the_newline(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "port 80 # the port { \" ;\nhealth /h#frag");
	assert_string_equal(kinds(ctx, s), "WORD WORD NL WORD PATH");
	assert_int_equal(s->tokens[2].loc.start, 24);
	assert_string_equal(s->tokens[4].text, "/h");
	assert_int_equal(ctx->diags.n_errors, 0);
}

static void test_comment_right_after_a_word(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "web#comment\n");
	assert_string_equal(kinds(ctx, s), "WORD NL");
	assert_string_equal(s->tokens[0].text, "web");
}

static void test_crlf_reads_like_lf(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "project shop\r\nport 80\r\n");
	assert_string_equal(kinds(ctx, s), "WORD WORD NL WORD WORD NL");
	assert_string_equal(ranges(ctx, s), "0-7 8-12 13-14 14-18 19-21 22-23");
	assert_string_equal(s->tokens[1].text, "shop");
	assert_string_equal(loc_position(ctx, s->tokens[4].loc), "2:6");
	assert_int_equal(ctx->diags.n_errors, 0);
}

static void test_crlf_after_a_path_and_a_comment(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "health /h\r\n# note\r\nroute /\r\n");
	assert_string_equal(kinds(ctx, s), "WORD PATH NL NL WORD PATH NL");
	assert_string_equal(s->tokens[1].text, "/h");
	assert_string_equal(s->tokens[5].text, "/");
	assert_int_equal(ctx->diags.n_errors, 0);
}

/* ---- invalid input ---- */

static void test_nul_byte_outside_a_string_is_e002(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_bytes(ctx, "port\n 8\0 0", 10);
	assert_string_equal(kinds(ctx, s), "WORD NL WORD INVALID WORD");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	const struct diag *d = first_diag(ctx, DIAG_E002);
	assert_string_equal(loc_position(ctx, d->loc), "2:3");
	assert_int_equal(d->loc.end - d->loc.start, 1);
	assert_non_null(strstr(d->msg, "NUL"));
}

static void test_nul_byte_inside_a_string_is_one_e002(void **state)
{
	/* One NUL byte is one error, at the byte itself; the string still ends at its real closing quote. */
	struct rbdc_ctx *ctx = *state;
	scan_bytes(ctx, "env A \"x\0y\"\n", 12);
	assert_true(has_code(ctx, DIAG_E002));
	assert_string_equal(loc_position(ctx, ctx->diags.head->loc), "1:9");
	assert_int_equal(count_diags(ctx), 1);
}

static void test_non_ascii_name_is_one_word_and_one_e002(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "app caf\xc3\xa9-bar { }");
	assert_string_equal(kinds(ctx, s), "WORD WORD { }");
	assert_string_equal(s->tokens[1].text, "caf\xc3\xa9-bar");
	assert_int_equal(count_code(ctx, DIAG_E002), 1);
	const struct diag *d = first_diag(ctx, DIAG_E002);
	assert_string_equal(loc_position(ctx, d->loc), "1:5");
	assert_string_equal(loc_text(ctx, d->loc), "caf\xc3\xa9-bar");
	assert_non_null(strstr(d->msg, "non-ASCII"));
}

static void test_non_ascii_run_alone_is_one_e002(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "x \xe2\x82\xac\xe2\x82\xac y");
	assert_string_equal(kinds(ctx, s), "WORD WORD WORD");
	assert_string_equal(diag_summary(ctx), "E002 1:3\n");
	assert_int_equal(ctx->diags.head->loc.end - ctx->diags.head->loc.start, 6);
}

static void test_stray_ascii_characters_are_e002(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "port = 80\n$x");
	assert_string_equal(kinds(ctx, s), "WORD INVALID WORD NL INVALID WORD");
	assert_string_equal(diag_summary(ctx), "E002 1:6\nE002 2:1\n");
	assert_non_null(strstr(ctx->diags.head->msg, "'='"));
}

static void test_control_byte_is_e002_with_its_value(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "a \001 b \177");
	assert_string_equal(kinds(ctx, s), "WORD INVALID WORD INVALID");
	assert_string_equal(diag_summary(ctx), "E002 1:3\nE002 1:7\n");
	assert_non_null(strstr(ctx->diags.head->msg, "0x01"));
	assert_non_null(strstr(ctx->diags.tail->msg, "0x7f"));
}

static void test_invalid_utf8_inside_a_string_is_e002(void **state)
{
	struct rbdc_ctx *ctx = *state;
	scan_text(ctx, "project shop\ntag \"caf\xff\xfe\"\ndomain \"x\xc3\"\nname \"\xed\xa0\x80\" \"\\xc0\\xaf\"");
	assert_string_equal(diag_summary(ctx), "E002 2:5\nE002 3:8\nE002 4:6\nE002 4:12\n");
}

static void test_valid_utf8_inside_a_string_is_accepted(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "tag \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80\"\n");
	assert_string_equal(kinds(ctx, s), "WORD STRING NL");
	assert_int_equal(count_diags(ctx), 0);
}

/* ---- strings that look like secrets ---- */

static void test_secret_looking_string_is_masked_in_excerpts(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *password = "pw" "-is-" "long";
	const char *text = arena_printf(&ctx->arena, "env DB \"postgres%sapp:%s@db/app\"\n", "://", password);
	struct scan *s = scan_text(ctx, text);
	assert_string_equal(kinds(ctx, s), "WORD WORD STRING NL");
	diag_report(ctx, DIAG_E013, s->tokens[2].loc, "plaintext secret");
	const char *out = rendered_diags(ctx);
	assert_null(strstr(out, password));
	/* the opening quote and the first character stay, to find the literal; the closing quote stays too */
	size_t hidden = s->tokens[2].loc.end - s->tokens[2].loc.start - 3;
	char *stars = arena_alloc(&ctx->arena, hidden + 1);
	memset(stars, '*', hidden);
	assert_non_null(strstr(out, arena_printf(&ctx->arena, "     1 | env DB \"p%s\"\n", stars)));
}

static void test_ordinary_string_is_not_masked(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "env S3_ENDPOINT \"http://minio:9000\"\n");
	diag_report(ctx, DIAG_E021, s->tokens[2].loc, "m");
	assert_non_null(strstr(rendered_diags(ctx), "     1 | env S3_ENDPOINT \"http://minio:9000\"\n"));
}

/* ---- bracket bookkeeping for "the block opened here is not closed" ---- */

static void test_scanner_remembers_open_brackets(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "a {\n b < c >\n d <");
	assert_int_equal(s->final_depth, 2);
	assert_string_equal(loc_position(ctx, s->open[0]), "1:3");
	assert_string_equal(loc_position(ctx, s->open[1]), "3:4");
}

static void test_wrong_closing_bracket_is_left_to_the_parser(void **state)
{
	/* The scanner returns brackets as written and only counts depth; the grammar reports a '}' closing '<'
	 * (test_parser.c), because only the parser knows which blocks error recovery threw away. */
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "a {\n  b < c }\n  d >\n");
	assert_string_equal(kinds(ctx, s), "WORD { NL WORD < WORD } NL WORD > NL");
	assert_int_equal(s->final_depth, 0);
	assert_string_equal(diag_summary(ctx), "");
}

/* Issue 14 (mutant lexer-mask-dropped): the scanner itself masks a secret-looking string, so the excerpt of any
   diagnostic on its line hides it, even one (a syntax error) reported before the rules that would mask it run.
   The URL is assembled from parts so no secret-shaped text is in the repository. */
static void test_scanner_masks_secret_looking_strings(void **state)
{
	struct rbdc_ctx *ctx = *state;
	const char *hidden = "zq8" "Kw3x" "Vm7";
	const char *text = arena_printf(&ctx->arena, "env DB \"postgres%sapp:%s@db.internal/x\" }\n", ":" "//", hidden);
	struct scan *s = scan_text(ctx, text);
	assert_true(s->n >= 3);
	assert_int_equal(s->tokens[2].kind, T_STRING);
	diag_report(ctx, DIAG_E001, s->tokens[2].loc, "a syntax error on this line");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	diag_render(ctx, f);
	fclose(f);
	assert_non_null(strstr(out, "env DB \"p***")); /* the excerpt is there, the string masked... */
	assert_null(strstr(out, hidden));              /* ...so the password is not */
	free(out);
}

/* The scanner skips the secret scan in the embedded stdlib, on the promise that it holds nothing secret-shaped:
   every stdlib file, read as a program's own text, must give no masked span. The same text with a key in it must
   give one, so the check can fail. */
static void test_stdlib_holds_nothing_secret_shaped(void **state)
{
	struct rbdc_ctx *ctx = *state;
	assert_true(stdlib_file_count > 0);
	for (unsigned i = 0; i < stdlib_file_count; i++) {
		const char *text = stdlib_files[i].text;
		assert_non_null(parse_source(ctx, source_add(ctx, stdlib_files[i].name, text, strlen(text), false), NULL));
		if (ctx->diags.masks)
			fail_msg("stdlib %s holds a literal the secret scanner masks", stdlib_files[i].name);
	}
	const char *key = arena_printf(&ctx->arena, "%s\nengine x { env TOKEN \"%s%s\" }\n", stdlib_files[0].text, "gh" "p_",
				       "Zq3Xw8Rt5Yu1Io9Pa7Sd2Fg4Hj6Kl0MnBv3Cx");
	assert_non_null(parse_source(ctx, source_add(ctx, "key.rbd", key, strlen(key), false), NULL));
	assert_non_null(ctx->diags.masks);
}

static void test_closing_more_than_opened_does_not_underflow(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct scan *s = scan_text(ctx, "} > } a {");
	assert_int_equal(s->final_depth, 1);
	assert_string_equal(loc_position(ctx, s->open[0]), "1:9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kinds_of_a_block_statement, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_angle_brackets_and_comma_are_tokens, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_byte_ranges_of_tokens, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_byte_ranges_continue_across_lines_and_whitespace, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_word_text_is_interned, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_blank_inputs_have_no_tokens, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_paths_start_with_a_slash, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_path_ends_at_separators_brackets_and_comments, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_numbers_sizes_and_durations_are_words, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_ranges_and_percentages_are_words, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_words_hold_dots_dashes_slashes_colons_and_at, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_word_cannot_start_with_a_dash, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_string_token_covers_the_quotes, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_string_escapes_are_unescaped, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_hex_escape_of_a_high_byte, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_empty_string, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comment_and_separators_inside_a_string_are_text, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_non_ascii_inside_a_string_is_accepted, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_escape_is_e002_at_the_backslash, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_hex_escapes_are_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_escape_does_not_hide_the_rest_of_the_string, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_escape_of_a_control_byte_keeps_the_message_printable, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_escape_of_a_nul_byte_has_a_complete_message, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_string_at_end_of_line, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_string_at_end_of_file, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_string_with_escaped_quote, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_string_ending_in_a_backslash_is_one_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_overlong_string_is_e023, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comment_runs_to_end_of_line_and_keeps_the_newline, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_comment_right_after_a_word, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_crlf_reads_like_lf, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_crlf_after_a_path_and_a_comment, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_outside_a_string_is_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_inside_a_string_is_one_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_non_ascii_name_is_one_word_and_one_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_non_ascii_run_alone_is_one_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_stray_ascii_characters_are_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_control_byte_is_e002_with_its_value, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_inside_a_string_is_e002, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_valid_utf8_inside_a_string_is_accepted, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_secret_looking_string_is_masked_in_excerpts, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_ordinary_string_is_not_masked, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_scanner_remembers_open_brackets, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_closing_bracket_is_left_to_the_parser, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_closing_more_than_opened_does_not_underflow, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_scanner_masks_secret_looking_strings, ctx_setup, ctx_teardown),
		cmocka_unit_test_setup_teardown(test_stdlib_holds_nothing_secret_shaped, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
