/* test_emit.c: unit tests of the YAML emitter: exact output, quoting of YAML 1.1 specials, headers, and libyaml read-back. */
#include "testutil_backend.h"

#include <yaml.h>

#include "emit.h"
#include "outdir.h"

/* ---- libyaml read-back --------------------------------------------------------------------------------- */

struct parsed {
	char *scalars[512]; /* malloc'd copies, in document order */
	yaml_scalar_style_t styles[512];
	size_t n;
	int documents;
	bool error;
};

static void parsed_free(struct parsed *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->scalars[i]);
	p->n = 0;
}

/* Parses @len bytes of YAML with libyaml's parser, recording every scalar and its style. */
static void parse_yaml(const char *text, size_t len, struct parsed *out)
{
	memset(out, 0, sizeof *out);
	yaml_parser_t parser;
	assert_true(yaml_parser_initialize(&parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			out->error = true;
			break;
		}
		yaml_event_type_t type = ev.type;
		if (type == YAML_DOCUMENT_START_EVENT)
			out->documents++;
		if (type == YAML_SCALAR_EVENT && out->n < sizeof out->scalars / sizeof out->scalars[0]) {
			char *s = malloc(ev.data.scalar.length + 1);
			memcpy(s, ev.data.scalar.value, ev.data.scalar.length);
			s[ev.data.scalar.length] = '\0';
			out->styles[out->n] = ev.data.scalar.style;
			out->scalars[out->n++] = s;
		}
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
}

/* Emits @doc into a fresh buffer; the caller frees it. */
static struct textbuf emit(const struct ynode *doc, bool explicit_start)
{
	struct textbuf b = {0};
	assert_int_equal(emit_document(&b, doc, explicit_start), 0);
	assert_non_null(b.data);
	assert_int_equal(strlen(b.data), b.len);
	return b;
}

/* ---- strings that must be quoted, and strings that must stay plain ------------------------------------- */

static const char *const specials[] = {
	/* YAML 1.1 booleans, null and their spellings */
	"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE",
	"false", "False", "FALSE", "null", "Null", "NULL", "~",
	/* numbers: decimal, octal, hex, binary, float, exponent, sexagesimal, infinities, NaN, dates */
	"0", "7", "-1", "+1", "010", "0o17", "0x1F", "0b101", "1_000", "1.5", ".5", "1e3", "1E3", "6.02e+23", "1:20",
	"190:20:30", ".inf", ".Inf", "-.inf", "+.inf", ".nan", ".NaN", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
	/* empty and blank */
	"", " ", "  ",
	/* indicators and structure */
	"key: value", "a: b", "ends with colon:", "#comment", "a #b", " leading", "trailing ", "---", "...", "-", "- item",
	"-x", "?", "? x", ":", ",", "[x]", "]", "{y}", "}", "&anchor", "*alias", "!tag", "!!str", "%YAML", "@at", "`tick",
	"|", "|-", ">", ">+", "=", "<<", "'single'", "\"double\"", "it's", "say \"hi\"", "back\\slash",
	/* characters a plain scalar may not carry faithfully */
	"tab\there", "bell\x07", "esc\x1b[0m", "del\x7f", "nbsp\xc2\xa0", "caf\xc3\xa9", "\xe2\x9c\x93 check",
	"http://minio:9000", "ghcr.io/acme/web:1.0.0", "x:y", "a,b", "a b",
};

static const char *const plain[] = {
	"app.kubernetes.io/name", "/api/v1/health", "/", "web", "ReadWriteOnce", "kustomize.config.k8s.io/v1beta1",
	"RuntimeDefault", "ghcr.io/acme/shop-web", "secrets.hashicorp.com/v1beta1", "shop-web", "MC_CONFIG_DIR",
	"_private", "/tmp/.mc", "yesterday", "nothing", "online", "offset", "truely", "nullable", "Yess", "n1", "y2",
	"inf", "nan", "e10", "x1:",
};

static void needs_quotes_for_specials(void **state)
{
	for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
		if (!emit_needs_quotes(specials[i]))
			fail_msg("'%s' would be read back as something else, but is not quoted", specials[i]);
	(void)state;
}

static void needs_quotes_not_for_plain(void **state)
{
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		if (strchr(plain[i], ':'))
			continue; /* conservative: any ':' is quoted; the read-back test checks the value */
		if (emit_needs_quotes(plain[i]))
			fail_msg("'%s' is a plain string, but would be quoted", plain[i]);
	}
	(void)state;
}

