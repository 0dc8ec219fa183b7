/* lsp_features.c: the language features over one compiled document: the CLI's diagnostics, schema hover, completion, definitions, symbols, formatting. */
#include "lsp_features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fmt.h"
#include "parse.h"
#include "schema.h"

/* ---- positions: LSP counts UTF-16 code units, rbdc bytes ---- */

void lsp_lines_init(struct lsp_lines *l, const char *text, size_t len)
{
	l->n = line_starts_fill(text, len, NULL);
	l->starts = xmalloc(l->n * sizeof *l->starts);
	line_starts_fill(text, len, l->starts);
}

/* UTF-16 units of the UTF-8 sequence led by @c: a 4-byte sequence is a surrogate pair; a stray byte counts as one. */
static unsigned utf16_units(unsigned char c)
{
	return c >= 0xF0 && c < 0xF8 ? 2 : 1;
}

static unsigned utf8_length(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 1;
}

json_t *lsp_position(const struct lsp_lines *l, const char *text, size_t len, uint32_t offset)
{
	if (offset > len)
		offset = (uint32_t)len;
	uint32_t line = line_index(l->starts, l->n, offset);
	uint32_t character = 0;
	for (uint32_t i = l->starts[line]; i < offset;) {
		unsigned char c = (unsigned char)text[i];
		character += utf16_units(c);
		i += utf8_length(c);
	}
	return json_pack("{s:i,s:i}", "line", (json_int_t)line, "character", (json_int_t)character);
}

int64_t lsp_offset(const struct lsp_lines *l, const char *text, size_t len, const json_t *position)
{
	json_int_t line, character;
	if (json_unpack((json_t *)position, "{s:I,s:I}", "line", &line, "character", &character) || line < 0 || character < 0)
		return -1;
	if ((uint64_t)line >= l->n)
		return (int64_t)len;
	uint32_t i = l->starts[line];
	for (json_int_t units = 0; i < len && text[i] != '\n' && units < character;) {
		unsigned char c = (unsigned char)text[i];
		units += utf16_units(c);
		i += utf8_length(c);
	}
	return i > len ? (int64_t)len : (int64_t)i;
}

static json_t *range_of(const struct lsp_analysis *a, uint32_t start, uint32_t end)
{
	return json_pack("{s:o,s:o}", "start", lsp_position(&a->lines, a->text, a->len, start), "end",
			 lsp_position(&a->lines, a->text, a->len, end));
}

static json_t *loc_range(const struct lsp_analysis *a, struct rbd_loc loc)
{
	return range_of(a, loc.start, loc.end);
}

/* ---- the compilation ---- */

/* Byte offset of a 1-based line and byte column of the document's source, clamped to the text. */
static uint32_t offset_of(const struct source *src, json_int_t line, json_int_t column)
{
	if (line < 1 || column < 1)
		return 0;
	if ((uint64_t)line > src->n_lines)
		return src->len;
	uint64_t off = (uint64_t)src->line_starts[line - 1] + (uint64_t)(column - 1);
	return off > src->len ? src->len : (uint32_t)off;
}

/* The diagnostics come from the CLI's own JSON renderer, so the language server shows exactly what `rbdc check
   --diagnostics=json` prints: the same order, messages with the [env NAME] tag, notes, and secrets masked the same. */
static void collect_diags(struct lsp_analysis *a)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	if (!mem)
		return;
	diag_render_json(&a->ctx, mem);
	fclose(mem);
	const struct source *doc = a->parsed.file < a->ctx.n_sources ? a->ctx.sources[a->parsed.file] : NULL;
	for (char *line = buf; buf && *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		json_t *d = json_loadb(line, n, 0, NULL);
		line += n + (nl ? 1 : 0);
		if (!d)
			continue;
		const char *file = json_string_value(json_object_get(d, "file"));
		bool here = doc && file && strcmp(file, doc->name) == 0;
		json_int_t l1 = json_integer_value(json_object_get(d, "line")), c1 = json_integer_value(json_object_get(d, "column"));
		json_int_t l2 = json_integer_value(json_object_get(d, "end_line")), c2 = json_integer_value(json_object_get(d, "end_column"));
		uint32_t start = here ? offset_of(doc, l1, c1) : 0, end = here ? offset_of(doc, l2, c2) : 0;
		json_object_set_new(d, "start", json_integer(start));
		json_object_set_new(d, "end", json_integer(end < start ? start : end));
		json_object_set_new(d, "here", json_boolean(here));
		json_array_append_new(a->diags, d);
	}
	free(buf);
}

