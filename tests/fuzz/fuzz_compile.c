/* fuzz_compile.c: libFuzzer target: any bytes through the whole pipeline, to YAML in memory, and the YAML read back. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

#include "compile.h"
#include "diag.h"
#include "emit.h"
#include "values.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct sink_state {
	struct textbuf buf;
};

/* Every emitted document must be YAML that libyaml parses again. */
static void parse_back(const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "emitted YAML does not parse: %s\n%.*s\n", parser.problem, (int)len, text);
			abort();
		}
		int done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		if (done)
			break;
	}
	yaml_parser_delete(&parser);
}

static int to_memory(void *user, const struct k8s_object *obj)
{
	struct sink_state *s = user;
	s->buf.len = 0;
	emit_header(&s->buf, "fuzz.rbd");
	if (emit_document(&s->buf, obj->doc, false))
		abort(); /* the tree is ours: libyaml must accept it */
	parse_back(s->buf.data, s->buf.len);
	return 0;
}

/* What the renderers write for any input: valid UTF-8 (so JSON parsers accept it) and no control byte but a line end
   or a tab (so nothing drives the terminal); @render's output is checked with @what naming it. */
static void check_rendered(struct rbdc_ctx *ctx, void (*render)(struct rbdc_ctx *, FILE *), const char *what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem)
		abort();
	render(ctx, mem);
	fclose(mem);
	if (!value_utf8_valid(buf, len)) {
		fprintf(stderr, "%s output is not valid UTF-8:\n%.*s\n", what, (int)len, buf);
		abort();
	}
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\t') || buf[i] == 0x7f) {
			fprintf(stderr, "%s output holds control byte 0x%02x:\n%.*s\n", what, (unsigned char)buf[i], (int)len, buf);
			abort();
		}
	free(buf);
}

static void render_sarif(struct rbdc_ctx *ctx, FILE *out)
{
	bool first = true;
	diag_sarif_begin(out);
	diag_render_sarif(ctx, out, &first);
	diag_sarif_end(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rbdc_ctx ctx;
	struct compilation c;
	rbdc_ctx_init(&ctx);
	ctx.opts.max_errors = 50;
	/* The base program, then each environment merged into it, as `rbdc check` does; each accepted one is lowered. */
	struct parsed_program p;
	compile_parse(&ctx, "fuzz.rbd", (const char *)data, size, &p);
	const struct environ_decl *env = NULL;
	do {
		if (compile_model(&ctx, &p, env, &c) == 0) {
			struct sink_state s = {{0}};
			struct lower_sink sink = {to_memory, &s};
			lower_program(&ctx, &c.model, true, &sink);
			textbuf_free(&s.buf);
		}
		env = env ? env->next : p.broken ? NULL : p.envs.first;
	} while (env);
	/* the renderers must cope with every location the stages produce */
	check_rendered(&ctx, diag_render, "text");
	check_rendered(&ctx, diag_render_json, "JSON");
	check_rendered(&ctx, render_sarif, "SARIF");
	rbdc_ctx_fini(&ctx);
	return 0;
}
