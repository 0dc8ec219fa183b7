/* diag.c: diagnostic queue and the gcc-style renderer (location, message [CODE], source line, caret and tildes). */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct diag_code_info code_table[DIAG_CODE_COUNT] = {
#define DIAG_CODE(code, sev, title, text) [DIAG_##code] = {#code, SEV_##sev, title, text},
#include "diag_codes.def"
#undef DIAG_CODE
};

const struct diag_code_info *diag_code_info(enum diag_code code)
{
	return &code_table[code];
}

int diag_code_lookup(const char *name)
{
	for (int i = 0; i < DIAG_CODE_COUNT; i++)
		if (strcasecmp(code_table[i].name, name) == 0)
			return i;
	return -1;
}

bool diag_has_errors(const struct rbdc_ctx *ctx)
{
	return ctx->diags.n_errors > 0 || (ctx->opts.warnings_are_errors && ctx->diags.n_warnings > 0);
}

bool diag_limit_reached(const struct rbdc_ctx *ctx)
{
	return ctx->opts.max_errors > 0 && ctx->diags.n_errors >= (size_t)ctx->opts.max_errors;
}

int diag_report(struct rbdc_ctx *ctx, enum diag_code code, struct rbd_loc loc, const char *fmt, ...)
{
	struct diag_queue *q = &ctx->diags;
	enum diag_severity sev = code_table[code].severity;
	if (sev == SEV_ERROR && diag_limit_reached(ctx)) {
		q->n_dropped++;
		q->last = NULL;
		return -1;
	}
	struct diag *d = arena_alloc(&ctx->arena, sizeof *d);
	d->severity = sev;
	d->code = code;
	d->seq = q->n_errors + q->n_warnings;
	d->loc = loc;
	va_list ap;
	va_start(ap, fmt);
	d->msg = arena_vprintf(&ctx->arena, fmt, ap);
	va_end(ap);
	if (q->tail)
		q->tail->next = d;
	else
		q->head = d;
	q->tail = d;
	q->last = d;
	if (sev == SEV_ERROR)
		q->n_errors++;
	else
		q->n_warnings++;
	return -1;
}

void diag_note(struct rbdc_ctx *ctx, const struct rbd_loc *loc, const char *fmt, ...)
{
	struct diag *d = ctx->diags.last;
	if (!d)
		return;
	struct diag_note *n = arena_alloc(&ctx->arena, sizeof *n);
	if (loc) {
		n->has_loc = true;
		n->loc = *loc;
	}
	va_list ap;
	va_start(ap, fmt);
	n->msg = arena_vprintf(&ctx->arena, fmt, ap);
	va_end(ap);
	if (d->notes_tail)
		d->notes_tail->next = n;
	else
		d->notes = n;
	d->notes_tail = n;
}

struct diag_mask {
	struct rbd_loc loc;
	struct diag_mask *next;
};

void diag_mask(struct rbdc_ctx *ctx, struct rbd_loc loc)
{
	struct diag_mask *m = arena_alloc(&ctx->arena, sizeof *m);
	m->loc = loc;
	m->next = ctx->diags.masks;
	ctx->diags.masks = m;
}

struct style {
	const char *bold, *error, *warning, *note, *caret, *reset;
};

static const struct style plain_style = {"", "", "", "", "", ""};
static const struct style color_style = {"\033[1m", "\033[1;31m", "\033[1;35m", "\033[1;36m", "\033[1;32m", "\033[0m"};

/* Control bytes would let a hostile file drive the terminal, so they print as '?'; tabs stay so the caret lines up. */
static void put_source_byte(FILE *out, unsigned char c)
{
	fputc(c == '\t' || c >= 0x20 ? (c == 0x7f ? '?' : c) : '?', out);
}

/* A secret's first two characters help find it; the rest never reaches a terminal or a CI log. */
static bool masked(const struct diag_mask *masks, uint32_t file, uint32_t i)
{
	for (const struct diag_mask *m = masks; m; m = m->next)
		if (m->loc.file == file && i >= m->loc.start + 2 && i + 1 < m->loc.end)
			return true; /* the last byte is usually the closing quote */
	return false;
}

