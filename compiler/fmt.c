/* fmt.c: the printer behind `rbdc fmt`: syntax tree plus the scanner's comments back to text, in one canonical layout. */
#include "fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "diag.h"
#include "parse.h"

/*
 * The layout, decided once (README, "rbdc fmt"):
 * - two spaces per block level; one statement per line; `{` (or `<`) on the statement's line, `}` on its own line;
 * - a block written on one line stays on one line, spaced `{ a; b }`: short declarations read best that way and the
 *   design's own sketch is one; anywhere else `;`-joined statements are split, one per line; an empty block is `{}`;
 * - one space between arguments, `a, b` where a comma was written (a comma and a space are both list separators, and
 *   which one was used matters to the checks, so it is kept); a list continued after a comma stays continued there,
 *   its later lines aligned under the first argument;
 * - strings re-escaped one way: \n \t \r \\ \" for those, \xHH for other control characters and for code points that
 *   steer a terminal (C1 controls, bidirectional overrides), everything else as itself;
 * - at most one blank line between two statements or comments, where the source had at least one; none at the start
 *   or end of a block or of the file; LF line ends and one final newline;
 * - a comment on a line of its own keeps that line, indented like the statements around it; a comment after code
 *   stays after the same code, at the column it had when the code leaves room for it (so aligned comments stay
 *   aligned), else one space after the code. The output's own columns are its columns, so fmt of fmt is the same.
 */

enum { INDENT = 2, TAB_WIDTH = 8 };

struct out_line {
	char *text;        /* owned by the ctx arena: the code (or own-line comment) with its indentation */
	uint32_t src_line; /* source line of its last token; 0 for a comment line, which takes no trailing comment */
	int32_t comment;   /* index of its trailing comment in the source's list, or -1 */
};

struct printer {
	struct rbdc_ctx *ctx;
	const struct source *src;
	struct textbuf cur;        /* the line being built */
	uint32_t cur_src_line;
	struct out_line *lines;    /* owned: malloc'd, grown as needed */
	size_t n_lines, cap_lines;
	uint32_t next_comment;     /* the first comment not yet placed */
};

static uint32_t line_of(const struct printer *p, uint32_t offset)
{
	uint32_t line, col;
	source_position(p->src, offset, &line, &col);
	return line;
}

static void put(struct printer *p, const char *s, size_t n)
{
	textbuf_append(&p->cur, s, n);
}

static void puts_(struct printer *p, const char *s)
{
	put(p, s, strlen(s));
}

static void begin_line(struct printer *p, uint32_t indent)
{
	p->cur.len = 0;
	for (uint32_t i = 0; i < indent; i++)
		put(p, " ", 1);
}

static void end_line(struct printer *p, uint32_t src_line, int32_t comment)
{
	if (p->n_lines == p->cap_lines) {
		p->cap_lines = p->cap_lines ? p->cap_lines * 2 : 64;
		p->lines = xrealloc(p->lines, p->cap_lines * sizeof *p->lines);
	}
	struct out_line *l = &p->lines[p->n_lines++];
	l->text = arena_strndup(&p->ctx->arena, p->cur.data ? p->cur.data : "", p->cur.len);
	l->src_line = src_line;
	l->comment = comment;
	p->cur.len = 0;
}

static void blank_line(struct printer *p)
{
	p->cur.len = 0;
	end_line(p, 0, -1);
}

/* Length of the well-formed UTF-8 character at @s (at most @n bytes), its code point in @cp; 0 when there is none. */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!len || c > 0xF4 || n < len)
		return 0;
	uint32_t v = c & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* Code points a reader would not see as themselves (the same set the diagnostics escape). */