/* Byte by byte, between two letters: plain only for letters, digits, '/', '.', '_' and '-' (the emitter's lookup
   table must agree with that definition for all 255 bytes). */
static void needs_quotes_byte_by_byte(void **state)
{
	for (int b = 1; b < 256; b++) {
		char s[4] = {'a', (char)b, 'b', '\0'};
		bool plain_byte = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '/' ||
				  b == '.' || b == '_' || b == '-';
		if (emit_needs_quotes(s) == plain_byte)
			fail_msg("byte 0x%02x between letters: %s, expected %s", b, plain_byte ? "quoted" : "plain",
				 plain_byte ? "plain" : "quoted");
	}
	(void)state;
}

/* A sequence of @n strings, emitted and read back: each must come back equal; @quoted says which styles to expect. */
static void round_trip_strings(const char *const *strings, size_t n, int quoted)
{
	struct arena a;
	arena_init(&a);
	struct ynode *seq = y_seq(&a);
	for (size_t i = 0; i < n; i++)
		y_push_str(&a, seq, strings[i]);
	struct textbuf b = emit(seq, false);
	struct parsed p;
	parse_yaml(b.data, b.len, &p);
	if (p.error)
		fail_msg("libyaml cannot read back:\n%s", b.data);
	assert_int_equal(p.documents, 1);
	assert_int_equal(p.n, n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p.scalars[i], strings[i]) != 0)
			fail_msg("item %zu: wrote '%s', read back '%s'; YAML:\n%s", i, strings[i], p.scalars[i], b.data);
		if (quoted == 1 && p.styles[i] == YAML_PLAIN_SCALAR_STYLE)
			fail_msg("item %zu: '%s' was written plain:\n%s", i, strings[i], b.data);
		if (quoted == 0 && p.styles[i] != YAML_PLAIN_SCALAR_STYLE)
			fail_msg("item %zu: '%s' was quoted:\n%s", i, strings[i], b.data);
	}
	parsed_free(&p);
	textbuf_free(&b);
	arena_fini(&a);
}

static void specials_are_emitted_quoted(void **state)
{
	round_trip_strings(specials, sizeof specials / sizeof specials[0], 1);
	(void)state;
}

static void plain_strings_are_emitted_plain(void **state)
{
	static const char *const simple[] = {"app.kubernetes.io/name", "/api/v1/health", "web", "ReadWriteOnce",
					     "kustomize.config.k8s.io/v1beta1", "/tmp/.mc", "yesterday", "online"};
	round_trip_strings(simple, sizeof simple / sizeof simple[0], 0);
	(void)state;
}

static void tricky_strings_read_back_equal(void **state)
{
	static const char *const tricky[] = {
		"a\nb", "line\n", "two\n\n", "\n", "\n\nafter", "  indented\nnext", "trailing space \nx", "x\n  y\n",
		"tab\tin\nlines", "quote \" and \\ in\nlines", "control \x01 in\nlines", "key: value\n# not a comment",
		"---\n...\n", "unicode \xc3\xa9\n\xe2\x9c\x93", "- a\n- b", "|\n>", "yes\nno",
		"set -eu\nuntil mc alias set store http://files:9000 \"$MINIO_ROOT_USER\" \"$MINIO_ROOT_PASSWORD\"; do\n  sleep 5\ndone\n",
	};
	round_trip_strings(tricky, sizeof tricky / sizeof tricky[0], -1);
	round_trip_strings(specials, sizeof specials / sizeof specials[0], -1);
	round_trip_strings(plain, sizeof plain / sizeof plain[0], -1);
	(void)state;
}

static void special_keys_are_quoted(void **state)
{
	struct arena a;
	arena_init(&a);
	struct ynode *map = y_map(&a);
	static const char *const keys[] = {"on", "y", "null", "1:20", "a: b", "ok", "app.kubernetes.io/name"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		y_put_str(&a, map, keys[i], "v");
	struct textbuf b = emit(map, false);
	struct parsed p;
	parse_yaml(b.data, b.len, &p);
	assert_false(p.error);
	assert_int_equal(p.n, 2 * (sizeof keys / sizeof keys[0]));
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		assert_string_equal(p.scalars[2 * i], keys[i]);
		assert_int_equal(p.styles[2 * i] == YAML_PLAIN_SCALAR_STYLE, i >= 5);
	}
	assert_non_null(strstr(b.data, "\"on\": v\n"));
	assert_non_null(strstr(b.data, "\nok: v\n"));
	parsed_free(&p);
	textbuf_free(&b);
	arena_fini(&a);
	(void)state;
}