static void repair_tree(struct lsp_analysis *a, const char *name);

void lsp_analyse(struct lsp_analysis *a, const char *name, const char *text, size_t len)
{
	memset(a, 0, sizeof *a);
	rbdc_ctx_init(&a->ctx);
	a->text = text;
	a->len = (uint32_t)len;
	lsp_lines_init(&a->lines, text, len);
	a->diags = json_array();
	/* front_end in main.c with every_env: the base, then each environment, then the whole-file checks. */
	compile_parse(&a->ctx, name, text, len, &a->parsed);
	struct compilation c;
	compile_model(&a->ctx, &a->parsed, NULL, &c);
	for (const struct environ_decl *e = a->parsed.broken ? NULL : a->parsed.envs.first; e; e = e->next)
		compile_model(&a->ctx, &a->parsed, e, &c);
	compile_finish(&a->ctx, &a->parsed);
	collect_diags(a);
	a->tree = a->parsed.program;
	if (a->parsed.broken && len <= SOURCE_MAX_BYTES)
		repair_tree(a, name);
}

void lsp_analysis_free(struct lsp_analysis *a)
{
	json_decref(a->diags);
	free(a->lines.starts);
	rbdc_ctx_fini(&a->ctx);
	memset(a, 0, sizeof *a);
}

/* ---- diagnostics ---- */

json_t *lsp_diagnostics(struct lsp_analysis *a, const char *uri)
{
	json_t *out = json_array();
	size_t i;
	json_t *d;
	json_array_foreach(a->diags, i, d) {
		bool here = json_is_true(json_object_get(d, "here"));
		const char *message = json_string_value(json_object_get(d, "message"));
		const char *severity = json_string_value(json_object_get(d, "severity"));
		/* A diagnostic about a stdlib file (never expected) is shown at the top, saying where it is. */
		const char *where = here ? NULL : arena_printf(&a->ctx.arena, "%s:%lld: %s", json_string_value(json_object_get(d, "file")),
								 (long long)json_integer_value(json_object_get(d, "line")), message ? message : "");
		json_t *related = json_array();
		size_t k;
		json_t *note;
		json_array_foreach(json_object_get(d, "notes"), k, note) {
			const char *nfile = json_string_value(json_object_get(note, "file"));
			const char *nmsg = json_string_value(json_object_get(note, "message"));
			const struct source *doc = a->ctx.sources[a->parsed.file];
			json_t *range;
			const char *text = NULL;
			if (nfile && strcmp(nfile, doc->name) == 0) {
				uint32_t at = offset_of(doc, json_integer_value(json_object_get(note, "line")),
							json_integer_value(json_object_get(note, "column")));
				range = range_of(a, at, at);
			} else {
				/* A note about the stdlib has no document to point into: it points at the diagnostic. */
				range = range_of(a, (uint32_t)json_integer_value(json_object_get(d, "start")),
						 (uint32_t)json_integer_value(json_object_get(d, "end")));
				text = arena_printf(&a->ctx.arena, "%s:%lld: %s", nfile ? nfile : "?",
						    (long long)json_integer_value(json_object_get(note, "line")), nmsg ? nmsg : "");
			}
			json_array_append_new(related, json_pack("{s:{s:s,s:o},s:s}", "location", "uri", uri, "range", range,
								 "message", text ? text : nmsg ? nmsg : ""));
		}
		json_t *out_d = json_pack("{s:o,s:i,s:s,s:s,s:s,s:o}", "range",
					  range_of(a, (uint32_t)json_integer_value(json_object_get(d, "start")),
						   (uint32_t)json_integer_value(json_object_get(d, "end"))),
					  "severity", (json_int_t)(severity && strcmp(severity, "error") == 0 ? 1 : 2), "code",
					  json_string_value(json_object_get(d, "code")), "source", "rbdc", "message",
					  where ? where : message ? message : "", "relatedInformation", related);
		json_t *env = json_object_get(d, "environment");
		if (env)
			json_object_set_new(out_d, "data", json_pack("{s:O}", "environment", env));
		json_array_append_new(out, out_d);
	}
	return out;
}