static void render_excerpt(const struct source *src, const struct diag_mask *masks, struct rbd_loc loc, const struct style *st,
			   FILE *out)
{
	uint32_t line, col;
	source_position(src, loc.start, &line, &col);
	uint32_t line_start = src->line_starts[line - 1];
	uint32_t line_end = line_start;
	while (line_end < src->len && src->text[line_end] != '\n')
		line_end++;
	if (line_end > line_start && src->text[line_end - 1] == '\r')
		line_end--;
	uint32_t start = loc.start < line_end ? loc.start : line_end;
	uint32_t end = loc.end < line_end ? loc.end : line_end;
	if (end <= start)
		end = start + 1;
	/* A very long line is shown as a window around the spot, so one diagnostic stays a few lines of text. */
	enum { WINDOW_BEFORE = 60, WINDOW_AFTER = 100 };
	bool cut_left = false, cut_right = false;
	if (start - line_start > WINDOW_BEFORE + 20) {
		line_start = start - WINDOW_BEFORE;
		while (line_start < start && ((unsigned char)src->text[line_start] & 0xC0) == 0x80)
			line_start++; /* do not start inside a UTF-8 character */
		cut_left = true;
	}
	if (line_end - start > WINDOW_AFTER + 20) {
		line_end = start + WINDOW_AFTER;
		while (line_end > start && ((unsigned char)src->text[line_end] & 0xC0) == 0x80)
			line_end--;
		cut_right = true;
		if (end > line_end)
			end = line_end;
	}

	int width = snprintf(NULL, 0, "%u", line);
	if (width < 5)
		width = 5;
	fprintf(out, " %*u | %s", width, line, cut_left ? "..." : "");
	for (uint32_t i = line_start; i < line_end; i++)
		put_source_byte(out, masked(masks, loc.file, i) ? '*' : (unsigned char)src->text[i]);
	fprintf(out, "%s\n %*s | %s", cut_right ? "..." : "", width, "", cut_left ? "   " : "");
	for (uint32_t i = line_start; i < start; i++) {
		unsigned char c = (unsigned char)src->text[i];
		if ((c & 0xC0) == 0x80)
			continue; /* one column per UTF-8 character, not per byte */
		fputc(c == '\t' ? '\t' : ' ', out);
	}
	fputs(st->caret, out);
	for (uint32_t i = start; i < end; i++) {
		unsigned char c = i < line_end ? (unsigned char)src->text[i] : ' ';
		if ((c & 0xC0) == 0x80)
			continue;
		fputc(i == start ? '^' : '~', out);
	}
	fprintf(out, "%s\n", st->reset);
}

static void print_location(const struct rbdc_ctx *ctx, struct rbd_loc loc, const struct style *st, FILE *out)
{
	const struct source *src = ctx->sources[loc.file];
	uint32_t line, col;
	source_position(src, loc.start, &line, &col);
	fprintf(out, "%s%s:%u:%u:%s ", st->bold, src->name, line, col, st->reset);
}