static void multiline_is_a_literal_block(void **state)
{
	struct arena a;
	arena_init(&a);
	struct ynode *map = y_map(&a);
	const char *conf = lower_spa_config(&a, 8080, "/usr/share/nginx/html");
	y_put_str(&a, map, "default.conf", conf);
	y_put_str(&a, map, "script", "set -eu\nmc mb --ignore-existing store/uploads\n");
	y_put_str(&a, map, "kept", "one\ntwo");
	struct textbuf b = emit(map, false);
	assert_non_null(strstr(b.data, "default.conf: |\n  # generated by rbdc: serve"));
	assert_non_null(strstr(b.data, "script: |\n  set -eu\n  mc mb --ignore-existing store/uploads\n"));
	assert_non_null(strstr(b.data, "kept: |-\n  one\n  two\n"));
	struct parsed p;
	parse_yaml(b.data, b.len, &p);
	assert_false(p.error);
	assert_int_equal(p.n, 6);
	assert_string_equal(p.scalars[1], conf);
	assert_int_equal(p.styles[1], YAML_LITERAL_SCALAR_STYLE);
	assert_int_equal(p.styles[3], YAML_LITERAL_SCALAR_STYLE);
	assert_string_equal(p.scalars[5], "one\ntwo");
	parsed_free(&p);
	textbuf_free(&b);
	arena_fini(&a);
	(void)state;
}

/* ---- documents ----------------------------------------------------------------------------------------- */

static void document_of_every_node_kind(void **state)
{
	struct arena a;
	arena_init(&a);
	struct ynode *doc = y_map(&a);
	y_put_str(&a, doc, "name", "web");
	y_put_int(&a, doc, "replicas", 3);
	y_put_int(&a, doc, "negative", -5);
	y_put_int(&a, doc, "big", INT64_MAX);
	y_put_int(&a, doc, "least", INT64_MIN);
	y_put_int(&a, doc, "zero", 0);
	y_put_bool(&a, doc, "on", true);
	y_put_bool(&a, doc, "enabled", false);
	y_put_map(&a, doc, "empty_map");
	y_put_seq(&a, doc, "empty_seq");
	struct ynode *list = y_put_seq(&a, doc, "list");
	y_push_str(&a, list, "a");
	y_push_str(&a, list, "b");
	y_put_str(&a, y_put_map(&a, y_put_map(&a, doc, "nested"), "inner"), "deep", "x");
	struct ynode *items = y_put_seq(&a, doc, "items");
	struct ynode *item = y_push_map(&a, items);
	y_put_str(&a, item, "name", "a");
	y_put_str(&a, item, "value", "1");
	y_push(items, y_int(&a, 42));
	y_push(items, y_seq(&a));
	struct textbuf b = emit(doc, false);
	assert_string_equal(b.data, "name: web\n"
				    "replicas: 3\n"
				    "negative: -5\n"
				    "big: 9223372036854775807\n"
				    "least: -9223372036854775808\n"
				    "zero: 0\n"
				    "\"on\": true\n"
				    "enabled: false\n"
				    "empty_map: {}\n"
				    "empty_seq: []\n"
				    "list:\n"
				    "- a\n"
				    "- b\n"
				    "nested:\n"
				    "  inner:\n"
				    "    deep: x\n"
				    "items:\n"
				    "- name: a\n"
				    "  value: \"1\"\n"
				    "- 42\n"
				    "- []\n");
	textbuf_free(&b);
	arena_fini(&a);
	(void)state;
}

static void explicit_start_and_appending(void **state)
{
	struct arena a;
	arena_init(&a);
	struct ynode *one = y_map(&a), *two = y_map(&a);
	y_put_str(&a, one, "kind", "Service");
	y_put_str(&a, two, "kind", "Deployment");
	struct textbuf b = {0};
	assert_int_equal(emit_document(&b, one, false), 0);
	assert_int_equal(emit_document(&b, two, true), 0);
	assert_string_equal(b.data, "kind: Service\n---\nkind: Deployment\n");
	struct parsed p;
	parse_yaml(b.data, b.len, &p);
	assert_false(p.error);
	assert_int_equal(p.documents, 2);
	parsed_free(&p);
	textbuf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	arena_fini(&a);
	(void)state;
}

static void top_level_sequence_and_scalar(void **state)
{
	struct arena a;
	arena_init(&a);
	struct ynode *seq = y_seq(&a);
	y_push_str(&a, seq, "x");
	y_push(seq, y_bool(&a, true));
	struct textbuf b = emit(seq, false);
	assert_string_equal(b.data, "- x\n- true\n");
	textbuf_free(&b);
	b = emit(y_map(&a), false);
	assert_string_equal(b.data, "{}\n");
	textbuf_free(&b);
	arena_fini(&a);
	(void)state;
}