/* ---- the syntax tree: scopes, the statement or argument at a position, declarations ---- */

/* The scope of the block that statement @head (at @outer) opens; an environment holds top-level statements. */
static enum scope block_scope(const char *head, enum scope outer)
{
	static const struct {
		const char *head;
		enum scope scope;
	} blocks[] = {
		{"app", SCOPE_APP},         {"store", SCOPE_STORE},     {"secret", SCOPE_SECRET},
		{"vault", SCOPE_VAULT},     {"ingress", SCOPE_INGRESS}, {"job", SCOPE_JOB},
		{"engine", SCOPE_ENGINE},   {"gateway", SCOPE_GATEWAY}, {"defaults", SCOPE_DEFAULTS},
		{"environment", SCOPE_ENVIRONMENT},
	};
	if (outer != SCOPE_TOP && outer != SCOPE_ENVIRONMENT)
		return outer; /* blocks only open at the top level; a stray one keeps its surroundings */
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (strcmp(head, blocks[i].head) == 0)
			return blocks[i].scope;
	return outer;
}

/* The statements of an environment block are the top level's. */
static enum scope lookup_scope(enum scope scope)
{
	return scope == SCOPE_ENVIRONMENT ? SCOPE_TOP : scope;
}

static bool contains(struct rbd_loc loc, uint32_t offset)
{
	return offset >= loc.start && offset <= loc.end;
}

struct found {
	const struct ast_stmt *stmt;
	enum scope scope;          /* the scope @stmt stands in */
	const struct ast_arg *arg; /* the argument at the position, if any */
	unsigned arg_index;
};

/* The innermost statement whose head word or one of whose arguments holds @offset. */
static bool find_at(const struct ast_stmt *first, enum scope scope, uint32_t offset, struct found *f)
{
	for (const struct ast_stmt *s = first; s; s = s->next) {
		if (contains(s->head_loc, offset)) {
			*f = (struct found){s, scope, NULL, 0};
			return true;
		}
		unsigned i = 0;
		for (const struct ast_arg *arg = s->args; arg; arg = arg->next, i++)
			if (contains(arg->loc, offset)) {
				*f = (struct found){s, scope, arg, i};
				return true;
			}
		if (s->body && contains(s->loc, offset) && find_at(s->body, block_scope(s->head, scope), offset, f))
			return true;
	}
	return false;
}

enum ref_kind { REF_NONE, REF_SECRET, REF_APP, REF_APP_OR_STORE, REF_ENGINE };

/* What the arguments of @head (at @scope) name, from argument @index on (`image of APP`: the second). */
static enum ref_kind reference_kind(const char *head, enum scope scope, const char *first_arg, unsigned index)
{
	bool in_workload = scope == SCOPE_APP || scope == SCOPE_JOB || scope == SCOPE_STORE;
	if (!in_workload)
		return REF_NONE;
	if (strcmp(head, "secrets") == 0)
		return REF_SECRET;
	if (strcmp(head, "uses") == 0 && scope != SCOPE_STORE)
		return REF_APP_OR_STORE;
	if (strcmp(head, "image") == 0 && scope != SCOPE_STORE && index == 1 && first_arg && strcmp(first_arg, "of") == 0)
		return REF_APP;
	if (strcmp(head, "engine") == 0 && scope == SCOPE_STORE && index == 0)
		return REF_ENGINE;
	return REF_NONE;
}