static bool invisible(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* A string argument (its decoded value) in the one canonical spelling. */
static void put_string(struct printer *p, const char *s, uint32_t len)
{
	put(p, "\"", 1);
	const unsigned char *u = (const unsigned char *)s;
	for (uint32_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = utf8_char(u + i, len - i, &cp);
		char esc[8];
		if (n == 1 && (cp == '"' || cp == '\\')) {
			esc[0] = '\\';
			esc[1] = (char)cp;
			put(p, esc, 2);
		} else if (n == 1 && (cp == '\n' || cp == '\t' || cp == '\r')) {
			puts_(p, cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : "\\r");
		} else if (n == 0 || invisible(cp)) {
			size_t k = n ? n : 1; /* the scanner refuses invalid UTF-8; each byte of an unseen character as \xHH */
			for (size_t j = 0; j < k; j++) {
				snprintf(esc, sizeof esc, "\\x%02x", u[i + j]);
				puts_(p, esc);
			}
			n = k;
		} else {
			put(p, s + i, n);
		}
		i += (uint32_t)n;
	}
	put(p, "\"", 1);
}

static void put_arg(struct printer *p, const struct ast_arg *a)
{
	if (a->kind == ARG_STRING)
		put_string(p, a->text, a->len);
	else
		put(p, a->text, a->len);
}

/* The comment's text from '#', without trailing blanks (a CRLF file's '\r' among them). */
static void comment_text(const struct printer *p, uint32_t index, const char **s, size_t *n)
{
	const struct rbd_comment *c = &p->src->comments[index];
	size_t end = c->loc.end;
	while (end > c->loc.start + 1 && (p->src->text[end - 1] == ' ' || p->src->text[end - 1] == '\t' ||
					  p->src->text[end - 1] == '\r'))
		end--;
	*s = p->src->text + c->loc.start;
	*n = end - c->loc.start;
}

/* Places every comment that starts before @limit. One after code joins the printed line that holds the last code
   before it (every code of its source line was printed by then, since the comment runs to the end of that line); one
   on a line of its own gets its own line at @indent, after a blank line when the source had one (*prev is the last
   source line printed, 0 at the start of a block, where blank lines are dropped). */
static void place_comments(struct printer *p, uint32_t limit, uint32_t indent, uint32_t *prev, bool keep_blank)
{
	while (p->next_comment < p->src->n_comments && p->src->comments[p->next_comment].loc.start < limit) {
		uint32_t i = p->next_comment++;
		const struct rbd_comment *c = &p->src->comments[i];
		uint32_t line = line_of(p, c->loc.start);
		struct out_line *last = p->n_lines ? &p->lines[p->n_lines - 1] : NULL;
		if (!c->own_line && last && last->src_line == line && last->comment < 0) {
			last->comment = (int32_t)i;
			continue;
		}
		/* On a line of its own, or after code that prints nothing (a lone ';'): a line of its own. */
		if (keep_blank && *prev && line > *prev + 1)
			blank_line(p);
		const char *s;
		size_t n;
		comment_text(p, i, &s, &n);
		begin_line(p, indent);
		put(p, s, n);
		end_line(p, 0, -1);
		*prev = line;
	}
}

static bool one_line_block(const struct printer *p, const struct ast_stmt *s)
{
	return line_of(p, s->block_loc.start) == line_of(p, s->loc.end - 1);
}

static bool has_comment_between(const struct printer *p, uint32_t from, uint32_t to)
{
	for (uint32_t i = p->next_comment; i < p->src->n_comments && p->src->comments[i].loc.start < to; i++)
		if (p->src->comments[i].loc.start > from)
			return true;
	return false;
}

static void print_inline(struct printer *p, const struct ast_stmt *s);

/* `{ a; b }` on the current line: a block written on one line holds no comment (a '#' would hide its close). */
static void print_inline_block(struct printer *p, const struct ast_stmt *s)
{
	char open = p->src->text[s->block_loc.start], close = open == '<' ? '>' : '}';
	if (!s->body) {
		char empty[3] = {open, close, '\0'};
		puts_(p, " ");
		puts_(p, empty);
		return;
	}
	char head[3] = {' ', open, '\0'};
	puts_(p, head);
	for (const struct ast_stmt *b = s->body; b; b = b->next) {
		puts_(p, b == s->body ? " " : "; ");
		print_inline(p, b);
	}
	char tail[3] = {' ', close, '\0'};
	puts_(p, tail);
}

static void print_inline(struct printer *p, const struct ast_stmt *s)
{
	puts_(p, s->head);
	for (const struct ast_arg *a = s->args; a; a = a->next) {
		puts_(p, a->after_comma ? ", " : " ");
		put_arg(p, a);
	}
	if (s->has_block)
		print_inline_block(p, s);
}

static void print_body(struct printer *p, const struct ast_stmt *first, uint32_t indent, uint32_t close);

/* One statement at @indent, on lines of its own; p->cur is empty. */
static void print_stmt(struct printer *p, const struct ast_stmt *s, uint32_t indent)
{
	begin_line(p, indent);
	puts_(p, s->head);
	uint32_t src_line = line_of(p, s->head_loc.start);
	uint32_t cont = indent + (uint32_t)strlen(s->head) + 1;
	for (const struct ast_arg *a = s->args; a; a = a->next) {
		uint32_t line = line_of(p, a->loc.start);
		if (a->after_comma && line > src_line) {
			/* The list goes on after the comma on a later line: so does the output, aligned under the first item. */
			put(p, ",", 1);
			end_line(p, src_line, -1);
			uint32_t none = 0;
			place_comments(p, a->loc.start, cont, &none, false);
			begin_line(p, cont);
		} else {
			puts_(p, a->after_comma ? ", " : " ");
		}
		put_arg(p, a);
		src_line = line;
	}
	if (!s->has_block) {
		end_line(p, src_line, -1);
		return;
	}
	uint32_t close = s->loc.end - 1;
	if (!s->body && !has_comment_between(p, s->block_loc.start, close)) {
		char open = p->src->text[s->block_loc.start];
		puts_(p, open == '<' ? " <>" : " {}");
		end_line(p, line_of(p, close), -1);
		return;
	}
	if (one_line_block(p, s)) {
		print_inline_block(p, s);
		end_line(p, line_of(p, close), -1);
		return;
	}
	char open[3] = {' ', p->src->text[s->block_loc.start], '\0'};
	puts_(p, open);
	end_line(p, line_of(p, s->block_loc.start), -1);
	print_body(p, s->body, indent + INDENT, close);
	begin_line(p, indent);
	put(p, p->src->text + close, 1);
	end_line(p, line_of(p, close), -1);
}

/* The statements of a block (or the program) and the comments among them, up to offset @close. */
static void print_body(struct printer *p, const struct ast_stmt *first, uint32_t indent, uint32_t close)
{
	uint32_t prev = 0;
	for (const struct ast_stmt *s = first; s; s = s->next) {
		place_comments(p, s->loc.start, indent, &prev, true);
		uint32_t start = line_of(p, s->loc.start);
		if (prev && start > prev + 1)
			blank_line(p);
		print_stmt(p, s, indent);
		prev = line_of(p, s->loc.end > s->loc.start ? s->loc.end - 1 : s->loc.start);
	}
	place_comments(p, close, indent, &prev, true);
}

/* Display width: one column per UTF-8 character (the output has no tabs outside comments). */
static uint32_t width_of(const char *s)
{
	uint32_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* The 0-based display column of @offset in the source, tabs to the next multiple of TAB_WIDTH. */
static uint32_t source_column(const struct printer *p, uint32_t offset)
{
	uint32_t line = line_of(p, offset);
	uint32_t col = 0;
	for (uint32_t i = p->src->line_starts[line - 1]; i < offset; i++) {
		unsigned char c = (unsigned char)p->src->text[i];
		if (c == '\t')
			col = (col / TAB_WIDTH + 1) * TAB_WIDTH;
		else if ((c & 0xC0) != 0x80)
			col++;
	}
	return col;
}

static void write_lines(const struct printer *p, struct textbuf *out)
{
	for (size_t i = 0; i < p->n_lines; i++) {
		const struct out_line *l = &p->lines[i];
		textbuf_puts(out, l->text);
		if (l->comment >= 0) {
			uint32_t width = width_of(l->text);
			uint32_t want = source_column(p, p->src->comments[l->comment].loc.start);
			uint32_t pad = want > width ? want - width : 1;
			for (uint32_t k = 0; k < pad; k++)
				textbuf_append(out, " ", 1);
			const char *s;
			size_t n;
			comment_text(p, (uint32_t)l->comment, &s, &n);
			textbuf_append(out, s, n);
		}
		textbuf_append(out, "\n", 1);
	}
}

int fmt_source(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct textbuf *out)
{
	if (len > SOURCE_MAX_BYTES) {
		uint32_t file = source_add(ctx, name, "", 0, false);
		struct rbd_loc at = {file, 0, 0};
		return diag_report(ctx, DIAG_E023, at, "the file is %zu bytes; rbdc reads at most %d", len, SOURCE_MAX_BYTES);
	}
	uint32_t file = source_add(ctx, name, text, len, false);
	const struct source *src = ctx->sources[file];
	for (uint32_t i = 0; i < src->n_lines; i++) {
		uint32_t start = src->line_starts[i];
		uint32_t end = i + 1 < src->n_lines ? src->line_starts[i + 1] : src->len;
		if (end - start > SOURCE_MAX_LINE) {
			struct rbd_loc at = {file, start + SOURCE_MAX_LINE, start + SOURCE_MAX_LINE};
			return diag_report(ctx, DIAG_E023, at, "line %u is longer than %d bytes", i + 1, SOURCE_MAX_LINE);
		}
	}
	uint32_t syntax_errors = 0;
	const struct ast_stmt *program = parse_source(ctx, file, &syntax_errors);
	if (syntax_errors || diag_has_errors(ctx))
		return -1;
	struct printer p = {.ctx = ctx, .src = src};
	print_body(&p, program, 0, UINT32_MAX);
	write_lines(&p, out);
	free(p.lines);
	textbuf_free(&p.cur);
	return 0;
}