static void invalid_utf8_is_refused(void **state)
{
	struct arena a;
	arena_init(&a);
	struct ynode *doc = y_map(&a);
	y_put_str(&a, doc, "bad", "caf\xe9");
	struct textbuf b = {0};
	assert_int_equal(emit_document(&b, doc, false), -1);
	textbuf_free(&b);
	arena_fini(&a);
	(void)state;
}

static void buffer_grows(void **state)
{
	struct textbuf b = {0};
	char chunk[1000];
	memset(chunk, 'x', sizeof chunk);
	for (int i = 0; i < 50; i++)
		textbuf_append(&b, chunk, sizeof chunk);
	assert_int_equal(b.len, 50000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(strspn(b.data, "x"), 50000);
	textbuf_free(&b);
	(void)state;
}

/* ---- the header ---------------------------------------------------------------------------------------- */

static void header_names_the_source(void **state)
{
	struct textbuf b = {0};
	emit_header(&b, "reactbin.rbd");
	assert_string_equal(b.data, "# generated by rbdc from reactbin.rbd; do not edit\n");
	/* output directories tell generated files by this mark */
	assert_int_equal(strncmp(b.data, OUTDIR_MARK, strlen(OUTDIR_MARK)), 0);
	textbuf_free(&b);
	(void)state;
}

static void header_stays_one_line(void **state)
{
	static const char *const names[][2] = {
		{"evil\nkind: Secret.rbd", "evil?kind: Secret.rbd"},
		{"cr\rlf\r\n.rbd", "cr?lf??.rbd"},
		{"esc\x1b]0;title\x07.rbd", "esc?]0;title?.rbd"},
		{"tab\tdel\x7f.rbd", "tab?del?.rbd"},
		{"caf\xc3\xa9.rbd", "caf??.rbd"},          /* non-ASCII becomes '?': YAML 1.1 has Unicode line breaks */
		{"x\xe2\x80\xa8" "evil: 1.rbd", "x???evil: 1.rbd"}, /* U+2028 LINE SEPARATOR */
		{"caf\xe9.rbd", "caf?.rbd"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct textbuf b = {0};
		emit_header(&b, names[i][0]);
		char expect[128];
		snprintf(expect, sizeof expect, "# generated by rbdc from %s; do not edit\n", names[i][1]);
		assert_string_equal(b.data, expect);
		assert_ptr_equal(strchr(b.data, '\n'), b.data + b.len - 1);
		textbuf_free(&b);
	}
	(void)state;
}

static void header_and_document_read_back(void **state)
{
	/* a hostile file name cannot add a key to the document after the header */
	struct arena a;
	arena_init(&a);
	struct ynode *doc = y_map(&a);
	y_put_str(&a, doc, "kind", "ConfigMap");
	struct textbuf b = {0};
	emit_header(&b, "x\nkind: Secret\ndata:\n  k: v\n#");
	assert_int_equal(emit_document(&b, doc, false), 0);
	struct parsed p;
	parse_yaml(b.data, b.len, &p);
	assert_false(p.error);
	assert_int_equal(p.documents, 1);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.scalars[0], "kind");
	assert_string_equal(p.scalars[1], "ConfigMap");
	parsed_free(&p);
	textbuf_free(&b);
	arena_fini(&a);
	(void)state;
}

/* ---- every lowered object reads back as the tree it came from ------------------------------------------ */

/* The tree's scalars in document order, as a YAML parser reports them (keys included). */
static void flatten(const struct ynode *n, char **out, size_t *k, size_t cap)
{
	if (n->key && *k < cap)
		out[(*k)++] = strdup(n->key);
	char num[32];
	switch (n->kind) {
	case Y_STR:
		if (*k < cap)
			out[(*k)++] = strdup(n->str);
		break;
	case Y_INT:
		snprintf(num, sizeof num, "%lld", (long long)n->num);
		if (*k < cap)
			out[(*k)++] = strdup(num);
		break;
	case Y_BOOL:
		if (*k < cap)
			out[(*k)++] = strdup(n->num ? "true" : "false");
		break;
	case Y_MAP:
	case Y_SEQ:
		for (const struct ynode *c = n->first; c; c = c->next)
			flatten(c, out, k, cap);
		break;
	}
}

static int check_object(void *user, const struct k8s_object *obj)
{
	int *count = user;
	struct textbuf b = {0};
	emit_header(&b, "test.rbd");
	assert_int_equal(emit_document(&b, obj->doc, false), 0);
	struct parsed p;
	parse_yaml(b.data, b.len, &p);
	if (p.error)
		fail_msg("%s does not read back:\n%s", obj->file, b.data);
	char *want[512];
	size_t n = 0;
	flatten(obj->doc, want, &n, 512);
	assert_int_equal(p.n, n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p.scalars[i], want[i]) != 0)
			fail_msg("%s: scalar %zu wrote '%s', read back '%s'", obj->file, i, want[i], p.scalars[i]);
		free(want[i]);
	}
	parsed_free(&p);
	textbuf_free(&b);
	++*count;
	return 0;
}