static bool kind_matches(enum ref_kind kind, const char *head)
{
	switch (kind) {
	case REF_SECRET: return strcmp(head, "secret") == 0;
	case REF_APP: return strcmp(head, "app") == 0;
	case REF_APP_OR_STORE: return strcmp(head, "app") == 0 || strcmp(head, "store") == 0;
	case REF_ENGINE: return strcmp(head, "engine") == 0;
	case REF_NONE: break;
	}
	return false;
}

/* Declarations are the top level's named blocks; an environment only overrides them (E110), never declares. */
static const struct ast_stmt *find_decl(const struct ast_stmt *program, enum ref_kind kind, const char *name, size_t len)
{
	for (const struct ast_stmt *s = program; s; s = s->next)
		if (s->has_block && s->args && kind_matches(kind, s->head) && s->args->len == len &&
		    memcmp(s->args->text, name, len) == 0)
			return s;
	return NULL;
}

/* ---- hover ---- */

json_t *lsp_hover(struct lsp_analysis *a, uint32_t offset)
{
	struct textbuf md = {0};
	uint32_t start = offset, end = offset;
	bool any = false;
	size_t i;
	json_t *d;
	json_array_foreach(a->diags, i, d) {
		uint32_t s = (uint32_t)json_integer_value(json_object_get(d, "start"));
		uint32_t e = (uint32_t)json_integer_value(json_object_get(d, "end"));
		if (!json_is_true(json_object_get(d, "here")) || offset < s || offset > e)
			continue;
		int code = diag_code_lookup(json_string_value(json_object_get(d, "code")));
		if (code < 0)
			continue;
		/* The text of `rbdc explain CODE`. */
		const struct diag_code_info *info = diag_code_info((enum diag_code)code);
		textbuf_puts(&md, arena_printf(&a->ctx.arena, "%s**%s**: %s (%s)\n\n%s\n", any ? "\n---\n\n" : "", info->name,
					       info->title, info->severity == SEV_ERROR ? "error" : "warning", info->explanation));
		if (!any)
			start = s, end = e;
		any = true;
	}
	struct found f;
	if (a->tree && find_at(a->tree, SCOPE_TOP, offset, &f) && !f.arg) {
		const struct stmt_spec *spec = schema_find(lookup_scope(f.scope), f.stmt->head);
		if (spec) {
			/* The statement's row: usage and what it becomes, as the README table has them. */
			textbuf_puts(&md, arena_printf(&a->ctx.arena, "%s```rbd\n%s\n```\n%s\n\n*%s, %s*\n", any ? "\n---\n\n" : "",
						       spec->usage, spec->doc, schema_scope_name(spec->scope),
						       spec->repeatable ? "repeatable" : "at most once"));
			start = f.stmt->head_loc.start, end = f.stmt->head_loc.end;
			any = true;
		}
	}
	if (!any) {
		textbuf_free(&md);
		return json_null();
	}
	json_t *out = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", md.data, "range",
				range_of(a, start, end));
	textbuf_free(&md);
	return out;
}

/* ---- completion ---- */

enum { COMPLETION_KEYWORD = 14, COMPLETION_REFERENCE = 18, COMPLETION_FIX = 1 };
enum { MAX_DEPTH = 64 };

/* The cursor's context, read from the text rather than the tree so that half-typed input (an unclosed block, a
   statement with no arguments yet) still gives it. */
struct cursor_context {
	enum scope scope;
	uint32_t stmt_start; /* the statement being written starts here */
	uint32_t word_start; /* the word being written */
	bool at_head;        /* the cursor is in the statement's first word */
	char head[32];       /* the statement's first word, when past it */
	char first_arg[32];  /* its first argument, when past it */
	unsigned arg_index;  /* the argument being written */
	char closers[MAX_DEPTH]; /* what closes each open block, innermost last */
	unsigned depth;
};

static bool word_char(char c)
{
	return c && !strchr(" \t\r\n,;{}<>\"#", c);
}

