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

	fprintf(out, " %5u | ", line);
	for (uint32_t i = line_start; i < line_end; i++)
		put_source_byte(out, masked(masks, loc.file, i) ? '*' : (unsigned char)src->text[i]);
	fprintf(out, "\n       | ");
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

void diag_render(struct rbdc_ctx *ctx, FILE *out)
{
	const struct style *st = ctx->opts.color == COLOR_ALWAYS ? &color_style : &plain_style;
	size_t n = 0;
	for (struct diag *d = ctx->diags.head; d; d = d->next)
		n++;
	if (!n)
		return;
	struct diag **sorted = arena_alloc_array(&ctx->arena, n, sizeof *sorted);
	size_t i = 0;
	for (struct diag *d = ctx->diags.head; d; d = d->next)
		sorted[i++] = d;
	/* Stages report in their own order; the reader wants source order, ties in report order. */
	qsort(sorted, n, sizeof *sorted, compare_diags);
	for (i = 0; i < n; i++) {
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
		fprintf(out, "rbdc: note: %zu more errors not shown (--max-errors %d)\n", ctx->diags.n_dropped,
			ctx->opts.max_errors);
}
