/* test_lsp.c: unit tests of the language server's features (compiler/lsp_features.c): UTF-16 positions, the block at
   the cursor, references, formatting; and of its framing (compiler/lsp.c) through a pipe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lsp.h"
#include "lsp_features.h"

static json_t *pos(int line, int character)
{
	return json_pack("{s:i,s:i}", "line", (json_int_t)line, "character", (json_int_t)character);
}

/* Byte offset -> (line, UTF-16 character) -> byte offset, on text with 2-, 3- and 4-byte sequences. */
static void test_positions_count_utf16_units(void **state)
{
	(void)state;
	const char *text = "ab\n\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80x\n";
	size_t len = strlen(text);
	struct lsp_lines l;
	lsp_lines_init(&l, text, len);
	assert_int_equal(l.n, 3);
	static const struct {
		uint32_t offset;
		int line, character;
	} cases[] = {{0, 0, 0}, {2, 0, 2}, {3, 1, 0}, {5, 1, 1}, {8, 1, 2}, {12, 1, 4}, {13, 1, 5}, {14, 2, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *p = lsp_position(&l, text, len, cases[i].offset);
		assert_int_equal(json_integer_value(json_object_get(p, "line")), cases[i].line);
		assert_int_equal(json_integer_value(json_object_get(p, "character")), cases[i].character);
		assert_int_equal(lsp_offset(&l, text, len, p), cases[i].offset);
		json_decref(p);
	}
	/* Past a line's end: its end; past the last line: the end of the text; malformed: -1. */
	json_t *p = pos(0, 99);
	assert_int_equal(lsp_offset(&l, text, len, p), 2);
	json_decref(p);
	p = pos(40, 0);
	assert_int_equal(lsp_offset(&l, text, len, p), (int64_t)len);
	json_decref(p);
	p = pos(-1, 0);
	assert_int_equal(lsp_offset(&l, text, len, p), -1);
	json_decref(p);
	p = json_pack("{s:s}", "line", "1");
	assert_int_equal(lsp_offset(&l, text, len, p), -1);
	json_decref(p);
	free(l.starts);
}

static json_t *complete_at(const char *text, uint32_t offset)
{
	struct lsp_analysis a;
	lsp_analyse(&a, "t.rbd", text, strlen(text));
	json_t *r = lsp_completion(&a, offset);
	lsp_analysis_free(&a);
	return r;
}

static bool has_item(json_t *result, const char *label)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(result, "items"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "label")), label) == 0)
			return true;
	return false;
}

/* Braces in strings and comments do not open blocks; `<` `>` blocks do; a list continued after a comma is one statement. */
static void test_completion_reads_the_block_at_the_cursor(void **state)
{
	(void)state;
	const char *text = "project p # {\nsecret s from vault \"a{b\" <\n  keys A\n  \n";
	json_t *r = complete_at(text, (uint32_t)strlen(text) - 1);
	assert_true(has_item(r, "keys"));
	assert_false(has_item(r, "app"));
	json_decref(r);
	/* After the comma: an argument, so no statement is offered. */
	const char *list = "app a {\n  uses b,\n  ";
	r = complete_at(list, (uint32_t)strlen(list));
	assert_false(has_item(r, "image"));
	json_decref(r);
	const char *closed = "app a { port 1 }\n";
	r = complete_at(closed, (uint32_t)strlen(closed));
	assert_true(has_item(r, "app"));
	assert_false(has_item(r, "port"));
	json_decref(r);
	const char *job = "app web { port 1 }\njob j {\n  image of ";
	r = complete_at(job, (uint32_t)strlen(job));
	assert_true(has_item(r, "web"));
	json_decref(r);
}

static void test_definition_and_symbols(void **state)
{
	(void)state;
	const char *text = "secret s from vault \"p\" { keys A }\napp a {\n  secrets s\n}\nenvironment e {\n  app a { replicas 2 }\n}\n";
	struct lsp_analysis a;
	lsp_analyse(&a, "t.rbd", text, strlen(text));
	json_t *d = lsp_definition(&a, "file:///t.rbd", (uint32_t)(strstr(text, "secrets s") - text + 8));
	json_t *start = json_object_get(json_object_get(d, "range"), "start");
	assert_int_equal(json_integer_value(json_object_get(start, "line")), 0);
	assert_int_equal(json_integer_value(json_object_get(start, "character")), 7);
	json_decref(d);
	json_t *s = lsp_symbols(&a);
	assert_int_equal(json_array_size(s), 3);
	json_t *env = json_array_get(s, 2);
	assert_string_equal(json_string_value(json_object_get(env, "name")), "e");
	assert_int_equal(json_array_size(json_object_get(env, "children")), 1);
	json_decref(s);
	lsp_analysis_free(&a);
	/* While a block is still open (the parser gives up at the end of the file): the same answers. */
	const char *open = "app a { port 1 }\napp b {\n  image of a";
	lsp_analyse(&a, "t.rbd", open, strlen(open));
	assert_true(a.parsed.broken);
	s = lsp_symbols(&a);
	assert_int_equal(json_array_size(s), 2);
	json_decref(s);
	d = lsp_definition(&a, "file:///t.rbd", (uint32_t)strlen(open));
	start = json_object_get(json_object_get(d, "range"), "start");
	assert_int_equal(json_integer_value(json_object_get(start, "character")), 4);
	json_decref(d);
	lsp_analysis_free(&a);
}

static void test_format_refuses_syntax_errors(void **state)
{
	(void)state;
	json_t *r = lsp_format("t.rbd", "app a {\n", 8);
	assert_true(json_is_null(r));
	r = lsp_format("t.rbd", "project p\n", 10);
	assert_int_equal(json_array_size(r), 0);
	json_decref(r);
	r = lsp_format("t.rbd", "project   p", 11);
	assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "newText")), "project p\n");
	json_decref(r);
}

/* The server over a pipe: two messages in one write, then the end of input; the answer and the exit status. */
static void test_server_over_a_pipe(void **state)
{
	(void)state;
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	const char *a = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
	const char *b = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}";
	char msgs[512];
	int n = snprintf(msgs, sizeof msgs, "Content-Length: %zu\r\n\r\n%sContent-Length: %zu\r\n\r\n%s", strlen(a), a, strlen(b), b);
	assert_int_equal(write(in[1], msgs, (size_t)n), n);
	close(in[1]);
	assert_int_equal(lsp_run(in[0], out[1]), 1); /* the input ended without shutdown */
	close(in[0]);
	close(out[1]);
	char buf[4096];
	ssize_t got = read(out[0], buf, sizeof buf - 1);
	close(out[0]);
	assert_true(got > 0);
	buf[got] = 0;
	assert_non_null(strstr(buf, "\"capabilities\""));
	assert_non_null(strstr(buf, "-32601"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions_count_utf16_units),
		cmocka_unit_test(test_completion_reads_the_block_at_the_cursor),
		cmocka_unit_test(test_definition_and_symbols),
		cmocka_unit_test(test_format_refuses_syntax_errors),
		cmocka_unit_test(test_server_over_a_pipe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