static int compare_diags(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a, *y = *(const struct diag *const *)b;
	if (x->loc.file != y->loc.file)
		return x->loc.file < y->loc.file ? -1 : 1;
	if (x->loc.start != y->loc.start)
		return x->loc.start < y->loc.start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The queued diagnostics in source order; arena-owned. */
static struct diag **sorted_diags(struct rbdc_ctx *ctx, size_t *count)
{
	size_t n = 0;
	for (struct diag *d = ctx->diags.head; d; d = d->next)
		n++;
	struct diag **sorted = arena_alloc_array(&ctx->arena, n ? n : 1, sizeof *sorted);
	size_t i = 0;
	for (struct diag *d = ctx->diags.head; d; d = d->next)
		sorted[i++] = d;
	/* Stages report in their own order; the reader wants source order, ties in report order. */
	qsort(sorted, n, sizeof *sorted, compare_diags);
	*count = n;
	return sorted;
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static const char *severity_name(const struct rbdc_ctx *ctx, const struct diag *d)
{
	return d->severity == SEV_ERROR || ctx->opts.warnings_are_errors ? "error" : "warning";
}

/* 1-based line and column of both ends; the end column is exclusive, as in SARIF. */
static void span(const struct rbdc_ctx *ctx, struct rbd_loc loc, uint32_t *l1, uint32_t *c1, uint32_t *l2, uint32_t *c2)
{
	const struct source *src = ctx->sources[loc.file];
	source_position(src, loc.start, l1, c1);
	source_position(src, loc.end > loc.start ? loc.end : loc.start + 1, l2, c2);
}

void diag_render_json(struct rbdc_ctx *ctx, FILE *out)
{
	size_t n;
	struct diag **sorted = sorted_diags(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = sorted[i];
		uint32_t l1, c1, l2, c2;
		span(ctx, d->loc, &l1, &c1, &l2, &c2);
		fputs("{\"file\":", out);
		json_string(out, ctx->sources[d->loc.file]->name);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u,\"severity\":\"%s\",\"code\":\"%s\",\"message\":",
			l1, c1, l2, c2, severity_name(ctx, d), code_table[d->code].name);
		json_string(out, d->msg);
		fputs(",\"notes\":[", out);
		for (const struct diag_note *note = d->notes; note; note = note->next) {
			struct rbd_loc at = note->has_loc ? note->loc : d->loc;
			uint32_t nl, nc;
			source_position(ctx->sources[at.file], at.start, &nl, &nc);
			fputs(note == d->notes ? "{\"file\":" : ",{\"file\":", out);
			json_string(out, ctx->sources[at.file]->name);
			fprintf(out, ",\"line\":%u,\"column\":%u,\"message\":", nl, nc);
			json_string(out, note->msg);
			fputc('}', out);
		}
		fputs("]}\n", out);
	}
}

void diag_sarif_begin(FILE *out)
{
	fputs("{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{\"tool\":{\"driver\":{"
	      "\"name\":\"rbdc\",\"version\":\"" RBDC_VERSION "\",\"rules\":[",
	      out);
	for (int i = 0; i < DIAG_CODE_COUNT; i++) {
		fprintf(out, "%s{\"id\":\"%s\",\"shortDescription\":{\"text\":", i ? "," : "", code_table[i].name);
		json_string(out, code_table[i].title);
		fputs("},\"fullDescription\":{\"text\":", out);
		json_string(out, code_table[i].explanation);
		fprintf(out, "},\"defaultConfiguration\":{\"level\":\"%s\"}}", code_table[i].severity == SEV_ERROR ? "error" : "warning");
	}
	fputs("]}},\"results\":[", out);
}

static void sarif_location(const struct rbdc_ctx *ctx, struct rbd_loc loc, FILE *out)
{
	uint32_t l1, c1, l2, c2;
	span(ctx, loc, &l1, &c1, &l2, &c2);
	fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
	json_string(out, ctx->sources[loc.file]->name);
	fprintf(out, "},\"region\":{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u}}", l1, c1, l2, c2);
}

void diag_render_sarif(struct rbdc_ctx *ctx, FILE *out, bool *first_result)
{
	size_t n;
	struct diag **sorted = sorted_diags(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = sorted[i];
		fprintf(out, "%s{\"ruleId\":\"%s\",\"level\":\"%s\",\"message\":{\"text\":", *first_result ? "" : ",",
			code_table[d->code].name, severity_name(ctx, d));
		*first_result = false;
		json_string(out, d->msg);
		fputs("},\"locations\":[", out);
		sarif_location(ctx, d->loc, out);
		fputs("}]", out);
		if (d->notes) {
			fputs(",\"relatedLocations\":[", out);
			for (const struct diag_note *note = d->notes; note; note = note->next) {
				fputs(note == d->notes ? "" : ",", out);
				sarif_location(ctx, note->has_loc ? note->loc : d->loc, out);
				fputs(",\"message\":{\"text\":", out);
				json_string(out, note->msg);
				fputs("}}", out);
			}
			fputc(']', out);
		}
		fputc('}', out);
	}
}

void diag_sarif_end(FILE *out)
{
	fputs("]}]}\n", out);
}

void diag_render(struct rbdc_ctx *ctx, FILE *out)
{
	const struct style *st = ctx->opts.color == COLOR_ALWAYS ? &color_style : &plain_style;
	size_t n;
	struct diag **sorted = sorted_diags(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = sorted[i];
		bool as_error = d->severity == SEV_ERROR || ctx->opts.warnings_are_errors;
		print_location(ctx, d->loc, st, out);
		fprintf(out, "%s%s:%s %s [%s]\n", as_error ? st->error : st->warning, as_error ? "error" : "warning", st->reset,
			d->msg, code_table[d->code].name);
		render_excerpt(ctx->sources[d->loc.file], ctx->diags.masks, d->loc, st, out);
		for (const struct diag_note *note = d->notes; note; note = note->next) {
			print_location(ctx, note->has_loc ? note->loc : d->loc, st, out);
			fprintf(out, "%snote:%s %s\n", st->note, st->reset, note->msg);
		}
	}
	if (ctx->diags.n_dropped)
		fprintf(out, "rbdc: note: %zu more error%s not shown (--max-errors %d)\n", ctx->diags.n_dropped,
			ctx->diags.n_dropped == 1 ? "" : "s", ctx->opts.max_errors);
	else if (diag_limit_reached(ctx))
		fprintf(out, "rbdc: note: stopped after %d errors; there may be more (--max-errors %d)\n", ctx->opts.max_errors,
			ctx->opts.max_errors);
}