static void copy_word(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void read_context(const char *text, uint32_t offset, struct cursor_context *cx)
{
	enum scope stack[MAX_DEPTH];
	char closers[MAX_DEPTH];
	unsigned depth = 0, overflow = 0;
	enum scope scope = SCOPE_TOP;
	uint32_t stmt_start = 0;
	char last_code = 0; /* the last character outside comments and blanks */
	for (uint32_t i = 0; i < offset; i++) {
		char c = text[i];
		if (c == '"') {
			for (i++; i < offset && text[i] != '"' && text[i] != '\n'; i++)
				if (text[i] == '\\' && i + 1 < offset)
					i++;
			last_code = '"';
			continue;
		}
		if (c == '#') {
			while (i + 1 < offset && text[i + 1] != '\n')
				i++;
			continue;
		}
		if (c == '{' || c == '<') {
			uint32_t h = stmt_start;
			while (h < i && !word_char(text[h]))
				h++;
			uint32_t e = h;
			while (e < i && word_char(text[e]))
				e++;
			char head[32];
			copy_word(head, sizeof head, text + h, e - h);
			if (depth < MAX_DEPTH) {
				closers[depth] = c == '{' ? '}' : '>';
				stack[depth++] = scope;
			} else
				overflow++;
			scope = block_scope(head, scope);
			stmt_start = i + 1;
		} else if (c == '}' || c == '>') {
			if (overflow)
				overflow--;
			else if (depth)
				scope = stack[--depth];
			stmt_start = i + 1;
		} else if (c == ';' || (c == '\n' && last_code != ',')) {
			stmt_start = i + 1;
		}
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			last_code = c;
	}
	memset(cx, 0, sizeof *cx);
	memcpy(cx->closers, closers, depth);
	cx->depth = depth;
	cx->scope = scope;
	cx->stmt_start = stmt_start;
	uint32_t w = offset;
	while (w > stmt_start && word_char(text[w - 1]))
		w--;
	cx->word_start = w;
	/* The words before the cursor's: the head, then the arguments. */
	unsigned words = 0;
	for (uint32_t i = stmt_start; i < w;) {
		while (i < w && !word_char(text[i]))
			i++;
		uint32_t e = i;
		while (e < w && word_char(text[e]))
			e++;
		if (e == i)
			break;
		if (words == 0)
			copy_word(cx->head, sizeof cx->head, text + i, e - i);
		else if (words == 1)
			copy_word(cx->first_arg, sizeof cx->first_arg, text + i, e - i);
		words++;
		i = e;
	}
	cx->at_head = words == 0;
	cx->arg_index = words ? words - 1 : 0;
}

static void repair_tree(struct lsp_analysis *a, const char *name)
{
	struct cursor_context cx;
	read_context(a->text, a->len, &cx);
	struct textbuf fixed = {0};
	textbuf_append(&fixed, a->text, a->len);
	for (unsigned i = cx.depth; i-- > 0;) {
		char close[3] = {'\n', cx.closers[i], 0};
		textbuf_puts(&fixed, close);
	}
	textbuf_puts(&fixed, "\n");
	uint32_t file = source_add(&a->ctx, name, fixed.data, fixed.len, false);
	textbuf_free(&fixed);
	uint32_t errors = 0;
	const struct ast_stmt *tree = parse_source(&a->ctx, file, &errors);
	if (tree)
		a->tree = tree;
}

struct items {
	json_t *list;
	struct lsp_analysis *a;
	uint32_t word_start, offset;
};

static bool has_label(const struct items *it, const char *label)
{
	size_t i;
	json_t *item;
	json_array_foreach(it->list, i, item)
		if (strcmp(json_string_value(json_object_get(item, "label")), label) == 0)
			return true;
	return false;
}

/* One item replacing the word being typed, so names with '-' are replaced whole whatever the editor's word rule. */
static void add_item(struct items *it, const char *label, int kind, const char *detail, const char *doc, const char *sort)
{
	if (has_label(it, label))
		return;
	json_t *item = json_pack("{s:s,s:i,s:{s:o,s:s}}", "label", label, "kind", (json_int_t)kind, "textEdit", "range",
				 range_of(it->a, it->word_start, it->offset), "newText", label);
	if (detail)
		json_object_set_new(item, "detail", json_string(detail));
	if (doc)
		json_object_set_new(item, "documentation", json_pack("{s:s,s:s}", "kind", "markdown", "value", doc));
	if (sort)
		json_object_set_new(item, "sortText", json_string(sort));
	json_array_append_new(it->list, item);
}

/* The NAME of "did you mean 'NAME'?" (also "did you mean secret 'NAME'?"), or NULL. */
static char *suggestion_in(const char *text)
{
	const char *p = text ? strstr(text, "did you mean ") : NULL;
	if (!p)
		return NULL;
	const char *open = strchr(p, '\'');
	const char *close = open ? strchr(open + 1, '\'') : NULL;
	const char *stop = strchr(p, '?');
	if (!close || close == open + 1 || (stop && stop < open))
		return NULL;
	return strndup(open + 1, (size_t)(close - open - 1));
}

/* The fixes the diagnostics at the cursor suggest, first in the list. */
static void add_fixes(struct items *it)
{
	size_t i;
	json_t *d;
	json_array_foreach(it->a->diags, i, d) {
		uint32_t s = (uint32_t)json_integer_value(json_object_get(d, "start"));
		uint32_t e = (uint32_t)json_integer_value(json_object_get(d, "end"));
		if (!json_is_true(json_object_get(d, "here")) || it->offset < s || it->word_start > e)
			continue;
		const char *code = json_string_value(json_object_get(d, "code"));
		char detail[64];
		snprintf(detail, sizeof detail, "fix suggested by %s", code ? code : "rbdc");
		char *fix = suggestion_in(json_string_value(json_object_get(d, "message")));
		if (fix)
			add_item(it, fix, COMPLETION_FIX, detail, json_string_value(json_object_get(d, "message")), "0");
		free(fix);
		size_t k;
		json_t *note;
		json_array_foreach(json_object_get(d, "notes"), k, note) {
			fix = suggestion_in(json_string_value(json_object_get(note, "message")));
			if (fix)
				add_item(it, fix, COMPLETION_FIX, detail, json_string_value(json_object_get(note, "message")), "0");
			free(fix);
		}
	}
}

static void add_declared(struct items *it, const struct ast_stmt *first, enum ref_kind kind, const char *detail)
{
	for (const struct ast_stmt *s = first; s; s = s->next)
		if (s->has_block && s->args && kind_matches(kind, s->head)) {
			char label[256];
			copy_word(label, sizeof label, s->args->text, s->args->len);
			char d[320];
			snprintf(d, sizeof d, "%s %s", detail ? detail : s->head, label);
			add_item(it, label, COMPLETION_REFERENCE, d, NULL, "1");
		}
}

json_t *lsp_completion(struct lsp_analysis *a, uint32_t offset)
{
	struct cursor_context cx;
	read_context(a->text, offset, &cx);
	struct items it = {json_array(), a, cx.word_start, offset};
	add_fixes(&it);
	if (cx.at_head) {
		unsigned count;
		const struct stmt_spec *all = schema_all(&count);
		enum scope scope = lookup_scope(cx.scope);
		for (unsigned i = 0; i < count; i++) {
			if (all[i].scope != scope)
				continue;
			/* An environment cannot change the project nor hold another environment (E111). */
			if (cx.scope == SCOPE_ENVIRONMENT && (all[i].id == ST_PROJECT || all[i].id == ST_ENVIRONMENT))
				continue;
			add_item(&it, all[i].name, COMPLETION_KEYWORD, all[i].usage, all[i].doc, "2");
		}
	} else {
		enum ref_kind kind = reference_kind(cx.head, cx.scope, cx.first_arg, cx.arg_index);
		if (kind == REF_NONE && cx.arg_index == 0 && strcmp(cx.head, "image") == 0 &&
		    (cx.scope == SCOPE_APP || cx.scope == SCOPE_JOB))
			add_item(&it, "of", COMPLETION_KEYWORD, "image of APP", "share another app's image", "2");
		add_declared(&it, a->tree, kind, NULL);
		if (kind == REF_ENGINE) {
			add_item(&it, "minio", COMPLETION_REFERENCE, "engine minio (built in, the default)", NULL, "1");
			add_declared(&it, a->parsed.stdlib, kind, "stdlib engine");
		}
	}
	return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", it.list);
}

/* ---- definition ---- */

json_t *lsp_definition(struct lsp_analysis *a, const char *uri, uint32_t offset)
{
	struct found f;
	if (!a->tree || !find_at(a->tree, SCOPE_TOP, offset, &f) || !f.arg)
		return json_null();
	const char *first = f.stmt->args ? f.stmt->args->text : NULL;
	enum ref_kind kind = reference_kind(f.stmt->head, f.scope, first, f.arg_index);
	const struct ast_stmt *decl = kind == REF_NONE ? NULL : find_decl(a->tree, kind, f.arg->text, f.arg->len);
	if (!decl)
		return json_null(); /* undeclared (the diagnostics say so), or a stdlib engine: nothing in the document */
	return json_pack("{s:s,s:o}", "uri", uri, "range", loc_range(a, decl->args->loc));
}

/* ---- document symbols ---- */

enum { SYMBOL_NAMESPACE = 3, SYMBOL_CLASS = 5, SYMBOL_INTERFACE = 11, SYMBOL_FUNCTION = 12, SYMBOL_KEY = 20, SYMBOL_STRUCT = 23 };

static int symbol_kind(const char *head)
{
	static const struct {
		const char *head;
		int kind;
	} kinds[] = {
		{"app", SYMBOL_CLASS},         {"store", SYMBOL_STRUCT}, {"job", SYMBOL_FUNCTION},
		{"secret", SYMBOL_KEY},        {"engine", SYMBOL_INTERFACE}, {"environment", SYMBOL_NAMESPACE},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(head, kinds[i].head) == 0)
			return kinds[i].kind;
	return 0;
}

static json_t *symbols_of(struct lsp_analysis *a, const struct ast_stmt *first)
{
	json_t *out = json_array();
	for (const struct ast_stmt *s = first; s; s = s->next) {
		int kind = symbol_kind(s->head);
		if (!kind || !s->args || !s->has_block || s->args->len == 0)
			continue;
		char name[256];
		copy_word(name, sizeof name, s->args->text, s->args->len);
		json_t *sym = json_pack("{s:s,s:s,s:i,s:o,s:o}", "name", name, "detail", s->head, "kind", (json_int_t)kind, "range",
					loc_range(a, s->loc), "selectionRange", loc_range(a, s->args->loc));
		/* An environment's overrides of named blocks are its children. */
		if (strcmp(s->head, "environment") == 0)
			json_object_set_new(sym, "children", symbols_of(a, s->body));
		json_array_append_new(out, sym);
	}
	return out;
}

json_t *lsp_symbols(struct lsp_analysis *a)
{
	return symbols_of(a, a->tree);
}

/* ---- formatting ---- */

json_t *lsp_format(const char *name, const char *text, size_t len)
{
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	struct textbuf out = {0};
	json_t *result;
	if (fmt_source(&ctx, name, text, len, &out)) {
		/* Syntax errors: no edits (null), as `rbdc fmt` leaves such a file alone; the diagnostics say why. */
		result = json_null();
	} else if (out.len == len && memcmp(out.data, text, len) == 0) {
		result = json_array();
	} else {
		/* One edit replacing the whole document: the printer rebuilds every line anyway. */
		struct lsp_lines lines;
		lsp_lines_init(&lines, text, len);
		result = json_pack("[{s:{s:{s:i,s:i},s:o},s:s%}]", "range", "start", "line", (json_int_t)0, "character",
				   (json_int_t)0, "end", lsp_position(&lines, text, len, (uint32_t)len), "newText", out.data ? out.data : "",
				   out.len);
		free(lines.starts);
	}
	textbuf_free(&out);
	rbdc_ctx_fini(&ctx);
	return result;
}