static void lowered_objects_read_back(void **state)
{
	struct rbdc_ctx *ctx = *state;
	struct compilation c;
	const char *text = edit_all(ctx, VALID_PROGRAM,
				    (const char *const[]){"route / }", "route /; spa; migrate \"run 'a: b' && echo yes\"; env ON \"on\" }",
							  "ingress {",
							  "secret minio-root from vault \"shop/minio\" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }\n"
							  "store files { size 1Gi; bucket uploads; secrets minio-root }\ningress {",
							  NULL});
	assert_int_equal(compile_text(ctx, text, &c), 0);
	int count = 0;
	struct lower_sink sink = {check_object, &count};
	assert_int_equal(lower_program(ctx, &c.model, true, &sink), 0);
	assert_true(count >= 10);
}

/* Pieces (issue 13, parallel emission): documents emitted independently and joined in order give the bytes of one
   stream emitter, including the "..." that ends a stream whose last scalar keeps trailing line breaks, and the
   "..." not being written when such a scalar is in the middle. */
static void pieces_join_into_the_stream(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *values[] = {"plain", "needs: quotes", "two\nlines\n", "kept\nbreaks\n\n", "last"};
	enum { N = sizeof values / sizeof values[0] };
	for (size_t last = 0; last < N; last++) { /* every value once as the stream's last document */
		struct ynode *docs[N + 1];
		size_t n = 0;
		for (size_t i = 0; i < N; i++) {
			struct ynode *doc = y_map(&a);
			y_put_str(&a, doc, "key", values[i]);
			struct ynode *seq = y_put_seq(&a, doc, "list");
			y_push_str(&a, seq, values[(i + 1) % N]);
			y_put_str(&a, doc, "end", values[i]);
			if (i != last)
				docs[n++] = doc;
			else
				docs[N - 1] = doc;
		}
		struct textbuf whole = {0}, joined = {0};
		struct emit_stream *st = emit_stream_open(&whole);
		assert_non_null(st);
		for (size_t i = 0; i < N; i++)
			assert_int_equal(emit_stream_document(st, docs[i]), 0);
		assert_int_equal(emit_stream_close(st), 0);
		bool open = false;
		for (size_t i = 0; i < N; i++)
			assert_int_equal(emit_stream_piece(&joined, docs[i], i == 0, &open), 0);
		emit_stream_end(&joined, open);
		assert_int_equal(joined.len, whole.len);
		assert_memory_equal(joined.data, whole.data, whole.len);
		if (last == 3)
			assert_non_null(strstr(whole.data, "\n...\n")); /* the case is really exercised */
		textbuf_free(&whole);
		textbuf_free(&joined);
	}
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(needs_quotes_for_specials),
		cmocka_unit_test(needs_quotes_not_for_plain),
		cmocka_unit_test(needs_quotes_byte_by_byte),
		cmocka_unit_test(specials_are_emitted_quoted),
		cmocka_unit_test(plain_strings_are_emitted_plain),
		cmocka_unit_test(tricky_strings_read_back_equal),
		cmocka_unit_test(special_keys_are_quoted),
		cmocka_unit_test(multiline_is_a_literal_block),
		cmocka_unit_test(document_of_every_node_kind),
		cmocka_unit_test(explicit_start_and_appending),
		cmocka_unit_test(top_level_sequence_and_scalar),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(buffer_grows),
		cmocka_unit_test(header_names_the_source),
		cmocka_unit_test(header_stays_one_line),
		cmocka_unit_test(header_and_document_read_back),
		cmocka_unit_test(pieces_join_into_the_stream),
		cmocka_unit_test_setup_teardown(lowered_objects_read_back, ctx_setup, ctx_teardown),
	};
	return cmocka_run_group_tests_name("emit", tests, NULL, NULL);
}
